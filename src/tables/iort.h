/* SPDX-License-Identifier: MIT */
/*
 * The IORT (Arm DEN0049) as layout tables: the table header, the common
 * node header, one body layout per node type, and the arrays nodes carry
 * (ITS identifiers, SMMU interrupts, RMR descriptors, ID mappings).  Field
 * keys are what `iort-node: {fields: ...}` names in YAML.
 *
 * Node revisions per table revision (DEN0049 D: table 0; E.b: 3; E.d: 5;
 * E.e/E.f: 6; E.g: 7 with IWB) are EDK2 DynamicTablesPkg IortGenerator's,
 * FWTS's iort test maxima and QEMU's build_iort; labels are ACPICA's
 * source/common/dmtbinfo2.c (current) and the 20200925 release's.
 */
#ifndef IOTOPO_TABLES_IORT_H
#define IOTOPO_TABLES_IORT_H

#include "tables/layout.h"

#define IOT_IORT_HDR_LEN 48
#define IOT_IORT_NODE_HDR_LEN 16
#define IOT_IORT_MAP_LEN 20
#define IOT_IORT_NTYPES 8 /* ITS .. IWB */

/* Table revisions: D, E.b, E.d, E.e/E.f, E.g (1, 2 and 4 are withdrawn issues). */
#define IOT_IORT_NREVS 5
extern const uint8_t iot_iort_table_revs[IOT_IORT_NREVS];

/* One array a node carries, located by a count row and an offset row. */
struct iot_iort_array {
	const char *what; /* "ID mapping", "context interrupt" */
	const char *count_key; /* row of the node header or body holding the count */
	const char *offset_key; /* row holding the offset; NULL: right after the body */
	uint16_t elem_size;
	const struct iot_layout *elem;
	enum iot_rule_id rule; /* reported when the array does not fit */
};

struct iot_iort_type {
	uint8_t type;
	const char *name; /* "SMMUv3" */
	const char *article; /* "an" / "a" */
	const struct iot_layout *body; /* rows from offset 16 of the node */
	/* node revision written for each table revision (-1: the node does not exist yet) */
	int8_t rev[IOT_IORT_NREVS];
	const struct iot_iort_array *arrays; /* not counting the ID mappings */
	size_t n_arrays;
	const char *name_key; /* STRING row holding an ACPI path, or NULL */
	bool has_maps; /* may carry ID mappings */
};

/* Header rows after the 36-byte ACPI header (Node Count, Node Offset, Reserved). */
extern const struct iot_layout iot_iort_header;
/* Common node header: table revision 0 (bytes 4..7 reserved) and >= 3 (Identifier). */
extern const struct iot_layout iot_iort_node_hdr_d;
extern const struct iot_layout iot_iort_node_hdr_e;
/* One ID mapping (bound to struct iot_map_row). */
extern const struct iot_layout iot_iort_map;
extern const struct iot_iort_array iot_iort_maps;

/* The type's row, or NULL for a type iotopo does not know. */
const struct iot_iort_type *iot_iort_type(unsigned int type);
/* "SMMUv3", or "unknown type". */
const char *iot_iort_type_name(unsigned int type);
/* The node header layout for table revision @table_rev. */
const struct iot_layout *iot_iort_node_hdr(unsigned int table_rev);
/*
 * The node revision a writer uses for @type in a table of revision
 * @table_rev, or -1 if @table_rev is not one iotopo writes or the type does
 * not exist at it.  iot_iort_max_node_rev(): the newest node revision the
 * table revision allows (for lint), 0 if unknown.
 */
int iot_iort_node_rev(unsigned int table_rev, unsigned int type);
int iot_iort_max_node_rev(unsigned int table_rev, unsigned int type);

#endif
