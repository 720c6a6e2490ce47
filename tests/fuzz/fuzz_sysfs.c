// SPDX-License-Identifier: MIT
/*
 * A whole sysfs tree (as `iotopo snapshot` stores it, links as files holding
 * their target) through the loader, as `iotopo decode DIR` reads it, and the
 * kernel's IOMMU groups beside it.  The input is a list of files:
 *   path NUL, 16-bit little-endian length, that many bytes of content
 * written under a fresh temporary directory, which is removed afterwards.
 * Paths with "..", empty or absolute components are skipped; at most 512
 * files.  tests/fuzz/mk-sysfs-seed.py makes seeds from a fixture tree.
 */
#define _GNU_SOURCE /* mkdtemp, nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/load.h"
#include "sysfs/sysfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool safe_path(const char *p)
{
	const char *s = p;

	if (!*p || *p == '/')
		return false;
	for (;;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (!n || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return false;
		if (!e)
			return true;
		s = e + 1;
	}
}

static void put(const char *root, const char *rel, const uint8_t *p, size_t n)
{
	char path[4096];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", root, rel) >= (int)sizeof(path))
		return;
	for (char *q = path + strlen(root) + 1; *q; q++)
		if (*q == '/') {
			*q = '\0';
			(void)mkdir(path, 0755);
			*q = '/';
		}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	if (write(fd, p, n) < 0)
		(void)0;
	close(fd);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char root[] = "/tmp/iotopo-fuzz-sysfs-XXXXXX";
	struct iot_sysfs_groups g;
	struct iot_topology t;
	struct iot_diags d;
	size_t off = 0;
	int files = 0;

	if (!mkdtemp(root))
		abort();
	while (off < size && files < 512) {
		const uint8_t *nul = memchr(data + off, 0, size - off);
		char rel[1024];
		size_t plen, clen;

		if (!nul)
			break;
		plen = (size_t)(nul - (data + off));
		off += plen + 1;
		if (off + 2 > size)
			break;
		clen = data[off] | (size_t)data[off + 1] << 8;
		off += 2;
		if (clen > size - off)
			clen = size - off;
		if (plen < sizeof(rel)) {
			memcpy(rel, nul - plen, plen);
			rel[plen] = '\0';
			if (safe_path(rel)) {
				put(root, rel, data + off, clen);
				files++;
			}
		}
		off += clen;
	}
	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_load_input(root, &t, NULL, &d);
	iot_sysfs_read_groups(root, &g, &d); /* initialises @g even on error */
	iot_sysfs_groups_free(&g);
	iot_diags_free(&d);
	iot_topology_free(&t);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
