/* SPDX-License-Identifier: MIT */
/*
 * Writers for the probe simulator's result: text (in the spirit of
 * ls-iommu), JSON (stable, documented in man/iotopo.1 "groups JSON"), DOT,
 * --explain, and the comparison of two kernels (--against-kernel).
 */
#ifndef IOTOPO_REPORT_GROUPS_H
#define IOTOPO_REPORT_GROUPS_H

#include "model/model.h"
#include "sim/sim.h"
#include "sysfs/sysfs.h"
#include "util/buf.h"

void iot_groups_text(const struct iot_topology *t, const struct iot_sim_result *r,
		     struct iot_buf *b);
void iot_groups_json(const struct iot_topology *t, const struct iot_sim_result *r,
		     struct iot_buf *b);
void iot_groups_dot(const struct iot_topology *t, const struct iot_sim_result *r,
		    struct iot_buf *b);
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
/* Live group indices sorted by id, and a group's members in add order (free both). */
int *iot_groups_sorted(const struct iot_sim_result *r, size_t *n);
int *iot_group_members(const struct iot_sim_result *r, int g, size_t *n);
#endif
