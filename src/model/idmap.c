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
