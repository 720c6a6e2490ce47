// SPDX-License-Identifier: MIT
/*
 * Binary IORT/VIOT/DMAR -> iasl data-table source.  The source is printed from the
 * table's own bytes, field by field in ACPICA's compiler order
 * (source/compiler/dttable*.c, labels of source/common/dmtbinfo*.c), so
 * `iasl -z` rebuilds exactly these bytes.  Where a dialect cannot express a
 * byte (a "Reserved" label iasl forces to zero, a field it does not model, a
 * layout its compiler computes differently) we refuse and say which byte.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi_int.h"
#include "tables/dmar.h"
#include "tables/iort.h"
#include "tables/ivrs.h"
#include "tables/viot.h"
#include "util/mem.h"
#include "x86/x86.h"

struct asl {
	struct iot_buf *out;
	struct iot_cur c; /* whole table */
	enum iot_asl_dialect dialect;
	const struct iot_acpi_names *names;
	struct iot_diags *d;
	const char *what;
	int errors;
	size_t said_at; /* a "Reserved" field already refused with a better reason (+1) */
};

static const char *dialect_name(enum iot_asl_dialect dl)
{
	return dl == IOT_ASL_20200925 ? "iasl 20200925" : "current iasl (20250404)";
}

static void refuse(struct asl *a, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void refuse(struct asl *a, size_t off, const char *fmt, ...)
{
	struct iot_loc loc = iot_loc_bin(a->what, off);
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = iot_vasprintf(fmt, ap);
	va_end(ap);
	iot_diag(a->d, IOT_SEV_ERROR, &loc, NULL, "%s cannot express this table: %s",
		 dialect_name(a->dialect), msg);
	free(msg);
	a->errors++;
}

static void prefix(struct asl *a, size_t off, unsigned int w)
{
	iot_buf_printf(a->out, "[%03zXh %04zu %03Xh] ", off, off, w);
}

/* An integer field: "[off] Label : 0000002C" (iasl reads hex by default). */
static uint64_t fld(struct asl *a, size_t off, unsigned int w, const char *label)
{
	uint64_t v = iot_cur_le(&a->c, off, w);

	prefix(a, off, w);
	iot_buf_printf(a->out, "%34s : %0*llX\n", label, (int)(2 * w), (unsigned long long)v);
	return v;
}

/* A field labelled "Reserved": iasl forces it to zero (warning 3308). */
static void rsv(struct asl *a, size_t off, unsigned int w, const char *label)
{
	if (fld(a, off, w, label) && a->said_at != off + 1)
		refuse(a, off,
		       "the %u-byte field at 0x%zX is labelled \"%s\" and iasl forces it "
		       "to zero, but it holds a value",
		       w, off, label);
}

/* A flag field below its "(decoded below)" parent: iasl reads the value as hex. */
static void flag(struct asl *a, const char *label, unsigned int v)
{
	iot_buf_printf(a->out, "%*s%34s : %X\n", 17, "", label, v);
}

static void comment(struct asl *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void comment(struct asl *a, const char *fmt, ...)
{
	va_list ap;

	iot_buf_adds(a->out, "// ");
	va_start(ap, fmt);
	iot_buf_vprintf(a->out, fmt, ap);
	va_end(ap);
	iot_buf_addc(a->out, '\n');
}

/* An offset field, followed by a comment naming the node it points at. */
static void ref(struct asl *a, size_t off, unsigned int w, const char *label)
{
	uint32_t v = (uint32_t)iot_cur_le(&a->c, off, w);
	const char *n = acpi_name_at(a->names, v);

	prefix(a, off, w);
	iot_buf_printf(a->out, "%34s : %0*X    // -> 0x%X%s%s\n", label, (int)(2 * w), v, v,
		       n ? ": " : "", n ? n : "");
}

static void str_fld(struct asl *a, size_t off, size_t w, const char *label, bool nul_pad)
{
	char s[300];
	size_t n = 0;

	for (; n < w; n++) {
		uint8_t ch = iot_cur_u8(&a->c, off + n);

		if (!ch)
			break;
		if (ch < 0x20 || ch > 0x7e || ch == '"') {
			refuse(a, off + n, "byte 0x%02X in \"%s\" cannot be written in a string",
			       ch, label);
			ch = '?';
		}
		s[n] = (char)ch;
	}
	s[n] = '\0';
	/* iasl pads a short string with NULs: everything after the first NUL must be NUL */
	for (size_t i = n; i < w && nul_pad; i++)
		if (iot_cur_u8(&a->c, off + i)) {
			refuse(a, off + i, "\"%s\" has bytes after a NUL", label);
			break;
		}
	prefix(a, off, (unsigned int)w);
	iot_buf_printf(a->out, "%34s : \"%s\"\n", label, s);
}

static void buffer(struct asl *a, size_t off, size_t n, const char *label)
{
	prefix(a, off, (unsigned int)n);
	iot_buf_printf(a->out, "%34s :", label);
	for (size_t i = 0; i < n; i++)
		iot_buf_printf(a->out, " %02X", iot_cur_u8(&a->c, off + i));
	iot_buf_addc(a->out, '\n');
}

static void header(struct asl *a, const char *sig_desc)
{
	prefix(a, 0, 4);
	iot_buf_printf(a->out, "%34s : \"%.4s\"    [%s]\n", "Signature", (const char *)a->c.tbl,
		       sig_desc);
	fld(a, 4, 4, "Table Length");
	fld(a, 8, 1, "Revision");
	fld(a, 9, 1, "Checksum");
	str_fld(a, 10, 6, "Oem ID", true);
	str_fld(a, 16, 8, "Oem Table ID", true);
	fld(a, 24, 4, "Oem Revision");
	str_fld(a, 28, 4, "Asl Compiler ID", true);
	fld(a, 32, 4, "Asl Compiler Revision");
	iot_buf_addc(a->out, '\n');
}

static unsigned int view(const struct asl *a)
{
	return a->dialect == IOT_ASL_CURRENT ? IOT_FV_ASL : IOT_FV_ASL20;
}

/*
 * The rows of layout @l in this dialect's view for the subtable at @base,
 * with the table's own bytes.  iasl has no node revisions: every row of the
 * view is printed.  Rows labelled "Reserved" must be zero (iasl forces them).
 */
static void rows(struct asl *a, const struct iot_layout *l, size_t base)
{
	uint64_t flags = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct iot_field *f = &l->f[i];
		size_t off = base + f->off;

		if (!(f->views & view(a)) || !f->label)
			continue;
		switch (f->kind) {
		case IOT_FK_GROUP:
			prefix(a, off, f->width);
			iot_buf_printf(a->out, "%34s : %s\n", f->label, f->key);
			break;
		case IOT_FK_BITS:
			flag(a, f->label,
			     (unsigned int)((flags >> f->shift) & ((1u << f->nbits) - 1)));
			break;
		case IOT_FK_CHARS:
			str_fld(a, off, f->width, f->label, true);
			break;
		case IOT_FK_STRING:
			break; /* the caller knows the string's length */
		default:
			if (f->ref)
				ref(a, off, f->width, f->label);
			else if (!strcmp(f->label, "Reserved"))
				rsv(a, off, f->width, f->label);
			else
				flags = fld(a, off, f->width, f->label);
		}
	}
}

/* End of the rows of @l in this dialect's view: where iasl puts what follows. */
static size_t asl_size(const struct asl *a, const struct iot_layout *l)
{
	size_t end = 0;

	for (size_t i = 0; i < l->n; i++)
		if ((l->f[i].views & view(a)) && l->f[i].label && l->f[i].kind != IOT_FK_BITS &&
		    l->f[i].kind != IOT_FK_GROUP && l->f[i].off + l->f[i].width > end)
			end = l->f[i].off + l->f[i].width;
	return end;
}

static void iort_maps(struct asl *a, size_t node, uint32_t mo, uint32_t count)
{
	for (uint32_t k = 0;
	     k < count &&
	     iot_cur_has(&a->c, node + mo + (size_t)k * IOT_IORT_MAP_LEN, IOT_IORT_MAP_LEN);
	     k++) {
		iot_buf_addc(a->out, '\n');
		rows(a, &iot_iort_map, node + mo + (size_t)k * IOT_IORT_MAP_LEN);
	}
}

/* iasl computes Mapping Offset as the end of the node's fields: ours must agree. */
static void check_maps_at(struct asl *a, size_t node, uint32_t mo, uint32_t count, uint32_t len,
			  size_t body_end, const char *kind)
{
	if (count && mo != body_end)
		refuse(a, node + 12,
		       "the %s node at 0x%zX has its mappings at 0x%X, but iasl always puts them "
		       "right after the node's fields (0x%zX)%s",
		       kind, node, mo, body_end,
		       !strcmp(kind, "root complex") && mo == 40 ?
			       "; no iasl models the E.d root-complex Flags word: use IORT "
			       "revision 3 (--iort-rev 3) for iasl source" :
			       "");
	if ((count ? mo + (uint64_t)count * IOT_IORT_MAP_LEN : body_end) != len)
		refuse(a, node + 1, "the %s node at 0x%zX is %u bytes, but iasl would make it %llu",
		       kind, node, len,
		       (unsigned long long)(count ? mo + (uint64_t)count * IOT_IORT_MAP_LEN :
						    body_end));
}

/*
 * A named component (or IWB) with no ID mappings whose node ends with its
 * name, so the source has no Padding line after it.  ACPICA's compiler
 * (source/compiler/dttable1.c:DtCompileIort) then looks for that optional
 * Padding field: at the end of the source there is no field to look at and
 * the compile fails; otherwise it sizes padding from the Mapping Offset,
 * rejecting one below the end of the name and padding up to one above it.
 * Raspberry Pi 4's firmware IORT has such nodes (Mapping Offset 0).
 */
static void iort_name_unpadded(struct asl *a, size_t node, size_t end, uint32_t mo)
{
	if (mo < end)
		refuse(a, node + 12,
		       "the named component at 0x%zX has no ID mappings and Mapping Offset 0x%X, "
		       "before its name ends (node offset 0x%zX); iasl's compiler rejects a Mapping "
		       "Offset below the name's end when no Padding follows it",
		       node, mo, end);
	else if (mo > end)
		refuse(a, node + 12,
		       "the named component at 0x%zX has no ID mappings and Mapping Offset 0x%X, "
		       "past the node's end (node offset 0x%zX); iasl's compiler pads the node up to it",
		       node, mo, end);
	else if (node + end >= a->c.len)
		refuse(a, node + end - 1,
		       "the table ends with the name of the named component at 0x%zX; iasl's "
		       "compiler looks for an optional Padding field after it and fails at the "
		       "end of the source",
		       node);
}

/*
 * An SMMUv1/v2 interrupt array with no entries: iasl's compiler sets its
 * offset to where the array would start whatever the source says
 * (dttable1.c:DtCompileIort), so a table that has 0 there comes back with
 * 4 bytes changed that Linux never reads with a count of 0.  Written, with
 * a warning saying which bytes.
 */
static void smmu_empty_array(struct asl *a, size_t node, size_t at, uint32_t count, uint32_t where,
			     const char *what)
{
	uint32_t off = iot_cur_u32(&a->c, node + at);
	struct iot_loc loc;

	if (count || off == where)
		return;
	loc = iot_loc_bin(a->what, node + at);
	iot_diag(a->d, IOT_SEV_WARNING, &loc, NULL,
		 "iasl compiles this SMMU's %s Interrupt Offset as 0x%X, where its array would "
		 "start, not the table's 0x%X (the count is 0, so Linux never reads it): the "
		 "compiled table differs in these 4 bytes",
		 what, where, off);
}

/* A named component's or IWB's device name and the padding up to its mappings. */
static size_t iort_name(struct asl *a, size_t node, size_t at, const char *label, uint32_t len,
			uint32_t count, uint32_t mo)
{
	struct iot_cur *c = &a->c;
	size_t nl = 0, end, body;

	while (at + nl < len && iot_cur_u8(c, node + at + nl))
		nl++;
	str_fld(a, node + at, nl + 1, label, false);
	if (a->dialect == IOT_ASL_CURRENT && nl > 2 && at == 29) {
		struct iot_loc loc = iot_loc_bin(a->what, node + at);

		/* seen with Debian 13's iasl, also on its own `iasl -T IORT` template */
		iot_diag(a->d, IOT_SEV_WARNING, &loc, NULL,
			 "ACPICA 20250404 miscompiles named-component Device Name strings "
			 "(only the first 3 characters survive); compile this source with "
			 "a newer iasl, or use the binary table");
	}
	end = at + nl + 1;
	body = count ? mo : len;
	if (body > end) {
		bool zero = count != 0;

		for (size_t i = end; i < body && zero; i++)
			zero = !iot_cur_u8(c, node + i);
		/*
		 * Zero padding is sized from the source Mapping Offset
		 * (DtCompileIort); an explicit Padding line is needed only
		 * for non-zero bytes (ACPICA 20250404 miscounts it).
		 */
		if (!zero) {
			iot_buf_addc(a->out, '\n');
			buffer(a, node + end, body - end, "Padding");
		}
		return body;
	}
	if (count && body < end)
		refuse(a, node + 12, "named component mappings overlap its name");
	if (!count)
		iort_name_unpadded(a, node, end, mo);
	return end;
}

static void iort_node(struct asl *a, size_t node, unsigned int idx, uint8_t table_rev)
{
	struct iot_cur *c = &a->c;
	uint8_t type = iot_cur_u8(c, node);
	uint16_t len = iot_cur_u16(c, node + 1);
	uint32_t count = iot_cur_u32(c, node + 8), mo = iot_cur_u32(c, node + 12);
	const struct iot_iort_type *ty = iot_iort_type(type);
	const char *n = acpi_name_at(a->names, (uint32_t)node);
	size_t body = 0;

	iot_buf_addc(a->out, '\n');
	if (n)
		comment(a, "Node @ 0x%zX: %s", node, n);
	else
		comment(a, "Node %u @ 0x%zX: %s", idx, node, iot_iort_type_name(type));
	if (a->dialect == IOT_ASL_20200925 && iot_cur_u32(c, node + 4)) {
		a->said_at = node + 4 + 1;
		rows(a, &iot_iort_node_hdr_d, node);
		a->said_at = 0;
		refuse(a, node + 4,
		       "node %u has Identifier %u, but iasl 20200925 knows these bytes only as "
		       "\"Reserved\" and zeroes them (use --iort-rev 0, where identifiers are 0)",
		       idx, iot_cur_u32(c, node + 4));
	} else {
		rows(a,
		     a->dialect == IOT_ASL_CURRENT && table_rev >= 3 ? &iot_iort_node_hdr_e :
								       &iot_iort_node_hdr_d,
		     node);
	}
	iot_buf_addc(a->out, '\n');
	if (!ty || !asl_size(a, ty->body)) {
		refuse(a, node, "%s cannot write node type %u (%s)",
		       type == IOT_IORT_RMR ? "iasl 20200925 has no RMR node (type 6);" :
		       type == IOT_IORT_IWB ? "ACPICA has IWB nodes (type 7) from 20251212;" :
					      "no iasl",
		       type, iot_iort_type_name(type));
		return;
	}
	if ((type == IOT_IORT_SMMUV3 || type == IOT_IORT_PMCG) && iot_cur_u8(c, node + 3) == 0 &&
	    (count ? mo : len) < asl_size(a, ty->body))
		refuse(a, node + 3, "%s node revision 0 (%zu bytes) predates iasl's layout (%zu)",
		       ty->name, (size_t)(count ? mo : len), asl_size(a, ty->body));
	rows(a, ty->body, node);
	body = asl_size(a, ty->body);
	switch (type) {
	case IOT_IORT_ITS: {
		uint32_t k = iot_cur_u32(c, node + 16);

		for (uint32_t i = 0; i < k && iot_cur_has(c, node + 20 + 4 * (size_t)i, 4); i++)
			rows(a, ty->arrays[0].elem, node + 20 + 4 * (size_t)i);
		body = 20 + 4 * (size_t)k;
		break;
	}
	case IOT_IORT_NC:
		body = iort_name(a, node, 29, "Device Name", len, count, mo);
		break;
	case IOT_IORT_IWB:
		body = iort_name(a, node, 26, "IWB Device Name", len, count, mo);
		break;
	case IOT_IORT_SMMU: {
		uint32_t nctx = iot_cur_u32(c, node + 44), npmu = iot_cur_u32(c, node + 52);

		if (iot_cur_u32(c, node + 40) != 60 || (nctx && iot_cur_u32(c, node + 48) != 76) ||
		    (npmu && iot_cur_u32(c, node + 56) != 76 + 8 * nctx))
			refuse(a, node + 40,
			       "the SMMU interrupt arrays at 0x%zX are not where iasl "
			       "puts them (global 0x3C, context 0x4C, PMU after)",
			       node);
		smmu_empty_array(a, node, 48, nctx, 76, "Context");
		smmu_empty_array(a, node, 56, npmu, 76 + 8 * nctx, "PMU");
		for (uint32_t i = 0; i < nctx && iot_cur_has(c, node + 76 + 8 * (size_t)i, 8); i++)
			rows(a, ty->arrays[0].elem, node + 76 + 8 * (size_t)i);
		for (uint32_t i = 0;
		     i < npmu && iot_cur_has(c, node + 76 + 8 * (size_t)(nctx + i), 8); i++)
			rows(a, ty->arrays[1].elem, node + 76 + 8 * (size_t)(nctx + i));
		body = 76 + 8 * (size_t)(nctx + npmu);
		break;
	}
	case IOT_IORT_RMR: {
		uint32_t nd = iot_cur_u32(c, node + 20);

		if (iot_cur_u32(c, node + 24) != 28)
			refuse(a, node + 24,
			       "iasl puts RMR descriptors right after the node "
			       "fields (0x1C), before the ID mappings");
		for (uint32_t i = 0; i < nd && iot_cur_has(c, node + 28 + 20 * (size_t)i, 20);
		     i++) {
			iot_buf_addc(a->out, '\n');
			rows(a, ty->arrays[0].elem, node + 28 + 20 * (size_t)i);
		}
		body = 28 + 20 * (size_t)nd;
		break;
	}
	}
	check_maps_at(a, node, mo, count, len, body, iot_iort_type_name(type));
	iort_maps(a, node, mo, count);
}

static void iort_asl(struct asl *a)
{
	struct iot_cur *c = &a->c;
	uint8_t rev = iot_cur_u8(c, 8);
	uint32_t count = iot_cur_u32(c, 36), first = iot_cur_u32(c, 40);
	size_t off;

	if (a->dialect == IOT_ASL_CURRENT && (rev == 1 || rev == 2 || rev == 4))
		refuse(a, 8, "IORT revision %u is rejected by ACPICA (error 6135)", rev);
	header(a, "IO Remapping Table");
	rows(a, &iot_iort_header, 0);
	if (first > IOT_IORT_HDR_LEN && first <= a->c.len) {
		if (a->dialect == IOT_ASL_CURRENT)
			refuse(a, 48,
			       "current iasl disassembles header padding from the wrong "
			       "address; iotopo does not write it");
		buffer(a, 48, first - IOT_IORT_HDR_LEN, "Optional Padding");
	}
	off = first;
	for (uint32_t i = 0; i < count && iot_cur_has(c, off, IOT_IORT_NODE_HDR_LEN); i++) {
		uint16_t len = iot_cur_u16(c, off + 1);

		iort_node(a, off, i, rev);
		if (len < IOT_IORT_NODE_HDR_LEN)
			break;
		off += len;
	}
}

static void viot_asl_current(struct asl *a)
{
	struct iot_cur *c = &a->c;
	uint16_t count = iot_cur_u16(c, 36);
	size_t off = iot_cur_u16(c, 38);

	header(a, "Virtual I/O Translation Table");
	rows(a, &iot_viot_header, 0);
	if (off != IOT_VIOT_HDR_LEN)
		refuse(a, 38, "iasl always places the first VIOT node at 0x30");
	for (uint16_t i = 0; i < count && iot_cur_has(c, off, 4); i++) {
		uint8_t type = iot_cur_u8(c, off);
		uint16_t len = iot_cur_u16(c, off + 2);
		const char *n = acpi_name_at(a->names, (uint32_t)off);
		const struct iot_viot_type *ty = iot_viot_type(type);

		iot_buf_addc(a->out, '\n');
		comment(a, "Node @ 0x%zX: %s", off, n ? n : ty ? ty->asl_name : "unknown");
		if (!ty) {
			refuse(a, off, "VIOT node type %u is unknown to iasl", type);
			break;
		}
		if (len != ty->length)
			refuse(a, off + 2, "VIOT node at 0x%zX is %u bytes; iasl makes it %u", off,
			       len, ty->length);
		/* the Type line names the type, as iasl prints it */
		prefix(a, off, 1);
		iot_buf_printf(a->out, "%34s : %02X [%s]\n", "Type", type, ty->asl_name);
		{
			struct iot_layout rest = *ty->body;

			rest.f++; /* the Type row is printed above */
			rest.n--;
			rows(a, &rest, off);
		}
		if (len < 4)
			break;
		off += len;
	}
}

/* iasl 20200925 does not know VIOT: generic data types, nothing computed but Length/Checksum. */
static void gen(struct asl *a, size_t off, unsigned int w, const char *what)
{
	const char *n = NULL;
	uint64_t v = iot_cur_le(&a->c, off, w);

	if (!strcmp(what, "Output node"))
		n = acpi_name_at(a->names, (uint32_t)v);
	iot_buf_printf(a->out, "%34s : %0*llX    // [%03zXh] %s%s%s\n",
		       w == 1 ? "UINT8" :
		       w == 2 ? "UINT16" :
		       w == 4 ? "UINT32" :
		       w == 6 ? "UINT48" :
				"UINT64",
		       (int)(2 * w), (unsigned long long)v, off, what, n ? " -> " : "", n ? n : "");
}

/* The binary rows of @l as generic data types. */
static void gen_rows(struct asl *a, const struct iot_layout *l, size_t base)
{
	for (size_t i = 0; i < l->n; i++)
		if ((l->f[i].views & IOT_FV_BIN) && l->f[i].kind != IOT_FK_BITS && l->f[i].width)
			gen(a, base + l->f[i].off, l->f[i].width,
			    l->f[i].label ? l->f[i].label : l->f[i].key);
}

static void viot_asl_generic(struct asl *a)
{
	struct iot_cur *c = &a->c;
	size_t off = IOT_VIOT_HDR_LEN;

	header(a, "Virtual I/O Translation Table (unknown to iasl 20200925: generic fields)");
	gen_rows(a, &iot_viot_header, 0);
	for (size_t i = 48; i < iot_cur_u16(c, 38) && i < c->len; i++)
		gen(a, i, 1, "padding");
	off = iot_cur_u16(c, 38) > IOT_VIOT_HDR_LEN ? iot_cur_u16(c, 38) : IOT_VIOT_HDR_LEN;
	while (off + 4 <= c->len) {
		uint8_t type = iot_cur_u8(c, off);
		uint16_t len = iot_cur_u16(c, off + 2);
		const char *n = acpi_name_at(a->names, (uint32_t)off);
		const struct iot_viot_type *ty = iot_viot_type(type);

		iot_buf_addc(a->out, '\n');
		comment(a, "Node @ 0x%zX: %s", off, n ? n : "VIOT node");
		if (len < 4 || off + len > c->len) {
			gen_rows(a, &iot_viot_node_hdr, off);
			refuse(a, off + 2, "VIOT node length %u is not walkable", len);
			return;
		}
		if (ty && len == ty->length) {
			gen_rows(a, ty->body, off);
		} else {
			gen_rows(a, &iot_viot_node_hdr, off);
			for (size_t i = 4; i < len; i++)
				gen(a, off + i, 1, "data");
		}
		off += len;
	}
	for (; off < c->len; off++)
		gen(a, off, 1, "trailing data");
}

/* DMAR device scopes from @p to @end: header rows, then one "PCI Path" line per entry. */
static void dmar_scopes(struct asl *a, size_t p, size_t end)
{
	while (p + IOT_DMAR_SCOPE_HDR_LEN <= end) {
		uint8_t slen = iot_cur_u8(&a->c, p + 1);

		iot_buf_addc(a->out, '\n');
		rows(a, &iot_dmar_scope, p);
		for (size_t q = p + IOT_DMAR_SCOPE_HDR_LEN; q + IOT_DMAR_PATH_LEN <= p + slen;
		     q += IOT_DMAR_PATH_LEN) {
			prefix(a, q, IOT_DMAR_PATH_LEN);
			iot_buf_printf(a->out, "%34s : %02X,%02X\n", "PCI Path",
				       iot_cur_u8(&a->c, q), iot_cur_u8(&a->c, q + 1));
		}
		if (slen < IOT_DMAR_SCOPE_HDR_LEN)
			break;
		p += slen;
	}
}

/*
 * The DMAR in ACPICA's field order (dttable1.c:DtCompileDmar): the header,
 * then per structure its header, body and device scopes.  iasl computes
 * every Length from what follows it, and sizes an ANDD from its name.
 */
static void dmar_asl(struct asl *a)
{
	struct iot_cur *c = &a->c;
	size_t off = IOT_DMAR_HDR_LEN;

	header(a, "DMA Remapping table");
	rows(a, &iot_dmar_header, 0);
	buffer(a, 38, 10, "Reserved");
	for (size_t i = 38; i < IOT_DMAR_HDR_LEN; i++)
		if (iot_cur_u8(c, i)) {
			refuse(a, i,
			       "the header's 10 Reserved bytes hold a value; iasl zeroes them");
			break;
		}
	while (off + IOT_DMAR_STRUCT_HDR_LEN <= c->len) {
		uint16_t type = iot_cur_u16(c, off), len = iot_cur_u16(c, off + 2);
		const struct iot_dmar_type *ty = iot_dmar_type(type);
		const char *n = acpi_name_at(a->names, (uint32_t)off);

		if (len < IOT_DMAR_STRUCT_HDR_LEN || off + len > c->len)
			break;
		iot_buf_addc(a->out, '\n');
		comment(a, "Structure @ 0x%zX: %s", off, n ? n : ty ? ty->name : "unknown type");
		if (!ty || (a->dialect == IOT_ASL_20200925 && !ty->asl20)) {
			refuse(a, off, "%s has no DMAR structure type %u%s%s",
			       ty ? dialect_name(a->dialect) : "no iasl", type, ty ? " " : "",
			       ty ? ty->name : "");
			off += len;
			continue;
		}
		prefix(a, off, 2);
		iot_buf_printf(a->out, "%34s : %04X [%s]\n", "Subtable Type", type, ty->asl_name);
		rows(a, ty->body, off);
		if (type == IOT_DMAR_ANDD) {
			size_t nl = 0;

			while (8 + nl < len && iot_cur_u8(c, off + 8 + nl))
				nl++;
			str_fld(a, off + 8, nl + 1, "Device Name", false);
			if (8 + nl + 1 != len)
				refuse(a, off + 8 + nl + 1,
				       "the ANDD at 0x%zX has %zu bytes after its name's NUL; iasl "
				       "sizes the structure from the name",
				       off, (size_t)len - (8 + nl + 1));
		}
		if (ty->scopes)
			dmar_scopes(a, off + ty->min_len, off + len);
		off += len;
	}
}

/* ---- IVRS ---- */

/* The first @n rows of @l (the fixed part of an F0h entry before its HID). */
static void rows_upto(struct asl *a, const struct iot_layout *l, size_t base, const char *key)
{
	struct iot_layout head = *l;

	for (head.n = 0; head.n < l->n && strcmp(l->f[head.n].key, key); head.n++)
		;
	rows(a, &head, base);
}

/*
 * An F0h HID or CID: iasl takes a value starting with a letter as a string
 * (NUL padded to 8 bytes), anything else as a 64-bit integer.
 */
static void hid_fld(struct asl *a, size_t off, const char *label)
{
	uint8_t first = iot_cur_u8(&a->c, off);
	uint64_t v = iot_cur_u64(&a->c, off);

	if ((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z')) {
		str_fld(a, off, 8, label, true);
		return;
	}
	if (v >> 60 >= 0xa)
		refuse(a, off,
		       "%s 0x%016llX would be written starting with a letter, which iasl "
		       "reads as a string",
		       label, (unsigned long long)v);
	fld(a, off, 8, label);
}

/* The UID of an F0h entry: a string (format 2) or a 64-bit integer (format 1). */
static void uid_fld(struct asl *a, size_t off, uint8_t format, uint8_t uidl)
{
	size_t n = 0;

	while (n < uidl && iot_cur_u8(&a->c, off + n))
		n++;
	if (format == 2 && n == uidl) {
		str_fld(a, off, uidl, "UID", false);
	} else if (format == 1 && uidl == 8) {
		fld(a, off, 8, "UID");
	} else if (format != 0 || uidl) {
		refuse(a, off - 2,
		       "an ACPI HID entry's UID of format %u and %u bytes%s has no iasl form "
		       "(iasl writes a format 2 UID as its characters, a format 1 UID as 8 bytes)",
		       format, uidl, format == 2 ? " with a NUL inside" : "");
	}
}

static bool iasl_knows_entry(uint8_t type, enum iot_asl_dialect dl)
{
	switch (type) {
	case IOT_IVHD_PAD4:
	case IOT_IVHD_ALL:
	case IOT_IVHD_SELECT:
	case IOT_IVHD_RANGE_START:
	case IOT_IVHD_RANGE_END:
	case IOT_IVHD_ALIAS:
	case IOT_IVHD_ALIAS_RANGE:
	case IOT_IVHD_EXT_SELECT:
	case IOT_IVHD_EXT_RANGE:
	case IOT_IVHD_SPECIAL:
		return true;
	case IOT_IVHD_ACPI_HID:
		return dl == IOT_ASL_CURRENT;
	}
	return false;
}

static void ivhd_entries(struct asl *a, size_t off, size_t end)
{
	struct iot_cur *c = &a->c;

	while (off < end) {
		uint8_t type = iot_cur_u8(c, off);
		const struct iot_layout *l = iot_ivhd_entry_layout(type);
		size_t elen = l ? iot_layout_size(l, 0) : 0;

		if (type == IOT_IVHD_ACPI_HID && iot_cur_has(c, off, 22))
			elen = 22 + (size_t)iot_cur_u8(c, off + 21);
		iot_buf_addc(a->out, '\n');
		if (!l || off + elen > end) {
			refuse(a, off,
			       "the IVHD entry at 0x%zX (type %02Xh) has no length iasl "
			       "knows, or runs past its IVHD",
			       off, type);
			return;
		}
		if (!iasl_knows_entry(type, a->dialect))
			refuse(a, off, "%s has no IVHD device entry of type %02Xh",
			       dialect_name(a->dialect), type);
		if (type == IOT_IVHD_ACPI_HID) {
			uint8_t format = iot_cur_u8(c, off + 20), uidl = iot_cur_u8(c, off + 21);

			if (!format)
				refuse(a, off + 20,
				       "current iasl reads no UID Format and UID Length lines after "
				       "an ACPI HID entry's CID when the UID Format is 0, so it writes "
				       "the entry 2 bytes short");
			rows_upto(a, l, off, "hid");
			hid_fld(a, off + 4, "ACPI HID");
			hid_fld(a, off + 12, "ACPI CID");
			fld(a, off + 20, 1, "UID Format");
			fld(a, off + 21, 1, "UID Length");
			uid_fld(a, off + 22, format, uidl);
		} else {
			rows(a, l, off);
		}
		off += elen;
	}
}

static void ivrs_asl(struct asl *a)
{
	struct iot_cur *c = &a->c;
	size_t off = IOT_IVRS_HDR_LEN;

	header(a, "I/O Virtualization Reporting Structure");
	rows(a, &iot_ivrs_header, 0);
	while (off + 4 <= c->len) {
		uint8_t type = iot_cur_u8(c, off);
		uint16_t len = iot_cur_u16(c, off + 2);
		const struct iot_layout *l = iot_ivhd_layout(type);
		const char *n = acpi_name_at(a->names, (uint32_t)off);

		iot_buf_addc(a->out, '\n');
		comment(a, "Block @ 0x%zX: %s", off, n ? n : "IVRS block");
		if (len < 4 || off + len > c->len) {
			refuse(a, off + 2, "the block at 0x%zX has Length %u", off, len);
			return;
		}
		if (l) {
			if (type == 0x40 && a->dialect == IOT_ASL_20200925)
				refuse(a, off, "iasl 20200925 has no IVHD type 40h");
			rows(a, l, off);
			ivhd_entries(a, off + iot_layout_size(l, 0), off + len);
		} else if (type >= 0x20 && type <= 0x22) {
			if (len != IOT_IVMD_LEN)
				refuse(a, off + 2, "the IVMD at 0x%zX is %u bytes; iasl writes %d",
				       off, len, IOT_IVMD_LEN);
			if (a->dialect == IOT_ASL_CURRENT && (iot_cur_u8(c, off + 1) & 0xf0))
				refuse(a, off + 1,
				       "IVMD Flags 0x%02X: current iasl builds the byte from its "
				       "four named bits",
				       iot_cur_u8(c, off + 1));
			rows(a, &iot_ivmd, off);
		} else {
			/* current iasl drops such a block, 20200925 stops at it */
			refuse(a, off,
			       "no iasl writes IVRS block type %02Xh (iotopo keeps it as bytes in "
			       "the binary table)",
			       type);
		}
		off += len;
	}
	if (off < c->len)
		refuse(a, off, "%zu bytes after the last block have no iasl form", c->len - off);
}

int iot_acpi_write_asl(const uint8_t *tbl, size_t len, enum iot_asl_dialect dialect,
		       const struct iot_acpi_names *names, const char *what, struct iot_buf *out,
		       struct iot_diags *d)
{
	struct asl a = { .out = out, .dialect = dialect, .names = names, .d = d, .what = what };
	bool iort, dmar, ivrs;

	iot_buf_reset(out);
	if (len < IORT_HDR_LEN ||
	    (memcmp(tbl, "IORT", 4) && memcmp(tbl, "VIOT", 4) && memcmp(tbl, "DMAR", 4) &&
	     memcmp(tbl, "IVRS", 4)) ||
	    (uint32_t)(tbl[4] | tbl[5] << 8 | tbl[6] << 16 | (uint32_t)tbl[7] << 24) != len) {
		struct iot_loc loc = iot_loc_bin(what, 0);

		iot_error(d, &loc, "not a complete IORT, VIOT, DMAR or IVRS table");
		return -1;
	}
	iort = !memcmp(tbl, "IORT", 4);
	dmar = !memcmp(tbl, "DMAR", 4);
	ivrs = !memcmp(tbl, "IVRS", 4);
	/* only a table its reader accepts: counts and offsets below are then trusted */
	{
		struct iot_topology scratch;
		struct iot_diags sd;
		int bad;

		iot_topology_init(&scratch);
		iot_diags_init(&sd);
		bad = (iort ? iot_iort_read(tbl, len, what, &scratch, &sd) :
		       dmar ? iot_dmar_read(tbl, len, what, &scratch, &sd) :
		       ivrs ? iot_ivrs_read(tbl, len, what, &scratch, &sd) :
			      iot_viot_read(tbl, len, what, &scratch, &sd)) < 0 ||
		      iot_diags_lossy_errors(&sd);
		iot_diags_free(&sd);
		iot_topology_free(&scratch);
		if (bad) {
			struct iot_loc loc = iot_loc_bin(what, 0);

			iot_error(d, &loc,
				  "the table has errors; iasl source is written only for "
				  "tables that read cleanly");
			return -1;
		}
	}
	iot_cur_init(&a.c, tbl, len, what, d,
		     iort ? "IORT" :
		     dmar ? "DMAR" :
		     ivrs ? "IVRS" :
			    "VIOT");
	iot_buf_printf(out,
		       "/*\n * %s, iasl data-table source for %s.\n"
		       " * Written by iotopo.  Compile with `iasl -z` so the Asl Compiler ID and\n"
		       " * Revision below are kept and the result is byte-identical.\n */\n",
		       iort ? "IORT (IO Remapping Table)" :
		       dmar ? "DMAR (DMA Remapping Table)" :
		       ivrs ? "IVRS (I/O Virtualization Reporting Structure)" :
			      "VIOT (Virtual I/O Translation Table)",
		       dialect_name(dialect));
	if (iort)
		iort_asl(&a);
	else if (dmar)
		dmar_asl(&a);
	else if (ivrs)
		ivrs_asl(&a);
	else if (dialect == IOT_ASL_CURRENT)
		viot_asl_current(&a);
	else
		viot_asl_generic(&a);
	return a.errors ? -1 : 0;
}
