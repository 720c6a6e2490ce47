// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/virtio-iommu.c: a paravirtual IOMMU whose host answers
 * for each endpoint.  Built as a module in Debian (virtio_iommu.ko, loaded
 * after the built-in drivers bound); not built in Debian 6.1.
 */
#include "sim/drivers/drivers.h"

/*
 * QEMU's requester ID for a device (hw/pci/pci.c:pci_device_get_iommu_bus_devfn):
 * walking up, every conventional bus replaces the requester by (bus, 00.0)
 * behind a PCIe-to-PCI bridge, or by the conventional bridge's own RID.
 */
static int qemu_alias_rid(const struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	int rid = iot_rid(p->bus, p->devfn);

	for (int b = c->r->devs[s].parent; b >= 0; b = c->r->devs[b].parent) {
		const struct iot_pci_dev *t = sim_pci(c, b);

		if (t->type == IOT_PCI_PCIE_TO_PCI_BRIDGE)
			rid = iot_rid(t->secondary, 0);
		else if (t->type == IOT_PCI_PCI_BRIDGE)
			rid = iot_rid(t->bus, t->devfn);
	}
	return rid;
}

/*
 * virtio-iommu.c:viommu_probe_device -> viommu_probe_endpoint: a PROBE
 * request for fwspec->ids[0]; QEMU answers only for its own alias of the
 * device, else S_NOENT -> -ENOENT (kernel-rules.md B3).
 */
static int viommu_probe(struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p;
	int alias;

	if (!c->r->devs[s].is_pci)
		return 0;
	p = sim_pci(c, s);
	alias = qemu_alias_rid(c, s);
	if (alias != iot_rid(p->bus, p->devfn)) {
		sim_why(c, s,
			"virtio-iommu PROBE for endpoint of RID 0x%x fails: the host only knows "
			"its alias RID 0x%x (-ENOENT)",
			iot_rid(p->bus, p->devfn), alias);
		return -SIM_ENOENT;
	}
	return 0;
}

static const struct sim_of_match viommu_of_match[] = {
	/* the DT node of a virtio-iommu is its PCI function or a virtio,mmio transport */
	{ "virtio,pci-iommu", NULL },
	{ "pci1af4,1057", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_virtio_iommu_driver = {
	.name = "virtio-iommu",
	.source = "drivers/iommu/virtio-iommu.c",
	.kconfig = "VIRTIO_IOMMU",
	.of_match = viommu_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_VIRTIO,
	.deferred_flush = true,
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	.probe_device = viommu_probe,
	.device_group = sim_bus_device_group, /* viommu_device_group */
};
