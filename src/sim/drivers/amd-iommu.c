// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/amd/iommu.c (with amd/init.c): AMD-Vi.  Units (IVHDs)
 * register with no firmware node: the first registration's walk probes
 * every PCI device on every kernel, and amd_iommu_probe_device finds the
 * device's unit in the IVRS requester-ID tables (kernel/x86_iommu.h),
 * adding the IVRS alias on the device's bus as a PCI DMA alias; groups
 * come from pci_device_group.
 */
#include <stdio.h>

#include "kernel/x86_iommu.h"
#include "sim/drivers/drivers.h"

static bool has_table_data(const struct iot_iommu *u)
{
	return u->model == IOT_IOMMU_AMD_VI && (u->x86.n_scopes || u->x86.ivhd_type);
}

/* amd/init.c: whether a unit initialises */
static bool amd_enabled(struct sim_ctx *c, int iommu, const char **why)
{
	if (c->t->iommus[iommu].x86.superseded) {
		*why = "an IVHD of a type the kernel does not select "
		       "(amd/init.c: only amd_iommu_target_ivhd_type is used)";
		return false;
	}
	if (iot_ivrs_unit_without_ids(c->t) >= 0) {
		*why = "an IVHD of the type the kernel uses names no device ID: "
		       "amd/init.c:find_last_devid_from_ivhd fails its PCI segment and "
		       "init_iommu_all stops, so no AMD-Vi unit initialises";
		return false;
	}
	if (c->cmdline.iommu_off) {
		*why = "iommu=off on the command line (no_iommu): amd-iommu does not initialise";
		return false;
	}
	if (c->cmdline.amd_off) {
		*why = "amd_iommu=off on the command line (amd/init.c:parse_amd_iommu_options)";
		return false;
	}
	return true;
}

static int amd_lookup_unit(struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	const struct iot_pci_dev *p = sim_pci(c, s);
	uint16_t seg = c->t->roots[d->root].segment, rid = iot_rid(p->bus, p->devfn);
	int u = iot_ivrs_device_unit(c->t, seg, rid, NULL);

	if (u < 0) {
		sim_why(c, s,
			"no IVHD device entry of segment %u covers ID 0x%04x (or it is the "
			"IOMMU itself): amd_iommu_probe_device -ENODEV",
			seg, rid);
		return IOT_NONE;
	}
	sim_why(c, s, "covered by %s: an IVHD device entry names ID 0x%04x", c->t->iommus[u].name,
		rid);
	return u;
}

/* amd_iommu_probe_device -> the rlookup table; a unit without its IVRS covers its segment */
static int amd_lookup(struct sim_ctx *c, int s)
{
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (has_table_data(&c->t->iommus[i]))
			return amd_lookup_unit(c, s);
	return sim_lookup_segment_unit(c, s, &sim_amd_iommu_driver);
}

/*
 * amd/iommu.c:setup_aliases, from amd_iommu_probe_device: an IVRS alias on
 * the device's own bus becomes a PCI DMA alias (pci_add_dma_alias), which
 * pci_device_group then follows.
 */
static int amd_probe(struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	const struct iot_pci_dev *p = sim_pci(c, s);
	uint16_t rid = iot_rid(p->bus, p->devfn), alias = rid;

	(void)iot_ivrs_device_unit(c->t, c->t->roots[d->root].segment, rid, &alias);
	if (alias != rid && (alias >> 8) == p->bus) {
		sim_pci_add_dma_alias(c, s, alias & 0xff);
		sim_why(c, s, "IVRS alias 0x%04x is on its bus: added as a DMA alias", alias);
	} else if (alias != rid) {
		sim_why(c, s,
			"IVRS alias 0x%04x is on another bus: not a DMA alias "
			"(setup_aliases)",
			alias);
	}
	return 0;
}

/*
 * amd/iommu.c:amd_iommu_get_resv_regions: an IVMD unity range naming the
 * device's ID is an IOMMU_RESV_DIRECT region.
 */
static bool amd_direct_mapped(const struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	const struct iot_pci_root *r;
	const struct iot_pci_dev *p;
	uint16_t rid;

	if (!d->is_pci)
		return false;
	r = &c->t->roots[d->root];
	p = &r->devs[d->idx];
	rid = iot_rid(p->bus, p->devfn);
	for (size_t i = 0; i < c->t->n_x86_entries; i++) {
		const struct iot_x86_entry *e = &c->t->x86_entries[i];

		if (e->segment == r->segment && e->kind == IOT_X86_IVMD && (e->flags & 0x09) &&
		    (e->all_devices || (rid >= e->first && rid <= e->last)))
			return true;
	}
	return false;
}

/*
 * amd/init.c:get_global_efr: the EFR every initialised unit shares, from the
 * registers the kernel exported, else the IVHD 11h/40h image; 0 if neither.
 */
static uint64_t global_efr(const struct sim_ctx *c)
{
	uint64_t efr = 0;
	bool first = true;

	for (size_t i = 0; i < c->t->n_iommus; i++) {
		const struct iot_iommu *u = &c->t->iommus[i];
		uint64_t e;

		if (u->model != IOT_IOMMU_AMD_VI || !c->iommus[i].available)
			continue;
		e = u->x86.has_regs ? u->x86.reg_ecap : u->x86.efr;
		efr = first ? e : efr & e;
		first = false;
	}
	return efr;
}

/* amd/iommu.c:amd_iommu_def_domain_type (the rules live in kernel/domain.c) */
static enum iot_domain_type amd_def_domain_type(struct sim_ctx *c, int s, const char **why)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	struct iot_domain_dev dev = {
		.pci = d->is_pci ? sim_pci(c, s) : NULL,
		.root_bus = d->is_pci && d->parent < 0,
		.untrusted = d->untrusted,
	};

	return iot_amd_def_domain_type(c->k, &c->cmdline, global_efr(c), &dev, why);
}

/* amd/init.c:iommu_init_pci: NpCache, "Using strict mode due to virtualization" */
static void amd_init_dma_mode(struct sim_ctx *c, int iommu, struct iot_dma_mode *m)
{
	char buf[256];

	if (!iot_amd_forces_strict(c->k, &c->t->iommus[iommu]))
		return;
	snprintf(buf, sizeof(buf),
		 "%s reports NpCache (capability header bit 26): \"Using strict mode due to "
		 "virtualization\" (amd/init.c:iommu_init_pci)",
		 c->t->iommus[iommu].name);
	iot_iommu_set_dma_strict(m, buf);
}

const struct sim_driver sim_amd_iommu_driver = {
	.name = "amd-iommu",
	.source = "drivers/iommu/amd/iommu.c",
	.kconfig = "AMD_IOMMU",
	.family = IOT_FAMILY_AMD,
	.null_fwnode = true,
	.deferred_flush = true,
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	.instance_enabled = amd_enabled,
	.lookup_device = amd_lookup,
	.probe_device = amd_probe,
	.device_group = sim_bus_device_group,
	.def_domain_type = amd_def_domain_type,
	.init_dma_mode = amd_init_dma_mode,
	.direct_mapped = amd_direct_mapped,
};
