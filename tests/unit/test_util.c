// SPDX-License-Identifier: MIT
/* Diagnostics format, atomic output (including a write that fails midway), input detection. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/detect.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/mem.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/iotopo-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
#ifdef IOTOPO_TEST_HOOKS
	iot_write_inject_failure(-1);
#endif
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

/*
 * iot_populate changes no byte (it only maps pages), whatever the range's
 * alignment and size; iot_grow, which populates what it adds, keeps the old
 * elements and clears the new ones across growths past the populate size.
 */
START_TEST(populate_keeps_bytes)
{
	size_t n = (1 << 20) + 123;
	unsigned char *p = iot_xmalloc(n);
	uint32_t *v = NULL;
	size_t cap = 0;

	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + 7);
	iot_populate(p + 1, n - 3);
	iot_populate(p, 10);
	iot_populate(p + 4095, 4097);
	iot_populate(NULL, 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_eq(p[i], (unsigned char)(i * 31 + 7));
	free(p);
	for (uint32_t i = 0; i < 100000; i++) {
		iot_grow((void **)&v, &cap, i + 1, sizeof(*v));
		ck_assert_uint_eq(v[i], 0);
		v[i] = i ^ 0x5a5a;
	}
	for (uint32_t i = 0; i < 100000; i++)
		ck_assert_uint_eq(v[i], i ^ 0x5a5a);
	free(v);
}
END_TEST

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

#ifdef IOTOPO_TEST_HOOKS
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
#endif

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

/* A write set: nothing is visible until commit; freeing it leaves nothing behind. */
START_TEST(write_set_commit_discard)
{
	struct iot_write_set ws;
	char a[128], b[128];
	struct iot_diags d;
	char *s;

	iot_diags_init(&d);
	snprintf(a, sizeof(a), "%s/a.dtb", dir);
	snprintf(b, sizeof(b), "%s/b.dts", dir);
	ck_assert_int_eq(iot_write_atomic(a, "old", 3, &d), 0);
	iot_write_set_init(&ws);
	ck_assert_int_eq(iot_write_set_add(&ws, a, "new", 3, &d), 0);
	ck_assert_int_eq(iot_write_set_add(&ws, b, "fresh", 5, &d), 0);
	s = slurp(a);
	ck_assert_str_eq(s, "old"); /* prepared, not yet visible */
	free(s);
	ck_assert_int_eq(access(b, F_OK), -1);
	iot_write_set_free(&ws);
	ck_assert_int_eq(count_entries(), 1); /* a.dtb only: no temporaries left */
	iot_write_set_init(&ws);
	ck_assert_int_eq(iot_write_set_add(&ws, b, "fresh", 5, &d), 0);
	ck_assert_int_eq(iot_write_set_add(&ws, a, "new", 3, &d), 0);
	ck_assert_int_eq(iot_write_set_commit(&ws, &d), 0);
	s = slurp(b);
	ck_assert_str_eq(s, "fresh");
	free(s);
	s = slurp(a);
	ck_assert_str_eq(s, "new");
	free(s);
	ck_assert_int_eq(count_entries(), 2);
	/* a directory in the way is refused before anything is written */
	snprintf(b, sizeof(b), "%s/sub", dir);
	ck_assert_int_eq(mkdir(b, 0755), 0);
	iot_write_set_init(&ws);
	ck_assert_int_eq(iot_write_set_add(&ws, b, "x", 1, &d), -1);
	iot_write_set_free(&ws);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_str_eq(d.v[0].msg, "is a directory (nothing written)");
	ck_assert_int_eq(rmdir(b), 0);
	iot_diags_free(&d);
}
END_TEST

/* An in-place output that fails (/dev/full: ENOSPC) leaves every regular file as it was. */
START_TEST(write_set_in_place_failure_changes_nothing)
{
	struct iot_write_set ws;
	struct iot_diags d;
	char a[128];
	char *s;

	iot_diags_init(&d);
	snprintf(a, sizeof(a), "%s/a.dts", dir);
	ck_assert_int_eq(iot_write_atomic(a, "old", 3, &d), 0);
	iot_write_set_init(&ws);
	ck_assert_int_eq(iot_write_set_add(&ws, a, "new", 3, &d), 0);
	ck_assert_int_eq(iot_write_set_add(&ws, "/dev/full", "x", 1, &d), 0);
	ck_assert_int_eq(iot_write_set_commit(&ws, &d), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "No space left on device"));
	s = slurp(a);
	ck_assert_str_eq(s, "old");
	free(s);
	ck_assert_int_eq(count_entries(), 1);
	iot_diags_free(&d);
}
END_TEST

/* A symbolic link stays one: a link to a regular file (or to nothing) replaces its target. */
START_TEST(write_through_symlink)
{
	char target[128], link[128], dangling[128], made[128], buf[256];
	struct iot_diags d;
	struct stat st;
	ssize_t n;
	char *s;

	iot_diags_init(&d);
	snprintf(target, sizeof(target), "%s/real.dtb", dir);
	snprintf(link, sizeof(link), "%s/link.dtb", dir);
	snprintf(dangling, sizeof(dangling), "%s/dangling.dtb", dir);
	snprintf(made, sizeof(made), "%s/made.dtb", dir);
	ck_assert_int_eq(iot_write_atomic(target, "old", 3, &d), 0);
	ck_assert_int_eq(chmod(target, 0640), 0);
	ck_assert_int_eq(symlink("real.dtb", link), 0); /* relative to the link's directory */
	ck_assert_int_eq(iot_write_atomic(link, "new", 3, &d), 0);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	n = readlink(link, buf, sizeof(buf) - 1);
	ck_assert_int_eq(n, 8);
	s = slurp(target);
	ck_assert_str_eq(s, "new");
	free(s);
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640); /* the replaced file's mode is kept */
	ck_assert_int_eq(symlink(made, dangling), 0);
	ck_assert_int_eq(iot_write_atomic(dangling, "abc", 3, &d), 0);
	ck_assert_int_eq(lstat(dangling, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	s = slurp(made);
	ck_assert_str_eq(s, "abc");
	free(s);
	ck_assert_int_eq(count_entries(), 4); /* no temporaries */
	ck_assert_uint_eq(d.n, 0);
	iot_diags_free(&d);
}
END_TEST

/* A FIFO, a character device and a link to one are written in place, never replaced. */
START_TEST(write_in_place_kinds)
{
	char fifo[128], link[128], got[64];
	struct iot_diags d;
	struct stat st;
	ssize_t n;
	int rfd;

	iot_diags_init(&d);
	snprintf(fifo, sizeof(fifo), "%s/pipe", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	rfd = open(fifo, O_RDONLY | O_NONBLOCK); /* a reader, so the write side opens */
	ck_assert_int_ge(rfd, 0);
	ck_assert_int_eq(iot_write_atomic(fifo, "through", 7, &d), 0);
	n = read(rfd, got, sizeof(got));
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(memcmp(got, "through", 7), 0);
	close(rfd);
	ck_assert_int_eq(lstat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(iot_write_atomic("/dev/null", "x", 1, &d), 0);
	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	snprintf(link, sizeof(link), "%s/null", dir);
	ck_assert_int_eq(symlink("/dev/null", link), 0);
	ck_assert_int_eq(iot_write_atomic(link, "x", 1, &d), 0);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(count_entries(), 2);
	/* a descriptor path that is not open is an error, not a file */
	ck_assert_int_eq(iot_write_atomic("/dev/fd/987", "x", 1, &d), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_str_eq(d.v[0].msg, "file descriptor 987 is not open");
	ck_assert_int_eq(access("/dev/fd/987", F_OK), -1);
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

/* UTF-8 as RFC 3629 defines it; JSON strings escape what JSON needs and replace the rest. */
START_TEST(utf8_and_json_strings)
{
	static const struct {
		const char *s;
		size_t len;
	} cases[] = {
		{ "A", 1 },
		{ "\xc3\xa9", 2 },
		{ "\xe2\x82\xac", 3 },
		{ "\xf0\x9f\x98\x80", 4 },
		{ "\xc3", 0 },
		{ "\xc0\xaf", 0 } /* overlong */,
		{ "\xe0\x80\xaf", 0 },
		{ "\xed\xa0\x80", 0 } /* surrogate */,
		{ "\xf4\x90\x80\x80", 0 } /* > U+10FFFF */,
		{ "\xff", 0 },
		{ "\x80", 0 },
	};
	struct iot_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const unsigned char *p = (const unsigned char *)cases[i].s;

		ck_assert_uint_eq(iot_utf8_len(p, p + strlen(cases[i].s)), cases[i].len);
	}
	iot_buf_init(&b);
	iot_buf_json_string(&b, "a\"\\\n\x01"
				"caf\xc3\xa9 \xff\xe9"
				"x");
	ck_assert_str_eq(iot_buf_str(&b), "\"a\\\"\\\\\\n\\u0001caf\xc3\xa9 \\ufffd\\ufffdx\"");
	iot_buf_reset(&b);
	iot_buf_json_string(&b, NULL);
	ck_assert_str_eq(iot_buf_str(&b), "\"\"");
	iot_buf_free(&b);
}
END_TEST

/* A report written in pieces: the old file stays until commit; abort leaves it and no temporary. */
START_TEST(write_stream_pieces)
{
	struct iot_diags d;
	struct iot_write_stream *s;
	char path[128];
	char *got;
	int fd;

	iot_diags_init(&d);
	snprintf(path, sizeof(path), "%s/report", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "old\n", 4), 4);
	close(fd);

	s = iot_write_stream_open(path, &d);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(iot_write_stream_write(s, "one ", 4), 0);
	got = slurp(path);
	ck_assert_str_eq(got, "old\n"); /* nothing visible before commit */
	free(got);
	ck_assert_int_eq(iot_write_stream_write(s, "two\n", 4), 0);
	ck_assert_int_eq(iot_write_stream_commit(s, &d), 0);
	got = slurp(path);
	ck_assert_str_eq(got, "one two\n");
	free(got);
	ck_assert_int_eq(count_entries(), 1);

	s = iot_write_stream_open(path, &d);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(iot_write_stream_write(s, "partial", 7), 0);
	iot_write_stream_abort(s);
	got = slurp(path);
	ck_assert_str_eq(got, "one two\n");
	free(got);
	ck_assert_int_eq(count_entries(), 1);

	/* a device is written in place */
	s = iot_write_stream_open("/dev/null", &d);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(iot_write_stream_write(s, "x", 1), 0);
	ck_assert_int_eq(iot_write_stream_commit(s, &d), 0);
	ck_assert_uint_eq(d.n_errors, 0);
	iot_diags_free(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, populate_keeps_bytes);
	tcase_add_test(tc, diag_text_format);
	tcase_add_test(tc, diag_limit);
	tcase_add_test(tc, atomic_write_replaces);
#ifdef IOTOPO_TEST_HOOKS
	tcase_add_test(tc, atomic_write_fails_midway);
	tcase_add_test(tc, atomic_write_fails_fresh);
#endif
	tcase_add_test(tc, atomic_write_missing_dir);
	tcase_add_test(tc, write_set_commit_discard);
	tcase_add_test(tc, write_set_in_place_failure_changes_nothing);
	tcase_add_test(tc, write_through_symlink);
	tcase_add_test(tc, write_in_place_kinds);
	tcase_add_test(tc, read_missing_and_dir);
	tcase_add_test(tc, detect_kinds);
	tcase_add_test(tc, buf_le_and_printf);
	tcase_add_test(tc, utf8_and_json_strings);
	tcase_add_test(tc, write_stream_pieces);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
