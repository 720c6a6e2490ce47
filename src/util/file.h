/* SPDX-License-Identifier: MIT */
/*
 * Whole-file input and safe output.  Every file iotopo writes goes through
 * iot_write_atomic() or a write set: a regular file is replaced atomically (a
 * temporary in the target's directory, written, fsync()ed and renamed over
 * it), so a failure at any point leaves the old file (or no file) and never a
 * partial one; a FIFO, a device or standard output is written in place.
 */
#ifndef IOTOPO_FILE_H
#define IOTOPO_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* Largest input file read, in bytes (see limits in man/iotopo.1). */
#define IOT_MAX_INPUT_SIZE (256u * 1024 * 1024)

/*
 * Read @path ("-" is standard input) into a new buffer, NUL-terminated (the
 * NUL is not counted in *@len).  Returns 0, or -1 with an error in @d.
 */
int iot_read_file(const char *path, uint8_t **data, size_t *len, struct iot_diags *d);

/*
 * Output.  What a path names decides how it is written:
 *   - "-", /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: the open
 *     descriptor itself, as a shell redirection would;
 *   - a regular file, or nothing yet: atomically (a synced temporary beside
 *     it, renamed over it; its mode and, for root, owner kept);
 *   - a symbolic link: followed; a link to a regular file (or to nothing)
 *     gets the atomic treatment on its target, so the link stays a link;
 *   - anything else that exists (FIFO, character or block device, a link to
 *     one): opened and written in place, never replaced;
 *   - a directory: refused.
 * No output kind is ever replaced by a regular file.
 */

/*
 * Write @len bytes to @path as above.  Returns 0, or -1 with an error in @d;
 * on error a regular file is untouched and no temporary file is left behind.
 */
int iot_write_atomic(const char *path, const void *data, size_t len, struct iot_diags *d);

/*
 * Several outputs of one command, all or nothing: iot_write_set_add()
 * prepares each (a regular file's temporary is written and synced; nothing
 * is visible yet), iot_write_set_commit() writes the in-place outputs
 * (standard output, FIFOs, devices) and then renames every temporary into
 * place.  If any step fails, no regular file is changed (only a rename
 * failing after others succeeded could break that, which a full disk
 * cannot cause: the space is taken before).  iot_write_set_free() discards
 * whatever was not committed.  @path and @data must live until commit.
 */
struct iot_write_out;
struct iot_write_set {
	struct iot_write_out *v;
	size_t n;
	size_t cap;
};

void iot_write_set_init(struct iot_write_set *s);
int iot_write_set_add(struct iot_write_set *s, const char *path, const void *data, size_t len,
		      struct iot_diags *d);
int iot_write_set_commit(struct iot_write_set *s, struct iot_diags *d);
void iot_write_set_free(struct iot_write_set *s);

/*
 * Write all @len bytes to @fd (retrying short writes and EINTR), with the
 * failure injection below; -1 with errno on error.  For writers that make
 * their own atomic unit (snapshot's directory).
 */
int iot_write_fd(int fd, const void *data, size_t len);

/*
 * One output written in pieces (a report too large to hold), with the same
 * rules as iot_write_atomic(): a regular file (or a new one) is written to a
 * temporary beside it and renamed over it by commit, so a failure at any
 * point leaves the old file; "-", /dev/stdout, FIFOs and devices are written
 * as the pieces come.  open returns NULL with an error in @d; write records a
 * failure for commit to report ("write error: ... (nothing written)");
 * commit and abort free the stream (abort removes the temporary).
 */
struct iot_write_stream;
struct iot_write_stream *iot_write_stream_open(const char *path, struct iot_diags *d);
int iot_write_stream_write(struct iot_write_stream *s, const void *data, size_t len);
int iot_write_stream_commit(struct iot_write_stream *s, struct iot_diags *d);
void iot_write_stream_abort(struct iot_write_stream *s);

#ifdef IOTOPO_TEST_HOOKS
/*
 * Test builds only (cmake -DIOTOPO_TEST_HOOKS=ON, which the test suite
 * uses; release builds have neither this nor the variable): make the next
 * write fail after @n bytes, as a full file system would (ENOSPC).  A
 * negative value disables it.  The environment variable
 * IOTOPO_FAIL_WRITE_AFTER sets the same for the CLI.
 */
void iot_write_inject_failure(long long n);
#endif

#endif
