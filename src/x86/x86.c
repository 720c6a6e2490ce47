// SPDX-License-Identifier: MIT
/*
 * Coverage rules of the intel-iommu and amd-iommu drivers over the model,
 * and the checks that need the PCI hierarchy as well as the table.
 */
#include "x86/x86.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

const char *const iot_x86_scope_kind_names[IOT_X86_SCOPE_OTHER + 2] = {
	[IOT_X86_SCOPE_ENDPOINT] = "endpoint",
	[IOT_X86_SCOPE_BRIDGE] = "bridge",
	[IOT_X86_SCOPE_IOAPIC] = "ioapic",
	[IOT_X86_SCOPE_HPET] = "hpet",
	[IOT_X86_SCOPE_NAMESPACE] = "namespace",
	[IOT_X86_SCOPE_ACPI_HID] = "acpi-hid",
	[IOT_X86_SCOPE_ALL] = "all",
	[IOT_X86_SCOPE_IDS] = "select",
	[IOT_X86_SCOPE_ALIAS] = "alias",
	[IOT_X86_SCOPE_OTHER] = "other",
};

const char *iot_x86_scope_kind_name(enum iot_x86_scope_kind k)
{
	return (unsigned int)k <= IOT_X86_SCOPE_OTHER ? iot_x86_scope_kind_names[k] : "?";
}

const char *iot_x86_entry_kind_name(enum iot_x86_entry_kind k)
{
	switch (k) {
	case IOT_X86_RMRR:
		return "rmrr";
	case IOT_X86_ATSR:
		return "atsr";
	case IOT_X86_SATC:
		return "satc";
	case IOT_X86_IVMD:
		return "ivmd";
	}
	return "?";
}

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

static bool is_pci_scope(const struct iot_x86_scope *s)
{
	return s->kind == IOT_X86_SCOPE_ENDPOINT || s->kind == IOT_X86_SCOPE_BRIDGE;
}

static bool is_active_unit(const struct iot_iommu *u)
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
		if (is_active_unit(&t->iommus[i]) && !t->iommus[i].x86.include_all)
			order[n++] = (int)i;
	for (size_t i = 0; i < t->n_iommus && n < cap; i++)
		if (is_active_unit(&t->iommus[i]) && t->iommus[i].x86.include_all)
			order[n++] = (int)i;
	return n;
}

/* dmar.c:dmar_insert_dev_scope's header check: -EINVAL when the scope type lies. */
static bool scope_type_mismatch(const struct iot_pci_dev *d, const struct iot_x86_scope *s)
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

			if (!is_pci_scope(s) || !iot_dmar_path_matches(r, dev, s))
				continue;
			return scope_type_mismatch(&r->devs[dev], s) ? IOT_NONE : order[k];
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

static void scope_text(char *out, size_t n, const struct iot_x86_scope *s)
{
	int k = snprintf(out, n, "%s %02x", iot_x86_scope_kind_name(s->kind), s->start_bus);

	for (size_t i = 0; i < s->n_path && k > 0 && (size_t)k < n; i++)
		k += snprintf(out + k, n - (size_t)k, "%s%02x.%x", i ? "/" : ":", s->path[i].dev,
			      s->path[i].fn);
}

struct x86_report {
	iot_x86_report_fn fn;
	void *ctx;
};

static void report(const struct x86_report *r, const struct iot_loc *loc, enum iot_rule_id rule,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(const struct x86_report *r, const struct iot_loc *loc, enum iot_rule_id rule,
		   const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->fn(r->ctx, loc, rule, msg);
}

static size_t check_dmar_scopes(const struct iot_topology *t, const char *owner, uint16_t segment,
				const struct iot_x86_scope *v, size_t n, const struct x86_report *d)
{
	size_t found = 0;
	bool have_root = false;

	for (size_t ri = 0; ri < t->n_roots; ri++)
		if (t->roots[ri].segment == segment)
			have_root = true;
	if (!have_root)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct iot_x86_scope *s = &v[i];
		bool hit = false;
		char txt[128];

		if (!is_pci_scope(s) || !s->n_path)
			continue;
		scope_text(txt, sizeof(txt), s);
		for (size_t ri = 0; ri < t->n_roots && !hit; ri++) {
			const struct iot_pci_root *r = &t->roots[ri];

			if (r->segment != segment)
				continue;
			for (size_t j = 0; j < r->n_devs && !hit; j++) {
				if (!iot_dmar_path_matches(r, j, s))
					continue;
				hit = true;
				if (scope_type_mismatch(&r->devs[j], s)) {
					char bdf[8];

					iot_bdf_format(bdf, r->devs[j].bus, r->devs[j].devfn);
					report(d, &s->loc, IOT_RULE_DMAR_SCOPE_MISMATCH,
					       "%s scope %zu (%s) names %s, a %s; Linux refuses "
					       "the scope (\"Device scope type does not match\")",
					       owner, i, txt, bdf,
					       iot_pci_type_name(r->devs[j].type));
					found++;
				}
			}
		}
		if (!hit) {
			report(d, &s->loc, IOT_RULE_DMAR_SCOPE_NO_DEVICE,
			       "%s scope %zu (%s) names no PCI function of segment %u", owner, i,
			       txt, segment);
			found++;
		}
	}
	return found;
}

/* drivers/pci/search.c:pci_for_each_dma_alias: is @alias one @dev may DMA as? */
static bool is_dma_alias(const struct iot_pci_root *r, size_t dev, uint16_t alias)
{
	const struct iot_pci_dev *d = &r->devs[dev];

	if (iot_rid(d->bus, d->devfn) == alias)
		return true;
	for (int i = d->parent, n = 0; i != IOT_NONE && n < 256; i = r->devs[i].parent, n++) {
		const struct iot_pci_dev *b = &r->devs[i];

		switch (b->type) {
		case IOT_PCI_PCIE_TO_PCI_BRIDGE:
			if (iot_rid(b->secondary, 0) == alias)
				return true;
			break;
		case IOT_PCI_PCI_TO_PCIE_BRIDGE:
		case IOT_PCI_PCI_BRIDGE:
			if (iot_rid(b->bus, b->devfn) == alias)
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

static size_t check_ivrs_aliases(const struct iot_topology *t, const struct iot_iommu *u,
				 const struct x86_report *d)
{
	size_t found = 0;

	for (size_t ri = 0; ri < t->n_roots; ri++) {
		const struct iot_pci_root *r = &t->roots[ri];

		if (r->segment != u->x86.segment)
			continue;
		for (size_t j = 0; j < r->n_devs; j++) {
			const struct iot_pci_dev *dv = &r->devs[j];
			uint16_t rid = iot_rid(dv->bus, dv->devfn);

			for (size_t k = 0; k < u->x86.n_scopes; k++) {
				const struct iot_x86_scope *s = &u->x86.scopes[k];
				char a[8], b[8];

				if (s->kind != IOT_X86_SCOPE_ALIAS || rid < s->first ||
				    rid > s->last || is_dma_alias(r, j, s->alias))
					continue;
				iot_bdf_format(a, dv->bus, dv->devfn);
				iot_bdf_format(b, (uint8_t)(s->alias >> 8), (uint8_t)s->alias);
				report(d, &s->loc, IOT_RULE_IVRS_ALIAS_HIERARCHY,
				       "IVRS %s aliases %s to %s, which is not a requester ID "
				       "the PCI hierarchy lets %s use",
				       u->name, a, b, a);
				found++;
			}
		}
	}
	return found;
}

static void to_diags(void *ctx, const struct iot_loc *loc, enum iot_rule_id rule, const char *msg)
{
	iot_rule_diag(ctx, rule, loc, "%s", msg);
}

size_t iot_x86_check(const struct iot_topology *t, struct iot_diags *d)
{
	return iot_x86_check_cb(t, to_diags, d);
}

size_t iot_x86_check_cb(const struct iot_topology *t, iot_x86_report_fn fn, void *ctx)
{
	struct x86_report rep = { fn, ctx }, *d = &rep;
	size_t found = 0;
	char owner[64];

	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (is_active_unit(u)) {
			snprintf(owner, sizeof(owner), "DMAR %s", u->name);
			found += check_dmar_scopes(t, owner, u->x86.segment, u->x86.scopes,
						   u->x86.n_scopes, d);
		} else if (u->model == IOT_IOMMU_AMD_VI && !u->x86.superseded) {
			found += check_ivrs_aliases(t, u, d);
		}
	}
	for (size_t i = 0; i < t->n_x86_entries; i++) {
		const struct iot_x86_entry *e = &t->x86_entries[i];

		if (!e->n_scopes)
			continue;
		snprintf(owner, sizeof(owner), "DMAR %s at 0x%llx",
			 iot_x86_entry_kind_name(e->kind), (unsigned long long)e->loc.offset);
		found += check_dmar_scopes(t, owner, e->segment, e->scopes, e->n_scopes, d);
	}
	return found;
}
