// SPDX-License-Identifier: MIT
/*
 * The rule table.  Order matters: a rule runs after the rules it needs.
 * Names are stable (they are user interface: -W, -E, SARIF ruleId); add
 * rules, never rename them.
 */
#include "lint/checks.h"
#include "util/mem.h"

#define E IOT_SEV_ERROR
#define W IOT_SEV_WARNING
#define I IOT_SEV_NOTE
#define VALID { "model-valid" }

static const struct iot_rule rules[] = {
	/* ---- over the model: every input format ---- */
	{ "model-valid", E, IOT_RULE_MODEL,
	  "objects refer to objects that exist and map rows fit in 32 bits", { 0 },
	  iot_check_model_valid },
	{ "root-bus-range", E, IOT_RULE_MODEL, "a root's bus range starts before it ends", { 0 },
	  iot_check_root_bus_range },
	{ "root-segment-unique", W, IOT_RULE_MODEL,
	  "one root per PCI segment (ACPI) or per segment and bus range (DT)", { 0 },
	  iot_check_root_segment_unique },
	{ "identifier-unique", E, IOT_RULE_MODEL,
	  "IORT node identifiers are unique (edk2 ValidateNodeIdentifiers)", { 0 },
	  iot_check_identifier_unique },
	{ "map-target-type", E, IOT_RULE_MODEL,
	  "ID-map rows lead to a node of a legal type for their source (IORT: SMMU; VIOT: "
	  "virtio-iommu; RMR: SMMU)", VALID, iot_check_map_target_type },
	{ "map-target-disabled", W, IOT_RULE_MODEL,
	  "ID-map rows and iommus entries do not lead to a disabled IOMMU", VALID,
	  iot_check_map_target_disabled },
	{ "iommu-cells", E, IOT_RULE_MODEL,
	  "#iommu-cells suits the IOMMU model and every specifier has that many cells", VALID,
	  iot_check_iommu_cells },
	{ "smmuv2-sid-width", E, IOT_RULE_MODEL,
	  "stream IDs and SMR masks at an SMMUv1/v2 fit in 16 bits", VALID,
	  iot_check_smmuv2_sid_width },
	{ "platdev-multi-iommu", W, IOT_RULE_MODEL,
	  "a device sits behind one IOMMU instance (Linux keeps one per device)", VALID,
	  iot_check_platdev_multi_iommu },
	{ "pmcg-target", E, IOT_RULE_MODEL, "a PMCG belongs to an SMMUv3", { 0 },
	  iot_check_pmcg_target },
	{ "map-mask-id-base", E, IOT_RULE_DT,
	  "no iommu-map/msi-map id-base has bits outside iommu-map-mask/msi-map-mask", VALID,
	  iot_check_map_mask_id_base },
	{ "map-overlap", W, IOT_RULE_MODEL,
	  "the input ranges of one ID map do not overlap (with different results)", VALID,
	  iot_check_map_overlap },
	{ "map-overlap-by-one", W, IOT_RULE_MODEL,
	  "no two rows of an ID map overlap by exactly one ID (count written as count - 1)",
	  VALID, iot_check_map_overlap_by_one },
	{ "map-id-count", W, IOT_RULE_MODEL,
	  "row counts are not one off a power of two (0x10001, 0xffff): 'number of IDs' misuse",
	  VALID, iot_check_map_id_count },
	{ "dt-iommu-map-cells", W, IOT_RULE_DT,
	  "iommu-map rows to a 2-cell IOMMU parse the same before and after the of_map_id "
	  "#iommu-cells rework", VALID, iot_check_dt_iommu_map_cells },
	{ "map-hole", W, IOT_RULE_MODEL,
	  "every RID of a root's bus range is translated when the root has an iommu-map",
	  { "model-valid", "root-bus-range" }, iot_check_map_hole },
	{ "virtio-own-rid", W, IOT_RULE_DT,
	  "an iommu-map leaves out the RID of the virtio-iommu it targets", VALID,
	  iot_check_virtio_own_rid },
	{ "sid-collision", E, IOT_RULE_MODEL,
	  "no stream ID (or VIOT endpoint ID) at an IOMMU is reached from two sources",
	  { "model-valid", "root-bus-range" }, iot_check_sid_collision },
	{ "sid-alias", W, IOT_RULE_MODEL,
	  "different RIDs of one root do not share a stream ID (unless iommu-map-mask folds them)",
	  { "model-valid", "root-bus-range" }, iot_check_sid_alias },
	{ "devid-collision", E, IOT_RULE_MODEL,
	  "no DeviceID at an ITS is reached from two sources",
	  { "model-valid", "root-bus-range", "pmcg-target" }, iot_check_devid_collision },
	{ "msi-map-consistency", W, IOT_RULE_DT,
	  "msi-map agrees with iommu-map: one DeviceID per (SMMU, stream ID), no translated RID "
	  "without a DeviceID", { "model-valid", "root-bus-range" },
	  iot_check_msi_map_consistency },
	{ "smr-mask-alias", W, IOT_RULE_MODEL,
	  "SMMUv1/v2 SMR masks of different devices do not match common stream IDs", VALID,
	  iot_check_smr_mask_alias },
	{ "rmr-no-ranges", E, IOT_RULE_MODEL, "an RMR has at least one memory range", { 0 },
	  iot_check_rmr_no_ranges },
	{ "rmr-range-zero", E, IOT_RULE_MODEL, "RMR memory ranges have a non-zero length", { 0 },
	  iot_check_rmr_range_zero },
	{ "rmr-range-align", W, IOT_RULE_MODEL,
	  "RMR memory ranges are 64 KiB aligned in base and length", { 0 },
	  iot_check_rmr_range_align },
	{ "rmr-range-overlap", W, IOT_RULE_MODEL, "the memory ranges of one RMR do not overlap",
	  { 0 }, iot_check_rmr_range_overlap },
	{ "rmr-table-revision", W, IOT_RULE_ACPI,
	  "RMR nodes come in an IORT of revision 5 (E.d) or later, else Linux ignores them", { 0 },
	  iot_check_rmr_table_revision },
	{ "memattr-cca-cpm", E, IOT_RULE_ACPI,
	  "a coherent root or device (CCA 1) also has a coherent path to memory (CPM 1)", { 0 },
	  iot_check_memattr_cca_cpm },
	{ "memattr-dacs", E, IOT_RULE_ACPI,
	  "a non-coherent root or device (CCA 0) does not set both CPM and DACS", { 0 },
	  iot_check_memattr_dacs },

	/* ---- over a DT and an ACPI description of one machine ---- */
	{ "dt-acpi-equivalence", W, IOT_RULE_PAIR,
	  "every RID reaches the same IOMMU, stream ID, ITS and DeviceID through the DT and "
	  "through ACPI", { 0 }, iot_check_dt_acpi_equivalence },
};

const struct iot_rule *iot_lint_rules(size_t *n)
{
	*n = IOT_ARRAY_SIZE(rules);
	return rules;
}
