/* SPDX-License-Identifier: MIT */
/*
 * Allocation helpers, and iot_hexval for the readers of hex text.  Out of
 * memory is the one condition the library does not report through
 * diagnostics: like git's xmalloc(), these print one line and abort().  Hostile inputs cannot get here, because every reader bounds
 * its sizes first (see limits.h).
 */
#ifndef IOTOPO_MEM_H
#define IOTOPO_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *iot_xmalloc(size_t n);
void *iot_xcalloc(size_t n, size_t size);
void *iot_xrealloc(void *p, size_t n);
char *iot_strdup(const char *s);
char *iot_strndup(const char *s, size_t n);
char *iot_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *iot_vasprintf(const char *fmt, va_list ap);

/*
 * Make room for at least @need elements of @size bytes in *@p, whose
 * capacity is *@cap elements.  Grows geometrically; new space is zeroed.
 */
void iot_grow(void **p, size_t *cap, size_t need, size_t size);

/*
 * Memory [@p, @p + @n) is about to be written in full: have the kernel map
 * every page it touches, partial ones too, in one call (MADV_POPULATE_WRITE,
 * Linux 5.14+) instead of one page fault per page, which costs about twice
 * as much.  Only for
 * memory the caller surely writes next; a hint, silently nothing where not
 * supported or for less than a few pages.
 */
void iot_populate(void *p, size_t n);

#define IOT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The value of hex digit @c (either case), or -1: for the readers of hex dumps. */
static inline int iot_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
