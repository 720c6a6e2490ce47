// SPDX-License-Identifier: MIT
/* Device Tree writer, reader and --base patcher, on topologies built in C. */
#include <check.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt.h"
#include "dt/dtree.h"
#include "util/file.h"
#include "util/mem.h"

static struct iot_topology t;
static struct iot_diags d;
static struct iot_buf out;

static void setup(void)
{
	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&out);
}

static void teardown(void)
{
	iot_topology_free(&t);
	iot_diags_free(&d);
	iot_buf_free(&out);
}

/* QEMU virt with an SMMUv3: ITS, SMMU (IORT-style SMMU -> ITS map), one root, one DMA. */
static void build_smmuv3(struct iot_topology *tp)
{
	struct iot_msi *m = iot_add_msi(tp);
	struct iot_iommu *u;
	struct iot_pci_root *r;
	struct iot_platdev *p;
	struct iot_dev_iommu *di;

	m->name = iot_strdup("its0");
	m->base = 0x8080000;
	u = iot_add_iommu(tp);
	u->name = iot_strdup("smmu0");
	u->model = IOT_IOMMU_SMMUV3;
	u->base = 0x9050000;
	u->irq_event = 106;
	u->irq_pri = 107;
	u->irq_gerror = 108;
	u->irq_sync = 109;
	u->coherent = true;
	iot_idmap_add(&u->msi_map, 0, 0x10000, 0, 0x10000);
	iot_idmap_add(&u->msi_map, 0x20000, 2, 0, 0x40000); /* outside: dropped */
	r = iot_add_root(tp);
	r->name = iot_strdup("pcie0");
	r->ecam = 0x4010000000;
	r->mem.coherent = true;
	iot_idmap_add(&r->iommu_map, 0, 0x10000, 0, 0);
	p = iot_add_platdev(tp);
	p->name = iot_strdup("dma0");
	p->dt_path = iot_strdup("/soc/dma@1000");
	iot_compat_add(&p->compatible, "arm,pl330");
	di = iot_platdev_add_iommu(p);
	di->iommu = 0;
	iot_dev_iommu_add_id(di, 0x20, 0, false);
	iot_dev_iommu_add_id(di, 0x21, 0, false);
}

static const char *dts_text(void)
{
	ck_assert_int_eq(iot_dt_write_dts(&t, &out, &d), 0);
	return iot_buf_str(&out);
}

static void read_back(struct iot_topology *t2)
{
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), 0);
	ck_assert_int_eq(fdt_check_full(out.data, out.len), 0);
	iot_topology_init(t2);
	ck_assert_int_eq(iot_dt_read_dtb(out.data, out.len, "mem.dtb", t2, &d), 0);
	ck_assert_uint_eq(d.n_errors, 0);
}

static void assert_rows(const struct iot_idmap *m, size_t n, const uint32_t (*want)[4])
{
	ck_assert_uint_eq(m->n, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(m->rows[i].in_base, want[i][0]);
		ck_assert_uint_eq(m->rows[i].count, want[i][1]);
		ck_assert_int_eq(m->rows[i].target, (int)want[i][2]);
		ck_assert_uint_eq(m->rows[i].out_base, want[i][3]);
	}
}

START_TEST(smmuv3_dts_forms)
{
	const char *s;

	build_smmuv3(&t);
	s = dts_text();
	ck_assert_ptr_nonnull(strstr(s, "compatible = \"arm,smmu-v3\";"));
	ck_assert_ptr_nonnull(strstr(s, "#iommu-cells = <0x1>;"));
	ck_assert_ptr_nonnull(strstr(s, "iommu-map = <0x0 &smmu0 0x0 0x10000>;"));
	/* bindings/iommu/arm,smmu-v3.yaml interrupt-names order */
	ck_assert_ptr_nonnull(strstr(s, "\"eventq\", \"gerror\", \"priq\", \"cmdq-sync\""));
	ck_assert_ptr_nonnull(strstr(s, "<0x0 0x4a 0x1>"));
	ck_assert_ptr_nonnull(strstr(s, "iommus = <&smmu0 0x20>,"));
	ck_assert_ptr_nonnull(strstr(s, "device_type = \"pci\";"));
	ck_assert_ptr_nonnull(strstr(s, "compatible = \"pci-host-ecam-generic\";"));
	ck_assert_ptr_nonnull(strstr(s, "linux,pci-domain = <0x0>;"));
	ck_assert_ptr_nonnull(strstr(s, "bus-range = <0x0 0xff>;"));
	ck_assert_ptr_nonnull(strstr(s, "interrupt-parent = <&intc>;"));
	ck_assert_ptr_nonnull(strstr(s, "compatible = \"arm,gic-v3-its\";"));
}
END_TEST

/* msi-map derived from iommu-map composed with the SMMU's ID mappings (IORT RC->SMMU->ITS) */
START_TEST(derived_msi_map)
{
	struct iot_topology t2;
	static const uint32_t want[][4] = { { 0, 0x10000, 0, 0x10000 } };

	build_smmuv3(&t);
	read_back(&t2);
	assert_rows(&t2.roots[0].msi_map, 1, want);
	iot_topology_free(&t2);
}
END_TEST

/* no SMMU -> ITS map in the model: no msi-map is invented */
START_TEST(no_msi_map_without_model)
{
	build_smmuv3(&t);
	iot_idmap_free(&t.iommus[0].msi_map);
	ck_assert_ptr_null(strstr(dts_text(), "msi-map"));
}
END_TEST

START_TEST(round_trip_smmuv3)
{
	struct iot_topology t2;
	static const uint32_t imap[][4] = { { 0, 0x10000, 0, 0 } };

	build_smmuv3(&t);
	t.roots[0].iommu_map.has_mask = true;
	t.roots[0].iommu_map.mask = 0xfff8;
	t.iommus[0].msi_controller = 0;
	t.iommus[0].msi_device_id = 0x99;
	read_back(&t2);
	ck_assert_uint_eq(t2.n_iommus, 1);
	ck_assert_int_eq(t2.iommus[0].model, IOT_IOMMU_SMMUV3);
	ck_assert_uint_eq(t2.iommus[0].base, 0x9050000);
	ck_assert_uint_eq(t2.iommus[0].irq_event, 106);
	ck_assert_uint_eq(t2.iommus[0].irq_pri, 107);
	ck_assert_uint_eq(t2.iommus[0].irq_gerror, 108);
	ck_assert_uint_eq(t2.iommus[0].irq_sync, 109);
	ck_assert(t2.iommus[0].coherent);
	ck_assert_int_eq(t2.iommus[0].msi_controller, 0);
	ck_assert_uint_eq(t2.iommus[0].msi_device_id, 0x99);
	ck_assert_uint_eq(t2.n_msis, 1);
	ck_assert_uint_eq(t2.msis[0].base, 0x8080000);
	ck_assert_uint_eq(t2.n_roots, 1);
	ck_assert_uint_eq(t2.roots[0].ecam, 0x4010000000);
	ck_assert(t2.roots[0].mem.coherent);
	assert_rows(&t2.roots[0].iommu_map, 1, imap);
	ck_assert(t2.roots[0].iommu_map.has_mask);
	ck_assert_uint_eq(t2.roots[0].iommu_map.mask, 0xfff8);
	ck_assert(t2.roots[0].msi_map.has_mask);
	ck_assert_uint_eq(t2.n_platdevs, 1);
	ck_assert_str_eq(t2.platdevs[0].dt_path, "/soc/dma@1000");
	ck_assert_str_eq(t2.platdevs[0].compatible.v[0], "arm,pl330");
	ck_assert_uint_eq(t2.platdevs[0].n_iommus, 1);
	ck_assert_uint_eq(t2.platdevs[0].iommus[0].n_ids, 2);
	ck_assert_uint_eq(t2.platdevs[0].iommus[0].ids[1].id, 0x21);
	ck_assert_uint_eq(iot_topology_validate(&t2, &d), 0);
	iot_topology_free(&t2);
}
END_TEST

static void build_mmu500(unsigned int cells)
{
	struct iot_iommu *u = iot_add_iommu(&t);
	struct iot_platdev *p;
	struct iot_dev_iommu *di;

	u->name = iot_strdup("mmu500");
	u->model = IOT_IOMMU_MMU500;
	u->base = 0x2b400000;
	u->iommu_cells = cells;
	u->irq_global.gsiv = 96;
	u->irq_context = iot_xcalloc(2, sizeof(*u->irq_context));
	u->irq_context[0].gsiv = 97;
	u->irq_context[1].gsiv = 98;
	u->n_irq_context = 2;
	p = iot_add_platdev(&t);
	p->name = iot_strdup("dma1");
	p->dt_path = iot_strdup("/dma@2b500000");
	di = iot_platdev_add_iommu(p);
	di->iommu = 0;
	iot_dev_iommu_add_id(di, 0x10, 0x7, cells == 2);
}

START_TEST(mmu500_two_cells)
{
	struct iot_topology t2;
	const char *s;

	build_mmu500(2);
	s = dts_text();
	ck_assert_ptr_nonnull(strstr(s, "compatible = \"arm,mmu-500\", \"arm,smmu-v2\";"));
	ck_assert_ptr_nonnull(strstr(s, "#global-interrupts = <0x1>;"));
	ck_assert_ptr_nonnull(strstr(s, "#iommu-cells = <0x2>;"));
	ck_assert_ptr_nonnull(strstr(s, "iommus = <&mmu500 0x10 0x7>;"));
	read_back(&t2);
	ck_assert_int_eq(t2.iommus[0].model, IOT_IOMMU_MMU500);
	ck_assert_uint_eq(t2.iommus[0].iommu_cells, 2);
	ck_assert_uint_eq(t2.iommus[0].irq_global.gsiv, 96);
	ck_assert_uint_eq(t2.iommus[0].n_irq_context, 2);
	ck_assert_uint_eq(t2.iommus[0].irq_context[1].gsiv, 98);
	ck_assert(t2.platdevs[0].iommus[0].ids[0].has_mask);
	ck_assert_uint_eq(t2.platdevs[0].iommus[0].ids[0].mask, 7);
	iot_topology_free(&t2);
}
END_TEST

/* one wired interrupt for all SMMUv3 sources: interrupt-names = "combined" */
START_TEST(smmuv3_combined_irq)
{
	struct iot_topology t2;

	build_smmuv3(&t);
	t.iommus[0].irq_pri = t.iommus[0].irq_gerror = t.iommus[0].irq_sync = 106;
	ck_assert_ptr_nonnull(strstr(dts_text(), "interrupt-names = \"combined\";"));
	read_back(&t2);
	ck_assert_uint_eq(t2.iommus[0].irq_sync, 106);
	ck_assert_uint_eq(t2.iommus[0].irq_gerror, 106);
	iot_topology_free(&t2);
}
END_TEST

/* an SMR mask needs #iommu-cells = <2> (arm-smmu.c:arm_smmu_of_xlate) */
START_TEST(mask_needs_two_cells)
{
	build_mmu500(1);
	t.platdevs[0].iommus[0].ids[0].has_mask = true;
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "SMR mask"));
}
END_TEST

static void root_to(int iommu, uint32_t in, uint64_t count)
{
	struct iot_pci_root *r = t.n_roots ? &t.roots[0] : iot_add_root(&t);

	if (!r->name)
		r->name = iot_strdup("pcie0");
	r->ecam = 0x30000000;
	iot_idmap_add(&r->iommu_map, in, count, iommu, in);
}

/* the 2026 of_map_id rework: a 2-cell target is only read alike as single-ID rows */
START_TEST(two_cell_map_ranges_refused)
{
	build_mmu500(2);
	root_to(0, 0, 0x100);
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "#iommu-cells = <2>"));
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "2026"));
}
END_TEST

START_TEST(two_cell_map_single_ids_ok)
{
	struct iot_topology t2;

	build_mmu500(2);
	root_to(0, 0x8, 1);
	root_to(0, 0x10, 1);
	read_back(&t2);
	ck_assert_uint_eq(t2.roots[0].iommu_map.n, 2);
	ck_assert_uint_eq(t2.roots[0].iommu_map.rows[1].in_base, 0x10);
	iot_topology_free(&t2);
}
END_TEST

/* mixing targets when one is 2-cell: the new kernel would read 5-cell rows for it */
START_TEST(two_cell_map_mixed_refused)
{
	struct iot_iommu *u;

	build_mmu500(2);
	u = iot_add_iommu(&t);
	u->name = iot_strdup("smmu3");
	u->model = IOT_IOMMU_SMMUV3;
	u->base = 0x9050000;
	root_to(1, 0, 1);
	root_to(0, 8, 1);
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "row 1"));
}
END_TEST

START_TEST(virtio_pci)
{
	struct iot_topology t2;
	struct iot_iommu *u;
	const char *s;

	u = iot_add_iommu(&t);
	u->name = iot_strdup("viommu");
	u->model = IOT_IOMMU_VIRTIO_PCI;
	u->pci_bdf = 0x08; /* 00:01.0 */
	root_to(0, 0, 8);
	root_to(0, 9, 0xfff7);
	s = dts_text();
	/* dtc checks.c pci_device_reg: "1" for function 0 */
	ck_assert_ptr_nonnull(strstr(s, "viommu: iommu@1 {"));
	ck_assert_ptr_nonnull(strstr(s, "compatible = \"virtio,pci-iommu\", \"pci1af4,1057\";"));
	ck_assert_ptr_nonnull(strstr(s, "reg = <0x800 0x0 0x0 0x0 0x0>;"));
	read_back(&t2);
	ck_assert_int_eq(t2.iommus[0].model, IOT_IOMMU_VIRTIO_PCI);
	ck_assert_uint_eq(t2.iommus[0].pci_bdf, 0x08);
	ck_assert_uint_eq(t2.roots[0].iommu_map.n, 2);
	ck_assert_uint_eq(t2.roots[0].iommu_map.rows[1].count, 0xfff7);
	iot_topology_free(&t2);
}
END_TEST

START_TEST(no_dt_binding)
{
	struct iot_iommu *u = iot_add_iommu(&t);

	u->name = iot_strdup("dmar0");
	u->model = IOT_IOMMU_INTEL_VTD;
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "no Device Tree binding"));
}
END_TEST

START_TEST(dtsi_overrides)
{
	const char *s;

	build_smmuv3(&t);
	t.platdevs[0].dt_label = iot_strdup("dma0");
	ck_assert_int_eq(iot_dt_write_dtsi(&t, &out, &d), 0);
	s = iot_buf_str(&out);
	ck_assert_ptr_nonnull(strstr(s, "&dma0 {\n\tiommus = <&smmu0 0x20>,"));
	ck_assert_ptr_nonnull(strstr(s, "&{/pcie@4010000000} {\n\tdma-coherent;"));
	ck_assert_ptr_nonnull(strstr(s, "/ {\n\tsmmu0: iommu@9050000 {"));
	/* board properties stay out of the fragment */
	ck_assert_ptr_null(strstr(s, "device_type"));
	ck_assert_ptr_null(strstr(s, "arm,pl330"));
	ck_assert_ptr_null(strstr(s, "/dts-v1/"));
}
END_TEST

/* Every property of @a's node @na is in @b's node @nb with the same bytes, except @skip. */
static int same_tree(const void *a, int na, const void *b, int nb, const char *const *skip,
		     int *skipped)
{
	int prop, child;

	fdt_for_each_property_offset(prop, a, na)
	{
		const char *name;
		int la, lb;
		const void *va = fdt_getprop_by_offset(a, prop, &name, &la);
		const void *vb = fdt_getprop(b, nb, name, &lb);

		if (!vb || la != lb || memcmp(va, vb, (size_t)la))
			return -1;
	}
	fdt_for_each_property_offset(prop, b, nb)
	{
		const char *name;
		int l;

		fdt_getprop_by_offset(b, prop, &name, &l);
		if (!fdt_getprop(a, na, name, &l)) {
			size_t k = 0;

			while (skip[k] && strcmp(skip[k], name))
				k++;
			if (!skip[k])
				return -1;
			(*skipped)++;
		}
	}
	fdt_for_each_subnode(child, a, na)
	{
		int cb = fdt_subnode_offset(b, nb, fdt_get_name(a, child, NULL));

		if (cb < 0 || same_tree(a, child, b, cb, skip, skipped) < 0)
			return -1;
	}
	return 0;
}

/* --base: the IOMMU properties are added, everything else is byte-identical */
START_TEST(patch_base)
{
	struct iot_topology board, t2;
	struct iot_buf base;
	static const char *const added[] = { "iommus",	"iommu-map",	"msi-map",
					     "phandle", "#iommu-cells", NULL };
	int skipped = 0;
	uint32_t maxph = 0;

	/* the "board": the same tree with no IOMMU, no maps and one phandle in use */
	iot_topology_init(&board);
	build_smmuv3(&board);
	iot_idmap_free(&board.roots[0].iommu_map);
	free(board.platdevs[0].iommus[0].ids);
	free(board.platdevs[0].iommus);
	board.platdevs[0].iommus = NULL;
	board.platdevs[0].n_iommus = 0;
	iot_buf_init(&base);
	ck_assert_int_eq(iot_dt_write_dtb(&board, &base, &d), 0);
	ck_assert_int_eq(fdt_find_max_phandle(base.data, &maxph), 0);

	build_smmuv3(&t);
	t.roots[0].mem.coherent = false;
	t.iommus[0].dt_path = iot_strdup("/iommu@9050000");
	t.msis[0].dt_path = iot_strdup("/intc@8000000/msi-controller@8080000");
	ck_assert_int_eq(iot_dt_patch_dtb(&t, base.data, base.len, "board.dtb", &out, &d), 0);
	ck_assert_int_eq(fdt_check_full(out.data, out.len), 0);
	ck_assert_int_eq(same_tree(base.data, 0, out.data, 0, added, &skipped), 0);
	ck_assert_int_ge(skipped, 3);
	/* the new SMMU node got a phandle above the board's */
	ck_assert_uint_gt(fdt_get_phandle(out.data, fdt_path_offset(out.data, "/iommu@9050000")),
			  maxph);
	iot_topology_init(&t2);
	ck_assert_int_eq(iot_dt_read_dtb(out.data, out.len, "patched.dtb", &t2, &d), 0);
	ck_assert_uint_eq(t2.roots[0].iommu_map.n, 1);
	ck_assert_uint_eq(t2.platdevs[0].iommus[0].n_ids, 2);
	iot_topology_free(&t2);
	iot_topology_free(&board);
	iot_buf_free(&base);
}
END_TEST

START_TEST(patch_missing_node)
{
	struct iot_buf base;
	struct iot_topology board;

	iot_topology_init(&board);
	iot_buf_init(&base);
	ck_assert_int_eq(iot_dt_write_dtb(&board, &base, &d), 0);
	build_smmuv3(&t);
	ck_assert_int_eq(iot_dt_patch_dtb(&t, base.data, base.len, "board.dtb", &out, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "is not in the base DTB"));
	iot_topology_free(&board);
	iot_buf_free(&base);
}
END_TEST

/* two objects cannot be one DT node */
START_TEST(one_node_one_object)
{
	struct iot_pci_root *r;

	build_smmuv3(&t);
	t.roots[0].dt_path = iot_strdup("/pcie@1");
	r = iot_add_root(&t);
	r->name = iot_strdup("pcie1");
	r->segment = 1;
	r->dt_path = iot_strdup("/pcie@1");
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "already describes another object"));
}
END_TEST

/* of_map_id works in u32: a range past 2^32 has no DT form */
START_TEST(map_beyond_32_bits)
{
	build_smmuv3(&t);
	t.roots[0].iommu_map.rows[0].in_base = 0xffff0000;
	t.roots[0].iommu_map.rows[0].count = 0x20000;
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), -1);
}
END_TEST

START_TEST(status_ats_dma_ranges_round_trip)
{
	struct iot_topology t2;

	build_smmuv3(&t);
	t.iommus[0].status = IOT_STATUS_DISABLED;
	t.roots[0].ats = true;
	t.roots[0].mem.address_bits = 44;
	t.roots[0].segment = 7;
	t.roots[0].bus_start = 0x20;
	t.roots[0].bus_end = 0x3f;
	t.platdevs[0].nc_flags = 1 | (8 << 1);
	t.platdevs[0].mem.coherent = true;
	read_back(&t2);
	ck_assert_int_eq(t2.iommus[0].status, IOT_STATUS_DISABLED);
	ck_assert(t2.roots[0].ats);
	ck_assert_uint_eq(t2.roots[0].mem.address_bits, 44);
	ck_assert_uint_eq(t2.roots[0].segment, 7);
	ck_assert_uint_eq(t2.roots[0].bus_start, 0x20);
	ck_assert_uint_eq(t2.roots[0].bus_end, 0x3f);
	ck_assert_uint_eq(t2.platdevs[0].nc_flags, 1 | (8 << 1));
	ck_assert(t2.platdevs[0].mem.coherent);
	iot_topology_free(&t2);
}
END_TEST

/* a phandle the topology fixes is used; others are allocated around it */
START_TEST(fixed_phandles)
{
	build_smmuv3(&t);
	t.iommus[0].dt_phandle = 1;
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), 0);
	ck_assert_uint_eq(fdt_get_phandle(out.data, fdt_path_offset(out.data, "/iommu@9050000")),
			  1);
	/* the ITS and the GIC got others */
	ck_assert_uint_ne(
		fdt_get_phandle(out.data,
				fdt_path_offset(out.data, "/intc@8000000/msi-controller@8080000")),
		1);
	t.msis[0].dt_phandle = 1;
	ck_assert_int_eq(iot_dt_write_dtb(&t, &out, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[d.n - 1].msg, "given to two objects"));
}
END_TEST

/* --base: an IOMMU already on the board keeps its phandle; a clash on #iommu-cells is an error */
START_TEST(patch_existing_iommu)
{
	struct iot_buf base;
	uint32_t ph;
	int off;

	build_smmuv3(&t);
	t.iommus[0].dt_phandle = 0x77;
	iot_buf_init(&base);
	ck_assert_int_eq(iot_dt_write_dtb(&t, &base, &d), 0);
	t.iommus[0].dt_phandle = 0;
	t.iommus[0].dt_path = iot_strdup("/iommu@9050000");
	ck_assert_int_eq(iot_dt_patch_dtb(&t, base.data, base.len, "b.dtb", &out, &d), 0);
	off = fdt_path_offset(out.data, "/iommu@9050000");
	ph = fdt_get_phandle(out.data, off);
	ck_assert_uint_eq(ph, 0x77);
	/* a topology that says the SMMU has two cells does not match the board */
	t.iommus[0].model = IOT_IOMMU_MMU500;
	t.iommus[0].iommu_cells = 2;
	iot_idmap_free(&t.roots[0].iommu_map);
	t.platdevs[0].n_iommus = 0;
	ck_assert_int_eq(iot_dt_patch_dtb(&t, base.data, base.len, "b.dtb", &out, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[d.n - 1].msg, "#iommu-cells differs"));
	t.platdevs[0].n_iommus = 1;
	iot_buf_free(&base);
}
END_TEST

/* --base: a node named by label is found through /__symbols__ */
START_TEST(patch_by_label)
{
	struct iot_buf base;
	int sym, off;
	const void *v;

	build_smmuv3(&t);
	iot_buf_init(&base);
	ck_assert_int_eq(iot_dt_write_dtb(&t, &base, &d), 0);
	/* add /__symbols__ { board_dma = "/soc/dma@1000"; } to the board */
	iot_buf_zeros(&base, 4096);
	ck_assert_int_eq(fdt_open_into(base.data, base.data, (int)base.len), 0);
	sym = fdt_add_subnode(base.data, 0, "__symbols__");
	ck_assert_int_ge(sym, 0);
	ck_assert_int_eq(fdt_setprop_string(base.data, sym, "board_dma", "/soc/dma@1000"), 0);
	ck_assert_int_eq(fdt_setprop_string(base.data, sym, "smmu0", "/soc"), 0);
	ck_assert_int_eq(fdt_pack(base.data), 0);
	free(t.platdevs[0].dt_path);
	t.platdevs[0].dt_path = iot_strdup("/not/here");
	ck_assert_int_eq(
		iot_dt_patch_dtb(&t, base.data, fdt_totalsize(base.data), "b.dtb", &out, &d), -1);
	/* the SMMU's made-up label "smmu0" must not find the board's node of that label */
	t.platdevs[0].dt_label = iot_strdup("board_dma");
	t.iommus[0].dt_path = iot_strdup("/iommu@1");
	ck_assert_int_eq(
		iot_dt_patch_dtb(&t, base.data, fdt_totalsize(base.data), "b.dtb", &out, &d), 0);
	off = fdt_path_offset(out.data, "/soc/dma@1000");
	v = fdt_getprop(out.data, off, "iommus", NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_lt(fdt_path_offset(out.data, "/not"), 0);
	ck_assert_ptr_null(
		fdt_getprop(out.data, fdt_path_offset(out.data, "/soc"), "#iommu-cells", NULL));
	ck_assert_int_ge(fdt_path_offset(out.data, "/iommu@1"), 0);
	iot_buf_free(&base);
}
END_TEST

/*
 * --base finds board nodes as libfdt's fdt_path_offset does, which matches
 * "eth" to an "eth@5" before it: patching, which indexes the board's paths
 * (a lookup per path would be quadratic), must land where libfdt would.
 */
START_TEST(patch_finds_as_libfdt)
{
	struct iot_buf base;
	int soc, child;

	build_smmuv3(&t);
	iot_buf_init(&base);
	ck_assert_int_eq(iot_dt_write_dtb(&t, &base, &d), 0);
	iot_buf_zeros(&base, 4096);
	ck_assert_int_eq(fdt_open_into(base.data, base.data, (int)base.len), 0);
	soc = fdt_path_offset(base.data, "/soc");
	/* each new subnode goes first: /soc is then eth@5, eth, dma@1000 */
	ck_assert_int_ge(fdt_add_subnode(base.data, soc, "eth"), 0);
	soc = fdt_path_offset(base.data, "/soc");
	ck_assert_int_ge(fdt_add_subnode(base.data, soc, "eth@5"), 0);
	ck_assert_int_eq(fdt_pack(base.data), 0);
	free(t.platdevs[0].dt_path);
	t.platdevs[0].dt_path = iot_strdup("/soc/eth");
	ck_assert_int_eq(
		iot_dt_patch_dtb(&t, base.data, fdt_totalsize(base.data), "b.dtb", &out, &d), 0);
	ck_assert_ptr_nonnull(
		fdt_getprop(out.data, fdt_path_offset(out.data, "/soc/eth@5"), "iommus", NULL));
	/* and not on the node named exactly "eth" */
	fdt_for_each_subnode(
		child, out.data,
		fdt_path_offset(out.data, "/soc")) if (!strcmp(fdt_get_name(out.data, child, NULL),
							       "eth"))
		ck_assert_ptr_null(fdt_getprop(out.data, child, "iommus", NULL));
	iot_buf_free(&base);
}
END_TEST

static void pci_node(void *fdt, const char *name, int domain)
{
	ck_assert_int_eq(fdt_begin_node(fdt, name), 0);
	ck_assert_int_eq(fdt_property_string(fdt, "device_type", "pci"), 0);
	if (domain >= 0)
		ck_assert_int_eq(fdt_property_u32(fdt, "linux,pci-domain", (uint32_t)domain), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
}

/* pci.c:of_pci_bus_find_domain_nr: DT domains reserved, the others take the smallest free */
START_TEST(domains_numbered)
{
	static uint8_t fdt[4096];

	ck_assert_int_eq(fdt_create(fdt, sizeof(fdt)), 0);
	ck_assert_int_eq(fdt_finish_reservemap(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, ""), 0);
	pci_node(fdt, "pcie@1", -1);
	pci_node(fdt, "pcie@2", 0);
	pci_node(fdt, "pcie@3", -1);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_finish(fdt), 0);
	ck_assert_int_eq(iot_dt_read_dtb(fdt, fdt_totalsize(fdt), "d.dtb", &t, &d), 0);
	ck_assert_uint_eq(t.n_roots, 3);
	ck_assert_uint_eq(t.roots[0].segment, 1);
	ck_assert_uint_eq(t.roots[1].segment, 0);
	ck_assert_uint_eq(t.roots[2].segment, 2);
}
END_TEST

START_TEST(fixture_qemu_arm_g)
{
	uint8_t *data;
	size_t len;
	static const uint32_t rows[][4] = { { 0, 0x10000, 0, 0 } };

	ck_assert_int_eq(iot_read_file(IOTOPO_SRC_DIR
				       "/tests/fixtures/arm-g-smmuv3-dt/qemu-dumpdtb.dtb",
				       &data, &len, &d),
			 0);
	ck_assert_int_eq(iot_dt_read_dtb(data, len, "arm-g.dtb", &t, &d), 0);
	free(data);
	ck_assert_uint_eq(t.n_iommus, 1);
	ck_assert_int_eq(t.iommus[0].model, IOT_IOMMU_SMMUV3);
	ck_assert_uint_eq(t.iommus[0].base, 0x9050000);
	ck_assert_uint_eq(t.iommus[0].irq_event, 0x4a + 32);
	ck_assert_uint_eq(t.iommus[0].irq_gerror, 0x4d + 32);
	ck_assert_str_eq(t.iommus[0].dt_path, "/smmuv3@9050000");
	ck_assert_uint_eq(t.n_msis, 1);
	ck_assert_uint_eq(t.msis[0].base, 0x8080000);
	ck_assert_str_eq(t.msis[0].dt_path, "/intc@8000000/its@8080000");
	ck_assert_uint_eq(t.n_roots, 1);
	ck_assert_uint_eq(t.roots[0].ecam, 0x4010000000);
	ck_assert_uint_eq(t.roots[0].segment, 0);
	ck_assert_uint_eq(t.roots[0].bus_end, 0xff);
	ck_assert(t.roots[0].mem.coherent);
	assert_rows(&t.roots[0].iommu_map, 1, rows);
	assert_rows(&t.roots[0].msi_map, 1, rows);
	ck_assert_uint_eq(t.n_platdevs, 0);
}
END_TEST

START_TEST(bad_magic)
{
	static const uint8_t junk[64] = { 1, 2, 3, 4 };

	ck_assert_int_eq(iot_dt_read_dtb(junk, sizeof(junk), "junk.dtb", &t, &d), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "bad magic"));
	ck_assert(d.v[0].loc.has_offset);
}
END_TEST

/* The blob libfdt's sequential-write calls make of @tr: what dtree_to_dtb must equal. */
static int libfdt_node(const struct dtree *tr, int idx, void *fdt, struct iot_buf *val)
{
	const struct dtn *n = &tr->nodes[idx];
	int rc = fdt_begin_node(fdt, n->name);

	for (size_t i = 0; !rc && i < n->n_props; i++) {
		dtp_value(tr, &n->props[i], val);
		rc = fdt_property(fdt, n->props[i].name, val->data, (int)val->len);
	}
	if (!rc && n->phandle)
		rc = fdt_property_u32(fdt, "phandle", n->phandle);
	for (size_t i = 0; !rc && i < n->n_kids; i++)
		rc = libfdt_node(tr, n->kids[i], fdt, val);
	return rc ? rc : fdt_end_node(fdt);
}

/* Names that end other names, stored before and after them, and repeated (replaced). */
/* @mode 0: a tree to write, 1: sized only, 2: lean (checked only) */
static void libfdt_test_tree(struct dtree *tr, int mode)
{
	static const char *const names[] = {
		"cells", "#size-cells", "size-cells", "cells", "#address-cells",
		"reg",	 "compatible",	"ells",	      "s",     "#size-cells",
		"x",	 "reg"
	};
	struct dtp *p;
	int a, b;

	if (mode == 2) {
		dtree_init_lean(tr);
	} else {
		dtree_init(tr);
		tr->sizing = mode == 1;
	}
	a = dtree_get(tr, "/soc/dev@1000");
	b = dtree_get(tr, "//soc//odd-name-len@2/");
	for (size_t i = 0; i < IOT_ARRAY_SIZE(names); i++) {
		int n = i % 3 == 0 ? 0 : i % 3 == 1 ? a : b;

		p = dtree_prop(tr, n, names[i], i % 4 == 3 ? DTP_STRINGS : DTP_CELLS);
		if (i % 4 == 3)
			dtp_string(p, "abc"), dtp_string(p, "de");
		else
			for (size_t k = 0; k <= i % 3; k++)
				dtp_cell(p, (uint32_t)(i * 16 + k));
	}
	dtree_flag(tr, a, "dma-coherent", false);
	dtp_ref(dtree_prop(tr, b, "iommus", DTP_CELLS), a);
	/* a reference after more cells than the first room holds */
	p = dtree_prop(tr, a, "mixed", DTP_CELLS);
	for (uint32_t k = 0; k < 6; k++)
		dtp_cell(p, k);
	dtp_ref(p, dtree_get(tr, "/soc"));
	dtp_cell(p, 9);
	dtree_del_prop(tr, a, "x");
}

/* dtree_get: deep, long and untidy paths make the same nodes as walking child by child */
START_TEST(dtree_get_paths)
{
	struct dtree tr;
	struct iot_buf deep, lng;
	int n, m, walk;

	dtree_init(&tr);
	iot_buf_init(&deep);
	iot_buf_init(&lng);
	for (int i = 0; i < 20; i++) /* past the prefixes dtree_get hashes at once */
		iot_buf_printf(&deep, "//d%d", i);
	n = dtree_get(&tr, iot_buf_str(&deep));
	walk = 0;
	for (int i = 0; i < 20; i++) {
		char name[8];

		snprintf(name, sizeof(name), "d%d", i);
		walk = dtree_child(&tr, walk, name);
	}
	ck_assert_int_eq(n, walk);
	ck_assert_uint_eq(tr.n, 21);
	ck_assert_str_eq(tr.nodes[n].name, "d19");
	ck_assert_int_eq(dtree_get(&tr, "/d0/d1/d2/"), 3);
	ck_assert_int_eq(dtree_lookup(&tr, "/d0/d1/d2"), 3);
	iot_buf_adds(&lng, "/soc/");
	for (int i = 0; i < 300; i++) /* past dtree_get's stack buffer */
		iot_buf_addc(&lng, (char)('a' + i % 26));
	m = dtree_get(&tr, iot_buf_str(&lng));
	ck_assert_int_eq(dtree_lookup(&tr, iot_buf_str(&lng)), m);
	ck_assert_int_eq(dtree_get(&tr, iot_buf_str(&lng)), m);
	ck_assert_str_eq(tr.nodes[m].path, iot_buf_str(&lng));
	ck_assert_int_eq(tr.nodes[m].parent, dtree_lookup(&tr, "/soc"));
	ck_assert_int_eq(dtree_get(&tr, "/"), 0);
	ck_assert_int_eq(dtree_get(&tr, ""), 0);
	iot_buf_free(&deep);
	iot_buf_free(&lng);
	dtree_free(&tr);
}
END_TEST

START_TEST(dtb_as_libfdt_writes_it)
{
	struct dtree tr, sized, lean;
	struct iot_buf got, val;
	const size_t size = 1 << 16;
	uint8_t *want = iot_xcalloc(1, size);

	libfdt_test_tree(&tr, 0);
	ck_assert_int_eq(dtree_lookup(&tr, "/soc/odd-name-len@2"),
			 dtree_get(&tr, "/soc/odd-name-len@2"));
	dtree_assign_phandles(&tr, 1);
	iot_buf_init(&got);
	iot_buf_init(&val);
	ck_assert_int_eq(dtree_to_dtb(&tr, &got), 0);
	ck_assert_int_eq(fdt_create(want, (int)size), 0);
	ck_assert_int_eq(fdt_finish_reservemap(want), 0);
	ck_assert_int_eq(libfdt_node(&tr, 0, want, &val), 0);
	ck_assert_int_eq(fdt_finish(want), 0);
	ck_assert_uint_eq(got.len, fdt_totalsize(want));
	ck_assert(!memcmp(got.data, want, got.len));
	ck_assert_int_eq(fdt_check_full(got.data, got.len), 0);
	/* check's tree (no values) sizes the same blob; its bound is no less */
	ck_assert_uint_eq(dtree_dtb_size(&tr), got.len);
	libfdt_test_tree(&sized, 1);
	ck_assert_uint_ge(dtree_dtb_bound(&sized), got.len);
	/* a lean tree keeps the same nodes, property names and bound */
	libfdt_test_tree(&lean, 2);
	ck_assert_uint_eq(dtree_dtb_bound(&lean), dtree_dtb_bound(&sized));
	ck_assert_uint_eq(lean.n, tr.n);
	for (size_t i = 0; i < tr.n; i++) {
		ck_assert_uint_eq(lean.nodes[i].n_props, tr.nodes[i].n_props);
		for (size_t k = 0; k < tr.nodes[i].n_props; k++)
			ck_assert_str_eq(lean.nodes[i].prop_names[k], tr.nodes[i].props[k].name);
	}
	dtree_free(&lean);
	dtree_assign_phandles(&sized, 1);
	ck_assert_uint_eq(dtree_dtb_size(&sized), got.len);
	free(want);
	iot_buf_free(&got);
	iot_buf_free(&val);
	dtree_free(&tr);
	dtree_free(&sized);
}
END_TEST

Suite *dt_suite(void)
{
	Suite *s = suite_create("dt");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, smmuv3_dts_forms);
	tcase_add_test(tc, derived_msi_map);
	tcase_add_test(tc, no_msi_map_without_model);
	tcase_add_test(tc, round_trip_smmuv3);
	tcase_add_test(tc, mmu500_two_cells);
	tcase_add_test(tc, smmuv3_combined_irq);
	tcase_add_test(tc, mask_needs_two_cells);
	tcase_add_test(tc, two_cell_map_ranges_refused);
	tcase_add_test(tc, two_cell_map_single_ids_ok);
	tcase_add_test(tc, two_cell_map_mixed_refused);
	tcase_add_test(tc, virtio_pci);
	tcase_add_test(tc, no_dt_binding);
	tcase_add_test(tc, dtsi_overrides);
	tcase_add_test(tc, patch_base);
	tcase_add_test(tc, patch_missing_node);
	tcase_add_test(tc, one_node_one_object);
	tcase_add_test(tc, map_beyond_32_bits);
	tcase_add_test(tc, status_ats_dma_ranges_round_trip);
	tcase_add_test(tc, fixed_phandles);
	tcase_add_test(tc, patch_existing_iommu);
	tcase_add_test(tc, patch_by_label);
	tcase_add_test(tc, patch_finds_as_libfdt);
	tcase_add_test(tc, domains_numbered);
	tcase_add_test(tc, fixture_qemu_arm_g);
	tcase_add_test(tc, bad_magic);
	tcase_add_test(tc, dtb_as_libfdt_writes_it);
	tcase_add_test(tc, dtree_get_paths);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
