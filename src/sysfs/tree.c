// SPDX-License-Identifier: MIT
#include "sysfs/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/mem.h"

const char *iot_tree_keep(struct iot_keeper *k, char *s)
{
	iot_grow((void **)k->v, k->cap, *k->n + 1, sizeof(**k->v));
	(*k->v)[(*k->n)++] = s;
	return s;
}

void iot_tree_file_diag(struct iot_keeper *k, struct iot_diags *d, const char *path,
			const char *fmt, ...)
{
	struct iot_loc loc = iot_loc_text(iot_tree_keep(k, iot_strdup(path)), 0, 0);
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(d, IOT_SEV_ERROR, &loc, NULL, fmt, ap);
	va_end(ap);
}

char *iot_tree_join(const char *root, const char *rel)
{
	size_t n = strlen(root);

	if (n && root[n - 1] == '/')
		return iot_asprintf("%s%s", root, rel);
	return iot_asprintf("%s/%s", root, rel);
}

/*
 * Read at most @max bytes of @path.  Returns 1 with the NUL-terminated
 * contents, 0 if the file does not exist, -1 on any other failure (with an
 * error in @d: unreadable, a directory, larger than @max).
 */
int iot_tree_read_bounded(struct iot_keeper *k, const char *path, size_t max, uint8_t **data,
			  size_t *len, struct iot_diags *d)
{
	uint8_t *p = NULL;
	size_t n = 0, cap = 0;
	int fd;

	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO planted in a copied tree fails instead of blocking */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		iot_tree_file_diag(k, d, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		size_t room;
		ssize_t r;

		/* grow with the file: @max may be large (firmware tables), files are small */
		if (cap < n + 2)
			iot_grow((void **)&p, &cap, n + 2 + (n < 8192 ? 8192 : n), 1);
		room = cap - 1 - n;
		if (room > max + 1 - n)
			room = max + 1 - n;
		r = read(fd, p + n, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			iot_tree_file_diag(k, d, path, "read error: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			iot_tree_file_diag(k, d, path, "larger than %zu bytes", max);
			goto fail;
		}
	}
	close(fd);
	p[n] = '\0';
	*data = p;
	*len = n;
	return 1;
fail:
	close(fd);
	free(p);
	return -1;
}

int iot_tree_slurp_at(int dirfd, const char *rel, uint8_t *buf, size_t cap, size_t *len)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	ssize_t r;
	int err;

	*len = 0;
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	do
		r = read(fd, buf, cap);
	while (r < 0 && errno == EINTR);
	err = errno;
	close(fd);
	if (r < 0)
		return -err;
	*len = (size_t)r;
	return 1;
}

/* Read a one-line text file, trailing white space removed.  Same returns as iot_tree_read_bounded(). */
int iot_tree_read_text(struct iot_keeper *k, const char *path, size_t max, char **out,
		       struct iot_diags *d)
{
	uint8_t *p;
	size_t n;
	int rc = iot_tree_read_bounded(k, path, max, &p, &n, d);

	*out = NULL;
	if (rc <= 0)
		return rc;
	if (memchr(p, '\0', n)) {
		iot_tree_file_diag(k, d, path, "contains a NUL byte: not a text attribute");
		free(p);
		return -1;
	}
	while (n && (p[n - 1] == '\n' || p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		p[--n] = '\0';
	*out = (char *)p;
	return 1;
}

/*
 * A link as sysfs has it: a symbolic link on a live system, a regular file
 * holding the target in a capture.  Same returns as iot_tree_read_bounded().
 */
int iot_tree_read_link(struct iot_keeper *k, const char *path, char **target, struct iot_diags *d)
{
	struct stat st;

	*target = NULL;
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		iot_tree_file_diag(k, d, path, "cannot stat: %s", strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		char *buf = iot_xmalloc(IOT_TREE_LINK_MAX + 1);
		ssize_t r = readlink(path, buf, IOT_TREE_LINK_MAX + 1);

		if (r < 0 || r > IOT_TREE_LINK_MAX) {
			iot_tree_file_diag(k, d, path, "cannot read link: %s",
					   r < 0 ? strerror(errno) : "target too long");
			free(buf);
			return -1;
		}
		buf[r] = '\0';
		*target = buf;
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		iot_tree_file_diag(k, d, path, "neither a link nor a file holding a link target");
		return -1;
	}
	if (iot_tree_read_text(k, path, IOT_TREE_LINK_MAX, target, d) < 0)
		return -1;
	if (!**target) {
		iot_tree_file_diag(k, d, path, "empty: expected a link target");
		free(*target);
		*target = NULL;
		return -1;
	}
	return 1;
}

/*
 * Resolve link @target found in directory @dir (both relative to the tree's
 * root) lexically, as sysfs links hold no symlinked directories.  An
 * absolute target is taken relative to the root.  Returns the normalised
 * relative path, or NULL if it climbs above the root.
 */
char *iot_tree_resolve_rel(const char *dir, const char *target)
{
	char *buf = iot_asprintf("%s/%s", target[0] == '/' ? "" : dir, target);
	char *out = iot_xmalloc(strlen(buf) + 1);
	size_t o = 0;
	char *save = NULL;

	out[0] = '\0';
	for (char *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			char *slash;

			if (!o)
				goto fail;
			slash = strrchr(out, '/');
			o = slash ? (size_t)(slash - out) : 0;
			out[o] = '\0';
			continue;
		}
		if (o)
			out[o++] = '/';
		strcpy(out + o, c);
		o += strlen(c);
	}
	free(buf);
	return out;
fail:
	free(buf);
	free(out);
	return NULL;
}

const char *iot_tree_basename_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return n > 0;
}

static unsigned int hexval(char c)
{
	return c <= '9' ? (unsigned int)(c - '0') : (unsigned int)((c | 0x20) - 'a' + 10);
}

/* "DDDD:BB:DD.F" (domain 4 to 8 hex digits, as pci_name() prints). */
bool iot_tree_parse_bdf(const char *s, size_t n, uint32_t *seg, uint8_t *bus, uint8_t *devfn)
{
	uint32_t dom = 0;
	unsigned int dv, fn;
	size_t dl;

	if (n < 12 || n > 16)
		return false;
	dl = n - 8;
	if (dl < 4 || s[dl] != ':' || s[dl + 3] != ':' || s[dl + 6] != '.')
		return false;
	if (!is_hex(s, dl) || !is_hex(s + dl + 1, 2) || !is_hex(s + dl + 4, 2) ||
	    !is_hex(s + dl + 7, 1))
		return false;
	for (size_t i = 0; i < dl; i++) /* at most 8 digits: no overflow */
		dom = dom << 4 | hexval(s[i]);
	dv = hexval(s[dl + 4]) << 4 | hexval(s[dl + 5]);
	fn = hexval(s[dl + 7]);
	if (dv > 0x1f || fn > 7)
		return false;
	*seg = dom;
	*bus = (uint8_t)(hexval(s[dl + 1]) << 4 | hexval(s[dl + 2]));
	*devfn = (uint8_t)(dv << 3 | fn);
	return true;
}

/* "pciDDDD:BB", the host bridge directory (pci_bus->dev name of a root bus). */
bool iot_tree_parse_host(const char *s, size_t n, uint32_t *seg, uint8_t *bus)
{
	uint8_t devfn;
	char tmp[32];

	if (n < 10 || n > 14 || strncmp(s, "pci", 3))
		return false;
	/* reuse the BDF parser by appending a device and function */
	memcpy(tmp, s + 3, n - 3);
	memcpy(tmp + n - 3, ":00.0", 6);
	return iot_tree_parse_bdf(tmp, n + 2, seg, bus, &devfn);
}

int iot_tree_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **iot_tree_list_dir(struct iot_keeper *k, const char *path, size_t max, size_t *n,
			 struct iot_diags *d, bool *error)
{
	DIR *dir = opendir(path);
	char **v = NULL;
	size_t cap = 0;
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
		if (e->d_name[0] == '.')
			continue;
		if (*n >= max) {
			iot_tree_file_diag(k, d, path, "more than %zu entries", max);
			*error = true;
			break;
		}
		iot_grow((void **)&v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = iot_strdup(e->d_name);
	}
	closedir(dir);
	if (*n)
		qsort(v, *n, sizeof(*v), iot_tree_cmp_str);
	return v;
}

void iot_tree_free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The model root for segment @seg: an existing one, else a new "pciSSSS". */