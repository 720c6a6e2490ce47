/* SPDX-License-Identifier: MIT */
/* Private to src/dt: the topology as a dtree, shared by the writers and the --base patcher. */
#ifndef IOTOPO_DT_BUILD_H
#define IOTOPO_DT_BUILD_H

#include "dt/dtree.h"
#include "model/model.h"
#include "util/diag.h"

/* Where each model object landed in the tree (-1 = not in the DT outputs). */
struct dt_index {
	int *iommu;
	int *msi;
	int *root;
	int *platdev;
	int gic;
	/*
	 * Board addresses of the standalone tree (dt_layout): an ITS's reg
	 * and a root's ECAM where the topology gives none (an IORT has no ITS
	 * or ECAM address), each root's memory window, and the GIC frames,
	 * all clear of every address the topology does give.
	 */
	uint64_t *its_base;
	uint64_t *ecam;
	uint64_t *window;
	uint64_t gicd, gicr;
	/*
	 * Standalone tree (DTB, DTS): a platform device with only an ACPI path
	 * (an IORT named component) gets a node named after that path; the
	 * .dtsi and --base outputs, which refer to board nodes, leave it out.
	 */
	bool standalone;
};

/*
 * Build the whole tree (board properties marked ->board).  Returns 0, or -1
 * with errors in @d (every problem is reported, not just the first).
 */
int dt_build(const struct iot_topology *t, struct dtree *tr, struct dt_index *ix,
	     struct iot_diags *d);
void dt_index_free(struct dt_index *ix);

/* #iommu-cells the DT writer gives an IOMMU model (0 = no DT binding). */
unsigned int dt_iommu_cells(const struct iot_iommu *u);

/* fdt_check_full() with a precise "file: offset 0x..: error: ..." on failure. */
int dt_check_blob(const void *fdt, size_t len, const char *file, struct iot_diags *d);

/* Blob offsets of a tree compiled from DTS, and where in the source each was written. */
struct iot_dts_pos {
	uint64_t off;
	const char *file; /* kept by the topology */
	unsigned int line, col;
};

struct iot_dts_positions {
	struct iot_dts_pos *v;
	size_t n;
};

/*
 * From @fdt (compiled by dtc) and @annotated (dtc -I dts -O dts -T -T of the
 * same source, modified in place): file names as dtc printed them, except
 * @tmp_src (a temporary copy of standard input), which becomes @display.
 */
void iot_dts_positions_build(const void *fdt, char *annotated, const char *tmp_src,
			     const char *display, struct iot_topology *t,
			     struct iot_dts_positions *out);
/* The position of the node or property holding blob offset @off; false if unknown. */
bool iot_dts_position(const struct iot_dts_positions *p, uint64_t off, struct iot_loc *loc);
void iot_dts_positions_free(struct iot_dts_positions *p);

/*
 * iot_dt_read_dtb() for a blob dtc made from DTS @file: locations are the
 * source's file:line:col from @pos (NULL: the file only).
 */
int dt_read_compiled_dts(const uint8_t *data, size_t len, const char *file,
			 const struct iot_dts_positions *pos, struct iot_topology *t,
			 struct iot_diags *d);

#endif
