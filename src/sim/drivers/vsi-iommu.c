// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/vsi-iommu.c: the Verisilicon IOMMU in front of RK3588's
 * AV1 decoder.  #iommu-cells = <0>; the driver's probe allocates the
 * instance's one group and hands it to every master, as rockchip-iommu
 * does.  Debian's arm64 config does not build it (CONFIG_VSI_IOMMU is not
 * set), so its masters bind without it.
 */
#include "sim/drivers/drivers.h"

static const struct sim_of_match vsi_of_match[] = {
	{ "verisilicon,iommu-1.2", NULL },
	{ "rockchip,rk3588-av1-iommu", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_vsi_iommu_driver = {
	.name = "vsi-iommu",
	.source = "drivers/iommu/vsi-iommu.c",
	.kconfig = "VSI_IOMMU",
	.of_match = vsi_of_match,
	.cells_min = 0,
	.cells_max = 0,
	.family = IOT_FAMILY_OTHER,
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.probe_instance = sim_instance_group_probe,
	.device_group = sim_instance_group,
};
