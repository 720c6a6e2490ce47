/* SPDX-License-Identifier: MIT */
/* The IOMMU drivers the simulator knows, one per file of drivers/iommu (registry.c lists them). */
#ifndef IOTOPO_SIM_DRIVERS_H
#define IOTOPO_SIM_DRIVERS_H

#include "sim/sim_priv.h"

extern const struct sim_driver sim_arm_smmu_driver;
extern const struct sim_driver sim_arm_smmu_v3_driver;
extern const struct sim_driver sim_virtio_iommu_driver;
extern const struct sim_driver sim_intel_iommu_driver;
extern const struct sim_driver sim_amd_iommu_driver;
extern const struct sim_driver sim_qcom_iommu_driver;
extern const struct sim_driver sim_rockchip_iommu_driver;
extern const struct sim_driver sim_sun50i_iommu_driver;
extern const struct sim_driver sim_tegra_smmu_driver;
extern const struct sim_driver sim_ipmmu_vmsa_driver;
extern const struct sim_driver sim_exynos_iommu_driver;
extern const struct sim_driver sim_mtk_iommu_driver;
extern const struct sim_driver sim_mtk_iommu_v1_driver;
extern const struct sim_driver sim_msm_iommu_driver;
extern const struct sim_driver sim_apple_dart_driver;
extern const struct sim_driver sim_vsi_iommu_driver;

#endif
