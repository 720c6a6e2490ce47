/* SPDX-License-Identifier: MIT */
/*
 * The out-of-tree "ACS override" patch (Alex Williamson's, 2013; carried by
 * Proxmox VE, Zen/Liquorix and Arch's linux-vfio kernels, not by mainline):
 * the boot parameter pcie_acs_override= makes the PCI core believe
 * functions isolate their peers although the hardware says nothing of it.
 * It adds pcie_acs_overrides() as the last row of quirks.c's
 * pci_dev_acs_enabled[] table, so vendor quirks still answer first.  It is
 * UNSAFE: devices it splits into separate groups can still reach each other
 * by peer-to-peer DMA.  iotopo simulates it only as a what-if
 * (--acs-override) or for a kernel known to carry it.
 */
#ifndef IOTOPO_KERNEL_ACS_OVERRIDE_H
#define IOTOPO_KERNEL_ACS_OVERRIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct iot_kpci_dev;

/* The patch keeps at most NUM_ACS_IDS - 1 = 15 vendor:device pairs. */
#define IOT_ACS_OVERRIDE_MAX_IDS 15

struct iot_acs_override {
	bool downstream; /* "downstream": every root port and downstream port */
	bool multifunction; /* "multifunction": every multifunction endpoint/upstream port */
	size_t n_ids;
	uint16_t vendor[IOT_ACS_OVERRIDE_MAX_IDS], device[IOT_ACS_OVERRIDE_MAX_IDS]; /* "id:" */
};

/*
 * Parse a pcie_acs_override= value as the patch's pcie_acs_override_setup
 * does: comma-separated "downstream", "multifunction", "id:VVVV:DDDD" (hex);
 * anything else is skipped.  Unlike the kernel, which only warns, a
 * malformed "id:" entry, a word it skips or more than 15 IDs is reported:
 * returns 0, or -1 with a message in @err (@n bytes).
 */
int iot_acs_override_parse(const char *s, struct iot_acs_override *o, char *err, size_t n);

/*
 * quirks.c (patched): pcie_acs_overrides(dev): 1 if the override claims
 * @d isolates, else -ENOTTY (IOT_KPCI_ENOTTY).  Never for a conventional
 * PCI function or one with an ACS capability (its registers decide).
 */
int iot_kpci_acs_override(const struct iot_acs_override *o, const struct iot_kpci_dev *d);

/*
 * Whether a kernel release string names a build known to carry the patch:
 * Proxmox VE ("-pve"), Zen and Liquorix ("-zen", "-liquorix").
 */
bool iot_acs_override_in_kernel(const char *release);

#endif
