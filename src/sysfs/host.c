// SPDX-License-Identifier: MIT
/*
 * What a running host shows about its PCI functions beyond config space,
 * for operators: physical slot names (sys/bus/pci/slots/NAME/address,
 * drivers/pci/slot.c), the boot display (boot_vga, pci-sysfs.c), and the
 * functions behind mounted filesystems and swap (proc/mounts, proc/swaps,
 * sys/class/block/NAME and its slaves/).  All of it is optional: a tree
 * without these files gives functions without slot names or host use.
 */
#include "sysfs/host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* A function of @t by segment, bus and devfn. */
struct fidx {
	uint32_t key; /* segment << 16 | bus << 8 | devfn */
	int root, dev;
};

static int fidx_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct fidx *)a)->key, y = ((const struct fidx *)b)->key;

	return (x > y) - (x < y);
}

struct host {
	const char *root;
	struct iot_topology *t;
	struct iot_keeper *k;
	struct iot_diags *d;
	struct fidx *v; /* built on first use: most trees have no slot, display or mount */
	size_t n;
	bool indexed;
};

static void index_funcs(struct host *h)
{
	if (h->indexed)
		return;
	h->indexed = true;
	for (size_t r = 0; r < h->t->n_roots; r++)
		h->n += h->t->roots[r].n_devs;
	h->v = iot_xmalloc((h->n + 1) * sizeof(*h->v));
	h->n = 0;
	for (size_t r = 0; r < h->t->n_roots; r++)
		for (size_t i = 0; i < h->t->roots[r].n_devs; i++) {
			const struct iot_pci_dev *p = &h->t->roots[r].devs[i];

			h->v[h->n].key = (uint32_t)h->t->roots[r].segment << 16 |
					 (uint32_t)p->bus << 8 | p->devfn;
			h->v[h->n].root = (int)r;
			h->v[h->n++].dev = (int)i;
		}
	qsort(h->v, h->n, sizeof(*h->v), fidx_cmp);
}

/* The first index whose key is >= @key. */
static size_t lower(struct host *h, uint32_t key)
{
	size_t lo = 0, hi;

	index_funcs(h);
	hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct iot_pci_dev *dev_at(const struct host *h, size_t i)
{
	return &h->t->roots[h->v[i].root].devs[h->v[i].dev];
}

/* ---- slots ---- */

/*
 * A slot's address is "DDDD:BB:DD" (slot.c:address_read_file), "DDDD:BB"
 * for a placeholder (any device of the bus).  A PCIe hot-plug slot covers
 * the whole link below its port (pciehp: PCI_SLOT_ALL_DEVICES, printed as
 * device 00), so with ARI every function of that bus is in it.
 */
static void one_slot(struct host *h, const char *name, const char *addr)
{
	unsigned int seg, bus, dev;
	int n = 0, got = sscanf(addr, "%x:%x:%x%n", &seg, &bus, &dev, &n);
	bool whole_bus = false;
	size_t lo;

	if (got == 2 || (got == 3 && addr[n] != '\0')) {
		got = sscanf(addr, "%x:%x%n", &seg, &bus, &n);
		if (got != 2 || addr[n] != '\0')
			return;
		whole_bus = true;
	} else if (got != 3) {
		return;
	}
	if (seg > 0xffff || bus > 0xff || dev > 0x1f)
		return;
	lo = lower(h, seg << 16 | bus << 8);
	if (!whole_bus && dev == 0 && lo < h->n && h->v[lo].key >> 8 == (seg << 8 | bus)) {
		const struct iot_pci_dev *p = dev_at(h, lo);
		const struct iot_pci_root *r = &h->t->roots[h->v[lo].root];

		if (p->parent >= 0 && (r->devs[p->parent].type == IOT_PCI_ROOT_PORT ||
				       r->devs[p->parent].type == IOT_PCI_DOWNSTREAM_PORT))
			whole_bus = true;
	}
	for (size_t i = lo; i < h->n && h->v[i].key >> 8 == (seg << 8 | bus); i++) {
		struct iot_pci_dev *p = dev_at(h, i);

		if (!p->slot && (whole_bus || (p->devfn >> 3) == dev))
			p->slot = iot_strdup(name);
	}
}

static void read_slots(struct host *h)
{
	char *dir = iot_tree_join(h->root, "sys/bus/pci/slots");
	size_t n;
	bool err;
	char **names = iot_tree_list_dir(h->k, dir, 65536, &n, h->d, &err);

	for (size_t i = 0; i < n; i++) {
		char *p = iot_asprintf("%s/%s/address", dir, names[i]);
		char *addr = NULL;

		if (iot_tree_read_text(h->k, p, IOT_TREE_TEXT_MAX, &addr, h->d) > 0)
			one_slot(h, names[i], addr);
		free(addr);
		free(p);
	}
	iot_tree_free_list(names, n);
	free(dir);
}

/* ---- the boot display ---- */

/* pci-sysfs.c:boot_vga_show exists for VGA class devices; read from sysfs only */
static bool may_be_boot_vga(const struct iot_pci_dev *p)
{
	return (p->class_code >> 8) == 0x0300 && p->loc.file && p->loc.src == IOT_SRC_SYSFS;
}

static void read_boot_vga(struct host *h)
{
	bool any = false;

	for (size_t r = 0; r < h->t->n_roots && !any; r++)
		for (size_t i = 0; i < h->t->roots[r].n_devs && !any; i++)
			any = may_be_boot_vga(&h->t->roots[r].devs[i]);
	if (!any)
		return;
	index_funcs(h); /* read in BDF order */
	for (size_t i = 0; i < h->n; i++) {
		struct iot_pci_dev *p = dev_at(h, i);
		const char *cfg = p->loc.file;
		const char *slash;
		char *path, *s = NULL;

		if (!may_be_boot_vga(p) || !(slash = strrchr(cfg, '/')))
			continue;
		path = iot_asprintf("%.*s/boot_vga", (int)(slash - cfg), cfg);
		if (iot_tree_read_text(h->k, path, IOT_TREE_TEXT_MAX, &s, h->d) > 0 &&
		    !strcmp(s, "1"))
			p->host_use |= IOT_HOST_BOOT_VGA;
		free(s);
		free(path);
	}
}

/* ---- block devices behind mounts and swap ---- */

/* Mark @use on the function whose directory holds block device @name (recursively through slaves). */
static void mark_block(struct host *h, const char *name, unsigned int use, const char *what,
		       int depth)
{
	char *link = iot_asprintf("sys/class/block/%s", name);
	char *abs = iot_tree_join(h->root, link);
	char *target = NULL, *rel;
	const char *last_bdf = NULL;
	size_t last_len = 0;

	if (depth > 8 || strchr(name, '/') || iot_tree_read_link(h->k, abs, &target, h->d) <= 0)
		goto out;
	rel = iot_tree_resolve_rel("sys/class/block", target);
	if (!rel)
		goto out;
	/* the innermost PCI function on the device path owns it (a VF, an NVMe, an HBA) */
	for (const char *c = rel; *c;) {
		const char *e = strchr(c, '/');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		uint32_t seg;
		uint8_t bus, devfn;

		if (iot_tree_parse_bdf(c, len, &seg, &bus, &devfn)) {
			last_bdf = c;
			last_len = len;
		}
		c += len + (e != NULL);
	}
	if (last_bdf) {
		uint32_t seg;
		uint8_t bus, devfn;
		size_t i;

		iot_tree_parse_bdf(last_bdf, last_len, &seg, &bus, &devfn);
		i = lower(h, seg << 16 | (uint32_t)bus << 8 | devfn);
		if (i < h->n && h->v[i].key == (seg << 16 | (uint32_t)bus << 8 | devfn)) {
			struct iot_pci_dev *p = dev_at(h, i);

			/* the root filesystem is named first; then the first other use */
			if (!p->host_use_what) {
				p->host_use_what = iot_strdup(what);
			}
			p->host_use |= use;
		}
	} else {
		/* device-mapper, md, loop: what lies below (through the resolved path: in a
		 * capture the class link is a file) */
		char *slaves = iot_asprintf("%s/%s/slaves", h->root, rel);
		size_t n;
		bool err;
		char **v = iot_tree_list_dir(h->k, slaves, 256, &n, h->d, &err);

		for (size_t i = 0; i < n; i++)
			mark_block(h, v[i], use, what, depth + 1);
		iot_tree_free_list(v, n);
		free(slaves);
	}
	free(rel);
out:
	free(target);
	free(abs);
	free(link);
}

/* "mapper/NAME": the dm-N whose dm/name is NAME. */
static char *dm_by_name(struct host *h, const char *name)
{
	char *dir = iot_tree_join(h->root, "sys/block");
	size_t n;
	bool err;
	char **v = iot_tree_list_dir(h->k, dir, 65536, &n, h->d, &err);
	char *found = NULL;

	for (size_t i = 0; i < n && !found; i++) {
		char *p, *s = NULL;

		if (strncmp(v[i], "dm-", 3))
			continue;
		p = iot_asprintf("%s/%s/dm/name", dir, v[i]);
		if (iot_tree_read_text(h->k, p, IOT_TREE_TEXT_MAX, &s, h->d) > 0 &&
		    !strcmp(s, name))
			found = iot_strdup(v[i]);
		free(s);
		free(p);
	}
	iot_tree_free_list(v, n);
	free(dir);
	return found;
}

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static void mark_source(struct host *h, const char *dev, unsigned int use, const char *what)
{
	char *dm = NULL;

	if (strncmp(dev, "/dev/", 5))
		return; /* nfs, overlay, tmpfs: no local block device */
	dev += 5;
	if (!strncmp(dev, "mapper/", 7)) {
		dm = dm_by_name(h, dev + 7);
		if (!dm)
			return;
		dev = dm;
	}
	mark_block(h, dev, use, what, 0);
	free(dm);
}

static void read_mounts(struct host *h)
{
	char *path = iot_tree_join(h->root, "proc/mounts");
	uint8_t *data = NULL;
	size_t len;

	/* the root filesystem first, so it names the function whatever else it holds */
	for (int pass = 0; pass < 2; pass++) {
		if (iot_tree_read_bounded(h->k, path, 16u << 20, &data, &len, h->d) <= 0)
			break;
		for (char *line = (char *)data, *next; line && *line; line = next) {
			char src[512], mnt[512], what[1100];

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (sscanf(line, "%511s %511s", src, mnt) != 2)
				continue;
			unescape(src);
			unescape(mnt);
			if (pass == 0 && strcmp(mnt, "/"))
				continue;
			if (pass == 1 && !strcmp(mnt, "/"))
				continue;
			snprintf(what, sizeof(what), "%s on %s", mnt,
				 src + (strncmp(src, "/dev/", 5) ? 0 : 5));
			mark_source(h, src, pass == 0 ? IOT_HOST_ROOT_FS : IOT_HOST_MOUNTED, what);
		}
		free(data);
		data = NULL;
	}
	free(path);
	path = iot_tree_join(h->root, "proc/swaps");
	if (iot_tree_read_bounded(h->k, path, 1u << 20, &data, &len, h->d) > 0) {
		char *line = strchr((char *)data, '\n'); /* the header */

		while (line && *++line) {
			char *next = strchr(line, '\n'), src[512], what[600];

			if (next)
				*next = '\0';
			if (sscanf(line, "%511s", src) == 1) {
				unescape(src);
				snprintf(what, sizeof(what), "swap on %s",
					 src + (strncmp(src, "/dev/", 5) ? 0 : 5));
				mark_source(h, src, IOT_HOST_MOUNTED, what);
			}
			line = next;
		}
	}
	free(data);
	free(path);
}

void iot_sysfs_read_host(const char *root, struct iot_topology *t, struct iot_keeper *k,
			 struct iot_diags *d)
{
	struct host h = { .root = root, .t = t, .k = k, .d = d };

	read_slots(&h);
	read_boot_vga(&h);
	read_mounts(&h);
	free(h.v);
}
