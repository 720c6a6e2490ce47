// SPDX-License-Identifier: MIT
/*
 * The kernel's floor for `iotopo groups --sysfs DIR`: only the file reads
 * every PCI function needs, and nothing else.  It lists
 * DIR/sys/bus/pci/devices, follows one link per bus to the directory holding
 * that bus's functions (as the reader does), and opens, reads and closes
 * each function's config file relative to it.  No parsing, no model, no
 * report: what is left is the system calls' cost, which bounds the reader's
 * CPU time from below.
 *
 *   sysfs-floor [-b BYTES] [-t THREADS] [-u] DIR
 *
 *   -b BYTES    bytes read per config file (default 4097, the reader's read)
 *   -t THREADS  threads, each a range of whole buses (default 1)
 *   -u          io_uring: open, read and close linked, 64 files per submission
 *               (only when built with liburing)
 *
 * Prints the functions, the files read, and user and system CPU time
 * (getrusage, all threads) and wall time.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LIBURING
#include <liburing.h>
#endif

struct fn {
	char name[24];
	int bus; /* index into buses */
};

static struct fn *fns;
static size_t n_fns;
static int *bus_fd;
static size_t n_bus;
static size_t nbytes = 4097;
static int use_uring;

struct range {
	size_t lo, hi;
	size_t files;
};

static int cmp_fn(const void *a, const void *b)
{
	return strcmp(((const struct fn *)a)->name, ((const struct fn *)b)->name);
}

static double secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void *read_plain(void *arg)
{
	struct range *r = arg;
	char *buf = malloc(nbytes);

	for (size_t i = r->lo; i < r->hi; i++) {
		char rel[64];
		int fd;

		snprintf(rel, sizeof(rel), "%s/config", fns[i].name);
		fd = openat(bus_fd[fns[i].bus], rel, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (read(fd, buf, nbytes) >= 0)
			r->files++;
		close(fd);
	}
	free(buf);
	return NULL;
}

#ifdef HAVE_LIBURING
#define BATCH 64

static void *read_uring(void *arg)
{
	struct range *r = arg;
	struct io_uring ring;
	char(*rel)[64] = malloc(BATCH * sizeof(*rel));
	char *buf = malloc(BATCH * nbytes);
	int slots[BATCH];

	if (io_uring_queue_init(BATCH * 4, &ring, 0) < 0) {
		fprintf(stderr, "sysfs-floor: io_uring_queue_init failed\n");
		exit(1);
	}
	for (int i = 0; i < BATCH; i++)
		slots[i] = -1;
	if (io_uring_register_files(&ring, slots, BATCH) < 0) {
		fprintf(stderr, "sysfs-floor: io_uring_register_files failed\n");
		exit(1);
	}
	for (size_t lo = r->lo; lo < r->hi; lo += BATCH) {
		size_t n = r->hi - lo < BATCH ? r->hi - lo : BATCH;
		struct io_uring_cqe *cqe;

		for (size_t k = 0; k < n; k++) {
			struct io_uring_sqe *sqe;

			snprintf(rel[k], sizeof(rel[k]), "%s/config", fns[lo + k].name);
			sqe = io_uring_get_sqe(&ring);
			io_uring_prep_openat_direct(
				sqe, bus_fd[fns[lo + k].bus], rel[k], O_RDONLY, 0,
				(unsigned int)k); /* no O_CLOEXEC with direct descriptors */
			sqe->flags |= IOSQE_IO_LINK;
			sqe->user_data = 0;
			sqe = io_uring_get_sqe(&ring);
			io_uring_prep_read(sqe, (int)k, buf + k * nbytes, (unsigned int)nbytes, 0);
			sqe->flags |= IOSQE_FIXED_FILE |
				      IOSQE_IO_HARDLINK; /* close even after a short read */
			sqe->user_data = 1;
			sqe = io_uring_get_sqe(&ring);
			io_uring_prep_close_direct(sqe, (unsigned int)k);
			sqe->user_data = 2;
		}
		io_uring_submit_and_wait(&ring, (unsigned int)(3 * n));
		for (size_t k = 0; k < 3 * n; k++) {
			io_uring_wait_cqe(&ring, &cqe);
			if (cqe->user_data == 1 && cqe->res >= 0)
				r->files++;
			io_uring_cqe_seen(&ring, cqe);
		}
	}
	io_uring_queue_exit(&ring);
	free(rel);
	free(buf);
	return NULL;
}
#endif

int main(int argc, char **argv)
{
	int nt = 1, opt;
	char path[PATH_MAX];
	DIR *d;
	struct dirent *e;
	size_t cap = 0, files = 0;
	struct timespec t0, t1;
	struct rusage ru;
	pthread_t tid[64];
	struct range rg[64];

	while ((opt = getopt(argc, argv, "b:t:u")) != -1) {
		if (opt == 'b')
			nbytes = strtoul(optarg, NULL, 0);
		else if (opt == 't')
			nt = atoi(optarg);
		else if (opt == 'u')
			use_uring = 1;
		else
			return 2;
	}
	if (optind + 1 != argc || nt < 1 || nt > 64 || !nbytes) {
		fprintf(stderr, "usage: sysfs-floor [-b BYTES] [-t THREADS] [-u] DIR\n");
		return 2;
	}
#ifndef HAVE_LIBURING
	if (use_uring) {
		fprintf(stderr, "sysfs-floor: built without liburing\n");
		return 2;
	}
#endif
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", argv[optind]);
	d = opendir(path);
	if (!d) {
		perror(path);
		return 1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(fns->name))
			continue;
		if (n_fns == cap) {
			cap = cap ? 2 * cap : 4096;
			fns = realloc(fns, cap * sizeof(*fns));
		}
		strcpy(fns[n_fns++].name, e->d_name);
	}
	closedir(d);
	qsort(fns, n_fns, sizeof(*fns), cmp_fn);
	bus_fd = malloc((n_fns + 1) * sizeof(*bus_fd));
	for (size_t i = 0; i < n_fns; i++) {
		size_t l = strlen(fns[i].name);

		/* a new bus: "DDDD:BB" differs from the previous function's */
		if (i == 0 || strncmp(fns[i].name, fns[i - 1].name, l - 5)) {
			char link[PATH_MAX + 32], target[PATH_MAX], dir[2 * PATH_MAX];
			ssize_t n;
			char *slash;

			snprintf(link, sizeof(link), "%s/%s", path, fns[i].name);
			n = readlink(link, target, sizeof(target) - 1);
			if (n < 0) {
				perror(link);
				return 1;
			}
			target[n] = '\0';
			slash = strrchr(target, '/');
			if (slash)
				*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/%s", path, target);
			bus_fd[n_bus++] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		}
		fns[i].bus = (int)n_bus - 1;
	}
	for (int t = 0; t < nt; t++) {
		rg[t].lo = n_fns * (size_t)t / (size_t)nt;
		rg[t].hi = n_fns * (size_t)(t + 1) / (size_t)nt;
		rg[t].files = 0;
	}
	for (int t = 1; t < nt; t++)
		pthread_create(&tid[t], NULL,
#ifdef HAVE_LIBURING
			       use_uring ? read_uring :
#endif
					   read_plain,
			       &rg[t]);
#ifdef HAVE_LIBURING
	if (use_uring)
		read_uring(&rg[0]);
	else
#endif
		read_plain(&rg[0]);
	for (int t = 1; t < nt; t++)
		pthread_join(tid[t], NULL);
	for (int t = 0; t < nt; t++)
		files += rg[t].files;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	printf("%zu functions, %zu config files read (%zu bytes each)%s, %d thread%s: "
	       "user %.3f s, system %.3f s, wall %.3f s\n",
	       n_fns, files, nbytes, use_uring ? " with io_uring" : "", nt, nt > 1 ? "s" : "",
	       secs(ru.ru_utime), secs(ru.ru_stime),
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return files == n_fns ? 0 : 1;
}
