// SPDX-License-Identifier: MIT
#include "tables/ivrs.h"

#include <stddef.h>

#include "model/model.h"

IOT_LAYOUT_TABLES_BEGIN

#define R IOT_RULE_IVRS_RESERVED
#define ASLS (IOT_FV_ASL | IOT_FV_ASL20)
#define BIN_CUR (IOT_FV_BIN | IOT_FV_ASL)

static const struct iot_field header_rows[] = {
	IOT_F(36, 4, "ivinfo", "Virtualization Info", IOT_BIND(struct iot_x86_info, ivinfo)),
	IOT_FRSV(40, 8, "ivrs-reserved"),
};
const struct iot_layout iot_ivrs_header = IOT_LAYOUT("IVRS header", header_rows, R);

/*
 * A flags byte: current iasl decodes its bits (every bit of it named), iasl
 * 20200925 prints the byte alone.  The BITS rows have no bytes of their own.
 */
#define IVHD_FLAGS(bind_)                                                                \
	IOT_F(1, 1, "flags", "Flags (decoded below)", .views = BIN_CUR, bind_),          \
		IOT_FBITS(1, 0, 1, "ht-tun-en", "HtTunEn", .views = IOT_FV_ASL),         \
		IOT_FBITS(1, 1, 1, "pass-pw", "PassPW", .views = IOT_FV_ASL),            \
		IOT_FBITS(1, 2, 1, "res-pass-pw", "ResPassPW", .views = IOT_FV_ASL),     \
		IOT_FBITS(1, 3, 1, "isoc", "Isoc Control", .views = IOT_FV_ASL),         \
		IOT_FBITS(1, 4, 1, "iotlb", "Iotlb Support", .views = IOT_FV_ASL),       \
		IOT_FBITS(1, 5, 1, "coherent", "Coherent", .views = IOT_FV_ASL),         \
		IOT_FBITS(1, 6, 1, "prefetch", "Prefetch Support", .views = IOT_FV_ASL), \
		IOT_FBITS(1, 7, 1, "ppr", "PPR Support", .views = IOT_FV_ASL),           \
		IOT_F(1, 1, "flags-20", "Flags", .views = IOT_FV_ASL20)

#define U struct iot_iommu
#define IVHD_COMMON                                                                          \
	IOT_F(0, 1, "ivhd-type", "Subtable Type", IOT_BIND(U, x86.ivhd_type)),               \
		IVHD_FLAGS(IOT_BIND(U, x86.flags)), IOT_FCALC(2, 2, "length", "Length"),     \
		IOT_F(4, 2, "devid", "DeviceId", IOT_BIND(U, x86.iommu_devid)),              \
		IOT_F(6, 2, "cap-offset", "Capability Offset", IOT_BIND(U, x86.cap_offset)), \
		IOT_F(8, 8, "base", "Base Address", IOT_BIND(U, base)),                      \
		IOT_F(16, 2, "segment", "PCI Segment Group", IOT_BIND(U, x86.segment)),      \
		IOT_F(18, 2, "info", "Virtualization Info", IOT_BIND(U, x86.info))

static const struct iot_field ivhd10_rows[] = {
	IVHD_COMMON,
	IOT_F(20, 4, "attr", "Feature Reporting", IOT_BIND(U, x86.attr)),
};

/* 11h and 40h: EFR (and, for 40h, EFR2) register images; ACPICA labels EFR2 "Reserved" */
static const struct iot_field ivhd11_rows[] = {
	IVHD_COMMON,
	IOT_F(20, 4, "attr", "Attributes", IOT_BIND(U, x86.attr)),
	IOT_F(24, 8, "efr", "EFR Image", IOT_BIND(U, x86.efr)),
	IOT_F(32, 8, "efr2", "Reserved", IOT_BIND(U, x86.efr2)),
};
#undef U

static const struct iot_layout ivhd10 = IOT_LAYOUT("IVHD 10h", ivhd10_rows, R);
static const struct iot_layout ivhd11 = IOT_LAYOUT("IVHD 11h", ivhd11_rows, R);
static const struct iot_layout ivhd40 = IOT_LAYOUT("IVHD 40h", ivhd11_rows, R);

const struct iot_layout *iot_ivhd_layout(unsigned int type)
{
	return type == 0x10 ? &ivhd10 : type == 0x11 ? &ivhd11 : type == 0x40 ? &ivhd40 : NULL;
}

/* ---- device entries ---- */

#define SC struct iot_x86_scope
#define ENTRY_TYPE(...)                                                            \
	IOT_F(0, 1, "entry-type", "Subtable Type", .views = BIN_CUR, __VA_ARGS__), \
		IOT_F(0, 1, "entry-type-20", "Entry Type", .views = IOT_FV_ASL20)
#define DTE(key_, ...)                                                                    \
	IOT_F(3, 1, key_, "Data Setting (decoded below)", .views = BIN_CUR, __VA_ARGS__), \
		IOT_FBITS(3, 0, 1, "init-pass", "INITPass", .views = IOT_FV_ASL),         \
		IOT_FBITS(3, 1, 1, "eint-pass", "EIntPass", .views = IOT_FV_ASL),         \
		IOT_FBITS(3, 2, 1, "nmi-pass", "NMIPass", .views = IOT_FV_ASL),           \
		IOT_FBITS(3, 3, 1, "dte-reserved", "Reserved", .views = IOT_FV_ASL),      \
		IOT_FBITS(3, 4, 2, "sys-mgt", "System MGMT", .views = IOT_FV_ASL),        \
		IOT_FBITS(3, 6, 1, "lint0-pass", "LINT0 Pass", .views = IOT_FV_ASL),      \
		IOT_FBITS(3, 7, 1, "lint1-pass", "LINT1 Pass", .views = IOT_FV_ASL),      \
		IOT_F(3, 1, key_ "-20", "Data Setting", .views = IOT_FV_ASL20)
#define ENTRY_HDR                                                       \
	ENTRY_TYPE(IOT_BIND(SC, raw_type)),                             \
		IOT_F(1, 2, "devid", "Device ID", IOT_BIND(SC, first)), \
		DTE("dte", IOT_BIND(SC, dte))

/* 00h (padding), 02h select, 03h range start, and unknown types below 40h */
static const struct iot_field e4_rows[] = { ENTRY_HDR };
static const struct iot_layout e4 = IOT_LAYOUT("device entry", e4_rows, R);

/* 01h: every ID; Linux ignores its Device ID (kept when not zero) */
static const struct iot_field all_rows[] = {
	ENTRY_TYPE(IOT_BIND(SC, raw_type)),
	IOT_F(1, 2, "all-devid", "Device ID"),
	DTE("dte", IOT_BIND(SC, dte)),
};
static const struct iot_layout e_all = IOT_LAYOUT("device entry", all_rows, R);

/* 04h, written after the range start it closes: its ID is the range's last */
static const struct iot_field end_rows[] = {
	ENTRY_TYPE(.role = IOT_FR_COMPUTED),
	IOT_F(1, 2, "end-devid", "Device ID", IOT_BIND(SC, last)),
	DTE("end-dte", .bind = IOT_FB_NONE),
};
const struct iot_layout iot_ivhd_entry_end = IOT_LAYOUT("device entry", end_rows, R);

/* 42h alias select, 43h alias range start */
static const struct iot_field alias_rows[] = {
	ENTRY_HDR,
	IOT_FRSV(4, 1, "alias-reserved-4"),
	IOT_F(5, 2, "alias", "Source Used Device ID", IOT_BIND(SC, alias)),
	IOT_FRSV(7, 1, "alias-reserved-7"),
};
static const struct iot_layout e_alias = IOT_LAYOUT("device entry", alias_rows, R);

/* 46h extended select, 47h extended range start */
static const struct iot_field ext_rows[] = {
	ENTRY_HDR,
	IOT_F(4, 4, "ext", "Extended Data", IOT_BIND(SC, ext)),
};
static const struct iot_layout e_ext = IOT_LAYOUT("device entry", ext_rows, R);

/* 48h special device: variety 1 IOAPIC, 2 HPET (amd/init.c:add_special_device) */
static const struct iot_fcode varieties[] = {
	{ 1, IOT_X86_SCOPE_IOAPIC },
	{ 2, IOT_X86_SCOPE_HPET },
};
static const struct iot_field special_rows[] = {
	ENTRY_TYPE(IOT_BIND(SC, raw_type)),
	IOT_F(1, 2, "special-devid", "Device ID"),
	DTE("dte", IOT_BIND(SC, dte)),
	IOT_F(4, 1, "handle", "Handle", IOT_BIND(SC, enum_id)),
	IOT_F(5, 2, "used-id", "Source Used Device ID", IOT_BIND(SC, first)),
	IOT_F(7, 1, "variety", "Variety", IOT_BIND_ENUM(SC, kind, varieties, IOT_X86_SCOPE_OTHER)),
};
static const struct iot_layout e_special = IOT_LAYOUT("device entry", special_rows, R);

/* other types 40h-7Fh: 8 bytes whose last four iotopo keeps as data */
static const struct iot_field e8_rows[] = {
	ENTRY_HDR,
	IOT_F(4, 4, "data", "Data", IOT_BIND(SC, ext)),
};
static const struct iot_layout e8 = IOT_LAYOUT("device entry", e8_rows, R);

/* F0h ACPI HID device: HID, CID, UID format and length, then the UID's bytes */
static const struct iot_field hid_rows[] = {
	ENTRY_HDR,
	IOT_F(4, 8, "hid", "ACPI HID", .kind = IOT_FK_CHARS),
	IOT_F(12, 8, "cid", "ACPI CID", .kind = IOT_FK_CHARS),
	IOT_F(20, 1, "uid-format", "UID Format", IOT_BIND(SC, uid_format)),
	IOT_FCALC(21, 1, "uid-length", "UID Length"),
	IOT_F(22, 0, "uid", "UID", .kind = IOT_FK_STRING),
};
static const struct iot_layout e_hid = IOT_LAYOUT("device entry", hid_rows, R);
#undef SC

const struct iot_layout *iot_ivhd_entry_layout(unsigned int type)
{
	switch (type) {
	case IOT_IVHD_ALL:
		return &e_all;
	case IOT_IVHD_RANGE_END:
		return &iot_ivhd_entry_end;
	case IOT_IVHD_ALIAS:
	case IOT_IVHD_ALIAS_RANGE:
		return &e_alias;
	case IOT_IVHD_EXT_SELECT:
	case IOT_IVHD_EXT_RANGE:
		return &e_ext;
	case IOT_IVHD_SPECIAL:
		return &e_special;
	case IOT_IVHD_ACPI_HID:
		return &e_hid;
	}
	/* amd/init.c:ivhd_entry_length: 4 << (type >> 6) below 80h */
	if (type < 0x40)
		return &e4;
	if (type < 0x80)
		return &e8;
	return NULL;
}

const char *iot_ivhd_entry_name(unsigned int type)
{
	switch (type) {
	case IOT_IVHD_ALL:
		return "Device Entry: Select All Devices";
	case IOT_IVHD_SELECT:
		return "Device Entry: Select One Device";
	case IOT_IVHD_RANGE_START:
		return "Device Entry: Start of Range";
	case IOT_IVHD_RANGE_END:
		return "Device Entry: End of Range";
	case IOT_IVHD_ALIAS:
		return "Device Entry: Alias Select";
	case IOT_IVHD_ALIAS_RANGE:
		return "Device Entry: Alias Start of Range";
	case IOT_IVHD_EXT_SELECT:
		return "Device Entry: Extended Select";
	case IOT_IVHD_EXT_RANGE:
		return "Device Entry: Extended Start of Range";
	case IOT_IVHD_SPECIAL:
		return "Device Entry: Special Device";
	case IOT_IVHD_ACPI_HID:
		return "Device Entry: ACPI HID Named Device";
	}
	return "Unknown/Reserved Device Entry Type";
}

/* ---- IVMD ---- */

/*
 * Linux reads bytes 8-9 as the PCI segment (amd/init.c struct ivmd_header
 * pci_seg); ACPICA still has 8 reserved bytes there, so the iasl views show
 * one "Reserved" row over both.
 */
#define EN struct iot_x86_entry
static const struct iot_field ivmd_rows[] = {
	IOT_F(0, 1, "ivmd-type", "Subtable Type", IOT_BIND(EN, raw_type)),
	IOT_F(1, 1, "ivmd-flags", "Flags (decoded below)", .views = BIN_CUR, IOT_BIND(EN, flags)),
	IOT_FBITS(1, 0, 1, "unity", "Unity", .views = IOT_FV_ASL),
	IOT_FBITS(1, 1, 1, "readable", "Readable", .views = IOT_FV_ASL),
	IOT_FBITS(1, 2, 1, "writeable", "Writeable", .views = IOT_FV_ASL),
	IOT_FBITS(1, 3, 1, "exclusion", "Exclusion Range", .views = IOT_FV_ASL),
	IOT_F(1, 1, "ivmd-flags-20", "Flags", .views = IOT_FV_ASL20),
	IOT_FCALC(2, 2, "length", "Length"),
	IOT_F(4, 2, "ivmd-devid", "DeviceId", IOT_BIND(EN, first)),
	IOT_F(6, 2, "aux", "Auxiliary Data", IOT_BIND(EN, aux)),
	IOT_F(8, 2, "ivmd-segment", "PCI Segment", .views = IOT_FV_BIN, IOT_BIND(EN, segment)),
	IOT_FRSV(10, 6, "ivmd-reserved", .views = IOT_FV_BIN),
	IOT_F(8, 8, "ivmd-reserved-asl", "Reserved", .views = ASLS),
	IOT_F(16, 8, "start", "Start Address", IOT_BIND(EN, base)),
	IOT_FCALC(24, 8, "memory-length", "Memory Length"),
};
#undef EN
const struct iot_layout iot_ivmd = IOT_LAYOUT("IVMD", ivmd_rows, R);

const struct iot_layout *const iot_ivrs_layouts[] = {
	&iot_ivrs_header, &ivhd10,    &ivhd11, &ivhd40, &e4,	&e_all,	   &iot_ivhd_entry_end,
	&e_alias,	  &e_special, &e_ext,  &e8,	&e_hid, &iot_ivmd, NULL,
};
