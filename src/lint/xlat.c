// SPDX-License-Identifier: MIT
#include "lint/xlat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

enum iot_map_semantics iot_lint_iommu_sem(const struct iot_topology *t, const struct iot_idmap *m,
					  enum iot_fw_kind fw)
{
	return fw == IOT_FW_ACPI ? iot_acpi_map_semantics(t, m) : IOT_MAP_DT;
}

struct tagged_row {
	struct iot_map_row row;
	size_t seq;
};

static int cmp_offset(const void *a, const void *b)
{
	const struct tagged_row *x = a, *y = b;

	if (x->row.loc.offset != y->row.loc.offset)
		return x->row.loc.offset < y->row.loc.offset ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * iort.c:iort_node_map_id walks all of an RC node's mappings in table order,
 * whether they lead to an SMMU or straight to an ITS; the model keeps them in
 * two maps, so rebuild the table order from the rows' byte offsets.
 */
static void build_combined(const struct iot_topology *t, const struct iot_pci_root *r,
			   struct iot_idmap *out)
{
	size_t n = r->iommu_map.n + r->msi_map.n, k = 0;
	struct tagged_row *v = iot_xcalloc(n ? n : 1, sizeof(*v));
	bool all_offsets = true;

	for (size_t i = 0; i < r->iommu_map.n; i++, k++) {
		v[k].row = r->iommu_map.rows[i];
		v[k].seq = k;
		all_offsets &= v[k].row.loc.has_offset;
	}
	for (size_t i = 0; i < r->msi_map.n; i++, k++) {
		v[k].row = r->msi_map.rows[i];
		v[k].row.target = r->msi_map.rows[i].target + (int)t->n_iommus;
		v[k].seq = k;
		all_offsets &= v[k].row.loc.has_offset;
	}
	if (all_offsets)
		qsort(v, n, sizeof(*v), cmp_offset);
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		*iot_idmap_add(out, 0, 0, 0, 0) = v[i].row;
	free(v);
}

bool iot_root_combined_map(const struct iot_topology *t, const struct iot_pci_root *r,
			   enum iot_fw_kind fw, struct iot_idmap *out)
{
	if (iot_lint_iommu_sem(t, &r->iommu_map, fw) != IOT_MAP_IORT || !r->msi_map.n)
		return false;
	build_combined(t, r, out);
	return true;
}

/* The SMMU's own ID mappings to an ITS (IORT SMMU node), compiled once per root walk. */
static void index_iommu_msi(struct iot_root_xlat *x, const struct iot_idmap *m)
{
	const struct iot_topology *t = x->t;

	for (size_t i = 0; i < m->n; i++) {
		int u = m->rows[i].target;

		if (u < 0 || (size_t)u >= t->n_iommus || !t->iommus[u].msi_map.n ||
		    x->ix_iommu_msi[u])
			continue;
		x->ix_iommu_msi[u] = iot_idmap_index_new(
			&t->iommus[u].msi_map, IOT_MAP_IORT_IOMMU_NODE, (size_t)-1, NULL, NULL);
	}
}

void iot_root_xlat_init(struct iot_root_xlat *x, const struct iot_topology *t,
			const struct iot_pci_root *r, enum iot_fw_kind fw)
{
	memset(x, 0, sizeof(*x));
	x->t = t;
	x->r = r;
	x->fw = fw;
	x->iommu_sem = iot_lint_iommu_sem(t, &r->iommu_map, fw);
	x->ix_iommu_msi = iot_xcalloc(t->n_iommus + 1, sizeof(*x->ix_iommu_msi));
	if (x->iommu_sem == IOT_MAP_IORT && r->msi_map.n) {
		build_combined(t, r, &x->combined);
		x->use_combined = true;
		x->ix_combined =
			iot_idmap_index_new(&x->combined, IOT_MAP_IORT, (size_t)-1, NULL, NULL);
	} else if (fw == IOT_FW_ACPI) {
		/* scan.c:acpi_iommu_configure_id: IORT rows, then VIOT rows */
		x->ix_iommu = iot_idmap_index_new(&r->iommu_map, IOT_MAP_IORT, (size_t)-1,
						  iot_acpi_row_is_iort, t);
		x->ix_viot = iot_idmap_index_new(&r->iommu_map, IOT_MAP_VIOT, (size_t)-1,
						 iot_acpi_row_is_viot, t);
	} else {
		x->ix_iommu =
			iot_idmap_index_new(&r->iommu_map, IOT_MAP_DT, (size_t)-1, NULL, NULL);
	}
	if (r->msi_map.n)
		x->ix_msi = iot_idmap_index_new(&r->msi_map,
						fw == IOT_FW_ACPI ? IOT_MAP_IORT : IOT_MAP_DT,
						(size_t)-1, NULL, NULL);
	index_iommu_msi(x, x->use_combined ? &x->combined : &r->iommu_map);
}

void iot_root_xlat_free(struct iot_root_xlat *x)
{
	iot_idmap_free(&x->combined);
	iot_idmap_index_free(x->ix_combined);
	iot_idmap_index_free(x->ix_iommu);
	iot_idmap_index_free(x->ix_viot);
	iot_idmap_index_free(x->ix_msi);
	for (size_t i = 0; x->ix_iommu_msi && i < x->t->n_iommus; i++)
		iot_idmap_index_free(x->ix_iommu_msi[i]);
	free(x->ix_iommu_msi);
	memset(x, 0, sizeof(*x));
}

/* The SMMU's own ID mappings to an ITS (IORT SMMU node), if it has any. */
static bool iommu_msi(const struct iot_root_xlat *x, int u, uint32_t sid, struct iot_rid_xlat *o)
{
	struct iot_map_result res;

	if (!x->ix_iommu_msi[u])
		return false;
	if (iot_idmap_index_lookup(x->ix_iommu_msi[u], sid, &res) == IOT_MAP_OK) {
		o->msi = res.target;
		o->devid = res.out;
	}
	return true;
}

static void xlat_combined(const struct iot_root_xlat *x, uint32_t rid, struct iot_rid_xlat *o)
{
	const struct iot_topology *t = x->t;
	struct iot_map_result res;

	if (iot_idmap_index_lookup(x->ix_combined, rid, &res) != IOT_MAP_OK)
		return;
	if ((size_t)res.target >= t->n_iommus) {
		o->msi = res.target - (int)t->n_iommus;
		o->devid = res.out;
		return;
	}
	o->iommu = res.target;
	o->sid = res.out;
	if (!iommu_msi(x, o->iommu, o->sid, o) &&
	    iot_idmap_index_lookup(x->ix_msi, rid, &res) == IOT_MAP_OK) {
		o->msi = res.target;
		o->devid = res.out;
	}
}

void iot_root_xlat(const struct iot_root_xlat *x, uint32_t rid, struct iot_rid_xlat *o)
{
	const struct iot_pci_root *r = x->r;
	struct iot_map_result res;
	enum iot_map_status st;

	memset(o, 0, sizeof(*o));
	o->iommu = IOT_NONE;
	o->msi = IOT_NONE;
	o->masked = r->iommu_map.has_mask ? rid & r->iommu_map.mask : rid;
	if (x->use_combined) {
		xlat_combined(x, rid, o);
		return;
	}
	st = iot_idmap_index_lookup(x->ix_iommu, rid, &res);
	/* scan.c:acpi_iommu_configure_id: VIOT only when IORT gives no translation */
	if (st != IOT_MAP_OK && x->ix_viot)
		st = iot_idmap_index_lookup(x->ix_viot, rid, &res);
	if (st == IOT_MAP_EFAULT)
		o->efault = true;
	if (st == IOT_MAP_OK) {
		o->iommu = res.target;
		o->sid = res.out;
	}
	if (x->ix_msi) {
		if (iot_idmap_index_lookup(x->ix_msi, rid, &res) == IOT_MAP_OK) {
			o->msi = res.target;
			o->devid = res.out;
		}
	} else if (o->iommu != IOT_NONE) {
		iommu_msi(x, o->iommu, o->sid, o);
	}
}

static void next_of(const struct iot_idmap_index *ix, uint32_t id, uint64_t *best)
{
	uint64_t n = ix ? iot_idmap_index_next(ix, id) : UINT64_MAX;

	if (n < *best)
		*best = n;
}

uint64_t iot_root_xlat_next(const struct iot_root_xlat *x, uint32_t rid,
			    const struct iot_rid_xlat *o)
{
	uint64_t best = 0x100000000ull;

	/* a map mask folds RIDs: each may land elsewhere (index_next says rid + 1) */
	next_of(x->ix_combined, rid, &best);
	next_of(x->ix_iommu, rid, &best);
	next_of(x->ix_viot, rid, &best);
	next_of(x->ix_msi, rid, &best);
	/* the SMMU's own ID mappings split the stream IDs further */
	if (o->iommu != IOT_NONE && x->ix_iommu_msi[o->iommu]) {
		uint64_t sbest = iot_idmap_index_next(x->ix_iommu_msi[o->iommu], o->sid);

		if (sbest - o->sid + rid < best)
			best = sbest - o->sid + rid;
	}
	return best > rid ? best : (uint64_t)rid + 1;
}

void iot_fmt_range(char *buf, size_t n, const char *what, uint64_t a, uint64_t b)
{
	if (a == b)
		snprintf(buf, n, "%s 0x%llx", what, (unsigned long long)a);
	else
		snprintf(buf, n, "%ss 0x%llx-0x%llx", what, (unsigned long long)a,
			 (unsigned long long)b);
}
