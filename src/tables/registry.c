// SPDX-License-Identifier: MIT
#include "tables/registry.h"

#include <stdio.h>
#include <string.h>

#include "acpi/acpi.h"
#include "tables/dmar.h"
#include "tables/iort.h"
#include "tables/ivrs.h"
#include "tables/tables.h"
#include "tables/viot.h"
#include "util/mem.h"
#include "x86/x86.h"

static int write_viot(const struct iot_topology *t, const struct iot_acpi_opts *o,
		      struct iot_buf *out, struct iot_acpi_names *names, struct iot_diags *d)
{
	(void)o;
	return iot_viot_write(t, out, names, d);
}

static int write_dmar(const struct iot_topology *t, const struct iot_acpi_opts *o,
		      struct iot_buf *out, struct iot_acpi_names *names, struct iot_diags *d)
{
	(void)o;
	return iot_dmar_write(t, out, names, d);
}

static int write_ivrs(const struct iot_topology *t, const struct iot_acpi_opts *o,
		      struct iot_buf *out, struct iot_acpi_names *names, struct iot_diags *d)
{
	(void)o;
	return iot_ivrs_write(t, out, names, d);
}

static const struct iot_acpi_table tables[] = {
	{ "IORT", "IO Remapping Table", iot_iort_read, iot_iort_write, iot_topology_has_iort, true,
	  false, IOT_TABLE_IORT, NULL },
	{ "VIOT", "Virtual I/O Translation Table", iot_viot_read, write_viot, iot_topology_has_viot,
	  true, false, IOT_TABLE_VIOT, iot_viot_layouts },
	{ "DMAR", "DMA Remapping Table", iot_dmar_read, write_dmar, iot_topology_has_dmar, true,
	  false, IOT_TABLE_DMAR, iot_dmar_layouts },
	{ "IVRS", "I/O Virtualization Reporting Structure", iot_ivrs_read, write_ivrs,
	  iot_topology_has_ivrs, true, false, IOT_TABLE_IVRS, iot_ivrs_layouts },
	/* its I/O APIC IDs, which DMAR and IVRS entries name */
	{ "APIC", "Multiple APIC Description Table", iot_madt_read, NULL, NULL, false, true, 0,
	  NULL },
};

const struct iot_acpi_table *iot_acpi_tables(size_t *n)
{
	*n = IOT_ARRAY_SIZE(tables);
	return tables;
}

const struct iot_acpi_table *iot_acpi_table_find(const char *sig)
{
	for (size_t i = 0; i < IOT_ARRAY_SIZE(tables); i++)
		if (!memcmp(tables[i].sig, sig, 4))
			return &tables[i];
	return NULL;
}

const char *iot_acpi_table_names(char *buf, size_t size)
{
	size_t n = 0, k = 0, len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < IOT_ARRAY_SIZE(tables); i++)
		n += !tables[i].companion;
	for (size_t i = 0; i < IOT_ARRAY_SIZE(tables) && len < size; i++) {
		if (tables[i].companion)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%.4s",
					!k	   ? "" :
					k + 1 == n ? " or " :
						     ", ",
					tables[i].sig);
		k++;
	}
	return buf;
}

size_t iot_tables_n_extra_layouts(void)
{
	size_t n = 0;

	for (size_t i = 0; i < IOT_ARRAY_SIZE(tables); i++)
		for (size_t k = 0; tables[i].layouts && tables[i].layouts[k]; k++)
			n++;
	return n;
}

const struct iot_layout *iot_tables_extra_layout(size_t idx)
{
	for (size_t i = 0; i < IOT_ARRAY_SIZE(tables); i++)
		for (size_t k = 0; tables[i].layouts && tables[i].layouts[k]; k++)
			if (!idx--)
				return tables[i].layouts[k];
	return NULL;
}
