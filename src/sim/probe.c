// SPDX-License-Identifier: MIT
/*
 * The probe timeline (docs/kernel-rules.md §1): device_add in enumeration
 * order, IOMMU registration and its bus walk, driver bind attempts with
 * deferral and its timeout, explicit binds; then default domains, verdicts
 * and isolation (§5.8, §6).  The kernel's choices come from the profile row,
 * the driver's from its family ops row.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim_priv.h"
#include "util/mem.h"

/* --- small helpers ---------------------------------------------------------- */

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

const struct iot_pci_dev *sim_pci(const struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];

	return &c->t->roots[d->root].devs[d->idx];
}

uint32_t *sim_ids(const struct sim_ctx *c, int s)
{
	return c->r->ids + c->r->devs[s].ids_off;
}

static const struct sim_family_ops *ops_of(const struct sim_ctx *c, int iommu)
{
	return sim_family_ops(iot_iommu_family(c->t->iommus[iommu].model));
}

static const char *iommu_name(const struct sim_ctx *c, int iommu)
{
	return iommu >= 0 ? c->t->iommus[iommu].name : "none";
}

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

static void group_add(struct sim_ctx *c, int g, int s)
{
	struct iot_sim_group *grp = &c->r->groups[g];

	c->r->devs[s].group = g;
	c->r->devs[s].next_in_group = grp->first;
	grp->first = s;
	grp->n++;
}

static void group_release(struct sim_ctx *c, int g)
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

/* --- firmware: the fwspec (§2, §3, §4) -------------------------------------- */

static void ids_push(struct sim_ctx *c, int s, uint32_t id)
{
	struct iot_sim_result *r = c->r;
	struct iot_sim_dev *d = &r->devs[s];

	/* a device's IDs are contiguous: they are pushed while it is resolved */
	if (!d->n_ids)
		d->ids_off = r->n_ids;
	iot_grow((void **)&r->ids, &r->cap_ids, r->n_ids + 1, sizeof(*r->ids));
	r->ids[r->n_ids++] = id;
	d->n_ids++;
}

static bool iommu_is_self(const struct sim_ctx *c, int iommu, int s)
{
	const struct iot_iommu *u = &c->t->iommus[iommu];
	const struct iot_pci_dev *p;

	if (u->model != IOT_IOMMU_VIRTIO_PCI || !c->r->devs[s].is_pci)
		return false;
	p = sim_pci(c, s);
	return c->t->roots[c->r->devs[s].root].segment == u->pci_segment &&
	       iot_rid(p->bus, p->devfn) == u->pci_bdf;
}

/*
 * iommu.c:iommu_fwspec_init: one fwspec per device.  A second instance of
 * the same driver appends to the first; a different driver is -EINVAL.
 */
static int fwspec_target(struct sim_ctx *c, int s, int iommu)
{
	int cur = c->target[s];

	if (c->t->iommus[iommu].status == IOT_STATUS_DISABLED) {
		sim_why(c, s, "IOMMU %s is disabled (of_device_is_available): -ENODEV",
			iommu_name(c, iommu));
		return -SIM_ENODEV;
	}
	if (cur < 0) {
		c->target[s] = iommu;
		return 0;
	}
	if (cur == iommu)
		return 0;
	if (iot_iommu_family(c->t->iommus[cur].model) ==
	    iot_iommu_family(c->t->iommus[iommu].model)) {
		sim_why(c, s, "IDs for %s are appended to the fwspec of %s (one dev->iommu)",
			iommu_name(c, iommu), iommu_name(c, cur));
		return 0;
	}
	sim_why(c, s, "IOMMUs %s and %s have different drivers: iommu_fwspec_init -EINVAL",
		iommu_name(c, cur), iommu_name(c, iommu));
	return -SIM_EINVAL;
}

/* arm-smmu.c:arm_smmu_of_xlate: SMR mask in bits 31:16 */
static uint32_t smmu_fwid(const struct sim_ctx *c, int iommu, uint32_t id, uint32_t mask,
			  bool has_mask)
{
	const struct iot_iommu *u = &c->t->iommus[iommu];

	if (iot_iommu_family(u->model) != IOT_FAMILY_ARM_SMMU)
		return id;
	if (!has_mask && u->has_stream_match_mask && c->r->firmware == IOT_FW_DT)
		mask = u->stream_match_mask, has_mask = true;
	return (id & 0xffff) | (has_mask ? (mask & 0xffff) << 16 : 0);
}

struct map_walk {
	bool dt;
	int err;
};

static int map_alias_cb(struct sim_ctx *c, int p, uint16_t rid, void *arg)
{
	struct map_walk *w = arg;
	int s = c->subject;
	const struct iot_pci_root *root = &c->t->roots[c->r->devs[s].root];
	struct iot_map_result res;

	(void)p;
	/* VIOT ranges are per segment, and a root is one segment: the RID is the offset */
	if (w->dt)
		iot_of_map_id(&root->iommu_map, rid, &res);
	else
		iot_acpi_map_rid(c->t, &root->iommu_map, rid, &res);
	switch (res.status) {
	case IOT_MAP_EFAULT:
		sim_why(c, s, "iommu-map row %zu has id-base bits outside iommu-map-mask: -EFAULT",
			res.row);
		w->err = -SIM_EFAULT;
		return 1;
	case IOT_MAP_NO_MATCH:
		sim_why(c, s, "no %s row for RID 0x%04x: %s", iot_map_semantics_name(res.sem), rid,
			w->dt ? "bypass, -ENODEV" : "-ENODEV");
		w->err = -SIM_ENODEV;
		return 1;
	case IOT_MAP_OK:
		break;
	}
	if (res.target < 0 || (size_t)res.target >= c->t->n_iommus) {
		w->err = -SIM_ENODEV;
		return 1;
	}
	if (res.sem == IOT_MAP_VIOT && iommu_is_self(c, res.target, s)) {
		sim_why(c, s, "is the virtio-iommu itself (viot_dev_iommu_init): never translated");
		w->err = -SIM_EINVAL;
		return 1;
	}
	w->err = fwspec_target(c, s, res.target);
	if (w->err)
		return 1;
	sim_why(c, s, "RID 0x%04x -> %s ID 0x%x (%s row %zu%s)", rid, iommu_name(c, res.target),
		res.out, iot_map_semantics_name(res.sem), res.row,
		res.overridden ? ", tentative match overridden" : "");
	ids_push(c, s, smmu_fwid(c, res.target, res.out, 0, false));
	return 0;
}

static int x86_alias_cb(struct sim_ctx *c, int p, uint16_t rid, void *arg)
{
	(void)p;
	(void)arg;
	ids_push(c, c->subject, rid);
	return 0;
}

/* A DMAR/IVRS unit exists: x86 coverage rules decide, not iommu-map rows. */
static bool x86_tables(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_INTEL_VTD ||
		    t->iommus[i].model == IOT_IOMMU_AMD_VI)
			return true;
	return false;
}

static int resolve_pci(struct sim_ctx *c, int s)
{
	const struct iot_pci_root *root = &c->t->roots[c->r->devs[s].root];
	struct map_walk w = { .err = 0 };
	int x86;

	c->subject = s;
	x86 = sim_x86_iommu_for(c, s);
	if (x86 >= 0) {
		/* intel/iommu.c:device_lookup_iommu, amd rlookup table: no fwspec */
		c->target[s] = x86;
		sim_pci_for_each_dma_alias(c, s, x86_alias_cb, NULL);
		return 0;
	}
	if (x86_tables(c->t) && !root->iommu_map.n)
		return -SIM_ENODEV; /* x86_iommu.c said why */
	if (!root->iommu_map.n) {
		sim_why(c, s, "root %s has no iommu-map / ID mapping: -ENODEV", root->name);
		return -SIM_ENODEV;
	}
	w.dt = c->r->firmware == IOT_FW_DT;
	sim_pci_for_each_dma_alias(c, s, map_alias_cb, &w);
	if (!w.err)
		return 0;
	if (w.dt || !c->r->devs[s].n_ids || c->target[s] < 0) {
		/* of_iommu_configure frees the fwspec on error */
		c->target[s] = IOT_NONE;
		c->r->devs[s].n_ids = 0;
		return w.err;
	}
	sim_why(c, s, "ACPI keeps the partial fwspec of the aliases mapped so far (UNVERIFIED)");
	return 0;
}

/* of_iommu.c:of_iommu_configure_dev ("iommus") / iort.c named component */
static int resolve_platform(struct sim_ctx *c, int s)
{
	const struct iot_platdev *pd = &c->t->platdevs[c->r->devs[s].idx];
	int err;

	if (!pd->n_iommus) {
		sim_why(c, s, "no iommus / ID mapping: -ENODEV");
		return -SIM_ENODEV;
	}
	for (size_t i = 0; i < pd->n_iommus; i++) {
		const struct iot_dev_iommu *di = &pd->iommus[i];

		if (di->iommu < 0 || (size_t)di->iommu >= c->t->n_iommus)
			continue;
		err = fwspec_target(c, s, di->iommu);
		if (err) {
			c->target[s] = IOT_NONE;
			c->r->devs[s].n_ids = 0;
			return err;
		}
		for (size_t j = 0; j < di->n_ids; j++) {
			uint32_t id = smmu_fwid(c, di->iommu, di->ids[j].id, di->ids[j].mask,
						di->ids[j].has_mask);

			sim_why(c, s, "iommus entry -> %s ID 0x%x", iommu_name(c, di->iommu), id);
			ids_push(c, s, id);
		}
	}
	if (c->target[s] < 0)
		return -SIM_ENODEV;
	return 0;
}

static void resolve_fwspec(struct sim_ctx *c, int s)
{
	c->target[s] = IOT_NONE;
	c->fw_err[s] = c->r->devs[s].is_pci ? resolve_pci(c, s) : resolve_platform(c, s);
	c->r->devs[s].iommu = c->target[s];
}

/* --- default domain (§5.8) -------------------------------------------------- */

static bool rmr_covers(const struct sim_ctx *c, int s)
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
static void setup_default_domain(struct sim_ctx *c, int g)
{
	struct iot_sim_group *grp = &c->r->groups[g];
	bool untrusted = false, direct = false;

	for (int s = grp->first; s >= 0; s = c->r->devs[s].next_in_group) {
		untrusted |= c->r->devs[s].untrusted;
		direct |= rmr_covers(c, s) || sim_x86_direct_mapped(c, s);
	}
	grp->require_direct = direct;
	grp->domain = iot_iommu_def_domain_type(&(struct iot_domain_inputs){
		.mode = { .passthrough = c->r->passthrough, .strict = c->r->strict },
		.untrusted = untrusted,
		.deferred_flush = ops_of(c, grp->iommu)->deferred_flush,
		.no_fq_type = !c->k->dma_fq_type,
	});
}

/* --- the probe ---------------------------------------------------------------- */

static enum sim_target_state target_state(const struct sim_ctx *c, int iommu)
{
	const struct sim_iommu *u;

	if (iommu < 0)
		return TGT_NONE;
	u = &c->iommus[iommu];
	if (u->registered)
		return TGT_REGISTERED;
	if (!u->available || u->failed)
		return TGT_ABSENT;
	return TGT_PENDING;
}

/*
 * iommu.c:__iommu_probe_device / iommu_init_device: probe_device then
 * device_group.  @walk: inside bus_iommu_probe (the default domain is
 * decided after the whole bus), else hot path (decided now, by this device).
 */
static int probe_device(struct sim_ctx *c, int s, bool walk)
{
	struct iot_sim_dev *d = &c->r->devs[s];
	const struct sim_family_ops *ops;
	int err, g;

	if (d->group >= 0)
		return 0;
	if (c->fw_err[s] || c->target[s] < 0)
		return -SIM_ENODEV;
	if (target_state(c, c->target[s]) != TGT_REGISTERED)
		return -SIM_ENODEV; /* dma_configure deferred; the partial fwspec is freed */
	ops = ops_of(c, c->target[s]);
	d->iommu = c->target[s];
	err = ops->probe_device(c, s);
	if (err) {
		d->probe_err = err;
		sim_trace(c, "  %s: %s probe_device failed (%d)", d->name, ops->name, err);
		return err;
	}
	g = ops->device_group(c, s);
	if (g < 0) {
		d->probe_err = g;
		if (ops->release_device)
			ops->release_device(c, s);
		return g;
	}
	d->has_fwspec = true;
	d->probe_err = 0;
	group_add(c, g, s);
	sim_trace(c, "  %s: Adding to iommu group %d", d->name, c->r->groups[g].id);
	if (!walk && c->r->groups[g].domain == IOT_DOMAIN_NONE)
		setup_default_domain(c, g);
	return 0;
}

static void iommu_unregister(struct sim_ctx *c, int iommu)
{
	c->iommus[iommu].registered = false;
	c->iommus[iommu].failed = true;
	for (size_t g = 0; g < c->r->n_groups; g++)
		if (c->r->groups[g].iommu == iommu && c->r->groups[g].first >= 0)
			group_release(c, (int)g);
	for (size_t s = 0; s < c->r->n_devs; s++)
		if (c->target[s] == iommu)
			sim_why(c, (int)s,
				"%s failed to register (an error in its bus walk "
				"unregistered it): no IOMMU",
				iommu_name(c, iommu));
	sim_family_unregister(c, iommu);
}

/*
 * Devices in device_add order grouped by the IOMMU their firmware names
 * (counting sort), so that a registration walk visits only candidates: a
 * device naming another instance cannot be probed by this walk (its own
 * instance is either registered already, and walked it, or not yet).
 */
static void build_walk_lists(struct sim_ctx *c)
{
	size_t ni = c->t->n_iommus;

	c->walk_off = iot_xcalloc(ni + 2, sizeof(size_t));
	c->walk = iot_xcalloc(c->r->n_devs + 1, sizeof(int));
	/* x86 units share one walk: the first unit's registration probes them all */
	for (size_t s = 0; s < c->r->n_devs; s++)
		if (c->target[s] >= 0)
			c->walk_off[sim_x86_walk_owner(c, c->target[s]) + 1]++;
	for (size_t i = 0; i < ni; i++)
		c->walk_off[i + 1] += c->walk_off[i];
	for (size_t s = 0, *fill = iot_xcalloc(ni + 1, sizeof(size_t)); s <= c->r->n_devs; s++) {
		int k;

		if (s == c->r->n_devs) {
			free(fill);
			break;
		}
		if (c->target[s] < 0)
			continue;
		k = sim_x86_walk_owner(c, c->target[s]);
		c->walk[c->walk_off[k] + fill[k]++] = (int)s;
	}
}

/* iommu.c:iommu_device_register -> bus_iommu_probe on platform, then PCI */
static void iommu_register(struct sim_ctx *c, int iommu)
{
	const struct sim_family_ops *ops = ops_of(c, iommu);
	size_t lo = c->walk_off[iommu], hi = c->walk_off[iommu + 1];
	size_t first_group = c->r->n_groups;

	c->iommus[iommu].registered = true;
	sim_x86_register_siblings(c, iommu);
	sim_trace(c, "iommu_device_register %s (%s): bus_iommu_probe", iommu_name(c, iommu),
		  ops->name);
	for (int b = 0; b < 2; b++) {
		for (size_t i = lo; i < hi; i++) {
			size_t s = (size_t)c->walk[i];
			struct iot_sim_dev *d = &c->r->devs[s];
			int err;

			if ((s < c->n_plat) != (b == 0))
				continue;
			if (!d->added || d->group >= 0)
				continue;
			/* ≤6.14: DT/IORT/VIOT devices have no fwspec during a walk (§1.3) */
			if (!c->k->two_phase_probe && !ops->null_fwnode)
				continue;
			/* §1.2 consequence 3: a bound device is not re-configured */
			if (d->bound && !ops->null_fwnode)
				continue;
			err = probe_device(c, (int)s, true);
			if (err && err != -SIM_ENODEV) {
				/* iommu.c:probe_iommu_group swallows only -ENODEV */
				sim_trace(c,
					  "  bus_iommu_probe failed at %s (%d): "
					  "iommu_device_unregister %s",
					  d->name, err, iommu_name(c, iommu));
				sim_why(c, (int)s,
					"its probe error (%d) aborted %s's registration "
					"walk",
					err, iommu_name(c, iommu));
				iommu_unregister(c, iommu);
				return;
			}
		}
		/* default domains once the whole bus was walked */
		for (size_t g = first_group; g < c->r->n_groups; g++)
			if (c->r->groups[g].first >= 0 && c->r->groups[g].domain == IOT_DOMAIN_NONE)
				setup_default_domain(c, (int)g);
	}
}

static void defer(struct sim_ctx *c, int s, const char *drv, const char *why)
{
	size_t cap = c->cap_deferred;

	sim_trace(c, "  %s: -EPROBE_DEFER (%s)", c->r->devs[s].name, why);
	c->r->devs[s].deferred = true;
	iot_grow((void **)&c->deferred, &c->cap_deferred, c->n_deferred + 1, sizeof(int));
	iot_grow((void **)&c->deferred_drv, &cap, c->n_deferred + 1, sizeof(char *));
	c->deferred_drv[c->n_deferred] = drv;
	c->deferred[c->n_deferred++] = s;
}

/*
 * dd.c:really_probe -> bus->dma_configure before drv->probe().  Before 6.15
 * this is where a DT/IORT/VIOT device is grouped ("replay"), whatever the
 * driver's probe then returns (kernel-rules.md B1).  Returns false if deferred.
 */
static bool bind_attempt(struct sim_ctx *c, int s, const char *drv)
{
	struct iot_sim_dev *d = &c->r->devs[s];
	enum sim_target_state st;

	if (d->bound || d->deferred)
		return true;
	sim_trace(c, "bind %s %s", drv, d->name);
	if (d->is_pci && c->r->firmware == IOT_FW_DT && !c->acs_requested) {
		c->acs_requested = true; /* of_iommu.c:of_iommu_configure -> pci_request_acs() */
		sim_trace(c, "  pci_request_acs() (of_iommu_configure): later device_adds get ACS");
	}
	st = c->fw_err[s] ? TGT_NONE : target_state(c, c->target[s]);
	if (d->group >= 0 || st == TGT_NONE) {
		d->bound = true;
		return true;
	}
	if (st == TGT_PENDING) {
		defer(c, s, drv, "IOMMU not registered yet");
		return false;
	}
	if (st == TGT_ABSENT) {
		bool failed = c->iommus[c->target[s]].failed;

		/* iort.c:iort_iommu_xlate / viot.c: driver not built -> -ENODEV at once */
		if (!failed && c->r->firmware == IOT_FW_ACPI) {
			sim_why(c, s, "no driver for %s in this kernel: -ENODEV",
				iommu_name(c, c->target[s]));
			d->bound = true;
			return true;
		}
		defer(c, s, drv, "driver_deferred_probe_check_state: waiting for the IOMMU");
		return false;
	}
	if (c->k->two_phase_probe && c->r->firmware == IOT_FW_ACPI) {
		d->bound = true; /* scan.c: no replay since the seed */
		return true;
	}
	if (c->k->two_phase_probe)
		sim_trace(c, "  %s: late IOMMU probe at driver bind (WARN)", d->name);
	probe_device(c, s, false);
	if (!c->k->two_phase_probe && d->group >= 0)
		sim_why(c, s, "grouped at its first driver probe attempt (%s; bind-time replay)",
			drv);
	d->bound = true;
	return true;
}

static void retry_deferred(struct sim_ctx *c)
{
	size_t n = c->n_deferred;
	int *list = c->deferred;
	const char **drv = c->deferred_drv;

	c->deferred = NULL;
	c->deferred_drv = NULL;
	c->n_deferred = c->cap_deferred = 0;
	sim_trace(c, "deferred probe: retrying %zu device(s)", n);
	for (size_t i = 0; i < n; i++) {
		c->r->devs[list[i]].deferred = false;
		bind_attempt(c, list[i], drv[i]);
	}
	free(list);
	free(drv);
}

/* --- device_add ------------------------------------------------------------- */

struct sort_ent {
	int parent;
	uint8_t bus, devfn;
	int dev;
};

static int sort_cmp(const void *a, const void *b)
{
	const struct sort_ent *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->devfn != y->devfn)
		return x->devfn < y->devfn ? -1 : 1;
	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

/*
 * probe.c:pci_scan_child_bus_extend: a bus's functions in devfn order, then
 * each bridge's secondary bus, depth first.  Fills sim devs in that order.
 */
static void add_order_root(struct sim_ctx *c, int ri, size_t *next)
{
	const struct iot_pci_root *root = &c->t->roots[ri];
	size_t n = root->n_devs, top = 0;
	struct sort_ent *e = iot_xcalloc(n ? n : 1, sizeof(*e));
	size_t *lo = iot_xcalloc(n + 1, sizeof(size_t)), *hi = iot_xcalloc(n + 1, sizeof(size_t));
	size_t(*stack)[2] = iot_xcalloc(n + 1, sizeof(*stack));

	for (size_t i = 0; i < n; i++) {
		int par = root->devs[i].parent;

		/* a parent must come first (iot_topology_validate): no cycles to chase */
		e[i].parent = (par >= 0 && (size_t)par < i) ? par : -1;
		e[i].bus = root->devs[i].bus;
		e[i].devfn = root->devs[i].devfn;
		e[i].dev = (int)i;
	}
	qsort(e, n, sizeof(*e), sort_cmp);
	/* children range per parent; slot n is the root bus */
	for (size_t i = 0; i < n; i++) {
		size_t key = e[i].parent < 0 ? n : (size_t)e[i].parent;

		if (!i || e[i].parent != e[i - 1].parent)
			lo[key] = i;
		hi[key] = i + 1;
	}
	stack[top][0] = lo[n];
	stack[top][1] = hi[n];
	top++;
	for (size_t i = lo[n]; i < hi[n]; i++)
		c->pci_sim[ri][e[i].dev] = (int)(*next)++;
	while (top) {
		size_t *cur = stack[top - 1];

		if (cur[0] >= cur[1]) {
			top--;
			continue;
		}
		size_t dev = (size_t)e[cur[0]++].dev;

		if (hi[dev] <= lo[dev] || top > n)
			continue;
		for (size_t i = lo[dev]; i < hi[dev]; i++)
			c->pci_sim[ri][e[i].dev] = (int)(*next)++;
		stack[top][0] = lo[dev];
		stack[top][1] = hi[dev];
		top++;
	}
	/* devices whose parent chain loops never got a slot: add them last */
	for (size_t i = 0; i < n; i++)
		if (c->pci_sim[ri][i] < 0)
			c->pci_sim[ri][i] = (int)(*next)++;
	free(e);
	free(lo);
	free(hi);
	free(stack);
}

#define PCI_NAME_LEN 13 /* "dddd:bb:dd.f" and its NUL */

/* "0000:00:1f.7" without printf: a million of these are formatted per run */
static const char *pci_name(char *out, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	static const char hex[] = "0123456789abcdef";

	out[0] = hex[seg >> 12];
	out[1] = hex[(seg >> 8) & 15];
	out[2] = hex[(seg >> 4) & 15];
	out[3] = hex[seg & 15];
	out[4] = ':';
	out[5] = hex[bus >> 4];
	out[6] = hex[bus & 15];
	out[7] = ':';
	out[8] = hex[devfn >> 7];
	out[9] = hex[(devfn >> 3) & 15];
	out[10] = '.';
	out[11] = hex[devfn & 7];
	out[12] = 0;
	return out;
}

static void build_devs(struct sim_ctx *c)
{
	const struct iot_topology *t = c->t;
	struct iot_sim_result *r = c->r;
	size_t n = 0, next, names_len;
	char *pool;

	for (size_t i = 0; i < t->n_platdevs; i++)
		if (t->platdevs[i].status != IOT_STATUS_DISABLED)
			n++;
	c->n_plat = n;
	for (size_t i = 0; i < t->n_roots; i++)
		n += t->roots[i].n_devs;
	r->n_devs = n;
	r->devs = iot_xcalloc(n ? n : 1, sizeof(*r->devs));
	names_len = (n - c->n_plat) * PCI_NAME_LEN;
	for (size_t i = 0; i < t->n_platdevs; i++)
		names_len += strlen(t->platdevs[i].name ? t->platdevs[i].name : "?") + 1;
	r->names = iot_xmalloc(names_len ? names_len : 1);
	pool = r->names;
	next = 0;
	for (size_t i = 0; i < t->n_platdevs; i++) {
		struct iot_sim_dev *d;
		const char *nm = t->platdevs[i].name ? t->platdevs[i].name : "?";

		if (t->platdevs[i].status == IOT_STATUS_DISABLED)
			continue;
		d = &r->devs[next++];
		memcpy(pool, nm, strlen(nm) + 1);
		d->name = pool;
		pool += strlen(nm) + 1;
		d->idx = (int)i;
		d->root = -1;
		d->parent = -1;
	}
	c->pci_sim = iot_xcalloc(t->n_roots ? t->n_roots : 1, sizeof(int *));
	for (size_t ri = 0; ri < t->n_roots; ri++) {
		size_t nd = t->roots[ri].n_devs;

		c->pci_sim[ri] = iot_xmalloc((nd ? nd : 1) * sizeof(int));
		memset(c->pci_sim[ri], 0xff, (nd ? nd : 1) * sizeof(int));
		add_order_root(c, (int)ri, &next);
		for (size_t i = 0; i < nd; i++) {
			const struct iot_pci_dev *p = &t->roots[ri].devs[i];
			struct iot_sim_dev *d = &r->devs[c->pci_sim[ri][i]];
			int par = p->parent;

			d->is_pci = true;
			d->root = (int)ri;
			d->idx = (int)i;
			d->parent = (par >= 0 && (size_t)par < i) ? c->pci_sim[ri][par] : -1;
			d->name = pci_name(pool + (size_t)(c->pci_sim[ri][i] - (int)c->n_plat) *
							   PCI_NAME_LEN,
					   t->roots[ri].segment, p->bus, p->devfn);
		}
	}
	for (size_t s = 0; s < n; s++) {
		r->devs[s].group = -1;
		r->devs[s].next_in_group = -1;
		r->devs[s].iommu = IOT_NONE;
		r->devs[s].alias_owner = -1;
		r->devs[s].acs_path_memo = -1;
		r->devs[s].add_seq = (int)s;
	}
}

/*
 * Siblings (same parent, same bus) are contiguous in device_add order and
 * sorted by devfn there (add_order_root), so their ranges come from one pass.
 */
static void build_siblings(struct sim_ctx *c)
{
	size_t n = c->r->n_devs, np = n - c->n_plat, lo = 0;

	c->sib = iot_xcalloc(np ? np : 1, sizeof(int));
	c->sib_lo = iot_xcalloc(n ? n : 1, sizeof(int));
	c->sib_hi = iot_xcalloc(n ? n : 1, sizeof(int));
	c->sib_pos = iot_xcalloc(n ? n : 1, sizeof(int));
	for (size_t i = 0; i < np; i++) {
		int s = (int)(c->n_plat + i);

		c->sib[i] = s;
		if (i) {
			int p = s - 1;

			if (c->r->devs[p].root != c->r->devs[s].root ||
			    c->r->devs[p].parent != c->r->devs[s].parent ||
			    sim_pci(c, p)->bus != sim_pci(c, s)->bus)
				lo = i;
		}
		c->sib_lo[s] = (int)lo;
		c->sib_pos[s] = (int)i;
	}
	for (size_t i = np; i-- > 0;) {
		int s = c->sib[i];

		c->sib_hi[s] = (i + 1 < np && c->sib_lo[s + 1] == c->sib_lo[s]) ? c->sib_hi[s + 1] :
										  (int)i + 1;
	}
}

/* pci.c:pci_acs_init -> pci_enable_acs, inside pci_device_add before device_add */
static void pci_acs_init(struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	struct iot_sim_dev *d = &c->r->devs[s];
	int par = d->parent;

	if (par >= 0) {
		const struct iot_pci_dev *pp = sim_pci(c, par);

		d->untrusted = c->r->devs[par].untrusted || pp->external_facing;
	}
	d->acs_ctrl = p->acs_ctrl_set ? p->acs_ctrl : 0;
	c->acs_requested_at_add[s] = c->acs_requested;
	if (!p->has_acs || !c->acs_requested)
		return;
	d->acs_kernel = true;
	d->acs_ctrl |= p->acs_cap & SIM_REQ_ACS_FLAGS;
	if (p->external_facing || d->untrusted)
		d->acs_ctrl |= p->acs_cap & IOT_ACS_TB;
}

static void device_add(struct sim_ctx *c, int s)
{
	struct iot_sim_dev *d = &c->r->devs[s];

	if (d->is_pci) {
		pci_acs_init(c, s);
		if (sim_pci(c, s)->has_acs && !d->acs_kernel)
			sim_why(c, s,
				"added before pci_request_acs(): ACS control left as firmware "
				"set it (0x%x)",
				d->acs_ctrl);
	}
	d->added = true;
	sim_trace(c, "device_add %s", d->name);
	if (d->is_pci && c->r->firmware == IOT_FW_DT && c->k->two_phase_probe &&
	    !c->acs_requested) {
		/* ≥6.15: iommu_init_device -> of_iommu_configure at the first PCI ADD (B8) */
		c->acs_requested = true;
		sim_trace(c, "  pci_request_acs() (of_iommu_configure at device_add)");
	}
	if (!c->k->two_phase_probe && !(d->iommu >= 0 && ops_of(c, d->iommu)->null_fwnode))
		return;
	if (target_state(c, c->target[s]) == TGT_REGISTERED)
		probe_device(c, s, false);
}

/* --- driver binding order (kernel-rules.md B1, B5) ----------------------------- */

static bool is_stub_driver(const char *drv)
{
	return drv && (!strcmp(drv, "pci-stub") || !strcmp(drv, "vfio-pci"));
}

/* portdrv.c:port_pci_ids: every PCI-to-PCI bridge class */
static bool pcieport_matches(const struct iot_pci_dev *p)
{
	return (p->class_code >> 8) == 0x0604 || iot_pci_type_is_bridge(p->type);
}

/* agpgart-intel (AGP_INTEL=y on amd64): the q35/i915-era host bridges */
static bool agp_intel_matches(const struct iot_pci_dev *p)
{
	return p->has_ids && p->vendor == 0x8086 && p->type == IOT_PCI_HOST_BRIDGE;
}

static bool recorded_driver(const struct iot_pci_dev *p)
{
	return (p->driver && !is_stub_driver(p->driver)) || !p->driver_known;
}

/*
 * DT: a host bridge is a platform driver; its probe adds the bus and binds
 * the already registered pcieport to its ports (pci_bus_add_devices) before
 * the next host bridge probes.  That first bind's of_iommu_configure calls
 * pci_request_acs(), so a later host bridge's devices get ACS (§7 E37).
 * ACPI roots are all enumerated before any PCI driver registers.
 */
static void host_bridge_probed(struct sim_ctx *c, int root)
{
	if (c->r->firmware != IOT_FW_DT)
		return;
	for (size_t s = c->n_plat; s < c->r->n_devs; s++)
		if (c->r->devs[s].root == root && pcieport_matches(sim_pci(c, (int)s)))
			bind_attempt(c, (int)s, "pcieport");
}

static void boot_binds(struct sim_ctx *c)
{
	size_t n = c->r->n_devs;

	/* platform drivers (DT/ACPI devices with a driver) */
	for (size_t s = 0; s < c->n_plat; s++) {
		const struct iot_platdev *pd = &c->t->platdevs[c->r->devs[s].idx];

		if (pd->driver || !pd->driver_known)
			bind_attempt(c, (int)s, pd->driver ? pd->driver : "(assumed driver)");
	}
	/* built-in PCI drivers in registration order, each over devices in add order */
	for (size_t s = c->n_plat; s < n; s++)
		if (pcieport_matches(sim_pci(c, (int)s)))
			bind_attempt(c, (int)s, "pcieport");
	if (c->k->virtio_pci_builtin)
		for (size_t s = c->n_plat; s < n; s++)
			if (sim_pci(c, (int)s)->has_ids && sim_pci(c, (int)s)->vendor == 0x1af4)
				bind_attempt(c, (int)s, "virtio-pci");
	if (c->r->arch == IOT_ARCH_X86)
		for (size_t s = c->n_plat; s < n; s++)
			if (agp_intel_matches(sim_pci(c, (int)s)))
				bind_attempt(c, (int)s, "agpgart-intel");
	for (size_t s = c->n_plat; s < n; s++) {
		const struct iot_pci_dev *p = sim_pci(c, (int)s);

		if (recorded_driver(p))
			bind_attempt(c, (int)s, p->driver ? p->driver : "(assumed driver)");
	}
}

static int bdf_cmp_ctx_dummy;
static const struct sim_ctx *bdf_ctx;

static int bdf_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	const struct iot_sim_dev *dx = &bdf_ctx->r->devs[x], *dy = &bdf_ctx->r->devs[y];
	int c = strcmp(dx->name, dy->name);

	return c ? c : (x < y ? -1 : x > y);
}

/* The fixtures' final/ state: pci-stub bound to driverless devices, BDF order. */
static void explicit_binds(struct sim_ctx *c)
{
	size_t n = c->r->n_devs - c->n_plat, k = 0;
	int *order = iot_xcalloc(n ? n : 1, sizeof(int));

	for (size_t s = c->n_plat; s < c->r->n_devs; s++) {
		const struct iot_pci_dev *p = sim_pci(c, (int)s);

		if (is_stub_driver(p->driver) ||
		    (c->o->state == IOT_STATE_FINAL && !c->r->devs[s].bound))
			order[k++] = (int)s;
	}
	bdf_ctx = c;
	(void)bdf_cmp_ctx_dummy;
	qsort(order, k, sizeof(int), bdf_cmp);
	bdf_ctx = NULL;
	for (size_t i = 0; i < k; i++)
		bind_attempt(c, order[i], "pci-stub");
	free(order);
}

/* --- verdicts (§6) ----------------------------------------------------------- */

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

static void verdicts(struct sim_ctx *c)
{
	struct iot_sim_result *r = c->r;
	struct sim_hash all = { 0 };
	bool *shared = iot_xcalloc(r->n_devs ? r->n_devs : 1, sizeof(bool));

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

		if (d->group >= 0) {
			d->verdict = r->groups[d->group].domain == IOT_DOMAIN_IDENTITY ?
					     IOT_VERDICT_PASSTHROUGH :
					     IOT_VERDICT_TRANSLATED;
		} else if (tg < 0 || c->fw_err[s] || target_state(c, tg) != TGT_REGISTERED) {
			d->verdict = IOT_VERDICT_NO_IOMMU;
			d->iommu = c->fw_err[s] ? IOT_NONE : tg;
		} else if (d->alias_owner >= 0 && r->devs[d->alias_owner].group >= 0) {
			d->verdict = IOT_VERDICT_UNMANAGED_ALIASED;
		} else if (rmr_covers(c, (int)s)) {
			d->verdict = IOT_VERDICT_UNMANAGED_BYPASS;
		} else {
			d->verdict = ops_of(c, tg)->unattached;
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

/* --- set-up ------------------------------------------------------------------ */

static void parse_cmdline(struct sim_ctx *c, const char *cmd)
{
	struct iot_dma_mode mode;

	iot_iommu_cmdline_parse(cmd, &c->cmdline);
	iot_iommu_dma_mode(c->k, c->r->arch == IOT_ARCH_X86, &c->cmdline, &mode);
	c->r->passthrough = mode.passthrough;
	c->r->strict = mode.strict;
}

/*
 * The architecture: from the kernel's release string, else from what the
 * firmware implies (a DT or an IORT is arm64 here; DMAR and IVRS exist only
 * on x86), else from the hardware: an Intel or AMD host bridge function
 * (class 0600) or IOMMU is an x86 chipset.
 */
static enum iot_sim_arch arch_of(const struct iot_topology *t, const char *ver, enum iot_fw_kind fw)
{
	if (ver && (strstr(ver, "arm64") || strstr(ver, "aarch64")))
		return IOT_ARCH_ARM64;
	if (ver && (strstr(ver, "amd64") || strstr(ver, "x86_64")))
		return IOT_ARCH_X86;
	if (fw == IOT_FW_DT)
		return IOT_ARCH_ARM64;
	if (t->firmware.tables & (IOT_TABLE_DMAR | IOT_TABLE_IVRS))
		return IOT_ARCH_X86;
	if (t->firmware.tables & IOT_TABLE_IORT)
		return IOT_ARCH_ARM64;
	for (size_t i = 0; i < t->n_roots; i++)
		for (size_t j = 0; j < t->roots[i].n_devs; j++) {
			const struct iot_pci_dev *p = &t->roots[i].devs[j];

			if (p->has_ids && (p->class_code >> 8) == 0x0600 &&
			    (p->vendor == 0x8086 || p->vendor == 0x1022))
				return IOT_ARCH_X86;
		}
	for (size_t i = 0; i < t->n_iommus; i++)
		if (sim_family_ops(iot_iommu_family(t->iommus[i].model))->null_fwnode)
			return IOT_ARCH_X86;
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model != IOT_IOMMU_VIRTIO_PCI)
			return IOT_ARCH_ARM64;
	return t->n_iommus ? IOT_ARCH_X86 : IOT_ARCH_ARM64;
}

/* iort.c:acpi_iort_init / viot.c:acpi_viot_early_init / DMAR: before the PCI scan */
static bool acs_requested_early(const struct sim_ctx *c)
{
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (ops_of(c, (int)i)->null_fwnode && c->iommus[i].available)
			return true;
	if (c->r->firmware != IOT_FW_ACPI)
		return false;
	for (size_t i = 0; i < c->t->n_roots; i++)
		if (c->t->roots[i].iommu_map.n)
			return true;
	return false;
}

static void ctx_free(struct sim_ctx *c)
{
	for (size_t i = 0; i < c->t->n_roots && c->pci_sim; i++)
		free(c->pci_sim[i]);
	free(c->pci_sim);
	for (size_t i = 0; i < c->t->n_iommus && c->iommus; i++)
		free(c->iommus[i].smes);
	free(c->iommus);
	free(c->sib);
	free(c->sib_lo);
	free(c->sib_hi);
	free(c->sib_pos);
	free(c->pflags);
	for (size_t i = 0; i < c->t->n_roots && c->quirks; i++)
		iot_pci_quirks_free(&c->quirks[i]);
	free(c->quirks);
	free(c->acs_requested_at_add);
	free(c->target);
	free(c->fw_err);
	free(c->smendx_off);
	free(c->sme_idx);
	sim_hash_free(&c->sids);
	free(c->ida);
	free(c->deferred);
	free(c->deferred_drv);
	free(c->walk);
	free(c->walk_off);
}

int iot_sim_run(const struct iot_topology *t, const struct iot_sim_opts *o,
		struct iot_sim_result *r, struct iot_diags *d)
{
	const char *ver = o->kernel ? o->kernel : t->kernel.version ? t->kernel.version : "7.2";
	const char *cmd = o->cmdline ? o->cmdline : t->kernel.cmdline;
	struct sim_ctx c = { .t = t, .o = o, .r = r, .d = d };
	bool exact;
	size_t n;

	memset(r, 0, sizeof(*r));
	c.k = iot_kernel_profile_lookup(ver, &exact);
	if (!c.k) {
		iot_error(d, NULL, "kernel version '%s' is not known (the oldest profile is %s)",
			  ver, iot_kernel_profiles(&n)[0].version);
		return -1;
	}
	if (!exact)
		iot_diag(d, IOT_SEV_NOTE, NULL, NULL,
			 "kernel %s has no profile of its own: using profile %s (%s), the newest "
			 "not above it",
			 ver, c.k->version, c.k->build);
	r->profile = c.k;
	r->state = o->state;
	r->firmware = o->firmware == IOT_FW_DT || o->firmware == IOT_FW_ACPI ?
			      o->firmware :
			      iot_topology_boot_firmware(t);
	r->arch = o->arch != IOT_ARCH_AUTO ? o->arch : arch_of(t, ver, r->firmware);
	parse_cmdline(&c, cmd);
	build_devs(&c);
	n = r->n_devs;
	build_siblings(&c);
	c.pflags = iot_xcalloc(n ? n : 1, 1);
	c.acs_requested_at_add = iot_xcalloc(n ? n : 1, sizeof(bool));
	/* the header fixups, as pci_setup_device runs them before device_add */
	c.quirks = iot_xcalloc(t->n_roots ? t->n_roots : 1, sizeof(*c.quirks));
	for (size_t i = 0; i < t->n_roots; i++) {
		bool ivrs = false;

		/* quirks.c:pci_quirk_amd_sb_acs asks acpi_get_table("IVRS") */
		for (size_t u = 0; u < t->n_iommus; u++)
			ivrs |= t->iommus[u].model == IOT_IOMMU_AMD_VI &&
				t->iommus[u].x86.ivhd_type;
		iot_pci_quirks_init_ivrs(&c.quirks[i], &t->roots[i], c.k, ivrs);
	}
	c.target = iot_xcalloc(n ? n : 1, sizeof(int));
	c.fw_err = iot_xcalloc(n ? n : 1, sizeof(int));
	c.smendx_off = iot_xmalloc((n ? n : 1) * sizeof(int));
	memset(c.smendx_off, 0xff, (n ? n : 1) * sizeof(int));
	c.iommus = iot_xcalloc(t->n_iommus ? t->n_iommus : 1, sizeof(*c.iommus));
	r->n_iommus = t->n_iommus;
	r->iommu_registered = iot_xcalloc(t->n_iommus ? t->n_iommus : 1, sizeof(bool));
	for (size_t i = 0; i < t->n_iommus; i++) {
		enum iot_iommu_family f = iot_iommu_family(t->iommus[i].model);
		bool drv = f != IOT_FAMILY_VIRTIO || c.k->virtio_iommu;

		if (f == IOT_FAMILY_OTHER) /* no driver model for the family yet */
			drv = false;

		if ((f == IOT_FAMILY_INTEL || f == IOT_FAMILY_AMD) && r->arch != IOT_ARCH_X86)
			drv = false;
		else if (f == IOT_FAMILY_INTEL || f == IOT_FAMILY_AMD)
			drv = sim_x86_driver_enabled(&c, (int)i);
		c.iommus[i].available = t->iommus[i].status == IOT_STATUS_OKAY && drv;
		c.iommus[i].late = f == IOT_FAMILY_VIRTIO; /* virtio_iommu.ko */
	}
	c.acs_requested = acs_requested_early(&c);
	/* the firmware parse does not depend on time: resolve every device once */
	for (size_t s = 0; s < n; s++) {
		if (r->devs[s].is_pci)
			sim_pci_quirks(&c, (int)s);
		resolve_fwspec(&c, (int)s);
	}
	build_walk_lists(&c);
	sim_trace(&c, "kernel %s (profile %s, %s probe), %s, %s firmware%s", ver, c.k->version,
		  c.k->two_phase_probe ? "two-phase" : "bind-time",
		  r->arch == IOT_ARCH_X86 ? "x86" : "arm64",
		  r->firmware == IOT_FW_DT ? "DT" : "ACPI",
		  c.acs_requested ? ", pci_request_acs() before enumeration" : "");

	if (o->iommu_before_pci && !o->iommu_after_timeout)
		for (size_t i = 0; i < t->n_iommus; i++)
			if (c.iommus[i].available && !c.iommus[i].late)
				iommu_register(&c, (int)i);
	for (size_t s = 0; s < n; s++) {
		device_add(&c, (int)s);
		if (s + 1 < n && r->devs[s].is_pci && r->devs[s + 1].root != r->devs[s].root)
			host_bridge_probed(&c, r->devs[s].root);
	}
	if (!o->iommu_before_pci && !o->iommu_after_timeout)
		for (size_t i = 0; i < t->n_iommus; i++)
			if (c.iommus[i].available && !c.iommus[i].late)
				iommu_register(&c, (int)i);
	boot_binds(&c);
	for (size_t i = 0; i < t->n_iommus && !o->iommu_after_timeout; i++)
		if (c.iommus[i].available && c.iommus[i].late) {
			sim_trace(&c, "module load: %s driver", ops_of(&c, (int)i)->name);
			iommu_register(&c, (int)i);
		}
	if (c.n_deferred)
		retry_deferred(&c);
	if (c.n_deferred) {
		sim_trace(&c, "deferred probe timeout (10 s after the last driver registration)");
		for (size_t i = 0; i < c.n_deferred; i++) {
			int s = c.deferred[i];

			sim_trace(&c, "  %s: deferred probe timeout, ignoring dependency",
				  r->devs[s].name);
			sim_why(&c, s,
				"IOMMU %s not registered by the deferred-probe timeout: bound "
				"without it",
				iommu_name(&c, c.target[s]));
			r->devs[s].bound = true;
			r->devs[s].deferred = false;
			r->devs[s].timed_out = true;
		}
		c.n_deferred = 0;
	}
	/* §7 E28: an IOMMU module loaded after the timeout finds bound clients */
	for (size_t i = 0; i < t->n_iommus && o->iommu_after_timeout; i++)
		if (c.iommus[i].available) {
			sim_trace(&c, "module load after the timeout: %s driver",
				  ops_of(&c, (int)i)->name);
			iommu_register(&c, (int)i);
		}
	explicit_binds(&c);
	if (c.n_deferred) {
		for (size_t i = 0; i < c.n_deferred; i++)
			r->devs[c.deferred[i]].bound = true;
		c.n_deferred = 0;
	}
	for (size_t i = 0; i < t->n_iommus; i++)
		r->iommu_registered[i] = c.iommus[i].registered;
	verdicts(&c);
	ctx_free(&c);
	return 0;
}

void iot_sim_free(struct iot_sim_result *r)
{
	for (size_t i = 0; i < r->n_devs; i++)
		free(r->devs[i].why);
	free(r->devs);
	free(r->groups);
	free(r->ids);
	free(r->names);
	free(r->iommu_registered);
	iot_buf_free(&r->trace);
	memset(r, 0, sizeof(*r));
}

int iot_sim_find_dev(const struct iot_sim_result *r, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < r->n_devs; i++)
		if (!strcmp(r->devs[i].name, name))
			return (int)i;
	/* "00:01.0" names a device on segment 0 */
	for (size_t i = 0; i < r->n_devs; i++)
		if (r->devs[i].is_pci && strlen(r->devs[i].name) == n + 5 &&
		    !strncmp(r->devs[i].name, "0000:", 5) && !strcmp(r->devs[i].name + 5, name))
			return (int)i;
	return -1;
}

size_t iot_sim_n_groups(const struct iot_sim_result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_groups; i++)
		n += r->groups[i].first >= 0;
	return n;
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
