// SPDX-License-Identifier: MIT
/*
 * PCI side of grouping: ACS as the simulated boot left it and
 * pci_device_group(), mirroring drivers/pci/pci.c and drivers/iommu/iommu.c;
 * the DMA-alias walk and the quirk tables are the kernel layer's
 * (kernel/pci.h).
 */
#include <stdio.h>
#include <string.h>

#include "kernel/pci.h"
#include "kernel/pci_quirks.h"
#include "sim/sim_priv.h"

static struct iot_pci_quirks *quirks_of(const struct sim_ctx *c, int s)
{
	return &c->quirks[c->r->devs[s].root];
}

void sim_pci_add_dma_alias(struct sim_ctx *c, int s, unsigned int devfn)
{
	iot_pci_add_dma_alias(quirks_of(c, s), (size_t)c->r->devs[s].idx, devfn);
	c->any_alias_mask = true;
}

/* What the kernel's header fixups did, and multifunction as Linux sees it. */
void sim_pci_quirks(struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p = sim_pci(c, s);

	if (quirks_of(c, s)->flags[c->r->devs[s].idx] & IOT_PCI_QF_ALIAS_MASK)
		c->any_alias_mask = true;
	/* probe.c:pci_scan_slot: every function > 0 is multifunction; VFs are not */
	if (!p->is_vf && (p->multifunction || (p->devfn & 7)))
		c->pflags[s] |= SIM_PCI_MF;
}

bool sim_pci_is_mf(const struct sim_ctx *c, int s)
{
	return c->pflags[s] & SIM_PCI_MF;
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

	int8_t quirk = quirks_of(c, s)->acs[c->r->devs[s].idx];

	/* quirks.c:pci_dev_specific_acs_enabled */
	if (quirk == IOT_ACS_QUIRK_INTEL_PCH)
		return c->acs_requested_at_add[s];
	if (quirk != IOT_ACS_QUIRK_NONE)
		return quirk == IOT_ACS_QUIRK_YES;
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
	const struct iot_pci_quirks *q = quirks_of(c, s);
	const struct iot_kquirk *row = q->acs_row ? q->acs_row[c->r->devs[s].idx] : NULL;

	if (!row)
		return "";
	snprintf(buf, n, " (quirks.c:%s)", iot_kquirk_hook_name((enum iot_kquirk_hook)row->hook));
	return buf;
}

/* The device on @b's path to the root whose ACS answer was no (for --explain). */
static int acs_path_stop(struct sim_ctx *c, int b)
{
	for (int p = b; p >= 0; p = c->r->devs[p].parent)
		if (!sim_pci_acs_enabled(c, p, SIM_REQ_ACS_FLAGS))
			return p;
	return b;
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

struct alias_walk {
	struct sim_ctx *c;
	int root;
	sim_alias_fn fn;
	void *arg;
};

static int alias_walk_cb(size_t dev, uint16_t rid, void *arg)
{
	struct alias_walk *w = arg;

	return w->fn(w->c, w->c->pci_sim[w->root][dev], rid, w->arg);
}

/* search.c:pci_for_each_dma_alias, from the kernel layer, over sim indices */
int sim_pci_for_each_dma_alias(struct sim_ctx *c, int s, sim_alias_fn fn, void *arg)
{
	struct alias_walk w = { c, c->r->devs[s].root, fn, arg };

	return iot_pci_for_each_dma_alias(quirks_of(c, s), (size_t)c->r->devs[s].idx, alias_walk_cb,
					  &w);
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

/* pci.c:pci_devs_are_dma_aliases (pci_real_dma_dev is not modelled) */
static bool devs_are_dma_aliases(const struct sim_ctx *c, int a, int b)
{
	return iot_pci_devs_are_dma_aliases(quirks_of(c, a), (size_t)c->r->devs[a].idx,
					    (size_t)c->r->devs[b].idx);
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
	if (!c->any_alias_mask)
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
