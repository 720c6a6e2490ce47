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
 * iova_region_larb_msk table (mtk_iommu_get_iova_region_id), or, on an
 * infra IOMMU with port banks (MT8195), from the first enabled bank other
 * than 0 its ports fall in (mtk_iommu_get_group_id ->
 * mtk_iommu_get_bank_id).  A module in Debian (CONFIG_MTK_IOMMU=m): it
 * registers after the built-in drivers bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

#define LARB_NR 32 /* MTK_LARB_NR_MAX */
#define REGION_NR 6 /* MT8192_MULTI_REGION_NR_MAX */
#define ALL 0xffffffffu
#define BIT(n) (1u << (n))

/*
 * include/dt-bindings/memory/mtk-memory-port.h (7.2): MTK_M4U_TO_LARB /
 * MTK_M4U_TO_PORT.  The driver reads an ID only through them: bits above
 * the 5-bit larb and 5-bit port are dropped.
 */
#define M4U_TO_LARB(id) (((id) >> 5) & 0x1f)
#define M4U_TO_PORT(id) ((id)&0x1f)
#define M4U_ID_BITS 0x3ffu
#define BANK_NR 5 /* MTK_IOMMU_BANK_MAX */

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

/* mtk_iommu.c:mt8189_larb_region_msk */
static const region_msk mt8189_msk = {
	[0] = { ALL, ALL, ALL, [22] = BIT(0) },
	[1] = { [3] = ALL, [4] = ALL },
	[2] = { [5] = ALL,
		[6] = ALL,
		[7] = ALL,
		[8] = ALL,
		[9] = ALL,
		[10] = ALL,
		[11] = ALL,
		[12] = ALL,
		[21] = ALL },
};

/* mtk_iommu.c:mt8189_apu_region_msk: APU secure, code, VLM, data on the fake larb 0 */
static const region_msk mt8189_apu_msk = {
	[0] = { [0] = BIT(2) },
	[1] = { [0] = BIT(1) },
	[2] = { [0] = BIT(3) },
	[3] = { [0] = BIT(0) },
};

enum mtk_type { MTK_MM, MTK_INFRA, MTK_APU }; /* MTK_IOMMU_TYPE_* */

/*
 * A compatible's mtk_iommu_plat_data, as far as probing and grouping go:
 * its type (only multimedia IOMMUs link larbs in mtk_iommu_probe_device),
 * DL_WITH_MULTI_LARB, the region table (NULL: one IOVA region, group 0),
 * the port banks (banks_portmsk of the enabled ones; bank 0 when none
 * matches), and the hw_list the instance joins when it has SHARE_PGTABLE
 * (instances on one list share one set of groups; NULL: its own list).
 */
struct mtk_plat {
	enum mtk_type type;
	bool multi_larb;
	const region_msk *regions;
	uint32_t bank_portmsk[BANK_NR]; /* 0 for a bank not enabled */
	const char *shared_list;
};

static const struct mtk_plat single = { MTK_MM, false, NULL, { 0 }, NULL };
static const struct mtk_plat infra = { MTK_INFRA, false, NULL, { 0 }, NULL };
static const struct mtk_plat mt2712 = { MTK_MM, false, NULL, { 0 }, "m4ulist" };
static const struct mtk_plat mt8192 = { MTK_MM, false, &mt8192_msk, { 0 }, NULL };
static const struct mtk_plat mt8186 = { MTK_MM, false, &mt8186_msk, { 0 }, NULL };
static const struct mtk_plat mt8188_mm = { MTK_MM, false, &mt8188_msk, { 0 }, "m4ulist" };
static const struct mtk_plat mt8189_apu = { MTK_APU, false, &mt8189_apu_msk, { 0 }, NULL };
static const struct mtk_plat mt8189_infra = { MTK_INFRA, false, NULL, { 0 }, "infralist" };
static const struct mtk_plat mt8189_mm = { MTK_MM, true, &mt8189_msk, { 0 }, NULL };
/* mtk_iommu.c:mt8195_data_infra: banks 0 (PCIe, ports 16-19) and 4 (USB, ports 20-31) */
static const struct mtk_plat mt8195_infra = { MTK_INFRA,
					      false,
					      NULL,
					      { 0xf0000u, 0, 0, 0, 0xfff00000u },
					      NULL };
static const struct mtk_plat mt8195_mm = { MTK_MM, false, &mt8195_msk, { 0 }, "m4ulist" };

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
	{ "mediatek,mt8188-iommu-infra", &infra },
	{ "mediatek,mt8188-iommu-vdo", &mt8188_mm },
	{ "mediatek,mt8188-iommu-vpp", &mt8188_mm },
	{ "mediatek,mt8189-iommu-apu", &mt8189_apu },
	{ "mediatek,mt8189-iommu-infra", &mt8189_infra },
	{ "mediatek,mt8189-iommu-mm", &mt8189_mm },
	{ "mediatek,mt8192-m4u", &mt8192 },
	{ "mediatek,mt8195-iommu-infra", &mt8195_infra },
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
		    q->shared_list && !strcmp(q->shared_list, p->shared_list))
			return (int)i;
	}
	return iommu;
}

/* mtk_iommu_get_iova_region_id: -1 when no region holds the ports */
static int region_id(const struct mtk_plat *p, const uint32_t *ids, size_t n)
{
	uint32_t portmsk = 0, larb;

	if (!p || !p->regions || !n)
		return 0;
	larb = M4U_TO_LARB(ids[0]);
	for (size_t i = 0; i < n; i++)
		portmsk |= BIT(M4U_TO_PORT(ids[i]));
	for (int i = 0; i < REGION_NR; i++) {
		uint32_t m = (*p->regions)[i][larb];

		if (m && (m & portmsk) == portmsk)
			return i;
	}
	return -1;
}

/* mtk_iommu_get_bank_id: the first enabled bank whose ports it uses, else 0 */
static int bank_id(const struct mtk_plat *p, const uint32_t *ids, size_t n)
{
	uint32_t portmsk = 0;

	for (size_t i = 0; i < n; i++)
		portmsk |= BIT(M4U_TO_PORT(ids[i]));
	for (int i = 0; p && i < BANK_NR; i++)
		if (portmsk & p->bank_portmsk[i])
			return i;
	return 0;
}

static uint32_t port_mask(const uint32_t *ids, size_t n)
{
	uint32_t m = 0;

	for (size_t i = 0; i < n; i++)
		m |= BIT(M4U_TO_PORT(ids[i]));
	return m;
}

/*
 * mtk_iommu_probe_device: a multimedia IOMMU's master uses one larb unless
 * the SoC has DL_WITH_MULTI_LARB ("Can only use one larb", -EINVAL).  That
 * the larb is among the IOMMU's mediatek,larbs (larb_imu[].dev) is not
 * checked: the model does not keep that property.
 */
static enum sim_ids_verdict one_larb(const struct mtk_plat *p, const char *nm, const uint32_t *ids,
				     size_t n, char *why, size_t len)
{
	for (size_t i = 0; p->type == MTK_MM && !p->multi_larb && i < n; i++)
		if (M4U_TO_LARB(ids[i]) != M4U_TO_LARB(ids[0])) {
			snprintf(why, len,
				 "its ports on %s are on larbs %u and %u: \"Can only use one "
				 "larb\" (mtk_iommu_probe_device -EINVAL)",
				 nm, M4U_TO_LARB(ids[0]), M4U_TO_LARB(ids[i]));
			return SIM_IDS_REFUSED;
		}
	return SIM_IDS_OK;
}

/*
 * mtk_iommu_config reads an ID only through MTK_M4U_TO_LARB / _TO_PORT:
 * bits above them are dropped, so another larb's port is enabled.
 */
static enum sim_ids_verdict id_bits(const char *nm, const uint32_t *ids, size_t n, char *why,
				    size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] & ~M4U_ID_BITS) {
			snprintf(why, len,
				 "ID 0x%x has bits above MTK_M4U_ID's larb and port: %s enables "
				 "larb %u port %u for it (mtk_iommu_config)",
				 ids[i], nm, M4U_TO_LARB(ids[i]), M4U_TO_PORT(ids[i]));
			return SIM_IDS_MISPROGRAMMED;
		}
	return SIM_IDS_OK;
}

/*
 * The driver's limits on one master's IDs: the probe's larb rule, the
 * group's region rule (mtk_iommu_device_group: a region of the SoC's table
 * must hold the first larb's ports, mtk_iommu_get_iova_region_id -EINVAL),
 * and the ID bits the driver reads.
 */
static enum sim_ids_verdict mtk_check_ids(const struct iot_iommu *u, const void *data,
					  const uint32_t *ids, size_t n, char *why, size_t len)
{
	const struct mtk_plat *p = data ? data : &single;
	const char *nm = u->name ? u->name : "the M4U";

	if (one_larb(p, nm, ids, n, why, len) != SIM_IDS_OK)
		return SIM_IDS_REFUSED;
	if (n && bank_id(p, ids, n) == 0 && region_id(p, ids, n) < 0) {
		snprintf(why, len,
			 "no IOVA region of %s holds larb %u ports 0x%x "
			 "(mtk_iommu_get_iova_region_id: \"Can NOT find the region\", -EINVAL)",
			 nm, M4U_TO_LARB(ids[0]), port_mask(ids, n));
		return SIM_IDS_REFUSED;
	}
	return id_bits(nm, ids, n, why, len);
}

/* mtk_iommu_probe_device: the larb links (the region is device_group's) */
static int mtk_probe(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu;
	const struct mtk_plat *p =
		c->iommus[iommu].match_data ? c->iommus[iommu].match_data : &single;
	const char *nm = sim_iommu_name(c, iommu);
	const uint32_t *ids = sim_ids(c, s);
	size_t n = c->r->devs[s].n_ids;
	char why[256];

	if (one_larb(p, nm, ids, n, why, sizeof(why)) != SIM_IDS_OK) {
		sim_why(c, s, "%s", why);
		return -SIM_EINVAL;
	}
	if (id_bits(nm, ids, n, why, sizeof(why)) != SIM_IDS_OK)
		sim_ids_misprogrammed(c, s, why);
	return 0;
}

/* mtk_iommu_device_group -> mtk_iommu_get_group_id: the bank if not 0, else the region */
static int mtk_group(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu, first = first_of_list(c, iommu);
	const struct mtk_plat *p = c->iommus[first].match_data;
	struct mtk_groups *g = c->iommus[first].priv;
	const uint32_t *ids = sim_ids(c, s);
	size_t n = c->r->devs[s].n_ids;
	int id = bank_id(p, ids, n), bank = id;

	if (!id)
		id = region_id(p, ids, n);
	if (id < 0) {
		sim_why(c, s,
			"no IOVA region holds larb %u ports 0x%x (mtk_iommu_get_iova_region_id): "
			"-EINVAL",
			n ? M4U_TO_LARB(ids[0]) : 0, port_mask(ids, n));
		return -SIM_EINVAL;
	}
	if (!g) {
		g = iot_xmalloc(sizeof(*g));
		for (int i = 0; i < REGION_NR; i++)
			g->group[i] = -1;
		c->iommus[first].priv = g;
	}
	if (g->group[id] < 0) {
		g->group[id] = sim_group_alloc(c, iommu);
	} else {
		sim_why(c, s, "joins the group of %s %d of %s's page table%s",
			bank ? "port bank" : "IOVA region", id, sim_iommu_name(c, first),
			first != iommu ? " (shared hw_list)" : "");
	}
	return g->group[id];
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
	.check_ids = mtk_check_ids,
	.probe_device = mtk_probe,
	.device_group = mtk_group,
};
