// SPDX-License-Identifier: MIT
#include "tables/dmar.h"

#include <stddef.h>

#include "model/model.h"

IOT_LAYOUT_TABLES_BEGIN

#define R IOT_RULE_DMAR_RESERVED
#define T struct iot_topology
#define U struct iot_iommu
#define EN struct iot_x86_entry
#define SC struct iot_x86_scope

/*
 * Bytes 36..47.  iasl prints the 10 reserved bytes as one buffer
 * (ACPI_DMT_BUF10); the binary rows split them in two integers.
 */
static const struct iot_field header_rows[] = {
	IOT_F(36, 1, "host-address-width", "Host Address Width", IOT_BIND(T, x86.dmar_haw)),
	IOT_F(37, 1, "flags", "Flags", IOT_BIND(T, x86.dmar_flags)),
	IOT_FRSV(38, 8, "reserved", .views = IOT_FV_BIN),
	IOT_FRSV(46, 2, "reserved-46", .views = IOT_FV_BIN),
};
const struct iot_layout iot_dmar_header = IOT_LAYOUT("DMAR header", header_rows, R);

#define STRUCT_HDR                                                     \
	IOT_FCALC(0, 2, "type", "Subtable Type", .views = IOT_FV_BIN), \
		IOT_FCALC(2, 2, "length", "Length")

static const struct iot_field hdr_rows[] = { STRUCT_HDR };
const struct iot_layout iot_dmar_struct_hdr = IOT_LAYOUT("structure header", hdr_rows, R);

/* DRHD: VT-d 8.3.  Size (bits 3:0, pages log2) was Reserved before VT-d 2.3. */
static const struct iot_field drhd_rows[] = {
	STRUCT_HDR,
	IOT_F(4, 1, "flags", "Flags", IOT_BIND(U, x86.flags)),
	IOT_FFLAGS(5, 1, "size", "Size (decoded below)", IOT_BIND(U, x86.size), .rsv = 0xf0,
		   .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FBITS(5, 0, 4, "size-pages", "Size (pages, log2)", .views = IOT_FV_ASL),
	IOT_FRSV(5, 1, "size-reserved", .views = IOT_FV_ASL20),
	IOT_F(6, 2, "segment", "PCI Segment Number", IOT_BIND(U, x86.segment)),
	IOT_F(8, 8, "base", "Register Base Address", IOT_BIND(U, base)),
};
static const struct iot_layout drhd_body = IOT_LAYOUT("DRHD", drhd_rows, R);

/* RMRR: VT-d 8.4 */
static const struct iot_field rmrr_rows[] = {
	STRUCT_HDR,
	IOT_FRSV(4, 2, "reserved-4"),
	IOT_F(6, 2, "segment", "PCI Segment Number", IOT_BIND(EN, segment)),
	IOT_F(8, 8, "base", "Base Address", IOT_BIND(EN, base)),
	IOT_F(16, 8, "end", "End Address (limit)", IOT_BIND(EN, end)),
};
static const struct iot_layout rmrr_body = IOT_LAYOUT("RMRR", rmrr_rows, R);

/* ATSR (VT-d 8.5) and SATC (8.8): Flags, Reserved, Segment */
static const struct iot_field atsr_rows[] = {
	STRUCT_HDR,
	IOT_F(4, 1, "flags", "Flags", IOT_BIND(EN, flags)),
	IOT_FRSV(5, 1, "reserved-5"),
	IOT_F(6, 2, "segment", "PCI Segment Number", IOT_BIND(EN, segment)),
};
static const struct iot_layout atsr_body = IOT_LAYOUT("ATSR", atsr_rows, R);
static const struct iot_layout satc_body = IOT_LAYOUT("SATC", atsr_rows, R);

/* RHSA: VT-d 8.6, written from the unit whose base it names */
static const struct iot_field rhsa_rows[] = {
	STRUCT_HDR,
	IOT_FRSV(4, 4, "reserved-4"),
	IOT_F(8, 8, "base", "Base Address", IOT_BIND(U, base)),
	IOT_F(16, 4, "proximity-domain", "Proximity Domain", IOT_BIND(U, pxm)),
};
static const struct iot_layout rhsa_body = IOT_LAYOUT("RHSA", rhsa_rows, R);

/* ANDD: VT-d 8.7 */
static const struct iot_field andd_rows[] = {
	STRUCT_HDR,
	IOT_FRSV(4, 3, "reserved-4"),
	IOT_F(7, 1, "device-number", "Device Number", IOT_BIND(struct iot_x86_andd, number)),
	IOT_F(8, 0, "name", "Device Name", .kind = IOT_FK_STRING),
};
static const struct iot_layout andd_body = IOT_LAYOUT("ANDD", andd_rows, R);

/* SIDP: VT-d 4.1 8.9 */
static const struct iot_field sidp_rows[] = {
	STRUCT_HDR,
	IOT_FRSV(4, 2, "reserved-4"),
	IOT_F(6, 2, "segment", "PCI Segment Number", IOT_BIND(EN, segment)),
};
static const struct iot_layout sidp_body = IOT_LAYOUT("SIDP", sidp_rows, R);

/*
 * Device scope: VT-d 8.3.1.  Flags (VT-d 3.4: REQ_WO_PASID, REQ_W_PASID,
 * ...) were part of a 16-bit Reserved field in iasl 20200925.
 */
static const struct iot_field scope_rows[] = {
	IOT_F(0, 1, "scope-type", "Device Scope Type", IOT_BIND(SC, raw_type)),
	IOT_FCALC(1, 1, "scope-length", "Entry Length"),
	IOT_F(2, 1, "scope-flags", "Flags", IOT_BIND(SC, flags), .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FRSV(3, 1, "scope-reserved", .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FRSV(2, 2, "scope-reserved-16", .views = IOT_FV_ASL20),
	IOT_F(4, 1, "enumeration-id", "Enumeration ID", IOT_BIND(SC, enum_id)),
	IOT_F(5, 1, "start-bus", "PCI Bus Number", IOT_BIND(SC, start_bus)),
};
const struct iot_layout iot_dmar_scope = IOT_ELEMENT("scope", scope_rows, R);

/* A path entry; iasl writes it as one "PCI Path : DD,FF" line (ACPI_DMT_PCI_PATH). */
static const struct iot_field path_rows[] = {
	IOT_F(0, 1, "path-device", NULL, .desc = "Path Device", .views = IOT_FV_BIN,
	      IOT_BIND(struct iot_x86_hop, dev)),
	IOT_F(1, 1, "path-function", NULL, .desc = "Path Function", .views = IOT_FV_BIN,
	      IOT_BIND(struct iot_x86_hop, fn)),
};
const struct iot_layout iot_dmar_path = IOT_ELEMENT("path", path_rows, R);

static const struct iot_dmar_type types[IOT_DMAR_NTYPES] = {
	{ IOT_DMAR_DRHD, "DRHD", "Hardware Unit Definition", 16, true, true, &drhd_body },
	{ IOT_DMAR_RMRR, "RMRR", "Reserved Memory Region", 24, true, true, &rmrr_body },
	{ IOT_DMAR_ATSR, "ATSR", "Root Port ATS Capability", 8, true, true, &atsr_body },
	{ IOT_DMAR_RHSA, "RHSA", "Remapping Hardware Static Affinity", 20, false, true,
	  &rhsa_body },
	{ IOT_DMAR_ANDD, "ANDD", "ACPI Namespace Device Declaration", 9, false, true, &andd_body },
	{ IOT_DMAR_SATC, "SATC", "SoC Integrated Address Translation Cache", 8, true, false,
	  &satc_body },
	{ IOT_DMAR_SIDP, "SIDP", "SoC Integrated Device Property", 8, true, false, &sidp_body },
};

const struct iot_dmar_type *iot_dmar_type(unsigned int type)
{
	return type < IOT_DMAR_NTYPES ? &types[type] : NULL;
}

const struct iot_layout *const iot_dmar_layouts[] = {
	&iot_dmar_header, &iot_dmar_struct_hdr, &drhd_body,	&rmrr_body,
	&atsr_body,	  &rhsa_body,		&andd_body,	&satc_body,
	&sidp_body,	  &iot_dmar_scope,	&iot_dmar_path, NULL,
};
