// SPDX-License-Identifier: MIT
/*
 * `iotopo groups --format dot`: the PCI hierarchy (bridge -> device edges),
 * each IOMMU group a cluster, devices without protection filled red and
 * devices without a group dashed.
 */
#include <stdlib.h>

#include "report/groups.h"

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
		 struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];
	struct iot_buf desc;

	iot_buf_init(&desc);
	iot_buf_printf(&desc, "%s\n", d->name);
	iot_groups_dev_desc(t, r, s, &desc);
	iot_buf_printf(&desc, "\n%s", iot_verdict_name(d->verdict));
	iot_buf_adds(b, "    ");
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

void iot_groups_dot(const struct iot_topology *t, const struct iot_sim_result *r, struct iot_buf *b)
{
	size_t ng;
	int *order = iot_groups_sorted(r, &ng);

	iot_buf_printf(b,
		       "digraph iommu_groups {\n  label=\"kernel profile %s\";\n"
		       "  rankdir=LR;\n  node [shape=box, fontsize=10];\n",
		       r->profile->version);
	for (size_t i = 0; i < ng; i++) {
		const struct iot_sim_group *g = &r->groups[order[i]];
		size_t nm;
		int *m = iot_group_members(r, order[i], &nm);

		iot_buf_printf(b, "  subgraph cluster_group%d {\n    label=\"group %d [%s]\";\n",
			       g->id, g->id, iot_domain_type_name(g->domain));
		for (size_t k = 0; k < nm; k++)
			node(t, r, m[k], b);
		iot_buf_adds(b, "  }\n");
		free(m);
	}
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].group < 0)
			node(t, r, (int)s, b);
	for (size_t s = 0; s < r->n_devs; s++)
		if (r->devs[s].parent >= 0) {
			iot_buf_adds(b, "  ");
			dstr(b, r->devs[r->devs[s].parent].name);
			iot_buf_adds(b, " -> ");
			dstr(b, r->devs[s].name);
			iot_buf_adds(b, ";\n");
		}
	iot_buf_adds(b, "}\n");
	free(order);
}
