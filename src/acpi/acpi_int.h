/* SPDX-License-Identifier: MIT */
/* Shared between the IORT and VIOT writers and readers; not a public API. */
#ifndef IOTOPO_ACPI_INT_H
#define IOTOPO_ACPI_INT_H

#include "acpi/acpi.h"
#include "acpi/cursor.h"

#define ACPI_HDR_LEN 36
#define IORT_HDR_LEN 48
#define IORT_NODE_HDR 16
#define IORT_MAP_LEN 20
#define IORT_RMR_DESC_LEN 20
#define VIOT_HDR_LEN 48

/* Largest table the readers accept (IORT Length is u32; bound it anyway). */
#define ACPI_MAX_TABLE (16u * 1024 * 1024)

/* Start a table: 36-byte header with the machine's OEM fields, length/checksum 0. */
void acpi_put_header(struct iot_buf *b, const char sig[4], uint8_t rev, const struct iot_machine *m,
		     const struct iot_fw_table *ft);
/* Patch Length and Checksum once the table is complete. */
void acpi_finish(struct iot_buf *b);

void acpi_name_add(struct iot_acpi_names *n, uint32_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *acpi_name_at(const struct iot_acpi_names *n, uint32_t off);

/*
 * Check the common header; fill the machine's OEM fields into @t, and into
 * @ft (may be NULL) the header bytes acpi_put_header() would not write the
 * same from them (NUL-padded OEM IDs, a second table's own OEM fields).  A
 * wrong checksum is a warning: Linux only warns (acpica/utcksum.c:
 * acpi_ut_verify_checksum, ACPI_CHECKSUM_ABORT off) and uses the table.  Returns
 * the usable length (<= @len), or 0 if the table cannot be walked at all.
 */
size_t acpi_read_header(struct iot_cur *c, const char *sig, struct iot_topology *t,
			struct iot_fw_table *ft);

/*
 * Names of a topology's objects, so a reader merging into it picks fresh
 * ones in O(1) (open addressing; the strings belong to the objects).
 */
struct acpi_nameset {
	const char **v;
	size_t cap;
	size_t n;
};

void acpi_nameset_init(struct acpi_nameset *ns, const struct iot_topology *t);
void acpi_nameset_free(struct acpi_nameset *ns);
bool acpi_name_used(const struct acpi_nameset *ns, const char *n);
/* "prefix<i>" with the first free i >= @i, recorded as used. */
void acpi_name_obj(struct acpi_nameset *ns, char **dst, const char *prefix, size_t i);
void acpi_name_claim(struct acpi_nameset *ns, const char *n);

/* Node revisions a table revision implies (DEN0049 issues D, E.b, E.d, E.e/E.f). */
int iort_node_revision(int table_rev, enum iot_iort_kind kind);
const char *iort_kind_name(unsigned int type);

#endif
