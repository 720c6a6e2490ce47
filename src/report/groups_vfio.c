// SPDX-License-Identifier: MIT
/*
 * Can an IOMMU group be handed to a VM with VFIO, and if not, why: the
 * operator's question, answered from the simulation's groups (never by
 * grouping again) with the kernel's VFIO facts (src/kernel/vfio.h) and what
 * the running host uses each function for (sysfs: root filesystem, boot
 * display; model.h IOT_HOST_*).
 *
 * A group is claimable by VFIO when every member is unbound or bound to a
 * driver_managed_dma driver (iommu.c:iommu_group_claim_dma_owner); the VM
 * gets the members vfio-pci binds (header type 0), bridges stay with the
 * host.  The IOMMU core refuses VFIO's domain for a device firmware wants
 * identity-mapped (iommu.c:__iommu_device_set_domain, require_direct: IORT
 * RMR, DMAR RMRR, IVRS IVMD unity ranges).
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/vfio.h"
#include "report/groups.h"
#include "util/mem.h"

static const char *const verdict_names[] = {
	[IOT_VFIO_ASSIGNABLE] = "assignable",
	[IOT_VFIO_AFTER_UNBIND] = "assignable-after-unbind",
	[IOT_VFIO_NOT_ASSIGNABLE] = "not-assignable",
	[IOT_VFIO_NOTHING] = "nothing-to-assign",
	[IOT_VFIO_NOT_ASSESSED] = "not-assessed",
};

const char *iot_vfio_verdict_name(enum iot_vfio_verdict v)
{
	return (unsigned int)v < IOT_ARRAY_SIZE(verdict_names) ? verdict_names[v] : "?";
}

static const char *const reason_names[] = {
	[IOT_VFIO_R_NO_GROUP] = "no-group",
	[IOT_VFIO_R_DIRECT_MAPPING] = "direct-mapping",
	[IOT_VFIO_R_ROOT_FS] = "root-filesystem",
	[IOT_VFIO_R_MOUNTED] = "mounted",
	[IOT_VFIO_R_BOOT_VGA] = "boot-display",
	[IOT_VFIO_R_DENYLISTED] = "vfio-denylist",
	[IOT_VFIO_R_PLATFORM] = "platform-device",
	[IOT_VFIO_R_ONLY_BRIDGES] = "only-bridges",
	[IOT_VFIO_R_HOST_DRIVER] = "host-driver",
	[IOT_VFIO_R_SHARED] = "shared",
	[IOT_VFIO_R_STAYS] = "stays-with-host",
	[IOT_VFIO_R_ACS_OVERRIDE] = "acs-override",
	[IOT_VFIO_R_ALIAS_OUTSIDE] = "alias-outside",
};

const char *iot_vfio_reason_name(enum iot_vfio_reason r)
{
	return (unsigned int)r < IOT_ARRAY_SIZE(reason_names) ? reason_names[r] : "?";
}

static const struct iot_pci_dev *pci_of(const struct iot_topology *t,
					const struct iot_sim_result *r, int s)
{
	const struct iot_sim_dev *d = &r->devs[s];

	return d->is_pci ? &t->roots[d->root].devs[d->idx] : NULL;
}

/*
 * @n bytes (a multiple of 8) from @v's blocks: a million groups' arrays
 * without a million allocations.
 */
static void *carve(struct iot_vfio *v, size_t n)
{
	void *p;

	if (n > v->left) {
		size_t sz = n > 256u * 1024 ? n : 256u * 1024;

		iot_grow((void **)&v->blocks, &v->cap_blocks, v->n_blocks + 1, sizeof(void *));
		v->blocks[v->n_blocks++] = v->cur = iot_xmalloc(sz);
		v->left = sz;
	}
	p = v->cur;
	v->cur += n;
	v->left -= n;
	return p;
}

static void *carve_copy(struct iot_vfio *v, const void *src, size_t n)
{
	return n ? memcpy(carve(v, (n + 7) & ~(size_t)7), src, n) : NULL;
}

static void add_item(struct iot_vfio_group *g, enum iot_vfio_reason why, int dev)
{
	if (g->items && !g->cap_items) { /* carved: grows as its own allocation from now on */
		struct iot_vfio_item *own = iot_xmalloc((g->n_items + 1) * sizeof(*own));

		memcpy(own, g->items, g->n_items * sizeof(*own));
		g->items = own;
		g->cap_items = g->n_items + 1;
	}
	iot_grow((void **)&g->items, &g->cap_items, g->n_items + 1, sizeof(*g->items));
	g->items[g->n_items].why = why;
	g->items[g->n_items++].dev = dev;
}

/* A host bridge function (class 0600) is no device for a VM, like a bridge. */
static bool stays_with_host(const struct iot_pci_dev *p)
{
	return !iot_vfio_pci_binds(p) || p->type == IOT_PCI_HOST_BRIDGE;
}

static void worse(struct iot_vfio_group *g, enum iot_vfio_verdict v)
{
	static const int rank[] = {
		[IOT_VFIO_ASSIGNABLE] = 0,   [IOT_VFIO_AFTER_UNBIND] = 1,   [IOT_VFIO_NOTHING] = 2,
		[IOT_VFIO_NOT_ASSESSED] = 3, [IOT_VFIO_NOT_ASSIGNABLE] = 4,
	};

	if (rank[v] > rank[g->verdict])
		g->verdict = v;
}

/* Scratch reused for every group: its arrays are carved to size afterwards. */
struct scratch {
	struct iot_vfio_group g;
	int *m;
	size_t cap_m;
};

static void assess_group(const struct iot_topology *t, const struct iot_sim_result *r, int gi,
			 bool by_override, struct scratch *sc)
{
	struct iot_vfio_group *g = &sc->g;
	size_t nm = iot_group_members_into(r, gi, &sc->m, &sc->cap_m);
	const int *m = sc->m;
	size_t n_platform = 0;

	g->n_items = g->n_assign = 0;
	g->verdict = IOT_VFIO_ASSIGNABLE;
	if (r->groups[gi].require_direct) {
		add_item(g, IOT_VFIO_R_DIRECT_MAPPING, -1);
		worse(g, IOT_VFIO_NOT_ASSIGNABLE);
	}
	for (size_t k = 0; k < nm; k++) {
		const struct iot_pci_dev *p = pci_of(t, r, m[k]);

		if (!p) {
			n_platform++;
			continue;
		}
		if (p->host_use & IOT_HOST_ROOT_FS) {
			add_item(g, IOT_VFIO_R_ROOT_FS, m[k]);
			worse(g, IOT_VFIO_NOT_ASSIGNABLE);
		} else if (p->host_use & IOT_HOST_MOUNTED) {
			add_item(g, IOT_VFIO_R_MOUNTED, m[k]);
			worse(g, IOT_VFIO_NOT_ASSIGNABLE);
		}
		if (p->host_use & IOT_HOST_BOOT_VGA) {
			add_item(g, IOT_VFIO_R_BOOT_VGA, m[k]);
			worse(g, IOT_VFIO_NOT_ASSIGNABLE);
		}
		if (stays_with_host(p)) {
			add_item(g, IOT_VFIO_R_STAYS, m[k]);
			if (!iot_vfio_driver_managed_dma(p->driver)) {
				add_item(g, IOT_VFIO_R_HOST_DRIVER, m[k]);
				worse(g, IOT_VFIO_AFTER_UNBIND);
			}
			continue;
		}
		if (iot_vfio_pci_denylisted(p)) {
			add_item(g, IOT_VFIO_R_DENYLISTED, m[k]);
			worse(g, IOT_VFIO_NOT_ASSIGNABLE);
		}
		if (!iot_vfio_driver_managed_dma(p->driver)) {
			add_item(g, IOT_VFIO_R_HOST_DRIVER, m[k]);
			worse(g, IOT_VFIO_AFTER_UNBIND);
		}
		iot_grow((void **)&g->assign, &g->cap_assign, g->n_assign + 1, sizeof(int));
		g->assign[g->n_assign++] = m[k];
	}
	if (n_platform) {
		/* vfio-platform needs a reset module per device: not judged here */
		add_item(g, IOT_VFIO_R_PLATFORM, -1);
		worse(g, IOT_VFIO_NOT_ASSESSED);
	} else if (!g->n_assign) {
		add_item(g, IOT_VFIO_R_ONLY_BRIDGES, -1);
		worse(g, IOT_VFIO_NOTHING);
	} else if (g->n_assign > 1) {
		add_item(g, IOT_VFIO_R_SHARED, -1);
	}
	/* only where it matters: a group a VM could be given */
	if (by_override &&
	    (g->verdict == IOT_VFIO_ASSIGNABLE || g->verdict == IOT_VFIO_AFTER_UNBIND))
		add_item(g, IOT_VFIO_R_ACS_OVERRIDE, -1);
}

/* Whether group @gi of @r has exactly the same members as one group of @base. */
static bool same_in(const struct iot_sim_result *r, int gi, const struct iot_sim_result *base)
{
	size_t nm;
	int *m = iot_group_members(r, gi, &nm);
	int bg = nm && (size_t)m[0] < base->n_devs ? base->devs[m[0]].group : -1;
	bool same = bg >= 0 && base->groups[bg].n == nm;

	for (size_t k = 1; same && k < nm; k++)
		same = (size_t)m[k] < base->n_devs && base->devs[m[k]].group == bg;
	free(m);
	return same;
}

void iot_vfio_assess(const struct iot_topology *t, const struct iot_sim_result *r,
		     const struct iot_sim_result *without_override, struct iot_vfio *v)
{
	struct scratch sc = { { 0 }, NULL, 0 };

	memset(v, 0, sizeof(*v));
	v->n = r->n_groups;
	v->groups = iot_xcalloc(r->n_groups + 1, sizeof(*v->groups));
	for (size_t g = 0; g < r->n_groups; g++) {
		struct iot_vfio_group *vg = &v->groups[g];

		if (r->groups[g].first < 0)
			continue;
		assess_group(t, r, (int)g,
			     without_override && !same_in(r, (int)g, without_override), &sc);
		vg->verdict = sc.g.verdict;
		vg->n_items = sc.g.n_items;
		vg->items = carve_copy(v, sc.g.items, sc.g.n_items * sizeof(*sc.g.items));
		vg->n_assign = sc.g.n_assign;
		vg->assign = carve_copy(v, sc.g.assign, sc.g.n_assign * sizeof(*sc.g.assign));
		v->n_assignable +=
			vg->verdict == IOT_VFIO_ASSIGNABLE || vg->verdict == IOT_VFIO_AFTER_UNBIND;
	}
	free(sc.g.items);
	free(sc.g.assign);
	free(sc.m);
	/*
	 * A device the IOMMU driver refused because another master holds its
	 * ID (unmanaged-aliased) still DMAs with that ID: into whatever domain
	 * the owner's group has, a VM's once the group is assigned.  Linux
	 * allows the assignment (the device has no group VFIO could check).
	 */
	for (size_t s = 0; s < r->n_devs; s++) {
		int o = r->devs[s].alias_owner, g;

		if (r->devs[s].group >= 0 || o < 0 || (size_t)o >= r->n_devs)
			continue;
		g = r->devs[o].group;
		if (g >= 0 && (size_t)g < v->n)
			add_item(&v->groups[g], IOT_VFIO_R_ALIAS_OUTSIDE, (int)s);
	}
}

void iot_vfio_free(struct iot_vfio *v)
{
	for (size_t g = 0; g < v->n; g++) { /* the carved ones have cap 0 */
		if (v->groups[g].cap_items)
			free(v->groups[g].items);
		if (v->groups[g].cap_assign)
			free(v->groups[g].assign);
	}
	for (size_t i = 0; i < v->n_blocks; i++)
		free(v->blocks[i]);
	free(v->blocks);
	free(v->groups);
	memset(v, 0, sizeof(*v));
}

static const char *dev_name(const struct iot_sim_result *r, int s)
{
	return s >= 0 ? r->devs[s].name : "?";
}

void iot_vfio_item_text(const struct iot_topology *t, const struct iot_sim_result *r,
			const struct iot_vfio_group *g, const struct iot_vfio_item *it,
			struct iot_buf *b)
{
	const struct iot_pci_dev *p = it->dev >= 0 ? pci_of(t, r, it->dev) : NULL;
	const char *what = p && p->host_use_what ? p->host_use_what : NULL;
	const char *name = dev_name(r, it->dev);

	switch (it->why) {
	case IOT_VFIO_R_NO_GROUP:
		iot_buf_printf(b, "%s has no IOMMU group (%s): VFIO needs one", name,
			       iot_verdict_name(r->devs[it->dev].verdict));
		break;
	case IOT_VFIO_R_DIRECT_MAPPING:
		iot_buf_adds(b,
			     "firmware requires an identity mapping for a member (IORT RMR, DMAR "
			     "RMRR, IVRS IVMD): Linux refuses VFIO's domain "
			     "(iommu.c:__iommu_device_set_domain)");
		break;
	case IOT_VFIO_R_ROOT_FS:
		iot_buf_printf(b, "%s backs the root filesystem%s%s%s", name, what ? " (" : "",
			       what ? what : "", what ? ")" : "");
		break;
	case IOT_VFIO_R_MOUNTED:
		iot_buf_printf(b, "%s backs %s, in use by the host", name,
			       what ? what : "a mounted filesystem");
		break;
	case IOT_VFIO_R_BOOT_VGA:
		iot_buf_printf(b, "%s is the host's boot display (boot_vga)", name);
		break;
	case IOT_VFIO_R_DENYLISTED:
		iot_buf_printf(b,
			       "vfio-pci refuses %s (vfio_pci.c denylist: known errata) unless "
			       "loaded with disable_denylist=1",
			       name);
		break;
	case IOT_VFIO_R_PLATFORM:
		iot_buf_adds(b, "platform devices go to a VM through vfio-platform, which needs a "
				"reset module for each: not judged here");
		break;
	case IOT_VFIO_R_ONLY_BRIDGES:
		iot_buf_adds(b, "only bridges: vfio-pci binds no bridge");
		break;
	case IOT_VFIO_R_HOST_DRIVER:
		if (p && stays_with_host(p))
			iot_buf_printf(b,
				       "unbind %s from %s first: that driver uses the DMA API "
				       "(the bridge stays with the host)",
				       p->driver, name);
		else { /* no printf: one line per group of a million functions */
			iot_buf_adds(b, "unbind ");
			iot_buf_adds(b, p && p->driver ? p->driver : "?");
			iot_buf_adds(b, " from ");
			iot_buf_adds(b, name);
			iot_buf_adds(b, " first");
		}
		break;
	case IOT_VFIO_R_SHARED:
		iot_buf_printf(b, "its %zu functions go to a VM together, not one by one",
			       g->n_assign);
		break;
	case IOT_VFIO_R_STAYS:
		iot_buf_printf(b, "%s stays with the host (%s)", name,
			       p && p->type == IOT_PCI_HOST_BRIDGE ? "host bridge" : "bridge");
		break;
	case IOT_VFIO_R_ALIAS_OUTSIDE:
		iot_buf_printf(
			b,
			"UNSAFE: %s has no group but DMAs with an ID of this group (it shares "
			"one with %s): it would reach the VM's memory",
			name,
			r->devs[it->dev].alias_owner >= 0 ?
				r->devs[r->devs[it->dev].alias_owner].name :
				"?");
		break;
	case IOT_VFIO_R_ACS_OVERRIDE:
		iot_buf_adds(b, "UNSAFE: this group exists only with the out-of-tree ACS override "
				"patch; its devices are not isolated from their neighbours");
		break;
	}
}

void iot_vfio_group_text(const struct iot_topology *t, const struct iot_sim_result *r,
			 const struct iot_vfio_group *g, struct iot_buf *b)
{
	static const char *const phrase[] = {
		[IOT_VFIO_ASSIGNABLE] = "assignable",
		[IOT_VFIO_AFTER_UNBIND] = "assignable after unbinding host drivers",
		[IOT_VFIO_NOT_ASSIGNABLE] = "not assignable",
		[IOT_VFIO_NOTHING] = "nothing to assign",
		[IOT_VFIO_NOT_ASSESSED] = "not assessed",
	};
	bool ok = g->verdict == IOT_VFIO_ASSIGNABLE || g->verdict == IOT_VFIO_AFTER_UNBIND;
	bool first = true;
	size_t n_stays = 0;

	iot_buf_adds(b, "VFIO: ");
	iot_buf_adds(b, phrase[g->verdict]);
	if (ok && g->n_assign > 1)
		iot_buf_adds(b, " together");
	if (ok) {
		iot_buf_adds(b, ":");
		for (size_t k = 0; k < g->n_assign; k++) {
			iot_buf_addc(b, ' ');
			iot_buf_adds(b, r->devs[g->assign[k]].name);
		}
	}
	for (size_t i = 0; i < g->n_items; i++) {
		enum iot_vfio_reason why = g->items[i].why;

		if (why == IOT_VFIO_R_STAYS) {
			n_stays++;
			continue;
		}
		/* a blocked group's togetherness and unbinding steps are beside the point */
		if (why == IOT_VFIO_R_SHARED || (!ok && why == IOT_VFIO_R_HOST_DRIVER))
			continue; /* said by "together"; beside the point when blocked */
		iot_buf_adds(b, first ? " (" : "; ");
		first = false;
		iot_vfio_item_text(t, r, g, &g->items[i], b);
	}
	if (ok && n_stays) {
		bool host_bridge_only = true;

		iot_buf_adds(b, first ? " (" : "; ");
		first = false;
		for (size_t i = 0; i < g->n_items; i++)
			if (g->items[i].why == IOT_VFIO_R_STAYS) {
				const struct iot_pci_dev *p = pci_of(t, r, g->items[i].dev);

				host_bridge_only =
					host_bridge_only && p && p->type == IOT_PCI_HOST_BRIDGE;
				iot_buf_printf(b, "%s ", dev_name(r, g->items[i].dev));
			}
		iot_buf_printf(b, "stay%s with the host (%s)", n_stays > 1 ? "" : "s",
			       host_bridge_only ? "host bridge" :
			       n_stays > 1	? "bridges" :
						  "bridge");
	}
	if (!first)
		iot_buf_addc(b, ')');
}
