// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/mtk_iommu_v1.c: the first-generation MediaTek M4U
 * (MT2701, MT7623; 32-bit Arm only: CONFIG_MTK_IOMMU_V1 depends on ARM, so
 * no arm64 config has it).  mtk_iommu_v1_create_mapping takes the port ID
 * (#iommu-cells = <1>); mtk_iommu_v1_device_group gives every master of
 * the M4U its one group, allocated for the first.
 */
#include "sim/drivers/drivers.h"

static const struct sim_of_match v1_of_match[] = {
	{ "mediatek,mt2701-m4u", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_mtk_iommu_v1_driver = {
	.name = "mtk-iommu-v1",
	.source = "drivers/iommu/mtk_iommu_v1.c",
	.kconfig = "MTK_IOMMU_V1",
	.of_match = v1_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_OTHER,
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.device_group = sim_instance_group_lazy, /* mtk_iommu_v1_device_group */
};
