// SPDX-License-Identifier: MIT
/*
 * The DMAR/IVRS part of `iotopo decode`: what the YAML emitter adds to an
 * intel-vtd / amd-vi IOMMU, and the top-level dmar: / ivrs: sections.
 * Device IDs print as "bb:dd.f", DMAR paths as "SB:dd.f/dd.f..." (start bus,
 * then one device.function per bridge level), ranges as "first-last".
 */
#include <stdio.h>

#include "x86/x86.h"
#include "x86/x86_yaml.h"

static void indent(struct iot_buf *b, int ind)
{
	for (int i = 0; i < ind; i++)
		iot_buf_addc(b, ' ');
}

/* Double-quoted YAML scalar: always safe for table-provided text. */
static void put_quoted(struct iot_buf *b, const char *s)
{
	iot_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			iot_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			iot_buf_printf(b, "\\x%02x", c);
		else
			iot_buf_addc(b, (char)c);
	}
	iot_buf_addc(b, '"');
}

static void put_devid(struct iot_buf *b, uint16_t id)
{
	char s[8];

	iot_bdf_format(s, (uint8_t)(id >> 8), (uint8_t)id);
	iot_buf_adds(b, s);
}

static void put_ids(struct iot_buf *b, uint16_t first, uint16_t last)
{
	iot_buf_addc(b, '"');
	put_devid(b, first);
	if (last != first) {
		iot_buf_addc(b, '-');
		put_devid(b, last);
	}
	iot_buf_addc(b, '"');
}

static void put_path(struct iot_buf *b, const struct iot_x86_scope *s)
{
	iot_buf_printf(b, "\"%02x", s->start_bus);
	for (size_t i = 0; i < s->n_path; i++)
		iot_buf_printf(b, "%c%02x.%x", i ? '/' : ':', s->path[i].dev, s->path[i].fn);
	iot_buf_addc(b, '"');
}

static void put_dmar_scope(struct iot_buf *b, const struct iot_x86_scope *s)
{
	iot_buf_printf(b, "{type: %s", iot_x86_scope_kind_name(s->kind));
	if (s->kind == IOT_X86_SCOPE_OTHER)
		iot_buf_printf(b, ", raw-type: %u", s->raw_type);
	if (s->kind == IOT_X86_SCOPE_IOAPIC || s->kind == IOT_X86_SCOPE_HPET ||
	    s->kind == IOT_X86_SCOPE_NAMESPACE)
		iot_buf_printf(b, ", id: %u", s->enum_id);
	iot_buf_adds(b, ", path: ");
	put_path(b, s);
	if (s->flags)
		iot_buf_printf(b, ", flags: 0x%x", s->flags);
	iot_buf_addc(b, '}');
}

static void put_ivhd_entry(struct iot_buf *b, const struct iot_x86_scope *s)
{
	iot_buf_printf(b, "{type: %s", iot_x86_scope_kind_name(s->kind));
	if (s->kind == IOT_X86_SCOPE_OTHER)
		iot_buf_printf(b, ", raw-type: 0x%02x", s->raw_type);
	if (s->kind == IOT_X86_SCOPE_IOAPIC || s->kind == IOT_X86_SCOPE_HPET)
		iot_buf_printf(b, ", id: %u", s->enum_id);
	if (s->kind != IOT_X86_SCOPE_ALL) {
		iot_buf_adds(b, ", ids: ");
		put_ids(b, s->first, s->last);
	}
	if (s->kind == IOT_X86_SCOPE_ALIAS) {
		iot_buf_adds(b, ", alias: ");
		put_ids(b, s->alias, s->alias);
	}
	if (s->kind == IOT_X86_SCOPE_ACPI_HID) {
		iot_buf_adds(b, ", hid: ");
		put_quoted(b, s->hid);
		if (s->cid[0]) {
			iot_buf_adds(b, ", cid: ");
			put_quoted(b, s->cid);
		}
		if (s->uid_format) {
			iot_buf_adds(b, ", uid: ");
			put_quoted(b, s->uid ? s->uid : "");
		}
	}
	if (s->dte)
		iot_buf_printf(b, ", dte: 0x%02x", s->dte);
	if (s->has_ext)
		iot_buf_printf(b, ", ext: 0x%08x", s->ext);
	iot_buf_addc(b, '}');
}

static void put_list(struct iot_buf *b, int ind, const char *key, const struct iot_x86_scope *v,
		     size_t n, void (*put)(struct iot_buf *, const struct iot_x86_scope *))
{
	if (!n)
		return;
	indent(b, ind);
	iot_buf_printf(b, "%s:\n", key);
	for (size_t i = 0; i < n; i++) {
		indent(b, ind + 2);
		iot_buf_adds(b, "- ");
		put(b, &v[i]);
		iot_buf_addc(b, '\n');
	}
}

void iot_x86_yaml_iommu(struct iot_buf *b, int ind, const struct iot_iommu *u)
{
	const struct iot_x86_unit *x = &u->x86;

	/* defaults (0, absent) are left out, so a unit written without its table stays bare */
	if (u->model == IOT_IOMMU_INTEL_VTD) {
		/* the DRHD segment is the emitter's pci: {segment} (pci_segment) */
		if (x->include_all) {
			indent(b, ind);
			iot_buf_adds(b, "include-pci-all: true\n");
		}
		if (x->flags & ~1u) {
			indent(b, ind);
			iot_buf_printf(b, "drhd-flags: 0x%02x\n", x->flags);
		}
		if (x->size) {
			indent(b, ind);
			iot_buf_printf(b, "register-pages-log2: %u\n", x->size);
		}
		if (x->duplicate) {
			indent(b, ind);
			iot_buf_adds(b, "ignored: duplicate-drhd\n");
		}
		put_list(b, ind, "scopes", x->scopes, x->n_scopes, put_dmar_scope);
	} else if (u->model == IOT_IOMMU_AMD_VI) {
		if (x->ivhd_type) {
			indent(b, ind);
			iot_buf_printf(b, "ivhd-type: 0x%02x\n", x->ivhd_type);
		}
		if (x->superseded) {
			indent(b, ind);
			iot_buf_adds(b, "ignored: superseded-ivhd-type\n");
		}
		/* the IOMMU's own function is the emitter's pci: {segment, bdf} */
		if (x->cap_offset) {
			indent(b, ind);
			iot_buf_printf(b, "capability-offset: 0x%02x\n", x->cap_offset);
		}
		if (x->flags) {
			indent(b, ind);
			iot_buf_printf(b, "ivhd-flags: 0x%02x\n", x->flags);
		}
		if (x->info) {
			indent(b, ind);
			iot_buf_printf(b, "iommu-info: 0x%04x\n", x->info);
		}
		if (x->attr) {
			indent(b, ind);
			iot_buf_printf(b, "%s: 0x%08x\n",
				       x->ivhd_type == 0x10 ? "feature-reporting" : "attributes",
				       x->attr);
		}
		if (x->ivhd_type > 0x10) {
			indent(b, ind);
			iot_buf_printf(b, "efr: 0x%016llx\n", (unsigned long long)x->efr);
			if (x->efr2) {
				indent(b, ind);
				iot_buf_printf(b, "efr2: 0x%016llx\n", (unsigned long long)x->efr2);
			}
		}
		put_list(b, ind, "devices", x->scopes, x->n_scopes, put_ivhd_entry);
	}
}

static void put_entry(struct iot_buf *b, const struct iot_x86_entry *e)
{
	iot_buf_printf(b, "  - {");
	if (e->kind == IOT_X86_IVMD) {
		iot_buf_printf(b, "type: 0x%02x, ", e->raw_type);
		if (!e->all_devices) {
			iot_buf_adds(b, "ids: ");
			put_ids(b, e->first, e->last);
			iot_buf_adds(b, ", ");
		}
	}
	iot_buf_printf(b, "segment: %u", e->segment);
	if (e->kind == IOT_X86_RMRR || e->kind == IOT_X86_IVMD)
		iot_buf_printf(b, ", base: 0x%llx, end: 0x%llx", (unsigned long long)e->base,
			       (unsigned long long)e->end);
	if (e->flags)
		iot_buf_printf(b, ", flags: 0x%x", e->flags);
	if (e->kind == IOT_X86_ATSR && e->all_devices)
		iot_buf_adds(b, ", all-ports: true");
	if (e->n_scopes) {
		iot_buf_adds(b, ", scopes: [");
		for (size_t i = 0; i < e->n_scopes; i++) {
			if (i)
				iot_buf_adds(b, ", ");
			put_dmar_scope(b, &e->scopes[i]);
		}
		iot_buf_addc(b, ']');
	}
	iot_buf_adds(b, "}\n");
}

static void put_entries(struct iot_buf *b, const struct iot_topology *t,
			enum iot_x86_entry_kind kind)
{
	bool first = true;

	for (size_t i = 0; i < t->n_x86_entries; i++) {
		if (t->x86_entries[i].kind != kind)
			continue;
		if (first)
			iot_buf_printf(b, "  %s:\n", iot_x86_entry_kind_name(kind));
		first = false;
		iot_buf_adds(b, "  ");
		put_entry(b, &t->x86_entries[i]);
	}
}

void iot_x86_yaml_tables(struct iot_buf *b, const struct iot_topology *t)
{
	const struct iot_x86_info *x = &t->x86;

	if (x->has_dmar) {
		iot_buf_adds(b, "dmar:\n");
		iot_buf_printf(b, "  revision: %u\n", x->dmar_revision);
		iot_buf_printf(b, "  host-address-width: %u\n", x->dmar_haw + 1u);
		iot_buf_printf(b, "  flags: 0x%02x\n", x->dmar_flags);
		put_entries(b, t, IOT_X86_RMRR);
		put_entries(b, t, IOT_X86_ATSR);
		put_entries(b, t, IOT_X86_SATC);
		if (t->n_x86_andds) {
			iot_buf_adds(b, "  andd:\n");
			for (size_t i = 0; i < t->n_x86_andds; i++) {
				iot_buf_printf(b,
					       "    - {number: %u, name: ", t->x86_andds[i].number);
				put_quoted(b, t->x86_andds[i].name);
				iot_buf_adds(b, "}\n");
			}
		}
	}
	if (x->has_ivrs) {
		iot_buf_adds(b, "ivrs:\n");
		iot_buf_printf(b, "  revision: %u\n", x->ivrs_revision);
		iot_buf_printf(b, "  ivinfo: 0x%08x\n", x->ivinfo);
		iot_buf_printf(b, "  ivhd-type: 0x%02x\n", x->ivhd_type);
		put_entries(b, t, IOT_X86_IVMD);
	}
}
