// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/mtk_iommu_v1.c: the first-generation MediaTek M4U
 * (MT2701, MT7623; 32-bit Arm only: CONFIG_MTK_IOMMU_V1 depends on ARM, so
 * no arm64 config has it).  mtk_iommu_v1_create_mapping takes the port ID
 * (#iommu-cells = <1>); mtk_iommu_v1_device_group gives every master of
 * the M4U its one group, allocated for the first.
 */
#include <stdio.h>

#include "sim/drivers/drivers.h"

/* include/dt-bindings/memory/mt2701-larb-port.h: LARB0..3_PORT_OFFSET */
static const uint32_t larb_port_offset[] = { 0, 11, 21, 44 };
#define MT2701_LARB_NR_MAX 3 /* mtk_iommu_v1.c: the larbs MT2701 has */

/* mtk_iommu_v1.c:mt2701_m4u_to_larb */
static unsigned int to_larb(uint32_t id)
{
	for (int i = 3; i >= 0; i--)
		if (id >= larb_port_offset[i])
			return (unsigned int)i;
	return 0;
}

/*
 * mtk_iommu_v1.c:mtk_iommu_v1_probe_device: the first port's larb is one
 * MT2701 has (a port from LARB3_PORT_OFFSET on is -EINVAL), and every port
 * is on that larb ("Can only use one larb", -EINVAL)
 */
static enum sim_ids_verdict v1_check_ids(const struct iot_iommu *u, const void *data,
					 const uint32_t *ids, size_t n, char *why, size_t len)
{
	const char *nm = u->name ? u->name : "the M4U";

	(void)data;
	if (n && to_larb(ids[0]) >= MT2701_LARB_NR_MAX) {
		snprintf(why, len,
			 "port %u on %s is past the last larb's (ports 0-%u on larbs 0-%d): "
			 "mtk_iommu_v1_probe_device -EINVAL",
			 ids[0], nm, larb_port_offset[MT2701_LARB_NR_MAX] - 1,
			 MT2701_LARB_NR_MAX - 1);
		return SIM_IDS_REFUSED;
	}
	for (size_t i = 1; i < n; i++)
		if (to_larb(ids[i]) != to_larb(ids[0])) {
			snprintf(why, len,
				 "its ports on %s are on larbs %u and %u: \"Can only use one "
				 "larb\" (mtk_iommu_v1_probe_device -EINVAL)",
				 nm, to_larb(ids[0]), to_larb(ids[i]));
			return SIM_IDS_REFUSED;
		}
	return SIM_IDS_OK;
}

static int v1_probe(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu;
	char why[256];

	if (v1_check_ids(&c->t->iommus[iommu], NULL, sim_ids(c, s), c->r->devs[s].n_ids, why,
			 sizeof(why)) == SIM_IDS_OK)
		return 0;
	sim_why(c, s, "%s", why);
	return -SIM_EINVAL;
}

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
	.check_ids = v1_check_ids,
	.probe_device = v1_probe,
	.device_group = sim_instance_group_lazy, /* mtk_iommu_v1_device_group */
};
