// SPDX-License-Identifier: MIT
/* iotopo decode FILE... [-o OUT.yaml]: any input(s) -> one model -> canonical YAML. */
#include <stdio.h>

#include "cli/cli.h"
#include "io/load.h"
#include "util/buf.h"
#include "util/file.h"
#include "yaml/yaml.h"

static const struct iot_option decode_options[] = {
	{ "output", 'o', IOT_OPT_VALUE, "FILE",
	  "write the YAML to FILE (atomically) instead of stdout", NULL, true },
	{ 0 },
};

static int run(const struct iot_args *a)
{
	const char *out_path = iot_arg(a, "output");
	struct iot_topology t;
	struct iot_diags d;
	struct iot_buf out;
	int rc = 2;

	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&out);
	for (int i = 0; i < a->n_pos; i++)
		/* fail-soft: a reader's error findings leave a model, written with exit 1 */
		if (iot_load_input(a->pos[i], &t, NULL, &d) < 0) {
			rc = iot_diags_exit_status(&d);
			goto out;
		}
	iot_yaml_emit(&t, &out);
	if (iot_write_atomic(out_path ? out_path : "-", out.data, out.len, &d) < 0)
		goto out;
	rc = d.n_errors ? 1 : 0;
out:
	iot_diags_fprint(stderr, &d);
	iot_buf_free(&out);
	iot_topology_free(&t);
	iot_diags_free(&d);
	return rc;
}

const struct iot_command iot_cmd_decode = {
	.name = "decode",
	.args_usage = "FILE...",
	.summary = "read firmware or YAML into one topology and print it as canonical YAML",
	.description =
		"Each FILE is detected by content (YAML, DTB, DTS, raw IORT/VIOT,\n"
		"acpidump text) and merged into one topology, which is printed in the\n"
		"format of iotopo-topology(5): objects without a name get one (smmu0,\n"
		"pcie0, dev0, ...).  With YAML input this normalises the file; loading the\n"
		"output gives back the same model.  A directory is read as a sysfs tree\n"
		"(/ or an 'iotopo snapshot'): its firmware, PCI hierarchy, drivers, kernel\n"
		"release and command line; a directory without sys/ or proc/ as a directory\n"
		"of ACPI tables.",
	.options = decode_options,
	.min_pos = 1,
	.max_pos = -1,
	.run = run,
};
