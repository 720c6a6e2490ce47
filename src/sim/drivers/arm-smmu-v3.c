// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c: one stream table per SMMU,
 * each StreamID owned by one master (arm_smmu_insert_master, whose answer
 * to a repeated StreamID is per kernel: docs/kernel-rules.md B2); groups
 * from pci_device_group or generic_device_group (arm_smmu_device_group).
 */
#include <stdlib.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

/* the instance's stream table: StreamID -> master */
static struct sim_hash *sids(struct sim_ctx *c, int iommu)
{
	if (!c->iommus[iommu].priv) {
		c->iommus[iommu].priv = iot_xcalloc(1, sizeof(struct sim_hash));
		/* about one StreamID per device its registration walk probes */
		if (c->walk_off)
			sim_hash_reserve(c->iommus[iommu].priv,
					 c->walk_off[iommu + 1] - c->walk_off[iommu]);
	}
	return c->iommus[iommu].priv;
}

static void smmuv3_free(struct sim_ctx *c, int iommu)
{
	if (c->iommus[iommu].priv)
		sim_hash_free(c->iommus[iommu].priv);
}

/* arm-smmu-v3.c:arm_smmu_remove_master */
static void smmuv3_release(struct sim_ctx *c, int s)
{
	const uint32_t *ids = sim_ids(c, s);
	int iommu = c->r->devs[s].iommu;

	for (size_t i = 0; i < c->r->devs[s].n_ids; i++)
		if (sim_hash_get(sids(c, iommu), sim_hash_key(iommu, ids[i])) == s)
			sim_hash_del(sids(c, iommu), sim_hash_key(iommu, ids[i]));
}

/* arm-smmu-v3.c:arm_smmu_probe_device -> arm_smmu_insert_master, per kernel (kernel-rules.md B2) */
static int smmuv3_probe(struct sim_ctx *c, int s)
{
	const uint32_t *ids = sim_ids(c, s);
	struct iot_sim_dev *d = &c->r->devs[s];
	int iommu = d->iommu;

	for (size_t i = 0; i < d->n_ids; i++) {
		uint64_t key = sim_hash_key(d->iommu, ids[i]);
		int owner = sim_hash_get(sids(c, iommu), key);

		if (owner < 0) {
			sim_hash_put(sids(c, iommu), key, s);
			continue;
		}
		if (owner == s) {
			if (c->k->smmuv3_dup_self_ok)
				continue; /* b00d24997a11: same master, skipped */
			sim_why(c, s,
				"StreamID 0x%x listed twice: \"stream %u already in tree\" "
				"(-EINVAL, arm_smmu_insert_master before b00d24997a11)",
				ids[i], ids[i]);
			smmuv3_release(c, s);
			return -SIM_EINVAL;
		}
		d->alias_owner = owner;
		smmuv3_release(c, s);
		if (!c->k->smmuv3_sid_tree && !c->r->passthrough) {
			sim_why(c, s,
				"StreamID 0x%x already live for %s: attaching a DMA domain hits "
				"BUG_ON(ste_live) in arm_smmu_write_strtab_ent (no SID tree before "
				"5.13): a kernel BUG, not a group",
				ids[i], c->r->devs[owner].name);
			iot_warning(c->d, NULL,
				    "%s: kernel %s would hit BUG_ON(ste_live) in "
				    "arm_smmu_write_strtab_ent: StreamID 0x%x is live for %s",
				    d->name, c->k->version, ids[i], c->r->devs[owner].name);
			return -SIM_EFAULT;
		}
		if (c->k->smmuv3_alias_enodev) {
			sim_why(c, s,
				"rejected alias: StreamID 0x%x already owned by %s "
				"(\"Aliasing StreamID unsupported\", -ENODEV, 2d00c34d665b)",
				ids[i], c->r->devs[owner].name);
			return -SIM_ENODEV;
		}
		sim_why(c, s, "rejected alias: StreamID 0x%x already in tree from %s (-EINVAL)",
			ids[i], c->r->devs[owner].name);
		return -SIM_EINVAL;
	}
	return 0;
}

/* iommu_device_unregister: the instance's stream table is gone */
static void smmuv3_unregister(struct sim_ctx *c, int iommu)
{
	smmuv3_free(c, iommu);
	free(c->iommus[iommu].priv);
	c->iommus[iommu].priv = NULL;
}

/* arm-smmu-v3.c:arm_smmu_def_domain_type (the rule lives in kernel/domain.c) */
static enum iot_domain_type smmuv3_def_domain_type(struct sim_ctx *c, int s, const char **why)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	struct iot_domain_dev dev = { .pci = d->is_pci ? sim_pci(c, s) : NULL };

	return iot_smmuv3_def_domain_type(c->k, &dev, why);
}

static const struct sim_of_match smmuv3_of_match[] = {
	{ "arm,smmu-v3", NULL },
	{ NULL, NULL },
};

const struct sim_driver sim_arm_smmu_v3_driver = {
	.name = "arm-smmu-v3",
	.source = "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c",
	.kconfig = "ARM_SMMU_V3",
	.of_match = smmuv3_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_ARM_SMMU_V3,
	.deferred_flush = true,
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED, /* STE abort */
	.free_instance = smmuv3_free,
	.probe_device = smmuv3_probe,
	.device_group = sim_bus_device_group, /* arm_smmu_device_group */
	.def_domain_type = smmuv3_def_domain_type,
	.release_device = smmuv3_release,
	.unregister = smmuv3_unregister,
};
