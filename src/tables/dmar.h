/* SPDX-License-Identifier: MIT */
/*
 * The DMAR (Intel VT-d specification, chapter 8; ACPICA actbl1.h
 * acpi_table_dmar, acpi_dmar_*) as layout tables: the header fields after
 * the ACPI header, the remapping structure header, one body per structure
 * type (DRHD, RMRR, ATSR, RHSA, ANDD, SATC, SIDP), the device scope and a
 * path entry.  Labels are ACPICA's (source/common/dmtbinfo1.c); iasl
 * 20200925 knows the first five structure types, current iasl all seven.
 */
#ifndef IOTOPO_TABLES_DMAR_H
#define IOTOPO_TABLES_DMAR_H

#include "tables/layout.h"

#define IOT_DMAR_HDR_LEN 48 /* ACPI header, Host Address Width, Flags, 10 reserved */
#define IOT_DMAR_STRUCT_HDR_LEN 4 /* Type, Length */
#define IOT_DMAR_SCOPE_HDR_LEN 6 /* Type, Length, Flags, Reserved, Enumeration ID, Start Bus */
#define IOT_DMAR_PATH_LEN 2 /* Device, Function */

enum {
	IOT_DMAR_DRHD = 0,
	IOT_DMAR_RMRR = 1,
	IOT_DMAR_ATSR = 2,
	IOT_DMAR_RHSA = 3,
	IOT_DMAR_ANDD = 4,
	IOT_DMAR_SATC = 5,
	IOT_DMAR_SIDP = 6, /* VT-d 4.1 */
	IOT_DMAR_NTYPES = 7,
};

struct iot_dmar_type {
	uint16_t type;
	const char *name; /* "DRHD" */
	const char *asl_name; /* iasl's "[Hardware Unit Definition]" */
	uint16_t min_len; /* the fixed part: the smallest Length */
	bool scopes; /* device scopes follow the fixed part */
	bool asl20; /* iasl 20200925 knows the type */
	/* rows from offset 0 (with the structure header); bound to the model object */
	const struct iot_layout *body;
};

/* Header rows at 36..47, bound to struct iot_topology. */
extern const struct iot_layout iot_dmar_header;
/* Type and Length, the first 4 bytes of every structure. */
extern const struct iot_layout iot_dmar_struct_hdr;
/*
 * A device scope, bound to struct iot_x86_scope; an element of its
 * structure (fw fields indexed by the scope's position).
 */
extern const struct iot_layout iot_dmar_scope;
/* One path entry, bound to struct iot_x86_hop. */
extern const struct iot_layout iot_dmar_path;

/* The type's row, or NULL for a type the VT-d specification does not define. */
const struct iot_dmar_type *iot_dmar_type(unsigned int type);

/* Every DMAR layout, NULL-terminated (the registry's row). */
extern const struct iot_layout *const iot_dmar_layouts[];

#endif
