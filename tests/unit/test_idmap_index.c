// SPDX-License-Identifier: MIT
/*
 * kernel/idmap_index.h against kernel/idmap.h: on random maps of every
 * shape the rules care about (overlaps, rows ending where others start,
 * single mappings, zero and wrapping lengths, masks with id-bases outside
 * them, skipped rows), the compiled index answers every ID exactly as the
 * row-by-row lookup, and between two boundaries it names, answers move by
 * the same offset.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/idmap_index.h"

static unsigned int seed;

static uint32_t rnd(uint32_t n)
{
	return (uint32_t)rand_r(&seed) % n;
}

/* A map over a small ID space, so every ID can be checked. */
static void random_map(struct iot_idmap *m, enum iot_map_semantics sem)
{
	size_t n = 1 + rnd(12);

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		uint32_t base = rnd(64);
		uint64_t count = rnd(5) == 0 ? rnd(3) : 1 + rnd(24);
		struct iot_map_row *r;

		if (rnd(16) == 0) /* a length reaching past 32 bits */
			base = 0xfffffff0u, count = 0x20;
		r = iot_idmap_add(m, base, count, (int)rnd(3), rnd(1000));
		r->single = sem != IOT_MAP_DT && sem != IOT_MAP_VIOT && rnd(8) == 0;
	}
	if (sem == IOT_MAP_DT && rnd(3) == 0) {
		m->has_mask = true;
		m->mask = rnd(2) ? 0x3f : 0x3c;
	}
}

static void check_same(const struct iot_idmap *m, enum iot_map_semantics sem, size_t skip)
{
	struct iot_idmap_index *x = iot_idmap_index_new(m, sem, skip, NULL, NULL);
	uint32_t ids[] = { 0xfffffff0u, 0xfffffff8u, 0xffffffffu };

	for (uint32_t id = 0; id < 100 + 3; id++) {
		uint32_t v = id < 100 ? id : ids[id - 100];
		struct iot_map_result a, b;

		iot_idmap_lookup(m, sem, v, skip, &a);
		iot_idmap_index_lookup(x, v, &b);
		if (!(a.status == b.status && a.row == b.row && a.out == b.out &&
		      a.target == b.target && a.tentative_used == b.tentative_used &&
		      a.overridden == b.overridden && a.single_skipped == b.single_skipped))
			ck_abort_msg(
				"sem %d id 0x%x: lookup %d row %zu out 0x%x, index %d row %zu out 0x%x",
				sem, v, a.status, a.row, a.out, b.status, b.row, b.out);
	}
	/* linear up to the boundary the index names */
	for (uint32_t id = 0; id < 100; id++) {
		uint64_t next = iot_idmap_index_next(x, id);
		struct iot_map_result a, b;

		ck_assert_uint_gt(next, id);
		iot_idmap_lookup(m, sem, id, skip, &a);
		/*
		 * Plain comparisons in the inner loop: every ck_assert is a write
		 * to Check's pipe, millions of them here (8 s; minutes under valgrind).
		 */
		for (uint64_t k = id + 1; k < next && k < 100; k++) {
			iot_idmap_lookup(m, sem, (uint32_t)k, skip, &b);
			if (a.status != b.status || a.target != b.target ||
			    (a.status == IOT_MAP_OK && b.out - a.out != k - id))
				ck_abort_msg("sem %d: ids 0x%x and 0x%llx on one segment answer "
					     "differently",
					     sem, id, (unsigned long long)k);
		}
	}
	iot_idmap_index_free(x);
}

START_TEST(index_matches_lookup)
{
	static const enum iot_map_semantics sems[] = { IOT_MAP_DT, IOT_MAP_IORT,
						       IOT_MAP_IORT_IOMMU_NODE, IOT_MAP_VIOT };

	seed = 4242;
	for (int round = 0; round < 4000; round++) {
		enum iot_map_semantics sem = sems[round % 4];
		struct iot_idmap m;

		random_map(&m, sem);
		check_same(&m, sem, (size_t)-1);
		if (sem != IOT_MAP_DT && m.n > 1)
			check_same(&m, sem, rnd((uint32_t)m.n));
		iot_idmap_free(&m);
	}
}
END_TEST

/* The IORT off-by-one: a range's last ID is taken by a row starting there. */
START_TEST(iort_tentative_last_id)
{
	struct iot_idmap m = { 0 };
	struct iot_idmap_index *x;
	struct iot_map_result r;

	iot_idmap_add(&m, 0, 0x101, 0, 0x1000); /* "number of IDs" 0x100: a count off by one */
	iot_idmap_add(&m, 0x100, 0x100, 1, 0x2000);
	x = iot_idmap_index_new(&m, IOT_MAP_IORT, (size_t)-1, NULL, NULL);
	iot_idmap_index_lookup(x, 0xff, &r);
	ck_assert_int_eq(r.target, 0);
	iot_idmap_index_lookup(x, 0x100, &r);
	ck_assert(r.overridden);
	ck_assert_int_eq(r.target, 1);
	ck_assert_uint_eq(r.out, 0x2000);
	ck_assert_uint_eq(iot_idmap_index_next(x, 0), 0x100);
	iot_idmap_index_free(x);
	iot_idmap_free(&m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("idmap_index");
	TCase *tc = tcase_create("index");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, index_matches_lookup);
	tcase_add_test(tc, iort_tentative_last_id);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
