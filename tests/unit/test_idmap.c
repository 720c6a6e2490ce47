// SPDX-License-Identifier: MIT
/* The one ID-map resolver, rule by rule, each test naming the kernel function it mirrors. */
#include <check.h>
#include <stdlib.h>

#include "kernel/idmap.h"
#include "model/idmap.h"

static struct iot_idmap m;

static void setup(void)
{
	m = (struct iot_idmap){ 0 };
}

static void teardown(void)
{
	iot_idmap_free(&m);
}

static uint32_t map_ok(enum iot_map_semantics sem, uint32_t id, int *target)
{
	struct iot_map_result r;

	ck_assert_int_eq(iot_idmap_map(&m, sem, id, &r), IOT_MAP_OK);
	if (target)
		*target = r.target;
	return r.out;
}

static void map_none(enum iot_map_semantics sem, uint32_t id)
{
	struct iot_map_result r;

	ck_assert_int_eq(iot_idmap_map(&m, sem, id, &r), IOT_MAP_NO_MATCH);
	ck_assert_uint_eq(r.out, id); /* of_map_id: "bypasses translation", id_out = id */
	ck_assert_int_eq(r.target, -1);
}

/* base.c:of_map_id: length is a count, end exclusive */
START_TEST(dt_length_exclusive)
{
	iot_idmap_add(&m, 0x100, 0x100, 0, 0x1000);
	ck_assert_uint_eq(map_ok(IOT_MAP_DT, 0x100, NULL), 0x1000);
	ck_assert_uint_eq(map_ok(IOT_MAP_DT, 0x1ff, NULL), 0x10ff);
	map_none(IOT_MAP_DT, 0x200);
	map_none(IOT_MAP_DT, 0xff);
}
END_TEST

/* base.c:of_map_id: first matching row wins, later rows are not consulted */
START_TEST(dt_first_match_wins)
{
	int t;

	iot_idmap_add(&m, 0x0, 0x10000, 1, 0x0);
	iot_idmap_add(&m, 0x100, 0x10, 2, 0x5000);
	ck_assert_uint_eq(map_ok(IOT_MAP_DT, 0x105, &t), 0x105);
	ck_assert_int_eq(t, 1);
}
END_TEST

/* base.c:of_map_id: iommu-map-mask applies to the input and to the output offset */
START_TEST(dt_mask)
{
	m.has_mask = true;
	m.mask = 0xff00; /* only the bus number matters */
	iot_idmap_add(&m, 0x0100, 0x100, 0, 0x20);
	ck_assert_uint_eq(map_ok(IOT_MAP_DT, 0x01ff, NULL), 0x20);
	ck_assert_uint_eq(map_ok(IOT_MAP_DT, 0x0107, NULL), 0x20);
}
END_TEST

/* base.c:of_map_id: "bad map: id-base has bits outside the mask" -> -EFAULT */
START_TEST(dt_base_outside_mask)
{
	struct iot_map_result r;

	m.has_mask = true;
	m.mask = 0xff00;
	iot_idmap_add(&m, 0x0108, 0x100, 0, 0x0);
	ck_assert_int_eq(iot_idmap_map(&m, IOT_MAP_DT, 0x0108, &r), IOT_MAP_EFAULT);
	ck_assert_uint_eq(r.row, 0);
}
END_TEST

/* base.c:of_map_id: id_base + len in u32 arithmetic; a wrapping end never matches */
START_TEST(dt_u32_wrap)
{
	iot_idmap_add(&m, 0x10, 0xffffffff, 0, 0x0);
	map_none(IOT_MAP_DT, 0x20);
}
END_TEST

/* base.c:of_map_id: no iommu-map rows at all -> no match (the caller's -ENODEV) */
START_TEST(dt_empty)
{
	map_none(IOT_MAP_DT, 0x8);
}
END_TEST

/* iort.c:iort_id_map: inclusive end (the table stores count-1) */
START_TEST(iort_inclusive)
{
	iot_idmap_add(&m, 0x0, 0x10000, 0, 0x0); /* Number of IDs 0xffff */
	ck_assert_uint_eq(map_ok(IOT_MAP_IORT, 0xffff, NULL), 0xffff);
	map_none(IOT_MAP_IORT, 0x10000);
}
END_TEST

/* iort.c:iort_id_map: a match on a range's last ID is tentative (-EAGAIN); a later
 * range STARTING at that ID takes over (the QEMU "count instead of count-1" bug). */
START_TEST(iort_off_by_one_override)
{
	struct iot_map_result r;

	/* written as count, not count - 1: the rows overlap by exactly one ID */
	iot_idmap_add(&m, 0x000, 0x101, 0, 0x0000);
	iot_idmap_add(&m, 0x100, 0x100, 1, 0x8000);
	ck_assert_int_eq(iot_idmap_map(&m, IOT_MAP_IORT, 0x100, &r), IOT_MAP_OK);
	ck_assert_int_eq(r.target, 1);
	ck_assert_uint_eq(r.out, 0x8000);
	ck_assert(r.overridden);
}
END_TEST

/* iort.c:iort_id_map: with a tentative match, a later range containing the ID but not
 * starting at it does not override; the tentative match is kept */
START_TEST(iort_tentative_kept)
{
	struct iot_map_result r;

	iot_idmap_add(&m, 0x000, 0x101, 0, 0x0000);
	iot_idmap_add(&m, 0x080, 0x100, 1, 0x8000);
	ck_assert_int_eq(iot_idmap_map(&m, IOT_MAP_IORT, 0x100, &r), IOT_MAP_OK);
	ck_assert_int_eq(r.target, 0);
	ck_assert_uint_eq(r.out, 0x100);
	ck_assert(r.tentative_used);
}
END_TEST

/* iort.c:iort_id_map: a single-ID range (count 1, stored 0) is never tentative */
START_TEST(iort_single_id_range)
{
	iot_idmap_add(&m, 0x42, 1, 0, 0x7);
	ck_assert_uint_eq(map_ok(IOT_MAP_IORT, 0x42, NULL), 0x7);
	map_none(IOT_MAP_IORT, 0x43);
}
END_TEST

/* iort.c:iort_id_map: SINGLE_MAPPING returns out_base in NC/RC nodes... */
START_TEST(iort_single_mapping)
{
	iot_idmap_add(&m, 0, 1, 0, 0x99)->single = true;
	ck_assert_uint_eq(map_ok(IOT_MAP_IORT, 0x1234, NULL), 0x99);
}
END_TEST

/* ...and is "not allowed for node type" in SMMU nodes: skipped */
START_TEST(iort_single_in_smmu)
{
	struct iot_map_result r;

	iot_idmap_add(&m, 0, 1, 0, 0x99)->single = true;
	ck_assert_int_eq(iot_idmap_map(&m, IOT_MAP_IORT_IOMMU_NODE, 0x5, &r), IOT_MAP_NO_MATCH);
	ck_assert(r.single_skipped);
}
END_TEST

/* iort.c:iort_node_map_id: the DeviceID mapping index is excluded from translation */
START_TEST(iort_skip_index)
{
	struct iot_map_result r;

	iot_idmap_add(&m, 0x0, 0x10000, 0, 0x0);
	iot_idmap_add(&m, 0x0, 0x10000, 1, 0x10000);
	ck_assert_int_eq(iot_idmap_lookup(&m, IOT_MAP_IORT_IOMMU_NODE, 0x5, 0, &r), IOT_MAP_OK);
	ck_assert_int_eq(r.target, 1);
	ck_assert_uint_eq(r.out, 0x10005);
}
END_TEST

/* viot.c: endpoints are list_add()ed, so the LAST matching range in table order wins */
START_TEST(viot_last_wins)
{
	int t;

	iot_idmap_add(&m, 0x000, 0x100, 0, 0x0);
	iot_idmap_add(&m, 0x008, 0x8, 1, 0x800);
	ck_assert_uint_eq(map_ok(IOT_MAP_VIOT, 0x9, &t), 0x801);
	ck_assert_int_eq(t, 1);
	ck_assert_uint_eq(map_ok(IOT_MAP_VIOT, 0x10, &t), 0x10);
	ck_assert_int_eq(t, 0);
	map_none(IOT_MAP_VIOT, 0x100);
}
END_TEST

START_TEST(copy_is_deep)
{
	struct iot_idmap c;

	m.has_mask = true;
	m.mask = 0xff;
	iot_idmap_add(&m, 1, 2, 3, 4);
	iot_idmap_copy(&c, &m);
	m.rows[0].in_base = 9;
	ck_assert_uint_eq(c.rows[0].in_base, 1);
	ck_assert(c.has_mask);
	ck_assert_uint_eq(c.mask, 0xff);
	iot_idmap_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("idmap");
	TCase *tc = tcase_create("resolver");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dt_length_exclusive);
	tcase_add_test(tc, dt_first_match_wins);
	tcase_add_test(tc, dt_mask);
	tcase_add_test(tc, dt_base_outside_mask);
	tcase_add_test(tc, dt_u32_wrap);
	tcase_add_test(tc, dt_empty);
	tcase_add_test(tc, iort_inclusive);
	tcase_add_test(tc, iort_off_by_one_override);
	tcase_add_test(tc, iort_tentative_kept);
	tcase_add_test(tc, iort_single_id_range);
	tcase_add_test(tc, iort_single_mapping);
	tcase_add_test(tc, iort_single_in_smmu);
	tcase_add_test(tc, iort_skip_index);
	tcase_add_test(tc, viot_last_wins);
	tcase_add_test(tc, copy_is_deep);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
