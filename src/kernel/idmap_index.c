// SPDX-License-Identifier: MIT
/*
 * ID maps compiled into segments (kernel/idmap_index.h).  The rules are
 * kernel/idmap.c's, restated for a sweep:
 *   DT (base.c:of_map_id): the first row in order that covers the masked
 *     ID wins; a row whose id-base has bits outside the mask answers every
 *     lookup that reaches it with -EFAULT; rows of length 0 or whose end
 *     wraps 32 bits never match.
 *   IORT (iort.c:iort_node_map_id/iort_id_map): the first covering row
 *     wins, a single mapping covers everything (or is skipped inside an
 *     SMMU/PMCG node); a match on a range's last ID is tentative, and the
 *     first later row that is a single mapping or starts exactly there
 *     takes over.
 *   VIOT (viot.c): the last covering row in table order wins.
 * Segments start at every row start, last ID and end, so each has one
 * answer; the sweep keeps the covering rows in a heap ordered by row index.
 */
#include "kernel/idmap_index.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct seg {
	uint64_t start; /* the segment covers [start, next segment's start) */
	size_t row; /* answering row, or (size_t)-1 */
	enum iot_map_status status;
	bool tentative_used, overridden, single_skipped;
};

struct iot_idmap_index {
	const struct iot_idmap *m;
	enum iot_map_semantics sem;
	uint32_t mask; /* DT: the lookup's input mask */
	bool folds;
	struct seg *v;
	size_t n;
};

/* A row's interval of input IDs under @sem, or false if it never matches by range. */
static bool interval(const struct iot_map_row *r, enum iot_map_semantics sem, uint64_t *lo,
		     uint64_t *hi)
{
	if (sem == IOT_MAP_DT) {
		uint32_t c32 = (uint32_t)r->count; /* the kernel adds in u32 */

		if (!c32 || (uint64_t)r->in_base + c32 >= 0x100000000ull)
			return false;
		*lo = r->in_base;
		*hi = (uint64_t)r->in_base + c32 - 1;
		return true;
	}
	if (sem == IOT_MAP_VIOT) {
		if (!r->count)
			return false;
		*lo = r->in_base;
		*hi = iot_row_last(r);
		return true;
	}
	/* IORT: "number of IDs" is count - 1, 0 for a count of 0 */
	*lo = r->in_base;
	*hi = (uint64_t)r->in_base + (r->count ? r->count - 1 : 0);
	return true;
}

/* ---- a binary heap of row indices (min-heap, or max-heap for VIOT) ---- */

struct heap {
	size_t *v;
	size_t n, cap;
	bool max;
};

static bool before(const struct heap *h, size_t a, size_t b)
{
	return h->max ? a > b : a < b;
}

static void heap_push(struct heap *h, size_t x)
{
	size_t i;

	iot_grow((void **)&h->v, &h->cap, h->n + 1, sizeof(*h->v));
	for (i = h->n++; i && before(h, x, h->v[(i - 1) / 2]); i = (i - 1) / 2)
		h->v[i] = h->v[(i - 1) / 2];
	h->v[i] = x;
}

static void heap_pop(struct heap *h)
{
	size_t x = h->v[--h->n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && before(h, h->v[c + 1], h->v[c]))
			c++;
		if (!before(h, h->v[c], x))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = x;
}

/* ---- events: a row starts covering at lo, stops after hi ---- */

struct event {
	uint64_t at;
	size_t row;
	bool start;
};

static int cmp_event(const void *pa, const void *pb)
{
	const struct event *a = pa, *b = pb;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	if (a->start != b->start)
		return a->start ? 1 : -1; /* ends first */
	return a->row < b->row ? -1 : a->row > b->row;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

static void add_seg(struct iot_idmap_index *x, size_t *cap, uint64_t start)
{
	iot_grow((void **)&x->v, cap, x->n + 1, sizeof(*x->v));
	memset(&x->v[x->n], 0, sizeof(x->v[x->n]));
	x->v[x->n].start = start;
	x->v[x->n].row = (size_t)-1;
	x->v[x->n].status = IOT_MAP_NO_MATCH;
	x->n++;
}

struct iot_idmap_index *iot_idmap_index_new(const struct iot_idmap *m, enum iot_map_semantics sem,
					    size_t skip_row, iot_idmap_row_filter keep,
					    const void *ctx)
{
	struct iot_idmap_index *x = iot_xcalloc(1, sizeof(*x));
	struct event *ev = iot_xcalloc(2 * m->n + 1, sizeof(*ev));
	uint64_t *bound = iot_xcalloc(3 * m->n + 2, sizeof(*bound));
	size_t *globals = iot_xcalloc(m->n + 1, sizeof(*globals)); /* singles / EFAULT rows */
	bool *active = iot_xcalloc(m->n + 1, sizeof(*active));
	size_t ne = 0, nb = 0, ng = 0, cap = 0, e = 0;
	struct heap h = { .max = sem == IOT_MAP_VIOT };
	bool iort = sem == IOT_MAP_IORT || sem == IOT_MAP_IORT_IOMMU_NODE;
	size_t first_single = (size_t)-1; /* IORT_IOMMU_NODE: a skipped single mapping */

	x->m = m;
	x->sem = sem;
	x->mask = sem == IOT_MAP_DT && m->has_mask ? m->mask : 0xffffffffu;
	x->folds = x->mask != 0xffffffffu;
	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];
		uint64_t lo, hi;

		/* as iot_idmap_lookup: only the IORT walk skips the ID-mapping index */
		if ((iort && i == skip_row) || (keep && !keep(r, ctx)))
			continue;
		if (sem == IOT_MAP_DT && (r->in_base & ~x->mask)) {
			globals[ng++] = i; /* answers -EFAULT to any lookup that reaches it */
			continue;
		}
		if (iort && r->single) {
			if (sem == IOT_MAP_IORT)
				globals[ng++] = i;
			else if (first_single == (size_t)-1)
				first_single = i;
			continue;
		}
		if (!interval(r, sem, &lo, &hi))
			continue;
		ev[ne++] = (struct event){ lo, i, true };
		ev[ne++] = (struct event){ hi + 1, i, false };
		bound[nb++] = lo;
		bound[nb++] = hi + 1;
		if (iort && hi > lo)
			bound[nb++] = hi; /* the tentative last ID is a segment of its own */
	}
	bound[nb++] = 0;
	qsort(ev, ne, sizeof(*ev), cmp_event);
	qsort(bound, nb, sizeof(*bound), cmp_u64);
	/* globals are in row order already */
	for (size_t b = 0; b < nb; b++) {
		uint64_t at = bound[b];
		size_t first_start, win = (size_t)-1, g;
		struct seg *s;

		if (at > 0xffffffffull || (b && at == bound[b - 1]))
			continue;
		while (e < ne && ev[e].at == at && !ev[e].start)
			active[ev[e++].row] = false;
		first_start = e;
		while (e < ne && ev[e].at == at) {
			active[ev[e].row] = true;
			heap_push(&h, ev[e++].row);
		}
		while (h.n && !active[h.v[0]])
			heap_pop(&h);
		add_seg(x, &cap, at);
		s = &x->v[x->n - 1];
		if (h.n)
			win = h.v[0];
		/* DT and IORT: a global row (EFAULT, single mapping) before the winner answers */
		g = ng ? globals[0] : (size_t)-1;
		if (sem != IOT_MAP_VIOT && g < win)
			win = g;
		if (win == (size_t)-1) {
			s->single_skipped = first_single != (size_t)-1;
			continue;
		}
		s->row = win;
		s->status = sem == IOT_MAP_DT && g == win ? IOT_MAP_EFAULT : IOT_MAP_OK;
		s->single_skipped = first_single < win;
		if (iort && !m->rows[win].single && m->rows[win].count > 1 &&
		    at == iot_row_last(&m->rows[win])) {
			/* tentative: the first later single mapping or row starting here wins */
			size_t over = (size_t)-1;

			for (size_t k = 0; k < ng && over == (size_t)-1; k++)
				if (globals[k] > win)
					over = globals[k];
			for (size_t k = first_start; k < e; k++)
				if (ev[k].row > win && ev[k].row < over)
					over = ev[k].row;
			if (over != (size_t)-1) {
				s->row = over;
				s->overridden = true;
				s->single_skipped = first_single < over;
			} else {
				/* the walk went on to the end, past every single mapping */
				s->tentative_used = true;
				s->single_skipped = first_single != (size_t)-1;
			}
		}
	}
	free(ev);
	free(bound);
	free(globals);
	free(active);
	free(h.v);
	return x;
}

void iot_idmap_index_free(struct iot_idmap_index *x)
{
	if (!x)
		return;
	free(x->v);
	free(x);
}

/* The segment holding @id: the last one starting at or before it. */
static size_t seg_of(const struct iot_idmap_index *x, uint64_t id)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->v[mid].start <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1; /* segment 0 starts at 0 */
}

enum iot_map_status iot_idmap_index_lookup(const struct iot_idmap_index *x, uint32_t id,
					   struct iot_map_result *res)
{
	uint32_t in = id & x->mask;
	const struct seg *s = &x->v[seg_of(x, in)];

	memset(res, 0, sizeof(*res));
	res->status = s->status;
	res->out = id;
	res->target = -1;
	res->row = s->row;
	res->sem = x->sem;
	res->tentative_used = s->tentative_used;
	res->overridden = s->overridden;
	res->single_skipped = s->single_skipped;
	if (s->status == IOT_MAP_OK) {
		const struct iot_map_row *r = &x->m->rows[s->row];

		res->target = r->target;
		res->out = r->single ? r->out_base : r->out_base + (in - r->in_base);
	}
	return res->status;
}

uint64_t iot_idmap_index_next(const struct iot_idmap_index *x, uint32_t id)
{
	size_t k;

	if (x->folds)
		return (uint64_t)id + 1;
	k = seg_of(x, id);
	/* a single mapping answers one output for every ID: not linear */
	if (x->v[k].status == IOT_MAP_OK && x->m->rows[x->v[k].row].single)
		return (uint64_t)id + 1;
	return k + 1 < x->n ? x->v[k + 1].start : 0x100000000ull;
}
