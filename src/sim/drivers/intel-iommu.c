// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/intel/iommu.c (with dmar.c): Intel VT-d.  Units (DRHDs)
 * register with no firmware node: the first registration's walk probes
 * every PCI device on every kernel, and intel_iommu_probe_device finds the
 * device's unit by its DMAR scopes (device_lookup_iommu, in the kernel
 * layer: kernel/x86_iommu.h).  Groups come from pci_device_group
 * (docs/kernel-rules.md B4).
 */
#include <stdio.h>

#include "kernel/x86_iommu.h"
#include "sim/drivers/drivers.h"

/* The unit carries what a DMAR said (not only "an intel-vtd unit exists"). */
static bool has_table_data(const struct iot_iommu *u)
{
	return u->model == IOT_IOMMU_INTEL_VTD && (u->x86.n_scopes || u->x86.include_all);
}

/*
 * intel/iommu.c:intel_iommu_setup and dmar.c: whether a unit initialises.
 * arch/x86 "iommu=off" sets no_iommu; "intel_iommu=off" sets dmar_disabled
 * (the default is !CONFIG_INTEL_IOMMU_DEFAULT_ON, taken as on: the Kconfig
 * default; the captures pass intel_iommu=on explicitly).
 */
static bool intel_enabled(struct sim_ctx *c, int iommu, const char **why)
{
	if (c->t->iommus[iommu].x86.duplicate) {
		*why = "a DRHD repeating an earlier one's segment and base "
		       "(dmar.c:dmar_find_dmaru): ignored";
		return false;
	}

	if (iot_dmar_zero_base_unit(c->t) >= 0) {
		*why = "a DRHD has register base 0: dmar.c:dmar_validate_one_drhd fails the DMAR "
		       "(\"Your BIOS is broken; DMAR reported at address 0!\") and "
		       "detect_intel_iommu never installs intel_iommu_init: VT-d is off for every "
		       "unit (and pci_request_acs() is not called)";
		return false;
	}
	return iot_intel_enabled(&c->dconf, &c->cmdline, c->t, why);
}

static bool is_gfx(const struct iot_pci_dev *p)
{
	return (p->class_code >> 16) == 0x03; /* IS_GFX_DEVICE: display controller */
}

/*
 * intel/iommu.c:init_no_remapping_devices with intel_iommu=igfx_off: a
 * scoped DRHD whose every existing scope device is a display controller is
 * ignored (dmar_map_gfx == 0).
 */
static bool drhd_gfx_only(const struct sim_ctx *c, int iommu)
{
	const struct iot_iommu *u = &c->t->iommus[iommu];
	bool any = false;

	if (u->x86.include_all)
		return false;
	for (size_t r = 0; r < c->t->n_roots; r++) {
		const struct iot_pci_root *root = &c->t->roots[r];

		if (root->segment != u->x86.segment)
			continue;
		for (size_t i = 0; i < root->n_devs; i++)
			for (size_t k = 0; k < u->x86.n_scopes; k++) {
				const struct iot_x86_scope *s = &u->x86.scopes[k];

				if ((s->kind != IOT_X86_SCOPE_ENDPOINT &&
				     s->kind != IOT_X86_SCOPE_BRIDGE) ||
				    !iot_dmar_path_matches(root, i, s))
					continue;
				if (!is_gfx(&root->devs[i]))
					return false;
				any = true;
			}
	}
	return any;
}

static int intel_lookup_unit(struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	const struct iot_pci_root *root = &c->t->roots[d->root];
	char bdf[8];
	int via, u = iot_dmar_device_unit(c->t, (size_t)d->root, (size_t)d->idx, &via);

	if (u < 0) {
		sim_why(c, s,
			"no DRHD of segment %u names it, a bridge above it or "
			"INCLUDE_PCI_ALL (intel/iommu.c:device_lookup_iommu): -ENODEV",
			root->segment);
		return IOT_NONE;
	}
	if (c->cmdline.intel_igfx_off && drhd_gfx_only(c, u)) {
		sim_why(c, s,
			"%s covers only graphics and intel_iommu=igfx_off ignores it: "
			"-ENODEV",
			c->t->iommus[u].name);
		return IOT_NONE;
	}
	if (via < 0) {
		sim_why(c, s, "covered by %s: INCLUDE_PCI_ALL for segment %u", c->t->iommus[u].name,
			root->segment);
	} else {
		const struct iot_pci_dev *p = &root->devs[via];

		iot_bdf_format(bdf, p->bus, p->devfn);
		sim_why(c, s, "covered by %s: its device scope names %s%s", c->t->iommus[u].name,
			bdf, via == d->idx ? "" : ", a bridge above it");
	}
	return u;
}

/* intel_iommu_probe_device -> device_lookup_iommu; a unit without its DMAR covers its segment */
static int intel_lookup(struct sim_ctx *c, int s)
{
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (has_table_data(&c->t->iommus[i]))
			return intel_lookup_unit(c, s);
	return sim_lookup_segment_unit(c, s, &sim_intel_iommu_driver);
}

/* Whether @dev is scope device @via or below it (a bridge scope). */
static bool scope_covers(const struct iot_pci_root *r, size_t dev, const struct iot_x86_scope *s)
{
	for (int i = (int)dev, n = 0; i != IOT_NONE && n < 256; i = r->devs[i].parent, n++) {
		if (!iot_dmar_path_matches(r, (size_t)i, s))
			continue;
		return (size_t)i == dev || iot_pci_type_is_bridge(r->devs[i].type);
	}
	return false;
}

/* intel/iommu.c:device_rmrr_is_relaxable: USB and graphics keep working without it */
static bool rmrr_relaxable(const struct iot_pci_dev *p)
{
	return (p->class_code >> 8) == 0x0c03 || is_gfx(p);
}

/*
 * intel/iommu.c:intel_iommu_get_resv_regions: a non-relaxable RMRR scoping
 * the device or a bridge above it is an IOMMU_RESV_DIRECT region.
 */
static bool intel_direct_mapped(const struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	const struct iot_pci_root *r;

	if (!d->is_pci)
		return false;
	r = &c->t->roots[d->root];
	if (rmrr_relaxable(&r->devs[d->idx]))
		return false;
	for (size_t i = 0; i < c->t->n_x86_entries; i++) {
		const struct iot_x86_entry *e = &c->t->x86_entries[i];

		if (e->segment != r->segment || e->kind != IOT_X86_RMRR)
			continue;
		for (size_t k = 0; k < e->n_scopes; k++)
			if (scope_covers(r, (size_t)d->idx, &e->scopes[k]))
				return true;
	}
	return false;
}

/* What device_def_domain_type reads of device @s. */
static struct iot_domain_dev domain_dev(const struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];

	return (struct iot_domain_dev){
		.pci = d->is_pci ? sim_pci(c, s) : NULL,
		.root_bus = d->is_pci && d->parent < 0,
		.untrusted = d->untrusted,
	};
}

/* intel/iommu.c:device_def_domain_type (the rules live in kernel/domain.c) */
static enum iot_domain_type intel_def_domain_type(struct sim_ctx *c, int s, const char **why)
{
	struct iot_domain_dev dev = domain_dev(c, s);
	int u = c->r->devs[s].iommu;

	return iot_intel_def_domain_type(c->k, &c->dconf, &c->cmdline,
					 u >= 0 ? &c->t->iommus[u] : NULL, &dev, why);
}

/*
 * intel/iommu.c:intel_iommu_init: the platform opt-in's identity default
 * (platform_optin_force_iommu, once for all units), then caching mode
 * without first-level tables (per unit)
 */
static void intel_init_dma_mode(struct sim_ctx *c, int iommu, struct iot_dma_mode *m)
{
	bool was_off;
	char buf[256];

	for (int i = 0; i < iommu; i++)
		if (c->iommus[i].available && c->iommus[i].drv == &sim_intel_iommu_driver)
			goto per_unit; /* an earlier unit did the once-only part */
	if (iot_intel_platform_optin(&c->dconf, &c->cmdline, c->t, &was_off) && was_off)
		iot_iommu_set_default_passthrough(
			m, "VT-d off by default but forced on by the platform opt-in (DMAR "
			   "DMA_CTRL_PLATFORM_OPT_IN, an external-facing port): identity for all "
			   "but untrusted devices (intel/iommu.c:platform_optin_force_iommu)");
per_unit:
	if (iot_intel_forces_strict(c->k, iot_intel_sm_enabled(&c->dconf, &c->cmdline), c->t,
				    (size_t)iommu, buf, sizeof(buf)))
		iot_iommu_set_dma_strict(m, buf);
}

const struct sim_driver sim_intel_iommu_driver = {
	.name = "intel-iommu",
	.source = "drivers/iommu/intel/iommu.c",
	.kconfig = "INTEL_IOMMU",
	.family = IOT_FAMILY_INTEL,
	.null_fwnode = true,
	.deferred_flush = true,
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	.instance_enabled = intel_enabled,
	.lookup_device = intel_lookup,
	.def_domain_type = intel_def_domain_type,
	.init_dma_mode = intel_init_dma_mode,
	/* coverage was decided by the DMAR (device_lookup_iommu) */
	.device_group = sim_bus_device_group, /* intel_iommu_device_group */
	.direct_mapped = intel_direct_mapped,
};
