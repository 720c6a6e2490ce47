/* SPDX-License-Identifier: MIT */
/*
 * The VIOT (ACPI 6.4 §5.2.30, drivers/acpi/viot.c) as layout tables: the
 * header, the node header and one body per node type.  Labels are ACPICA's
 * (dmtbinfo3.c, current iasl); iasl 20200925 has no VIOT and gets generic
 * data types (src/acpi/asl.c).
 */
#ifndef IOTOPO_TABLES_VIOT_H
#define IOTOPO_TABLES_VIOT_H

#include "tables/layout.h"

#define IOT_VIOT_HDR_LEN 48

enum {
	IOT_VIOT_PCI_RANGE = 1,
	IOT_VIOT_MMIO = 2,
	IOT_VIOT_VIRTIO_PCI = 3,
	IOT_VIOT_VIRTIO_MMIO = 4,
	IOT_VIOT_NTYPES = 5,
};

/* What a PCI range or MMIO endpoint node says (the reader turns it into map rows). */
struct iot_viot_ep {
	uint32_t endpoint; /* Endpoint start / Endpoint */
	uint16_t seg_start, seg_end, bdf_start, bdf_end;
	uint64_t base; /* MMIO endpoint: the device's base address */
};

struct iot_viot_type {
	uint8_t type;
	const char *name; /* "PCI range" */
	const char *asl_name; /* iasl's "[PCI Range]" */
	uint16_t length; /* the node's size: VIOT nodes have no variable part */
	const struct iot_layout *body; /* rows from offset 0 (they include the node header) */
};

extern const struct iot_layout iot_viot_header;
extern const struct iot_layout iot_viot_node_hdr;

/* Every VIOT layout, NULL-terminated (the registry's row). */
extern const struct iot_layout *const iot_viot_layouts[];

/* The type's row, or NULL for a type the VIOT does not define. */
const struct iot_viot_type *iot_viot_type(unsigned int type);

#endif
