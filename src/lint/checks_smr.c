// SPDX-License-Identifier: MIT
/*
 * Stream matching at SMMUv1/v2-family IOMMUs (arm-smmu.c).  A device's
 * stream ID and mask become a stream match register (SMR) entry; a PCI
 * root's requester IDs arrive as stream IDs with the IOMMU's default mask.
 * arm-smmu.c:arm_smmu_find_sme decides, entry by entry in probe order:
 *   - an entry the new one is entirely matched by is reused: the devices
 *     share a stream-map entry, and arm_smmu_device_group puts them in one
 *     IOMMU group (identical entries always end so: smr-shared, a note);
 *   - any other overlap is refused (-EINVAL) and the new device's probe
 *     fails.  A partial overlap fails whichever device comes second
 *     (smr-conflict, an error); an entry strictly inside a wider one is
 *     shared only when the wider one came first (smr-mask-alias, a warning).
 * Entries are compared by mask class with sorted keys, never pair by pair.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/checks.h"
#include "lint/xlat.h"
#include "util/mem.h"

enum smr_kind { SMR_SHARED, SMR_ALIAS, SMR_CONFLICT };

/* Where an entry comes from: a root (its runs of RIDs) or a platform device. */
struct smr_src {
	bool root;
	size_t idx;
};

/* One entry: SIDs lo..hi (lo == hi for a device's SMR), all with @mask. */
struct smr_ent {
	int iommu;
	uint32_t mask;
	uint32_t lo, hi;
	uint32_t key; /* scratch: the bits that take part in a comparison */
	size_t src; /* index into the source table */
	const struct iot_loc *loc;
};

struct smr_set {
	struct smr_ent *v;
	size_t n, cap;
	struct smr_src *src;
	size_t n_src, cap_src;
};

static const char *nm(const char *s)
{
	return s ? s : "(unnamed)";
}

static size_t add_src(struct smr_set *s, bool root, size_t idx)
{
	iot_grow((void **)&s->src, &s->cap_src, s->n_src + 1, sizeof(*s->src));
	s->src[s->n_src] = (struct smr_src){ root, idx };
	return s->n_src++;
}

static void add_ent(struct smr_set *s, struct smr_ent e)
{
	iot_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = e;
}

static bool smmuv2(const struct iot_topology *t, int u)
{
	return u >= 0 && (size_t)u < t->n_iommus &&
	       iot_iommu_is_smmuv2_family(t->iommus[u].model) &&
	       t->iommus[u].status != IOT_STATUS_DISABLED;
}

/* arm-smmu.c:arm_smmu_of_xlate: no mask cell means the IOMMU's stream-match-mask. */
static uint32_t default_mask(const struct iot_iommu *u)
{
	return u->has_stream_match_mask ? u->stream_match_mask & 0xffff : 0;
}

static int cmp_class(const void *pa, const void *pb)
{
	const struct smr_ent *a = pa, *b = pb;

	if (a->iommu != b->iommu)
		return a->iommu < b->iommu ? -1 : 1;
	if (a->mask != b->mask)
		return a->mask < b->mask ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return a->src < b->src ? -1 : a->src > b->src;
}

/* Every enabled source's entries at enabled SMMUv1/v2-family IOMMUs. */
static void collect(struct iot_lint_run *run, struct smr_set *s)
{
	const struct iot_topology *t = run->t;

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];
		size_t src = SIZE_MAX;

		if (p->status == IOT_STATUS_DISABLED)
			continue;
		for (size_t k = 0; k < p->n_iommus; k++) {
			int u = p->iommus[k].iommu;

			if (!smmuv2(t, u))
				continue;
			if (src == SIZE_MAX)
				src = add_src(s, false, i);
			for (size_t j = 0; j < p->iommus[k].n_ids; j++) {
				const struct iot_sid *id = &p->iommus[k].ids[j];
				uint32_t m = id->has_mask ? id->mask & 0xffff :
							    default_mask(&t->iommus[u]);

				add_ent(s, (struct smr_ent){ u, m, id->id & 0xffff, id->id & 0xffff,
							     0, src, &p->iommus[k].loc });
			}
		}
	}
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		const struct iot_lint_runs *rr = iot_lint_root_runs(run, i);
		size_t src = SIZE_MAX;

		for (size_t k = 0; k < rr->n; k++) {
			const struct iot_lint_rid_run *x = &rr->v[k];
			uint64_t last = (uint64_t)x->sid_first + (x->rid_last - x->rid_first);

			if (!smmuv2(t, x->iommu) || x->sid_first > 0xffff)
				continue;
			if (src == SIZE_MAX)
				src = add_src(s, true, i);
			add_ent(s, (struct smr_ent){ x->iommu, default_mask(&t->iommus[x->iommu]),
						     x->sid_first,
						     last > 0xffff ? 0xffff : (uint32_t)last, 0,
						     src, &r->loc });
		}
	}
	for (size_t i = 0; i < s->n; i++)
		s->v[i].key = s->v[i].lo & ~s->v[i].mask & 0xffff;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_class);
}

static void describe(const struct iot_topology *t, const struct smr_set *s, size_t src, char *buf,
		     size_t n)
{
	const struct smr_src *x = &s->src[src];

	snprintf(buf, n, "%s %s", x->root ? "root" : "device",
		 nm(x->root ? t->roots[x->idx].name : t->platdevs[x->idx].name));
}

static void fmt_ent(const struct smr_ent *e, char *buf, size_t n)
{
	if (e->lo == e->hi)
		snprintf(buf, n, "0x%x/0x%x", e->lo, e->mask);
	else
		snprintf(buf, n, "0x%x-0x%x/0x%x", e->lo, e->hi, e->mask);
}

/* ---- union-find over sources, for the groups shared entries form ---- */

static size_t uf_find(size_t *p, size_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

static void uf_union(size_t *p, size_t a, size_t b)
{
	a = uf_find(p, a);
	b = uf_find(p, b);
	if (a != b)
		p[a > b ? a : b] = a < b ? a : b;
}

/*
 * A relation found between two entries: @a and @b overlap; for
 * SMR_ALIAS @a is the wider one, for SMR_CONFLICT @b is the later source.
 */
struct smr_rel {
	enum smr_kind kind;
	const struct smr_ent *a, *b;
	bool contained; /* SMR_CONFLICT: @b is the wider entry, @a inside it came first */
};

typedef void (*rel_fn)(void *ctx, const struct smr_rel *rel);

/*
 * Within one mask class entries are identical exactly when their keys
 * overlap (a root's run covers keys lo..hi when the class mask is 0, and is
 * compared by its first key otherwise).
 */
static void same_class(const struct smr_ent *v, size_t n, rel_fn fn, void *ctx)
{
	size_t top = 0;

	for (size_t i = 1; i < n; i++) {
		const struct smr_ent *x = &v[top], *y = &v[i];
		uint32_t xhi = x->mask ? x->key : x->hi;

		if (y->key <= xhi && y->src != x->src)
			fn(ctx, &(struct smr_rel){ SMR_SHARED, x, y, false });
		if ((y->mask ? y->key : y->hi) > xhi || y->src == x->src)
			top = i;
	}
}

/* An entry and the bits of it two mask classes compare. */
struct keyed {
	uint32_t key;
	const struct smr_ent *e;
};

static int cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->e < b->e ? -1 : a->e > b->e;
}

/* The smallest SID >= @lo that agrees with @want outside mask @m, or UINT32_MAX. */
static uint32_t next_match(uint32_t lo, uint32_t want, uint32_t m)
{
	uint32_t fixed = ~m & 0xffff, w = want & fixed;

	if (lo > 0xffff)
		return UINT32_MAX;
	if ((lo & fixed) == w)
		return lo;
	/* keep @lo's bits above some bit b, raise bit b, fill below minimally */
	for (int b = 0; b < 16; b++) {
		uint32_t bit = 1u << b, above = 0xffff & ~((bit << 1) - 1);

		if ((lo & bit) || ((fixed & bit) && !(w & bit)) ||
		    (lo & above & fixed) != (w & above))
			continue;
		return (lo & above) | bit | (w & (bit - 1));
	}
	return UINT32_MAX;
}

/* @a or @b may be a root's run (its SIDs each with the run's mask); not both. */
static bool overlaps(const struct smr_ent *a, const struct smr_ent *b)
{
	uint32_t m = (a->mask | b->mask) & 0xffff;

	if (a->lo != a->hi)
		return next_match(a->lo, b->lo, m) <= a->hi;
	if (b->lo != b->hi)
		return next_match(b->lo, a->lo, m) <= b->hi;
	return !((a->lo ^ b->lo) & ~m & 0xffff);
}

static void relate(const struct smr_ent *a, const struct smr_ent *b, rel_fn fn, void *ctx)
{
	if (a->src == b->src || !overlaps(a, b))
		return;
	const struct smr_ent *wide = NULL, *narrow = NULL;

	if ((a->mask & b->mask) == b->mask) {
		wide = a;
		narrow = b;
	} else if ((a->mask & b->mask) == a->mask) {
		wide = b;
		narrow = a;
	}
	/*
	 * Sources are numbered in DT order, which is the order sibling
	 * platform devices probe in (roots come last: PCI probes later).  A
	 * wider entry allocated first takes the narrower one in; the other way
	 * round the wider one is refused.
	 */
	if (wide && wide->src < narrow->src)
		fn(ctx, &(struct smr_rel){ SMR_ALIAS, wide, narrow, false });
	else if (wide)
		fn(ctx, &(struct smr_rel){ SMR_CONFLICT, narrow, wide, true });
	else
		fn(ctx, &(struct smr_rel){ SMR_CONFLICT, a->src < b->src ? a : b,
					   a->src < b->src ? b : a, false });
}

/*
 * Two mask classes @A and @B of one IOMMU: entries overlap only if they
 * agree outside both masks, so sort both by those bits and join.  A root's
 * run of SIDs is checked against the other class directly (roots are few,
 * and all of one IOMMU's runs share its default mask, so two runs are never
 * in different classes).
 */
static void cross_class(const struct smr_ent *A, size_t na, const struct smr_ent *B, size_t nb,
			rel_fn fn, void *ctx)
{
	uint32_t keep = ~(A[0].mask | B[0].mask) & 0xffff;
	struct keyed *a = iot_xcalloc(na + 1, sizeof(*a)), *b = iot_xcalloc(nb + 1, sizeof(*b));
	size_t n1 = 0, n2 = 0, i = 0, j = 0;

	for (size_t k = 0; k < na; k++) {
		if (A[k].lo == A[k].hi)
			a[n1++] = (struct keyed){ A[k].lo & keep, &A[k] };
		else
			for (size_t l = 0; l < nb; l++)
				if (B[l].lo == B[l].hi)
					relate(&A[k], &B[l], fn, ctx);
	}
	for (size_t k = 0; k < nb; k++) {
		if (B[k].lo == B[k].hi)
			b[n2++] = (struct keyed){ B[k].lo & keep, &B[k] };
		else
			for (size_t l = 0; l < na; l++)
				if (A[l].lo == A[l].hi)
					relate(&A[l], &B[k], fn, ctx);
	}
	qsort(a, n1, sizeof(*a), cmp_keyed);
	qsort(b, n2, sizeof(*b), cmp_keyed);
	while (i < n1 && j < n2) {
		size_t i2 = i, j2 = j;

		if (a[i].key != b[j].key) {
			if (a[i].key < b[j].key)
				i++;
			else
				j++;
			continue;
		}
		while (i2 < n1 && a[i2].key == a[i].key)
			i2++;
		while (j2 < n2 && b[j2].key == b[j].key)
			j2++;
		/*
		 * Every entry of one group relates to every entry of the other in
		 * the same way (the masks are the classes'): relate each entry to
		 * the first and the last of the other group, so every source sees
		 * a partner and whether it has several, in linear time.
		 */
		for (size_t x = i; x < i2; x++) {
			relate(a[x].e, b[j].e, fn, ctx);
			if (j2 - j > 1)
				relate(a[x].e, b[j2 - 1].e, fn, ctx);
		}
		for (size_t y = j; y < j2; y++) {
			relate(a[i].e, b[y].e, fn, ctx);
			if (i2 - i > 1)
				relate(a[i2 - 1].e, b[y].e, fn, ctx);
		}
		i = i2;
		j = j2;
	}
	free(a);
	free(b);
}

static void relations(const struct smr_set *s, rel_fn fn, void *ctx)
{
	/* classes: runs of one (iommu, mask) in the sorted entries */
	for (size_t c0 = 0; c0 < s->n;) {
		size_t c1 = c0;

		while (c1 < s->n && s->v[c1].iommu == s->v[c0].iommu &&
		       s->v[c1].mask == s->v[c0].mask)
			c1++;
		same_class(&s->v[c0], c1 - c0, fn, ctx);
		for (size_t d0 = c1; d0 < s->n && s->v[d0].iommu == s->v[c0].iommu;) {
			size_t d1 = d0;

			while (d1 < s->n && s->v[d1].iommu == s->v[d0].iommu &&
			       s->v[d1].mask == s->v[d0].mask)
				d1++;
			cross_class(&s->v[c0], c1 - c0, &s->v[d0], d1 - d0, fn, ctx);
			d0 = d1;
		}
		c0 = c1;
	}
}

/* ---- smr-shared: one note per group of sources that share entries ---- */

struct shared_ctx {
	const struct smr_set *s;
	size_t *parent;
	const struct smr_ent **first; /* per source: one entry it shares */
	size_t *n_shared; /* per source: how many shared relations */
};

static void on_shared(void *ctx, const struct smr_rel *rel)
{
	struct shared_ctx *c = ctx;

	if (rel->kind != SMR_SHARED)
		return;
	uf_union(c->parent, rel->a->src, rel->b->src);
	if (!c->first[rel->a->src])
		c->first[rel->a->src] = rel->a;
	if (!c->first[rel->b->src])
		c->first[rel->b->src] = rel->b;
	c->n_shared[rel->a->src]++;
	c->n_shared[rel->b->src]++;
}

void iot_check_smr_shared(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;
	struct smr_set s;
	struct shared_ctx c;

	collect(run, &s);
	c.s = &s;
	c.parent = iot_xcalloc(s.n_src + 1, sizeof(*c.parent));
	c.first = iot_xcalloc(s.n_src + 1, sizeof(*c.first));
	c.n_shared = iot_xcalloc(s.n_src + 1, sizeof(*c.n_shared));
	for (size_t i = 0; i < s.n_src; i++)
		c.parent[i] = i;
	relations(&s, on_shared, &c);
	/* one finding per group, at its first source, naming every member */
	for (size_t g = 0; g < s.n_src; g++) {
		struct iot_buf members;
		size_t count = 0;
		char one[160], smr[40];

		if (uf_find(c.parent, g) != g || !c.first[g])
			continue;
		iot_buf_init(&members);
		for (size_t i = g; i < s.n_src; i++) {
			if (uf_find(c.parent, i) != g)
				continue;
			describe(t, &s, i, one, sizeof(one));
			if (count < 8)
				iot_buf_printf(&members, "%s%s", count ? ", " : "", one);
			count++;
		}
		if (count > 8)
			iot_buf_printf(&members, " and %zu more", count - 8);
		fmt_ent(c.first[g], smr, sizeof(smr));
		iot_lint_report(run, c.first[g]->loc,
				"%zu sources share stream-map entries at %s (SMR %s%s): arm-smmu "
				"puts them in one IOMMU group {%s}",
				count, nm(t->iommus[c.first[g]->iommu].name), smr,
				c.n_shared[g] > 1 ? " and others" : "", members.data);
		iot_buf_free(&members);
	}
	free(c.parent);
	free(c.first);
	free(c.n_shared);
	free(s.v);
	free(s.src);
}

/* ---- smr-mask-alias and smr-conflict: one finding per source ---- */

struct pair_ctx {
	const struct smr_set *s;
	enum smr_kind want;
	struct smr_rel *rel;
	size_t *count;
	size_t *partners; /* per source: a partner source, or SIZE_MAX */
	bool *several;
};

static void on_pair(void *ctx, const struct smr_rel *rel)
{
	struct pair_ctx *c = ctx;
	/* reported at the wider entry (alias) or the later source (conflict) */
	const struct smr_ent *at = rel->kind == SMR_ALIAS ? rel->a : rel->b;
	const struct smr_ent *other = at == rel->a ? rel->b : rel->a;

	if (rel->kind != c->want)
		return;
	if (!c->count[at->src]++) {
		c->rel[at->src] = *rel;
		c->partners[at->src] = other->src;
	} else if (c->partners[at->src] != other->src) {
		c->several[at->src] = true;
	}
}

static void pairs(struct iot_lint_run *run, enum smr_kind want)
{
	const struct iot_topology *t = run->t;
	struct smr_set s;
	struct pair_ctx c = { .want = want };

	collect(run, &s);
	c.s = &s;
	c.rel = iot_xcalloc(s.n_src + 1, sizeof(*c.rel));
	c.count = iot_xcalloc(s.n_src + 1, sizeof(*c.count));
	c.partners = iot_xcalloc(s.n_src + 1, sizeof(*c.partners));
	c.several = iot_xcalloc(s.n_src + 1, sizeof(*c.several));
	relations(&s, on_pair, &c);
	for (size_t i = 0; i < s.n_src; i++) {
		const struct smr_rel *r = &c.rel[i];
		const struct smr_ent *at, *other;
		char who[160], whom[160], ea[40], eb[40];

		if (!c.count[i])
			continue;
		at = want == SMR_ALIAS ? r->a : r->b;
		other = at == r->a ? r->b : r->a;
		describe(t, &s, at->src, who, sizeof(who));
		describe(t, &s, other->src, whom, sizeof(whom));
		fmt_ent(at, ea, sizeof(ea));
		fmt_ent(other, eb, sizeof(eb));
		if (want == SMR_ALIAS)
			iot_lint_report(
				run, at->loc,
				"%s: SMR %s at %s contains %s's SMR %s%s: arm-smmu shares the "
				"entry (one IOMMU group) because %s comes first in DT order; "
				"if it probed second, its probe would fail (stream match "
				"conflict)",
				who, ea, nm(t->iommus[at->iommu].name), whom, eb,
				c.several[i] ? " and the SMRs of other sources" : "", who);
		else if (r->contained)
			iot_lint_report(run, at->loc,
					"%s: SMR %s at %s contains %s's SMR %s%s, which comes "
					"first in DT order: arm_smmu_find_sme refuses the wider "
					"entry (-EINVAL) and %s gets no IOMMU",
					who, ea, nm(t->iommus[at->iommu].name), whom, eb,
					c.several[i] ? " and the SMRs of other sources" : "", who);
		else
			iot_lint_report(run, at->loc,
					"%s: SMR %s at %s partly overlaps %s's SMR %s%s: "
					"arm_smmu_find_sme refuses whichever probes second "
					"(-EINVAL), and that device gets no IOMMU",
					who, ea, nm(t->iommus[at->iommu].name), whom, eb,
					c.several[i] ? " and the SMRs of other sources" : "");
	}
	free(c.rel);
	free(c.count);
	free(c.partners);
	free(c.several);
	free(s.v);
	free(s.src);
}

void iot_check_smr_mask_alias(struct iot_lint_run *run)
{
	pairs(run, SMR_ALIAS);
}

void iot_check_smr_conflict(struct iot_lint_run *run)
{
	pairs(run, SMR_CONFLICT);
}
