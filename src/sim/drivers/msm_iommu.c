// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/msm_iommu.c: the APQ8064-era Qualcomm IOMMU (32-bit Arm
 * only: CONFIG_MSM_IOMMU depends on ARM, so no arm64 config has it).
 * qcom_iommu_of_xlate -> insert_iommu_master records the master's MIDs
 * (#iommu-cells = <1>, a repeated one ignored); groups: generic_device_group.
 */
#include "sim/drivers/drivers.h"

/* insert_iommu_master: "Stream ID 0x%x repeated; ignoring" */
static int msm_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	const uint32_t *ids = sim_ids(c, s);

	(void)iommu;
	if (!n)
		return 0;
	for (size_t i = 0; i < c->r->devs[s].n_ids; i++)
		if (ids[i] == args[0])
			return 0;
	sim_fwspec_add_ids(c, s, args, 1);
	return 0;
}

static const struct sim_of_match msm_of_match[] = {
	{ "qcom,apq8064-iommu", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_msm_iommu_driver = {
	.name = "msm-iommu",
	.source = "drivers/iommu/msm_iommu.c",
	.kconfig = "MSM_IOMMU",
	.of_match = msm_of_match,
	.cells_min = 1,
	.cells_max = 2,
	.family = IOT_FAMILY_OTHER,
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	.of_xlate = msm_of_xlate,
	.device_group = sim_generic_device_group,
};
