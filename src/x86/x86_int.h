/* SPDX-License-Identifier: MIT */
/*
 * Private to the DMAR and IVRS readers.  They read every field through
 * src/acpi's bounds-checked cursor (acpi/cursor.h), the one all ACPI readers
 * share; offsets are relative to the cursor's window (a table, a remapping
 * structure, an IVHD block) and reported absolute.
 */
#ifndef IOTOPO_X86_INT_H
#define IOTOPO_X86_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acpi/cursor.h"
#include "model/model.h"
#include "util/diag.h"

/*
 * Most structures, device scopes and IVHD device entries read from one table
 * (real tables have dozens): past it a reader reports an error and stops, so
 * a hostile 256 MiB table cannot make the model gigabytes big.
 */
#define IOT_X86_MAX_ITEMS 65536

/*
 * Report at window offset @off (reported absolute), tagged with @rule; the
 * message is complete (the readers name structure and field themselves).
 */
void iot_x86_report(const struct iot_cur *c, size_t off, enum iot_rule_id rule, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));

/* Keep the structure the window @c covers as bytes in @r, with its @type and location. */
void iot_x86_keep_raw(const struct iot_cur *c, struct iot_x86_raw *r, uint16_t type);

/*
 * Check that @n bytes at @off (the field @what, e.g. "DMAR Host Address
 * Width") lie inside the window; if not, report an error under @rule and
 * return false.
 */
bool iot_x86_need(const struct iot_cur *c, size_t off, size_t n, enum iot_rule_id rule,
		  const char *what);

/* Bytes [off, off+n) copied into @out (n+1 bytes), NUL-terminated. */
void iot_x86_str(const struct iot_cur *c, size_t off, size_t n, char *out);

/* The rules a table's header checks report under. */
struct iot_x86_table_rules {
	enum iot_rule_id header;
	enum iot_rule_id length;
	enum iot_rule_id checksum;
};

/*
 * The common ACPI header: signature @sig, Length against the data actually
 * present (@len), and the checksum (Linux still uses a DMAR with a bad
 * checksum, but ignores such an IVRS: amd/init.c:check_ivrs_checksum).  On
 * success @c is a cursor over the table's Length and 0 is returned; -1
 * means the table cannot be read at all.
 */
int iot_x86_table(struct iot_cur *c, const uint8_t *data, size_t len, const char *file,
		  const char *sig, const struct iot_x86_table_rules *rules, struct iot_diags *d);

#endif
