// SPDX-License-Identifier: MIT
/*
 * IVRS <- model.  The header, then the blocks in the order of the table
 * they were read from (IVHD units, IVMD entries and raw blocks by their
 * offsets; a topology written by hand gets its units, then its IVMDs), each
 * laid out by its table in src/tables/ivrs.c, with the bytes the reader
 * kept (reserved fields, padding entries, a range end's Data Setting,
 * unknown blocks) put back in place.
 */
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi_int.h"
#include "tables/ivrs.h"
#include "util/mem.h"
#include "x86/x86.h"

bool iot_topology_has_ivrs(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_AMD_VI)
			return true;
	for (size_t i = 0; i < t->n_x86_entries; i++)
		if (t->x86_entries[i].kind == IOT_X86_IVMD)
			return true;
	return t->n_ivrs_raws != 0;
}

/* What the writer computes: Lengths, the range end's type, the UID's length. */
struct icalc {
	uint64_t len, mem, uidl;
	uint8_t type;
};

static bool icalc(void *ctx, const struct iot_field *f, uint64_t *v)
{
	const struct icalc *c = ctx;

	if (!strcmp(f->key, "length"))
		*v = c->len;
	else if (!strcmp(f->key, "memory-length"))
		*v = c->mem;
	else if (!strcmp(f->key, "uid-length"))
		*v = c->uidl;
	else if (!strcmp(f->key, "entry-type"))
		*v = c->type;
	else
		return false;
	return true;
}

/* The entry type a scope is written as; -1 for a DMAR kind. */
static int entry_type(const struct iot_x86_scope *s)
{
	int t;

	switch (s->kind) {
	case IOT_X86_SCOPE_ALL:
		return IOT_IVHD_ALL;
	case IOT_X86_SCOPE_IDS:
		t = s->has_ext ? IOT_IVHD_EXT_SELECT : IOT_IVHD_SELECT;
		break;
	case IOT_X86_SCOPE_ALIAS:
		t = IOT_IVHD_ALIAS;
		break;
	case IOT_X86_SCOPE_IOAPIC:
	case IOT_X86_SCOPE_HPET:
		return IOT_IVHD_SPECIAL;
	case IOT_X86_SCOPE_ACPI_HID:
		return IOT_IVHD_ACPI_HID;
	case IOT_X86_SCOPE_OTHER:
		return s->raw_type;
	default:
		return -1;
	}
	/* a select, or a range when the IDs need one or the table had one (of one ID) */
	return s->first != s->last || s->raw_type == t + 1 ? t + 1 : t;
}

/* 8 bytes of HID/CID: the kept value, else the string NUL padded. */
static void put_chars(struct iot_buf *b, size_t at, const struct iot_x86_scope *s, const char *key,
		      const char *str)
{
	const struct iot_fw_field *k = iot_fw_field_get(s->fields, s->n_fields, key, 0);
	uint8_t v[8] = { 0 };

	if (k) {
		iot_buf_put_le(b, at, k->value, 8);
		return;
	}
	memcpy(v, str, strnlen(str, 8));
	memcpy(b->data + at, v, 8);
}

static int put_entry(struct iot_buf *b, const struct iot_iommu *u, size_t k, struct iot_diags *d)
{
	const struct iot_x86_scope *s = &u->x86.scopes[k];
	int type = entry_type(s);
	const struct iot_layout *l = type >= 0 ? iot_ivhd_entry_layout((unsigned int)type) : NULL;
	struct iot_x86_scope e = *s;
	struct icalc c = { .type = IOT_IVHD_RANGE_END };
	size_t at = b->len;

	if (!l) {
		iot_error(d, &s->loc,
			  "amd-vi unit '%s': device entry %zu (%s) has no IVHD layout iotopo can "
			  "write (type %02xh has no length Linux knows)",
			  u->name, k, iot_x86_scope_kind_name(s->kind), (unsigned int)s->raw_type);
		return -1;
	}
	e.raw_type = (uint8_t)type;
	if (type == IOT_IVHD_ACPI_HID)
		c.uidl = s->uid ? strlen(s->uid) : 0;
	iot_layout_write(l, 0, b, at, &e, s->fields, s->n_fields, 0, icalc, &c, NULL);
	if (type == IOT_IVHD_ACPI_HID) {
		size_t uidl = b->data[at + 21];

		put_chars(b, at + 4, s, "hid", s->hid);
		put_chars(b, at + 12, s, "cid", s->cid);
		iot_buf_add(b, s->uid ? s->uid : "", c.uidl < uidl ? c.uidl : uidl);
		if (uidl > c.uidl)
			iot_buf_zeros(b, uidl - c.uidl);
	}
	if (iot_ivhd_type_starts_range((unsigned int)type))
		iot_layout_write(&iot_ivhd_entry_end, 0, b, b->len, &e, s->fields, s->n_fields, 0,
				 icalc, &c, NULL);
	return 0;
}

static int put_ivhd(struct iot_buf *b, const struct iot_iommu *u, struct iot_diags *d)
{
	struct iot_iommu h = *u;
	const struct iot_layout *l;
	struct icalc c = { 0 };
	size_t at = b->len;
	int rc = 0;

	if (!h.x86.ivhd_type)
		h.x86.ivhd_type = 0x10;
	l = iot_ivhd_layout(h.x86.ivhd_type);
	if (!l) {
		iot_error(d, &u->loc, "amd-vi unit '%s': IVHD type 0x%x is not 0x10, 0x11 or 0x40",
			  u->name, h.x86.ivhd_type);
		return -1;
	}
	iot_buf_zeros(b, iot_layout_size(l, 0));
	for (size_t k = 0; k < u->x86.n_scopes; k++)
		rc |= put_entry(b, u, k, d);
	if (u->fw.tail.has)
		iot_buf_add(b, u->fw.tail.v, u->fw.tail.n);
	c.len = b->len - at;
	if (c.len > 0xffff) {
		iot_error(
			d, &u->loc,
			"amd-vi unit '%s': its IVHD would be %llu bytes; an IVHD Length is 16 bits",
			u->name, (unsigned long long)c.len);
		return -1;
	}
	iot_layout_write(l, 0, b, at, &h, u->fw.fields, u->fw.n_fields, 0, icalc, &c, NULL);
	return rc;
}

static void put_ivmd(struct iot_buf *b, const struct iot_x86_entry *e)
{
	struct icalc c = { .mem = e->end - e->base + 1 };
	size_t at = b->len;

	iot_buf_zeros(b, IOT_IVMD_LEN);
	if (e->fw.tail.has)
		iot_buf_add(b, e->fw.tail.v, e->fw.tail.n);
	c.len = b->len - at;
	iot_layout_write(&iot_ivmd, 0, b, at, e, e->fw.fields, e->fw.n_fields, 0, icalc, &c, NULL);
}

/* A block to write: an IVHD unit (0), an IVMD (1) or a raw block (2). */
struct block {
	uint64_t key; /* offset read, or past every offset */
	size_t seq;
	int kind;
	size_t idx;
};

static int cmp_block(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void add_block(struct block **v, size_t *n, size_t *cap, bool has, uint32_t off, int kind,
		      size_t idx)
{
	iot_grow((void **)v, cap, *n + 1, sizeof(**v));
	(*v)[*n] = (struct block){ has ? off : (uint64_t)UINT32_MAX + 1, *n, kind, idx };
	(*n)++;
}

int iot_ivrs_write(const struct iot_topology *t, struct iot_buf *out, struct iot_acpi_names *names,
		   struct iot_diags *d)
{
	const struct iot_fw_table *ft = &t->x86.ivrs_fw;
	struct block *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_AMD_VI)
			add_block(&v, &n, &cap, t->iommus[i].fw.has_offset, t->iommus[i].fw.offset,
				  0, i);
	for (size_t i = 0; i < t->n_x86_entries; i++)
		if (t->x86_entries[i].kind == IOT_X86_IVMD)
			add_block(&v, &n, &cap, t->x86_entries[i].fw.has_offset,
				  t->x86_entries[i].fw.offset, 1, i);
	for (size_t i = 0; i < t->n_ivrs_raws; i++)
		add_block(&v, &n, &cap, true, t->ivrs_raws[i].offset, 2, i);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_block);

	iot_buf_reset(out);
	/* a topology without an ivrs: key gets the current revision, 2 */
	acpi_put_header(out, "IVRS", t->x86.has_ivrs ? t->x86.ivrs_revision : 2, &t->machine, ft);
	iot_layout_write(&iot_ivrs_header, 0, out, 0, &t->x86, ft->fields, ft->n_fields, 0, NULL,
			 NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		uint32_t pos = (uint32_t)out->len;

		switch (v[i].kind) {
		case 0:
			acpi_name_add(names, pos, "IVHD of amd-vi unit '%s'",
				      t->iommus[v[i].idx].name);
			rc |= put_ivhd(out, &t->iommus[v[i].idx], d);
			break;
		case 1:
			acpi_name_add(names, pos, "IVMD %zu", v[i].idx);
			put_ivmd(out, &t->x86_entries[v[i].idx]);
			break;
		default:
			acpi_name_add(names, pos, "raw block type %02Xh",
				      (unsigned int)t->ivrs_raws[v[i].idx].type);
			iot_buf_add(out, t->ivrs_raws[v[i].idx].bytes.v,
				    t->ivrs_raws[v[i].idx].bytes.n);
			break;
		}
	}
	free(v);
	if (ft->tail.has)
		iot_buf_add(out, ft->tail.v, ft->tail.n);
	if (rc)
		return -1;
	acpi_finish(out);
	return 0;
}
