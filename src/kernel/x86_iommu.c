// SPDX-License-Identifier: MIT
/*
 * Which x86 IOMMU unit translates a PCI function: the DMAR device lookup of
 * drivers/iommu/intel (dmar.c, iommu.c) and the IVRS requester-ID tables of
 * drivers/iommu/amd/init.c, over the model's PCI hierarchy.
 */
#include "kernel/x86_iommu.h"

#include <stdlib.h>

#include "util/mem.h"

/* Depth of @dev below the root bus (1 = on the root bus); 0 on a broken parent chain. */
static size_t dev_depth(const struct iot_pci_root *r, size_t dev)
{
	size_t depth = 0;

	for (int i = (int)dev; i != IOT_NONE; i = r->devs[i].parent) {
		if (i < 0 || (size_t)i >= r->n_devs || ++depth > 256)
			return 0;
	}
	return depth;
}

bool iot_dmar_path_matches(const struct iot_pci_root *r, size_t dev, const struct iot_x86_scope *s)
{
	const struct iot_pci_dev *d = &r->devs[dev];
	size_t level = dev_depth(r, dev);
	bool exact = level != 0 && level == s->n_path;
	int i = (int)dev;

	/* dmar.c:dmar_match_pci_path: root bus number, then one hop per level */
	for (size_t k = level; exact && k-- > 0; i = r->devs[i].parent) {
		const struct iot_pci_dev *h = &r->devs[i];

		if (s->path[k].dev != h->devfn >> 3 || s->path[k].fn != (h->devfn & 7))
			exact = false;
		if (k == 0 && h->bus != s->start_bus)
			exact = false;
	}
	if (exact)
		return true;
	/* the FW_BUG workaround: a one-hop path taken as bus:dev.fn of the device */
	return s->n_path == 1 && s->start_bus == d->bus && s->path[0].dev == d->devfn >> 3 &&
	       s->path[0].fn == (d->devfn & 7);
}

bool iot_dmar_scope_is_pci(const struct iot_x86_scope *s)
{
	return s->kind == IOT_X86_SCOPE_ENDPOINT || s->kind == IOT_X86_SCOPE_BRIDGE;
}

bool iot_dmar_unit_active(const struct iot_iommu *u)
{
	return u->model == IOT_IOMMU_INTEL_VTD && !u->x86.duplicate;
}

/*
 * The kernel's DRHD list: scoped units added at the head (so in reverse
 * table order), INCLUDE_PCI_ALL units at the tail (dmar_register_drhd_unit).
 * Fills @order with unit indices; returns how many.
 */
static size_t drhd_list(const struct iot_topology *t, int *order, size_t cap)
{
	size_t n = 0;

	for (size_t i = t->n_iommus; i-- > 0 && n < cap;)
		if (iot_dmar_unit_active(&t->iommus[i]) && !t->iommus[i].x86.include_all)
			order[n++] = (int)i;
	for (size_t i = 0; i < t->n_iommus && n < cap; i++)
		if (iot_dmar_unit_active(&t->iommus[i]) && t->iommus[i].x86.include_all)
			order[n++] = (int)i;
	return n;
}

/* dmar.c:dmar_insert_dev_scope's header check: -EINVAL when the scope type lies. */
bool iot_dmar_scope_type_mismatch(const struct iot_pci_dev *d, const struct iot_x86_scope *s)
{
	bool bridge_hdr = iot_pci_type_is_bridge(d->type);

	if (s->kind == IOT_X86_SCOPE_ENDPOINT)
		return bridge_hdr;
	return !bridge_hdr && (d->class_code >> 16) != 0x06;
}

/*
 * dmar.c:dmar_pci_bus_add_dev: the first scoped unit in list order with a
 * scope matching @dev takes it; a type mismatch there makes it no unit's.
 * Returns the unit or IOT_NONE.
 */
static int scope_owner(const struct iot_topology *t, const struct iot_pci_root *r, size_t dev,
		       const int *order, size_t n_order)
{
	for (size_t k = 0; k < n_order; k++) {
		const struct iot_iommu *u = &t->iommus[order[k]];

		if (u->x86.include_all || u->x86.segment != r->segment)
			continue;
		for (size_t j = 0; j < u->x86.n_scopes; j++) {
			const struct iot_x86_scope *s = &u->x86.scopes[j];

			if (!iot_dmar_scope_is_pci(s) || !iot_dmar_path_matches(r, dev, s))
				continue;
			return iot_dmar_scope_type_mismatch(&r->devs[dev], s) ? IOT_NONE : order[k];
		}
	}
	return IOT_NONE;
}

/* intel/iommu.c:is_downstream_to_pci_bridge, over the ancestors of @dev. */
static bool downstream_of(const struct iot_pci_root *r, size_t dev, size_t bridge)
{
	const struct iot_pci_dev *b = &r->devs[bridge];
	const struct iot_pci_dev *d = &r->devs[dev];

	if (!iot_pci_type_is_bridge(b->type))
		return false;
	if (b->secondary || b->subordinate)
		return b->secondary <= d->bus && d->bus <= b->subordinate;
	for (int i = d->parent; i != IOT_NONE; i = r->devs[i].parent)
		if ((size_t)i == bridge)
			return true;
	return false;
}

/* The PF of a VF, from the PFs' SR-IOV offset and stride; @dev itself otherwise. */
static size_t physfn(const struct iot_pci_root *r, size_t dev)
{
	const struct iot_pci_dev *v = &r->devs[dev];
	uint16_t rid = iot_rid(v->bus, v->devfn);

	if (!v->is_vf)
		return dev;
	for (size_t i = 0; i < r->n_devs; i++) {
		const struct iot_pci_dev *p = &r->devs[i];
		uint32_t first = (uint32_t)iot_rid(p->bus, p->devfn) + p->sriov_offset;

		if (p->is_vf || !p->sriov_num_vfs || rid < first)
			continue;
		if (!p->sriov_stride) {
			if (rid == first)
				return i;
			continue;
		}
		if ((rid - first) % p->sriov_stride == 0 &&
		    (rid - first) / p->sriov_stride < p->sriov_num_vfs)
			return i;
	}
	return dev;
}

int iot_dmar_device_unit(const struct iot_topology *t, size_t root, size_t dev, int *via)
{
	const struct iot_pci_root *r;
	int chain[257], owner[257];
	size_t n_order, n_chain = 0;
	int *order, found = IOT_NONE;

	if (via)
		*via = IOT_NONE;
	if (root >= t->n_roots || dev >= t->roots[root].n_devs)
		return IOT_NONE;
	r = &t->roots[root];
	dev = physfn(r, dev);
	if (!dev_depth(r, dev))
		return IOT_NONE;
	order = iot_xmalloc((t->n_iommus ? t->n_iommus : 1) * sizeof(*order));
	n_order = drhd_list(t, order, t->n_iommus);
	for (int i = (int)dev; i != IOT_NONE && n_chain < IOT_ARRAY_SIZE(chain);
	     i = r->devs[i].parent) {
		owner[n_chain] = scope_owner(t, r, (size_t)i, order, n_order);
		chain[n_chain++] = i;
	}
	/*
	 * intel/iommu.c:device_lookup_iommu: per unit in list order, the
	 * device itself in an active scope, or below a bridge in one; then
	 * INCLUDE_PCI_ALL.  Only @dev and its ancestors can be either.
	 */
	for (size_t k = 0; k < n_order && found == IOT_NONE; k++) {
		const struct iot_iommu *u = &t->iommus[order[k]];

		if (u->x86.segment != r->segment)
			continue;
		for (size_t c = 0; c < n_chain && found == IOT_NONE; c++) {
			if (owner[c] != order[k])
				continue;
			if ((size_t)chain[c] == dev || downstream_of(r, dev, (size_t)chain[c])) {
				found = order[k];
				if (via)
					*via = chain[c];
			}
		}
		if (found == IOT_NONE && u->x86.include_all)
			found = order[k];
	}
	free(order);
	return found;
}

static bool ivrs_scope_covers(const struct iot_x86_scope *s, uint16_t devid)
{
	switch (s->kind) {
	case IOT_X86_SCOPE_ALIAS:
		/* set_dev_entry_from_acpi(iommu, devid_to, ...) covers the alias too */
		return (devid >= s->first && devid <= s->last) || devid == s->alias;
	case IOT_X86_SCOPE_ACPI_HID:
	case IOT_X86_SCOPE_IOAPIC:
	case IOT_X86_SCOPE_HPET:
	case IOT_X86_SCOPE_ALL:
	case IOT_X86_SCOPE_IDS:
		return devid >= s->first && devid <= s->last;
	default:
		return false;
	}
}

int iot_ivrs_device_unit(const struct iot_topology *t, uint16_t segment, uint16_t devid,
			 uint16_t *alias)
{
	int unit = IOT_NONE;
	uint16_t al = devid;

	/* amd/init.c:init_iommu_from_acpi: later IVHDs and entries overwrite */
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (u->model != IOT_IOMMU_AMD_VI || u->x86.superseded || u->x86.segment != segment)
			continue;
		for (size_t j = 0; j < u->x86.n_scopes; j++) {
			const struct iot_x86_scope *s = &u->x86.scopes[j];

			if (!ivrs_scope_covers(s, devid))
				continue;
			unit = (int)i;
			if (s->kind == IOT_X86_SCOPE_ALIAS && devid >= s->first && devid <= s->last)
				al = s->alias;
		}
	}
	/* init_iommu_one_late: "Make sure IOMMU is not considered to translate itself" */
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (u->model == IOT_IOMMU_AMD_VI && !u->x86.superseded &&
		    u->x86.segment == segment && u->x86.iommu_devid == devid)
			unit = IOT_NONE;
	}
	if (alias)
		*alias = al;
	return unit;
}

int iot_dmar_zero_base_unit(const struct iot_topology *t)
{
	/* dmar.c:dmar_validate_one_drhd: "if (!drhd->address)" -> -EINVAL, for any DRHD */
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_INTEL_VTD && !t->iommus[i].base &&
		    (t->iommus[i].x86.n_scopes || t->iommus[i].x86.include_all ||
		     t->iommus[i].loc.src == IOT_SRC_DMAR))
			return (int)i;
	return -1;
}

int iot_ivrs_unit_without_ids(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];
		bool ids = false;

		if (u->model != IOT_IOMMU_AMD_VI || u->x86.superseded || u->loc.src != IOT_SRC_IVRS)
			continue;
		/* the entry kinds find_last_devid_from_ivhd counts (a range by its end) */
		for (size_t j = 0; j < u->x86.n_scopes && !ids; j++)
			ids = u->x86.scopes[j].kind == IOT_X86_SCOPE_IDS ||
			      u->x86.scopes[j].kind == IOT_X86_SCOPE_ALIAS ||
			      u->x86.scopes[j].kind == IOT_X86_SCOPE_ALL;
		if (!ids)
			return (int)i;
	}
	return -1;
}
