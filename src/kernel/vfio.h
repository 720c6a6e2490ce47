/* SPDX-License-Identifier: MIT */
/*
 * What Linux's VFIO needs to hand a PCI function to a VM, as facts of the
 * kernel (drivers/vfio/, drivers/iommu/iommu.c): which functions vfio-pci
 * binds, which bound drivers leave an IOMMU group claimable, and what makes
 * the IOMMU core refuse VFIO's domain.  Verdicts built on them are in
 * src/report/groups_vfio.c.
 */
#ifndef IOTOPO_KERNEL_VFIO_H
#define IOTOPO_KERNEL_VFIO_H

#include <stdbool.h>

#include "model/model.h"

/*
 * vfio_pci_core.c:vfio_pci_core_register_device refuses functions whose
 * header type is not 0 ("normal"): bridges are never handed to a VM.
 */
bool iot_vfio_pci_binds(const struct iot_pci_dev *dev);

/*
 * A bound driver that leaves the group claimable by VFIO: it set
 * driver_managed_dma (dd.c:really_probe -> pci_dma_configure skips
 * iommu_device_use_default_domain), so iommu.c:iommu_group_claim_dma_owner
 * does not fail with -EBUSY: vfio-pci and its variant drivers, pci-stub,
 * pcieport (c7d469849747, 5.19).  NULL (no driver) is claimable too.
 */
bool iot_vfio_driver_managed_dma(const char *driver);

/*
 * vfio_pci.c:vfio_pci_dev_in_denylist: vfio-pci will not bind it unless
 * loaded with disable_denylist=1 (Intel QAT devices with known errata).
 */
bool iot_vfio_pci_denylisted(const struct iot_pci_dev *dev);

#endif
