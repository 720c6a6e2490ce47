// SPDX-License-Identifier: MIT
/*
 * An open-addressing hash (IOMMU, ID) -> device, for stream-ID ownership.
 * Devices are probed in bus order, so the IDs looked up come in runs
 * (functions, VFs); a run of 8 IDs keeps its order in one slot block (the
 * low 3 bits stay, the rest is mixed), so at a million devices a lookup is
 * one cache miss per run rather than one per ID.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

#define RUN_BITS 3

static size_t hash_slot(uint64_t key, size_t cap)
{
	uint64_t hi = key >> RUN_BITS;

	hi ^= hi >> 33;
	hi *= 0xff51afd7ed558ccdULL;
	hi ^= hi >> 33;
	return (size_t)(hi << RUN_BITS | (key & ((1u << RUN_BITS) - 1))) & (cap - 1);
}

int sim_hash_get(const struct sim_hash *h, uint64_t key)
{
	if (!h->cap)
		return -1;
	for (size_t i = hash_slot(key, h->cap);; i = (i + 1) & (h->cap - 1)) {
		if (h->v[i].hi == UINT32_MAX)
			return -1;
		if (h->v[i].hi == (uint32_t)(key >> 32) && h->v[i].lo == (uint32_t)key)
			return h->v[i].val;
	}
}

static void hash_resize(struct sim_hash *h, size_t cap)
{
	struct sim_hash n = { .cap = cap };

	n.v = iot_xmalloc(n.cap * sizeof(*n.v));
	for (size_t i = 0; i < n.cap; i++)
		n.v[i].hi = UINT32_MAX;
	for (size_t i = 0; i < h->cap; i++)
		if (h->v[i].hi != UINT32_MAX && h->v[i].val >= 0)
			sim_hash_put(&n, (uint64_t)h->v[i].hi << 32 | h->v[i].lo, h->v[i].val);
	sim_hash_free(h);
	*h = n;
}

void sim_hash_reserve(struct sim_hash *h, size_t n)
{
	size_t cap = h->cap ? h->cap : 1024;

	while (cap < SIZE_MAX / 4 && cap < (n + 1) * 2)
		cap *= 2;
	if (cap > h->cap)
		hash_resize(h, cap);
}

void sim_hash_put(struct sim_hash *h, uint64_t key, int val)
{
	size_t i;

	if ((h->n + 1) * 2 > h->cap)
		hash_resize(h, h->cap ? h->cap * 2 : 1024);
	for (i = hash_slot(key, h->cap); h->v[i].hi != UINT32_MAX; i = (i + 1) & (h->cap - 1))
		if (h->v[i].hi == (uint32_t)(key >> 32) && h->v[i].lo == (uint32_t)key) {
			h->v[i].val = val;
			return;
		}
	h->v[i].hi = (uint32_t)(key >> 32);
	h->v[i].lo = (uint32_t)key;
	h->v[i].val = val;
	h->n++;
}

/* Deleted keys stay as tombstones (value -1) until the next grow. */
void sim_hash_del(struct sim_hash *h, uint64_t key)
{
	if (sim_hash_get(h, key) >= 0)
		sim_hash_put(h, key, -1);
}

void sim_hash_free(struct sim_hash *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}
