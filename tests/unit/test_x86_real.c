// SPDX-License-Identifier: MIT
/*
 * The DMAR and IVRS readers on real firmware, in one process (so the sanitize
 * and valgrind stages watch every table): each table of the real corpus
 * (tests/fixtures/x86/real, every distinct DMAR and IVRS of the linuxhw/ACPI
 * dataset, README there) is read from a buffer of exactly its size (ASan sees
 * any over-read) with its machine's MADT, must be read without refusal, goes
 * through the x86 checks, and its YAML must load back to the same YAML.  The
 * DMAR and IVRS fuzz seeds and regressions (tests/fuzz/corpus) are replayed
 * the same way, where refusal is allowed.  Verdicts per table are pinned by
 * script/x86-real-corpus; this test is about memory and round trips.
 */
#include <check.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "x86/x86.h"
#include "yaml/yaml.h"

typedef int (*reader_fn)(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
			 struct iot_diags *d);

/* @path's bytes in a buffer of exactly their size; NULL if it cannot be read */
static uint8_t *read_exact(const char *path, size_t *len)
{
	struct iot_diags d;
	uint8_t *data, *exact;

	iot_diags_init(&d);
	if (iot_read_file(path, &data, len, &d) < 0) {
		iot_diags_free(&d);
		return NULL;
	}
	iot_diags_free(&d);
	exact = iot_xmalloc(*len ? *len : 1);
	memcpy(exact, data, *len);
	free(data);
	return exact;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in @dir, sorted; *@n of them. */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	ck_assert_msg(dp != NULL, "cannot open %s", dir);
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		iot_grow((void **)&v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = iot_strdup(e->d_name);
	}
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_name);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* One table (and its MADT if @madt exists); @must_read: no refusal allowed. */
static void one(const char *path, const char *madt, reader_fn read, bool must_read)
{
	struct iot_topology t, back;
	struct iot_diags d;
	struct iot_buf y;
	uint8_t *data, *mdata = NULL;
	size_t len, mlen = 0;
	int rc;

	data = read_exact(path, &len);
	ck_assert_msg(data != NULL, "cannot read %s", path);
	if (madt)
		mdata = read_exact(madt, &mlen);
	iot_topology_init(&t);
	iot_diags_init(&d);
	rc = read(data, len, path, &t, &d);
	if (must_read)
		ck_assert_msg(rc == 0, "%s: refused", path);
	if (rc == 0 && mdata)
		ck_assert_msg(iot_madt_read(mdata, mlen, madt, &t, &d) == 0, "%s: MADT refused",
			      madt);
	if (rc == 0) {
		iot_x86_check(&t, &d);
		/* decode's YAML loads back to the same model */
		iot_buf_init(&y);
		iot_yaml_emit(&t, &y);
		iot_topology_init(&back);
		if (must_read && !d.n_errors) {
			struct iot_diags yd;
			struct iot_buf y2;

			iot_diags_init(&yd);
			iot_buf_init(&y2);
			ck_assert_msg(iot_yaml_load("decoded.yaml", (const uint8_t *)y.data, y.len,
						    &back, &yd) == 0,
				      "%s: its YAML does not load", path);
			iot_yaml_emit(&back, &y2);
			ck_assert_msg(y.len == y2.len && !memcmp(y.data, y2.data, y.len),
				      "%s: its YAML does not load back to itself", path);
			iot_buf_free(&y2);
			iot_diags_free(&yd);
		}
		iot_topology_free(&back);
		iot_buf_free(&y);
	}
	iot_topology_free(&t);
	iot_diags_free(&d);
	free(mdata);
	free(data);
}

static size_t run_dir(const char *sub, const char *madt_sub, reader_fn read, bool must_read)
{
	char *dir = iot_asprintf(IOTOPO_SRC_DIR "/%s", sub);
	size_t n;
	char **names = list_dir(dir, &n);

	for (size_t i = 0; i < n; i++) {
		char *path = iot_asprintf("%s/%s", dir, names[i]);
		char *madt =
			madt_sub ? iot_asprintf(IOTOPO_SRC_DIR "/%s/%s", madt_sub, names[i]) : NULL;

		one(path, madt, read, must_read);
		free(madt);
		free(path);
	}
	free_list(names, n);
	free(dir);
	return n;
}

START_TEST(real_dmar)
{
	ck_assert_uint_ge(run_dir("tests/fixtures/x86/real/DMAR", "tests/fixtures/x86/real/APIC",
				  iot_dmar_read, true),
			  300);
}
END_TEST

START_TEST(real_ivrs)
{
	ck_assert_uint_ge(run_dir("tests/fixtures/x86/real/IVRS", "tests/fixtures/x86/real/APIC",
				  iot_ivrs_read, true),
			  100);
}
END_TEST

START_TEST(fuzz_corpus_replay)
{
	ck_assert_uint_gt(run_dir("tests/fuzz/corpus/dmar", NULL, iot_dmar_read, false), 3);
	ck_assert_uint_gt(run_dir("tests/fuzz/corpus/ivrs", NULL, iot_ivrs_read, false), 3);
}
END_TEST

static Suite *x86_real_suite(void)
{
	Suite *s = suite_create("x86_real");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, real_dmar);
	tcase_add_test(tc, real_ivrs);
	tcase_add_test(tc, fuzz_corpus_replay);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(x86_real_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
