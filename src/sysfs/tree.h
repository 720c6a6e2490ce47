/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/sysfs: bounded reads of a sysfs tree's files and links,
 * shared by the reader (sysfs.c) and the snapshot writer (snapshot.c).
 * Errors are `path: error: ...`; the path strings are handed to a keeper so
 * they outlive the diagnostics that point to them.
 */
#ifndef IOTOPO_SYSFS_TREE_H
#define IOTOPO_SYSFS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define IOT_TREE_TEXT_MAX 4096 /* a sysfs attribute is at most one page */
#define IOT_TREE_CMDLINE_MAX 65536
#define IOT_TREE_LINK_MAX 4096

/* Where kept strings go: a (array, count, capacity) triple of whoever owns them. */
struct iot_keeper {
	char ***v;
	size_t *n;
	size_t *cap;
};

#define IOT_KEEPER(owner)                                            \
	{                                                            \
		&(owner)->kept, &(owner)->n_kept, &(owner)->cap_kept \
	}

/* Hand @s (heap) to the keeper's owner; returns @s. */
const char *iot_tree_keep(struct iot_keeper *k, char *s);

/* An error located at @path (copied and kept). */
void iot_tree_file_diag(struct iot_keeper *k, struct iot_diags *d, const char *path,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* @root joined with the relative path @rel (new string). */
char *iot_tree_join(const char *root, const char *rel);

/*
 * Read at most @max bytes of @path.  Returns 1 with the NUL-terminated
 * contents, 0 if the file does not exist, -1 on any other failure (with an
 * error in @d: unreadable, a directory, larger than @max).
 */
int iot_tree_read_bounded(struct iot_keeper *k, const char *path, size_t max, uint8_t **data,
			  size_t *len, struct iot_diags *d);

/*
 * Read @rel under the directory @dirfd into @buf (@cap bytes) with one
 * read(): a short read is the end, as for a regular file or a sysfs
 * attribute (a FIFO or device planted in a copy gives what one read returns,
 * never a hang: O_NONBLOCK).  Returns 1 with *@len bytes (*@len == @cap
 * means the file is larger than @cap - 1), 0 if it does not exist, -errno.
 */
int iot_tree_slurp_at(int dirfd, const char *rel, uint8_t *buf, size_t cap, size_t *len);

/* A text attribute, trailing white space removed.  Same returns. */
int iot_tree_read_text(struct iot_keeper *k, const char *path, size_t max, char **out,
		       struct iot_diags *d);

/*
 * A link as sysfs has it: a symbolic link (live system) or a regular file
 * holding the target (captures).  Same returns; *@target is the link text.
 */
int iot_tree_read_link(struct iot_keeper *k, const char *path, char **target, struct iot_diags *d);

/*
 * Resolve @target, a link found in directory @dir (both relative to the
 * tree's root), lexically; an absolute target is taken from the root.
 * Returns the normalised relative path, or NULL if it climbs above the root.
 */
char *iot_tree_resolve_rel(const char *dir, const char *target);

const char *iot_tree_basename_of(const char *p);

/* "DDDD:BB:DD.F" (4 to 8 domain digits, as pci_name() prints) of @n bytes at @s. */
bool iot_tree_parse_bdf(const char *s, size_t n, uint32_t *seg, uint8_t *bus, uint8_t *devfn);
/* "pciDDDD:BB", a host bridge (root bus) directory. */
bool iot_tree_parse_host(const char *s, size_t n, uint32_t *seg, uint8_t *bus);

/*
 * The entries of directory @path except dot files, sorted, at most @max.
 * NULL with *@n = 0 if absent; *@error set (with a diagnostic) on failure.
 */
char **iot_tree_list_dir(struct iot_keeper *k, const char *path, size_t max, size_t *n,
			 struct iot_diags *d, bool *error);
void iot_tree_free_list(char **v, size_t n);
int iot_tree_cmp_str(const void *a, const void *b);

#endif
