/* SPDX-License-Identifier: MIT */
/*
 * Names of PCI vendors, devices and classes from the PCI ID database
 * (pci.ids, https://pci-ids.ucw.cz/: Debian's pci.ids package, hwdata
 * elsewhere), as lspci prints them.  Optional: without the file, reports
 * show the numbers.  Only the names of the IDs a topology uses are kept.
 */
#ifndef IOTOPO_REPORT_PCIIDS_H
#define IOTOPO_REPORT_PCIIDS_H

#include <stdint.h>

#include "model/model.h"
#include "util/diag.h"

/* Where pci.ids is looked for when neither --pci-ids nor IOTOPO_PCI_IDS says. */
#define IOT_PCIIDS_PATHS \
	"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids", "/usr/share/pci.ids"

struct iot_pciids;

/*
 * Load the names @t's PCI functions need.  @path: a file, "none" (no
 * names), or NULL: $IOTOPO_PCI_IDS (same values), else the first of
 * IOT_PCIIDS_PATHS that exists.  A file named explicitly that cannot be
 * read is an error in @d (returns NULL); none found is not.
 */
struct iot_pciids *iot_pciids_load(const char *path, const struct iot_topology *t,
				   struct iot_diags *d);
void iot_pciids_free(struct iot_pciids *p);

/* The file the names came from (for reports), or NULL. */
const char *iot_pciids_file(const struct iot_pciids *p);

/* Names, or NULL when unknown (or @p is NULL). */
const char *iot_pciids_vendor(const struct iot_pciids *p, uint16_t vendor);
const char *iot_pciids_device(const struct iot_pciids *p, uint16_t vendor, uint16_t device);
/* The subclass name of a 24-bit class code, else its class name. */
const char *iot_pciids_class(const struct iot_pciids *p, uint32_t class_code);

#endif
