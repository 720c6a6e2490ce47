// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/tegra-smmu.c: the SMMU of the Tegra30..Tegra210 memory
 * controller (the MC node carries #iommu-cells = <1>; drivers/memory/tegra
 * registers the SMMU when it probes: tegra_smmu_probe).  A master names its
 * swgroup, which tegra_smmu_of_xlate adds as the fwspec ID.
 * tegra_smmu_device_group: masters of one swgroup share a group, and so do
 * the swgroups of one SoC group (the display controllers DC and DCB, with
 * VIC on Tegra124/132: tegra124_groups "drm", tegra210_groups "display"); a
 * new group otherwise comes
 * from pci_device_group or generic_device_group.  Built in
 * (CONFIG_TEGRA_MC=y, CONFIG_TEGRA_IOMMU_SMMU=y).
 */
#include <stdio.h>
#include <stdlib.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

/*
 * The SoC's tegra_smmu_soc as far as grouping and attaching go: its
 * tegra_smmu_group_soc row (swgroups that must share a group) and the
 * swgroups it has an ASID register for (soc->swgroups[], as a bit mask of
 * the TEGRA_SWGROUP_* numbers; 0: not read here, nothing checked).
 */
struct tegra_soc {
	const char *group_name;
	uint32_t swgroups[3];
	size_t n_swgroups;
	const char *soc;
	uint64_t known; /* bit n: TEGRA_SWGROUP n is in soc->swgroups[] */
};

#define SW(n) (UINT64_C(1) << (n))
/*
 * drivers/memory/tegra/tegra124.c:tegra124_swgroups (Tegra132 uses it too),
 * numbered by include/dt-bindings/memory/tegra124-mc.h (PTC 0 .. VI 25):
 * every swgroup but PTC (0), MPCORELP (11) and MPCORE (12)
 */
#define TEGRA124_SWGROUPS ((SW(26) - 1) & ~(SW(0) | SW(11) | SW(12)))
/*
 * drivers/memory/tegra/tegra210.c:tegra210_swgroups, numbered by
 * include/dt-bindings/memory/tegra210-mc.h (PTC 0 .. TSECB 30, and since
 * 5.11 NV 31 .. NVDEC1 40): every swgroup but PTC (0) and MPCORE (10)
 */
#define TEGRA210_SWGROUPS ((SW(41) - 1) & ~(SW(0) | SW(10)))

/*
 * tegra124.c:tegra124_groups "drm" (Tegra132 too): TEGRA_SWGROUP_DC 1, DCB 2
 * and VIC 24; tegra210.c:tegra210_groups "display": DC 1, DCB 2
 */
static const struct tegra_soc tegra124 = { "drm", { 1, 2, 24 }, 3, "Tegra124", TEGRA124_SWGROUPS };
static const struct tegra_soc tegra132 = { "drm", { 1, 2, 24 }, 3, "Tegra132", TEGRA124_SWGROUPS };
static const struct tegra_soc tegra210 = { "display", { 1, 2 }, 2, "Tegra210", TEGRA210_SWGROUPS };
/* 32-bit SoCs: their swgroup tables are not read here */
static const struct tegra_soc no_groups = { NULL, { 0 }, 0, NULL, 0 };

/*
 * tegra-smmu.c:tegra_smmu_attach_dev -> tegra_smmu_enable: a swgroup the
 * SoC has no ASID register for is not enabled ("group from swgroup %u not
 * found"), and the master's clients stay untranslated.
 */
static enum sim_ids_verdict tegra_check_ids(const struct iot_iommu *u, const void *data,
					    const uint32_t *ids, size_t n, char *why, size_t len)
{
	const struct tegra_soc *soc = data;

	(void)u;
	for (size_t i = 0; soc && soc->known && i < n; i++) {
		if (ids[i] < 64 && (soc->known & SW(ids[i])))
			continue;
		snprintf(why, len,
			 "swgroup %u is not one of the %s memory controller's "
			 "(tegra_smmu_find_swgroup): tegra_smmu_enable programs no ASID for it "
			 "(\"group from swgroup %u not found\") and its clients stay "
			 "untranslated",
			 ids[i], soc->soc, ids[i]);
		return SIM_IDS_MISPROGRAMMED;
	}
	return SIM_IDS_OK;
}

struct tegra_group { /* struct tegra_smmu_group */
	uint32_t swgroup;
	int soc_group; /* index into the SoC's groups, -1 */
	int group;
};

struct tegra_state {
	struct tegra_group *v;
	size_t n, cap;
};

static const struct sim_of_match tegra_of_match[] = {
	{ "nvidia,tegra30-mc", &no_groups }, { "nvidia,tegra114-mc", &no_groups },
	{ "nvidia,tegra124-mc", &tegra124 }, { "nvidia,tegra132-mc", &tegra132 },
	{ "nvidia,tegra210-mc", &tegra210 }, { NULL, NULL },
};

/* tegra_smmu_find_group_soc */
static int soc_group_of(const struct tegra_soc *soc, uint32_t swgroup)
{
	for (size_t i = 0; soc && i < soc->n_swgroups; i++)
		if (soc->swgroups[i] == swgroup)
			return 0;
	return -1;
}

static void tegra_free(struct sim_ctx *c, int iommu)
{
	struct tegra_state *st = c->iommus[iommu].priv;

	if (st)
		free(st->v);
}

static int tegra_group(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu;
	const struct tegra_soc *soc = c->iommus[iommu].match_data;
	struct tegra_state *st = c->iommus[iommu].priv;
	uint32_t swgroup;
	int sg, g;

	if (!c->r->devs[s].n_ids)
		return -SIM_ENODEV;
	if (!st)
		st = c->iommus[iommu].priv = iot_xcalloc(1, sizeof(*st));
	swgroup = sim_ids(c, s)[0]; /* fwspec->ids[0] */
	sg = soc_group_of(soc, swgroup);
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].swgroup == swgroup || (sg >= 0 && st->v[i].soc_group == sg)) {
			sim_why(c, s, "swgroup %u joins the group of swgroup %u%s%s", swgroup,
				st->v[i].swgroup, sg >= 0 ? ", SoC group " : "",
				sg >= 0 ? soc->group_name : "");
			return st->v[i].group;
		}
	g = sim_bus_device_group(c, s);
	if (g < 0)
		return g;
	iot_grow((void **)&st->v, &st->cap, st->n + 1, sizeof(*st->v));
	st->v[st->n++] = (struct tegra_group){ swgroup, sg, g };
	return g;
}

/* tegra-smmu.c:tegra_smmu_def_domain_type (kernel/domain.c) */
static enum iot_domain_type tegra_def_domain_type(struct sim_ctx *c, int s, const char **why)
{
	(void)s;
	return iot_tegra_smmu_def_domain_type(c->k, why);
}

/* the attach (tegra_smmu_attach_dev) programs the swgroups: said at probe */
static int tegra_probe(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu;
	char why[320];

	if (tegra_check_ids(&c->t->iommus[iommu], c->iommus[iommu].match_data, sim_ids(c, s),
			    c->r->devs[s].n_ids, why, sizeof(why)) != SIM_IDS_OK)
		sim_ids_misprogrammed(c, s, why);
	return 0;
}

const struct sim_driver sim_tegra_smmu_driver = {
	.name = "tegra-smmu",
	.source = "drivers/iommu/tegra-smmu.c",
	.kconfig = "TEGRA_IOMMU_SMMU",
	.of_match = tegra_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_OTHER,
	/* a swgroup whose ASID is not enabled is not translated */
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.free_instance = tegra_free,
	.check_ids = tegra_check_ids,
	.probe_device = tegra_probe,
	.device_group = tegra_group, /* tegra_smmu_device_group */
	.def_domain_type = tegra_def_domain_type,
};
