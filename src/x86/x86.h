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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/x86_iommu.h"
#include "lint/rule_ids.h"
#include "model/model.h"
#include "util/diag.h"

/*
 * Read a raw DMAR / IVRS table (@len bytes, @file names it in diagnostics and
 * must outlive @t's locations) and append its units and entries to @t.
 * Returns 0 when the table was read, whatever findings (even errors) it
 * reported: the rest is read, linted and predicted (fail-soft); -1 only when
 * its header is unusable.
 */
int iot_dmar_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);
int iot_ivrs_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);
struct iot_acpi_names;
struct iot_buf;

/*
 * Write the DMAR of @t into @out (reset first): its intel-vtd units as
 * DRHDs (and RHSAs for those with a proximity domain), the RMRR, ATSR,
 * SATC and SIDP entries, ANDDs and kept raw structures, in the order the
 * decoded table had (see iot_fw_node.offset), else in type order.  Returns
 * 0, or -1 with errors in @d.  @names (may be NULL) receives a name per
 * structure offset, for iasl source comments.
 */
int iot_dmar_write(const struct iot_topology *t, struct iot_buf *out, struct iot_acpi_names *names,
		   struct iot_diags *d);
/* Whether @t has anything a DMAR describes (an intel-vtd unit, or a DMAR read). */
bool iot_topology_has_dmar(const struct iot_topology *t);

/*
 * Read a MADT ("APIC") as the DMAR's / IVRS's companion: its I/O APICs into
 * t->machine.ioapics (has_madt set).  Same contract as the readers above.
 */
int iot_madt_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d);

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
