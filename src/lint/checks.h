/* SPDX-License-Identifier: MIT */
/* The model rules' check functions; the table in rules.c names each once. */
#ifndef IOTOPO_LINT_CHECKS_H
#define IOTOPO_LINT_CHECKS_H

#include "lint/rules.h"

/* checks_misc.c */
void iot_check_model_valid(struct iot_lint_run *run);
void iot_check_root_segment_unique(struct iot_lint_run *run);
void iot_check_identifier_unique(struct iot_lint_run *run);
void iot_check_map_target_type(struct iot_lint_run *run);
void iot_check_map_target_disabled(struct iot_lint_run *run);
void iot_check_smmuv2_sid_width(struct iot_lint_run *run);
void iot_check_smmuv3_irqs(struct iot_lint_run *run);
void iot_check_platdev_multi_iommu(struct iot_lint_run *run);
void iot_check_pmcg_target(struct iot_lint_run *run);
void iot_check_rmr_no_ranges(struct iot_lint_run *run);
void iot_check_rmr_range_zero(struct iot_lint_run *run);
void iot_check_rmr_range_align(struct iot_lint_run *run);
void iot_check_rmr_range_overlap(struct iot_lint_run *run);
void iot_check_rmr_table_revision(struct iot_lint_run *run);
void iot_check_memattr_cca_cpm(struct iot_lint_run *run);
void iot_check_memattr_dacs(struct iot_lint_run *run);

/* checks_map.c: rules over one ID map's rows */
void iot_check_map_mask_id_base(struct iot_lint_run *run);
void iot_check_map_overlap(struct iot_lint_run *run);
void iot_check_map_overlap_by_one(struct iot_lint_run *run);
void iot_check_map_id_count(struct iot_lint_run *run);
void iot_check_dt_iommu_map_cells(struct iot_lint_run *run);

/* checks_ids.c: rules over every requester ID a root translates */
void iot_check_map_hole(struct iot_lint_run *run);
void iot_check_pci_untranslated(struct iot_lint_run *run);
void iot_check_virtio_own_rid(struct iot_lint_run *run);
void iot_check_sid_collision(struct iot_lint_run *run);
void iot_check_sid_alias(struct iot_lint_run *run);
void iot_check_devid_collision(struct iot_lint_run *run);
void iot_check_msi_map_consistency(struct iot_lint_run *run);
void iot_check_smr_mask_alias(struct iot_lint_run *run);

/* equiv.c */
void iot_check_dt_acpi_equivalence(struct iot_lint_run *run);

/* checks_x86.c: DMAR / IVRS against the PCI hierarchy */
void iot_check_dmar_scope_no_device(struct iot_lint_run *run);
void iot_check_dmar_scope_mismatch(struct iot_lint_run *run);
void iot_check_ivrs_alias_hierarchy(struct iot_lint_run *run);

#endif
