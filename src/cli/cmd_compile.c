// SPDX-License-Identifier: MIT
/*
 * iotopo compile TOPO: write the topology as firmware.  Every output is a
 * row of the table below; -o DIR writes each row that applies under its
 * default name, and each row's own option writes it to a chosen file.  All
 * outputs are built in memory first, so an error leaves no file written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/compile.h"
#include "cli/compile_acpi.h"
#include "io/load.h"
#include "util/file.h"
#include "util/mem.h"

static const struct iot_compile_output outputs[] = {
	IOT_COMPILE_ACPI_OUTPUTS,
};

static const struct iot_option compile_options[] = {
	{ "output", 'o', IOT_OPT_VALUE, "DIR",
	  "write every output that applies into DIR, named after TOPO", NULL, true },
	IOT_COMPILE_ACPI_OPTIONS,
	{ 0 },
};

struct planned {
	const struct iot_compile_output *o;
	char *path;
	struct iot_buf buf;
};

static char *input_stem(const char *path)
{
	const char *s = strrchr(path, '/');
	char *stem = iot_strdup(s ? s + 1 : path);
	char *dot = strrchr(stem, '.');

	if (dot && dot != stem)
		*dot = 0;
	return stem;
}

/* Which rows to write, and where.  Returns the count, or -1 after a usage error. */
static int plan(const struct iot_args *a, const struct iot_compile_ctx *c, struct planned *p)
{
	const char *dir = iot_arg(a, "output");
	int n = 0;

	for (size_t i = 0; i < IOT_ARRAY_SIZE(outputs); i++) {
		const char *file = iot_arg(a, outputs[i].option);

		if (!file && dir && (!outputs[i].applies || outputs[i].applies(c)))
			p[n].path = iot_asprintf("%s/%s%s", dir, c->stem, outputs[i].suffix);
		else if (file)
			p[n].path = iot_strdup(file);
		else
			continue;
		p[n].o = &outputs[i];
		iot_buf_init(&p[n].buf);
		n++;
	}
	return n;
}

static int run(const struct iot_args *a)
{
	struct planned p[IOT_ARRAY_SIZE(outputs)];
	struct iot_compile_ctx c = { .a = a };
	struct iot_topology t;
	struct iot_diags d;
	int n = 0, rc = 2;

	rc = iot_compile_acpi_check_args(a);
	if (rc)
		return rc;
	rc = 2;
	iot_topology_init(&t);
	iot_diags_init(&d);
	if (iot_load_input(a->pos[0], &t, NULL, &d) < 0)
		goto out;
	c.t = &t;
	c.stem = input_stem(a->pos[0]);
	n = plan(a, &c, p);
	if (!n) {
		iot_diags_fprint(stderr, &d);
		rc = iot_usage_error(a->cmd, "nothing to write: give -o DIR or an output option");
		goto out;
	}
	rc = 0;
	for (int i = 0; i < n; i++)
		if (p[i].o->emit(&c, &p[i].buf, &d) < 0)
			rc = 1;
	for (int i = 0; !rc && i < n; i++)
		if (iot_write_atomic(p[i].path, p[i].buf.data, p[i].buf.len, &d) < 0)
			rc = 2;
out:
	iot_diags_fprint(stderr, &d);
	if (!rc && d.n_errors)
		rc = 1;
	for (int i = 0; i < n; i++) {
		free(p[i].path);
		iot_buf_free(&p[i].buf);
	}
	free((char *)c.stem);
	iot_diags_free(&d);
	iot_topology_free(&t);
	return rc;
}

const struct iot_command iot_cmd_compile = {
	.name = "compile",
	.args_usage = "TOPO",
	.summary = "write a topology as ACPI IORT/VIOT (binary and iasl source)",
	.description = "TOPO is any input iotopo reads.  -o DIR writes every output that applies,\n"
		       "named after TOPO (board.yaml -> DIR/board-iort.aml, ...); an output's own\n"
		       "option writes it to FILE (\"-\" is stdout).  --iort-rev picks the IORT\n"
		       "revision (default: the decoded table's, else 6, the newest Linux parses).\n"
		       "iasl source compiles back to the same bytes with `iasl -z`.",
	.options = compile_options,
	.min_pos = 1,
	.max_pos = 1,
	.run = run,
};
