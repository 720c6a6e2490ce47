/* SPDX-License-Identifier: MIT */
#ifndef IOT_UTIL_HASH_H
#define IOT_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

/*
 * FNV-1a over a NUL-terminated string: the hash every string set and path
 * index here uses (DT reader, tree and patcher, YAML
 * reader and writer, ACPI name sets, SARIF fingerprints).  Cheap, no
 * table, and good enough for open addressing over names and paths.
 */
#define IOT_FNV_OFFSET 0xcbf29ce484222325ull
#define IOT_FNV_PRIME 0x100000001b3ull

static inline uint64_t iot_str_hash(const char *s)
{
	uint64_t h = IOT_FNV_OFFSET;

	while (*s)
		h = (h ^ (unsigned char)*s++) * IOT_FNV_PRIME;
	return h;
}

/* The same over @len bytes (a name not terminated where it ends). */
static inline uint64_t iot_mem_hash(const char *s, size_t len)
{
	uint64_t h = IOT_FNV_OFFSET;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * IOT_FNV_PRIME;
	return h;
}

#endif
