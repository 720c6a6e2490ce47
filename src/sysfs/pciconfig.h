/* SPDX-License-Identifier: MIT */
/*
 * A PCI function's configuration space, as the raw bytes sysfs exposes in
 * sys/bus/pci/devices/DDDD:BB:DD.F/config (64 bytes unprivileged, 256 for
 * conventional PCI, 4096 for PCIe), decoded into what the probe simulator
 * needs: IDs, header type, bridge bus numbers, PCIe port type, ACS, SR-IOV
 * and ARI.  Every read is bounds-checked against the buffer length and both
 * capability walks visit each dword at most once, so a malformed or cyclic
 * list ends with a diagnostic, never a hang.
 */
#ifndef IOTOPO_PCICONFIG_H
#define IOTOPO_PCICONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/diag.h"

#define IOT_PCI_CFG_HEADER_SIZE 64
#define IOT_PCI_CFG_SIZE 256
#define IOT_PCI_CFG_EXP_SIZE 4096

/* PCIe Capabilities register, Device/Port Type field (PCI_EXP_TYPE_*). */
enum iot_pcie_port_type {
	IOT_PCIE_TYPE_ENDPOINT = 0x0,
	IOT_PCIE_TYPE_LEGACY_END = 0x1,
	IOT_PCIE_TYPE_ROOT_PORT = 0x4,
	IOT_PCIE_TYPE_UPSTREAM = 0x5,
	IOT_PCIE_TYPE_DOWNSTREAM = 0x6,
	IOT_PCIE_TYPE_PCI_BRIDGE = 0x7, /* PCIe-to-PCI/PCI-X bridge */
	IOT_PCIE_TYPE_PCIE_BRIDGE = 0x8, /* PCI/PCI-X-to-PCIe bridge */
	IOT_PCIE_TYPE_RC_END = 0x9, /* root-complex integrated endpoint */
	IOT_PCIE_TYPE_RC_EC = 0xa, /* root-complex event collector */
};

struct iot_pciconfig {
	size_t len; /* bytes available */
	uint16_t vendor;
	uint16_t device;
	uint32_t class_code; /* 24 bits */
	uint8_t revision;
	uint16_t subsystem_vendor, subsystem_device; /* type 0 header, offset 0x2c */
	uint8_t header_type; /* layout, bits 6:0 (0 normal, 1 bridge, 2 CardBus) */
	bool multifunction; /* header type bit 7 */
	uint8_t primary; /* bridges */
	uint8_t secondary;
	uint8_t subordinate;
	bool caps_read; /* the standard capability list was readable (len >= 256) */
	bool ext_read; /* the extended capability list was readable (len >= 4096) */

	uint8_t pcie_pos; /* PCI Express capability offset, 0 = none */
	uint8_t pcie_type; /* enum iot_pcie_port_type, valid when pcie_pos */
	uint8_t pcie_version;
	bool ari_forwarding; /* Device Control 2: ARI Forwarding Enable */

	uint16_t acs_pos; /* ACS extended capability offset, 0 = none */
	uint16_t acs_cap;
	uint16_t acs_ctrl;

	uint16_t sriov_pos; /* SR-IOV extended capability offset, 0 = none */
	uint16_t sriov_ctrl;
	uint16_t sriov_total_vfs;
	uint16_t sriov_num_vfs;
	uint16_t sriov_offset;
	uint16_t sriov_stride;
	uint16_t sriov_vf_device;

	uint16_t ari_pos; /* ARI extended capability offset, 0 = none */
	uint16_t ats_pos, pri_pos, pasid_pos; /* ATS, PRI, PASID extended capabilities, 0 = none */

	enum iot_pci_type type; /* derived: PCIe port type, else header type and class */
};

/*
 * Decode @len bytes of configuration space.  @file names the source in
 * diagnostics (binary locations: `file: offset 0x..: ...`) and must outlive
 * @d.  Returns 0 when the function is usable, with warnings in @d for
 * anything malformed (a capability list that loops, points below 0x40 or
 * past the end, an unknown port type); -1 with an error when it is not
 * (fewer than 64 bytes, or no function there: vendor ID 0xffff or 0).
 */
int iot_pciconfig_parse(const uint8_t *cfg, size_t len, struct iot_pciconfig *pc, const char *file,
			struct iot_diags *d);

/* Copy what the model keeps of @pc into @dev (IDs, type, bridge buses, ACS, SR-IOV, ARI). */
void iot_pciconfig_to_dev(const struct iot_pciconfig *pc, struct iot_pci_dev *dev);

/* "root-port", "endpoint", ... for a raw Device/Port Type, or NULL if reserved. */
const char *iot_pcie_port_type_name(unsigned int type);

#endif
