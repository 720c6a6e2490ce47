/* SPDX-License-Identifier: MIT */
/*
 * The IVRS (AMD I/O Virtualization Technology (IOMMU) Specification, ch. 5;
 * drivers/iommu/amd/init.c) as layout tables: the table header, the IVHD
 * block headers of types 10h, 11h and 40h, every IVHD device entry kind and
 * the IVMD blocks.  Labels are ACPICA's (dmtbinfo2.c); rows that iasl
 * 20200925 labels differently, or whose bits only current iasl decodes, are
 * per-dialect rows (IOT_FV_ASL / IOT_FV_ASL20) without bytes of their own.
 *
 * Entries bind to struct iot_x86_scope, IVHD headers to struct iot_iommu,
 * IVMD blocks to struct iot_x86_entry and the table header to struct
 * iot_x86_info.
 */
#ifndef IOTOPO_TABLES_IVRS_H
#define IOTOPO_TABLES_IVRS_H

#include "tables/layout.h"

#define IOT_IVRS_HDR_LEN 48 /* ACPI header, IVinfo, 8 reserved */
#define IOT_IVMD_LEN 32

/* IVHD device entry types (AMD IOMMU spec, "IVHD Device Entry Type Codes") */
enum {
	IOT_IVHD_PAD4 = 0x00,
	IOT_IVHD_ALL = 0x01,
	IOT_IVHD_SELECT = 0x02,
	IOT_IVHD_RANGE_START = 0x03,
	IOT_IVHD_RANGE_END = 0x04,
	IOT_IVHD_ALIAS = 0x42,
	IOT_IVHD_ALIAS_RANGE = 0x43,
	IOT_IVHD_EXT_SELECT = 0x46,
	IOT_IVHD_EXT_RANGE = 0x47,
	IOT_IVHD_SPECIAL = 0x48,
	IOT_IVHD_ACPI_HID = 0xf0,
};

extern const struct iot_layout iot_ivrs_header;
extern const struct iot_layout iot_ivmd;

/* The header of an IVHD block of @type (10h, 11h, 40h), or NULL. */
const struct iot_layout *iot_ivhd_layout(unsigned int type);

/*
 * The layout of an IVHD device entry of @type: its fixed part (F0h: up to
 * the UID), or NULL for a type >= 80h other than F0h, whose length no one
 * knows (amd/init.c:ivhd_entry_length).  Unknown types below 80h get the
 * 4- or 8-byte generic layout their type's top bits give.
 */
const struct iot_layout *iot_ivhd_entry_layout(unsigned int type);

/* The DEV_RANGE_END entry closing a range-start entry. */
extern const struct iot_layout iot_ivhd_entry_end;

/* Whether IVHD entry @type starts a range closed by a DEV_RANGE_END. */
static inline bool iot_ivhd_type_starts_range(unsigned int type)
{
	return type == IOT_IVHD_RANGE_START || type == IOT_IVHD_ALIAS_RANGE ||
	       type == IOT_IVHD_EXT_RANGE;
}

/* iasl's name of IVHD entry @type ("Device Entry: Start of Range"). */
const char *iot_ivhd_entry_name(unsigned int type);

/* Every IVRS layout, NULL-terminated (the registry's row). */
extern const struct iot_layout *const iot_ivrs_layouts[];

#endif
