/* SPDX-License-Identifier: MIT */
/*
 * One ID-map type for DT iommu-map/msi-map rows, IORT ID mappings and VIOT
 * PCI ranges, and one resolver that walks it the way the kernel does for
 * each firmware.  Rows always store a COUNT of IDs (DT "length"); the IORT
 * reader and writer convert from/to the table's "number of IDs minus one".
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

/* The firmware whose lookup rules apply. */
enum iot_map_semantics {
	/*
	 * drivers/of/base.c:of_map_id: input masked, rows visited in order,
	 * [base, base+length) exclusive, first match wins, a row whose
	 * id-base has bits outside the mask is an error, no match = bypass.
	 */
	IOT_MAP_DT,
	/*
	 * drivers/acpi/arm64/iort.c:iort_id_map / iort_node_map_id: inclusive
	 * end, first match wins except that a match on a range's last ID is
	 * tentative and a later range starting at that ID takes over; single
	 * mappings return out_base; no match = no translation.
	 */
	IOT_MAP_IORT,
	/*
	 * The same inside an SMMU or PMCG node: a single mapping is not
	 * allowed there while translating a client ID and is skipped
	 * (iort.c:iort_id_map "SINGLE MAPPING flag not allowed").
	 */
	IOT_MAP_IORT_IOMMU_NODE,
	/*
	 * drivers/acpi/viot.c:viot_parse_node (list_add) and
	 * viot_pci_dev_iommu_init: inclusive ranges, the LAST matching row in
	 * table order wins.
	 */
	IOT_MAP_VIOT,
};

enum iot_map_status {
	IOT_MAP_OK, /* translated: *out, *target set */
	IOT_MAP_NO_MATCH, /* no row matched: bypass / untranslated */
	IOT_MAP_EFAULT, /* DT: a visited row's id-base has bits outside the mask */
};

struct iot_map_result {
	enum iot_map_status status;
	uint32_t out;
	int target;
	size_t row; /* index of the row used (or the faulty row) */
	bool tentative_used; /* IORT: the off-by-one tentative match was kept */
	bool overridden; /* IORT: a tentative match was overridden by a later row */
	bool single_skipped; /* IORT: a single mapping was skipped in an SMMU node */
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

/*
 * Map @id through @m under the rules of @sem.  @skip_row is a row index not
 * to use for translation (the IORT SMMUv3/PMCG DeviceID mapping index), or
 * (size_t)-1.  Returns res->status.
 */
enum iot_map_status iot_idmap_lookup(const struct iot_idmap *m, enum iot_map_semantics sem,
				     uint32_t id, size_t skip_row, struct iot_map_result *res);

/* Convenience wrapper for the common no-skip case. */
static inline enum iot_map_status iot_idmap_map(const struct iot_idmap *m,
						enum iot_map_semantics sem, uint32_t id,
						struct iot_map_result *res)
{
	return iot_idmap_lookup(m, sem, id, (size_t)-1, res);
}

const char *iot_map_semantics_name(enum iot_map_semantics sem);

#endif
