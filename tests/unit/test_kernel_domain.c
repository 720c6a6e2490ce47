// SPDX-License-Identifier: MIT
/*
 * Default-domain policy (src/kernel/domain.c), one test per rule, each on
 * the kernels that have it and the ones that do not: the Kconfig default,
 * the drivers' init-time iommu_set_dma_strict (VT-d caching mode, AMD-Vi
 * NpCache), their def_domain_type answers (VT-d pass-through support,
 * integrated GPUs, igfx_off; AMD-Vi IOMMUv2 devices, untrusted devices) and
 * how iommu.c merges a group's answers.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "kernel/domain.h"
#include "kernel/profile.h"
#include "model/model.h"

static const struct iot_kernel_profile *K(const char *v)
{
	const struct iot_kernel_profile *k = iot_kernel_profile_find(v);

	ck_assert_ptr_nonnull(k);
	return k;
}

/* QEMU 7.2 intel-iommu as the v2 captures show it: CM clear, ECAP PT set, no SMTS */
#define QEMU_CAP 0xd2008c22260206ull
#define QEMU_ECAP 0xf00f4aull

static struct iot_iommu *vtd(struct iot_topology *t, const char *name, uint64_t cap, uint64_t ecap)
{
	struct iot_iommu *u = iot_add_iommu(t);

	u->name = strdup(name);
	u->model = IOT_IOMMU_INTEL_VTD;
	u->base = 0xfed90000 + 0x1000 * (t->n_iommus - 1);
	u->x86.has_regs = true;
	u->x86.reg_cap = cap;
	u->x86.reg_ecap = ecap;
	return u;
}

START_TEST(kconfig_default)
{
	struct iot_domain_config dc;
	struct iot_iommu_cmdline cl;
	struct iot_dma_mode m;

	iot_iommu_cmdline_parse("", &cl);
	/* Debian amd64 CONFIG_IOMMU_DEFAULT_DMA_LAZY=y, arm64 ..._DMA_STRICT=y */
	iot_domain_config_init(&dc, NULL, K("7.2"), IOT_KARCH_X86_64);
	ck_assert_int_eq(dc.dma_default, IOT_DMA_DEFAULT_LAZY);
	/* Debian's INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: on, integrated GPUs unmapped */
	ck_assert(dc.intel_intgpu_off && !dc.intel_off_by_default);
	ck_assert(dc.intel_sm_default_on);
	iot_iommu_dma_mode(K("7.2"), &dc, true, &cl, &m);
	ck_assert(!m.strict && !m.passthrough);
	ck_assert_ptr_nonnull(strstr(m.why, "CONFIG_IOMMU_DEFAULT_DMA_LAZY"));
	iot_domain_config_init(&dc, NULL, K("7.2"), IOT_KARCH_ARM64);
	ck_assert_int_eq(dc.dma_default, IOT_DMA_DEFAULT_STRICT);
	iot_iommu_dma_mode(K("7.2"), &dc, false, &cl, &m);
	ck_assert(m.strict);
	/* Debian 5.10: no scalable mode by default */
	iot_domain_config_init(&dc, NULL, K("5.10"), IOT_KARCH_X86_64);
	ck_assert(!dc.intel_sm_default_on);
	/* CONFIG_IOMMU_DEFAULT_PASSTHROUGH: identity unless the command line says otherwise */
	dc.dma_default = IOT_DMA_DEFAULT_PASSTHROUGH;
	iot_iommu_dma_mode(K("7.2"), &dc, true, &cl, &m);
	ck_assert(m.passthrough);
	iot_iommu_cmdline_parse("iommu.passthrough=0", &cl);
	iot_iommu_dma_mode(K("7.2"), &dc, true, &cl, &m);
	ck_assert(!m.passthrough);
	/* a driver's iommu_set_dma_strict keeps an identity default identity */
	iot_iommu_cmdline_parse("iommu=pt", &cl);
	iot_iommu_dma_mode(K("7.2"), &dc, true, &cl, &m);
	iot_iommu_set_dma_strict(&m, "caching mode");
	ck_assert(m.passthrough && m.strict);
	ck_assert_ptr_nonnull(strstr(m.why, "\ncaching mode"));
}
END_TEST

/* intel/iommu.c:intel_iommu_init: caching mode -> strict unless first-level tables */
START_TEST(intel_caching_mode)
{
	struct iot_topology t;
	char buf[256];

	iot_topology_init(&t);
	vtd(&t, "dmar0", QEMU_CAP, QEMU_ECAP);
	ck_assert(!iot_intel_forces_strict(K("7.2"), true, &t, 0, buf, sizeof(buf)));
	/* caching-mode=on: legacy mode (no SMTS) uses second-level tables -> strict */
	t.iommus[0].x86.reg_cap |= IOT_VTD_CAP_CM;
	ck_assert(iot_intel_forces_strict(K("7.2"), true, &t, 0, buf, sizeof(buf)));
	ck_assert_ptr_nonnull(strstr(buf, "no scalable-mode support"));
	/* scalable mode with first-level support: the flush queue stays */
	t.iommus[0].x86.reg_ecap |= IOT_VTD_ECAP_SMTS | IOT_VTD_ECAP_FLTS | IOT_VTD_ECAP_SLTS;
	ck_assert(!iot_intel_forces_strict(K("7.2"), true, &t, 0, buf, sizeof(buf)));
	ck_assert(!iot_intel_forces_strict(K("6.1"), true, &t, 0, buf, sizeof(buf)));
	/* intel_iommu_sm off (Kconfig or sm_off): second level again */
	ck_assert(iot_intel_forces_strict(K("7.2"), false, &t, 0, buf, sizeof(buf)));
	ck_assert_ptr_nonnull(strstr(buf, "scalable mode off"));
	/* only second-level support */
	t.iommus[0].x86.reg_ecap &= ~IOT_VTD_ECAP_FLTS;
	ck_assert(iot_intel_forces_strict(K("7.2"), true, &t, 0, buf, sizeof(buf)));
	t.iommus[0].x86.reg_ecap |= IOT_VTD_ECAP_FLTS;
	/* 5.10 (before 257ec2907419): caching mode alone */
	ck_assert(iot_intel_forces_strict(K("5.10"), true, &t, 0, buf, sizeof(buf)));
	/* a second unit without scalable mode: 6.12 judges all units, 6.13+ each */
	vtd(&t, "dmar1", QEMU_CAP, QEMU_ECAP);
	ck_assert(iot_intel_forces_strict(K("6.12"), true, &t, 0, buf, sizeof(buf)));
	ck_assert(!iot_intel_forces_strict(K("7.2"), true, &t, 0, buf, sizeof(buf)));
	/* registers unknown (a DMAR alone): no caching mode assumed */
	t.iommus[0].x86.has_regs = false;
	ck_assert(!iot_intel_forces_strict(K("5.10"), true, &t, 0, buf, sizeof(buf)));
	iot_topology_free(&t);
}
END_TEST

START_TEST(intel_sm_cmdline)
{
	struct iot_domain_config dc = { .intel_sm_default_on = true };
	struct iot_iommu_cmdline cl;

	iot_iommu_cmdline_parse("", &cl);
	ck_assert(iot_intel_sm_enabled(&dc, &cl));
	iot_iommu_cmdline_parse("intel_iommu=on,sm_off", &cl);
	ck_assert(!iot_intel_sm_enabled(&dc, &cl));
	iot_iommu_cmdline_parse("intel_iommu=sm_off intel_iommu=sm_on", &cl);
	ck_assert(iot_intel_sm_enabled(&dc, &cl));
	dc.intel_sm_default_on = false;
	iot_iommu_cmdline_parse("", &cl);
	ck_assert(!iot_intel_sm_enabled(&dc, &cl));
}
END_TEST

/* intel/iommu.c:device_def_domain_type: ecap PT clear -> DMA (6.12+) */
START_TEST(intel_no_passthrough)
{
	struct iot_topology t;
	struct iot_pci_dev p = { .vendor = 0x8086, .device = 0x10d3, .class_code = 0x020000 };
	struct iot_domain_dev dev = { .pci = &p, .root_bus = true };
	struct iot_iommu_cmdline cl;
	const char *why = NULL;

	iot_topology_init(&t);
	iot_iommu_cmdline_parse("intel_iommu=on iommu=pt", &cl);
	vtd(&t, "dmar0", QEMU_CAP, QEMU_ECAP);
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), NULL, &cl, &t.iommus[0], &dev, &why),
			 IOT_DOMAIN_NONE);
	t.iommus[0].x86.reg_ecap &= ~IOT_VTD_ECAP_PT;
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), NULL, &cl, &t.iommus[0], &dev, &why),
			 IOT_DOMAIN_DMA);
	ck_assert_ptr_nonnull(strstr(why, "no pass-through support"));
	ck_assert_int_eq(iot_intel_def_domain_type(K("6.12"), NULL, &cl, &t.iommus[0], &dev, &why),
			 IOT_DOMAIN_DMA);
	/* 6.1 emulated identity with a 1:1 page table: no preference */
	ck_assert_int_eq(iot_intel_def_domain_type(K("6.1"), NULL, &cl, &t.iommus[0], &dev, &why),
			 IOT_DOMAIN_NONE);
	iot_topology_free(&t);
}
END_TEST

/* IDENTMAP_INTGPU: Debian's CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF */
START_TEST(intel_integrated_gpu)
{
	struct iot_domain_config dc = { .intel_intgpu_off = true };
	struct iot_pci_dev gpu = { .vendor = 0x8086, .device = 0x9a49, .class_code = 0x030000 };
	struct iot_domain_dev dev = { .pci = &gpu, .root_bus = true };
	struct iot_iommu_cmdline cl;
	const char *why = NULL;

	iot_iommu_cmdline_parse("", &cl);
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_IDENTITY);
	ck_assert_ptr_nonnull(strstr(why, "IDENTMAP_INTGPU"));
	/* intel_iommu=on maps it; a later intgpu_off does not */
	iot_iommu_cmdline_parse("intel_iommu=on", &cl);
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_NONE);
	iot_iommu_cmdline_parse("intel_iommu=on,intgpu_off", &cl);
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_IDENTITY);
	/* a kernel without Debian's choice (or its plain "Enable") maps it */
	iot_iommu_cmdline_parse("", &cl);
	dc.intel_intgpu_off = false;
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_NONE);
	dc.intel_intgpu_off = true;
	/* only Intel display devices on the root bus */
	dev.root_bus = false;
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_NONE);
	dev.root_bus = true;
	gpu.vendor = 0x1002;
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_NONE);
}
END_TEST

/* IDENTMAP_GFX: intel_iommu=igfx_off, until ba00196ca41c (6.10) */
START_TEST(intel_igfx_off)
{
	struct iot_domain_config dc = { .intel_intgpu_off = false };
	struct iot_pci_dev gpu = { .vendor = 0x1002, .device = 0x67df, .class_code = 0x030000 };
	struct iot_domain_dev dev = { .pci = &gpu, .root_bus = false };
	struct iot_iommu_cmdline cl;
	const char *why = NULL;

	iot_iommu_cmdline_parse("intel_iommu=on,igfx_off", &cl);
	ck_assert_int_eq(iot_intel_def_domain_type(K("6.1"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_IDENTITY);
	ck_assert_ptr_nonnull(strstr(why, "IDENTMAP_GFX"));
	ck_assert_int_eq(iot_intel_def_domain_type(K("7.2"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_NONE);
	gpu.class_code = 0x020000;
	ck_assert_int_eq(iot_intel_def_domain_type(K("6.1"), &dc, &cl, NULL, &dev, &why),
			 IOT_DOMAIN_NONE);
}
END_TEST

/* amd/init.c:iommu_init_pci: NpCache -> iommu_set_dma_strict (not 5.10) */
START_TEST(amd_npcache)
{
	struct iot_iommu u = { .model = IOT_IOMMU_AMD_VI };

	u.x86.has_regs = true;
	u.x86.reg_cap = 0x00000f; /* no NpCache */
	ck_assert(!iot_amd_forces_strict(K("7.2"), &u));
	u.x86.reg_cap |= IOT_AMD_CAP_NPCACHE;
	ck_assert(iot_amd_forces_strict(K("7.2"), &u));
	ck_assert(iot_amd_forces_strict(K("6.1"), &u));
	ck_assert(!iot_amd_forces_strict(K("5.10"), &u));
	u.x86.has_regs = false; /* unknown: not assumed */
	ck_assert(!iot_amd_forces_strict(K("7.2"), &u));
}
END_TEST

/* amd/iommu.c:amd_iommu_def_domain_type: IOMMUv2 devices, untrusted devices */
START_TEST(amd_v2_devices)
{
	struct iot_pci_dev gpu = { .vendor = 0x1002, .class_code = 0x030000 };
	struct iot_domain_dev dev = { .pci = &gpu };
	struct iot_iommu_cmdline cl;
	const char *why = NULL;
	uint64_t efr_new =
		IOT_AMD_EFR_GIOSUP | IOT_AMD_EFR_GT | IOT_AMD_EFR_PPR | IOT_AMD_EFR_EPHSUP;
	uint64_t efr_old = IOT_AMD_EFR_GT | IOT_AMD_EFR_PPR;

	iot_iommu_cmdline_parse("", &cl);
	gpu.has_pasid = true;
	/* 6.7+: PASID alone, with the four EFR features */
	ck_assert_int_eq(iot_amd_def_domain_type(K("7.2"), &cl, efr_new, &dev, &why),
			 IOT_DOMAIN_IDENTITY);
	ck_assert_int_eq(iot_amd_def_domain_type(K("7.2"), &cl, efr_old, &dev, &why),
			 IOT_DOMAIN_NONE);
	/* before: ATS, PRI and PASID, with GT and PPR */
	ck_assert_int_eq(iot_amd_def_domain_type(K("6.1"), &cl, efr_old, &dev, &why),
			 IOT_DOMAIN_NONE);
	gpu.has_ats = gpu.has_pri = true;
	ck_assert_int_eq(iot_amd_def_domain_type(K("6.1"), &cl, efr_old, &dev, &why),
			 IOT_DOMAIN_IDENTITY);
	ck_assert_ptr_nonnull(strstr(why, "iommu_v2"));
	/* amd_iommu=force_isolation keeps them translated */
	iot_iommu_cmdline_parse("amd_iommu=force_isolation", &cl);
	ck_assert_int_eq(iot_amd_def_domain_type(K("7.2"), &cl, efr_new, &dev, &why),
			 IOT_DOMAIN_NONE);
	iot_iommu_cmdline_parse("", &cl);
	/* untrusted: DMA (6.7+) */
	dev.untrusted = true;
	ck_assert_int_eq(iot_amd_def_domain_type(K("7.2"), &cl, efr_new, &dev, &why),
			 IOT_DOMAIN_DMA);
	ck_assert_int_eq(iot_amd_def_domain_type(K("6.1"), &cl, efr_old, &dev, &why),
			 IOT_DOMAIN_IDENTITY);
	/* unknown EFR: no identity */
	dev.untrusted = false;
	ck_assert_int_eq(iot_amd_def_domain_type(K("7.2"), &cl, 0, &dev, &why), IOT_DOMAIN_NONE);
}
END_TEST

/* arm-smmu-v3.c and tegra-smmu.c def_domain_type */
START_TEST(arm_identity_devices)
{
	struct iot_pci_dev ptt = { .vendor = 0x19e5, .device = 0xa12e, .class_code = 0x118000 };
	struct iot_domain_dev dev = { .pci = &ptt };
	const char *why = NULL;

	ck_assert_int_eq(iot_smmuv3_def_domain_type(K("7.2"), &dev, &why), IOT_DOMAIN_IDENTITY);
	ck_assert_ptr_nonnull(strstr(why, "tune and trace"));
	ck_assert_int_eq(iot_smmuv3_def_domain_type(K("6.1"), &dev, &why), IOT_DOMAIN_IDENTITY);
	ck_assert_int_eq(iot_smmuv3_def_domain_type(K("5.10"), &dev, &why), IOT_DOMAIN_NONE);
	ptt.device = 0xa12f;
	ck_assert_int_eq(iot_smmuv3_def_domain_type(K("7.2"), &dev, &why), IOT_DOMAIN_NONE);
	ck_assert_int_eq(iot_tegra_smmu_def_domain_type(K("6.12"), &why), IOT_DOMAIN_IDENTITY);
	ck_assert_int_eq(iot_tegra_smmu_def_domain_type(K("6.1"), &why), IOT_DOMAIN_NONE);
}
END_TEST

/* iommu.c: a group's answers and untrusted members */
START_TEST(group_merge)
{
	struct iot_def_merge m = { 0 };
	struct iot_domain_inputs in = { .deferred_flush = true };
	const char *why = NULL;

	/* 6.5+: identity wins a conflict */
	iot_def_domain_merge(K("7.2"), &m, false, IOT_DOMAIN_DMA);
	iot_def_domain_merge(K("7.2"), &m, false, IOT_DOMAIN_IDENTITY);
	ck_assert_int_eq(m.type, IOT_DOMAIN_IDENTITY);
	iot_def_domain_merge(K("7.2"), &m, false, IOT_DOMAIN_DMA);
	ck_assert_int_eq(m.type, IOT_DOMAIN_IDENTITY);
	/* an untrusted member with an identity answer: refused */
	iot_def_domain_merge(K("7.2"), &m, true, IOT_DOMAIN_NONE);
	in.untrusted = m.untrusted;
	in.driver_type = m.type;
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, &why), IOT_DOMAIN_NONE);
	ck_assert_ptr_nonnull(strstr(why, "refusing to probe"));
	/* 6.1: conflict -> the global default; untrusted answers DMA itself */
	memset(&m, 0, sizeof(m));
	iot_def_domain_merge(K("6.1"), &m, false, IOT_DOMAIN_IDENTITY);
	iot_def_domain_merge(K("6.1"), &m, true, IOT_DOMAIN_NONE);
	ck_assert(m.conflict && m.type == IOT_DOMAIN_NONE && !m.untrusted);
	iot_def_domain_merge(K("6.1"), &m, false, IOT_DOMAIN_IDENTITY);
	ck_assert_int_eq(m.type, IOT_DOMAIN_NONE);
	memset(&m, 0, sizeof(m));
	iot_def_domain_merge(K("6.1"), &m, true, IOT_DOMAIN_NONE);
	ck_assert_int_eq(m.type, IOT_DOMAIN_DMA);
	/* a driver's DMA answer under a lazy default: strict DMA, not DMA-FQ */
	memset(&in, 0, sizeof(in));
	in.deferred_flush = true;
	in.driver_type = IOT_DOMAIN_DMA;
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, &why), IOT_DOMAIN_DMA);
	in.driver_type = IOT_DOMAIN_NONE;
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, &why), IOT_DOMAIN_DMA_FQ);
	/* untrusted alone: strict DMA whatever the default */
	in.untrusted = true;
	in.mode.passthrough = true;
	ck_assert_int_eq(iot_iommu_def_domain_type(&in, &why), IOT_DOMAIN_DMA);
	ck_assert_ptr_nonnull(strstr(why, "untrusted"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("kernel_domain");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, kconfig_default);
	tcase_add_test(tc, intel_caching_mode);
	tcase_add_test(tc, intel_sm_cmdline);
	tcase_add_test(tc, intel_no_passthrough);
	tcase_add_test(tc, intel_integrated_gpu);
	tcase_add_test(tc, intel_igfx_off);
	tcase_add_test(tc, amd_npcache);
	tcase_add_test(tc, amd_v2_devices);
	tcase_add_test(tc, group_merge);
	tcase_add_test(tc, arm_identity_devices);
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
