// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/mtk_iommu.c: the MediaTek M4U (multimedia IOMMUs behind
 * SMI local arbiters, and the infra IOMMU of PCIe and peripherals).  A
 * master names its ports, #iommu-cells = <1>: MTK_M4U_ID(larb, port), added
 * as the fwspec ID by mtk_iommu_of_xlate (which refuses another cell count,
 * -EINVAL).  mtk_iommu_device_group keeps one group per IOVA region (or per
 * bank) in the first instance of the instances that share a page table
 * (the SoC's hw_list: e.g. MT8195's VDO and VPP IOMMUs); the region of a
 * master comes from its first larb and its ports through the SoC's
 * iova_region_larb_msk table (mtk_iommu_get_iova_region_id).  The bank
 * choice by port mask of the infra IOMMUs (mtk_iommu_get_bank_id) is not
 * modelled: every master is taken to use bank 0.  A module in Debian
 * (CONFIG_MTK_IOMMU=m): it registers after the built-in drivers bound.
 */
#include <stdlib.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

#define LARB_NR 32 /* MTK_LARB_NR_MAX */
#define REGION_NR 6 /* MT8192_MULTI_REGION_NR_MAX */
#define ALL 0xffffffffu
#define BIT(n) (1u << (n))

/* include/dt-bindings/memory/mtk-memory-port.h: MTK_M4U_TO_LARB / MTK_M4U_TO_PORT */
#define M4U_TO_LARB(id) (((id) >> 5) & 0x3f)
#define M4U_TO_PORT(id) ((id)&0x1f)

typedef uint32_t region_msk[REGION_NR][LARB_NR];

/* mtk_iommu.c:mt8192_larb_region_msk (MT8192, MT6893) */
static const region_msk mt8192_msk = {
	[0] = { ALL, ALL },
	[1] = { 0, 0, 0, 0, ALL, ALL, 0, ALL },
	[2] = { 0,
		0,
		ALL,
		0,
		0,
		0,
		0,
		0,
		0,
		ALL,
		0,
		ALL,
		0,
		~(BIT(9) | BIT(10)),
		~(BIT(4) | BIT(5)),
		0,
		ALL,
		ALL,
		ALL,
		ALL,
		ALL },
	[4] = { [13] = BIT(9) | BIT(10) },
	[5] = { [14] = BIT(4) | BIT(5) },
};

/* mtk_iommu.c:mt8186_larb_region_msk */
static const region_msk mt8186_msk = {
	[0] = { ALL, ALL, ALL },
	[1] = { 0, 0, 0, 0, ALL, 0, 0, ALL },
	[2] = { 0, 0, 0,   0,	0, 0,	0,  0, ALL, ALL, 0, ALL, 0, ~(BIT(9) | BIT(10)),
		0, 0, ALL, ALL, 0, ALL, ALL },
	[4] = { [13] = BIT(9) | BIT(10) },
	[5] = { [14] = ALL },
};

/* mtk_iommu.c:mt8188_larb_region_msk */
static const region_msk mt8188_msk = {
	[0] = { ALL, ALL, ALL, ALL },
	[1] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ALL, ALL, ALL },
	[2] = { 0,   0,	  0,   0,   ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL,
		ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, 0,   0,	  0,   0,   ALL },
	[4] = { [24] = BIT(0) | BIT(1) },
	[5] = { [24] = BIT(2) | BIT(3) },
};

/* mtk_iommu.c:mt8195_larb_region_msk */
static const region_msk mt8195_msk = {
	[0] = { ALL, ALL, ALL, ALL },
	[1] = { 0, 0, 0, 0, 0, 0, 0,   0,   0,	 0,   0,   0,  0,
		0, 0, 0, 0, 0, 0, ALL, ALL, ALL, ALL, ALL, ALL },
	[2] = { 0,   0,	  0,   0, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL,
		ALL, ALL, ALL, 0, 0,   0,   0,	 0,   0,   0,	ALL, ALL, ALL, ALL },
	[4] = { [18] = BIT(0) | BIT(1) },
	[5] = { [18] = BIT(2) | BIT(3) },
};

/*
 * A compatible's mtk_iommu_plat_data, as far as grouping goes: the region
 * table (NULL: one IOVA region, group 0) and the hw_list the instance
 * joins (instances with the same list share one set of groups; NULL: its own).
 */
struct mtk_plat {
	const region_msk *regions;
	const char *shared_list;
};

static const struct mtk_plat single = { NULL, NULL };
static const struct mtk_plat mt2712 = { NULL, "mt2712" };
static const struct mtk_plat mt8192 = { &mt8192_msk, NULL };
static const struct mtk_plat mt8186 = { &mt8186_msk, NULL };
static const struct mtk_plat mt8188_mm = { &mt8188_msk, "mt8188-mm" };
static const struct mtk_plat mt8195_mm = { &mt8195_msk, "mt8195-mm" };

/* mtk_iommu.c:mtk_iommu_of_ids */
static const struct sim_of_match mtk_of_match[] = {
	{ "mediatek,mt2712-m4u", &mt2712 },
	{ "mediatek,mt6779-m4u", &single },
	{ "mediatek,mt6795-m4u", &single },
	{ "mediatek,mt6893-iommu-mm", &mt8192 },
	{ "mediatek,mt8167-m4u", &single },
	{ "mediatek,mt8173-m4u", &single },
	{ "mediatek,mt8183-m4u", &single },
	{ "mediatek,mt8186-iommu-mm", &mt8186 },
	{ "mediatek,mt8188-iommu-infra", &single },
	{ "mediatek,mt8188-iommu-vdo", &mt8188_mm },
	{ "mediatek,mt8188-iommu-vpp", &mt8188_mm },
	{ "mediatek,mt8192-m4u", &mt8192 },
	{ "mediatek,mt8195-iommu-infra", &single },
	{ "mediatek,mt8195-iommu-vdo", &mt8195_mm },
	{ "mediatek,mt8195-iommu-vpp", &mt8195_mm },
	{ "mediatek,mt8365-m4u", &single },
	{ NULL, NULL },
};

struct mtk_groups {
	int group[REGION_NR];
};

/* mtk_iommu_of_xlate */
static int mtk_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	if (n != 1) {
		sim_why(c, s, "invalid #iommu-cells(%u) for %s (mtk_iommu_of_xlate): -EINVAL", n,
			sim_iommu_name(c, iommu));
		return -SIM_EINVAL;
	}
	sim_fwspec_add_ids(c, s, args, 1);
	return 0;
}

/* mtk_iommu_get_frst_data: the first instance of the hw_list @iommu is on */
static int first_of_list(const struct sim_ctx *c, int iommu)
{
	const struct mtk_plat *p = c->iommus[iommu].match_data;

	if (!p || !p->shared_list)
		return iommu;
	for (size_t i = 0; i < c->t->n_iommus; i++) {
		const struct mtk_plat *q = c->iommus[i].match_data;

		if (c->iommus[i].drv == c->iommus[iommu].drv && c->iommus[i].available && q &&
		    q->shared_list == p->shared_list)
			return (int)i;
	}
	return iommu;
}

/* mtk_iommu_get_iova_region_id */
static int region_of(struct sim_ctx *c, int s, const struct mtk_plat *p)
{
	const uint32_t *ids = sim_ids(c, s);
	uint32_t portmsk = 0, larb;

	if (!p || !p->regions || !c->r->devs[s].n_ids)
		return 0;
	larb = M4U_TO_LARB(ids[0]);
	for (size_t i = 0; i < c->r->devs[s].n_ids; i++)
		portmsk |= BIT(M4U_TO_PORT(ids[i]));
	for (int i = 0; i < REGION_NR && larb < LARB_NR; i++) {
		uint32_t m = (*p->regions)[i][larb];

		if (m && (m & portmsk) == portmsk)
			return i;
	}
	sim_why(c, s,
		"no IOVA region holds larb %u ports 0x%x (mtk_iommu_get_iova_region_id): -EINVAL",
		larb, portmsk);
	return -SIM_EINVAL;
}

/* mtk_iommu_device_group */
static int mtk_group(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu, first = first_of_list(c, iommu);
	const struct mtk_plat *p = c->iommus[first].match_data;
	struct mtk_groups *g = c->iommus[first].priv;
	int region = region_of(c, s, p);

	if (region < 0)
		return region;
	if (!g) {
		g = iot_xmalloc(sizeof(*g));
		for (int i = 0; i < REGION_NR; i++)
			g->group[i] = -1;
		c->iommus[first].priv = g;
	}
	if (g->group[region] < 0) {
		g->group[region] = sim_group_alloc(c, iommu);
	} else {
		sim_why(c, s, "joins the group of IOVA region %d of %s's page table%s", region,
			sim_iommu_name(c, first), first != iommu ? " (shared hw_list)" : "");
	}
	return g->group[region];
}

const struct sim_driver sim_mtk_iommu_driver = {
	.name = "mtk-iommu",
	.source = "drivers/iommu/mtk_iommu.c",
	.kconfig = "MTK_IOMMU",
	.of_match = mtk_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_OTHER,
	/* a larb port whose MMU bit is clear issues physical addresses */
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.of_xlate = mtk_of_xlate,
	.device_group = mtk_group,
};
