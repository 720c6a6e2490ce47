// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/sun50i-iommu.c: the Allwinner H6/H616 IOMMU shared by the
 * display, video and camera engines.  #iommu-cells = <1> (the master's
 * index, sun50i_iommu_of_xlate adds it as the fwspec ID); the instance's
 * one group is allocated in sun50i_iommu_probe and sun50i_iommu_device_group
 * returns it.  Built in (CONFIG_SUN50I_IOMMU=y).
 */
#include "sim/drivers/drivers.h"

static const struct sim_of_match sun50i_of_match[] = {
	{ "allwinner,sun50i-h6-iommu", NULL },
	{ "allwinner,sun50i-h616-iommu", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_sun50i_iommu_driver = {
	.name = "sun50i-iommu",
	.source = "drivers/iommu/sun50i-iommu.c",
	.kconfig = "SUN50I_IOMMU",
	.of_match = sun50i_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_OTHER,
	/* IOMMU_BYPASS_REG: a master whose bypass bit is set is not translated */
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.probe_instance = sim_instance_group_probe,
	/* of_xlate: the one cell is the ID (sun50i_iommu_of_xlate) */
	.device_group = sim_instance_group, /* sun50i_iommu_device_group */
};
