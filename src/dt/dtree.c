// SPDX-License-Identifier: MIT
#include "dt/dtree.h"

#include <ctype.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util/mem.h"
#include "util/hash.h"

/* The tree's memory: blocks carved front to back, freed together by dtree_free(). */
struct dtree_block {
	struct dtree_block *next;
	size_t used, cap;
	size_t populated; /* bytes of data[] asked for with iot_populate() */
	max_align_t data[];
};

/*
 * Blocks of 64 KiB until the tree has had a megabyte of them; past
 * that (a big board's tree holds about 4 MB) blocks of 2 MiB, aligned so
 * that the kernel may back each with one huge page instead of 512 page
 * faults (MADV_HUGEPAGE; a hint, ignored where not supported).
 */
#define TR_BLOCK ((size_t)64 << 10)
#define TR_BIG_AFTER (1u << 20)
#define TR_BIG_BLOCK ((size_t)2 << 20)
/* a big block's pages are asked for this many bytes ahead of use */
#define TR_POPULATE ((size_t)256 << 10)

static struct dtree_block *tr_block(size_t cap, size_t had)
{
	struct dtree_block *b;

	if (had < TR_BIG_AFTER || cap > TR_BIG_BLOCK - sizeof(*b))
		goto small;
	b = aligned_alloc(TR_BIG_BLOCK, TR_BIG_BLOCK);
	if (!b)
		goto small;
#ifdef MADV_HUGEPAGE
	madvise(b, TR_BIG_BLOCK, MADV_HUGEPAGE);
#endif
	b->cap = TR_BIG_BLOCK - sizeof(*b);
	b->populated = 0;
	return b;
small:
	/* a small block is carved whole before the next is made */
	b = iot_xmalloc(sizeof(*b) + cap);
	b->cap = cap;
	b->populated = cap;
	iot_populate(b->data, cap);
	return b;
}

static void *tr_alloc_slow(struct dtree *t, size_t n)
{
	struct dtree_block *b = t->blocks;
	void *p;

	if (!b || b->cap - b->used < n) {
		size_t had = 0;

		for (b = t->blocks; b && had < TR_BIG_AFTER; b = b->next)
			had += b->cap;
		b = tr_block(n > TR_BLOCK ? n : TR_BLOCK, had);
		b->used = 0;
		b->next = t->blocks;
		t->blocks = b;
	}
	if (b->used + n > b->populated) {
		/* up to a page boundary, so the next call starts on one */
		uintptr_t d = (uintptr_t)b->data;
		size_t to = ((d + b->used + n + TR_POPULATE + 4095) & ~(uintptr_t)4095) - d;

		to = to < b->cap ? to : b->cap;
		iot_populate((char *)b->data + b->populated, to - b->populated);
		b->populated = to;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

/* @n bytes of the tree's memory, 8-aligned */
static inline void *tr_alloc(struct dtree *t, size_t n)
{
	struct dtree_block *b = t->blocks;

	n = (n + 7) & ~(size_t)7;
	if (b && b->used + n <= b->populated) { /* populated <= cap */
		void *p = (char *)b->data + b->used;

		b->used += n;
		return p;
	}
	return tr_alloc_slow(t, n);
}

/* Room for @need elements of @size at *@p (holding *@cap), doubling from @first; old room is dropped. */
static void tr_grow_slow(struct dtree *t, void **p, uint32_t *cap, size_t need, size_t size,
			 uint32_t first)
{
	size_t ncap = *cap ? *cap : first;
	void *np;

	while (ncap < need)
		ncap *= 2;
	/* a blob is at most DTREE_DTB_MAX bytes: no count comes near 2^32 */
	if (ncap > UINT32_MAX)
		abort();
	np = tr_alloc(t, ncap * size);
	if (*cap)
		memcpy(np, *p, *cap * size);
	*p = np;
	*cap = (uint32_t)ncap;
}

static inline void tr_grow(struct dtree *t, void **p, uint32_t *cap, size_t need, size_t size,
			   uint32_t first)
{
	if (need <= *cap)
		return;
	if (!*cap && need <= first) { /* the first room: most arrays never grow */
		*p = tr_alloc(t, first * size);
		*cap = first;
		return;
	}
	tr_grow_slow(t, p, cap, need, size, first);
}

static char *tr_strndup(struct dtree *t, const char *s, size_t l)
{
	char *d = tr_alloc(t, l + 1);

	memcpy(d, s, l);
	d[l] = '\0';
	return d;
}

static uint64_t path_hash(const char *s)
{
	return iot_str_hash(s);
}

static void hash_insert(struct dtree *t, int idx, uint32_t h)
{
	size_t m = t->hash_cap - 1;
	size_t i = h & m;

	while (t->hash[i].idx >= 0)
		i = (i + 1) & m;
	t->hash[i].idx = idx;
	t->hash[i].h = h;
}

/* The path hash at @ncap slots (a power of two above twice the nodes). */
static void hash_resize(struct dtree *t, size_t ncap)
{
	struct dtree_slot *old = t->hash;
	size_t ocap = t->hash_cap;

	t->hash = iot_xmalloc(ncap * sizeof(*t->hash));
	for (size_t i = 0; i < ncap; i++)
		t->hash[i].idx = -1;
	t->hash_cap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].idx >= 0)
			hash_insert(t, old[i].idx, old[i].h);
	free(old);
}

static void hash_grow(struct dtree *t)
{
	hash_resize(t, t->hash_cap ? t->hash_cap * 2 : 64);
}

static int new_node(struct dtree *t, int parent, char *name, char *path, uint32_t h)
{
	struct dtn *n;

	if (t->n == t->cap) {
		/* each node is cleared as it is made: the spare room is not touched (iot_grow would) */
		t->cap = t->cap ? 2 * t->cap : 64;
		t->nodes = iot_xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
	}
	n = &t->nodes[t->n];
	memset(n, 0, sizeof(*n));
	/* FDT_BEGIN_NODE, the name padded, FDT_END_NODE, and a phandle property */
	t->bound += 4 + strlen(name) + 4 + 4 + 16;
	n->name = name;
	n->path = path;
	n->parent = parent;
	n->lean = t->lean;
	t->n++;
	if (parent >= 0) {
		struct dtn *p = &t->nodes[parent];

		tr_grow(t, (void **)&p->kids, &p->cap_kids, p->n_kids + 1, sizeof(*p->kids), 4);
		p->kids[p->n_kids++] = (int)t->n - 1;
	}
	if (t->n * 2 > t->hash_cap)
		hash_grow(t);
	hash_insert(t, (int)t->n - 1, h);
	return (int)t->n - 1;
}

static const char *intern_name(struct dtree *t, const char *name);

void dtree_reserve(struct dtree *t, size_t n)
{
	if (n <= t->cap)
		return;
	t->cap = n;
	t->nodes = iot_xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
	/* every node is written as it is made: their pages at once */
	iot_populate(t->nodes + t->n, (t->cap - t->n) * sizeof(*t->nodes));
	if (n * 2 > t->hash_cap) {
		size_t hc = t->hash_cap ? t->hash_cap : 64;

		while (n * 2 > hc)
			hc *= 2;
		hash_resize(t, hc);
	}
}

void dtree_init(struct dtree *t)
{
	char *path;

	memset(t, 0, sizeof(*t));
	path = tr_strndup(t, "/", 1);
	new_node(t, -1, path + 1, path, (uint32_t)path_hash(path)); /* the root's name is "" */
	t->phandle_name = intern_name(t, "phandle"); /* the DTB writer's */
}

void dtree_init_lean(struct dtree *t)
{
	dtree_init(t);
	t->sizing = true;
	t->lean = true;
	t->nodes[0].lean = true; /* the root has no property yet */
}

void dtree_free(struct dtree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->nodes[i].label);
	while (t->blocks) {
		struct dtree_block *b = t->blocks;

		t->blocks = b->next;
		free(b);
	}
	free(t->nodes);
	free(t->hash);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

/* Node at the @len bytes of @path (not necessarily terminated there) hashing to @h, or -1. */
static int lookup_hn(const struct dtree *t, const char *path, size_t len, uint32_t h)
{
	size_t m = t->hash_cap - 1;

	for (size_t i = h & m; t->hash[i].idx >= 0; i = (i + 1) & m) {
		const char *np = t->nodes[t->hash[i].idx].path;

		if (t->hash[i].h == h && !strncmp(np, path, len) && !np[len])
			return t->hash[i].idx;
	}
	return -1;
}

int dtree_lookup(const struct dtree *t, const char *path)
{
	return lookup_hn(t, path, strlen(path), (uint32_t)path_hash(path));
}

/* Child @name (@nl bytes, not terminated) of @parent, created if missing. */
static int child_n(struct dtree *t, int parent, const char *name, size_t nl)
{
	const char *pp = t->nodes[parent].path;
	size_t pl = parent ? strlen(pp) : 0;
	char buf[256], *path = pl + nl + 2 <= sizeof(buf) ? buf : iot_xmalloc(pl + nl + 2);
	char *kept;
	uint32_t h;
	int n;

	memcpy(path, pp, pl);
	path[pl] = '/';
	memcpy(path + pl + 1, name, nl);
	path[pl + 1 + nl] = '\0';
	h = (uint32_t)path_hash(path);
	n = lookup_hn(t, path, pl + 1 + nl, h);
	if (n < 0) {
		kept = tr_strndup(t, path, pl + 1 + nl);
		n = new_node(t, parent, kept + pl + 1, kept, h);
	}
	if (path != buf)
		free(path);
	return n;
}

int dtree_child(struct dtree *t, int parent, const char *name)
{
	return child_n(t, parent, name, strlen(name));
}

/*
 * dtree_get: the path in canonical form ("/a/b", no empty components) and
 * the hash of each of its prefixes (FNV-1a runs left to right, so one pass
 * gives them all); then the deepest existing ancestor is looked up from the
 * full path up, and only the missing nodes below it are made.  Paths deeper
 * than this many components take the one-by-one way.
 */
#define GET_DEPTH 16

int dtree_get(struct dtree *t, const char *path)
{
	size_t end[GET_DEPTH], depth = 0, len = 0, pl = strlen(path);
	uint32_t hs[GET_DEPTH];
	char buf[256], *canon = pl + 2 <= sizeof(buf) ? buf : iot_xmalloc(pl + 2);
	uint64_t h = IOT_FNV_OFFSET;
	const char *p = path;
	int n = 0;
	size_t k;

	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		if (depth == GET_DEPTH)
			goto slow;
		canon[len++] = '/';
		h = (h ^ '/') * IOT_FNV_PRIME;
		for (; *p && *p != '/'; p++) {
			canon[len++] = *p;
			h = (h ^ (unsigned char)*p) * IOT_FNV_PRIME;
		}
		end[depth] = len;
		hs[depth++] = (uint32_t)h;
	}
	canon[len] = '\0';
	for (k = depth; k > 0; k--) {
		n = lookup_hn(t, canon, end[k - 1], hs[k - 1]);
		if (n >= 0)
			break;
	}
	if (!k)
		n = 0;
	for (; k < depth; k++) {
		size_t from = k ? end[k - 1] + 1 : 1;
		char *kept = tr_strndup(t, canon, end[k]);

		n = new_node(t, n, kept + from, kept, hs[k]);
	}
	if (canon != buf)
		free(canon);
	return n;
slow:
	if (canon != buf)
		free(canon);
	n = 0;
	p = path;
	while (*p) {
		const char *e;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		n = child_n(t, n, p, (size_t)(e - p));
		p = e;
	}
	return n;
}

/* A lean tree has no property to read back. */
static void not_lean(bool lean)
{
	if (lean)
		abort();
}

struct dtp *dtn_find_prop(const struct dtn *n, const char *name)
{
	not_lean(n->lean);
	for (size_t i = 0; i < n->n_props; i++)
		if (!strcmp(n->props[i].name, name))
			return &n->props[i];
	return NULL;
}

/*
 * The tree's copy of property name @name, made on first use.  Each copy is
 * preceded by its index among the names (name_id), which the DTB writer's
 * strings block keys on.  Callers pass the same few literals over and over:
 * a small cache keyed by the caller's pointer (checked by content, as a
 * pointer may be reused for another name) skips hashing them.
 */
static const char *intern_name(struct dtree *t, const char *name)
{
	struct dtree_name_cache *c =
		&t->name_cache[((uintptr_t)name >> 3) & (IOT_ARRAY_SIZE(t->name_cache) - 1)];
	size_t m, i, l;
	uint32_t id;
	char *d;

	if (c->key == name && !strcmp(c->name, name))
		return c->name;
	if (2 * (t->names_n + 1) > t->names_cap) {
		const char **old = t->names;
		size_t oc = t->names_cap;

		t->names_cap = oc ? 2 * oc : 64;
		t->names = iot_xcalloc(t->names_cap, sizeof(*t->names));
		m = t->names_cap - 1;
		for (size_t k = 0; k < oc; k++) {
			if (!old[k])
				continue;
			for (i = (size_t)path_hash(old[k]) & m; t->names[i]; i = (i + 1) & m)
				;
			t->names[i] = old[k];
		}
		free(old);
	}
	m = t->names_cap - 1;
	for (i = (size_t)path_hash(name) & m; t->names[i]; i = (i + 1) & m)
		if (!strcmp(t->names[i], name))
			goto found;
	l = strlen(name);
	d = tr_alloc(t, sizeof(id) + l + 1);
	id = (uint32_t)t->names_n++;
	memcpy(d, &id, sizeof(id));
	memcpy(d + sizeof(id), name, l + 1);
	t->names[i] = d + sizeof(id);
	t->bound += l + 1;
found:
	c->key = name;
	c->name = t->names[i];
	return t->names[i];
}

/* The index intern_name() gave property name @in (a tree's copy). */
static uint32_t name_id(const char *in)
{
	uint32_t id;

	memcpy(&id, in - sizeof(id), sizeof(id));
	return id;
}

/* dtree_prop in a lean tree: the name noted once, a scratch property to fill. */
static struct dtp *lean_prop(struct dtree *t, struct dtn *n, const char *in)
{
	size_t i = 0;
	struct dtp *p;

	while (i < n->n_props && n->prop_names[i] != in)
		i++;
	if (i == n->n_props) {
		tr_grow(t, (void **)&n->prop_names, &n->cap_props, n->n_props + 1,
			sizeof(*n->prop_names), 4);
		n->prop_names[n->n_props++] = in;
	}
	p = &t->scratch[t->scratch_next++ % IOT_ARRAY_SIZE(t->scratch)];
	memset(p, 0, sizeof(*p));
	return p;
}

struct dtp *dtree_prop(struct dtree *t, int idx, const char *name, enum dtp_kind kind)
{
	const char *in = intern_name(t, name);
	struct dtn *n = &t->nodes[idx];
	struct dtp *p = NULL;

	if (t->lean) {
		p = lean_prop(t, n, in);
		goto made;
	}

	/* every property's name is interned: the same name is the same pointer */
	for (size_t i = 0; i < n->n_props && !p; i++)
		if (n->props[i].name == in)
			p = &n->props[i];
	if (!p) {
		tr_grow(t, (void **)&n->props, &n->cap_props, n->n_props + 1, sizeof(*n->props), 4);
		p = &n->props[n->n_props++];
	}
	memset(p, 0, sizeof(*p));
made:
	p->tree = t;
	p->name = in;
	p->kind = kind;
	t->bound += 12 + 3; /* FDT_PROP, length, name offset; the value's padding */
	return p;
}

void dtree_del_prop(struct dtree *t, int idx, const char *name)
{
	struct dtn *n = &t->nodes[idx];
	struct dtp *p;
	size_t i;

	if (t->lean) {
		for (i = 0; i < n->n_props && strcmp(n->prop_names[i], name); i++)
			;
		if (i < n->n_props) {
			memmove(&n->prop_names[i], &n->prop_names[i + 1],
				(n->n_props - i - 1) * sizeof(*n->prop_names));
			n->n_props--;
		}
		return;
	}
	p = dtn_find_prop(n, name);
	if (!p)
		return;
	i = (size_t)(p - n->props);
	memmove(p, p + 1, (n->n_props - i - 1) * sizeof(*p));
	n->n_props--;
}

/*
 * Cells are kept (but in a sizing tree) and so are phandle references, but
 * only from a property's first reference on: most properties (reg, ranges,
 * interrupts) have none, and dtp_ref_at() reads a missing array as -1s.
 * Room for one more cell (and its reference, @ref >= 0) of @p.
 */
static void cell_room(struct dtp *p, int ref)
{
	struct dtree *t = p->tree;

	if (t->lean) { /* counted only */
		if (p->n == p->cap) {
			if (p->cap >= UINT32_MAX / 2)
				abort();
			p->cap = p->cap ? 2 * p->cap : 4;
		}
		return;
	}
	if (p->n == p->cap) {
		uint32_t cap = p->cap;

		if (!t->sizing)
			tr_grow(t, (void **)&p->cells, &cap, (size_t)p->n + 1, sizeof(*p->cells),
				4);
		cap = p->cap;
		if (p->refs)
			tr_grow(t, (void **)&p->refs, &cap, (size_t)p->n + 1, sizeof(*p->refs), 4);
		else
			cap = p->cap ? 2 * p->cap : 4;
		/* a blob is at most DTREE_DTB_MAX bytes: no count comes near 2^32 */
		if (cap < p->cap)
			abort();
		p->cap = cap;
	}
	if (ref >= 0 && !p->refs) {
		p->refs = tr_alloc(t, (size_t)p->cap * sizeof(*p->refs));
		for (uint32_t k = 0; k < p->n; k++)
			p->refs[k] = -1;
	}
}

static inline void add_cell(struct dtp *p, uint32_t v, int ref)
{
	if (p->n == p->cap || (ref >= 0 && !p->refs && !p->tree->lean))
		cell_room(p, ref);
	if (p->cells) /* NULL in a sizing tree */
		p->cells[p->n] = v;
	if (p->refs)
		p->refs[p->n] = ref;
	p->n++;
	p->tree->bound += 4;
}

void dtp_cell(struct dtp *p, uint32_t v)
{
	add_cell(p, v, -1);
}

void dtp_ref(struct dtp *p, int node)
{
	add_cell(p, 0, node);
}

void dtp_u64(struct dtp *p, uint64_t v)
{
	add_cell(p, (uint32_t)(v >> 32), -1);
	add_cell(p, (uint32_t)v, -1);
}

void dtp_string(struct dtp *p, const char *s)
{
	size_t l = strlen(s) + 1;
	char *ns;

	p->tree->bound += l;
	if (p->tree->sizing) {
		p->slen += (uint32_t)l;
		return;
	}
	ns = tr_alloc(p->tree, p->slen + l);

	if (p->slen)
		memcpy(ns, p->str, p->slen);
	p->str = ns;
	memcpy(p->str + p->slen, s, l);
	p->slen += (uint32_t)l;
}

void dtree_u32(struct dtree *t, int n, const char *name, uint32_t v, bool board)
{
	struct dtp *p = dtree_prop(t, n, name, DTP_CELLS);

	dtp_cell(p, v);
	p->board = board;
}

void dtree_flag(struct dtree *t, int n, const char *name, bool board)
{
	dtree_prop(t, n, name, DTP_EMPTY)->board = board;
}

void dtree_str(struct dtree *t, int n, const char *name, const char *s, bool board)
{
	struct dtp *p = dtree_prop(t, n, name, DTP_STRINGS);

	dtp_string(p, s);
	p->board = board;
}

static bool label_taken(const struct dtree *t, const char *l)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->nodes[i].label && !strcmp(t->nodes[i].label, l))
			return true;
	return false;
}

/* A DTS label from a node name: [a-zA-Z_][a-zA-Z0-9_]*, unique in the tree. */
static char *make_label(const struct dtree *t, const char *name)
{
	size_t l = strcspn(name, "@");
	char *s = iot_xmalloc(l + 2);
	char *cand;
	size_t o = 0;

	if (!isalpha((unsigned char)name[0]))
		s[o++] = 'n';
	for (size_t i = 0; i < l; i++)
		s[o++] = isalnum((unsigned char)name[i]) ? name[i] : '_';
	s[o] = 0;
	cand = iot_strdup(s);
	for (unsigned int k = 1; label_taken(t, cand); k++) {
		free(cand);
		cand = iot_asprintf("%s_%u", s, k);
	}
	free(s);
	return cand;
}

static bool phandle_preset(const struct dtree *t, uint32_t ph)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->nodes[i].phandle == ph)
			return true;
	return false;
}

void dtree_assign_phandles(struct dtree *t, uint32_t first)
{
	uint32_t next = first;
	bool any_preset = false;

	not_lean(t->lean);
	for (size_t i = 0; i < t->n; i++) {
		struct dtn *n = &t->nodes[i];

		any_preset |= n->phandle != 0;
		n->phandle_fixed = n->phandle != 0;
		for (size_t j = 0; j < n->n_props; j++)
			for (size_t k = 0; k < n->props[j].n; k++)
				if (dtp_ref_at(&n->props[j], k) >= 0)
					t->nodes[n->props[j].refs[k]].referenced = true;
	}
	/* numbered in tree order (node creation order is parent-first), around preset ones */
	for (size_t i = 0; i < t->n; i++) {
		struct dtn *n = &t->nodes[i];

		if (!n->referenced)
			continue;
		if (!n->phandle) {
			while (any_preset && phandle_preset(t, next))
				next++;
			n->phandle = next++;
		}
		if (!n->label) {
			n->label = make_label(t, n->name);
			n->label_made = true;
		}
	}
}

void dtp_value(const struct dtree *t, const struct dtp *p, struct iot_buf *out)
{
	iot_buf_reset(out);
	if (p->kind == DTP_STRINGS) {
		iot_buf_add(out, p->str, p->slen);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		uint32_t v = dtp_ref_at(p, i) >= 0 ? t->nodes[p->refs[i]].phandle : p->cells[i];
		fdt32_t be = cpu_to_fdt32(v);

		iot_buf_add(out, &be, sizeof(be));
	}
}

/*
 * The DTB is written as libfdt's sequential-write mode (fdt_create,
 * fdt_finish_reservemap, fdt_begin_node, fdt_property, fdt_end_node,
 * fdt_finish) lays it out, byte for byte, without its cost: libfdt looks
 * every property name up by scanning its whole strings block, which made
 * that lookup most of the DTB writer's time.  Its layout: the header, an
 * empty reservation map, the structure block, then the strings block with
 * the newest name first; a name is stored once, and a name that ends an
 * earlier-stored one (the first such in the block) reuses its tail.
 */
struct strtab {
	char *v; /* the block as it stands, newest name first */
	size_t len, cap;
	/*
	 * Per property name (name_id): where it was last found, counted back
	 * from the block's end, valid while gen[id] is the block's generation
	 * (a name stored in front may hold an earlier one: looked up again).
	 */
	uint32_t *from_end, *gen;
	uint32_t cur;
};

static void strtab_init(struct strtab *st, const struct dtree *t)
{
	memset(st, 0, sizeof(*st));
	st->from_end = iot_xcalloc(t->names_n + 1, sizeof(*st->from_end));
	st->gen = iot_xcalloc(t->names_n + 1, sizeof(*st->gen));
	st->cur = 1;
}

static void strtab_free(struct strtab *st)
{
	free(st->v);
	free(st->from_end);
	free(st->gen);
}

/* strtab_find_add when the block changed since @s (index @id) was last looked up */
static uint32_t strtab_find_add_slow(struct strtab *st, const char *s, uint32_t id)
{
	size_t l = strlen(s) + 1;

	st->gen[id] = st->cur;
	/* fdt_find_string_: the first place the block holds s and its NUL */
	for (size_t k = 0; k + l <= st->len; k++)
		if (!memcmp(st->v + k, s, l))
			return st->from_end[id] = (uint32_t)(st->len - k);
	/* new: stored in front, which may change where earlier names are first found */
	iot_grow((void **)&st->v, &st->cap, st->len + l, 1);
	memmove(st->v + l, st->v, st->len);
	memcpy(st->v, s, l);
	st->len += l;
	st->gen[id] = ++st->cur;
	return st->from_end[id] = (uint32_t)st->len;
}

/* Where libfdt's fdt_find_add_string_() puts @s (a tree's name): offset from the block's end. */
static inline uint32_t strtab_find_add(struct strtab *st, const char *s)
{
	uint32_t id = name_id(s);

	if (st->gen[id] == st->cur)
		return st->from_end[id];
	return strtab_find_add_slow(st, s, id);
}

/* fdt_create: the reservation map (one empty entry) after the header, aligned to its entry size */
#define DTB_HDR                                                               \
	((sizeof(struct fdt_header) + sizeof(struct fdt_reserve_entry) - 1) / \
	 sizeof(struct fdt_reserve_entry) * sizeof(struct fdt_reserve_entry))
#define TAGALIGN(x) (((x) + 3) & ~(size_t)3)

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	fdt32_t be = cpu_to_fdt32(v);

	memcpy(p, &be, 4);
	return p + 4;
}

static size_t prop_len(const struct dtp *p)
{
	return p->kind == DTP_STRINGS ? p->slen : 4 * p->n;
}

/*
 * The structure block's size for the tree under @idx, storing the names its
 * properties use in @st in the order the blob's writer meets them.
 */
static size_t size_walk(const struct dtree *t, int idx, struct strtab *st)
{
	const struct dtn *n = &t->nodes[idx];
	size_t s = 4 + TAGALIGN(strlen(n->name) + 1) + 4;

	for (size_t i = 0; i < n->n_props; i++) {
		s += 12 + TAGALIGN(prop_len(&n->props[i]));
		strtab_find_add(st, n->props[i].name);
	}
	if (n->phandle) {
		s += 16;
		strtab_find_add(st, t->phandle_name);
	}
	for (size_t i = 0; i < n->n_kids; i++)
		s += size_walk(t, n->kids[i], st);
	return s;
}

/*
 * The blob's writer: the strings block is known (@strings_len bytes), so a
 * name's offset is written as it is met, from where libfdt would have found
 * it then (@st replays the block's growth).
 */
struct dtb_out {
	const struct dtree *t;
	struct strtab st;
	uint32_t strings_len;
};

/* @len bytes of value to come after the tag: the last word of its room is zeroed first */
static uint8_t *put_prop(struct dtb_out *o, const char *name, uint8_t *p, size_t len)
{
	p = put32(p, FDT_PROP);
	p = put32(p, (uint32_t)len);
	p = put32(p, o->strings_len - strtab_find_add(&o->st, name));
	if (len & 3)
		memset(p + TAGALIGN(len) - 4, 0, 4);
	return p;
}

static uint8_t *node_out(struct dtb_out *o, int idx, uint8_t *p)
{
	const struct dtree *t = o->t;
	const struct dtn *n = &t->nodes[idx];
	size_t l = strlen(n->name) + 1;

	p = put32(p, FDT_BEGIN_NODE);
	memset(p + TAGALIGN(l) - 4, 0, 4);
	memcpy(p, n->name, l);
	p += TAGALIGN(l);
	for (size_t i = 0; i < n->n_props; i++) {
		const struct dtp *pr = &n->props[i];
		size_t len = prop_len(pr);

		p = put_prop(o, pr->name, p, len);
		if (pr->kind == DTP_STRINGS)
			memcpy(p, pr->str, pr->slen);
		else if (!pr->refs)
			for (size_t k = 0; k < pr->n; k++)
				put32(p + 4 * k, pr->cells[k]);
		else
			for (size_t k = 0; k < pr->n; k++)
				put32(p + 4 * k, pr->refs[k] >= 0 ? t->nodes[pr->refs[k]].phandle :
								    pr->cells[k]);
		p += TAGALIGN(len);
	}
	if (n->phandle) {
		p = put_prop(o, t->phandle_name, p, 4);
		p = put32(p, n->phandle);
	}
	for (size_t i = 0; i < n->n_kids; i++)
		p = node_out(o, n->kids[i], p);
	return put32(p, FDT_END_NODE);
}

size_t dtree_dtb_bound(const struct dtree *t)
{
	return DTB_HDR + sizeof(struct fdt_reserve_entry) + t->bound + 4;
}

size_t dtree_dtb_size(const struct dtree *t)
{
	struct strtab st;
	size_t s;

	not_lean(t->lean);
	strtab_init(&st, t);
	s = DTB_HDR + sizeof(struct fdt_reserve_entry) + size_walk(t, 0, &st) + 4;
	s += st.len;
	strtab_free(&st);
	return s;
}

int dtree_to_dtb(const struct dtree *t, struct iot_buf *out)
{
	const size_t rsv = sizeof(struct fdt_reserve_entry), hdr = DTB_HDR;
	struct strtab names;
	struct dtb_out o = { .t = t };
	size_t ssize, total;
	uint8_t *p;

	not_lean(t->lean);
	/* the sizes first, so the blob is written once into room of its exact size */
	strtab_init(&names, t);
	ssize = size_walk(t, 0, &names) + 4;
	total = hdr + rsv + ssize + names.len;
	iot_buf_reset(out);
	if (total > DTREE_DTB_MAX) { /* past the largest buffer the writer gives libfdt */
		strtab_free(&names);
		return -FDT_ERR_NOSPACE;
	}
	if (out->cap < total + 1) {
		free(out->data);
		out->data = iot_xmalloc(total + 1); /* iot_buf keeps a byte spare */
		out->cap = total + 1;
	}
	p = out->data;
	iot_populate(p, total);
	memset(p, 0, hdr + rsv); /* the header's padding and the empty reservation map */
	put32(p, FDT_MAGIC);
	put32(p + 4, (uint32_t)total);
	put32(p + 8, (uint32_t)(hdr + rsv)); /* off_dt_struct */
	put32(p + 12, (uint32_t)(hdr + rsv + ssize)); /* off_dt_strings */
	put32(p + 16, (uint32_t)hdr); /* off_mem_rsvmap */
	put32(p + 20, 17); /* version */
	put32(p + 24, 16); /* last_comp_version */
	put32(p + 28, 0); /* boot_cpuid_phys */
	put32(p + 32, (uint32_t)names.len);
	put32(p + 36, (uint32_t)ssize);
	strtab_init(&o.st, t);
	o.strings_len = (uint32_t)names.len;
	p = node_out(&o, 0, p + hdr + rsv);
	p = put32(p, FDT_END);
	memcpy(p, names.v, names.len);
	out->len = total;
	strtab_free(&o.st);
	strtab_free(&names);
	return 0;
}

static void indent(struct iot_buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		iot_buf_addc(b, '\t');
}

static void print_ref(const struct dtree *t, int idx, struct iot_buf *b)
{
	const struct dtn *n = &t->nodes[idx];

	if (n->label)
		iot_buf_printf(b, "&%s", n->label);
	else
		iot_buf_printf(b, "&{%s}", n->path);
}

static void print_strings(const struct dtp *p, struct iot_buf *b)
{
	size_t i = 0;

	while (i < p->slen) {
		const char *s = p->str + i;

		if (i)
			iot_buf_adds(b, ", ");
		iot_buf_addc(b, '"');
		for (; *s; s++) {
			if (*s == '"' || *s == '\\')
				iot_buf_addc(b, '\\');
			iot_buf_addc(b, *s);
		}
		iot_buf_addc(b, '"');
		i += strlen(p->str + i) + 1;
	}
}

static void print_prop(const struct dtree *t, const struct dtp *p, int depth, struct iot_buf *b)
{
	unsigned int g = p->group ? p->group : (unsigned int)p->n;

	indent(b, depth);
	iot_buf_adds(b, p->name);
	if (p->kind == DTP_EMPTY) {
		iot_buf_adds(b, ";\n");
		return;
	}
	iot_buf_adds(b, " = ");
	if (p->kind == DTP_STRINGS) {
		print_strings(p, b);
		iot_buf_adds(b, ";\n");
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (i % g == 0)
			iot_buf_adds(b, i ? ">,\n" : "<");
		if (i && i % g == 0) {
			indent(b, depth);
			iot_buf_printf(b, "%*s<", (int)strlen(p->name) + 3, "");
		} else if (i) {
			iot_buf_addc(b, ' ');
		}
		if (dtp_ref_at(p, i) >= 0)
			print_ref(t, p->refs[i], b);
		else
			iot_buf_printf(b, "0x%x", p->cells[i]);
	}
	iot_buf_adds(b, ">;\n");
}

static void print_node(const struct dtree *t, int idx, int depth, bool board, struct iot_buf *b)
{
	const struct dtn *n = &t->nodes[idx];

	indent(b, depth);
	if (n->label)
		iot_buf_printf(b, "%s: ", n->label);
	iot_buf_printf(b, "%s {\n", idx ? n->name : "/");
	for (size_t i = 0; i < n->n_props; i++)
		if (board || !n->props[i].board)
			print_prop(t, &n->props[i], depth + 1, b);
	if (n->phandle_fixed) {
		indent(b, depth + 1);
		iot_buf_printf(b, "phandle = <0x%x>;\n", n->phandle);
	}
	for (size_t i = 0; i < n->n_kids; i++) {
		if (i || n->n_props)
			iot_buf_addc(b, '\n');
		print_node(t, n->kids[i], depth + 1, board, b);
	}
	indent(b, depth);
	iot_buf_adds(b, "};\n");
}

static void print_header(const char *header, struct iot_buf *b)
{
	if (header)
		iot_buf_printf(b, "/*\n * %s\n */\n", header);
}

void dtree_to_dts(const struct dtree *t, const char *header, struct iot_buf *out)
{
	not_lean(t->lean);
	iot_buf_reset(out);
	iot_buf_adds(out, "/dts-v1/;\n\n");
	print_header(header, out);
	if (header)
		iot_buf_addc(out, '\n');
	print_node(t, 0, 0, true, out);
}

static bool has_overrides(const struct dtn *n, const struct dtree *t)
{
	for (size_t i = 0; i < n->n_props; i++)
		if (!n->props[i].board)
			return true;
	for (size_t i = 0; i < n->n_kids; i++)
		if (t->nodes[n->kids[i]].complete)
			return true;
	return false;
}

/* One &label { ... }; block per board node that gets properties or complete children. */
static void dtsi_blocks(const struct dtree *t, int idx, struct iot_buf *b)
{
	const struct dtn *n = &t->nodes[idx];
	bool first = true;

	if (has_overrides(n, t)) {
		iot_buf_addc(b, '\n');
		if (!idx)
			iot_buf_adds(b, "/ {\n");
		else if (n->label && !n->label_made)
			iot_buf_printf(b, "&%s {\n", n->label);
		else
			iot_buf_printf(b, "&{%s} {\n", n->path);
		for (size_t i = 0; i < n->n_props; i++) {
			if (!n->props[i].board) {
				print_prop(t, &n->props[i], 1, b);
				first = false;
			}
		}
		for (size_t i = 0; i < n->n_kids; i++) {
			if (!t->nodes[n->kids[i]].complete)
				continue;
			if (!first)
				iot_buf_addc(b, '\n');
			print_node(t, n->kids[i], 1, false, b);
			first = false;
		}
		iot_buf_adds(b, "};\n");
	}
	for (size_t i = 0; i < n->n_kids; i++)
		if (!t->nodes[n->kids[i]].complete)
			dtsi_blocks(t, n->kids[i], b);
}

void dtree_to_dtsi(const struct dtree *t, const char *header, struct iot_buf *out)
{
	not_lean(t->lean);
	iot_buf_reset(out);
	print_header(header, out);
	dtsi_blocks(t, 0, out);
}
