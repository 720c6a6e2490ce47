/* SPDX-License-Identifier: MIT */
/*
 * An ID map compiled for many lookups: the ID space cut into segments, each
 * answered by one row (or none) under the rules of kernel/idmap.h.  Built
 * by one sweep over the rows sorted by their ends, O(n log n); a lookup is a
 * binary search, and the next segment boundary says how far a translation
 * stays linear.  Answers are those of iot_idmap_lookup() exactly (the unit
 * tests compare them on random maps), so callers that walk every requester
 * ID of a root (the linter) stay near-linear on maps of 10^6 rows.
 */
#ifndef IOTOPO_KERNEL_IDMAP_INDEX_H
#define IOTOPO_KERNEL_IDMAP_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/idmap.h"

struct iot_idmap_index;

/* Which rows take part (NULL: all), as iot_acpi_map_rid tells IORT rows from VIOT rows. */
typedef bool (*iot_idmap_row_filter)(const struct iot_map_row *r, const void *ctx);

/*
 * Compile @m (which must outlive the index) for lookups under @sem, never
 * using row @skip_row ((size_t)-1: none) nor rows @keep rejects.
 */
struct iot_idmap_index *iot_idmap_index_new(const struct iot_idmap *m, enum iot_map_semantics sem,
					    size_t skip_row, iot_idmap_row_filter keep,
					    const void *ctx);
void iot_idmap_index_free(struct iot_idmap_index *x);

/* iot_idmap_lookup(m, sem, id, skip_row, res) for the rows the index was built from. */
enum iot_map_status iot_idmap_index_lookup(const struct iot_idmap_index *x, uint32_t id,
					   struct iot_map_result *res);

/*
 * The first ID after @id whose answer may differ from @id's other than by
 * the same offset (another row, a row edge, a single mapping, a tentative
 * last ID); 2^32 past the last.  With a DT map mask that folds IDs it is
 * @id + 1.
 */
uint64_t iot_idmap_index_next(const struct iot_idmap_index *x, uint32_t id);

#endif
