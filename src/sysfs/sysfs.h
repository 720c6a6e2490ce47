/* SPDX-License-Identifier: MIT */
/*
 * Read a machine from a sysfs tree: the live root "/" or a captured copy laid
 * out like one (tests/fixtures/CASE/RELEASE/{boot,final}, or what `iotopo
 * snapshot` writes).  Links (sys/bus/pci/devices/N, driver, iommu_groups/N/
 * devices/N) may be symbolic links, as on a live system, or regular files
 * holding the link's target, as in the captures.
 *
 * Files read, relative to the root:
 *   sys/bus/pci/devices/DDDD:BB:DD.F          link to the function's directory under sys/devices
 *   <that directory>/config                   raw configuration space (pciconfig.h)
 *   <that directory>/{vendor,device,class}    the IDs the kernel uses (VFs read 0xffff in config)
 *   <that directory>/driver                   link to bus/pci/drivers/NAME; absent = no driver
 *   <that directory>/physfn                   present on SR-IOV virtual functions
 *   <that directory>/boot_vga                 VGA functions: 1 = the boot display
 *   sys/bus/pci/drivers/NAME/DDDD:BB:DD.F     the bound drivers in bulk (live trees)
 *   sys/bus/pci/slots/NAME/address            physical slot names
 *   proc/mounts, proc/swaps, sys/class/block/NAME (+ slaves/), sys/block/dm-N/dm/name
 *                                             the functions behind the host's filesystems
 *   proc/sys/kernel/osrelease, proc/cmdline   the kernel profile
 *   sys/firmware/fdt, sys/firmware/acpi/tables  reported, not read (io/load.c reads them)
 *   sys/class/iommu/NAME                      x86 IOMMU register attributes (iommu_class.c)
 * and, for comparison only (never for prediction), sys/kernel/iommu_groups.
 */
#ifndef IOTOPO_SYSFS_H
#define IOTOPO_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"
#include "util/diag.h"

/* Largest number of PCI functions read from one tree (a bound on hostile input). */
#define IOT_SYSFS_MAX_FUNCS (1u << 20)

/*
 * What firmware a tree carries: the full path (root joined with the
 * relative path) of each file present, or NULL.  Load them with
 * iot_load_input(); iot_sysfs_load() itself reads only the PCI hierarchy.
 */
struct iot_sysfs_info {
	char *fdt; /* sys/firmware/fdt */
	/* sys/firmware/acpi/tables: the kernel used ACPI; load it with iot_acpi_read_tables_dir() */
	char *acpi_dir;
	char *mcfg; /* .../MCFG */
	bool acpi; /* acpi_dir exists */
	size_t n_funcs; /* PCI functions read by iot_sysfs_load() */
	size_t n_partial_config; /* of them, with only the 64-byte header readable (not root) */
};
/*
 * Fill @info with the firmware files present under @root (n_funcs stays 0).
 * Returns 0, or -1 with an error in @d if @root is not a directory.
 */
int iot_sysfs_find_firmware(const char *root, struct iot_sysfs_info *info, struct iot_diags *d);

/*
 * The Device Tree to load into the model with iot_load_input(): the FDT
 * when the tree has no ACPI tables (arm64 uses DT only when booted without
 * ACPI: arch/arm64/kernel/acpi.c:acpi_boot_table_init); with ACPI tables,
 * none (read info->acpi_dir).  Fills @paths (up to 5) and returns how many.
 */
size_t iot_sysfs_firmware_paths(const struct iot_sysfs_info *info, const char *paths[5]);

/*
 * Read the PCI functions under @root into @t: one root per PCI segment
 * (an existing root of @t with that segment, the one whose bus range holds
 * the host bridge's bus if several, else a new root named "pciDDDD"), its
 * devs in depth-first BDF order with parent indices; a function already in
 * that root with the same bus/devfn is replaced.  Reads osrelease and
 * cmdline into t->kernel (replacing what was there).  @info (may be NULL)
 * receives the firmware found (iot_sysfs_find_firmware) and counts; free it
 * with iot_sysfs_info_free().  Locations of the functions name their config
 * file (strings owned by @t).  Returns 0, or -1 with errors in @d; on -1 @t
 * still holds every function that could be read.
 */
int iot_sysfs_load(const char *root, struct iot_topology *t, struct iot_sysfs_info *info,
		   struct iot_diags *d);

void iot_sysfs_info_free(struct iot_sysfs_info *info);

/*
 * Read sys/class/iommu under @root: the register attributes the x86 IOMMU
 * drivers export (intel-iommu/{cap,ecap,version}, amd-iommu/{cap,features})
 * into the unit of @t the firmware tables described (the DRHD with that
 * register base; the IVHD whose IOMMU device ID is the unit's PCI function),
 * setting its x86.has_regs.  A unit with no counterpart gets a note.  Uses
 * t->kernel.version (the AMD features format changed after 6.1).  Returns
 * how many units were matched.  iot_sysfs_load() calls it.
 */
size_t iot_sysfs_read_iommu_regs(const char *root, struct iot_topology *t, struct iot_diags *d);

/* An IOMMU group as the kernel formed it: sys/kernel/iommu_groups/N. */
enum iot_sysfs_domain {
	IOT_SYSFS_DOMAIN_UNKNOWN, /* type file absent or unrecognised */
	IOT_SYSFS_DOMAIN_DMA, /* "DMA" */
	IOT_SYSFS_DOMAIN_DMA_FQ, /* "DMA-FQ" */
	IOT_SYSFS_DOMAIN_IDENTITY, /* "identity" */
	IOT_SYSFS_DOMAIN_BLOCKED, /* "blocked" */
};

struct iot_sysfs_group {
	unsigned int number; /* N */
	enum iot_sysfs_domain type;
	char *type_name; /* the type file's text, NULL if absent */
	char **devices; /* member names ("0000:00:01.0", platform names), sorted */
	size_t n_devices;
};

struct iot_sysfs_groups {
	struct iot_sysfs_group *v; /* sorted by number */
	size_t n;
	bool present; /* sys/kernel/iommu_groups exists */
	char **kept; /* file names that diagnostics point to */
	size_t n_kept, cap_kept;
};

/*
 * Read sys/kernel/iommu_groups under @root into @g (initialised here).
 * A missing directory is not an error (no IOMMU: g->present is false).
 * Returns 0, or -1 with errors in @d.  Diagnostics point into @g: print them
 * before iot_sysfs_groups_free().
 */
int iot_sysfs_read_groups(const char *root, struct iot_sysfs_groups *g, struct iot_diags *d);
void iot_sysfs_groups_free(struct iot_sysfs_groups *g);

/* The group @name (e.g. "0000:00:01.0") belongs to, or NULL. */
const struct iot_sysfs_group *iot_sysfs_group_of(const struct iot_sysfs_groups *g,
						 const char *name);

const char *iot_sysfs_domain_name(enum iot_sysfs_domain t);

/* "DDDD:BB:DD.F" for a function of @r (at least 13 bytes). */
void iot_sysfs_dev_name(char *out, const struct iot_pci_root *r, const struct iot_pci_dev *dev);

#endif
