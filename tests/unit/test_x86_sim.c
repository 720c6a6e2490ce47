// SPDX-License-Identifier: MIT
/*
 * intel-iommu and amd-iommu in the simulator.  The judge: for the
 * x86-intel fixtures (QEMU q35 + intel-iommu under Linux 6.1, 6.12, 7.2),
 * the hierarchy from the capture and the capture's own DMAR table must
 * predict exactly the groups (members and numbers) and the group-less
 * devices the kernel formed.  Then each driver rule on built topologies.
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
#include "util/file.h"
#include "util/mem.h"
#include "x86/x86.h"

#define FIXTURES IOTOPO_SRC_DIR "/tests/fixtures"

#define str_cmp fx_name_cmp

/* "N: a b c" per group sorted by member list, then "none: ..." */
static char *canon(char **lines, size_t n, char **none, size_t n_none)
{
	struct iot_buf b;

	iot_buf_init(&b);
	qsort(lines, n, sizeof(*lines), str_cmp);
	for (size_t i = 0; i < n; i++)
		iot_buf_printf(&b, "%s\n", strchr(lines[i], '|') + 1);
	qsort(none, n_none, sizeof(*none), str_cmp);
	iot_buf_adds(&b, "none:");
	for (size_t i = 0; i < n_none; i++)
		iot_buf_printf(&b, " %s", none[i]);
	iot_buf_addc(&b, '\n');
	return (char *)iot_buf_str(&b);
}

/* members sorted, then "|N: members" so lines sort by members */
static char *group_line(char **mem, size_t k, int id)
{
	struct iot_buf b;

	iot_buf_init(&b);
	qsort(mem, k, sizeof(*mem), str_cmp);
	for (size_t i = 0; i < k; i++)
		iot_buf_printf(&b, "%s%s", i ? " " : "", mem[i]);
	iot_buf_printf(&b, "|%d:", id);
	for (size_t i = 0; i < k; i++)
		iot_buf_printf(&b, " %s", mem[i]);
	return (char *)iot_buf_str(&b);
}

static char *kernel_groups(const char *snap, const struct iot_topology *t)
{
	char dir[1100], *lines[256], *none[512], *all[512];
	size_t n = 0, n_none = 0, n_all = 0;
	struct dirent *de, *ge;
	DIR *dd, *gd;
	char *res;

	snprintf(dir, sizeof(dir), "%s/sys/kernel/iommu_groups", snap);
	dd = opendir(dir);
	ck_assert_ptr_nonnull(dd);
	while ((de = readdir(dd)) && n < 256) {
		char gdir[1400], *mem[64];
		size_t k = 0;

		if (de->d_name[0] == '.')
			continue;
		snprintf(gdir, sizeof(gdir), "%s/%s/devices", dir, de->d_name);
		gd = opendir(gdir);
		while (gd && (ge = readdir(gd)) && k < 64)
			if (ge->d_name[0] != '.')
				mem[k++] = iot_strdup(ge->d_name);
		if (gd)
			closedir(gd);
		lines[n++] = group_line(mem, k, atoi(de->d_name));
		for (size_t i = 0; i < k && n_all < 512; i++)
			all[n_all++] = mem[i];
	}
	closedir(dd);
	for (size_t r = 0; r < t->n_roots; r++)
		for (size_t i = 0; i < t->roots[r].n_devs && n_none < 512; i++) {
			const struct iot_pci_dev *p = &t->roots[r].devs[i];
			char nm[16];
			bool in = false;

			snprintf(nm, sizeof(nm), "%04x:%02x:%02x.%x", t->roots[r].segment, p->bus,
				 p->devfn >> 3, p->devfn & 7);
			for (size_t k = 0; k < n_all && !in; k++)
				in = !strcmp(all[k], nm);
			if (!in)
				none[n_none++] = iot_strdup(nm);
		}
	res = canon(lines, n, none, n_none);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	for (size_t i = 0; i < n_none; i++)
		free(none[i]);
	for (size_t i = 0; i < n_all; i++)
		free(all[i]);
	return res;
}

static char *predicted_groups(const struct iot_sim_result *r)
{
	char **lines = iot_xcalloc(r->n_groups + 1, sizeof(char *));
	char **none = iot_xcalloc(r->n_devs + 1, sizeof(char *));
	size_t n = 0, n_none = 0;
	char *res;

	for (size_t g = 0; g < r->n_groups; g++) {
		char *mem[64];
		size_t k = 0;

		if (r->groups[g].first < 0)
			continue;
		for (int s = r->groups[g].first; s >= 0 && k < 64; s = r->devs[s].next_in_group)
			mem[k++] = (char *)r->devs[s].name;
		lines[n++] = group_line(mem, k, r->groups[g].id);
	}
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].is_pci && r->devs[s].group < 0)
			none[n_none++] = (char *)r->devs[s].name;
	res = canon(lines, n, none, n_none);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(none);
	return res;
}

static int n_checked;

/* Predict @snap from its hierarchy and its own DMAR; compare with what Linux formed. */
static void judge(const char *snap, enum iot_sim_state state, const char *kernel_snap)
{
	struct iot_topology t;
	struct iot_sim_result r;
	struct iot_sim_opts o = { .state = state };
	struct iot_diags d;
	char path[1200], *osr, *cmd, *want, *got;
	uint8_t *data;
	size_t len;

	iot_topology_init(&t);
	iot_diags_init(&d);
	ck_assert_int_eq(fx_load_pci(snap, &t), 0);
	snprintf(path, sizeof(path), "%s/sys/firmware/acpi/tables/DMAR", snap);
	ck_assert_int_eq(iot_read_file(path, &data, &len, &d), 0);
	ck_assert_int_eq(iot_dmar_read(data, len, path, &t, &d), 0);
	free(data);
	osr = fx_slurp(snap, "proc/sys/kernel/osrelease", NULL);
	cmd = fx_slurp(snap, "proc/cmdline", NULL);
	o.kernel = osr;
	o.cmdline = cmd;
	ck_assert_int_eq(iot_sim_run(&t, &o, &r, &d), 0);
	want = kernel_groups(kernel_snap, &t);
	got = predicted_groups(&r);
	ck_assert_msg(!strcmp(want, got), "%s (%s):\n--- kernel\n%s--- predicted\n%s", snap,
		      state == IOT_STATE_FINAL ? "final" : "boot", want, got);
	n_checked++;
	free(want);
	free(got);
	free(osr);
	free(cmd);
	iot_sim_free(&r);
	iot_diags_free(&d);
	iot_topology_free(&t);
}

START_TEST(intel_fixtures_agree)
{
	static const char *const cases[] = { "x86-intel-a-rootbus", "x86-intel-c-pcie-pci-bridge" };

	for (size_t i = 0; i < IOT_ARRAY_SIZE(cases); i++) {
		char dir[600];
		struct dirent *e;
		DIR *dd;

		snprintf(dir, sizeof(dir), "%s/%s", FIXTURES, cases[i]);
		dd = opendir(dir);
		ck_assert_ptr_nonnull(dd);
		while ((e = readdir(dd))) {
			char boot[1100], final[1100];

			struct stat st;

			if (e->d_name[0] == '.')
				continue;
			snprintf(boot, sizeof(boot), "%s/%s/boot", dir, e->d_name);
			snprintf(final, sizeof(final), "%s/%s/final", dir, e->d_name);
			if (stat(boot, &st) || stat(final, &st))
				continue; /* case.txt */
			judge(boot, IOT_STATE_BOOT, boot);
			judge(final, IOT_STATE_BOOT, final);
			judge(boot, IOT_STATE_FINAL, final);
		}
		closedir(dd);
	}
	ck_assert_int_eq(n_checked, 18); /* 2 cases x 3 kernels x 3 views */
}
END_TEST

/* ---- driver rules on built topologies ---- */

static struct iot_topology t;
static struct iot_diags d;
static struct iot_sim_result r;
static bool ran;

static void setup(void)
{
	iot_topology_init(&t);
	iot_diags_init(&d);
	ran = false;
}

static void teardown(void)
{
	if (ran)
		iot_sim_free(&r);
	iot_topology_free(&t);
	iot_diags_free(&d);
}

static struct iot_pci_root *root0(void)
{
	struct iot_pci_root *rt = t.n_roots ? &t.roots[0] : iot_add_root(&t);

	if (!rt->name)
		rt->name = iot_strdup("pci0000");
	return rt;
}

static struct iot_pci_dev *ep(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t cls)
{
	struct iot_pci_dev *p = iot_root_add_dev(root0());

	p->bus = bus;
	p->devfn = (uint8_t)(dev << 3 | fn);
	p->type = IOT_PCI_ENDPOINT;
	p->class_code = cls;
	p->has_ids = true;
	p->vendor = 0x1af4;
	p->device = 0x1000;
	p->driver_known = true;
	return p;
}

static struct iot_iommu *drhd(bool include_all)
{
	struct iot_iommu *u = iot_add_iommu(&t);

	u->name = iot_asprintf("dmar%zu", t.n_iommus - 1);
	u->model = IOT_IOMMU_INTEL_VTD;
	u->base = 0xfed90000 + 0x1000 * (t.n_iommus - 1);
	u->x86.include_all = include_all;
	return u;
}

static void endpoint_scope(struct iot_x86_scope **v, size_t *n, uint8_t dev, uint8_t fn)
{
	struct iot_x86_scope *s = iot_x86_add_scope(v, n);

	s->kind = IOT_X86_SCOPE_ENDPOINT;
	s->raw_type = 1;
	s->n_path = 1;
	s->path = iot_xcalloc(1, sizeof(*s->path));
	s->path[0].dev = dev;
	s->path[0].fn = fn;
}

static struct iot_iommu *ivhd(void)
{
	struct iot_iommu *u = iot_add_iommu(&t);

	u->name = iot_asprintf("ivhd%zu", t.n_iommus - 1);
	u->model = IOT_IOMMU_AMD_VI;
	u->x86.ivhd_type = 0x11;
	u->x86.iommu_devid = 0x0002;
	return u;
}

static void ivhd_entry(struct iot_iommu *u, enum iot_x86_scope_kind k, uint16_t first,
		       uint16_t last, uint16_t alias)
{
	struct iot_x86_scope *s = iot_x86_add_scope(&u->x86.scopes, &u->x86.n_scopes);

	s->kind = k;
	s->first = first;
	s->last = last;
	s->alias = alias;
}

static void run(const char *cmdline)
{
	struct iot_sim_opts o = { .kernel = "6.12.118+deb13-amd64", .cmdline = cmdline };

	ck_assert_int_eq(iot_sim_run(&t, &o, &r, &d), 0);
	ran = true;
}

static int group_of(const char *name)
{
	int s = iot_sim_find_dev(&r, name);

	ck_assert_int_ge(s, 0);
	return r.devs[s].group;
}

/* A DRHD that scopes only 00:02.0: 00:03.0 has no IOMMU and no group */
START_TEST(intel_scope_limits_coverage)
{
	struct iot_iommu *u;

	ep(0, 2, 0, 0x020000);
	ep(0, 3, 0, 0x020000);
	u = drhd(false);
	endpoint_scope(&u->x86.scopes, &u->x86.n_scopes, 2, 0);
	run(NULL);
	ck_assert_int_ge(group_of("00:02.0"), 0);
	ck_assert_int_lt(group_of("00:03.0"), 0);
	ck_assert_int_eq(r.devs[iot_sim_find_dev(&r, "00:03.0")].verdict, IOT_VERDICT_NO_IOMMU);
}
END_TEST

/* Two scoped DRHDs: groups are numbered in device order, not unit by unit (B4/B5) */
START_TEST(intel_numbering_follows_add_order)
{
	struct iot_iommu *u;

	ep(0, 2, 0, 0x020000);
	ep(0, 3, 0, 0x020000);
	ep(0, 4, 0, 0x020000);
	u = drhd(false);
	endpoint_scope(&u->x86.scopes, &u->x86.n_scopes, 3, 0);
	u = drhd(false);
	endpoint_scope(&u->x86.scopes, &u->x86.n_scopes, 2, 0);
	endpoint_scope(&u->x86.scopes, &u->x86.n_scopes, 4, 0);
	run(NULL);
	ck_assert_int_eq(r.groups[group_of("00:02.0")].id, 0);
	ck_assert_int_eq(r.groups[group_of("00:03.0")].id, 1);
	ck_assert_int_eq(r.groups[group_of("00:04.0")].id, 2);
	ck_assert_int_eq(r.groups[group_of("00:03.0")].iommu, 0);
	ck_assert_int_eq(r.groups[group_of("00:04.0")].iommu, 1);
}
END_TEST

START_TEST(intel_iommu_off_and_pt)
{
	ep(0, 2, 0, 0x020000);
	drhd(true);
	run("intel_iommu=off");
	ck_assert_int_lt(group_of("00:02.0"), 0);
	iot_sim_free(&r);
	run("intel_iommu=on iommu=pt");
	ck_assert_int_eq(r.groups[group_of("00:02.0")].domain, IOT_DOMAIN_IDENTITY);
	iot_sim_free(&r);
	run("intel_iommu=on");
	ck_assert_int_eq(r.groups[group_of("00:02.0")].domain, IOT_DOMAIN_DMA_FQ);
	iot_sim_free(&r);
	run("iommu=off");
	ck_assert_int_lt(group_of("00:02.0"), 0);
}
END_TEST

/* igfx_off: a DRHD scoping only the GPU is ignored; the INCLUDE_PCI_ALL one still works */
START_TEST(intel_igfx_off)
{
	struct iot_iommu *u;

	ep(0, 2, 0, 0x030000);
	ep(0, 3, 0, 0x020000);
	u = drhd(false);
	endpoint_scope(&u->x86.scopes, &u->x86.n_scopes, 2, 0);
	drhd(true);
	run("intel_iommu=on,igfx_off");
	ck_assert_int_lt(group_of("00:02.0"), 0);
	ck_assert_int_ge(group_of("00:03.0"), 0);
	iot_sim_free(&r);
	run("intel_iommu=on");
	ck_assert_int_eq(r.devs[iot_sim_find_dev(&r, "00:02.0")].iommu, 0);
}
END_TEST

/* An RMRR on a NIC makes its group need a direct mapping; on a USB controller it is relaxable */
START_TEST(intel_rmrr_direct)
{
	struct iot_x86_entry *e;

	ep(0, 2, 0, 0x020000);
	ep(0, 0x14, 0, 0x0c0330);
	drhd(true);
	e = iot_add_x86_entry(&t);
	e->kind = IOT_X86_RMRR;
	e->base = 0x7c000000;
	e->end = 0x7c7fffff;
	endpoint_scope(&e->scopes, &e->n_scopes, 2, 0);
	endpoint_scope(&e->scopes, &e->n_scopes, 0x14, 0);
	run(NULL);
	ck_assert(r.groups[group_of("00:02.0")].require_direct);
	ck_assert(!r.groups[group_of("00:14.0")].require_direct);
}
END_TEST

/*
 * amd/iommu.c:setup_aliases: an IVRS alias on the device's bus is a DMA
 * alias, so pci_device_group puts 00:03.0 into 00:02.0's group; on another
 * bus it is not.
 */
START_TEST(amd_alias_joins_group)
{
	struct iot_iommu *u;

	ep(0, 2, 0, 0x020000);
	ep(0, 3, 0, 0x020000);
	u = ivhd();
	ivhd_entry(u, IOT_X86_SCOPE_IDS, 0x0000, 0x00ff, 0);
	ivhd_entry(u, IOT_X86_SCOPE_ALIAS, 0x0018, 0x0018, 0x0010);
	run(NULL);
	ck_assert_int_ge(group_of("00:02.0"), 0);
	ck_assert_int_eq(group_of("00:03.0"), group_of("00:02.0"));
	iot_sim_free(&r);
	u = &t.iommus[0];
	u->x86.scopes[1].alias = 0x0110; /* 01:02.0: another bus */
	run(NULL);
	ck_assert_int_ne(group_of("00:03.0"), group_of("00:02.0"));
}
END_TEST

START_TEST(amd_coverage_off_and_superseded)
{
	struct iot_iommu *u, *old;

	ep(0, 2, 0, 0x020000);
	ep(0, 3, 0, 0x020000);
	ep(0, 0, 2, 0x080600); /* the IOMMU's own function */
	old = ivhd();
	old->x86.ivhd_type = 0x10;
	old->x86.superseded = true;
	ivhd_entry(old, IOT_X86_SCOPE_ALL, 0, 0xffff, 0);
	u = ivhd();
	ivhd_entry(u, IOT_X86_SCOPE_IDS, 0x0000, 0x0017, 0);
	run(NULL);
	ck_assert(!r.iommu_registered[0]);
	ck_assert(r.iommu_registered[1]);
	ck_assert_int_ge(group_of("00:02.0"), 0);
	ck_assert_int_lt(group_of("00:03.0"), 0); /* 0x18: no entry */
	ck_assert_int_lt(group_of("00:00.2"), 0); /* not translated by itself */
	iot_sim_free(&r);
	run("amd_iommu=off");
	ck_assert_int_lt(group_of("00:02.0"), 0);
}
END_TEST

START_TEST(amd_ivmd_unity_direct)
{
	struct iot_x86_entry *e;
	struct iot_iommu *u;

	ep(0, 2, 0, 0x020000);
	ep(0, 3, 0, 0x020000);
	u = ivhd();
	ivhd_entry(u, IOT_X86_SCOPE_ALL, 0, 0xffff, 0);
	e = iot_add_x86_entry(&t);
	e->kind = IOT_X86_IVMD;
	e->raw_type = 0x21;
	e->flags = 0x07;
	e->first = e->last = 0x0018;
	e->base = 0x9d000000;
	e->end = 0x9d0fffff;
	run(NULL);
	ck_assert(r.groups[group_of("00:03.0")].require_direct);
	ck_assert(!r.groups[group_of("00:02.0")].require_direct);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("x86_sim");
	TCase *fx = tcase_create("fixtures");
	TCase *tc = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_set_timeout(fx, 60);
	tcase_add_test(fx, intel_fixtures_agree);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, intel_scope_limits_coverage);
	tcase_add_test(tc, intel_numbering_follows_add_order);
	tcase_add_test(tc, intel_iommu_off_and_pt);
	tcase_add_test(tc, intel_igfx_off);
	tcase_add_test(tc, intel_rmrr_direct);
	tcase_add_test(tc, amd_alias_joins_group);
	tcase_add_test(tc, amd_coverage_off_and_superseded);
	tcase_add_test(tc, amd_ivmd_unity_direct);
	suite_add_tcase(s, fx);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
