/* SPDX-License-Identifier: MIT */
/*
 * How Linux resolves an ID through an ID map, once for every caller (the
 * linter, the simulator, the writers): DT iommu-map / msi-map rows
 * (drivers/of/base.c:of_map_id), IORT ID mappings
 * (drivers/acpi/arm64/iort.c:iort_node_map_id with iort_id_map and
 * iort_get_id_mapping_index), VIOT endpoints (drivers/acpi/viot.c) and the
 * order ACPI tries the two tables in (drivers/acpi/scan.c:acpi_iommu_configure_id).
 * The map itself (model/idmap.h) stores what the firmware said; the rows'
 * counts are always counts of IDs.
 */
#ifndef IOTOPO_KERNEL_IDMAP_H
#define IOTOPO_KERNEL_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

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
	enum iot_map_semantics sem; /* the rules that answered */
};

/* drivers/of/base.c:of_map_id (the IOMMU path: no target given). */
enum iot_map_status iot_of_map_id(const struct iot_idmap *m, uint32_t id,
				  struct iot_map_result *res);

/*
 * drivers/acpi/arm64/iort.c:iort_node_map_id, the loop over one node's
 * mappings: @single_ok is false inside an SMMU or PMCG node, @skip_row is
 * the node's ID-mapping index (iot_iort_id_mapping_index) or (size_t)-1.
 */
enum iot_map_status iot_iort_node_map_id(const struct iot_idmap *m, bool single_ok, uint32_t id,
					 size_t skip_row, struct iot_map_result *res);

/* drivers/acpi/viot.c:viot_pci_dev_iommu_init over the endpoint list: the last row wins. */
enum iot_map_status iot_viot_map_id(const struct iot_idmap *m, uint32_t id,
				    struct iot_map_result *res);

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

/*
 * drivers/acpi/arm64/iort.c:iort_get_id_mapping_index: the mapping of an
 * SMMUv3 node (@smmuv3) or a PMCG node that gives the node's own MSI
 * DeviceID and that iort_node_map_id therefore skips; -1 for none.  An
 * SMMUv3 node has one from node revision 1 on, unless all four of its
 * interrupts are wired (@all_gsiv); an index not below @count is a firmware
 * bug the kernel logs and ignores (*@overflow set).  A PMCG uses mapping 0
 * when its overflow interrupt is not wired (@all_gsiv false) and it has any.
 * Linux 7.2 ignores the E.e "DeviceID mapping index valid" flag.
 */
int iot_iort_id_mapping_index(bool smmuv3, uint8_t node_revision, bool all_gsiv, uint32_t index,
			      uint32_t count, bool *overflow);

/*
 * The rules a PCI root's (or device's) ID map of an ACPI topology is
 * resolved with, as a whole: the model holds IORT RC mappings and VIOT PCI
 * ranges in one map, told apart by each row's provenance (loc.src) or, for
 * rows not read from a table, by their targets (an IORT node cannot
 * reference a virtio-iommu, a VIOT endpoint can reference nothing else).
 * IOT_MAP_IORT if any row is IORT's, IOT_MAP_VIOT if every row is VIOT's.  Readers of DT get IOT_MAP_DT.
 */
enum iot_map_semantics iot_acpi_map_semantics(const struct iot_topology *t,
					      const struct iot_idmap *m);

/*
 * drivers/acpi/scan.c:acpi_iommu_configure_id: iort_iommu_configure_id
 * first; only when IORT has no translation (-ENODEV) viot_iommu_configure.
 * Resolves requester ID @rid through the IORT rows of @m, then its VIOT
 * rows; res->sem says which table answered.
 */
enum iot_map_status iot_acpi_map_rid(const struct iot_topology *t, const struct iot_idmap *m,
				     uint32_t rid, struct iot_map_result *res);

/* The rows iot_acpi_map_rid takes from a VIOT, and the rest (IORT's); @t is the topology. */
bool iot_acpi_row_is_viot(const struct iot_map_row *r, const void *t);
bool iot_acpi_row_is_iort(const struct iot_map_row *r, const void *t);

#endif
