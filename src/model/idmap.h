/* SPDX-License-Identifier: MIT */
/*
 * One ID-map type for DT iommu-map/msi-map rows, IORT ID mappings and VIOT
 * PCI ranges, as the firmware gave them; how Linux resolves an ID through
 * one is kernel/idmap.h.  Rows always store a COUNT of IDs (DT "length");
 * the IORT reader and writer convert from/to the table's "number of IDs
 * minus one".
 */
#ifndef IOTOPO_IDMAP_H
#define IOTOPO_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

struct iot_map_row {
	uint32_t in_base;
	uint64_t count; /* number of IDs, 1..2^32; 0 only as read from bad firmware */
	uint32_t out_base;
	int target; /* index into the topology's iommus or msis (see map kind) */
	bool single; /* IORT single mapping: input ignored, output is out_base */
	struct iot_loc loc;
	/*
	 * DT rows of 3 + #cells(target) cells: the specifier cells after the
	 * first (out_base), e.g. the SMR mask of a 2-cell arm-smmu target.
	 * Zero otherwise.  A target with 0 cells has out_base 0.
	 */
	uint32_t out_tail[3];
};

/*
 * A DT row of length 0 (iommu-map = <0 &smmu 0 0>): a placeholder the
 * bootloader fills in (U-Boot's fdt_fixup_fsl_mc / ls-pcie fixups).  Kept
 * as read; it maps nothing (of_map_id never matches it).
 */
static inline bool iot_row_is_placeholder(const struct iot_map_row *r)
{
	return !r->single && r->count == 0;
}

struct iot_idmap {
	struct iot_map_row *rows;
	size_t n;
	size_t cap;
	bool has_mask;
	uint32_t mask; /* DT iommu-map-mask / msi-map-mask */
	/*
	 * DT only: iommu-specifier cells per row as written in the property
	 * (1 = the classic 4-cell rows of of_map_id); 0 = not read from a DT.
	 * The linter checks it against the target's #iommu-cells.
	 */
	uint8_t dt_spec_cells;
	/*
	 * DT only: rows are 3 + #cells(target) cells (the 2026 of_map_id
	 * form: a 2-cell arm-smmu target's rows carry its SMR mask in
	 * out_tail[0]; a 0-cell MSI controller's rows have no output cell).
	 * false: classic 4-cell rows.
	 */
	bool dt_wide;
};

void iot_idmap_free(struct iot_idmap *m);
struct iot_map_row *iot_idmap_add(struct iot_idmap *m, uint32_t in_base, uint64_t count, int target,
				  uint32_t out_base);
void iot_idmap_copy(struct iot_idmap *dst, const struct iot_idmap *src);

/* Last input ID of a row (inclusive); rows with count 0 return in_base. */
static inline uint64_t iot_row_last(const struct iot_map_row *r)
{
	return r->count ? (uint64_t)r->in_base + r->count - 1 : r->in_base;
}

#endif
