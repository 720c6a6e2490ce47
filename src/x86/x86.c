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

#include "kernel/pci.h"
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
	case IOT_X86_SIDP:
		return "sidp";
	}
	return "?";
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

		if (!iot_dmar_scope_is_pci(s) || !s->n_path)
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
				if (iot_dmar_scope_type_mismatch(&r->devs[j], s)) {
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

static size_t check_ivrs_aliases(const struct iot_topology *t, const struct iot_iommu *u,
				 const struct x86_report *d)
{
	size_t found = 0;

	for (size_t ri = 0; ri < t->n_roots; ri++) {
		const struct iot_pci_root *r = &t->roots[ri];
		struct iot_pci_quirks q;

		if (r->segment != u->x86.segment)
			continue;
		/* the kernel's DMA-alias walk, quirks included (kernel/pci.h) */
		iot_pci_quirks_init(&q, r, NULL);
		for (size_t j = 0; j < r->n_devs; j++) {
			const struct iot_pci_dev *dv = &r->devs[j];
			uint16_t rid = iot_rid(dv->bus, dv->devfn);

			for (size_t k = 0; k < u->x86.n_scopes; k++) {
				const struct iot_x86_scope *s = &u->x86.scopes[k];
				char a[8], b[8];

				if (s->kind != IOT_X86_SCOPE_ALIAS || rid < s->first ||
				    rid > s->last || iot_pci_is_dma_alias(&q, j, s->alias))
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
		iot_pci_quirks_free(&q);
	}
	return found;
}

/* ---- I/O APIC IDs against the MADT (companion table) ---- */

/* The MADT I/O APIC with ID @id, or NULL. */
static const struct iot_x86_ioapic *madt_ioapic(const struct iot_topology *t, uint8_t id)
{
	for (size_t i = 0; i < t->machine.n_ioapics; i++)
		if (t->machine.ioapics[i].id == id)
			return &t->machine.ioapics[i];
	return NULL;
}

/* A DRHD Linux uses for interrupt remapping (ecap IR, when the registers are known). */
static bool dmar_ir_unit(const struct iot_iommu *u)
{
	return iot_dmar_unit_active(u) && (!u->x86.has_regs || (u->x86.reg_ecap & 1u << 3));
}

/*
 * intel/irq_remapping.c: with the DMAR's INTR_REMAP flag (dmar_ir_support),
 * parse_ioapics_under_ir records every DRHD IOAPIC scope and turns interrupt
 * remapping off when an MADT I/O APIC has none ("ioapic %d has no mapping
 * iommu"); a scope naming an ID the MADT lacks is never used.
 */
static size_t check_dmar_ioapics(const struct iot_topology *t, const struct x86_report *d)
{
	const struct iot_x86_scope *first[256] = { 0 };
	const struct iot_iommu *owner[256] = { 0 };
	size_t found = 0;
	bool any = false;

	if (!t->x86.has_dmar || !(t->x86.dmar_flags & 1) || iot_dmar_zero_base_unit(t) >= 0)
		return 0;
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (!dmar_ir_unit(u))
			continue;
		any = true;
		for (size_t k = 0; k < u->x86.n_scopes; k++) {
			const struct iot_x86_scope *s = &u->x86.scopes[k];

			if (s->kind != IOT_X86_SCOPE_IOAPIC)
				continue;
			if (t->machine.has_madt && !madt_ioapic(t, s->enum_id)) {
				report(d, &s->loc, IOT_RULE_DMAR_IOAPIC_UNKNOWN,
				       "DMAR %s IOAPIC scope names I/O APIC ID %u, which the MADT "
				       "does not have; Linux never uses this scope",
				       u->name, s->enum_id);
				found++;
			}
			if (!first[s->enum_id]) {
				first[s->enum_id] = s;
				owner[s->enum_id] = u;
			} else if (owner[s->enum_id] != u) {
				report(d, &s->loc, IOT_RULE_DMAR_IOAPIC_DUPLICATE,
				       "DMAR %s IOAPIC scope names I/O APIC ID %u, which %s's scope "
				       "names too; Linux routes its interrupts through one of them "
				       "(irq_remapping.c:map_ioapic_to_iommu)",
				       u->name, s->enum_id, owner[s->enum_id]->name);
				found++;
			}
		}
	}
	if (!any || !t->machine.has_madt)
		return found;
	for (size_t i = 0; i < t->machine.n_ioapics; i++) {
		const struct iot_x86_ioapic *a = &t->machine.ioapics[i];

		if (first[a->id])
			continue;
		report(d, &a->loc, IOT_RULE_DMAR_IOAPIC_UNMAPPED,
		       "MADT I/O APIC %u (0x%08x, GSI %u) is in no DRHD's IOAPIC scope; Linux "
		       "turns interrupt remapping off (irq_remapping.c:parse_ioapics_under_ir "
		       "\"ioapic %u has no mapping iommu\")",
		       a->id, a->address, a->gsi_base, a->id);
		found++;
	}
	return found;
}

/* amd/init.c: IOAPIC_SB_DEVID, the FCH I/O APIC at 00:14.0 of segment 0 */
#define IVRS_SB_DEVID 0x00a0u

/*
 * amd/init.c: the IOAPIC special entries of the IVHDs Linux uses
 * (init_iommu_from_acpi, add_special_device appends; amd_iommu.h:
 * get_ioapic_devid returns the first for a handle), then
 * check_ioapic_information over the MADT's I/O APICs in order.
 */
static size_t check_ivrs_ioapics(const struct iot_topology *t, const struct x86_report *d)
{
	const struct iot_x86_scope *first[256] = { 0 };
	const struct iot_iommu *owner[256] = { 0 };
	const struct iot_iommu *unit = NULL;
	bool any = false, has_sb = false, ret = false;
	size_t found = 0;

	if (!t->x86.has_ivrs)
		return 0;
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (u->model != IOT_IOMMU_AMD_VI || u->x86.superseded)
			continue;
		if (!unit)
			unit = u;
		for (size_t k = 0; k < u->x86.n_scopes; k++) {
			const struct iot_x86_scope *s = &u->x86.scopes[k];
			const struct iot_x86_scope *f;

			if (s->kind != IOT_X86_SCOPE_IOAPIC)
				continue;
			any = true;
			if (t->machine.has_madt && !madt_ioapic(t, s->enum_id)) {
				report(d, &s->loc, IOT_RULE_IVRS_IOAPIC_UNKNOWN,
				       "IVRS %s IOAPIC entry names I/O APIC handle %u, which the "
				       "MADT does not have; Linux never uses this entry",
				       u->name, s->enum_id);
				found++;
			}
			f = first[s->enum_id];
			if (!f) {
				first[s->enum_id] = s;
				owner[s->enum_id] = u;
			} else if (f->first != s->first ||
				   owner[s->enum_id]->x86.segment != u->x86.segment) {
				report(d, &s->loc, IOT_RULE_IVRS_IOAPIC_DUPLICATE,
				       "IVRS %s IOAPIC entry gives I/O APIC handle %u requester ID "
				       "%04x:%02x:%02x.%u, but an earlier entry (of %s) gave it "
				       "%04x:%02x:%02x.%u; Linux uses the first "
				       "(amd_iommu.h:get_ioapic_devid)",
				       u->name, s->enum_id, u->x86.segment, s->first >> 8,
				       (s->first >> 3) & 0x1f, s->first & 7,
				       owner[s->enum_id]->name, owner[s->enum_id]->x86.segment,
				       f->first >> 8, (f->first >> 3) & 0x1f, f->first & 7);
				found++;
			}
		}
	}
	if (!unit)
		return found;
	if (!any) {
		char ids[128] = "";
		size_t k = 0;

		for (size_t i = 0; i < t->machine.n_ioapics && k + 8 < sizeof(ids); i++)
			k += (size_t)snprintf(
				ids + k, sizeof(ids) - k, "%s%u",
				i ? ", " : " (the MADT's: ", t->machine.ioapics[i].id);
		if (k && k + 2 < sizeof(ids))
			strcat(ids, ")");
		report(d, &unit->loc, IOT_RULE_IVRS_NO_IOAPIC,
		       "IVRS: the IVHDs Linux uses (type 0x%02x) have no IOAPIC special entry, so "
		       "they name no I/O APIC%s; Linux turns interrupt remapping off "
		       "(amd/init.c:check_ioapic_information \"No southbridge IOAPIC found\")",
		       t->x86.ivhd_type, ids);
		return found + 1;
	}
	if (!t->machine.has_madt) {
		/* without the MADT: some handle's first entry is the southbridge's */
		for (size_t h = 0; h < 256; h++)
			if (first[h] && first[h]->first == IVRS_SB_DEVID &&
			    owner[h]->x86.segment == 0)
				has_sb = ret = true;
	}
	for (size_t i = 0; i < t->machine.n_ioapics; i++) {
		const struct iot_x86_ioapic *a = &t->machine.ioapics[i];
		const struct iot_x86_scope *f = first[a->id];

		if (!f)
			ret = false;
		else if (f->first == IVRS_SB_DEVID && owner[a->id]->x86.segment == 0)
			has_sb = ret = true;
	}
	for (size_t i = 0; i < t->machine.n_ioapics; i++) {
		const struct iot_x86_ioapic *a = &t->machine.ioapics[i];

		if (first[a->id])
			continue;
		report(d, &a->loc, IOT_RULE_IVRS_IOAPIC_MISSING,
		       "MADT I/O APIC %u (0x%08x, GSI %u) has no IOAPIC special entry in the "
		       "IVRS (amd/init.c:check_ioapic_information \"IOAPIC[%u] not in IVRS "
		       "table\"); %s",
		       a->id, a->address, a->gsi_base, a->id,
		       ret ? "interrupt remapping stays on, but this I/O APIC's interrupts "
			     "cannot be remapped (no requester ID)" :
			     "Linux turns interrupt remapping off");
		found++;
	}
	if (!has_sb) {
		report(d, &unit->loc, IOT_RULE_IVRS_IOAPIC_SOUTHBRIDGE,
		       "IVRS: no %sI/O APIC has the southbridge requester ID 0000:00:14.0 in its "
		       "IOAPIC special entry; Linux turns interrupt remapping off "
		       "(amd/init.c:check_ioapic_information \"No southbridge IOAPIC found\")",
		       t->machine.has_madt ? "MADT " : "");
		found++;
	}
	return found;
}

/* amd/init.c:find_last_devid_from_ivhd (kernel/x86_iommu.h): AMD-Vi stays off */
static size_t check_ivrs_ids(const struct iot_topology *t, const struct x86_report *d)
{
	int i = iot_ivrs_unit_without_ids(t);
	const struct iot_iommu *u;

	if (i < 0)
		return 0;
	u = &t->iommus[i];
	report(d, &u->loc, IOT_RULE_IVRS_IVHD_NO_IDS,
	       "IVRS %s (IVHD type %02xh, the type Linux uses) names no device ID: no select, "
	       "range, alias or all entry; Linux fails the PCI segment and AMD-Vi stays off "
	       "(amd/init.c:find_last_devid_from_ivhd -EINVAL, init_iommu_one -ENOMEM)",
	       u->name, t->x86.ivhd_type);
	return 1;
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

		if (iot_dmar_unit_active(u)) {
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
	found += check_dmar_ioapics(t, d);
	found += check_ivrs_ioapics(t, d);
	found += check_ivrs_ids(t, d);
	return found;
}
