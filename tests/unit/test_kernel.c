// SPDX-License-Identifier: MIT
/*
 * The kernel layer (src/kernel/): each rule on the smallest input that
 * shows it, each test naming the Linux function it mirrors.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "kernel/domain.h"
#include "kernel/idmap.h"
#include "kernel/pci.h"
#include "kernel/profile.h"
#include "model/model.h"

static struct iot_topology t;

static void setup(void)
{
	iot_topology_init(&t);
}

static void teardown(void)
{
	iot_topology_free(&t);
}

static int add_iommu(enum iot_iommu_model m)
{
	struct iot_iommu *u = iot_add_iommu(&t);

	u->model = m;
	return (int)t.n_iommus - 1;
}

/* scan.c:acpi_iommu_configure_id: IORT answers first, VIOT only when IORT has nothing */
START_TEST(acpi_iort_then_viot)
{
	struct iot_idmap m = { 0 };
	struct iot_map_result r;
	int smmu = add_iommu(IOT_IOMMU_SMMUV3), viommu = add_iommu(IOT_IOMMU_VIRTIO_PCI);

	/* VIOT row first in the map, IORT row second: order between tables does not matter */
	iot_idmap_add(&m, 0x0000, 0x200, viommu, 0x0000);
	iot_idmap_add(&m, 0x0100, 0x100, smmu, 0x8100);
	ck_assert_int_eq(iot_acpi_map_rid(&t, &m, 0x0120, &r), IOT_MAP_OK);
	ck_assert_int_eq(r.target, smmu);
	ck_assert_uint_eq(r.out, 0x8120);
	ck_assert_int_eq(r.sem, IOT_MAP_IORT);
	ck_assert_int_eq(iot_acpi_map_rid(&t, &m, 0x0010, &r), IOT_MAP_OK);
	ck_assert_int_eq(r.target, viommu);
	ck_assert_int_eq(r.sem, IOT_MAP_VIOT);
	/* nothing anywhere: the VIOT said no last */
	ck_assert_int_eq(iot_acpi_map_rid(&t, &m, 0x0300, &r), IOT_MAP_NO_MATCH);
	ck_assert_int_eq(r.sem, IOT_MAP_VIOT);
	/* the whole map: IORT as soon as one row is IORT's */
	ck_assert_int_eq(iot_acpi_map_semantics(&t, &m), IOT_MAP_IORT);
	iot_idmap_free(&m);
	iot_idmap_add(&m, 0x0000, 0x200, viommu, 0x0000);
	ck_assert_int_eq(iot_acpi_map_semantics(&t, &m), IOT_MAP_VIOT);
	iot_idmap_free(&m);
	ck_assert_int_eq(iot_acpi_map_semantics(&t, &m), IOT_MAP_IORT);
}
END_TEST

/* A pure IORT map that misses says so as IORT (no VIOT to fall back to). */
START_TEST(acpi_iort_only_miss)
{
	struct iot_idmap m = { 0 };
	struct iot_map_result r;
	int smmu = add_iommu(IOT_IOMMU_SMMUV3);

	iot_idmap_add(&m, 0x0000, 0x100, smmu, 0);
	ck_assert_int_eq(iot_acpi_map_rid(&t, &m, 0x0100 + 1, &r), IOT_MAP_NO_MATCH);
	ck_assert_int_eq(r.sem, IOT_MAP_IORT);
	ck_assert_uint_eq(r.out, 0x101);
	iot_idmap_free(&m);
}
END_TEST

/* iort.c:iort_get_id_mapping_index */
START_TEST(iort_mapping_index)
{
	bool of;

	/* SMMUv3: revision 0 has no index; all four GSIVs wired means none is used */
	ck_assert_int_eq(iot_iort_id_mapping_index(true, 0, false, 2, 4, &of), -1);
	ck_assert_int_eq(iot_iort_id_mapping_index(true, 1, true, 2, 4, &of), -1);
	ck_assert_int_eq(iot_iort_id_mapping_index(true, 1, false, 2, 4, &of), 2);
	ck_assert(!of);
	ck_assert_int_eq(iot_iort_id_mapping_index(true, 4, false, 4, 4, &of), -1);
	ck_assert(of); /* FW_BUG "ID mapping index overflows valid mappings" */
	/* PMCG: mapping 0 unless the overflow interrupt is wired or there is none */
	ck_assert_int_eq(iot_iort_id_mapping_index(false, 1, false, 7, 2, NULL), 0);
	ck_assert_int_eq(iot_iort_id_mapping_index(false, 1, true, 0, 2, NULL), -1);
	ck_assert_int_eq(iot_iort_id_mapping_index(false, 1, false, 0, 0, NULL), -1);
}
END_TEST

static struct iot_pci_dev *add_dev(struct iot_pci_root *r, uint8_t bus, uint8_t dev, uint8_t fn,
				   enum iot_pci_type type, int parent)
{
	struct iot_pci_dev *p = iot_root_add_dev(r);

	p->bus = bus;
	p->devfn = (uint8_t)(dev << 3 | fn);
	p->type = type;
	p->parent = parent;
	return p;
}

struct alias_list {
	uint16_t rid[16];
	size_t dev[16];
	size_t n;
};

static int collect(size_t dev, uint16_t rid, void *arg)
{
	struct alias_list *l = arg;

	l->dev[l->n] = dev;
	l->rid[l->n++] = rid;
	return 0;
}

/*
 * search.c:pci_for_each_dma_alias: the device's own ID, then up the tree a
 * PCIe-to-PCI bridge's (secondary, 00.0) and a conventional bridge's own ID;
 * PCIe ports add nothing.
 */
START_TEST(dma_alias_walk)
{
	struct iot_pci_root *r = iot_add_root(&t);
	struct iot_pci_quirks q;
	struct alias_list l = { .n = 0 };
	struct iot_pci_dev *b;

	add_dev(r, 0, 1, 0, IOT_PCI_ROOT_PORT, IOT_NONE); /* 0 */
	b = add_dev(r, 1, 0, 0, IOT_PCI_PCIE_TO_PCI_BRIDGE, 0); /* 1 */
	b->secondary = 2;
	b = add_dev(r, 2, 1, 0, IOT_PCI_PCI_BRIDGE, 1); /* 2 */
	b->secondary = 3;
	add_dev(r, 3, 4, 0, IOT_PCI_PCI_ENDPOINT, 2); /* 3 */
	iot_pci_quirks_init(&q, r, NULL);
	iot_pci_for_each_dma_alias(&q, 3, collect, &l);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_uint_eq(l.rid[0], 0x0320);
	ck_assert_uint_eq(l.rid[1], 0x0208); /* conventional bridge 02:01.0 itself */
	ck_assert_uint_eq(l.dev[1], 2);
	ck_assert_uint_eq(l.rid[2], 0x0200); /* PCIe-to-PCI bridge: (secondary 02, 00.0) */
	ck_assert_uint_eq(l.dev[2], 1);
	ck_assert(iot_pci_is_dma_alias(&q, 3, 0x0200));
	ck_assert(!iot_pci_is_dma_alias(&q, 3, 0x0100));
	iot_pci_quirks_free(&q);
}
END_TEST

/* quirks.c:quirk_dma_func1_alias (Marvell 88SE9128) and pci.c:pci_devs_are_dma_aliases */
START_TEST(dma_alias_func1_quirk)
{
	struct iot_pci_root *r = iot_add_root(&t);
	struct iot_pci_quirks q;
	struct alias_list l = { .n = 0 };
	struct iot_pci_dev *p;

	add_dev(r, 0, 1, 0, IOT_PCI_ROOT_PORT, IOT_NONE);
	p = add_dev(r, 1, 0, 0, IOT_PCI_ENDPOINT, 0);
	p->has_ids = true;
	p->vendor = 0x1b4b;
	p->device = 0x9128;
	add_dev(r, 1, 0, 1, IOT_PCI_ENDPOINT, 0);
	iot_pci_quirks_init(&q, r, NULL);
	iot_pci_for_each_dma_alias(&q, 1, collect, &l);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(l.rid[1], 0x0101);
	ck_assert(iot_pci_devs_are_dma_aliases(&q, 1, 2));
	ck_assert(iot_pci_devs_are_dma_aliases(&q, 2, 1));
	ck_assert(!iot_pci_devs_are_dma_aliases(&q, 0, 2));
	iot_pci_quirks_free(&q);
}
END_TEST

/* quirks.c:quirk_bridge_cavm_thrx2_pcie_root: the walk stops below an XLATE_ROOT bridge */
START_TEST(dma_alias_xlate_root)
{
	struct iot_pci_root *r = iot_add_root(&t);
	struct iot_pci_quirks q;
	struct alias_list l = { .n = 0 };
	struct iot_pci_dev *p;

	p = add_dev(r, 0, 0, 0, IOT_PCI_PCI_BRIDGE, IOT_NONE);
	p->has_ids = true;
	p->vendor = 0x14e4;
	p->device = 0x9084;
	p->secondary = 1;
	add_dev(r, 1, 0, 0, IOT_PCI_ENDPOINT, 0);
	iot_pci_quirks_init(&q, r, NULL);
	ck_assert(q.flags[0] & IOT_PCI_QF_XLATE_ROOT);
	iot_pci_for_each_dma_alias(&q, 1, collect, &l);
	ck_assert_uint_eq(l.n, 1);
	iot_pci_quirks_free(&q);
}
END_TEST

/* A parent listed after its child is taken as the root bus: no loop. */
START_TEST(dma_alias_broken_chain)
{
	struct iot_pci_root *r = iot_add_root(&t);
	struct iot_pci_quirks q;
	struct alias_list l = { .n = 0 };

	add_dev(r, 1, 0, 0, IOT_PCI_PCI_BRIDGE, 1);
	add_dev(r, 0, 1, 0, IOT_PCI_PCI_BRIDGE, 0);
	iot_pci_quirks_init(&q, r, NULL);
	iot_pci_for_each_dma_alias(&q, 0, collect, &l);
	ck_assert_uint_eq(l.n, 1);
	iot_pci_quirks_free(&q);
}
END_TEST

/* quirks.c:pci_dev_acs_enabled[]: pci_quirk_intel_pch_acs, pci_quirk_rciep_acs */
START_TEST(acs_quirks)
{
	struct iot_pci_root *r = iot_add_root(&t);
	struct iot_pci_dev *p;

	p = add_dev(r, 0, 0x1c, 0, IOT_PCI_ROOT_PORT, IOT_NONE);
	p->has_ids = true;
	p->vendor = 0x8086;
	p->device = 0x1c10;
	p = add_dev(r, 0, 2, 0, IOT_PCI_RCIEP, IOT_NONE);
	p->has_ids = true;
	p->vendor = 0x8086;
	p->device = 0x1234;
	add_dev(r, 0, 3, 0, IOT_PCI_ROOT_PORT, IOT_NONE);
	ck_assert_int_eq(iot_pci_acs_quirk(r, 0, NULL), IOT_ACS_QUIRK_INTEL_PCH);
	ck_assert_int_eq(iot_pci_acs_quirk(r, 1, NULL), IOT_ACS_QUIRK_YES);
	ck_assert_int_eq(iot_pci_acs_quirk(r, 2, NULL), IOT_ACS_QUIRK_NONE);
}
END_TEST

/* init/main.c:parse_args: handlers run in order, the later occurrence wins */
START_TEST(cmdline_order)
{
	struct iot_iommu_cmdline c;

	iot_iommu_cmdline_parse("ro iommu.passthrough=1 quiet iommu.passthrough=0", &c);
	ck_assert(c.passthrough_set && !c.passthrough);
	iot_iommu_cmdline_parse("iommu=nopt iommu.strict=off  iommu=pt", &c);
	ck_assert(c.passthrough_set && c.passthrough);
	ck_assert(c.strict_set && !c.strict);
	iot_iommu_cmdline_parse("intel_iommu=on,igfx_off amd_iommu=off iommu=soft,off", &c);
	ck_assert(c.intel_on && !c.intel_off && c.intel_igfx_off);
	ck_assert(c.amd_off && c.iommu_off);
	iot_iommu_cmdline_parse("intel_iommu=on intel_iommu=off iommu.strict=maybe", &c);
	ck_assert(c.intel_off && !c.intel_on);
	ck_assert(!c.strict_set); /* kstrtobool refuses "maybe": the handler ignores it */
	iot_iommu_cmdline_parse(NULL, &c);
	ck_assert(!c.passthrough_set && !c.iommu_off);
	/* a prefix is not the parameter */
	iot_iommu_cmdline_parse("iommu.passthroughx=1 xiommu=pt", &c);
	ck_assert(!c.passthrough_set);
}
END_TEST

/* iommu.c:iommu_get_default_domain_type and iommu_subsys_init */
START_TEST(default_domain)
{
	struct iot_iommu_cmdline c;
	struct iot_domain_inputs in = { .deferred_flush = true };

	iot_iommu_cmdline_parse("", &c);
	iot_iommu_dma_mode(NULL, NULL, true, &c, &in.mode);
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, NULL), IOT_DOMAIN_DMA_FQ); /* x86: lazy */
	iot_iommu_dma_mode(NULL, NULL, false, &c, &in.mode);
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, NULL), IOT_DOMAIN_DMA); /* arm64: strict */
	iot_iommu_cmdline_parse("iommu.strict=0", &c);
	iot_iommu_dma_mode(NULL, NULL, false, &c, &in.mode);
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, NULL), IOT_DOMAIN_DMA_FQ);
	in.deferred_flush = false; /* no IOMMU_CAP_DEFERRED_FLUSH: no flush queue */
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, NULL), IOT_DOMAIN_DMA);
	iot_iommu_cmdline_parse("iommu.passthrough=1", &c);
	iot_iommu_dma_mode(NULL, NULL, false, &c, &in.mode);
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, NULL), IOT_DOMAIN_IDENTITY);
	in.untrusted = true; /* untrusted: strict DMA whatever the command line says */
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, NULL), IOT_DOMAIN_DMA);
	in.untrusted = false;
	in.driver_type = IOT_DOMAIN_DMA; /* the driver's def_domain_type answer */
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, NULL), IOT_DOMAIN_DMA);
	ck_assert_str_eq(iot_domain_type_name(IOT_DOMAIN_DMA_FQ), "DMA-FQ");
}
END_TEST

START_TEST(cmdline_arch)
{
	struct iot_iommu_cmdline cl;
	struct iot_dma_mode m;

	/* iommu=pt is an x86 parameter: arm64 ignores it, the last of the two wins on x86 */
	iot_iommu_cmdline_parse("iommu.passthrough=0 iommu=pt", &cl);
	iot_iommu_dma_mode(NULL, NULL, true, &cl, &m);
	ck_assert(m.passthrough);
	iot_iommu_dma_mode(NULL, NULL, false, &cl, &m);
	ck_assert(!m.passthrough);
	iot_iommu_cmdline_parse("iommu=pt iommu.passthrough=0", &cl);
	iot_iommu_dma_mode(NULL, NULL, true, &cl, &m);
	ck_assert(!m.passthrough);
	/* intel_iommu=strict / amd_iommu=fullflush call iommu_set_dma_strict() */
	iot_iommu_cmdline_parse("intel_iommu=on,strict", &cl);
	iot_iommu_dma_mode(NULL, NULL, true, &cl, &m);
	ck_assert(m.strict);
	iot_iommu_cmdline_parse("amd_iommu=fullflush", &cl);
	iot_iommu_dma_mode(NULL, NULL, true, &cl, &m);
	ck_assert(m.strict);
}
END_TEST

START_TEST(profile_lookup)
{
	const struct iot_kernel_profile *p = iot_kernel_profile_find("6.12.118+deb13-arm64");

	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->version, "6.12");
	ck_assert_str_eq(iot_kernel_profile_find("v7.3-rc1")->version, "7.3");
	ck_assert_str_eq(iot_kernel_profile_find("v7.1-rc1")->version, "6.18");
	ck_assert_ptr_null(iot_kernel_profile_find("5.4"));
	ck_assert_ptr_null(iot_kernel_profile_find("linux"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kernel");
	TCase *tc = tcase_create("rules");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, acpi_iort_then_viot);
	tcase_add_test(tc, acpi_iort_only_miss);
	tcase_add_test(tc, iort_mapping_index);
	tcase_add_test(tc, dma_alias_walk);
	tcase_add_test(tc, dma_alias_func1_quirk);
	tcase_add_test(tc, dma_alias_xlate_root);
	tcase_add_test(tc, dma_alias_broken_chain);
	tcase_add_test(tc, acs_quirks);
	tcase_add_test(tc, cmdline_order);
	tcase_add_test(tc, default_domain);
	tcase_add_test(tc, profile_lookup);
	tcase_add_test(tc, cmdline_arch);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
