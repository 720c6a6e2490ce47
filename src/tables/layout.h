/* SPDX-License-Identifier: MIT */
/*
 * ACPI table layouts as data, in the manner of ACPICA's
 * source/common/dmtbinfo*.c: one field list per subtable (an IORT SMMUv3
 * node, a DMAR device scope, ...), each field with its offset, width, iasl
 * label, reserved bits, the node revisions that have it and the model field
 * it holds.  One engine walks those lists to read a subtable into the
 * model, check its reserved bits, write it back and print it as iasl
 * source, so a field added to a subtable is one row here.
 *
 * A field's value comes from one of three places:
 *   - the model, through its binding (offset and size in the object);
 *   - the writer, for lengths, counts, offsets and references (role
 *     IOT_FR_COMPUTED), through a callback;
 *   - the object's struct iot_fw_node: what a table carried that the model
 *     has no field for (a reserved field that is not zero, the reserved
 *     bits of a flags word, an offset other than the computed one), keyed
 *     by the field's key.
 * Reading records into the third place exactly what the first two cannot
 * reproduce, so reading then writing gives back the same bytes.
 */
#ifndef IOTOPO_TABLES_LAYOUT_H
#define IOTOPO_TABLES_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acpi/cursor.h"
#include "model/model.h"
#include "util/buf.h"

enum iot_fkind {
	IOT_FK_INT, /* little-endian unsigned integer, 1..8 bytes */
	IOT_FK_FLAGS, /* integer decoded by the IOT_FK_BITS rows that follow it */
	IOT_FK_BITS, /* bits [shift, shift + nbits) of the FLAGS row before it; no bytes */
	IOT_FK_CHARS, /* fixed-width characters (an OEM ID), NUL padded */
	IOT_FK_STRING, /* NUL-terminated string of variable length: always the last row */
	IOT_FK_GROUP, /* iasl only: a heading for the rows after it ("Memory Properties") */
};

enum iot_frole {
	IOT_FR_DATA, /* a value: the model's (bound) or kept in the fw record */
	IOT_FR_RESERVED, /* must be zero; kept in the fw record when it is not */
	IOT_FR_COMPUTED, /* a length, count, offset or reference the writer computes */
};

/* Which views a row belongs to. */
#define IOT_FV_BIN 1u /* the binary layout: read, checked, written */
#define IOT_FV_ASL 2u /* iasl source for current ACPICA (20250404 and later) */
#define IOT_FV_ASL20 4u /* iasl source for ACPICA 20200925 (Debian 12) */
#define IOT_FV_ALL 7u

/* How a bound field is stored in the model object. */
enum iot_fbind {
	IOT_FB_NONE,
	IOT_FB_UINT, /* an unsigned integer of bsize bytes */
	IOT_FB_BOOL, /* a bool (nbits == 1 rows) */
	IOT_FB_ENUM, /* an int-sized enum, through the row's code table */
};

/* A table code <-> model enum value pair (IOT_FB_ENUM). */
struct iot_fcode {
	uint32_t code;
	int value;
};

struct iot_field {
	const char *key; /* unique within the layout: fw record key, diagnostics */
	const char *label; /* iasl label; NULL where no iasl names this field */
	const char *desc; /* name in diagnostics when it is not the label */
	const char *why; /* appended to "must be zero" (", before ...") */
	uint16_t off; /* from the start of the subtable */
	uint8_t width; /* bytes (0 for BITS rows) */
	uint8_t kind; /* enum iot_fkind */
	uint8_t role; /* enum iot_frole */
	uint8_t views; /* IOT_FV_* */
	/*
	 * Node revisions that have the field in the binary layout.  iasl has
	 * no node revisions: its source has every ASL-view row whatever the
	 * revision (a row a revision lacks prints the node's bytes there).
	 */
	uint8_t rev_min, rev_max;
	uint8_t shift, nbits; /* BITS rows */
	bool ref; /* COMPUTED: the offset of another node (iasl source names it) */
	uint64_t rsv; /* bits that must be zero; FLAGS rows: 0 = every bit no BITS row has */
	bool own_rule; /* reserved bits set are reported under rule, not the layout's */
	enum iot_rule_id rule;
	/* model binding */
	uint8_t bind; /* enum iot_fbind */
	uint8_t bsize;
	uint16_t boff;
	const struct iot_fcode *codes; /* IOT_FB_ENUM */
	uint8_t n_codes;
	int code_default; /* model value for a code not in the table */
};

struct iot_layout {
	const char
		*name; /* "SMMUv3", "DRHD", "mapping": element diagnostics say "mapping 3 Flags" */
	const struct iot_field *f;
	size_t n;
	enum iot_rule_id rsv_rule; /* rule reported for reserved bits that are set */
	bool element; /* an array element: diagnostics name it "<name> <index>" */
};

/*
 * Row constructors (designated initializers, so a table reads as a list).
 * A row states defaults and then overrides some (IOT_F(..., .views = ...)):
 * files that define tables include IOT_LAYOUT_TABLES_BEGIN first.
 */
#if defined(__clang__)
#define IOT_LAYOUT_TABLES_BEGIN _Pragma("clang diagnostic ignored \"-Winitializer-overrides\"")
#else
#define IOT_LAYOUT_TABLES_BEGIN _Pragma("GCC diagnostic ignored \"-Woverride-init\"")
#endif
#define IOT_LAYOUT(name_, rows_, rule_)                                             \
	{                                                                           \
		.name = name_, .f = rows_, .n = sizeof(rows_) / sizeof((rows_)[0]), \
		.rsv_rule = rule_                                                   \
	}
#define IOT_ELEMENT(name_, rows_, rule_)                                            \
	{                                                                           \
		.name = name_, .f = rows_, .n = sizeof(rows_) / sizeof((rows_)[0]), \
		.rsv_rule = rule_, .element = true                                  \
	}

/* The row's name in diagnostics: desc, else the label without "(decoded below)", else key. */
const char *iot_field_name(const struct iot_field *f, char *buf, size_t size);
#define IOT_F(off_, width_, key_, label_, ...)                                                  \
	{                                                                                       \
		.key = key_, .label = label_, .off = off_, .width = width_, .kind = IOT_FK_INT, \
		.role = IOT_FR_DATA, .views = IOT_FV_ALL, .rev_max = 0xff, __VA_ARGS__          \
	}
#define IOT_FFLAGS(off_, width_, key_, label_, ...) \
	IOT_F(off_, width_, key_, label_, .kind = IOT_FK_FLAGS, __VA_ARGS__)
#define IOT_FBITS(off_, shift_, nbits_, key_, label_, ...)                                  \
	IOT_F(off_, 0, key_, label_, .kind = IOT_FK_BITS, .shift = shift_, .nbits = nbits_, \
	      __VA_ARGS__)
#define IOT_FRSV(off_, width_, key_, ...) \
	IOT_F(off_, width_, key_, "Reserved", .role = IOT_FR_RESERVED, .rsv = ~0ull, __VA_ARGS__)
#define IOT_FCALC(off_, width_, key_, label_, ...) \
	IOT_F(off_, width_, key_, label_, .role = IOT_FR_COMPUTED, __VA_ARGS__)
#define IOT_BIND(type_, member_)                               \
	.bind = IOT_FB_UINT, .boff = offsetof(type_, member_), \
	.bsize = sizeof(((type_ *)0)->member_)
#define IOT_BIND_BOOL(type_, member_) \
	.bind = IOT_FB_BOOL, .boff = offsetof(type_, member_), .bsize = sizeof(bool)
#define IOT_BIND_ENUM(type_, member_, codes_, dflt_)                                 \
	.bind = IOT_FB_ENUM, .boff = offsetof(type_, member_), .bsize = sizeof(int), \
	.codes = codes_, .n_codes = sizeof(codes_) / sizeof((codes_)[0]), .code_default = dflt_
#define IOT_REVS(min_, max_) .rev_min = min_, .rev_max = max_
#define IOT_FRULE(id_) .own_rule = true, .rule = id_
#define IOT_FGROUP(off_, width_, label_, text_) \
	IOT_F(off_, width_, text_, label_, .kind = IOT_FK_GROUP, .views = IOT_FV_ASL | IOT_FV_ASL20)

/* Reserved bits of row @f at revision @rev (FLAGS rows: the bits no BITS row names). */
uint64_t iot_field_rsv(const struct iot_layout *l, const struct iot_field *f, unsigned int rev);

static inline bool iot_field_at_rev(const struct iot_field *f, unsigned int rev)
{
	return rev >= f->rev_min && rev <= f->rev_max;
}

/* The row keyed @key, or NULL. */
const struct iot_field *iot_layout_find(const struct iot_layout *l, const char *key);

/*
 * Bytes the binary fields present at @rev span (the end of the furthest
 * one; a STRING row counts as its fixed part only).
 */
size_t iot_layout_size(const struct iot_layout *l, unsigned int rev);

/* Raw value of the INT/FLAGS row @f of the subtable at window offset @base. */
uint64_t iot_field_raw(const struct iot_cur *c, size_t base, const struct iot_field *f);

/* Model value of a bound row (BITS rows: the bits, unshifted). */
uint64_t iot_field_model(const struct iot_field *f, const void *obj);

/*
 * Read the subtable of layout @l at window offset @base of @c, node
 * revision @rev: bound rows into @obj (may be NULL: nothing stored),
 * reserved bits that are set reported (warning, under the row's or the
 * layout's rule, as "<cursor what> <label>: ..."), and into @fw (may be
 * NULL) the value of every DATA/RESERVED row the model cannot give back.
 * COMPUTED rows are left to the caller (iot_layout_keep_computed()).
 * Rows that do not fit in the window are neither read nor reported (the
 * caller checks the size first).  @index numbers the element of an array
 * (ID mapping, interrupt) in @fw; 0 for a node's own fields.
 */
void iot_layout_read(const struct iot_layout *l, unsigned int rev, const struct iot_cur *c,
		     size_t base, void *obj, struct iot_fw_field **fw, size_t *n_fw,
		     uint32_t index);

/*
 * Record a COMPUTED row's table value in @fw when it is not @expect (what
 * the writer would put there), so the writer reproduces it.
 */
void iot_layout_keep_computed(const struct iot_layout *l, const char *key, uint64_t actual,
			      uint64_t expect, struct iot_fw_field **fw, size_t *n_fw,
			      uint32_t index);

/*
 * The writer's value for a COMPUTED row; return false to write 0.
 * @ctx is the caller's.
 */
typedef bool (*iot_layout_calc_fn)(void *ctx, const struct iot_field *f, uint64_t *v);

/*
 * Write the subtable of layout @l at revision @rev into @b at @base (the
 * buffer grows with zeros up to base + iot_layout_size()): bound rows from
 * @obj, COMPUTED rows from @calc (may be NULL), and any row with a value in
 * @fw for element @index from there (for FLAGS rows: the bits no bound BITS
 * row gives).  A layout ending in a STRING row gets @str (with its NUL)
 * appended after its fixed rows.
 */
void iot_layout_write(const struct iot_layout *l, unsigned int rev, struct iot_buf *b, size_t base,
		      const void *obj, const struct iot_fw_field *fw, size_t n_fw, uint32_t index,
		      iot_layout_calc_fn calc, void *ctx, const char *str);

#endif
