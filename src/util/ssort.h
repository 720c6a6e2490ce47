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
#ifndef IOTOPO_UTIL_SSORT_H
#define IOTOPO_UTIL_SSORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define IOT_SSORT_RUN 16

#define IOT_SSORT_DEFINE(name, T, before)                                                      \
	/* v[lo, mid) is sorted: insert v[mid, hi) into it one by one. */                      \
	static void name##_insert(T *v, size_t lo, size_t mid, size_t hi)                      \
	{                                                                                      \
		for (size_t k = mid; k < hi; k++) {                                            \
			size_t j = k;                                                          \
			T x;                                                                   \
                                                                                               \
			if (k == lo || !before(&v[k], &v[k - 1]))                              \
				continue;                                                      \
			x = v[k];                                                              \
			do {                                                                   \
				v[j] = v[j - 1];                                               \
				j--;                                                           \
			} while (j > lo && before(&x, &v[j - 1]));                             \
			v[j] = x;                                                              \
		}                                                                              \
	}                                                                                      \
                                                                                               \
	/* \
	 * Merge the sorted runs v[lo, mid) and v[mid, hi) in place.  What is \
	 * already where it belongs at either end stays; the shorter of the rest \
	 * goes through *tmp (grown as needed), so a run that is nearly in order \
	 * moves little. \
	 */                                                                                   \
	static void name##_merge(T *v, size_t lo, size_t mid, size_t hi, T **tmp, size_t *cap) \
	{                                                                                      \
		size_t a, b, na, nb;                                                           \
                                                                                               \
		if (lo == mid || mid == hi || !before(&v[mid], &v[mid - 1]))                   \
			return;                                                                \
		/* left elements not after v[mid] stay: the first that is */                   \
		for (a = lo, b = mid; a < b;) {                                                \
			size_t m = a + (b - a) / 2;                                            \
                                                                                               \
			if (before(&v[mid], &v[m]))                                            \
				b = m;                                                         \
			else                                                                   \
				a = m + 1;                                                     \
		}                                                                              \
		lo = a;                                                                        \
		/* right elements not before v[mid - 1] stay: the first of them */             \
		for (a = mid, b = hi; a < b;) {                                                \
			size_t m = a + (b - a) / 2;                                            \
                                                                                               \
			if (before(&v[m], &v[mid - 1]))                                        \
				a = m + 1;                                                     \
			else                                                                   \
				b = m;                                                         \
		}                                                                              \
		hi = a;                                                                        \
		na = mid - lo;                                                                 \
		nb = hi - mid;                                                                 \
		if ((na < nb ? na : nb) > *cap) {                                              \
			*cap = na < nb ? na : nb;                                              \
			*tmp = iot_xrealloc(*tmp, *cap * sizeof(T));                           \
		}                                                                              \
		if (na <= nb) {                                                                \
			size_t i = 0, j = mid, k = lo;                                         \
                                                                                               \
			memcpy(*tmp, v + lo, na * sizeof(T));                                  \
			while (i < na && j < hi) {                                             \
				if (before(&v[j], &(*tmp)[i]))                                 \
					v[k++] = v[j++];                                       \
				else                                                           \
					v[k++] = (*tmp)[i++];                                  \
			}                                                                      \
			memcpy(v + k, *tmp + i, (na - i) * sizeof(T));                         \
		} else {                                                                       \
			size_t i = mid, j = nb, k = hi;                                        \
                                                                                               \
			memcpy(*tmp, v + mid, nb * sizeof(T));                                 \
			while (i > lo && j > 0) {                                              \
				if (before(&(*tmp)[j - 1], &v[i - 1]))                         \
					v[--k] = v[--i];                                       \
				else                                                           \
					v[--k] = (*tmp)[--j];                                  \
			}                                                                      \
			memcpy(v + lo, *tmp, j * sizeof(T));                                   \
		}                                                                              \
	}                                                                                      \
                                                                                               \
	static __attribute__((unused)) void name(T *v, size_t n)                               \
	{                                                                                      \
		size_t i, *b, nb = 0, cap = 0;                                                 \
		T *tmp = NULL;                                                                 \
                                                                                               \
		for (i = 1; i < n && !before(&v[i], &v[i - 1]); i++)                           \
			;                                                                      \
		if (i >= n)                                                                    \
			return;                                                                \
		/* runs as they come, each at least IOT_SSORT_RUN long */                      \
		b = iot_xmalloc((n / IOT_SSORT_RUN + 2) * sizeof(*b));                         \
		b[nb++] = 0;                                                                   \
		for (size_t lo = 0; lo < n;) {                                                 \
			size_t hi = lo + 1;                                                    \
                                                                                               \
			while (hi < n && !before(&v[hi], &v[hi - 1]))                          \
				hi++;                                                          \
			if (hi - lo < IOT_SSORT_RUN) {                                         \
				size_t end = lo + IOT_SSORT_RUN < n ? lo + IOT_SSORT_RUN : n;  \
                                                                                               \
				name##_insert(v, lo, hi, end);                                 \
				hi = end;                                                      \
			}                                                                      \
			b[nb++] = hi;                                                          \
			lo = hi;                                                               \
		}                                                                              \
		while (nb > 2) { /* nb - 1 runs: merge them in pairs */                        \
			size_t k = 0;                                                          \
                                                                                               \
			for (size_t r = 0; r + 1 < nb; r += 2) {                               \
				if (r + 2 < nb)                                                \
					name##_merge(v, b[r], b[r + 1], b[r + 2], &tmp, &cap); \
				b[k++] = b[r];                                                 \
			}                                                                      \
			b[k++] = n;                                                            \
			nb = k;                                                                \
		}                                                                              \
		free(tmp);                                                                     \
		free(b);                                                                       \
	}

#endif
