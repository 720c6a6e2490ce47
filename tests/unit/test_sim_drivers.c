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
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
