/* SPDX-License-Identifier: MIT */
/*
 * The kernel's rules for which x86 IOMMU unit translates which PCI function:
 * DMAR device scopes and INCLUDE_PCI_ALL (drivers/iommu/intel/dmar.c,
 * intel/iommu.c:device_lookup_iommu) and the IVRS requester-ID tables
 * (drivers/iommu/amd/init.c).  The readers (src/x86) store the tables as
 * they are; the linter and the simulator ask these.
 */
#ifndef IOTOPO_KERNEL_X86_IOMMU_H
#define IOTOPO_KERNEL_X86_IOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

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

/* A DMAR device scope that names a PCI function (endpoint or bridge). */
bool iot_dmar_scope_is_pci(const struct iot_x86_scope *s);

/*
 * intel/dmar.c:detect_intel_iommu walks every DRHD with
 * dmar_validate_one_drhd before anything else: one whose register base is 0
 * ("Your BIOS is broken; DMAR reported at address 0!") fails the walk, so
 * intel_iommu_init is never installed (no VT-d unit initialises) and
 * pci_request_acs() is not called.  The index of the first such DRHD, or -1.
 */
int iot_dmar_zero_base_unit(const struct iot_topology *t);

/*
 * amd/init.c:find_last_devid_from_ivhd answers -EINVAL for an IVHD of the
 * type Linux uses whose device entries name no device ID (no DEV_ALL,
 * DEV_SELECT, DEV_RANGE_END, DEV_ALIAS or DEV_EXT_SELECT: only special
 * devices, ACPI_HID entries, or nothing); alloc_pci_segment then fails,
 * init_iommu_one returns -ENOMEM and init_iommu_all stops, so no AMD-Vi unit
 * initialises.  The index of the first such unit read from an IVRS, or -1.
 */
int iot_ivrs_unit_without_ids(const struct iot_topology *t);

/* A DRHD the kernel keeps (dmar.c:dmar_find_dmaru drops a repeated one). */
bool iot_dmar_unit_active(const struct iot_iommu *u);

/*
 * dmar.c:dmar_insert_dev_scope: the header type of @d contradicts scope @s
 * (an endpoint scope naming a bridge, a bridge scope naming a non-bridge):
 * "Device scope type does not match", the scope is refused.
 */
bool iot_dmar_scope_type_mismatch(const struct iot_pci_dev *d, const struct iot_x86_scope *s);

#endif
