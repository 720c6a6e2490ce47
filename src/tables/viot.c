// SPDX-License-Identifier: MIT
#include "tables/viot.h"

#include <stddef.h>

#include "model/model.h"

IOT_LAYOUT_TABLES_BEGIN

#define R IOT_RULE_VIOT_RESERVED

static const struct iot_field header_rows[] = {
	IOT_FCALC(36, 2, "node-count", "Node count"),
	IOT_FCALC(38, 2, "node-offset", "Node offset"),
	IOT_FRSV(40, 8, "reserved"),
};
const struct iot_layout iot_viot_header = IOT_LAYOUT("VIOT header", header_rows, R);

#define NODE_HDR                                                       \
	IOT_FCALC(0, 1, "type", "Type"), IOT_FRSV(1, 1, "reserved-1"), \
		IOT_FCALC(2, 2, "length", "Length")

static const struct iot_field hdr_rows[] = { NODE_HDR };
const struct iot_layout iot_viot_node_hdr = IOT_LAYOUT("node header", hdr_rows, R);

static const struct iot_field range_rows[] = {
	NODE_HDR,
	IOT_F(4, 4, "endpoint-start", "Endpoint start", IOT_BIND(struct iot_viot_ep, endpoint)),
	IOT_F(8, 2, "segment-start", "PCI Segment start", IOT_BIND(struct iot_viot_ep, seg_start)),
	IOT_F(10, 2, "segment-end", "PCI Segment end", IOT_BIND(struct iot_viot_ep, seg_end)),
	IOT_F(12, 2, "bdf-start", "PCI BDF start", IOT_BIND(struct iot_viot_ep, bdf_start)),
	IOT_F(14, 2, "bdf-end", "PCI BDF end", IOT_BIND(struct iot_viot_ep, bdf_end)),
	IOT_FCALC(16, 2, "output-node", "Output node", .ref = true),
	IOT_FRSV(18, 6, "reserved-18"),
};
static const struct iot_layout range_body = IOT_LAYOUT("PCI range", range_rows, R);

static const struct iot_field mmio_rows[] = {
	NODE_HDR,
	IOT_F(4, 4, "endpoint", "Endpoint", IOT_BIND(struct iot_viot_ep, endpoint)),
	IOT_F(8, 8, "base", "Base address", IOT_BIND(struct iot_viot_ep, base)),
	IOT_FCALC(16, 2, "output-node", "Output node", .ref = true),
	IOT_FRSV(18, 6, "reserved-18"),
};
static const struct iot_layout mmio_body = IOT_LAYOUT("MMIO endpoint", mmio_rows, R);

static const struct iot_field vpci_rows[] = {
	NODE_HDR,
	IOT_F(4, 2, "segment", "PCI Segment", IOT_BIND(struct iot_iommu, pci_segment)),
	IOT_F(6, 2, "bdf", "PCI BDF number", IOT_BIND(struct iot_iommu, pci_bdf)),
	IOT_FRSV(8, 8, "reserved-8"),
};
static const struct iot_layout vpci_body = IOT_LAYOUT("virtio-iommu-pci", vpci_rows, R);

static const struct iot_field vmmio_rows[] = {
	NODE_HDR,
	IOT_FRSV(4, 4, "reserved-4"),
	IOT_F(8, 8, "base", "Base address", IOT_BIND(struct iot_iommu, base)),
};
static const struct iot_layout vmmio_body = IOT_LAYOUT("virtio-iommu-mmio", vmmio_rows, R);

static const struct iot_viot_type types[IOT_VIOT_NTYPES] = {
	{ 0, NULL, NULL, 0, NULL },
	{ IOT_VIOT_PCI_RANGE, "PCI range", "PCI Range", 24, &range_body },
	{ IOT_VIOT_MMIO, "MMIO endpoint", "MMIO Endpoint", 24, &mmio_body },
	{ IOT_VIOT_VIRTIO_PCI, "virtio-iommu-pci", "VirtIO-PCI IOMMU", 16, &vpci_body },
	{ IOT_VIOT_VIRTIO_MMIO, "virtio-iommu-mmio", "VirtIO-MMIO IOMMU", 16, &vmmio_body },
};

const struct iot_viot_type *iot_viot_type(unsigned int type)
{
	return type && type < IOT_VIOT_NTYPES ? &types[type] : NULL;
}

const struct iot_layout *const iot_viot_layouts[] = {
	&iot_viot_header, &iot_viot_node_hdr, &range_body, &mmio_body,
	&vpci_body,	  &vmmio_body,	      NULL,
};
