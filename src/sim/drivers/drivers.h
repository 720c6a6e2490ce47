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

#endif
