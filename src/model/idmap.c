// SPDX-License-Identifier: MIT
#include "model/idmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void iot_idmap_free(struct iot_idmap *m)
{
	free(m->rows);
	memset(m, 0, sizeof(*m));
}

struct iot_map_row *iot_idmap_add(struct iot_idmap *m, uint32_t in_base, uint64_t count, int target,
				  uint32_t out_base)
{
	struct iot_map_row *r;

	iot_grow((void **)&m->rows, &m->cap, m->n + 1, sizeof(*m->rows));
	r = &m->rows[m->n++];
	memset(r, 0, sizeof(*r));
	r->in_base = in_base;
	r->count = count;
	r->target = target;
	r->out_base = out_base;
	return r;
}

void iot_idmap_copy(struct iot_idmap *dst, const struct iot_idmap *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->has_mask = src->has_mask;
	dst->mask = src->mask;
	dst->dt_spec_cells = src->dt_spec_cells;
	for (size_t i = 0; i < src->n; i++)
		*iot_idmap_add(dst, 0, 0, 0, 0) = src->rows[i];
}

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

static void result_init(struct iot_map_result *res, uint32_t id)
{
	memset(res, 0, sizeof(*res));
	res->status = IOT_MAP_NO_MATCH;
	res->out = id;
	res->target = -1;
	res->row = (size_t)-1;
}

static void result_set(struct iot_map_result *res, size_t i, const struct iot_map_row *r,
		       uint32_t out)
{
	res->status = IOT_MAP_OK;
	res->row = i;
	res->target = r->target;
	res->out = out;
}

/* drivers/of/base.c:of_map_id (the IOMMU path: target starts NULL). */
static enum iot_map_status lookup_dt(const struct iot_idmap *m, uint32_t id,
				     struct iot_map_result *res)
{
	uint32_t mask = m->has_mask ? m->mask : 0xffffffffu;
	uint32_t masked = id & mask;

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

/* drivers/acpi/arm64/iort.c:iort_node_map_id, the loop over one node. */
static enum iot_map_status lookup_iort(const struct iot_idmap *m, bool single_ok, uint32_t id,
				       size_t skip, struct iot_map_result *res)
{
	size_t tentative = (size_t)-1;
	uint32_t tentative_out = 0;

	for (size_t i = 0; i < m->n; i++) {
		uint32_t out = 0;
		int rc;

		if (i == skip)
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

/* drivers/acpi/viot.c: endpoints are list_add()ed, so the last row in table order wins. */
static enum iot_map_status lookup_viot(const struct iot_idmap *m, uint32_t id,
				       struct iot_map_result *res)
{
	for (size_t i = m->n; i-- > 0;) {
		const struct iot_map_row *r = &m->rows[i];

		if (id < r->in_base || (uint64_t)id > iot_row_last(r) || !r->count)
			continue;
		result_set(res, i, r, r->out_base + (id - r->in_base));
		return res->status;
	}
	return res->status;
}

enum iot_map_status iot_idmap_lookup(const struct iot_idmap *m, enum iot_map_semantics sem,
				     uint32_t id, size_t skip_row, struct iot_map_result *res)
{
	result_init(res, id);
	switch (sem) {
	case IOT_MAP_DT:
		return lookup_dt(m, id, res);
	case IOT_MAP_IORT:
		return lookup_iort(m, true, id, skip_row, res);
	case IOT_MAP_IORT_IOMMU_NODE:
		return lookup_iort(m, false, id, skip_row, res);
	case IOT_MAP_VIOT:
		return lookup_viot(m, id, res);
	}
	return res->status;
}
