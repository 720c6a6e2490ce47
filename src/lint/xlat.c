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
static void build_combined(struct iot_root_xlat *x)
{
	const struct iot_pci_root *r = x->r;
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
		v[k].row.target = r->msi_map.rows[i].target + (int)x->t->n_iommus;
		v[k].seq = k;
		all_offsets &= v[k].row.loc.has_offset;
	}
	if (all_offsets)
		qsort(v, n, sizeof(*v), cmp_offset);
	memset(&x->combined, 0, sizeof(x->combined));
	for (size_t i = 0; i < n; i++)
		*iot_idmap_add(&x->combined, 0, 0, 0, 0) = v[i].row;
	free(v);
}

void iot_root_xlat_init(struct iot_root_xlat *x, const struct iot_topology *t,
			const struct iot_pci_root *r, enum iot_fw_kind fw)
{
	memset(x, 0, sizeof(*x));
	x->t = t;
	x->r = r;
	x->fw = fw;
	x->iommu_sem = iot_lint_iommu_sem(t, &r->iommu_map, fw);
	if (x->iommu_sem == IOT_MAP_IORT && r->msi_map.n) {
		build_combined(x);
		x->use_combined = true;
	}
}

void iot_root_xlat_free(struct iot_root_xlat *x)
{
	iot_idmap_free(&x->combined);
}

static enum iot_map_semantics msi_sem(const struct iot_root_xlat *x)
{
	return x->fw == IOT_FW_ACPI ? IOT_MAP_IORT : IOT_MAP_DT;
}

/* The SMMU's own ID mappings to an ITS (IORT SMMU node), if it has any. */
static bool iommu_msi(const struct iot_topology *t, int u, uint32_t sid, struct iot_rid_xlat *o)
{
	struct iot_map_result res;

	if (!t->iommus[u].msi_map.n)
		return false;
	if (iot_idmap_map(&t->iommus[u].msi_map, IOT_MAP_IORT_IOMMU_NODE, sid, &res) ==
	    IOT_MAP_OK) {
		o->msi = res.target;
		o->devid = res.out;
	}
	return true;
}

static void xlat_combined(const struct iot_root_xlat *x, uint32_t rid, struct iot_rid_xlat *o)
{
	const struct iot_topology *t = x->t;
	struct iot_map_result res;

	if (iot_idmap_map(&x->combined, IOT_MAP_IORT, rid, &res) != IOT_MAP_OK)
		return;
	if ((size_t)res.target >= t->n_iommus) {
		o->msi = res.target - (int)t->n_iommus;
		o->devid = res.out;
		return;
	}
	o->iommu = res.target;
	o->sid = res.out;
	if (!iommu_msi(t, o->iommu, o->sid, o) &&
	    iot_idmap_map(&x->r->msi_map, IOT_MAP_IORT, rid, &res) == IOT_MAP_OK) {
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
	/* scan.c:acpi_iommu_configure_id: IORT rows, then VIOT rows */
	st = x->fw == IOT_FW_ACPI ? iot_acpi_map_rid(x->t, &r->iommu_map, rid, &res) :
				    iot_of_map_id(&r->iommu_map, rid, &res);
	if (st == IOT_MAP_EFAULT)
		o->efault = true;
	if (st == IOT_MAP_OK) {
		o->iommu = res.target;
		o->sid = res.out;
	}
	if (r->msi_map.n) {
		if (iot_idmap_map(&r->msi_map, msi_sem(x), rid, &res) == IOT_MAP_OK) {
			o->msi = res.target;
			o->devid = res.out;
		}
	} else if (o->iommu != IOT_NONE) {
		iommu_msi(x->t, o->iommu, o->sid, o);
	}
}

static void next_of_map(const struct iot_idmap *m, uint64_t id, uint64_t *best)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];
		uint64_t b[3] = { r->in_base, iot_row_last(r), iot_row_last(r) + 1 };

		if (r->single)
			continue;
		for (int k = 0; k < 3; k++)
			if (b[k] > id && b[k] < *best)
				*best = b[k];
	}
}

static bool folds(const struct iot_idmap *m)
{
	return m->has_mask && m->mask != 0xffffffffu;
}

/* An IORT single mapping gives every input ID one output: no run is linear through it. */
static bool has_single(const struct iot_idmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->rows[i].single)
			return true;
	return false;
}

uint64_t iot_root_xlat_next(const struct iot_root_xlat *x, uint32_t rid,
			    const struct iot_rid_xlat *o)
{
	const struct iot_pci_root *r = x->r;
	uint64_t best = 0x100000000ull;

	if (folds(&r->iommu_map) || folds(&r->msi_map) || has_single(&r->iommu_map) ||
	    has_single(&r->msi_map))
		return (uint64_t)rid + 1;
	if (x->use_combined)
		next_of_map(&x->combined, rid, &best);
	next_of_map(&r->iommu_map, rid, &best);
	next_of_map(&r->msi_map, rid, &best);
	/* the SMMU's own ID mappings split the stream IDs further */
	if (o->iommu != IOT_NONE && x->t->iommus[o->iommu].msi_map.n) {
		uint64_t sbest = UINT64_MAX;

		next_of_map(&x->t->iommus[o->iommu].msi_map, o->sid, &sbest);
		if (sbest != UINT64_MAX && sbest - o->sid + rid < best)
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
