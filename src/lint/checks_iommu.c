// SPDX-License-Identifier: MIT
/*
 * Rules that ask the simulator's driver table what Linux's IOMMU driver for
 * an IOMMU expects of the firmware (sim.h: iot_sim_iommu_driver).
 */
#include "lint/checks.h"
#include "sim/sim.h"

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
