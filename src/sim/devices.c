// SPDX-License-Identifier: MIT
/*
 * The simulated devices: platform devices, then each root's PCI functions
 * in the order Linux adds them (probe.c:pci_scan_child_bus_extend), with
 * their names and the sibling ranges pci_device_group searches.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

struct sort_ent {
	int parent;
	uint8_t bus, devfn;
	int dev;
};

static int sort_cmp(const void *a, const void *b)
{
	const struct sort_ent *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->devfn != y->devfn)
		return x->devfn < y->devfn ? -1 : 1;
	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

/*
 * probe.c:pci_scan_child_bus_extend: a bus's functions in devfn order, then
 * each bridge's secondary bus, depth first.  Fills sim devs in that order.
 */
static void add_order_root(struct sim_ctx *c, int ri, size_t *next)
{
	const struct iot_pci_root *root = &c->t->roots[ri];
	size_t n = root->n_devs, top = 0;
	struct sort_ent *e = iot_xcalloc(n ? n : 1, sizeof(*e));
	size_t *lo = iot_xcalloc(n + 1, sizeof(size_t)), *hi = iot_xcalloc(n + 1, sizeof(size_t));
	size_t(*stack)[2] = iot_xcalloc(n + 1, sizeof(*stack));

	/*
	 * Sorted by (parent, bus, devfn, index): a counting sort by parent
	 * (stable, so each parent's children stay in index order), then a
	 * sort of the children of any parent not already in (bus, devfn) order.
	 */
	for (size_t i = 0; i < n; i++) {
		int par = root->devs[i].parent;

		/* a parent must come first (iot_topology_validate): no cycles to chase */
		par = (par >= 0 && (size_t)par < i) ? par : -1;
		lo[par < 0 ? 0 : (size_t)par + 1]++;
	}
	for (size_t i = 0, sum = 0; i <= n; i++) {
		size_t k = lo[i];

		lo[i] = hi[i] = sum;
		sum += k;
	}
	for (size_t i = 0; i < n; i++) {
		int par = root->devs[i].parent;
		size_t at;

		par = (par >= 0 && (size_t)par < i) ? par : -1;
		at = hi[par < 0 ? 0 : (size_t)par + 1]++;
		e[at].parent = par;
		e[at].bus = root->devs[i].bus;
		e[at].devfn = root->devs[i].devfn;
		e[at].dev = (int)i;
	}
	for (size_t b = 0; b <= n; b++)
		for (size_t i = lo[b] + 1; i < hi[b]; i++)
			if (sort_cmp(&e[i - 1], &e[i]) > 0) {
				qsort(e + lo[b], hi[b] - lo[b], sizeof(*e), sort_cmp);
				break;
			}
	memset(lo, 0, (n + 1) * sizeof(*lo));
	memset(hi, 0, (n + 1) * sizeof(*hi));
	/* children range per parent; slot n is the root bus */
	for (size_t i = 0; i < n; i++) {
		size_t key = e[i].parent < 0 ? n : (size_t)e[i].parent;

		if (!i || e[i].parent != e[i - 1].parent)
			lo[key] = i;
		hi[key] = i + 1;
	}
	stack[top][0] = lo[n];
	stack[top][1] = hi[n];
	top++;
	for (size_t i = lo[n]; i < hi[n]; i++)
		c->pci_sim[ri][e[i].dev] = (int)(*next)++;
	while (top) {
		size_t *cur = stack[top - 1];

		if (cur[0] >= cur[1]) {
			top--;
			continue;
		}
		size_t dev = (size_t)e[cur[0]++].dev;

		if (hi[dev] <= lo[dev] || top > n)
			continue;
		for (size_t i = lo[dev]; i < hi[dev]; i++)
			c->pci_sim[ri][e[i].dev] = (int)(*next)++;
		stack[top][0] = lo[dev];
		stack[top][1] = hi[dev];
		top++;
	}
	/* devices whose parent chain loops never got a slot: add them last */
	for (size_t i = 0; i < n; i++)
		if (c->pci_sim[ri][i] < 0)
			c->pci_sim[ri][i] = (int)(*next)++;
	free(e);
	free(lo);
	free(hi);
	free(stack);
}

void sim_build_devs(struct sim_ctx *c)
{
	const struct iot_topology *t = c->t;
	struct iot_sim_result *r = c->r;
	size_t n = 0, next, names_len;
	char *pool;

	for (size_t i = 0; i < t->n_platdevs; i++)
		if (t->platdevs[i].status != IOT_STATUS_DISABLED)
			n++;
	c->n_plat = n;
	for (size_t i = 0; i < t->n_roots; i++)
		n += t->roots[i].n_devs;
	r->n_devs = n;
	r->devs = iot_xcalloc(n ? n : 1, sizeof(*r->devs));
	names_len = (n - c->n_plat) * IOT_PCI_NAME_LEN;
	for (size_t i = 0; i < t->n_platdevs; i++)
		names_len += strlen(t->platdevs[i].name ? t->platdevs[i].name : "?") + 1;
	r->names = iot_xmalloc(names_len ? names_len : 1);
	pool = r->names;
	next = 0;
	for (size_t i = 0; i < t->n_platdevs; i++) {
		struct iot_sim_dev *d;
		const char *nm = t->platdevs[i].name ? t->platdevs[i].name : "?";

		if (t->platdevs[i].status == IOT_STATUS_DISABLED)
			continue;
		d = &r->devs[next++];
		memcpy(pool, nm, strlen(nm) + 1);
		d->name = pool;
		pool += strlen(nm) + 1;
		d->idx = (int)i;
		d->root = -1;
		d->populated_late = t->platdevs[i].dt_populated_by_parent;
		d->parent = -1;
	}
	c->pci_sim = iot_xcalloc(t->n_roots ? t->n_roots : 1, sizeof(int *));
	for (size_t ri = 0; ri < t->n_roots; ri++) {
		size_t nd = t->roots[ri].n_devs;

		c->pci_sim[ri] = iot_xmalloc((nd ? nd : 1) * sizeof(int));
		memset(c->pci_sim[ri], 0xff, (nd ? nd : 1) * sizeof(int));
		add_order_root(c, (int)ri, &next);
		for (size_t i = 0; i < nd; i++) {
			const struct iot_pci_dev *p = &t->roots[ri].devs[i];
			struct iot_sim_dev *d = &r->devs[c->pci_sim[ri][i]];
			int par = p->parent;

			d->is_pci = true;
			d->root = (int)ri;
			d->idx = (int)i;
			d->parent = (par >= 0 && (size_t)par < i) ? c->pci_sim[ri][par] : -1;
			d->name = iot_pci_name(pool + (size_t)(c->pci_sim[ri][i] - (int)c->n_plat) *
							       IOT_PCI_NAME_LEN,
					       t->roots[ri].segment, p->bus, p->devfn);
		}
	}
	for (size_t s = 0; s < n; s++) {
		r->devs[s].group = -1;
		r->devs[s].next_in_group = -1;
		r->devs[s].iommu = IOT_NONE;
		r->devs[s].alias_owner = -1;
		r->devs[s].acs_path_memo = -1;
		r->devs[s].add_seq = (int)s;
	}
}

/*
 * Siblings (same parent, same bus) are contiguous in device_add order and
 * sorted by devfn there (add_order_root), so their ranges come from one pass.
 */
void sim_build_siblings(struct sim_ctx *c)
{
	size_t n = c->r->n_devs, np = n - c->n_plat, lo = 0;

	c->sib = iot_xcalloc(np ? np : 1, sizeof(int));
	c->sib_lo = iot_xcalloc(n ? n : 1, sizeof(int));
	c->sib_hi = iot_xcalloc(n ? n : 1, sizeof(int));
	c->sib_pos = iot_xcalloc(n ? n : 1, sizeof(int));
	for (size_t i = 0; i < np; i++) {
		int s = (int)(c->n_plat + i);

		c->sib[i] = s;
		if (i) {
			int p = s - 1;

			if (c->r->devs[p].root != c->r->devs[s].root ||
			    c->r->devs[p].parent != c->r->devs[s].parent ||
			    sim_pci(c, p)->bus != sim_pci(c, s)->bus)
				lo = i;
		}
		c->sib_lo[s] = (int)lo;
		c->sib_pos[s] = (int)i;
	}
	for (size_t i = np; i-- > 0;) {
		int s = c->sib[i];

		c->sib_hi[s] = (i + 1 < np && c->sib_lo[s + 1] == c->sib_lo[s]) ? c->sib_hi[s + 1] :
										  (int)i + 1;
	}
}

/* pci.c:pci_acs_init -> pci_enable_acs, inside pci_device_add before device_add */

void iot_sim_free(struct iot_sim_result *r)
{
	for (size_t i = 0; i < r->n_devs; i++)
		free(r->devs[i].why);
	free(r->devs);
	free(r->groups);
	free(r->ids);
	free(r->names);
	free(r->iommu_registered);
	for (size_t i = 0; r->iommu_why && i < r->n_iommus; i++)
		free(r->iommu_why[i]);
	free(r->iommu_why);
	free(r->iommu_driver);
	iot_buf_free(&r->trace);
	memset(r, 0, sizeof(*r));
}

int iot_sim_find_dev(const struct iot_sim_result *r, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < r->n_devs; i++)
		if (!strcmp(r->devs[i].name, name))
			return (int)i;
	/* "00:01.0" names a device on segment 0 */
	for (size_t i = 0; i < r->n_devs; i++)
		if (r->devs[i].is_pci && strlen(r->devs[i].name) == n + 5 &&
		    !strncmp(r->devs[i].name, "0000:", 5) && !strcmp(r->devs[i].name + 5, name))
			return (int)i;
	return -1;
}

size_t iot_sim_n_groups(const struct iot_sim_result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_groups; i++)
		n += r->groups[i].first >= 0;
	return n;
}
