// SPDX-License-Identifier: MIT
/* iotopo check TOPO.yaml: load and validate a topology, print a short summary. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/compile.h"
#include "report/summary.h"
#include "util/buf.h"
#include "util/detect.h"
#include "util/file.h"
#include "yaml/yaml.h"

static const struct iot_option check_options[] = {
	{ "quiet", 'q', IOT_OPT_FLAG, NULL,
	  "print errors only (no summary, warnings or notes); the exit status tells", NULL, false },
	{ 0 },
};

static int run(const struct iot_args *a)
{
	const char *path = a->pos[0];
	struct iot_topology t;
	struct iot_diags d;
	struct iot_buf out;
	enum iot_input_kind kind;
	uint8_t *data = NULL;
	bool quiet = iot_arg_count(a, "quiet") > 0;
	size_t len = 0;
	int rc = 2;

	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&out);
	if (iot_read_file(path, &data, &len, &d) < 0)
		goto out;
	kind = iot_detect_input(data, len);
	if (kind != IOT_INPUT_YAML) {
		struct iot_loc loc = iot_loc_text(path, 0, 0);

		if (kind == IOT_INPUT_ASL || kind == IOT_INPUT_LSPCI)
			iot_error(&d, &loc, "this is %s, not a YAML topology; %s",
				  iot_input_kind_name(kind), iot_input_kind_hint(kind));
		else
			iot_error(&d, &loc, "this is %s, not a YAML topology%s",
				  iot_input_kind_name(kind),
				  kind == IOT_INPUT_UNKNOWN ?
					  "" :
					  "; 'iotopo decode' turns it into one");
		goto out;
	}
	if (iot_yaml_load(path, data, len, &t, &d) < 0) {
		rc = iot_diags_exit_status(&d);
		goto out;
	}
	/*
	 * The model holds copies of what it needs from the text: its memory
	 * goes back to the heap now, for the validation tree to reuse (pages
	 * already faulted in), as compile's loader does.
	 */
	free(data);
	data = NULL;
	/* what compile -o would refuse, check refuses: the writers are the validator */
	if (iot_compile_validate(&t, path, &d) < 0) {
		rc = iot_diags_exit_status(&d);
		goto out;
	}
	rc = 0;
	if (!quiet) {
		iot_summary(&t, &out);
		if (iot_write_atomic("-", out.data, out.len, &d) < 0)
			rc = 2;
	}
out:
	/* -q: errors only, and nothing on stdout */
	iot_compile_print_diags(&d, quiet);
	iot_buf_free(&out);
	free(data);
	iot_topology_free(&t);
	iot_diags_free(&d);
	return rc;
}

const struct iot_command iot_cmd_check = {
	.name = "check",
	.args_usage = "TOPO.yaml",
	.summary = "validate a YAML topology and print a short summary",
	.description =
		"Reads TOPO.yaml (see iotopo-topology(5)), reports every problem as\n"
		"file:line:col: error: key.path: what is wrong, and on success prints the\n"
		"IOMMUs with the ID ranges in use, the PCI roots with their map rows and the\n"
		"platform devices.  It runs every check 'compile -o DIR' runs (the writers of\n"
		"each output that applies), so what check accepts compiles.",
	.options = check_options,
	.min_pos = 1,
	.max_pos = 1,
	.run = run,
};
