// SPDX-License-Identifier: MIT
#include "sysfs/sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysfs/pciconfig.h"
#include "sysfs/tree.h"
#include "util/mem.h"

struct func {
	uint32_t seg;
	uint8_t bus;
	uint8_t devfn;
	bool has_parent; /* behind a bridge (else on a root bus) */
	uint8_t pbus, pdevfn;
	uint8_t host_bus; /* root-bus functions: the host bridge's bus */
	struct iot_pci_dev dev; /* owns dev.driver */
	/* ordering */
	size_t parent; /* index in the sorted array, SIZE_MAX = none */
	size_t first_child, next_sibling, last_child;
	int new_index;
};

struct funcs {
	struct func *v;
	size_t n, cap;
};

static struct func *add_func(struct funcs *f)
{
	struct func *x;

	iot_grow((void **)&f->v, &f->cap, f->n + 1, sizeof(*f->v));
	x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->dev.parent = IOT_NONE;
	return x;
}

static void free_funcs(struct funcs *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].dev.driver);
	free(f->v);
}

static uint64_t func_key(uint32_t seg, uint8_t bus, uint8_t devfn)
{
	return (uint64_t)seg << 16 | (uint64_t)bus << 8 | devfn;
}

static int cmp_func(const void *a, const void *b)
{
	const struct func *x = a, *y = b;
	uint64_t kx = func_key(x->seg, x->bus, x->devfn), ky = func_key(y->seg, y->bus, y->devfn);

	return kx < ky ? -1 : kx > ky;
}

static size_t find_func(const struct funcs *f, uint32_t seg, uint8_t bus, uint8_t devfn)
{
	uint64_t key = func_key(seg, bus, devfn);
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k = func_key(f->v[mid].seg, f->v[mid].bus, f->v[mid].devfn);

		if (k == key)
			return mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

struct ctx {
	const char *root;
	struct iot_topology *t;
	struct iot_sysfs_info *info;
	struct iot_diags *d;
	size_t n_roots_before; /* roots the model had (from firmware) before this load */
	struct iot_keeper k;
	struct funcs f;
	int rc;
};

/* A sysfs hex attribute ("0x1b36"); false (and a warning) if malformed. */
static bool read_hex_attr(struct ctx *c, const char *dir, const char *name, uint32_t max,
			  uint32_t *out)
{
	char *path = iot_asprintf("%s/%s", dir, name);
	char *s = NULL, *end;
	unsigned long v;
	bool ok = false;

	if (iot_tree_read_text(&c->k, path, IOT_TREE_TEXT_MAX, &s, c->d) <= 0)
		goto out;
	errno = 0;
	v = strtoul(s, &end, 16);
	if (errno || end == s || *end || v > max) {
		struct iot_loc loc = iot_loc_text(iot_tree_keep(&c->k, iot_strdup(path)), 1, 1);

		iot_warning(c->d, &loc, "'%s' is not a hex value up to 0x%x; using config space", s,
			    max);
		goto out;
	}
	*out = (uint32_t)v;
	ok = true;
out:
	free(s);
	free(path);
	return ok;
}

/* The bound driver: the last component of the driver link, or NULL. */
static int read_driver(struct ctx *c, const char *dir, struct iot_pci_dev *dev)
{
	char *path = iot_asprintf("%s/driver", dir);
	char *target = NULL;
	int rc = iot_tree_read_link(&c->k, path, &target, c->d);

	free(path);
	dev->driver_known = rc >= 0;
	if (rc > 0)
		dev->driver = iot_strdup(iot_tree_basename_of(target));
	free(target);
	return rc < 0 ? -1 : 0;
}

static int read_config(struct ctx *c, const char *dir, struct iot_pci_dev *dev)
{
	char *path = iot_asprintf("%s/config", dir);
	struct iot_pciconfig pc;
	const char *kept;
	uint32_t vendor, device, class_code;
	bool has_vendor, has_device, has_class;
	uint8_t *cfg;
	size_t len;
	int rc = iot_tree_read_bounded(&c->k, path, IOT_PCI_CFG_EXP_SIZE, &cfg, &len, c->d);

	if (rc == 0)
		iot_tree_file_diag(&c->k, c->d, path,
				   "missing: every PCI function has a config file");
	if (rc <= 0) {
		free(path);
		return -1;
	}
	kept = iot_tree_keep(&c->k, path);
	/*
	 * The kernel's IDs (what quirks match) are the vendor/device/class
	 * attributes: class fixups change the class, and an SR-IOV VF's
	 * Vendor and Device ID registers read 0xffff while the kernel takes
	 * them from the PF (iov.c:pci_iov_add_virtfn).
	 */
	has_vendor = read_hex_attr(c, dir, "vendor", 0xffff, &vendor);
	has_device = read_hex_attr(c, dir, "device", 0xffff, &device);
	has_class = read_hex_attr(c, dir, "class", 0xffffff, &class_code);
	if (len >= 4 && cfg[0] == 0xff && cfg[1] == 0xff && has_vendor && has_device) {
		cfg[0] = vendor & 0xff;
		cfg[1] = (uint8_t)(vendor >> 8);
		cfg[2] = device & 0xff;
		cfg[3] = (uint8_t)(device >> 8);
	}
	rc = iot_pciconfig_parse(cfg, len, &pc, kept, c->d);
	free(cfg);
	if (rc < 0)
		return -1;
	if (!pc.caps_read && c->info)
		c->info->n_partial_config++;
	iot_pciconfig_to_dev(&pc, dev);
	dev->loc = iot_loc_text(kept, 0, 0);
	if (has_vendor)
		dev->vendor = (uint16_t)vendor;
	if (has_device)
		dev->device = (uint16_t)device;
	if (has_class)
		dev->class_code = class_code;
	return 0;
}

/* Where a function sits: the directory above it is a bridge function or a host bridge. */
static void place_func(struct ctx *c, struct func *fn, const char *rel, const char *name)
{
	const char *last = strrchr(rel, '/');
	const char *prev;
	uint32_t seg;
	uint8_t bus, devfn;

	fn->host_bus = fn->bus;
	if (!last)
		return;
	prev = last;
	while (prev > rel && prev[-1] != '/')
		prev--;
	if (iot_tree_parse_bdf(prev, (size_t)(last - prev), &seg, &bus, &devfn)) {
		if (seg != fn->seg) {
			char *p = iot_tree_join(c->root, rel);

			iot_tree_file_diag(&c->k, c->d, p,
					   "%s sits below %.*s, a function of another segment",
					   name, (int)(last - prev), prev);
			free(p);
			c->rc = -1;
			return;
		}
		fn->has_parent = true;
		fn->pbus = bus;
		fn->pdevfn = devfn;
		return;
	}
	if (iot_tree_parse_host(prev, (size_t)(last - prev), &seg, &bus))
		fn->host_bus = bus;
}

static void read_func(struct ctx *c, const char *name)
{
	char *lpath = iot_asprintf("%s/%s", "sys/bus/pci/devices", name);
	char *abs = iot_tree_join(c->root, lpath);
	char *target = NULL, *rel = NULL, *dir = NULL;
	struct func *fn;
	uint32_t seg;
	uint8_t bus, devfn;

	if (!iot_tree_parse_bdf(name, strlen(name), &seg, &bus, &devfn)) {
		iot_tree_file_diag(&c->k, c->d, abs, "not a PCI function name (DDDD:BB:DD.F)");
		goto fail;
	}
	if (seg > 0xffff) {
		/* VMD and Hyper-V domains: the model's segment is 16 bits, like ACPI's */
		struct iot_loc loc = iot_loc_text(iot_tree_keep(&c->k, iot_strdup(abs)), 0, 0);

		iot_warning(c->d, &loc,
			    "domain 0x%x is beyond the 16-bit PCI segments firmware "
			    "describes (VMD, Hyper-V); function skipped",
			    seg);
		goto out;
	}
	if (iot_tree_read_link(&c->k, abs, &target, c->d) <= 0)
		goto fail;
	rel = iot_tree_resolve_rel("sys/bus/pci/devices", target);
	if (!rel || strncmp(rel, "sys/devices/", 12) || strcmp(iot_tree_basename_of(rel), name)) {
		iot_tree_file_diag(&c->k, c->d, abs, "link target '%s' is not sys/devices/.../%s",
				   target, name);
		goto fail;
	}
	dir = iot_tree_join(c->root, rel);
	fn = add_func(&c->f);
	fn->seg = seg;
	fn->bus = bus;
	fn->devfn = devfn;
	fn->dev.bus = bus;
	fn->dev.devfn = devfn;
	place_func(c, fn, rel, name);
	if (read_config(c, dir, &fn->dev) < 0 || read_driver(c, dir, &fn->dev) < 0) {
		free(fn->dev.driver);
		c->f.n--;
		goto fail;
	}
	{
		char *physfn = iot_asprintf("%s/physfn", dir);
		struct stat st;

		fn->dev.is_vf = lstat(physfn, &st) == 0;
		free(physfn);
	}
	if (c->info)
		c->info->n_funcs++;
	goto out;
fail:
	c->rc = -1;
out:
	free(dir);
	free(rel);
	free(target);
	free(abs);
	free(lpath);
}

/*
 * The model root for a segment's functions.  Firmware keys host bridges by
 * segment (iort.c:iort_match_node_callback compares the PCI segment;
 * viot.c matches segment and BDF range; each DT host controller gets its
 * own domain, pci.c:of_get_pci_domain_nr), so one root per segment: the
 * one whose bus range holds the lowest host bridge bus, else the first with
 * that segment, else a new "pciSSSS" with no ID maps.
 */
static size_t target_root(struct ctx *c, uint32_t seg, uint8_t host_bus, bool *created)
{
	size_t first = SIZE_MAX;

	*created = false;
	for (size_t i = 0; i < c->t->n_roots; i++) {
		const struct iot_pci_root *r = &c->t->roots[i];

		if (r->segment != seg)
			continue;
		if (host_bus >= r->bus_start && host_bus <= r->bus_end)
			return i;
		if (first == SIZE_MAX)
			first = i;
	}
	if (first != SIZE_MAX)
		return first;
	if (c->n_roots_before) {
		struct iot_loc loc = iot_loc_text(c->root, 0, 0);

		iot_diag(c->d, IOT_SEV_NOTE, &loc, NULL,
			 "no firmware PCI root for segment %u: its functions go to a new root "
			 "pci%04x with no ID maps",
			 seg, seg);
	}
	{
		struct iot_pci_root *r = iot_add_root(c->t);

		r->name = iot_asprintf("pci%04x", seg);
		r->segment = (uint16_t)seg;
		r->bus_start = host_bus;
		r->bus_end = host_bus;
	}
	*created = true;
	return c->t->n_roots - 1;
}

/* Move the functions a root already has into @f so they are ordered with the new ones. */
static void take_existing(struct ctx *c, struct funcs *f, struct iot_pci_root *r)
{
	for (size_t i = 0; i < r->n_devs; i++) {
		struct iot_pci_dev *dev = &r->devs[i];
		struct func *fn;

		if (find_func(&c->f, r->segment, dev->bus, dev->devfn) != SIZE_MAX) {
			free(dev->driver); /* replaced by what sysfs says */
			continue;
		}
		fn = add_func(f);
		fn->seg = r->segment;
		fn->bus = dev->bus;
		fn->devfn = dev->devfn;
		fn->host_bus = dev->bus;
		fn->dev = *dev;
		if (dev->parent >= 0 && (size_t)dev->parent < r->n_devs) {
			fn->has_parent = true;
			fn->pbus = r->devs[dev->parent].bus;
			fn->pdevfn = r->devs[dev->parent].devfn;
		}
	}
	free(r->devs);
	r->devs = NULL;
	r->n_devs = r->cap_devs = 0;
}

/*
 * The model's order (model.h): depth-first by BDF, a bridge followed by the
 * functions below it, as bus.c:pci_walk_bus visits them.  (The kernel's
 * device_add order differs: a whole bus before its child buses; deriving
 * that is the simulator's job.)  @f is sorted; functions never reached from
 * the root bus (parents that form a loop) are reported.
 */
static void order_into_root(struct ctx *c, struct funcs *f, struct iot_pci_root *r)
{
	size_t *stack, sp = 0;
	int next = 0;

	for (size_t i = 0; i < f->n; i++) {
		f->v[i].parent = f->v[i].first_child = f->v[i].next_sibling = SIZE_MAX;
		f->v[i].last_child = SIZE_MAX;
		f->v[i].new_index = IOT_NONE;
	}
	for (size_t i = 0; i < f->n; i++) {
		struct func *fn = &f->v[i];
		size_t p;

		if (!fn->has_parent)
			continue;
		p = find_func(f, fn->seg, fn->pbus, fn->pdevfn);
		if (p == SIZE_MAX || p == i) {
			struct iot_loc loc =
				fn->dev.loc.file ? fn->dev.loc : iot_loc_text(c->root, 0, 0);
			char a[8], b[8];

			iot_bdf_format(a, fn->bus, fn->devfn);
			iot_bdf_format(b, fn->pbus, fn->pdevfn);
			iot_warning(c->d, &loc,
				    "%s: parent bridge %s is not a PCI function here; "
				    "placed on the root bus",
				    a, b);
			fn->has_parent = false;
			continue;
		}
		fn->parent = p;
		if (f->v[p].last_child == SIZE_MAX)
			f->v[p].first_child = i;
		else
			f->v[f->v[p].last_child].next_sibling = i;
		f->v[p].last_child = i;
	}
	iot_grow((void **)&r->devs, &r->cap_devs, f->n ? f->n : 1, sizeof(*r->devs));
	stack = iot_xmalloc((f->n + 1) * sizeof(*stack));
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].has_parent)
			continue;
		stack[sp++] = i;
		while (sp) {
			size_t x = stack[--sp];
			struct func *fn = &f->v[x];
			size_t kids = 0;

			fn->new_index = next++;
			r->devs[fn->new_index] = fn->dev;
			r->devs[fn->new_index].parent =
				fn->parent == SIZE_MAX ? IOT_NONE : f->v[fn->parent].new_index;
			fn->dev.driver = NULL; /* moved */
			/* push children in reverse so the lowest BDF comes out first */
			for (size_t ch = fn->first_child; ch != SIZE_MAX;
			     ch = f->v[ch].next_sibling)
				kids++;
			sp += kids;
			{
				size_t j = sp;

				for (size_t ch = fn->first_child; ch != SIZE_MAX;
				     ch = f->v[ch].next_sibling)
					stack[--j] = ch;
			}
		}
	}
	r->n_devs = (size_t)next;
	for (size_t i = 0; i < f->n; i++) {
		struct func *fn = &f->v[i];
		char a[8];

		if (fn->new_index != IOT_NONE)
			continue;
		iot_bdf_format(a, fn->bus, fn->devfn);
		{
			struct iot_loc loc =
				fn->dev.loc.file ? fn->dev.loc : iot_loc_text(c->root, 0, 0);

			iot_error(c->d, &loc,
				  "%s: its parent bridges form a loop; function dropped", a);
		}
		c->rc = -1;
	}
	free(stack);
}

/* Bus range of a root made here: the host bridges' buses through the highest subordinate. */
static void widen_bus_range(struct iot_pci_root *r, const struct funcs *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct func *fn = &f->v[i];
		uint8_t hi = fn->bus;

		if (!fn->has_parent && fn->host_bus < r->bus_start)
			r->bus_start = fn->host_bus;
		if (iot_pci_type_is_bridge(fn->dev.type) && fn->dev.subordinate > hi)
			hi = fn->dev.subordinate;
		if (hi > r->bus_end)
			r->bus_end = hi;
	}
}

/* Place the functions of segment @seg (c->f.v[lo..hi)) into their model root. */
static void attach_segment(struct ctx *c, size_t lo, size_t hi)
{
	struct funcs seg = { 0 };
	uint8_t host_bus = 0xff;
	bool created;
	size_t ri;

	for (size_t i = lo; i < hi; i++)
		if (!c->f.v[i].has_parent && c->f.v[i].host_bus < host_bus)
			host_bus = c->f.v[i].host_bus;
	ri = target_root(c, c->f.v[lo].seg, host_bus == 0xff ? 0 : host_bus, &created);
	for (size_t i = lo; i < hi; i++) {
		*add_func(&seg) = c->f.v[i];
		c->f.v[i].dev.driver = NULL; /* moved */
	}
	take_existing(c, &seg, &c->t->roots[ri]);
	qsort(seg.v, seg.n, sizeof(*seg.v), cmp_func);
	if (created)
		widen_bus_range(&c->t->roots[ri], &seg);
	order_into_root(c, &seg, &c->t->roots[ri]);
	free_funcs(&seg);
}

static void read_kernel(struct ctx *c)
{
	char *path = iot_tree_join(c->root, "proc/sys/kernel/osrelease");
	char *s;

	if (iot_tree_read_text(&c->k, path, IOT_TREE_TEXT_MAX, &s, c->d) > 0) {
		if (*s) {
			free(c->t->kernel.version);
			c->t->kernel.version = s;
		} else {
			free(s);
		}
	}
	free(path);
	path = iot_tree_join(c->root, "proc/cmdline");
	if (iot_tree_read_text(&c->k, path, IOT_TREE_CMDLINE_MAX, &s, c->d) > 0) {
		free(c->t->kernel.cmdline);
		c->t->kernel.cmdline = s;
	}
	free(path);
}

static char *present(const char *root, const char *rel)
{
	char *p = iot_tree_join(root, rel);
	struct stat st;

	if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
		return p;
	free(p);
	return NULL;
}

int iot_sysfs_find_firmware(const char *root, struct iot_sysfs_info *info, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(root, 0, 0);
	struct stat st;
	char *p;

	memset(info, 0, sizeof(*info));
	if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		iot_error(d, &loc, "not a directory");
		return -1;
	}
	p = iot_tree_join(root, "sys");
	if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
		iot_error(d, &loc, "not a sysfs tree: no sys/ directory");
		free(p);
		return -1;
	}
	free(p);
	info->fdt = present(root, "sys/firmware/fdt");
	info->mcfg = present(root, "sys/firmware/acpi/tables/MCFG");
	p = iot_tree_join(root, "sys/firmware/acpi/tables");
	info->acpi = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	if (info->acpi)
		info->acpi_dir = p;
	else
		free(p);
	return 0;
}

size_t iot_sysfs_firmware_paths(const struct iot_sysfs_info *info, const char *paths[5])
{
	size_t n = 0;

	if (!info->acpi && info->fdt)
		paths[n++] = info->fdt;
	return n;
}

void iot_sysfs_info_free(struct iot_sysfs_info *info)
{
	free(info->fdt);
	free(info->acpi_dir);
	free(info->mcfg);
	memset(info, 0, sizeof(*info));
}

int iot_sysfs_load(const char *root, struct iot_topology *t, struct iot_sysfs_info *info,
		   struct iot_diags *d)
{
	struct iot_sysfs_info local;
	struct ctx c = { .root = root, .t = t, .d = d, .k = IOT_KEEPER(t) };
	char **names;
	size_t n;
	bool err;
	char *path;

	c.info = info ? info : &local;
	c.n_roots_before = t->n_roots;
	if (iot_sysfs_find_firmware(root, c.info, d) < 0)
		return -1;
	path = iot_tree_join(root, "sys/bus/pci/devices");
	names = iot_tree_list_dir(&c.k, path, IOT_SYSFS_MAX_FUNCS, &n, d, &err);
	free(path);
	if (err)
		c.rc = -1;
	for (size_t i = 0; i < n; i++)
		read_func(&c, names[i]);
	iot_tree_free_list(names, n);
	if (c.f.n)
		qsort(c.f.v, c.f.n, sizeof(*c.f.v), cmp_func);
	for (size_t lo = 0, hi; lo < c.f.n; lo = hi) {
		for (hi = lo + 1; hi < c.f.n && c.f.v[hi].seg == c.f.v[lo].seg; hi++)
			;
		attach_segment(&c, lo, hi);
	}
	free_funcs(&c.f);
	if (c.info->n_partial_config) {
		struct iot_loc loc = iot_loc_text(root, 0, 0);

		iot_warning(
			d, &loc,
			"%zu of %zu PCI functions: only the 64-byte config header is readable "
			"(reading capabilities needs root): PCIe port types, ACS and SR-IOV are "
			"unknown",
			c.info->n_partial_config, c.info->n_funcs);
	}
	read_kernel(&c);
	iot_sysfs_read_iommu_regs(root, t, d);
	if (!info)
		iot_sysfs_info_free(&local);
	return c.rc;
}

void iot_sysfs_dev_name(char *out, const struct iot_pci_root *r, const struct iot_pci_dev *dev)
{
	snprintf(out, 16, "%04x:%02x:%02x.%u", r->segment, dev->bus, dev->devfn >> 3,
		 dev->devfn & 7);
}

/* ---- sys/kernel/iommu_groups (for comparison only) ---- */

static const char *const domain_names[] = {
	[IOT_SYSFS_DOMAIN_UNKNOWN] = "unknown", [IOT_SYSFS_DOMAIN_DMA] = "DMA",
	[IOT_SYSFS_DOMAIN_DMA_FQ] = "DMA-FQ",	[IOT_SYSFS_DOMAIN_IDENTITY] = "identity",
	[IOT_SYSFS_DOMAIN_BLOCKED] = "blocked",
};

const char *iot_sysfs_domain_name(enum iot_sysfs_domain t)
{
	return (unsigned int)t < IOT_ARRAY_SIZE(domain_names) ? domain_names[t] : "?";
}

static enum iot_sysfs_domain parse_domain(const char *s)
{
	for (size_t i = 1; i < IOT_ARRAY_SIZE(domain_names); i++)
		if (!strcmp(s, domain_names[i]))
			return (enum iot_sysfs_domain)i;
	return IOT_SYSFS_DOMAIN_UNKNOWN;
}

static int cmp_group(const void *a, const void *b)
{
	const struct iot_sysfs_group *x = a, *y = b;

	return x->number < y->number ? -1 : x->number > y->number;
}

static bool parse_uint(const char *s, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > UINT_MAX)
		return false;
	*out = (unsigned int)v;
	return true;
}

static int read_group(struct iot_keeper *k, const char *gdir, const char *name,
		      struct iot_sysfs_group *grp, struct iot_diags *d)
{
	char *p = iot_asprintf("%s/%s/type", gdir, name);
	bool err;
	int rc = 0;

	if (iot_tree_read_text(k, p, IOT_TREE_TEXT_MAX, &grp->type_name, d) < 0)
		rc = -1;
	else if (grp->type_name && !(grp->type = parse_domain(grp->type_name))) {
		struct iot_loc loc = iot_loc_text(iot_tree_keep(k, iot_strdup(p)), 1, 1);

		iot_warning(d, &loc, "unknown default domain type '%s'", grp->type_name);
	}
	free(p);
	p = iot_asprintf("%s/%s/devices", gdir, name);
	grp->devices = iot_tree_list_dir(k, p, IOT_SYSFS_MAX_FUNCS, &grp->n_devices, d, &err);
	if (err)
		rc = -1;
	free(p);
	return rc;
}

int iot_sysfs_read_groups(const char *root, struct iot_sysfs_groups *g, struct iot_diags *d)
{
	struct iot_keeper k = IOT_KEEPER(g);
	char *gdir = iot_tree_join(root, "sys/kernel/iommu_groups");
	char **names;
	size_t n, cap = 0;
	bool err;
	int rc = 0;

	memset(g, 0, sizeof(*g));
	names = iot_tree_list_dir(&k, gdir, IOT_SYSFS_MAX_FUNCS, &n, d, &err);
	if (err)
		rc = -1;
	if (!err) {
		struct stat st;

		g->present = stat(gdir, &st) == 0 && S_ISDIR(st.st_mode);
	}
	for (size_t i = 0; i < n; i++) {
		struct iot_sysfs_group *grp;
		unsigned int num;

		if (!parse_uint(names[i], &num)) {
			char *p = iot_asprintf("%s/%s", gdir, names[i]);

			iot_tree_file_diag(&k, d, p, "not an IOMMU group number");
			free(p);
			rc = -1;
			continue;
		}
		iot_grow((void **)&g->v, &cap, g->n + 1, sizeof(*g->v));
		grp = &g->v[g->n++];
		grp->number = num;
		if (read_group(&k, gdir, names[i], grp, d) < 0)
			rc = -1;
	}
	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_group);
	iot_tree_free_list(names, n);
	free(gdir);
	return rc;
}

void iot_sysfs_groups_free(struct iot_sysfs_groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->v[i].type_name);
		iot_tree_free_list(g->v[i].devices, g->v[i].n_devices);
	}
	free(g->v);
	for (size_t i = 0; i < g->n_kept; i++)
		free(g->kept[i]);
	free(g->kept);
	memset(g, 0, sizeof(*g));
}

const struct iot_sysfs_group *iot_sysfs_group_of(const struct iot_sysfs_groups *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct iot_sysfs_group *grp = &g->v[i];

		if (grp->n_devices && bsearch(&name, grp->devices, grp->n_devices,
					      sizeof(*grp->devices), iot_tree_cmp_str))
			return grp;
	}
	return NULL;
}
