// SPDX-License-Identifier: MIT
/*
 * The worked examples of docs/kernel-rules.md §7 (E1-E41, as corrected by
 * its B items), each a model built in C and the
 * simulator's answer checked against the example's expectation.
 * Defaults (§7): kernel 7.2, arm64 DT, one SMMUv3 registered before the PCI
 * host bridge probes, iommu-map = <0 &smmu 0 0x10000>; "ACS" means a
 * capability whose control register already holds SV|RR|CR|UF.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "report/groups.h"
#include "sim/sim.h"
#include "util/mem.h"

static struct iot_topology t;
static struct iot_sim_result r;
static struct iot_sim_opts o;
static struct iot_diags d;
static bool ran;

#define ACS 1 /* capability with SV|RR|CR|UF enabled */
#define MF 2 /* multifunction header bit */
#define ACSCAP 4 /* capability present, control 0 (the kernel may enable it) */

static void setup(void)
{
	iot_topology_init(&t);
	iot_diags_init(&d);
	memset(&o, 0, sizeof(o));
	o.kernel = "7.2";
	o.iommu_before_pci = true;
	o.firmware = IOT_FW_DT;
	o.arch = IOT_ARCH_ARM64;
	o.explain = true;
	ran = false;
}

static void teardown(void)
{
	if (ran)
		iot_sim_free(&r);
	iot_topology_free(&t);
	iot_diags_free(&d);
}

static int add_iommu(const char *name, enum iot_iommu_model m)
{
	struct iot_iommu *u = iot_add_iommu(&t);

	u->name = iot_strdup(name);
	u->model = m;
	return (int)t.n_iommus - 1;
}

/* one root, segment 0, iommu-map <0 &iommu base 0x10000> */
static struct iot_pci_root *add_root(int iommu, uint32_t out_base)
{
	struct iot_pci_root *rt = iot_add_root(&t);

	rt->name = iot_strdup("pcie0");
	rt->bus_end = 0xff;
	rt->dt_path = iot_strdup("/pcie");
	if (iommu >= 0)
		iot_idmap_add(&rt->iommu_map, 0, 0x10000, iommu, out_base);
	return rt;
}

static int pdev(const char *bdf, enum iot_pci_type type, int parent, int flags)
{
	struct iot_pci_root *rt = &t.roots[0];
	struct iot_pci_dev *p = iot_root_add_dev(rt);
	unsigned int b, dv, fn;

	ck_assert_int_eq(sscanf(bdf, "%x:%x.%x", &b, &dv, &fn), 3);
	p->bus = (uint8_t)b;
	p->devfn = (uint8_t)(dv << 3 | fn);
	p->type = type;
	p->vendor = 0x1234;
	p->device = 0x0001;
	p->has_ids = true;
	p->parent = parent;
	p->multifunction = flags & MF;
	p->driver_known = true;
	if (flags & (ACS | ACSCAP)) {
		p->has_acs = true;
		p->acs_cap = IOT_ACS_SV | IOT_ACS_RR | IOT_ACS_CR | IOT_ACS_UF;
		p->acs_ctrl = (flags & ACS) ? p->acs_cap : 0;
		p->acs_ctrl_set = true;
	}
	if (iot_pci_type_is_bridge(type)) {
		/* secondary bus: the next free number, filled by callers that need it */
		p->secondary = 0;
	}
	return (int)rt->n_devs - 1;
}

static void secondary(int dev, unsigned int bus)
{
	t.roots[0].devs[dev].secondary = (uint8_t)bus;
}

static void ids(int dev, uint16_t vendor, uint16_t device)
{
	t.roots[0].devs[dev].vendor = vendor;
	t.roots[0].devs[dev].device = device;
}

static int plat(const char *name, int iommu, const uint32_t *sids, size_t n)
{
	struct iot_platdev *p = iot_add_platdev(&t);
	struct iot_dev_iommu *di;

	p->name = iot_strdup(name);
	p->msi_controller = IOT_NONE;
	p->driver_known = false;
	if (iommu >= 0) {
		di = iot_platdev_add_iommu(p);
		di->iommu = iommu;
		for (size_t i = 0; i < n; i++)
			iot_dev_iommu_add_id(di, sids[i] & 0xffff, sids[i] >> 16,
					     (sids[i] >> 16) != 0);
	}
	return (int)t.n_platdevs - 1;
}

static void run(void)
{
	if (ran)
		iot_sim_free(&r);
	ck_assert_int_eq(iot_sim_run(&t, &o, &r, &d), 0);
	ran = true;
}

static int dev(const char *name)
{
	int s = iot_sim_find_dev(&r, name);

	ck_assert_msg(s >= 0, "no device %s", name);
	return s;
}

/* group id of @name, -1 for none */
static int grp(const char *name)
{
	int s = dev(name);

	return r.devs[s].group >= 0 ? r.groups[r.devs[s].group].id : -1;
}

static size_t gsize(const char *name)
{
	int s = dev(name);

	return r.devs[s].group >= 0 ? r.groups[r.devs[s].group].n : 0;
}

static enum iot_verdict verdict(const char *name)
{
	return r.devs[dev(name)].verdict;
}

static uint32_t id_at(const char *name, size_t i)
{
	int s = dev(name);

	ck_assert_uint_gt(r.devs[s].n_ids, i);
	return r.ids[r.devs[s].ids_off + i];
}

#define SAME(a, b) ck_assert_msg(grp(a) >= 0 && grp(a) == grp(b), "%s and %s not together", a, b)
#define APART(a, b) \
	ck_assert_msg(grp(a) >= 0 && grp(b) >= 0 && grp(a) != grp(b), "%s and %s together", a, b)

static int smmu_dt(void)
{
	int s = add_iommu("smmu", IOT_IOMMU_SMMUV3);

	add_root(s, 0);
	return s;
}

START_TEST(e01_single_function_rciep)
{
	smmu_dt();
	pdev("00:02.0", IOT_PCI_RCIEP, IOT_NONE, 0);
	run();
	ck_assert_int_eq(grp("00:02.0"), 0);
	ck_assert_uint_eq(id_at("00:02.0", 0), 0x10);
	ck_assert_int_eq(verdict("00:02.0"), IOT_VERDICT_TRANSLATED);
	ck_assert(r.devs[dev("00:02.0")].isolated);
}
END_TEST

START_TEST(e02_mf_rciep_without_acs)
{
	smmu_dt();
	pdev("00:1f.0", IOT_PCI_RCIEP, IOT_NONE, MF);
	pdev("00:1f.2", IOT_PCI_RCIEP, IOT_NONE, 0);
	pdev("00:1f.3", IOT_PCI_RCIEP, IOT_NONE, 0);
	run();
	SAME("00:1f.0", "00:1f.2");
	SAME("00:1f.0", "00:1f.3");
	ck_assert(!r.devs[dev("00:1f.0")].isolated);
}
END_TEST

START_TEST(e03_one_function_with_acs)
{
	int f3;

	smmu_dt();
	pdev("00:1f.0", IOT_PCI_RCIEP, IOT_NONE, MF);
	pdev("00:1f.2", IOT_PCI_RCIEP, IOT_NONE, 0);
	pdev("00:1f.3", IOT_PCI_RCIEP, IOT_NONE, ACS);
	run();
	SAME("00:1f.0", "00:1f.2");
	APART("00:1f.0", "00:1f.3");
	/* Intel vendor: pci_quirk_rciep_acs gives three singletons */
	for (size_t i = 0; i < 3; i++)
		ids((int)i, 0x8086, 0x2918);
	f3 = 2;
	(void)f3;
	run();
	APART("00:1f.0", "00:1f.2");
	APART("00:1f.2", "00:1f.3");
}
END_TEST

START_TEST(e04_rp_with_acs)
{
	int rp;

	smmu_dt();
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	secondary(rp, 1);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, 0);
	run();
	ck_assert_int_eq(grp("00:00.0"), 0);
	ck_assert_int_eq(grp("01:00.0"), 1);
	ck_assert_uint_eq(id_at("00:00.0", 0), 0x0);
	ck_assert_uint_eq(id_at("01:00.0", 0), 0x100);
}
END_TEST

START_TEST(e05_rp_without_acs)
{
	int rp;

	smmu_dt();
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, 0);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, 0);
	run();
	SAME("00:00.0", "01:00.0");
}
END_TEST

START_TEST(e06_rp_without_acs_mf_endpoint)
{
	int rp;

	smmu_dt();
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, 0);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, MF);
	pdev("01:00.1", IOT_PCI_ENDPOINT, rp, 0);
	run();
	SAME("00:00.0", "01:00.0");
	SAME("00:00.0", "01:00.1");
	ck_assert_uint_eq(gsize("01:00.1"), 3);
}
END_TEST

static void e7_topology(int fn_flags)
{
	int rp;

	smmu_dt();
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, MF | fn_flags);
	pdev("01:00.1", IOT_PCI_ENDPOINT, rp, fn_flags);
}

START_TEST(e07_rp_acs_mf_endpoint_without_acs)
{
	e7_topology(0);
	run();
	ck_assert_int_eq(grp("00:00.0"), 0);
	SAME("01:00.0", "01:00.1");
	APART("00:00.0", "01:00.0");
}
END_TEST

START_TEST(e08_mf_endpoint_with_acs)
{
	e7_topology(ACS);
	run();
	APART("01:00.0", "01:00.1");
	APART("00:00.0", "01:00.0");
	/* unimplemented bits count as satisfied (pci_acs_flags_enabled) */
	t.roots[0].devs[1].acs_cap = IOT_ACS_SV;
	t.roots[0].devs[1].acs_ctrl = IOT_ACS_SV;
	t.roots[0].devs[2].acs_cap = IOT_ACS_SV;
	t.roots[0].devs[2].acs_ctrl = IOT_ACS_SV;
	run();
	APART("01:00.0", "01:00.1");
}
END_TEST

START_TEST(e09_mf_endpoint_quirk)
{
	e7_topology(0);
	ids(1, 0x8086, 0x10c9); /* 82576: pci_quirk_mf_endpoint_acs */
	ids(2, 0x8086, 0x10c9);
	run();
	APART("01:00.0", "01:00.1");
}
END_TEST

START_TEST(e10_mf_root_ports_without_acs)
{
	int a, b;

	smmu_dt();
	a = pdev("00:1c.0", IOT_PCI_ROOT_PORT, IOT_NONE, MF);
	b = pdev("00:1c.4", IOT_PCI_ROOT_PORT, IOT_NONE, 0);
	pdev("01:00.0", IOT_PCI_ENDPOINT, a, 0);
	pdev("02:00.0", IOT_PCI_ENDPOINT, b, 0);
	run();
	SAME("00:1c.0", "00:1c.4");
	SAME("00:1c.0", "01:00.0");
	SAME("00:1c.0", "02:00.0");
	/*
	 * Intel PCH root ports (pci_quirk_intel_pch_acs) isolate once ACS was
	 * requested before they were added (ACPI here).  §7 E10's "{1c.0,
	 * 01:00.0}, {1c.4, 02:00.0}" cannot come out of pci_device_group: one
	 * predicate decides both the climb and function aliasing.
	 */
	ids(a, 0x8086, 0x1c10);
	ids(b, 0x8086, 0x1c18);
	o.firmware = IOT_FW_ACPI;
	run();
	APART("00:1c.0", "01:00.0");
	APART("00:1c.4", "02:00.0");
	APART("00:1c.0", "00:1c.4");
	/* DT ≥6.15: 00:1c.0 is the first device added, before pci_request_acs() */
	o.firmware = IOT_FW_DT;
	run();
	SAME("00:1c.0", "01:00.0");
	APART("00:1c.0", "00:1c.4");
	APART("00:1c.4", "02:00.0");
}
END_TEST

static void switch_topology(int rp_flags, int dsp_flags)
{
	int rp, usp, d0, d1;

	smmu_dt();
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, rp_flags);
	usp = pdev("01:00.0", IOT_PCI_UPSTREAM_PORT, rp, 0);
	d0 = pdev("02:00.0", IOT_PCI_DOWNSTREAM_PORT, usp, dsp_flags);
	d1 = pdev("02:01.0", IOT_PCI_DOWNSTREAM_PORT, usp, dsp_flags);
	pdev("03:00.0", IOT_PCI_ENDPOINT, d0, 0);
	pdev("04:00.0", IOT_PCI_ENDPOINT, d1, 0);
}

START_TEST(e11_switch_all_acs)
{
	static const char *const order[] = { "00:00.0", "01:00.0", "02:00.0",
					     "02:01.0", "03:00.0", "04:00.0" };

	switch_topology(ACS, ACS);
	run();
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(grp(order[i]), i);
}
END_TEST

START_TEST(e12_switch_dsp_without_acs)
{
	switch_topology(ACS, 0);
	run();
	ck_assert_uint_eq(gsize("00:00.0"), 1);
	ck_assert_uint_eq(gsize("01:00.0"), 1);
	SAME("02:00.0", "03:00.0");
	SAME("02:01.0", "04:00.0");
	APART("03:00.0", "04:00.0");
	/* P2P inside the switch: not isolated although in different groups */
	ck_assert(!r.devs[dev("03:00.0")].isolated);
}
END_TEST

START_TEST(e13_rp_without_acs_above_switch)
{
	switch_topology(0, ACS);
	run();
	ck_assert_uint_eq(gsize("00:00.0"), 6);
}
END_TEST

/* RP 00:1c.0 (ACS) -> PCIe-to-PCI bridge 01:00.0 -> 02:00.0, 02:01.0 */
static void e14_topology(void)
{
	int rp, br;

	rp = pdev("00:1c.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	br = pdev("01:00.0", IOT_PCI_PCIE_TO_PCI_BRIDGE, rp, 0);
	secondary(br, 2);
	pdev("02:00.0", IOT_PCI_PCI_ENDPOINT, br, 0);
	pdev("02:01.0", IOT_PCI_PCI_ENDPOINT, br, 0);
}

START_TEST(e14_pcie_to_pci_bridge_smmuv3)
{
	smmu_dt();
	e14_topology();
	run();
	ck_assert_uint_eq(id_at("01:00.0", 0), 0x100);
	ck_assert_uint_eq(id_at("02:00.0", 0), 0x200);
	ck_assert_uint_eq(id_at("02:00.0", 1), 0x200);
	ck_assert_uint_eq(id_at("02:01.0", 0), 0x208);
	ck_assert_uint_eq(id_at("02:01.0", 1), 0x200);
	ck_assert_uint_eq(gsize("00:1c.0"), 1);
	SAME("01:00.0", "02:00.0");
	ck_assert_int_eq(grp("02:01.0"), -1);
	ck_assert_int_eq(verdict("02:01.0"), IOT_VERDICT_UNMANAGED_ALIASED);
	ck_assert_int_eq(r.devs[dev("02:01.0")].alias_owner, dev("02:00.0"));
}
END_TEST

START_TEST(e14_pcie_to_pci_bridge_smmuv2_virtio)
{
	int u = add_iommu("smmu", IOT_IOMMU_MMU500);

	add_root(u, 0);
	e14_topology();
	run();
	SAME("01:00.0", "02:00.0");
	SAME("01:00.0", "02:01.0");
	/*
	 * virtio-iommu under QEMU (kernel-rules.md B3): 02:01.0's PROBE fails with
	 * -ENOENT (QEMU knows only its alias 0x200); in the ≥6.15 registration
	 * walk that unregisters the instance: no group at all.
	 */
	t.iommus[0].model = IOT_IOMMU_VIRTIO_MMIO;
	run();
	ck_assert_int_eq(grp("01:00.0"), -1);
	ck_assert_int_eq(grp("02:00.0"), -1);
	ck_assert(!r.iommu_registered[0]);
	ck_assert_int_eq(verdict("02:00.0"), IOT_VERDICT_NO_IOMMU);
	/* ≤6.14: the failure happens at that device's bind and costs only it */
	o.kernel = "6.12";
	o.state = IOT_STATE_FINAL;
	run();
	SAME("01:00.0", "02:00.0");
	ck_assert_int_eq(grp("02:01.0"), -1);
}
END_TEST

START_TEST(e15_bridge_on_6_12)
{
	/* kernel-rules.md B1: pcieport's probe attempt groups the bridge: result equals E14 */
	smmu_dt();
	e14_topology();
	o.kernel = "6.12";
	o.state = IOT_STATE_FINAL;
	run();
	SAME("01:00.0", "02:00.0");
	ck_assert_int_eq(grp("02:01.0"), -1);
	/* before the final state only the ports were attempted */
	o.state = IOT_STATE_BOOT;
	run();
	ck_assert_int_ge(grp("01:00.0"), 0);
	ck_assert_int_eq(grp("02:00.0"), -1);
	ck_assert_int_eq(verdict("02:00.0"), IOT_VERDICT_UNMANAGED_BLOCKED);
}
END_TEST

START_TEST(e15_smmuv3_duplicate_self_before_backport)
{
	/* B2: "stream already in tree" for 02:00.0's own duplicate where unpatched */
	size_t n;
	const struct iot_kernel_profile *p = iot_kernel_profiles(&n);

	ck_assert(p[0].smmuv3_dup_self_ok); /* the captured 6.1 has the backport */
	smmu_dt();
	e14_topology();
	o.kernel = "6.1";
	o.state = IOT_STATE_FINAL;
	run();
	SAME("01:00.0", "02:00.0");
	ck_assert_int_eq(grp("02:01.0"), -1);
}
END_TEST

START_TEST(e16_driverless_switch_port_mf_endpoint)
{
	int rp, usp, dsp;

	smmu_dt();
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	usp = pdev("01:00.0", IOT_PCI_UPSTREAM_PORT, rp, 0);
	dsp = pdev("02:00.0", IOT_PCI_DOWNSTREAM_PORT, usp, 0);
	pdev("03:00.0", IOT_PCI_ENDPOINT, dsp, MF);
	pdev("03:00.1", IOT_PCI_ENDPOINT, dsp, 0);
	run();
	ck_assert_uint_eq(gsize("00:00.0"), 1);
	ck_assert_uint_eq(gsize("01:00.0"), 1);
	ck_assert_uint_eq(gsize("02:00.0"), 3);
	SAME("02:00.0", "03:00.1");
	/* ≤6.14 with pcieport built in: the same partition (E16 remark, B1) */
	o.kernel = "6.12";
	o.state = IOT_STATE_FINAL;
	run();
	ck_assert_uint_eq(gsize("02:00.0"), 3);
}
END_TEST

START_TEST(e17_dt_platform_smmuv3)
{
	int s = add_iommu("smmu", IOT_IOMMU_SMMUV3);
	uint32_t a = 0x10, b = 0x11;

	plat("A", s, &a, 1);
	plat("B", s, &b, 1);
	plat("C", s, &a, 1);
	run();
	ck_assert_int_eq(grp("A"), 0);
	ck_assert_int_eq(grp("B"), 1);
	ck_assert_int_eq(grp("C"), -1);
	ck_assert_int_eq(verdict("C"), IOT_VERDICT_UNMANAGED_ALIASED);
}
END_TEST

static int smmuv2(unsigned int cells)
{
	int s = add_iommu("smmu", IOT_IOMMU_MMU500);

	t.iommus[s].iommu_cells = cells;
	return s;
}

START_TEST(e18_smmuv2_wide_first)
{
	int s = smmuv2(2);
	uint32_t a = 0x7f80u << 16 | 0x400, b = 0x480;

	plat("A", s, &a, 1);
	plat("B", s, &b, 1);
	run();
	SAME("A", "B");
}
END_TEST

START_TEST(e19_smmuv2_narrow_first)
{
	int s = smmuv2(2);
	uint32_t a = 0x7f80u << 16 | 0x400, b = 0x480;

	plat("B", s, &b, 1);
	plat("A", s, &a, 1);
	run(); /* hot-add: A alone fails */
	ck_assert_int_ge(grp("B"), 0);
	ck_assert_int_eq(grp("A"), -1);
	/* both added before the SMMU registered: the walk aborts, nothing translated */
	o.iommu_before_pci = false;
	run();
	ck_assert_int_eq(grp("B"), -1);
	ck_assert_int_eq(verdict("B"), IOT_VERDICT_NO_IOMMU);
	ck_assert(!r.iommu_registered[0]);
}
END_TEST

START_TEST(e20_smmuv2_last_sme_decides)
{
	int s = smmuv2(1);
	uint32_t x = 0x10, y[2] = { 0x10, 0x20 }, y2[2] = { 0x20, 0x10 };

	plat("X", s, &x, 1);
	plat("Y", s, y, 2);
	plat("Z", s, &x, 1);
	run();
	ck_assert_int_eq(grp("X"), 0);
	SAME("Y", "Z");
	APART("X", "Y");
	ck_assert(!r.devs[dev("X")].isolated); /* shares stream 0x10 across groups */
	iot_topology_free(&t);
	iot_topology_init(&t);
	s = smmuv2(1);
	plat("X", s, &x, 1);
	plat("Y", s, y2, 2);
	plat("Z", s, &x, 1);
	run();
	SAME("X", "Y");
	SAME("X", "Z");
}
END_TEST

START_TEST(e21_stream_match_mask)
{
	int s = smmuv2(1);
	uint32_t a = 0x400, b = 0x800, c = 0x401;

	t.iommus[s].has_stream_match_mask = true;
	t.iommus[s].stream_match_mask = 0x7c00;
	plat("A", s, &a, 1);
	plat("B", s, &b, 1);
	plat("C", s, &c, 1);
	run();
	ck_assert_uint_eq(id_at("A", 0), 0x7c000400);
	ck_assert_uint_eq(id_at("B", 0), 0x7c000800);
	ck_assert_uint_eq(id_at("C", 0), 0x7c000401);
	SAME("A", "B");
	APART("A", "C");
}
END_TEST

START_TEST(e22_iommu_map_offset)
{
	int s = add_iommu("smmu", IOT_IOMMU_SMMUV3), rp;

	add_root(s, 0x10000);
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, 0);
	run();
	ck_assert_uint_eq(id_at("01:00.0", 0), 0x10100);
}
END_TEST

START_TEST(e23_iommu_map_mask_collapsing)
{
	int s = smmu_dt(), rp;

	t.roots[0].iommu_map.has_mask = true;
	t.roots[0].iommu_map.mask = 0xfff8;
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, MF | ACS);
	pdev("01:00.1", IOT_PCI_ENDPOINT, rp, ACS);
	pdev("01:00.2", IOT_PCI_ENDPOINT, rp, ACS);
	pdev("01:00.3", IOT_PCI_ENDPOINT, rp, ACS);
	run();
	ck_assert_uint_eq(id_at("01:00.3", 0), 0x100);
	ck_assert_int_ge(grp("01:00.0"), 0);
	ck_assert_int_eq(grp("01:00.1"), -1);
	ck_assert_int_eq(grp("01:00.3"), -1);
	/* SMMUv2: one SME, one group despite ACS */
	t.iommus[s].model = IOT_IOMMU_MMU500;
	run();
	SAME("01:00.0", "01:00.3");
	ck_assert_uint_eq(gsize("01:00.0"), 4);
}
END_TEST

START_TEST(e24_iommu_map_no_match)
{
	int s = add_iommu("smmu", IOT_IOMMU_SMMUV3), rp;
	struct iot_pci_root *rt = add_root(-1, 0);

	iot_idmap_add(&rt->iommu_map, 0, 0x100, s, 0);
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, 0);
	run();
	ck_assert_int_eq(grp("01:00.0"), -1);
	ck_assert_int_eq(verdict("01:00.0"), IOT_VERDICT_NO_IOMMU);
	ck_assert_ptr_nonnull(
		strstr(r.devs[dev("01:00.0")].why, "no iommu-map row for RID 0x0100") ?
			r.devs[dev("01:00.0")].why :
			strstr(r.devs[dev("01:00.0")].why, "RID 0x0100"));
}
END_TEST

START_TEST(e25_iommu_disabled)
{
	int s = add_iommu("smmu", IOT_IOMMU_SMMUV3);
	uint32_t a = 0x10;

	t.iommus[s].status = IOT_STATUS_DISABLED;
	plat("A", s, &a, 1);
	run();
	ck_assert_int_eq(grp("A"), -1);
	ck_assert_int_eq(verdict("A"), IOT_VERDICT_NO_IOMMU);
}
END_TEST

START_TEST(e26_iommu_without_driver)
{
	int s = add_iommu("viommu", IOT_IOMMU_VIRTIO_MMIO);
	uint32_t a = 0x10;

	plat("A", s, &a, 1);
	o.kernel = "6.1"; /* Debian 6.1: no virtio-iommu driver */
	o.trace = true;
	run();
	ck_assert_int_eq(grp("A"), -1);
	ck_assert_int_eq(verdict("A"), IOT_VERDICT_NO_IOMMU);
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&r.trace), "deferred probe timeout"));
}
END_TEST

START_TEST(e27_map_row_outside_mask)
{
	int s = add_iommu("smmu", IOT_IOMMU_SMMUV3);
	struct iot_pci_root *rt = add_root(-1, 0);

	rt->iommu_map.has_mask = true;
	rt->iommu_map.mask = 0xff00;
	iot_idmap_add(&rt->iommu_map, 0x10, 0x100, s, 0);
	pdev("00:00.0", IOT_PCI_RCIEP, IOT_NONE, 0);
	run();
	ck_assert_int_eq(verdict("00:00.0"), IOT_VERDICT_NO_IOMMU);
	ck_assert_ptr_nonnull(strstr(r.devs[dev("00:00.0")].why, "-EFAULT"));
}
END_TEST

START_TEST(e28_iommu_after_timeout)
{
	int s = add_iommu("smmu", IOT_IOMMU_SMMUV3), a, b;
	uint32_t sa = 0x10, sb = 0x11;

	a = plat("A", s, &sa, 1);
	b = plat("B", s, &sb, 1);
	t.platdevs[a].driver = iot_strdup("dma-engine");
	t.platdevs[a].driver_known = true;
	t.platdevs[b].driver_known = true; /* no driver */
	o.iommu_before_pci = false;
	o.iommu_after_timeout = true;
	o.trace = true;
	run();
	/*
	 * A bound without its IOMMU and is skipped by the walk; B is picked up.
	 * §7 E28 says NO-IOMMU for A; once the SMMUv3 driver has reset the SMMU,
	 * A's stream meets an abort STE, so: unmanaged-blocked.
	 */
	ck_assert_int_eq(verdict("A"), IOT_VERDICT_UNMANAGED_BLOCKED);
	ck_assert_ptr_nonnull(strstr(r.devs[dev("A")].why, "registered after it bound"));
	ck_assert_int_eq(grp("B"), 0);
	ck_assert_ptr_nonnull(strstr(iot_buf_str(&r.trace), "deferred probe timeout"));
	/* before 6.15 the walk groups nobody: B has no driver either */
	o.kernel = "6.12";
	run();
	ck_assert_int_eq(grp("B"), -1);
	ck_assert_int_eq(grp("A"), -1);
}
END_TEST

START_TEST(e29_iort_rc_mapping)
{
	int s = add_iommu("S0", IOT_IOMMU_SMMUV3), rp;
	struct iot_pci_root *rt = add_root(-1, 0);

	free(rt->dt_path);
	rt->dt_path = NULL;
	iot_idmap_add(&rt->iommu_map, 0, 0x10000, s, 0x10000);
	o.firmware = IOT_FW_ACPI;
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	pdev("01:00.0", IOT_PCI_ENDPOINT, rp, 0);
	run();
	ck_assert_uint_eq(id_at("01:00.0", 0), 0x10100);
	/* count 0x100 (IORT id_count 0xff): RID 0x100 unmatched */
	t.roots[0].iommu_map.rows[0].count = 0x100;
	run();
	ck_assert_int_eq(verdict("01:00.0"), IOT_VERDICT_NO_IOMMU);
}
END_TEST

START_TEST(e30_iort_off_by_one)
{
	int a = add_iommu("S_A", IOT_IOMMU_SMMUV3), b = add_iommu("S_B", IOT_IOMMU_SMMUV3);
	struct iot_pci_root *rt = add_root(-1, 0);

	/* M1 {in 0, ids 0x100 (IORT count 0x100), ...}: COUNT stored = 0x101 */
	iot_idmap_add(&rt->iommu_map, 0x000, 0x101, a, 0x1000);
	iot_idmap_add(&rt->iommu_map, 0x100, 0x100, b, 0x2000);
	o.firmware = IOT_FW_ACPI;
	pdev("00:1f.7", IOT_PCI_RCIEP, IOT_NONE, 0);
	pdev("01:00.0", IOT_PCI_RCIEP, IOT_NONE, 0);
	pdev("01:1f.7", IOT_PCI_RCIEP, IOT_NONE, 0);
	run();
	ck_assert_int_eq(r.devs[dev("00:1f.7")].iommu, a);
	ck_assert_uint_eq(id_at("00:1f.7", 0), 0x10ff);
	ck_assert_int_eq(r.devs[dev("01:00.0")].iommu, b);
	ck_assert_uint_eq(id_at("01:00.0", 0), 0x2000);
	ck_assert_uint_eq(id_at("01:1f.7", 0), 0x20ff);
}
END_TEST

START_TEST(e31_platform_without_mapping)
{
	int s = add_iommu("S0", IOT_IOMMU_SMMUV3);
	uint32_t ids2[2] = { 0x20, 0x21 };

	o.firmware = IOT_FW_ACPI;
	plat("DMA0", s, ids2, 2);
	plat("DMA1", -1, NULL, 0); /* index-0 mapping not single: the IORT reader gives none */
	run();
	ck_assert_uint_eq(id_at("DMA0", 1), 0x21);
	ck_assert_int_eq(grp("DMA0"), 0);
	ck_assert_int_eq(verdict("DMA1"), IOT_VERDICT_NO_IOMMU);
}
END_TEST

static int viot(void)
{
	int v = add_iommu("viommu", IOT_IOMMU_VIRTIO_PCI);

	t.iommus[v].pci_bdf = 0x08; /* 00:01.0 */
	o.firmware = IOT_FW_ACPI;
	o.arch = IOT_ARCH_X86;
	return v;
}

START_TEST(e32_viot_endpoint_ids)
{
	int v = viot();
	struct iot_pci_root *rt = add_root(-1, 0);

	free(rt->dt_path);
	rt->dt_path = NULL;
	iot_idmap_add(&rt->iommu_map, 0x0, 0x100, v, 0x10);
	pdev("00:01.0", IOT_PCI_PCI_ENDPOINT, IOT_NONE, 0);
	pdev("00:03.0", IOT_PCI_PCI_ENDPOINT, IOT_NONE, 0);
	run();
	ck_assert_uint_eq(id_at("00:03.0", 0), 0x28);
	ck_assert_int_eq(grp("00:03.0"), 0);
	ck_assert_int_eq(grp("00:01.0"), -1);
	ck_assert_int_eq(verdict("00:01.0"), IOT_VERDICT_NO_IOMMU);
	ck_assert_int_eq(r.groups[r.devs[dev("00:03.0")].group].domain, IOT_DOMAIN_DMA_FQ);
}
END_TEST

START_TEST(e33_viot_overlap_last_wins)
{
	int v = viot();
	struct iot_pci_root *rt = add_root(-1, 0);

	iot_idmap_add(&rt->iommu_map, 0x00, 0x100, v, 0x100);
	iot_idmap_add(&rt->iommu_map, 0x10, 0x10, v, 0x500);
	pdev("00:03.0", IOT_PCI_PCI_ENDPOINT, IOT_NONE, 0);
	pdev("00:04.0", IOT_PCI_PCI_ENDPOINT, IOT_NONE, 0);
	run();
	ck_assert_uint_eq(id_at("00:03.0", 0), 0x508);
	ck_assert_uint_eq(id_at("00:04.0", 0), 0x120);
}
END_TEST

START_TEST(e35_passthrough_and_untrusted)
{
	int s = add_iommu("S0", IOT_IOMMU_SMMUV3), ext, in;
	struct iot_pci_root *rt = add_root(s, 0);

	free(rt->dt_path);
	rt->dt_path = NULL;
	o.firmware = IOT_FW_ACPI;
	o.cmdline = "console=ttyAMA0 iommu.passthrough=1";
	ext = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	t.roots[0].devs[ext].external_facing = true;
	in = pdev("00:01.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	pdev("01:00.0", IOT_PCI_ENDPOINT, ext, 0);
	pdev("02:00.0", IOT_PCI_ENDPOINT, in, 0);
	run();
	ck_assert_int_eq(verdict("00:00.0"), IOT_VERDICT_PASSTHROUGH);
	ck_assert_int_eq(verdict("02:00.0"), IOT_VERDICT_PASSTHROUGH);
	ck_assert_int_eq(verdict("01:00.0"), IOT_VERDICT_TRANSLATED);
	ck_assert_int_eq(r.groups[r.devs[dev("01:00.0")].group].domain, IOT_DOMAIN_DMA);
	ck_assert_uint_eq(gsize("01:00.0"), 1);
}
END_TEST

START_TEST(e36_driverless_and_rmr)
{
	int s = add_iommu("S0", IOT_IOMMU_SMMUV3), a, b;
	uint32_t sa = 0x10, sb = 0x40;
	struct iot_rmr *rmr;

	o.firmware = IOT_FW_ACPI;
	a = plat("A", s, &sa, 1);
	b = plat("B", s, &sb, 1);
	t.platdevs[a].driver_known = true;
	t.platdevs[b].driver_known = true;
	rmr = iot_add_rmr(&t);
	rmr->name = iot_strdup("rmr0");
	iot_idmap_add(&rmr->ids, 0, 1, s, 0x40);
	run();
	ck_assert_int_eq(verdict("A"), IOT_VERDICT_TRANSLATED);
	ck_assert_int_eq(verdict("B"), IOT_VERDICT_TRANSLATED);
	ck_assert(r.groups[r.devs[dev("B")].group].require_direct);
	o.kernel = "6.12";
	run();
	ck_assert_int_eq(verdict("A"), IOT_VERDICT_UNMANAGED_BLOCKED);
	ck_assert_int_eq(verdict("B"), IOT_VERDICT_UNMANAGED_BYPASS);
}
END_TEST

START_TEST(e37_dt_acs_timing)
{
	int r0, r1;

	smmu_dt();
	r0 = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	r1 = pdev("00:01.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	pdev("01:00.0", IOT_PCI_ENDPOINT, r0, 0);
	pdev("02:00.0", IOT_PCI_ENDPOINT, r1, 0);
	run();
	SAME("00:00.0", "01:00.0");
	APART("00:01.0", "02:00.0");
	o.kernel = "6.12";
	o.state = IOT_STATE_FINAL;
	run();
	SAME("00:00.0", "01:00.0");
	SAME("00:01.0", "02:00.0");
	o.firmware = IOT_FW_ACPI;
	o.kernel = "7.2";
	run();
	APART("00:00.0", "01:00.0");
	APART("00:01.0", "02:00.0");
}
END_TEST

START_TEST(e37_second_dt_host_bridge_gets_acs)
{
	struct iot_pci_root *r1;
	int a, b;

	smmu_dt();
	a = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	pdev("01:00.0", IOT_PCI_ENDPOINT, a, 0);
	r1 = iot_add_root(&t);
	r1->name = iot_strdup("pcie1");
	r1->segment = 1;
	r1->bus_end = 0xff;
	r1->dt_path = iot_strdup("/pcie1");
	iot_idmap_add(&r1->iommu_map, 0, 0x10000, 0, 0x10000);
	b = (int)r1->n_devs;
	iot_root_add_dev(r1)->type = IOT_PCI_ROOT_PORT;
	r1->devs[b].parent = IOT_NONE;
	r1->devs[b].driver_known = true;
	r1->devs[b].has_acs = true;
	r1->devs[b].acs_cap = 0x1d;
	r1->devs[b].secondary = 1;
	iot_root_add_dev(r1)->bus = 1;
	r1->devs[b + 1].type = IOT_PCI_ENDPOINT;
	r1->devs[b + 1].parent = b;
	r1->devs[b + 1].driver_known = true;
	o.kernel = "6.12";
	o.state = IOT_STATE_FINAL;
	o.iommu_before_pci = false;
	run();
	/* the first host bridge's ports bound before the second was probed */
	SAME("0000:00:00.0", "0000:01:00.0");
	APART("0001:00:00.0", "0001:01:00.0");
}
END_TEST

START_TEST(e38_two_instances)
{
	int s0 = add_iommu("smmu0", IOT_IOMMU_SMMUV3), s1 = add_iommu("smmu1", IOT_IOMMU_SMMUV3);
	struct iot_platdev *p;
	struct iot_dev_iommu *di;

	plat("A", s0, (uint32_t[]){ 0x10 }, 1);
	p = &t.platdevs[0];
	di = iot_platdev_add_iommu(p);
	di->iommu = s1;
	iot_dev_iommu_add_id(di, 0x20, 0, false);
	run();
	ck_assert_int_eq(r.devs[dev("A")].iommu, s0);
	ck_assert_uint_eq(id_at("A", 1), 0x20);
	t.iommus[s1].model = IOT_IOMMU_MMU500;
	run();
	ck_assert_int_eq(verdict("A"), IOT_VERDICT_NO_IOMMU);
}
END_TEST

START_TEST(e39_dma_alias_quirk)
{
	int rp, f0;

	smmu_dt();
	rp = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACS);
	secondary(rp, 3);
	f0 = pdev("03:00.0", IOT_PCI_ENDPOINT, rp, 0);
	ids(f0, 0x1b4b, 0x9230);
	run();
	ck_assert_uint_eq(id_at("03:00.0", 0), 0x300);
	ck_assert_uint_eq(id_at("03:00.0", 1), 0x301);
	ck_assert_uint_eq(gsize("03:00.0"), 1);
	t.roots[0].devs[f0].multifunction = true;
	pdev("03:00.1", IOT_PCI_ENDPOINT, rp, 0);
	ids(2, 0x1b4b, 0x9230);
	run();
	ck_assert_int_eq(grp("03:00.1"), -1);
	ck_assert_int_eq(verdict("03:00.1"), IOT_VERDICT_UNMANAGED_ALIASED);
	t.iommus[0].model = IOT_IOMMU_MMU500;
	run();
	SAME("03:00.0", "03:00.1");
}
END_TEST

START_TEST(e40_numbering_acpi)
{
	int s = add_iommu("S0", IOT_IOMMU_SMMUV3), r0, r1;
	struct iot_pci_root *rt = add_root(s, 0);

	free(rt->dt_path);
	rt->dt_path = NULL;
	o.firmware = IOT_FW_ACPI;
	o.iommu_before_pci = false;
	/* §7 E40 gives SATA SID 0x8, which is also RP 00:01.0's RID under an identity
	 * RC map: SMMUv3 would reject the port ("Aliasing StreamID"); use 0x8000 */
	plat("SATA", s, (uint32_t[]){ 0x8000 }, 1);
	r0 = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	r1 = pdev("00:01.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	pdev("01:00.0", IOT_PCI_ENDPOINT, r0, 0);
	pdev("02:00.0", IOT_PCI_ENDPOINT, r1, 0);
	run();
	ck_assert_int_eq(grp("SATA"), 0);
	ck_assert_int_eq(grp("00:00.0"), 1);
	ck_assert_int_eq(grp("00:01.0"), 2);
	ck_assert_int_eq(grp("01:00.0"), 3);
	ck_assert_int_eq(grp("02:00.0"), 4);
}
END_TEST

START_TEST(kernel_profiles)
{
	ck_assert_str_eq(iot_kernel_profile_find("6.12.118+deb13-arm64")->version, "6.12");
	ck_assert_str_eq(iot_kernel_profile_find("6.1.0-56-arm64")->version, "6.1");
	ck_assert_str_eq(iot_kernel_profile_find("6.14")->version, "6.12");
	ck_assert_str_eq(iot_kernel_profile_find("v6.15-rc3")->version, "6.15");
	ck_assert_str_eq(iot_kernel_profile_find("7.2.13+deb14-amd64")->version, "7.2");
	ck_assert_str_eq(iot_kernel_profile_find("5.15")->version, "5.15");
	ck_assert_ptr_null(iot_kernel_profile_find("4.19.0-27-amd64"));
	{
		bool exact = true;

		ck_assert_str_eq(iot_kernel_profile_lookup("6.8.0-48-generic", &exact)->version,
				 "6.6");
		ck_assert(!exact);
		ck_assert_str_eq(
			iot_kernel_profile_lookup("5.14.0-427.el9.x86_64", &exact)->version,
			"5.10");
		ck_assert(!exact);
		ck_assert_str_eq(iot_kernel_profile_lookup("7.2.13+deb14-arm64", &exact)->version,
				 "7.2");
		ck_assert(exact);
		ck_assert(!iot_kernel_profile_find("5.10")->dma_fq_type);
		ck_assert(!iot_kernel_profile_find("5.10")->smmuv3_sid_tree);
	}
	ck_assert_ptr_null(iot_kernel_profile_find("linux"));
	ck_assert(!iot_kernel_profile_find("6.12")->two_phase_probe);
	ck_assert(iot_kernel_profile_find("6.15")->two_phase_probe);
}
END_TEST

START_TEST(arch_and_domain_defaults)
{
	int hb;

	add_root(-1, 0);
	hb = pdev("00:00.0", IOT_PCI_HOST_BRIDGE, IOT_NONE, 0);
	t.roots[0].devs[hb].class_code = 0x060000;
	o.arch = IOT_ARCH_AUTO;
	o.firmware = IOT_FW_ACPI;
	run();
	ck_assert_int_eq(r.arch, IOT_ARCH_ARM64); /* 1234:0001 says nothing */
	ck_assert(r.strict);
	ids(hb, 0x8086, 0x29c0); /* an Intel chipset: x86, lazy (DMA-FQ) by default */
	run();
	ck_assert_int_eq(r.arch, IOT_ARCH_X86);
	ck_assert(!r.strict);
	o.kernel = "6.12.118+deb13-arm64"; /* the osrelease suffix wins */
	run();
	ck_assert_int_eq(r.arch, IOT_ARCH_ARM64);
	o.cmdline = "iommu.strict=0 iommu=pt";
	run();
	ck_assert(!r.strict);
	/* "iommu=" is an x86 parameter (arch/x86/kernel/pci-dma.c): arm64 ignores it */
	ck_assert(!r.passthrough);
	o.cmdline = "iommu.strict=0 iommu.passthrough=1";
	run();
	ck_assert(r.passthrough);
}
END_TEST

START_TEST(unknown_kernel_is_an_error)
{
	smmu_dt();
	o.kernel = "4.19";
	ck_assert_int_eq(iot_sim_run(&t, &o, &r, &d), -1);
	ck_assert_uint_eq(d.n_errors, 1);
	iot_sim_free(&r);
}
END_TEST

START_TEST(against_kernel_reports_split)
{
	int r0, r1;
	struct iot_buf b;

	smmu_dt();
	r0 = pdev("00:00.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	r1 = pdev("00:01.0", IOT_PCI_ROOT_PORT, IOT_NONE, ACSCAP);
	pdev("01:00.0", IOT_PCI_ENDPOINT, r0, 0);
	pdev("02:00.0", IOT_PCI_ENDPOINT, r1, 0);
	o.kernel = "6.12";
	o.state = IOT_STATE_FINAL;
	{
		struct iot_sim_result a, c;

		ck_assert_int_eq(iot_sim_run(&t, &o, &a, &d), 0);
		o.kernel = "7.2";
		ck_assert_int_eq(iot_sim_run(&t, &o, &c, &d), 0);
		iot_buf_init(&b);
		ck_assert_uint_gt(iot_groups_diff(&t, &a, &c, &b), 0);
		ck_assert_ptr_nonnull(strstr(iot_buf_str(&b), "split: 6.12: group"));
		ck_assert_ptr_nonnull(strstr(iot_buf_str(&b), "0000:02:00.0"));
		iot_buf_free(&b);
		iot_buf_init(&b);
		ck_assert_uint_eq(iot_groups_diff(&t, &c, &c, &b), 0);
		ck_assert_ptr_nonnull(
			strstr(iot_buf_str(&b), "# from kernel profile 7.2 to 7.2\nno change ("));
		iot_buf_free(&b);
		iot_sim_free(&a);
		iot_sim_free(&c);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sim");
	TCase *tc = tcase_create("worked-examples");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, e01_single_function_rciep);
	tcase_add_test(tc, e02_mf_rciep_without_acs);
	tcase_add_test(tc, e03_one_function_with_acs);
	tcase_add_test(tc, e04_rp_with_acs);
	tcase_add_test(tc, e05_rp_without_acs);
	tcase_add_test(tc, e06_rp_without_acs_mf_endpoint);
	tcase_add_test(tc, e07_rp_acs_mf_endpoint_without_acs);
	tcase_add_test(tc, e08_mf_endpoint_with_acs);
	tcase_add_test(tc, e09_mf_endpoint_quirk);
	tcase_add_test(tc, e10_mf_root_ports_without_acs);
	tcase_add_test(tc, e11_switch_all_acs);
	tcase_add_test(tc, e12_switch_dsp_without_acs);
	tcase_add_test(tc, e13_rp_without_acs_above_switch);
	tcase_add_test(tc, e14_pcie_to_pci_bridge_smmuv3);
	tcase_add_test(tc, e14_pcie_to_pci_bridge_smmuv2_virtio);
	tcase_add_test(tc, e15_bridge_on_6_12);
	tcase_add_test(tc, e15_smmuv3_duplicate_self_before_backport);
	tcase_add_test(tc, e16_driverless_switch_port_mf_endpoint);
	tcase_add_test(tc, e17_dt_platform_smmuv3);
	tcase_add_test(tc, e18_smmuv2_wide_first);
	tcase_add_test(tc, e19_smmuv2_narrow_first);
	tcase_add_test(tc, e20_smmuv2_last_sme_decides);
	tcase_add_test(tc, e21_stream_match_mask);
	tcase_add_test(tc, e22_iommu_map_offset);
	tcase_add_test(tc, e23_iommu_map_mask_collapsing);
	tcase_add_test(tc, e24_iommu_map_no_match);
	tcase_add_test(tc, e25_iommu_disabled);
	tcase_add_test(tc, e26_iommu_without_driver);
	tcase_add_test(tc, e27_map_row_outside_mask);
	tcase_add_test(tc, e28_iommu_after_timeout);
	tcase_add_test(tc, e29_iort_rc_mapping);
	tcase_add_test(tc, e30_iort_off_by_one);
	tcase_add_test(tc, e31_platform_without_mapping);
	tcase_add_test(tc, e32_viot_endpoint_ids);
	tcase_add_test(tc, e33_viot_overlap_last_wins);
	tcase_add_test(tc, e35_passthrough_and_untrusted);
	tcase_add_test(tc, e36_driverless_and_rmr);
	tcase_add_test(tc, e37_dt_acs_timing);
	tcase_add_test(tc, e37_second_dt_host_bridge_gets_acs);
	tcase_add_test(tc, e38_two_instances);
	tcase_add_test(tc, e39_dma_alias_quirk);
	tcase_add_test(tc, e40_numbering_acpi);
	tcase_add_test(tc, kernel_profiles);
	tcase_add_test(tc, arch_and_domain_defaults);
	tcase_add_test(tc, unknown_kernel_is_an_error);
	tcase_add_test(tc, against_kernel_reports_split);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
