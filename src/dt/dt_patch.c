// SPDX-License-Identifier: MIT
/*
 * --base: add the topology's IOMMU properties to a copy of a board DTB.
 * Board nodes are found by DT path, else by label through /__symbols__,
 * IOMMU and ITS nodes also by compatible and register address; IOMMU and
 * ITS nodes the board lacks are created under their parent; new phandles go
 * above the blob's largest.  Nothing else is touched.
 *
 * --overlay writes the same change as a DT overlay (/plugin/ fragments with
 * target-path, __local_fixups__ for the phandles it adds): fdtoverlay
 * applying it to the board gives the --patched tree.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt.h"
#include "dt/dt_build.h"
#include "util/mem.h"
#include "util/hash.h"

/* Properties an IOMMU or ITS node that is already on the board may still be missing. */
static const char *const provider_props[] = {
	"#iommu-cells", "stream-match-mask", "dma-coherent", "msi-parent",
	"#msi-cells",	"msi-controller",    NULL,
};

struct patch {
	const struct iot_topology *t;
	struct dtree *tr;
	void *fdt;
	const char *file;
	struct iot_diags *d;
	struct iot_buf val;
	char **bpath; /* per tree node: its path in the base, or NULL */
	/* --overlay: the base is only read */
	bool overlay;
	bool *is_new; /* per tree node: not in the base (the overlay adds it) */
	bool *local_ph; /* per tree node: its phandle is the overlay's (fdtoverlay renumbers it) */
	bool *existed; /* per tree node: on the board with a compatible before we touched it */
	struct base_index *ix; /* the base's nodes by path, or NULL: libfdt looks each up */
};

/*
 * The base's nodes by path, found in one walk: fdt_path_offset reads every
 * sibling on the way, which made patching a board with thousands of nodes
 * under one bus quadratic (seconds).  Edits move the nodes after them: each
 * is noted at the rank (in the base's node order) of the node it grew, or
 * of the base node a new node went under, and a node's offset is its
 * indexed one plus the growth at every rank before its own (a Fenwick tree).
 * The index answers only what fdt_path_offset would: a base in which a path
 * could resolve differently (two siblings of one name, or "x@1" before "x",
 * which libfdt's lookup of "x" also matches) gets no index.
 */
struct base_index {
	struct bix_slot {
		const char *path; /* NULL: empty */
		int rank;
	} * slot;
	size_t cap; /* power of two, above twice the nodes */
	int *off; /* per rank: the offset when indexed */
	long long *grown; /* Fenwick tree over ranks: struct-block growth */
	size_t n;
	char **paths; /* per rank: its path (the slots point into these) */
	char **stems; /* "x@1"'s path cut at the '@', for the "x" check */
	size_t n_stems;
};

static uint64_t bix_hash(const char *s)
{
	return iot_str_hash(s);
}

/* The slot of @path in @slot (@cap slots), empty if absent. */
static struct bix_slot *bix_find(struct bix_slot *slot, size_t cap, const char *path)
{
	size_t m = cap - 1, i = (size_t)bix_hash(path) & m;

	while (slot[i].path && strcmp(slot[i].path, path))
		i = (i + 1) & m;
	return &slot[i];
}

static void bix_free(struct base_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++)
		free(x->paths[i]);
	for (size_t i = 0; i < x->n_stems; i++)
		free(x->stems[i]);
	free(x->paths);
	free(x->stems);
	free(x->slot);
	free(x->off);
	free(x->grown);
	free(x);
}

/* Index the base (no edit made yet); NULL when it has none to give (see struct base_index). */
static struct base_index *bix_build(const void *fdt)
{
	struct base_index *x = iot_xcalloc(1, sizeof(*x));
	struct bix_slot *stem_slot;
	size_t n = 0, cap_stem;
	struct iot_buf path;
	size_t *len_at = NULL, len_cap = 0;
	int depth = 0, off;
	bool ok = true;

	for (off = 0; off >= 0 && depth >= 0; off = fdt_next_node(fdt, off, &depth))
		n++;
	x->cap = 64;
	while (x->cap < 2 * n + 2)
		x->cap *= 2;
	cap_stem = x->cap;
	x->slot = iot_xcalloc(x->cap, sizeof(*x->slot));
	stem_slot = iot_xcalloc(cap_stem, sizeof(*stem_slot));
	x->off = iot_xmalloc((n + 1) * sizeof(*x->off));
	x->grown = iot_xcalloc(n + 2, sizeof(*x->grown));
	x->paths = iot_xmalloc((n + 1) * sizeof(*x->paths));
	x->stems = iot_xmalloc((n + 1) * sizeof(*x->stems));
	iot_buf_init(&path);
	depth = 0;
	for (off = 0; ok && off >= 0 && depth >= 0 && x->n < n;
	     off = fdt_next_node(fdt, off, &depth)) {
		int nl = 0;
		const char *name = off ? fdt_get_name(fdt, off, &nl) : "";
		struct bix_slot *sl;
		const char *at;

		if (!name || depth < 0) {
			ok = false;
			break;
		}
		iot_grow((void **)&len_at, &len_cap, (size_t)depth + 1, sizeof(*len_at));
		/* the path of this node: its parent's, then its name */
		path.len = depth ? len_at[depth - 1] : 0;
		if (depth)
			iot_buf_addc(&path, '/');
		iot_buf_add(&path, name, (size_t)nl);
		len_at[depth] = path.len;
		x->paths[x->n] = iot_strdup(depth ? iot_buf_str(&path) : "/");
		sl = bix_find(x->slot, x->cap, x->paths[x->n]);
		at = memchr(name, '@', (size_t)nl);
		if (sl->path) { /* two siblings of one name */
			ok = false;
		} else if (!at && bix_find(stem_slot, cap_stem, x->paths[x->n])->path) {
			ok = false; /* "x@..." came first: libfdt's "x" is that one */
		} else {
			sl->path = x->paths[x->n];
			sl->rank = (int)x->n;
		}
		if (ok && at) {
			struct bix_slot *st;

			x->stems[x->n_stems] =
				iot_strndup(x->paths[x->n], strlen(x->paths[x->n]) - (size_t)nl +
								    (size_t)(at - name));
			st = bix_find(stem_slot, cap_stem, x->stems[x->n_stems]);
			if (!st->path)
				st->path = x->stems[x->n_stems];
			x->n_stems++;
		}
		x->off[x->n++] = off;
	}
	iot_buf_free(&path);
	free(len_at);
	free(stem_slot);
	if (!ok || x->n != n) {
		bix_free(x);
		return NULL;
	}
	return x;
}

/* Growth of the struct block at the ranks before @rank. */
static long long bix_before(const struct base_index *x, int rank)
{
	long long g = 0;

	for (size_t i = (size_t)rank; i > 0; i -= i & -i)
		g += x->grown[i];
	return g;
}

/* The base node at @path, as fdt_path_offset gives it now. */
static int base_off(struct patch *p, const char *path)
{
	const struct bix_slot *sl;

	if (!p->ix || path[0] != '/')
		return fdt_path_offset(p->fdt, path);
	sl = bix_find(p->ix->slot, p->ix->cap, path);
	if (!sl->path)
		return fdt_path_offset(p->fdt, path);
	return p->ix->off[sl->rank] + (int)bix_before(p->ix, sl->rank);
}

/* The struct block grew by what it holds beyond @before, inside or under the node at @path. */
static void base_grew(struct patch *p, const char *path, int before)
{
	long long d = (long long)fdt_size_dt_struct(p->fdt) - before;
	char *anc;
	int rank = -1;

	if (!p->ix || !d)
		return;
	/* the node, or the nearest indexed node above it (new nodes are not indexed) */
	anc = iot_strdup(path);
	for (;;) {
		const struct bix_slot *sl = bix_find(p->ix->slot, p->ix->cap, anc);
		char *slash;

		if (sl->path) {
			rank = sl->rank;
			break;
		}
		slash = strrchr(anc, '/');
		if (!slash)
			break;
		if (slash != anc)
			*slash = '\0';
		else if (anc[1])
			anc[1] = '\0';
		else
			break;
	}
	free(anc);
	if (rank < 0) { /* cannot say where: no index from here on */
		bix_free(p->ix);
		p->ix = NULL;
		return;
	}
	/* the nodes after it move: ranks above @rank (the tree counts from 1) */
	for (size_t i = (size_t)rank + 1; i <= p->ix->n + 1; i += i & -i)
		p->ix->grown[i] += d;
}

/* Mark every node a property we write refers to (it needs a phandle on the board). */
static void mark_referenced(struct dtree *tr)
{
	for (size_t i = 0; i < tr->n; i++) {
		const struct dtn *n = &tr->nodes[i];

		for (size_t k = 0; k < n->n_props; k++)
			if (!n->props[k].board)
				for (size_t c = 0; c < n->props[k].n; c++)
					if (dtp_ref_at(&n->props[k], c) >= 0)
						tr->nodes[n->props[k].refs[c]].referenced = true;
	}
}

/* A node --base touches: it gets properties, or one of them refers to it. */
static bool wanted(const struct dtree *tr, int i)
{
	const struct dtn *n = &tr->nodes[i];

	if (n->complete || n->referenced)
		return true;
	for (size_t k = 0; k < n->n_props; k++)
		if (!n->props[k].board)
			return true;
	return false;
}

static int __attribute__((format(printf, 2, 3))) perr(struct patch *p, const char *fmt, ...)
{
	struct iot_loc loc = iot_loc_text(p->file, 0, 0);
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(p->d, IOT_SEV_ERROR, &loc, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

/* The first address of @node's reg, with its parent's #address-cells; false if none. */
static bool base_reg_addr(const void *fdt, int node, uint64_t *addr)
{
	int parent = fdt_parent_offset(fdt, node), len;
	int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2;
	const fdt32_t *c = fdt_getprop(fdt, node, "reg", &len);

	if (!c || ac < 1 || ac > 2 || len < 4 * ac)
		return false;
	*addr = ac == 2 ? (uint64_t)fdt32_to_cpu(c[0]) << 32 | fdt32_to_cpu(c[1]) :
			  fdt32_to_cpu(c[0]);
	return true;
}

/*
 * An IOMMU or ITS node the topology names by no path the board has: the
 * board's node compatible with its first compatible string at the same
 * register address (a YAML topology's SMMU at 0x9050000 is QEMU's
 * /smmuv3@9050000), so that --base adds no second node for it.
 */
static char *find_by_compat_reg(struct patch *p, const struct dtn *n)
{
	const struct dtp *c = dtn_find_prop(n, "compatible"), *r = dtn_find_prop(n, "reg");
	uint64_t want, have;
	int depth = 0;
	char buf[4096];

	if (!c || !r || c->kind != DTP_STRINGS || !c->slen || r->n < 2)
		return NULL;
	want = (uint64_t)r->cells[0] << 32 | r->cells[1];
	for (int off = 0; off >= 0 && depth >= 0; off = fdt_next_node(p->fdt, off, &depth)) {
		if (fdt_node_check_compatible(p->fdt, off, c->str) ||
		    !base_reg_addr(p->fdt, off, &have) || have != want)
			continue;
		if (fdt_get_path(p->fdt, off, buf, sizeof(buf)) < 0)
			return NULL;
		return iot_strdup(buf);
	}
	return NULL;
}

/* Path in the base of tree node @i: its own path, else the node its label names. */
static const char *find_in_base(struct patch *p, int i)
{
	const struct dtn *n = &p->tr->nodes[i];
	int sym;
	const char *v;
	int len;

	if (base_off(p, n->path) >= 0)
		return n->path;
	/* only a label the topology gave names a board node; ours are made from its names */
	if (!n->label || n->label_made)
		return NULL;
	sym = base_off(p, "/__symbols__");
	v = sym < 0 ? NULL : fdt_getprop(p->fdt, sym, n->label, &len);
	if (!v || len <= 0 || v[len - 1] || base_off(p, v) < 0)
		return NULL;
	return v;
}

/* Locate (or, for IOMMU/ITS nodes, create) every node the topology writes to. */
static int locate(struct patch *p)
{
	for (size_t i = 1; i < p->tr->n; i++) {
		const struct dtn *n = &p->tr->nodes[i];
		const char *bp;
		int parent, off;

		if (!wanted(p->tr, (int)i))
			continue;
		bp = find_in_base(p, (int)i);
		if (bp)
			p->bpath[i] = iot_strdup(bp);
		else if (n->complete && n->path_made)
			p->bpath[i] = find_by_compat_reg(p, n);
		if (p->bpath[i]) {
			off = base_off(p, p->bpath[i]);
			p->existed[i] = fdt_getprop(p->fdt, off, "compatible", NULL) != NULL;
			continue;
		}
		if (!n->complete)
			return n->label ? perr(p, "%s (label %s) is not in the base DTB", n->path,
					       n->label) :
					  perr(p, "%s is not in the base DTB", n->path);
		if (!p->bpath[n->parent] && !n->parent)
			p->bpath[0] = iot_strdup("/");
		else if (!p->bpath[n->parent] && find_in_base(p, n->parent))
			p->bpath[n->parent] = iot_strdup(find_in_base(p, n->parent));
		parent = p->bpath[n->parent] ? base_off(p, p->bpath[n->parent]) : -1;
		if (parent < 0)
			return perr(p, "cannot add %s: its parent %s is not in the base DTB",
				    n->path, p->tr->nodes[n->parent].path);
		if (p->overlay) {
			p->is_new[i] = true;
		} else {
			int before = (int)fdt_size_dt_struct(p->fdt);

			off = fdt_add_subnode(p->fdt, parent, n->name);
			if (off < 0)
				return perr(p, "adding %s: %s", n->path, fdt_strerror(off));
			base_grew(p, p->bpath[n->parent], before);
		}
		p->bpath[i] = strcmp(p->bpath[n->parent], "/") ?
				      iot_asprintf("%s/%s", p->bpath[n->parent], n->name) :
				      iot_asprintf("/%s", n->name);
	}
	return 0;
}

/* Give every node our properties point at a phandle: its own, or a new one above the max. */
static int assign_phandles(struct patch *p)
{
	uint32_t max = 0, local = 0;
	int err = fdt_find_max_phandle(p->fdt, &max);

	if (err)
		return perr(p, "%s", fdt_strerror(err));
	for (size_t i = 0; i < p->tr->n; i++) {
		struct dtn *n = &p->tr->nodes[i];
		int off;
		uint32_t ph;

		n->phandle = 0;
		if (!n->referenced)
			continue;
		if (p->overlay && p->is_new[i]) {
			/* the overlay's own 1, 2, ...: fdtoverlay adds the base's largest */
			if (max + ++local > 0xfffffffe)
				return perr(p, "no phandle left above 0x%x", max);
			n->phandle = local;
			p->local_ph[i] = true;
			continue;
		}
		off = p->bpath[i] ? base_off(p, p->bpath[i]) : -1;
		if (off < 0)
			return perr(p, "%s is referenced but not in the base DTB", n->path);
		ph = fdt_get_phandle(p->fdt, off);
		if (!ph && p->overlay) {
			if (max + ++local > 0xfffffffe)
				return perr(p, "no phandle left above 0x%x", max);
			n->phandle = local;
			p->local_ph[i] = true;
			continue;
		}
		if (!ph) {
			if (max >= 0xfffffffe)
				return perr(p, "no phandle left above 0x%x", max);
			int before = (int)fdt_size_dt_struct(p->fdt);

			ph = ++max;
			err = fdt_setprop_u32(p->fdt, off, "phandle", ph);
			if (err)
				return perr(p, "setting a phandle: %s", fdt_strerror(err));
			base_grew(p, p->bpath[i], before);
		}
		n->phandle = ph;
	}
	return 0;
}

static bool is_provider_prop(const char *name)
{
	for (size_t i = 0; provider_props[i]; i++)
		if (!strcmp(provider_props[i], name))
			return true;
	return false;
}

/*
 * Whether property @k of tree node @i goes onto the board (its value in
 * p->val): 1 yes, 0 no, -1 error.  An IOMMU or ITS node the board already
 * has only gets the provider properties it lacks.
 */
static int prop_wanted(struct patch *p, size_t i, size_t k)
{
	const struct dtn *n = &p->tr->nodes[i];
	const struct dtp *pr = &n->props[k];
	int off, len;
	const void *cur;

	if (pr->board)
		return 0;
	dtp_value(p->tr, pr, &p->val);
	if (p->is_new[i] || !p->existed[i])
		return 1;
	off = base_off(p, p->bpath[i]);
	cur = fdt_getprop(p->fdt, off, pr->name, &len);
	if (n->complete && (!is_provider_prop(pr->name) || cur)) {
		if (!strcmp(pr->name, "#iommu-cells") && cur &&
		    (len != (int)p->val.len || memcmp(cur, p->val.data, p->val.len)))
			return perr(p, "%s: the board's #iommu-cells differs from the topology's",
				    p->bpath[i]);
		return 0;
	}
	return 1;
}

static int set_props(struct patch *p)
{
	for (size_t i = 1; i < p->tr->n; i++) {
		const struct dtn *n = &p->tr->nodes[i];

		if (!p->bpath[i])
			continue;
		for (size_t k = 0; k < n->n_props; k++) {
			int w = prop_wanted(p, i, k), err, before;

			if (w < 0)
				return -1;
			if (!w)
				continue;
			before = (int)fdt_size_dt_struct(p->fdt);
			err = fdt_setprop(p->fdt, base_off(p, p->bpath[i]), n->props[k].name,
					  p->val.data, (int)p->val.len);
			if (err)
				return perr(p, "setting %s: %s", n->props[k].name,
					    fdt_strerror(err));
			base_grew(p, p->bpath[i], before);
		}
	}
	return 0;
}

/* Byte offsets of the cells of @pr that refer to nodes with overlay phandles, into @fix. */
static size_t local_refs(const struct patch *p, const struct dtp *pr, struct iot_buf *fix)
{
	size_t n = 0;

	iot_buf_reset(fix);
	for (size_t c = 0; c < pr->n; c++)
		if (dtp_ref_at(pr, c) >= 0 && p->local_ph[pr->refs[c]]) {
			fdt32_t be = cpu_to_fdt32((uint32_t)(4 * c));

			iot_buf_add(fix, &be, sizeof(be));
			n++;
		}
	return n;
}

/* Property @k of node @i in the overlay: its value, or (@fix_only) the offsets of its local refs. */
static int overlay_prop(struct patch *p, void *fdt, size_t i, size_t k, bool fix_only,
			struct iot_buf *fix)
{
	const struct dtp *pr = &p->tr->nodes[i].props[k];
	int w = prop_wanted(p, i, k);

	if (w <= 0)
		return w;
	if (!fix_only)
		return fdt_property(fdt, pr->name, p->val.data, (int)p->val.len) ? -2 : 0;
	if (!local_refs(p, pr, fix))
		return 0;
	return fdt_property(fdt, pr->name, fix->data, (int)fix->len) ? -2 : 0;
}

/*
 * The overlay: one fragment per board node the topology changes
 * (target-path = its path on the board) or adds (target-path = the
 * parent), in tree order, as --patched changes and adds them; then
 * __local_fixups__ naming every cell that holds one of the overlay's own
 * phandles (fdtoverlay adds the board's largest phandle to those).
 * Returns 0, -1 (reported) or -2 (the buffer is too small).
 */
static int overlay_blob(struct patch *p, void *fdt, int size)
{
	size_t nt = p->tr->n, nf = 0;
	int *frag = iot_xcalloc(nt ? nt : 1, sizeof(*frag));
	struct iot_buf fix;
	bool any_local = false;
	int rc = -2;

	iot_buf_init(&fix);
	for (size_t i = 0; i < nt; i++) {
		const struct dtn *n = &p->tr->nodes[i];
		bool any = i && p->bpath[i] && p->local_ph[i];

		frag[i] = -1;
		for (size_t k = 0; i && p->bpath[i] && k < n->n_props; k++) {
			int w = prop_wanted(p, i, k);

			if (w < 0) {
				rc = -1;
				goto out;
			}
			any |= w > 0;
			any_local |= w > 0 && local_refs(p, &n->props[k], &fix);
		}
		if (any)
			frag[i] = (int)nf++;
	}
	if (fdt_create(fdt, size) || fdt_finish_reservemap(fdt) || fdt_begin_node(fdt, ""))
		goto out;
	for (int pass = 0; pass < 2; pass++) {
		if (pass && (!any_local || fdt_begin_node(fdt, "__local_fixups__")))
			break;
		for (size_t i = 1; i < nt; i++) {
			const struct dtn *n = &p->tr->nodes[i];
			char name[32];
			bool has_fix = false;

			if (frag[i] < 0)
				continue;
			for (size_t k = 0; pass && k < n->n_props; k++)
				has_fix |= prop_wanted(p, i, k) > 0 &&
					   local_refs(p, &n->props[k], &fix);
			if (pass && !has_fix)
				continue;
			snprintf(name, sizeof(name), "fragment@%d", frag[i]);
			if (fdt_begin_node(fdt, name))
				goto out;
			if (!pass) {
				const char *tp = p->bpath[i];
				char *parent = NULL;
				int err;

				if (p->is_new[i]) {
					parent = iot_strndup(tp, (size_t)(strrchr(tp, '/') - tp));
					tp = parent[0] ? parent : "/";
				}
				err = fdt_property_string(fdt, "target-path", tp);
				free(parent);
				if (err)
					goto out;
			}
			if (fdt_begin_node(fdt, "__overlay__") ||
			    (p->is_new[i] && fdt_begin_node(fdt, n->name)))
				goto out;
			if (!pass && p->local_ph[i] && fdt_property_u32(fdt, "phandle", n->phandle))
				goto out;
			for (size_t k = 0; k < n->n_props; k++) {
				int r = overlay_prop(p, fdt, i, k, pass, &fix);

				if (r < 0) {
					rc = r;
					goto out;
				}
			}
			if ((p->is_new[i] && fdt_end_node(fdt)) || fdt_end_node(fdt) ||
			    fdt_end_node(fdt))
				goto out;
		}
		if (pass && fdt_end_node(fdt))
			goto out;
	}
	if (fdt_end_node(fdt) || fdt_finish(fdt))
		goto out;
	rc = 0;
out:
	free(frag);
	iot_buf_free(&fix);
	return rc;
}

static size_t room_needed(const struct dtree *tr)
{
	size_t s = 65536;

	for (size_t i = 0; i < tr->n; i++) {
		const struct dtn *n = &tr->nodes[i];

		s += 64 + strlen(n->name);
		for (size_t k = 0; k < n->n_props; k++)
			s += 32 + strlen(n->props[k].name) + 4 * n->props[k].n + n->props[k].slen;
	}
	return s;
}

static int patch_or_overlay(const struct iot_topology *t, const uint8_t *base, size_t len,
			    const char *base_name, bool overlay, struct iot_buf *out,
			    struct iot_diags *d)
{
	struct dtree tr;
	struct dt_index ix = { 0 };
	struct patch p = { .t = t, .tr = &tr, .file = base_name, .d = d, .overlay = overlay };
	struct iot_buf board;
	int rc = -1, err;
	size_t size;

	if (iot_topology_validate(t, d))
		return -1;
	if (dt_check_blob(base, len, base_name, d) < 0)
		return -1;
	dtree_init(&tr);
	iot_buf_init(&p.val);
	iot_buf_init(&board);
	iot_buf_reset(out);
	if (dt_build(t, &tr, &ix, d) < 0)
		goto out;
	p.bpath = iot_xcalloc(tr.n, sizeof(*p.bpath));
	p.is_new = iot_xcalloc(tr.n, sizeof(*p.is_new));
	p.local_ph = iot_xcalloc(tr.n, sizeof(*p.local_ph));
	p.existed = iot_xcalloc(tr.n, sizeof(*p.existed));
	size = fdt_totalsize(base) + room_needed(&tr);
	/* --patched edits @out in place; --overlay only reads a copy of the board */
	iot_buf_zeros(overlay ? &board : out, size);
	p.fdt = overlay ? board.data : out->data;
	err = fdt_open_into(base, p.fdt, (int)size);
	if (err) {
		perr(&p, "opening the base DTB: %s", fdt_strerror(err));
		goto out;
	}
	p.ix = bix_build(p.fdt);
	for (size_t i = 0; i < tr.n; i++)
		tr.nodes[i].referenced = false;
	mark_referenced(&tr);
	if (locate(&p) < 0 || assign_phandles(&p) < 0)
		goto out;
	if (overlay) {
		size = room_needed(&tr);
		for (;;) {
			iot_buf_reset(out);
			iot_buf_zeros(out, size);
			err = overlay_blob(&p, out->data, (int)size);
			if (err != -2 || size > ((size_t)1 << 30))
				break;
			size *= 2;
		}
		if (err == -2)
			perr(&p, "the overlay does not fit in %zu bytes", size);
		if (err)
			goto out;
		out->len = fdt_totalsize(out->data);
		rc = 0;
		goto out;
	}
	if (set_props(&p) < 0)
		goto out;
	err = fdt_pack(p.fdt);
	if (err) {
		perr(&p, "packing: %s", fdt_strerror(err));
		goto out;
	}
	out->len = fdt_totalsize(p.fdt);
	rc = 0;
out:
	if (rc)
		iot_buf_reset(out);
	for (size_t i = 0; p.bpath && i < tr.n; i++)
		free(p.bpath[i]);
	free(p.bpath);
	free(p.is_new);
	free(p.local_ph);
	free(p.existed);
	bix_free(p.ix);
	iot_buf_free(&p.val);
	iot_buf_free(&board);
	dt_index_free(&ix);
	dtree_free(&tr);
	return rc;
}

int iot_dt_patch_dtb(const struct iot_topology *t, const uint8_t *base, size_t len,
		     const char *base_name, struct iot_buf *out, struct iot_diags *d)
{
	return patch_or_overlay(t, base, len, base_name, false, out, d);
}

int iot_dt_overlay_dtb(const struct iot_topology *t, const uint8_t *base, size_t len,
		       const char *base_name, struct iot_buf *out, struct iot_diags *d)
{
	return patch_or_overlay(t, base, len, base_name, true, out, d);
}
