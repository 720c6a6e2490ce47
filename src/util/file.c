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

#ifdef IOTOPO_TEST_HOOKS
static long long inject_after = -1;
static int inject_env_read;

void iot_write_inject_failure(long long n)
{
	inject_after = n;
	inject_env_read = 1;
}

/*
 * The injected failure: 1 (errno ENOSPC) once @done bytes of this write
 * reached the limit, else 0 with *@chunk cut to stop at it.
 */
static int injected_failure(size_t done, size_t *chunk)
{
	if (!inject_env_read) {
		const char *e = getenv("IOTOPO_FAIL_WRITE_AFTER");

		inject_env_read = 1;
		if (e && *e)
			inject_after = strtoll(e, NULL, 0);
	}
	if (inject_after < 0)
		return 0;
	if ((long long)done >= inject_after) {
		inject_after = -1;
		errno = ENOSPC;
		return 1;
	}
	if ((long long)(done + *chunk) > inject_after)
		*chunk = (size_t)(inject_after - (long long)done);
	return 0;
}
#else
static int injected_failure(size_t done, size_t *chunk)
{
	return 0;
}
#endif

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
	/* a regular file: its size at once, so the buffer is neither copied nor cleared */
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		cap = (size_t)st.st_size + 2;
		p = iot_xmalloc(cap);
		iot_populate(p, cap); /* read() writes it all: map it in one call */
	}
	for (;;) {
		ssize_t r;

		if (cap - n < 2) {
			cap = cap ? 2 * cap : 65536;
			p = iot_xrealloc(p, cap);
		}
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
	size_t done = 0;

	while (done < len) {
		size_t chunk = len - done;
		ssize_t w;

		if (injected_failure(done, &chunk))
			return -1;
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

/* How an output path is written (see file.h). */
enum out_kind {
	OUT_FD, /* an open descriptor: "-", /dev/stdout, /dev/fd/N */
	OUT_ATOMIC, /* a regular file or nothing: temporary + rename */
	OUT_IN_PLACE, /* FIFO, device: open and write */
};

struct iot_write_out {
	const char *path; /* as given, for diagnostics */
	char *target; /* OUT_ATOMIC, OUT_IN_PLACE: the file itself (a link's target) */
	char *tmp; /* OUT_ATOMIC: the prepared temporary, until committed */
	int fd; /* OUT_FD */
	enum out_kind kind;
	const void *data;
	size_t len;
};

/* "/dev/stdout", "/dev/fd/3", "/proc/self/fd/3" -> 1, 3, 3; -1 for anything else */
static int fd_path(const char *p)
{
	const char *n = NULL;
	char *end;
	long v;

	if (!strcmp(p, "-") || !strcmp(p, "/dev/stdout"))
		return 1;
	if (!strcmp(p, "/dev/stderr"))
		return 2;
	if (!strncmp(p, "/dev/fd/", 8))
		n = p + 8;
	else if (!strncmp(p, "/proc/self/fd/", 14))
		n = p + 14;
	if (!n || !*n)
		return -1;
	v = strtol(n, &end, 10);
	return *end || v < 0 || v > 1 << 20 ? -1 : (int)v;
}

/* @link's target, resolved against the directory @link is in */
static char *link_target(const char *link, struct iot_diags *d, const struct iot_loc *loc)
{
	char buf[4096];
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);
	const char *slash;

	if (n < 0) {
		iot_error(d, loc, "cannot read the symbolic link %s: %s", link, strerror(errno));
		return NULL;
	}
	buf[n] = 0;
	slash = strrchr(link, '/');
	if (buf[0] == '/' || !slash)
		return iot_strdup(buf);
	return iot_asprintf("%.*s/%s", (int)(slash - link), link, buf);
}

/* Decide how @o->path is written; fills kind, target or fd.  -1 with an error in @d. */
static int resolve(struct iot_write_out *o, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(o->path, 0, 0);
	char *cur = iot_strdup(o->path);
	struct stat st;

	for (int hops = 0;; hops++) {
		int fd = fd_path(cur);

		if (fd >= 0) {
			free(cur);
			if (fcntl(fd, F_GETFL) < 0) {
				iot_error(d, &loc, "file descriptor %d is not open", fd);
				return -1;
			}
			o->kind = OUT_FD;
			o->fd = fd;
			return 0;
		}
		if (hops > 40) {
			iot_error(d, &loc, "too many levels of symbolic links");
			free(cur);
			return -1;
		}
		if (lstat(cur, &st) < 0) {
			/* nothing there yet (or unreachable: creating the temporary says why) */
			o->kind = OUT_ATOMIC;
			o->target = cur;
			return 0;
		}
		if (S_ISLNK(st.st_mode)) {
			char *next = link_target(cur, d, &loc);

			free(cur);
			if (!next)
				return -1;
			cur = next;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			/* rename() would refuse it only after the other outputs were committed */
			iot_error(d, &loc, "is a directory (nothing written)");
			free(cur);
			return -1;
		}
		o->kind = S_ISREG(st.st_mode) ? OUT_ATOMIC : OUT_IN_PLACE;
		o->target = cur;
		return 0;
	}
}

/*
 * A new temporary beside @o->target with the target's mode and owner (an
 * ordinary new file's when there is none): its descriptor, or -1 with an
 * error.  Its name is in @o->tmp.
 */
static int create_tmp(struct iot_write_out *o, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(o->path, 0, 0);
	const char *slash = strrchr(o->target, '/');
	struct stat st;
	char *tmp;
	int fd;

	if (slash)
		tmp = iot_asprintf("%.*s/.%s.tmpXXXXXX", (int)(slash - o->target), o->target,
				   slash + 1);
	else
		tmp = iot_asprintf(".%s.tmpXXXXXX", o->target);
	fd = mkstemp(tmp);
	if (fd < 0) {
		if (strcmp(o->target, o->path))
			iot_error(d, &loc,
				  "cannot create a temporary file beside its target %s: %s",
				  o->target, strerror(errno));
		else
			iot_error(d, &loc, "cannot create a temporary file beside it: %s",
				  strerror(errno));
		free(tmp);
		return -1;
	}
	if (stat(o->target, &st) == 0) {
		/* replacing a file keeps what it was: its permissions, and its owner when root */
		(void)fchmod(fd, st.st_mode & 07777);
		/* best effort, as cp -p: a failure leaves root's file (glibc's fortify warns on a cast) */
		if (geteuid() == 0 && fchown(fd, st.st_uid, st.st_gid) < 0)
			errno = 0;
	} else {
		/* mkstemp() makes 0600; a new output is an ordinary file, so honour the umask */
		mode_t um = umask(0);

		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	o->tmp = tmp;
	return fd;
}

/* The temporary's data is all there: sync and close @fd, or remove it with an error. */
static int finish_tmp(struct iot_write_out *o, int fd, bool failed, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(o->path, 0, 0);
	int err = failed ? errno : 0;

	if (!failed && fsync(fd) < 0) {
		failed = true;
		err = errno;
	}
	if (close(fd) < 0 && !failed) {
		failed = true;
		err = errno;
	}
	if (failed) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		iot_error(d, &loc, "write error: %s (nothing written)", strerror(err));
		return -1;
	}
	return 0;
}

/* A synced temporary beside @o->target holding the data, with the target's mode and owner. */
static int prepare_tmp(struct iot_write_out *o, struct iot_diags *d)
{
	int fd = create_tmp(o, d);

	if (fd < 0)
		return -1;
	return finish_tmp(o, fd, write_all(fd, o->data, o->len) < 0, d);
}

/* Standard output, a FIFO, a device: written as it is (a FIFO's open waits for a reader). */
static int write_in_place(struct iot_write_out *o, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(o->path, 0, 0);
	int fd = o->fd, err;

	if (o->kind == OUT_IN_PLACE) {
		fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0) {
			iot_error(d, &loc, "cannot open: %s", strerror(errno));
			return -1;
		}
	}
	if (write_all(fd, o->data, o->len) < 0) {
		err = errno;
		if (o->kind == OUT_IN_PLACE)
			close(fd);
		iot_error(d, &loc, "write error: %s", strerror(err));
		return -1;
	}
	if (o->kind == OUT_IN_PLACE && close(fd) < 0) {
		iot_error(d, &loc, "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Make the rename durable: sync the directory that holds @path (best effort). */
static void sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? iot_strndup(path, slash == path ? 1 : (size_t)(slash - path)) :
			    iot_strdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

static int commit_tmp(struct iot_write_out *o, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(o->path, 0, 0);
	int err;

	if (rename(o->tmp, o->target) < 0) {
		err = errno;
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		iot_error(d, &loc, "cannot replace: %s", strerror(err));
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	sync_dir_of(o->target);
	return 0;
}

void iot_write_set_init(struct iot_write_set *s)
{
	memset(s, 0, sizeof(*s));
}

int iot_write_set_add(struct iot_write_set *s, const char *path, const void *data, size_t len,
		      struct iot_diags *d)
{
	struct iot_write_out *o;

	iot_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	o = &s->v[s->n];
	memset(o, 0, sizeof(*o));
	o->path = path;
	o->data = data;
	o->len = len;
	o->fd = -1;
	if (resolve(o, d) < 0 || (o->kind == OUT_ATOMIC && prepare_tmp(o, d) < 0)) {
		free(o->target);
		return -1;
	}
	s->n++;
	return 0;
}

int iot_write_set_commit(struct iot_write_set *s, struct iot_diags *d)
{
	int rc = 0;

	/* what cannot be undone first: if it fails, no regular file has changed */
	for (size_t i = 0; i < s->n && !rc; i++)
		if (s->v[i].kind != OUT_ATOMIC && write_in_place(&s->v[i], d) < 0)
			rc = -1;
	for (size_t i = 0; i < s->n && !rc; i++)
		if (s->v[i].kind == OUT_ATOMIC && commit_tmp(&s->v[i], d) < 0)
			rc = -1;
	if (rc) {
		struct iot_loc loc = iot_loc_text(NULL, 0, 0);
		size_t done = 0;

		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].kind == OUT_ATOMIC && !s->v[i].tmp)
				done++;
		if (s->n > 1 && !done)
			iot_diag(d, IOT_SEV_NOTE, &loc, NULL, "no output file was changed");
	}
	iot_write_set_free(s);
	return rc;
}

void iot_write_set_free(struct iot_write_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].tmp) {
			unlink(s->v[i].tmp);
			free(s->v[i].tmp);
		}
		free(s->v[i].target);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int iot_write_atomic(const char *path, const void *data, size_t len, struct iot_diags *d)
{
	struct iot_write_set s;

	iot_write_set_init(&s);
	if (iot_write_set_add(&s, path, data, len, d) < 0) {
		iot_write_set_free(&s);
		return -1;
	}
	return iot_write_set_commit(&s, d);
}

/* ---- an output written in pieces ---- */

struct iot_write_stream {
	struct iot_write_out o;
	int fd; /* the temporary, the device or the descriptor being written */
	bool failed;
	int err;
};

struct iot_write_stream *iot_write_stream_open(const char *path, struct iot_diags *d)
{
	struct iot_write_stream *s = iot_xcalloc(1, sizeof(*s));
	struct iot_loc loc = iot_loc_text(path, 0, 0);

	s->o.path = path;
	s->o.fd = -1;
	s->fd = -1;
	if (resolve(&s->o, d) < 0)
		goto fail;
	switch (s->o.kind) {
	case OUT_ATOMIC:
		s->fd = create_tmp(&s->o, d);
		break;
	case OUT_IN_PLACE:
		s->fd = open(s->o.target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (s->fd < 0)
			iot_error(d, &loc, "cannot open: %s", strerror(errno));
		break;
	case OUT_FD:
		s->fd = s->o.fd;
		break;
	}
	if (s->fd >= 0)
		return s;
fail:
	free(s->o.target);
	free(s);
	return NULL;
}

int iot_write_stream_write(struct iot_write_stream *s, const void *data, size_t len)
{
	if (s->failed)
		return -1;
	if (write_all(s->fd, data, len) < 0) {
		s->failed = true;
		s->err = errno;
		return -1;
	}
	return 0;
}

static void stream_free(struct iot_write_stream *s)
{
	if (s->o.tmp) {
		unlink(s->o.tmp);
		free(s->o.tmp);
	}
	free(s->o.target);
	free(s);
}

int iot_write_stream_commit(struct iot_write_stream *s, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(s->o.path, 0, 0);
	int rc = 0;

	if (s->o.kind == OUT_ATOMIC) {
		errno = s->err;
		rc = finish_tmp(&s->o, s->fd, s->failed, d);
		if (rc == 0)
			rc = commit_tmp(&s->o, d);
	} else {
		if (s->failed)
			iot_error(d, &loc, "write error: %s", strerror(s->err));
		if (s->o.kind == OUT_IN_PLACE && close(s->fd) < 0 && !s->failed)
			iot_error(d, &loc, "write error: %s", strerror(errno));
		rc = s->failed ? -1 : 0;
	}
	stream_free(s);
	return rc;
}

void iot_write_stream_abort(struct iot_write_stream *s)
{
	if (!s)
		return;
	if (s->o.kind != OUT_FD)
		close(s->fd);
	stream_free(s);
}
