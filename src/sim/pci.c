// SPDX-License-Identifier: MIT
/*
 * PCI side of grouping: DMA aliases, ACS, the quirk tables and
 * pci_device_group(), mirroring drivers/pci/search.c, drivers/pci/pci.c,
 * drivers/pci/quirks.c and drivers/iommu/iommu.c.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/pci_quirks.h"

#include "sim/sim_priv.h"
#include "util/mem.h"

static void quirk_env(const struct sim_ctx *c, struct iot_kpci_env *e)
{
	memset(e, 0, sizeof(*e));
	e->tree = iot_kquirk_tree(c->k->major, c->k->minor);
	/* quirks.c:pci_quirk_amd_sb_acs asks acpi_get_table("IVRS") */
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (c->t->iommus[i].model == IOT_IOMMU_AMD_VI && c->t->iommus[i].x86.ivhd_type)
			e->ivrs = true;
}

/* The struct pci_dev fields the quirk matchers read. */
static void kpci_dev_init(struct sim_ctx *c, int s, struct iot_kpci_dev *k)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	int par = c->r->devs[s].parent;

	memset(k, 0, sizeof(*k));
	k->vendor = p->has_ids ? p->vendor : 0xffff;
	k->device = p->has_ids ? p->device : 0xffff;
	k->subvendor = p->subsystem_vendor;
	k->subdevice = p->subsystem_device;
	k->class_code = p->class_code;
	k->devfn = p->devfn;
	k->type = p->type;
	/* probe.c:pci_scan_slot: every function > 0 is multifunction; VFs are not */
	k->multifunction = !p->is_vf && (p->multifunction || (p->devfn & 7));
	k->root_bus = par < 0;
	k->bridge_header = iot_pci_type_is_bridge(p->type);
	if (par >= 0) {
		k->parent_pcie = iot_pci_type_is_pcie(sim_pci(c, par)->type);
		k->parent_type = sim_pci(c, par)->type;
	}
	k->has_acs = p->has_acs;
	k->acs_cap = p->acs_cap;
	k->untrusted = p->external_facing || c->r->devs[s].untrusted;
}

/* quirks.c:pci_disable_broken_acs_cap, from pci.c:pci_acs_init */
static uint16_t acs_capabilities(const struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	struct iot_kpci_env e;

	quirk_env(c, &e);
	for (size_t i = 0; i < iot_kquirk_table_n; i++) {
		const struct iot_kquirk *q = &iot_kquirk_table[i];

		if (q->kind == IOT_KQK_ACS_CAP && (q->trees & e.tree) && p->has_ids &&
		    q->vendor == p->vendor && q->device == p->device)
			return p->acs_cap & (uint16_t)~IOT_ACS_SV;
	}
	return p->acs_cap;
}

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

static void why_quirk(struct sim_ctx *c, int s, const struct iot_kquirk *q, const char *what)
{
	sim_why(c, s, "quirks.c:%s (%04x:%04x): %s", iot_kquirk_hook_name(q->hook),
		sim_pci(c, s)->vendor, sim_pci(c, s)->device, what);
}

/* Header fixups that change DMA aliasing or bridge flags (quirks.c), applied at device_add. */
void sim_pci_quirks(struct sim_ctx *c, int s)
{
	struct iot_kpci_env e;
	struct iot_kpci_fixups f;

	quirk_env(c, &e);
	kpci_dev_init(c, s, &c->kdev[s]);
	c->kdev[s].acs_cap = acs_capabilities(c, s);
	c->acs_hit[s] = NULL;
	if (!sim_pci(c, s)->has_ids)
		return;
	iot_kpci_header_fixups(&c->kdev[s], &e, &f);
	for (unsigned int devfn = 0; f.has_alias && devfn < 256; devfn++)
		if (f.alias_mask[devfn >> 5] & (1u << (devfn & 31)))
			alias_mask_set(c, s, devfn);
	if (f.flags & IOT_KPCI_XLATE_ROOT)
		c->pflags[s] |= SIM_PCI_XLATE_ROOT;
	if (f.flags & IOT_KPCI_PCIE_BRIDGE_ALIAS)
		c->pflags[s] |= SIM_PCI_BRIDGE_ALIAS;
	if (f.flags & IOT_KPCI_BRIDGE_NO_ALIAS)
		c->pflags[s] |= SIM_PCI_BRIDGE_NO_ALIAS;
	for (size_t i = 0; i < f.n_hits; i++)
		why_quirk(c, s, f.hits[i],
			  f.hits[i]->hook == IOT_KQH_XLATE_ROOT ?
				  "DMA aliases stop at this bridge" :
			  f.hits[i]->hook == IOT_KQH_PCIE_BRIDGE_ALIAS ?
				  "aliases as a PCIe-to-PCI bridge" :
			  f.hits[i]->hook == IOT_KQH_BRIDGE_NO_ALIAS ?
				  "forwards requester IDs unchanged" :
				  "adds DMA aliases");
	if (f.unmodelled)
		why_quirk(c, s, f.unmodelled,
			  "its proxy-ID aliases come from the NTB's BAR 0 tables, which "
			  "iotopo cannot read: not predicted");
	if (sim_pci(c, s)->has_acs && c->kdev[s].acs_cap != sim_pci(c, s)->acs_cap)
		sim_why(c, s, "quirks.c:pci_disable_broken_acs_cap: ACS SV ignored");
	/* probe.c:pci_scan_slot: every function > 0 is multifunction; VFs are not */
	if (c->kdev[s].multifunction)
		c->pflags[s] |= SIM_PCI_MF;
}

/*
 * pci.c:pci_enable_acs -> quirks.c:pci_dev_specific_enable_acs, when ACS
 * was requested before the device was added: true if a quirk did the
 * enabling (the standard enable is then skipped).
 */
bool sim_pci_enable_acs_quirk(struct sim_ctx *c, int s)
{
	struct iot_kpci_env e;
	const struct iot_kquirk *q = NULL;

	if (!sim_pci(c, s)->has_ids)
		return false;
	quirk_env(c, &e);
	c->kdev[s].untrusted = sim_pci(c, s)->external_facing || c->r->devs[s].untrusted;
	if (iot_kpci_enable_acs_quirk(&c->kdev[s], &e, &q) < 0)
		return false;
	why_quirk(c, s, q, "ACS enabled by the device-specific quirk");
	return true;
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
	f &= (c->kdev[s].acs_cap | IOT_ACS_EC);
	return (c->r->devs[s].acs_ctrl & f) == f;
}

/* pci.c:pci_acs_enabled */
bool sim_pci_acs_enabled(struct sim_ctx *c, int s, uint16_t flags)
{
	const struct iot_pci_dev *p = sim_pci(c, s);

	/* quirks.c:pci_dev_specific_acs_enabled */
	if (p->has_ids) {
		struct iot_kpci_env e;
		const struct iot_kquirk *q = NULL;
		int ret;

		quirk_env(c, &e);
		ret = iot_kpci_acs_enabled_quirk(&c->kdev[s], flags, &e, &q);
		if (ret >= 0) {
			c->acs_hit[s] = q;
			return ret > 0;
		}
	}
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

/* " (quirks.c:NAME)" when a quirk row decided @s's ACS answer, else "" */
static const char *acs_by(const struct sim_ctx *c, int s, char *buf, size_t n)
{
	if (!c->acs_hit[s])
		return "";
	snprintf(buf, n, " (quirks.c:%s)", iot_kquirk_hook_name(c->acs_hit[s]->hook));
	return buf;
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

/* The device on @b's path to the root whose ACS answer was no (for --explain). */
static int acs_path_stop(struct sim_ctx *c, int b)
{
	for (int p = b; p >= 0; p = c->r->devs[p].parent)
		if (!sim_pci_acs_enabled(c, p, SIM_REQ_ACS_FLAGS))
			return p;
	return b;
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
			/* quirks.c:quirk_aspeed_pci_bridge_no_alias (after 6.12) */
			if (c->pflags[b] & SIM_PCI_BRIDGE_NO_ALIAS)
				continue;
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
			char by[96];

			sim_why(c, c->subject, "multifunction without ACS%s: joins function %s",
				acs_by(c, p, by, sizeof(by)), c->r->devs[t].name);
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
	char by[96];
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
		sim_why(c, s, "ACS not enabled on the path at %s%s", c->r->devs[b].name,
			acs_by(c, c->o->explain ? acs_path_stop(c, b) : b, by, sizeof(by)));
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
