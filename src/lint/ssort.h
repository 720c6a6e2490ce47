/* SPDX-License-Identifier: MIT */
/*
 * A stable merge sort specialised per element type, for the hot sorts of the
 * readers and the lint rules.  glibc's qsort() is a merge sort too (so the
 * order of equal elements is what it was), but it calls the comparison
 * through a pointer and does every merge even on sorted input; most arrays
 * sorted here are sorted or nearly so (made in model order).
 *
 * IOT_SSORT_DEFINE(name, T, before) defines
 *	static void name(T *v, size_t n);
 * sorting v[0..n) so that before(a, b) (a strictly precedes b, given
 * const T *) never holds for a later a; equal elements keep their order.
 */
#ifndef IOTOPO_LINT_SSORT_H
#define IOTOPO_LINT_SSORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define IOT_SSORT_RUN 16

#define IOT_SSORT_DEFINE(name, T, before)                                                        \
	static void name##_merge(const T *a, size_t na, const T *b, size_t nb, T *out)           \
	{                                                                                        \
		size_t i = 0, j = 0, k = 0;                                                      \
                                                                                                 \
		if (!na || !nb || !before(&b[0], &a[na - 1])) {                                  \
			memcpy(out, a, na * sizeof(T));                                          \
			memcpy(out + na, b, nb * sizeof(T));                                     \
			return;                                                                  \
		}                                                                                \
		while (i < na && j < nb) {                                                       \
			if (before(&b[j], &a[i]))                                                \
				out[k++] = b[j++];                                               \
			else                                                                     \
				out[k++] = a[i++];                                               \
		}                                                                                \
		if (i < na)                                                                      \
			memcpy(out + k, a + i, (na - i) * sizeof(T));                            \
		else if (j < nb)                                                                 \
			memcpy(out + k, b + j, (nb - j) * sizeof(T));                            \
	}                                                                                        \
                                                                                                 \
	/* v[lo, mid) is sorted: insert v[mid, hi) into it one by one. */                        \
	static void name##_insert(T *v, size_t lo, size_t mid, size_t hi)                        \
	{                                                                                        \
		for (size_t k = mid; k < hi; k++) {                                              \
			size_t j = k;                                                            \
			T x;                                                                     \
                                                                                                 \
			if (k == lo || !before(&v[k], &v[k - 1]))                                \
				continue;                                                        \
			x = v[k];                                                                \
			do {                                                                     \
				v[j] = v[j - 1];                                                 \
				j--;                                                             \
			} while (j > lo && before(&x, &v[j - 1]));                               \
			v[j] = x;                                                                \
		}                                                                                \
	}                                                                                        \
                                                                                                 \
	static __attribute__((unused)) void name(T *v, size_t n)                                 \
	{                                                                                        \
		size_t i, *b, nb = 0;                                                            \
		T *tmp, *src, *dst;                                                              \
                                                                                                 \
		for (i = 1; i < n && !before(&v[i], &v[i - 1]); i++)                             \
			;                                                                        \
		if (i >= n)                                                                      \
			return;                                                                  \
		/* runs as they come, each at least IOT_SSORT_RUN long */                        \
		b = iot_xmalloc((n / IOT_SSORT_RUN + 2) * sizeof(*b));                           \
		b[nb++] = 0;                                                                     \
		for (size_t lo = 0; lo < n;) {                                                   \
			size_t hi = lo + 1;                                                      \
                                                                                                 \
			while (hi < n && !before(&v[hi], &v[hi - 1]))                            \
				hi++;                                                            \
			if (hi - lo < IOT_SSORT_RUN) {                                           \
				size_t end = lo + IOT_SSORT_RUN < n ? lo + IOT_SSORT_RUN : n;    \
                                                                                                 \
				name##_insert(v, lo, hi, end);                                   \
				hi = end;                                                        \
			}                                                                        \
			b[nb++] = hi;                                                            \
			lo = hi;                                                                 \
		}                                                                                \
		tmp = iot_xmalloc(n * sizeof(T));                                                \
		src = v;                                                                         \
		dst = tmp;                                                                       \
		while (nb > 2) { /* nb - 1 runs: merge them in pairs */                          \
			size_t k = 0;                                                            \
                                                                                                 \
			for (size_t r = 0; r + 1 < nb; r += 2) {                                 \
				size_t lo = b[r], mid = b[r + 1];                                \
				size_t hi = r + 2 < nb ? b[r + 2] : mid;                         \
                                                                                                 \
				name##_merge(src + lo, mid - lo, src + mid, hi - mid, dst + lo); \
				b[k++] = lo;                                                     \
			}                                                                        \
			b[k++] = n;                                                              \
			nb = k;                                                                  \
			T *s = src;                                                              \
			src = dst;                                                               \
			dst = s;                                                                 \
		}                                                                                \
		if (src != v)                                                                    \
			memcpy(v, src, n * sizeof(T));                                           \
		free(tmp);                                                                       \
		free(b);                                                                         \
	}

#endif
