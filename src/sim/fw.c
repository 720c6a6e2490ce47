// SPDX-License-Identifier: MIT
/*
 * Which IOMMU a device's firmware names, and with which IDs (its fwspec):
 * the drivers that register without a firmware node look devices up
 * themselves (intel device_lookup_iommu, the AMD rlookup table); everything
 * else goes through the firmware walk of the topology's boot firmware,
 * of_iommu (fw_of.c) or IORT/VIOT (fw_acpi.c).  The firmware parse does
 * not depend on time, so each device is resolved once, before the boot.
 */
#include "sim/fw.h"

/* The DMA aliases of a device a null-fwnode driver covers are its IDs (no fwspec). */
static int alias_id_cb(struct sim_ctx *c, int p, uint16_t rid, void *arg)
{
	uint32_t id = rid;

	(void)p;
	(void)arg;
	sim_fwspec_add_ids(c, c->subject, &id, 1);
	return 0;
}

void sim_fw_init(struct sim_ctx *c)
{
	size_t n;
	const struct sim_driver *const *drivers = sim_drivers(&n);

	c->n_lookup_drv = 0;
	c->any_null_fwnode = false;
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (c->iommus[i].drv && c->iommus[i].drv->null_fwnode)
			c->any_null_fwnode = true;
	/* a lookup names only instances its driver drives: skip drivers with none */
	for (size_t i = 0; i < n; i++) {
		bool drives = false;

		for (size_t j = 0; j < c->t->n_iommus && !drives; j++)
			drives = c->iommus[j].drv == drivers[i];
		if (drivers[i]->lookup_device && drives)
			c->lookup_drv[c->n_lookup_drv++] = drivers[i];
	}
}

static int resolve_pci(struct sim_ctx *c, int s)
{
	const struct iot_pci_root *root = &c->t->roots[c->r->devs[s].root];

	c->subject = s;
	for (size_t i = 0; i < c->n_lookup_drv; i++) {
		int u = c->lookup_drv[i]->lookup_device(c, s);

		if (u >= 0) {
			c->target[s] = u;
			sim_pci_for_each_dma_alias(c, s, alias_id_cb, NULL);
			return 0;
		}
	}
	if (c->any_null_fwnode && !root->iommu_map.n)
		return -SIM_ENODEV; /* the drivers' lookups said why */
	if (!root->iommu_map.n) {
		sim_why(c, s, "root %s has no iommu-map / ID mapping: -ENODEV", root->name);
		return -SIM_ENODEV;
	}
	if (c->r->firmware == IOT_FW_DT)
		return sim_of_pci_configure(c, s);
	return sim_acpi_pci_configure(c, s);
}

void sim_resolve_fwspec(struct sim_ctx *c, int s)
{
	c->target[s] = IOT_NONE;
	if (c->r->devs[s].is_pci)
		c->fw_err[s] = resolve_pci(c, s);
	else if (c->r->firmware == IOT_FW_DT)
		c->fw_err[s] = sim_of_platform_configure(c, s);
	else
		c->fw_err[s] = sim_acpi_platform_configure(c, s);
	c->r->devs[s].iommu = c->target[s];
}

int sim_lookup_segment_unit(struct sim_ctx *c, int s, const struct sim_driver *drv)
{
	uint16_t seg = c->t->roots[c->r->devs[s].root].segment;

	for (size_t i = 0; i < c->t->n_iommus; i++) {
		const struct iot_iommu *u = &c->t->iommus[i];

		if (c->iommus[i].drv == drv && u->pci_segment == seg &&
		    u->status != IOT_STATUS_DISABLED) {
			sim_why(c, s,
				"covered by %s (segment %u; no DMAR/IVRS scope given, so "
				"INCLUDE_PCI_ALL is assumed)",
				u->name, seg);
			return (int)i;
		}
	}
	return IOT_NONE;
}

int sim_platform_walk(struct sim_ctx *c, int s, sim_entry_fn entry)
{
	const struct iot_platdev *pd = &c->t->platdevs[c->r->devs[s].idx];

	if (!pd->n_iommus) {
		sim_why(c, s, "no iommus / ID mapping: -ENODEV");
		return -SIM_ENODEV;
	}
	for (size_t i = 0; i < pd->n_iommus; i++) {
		const struct iot_dev_iommu *di = &pd->iommus[i];
		int err;

		if (di->iommu < 0 || (size_t)di->iommu >= c->t->n_iommus)
			continue;
		err = entry(c, s, di);
		if (err) {
			sim_fwspec_free(c, s); /* the fwspec is freed on error */
			return err;
		}
	}
	if (c->target[s] < 0)
		return -SIM_ENODEV;
	return 0;
}
