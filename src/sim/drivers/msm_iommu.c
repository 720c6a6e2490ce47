// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/msm_iommu.c: the APQ8064-era Qualcomm IOMMU (32-bit Arm
 * only: CONFIG_MSM_IOMMU depends on ARM, so no arm64 config has it).
 * qcom_iommu_of_xlate -> insert_iommu_master records the master's MIDs
 * (#iommu-cells = <1>, a repeated one ignored); groups: generic_device_group.
 */
#include <stdio.h>

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

#define MAX_NUM_MIDS 32 /* msm_iommu.h: msm_iommu_ctx_dev.mids[] */

/*
 * msm_iommu.c:insert_iommu_master appends each new MID to the master's
 * mids[MAX_NUM_MIDS] without a bound: a 33rd distinct MID is written past it.
 */
static enum sim_ids_verdict msm_check_ids(const struct iot_iommu *u, const void *data,
					  const uint32_t *ids, size_t n, char *why, size_t len)
{
	size_t distinct = 0;

	(void)data;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < i && ids[j] != ids[i])
			j++;
		distinct += j == i;
	}
	if (distinct <= MAX_NUM_MIDS)
		return SIM_IDS_OK;
	snprintf(why, len,
		 "%zu distinct MIDs on %s: insert_iommu_master stores them in mids[%d] "
		 "unchecked and writes past it",
		 distinct, u->name ? u->name : "the IOMMU", MAX_NUM_MIDS);
	return SIM_IDS_MISPROGRAMMED;
}

/* the context programming (__program_context) writes the MIDs: said at probe */
static int msm_probe(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu;
	char why[256];

	if (msm_check_ids(&c->t->iommus[iommu], NULL, sim_ids(c, s), c->r->devs[s].n_ids, why,
			  sizeof(why)) != SIM_IDS_OK)
		sim_ids_misprogrammed(c, s, why);
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
	.check_ids = msm_check_ids,
	.probe_device = msm_probe,
	.device_group = sim_generic_device_group,
};
