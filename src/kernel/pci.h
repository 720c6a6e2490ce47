/* SPDX-License-Identifier: MIT */
/*
 * The PCI rules of Linux that decide which requester IDs a function DMAs
 * with and which quirks change that or its isolation, over one PCI root of
 * the model (devices by index into root->devs):
 * drivers/pci/search.c:pci_for_each_dma_alias, drivers/pci/pci.c:
 * pci_add_dma_alias / pci_devs_are_dma_aliases, and the header fixups and
 * device-specific ACS answers of drivers/pci/quirks.c (pci_quirks.c holds
 * the tables).  A parent must come before its child in root->devs (as
 * iot_topology_validate() demands); a parent index that does not is taken
 * as "on the root bus", so a broken chain cannot loop.
 */
#ifndef IOTOPO_KERNEL_PCI_H
#define IOTOPO_KERNEL_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/profile.h"
#include "model/model.h"

/* include/linux/pci.h PCI_DEV_FLAGS_* a header fixup sets */
#define IOT_PCI_QF_XLATE_ROOT 0x01 /* PCI_DEV_FLAGS_BRIDGE_XLATE_ROOT */
#define IOT_PCI_QF_BRIDGE_ALIAS 0x02 /* PCI_DEV_FLAG_PCIE_BRIDGE_ALIAS */
#define IOT_PCI_QF_ALIAS_MASK 0x04 /* dev->dma_alias_mask is set */
#define IOT_PCI_QF_BRIDGE_NO_ALIAS 0x08 /* PCI_DEV_FLAGS_PCI_BRIDGE_NO_ALIAS */

/* What pci_dev_specific_acs_enabled answers for a function (quirks.c:pci_dev_acs_enabled[]). */
enum iot_acs_quirk {
	IOT_ACS_QUIRK_NONE = -1, /* no quirk: the ACS capability decides */
	IOT_ACS_QUIRK_NO = 0, /* the quirk says: not isolated */
	IOT_ACS_QUIRK_YES = 1, /* the quirk says: isolated */
	/*
	 * quirks.c:pci_quirk_intel_pch_acs: isolated only if pci_enable_acs
	 * ran its enable quirk (PCI_DEV_FLAGS_ACS_ENABLED_QUIRK), i.e. ACS had
	 * been requested when the port was added.
	 */
	IOT_ACS_QUIRK_INTEL_PCH = 2, /* also Sunrise Point: its enable quirk writes the dword */
};

struct iot_kquirk;

/* The quirk state of one root's functions after the header fixups ran. */
struct iot_acs_override;

struct iot_pci_quirks {
	const struct iot_pci_root *root;
	/* the out-of-tree ACS override (kernel/acs_override.h) in this kernel, or NULL */
	const struct iot_acs_override *acs_override;
	uint8_t *flags; /* IOT_PCI_QF_* per function */
	int8_t *acs; /* enum iot_acs_quirk per function */
	const struct iot_kquirk **acs_row; /* the quirks.c row that decided acs[], or NULL */
	bool ivrs; /* an IVRS table exists (quirks.c:pci_quirk_amd_sb_acs asks) */
	int *mask_idx; /* per function: index into masks, -1 none */
	uint32_t (*masks)[8]; /* dma_alias_mask: one bit per devfn */
	size_t n_masks, cap_masks;
};

/*
 * Run the header fixups of quirks.c over every function of @r as kernel @k
 * (NULL: the newest profile) has them.  Free with iot_pci_quirks_free().
 */
void iot_pci_quirks_init(struct iot_pci_quirks *q, const struct iot_pci_root *r,
			 const struct iot_kernel_profile *k);
/* The same, on a machine that has an IVRS table (AMD southbridge ACS quirk). */
void iot_pci_quirks_init_ivrs(struct iot_pci_quirks *q, const struct iot_pci_root *r,
			      const struct iot_kernel_profile *k, bool ivrs);
/* And for a kernel carrying the out-of-tree ACS override patch, booted with @ov (NULL: none). */
void iot_pci_quirks_init_override(struct iot_pci_quirks *q, const struct iot_pci_root *r,
				  const struct iot_kernel_profile *k, bool ivrs,
				  const struct iot_acs_override *ov);
void iot_pci_quirks_free(struct iot_pci_quirks *q);

/* quirks.c: the fixups for function @dev alone (iot_pci_quirks_init runs it for each). */
void iot_pci_fixup_dev(struct iot_pci_quirks *q, size_t dev, const struct iot_kernel_profile *k);

/* pci.c:pci_add_dma_alias: @dev also DMAs as devfn @devfn of its bus. */
void iot_pci_add_dma_alias(struct iot_pci_quirks *q, size_t dev, unsigned int devfn);
bool iot_pci_has_dma_alias(const struct iot_pci_quirks *q, size_t dev, unsigned int devfn);

/* pci.c:pci_devs_are_dma_aliases, through dma_alias_mask (pci_real_dma_dev not modelled). */
bool iot_pci_devs_are_dma_aliases(const struct iot_pci_quirks *q, size_t a, size_t b);

/* The upstream bridge of @dev, or IOT_NONE on the root bus (or a broken chain). */
static inline int iot_pci_upstream(const struct iot_pci_root *r, size_t dev)
{
	int p = r->devs[dev].parent;

	return p >= 0 && (size_t)p < dev ? p : IOT_NONE;
}

/*
 * search.c:pci_for_each_dma_alias: call @fn for every requester ID @dev may
 * DMA with, in the kernel's order: its own, its dma_alias_mask devfns, then
 * up the bridges (a PCIe-to-PCI bridge's (secondary, 00.0), a conventional
 * bridge's own ID or, with PCI_DEV_FLAG_PCIE_BRIDGE_ALIAS, (secondary, 00.0)),
 * stopping below a PCI_DEV_FLAGS_BRIDGE_XLATE_ROOT bridge.  @fn gets the
 * function whose ID it is (@dev or a bridge) and the ID; a non-zero return
 * stops the walk and is returned.
 */
typedef int (*iot_pci_alias_fn)(size_t dev, uint16_t rid, void *arg);
int iot_pci_for_each_dma_alias(const struct iot_pci_quirks *q, size_t dev, iot_pci_alias_fn fn,
			       void *arg);

/* Whether @rid is one of the IDs iot_pci_for_each_dma_alias gives @dev. */
bool iot_pci_is_dma_alias(const struct iot_pci_quirks *q, size_t dev, uint16_t rid);

/*
 * The device-specific ACS answer for function @dev (quirks.c:
 * pci_dev_specific_acs_enabled over pci_dev_acs_enabled[]).
 */
enum iot_acs_quirk iot_pci_acs_quirk(const struct iot_pci_root *r, size_t dev,
				     const struct iot_kernel_profile *k);

#define IOT_PCI_NAME_LEN 13 /* "dddd:bb:dd.f" and its NUL */

/*
 * The name Linux gives a PCI function on a 16-bit segment
 * (probe.c:pci_setup_device: "%04x:%02x:%02x.%d"), into @out
 * (IOT_PCI_NAME_LEN bytes), without printf: a million are formatted per
 * run at scale.  Returns @out.
 */
static inline char *iot_pci_name(char *out, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	static const char hex[] = "0123456789abcdef";

	out[0] = hex[seg >> 12];
	out[1] = hex[(seg >> 8) & 15];
	out[2] = hex[(seg >> 4) & 15];
	out[3] = hex[seg & 15];
	out[4] = ':';
	out[5] = hex[bus >> 4];
	out[6] = hex[bus & 15];
	out[7] = ':';
	out[8] = hex[devfn >> 7];
	out[9] = hex[(devfn >> 3) & 15];
	out[10] = '.';
	out[11] = hex[devfn & 7];
	out[12] = 0;
	return out;
}

#endif
