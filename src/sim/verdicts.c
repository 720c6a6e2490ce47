// SPDX-License-Identifier: MIT
/*
 * Verdicts and isolation per device (docs/kernel-rules.md §6): what its
 * group's domain, or the absence of one, means for its DMA, and whether a
 * peer can reach it without passing the IOMMU.
 */
#include <stdlib.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

static bool p2p_peer(struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	int par = d->parent;

	if (!d->is_pci)
		return false;
	if (c->sib_hi[s] - c->sib_lo[s] > 1) {
		/* same conventional bus: every peer sees every transaction */
		if (par >= 0 && !iot_pci_type_is_pcie(sim_pci(c, par)->type) &&
		    sim_pci(c, par)->type != IOT_PCI_ROOT_PORT)
			return true;
		if (par >= 0 && sim_pci(c, par)->type == IOT_PCI_PCIE_TO_PCI_BRIDGE)
			return true;
		/* a function of a multifunction device without isolating ACS */
		if (sim_pci_is_mf(c, s) && !sim_pci_acs_enabled(c, s, SIM_REQ_ACS_FLAGS))
			return true;
	}
	/* below a switch whose downstream port lacks request redirect */
	if (par >= 0 && sim_pci(c, par)->type == IOT_PCI_DOWNSTREAM_PORT &&
	    !(c->r->devs[par].acs_ctrl & IOT_ACS_RR) && c->sib_hi[par] - c->sib_lo[par] > 1) {
		sim_why(c, s,
			"P2P-reachable across groups: downstream port %s has no ACS request "
			"redirect (kernel gap)",
			c->r->devs[par].name);
		return true;
	}
	return false;
}

void sim_verdicts(struct sim_ctx *c)
{
	struct iot_sim_result *r = c->r;
	struct sim_hash all = { 0 };
	bool *shared = iot_xcalloc(r->n_devs ? r->n_devs : 1, sizeof(bool));

	sim_hash_reserve(&all, r->n_ids);

	for (size_t s = 0; s < r->n_devs; s++) {
		const uint32_t *ids = sim_ids(c, (int)s);

		if (c->target[s] < 0)
			continue;
		for (size_t i = 0; i < r->devs[s].n_ids; i++) {
			uint64_t key = (uint64_t)(uint32_t)c->target[s] << 32 | ids[i];
			int o = sim_hash_get(&all, key);

			if (o < 0) {
				sim_hash_put(&all, key, (int)s);
			} else if (o != (int)s &&
				   (r->devs[o].group != r->devs[s].group || r->devs[s].group < 0)) {
				shared[o] = shared[s] = true;
				if (r->devs[s].alias_owner < 0)
					r->devs[s].alias_owner = o;
				if (r->devs[o].alias_owner < 0)
					r->devs[o].alias_owner = (int)s;
			}
		}
	}
	for (size_t s = 0; s < r->n_devs; s++) {
		struct iot_sim_dev *d = &r->devs[s];
		int tg = c->target[s];

		if (d->group >= 0 && d->ids_misprogrammed) {
			/* in its group, but the streams it uses are not the ones programmed */
			d->verdict = sim_drv(c, tg)->unattached;
		} else if (d->group >= 0) {
			d->verdict = r->groups[d->group].domain == IOT_DOMAIN_IDENTITY ?
					     IOT_VERDICT_PASSTHROUGH :
					     IOT_VERDICT_TRANSLATED;
		} else if (tg < 0 || c->fw_err[s] || sim_target_state(c, tg) != TGT_REGISTERED) {
			d->verdict = IOT_VERDICT_NO_IOMMU;
			d->iommu = c->fw_err[s] ? IOT_NONE : tg;
			if (!c->fw_err[s] && tg >= 0)
				sim_why_absent(c, (int)s, tg);
		} else if (d->alias_owner >= 0 && r->devs[d->alias_owner].group >= 0) {
			d->verdict = IOT_VERDICT_UNMANAGED_ALIASED;
		} else if (sim_rmr_covers(c, (int)s)) {
			d->verdict = IOT_VERDICT_UNMANAGED_BYPASS;
		} else {
			d->verdict = sim_drv(c, tg)->unattached;
			if (d->timed_out)
				sim_why(c, (int)s,
					"its IOMMU registered after it bound: streams left at the "
					"default for unattached streams");
			else if (!d->probe_err)
				sim_why(c, (int)s,
					"never probed by the IOMMU (no driver bound before "
					"6.15): stream left at the hardware default");
		}
		d->isolated = d->verdict == IOT_VERDICT_TRANSLATED && r->groups[d->group].n == 1 &&
			      !shared[s];
		if (d->isolated && p2p_peer(c, (int)s))
			d->isolated = false;
		if (shared[s])
			sim_why(c, (int)s, "shares a requester ID with %s outside its group",
				d->alias_owner >= 0 ? r->devs[d->alias_owner].name :
						      "another device");
	}
	sim_hash_free(&all);
	free(shared);
}

const char *iot_verdict_name(enum iot_verdict v)
{
	static const char *const names[] = {
		"translated",	    "passthrough",	 "unmanaged-blocked",
		"unmanaged-bypass", "unmanaged-aliased", "no-iommu",
		"no-dma",
	};

	return names[v];
}

bool iot_verdict_unprotected(enum iot_verdict v)
{
	return v == IOT_VERDICT_PASSTHROUGH || v == IOT_VERDICT_UNMANAGED_BYPASS ||
	       v == IOT_VERDICT_NO_IOMMU;
}
