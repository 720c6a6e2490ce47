// SPDX-License-Identifier: MIT
/*
 * The simulator's core objects: devices and their fwspecs, groups and their
 * default domains, and the --explain / --trace records.  Kernel behaviour
 * here is iommu.c's (iommu_fwspec_init, iommu_group_alloc,
 * generic_device_group, iommu_get_default_domain_type); everything a driver
 * decides goes through struct sim_driver (sim_priv.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

void sim_why(struct sim_ctx *c, int s, const char *fmt, ...)
{
	struct iot_sim_dev *d;
	va_list ap;
	char *msg, *old;

	if (!c->o->explain || s < 0)
		return;
	d = &c->r->devs[s];
	va_start(ap, fmt);
	msg = iot_vasprintf(fmt, ap);
	va_end(ap);
	old = d->why;
	/* a rule that fires again (a bind-time replay of a failed probe) is said once */
	if (old && strstr(old, msg)) {
		free(msg);
		return;
	}
	d->why = old ? iot_asprintf("%s\n%s", old, msg) : msg;
	if (old) {
		free(old);
		free(msg);
	}
}

void sim_ids_misprogrammed(struct sim_ctx *c, int s, const char *why)
{
	c->r->devs[s].ids_misprogrammed = true;
	sim_why(c, s, "%s", why);
}

void sim_trace(struct sim_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->o->trace)
		return;
	iot_buf_printf(&c->r->trace, "%5u  ", ++c->seq);
	va_start(ap, fmt);
	iot_buf_vprintf(&c->r->trace, fmt, ap);
	va_end(ap);
	iot_buf_addc(&c->r->trace, '\n');
}

const char *sim_iommu_name(const struct sim_ctx *c, int iommu)
{
	return iommu >= 0 ? c->t->iommus[iommu].name : "none";
}

const struct sim_driver *sim_drv(const struct sim_ctx *c, int iommu)
{
	return iommu >= 0 ? c->iommus[iommu].drv : NULL;
}

/* --- fwspec ------------------------------------------------------------------- */

void sim_fwspec_add_ids(struct sim_ctx *c, int s, const uint32_t *ids, size_t n)
{
	struct iot_sim_result *r = c->r;
	struct iot_sim_dev *d = &r->devs[s];

	/* a device's IDs are contiguous: they are added while it is resolved */
	if (!d->n_ids)
		d->ids_off = r->n_ids;
	iot_grow((void **)&r->ids, &r->cap_ids, r->n_ids + n, sizeof(*r->ids));
	memcpy(r->ids + r->n_ids, ids, n * sizeof(*ids));
	r->n_ids += n;
	d->n_ids += n;
}

/*
 * iommu.c:iommu_fwspec_init: one fwspec per device.  A second instance of
 * the same driver appends to the first; a different driver is -EINVAL.
 */
int sim_fwspec_init(struct sim_ctx *c, int s, int iommu)
{
	int cur = c->target[s];

	if (c->t->iommus[iommu].status == IOT_STATUS_DISABLED) {
		sim_why(c, s, "IOMMU %s is disabled (of_device_is_available): -ENODEV",
			sim_iommu_name(c, iommu));
		return -SIM_ENODEV;
	}
	if (cur < 0) {
		c->target[s] = iommu;
		return 0;
	}
	if (cur == iommu)
		return 0;
	if (sim_drv(c, cur) == sim_drv(c, iommu)) {
		sim_why(c, s, "IDs for %s are appended to the fwspec of %s (one dev->iommu)",
			sim_iommu_name(c, iommu), sim_iommu_name(c, cur));
		return 0;
	}
	sim_why(c, s, "IOMMUs %s and %s have different drivers: iommu_fwspec_init -EINVAL",
		sim_iommu_name(c, cur), sim_iommu_name(c, iommu));
	return -SIM_EINVAL;
}

void sim_fwspec_free(struct sim_ctx *c, int s)
{
	c->target[s] = IOT_NONE;
	c->r->devs[s].n_ids = 0;
}

/* --- groups ------------------------------------------------------------------- */

/* iommu.c:iommu_group_alloc: ida_alloc gives the smallest free id */
int sim_group_alloc(struct sim_ctx *c, int iommu)
{
	struct iot_sim_result *r = c->r;
	struct iot_sim_group *g;
	size_t id = c->ida_hint;

	while (id < c->cap_ida && c->ida[id])
		id++;
	c->ida_hint = id + 1;
	if (id >= c->cap_ida)
		iot_grow((void **)&c->ida, &c->cap_ida, id + 1, sizeof(*c->ida));
	c->ida[id] = true;
	iot_grow((void **)&r->groups, &r->cap_groups, r->n_groups + 1, sizeof(*r->groups));
	g = &r->groups[r->n_groups];
	g->id = (int)id;
	g->iommu = iommu;
	g->domain = IOT_DOMAIN_NONE;
	g->first = -1;
	g->n = 0;
	g->require_direct = false;
	return (int)r->n_groups++;
}

void sim_group_add(struct sim_ctx *c, int g, int s)
{
	struct iot_sim_group *grp = &c->r->groups[g];

	c->r->devs[s].group = g;
	c->r->devs[s].next_in_group = grp->first;
	grp->first = s;
	grp->n++;
}

void sim_group_release(struct sim_ctx *c, int g)
{
	struct iot_sim_group *grp = &c->r->groups[g];

	for (int s = grp->first, next; s >= 0; s = next) {
		next = c->r->devs[s].next_in_group;
		c->r->devs[s].group = -1;
		c->r->devs[s].next_in_group = -1;
		c->r->devs[s].has_fwspec = false;
	}
	/* the first id below the smallest in-use one is what ida finds next */
	c->ida[grp->id] = false;
	if ((size_t)grp->id < c->ida_hint)
		c->ida_hint = (size_t)grp->id;
	grp->first = -1;
	grp->n = 0;
}

int sim_generic_device_group(struct sim_ctx *c, int s)
{
	return sim_group_alloc(c, c->r->devs[s].iommu);
}

int sim_bus_device_group(struct sim_ctx *c, int s)
{
	if (c->r->devs[s].is_pci)
		return sim_pci_device_group(c, s);
	return sim_generic_device_group(c, s);
}

/* --- default domain (docs/kernel-rules.md §5.8) --------------------------------- */

bool sim_rmr_covers(const struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];
	const uint32_t *ids = sim_ids(c, s);

	if (c->r->firmware != IOT_FW_ACPI || !c->t->n_rmrs)
		return false;
	/* iort.c:iort_rmr_has_dev: PCI devices only with preserve_config (_DSM #5) */
	if (d->is_pci && !c->t->roots[d->root].preserve_config)
		return false;
	for (size_t i = 0; i < c->t->n_rmrs; i++) {
		const struct iot_idmap *m = &c->t->rmrs[i].ids;

		for (size_t j = 0; j < m->n; j++) {
			const struct iot_map_row *row = &m->rows[j];

			if (row->target != d->iommu || !row->count)
				continue;
			for (size_t k = 0; k < d->n_ids; k++)
				if (ids[k] >= row->out_base &&
				    (uint64_t)ids[k] < (uint64_t)row->out_base + row->count)
					return true;
		}
	}
	return false;
}

/* iommu.c:iommu_get_default_domain_type over the group's current members */
void sim_setup_default_domain(struct sim_ctx *c, int g)
{
	struct iot_sim_group *grp = &c->r->groups[g];
	const struct sim_driver *drv = sim_drv(c, grp->iommu);
	struct iot_def_merge m = { 0 };
	bool direct = false;

	grp->driver_why = NULL;
	grp->driver_dev = -1;
	for (int s = grp->first; s >= 0; s = c->r->devs[s].next_in_group) {
		enum iot_domain_type answer = IOT_DOMAIN_NONE, before = m.type;
		const char *why = NULL;

		direct |= sim_rmr_covers(c, s) || (drv->direct_mapped && drv->direct_mapped(c, s));
		/* iommu.c:iommu_get_def_domain_type asks the driver for every member */
		if (drv->def_domain_type)
			answer = drv->def_domain_type(c, s, &why);
		iot_def_domain_merge(c->k, &m, c->r->devs[s].untrusted, answer);
		if (m.type != before && answer != IOT_DOMAIN_NONE && why) {
			grp->driver_why = why;
			grp->driver_dev = s;
		}
	}
	if (m.conflict) {
		grp->driver_why = "members' def_domain_type answers disagree: the global default "
				  "(iommu.c:probe_get_default_domain_type)";
		grp->driver_dev = -1;
	}
	grp->require_direct = direct;
	grp->domain = iot_iommu_def_domain_type(
		&(struct iot_domain_inputs){
			.mode = { .passthrough = c->r->passthrough, .strict = c->r->strict },
			.untrusted = m.untrusted,
			.deferred_flush = drv->deferred_flush,
			.driver_type = m.type,
			.no_fq_type = !c->k->dma_fq_type,
		},
		&grp->domain_why);
}

/* --- one group per instance --------------------------------------------------- */

void sim_instance_group_probe(struct sim_ctx *c, int iommu)
{
	int *g = iot_xmalloc(sizeof(*g));

	*g = sim_group_alloc(c, iommu);
	free(c->iommus[iommu].priv);
	c->iommus[iommu].priv = g;
}

int sim_instance_group(struct sim_ctx *c, int s)
{
	const int *g = c->iommus[c->r->devs[s].iommu].priv;

	if (!g)
		return -SIM_ENODEV;
	sim_why(c, s, "joins %s's one group (allocated when the IOMMU probed)",
		sim_iommu_name(c, c->r->devs[s].iommu));
	return *g;
}

int sim_instance_group_lazy(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu;
	int *g = c->iommus[iommu].priv;

	if (!g) {
		g = iot_xmalloc(sizeof(*g));
		*g = sim_group_alloc(c, iommu);
		c->iommus[iommu].priv = g;
		return *g;
	}
	sim_why(c, s, "joins %s's one group (made for its first master)", sim_iommu_name(c, iommu));
	return *g;
}
