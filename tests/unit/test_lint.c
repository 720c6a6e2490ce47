// SPDX-License-Identifier: MIT
/*
 * Lint engine and model rules: each rule is triggered by a small change to a
 * clean QEMU-virt-like model, and the clean model triggers nothing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/rules.h"
#include "util/ssort.h"
#include "lint/xlat.h"

static struct iot_topology t;
static struct iot_diags d;
static struct iot_lint_config cfg;

/* its0, smmu0 (SMMUv3), pcie0 (all RIDs -> smmu0 and its0, identity). */
static void setup(void)
{
	struct iot_msi *its;
	struct iot_iommu *u;
	struct iot_pci_root *r;

	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_lint_config_init(&cfg);
	t.source = "test.yaml";
	its = iot_add_msi(&t);
	its->name = strdup("its0");
	u = iot_add_iommu(&t);
	u->name = strdup("smmu0");
	u->model = IOT_IOMMU_SMMUV3;
	u->base = 0x9050000;
	u->irq_event = 106;
	u->irq_gerror = 109;
	r = iot_add_root(&t);
	r->name = strdup("pcie0");
	r->mem.coherent = true;
	r->mem.flags = IOT_MAF_CPM | IOT_MAF_DACS;
	iot_idmap_add(&r->iommu_map, 0, 0x10000, 0, 0);
	iot_idmap_add(&r->msi_map, 0, 0x10000, 0, 0);
}

static void teardown(void)
{
	iot_lint_config_free(&cfg);
	iot_diags_free(&d);
	iot_topology_free(&t);
}

/* Findings of @rule at its own severity (not the engine's notes about it). */
static size_t found(const char *rule)
{
	size_t n = 0, nr;
	int i = iot_lint_rule_find(rule);
	const struct iot_rule *r = iot_lint_rules(&nr);

	ck_assert_int_ge(i, 0);
	for (size_t k = 0; k < d.n; k++)
		if (d.v[k].rule && !strcmp(d.v[k].rule, rule) && d.v[k].sev == r[i].sev)
			n++;
	return n;
}

static void lint(enum iot_fw_kind fw)
{
	iot_diags_free(&d);
	iot_diags_init(&d);
	iot_lint_topology(&t, fw, &cfg, &d);
}

static struct iot_pci_root *root0(void)
{
	return &t.roots[0];
}

static struct iot_platdev *platdev(const char *name, int iommu, uint32_t id)
{
	struct iot_platdev *p = iot_add_platdev(&t);
	struct iot_dev_iommu *di;

	p->name = strdup(name);
	di = iot_platdev_add_iommu(p);
	di->iommu = iommu;
	iot_dev_iommu_add_id(di, id, 0, false);
	return p;
}

START_TEST(clean_model_has_no_findings)
{
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(d.n, 0);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(d.n, 0);
	/* IORT: RC -> SMMU -> ITS; an RC row to the ITS over the same RIDs would be shadowed */
	iot_idmap_free(&root0()->msi_map);
	iot_idmap_add(&t.iommus[0].msi_map, 0, 0x10000, 0, 0);
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

/* The ids as rules.def spells them, to check each id against its name. */
static const char *const rule_ids[] = {
#define CHECK(id, name, sev, where, pre, fn, summary) #id,
#define READ(id, name, sev, where, summary) #id,
#include "lint/rules.def"
#undef CHECK
#undef READ
};

/* compile refuses lossy errors only: READ_LINUX rules (Linux's view of a table read in full) pass */
START_TEST(lossy_errors_skip_linux_rules)
{
	struct iot_diags dg;

	iot_diags_init(&dg);
	iot_rule_diag(&dg, IOT_RULE_IORT_RMR_REVISION, NULL, "RMR below E.d");
	iot_rule_diag(&dg, IOT_RULE_IORT_SMMU_MODEL, NULL, "model 9");
	iot_rule_diag(&dg, IOT_RULE_DMAR_NO_DRHD, NULL, "no DRHD");
	iot_rule_diag(&dg, IOT_RULE_IVRS_NO_IVHD, NULL, "no IVHD");
	iot_rule_diag(&dg, IOT_RULE_IORT_RMR_RANGE, NULL, "a warning");
	ck_assert_uint_eq(dg.n_errors, 4);
	ck_assert_uint_eq(iot_diags_lossy_errors(&dg), 0);
	iot_rule_diag(&dg, IOT_RULE_IORT_REF, NULL, "a reference lost");
	iot_rule_diag(&dg, IOT_RULE_NONE, NULL, "unreadable");
	ck_assert_uint_eq(iot_diags_lossy_errors(&dg), 2);
	iot_diags_free(&dg);
}
END_TEST

START_TEST(table_is_ordered_and_named)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	ck_assert_uint_eq(n, IOT_RULE_COUNT);
	for (size_t i = 0; i < n; i++) {
		char id[64];
		size_t k;

		ck_assert_int_eq(r[i].id, (int)i);
		ck_assert_int_eq(iot_lint_rule_find(r[i].name), (int)i);
		ck_assert_str_eq(iot_rule_name(r[i].id), r[i].name);
		ck_assert_int_eq(iot_rule_severity(r[i].id), r[i].sev);
		ck_assert_ptr_nonnull(r[i].summary);
		/* a name is lower case words joined by '-', the id its capitals */
		for (k = 0; r[i].name[k] && k + 1 < sizeof(id); k++) {
			char ch = r[i].name[k];

			ck_assert(ch == '-' || (ch >= 'a' && ch <= 'z') ||
				  (ch >= '0' && ch <= '9'));
			id[k] = ch == '-' ? '_' :
					    (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
		}
		id[k] = '\0';
		ck_assert_str_eq(id, rule_ids[i]);
		/* prerequisites are earlier rules: a rule runs after the rules it needs */
		for (k = 0; k < r[i].n_prereq; k++)
			ck_assert_int_lt(r[i].prereq[k], (int)i);
		ck_assert(r[i].check || r[i].where >= IOT_WHERE_READER_IORT);
		ck_assert(!r[i].check || r[i].where < IOT_WHERE_READER_IORT);
	}
	ck_assert_ptr_null(iot_rule_name(IOT_RULE_NONE));
	ck_assert_int_eq(iot_rule_severity(IOT_RULE_NONE), IOT_SEV_ERROR);
}
END_TEST

START_TEST(model_valid_gates_dependents)
{
	root0()->iommu_map.rows[0].target = 7; /* no such IOMMU */
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("model-valid"), 1);
	/* map-overlap needs model-valid: skipped with a note, never run on bad indices */
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].rule && !strcmp(d.v[i].rule, "map-overlap")) {
			ck_assert_int_eq(d.v[i].sev, IOT_SEV_NOTE);
			ck_assert_ptr_nonnull(strstr(d.v[i].msg, "model-valid"));
		}
	ck_assert_uint_eq(found("sid-collision"), 0);
}
END_TEST

START_TEST(config_disable_promote_werror)
{
	iot_idmap_add(&root0()->iommu_map, 0x100, 0x100, 0, 0x5000); /* overlap, shadowed */
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-overlap"), 1);
	ck_assert_int_eq(d.n_errors, 0);
	ck_assert_int_eq(iot_lint_config_apply(&cfg, "map-overlap", true), 0);
	lint(IOT_FW_MODEL);
	ck_assert_int_eq(d.n_errors, 1);
	ck_assert_int_eq(iot_lint_config_apply(&cfg, "no-map-overlap", true), 0);
	cfg.werror = true;
	lint(IOT_FW_MODEL);
	ck_assert_int_eq(d.n_errors, 1);
	cfg.werror = false;
	ck_assert_int_eq(iot_lint_config_apply(&cfg, "no-map-overlap", false), 0);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-overlap"), 0);
	ck_assert_int_eq(iot_lint_config_apply(&cfg, "map-overlap", false), 0);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-overlap"), 1);
	ck_assert_int_eq(iot_lint_config_apply(&cfg, "no-such-rule", false), -1);
}
END_TEST

START_TEST(filter_relevels_reader_findings)
{
	struct iot_diags in, out;

	iot_diags_init(&in);
	iot_diags_init(&out);
	iot_diag(&in, IOT_SEV_WARNING, NULL, "map-overlap", "x");
	iot_diag(&in, IOT_SEV_ERROR, NULL, NULL, "reader error");
	iot_diag(&in, IOT_SEV_WARNING, NULL, "not-a-rule", "kept");
	iot_lint_config_apply(&cfg, "map-overlap", true);
	iot_lint_filter(&in, &cfg, NULL, &out);
	ck_assert_uint_eq(out.n, 3);
	ck_assert_int_eq(out.v[0].sev, IOT_SEV_ERROR);
	iot_diags_free(&out);
	iot_diags_init(&out);
	iot_lint_config_apply(&cfg, "no-map-overlap", false);
	iot_lint_filter(&in, &cfg, NULL, &out);
	ck_assert_uint_eq(out.n, 2);
	iot_diags_free(&out);
	iot_diags_free(&in);
}
END_TEST

START_TEST(root_segment_unique)
{
	struct iot_pci_root *r = iot_add_root(&t);

	r->name = strdup("pcie1");
	r->bus_start = 0x80;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("root-segment-unique"), 1); /* buses 80-ff overlap 00-ff */
	t.roots[0].bus_end = 0x7f;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("root-segment-unique"), 0);
	/* a third root overlapping the second, not the first */
	r = iot_add_root(&t);
	r->name = strdup("pcie2");
	r->bus_start = 0xc0;
	r->bus_end = 0xcf;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("root-segment-unique"), 1);
	t.roots[2].segment = 2;
	lint(IOT_FW_ACPI); /* iort: only the first RC of a segment is ever used */
	ck_assert_uint_eq(found("root-segment-unique"), 1);
	t.roots[1].segment = 1;
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("root-segment-unique"), 0);
}
END_TEST

START_TEST(identifier_unique)
{
	t.iommus[0].has_identifier = true;
	t.iommus[0].identifier = 1;
	t.roots[0].has_identifier = true;
	t.roots[0].identifier = 2;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("identifier-unique"), 0);
	t.roots[0].identifier = 1;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("identifier-unique"), 1);
}
END_TEST

START_TEST(map_target_type)
{
	struct iot_iommu *v = iot_add_iommu(&t);

	v->name = strdup("viommu");
	v->model = IOT_IOMMU_VIRTIO_PCI;
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("map-target-type"), 0);
	/* an IORT RC row to a virtio-iommu cannot exist */
	iot_idmap_add(&root0()->iommu_map, 0x10000, 0x100, 1, 0);
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("map-target-type"), 1);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-target-type"), 0);
}
END_TEST

START_TEST(map_target_type_rmr)
{
	struct iot_iommu *v = iot_add_iommu(&t);
	struct iot_rmr *m = iot_add_rmr(&t);
	struct iot_rmr_range *g = calloc(1, sizeof(*g));

	v->name = strdup("viommu");
	v->model = IOT_IOMMU_VIRTIO_MMIO;
	g->base = 0x80000000;
	g->length = 0x10000;
	m->name = strdup("rmr0");
	m->ranges = g;
	m->n_ranges = 1;
	iot_idmap_add(&m->ids, 0x20, 1, 0, 0x20);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-target-type"), 0);
	m->ids.rows[0].target = 1;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-target-type"), 1);
}
END_TEST

START_TEST(map_target_disabled)
{
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-target-disabled"), 0);
	t.iommus[0].status = IOT_STATUS_DISABLED;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-target-disabled"), 1);
}
END_TEST

START_TEST(smmuv2_sid_width)
{
	t.iommus[0].model = IOT_IOMMU_MMU500;
	root0()->iommu_map.rows[0].out_base = 0x10000;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("smmuv2-sid-width"), 1);
	root0()->iommu_map.rows[0].out_base = 0;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("smmuv2-sid-width"), 0);
}
END_TEST

START_TEST(smmuv3_irqs)
{
	t.iommus[0].irq_gerror = 0;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smmuv3-irqs"), 1);
	lint(IOT_FW_MODEL); /* a YAML topology too: compile would write what it lacks */
	ck_assert_uint_eq(found("smmuv3-irqs"), 1);
	t.iommus[0].msi_controller = 0; /* MSIs instead */
	t.iommus[0].msi_device_id = 0x10000;
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("smmuv3-irqs"), 0);
}
END_TEST

START_TEST(platdev_multi_iommu)
{
	struct iot_iommu *u2 = iot_add_iommu(&t);
	struct iot_platdev *p = platdev("dma0", 0, 0x20000);
	struct iot_dev_iommu *di;

	u2->name = strdup("smmu1");
	u2->model = IOT_IOMMU_SMMUV3;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("platdev-multi-iommu"), 0);
	di = iot_platdev_add_iommu(p);
	di->iommu = 1;
	iot_dev_iommu_add_id(di, 0x5, 0, false);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("platdev-multi-iommu"), 1);
}
END_TEST

START_TEST(pmcg_target)
{
	struct iot_pmcg *p = iot_add_pmcg(&t);

	p->name = strdup("pmcg0");
	p->iommu = 0;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("pmcg-target"), 0);
	t.iommus[0].model = IOT_IOMMU_SMMUV2;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("pmcg-target"), 1);
}
END_TEST

START_TEST(map_mask_id_base)
{
	root0()->iommu_map.has_mask = true;
	root0()->iommu_map.mask = 0xfff8;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-mask-id-base"), 0);
	iot_idmap_add(&root0()->iommu_map, 0x10001, 1, 0, 0);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-mask-id-base"), 1);
	lint(IOT_FW_ACPI); /* no masks in IORT */
	ck_assert_uint_eq(found("map-mask-id-base"), 0);
}
END_TEST

START_TEST(map_overlap)
{
	/* the same translation twice is redundant, not an overlap */
	iot_idmap_add(&root0()->iommu_map, 0x100, 0x100, 0, 0x100);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-overlap"), 0);
	iot_idmap_add(&root0()->iommu_map, 0x100, 0x100, 0, 0x9000);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-overlap"), 1); /* one finding per map */
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "rows 0 and 2 both translate IDs 0x100-0x1ff"));
	iot_idmap_add(&root0()->iommu_map, 0x8000, 0x10, 0, 0x9000);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("map-overlap"), 1); /* ...with the count */
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "(and 1 more overlaps)"));
}
END_TEST

START_TEST(map_overlap_by_one)
{
	/* QEMU <= 9.0 IORT: RC rows 0..0xb00 -> SMMU, 0xb00.. -> ITS (count written as count) */
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_free(&root0()->msi_map);
	iot_idmap_add(&root0()->iommu_map, 0, 0xb00, 0, 0);
	iot_idmap_add(&root0()->msi_map, 0xb00, 0xf500, 0, 0xb00);
	iot_idmap_add(&t.iommus[0].msi_map, 0, 0x10000, 0, 0);
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("map-overlap-by-one"), 0);
	/* the RC's rows to the SMMU and to the ITS are one IORT mapping array */
	root0()->iommu_map.rows[0].count = 0xb01;
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("map-overlap-by-one"), 1);
	ck_assert_uint_eq(found("map-overlap"), 0);
	/* in a DT, iommu-map and msi-map are separate properties */
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-overlap-by-one"), 0);
	iot_idmap_add(&root0()->iommu_map, 0xb00, 0x100, 0, 0x7000);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-overlap-by-one"), 1);
}
END_TEST

START_TEST(map_id_count)
{
	root0()->iommu_map.rows[0].count = 0x10001;
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("map-id-count"), 1);
	root0()->iommu_map.rows[0].count = 0xffff;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-id-count"), 1);
	/* iommu-map-mask = <0> (MediaTek): every RID looks up ID 0, ID 0xffff never occurs */
	root0()->iommu_map.has_mask = true;
	root0()->iommu_map.mask = 0;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-id-count"), 0);
	root0()->iommu_map.has_mask = false;
	root0()->iommu_map.rows[0].count = 0x10000;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-id-count"), 0);
}
END_TEST

START_TEST(dt_iommu_map_cells)
{
	t.iommus[0].model = IOT_IOMMU_MMU500;
	t.iommus[0].iommu_cells = 2;
	root0()->iommu_map.dt_spec_cells = 1;
	lint(IOT_FW_DT);
	/* 4-cell rows of length 0x10000: misread by kernels with the rework */
	ck_assert_uint_eq(found("dt-iommu-map-short-rows"), 1);
	ck_assert_uint_eq(found("dt-iommu-map-cells"), 0);
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_add(&root0()->iommu_map, 0x100, 1, 0, 0x100);
	iot_idmap_add(&root0()->iommu_map, 0x200, 1, 0, 0x200);
	root0()->iommu_map.dt_spec_cells = 1;
	lint(IOT_FW_DT); /* of_map_id's "bad map" compatibility case: parses both ways */
	ck_assert_uint_eq(found("dt-iommu-map-cells"), 0);
	ck_assert_uint_eq(found("dt-iommu-map-short-rows"), 0);
	root0()->iommu_map.dt_spec_cells = 2;
	lint(IOT_FW_DT); /* 5-cell rows: right for kernels with the rework, a note for older ones */
	ck_assert_uint_eq(found("dt-iommu-map-cells"), 1);
	ck_assert_uint_eq(found("dt-iommu-map-short-rows"), 0);
}
END_TEST

START_TEST(map_hole)
{
	root0()->iommu_map.rows[0].count = 0x8000;
	root0()->msi_map.rows[0].count = 0x8000;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-hole"), 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "0x8000-0xffff"));
	/* an IORT RC has no bus range: RIDs above the last mapped one are not a hole... */
	iot_idmap_free(&root0()->msi_map);
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("map-hole"), 0);
	/* ...but a gap between mapped ranges is */
	iot_idmap_add(&root0()->iommu_map, 0x9000, 0x100, 0, 0x9000);
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("map-hole"), 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "0x8000-0x8fff"));
	root0()->bus_end = 0x7f;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-hole"), 0);
}
END_TEST

START_TEST(pci_untranslated)
{
	struct iot_pci_dev *dv = iot_root_add_dev(root0());

	dv->bus = 2;
	dv->devfn = 0;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("pci-untranslated"), 0);
	root0()->iommu_map.rows[0].count = 0x200;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("pci-untranslated"), 1);
	ck_assert_ptr_nonnull(strstr(d.v[d.n - 1].msg, "0000:02:00.0"));
}
END_TEST

START_TEST(map_hole_virtio_own_rid)
{
	struct iot_iommu *v = iot_add_iommu(&t);

	v->name = strdup("viommu");
	v->model = IOT_IOMMU_VIRTIO_PCI;
	v->pci_bdf = 0x8;
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_free(&root0()->msi_map);
	iot_idmap_add(&root0()->iommu_map, 0, 8, 1, 0);
	iot_idmap_add(&root0()->iommu_map, 9, 0xfff7, 1, 9);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-hole"), 0);
	ck_assert_uint_eq(found("virtio-own-rid"), 0);
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_add(&root0()->iommu_map, 0, 0x10000, 1, 0);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("virtio-own-rid"), 1);
	lint(IOT_FW_ACPI); /* viot.c skips the IOMMU's own RID itself */
	ck_assert_uint_eq(found("virtio-own-rid"), 0);
}
END_TEST

START_TEST(sid_collision)
{
	struct iot_pci_root *r = iot_add_root(&t);

	r->name = strdup("pcie1");
	r->segment = 1;
	iot_idmap_add(&r->iommu_map, 0, 0x10000, 0, 0x10000);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("sid-collision"), 0);
	r->iommu_map.rows[0].out_base = 0xff00; /* 0xff00-0xffff shared */
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("sid-collision"), 1);
	r->iommu_map.rows[0].out_base = 0x10000;
	platdev("dma0", 0, 0x10);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("sid-collision"), 1);
}
END_TEST

START_TEST(sid_alias)
{
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_add(&root0()->iommu_map, 0, 0x100, 0, 0);
	iot_idmap_add(&root0()->iommu_map, 0x100, 0xff00, 0, 0);
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("sid-alias"), 1);
	ck_assert_uint_eq(found("sid-collision"), 0);
	/* iommu-map-mask folding functions together is intended */
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_add(&root0()->iommu_map, 0, 0x10000, 0, 0);
	root0()->iommu_map.has_mask = true;
	root0()->iommu_map.mask = 0xfff8;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("sid-alias"), 0);
}
END_TEST

START_TEST(devid_collision)
{
	t.iommus[0].msi_controller = 0;
	t.iommus[0].msi_device_id = 0x20000;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("devid-collision"), 0);
	t.iommus[0].msi_device_id = 0x42;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("devid-collision"), 1);
}
END_TEST

START_TEST(msi_map_consistency)
{
	struct iot_pci_root *r = iot_add_root(&t);

	r->name = strdup("pcie1");
	r->segment = 1;
	iot_idmap_add(&r->iommu_map, 0, 0x10000, 0, 0x10000);
	iot_idmap_add(&r->msi_map, 0, 0x10000, 0, 0x10000);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("msi-map-consistency"), 0);
	/* msi-map offset differs from iommu-map: fine while each SID has one DeviceID */
	r->msi_map.rows[0].out_base = 0x30000;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("msi-map-consistency"), 0);
	/* pcie1's RIDs share SIDs with pcie0's but not DeviceIDs */
	r->iommu_map.rows[0].out_base = 0;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("msi-map-sid-devid"), 1);
	ck_assert_uint_eq(found("msi-map-consistency"), 0);
	/* a translated RID without a DeviceID */
	r->iommu_map.rows[0].out_base = 0x10000;
	r->msi_map.rows[0].count = 0x100;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("msi-map-consistency"), 1);
}
END_TEST

START_TEST(smr_mask_alias)
{
	struct iot_platdev *a, *b;

	t.iommus[0].model = IOT_IOMMU_MMU500;
	t.iommus[0].iommu_cells = 2;
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_free(&root0()->msi_map);
	a = platdev("a", 0, 0x1);
	b = platdev("b", 0, 0x11);
	a->iommus[0].ids[0].has_mask = true;
	b->iommus[0].ids[0].has_mask = true;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-mask-alias"), 0);
	a->iommus[0].ids[0].mask = 0x30; /* matches 1, 0x11, 0x21, 0x31 */
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-mask-alias"), 1);
}
END_TEST

START_TEST(smr_shared_and_conflict)
{
	struct iot_platdev *a, *b, *c;

	t.iommus[0].model = IOT_IOMMU_MMU500;
	t.iommus[0].iommu_cells = 2;
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_free(&root0()->msi_map);
	a = platdev("a", 0, 0x480);
	b = platdev("b", 0, 0x480);
	c = platdev("c", 0, 0x480);
	/* three identical entries: one group, one note naming all three */
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-shared"), 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "{device a, device b, device c}"));
	ck_assert_uint_eq(found("sid-collision"), 0);
	ck_assert_uint_eq(d.n_errors + d.n_warnings, 0);
	/* a disabled device is never probed: it shares nothing */
	b->status = IOT_STATUS_DISABLED;
	c->status = IOT_STATUS_DISABLED;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-shared"), 0);
	/* c's entry 0x480/0x1 contains a's and comes later in DT order: refused */
	c->status = IOT_STATUS_OKAY;
	c->iommus[0].ids[0].has_mask = true;
	c->iommus[0].ids[0].mask = 0x1;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-conflict"), 1);
	ck_assert_uint_eq(found("smr-mask-alias"), 0);
	/* the wider one first: shared */
	a->iommus[0].ids[0].has_mask = true;
	a->iommus[0].ids[0].mask = 0x3;
	c->iommus[0].ids[0].mask = 0;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-conflict"), 0);
	ck_assert_uint_eq(found("smr-mask-alias"), 1);
	/* 0x480/0x1 and 0x481/0x2 share only 0x481: a partial overlap */
	a->iommus[0].ids[0].mask = 0x1;
	c->iommus[0].ids[0].id = 0x481;
	c->iommus[0].ids[0].mask = 0x2;
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-conflict"), 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "partly overlaps"));
	/* a PCI root's stream IDs are entries with the IOMMU's default mask */
	c->status = IOT_STATUS_DISABLED;
	iot_idmap_add(&root0()->iommu_map, 0, 0x100, 0, 0x400);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("smr-mask-alias"), 1); /* a (0x480/0x1) holds RIDs 0x80, 0x81 */
	root0()->status = IOT_STATUS_DISABLED;
	lint(IOT_FW_DT);
	for (size_t i = 0; i < d.n; i++)
		ck_assert_msg(strncmp(d.v[i].rule, "smr-", 4), "%s", d.v[i].msg);
}
END_TEST

/*
 * arm-smmu.c:arm_smmu_find_sme, applied in source order, as the reference
 * the sorted SMR rules must agree with: every source whose entries are
 * refused, and every pair that ends up sharing.
 */
struct ref_smr {
	uint32_t id, mask;
	int src;
};

static int find_sme(const struct ref_smr *v, size_t n, uint32_t id, uint32_t mask)
{
	for (size_t i = 0; i < n; i++) {
		if ((mask & v[i].mask) == mask && !((id ^ v[i].id) & ~v[i].mask & 0xffff))
			return (int)i;
		if (!((id ^ v[i].id) & ~(v[i].mask | mask) & 0xffff))
			return -1;
	}
	return (int)n;
}

START_TEST(smr_rules_match_find_sme)
{
	unsigned int seed = 12345;

	for (int round = 0; round < 300; round++) {
		struct ref_smr alloc[64];
		size_t n_alloc = 0, refused = 0, nd = 2 + (size_t)(rand_r(&seed) % 6);
		bool shares = false;

		teardown();
		setup();
		t.iommus[0].model = IOT_IOMMU_MMU500;
		t.iommus[0].iommu_cells = 2;
		iot_idmap_free(&root0()->iommu_map);
		iot_idmap_free(&root0()->msi_map);
		for (size_t i = 0; i < nd; i++) {
			char name[24];
			struct iot_platdev *p;
			uint32_t id = (uint32_t)rand_r(&seed) & 0x1f;
			uint32_t mask = (uint32_t)rand_r(&seed) & (rand_r(&seed) % 3 ? 0x0 : 0x1b);
			int idx;

			snprintf(name, sizeof(name), "d%zu", i);
			p = platdev(name, 0, id);
			p->iommus[0].ids[0].has_mask = true;
			p->iommus[0].ids[0].mask = mask;
			idx = find_sme(alloc, n_alloc, id, mask);
			if (idx < 0)
				refused++;
			else if ((size_t)idx < n_alloc)
				shares = true;
			else
				alloc[n_alloc++] = (struct ref_smr){ id, mask, (int)i };
		}
		lint(IOT_FW_DT);
		/* every refusal is an smr-conflict finding (one per refused source at most) */
		ck_assert_msg((found("smr-conflict") > 0) == (refused > 0),
			      "round %d: %zu refused, %zu smr-conflict findings", round, refused,
			      found("smr-conflict"));
		if (!refused)
			ck_assert_uint_eq((found("smr-shared") + found("smr-mask-alias")) > 0,
					  shares);
	}
}
END_TEST

static struct iot_rmr *rmr(uint64_t base, uint64_t len)
{
	struct iot_rmr *m = iot_add_rmr(&t);

	m->name = strdup("rmr0");
	m->ranges = calloc(1, sizeof(*m->ranges));
	m->n_ranges = 1;
	m->ranges[0].base = base;
	m->ranges[0].length = len;
	iot_idmap_add(&m->ids, 0x20, 1, 0, 0x20);
	return m;
}

START_TEST(rmr_rules)
{
	struct iot_rmr *m = rmr(0x80000000, 0x10000);

	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(d.n, 0);
	m->ranges[0].length = 0;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("rmr-range-zero"), 1);
	m->ranges[0].length = 0x1000;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("rmr-range-align"), 1);
	m->ranges = realloc(m->ranges, 2 * sizeof(*m->ranges));
	m->ranges[0].length = 0x20000;
	m->ranges[1].base = 0x80010000;
	m->ranges[1].length = 0x10000;
	m->n_ranges = 2;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("rmr-range-overlap"), 1);
	m->n_ranges = 0;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("rmr-no-ranges"), 1);
	lint(IOT_FW_ACPI); /* the IORT reader reports it at the byte: iort-rmr-count */
	ck_assert_uint_eq(found("rmr-no-ranges"), 0);
}
END_TEST

START_TEST(rmr_table_revision)
{
	rmr(0x80000000, 0x10000);
	t.machine.has_iort_revision = true;
	t.machine.iort_revision = 5;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("rmr-table-revision"), 0);
	t.machine.iort_revision = 3;
	lint(IOT_FW_MODEL);
	ck_assert_uint_eq(found("rmr-table-revision"), 1);
}
END_TEST

START_TEST(memattr)
{
	root0()->mem.flags = 0;
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("memattr-cca-cpm"), 1);
	lint(IOT_FW_DT); /* a DT has no CPM */
	ck_assert_uint_eq(found("memattr-cca-cpm"), 0);
	root0()->mem.coherent = false;
	root0()->mem.flags = IOT_MAF_CPM | IOT_MAF_DACS;
	lint(IOT_FW_ACPI);
	ck_assert_uint_eq(found("memattr-dacs"), 1);
	ck_assert_uint_eq(found("memattr-cca-cpm"), 0);
}
END_TEST

START_TEST(pair_equivalence)
{
	struct iot_topology a;
	struct iot_pci_root *r;
	struct iot_iommu *u;

	iot_topology_init(&a);
	a.source = "IORT";
	iot_add_msi(&a)->name = strdup("its");
	u = iot_add_iommu(&a);
	u->name = strdup("SMMU");
	u->model = IOT_IOMMU_SMMUV3;
	u->base = 0x9050000;
	r = iot_add_root(&a);
	r->name = strdup("RC");
	iot_idmap_add(&r->iommu_map, 0, 0x10000, 0, 0);
	iot_idmap_add(&u->msi_map, 0, 0x10000, 0, 0);
	iot_lint_pair(&t, &a, &cfg, &d);
	ck_assert_uint_eq(found("dt-acpi-equivalence"), 0);
	/* platform devices are matched by IOMMU and IDs: two equal ones on each side pair off */
	platdev("dma0", 0, 0x20000);
	platdev("dma1", 0, 0x20000);
	iot_lint_pair(&t, &a, &cfg, &d);
	ck_assert_uint_eq(found("dt-acpi-equivalence"), 2);
	for (int k = 0; k < 2; k++) {
		struct iot_platdev *p = iot_add_platdev(&a);
		struct iot_dev_iommu *di = iot_platdev_add_iommu(p);

		p->name = strdup(k ? "NC1" : "NC0");
		di->iommu = 0;
		iot_dev_iommu_add_id(di, 0x20000, 0, false);
	}
	iot_diags_free(&d);
	iot_diags_init(&d);
	iot_lint_pair(&t, &a, &cfg, &d);
	ck_assert_uint_eq(found("dt-acpi-equivalence"), 0);
	/* QEMU's IORT: buses 0x0b.. go straight to the ITS, the DT sends them through the SMMU */
	r->iommu_map.rows[0].count = 0xb00;
	iot_idmap_add(&r->msi_map, 0xb00, 0xf500, 0, 0xb00);
	iot_lint_pair(&t, &a, &cfg, &d);
	ck_assert_uint_eq(found("dt-acpi-equivalence"), 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "0xb00-0xffff"));
	iot_topology_free(&a);
}
END_TEST

/* Run-by-run resolution (iot_root_xlat_next) equals resolving every RID on its own. */
static void check_runs(enum iot_fw_kind fw)
{
	struct iot_root_xlat x;
	const struct iot_pci_root *r = root0();

	iot_root_xlat_init(&x, &t, r, fw);
	for (uint64_t rid = iot_root_rid_first(r); rid <= iot_root_rid_last(r);) {
		struct iot_rid_xlat o, o2;
		uint64_t next;

		iot_root_xlat(&x, (uint32_t)rid, &o);
		next = iot_root_xlat_next(&x, (uint32_t)rid, &o);
		ck_assert_uint_gt(next, rid);
		for (uint64_t k = rid + 1; k < next && k <= iot_root_rid_last(r); k++) {
			iot_root_xlat(&x, (uint32_t)k, &o2);
			ck_assert_int_eq(o2.iommu, o.iommu);
			ck_assert_int_eq(o2.msi, o.msi);
			if (o.iommu != IOT_NONE)
				ck_assert_uint_eq(o2.sid, o.sid + (k - rid));
			if (o.msi != IOT_NONE)
				ck_assert_uint_eq(o2.devid, o.devid + (k - rid));
		}
		rid = next;
	}
	iot_root_xlat_free(&x);
}

START_TEST(runs_equal_per_rid)
{
	struct iot_idmap *m = &root0()->iommu_map;
	struct iot_map_row *row;

	iot_idmap_free(m);
	iot_idmap_free(&root0()->msi_map);
	/* IORT off-by-one pattern, an overlap, a row straight to the ITS, an SMMU split */
	row = iot_idmap_add(m, 0, 0xb01, 0, 0);
	row->loc = iot_loc_bin("IORT", 0x100);
	row = iot_idmap_add(m, 0x200, 0x300, 0, 0x7000);
	row->loc = iot_loc_bin("IORT", 0x114);
	row = iot_idmap_add(&root0()->msi_map, 0xb00, 0xf500, 0, 0xb00);
	row->loc = iot_loc_bin("IORT", 0x128);
	iot_idmap_add(&t.iommus[0].msi_map, 0, 0x180, 0, 0x10000);
	iot_idmap_add(&t.iommus[0].msi_map, 0x180, 0x10000, 0, 0x30000);
	check_runs(IOT_FW_ACPI);
	check_runs(IOT_FW_DT);
	root0()->msi_map.has_mask = true;
	root0()->msi_map.mask = 0xfff8;
	check_runs(IOT_FW_DT);
}
END_TEST

/* Hostile sizes are bounded: a map past the row limit is skipped with notes, not resolved. */
/*
 * No rule is cut short by a size cap: 100,000 rows of one map are resolved
 * like 10 (a hole at the end is found, and an overlap deep inside).
 */
START_TEST(no_row_limits)
{
	iot_idmap_free(&root0()->iommu_map);
	iot_idmap_free(&root0()->msi_map);
	root0()->bus_end = 0xff;
	for (uint32_t i = 0; i < 100000; i++) /* every RID twice, up to 49999 */
		iot_idmap_add(&root0()->iommu_map, i / 2, 1, 0, i / 2);
	lint(IOT_FW_DT);
	ck_assert_int_eq(d.n_errors + d.n_warnings, 0);
	ck_assert_uint_eq(found("map-hole"), 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "RIDs 0xc350-0xffff"));
	iot_idmap_add(&root0()->iommu_map, 0x100, 2, 0, 0x9000);
	lint(IOT_FW_DT);
	ck_assert_uint_eq(found("map-overlap"), 1);
}
END_TEST

START_TEST(man_and_text_lists)
{
	struct iot_buf b;
	size_t n;

	iot_lint_rules(&n);
	iot_buf_init(&b);
	iot_lint_rules_man(&b);
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&b), ".B map\\-overlap\\-by\\-one\n"));
	iot_buf_free(&b);
	iot_buf_init(&b);
	iot_lint_rules_text(&b);
	for (size_t i = 0, lines = 0; i <= b.len; i++) {
		if (i == b.len) {
			ck_assert_uint_eq(lines, n);
			break;
		}
		lines += b.data[i] == '\n';
	}
	iot_buf_free(&b);
}
END_TEST

/* The specialised sort orders like a stable merge sort: equal keys keep their order. */
struct keyed {
	uint32_t key, seq;
};

static inline bool keyed_before(const struct keyed *a, const struct keyed *b)
{
	return a->key < b->key;
}
IOT_SSORT_DEFINE(sort_keyed, struct keyed, keyed_before)

START_TEST(stable_sort)
{
	static const size_t sizes[] = { 0, 1, 2, 15, 16, 17, 33, 100, 1000, 4099 };
	unsigned int seed = 1;

	for (size_t s = 0; s < IOT_ARRAY_SIZE(sizes); s++)
		for (int shape = 0; shape < 4; shape++) {
			size_t n = sizes[s];
			struct keyed *v = calloc(n + 1, sizeof(*v));
			bool *seen = calloc(n + 1, sizeof(*seen));

			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				/* random, five keys, sorted, sorted but for one element */
				v[i].key = shape == 0 ? seed >> 8 :
					   shape == 1 ? (seed >> 8) % 5 :
							(uint32_t)i;
				v[i].seq = (uint32_t)i;
			}
			if (shape == 3 && n > 2)
				v[n / 3].key = (uint32_t)n;
			sort_keyed(v, n);
			for (size_t i = 0; i < n; i++) {
				ck_assert(!seen[v[i].seq]);
				seen[v[i].seq] = true;
				if (i && v[i - 1].key == v[i].key)
					ck_assert_uint_lt(v[i - 1].seq, v[i].seq);
				if (i)
					ck_assert_uint_le(v[i - 1].key, v[i].key);
			}
			free(seen);
			free(v);
		}
}
END_TEST

static Suite *lint_suite(void)
{
	Suite *s = suite_create("lint");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, clean_model_has_no_findings);
	tcase_add_test(tc, table_is_ordered_and_named);
	tcase_add_test(tc, lossy_errors_skip_linux_rules);
	tcase_add_test(tc, model_valid_gates_dependents);
	tcase_add_test(tc, config_disable_promote_werror);
	tcase_add_test(tc, filter_relevels_reader_findings);
	tcase_add_test(tc, root_segment_unique);
	tcase_add_test(tc, identifier_unique);
	tcase_add_test(tc, map_target_type);
	tcase_add_test(tc, map_target_type_rmr);
	tcase_add_test(tc, map_target_disabled);
	tcase_add_test(tc, smmuv2_sid_width);
	tcase_add_test(tc, smmuv3_irqs);
	tcase_add_test(tc, platdev_multi_iommu);
	tcase_add_test(tc, pmcg_target);
	tcase_add_test(tc, map_mask_id_base);
	tcase_add_test(tc, map_overlap);
	tcase_add_test(tc, map_overlap_by_one);
	tcase_add_test(tc, map_id_count);
	tcase_add_test(tc, dt_iommu_map_cells);
	tcase_add_test(tc, map_hole);
	tcase_add_test(tc, pci_untranslated);
	tcase_add_test(tc, map_hole_virtio_own_rid);
	tcase_add_test(tc, sid_collision);
	tcase_add_test(tc, sid_alias);
	tcase_add_test(tc, devid_collision);
	tcase_add_test(tc, msi_map_consistency);
	tcase_add_test(tc, smr_mask_alias);
	tcase_add_test(tc, smr_shared_and_conflict);
	tcase_add_test(tc, smr_rules_match_find_sme);
	tcase_add_test(tc, rmr_rules);
	tcase_add_test(tc, rmr_table_revision);
	tcase_add_test(tc, memattr);
	tcase_add_test(tc, pair_equivalence);
	tcase_add_test(tc, runs_equal_per_rid);
	tcase_add_test(tc, no_row_limits);
	tcase_add_test(tc, man_and_text_lists);
	tcase_add_test(tc, stable_sort);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lint_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
