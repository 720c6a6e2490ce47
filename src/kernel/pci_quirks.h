/* SPDX-License-Identifier: MIT */
/*
 * The PCI quirks of drivers/pci/quirks.c that decide IOMMU grouping, as data
 * plus the kernel's matcher logic, as pure functions over a device
 * descriptor: ACS quirks (pci_dev_acs_enabled[] through
 * pci_dev_specific_acs_enabled, pci_dev_acs_ops[] through
 * pci_dev_specific_enable_acs) and the header fixups that add DMA aliases or
 * set bridge flags pci_for_each_dma_alias follows.
 *
 * The table (pci_quirk_table.c) is generated from lists extracted from the
 * Debian linux-source trees 5.10.223, 6.1.192, 6.12.118 and 7.2.13 by
 * tests/tools/extract-quirks.py; each row records which of those builds
 * carry it (stable kernels receive most new quirk rows as backports, so a
 * mainline version alone would mispredict Debian's older kernels).
 */
#ifndef IOTOPO_KERNEL_PCI_QUIRKS_H
#define IOTOPO_KERNEL_PCI_QUIRKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* The checked Debian builds, one bit each. */
#define IOT_KQ_5_10 0x01 /* 5.10.223 (bullseye) */
#define IOT_KQ_6_1 0x02 /* 6.1.192 (bookworm) */
#define IOT_KQ_6_12 0x04 /* 6.12.118 (trixie) */
#define IOT_KQ_7_2 0x08 /* 7.2.13 (sid) */
#define IOT_KQ_SINCE_5_10 (IOT_KQ_5_10 | IOT_KQ_SINCE_6_1)
#define IOT_KQ_SINCE_6_1 (IOT_KQ_6_1 | IOT_KQ_SINCE_6_12)
#define IOT_KQ_SINCE_6_12 (IOT_KQ_6_12 | IOT_KQ_SINCE_7_2)
#define IOT_KQ_SINCE_7_2 IOT_KQ_7_2

#define IOT_KQ_ANY 0xffff /* PCI_ANY_ID as a u16 */

enum iot_kquirk_kind {
	IOT_KQK_ACS, /* pci_dev_acs_enabled[] */
	IOT_KQK_ACS_OPS, /* pci_dev_acs_ops[] (enable_acs) */
	IOT_KQK_PCH_ID, /* pci_quirk_intel_pch_acs_ids[] */
	IOT_KQK_FIXUP, /* DECLARE_PCI_FIXUP_HEADER / _CLASS_FINAL */
	IOT_KQK_FIXED_ALIAS, /* fixed_dma_alias_tbl[] */
	IOT_KQK_ACS_CAP, /* pci_disable_broken_acs_cap: ACS SV cleared from the capability */
};

/* The quirks.c function a row runs (names: iot_kquirk_hook_name). */
enum iot_kquirk_hook {
	IOT_KQH_AMD_SB,
	IOT_KQH_MF_ENDPOINT,
	IOT_KQH_RCIEP,
	IOT_KQH_QCOM_RP,
	IOT_KQH_INTEL_PCH,
	IOT_KQH_INTEL_SPT_PCH,
	IOT_KQH_CAVIUM,
	IOT_KQH_XGENE,
	IOT_KQH_BRCM,
	IOT_KQH_LOONGSON,
	IOT_KQH_AL,
	IOT_KQH_ZHAOXIN_PORTS,
	IOT_KQH_NXP_RP,
	IOT_KQH_WANGXUN_NIC,
	IOT_KQH_ENABLE_INTEL_PCH,
	IOT_KQH_ENABLE_INTEL_SPT_PCH,
	IOT_KQH_PCH_ID,
	IOT_KQH_DMA_FUNC0,
	IOT_KQH_DMA_FUNC1,
	IOT_KQH_FIXED_DMA_ALIAS,
	IOT_KQH_PCIE_BRIDGE_ALIAS,
	IOT_KQH_MIC_X200,
	IOT_KQH_PEX_VCA,
	IOT_KQH_XLATE_ROOT,
	IOT_KQH_BRIDGE_NO_ALIAS,
	IOT_KQH_PLX_NTB,
	IOT_KQH_SWITCHTEC_NTB,
	IOT_KQH_BROKEN_ACS_CAP,
	IOT_KQH_ACS_OVERRIDE, /* the out-of-tree patch's last row: kernel/acs_override.h */
	IOT_KQH_NR
};

struct iot_kquirk {
	uint8_t kind; /* enum iot_kquirk_kind */
	uint8_t hook; /* enum iot_kquirk_hook */
	uint16_t vendor, device; /* IOT_KQ_ANY = PCI_ANY_ID */
	uint16_t subvendor, subdevice; /* fixed_dma_alias_tbl only */
	uint32_t class_code; /* class fixups: class >> class_shift must equal it */
	uint8_t class_shift;
	uint8_t devfn; /* fixed_dma_alias_tbl: the alias */
	uint8_t trees; /* IOT_KQ_* builds that carry the row */
};

extern const struct iot_kquirk iot_kquirk_table[];
extern const size_t iot_kquirk_table_n;

/* Rows the lookup index (pci_quirks.c) holds; the generated table asserts it fits. */
#define IOT_KQUIRK_TABLE_MAX 1024

const char *iot_kquirk_hook_name(enum iot_kquirk_hook h);

/*
 * The checked build whose rows a kernel version uses: the newest one not
 * above it (5.15 uses 5.10.223's rows, 6.6 uses 6.1.192's, 6.18 6.12.118's).
 */
uint8_t iot_kquirk_tree(unsigned int major, unsigned int minor);
const char *iot_kquirk_tree_name(uint8_t tree);

/* What the matchers look at, as Linux has it in struct pci_dev. */
struct iot_kpci_dev {
	uint16_t vendor, device;
	uint16_t subvendor, subdevice; /* 0 when unknown */
	uint32_t class_code; /* 24-bit */
	uint8_t devfn;
	enum iot_pci_type type;
	bool multifunction; /* dev->multifunction */
	bool root_bus; /* pci_is_root_bus(dev->bus) */
	bool bridge_header; /* hdr_type == PCI_HEADER_TYPE_BRIDGE */
	bool parent_pcie; /* pci_is_pcie(dev->bus->self) */
	enum iot_pci_type parent_type;
	bool has_acs; /* dev->acs_cap != 0 */
	uint16_t acs_cap;
	uint32_t spt_acs_ctrl; /* Sunrise Point: the dword at acs_cap + 8 */
	bool acs_enabled_quirk; /* PCI_DEV_FLAGS_ACS_ENABLED_QUIRK */
	bool untrusted; /* dev->external_facing || dev->untrusted */
};

/* What the matchers look at outside the device. */
struct iot_acs_override;

struct iot_kpci_env {
	uint8_t tree; /* one IOT_KQ_* bit: whose rows and matcher bodies apply */
	bool ivrs; /* acpi_get_table("IVRS") succeeds */
	bool ats_disabled; /* pci_ats_disabled() */
	/* a kernel with the ACS override patch booted with pcie_acs_override=, or NULL */
	const struct iot_acs_override *acs_override;
};

/* pci.c:pci_acs_ctrl_enabled */
static inline int iot_kpci_acs_ctrl_enabled(uint16_t acs_flags, uint16_t ctrl)
{
	return (acs_flags & ctrl) == acs_flags;
}

#define IOT_KPCI_ENOTTY (-25)
#define IOT_KPCI_ENODEV (-19)

/*
 * quirks.c:pci_dev_specific_acs_enabled: -ENOTTY when no row decides, else
 * 0 or 1; *@hit (may be NULL) names the row that decided.
 */
int iot_kpci_acs_enabled_quirk(const struct iot_kpci_dev *d, uint16_t acs_flags,
			       const struct iot_kpci_env *e, const struct iot_kquirk **hit);

/* One matcher (the row's function), for the unit tests: -ENOTTY/-ENODEV, 0 or 1. */
int iot_kpci_acs_hook(enum iot_kquirk_hook h, const struct iot_kpci_dev *d, uint16_t acs_flags,
		      const struct iot_kpci_env *e);

/*
 * quirks.c:pci_dev_specific_enable_acs, run from pci.c:pci_enable_acs when
 * ACS was requested before the device was added.  Returns -ENOTTY (no row:
 * the standard enable runs) or 0 and updates @d as the kernel's hook does
 * (PCI_DEV_FLAGS_ACS_ENABLED_QUIRK, the Sunrise Point control dword).  The
 * Intel PCH hook's RCBA/UPDCR programming is taken to succeed.
 */
int iot_kpci_enable_acs_quirk(struct iot_kpci_dev *d, const struct iot_kpci_env *e,
			      const struct iot_kquirk **hit);

/* Bridge flags a header fixup sets (include/linux/pci.h PCI_DEV_FLAGS_*). */
#define IOT_KPCI_XLATE_ROOT 0x01 /* PCI_DEV_FLAGS_BRIDGE_XLATE_ROOT */
#define IOT_KPCI_PCIE_BRIDGE_ALIAS 0x02 /* PCI_DEV_FLAG_PCIE_BRIDGE_ALIAS */
#define IOT_KPCI_BRIDGE_NO_ALIAS 0x04 /* PCI_DEV_FLAGS_PCI_BRIDGE_NO_ALIAS */

struct iot_kpci_fixups {
	uint32_t alias_mask[8]; /* dev->dma_alias_mask (devfns on its own bus) */
	bool has_alias;
	unsigned int flags; /* IOT_KPCI_* */
	const struct iot_kquirk *hits[4]; /* rows that applied, for --explain */
	size_t n_hits;
	/* a row matched whose effect depends on MMIO, not config space (Switchtec NTB) */
	const struct iot_kquirk *unmodelled;
};

/* The DMA-alias and bridge-flag header fixups of quirks.c for @d. */
void iot_kpci_header_fixups(const struct iot_kpci_dev *d, const struct iot_kpci_env *e,
			    struct iot_kpci_fixups *out);

/* One line of the table as tests/tools/extract-quirks.py prints it (no newline). */
void iot_kquirk_format(const struct iot_kquirk *q, char *out, size_t n);

#endif
