/* SPDX-License-Identifier: MIT */
/*
 * The YAML topology format (man iotopo-topology(5), schemas/topology.schema.json):
 * a reader that turns it into the model with one `file:line:col: error: key.path: what`
 * line per problem, and a writer that turns any model back into it.
 */
#ifndef IOTOPO_YAML_H
#define IOTOPO_YAML_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"

/* Bounds on what the reader accepts (documented in iotopo-topology(5), LIMITS). */
#define IOT_YAML_MAX_INPUT (16u * 1024 * 1024) /* bytes of YAML text */
#define IOT_YAML_MAX_DEPTH 64 /* nested mappings and sequences */
#define IOT_YAML_MAX_NODES 1000000 /* scalars, mappings and sequences */
#define IOT_YAML_MAX_STRING 4096 /* bytes in one string value */
/* PCI levels below a root that fit in IOT_YAML_MAX_DEPTH (each costs a list and a mapping) */
#define IOT_YAML_MAX_PCI_DEPTH 28

/*
 * Parse @len bytes of @data (read from @path, which names the file in
 * diagnostics and must outlive @t) and append what they describe to @t.
 * All problems found are reported to @d; when the text itself was usable
 * the result is also checked with iot_topology_validate().  Returns 0, or
 * -1 if any error was reported (then @t holds a partial model that must
 * only be freed).
 */
int iot_yaml_load(const char *path, const uint8_t *data, size_t len, struct iot_topology *t,
		  struct iot_diags *d);

/*
 * Append the canonical YAML text of @t to @out.  Objects without a name get
 * a stable synthetic one (its0, smmu0, pcie0, dev0, pmcg0, rmr0), so that
 * loading the text gives back an equal model (see iot_topology_equal()).
 */
void iot_yaml_emit(const struct iot_topology *t, struct iot_buf *out);

/*
 * The format's JSON Schema (draft-07, schemas/topology.schema.json) and the
 * key lists of iotopo-topology(5) (mdoc), generated from the field tables.
 */
void iot_yaml_schema(struct iot_buf *b);
void iot_yaml_man(struct iot_buf *b);

/* Levenshtein distance of two short strings (for "did you mean"), capped at 99. */
unsigned int iot_edit_distance(const char *a, const char *b);

#endif
