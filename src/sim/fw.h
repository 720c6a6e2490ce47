/* SPDX-License-Identifier: MIT */
/* The firmware walks of the simulator (fw.c, fw_of.c, fw_acpi.c). */
#ifndef IOTOPO_SIM_FW_H
#define IOTOPO_SIM_FW_H

#include "sim/sim_priv.h"

/* of_iommu.c:of_iommu_configure: PCI through iommu-map, platform devices through iommus */
int sim_of_pci_configure(struct sim_ctx *c, int s);
int sim_of_platform_configure(struct sim_ctx *c, int s);
/* scan.c:acpi_iommu_configure_id: IORT root complex / named component, then VIOT */
int sim_acpi_pci_configure(struct sim_ctx *c, int s);
int sim_acpi_platform_configure(struct sim_ctx *c, int s);

/*
 * A platform device's IOMMU entries, one @entry call each (an entry naming
 * no IOMMU of the topology is skipped); the fwspec is freed on the first
 * error, which is returned; -ENODEV if nothing named an IOMMU.
 */
typedef int (*sim_entry_fn)(struct sim_ctx *c, int s, const struct iot_dev_iommu *di);
int sim_platform_walk(struct sim_ctx *c, int s, sim_entry_fn entry);

#endif
