/* SPDX-License-Identifier: MIT */
/*
 * Copy from a sysfs tree (a live "/" or a copy) exactly the files the
 * predictor and the group comparison read, in the captures' layout (links
 * become regular files holding the link target), so a machine can be
 * analysed elsewhere with iot_sysfs_load() and iot_sysfs_read_groups().
 */
#ifndef IOTOPO_SYSFS_SNAPSHOT_H
#define IOTOPO_SYSFS_SNAPSHOT_H

#include <stddef.h>

#include "util/diag.h"

struct iot_sysfs_snapshot {
	size_t n_files; /* files written */
	size_t n_bytes; /* their total size */
	size_t n_funcs; /* PCI functions copied */
	size_t n_groups; /* IOMMU groups copied */
	size_t n_partial_config; /* functions whose config had only its 64-byte header readable */
	char **kept; /* file names diagnostics point to */
	size_t n_kept, cap_kept;
};

/*
 * Snapshot @root into @dir.  @dir must not exist or be an empty directory
 * (a non-empty one is refused).  The copy is built in a temporary directory
 * beside @dir, synced and renamed to @dir when complete, so a failure leaves
 * no partial snapshot.  Copied, when present: proc/sys/kernel/osrelease,
 * proc/cmdline, sys/firmware/fdt, sys/firmware/acpi/tables/{IORT,VIOT,DMAR,
 * IVRS,MCFG} (and the tables directory itself, which tells ACPI from DT),
 * per PCI function sys/bus/pci/devices/NAME and, in its directory under
 * sys/devices, config, vendor, device, class, driver, physfn, boot_vga;
 * sys/kernel/iommu_groups/N/{type,devices/NAME}; and for operators'
 * verdicts sys/bus/pci/slots/NAME/address, proc/mounts, proc/swaps,
 * sys/class/block/NAME (with the slaves/ of dm and md devices) and
 * sys/block/dm-N/dm/name.  Returns 0, or -1 with
 * errors in @d (pointing into @s: print them before
 * iot_sysfs_snapshot_free()).
 */
int iot_sysfs_snapshot(const char *root, const char *dir, struct iot_sysfs_snapshot *s,
		       struct iot_diags *d);
void iot_sysfs_snapshot_free(struct iot_sysfs_snapshot *s);

#endif
