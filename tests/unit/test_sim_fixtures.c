// SPDX-License-Identifier: MIT
/*
 * The judge: for every case, kernel and state in the real-kernel fixtures
 * (tests/fixtures, copied from the captures; IOTOPO_FIXTURES overrides),
 * the predicted partition into IOMMU groups (and the set of devices with no
 * group) must equal what that kernel formed.  Group numbers are compared too
 * (kernel-rules.md B5).  The PCI hierarchy comes from the snapshot's config
 * space and driver links; the firmware is built here from case.txt.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/model.h"
#include "sim/sim.h"
#include "sim_fixture.h"
#include "util/buf.h"
#include "util/mem.h"

#ifndef IOTOPO_FIXTURES_DIR
#define IOTOPO_FIXTURES_DIR IOTOPO_SRC_DIR "/tests/fixtures"
#endif

static void add_map(struct iot_topology *t, int iommu)
{
	for (size_t i = 0; i < t->n_roots; i++)
		iot_idmap_add(&t->roots[i].iommu_map, 0, 0x10000, iommu, 0);
}

/* The firmware of each QEMU machine (case.txt), as QEMU 7.2 builds it. */
static enum iot_fw_kind build_firmware(const char *cas, struct iot_topology *t)
{
	struct iot_iommu *u = iot_add_iommu(t);
	int idx = (int)t->n_iommus - 1;

	if (!strncmp(cas, "arm-", 4)) {
		/* virt,iommu=smmuv3: iommu-map = <0x0 &smmu 0x0 0x10000> / IORT RC -> SMMUv3 */
		u->name = iot_strdup("smmuv3");
		u->model = IOT_IOMMU_SMMUV3;
		u->base = 0x9050000;
		add_map(t, idx);
		if (strstr(cas, "-dt")) {
			for (size_t i = 0; i < t->n_roots; i++)
				t->roots[i].dt_path = iot_strdup("/pcie@10000000");
			return IOT_FW_DT;
		}
		for (size_t i = 0; i < t->n_roots; i++)
			t->roots[i].acpi_path = iot_strdup("\\_SB_.PCI0");
		return IOT_FW_ACPI;
	}
	if (strstr(cas, "-viot-")) {
		/* -device virtio-iommu-pci,addr=01.0; VIOT PCI range: all RIDs, endpoint = RID */
		u->name = iot_strdup("viommu");
		u->model = IOT_IOMMU_VIRTIO_PCI;
		u->pci_segment = 0;
		u->pci_bdf = 0x08;
		add_map(t, idx);
		return IOT_FW_ACPI;
	}
	/* -device intel-iommu: one DRHD for segment 0 */
	u->name = iot_strdup("dmar0");
	u->model = IOT_IOMMU_INTEL_VTD;
	return IOT_FW_ACPI;
}

struct line {
	char *s;
	int num;
};

static int line_cmp(const void *a, const void *b)
{
	return strcmp(((const struct line *)a)->s, ((const struct line *)b)->s);
}

/* canonical partition: sorted "member member ..." lines, then "none: ..." */
static char *canon(struct line *l, size_t n, char **none, size_t n_none, bool numbered)
{
	struct iot_buf b;

	iot_buf_init(&b);
	qsort(l, n, sizeof(*l), line_cmp);
	for (size_t i = 0; i < n; i++) {
		if (numbered)
			iot_buf_printf(&b, "%d: ", l[i].num);
		iot_buf_printf(&b, "%s\n", l[i].s);
	}
	qsort(none, n_none, sizeof(*none), fx_name_cmp);
	iot_buf_adds(&b, "none:");
	for (size_t i = 0; i < n_none; i++)
		iot_buf_printf(&b, " %s", none[i]);
	iot_buf_addc(&b, '\n');
	return (char *)b.data;
}

static char *expected(const char *snap, const struct iot_topology *t, bool numbered)
{
	char dir[1024];
	struct line l[512];
	char *none[512], *names[512];
	size_t n = 0, n_none = 0, n_names = 0;
	DIR *dd, *gd;
	struct dirent *de, *ge;

	snprintf(dir, sizeof(dir), "%s/sys/kernel/iommu_groups", snap);
	dd = opendir(dir);
	while (dd && (de = readdir(dd)) && n < 512) {
		char gdir[1300];
		struct iot_buf b;
		size_t k = 0;
		char *mem[256];

		if (de->d_name[0] == '.')
			continue;
		snprintf(gdir, sizeof(gdir), "%s/%s/devices", dir, de->d_name);
		gd = opendir(gdir);
		while (gd && (ge = readdir(gd)) && k < 256)
			if (ge->d_name[0] != '.')
				mem[k++] = iot_strdup(ge->d_name);
		if (gd)
			closedir(gd);
		qsort(mem, k, sizeof(*mem), fx_name_cmp);
		iot_buf_init(&b);
		for (size_t i = 0; i < k; i++) {
			iot_buf_printf(&b, "%s%s", i ? " " : "", mem[i]);
			if (n_names < 512)
				names[n_names++] = mem[i];
			else
				free(mem[i]);
		}
		l[n].s = (char *)iot_buf_str(&b);
		l[n].num = atoi(de->d_name);
		n++;
	}
	if (dd)
		closedir(dd);
	for (size_t r = 0; r < t->n_roots; r++)
		for (size_t i = 0; i < t->roots[r].n_devs; i++) {
			char nm[16];
			bool found = false;
			const struct iot_pci_dev *p = &t->roots[r].devs[i];

			snprintf(nm, sizeof(nm), "%04x:%02x:%02x.%x", t->roots[r].segment, p->bus,
				 p->devfn >> 3, p->devfn & 7);
			for (size_t k = 0; k < n_names && !found; k++)
				found = !strcmp(names[k], nm);
			if (!found && n_none < 512)
				none[n_none++] = iot_strdup(nm);
		}
	char *res = canon(l, n, none, n_none, numbered);

	for (size_t i = 0; i < n; i++)
		free(l[i].s);
	for (size_t i = 0; i < n_none; i++)
		free(none[i]);
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	return res;
}

static char *predicted(const struct iot_sim_result *r, bool numbered)
{
	struct line *l = iot_xcalloc(r->n_groups + 1, sizeof(*l));
	char **none = iot_xcalloc(r->n_devs + 1, sizeof(char *));
	size_t n = 0, n_none = 0;

	for (size_t g = 0; g < r->n_groups; g++) {
		char *mem[256];
		size_t k = 0;
		struct iot_buf b;

		if (r->groups[g].first < 0)
			continue;
		for (int s = r->groups[g].first; s >= 0 && k < 256; s = r->devs[s].next_in_group)
			mem[k++] = (char *)r->devs[s].name;
		qsort(mem, k, sizeof(*mem), fx_name_cmp);
		iot_buf_init(&b);
		for (size_t i = 0; i < k; i++)
			iot_buf_printf(&b, "%s%s", i ? " " : "", mem[i]);
		l[n].s = (char *)iot_buf_str(&b);
		l[n].num = r->groups[g].id;
		n++;
	}
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].is_pci && r->devs[s].group < 0)
			none[n_none++] = (char *)r->devs[s].name;
	char *res = canon(l, n, none, n_none, numbered);

	for (size_t i = 0; i < n; i++)
		free(l[i].s);
	free(l);
	free(none);
	return res;
}

static int n_checked, n_failed, n_num_failed;

/* Predict @snap's groups (from @input's hierarchy) and compare with @judge's. */
static void check_one(const char *cas, const char *rel, const char *input, const char *judge,
		      enum iot_sim_state state)
{
	struct iot_topology t;
	struct iot_sim_result r;
	struct iot_sim_opts o = { .state = state };
	struct iot_diags d;
	char *osr, *cmd, *exp, *got, *expn, *gotn;

	iot_topology_init(&t);
	iot_diags_init(&d);
	ck_assert_int_eq(fx_load_pci(input, &t), 0);
	o.firmware = build_firmware(cas, &t);
	osr = fx_slurp(input, "proc/sys/kernel/osrelease", NULL);
	cmd = fx_slurp(input, "proc/cmdline", NULL);
	o.kernel = osr;
	o.cmdline = cmd;
	ck_assert_int_eq(iot_sim_run(&t, &o, &r, &d), 0);
	exp = expected(judge, &t, false);
	got = predicted(&r, false);
	expn = expected(judge, &t, true);
	gotn = predicted(&r, true);
	n_checked++;
	if (strcmp(exp, got)) {
		n_failed++;
		fprintf(stderr, "MISMATCH %s %s (%s, from %s)\n--- kernel\n%s--- predicted\n%s",
			cas, rel, state == IOT_STATE_FINAL ? "--state final" : "boot", input, exp,
			got);
	} else if (strcmp(expn, gotn)) {
		n_num_failed++;
		fprintf(stderr, "NUMBERING %s %s (%s)\n--- kernel\n%s--- predicted\n%s", cas, rel,
			state == IOT_STATE_FINAL ? "final" : "boot", expn, gotn);
	}
	free(exp);
	free(got);
	free(expn);
	free(gotn);
	free(osr);
	free(cmd);
	iot_sim_free(&r);
	iot_diags_free(&d);
	iot_topology_free(&t);
}

START_TEST(fixtures_agree)
{
	const char *root =
		getenv("IOTOPO_FIXTURES") ? getenv("IOTOPO_FIXTURES") : IOTOPO_FIXTURES_DIR;
	DIR *cd = opendir(root), *rd;
	struct dirent *ce, *re;

	ck_assert_msg(cd != NULL, "no fixtures at %s", root);
	while ((ce = readdir(cd))) {
		char cdir[1024];

		if (ce->d_name[0] == '.')
			continue;
		snprintf(cdir, sizeof(cdir), "%s/%s", root, ce->d_name);
		rd = opendir(cdir);
		if (!rd)
			continue;
		while ((re = readdir(rd))) {
			char boot[1400], final[1400];
			struct stat st;

			if (re->d_name[0] == '.')
				continue;
			snprintf(boot, sizeof(boot), "%s/%s/boot", cdir, re->d_name);
			snprintf(final, sizeof(final), "%s/%s/final", cdir, re->d_name);
			if (stat(boot, &st) || stat(final, &st))
				continue;
			/* each snapshot judged by itself (its own driver links) */
			check_one(ce->d_name, re->d_name, boot, boot, IOT_STATE_BOOT);
			check_one(ce->d_name, re->d_name, final, final, IOT_STATE_BOOT);
			/* --state final from the boot snapshot predicts final/ */
			check_one(ce->d_name, re->d_name, boot, final, IOT_STATE_FINAL);
		}
		closedir(rd);
	}
	closedir(cd);
	fprintf(stderr, "fixtures: %d checked, %d partitions differ, %d numberings differ\n",
		n_checked, n_failed, n_num_failed);
	ck_assert_int_ge(n_checked, 45);
	ck_assert_int_eq(n_failed, 0);
	ck_assert_int_eq(n_num_failed, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sim_fixtures");
	TCase *tc = tcase_create("fixtures");

	tcase_set_timeout(tc, 60);
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
