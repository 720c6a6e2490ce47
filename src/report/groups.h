/* SPDX-License-Identifier: MIT */
/*
 * Writers for the probe simulator's result: text (in the spirit of
 * ls-iommu), JSON (stable, documented in man/iotopo.1 "groups JSON"), DOT,
 * --explain, and the comparison of two kernels (--against-kernel).
 */
#ifndef IOTOPO_REPORT_GROUPS_H
#define IOTOPO_REPORT_GROUPS_H

#include "model/model.h"
#include "report/pciids.h"
#include "sim/sim.h"
#include "sysfs/sysfs.h"
#include "util/buf.h"

struct iot_vfio;

/* What the operator's view adds to the writers; any field may be NULL. */
struct iot_groups_extra {
	const struct iot_pciids *ids; /* device names (pci.ids) */
	const struct iot_vfio *vfio; /* per-group VFIO verdicts */
	const char *acs_override; /* pcie_acs_override= in effect: labelled unsafe */
	bool acs_override_in_kernel; /* from the kernel's command line, not a what-if */
	/*
	 * Called between devices and groups once the buffer holds a MiB or more:
	 * write it out and empty it (a million devices make hundreds of MB).
	 * NULL: the whole report stays in the buffer.
	 */
	void (*flush)(struct iot_buf *b, void *arg);
	void *flush_arg;
};

static inline void iot_groups_flush(const struct iot_groups_extra *x, struct iot_buf *b)
{
	if (x && x->flush && b->len >= (1u << 20))
		x->flush(b, x->flush_arg);
}

void iot_groups_text(const struct iot_topology *t, const struct iot_sim_result *r,
		     const struct iot_groups_extra *x, struct iot_buf *b);
void iot_groups_json(const struct iot_topology *t, const struct iot_sim_result *r,
		     const struct iot_groups_extra *x, struct iot_buf *b);
void iot_groups_dot(const struct iot_topology *t, const struct iot_sim_result *r,
		    const struct iot_groups_extra *x, struct iot_buf *b);
/* The rule chain for device @s (run the simulation with opts.explain). */
void iot_groups_explain(const struct iot_topology *t, const struct iot_sim_result *r, int s,
			struct iot_buf *b);
/*
 * One grouping of a set of items (devices) for iot_partition_compare():
 * per item its group index, -1 for no group, -2 for not present on this
 * side; per group the number shown and the default domain (NULL: not
 * compared).
 */
struct iot_partition {
	const char *label; /* "kernel", "predicted", "6.12" */
	size_t n_groups;
	const int *number;
	const int *of;
	const char *const *domain; /* may be NULL */
};

struct iot_partition_stats {
	size_t matched; /* groups with the same members on both sides */
	size_t renumbered; /* of them, numbered differently */
};

/*
 * Compare two groupings by membership: every set of devices that share a
 * group on one side but not on the other is one difference, printed as
 * "A: group 4 {x y}; B: group 1 {x}, no group {y}" with each side's own
 * numbers; a matched group whose default domains differ is one too.  Group
 * numbers alone never differ.  Returns the number of differences.
 */
size_t iot_partition_compare(size_t n, const char *const *names, const struct iot_partition *a,
			     const struct iot_partition *b, struct iot_buf *out,
			     struct iot_partition_stats *st);

/*
 * What changes from kernel @a to kernel @b on the same machine (the same
 * topology): memberships (iot_partition_compare), then devices whose verdict
 * or isolation changes.  Returns the number of changes.
 */
size_t iot_groups_diff(const struct iot_topology *t, const struct iot_sim_result *a,
		       const struct iot_sim_result *b, struct iot_buf *out);

/*
 * Compare the prediction with the groups a kernel formed (--compare-sysfs):
 * by membership (devices that share a group, devices in none) and the
 * default domain of matched groups, never by group number; the kernel's
 * numbers are shown beside the prediction's.  Prints every difference to
 * @out; returns their number.
 */
size_t iot_groups_compare(const struct iot_topology *t, const struct iot_sim_result *r,
			  const struct iot_sysfs_groups *g, struct iot_buf *out);

/* One-line description of a device ("1b36:000c root-port"), for all writers. */
void iot_groups_dev_desc(const struct iot_topology *t, const struct iot_sim_result *r, int s,
			 struct iot_buf *b);
/*
 * What an operator knows a device by: "Class: Vendor Device" from pci.ids
 * (@ids may be NULL), "slot NAME", "host: root filesystem (...)"; nothing
 * when none is known.
 */
void iot_groups_dev_names(const struct iot_topology *t, const struct iot_sim_result *r, int s,
			  const struct iot_pciids *ids, struct iot_buf *b);
/* Live group indices sorted by id, and a group's members in add order (free both). */
int *iot_groups_sorted(const struct iot_sim_result *r, size_t *n);
int *iot_group_members(const struct iot_sim_result *r, int g, size_t *n);
/*
 * The same into *@buf (*@cap entries, grown as needed, the caller frees it):
 * one buffer for every group of a million-group report.  Returns the number.
 */
size_t iot_group_members_into(const struct iot_sim_result *r, int g, int **buf, size_t *cap);

/* ---- VFIO: can a group be handed to a VM (groups_vfio.c) ---- */

enum iot_vfio_verdict {
	IOT_VFIO_ASSIGNABLE, /* as it is */
	IOT_VFIO_AFTER_UNBIND, /* once host drivers are unbound from some members */
	IOT_VFIO_NOT_ASSIGNABLE,
	IOT_VFIO_NOTHING, /* only bridges: nothing a VM could take */
	IOT_VFIO_NOT_ASSESSED, /* platform devices (vfio-platform) */
};

enum iot_vfio_reason {
	IOT_VFIO_R_NO_GROUP, /* a device without an IOMMU group */
	IOT_VFIO_R_DIRECT_MAPPING, /* require_direct: RMR / RMRR / IVMD */
	IOT_VFIO_R_ROOT_FS, /* a member backs the host's root filesystem */
	IOT_VFIO_R_MOUNTED, /* a member backs another mounted filesystem or swap */
	IOT_VFIO_R_BOOT_VGA, /* a member is the boot display */
	IOT_VFIO_R_DENYLISTED, /* vfio-pci's denylist */
	IOT_VFIO_R_PLATFORM, /* platform devices: not judged */
	IOT_VFIO_R_ONLY_BRIDGES,
	IOT_VFIO_R_HOST_DRIVER, /* bound to a driver that uses the DMA API: unbind first */
	IOT_VFIO_R_SHARED, /* several functions go to the VM together */
	IOT_VFIO_R_STAYS, /* a bridge (or host bridge) member stays with the host */
	IOT_VFIO_R_ACS_OVERRIDE, /* the group exists only with the ACS override patch: unsafe */
	IOT_VFIO_R_ALIAS_OUTSIDE, /* a device without a group DMAs with this group's IDs: unsafe */
};

struct iot_vfio_item {
	enum iot_vfio_reason why;
	int dev; /* sim index of the member it is about, -1 for the group */
};

struct iot_vfio_group {
	enum iot_vfio_verdict verdict;
	int *assign; /* the functions a VM gets (sim indices, add order) */
	size_t n_assign, cap_assign;
	struct iot_vfio_item *items; /* reasons and notes, in member order */
	size_t n_items, cap_items;
};

struct iot_vfio {
	struct iot_vfio_group *groups; /* per sim group (released groups: zeroed) */
	size_t n;
	size_t n_assignable; /* groups assignable, possibly after unbinding */
	/*
	 * Blocks the groups' items and assign arrays are carved from (a
	 * group's array with cap 0 lives there; groups_vfio.c's own).
	 */
	void **blocks;
	size_t n_blocks, cap_blocks;
	char *cur;
	size_t left;
};

/*
 * Assess every group of @r.  @without_override: the same machine simulated
 * without --acs-override (NULL if none was given): groups it does not have
 * are marked IOT_VFIO_R_ACS_OVERRIDE.
 */
void iot_vfio_assess(const struct iot_topology *t, const struct iot_sim_result *r,
		     const struct iot_sim_result *without_override, struct iot_vfio *v);
void iot_vfio_free(struct iot_vfio *v);
const char *iot_vfio_verdict_name(enum iot_vfio_verdict v);
const char *iot_vfio_reason_name(enum iot_vfio_reason r);
/* One reason as a sentence; the group verdict as one line ("VFIO: assignable: ..."). */
void iot_vfio_item_text(const struct iot_topology *t, const struct iot_sim_result *r,
			const struct iot_vfio_group *g, const struct iot_vfio_item *it,
			struct iot_buf *b);
void iot_vfio_group_text(const struct iot_topology *t, const struct iot_sim_result *r,
			 const struct iot_vfio_group *g, struct iot_buf *b);
#endif
