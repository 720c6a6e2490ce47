// SPDX-License-Identifier: MIT
/* How Linux resolves an ID through DT, IORT and VIOT ID maps (kernel/idmap.h). */
#include "kernel/idmap.h"

#include <string.h>

const char *iot_map_semantics_name(enum iot_map_semantics sem)
{
	switch (sem) {
	case IOT_MAP_DT:
		return "dt";
	case IOT_MAP_IORT:
	case IOT_MAP_IORT_IOMMU_NODE:
		return "iort";
	case IOT_MAP_VIOT:
		return "viot";
	}
	return "?";
}

static void result_init(struct iot_map_result *res, uint32_t id, enum iot_map_semantics sem)
{
	memset(res, 0, sizeof(*res));
	res->status = IOT_MAP_NO_MATCH;
	res->out = id;
	res->target = -1;
	res->row = (size_t)-1;
	res->sem = sem;
}

static void result_set(struct iot_map_result *res, size_t i, const struct iot_map_row *r,
		       uint32_t out)
{
	res->status = IOT_MAP_OK;
	res->row = i;
	res->target = r->target;
	res->out = out;
}

/* Which rows of a map a lookup may use (NULL: all). */
typedef bool (*row_filter)(const struct iot_map_row *r, const void *ctx);

enum iot_map_status iot_of_map_id(const struct iot_idmap *m, uint32_t id,
				  struct iot_map_result *res)
{
	uint32_t mask = m->has_mask ? m->mask : 0xffffffffu;
	uint32_t masked = id & mask;

	result_init(res, id, IOT_MAP_DT);
	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];
		/* the kernel adds in u32 arithmetic; a wrapping end never matches */
		uint32_t end = r->in_base + (uint32_t)r->count;

		if (r->in_base & ~mask) {
			res->status = IOT_MAP_EFAULT;
			res->row = i;
			return res->status;
		}
		if (masked < r->in_base || masked >= end)
			continue;
		result_set(res, i, r, masked - r->in_base + r->out_base);
		return res->status;
	}
	return res->status;
}

/*
 * drivers/acpi/arm64/iort.c:iort_id_map, for one row.  Returns 0 on a
 * match, 1 on a tentative (last-ID) match, -1 on no match.
 */
static int iort_id_map(const struct iot_map_row *r, bool single_ok, uint32_t in, uint32_t *out,
		       bool check_overlap, bool *single_skipped)
{
	uint64_t id_count = r->count ? r->count - 1 : 0; /* the table's "number of IDs" */

	if (r->single) {
		if (single_ok) {
			*out = r->out_base;
			return 0;
		}
		*single_skipped = true;
		return -1;
	}
	if (in < r->in_base || (uint64_t)in > (uint64_t)r->in_base + id_count)
		return -1;
	/* a tentative match exists: only a range starting at @in overrides it */
	if (check_overlap && in != r->in_base)
		return -1;
	*out = r->out_base + (in - r->in_base);
	if (id_count > 0 && (uint64_t)in == (uint64_t)r->in_base + id_count)
		return 1;
	return 0;
}

static enum iot_map_status lookup_iort(const struct iot_idmap *m, bool single_ok, uint32_t id,
				       size_t skip, row_filter keep, const void *ctx,
				       struct iot_map_result *res)
{
	size_t tentative = (size_t)-1;
	uint32_t tentative_out = 0;

	for (size_t i = 0; i < m->n; i++) {
		uint32_t out = 0;
		int rc;

		if (i == skip || (keep && !keep(&m->rows[i], ctx)))
			continue;
		rc = iort_id_map(&m->rows[i], single_ok, id, &out, tentative != (size_t)-1,
				 &res->single_skipped);
		if (rc == 0) {
			result_set(res, i, &m->rows[i], out);
			res->overridden = tentative != (size_t)-1;
			return res->status;
		}
		if (rc == 1) {
			tentative = i;
			tentative_out = out;
		}
	}
	if (tentative != (size_t)-1) {
		result_set(res, tentative, &m->rows[tentative], tentative_out);
		res->tentative_used = true;
	}
	return res->status;
}

enum iot_map_status iot_iort_node_map_id(const struct iot_idmap *m, bool single_ok, uint32_t id,
					 size_t skip_row, struct iot_map_result *res)
{
	result_init(res, id, single_ok ? IOT_MAP_IORT : IOT_MAP_IORT_IOMMU_NODE);
	return lookup_iort(m, single_ok, id, skip_row, NULL, NULL, res);
}

/* drivers/acpi/viot.c: endpoints are list_add()ed, so the last row in table order wins. */
static enum iot_map_status lookup_viot(const struct iot_idmap *m, uint32_t id, row_filter keep,
				       const void *ctx, struct iot_map_result *res)
{
	for (size_t i = m->n; i-- > 0;) {
		const struct iot_map_row *r = &m->rows[i];

		if ((keep && !keep(r, ctx)) || id < r->in_base || (uint64_t)id > iot_row_last(r) ||
		    !r->count)
			continue;
		result_set(res, i, r, r->out_base + (id - r->in_base));
		return res->status;
	}
	return res->status;
}

enum iot_map_status iot_viot_map_id(const struct iot_idmap *m, uint32_t id,
				    struct iot_map_result *res)
{
	result_init(res, id, IOT_MAP_VIOT);
	return lookup_viot(m, id, NULL, NULL, res);
}

enum iot_map_status iot_idmap_lookup(const struct iot_idmap *m, enum iot_map_semantics sem,
				     uint32_t id, size_t skip_row, struct iot_map_result *res)
{
	switch (sem) {
	case IOT_MAP_DT:
		return iot_of_map_id(m, id, res);
	case IOT_MAP_IORT:
		return iot_iort_node_map_id(m, true, id, skip_row, res);
	case IOT_MAP_IORT_IOMMU_NODE:
		return iot_iort_node_map_id(m, false, id, skip_row, res);
	case IOT_MAP_VIOT:
		return iot_viot_map_id(m, id, res);
	}
	result_init(res, id, sem);
	return res->status;
}

int iot_iort_id_mapping_index(bool smmuv3, uint8_t node_revision, bool all_gsiv, uint32_t index,
			      uint32_t count, bool *overflow)
{
	if (overflow)
		*overflow = false;
	if (!smmuv3) /* ACPI_IORT_NODE_PMCG */
		return all_gsiv || !count ? -1 : 0;
	/* "SMMUv3 dev ID mapping index was introduced in revision 1" */
	if (node_revision < 1 || all_gsiv)
		return -1;
	if (index >= count) {
		if (overflow)
			*overflow = true; /* FW_BUG "ID mapping index overflows valid mappings" */
		return -1;
	}
	return (int)index;
}

/*
 * A row a VIOT gave: its provenance says so when the row was read from a
 * table; otherwise (YAML) its target does, since an IORT node cannot
 * reference a virtio-iommu and a VIOT endpoint nothing else.
 */
static bool row_to_virtio(const struct iot_map_row *r, const void *ctx)
{
	const struct iot_topology *t = ctx;

	if (r->loc.src == IOT_SRC_VIOT)
		return true;
	if (r->loc.src == IOT_SRC_IORT)
		return false;
	return r->target >= 0 && (size_t)r->target < t->n_iommus &&
	       iot_iommu_is_virtio(t->iommus[r->target].model);
}

static bool row_to_iort(const struct iot_map_row *r, const void *ctx)
{
	return !row_to_virtio(r, ctx);
}

enum iot_map_semantics iot_acpi_map_semantics(const struct iot_topology *t,
					      const struct iot_idmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (row_to_iort(&m->rows[i], t))
			return IOT_MAP_IORT;
	return m->n ? IOT_MAP_VIOT : IOT_MAP_IORT;
}

enum iot_map_status iot_acpi_map_rid(const struct iot_topology *t, const struct iot_idmap *m,
				     uint32_t rid, struct iot_map_result *res)
{
	bool viot = false;

	for (size_t i = 0; i < m->n && !viot; i++)
		viot = row_to_virtio(&m->rows[i], t);
	result_init(res, rid, IOT_MAP_IORT);
	if (lookup_iort(m, true, rid, (size_t)-1, row_to_iort, t, res) == IOT_MAP_OK || !viot)
		return res->status;
	/* iort_iommu_configure_id failed (-ENODEV): viot_iommu_configure */
	result_init(res, rid, IOT_MAP_VIOT);
	return lookup_viot(m, rid, row_to_virtio, t, res);
}

bool iot_acpi_row_is_viot(const struct iot_map_row *r, const void *t)
{
	return row_to_virtio(r, t);
}

bool iot_acpi_row_is_iort(const struct iot_map_row *r, const void *t)
{
	return row_to_iort(r, t);
}
