// SPDX-License-Identifier: MIT
/*
 * ACPI DMAR (Intel VT-d spec, ch. 8) -> model.  Layouts as in ACPICA
 * actbl1.h (struct acpi_table_dmar, acpi_dmar_*) and the walk of
 * drivers/iommu/intel/dmar.c:dmar_walk_remapping_entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "acpi/cursor.h"
#include "x86/x86_int.h"
#include "x86/x86.h"

#define DMAR_HEADER_LEN 48 /* ACPI header + HAW, Flags, 10 reserved */
#define DMAR_SCOPE_HDR 6 /* Type, Length, Flags, Reserved, Enumeration ID, Start Bus */

enum dmar_type {
	DMAR_DRHD,
	DMAR_RMRR,
	DMAR_ATSR,
	DMAR_RHSA,
	DMAR_ANDD,
	DMAR_SATC,
	DMAR_SIDP, /* VT-d 4.1: SoC Integrated Device Property */
	DMAR_NR_KNOWN,
};

static const char *const dmar_type_names[DMAR_NR_KNOWN] = {
	"DRHD", "RMRR", "ATSR", "RHSA", "ANDD", "SATC", "SIDP",
};

/* Smallest Length each structure can have (fixed part). */
static const unsigned int dmar_min_len[DMAR_NR_KNOWN] = { 16, 24, 8, 20, 9, 8, 8 };

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
 * loop forever on a 0 Length).
 */
static size_t walk_scopes(struct dmar_ctx *x, const struct iot_cur *c, size_t off,
			  enum dmar_type type, const char *what, bool report,
			  struct iot_x86_scope *out)
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
					       dmar_type_names[type]);
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
			s->raw_type = stype;
			s->kind = kind;
			s->flags = iot_cur_u8(c, off + 2);
			s->enum_id = iot_cur_u8(c, off + 4);
			s->start_bus = iot_cur_u8(c, off + 5);
			s->n_path = n_path;
			s->loc = iot_cur_loc(c, off);
			s->loc.length = slen; /* the whole device scope */
			if (n_path)
				s->path = iot_xcalloc(n_path, sizeof(*s->path));
			for (size_t i = 0; i < n_path; i++) {
				s->path[i].dev = iot_cur_u8(c, off + DMAR_SCOPE_HDR + 2 * i);
				s->path[i].fn = iot_cur_u8(c, off + DMAR_SCOPE_HDR + 2 * i + 1);
			}
		}
		n++;
		off += slen;
	}
	return n;
}

static void read_scopes(struct dmar_ctx *x, const struct iot_cur *c, size_t off,
			enum dmar_type type, const char *what, struct iot_x86_scope **v, size_t *n)
{
	size_t count = walk_scopes(x, c, off, type, what, true, NULL);

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
	*n = count ? walk_scopes(x, c, off, type, what, false, *v) : 0;
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
	u->base = base;
	u->loc = iot_cur_loc(c, 0);
	u->x86.segment = segment;
	u->pci_segment = segment; /* how YAML carries it: pci: {segment} */
	u->x86.flags = flags;
	u->x86.include_all = flags & 1;
	u->x86.size = iot_cur_u8(c, 5);
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
	read_scopes(x, c, 16, DMAR_DRHD, what, &u->x86.scopes, &u->x86.n_scopes);
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

static struct iot_x86_entry *add_entry(struct dmar_ctx *x, const struct iot_cur *c,
				       enum iot_x86_entry_kind kind, uint8_t raw)
{
	struct iot_x86_entry *e = iot_add_x86_entry(x->t);

	e->kind = kind;
	e->raw_type = raw;
	e->loc = iot_cur_loc(c, 0);
	return e;
}

static void read_rmrr(struct dmar_ctx *x, const struct iot_cur *c, const char *what)
{
	struct iot_x86_entry *e = add_entry(x, c, IOT_X86_RMRR, DMAR_RMRR);

	e->segment = iot_cur_u16(c, 6);
	e->base = iot_cur_u64(c, 8);
	e->end = iot_cur_u64(c, 16);
	/* arch/x86 arch_rmrr_sanity_check: page-aligned base and end+1, end > base */
	if (e->end <= e->base || (e->base & 0xfff) || ((e->end + 1) & 0xfff))
		iot_x86_report(c, 8, IOT_RULE_DMAR_RMRR_RANGE,
			       "%s: region 0x%llx..0x%llx is not a page-aligned range with end > "
			       "base (Linux: \"Your BIOS is broken; bad RMRR\")",
			       what, (unsigned long long)e->base, (unsigned long long)e->end);
	read_scopes(x, c, 24, DMAR_RMRR, what, &e->scopes, &e->n_scopes);
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
					    (uint8_t)type);

	e->flags = type == DMAR_SIDP ? 0 : iot_cur_u8(c, 4);
	e->segment = iot_cur_u16(c, 6);
	e->all_devices = type == DMAR_ATSR && (e->flags & 1);
	read_scopes(x, c, 8, type, what, &e->scopes, &e->n_scopes);
}

static void read_rhsa(struct dmar_ctx *x, const struct iot_cur *c, const char *what)
{
	uint64_t base = iot_cur_u64(c, 8);
	uint32_t pxm = iot_cur_u32(c, 16);

	/* dmar.c:dmar_parse_one_rhsa matches on the base address alone */
	for (size_t i = x->first_iommu; i < x->t->n_iommus; i++) {
		struct iot_iommu *u = &x->t->iommus[i];

		if (u->model == IOT_IOMMU_INTEL_VTD && !u->x86.duplicate && u->base == base) {
			u->has_pxm = true;
			u->pxm = pxm;
			return;
		}
	}
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
	a->number = iot_cur_u8(c, 7);
	a->name = name;
	a->loc = iot_cur_loc(c, 0);
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

	snprintf(what, sizeof(what), "DMAR %s %u", dmar_type_names[type], x->count[type]);
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
	t->x86.dmar_haw = iot_cur_u8(&x.c, 36);
	t->x86.dmar_flags = iot_cur_u8(&x.c, 37);
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
			snprintf(what, sizeof(what), "DMAR %s %u", dmar_type_names[type],
				 x.count[type]);
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
		} else if (slen < dmar_min_len[type]) {
			iot_x86_report(&x.c, off + 2, IOT_RULE_DMAR_LENGTH,
				       "%s Length: %u is shorter than the %u-byte %s structure",
				       what, slen, dmar_min_len[type], dmar_type_names[type]);
			x.count[type]++;
		} else {
			read_structure(&x, &sub, type);
		}
		off += slen;
	}
	stopped |= x.full || x.items > IOT_X86_MAX_ITEMS;
	check_include_all(&x);
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
