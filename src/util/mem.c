// SPDX-License-Identifier: MIT
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void oom(size_t n)
{
	fprintf(stderr, "iotopo: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *iot_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *iot_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *iot_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *iot_strdup(const char *s)
{
	return iot_strndup(s, strlen(s));
}

char *iot_strndup(const char *s, size_t n)
{
	char *p = iot_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *iot_vasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int len;
	char *p;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		return iot_strdup("(unformattable message)");
	p = iot_xmalloc((size_t)len + 1);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	return p;
}

char *iot_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = iot_vasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void iot_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			oom(SIZE_MAX);
		ncap *= 2;
	}
	*p = iot_xrealloc(*p, ncap * size);
	iot_populate((char *)*p + *cap * size, (ncap - *cap) * size);
	memset((char *)*p + *cap * size, 0, (ncap - *cap) * size);
	*cap = ncap;
}

/* Below this, populating saves too little to pay for the system call. */
#define POPULATE_MIN (64 * 1024)

void iot_populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	long ps;
	size_t page;
	uintptr_t a, b;

	if (n < POPULATE_MIN)
		return;
	/* asked each time (a cached value in libc): no shared state between threads */
	ps = sysconf(_SC_PAGESIZE);
	page = ps > 0 ? (size_t)ps : 4096;
	/*
	 * Every page [p, p + n) touches, the partial ones at either end too:
	 * the caller writes into each, and a page holding any of its bytes is
	 * mapped and writable.  (Rounding inwards left one page to fault at
	 * each end: a fault every step for callers that populate ahead in
	 * steps from an unaligned start, such as the model's string pool.)
	 */
	a = (uintptr_t)p & ~(uintptr_t)(page - 1);
	b = ((uintptr_t)p + n + page - 1) & ~(uintptr_t)(page - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}
