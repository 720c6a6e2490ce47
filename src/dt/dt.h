/* SPDX-License-Identifier: MIT */
/*
 * Device Tree: the topology to DTS / .dtsi / DTB / a patched board DTB, and
 * a DTB (or DTS, through dtc) back into the topology.  All FDT encoding and
 * decoding is done by libfdt.
 *
 * Property forms follow the kernel (drivers/of/base.c:of_map_id,
 * drivers/iommu/of_iommu.c, the arm-smmu and virtio-iommu of_xlate): every
 * iommu-map / msi-map is written with 1-cell specifiers (4-cell rows), the
 * form both the classic of_map_id and the 2026 "Respect #{iommu,msi}-cells
 * in maps" rework parse the same way; a map that only one of them could
 * read is refused with an error naming the row.
 */
#ifndef IOTOPO_DT_H
#define IOTOPO_DT_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"

/* Standalone DTB.  Returns 0, or -1 with errors in @d. */
int iot_dt_write_dtb(const struct iot_topology *t, struct iot_buf *out, struct iot_diags *d);
/* Standalone DTS source (what iot_dt_write_dtb() encodes). */
int iot_dt_write_dts(const struct iot_topology *t, struct iot_buf *out, struct iot_diags *d);
/* .dtsi fragment: complete IOMMU and ITS nodes, &label overrides for board nodes. */
int iot_dt_write_dtsi(const struct iot_topology *t, struct iot_buf *out, struct iot_diags *d);
/*
 * What the three writers above report for @t, without printing or packing
 * anything: the validator `check` runs.  Returns 0, or -1 with their errors.
 */
int iot_dt_check(const struct iot_topology *t, struct iot_diags *d);

/*
 * A copy of the board DTB @base (@len bytes, read from @base_name) with the
 * topology's IOMMU properties added to the nodes the topology names (by DT
 * path, or label through /__symbols__), new phandles above the blob's
 * largest, and nothing else changed.  Returns 0, or -1 with errors in @d.
 */
int iot_dt_patch_dtb(const struct iot_topology *t, const uint8_t *base, size_t len,
		     const char *base_name, struct iot_buf *out, struct iot_diags *d);

/*
 * The same change as iot_dt_patch_dtb() as a DT overlay blob (/plugin/:
 * fragments with target-path, __local_fixups__): `fdtoverlay -i BASE -o OUT
 * OVERLAY` gives the tree iot_dt_patch_dtb() writes.  Returns 0, or -1.
 */
int iot_dt_overlay_dtb(const struct iot_topology *t, const uint8_t *base, size_t len,
		       const char *base_name, struct iot_buf *out, struct iot_diags *d);

/*
 * Read a DTB into @t.  @file names it in diagnostics ("file: offset 0x..:
 * error: /path:prop: ...").  Returns 0, or -1 with errors in @d.
 */
int iot_dt_read_dtb(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		    struct iot_diags *d);
/*
 * Read DTS source by compiling it with dtc (must be installed) and reading
 * the blob.  dtc reads @path itself (so /include/ works); for "-" (standard
 * input, already read) it is given @data, @len from a temporary file.
 */
int iot_dt_read_dts(const char *path, const uint8_t *data, size_t len, struct iot_topology *t,
		    struct iot_diags *d);

#endif
