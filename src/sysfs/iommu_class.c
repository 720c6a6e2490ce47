// SPDX-License-Identifier: MIT
/*
 * sys/class/iommu: the IOMMU units a running kernel registered
 * (iommu.c:iommu_device_sysfs_add) and the register attributes the x86
 * drivers export there.  They go into the unit of the model the firmware
 * tables described (sysfs.h: iot_sysfs_read_iommu_regs).
 *
 *   Intel VT-d: "dmarN" (intel/dmar.c:alloc_iommu), a virtual device, with
 *     the group intel-iommu (intel/iommu.c: version_show "M:m",
 *     address_show, cap_show, ecap_show "%llx"); matched by register base.
 *   AMD-Vi: "ivhdN" below the IOMMU's own PCI function
 *     (amd/init.c:iommu_init_pci), group amd-iommu (amd_iommu_show_cap
 *     "%x", amd_iommu_show_features); matched by the IVHD's IOMMU device ID.
 *     features reads "EFR" on 5.10, "EFR2:EFR" on 6.1 (features2 first),
 *     "EFR:EFR2" on 6.12 and 7.2 (amd_iommu_efr, amd_iommu_efr2); the
 *     kernels in between are taken as 6.12 (not checked).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs/sysfs.h"
#include "sysfs/tree.h"
#include "util/mem.h"

struct rctx {
	const char *root;
	struct iot_topology *t;
	struct iot_diags *d;
	struct iot_keeper k;
};

/* A hex attribute as the drivers print it ("%llx", no 0x); 1, 0 absent, -1 malformed. */
static int read_hex(struct rctx *c, const char *dir, const char *name, uint64_t *out,
		    uint64_t *second)
{
	char *rel = iot_asprintf("%s/%s", dir, name);
	char *path = iot_tree_join(c->root, rel);
	char *s = NULL, *end;
	int rc = iot_tree_read_text(&c->k, path, IOT_TREE_TEXT_MAX, &s, c->d);

	if (rc > 0) {
		errno = 0;
		*out = strtoull(s, &end, 16);
		if (second) {
			*second = 0;
			if (end != s && *end == ':') {
				const char *b = end + 1;

				*second = strtoull(b, &end, 16);
				if (end == b)
					end = (char *)b - 1;
			}
		}
		if (errno || end == s || *end) {
			struct iot_loc loc =
				iot_loc_text(iot_tree_keep(&c->k, iot_strdup(path)), 1, 1);

			iot_warning(c->d, &loc, "'%s' is not a hex register value; ignored", s);
			rc = -1;
		}
	}
	free(s);
	free(path);
	free(rel);
	return rc;
}

static int read_version(struct rctx *c, const char *dir, uint8_t *out)
{
	char *rel = iot_asprintf("%s/intel-iommu/version", dir);
	char *path = iot_tree_join(c->root, rel);
	char *s = NULL;
	unsigned int major, minor;
	char tail;
	int rc = iot_tree_read_text(&c->k, path, IOT_TREE_TEXT_MAX, &s, c->d);

	if (rc > 0) {
		if (sscanf(s, "%u:%u%c", &major, &minor, &tail) == 2 && major < 16 && minor < 16) {
			*out = (uint8_t)(major << 4 | minor);
		} else {
			struct iot_loc loc =
				iot_loc_text(iot_tree_keep(&c->k, iot_strdup(path)), 1, 1);

			iot_warning(c->d, &loc, "'%s' is not a VT-d version (major:minor); ignored",
				    s);
			rc = -1;
		}
	}
	free(s);
	free(path);
	free(rel);
	return rc;
}

static struct iot_loc cap_loc(struct rctx *c, const char *dir, const char *group)
{
	char *rel = iot_asprintf("%s/%s/cap", dir, group);
	struct iot_loc loc = iot_loc_text(iot_tree_keep(&c->k, iot_tree_join(c->root, rel)), 0, 0);

	loc.src = IOT_SRC_SYSFS;
	free(rel);
	return loc;
}

/*
 * A unit the tables read do not have.  Silent when the model has no unit of
 * that kind at all (only the PCI hierarchy was read, no DMAR or IVRS).
 */
static void note_unmatched(struct rctx *c, const char *unit, const char *what,
			   enum iot_iommu_model model)
{
	bool any = false;

	for (size_t i = 0; i < c->t->n_iommus; i++)
		any |= c->t->iommus[i].model == model;
	if (!any)
		return;
	char *rel = iot_asprintf("sys/class/iommu/%s", unit);
	struct iot_loc loc = iot_loc_text(iot_tree_keep(&c->k, iot_tree_join(c->root, rel)), 0, 0);

	iot_diag(c->d, IOT_SEV_NOTE, &loc, NULL,
		 "%s: no such unit in the firmware tables read; its registers are not used", what);
	free(rel);
}

static bool intel_unit(struct rctx *c, const char *unit, const char *dir)
{
	uint64_t address, cap, ecap;
	struct iot_iommu *u = NULL;
	char *name;

	if (read_hex(c, dir, "intel-iommu/address", &address, NULL) <= 0 ||
	    read_hex(c, dir, "intel-iommu/cap", &cap, NULL) <= 0 ||
	    read_hex(c, dir, "intel-iommu/ecap", &ecap, NULL) <= 0)
		return false;
	for (size_t i = 0; i < c->t->n_iommus && !u; i++) {
		struct iot_iommu *x = &c->t->iommus[i];

		if (x->model == IOT_IOMMU_INTEL_VTD && x->base == address && !x->x86.duplicate)
			u = x;
	}
	if (!u) {
		name = iot_asprintf("VT-d unit at 0x%llx", (unsigned long long)address);
		note_unmatched(c, unit, name, IOT_IOMMU_INTEL_VTD);
		free(name);
		return false;
	}
	u->x86.has_regs = true;
	u->x86.reg_cap = cap;
	u->x86.reg_ecap = ecap;
	u->x86.reg_efr2 = 0;
	u->x86.reg_version = 0;
	read_version(c, dir, &u->x86.reg_version);
	u->x86.reg_loc = cap_loc(c, dir, "intel-iommu");
	return true;
}

/* 5.10 prints one value, 6.1 "features2:features", 6.12 and later "efr:efr2". */
static bool efr2_first(const char *release)
{
	unsigned int major, minor;

	if (!release || sscanf(release, "%u.%u", &major, &minor) != 2)
		return false;
	return major < 6 || (major == 6 && minor <= 1);
}

static bool amd_unit(struct rctx *c, const char *unit, const char *dir)
{
	const char *last = strrchr(dir, '/'), *fn;
	uint64_t cap, a, b;
	uint32_t seg;
	uint8_t bus, devfn;
	struct iot_iommu *u = NULL;

	/* dir is sys/devices/.../DDDD:BB:DD.F/iommu/ivhdN */
	if (!last || last - dir < 6 || strncmp(last - 6, "/iommu", 6))
		return false;
	fn = last - 6;
	while (fn > dir && fn[-1] != '/')
		fn--;
	if (!iot_tree_parse_bdf(fn, (size_t)(last - 6 - fn), &seg, &bus, &devfn))
		return false;
	if (read_hex(c, dir, "amd-iommu/cap", &cap, NULL) <= 0 ||
	    read_hex(c, dir, "amd-iommu/features", &a, &b) <= 0)
		return false;
	for (size_t i = 0; i < c->t->n_iommus && !u; i++) {
		struct iot_iommu *x = &c->t->iommus[i];

		if (x->model == IOT_IOMMU_AMD_VI && !x->x86.superseded && x->x86.segment == seg &&
		    x->x86.iommu_devid == (bus << 8 | devfn))
			u = x;
	}
	if (!u) {
		char *name = iot_asprintf("AMD-Vi unit %04x:%02x:%02x.%u", seg, bus, devfn >> 3,
					  devfn & 7);

		note_unmatched(c, unit, name, IOT_IOMMU_AMD_VI);
		free(name);
		return false;
	}
	u->x86.has_regs = true;
	u->x86.reg_cap = cap;
	if (efr2_first(c->t->kernel.version) && b) {
		u->x86.reg_ecap = b;
		u->x86.reg_efr2 = a;
	} else {
		u->x86.reg_ecap = a;
		u->x86.reg_efr2 = b;
	}
	u->x86.reg_loc = cap_loc(c, dir, "amd-iommu");
	return true;
}

static bool has_group(struct rctx *c, const char *dir, const char *group)
{
	char *rel = iot_asprintf("%s/%s/cap", dir, group);
	char *path = iot_tree_join(c->root, rel);
	FILE *f = fopen(path, "rb");

	free(rel);
	free(path);
	if (f)
		fclose(f);
	return f != NULL;
}

size_t iot_sysfs_read_iommu_regs(const char *root, struct iot_topology *t, struct iot_diags *d)
{
	struct rctx c = { .root = root, .t = t, .d = d, .k = IOT_KEEPER(t) };
	char *path = iot_tree_join(root, "sys/class/iommu");
	size_t n, matched = 0;
	bool err;
	char **units = iot_tree_list_dir(&c.k, path, 4096, &n, d, &err);

	for (size_t i = 0; i < n; i++) {
		char *lpath = iot_asprintf("%s/%s", path, units[i]);
		char *target = NULL, *rel;

		if (iot_tree_read_link(&c.k, lpath, &target, d) > 0 &&
		    (rel = iot_tree_resolve_rel("sys/class/iommu", target))) {
			if (has_group(&c, rel, "intel-iommu"))
				matched += intel_unit(&c, units[i], rel);
			else if (has_group(&c, rel, "amd-iommu"))
				matched += amd_unit(&c, units[i], rel);
			free(rel);
		}
		free(target);
		free(lpath);
	}
	iot_tree_free_list(units, n);
	free(path);
	return matched;
}
