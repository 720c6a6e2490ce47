/* SPDX-License-Identifier: MIT */
/*
 * Internal to src/sysfs: whole-file reads of many small files of one
 * directory, batched.  Each read is an open + read + close; through io_uring
 * (when built with liburing and the kernel allows it) a batch of them costs
 * one system call instead of three per file, which matters most on kernels
 * with page-table isolation, where every system call is expensive.
 *
 * One batch belongs to one thread.  Its results have the returns of
 * iot_tree_slurp_at(), or IOT_BATCH_REDO: read that file with the plain
 * system calls (the batch could not give the answer they would).  Once
 * io_uring fails in a way that says the kernel cannot do it, the batch reads
 * nothing more (iot_batch_read() returns 0), so the caller reads everything
 * itself: never an error of its own.
 */
#ifndef IOTOPO_SYSFS_BATCH_H
#define IOTOPO_SYSFS_BATCH_H

#include <stddef.h>
#include <stdint.h>

#define IOT_BATCH_MAX 64 /* files a batch */
#define IOT_BATCH_PATH_MAX 64 /* bytes of a file's path, with its NUL */
#define IOT_BATCH_REDO 2

struct iot_batch;

/*
 * A batch reading up to @cap bytes a file; NULL when batches are not
 * available (built without liburing; the test hook IOTOPO_NO_IO_URING).
 * The ring and the buffers are set up at the first iot_batch_read().
 */
struct iot_batch *iot_batch_new(size_t cap);

/* Where the caller writes file @k's path (relative to the directory), IOT_BATCH_PATH_MAX bytes. */
char *iot_batch_path(struct iot_batch *b, size_t k);

/*
 * Read the files 0..@n-1 (paths set with iot_batch_path(), relative to
 * @dirfd, @n at most IOT_BATCH_MAX).  Returns @n, or 0 when this batch reads
 * nothing any more: read them with the system calls.
 */
size_t iot_batch_read(struct iot_batch *b, int dirfd, size_t n);

/*
 * File @k's result: 1 with *@data (writable, valid until the next
 * iot_batch_read()) and *@len; 0 if absent (ENOENT, ENOTDIR); -errno if it
 * could not be opened; IOT_BATCH_REDO.
 */
int iot_batch_take(struct iot_batch *b, size_t k, uint8_t **data, size_t *len);

void iot_batch_free(struct iot_batch *b);

#endif
