// SPDX-License-Identifier: MIT
/*
 * The model: the firmware kind each reader records, provenance on objects
 * and per input, the growth of per-device arrays.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"
#include "model/model.h"
#include "util/mem.h"
#include "yaml/yaml.h"

#define FIX IOTOPO_SRC_DIR "/tests/fixtures/"

static struct iot_topology t;
static struct iot_diags d;

static void setup(void)
{
	iot_topology_init(&t);
	iot_diags_init(&d);
}

static void teardown(void)
{
	iot_topology_free(&t);
	iot_diags_free(&d);
}

static void load(const char *path)
{
	if (iot_load_input(path, &t, NULL, &d) < 0) {
		iot_diags_fprint(stderr, &d);
		ck_abort_msg("%s does not load", path);
	}
}

static int load_yaml(const char *text)
{
	return iot_yaml_load("t.yaml", (const uint8_t *)text, strlen(text), &t, &d);
}

START_TEST(iort_is_acpi_with_provenance)
{
	const struct iot_origin *o;

	load(FIX "acpi/qemu-arm-h-smmuv3.IORT");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_ACPI);
	ck_assert_uint_eq(t.firmware.tables, IOT_TABLE_IORT);
	ck_assert_int_eq(iot_topology_boot_firmware(&t), IOT_FW_ACPI);
	ck_assert_uint_eq(t.n_origins, 1);
	o = &t.origins[0];
	ck_assert_int_eq(o->src, IOT_SRC_IORT);
	ck_assert_str_eq(o->signature, "IORT");
	ck_assert_uint_eq(o->revision, 3);
	ck_assert_str_eq(o->oem_id, "BOCHS ");
	ck_assert_str_eq(o->oem_table_id, "BXPC    ");
	ck_assert_str_eq(o->creator_id, "BXPC");
	ck_assert_uint_eq(o->length, 0xec);
	/* the SMMUv3 node: at 0x48, node revision 4 */
	ck_assert_uint_eq(t.n_iommus, 1);
	ck_assert_int_eq(t.iommus[0].loc.src, IOT_SRC_IORT);
	ck_assert(t.iommus[0].loc.has_offset);
	ck_assert_uint_eq(t.iommus[0].loc.offset, 0x48);
	ck_assert_uint_eq(t.iommus[0].loc.revision, 4);
	ck_assert_ptr_eq(iot_origin_of(&t, &t.iommus[0].loc), o);
	/* map rows too: the root's iommu-map row names its IORT field */
	ck_assert_uint_eq(t.roots[0].iommu_map.n, 1);
	ck_assert_int_eq(t.roots[0].iommu_map.rows[0].loc.src, IOT_SRC_IORT);
	ck_assert_uint_eq(t.roots[0].iommu_map.rows[0].loc.origin, 1);
}
END_TEST

START_TEST(viot_is_acpi)
{
	load(FIX "acpi/all-nodes.VIOT");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_ACPI);
	ck_assert_uint_eq(t.firmware.tables, IOT_TABLE_VIOT);
	ck_assert_int_eq(t.iommus[0].loc.src, IOT_SRC_VIOT);
	ck_assert_str_eq(t.origins[0].signature, "VIOT");
}
END_TEST

START_TEST(acpidump_collects_tables)
{
	load(FIX "x86/x86-tables.acpidump");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_ACPI);
	ck_assert(t.firmware.tables & IOT_TABLE_DMAR);
	ck_assert_uint_ge(t.n_origins, 1);
	for (size_t i = 0; i < t.n_iommus; i++) {
		const struct iot_origin *o = iot_origin_of(&t, &t.iommus[i].loc);

		ck_assert_ptr_nonnull(o);
		ck_assert_int_eq(o->src, t.iommus[i].loc.src);
		ck_assert(o->src == IOT_SRC_DMAR || o->src == IOT_SRC_IVRS);
		ck_assert_str_eq(o->signature, o->src == IOT_SRC_DMAR ? "DMAR" : "IVRS");
	}
}
END_TEST

START_TEST(dtb_is_dt)
{
	load(FIX "arm-g-smmuv3-dt/qemu-dumpdtb.dtb");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_DT);
	ck_assert_uint_eq(t.firmware.tables, 0);
	ck_assert_uint_eq(t.n_origins, 1);
	ck_assert_int_eq(t.origins[0].src, IOT_SRC_DTB);
	ck_assert_uint_eq(t.origins[0].dtb_version, 17);
	ck_assert_int_eq(t.iommus[0].loc.src, IOT_SRC_DTB);
	ck_assert_uint_eq(t.iommus[0].loc.origin, 1);
}
END_TEST

START_TEST(yaml_is_model)
{
	ck_assert_int_eq(load_yaml("iotopo: 1\niommus: [{name: s, model: smmuv3, base: 0x1000}]\n"),
			 0);
	ck_assert_int_eq(t.firmware.kind, IOT_FW_MODEL);
	ck_assert_int_eq(t.firmware.boot, IOT_FW_UNKNOWN);
	ck_assert_int_eq(iot_topology_boot_firmware(&t), IOT_FW_DT);
	ck_assert_int_eq(t.iommus[0].loc.src, IOT_SRC_YAML);
	ck_assert_uint_eq(t.iommus[0].loc.line, 2);
	ck_assert_int_eq(t.origins[0].src, IOT_SRC_YAML);
}
END_TEST

START_TEST(yaml_firmware_key)
{
	ck_assert_int_eq(load_yaml("iotopo: 1\nfirmware: acpi\n"), 0);
	ck_assert_int_eq(iot_topology_boot_firmware(&t), IOT_FW_ACPI);
	iot_topology_free(&t);
	iot_topology_init(&t);
	/* x86 units exist only in ACPI: that is the default, and dt is refused */
	ck_assert_int_eq(load_yaml("iotopo: 1\niommus: [{name: d, model: intel-vtd, base: 0}]\n"),
			 0);
	ck_assert_int_eq(iot_topology_boot_firmware(&t), IOT_FW_ACPI);
	iot_topology_free(&t);
	iot_topology_init(&t);
	ck_assert_int_eq(load_yaml("iotopo: 1\nfirmware: dt\n"
				   "iommus: [{name: d, model: intel-vtd, base: 0}]\n"),
			 -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.v[0].loc.line, 2);
	ck_assert_uint_eq(d.v[0].loc.col, 11);
	iot_diags_free(&d);
	iot_diags_init(&d);
	ck_assert_int_eq(load_yaml("iotopo: 1\nfirmware: dtb\n"), -1);
	ck_assert_str_eq(d.v[0].msg, "firmware: unknown value 'dtb' (did you mean 'dt'?)");
}
END_TEST

/* A YAML PCI hierarchy beside a DMAR: the table decides the firmware. */
START_TEST(yaml_then_table)
{
	load(FIX "x86/q35-intel-c.yaml");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_MODEL);
	load(FIX "x86/intel-c-pcie-pci-bridge.DMAR");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_ACPI);
	ck_assert_uint_eq(t.firmware.tables, IOT_TABLE_DMAR);
	ck_assert_uint_eq(t.n_origins, 2);
	ck_assert_int_eq(t.origins[0].src, IOT_SRC_YAML);
	ck_assert_int_eq(t.origins[1].src, IOT_SRC_DMAR);
}
END_TEST

/* A sysfs tree: the kernel booted with ACPI iff the tree has ACPI tables. */
START_TEST(sysfs_tree_records_firmware)
{
	load(FIX "arm-h-smmuv3-acpi/6.12.118+deb13-arm64/final");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_ACPI);
	ck_assert(t.firmware.tables & IOT_TABLE_IORT);
	ck_assert_int_eq(t.origins[0].src, IOT_SRC_SYSFS);
	iot_topology_free(&t);
	iot_topology_init(&t);
	load(FIX "arm-g-smmuv3-dt/6.12.118+deb13-arm64/final");
	ck_assert_int_eq(t.firmware.kind, IOT_FW_DT);
}
END_TEST

START_TEST(nothing_read)
{
	struct iot_iommu *u;

	ck_assert_int_eq(t.firmware.kind, IOT_FW_UNKNOWN);
	ck_assert_int_eq(iot_topology_boot_firmware(&t), IOT_FW_DT);
	u = iot_add_iommu(&t);
	u->model = IOT_IOMMU_AMD_VI;
	ck_assert_int_eq(iot_topology_boot_firmware(&t), IOT_FW_ACPI);
	ck_assert_str_eq(iot_fw_kind_name(IOT_FW_ACPI), "acpi");
	ck_assert_int_eq(iot_fw_kind_parse("dt"), IOT_FW_DT);
	ck_assert_int_eq(iot_fw_kind_parse("dtb"), -1);
	ck_assert_str_eq(iot_src_name(IOT_SRC_IVRS), "ivrs");
}
END_TEST

/* Appending IDs one by one stays linear: 200000 IDs on one device. */
START_TEST(many_ids)
{
	struct iot_platdev *p = iot_add_platdev(&t);
	struct iot_dev_iommu *di = NULL;

	for (uint32_t i = 0; i < 200000; i++) {
		if (i % 1000 == 0)
			di = iot_platdev_add_iommu(p);
		iot_dev_iommu_add_id(di, i, i & 0xff, i & 1);
	}
	ck_assert_uint_eq(p->n_iommus, 200);
	for (size_t k = 0; k < p->n_iommus; k++) {
		ck_assert_uint_eq(p->iommus[k].n_ids, 1000);
		ck_assert_int_eq(p->iommus[k].iommu, IOT_NONE);
		for (size_t j = 0; j < 1000; j++) {
			uint32_t id = (uint32_t)(k * 1000 + j);

			ck_assert_uint_eq(p->iommus[k].ids[j].id, id);
			ck_assert_uint_eq(p->iommus[k].ids[j].mask, id & 0xff);
			ck_assert_int_eq(p->iommus[k].ids[j].has_mask, id & 1);
		}
	}
}
END_TEST

/*
 * The string pool: what it hands out holds its bytes across many blocks,
 * iot_topology_move keeps what it is told to, the pool owns only its own
 * memory (malloc'd strings still free), and iot_topology_free releases all
 * (valgrind and ASan see any leak).  Under ASan every allocation is its own
 * malloc and the pool owns nothing.
 */
START_TEST(string_pool)
{
	char *strs[3000], *own = iot_strdup("malloc'd");
	struct iot_compat c = { 0 };
	uint32_t *ids = NULL;
	char buf[64];

	iot_topology_pool_hint(&t, 100);
	for (int i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "/soc/dma@%x", i * 0x1000);
		strs[i] = iot_topology_strndup(&t, buf, strlen(buf));
	}
	for (int i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "/soc/dma@%x", i * 0x1000);
		ck_assert_str_eq(strs[i], buf);
	}
	ck_assert(!iot_topology_owns(&t, own));
	ck_assert(!iot_topology_owns(&t, buf));
	iot_topology_free_str(&t, own); /* freed: not the pool's */
	iot_topology_free_str(&t, NULL);
	for (uint32_t n = 0; n < 40; n++) {
		ids = iot_topology_move(&t, ids, n * sizeof(*ids), (n + 1) * sizeof(*ids));
		ck_assert_uint_eq((uintptr_t)ids % sizeof(void *), 0);
		ids[n] = n * 7;
	}
	for (uint32_t n = 0; n < 40; n++)
		ck_assert_uint_eq(ids[n], n * 7);
	iot_compat_init_in(&t, &c, 2);
	iot_compat_add_in(&t, &c, "vendor,dma-2", 12);
	iot_compat_add_in(&t, &c, "vendor,dma", 10);
	ck_assert_uint_eq(c.n, 2);
	ck_assert(iot_compat_has(&c, "vendor,dma"));
	ck_assert_str_eq(c.v[0], "vendor,dma-2");
	iot_compat_free_in(&t, &c);
	ck_assert_ptr_null(c.v);
	ck_assert_uint_eq(c.n, 0);
	/* given back as the pool's users must (a no-op but under ASan, where each was a malloc) */
	for (int i = 1; i < 3000; i++)
		iot_topology_free_str(&t, strs[i]);
	iot_topology_free_str(&t, ids);
	/* a platform device's fields from the pool are freed with the topology */
	iot_add_platdev(&t)->name = iot_topology_strndup(&t, "dev0", 4);
	t.platdevs[0].dt_path = strs[0];
	iot_compat_init_in(&t, &t.platdevs[0].compatible, 1);
	iot_compat_add_in(&t, &t.platdevs[0].compatible, "vendor,dma", 10);
}
END_TEST

/* A board read from YAML: its names, paths and IOMMU lists come from the pool, and read back. */
START_TEST(yaml_strings_in_pool)
{
	char *probe;
	bool pooled;

	load(IOTOPO_SRC_DIR "/examples/server-2smmu-4rc.yaml");
	/* the pool is plain malloc under AddressSanitizer: then it owns nothing */
	probe = iot_topology_strndup(&t, "x", 1);
	pooled = iot_topology_owns(&t, probe);
	iot_topology_free_str(&t, probe);
	ck_assert_uint_gt(t.n_platdevs, 0);
	for (size_t i = 0; i < t.n_platdevs; i++) {
		const struct iot_platdev *p = &t.platdevs[i];

		ck_assert_uint_gt(strlen(p->name), 0);
		ck_assert(iot_topology_owns(&t, p->name) == pooled);
		ck_assert(!p->dt_path || iot_topology_owns(&t, p->dt_path) == pooled);
		ck_assert(!p->n_iommus || iot_topology_owns(&t, p->iommus) == pooled);
		ck_assert(!p->n_iommus || !p->iommus[0].n_ids ||
			  iot_topology_owns(&t, p->iommus[0].ids) == pooled);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, iort_is_acpi_with_provenance);
	tcase_add_test(tc, viot_is_acpi);
	tcase_add_test(tc, acpidump_collects_tables);
	tcase_add_test(tc, dtb_is_dt);
	tcase_add_test(tc, yaml_is_model);
	tcase_add_test(tc, yaml_firmware_key);
	tcase_add_test(tc, yaml_then_table);
	tcase_add_test(tc, sysfs_tree_records_firmware);
	tcase_add_test(tc, nothing_read);
	tcase_add_test(tc, many_ids);
	tcase_add_test(tc, string_pool);
	tcase_add_test(tc, yaml_strings_in_pool);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
