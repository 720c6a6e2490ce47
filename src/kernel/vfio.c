// SPDX-License-Identifier: MIT
#include "kernel/vfio.h"

#include <string.h>

bool iot_vfio_pci_binds(const struct iot_pci_dev *dev)
{
	/* the model's bridge types are the type 1 (and CardBus) headers */
	return !iot_pci_type_is_bridge(dev->type);
}

bool iot_vfio_driver_managed_dma(const char *driver)
{
	static const char *const exact[] = { "vfio-pci", "pci-stub", "pcieport" };

	if (!driver)
		return true;
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (!strcmp(driver, exact[i]))
			return true;
	/*
	 * vfio-pci variant drivers (mlx5_vfio_pci, hisi_acc_vfio_pci,
	 * pds_vfio_pci, virtio_vfio_pci, nvgrace_gpu_vfio_pci, xe-vfio-pci,
	 * ...) all set it: drivers/vfio/pci/, each pci_driver.
	 */
	return strstr(driver, "vfio") != NULL;
}

bool iot_vfio_pci_denylisted(const struct iot_pci_dev *dev)
{
	/* PCI_DEVICE_ID_INTEL_QAT_{C3XXX,C62X,DH895XCC} and their VFs */
	static const uint16_t qat[] = { 0x19e2, 0x19e3, 0x37c8, 0x37c9, 0x0435, 0x0443 };

	if (!dev->has_ids || dev->vendor != 0x8086)
		return false;
	for (size_t i = 0; i < sizeof(qat) / sizeof(qat[0]); i++)
		if (dev->device == qat[i])
			return true;
	return false;
}
