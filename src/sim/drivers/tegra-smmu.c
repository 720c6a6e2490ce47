// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/tegra-smmu.c: the SMMU of the Tegra30..Tegra210 memory
 * controller (the MC node carries #iommu-cells = <1>; drivers/memory/tegra
 * registers the SMMU when it probes: tegra_smmu_probe).  A master names its
 * swgroup, which tegra_smmu_of_xlate adds as the fwspec ID.
 * tegra_smmu_device_group: masters of one swgroup share a group, and so do
 * the swgroups of one SoC group (the display controllers DC and DCB on
 * Tegra124/132/210: tegra210_groups "display"); a new group otherwise comes
 * from pci_device_group or generic_device_group.  Built in
 * (CONFIG_TEGRA_MC=y, CONFIG_TEGRA_IOMMU_SMMU=y).
 */
#include <stdlib.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

/* the SoC's tegra_smmu_group_soc rows: swgroups that must share a group */
struct tegra_soc {
	const char *group_name;
	uint32_t swgroups[2];
	size_t n_swgroups;
};

/* include/dt-bindings/memory/tegra{124,210}-mc.h: TEGRA_SWGROUP_DC 1, TEGRA_SWGROUP_DCB 2 */
static const struct tegra_soc display_dc_dcb = { "display", { 1, 2 }, 2 };
static const struct tegra_soc no_groups = { NULL, { 0 }, 0 };

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
	{ "nvidia,tegra30-mc", &no_groups },	   { "nvidia,tegra114-mc", &no_groups },
	{ "nvidia,tegra124-mc", &display_dc_dcb }, { "nvidia,tegra132-mc", &display_dc_dcb },
	{ "nvidia,tegra210-mc", &display_dc_dcb }, { NULL, NULL },
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
	.device_group = tegra_group, /* tegra_smmu_device_group */
	.def_domain_type = tegra_def_domain_type,
};
