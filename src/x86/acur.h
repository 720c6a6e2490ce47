/* SPDX-License-Identifier: MIT */
/*
 * A bounds-checked cursor over a raw ACPI table, after libfdt's
 * fdt_offset_ptr(): nothing in the DMAR/IVRS readers does pointer arithmetic
 * on the table; every field is read through here, inside a window that is
 * the structure being read.  A failed check reports the byte offset and the
 * field by name, e.g.
 *   DMAR: offset 0x30: error: DMAR DRHD 1 Length: 40 runs past the end of the table (0x58)
 */
#ifndef IOTOPO_X86_ACUR_H
#define IOTOPO_X86_ACUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

struct iot_acur {
	const uint8_t *data; /* the whole table */
	size_t start; /* window [start, end), absolute offsets */
	size_t end;
	const char *file;
	struct iot_diags *d;
};

/* The window of a sub-structure at @off of @len bytes (already checked). */
static inline struct iot_acur iot_acur_sub(const struct iot_acur *c, size_t off, size_t len)
{
	struct iot_acur s = *c;

	s.start = off;
	s.end = off + len;
	return s;
}

/* Whether @n bytes at absolute offset @off lie inside the window. */
static inline bool iot_acur_has(const struct iot_acur *c, size_t off, size_t n)
{
	return off >= c->start && off <= c->end && n <= c->end - off;
}

/*
 * Little-endian field of @width (1, 2, 4, 8) bytes at @off.  Outside the
 * window it reads as 0: callers check with iot_acur_has()/iot_acur_need()
 * first, this is the second line of defence.
 */
uint64_t iot_acur_le(const struct iot_acur *c, size_t off, unsigned int width);

static inline uint8_t iot_acur_u8(const struct iot_acur *c, size_t off)
{
	return (uint8_t)iot_acur_le(c, off, 1);
}

static inline uint16_t iot_acur_u16(const struct iot_acur *c, size_t off)
{
	return (uint16_t)iot_acur_le(c, off, 2);
}

static inline uint32_t iot_acur_u32(const struct iot_acur *c, size_t off)
{
	return (uint32_t)iot_acur_le(c, off, 4);
}

static inline uint64_t iot_acur_u64(const struct iot_acur *c, size_t off)
{
	return iot_acur_le(c, off, 8);
}

/* Report a diagnostic at absolute offset @off, tagged with @rule. */
void iot_acur_report(const struct iot_acur *c, enum iot_severity sev, size_t off, const char *rule,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Check that @n bytes at @off (the field @what, e.g. "DMAR DRHD 1 Address")
 * lie inside the window; if not, report an error under @rule and return
 * false.
 */
bool iot_acur_need(const struct iot_acur *c, size_t off, size_t n, const char *rule,
		   const char *what);

/* Bytes [off, off+n) copied into @out (n+1 bytes), NUL-terminated, trailing NULs kept out. */
void iot_acur_str(const struct iot_acur *c, size_t off, size_t n, char *out);

/* The rule names (and checksum severity) a table's header checks report under. */
struct iot_acur_rules {
	const char *header;
	const char *length;
	const char *checksum;
	enum iot_severity checksum_sev;
};

/*
 * The common ACPI header: signature @sig, Length against the data actually
 * present (@len), and the checksum (Linux still uses a DMAR with a bad
 * checksum, but ignores such an IVRS: amd/init.c:check_ivrs_checksum).  On
 * success the window is narrowed to the table's Length and 0 is returned;
 * -1 means the table cannot be read at all.
 */
int iot_acur_table(struct iot_acur *c, const uint8_t *data, size_t len, const char *file,
		   const char *sig, const struct iot_acur_rules *rules, struct iot_diags *d);

#endif
