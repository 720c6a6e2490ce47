// SPDX-License-Identifier: MIT
/* The DMAR reader: the fixtures' QEMU tables and crafted damaged ones. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "util/file.h"
#include "x86/dmar.h"

#define FIX IOTOPO_SRC_DIR "/tests/fixtures/"

static struct iot_diags d;
static struct iot_topology t;
static uint8_t tbl[512];
static size_t tlen;

static void setup(void)
{
	iot_diags_init(&d);
	iot_topology_init(&t);
	memset(tbl, 0, sizeof(tbl));
	tlen = 0;
}

static void teardown(void)
{
	iot_diags_free(&d);
	iot_topology_free(&t);
}

static bool diag_has(const char *needle)
{
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, needle))
			return true;
	return false;
}

static void put(size_t off, uint64_t v, unsigned int w)
{
	for (unsigned int i = 0; i < w; i++)
		tbl[off + i] = (uint8_t)(v >> (8 * i));
}

/* A 48-byte DMAR header; structures follow with add_*; finish() sets length and checksum. */
static void header(void)
{
	memcpy(tbl, "DMAR", 4);
	tbl[8] = 1;
	memcpy(tbl + 10, "IOTOPO", 6);
	tbl[36] = 38; /* Host Address Width: 39 bits */
	tlen = 48;
}

static size_t add_drhd(uint8_t flags, uint16_t seg, uint64_t base)
{
	size_t at = tlen;

	put(at, 0, 2);
	put(at + 2, 16, 2);
	tbl[at + 4] = flags;
	put(at + 6, seg, 2);
	put(at + 8, base, 8);
	tlen += 16;
	return at;
}

/* A PCI endpoint scope entry appended to the structure at @s. */
static void add_scope(size_t s, uint8_t len, uint8_t bus, uint8_t dev, uint8_t fn)
{
	tbl[tlen] = 1;
	tbl[tlen + 1] = len;
	tbl[tlen + 5] = bus;
	tbl[tlen + 6] = dev;
	tbl[tlen + 7] = fn;
	tlen += len;
	put(s + 2, tlen - s, 2);
}

static int finish_and_read(void)
{
	put(4, tlen, 4);
	tbl[9] = 0;
	tbl[9] = iot_acpi_checksum(tbl, tlen);
	return iot_dmar_read(tbl, tlen, "crafted", &t, &d);
}

START_TEST(fixture_qemu_q35)
{
	const char *p =
		FIX "x86-intel-a-rootbus/7.2.13+deb14-amd64/final/sys/firmware/acpi/tables/DMAR";
	uint8_t *data;
	size_t len;

	ck_assert_int_eq(iot_read_file(p, &data, &len, &d), 0);
	ck_assert_int_eq(iot_dmar_read(data, len, p, &t, &d), 0);
	free(data);
	ck_assert_uint_eq(t.n_iommus, 1);
	ck_assert_str_eq(t.iommus[0].name, "dmar0");
	ck_assert_int_eq(t.iommus[0].model, IOT_IOMMU_INTEL_VTD);
	ck_assert_uint_eq(t.iommus[0].base, 0xfed90000);
	ck_assert_uint_eq(t.iommus[0].pci_segment, 0);
	ck_assert_str_eq(t.machine.oem_id, "BOCHS ");
	/* QEMU lists the devices in a scope rather than INCLUDE_PCI_ALL */
	ck_assert_uint_eq(d.n_errors, 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].sev, IOT_SEV_NOTE);
	ck_assert(diag_has("device scope"));
}
END_TEST

START_TEST(include_all_two_units)
{
	size_t s;

	header();
	add_drhd(0x01, 1, 0xfed91000);
	s = add_drhd(0x00, 0, 0xfed90000);
	add_scope(s, 8, 0, 2, 0);
	ck_assert_int_eq(finish_and_read(), 0);
	ck_assert_uint_eq(t.n_iommus, 2);
	ck_assert_uint_eq(t.iommus[0].pci_segment, 1);
	ck_assert_str_eq(t.iommus[1].name, "dmar1");
	ck_assert_uint_eq(t.iommus[1].base, 0xfed90000);
	ck_assert_uint_eq(d.n, 1); /* the scope note for the second only */
	ck_assert_uint_eq(d.v[0].loc.offset, s + 4);
}
END_TEST

START_TEST(zero_length_structure)
{
	header();
	add_drhd(0x01, 0, 0xfed90000);
	put(48 + 2, 0, 2);
	ck_assert_int_eq(finish_and_read(), -1);
	ck_assert(diag_has("shorter than its header"));
	ck_assert_uint_eq(t.n_iommus, 0);
}
END_TEST

START_TEST(structure_past_end)
{
	header();
	add_drhd(0x01, 0, 0xfed90000);
	put(48 + 2, 200, 2);
	ck_assert_int_eq(finish_and_read(), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_uint_eq(t.n_iommus, 0);
}
END_TEST

START_TEST(bad_scope_length)
{
	size_t s;

	header();
	s = add_drhd(0x00, 0, 0xfed90000);
	add_scope(s, 7, 0, 2, 0); /* half a (device, function) pair */
	ck_assert_int_eq(finish_and_read(), -1);
	ck_assert(diag_has("whole (device, function) pairs"));
	ck_assert_uint_eq(t.n_iommus, 0);
}
END_TEST

START_TEST(unknown_type_and_no_drhd)
{
	header();
	put(48, 9, 2);
	put(50, 8, 2);
	tlen += 8;
	ck_assert_int_eq(finish_and_read(), 0);
	ck_assert(diag_has("unknown structure type 9"));
	ck_assert(diag_has("no DRHD"));
}
END_TEST

START_TEST(truncated_header)
{
	header();
	tlen = 40;
	ck_assert_int_eq(finish_and_read(), -1);
	ck_assert_uint_eq(d.n_errors, 1);
}
END_TEST

START_TEST(through_acpi_dispatch)
{
	header();
	add_drhd(0x01, 0, 0xfed90000);
	put(4, tlen, 4);
	tbl[9] = iot_acpi_checksum(tbl, tlen);
	ck_assert_int_eq(iot_acpi_read_table(tbl, tlen, "crafted", &t, &d), 0);
	ck_assert_uint_eq(t.n_iommus, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("x86_dmar");
	TCase *c = tcase_create("dmar");

	tcase_add_checked_fixture(c, setup, teardown);
	tcase_add_test(c, fixture_qemu_q35);
	tcase_add_test(c, include_all_two_units);
	tcase_add_test(c, zero_length_structure);
	tcase_add_test(c, structure_past_end);
	tcase_add_test(c, bad_scope_length);
	tcase_add_test(c, unknown_type_and_no_drhd);
	tcase_add_test(c, truncated_header);
	tcase_add_test(c, through_acpi_dispatch);
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
