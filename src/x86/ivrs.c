// SPDX-License-Identifier: MIT
/*
 * ACPI IVRS (AMD I/O Virtualization Technology spec, ch. 5) -> model.
 * Layouts as in ACPICA actbl2.h (acpi_ivrs_hardware1/2, acpi_ivrs_de_header,
 * acpi_ivrs_memory) and drivers/iommu/amd/init.c (struct ivhd_header,
 * ivhd_entry, ivmd_header), whose walk this follows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "acpi/cursor.h"
#include "tables/ivrs.h"
#include "util/mem.h"
#include "x86/x86_int.h"
#include "x86/x86.h"

struct ivrs_ctx {
	struct iot_cur c;
	struct iot_topology *t;
	size_t first_iommu;
	uint8_t target; /* IVHD type the kernel uses */
	unsigned int n_ivhd; /* IVHD blocks seen (for "IVRS IVHD n") */
	unsigned int n_ivmd;
	unsigned int n_units; /* ivhdN names (target type only) */
	size_t items; /* blocks and device entries read, against IOT_X86_MAX_ITEMS */
};

/* A range-start entry waiting for its DEV_RANGE_END: the scope it starts, read. */
struct pending_range {
	bool open;
	bool warned;
	size_t off;
	unsigned int index; /* its entry number */
	struct iot_x86_scope s;
};

static unsigned int ivhd_header_len(uint8_t type)
{
	/* amd/init.c:get_ivhd_header_size */
	const struct iot_layout *l = iot_ivhd_layout(type);

	return l ? (unsigned int)iot_layout_size(l, 0) : 0;
}

static bool is_ivhd(uint8_t type)
{
	return ivhd_header_len(type) != 0;
}

static bool is_ivmd(uint8_t type)
{
	return type >= 0x20 && type <= 0x22;
}

/*
 * amd/init.c:ivhd_entry_length: 4 << (type >> 6) below 80h, 22 + UID length
 * for F0h; any other type has no length Linux knows (it would not advance).
 */
static size_t entry_length(const struct iot_cur *c, size_t off, uint8_t type)
{
	if (type < 0x80)
		return (size_t)4 << (type >> 6);
	if (type == IOT_IVHD_ACPI_HID)
		return iot_cur_has(c, off + 21, 1) ? 22u + iot_cur_u8(c, off + 21) : 22u;
	return 0;
}

/*
 * A scope for the entry of @type at @off, read through its layout (fields
 * the model does not hold go to its fw record, entry @index in reserved-field
 * reports).
 */
static struct iot_x86_scope *read_scope(struct iot_x86_scope *s, const struct iot_cur *c,
					size_t off, uint8_t type, enum iot_x86_scope_kind kind,
					unsigned int index)
{
	const struct iot_layout *l = iot_ivhd_entry_layout(type);
	struct iot_cur e;
	char what[sizeof(e.what)];

	s->raw_type = type;
	s->kind = kind;
	s->loc = iot_cur_loc(c, off);
	/* reserved fields are reported as "IVRS IVHD 1 entry 3 Reserved: ..." */
	iot_cur_sub(&e, c, off, iot_layout_size(l, 0), "%s entry %u",
		    iot_cur_what(c, what, sizeof(what)), index);
	iot_layout_read(l, 0, &e, 0, s, &s->fields, &s->n_fields, 0);
	s->last = s->first;
	return s;
}

static struct iot_x86_scope *add_scope(struct iot_iommu *u, const struct iot_cur *c, size_t off,
				       uint8_t type, enum iot_x86_scope_kind kind,
				       unsigned int index)
{
	return read_scope(iot_x86_add_scope(&u->x86.scopes, &u->x86.n_scopes), c, off, type, kind,
			  index);
}

static void fmt_devid(char *out, uint16_t id)
{
	iot_bdf_format(out, (uint8_t)(id >> 8), (uint8_t)id);
}

static void close_range(struct iot_iommu *u, const struct iot_cur *c, struct pending_range *pr,
			size_t off, uint16_t last, unsigned int index, const char *what)
{
	struct iot_x86_scope *s;

	if (!pr->open) {
		/* the kernel would range from a stale (initially 0) start ID */
		iot_x86_report(c, off, IOT_RULE_IVRS_RANGE,
			       "%s: DEV_RANGE_END without a range start before it (Linux "
			       "would cover IDs from a stale start)",
			       what);
		return;
	}
	pr->open = false;
	pr->warned = false;
	if (last < pr->s.first) {
		iot_x86_report(c, off + 1, IOT_RULE_IVRS_RANGE,
			       "%s Device ID: range end 0x%04x is below its start 0x%04x at 0x%zx; "
			       "the range covers nothing",
			       what, last, pr->s.first, iot_cur_abs(c, pr->off));
		free(pr->s.fields);
		pr->s = (struct iot_x86_scope){ 0 };
		return;
	}
	s = iot_x86_add_scope(&u->x86.scopes, &u->x86.n_scopes);
	*s = pr->s;
	pr->s = (struct iot_x86_scope){ 0 };
	/* the end entry: its ID is the range's last, its other bytes are kept */
	{
		struct iot_cur e;
		char name[sizeof(e.what)];

		iot_cur_sub(&e, c, off, 4, "%s entry %u", iot_cur_what(c, name, sizeof(name)),
			    index);
		iot_layout_read(&iot_ivhd_entry_end, 0, &e, 0, s, &s->fields, &s->n_fields, 0);
	}
}

/* The 8 bytes at @off as @out holds them, or kept under @key when the string loses some. */
static void read_chars(struct iot_x86_scope *s, const struct iot_cur *c, size_t off, char *out,
		       const char *key)
{
	uint8_t want[8] = { 0 };

	iot_x86_str(c, off, 8, out);
	memcpy(want, out, strlen(out));
	if (memcmp(want, c->tbl + c->start + off, 8))
		iot_fw_field_set(&s->fields, &s->n_fields, key, 0, iot_cur_u64(c, off));
}

static void read_acpi_hid(struct iot_iommu *u, const struct iot_cur *c, size_t off,
			  uint8_t ivhd_type, unsigned int index, const char *what)
{
	struct iot_x86_scope *s;
	uint8_t uidl = iot_cur_u8(c, off + 21);

	if (ivhd_type != 0x40)
		iot_x86_report(c, off, IOT_RULE_IVRS_HID_IVHD_TYPE,
			       "%s Type: ACPI_HID entries belong in IVHD type 40h, not %02xh; "
			       "Linux ignores it (\"Invalid IVHD device type\")",
			       what, ivhd_type);
	s = add_scope(u, c, off, IOT_IVHD_ACPI_HID, IOT_X86_SCOPE_ACPI_HID, index);
	read_chars(s, c, off + 4, s->hid, "hid");
	read_chars(s, c, off + 12, s->cid, "cid");
	s->uid = iot_xmalloc((size_t)uidl + 1);
	iot_x86_str(c, off + 22, uidl, s->uid);
	iot_layout_keep_computed(iot_ivhd_entry_layout(IOT_IVHD_ACPI_HID), "uid-length", uidl,
				 strlen(s->uid), &s->fields, &s->n_fields, 0);
	if (!s->hid[0])
		iot_x86_report(c, off + 4, IOT_RULE_IVRS_ACPI_HID,
			       "%s HID: empty; Linux ignores the entry (\"Invalid HID\")", what);
	if (s->uid_format == 0 && uidl)
		iot_x86_report(c, off + 21, IOT_RULE_IVRS_ACPI_HID,
			       "%s UID Length: %u, but UID Format says no UID", what, uidl);
	else if (s->uid_format > 2)
		iot_x86_report(c, off + 20, IOT_RULE_IVRS_ACPI_HID,
			       "%s UID Format: %u is not 0 (none), 1 (integer) or 2 (string)", what,
			       s->uid_format);
}

static void read_special(struct iot_iommu *u, const struct iot_cur *c, size_t off,
			 unsigned int index, const char *what)
{
	uint8_t variety = iot_cur_u8(c, off + 7);
	struct iot_x86_scope *s;

	/* the Variety row sets the kind: IOAPIC, HPET or other */
	s = add_scope(u, c, off, IOT_IVHD_SPECIAL, IOT_X86_SCOPE_OTHER, index);
	/* amd/init.c:add_special_device returns -EINVAL and AMD-Vi init fails */
	if (s->kind == IOT_X86_SCOPE_OTHER)
		iot_x86_report(c, off + 7, IOT_RULE_IVRS_SPECIAL,
			       "%s Variety: %u is neither IOAPIC (1) nor HPET (2); Linux fails "
			       "AMD-Vi initialisation on it",
			       what, variety);
}

/* One device entry at @off (its length already checked), entry number @index. */
static void read_entry(struct iot_iommu *u, const struct iot_cur *c, size_t off, uint8_t type,
		       uint8_t ivhd_type, struct pending_range *pr, unsigned int index,
		       const char *what)
{
	struct iot_x86_scope *s;

	/* like init_iommu_from_acpi, keep the range state until DEV_RANGE_END */
	if (pr->open && !pr->warned && type != IOT_IVHD_RANGE_END && type != IOT_IVHD_PAD4) {
		iot_x86_report(c, pr->off, IOT_RULE_IVRS_RANGE_OPEN,
			       "%s: the range start at 0x%zx is not directly followed by its "
			       "DEV_RANGE_END",
			       what, iot_cur_abs(c, pr->off));
		pr->warned = true;
	}
	if (iot_ivhd_type_starts_range(type)) {
		/* a start with no end before it: the earlier one is replaced (as in Linux) */
		free(pr->s.fields);
		*pr = (struct pending_range){ .open = true, .off = off, .index = index };
		read_scope(&pr->s, c, off, type,
			   type == IOT_IVHD_ALIAS_RANGE ? IOT_X86_SCOPE_ALIAS : IOT_X86_SCOPE_IDS,
			   index);
		pr->s.has_ext = type == IOT_IVHD_EXT_RANGE;
		return;
	}
	switch (type) {
	case IOT_IVHD_ALL:
		s = add_scope(u, c, off, type, IOT_X86_SCOPE_ALL, index);
		s->first = 0;
		s->last = 0xffff;
		break;
	case IOT_IVHD_SELECT:
		add_scope(u, c, off, type, IOT_X86_SCOPE_IDS, index);
		break;
	case IOT_IVHD_EXT_SELECT:
		add_scope(u, c, off, type, IOT_X86_SCOPE_IDS, index)->has_ext = true;
		break;
	case IOT_IVHD_ALIAS:
		add_scope(u, c, off, type, IOT_X86_SCOPE_ALIAS, index);
		break;
	case IOT_IVHD_RANGE_END:
		close_range(u, c, pr, off, iot_cur_u16(c, off + 1), index, what);
		break;
	case IOT_IVHD_SPECIAL:
		read_special(u, c, off, index, what);
		break;
	case IOT_IVHD_ACPI_HID:
		read_acpi_hid(u, c, off, ivhd_type, index, what);
		break;
	case IOT_IVHD_PAD4:
		/* padding: kept in place, as an entry of type other */
		add_scope(u, c, off, type, IOT_X86_SCOPE_OTHER, index);
		break;
	default:
		/* amd/init.c:init_iommu_from_acpi skips types it does not know */
		iot_x86_report(c, off, IOT_RULE_IVRS_ENTRY_RESERVED,
			       "%s Type: %02xh is reserved; skipped (Linux skips it too)", what,
			       type);
		s = add_scope(u, c, off, type, IOT_X86_SCOPE_OTHER, index);
		s->has_ext = type >= 0x40; /* an 8-byte entry: its last four bytes */
		break;
	}
}

/* Bytes [off, c->len) of the IVHD that no entry walk reaches, kept after its entries. */
static void keep_tail(struct iot_iommu *u, const struct iot_cur *c, size_t off)
{
	if (off < c->len)
		iot_bytes_set(&u->fw.tail, c->tbl + c->start + off, c->len - off);
}

static void read_entries(struct ivrs_ctx *x, struct iot_iommu *u, const struct iot_cur *c,
			 uint8_t ivhd_type, const char *ivhd_what)
{
	struct pending_range pr = { 0 };
	size_t off = ivhd_header_len(ivhd_type);
	unsigned int n = 0;
	bool stopped = false;

	for (; off < c->len; n++) {
		uint8_t type = iot_cur_u8(c, off);
		size_t elen = entry_length(c, off, type);
		char what[64];

		snprintf(what, sizeof(what), "%s entry %u", ivhd_what, n);
		if (++x->items > IOT_X86_MAX_ITEMS) {
			iot_x86_report(c, off, IOT_RULE_IVRS_LENGTH,
				       "%s: more than %d blocks and device entries in the table; "
				       "iotopo stops here",
				       what, IOT_X86_MAX_ITEMS);
			keep_tail(u, c, off);
			stopped = true;
			break;
		}
		if (!elen) {
			iot_x86_report(c, off, IOT_RULE_IVRS_ENTRY_TYPE,
				       "%s Type: %02xh has no length Linux knows; it cannot step "
				       "over it (amd/init.c:ivhd_entry_length), nothing after it "
				       "in this IVHD is read",
				       what, type);
			keep_tail(u, c, off);
			stopped = true;
			break;
		}
		if (!iot_cur_has(c, off, elen)) {
			iot_x86_report(c, off, IOT_RULE_IVRS_ENTRY_LENGTH,
				       "%s: type %02xh is %zu bytes long and runs past the end of "
				       "the IVHD at 0x%zx",
				       what, type, elen, iot_cur_abs(c, c->len));
			keep_tail(u, c, off);
			stopped = true;
			break;
		}
		read_entry(u, c, off, type, ivhd_type, &pr, n, what);
		off += elen;
	}
	if (pr.open && !pr.warned && !stopped)
		iot_x86_report(c, pr.off, IOT_RULE_IVRS_RANGE_OPEN,
			       "%s: range start at 0x%zx has no DEV_RANGE_END before the IVHD ends",
			       ivhd_what, iot_cur_abs(c, pr.off));
	free(pr.s.fields);
	(void)x;
}

static void read_ivhd(struct ivrs_ctx *x, const struct iot_cur *c, uint8_t type, const char *what)
{
	struct iot_iommu *u = iot_add_iommu(x->t);
	char name[32];

	if (type == x->target)
		snprintf(name, sizeof(name), "ivhd%u", x->n_units++);
	else
		snprintf(name, sizeof(name), "ivhd-%02xh-%u", type, x->n_ivhd);
	u->name = iot_strdup(name);
	u->model = IOT_IOMMU_AMD_VI;
	u->loc = iot_cur_loc(c, 0);
	u->fw.has_offset = true;
	u->fw.offset = (uint32_t)(c->start - x->c.start);
	iot_layout_read(iot_ivhd_layout(type), 0, c, 0, u, &u->fw.fields, &u->fw.n_fields, 0);
	u->x86.superseded = type != x->target;
	/* the IOMMU is a PCI function of its segment */
	u->pci_segment = u->x86.segment;
	u->pci_bdf = u->x86.iommu_devid;
	if (u->base & 0x3fff)
		iot_x86_report(c, 8, IOT_RULE_IVRS_IVHD_BASE,
			       "%s IOMMU Base Address: 0x%llx is not 16 KiB aligned", what,
			       (unsigned long long)u->base);
	read_entries(x, u, c, type, what);
}

static void read_ivmd(struct ivrs_ctx *x, const struct iot_cur *c, uint8_t type, const char *what)
{
	struct iot_x86_entry *e = iot_add_x86_entry(x->t);
	uint64_t len = iot_cur_u64(c, 24);

	e->kind = IOT_X86_IVMD;
	iot_layout_read(&iot_ivmd, 0, c, 0, e, &e->fw.fields, &e->fw.n_fields, 0);
	e->fw.has_offset = true;
	e->fw.offset = (uint32_t)(c->start - x->c.start);
	e->end = len ? e->base + len - 1 : e->base;
	/* the writer gives end - base + 1: only an empty block says otherwise */
	iot_layout_keep_computed(&iot_ivmd, "memory-length", len, e->end - e->base + 1,
				 &e->fw.fields, &e->fw.n_fields, 0);
	if (c->len > IOT_IVMD_LEN)
		iot_bytes_set(&e->fw.tail, c->tbl + c->start + IOT_IVMD_LEN, c->len - IOT_IVMD_LEN);
	e->all_devices = type == 0x20;
	e->last = type == 0x22 ? e->aux : e->first;
	e->loc = iot_cur_loc(c, 0);
	if (!len || e->end < e->base)
		iot_x86_report(c, 24, IOT_RULE_IVRS_IVMD_RANGE,
			       "%s Memory Block Length: 0x%llx from 0x%llx is %s", what,
			       (unsigned long long)len, (unsigned long long)e->base,
			       len ? "past the end of the address space" : "empty");
	if (type == 0x22 && e->last < e->first)
		iot_x86_report(c, 6, IOT_RULE_IVRS_IVMD_RANGE,
			       "%s Auxiliary Data: end device ID 0x%04x is below the start 0x%04x",
			       what, e->last, e->first);
	(void)x;
}

/*
 * amd/init.c:get_highest_supported_ivhd_type: the type of the LAST block
 * (before one of a type above 40h) describing the same IOMMU as the first
 * block.
 */
static uint8_t target_ivhd_type(const struct iot_cur *c)
{
	uint8_t last = iot_cur_u8(c, IOT_IVRS_HDR_LEN);
	uint16_t devid = iot_cur_u16(c, IOT_IVRS_HDR_LEN + 4);
	size_t off = IOT_IVRS_HDR_LEN;

	while (iot_cur_has(c, off, 6)) {
		uint8_t type = iot_cur_u8(c, off);
		uint16_t len = iot_cur_u16(c, off + 2);

		if (type > 0x40 || !len)
			break;
		if (iot_cur_u16(c, off + 4) == devid)
			last = type;
		off += len;
	}
	return last;
}

static void read_block(struct ivrs_ctx *x, const struct iot_cur *c, uint8_t type)
{
	char what[48];

	if (is_ivhd(type)) {
		snprintf(what, sizeof(what), "IVRS IVHD %u", x->n_ivhd);
		if (c->len >= ivhd_header_len(type))
			read_ivhd(x, c, type, what);
		else
			iot_x86_report(c, 2, IOT_RULE_IVRS_LENGTH,
				       "%s Length: %zu is shorter than the %u-byte type %02xh "
				       "header",
				       what, c->len, ivhd_header_len(type), type);
		x->n_ivhd++;
	} else {
		snprintf(what, sizeof(what), "IVRS IVMD %u", x->n_ivmd);
		if (c->len >= IOT_IVMD_LEN)
			read_ivmd(x, c, type, what);
		else
			iot_x86_report(c, 2, IOT_RULE_IVRS_LENGTH,
				       "%s Length: %zu is shorter than the %d-byte IVMD", what,
				       c->len, IOT_IVMD_LEN);
		x->n_ivmd++;
	}
}

struct claim {
	uint16_t first, last;
	size_t unit;
	size_t scope;
};

static int cmp_claim(const void *a, const void *b)
{
	const struct claim *p = a, *q = b;

	if (p->first != q->first)
		return p->first < q->first ? -1 : 1;
	return p->unit < q->unit ? -1 : p->unit > q->unit;
}

/*
 * Device IDs two units of one segment both claim: the later IVHD wins the
 * rlookup table (set_dev_entry_from_acpi_range overwrites), which firmware
 * rarely means.  Sorted sweep, each scope reported at most once.
 */
static void check_overlaps(struct ivrs_ctx *x)
{
	struct iot_topology *t = x->t;
	struct claim *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = x->first_iommu; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (u->model != IOT_IOMMU_AMD_VI || u->x86.superseded)
			continue;
		for (size_t j = 0; j < u->x86.n_scopes; j++) {
			const struct iot_x86_scope *s = &u->x86.scopes[j];

			if (s->kind != IOT_X86_SCOPE_IDS && s->kind != IOT_X86_SCOPE_ALIAS &&
			    s->kind != IOT_X86_SCOPE_ALL)
				continue;
			iot_grow((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = (struct claim){ s->first, s->last, i, j };
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_claim);
	for (size_t i = 0, far = 0; i < n; i++) {
		/* far: the claim reaching furthest among v[0..i-1] */
		if (i > 0) {
			const struct claim *p = &v[far], *q = &v[i];
			const struct iot_iommu *pu = &t->iommus[p->unit], *qu = &t->iommus[q->unit];

			if (p->unit != q->unit && pu->x86.segment == qu->x86.segment &&
			    q->first <= p->last) {
				const struct iot_iommu *later = p->unit > q->unit ? pu : qu;
				const struct iot_x86_scope *ls =
					&later->x86.scopes[later == pu ? p->scope : q->scope];
				char a[8], b[8];

				fmt_devid(a, q->first);
				fmt_devid(b, q->last < p->last ? q->last : p->last);
				iot_rule_diag(
					x->c.d, IOT_RULE_IVRS_OVERLAP, &ls->loc,
					"IVRS %s and %s both claim device IDs %s..%s of segment "
					"%u; Linux uses %s",
					pu->name, qu->name, a, b, pu->x86.segment, later->name);
			}
			if (q->last > p->last)
				far = i;
		}
	}
	free(v);
}

int iot_ivrs_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	struct ivrs_ctx x = { .t = t, .first_iommu = t->n_iommus };
	struct iot_fw_table *fw = NULL;
	size_t errors_before = d->n_errors;
	bool stopped = false;
	size_t off;

	static const struct iot_x86_table_rules rules = { IOT_RULE_IVRS_HEADER,
							  IOT_RULE_IVRS_LENGTH,
							  IOT_RULE_IVRS_CHECKSUM };

	if (iot_x86_table(&x.c, data, len, file, "IVRS", &rules, d) < 0)
		return -1;
	x.c.src = IOT_SRC_IVRS;
	x.c.origin = iot_add_acpi_origin(t, IOT_SRC_IVRS, IOT_TABLE_IVRS, file, data, len);
	if (!iot_x86_need(&x.c, 36, IOT_IVRS_HDR_LEN - 36, IOT_RULE_IVRS_LENGTH,
			  "IVRS IVinfo and Reserved"))
		return -1;
	t->x86.has_ivrs = true;
	t->x86.ivrs_revision = iot_cur_u8(&x.c, 8);
	if (!t->x86.ivrs_fw.has) {
		/* the first IVRS read is the one the writer gives back */
		iot_acpi_keep_header(data, "IVRS", t, &t->x86.ivrs_fw);
		t->x86.ivrs_fw.has = true;
		fw = &t->x86.ivrs_fw;
	}
	iot_layout_read(&iot_ivrs_header, 0, &x.c, 0, &t->x86, fw ? &fw->fields : NULL,
			fw ? &fw->n_fields : NULL, 0);
	x.target = target_ivhd_type(&x.c);
	t->x86.ivhd_type = x.target;
	for (off = IOT_IVRS_HDR_LEN; off < x.c.len;) {
		uint8_t type;
		uint16_t blen;

		if (!iot_cur_has(&x.c, off, 4)) {
			iot_x86_report(&x.c, off, IOT_RULE_IVRS_LENGTH,
				       "IVRS block at 0x%zx: %zu bytes left, too few for a Type, "
				       "Flags and Length",
				       off, x.c.len - off);
			stopped = true;
			break;
		}
		if (x.items >= IOT_X86_MAX_ITEMS) {
			/* reported where the limit was reached */
			stopped = true;
			break;
		}
		x.items++;
		type = iot_cur_u8(&x.c, off);
		blen = iot_cur_u16(&x.c, off + 2);
		if (blen == 0) {
			/* amd/init.c:init_iommu_all would never advance */
			iot_x86_report(&x.c, off + 2, IOT_RULE_IVRS_LENGTH,
				       "IVRS block type %02xh at 0x%zx Length: 0; nothing after it "
				       "can be read",
				       type, off);
			stopped = true;
			break;
		}
		if (!iot_cur_has(&x.c, off, blen)) {
			iot_x86_report(
				&x.c, off + 2, IOT_RULE_IVRS_LENGTH,
				"IVRS block type %02xh at 0x%zx Length: %u runs past the end "
				"of the table at 0x%zx",
				type, off, blen, x.c.len);
			stopped = true;
			break;
		}
		if (is_ivhd(type) || is_ivmd(type)) {
			struct iot_cur sub;

			iot_cur_sub(&sub, &x.c, off, blen, "IVRS %s %u",
				    is_ivhd(type) ? "IVHD" : "IVMD",
				    is_ivhd(type) ? x.n_ivhd : x.n_ivmd);
			read_block(&x, &sub, type);
		} else {
			struct iot_cur sub;

			iot_cur_sub(&sub, &x.c, off, blen, "IVRS block");
			iot_x86_keep_raw(&sub, iot_add_ivrs_raw(x.t), type);
			iot_x86_report(&x.c, off, IOT_RULE_IVRS_UNKNOWN_BLOCK,
				       "IVRS block type %02xh at 0x%zx: not known here; kept as "
				       "bytes (Linux skips it)",
				       type, off);
		}
		off += blen;
	}
	/* what no block walk reaches is kept and written back after the blocks */
	if (stopped && fw && off < x.c.len)
		iot_bytes_set(&fw->tail, x.c.tbl + x.c.start + off, x.c.len - off);
	if (!x.n_units && !stopped)
		iot_x86_report(&x.c, 0, IOT_RULE_IVRS_NO_IVHD,
			       "IVRS: no IVHD of a type Linux uses, so no device is translated");
	check_overlaps(&x);
	(void)errors_before;
	/* fail-soft: findings (even errors) leave the rest read; -1 only for an unusable header */
	return 0;
}
