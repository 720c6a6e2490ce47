// SPDX-License-Identifier: MIT
/*
 * Register windows of one description: two devices cannot decode the same
 * physical addresses.  Whichever driver maps the window second programs the
 * other device's registers (or fails to claim the region), so an overlap
 * between IOMMUs, ITSs and PMCGs is an error.  An SMMUv3's windows are the
 * two pieces its driver maps (page 0 and page 1 registers), not its whole
 * span.  The windows are sorted and swept, each against the earlier one
 * reaching furthest.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lint/checks.h"
#include "util/mem.h"

/* arm-smmu-v3.h ARM_SMMU_REG_SZ: the architected registers of one SMMUv3 page */
#define SMMUV3_REG_SZ 0xe00

struct window {
	uint64_t lo, hi; /* inclusive */
	const char *kind, *name;
	const struct iot_loc *loc;
};

static const char *nm(const char *s)
{
	return s ? s : "(unnamed)";
}

/* The register span Linux maps when the description gives none (dt_write.c writes the same). */
static uint64_t iommu_span(const struct iot_iommu *u)
{
	if (u->size)
		return u->size;
	switch (u->model) {
	case IOT_IOMMU_SMMUV3:
		return u->impl == 2 ? 0x10000 : 0x20000; /* CN99xx has no page 1 */
	case IOT_IOMMU_VIRTIO_MMIO:
		return 0x200;
	case IOT_IOMMU_OTHER:
	case IOT_IOMMU_VIRTIO_PCI:
	case IOT_IOMMU_INTEL_VTD:
	case IOT_IOMMU_AMD_VI:
		return 0; /* not known, or not an Arm MMIO window */
	default:
		return iot_iommu_is_smmuv2_family(u->model) ? 0x10000 : 0;
	}
}

static void add(struct window **v, size_t *n, size_t *cap, uint64_t base, uint64_t size,
		const char *kind, const char *name, const struct iot_loc *loc)
{
	if (!base || !size || base + size - 1 < base)
		return;
	iot_grow((void **)v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct window){ base, base + size - 1, kind, name, loc };
}

static int cmp_window(const void *pa, const void *pb)
{
	const struct window *a = pa, *b = pb;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return a->hi < b->hi ? -1 : a->hi > b->hi;
}

void iot_check_mmio_overlap(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;
	struct window *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (u->status == IOT_STATUS_DISABLED)
			continue;
		if (u->model == IOT_IOMMU_SMMUV3) {
			/*
			 * arm-smmu-v3.c:arm_smmu_device_probe maps only the architected
			 * registers of page 0 and page 1 (ARM_SMMU_REG_SZ each), leaving
			 * the IMPLEMENTATION DEFINED rest to the PMU driver: an MMU-600's
			 * TCU PMCG at base + 0x2000 is where Arm put it, not an overlap.
			 */
			add(&v, &n, &cap, u->base, SMMUV3_REG_SZ, "IOMMU", u->name, &u->loc);
			if (iommu_span(u) > 0x10000)
				add(&v, &n, &cap, u->base + 0x10000, SMMUV3_REG_SZ, "IOMMU",
				    u->name, &u->loc);
			continue;
		}
		add(&v, &n, &cap, u->base, iommu_span(u), "IOMMU", u->name, &u->loc);
	}
	/* a GICv3 ITS: control frame and translation frame, 64 KiB each */
	for (size_t i = 0; i < t->n_msis; i++)
		if (t->msis[i].status != IOT_STATUS_DISABLED &&
		    t->msis[i].type == IOT_MSI_GICV3_ITS)
			add(&v, &n, &cap, t->msis[i].base, 0x20000, "ITS", t->msis[i].name,
			    &t->msis[i].loc);
	/* an SMMUv3 PMCG: two 4 KiB pages (Page 1 may sit elsewhere) */
	for (size_t i = 0; i < t->n_pmcgs; i++) {
		add(&v, &n, &cap, t->pmcgs[i].page0, 0x1000, "PMCG", t->pmcgs[i].name,
		    &t->pmcgs[i].loc);
		if (t->pmcgs[i].page1 != t->pmcgs[i].page0)
			add(&v, &n, &cap, t->pmcgs[i].page1, 0x1000, "PMCG", t->pmcgs[i].name,
			    &t->pmcgs[i].loc);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_window);
	for (size_t k = 1, top = 0; k < n; k++) {
		const struct window *a = &v[top], *b = &v[k];

		if (b->lo <= a->hi && !(a->name == b->name && a->kind == b->kind))
			iot_lint_report(
				run, b->loc,
				"%s %s registers 0x%llx-0x%llx overlap %s %s's 0x%llx-0x%llx: "
				"one driver programs the other device's registers",
				b->kind, nm(b->name), (unsigned long long)b->lo,
				(unsigned long long)b->hi, a->kind, nm(a->name),
				(unsigned long long)a->lo, (unsigned long long)a->hi);
		if (b->hi > a->hi)
			top = k;
	}
	free(v);
}
