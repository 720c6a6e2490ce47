// SPDX-License-Identifier: MIT
/*
 * Binary IORT/VIOT -> iasl data-table source.  The source is printed from the
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
#include "util/mem.h"

struct asl {
	struct iot_buf *out;
	struct iot_cur c; /* whole table */
	enum iot_asl_dialect dialect;
	const struct iot_acpi_names *names;
	struct iot_diags *d;
	const char *what;
	int errors;
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
	if (fld(a, off, w, label))
		refuse(a, off,
		       "the %u-byte field at 0x%zX is labelled \"%s\" and iasl forces it "
		       "to zero, but it holds a value",
		       w, off, label);
}

static void flag(struct asl *a, const char *label, unsigned int v)
{
	iot_buf_printf(a->out, "%*s%34s : %u\n", 17, "", label, v);
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

static void memattr(struct asl *a, size_t off)
{
	uint8_t h = iot_cur_u8(&a->c, off + 4), f = iot_cur_u8(&a->c, off + 7);

	prefix(a, off, 8);
	iot_buf_printf(a->out, "%34s : [IORT Memory Access Properties]\n", "Memory Properties");
	fld(a, off, 4, "Cache Coherency");
	fld(a, off + 4, 1, "Hints (decoded below)");
	flag(a, "Transient", h & 1);
	flag(a, "Write Allocate", (h >> 1) & 1);
	flag(a, "Read Allocate", (h >> 2) & 1);
	flag(a, "Override", (h >> 3) & 1);
	rsv(a, off + 5, 2, "Reserved");
	fld(a, off + 7, 1, "Memory Flags (decoded below)");
	flag(a, "Coherency", f & 1);
	flag(a, "Device Attribute", (f >> 1) & 1);
	if (a->dialect == IOT_ASL_CURRENT)
		flag(a, "Ensured Coherency of Accesses", (f >> 2) & 1);
}

static void iort_maps(struct asl *a, size_t node, uint32_t mo, uint32_t count)
{
	for (uint32_t k = 0;
	     k < count && iot_cur_has(&a->c, node + mo + (size_t)k * IORT_MAP_LEN, IORT_MAP_LEN);
	     k++) {
		size_t m = node + mo + (size_t)k * IORT_MAP_LEN;

		iot_buf_addc(a->out, '\n');
		fld(a, m, 4, "Input base");
		fld(a, m + 4, 4, "ID Count");
		fld(a, m + 8, 4, "Output Base");
		ref(a, m + 12, 4, "Output Reference");
		fld(a, m + 16, 4, "Flags (decoded below)");
		flag(a, "Single Mapping", iot_cur_u32(&a->c, m + 16) & 1);
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
	if ((count ? mo + (uint64_t)count * IORT_MAP_LEN : body_end) != len)
		refuse(a, node + 1, "the %s node at 0x%zX is %u bytes, but iasl would make it %llu",
		       kind, node, len,
		       (unsigned long long)(count ? mo + (uint64_t)count * IORT_MAP_LEN :
						    body_end));
}

static void iort_node(struct asl *a, size_t node, unsigned int idx, uint8_t table_rev)
{
	struct iot_cur *c = &a->c;
	uint8_t type = iot_cur_u8(c, node);
	uint16_t len = iot_cur_u16(c, node + 1);
	uint32_t count = iot_cur_u32(c, node + 8), mo = iot_cur_u32(c, node + 12);
	const char *n = acpi_name_at(a->names, (uint32_t)node);
	size_t body = 0;

	iot_buf_addc(a->out, '\n');
	if (n)
		comment(a, "Node @ 0x%zX: %s", node, n);
	else
		comment(a, "Node %u @ 0x%zX: %s", idx, node, iort_kind_name(type));
	fld(a, node, 1, "Type");
	fld(a, node + 1, 2, "Length");
	fld(a, node + 3, 1, "Revision");
	if (a->dialect == IOT_ASL_CURRENT && table_rev >= 3) {
		fld(a, node + 4, 4, "Identifier");
	} else if (a->dialect == IOT_ASL_20200925 && iot_cur_u32(c, node + 4)) {
		fld(a, node + 4, 4, "Reserved");
		refuse(a, node + 4,
		       "node %u has Identifier %u, but iasl 20200925 knows these bytes only as "
		       "\"Reserved\" and zeroes them (use --iort-rev 0, where identifiers are 0)",
		       idx, iot_cur_u32(c, node + 4));
	} else {
		rsv(a, node + 4, 4, "Reserved");
	}
	fld(a, node + 8, 4, "Mapping Count");
	fld(a, node + 12, 4, "Mapping Offset");
	iot_buf_addc(a->out, '\n');
	switch (type) {
	case IOT_IORT_ITS: {
		uint32_t k = iot_cur_u32(c, node + 16);

		fld(a, node + 16, 4, "ItsCount");
		for (uint32_t i = 0; i < k && iot_cur_has(c, node + 20 + 4 * (size_t)i, 4); i++)
			fld(a, node + 20 + 4 * (size_t)i, 4, "Identifiers");
		body = 20 + 4 * (size_t)k;
		break;
	}
	case IOT_IORT_NC: {
		size_t nl = 0, end;

		fld(a, node + 16, 4, "Node Flags");
		memattr(a, node + 20);
		fld(a, node + 28, 1, "Memory Size Limit");
		while (29 + nl < len && iot_cur_u8(c, node + 29 + nl))
			nl++;
		str_fld(a, node + 29, nl + 1, "Device Name", false);
		if (a->dialect == IOT_ASL_CURRENT && nl > 2) {
			struct iot_loc loc = iot_loc_bin(a->what, node + 29);

			/* seen with Debian 13's iasl, also on its own `iasl -T IORT` template */
			iot_diag(a->d, IOT_SEV_WARNING, &loc, NULL,
				 "ACPICA 20250404 miscompiles named-component Device Name strings "
				 "(only the first 3 characters survive); compile this source with "
				 "a newer iasl, or use the binary table");
		}
		end = 29 + nl + 1;
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
		} else if (count && body < end) {
			refuse(a, node + 12, "named component mappings overlap its name");
		}
		break;
	}
	case IOT_IORT_RC:
		memattr(a, node + 16);
		fld(a, node + 24, 4, "ATS Attribute");
		fld(a, node + 28, 4, "PCI Segment Number");
		fld(a, node + 32, 1, "Memory Size Limit");
		if (a->dialect == IOT_ASL_CURRENT) {
			fld(a, node + 33, 2, "PASID Capabilities");
			rsv(a, node + 35, 1, "Reserved");
		} else {
			rsv(a, node + 33, 3, "Reserved");
		}
		body = 36;
		break;
	case IOT_IORT_SMMU: {
		uint32_t nctx = iot_cur_u32(c, node + 44), npmu = iot_cur_u32(c, node + 52);
		uint32_t f = iot_cur_u32(c, node + 36);

		fld(a, node + 16, 8, "Base Address");
		fld(a, node + 24, 8, "Span");
		fld(a, node + 32, 4, "Model");
		fld(a, node + 36, 4, "Flags (decoded below)");
		flag(a, "DVM Supported", f & 1);
		flag(a, "Coherent Walk", (f >> 1) & 1);
		fld(a, node + 40, 4, "Global Interrupt Offset");
		fld(a, node + 44, 4, "Context Interrupt Count");
		fld(a, node + 48, 4, "Context Interrupt Offset");
		fld(a, node + 52, 4, "PMU Interrupt Count");
		fld(a, node + 56, 4, "PMU Interrupt Offset");
		fld(a, node + 60, 4, "NSgIrpt");
		fld(a, node + 64, 4, "NSgIrpt Flags (decoded below)");
		flag(a, "Edge Triggered", iot_cur_u32(c, node + 64) & 1);
		fld(a, node + 68, 4, "NSgCfgIrpt");
		fld(a, node + 72, 4, "NSgCfgIrpt Flags (decoded below)");
		flag(a, "Edge Triggered", iot_cur_u32(c, node + 72) & 1);
		if (iot_cur_u32(c, node + 40) != 60 || (nctx && iot_cur_u32(c, node + 48) != 76) ||
		    (npmu && iot_cur_u32(c, node + 56) != 76 + 8 * nctx))
			refuse(a, node + 40,
			       "the SMMU interrupt arrays at 0x%zX are not where iasl "
			       "puts them (global 0x3C, context 0x4C, PMU after)",
			       node);
		for (uint32_t i = 0; i < nctx && iot_cur_has(c, node + 76 + 8 * (size_t)i, 8); i++)
			fld(a, node + 76 + 8 * (size_t)i, 8, "Context Interrupt");
		for (uint32_t i = 0;
		     i < npmu && iot_cur_has(c, node + 76 + 8 * (size_t)(nctx + i), 8); i++)
			fld(a, node + 76 + 8 * (size_t)(nctx + i), 8, "PMU Interrupt");
		body = 76 + 8 * (size_t)(nctx + npmu);
		break;
	}
	case IOT_IORT_SMMUV3: {
		uint32_t f = iot_cur_u32(c, node + 24);

		if (iot_cur_u8(c, node + 3) == 0)
			refuse(a, node + 3,
			       "SMMUv3 node revision 0 (60 bytes) predates iasl's layout");
		fld(a, node + 16, 8, "Base Address");
		fld(a, node + 24, 4, "Flags (decoded below)");
		flag(a, "COHACC Override", f & 1);
		flag(a, "HTTU Override", (f >> 1) & 1); /* ACPICA decodes one bit */
		flag(a, "Proximity Domain Valid", (f >> 3) & 1);
		if (a->dialect == IOT_ASL_CURRENT)
			flag(a, "DeviceID Valid", (f >> 4) & 1);
		rsv(a, node + 28, 4, "Reserved");
		fld(a, node + 32, 8, "VATOS Address");
		fld(a, node + 40, 4, "Model");
		fld(a, node + 44, 4, "Event GSIV");
		fld(a, node + 48, 4, "PRI GSIV");
		fld(a, node + 52, 4, "GERR GSIV");
		fld(a, node + 56, 4, "Sync GSIV");
		fld(a, node + 60, 4, "Proximity Domain");
		fld(a, node + 64, 4, "Device ID Mapping Index");
		body = 68;
		break;
	}
	case IOT_IORT_PMCG:
		if (iot_cur_u8(c, node + 3) == 0)
			refuse(a, node + 3,
			       "PMCG node revision 0 (no Page 1) predates iasl's layout");
		fld(a, node + 16, 8, "Page 0 Base Address");
		fld(a, node + 24, 4, "Overflow Interrupt GSIV");
		ref(a, node + 28, 4, "Node Reference");
		fld(a, node + 32, 8, "Page 1 Base Address");
		body = 40;
		break;
	case IOT_IORT_RMR: {
		uint32_t f = iot_cur_u32(c, node + 16), nd = iot_cur_u32(c, node + 20);

		if (a->dialect != IOT_ASL_CURRENT) {
			refuse(a, node, "iasl 20200925 has no RMR node (type 6)");
			return;
		}
		fld(a, node + 16, 4, "Flags (decoded below)");
		flag(a, "Remapping Permitted", f & 1);
		flag(a, "Access Privileged", (f >> 1) & 1);
		flag(a, "Access Attributes", (f >> 2) & 0xff);
		fld(a, node + 20, 4, "Number of RMR Descriptors");
		fld(a, node + 24, 4, "RMR Descriptor Offset");
		if (iot_cur_u32(c, node + 24) != 28)
			refuse(a, node + 24,
			       "iasl puts RMR descriptors right after the node "
			       "fields (0x1C), before the ID mappings");
		for (uint32_t i = 0; i < nd && iot_cur_has(c, node + 28 + 20 * (size_t)i, 20);
		     i++) {
			size_t o = node + 28 + 20 * (size_t)i;

			iot_buf_addc(a->out, '\n');
			fld(a, o, 8, "Base Address of RMR");
			fld(a, o + 8, 8, "Length of RMR");
			rsv(a, o + 16, 4, "Reserved");
		}
		body = 28 + 20 * (size_t)nd;
		break;
	}
	default:
		refuse(a, node, "node type %u (%s) is not one iasl compiles here", type,
		       iort_kind_name(type));
		return;
	}
	check_maps_at(a, node, mo, count, len, body, iort_kind_name(type));
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
	fld(a, 36, 4, "Node Count");
	fld(a, 40, 4, "Node Offset");
	rsv(a, 44, 4, "Reserved");
	if (first > IORT_HDR_LEN && first <= a->c.len) {
		if (a->dialect == IOT_ASL_CURRENT)
			refuse(a, 48,
			       "current iasl disassembles header padding from the wrong "
			       "address; iotopo does not write it");
		buffer(a, 48, first - IORT_HDR_LEN, "Optional Padding");
	}
	off = first;
	for (uint32_t i = 0; i < count && iot_cur_has(c, off, IORT_NODE_HDR); i++) {
		uint16_t len = iot_cur_u16(c, off + 1);

		iort_node(a, off, i, rev);
		if (len < IORT_NODE_HDR)
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
	fld(a, 36, 2, "Node count");
	fld(a, 38, 2, "Node offset");
	rsv(a, 40, 8, "Reserved");
	if (off != VIOT_HDR_LEN)
		refuse(a, 38, "iasl always places the first VIOT node at 0x30");
	for (uint16_t i = 0; i < count && iot_cur_has(c, off, 4); i++) {
		uint8_t type = iot_cur_u8(c, off);
		uint16_t len = iot_cur_u16(c, off + 2);
		const char *n = acpi_name_at(a->names, (uint32_t)off);
		static const char *const desc[] = { "", "PCI Range", "MMIO Endpoint",
						    "VirtIO-PCI IOMMU", "VirtIO-MMIO IOMMU" };
		size_t want = type == 1 || type == 2 ? 24 : 16;

		iot_buf_addc(a->out, '\n');
		comment(a, "Node @ 0x%zX: %s", off, n ? n : type <= 4 ? desc[type] : "unknown");
		if (type < 1 || type > 4) {
			refuse(a, off, "VIOT node type %u is unknown to iasl", type);
			break;
		}
		if (len != want)
			refuse(a, off + 2, "VIOT node at 0x%zX is %u bytes; iasl makes it %zu", off,
			       len, want);
		prefix(a, off, 1);
		iot_buf_printf(a->out, "%34s : %02X [%s]\n", "Type", type, desc[type]);
		rsv(a, off + 1, 1, "Reserved");
		fld(a, off + 2, 2, "Length");
		switch (type) {
		case 1:
			fld(a, off + 4, 4, "Endpoint start");
			fld(a, off + 8, 2, "PCI Segment start");
			fld(a, off + 10, 2, "PCI Segment end");
			fld(a, off + 12, 2, "PCI BDF start");
			fld(a, off + 14, 2, "PCI BDF end");
			ref(a, off + 16, 2, "Output node");
			rsv(a, off + 18, 6, "Reserved");
			break;
		case 2:
			fld(a, off + 4, 4, "Endpoint");
			fld(a, off + 8, 8, "Base address");
			ref(a, off + 16, 2, "Output node");
			rsv(a, off + 18, 6, "Reserved");
			break;
		case 3:
			fld(a, off + 4, 2, "PCI Segment");
			fld(a, off + 6, 2, "PCI BDF number");
			rsv(a, off + 8, 8, "Reserved");
			break;
		case 4:
			rsv(a, off + 4, 4, "Reserved");
			fld(a, off + 8, 8, "Base address");
			break;
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

static void viot_asl_generic(struct asl *a)
{
	struct iot_cur *c = &a->c;
	size_t off = VIOT_HDR_LEN;

	header(a, "Virtual I/O Translation Table (unknown to iasl 20200925: generic fields)");
	gen(a, 36, 2, "Node count");
	gen(a, 38, 2, "Node offset");
	gen(a, 40, 8, "Reserved");
	for (size_t i = 48; i < iot_cur_u16(c, 38) && i < c->len; i++)
		gen(a, i, 1, "padding");
	off = iot_cur_u16(c, 38) > VIOT_HDR_LEN ? iot_cur_u16(c, 38) : VIOT_HDR_LEN;
	while (off + 4 <= c->len) {
		uint8_t type = iot_cur_u8(c, off);
		uint16_t len = iot_cur_u16(c, off + 2);
		const char *n = acpi_name_at(a->names, (uint32_t)off);

		iot_buf_addc(a->out, '\n');
		comment(a, "Node @ 0x%zX: %s", off, n ? n : "VIOT node");
		gen(a, off, 1, "Type");
		gen(a, off + 1, 1, "Reserved");
		gen(a, off + 2, 2, "Length");
		if (len < 4 || off + len > c->len) {
			refuse(a, off + 2, "VIOT node length %u is not walkable", len);
			return;
		}
		if (type == 1 && len == 24) {
			gen(a, off + 4, 4, "Endpoint start");
			gen(a, off + 8, 2, "PCI Segment start");
			gen(a, off + 10, 2, "PCI Segment end");
			gen(a, off + 12, 2, "PCI BDF start");
			gen(a, off + 14, 2, "PCI BDF end");
			gen(a, off + 16, 2, "Output node");
			gen(a, off + 18, 6, "Reserved");
		} else if (type == 2 && len == 24) {
			gen(a, off + 4, 4, "Endpoint");
			gen(a, off + 8, 8, "Base address");
			gen(a, off + 16, 2, "Output node");
			gen(a, off + 18, 6, "Reserved");
		} else if (type == 3 && len == 16) {
			gen(a, off + 4, 2, "PCI Segment");
			gen(a, off + 6, 2, "PCI BDF number");
			gen(a, off + 8, 8, "Reserved");
		} else if (type == 4 && len == 16) {
			gen(a, off + 4, 4, "Reserved");
			gen(a, off + 8, 8, "Base address");
		} else {
			for (size_t i = 4; i < len; i++)
				gen(a, off + i, 1, "data");
		}
		off += len;
	}
	for (; off < c->len; off++)
		gen(a, off, 1, "trailing data");
}

int iot_acpi_write_asl(const uint8_t *tbl, size_t len, enum iot_asl_dialect dialect,
		       const struct iot_acpi_names *names, const char *what, struct iot_buf *out,
		       struct iot_diags *d)
{
	struct asl a = { .out = out, .dialect = dialect, .names = names, .d = d, .what = what };
	bool iort;

	iot_buf_reset(out);
	if (len < IORT_HDR_LEN || (memcmp(tbl, "IORT", 4) && memcmp(tbl, "VIOT", 4)) ||
	    (uint32_t)(tbl[4] | tbl[5] << 8 | tbl[6] << 16 | (uint32_t)tbl[7] << 24) != len) {
		struct iot_loc loc = iot_loc_bin(what, 0);

		iot_error(d, &loc, "not a complete IORT or VIOT table");
		return -1;
	}
	iort = !memcmp(tbl, "IORT", 4);
	/* only a table its reader accepts: counts and offsets below are then trusted */
	{
		struct iot_topology scratch;
		struct iot_diags sd;
		int bad;

		iot_topology_init(&scratch);
		iot_diags_init(&sd);
		bad = iort ? iot_iort_read(tbl, len, what, &scratch, &sd) :
			     iot_viot_read(tbl, len, what, &scratch, &sd);
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
	iot_cur_init(&a.c, tbl, len, what, d, iort ? "IORT" : "VIOT");
	iot_buf_printf(out,
		       "/*\n * %s, iasl data-table source for %s.\n"
		       " * Written by iotopo.  Compile with `iasl -z` so the Asl Compiler ID and\n"
		       " * Revision below are kept and the result is byte-identical.\n */\n",
		       iort ? "IORT (IO Remapping Table)" : "VIOT (Virtual I/O Translation Table)",
		       dialect_name(dialect));
	if (iort)
		iort_asl(&a);
	else if (dialect == IOT_ASL_CURRENT)
		viot_asl_current(&a);
	else
		viot_asl_generic(&a);
	return a.errors ? -1 : 0;
}
