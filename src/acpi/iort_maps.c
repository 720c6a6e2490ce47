// SPDX-License-Identifier: MIT
/* Model objects behind IORT nodes, and the order their ID mappings are written in. */
#include <stdlib.h>
#include <string.h>

#include "acpi/iort_int.h"
#include "kernel/idmap.h"
#include "util/mem.h"

size_t iort_obj_count(const struct iot_topology *t, unsigned int type)
{
	switch (type) {
	case IOT_IORT_ITS:
		return t->n_msis;
	case IOT_IORT_NC:
	case IOT_IORT_IWB:
		return t->n_platdevs;
	case IOT_IORT_RC:
		return t->n_roots;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		return t->n_iommus;
	case IOT_IORT_PMCG:
		return t->n_pmcgs;
	case IOT_IORT_RMR:
		return t->n_rmrs;
	}
	return 0;
}

void *iort_obj(const struct iot_topology *t, unsigned int type, int idx)
{
	if (idx < 0 || (size_t)idx >= iort_obj_count(t, type))
		return NULL;
	switch (type) {
	case IOT_IORT_ITS:
		return &t->msis[idx];
	case IOT_IORT_NC:
	case IOT_IORT_IWB:
		return &t->platdevs[idx];
	case IOT_IORT_RC:
		return &t->roots[idx];
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		return &t->iommus[idx];
	case IOT_IORT_PMCG:
		return &t->pmcgs[idx];
	case IOT_IORT_RMR:
		return &t->rmrs[idx];
	}
	return NULL;
}

struct iot_fw_node *iort_obj_fw(const struct iot_topology *t, unsigned int type, int idx)
{
	void *o = iort_obj(t, type, idx);

	if (!o)
		return NULL;
	switch (type) {
	case IOT_IORT_ITS:
		return &((struct iot_msi *)o)->fw;
	case IOT_IORT_NC:
	case IOT_IORT_IWB:
		return &((struct iot_platdev *)o)->fw;
	case IOT_IORT_RC:
		return &((struct iot_pci_root *)o)->fw;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		return &((struct iot_iommu *)o)->fw;
	case IOT_IORT_PMCG:
		return &((struct iot_pmcg *)o)->fw;
	case IOT_IORT_RMR:
		return &((struct iot_rmr *)o)->fw;
	}
	return NULL;
}

const char *iort_obj_name(const struct iot_topology *t, unsigned int type, int idx)
{
	void *o = iort_obj(t, type, idx);
	const char *n = NULL;

	if (!o)
		return "?";
	switch (type) {
	case IOT_IORT_ITS:
		n = ((struct iot_msi *)o)->name;
		break;
	case IOT_IORT_NC:
	case IOT_IORT_IWB:
		n = ((struct iot_platdev *)o)->name;
		break;
	case IOT_IORT_RC:
		n = ((struct iot_pci_root *)o)->name;
		break;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		n = ((struct iot_iommu *)o)->name;
		break;
	case IOT_IORT_PMCG:
		n = ((struct iot_pmcg *)o)->name;
		break;
	case IOT_IORT_RMR:
		n = ((struct iot_rmr *)o)->name;
		break;
	}
	return n ? n : "?";
}

bool iort_iommu_in_iort(const struct iot_iommu *u)
{
	/*
	 * A disabled SMMU (DT status) has no IORT form: firmware leaves the node
	 * out, and with it the rows that lead to it, as of_iommu_xlate gives
	 * devices behind a disabled IOMMU no translation.
	 */
	if (u->status == IOT_STATUS_DISABLED)
		return false;
	return u->model == IOT_IOMMU_SMMUV3 || iot_iommu_is_smmuv2_family(u->model);
}

unsigned int iort_iommu_type(const struct iot_iommu *u)
{
	return u->model == IOT_IOMMU_SMMUV3 ? IOT_IORT_SMMUV3 : IOT_IORT_SMMU;
}

void iort_mrefs_free(struct iort_mrefs *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static struct iort_mref *add(struct iort_mrefs *m, uint8_t src, uint8_t map, uint32_t a, uint32_t b)
{
	struct iort_mref *r;

	iot_grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v));
	r = &m->v[m->n++];
	memset(r, 0, sizeof(*r));
	r->src = src;
	r->map = map;
	r->a = a;
	r->b = b;
	return r;
}

static bool iommu_ok(const struct iot_topology *t, int u)
{
	return u >= 0 && (size_t)u < t->n_iommus && iort_iommu_in_iort(&t->iommus[u]);
}

/* ITS groups only: a DT MSI controller of another type (a GICv2m frame...) has no IORT form. */
static bool msi_ok(const struct iot_topology *t, int m)
{
	return iort_is_its(t, m);
}

/*
 * A DT iommu-map-mask / msi-map-mask that clears any of the @bits input IDs
 * use: of_map_id masks the ID before the lookup, so many IDs share one
 * output, which no IORT ID mapping (a linear range) can say.
 */
bool iort_map_masked(const struct iot_idmap *im, uint32_t bits)
{
	return im->n && im->has_mask && (im->mask & bits) != bits;
}

bool iort_is_its(const struct iot_topology *t, int m)
{
	return m >= 0 && (size_t)m < t->n_msis && t->msis[m].type == IOT_MSI_GICV3_ITS;
}

static void add_rows(const struct iot_topology *t, struct iort_mrefs *out,
		     const struct iot_idmap *im, enum iort_mapsel sel)
{
	for (size_t r = 0; r < im->n; r++) {
		const struct iot_map_row *row = &im->rows[r];
		struct iort_mref *m;

		if (sel == IORT_MAP_IOMMU ? !iommu_ok(t, row->target) : !msi_ok(t, row->target))
			continue;
		m = add(out, IORT_MS_ROW, (uint8_t)sel, 0, (uint32_t)r);
		m->in_base = row->in_base;
		m->count = row->count;
		m->out_base = row->out_base;
		m->single = row->single;
		m->tidx = row->target;
		m->ttype = sel == IORT_MAP_IOMMU ? iort_iommu_type(&t->iommus[row->target]) :
						   IOT_IORT_ITS;
	}
}

static void add_devid(const struct iot_topology *t, struct iort_mrefs *out, int ctrl,
		      uint32_t devid, long *pos)
{
	struct iort_mref *m;

	if (!msi_ok(t, ctrl))
		return;
	if (pos)
		*pos = (long)out->n;
	m = add(out, IORT_MS_DEVID, 0, 0, 0);
	m->out_base = devid;
	m->ttype = IOT_IORT_ITS;
	m->tidx = ctrl;
	m->single = true;
}

/*
 * The first ID at or after @a that no range row to an IORT IOMMU covers
 * (b + 1 if none up to @b); *@end receives the last ID of that uncovered
 * run (up to @b).
 */
static uint64_t next_uncovered(const struct iot_topology *t, const struct iot_idmap *im, uint64_t a,
			       uint64_t b, uint64_t *end)
{
	uint64_t e = b;

	while (a <= b) {
		bool moved = false;

		for (size_t i = 0; i < im->n; i++) {
			const struct iot_map_row *r = &im->rows[i];

			if (!iommu_ok(t, r->target) || r->single || !r->count)
				continue;
			if (r->in_base <= a && a <= iot_row_last(r)) {
				a = iot_row_last(r) + 1;
				moved = true;
			}
		}
		if (!moved)
			break;
	}
	if (a > b)
		return a;
	for (size_t i = 0; i < im->n; i++) {
		const struct iot_map_row *r = &im->rows[i];

		if (!iommu_ok(t, r->target) || r->single || !r->count)
			continue;
		if (r->in_base > a && r->in_base - 1 < e)
			e = r->in_base - 1;
	}
	*end = e;
	return a;
}

/*
 * RC -> ITS rows for RIDs that reach the ITS without an SMMU.  A DT msi-map
 * covers every RID (DeviceIDs as the ITS sees them); in the IORT, RIDs
 * behind an SMMU reach the ITS through the SMMU's own mappings, so only the
 * parts of a row no SMMU row covers are written: input ranges of one node
 * do not overlap (iort.c:iort_id_map would take the first match anyway, but
 * the IORT lint checklist and our map-overlap rule flag the overlap).
 */
static void add_root_msi(const struct iot_topology *t, struct iort_mrefs *out,
			 const struct iot_pci_root *r)
{
	for (size_t i = 0; i < r->msi_map.n; i++) {
		const struct iot_map_row *row = &r->msi_map.rows[i];
		uint64_t lo, hi = 0, last;

		if (!msi_ok(t, row->target))
			continue;
		if (row->single || !row->count) {
			struct iort_mref *m = add(out, IORT_MS_ROW, IORT_MAP_MSI, 0, (uint32_t)i);

			m->in_base = row->in_base;
			m->count = row->count;
			m->out_base = row->out_base;
			m->single = row->single;
			m->tidx = row->target;
			m->ttype = IOT_IORT_ITS;
			continue;
		}
		last = iot_row_last(row);
		lo = row->in_base;
		while ((lo = next_uncovered(t, &r->iommu_map, lo, last, &hi)) <= last) {
			struct iort_mref *m = add(out, IORT_MS_ROW, IORT_MAP_MSI, 0, (uint32_t)i);

			m->in_base = (uint32_t)lo;
			m->count = hi - lo + 1;
			m->out_base = (uint32_t)(row->out_base + (lo - row->in_base));
			m->single = false;
			m->tidx = row->target;
			m->ttype = IOT_IORT_ITS;
			lo = hi + 1;
		}
	}
}

/*
 * An SMMU without stream-ID -> DeviceID rows gets them from the roots in
 * front of it: RID range -> stream IDs (iommu-map) composed with RID range
 * -> DeviceIDs (msi-map): an msi-map row gives the DeviceIDs the ITS sees
 * after the SMMU's own mappings (iort.c:iort_msi_map_id walks RC -> SMMU ->
 * ITS), so the SMMU's stream ID -> DeviceID rows are what turns one into
 * the other.
 */
static void derive_smmu_msi(const struct iot_topology *t, struct iort_mrefs *out, int smmu)
{
	for (size_t ri = 0; ri < t->n_roots; ri++) {
		const struct iot_pci_root *r = &t->roots[ri];

		if (iort_map_masked(&r->iommu_map, 0xffff) || iort_map_masked(&r->msi_map, 0xffff))
			continue;

		for (size_t i = 0; i < r->iommu_map.n; i++) {
			const struct iot_map_row *a = &r->iommu_map.rows[i];

			if (a->target != smmu || a->single || !a->count)
				continue;
			for (size_t j = 0; j < r->msi_map.n; j++) {
				const struct iot_map_row *mr = &r->msi_map.rows[j];
				struct iort_mref *m;
				uint64_t lo, hi;

				if (mr->single || !mr->count || !msi_ok(t, mr->target))
					continue;
				lo = a->in_base > mr->in_base ? a->in_base : mr->in_base;
				hi = iot_row_last(a) < iot_row_last(mr) ? iot_row_last(a) :
									  iot_row_last(mr);
				if (lo > hi)
					continue;
				m = add(out, IORT_MS_DERIVED, 0, 0, 0);
				m->in_base = (uint32_t)(a->out_base + (lo - a->in_base));
				m->count = hi - lo + 1;
				m->out_base = (uint32_t)(mr->out_base + (lo - mr->in_base));
				m->ttype = IOT_IORT_ITS;
				m->tidx = mr->target;
			}
		}
	}
}

void iort_canon_maps(const struct iot_topology *t, unsigned int type, int idx, bool verbatim,
		     struct iort_mrefs *out, long *devid_pos)
{
	out->n = 0;
	if (devid_pos)
		*devid_pos = -1;
	switch (type) {
	case IOT_IORT_NC:
	case IOT_IORT_IWB: {
		const struct iot_platdev *p = &t->platdevs[idx];

		for (size_t a = 0; a < p->n_iommus; a++) {
			const struct iot_dev_iommu *di = &p->iommus[a];

			if (!iommu_ok(t, di->iommu))
				continue;
			for (size_t b = 0; b < di->n_ids; b++) {
				struct iort_mref *m =
					add(out, IORT_MS_SID, 0, (uint32_t)a, (uint32_t)b);

				/* iort.c:iort_node_get_id: a named component's IDs are single mappings */
				m->out_base = di->ids[b].id;
				m->single = true;
				m->tidx = di->iommu;
				m->ttype = iort_iommu_type(&t->iommus[di->iommu]);
			}
		}
		add_rows(t, out, &p->iommu_map, IORT_MAP_IOMMU);
		add_devid(t, out, p->msi_controller, p->msi_device_id, devid_pos);
		add_rows(t, out, &p->msi_map, IORT_MAP_MSI);
		break;
	}
	case IOT_IORT_RC: {
		const struct iot_pci_root *r = &t->roots[idx];

		add_rows(t, out, &r->iommu_map, IORT_MAP_IOMMU);
		if (verbatim)
			add_rows(t, out, &r->msi_map, IORT_MAP_MSI);
		else
			add_root_msi(t, out, r);
		break;
	}
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3: {
		const struct iot_iommu *u = &t->iommus[idx];

		if (verbatim || u->msi_map.n)
			add_rows(t, out, &u->msi_map, IORT_MAP_MSI);
		else
			derive_smmu_msi(t, out, idx);
		add_devid(t, out, u->msi_controller, u->msi_device_id, devid_pos);
		break;
	}
	case IOT_IORT_PMCG: {
		const struct iot_pmcg *pm = &t->pmcgs[idx];

		add_devid(t, out, pm->msi_controller, pm->msi_device_id, devid_pos);
		add_rows(t, out, &pm->msi_map, IORT_MAP_MSI);
		break;
	}
	case IOT_IORT_RMR:
		add_rows(t, out, &t->rmrs[idx].ids, IORT_MAP_IOMMU);
		break;
	}
}

bool iort_smmuv3_uses_index(unsigned int rev, const struct iot_iommu *u, bool devid_valid)
{
	/* E.e (node revision 5) says by a flag; before it, Linux's rule (kernel/idmap.h) */
	if (rev >= 5)
		return devid_valid;
	return iot_iort_id_mapping_index(true, (uint8_t)rev,
					 u->irq_event && u->irq_pri && u->irq_gerror && u->irq_sync,
					 0, UINT32_MAX, NULL) >= 0;
}

uint32_t iort_smmuv3_devid_index(unsigned int rev, const struct iot_iommu *u, uint32_t n_maps,
				 long devid_pos)
{
	if (devid_pos >= 0)
		return (uint32_t)devid_pos;
	/*
	 * iort.c:iort_get_id_mapping_index uses the index of an SMMUv3 without
	 * all four GSIVs before node revision 5, and iort_node_map_id then skips
	 * that mapping: index 0 would hide the first stream-ID range.  Point
	 * past the array (Linux logs a firmware bug and uses no DeviceID).
	 */
	if (rev >= 1 && rev < 5 && n_maps &&
	    !(u->irq_event && u->irq_pri && u->irq_gerror && u->irq_sync))
		return n_maps;
	return 0;
}
