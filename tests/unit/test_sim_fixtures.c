// SPDX-License-Identifier: MIT
/*
 * The judge: for every case, kernel and state in the real-kernel fixtures
 * (tests/fixtures, copied from the captures; IOTOPO_FIXTURES overrides),
 * the predicted partition into IOMMU groups, each group's default domain
 * type (iommu_groups/N/type) and the set of devices with no group must equal
 * what that kernel formed.  Group numbers are compared too (kernel-rules.md
 * B5), SR-IOV VFs included: they were created after boot and numbered last.
 * Everything goes through the real readers: the snapshot directory is loaded
 * as `iotopo groups DIR` loads it (firmware tables or FDT, then the PCI
 * functions), and the kernel's groups are read by the sysfs reader.
 *
 * Views: each snapshot judged by itself; --state final from boot/ against
 * final/; and from each boot/ the --state final prediction for every other
 * kernel captured of the same machine (partitions and types: the machine and
 * command line are the same, only the kernel differs).
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/load.h"
#include "model/model.h"
#include "sim/sim.h"
#include "sysfs/sysfs.h"
#include "util/buf.h"
#include "util/mem.h"

#ifndef IOTOPO_FIXTURES_DIR
#define IOTOPO_FIXTURES_DIR IOTOPO_SRC_DIR "/tests/fixtures"
#endif

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct canon {
	char **lines; /* "TYPE: member member ..." (partition and domain type) */
	char **numbered; /* "N: member member ..." */
	size_t n;
	char **none; /* PCI functions in no group */
	size_t n_none;
};

static void canon_add(struct canon *c, size_t *cap, const char *type, int num, char **mem, size_t k)
{
	struct iot_buf a, b;

	if (k)
		qsort(mem, k, sizeof(*mem), str_cmp);
	iot_buf_init(&a);
	iot_buf_init(&b);
	iot_buf_printf(&a, "%s:", type ? type : "(no type file)");
	iot_buf_printf(&b, "%d:", num);
	for (size_t i = 0; i < k; i++) {
		iot_buf_printf(&a, " %s", mem[i]);
		iot_buf_printf(&b, " %s", mem[i]);
	}
	if (c->n + 1 > *cap) {
		*cap = *cap ? 2 * *cap : 16;
		c->lines = iot_xrealloc(c->lines, *cap * sizeof(char *));
		c->numbered = iot_xrealloc(c->numbered, *cap * sizeof(char *));
	}
	c->lines[c->n] = (char *)iot_buf_str(&a);
	c->numbered[c->n++] = (char *)iot_buf_str(&b);
}

/* One text per comparison, lines sorted: what a failure prints. */
static char *canon_text(struct canon *c, bool numbered)
{
	struct iot_buf b;
	char **v = numbered ? c->numbered : c->lines;

	if (c->n)
		qsort(v, c->n, sizeof(*v), str_cmp);
	if (c->n_none)
		qsort(c->none, c->n_none, sizeof(*c->none), str_cmp);
	iot_buf_init(&b);
	for (size_t i = 0; i < c->n; i++)
		iot_buf_printf(&b, "%s\n", v[i]);
	iot_buf_adds(&b, "none:");
	for (size_t i = 0; i < c->n_none; i++)
		iot_buf_printf(&b, " %s", c->none[i]);
	iot_buf_addc(&b, '\n');
	return (char *)iot_buf_str(&b);
}

static void canon_free(struct canon *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->lines[i]);
		free(c->numbered[i]);
	}
	free(c->lines);
	free(c->numbered);
	free(c->none);
}

/* The kernel's groups (sysfs reader), restricted to the model's PCI functions. */
static void expected(const struct iot_sysfs_groups *g, const struct iot_sim_result *r,
		     struct canon *c)
{
	size_t cap = 0;
	bool *in = iot_xcalloc(r->n_devs + 1, sizeof(bool));

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < g->n; i++) {
		char **mem = iot_xcalloc(g->v[i].n_devices + 1, sizeof(char *));
		size_t k = 0;

		for (size_t j = 0; j < g->v[i].n_devices; j++) {
			int s = iot_sim_find_dev(r, g->v[i].devices[j]);

			if (s >= 0 && r->devs[s].is_pci) {
				in[s] = true;
				mem[k++] = (char *)r->devs[s].name;
			}
		}
		if (k)
			canon_add(c, &cap, g->v[i].type_name, (int)g->v[i].number, mem, k);
		free(mem);
	}
	c->none = iot_xcalloc(r->n_devs + 1, sizeof(char *));
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].is_pci && !in[s])
			c->none[c->n_none++] = (char *)r->devs[s].name;
	free(in);
}

static void predicted(const struct iot_sim_result *r, struct canon *c)
{
	size_t cap = 0;
	char **mem = iot_xcalloc(r->n_devs + 1, sizeof(char *));

	memset(c, 0, sizeof(*c));
	for (size_t g = 0; g < r->n_groups; g++) {
		size_t k = 0;

		if (r->groups[g].first < 0)
			continue;
		for (int s = r->groups[g].first; s >= 0; s = r->devs[s].next_in_group)
			if (r->devs[s].is_pci)
				mem[k++] = (char *)r->devs[s].name;
		if (k)
			canon_add(c, &cap, iot_domain_type_name(r->groups[g].domain),
				  r->groups[g].id, mem, k);
	}
	free(mem);
	c->none = iot_xcalloc(r->n_devs + 1, sizeof(char *));
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].is_pci && r->devs[s].group < 0)
			c->none[c->n_none++] = (char *)r->devs[s].name;
}

static bool has_vfs(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_roots; i++)
		for (size_t j = 0; j < t->roots[i].n_devs; j++)
			if (t->roots[i].devs[j].is_vf)
				return true;
	return false;
}

static int n_checked, n_failed, n_num_checked, n_num_failed, n_types, n_vf_views;

/*
 * Predict from snapshot @input for @kernel (NULL: the snapshot's own) in
 * @state and compare with the groups in @judge.  @numbers: compare group
 * numbers as well.
 */
static void check_one(const char *view, const char *input, const char *judge, const char *kernel,
		      enum iot_sim_state state, bool numbers)
{
	struct iot_topology t;
	struct iot_sim_result r;
	struct iot_sim_opts o = { .state = state, .kernel = kernel };
	struct iot_sysfs_groups g;
	struct iot_diags d;
	struct canon ce, cp;
	char *exp, *got;

	iot_topology_init(&t);
	iot_diags_init(&d);
	ck_assert_msg(iot_load_input(input, &t, NULL, &d) == 0, "%s: cannot load", input);
	/* ACS control in a snapshot is what Linux enabled: forgotten, as `groups DIR` does */
	for (size_t i = 0; i < t.n_roots; i++)
		for (size_t j = 0; j < t.roots[i].n_devs; j++) {
			t.roots[i].devs[j].acs_ctrl = 0;
			t.roots[i].devs[j].acs_ctrl_set = false;
		}
	ck_assert_msg(iot_sim_run(&t, &o, &r, &d) == 0, "%s: simulation failed", input);
	ck_assert_msg(iot_sysfs_read_groups(judge, &g, &d) == 0, "%s: cannot read groups", judge);
	expected(&g, &r, &ce);
	predicted(&r, &cp);
	n_types += (int)ce.n;
	exp = canon_text(&ce, false);
	got = canon_text(&cp, false);
	n_checked++;
	if (strcmp(exp, got)) {
		n_failed++;
		fprintf(stderr, "MISMATCH %s\n--- kernel\n%s--- predicted\n%s", view, exp, got);
	} else if (numbers) {
		/*
		 * Views with SR-IOV VFs too: the VFs were created after boot
		 * (sriov_numvfs) and Linux numbered their groups after every
		 * boot-time group, as the simulator adds them.
		 */
		n_vf_views += has_vfs(&t);
		free(exp);
		free(got);
		exp = canon_text(&ce, true);
		got = canon_text(&cp, true);
		n_num_checked++;
		if (strcmp(exp, got)) {
			n_num_failed++;
			fprintf(stderr, "NUMBERING %s\n--- kernel\n%s--- predicted\n%s", view, exp,
				got);
		}
	}
	free(exp);
	free(got);
	canon_free(&ce);
	canon_free(&cp);
	iot_sysfs_groups_free(&g);
	iot_sim_free(&r);
	iot_diags_free(&d);
	iot_topology_free(&t);
}

static char *slurp_line(const char *dir, const char *rel)
{
	char p[2048], buf[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	f = fopen(p, "r");
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return iot_strdup(buf);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The kernel releases captured of case @cdir (sorted), each with boot/ and final/. */
static size_t releases(const char *cdir, char ***out)
{
	DIR *rd = opendir(cdir);
	struct dirent *re;
	char **v = NULL;
	size_t n = 0, cap = 0;

	while (rd && (re = readdir(rd))) {
		char b[1400], f[1400];

		if (re->d_name[0] == '.')
			continue;
		snprintf(b, sizeof(b), "%s/%s/boot", cdir, re->d_name);
		snprintf(f, sizeof(f), "%s/%s/final", cdir, re->d_name);
		if (!is_dir(b) || !is_dir(f))
			continue;
		iot_grow((void **)&v, &cap, n + 1, sizeof(*v));
		v[n++] = iot_strdup(re->d_name);
	}
	if (rd)
		closedir(rd);
	if (n)
		qsort(v, n, sizeof(*v), str_cmp);
	*out = v;
	return n;
}

START_TEST(fixtures_agree)
{
	const char *root =
		getenv("IOTOPO_FIXTURES") ? getenv("IOTOPO_FIXTURES") : IOTOPO_FIXTURES_DIR;
	DIR *cd = opendir(root);
	struct dirent *ce;
	int n_cross = 0;

	ck_assert_msg(cd != NULL, "no fixtures at %s", root);
	while ((ce = readdir(cd))) {
		char cdir[1024], **rel;
		size_t n_rel;

		if (ce->d_name[0] == '.')
			continue;
		snprintf(cdir, sizeof(cdir), "%s/%s", root, ce->d_name);
		if (!is_dir(cdir))
			continue;
		n_rel = releases(cdir, &rel);
		for (size_t i = 0; i < n_rel; i++) {
			char boot[1400], final[1400], view[1500];

			snprintf(boot, sizeof(boot), "%s/%s/boot", cdir, rel[i]);
			snprintf(final, sizeof(final), "%s/%s/final", cdir, rel[i]);
			/* each snapshot judged by itself (its own driver links) */
			snprintf(view, sizeof(view), "%s %s boot", ce->d_name, rel[i]);
			check_one(view, boot, boot, NULL, IOT_STATE_BOOT, true);
			snprintf(view, sizeof(view), "%s %s final", ce->d_name, rel[i]);
			check_one(view, final, final, NULL, IOT_STATE_BOOT, true);
			/* --state final from the boot snapshot predicts final/ */
			snprintf(view, sizeof(view), "%s %s boot --state final", ce->d_name,
				 rel[i]);
			check_one(view, boot, final, NULL, IOT_STATE_FINAL, true);
			/* and every other kernel captured of this machine */
			for (size_t j = 0; j < n_rel; j++) {
				char other[1400], *osr;

				if (j == i)
					continue;
				snprintf(other, sizeof(other), "%s/%s/final", cdir, rel[j]);
				osr = slurp_line(other, "proc/sys/kernel/osrelease");
				ck_assert_msg(osr != NULL, "%s: no osrelease", other);
				snprintf(view, sizeof(view), "%s %s boot --kernel %s --state final",
					 ce->d_name, rel[i], osr);
				check_one(view, boot, other, osr, IOT_STATE_FINAL, false);
				n_cross++;
				free(osr);
			}
		}
		for (size_t i = 0; i < n_rel; i++)
			free(rel[i]);
		free(rel);
	}
	closedir(cd);
	fprintf(stderr,
		"fixtures: %d views (%d across kernels), %d groups with a type; "
		"%d partitions or types differ; %d of %d numberings differ (%d views with "
		"SR-IOV VFs)\n",
		n_checked, n_cross, n_types, n_failed, n_num_failed, n_num_checked, n_vf_views);
	/* 14 cases: 38 snapshots (boot, final), x 3 views each, plus the cross-kernel ones */
	ck_assert_int_ge(n_checked, 180);
	ck_assert_int_eq(n_failed, 0);
	ck_assert_int_eq(n_num_failed, 0);
	/* the SR-IOV captures' views are numbered too (VFs added after boot) */
	ck_assert_int_ge(n_vf_views, 9);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sim_fixtures");
	TCase *tc = tcase_create("fixtures");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, fixtures_agree);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
