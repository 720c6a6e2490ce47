// SPDX-License-Identifier: MIT
/* Model rules over the rows of one ID map (iommu-map, msi-map, IORT ID mappings, VIOT ranges). */
#include <stdio.h>

#include "lint/checks.h"
#include "lint/xlat.h"

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
		struct iot_root_xlat x;

		/*
		 * An IORT RC node's mappings are one array whatever they lead to
		 * (iort.c:iort_node_map_id walks them together), so check them as one.
		 */
		iot_root_xlat_init(&x, t, r, run->fw);
		if (x.use_combined) {
			struct map_ref c = { &x.combined, "root", r->name, "ID mappings",
					     IOT_MAP_IORT };

			fn(run, &c);
		} else {
			fn(run, &a);
			fn(run, &b);
		}
		iot_root_xlat_free(&x);
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

/*
 * The pairwise rules below are quadratic in the rows of one map; an IORT
 * node holds at most 3276 mappings, so only a hostile DT exceeds this.
 */
#define MAX_PAIRWISE_ROWS 4096

static bool too_many_rows(struct iot_lint_run *run, const struct map_ref *ref)
{
	if (ref->m->n <= MAX_PAIRWISE_ROWS)
		return false;
	iot_diag(run->out, IOT_SEV_NOTE, ref->m->rows[0].loc.file ? &ref->m->rows[0].loc : NULL,
		 run->rule->name, "%s %s: %s has %zu rows; not compared pairwise (limit %d)",
		 ref->owner_kind, nm(ref->owner), ref->map_name, ref->m->n, MAX_PAIRWISE_ROWS);
	return true;
}

static void overlap(struct iot_lint_run *run, const struct map_ref *ref)
{
	const struct iot_idmap *m = ref->m;

	if (too_many_rows(run, ref))
		return;

	for (size_t k = 0; k < m->n; k++) {
		const struct iot_map_row *b = &m->rows[k];

		for (size_t j = 0; j < k; j++) {
			const struct iot_map_row *a = &m->rows[j];
			uint64_t lo = a->in_base > b->in_base ? a->in_base : b->in_base;
			uint64_t hi = iot_row_last(a) < iot_row_last(b) ? iot_row_last(a) :
									  iot_row_last(b);

			if (a->single || b->single || !a->count || !b->count || lo > hi)
				continue;
			if (lo == hi &&
			    (iot_row_last(a) == b->in_base || iot_row_last(b) == a->in_base))
				continue; /* map-overlap-by-one */
			if (same_translation(a, b))
				continue;
			iot_lint_report(
				run, &b->loc,
				"%s %s: %s rows %zu and %zu both translate IDs 0x%llx-0x%llx; %s",
				ref->owner_kind, nm(ref->owner), ref->map_name, j, k,
				(unsigned long long)lo, (unsigned long long)hi,
				winner_rule(ref->sem));
		}
	}
}

void iot_check_map_overlap(struct iot_lint_run *run)
{
	for_each_map(run, overlap);
}

static void overlap_by_one(struct iot_lint_run *run, const struct map_ref *ref)
{
	const struct iot_idmap *m = ref->m;

	if (too_many_rows(run, ref))
		return;

	for (size_t k = 0; k < m->n; k++) {
		const struct iot_map_row *a = &m->rows[k];

		if (a->single || a->count < 2)
			continue;
		for (size_t j = 0; j < m->n; j++) {
			const struct iot_map_row *b = &m->rows[j];
			const char *how;

			if (j == k || b->single || !b->count || iot_row_last(a) != b->in_base)
				continue;
			if (ref->sem == IOT_MAP_IORT || ref->sem == IOT_MAP_IORT_IOMMU_NODE)
				how = j > k ? "Linux applies its workaround and lets the later row "
					      "take the ID (iort.c:iort_id_map)" :
					      "the earlier row keeps the ID";
			else
				how = j < k ? "the earlier row keeps the ID" :
					      "the first row keeps the ID";
			iot_lint_report(
				run, &a->loc,
				"%s %s: %s row %zu ends at 0x%llx, where row %zu starts: the "
				"ranges overlap by exactly one ID, the sign of a count written "
				"where the IORT 'number of IDs' (count - 1) was meant; %s",
				ref->owner_kind, nm(ref->owner), ref->map_name, k,
				(unsigned long long)iot_row_last(a), j, how);
		}
	}
}

void iot_check_map_overlap_by_one(struct iot_lint_run *run)
{
	for_each_map(run, overlap_by_one);
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static bool covered(const struct iot_idmap *m, uint64_t id)
{
	for (size_t k = 0; k < m->n; k++)
		if (!m->rows[k].single && m->rows[k].count && id >= m->rows[k].in_base &&
		    id <= iot_row_last(&m->rows[k]))
			return true;
	return false;
}

static void id_count(struct iot_lint_run *run, const struct map_ref *ref)
{
	const struct iot_idmap *m = ref->m;
	bool acpi = ref->sem == IOT_MAP_IORT || ref->sem == IOT_MAP_IORT_IOMMU_NODE;

	if (too_many_rows(run, ref))
		return;
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
		else if (r->count >= 255 && is_pow2(r->count + 1) && !(r->in_base & r->count) &&
			 end <= 0xffffffffull && !covered(m, end))
			iot_lint_report(
				run, &r->loc,
				"%s %s: %s row %zu covers 0x%llx IDs, one less than a power of "
				"two, and ID 0x%llx is left untranslated: %s",
				ref->owner_kind, nm(ref->owner), ref->map_name, k,
				(unsigned long long)r->count, (unsigned long long)end,
				acpi ? "was 'number of IDs' decremented twice?" :
				       "a DT length is a count, not count - 1");
	}
}

void iot_check_map_id_count(struct iot_lint_run *run)
{
	for_each_map(run, id_count);
}

/*
 * base.c:of_map_id reads 4-cell rows (1-cell specifier) up to the 2026
 * rework "of: Respect #{iommu,msi}-cells in maps", which reads
 * 3 + #iommu-cells cells, refuses length > 1 with more than one cell, and
 * keeps 4-cell rows working for a 2-cell target only when every row has the
 * same phandle and length 1.
 */
void iot_check_dt_iommu_map_cells(struct iot_lint_run *run)
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
		if (m->dt_spec_cells == 2)
			iot_lint_report(
				run, &r->loc,
				"root %s: iommu-map has 5-cell rows for %s "
				"(#iommu-cells = 2): kernels before the of_map_id rework read "
				"4-cell rows only and misparse or reject it%s",
				nm(r->name), nm(t->iommus[two].name),
				long_row ? "; and a row with length > 1 is refused by the "
					   "kernels that read 5 cells" :
					   "");
		else if (!compat)
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
