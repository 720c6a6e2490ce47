// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi_int.h"
#include "util/mem.h"
#include "util/hash.h"

uint8_t iot_acpi_checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)(0x100 - sum);
}

/* Firmware pads OEM strings with spaces and Linux compares all bytes (iort.c pmcg_plat_info). */
static void put_padded(struct iot_buf *b, const char *s, size_t width)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < width; i++)
		iot_buf_addc(b, i < n ? s[i] : ' ');
}

/* The OEM fields of a header, as acpi_put_header() writes them from the model. */
static const struct {
	const char *key;
	size_t off, width;
} oem_fields[] = {
	{ "oem-id", 10, 6 },	 { "oem-table-id", 16, 8 },	{ "oem-revision", 24, 4 },
	{ "creator-id", 28, 4 }, { "creator-revision", 32, 4 },
};

void acpi_put_header(struct iot_buf *b, const char sig[4], uint8_t rev, const struct iot_machine *m,
		     const struct iot_fw_table *ft)
{
	size_t start = b->len;

	iot_buf_add(b, sig, 4);
	iot_buf_add_le(b, 0, 4); /* length, patched */
	iot_buf_addc(b, (char)rev);
	iot_buf_addc(b, 0); /* checksum, patched */
	if (m && m->has_oem) {
		put_padded(b, m->oem_id, 6);
		put_padded(b, m->oem_table_id, 8);
		iot_buf_add_le(b, m->oem_revision, 4);
		put_padded(b, m->creator_id, 4);
		iot_buf_add_le(b, m->creator_revision, 4);
	} else {
		put_padded(b, "IOTOPO", 6);
		put_padded(b, "IOTOPO", 8);
		iot_buf_add_le(b, 1, 4);
		put_padded(b, "IOTO", 4);
		iot_buf_add_le(b, 1, 4);
	}
	for (size_t i = 0; ft && i < IOT_ARRAY_SIZE(oem_fields); i++) {
		const struct iot_fw_field *f =
			iot_fw_field_get(ft->fields, ft->n_fields, oem_fields[i].key, 0);

		if (f)
			iot_buf_put_le(b, start + oem_fields[i].off, f->value,
				       (unsigned int)oem_fields[i].width);
	}
}

void acpi_finish(struct iot_buf *b)
{
	iot_buf_put_le(b, 4, b->len, 4);
	b->data[9] = 0;
	b->data[9] = iot_acpi_checksum(b->data, b->len);
}

void iot_acpi_names_free(struct iot_acpi_names *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i].name);
	free(n->v);
	memset(n, 0, sizeof(*n));
}

void acpi_name_add(struct iot_acpi_names *n, uint32_t off, const char *fmt, ...)
{
	va_list ap;

	if (!n)
		return;
	iot_grow((void **)&n->v, &n->cap, n->n + 1, sizeof(*n->v));
	va_start(ap, fmt);
	n->v[n->n].name = iot_vasprintf(fmt, ap);
	va_end(ap);
	n->v[n->n++].offset = off;
}

const char *acpi_name_at(const struct iot_acpi_names *n, uint32_t off)
{
	if (!n)
		return NULL;
	for (size_t i = 0; i < n->n; i++)
		if (n->v[i].offset == off)
			return n->v[i].name;
	return NULL;
}

static void copy_field(char *dst, const uint8_t *src, size_t n)
{
	/* keep the bytes as they are, but stop at a NUL (iasl pads with NULs) */
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = (char)src[i];
	dst[i] = '\0';
}

size_t acpi_read_header(struct iot_cur *c, const char *sig, struct iot_topology *t,
			struct iot_fw_table *ft)
{
	uint8_t hdr[ACPI_HDR_LEN];
	uint32_t len;
	size_t use = c->len;

	if (!iot_cur_need(c, 0, ACPI_HDR_LEN, "header", IOT_RULE_ACPI_TRUNCATED))
		return 0;
	iot_cur_bytes(c, 0, hdr, sizeof(hdr));
	len = iot_cur_u32(c, 4);
	if (len < ACPI_HDR_LEN) {
		iot_cur_report(c, 4, IOT_RULE_ACPI_LENGTH, "Length",
			       "%u is shorter than the 36-byte header", len);
		return 0;
	}
	if (len > ACPI_MAX_TABLE) {
		/* the same bound as acpidump text: walking more is not worth a DoS */
		iot_cur_report(c, 4, IOT_RULE_ACPI_LENGTH, "Length",
			       "%u (0x%X) is larger than the %u MiB iotopo reads", len, len,
			       ACPI_MAX_TABLE >> 20);
		return 0;
	}
	if (len > c->len) {
		iot_cur_report(c, 4, IOT_RULE_ACPI_LENGTH, "Length",
			       "%u (0x%X) runs past the end of the data (%zu bytes)", len, len,
			       c->len);
	} else {
		if (len < c->len)
			iot_cur_report(c, 4, IOT_RULE_ACPI_TRAILING_BYTES, "Length",
				       "%u, but %zu bytes were given; the rest is ignored", len,
				       c->len);
		use = len;
		if (iot_acpi_checksum(c->tbl + c->start, len) != 0) {
			uint8_t want =
				(uint8_t)(hdr[9] + iot_acpi_checksum(c->tbl + c->start, len));

			iot_cur_report(
				c, 9, IOT_RULE_ACPI_CHECKSUM, "Checksum",
				"0x%02X is wrong, should be 0x%02X (Linux warns and uses the "
				"table)",
				hdr[9], want);
		}
	}
	if (t) {
		bool viot = !strcmp(sig, "VIOT");

		c->src = viot ? IOT_SRC_VIOT : IOT_SRC_IORT;
		c->origin = iot_add_acpi_origin(t, c->src, viot ? IOT_TABLE_VIOT : IOT_TABLE_IORT,
						c->file, hdr, sizeof(hdr));
	}
	if (t)
		iot_acpi_keep_header(hdr, sig, t, ft);
	c->len = use;
	return use;
}

void iot_acpi_keep_header(const uint8_t *hdr, const char *sig, struct iot_topology *t,
			  struct iot_fw_table *ft)
{
	if (!t->machine.has_oem) {
		copy_field(t->machine.oem_id, hdr + 10, 6);
		copy_field(t->machine.oem_table_id, hdr + 16, 8);
		t->machine.oem_revision = (uint32_t)(hdr[24] | hdr[25] << 8 | hdr[26] << 16 |
						     (uint32_t)hdr[27] << 24);
		copy_field(t->machine.creator_id, hdr + 28, 4);
		t->machine.creator_revision = (uint32_t)(hdr[32] | hdr[33] << 8 | hdr[34] << 16 |
							 (uint32_t)hdr[35] << 24);
		t->machine.has_oem = true;
	}
	if (ft) {
		struct iot_buf w;

		/* what the writer makes of the model: keep the bytes it would not reproduce */
		iot_buf_init(&w);
		acpi_put_header(&w, sig, hdr[8], &t->machine, NULL);
		for (size_t i = 0; i < IOT_ARRAY_SIZE(oem_fields); i++) {
			size_t o = oem_fields[i].off, n = oem_fields[i].width;
			uint64_t v = 0;

			for (size_t k = n; k-- > 0;)
				v = v << 8 | hdr[o + k];
			if (memcmp(w.data + o, hdr + o, n))
				iot_fw_field_set(&ft->fields, &ft->n_fields, oem_fields[i].key, 0,
						 v);
		}
		iot_buf_free(&w);
	}
}

int iort_node_revision(int table_rev, enum iot_iort_kind kind)
{
	/*
	 * Rows: DEN0049 issue D (table revision 0), E.b (3), E.d (5), E.e/E.f
	 * (6).  D, E.d and E.e are EDK2 DynamicTablesPkg IortGenerator's node
	 * revisions for those table revisions and FWTS's iort test maxima; E.b
	 * is QEMU's build_iort (ITS 1, SMMUv3 4, RC 3); E.e raised SMMUv3 to 5
	 * (DeviceID valid flag).
	 */
	static const int8_t revs[4][7] = {
		/* ITS NC RC SMMU SMMUv3 PMCG RMR */
		{ 0, 2, 1, 1, 2, 1, -1 },
		{ 1, 4, 3, 3, 4, 2, 1 },
		{ 1, 4, 4, 3, 4, 2, 3 },
		{ 1, 4, 4, 3, 5, 2, 3 },
	};
	int row;

	switch (table_rev) {
	case 0:
		row = 0;
		break;
	case 3:
		row = 1;
		break;
	case 5:
		row = 2;
		break;
	case 6:
		row = 3;
		break;
	default:
		return -1;
	}
	if ((unsigned int)kind > IOT_IORT_RMR)
		return -1;
	return revs[row][kind];
}

const char *iort_kind_name(unsigned int type)
{
	static const char *const names[] = { "ITS group",    "named component",
					     "root complex", "SMMUv1/v2",
					     "SMMUv3",	     "PMCG",
					     "RMR",	     "IWB" };

	return type < IOT_ARRAY_SIZE(names) ? names[type] : "unknown";
}

static uint64_t name_hash(const char *s)
{
	return iot_str_hash(s);
}

static void set_put(struct acpi_nameset *ns, const char *n)
{
	size_t i;

	if (!n)
		return;
	if (2 * (ns->n + 1) > ns->cap) {
		struct acpi_nameset big = { .cap = ns->cap ? 2 * ns->cap : 64 };

		big.v = iot_xcalloc(big.cap, sizeof(*big.v));
		for (size_t k = 0; k < ns->cap; k++)
			if (ns->v[k])
				set_put(&big, ns->v[k]);
		free(ns->v);
		*ns = big;
	}
	for (i = name_hash(n) & (ns->cap - 1); ns->v[i]; i = (i + 1) & (ns->cap - 1))
		if (!strcmp(ns->v[i], n))
			return;
	ns->v[i] = n;
	ns->n++;
}

void acpi_nameset_init(struct acpi_nameset *ns, const struct iot_topology *t)
{
	memset(ns, 0, sizeof(*ns));
	for (size_t i = 0; i < t->n_msis; i++)
		set_put(ns, t->msis[i].name);
	for (size_t i = 0; i < t->n_iommus; i++)
		set_put(ns, t->iommus[i].name);
	for (size_t i = 0; i < t->n_roots; i++)
		set_put(ns, t->roots[i].name);
	for (size_t i = 0; i < t->n_platdevs; i++)
		set_put(ns, t->platdevs[i].name);
	for (size_t i = 0; i < t->n_pmcgs; i++)
		set_put(ns, t->pmcgs[i].name);
	for (size_t i = 0; i < t->n_rmrs; i++)
		set_put(ns, t->rmrs[i].name);
}

void acpi_nameset_free(struct acpi_nameset *ns)
{
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

bool acpi_name_used(const struct acpi_nameset *ns, const char *n)
{
	if (!ns->cap)
		return false;
	for (size_t i = name_hash(n) & (ns->cap - 1); ns->v[i]; i = (i + 1) & (ns->cap - 1))
		if (!strcmp(ns->v[i], n))
			return true;
	return false;
}

/*
 * prefix<i>, or the next free number when merging into a topology that has it.
 * Made on the stack and copied once free: one per IORT node.
 */
void acpi_name_obj(struct acpi_nameset *ns, char **dst, const char *prefix, size_t i)
{
	size_t len = strlen(prefix);
	char buf[64];

	if (len > sizeof(buf) - 24) {
		for (;; i++) {
			char *n = iot_asprintf("%s%zu", prefix, i);

			if (!acpi_name_used(ns, n)) {
				*dst = n;
				set_put(ns, n);
				return;
			}
			free(n);
		}
	}
	memcpy(buf, prefix, len);
	for (;; i++) {
		char digits[24];
		size_t nd = 0;

		for (size_t v = i; nd == 0 || v; v /= 10)
			digits[nd++] = (char)('0' + v % 10);
		for (size_t k = 0; k < nd; k++)
			buf[len + k] = digits[nd - 1 - k];
		buf[len + nd] = '\0';
		if (!acpi_name_used(ns, buf)) {
			*dst = iot_strdup(buf);
			set_put(ns, *dst);
			return;
		}
	}
}

void acpi_name_claim(struct acpi_nameset *ns, const char *n)
{
	set_put(ns, n);
}
