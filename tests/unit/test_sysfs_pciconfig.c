// SPDX-License-Identifier: MIT
/*
 * Configuration-space parsing: every device type the real-kernel fixtures
 * hold, read from their config files, and crafted malformed spaces (short,
 * cyclic lists, pointers out of range) that must end with a diagnostic.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs/pciconfig.h"
#include "util/file.h"

#define FIX IOTOPO_SRC_DIR "/tests/fixtures/"
#define ARM_G \
	FIX "arm-g-smmuv3-dt/7.2.13+deb14-arm64/final/sys/devices/platform/4010000000.pcie/pci0000:00/"
#define VIOT_B FIX "x86-viot-b-rootports/7.2.13+deb14-amd64/final/sys/devices/pci0000:00/"

static struct iot_diags d;
static struct iot_pciconfig pc;
static uint8_t cfg[IOT_PCI_CFG_EXP_SIZE];

static void setup(void)
{
	iot_diags_init(&d);
	memset(cfg, 0, sizeof(cfg));
}

static void teardown(void)
{
	iot_diags_free(&d);
}

static void parse_fixture(const char *path)
{
	uint8_t *data;
	size_t len;

	ck_assert_int_eq(iot_read_file(path, &data, &len, &d), 0);
	ck_assert_int_eq(iot_pciconfig_parse(data, len, &pc, path, &d), 0);
	free(data);
	if (d.n)
		iot_diags_fprint(stderr, &d);
	ck_assert_uint_eq(d.n, 0);
}

static bool diag_has(const char *needle)
{
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, needle))
			return true;
	return false;
}

/* ---- fixtures: one of every type the captures hold ---- */

START_TEST(fixture_host_bridge)
{
	parse_fixture(ARM_G "0000:00:00.0/config");
	ck_assert_uint_eq(pc.vendor, 0x1b36);
	ck_assert_uint_eq(pc.device, 0x0008);
	ck_assert_uint_eq(pc.class_code, 0x060000);
	ck_assert_uint_eq(pc.header_type, 0);
	ck_assert_uint_eq(pc.pcie_pos, 0);
	ck_assert_int_eq(pc.type, IOT_PCI_HOST_BRIDGE);
}
END_TEST

START_TEST(fixture_conventional_endpoint)
{
	parse_fixture(ARM_G "0000:00:02.0/config"); /* e1000 on the root bus */
	ck_assert_uint_eq(pc.vendor, 0x8086);
	ck_assert_uint_eq(pc.device, 0x100e);
	ck_assert_uint_eq(pc.len, 256);
	ck_assert(pc.caps_read);
	ck_assert(!pc.ext_read);
	ck_assert_int_eq(pc.type, IOT_PCI_PCI_ENDPOINT);
	ck_assert(!pc.multifunction);
}
END_TEST

START_TEST(fixture_multifunction)
{
	parse_fixture(ARM_G "0000:00:03.0/config");
	ck_assert(pc.multifunction);
	ck_assert_int_eq(pc.type, IOT_PCI_PCI_ENDPOINT);
}
END_TEST

START_TEST(fixture_root_port_acs)
{
	parse_fixture(ARM_G "0000:00:04.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_ROOT_PORT);
	ck_assert_uint_eq(pc.pcie_pos, 0x54);
	ck_assert_uint_eq(pc.pcie_type, IOT_PCIE_TYPE_ROOT_PORT);
	ck_assert_uint_eq(pc.header_type, 1);
	ck_assert_uint_eq(pc.secondary, 1);
	ck_assert_uint_eq(pc.subordinate, 1);
	ck_assert_uint_eq(pc.acs_pos, 0x148);
	ck_assert_uint_eq(pc.acs_cap, 0x005f);
	ck_assert_uint_eq(pc.acs_ctrl, 0x001d); /* as Linux left it: SV RR CR UF */
	ck_assert(pc.ext_read);
}
END_TEST

START_TEST(fixture_root_port_no_acs)
{
	parse_fixture(ARM_G "0000:00:05.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_ROOT_PORT);
	ck_assert_uint_eq(pc.acs_pos, 0);
	ck_assert_uint_eq(pc.secondary, 2);
}
END_TEST

START_TEST(fixture_multifunction_root_port)
{
	parse_fixture(VIOT_B "0000:00:04.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_ROOT_PORT);
	ck_assert(pc.multifunction);
	ck_assert_uint_ne(pc.acs_pos, 0);
}
END_TEST

START_TEST(fixture_pcie_to_pci_bridge)
{
	parse_fixture(ARM_G "0000:00:06.0/0000:03:00.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_PCIE_TO_PCI_BRIDGE);
	ck_assert_uint_eq(pc.primary, 3);
	ck_assert_uint_eq(pc.secondary, 4);
	ck_assert_uint_eq(pc.subordinate, 4);
}
END_TEST

START_TEST(fixture_switch_ports)
{
	parse_fixture(ARM_G "0000:00:07.0/0000:05:00.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_UPSTREAM_PORT);
	ck_assert_uint_eq(pc.secondary, 6);
	ck_assert_uint_eq(pc.subordinate, 8);
	parse_fixture(ARM_G "0000:00:07.0/0000:05:00.0/0000:06:01.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_DOWNSTREAM_PORT);
	ck_assert_uint_eq(pc.secondary, 8);
}
END_TEST

START_TEST(fixture_pcie_endpoint_multifunction)
{
	parse_fixture(ARM_G "0000:00:07.0/0000:05:00.0/0000:06:01.0/0000:08:00.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_ENDPOINT);
	ck_assert(pc.multifunction);
	ck_assert_uint_eq(pc.vendor, 0x8086);
	ck_assert_uint_eq(pc.device, 0x10d3);
}
END_TEST

START_TEST(fixture_pci_bridge)
{
	parse_fixture(ARM_G "0000:00:09.0/config");
	ck_assert_int_eq(pc.type, IOT_PCI_PCI_BRIDGE);
	ck_assert_uint_eq(pc.pcie_pos, 0);
	ck_assert_uint_eq(pc.secondary, 10);
}
END_TEST

START_TEST(fixture_to_dev)
{
	struct iot_pci_dev dev = { 0 };

	parse_fixture(ARM_G "0000:00:04.0/config");
	iot_pciconfig_to_dev(&pc, &dev);
	ck_assert(dev.has_ids);
	ck_assert_uint_eq(dev.vendor, 0x1b36);
	ck_assert_uint_eq(dev.class_code, 0x060400);
	ck_assert_int_eq(dev.type, IOT_PCI_ROOT_PORT);
	ck_assert(dev.has_acs);
	ck_assert(dev.acs_ctrl_set);
	ck_assert_uint_eq(dev.acs_cap, 0x5f);
	ck_assert_uint_eq(dev.secondary, 1);
}
END_TEST

/* ---- crafted spaces ---- */

static void put16(size_t off, uint16_t v)
{
	cfg[off] = v & 0xff;
	cfg[off + 1] = v >> 8;
}

static void put32(size_t off, uint32_t v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

/* A function with a capability list starting at @first. */
static void header(uint8_t hdr_type, uint8_t first)
{
	put16(0x00, 0x1234);
	put16(0x02, 0x5678);
	cfg[0x0b] = hdr_type == 1 ? 0x06 : 0x02;
	cfg[0x0a] = hdr_type == 1 ? 0x04 : 0x00;
	cfg[0x0e] = hdr_type;
	if (first) {
		put16(0x06, 0x0010);
		cfg[0x34] = first;
	}
}

static void cap(uint8_t pos, uint8_t id, uint8_t next)
{
	cfg[pos] = id;
	cfg[pos + 1] = next;
}

static void pcie_cap(uint8_t pos, uint8_t next, unsigned int type)
{
	cap(pos, 0x10, next);
	put16(pos + 2, (uint16_t)(type << 4 | 2));
}

static void ext_cap(uint16_t pos, uint16_t id, uint16_t next)
{
	put32(pos, (uint32_t)next << 20 | 1u << 16 | id);
}

static int parse(size_t len)
{
	return iot_pciconfig_parse(cfg, len, &pc, "crafted", &d);
}

START_TEST(short_file)
{
	header(0, 0);
	ck_assert_int_eq(parse(63), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert(diag_has("header alone is 64"));
	ck_assert_int_eq(parse(0), -1);
}
END_TEST

START_TEST(no_function)
{
	memset(cfg, 0xff, 256);
	ck_assert_int_eq(parse(256), -1);
	ck_assert(diag_has("0xffff"));
}
END_TEST

START_TEST(header_only_unprivileged)
{
	header(1, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ROOT_PORT);
	ck_assert_int_eq(parse(64), 0);
	ck_assert(!pc.caps_read);
	ck_assert_uint_eq(pc.pcie_pos, 0); /* beyond the 64 bytes read */
	ck_assert_int_eq(pc.type, IOT_PCI_PCI_BRIDGE);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

START_TEST(cyclic_capability_list)
{
	header(0, 0x40);
	cap(0x40, 0x01, 0x50);
	cap(0x50, 0x05, 0x40);
	ck_assert_int_eq(parse(256), 0);
	ck_assert_uint_eq(d.n_warnings, 1);
	ck_assert(diag_has("loops"));
	ck_assert(d.v[0].loc.has_offset);
	ck_assert_uint_eq(d.v[0].loc.offset, 0x51);
}
END_TEST

START_TEST(self_loop_after_pcie)
{
	header(0, 0x40);
	pcie_cap(0x40, 0x60, IOT_PCIE_TYPE_ENDPOINT);
	cap(0x60, 0x09, 0x60);
	ck_assert_int_eq(parse(256), 0);
	ck_assert(diag_has("loops"));
	ck_assert_int_eq(pc.type, IOT_PCI_ENDPOINT); /* what was found before the loop stays */
}
END_TEST

START_TEST(pointer_into_header)
{
	header(0, 0x20);
	ck_assert_int_eq(parse(256), 0);
	ck_assert(diag_has("below 0x40"));
	ck_assert_uint_eq(d.v[0].loc.offset, 0x34);
	ck_assert_int_eq(pc.type, IOT_PCI_PCI_ENDPOINT);
}
END_TEST

START_TEST(pointer_past_end)
{
	header(0, 0x40);
	cap(0x40, 0x01, 0x90);
	ck_assert_int_eq(parse(0x80), 0); /* a truncated copy */
	ck_assert(diag_has("past the end of 128 bytes"));
}
END_TEST

START_TEST(pcie_cap_cut_off)
{
	header(0, 0x7e);
	cap(0x7c, 0x10, 0);
	ck_assert_int_eq(parse(0x7f), 0);
	ck_assert(diag_has("cut off by the end of 127 bytes"));
	ck_assert_uint_eq(pc.pcie_pos, 0);
}
END_TEST

START_TEST(id_ff_ends_list)
{
	header(0, 0x40);
	cap(0x40, 0xff, 0x50);
	pcie_cap(0x50, 0, IOT_PCIE_TYPE_ENDPOINT);
	ck_assert_int_eq(parse(256), 0);
	ck_assert(diag_has("ID 0xff"));
	ck_assert_uint_eq(pc.pcie_pos, 0);
}
END_TEST

START_TEST(no_cap_list_status)
{
	header(0, 0x40);
	put16(0x06, 0); /* Status says no list: pointer ignored, as the kernel does */
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ck_assert_int_eq(parse(256), 0);
	ck_assert_uint_eq(pc.pcie_pos, 0);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

START_TEST(every_port_type)
{
	static const struct {
		unsigned int raw;
		uint8_t hdr;
		enum iot_pci_type type;
	} tab[] = {
		{ IOT_PCIE_TYPE_ENDPOINT, 0, IOT_PCI_ENDPOINT },
		{ IOT_PCIE_TYPE_LEGACY_END, 0, IOT_PCI_LEGACY_ENDPOINT },
		{ IOT_PCIE_TYPE_ROOT_PORT, 1, IOT_PCI_ROOT_PORT },
		{ IOT_PCIE_TYPE_UPSTREAM, 1, IOT_PCI_UPSTREAM_PORT },
		{ IOT_PCIE_TYPE_DOWNSTREAM, 1, IOT_PCI_DOWNSTREAM_PORT },
		{ IOT_PCIE_TYPE_PCI_BRIDGE, 1, IOT_PCI_PCIE_TO_PCI_BRIDGE },
		{ IOT_PCIE_TYPE_PCIE_BRIDGE, 1, IOT_PCI_PCI_TO_PCIE_BRIDGE },
		{ IOT_PCIE_TYPE_RC_END, 0, IOT_PCI_RCIEP },
		{ IOT_PCIE_TYPE_RC_EC, 0, IOT_PCI_RCEC },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		memset(cfg, 0, sizeof(cfg));
		header(tab[i].hdr, 0x40);
		pcie_cap(0x40, 0, tab[i].raw);
		ck_assert_int_eq(parse(256), 0);
		ck_assert_int_eq(pc.type, tab[i].type);
		ck_assert_uint_eq(d.n, 0);
	}
}
END_TEST

START_TEST(reserved_port_type)
{
	header(1, 0x40);
	pcie_cap(0x40, 0, 0x3);
	ck_assert_int_eq(parse(256), 0);
	ck_assert(diag_has("reserved Device/Port Type 3"));
	ck_assert_int_eq(pc.type, IOT_PCI_PCI_BRIDGE);
}
END_TEST

START_TEST(port_type_header_mismatch)
{
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ROOT_PORT);
	ck_assert_int_eq(parse(256), 0);
	ck_assert(diag_has("does not match"));
	ck_assert_int_eq(pc.type, IOT_PCI_ROOT_PORT);
}
END_TEST

START_TEST(sriov_ari_acs)
{
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ext_cap(0x100, 0x0010, 0x140); /* SR-IOV */
	put16(0x108, 0x0009); /* VF Enable, ARI Capable Hierarchy */
	put16(0x10e, 64); /* TotalVFs */
	put16(0x110, 8); /* NumVFs */
	put16(0x114, 0x80); /* First VF Offset */
	put16(0x116, 2); /* VF Stride */
	put16(0x11a, 0x10ed); /* VF Device ID */
	ext_cap(0x140, 0x000e, 0x160); /* ARI */
	ext_cap(0x160, 0x000d, 0); /* ACS */
	put16(0x164, 0x007f);
	put16(0x166, 0x0011);
	ck_assert_int_eq(parse(4096), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(pc.sriov_pos, 0x100);
	ck_assert_uint_eq(pc.sriov_total_vfs, 64);
	ck_assert_uint_eq(pc.sriov_num_vfs, 8);
	ck_assert_uint_eq(pc.sriov_offset, 0x80);
	ck_assert_uint_eq(pc.sriov_stride, 2);
	ck_assert_uint_eq(pc.sriov_vf_device, 0x10ed);
	ck_assert_uint_eq(pc.ari_pos, 0x140);
	ck_assert_uint_eq(pc.acs_cap, 0x7f);
	ck_assert_uint_eq(pc.acs_ctrl, 0x11);
	{
		struct iot_pci_dev dev = { 0 };

		iot_pciconfig_to_dev(&pc, &dev);
		ck_assert_uint_eq(dev.sriov_total_vfs, 64);
		ck_assert_uint_eq(dev.sriov_num_vfs, 8);
		ck_assert_uint_eq(dev.sriov_offset, 0x80);
		ck_assert_uint_eq(dev.sriov_stride, 2);
		ck_assert(dev.has_ari);
		ck_assert(dev.has_acs);
	}
}
END_TEST

/* ATS, PRI, PASID: AMD-Vi's IOMMUv2 devices (amd/iommu.c:pdev_get_caps) */
START_TEST(ats_pri_pasid)
{
	struct iot_pci_dev dev = { 0 };

	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ext_cap(0x100, 0x000f, 0x200); /* ATS */
	ext_cap(0x200, 0x0013, 0x300); /* PRI */
	ext_cap(0x300, 0x001b, 0); /* PASID */
	ck_assert_int_eq(parse(4096), 0);
	ck_assert_uint_eq(pc.ats_pos, 0x100);
	ck_assert_uint_eq(pc.pri_pos, 0x200);
	ck_assert_uint_eq(pc.pasid_pos, 0x300);
	iot_pciconfig_to_dev(&pc, &dev);
	ck_assert(dev.has_ats && dev.has_pri && dev.has_pasid);
	/* PASID alone */
	memset(cfg, 0, sizeof(cfg));
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ext_cap(0x100, 0x001b, 0);
	ck_assert_int_eq(parse(4096), 0);
	memset(&dev, 0, sizeof(dev));
	iot_pciconfig_to_dev(&pc, &dev);
	ck_assert(!dev.has_ats && !dev.has_pri && dev.has_pasid);
}
END_TEST

START_TEST(ari_forwarding)
{
	header(1, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_DOWNSTREAM);
	put16(0x40 + 0x28, 0x0020);
	ck_assert_int_eq(parse(256), 0);
	ck_assert(pc.ari_forwarding);
}
END_TEST

START_TEST(cyclic_extended_list)
{
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ext_cap(0x100, 0x0001, 0x140);
	ext_cap(0x140, 0x0002, 0x100);
	ck_assert_int_eq(parse(4096), 0);
	ck_assert(diag_has("extended capability list loops"));
	ck_assert_uint_eq(d.v[0].loc.offset, 0x140);
}
END_TEST

START_TEST(extended_pointer_below_0x100)
{
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ext_cap(0x100, 0x0001, 0x0c0);
	ck_assert_int_eq(parse(4096), 0);
	ck_assert(diag_has("points below 0x100"));
}
END_TEST

START_TEST(extended_cap_cut_off)
{
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ext_cap(0x100, 0x0001, 0xffc);
	ext_cap(0xffc, 0x000d, 0); /* ACS needs 8 bytes */
	ck_assert_int_eq(parse(4096), 0);
	ck_assert(diag_has("ACS capability at 0xffc is cut off"));
	ck_assert_uint_eq(pc.acs_pos, 0);
}
END_TEST

START_TEST(extended_space_absent)
{
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	memset(cfg + 0x100, 0xff, 0xf00); /* pci_cfg_space_size_ext: reads all ones */
	ck_assert_int_eq(parse(4096), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(pc.acs_pos, 0);
}
END_TEST

START_TEST(extended_past_truncated_end)
{
	header(0, 0x40);
	pcie_cap(0x40, 0, IOT_PCIE_TYPE_ENDPOINT);
	ext_cap(0x100, 0x0001, 0x200);
	ck_assert_int_eq(parse(0x180), 0);
	ck_assert(diag_has("past the end of 384 bytes"));
}
END_TEST

START_TEST(port_type_names)
{
	ck_assert_str_eq(iot_pcie_port_type_name(IOT_PCIE_TYPE_RC_EC), "rcec");
	ck_assert_ptr_null(iot_pcie_port_type_name(2));
	ck_assert_ptr_null(iot_pcie_port_type_name(16));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sysfs_pciconfig");
	TCase *f = tcase_create("fixtures");
	TCase *c = tcase_create("crafted");

	tcase_add_checked_fixture(f, setup, teardown);
	tcase_add_checked_fixture(c, setup, teardown);
	tcase_add_test(f, fixture_host_bridge);
	tcase_add_test(f, fixture_conventional_endpoint);
	tcase_add_test(f, fixture_multifunction);
	tcase_add_test(f, fixture_root_port_acs);
	tcase_add_test(f, fixture_root_port_no_acs);
	tcase_add_test(f, fixture_multifunction_root_port);
	tcase_add_test(f, fixture_pcie_to_pci_bridge);
	tcase_add_test(f, fixture_switch_ports);
	tcase_add_test(f, fixture_pcie_endpoint_multifunction);
	tcase_add_test(f, fixture_pci_bridge);
	tcase_add_test(f, fixture_to_dev);
	tcase_add_test(c, short_file);
	tcase_add_test(c, no_function);
	tcase_add_test(c, header_only_unprivileged);
	tcase_add_test(c, cyclic_capability_list);
	tcase_add_test(c, self_loop_after_pcie);
	tcase_add_test(c, pointer_into_header);
	tcase_add_test(c, pointer_past_end);
	tcase_add_test(c, pcie_cap_cut_off);
	tcase_add_test(c, id_ff_ends_list);
	tcase_add_test(c, no_cap_list_status);
	tcase_add_test(c, every_port_type);
	tcase_add_test(c, reserved_port_type);
	tcase_add_test(c, port_type_header_mismatch);
	tcase_add_test(c, sriov_ari_acs);
	tcase_add_test(c, ari_forwarding);
	tcase_add_test(c, cyclic_extended_list);
	tcase_add_test(c, extended_pointer_below_0x100);
	tcase_add_test(c, extended_cap_cut_off);
	tcase_add_test(c, extended_space_absent);
	tcase_add_test(c, extended_past_truncated_end);
	tcase_add_test(c, port_type_names);
	tcase_add_test(c, ats_pri_pasid);
	suite_add_tcase(s, f);
	suite_add_tcase(s, c);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
