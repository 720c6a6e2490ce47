// SPDX-License-Identifier: MIT
/*
 * The simulator's IOMMU drivers (src/sim/drivers/): the registry's match of
 * an IOMMU to its driver, and each driver's own rules (of_xlate,
 * device_group, def_domain_type), each test naming the Linux function.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/sim.h"
#include "sim/sim_priv.h"
#include "util/mem.h"

static struct iot_topology t;
static struct iot_sim_result r;
static struct iot_sim_opts o;
static struct iot_diags d;
static bool ran;

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

/* An IOMMU with a DT compatible list ("a\0b" style: strings in @compat, NULL-terminated). */
static int add_iommu(const char *name, enum iot_iommu_model m, const char *const *compat,
		     unsigned int cells)
{
	struct iot_iommu *u = iot_add_iommu(&t);

	u->name = iot_strdup(name);
	u->model = m;
	u->iommu_cells = cells;
	for (; compat && *compat; compat++)
		iot_compat_add(&u->compatible, *compat);
	return (int)t.n_iommus - 1;
}

/* A platform device with one specifier of @n cells on @iommu. */
static int add_plat(const char *name, const char *compat, int iommu, const uint32_t *cells,
		    unsigned int n)
{
	struct iot_platdev *p = iot_add_platdev(&t);
	struct iot_dev_iommu *di = iot_platdev_add_iommu(p);

	p->name = iot_strdup(name);
	p->msi_controller = IOT_NONE;
	if (compat)
		iot_compat_add(&p->compatible, compat);
	di->iommu = iommu;
	if (n == 1)
		iot_dev_iommu_add_id(di, cells[0], 0, false);
	else if (n == 2)
		iot_dev_iommu_add_id(di, cells[0], cells[1], true);
	else if (n > 2) {
		di->cells = iot_xmalloc(n * sizeof(*di->cells));
		memcpy(di->cells, cells, n * sizeof(*di->cells));
		di->n_cells = n;
	}
	return (int)t.n_platdevs - 1;
}

static void run(void)
{
	ck_assert_int_eq(iot_sim_run(&t, &o, &r, &d), 0);
	ran = true;
}

static const struct iot_sim_dev *dev(const char *name)
{
	int i = iot_sim_find_dev(&r, name);

	ck_assert_msg(i >= 0, "no device %s", name);
	return &r.devs[i];
}

static const char *driver_name(int iommu, const char **compat)
{
	const struct sim_driver *drv = sim_driver_match(&t.iommus[iommu], NULL, compat);

	return drv ? drv->name : NULL;
}

/* registry.c: the most specific compatible a driver lists wins; no compatible: the model's family */
START_TEST(registry_match)
{
	static const char *const qcom[] = { "qcom,sm8250-smmu-500", "qcom,smmu-500", "arm,mmu-500",
					    NULL };
	static const char *const v3[] = { "nvidia,tegra264-smmu", "arm,smmu-v3", NULL };
	static const char *const odd[] = { "vendor,unknown-iommu", NULL };
	static const char *const av1[] = { "rockchip,rk3588-av1-iommu", "verisilicon,iommu-1.2",
					   NULL };
	const char *c;
	int a = add_iommu("a", IOT_IOMMU_MMU500, qcom, 1);
	int b = add_iommu("b", IOT_IOMMU_SMMUV3, v3, 1);
	int x = add_iommu("x", IOT_IOMMU_OTHER, odd, 1);
	int i = add_iommu("i", IOT_IOMMU_SMMUV3, NULL, 1);

	ck_assert_str_eq(driver_name(a, &c), "arm-smmu");
	ck_assert_str_eq(c, "qcom,sm8250-smmu-500");
	ck_assert_str_eq(driver_name(b, &c), "arm-smmu-v3");
	ck_assert_str_eq(c, "arm,smmu-v3");
	ck_assert_ptr_null(driver_name(x, &c));
	ck_assert_str_eq(driver_name(i, &c), "arm-smmu-v3"); /* IORT: by family */
	ck_assert_ptr_null(c);
	/* RK3588's AV1 IOMMU: the vendor string first, the Verisilicon driver either way */
	ck_assert_str_eq(driver_name(add_iommu("av1", IOT_IOMMU_OTHER, av1, 0), &c), "vsi-iommu");
}
END_TEST

/*
 * arm-smmu-qcom.c:qcom_smmu_def_domain_type: a listed client (the display
 * subsystem) gets an identity default domain, others the global default.
 */
START_TEST(arm_smmu_qcom_identity_clients)
{
	static const char *const qcom[] = { "qcom,sm8250-smmu-500", "qcom,smmu-500", "arm,mmu-500",
					    NULL };
	uint32_t sid1[] = { 0x800 }, sid2[] = { 0x4a0 };
	int u = add_iommu("apps_smmu", IOT_IOMMU_MMU500, qcom, 2);

	add_plat("mdss", "qcom,sm8250-mdss", u, sid1, 1);
	add_plat("ufs", "qcom,sm8250-ufshc", u, sid2, 1);
	run();
	ck_assert_int_eq(r.groups[dev("mdss")->group].domain, IOT_DOMAIN_IDENTITY);
	ck_assert_int_eq(dev("mdss")->verdict, IOT_VERDICT_PASSTHROUGH);
	ck_assert_int_eq(r.groups[dev("ufs")->group].domain, IOT_DOMAIN_DMA);
	ck_assert_ptr_nonnull(strstr(dev("mdss")->why, "qcom_smmu_def_domain_type"));
}
END_TEST

/* The same client behind a plain MMU-500 (no qcom implementation): no override. */
START_TEST(arm_smmu_generic_no_identity)
{
	static const char *const mmu500[] = { "arm,mmu-500", NULL };
	uint32_t sid[] = { 0x800 };
	int u = add_iommu("smmu", IOT_IOMMU_MMU500, mmu500, 1);

	add_plat("mdss", "qcom,sm8250-mdss", u, sid, 1);
	run();
	ck_assert_int_eq(r.groups[dev("mdss")->group].domain, IOT_DOMAIN_DMA);
}
END_TEST

/* An IOMMU no driver matches: its masters bind without it after the timeout, and say why. */
START_TEST(unknown_iommu_reason)
{
	static const char *const odd[] = { "vendor,unknown-iommu", NULL };
	uint32_t sid[] = { 3 };
	int u = add_iommu("odd", IOT_IOMMU_OTHER, odd, 1);

	add_plat("dma", NULL, u, sid, 1);
	run();
	ck_assert_int_eq(dev("dma")->verdict, IOT_VERDICT_NO_IOMMU);
	ck_assert_ptr_nonnull(strstr(dev("dma")->why, "vendor,unknown-iommu"));
}
END_TEST

static const char *const *compat1(const char *c)
{
	static const char *v[2];

	v[0] = c;
	v[1] = NULL;
	return v;
}

static int group_id(const char *name)
{
	const struct iot_sim_dev *dv = dev(name);

	ck_assert_msg(dv->group >= 0, "%s has no group", name);
	return r.groups[dv->group].id;
}

/*
 * rockchip-iommu.c:rk_iommu_probe allocates the instance's one group, and
 * rk_iommu_device_group hands it to every master: group ids follow the
 * IOMMUs' probe order, an IOMMU without masters still takes one.
 */
START_TEST(rockchip_group_per_instance)
{
	int idle = add_iommu("isp_mmu", IOT_IOMMU_OTHER, compat1("rockchip,iommu"), 0);
	int a = add_iommu("vop_mmu", IOT_IOMMU_OTHER, compat1("rockchip,iommu"), 0);
	int b = add_iommu("vpu_mmu", IOT_IOMMU_OTHER, compat1("rockchip,rk3568-iommu"), 0);

	(void)idle;
	add_plat("vop", NULL, a, NULL, 0);
	add_plat("vop-lite", NULL, a, NULL, 0);
	add_plat("vpu", NULL, b, NULL, 0);
	run();
	ck_assert_int_eq(group_id("vop"), 1);
	ck_assert_int_eq(group_id("vop-lite"), 1);
	ck_assert_int_eq(group_id("vpu"), 2);
	ck_assert_uint_eq(dev("vop")->n_ids, 0); /* #iommu-cells = <0>: no IDs */
	ck_assert_int_eq(dev("vpu")->verdict, IOT_VERDICT_TRANSLATED);
}
END_TEST

/* sun50i-iommu.c: one group per instance (sun50i_iommu_device_group), the cell is the ID */
START_TEST(sun50i_one_group)
{
	uint32_t de[] = { 0 }, ve[] = { 1 };
	int u = add_iommu("iommu", IOT_IOMMU_OTHER, compat1("allwinner,sun50i-h6-iommu"), 1);

	add_plat("display", NULL, u, de, 1);
	add_plat("video", NULL, u, ve, 1);
	run();
	ck_assert_int_eq(group_id("display"), group_id("video"));
	ck_assert_uint_eq(r.ids[dev("video")->ids_off], 1);
}
END_TEST

/*
 * ipmmu-vmsa.c: ipmmu_of_xlate refuses a device not on the allow-list
 * (-ENODEV), allowed masters share their IPMMU's group (ipmmu_find_group);
 * Debian does not build the driver, so there every master says so.
 */
START_TEST(ipmmu_allowlist_and_group)
{
	static const char *const y[] = { "IPMMU_VMSA=y", NULL };
	uint32_t u0[] = { 0 }, u1[] = { 1 }, u2[] = { 2 };
	int u = add_iommu("ipmmu_ds1", IOT_IOMMU_OTHER, compat1("renesas,ipmmu-r8a77961"), 1);
	int p;

	p = add_plat("sdhi0", NULL, u, u0, 1);
	t.platdevs[p].dt_path = iot_strdup("/soc/mmc@ee100000");
	p = add_plat("sdhi2", NULL, u, u1, 1);
	t.platdevs[p].dt_path = iot_strdup("/soc/mmc@ee140000");
	p = add_plat("dmac", NULL, u, u2, 1);
	t.platdevs[p].dt_path = iot_strdup("/soc/dma-controller@e7300000");
	o.kconfig = y;
	run();
	ck_assert_int_eq(group_id("sdhi0"), group_id("sdhi2"));
	ck_assert_int_eq(dev("dmac")->verdict, IOT_VERDICT_NO_IOMMU);
	ck_assert_ptr_nonnull(strstr(dev("dmac")->why, "e7300000.dma-controller"));
	iot_sim_free(&r);
	o.kconfig = NULL;
	run();
	ck_assert_int_eq(dev("sdhi0")->verdict, IOT_VERDICT_NO_IOMMU);
	ck_assert_ptr_nonnull(strstr(dev("sdhi0")->why, "CONFIG_IPMMU_VMSA is not set"));
	ck_assert_ptr_nonnull(r.iommu_why[u]);
}
END_TEST

#define M4U(larb, port) ((larb) << 5 | (port))

/*
 * mtk_iommu.c:mtk_iommu_device_group: MT8195's VDO and VPP IOMMUs share a
 * page table (one hw_list), so their masters share one group per IOVA
 * region; the region comes from the first larb and the ports
 * (mt8195_larb_region_msk).  of_xlate wants exactly one cell.
 */
START_TEST(mtk_regions_shared_list)
{
	uint32_t disp[] = { M4U(0, 1) }, cam[] = { M4U(4, 0) }, mdp[] = { M4U(1, 3) },
		 venc[] = { M4U(19, 2) }, bad[] = { 1, 2 };
	int vdo = add_iommu("iommu_vdo", IOT_IOMMU_OTHER, compat1("mediatek,mt8195-iommu-vdo"), 1);
	int vpp = add_iommu("iommu_vpp", IOT_IOMMU_OTHER, compat1("mediatek,mt8195-iommu-vpp"), 1);

	add_plat("ovl", NULL, vdo, disp, 1);
	add_plat("cam", NULL, vpp, cam, 1);
	add_plat("mdp", NULL, vpp, mdp, 1);
	add_plat("venc", NULL, vdo, venc, 1);
	add_plat("odd", NULL, vdo, bad, 2);
	run();
	ck_assert_int_eq(group_id("ovl"), group_id("mdp")); /* region 0, one hw_list */
	ck_assert_int_ne(group_id("ovl"), group_id("cam")); /* region 2 */
	ck_assert_int_ne(group_id("ovl"), group_id("venc")); /* region 1 */
	ck_assert_int_eq(dev("odd")->verdict, IOT_VERDICT_NO_IOMMU);
	ck_assert_ptr_nonnull(strstr(dev("odd")->why, "mtk_iommu_of_xlate"));
}
END_TEST

/* mtk_iommu.c: a single-region M4U (MT8183) is one group */
START_TEST(mtk_single_region)
{
	uint32_t a[] = { M4U(0, 1) }, b[] = { M4U(5, 3) };
	int u = add_iommu("m4u", IOT_IOMMU_OTHER, compat1("mediatek,mt8183-m4u"), 1);

	add_plat("disp", NULL, u, a, 1);
	add_plat("jpeg", NULL, u, b, 1);
	run();
	ck_assert_int_eq(group_id("disp"), group_id("jpeg"));
}
END_TEST

/*
 * qcom_iommu.c: generic_device_group, one group per master;
 * qcom_iommu_of_xlate refuses IDs on two instances (-EINVAL).
 */
START_TEST(qcom_iommu_generic)
{
	static const char *const qc[] = { "qcom,msm8916-iommu", "qcom,msm-iommu-v1", NULL };
	uint32_t a[] = { 1 }, b[] = { 2 };
	int u = add_iommu("apps_iommu", IOT_IOMMU_OTHER, qc, 1);
	int g = add_iommu("gpu_iommu", IOT_IOMMU_OTHER, qc, 1);
	int p;
	struct iot_dev_iommu *di;

	add_plat("mdp", NULL, u, a, 1);
	add_plat("venus", NULL, u, b, 1);
	p = add_plat("both", NULL, u, a, 1);
	di = iot_platdev_add_iommu(&t.platdevs[p]);
	di->iommu = g;
	iot_dev_iommu_add_id(di, 1, 0, false);
	run();
	ck_assert_int_ne(group_id("mdp"), group_id("venus"));
	ck_assert_int_eq(dev("both")->verdict, IOT_VERDICT_NO_IOMMU);
}
END_TEST

/* exynos-iommu.c: generic_device_group; #iommu-cells = <0>, a master may have two System MMUs */
START_TEST(exynos_generic)
{
	static const char *const y[] = { "EXYNOS_IOMMU=y", NULL };
	int a = add_iommu("sysmmu_a", IOT_IOMMU_OTHER, compat1("samsung,exynos-sysmmu"), 0);
	int b = add_iommu("sysmmu_b", IOT_IOMMU_OTHER, compat1("samsung,exynos-sysmmu"), 0);
	int p = add_plat("mfc", NULL, a, NULL, 0);
	struct iot_dev_iommu *di = iot_platdev_add_iommu(&t.platdevs[p]);

	di->iommu = b;
	add_plat("gsc", NULL, b, NULL, 0);
	o.kconfig = y;
	run();
	ck_assert_int_ne(group_id("mfc"), group_id("gsc"));
	ck_assert_int_eq(dev("mfc")->verdict, IOT_VERDICT_TRANSLATED);
}
END_TEST

/*
 * tegra-smmu.c:tegra_smmu_device_group: one group per swgroup, and the
 * display SoC group (DC and DCB, tegra210_groups) shares one.
 */
START_TEST(tegra_swgroups)
{
	uint32_t dc[] = { 1 }, dcb[] = { 2 }, vic[] = { 0x16 };
	int mc = add_iommu("mc", IOT_IOMMU_OTHER, compat1("nvidia,tegra210-mc"), 1);

	add_plat("dc0", NULL, mc, dc, 1);
	add_plat("dc1", NULL, mc, dcb, 1);
	add_plat("vic", NULL, mc, vic, 1);
	add_plat("vic2", NULL, mc, vic, 1);
	run();
	ck_assert_int_eq(group_id("dc0"), group_id("dc1"));
	ck_assert_int_eq(group_id("vic"), group_id("vic2"));
	ck_assert_int_ne(group_id("dc0"), group_id("vic"));
}
END_TEST

/* tegra124.c:tegra124_groups "drm": VIC (24) shares the display controllers' group */
START_TEST(tegra124_drm_group)
{
	uint32_t dc[] = { 1 }, vic[] = { 24 }, hc[] = { 6 };
	int mc = add_iommu("mc", IOT_IOMMU_OTHER, compat1("nvidia,tegra132-mc"), 1);

	add_plat("dc0", NULL, mc, dc, 1);
	add_plat("vic", NULL, mc, vic, 1);
	add_plat("host1x", NULL, mc, hc, 1);
	run();
	ck_assert_int_eq(group_id("dc0"), group_id("vic"));
	ck_assert_int_ne(group_id("dc0"), group_id("host1x"));
}
END_TEST

/*
 * apple-dart.c:apple_dart_device_group: masters sharing a stream share the
 * group recorded on it; apple_dart_def_domain_type: identity for a 16 KiB DART.
 */
START_TEST(apple_dart_streams)
{
	static const char *const y[] = { "APPLE_DART=y", NULL };
	uint32_t s1[] = { 1 }, s2[] = { 2 };
	int u = add_iommu("dart", IOT_IOMMU_OTHER, compat1("apple,t8103-dart"), 1);

	add_plat("usb", NULL, u, s1, 1);
	add_plat("usb-aux", NULL, u, s1, 1);
	add_plat("disp", NULL, u, s2, 1);
	o.kconfig = y;
	run();
	ck_assert_int_eq(group_id("usb"), group_id("usb-aux"));
	ck_assert_int_ne(group_id("usb"), group_id("disp"));
	ck_assert_int_eq(r.groups[dev("usb")->group].domain, IOT_DOMAIN_IDENTITY);
}
END_TEST

/* msm_iommu.c (32-bit): a repeated MID is ignored; generic groups */
START_TEST(msm_iommu_repeated_mid)
{
	static const char *const y[] = { "MSM_IOMMU=y", NULL };
	uint32_t mids[] = { 3 };
	int u = add_iommu("gfx3d", IOT_IOMMU_OTHER, compat1("qcom,apq8064-iommu"), 1);
	int p = add_plat("gpu", NULL, u, mids, 1);

	iot_dev_iommu_add_id(&t.platdevs[p].iommus[0], 3, 0, false);
	add_plat("mdp", NULL, u, mids, 1);
	o.kconfig = y;
	run();
	ck_assert_uint_eq(dev("gpu")->n_ids, 1);
	ck_assert_int_ne(group_id("gpu"), group_id("mdp"));
}
END_TEST

/*
 * The drivers' own ID limits (struct sim_driver.check_ids, which lint asks
 * through iot_sim_iommu_check_ids): ipmmu-vmsa.c:ipmmu_utlb_enable programs
 * a micro-TLB beyond the IPMMU's num_utlbs unchecked: the master keeps its
 * group but its own micro-TLB stays off (the unattached verdict).
 */
START_TEST(ipmmu_utlb_limit)
{
	static const char *const y[] = { "IPMMU_VMSA=y", NULL };
	uint32_t ok[] = { 47 }, past[] = { 48 }, id;
	int u = add_iommu("ipmmu_ds1", IOT_IOMMU_OTHER, compat1("renesas,ipmmu-r8a77961"), 1);
	int g4 = add_iommu("ipmmu_g4", IOT_IOMMU_OTHER, compat1("renesas,rcar-gen4-ipmmu-vmsa"), 1);
	char why[320];
	int p;

	p = add_plat("sdhi0", NULL, u, ok, 1);
	t.platdevs[p].dt_path = iot_strdup("/soc/mmc@ee100000");
	p = add_plat("sdhi2", NULL, u, past, 1);
	t.platdevs[p].dt_path = iot_strdup("/soc/mmc@ee140000");
	o.kconfig = y;
	run();
	ck_assert_int_eq(dev("sdhi0")->verdict, IOT_VERDICT_TRANSLATED);
	ck_assert_int_ge(dev("sdhi2")->group, 0);
	ck_assert(dev("sdhi2")->ids_misprogrammed);
	ck_assert_int_eq(dev("sdhi2")->verdict, IOT_VERDICT_UNMANAGED_BYPASS);
	ck_assert_ptr_nonnull(strstr(dev("sdhi2")->why, "ipmmu_utlb_enable"));
	id = 63; /* R-Car Gen4: 64 micro-TLBs */
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[g4], &id, 1, why, sizeof(why)), 0);
	id = 64;
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[g4], &id, 1, why, sizeof(why)), 2);
	ck_assert_ptr_nonnull(strstr(why, "past utlb_ctx"));
}
END_TEST

/*
 * mtk_iommu.c:mtk_iommu_probe_device: a multimedia IOMMU's master on two
 * larbs is refused unless the SoC has DL_WITH_MULTI_LARB (MT8189);
 * mtk_iommu_get_group_id: MT8195's infra IOMMU puts USB ports (20-31,
 * bank 4) in their own group, PCIe (bank 0) in the region's; an ID with
 * bits above MTK_M4U_ID is programmed as the larb and port it truncates to.
 * The M4U is a module: the refused master's -EINVAL fails its registration
 * walk (iommu.c:probe_iommu_group passes on all but -ENODEV).
 */
START_TEST(mtk_larbs_and_banks)
{
	uint32_t two[] = { M4U(0, 1), M4U(1, 2) }, high[] = { 0x400 | M4U(2, 1) };
	uint32_t pcie[] = { 18 }, usb[] = { 20 }, usb2[] = { 27 };
	int u = add_iommu("m4u", IOT_IOMMU_OTHER, compat1("mediatek,mt8183-m4u"), 1);
	int mm = add_iommu("mm", IOT_IOMMU_OTHER, compat1("mediatek,mt8189-iommu-mm"), 1);
	int ifr = add_iommu("infra", IOT_IOMMU_OTHER, compat1("mediatek,mt8195-iommu-infra"), 1);
	int u2 = add_iommu("m4u2", IOT_IOMMU_OTHER, compat1("mediatek,mt8173-m4u"), 1);
	int p = add_plat("mdp", NULL, u, two, 1);
	char why[320];

	iot_dev_iommu_add_id(&t.platdevs[p].iommus[0], two[1], 0, false);
	p = add_plat("disp", NULL, mm, two, 1);
	iot_dev_iommu_add_id(&t.platdevs[p].iommus[0], two[1], 0, false);
	add_plat("jpeg", NULL, u2, high, 1);
	add_plat("pcie", NULL, ifr, pcie, 1);
	add_plat("usb", NULL, ifr, usb, 1);
	add_plat("usb2", NULL, ifr, usb2, 1);
	run();
	ck_assert_int_lt(dev("mdp")->group, 0);
	ck_assert_int_eq(dev("mdp")->probe_err, -SIM_EINVAL);
	ck_assert_ptr_nonnull(strstr(dev("mdp")->why, "Can only use one larb"));
	/* a module: its registration walk (bus_iommu_probe) fails on that error */
	ck_assert(!r.iommu_registered[u]);
	ck_assert_int_ge(dev("disp")->group, 0);
	ck_assert(dev("jpeg")->ids_misprogrammed);
	ck_assert_ptr_nonnull(strstr(dev("jpeg")->why, "larb 2 port 1"));
	ck_assert_int_ne(group_id("pcie"), group_id("usb"));
	ck_assert_int_eq(group_id("usb"), group_id("usb2"));
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[u], two, 2, why, sizeof(why)), 1);
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[mm], two, 2, why, sizeof(why)), 0);
	/* MT8189 mm: larb 13 (index 13) is in no IOVA region of mt8189_larb_region_msk */
	two[0] = M4U(13, 0);
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[mm], two, 1, why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "mtk_iommu_get_iova_region_id"));
}
END_TEST

/* mtk_iommu_v1.c:mtk_iommu_v1_probe_device: one larb (LARBn_PORT_OFFSET ranges) per master */
START_TEST(mtk_v1_one_larb)
{
	static const char *const y[] = { "MTK_IOMMU_V1=y", NULL };
	uint32_t a[] = { 3 };
	int u = add_iommu("m4u", IOT_IOMMU_OTHER, compat1("mediatek,mt2701-m4u"), 1);
	int p = add_plat("disp", NULL, u, a, 1);
	char why[320];

	iot_dev_iommu_add_id(&t.platdevs[p].iommus[0], 12, 0, false); /* larb 1 */
	add_plat("vdec", NULL, u, a, 1);
	o.kconfig = y;
	run();
	ck_assert_int_lt(dev("disp")->group, 0);
	ck_assert_ptr_nonnull(strstr(dev("disp")->why, "mtk_iommu_v1_probe_device"));
	ck_assert_int_ge(dev("vdec")->group, 0);
	/* LARB3_PORT_OFFSET (44) and up: larb 3, which MT2701 does not have (MT2701_LARB_NR_MAX) */
	a[0] = 43;
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[u], a, 1, why, sizeof(why)), 0);
	a[0] = 44;
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[u], a, 1, why, sizeof(why)), 1);
	ck_assert_ptr_nonnull(strstr(why, "past the last larb"));
}
END_TEST

/*
 * apple-dart.c:apple_dart_of_xlate takes a stream beyond the DART's
 * num_streams (16 on a t8103) unchecked; the DART never configures it.
 */
START_TEST(apple_dart_stream_limit)
{
	static const char *const y[] = { "APPLE_DART=y", NULL };
	uint32_t s15[] = { 15 }, s16[] = { 16 }, s300[] = { 300 };
	int u = add_iommu("dart", IOT_IOMMU_OTHER, compat1("apple,t8103-dart"), 1);
	int usb4 = add_iommu("dart_usb4", IOT_IOMMU_OTHER, compat1("apple,t8103-usb4-dart"), 1);
	char why[320];

	add_plat("ok", NULL, u, s15, 1);
	add_plat("past", NULL, u, s16, 1);
	add_plat("far", NULL, u, s300, 1);
	o.kconfig = y;
	run();
	ck_assert(!dev("ok")->ids_misprogrammed);
	ck_assert(dev("past")->ids_misprogrammed);
	ck_assert_int_eq(dev("past")->verdict, IOT_VERDICT_UNMANAGED_BLOCKED);
	ck_assert(dev("far")->ids_misprogrammed);
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[usb4], s16, 1, why, sizeof(why)), 0);
}
END_TEST

/* tegra-smmu.c:tegra_smmu_enable: a swgroup without an ASID register ("not found") */
START_TEST(tegra_unknown_swgroup)
{
	uint32_t hc[] = { 6 }, mpcore[] = { 10 };
	int mc = add_iommu("mc", IOT_IOMMU_OTHER, compat1("nvidia,tegra210-mc"), 1);
	int t124 = add_iommu("mc124", IOT_IOMMU_OTHER, compat1("nvidia,tegra124-mc"), 1);
	char why[320];

	add_plat("host1x", NULL, mc, hc, 1);
	add_plat("cpu", NULL, mc, mpcore, 1);
	run();
	ck_assert_int_eq(dev("host1x")->verdict, IOT_VERDICT_PASSTHROUGH);
	ck_assert_int_eq(dev("cpu")->verdict, IOT_VERDICT_UNMANAGED_BYPASS);
	ck_assert_ptr_nonnull(strstr(dev("cpu")->why, "not found"));
	/* on Tegra124 swgroup 10 is VDE, 12 is MPCORE */
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[t124], mpcore, 1, why, sizeof(why)), 0);
	mpcore[0] = 12;
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[t124], mpcore, 1, why, sizeof(why)), 2);
	/* tegra210-mc.h since 5.11: NV 31 .. NVDEC1 40 have ASID registers; 41 is none */
	mpcore[0] = 40;
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[mc], mpcore, 1, why, sizeof(why)), 0);
	mpcore[0] = 41;
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[mc], mpcore, 1, why, sizeof(why)), 2);
}
END_TEST

/* msm_iommu.c:insert_iommu_master: more than MAX_NUM_MIDS (32) distinct MIDs overflow mids[] */
START_TEST(msm_iommu_mid_limit)
{
	uint32_t ids[40];
	int u = add_iommu("gfx3d", IOT_IOMMU_OTHER, compat1("qcom,apq8064-iommu"), 1);
	char why[320];

	for (uint32_t i = 0; i < 40; i++)
		ids[i] = i < 33 ? i : 0; /* 33 distinct, repeats do not count */
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[u], ids, 32, why, sizeof(why)), 0);
	ck_assert_int_eq(iot_sim_iommu_check_ids(&t.iommus[u], ids, 40, why, sizeof(why)), 2);
	ck_assert_ptr_nonnull(strstr(why, "33 distinct"));
}
END_TEST

/* mtk_iommu_v1.c (32-bit): every master of the M4U in its one group */
START_TEST(mtk_v1_one_group)
{
	static const char *const y[] = { "MTK_IOMMU_V1=y", NULL };
	uint32_t a[] = { 3 }, b[] = { 40 };
	int u = add_iommu("m4u", IOT_IOMMU_OTHER, compat1("mediatek,mt2701-m4u"), 1);

	add_plat("disp", NULL, u, a, 1);
	add_plat("vdec", NULL, u, b, 1);
	o.kconfig = y;
	run();
	ck_assert_int_eq(group_id("disp"), group_id("vdec"));
}
END_TEST

/*
 * A DT node below a device (not a simple-bus) is created by its parent's
 * driver after the boot: its probe is a hot add, so an error there costs
 * that device only (iommu.c:iommu_bus_notifier ignores it), not the SMMU's
 * registration (arm-smmu.c:arm_smmu_find_sme -EINVAL for a partial overlap).
 */
START_TEST(late_populated_error_is_local)
{
	static const char *const mmu500[] = { "arm,mmu-500", NULL };
	uint32_t a[] = { 0xc2c, 0x20 }, b[] = { 0xc0c, 0x40 }, c1[] = { 0x10 };
	int u = add_iommu("apps_smmu", IOT_IOMMU_MMU500, mmu500, 2);
	int p;

	add_plat("ufs", NULL, u, c1, 1);
	p = add_plat("cb12", NULL, u, a, 2);
	iot_dev_iommu_add_id(&t.platdevs[p].iommus[0], b[0], b[1], true);
	t.platdevs[p].dt_populated_by_parent = true;
	o.iommu_before_pci = false;
	run();
	ck_assert(r.iommu_registered[u]);
	ck_assert_int_eq(dev("ufs")->verdict, IOT_VERDICT_TRANSLATED);
	ck_assert_int_ne(dev("cb12")->verdict, IOT_VERDICT_TRANSLATED);
	ck_assert_ptr_nonnull(strstr(dev("cb12")->why, "partially overlaps"));
	/* added at boot, the same error in the walk unregisters the SMMU (kernel-rules.md §1.2) */
	iot_sim_free(&r);
	t.platdevs[p].dt_populated_by_parent = false;
	run();
	ck_assert(!r.iommu_registered[u]);
}
END_TEST

/* arm-smmu-impl.c: nvidia,tegra194-smmu picks the nvidia implementation, no identity clients */
START_TEST(arm_smmu_nvidia_impl)
{
	static const char *const nv[] = { "nvidia,tegra194-smmu", "nvidia,smmu-500", NULL };
	const struct sim_driver *drv;
	const void *data = NULL;
	const char *c;
	int u = add_iommu("smmu", IOT_IOMMU_MMU500, nv, 1);

	drv = sim_driver_match(&t.iommus[u], &data, &c);
	ck_assert_str_eq(drv->name, "arm-smmu");
	ck_assert_ptr_nonnull(data);
	ck_assert_str_eq(c, "nvidia,tegra194-smmu");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sim_drivers");
	TCase *tc = tcase_create("drivers");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, registry_match);
	tcase_add_test(tc, arm_smmu_qcom_identity_clients);
	tcase_add_test(tc, arm_smmu_generic_no_identity);
	tcase_add_test(tc, unknown_iommu_reason);
	tcase_add_test(tc, rockchip_group_per_instance);
	tcase_add_test(tc, sun50i_one_group);
	tcase_add_test(tc, ipmmu_allowlist_and_group);
	tcase_add_test(tc, mtk_regions_shared_list);
	tcase_add_test(tc, mtk_single_region);
	tcase_add_test(tc, qcom_iommu_generic);
	tcase_add_test(tc, exynos_generic);
	tcase_add_test(tc, tegra_swgroups);
	tcase_add_test(tc, apple_dart_streams);
	tcase_add_test(tc, msm_iommu_repeated_mid);
	tcase_add_test(tc, mtk_v1_one_group);
	tcase_add_test(tc, late_populated_error_is_local);
	tcase_add_test(tc, arm_smmu_nvidia_impl);
	tcase_add_test(tc, ipmmu_utlb_limit);
	tcase_add_test(tc, mtk_larbs_and_banks);
	tcase_add_test(tc, mtk_v1_one_larb);
	tcase_add_test(tc, apple_dart_stream_limit);
	tcase_add_test(tc, tegra_unknown_swgroup);
	tcase_add_test(tc, tegra124_drm_group);
	tcase_add_test(tc, msm_iommu_mid_limit);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
