/* SPDX-License-Identifier: MIT */
/*
 * One bounds-checked view of an ACPI table.  Every byte the IORT and VIOT
 * readers look at is fetched through iot_cur_*(); nothing else does pointer
 * arithmetic on the table (libfdt's fdt_offset_ptr discipline).
 *
 * A cursor is a window [start, start + len) of the table; offsets given to
 * the accessors are relative to the window and reported absolute.  Errors
 * name the byte offset, the node and the field:
 *   file: offset 0x5c: error: IORT node 2 (SMMUv3) Mapping Offset: points past ...
 */
#ifndef IOTOPO_ACPI_CURSOR_H
#define IOTOPO_ACPI_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/rule_ids.h"
#include "util/diag.h"

struct iot_cur {
	const uint8_t *tbl; /* whole table (never dereferenced outside [0, tbl_len)) */
	size_t tbl_len;
	size_t start; /* window start, absolute */
	size_t len; /* window length */
	const char *file;
	struct iot_diags *d;
	/*
	 * "IORT node 2 (SMMUv3)" or "IORT header": read it with iot_cur_what().
	 * With @what_pfx set (iot_cur_label) it is "<what_pfx> <what_idx>", and
	 * " (<what_type>)" when that is set, made only when a report needs it.
	 */
	char what[48];
	const char *what_pfx, *what_type;
	uint32_t what_idx;
	/* provenance stamped on every location made from the cursor (iot_cur_loc) */
	uint8_t src; /* enum iot_src */
	uint8_t revision; /* structure revision, 0 = none */
	uint16_t origin; /* the table's index in iot_topology.origins, 0 = none */
};

/* A cursor over the whole table. */
void iot_cur_init(struct iot_cur *c, const uint8_t *tbl, size_t len, const char *file,
		  struct iot_diags *d, const char *what);

/*
 * A sub-window [off, off + len) of @parent (relative offsets), clipped to the
 * parent; returns false (and makes an empty window) if @off is outside it.
 */
bool iot_cur_sub(struct iot_cur *c, const struct iot_cur *parent, size_t off, size_t len,
		 const char *what_fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * A sub-window like iot_cur_sub() that keeps @parent's name: nothing is
 * formatted (the readers make one or two windows per node).
 */
bool iot_cur_sub_keep(struct iot_cur *c, const struct iot_cur *parent, size_t off, size_t len);

/*
 * Name the window "<pfx> <idx>", or "<pfx> <idx> (<type>)" with @type, both
 * static strings; iot_cur_what() makes the text when a report needs it.
 */
static inline void iot_cur_label(struct iot_cur *c, const char *pfx, uint32_t idx, const char *type)
{
	c->what[0] = '\0';
	c->what_pfx = pfx;
	c->what_idx = idx;
	c->what_type = type;
}

/* The window's name ("IORT node 2 (SMMUv3)"), in @buf if it has to be made. */
const char *iot_cur_what(const struct iot_cur *c, char *buf, size_t size);

/* True if [off, off + n) lies inside the window. */
static inline bool iot_cur_has(const struct iot_cur *c, size_t off, size_t n)
{
	return off <= c->len && n <= c->len - off;
}

/*
 * Like iot_cur_has(), but reports "FIELD: truncated (needs N bytes at
 * offset X, node ends at Y)" under @rule when it does not fit.
 */
bool iot_cur_need(const struct iot_cur *c, size_t off, size_t n, const char *field,
		  enum iot_rule_id rule);

/*
 * Little-endian fetch of @width (1..8) bytes at @off; 0 if outside the window.
 * Inline: the readers fetch every field of every node through it.
 */
static inline uint64_t iot_cur_le(const struct iot_cur *c, size_t off, unsigned int width)
{
	const uint8_t *p;
	uint64_t v = 0;

	if (width > 8 || !iot_cur_has(c, off, width))
		return 0;
	p = c->tbl + c->start + off;
	switch (width) {
	case 1:
		return p[0];
	case 2:
		return (uint64_t)p[0] | (uint64_t)p[1] << 8;
	case 4:
		return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
		       (uint64_t)p[3] << 24;
	}
	for (unsigned int i = 0; i < width; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}
static inline uint8_t iot_cur_u8(const struct iot_cur *c, size_t off)
{
	return (uint8_t)iot_cur_le(c, off, 1);
}
static inline uint16_t iot_cur_u16(const struct iot_cur *c, size_t off)
{
	return (uint16_t)iot_cur_le(c, off, 2);
}
static inline uint32_t iot_cur_u32(const struct iot_cur *c, size_t off)
{
	return (uint32_t)iot_cur_le(c, off, 4);
}
static inline uint64_t iot_cur_u64(const struct iot_cur *c, size_t off)
{
	return iot_cur_le(c, off, 8);
}

/* Copy @n bytes at @off into @dst; false (dst zeroed) if outside. */
bool iot_cur_bytes(const struct iot_cur *c, size_t off, void *dst, size_t n);

/* Absolute table offset of a window-relative offset. */
static inline size_t iot_cur_abs(const struct iot_cur *c, size_t off)
{
	return c->start + off;
}

/* The location of window offset @off, with the cursor's provenance. */
static inline struct iot_loc iot_cur_loc(const struct iot_cur *c, size_t off)
{
	struct iot_loc l = iot_loc_bin(c->file, iot_cur_abs(c, off));

	l.src = c->src;
	l.revision = c->revision;
	l.origin = c->origin;
	/* the start of a node or structure window: the location covers all of it */
	if (!off && c->start && c->len && c->len <= UINT16_MAX)
		l.length = (uint16_t)c->len;
	return l;
}

/*
 * Report at window offset @off: "<what> <field>: <message>" under @rule, at
 * the severity the rule table gives it (IOT_RULE_NONE: a structural reader
 * error without a lint rule).
 */
void iot_cur_report(const struct iot_cur *c, size_t off, enum iot_rule_id rule, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
