// SPDX-License-Identifier: MIT
/* Diagnostics format, atomic output (including a write that fails midway), input detection. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/detect.h"
#include "util/diag.h"
#include "util/file.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/iotopo-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	iot_write_inject_failure(-1);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static int count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	struct iot_diags d;
	uint8_t *data;
	size_t len;

	iot_diags_init(&d);
	ck_assert_int_eq(iot_read_file(path, &data, &len, &d), 0);
	iot_diags_free(&d);
	return (char *)data;
}

START_TEST(diag_text_format)
{
	struct iot_diags d;
	struct iot_loc l = iot_loc_text("a.yaml", 3, 7);
	char *out = NULL;
	size_t n = 0;
	FILE *f;

	iot_diags_init(&d);
	iot_error(&d, &l, "iommus[0].model: unknown model '%s'", "smmuv4");
	l = iot_loc_bin("IORT.bin", 0x5c);
	iot_diag(&d, IOT_SEV_WARNING, &l, "iort-checksum", "checksum is 0x%02x", 0x12);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_uint_eq(d.n_warnings, 1);
	f = open_memstream(&out, &n);
	iot_diags_fprint(f, &d);
	fclose(f);
	ck_assert_str_eq(out, "a.yaml:3:7: error: iommus[0].model: unknown model 'smmuv4'\n"
			      "IORT.bin: offset 0x5c: warning: checksum is 0x12 [iort-checksum]\n");
	free(out);
	iot_diags_free(&d);
}
END_TEST

START_TEST(diag_limit)
{
	struct iot_diags d;

	iot_diags_init(&d);
	d.limit = 2;
	for (int i = 0; i < 5; i++)
		iot_error(&d, NULL, "e%d", i);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_uint_eq(d.dropped, 3);
	ck_assert_uint_eq(d.n_errors, 5);
	iot_diags_free(&d);
}
END_TEST

START_TEST(atomic_write_replaces)
{
	char path[128];
	struct iot_diags d;
	char *s;

	iot_diags_init(&d);
	snprintf(path, sizeof(path), "%s/out.dtb", dir);
	ck_assert_int_eq(iot_write_atomic(path, "old", 3, &d), 0);
	ck_assert_int_eq(iot_write_atomic(path, "new content", 11, &d), 0);
	s = slurp(path);
	ck_assert_str_eq(s, "new content");
	free(s);
	ck_assert_int_eq(count_entries(), 1); /* no temporary file left */
	ck_assert_uint_eq(d.n, 0);
	iot_diags_free(&d);
}
END_TEST

/* A write that fails midway (ENOSPC injected) leaves the old file and no temporary. */
START_TEST(atomic_write_fails_midway)
{
	char path[128];
	struct iot_diags d;
	char big[8192];
	char *s;

	iot_diags_init(&d);
	snprintf(path, sizeof(path), "%s/IORT.aml", dir);
	ck_assert_int_eq(iot_write_atomic(path, "previous", 8, &d), 0);
	memset(big, 'x', sizeof(big));
	iot_write_inject_failure(4096);
	ck_assert_int_eq(iot_write_atomic(path, big, sizeof(big), &d), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "No space left on device"));
	s = slurp(path);
	ck_assert_str_eq(s, "previous");
	free(s);
	ck_assert_int_eq(count_entries(), 1);
	iot_diags_free(&d);
}
END_TEST

/* Failing before anything exists creates nothing. */
START_TEST(atomic_write_fails_fresh)
{
	char path[128];
	struct iot_diags d;

	iot_diags_init(&d);
	snprintf(path, sizeof(path), "%s/new.dts", dir);
	iot_write_inject_failure(0);
	ck_assert_int_eq(iot_write_atomic(path, "abc", 3, &d), -1);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(count_entries(), 0);
	iot_diags_free(&d);
}
END_TEST

START_TEST(atomic_write_missing_dir)
{
	char path[128];
	struct iot_diags d;

	iot_diags_init(&d);
	snprintf(path, sizeof(path), "%s/nope/out", dir);
	ck_assert_int_eq(iot_write_atomic(path, "abc", 3, &d), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	iot_diags_free(&d);
}
END_TEST

/* Two-step writes: nothing is visible until commit; discard leaves nothing behind. */
START_TEST(atomic_write_prepare_commit_discard)
{
	char a[128], b[128];
	char *ta, *tb, *s;
	struct iot_diags d;

	iot_diags_init(&d);
	snprintf(a, sizeof(a), "%s/a.dtb", dir);
	snprintf(b, sizeof(b), "%s/b.dts", dir);
	ck_assert_int_eq(iot_write_atomic(a, "old", 3, &d), 0);
	ck_assert_int_eq(iot_write_prepare(a, "new", 3, &ta, &d), 0);
	ck_assert_int_eq(iot_write_prepare(b, "fresh", 5, &tb, &d), 0);
	s = slurp(a);
	ck_assert_str_eq(s, "old"); /* prepared, not yet visible */
	free(s);
	ck_assert_int_eq(access(b, F_OK), -1);
	iot_write_discard(ta);
	iot_write_discard(tb);
	ck_assert_int_eq(count_entries(), 1); /* a.dtb only: no temporaries left */
	ck_assert_int_eq(iot_write_prepare(b, "fresh", 5, &tb, &d), 0);
	ck_assert_int_eq(iot_write_commit(b, tb, &d), 0);
	s = slurp(b);
	ck_assert_str_eq(s, "fresh");
	free(s);
	ck_assert_int_eq(count_entries(), 2);
	/* a directory in the way is refused before anything is written */
	snprintf(b, sizeof(b), "%s/sub", dir);
	ck_assert_int_eq(mkdir(b, 0755), 0);
	ck_assert_int_eq(iot_write_prepare(b, "x", 1, &tb, &d), -1);
	ck_assert_ptr_null(tb);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_int_eq(rmdir(b), 0);
	iot_diags_free(&d);
}
END_TEST

START_TEST(read_missing_and_dir)
{
	struct iot_diags d;
	uint8_t *data;
	size_t len;

	iot_diags_init(&d);
	ck_assert_int_eq(iot_read_file("/nonexistent/x", &data, &len, &d), -1);
	ck_assert_int_eq(iot_read_file(dir, &data, &len, &d), -1);
	ck_assert_uint_eq(d.n_errors, 2);
	ck_assert_str_eq(d.v[1].msg, "is a directory");
	iot_diags_free(&d);
}
END_TEST

START_TEST(detect_kinds)
{
	static const uint8_t dtb[] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 0x40 };
	uint8_t iort[40] = { 'I', 'O', 'R', 'T', 40, 0, 0, 0 };
	const char *dump = "IORT @ 0x0000000000000000\n  0000: 49 4F 52 54\n";
	const char *yaml = "iotopo: 1\n";
	const char *dts = "/dts-v1/;\n/ { };\n";

	ck_assert_int_eq(iot_detect_input(dtb, sizeof(dtb)), IOT_INPUT_DTB);
	ck_assert_int_eq(iot_detect_input(iort, sizeof(iort)), IOT_INPUT_ACPI_TABLE);
	ck_assert_int_eq(iot_detect_input((const uint8_t *)dump, strlen(dump)), IOT_INPUT_ACPIDUMP);
	ck_assert_int_eq(iot_detect_input((const uint8_t *)yaml, strlen(yaml)), IOT_INPUT_YAML);
	ck_assert_int_eq(iot_detect_input((const uint8_t *)dts, strlen(dts)), IOT_INPUT_DTS);
	ck_assert_int_eq(iot_detect_input((const uint8_t *)"a\0b", 3), IOT_INPUT_UNKNOWN);
}
END_TEST

START_TEST(buf_le_and_printf)
{
	struct iot_buf b;

	iot_buf_init(&b);
	iot_buf_add_le(&b, 0x11223344, 4);
	ck_assert_uint_eq(b.len, 4);
	ck_assert_uint_eq(b.data[0], 0x44);
	ck_assert_uint_eq(b.data[3], 0x11);
	iot_buf_put_le(&b, 1, 0xabcd, 2);
	ck_assert_uint_eq(b.data[1], 0xcd);
	ck_assert_uint_eq(b.data[2], 0xab);
	iot_buf_reset(&b);
	iot_buf_printf(&b, "%s=%d", "x", 42);
	ck_assert_str_eq(iot_buf_str(&b), "x=42");
	iot_buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, diag_text_format);
	tcase_add_test(tc, diag_limit);
	tcase_add_test(tc, atomic_write_replaces);
	tcase_add_test(tc, atomic_write_fails_midway);
	tcase_add_test(tc, atomic_write_fails_fresh);
	tcase_add_test(tc, atomic_write_missing_dir);
	tcase_add_test(tc, atomic_write_prepare_commit_discard);
	tcase_add_test(tc, read_missing_and_dir);
	tcase_add_test(tc, detect_kinds);
	tcase_add_test(tc, buf_le_and_printf);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
