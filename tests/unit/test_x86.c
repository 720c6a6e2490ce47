// SPDX-License-Identifier: MIT
/*
 * DMAR and IVRS readers and the intel-iommu / amd-iommu coverage rules.
 * DMAR: the real tables QEMU q35 gave Linux (tests/fixtures/x86, README there)
 * plus tables built here; IVRS: tables built here from the AMD IOMMU spec's
 * layouts (each field named where it is written).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "model/model.h"
#include "util/buf.h"
#include "util/file.h"
#include "x86/x86.h"
#include "yaml/yaml.h"

static struct iot_topology t;
static struct iot_diags d;
static struct iot_buf b;

static void setup(void)
{
	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&b);
}

static void teardown(void)
{
	iot_topology_free(&t);
	iot_diags_free(&d);
	iot_buf_free(&b);
}

static int read_fixture(const char *name)
{
	char path[512];
	uint8_t *data;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/tests/fixtures/x86/%s", IOTOPO_SRC_DIR, name);
	ck_assert_int_eq(iot_read_file(path, &data, &len, &d), 0);
	rc = iot_dmar_read(data, len, "DMAR", &t, &d);
	free(data);
	return rc;
}

static bool has_rule(const char *rule)
{
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].rule && !strcmp(d.v[i].rule, rule))
			return true;
	return false;
}

static const struct iot_diag *find_rule(const char *rule)
{
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].rule && !strcmp(d.v[i].rule, rule))
			return &d.v[i];
	return NULL;
}

/* ---- ACPI table builder ---- */

/* 36-byte ACPI header; Length and Checksum are fixed up by finish(). */
static void acpi_header(const char *sig, uint8_t revision)
{
	iot_buf_add(&b, sig, 4);
	iot_buf_add_le(&b, 0, 4); /* Length */
	iot_buf_add_le(&b, revision, 1); /* Revision */
	iot_buf_add_le(&b, 0, 1); /* Checksum */
	iot_buf_add(&b, "IOTOPO", 6); /* OEM ID */
	iot_buf_add(&b, "TESTTABL", 8); /* OEM Table ID */
	iot_buf_add_le(&b, 1, 4); /* OEM Revision */
	iot_buf_add(&b, "IOTO", 4); /* Creator ID */
	iot_buf_add_le(&b, 1, 4); /* Creator Revision */
}

static void finish(void)
{
	uint8_t sum = 0;

	iot_buf_put_le(&b, 4, b.len, 4);
	b.data[9] = 0;
	for (size_t i = 0; i < b.len; i++)
		sum = (uint8_t)(sum + b.data[i]);
	b.data[9] = (uint8_t)-sum;
}

/* ---- DMAR builder (VT-d spec ch. 8) ---- */

static void dmar_header(uint8_t haw, uint8_t flags)
{
	acpi_header("DMAR", 1);
	iot_buf_add_le(&b, haw, 1); /* Host Address Width - 1 */
	iot_buf_add_le(&b, flags, 1); /* Flags: INTR_REMAP ... */
	iot_buf_zeros(&b, 10); /* Reserved */
}

/* Type, Length placeholder; returns the structure's offset. */
static size_t dmar_struct(uint16_t type)
{
	size_t off = b.len;

	iot_buf_add_le(&b, type, 2);
	iot_buf_add_le(&b, 0, 2);
	return off;
}

static void dmar_end(size_t off)
{
	iot_buf_put_le(&b, off + 2, b.len - off, 2);
}

static size_t drhd(uint8_t flags, uint16_t seg, uint64_t base)
{
	size_t off = dmar_struct(0);

	iot_buf_add_le(&b, flags, 1); /* Flags: b0 INCLUDE_PCI_ALL */
	iot_buf_add_le(&b, 0, 1); /* Size */
	iot_buf_add_le(&b, seg, 2); /* Segment Number */
	iot_buf_add_le(&b, base, 8); /* Register Base Address */
	return off;
}

/* Device scope: Type, Length, Flags, Reserved, Enumeration ID, Start Bus, Path. */
static void scope(uint8_t type, uint8_t bus, int n, const uint8_t *path)
{
	iot_buf_add_le(&b, type, 1);
	iot_buf_add_le(&b, 6 + 2 * n, 1);
	iot_buf_add_le(&b, 0, 1);
	iot_buf_add_le(&b, 0, 1);
	iot_buf_add_le(&b, 0, 1);
	iot_buf_add_le(&b, bus, 1);
	iot_buf_add(&b, path, 2 * (size_t)n);
}

/* ---- a PCI hierarchy like x86-intel-c's ---- */

static struct iot_pci_dev *dev(struct iot_pci_root *r, int parent, uint8_t bus, uint8_t d_,
			       uint8_t f, enum iot_pci_type type)
{
	struct iot_pci_dev *p = iot_root_add_dev(r);

	p->bus = bus;
	p->devfn = (uint8_t)(d_ << 3 | f);
	p->type = type;
	p->parent = parent;
	p->class_code = iot_pci_type_is_bridge(type) ? 0x060400 : 0x020000;
	return p;
}

/* 00:00.0 host, 00:02.0 pcie-pci-bridge -> bus 1 (01:01.0 ..), 00:03.0 RP -> 02:00.0 PPB -> 3 */
static struct iot_pci_root *intel_c_hierarchy(void)
{
	struct iot_pci_root *r = iot_add_root(&t);
	struct iot_pci_dev *p;

	r->name = strdup("pci0");
	dev(r, IOT_NONE, 0, 0, 0, IOT_PCI_HOST_BRIDGE)->class_code = 0x060000;
	p = dev(r, IOT_NONE, 0, 2, 0, IOT_PCI_PCIE_TO_PCI_BRIDGE); /* 1 */
	p->secondary = p->subordinate = 1;
	dev(r, 1, 1, 1, 0, IOT_PCI_PCI_ENDPOINT);
	dev(r, 1, 1, 2, 0, IOT_PCI_PCI_ENDPOINT);
	dev(r, 1, 1, 3, 0, IOT_PCI_PCI_ENDPOINT);
	p = dev(r, IOT_NONE, 0, 3, 0, IOT_PCI_ROOT_PORT); /* 5 */
	p->secondary = 2;
	p->subordinate = 3;
	p = dev(r, 5, 2, 0, 0, IOT_PCI_PCIE_TO_PCI_BRIDGE); /* 6 */
	p->secondary = p->subordinate = 3;
	dev(r, 6, 3, 1, 0, IOT_PCI_PCI_ENDPOINT);
	dev(r, 6, 3, 2, 0, IOT_PCI_PCI_ENDPOINT);
	dev(r, 6, 3, 3, 0, IOT_PCI_PCI_ENDPOINT);
	dev(r, IOT_NONE, 0, 0x1f, 0, IOT_PCI_PCI_ENDPOINT)->multifunction = true;
	dev(r, IOT_NONE, 0, 0x1f, 2, IOT_PCI_PCI_ENDPOINT)->multifunction = true;
	dev(r, IOT_NONE, 0, 0x1f, 3, IOT_PCI_PCI_ENDPOINT)->multifunction = true;
	return r;
}

/* QEMU q35 intel-iommu: one DRHD, flags 0, scopes for bus-0 endpoints and bridges */
START_TEST(dmar_qemu_rootbus)
{
	static const uint8_t eps[] = { 0, 2, 3, 4, 5 };
	const struct iot_iommu *u;

	ck_assert_int_eq(read_fixture("intel-a-rootbus.DMAR"), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert(t.x86.has_dmar);
	ck_assert_uint_eq(t.x86.dmar_haw, 0x26); /* 39-bit host address width */
	ck_assert_uint_eq(t.x86.dmar_flags, 1); /* INTR_REMAP */
	ck_assert_uint_eq(t.n_iommus, 1);
	u = &t.iommus[0];
	ck_assert_str_eq(u->name, "dmar0");
	ck_assert_int_eq(u->model, IOT_IOMMU_INTEL_VTD);
	ck_assert_uint_eq(u->base, 0xfed90000);
	ck_assert(!u->x86.include_all);
	ck_assert_uint_eq(u->x86.segment, 0);
	ck_assert_uint_eq(u->x86.n_scopes, 9);
	/* scope 0: the IOAPIC, enumeration ID 0 at ff:00.0 */
	ck_assert_int_eq(u->x86.scopes[0].kind, IOT_X86_SCOPE_IOAPIC);
	ck_assert_uint_eq(u->x86.scopes[0].start_bus, 0xff);
	for (size_t i = 0; i < 5; i++) {
		const struct iot_x86_scope *s = &u->x86.scopes[1 + i];

		ck_assert_int_eq(s->kind, IOT_X86_SCOPE_ENDPOINT);
		ck_assert_uint_eq(s->start_bus, 0);
		ck_assert_uint_eq(s->n_path, 1);
		ck_assert_uint_eq(s->path[0].dev, eps[i]);
		ck_assert_uint_eq(s->path[0].fn, 0);
	}
	ck_assert_uint_eq(u->x86.scopes[8].path[0].dev, 0x1f);
	ck_assert_uint_eq(u->x86.scopes[8].path[0].fn, 3);
	ck_assert(u->x86.scopes[8].loc.has_offset);
	ck_assert_uint_eq(u->x86.scopes[8].loc.offset, 0x80);
}
END_TEST

/* x86-intel-c: bridge scopes 00:02.0 and 00:03.0 cover everything below them */
START_TEST(dmar_qemu_bridges_cover_hierarchy)
{
	const struct iot_iommu *u;
	struct iot_pci_root *r;

	ck_assert_int_eq(read_fixture("intel-c-pcie-pci-bridge.DMAR"), 0);
	ck_assert_uint_eq(d.n, 0);
	u = &t.iommus[0];
	ck_assert_uint_eq(u->x86.n_scopes, 7);
	ck_assert_int_eq(u->x86.scopes[2].kind, IOT_X86_SCOPE_BRIDGE);
	ck_assert_uint_eq(u->x86.scopes[2].path[0].dev, 2);
	ck_assert_int_eq(u->x86.scopes[3].kind, IOT_X86_SCOPE_BRIDGE);
	ck_assert_uint_eq(u->x86.scopes[3].path[0].dev, 3);
	r = intel_c_hierarchy();
	/* Linux: "dmar0(None, 13 devs)", every function translated */
	for (size_t i = 0; i < r->n_devs; i++)
		ck_assert_int_eq(iot_dmar_device_unit(&t, 0, i, NULL), 0);
	ck_assert_uint_eq(iot_x86_check(&t, &d), 0);
}
END_TEST

/* A device no scope names and no INCLUDE_PCI_ALL: no unit (probe_device -ENODEV). */
START_TEST(dmar_unscoped_device_has_no_unit)
{
	static const uint8_t p0[] = { 0, 0 };
	size_t s = 0;

	dmar_header(0x26, 0);
	s = drhd(0, 0, 0xfed90000);
	scope(1, 0, 1, p0);
	dmar_end(s);
	finish();
	ck_assert_int_eq(iot_dmar_read(b.data, b.len, "t", &t, &d), 0);
	intel_c_hierarchy();
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 0, NULL), 0);
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 1, NULL), IOT_NONE);
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 7, NULL), IOT_NONE);
}
END_TEST

/*
 * dmar.c:dmar_register_drhd_unit: INCLUDE_PCI_ALL goes last whatever its
 * table position; a multi-hop path (00:03.0 -> 02:00.0) names the nested
 * bridge, and devices below it follow it.
 */
START_TEST(dmar_include_all_is_last_and_paths_nest)
{
	static const uint8_t nested[] = { 3, 0, 0, 0 };
	size_t s;
	int via;

	dmar_header(0x26, 0);
	s = drhd(1, 0, 0xfed90000); /* INCLUDE_PCI_ALL first in the table */
	dmar_end(s);
	s = drhd(0, 0, 0xfed91000);
	scope(2, 0, 2, nested);
	dmar_end(s);
	finish();
	ck_assert_int_eq(iot_dmar_read(b.data, b.len, "t", &t, &d), 0);
	ck_assert_str_eq(t.iommus[1].name, "dmar1");
	intel_c_hierarchy();
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 6, NULL), 1); /* 02:00.0 itself */
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 8, NULL), 1); /* 03:02.0 below it */
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 5, NULL), 0); /* 00:03.0 above it */
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 2, &via), 0); /* 01:01.0 */
	ck_assert_int_eq(via, IOT_NONE); /* by INCLUDE_PCI_ALL */
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 8, &via), 1);
	ck_assert_int_eq(via, 6); /* by the scope naming 02:00.0 */
	ck_assert_uint_eq(iot_x86_check(&t, &d), 0);
}
END_TEST

/* dmar.c:dmar_insert_dev_scope: an endpoint scope naming a bridge is refused */
START_TEST(dmar_scope_type_mismatch)
{
	static const uint8_t p[] = { 3, 0 }, gone[] = { 9, 0 };
	size_t s;

	dmar_header(0x26, 0);
	s = drhd(0, 0, 0xfed90000);
	scope(1, 0, 1, p);
	scope(1, 0, 1, gone);
	dmar_end(s);
	finish();
	ck_assert_int_eq(iot_dmar_read(b.data, b.len, "t", &t, &d), 0);
	intel_c_hierarchy();
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 5, NULL), IOT_NONE);
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 7, NULL), IOT_NONE);
	ck_assert_uint_eq(iot_x86_check(&t, &d), 2);
	ck_assert(has_rule("dmar-scope-mismatch"));
	ck_assert_str_eq(
		find_rule("dmar-scope-no-device")->msg,
		"DMAR dmar0 scope 1 (endpoint 00:09.0) names no PCI function of segment 0");
}
END_TEST

/* RMRR, ATSR, RHSA, ANDD, SATC all land in the model */
START_TEST(dmar_other_structures)
{
	static const uint8_t p[] = { 0x14, 0 }, rp[] = { 3, 0 };
	size_t s;

	dmar_header(0x2f, 5);
	s = drhd(1, 0, 0xfed90000);
	dmar_end(s);
	s = dmar_struct(1); /* RMRR: Reserved, Segment, Base, End */
	iot_buf_add_le(&b, 0, 2);
	iot_buf_add_le(&b, 0, 2);
	iot_buf_add_le(&b, 0x7c000000, 8);
	iot_buf_add_le(&b, 0x7c7fffff, 8);
	scope(1, 0, 1, p);
	dmar_end(s);
	s = dmar_struct(2); /* ATSR: Flags, Reserved, Segment */
	iot_buf_add_le(&b, 0, 1);
	iot_buf_add_le(&b, 0, 1);
	iot_buf_add_le(&b, 0, 2);
	scope(2, 0, 1, rp);
	dmar_end(s);
	s = dmar_struct(3); /* RHSA: Reserved, Base, Proximity Domain */
	iot_buf_add_le(&b, 0, 4);
	iot_buf_add_le(&b, 0xfed90000, 8);
	iot_buf_add_le(&b, 1, 4);
	dmar_end(s);
	s = dmar_struct(4); /* ANDD: Reserved[3], Device Number, Object Name */
	iot_buf_zeros(&b, 3);
	iot_buf_add_le(&b, 1, 1);
	iot_buf_add(&b, "\\_SB.PCI0.SDMA", 15);
	dmar_end(s);
	s = dmar_struct(5); /* SATC: Flags, Reserved, Segment */
	iot_buf_add_le(&b, 1, 1);
	iot_buf_add_le(&b, 0, 1);
	iot_buf_add_le(&b, 0, 2);
	scope(1, 0, 1, p);
	dmar_end(s);
	finish();
	ck_assert_int_eq(iot_dmar_read(b.data, b.len, "t", &t, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert(t.iommus[0].x86.include_all);
	ck_assert(t.iommus[0].has_pxm);
	ck_assert_uint_eq(t.iommus[0].pxm, 1);
	ck_assert_uint_eq(t.n_x86_entries, 3);
	ck_assert_int_eq(t.x86_entries[0].kind, IOT_X86_RMRR);
	ck_assert_uint_eq(t.x86_entries[0].base, 0x7c000000);
	ck_assert_uint_eq(t.x86_entries[0].end, 0x7c7fffff);
	ck_assert_uint_eq(t.x86_entries[0].n_scopes, 1);
	ck_assert_int_eq(t.x86_entries[1].kind, IOT_X86_ATSR);
	ck_assert_int_eq(t.x86_entries[1].scopes[0].kind, IOT_X86_SCOPE_BRIDGE);
	ck_assert_int_eq(t.x86_entries[2].kind, IOT_X86_SATC);
	ck_assert_uint_eq(t.x86_entries[2].flags, 1);
	ck_assert_uint_eq(t.n_x86_andds, 1);
	ck_assert_str_eq(t.x86_andds[0].name, "\\_SB.PCI0.SDMA");
}
END_TEST

START_TEST(dmar_bad_lengths_reported_with_offset)
{
	size_t s;

	dmar_header(0x26, 0);
	s = drhd(0, 0, 0xfed90000);
	iot_buf_add_le(&b, 1, 1); /* scope Type endpoint, Length 0 */
	iot_buf_add_le(&b, 0, 1);
	iot_buf_zeros(&b, 6);
	dmar_end(s);
	s = dmar_struct(0);
	dmar_end(s);
	iot_buf_put_le(&b, s + 2, 200, 2); /* runs past the end */
	finish();
	/* fail-soft: read on, the errors reported */
	ck_assert_int_eq(iot_dmar_read(b.data, b.len, "t.bin", &t, &d), 0);
	ck_assert_uint_gt(d.n_errors, 0);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_uint_eq(d.v[0].loc.offset, 0x41);
	ck_assert_str_eq(d.v[0].msg, "DMAR DRHD 0 scope 0 Length: 0 is shorter than the 6-byte "
				     "scope header");
	ck_assert_str_eq(d.v[0].rule, "dmar-scope-length");
	ck_assert_uint_eq(d.v[1].loc.offset, 0x4a);
	ck_assert_str_eq(d.v[1].rule, "dmar-length");
}
END_TEST

/* ---- IVRS builder (AMD IOMMU spec, "I/O Virtualization Reporting Structure") ---- */

static void ivrs_header(uint32_t ivinfo)
{
	acpi_header("IVRS", 2);
	iot_buf_add_le(&b, ivinfo, 4); /* IVinfo: b22 EFRSup, b15:8 VAsize, b7:5 GVAsize ... */
	iot_buf_zeros(&b, 8); /* Reserved */
}

/* IVHD block header (type 10h: 24 bytes; 11h/40h: 40 bytes); returns its offset. */
static size_t ivhd(uint8_t type, uint16_t iommu_devid, uint64_t base, uint16_t seg)
{
	size_t off = b.len;

	iot_buf_add_le(&b, type, 1); /* Type */
	iot_buf_add_le(&b, 0xb0, 1); /* Flags: PPRSup, PreFSup, Coherent ... */
	iot_buf_add_le(&b, 0, 2); /* Length (fixed by block_end) */
	iot_buf_add_le(&b, iommu_devid, 2); /* IOMMU DeviceID */
	iot_buf_add_le(&b, 0x40, 2); /* Capability Offset */
	iot_buf_add_le(&b, base, 8); /* IOMMU Base Address */
	iot_buf_add_le(&b, seg, 2); /* PCI Segment Group */
	iot_buf_add_le(&b, 0, 2); /* IOMMU Info: MSI number, UnitID */
	iot_buf_add_le(&b, 0, 4); /* IOMMU Feature Reporting / Attributes */
	if (type != 0x10) {
		iot_buf_add_le(&b, 0x246577efa2254afaull, 8); /* EFR Register Image */
		iot_buf_add_le(&b, 0, 8); /* EFR2 / Reserved */
	}
	return off;
}

static void block_end(size_t off)
{
	iot_buf_put_le(&b, off + 2, b.len - off, 2);
}

/* 4-byte device entry: Type, DeviceID, DTE Setting */
static void ent4(uint8_t type, uint16_t devid, uint8_t dte)
{
	iot_buf_add_le(&b, type, 1);
	iot_buf_add_le(&b, devid, 2);
	iot_buf_add_le(&b, dte, 1);
}

/* 8-byte entry: Type, DeviceID, DTE Setting, then 4 bytes of type data */
static void ent8(uint8_t type, uint16_t devid, uint8_t dte, uint32_t data)
{
	ent4(type, devid, dte);
	iot_buf_add_le(&b, data, 4);
}

/* alias entries: Reserved byte, Source DeviceID (the alias), Reserved byte */
static uint32_t alias_data(uint16_t to)
{
	return (uint32_t)to << 8;
}

/* special entry: Handle, Source DeviceID, Variety (1 IOAPIC, 2 HPET) */
static uint32_t special_data(uint8_t handle, uint16_t devid, uint8_t variety)
{
	return handle | (uint32_t)devid << 8 | (uint32_t)variety << 24;
}

static void build_two_unit_ivrs(void)
{
	size_t h;

	ivrs_header(0x00203041);
	/* an IVHD 10h and an 11h describe the same IOMMU (00:00.2): Linux uses 11h */
	h = ivhd(0x10, 0x0002, 0xfeb80000, 0);
	ent4(0x01, 0, 0); /* ALL */
	block_end(h);
	h = ivhd(0x11, 0x0002, 0xfeb80000, 0);
	ent4(0x03, 0x0000, 0); /* SELECT_RANGE_START 00:00.0 */
	ent4(0x04, 0x00ff, 0); /* RANGE_END 00:1f.7 */
	ent8(0x43, 0x0100, 0, alias_data(0x00a4)); /* ALIAS_RANGE 01:00.0 .. */
	ent4(0x04, 0x01ff, 0); /* .. 01:1f.7 as 00:14.4 */
	ent8(0x48, 0, 0xd7, special_data(0x21, 0x00a0, 1)); /* IOAPIC 33 at 00:14.0 */
	ent8(0x48, 0, 0, special_data(0, 0x00a0, 2)); /* HPET 0 at 00:14.0 */
	block_end(h);
	h = ivhd(0x11, 0x4002, 0xfeb90000, 0);
	ent8(0x46, 0x4000, 0, 0x80000000); /* EXT_SELECT 40:00.0, ATS disabled */
	ent8(0x42, 0x4100, 0, alias_data(0x4008)); /* ALIAS 41:00.0 as 40:01.0 */
	block_end(h);
	h = b.len; /* IVMD 21h: unity map for 00:14.0 */
	iot_buf_add_le(&b, 0x21, 1);
	iot_buf_add_le(&b, 0x07, 1); /* Flags: Unity, IR, IW */
	iot_buf_add_le(&b, 32, 2);
	iot_buf_add_le(&b, 0x00a0, 2); /* DeviceID */
	iot_buf_add_le(&b, 0, 2); /* Auxiliary Data */
	iot_buf_zeros(&b, 8); /* Reserved */
	iot_buf_add_le(&b, 0x9d000000, 8);
	iot_buf_add_le(&b, 0x100000, 8);
	finish();
}

START_TEST(ivrs_units_entries_and_type_selection)
{
	const struct iot_iommu *u;

	build_two_unit_ivrs();
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(t.x86.ivhd_type, 0x11);
	ck_assert_uint_eq(t.n_iommus, 3);
	ck_assert(t.iommus[0].x86.superseded);
	ck_assert_str_eq(t.iommus[0].name, "ivhd-10h-0");
	u = &t.iommus[1];
	ck_assert_str_eq(u->name, "ivhd0");
	ck_assert_int_eq(u->model, IOT_IOMMU_AMD_VI);
	ck_assert_uint_eq(u->base, 0xfeb80000);
	ck_assert_uint_eq(u->x86.iommu_devid, 2);
	ck_assert_uint_eq(u->x86.efr, 0x246577efa2254afaull);
	ck_assert_uint_eq(u->x86.n_scopes, 4);
	ck_assert_int_eq(u->x86.scopes[0].kind, IOT_X86_SCOPE_IDS);
	ck_assert_uint_eq(u->x86.scopes[0].last, 0xff);
	ck_assert_int_eq(u->x86.scopes[1].kind, IOT_X86_SCOPE_ALIAS);
	ck_assert_uint_eq(u->x86.scopes[1].first, 0x100);
	ck_assert_uint_eq(u->x86.scopes[1].last, 0x1ff);
	ck_assert_uint_eq(u->x86.scopes[1].alias, 0xa4);
	ck_assert_int_eq(u->x86.scopes[2].kind, IOT_X86_SCOPE_IOAPIC);
	ck_assert_uint_eq(u->x86.scopes[2].enum_id, 0x21);
	ck_assert_int_eq(u->x86.scopes[3].kind, IOT_X86_SCOPE_HPET);
	ck_assert(t.iommus[2].x86.scopes[0].has_ext);
	ck_assert_uint_eq(t.n_x86_entries, 1);
	ck_assert_int_eq(t.x86_entries[0].kind, IOT_X86_IVMD);
	ck_assert_uint_eq(t.x86_entries[0].end, 0x9d0fffff);
	ck_assert_uint_eq(t.x86_entries[0].first, 0xa0);
}
END_TEST

START_TEST(ivrs_lookup_and_aliases)
{
	uint16_t al;

	build_two_unit_ivrs();
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 0, 0x0010, &al), 1);
	ck_assert_uint_eq(al, 0x0010);
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 0, 0x0108, &al), 1);
	ck_assert_uint_eq(al, 0x00a4);
	/* the IOMMU does not translate itself (amd/init.c:init_iommu_one_late) */
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 0, 0x0002, NULL), IOT_NONE);
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 0, 0x4100, &al), 2);
	ck_assert_uint_eq(al, 0x4008);
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 0, 0x4008, NULL), 2); /* the alias itself */
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 0, 0x0300, NULL), IOT_NONE);
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 1, 0x0010, NULL), IOT_NONE);
}
END_TEST

/* An alias to 00:14.4 is right behind a conventional bridge at 00:14.4, wrong behind a PCIe RP */
START_TEST(ivrs_alias_against_hierarchy)
{
	struct iot_pci_root *r;
	struct iot_pci_dev *p;

	build_two_unit_ivrs();
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	r = iot_add_root(&t);
	r->name = strdup("pci0");
	p = dev(r, IOT_NONE, 0, 0x14, 4, IOT_PCI_PCI_BRIDGE);
	p->secondary = p->subordinate = 1;
	dev(r, 0, 1, 5, 0, IOT_PCI_PCI_ENDPOINT);
	ck_assert_uint_eq(iot_x86_check(&t, &d), 0);
	r->devs[0].type = IOT_PCI_ROOT_PORT;
	ck_assert_uint_eq(iot_x86_check(&t, &d), 1);
	ck_assert_str_eq(d.v[0].rule, "ivrs-alias-hierarchy");
	ck_assert_str_eq(d.v[0].msg, "IVRS ivhd0 aliases 01:05.0 to 00:14.4, which is not a "
				     "requester ID the PCI hierarchy lets 01:05.0 use");
}
END_TEST

START_TEST(ivrs_overlap_and_range_errors)
{
	size_t h;

	ivrs_header(0);
	h = ivhd(0x10, 0x0002, 0xfeb80000, 0);
	ent4(0x03, 0x0000, 0);
	ent4(0x04, 0x00ff, 0);
	block_end(h);
	h = ivhd(0x10, 0x4002, 0xfeb90000, 0);
	ent4(0x02, 0x0010, 0); /* already ivhd0's */
	ent4(0x04, 0x0020, 0); /* RANGE_END without a start */
	block_end(h);
	finish();
	/* fail-soft: read on, the errors reported */
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	ck_assert_uint_gt(d.n_errors, 0);
	ck_assert(has_rule("ivrs-range"));
	ck_assert_str_eq(find_rule("ivrs-overlap")->msg,
			 "IVRS ivhd0 and ivhd1 both claim device IDs 00:02.0..00:02.0 of segment "
			 "0; Linux uses ivhd1");
	ck_assert_int_eq(iot_ivrs_device_unit(&t, 0, 0x0010, NULL), 1);
}
END_TEST

/* An entry type with no length Linux knows stops the IVHD walk (it would loop) */
START_TEST(ivrs_unknown_long_entry_stops)
{
	size_t h;

	ivrs_header(0);
	h = ivhd(0x10, 0x0002, 0xfeb80000, 0);
	ent4(0x02, 0x0010, 0);
	ent4(0x85, 0x0011, 0);
	ent4(0x02, 0x0012, 0);
	block_end(h);
	finish();
	/* fail-soft: read on, the errors reported */
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	ck_assert_uint_gt(d.n_errors, 0);
	ck_assert_uint_eq(t.iommus[0].x86.n_scopes, 1);
	ck_assert_str_eq(d.v[0].rule, "ivrs-entry-type");
	ck_assert_uint_eq(d.v[0].loc.offset, 48 + 24 + 4);
}
END_TEST

START_TEST(ivrs_checksum_is_an_error)
{
	build_two_unit_ivrs();
	b.data[9]++;
	/* fail-soft: read on, the errors reported */
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	ck_assert_uint_gt(d.n_errors, 0);
	ck_assert_str_eq(d.v[0].rule, "ivrs-checksum");
	ck_assert_uint_eq(t.n_iommus, 3); /* still decoded */
}
END_TEST

/* What decode prints for QEMU's DMAR: the unit's scopes and the table fields */
START_TEST(dmar_yaml)
{
	ck_assert_int_eq(read_fixture("intel-c-pcie-pci-bridge.DMAR"), 0);
	iot_yaml_emit(&t, &b);
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&b),
				     "    scopes:\n"
				     "      - {type: ioapic, id: 0, path: \"ff:00.0\"}\n"
				     "      - {type: endpoint, path: \"00:00.0\"}\n"
				     "      - {type: bridge, path: \"00:02.0\"}\n"
				     "      - {type: bridge, path: \"00:03.0\"}\n"
				     "      - {type: endpoint, path: \"00:1f.0\"}\n"
				     "      - {type: endpoint, path: \"00:1f.2\"}\n"
				     "      - {type: endpoint, path: \"00:1f.3\"}\n"
				     "dmar:\n"
				     "  revision: 1\n"
				     "  host-address-width: 39\n"
				     "  flags: 0x01\n"));
}
END_TEST

static void fix_checksum(struct iot_buf *x)
{
	uint8_t sum = 0;

	x->data[9] = 0;
	for (size_t i = 0; i < x->len; i++)
		sum = (uint8_t)(sum + x->data[i]);
	x->data[9] = (uint8_t)(0x100 - sum);
}

/*
 * Read, write: the same bytes; then a reserved byte, a range end's Data
 * Setting and a padding entry the model holds only as fw records come back
 * too, and editing the model changes the table.
 */
START_TEST(ivrs_write_back)
{
	struct iot_buf w, orig;

	iot_buf_init(&w);
	iot_buf_init(&orig);
	build_two_unit_ivrs();
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	ck_assert(iot_topology_has_ivrs(&t));
	ck_assert_int_eq(iot_ivrs_write(&t, &w, NULL, &d), 0);
	ck_assert_uint_eq(w.len, b.len);
	ck_assert_mem_eq(w.data, b.data, b.len);

	/* IVRS header reserved byte, IVHD 0's first range end DTE: kept */
	iot_buf_add(&orig, b.data, b.len);
	orig.data[44] = 0x5a;
	/* IVHD 10h at 0x30 is 28 bytes; the 11h's entries start at 0x4c + 40: 03h, then 04h */
	ck_assert_uint_eq(orig.data[120], 0x04);
	orig.data[123] = 0x11;
	fix_checksum(&orig);
	iot_topology_free(&t);
	iot_topology_init(&t);
	ck_assert_int_eq(iot_ivrs_read(orig.data, orig.len, "IVRS", &t, &d), 0);
	ck_assert_int_eq(iot_ivrs_write(&t, &w, NULL, &d), 0);
	ck_assert_uint_eq(w.len, orig.len);
	ck_assert_mem_eq(w.data, orig.data, orig.len);

	/* the model is what is written: another base address */
	t.iommus[0].base = 0xfd000000;
	ck_assert_int_eq(iot_ivrs_write(&t, &w, NULL, &d), 0);
	ck_assert_mem_ne(w.data, orig.data, orig.len);
	iot_buf_free(&w);
	iot_buf_free(&orig);
}
END_TEST

/*
 * A reversed alias range whose start has a reserved byte set: reported, the
 * start's kept fields freed once (a fuzzer found them freed twice).
 */
START_TEST(ivrs_reversed_range_with_kept_fields)
{
	size_t h;

	ivrs_header(0x00203041);
	h = ivhd(0x10, 0x0002, 0xfeb80000, 0);
	ent8(0x43, 0x0200, 0, alias_data(0x00a4) | 0x5a); /* reserved byte 4 set */
	ent4(0x04, 0x0100, 0); /* ends below its start */
	ent8(0x43, 0x0300, 0, alias_data(0x00a4) | 0x5a);
	block_end(h);
	finish();
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	ck_assert(has_rule("ivrs-range"));
	ck_assert(has_rule("ivrs-reserved"));
}
END_TEST

START_TEST(ivrs_yaml)
{
	build_two_unit_ivrs();
	ck_assert_int_eq(iot_ivrs_read(b.data, b.len, "IVRS", &t, &d), 0);
	iot_buf_reset(&b);
	iot_yaml_emit(&t, &b);
	ck_assert_ptr_nonnull(
		strstr(iot_buf_str(&b),
		       "    ivhd-type: 0x11\n"
		       "    capability-offset: 0x40\n"
		       "    ivhd-flags: 0xb0\n"
		       "    efr: 0x246577efa2254afa\n"
		       "    devices:\n"
		       "      - {type: select, ids: \"00:00.0-00:1f.7\"}\n"
		       "      - {type: alias, ids: \"01:00.0-01:1f.7\", alias: \"00:14.4\"}\n"
		       "      - {type: ioapic, id: 33, ids: \"00:14.0\", dte: 0xd7}\n"
		       "      - {type: hpet, id: 0, ids: \"00:14.0\"}\n"));
	ck_assert_ptr_nonnull(
		strstr(iot_buf_str(&b),
		       "ivrs:\n"
		       "  revision: 2\n"
		       "  ivinfo: 0x00203041\n"
		       "  ivhd-type: 0x11\n"
		       "  ivmd:\n"
		       "    - {type: 0x21, ids: \"00:14.0\", segment: 0, base: 0x9d000000, "
		       "end: 0x9d0fffff, flags: 0x7, ivrs-block: {offset: 0x"));
}
END_TEST

/* intel/iommu.c:device_lookup_iommu looks a VF up through its PF */
START_TEST(dmar_vf_uses_its_pf)
{
	static const uint8_t pf[] = { 4, 0 };
	struct iot_pci_root *r;
	struct iot_pci_dev *p;
	size_t s;

	dmar_header(0x26, 0);
	s = drhd(0, 0, 0xfed90000);
	scope(1, 0, 1, pf);
	dmar_end(s);
	finish();
	ck_assert_int_eq(iot_dmar_read(b.data, b.len, "t", &t, &d), 0);
	r = iot_add_root(&t);
	p = dev(r, IOT_NONE, 0, 4, 0, IOT_PCI_ENDPOINT);
	p->sriov_num_vfs = 2;
	p->sriov_offset = 8;
	p->sriov_stride = 1;
	dev(r, IOT_NONE, 0, 5, 0, IOT_PCI_ENDPOINT)->is_vf = true; /* RID 0x28 = PF + 8 */
	dev(r, IOT_NONE, 0, 5, 1, IOT_PCI_ENDPOINT)->is_vf = true;
	dev(r, IOT_NONE, 0, 5, 2, IOT_PCI_ENDPOINT)->is_vf = true; /* beyond NumVFs */
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 1, NULL), 0);
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 2, NULL), 0);
	ck_assert_int_eq(iot_dmar_device_unit(&t, 0, 3, NULL), IOT_NONE);
}
END_TEST

static Suite *x86_suite(void)
{
	Suite *s = suite_create("x86");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dmar_qemu_rootbus);
	tcase_add_test(tc, dmar_qemu_bridges_cover_hierarchy);
	tcase_add_test(tc, dmar_unscoped_device_has_no_unit);
	tcase_add_test(tc, dmar_include_all_is_last_and_paths_nest);
	tcase_add_test(tc, dmar_scope_type_mismatch);
	tcase_add_test(tc, dmar_other_structures);
	tcase_add_test(tc, dmar_bad_lengths_reported_with_offset);
	tcase_add_test(tc, ivrs_units_entries_and_type_selection);
	tcase_add_test(tc, ivrs_lookup_and_aliases);
	tcase_add_test(tc, ivrs_alias_against_hierarchy);
	tcase_add_test(tc, ivrs_overlap_and_range_errors);
	tcase_add_test(tc, ivrs_unknown_long_entry_stops);
	tcase_add_test(tc, ivrs_checksum_is_an_error);
	tcase_add_test(tc, dmar_yaml);
	tcase_add_test(tc, dmar_vf_uses_its_pf);
	tcase_add_test(tc, ivrs_yaml);
	tcase_add_test(tc, ivrs_write_back);
	tcase_add_test(tc, ivrs_reversed_range_with_kept_fields);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(x86_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
