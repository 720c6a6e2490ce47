// SPDX-License-Identifier: MIT
#include "sysfs/sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/pci.h"
#include "sysfs/attach.h"
#include "sysfs/batch.h"
#include "sysfs/host.h"
#include "sysfs/pciconfig.h"
#include "sysfs/tree.h"
#include "util/mem.h"

/*
 * A function's sort key and its name in the sys/bus/pci/devices listing;
 * NULL when the name is the one iot_pci_name() makes of the key (the
 * readers then format it rather than chase a million names scattered in
 * directory order: one cache miss per function at scale).
 */
struct fname {
	uint64_t key;
	union { /* 16 bytes: the radix sort moves a million of these three times */
		const char *name;
		size_t idx; /* complete_vfs: the PF's index */
	};
};

/* Kept strings (the functions' config paths) packed into blocks the topology frees. */
struct arena {
	char *cur;
	size_t left;
};

/*
 * Bound drivers from sys/bus/pci/drivers/NAME/DDDD:BB:DD.F, the links the
 * driver core makes beside each function's own driver link
 * (dd.c:driver_sysfs_add): a few directory reads instead of one link read
 * per function.  Absent in captures, which keep each function's link.
 */
struct drivers {
	bool present;
	struct fname *v; /* key -> driver name (.name) */
	size_t n;
	bool dups; /* some key is listed twice */
	char **names; /* list_names() of sys/bus/pci/drivers */
};

static const char *driver_of(const struct drivers *dv, uint64_t key, size_t *at);

struct ctx {
	const char *root;
	struct drivers drivers;
	struct iot_topology *t;
	struct iot_sysfs_info *info;
	struct iot_diags *d;
	size_t n_roots_before; /* roots the model had (from firmware) before this load */
	struct iot_keeper k;
	struct iot_pci_funcs f;
	int rc;
};

/*
 * One reader thread's state: a range of functions (whole buses), and its
 * own diagnostics, kept strings and counters, merged in order afterwards.
 */
struct rd {
	struct ctx *c;
	const struct fname *names;
	size_t lo, hi;
	struct iot_diags d;
	char **kept;
	size_t n_kept, cap_kept;
	struct iot_keeper k;
	struct arena arena;
	size_t drv_at; /* driver_of's cursor: functions are read in key order */
	size_t n_partial;
	int rc;
};

#define ARENA_BLOCK (256u * 1024)

static const char *arena_str(struct rd *r, const char *s, size_t n)
{
	char *p;

	if (n + 1 > r->arena.left) {
		size_t sz = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;

		r->arena.cur = iot_xmalloc(sz);
		r->arena.left = sz;
		iot_tree_keep(&r->k, r->arena.cur); /* freed with the topology */
	}
	p = r->arena.cur;
	memcpy(p, s, n);
	p[n] = '\0';
	r->arena.cur += n + 1;
	r->arena.left -= n + 1;
	return p;
}

/*
 * Where functions sit: an open directory (the one holding their
 * directories: a host bridge's or a bridge function's), its path joined to
 * the root for messages, and its path relative to the root for placement.
 */
struct where {
	int fd;
	char *path;
	size_t path_len;
	char *rel;
	/* what the directory is, parsed once from its name (place_func) */
	enum { W_OTHER, W_BRIDGE, W_HOST } kind;
	uint32_t seg;
	uint8_t bus, devfn;
};

static void where_close(struct where *w)
{
	if (w->fd >= 0)
		close(w->fd);
	free(w->path);
	free(w->rel);
	w->fd = -1;
	w->path = w->rel = NULL;
}

/* An error or warning about FILE of function @name in @w. */
static void __attribute__((format(printf, 6, 7)))
func_diag(struct rd *r, enum iot_severity sev, const struct where *w, const char *name,
	  const char *file, const char *fmt, ...)
{
	char *p = iot_asprintf("%s/%s%s%s", w->path, name, file ? "/" : "", file ? file : "");
	unsigned int lc = sev == IOT_SEV_ERROR || !file ? 0 : 1;
	struct iot_loc loc = iot_loc_text(iot_tree_keep(&r->k, p), lc, lc);
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(&r->d, sev, &loc, NULL, fmt, ap);
	va_end(ap);
}

/* "@a/@b" into @out (@n bytes, truncated), @a of @la bytes: no printf per function. */
static size_t join2n(char *out, size_t n, const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b);

	if (la > n - 2)
		la = n - 2;
	if (lb > n - 2 - la)
		lb = n - 2 - la;
	memcpy(out, a, la);
	out[la] = '/';
	memcpy(out + la + 1, b, lb);
	out[la + 1 + lb] = '\0';
	return la + 1 + lb;
}

static size_t join2(char *out, size_t n, const char *a, const char *b)
{
	return join2n(out, n, a, strlen(a), b);
}

/*
 * A sysfs hex attribute ("0x1b36") of function @name; false if absent, and
 * with a warning if unreadable or malformed.
 */
static bool read_hex_attr(struct rd *r, const struct where *w, const char *name, const char *attr,
			  uint32_t max, uint32_t *out)
{
	char rel[64], buf[IOT_TREE_TEXT_MAX + 1], *end;
	size_t len;
	unsigned long v;
	int rc;

	join2(rel, sizeof(rel), name, attr);
	rc = iot_tree_slurp_at(w->fd, rel, (uint8_t *)buf, sizeof(buf) - 1, &len);
	if (rc == 0)
		return false;
	if (rc < 0) {
		func_diag(r, IOT_SEV_WARNING, w, name, attr, "cannot read: %s; using config space",
			  strerror(-rc));
		return false;
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' || buf[len - 1] == '\t' ||
		       buf[len - 1] == '\r'))
		len--;
	buf[len] = '\0';
	errno = 0;
	v = strtoul(buf, &end, 16);
	if (errno || end == buf || *end || v > max || memchr(buf, '\0', len)) {
		func_diag(r, IOT_SEV_WARNING, w, name, attr,
			  "'%s' is not a hex value up to 0x%x; using config space", buf, max);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

/*
 * The bound driver: the last component of the driver link (a symbolic link
 * on a live system, a file holding the target in a capture), or none.
 */
static int read_driver(struct rd *r, const struct where *w, const char *name,
		       struct iot_pci_dev *dev)
{
	char rel[64], buf[IOT_TREE_LINK_MAX + 1];
	ssize_t n;
	size_t len;
	int rc;

	join2(rel, sizeof(rel), name, "driver");
	dev->driver_known = true;
	n = readlinkat(w->fd, rel, buf, sizeof(buf));
	if (n < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;
	if (n < 0 && errno != EINVAL) {
		func_diag(r, IOT_SEV_ERROR, w, name, "driver", "cannot read link: %s",
			  strerror(errno));
		return -1;
	}
	if (n < 0) { /* not a link: a capture's file holding the target */
		rc = iot_tree_slurp_at(w->fd, rel, (uint8_t *)buf, sizeof(buf), &len);
		if (rc < 0) {
			func_diag(r, IOT_SEV_ERROR, w, name, "driver",
				  "neither a link nor a file holding a link target (%s)",
				  strerror(-rc));
			return -1;
		}
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' || buf[len - 1] == '\r'))
			len--;
		n = (ssize_t)len;
		if (!len || memchr(buf, '\0', len)) {
			func_diag(r, IOT_SEV_ERROR, w, name, "driver",
				  len ? "contains a NUL byte: not a link target" :
					"empty: expected a link target");
			return -1;
		}
	}
	if ((size_t)n >= sizeof(buf)) {
		func_diag(r, IOT_SEV_ERROR, w, name, "driver", "link target too long");
		return -1;
	}
	buf[n] = '\0';
	dev->driver = iot_strdup(iot_tree_basename_of(buf));
	return 0;
}

enum { FUNC_OK = 0, FUNC_BAD = -1, FUNC_ABSENT = -2 };

/* A config file read ahead (read_range): iot_tree_slurp_at()'s returns. */
struct cfg_read {
	int rc;
	uint8_t *data;
	size_t len;
};

/*
 * Read function @name from its directory in @w: config space (read ahead
 * into @pre, or read here when @pre is NULL), the driver link, and unless
 * its ID registers read 0xffff (an SR-IOV VF, completed from its PF
 * afterwards: complete_vfs), the class attribute and the physfn link.
 * FUNC_ABSENT if @w holds no directory @name (when @may_be_absent).
 */
static int read_func_at(struct rd *r, const struct where *w, const char *name,
			struct iot_pci_func *fn, bool may_be_absent, const struct cfg_read *pre)
{
	struct iot_pci_dev *dev = &fn->dev;
	uint8_t cfgbuf[IOT_PCI_CFG_EXP_SIZE + 1], *cfg = cfgbuf;
	char rel[64];
	struct iot_pciconfig pc;
	struct stat st;
	const char *kept;
	uint32_t class_code;
	bool has_class = false;
	size_t len;
	int rc;

	join2(rel, sizeof(rel), name, "config");
	if (pre) {
		rc = pre->rc;
		cfg = pre->data;
		len = pre->len;
	} else {
		rc = iot_tree_slurp_at(w->fd, rel, cfg, sizeof(cfgbuf), &len);
	}
	if (rc == 0) {
		if (may_be_absent && fstatat(w->fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return FUNC_ABSENT;
		func_diag(r, IOT_SEV_ERROR, w, name, "config",
			  "missing: every PCI function has a config file");
		return FUNC_BAD;
	}
	if (rc < 0) {
		func_diag(r, IOT_SEV_ERROR, w, name, "config", "cannot read: %s", strerror(-rc));
		return FUNC_BAD;
	}
	if (len > IOT_PCI_CFG_EXP_SIZE) {
		func_diag(r, IOT_SEV_ERROR, w, name, "config", "larger than %u bytes",
			  IOT_PCI_CFG_EXP_SIZE);
		return FUNC_BAD;
	}
	{
		char path[PATH_MAX];
		size_t n = join2n(path, sizeof(path), w->path, w->path_len, rel);

		kept = arena_str(r, path, n);
	}
	if (len >= 4 && cfg[0] == 0xff && cfg[1] == 0xff && cfg[2] == 0xff && cfg[3] == 0xff) {
		/* parse the rest; the IDs come from the PF or the attributes later */
		fn->ids_ffff = true;
		cfg[0] = cfg[2] = 0x01;
		cfg[1] = cfg[3] = 0x00;
	} else {
		/*
		 * The kernel's class is the class attribute: class fixups
		 * change it (quirks.c DECLARE_PCI_FIXUP_CLASS_*, some Arm
		 * host bridges' root ports).
		 */
		has_class = read_hex_attr(r, w, name, "class", 0xffffff, &class_code);
	}
	if (iot_pciconfig_parse(cfg, len, &pc, kept, &r->d) < 0)
		return FUNC_BAD;
	if (!pc.caps_read)
		r->n_partial++;
	iot_pciconfig_to_dev(&pc, dev);
	dev->loc = iot_loc_text(kept, 0, 0);
	dev->loc.src = IOT_SRC_SYSFS;
	if (has_class)
		dev->class_code = class_code;
	fn->sriov_on = pc.sriov_pos && (pc.sriov_ctrl & 1) && pc.sriov_num_vfs;
	fn->vf_device = pc.sriov_vf_device;
	if (r->c->drivers.present) {
		const char *drv = driver_of(
			&r->c->drivers, iot_pci_func_key(fn->seg, fn->bus, fn->devfn), &r->drv_at);

		dev->driver_known = true;
		dev->driver = drv ? iot_strdup(drv) : NULL;
	} else if (read_driver(r, w, name, dev) < 0) {
		return FUNC_BAD;
	}
	if (!fn->ids_ffff) {
		join2(rel, sizeof(rel), name, "physfn");
		dev->is_vf = fstatat(w->fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
	}
	return FUNC_OK;
}

/* Where functions in the directory @rel sit: below a bridge function or a host bridge. */
static void place_func(struct rd *r, struct iot_pci_func *fn, const struct where *w,
		       const char *name)
{
	fn->host_bus = fn->bus;
	if (w->kind == W_BRIDGE) {
		if (w->seg != fn->seg) {
			func_diag(r, IOT_SEV_ERROR, w, name, NULL,
				  "%s sits below %s, a function of another segment", name,
				  iot_tree_basename_of(w->rel));
			r->rc = -1;
			return;
		}
		fn->has_parent = true;
		fn->pbus = w->bus;
		fn->pdevfn = w->devfn;
		return;
	}
	if (w->kind == W_HOST)
		fn->host_bus = w->bus;
}

/* What directory @w is: a bridge function's or a host bridge's (its name, parsed once). */
static void where_kind(struct where *w)
{
	const char *prev = iot_tree_basename_of(w->rel);

	w->kind = W_OTHER;
	if (iot_tree_parse_bdf(prev, strlen(prev), &w->seg, &w->bus, &w->devfn))
		w->kind = W_BRIDGE;
	else if (iot_tree_parse_host(prev, strlen(prev), &w->seg, &w->bus))
		w->kind = W_HOST;
}

/*
 * The directory holding function @name's directory, from its
 * sys/bus/pci/devices link.  Returns 0 with @w open, -1 with an error.
 */
static int locate(struct rd *r, const char *name, struct where *w)
{
	char *lpath = iot_asprintf("sys/bus/pci/devices/%s", name);
	char *abs = iot_tree_join(r->c->root, lpath);
	char *target = NULL, *rel = NULL;
	int rc = -1;

	w->fd = -1;
	w->path = w->rel = NULL;
	if (iot_tree_read_link(&r->k, abs, &target, &r->d) <= 0)
		goto out;
	rel = iot_tree_resolve_rel("sys/bus/pci/devices", target);
	if (!rel || strncmp(rel, "sys/devices/", 12) || strcmp(iot_tree_basename_of(rel), name)) {
		iot_tree_file_diag(&r->k, &r->d, abs, "link target '%s' is not sys/devices/.../%s",
				   target, name);
		goto out;
	}
	*strrchr(rel, '/') = '\0';
	w->rel = rel;
	rel = NULL;
	where_kind(w);
	w->path = iot_tree_join(r->c->root, w->rel);
	w->path_len = strlen(w->path);
	w->fd = open(w->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->fd < 0) {
		iot_tree_file_diag(&r->k, &r->d, w->path, "cannot open directory: %s",
				   strerror(errno));
		where_close(w);
		goto out;
	}
	rc = 0;
out:
	free(rel);
	free(target);
	free(abs);
	free(lpath);
	return rc;
}

/*
 * The entries of directory @path except dot files, in directory order, as
 * one allocation (pointers, then the names): free() frees it.  NULL with
 * *@n = 0 if absent; *@error set (with a diagnostic) on failure.
 */
static char **list_names(struct iot_keeper *k, const char *path, size_t max, size_t *n,
			 struct iot_diags *d, bool *error)
{
	DIR *dir = opendir(path);
	char *text = NULL, **v;
	size_t len = 0, cap = 0, *off = NULL, cap_off = 0;
	struct dirent *e;

	*n = 0;
	*error = false;
	if (!dir) {
		if (errno != ENOENT) {
			iot_tree_file_diag(k, d, path, "cannot open directory: %s",
					   strerror(errno));
			*error = true;
		}
		return NULL;
	}
	while ((e = readdir(dir))) {
		size_t l = strlen(e->d_name) + 1;

		if (e->d_name[0] == '.')
			continue;
		if (*n >= max) {
			iot_tree_file_diag(k, d, path, "more than %zu entries", max);
			*error = true;
			break;
		}
		iot_grow((void **)&text, &cap, len + l, 1);
		iot_grow((void **)&off, &cap_off, *n + 1, sizeof(*off));
		memcpy(text + len, e->d_name, l);
		off[(*n)++] = len;
		len += l;
	}
	closedir(dir);
	v = iot_xmalloc((*n + 1) * sizeof(*v) + len);
	if (len)
		memcpy(v + *n + 1, text, len);
	for (size_t i = 0; i < *n; i++)
		v[i] = (char *)(v + *n + 1) + off[i];
	v[*n] = NULL;
	free(text);
	free(off);
	return v;
}

/*
 * LSD radix sort on the 40-bit key: a million names sort in milliseconds.
 * Nothing to do for keys already in order; a byte every key shares (the
 * upper segment bytes) takes no pass.
 */
static void sort_names(struct fname *v, size_t n)
{
	struct fname *tmp;
	size_t count[256];
	size_t in_order = 1;

	while (in_order < n && v[in_order - 1].key <= v[in_order].key)
		in_order++;
	if (in_order >= n)
		return;
	tmp = iot_xmalloc(n * sizeof(*tmp));
	for (unsigned int shift = 0; shift < 40; shift += 8) {
		size_t sum = 0;

		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < n; i++)
			count[(v[i].key >> shift) & 0xff]++;
		if (count[(v[0].key >> shift) & 0xff] == n)
			continue; /* one bucket: the pass would copy v as it is */
		for (size_t b = 0; b < 256; b++) {
			size_t x = count[b];

			count[b] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[(v[i].key >> shift) & 0xff]++] = v[i];
		memcpy(v, tmp, n * sizeof(*v));
	}
	free(tmp);
}

/*
 * The driver bound to @key.  *@at is a cursor kept between calls whose
 * keys rise (a reader's functions): a few steps forward from where the
 * last one ended, rather than a binary search (a miss per level at scale).
 * A function listed under two drivers (a broken capture) keeps the plain
 * binary search's answer.
 */
static const char *driver_of(const struct drivers *dv, uint64_t key, size_t *at)
{
	size_t lo = 0, hi = dv->n;

	for (size_t i = *at; !dv->dups && i < dv->n && i < *at + 16; i++)
		if (dv->v[i].key >= key) {
			if (i && dv->v[i - 1].key >= key)
				break; /* the cursor is past @key */
			*at = i;
			return dv->v[i].key == key ? dv->v[i].name : NULL;
		}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dv->v[mid].key == key && dv->dups)
			return dv->v[mid].name;
		if (dv->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return lo < dv->n && dv->v[lo].key == key ? dv->v[lo].name : NULL;
}

static void read_drivers(struct ctx *c)
{
	char *path = iot_tree_join(c->root, "sys/bus/pci/drivers");
	size_t n, cap = 0;
	bool err;

	c->drivers.names = list_names(&c->k, path, 65536, &n, c->d, &err);
	c->drivers.present = c->drivers.names && !err;
	for (size_t i = 0; c->drivers.present && i < n; i++) {
		char *dpath = iot_asprintf("%s/%s", path, c->drivers.names[i]);
		size_t m;
		char **fns = list_names(&c->k, dpath, IOT_SYSFS_MAX_FUNCS, &m, c->d, &err);

		for (size_t j = 0; j < m; j++) {
			uint32_t seg;
			uint8_t bus, devfn;

			if (!iot_tree_parse_bdf(fns[j], strlen(fns[j]), &seg, &bus, &devfn))
				continue; /* bind, unbind, new_id, module, ... */
			iot_grow((void **)&c->drivers.v, &cap, c->drivers.n + 1,
				 sizeof(*c->drivers.v));
			c->drivers.v[c->drivers.n].key = iot_pci_func_key(seg, bus, devfn);
			c->drivers.v[c->drivers.n++].name = c->drivers.names[i];
		}
		if (err)
			c->drivers.present = false; /* fall back to each function's link */
		free(fns);
		free(dpath);
	}
	sort_names(c->drivers.v, c->drivers.n);
	for (size_t i = 1; i < c->drivers.n && !c->drivers.dups; i++)
		c->drivers.dups = c->drivers.v[i - 1].key == c->drivers.v[i].key;
	free(path);
}

/*
 * Read ahead, in one batch, the config files of the functions from @i on
 * that sit on the same bus (up to IOT_BATCH_MAX, before @hi), relative to
 * the bus's directory @dirfd.  Returns how many were read (0: none, read
 * them one by one).
 */
static size_t read_ahead(struct rd *r, struct iot_batch *b, int dirfd, size_t i, size_t hi)
{
	size_t n = 0;

	while (n < IOT_BATCH_MAX && i + n < hi &&
	       r->names[i + n].key >> 8 == r->names[i].key >> 8) {
		const struct fname *f = &r->names[i + n];
		char nbuf[IOT_PCI_NAME_LEN];
		const char *name = f->name;

		if (!name)
			name = iot_pci_name(nbuf, (uint16_t)(f->key >> 16), (uint8_t)(f->key >> 8),
					    (uint8_t)f->key);
		/* the path read_func_at() would open */
		join2(iot_batch_path(b, n), IOT_BATCH_PATH_MAX, name, "config");
		n++;
	}
	return iot_batch_read(b, dirfd, n);
}

/*
 * Read the functions [lo, hi) (whole buses) into c->f.v[lo, hi).  Functions
 * of one bus sit in one directory (their bridge's, or the host bridge's): it
 * is found from the first function's link and opened once; the others are
 * read relative to it, and a function not there is located by its own link.
 * Relative to a bus's directory the config files are read ahead in batches
 * (batch.h: through io_uring, a system call a batch instead of three a
 * file); anything else is read with plain system calls.
 */
static void *read_range(void *arg)
{
	struct rd *r = arg;
	struct where bus = { .fd = -1 };
	struct iot_batch *batch = iot_batch_new(IOT_PCI_CFG_EXP_SIZE + 1);
	size_t ahead_lo = 0, ahead_n = 0; /* functions read ahead: [ahead_lo, ahead_lo + ahead_n) */

	for (size_t i = r->lo; i < r->hi; i++) {
		char nbuf[IOT_PCI_NAME_LEN];
		const char *name = r->names[i].name;
		struct iot_pci_func *fn = &r->c->f.v[i];
		struct where own = { .fd = -1 };
		const struct where *w = &bus;
		struct cfg_read pre, *ppre = NULL;
		int rc = FUNC_ABSENT;

		if (i > r->lo && r->names[i].key >> 8 != r->names[i - 1].key >> 8)
			where_close(&bus); /* a new bus */
		memset(fn, 0, sizeof(*fn));
		fn->dev.parent = IOT_NONE;
		fn->seg = (uint32_t)(r->names[i].key >> 16);
		fn->bus = (uint8_t)(r->names[i].key >> 8);
		fn->devfn = (uint8_t)r->names[i].key;
		fn->dev.bus = fn->bus;
		fn->dev.devfn = fn->devfn;
		if (!name)
			name = iot_pci_name(nbuf, (uint16_t)fn->seg, fn->bus, fn->devfn);
		if (bus.fd >= 0 && batch) {
			/* a window never spans buses: a new bus starts past it */
			if (i >= ahead_lo + ahead_n) {
				ahead_lo = i;
				ahead_n = read_ahead(r, batch, bus.fd, i, r->hi);
			}
			if (i < ahead_lo + ahead_n) {
				pre.rc = iot_batch_take(batch, i - ahead_lo, &pre.data, &pre.len);
				if (pre.rc != IOT_BATCH_REDO)
					ppre = &pre;
			}
		}
		if (bus.fd >= 0)
			rc = read_func_at(r, &bus, name, fn, true, ppre);
		if (rc == FUNC_ABSENT) {
			rc = FUNC_BAD;
			if (locate(r, name, &own) == 0) {
				w = &own;
				rc = read_func_at(r, &own, name, fn, false, NULL);
			}
		}
		if (rc != FUNC_OK) {
			free(fn->dev.driver);
			fn->dev.driver = NULL;
			r->rc = -1;
		} else {
			fn->ok = true;
			place_func(r, fn, w, name);
		}
		if (own.fd >= 0 && bus.fd < 0)
			bus = own; /* the bus's directory for the next functions */
		else
			where_close(&own);
	}
	where_close(&bus);
	iot_batch_free(batch);
	return NULL;
}

/* Append @r's diagnostics and kept strings to @c's, in order. */
static void merge_reader(struct ctx *c, struct rd *r)
{
	for (size_t i = 0; i < r->d.n; i++) {
		const struct iot_diag *dg = &r->d.v[i];

		iot_diag(c->d, dg->sev, &dg->loc, dg->rule, "%s", dg->msg);
	}
	c->d->dropped += r->d.dropped;
	iot_diags_free(&r->d);
	for (size_t i = 0; i < r->n_kept; i++)
		iot_tree_keep(&c->k, r->kept[i]);
	free(r->kept);
	if (c->info)
		c->info->n_partial_config += r->n_partial;
	if (r->rc)
		c->rc = -1;
}

/*
 * SR-IOV VFs read 0xffff in their Vendor and Device ID registers; the
 * kernel gives them the PF's vendor and the PF's VF Device ID
 * (iov.c:pci_iov_add_virtfn) at the routing IDs the PF's SR-IOV
 * capability computes (iov.c:pci_iov_virtfn_bus/devfn: the PF's ID + First
 * VF Offset + i * VF Stride).  Those claimed by a PF read here are done;
 * others (a PF whose capability was unreadable) take the vendor, device and
 * class attributes and the physfn link.  @f is in key order.
 */
static void complete_vfs(struct ctx *c, struct iot_pci_funcs *f)
{
	struct fname *vfs = NULL; /* a VF's key and its PF */
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < f->n; i++) {
		const struct iot_pci_func *pf = &f->v[i];
		uint32_t first = (uint32_t)pf->bus << 8 | pf->devfn;

		if (!pf->ok || !pf->sriov_on || pf->ids_ffff)
			continue;
		for (uint32_t k = 0; k < pf->dev.sriov_num_vfs; k++) {
			uint32_t rid = first + pf->dev.sriov_offset + k * pf->dev.sriov_stride;

			if (rid > 0xffff)
				break;
			iot_grow((void **)&vfs, &cap, n + 1, sizeof(*vfs));
			vfs[n].key = (uint64_t)pf->seg << 16 | rid;
			vfs[n++].idx = i;
		}
	}
	sort_names(vfs, n);
	/* one pass in key order: the VFs' keys are merged with the functions' (a PF is never changed) */
	for (size_t i = 0, j = 0; i < f->n; i++) {
		struct iot_pci_func *fn = &f->v[i];
		struct iot_pci_dev *dev = &fn->dev;
		uint64_t key = iot_pci_func_key(fn->seg, fn->bus, fn->devfn);
		size_t pf_of;

		while (j < n && vfs[j].key < key)
			j++;
		pf_of = j < n && vfs[j].key == key ? vfs[j].idx : SIZE_MAX;
		if (!fn->ok || !fn->ids_ffff)
			continue;
		if (pf_of != SIZE_MAX) {
			dev->vendor = f->v[pf_of].dev.vendor;
			dev->device = f->v[pf_of].vf_device;
			dev->is_vf = true;
			continue;
		}
		/* unclaimed: the attributes, as the kernel published them */
		{
			const char *cfgpath = dev->loc.file;
			const char *slash = strrchr(cfgpath, '/');
			char *fdir = iot_strndup(cfgpath, (size_t)(slash - cfgpath));
			const char *fname = iot_tree_basename_of(fdir);
			struct rd r = { .c = c };
			struct where w = { .fd = -1 };
			uint32_t vendor, device, class_code;
			struct stat st;
			bool ok;

			iot_diags_init(&r.d);
			r.k.v = &r.kept;
			r.k.n = &r.n_kept;
			r.k.cap = &r.cap_kept;
			w.path = iot_strndup(fdir, (size_t)(fname - fdir) - 1);
			w.path_len = strlen(w.path);
			w.fd = open(w.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			ok = w.fd >= 0 && read_hex_attr(&r, &w, fname, "vendor", 0xffff, &vendor) &&
			     read_hex_attr(&r, &w, fname, "device", 0xffff, &device);
			if (ok && read_hex_attr(&r, &w, fname, "class", 0xffffff, &class_code))
				dev->class_code = class_code;
			if (w.fd >= 0) {
				char rel[64];

				join2(rel, sizeof(rel), fname, "physfn");
				dev->is_vf = fstatat(w.fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0;
			}
			merge_reader(c, &r);
			where_close(&w);
			free(fdir);
			if (!ok || vendor == 0xffff || vendor == 0) {
				struct iot_loc loc = iot_loc_bin(dev->loc.file, 0);

				iot_error(c->d, &loc, "vendor ID 0x%04x: no function responds here",
					  ok ? vendor : 0xffff);
				free(dev->driver);
				dev->driver = NULL;
				fn->ok = false;
				c->rc = -1;
				continue;
			}
			dev->vendor = (uint16_t)vendor;
			dev->device = (uint16_t)device;
		}
	}
	free(vfs);
}

/* Below this many functions one thread reads them all. */
#define THREAD_MIN_FUNCS 4096
#define MAX_THREADS 8

/*
 * Read every function listed in sys/bus/pci/devices into c->f, in key
 * order, with up to one thread per CPU for large trees (each a range of
 * whole buses).
 */
static void read_funcs(struct ctx *c, char **names, size_t n)
{
	struct fname *v = iot_xmalloc((n + 1) * sizeof(*v));
	struct rd rds[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	size_t m = 0, nt = 1, out = 0;
	long cpus;

	for (size_t i = 0; i < n; i++) {
		char canon[IOT_PCI_NAME_LEN];
		size_t len = strlen(names[i]);
		uint32_t seg;
		uint8_t bus, devfn;

		if (!iot_tree_parse_bdf(names[i], len, &seg, &bus, &devfn)) {
			char *p = iot_asprintf("%s/sys/bus/pci/devices/%s", c->root, names[i]);

			iot_tree_file_diag(&c->k, c->d, p,
					   "not a PCI function name (DDDD:BB:DD.F)");
			free(p);
			c->rc = -1;
			continue;
		}
		if (seg > 0xffff) {
			/* VMD and Hyper-V domains: the model's segment is 16 bits, like ACPI's */
			char *p = iot_asprintf("%s/sys/bus/pci/devices/%s", c->root, names[i]);
			struct iot_loc loc = iot_loc_text(iot_tree_keep(&c->k, p), 0, 0);

			iot_warning(c->d, &loc,
				    "domain 0x%x is beyond the 16-bit PCI segments firmware "
				    "describes (VMD, Hyper-V); function skipped",
				    seg);
			continue;
		}
		v[m].key = iot_pci_func_key(seg, bus, devfn);
		v[m++].name =
			len == IOT_PCI_NAME_LEN - 1 &&
					!memcmp(iot_pci_name(canon, (uint16_t)seg, bus, devfn),
						names[i], len) ?
				NULL :
				names[i];
	}
	sort_names(v, m);
	read_drivers(c);
	c->f.v = iot_xcalloc(m + 1, sizeof(*c->f.v));
	c->f.cap = m + 1;
	c->f.n = m;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (m >= THREAD_MIN_FUNCS && cpus > 1)
		nt = cpus < MAX_THREADS ? (size_t)cpus : MAX_THREADS;
	for (size_t t = 0, lo = 0; t < nt; t++) {
		size_t hi = t + 1 == nt ? m : lo + (m - lo) / (nt - t);

		while (hi < m && hi > lo && v[hi].key >> 8 == v[hi - 1].key >> 8)
			hi++; /* whole buses: one directory per bus, opened by one thread */
		memset(&rds[t], 0, sizeof(rds[t]));
		rds[t].c = c;
		rds[t].names = v;
		rds[t].lo = lo;
		rds[t].hi = hi;
		iot_diags_init(&rds[t].d);
		rds[t].d.limit = c->d->limit;
		rds[t].k.v = &rds[t].kept;
		rds[t].k.n = &rds[t].n_kept;
		rds[t].k.cap = &rds[t].cap_kept;
		lo = hi;
	}
	for (size_t t = 1; t < nt; t++)
		started[t] = pthread_create(&tid[t], NULL, read_range, &rds[t]) == 0;
	read_range(&rds[0]);
	for (size_t t = 1; t < nt; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			read_range(&rds[t]); /* no thread: read it here */
	}
	for (size_t t = 0; t < nt; t++)
		merge_reader(c, &rds[t]);
	complete_vfs(c, &c->f);
	for (size_t i = 0; i < m; i++) /* drop what could not be read */
		if (c->f.v[i].ok)
			c->f.v[out++] = c->f.v[i];
	c->f.n = out;
	if (c->info)
		c->info->n_funcs = out;
	free(c->drivers.v);
	free(c->drivers.names);
	memset(&c->drivers, 0, sizeof(c->drivers));
	free(v);
}

/* Place the functions read (c->f, in key order) into the model's roots. */
static void attach_all(struct ctx *c)
{
	struct iot_pci_attach at = {
		.t = c->t, .d = c->d, .where = c->root, .n_roots_before = c->n_roots_before
	};

	iot_pci_attach(&at, &c->f);
	if (at.rc)
		c->rc = -1;
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
	names = list_names(&c.k, path, IOT_SYSFS_MAX_FUNCS, &n, d, &err);
	free(path);
	if (err)
		c.rc = -1;
	read_funcs(&c, names, n);
	free(names);
	attach_all(&c);
	iot_pci_funcs_free(&c.f);
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
	iot_sysfs_read_host(root, t, &c.k, d);
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
