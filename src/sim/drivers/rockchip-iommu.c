// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/rockchip-iommu.c: one IOMMU per media block (VOP, VPU,
 * ISP, RGA...).  #iommu-cells = <0>: rk_iommu_of_xlate records only which
 * IOMMU the master sits behind (no IDs); rk_iommu_probe allocates the
 * instance's one group, and rk_iommu_device_group hands it to every master
 * (iommu_group_ref_get(iommu->group)).  Built in (CONFIG_ROCKCHIP_IOMMU=y).
 */
#include "sim/drivers/drivers.h"

/* rk_iommu_of_xlate: no fwspec IDs, the master's dev_iommu_priv names the IOMMU */
static int rk_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	(void)c;
	(void)s;
	(void)iommu;
	(void)args;
	(void)n;
	return 0;
}

static const struct sim_of_match rk_of_match[] = {
	{ "rockchip,iommu", NULL },
	{ "rockchip,rk3568-iommu", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_rockchip_iommu_driver = {
	.name = "rockchip-iommu",
	.source = "drivers/iommu/rockchip-iommu.c",
	.kconfig = "ROCKCHIP_IOMMU",
	.of_match = rk_of_match,
	.cells_min = 0,
	.cells_max = 0,
	.family = IOT_FAMILY_OTHER,
	/* rk_iommu_disable: paging off, the master's DMA is not translated */
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.probe_instance = sim_instance_group_probe,
	.of_xlate = rk_of_xlate,
	.device_group = sim_instance_group, /* rk_iommu_device_group */
};
