// SPDX-License-Identifier: MIT
/*
 * PCI side of grouping: DMA aliases, ACS, the quirk tables and
 * pci_device_group(), mirroring drivers/pci/search.c, drivers/pci/pci.c,
 * drivers/pci/quirks.c and drivers/iommu/iommu.c.
 */
#include <string.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

struct id_range {
	uint16_t vendor;
	uint16_t lo, hi; /* device ID range, inclusive */
};

/* quirks.c:pci_quirk_mf_endpoint_acs: functions do no peer-to-peer among themselves */
static const struct id_range mf_endpoint_acs[] = {
	{ 0x1924, 0x0903, 0x0903 }, { 0x1924, 0x0923, 0x0923 }, { 0x1924, 0x0a03, 0x0a03 },
	{ 0x8086, 0x10c6, 0x10c6 }, { 0x8086, 0x10db, 0x10db }, { 0x8086, 0x10dd, 0x10dd },
	{ 0x8086, 0x10e1, 0x10e1 }, { 0x8086, 0x10f1, 0x10f1 }, { 0x8086, 0x10f7, 0x10fc },
	{ 0x8086, 0x1507, 0x1507 }, { 0x8086, 0x1514, 0x1514 }, { 0x8086, 0x151c, 0x151c },
	{ 0x8086, 0x1529, 0x152a }, { 0x8086, 0x154d, 0x154d }, { 0x8086, 0x154f, 0x154f },
	{ 0x8086, 0x1551, 0x1551 }, { 0x8086, 0x1558, 0x1558 }, { 0x8086, 0x1560, 0x1560 },
	{ 0x8086, 0x1563, 0x1563 }, { 0x8086, 0x1521, 0x1524 }, { 0x8086, 0x10c9, 0x10c9 },
	{ 0x8086, 0x10e6, 0x10e8 }, { 0x8086, 0x150a, 0x150a }, { 0x8086, 0x150d, 0x150d },
	{ 0x8086, 0x1518, 0x1518 }, { 0x8086, 0x1526, 0x1526 }, { 0x8086, 0x1572, 0x1572 },
	{ 0x8086, 0x1574, 0x1574 }, { 0x8086, 0x1580, 0x158b }, { 0x8086, 0x37d0, 0x37d3 },
	{ 0x8086, 0x15b7, 0x15b9 }, { 0x8086, 0x15d6, 0x15d8 }, { 0x8086, 0x15e3, 0x15e3 },
	{ 0x19a2, 0x0710, 0x0710 }, { 0x10df, 0x0720, 0x0720 }, { 0x177d, 0xa026, 0xa026 },
	{ 0x177d, 0xa059, 0xa060 }, { 0x19e5, 0x0200, 0x0200 }, { 0x19e5, 0x1822, 0x1822 },
	{ 0x14e4, 0x16d7, 0x16d7 }, { 0x14e4, 0x1750, 0x1752 }, { 0x1d17, 0x3038, 0x3038 },
};

/* Root ports whose vendor quirk says they isolate (quirks.c:pci_dev_acs_enabled[]) */
static const struct id_range rp_acs[] = {
	{ 0x17cb, 0x0400, 0x0401 }, { 0x17cb, 0x0115, 0x0115 }, /* pci_quirk_qcom_rp_acs */
	{ 0x1dbf, 0x0401, 0x0401 }, /* HXT */
	{ 0x10e8, 0xe004, 0xe004 }, { 0x1def, 0xe005, 0xe00f }, /* pci_quirk_xgene_acs */
	{ 0x14e4, 0xd714, 0xd714 }, /* pci_quirk_brcm_acs */
	{ 0x1d0f, 0x0031, 0x0031 }, /* pci_quirk_al_acs */
	{ 0x177d, 0xa000, 0xa0ff }, /* pci_quirk_cavium_acs */
};

/*
 * quirks.c:pci_quirk_intel_pch_acs (subset of pci_quirk_intel_pch_acs_ids):
 * isolating only if pci_enable_acs ran its enable quirk, i.e. ACS had been
 * requested when the port was added (PCI_DEV_FLAGS_ACS_ENABLED_QUIRK).
 */
static const struct id_range intel_pch_rp[] = {
	{ 0x8086, 0x1c10, 0x1c1f }, { 0x8086, 0x1e10, 0x1e1f }, { 0x8086, 0x8c10, 0x8c1f },
	{ 0x8086, 0x9c10, 0x9c1f }, { 0x8086, 0x8d10, 0x8d1f }, { 0x8086, 0x9c90, 0x9c9f },
};

/* quirks.c:quirk_dma_func0_alias */
static const struct id_range dma_func0[] = {
	{ 0x1180, 0xe832, 0xe832 },
	{ 0x1180, 0xe476, 0xe476 },
};

/* quirks.c:quirk_dma_func1_alias */
static const struct id_range dma_func1[] = {
	{ 0x1b4b, 0x9120, 0x9120 }, { 0x1b4b, 0x9123, 0x9123 }, { 0x1b4b, 0x9125, 0x9125 },
	{ 0x1b4b, 0x9128, 0x9128 }, { 0x1b4b, 0x9130, 0x9130 }, { 0x1b4b, 0x9170, 0x9170 },
	{ 0x1b4b, 0x9172, 0x9172 }, { 0x1b4b, 0x917a, 0x917a }, { 0x1b4b, 0x9182, 0x9183 },
	{ 0x1b4b, 0x91a0, 0x91a0 }, { 0x1b4b, 0x9215, 0x9215 }, { 0x1b4b, 0x9220, 0x9220 },
	{ 0x1b4b, 0x9230, 0x9230 }, { 0x1b4b, 0x9235, 0x9235 }, { 0x1103, 0x0642, 0x0642 },
	{ 0x1103, 0x0645, 0x0645 }, { 0x197b, 0x2394, 0x2394 },
};

/* quirks.c:quirk_use_pcie_bridge_dma_alias */
static const struct id_range pcie_bridge_alias[] = {
	{ 0x1b21, 0x1080, 0x1080 },
	{ 0x10e3, 0x8113, 0x8113 },
	{ 0x1283, 0x8892, 0x8893 },
	{ 0x8086, 0x244e, 0x244e },
};

/* quirks.c:quirk_plx_ntb_dma_alias: every devfn of its bus */
static const struct id_range plx_ntb[] = {
	{ 0x10b5, 0x87b0, 0x87b1 },
};

/* quirks.c:quirk_bridge_cavm_thrx2_pcie_root */
static const struct id_range xlate_root[] = {
	{ 0x14e4, 0x9000, 0x9000 },
	{ 0x14e4, 0x9084, 0x9084 },
};

static bool id_in(const struct iot_pci_dev *p, const struct id_range *t, size_t n)
{
	if (!p->has_ids)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p->vendor == t[i].vendor && p->device >= t[i].lo && p->device <= t[i].hi)
			return true;
	return false;
}

#define ID_IN(p, t) id_in((p), (t), IOT_ARRAY_SIZE(t))

static void alias_mask_set(struct sim_ctx *c, int s, unsigned int devfn)
{
	if (c->alias_mask_idx[s] < 0) {
		iot_grow((void **)&c->alias_masks, &c->cap_alias_masks, c->n_alias_masks + 1,
			 sizeof(*c->alias_masks));
		c->alias_mask_idx[s] = (int)c->n_alias_masks++;
		memset(c->alias_masks[c->alias_mask_idx[s]], 0, sizeof(c->alias_masks[0]));
	}
	c->alias_masks[c->alias_mask_idx[s]][devfn >> 5] |= 1u << (devfn & 31);
	c->pflags[s] |= SIM_PCI_ALIAS_MASK;
}

void sim_pci_add_dma_alias(struct sim_ctx *c, int s, unsigned int devfn)
{
	alias_mask_set(c, s, devfn & 0xff);
}

/* Header fixups that change DMA aliasing or ACS (quirks.c), applied at device_add. */
void sim_pci_quirks(struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	int par = c->r->devs[s].parent;

	c->acs_quirk[s] = -1;
	if (ID_IN(p, mf_endpoint_acs))
		c->acs_quirk[s] = 1;
	else if (p->has_ids && p->vendor == 0x8086 && p->type == IOT_PCI_RCIEP)
		c->acs_quirk[s] = 1; /* quirks.c:pci_quirk_rciep_acs */
	else if (p->type == IOT_PCI_ROOT_PORT && ID_IN(p, rp_acs))
		c->acs_quirk[s] = 1;
	else if (ID_IN(p, intel_pch_rp))
		c->acs_quirk[s] = 2;

	if (ID_IN(p, dma_func0) && (p->devfn & 7))
		alias_mask_set(c, s, p->devfn & ~7u);
	if (ID_IN(p, dma_func1) && (p->devfn & 7) != 1)
		alias_mask_set(c, s, (p->devfn & ~7u) | 1);
	if (ID_IN(p, plx_ntb))
		for (unsigned int i = 0; i < 256; i++)
			alias_mask_set(c, s, i);
	if (ID_IN(p, xlate_root))
		c->pflags[s] |= SIM_PCI_XLATE_ROOT;
	/*
	 * quirk_use_pcie_bridge_dma_alias: only a conventional bridge whose
	 * parent is PCIe and not itself a PCIe-to-PCI bridge.
	 */
	if (ID_IN(p, pcie_bridge_alias) && !iot_pci_type_is_pcie(p->type) && par >= 0) {
		const struct iot_pci_dev *pp = sim_pci(c, par);

		if (iot_pci_type_is_pcie(pp->type) && pp->type != IOT_PCI_PCIE_TO_PCI_BRIDGE)
			c->pflags[s] |= SIM_PCI_BRIDGE_ALIAS;
	}
	/* probe.c:pci_scan_slot: every function > 0 is multifunction; VFs are not */
	if (!p->is_vf && (p->multifunction || (p->devfn & 7)))
		c->pflags[s] |= SIM_PCI_MF;
}

bool sim_pci_is_mf(const struct sim_ctx *c, int s)
{
	return c->pflags[s] & SIM_PCI_MF;
}

static bool alias_mask_test(const struct sim_ctx *c, int s, unsigned int devfn)
{
	int i = c->alias_mask_idx[s];

	return i >= 0 && (c->alias_masks[i][devfn >> 5] & (1u << (devfn & 31)));
}

/* pci.c:pci_acs_flags_enabled: bits the hardware lacks count as satisfied */
static bool acs_flags_enabled(const struct sim_ctx *c, int s, uint16_t f)
{
	const struct iot_pci_dev *p = sim_pci(c, s);

	if (!p->has_acs)
		return false;
	f &= (p->acs_cap | IOT_ACS_EC);
	return (c->r->devs[s].acs_ctrl & f) == f;
}

/* pci.c:pci_acs_enabled */
bool sim_pci_acs_enabled(struct sim_ctx *c, int s, uint16_t flags)
{
	const struct iot_pci_dev *p = sim_pci(c, s);

	/* quirks.c:pci_dev_specific_acs_enabled */
	if (c->acs_quirk[s] == 2)
		return c->acs_requested_at_add[s];
	if (c->acs_quirk[s] >= 0)
		return c->acs_quirk[s] > 0;
	if (!iot_pci_type_is_pcie(p->type))
		return false; /* conventional PCI never isolates */
	switch (p->type) {
	case IOT_PCI_PCIE_TO_PCI_BRIDGE:
	case IOT_PCI_PCI_TO_PCIE_BRIDGE:
	case IOT_PCI_RCEC:
		return false;
	case IOT_PCI_DOWNSTREAM_PORT:
	case IOT_PCI_ROOT_PORT:
		return acs_flags_enabled(c, s, flags);
	case IOT_PCI_ENDPOINT:
	case IOT_PCI_UPSTREAM_PORT:
	case IOT_PCI_LEGACY_ENDPOINT:
	case IOT_PCI_RCIEP:
		if (!sim_pci_is_mf(c, s))
			return true;
		return acs_flags_enabled(c, s, flags);
	default:
		return true;
	}
}

/* pci.c:pci_acs_path_enabled(start, NULL, REQ_ACS_FLAGS), memoised per device */
static bool acs_path_enabled(struct sim_ctx *c, int s)
{
	int p = s, top;
	bool ok = true;

	/* find the first device on the path with a known answer, iteratively */
	while (p >= 0 && c->r->devs[p].acs_path_memo < 0) {
		if (!sim_pci_acs_enabled(c, p, SIM_REQ_ACS_FLAGS)) {
			c->r->devs[p].acs_path_memo = 0;
			break;
		}
		p = c->r->devs[p].parent;
	}
	ok = p < 0 ? true : c->r->devs[p].acs_path_memo == 1;
	/* fill the memo from s up to p */
	for (top = s; top != p && top >= 0; top = c->r->devs[top].parent)
		c->r->devs[top].acs_path_memo = ok;
	return ok;
}

/* search.c:pci_for_each_dma_alias */
int sim_pci_for_each_dma_alias(struct sim_ctx *c, int s, sim_alias_fn fn, void *arg)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	int ret, b;

	ret = fn(c, s, iot_rid(p->bus, p->devfn), arg);
	if (ret)
		return ret;
	if (c->pflags[s] & SIM_PCI_ALIAS_MASK)
		for (unsigned int devfn = 0; devfn < 256; devfn++) {
			if (!alias_mask_test(c, s, devfn))
				continue;
			ret = fn(c, s, iot_rid(p->bus, (uint8_t)devfn), arg);
			if (ret)
				return ret;
		}
	for (b = c->r->devs[s].parent; b >= 0; b = c->r->devs[b].parent) {
		const struct iot_pci_dev *t = sim_pci(c, b);

		if (c->pflags[b] & SIM_PCI_XLATE_ROOT)
			return 0;
		switch (t->type) {
		case IOT_PCI_ROOT_PORT:
		case IOT_PCI_UPSTREAM_PORT:
		case IOT_PCI_DOWNSTREAM_PORT:
			continue;
		case IOT_PCI_PCIE_TO_PCI_BRIDGE:
			ret = fn(c, b, iot_rid(t->secondary, 0), arg);
			break;
		case IOT_PCI_PCI_TO_PCIE_BRIDGE:
			ret = fn(c, b, iot_rid(t->bus, t->devfn), arg);
			break;
		default: /* conventional bridge */
			if (c->pflags[b] & SIM_PCI_BRIDGE_ALIAS)
				ret = fn(c, b, iot_rid(t->secondary, 0), arg);
			else
				ret = fn(c, b, iot_rid(t->bus, t->devfn), arg);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * QEMU's requester ID for a device (hw/pci/pci.c:pci_device_get_iommu_bus_devfn):
 * walking up, every conventional bus replaces the requester by (bus, 00.0)
 * behind a PCIe-to-PCI bridge, or by the conventional bridge's own RID.
 */
int sim_qemu_alias_rid(const struct sim_ctx *c, int s)
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

struct first_group {
	int last;
};

static int alias_group_cb(struct sim_ctx *c, int p, uint16_t rid, void *arg)
{
	struct first_group *fg = arg;

	(void)rid;
	fg->last = p;
	return c->r->devs[p].group >= 0;
}

/* pci_devs_are_dma_aliases: via dma_alias_mask (pci_real_dma_dev is not modelled) */
static bool devs_are_dma_aliases(const struct sim_ctx *c, int a, int b)
{
	return alias_mask_test(c, a, sim_pci(c, b)->devfn) ||
	       alias_mask_test(c, b, sim_pci(c, a)->devfn);
}

static int get_pci_function_alias_group(struct sim_ctx *c, int p, uint32_t *seen);

/* iommu.c:get_pci_alias_group */
static int get_pci_alias_group(struct sim_ctx *c, int p, uint32_t *seen)
{
	unsigned int devfn = sim_pci(c, p)->devfn;
	int g;

	if (seen[devfn >> 5] & (1u << (devfn & 31)))
		return -1;
	seen[devfn >> 5] |= 1u << (devfn & 31);
	if (c->r->devs[p].group >= 0)
		return c->r->devs[p].group;
	if (!c->n_alias_masks)
		return -1; /* nothing on any bus can alias */
	for (int i = c->sib_lo[p]; i < c->sib_hi[p]; i++) {
		int t = c->sib[i];

		if (t == p || !devs_are_dma_aliases(c, p, t))
			continue;
		g = get_pci_alias_group(c, t, seen);
		if (g >= 0)
			return g;
		g = get_pci_function_alias_group(c, t, seen);
		if (g >= 0)
			return g;
	}
	return -1;
}

/* iommu.c:get_pci_function_alias_group: same slot, both without isolating ACS */
static int get_pci_function_alias_group(struct sim_ctx *c, int p, uint32_t *seen)
{
	unsigned int slot = sim_pci(c, p)->devfn >> 3;
	int lo = c->sib_lo[p], hi = c->sib_hi[p], i, g;

	if (!sim_pci_is_mf(c, p) || sim_pci_acs_enabled(c, p, SIM_REQ_ACS_FLAGS))
		return -1;
	/* siblings are sorted by devfn: binary search for the slot's function 0 */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if ((sim_pci(c, c->sib[mid])->devfn >> 3) < slot)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < c->sib_hi[p] && (sim_pci(c, c->sib[i])->devfn >> 3) == slot; i++) {
		int t = c->sib[i];

		if (t == p || sim_pci_acs_enabled(c, t, SIM_REQ_ACS_FLAGS))
			continue;
		g = get_pci_alias_group(c, t, seen);
		if (g >= 0) {
			sim_why(c, c->subject, "multifunction without ACS: joins function %s",
				c->r->devs[t].name);
			return g;
		}
	}
	return -1;
}

/* iommu.c:pci_device_group */
int sim_pci_device_group(struct sim_ctx *c, int s)
{
	struct first_group fg = { .last = s };
	uint32_t seen[8] = { 0 };
	int p, g;

	c->subject = s;
	if (sim_pci_for_each_dma_alias(c, s, alias_group_cb, &fg)) {
		if (fg.last != s)
			sim_why(c, s, "DMA alias %s already has group %d: joins it",
				c->r->devs[fg.last].name,
				c->r->groups[c->r->devs[fg.last].group].id);
		return c->r->devs[fg.last].group;
	}
	p = fg.last;
	if (p != s)
		sim_why(c, s, "DMA alias through bridge %s (no group yet)", c->r->devs[p].name);
	/* climb until the path to the root is ACS-isolated */
	for (int b = c->r->devs[p].parent; b >= 0; b = c->r->devs[b].parent) {
		if (acs_path_enabled(c, b))
			break;
		sim_why(c, s, "ACS not enabled on the path at %s", c->r->devs[b].name);
		p = b;
		if (c->r->devs[p].group >= 0) {
			sim_why(c, s, "joins %s's group %d", c->r->devs[p].name,
				c->r->groups[c->r->devs[p].group].id);
			return c->r->devs[p].group;
		}
	}
	g = get_pci_alias_group(c, p, seen);
	if (g >= 0)
		return g;
	g = get_pci_function_alias_group(c, p, seen);
	if (g >= 0)
		return g;
	return sim_group_alloc(c, c->r->devs[s].iommu);
}
