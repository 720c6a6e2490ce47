/* SPDX-License-Identifier: MIT */
/*
 * ACPI IORT and VIOT: model -> binary table, binary table -> iasl data-table
 * source, and binary table / acpidump text / sysfs table directory -> model.
 *
 * Writers build into an iot_buf and report problems in the model through the
 * diagnostics list; readers never trust a byte they have not bounds-checked
 * (see cursor.h) and keep going where they safely can, so every structural
 * problem of a table is reported at once.
 */
#ifndef IOTOPO_ACPI_H
#define IOTOPO_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"

/* IORT table revisions the writer can produce (DEN0049 issue in brackets). */
#define IOT_IORT_REV_D 0 /* issue D */
#define IOT_IORT_REV_EB 3 /* issue E.b */
#define IOT_IORT_REV_ED 5 /* issue E.d */
#define IOT_IORT_REV_EF 6 /* issue E.e / E.f */
/* The newest revision current Linux parses (actbl2.h mirrors E.f). */
#define IOT_IORT_REV_NEWEST IOT_IORT_REV_EF

/* iasl data-table source dialects. */
enum iot_asl_dialect {
	IOT_ASL_CURRENT, /* ACPICA 20250404 (Debian 13) and later */
	IOT_ASL_20200925, /* Debian 12: issue D labels only, no VIOT */
};

struct iot_acpi_opts {
	int iort_revision; /* -1 = machine.iort_revision if known, else newest */
};

/*
 * Where each node of a written table went, so that the iasl source can name
 * the node an offset points at.  Filled by the writers when non-NULL.
 */
struct iot_acpi_node_name {
	uint32_t offset;
	char *name;
};

struct iot_acpi_names {
	struct iot_acpi_node_name *v;
	size_t n;
	size_t cap;
};

void iot_acpi_names_free(struct iot_acpi_names *n);

/*
 * Write the IORT of @t into @out (which is reset first).  Returns 0, or -1
 * with errors in @d (and @out unspecified).  @names may be NULL.
 */
int iot_iort_write(const struct iot_topology *t, const struct iot_acpi_opts *o, struct iot_buf *out,
		   struct iot_acpi_names *names, struct iot_diags *d);

/* Write the VIOT of @t (virtio-iommu nodes, PCI ranges, MMIO endpoints). */
int iot_viot_write(const struct iot_topology *t, struct iot_buf *out, struct iot_acpi_names *names,
		   struct iot_diags *d);

/*
 * Write the IVRS of @t (its AMD-Vi units as IVHD blocks, IVMD blocks and
 * kept raw blocks, in the order of the table they were read from).
 */
int iot_ivrs_write(const struct iot_topology *t, struct iot_buf *out, struct iot_acpi_names *names,
		   struct iot_diags *d);
bool iot_topology_has_ivrs(const struct iot_topology *t);

/*
 * The OEM fields of an ACPI header @hdr (36 bytes) of table @sig into the
 * machine of @t when it has none yet, and into @ft (may be NULL) the bytes
 * that the writers' header would not give back.
 */
void iot_acpi_keep_header(const uint8_t *hdr, const char *sig, struct iot_topology *t,
			  struct iot_fw_table *ft);

/* Whether @t has anything an IORT / a VIOT would describe. */
bool iot_topology_has_iort(const struct iot_topology *t);
bool iot_topology_has_viot(const struct iot_topology *t);
/* Whether every platform device an IORT would describe has an ACPI path. */
/*
 * Whether the IORT is written from a Device Tree (read from a DTB or DTS, or
 * YAML that says firmware: dt): then what IORT cannot carry is left out, each
 * object with a diagnostic, instead of refusing the board.
 */
bool iot_iort_from_dt(const struct iot_topology *t);
bool iot_iort_platdevs_named(const struct iot_topology *t);

/*
 * Print the table @tbl (an IORT or VIOT this library wrote, or any valid
 * one) as iasl data-table source in @dialect.  Returns 0, or -1 with an
 * error in @d when the dialect cannot express the table byte for byte.
 * @names (may be NULL) names the nodes offsets point at.
 */
int iot_acpi_write_asl(const uint8_t *tbl, size_t len, enum iot_asl_dialect dialect,
		       const struct iot_acpi_names *names, const char *what, struct iot_buf *out,
		       struct iot_diags *d);

/*
 * Read one raw ACPI table (@file names it in diagnostics) with the reader of
 * its signature (tables/registry.h) and merge it into @t.  Returns 0 when the
 * table was read, whatever findings (even errors) it reported: the rest is
 * read, linted and predicted (fail-soft); -1 when it cannot be read at all
 * (an unknown signature, an unusable header).
 */
int iot_acpi_read_table(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
			struct iot_diags *d);
int iot_iort_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);
int iot_viot_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);

/* acpidump text (several tables; the format acpixtract reads). */
int iot_acpidump_read(const char *text, size_t len, const char *file, struct iot_topology *t,
		      struct iot_diags *d);

/*
 * Every table the registry (tables/registry.h) knows found in a directory
 * laid out like / or like /sys/firmware/acpi/tables itself, in registry
 * order; the one path for a bare tables directory and a sysfs tree.
 * Diagnostics name each table's file (strings kept by @t).  Returns 0, or
 * -1 on errors; finding none of the tables is an error when @required.
 */
int iot_acpi_read_tables_dir(const char *dir, struct iot_topology *t, struct iot_diags *d,
			     bool required);

/* ACPI checksum byte: the value that makes the sum of @len bytes zero. */
uint8_t iot_acpi_checksum(const uint8_t *p, size_t len);

#endif
