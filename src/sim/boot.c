// SPDX-License-Identifier: MIT
/*
 * The probe timeline (docs/kernel-rules.md §1): device_add in enumeration
 * order, IOMMU registration and its bus walk, driver bind attempts with
 * deferral and its timeout, explicit binds; then default domains and
 * verdicts.  The kernel's choices come from the profile row, each IOMMU
 * driver's from its struct sim_driver: nothing here names a driver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/acs_override.h"
#include "sim/fw.h"
#include "util/mem.h"

enum sim_target_state sim_target_state(const struct sim_ctx *c, int iommu)
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
	const struct sim_driver *ops;
	int err, g;

	if (d->group >= 0)
		return 0;
	if (c->fw_err[s] || c->target[s] < 0)
		return -SIM_ENODEV;
	if (sim_target_state(c, c->target[s]) != TGT_REGISTERED)
		return -SIM_ENODEV; /* dma_configure deferred; the partial fwspec is freed */
	ops = sim_drv(c, c->target[s]);
	d->iommu = c->target[s];
	err = ops->probe_device ? ops->probe_device(c, s) : 0;
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
	sim_group_add(c, g, s);
	sim_trace(c, "  %s: Adding to iommu group %d", d->name, c->r->groups[g].id);
	if (!walk && c->r->groups[g].domain == IOT_DOMAIN_NONE)
		sim_setup_default_domain(c, g);
	return 0;
}

static void iommu_unregister(struct sim_ctx *c, int iommu)
{
	c->iommus[iommu].registered = false;
	c->iommus[iommu].failed = true;
	for (size_t g = 0; g < c->r->n_groups; g++)
		if (c->r->groups[g].iommu == iommu && c->r->groups[g].first >= 0)
			sim_group_release(c, (int)g);
	for (size_t s = 0; s < c->r->n_devs; s++)
		if (c->target[s] == iommu)
			sim_why(c, (int)s,
				"%s failed to register (an error in its bus walk "
				"unregistered it): no IOMMU",
				sim_iommu_name(c, iommu));
	if (c->iommus[iommu].drv->unregister)
		c->iommus[iommu].drv->unregister(c, iommu);
}

/*
 * The instance whose registration walk probes the devices of @iommu.  A
 * null-fwnode driver's devices have no fwspec: the first registration's
 * bus walk probes every device of every unit (probe_device looks the unit
 * up), so its first available unit walks for all (kernel-rules.md B4/B5).
 */
static int walk_owner(const struct sim_ctx *c, int iommu)
{
	const struct sim_driver *drv = c->iommus[iommu].drv;

	if (!drv || !drv->null_fwnode)
		return iommu;
	for (int i = 0; i < iommu; i++)
		if (c->iommus[i].drv == drv && c->iommus[i].available && !c->iommus[i].late)
			return i;
	return iommu;
}

/*
 * A null-fwnode driver registers its units one after the other, but the
 * first registration's walk already probes every device; marking the
 * driver's other units registered then reproduces the numbering.
 */
static void register_siblings(struct sim_ctx *c, int iommu)
{
	const struct sim_driver *drv = c->iommus[iommu].drv;

	if (!drv->null_fwnode)
		return;
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (c->iommus[i].drv == drv && c->iommus[i].available && !c->iommus[i].late &&
		    !c->iommus[i].failed)
			c->iommus[i].registered = true;
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
			c->walk_off[walk_owner(c, c->target[s]) + 1]++;
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
		k = walk_owner(c, c->target[s]);
		c->walk[c->walk_off[k] + fill[k]++] = (int)s;
	}
}

/* iommu.c:iommu_device_register -> bus_iommu_probe on platform, then PCI */
static void iommu_register(struct sim_ctx *c, int iommu)
{
	const struct sim_driver *ops = sim_drv(c, iommu);
	size_t lo = c->walk_off[iommu], hi = c->walk_off[iommu + 1];
	size_t first_group = c->r->n_groups;

	if (ops->probe_instance)
		ops->probe_instance(c, iommu);
	c->iommus[iommu].registered = true;
	register_siblings(c, iommu);
	sim_trace(c, "iommu_device_register %s (%s): bus_iommu_probe", sim_iommu_name(c, iommu),
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
					  d->name, err, sim_iommu_name(c, iommu));
				sim_why(c, (int)s,
					"its probe error (%d) aborted %s's registration "
					"walk",
					err, sim_iommu_name(c, iommu));
				iommu_unregister(c, iommu);
				return;
			}
		}
		/* default domains once the whole bus was walked */
		for (size_t g = first_group; g < c->r->n_groups; g++)
			if (c->r->groups[g].first >= 0 && c->r->groups[g].domain == IOT_DOMAIN_NONE)
				sim_setup_default_domain(c, (int)g);
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
	st = c->fw_err[s] ? TGT_NONE : sim_target_state(c, c->target[s]);
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
			sim_why(c, s, "%s never registers in this kernel: -ENODEV",
				sim_iommu_name(c, c->target[s]));
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
	if (!c->k->two_phase_probe &&
	    !(d->iommu >= 0 && sim_drv(c, d->iommu) && sim_drv(c, d->iommu)->null_fwnode))
		return;
	if (sim_target_state(c, c->target[s]) == TGT_REGISTERED)
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

/*
 * An SR-IOV VF exists only once user space writes sriov_numvfs, after boot
 * (iov.c:sriov_add_vfs -> pci_iov_add_virtfn -> pci_bus_add_device): it is
 * added, probed and bound after every boot-time device, so its group is
 * numbered after theirs.
 */
static bool created_after_boot(const struct sim_ctx *c, int s)
{
	return c->pflags[s] & SIM_PCI_VF;
}

/*
 * Which of the boot-time binds below apply to PCI device @s, noted once in
 * c->pflags: the binding passes then walk a byte per device, not the
 * model's functions again (a million of them do not stay in cache).
 */
static void boot_class(struct sim_ctx *c, int s)
{
	const struct iot_pci_dev *p = sim_pci(c, s);
	uint8_t f = 0;

	if (p->is_vf)
		f |= SIM_PCI_VF;
	if (pcieport_matches(p))
		f |= SIM_PCI_PORT;
	if (p->has_ids && p->vendor == 0x1af4)
		f |= SIM_PCI_VIRTIO;
	if (agp_intel_matches(p))
		f |= SIM_PCI_AGP;
	if (recorded_driver(p))
		f |= SIM_PCI_RECORDED;
	if (is_stub_driver(p->driver))
		f |= SIM_PCI_STUB;
	c->pflags[s] |= f;
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
		if ((c->pflags[s] & (SIM_PCI_VF | SIM_PCI_PORT)) == SIM_PCI_PORT)
			bind_attempt(c, (int)s, "pcieport");
	if (sim_kconfig(c, "VIRTIO_PCI") == 'y')
		for (size_t s = c->n_plat; s < n; s++)
			if ((c->pflags[s] & (SIM_PCI_VF | SIM_PCI_VIRTIO)) == SIM_PCI_VIRTIO)
				bind_attempt(c, (int)s, "virtio-pci");
	if (c->r->arch == IOT_ARCH_X86)
		for (size_t s = c->n_plat; s < n; s++)
			if ((c->pflags[s] & (SIM_PCI_VF | SIM_PCI_AGP)) == SIM_PCI_AGP)
				bind_attempt(c, (int)s, "agpgart-intel");
	for (size_t s = c->n_plat; s < n; s++) {
		if ((c->pflags[s] & (SIM_PCI_VF | SIM_PCI_RECORDED)) == SIM_PCI_RECORDED) {
			const struct iot_pci_dev *p = sim_pci(c, (int)s);

			bind_attempt(c, (int)s, p->driver ? p->driver : "(assumed driver)");
		}
	}
}

/*
 * The VFs, once the system is up: each is added (two-phase kernels probe it
 * there) and binds its recorded driver at once (sriov_drivers_autoprobe),
 * in device order.
 */
static void add_vfs(struct sim_ctx *c)
{
	for (size_t s = c->n_plat; s < c->r->n_devs; s++) {
		const struct iot_pci_dev *p;

		if (!created_after_boot(c, (int)s))
			continue;
		p = sim_pci(c, (int)s);
		sim_trace(c, "sriov_numvfs: %s created", c->r->devs[s].name);
		sim_why(c, (int)s,
			"an SR-IOV VF: created after boot (sriov_numvfs), so added after every "
			"boot-time device");
		device_add(c, (int)s);
		if (recorded_driver(p))
			bind_attempt(c, (int)s, p->driver ? p->driver : "(assumed driver)");
	}
}

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

	for (size_t s = c->n_plat; s < c->r->n_devs; s++)
		if ((c->pflags[s] & SIM_PCI_STUB) ||
		    (c->o->state == IOT_STATE_FINAL && !c->r->devs[s].bound))
			order[k++] = (int)s;
	bdf_ctx = c;
	for (size_t i = 1; i < k; i++)
		if (bdf_cmp(&order[i - 1], &order[i]) > 0) { /* mostly in order already */
			qsort(order, k, sizeof(int), bdf_cmp);
			break;
		}
	bdf_ctx = NULL;
	for (size_t i = 0; i < k; i++)
		bind_attempt(c, order[i], "pci-stub");
	free(order);
}

/* --- set-up ------------------------------------------------------------------ */

char sim_kconfig(const struct sim_ctx *c, const char *symbol)
{
	size_t n = strlen(symbol);

	for (const char *const *o = c->o->kconfig; o && *o; o++)
		if (!strncmp(*o, symbol, n) && (*o)[n] == '=')
			return (*o)[n + 1];
	/* the --config file or distribution, else the profile's (kernel/kconfig.h) */
	return iot_kconfig_value(c->config, c->k, c->karch, symbol);
}

/* Why instance @iommu did not register (heap), NULL if nothing says. */
static char *absent_reason(const struct sim_ctx *c, int iommu)
{
	const struct sim_iommu *si = &c->iommus[iommu];
	const struct iot_iommu *u = &c->t->iommus[iommu];

	if (u->status == IOT_STATUS_DISABLED)
		return iot_strdup("disabled in the firmware (status)");
	if (!si->drv)
		return iot_asprintf("no Linux IOMMU driver iotopo knows matches %s",
				    u->compatible.n ? u->compatible.v[0] :
						      iot_iommu_model_name(u->model));
	if (si->kconfig == 'n')
		return iot_asprintf(
			"its driver %s (%s) is not in this kernel: CONFIG_%s is not set "
			"in the profile's config",
			si->drv->name, si->drv->source, si->drv->kconfig);
	if (si->absent)
		return iot_strdup(si->absent);
	if (si->failed)
		return iot_strdup("its registration failed: an error in its bus walk "
				  "unregistered it");
	return NULL;
}

void sim_why_absent(struct sim_ctx *c, int s, int iommu)
{
	char *why;

	if (c->t->iommus[iommu].status == IOT_STATUS_DISABLED || !c->iommus[iommu].absent)
		return;
	why = absent_reason(c, iommu);
	if (why)
		sim_why(c, s, "IOMMU %s: %s", c->t->iommus[iommu].name, why);
	free(why);
}

/*
 * The driver that binds each IOMMU (its compatible, else its model's
 * family), whether that driver is in the profile's config, and whether the
 * instance initialises; modules register after the built-in drivers bound.
 */
static void setup_instances(struct sim_ctx *c)
{
	for (size_t i = 0; i < c->t->n_iommus; i++) {
		const struct iot_iommu *u = &c->t->iommus[i];
		struct sim_iommu *si = &c->iommus[i];
		const char *why = NULL;

		si->drv = sim_driver_match(u, &si->match_data, &si->compatible);
		si->kconfig = si->drv ? sim_kconfig(c, si->drv->kconfig) : 'n';
		if (!si->drv)
			si->absent = "no IOMMU driver iotopo knows matches its compatible";
		else if (si->kconfig == 'n')
			si->absent = "its driver is not in this kernel's config";
		else if (si->drv->instance_enabled && !si->drv->instance_enabled(c, (int)i, &why))
			si->absent = why;
		si->available = u->status == IOT_STATUS_OKAY && !si->absent;
		si->late = si->kconfig == 'm';
		if (si->available && si->drv->init_instance)
			si->drv->init_instance(c, (int)i);
	}
}

/*
 * The global default domain: iommu.c:iommu_subsys_init from the config's
 * Kconfig choice and the command line, then every driver whose init code
 * calls iommu_set_dma_strict() for an instance that initialises.
 */
static void setup_dma_mode(struct sim_ctx *c)
{
	struct iot_dma_mode mode;

	iot_iommu_dma_mode(c->k, &c->dconf, c->r->arch == IOT_ARCH_X86, &c->cmdline, &mode);
	for (size_t i = 0; i < c->t->n_iommus; i++) {
		const struct sim_iommu *si = &c->iommus[i];

		if (si->available && si->drv->init_dma_mode)
			si->drv->init_dma_mode(c, (int)i, &mode);
	}
	c->r->passthrough = mode.passthrough;
	c->r->strict = mode.strict;
	snprintf(c->r->mode_why, sizeof(c->r->mode_why), "%s", mode.why);
}

/*
 * The architecture: from the kernel's release string, else from what the
 * firmware implies (a DT or an IORT is arm64 here; DMAR and IVRS exist only
 * on x86; so do I/O APICs), else from the hardware: an Intel or AMD host bridge function
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
	/* a MADT with I/O APICs: an Arm MADT describes GICs only */
	if (t->machine.n_ioapics)
		return IOT_ARCH_X86;
	for (size_t i = 0; i < t->n_roots; i++)
		for (size_t j = 0; j < t->roots[i].n_devs; j++) {
			const struct iot_pci_dev *p = &t->roots[i].devs[j];

			if (p->has_ids && (p->class_code >> 8) == 0x0600 &&
			    (p->vendor == 0x8086 || p->vendor == 0x1022))
				return IOT_ARCH_X86;
		}
	/* an IOMMU whose driver Debian builds for one architecture only */
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct sim_driver *drv = sim_driver_match(&t->iommus[i], NULL, NULL);
		char arm, x86;

		if (!drv)
			continue;
		arm = iot_kernel_kconfig(NULL, IOT_KARCH_ARM64, drv->kconfig);
		x86 = iot_kernel_kconfig(NULL, IOT_KARCH_X86_64, drv->kconfig);
		if (x86 != 'n' && arm == 'n')
			return IOT_ARCH_X86;
		if (arm != 'n' && x86 == 'n')
			return IOT_ARCH_ARM64;
	}
	/* a virtio-iommu alone: its MMIO transport is the Arm virt machine's, PCI q35's */
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].pci_bdf == 0 && t->iommus[i].base)
			return IOT_ARCH_ARM64;
	return t->n_iommus ? IOT_ARCH_X86 : IOT_ARCH_ARM64;
}

/* iort.c:acpi_iort_init / viot.c:acpi_viot_early_init / DMAR: before the PCI scan */
static bool acs_requested_early(const struct sim_ctx *c)
{
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (c->iommus[i].drv && c->iommus[i].drv->null_fwnode && c->iommus[i].available)
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
	for (size_t i = 0; i < c->t->n_iommus && c->iommus; i++) {
		if (c->iommus[i].drv && c->iommus[i].drv->free_instance)
			c->iommus[i].drv->free_instance(c, (int)i);
		free(c->iommus[i].priv);
	}
	free(c->iommus);
	for (size_t s = 0; s < c->r->n_devs && c->dev_priv; s++)
		free(c->dev_priv[s]);
	free(c->dev_priv);
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
	free(c->ida);
	free(c->deferred);
	free(c->deferred_drv);
	free(c->walk);
	free(c->walk_off);
}

/*
 * The out-of-tree ACS override in effect: the what-if option, else the
 * command line's pcie_acs_override= when kernel @ver is a build known to
 * carry the patch (a vanilla kernel ignores the parameter: said in a note).
 */
static const struct iot_acs_override *acs_override_of(struct sim_ctx *c, const char *ver,
						      struct iot_acs_override *buf)
{
	char err[160];

	if (c->o->acs_override_off)
		return NULL;
	if (c->o->acs_override) {
		c->r->acs_override = true;
		return c->o->acs_override;
	}
	if (!c->cmdline.acs_override_set)
		return NULL;
	if (!iot_acs_override_in_kernel(ver)) {
		iot_diag(c->d, IOT_SEV_NOTE, NULL, NULL,
			 "pcie_acs_override=%s on the command line: kernel %s ignores it unless "
			 "built with the out-of-tree ACS override patch (Proxmox VE, Zen); "
			 "--acs-override simulates one that is",
			 c->cmdline.acs_override, ver);
		return NULL;
	}
	if (iot_acs_override_parse(c->cmdline.acs_override, buf, err, sizeof(err)) < 0) {
		iot_warning(c->d, NULL, "pcie_acs_override=%s on the command line: %s",
			    c->cmdline.acs_override, err);
		return NULL;
	}
	iot_diag(c->d, IOT_SEV_NOTE, NULL, NULL,
		 "kernel %s carries the out-of-tree ACS override patch: pcie_acs_override=%s "
		 "applies (UNSAFE: the groups it splits are not isolated)",
		 ver, c->cmdline.acs_override);
	c->r->acs_override = c->r->acs_override_cmdline = true;
	snprintf(c->r->acs_override_cmdline_value, sizeof(c->r->acs_override_cmdline_value), "%s",
		 c->cmdline.acs_override);
	return buf;
}

int iot_sim_run(const struct iot_topology *t, const struct iot_sim_opts *o,
		struct iot_sim_result *r, struct iot_diags *d)
{
	const char *ver = o->kernel ? o->kernel : t->kernel.version ? t->kernel.version : "7.2";
	const char *cmd = o->cmdline ? o->cmdline : t->kernel.cmdline;
	struct sim_ctx c = { .t = t, .o = o, .r = r, .d = d };
	struct iot_acs_override cmdline_override;
	const struct iot_acs_override *override;
	bool exact;
	size_t n;

	memset(r, 0, sizeof(*r));
	c.k = iot_kernel_profile_lookup(ver, &exact);
	if (!c.k) {
		iot_error(d, NULL, "kernel version '%s' is not known (the oldest profile is %s)",
			  ver, iot_kernel_profiles(&n)[0].version);
		return -1;
	}
	r->profile = c.k;
	r->config = o->config ? o->config->name : c.k->config;
	r->config_source = o->config ? o->config->source : NULL;
	if (!exact)
		iot_diag(d, IOT_SEV_NOTE, NULL, NULL,
			 "kernel %s has no profile of its own: using profile %s (%s), the newest "
			 "not above it, with the %s config",
			 ver, c.k->version, c.k->build, r->config);
	r->state = o->state;
	r->firmware = o->firmware == IOT_FW_DT || o->firmware == IOT_FW_ACPI ?
			      o->firmware :
			      iot_topology_boot_firmware(t);
	r->arch = o->arch != IOT_ARCH_AUTO ? o->arch : arch_of(t, ver, r->firmware);
	iot_iommu_cmdline_parse(cmd, &c.cmdline);
	c.karch = r->arch == IOT_ARCH_X86 ? IOT_KARCH_X86_64 : IOT_KARCH_ARM64;
	c.config = o->config;
	iot_domain_config_init(&c.dconf, c.config, c.k, c.karch);
	sim_build_devs(&c);
	n = r->n_devs;
	sim_build_siblings(&c);
	c.pflags = iot_xcalloc(n ? n : 1, 1);
	c.acs_requested_at_add = iot_xcalloc(n ? n : 1, sizeof(bool));
	override = acs_override_of(&c, ver, &cmdline_override);
	/* the header fixups, as pci_setup_device runs them before device_add */
	c.quirks = iot_xcalloc(t->n_roots ? t->n_roots : 1, sizeof(*c.quirks));
	for (size_t i = 0; i < t->n_roots; i++) {
		bool ivrs = false;

		/* quirks.c:pci_quirk_amd_sb_acs asks acpi_get_table("IVRS"): an IVHD was read */
		for (size_t u = 0; u < t->n_iommus; u++)
			ivrs |= t->iommus[u].x86.ivhd_type != 0;
		iot_pci_quirks_init_override(&c.quirks[i], &t->roots[i], c.k, ivrs, override);
	}
	c.target = iot_xcalloc(n ? n : 1, sizeof(int));
	c.fw_err = iot_xcalloc(n ? n : 1, sizeof(int));
	c.dev_priv = iot_xcalloc(n ? n : 1, sizeof(*c.dev_priv));
	c.iommus = iot_xcalloc(t->n_iommus ? t->n_iommus : 1, sizeof(*c.iommus));
	r->n_iommus = t->n_iommus;
	r->iommu_registered = iot_xcalloc(t->n_iommus ? t->n_iommus : 1, sizeof(bool));
	setup_instances(&c);
	setup_dma_mode(&c);
	sim_fw_init(&c);
	c.acs_requested = acs_requested_early(&c);
	/* the firmware parse does not depend on time: resolve every device once */
	for (size_t s = 0; s < n; s++) {
		if (r->devs[s].is_pci) {
			sim_pci_quirks(&c, (int)s);
			boot_class(&c, (int)s);
		}
		sim_resolve_fwspec(&c, (int)s);
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
		if (!r->devs[s].populated_late && !created_after_boot(&c, (int)s))
			device_add(&c, (int)s);
		if (s + 1 < n && r->devs[s].is_pci && r->devs[s + 1].root != r->devs[s].root)
			host_bridge_probed(&c, r->devs[s].root);
	}
	if (!o->iommu_before_pci && !o->iommu_after_timeout)
		for (size_t i = 0; i < t->n_iommus; i++)
			if (c.iommus[i].available && !c.iommus[i].late)
				iommu_register(&c, (int)i);
	/* DT nodes below a device: its driver populates them when it probes (a hot add) */
	for (size_t s = 0; s < c.n_plat; s++)
		if (r->devs[s].populated_late)
			device_add(&c, (int)s);
	boot_binds(&c);
	for (size_t i = 0; i < t->n_iommus && !o->iommu_after_timeout; i++)
		if (c.iommus[i].available && c.iommus[i].late) {
			sim_trace(&c, "module load: %s driver", c.iommus[i].drv->name);
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
				sim_iommu_name(&c, c.target[s]));
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
				  c.iommus[i].drv->name);
			iommu_register(&c, (int)i);
		}
	add_vfs(&c);
	explicit_binds(&c);
	if (c.n_deferred) {
		for (size_t i = 0; i < c.n_deferred; i++)
			r->devs[c.deferred[i]].bound = true;
		c.n_deferred = 0;
	}
	r->iommu_driver = iot_xcalloc(t->n_iommus ? t->n_iommus : 1, sizeof(*r->iommu_driver));
	r->iommu_why = iot_xcalloc(t->n_iommus ? t->n_iommus : 1, sizeof(*r->iommu_why));
	for (size_t i = 0; i < t->n_iommus; i++) {
		r->iommu_registered[i] = c.iommus[i].registered;
		r->iommu_driver[i] = c.iommus[i].drv ? c.iommus[i].drv->name : NULL;
		if (!c.iommus[i].registered)
			r->iommu_why[i] = absent_reason(&c, (int)i);
	}
	sim_verdicts(&c);
	ctx_free(&c);
	return 0;
}
