// SPDX-License-Identifier: MIT
#include "sysfs/batch.h"

#include <stddef.h>

#ifdef HAVE_LIBURING
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/mem.h"

/*
 * Each file is three linked requests (io_uring_enter(2), io_uring_prep_*(3)):
 *
 *   IORING_OP_OPENAT into direct descriptor k (a slot of the ring's own file
 *       table, not the process's: no fd is ever installed, so nothing to
 *       close on a thread's exit or leak to a fork)
 *   IORING_OP_READ of slot k (IOSQE_FIXED_FILE) into buffer k
 *   IORING_OP_CLOSE of slot k
 *
 * Opening into a direct descriptor (and closing one) needs Linux 5.15, and
 * a read linked behind the open that fills its slot needs the file to be
 * looked up when the read starts, not when it is submitted: that is
 * IORING_FEAT_LINKED_FILE, Linux 5.17 (io_uring_setup(2)).  Kernels before
 * 5.15 also ignore the SQE's file_index (io_uring_prep_openat_direct(3)),
 * so the open would install a plain descriptor and the close would take
 * fd 0: without IORING_FEAT_LINKED_FILE no batch is ever submitted.
 *
 * The open is linked to the read (IOSQE_IO_LINK: a failed open cancels the
 * read and the close, -ECANCELED), the read hard-linked to the close
 * (IOSQE_IO_HARDLINK: a short read, which fails a plain link, must not
 * keep the slot open).  Opening into an occupied slot closes the file in it
 * first (io_uring_prep_openat_direct(3)), so even a failed close leaks
 * nothing; io_uring_queue_exit() drops the table.
 */
#define RING_ENTRIES 256 /* 3 requests a file */
#define BUF_ALIGN 64

enum { OP_OPEN, OP_READ, OP_CLOSE };

struct slot {
	char path[IOT_BATCH_PATH_MAX];
	int open_res, read_res;
};

struct iot_batch {
	struct io_uring ring;
	bool ring_up;
	bool dead; /* io_uring cannot do it here: the system calls read everything */
	size_t cap, stride;
	uint8_t *buf; /* IOT_BATCH_MAX buffers of @stride bytes */
	struct slot slot[IOT_BATCH_MAX];
#ifdef IOTOPO_TEST_HOOKS
	long long einval_after; /* results taken before opens "fail" with -EINVAL */
#endif
};

struct iot_batch *iot_batch_new(size_t cap)
{
	struct iot_batch *b;

#ifdef IOTOPO_TEST_HOOKS
	/*
	 * Test builds: IOTOPO_NO_IO_URING=1 reads as if io_uring_setup(2)
	 * failed (ENOSYS, or EPERM under seccomp or kernel.io_uring_disabled);
	 * IOTOPO_IO_URING_EINVAL_AFTER=N as if, after N files, an open
	 * completed with -EINVAL (a kernel without direct descriptors).
	 */
	const char *e = getenv("IOTOPO_NO_IO_URING");

	if (e && *e && *e != '0')
		return NULL;
#endif
	b = iot_xcalloc(1, sizeof(*b));
	b->cap = cap;
	b->stride = (cap + BUF_ALIGN - 1) / BUF_ALIGN * BUF_ALIGN;
#ifdef IOTOPO_TEST_HOOKS
	e = getenv("IOTOPO_IO_URING_EINVAL_AFTER");
	b->einval_after = e && *e ? strtoll(e, NULL, 0) : -1;
#endif
	return b;
}

char *iot_batch_path(struct iot_batch *b, size_t k)
{
	return b->slot[k].path;
}

/* The ring, its table of IOT_BATCH_MAX direct descriptors and the buffers; false if unavailable. */
static bool ring_up(struct iot_batch *b)
{
	struct io_uring_params p = { 0 };
	int slots[IOT_BATCH_MAX];

	if (io_uring_queue_init_params(RING_ENTRIES, &b->ring, &p) < 0)
		return false;
	for (size_t k = 0; k < IOT_BATCH_MAX; k++)
		slots[k] = -1; /* empty (sparse) entries */
	if (!(p.features & IORING_FEAT_LINKED_FILE) ||
	    io_uring_register_files(&b->ring, slots, IOT_BATCH_MAX) < 0) {
		io_uring_queue_exit(&b->ring);
		return false;
	}
	/* zeroed: valgrind cannot see the kernel's writes into it */
	b->buf = iot_xcalloc(IOT_BATCH_MAX, b->stride);
	b->ring_up = true;
	return true;
}

static void queue(struct iot_batch *b, int dirfd, size_t k)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&b->ring);

	/* O_CLOEXEC is refused (-EINVAL) for a direct descriptor, which no exec sees anyway */
	io_uring_prep_openat_direct(sqe, dirfd, b->slot[k].path, O_RDONLY | O_NONBLOCK | O_NOCTTY,
				    0, (unsigned int)k);
	sqe->flags |= IOSQE_IO_LINK;
	io_uring_sqe_set_data64(sqe, k << 2 | OP_OPEN);
	sqe = io_uring_get_sqe(&b->ring);
	/* offset -1: from the file position, as read(2) (IORING_FEAT_RW_CUR_POS, 5.6) */
	io_uring_prep_read(sqe, (int)k, b->buf + k * b->stride, (unsigned int)b->cap, (__u64)-1);
	sqe->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
	io_uring_sqe_set_data64(sqe, k << 2 | OP_READ);
	sqe = io_uring_get_sqe(&b->ring);
	io_uring_prep_close_direct(sqe, (unsigned int)k);
	io_uring_sqe_set_data64(sqe, k << 2 | OP_CLOSE);
}

size_t iot_batch_read(struct iot_batch *b, int dirfd, size_t n)
{
	struct io_uring_cqe *cqe;
	int submitted, got = 0;

	if (b->dead || !n)
		return 0;
	if (!b->ring_up && !ring_up(b)) {
		b->dead = true;
		return 0;
	}
	for (size_t k = 0; k < n; k++) {
		b->slot[k].open_res = b->slot[k].read_res = -ECANCELED;
		queue(b, dirfd, k);
	}
	do
		submitted = io_uring_submit_and_wait(&b->ring, (unsigned int)(3 * n));
	while (submitted == -EINTR); /* nothing was submitted: the kernel counts what was */
	if (submitted < 0)
		submitted = 0;
	/* every request submitted completes exactly once (none skips its completion) */
	while (got < submitted) {
		unsigned int head, seen = 0;

		if (io_uring_wait_cqe(&b->ring, &cqe) < 0)
			continue; /* -EINTR */
		io_uring_for_each_cqe(&b->ring, head, cqe)
		{
			struct slot *s = &b->slot[io_uring_cqe_get_data64(cqe) >> 2];

			switch (io_uring_cqe_get_data64(cqe) & 3) {
			case OP_OPEN:
				s->open_res = cqe->res;
				break;
			case OP_READ:
				s->read_res = cqe->res;
				break;
			}
			seen++;
		}
		io_uring_cq_advance(&b->ring, seen);
		got += (int)seen;
	}
	if ((size_t)submitted < 3 * n)
		b->dead = true; /* requests left in the ring that will never be submitted */
	return n;
}

int iot_batch_take(struct iot_batch *b, size_t k, uint8_t **data, size_t *len)
{
	const struct slot *s = &b->slot[k];
	int open_res = s->open_res;

	*len = 0;
	*data = NULL;
#ifdef IOTOPO_TEST_HOOKS
	if (b->einval_after >= 0 && b->einval_after-- == 0)
		open_res = -EINVAL;
#endif
	if (open_res == -ENOENT || open_res == -ENOTDIR)
		return 0;
	if (open_res == -EINVAL || open_res == -EOPNOTSUPP || open_res == -ENOSYS ||
	    open_res == -EBADF || open_res == -ENXIO || s->read_res == -EBADF)
		b->dead = true; /* not this file: io_uring cannot open directly here */
	/*
	 * Any other failure is read again with the system calls, which give
	 * the errno (and so the message) they always gave: errors are rare,
	 * and io_uring has its own (-ECANCELED, -EAGAIN, -EINTR).
	 */
	if (open_res < 0 || s->read_res < 0)
		return IOT_BATCH_REDO;
	*data = b->buf + k * b->stride;
	*len = (size_t)s->read_res;
	return 1;
}

void iot_batch_free(struct iot_batch *b)
{
	if (!b)
		return;
	if (b->ring_up)
		io_uring_queue_exit(&b->ring);
	free(b->buf);
	free(b);
}

#else /* !HAVE_LIBURING: the system calls read every file */

struct iot_batch *iot_batch_new(size_t cap)
{
	return NULL;
}

char *iot_batch_path(struct iot_batch *b, size_t k)
{
	return NULL;
}

size_t iot_batch_read(struct iot_batch *b, int dirfd, size_t n)
{
	return 0;
}

int iot_batch_take(struct iot_batch *b, size_t k, uint8_t **data, size_t *len)
{
	return IOT_BATCH_REDO;
}

void iot_batch_free(struct iot_batch *b)
{
}

#endif
