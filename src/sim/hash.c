// SPDX-License-Identifier: MIT
/* An open-addressing hash (IOMMU, ID) -> device, for stream-ID ownership. */
#include <stdlib.h>
#include <string.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

static size_t hash_slot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

int sim_hash_get(const struct sim_hash *h, uint64_t key)
{
	if (!h->cap)
		return -1;
	for (size_t i = hash_slot(key, h->cap);; i = (i + 1) & (h->cap - 1)) {
		if (h->keys[i] == UINT64_MAX)
			return -1;
		if (h->keys[i] == key)
			return h->vals[i];
	}
}

static void hash_resize(struct sim_hash *h, size_t cap)
{
	struct sim_hash n = { .cap = cap };

	n.keys = iot_xmalloc(n.cap * sizeof(*n.keys));
	n.vals = iot_xmalloc(n.cap * sizeof(*n.vals));
	memset(n.keys, 0xff, n.cap * sizeof(*n.keys));
	for (size_t i = 0; i < h->cap; i++)
		if (h->keys[i] != UINT64_MAX && h->vals[i] >= 0)
			sim_hash_put(&n, h->keys[i], h->vals[i]);
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
	for (i = hash_slot(key, h->cap); h->keys[i] != UINT64_MAX; i = (i + 1) & (h->cap - 1))
		if (h->keys[i] == key) {
			h->vals[i] = val;
			return;
		}
	h->keys[i] = key;
	h->vals[i] = val;
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
	free(h->keys);
	free(h->vals);
	memset(h, 0, sizeof(*h));
}
