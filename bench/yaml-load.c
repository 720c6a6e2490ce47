// SPDX-License-Identifier: MIT
/*
 * yaml-load FILE: iotopo's YAML loader alone (read the file, iot_yaml_load,
 * free), for bench/run-all.sh: `iotopo check` also runs every writer to
 * validate, which this leaves out.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model/model.h"
#include "util/file.h"
#include "yaml/yaml.h"

int main(int argc, char **argv)
{
	struct iot_topology t;
	struct iot_diags d;
	uint8_t *data;
	size_t len;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: yaml-load FILE\n");
		return 2;
	}
	iot_diags_init(&d);
	iot_topology_init(&t);
	if (iot_read_file(argv[1], &data, &len, &d) < 0)
		return 2;
	rc = iot_yaml_load(argv[1], data, len, &t, &d) < 0 ? 1 : 0;
	iot_diags_fprint(stderr, &d);
	free(data);
	iot_topology_free(&t);
	iot_diags_free(&d);
	return rc;
}
