// SPDX-License-Identifier: MIT
/* IORT/VIOT writers and readers: goldens, real QEMU tables, round trips. */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "util/file.h"
#include "util/mem.h"

#define FIX IOTOPO_SRC_DIR "/tests/fixtures/acpi/"

static struct iot_topology t;
static struct iot_diags d;
static struct iot_buf b;

static void setup(void)
{
	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&b);
}

static void teardown(void)
{
	iot_topology_free(&t);
	iot_diags_free(&d);
	iot_buf_free(&b);
}

static void dump_diags(void)
{
	iot_diags_fprint(stderr, &d);
}

static uint8_t *load(const char *path, size_t *len)
{
	uint8_t *data;

	ck_assert_int_eq(iot_read_file(path, &data, len, &d), 0);
	return data;
}

static void set_oem(struct iot_topology *tp, const char *oem, const char *tid, uint32_t orev,
		    const char *cid, uint32_t crev)
{
	snprintf(tp->machine.oem_id, sizeof(tp->machine.oem_id), "%s", oem);
	snprintf(tp->machine.oem_table_id, sizeof(tp->machine.oem_table_id), "%s", tid);
	tp->machine.oem_revision = orev;
	snprintf(tp->machine.creator_id, sizeof(tp->machine.creator_id), "%s", cid);
	tp->machine.creator_revision = crev;
	tp->machine.has_oem = true;
}

/* Decode a real table, encode it again: the same bytes. */
static void roundtrip_file(const char *path, bool iort)
{
	size_t len;
	uint8_t *data = load(path, &len);
	struct iot_acpi_opts o = { .iort_revision = -1 };
	int rc;

	rc = iort ? iot_iort_read(data, len, path, &t, &d) : iot_viot_read(data, len, path, &t, &d);
	if (rc)
		dump_diags();
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(d.n_warnings, 0);
	ck_assert_int_eq(iot_topology_validate(&t, &d), 0);
	rc = iort ? iot_iort_write(&t, &o, &b, NULL, &d) : iot_viot_write(&t, &b, NULL, &d);
	if (rc)
		dump_diags();
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(b.len, len);
	ck_assert_mem_eq(b.data, data, len);
	free(data);
}

START_TEST(qemu_iort_roundtrip)
{
	roundtrip_file(FIX "qemu-arm-h-smmuv3.IORT", true);
	/* QEMU 7.2: ITS, SMMUv3, RC; RC RIDs 0..0xB00 -> SMMU (count written as count) */
	ck_assert_uint_eq(t.n_msis, 1);
	ck_assert_uint_eq(t.n_iommus, 1);
	ck_assert_int_eq(t.iommus[0].model, IOT_IOMMU_SMMUV3);
	ck_assert_uint_eq(t.iommus[0].base, 0x09050000);
	ck_assert(t.iommus[0].coherent);
	ck_assert_uint_eq(t.iommus[0].irq_event, 0x6a);
	ck_assert_uint_eq(t.n_roots, 1);
	ck_assert_uint_eq(t.roots[0].iommu_map.n, 1);
	ck_assert_uint_eq(t.roots[0].iommu_map.rows[0].count, 0xb01);
	ck_assert_uint_eq(t.roots[0].msi_map.n, 1);
	ck_assert_uint_eq(t.roots[0].msi_map.rows[0].in_base, 0xb00);
	ck_assert_uint_eq(t.roots[0].msi_map.rows[0].count, 0xf500);
	ck_assert_uint_eq(t.iommus[0].msi_map.n, 1);
	ck_assert_uint_eq(t.machine.iort_revision, 3);
	ck_assert_str_eq(t.machine.oem_id, "BOCHS ");
	ck_assert_uint_eq(t.roots[0].identifier, 2);
}
END_TEST

START_TEST(qemu_viot_roundtrip)
{
	static const char *const f[] = { FIX "qemu-x86-viot-a-rootbus.VIOT",
					 FIX "qemu-x86-viot-b-rootports.VIOT",
					 FIX "qemu-x86-viot-c-pcie-pci-bridge.VIOT" };
	static const unsigned int last_bdf[] = { 0xff, 0x7ff, 0x3ff };

	for (size_t i = 0; i < 3; i++) {
		iot_topology_free(&t);
		iot_topology_init(&t);
		roundtrip_file(f[i], false);
		ck_assert_uint_eq(t.n_iommus, 1);
		ck_assert_int_eq(t.iommus[0].model, IOT_IOMMU_VIRTIO_PCI);
		ck_assert_uint_eq(t.iommus[0].pci_bdf, 0x08);
		ck_assert_uint_eq(t.n_roots, 1);
		ck_assert_uint_eq(t.roots[0].iommu_map.n, 1);
		ck_assert_uint_eq(iot_row_last(&t.roots[0].iommu_map.rows[0]), last_bdf[i]);
	}
}
END_TEST

/* QEMU's q35 VIOT test blob, tests/data/acpi/x86/q35/VIOT.viot (pxb-pcie buses 0x10, 0x30). */
static const uint8_t q35_viot[] = {
	0x56, 0x49, 0x4F, 0x54, 0x70, 0x00, 0x00, 0x00, 0x00, 0x3D, 0x42, 0x4F, 0x43, 0x48,
	0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00,
	0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x30, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x18, 0x00, 0x00, 0x10,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xFF, 0x10, 0x30, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x18, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x30, 0xFF, 0x30, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

START_TEST(viot_q35_golden)
{
	struct iot_iommu *u = iot_add_iommu(&t);
	struct iot_pci_root *r;

	set_oem(&t, "BOCHS", "BXPC", 1, "BXPC", 1);
	u->name = iot_strdup("viommu0");
	u->model = IOT_IOMMU_VIRTIO_PCI;
	u->pci_bdf = 0x10;
	u->msi_controller = IOT_NONE;
	r = iot_add_root(&t);
	r->name = iot_strdup("pxb10");
	iot_idmap_add(&r->iommu_map, 0x1000, 0x100, 0, 0x1000);
	r = iot_add_root(&t);
	r->name = iot_strdup("pxb30");
	iot_idmap_add(&r->iommu_map, 0x3000, 0x100, 0, 0x3000);
	ck_assert_int_eq(iot_viot_write(&t, &b, NULL, &d), 0);
	ck_assert_uint_eq(b.len, sizeof(q35_viot));
	ck_assert_mem_eq(b.data, q35_viot, sizeof(q35_viot));
}
END_TEST

/*
 * The DEN0049 issue D example iasl 20200925 compiles (table revision 0;
 * ITS group, SMMUv3, root complex with RIDs 0..0xffff -> SMMUv3 -> ITS,
 * named component with stream ID 0x10000; md5
 * fdb67b581b9ce2b6207bb7506376638f), rebuilt from a model.
 */
/* Say that an object's node was at @off with node revision @rev (order and layout). */
static void set_fw(struct iot_fw_node *fw, uint32_t off, uint8_t rev)
{
	fw->has_offset = true;
	fw->offset = off;
	fw->has_revision = true;
	fw->revision = rev;
}

static void build_example(struct iot_topology *tp)
{
	struct iot_msi *its = iot_add_msi(tp);
	struct iot_iommu *u = iot_add_iommu(tp);
	struct iot_pci_root *r = iot_add_root(tp);
	struct iot_platdev *p = iot_add_platdev(tp);
	struct iot_dev_iommu *di;

	its->name = iot_strdup("its0");
	its->its_ids = iot_xcalloc(1, sizeof(uint32_t));
	its->n_its_ids = 1;
	u->name = iot_strdup("smmu0");
	u->model = IOT_IOMMU_SMMUV3;
	u->base = 0x09050000;
	u->coherent = true;
	u->irq_event = 0x6a;
	u->irq_pri = 0x6b;
	u->irq_gerror = 0x6d;
	u->irq_sync = 0x6c;
	u->msi_controller = IOT_NONE;
	iot_idmap_add(&u->msi_map, 0, 0x10000, 0, 0);
	r->name = iot_strdup("pcie0");
	r->mem.coherent = true;
	r->mem.flags = IOT_MAF_CPM | IOT_MAF_DACS;
	r->mem.address_bits = 0x40;
	iot_idmap_add(&r->iommu_map, 0, 0x10000, 0, 0);
	p->name = iot_strdup("dma0");
	p->acpi_path = iot_strdup("\\_SB_.DMA0");
	p->mem.coherent = true;
	p->mem.flags = IOT_MAF_CPM | IOT_MAF_DACS;
	p->mem.address_bits = 0x30;
	di = iot_platdev_add_iommu(p);
	di->iommu = 0;
	iot_dev_iommu_add_id(di, 0x10000, 0, false);
}

START_TEST(iort_example_golden)
{
	size_t n;
	uint8_t *want = load(FIX "example-d-iasl20200925.IORT", &n);
	struct iot_acpi_opts o = { .iort_revision = 0 };
	struct iot_topology back;

	ck_assert_uint_eq(n, 280);
	set_oem(&t, "LINARO", "EXAMPLE", 1, "INTL", 0x20200925);
	build_example(&t);
	/* the model's order is ITS, SMMU, RC, NC: the canonical order puts NC before RC */
	set_fw(&t.msis[0].fw, 0x30, 0);
	set_fw(&t.iommus[0].fw, 0x48, 2);
	set_fw(&t.roots[0].fw, 0xa0, 1);
	set_fw(&t.platdevs[0].fw, 0xd8, 2);
	t.machine.has_iort_revision = true;
	ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), 0);
	ck_assert_uint_eq(b.len, n);
	ck_assert_mem_eq(b.data, want, n);

	/* and it reads back to a model that writes the same bytes */
	iot_topology_init(&back);
	ck_assert_int_eq(iot_iort_read(want, n, "example", &back, &d), 0);
	ck_assert_str_eq(back.platdevs[0].acpi_path, "\\_SB_.DMA0");
	ck_assert_uint_eq(back.platdevs[0].iommus[0].ids[0].id, 0x10000);
	iot_buf_reset(&b);
	o.iort_revision = -1;
	ck_assert_int_eq(iot_iort_write(&back, &o, &b, NULL, &d), 0);
	ck_assert_mem_eq(b.data, want, n);
	iot_topology_free(&back);
	free(want);
}
END_TEST

/* Every revision: write, read back, write again: identical, no diagnostics. */
START_TEST(iort_all_revisions_roundtrip)
{
	static const int revs[] = { 0, 3, 5, 6 };

	build_example(&t);
	for (size_t i = 0; i < 4; i++) {
		struct iot_acpi_opts o = { .iort_revision = revs[i] };
		struct iot_topology back;
		struct iot_buf b2;

		iot_buf_init(&b2);
		ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), 0);
		ck_assert_uint_eq(b.data[8], revs[i]);
		iot_topology_init(&back);
		ck_assert_int_eq(iot_iort_read(b.data, b.len, "w", &back, &d), 0);
		o.iort_revision = -1;
		ck_assert_int_eq(iot_iort_write(&back, &o, &b2, NULL, &d), 0);
		ck_assert_uint_eq(b2.len, b.len);
		ck_assert_mem_eq(b2.data, b.data, b.len);
		if (d.n)
			dump_diags();
		ck_assert_uint_eq(d.n, 0);
		iot_topology_free(&back);
		iot_buf_free(&b2);
	}
}
END_TEST

/* Shipped firmware has "\_SB.GPU0": written as it is, with a warning. */
START_TEST(iort_nc_path_rejected)
{
	struct iot_acpi_opts o = { .iort_revision = -1 };

	build_example(&t);
	free(t.platdevs[0].acpi_path);
	t.platdevs[0].acpi_path = iot_strdup("\\_SB.DMA0");
	ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), 0);
	ck_assert_uint_eq(d.n_errors, 0);
	ck_assert_uint_eq(d.n_warnings, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "never matches"));
	ck_assert_ptr_nonnull(memmem(b.data, b.len, "\\_SB.DMA0", 10));
}
END_TEST

START_TEST(iort_checksum_and_counts)
{
	struct iot_acpi_opts o = { .iort_revision = 6 };
	uint8_t sum = 0;

	build_example(&t);
	ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), 0);
	for (size_t i = 0; i < b.len; i++)
		sum = (uint8_t)(sum + b.data[i]);
	ck_assert_uint_eq(sum, 0);
	/* RC mapping: 0x10000 IDs written as 0xFFFF */
	ck_assert_int_eq(iot_iort_read(b.data, b.len, "w", &t, &d), 0);
}
END_TEST

/* Every node type the writer knows, in one topology. */
static void build_all_nodes(struct iot_topology *tp)
{
	struct iot_msi *its = iot_add_msi(tp);
	struct iot_iommu *v2, *v3;
	struct iot_pci_root *r;
	struct iot_platdev *p;
	struct iot_dev_iommu *di;
	struct iot_pmcg *pm;
	struct iot_rmr *rm;

	set_oem(tp, "IOTOPO", "ALLNODES", 2, "IOTO", 1);
	its->name = iot_strdup("its0");
	its->its_ids = iot_xcalloc(2, sizeof(uint32_t));
	its->its_ids[1] = 1;
	its->n_its_ids = 2;

	v2 = iot_add_iommu(tp);
	v2->name = iot_strdup("smmu500");
	v2->model = IOT_IOMMU_MMU500;
	v2->base = 0x2b400000;
	v2->size = 0x20000;
	v2->coherent = true;
	v2->irq_global = (struct iot_irq){ 0x40, true };
	v2->irq_global_cfg = (struct iot_irq){ 0x41, false };
	v2->irq_context = iot_xcalloc(2, sizeof(struct iot_irq));
	v2->irq_context[0] = (struct iot_irq){ 0x42, true };
	v2->irq_context[1] = (struct iot_irq){ 0x43, false };
	v2->n_irq_context = 2;
	v2->irq_pmu = iot_xcalloc(1, sizeof(struct iot_irq));
	v2->irq_pmu[0] = (struct iot_irq){ 0x44, true };
	v2->n_irq_pmu = 1;
	v2->msi_controller = IOT_NONE;

	v3 = iot_add_iommu(tp);
	v3->name = iot_strdup("smmu0");
	v3->model = IOT_IOMMU_SMMUV3;
	v3->base = 0x09050000;
	v3->coherent = true;
	v3->httu = 2;
	v3->has_pxm = true;
	v3->pxm = 1;
	v3->msi_controller = 0;
	v3->msi_device_id = 0x20000;

	r = iot_add_root(tp);
	r->name = iot_strdup("pcie0");
	r->mem.coherent = true;
	r->mem.flags = IOT_MAF_CPM | IOT_MAF_DACS;
	r->mem.address_bits = 48;
	r->ats = true;
	r->pri = true;
	r->pasid = true;
	r->pasid_bits = 20;
	iot_idmap_add(&r->iommu_map, 0, 0x10000, 1, 0);
	iot_idmap_add(&r->msi_map, 0, 0x10000, 0, 0);
	r = iot_add_root(tp);
	r->name = iot_strdup("pcie1");
	r->segment = 1;
	r->mem.coherent = true;
	r->mem.flags = IOT_MAF_CPM;
	iot_idmap_add(&r->iommu_map, 0x100, 0x100, 0, 0x400);

	p = iot_add_platdev(tp);
	p->name = iot_strdup("dma0");
	p->acpi_path = iot_strdup("\\_SB_.DMA0");
	p->mem.coherent = true;
	p->mem.flags = IOT_MAF_CPM;
	p->mem.address_bits = 40;
	p->nc_flags = 1 | (16 << 1);
	di = iot_platdev_add_iommu(p);
	di->iommu = 1;
	iot_dev_iommu_add_id(di, 0x10000, 0, false);
	iot_dev_iommu_add_id(di, 0x10001, 0, false);
	p->msi_controller = 0;
	p->msi_device_id = 0x10000;
	p = iot_add_platdev(tp);
	p->name = iot_strdup("sata");
	p->acpi_path = iot_strdup("\\_SB_.SAT0");
	p->msi_controller = IOT_NONE;
	di = iot_platdev_add_iommu(p);
	di->iommu = 0;
	iot_dev_iommu_add_id(di, 0x7, 0, false);

	pm = iot_add_pmcg(tp);
	pm->name = iot_strdup("pmcg0");
	pm->page0 = 0x09060000;
	pm->page1 = 0x09070000;
	pm->iommu = 1;
	pm->platdev = IOT_NONE;
	pm->msi_controller = 0;
	pm->msi_device_id = 0x30000;

	rm = iot_add_rmr(tp);
	rm->name = iot_strdup("rmr0");
	rm->remap_permitted = true;
	rm->access = 5;
	rm->ranges = iot_xcalloc(2, sizeof(*rm->ranges));
	rm->ranges[0] = (struct iot_rmr_range){ 0x80000000, 0x10000 };
	rm->ranges[1] = (struct iot_rmr_range){ 0x80100000, 0x20000 };
	rm->n_ranges = 2;
	iot_idmap_add(&rm->ids, 0x10000, 1, 1, 0x10000);
}

static void golden(const char *name, const struct iot_buf *got)
{
	char *path = iot_asprintf(FIX "%s", name);
	size_t len;
	uint8_t *want;

	if (getenv("IOTOPO_UPDATE"))
		ck_assert_int_eq(iot_write_atomic(path, got->data, got->len, &d), 0);
	want = load(path, &len);
	ck_assert_uint_eq(got->len, len);
	ck_assert_mem_eq(got->data, want, len);
	free(want);
	free(path);
}

/* Reviewed goldens: every node type at every revision (tests/fixtures/acpi/all-nodes-*). */
START_TEST(iort_all_nodes_golden)
{
	static const int revs[] = { 3, 5, 6 };

	build_all_nodes(&t);
	for (size_t i = 0; i < 3; i++) {
		struct iot_acpi_opts o = { .iort_revision = revs[i] };
		struct iot_topology back;
		struct iot_buf b2;
		char name[64];

		ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), 0);
		snprintf(name, sizeof(name), "all-nodes-rev%d.IORT", revs[i]);
		golden(name, &b);
		iot_topology_init(&back);
		iot_buf_init(&b2);
		ck_assert_int_eq(iot_iort_read(b.data, b.len, name, &back, &d), 0);
		/*
		 * only the revision-3 table draws remarks, as the writer writes it and as
		 * the reader reads it back: Linux ignores its RMR
		 */
		ck_assert_uint_eq(d.n, revs[i] == 3 ? 2 : 0);
		if (d.n) {
			ck_assert_ptr_null(d.v[0].rule);
			ck_assert_int_eq(d.v[0].sev, IOT_SEV_WARNING);
			ck_assert_ptr_nonnull(strstr(d.v[0].msg, "RMR"));
			ck_assert_str_eq(d.v[1].rule, "iort-rmr-revision");
		}
		iot_diags_free(&d);
		iot_diags_init(&d);
		o.iort_revision = -1;
		ck_assert_int_eq(iot_iort_write(&back, &o, &b2, NULL, &d), 0);
		ck_assert_mem_eq(b2.data, b.data, b.len);
		/* written back at revision 3, the RMR draws the writer's warning again */
		ck_assert_uint_eq(d.n, revs[i] == 3);
		iot_diags_free(&d);
		iot_diags_init(&d);
		iot_topology_free(&back);
		iot_buf_free(&b2);
	}
}
END_TEST

static void build_viot_all(struct iot_topology *tp)
{
	struct iot_iommu *u = iot_add_iommu(tp);
	struct iot_pci_root *r;
	struct iot_platdev *p;
	struct iot_dev_iommu *di;

	set_oem(tp, "IOTOPO", "VIOTALL", 1, "IOTO", 1);
	u->name = iot_strdup("viommu0");
	u->model = IOT_IOMMU_VIRTIO_PCI;
	u->pci_bdf = 0x08;
	u->msi_controller = IOT_NONE;
	u = iot_add_iommu(tp);
	u->name = iot_strdup("viommu1");
	u->model = IOT_IOMMU_VIRTIO_MMIO;
	u->base = 0xa000000;
	u->msi_controller = IOT_NONE;
	r = iot_add_root(tp);
	r->name = iot_strdup("pcie0");
	iot_idmap_add(&r->iommu_map, 0, 0x800, 0, 0);
	r = iot_add_root(tp);
	r->name = iot_strdup("pcie1");
	r->segment = 1;
	iot_idmap_add(&r->iommu_map, 0x100, 0x100, 0, 0x10000);
	p = iot_add_platdev(tp);
	p->name = iot_strdup("net0");
	p->has_mmio_base = true;
	p->mmio_base = 0xa003e00;
	p->msi_controller = IOT_NONE;
	di = iot_platdev_add_iommu(p);
	di->iommu = 1;
	iot_dev_iommu_add_id(di, 0x20, 0, false);
}

START_TEST(viot_all_nodes_golden)
{
	struct iot_topology back;
	struct iot_buf b2;

	build_viot_all(&t);
	ck_assert_int_eq(iot_viot_write(&t, &b, NULL, &d), 0);
	golden("all-nodes.VIOT", &b);
	iot_topology_init(&back);
	iot_buf_init(&b2);
	ck_assert_int_eq(iot_viot_read(b.data, b.len, "v", &back, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_int_eq(iot_viot_write(&back, &b2, NULL, &d), 0);
	ck_assert_mem_eq(b2.data, b.data, b.len);
	ck_assert(back.platdevs[0].has_mmio_base);
	iot_topology_free(&back);
	iot_buf_free(&b2);
}
END_TEST

/* Without a recorded layout (e.g. through YAML), E.b+ identifiers keep the node order. */
START_TEST(iort_identifier_order)
{
	size_t n;
	uint8_t *want = load(FIX "example-d-iasl20200925.IORT", &n);
	struct iot_acpi_opts o = { .iort_revision = 3 };
	struct iot_topology back;
	struct iot_buf b2;

	ck_assert_int_eq(iot_iort_read(want, n, "ex", &t, &d), 0);
	/* keep the layout (ITS, SMMUv3, RC, NC) with E.b node revisions */
	t.machine.iort_revision = 3;
	t.msis[0].fw.revision = 1;
	t.iommus[0].fw.revision = 4;
	t.roots[0].fw.revision = 3;
	t.platdevs[0].fw.revision = 4;
	ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), 0);
	iot_topology_init(&back);
	iot_buf_init(&b2);
	ck_assert_int_eq(iot_iort_read(b.data, b.len, "r3", &back, &d), 0);
	/* forget where the nodes were: only the identifiers give the order */
	iot_fw_node_free(&back.msis[0].fw);
	iot_fw_node_free(&back.iommus[0].fw);
	iot_fw_node_free(&back.roots[0].fw);
	iot_fw_node_free(&back.platdevs[0].fw);
	iot_fw_table_free(&back.machine.iort_fw);
	ck_assert_int_eq(iot_iort_write(&back, &o, &b2, NULL, &d), 0);
	ck_assert_uint_eq(b2.len, b.len);
	ck_assert_mem_eq(b2.data, b.data, b.len);
	ck_assert_uint_eq(b.data[0xa0], 2); /* the root complex is still third */
	iot_topology_free(&back);
	iot_buf_free(&b2);
	free(want);
}
END_TEST

/* Several tables into one topology: names stay unique, VIOT ranges join the root. */
START_TEST(merge_iort_and_viot)
{
	size_t n1, n2;
	uint8_t *i = load(FIX "all-nodes-rev6.IORT", &n1);
	uint8_t *v = load(FIX "all-nodes.VIOT", &n2);

	ck_assert_int_eq(iot_iort_read(i, n1, "i", &t, &d), 0);
	ck_assert_int_eq(iot_iort_read(i, n1, "i2", &t, &d), 0); /* the same table twice */
	ck_assert_int_eq(iot_viot_read(v, n2, "v", &t, &d), 0);
	ck_assert_uint_eq(iot_topology_validate(&t, &d), 0);
	ck_assert_uint_eq(t.n_iommus, 2 + 2 + 2);
	ck_assert_int_ne(iot_find_iommu(&t, "smmu3"), IOT_NONE); /* second table's SMMUs renamed */
	free(i);
	free(v);
}
END_TEST

/* QEMU writes RMR mappings before the descriptors; a decoded table keeps that order. */
START_TEST(rmr_maps_first_roundtrip)
{
	size_t n, k;
	uint8_t *want = load(FIX "all-nodes-rev6.IORT", &n);
	struct iot_acpi_opts o = { .iort_revision = -1 };
	struct iot_topology back;
	struct iot_buf b2, src;
	const uint8_t *rmr;

	ck_assert_int_eq(iot_iort_read(want, n, "a", &t, &d), 0);
	/* descriptors after the mappings: the RMR Descriptor Offset QEMU writes */
	k = t.rmrs[0].ids.n;
	iot_fw_field_set(&t.rmrs[0].fw.fields, &t.rmrs[0].fw.n_fields, "rmr-offset", 0,
			 28 + 20 * k);
	ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), 0);
	ck_assert_uint_eq(b.len, n);
	rmr = b.data + 0x278;
	ck_assert_uint_eq(rmr[0], IOT_IORT_RMR);
	ck_assert_uint_eq(rmr[12], 28); /* Mapping Offset */
	ck_assert_uint_eq(rmr[24], 28 + 20); /* RMR Descriptor Offset */
	iot_topology_init(&back);
	iot_buf_init(&b2);
	iot_buf_init(&src);
	ck_assert_int_eq(iot_iort_read(b.data, b.len, "q", &back, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_ptr_nonnull(iot_fw_field_get(back.rmrs[0].fw.fields, back.rmrs[0].fw.n_fields,
					       "rmr-offset", 0));
	ck_assert_uint_eq(back.rmrs[0].n_ranges, 2);
	ck_assert_int_eq(iot_iort_write(&back, &o, &b2, NULL, &d), 0);
	ck_assert_mem_eq(b2.data, b.data, b.len);
	/* iasl always puts the descriptors first: its source cannot say this */
	ck_assert_int_eq(iot_acpi_write_asl(b.data, b.len, IOT_ASL_CURRENT, NULL, "q", &src, &d),
			 -1);
	iot_topology_free(&back);
	iot_buf_free(&b2);
	iot_buf_free(&src);
	free(want);
}
END_TEST

START_TEST(iort_pmcg_needs_iort_node)
{
	struct iot_acpi_opts o = { .iort_revision = -1 };
	struct iot_iommu *v;

	build_all_nodes(&t);
	v = iot_add_iommu(&t);
	v->name = iot_strdup("viommu");
	v->model = IOT_IOMMU_VIRTIO_PCI;
	v->msi_controller = IOT_NONE;
	t.pmcgs[0].iommu = (int)t.n_iommus - 1;
	ck_assert_int_eq(iot_iort_write(&t, &o, &b, NULL, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "has no IORT node"));
}
END_TEST

/*
 * Replay the fuzz corpora (seeds and every regression the fuzzers found)
 * through the readers and the source printer, in the ordinary (sanitized)
 * build: none may crash, leak, loop or allocate hugely.
 */
static void replay(const char *sub, int kind)
{
	char *dir = iot_asprintf(IOTOPO_SRC_DIR "/tests/fuzz/corpus/%s", sub);
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((e = readdir(dp))) {
		char *path;
		uint8_t *data;
		size_t len;
		struct iot_topology tt;
		struct iot_diags dd;
		struct iot_buf out;

		if (e->d_name[0] == '.')
			continue;
		path = iot_asprintf("%s/%s", dir, e->d_name);
		iot_diags_init(&dd);
		ck_assert_int_eq(iot_read_file(path, &data, &len, &dd), 0);
		/* exactly len bytes, no NUL after them: ASan sees any over-read */
		{
			uint8_t *exact = iot_xmalloc(len ? len : 1);

			memcpy(exact, data, len);
			free(data);
			data = exact;
		}
		iot_topology_init(&tt);
		iot_buf_init(&out);
		if (kind == 0)
			iot_iort_read(data, len, path, &tt, &dd);
		else if (kind == 1)
			iot_viot_read(data, len, path, &tt, &dd);
		else
			iot_acpidump_read((const char *)data, len, path, &tt, &dd);
		iot_acpi_write_asl(data, len, IOT_ASL_CURRENT, NULL, "in", &out, &dd);
		ck_assert_uint_lt(out.len, 64 * len + 4096);
		iot_buf_free(&out);
		iot_topology_free(&tt);
		iot_diags_free(&dd);
		free(data);
		free(path);
		n++;
	}
	closedir(dp);
	free(dir);
	ck_assert_int_gt(n, 3);
}

START_TEST(fuzz_corpus_replay)
{
	replay("iort", 0);
	replay("viot", 1);
	replay("acpidump", 2);
}
END_TEST
static Suite *acpi_suite(void)
{
	Suite *s = suite_create("acpi");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, qemu_iort_roundtrip);
	tcase_add_test(tc, qemu_viot_roundtrip);
	tcase_add_test(tc, viot_q35_golden);
	tcase_add_test(tc, iort_example_golden);
	tcase_add_test(tc, iort_all_revisions_roundtrip);
	tcase_add_test(tc, iort_nc_path_rejected);
	tcase_add_test(tc, iort_checksum_and_counts);
	tcase_add_test(tc, iort_all_nodes_golden);
	tcase_add_test(tc, viot_all_nodes_golden);
	tcase_add_test(tc, fuzz_corpus_replay);
	tcase_add_test(tc, iort_identifier_order);
	tcase_add_test(tc, merge_iort_and_viot);
	tcase_add_test(tc, rmr_maps_first_roundtrip);
	tcase_add_test(tc, iort_pmcg_needs_iort_node);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(acpi_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
