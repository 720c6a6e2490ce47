// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/exynos-iommu.c: Samsung System MMUs, one (or more) per
 * master.  #iommu-cells = <0>: exynos_iommu_of_xlate adds the System MMU
 * to the master's owner list, no IDs; groups: generic_device_group, one
 * per master.  Debian's arm64 config does not build it
 * (CONFIG_EXYNOS_IOMMU is not set).
 */
#include "sim/drivers/drivers.h"

static const struct sim_of_match exynos_of_match[] = {
	{ "samsung,exynos-sysmmu", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_exynos_iommu_driver = {
	.name = "exynos-iommu",
	.source = "drivers/iommu/exynos-iommu.c",
	.kconfig = "EXYNOS_IOMMU",
	.of_match = exynos_of_match,
	.cells_min = 0,
	.cells_max = 0,
	.family = IOT_FAMILY_OTHER,
	/* a System MMU left disabled passes the master's addresses through */
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.device_group = sim_generic_device_group,
};
