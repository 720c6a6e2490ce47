/* SPDX-License-Identifier: MIT */
/*
 * Translate a PCI root's requester IDs the way the kernel would for the
 * firmware the topology came from, using the one resolver (model/idmap.h),
 * and compress the result into runs the rules can compare cheaply.
 */
#ifndef IOTOPO_LINT_XLAT_H
#define IOTOPO_LINT_XLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/idmap.h"
#include "kernel/idmap_index.h"
#include "lint/rules.h"
#include "model/model.h"

/* What one requester ID reaches. */
struct iot_rid_xlat {
	int iommu; /* IOT_NONE: no IOMMU translation */
	uint32_t sid; /* stream ID / endpoint ID at @iommu */
	int msi; /* IOT_NONE: no ITS DeviceID */
	uint32_t devid;
	bool efault; /* DT: a row's id-base has bits outside the mask */
	uint32_t masked; /* the RID after iommu-map-mask */
};

/* A root's maps prepared for repeated lookups. */
struct iot_root_xlat {
	const struct iot_topology *t;
	const struct iot_pci_root *r;
	enum iot_fw_kind fw;
	enum iot_map_semantics iommu_sem;
	/* IORT: the RC's rows to IOMMUs and to ITSs in table order, one walk */
	struct iot_idmap combined;
	bool use_combined;
	/* the maps compiled for lookups (kernel/idmap_index.h) */
	struct iot_idmap_index *ix_combined, *ix_iommu, *ix_viot, *ix_msi;
	struct iot_idmap_index **ix_iommu_msi; /* per IOMMU: its own ITS mappings */
};

/*
 * IORT: an RC node's mappings to IOMMUs and straight to ITSs as one map in
 * table order (targets past t->n_iommus are ITS groups); false, and @out
 * untouched, when the root's maps are not walked together.
 */
bool iot_root_combined_map(const struct iot_topology *t, const struct iot_pci_root *r,
			   enum iot_fw_kind fw, struct iot_idmap *out);

void iot_root_xlat_init(struct iot_root_xlat *x, const struct iot_topology *t,
			const struct iot_pci_root *r, enum iot_fw_kind fw);
void iot_root_xlat_free(struct iot_root_xlat *x);
void iot_root_xlat(const struct iot_root_xlat *x, uint32_t rid, struct iot_rid_xlat *out);

/*
 * The first RID after @rid at which the translation @o of @rid may stop
 * being linear (a row starts, ends or reaches its tentative last ID, or the
 * SMMU's own ITS mapping does): every RID in [@rid, result) maps to @o's
 * targets with IDs advancing one by one.  With an iommu-map-mask or
 * msi-map-mask the answer is @rid + 1.
 */
uint64_t iot_root_xlat_next(const struct iot_root_xlat *x, uint32_t rid,
			    const struct iot_rid_xlat *o);

/* The first and last RID of a root's bus range. */
static inline uint32_t iot_root_rid_first(const struct iot_pci_root *r)
{
	return (uint32_t)r->bus_start << 8;
}

static inline uint32_t iot_root_rid_last(const struct iot_pci_root *r)
{
	return (uint32_t)r->bus_end << 8 | 0xff;
}

/* A run of consecutive RIDs of one root whose translation is linear. */
struct iot_lint_rid_run {
	uint32_t rid_first, rid_last;
	int iommu; /* IOT_NONE: no IOMMU translation */
	uint32_t sid_first;
	int msi; /* IOT_NONE: no ITS DeviceID */
	uint32_t devid_first;
	bool efault;
};

struct iot_lint_runs {
	struct iot_lint_rid_run *v;
	size_t n, cap;
};

/*
 * Root @i's RIDs as runs, computed once per lint pass and shared by every
 * rule of it (checks_ids.c, through run->cache).
 */
const struct iot_lint_runs *iot_lint_root_runs(struct iot_lint_run *run, size_t i);

/* Semantics of a map whose rows target IOMMUs, for firmware @fw. */
enum iot_map_semantics iot_lint_iommu_sem(const struct iot_topology *t, const struct iot_idmap *m,
					  enum iot_fw_kind fw);

/* "rid 0x0100" or "RIDs 0x0100-0x01ff" into @buf. */
void iot_fmt_range(char *buf, size_t n, const char *what, uint64_t a, uint64_t b);

#endif
