// SPDX-License-Identifier: MIT
/*
 * Rules that ask the simulator's driver table what Linux's IOMMU driver for
 * an IOMMU expects of the firmware (sim.h: iot_sim_iommu_driver).
 */
#include <stdlib.h>
#include <string.h>

#include "lint/checks.h"
#include "sim/sim.h"
#include "util/mem.h"

static const char *nm(const char *s)
{
	return s ? s : "(unnamed)";
}

/*
 * Each driver's of_xlate reads a fixed number of specifier cells (the
 * binding's #iommu-cells): mtk_iommu_of_xlate and qcom_iommu_of_xlate refuse
 * another count (-EINVAL, the master gets no IOMMU), the others read cells
 * that are not there or drop the extra ones.
 */
void iot_check_dt_iommu_cells(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];
		const char *drv, *src;
		unsigned int lo, hi;

		if (!u->compatible.n || !iot_sim_iommu_driver(u, &drv, &src, &lo, &hi))
			continue;
		if (u->iommu_cells >= lo && u->iommu_cells <= hi)
			continue;
		if (lo == hi)
			iot_lint_report(
				run, &u->loc,
				"IOMMU %s (%s): #iommu-cells = <%u>, but its driver %s (%s) "
				"reads %u cell%s per specifier",
				nm(u->name), u->compatible.v[0], u->iommu_cells, drv, src, lo,
				lo == 1 ? "" : "s");
		else
			iot_lint_report(
				run, &u->loc,
				"IOMMU %s (%s): #iommu-cells = <%u>, but its driver %s (%s) "
				"reads %u to %u cells per specifier",
				nm(u->name), u->compatible.v[0], u->iommu_cells, drv, src, lo, hi);
	}
}

/*
 * The IDs masters give an IOMMU whose Linux driver is one of @drivers,
 * held against that driver's own limits (sim.h: iot_sim_iommu_check_ids,
 * which the simulator's driver ops use too): a platform device's fwspec is
 * the IDs of its iommus entries to instances of its first entry's driver
 * (iommu_fwspec_add_ids appends them to one dev->iommu); an iommu-map row
 * gives each requester ID in it one ID, checked at the first and last ID
 * the row can give (after iommu-map-mask).
 */
static bool driver_is(const struct iot_iommu *u, const char *const *drivers, const char **drv,
		      const char **src)
{
	if (!iot_sim_iommu_driver(u, drv, src, NULL, NULL))
		return false;
	for (; *drivers; drivers++)
		if (!strcmp(*drivers, *drv))
			return true;
	return false;
}

static void check_platdev_ids(struct iot_lint_run *run, const struct iot_platdev *p,
			      const char *const *drivers)
{
	const struct iot_topology *t = run->t;
	const struct iot_iommu *u;
	const char *drv, *src, *d2;
	uint32_t *ids = NULL;
	size_t n = 0;
	char why[320];

	if (p->status == IOT_STATUS_DISABLED || !p->n_iommus || p->iommus[0].iommu < 0 ||
	    (size_t)p->iommus[0].iommu >= t->n_iommus)
		return;
	u = &t->iommus[p->iommus[0].iommu];
	if (u->status == IOT_STATUS_DISABLED || !driver_is(u, drivers, &drv, &src))
		return;
	for (size_t k = 0; k < p->n_iommus; k++) {
		const struct iot_dev_iommu *di = &p->iommus[k];

		if (di->iommu < 0 || (size_t)di->iommu >= t->n_iommus || di->n_cells ||
		    !iot_sim_iommu_driver(&t->iommus[di->iommu], &d2, NULL, NULL, NULL) ||
		    strcmp(d2, drv))
			continue;
		ids = iot_xrealloc(ids, (n + di->n_ids + 1) * sizeof(*ids));
		for (size_t j = 0; j < di->n_ids; j++)
			ids[n++] = di->ids[j].id;
	}
	if (n && iot_sim_iommu_check_ids(u, ids, n, why, sizeof(why)))
		iot_lint_report(run, &p->iommus[0].loc, "device %s: IDs for IOMMU %s (%s, %s): %s",
				nm(p->name), nm(u->name), drv, src, why);
	free(ids);
}

static void check_map_ids(struct iot_lint_run *run, const char *who, const struct iot_idmap *m,
			  const char *const *drivers)
{
	const struct iot_topology *t = run->t;

	for (size_t r = 0; r < m->n; r++) {
		const struct iot_map_row *row = &m->rows[r];
		const struct iot_iommu *u;
		const char *drv, *src;
		char why[320];
		uint32_t ends[2];
		uint64_t last;

		if (row->target < 0 || (size_t)row->target >= t->n_iommus || !row->count)
			continue;
		u = &t->iommus[row->target];
		if (u->status == IOT_STATUS_DISABLED || !driver_is(u, drivers, &drv, &src))
			continue;
		last = row->in_base + (row->count - 1);
		/* of_map_id masks the requester ID first: no input above the mask reaches a row */
		if (m->has_mask && last > m->mask)
			last = m->mask;
		if (last < row->in_base)
			continue;
		ends[0] = row->out_base;
		ends[1] = (uint32_t)(row->out_base + (last - row->in_base));
		for (int e = 0; e < 2; e++)
			if (iot_sim_iommu_check_ids(u, &ends[e], 1, why, sizeof(why))) {
				iot_lint_report(run, &row->loc,
						"%s: iommu-map row %zu to IOMMU %s (%s, %s): %s",
						who, r, nm(u->name), drv, src, why);
				break;
			}
	}
}

static void check_driver_ids(struct iot_lint_run *run, const char *const *drivers)
{
	const struct iot_topology *t = run->t;
	bool any = false;

	/* nothing to check unless an IOMMU has one of these drivers: asked once, not per device */
	for (size_t i = 0; i < t->n_iommus && !any; i++) {
		const char *drv, *src;

		any = driver_is(&t->iommus[i], drivers, &drv, &src);
	}
	if (!any)
		return;
	for (size_t i = 0; i < t->n_platdevs; i++) {
		check_platdev_ids(run, &t->platdevs[i], drivers);
		if (t->platdevs[i].status != IOT_STATUS_DISABLED)
			check_map_ids(run, nm(t->platdevs[i].name), &t->platdevs[i].iommu_map,
				      drivers);
	}
	for (size_t i = 0; i < t->n_roots; i++)
		check_map_ids(run, nm(t->roots[i].name), &t->roots[i].iommu_map, drivers);
}

void iot_check_dt_ipmmu_utlb(struct iot_lint_run *run)
{
	static const char *const drivers[] = { "ipmmu-vmsa", NULL };

	check_driver_ids(run, drivers);
}

void iot_check_dt_mtk_iommu_ports(struct iot_lint_run *run)
{
	static const char *const drivers[] = { "mtk-iommu", "mtk-iommu-v1", NULL };

	check_driver_ids(run, drivers);
}

void iot_check_dt_apple_dart_stream(struct iot_lint_run *run)
{
	static const char *const drivers[] = { "apple-dart", NULL };

	check_driver_ids(run, drivers);
}

void iot_check_dt_tegra_swgroup(struct iot_lint_run *run)
{
	static const char *const drivers[] = { "tegra-smmu", NULL };

	check_driver_ids(run, drivers);
}

void iot_check_dt_msm_iommu_mids(struct iot_lint_run *run)
{
	static const char *const drivers[] = { "msm-iommu", NULL };

	check_driver_ids(run, drivers);
}
