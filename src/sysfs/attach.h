/* SPDX-License-Identifier: MIT */
/*
 * Placing PCI functions read from a listing (a sysfs tree, lspci output)
 * into the model: one root per PCI segment, functions in the model's
 * depth-first BDF order with parent indices (model.h).  Shared by the sysfs
 * and lspci readers.
 */
#ifndef IOTOPO_SYSFS_ATTACH_H
#define IOTOPO_SYSFS_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/diag.h"

/* A function as read, before placement. */
struct iot_pci_func {
	uint32_t seg;
	uint8_t bus;
	uint8_t devfn;
	bool has_parent; /* behind a bridge (else on a root bus) */
	uint8_t pbus, pdevfn; /* that bridge */
	uint8_t host_bus; /* root-bus functions: the host bridge's bus */
	struct iot_pci_dev dev; /* owns its strings until placed */
	/* the readers' own state */
	bool ok; /* read and usable */
	bool ids_ffff; /* Vendor and Device ID registers read 0xffff (an SR-IOV VF) */
	bool from_text; /* lspci -vv text, not a dump: the multifunction bit is inferred */
	bool sriov_on; /* a PF with VF Enable set */
	uint16_t vf_device; /* a PF's VF Device ID */
	/* placement */
	size_t parent; /* index in the sorted array, SIZE_MAX = none */
	size_t first_child, next_sibling, last_child;
	int new_index;
};

struct iot_pci_funcs {
	struct iot_pci_func *v;
	size_t n, cap;
};

/* Append a zeroed function (dev.parent IOT_NONE). */
struct iot_pci_func *iot_pci_funcs_add(struct iot_pci_funcs *f);
/* Free the functions and what they still own. */
void iot_pci_funcs_free(struct iot_pci_funcs *f);
/* Sort by segment, bus, devfn. */
void iot_pci_funcs_sort(struct iot_pci_funcs *f);
/* Index of a function in sorted @f, or SIZE_MAX. */
size_t iot_pci_funcs_find(const struct iot_pci_funcs *f, uint32_t seg, uint8_t bus, uint8_t devfn);

static inline uint64_t iot_pci_func_key(uint32_t seg, uint8_t bus, uint8_t devfn)
{
	return (uint64_t)seg << 16 | (uint64_t)bus << 8 | devfn;
}

struct iot_pci_attach {
	struct iot_topology *t;
	struct iot_diags *d;
	const char *where; /* located messages about functions without a location of their own */
	size_t n_roots_before; /* roots the model had from firmware (a note when one is added) */
	int rc; /* -1 after an error */
};

/*
 * Place the functions of @f (sorted) into @a->t: each segment into the
 * firmware root whose bus range holds its lowest host bridge bus, else the
 * segment's first root, else a new "pciSSSS"; a function already in that
 * root with the same bus/devfn is replaced.  Placed functions' strings move
 * to the model; @f is left to iot_pci_funcs_free().
 */
void iot_pci_attach(struct iot_pci_attach *a, struct iot_pci_funcs *f);

#endif
