// SPDX-License-Identifier: MIT
/*
 * Comparing two groupings of the same devices by membership: which devices
 * share a group, and which have none.  Group numbers follow probe order
 * (iommu.c:iommu_group_alloc takes the lowest free ida), so two kernels, or
 * a prediction and the kernel, may number identical groups differently; a
 * difference is only ever a difference in membership (or in a matched
 * group's default domain).  One engine serves --compare-sysfs (kernel vs
 * prediction) and --against-kernel (prediction vs prediction).
 */
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "util/mem.h"

/* Union-find over items, path halving. */
static size_t uf_find(size_t *up, size_t x)
{
	while (up[x] != x) {
		up[x] = up[up[x]];
		x = up[x];
	}
	return x;
}

static void uf_union(size_t *up, size_t a, size_t b)
{
	a = uf_find(up, a);
	b = uf_find(up, b);
	if (a != b) {
		if (a < b)
			up[b] = a;
		else
			up[a] = b;
	}
}

/* Join the items of every group of side @p. */
static void join_side(size_t *up, size_t n, const struct iot_partition *p)
{
	size_t *first = iot_xmalloc((p->n_groups + 1) * sizeof(*first));

	for (size_t g = 0; g < p->n_groups; g++)
		first[g] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		int g = p->of[i];

		if (g < 0)
			continue;
		if (first[g] == SIZE_MAX)
			first[g] = i;
		else
			uf_union(up, first[g], i);
	}
	free(first);
}

static int size_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return (a > b) - (a < b);
}

/*
 * One side of a component: "group 4 {a b}, no group {c}, not present {d}",
 * groups in their index order, members in item order.  @tmp has room for
 * @n keys.  Returns the number of distinct groups.
 */
static size_t side_parts(struct iot_buf *b, const size_t *items, size_t n, const char *const *names,
			 const struct iot_partition *p, size_t n_items, size_t *tmp)
{
	size_t groups = 0;

	for (size_t i = 0; i < n; i++) {
		int g = p->of[items[i]];
		size_t key = g >= 0 ? (size_t)g : g == -1 ? p->n_groups : p->n_groups + 1;

		tmp[i] = key * (n_items + 1) + items[i];
	}
	qsort(tmp, n, sizeof(*tmp), size_cmp);
	for (size_t i = 0; i < n;) {
		size_t key = tmp[i] / (n_items + 1);

		if (!b) {
			groups += key < p->n_groups;
		} else {
			iot_buf_adds(b, i ? "}, " : "");
			if (key < p->n_groups)
				iot_buf_printf(b, "group %d {", p->number[key]);
			else
				iot_buf_adds(b,
					     key == p->n_groups ? "no group {" : "not present {");
		}
		for (size_t k = 0; i < n && tmp[i] / (n_items + 1) == key; i++, k++)
			if (b)
				iot_buf_printf(b, "%s%s", k ? " " : "",
					       names[tmp[i] % (n_items + 1)]);
	}
	if (b && n)
		iot_buf_addc(b, '}');
	return groups;
}

/* What happened from side A to side B, in a word. */
static const char *change_kind(size_t na, size_t nb)
{
	if (na == 1 && nb == 0)
		return "ungrouped";
	if (na == 0)
		return "grouped";
	if (na == 1 && nb > 1)
		return "split";
	if (na > 1 && nb == 1)
		return "merged";
	if (na == 1 && nb == 1)
		return "members differ";
	return "regrouped";
}

size_t iot_partition_compare(size_t n, const char *const *names, const struct iot_partition *a,
			     const struct iot_partition *b, struct iot_buf *out,
			     struct iot_partition_stats *st)
{
	size_t *up = iot_xmalloc((n + 1) * sizeof(*up));
	size_t *order = iot_xmalloc((n + 1) * sizeof(*order));
	size_t *tmp = iot_xmalloc((n + 1) * sizeof(*tmp));
	size_t diffs = 0;

	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < n; i++)
		up[i] = i;
	join_side(up, n, a);
	join_side(up, n, b);
	/* items ordered by component (its lowest item), then by item: one pass per component */
	for (size_t i = 0; i < n; i++)
		order[i] = uf_find(up, i) * (n + 1) + i;
	qsort(order, n, sizeof(*order), size_cmp);
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		size_t comp = order[lo] / (n + 1);
		bool same = true;
		int ga, gb;

		for (hi = lo; hi < n && order[hi] / (n + 1) == comp; hi++)
			order[hi] %= (n + 1);
		ga = a->of[order[lo]];
		gb = b->of[order[lo]];
		if (hi - lo == 1 && ga < 0 && gb < 0)
			continue; /* in no group on either side (or absent from one) */
		for (size_t k = lo; k < hi; k++)
			if (a->of[order[k]] != ga || b->of[order[k]] != gb)
				same = false;
		if (same && ga >= 0 && gb >= 0) {
			st->matched++;
			if (a->number[ga] != b->number[gb])
				st->renumbered++;
			if (a->domain && b->domain && a->domain[ga] && b->domain[gb] &&
			    strcmp(a->domain[ga], b->domain[gb])) {
				iot_buf_printf(out, "domain: %s: group %d {", a->label,
					       a->number[ga]);
				for (size_t k = lo; k < hi; k++)
					iot_buf_printf(out, "%s%s", k > lo ? " " : "",
						       names[order[k]]);
				iot_buf_printf(out, "} default domain %s; %s: group %d %s\n",
					       a->domain[ga], b->label, b->number[gb],
					       b->domain[gb]);
				diffs++;
			}
			continue;
		}
		iot_buf_printf(out, "%s: %s: ",
			       change_kind(side_parts(NULL, order + lo, hi - lo, names, a, n, tmp),
					   side_parts(NULL, order + lo, hi - lo, names, b, n, tmp)),
			       a->label);
		side_parts(out, order + lo, hi - lo, names, a, n, tmp);
		iot_buf_printf(out, "; %s: ", b->label);
		side_parts(out, order + lo, hi - lo, names, b, n, tmp);
		iot_buf_addc(out, '\n');
		diffs++;
	}
	free(tmp);
	free(order);
	free(up);
	return diffs;
}

/* The simulation's grouping as a partition over its devices. */
static void sim_partition(const struct iot_sim_result *r, const char *label, int *of, int *number,
			  const char **domain, struct iot_partition *p)
{
	for (size_t g = 0; g < r->n_groups; g++) {
		number[g] = r->groups[g].id;
		domain[g] = iot_domain_type_name(r->groups[g].domain);
	}
	for (size_t s = 0; s < r->n_devs; s++)
		of[s] = r->devs[s].group;
	p->label = label;
	p->n_groups = r->n_groups;
	p->number = number;
	p->of = of;
	p->domain = domain;
}

/* --against-kernel: memberships, then per device protection and isolation. */
size_t iot_groups_diff(const struct iot_topology *t, const struct iot_sim_result *a,
		       const struct iot_sim_result *b, struct iot_buf *out)
{
	size_t n = a->n_devs < b->n_devs ? a->n_devs : b->n_devs;
	const char **names = iot_xcalloc(n + 1, sizeof(*names));
	int *of_a = iot_xcalloc(n + 1, sizeof(int)), *of_b = iot_xcalloc(n + 1, sizeof(int));
	int *num_a = iot_xcalloc(a->n_groups + 1, sizeof(int));
	int *num_b = iot_xcalloc(b->n_groups + 1, sizeof(int));
	const char **dom_a = iot_xcalloc(a->n_groups + 1, sizeof(char *));
	const char **dom_b = iot_xcalloc(b->n_groups + 1, sizeof(char *));
	char *la = iot_asprintf("%s", a->profile->version);
	char *lb = iot_asprintf("%s", b->profile->version);
	struct iot_partition pa, pb;
	struct iot_partition_stats st;
	size_t changes;

	(void)t;
	if (!strcmp(la, lb)) {
		/* the same profile with other options (--acs-override, --cmdline) */
		free(la);
		free(lb);
		la = iot_strdup("before");
		lb = iot_strdup("after");
	}
	for (size_t s = 0; s < n; s++)
		names[s] = a->devs[s].name;
	sim_partition(a, la, of_a, num_a, dom_a, &pa);
	sim_partition(b, lb, of_b, num_b, dom_b, &pb);
	iot_buf_printf(out, "# from kernel profile %s to %s\n", a->profile->version,
		       b->profile->version);
	changes = iot_partition_compare(n, names, &pa, &pb, out, &st);
	for (size_t s = 0; s < n; s++) {
		const struct iot_sim_dev *x = &a->devs[s], *y = &b->devs[s];
		bool px = !iot_verdict_unprotected(x->verdict),
		     py = !iot_verdict_unprotected(y->verdict);

		if (x->verdict != y->verdict) {
			iot_buf_printf(out, "%s: %s -> %s%s\n", x->name,
				       iot_verdict_name(x->verdict), iot_verdict_name(y->verdict),
				       px == py ? "" :
				       py	? " (gains protection)" :
						  " (loses protection)");
			changes++;
		}
		if (x->isolated != y->isolated) {
			iot_buf_printf(out, "%s: %s isolated\n", x->name,
				       y->isolated ? "becomes" : "is no longer");
			changes++;
		}
	}
	if (!changes)
		iot_buf_printf(out, "no change (%zu groups%s)\n", st.matched,
			       st.renumbered ? ", numbered differently" : "");
	free(la);
	free(lb);
	free(dom_a);
	free(dom_b);
	free(num_a);
	free(num_b);
	free(of_a);
	free(of_b);
	free(names);
	return changes;
}

/* The model's device names, sorted, to find the kernel's members among them. */
struct named {
	const char *name;
	size_t idx;
};

static int named_cmp(const void *x, const void *y)
{
	return strcmp(((const struct named *)x)->name, ((const struct named *)y)->name);
}

static long name_find(const struct named *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].name, name);

		if (!c)
			return (long)v[mid].idx;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * --compare-sysfs: the kernel's groups against the prediction.  Items are
 * the model's devices plus any device the kernel grouped that the model
 * lacks; the kernel's "no group" is a device in none of iommu_groups/N.
 */
size_t iot_groups_compare(const struct iot_topology *t, const struct iot_sim_result *r,
			  const struct iot_sysfs_groups *g, struct iot_buf *out)
{
	size_t n_k = 0, n, cap;
	const char **names;
	int *of_p, *of_k, *num_p, *num_k;
	const char **dom_p, **dom_k;
	struct iot_partition pp, pk;
	struct iot_partition_stats st;
	struct named *sorted;
	size_t diffs;

	(void)t;
	for (size_t i = 0; i < g->n; i++)
		n_k += g->v[i].n_devices;
	cap = r->n_devs + n_k + 1;
	names = iot_xcalloc(cap, sizeof(*names));
	of_p = iot_xmalloc(cap * sizeof(int));
	of_k = iot_xmalloc(cap * sizeof(int));
	num_p = iot_xcalloc(r->n_groups + 1, sizeof(int));
	dom_p = iot_xcalloc(r->n_groups + 1, sizeof(char *));
	num_k = iot_xcalloc(g->n + 1, sizeof(int));
	dom_k = iot_xcalloc(g->n + 1, sizeof(char *));
	sim_partition(r, "predicted", of_p, num_p, dom_p, &pp);
	n = r->n_devs;
	for (size_t s = 0; s < n; s++) {
		names[s] = r->devs[s].name;
		of_k[s] = -1;
	}
	sorted = iot_xmalloc((n + 1) * sizeof(*sorted));
	for (size_t s = 0; s < n; s++) {
		sorted[s].name = names[s];
		sorted[s].idx = s;
	}
	qsort(sorted, n, sizeof(*sorted), named_cmp);
	for (size_t i = 0; i < g->n; i++) {
		num_k[i] = (int)g->v[i].number;
		/*
		 * The type file's own text: "blocked", "unmanaged" or "unknown"
		 * is a difference from any predicted type, not a skip.
		 */
		dom_k[i] = g->v[i].type_name;
		for (size_t k = 0; k < g->v[i].n_devices; k++) {
			const char *dn = g->v[i].devices[k];
			long s = name_find(sorted, r->n_devs, dn);

			/* "00:01.0" style names of the model resolve too */
			if (s < 0)
				s = iot_sim_find_dev(r, dn);
			if (s < 0) {
				names[n] = dn;
				of_p[n] = -2;
				of_k[n++] = (int)i;
			} else {
				of_k[s] = (int)i;
			}
		}
	}
	pk.label = "kernel";
	pk.n_groups = g->n;
	pk.number = num_k;
	pk.of = of_k;
	pk.domain = dom_k;
	diffs = iot_partition_compare(n, names, &pk, &pp, out, &st);
	if (diffs)
		iot_buf_printf(out, "%zu difference(s); %zu group(s) match", diffs, st.matched);
	else
		iot_buf_printf(out, "prediction matches the kernel's %zu groups", g->n);
	if (st.renumbered)
		iot_buf_printf(out, " (%zu numbered differently: numbers follow probe order)",
			       st.renumbered);
	iot_buf_addc(out, '\n');
	free(sorted);
	free(dom_k);
	free(num_k);
	free(dom_p);
	free(num_p);
	free(of_k);
	free(of_p);
	free(names);
	return diffs;
}
