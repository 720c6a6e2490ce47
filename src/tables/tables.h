/* SPDX-License-Identifier: MIT */
/*
 * What all layout tables share: the names their rows give the fw records
 * of the model (struct iot_fw_field), as YAML writes and reads them.
 */
#ifndef IOTOPO_TABLES_TABLES_H
#define IOTOPO_TABLES_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "tables/layout.h"

/*
 * The static key string of the layout row named @name (@len bytes) in any
 * ACPI layout table, or NULL: what a fw record may hold.
 */
const char *iot_tables_key(const char *name, size_t len);

/* "key" for a node's field, "key[3]" for element 3 of one of its arrays; snprintf's return. */
int iot_fw_field_name(const struct iot_fw_field *f, char *buf, size_t size);

/* Parse "key" or "key[index]" (@len bytes); false if no layout has the key. */
bool iot_fw_field_parse(const char *s, size_t len, const char **key, uint32_t *index);

/* Layouts of other tables (VIOT, DMAR, IVRS) whose keys fw records may hold. */
size_t iot_tables_n_extra_layouts(void);
const struct iot_layout *iot_tables_extra_layout(size_t i);

#endif
