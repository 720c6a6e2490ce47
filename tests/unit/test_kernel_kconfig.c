// SPDX-License-Identifier: MIT
/*
 * Kernel configs (src/kernel/kconfig.c): the distribution tables, a .config
 * file read as --config, the built-in Debian table checked against Debian's
 * real configs, and what the config decides for the default domain and for
 * whether VT-d initialises.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/cmdline.h"
#include "kernel/domain.h"
#include "kernel/kconfig.h"
#include "kernel/profile.h"
#include "model/model.h"
#include "util/mem.h"

#define KDIR IOTOPO_SRC_DIR "/tests/fixtures/kernel"

static struct iot_diags d;

static void setup(void)
{
	iot_diags_init(&d);
}

static void teardown(void)
{
	iot_diags_free(&d);
}

static const struct iot_kernel_profile *K(const char *v)
{
	return iot_kernel_profile_find(v);
}

/* The symbols the simulator asks about (drivers, bus drivers, DMA defaults). */
static const char *const simulator_symbols[] = {
	"ARM_SMMU",
	"ARM_SMMU_V3",
	"QCOM_IOMMU",
	"ROCKCHIP_IOMMU",
	"SUN50I_IOMMU",
	"TEGRA_IOMMU_SMMU",
	"EXYNOS_IOMMU",
	"IPMMU_VMSA",
	"MTK_IOMMU",
	"APPLE_DART",
	"VIRTIO_IOMMU",
	"INTEL_IOMMU",
	"AMD_IOMMU",
	"VIRTIO_PCI",
	"PCIEPORTBUS",
	"FSL_MC_BUS",
	"IOMMU_DEFAULT_DMA_STRICT",
	"IOMMU_DEFAULT_DMA_LAZY",
	"IOMMU_DEFAULT_PASSTHROUGH",
	"INTEL_IOMMU_DEFAULT_ON",
	"INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF",
	"INTEL_IOMMU_DEFAULT_OFF",
	"INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON",
};

/* The built-in Debian table says what Debian's real 7.2 configs say, symbol for symbol. */
static void same_as_table(const char *file, enum iot_kernel_arch arch)
{
	struct iot_kconfig cfg;

	ck_assert_int_eq(iot_kconfig_open(file, &cfg, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert(cfg.file && cfg.has_arch && cfg.arch == arch);
	ck_assert_str_eq(cfg.version, "7.2.13");
	for (size_t i = 0; i < sizeof(simulator_symbols) / sizeof(simulator_symbols[0]); i++) {
		char want = iot_kconfig_value(NULL, K("7.2"), arch, simulator_symbols[i]);
		char got = iot_kconfig_value(&cfg, K("7.2"), arch, simulator_symbols[i]);

		ck_assert_msg(want == got, "%s: CONFIG_%s is '%c' in the file, '%c' in the table",
			      file, simulator_symbols[i], got, want);
	}
	iot_kconfig_close(&cfg);
}

START_TEST(debian_table_matches_debian_configs)
{
	same_as_table(KDIR "/config-7.2.13+deb14-amd64.iommu", IOT_KARCH_X86_64);
	same_as_table(KDIR "/config-7.2.13+deb14-arm64.iommu", IOT_KARCH_ARM64);
}
END_TEST

START_TEST(distributions)
{
	struct iot_kconfig cfg;
	struct iot_domain_config dc;
	char assumed[512];

	/* Ubuntu 24.04: lazy on amd64, strict on arm64; VT-d on by default (no Debian choice) */
	ck_assert_int_eq(iot_kconfig_open("ubuntu", &cfg, &d), 0);
	ck_assert(!cfg.file);
	iot_domain_config_init(&dc, &cfg, K("6.8"), IOT_KARCH_X86_64);
	ck_assert_int_eq(dc.dma_default, IOT_DMA_DEFAULT_LAZY);
	ck_assert(!dc.intel_off_by_default && !dc.intel_intgpu_off && dc.intel_sm_default_on);
	iot_domain_config_init(&dc, &cfg, K("6.8"), IOT_KARCH_ARM64);
	ck_assert_int_eq(dc.dma_default, IOT_DMA_DEFAULT_STRICT);
	ck_assert_int_eq(iot_kconfig_value(&cfg, K("6.8"), IOT_KARCH_X86_64, "VIRTIO_IOMMU"), 'y');
	iot_kconfig_assumed(&cfg, IOT_KARCH_ARM64, assumed, sizeof(assumed));
	ck_assert_ptr_null(strstr(assumed, "ARM_SMMU_V3"));
	ck_assert_ptr_nonnull(strstr(assumed, "QCOM_IOMMU")); /* not read: said so */
	iot_kconfig_close(&cfg);
	/* RHEL 9: strict on x86 too */
	ck_assert_int_eq(iot_kconfig_open("rhel", &cfg, &d), 0);
	iot_domain_config_init(&dc, &cfg, K("5.14"), IOT_KARCH_X86_64);
	ck_assert_int_eq(dc.dma_default, IOT_DMA_DEFAULT_STRICT);
	iot_kconfig_assumed(&cfg, IOT_KARCH_X86_64, assumed, sizeof(assumed));
	ck_assert_ptr_nonnull(strstr(assumed, "INTEL_IOMMU_DEFAULT_ON"));
	ck_assert_ptr_null(strstr(assumed, "IOMMU_DEFAULT_DMA_STRICT"));
	iot_kconfig_close(&cfg);
	/* Debian (the profiles' own) */
	ck_assert_int_eq(iot_kconfig_open("debian", &cfg, &d), 0);
	iot_domain_config_init(&dc, &cfg, K("7.2"), IOT_KARCH_X86_64);
	ck_assert(dc.intel_intgpu_off && !dc.intel_off_by_default);
	iot_kconfig_close(&cfg);
	ck_assert_uint_eq(d.n, 0);
	/* neither a distribution nor a file */
	ck_assert_int_eq(iot_kconfig_open("fedora", &cfg, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "neither a distribution"));
	iot_kconfig_close(&cfg);
}
END_TEST

static char tmpfile_path[64];

static const char *write_tmp(const char *text)
{
	FILE *f;

	strcpy(tmpfile_path, "/tmp/iotopo-kconfig-XXXXXX");
	close(mkstemp(tmpfile_path));
	f = fopen(tmpfile_path, "w");
	fputs(text, f);
	fclose(f);
	return tmpfile_path;
}

START_TEST(config_file_lines)
{
	struct iot_kconfig cfg;

	/* upstream's bool: VT-d off by default unless INTEL_IOMMU_DEFAULT_ON */
	ck_assert_int_eq(iot_kconfig_open(write_tmp("# Linux/arm64 6.6.0 Kernel Configuration\n"
						    "CONFIG_ARM64=y\n"
						    "CONFIG_ARM_SMMU_V3=y\n"
						    "CONFIG_VIRTIO_IOMMU=m\n"
						    "# CONFIG_ARM_SMMU is not set\n"
						    "CONFIG_LOCALVERSION=\"-test\"\n"
						    "CONFIG_VIRTIO_IOMMU=y\n"
						    "this is not a config line\n"
						    "# a comment\n"
						    "\n"),
					  &cfg, &d),
			 0);
	ck_assert(cfg.has_arch && cfg.arch == IOT_KARCH_ARM64);
	ck_assert_str_eq(cfg.version, "6.6.0");
	ck_assert_int_eq(iot_kconfig_value(&cfg, NULL, IOT_KARCH_ARM64, "ARM_SMMU_V3"), 'y');
	ck_assert_int_eq(iot_kconfig_value(&cfg, NULL, IOT_KARCH_ARM64, "ARM_SMMU"), 'n');
	ck_assert_int_eq(iot_kconfig_value(&cfg, NULL, IOT_KARCH_ARM64, "QCOM_IOMMU"), 'n');
	/* a string value is a set symbol; a symbol set twice: the last line */
	ck_assert_int_eq(iot_kconfig_value(&cfg, NULL, IOT_KARCH_ARM64, "LOCALVERSION"), 'y');
	ck_assert_int_eq(iot_kconfig_value(&cfg, NULL, IOT_KARCH_ARM64, "VIRTIO_IOMMU"), 'y');
	ck_assert_uint_eq(d.n, 1);
	ck_assert_uint_eq(d.v[0].loc.line, 8);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "not a .config line"));
	iot_kconfig_close(&cfg);
	unlink(tmpfile_path);
	/* nothing to read */
	iot_diags_free(&d);
	iot_diags_init(&d);
	ck_assert_int_eq(iot_kconfig_open(write_tmp("# just a comment\n"), &cfg, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "no CONFIG_ line"));
	iot_kconfig_close(&cfg);
	unlink(tmpfile_path);
	ck_assert_int_eq(iot_kconfig_open("/nonexistent/.config", &cfg, &d), -1);
	iot_kconfig_close(&cfg);
}
END_TEST

/* intel/iommu.c: dmar_disabled and platform_optin_force_iommu */
START_TEST(intel_enabled_by_config)
{
	struct iot_domain_config dc = { .intel_off_by_default = true };
	struct iot_iommu_cmdline cl;
	struct iot_topology t;
	struct iot_pci_root *r;
	const char *why = NULL;
	bool was_off;

	iot_topology_init(&t);
	r = iot_add_root(&t);
	r->name = iot_strdup("pci0");
	iot_root_add_dev(r)->external_facing = false;
	iot_iommu_cmdline_parse("", &cl);
	ck_assert(!iot_intel_enabled(&dc, &cl, &t, &why));
	ck_assert_ptr_nonnull(strstr(why, "off by default"));
	iot_iommu_cmdline_parse("intel_iommu=on", &cl);
	ck_assert(iot_intel_enabled(&dc, &cl, &t, &why));
	/* the platform opt-in with an external-facing port forces it on, identity default */
	iot_iommu_cmdline_parse("", &cl);
	t.x86.dmar_flags = 0x05;
	ck_assert(!iot_intel_enabled(&dc, &cl, &t, &why)); /* no external-facing port yet */
	r->devs[0].external_facing = true;
	ck_assert(iot_intel_enabled(&dc, &cl, &t, &why));
	ck_assert(iot_intel_platform_optin(&dc, &cl, &t, &was_off) && was_off);
	iot_iommu_cmdline_parse("intel_iommu=off", &cl); /* no_platform_optin */
	ck_assert(!iot_intel_enabled(&dc, &cl, &t, &why));
	iot_iommu_cmdline_parse("iommu=off", &cl);
	ck_assert(!iot_intel_enabled(&dc, &cl, &t, &why));
	ck_assert_ptr_nonnull(strstr(why, "iommu=off"));
	iot_topology_free(&t);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("kernel_kconfig");
	TCase *tc = tcase_create("kconfig");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, debian_table_matches_debian_configs);
	tcase_add_test(tc, distributions);
	tcase_add_test(tc, config_file_lines);
	tcase_add_test(tc, intel_enabled_by_config);
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
