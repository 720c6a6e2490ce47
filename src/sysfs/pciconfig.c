// SPDX-License-Identifier: MIT
#include "sysfs/pciconfig.h"

#include <stdarg.h>
#include <string.h>

/* Standard header offsets (include/uapi/linux/pci_regs.h names). */
#define CFG_VENDOR_ID 0x00
#define CFG_DEVICE_ID 0x02
#define CFG_STATUS 0x06
#define CFG_STATUS_CAP_LIST 0x0010
#define CFG_REVISION 0x08
#define CFG_CLASS_PROG 0x09
#define CFG_HEADER_TYPE 0x0e
#define CFG_PRIMARY_BUS 0x18
#define CFG_SECONDARY_BUS 0x19
#define CFG_SUBORDINATE_BUS 0x1a
#define CFG_CAPABILITY_LIST 0x34
#define CFG_CB_CAPABILITY_LIST 0x14

#define CAP_ID_EXP 0x10
#define EXP_FLAGS 0x02
#define EXP_DEVCTL2 0x28
#define EXP_DEVCTL2_ARI 0x0020
#define EXP_V2_SIZE 0x2c /* through Device Control 2 and Status 2 */

#define EXT_CAP_ID_ACS 0x000d
#define EXT_CAP_ID_ARI 0x000e
#define EXT_CAP_ID_SRIOV 0x0010
#define EXT_CAP_ID_ATS 0x000f
#define EXT_CAP_ID_PRI 0x0013
#define EXT_CAP_ID_PASID 0x001b
#define ACS_SIZE 8
#define SRIOV_SIZE 0x1c
#define ARI_SIZE 8

struct cfg {
	const uint8_t *p;
	size_t len;
	const char *file;
	struct iot_diags *d;
};

/* The one accessor for the untrusted bytes: little-endian, @width bytes at @off, or false. */
static bool rd(const struct cfg *c, size_t off, unsigned int width, uint32_t *v)
{
	uint32_t x = 0;

	if (off > c->len || width > c->len - off)
		return false;
	for (unsigned int i = 0; i < width; i++)
		x |= (uint32_t)c->p[off + i] << (8 * i);
	*v = x;
	return true;
}

static uint32_t rd_or0(const struct cfg *c, size_t off, unsigned int width)
{
	uint32_t v;

	return rd(c, off, width, &v) ? v : 0;
}

static void __attribute__((format(printf, 3, 4)))
warn(const struct cfg *c, size_t off, const char *fmt, ...)
{
	struct iot_loc loc = iot_loc_bin(c->file, off);
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(c->d, IOT_SEV_WARNING, &loc, NULL, fmt, ap);
	va_end(ap);
}

/*
 * Walk the standard capability list the way pci.c:__pci_find_next_cap_ttl
 * does (pointer masked to a dword, < 0x40 ends the list, ID 0xff ends it),
 * remembering the PCI Express capability.  Where the kernel relies on a TTL
 * of 48 steps we remember visited dwords instead, so a loop is reported at
 * the exact pointer that closes it.
 */
static void walk_caps(const struct cfg *c, struct iot_pciconfig *pc, size_t ptr_off)
{
	uint8_t seen[IOT_PCI_CFG_SIZE / 4] = { 0 };
	size_t from = ptr_off;
	uint32_t pos = rd_or0(c, ptr_off, 1);

	for (;;) {
		uint32_t id;

		if (pos == 0)
			return;
		if (pos < IOT_PCI_CFG_HEADER_SIZE) {
			warn(c, from,
			     "capability list: pointer 0x%02x points into the header (below 0x40)",
			     pos);
			return;
		}
		pos &= ~3u;
		if (seen[pos / 4]) {
			warn(c, from, "capability list loops: pointer 0x%02x revisits a capability",
			     pos);
			return;
		}
		seen[pos / 4] = 1;
		if (!rd(c, pos, 2, &id)) {
			warn(c, from,
			     "capability list: pointer 0x%02x is past the end of %zu bytes", pos,
			     c->len);
			return;
		}
		id &= 0xff;
		if (id == 0xff) {
			warn(c, pos, "capability list: ID 0xff at 0x%02x ends the list", pos);
			return;
		}
		if (id == CAP_ID_EXP && !pc->pcie_pos) {
			uint32_t flags;

			if (!rd(c, pos + EXP_FLAGS, 2, &flags)) {
				warn(c, pos,
				     "PCI Express capability at 0x%02x is cut off by the end of %zu bytes",
				     pos, c->len);
				return;
			}
			pc->pcie_pos = (uint8_t)pos;
			pc->pcie_version = flags & 0xf;
			pc->pcie_type = (flags >> 4) & 0xf;
			/* Device Control 2 exists from capability version 2 on */
			if (pc->pcie_version >= 2 && pos + EXP_V2_SIZE <= c->len)
				pc->ari_forwarding =
					rd_or0(c, pos + EXP_DEVCTL2, 2) & EXP_DEVCTL2_ARI;
		}
		from = pos + 1;
		pos = rd_or0(c, pos + 1, 1);
	}
}

static bool ext_fits(const struct cfg *c, uint32_t pos, size_t size, const char *what)
{
	if (pos + size <= c->len)
		return true;
	warn(c, pos, "%s at 0x%03x is cut off by the end of %zu bytes", what, pos, c->len);
	return false;
}

static void ext_cap(const struct cfg *c, struct iot_pciconfig *pc, uint32_t pos, uint32_t id)
{
	switch (id) {
	case EXT_CAP_ID_ACS:
		if (pc->acs_pos || !ext_fits(c, pos, ACS_SIZE, "ACS capability"))
			return;
		pc->acs_pos = (uint16_t)pos;
		pc->acs_cap = (uint16_t)rd_or0(c, pos + 4, 2);
		pc->acs_ctrl = (uint16_t)rd_or0(c, pos + 6, 2);
		return;
	case EXT_CAP_ID_SRIOV:
		if (pc->sriov_pos || !ext_fits(c, pos, SRIOV_SIZE, "SR-IOV capability"))
			return;
		pc->sriov_pos = (uint16_t)pos;
		pc->sriov_ctrl = (uint16_t)rd_or0(c, pos + 0x08, 2);
		pc->sriov_total_vfs = (uint16_t)rd_or0(c, pos + 0x0e, 2);
		pc->sriov_num_vfs = (uint16_t)rd_or0(c, pos + 0x10, 2);
		pc->sriov_offset = (uint16_t)rd_or0(c, pos + 0x14, 2);
		pc->sriov_stride = (uint16_t)rd_or0(c, pos + 0x16, 2);
		pc->sriov_vf_device = (uint16_t)rd_or0(c, pos + 0x1a, 2);
		return;
	case EXT_CAP_ID_ARI:
		if (!pc->ari_pos && ext_fits(c, pos, ARI_SIZE, "ARI capability"))
			pc->ari_pos = (uint16_t)pos;
		return;
	/* pci_ats_supported, pci_pri_supported, pci_pasid_features: presence is what counts */
	case EXT_CAP_ID_ATS:
		if (!pc->ats_pos)
			pc->ats_pos = (uint16_t)pos;
		return;
	case EXT_CAP_ID_PRI:
		if (!pc->pri_pos)
			pc->pri_pos = (uint16_t)pos;
		return;
	case EXT_CAP_ID_PASID:
		if (!pc->pasid_pos)
			pc->pasid_pos = (uint16_t)pos;
		return;
	default:
		return;
	}
}

/*
 * The extended list from 0x100, as pci.c:pci_find_next_ext_capability walks
 * it: a header of 0 (or all ones: no extended space) means no capabilities,
 * a next pointer below 0x100 ends the list.  Visited dwords are remembered
 * instead of the kernel's TTL.
 */
static void walk_ext_caps(const struct cfg *c, struct iot_pciconfig *pc)
{
	uint8_t seen[IOT_PCI_CFG_EXP_SIZE / 4] = { 0 };
	uint32_t pos = IOT_PCI_CFG_SIZE;
	size_t from = pos;
	uint32_t hdr;

	if (!rd(c, pos, 4, &hdr) || hdr == 0 || hdr == 0xffffffffu)
		return;
	for (;;) {
		if (seen[pos / 4]) {
			warn(c, from,
			     "extended capability list loops: pointer 0x%03x revisits a capability",
			     pos);
			return;
		}
		seen[pos / 4] = 1;
		if (!rd(c, pos, 4, &hdr)) {
			warn(c, from,
			     "extended capability list: pointer 0x%03x is past the end of %zu bytes",
			     pos, c->len);
			return;
		}
		if (hdr == 0)
			return;
		ext_cap(c, pc, pos, hdr & 0xffff);
		from = pos;
		pos = (hdr >> 20) & 0xffc;
		if (pos == 0)
			return;
		if (pos < IOT_PCI_CFG_SIZE) {
			warn(c, from,
			     "extended capability list: next pointer 0x%03x points below 0x100",
			     pos);
			return;
		}
	}
}

static enum iot_pci_type type_from_header(const struct iot_pciconfig *pc)
{
	if (pc->header_type == 1 || pc->header_type == 2)
		return IOT_PCI_PCI_BRIDGE;
	if ((pc->class_code >> 8) == 0x0600)
		return IOT_PCI_HOST_BRIDGE;
	return IOT_PCI_PCI_ENDPOINT;
}

static const struct {
	const char *name;
	enum iot_pci_type type;
	bool bridge; /* expects a type 1 header */
} pcie_types[16] = {
	[IOT_PCIE_TYPE_ENDPOINT] = { "endpoint", IOT_PCI_ENDPOINT, false },
	[IOT_PCIE_TYPE_LEGACY_END] = { "legacy-endpoint", IOT_PCI_LEGACY_ENDPOINT, false },
	[IOT_PCIE_TYPE_ROOT_PORT] = { "root-port", IOT_PCI_ROOT_PORT, true },
	[IOT_PCIE_TYPE_UPSTREAM] = { "upstream-port", IOT_PCI_UPSTREAM_PORT, true },
	[IOT_PCIE_TYPE_DOWNSTREAM] = { "downstream-port", IOT_PCI_DOWNSTREAM_PORT, true },
	[IOT_PCIE_TYPE_PCI_BRIDGE] = { "pcie-pci-bridge", IOT_PCI_PCIE_TO_PCI_BRIDGE, true },
	[IOT_PCIE_TYPE_PCIE_BRIDGE] = { "pci-pcie-bridge", IOT_PCI_PCI_TO_PCIE_BRIDGE, true },
	[IOT_PCIE_TYPE_RC_END] = { "rciep", IOT_PCI_RCIEP, false },
	[IOT_PCIE_TYPE_RC_EC] = { "rcec", IOT_PCI_RCEC, false },
};

const char *iot_pcie_port_type_name(unsigned int type)
{
	return type < 16 ? pcie_types[type].name : NULL;
}

static void derive_type(const struct cfg *c, struct iot_pciconfig *pc)
{
	const char *name;
	bool is_bridge_hdr = pc->header_type == 1;

	pc->type = type_from_header(pc);
	if (!pc->pcie_pos)
		return;
	name = iot_pcie_port_type_name(pc->pcie_type);
	if (!name) {
		warn(c, pc->pcie_pos + EXP_FLAGS,
		     "PCI Express capability: reserved Device/Port Type %u; typed from the header instead",
		     pc->pcie_type);
		return;
	}
	if (pcie_types[pc->pcie_type].bridge != is_bridge_hdr)
		warn(c, CFG_HEADER_TYPE, "header type %u does not match PCI Express port type %s",
		     pc->header_type, name);
	pc->type = pcie_types[pc->pcie_type].type;
}

int iot_pciconfig_parse(const uint8_t *cfg, size_t len, struct iot_pciconfig *pc, const char *file,
			struct iot_diags *d)
{
	struct cfg c = { .p = cfg, .len = len, .file = file, .d = d };
	struct iot_loc loc = iot_loc_bin(file, 0);
	uint32_t status;

	memset(pc, 0, sizeof(*pc));
	pc->len = len;
	if (len < IOT_PCI_CFG_HEADER_SIZE) {
		iot_error(d, &loc, "configuration space is %zu bytes, the header alone is 64", len);
		return -1;
	}
	pc->vendor = (uint16_t)rd_or0(&c, CFG_VENDOR_ID, 2);
	pc->device = (uint16_t)rd_or0(&c, CFG_DEVICE_ID, 2);
	if (pc->vendor == 0xffff || pc->vendor == 0) {
		iot_error(d, &loc, "vendor ID 0x%04x: no function responds here", pc->vendor);
		return -1;
	}
	pc->revision = (uint8_t)rd_or0(&c, CFG_REVISION, 1);
	pc->class_code = rd_or0(&c, CFG_CLASS_PROG, 3);
	pc->header_type = rd_or0(&c, CFG_HEADER_TYPE, 1) & 0x7f;
	pc->multifunction = rd_or0(&c, CFG_HEADER_TYPE, 1) & 0x80;
	if (pc->header_type == 1 || pc->header_type == 2) {
		pc->primary = (uint8_t)rd_or0(&c, CFG_PRIMARY_BUS, 1);
		pc->secondary = (uint8_t)rd_or0(&c, CFG_SECONDARY_BUS, 1);
		pc->subordinate = (uint8_t)rd_or0(&c, CFG_SUBORDINATE_BUS, 1);
	} else if (pc->header_type == 0) {
		/* probe.c:pci_setup_device reads PCI_SUBSYSTEM_VENDOR_ID for type 0 */
		pc->subsystem_vendor = (uint16_t)rd_or0(&c, 0x2c, 2);
		pc->subsystem_device = (uint16_t)rd_or0(&c, 0x2e, 2);
	} else {
		loc.offset = CFG_HEADER_TYPE;
		iot_warning(d, &loc, "unknown header type %u; treated as a type 0 function",
			    pc->header_type);
	}
	pc->caps_read = len >= IOT_PCI_CFG_SIZE;
	pc->ext_read = len >= IOT_PCI_CFG_EXP_SIZE;
	status = rd_or0(&c, CFG_STATUS, 2);
	/* pci.c:__pci_bus_find_cap_start: no list unless Status says so */
	if (len > IOT_PCI_CFG_HEADER_SIZE && (status & CFG_STATUS_CAP_LIST))
		walk_caps(&c, pc,
			  pc->header_type == 2 ? CFG_CB_CAPABILITY_LIST : CFG_CAPABILITY_LIST);
	/* probe.c:pci_cfg_space_size: only PCIe (and PCI-X 2.0) functions have 4096 bytes */
	if (len > IOT_PCI_CFG_SIZE)
		walk_ext_caps(&c, pc);
	derive_type(&c, pc);
	return 0;
}

void iot_pciconfig_to_dev(const struct iot_pciconfig *pc, struct iot_pci_dev *dev)
{
	dev->vendor = pc->vendor;
	dev->device = pc->device;
	dev->class_code = pc->class_code;
	dev->revision = pc->revision;
	dev->subsystem_vendor = pc->subsystem_vendor;
	dev->subsystem_device = pc->subsystem_device;
	dev->has_ids = true;
	dev->multifunction = pc->multifunction;
	dev->type = pc->type;
	if (pc->header_type == 1 || pc->header_type == 2) {
		dev->secondary = pc->secondary;
		dev->subordinate = pc->subordinate;
	}
	dev->has_acs = pc->acs_pos != 0;
	dev->acs_cap = pc->acs_cap;
	dev->acs_ctrl = pc->acs_ctrl;
	dev->acs_ctrl_set = pc->acs_pos != 0;
	if (pc->sriov_pos) {
		dev->sriov_total_vfs = pc->sriov_total_vfs;
		dev->sriov_num_vfs = pc->sriov_num_vfs;
		dev->sriov_offset = pc->sriov_offset;
		dev->sriov_stride = pc->sriov_stride;
	}
	dev->has_ari = pc->ari_pos != 0;
	dev->has_ats = pc->ats_pos != 0;
	dev->has_pri = pc->pri_pos != 0;
	dev->has_pasid = pc->pasid_pos != 0;
	dev->ari_forwarding = pc->ari_forwarding;
}
