// SPDX-License-Identifier: MIT
/*
 * The bad DMAR/IVRS corpus: every tests/cases/x86-bad-NAME/input (written by
 * tests/fixtures/x86/gen-bad-tables.py) must load with exactly the
 * diagnostics in its `stderr` file and fail (exit file "2") or not, as
 * `iotopo decode input` run in that directory would.  IOTOPO_UPDATE=1
 * rewrites the expectations (review the diff).
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/load.h"
#include "util/file.h"

#define CASES IOTOPO_SRC_DIR "/tests/cases"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = calloc(1, (size_t)n + 1);
	if (fread(s, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	s[n] = '\0';
	fclose(f);
	return s;
}

static void spill(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	fputs(s, f);
	fclose(f);
}

/* Load "input" from the current directory as decode would; returns its exit code. */
static int run_case(char **out)
{
	struct iot_topology t;
	struct iot_diags d;
	size_t len;
	FILE *m;
	int rc;

	iot_topology_init(&t);
	iot_diags_init(&d);
	rc = iot_load_input("input", &t, NULL, &d) < 0 ? 2 : 0;
	m = open_memstream(out, &len);
	iot_diags_fprint(m, &d);
	fclose(m);
	iot_topology_free(&t);
	iot_diags_free(&d);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(bad_corpus)
{
	bool update = getenv("IOTOPO_UPDATE") && !strcmp(getenv("IOTOPO_UPDATE"), "1");
	char *names[512];
	size_t n = 0, failed = 0;
	char cwd[4096];
	struct dirent *e;
	DIR *dir = opendir(CASES);

	ck_assert_ptr_nonnull(dir);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	while ((e = readdir(dir)) && n < 512)
		if (!strncmp(e->d_name, "x86-bad-", 8))
			names[n++] = strdup(e->d_name);
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_str);
	ck_assert_uint_ge(n, 20);
	for (size_t i = 0; i < n; i++) {
		char path[4200], *got = NULL, *want, *want_exit;
		int rc, want_rc;

		snprintf(path, sizeof(path), "%s/%s", CASES, names[i]);
		ck_assert_int_eq(chdir(path), 0);
		rc = run_case(&got);
		want = slurp("stderr");
		want_exit = slurp("exit");
		want_rc = want_exit ? atoi(want_exit) : 0;
		if (update) {
			spill("stderr", got);
			if (rc)
				spill("exit", rc == 2 ? "2\n" : "1\n");
			else
				unlink("exit");
		} else if (!want || strcmp(want, got) || rc != want_rc) {
			fprintf(stderr, "%s: exit %d (want %d)\n--- got:\n%s--- want:\n%s", names[i],
				rc, want_rc, got, want ? want : "(no stderr file)\n");
			failed++;
		}
		free(got);
		free(want);
		free(want_exit);
		free(names[i]);
	}
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_uint_eq(failed, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x86_bad");
	TCase *tc = tcase_create("corpus");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, bad_corpus);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
