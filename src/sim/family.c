// SPDX-License-Identifier: MIT
/*
 * One ops row per IOMMU driver family: how it accepts a device's IDs
 * (probe_device) and how it forms groups (device_group), after
 * arm-smmu-v3.c, arm-smmu.c, virtio-iommu.c and intel/iommu.c.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

/* arm-smmu.c: MMU-500 and most SMMUv2 implement up to 128 stream mapping groups */
#define SMMUV2_MAX_SMRS 128

static uint64_t sid_key(int iommu, uint32_t sid)
{
	return (uint64_t)(uint32_t)iommu << 32 | sid;
}

/* --- hash: (IOMMU, ID) -> device ------------------------------------------ */

static size_t hash_slot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

int sim_hash_get(const struct sim_hash *h, uint64_t key)
{
	if (!h->cap)
		return -1;
	for (size_t i = hash_slot(key, h->cap);; i = (i + 1) & (h->cap - 1)) {
		if (h->keys[i] == UINT64_MAX)
			return -1;
		if (h->keys[i] == key)
			return h->vals[i];
	}
}

static void hash_grow(struct sim_hash *h)
{
	struct sim_hash n = { .cap = h->cap ? h->cap * 2 : 1024 };

	n.keys = iot_xmalloc(n.cap * sizeof(*n.keys));
	n.vals = iot_xmalloc(n.cap * sizeof(*n.vals));
	memset(n.keys, 0xff, n.cap * sizeof(*n.keys));
	for (size_t i = 0; i < h->cap; i++)
		if (h->keys[i] != UINT64_MAX && h->vals[i] >= 0)
			sim_hash_put(&n, h->keys[i], h->vals[i]);
	sim_hash_free(h);
	*h = n;
}

void sim_hash_put(struct sim_hash *h, uint64_t key, int val)
{
	size_t i;

	if ((h->n + 1) * 2 > h->cap)
		hash_grow(h);
	for (i = hash_slot(key, h->cap); h->keys[i] != UINT64_MAX; i = (i + 1) & (h->cap - 1))
		if (h->keys[i] == key) {
			h->vals[i] = val;
			return;
		}
	h->keys[i] = key;
	h->vals[i] = val;
	h->n++;
}

/* Deleted keys stay as tombstones (value -1) until the next grow. */
void sim_hash_del(struct sim_hash *h, uint64_t key)
{
	if (sim_hash_get(h, key) >= 0)
		sim_hash_put(h, key, -1);
}

void sim_hash_free(struct sim_hash *h)
{
	free(h->keys);
	free(h->vals);
	memset(h, 0, sizeof(*h));
}

/* --- arm-smmu-v3 ------------------------------------------------------------ */

static void smmuv3_release(struct sim_ctx *c, int s)
{
	const uint32_t *ids = sim_ids(c, s);
	int iommu = c->r->devs[s].iommu;

	for (size_t i = 0; i < c->r->devs[s].n_ids; i++)
		if (sim_hash_get(&c->sids, sid_key(iommu, ids[i])) == s)
			sim_hash_del(&c->sids, sid_key(iommu, ids[i]));
}

/* arm-smmu-v3.c:arm_smmu_probe_device -> arm_smmu_insert_master, per kernel (kernel-rules.md B2) */
static int smmuv3_probe(struct sim_ctx *c, int s)
{
	const uint32_t *ids = sim_ids(c, s);
	struct iot_sim_dev *d = &c->r->devs[s];

	for (size_t i = 0; i < d->n_ids; i++) {
		uint64_t key = sid_key(d->iommu, ids[i]);
		int owner = sim_hash_get(&c->sids, key);

		if (owner < 0) {
			sim_hash_put(&c->sids, key, s);
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

/* arm-smmu-v3.c:arm_smmu_device_group */
static int pci_or_generic_group(struct sim_ctx *c, int s)
{
	if (c->r->devs[s].is_pci)
		return sim_pci_device_group(c, s);
	return sim_group_alloc(c, c->r->devs[s].iommu); /* iommu.c:generic_device_group */
}

/* --- arm-smmu (v1/v2, MMU-500) ---------------------------------------------- */

/* arm-smmu.c:arm_smmu_find_sme */
static int smmuv2_find_sme(struct sim_iommu *u, uint16_t id, uint16_t mask)
{
	int free = -SIM_ENOSPC;

	for (size_t i = 0; i < u->n_smes; i++) {
		struct sim_sme *e = &u->smes[i];

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

static void smmuv2_release(struct sim_ctx *c, int s)
{
	struct sim_iommu *u = &c->iommus[c->r->devs[s].iommu];
	int off = c->smendx_off[s];

	if (off < 0)
		return;
	for (size_t i = 0; i < c->r->devs[s].n_ids; i++) {
		int idx = c->sme_idx[off + (int)i];

		if (idx >= 0 && (size_t)idx < u->n_smes && u->smes[idx].count &&
		    !--u->smes[idx].count)
			u->smes[idx].group = -1;
	}
	c->smendx_off[s] = -1;
}

/* arm-smmu.c:arm_smmu_probe_device -> arm_smmu_master_alloc_smes */
static int smmuv2_probe(struct sim_ctx *c, int s)
{
	struct iot_sim_dev *d = &c->r->devs[s];
	struct sim_iommu *u = &c->iommus[d->iommu];
	const uint32_t *ids = sim_ids(c, s);
	int off;

	iot_grow((void **)&c->sme_idx, &c->cap_sme_idx, c->n_sme_idx + d->n_ids, sizeof(int));
	off = (int)c->n_sme_idx;
	c->n_sme_idx += d->n_ids;
	for (size_t i = 0; i < d->n_ids; i++)
		c->sme_idx[off + (int)i] = -1;
	c->smendx_off[s] = off;
	for (size_t i = 0; i < d->n_ids; i++) {
		uint16_t sid = ids[i] & 0xffff, mask = ids[i] >> 16;
		int idx = smmuv2_find_sme(u, sid, mask);

		if (idx < 0) {
			sim_why(c, s, "stream 0x%x mask 0x%x: %s (arm_smmu_find_sme)", sid, mask,
				idx == -SIM_EINVAL ? "partially overlaps an existing SMR, -EINVAL" :
						     "no free stream mapping group, -ENOSPC");
			smmuv2_release(c, s);
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
		c->sme_idx[off + (int)i] = idx;
	}
	return 0;
}

/* arm-smmu.c:arm_smmu_device_group: the LAST stream-map entry's group decides */
static int smmuv2_group(struct sim_ctx *c, int s)
{
	struct iot_sim_dev *d = &c->r->devs[s];
	struct sim_iommu *u = &c->iommus[d->iommu];
	int off = c->smendx_off[s], group = -1, g;

	for (size_t i = 0; i < d->n_ids; i++) {
		g = u->smes[c->sme_idx[off + (int)i]].group;
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
	group = pci_or_generic_group(c, s);
	if (group < 0)
		return group;
	for (size_t i = 0; i < d->n_ids; i++)
		u->smes[c->sme_idx[off + (int)i]].group = group;
	return group;
}

/* --- virtio-iommu ----------------------------------------------------------- */

/*
 * QEMU's requester ID for a device (hw/pci/pci.c:pci_device_get_iommu_bus_devfn):
 * walking up, every conventional bus replaces the requester by (bus, 00.0)
 * behind a PCIe-to-PCI bridge, or by the conventional bridge's own RID.
 */
static int qemu_alias_rid(const struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	int rid = iot_rid(p->bus, p->devfn);

	for (int b = c->r->devs[s].parent; b >= 0; b = c->r->devs[b].parent) {
		const struct iot_pci_dev *t = sim_pci(c, b);

		if (t->type == IOT_PCI_PCIE_TO_PCI_BRIDGE)
			rid = iot_rid(t->secondary, 0);
		else if (t->type == IOT_PCI_PCI_BRIDGE)
			rid = iot_rid(t->bus, t->devfn);
	}
	return rid;
}

/*
 * virtio-iommu.c:viommu_probe_device -> viommu_probe_endpoint: a PROBE
 * request for fwspec->ids[0]; QEMU answers only for its own alias of the
 * device, else S_NOENT -> -ENOENT (kernel-rules.md B3).
 */
static int viommu_probe(struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p;
	int alias;

	if (!c->r->devs[s].is_pci)
		return 0;
	p = sim_pci(c, s);
	alias = qemu_alias_rid(c, s);
	if (alias != iot_rid(p->bus, p->devfn)) {
		sim_why(c, s,
			"virtio-iommu PROBE for endpoint of RID 0x%x fails: the host only knows "
			"its alias RID 0x%x (-ENOENT)",
			iot_rid(p->bus, p->devfn), alias);
		return -SIM_ENOENT;
	}
	return 0;
}

/* intel/iommu.c:intel_iommu_probe_device: coverage was decided by the DMAR (x86_iommu.c) */
static int x86_probe(struct sim_ctx *c, int s)
{
	(void)c;
	(void)s;
	return 0;
}

/*
 * IOT_IOMMU_OTHER: a DT IOMMU family with no driver model here yet.  Its
 * instances are never registered (probe.c), so this is only reached by
 * queries; a device it would translate is left without an IOMMU driver.
 */
static int other_probe(struct sim_ctx *c, int s)
{
	(void)c;
	(void)s;
	return -SIM_ENODEV;
}

static const struct sim_family_ops families[] = {
	[IOT_FAMILY_ARM_SMMU] = {
		.name = "arm-smmu",
		.probe_device = smmuv2_probe,
		.device_group = smmuv2_group,
		.release_device = smmuv2_release,
		.deferred_flush = true,
		/* CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y: unmatched streams fault */
		.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	},
	[IOT_FAMILY_ARM_SMMU_V3] = {
		.name = "arm-smmu-v3",
		.probe_device = smmuv3_probe,
		.device_group = pci_or_generic_group,
		.release_device = smmuv3_release,
		.deferred_flush = true,
		.unattached = IOT_VERDICT_UNMANAGED_BLOCKED, /* STE abort */
	},
	[IOT_FAMILY_VIRTIO] = {
		.name = "virtio-iommu",
		.probe_device = viommu_probe,
		.device_group = pci_or_generic_group,
		.deferred_flush = true,
		.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	},
	[IOT_FAMILY_INTEL] = {
		.name = "intel-iommu",
		.probe_device = x86_probe,
		.device_group = pci_or_generic_group,
		.deferred_flush = true,
		.null_fwnode = true,
		.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	},
	[IOT_FAMILY_OTHER] = {
		.name = "other",
		.probe_device = other_probe,
		.device_group = pci_or_generic_group,
		.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	},
	[IOT_FAMILY_AMD] = {
		.name = "amd-iommu",
		.probe_device = sim_x86_amd_probe,
		.device_group = pci_or_generic_group,
		.deferred_flush = true,
		.null_fwnode = true,
		.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	},
};

const struct sim_family_ops *sim_family_ops(enum iot_iommu_family f)
{
	return &families[f];
}

/* iommu_device_unregister: forget every SID and stream-map entry of the instance */
void sim_family_unregister(struct sim_ctx *c, int iommu)
{
	struct sim_iommu *u = &c->iommus[iommu];

	for (size_t i = 0; i < c->sids.cap; i++)
		if (c->sids.keys[i] != UINT64_MAX && (int)(c->sids.keys[i] >> 32) == iommu)
			c->sids.vals[i] = -1;
	u->n_smes = 0;
}
