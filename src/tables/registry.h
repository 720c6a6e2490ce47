/* SPDX-License-Identifier: MIT */
/*
 * One row per ACPI table iotopo knows: its signature, reader, writer,
 * whether iasl source is written for it, its name under
 * /sys/firmware/acpi/tables and its layout tables.  Every place that used
 * to list "IORT, VIOT, DMAR, IVRS" (the loaders, acpidump text, sysfs
 * directories, the messages naming what iotopo reads) walks this table, so
 * a new table is one row.
 */
#ifndef IOTOPO_TABLES_REGISTRY_H
#define IOTOPO_TABLES_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "tables/layout.h"
#include "util/buf.h"
#include "util/diag.h"

struct iot_acpi_opts;
struct iot_acpi_names;

struct iot_acpi_table {
	char sig[5]; /* "IORT" */
	const char *title; /* "IO Remapping Table" */
	/* read a raw table into the model: 0, or -1 with errors (what was readable is kept) */
	int (*read)(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		    struct iot_diags *d);
	/* write the model's table (NULL: iotopo reads it only) */
	int (*write)(const struct iot_topology *t, const struct iot_acpi_opts *o,
		     struct iot_buf *out, struct iot_acpi_names *names, struct iot_diags *d);
	/* whether the model has anything for the table (NULL with write) */
	bool (*has)(const struct iot_topology *t);
	bool asl; /* iasl data-table source is written for it */
	/*
	 * A companion table: read only for what other tables refer to (the MADT's
	 * IOAPIC IDs for DMAR/IVRS), never on its own a reason to load an input.
	 */
	bool companion;
	unsigned int table_bit; /* IOT_TABLE_*, 0 for a companion */
	const struct iot_layout *const *layouts; /* NULL-terminated: rows fw records may name */
};

/* The rows, in the order tables are loaded from a directory or acpidump text. */
const struct iot_acpi_table *iot_acpi_tables(size_t *n);
/* The row of signature @sig (4 bytes, need not be NUL-terminated), or NULL. */
const struct iot_acpi_table *iot_acpi_table_find(const char *sig);
/* "IORT, VIOT, DMAR or IVRS" into @buf: the tables iotopo reads on their own, for messages. */
const char *iot_acpi_table_names(char *buf, size_t size);

#endif
