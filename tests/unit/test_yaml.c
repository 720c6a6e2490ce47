// SPDX-License-Identifier: MIT
/* The YAML reader and writer: numbers, references, suggestions, round trips. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"
#include "model/model.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "yaml/yaml.h"
#include "yaml/yfield.h"

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

static int load(const char *text)
{
	return iot_yaml_load("t.yaml", (const uint8_t *)text, strlen(text), &t, &d);
}

/* Load a document and expect exactly one error whose message is @msg. */
static void load_err(const char *text, const char *msg)
{
	ck_assert_int_eq(load(text), -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].msg, msg);
}

#define HEAD "iotopo: 1\nmsi-controllers:\n  - {name: its0, type: gicv3-its, base: "

static uint64_t its_base(const char *num)
{
	char *doc = iot_asprintf(HEAD "%s}\n", num);
	int rc = load(doc);

	free(doc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(t.n_msis, 1);
	return t.msis[0].base;
}

START_TEST(numbers_decimal_and_hex)
{
	ck_assert_uint_eq(its_base("0"), 0);
	teardown();
	setup();
	ck_assert_uint_eq(its_base("134742016"), 0x8080000);
	teardown();
	setup();
	ck_assert_uint_eq(its_base("0x8080000"), 0x8080000);
	teardown();
	setup();
	ck_assert_uint_eq(its_base("0xFFFFFFFFFFFFFFFF"), UINT64_MAX);
	teardown();
	setup();
	ck_assert_uint_eq(its_base("18446744073709551615"), UINT64_MAX);
}
END_TEST

START_TEST(numbers_rejected)
{
	static const struct {
		const char *num, *msg;
	} bad[] = {
		{ "18446744073709551616",
		  "msi-controllers[0].base: 18446744073709551616 is out of range (at most "
		  "18446744073709551615)" },
		{ "0x10000000000000000",
		  "msi-controllers[0].base: 0x10000000000000000 is out of range (at most "
		  "0xffffffffffffffff)" },
		{ "-1", "msi-controllers[0].base: '-1': negative numbers are not allowed" },
		{ "0x10zz", "msi-controllers[0].base: '0x10zz' is not a number (unexpected 'z')" },
		{ "12 k", "msi-controllers[0].base: '12 k' is not a number (unexpected ' ')" },
		{ "0x", "msi-controllers[0].base: '0x' is not a number" },
		{ "010",
		  "msi-controllers[0].base: '010': leading zeros are ambiguous (octal?); write it "
		  "in decimal or 0x hex" },
		{ "\"16\"", "msi-controllers[0].base: expected a number, got a quoted string" },
		{ "[1]", "msi-controllers[0].base: expected a number, got a list" },
		{ "1_000", "msi-controllers[0].base: '1_000' is not a number (unexpected '_')" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *doc = iot_asprintf(HEAD "%s}\n", bad[i].num);

		load_err(doc, bad[i].msg);
		free(doc);
		teardown();
		setup();
	}
}
END_TEST

START_TEST(number_field_ranges)
{
	load_err("iotopo: 1\npci-roots:\n  - {name: p, segment: 0x10000}\n",
		 "pci-roots[0].segment: 0x10000 is out of range (at most 0xffff)");
	teardown();
	setup();
	load_err("iotopo: 1\npci-roots:\n  - {name: p, buses: [0, 256]}\n",
		 "pci-roots[0].buses[1]: 256 is out of range (at most 255)");
	teardown();
	setup();
	load_err("iotopo: 1\npci-roots:\n  - {name: p, pasid-bits: 21}\n",
		 "pci-roots[0].pasid-bits: 21 is out of range (at most 20)");
}
END_TEST

START_TEST(error_location)
{
	ck_assert_int_eq(load("iotopo: 1\niommus:\n  - name: s\n    model: smmuv3\n"
			      "    base: 0x1000\n    coherent: maybe\n"),
			 -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].loc.file, "t.yaml");
	ck_assert_uint_eq(d.v[0].loc.line, 6);
	ck_assert_uint_eq(d.v[0].loc.col, 15);
	ck_assert_str_eq(d.v[0].msg, "iommus[0].coherent: expected true or false, got 'maybe'");
}
END_TEST

START_TEST(references_resolve_forward)
{
	/* the root names an IOMMU defined after it, in a later section of the file */
	ck_assert_int_eq(load("iotopo: 1\npci-roots:\n  - name: r\n    iommu-map:\n"
			      "      - {rid-base: 0, length: 0x100, iommu: b, iommu-base: 0x10}\n"
			      "iommus:\n  - {name: a, model: smmuv3, base: 0x1000}\n"
			      "  - {name: b, model: smmuv3, base: 0x2000}\n"),
			 0);
	ck_assert_uint_eq(t.roots[0].iommu_map.n, 1);
	ck_assert_int_eq(t.roots[0].iommu_map.rows[0].target, 1);
	ck_assert_uint_eq(t.roots[0].iommu_map.rows[0].out_base, 0x10);
}
END_TEST

START_TEST(reference_dangling_suggests)
{
	load_err("iotopo: 1\niommus:\n  - {name: smmu0, model: smmuv3, base: 0x1000}\n"
		 "platform-devices:\n  - {name: d, iommus: [{iommu: smmu1, ids: [1]}]}\n",
		 "platform-devices[0].iommus[0].iommu: no IOMMU named 'smmu1' (did you mean "
		 "'smmu0'?)");
	teardown();
	setup();
	load_err("iotopo: 1\niommus:\n  - {name: smmu0, model: smmuv3, base: 0x1000}\n"
		 "platform-devices:\n  - {name: d, iommus: [{iommu: gpu-mmu, ids: [1]}]}\n",
		 "platform-devices[0].iommus[0].iommu: no IOMMU named 'gpu-mmu'");
}
END_TEST

START_TEST(unknown_key_suggests)
{
	load_err("iotopo: 1\niommus:\n  - {name: s, model: smmuv3, base: 0x1000, coherant: true}\n",
		 "iommus[0]: unknown key 'coherant' (did you mean 'coherent'?)");
	teardown();
	setup();
	load_err("iotopo: 1\nfrobnicate: 3\n", "unknown key 'frobnicate'");
	teardown();
	setup();
	load_err("iotopo: 1\niommus:\n  - {name: s, model: mmu500, base: 0x1000}\n",
		 "iommus[0].model: unknown value 'mmu500' (did you mean 'mmu-500'?)");
}
END_TEST

START_TEST(edit_distance)
{
	ck_assert_uint_eq(iot_edit_distance("", ""), 0);
	ck_assert_uint_eq(iot_edit_distance("abc", "abc"), 0);
	ck_assert_uint_eq(iot_edit_distance("kitten", "sitting"), 3);
	ck_assert_uint_eq(iot_edit_distance("its-id", "its-ids"), 1);
	ck_assert_uint_eq(iot_edit_distance("", "abcd"), 4);
}
END_TEST

START_TEST(strings_need_quotes_when_typed)
{
	load_err("iotopo: 1\nkernel: {version: 6.15}\n",
		 "kernel.version: '6.15' reads as a number, boolean or null in YAML; quote it: "
		 "\"6.15\"");
	teardown();
	setup();
	ck_assert_int_eq(load("iotopo: 1\nkernel: {version: \"6.15\", cmdline: \"\"}\n"), 0);
	ck_assert_str_eq(t.kernel.version, "6.15");
	ck_assert_str_eq(t.kernel.cmdline, "");
}
END_TEST

START_TEST(multiple_errors_collected)
{
	ck_assert_int_eq(load("iotopo: 1\niommus:\n  - {name: a, model: smmuv3, base: -1}\n"
			      "  - {name: a, model: smmuv3, base: 0x1000, size: zz}\n"),
			 -1);
	ck_assert_uint_eq(d.n, 3);
	ck_assert_str_eq(d.v[0].msg, "iommus[0].base: '-1': negative numbers are not allowed");
	ck_assert_str_eq(d.v[1].msg, "iommus[1].name: duplicate name 'a' (first at line 3)");
	ck_assert_str_eq(d.v[2].msg, "iommus[1].size: 'zz' is not a number (unexpected 'z')");
}
END_TEST

START_TEST(pci_tree)
{
	ck_assert_int_eq(load("iotopo: 1\npci-roots:\n  - name: r\n    devices:\n"
			      "      - bdf: \"00:01.0\"\n        type: root-port\n"
			      "        children:\n"
			      "          - {bdf: \"01:00.0\", type: endpoint, id: \"8086:10D3\","
			      " driver: none}\n"
			      "          - {bdf: \"01:00.1\", type: endpoint, driver: e1000e}\n"),
			 0);
	ck_assert_uint_eq(t.roots[0].n_devs, 3);
	ck_assert_int_eq(t.roots[0].devs[1].parent, 0);
	ck_assert_uint_eq(t.roots[0].devs[0].secondary, 1);
	ck_assert_uint_eq(t.roots[0].devs[0].subordinate, 1);
	ck_assert_uint_eq(t.roots[0].devs[1].vendor, 0x8086);
	ck_assert_uint_eq(t.roots[0].devs[1].device, 0x10d3);
	ck_assert(t.roots[0].devs[1].driver_known);
	ck_assert_ptr_null(t.roots[0].devs[1].driver);
	ck_assert_str_eq(t.roots[0].devs[2].driver, "e1000e");
	ck_assert_uint_eq(t.roots[0].devs[2].devfn, 1);
}
END_TEST

static void round_trip(const struct iot_topology *a)
{
	struct iot_topology b;
	struct iot_diags d2;
	struct iot_buf y1, y2;
	char why[128];

	iot_topology_init(&b);
	iot_diags_init(&d2);
	iot_buf_init(&y1);
	iot_buf_init(&y2);
	iot_yaml_emit(a, &y1);
	if (iot_yaml_load("emitted.yaml", y1.data, y1.len, &b, &d2) < 0) {
		iot_diags_fprint(stderr, &d2);
		fprintf(stderr, "%s", iot_buf_str(&y1));
		ck_abort_msg("emitted YAML does not load");
	}
	ck_assert_msg(iot_topology_equal(a, &b, why, sizeof(why)), "round trip differs: %s", why);
	iot_yaml_emit(&b, &y2);
	ck_assert_uint_eq(y1.len, y2.len);
	ck_assert(!memcmp(y1.data, y2.data, y1.len));
	iot_buf_free(&y1);
	iot_buf_free(&y2);
	iot_diags_free(&d2);
	iot_topology_free(&b);
}

START_TEST(round_trip_examples)
{
	const char *dir = IOTOPO_SRC_DIR "/examples";
	DIR *dp = opendir(dir);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		char *path;
		uint8_t *data;
		size_t len;

		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml"))
			continue;
		path = iot_asprintf("%s/%s", dir, de->d_name);
		ck_assert_int_eq(iot_read_file(path, &data, &len, &d), 0);
		if (iot_yaml_load(path, data, len, &t, &d) < 0) {
			iot_diags_fprint(stderr, &d);
			ck_abort_msg("%s does not load", path);
		}
		round_trip(&t);
		iot_topology_free(&t);
		iot_topology_init(&t);
		free(data);
		free(path);
		n++;
	}
	closedir(dp);
	ck_assert_int_ge(n, 5);
}
END_TEST

/* A model with every field away from its default: each must have a key. */
static void fill_everything(struct iot_topology *m)
{
	struct iot_msi *x = iot_add_msi(m);
	struct iot_iommu *u3 = iot_add_iommu(m), *u2, *vp;
	struct iot_pci_root *r;
	struct iot_pci_dev *pd;
	struct iot_platdev *p;
	struct iot_dev_iommu *di;
	struct iot_pmcg *pm;
	struct iot_rmr *rm;

	m->machine.name = iot_strdup("everything");
	strcpy(m->machine.oem_id, "OEM ID");
	strcpy(m->machine.oem_table_id, "TABLE ID");
	m->machine.oem_revision = 0x1234;
	strcpy(m->machine.creator_id, "IOTP");
	m->machine.creator_revision = 7;
	m->machine.has_oem = true;
	m->machine.iort_revision = 5;
	m->machine.has_iort_revision = true;
	m->kernel.version = iot_strdup("7.2.13+deb14-arm64");
	m->kernel.cmdline = iot_strdup("iommu.passthrough=0 \"quoted\" tab\there");

	x->name = iot_strdup("its0");
	x->base = 0x8080000;
	x->its_ids = iot_xmalloc(2 * sizeof(uint32_t));
	x->its_ids[0] = 3;
	x->its_ids[1] = 4;
	x->n_its_ids = 2;
	x->has_identifier = true;
	x->identifier = 9;
	x->dt_path = iot_strdup("/intc@8000000/its@8080000");
	x->dt_label = iot_strdup("its");
	x->dt_phandle = 0x8003;

	u3->name = iot_strdup("smmu0");
	u3->model = IOT_IOMMU_SMMUV3;
	u3->status = IOT_STATUS_NO_DRIVER;
	u3->base = 0x9050000;
	u3->size = 0x20000;
	u3->coherent = true;
	u3->has_identifier = true;
	u3->identifier = 1;
	u3->has_pxm = true;
	u3->pxm = 2;
	u3->impl = 2;
	u3->httu = 3;
	u3->vatos = 0x9070000;
	u3->irq_event = 106;
	u3->irq_pri = 107;
	u3->irq_gerror = 108;
	u3->irq_sync = 109;
	u3->msi_controller = 0;
	u3->msi_device_id = 0x10000;
	iot_idmap_add(&u3->msi_map, 0, 0x100, 0, 0x20000)->single = false;
	u3->msi_map.has_mask = true;
	u3->msi_map.mask = 0xff;
	u3->dt_path = iot_strdup("/smmuv3@9050000");
	u3->dt_label = iot_strdup("smmu");
	u3->dt_phandle = 0x8004;

	u2 = iot_add_iommu(m);
	u2->name = iot_strdup("mmu500");
	u2->model = IOT_IOMMU_MMU500;
	u2->status = IOT_STATUS_DISABLED;
	u2->base = 0x5000000;
	u2->dvm = true;
	u2->irq_global.gsiv = 65;
	u2->irq_global.edge = true;
	u2->irq_global_cfg.gsiv = 66;
	u2->irq_context = iot_xcalloc(2, sizeof(struct iot_irq));
	u2->irq_context[0].gsiv = 67;
	u2->irq_context[1].gsiv = 68;
	u2->irq_context[1].edge = true;
	u2->n_irq_context = 2;
	u2->irq_pmu = iot_xcalloc(1, sizeof(struct iot_irq));
	u2->irq_pmu[0].gsiv = 70;
	u2->n_irq_pmu = 1;
	u2->iommu_cells = 2;
	u2->has_stream_match_mask = true;
	u2->stream_match_mask = 0x7f80;

	vp = iot_add_iommu(m);
	vp->name = iot_strdup("dmar0");
	vp->model = IOT_IOMMU_INTEL_VTD;
	vp->base = 0xfed90000;
	vp->pci_segment = 2;

	vp = iot_add_iommu(m);
	vp->name = iot_strdup("ivhd0");
	vp->model = IOT_IOMMU_AMD_VI;
	vp->base = 0xfd200000;
	vp->pci_bdf = 0x0002;

	vp = iot_add_iommu(m);
	vp->name = iot_strdup("viommu");
	vp->model = IOT_IOMMU_VIRTIO_PCI;
	vp->pci_segment = 1;
	vp->pci_bdf = 0x0108;

	r = iot_add_root(m);
	r->name = iot_strdup("pcie0");
	r->segment = 1;
	r->bus_start = 0x10;
	r->bus_end = 0x7f;
	r->ecam = 0x4010000000;
	r->ats = r->pri = r->pasid_fwd = r->pasid = r->preserve_config = true;
	r->pasid_bits = 20;
	r->mem.coherent = true;
	r->mem.hints = 0xf;
	r->mem.flags = IOT_MAF_CPM | IOT_MAF_DACS | IOT_MAF_CANWBS;
	r->mem.address_bits = 48;
	r->has_identifier = true;
	r->identifier = 4;
	iot_idmap_add(&r->iommu_map, 0x1000, 0x1000, 0, 0x1000);
	iot_idmap_add(&r->iommu_map, 0, 1, 1, 0x55)->single = true;
	r->iommu_map.has_mask = true;
	r->iommu_map.mask = 0xffff;
	iot_idmap_add(&r->msi_map, 0, 0x10000, 0, 0);
	r->msi_map.has_mask = true;
	r->msi_map.mask = 0xfff8;
	r->dt_path = iot_strdup("/pcie@10000000");
	r->dt_label = iot_strdup("pcie");
	r->acpi_path = iot_strdup("\\_SB_.PCI0");
	pd = iot_root_add_dev(r);
	pd->bus = 0x10;
	pd->devfn = 0x08;
	pd->type = IOT_PCI_ROOT_PORT;
	pd->has_ids = true;
	pd->vendor = 0x1b36;
	pd->device = 0x000c;
	pd->class_code = 0x060400;
	pd->revision = 1;
	pd->multifunction = true;
	pd->has_acs = true;
	pd->acs_cap = 0x7f;
	pd->acs_ctrl_set = true;
	pd->acs_ctrl = 0x1d;
	pd->secondary = 0x11;
	pd->subordinate = 0x12;
	pd->driver_known = true;
	pd->driver = iot_strdup("pcieport");
	pd->external_facing = true;
	pd = iot_root_add_dev(r);
	pd->bus = 0x11;
	pd->type = IOT_PCI_ENDPOINT;
	pd->sriov_total_vfs = 8;
	pd->sriov_num_vfs = 2;
	pd->sriov_offset = 0x80;
	pd->sriov_stride = 2;
	pd->driver_known = true;
	pd->parent = 0;
	pd = iot_root_add_dev(r);
	pd->bus = 0x11;
	pd->devfn = 0x80;
	pd->type = IOT_PCI_ENDPOINT;
	pd->is_vf = true;
	pd->parent = 0;

	p = iot_add_platdev(m);
	p->name = iot_strdup("true"); /* a name that needs quotes */
	p->dt_path = iot_strdup("/soc/dma@1000");
	iot_compat_add(&p->compatible, "arm,pl330");
	p->acpi_path = iot_strdup("\\_SB_.DMA0");
	di = iot_platdev_add_iommu(p);
	di->iommu = 1;
	iot_dev_iommu_add_id(di, 0x400, 0x7f80, true);
	iot_dev_iommu_add_id(di, 0x401, 0, false);
	p->msi_controller = 0;
	p->msi_device_id = 0x42;
	p->mem.coherent = true;
	p->mem.address_bits = 40;
	p->nc_flags = 1 | 16 << 1;
	p->has_identifier = true;
	p->identifier = 12;
	p->driver_known = true;
	p->driver = iot_strdup("pl330");
	p->status = IOT_STATUS_DISABLED;

	pm = iot_add_pmcg(m);
	pm->name = iot_strdup("pmcg0");
	pm->page0 = 0x9060000;
	pm->page1 = 0x9070000;
	pm->gsiv = 110;
	pm->iommu = 0;
	pm->msi_controller = 0;
	pm->msi_device_id = 0x30000;
	pm->has_identifier = true;
	pm->identifier = 13;
	pm = iot_add_pmcg(m);
	pm->page0 = 0x9080000;
	pm->platdev = 0;

	rm = iot_add_rmr(m);
	rm->name = iot_strdup("rmr0");
	rm->remap_permitted = true;
	rm->privileged = true;
	rm->access = 0x5;
	rm->ranges = iot_xcalloc(1, sizeof(*rm->ranges));
	rm->ranges[0].base = 0x80000000;
	rm->ranges[0].length = 0x100000;
	rm->n_ranges = 1;
	iot_idmap_add(&rm->ids, 0x100, 1, 0, 0x100);
	rm->ids.has_mask = true;
	rm->ids.mask = 0xffff;
	rm->has_identifier = true;
	rm->identifier = 14;
}

START_TEST(round_trip_every_field)
{
	fill_everything(&t);
	/* the second PMCG has no name: the writer makes one up */
	{
		struct iot_buf y;

		iot_buf_init(&y);
		iot_yaml_emit(&t, &y);
		ck_assert_ptr_nonnull(strstr(iot_buf_str(&y), "name: pmcg1\n"));
		ck_assert_ptr_nonnull(strstr(iot_buf_str(&y), "name: \"true\"\n"));
		iot_buf_free(&y);
	}
	t.pmcgs[1].name = iot_strdup("pmcg1");
	round_trip(&t);
}
END_TEST

START_TEST(synthesised_names_are_unique)
{
	struct iot_buf y;

	iot_add_iommu(&t)->model = IOT_IOMMU_SMMUV3;
	iot_add_iommu(&t)->model = IOT_IOMMU_SMMUV3;
	t.iommus[1].name = iot_strdup("smmu0"); /* clashes with the made-up name of #0 */
	iot_add_iommu(&t)->model = IOT_IOMMU_VIRTIO_MMIO;
	iot_add_root(&t);
	iot_add_platdev(&t);
	iot_buf_init(&y);
	iot_yaml_emit(&t, &y);
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&y), "name: smmu0\n"));
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&y), "name: smmu0-1\n"));
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&y), "name: viommu2\n"));
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&y), "name: pcie0\n"));
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&y), "name: dev0\n"));
	iot_topology_free(&t);
	iot_topology_init(&t);
	ck_assert_int_eq(iot_yaml_load("y", y.data, y.len, &t, &d), 0);
	ck_assert_str_eq(t.iommus[0].name, "smmu0-1");
	iot_buf_free(&y);
}
END_TEST

/* IOT_YAML_MAX_DEPTH nested collections are fine; one more is the limit error. */
START_TEST(depth_limit_boundary)
{
	struct iot_buf b;

	for (int deeper = 0; deeper < 2; deeper++) {
		int k = IOT_YAML_MAX_DEPTH - 1 + deeper; /* the top mapping is level 1 */

		iot_buf_init(&b);
		iot_buf_adds(&b, "iotopo: 1\nkernel: ");
		for (int i = 0; i < k; i++)
			iot_buf_addc(&b, '[');
		for (int i = 0; i < k; i++)
			iot_buf_addc(&b, ']');
		iot_buf_addc(&b, '\n');
		load_err(iot_buf_str(&b), deeper ? "nesting deeper than 64 levels (limit)" :
						   "kernel: expected a mapping, got a list");
		iot_buf_free(&b);
		teardown();
		setup();
	}
}
END_TEST

/* UTF-8 text is kept byte for byte, through the writer too. */
START_TEST(utf8_strings_round_trip)
{
	ck_assert_int_eq(load("iotopo: 1\nmachine: {name: \"caf\xc3\xa9 \xe2\x86\x92 "
			      "\xf0\x9f\x96\xa5\"}\n"),
			 0);
	ck_assert_str_eq(t.machine.name, "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x96\xa5");
	round_trip(&t);
}
END_TEST

/*
 * Models other readers produce (DTB, IORT, VIOT, a sysfs tree) go through the
 * writer and back unchanged: decode's output is a faithful YAML of firmware.
 */
START_TEST(round_trip_other_readers)
{
	static const char *const inputs[] = {
		"arm-g-smmuv3-dt/qemu-dumpdtb.dtb",
		"acpi/qemu-arm-h-smmuv3.IORT",
		"acpi/all-nodes-rev3.IORT",
		"acpi/all-nodes-rev5.IORT",
		"acpi/all-nodes-rev6.IORT",
		"acpi/all-nodes.VIOT",
		"acpi/qemu-x86-viot-b-rootports.VIOT",
		"arm-g-smmuv3-dt/6.12.118+deb13-arm64/final",
		"arm-h-smmuv3-acpi/7.2.13+deb14-arm64/boot",
		"x86-viot-c-pcie-pci-bridge/6.12.118+deb13-amd64/final",
		"x86-intel-c-pcie-pci-bridge/7.2.13+deb14-amd64/final",
	};
	int done = 0;

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *path = iot_asprintf("%s/tests/fixtures/%s", IOTOPO_SRC_DIR, inputs[i]);
		struct iot_topology m;

		iot_topology_init(&m);
		if (iot_load_input(path, &m, NULL, &d) != 0) {
			iot_diags_fprint(stderr, &d);
			ck_abort_msg("%s does not load", inputs[i]);
		}
		round_trip(&m);
		done++;
		iot_topology_free(&m);
		iot_diags_free(&d);
		iot_diags_init(&d);
		free(path);
	}
	ck_assert_int_eq(done, (int)(sizeof(inputs) / sizeof(inputs[0])));
}
END_TEST

/*
 * Every table reachable from the top level: no key twice (two rows of one key
 * must be for disjoint IOMMU models), at most the reader's 64 rows, every row
 * documented, every default-less hook with a present test.
 */
static void check_table(const struct ytable *tb, int depth)
{
	ck_assert_int_lt(depth, 8);
	ck_assert_uint_le(tb->n, 64);
	ck_assert_ptr_nonnull(tb->doc);
	for (size_t i = 0; i < tb->n; i++) {
		const struct yfield *f = &tb->f[i];

		ck_assert_msg(f->doc && f->doc[0], "%s.%s has no doc", tb->name, f->key);
		ck_assert_uint_eq(f->klen, strlen(f->key));
		for (size_t k = i + 1; k < tb->n; k++)
			if (!strcmp(f->key, tb->f[k].key))
				ck_assert_msg(tb->by_model && f->models && tb->f[k].models &&
						      !(f->models & tb->f[k].models),
					      "%s: key '%s' twice", tb->name, f->key);
		if (f->type == YT_HOOK && f->hooks && f->hooks->emit)
			ck_assert_msg(f->hooks->present, "%s.%s: a hook that writes needs present",
				      tb->name, f->key);
		if (f->sub && f->sub != tb && depth < 6)
			check_table(f->sub, depth + 1);
	}
}

START_TEST(tables_are_well_formed)
{
	check_table(&yt_top, 0);
	for (size_t i = 0; i < n_ydefs; i++)
		check_table(ydefs[i].t, 0);
}
END_TEST

static Suite *yaml_suite(void)
{
	Suite *s = suite_create("yaml");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, numbers_decimal_and_hex);
	tcase_add_test(tc, numbers_rejected);
	tcase_add_test(tc, number_field_ranges);
	tcase_add_test(tc, error_location);
	tcase_add_test(tc, references_resolve_forward);
	tcase_add_test(tc, reference_dangling_suggests);
	tcase_add_test(tc, unknown_key_suggests);
	tcase_add_test(tc, edit_distance);
	tcase_add_test(tc, strings_need_quotes_when_typed);
	tcase_add_test(tc, multiple_errors_collected);
	tcase_add_test(tc, pci_tree);
	tcase_add_test(tc, round_trip_examples);
	tcase_add_test(tc, round_trip_every_field);
	tcase_add_test(tc, synthesised_names_are_unique);
	tcase_add_test(tc, depth_limit_boundary);
	tcase_add_test(tc, utf8_strings_round_trip);
	tcase_add_test(tc, round_trip_other_readers);
	tcase_add_test(tc, tables_are_well_formed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(yaml_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
