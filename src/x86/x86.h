/* SPDX-License-Identifier: MIT */
/*
 * x86 DMA remapping tables: ACPI DMAR (Intel VT-d) and IVRS (AMD-Vi) read
 * into the model, and the kernel's rules for which unit translates which PCI
 * function, so the simulator and lint resolve coverage the way
 * drivers/iommu/intel and drivers/iommu/amd do.
 *
 * Every diagnostic carries a stable rule name (dmar-... / ivrs-...), listed
 * with its summary in the lint rule table (src/lint/rules.c).
 */
#ifndef IOTOPO_X86_H
#define IOTOPO_X86_H

#include <stddef.h>
#include <stdint.h>

#include "lint/rule_ids.h"
#include "model/model.h"
#include "util/diag.h"

/*
 * Read a raw DMAR / IVRS table (@len bytes, @file names it in diagnostics and
 * must outlive @t's locations) and append its units and entries to @t.
 * Returns 0 when the table was read (warnings may have been reported), -1
 * when errors were found; what could be read safely is in @t either way.
 */
int iot_dmar_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);
int iot_ivrs_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);

/*
 * dmar.c:dmar_match_pci_path: whether the DMAR PCI path of @s names function
 * @dev of root @r (walking from the root bus down through the bridges),
 * including the kernel's one-hop workaround for broken RMRR paths.
 */
bool iot_dmar_path_matches(const struct iot_pci_root *r, size_t dev, const struct iot_x86_scope *s);

/*
 * intel/iommu.c:device_lookup_iommu: the intel-vtd unit (index into
 * t->iommus) translating function @dev of root @root, or IOT_NONE.  VFs use
 * their PF; units are tried in the kernel's list order (scoped units in
 * reverse table order, then INCLUDE_PCI_ALL units: dmar.c:dmar_register_drhd_unit).
 * *@via (may be NULL) is the device whose scope entry matched (@dev, its PF
 * or a bridge above it), or IOT_NONE when INCLUDE_PCI_ALL did.
 */
int iot_dmar_device_unit(const struct iot_topology *t, size_t root, size_t dev, int *via);

/*
 * amd/init.c:init_iommu_from_acpi rlookup/alias tables: the amd-vi unit
 * covering requester ID @devid of @segment (IOT_NONE if none), and in
 * *@alias (may be NULL) the ID it DMAs as (itself without an IVHD alias).
 */
int iot_ivrs_device_unit(const struct iot_topology *t, uint16_t segment, uint16_t devid,
			 uint16_t *alias);

/*
 * Checks that need the PCI hierarchy as well as the table (warnings):
 * dmar-scope-no-device (a PCI scope naming no existing function),
 * dmar-scope-mismatch (an endpoint scope naming a bridge or the reverse:
 * Linux refuses it), ivrs-alias-hierarchy (an IVHD alias that is not a DMA
 * alias pci_for_each_dma_alias gives the device).  iot_x86_check() adds them
 * to @d; iot_x86_check_cb() hands each to @fn (the lint rules use this).
 * Both return the number found.
 */
typedef void (*iot_x86_report_fn)(void *ctx, const struct iot_loc *loc, enum iot_rule_id rule,
				  const char *msg);
size_t iot_x86_check(const struct iot_topology *t, struct iot_diags *d);
size_t iot_x86_check_cb(const struct iot_topology *t, iot_x86_report_fn fn, void *ctx);

/* The YAML spellings of the scope kinds, NULL-terminated. */
extern const char *const iot_x86_scope_kind_names[IOT_X86_SCOPE_OTHER + 2];
const char *iot_x86_scope_kind_name(enum iot_x86_scope_kind k);
const char *iot_x86_entry_kind_name(enum iot_x86_entry_kind k);

#endif
