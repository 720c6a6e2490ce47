/* SPDX-License-Identifier: MIT */
/*
 * ACPI DMAR (Intel VT-d) -> model: one intel-vtd IOMMU per DRHD unit, with
 * its PCI segment and register base, so the probe simulator sees which
 * segments are translated on x86 machines (e.g. a snapshot's
 * sys/firmware/acpi/tables/DMAR).  Device scopes are checked but not
 * modelled: a unit is taken to cover its whole segment (what the simulator
 * assumes), and a note says so when the table lists a scope instead of
 * INCLUDE_PCI_ALL.  RMRR, ATSR, RHSA, ANDD and SATC structures are skipped.
 */
#ifndef IOTOPO_X86_DMAR_H
#define IOTOPO_X86_DMAR_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/diag.h"

/*
 * Read the DMAR table of @len bytes (@file names it in diagnostics and must
 * outlive @d) into @t.  Returns 0, or -1 with errors in @d (a structure
 * that is shorter than its header or runs past the table ends the walk, as
 * in the kernel).
 */
int iot_dmar_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);

#endif
