// SPDX-License-Identifier: MIT
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/mem.h"

static long long inject_after = -1;
static int inject_env_read;

void iot_write_inject_failure(long long n)
{
	inject_after = n;
	inject_env_read = 1;
}

static long long injected_limit(void)
{
	if (!inject_env_read) {
		const char *e = getenv("IOTOPO_FAIL_WRITE_AFTER");

		inject_env_read = 1;
		if (e && *e)
			inject_after = strtoll(e, NULL, 0);
	}
	return inject_after;
}

int iot_read_file(const char *path, uint8_t **data, size_t *len, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(path, 0, 0);
	size_t cap = 0, n = 0;
	uint8_t *p = NULL;
	struct stat st;
	int fd;

	*data = NULL;
	*len = 0;
	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	if (fd < 0) {
		iot_error(d, &loc, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0)
		st.st_mode = 0; /* unknown: the read loop still bounds it */
	if (S_ISDIR(st.st_mode)) {
		iot_error(d, &loc, "is a directory");
		goto fail;
	}
	/* a regular file says its size: refuse before allocating the limit */
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > IOT_MAX_INPUT_SIZE) {
		iot_error(d, &loc, "file is larger than the %u MiB limit",
			  IOT_MAX_INPUT_SIZE >> 20);
		goto fail;
	}
	for (;;) {
		ssize_t r;

		iot_grow((void **)&p, &cap, n + 65536 + 1, 1);
		r = read(fd, p + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			iot_error(d, &loc, "read error: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > IOT_MAX_INPUT_SIZE) {
			iot_error(d, &loc, "file is larger than the %u MiB limit",
				  IOT_MAX_INPUT_SIZE >> 20);
			goto fail;
		}
	}
	if (fd)
		close(fd);
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
fail:
	if (fd)
		close(fd);
	free(p);
	return -1;
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	long long limit = injected_limit();
	size_t done = 0;

	while (done < len) {
		size_t chunk = len - done;
		ssize_t w;

		if (limit >= 0) {
			if ((long long)done >= limit) {
				inject_after = -1;
				errno = ENOSPC;
				return -1;
			}
			if ((long long)(done + chunk) > limit)
				chunk = (size_t)(limit - (long long)done);
		}
		w = write(fd, p + done, chunk);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

int iot_write_fd(int fd, const void *data, size_t len)
{
	return write_all(fd, data, len);
}

int iot_write_prepare(const char *path, const void *data, size_t len, char **tmpp,
		      struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(path, 0, 0);
	const char *slash;
	struct stat st;
	char *tmp;
	int fd, err;

	*tmpp = NULL;
	/* rename() would refuse it only after the other outputs were committed */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		iot_error(d, &loc, "is a directory (nothing written)");
		return -1;
	}
	slash = strrchr(path, '/');
	if (slash)
		tmp = iot_asprintf("%.*s/.%s.tmpXXXXXX", (int)(slash - path), path, slash + 1);
	else
		tmp = iot_asprintf(".%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		iot_error(d, &loc, "cannot create a temporary file beside it: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkstemp() makes 0600; outputs are ordinary files, so honour the umask */
	{
		mode_t um = umask(0);

		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		err = errno;
		close(fd);
		unlink(tmp);
		iot_error(d, &loc, "write error: %s (nothing written)", strerror(err));
		free(tmp);
		return -1;
	}
	if (close(fd) < 0) {
		err = errno;
		unlink(tmp);
		iot_error(d, &loc, "write error: %s (nothing written)", strerror(err));
		free(tmp);
		return -1;
	}
	*tmpp = tmp;
	return 0;
}

int iot_write_commit(const char *path, char *tmp, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(path, 0, 0);
	int err;

	if (rename(tmp, path) < 0) {
		err = errno;
		unlink(tmp);
		iot_error(d, &loc, "cannot replace: %s (nothing written)", strerror(err));
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

void iot_write_discard(char *tmp)
{
	if (!tmp)
		return;
	unlink(tmp);
	free(tmp);
}

int iot_write_atomic(const char *path, const void *data, size_t len, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(path, 0, 0);
	char *tmp;

	if (!strcmp(path, "-")) {
		if (write_all(1, data, len) < 0) {
			iot_error(d, &loc, "write error: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (iot_write_prepare(path, data, len, &tmp, d) < 0)
		return -1;
	return iot_write_commit(path, tmp, d);
}
