// SPDX-License-Identifier: MIT
/*
 * ACPI DMAR (Intel VT-d spec, ch. 8) <-> model.  Field layouts are the
 * tables of src/tables/dmar.c; the walk is that of
 * drivers/iommu/intel/dmar.c:dmar_walk_remapping_entries.  What the model
 * has no field for (reserved bytes that are not zero, an ANDD's bytes after
 * its name, the table's structure order) goes into the objects' fw records,
 * so a table read then written gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "acpi/acpi.h"
#include "acpi/acpi_int.h"
#include "acpi/cursor.h"
#include "tables/dmar.h"
#include "x86/x86_int.h"
#include "x86/x86.h"

#define DMAR_HEADER_LEN IOT_DMAR_HDR_LEN
#define DMAR_SCOPE_HDR IOT_DMAR_SCOPE_HDR_LEN

enum dmar_type {
	DMAR_DRHD = IOT_DMAR_DRHD,
	DMAR_RMRR = IOT_DMAR_RMRR,
	DMAR_ATSR = IOT_DMAR_ATSR,
	DMAR_RHSA = IOT_DMAR_RHSA,
	DMAR_ANDD = IOT_DMAR_ANDD,
	DMAR_SATC = IOT_DMAR_SATC,
	DMAR_SIDP = IOT_DMAR_SIDP, /* VT-d 4.1: SoC Integrated Device Property */
	DMAR_NR_KNOWN = IOT_DMAR_NTYPES,
};

static const char *type_name(unsigned int type)
{
	return iot_dmar_type(type)->name;
}

struct dmar_ctx {
	struct iot_cur c;
	struct iot_topology *t;
	size_t first_iommu; /* first unit this table added */
	unsigned int count[DMAR_NR_KNOWN];
	unsigned int n_units; /* dmarN names */
	size_t items; /* structures and scopes read, against IOT_X86_MAX_ITEMS */
	bool full; /* IOT_X86_MAX_ITEMS reached: stop */
	int errors;
};

static void drop_canonical_offsets(struct iot_topology *t);

/* Where the structure @c covers was in its table: the writer keeps that order. */
static void keep_offset(struct iot_fw_node *fw, const struct iot_cur *c)
{
	fw->has_offset = true;
	fw->offset = (uint32_t)iot_cur_abs(c, 0);
}

/* Allowed scope types per structure, a bit per type (VT-d spec 8.3-8.8). */
static unsigned int scope_types_allowed(enum dmar_type type)
{
	switch (type) {
	case DMAR_DRHD:
		return 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5;
	case DMAR_RMRR:
		return 1u << 1 | 1u << 2;
	case DMAR_ATSR:
		return 1u << 2;
	case DMAR_SATC:
		return 1u << 1;
	case DMAR_SIDP:
		return 1u << 1 | 1u << 2;
	default:
		return 0;
	}
}

static enum iot_x86_scope_kind scope_kind(uint8_t type)
{
	switch (type) {
	case 1:
		return IOT_X86_SCOPE_ENDPOINT;
	case 2:
		return IOT_X86_SCOPE_BRIDGE;
	case 3:
		return IOT_X86_SCOPE_IOAPIC;
	case 4:
		return IOT_X86_SCOPE_HPET;
	case 5:
		return IOT_X86_SCOPE_NAMESPACE;
	default:
		return IOT_X86_SCOPE_OTHER;
	}
}

/*
 * One pass over the device scopes of the structure @c covers, from @off:
 * returns how many there are.  With @report, diagnoses them; with @out,
 * fills @out (sized by a previous counting pass).  Stops at the first scope
 * whose Length cannot be stepped over (dmar.c:dmar_alloc_dev_scope would
 * loop forever on a 0 Length).  Filling, the scopes' fields the model does
 * not hold go into @fw (may be NULL), indexed by scope.
 */
static size_t walk_scopes(struct dmar_ctx *x, const struct iot_cur *c, size_t off,
			  enum dmar_type type, const char *what, bool report,
			  struct iot_x86_scope *out, struct iot_fw_node *fw)
{
	size_t n = 0;

	while (off < c->len) {
		char field[96];
		uint8_t stype, slen;
		size_t n_path;
		enum iot_x86_scope_kind kind;

		snprintf(field, sizeof(field), "%s scope %zu", what, n);
		if (!iot_cur_has(c, off, 2)) {
			if (report) {
				iot_x86_report(c, off, IOT_RULE_DMAR_SCOPE_LENGTH,
					       "%s: %zu bytes left, too few for a scope Type and "
					       "Length",
					       field, c->len - off);
				x->errors++;
			}
			break;
		}
		stype = iot_cur_u8(c, off);
		slen = iot_cur_u8(c, off + 1);
		if (slen < DMAR_SCOPE_HDR || !iot_cur_has(c, off, slen)) {
			if (report) {
				if (slen < DMAR_SCOPE_HDR)
					iot_x86_report(c, off + 1, IOT_RULE_DMAR_SCOPE_LENGTH,
						       "%s Length: %u is shorter than the %d-byte "
						       "scope header",
						       field, slen, DMAR_SCOPE_HDR);
				else
					iot_x86_report(c, off + 1, IOT_RULE_DMAR_SCOPE_LENGTH,
						       "%s Length: %u runs past the end of the "
						       "structure at 0x%zx",
						       field, slen, iot_cur_abs(c, c->len));
				x->errors++;
			}
			break;
		}
		kind = scope_kind(stype);
		n_path = (size_t)(slen - DMAR_SCOPE_HDR) / 2;
		if (report) {
			if ((slen - DMAR_SCOPE_HDR) % 2)
				iot_x86_report(c, off + 1, IOT_RULE_DMAR_SCOPE_PATH_LENGTH,
					       "%s Length: %u leaves half a path entry (the path "
					       "is pairs of Device, Function bytes)",
					       field, slen);
			if (kind == IOT_X86_SCOPE_OTHER)
				iot_x86_report(c, off, IOT_RULE_DMAR_SCOPE_TYPE,
					       "%s Type: %u is not a known scope type (Linux: "
					       "\"Unsupported device scope\")",
					       field, stype);
			else if (!(scope_types_allowed(type) & 1u << stype))
				iot_x86_report(c, off, IOT_RULE_DMAR_SCOPE_TYPE,
					       "%s Type: %s scopes are not allowed in %s "
					       "structures",
					       field, iot_x86_scope_kind_name(kind),
					       type_name(type));
			else if (!n_path)
				iot_x86_report(c, off + 1, IOT_RULE_DMAR_SCOPE_PATH_LENGTH,
					       "%s Length: %u has no path, so it names no device",
					       field, slen);
			for (size_t i = 0; i < n_path; i++) {
				size_t p = off + DMAR_SCOPE_HDR + 2 * i;
				uint8_t dev = iot_cur_u8(c, p), fn = iot_cur_u8(c, p + 1);

				if (dev > 31 || fn > 7)
					iot_x86_report(c, p, IOT_RULE_DMAR_SCOPE_PATH,
						       "%s Path %zu: device 0x%x function 0x%x is "
						       "not a PCI device/function number",
						       field, i, dev, fn);
			}
		}
		if (out) {
			struct iot_x86_scope *s = &out[n];

			memset(s, 0, sizeof(*s));
			iot_layout_read(&iot_dmar_scope, 0, c, off, s, fw ? &fw->fields : NULL,
					fw ? &fw->n_fields : NULL, (uint32_t)n);
			s->kind = kind;
			s->n_path = n_path;
			s->loc = iot_cur_loc(c, off);
			s->loc.length = slen; /* the whole device scope */
			if (n_path)
				s->path = iot_xcalloc(n_path, sizeof(*s->path));
			for (size_t i = 0; i < n_path; i++)
				iot_layout_read(&iot_dmar_path, 0, c, off + DMAR_SCOPE_HDR + 2 * i,
						&s->path[i], NULL, NULL, 0);
		}
		n++;
		off += slen;
	}
	return n;
}

static void read_scopes(struct dmar_ctx *x, const struct iot_cur *c, size_t off,
			enum dmar_type type, const char *what, struct iot_x86_scope **v, size_t *n,
			struct iot_fw_node *fw)
{
	size_t count = walk_scopes(x, c, off, type, what, true, NULL, NULL);

	*v = NULL;
	*n = 0;
	if (x->items + count > IOT_X86_MAX_ITEMS) {
		iot_x86_report(c, off, IOT_RULE_DMAR_LENGTH,
			       "%s: more than %d structures and device scopes in the table; "
			       "iotopo stops here",
			       what, IOT_X86_MAX_ITEMS);
		x->full = true;
		x->errors++;
		return;
	}
	if (count)
		*v = iot_xcalloc(count, sizeof(**v));
	*n = count ? walk_scopes(x, c, off, type, what, false, *v, fw) : 0;
	x->items += *n;
}

static void read_drhd(struct dmar_ctx *x, const struct iot_cur *c, const char *what)
{
	uint16_t segment = iot_cur_u16(c, 6);
	uint64_t base = iot_cur_u64(c, 8);
	uint8_t flags = iot_cur_u8(c, 4);
	struct iot_iommu *u;
	char name[32];
	bool dup = false;
	int errors;

	/* dmar.c:dmar_find_dmaru: a second DRHD for the same unit is ignored */
	for (size_t i = x->first_iommu; i < x->t->n_iommus; i++) {
		const struct iot_iommu *o = &x->t->iommus[i];

		if (o->model == IOT_IOMMU_INTEL_VTD && !o->x86.duplicate &&
		    o->x86.segment == segment && o->base == base) {
			iot_x86_report(
				c, 8, IOT_RULE_DMAR_DRHD_DUPLICATE,
				"%s Register Base Address: 0x%llx in segment %u is %s's too; "
				"Linux ignores this DRHD (dmar.c:dmar_find_dmaru)",
				what, (unsigned long long)base, segment, o->name);
			dup = true;
			break;
		}
	}
	u = iot_add_iommu(x->t);
	if (dup)
		snprintf(name, sizeof(name), "drhd%u-duplicate", x->count[DMAR_DRHD]);
	else
		snprintf(name, sizeof(name), "dmar%u", x->n_units++);
	u->name = iot_strdup(name);
	u->model = IOT_IOMMU_INTEL_VTD;
	keep_offset(&u->fw, c);
	iot_layout_read(iot_dmar_type(DMAR_DRHD)->body, 0, c, 0, u, &u->fw.fields, &u->fw.n_fields,
			0);
	u->loc = iot_cur_loc(c, 0);
	u->pci_segment = segment; /* how YAML carries it: pci: {segment} */
	u->x86.include_all = flags & 1;
	u->x86.duplicate = dup;
	if (!base)
		iot_x86_report(
			c, 8, IOT_RULE_DMAR_DRHD_BASE_ZERO,
			"%s Register Base Address is 0: Linux rejects the whole DMAR and runs "
			"without VT-d (dmar.c:dmar_validate_one_drhd, \"Your BIOS is broken; "
			"DMAR reported at address 0!\")",
			what);
	else if (base & 0xfff)
		iot_x86_report(c, 8, IOT_RULE_DMAR_DRHD_BASE,
			       "%s Register Base Address: 0x%llx is not 4 KiB aligned", what,
			       (unsigned long long)base);
	errors = x->errors;
	read_scopes(x, c, 16, DMAR_DRHD, what, &u->x86.scopes, &u->x86.n_scopes, &u->fw);
	/*
	 * A DRHD with only IOAPIC/HPET scopes is legitimate (an interrupt
	 * remapping unit for the platform's I/O APICs, as on X299 boards).
	 */
	if (!u->x86.include_all && !dup && x->errors == errors && !u->x86.n_scopes)
		iot_x86_report(c, 0, IOT_RULE_DMAR_DRHD_EMPTY,
			       "%s: neither INCLUDE_PCI_ALL nor a device scope, so it remaps "
			       "nothing",
			       what);
}

/* The structure's bytes from the layout of its @type into @e, and where it was. */
static struct iot_x86_entry *add_entry(struct dmar_ctx *x, const struct iot_cur *c,
				       enum iot_x86_entry_kind kind, enum dmar_type type)
{
	struct iot_x86_entry *e = iot_add_x86_entry(x->t);

	e->kind = kind;
	e->raw_type = (uint8_t)type;
	e->loc = iot_cur_loc(c, 0);
	keep_offset(&e->fw, c);
	iot_layout_read(iot_dmar_type(type)->body, 0, c, 0, e, &e->fw.fields, &e->fw.n_fields, 0);
	return e;
}

static void read_rmrr(struct dmar_ctx *x, const struct iot_cur *c, const char *what)
{
	struct iot_x86_entry *e = add_entry(x, c, IOT_X86_RMRR, DMAR_RMRR);

	/* arch/x86 arch_rmrr_sanity_check: page-aligned base and end+1, end > base */
	if (e->end <= e->base || (e->base & 0xfff) || ((e->end + 1) & 0xfff))
		iot_x86_report(c, 8, IOT_RULE_DMAR_RMRR_RANGE,
			       "%s: region 0x%llx..0x%llx is not a page-aligned range with end > "
			       "base (Linux: \"Your BIOS is broken; bad RMRR\")",
			       what, (unsigned long long)e->base, (unsigned long long)e->end);
	read_scopes(x, c, 24, DMAR_RMRR, what, &e->scopes, &e->n_scopes, &e->fw);
	if (!e->n_scopes)
		iot_x86_report(c, 0, IOT_RULE_DMAR_RMRR_SCOPE,
			       "%s: no device scope, so the region applies to no device", what);
}

/*
 * ATSR, SATC and SIDP: Flags (SIDP: reserved), Reserved, Segment, then device
 * scopes.  Linux reads ATSR and SATC (dmar.c:dmar_parse_one_atsr,
 * dmar_parse_one_satc); SIDP has no handler in parse_dmar_table, whose
 * ignore_unhandled skips it, so its scopes and their Flags are kept only.
 */
static void read_atsr_satc(struct dmar_ctx *x, const struct iot_cur *c, enum dmar_type type,
			   const char *what)
{
	struct iot_x86_entry *e = add_entry(x, c,
					    type == DMAR_ATSR ? IOT_X86_ATSR :
					    type == DMAR_SATC ? IOT_X86_SATC :
								IOT_X86_SIDP,
					    type);

	e->all_devices = type == DMAR_ATSR && (e->flags & 1);
	read_scopes(x, c, 8, type, what, &e->scopes, &e->n_scopes, &e->fw);
}

static void read_rhsa(struct dmar_ctx *x, const struct iot_cur *c, const char *what)
{
	uint64_t base = iot_cur_u64(c, 8);
	uint32_t pxm = iot_cur_u32(c, 16);

	/*
	 * dmar.c:dmar_parse_one_rhsa matches on the base address alone and sets
	 * the unit's node: a later RHSA for the same unit wins.  The unit holds
	 * one RHSA, the last; an earlier one is kept as bytes, in place.
	 */
	for (size_t i = x->first_iommu; i < x->t->n_iommus; i++) {
		struct iot_iommu *u = &x->t->iommus[i];
		struct iot_cur prev;

		if (u->model != IOT_IOMMU_INTEL_VTD || u->x86.duplicate || u->base != base)
			continue;
		if (u->x86.rhsa_fw.has_offset &&
		    iot_cur_sub(&prev, &x->c, u->x86.rhsa_fw.offset,
				iot_cur_u16(&x->c, u->x86.rhsa_fw.offset + 2), "%s", what)) {
			iot_x86_keep_raw(&prev, iot_add_dmar_raw(x->t), DMAR_RHSA);
			iot_fw_node_free(&u->x86.rhsa_fw);
		}
		u->has_pxm = true;
		u->pxm = pxm;
		keep_offset(&u->x86.rhsa_fw, c);
		iot_layout_read(iot_dmar_type(DMAR_RHSA)->body, 0, c, 0, u, &u->x86.rhsa_fw.fields,
				&u->x86.rhsa_fw.n_fields, 0);
		return;
	}
	/* the model has no unit to hang it on: kept as bytes, written back in place */
	iot_x86_keep_raw(c, iot_add_dmar_raw(x->t), DMAR_RHSA);
	iot_x86_report(c, 8, IOT_RULE_DMAR_RHSA_UNIT,
		       "%s Register Base Address: 0x%llx is no DRHD's (Linux: \"RHSA refers to "
		       "non-existent DMAR unit\")",
		       what, (unsigned long long)base);
}

static void read_andd(struct dmar_ctx *x, const struct iot_cur *c, const char *what)
{
	size_t n = c->len - 8;
	struct iot_x86_andd *a = iot_add_x86_andd(x->t);
	char *name = iot_xmalloc(n + 1);

	iot_x86_str(c, 8, n, name);
	keep_offset(&a->fw, c);
	iot_layout_read(iot_dmar_type(DMAR_ANDD)->body, 0, c, 0, a, &a->fw.fields, &a->fw.n_fields,
			0);
	a->name = name;
	a->loc = iot_cur_loc(c, 0);
	/* bytes after the NUL, inside Length (firmware pads names to 4 or 8 bytes) */
	if (strlen(name) + 1 < n) {
		size_t end = 8 + strlen(name) + 1;

		iot_bytes_set(&a->fw.tail, c->tbl + c->start + end, c->len - end);
	}
	/* dmar.c:dmar_parse_one_andd wants the NUL inside Length */
	if (strlen(name) == n) {
		iot_x86_report(c, 8, IOT_RULE_DMAR_ANDD_NAME,
			       "%s Object Name: not NUL-terminated within Length %zu", what,
			       c->len);
		x->errors++;
	}
}

static void read_structure(struct dmar_ctx *x, const struct iot_cur *c, uint16_t type)
{
	char what[48];

	snprintf(what, sizeof(what), "DMAR %s %u", type_name(type), x->count[type]);
	switch (type) {
	case DMAR_DRHD:
		read_drhd(x, c, what);
		break;
	case DMAR_RMRR:
		read_rmrr(x, c, what);
		break;
	case DMAR_ATSR:
	case DMAR_SATC:
	case DMAR_SIDP:
		read_atsr_satc(x, c, type, what);
		break;
	case DMAR_RHSA:
		read_rhsa(x, c, what);
		break;
	case DMAR_ANDD:
		read_andd(x, c, what);
		break;
	}
	x->count[type]++;
}

/* Two INCLUDE_PCI_ALL units in a segment: the first one in the table gets every device. */
static void check_include_all(struct dmar_ctx *x)
{
	for (size_t i = x->first_iommu; i < x->t->n_iommus; i++) {
		const struct iot_iommu *u = &x->t->iommus[i];

		if (!u->x86.include_all || u->x86.duplicate)
			continue;
		for (size_t j = x->first_iommu; j < i; j++) {
			const struct iot_iommu *o = &x->t->iommus[j];

			if (o->x86.include_all && !o->x86.duplicate &&
			    o->x86.segment == u->x86.segment) {
				iot_x86_report(&x->c, u->loc.offset + 4, IOT_RULE_DMAR_INCLUDE_ALL,
					       "DMAR %s Flags: INCLUDE_PCI_ALL for segment %u, "
					       "which %s already includes; %s gets no device",
					       u->name, u->x86.segment, o->name, u->name);
				break;
			}
		}
	}
}

int iot_dmar_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	struct dmar_ctx x = { .t = t, .first_iommu = t->n_iommus };
	size_t errors_before = d->n_errors;
	bool stopped = false, zero_stop = false;
	size_t off;

	static const struct iot_x86_table_rules rules = { IOT_RULE_DMAR_HEADER,
							  IOT_RULE_DMAR_LENGTH,
							  IOT_RULE_DMAR_CHECKSUM };

	if (iot_x86_table(&x.c, data, len, file, "DMAR", &rules, d) < 0)
		return -1;
	x.c.src = IOT_SRC_DMAR;
	x.c.origin = iot_add_acpi_origin(t, IOT_SRC_DMAR, IOT_TABLE_DMAR, file, data, len);
	if (!iot_x86_need(&x.c, 36, DMAR_HEADER_LEN - 36, IOT_RULE_DMAR_LENGTH,
			  "DMAR Host Address Width, Flags and Reserved"))
		return -1;
	t->x86.has_dmar = true;
	t->x86.dmar_revision = iot_cur_u8(&x.c, 8);
	{
		struct iot_fw_table *ft = &t->x86.dmar_fw;
		struct iot_cur hc = x.c;

		/* a second DMAR read into the topology keeps nothing of its layout */
		snprintf(hc.what, sizeof(hc.what), "DMAR header");
		iot_acpi_keep_header(data, "DMAR", t, ft->has ? NULL : ft);
		iot_layout_read(&iot_dmar_header, 0, &hc, 0, t, ft->has ? NULL : &ft->fields,
				&ft->n_fields, 0);
		ft->has = true;
	}
	/* dmar.c:parse_dmar_table rejects the table ("Invalid DMAR haw") */
	if (t->x86.dmar_haw < 11)
		iot_x86_report(&x.c, 36, IOT_RULE_DMAR_HAW,
			       "DMAR Host Address Width: %u (%u bits) is below the 4 KiB page "
			       "shift; Linux rejects the table",
			       t->x86.dmar_haw, t->x86.dmar_haw + 1);
	for (off = DMAR_HEADER_LEN; off < x.c.len;) {
		uint16_t type, slen;
		struct iot_cur sub;
		char what[48];

		if (!iot_cur_has(&x.c, off, 4)) {
			iot_x86_report(
				&x.c, off, IOT_RULE_DMAR_LENGTH,
				"DMAR structure at 0x%zx: %zu bytes left, too few for a Type "
				"and Length",
				off, x.c.len - off);
			stopped = true;
			break;
		}
		if (x.full)
			break;
		if (++x.items > IOT_X86_MAX_ITEMS) {
			iot_x86_report(
				&x.c, off, IOT_RULE_DMAR_LENGTH,
				"DMAR structure at 0x%zx: more than %d structures and device "
				"scopes in the table; iotopo stops here",
				off, IOT_X86_MAX_ITEMS);
			break;
		}
		type = iot_cur_u16(&x.c, off);
		slen = iot_cur_u16(&x.c, off + 2);
		if (type < DMAR_NR_KNOWN)
			snprintf(what, sizeof(what), "DMAR %s %u", type_name(type), x.count[type]);
		else
			snprintf(what, sizeof(what), "DMAR structure type %u", type);
		if (slen == 0) {
			/* dmar.c:dmar_walk_remapping_entries stops here as well */
			iot_x86_report(&x.c, off + 2, IOT_RULE_DMAR_LENGTH,
				       "%s Length: 0; nothing after it can be read", what);
			stopped = zero_stop = true;
			break;
		}
		if (!iot_cur_has(&x.c, off, slen)) {
			iot_x86_report(&x.c, off + 2, IOT_RULE_DMAR_LENGTH,
				       "%s Length: %u runs past the end of the table at 0x%zx "
				       "(Linux rejects the table: \"Record passes table end\")",
				       what, slen, x.c.len);
			stopped = true;
			break;
		}
		iot_cur_sub(&sub, &x.c, off, slen, "%s", what);
		if (type >= DMAR_NR_KNOWN) {
			iot_x86_keep_raw(&sub, iot_add_dmar_raw(t), type);
			iot_x86_report(&x.c, off, IOT_RULE_DMAR_UNKNOWN_STRUCTURE,
				       "%s: not known here; kept as bytes (Linux skips it)", what);
		} else if (slen < iot_dmar_type(type)->min_len) {
			iot_x86_report(&x.c, off + 2, IOT_RULE_DMAR_LENGTH,
				       "%s Length: %u is shorter than the %u-byte %s structure",
				       what, slen, iot_dmar_type(type)->min_len, type_name(type));
			x.count[type]++;
		} else {
			read_structure(&x, &sub, type);
		}
		off += slen;
	}
	stopped |= x.full || x.items > IOT_X86_MAX_ITEMS;
	check_include_all(&x);
	drop_canonical_offsets(t);
	if (!stopped && x.n_units == 0 && x.count[DMAR_DRHD] == 0)
		iot_x86_report(&x.c, 0, IOT_RULE_DMAR_NO_DRHD,
			       "DMAR: no DRHD, so no device is translated");
	/*
	 * dmar.c:dmar_walk_remapping_entries ends the walk at a 0-length structure
	 * without an error: the DRHDs before it are all Linux has (dmar_table_init:
	 * "No DMAR devices found" when there are none).
	 */
	else if (zero_stop && !x.full && x.count[DMAR_DRHD] == 0)
		iot_x86_report(&x.c, 0, IOT_RULE_DMAR_NO_DRHD,
			       "DMAR: no DRHD before the 0-length structure where Linux stops "
			       "reading, so no device is translated");
	(void)errors_before;
	/* fail-soft: findings (even errors) leave the rest read; -1 only for an unusable header */
	return 0;
}

/* ---- model -> DMAR ---- */

bool iot_topology_has_dmar(const struct iot_topology *t)
{
	if (t->x86.has_dmar)
		return true;
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_INTEL_VTD)
			return true;
	return false;
}

/* One structure to write, in canonical (type) order or the table's. */
struct ditem {
	uint8_t type;
	const void *obj; /* iot_iommu (DRHD, RHSA), iot_x86_entry, iot_x86_andd, iot_x86_raw */
	const struct iot_fw_node *fw; /* NULL for a raw structure */
	size_t canon; /* position in canonical order */
};

static bool ditem_has_offset(const struct ditem *it)
{
	return !it->fw || it->fw->has_offset;
}

static uint32_t ditem_offset(const struct ditem *it)
{
	return it->fw ? it->fw->offset : ((const struct iot_x86_raw *)it->obj)->offset;
}

static int ditem_by_offset(const void *a, const void *b)
{
	const struct ditem *x = a, *y = b;
	uint32_t ox = ditem_offset(x), oy = ditem_offset(y);

	if (ox != oy)
		return ox < oy ? -1 : 1;
	return x->canon < y->canon ? -1 : x->canon > y->canon;
}

static int raw_by_offset(const void *a, const void *b)
{
	const struct iot_x86_raw *const *x = a, *const *y = b;

	return (*x)->offset < (*y)->offset ? -1 : (*x)->offset > (*y)->offset;
}

static const enum iot_x86_entry_kind entry_kind_of_type[DMAR_NR_KNOWN] = {
	[DMAR_RMRR] = IOT_X86_RMRR,
	[DMAR_ATSR] = IOT_X86_ATSR,
	[DMAR_SATC] = IOT_X86_SATC,
	[DMAR_SIDP] = IOT_X86_SIDP,
};

/*
 * The structures of @t in canonical order: DRHDs (model order), RMRRs,
 * ATSRs, RHSAs, ANDDs, SATCs, SIDPs (VT-d 8.2 lists them so; every real
 * table seen follows it).  Raw structures are not in it.
 */
static size_t canonical_items(const struct iot_topology *t, struct ditem **out)
{
	size_t n = 0, cap = t->n_iommus * 2 + t->n_x86_entries + t->n_x86_andds + 1;
	struct ditem *v = iot_xcalloc(cap, sizeof(*v));

	for (unsigned int type = 0; type < DMAR_NR_KNOWN; type++) {
		switch (type) {
		case DMAR_DRHD:
		case DMAR_RHSA:
			for (size_t i = 0; i < t->n_iommus; i++) {
				const struct iot_iommu *u = &t->iommus[i];

				if (u->model != IOT_IOMMU_INTEL_VTD ||
				    (type == DMAR_RHSA && !u->has_pxm))
					continue;
				v[n] = (struct ditem){ (uint8_t)type, u,
						       type == DMAR_DRHD ? &u->fw : &u->x86.rhsa_fw,
						       n };
				n++;
			}
			break;
		case DMAR_ANDD:
			for (size_t i = 0; i < t->n_x86_andds; i++, n++)
				v[n] = (struct ditem){ (uint8_t)type, &t->x86_andds[i],
						       &t->x86_andds[i].fw, n };
			break;
		default:
			for (size_t i = 0; i < t->n_x86_entries; i++) {
				const struct iot_x86_entry *e = &t->x86_entries[i];

				if (e->kind != entry_kind_of_type[type])
					continue;
				v[n] = (struct ditem){ (uint8_t)type, e, &e->fw, n };
				n++;
			}
		}
	}
	*out = v;
	return n;
}

/* Whether the table order of what was read is the canonical one (offsets then say nothing). */
static bool canonical_order(const struct iot_topology *t)
{
	struct ditem *v;
	size_t n = canonical_items(t, &v);
	bool ok = true;

	for (size_t i = 0; i < n && ok; i++)
		ok = v[i].fw->has_offset && (!i || v[i - 1].fw->offset < v[i].fw->offset);
	free(v);
	return ok;
}

/* Offsets are kept only where the writer's canonical order would not give them back. */
static void drop_canonical_offsets(struct iot_topology *t)
{
	struct ditem *v;
	size_t n;

	if (!canonical_order(t))
		return;
	n = canonical_items(t, &v);
	for (size_t i = 0; i < n; i++) {
		struct iot_fw_node *fw = (struct iot_fw_node *)v[i].fw;

		fw->has_offset = false;
		fw->offset = 0;
	}
	free(v);
}

struct dcalc {
	uint16_t type, length;
	uint8_t scope_length;
};

static bool dcalc(void *ctx, const struct iot_field *f, uint64_t *v)
{
	const struct dcalc *c = ctx;

	if (!strcmp(f->key, "type"))
		*v = c->type;
	else if (!strcmp(f->key, "length"))
		*v = c->length;
	else if (!strcmp(f->key, "scope-length"))
		*v = c->scope_length;
	else
		return false;
	return true;
}

static size_t scopes_len(const struct iot_x86_scope *s, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		len += DMAR_SCOPE_HDR + IOT_DMAR_PATH_LEN * s[i].n_path;
	return len;
}

static void put_scopes(struct iot_buf *out, const struct iot_x86_scope *s, size_t n,
		       const struct iot_fw_node *fw)
{
	for (size_t k = 0; k < n; k++) {
		struct dcalc c = { 0, 0, (uint8_t)(DMAR_SCOPE_HDR + 2 * s[k].n_path) };

		iot_layout_write(&iot_dmar_scope, 0, out, out->len, &s[k], fw->fields, fw->n_fields,
				 (uint32_t)k, dcalc, &c, NULL);
		for (size_t i = 0; i < s[k].n_path; i++)
			iot_layout_write(&iot_dmar_path, 0, out, out->len, &s[k].path[i], NULL, 0,
					 0, NULL, NULL, NULL);
	}
}

/* One structure; false (with an error) when it cannot be written. */
static bool put_item(const struct iot_topology *t, const struct ditem *it, struct iot_buf *out,
		     struct iot_acpi_names *names, struct iot_diags *d)
{
	const struct iot_dmar_type *ty = iot_dmar_type(it->type);
	const struct iot_x86_scope *sc = NULL;
	const void *obj = it->obj;
	struct iot_iommu tmp;
	size_t n_sc = 0, len, start = out->len;
	const char *str = NULL;
	const struct iot_bytes *tail = NULL;
	const struct iot_loc *loc = NULL;
	const char *name = "";

	if (!it->fw) {
		const struct iot_x86_raw *r = obj;

		acpi_name_add(names, (uint32_t)start, "structure type %u, kept as bytes", r->type);
		iot_buf_add(out, r->bytes.v, r->bytes.n);
		return true;
	}
	switch (it->type) {
	case DMAR_DRHD:
	case DMAR_RHSA: {
		const struct iot_iommu *u = obj;

		/* YAML carries the segment as pci.segment and INCLUDE_PCI_ALL on its own */
		tmp = *u;
		tmp.x86.segment = u->pci_segment;
		tmp.x86.flags = (uint8_t)((u->x86.flags & ~1u) | (u->x86.include_all ? 1u : 0u));
		obj = &tmp;
		sc = u->x86.scopes;
		n_sc = it->type == DMAR_DRHD ? u->x86.n_scopes : 0;
		loc = &u->loc;
		name = u->name;
		break;
	}
	case DMAR_ANDD: {
		const struct iot_x86_andd *a = obj;

		str = a->name ? a->name : "";
		tail = &it->fw->tail;
		loc = &a->loc;
		name = str;
		break;
	}
	default: {
		const struct iot_x86_entry *e = obj;

		sc = e->scopes;
		n_sc = e->n_scopes;
		loc = &e->loc;
		break;
	}
	}
	len = ty->min_len + scopes_len(sc, n_sc);
	if (it->type == DMAR_ANDD)
		len = 8 + strlen(str) + 1 + (tail->has ? tail->n : 0);
	if (len > 0xffff) {
		iot_error(d, loc, "the DMAR %s of '%s' would be %zu bytes; its Length is 16 bits",
			  ty->name, name, len);
		return false;
	}
	if (*name)
		acpi_name_add(names, (uint32_t)start, "%s '%s'", ty->name, name);
	else
		acpi_name_add(names, (uint32_t)start, "%s", ty->name);
	{
		struct dcalc c = { ty->type, (uint16_t)len, 0 };

		iot_layout_write(ty->body, 0, out, start, obj, it->fw->fields, it->fw->n_fields, 0,
				 dcalc, &c, str);
	}
	if (tail && tail->has)
		iot_buf_add(out, tail->v, tail->n);
	if (n_sc)
		put_scopes(out, sc, n_sc, it->fw);
	return true;
}

int iot_dmar_write(const struct iot_topology *t, struct iot_buf *out, struct iot_acpi_names *names,
		   struct iot_diags *d)
{
	const struct iot_fw_table *ft = &t->x86.dmar_fw;
	struct iot_topology hdr = { 0 };
	struct ditem *v;
	size_t n = canonical_items(t, &v), nr = t->n_dmar_raws, ri = 0;
	const struct iot_x86_raw **raws = iot_xcalloc(nr + 1, sizeof(*raws));
	bool by_offset = true;
	int rc = 0;

	for (size_t i = 0; i < nr; i++)
		raws[i] = &t->dmar_raws[i];
	qsort(raws, nr, sizeof(*raws), raw_by_offset);
	for (size_t i = 0; i < n; i++)
		by_offset &= ditem_has_offset(&v[i]);
	iot_buf_reset(out);
	acpi_put_header(out, "DMAR", t->x86.has_dmar ? t->x86.dmar_revision : 1, &t->machine, ft);
	/* without a DMAR read: 39-bit host addresses, as QEMU's q35 has them; no flags */
	hdr.x86.dmar_haw = t->x86.has_dmar ? t->x86.dmar_haw : 38;
	hdr.x86.dmar_flags = t->x86.has_dmar ? t->x86.dmar_flags : 0;
	iot_layout_write(&iot_dmar_header, 0, out, 0, &hdr, ft->fields, ft->n_fields, 0, NULL, NULL,
			 NULL);
	if (by_offset) {
		/* every structure says where it was: the table's own order, raw ones included */
		v = iot_xrealloc(v, (n + nr + 1) * sizeof(*v));
		for (size_t i = 0; i < nr; i++)
			v[n + i] = (struct ditem){ (uint8_t)raws[i]->type, raws[i], NULL, n + i };
		n += nr;
		nr = 0;
		qsort(v, n, sizeof(*v), ditem_by_offset);
	}
	for (size_t i = 0; i <= n; i++) {
		/* a raw structure goes back where it was, once what precedes it is written */
		while (ri < nr && (i == n || raws[ri]->offset <= out->len)) {
			struct ditem r = { (uint8_t)raws[ri]->type, raws[ri], NULL, 0 };

			put_item(t, &r, out, names, d);
			ri++;
		}
		if (i < n && !put_item(t, &v[i], out, names, d))
			rc = -1;
	}
	free(v);
	free(raws);
	if (!rc && out->len > 0xffffffffu) {
		iot_error(d, NULL, "the DMAR would be %zu bytes; its Length is 32 bits", out->len);
		rc = -1;
	}
	if (!rc)
		acpi_finish(out);
	return rc;
}
