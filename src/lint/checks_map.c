// SPDX-License-Identifier: MIT
/* Model rules over the rows of one ID map (iommu-map, msi-map, IORT ID mappings, VIOT ranges). */
#include <stdio.h>
#include <stdlib.h>

#include "lint/checks.h"
#include "lint/xlat.h"
#include "util/mem.h"

struct map_ref {
	const struct iot_idmap *m;
	const char *owner_kind;
	const char *owner;
	const char *map_name;
	enum iot_map_semantics sem;
};

typedef void (*map_fn)(struct iot_lint_run *run, const struct map_ref *ref);

/* Every translating map of the topology: roots' iommu-map and msi-map, SMMUs' ITS mappings. */
static void for_each_map(struct iot_lint_run *run, map_fn fn)
{
	const struct iot_topology *t = run->t;
	enum iot_map_semantics msi = run->fw == IOT_FW_ACPI ? IOT_MAP_IORT : IOT_MAP_DT;

	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		struct map_ref a = { &r->iommu_map, "root", r->name, "iommu-map",
				     iot_lint_iommu_sem(t, &r->iommu_map, run->fw) };
		struct map_ref b = { &r->msi_map, "root", r->name, "msi-map", msi };
		struct iot_idmap combined;

		/*
		 * An IORT RC node's mappings are one array whatever they lead to
		 * (iort.c:iort_node_map_id walks them together), so check them as one.
		 */
		if (iot_root_combined_map(t, r, run->fw, &combined)) {
			struct map_ref c = { &combined, "root", r->name, "ID mappings",
					     IOT_MAP_IORT };

			fn(run, &c);
			iot_idmap_free(&combined);
		} else {
			fn(run, &a);
			fn(run, &b);
		}
	}
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];
		struct map_ref a = { &u->msi_map, "IOMMU", u->name, "ITS mapping",
				     IOT_MAP_IORT_IOMMU_NODE };

		fn(run, &a);
	}
}

static const char *nm(const char *s)
{
	return s ? s : "(unnamed)";
}

/* base.c:of_map_id: "Invalid %s translation - %s-mask (0x%x) ignores id-base (0x%x)" */
static void mask_id_base(struct iot_lint_run *run, const struct map_ref *ref)
{
	const struct iot_idmap *m = ref->m;

	if (!m->has_mask)
		return;
	for (size_t k = 0; k < m->n; k++)
		if (m->rows[k].in_base & ~m->mask)
			iot_lint_report(
				run, &m->rows[k].loc,
				"%s %s: %s row %zu: id-base 0x%x has bits outside the mask 0x%x; "
				"of_map_id fails every lookup that reaches this row",
				ref->owner_kind, nm(ref->owner), ref->map_name, k,
				m->rows[k].in_base, m->mask);
}

void iot_check_map_mask_id_base(struct iot_lint_run *run)
{
	for_each_map(run, mask_id_base);
}

/* Two rows send their common IDs to the same place: the overlap is redundant, not wrong. */
static bool same_translation(const struct iot_map_row *a, const struct iot_map_row *b)
{
	return a->target == b->target &&
	       (uint32_t)(a->out_base - a->in_base) == (uint32_t)(b->out_base - b->in_base);
}

static const char *winner_rule(enum iot_map_semantics sem)
{
	switch (sem) {
	case IOT_MAP_VIOT:
		return "the later row wins (viot.c keeps the last match)";
	case IOT_MAP_DT:
		return "the first row wins (of_map_id)";
	default:
		return "the first row wins (iort_id_map)";
	}
}

/* A map's range rows (no single mappings, no placeholders), sorted by first ID. */
struct sorted_rows {
	const struct iot_map_row **v;
	size_t *idx; /* row index in the map, parallel to v */
	size_t n;
};

static const struct iot_idmap *sort_map; /* qsort has no context argument */

static int cmp_row_idx(const void *pa, const void *pb)
{
	const struct iot_map_row *a = &sort_map->rows[*(const size_t *)pa];
	const struct iot_map_row *b = &sort_map->rows[*(const size_t *)pb];

	if (a->in_base != b->in_base)
		return a->in_base < b->in_base ? -1 : 1;
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

static void sort_rows(const struct iot_idmap *m, struct sorted_rows *s)
{
	s->idx = iot_xcalloc(m->n + 1, sizeof(*s->idx));
	s->v = iot_xcalloc(m->n + 1, sizeof(*s->v));
	s->n = 0;
	for (size_t k = 0; k < m->n; k++)
		if (!m->rows[k].single && m->rows[k].count && !iot_row_is_placeholder(&m->rows[k]))
			s->idx[s->n++] = k;
	sort_map = m;
	if (s->n > 1)
		qsort(s->idx, s->n, sizeof(*s->idx), cmp_row_idx);
	sort_map = NULL;
	for (size_t k = 0; k < s->n; k++)
		s->v[k] = &m->rows[s->idx[k]];
}

static void free_rows(struct sorted_rows *s)
{
	free(s->idx);
	free(s->v);
}

/*
 * Rows whose input ranges overlap with different results, in one sweep over
 * the rows sorted by first ID (each against the earlier row reaching
 * furthest); one finding per map, with the count.
 */
static void overlap(struct iot_lint_run *run, const struct map_ref *ref)
{
	struct sorted_rows s;
	size_t count = 0, fa = 0, fb = 0;
	uint64_t flo = 0, fhi = 0;

	sort_rows(ref->m, &s);
	for (size_t k = 1, top = 0; k < s.n; k++) {
		const struct iot_map_row *a = s.v[top], *b = s.v[k];
		uint64_t hi = iot_row_last(a) < iot_row_last(b) ? iot_row_last(a) : iot_row_last(b);
		uint64_t lo = b->in_base;

		if (iot_row_last(b) > iot_row_last(a))
			top = k;
		if (lo > hi)
			continue;
		/* map-overlap-by-one: a range of 2+ IDs whose last one starts the other */
		if (lo == hi && ((a->count > 1 && iot_row_last(a) == b->in_base) ||
				 (b->count > 1 && iot_row_last(b) == a->in_base)))
			continue;
		if (same_translation(a, b))
			continue;
		if (!count++) {
			fa = (size_t)(a - ref->m->rows);
			fb = s.idx[k];
			flo = lo;
			fhi = hi;
		}
	}
	if (count) {
		char more[48] = "";

		if (count > 1)
			snprintf(more, sizeof(more), " (and %zu more overlaps)", count - 1);
		iot_lint_report(run, &ref->m->rows[fa > fb ? fa : fb].loc,
				"%s %s: %s rows %zu and %zu both translate IDs 0x%llx-0x%llx%s; %s",
				ref->owner_kind, nm(ref->owner), ref->map_name, fa < fb ? fa : fb,
				fa < fb ? fb : fa, (unsigned long long)flo, (unsigned long long)fhi,
				more, winner_rule(ref->sem));
	}
	free_rows(&s);
}

void iot_check_map_overlap(struct iot_lint_run *run)
{
	for_each_map(run, overlap);
}

/* Rows that start exactly where row @a ends: a binary search in the sorted rows. */
static size_t first_starting_at(const struct sorted_rows *s, uint64_t id)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid]->in_base < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void overlap_by_one(struct iot_lint_run *run, const struct map_ref *ref)
{
	struct sorted_rows s;
	size_t count = 0, fa = 0, fb = 0;

	sort_rows(ref->m, &s);
	for (size_t k = 0; k < s.n; k++) {
		const struct iot_map_row *a = s.v[k];

		if (a->count < 2)
			continue;
		for (size_t j = first_starting_at(&s, iot_row_last(a));
		     j < s.n && s.v[j]->in_base == iot_row_last(a); j++) {
			if (j == k)
				continue;
			if (!count++) {
				fa = s.idx[k];
				fb = s.idx[j];
			}
		}
	}
	if (count) {
		const struct iot_map_row *a = &ref->m->rows[fa];
		const char *how;
		char more[48] = "";

		if (ref->sem == IOT_MAP_IORT || ref->sem == IOT_MAP_IORT_IOMMU_NODE)
			how = fb > fa ? "Linux applies its workaround and lets the later row "
					"take the ID (iort.c:iort_id_map)" :
					"the earlier row keeps the ID";
		else
			how = fb < fa ? "the earlier row keeps the ID" :
					"the first row keeps the ID";
		if (count > 1)
			snprintf(more, sizeof(more), " (and %zu more such pairs)", count - 1);
		iot_lint_report(run, &a->loc,
				"%s %s: %s row %zu ends at 0x%llx, where row %zu starts%s: the "
				"ranges overlap by exactly one ID, the sign of a count written "
				"where the IORT 'number of IDs' (count - 1) was meant; %s",
				ref->owner_kind, nm(ref->owner), ref->map_name, fa,
				(unsigned long long)iot_row_last(a), fb, more, how);
	}
	free_rows(&s);
}

void iot_check_map_overlap_by_one(struct iot_lint_run *run)
{
	for_each_map(run, overlap_by_one);
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* Is @id inside a row?  @s sorted; @reach[k] = the furthest last ID of rows 0..k. */
static bool covered(const struct sorted_rows *s, const uint64_t *reach, uint64_t id)
{
	size_t k = first_starting_at(s, id + 1); /* rows starting at or before @id: [0, k) */

	return k && reach[k - 1] >= id;
}

static void id_count(struct iot_lint_run *run, const struct map_ref *ref)
{
	const struct iot_idmap *m = ref->m;
	bool acpi = ref->sem == IOT_MAP_IORT || ref->sem == IOT_MAP_IORT_IOMMU_NODE;
	struct sorted_rows s;
	uint64_t *reach;

	sort_rows(m, &s);
	reach = iot_xcalloc(s.n + 1, sizeof(*reach));
	for (size_t k = 0; k < s.n; k++)
		reach[k] = k && reach[k - 1] > iot_row_last(s.v[k]) ? reach[k - 1] :
								      iot_row_last(s.v[k]);
	for (size_t k = 0; k < m->n; k++) {
		const struct iot_map_row *r = &m->rows[k];
		uint64_t end = (uint64_t)r->in_base + r->count;

		if (r->single || r->count < 16)
			continue;
		if (is_pow2(r->count - 1) && !(r->in_base & (r->count - 2)))
			iot_lint_report(
				run, &r->loc,
				"%s %s: %s row %zu covers 0x%llx IDs (0x%x-0x%llx), one more than "
				"a power of two: %s",
				ref->owner_kind, nm(ref->owner), ref->map_name, k,
				(unsigned long long)r->count, r->in_base,
				(unsigned long long)iot_row_last(r),
				acpi ? "the 'number of IDs' field holds the count, it must hold "
				       "count - 1" :
				       "was the length meant to be a power of two?");
		/* with a map mask the left-out ID may never occur (iommu-map-mask = <0>) */
		else if (r->count >= 255 && is_pow2(r->count + 1) && !(r->in_base & r->count) &&
			 end <= 0xffffffffull && !(m->has_mask && (end & ~(uint64_t)m->mask)) &&
			 !covered(&s, reach, end))
			iot_lint_report(
				run, &r->loc,
				"%s %s: %s row %zu covers 0x%llx IDs, one less than a power of "
				"two, and ID 0x%llx is left untranslated: %s",
				ref->owner_kind, nm(ref->owner), ref->map_name, k,
				(unsigned long long)r->count, (unsigned long long)end,
				acpi ? "was 'number of IDs' decremented twice?" :
				       "a DT length is a count, not count - 1");
	}
	free(reach);
	free_rows(&s);
}

void iot_check_map_id_count(struct iot_lint_run *run)
{
	for_each_map(run, id_count);
}

/* idmap.h:iot_row_is_placeholder: rows of length 0 map nothing until a bootloader fills them. */
static void placeholder(struct iot_lint_run *run, const struct map_ref *ref)
{
	size_t count = 0, first = 0;

	for (size_t k = 0; k < ref->m->n; k++)
		if (iot_row_is_placeholder(&ref->m->rows[k]) && !count++)
			first = k;
	if (count)
		iot_lint_report(run, &ref->m->rows[first].loc,
				"%s %s: %s row %zu%s has length 0 and maps nothing (of_map_id "
				"never matches it): a placeholder a bootloader fills in (U-Boot "
				"fixes up fsl-mc and Layerscape PCIe maps)",
				ref->owner_kind, nm(ref->owner), ref->map_name, first,
				count > 1 ? " and others" : "");
}

void iot_check_map_placeholder(struct iot_lint_run *run)
{
	for_each_map(run, placeholder);
}

/*
 * base.c:of_map_id reads 4-cell rows (1-cell specifier) up to the 2026
 * rework "of: Respect #{iommu,msi}-cells in maps", which reads
 * 3 + #iommu-cells cells, refuses length > 1 with more than one cell, and
 * keeps 4-cell rows working for a 2-cell target only when every row has the
 * same phandle and length 1.  5-cell rows are right for kernels with the
 * rework (a note about older ones); 4-cell rows that the rework reads as
 * 5-cell rows are wrong for current kernels.
 */
static void map_cells(struct iot_lint_run *run, bool short_rows)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		const struct iot_idmap *m = &r->iommu_map;
		bool compat = true, long_row = false;
		int two = IOT_NONE;

		for (size_t k = 0; k < m->n; k++) {
			if (t->iommus[m->rows[k].target].iommu_cells == 2 && two == IOT_NONE)
				two = m->rows[k].target;
			if (m->rows[k].target != m->rows[0].target || m->rows[k].count != 1)
				compat = false;
			if (m->rows[k].count > 1 && t->iommus[m->rows[k].target].iommu_cells == 2)
				long_row = true;
		}
		if (two == IOT_NONE)
			continue;
		if (m->dt_spec_cells == 2 && !short_rows)
			iot_lint_report(
				run, &r->loc,
				"root %s: iommu-map has 5-cell rows for %s "
				"(#iommu-cells = 2): kernels before the of_map_id rework read "
				"4-cell rows only and misparse or reject it%s",
				nm(r->name), nm(t->iommus[two].name),
				long_row ? "; and a row with length > 1 is refused by the "
					   "kernels that read 5 cells" :
					   "");
		else if (m->dt_spec_cells != 2 && !compat && short_rows)
			iot_lint_report(
				run, &r->loc,
				"root %s: iommu-map rows to %s (#iommu-cells = 2) "
				"are read as 4 cells (1-cell specifier, SMR mask from "
				"stream-match-mask) only by kernels before the of_map_id rework; "
				"newer kernels read 5 cells per row%s",
				nm(r->name), nm(t->iommus[two].name),
				long_row ? " and refuse a length > 1" : "");
	}
}

void iot_check_dt_iommu_map_cells(struct iot_lint_run *run)
{
	map_cells(run, false);
}

void iot_check_dt_iommu_map_short_rows(struct iot_lint_run *run)
{
	map_cells(run, true);
}
