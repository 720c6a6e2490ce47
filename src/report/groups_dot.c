// SPDX-License-Identifier: MIT
/*
 * `iotopo groups --format dot`: the PCI hierarchy left to right (bridge ->
 * device edges), one cluster per PCI root and, inside it, one per root-bus
 * bridge (a root port and everything below it), so a machine with hundreds
 * of functions stays readable; each IOMMU group is a cluster inside the
 * innermost of those that holds all its members, groups in id order.  The
 * group's border says its VFIO verdict; devices without protection are
 * filled red, isolated ones green, devices without a group dashed.  A
 * legend explains it.
 */
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "util/mem.h"

/* A DOT quoted string: names come from the input and may hold quotes. */
static void dstr(struct iot_buf *b, const char *s)
{
	iot_buf_addc(b, '"');
	for (; s && *s; s++) {
		if (*s == '\n') {
			iot_buf_adds(b, "\\n"); /* a line break in a DOT label */
			continue;
		}
		if (*s == '"' || *s == '\\')
			iot_buf_addc(b, '\\');
		if ((unsigned char)*s >= 0x20)
			iot_buf_addc(b, *s);
	}
	iot_buf_addc(b, '"');
}

static void node(const struct iot_topology *t, const struct iot_sim_result *r, int s,
		 const struct iot_groups_extra *x, const char *indent, struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];
	struct iot_buf desc;
	size_t mark;

	iot_buf_init(&desc);
	iot_buf_printf(&desc, "%s\n", d->name);
	iot_groups_dev_desc(t, r, s, &desc);
	iot_buf_addc(&desc, '\n');
	mark = desc.len;
	iot_groups_dev_names(t, r, s, x ? x->ids : NULL, &desc);
	if (desc.len > mark)
		iot_buf_addc(&desc, '\n');
	iot_buf_adds(&desc, iot_verdict_name(d->verdict));
	iot_buf_adds(b, indent);
	dstr(b, d->name);
	iot_buf_adds(b, " [label=");
	dstr(b, iot_buf_str(&desc));
	if (iot_verdict_unprotected(d->verdict))
		iot_buf_adds(b, ", style=filled, fillcolor=\"#f4a0a0\"");
	else if (d->group < 0)
		iot_buf_adds(b, ", style=dashed");
	else if (d->isolated)
		iot_buf_adds(b, ", style=filled, fillcolor=\"#b8e0b8\"");
	iot_buf_adds(b, "];\n");
	iot_buf_free(&desc);
}

static const char *verdict_color(enum iot_vfio_verdict v)
{
	switch (v) {
	case IOT_VFIO_ASSIGNABLE:
		return "#2e8b2e";
	case IOT_VFIO_AFTER_UNBIND:
		return "#d08000";
	case IOT_VFIO_NOT_ASSIGNABLE:
		return "#c02020";
	default:
		return "#909090";
	}
}

/*
 * Containers: 0 = the whole graph, then one per PCI root, then one per
 * root-bus bridge subtree.  Each sim device lives in the innermost one.
 */
struct box {
	int parent; /* enclosing box, -1 for the graph */
	int root; /* PCI root index, -1 */
	int top; /* the root-bus bridge (sim index), -1 */
};

struct layout {
	struct box *boxes;
	size_t n, cap;
	int *box_of_dev; /* innermost box of each device */
	int *box_of_group; /* innermost box holding all members of each group */
	/* per box, in order: its groups (sorted by id), its devices without a group, its boxes */
	size_t *g_lo, *d_lo, *b_lo; /* [n + 1] offsets into: */
	int *groups, *devs, *kids;
};

/* Bucket @n items by key[i] in [0, nb): offsets in lo[nb + 1], items in out (stable). */
static void bucket(const int *key, const int *items, size_t n, size_t nb, size_t *lo, int *out)
{
	memset(lo, 0, (nb + 1) * sizeof(*lo));
	for (size_t i = 0; i < n; i++)
		lo[key[i] + 1]++;
	for (size_t k = 0; k < nb; k++)
		lo[k + 1] += lo[k];
	{
		size_t *fill = iot_xmalloc((nb + 1) * sizeof(*fill));

		memcpy(fill, lo, (nb + 1) * sizeof(*fill));
		for (size_t i = 0; i < n; i++)
			out[fill[key[i]]++] = items[i];
		free(fill);
	}
}

static int add_box(struct layout *l, int parent, int root, int top)
{
	iot_grow((void **)&l->boxes, &l->cap, l->n + 1, sizeof(*l->boxes));
	l->boxes[l->n].parent = parent;
	l->boxes[l->n].root = root;
	l->boxes[l->n].top = top;
	return (int)l->n++;
}

/* The innermost box holding both @a and @b. */
static int common_box(const struct layout *l, int a, int b)
{
	for (int x = a; x >= 0; x = l->boxes[x].parent)
		for (int y = b; y >= 0; y = l->boxes[y].parent)
			if (x == y)
				return x;
	return 0;
}

static void build_layout(const struct iot_topology *t, const struct iot_sim_result *r,
			 struct layout *l)
{
	int *root_box = iot_xmalloc((t->n_roots + 1) * sizeof(int));
	int *top_box = iot_xmalloc((r->n_devs + 1) * sizeof(int));

	memset(l, 0, sizeof(*l));
	add_box(l, -1, -1, -1);
	for (size_t i = 0; i < t->n_roots; i++)
		root_box[i] = -1;
	l->box_of_dev = iot_xmalloc((r->n_devs + 1) * sizeof(int));
	l->box_of_group = iot_xmalloc((r->n_groups + 1) * sizeof(int));
	for (size_t s = 0; s < r->n_devs; s++) {
		const struct iot_sim_dev *d = &r->devs[s];
		int top = (int)s;

		top_box[s] = -1;
		if (!d->is_pci) {
			l->box_of_dev[s] = 0;
			continue;
		}
		if (root_box[d->root] < 0)
			root_box[d->root] = add_box(l, 0, d->root, -1);
		l->box_of_dev[s] = root_box[d->root];
		if (d->parent < 0)
			continue;
		/* below a root-bus bridge: that bridge's box */
		while (r->devs[top].parent >= 0)
			top = r->devs[top].parent;
		if (top_box[top] < 0)
			top_box[top] = add_box(l, root_box[d->root], d->root, top);
		l->box_of_dev[s] = top_box[top];
	}
	/* a root-bus bridge with something below it is in its own box */
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].is_pci && r->devs[s].parent < 0 && top_box[s] >= 0)
			l->box_of_dev[s] = top_box[s];
	for (size_t g = 0; g < r->n_groups; g++) {
		int box = -1;

		for (int s = r->groups[g].first; s >= 0; s = r->devs[s].next_in_group)
			box = box < 0 ? l->box_of_dev[s] : common_box(l, box, l->box_of_dev[s]);
		l->box_of_group[g] = box < 0 ? 0 : box;
	}
	free(top_box);
	free(root_box);
}

static void bucket_layout(const struct iot_sim_result *r, const int *order, size_t ng,
			  struct layout *l)
{
	size_t n_none = 0;
	int *key = iot_xmalloc((ng + r->n_devs + l->n + 1) * sizeof(int));
	int *items = iot_xmalloc((ng + r->n_devs + l->n + 1) * sizeof(int));

	l->g_lo = iot_xmalloc((l->n + 1) * sizeof(size_t));
	l->d_lo = iot_xmalloc((l->n + 1) * sizeof(size_t));
	l->b_lo = iot_xmalloc((l->n + 1) * sizeof(size_t));
	l->groups = iot_xmalloc((ng + 1) * sizeof(int));
	l->devs = iot_xmalloc((r->n_devs + 1) * sizeof(int));
	l->kids = iot_xmalloc((l->n + 1) * sizeof(int));
	for (size_t i = 0; i < ng; i++) {
		key[i] = l->box_of_group[order[i]];
		items[i] = order[i];
	}
	bucket(key, items, ng, l->n, l->g_lo, l->groups);
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].group < 0) {
			key[n_none] = l->box_of_dev[s];
			items[n_none++] = (int)s;
		}
	bucket(key, items, n_none, l->n, l->d_lo, l->devs);
	for (size_t c = 1; c < l->n; c++) {
		key[c - 1] = l->boxes[c].parent;
		items[c - 1] = (int)c;
	}
	bucket(key, items, l->n ? l->n - 1 : 0, l->n, l->b_lo, l->kids);
	free(key);
	free(items);
}

static void emit_box(const struct iot_topology *t, const struct iot_sim_result *r,
		     const struct iot_groups_extra *x, const struct layout *l, int box, int depth,
		     struct iot_buf *b)
{
	char indent[32], in2[34];
	const struct box *bx = &l->boxes[box];
	int w = 2 * depth + 2 < 28 ? 2 * depth + 2 : 28;

	memset(indent, ' ', sizeof(indent));
	indent[w] = '\0';
	memset(in2, ' ', sizeof(in2));
	in2[w + 2] = '\0';
	if (box) {
		iot_buf_printf(b, "%.*ssubgraph cluster_box%d {\n", w - 2, indent, box);
		iot_buf_adds(b, indent);
		if (bx->top >= 0) {
			iot_buf_adds(b, "label=");
			dstr(b, r->devs[bx->top].name);
			iot_buf_adds(b, "; style=rounded; color=\"#a0a0c0\";\n");
		} else {
			struct iot_buf lab;

			iot_buf_init(&lab);
			iot_buf_printf(&lab, "PCI root %s (segment %u)",
				       t->roots[bx->root].name ? t->roots[bx->root].name : "?",
				       t->roots[bx->root].segment);
			iot_buf_adds(b, "label=");
			dstr(b, iot_buf_str(&lab));
			iot_buf_adds(b, "; color=\"#606080\";\n");
			iot_buf_free(&lab);
		}
	}
	/* groups held here, in id order */
	for (size_t i = l->g_lo[box]; i < l->g_lo[box + 1]; i++) {
		int gi = l->groups[i];
		const struct iot_sim_group *g = &r->groups[gi];
		size_t nm;
		int *m = iot_group_members(r, gi, &nm);

		iot_buf_printf(b, "%ssubgraph cluster_group%d {\n", indent, g->id);
		iot_buf_printf(b, "%slabel=\"group %d [%s]", in2, g->id,
			       iot_domain_type_name(g->domain));
		if (x && x->vfio)
			iot_buf_printf(b, "\\nVFIO: %s",
				       iot_vfio_verdict_name(x->vfio->groups[gi].verdict));
		iot_buf_printf(b, "\"; penwidth=2; color=\"%s\";\n",
			       x && x->vfio ? verdict_color(x->vfio->groups[gi].verdict) :
					      "#404040");
		for (size_t k = 0; k < nm; k++)
			node(t, r, m[k], x, in2, b);
		iot_buf_printf(b, "%s}\n", indent);
		free(m);
		iot_groups_flush(x, b);
	}
	/* devices without a group that live here */
	for (size_t i = l->d_lo[box]; i < l->d_lo[box + 1]; i++)
		node(t, r, l->devs[i], x, indent, b);
	for (size_t i = l->b_lo[box]; i < l->b_lo[box + 1]; i++)
		emit_box(t, r, x, l, l->kids[i], depth + 1, b);
	if (box)
		iot_buf_printf(b, "%.*s}\n", w - 2, indent);
}

static void legend(const struct iot_groups_extra *x, struct iot_buf *b)
{
	iot_buf_adds(b, "  subgraph cluster_legend {\n"
			"    label=\"legend\"; color=\"#c0c0c0\"; fontsize=10;\n"
			"    node [shape=box, fontsize=9];\n"
			"    legend_iso [label=\"isolated: alone, ACS path\", style=filled, "
			"fillcolor=\"#b8e0b8\"];\n"
			"    legend_unprot [label=\"unprotected: DMA not translated\", "
			"style=filled, fillcolor=\"#f4a0a0\"];\n"
			"    legend_nogroup [label=\"no IOMMU group\", style=dashed];\n");
	if (x && x->vfio)
		iot_buf_printf(
			b,
			"    legend_vfio [shape=plaintext, label=<group border: "
			"<font color=\"%s\">VFIO assignable</font>, "
			"<font color=\"%s\">after unbinding host drivers</font>, "
			"<font color=\"%s\">not assignable</font>, "
			"<font color=\"%s\">nothing to assign</font>>];\n",
			verdict_color(IOT_VFIO_ASSIGNABLE), verdict_color(IOT_VFIO_AFTER_UNBIND),
			verdict_color(IOT_VFIO_NOT_ASSIGNABLE), verdict_color(IOT_VFIO_NOTHING));
	iot_buf_adds(b, "    legend_iso -> legend_unprot -> legend_nogroup [style=invis];\n  }\n");
}

void iot_groups_dot(const struct iot_topology *t, const struct iot_sim_result *r,
		    const struct iot_groups_extra *x, struct iot_buf *b)
{
	size_t ng;
	int *order = iot_groups_sorted(r, &ng);
	struct layout l;

	build_layout(t, r, &l);
	bucket_layout(r, order, ng, &l);
	iot_buf_adds(b, "digraph iommu_groups {\n  label=");
	{
		struct iot_buf title;

		iot_buf_init(&title);
		iot_buf_printf(&title, "IOMMU groups, kernel profile %s", r->profile->version);
		if (x && x->acs_override)
			iot_buf_printf(&title, "\n%spcie_acs_override=%s (UNSAFE)",
				       x->acs_override_in_kernel ? "" : "WHAT-IF ",
				       x->acs_override);
		dstr(b, iot_buf_str(&title));
		iot_buf_free(&title);
	}
	iot_buf_adds(b, ";\n  labelloc=t;\n  rankdir=LR;\n  newrank=true;\n"
			"  node [shape=box, fontsize=10];\n");
	legend(x, b);
	emit_box(t, r, x, &l, 0, 0, b);
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].parent >= 0) {
			iot_buf_adds(b, "  ");
			dstr(b, r->devs[r->devs[s].parent].name);
			iot_buf_adds(b, " -> ");
			dstr(b, r->devs[s].name);
			iot_buf_adds(b, ";\n");
		}
	iot_buf_adds(b, "}\n");
	free(l.boxes);
	free(l.box_of_dev);
	free(l.box_of_group);
	free(l.g_lo);
	free(l.d_lo);
	free(l.b_lo);
	free(l.groups);
	free(l.devs);
	free(l.kids);
	free(order);
}
