// SPDX-License-Identifier: MIT
/*
 * The x86 IOMMU drivers in the simulator: intel-iommu (DMAR) and amd-iommu
 * (IVRS).  Both probe every PCI device from their registration walk on every
 * kernel (no fwspec, no bind-time replay: family.c's null_fwnode) and group
 * PCI devices with pci_device_group; what differs is which unit covers a
 * device (the DMAR scopes / IVHD device entries, resolved by src/x86), the
 * DMA aliases IVRS adds, the reserved regions that need a direct mapping,
 * and the command line that turns the drivers on or off.
 */
#include <stdio.h>
#include <string.h>

#include "sim/sim_priv.h"
#include "x86/x86.h"

/* The unit carries what a DMAR/IVRS said (not only "an intel-vtd exists"). */
static bool has_table_data(const struct iot_iommu *u)
{
	return u->x86.n_scopes || u->x86.include_all || u->x86.ivhd_type;
}

static bool any_table_data(const struct iot_topology *t, enum iot_iommu_model m)
{
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == m && has_table_data(&t->iommus[i]))
			return true;
	return false;
}

bool sim_x86_driver_enabled(struct sim_ctx *c, int iommu)
{
	const struct iot_iommu *u = &c->t->iommus[iommu];

	/* arch/x86 iommu=off sets no_iommu: neither driver initialises */
	if (c->cmdline.iommu_off)
		return false;
	if (u->model == IOT_IOMMU_INTEL_VTD) {
		if (u->x86.duplicate)
			return false; /* dmar.c:dmar_find_dmaru: the same unit again */
		/*
		 * intel/iommu.c:intel_iommu_setup: "off" sets dmar_disabled; the
		 * default is !CONFIG_INTEL_IOMMU_DEFAULT_ON, taken as y (the Kconfig
		 * default; the captures pass intel_iommu=on explicitly).
		 */
		if (c->cmdline.intel_off)
			return false;
		return true;
	}
	if (u->model == IOT_IOMMU_AMD_VI) {
		if (u->x86.superseded)
			return false; /* amd/init.c: only amd_iommu_target_ivhd_type is used */
		/* amd/init.c:parse_amd_iommu_options: "off" disables the driver */
		if (c->cmdline.amd_off)
			return false;
		return true;
	}
	return true;
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

static int intel_unit_for(struct sim_ctx *c, int s)
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

static int amd_unit_for(struct sim_ctx *c, int s)
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

int sim_x86_iommu_for(struct sim_ctx *c, int s)
{
	const struct iot_topology *t = c->t;
	uint16_t seg = t->roots[c->r->devs[s].root].segment;

	if (any_table_data(t, IOT_IOMMU_INTEL_VTD)) {
		int u = intel_unit_for(c, s);

		if (u >= 0 || !any_table_data(t, IOT_IOMMU_AMD_VI))
			return u;
	}
	if (any_table_data(t, IOT_IOMMU_AMD_VI))
		return amd_unit_for(c, s);
	/* a unit described without its table (YAML): it covers its whole segment */
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (sim_family_ops(iot_iommu_family(u->model))->null_fwnode &&
		    u->pci_segment == seg && u->status != IOT_STATUS_DISABLED) {
			sim_why(c, s,
				"covered by %s (segment %u; no DMAR/IVRS scope given, so "
				"INCLUDE_PCI_ALL is assumed)",
				u->name, seg);
			return (int)i;
		}
	}
	return IOT_NONE;
}

/*
 * amd/iommu.c:setup_aliases, from amd_iommu_probe_device: an IVRS alias on
 * the device's own bus becomes a PCI DMA alias (pci_add_dma_alias), which
 * pci_device_group then follows.
 */
int sim_x86_amd_probe(struct sim_ctx *c, int s)
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
 * A reserved region the group must keep identity mapped (IOMMU_RESV_DIRECT,
 * iommu_group->require_direct): a non-relaxable RMRR scoping the device or a
 * bridge above it (intel_iommu_get_resv_regions), or an IVMD unity range
 * naming its ID (amd_iommu_get_resv_regions).
 */
bool sim_x86_direct_mapped(const struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	const struct iot_pci_root *r;
	const struct iot_pci_dev *p;
	int tg = c->target[s];

	if (!d->is_pci || tg < 0)
		return false;
	r = &c->t->roots[d->root];
	p = &r->devs[d->idx];
	for (size_t i = 0; i < c->t->n_x86_entries; i++) {
		const struct iot_x86_entry *e = &c->t->x86_entries[i];
		uint16_t rid = iot_rid(p->bus, p->devfn);

		if (e->segment != r->segment)
			continue;
		if (e->kind == IOT_X86_RMRR && c->t->iommus[tg].model == IOT_IOMMU_INTEL_VTD &&
		    !rmrr_relaxable(p)) {
			for (size_t k = 0; k < e->n_scopes; k++)
				if (scope_covers(r, (size_t)d->idx, &e->scopes[k]))
					return true;
		}
		if (e->kind == IOT_X86_IVMD && c->t->iommus[tg].model == IOT_IOMMU_AMD_VI &&
		    (e->flags & 0x09) && (e->all_devices || (rid >= e->first && rid <= e->last)))
			return true;
	}
	return false;
}

/*
 * intel_iommu_init / amd_iommu_init register their units one after the
 * other, but the first registration's bus walk already probes every device:
 * x86 devices have no fwspec, probe_device finds each device's own unit
 * (device_lookup_iommu, the rlookup table) whether or not that unit has
 * registered yet.  So group numbers follow device ADD order across all units
 * of the driver (kernel-rules.md B4/B5), which marking the driver's other
 * available units registered at the first registration reproduces, with one
 * bus walk for all of them (sim_x86_walk_owner).
 */
void sim_x86_register_siblings(struct sim_ctx *c, int iommu)
{
	enum iot_iommu_family f = iot_iommu_family(c->t->iommus[iommu].model);

	if (f != IOT_FAMILY_INTEL && f != IOT_FAMILY_AMD)
		return;
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (iot_iommu_family(c->t->iommus[i].model) == f && c->iommus[i].available &&
		    !c->iommus[i].late && !c->iommus[i].failed)
			c->iommus[i].registered = true;
}

/* Whose registration walk probes the devices of unit @iommu: the first available unit of its x86 driver. */
int sim_x86_walk_owner(const struct sim_ctx *c, int iommu)
{
	enum iot_iommu_family f = iot_iommu_family(c->t->iommus[iommu].model);

	if (f != IOT_FAMILY_INTEL && f != IOT_FAMILY_AMD)
		return iommu;
	for (int i = 0; i < iommu; i++)
		if (iot_iommu_family(c->t->iommus[i].model) == f && c->iommus[i].available &&
		    !c->iommus[i].late)
			return i;
	return iommu;
}
