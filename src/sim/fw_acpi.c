// SPDX-License-Identifier: MIT
/*
 * ACPI: scan.c:acpi_iommu_configure_id.  A PCI function is mapped through
 * its root's IORT root-complex mappings, or failing those its VIOT PCI
 * ranges (kernel/idmap.h: iot_acpi_map_rid), for each requester ID
 * pci_for_each_dma_alias gives it (iort.c:iort_pci_iommu_init,
 * viot.c:viot_pci_dev_iommu_init); a named component through its IORT
 * mappings.  Each ID is added to the fwspec as it is
 * (iort.c:arm_smmu_iort_xlate, viot.c:viot_dev_iommu_init): ACPI calls no
 * driver of_xlate.
 */
#include "sim/fw.h"

/* viot.c:viot_dev_iommu_init: the virtio-iommu's own PCI function is never translated */
static bool iommu_is_self(const struct sim_ctx *c, int iommu, int s)
{
	const struct iot_iommu *u = &c->t->iommus[iommu];
	const struct iot_pci_dev *p;

	if (u->model != IOT_IOMMU_VIRTIO_PCI || !c->r->devs[s].is_pci)
		return false;
	p = sim_pci(c, s);
	return c->t->roots[c->r->devs[s].root].segment == u->pci_segment &&
	       iot_rid(p->bus, p->devfn) == u->pci_bdf;
}

struct map_walk {
	int err;
};

static int map_alias_cb(struct sim_ctx *c, int p, uint16_t rid, void *arg)
{
	struct map_walk *w = arg;
	int s = c->subject;
	const struct iot_pci_root *root = &c->t->roots[c->r->devs[s].root];
	struct iot_map_result res;

	(void)p;
	/* VIOT ranges are per segment, and a root is one segment: the RID is the offset */
	if (iot_acpi_map_rid(c->t, &root->iommu_map, rid, &res) != IOT_MAP_OK) {
		sim_why(c, s, "no %s row for RID 0x%04x: -ENODEV", iot_map_semantics_name(res.sem),
			rid);
		w->err = -SIM_ENODEV;
		return 1;
	}
	if (res.target < 0 || (size_t)res.target >= c->t->n_iommus) {
		w->err = -SIM_ENODEV;
		return 1;
	}
	if (res.sem == IOT_MAP_VIOT && iommu_is_self(c, res.target, s)) {
		sim_why(c, s, "is the virtio-iommu itself (viot_dev_iommu_init): never translated");
		w->err = -SIM_EINVAL;
		return 1;
	}
	w->err = sim_fwspec_init(c, s, res.target);
	if (w->err)
		return 1;
	sim_why(c, s, "RID 0x%04x -> %s ID 0x%x (%s row %zu%s)", rid, sim_iommu_name(c, res.target),
		res.out, iot_map_semantics_name(res.sem), res.row,
		res.overridden ? ", tentative match overridden" : "");
	sim_fwspec_add_ids(c, s, &res.out, 1);
	return 0;
}

int sim_acpi_pci_configure(struct sim_ctx *c, int s)
{
	struct map_walk w = { .err = 0 };

	sim_pci_for_each_dma_alias(c, s, map_alias_cb, &w);
	if (!w.err)
		return 0;
	if (!c->r->devs[s].n_ids || c->target[s] < 0) {
		sim_fwspec_free(c, s);
		return w.err;
	}
	sim_why(c, s, "ACPI keeps the partial fwspec of the aliases mapped so far (UNVERIFIED)");
	return 0;
}

/* iort.c:iort_nc_iommu_map: each single mapping of the named component is one ID */
static int nc_entry(struct sim_ctx *c, int s, const struct iot_dev_iommu *di)
{
	int err = sim_fwspec_init(c, s, di->iommu);

	for (size_t j = 0; j < di->n_ids && !err; j++) {
		/* a mask (only a YAML topology can give one here) is arm-smmu's SMR mask */
		uint32_t id = di->ids[j].has_mask ?
				      (di->ids[j].id & 0xffff) | (di->ids[j].mask & 0xffff) << 16 :
				      di->ids[j].id;

		sim_why(c, s, "iommus entry -> %s ID 0x%x", sim_iommu_name(c, di->iommu), id);
		sim_fwspec_add_ids(c, s, &id, 1);
	}
	return err;
}

int sim_acpi_platform_configure(struct sim_ctx *c, int s)
{
	return sim_platform_walk(c, s, nc_entry);
}
