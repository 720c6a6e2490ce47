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
 * What changes from kernel @a to kernel @b on the same machine: groups that
 * split or merge, devices that gain or lose a group or protection.  Returns
 * the number of changes.
 */
size_t iot_groups_diff(const struct iot_topology *t, const struct iot_sim_result *a,
		       const struct iot_sim_result *b, struct iot_buf *out);

/*
 * Compare the prediction with the groups a kernel formed (--compare-sysfs):
 * membership, devices without a group, default domains and group numbers.
 * Prints every difference to @out; returns their number.
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
