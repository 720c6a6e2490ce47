// SPDX-License-Identifier: MIT
#include "report/summary.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static const char *nm(const char *name)
{
	return name ? name : "(unnamed)";
}

/* One ID range an IOMMU receives, and who sends it. */
struct use {
	uint64_t lo, hi;
	uint32_t mask;
	bool has_mask;
	char *who;
};

struct uses {
	struct use *v;
	size_t n, cap;
};

static void add_use(struct uses *u, uint64_t lo, uint64_t hi, char *who)
{
	iot_grow((void **)&u->v, &u->cap, u->n + 1, sizeof(*u->v));
	u->v[u->n].lo = lo;
	u->v[u->n].hi = hi;
	u->v[u->n].has_mask = false;
	u->v[u->n++].who = who;
}

static int cmp_use(const void *a, const void *b)
{
	const struct use *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->hi < y->hi ? -1 : x->hi > y->hi;
}

static void collect_map(struct uses *u, const struct iot_idmap *m, int target, const char *owner,
			const char *what)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];

		if (r->target != target || iot_row_is_placeholder(r))
			continue;
		if (r->single)
			add_use(u, r->out_base, r->out_base,
				iot_asprintf("%s (%s single mapping)", owner, what));
		else
			add_use(u, r->out_base, (uint64_t)r->out_base + r->count - 1,
				iot_asprintf("%s (%s 0x%x-0x%llx)", owner, what, r->in_base,
					     (unsigned long long)iot_row_last(r)));
	}
}

static void iommu_uses(const struct iot_topology *t, int idx, struct iot_buf *out)
{
	struct uses u = { 0 };

	for (size_t i = 0; i < t->n_roots; i++)
		collect_map(&u, &t->roots[i].iommu_map, idx, nm(t->roots[i].name), "rids");
	for (size_t i = 0; i < t->n_rmrs; i++)
		collect_map(&u, &t->rmrs[i].ids, idx, nm(t->rmrs[i].name), "rmr ids");
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		for (size_t j = 0; j < p->n_iommus; j++) {
			if (p->iommus[j].iommu != idx)
				continue;
			for (size_t k = 0; k < p->iommus[j].n_ids; k++) {
				const struct iot_sid *s = &p->iommus[j].ids[k];

				add_use(&u, s->id, s->id, iot_strdup(nm(p->name)));
				u.v[u.n - 1].has_mask = s->has_mask;
				u.v[u.n - 1].mask = s->mask;
			}
		}
	}
	if (u.n)
		qsort(u.v, u.n, sizeof(*u.v), cmp_use);
	for (size_t i = 0; i < u.n; i++) {
		char ids[64];

		if (u.v[i].has_mask)
			snprintf(ids, sizeof(ids), "0x%llx mask 0x%x",
				 (unsigned long long)u.v[i].lo, u.v[i].mask);
		else if (u.v[i].lo == u.v[i].hi)
			snprintf(ids, sizeof(ids), "0x%llx", (unsigned long long)u.v[i].lo);
		else
			snprintf(ids, sizeof(ids), "0x%llx-0x%llx", (unsigned long long)u.v[i].lo,
				 (unsigned long long)u.v[i].hi);
		iot_buf_printf(out, "    ids %-22s %s\n", ids, u.v[i].who);
		free(u.v[i].who);
	}
	if (!u.n)
		iot_buf_adds(out, "    no IDs in use\n");
	free(u.v);
}

static void print_map(struct iot_buf *out, const char *what, const struct iot_idmap *m,
		      const struct iot_topology *t, bool msi)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];
		const char *tn = NULL;

		if (msi && r->target >= 0 && (size_t)r->target < t->n_msis)
			tn = t->msis[r->target].name;
		else if (!msi && r->target >= 0 && (size_t)r->target < t->n_iommus)
			tn = t->iommus[r->target].name;
		if (r->single)
			iot_buf_printf(out, "    %-9s single -> %s 0x%x\n", what, nm(tn),
				       r->out_base);
		else if (iot_row_is_placeholder(r))
			iot_buf_printf(
				out,
				"    %-9s rid 0x%04x -> %s 0x%x, length 0: a placeholder the "
				"bootloader fills in\n",
				what, r->in_base, nm(tn), r->out_base);
		else
			iot_buf_printf(out, "    %-9s rids 0x%04x-0x%04llx -> %s 0x%x-0x%llx\n",
				       what, r->in_base, (unsigned long long)iot_row_last(r),
				       nm(tn), r->out_base,
				       (unsigned long long)r->out_base + r->count - 1);
	}
	if (m->has_mask)
		iot_buf_printf(out, "    %-9s mask 0x%x\n", what, m->mask);
}

void iot_summary(const struct iot_topology *t, struct iot_buf *out)
{
	size_t n_fns = 0;

	if (t->machine.name)
		iot_buf_printf(out, "machine %s\n", t->machine.name);
	iot_buf_printf(out, "msi-controllers: %zu\n", t->n_msis);
	for (size_t i = 0; i < t->n_msis; i++)
		iot_buf_printf(out, "  %-14s gicv3-its  base 0x%llx\n", nm(t->msis[i].name),
			       (unsigned long long)t->msis[i].base);
	iot_buf_printf(out, "iommus: %zu\n", t->n_iommus);
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		iot_buf_printf(out, "  %-14s %-17s", nm(u->name), iot_iommu_model_name(u->model));
		if (u->model == IOT_IOMMU_VIRTIO_PCI)
			iot_buf_printf(out, " pci %04x:%02x:%02x.%x", u->pci_segment,
				       u->pci_bdf >> 8, (u->pci_bdf >> 3) & 0x1f, u->pci_bdf & 7);
		else
			iot_buf_printf(out, " base 0x%llx", (unsigned long long)u->base);
		if (u->status != IOT_STATUS_OKAY)
			iot_buf_printf(out, "  %s", iot_status_name(u->status));
		iot_buf_addc(out, '\n');
		iommu_uses(t, (int)i, out);
	}
	iot_buf_printf(out, "pci-roots: %zu\n", t->n_roots);
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		iot_buf_printf(out, "  %-14s segment %u  buses %02x-%02x", nm(r->name), r->segment,
			       r->bus_start, r->bus_end);
		if (r->ecam)
			iot_buf_printf(out, "  ecam 0x%llx", (unsigned long long)r->ecam);
		iot_buf_printf(out, "  %zu PCI function%s", r->n_devs, r->n_devs == 1 ? "" : "s");
		if (!r->iommu_map.n)
			iot_buf_adds(out, "  no iommu-map: bypass");
		iot_buf_addc(out, '\n');
		print_map(out, "iommu-map", &r->iommu_map, t, false);
		print_map(out, "msi-map", &r->msi_map, t, true);
		n_fns += r->n_devs;
	}
	iot_buf_printf(out, "platform-devices: %zu\n", t->n_platdevs);
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		iot_buf_printf(out, "  %-14s", nm(p->name));
		for (size_t j = 0; j < p->n_iommus; j++) {
			int u = p->iommus[j].iommu;

			iot_buf_printf(out, " %s:",
				       u >= 0 && (size_t)u < t->n_iommus ? nm(t->iommus[u].name) :
									   "?");
			for (size_t k = 0; k < p->iommus[j].n_ids; k++)
				iot_buf_printf(out, "%s0x%x", k ? "," : "", p->iommus[j].ids[k].id);
		}
		if (!p->n_iommus)
			iot_buf_adds(out, " no IOMMU");
		iot_buf_addc(out, '\n');
	}
	if (t->n_pmcgs)
		iot_buf_printf(out, "pmcgs: %zu\n", t->n_pmcgs);
	if (t->n_rmrs)
		iot_buf_printf(out, "rmrs: %zu\n", t->n_rmrs);
	iot_buf_printf(out, "pci functions: %zu\n", n_fns);
}
