// SPDX-License-Identifier: MIT
#define _GNU_SOURCE /* syncfs */
#include "sysfs/snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysfs/pciconfig.h"
#include "sysfs/sysfs.h"
#include "sysfs/tree.h"
#include "util/file.h"
#include "util/mem.h"
#include "tables/registry.h"

#define FIRMWARE_MAX (64u * 1024 * 1024) /* a DTB or ACPI table, generously */

struct snap {
	const char *root;
	char *tmp; /* the snapshot being built */
	struct iot_sysfs_snapshot *s;
	struct iot_keeper k;
	struct iot_diags *d;
	int rc;
};

/* Create tmp/@rel and its parents. */
static int mkdirs(struct snap *c, const char *rel)
{
	char *p = iot_tree_join(c->tmp, rel);
	size_t base = strlen(c->tmp) + 1;
	int rc = 0;

	for (char *q = p + base;; q++) {
		char save = *q;

		if (save != '/' && save != '\0')
			continue;
		*q = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			iot_tree_file_diag(&c->k, c->d, p, "cannot create directory: %s",
					   strerror(errno));
			rc = -1;
		}
		*q = save;
		if (!save || rc)
			break;
	}
	free(p);
	return rc;
}

/*
 * One new file inside the temporary directory.  Not iot_write_atomic(): the
 * whole directory is the atomic unit (renamed into place once complete and
 * synced with one syncfs()), and an fsync() per file made a snapshot of
 * 2,000 functions take 30 s instead of a fraction of one.
 */
static int write_new(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	if (iot_write_fd(fd, data, len) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Write @len bytes as tmp/@rel, creating its directory. */
static void put(struct snap *c, const char *rel, const void *data, size_t len)
{
	const char *slash = strrchr(rel, '/');
	char *path;

	if (slash) {
		char *dir = iot_strndup(rel, (size_t)(slash - rel));
		int rc = mkdirs(c, dir);

		free(dir);
		if (rc < 0) {
			c->rc = -1;
			return;
		}
	}
	path = iot_tree_join(c->tmp, rel);
	if (write_new(path, data, len) < 0) {
		iot_tree_file_diag(&c->k, c->d, path, "cannot write: %s", strerror(errno));
		c->rc = -1;
	} else {
		c->s->n_files++;
		c->s->n_bytes += len;
	}
	free(path);
}

/* Everything written reaches the disk before the rename makes it visible. */
static void sync_tree(struct snap *c)
{
	int fd = open(c->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || syncfs(fd) < 0) {
		iot_tree_file_diag(&c->k, c->d, c->tmp, "cannot sync: %s", strerror(errno));
		c->rc = -1;
	}
	if (fd >= 0)
		close(fd);
}

/* Copy root/@rel if it exists.  Returns the bytes copied, or -1 if absent or unreadable. */
static long copy_file(struct snap *c, const char *rel, size_t max)
{
	char *src = iot_tree_join(c->root, rel);
	uint8_t *data;
	size_t len;
	int rc = iot_tree_read_bounded(&c->k, src, max, &data, &len, c->d);

	free(src);
	if (rc < 0)
		c->rc = -1;
	if (rc <= 0)
		return -1;
	put(c, rel, data, len);
	free(data);
	return (long)len;
}

/* Copy the link root/@rel as a file holding its target.  Returns the target (caller frees). */
static char *copy_link(struct snap *c, const char *rel)
{
	char *src = iot_tree_join(c->root, rel);
	char *target = NULL;
	int rc = iot_tree_read_link(&c->k, src, &target, c->d);

	free(src);
	if (rc < 0)
		c->rc = -1;
	if (rc <= 0)
		return NULL;
	put(c, rel, target, strlen(target));
	return target;
}

static void copy_func(struct snap *c, const char *name)
{
	static const char *const attrs[] = { "vendor", "device", "class" };
	char *rel = iot_asprintf("sys/bus/pci/devices/%s", name);
	char *target, *dir = NULL, *p;
	uint32_t seg;
	uint8_t bus, devfn;
	long n;

	if (!iot_tree_parse_bdf(name, strlen(name), &seg, &bus, &devfn))
		goto out; /* not a function: the reader would refuse it too */
	target = copy_link(c, rel);
	if (!target)
		goto out;
	dir = iot_tree_resolve_rel("sys/bus/pci/devices", target);
	if (!dir || strncmp(dir, "sys/devices/", 12) || strcmp(iot_tree_basename_of(dir), name)) {
		char *src = iot_tree_join(c->root, rel);

		iot_tree_file_diag(&c->k, c->d, src, "link target '%s' is not sys/devices/.../%s",
				   target, name);
		free(src);
		c->rc = -1;
		free(target);
		goto out;
	}
	free(target);
	p = iot_asprintf("%s/config", dir);
	n = copy_file(c, p, IOT_PCI_CFG_EXP_SIZE);
	if (n >= 0 && n < IOT_PCI_CFG_SIZE)
		c->s->n_partial_config++;
	free(p);
	for (size_t i = 0; i < IOT_ARRAY_SIZE(attrs); i++) {
		p = iot_asprintf("%s/%s", dir, attrs[i]);
		copy_file(c, p, IOT_TREE_TEXT_MAX);
		free(p);
	}
	p = iot_asprintf("%s/driver", dir);
	free(copy_link(c, p));
	free(p);
	p = iot_asprintf("%s/physfn", dir);
	free(copy_link(c, p));
	free(p);
	p = iot_asprintf("%s/boot_vga", dir); /* VGA class functions only */
	copy_file(c, p, IOT_TREE_TEXT_MAX);
	free(p);
	c->s->n_funcs++;
out:
	free(dir);
	free(rel);
}

static void copy_list(struct snap *c, const char *rel_dir, void (*fn)(struct snap *, const char *))
{
	char *src = iot_tree_join(c->root, rel_dir);
	size_t n;
	bool err;
	char **names = iot_tree_list_dir(&c->k, src, IOT_SYSFS_MAX_FUNCS, &n, c->d, &err);

	free(src);
	if (err)
		c->rc = -1;
	for (size_t i = 0; i < n; i++)
		fn(c, names[i]);
	iot_tree_free_list(names, n);
}

/* sys/bus/pci/slots/NAME/address: the physical slot names */
static void copy_slot(struct snap *c, const char *name)
{
	char *rel = iot_asprintf("sys/bus/pci/slots/%s/address", name);

	copy_file(c, rel, IOT_TREE_TEXT_MAX);
	free(rel);
}

/*
 * sys/class/block/NAME (which PCI function a disk or partition hangs off)
 * and, for device-mapper and md devices, the links in their slaves/.
 */
static void copy_block(struct snap *c, const char *name)
{
	char *rel = iot_asprintf("sys/class/block/%s", name);
	char *target = copy_link(c, rel);
	char *dev = target ? iot_tree_resolve_rel("sys/class/block", target) : NULL;

	if (dev && !strncmp(dev, "sys/devices/", 12)) {
		char *slaves = iot_asprintf("%s/slaves", dev),
		     *src = iot_tree_join(c->root, slaves);
		size_t n;
		bool err;
		char **names = iot_tree_list_dir(&c->k, src, 256, &n, c->d, &err);

		for (size_t i = 0; i < n; i++) {
			char *p = iot_asprintf("%s/%s", slaves, names[i]);

			free(copy_link(c, p));
			free(p);
		}
		iot_tree_free_list(names, n);
		free(src);
		free(slaves);
	}
	free(dev);
	free(target);
	free(rel);
}

/* sys/block/dm-N/dm/name: what /dev/mapper/NAME in proc/mounts is */
static void copy_dm_name(struct snap *c, const char *name)
{
	char *rel;

	if (strncmp(name, "dm-", 3))
		return;
	rel = iot_asprintf("sys/block/%s/dm/name", name);
	copy_file(c, rel, IOT_TREE_TEXT_MAX);
	free(rel);
}

static void copy_group(struct snap *c, const char *name)
{
	char *rel, *src;
	size_t n;
	bool err;
	char **names;

	if (!*name || strspn(name, "0123456789") != strlen(name))
		return;
	rel = iot_asprintf("sys/kernel/iommu_groups/%s/type", name);
	copy_file(c, rel, IOT_TREE_TEXT_MAX);
	free(rel);
	rel = iot_asprintf("sys/kernel/iommu_groups/%s/devices", name);
	src = iot_tree_join(c->root, rel);
	names = iot_tree_list_dir(&c->k, src, IOT_SYSFS_MAX_FUNCS, &n, c->d, &err);
	free(src);
	if (err)
		c->rc = -1;
	if (!n && mkdirs(c, rel) < 0) /* an empty group stays visible */
		c->rc = -1;
	for (size_t i = 0; i < n; i++) {
		char *p = iot_asprintf("%s/%s", rel, names[i]);

		free(copy_link(c, p));
		free(p);
	}
	iot_tree_free_list(names, n);
	free(rel);
	c->s->n_groups++;
}

/*
 * sys/class/iommu/NAME: the link, and the register attributes the x86
 * drivers export below its target (what iommu_class.c reads).
 */
static void copy_iommu(struct snap *c, const char *name)
{
	static const char *const attrs[] = {
		"intel-iommu/cap",     "intel-iommu/ecap", "intel-iommu/version",
		"intel-iommu/address", "amd-iommu/cap",	   "amd-iommu/features",
	};
	char *rel = iot_asprintf("sys/class/iommu/%s", name);
	char *target = copy_link(c, rel), *dir;

	free(rel);
	if (!target)
		return;
	dir = iot_tree_resolve_rel("sys/class/iommu", target);
	free(target);
	if (!dir || strncmp(dir, "sys/devices/", 12)) {
		free(dir);
		return;
	}
	for (size_t i = 0; i < IOT_ARRAY_SIZE(attrs); i++) {
		char *p = iot_asprintf("%s/%s", dir, attrs[i]);

		copy_file(c, p, IOT_TREE_TEXT_MAX);
		free(p);
	}
	free(dir);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* @dir must be absent or an empty directory.  Returns 0, or -1 with an error. */
static int check_target(struct snap *c, const char *dir)
{
	struct iot_loc loc = iot_loc_text(dir, 0, 0);
	struct stat st;
	struct dirent *e;
	DIR *dd;

	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		iot_error(c->d, &loc, "cannot stat: %s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		iot_error(c->d, &loc, "exists and is not a directory: refusing to overwrite it");
		return -1;
	}
	dd = opendir(dir);
	if (!dd) {
		iot_error(c->d, &loc, "cannot open directory: %s", strerror(errno));
		return -1;
	}
	while ((e = readdir(dd))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(dd);
			iot_error(c->d, &loc, "directory is not empty: refusing to overwrite it");
			return -1;
		}
	}
	closedir(dd);
	return 0;
}

/* @dir without trailing slashes (new string). */
static char *strip_slashes(const char *dir)
{
	char *p = iot_strdup(dir);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/* A temporary directory beside @dir, on the same file system so rename() works. */
static char *make_tmp(struct snap *c, const char *dir)
{
	char *parent = iot_strdup(dir);
	char *slash = strrchr(parent, '/');
	char *tmp;

	if (!slash)
		tmp = iot_strdup(".iotopo-snapshot-XXXXXX");
	else if (slash == parent)
		tmp = iot_strdup("/.iotopo-snapshot-XXXXXX");
	else
		tmp = (*slash = '\0', iot_asprintf("%s/.iotopo-snapshot-XXXXXX", parent));
	free(parent);
	if (!mkdtemp(tmp)) {
		/* @dir is the caller's stripped copy, freed before the diagnostics print */
		iot_tree_file_diag(&c->k, c->d, dir,
				   "cannot create a temporary directory beside it: %s",
				   strerror(errno));
		free(tmp);
		return NULL;
	}
	/* mkdtemp makes it private; a snapshot is meant to be shared */
	chmod(tmp, 0755);
	return tmp;
}

int iot_sysfs_snapshot(const char *root, const char *dir, struct iot_sysfs_snapshot *s,
		       struct iot_diags *d)
{
	struct snap c = { .root = root, .s = s, .d = d };
	struct iot_sysfs_info info;
	char *target;

	memset(s, 0, sizeof(*s));
	c.k = (struct iot_keeper)IOT_KEEPER(s);
	if (iot_sysfs_find_firmware(root, &info, d) < 0)
		return -1;
	target = strip_slashes(dir);
	if (check_target(&c, dir) < 0 || !(c.tmp = make_tmp(&c, target))) {
		iot_sysfs_info_free(&info);
		free(target);
		return -1;
	}
	copy_file(&c, "proc/sys/kernel/osrelease", IOT_TREE_TEXT_MAX);
	copy_file(&c, "proc/cmdline", IOT_TREE_CMDLINE_MAX);
	/* the tables directory itself says "ACPI", even with none of our tables in it */
	if (info.acpi && mkdirs(&c, "sys/firmware/acpi/tables") < 0)
		c.rc = -1;
	iot_sysfs_info_free(&info);
	copy_file(&c, "sys/firmware/fdt", FIRMWARE_MAX);
	/* every table iotopo reads (tables/registry.h), and the MCFG for the ECAM windows */
	{
		size_t n;
		const struct iot_acpi_table *reg = iot_acpi_tables(&n);

		for (size_t i = 0; i < n; i++) {
			char rel[40];

			snprintf(rel, sizeof(rel), "sys/firmware/acpi/tables/%.4s", reg[i].sig);
			copy_file(&c, rel, FIRMWARE_MAX);
		}
	}
	copy_file(&c, "sys/firmware/acpi/tables/MCFG", FIRMWARE_MAX);
	copy_list(&c, "sys/bus/pci/devices", copy_func);
	copy_list(&c, "sys/kernel/iommu_groups", copy_group);
	copy_list(&c, "sys/class/iommu", copy_iommu);
	/* what operators' verdicts read: slot names, and what backs the host's filesystems */
	copy_list(&c, "sys/bus/pci/slots", copy_slot);
	copy_file(&c, "proc/mounts", 16u << 20);
	copy_file(&c, "proc/swaps", 1u << 20);
	copy_list(&c, "sys/class/block", copy_block);
	copy_list(&c, "sys/block", copy_dm_name);
	if (s->n_partial_config) {
		struct iot_loc loc = iot_loc_text(root, 0, 0);

		iot_warning(d, &loc,
			    "%zu of %zu PCI functions: only the 64-byte config header was readable "
			    "(run as root to copy capabilities)",
			    s->n_partial_config, s->n_funcs);
	}
	if (c.rc == 0)
		sync_tree(&c);
	if (c.rc == 0 && rename(c.tmp, target) < 0) {
		struct iot_loc loc = iot_loc_text(dir, 0, 0);

		iot_error(d, &loc, "cannot move the snapshot into place: %s", strerror(errno));
		c.rc = -1;
	}
	if (c.rc < 0)
		nftw(c.tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(c.tmp);
	free(target);
	return c.rc;
}

void iot_sysfs_snapshot_free(struct iot_sysfs_snapshot *s)
{
	for (size_t i = 0; i < s->n_kept; i++)
		free(s->kept[i]);
	free(s->kept);
	memset(s, 0, sizeof(*s));
}
