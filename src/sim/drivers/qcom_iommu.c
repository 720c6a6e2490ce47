// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/arm/arm-smmu/qcom_iommu.c: the Qualcomm MSM8916-family
 * IOMMU ("qcom,msm-iommu-v1/v2"), an SMMU whose context banks the secure
 * firmware owns.  #iommu-cells = <1>: the context bank's ASID, which
 * qcom_iommu_of_xlate adds as the fwspec ID (refusing another cell count,
 * and IDs on a second IOMMU instance, -EINVAL; that the ASID names an
 * existing context-bank child node is not checked here: the model keeps no
 * context-bank nodes).  Groups: generic_device_group, one per master.
 * Built in (CONFIG_QCOM_IOMMU=y).
 */
#include "sim/drivers/drivers.h"

static int qcom_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	if (n != 1) {
		sim_why(c, s,
			"incorrect number of iommu params for %s (found %u, expected 1): "
			"qcom_iommu_of_xlate -EINVAL",
			sim_iommu_name(c, iommu), n);
		return -SIM_EINVAL;
	}
	/* "make sure devices iommus dt node isn't referring to multiple different iommu devices" */
	if (c->target[s] >= 0 && c->target[s] != iommu) {
		sim_why(c, s, "IDs on two qcom_iommu instances (%s, %s): -EINVAL",
			sim_iommu_name(c, c->target[s]), sim_iommu_name(c, iommu));
		return -SIM_EINVAL;
	}
	sim_fwspec_add_ids(c, s, args, 1);
	return 0;
}

static const struct sim_of_match qcom_of_match[] = {
	{ "qcom,msm-iommu-v1", NULL },
	{ "qcom,msm-iommu-v2", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_qcom_iommu_driver = {
	.name = "qcom-iommu",
	.source = "drivers/iommu/arm/arm-smmu/qcom_iommu.c",
	.kconfig = "QCOM_IOMMU",
	.of_match = qcom_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_OTHER,
	/* a context bank left unconfigured faults the master's transactions */
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	.of_xlate = qcom_of_xlate,
	.device_group = sim_generic_device_group, /* generic_device_group */
};
