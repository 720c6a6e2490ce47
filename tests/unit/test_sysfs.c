// SPDX-License-Identifier: MIT
/*
 * The sysfs tree reader, the IOMMU group reader and the snapshot writer:
 * every real-kernel fixture, the same trees with real symbolic links, their
 * snapshots, and crafted trees with every kind of damage.
 */
#define _XOPEN_SOURCE 700
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/load.h"
#include "sysfs/snapshot.h"
#include "sysfs/sysfs.h"
#include "util/file.h"
#include "util/mem.h"

#define FIX IOTOPO_SRC_DIR "/tests/fixtures"
#define ARM_G FIX "/arm-g-smmuv3-dt/7.2.13+deb14-arm64/final"
#define ARM_G_61_BOOT FIX "/arm-g-smmuv3-dt/6.1.0-56-arm64/boot"

static struct iot_diags d;
static struct iot_topology t;
static char tmpdir[64];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void setup(void)
{
	iot_diags_init(&d);
	iot_topology_init(&t);
	strcpy(tmpdir, "/tmp/iotopo-test-sysfs-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	iot_diags_free(&d);
	iot_topology_free(&t);
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static bool diag_has(const char *needle)
{
	for (size_t i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, needle))
			return true;
	return false;
}

static void no_diags(void)
{
	if (d.n)
		iot_diags_fprint(stderr, &d);
	ck_assert_uint_eq(d.n, 0);
}

static size_t count_entries(const char *dir)
{
	DIR *dd = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!dd)
		return 0;
	while ((e = readdir(dd)))
		n += e->d_name[0] != '.';
	closedir(dd);
	return n;
}

/* Depth-first BDF order: parents first, subtrees contiguous, siblings ascending. */
static void check_structure(const struct iot_topology *tt)
{
	for (size_t r = 0; r < tt->n_roots; r++) {
		const struct iot_pci_root *root = &tt->roots[r];

		for (size_t i = 0; i < root->n_devs; i++) {
			const struct iot_pci_dev *v = &root->devs[i];
			int p = v->parent;

			ck_assert_int_lt(p, (int)i);
			if (p >= 0) {
				ck_assert(iot_pci_type_is_bridge(root->devs[p].type));
				ck_assert_uint_eq(v->bus, root->devs[p].secondary);
				/* everything between parent and child is in the parent's subtree */
				for (size_t j = (size_t)p + 1; j < i; j++) {
					int a = root->devs[j].parent;

					while (a > p)
						a = root->devs[a].parent;
					ck_assert_int_eq(a, p);
				}
			}
			for (size_t j = i + 1; j < root->n_devs; j++) {
				if (root->devs[j].parent != p)
					continue;
				ck_assert_uint_lt(iot_rid(v->bus, v->devfn),
						  iot_rid(root->devs[j].bus, root->devs[j].devfn));
				break;
			}
		}
	}
}

static size_t total_devs(const struct iot_topology *tt)
{
	size_t n = 0;

	for (size_t r = 0; r < tt->n_roots; r++)
		n += tt->roots[r].n_devs;
	return n;
}

static const struct iot_pci_dev *find_dev(const struct iot_topology *tt, const char *name,
					  int *index)
{
	for (size_t r = 0; r < tt->n_roots; r++) {
		for (size_t i = 0; i < tt->roots[r].n_devs; i++) {
			char n[16];

			iot_sysfs_dev_name(n, &tt->roots[r], &tt->roots[r].devs[i]);
			if (!strcmp(n, name)) {
				if (index)
					*index = (int)i;
				return &tt->roots[r].devs[i];
			}
		}
	}
	return NULL;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void same_model(const struct iot_topology *a, const struct iot_topology *b)
{
	ck_assert(same_str(a->kernel.version, b->kernel.version));
	ck_assert(same_str(a->kernel.cmdline, b->kernel.cmdline));
	ck_assert_uint_eq(a->n_roots, b->n_roots);
	for (size_t r = 0; r < a->n_roots; r++) {
		const struct iot_pci_root *x = &a->roots[r], *y = &b->roots[r];

		ck_assert_str_eq(x->name, y->name);
		ck_assert_uint_eq(x->segment, y->segment);
		ck_assert_uint_eq(x->bus_start, y->bus_start);
		ck_assert_uint_eq(x->bus_end, y->bus_end);
		ck_assert_uint_eq(x->n_devs, y->n_devs);
		for (size_t i = 0; i < x->n_devs; i++) {
			struct iot_pci_dev u = x->devs[i], v = y->devs[i];

			ck_assert(same_str(u.driver, v.driver));
			u.driver = v.driver = NULL;
			u.loc = v.loc = (struct iot_loc){ 0 };
			ck_assert_int_eq(memcmp(&u, &v, sizeof(u)), 0);
		}
	}
}

static int load(const char *root, struct iot_topology *tt, struct iot_sysfs_info *info)
{
	return iot_sysfs_load(root, tt, info, &d);
}

static void put_str(const char *root, const char *rel, const char *s);

/* ---- every fixture ---- */

static void check_fixture_view(const char *view, const char *release)
{
	struct iot_sysfs_info info;
	struct iot_sysfs_groups g;
	struct iot_topology tt;
	struct stat st;
	char *devs = iot_asprintf("%s/sys/bus/pci/devices", view);

	iot_topology_init(&tt);
	ck_assert_int_eq(load(view, &tt, &info), 0);
	no_diags();
	ck_assert_uint_gt(info.n_funcs, 0);
	ck_assert_uint_eq(info.n_funcs, count_entries(devs));
	ck_assert_uint_eq(total_devs(&tt), info.n_funcs);
	ck_assert_uint_eq(info.n_partial_config, 0);
	ck_assert_uint_eq(tt.n_roots, 1);
	ck_assert_str_eq(tt.kernel.version, release);
	ck_assert_ptr_nonnull(tt.kernel.cmdline);
	check_structure(&tt);
	for (size_t i = 0; i < tt.roots[0].n_devs; i++) {
		ck_assert(tt.roots[0].devs[i].driver_known);
		ck_assert_ptr_nonnull(tt.roots[0].devs[i].loc.file);
	}
	ck_assert_int_eq(iot_sysfs_read_groups(view, &g, &d), 0);
	no_diags();
	free(devs);
	devs = iot_asprintf("%s/sys/kernel/iommu_groups", view);
	/* x86-viot-c on 7.2 formed no groups at all: no directory, not an error */
	ck_assert_int_eq(g.present, stat(devs, &st) == 0);
	ck_assert_uint_eq(g.n, count_entries(devs));
	for (size_t i = 0; i < g.n; i++) {
		ck_assert_int_ne(g.v[i].type, IOT_SYSFS_DOMAIN_UNKNOWN);
		if (i)
			ck_assert_uint_lt(g.v[i - 1].number, g.v[i].number);
		for (size_t j = 0; j < g.v[i].n_devices; j++) {
			ck_assert_ptr_nonnull(find_dev(&tt, g.v[i].devices[j], NULL));
			ck_assert_ptr_eq(iot_sysfs_group_of(&g, g.v[i].devices[j]), &g.v[i]);
		}
	}
	iot_sysfs_groups_free(&g);
	iot_sysfs_info_free(&info);
	iot_topology_free(&tt);
	free(devs);
}

START_TEST(all_fixtures)
{
	DIR *cases = opendir(FIX);
	struct dirent *c;
	size_t views = 0;

	ck_assert_ptr_nonnull(cases);
	while ((c = readdir(cases))) {
		char *cdir = iot_asprintf("%s/%s", FIX, c->d_name);
		DIR *rels = c->d_name[0] == '.' ? NULL : opendir(cdir);
		struct dirent *r;

		while (rels && (r = readdir(rels))) {
			for (int v = 0; v < 2 && r->d_name[0] != '.'; v++) {
				char *view = iot_asprintf("%s/%s/%s", cdir, r->d_name,
							  v ? "final" : "boot");
				struct stat st;

				if (stat(view, &st) == 0 && S_ISDIR(st.st_mode)) {
					check_fixture_view(view, r->d_name);
					views++;
				}
				free(view);
			}
		}
		if (rels)
			closedir(rels);
		free(cdir);
	}
	closedir(cases);
	/* 14 cases, 38 kernel captures, boot and final; ops-x86-intel-deep: one final view */
	ck_assert_uint_eq(views, 77);
}
END_TEST

START_TEST(arm_g_hierarchy)
{
	const struct iot_pci_dev *v;
	int i, p;

	ck_assert_int_eq(load(ARM_G, &t, NULL), 0);
	ck_assert_str_eq(t.roots[0].name, "pci0000");
	ck_assert_uint_eq(t.roots[0].segment, 0);
	ck_assert_uint_eq(t.roots[0].bus_start, 0);
	ck_assert_uint_eq(t.roots[0].bus_end, 10);
	ck_assert_uint_eq(t.roots[0].n_devs, 24);
	v = find_dev(&t, "0000:00:00.0", &i);
	ck_assert_int_eq(i, 0);
	ck_assert_int_eq(v->type, IOT_PCI_HOST_BRIDGE);
	/* the switch: root port 00:07.0 > upstream 05:00.0 > downstream 06:01.0 > 08:00.{0,1} */
	ck_assert_ptr_nonnull(find_dev(&t, "0000:00:07.0", &p));
	v = find_dev(&t, "0000:05:00.0", &i);
	ck_assert_int_eq(v->type, IOT_PCI_UPSTREAM_PORT);
	ck_assert_int_eq(v->parent, p);
	ck_assert_int_eq(i, p + 1);
	ck_assert_ptr_nonnull(find_dev(&t, "0000:06:01.0", &p));
	v = find_dev(&t, "0000:08:00.1", &i);
	ck_assert_int_eq(v->parent, p);
	ck_assert_int_eq(v->type, IOT_PCI_ENDPOINT);
	ck_assert_str_eq(v->driver, "pci-stub");
	v = find_dev(&t, "0000:00:07.0", NULL);
	ck_assert_str_eq(v->driver, "pcieport");
	ck_assert(v->has_acs);
	ck_assert_uint_eq(v->acs_cap, 0x5f);
	/* 0a:0x sit behind the conventional PCI bridge 00:09.0, the last subtree */
	v = find_dev(&t, "0000:0a:02.0", &i);
	ck_assert_int_eq(i, 23);
	ck_assert_int_eq(t.roots[0].devs[v->parent].type, IOT_PCI_PCI_BRIDGE);
	ck_assert_str_eq(t.kernel.cmdline, "console=ttyAMA0 quiet panic=-1 oracle.bind=stub");
	ck_assert(strstr(t.roots[0].devs[0].loc.file, "0000:00:00.0/config"));
}
END_TEST

START_TEST(no_driver_on_61_boot)
{
	const struct iot_pci_dev *v;

	ck_assert_int_eq(load(ARM_G_61_BOOT, &t, NULL), 0);
	v = find_dev(&t, "0000:00:02.0", NULL);
	ck_assert_ptr_null(v->driver);
	ck_assert(v->driver_known);
	ck_assert_str_eq(t.kernel.version, "6.1.0-56-arm64");
}
END_TEST

START_TEST(firmware_found)
{
	struct iot_sysfs_info info;
	const char *p[5];

	ck_assert_int_eq(iot_sysfs_find_firmware(ARM_G, &info, &d), 0);
	ck_assert(!info.acpi);
	ck_assert_ptr_nonnull(info.fdt);
	ck_assert_ptr_null(info.acpi_dir);
	ck_assert_uint_eq(iot_sysfs_firmware_paths(&info, p), 1);
	ck_assert_str_eq(p[0], ARM_G "/sys/firmware/fdt");
	iot_sysfs_info_free(&info);

	ck_assert_int_eq(iot_sysfs_find_firmware(FIX "/arm-h-smmuv3-acpi/6.12.118+deb13-arm64/boot",
						 &info, &d),
			 0);
	ck_assert(info.acpi);
	ck_assert(strstr(info.acpi_dir, "/sys/firmware/acpi/tables"));
	ck_assert_ptr_nonnull(info.mcfg);
	/* ACPI: no DT to load; the tables come from acpi_dir */
	ck_assert_uint_eq(iot_sysfs_firmware_paths(&info, p), 0);
	iot_sysfs_info_free(&info);

	ck_assert_int_eq(iot_sysfs_find_firmware(
				 FIX "/x86-intel-a-rootbus/7.2.13+deb14-amd64/final", &info, &d),
			 0);
	ck_assert_ptr_nonnull(info.acpi_dir);
	ck_assert_uint_eq(iot_sysfs_firmware_paths(&info, p), 0);
	iot_sysfs_info_free(&info);

	ck_assert_int_eq(iot_sysfs_find_firmware(
				 FIX "/x86-viot-b-rootports/6.12.118+deb13-amd64/boot", &info, &d),
			 0);
	ck_assert_ptr_nonnull(info.acpi_dir);
	ck_assert_ptr_null(info.fdt);
	iot_sysfs_info_free(&info);
	no_diags();
}
END_TEST

/* ---- the same tree with real symbolic links, as on a live system ---- */

static const char *copy_src;
static const char *copy_dst;
static bool copy_links;

static bool is_link_file(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	size_t dl = slash ? (size_t)(slash - rel) : 0;

	if (!strcmp(slash ? slash + 1 : rel, "driver"))
		return true;
	if (dl >= 19 && !strncmp(rel + dl - 19, "sys/bus/pci/devices", 19))
		return true;
	return strstr(rel, "iommu_groups/") && dl >= 8 && !strncmp(rel + dl - 8, "/devices", 8);
}

static int copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *rel = path + strlen(copy_src);
	char *dst = iot_asprintf("%s%s", copy_dst, rel);
	uint8_t *data;
	size_t len;

	(void)st;
	(void)ftw;
	if (flag == FTW_D) {
		mkdir(dst, 0755);
	} else {
		ck_assert_int_eq(iot_read_file(path, &data, &len, &d), 0);
		if (copy_links && is_link_file(rel))
			ck_assert_int_eq(symlink((char *)data, dst), 0);
		else
			ck_assert_int_eq(iot_write_atomic(dst, data, len, &d), 0);
		free(data);
	}
	free(dst);
	return 0;
}

static char *copy_tree(const char *src, const char *name, bool links)
{
	char *dst = iot_asprintf("%s/%s", tmpdir, name);

	copy_src = src;
	copy_dst = dst;
	copy_links = links;
	ck_assert_int_eq(nftw(src, copy_one, 16, FTW_PHYS), 0);
	return dst;
}

START_TEST(symlinks_same_as_files)
{
	char *live = copy_tree(ARM_G, "live", true);
	struct iot_topology a;
	struct stat st;
	char *p = iot_asprintf("%s/sys/bus/pci/devices/0000:00:04.0", live);

	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	iot_topology_init(&a);
	ck_assert_int_eq(load(ARM_G, &t, NULL), 0);
	ck_assert_int_eq(load(live, &a, NULL), 0);
	no_diags();
	same_model(&t, &a);
	iot_topology_free(&a);
	free(p);
	free(live);
}
END_TEST

/* ---- snapshots ---- */

static void snapshot_roundtrip(const char *src)
{
	struct iot_sysfs_snapshot s;
	struct iot_sysfs_groups g1, g2;
	struct iot_topology a, b;
	char *out = iot_asprintf("%s/snap", tmpdir);

	ck_assert_int_eq(iot_sysfs_snapshot(src, out, &s, &d), 0);
	no_diags();
	ck_assert_uint_gt(s.n_funcs, 0);
	iot_topology_init(&a);
	iot_topology_init(&b);
	ck_assert_int_eq(load(src, &a, NULL), 0);
	ck_assert_int_eq(load(out, &b, NULL), 0);
	no_diags();
	same_model(&a, &b);
	ck_assert_uint_eq(s.n_funcs, a.roots[0].n_devs);
	ck_assert_int_eq(iot_sysfs_read_groups(src, &g1, &d), 0);
	ck_assert_int_eq(iot_sysfs_read_groups(out, &g2, &d), 0);
	ck_assert_uint_eq(g1.n, g2.n);
	ck_assert_uint_eq(s.n_groups, g1.n);
	for (size_t i = 0; i < g1.n; i++) {
		ck_assert_uint_eq(g1.v[i].number, g2.v[i].number);
		ck_assert_int_eq(g1.v[i].type, g2.v[i].type);
		ck_assert_uint_eq(g1.v[i].n_devices, g2.v[i].n_devices);
		for (size_t j = 0; j < g1.v[i].n_devices; j++)
			ck_assert_str_eq(g1.v[i].devices[j], g2.v[i].devices[j]);
	}
	iot_sysfs_groups_free(&g1);
	iot_sysfs_groups_free(&g2);
	iot_topology_free(&a);
	iot_topology_free(&b);
	iot_sysfs_snapshot_free(&s);
	nftw(out, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(out);
}

START_TEST(snapshot_of_fixtures)
{
	snapshot_roundtrip(ARM_G);
	snapshot_roundtrip(FIX "/arm-h-smmuv3-acpi/7.2.13+deb14-arm64/boot");
	snapshot_roundtrip(FIX "/x86-intel-c-pcie-pci-bridge/6.1.0-56-amd64/final");
	snapshot_roundtrip(FIX "/x86-viot-c-pcie-pci-bridge/6.12.118+deb13-amd64/boot");
}
END_TEST

START_TEST(snapshot_of_symlinked_tree)
{
	char *live = copy_tree(ARM_G, "live", true);
	char *out = iot_asprintf("%s/snap", tmpdir);
	char *p = iot_asprintf("%s/sys/bus/pci/devices/0000:00:04.0", out);
	struct iot_sysfs_snapshot s;
	struct stat st;

	snapshot_roundtrip(live);
	ck_assert_int_eq(iot_sysfs_snapshot(live, out, &s, &d), 0);
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISREG(st.st_mode)); /* links become files holding the target */
	ck_assert_int_eq(iot_sysfs_load(out, &t, NULL, &d), 0);
	no_diags();
	iot_sysfs_snapshot_free(&s);
	free(p);
	free(out);
	free(live);
}
END_TEST

START_TEST(snapshot_acpi_dir_kept)
{
	/* an ACPI machine with none of the tables we copy must still read as ACPI */
	char *src = copy_tree(ARM_G, "src", false);
	char *p = iot_asprintf("%s/sys/firmware/acpi/tables", src);
	char *out = iot_asprintf("%s/snap", tmpdir);
	struct iot_sysfs_snapshot s;
	struct iot_sysfs_info info;

	put_str(src, "sys/firmware/acpi/tables/DSDT", "not copied");
	ck_assert_int_eq(iot_sysfs_snapshot(src, out, &s, &d), 0);
	ck_assert_int_eq(iot_sysfs_find_firmware(out, &info, &d), 0);
	ck_assert(info.acpi);
	ck_assert_ptr_nonnull(info.fdt);
	iot_sysfs_info_free(&info);
	iot_sysfs_snapshot_free(&s);
	free(out);
	free(p);
	free(src);
}
END_TEST

START_TEST(snapshot_refuses_nonempty)
{
	char *out = iot_asprintf("%s/full", tmpdir);
	char *f = iot_asprintf("%s/keep", out);
	struct iot_sysfs_snapshot s;

	ck_assert_int_eq(mkdir(out, 0755), 0);
	ck_assert_int_eq(iot_write_atomic(f, "x", 1, &d), 0);
	ck_assert_int_eq(iot_sysfs_snapshot(ARM_G, out, &s, &d), -1);
	ck_assert(diag_has("not empty"));
	ck_assert_uint_eq(count_entries(out), 1);
	ck_assert_uint_eq(count_entries(tmpdir), 1); /* no temporary directory left */
	iot_sysfs_snapshot_free(&s);
	iot_diags_free(&d);
	/* an empty directory is fine, and a trailing slash too */
	ck_assert_int_eq(remove(f), 0);
	free(f);
	f = iot_asprintf("%s/", out);
	ck_assert_int_eq(iot_sysfs_snapshot(ARM_G, f, &s, &d), 0);
	ck_assert_uint_gt(count_entries(out), 0);
	ck_assert_uint_eq(count_entries(tmpdir), 1);
	iot_sysfs_snapshot_free(&s);
	free(f);
	free(out);
}
END_TEST

START_TEST(snapshot_failure_leaves_nothing)
{
	char *src = copy_tree(ARM_G, "src", false);
	char *cfg = iot_asprintf("%s/sys/devices/platform/4010000000.pcie/pci0000:00/0000:00:05.0/"
				 "config",
				 src);
	char *out = iot_asprintf("%s/snap", tmpdir);
	struct iot_sysfs_snapshot s;

	/* a config that cannot be read: the whole snapshot fails, nothing is left */
	ck_assert_int_eq(remove(cfg), 0);
	ck_assert_int_eq(mkdir(cfg, 0755), 0);
	ck_assert_int_eq(iot_sysfs_snapshot(src, out, &s, &d), -1);
	ck_assert(diag_has("read error"));
	ck_assert_uint_eq(count_entries(tmpdir), 1); /* src only */
	iot_sysfs_snapshot_free(&s);
	free(out);
	free(cfg);
	free(src);
}
END_TEST

/* ---- merging into a model that came from firmware ---- */

START_TEST(attach_to_firmware_root)
{
	struct iot_pci_root *r = iot_add_root(&t);
	struct iot_pci_dev *v;
	const struct iot_pci_dev *w;
	int i;

	r->name = iot_strdup("pcie@4010000000");
	r->segment = 0;
	r->bus_start = 0;
	r->bus_end = 0xff;
	v = iot_root_add_dev(r); /* described only in the model: kept */
	v->bus = 0;
	v->devfn = 0x1f << 3;
	v->vendor = 0xabcd;
	v = iot_root_add_dev(r); /* also in sysfs: sysfs wins */
	v->bus = 0;
	v->devfn = 2 << 3;
	v->vendor = 0xabcd;
	v->driver = iot_strdup("old");
	ck_assert_int_eq(load(ARM_G, &t, NULL), 0);
	no_diags();
	ck_assert_uint_eq(t.n_roots, 1);
	ck_assert_str_eq(t.roots[0].name, "pcie@4010000000");
	ck_assert_uint_eq(t.roots[0].bus_end, 0xff);
	ck_assert_uint_eq(t.roots[0].n_devs, 25);
	w = find_dev(&t, "0000:00:02.0", NULL);
	ck_assert_uint_eq(w->vendor, 0x8086);
	ck_assert_str_eq(w->driver, "pci-stub");
	w = find_dev(&t, "0000:00:1f.0", &i);
	ck_assert_uint_eq(w->vendor, 0xabcd);
	ck_assert_int_eq(i, 24);
	check_structure(&t);
}
END_TEST

START_TEST(new_root_for_other_segment)
{
	struct iot_pci_root *r = iot_add_root(&t);

	r->name = iot_strdup("pcie1");
	r->segment = 1;
	ck_assert_int_eq(load(ARM_G, &t, NULL), 0);
	ck_assert_uint_eq(t.n_roots, 2);
	ck_assert_uint_eq(t.roots[0].n_devs, 0);
	ck_assert_str_eq(t.roots[1].name, "pci0000");
	ck_assert_uint_eq(t.roots[1].n_devs, 24);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].sev, IOT_SEV_NOTE);
	ck_assert(diag_has("no firmware PCI root for segment 0"));
}
END_TEST

/* ---- crafted trees ---- */

static void put_file(const char *root, const char *rel, const void *data, size_t len)
{
	char *p = iot_asprintf("%s/%s", root, rel);

	for (char *q = p + strlen(root) + 1; *q; q++) {
		if (*q == '/') {
			*q = '\0';
			mkdir(p, 0755);
			*q = '/';
		}
	}
	if (iot_write_atomic(p, data, len, &d) < 0)
		iot_diags_fprint(stderr, &d);
	ck_assert_uint_eq(d.n_errors, 0);
	free(p);
}

static void put_str(const char *root, const char *rel, const char *s)
{
	put_file(root, rel, s, strlen(s));
}

/* A function at sys/devices/@path (ending in its name), 256 bytes of config. */
static void put_func(const char *root, const char *path, uint8_t hdr, uint8_t sec, size_t cfglen)
{
	const char *name = strrchr(path, '/') + 1;
	uint8_t cfg[256] = { 0x34, 0x12, 0x78, 0x56 };
	char *link = iot_asprintf("sys/bus/pci/devices/%s", name);
	char *target = iot_asprintf("../../../devices/%s", path);
	char *cfgp = iot_asprintf("sys/devices/%s/config", path);

	cfg[0x0e] = hdr;
	cfg[0x0b] = hdr == 1 ? 0x06 : 0x02;
	cfg[0x0a] = hdr == 1 ? 0x04 : 0x00;
	cfg[0x19] = sec;
	cfg[0x1a] = sec;
	put_str(root, link, target);
	put_file(root, cfgp, cfg, cfglen);
	free(link);
	free(target);
	free(cfgp);
}

START_TEST(crafted_segments_and_damage)
{
	char *root = iot_asprintf("%s/m", tmpdir);
	const struct iot_pci_dev *v;

	ck_assert_int_eq(mkdir(root, 0755), 0);
	put_func(root, "pci0000:00/0000:00:01.0", 1, 1, 256);
	put_func(root, "pci0000:00/0000:00:01.0/0000:01:00.0", 0, 0, 256);
	put_func(root, "pci0001:40/0001:40:00.0", 0, 0, 256);
	/* VMD: domain beyond 16 bits, skipped with a warning */
	put_func(root, "pci0000:00/0000:00:0e.0/pci10000:e0/10000:e0:06.0", 0, 0, 256);
	/* not a function name */
	put_str(root, "sys/bus/pci/devices/bogus", "../../../devices/x");
	/* link escaping the tree */
	put_str(root, "sys/bus/pci/devices/0000:00:02.0", "../../../../../etc/0000:00:02.0");
	/* config missing */
	put_str(root, "sys/bus/pci/devices/0000:00:03.0",
		"../../../devices/pci0000:00/0000:00:03.0");
	/* parents that form a loop */
	put_func(root, "pci0000:00/0000:05:00.0/0000:06:00.0", 1, 6, 256);
	put_func(root, "pci0000:00/0000:06:00.0/0000:05:00.0", 1, 5, 256);
	/* parent not among the functions */
	put_func(root, "pci0000:00/0000:00:1c.0/0000:09:00.0", 0, 0, 256);
	/* only the header readable, as for a user without root */
	put_func(root, "pci0000:00/0000:00:1f.0", 0, 0, 64);
	/* no such function: vendor 0xffff */
	{
		uint8_t ff[256];

		memset(ff, 0xff, sizeof(ff));
		put_str(root, "sys/bus/pci/devices/0000:00:1e.0",
			"../../../devices/pci0000:00/0000:00:1e.0");
		put_file(root, "sys/devices/pci0000:00/0000:00:1e.0/config", ff, sizeof(ff));
	}
	/* an SR-IOV VF: its ID registers read 0xffff, the attributes have the kernel's IDs */
	{
		uint8_t vf[256] = { 0xff, 0xff, 0xff, 0xff };

		put_str(root, "sys/bus/pci/devices/0000:01:00.2",
			"../../../devices/pci0000:00/0000:00:01.0/0000:01:00.2");
		put_file(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.2/config", vf,
			 sizeof(vf));
		put_str(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.2/vendor",
			"0x8086\n");
		put_str(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.2/device",
			"0x10ed\n");
		put_str(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.2/physfn",
			"../0000:01:00.0");
	}
	/*
	 * a bad class attribute: config space wins; vendor and device attributes
	 * are the registers except on VFs (probe.c:pci_setup_device), not read
	 */
	put_str(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/class", "0xnope\n");
	put_str(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/device", "0x9999\n");
	put_str(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/driver",
		"../../../../bus/pci/drivers/nvme");
	put_str(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/physfn", "../0000:01:00.0");
	iot_diags_free(&d);

	ck_assert_int_eq(load(root, &t, NULL), -1);
	ck_assert(diag_has("not a PCI function name"));
	ck_assert(diag_has("domain 0x10000"));
	ck_assert(diag_has("link target '../../../../../etc/0000:00:02.0'"));
	ck_assert(diag_has("missing: every PCI function has a config file"));
	ck_assert(diag_has("parent bridges form a loop"));
	ck_assert(diag_has("09:00.0: parent bridge 00:1c.0 is not a PCI function here"));
	ck_assert(!diag_has("no firmware PCI root")); /* the model had no roots to begin with */
	ck_assert(diag_has("1 of 8 PCI functions: only the 64-byte config header"));
	ck_assert(diag_has("vendor ID 0xffff"));
	ck_assert(diag_has("'0xnope' is not a hex value"));
	for (size_t i = 0; i < d.n; i++) /* every diagnostic names its file */
		ck_assert_ptr_nonnull(d.v[i].loc.file);
	ck_assert_uint_eq(t.n_roots, 2);
	ck_assert_uint_eq(t.roots[0].segment, 0);
	ck_assert_uint_eq(t.roots[1].segment, 1);
	ck_assert_str_eq(t.roots[1].name, "pci0001");
	ck_assert_uint_eq(t.roots[1].bus_start, 0x40);
	ck_assert_uint_eq(t.roots[1].n_devs, 1);
	/* 00:01.0 > 01:00.{0,2}, 00:1f.0, and the orphan 09:00.0 on the root bus */
	ck_assert_uint_eq(t.roots[0].n_devs, 5);
	v = find_dev(&t, "0000:01:00.2", NULL);
	ck_assert_uint_eq(v->vendor, 0x8086);
	ck_assert_uint_eq(v->device, 0x10ed);
	ck_assert(v->is_vf);
	v = find_dev(&t, "0000:01:00.0", NULL);
	ck_assert_uint_eq(v->vendor, 0x1234);
	ck_assert_uint_eq(v->device, 0x5678);
	ck_assert_uint_eq(v->class_code, 0x020000);
	ck_assert_str_eq(v->driver, "nvme");
	ck_assert(v->is_vf);
	ck_assert_int_eq(v->parent, 0);
	v = find_dev(&t, "0000:09:00.0", NULL);
	ck_assert_int_eq(v->parent, IOT_NONE);
	v = find_dev(&t, "0000:00:1f.0", NULL);
	ck_assert_int_eq(v->type, IOT_PCI_PCI_ENDPOINT);
	check_structure(&t);
	ck_assert_ptr_null(t.kernel.version); /* no proc/: fine */
	free(root);
}
END_TEST

/* ---- a large tree: several reader threads, SR-IOV VFs completed from their PFs ---- */

static char *big_path(const char *root, const char *rel)
{
	char *p = iot_asprintf("%s/%s", root, rel);

	for (char *q = p + strlen(root) + 1; *q; q++) {
		if (*q == '/') {
			*q = '\0';
			mkdir(p, 0755);
			*q = '/';
		}
	}
	return p;
}

static void big_write(const char *root, const char *rel, const void *data, size_t len)
{
	char *p = big_path(root, rel);
	int fd;

	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	free(p);
}

static void big_link(const char *root, const char *rel, const char *target)
{
	char *p = big_path(root, rel);

	ck_assert_int_eq(symlink(target, p), 0);
	free(p);
}

/* A function at sys/devices/@dir/@name with @cfg, linked from sys/bus/pci/devices. */
static void big_func(const char *root, const char *dir, const char *name, const uint8_t *cfg,
		     size_t len, const char *driver)
{
	char *rel = iot_asprintf("sys/devices/%s/%s/config", dir, name);
	char *link = iot_asprintf("sys/bus/pci/devices/%s", name);
	char *target = iot_asprintf("../../../devices/%s/%s", dir, name);

	big_write(root, rel, cfg, len);
	big_link(root, link, target);
	if (driver) {
		char *drel = iot_asprintf("sys/devices/%s/%s/driver", dir, name);
		char *dt = iot_asprintf("../../../../bus/pci/drivers/%s", driver);
		char *brel = iot_asprintf("sys/bus/pci/drivers/%s/%s", driver, name);
		char *bt = iot_asprintf("../../../../devices/%s/%s", dir, name);

		big_link(root, drel, dt);
		big_link(root, brel,
			 bt); /* the driver core's link, read instead of each function's */
		free(drel);
		free(dt);
		free(brel);
		free(bt);
	}
	free(rel);
	free(link);
	free(target);
}

#define BIG_PORTS 20

START_TEST(large_tree_threads_and_vfs)
{
	char *root = iot_asprintf("%s/big", tmpdir);
	uint8_t port[256] = { 0x86, 0x80, 0x10, 0x20 }, pf[4096] = { 0xb3, 0x15, 0x1b, 0x10 };
	uint8_t vf[256];
	size_t n_vf = 0, n_bad = 0;

	port[0x06] = 0x10; /* capability list: PCI Express, root port */
	port[0x0b] = 0x06;
	port[0x0a] = 0x04;
	port[0x0e] = 1;
	port[0x34] = 0x40;
	port[0x40] = 0x10;
	port[0x42] = 4 << 4 | 2;
	pf[0x06] = 0x10; /* endpoint with SR-IOV: VF Enable, 255 VFs at offset 1, stride 1 */
	pf[0x0b] = 0x02;
	pf[0x34] = 0x40;
	pf[0x40] = 0x10;
	pf[0x42] = 2;
	pf[0x100] = 0x10;
	pf[0x102] = 0x01;
	pf[0x108] = 0x01;
	pf[0x10c] = pf[0x10e] = pf[0x110] = 255;
	pf[0x114] = pf[0x116] = 1;
	pf[0x11a] = 0x1c;
	pf[0x11b] = 0x10;
	memset(vf, 0, sizeof(vf));
	memset(vf, 0xff, 4);
	vf[0x0b] = 0x02;
	ck_assert_int_eq(mkdir(root, 0755), 0);
	for (unsigned int p = 0; p < BIG_PORTS; p++) {
		char rp[32], rpdir[64], pfname[32];

		snprintf(rp, sizeof(rp), "0000:00:%02x.0", p + 1);
		snprintf(rpdir, sizeof(rpdir), "pci0000:00/%s", rp);
		port[0x19] = port[0x1a] = (uint8_t)(p + 1);
		big_func(root, "pci0000:00", rp, port, sizeof(port), "pcieport");
		snprintf(pfname, sizeof(pfname), "0000:%02x:00.0", p + 1);
		/* the last PF enables 254 VFs: its 255th function is no VF of it */
		pf[0x110] = p + 1 == BIG_PORTS ? 254 : 255;
		big_func(root, rpdir, pfname, pf, sizeof(pf), "mlx5_core");
		for (unsigned int fn = 1; fn < 256; fn++) {
			char name[32];

			snprintf(name, sizeof(name), "0000:%02x:%02x.%x", p + 1, fn >> 3, fn & 7);
			big_func(root, rpdir, name, vf, sizeof(vf), fn % 2 ? "vfio-pci" : NULL);
		}
	}
	/* the function no PF claims: its attributes and physfn link, as the kernel has them */
	big_write(root, "sys/devices/pci0000:00/0000:00:14.0/0000:14:1f.7/vendor", "0x15b3\n", 7);
	big_write(root, "sys/devices/pci0000:00/0000:00:14.0/0000:14:1f.7/device", "0x1234\n", 7);
	big_link(root, "sys/devices/pci0000:00/0000:00:14.0/0000:14:1f.7/physfn",
		 "../0000:14:00.0");
	/* a stale per-function link: the driver core's directory is what is read */
	{
		char *p = iot_asprintf("%s/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.1/driver",
				       root);

		ck_assert_int_eq(unlink(p), 0);
		ck_assert_int_eq(symlink("../../../../bus/pci/drivers/stale", p), 0);
		free(p);
	}
	/* a damaged attribute late in the tree: its warning is kept, in order */
	big_write(root, "sys/devices/pci0000:00/0000:00:13.0/0000:13:00.0/class", "0xbad!\n", 7);
	ck_assert_int_eq(load(root, &t, NULL), 0);
	ck_assert_uint_eq(t.n_roots, 1);
	ck_assert_uint_eq(t.roots[0].n_devs, BIG_PORTS * 257);
	ck_assert_uint_eq(d.n, 1);
	ck_assert(diag_has("'0xbad!' is not a hex value"));
	ck_assert_ptr_nonnull(strstr(d.v[0].loc.file, "0000:13:00.0/class"));
	/* one assertion per property, not per function: Check's per-assertion cost adds up */
	for (size_t i = 0; i < t.roots[0].n_devs; i++) {
		const struct iot_pci_dev *v = &t.roots[0].devs[i];
		const struct iot_pci_dev *up = v->parent >= 0 ? &t.roots[0].devs[v->parent] : NULL;
		bool ok;

		if (v->bus == 0) {
			ok = v->type == IOT_PCI_ROOT_PORT && v->driver &&
			     !strcmp(v->driver, "pcieport");
		} else if (v->devfn == 0) {
			ok = up && up->secondary == v->bus && v->vendor == 0x15b3 && !v->is_vf &&
			     v->device == 0x101b && v->driver && !strcmp(v->driver, "mlx5_core");
		} else {
			uint16_t want = v->bus == BIG_PORTS && v->devfn == 0xff ? 0x1234 : 0x101c;

			ok = up && up->secondary == v->bus && v->vendor == 0x15b3 && v->is_vf &&
			     v->device == want && v->driver_known &&
			     (v->devfn % 2 ? v->driver && !strcmp(v->driver, "vfio-pci") :
					     !v->driver);
			n_vf++;
		}
		if (!ok) {
			fprintf(stderr, "function %02x:%02x.%x read wrong\n", v->bus, v->devfn >> 3,
				v->devfn & 7);
			n_bad++;
		}
	}
	ck_assert_uint_eq(n_bad, 0);
	ck_assert_uint_eq(n_vf, BIG_PORTS * 255);
	check_structure(&t);
	free(root);
}
END_TEST

/* ---- what the host shows: slots, the boot display, mounts and swap ---- */

START_TEST(host_slots_vga_mounts)
{
	char *root = iot_asprintf("%s/h", tmpdir);
	const struct iot_pci_dev *v;
	uint8_t vga[256] = { 0x86, 0x80, 0x12, 0x34 };

	ck_assert_int_eq(mkdir(root, 0755), 0);
	/* a root port (PCIe capability) above an NVMe on 01:00.0 and an ARI function 01:01.0 */
	{
		uint8_t rp[256] = { 0x86, 0x80, 0x10, 0x20 };
		uint8_t ep[256] = { 0x44, 0x14, 0x01, 0x50 };

		rp[0x06] = 0x10;
		rp[0x0b] = 0x06;
		rp[0x0a] = 0x04;
		rp[0x0e] = 1;
		rp[0x19] = rp[0x1a] = 1;
		rp[0x34] = 0x40;
		rp[0x40] = 0x10;
		rp[0x42] = 4 << 4 | 2;
		ep[0x0b] = 0x01;
		ep[0x0a] = 0x08;
		put_str(root, "sys/bus/pci/devices/0000:00:01.0",
			"../../../devices/pci0000:00/0000:00:01.0");
		put_file(root, "sys/devices/pci0000:00/0000:00:01.0/config", rp, sizeof(rp));
		put_str(root, "sys/bus/pci/devices/0000:01:00.0",
			"../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0");
		put_file(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/config", ep,
			 sizeof(ep));
		put_str(root, "sys/bus/pci/devices/0000:01:01.0",
			"../../../devices/pci0000:00/0000:00:01.0/0000:01:01.0");
		put_file(root, "sys/devices/pci0000:00/0000:00:01.0/0000:01:01.0/config", ep,
			 sizeof(ep));
	}
	/* conventional functions on the root bus: a VGA with boot_vga, a SATA HBA */
	vga[0x0b] = 0x03;
	put_str(root, "sys/bus/pci/devices/0000:00:02.0",
		"../../../devices/pci0000:00/0000:00:02.0");
	put_file(root, "sys/devices/pci0000:00/0000:00:02.0/config", vga, sizeof(vga));
	put_str(root, "sys/devices/pci0000:00/0000:00:02.0/boot_vga", "1\n");
	put_func(root, "pci0000:00/0000:00:1f.2", 0, 0, 256);
	put_func(root, "pci0000:00/0000:00:1f.3", 0, 0, 256);
	/* slots: the PCIe link below the root port (device 00: the whole bus), a conventional one */
	put_str(root, "sys/bus/pci/slots/7/address", "0000:01:00\n");
	put_str(root, "sys/bus/pci/slots/PCI3/address", "0000:00:1f\n");
	put_str(root, "sys/bus/pci/slots/bogus/address", "nonsense\n");
	/* / on an LVM volume over an NVMe partition; /home on sda1; swap on sda2 */
	put_str(root, "proc/mounts",
		"/dev/mapper/vg-root / ext4 rw 0 0\nproc /proc proc rw 0 0\n"
		"/dev/sda1 /home\\040x xfs rw 0 0\nserver:/x /net nfs rw 0 0\n");
	put_str(root, "proc/swaps",
		"Filename\tType\tSize\tUsed\tPriority\n/dev/sda2 partition 100 0 -2\n");
	put_str(root, "sys/block/dm-0/dm/name", "vg-root\n");
	put_str(root, "sys/class/block/dm-0", "../../devices/virtual/block/dm-0");
	put_str(root, "sys/devices/virtual/block/dm-0/slaves/nvme0n1p2", "../../nvme0n1/nvme0n1p2");
	put_str(root, "sys/class/block/nvme0n1p2",
		"../../devices/pci0000:00/0000:00:01.0/0000:01:00.0/nvme/nvme0/nvme0n1/nvme0n1p2");
	put_str(root, "sys/class/block/sda1",
		"../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
	put_str(root, "sys/class/block/sda2",
		"../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2");
	iot_diags_free(&d);
	ck_assert_int_eq(load(root, &t, NULL), 0);
	v = find_dev(&t, "0000:01:00.0", NULL);
	ck_assert_str_eq(v->slot, "7");
	ck_assert_uint_eq(v->host_use, IOT_HOST_ROOT_FS);
	ck_assert_str_eq(v->host_use_what, "/ on mapper/vg-root");
	v = find_dev(&t, "0000:01:01.0", NULL);
	ck_assert_str_eq(v->slot, "7"); /* ARI: the second device of the link is in the slot too */
	ck_assert_uint_eq(v->host_use, 0);
	v = find_dev(&t, "0000:00:1f.2", NULL);
	ck_assert_str_eq(v->slot, "PCI3");
	ck_assert_uint_eq(v->host_use, IOT_HOST_MOUNTED);
	ck_assert_str_eq(v->host_use_what, "/home x on sda1");
	v = find_dev(&t, "0000:00:1f.3", NULL);
	ck_assert_str_eq(v->slot, "PCI3");
	v = find_dev(&t, "0000:00:02.0", NULL);
	ck_assert_uint_eq(v->host_use, IOT_HOST_BOOT_VGA);
	ck_assert_ptr_null(v->slot);
	v = find_dev(&t, "0000:00:01.0", NULL);
	ck_assert_ptr_null(v->slot);
	ck_assert_uint_eq(v->host_use, 0);
	no_diags();
	free(root);
}
END_TEST

START_TEST(not_a_tree)
{
	ck_assert_int_eq(load(tmpdir, &t, NULL), -1);
	ck_assert(diag_has("no sys/ directory"));
	iot_diags_free(&d);
	ck_assert_int_eq(load(FIX "/README.md", &t, NULL), -1);
	ck_assert(diag_has("not a directory"));
}
END_TEST

START_TEST(empty_tree)
{
	char *p = iot_asprintf("%s/sys", tmpdir);
	struct iot_sysfs_groups g;

	ck_assert_int_eq(mkdir(p, 0755), 0);
	ck_assert_int_eq(load(tmpdir, &t, NULL), 0);
	ck_assert_uint_eq(t.n_roots, 0);
	ck_assert_int_eq(iot_sysfs_read_groups(tmpdir, &g, &d), 0);
	ck_assert(!g.present);
	ck_assert_uint_eq(g.n, 0);
	no_diags();
	iot_sysfs_groups_free(&g);
	free(p);
}
END_TEST

START_TEST(groups_damage)
{
	struct iot_sysfs_groups g;

	put_str(tmpdir, "sys/kernel/iommu_groups/7/type", "weird\n");
	put_str(tmpdir, "sys/kernel/iommu_groups/7/devices/0000:00:01.0", "../../../../devices/x");
	put_str(tmpdir, "sys/kernel/iommu_groups/12/devices/arm-smmu-v3.0.auto", "x");
	put_str(tmpdir, "sys/kernel/iommu_groups/12/type", "identity");
	put_str(tmpdir, "sys/kernel/iommu_groups/x1/type", "DMA");
	put_str(tmpdir, "sys/kernel/iommu_groups/3/type", "blocked");
	iot_diags_free(&d);
	ck_assert_int_eq(iot_sysfs_read_groups(tmpdir, &g, &d), -1);
	ck_assert(diag_has("not an IOMMU group number"));
	ck_assert(diag_has("unknown default domain type 'weird'"));
	ck_assert_uint_eq(g.n, 3);
	ck_assert_uint_eq(g.v[0].number, 3);
	ck_assert_int_eq(g.v[0].type, IOT_SYSFS_DOMAIN_BLOCKED);
	ck_assert_uint_eq(g.v[0].n_devices, 0);
	ck_assert_uint_eq(g.v[1].number, 7);
	ck_assert_int_eq(g.v[1].type, IOT_SYSFS_DOMAIN_UNKNOWN);
	ck_assert_str_eq(g.v[1].type_name, "weird");
	ck_assert_uint_eq(g.v[2].number, 12);
	ck_assert_str_eq(iot_sysfs_domain_name(g.v[2].type), "identity");
	ck_assert_ptr_eq(iot_sysfs_group_of(&g, "arm-smmu-v3.0.auto"), &g.v[2]);
	ck_assert_ptr_null(iot_sysfs_group_of(&g, "0000:00:02.0"));
	for (size_t i = 0; i < d.n; i++) /* the kept names are still valid here */
		ck_assert(strstr(d.v[i].loc.file, "/sys/kernel/iommu_groups/"));
	iot_sysfs_groups_free(&g);
}
END_TEST

/* ---- sys/class/iommu: the x86 IOMMU registers ---- */

START_TEST(intel_registers_from_fixture)
{
	const char *view = FIX "/v2-x86-intel-g-strict/7.2.13+deb14-amd64/boot";

	ck_assert_int_eq(iot_load_input(view, &t, NULL, &d), 0);
	no_diags();
	ck_assert_uint_eq(t.n_iommus, 1);
	ck_assert(t.iommus[0].x86.has_regs);
	/* QEMU 7.2 intel-iommu: CAP with CM (bit 7) clear, ECAP with PT (bit 6) set, VT-d 1.0 */
	ck_assert_uint_eq(t.iommus[0].x86.reg_cap, 0xd2008c22260206ull);
	ck_assert_uint_eq(t.iommus[0].x86.reg_ecap, 0xf00f4aull);
	ck_assert_uint_eq(t.iommus[0].x86.reg_version, 0x10);
	ck_assert_ptr_nonnull(strstr(t.iommus[0].x86.reg_loc.file, "dmar0/intel-iommu/cap"));
	/* a snapshot keeps them */
	{
		char *snap = iot_asprintf("%s/snap", tmpdir);
		struct iot_sysfs_snapshot s;
		struct iot_topology tt;

		ck_assert_int_eq(iot_sysfs_snapshot(view, snap, &s, &d), 0);
		iot_sysfs_snapshot_free(&s);
		iot_topology_init(&tt);
		ck_assert_int_eq(iot_load_input(snap, &tt, NULL, &d), 0);
		no_diags();
		ck_assert(tt.iommus[0].x86.has_regs);
		ck_assert_uint_eq(tt.iommus[0].x86.reg_cap, t.iommus[0].x86.reg_cap);
		ck_assert_uint_eq(tt.iommus[0].x86.reg_ecap, t.iommus[0].x86.reg_ecap);
		ck_assert_uint_eq(tt.iommus[0].x86.reg_version, 0x10);
		iot_topology_free(&tt);
		free(snap);
	}
}
END_TEST

/* An AMD-Vi unit below its PCI function: 0000:00:00.2 holds IVHD device ID 0x0002. */
static void amd_tree(const char *root, const char *features)
{
	put_str(root, "sys/class/iommu/ivhd0", "../../devices/pci0000:00/0000:00:00.2/iommu/ivhd0");
	put_str(root, "sys/devices/pci0000:00/0000:00:00.2/iommu/ivhd0/amd-iommu/cap",
		"5a00000f\n");
	put_str(root, "sys/devices/pci0000:00/0000:00:00.2/iommu/ivhd0/amd-iommu/features",
		features);
}

static struct iot_iommu *amd_unit(struct iot_topology *tt, uint16_t devid)
{
	struct iot_iommu *u = iot_add_iommu(tt);

	u->name = iot_strdup("ivhd");
	u->model = IOT_IOMMU_AMD_VI;
	u->x86.iommu_devid = devid;
	return u;
}

START_TEST(amd_registers_by_kernel)
{
	/* 6.1 prints features2 first, 6.12 and 7.2 EFR first, 5.10 the EFR alone */
	static const struct {
		const char *release, *features;
	} v[] = {
		{ "6.1.0-50-amd64", "0:246577efa2254afa\n" },
		{ "6.12.117+deb13-amd64", "246577efa2254afa:0\n" },
		{ "7.2.13+deb14-amd64", "246577efa2254afa:0\n" },
		{ "5.10.0-32-amd64", "246577efa2254afa\n" },
	};

	for (size_t i = 0; i < IOT_ARRAY_SIZE(v); i++) {
		char *root = iot_asprintf("%s/amd%zu", tmpdir, i);
		struct iot_topology tt;
		struct iot_iommu *u;

		ck_assert_int_eq(mkdir(root, 0755), 0);
		iot_topology_init(&tt);
		tt.kernel.version = iot_strdup(v[i].release);
		u = amd_unit(&tt, 0x0002);
		amd_tree(root, v[i].features);
		ck_assert_uint_eq(iot_sysfs_read_iommu_regs(root, &tt, &d), 1);
		no_diags();
		u = &tt.iommus[0];
		ck_assert(u->x86.has_regs);
		ck_assert_uint_eq(u->x86.reg_cap, 0x5a00000f); /* bit 26: NpCache */
		ck_assert_uint_eq(u->x86.reg_ecap, 0x246577efa2254afaull);
		ck_assert_uint_eq(u->x86.reg_efr2, 0);
		iot_topology_free(&tt);
		free(root);
	}
}
END_TEST

START_TEST(iommu_registers_damage)
{
	char *root = iot_asprintf("%s/bad", tmpdir);

	ck_assert_int_eq(mkdir(root, 0755), 0);
	/* a unit the tables do not have: a note, nothing set */
	amd_tree(root, "1:0\n");
	amd_unit(&t, 0x0040);
	ck_assert_uint_eq(iot_sysfs_read_iommu_regs(root, &t, &d), 0);
	ck_assert(!t.iommus[0].x86.has_regs);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].sev, IOT_SEV_NOTE);
	ck_assert(diag_has("AMD-Vi unit 0000:00:00.2: no such unit in the firmware tables"));
	/* a malformed register: a warning at the file, nothing set */
	iot_diags_free(&d);
	iot_diags_init(&d);
	t.iommus[0].x86.iommu_devid = 0x0002;
	put_str(root, "sys/devices/pci0000:00/0000:00:00.2/iommu/ivhd0/amd-iommu/features", "zz\n");
	ck_assert_uint_eq(iot_sysfs_read_iommu_regs(root, &t, &d), 0);
	ck_assert(!t.iommus[0].x86.has_regs);
	ck_assert(diag_has("'zz' is not a hex register value"));
	ck_assert_ptr_nonnull(strstr(d.v[0].loc.file, "amd-iommu/features"));
	/* a VT-d unit with no DRHD at its address: silent while the model has no DRHD at all */
	iot_diags_free(&d);
	iot_diags_init(&d);
	put_str(root, "sys/class/iommu/dmar0", "../../devices/virtual/iommu/dmar0");
	put_str(root, "sys/devices/virtual/iommu/dmar0/intel-iommu/cap", "d2008c22260286\n");
	put_str(root, "sys/devices/virtual/iommu/dmar0/intel-iommu/ecap", "f00f0a\n");
	put_str(root, "sys/devices/virtual/iommu/dmar0/intel-iommu/address", "fed90000\n");
	ck_assert_uint_eq(iot_sysfs_read_iommu_regs(root, &t, &d), 0);
	ck_assert(!diag_has("VT-d"));
	{
		struct iot_iommu *u = iot_add_iommu(&t);

		u->name = iot_strdup("drhd");
		u->model = IOT_IOMMU_INTEL_VTD;
		u->base = 0xfed91000;
	}
	ck_assert_uint_eq(iot_sysfs_read_iommu_regs(root, &t, &d), 0);
	ck_assert(diag_has("VT-d unit at 0xfed90000: no such unit"));
	ck_assert(!t.iommus[1].x86.has_regs);
	free(root);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sysfs");
	TCase *f = tcase_create("fixtures");
	TCase *c = tcase_create("crafted");

	tcase_set_timeout(f, 60);
	tcase_add_checked_fixture(f, setup, teardown);
	tcase_add_checked_fixture(c, setup, teardown);
	tcase_add_test(f, all_fixtures);
	tcase_add_test(f, arm_g_hierarchy);
	tcase_add_test(f, no_driver_on_61_boot);
	tcase_add_test(f, firmware_found);
	tcase_add_test(f, symlinks_same_as_files);
	tcase_add_test(f, snapshot_of_fixtures);
	tcase_add_test(f, snapshot_of_symlinked_tree);
	tcase_add_test(f, snapshot_acpi_dir_kept);
	tcase_add_test(f, snapshot_refuses_nonempty);
	tcase_add_test(f, snapshot_failure_leaves_nothing);
	tcase_add_test(f, attach_to_firmware_root);
	tcase_add_test(f, new_root_for_other_segment);
	tcase_add_test(c, crafted_segments_and_damage);
	tcase_add_test(c, not_a_tree);
	tcase_add_test(c, empty_tree);
	tcase_add_test(c, groups_damage);
	tcase_add_test(f, intel_registers_from_fixture);
	tcase_add_test(c, amd_registers_by_kernel);
	tcase_add_test(c, iommu_registers_damage);
	tcase_add_test(c, large_tree_threads_and_vfs);
	tcase_add_test(c, host_slots_vga_mounts);
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
