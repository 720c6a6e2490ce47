// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/arm/arm-smmu/arm-smmu.c: Arm SMMUv1/v2 and MMU-40x/500,
 * with the implementations arm-smmu-impl.c:arm_smmu_impl_init picks by
 * compatible (arm-smmu-qcom.c, arm-smmu-nvidia.c, Marvell AP806).  Streams
 * are matched by stream-map entries (SMR id and mask); a device's group is
 * the one recorded on its last entry (docs/kernel-rules.md §5.5).
 */
#include <stdlib.h>
#include <string.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

/* arm-smmu.c: MMU-500 and most SMMUv2 implement up to 128 stream mapping groups */
#define SMMUV2_MAX_SMRS 128

/* What an implementation changes for the simulation. */
struct arm_smmu_impl {
	const char *name;
	const char *source;
	/* qcom_smmu_def_domain_type: identity for the listed clients */
	bool identity_clients;
};

static const struct arm_smmu_impl qcom_impl = {
	.name = "qcom",
	.source = "arm-smmu-qcom.c",
	.identity_clients = true,
};

/* arm-smmu-nvidia.c: two or three instances programmed as one; streams as arm-smmu */
static const struct arm_smmu_impl nvidia_impl = { .name = "nvidia", .source = "arm-smmu-nvidia.c" };

/* arm-smmu-impl.c:mrvl_mmu500_impl: register access errata only */
static const struct arm_smmu_impl marvell_impl = { .name = "marvell", .source = "arm-smmu-impl.c" };

/*
 * arm-smmu.c:arm_smmu_of_match (the generic compatibles), then the
 * compatibles arm_smmu_impl_init keys an implementation on:
 * arm-smmu-qcom.c:qcom_smmu_impl_of_match and "qcom,adreno-smmu",
 * nvidia_smmu_impl_init's Tegra186/194/234, "marvell,ap806-smmu-500".
 * A node is matched by its most specific compatible first.
 */
static const struct sim_of_match arm_smmu_of_match[] = {
	{ "arm,smmu-v1", NULL },
	{ "arm,smmu-v2", NULL },
	{ "arm,mmu-400", NULL },
	{ "arm,mmu-401", NULL },
	{ "arm,mmu-500", NULL },
	{ "cavium,smmu-v2", NULL },
	{ "nvidia,smmu-500", NULL },
	{ "qcom,smmu-v2", NULL },
	{ "qcom,adreno-smmu", &qcom_impl },
	{ "qcom,smmu-500", &qcom_impl },
	{ "qcom,msm8998-smmu-v2", &qcom_impl },
	{ "qcom,sc7180-smmu-v2", &qcom_impl },
	{ "qcom,sdm630-smmu-v2", &qcom_impl },
	{ "qcom,sdm670-smmu-v2", &qcom_impl },
	{ "qcom,sdm845-smmu-v2", &qcom_impl },
	{ "qcom,sm6350-smmu-v2", &qcom_impl },
	{ "qcom,sm6375-smmu-v2", &qcom_impl },
	{ "qcom,qcm2290-smmu-500", &qcom_impl },
	{ "qcom,qdu1000-smmu-500", &qcom_impl },
	{ "qcom,sa8775p-smmu-500", &qcom_impl },
	{ "qcom,sc7180-smmu-500", &qcom_impl },
	{ "qcom,sc7280-smmu-500", &qcom_impl },
	{ "qcom,sc8180x-smmu-500", &qcom_impl },
	{ "qcom,sc8280xp-smmu-500", &qcom_impl },
	{ "qcom,sdm845-smmu-500", &qcom_impl },
	{ "qcom,sm6115-smmu-500", &qcom_impl },
	{ "qcom,sm6125-smmu-500", &qcom_impl },
	{ "qcom,sm6350-smmu-500", &qcom_impl },
	{ "qcom,sm6375-smmu-500", &qcom_impl },
	{ "qcom,sm8150-smmu-500", &qcom_impl },
	{ "qcom,sm8250-smmu-500", &qcom_impl },
	{ "qcom,sm8350-smmu-500", &qcom_impl },
	{ "qcom,sm8450-smmu-500", &qcom_impl },
	{ "qcom,sm8550-smmu-500", &qcom_impl },
	{ "nvidia,tegra186-smmu", &nvidia_impl },
	{ "nvidia,tegra194-smmu", &nvidia_impl },
	{ "nvidia,tegra234-smmu", &nvidia_impl },
	{ "marvell,ap806-smmu-500", &marvell_impl },
	{ NULL, NULL },
};

/*
 * arm-smmu-qcom.c:qcom_smmu_client_of_match: clients whose default domain
 * is identity (qcom_smmu_def_domain_type): display and modem subsystems the
 * bootloader left scanning out or running.
 */
static const char *const qcom_identity_clients[] = {
	"qcom,adreno",	      "qcom,adreno-gmu",     "qcom,mdp4",	    "qcom,mdss",
	"qcom,qcm2290-mdss",  "qcom,sar2130p-mdss",  "qcom,sc7180-mdss",    "qcom,sc7180-mss-pil",
	"qcom,sc7280-mdss",   "qcom,sc7280-mss-pil", "qcom,sc8180x-mdss",   "qcom,sc8280xp-mdss",
	"qcom,sdm670-mdss",   "qcom,sdm845-mdss",    "qcom,sdm845-mss-pil", "qcom,sm6115-mdss",
	"qcom,sm6350-mdss",   "qcom,sm6375-mdss",    "qcom,sm8150-mdss",    "qcom,sm8250-mdss",
	"qcom,x1e80100-mdss",
};

struct sme { /* a stream map entry: SMR + S2CR */
	uint16_t id, mask;
	unsigned int count;
	int group;
};

struct smmu_state {
	struct sme *smes;
	size_t n_smes, cap_smes;
};

struct master_cfg { /* arm_smmu_master_cfg: a device's stream-map indices */
	size_t n;
	int smendx[];
};

static struct smmu_state *state(struct sim_ctx *c, int iommu)
{
	if (!c->iommus[iommu].priv)
		c->iommus[iommu].priv = iot_xcalloc(1, sizeof(struct smmu_state));
	return c->iommus[iommu].priv;
}

static void smmu_free(struct sim_ctx *c, int iommu)
{
	struct smmu_state *u = c->iommus[iommu].priv;

	if (u)
		free(u->smes);
}

/* arm-smmu.c:arm_smmu_of_xlate: SMR id in bits 15:0, mask in 31:16 */
static int smmu_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	const struct iot_iommu *u = &c->t->iommus[iommu];
	uint32_t fwid = 0, mask = 0;
	bool has_mask = false;

	if (n > 0)
		fwid = args[0] & 0xffff;
	if (n > 1)
		mask = args[1], has_mask = true;
	else if (u->has_stream_match_mask && c->r->firmware == IOT_FW_DT)
		mask = u->stream_match_mask, has_mask = true; /* "stream-match-mask" */
	if (has_mask)
		fwid |= (mask & 0xffff) << 16;
	sim_fwspec_add_ids(c, s, &fwid, 1);
	return 0;
}

/* arm-smmu.c:arm_smmu_find_sme */
static int find_sme(struct smmu_state *u, uint16_t id, uint16_t mask)
{
	int free = -SIM_ENOSPC;

	for (size_t i = 0; i < u->n_smes; i++) {
		struct sme *e = &u->smes[i];

		if (!e->count) {
			if (free < 0)
				free = (int)i;
			continue;
		}
		if ((mask & e->mask) == mask && !((id ^ e->id) & ~e->mask))
			return (int)i; /* contained: share the entry */
		if (!((id ^ e->id) & ~(e->mask | mask)))
			return -SIM_EINVAL; /* partial overlap */
	}
	if (free < 0 && u->n_smes < SMMUV2_MAX_SMRS) {
		iot_grow((void **)&u->smes, &u->cap_smes, u->n_smes + 1, sizeof(*u->smes));
		free = (int)u->n_smes++;
		u->smes[free].count = 0;
	}
	return free;
}

/* arm-smmu.c:arm_smmu_master_free_smes */
static void smmu_release(struct sim_ctx *c, int s)
{
	struct master_cfg *cfg = c->dev_priv[s];
	struct smmu_state *u;

	if (!cfg)
		return;
	u = state(c, c->r->devs[s].iommu);
	for (size_t i = 0; i < cfg->n; i++) {
		int idx = cfg->smendx[i];

		if (idx >= 0 && (size_t)idx < u->n_smes && u->smes[idx].count &&
		    !--u->smes[idx].count)
			u->smes[idx].group = -1;
	}
	free(cfg);
	c->dev_priv[s] = NULL;
}

/* arm-smmu.c:arm_smmu_probe_device -> arm_smmu_master_alloc_smes */
static int smmu_probe(struct sim_ctx *c, int s)
{
	struct iot_sim_dev *d = &c->r->devs[s];
	struct smmu_state *u = state(c, d->iommu);
	const uint32_t *ids = sim_ids(c, s);
	struct master_cfg *cfg;

	free(c->dev_priv[s]);
	cfg = iot_xmalloc(sizeof(*cfg) + (d->n_ids + 1) * sizeof(int));
	cfg->n = d->n_ids;
	for (size_t i = 0; i < d->n_ids; i++)
		cfg->smendx[i] = -1;
	c->dev_priv[s] = cfg;
	for (size_t i = 0; i < d->n_ids; i++) {
		uint16_t sid = ids[i] & 0xffff, mask = ids[i] >> 16;
		int idx = find_sme(u, sid, mask);

		if (idx < 0) {
			sim_why(c, s, "stream 0x%x mask 0x%x: %s (arm_smmu_find_sme)", sid, mask,
				idx == -SIM_EINVAL ? "partially overlaps an existing SMR, -EINVAL" :
						     "no free stream mapping group, -ENOSPC");
			smmu_release(c, s);
			return idx;
		}
		if (!u->smes[idx].count) {
			u->smes[idx].id = sid;
			u->smes[idx].mask = mask;
			u->smes[idx].group = -1;
		} else {
			sim_why(c, s, "stream 0x%x mask 0x%x shares SMR %d (id 0x%x mask 0x%x)",
				sid, mask, idx, u->smes[idx].id, u->smes[idx].mask);
		}
		u->smes[idx].count++;
		cfg->smendx[i] = idx;
	}
	return 0;
}

/* arm-smmu.c:arm_smmu_device_group: the LAST stream-map entry's group decides */
static int smmu_group(struct sim_ctx *c, int s)
{
	struct iot_sim_dev *d = &c->r->devs[s];
	struct smmu_state *u = state(c, d->iommu);
	struct master_cfg *cfg = c->dev_priv[s];
	int group = -1, g;

	for (size_t i = 0; i < cfg->n; i++) {
		g = u->smes[cfg->smendx[i]].group;
		if (g >= 0 && c->r->groups[g].first < 0 && c->r->groups[g].n == 0)
			g = -1; /* released with its instance */
		if (group >= 0 && g >= 0 && group != g) {
			sim_why(c, s, "stream-map entries carry different groups: -EINVAL");
			return -SIM_EINVAL;
		}
		group = g;
	}
	if (group >= 0) {
		sim_why(c, s, "joins group %d recorded on its last stream-map entry",
			c->r->groups[group].id);
		return group;
	}
	/* pci_device_group, fsl_mc_device_group or generic_device_group */
	group = sim_bus_device_group(c, s);
	if (group < 0)
		return group;
	for (size_t i = 0; i < cfg->n; i++)
		u->smes[cfg->smendx[i]].group = group;
	return group;
}

/* arm-smmu.c:arm_smmu_def_domain_type -> impl->def_domain_type */
static enum iot_domain_type smmu_def_domain_type(struct sim_ctx *c, int s, const char **why)
{
	const struct arm_smmu_impl *impl = c->iommus[c->r->devs[s].iommu].match_data;
	const struct iot_platdev *pd;

	if (!impl || !impl->identity_clients || c->r->devs[s].is_pci)
		return IOT_DOMAIN_NONE;
	pd = &c->t->platdevs[c->r->devs[s].idx];
	for (size_t i = 0; i < IOT_ARRAY_SIZE(qcom_identity_clients); i++)
		if (iot_compat_has(&pd->compatible, qcom_identity_clients[i])) {
			sim_why(c, s,
				"%s is a listed client of the qcom implementation: identity "
				"default domain (arm-smmu-qcom.c:qcom_smmu_def_domain_type)",
				qcom_identity_clients[i]);
			*why = "a listed client of the qcom implementation: identity "
			       "(arm-smmu-qcom.c:qcom_smmu_def_domain_type)";
			return IOT_DOMAIN_IDENTITY;
		}
	return IOT_DOMAIN_NONE;
}

static void smmu_unregister(struct sim_ctx *c, int iommu)
{
	state(c, iommu)->n_smes = 0;
}

const struct sim_driver sim_arm_smmu_driver = {
	.name = "arm-smmu",
	.source = "drivers/iommu/arm/arm-smmu/arm-smmu.c",
	.kconfig = "ARM_SMMU",
	.of_match = arm_smmu_of_match,
	.cells_min = 1,
	.cells_max = 2,
	.family = IOT_FAMILY_ARM_SMMU,
	.deferred_flush = true,
	/* CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y: unmatched streams fault */
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	.free_instance = smmu_free,
	.of_xlate = smmu_of_xlate,
	.probe_device = smmu_probe,
	.device_group = smmu_group,
	.release_device = smmu_release,
	.def_domain_type = smmu_def_domain_type,
	.unregister = smmu_unregister,
};
