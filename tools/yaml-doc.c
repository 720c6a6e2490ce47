// SPDX-License-Identifier: MIT
/*
 * iotopo-yaml-doc schema|man: print the JSON Schema or the man page's key
 * lists generated from the YAML field tables (src/yaml/ytables.c).  Used by
 * tests/scripts/yaml-doc.sh to keep schemas/topology.schema.json and
 * man/iotopo-topology.5 in step with the tables.
 */
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "yaml/yaml.h"

int main(int argc, char **argv)
{
	struct iot_buf b;

	if (argc != 2 || (strcmp(argv[1], "schema") && strcmp(argv[1], "man"))) {
		fprintf(stderr, "usage: iotopo-yaml-doc schema|man\n");
		return 2;
	}
	iot_buf_init(&b);
	if (!strcmp(argv[1], "schema"))
		iot_yaml_schema(&b);
	else
		iot_yaml_man(&b);
	fwrite(b.data, 1, b.len, stdout);
	iot_buf_free(&b);
	return 0;
}
