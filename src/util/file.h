/* SPDX-License-Identifier: MIT */
/*
 * Whole-file input and atomic output.  Every file iotopo writes goes through
 * iot_write_atomic(): a temporary file in the target's directory, written,
 * fsync()ed and renamed over the target, so a failure at any point leaves the
 * old file (or no file) and never a partial one.
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
 * Write @len bytes to @path atomically ("-" writes to standard output).
 * Returns 0, or -1 with an error in @d; on error @path is untouched and no
 * temporary file is left behind.
 */
int iot_write_atomic(const char *path, const void *data, size_t len, struct iot_diags *d);

/*
 * iot_write_atomic() in two steps, for a command that writes several files
 * and must write none when one fails: prepare each (a synced temporary
 * beside @path, returned in *@tmp), and only when all are ready commit each
 * (rename; frees @tmp).  iot_write_discard() removes and frees a prepared
 * temporary (NULL is ignored).  @path must not be "-".
 */
int iot_write_prepare(const char *path, const void *data, size_t len, char **tmp,
		      struct iot_diags *d);
int iot_write_commit(const char *path, char *tmp, struct iot_diags *d);
void iot_write_discard(char *tmp);

/*
 * Write all @len bytes to @fd (retrying short writes and EINTR), with the
 * failure injection below; -1 with errno on error.  For writers that make
 * their own atomic unit (snapshot's directory).
 */
int iot_write_fd(int fd, const void *data, size_t len);

/*
 * Test hook: make the next iot_write_atomic() fail after writing @n bytes,
 * as a full file system would (ENOSPC).  A negative value disables it.  The
 * environment variable IOTOPO_FAIL_WRITE_AFTER sets the same for the CLI.
 */
void iot_write_inject_failure(long long n);

#endif
