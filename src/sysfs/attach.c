// SPDX-License-Identifier: MIT
#include "sysfs/attach.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct iot_pci_func *iot_pci_funcs_add(struct iot_pci_funcs *f)
{
	struct iot_pci_func *x;

	iot_grow((void **)&f->v, &f->cap, f->n + 1, sizeof(*f->v));
	x = &f->v[f->n++];
	memset(x, 0, sizeof(*x));
	x->dev.parent = IOT_NONE;
	return x;
}

void iot_pci_funcs_free(struct iot_pci_funcs *f)
{
	for (size_t i = 0; i < f->n; i++)
		iot_pci_dev_free(&f->v[i].dev);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static int cmp_func(const void *a, const void *b)
{
	const struct iot_pci_func *x = a, *y = b;
	uint64_t kx = iot_pci_func_key(x->seg, x->bus, x->devfn);
	uint64_t ky = iot_pci_func_key(y->seg, y->bus, y->devfn);

	return kx < ky ? -1 : kx > ky;
}

void iot_pci_funcs_sort(struct iot_pci_funcs *f)
{
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_func);
}

size_t iot_pci_funcs_find(const struct iot_pci_funcs *f, uint32_t seg, uint8_t bus, uint8_t devfn)
{
	uint64_t key = iot_pci_func_key(seg, bus, devfn);
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k = iot_pci_func_key(f->v[mid].seg, f->v[mid].bus, f->v[mid].devfn);

		if (k == key)
			return mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* Its strings now belong to the model's copy. */
static void moved(struct iot_pci_dev *dev)
{
	dev->driver = dev->slot = dev->host_use_what = NULL;
}

/*
 * The model root for a segment's functions.  Firmware keys host bridges by
 * segment (iort.c:iort_match_node_callback compares the PCI segment;
 * viot.c matches segment and BDF range; each DT host controller gets its
 * own domain, pci.c:of_get_pci_domain_nr), so one root per segment: the
 * one whose bus range holds the lowest host bridge bus, else the first with
 * that segment, else a new "pciSSSS" with no ID maps.
 */
static size_t target_root(struct iot_pci_attach *c, uint32_t seg, uint8_t host_bus, bool *created)
{
	size_t first = SIZE_MAX;

	*created = false;
	for (size_t i = 0; i < c->t->n_roots; i++) {
		const struct iot_pci_root *r = &c->t->roots[i];

		if (r->segment != seg)
			continue;
		if (host_bus >= r->bus_start && host_bus <= r->bus_end)
			return i;
		if (first == SIZE_MAX)
			first = i;
	}
	if (first != SIZE_MAX)
		return first;
	if (c->n_roots_before) {
		struct iot_loc loc = iot_loc_text(c->where, 0, 0);

		iot_diag(c->d, IOT_SEV_NOTE, &loc, NULL,
			 "no firmware PCI root for segment %u: its functions go to a new root "
			 "pci%04x with no ID maps",
			 seg, seg);
	}
	{
		struct iot_pci_root *r = iot_add_root(c->t);

		r->name = iot_asprintf("pci%04x", seg);
		r->segment = (uint16_t)seg;
		r->bus_start = host_bus;
		r->bus_end = host_bus;
	}
	*created = true;
	return c->t->n_roots - 1;
}

/* Move the functions a root already has into @f so they are ordered with the new ones. */
static void take_existing(const struct iot_pci_funcs *existing_of, struct iot_pci_funcs *f,
			  struct iot_pci_root *r)
{
	for (size_t i = 0; i < r->n_devs; i++) {
		struct iot_pci_dev *dev = &r->devs[i];
		struct iot_pci_func *fn;

		if (iot_pci_funcs_find(existing_of, r->segment, dev->bus, dev->devfn) != SIZE_MAX) {
			iot_pci_dev_free(dev); /* replaced by what sysfs says */
			continue;
		}
		fn = iot_pci_funcs_add(f);
		fn->seg = r->segment;
		fn->bus = dev->bus;
		fn->devfn = dev->devfn;
		fn->host_bus = dev->bus;
		fn->dev = *dev;
		if (dev->parent >= 0 && (size_t)dev->parent < r->n_devs) {
			fn->has_parent = true;
			fn->pbus = r->devs[dev->parent].bus;
			fn->pdevfn = r->devs[dev->parent].devfn;
		}
	}
	free(r->devs);
	r->devs = NULL;
	r->n_devs = r->cap_devs = 0;
}

/*
 * The model's order (model.h): depth-first by BDF, a bridge followed by the
 * functions below it, as bus.c:pci_walk_bus visits them.  (The kernel's
 * device_add order differs: a whole bus before its child buses; deriving
 * that is the simulator's job.)  @f is sorted; functions never reached from
 * the root bus (parents that form a loop) are reported.
 */
static void order_into_root(struct iot_pci_attach *c, struct iot_pci_funcs *f,
			    struct iot_pci_root *r)
{
	size_t *stack, sp = 0;
	int next = 0;

	for (size_t i = 0; i < f->n; i++) {
		f->v[i].parent = f->v[i].first_child = f->v[i].next_sibling = SIZE_MAX;
		f->v[i].last_child = SIZE_MAX;
		f->v[i].new_index = IOT_NONE;
	}
	for (size_t i = 0; i < f->n; i++) {
		struct iot_pci_func *fn = &f->v[i];
		size_t p;

		if (!fn->has_parent)
			continue;
		p = iot_pci_funcs_find(f, fn->seg, fn->pbus, fn->pdevfn);
		if (p == SIZE_MAX || p == i) {
			struct iot_loc loc =
				fn->dev.loc.file ? fn->dev.loc : iot_loc_text(c->where, 0, 0);
			char a[8], b[8];

			iot_bdf_format(a, fn->bus, fn->devfn);
			iot_bdf_format(b, fn->pbus, fn->pdevfn);
			iot_warning(c->d, &loc,
				    "%s: parent bridge %s is not a PCI function here; "
				    "placed on the root bus",
				    a, b);
			fn->has_parent = false;
			continue;
		}
		fn->parent = p;
		if (f->v[p].last_child == SIZE_MAX)
			f->v[p].first_child = i;
		else
			f->v[f->v[p].last_child].next_sibling = i;
		f->v[p].last_child = i;
	}
	iot_grow((void **)&r->devs, &r->cap_devs, f->n ? f->n : 1, sizeof(*r->devs));
	stack = iot_xmalloc((f->n + 1) * sizeof(*stack));
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].has_parent)
			continue;
		stack[sp++] = i;
		while (sp) {
			size_t x = stack[--sp];
			struct iot_pci_func *fn = &f->v[x];
			size_t kids = 0;

			fn->new_index = next++;
			r->devs[fn->new_index] = fn->dev;
			r->devs[fn->new_index].parent =
				fn->parent == SIZE_MAX ? IOT_NONE : f->v[fn->parent].new_index;
			moved(&fn->dev);
			/* push children in reverse so the lowest BDF comes out first */
			for (size_t ch = fn->first_child; ch != SIZE_MAX;
			     ch = f->v[ch].next_sibling)
				kids++;
			sp += kids;
			{
				size_t j = sp;

				for (size_t ch = fn->first_child; ch != SIZE_MAX;
				     ch = f->v[ch].next_sibling)
					stack[--j] = ch;
			}
		}
	}
	r->n_devs = (size_t)next;
	for (size_t i = 0; i < f->n; i++) {
		struct iot_pci_func *fn = &f->v[i];
		char a[8];

		if (fn->new_index != IOT_NONE)
			continue;
		iot_bdf_format(a, fn->bus, fn->devfn);
		{
			struct iot_loc loc =
				fn->dev.loc.file ? fn->dev.loc : iot_loc_text(c->where, 0, 0);

			iot_error(c->d, &loc,
				  "%s: its parent bridges form a loop; function dropped", a);
		}
		c->rc = -1;
	}
	free(stack);
}

/* Bus range of a root made here: the host bridges' buses through the highest subordinate. */
static void widen_bus_range(struct iot_pci_root *r, const struct iot_pci_funcs *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct iot_pci_func *fn = &f->v[i];
		uint8_t hi = fn->bus;

		if (!fn->has_parent && fn->host_bus < r->bus_start)
			r->bus_start = fn->host_bus;
		if (iot_pci_type_is_bridge(fn->dev.type) && fn->dev.subordinate > hi)
			hi = fn->dev.subordinate;
		if (hi > r->bus_end)
			r->bus_end = hi;
	}
}

/* Place the functions of segment @seg (all->v[lo..hi)) into their model root. */
static void attach_segment(struct iot_pci_attach *c, struct iot_pci_funcs *all, size_t lo,
			   size_t hi)
{
	struct iot_pci_funcs seg = { 0 };
	uint8_t host_bus = 0xff;
	bool created;
	size_t ri;

	for (size_t i = lo; i < hi; i++)
		if (!all->v[i].has_parent && all->v[i].host_bus < host_bus)
			host_bus = all->v[i].host_bus;
	ri = target_root(c, all->v[lo].seg, host_bus == 0xff ? 0 : host_bus, &created);
	if (!c->t->roots[ri].n_devs) {
		/* nothing to merge with: the slice is in key order already, order it in place */
		struct iot_pci_funcs slice = { .v = all->v + lo, .n = hi - lo };

		if (created)
			widen_bus_range(&c->t->roots[ri], &slice);
		order_into_root(c, &slice, &c->t->roots[ri]);
		return;
	}
	for (size_t i = lo; i < hi; i++) {
		*iot_pci_funcs_add(&seg) = all->v[i];
		moved(&all->v[i].dev);
	}
	take_existing(all, &seg, &c->t->roots[ri]);
	iot_pci_funcs_sort(&seg);
	if (created)
		widen_bus_range(&c->t->roots[ri], &seg);
	order_into_root(c, &seg, &c->t->roots[ri]);
	iot_pci_funcs_free(&seg);
}

void iot_pci_attach(struct iot_pci_attach *c, struct iot_pci_funcs *f)
{
	for (size_t lo = 0, hi; lo < f->n; lo = hi) {
		for (hi = lo + 1; hi < f->n && f->v[hi].seg == f->v[lo].seg; hi++)
			;
		attach_segment(c, f, lo, hi);
	}
}
