// SPDX-License-Identifier: MIT
/*
 * iotopo lint FILE...: read every input (any format iot_load_input knows),
 * run the rule table over each firmware's topology, and the DT <-> ACPI rules
 * when both are given; print findings as text, JSON or SARIF.
 * Exit 0: clean or warnings only; 1: errors; 2: unusable input or usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/load.h"
#include "lint/rules.h"
#include "report/lint_report.h"
#include "util/detect.h"
#include "util/file.h"
#include "util/mem.h"

static const struct iot_option lint_options[] = {
	{ "format", 'f', IOT_OPT_VALUE, "FMT",
	  "findings as text, json or sarif; with --list-rules: text or man", "text json sarif man",
	  false },
	{ "output", 'o', IOT_OPT_VALUE, "FILE", "write the findings to FILE (default: stdout)",
	  NULL, true },
	{ "warn", 'W', IOT_OPT_LIST, "RULE", "enable RULE; no-RULE disables it", NULL, false },
	{ "error", 'E', IOT_OPT_LIST, "RULE",
	  "report RULE as an error; no-RULE restores its default severity", NULL, false },
	{ "werror", 0, IOT_OPT_FLAG, NULL, "report warnings as errors", NULL, false },
	{ "suppress", 0, IOT_OPT_LIST, "RULE@OBJECT",
	  "drop RULE's findings about OBJECT (name, DT path, &label or ACPI path; shell "
	  "wildcards; RULE may be *)",
	  NULL, false },
	{ "suppressions", 0, IOT_OPT_LIST, "FILE",
	  "read RULE@OBJECT suppressions from FILE, one a line ('#' comments, '- ' allowed)", NULL,
	  true },
	{ "no-inline-suppressions", 0, IOT_OPT_FLAG, NULL,
	  "ignore 'iotopo-lint: disable=RULE' comments in YAML and DTS sources", NULL, false },
	{ "list-rules", 0, IOT_OPT_FLAG, NULL, "list every rule: name, severity, where, summary",
	  NULL, false },
	{ 0 },
};

/* One topology per firmware: every ACPI table goes into one, each DT and YAML into its own. */
struct group {
	struct iot_topology t;
	enum iot_fw_kind fw;
	bool loaded;
	bool acpi;
	bool dt;
};

/*
 * Lint every input into @out.  The topologies are returned in *@groups
 * (free them with free_groups() after printing: diagnostics may point at
 * file names a topology owns, such as the tables inside a sysfs tree).
 */
static int lint_inputs(const struct iot_args *a, const struct iot_lint_config *cfg,
		       struct iot_diags *out, struct group **groups, size_t *n_groups)
{
	struct group *g = iot_xcalloc((size_t)a->n_pos + 1, sizeof(*g));
	struct group *acpi = NULL, *dt = NULL, *tables = NULL;
	size_t n = 0;
	int rc = 0;

	for (int i = 0; i < a->n_pos; i++) {
		const char *path = a->pos[i];
		struct iot_diags rd;
		enum iot_input_kind kind = IOT_INPUT_UNKNOWN;
		struct group *cur;
		bool table;

		iot_diags_init(&rd);
		/*
		 * Each input is read into a topology of its own; the ACPI tables
		 * of one machine (IORT, VIOT, acpidump) then go into one.
		 */
		cur = &g[n++];
		iot_topology_init(&cur->t);
		cur->t.source = path;
		if (iot_load_input(path, &cur->t, &kind, &rd) < 0) {
			rc = 2;
		} else {
			table = kind == IOT_INPUT_ACPI_TABLE || kind == IOT_INPUT_ACPIDUMP;
			if (table && tables && strcmp(path, "-")) {
				/* read it again into the machine's one ACPI topology */
				iot_topology_free(&cur->t);
				n--;
				iot_diags_free(&rd);
				iot_diags_init(&rd);
				if (iot_load_input(path, &tables->t, &kind, &rd) < 0)
					rc = 2;
				iot_lint_filter(&rd, cfg, &tables->t, out);
				iot_diags_free(&rd);
				continue;
			}
			cur->loaded = true;
			/* the firmware the reader found, never guessed here */
			cur->fw = cur->t.firmware.kind;
			if (table)
				tables = cur;
			if (cur->fw == IOT_FW_ACPI && !acpi)
				acpi = cur;
			if (cur->fw == IOT_FW_DT && !dt)
				dt = cur;
		}
		iot_lint_filter(&rd, cfg, cur->loaded ? &cur->t : NULL, out);
		iot_diags_free(&rd);
	}
	for (size_t i = 0; i < n; i++)
		if (g[i].loaded)
			iot_lint_topology(&g[i].t, g[i].fw, cfg, out);
	if (dt && acpi)
		iot_lint_pair(&dt->t, &acpi->t, cfg, out);
	*groups = g;
	*n_groups = n;
	return rc;
}

static void free_groups(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		iot_topology_free(&g[i].t);
	free(g);
}

static int list_rules(const struct iot_args *a, const char *fmt)
{
	struct iot_diags d;
	struct iot_buf b;
	const char *out = iot_arg(a, "output");
	int rc = 0;

	if (strcmp(fmt, "text") && strcmp(fmt, "man"))
		return iot_usage_error(a->cmd, "--list-rules prints text or man, not '%s'", fmt);
	if (a->n_pos)
		return iot_usage_error(a->cmd, "--list-rules takes no input files");
	iot_buf_init(&b);
	iot_diags_init(&d);
	if (!strcmp(fmt, "man"))
		iot_lint_rules_man(&b);
	else
		iot_lint_rules_text(&b);
	if (iot_write_atomic(out ? out : "-", b.data, b.len, &d) < 0) {
		iot_diags_fprint(stderr, &d);
		rc = 2;
	}
	iot_diags_free(&d);
	iot_buf_free(&b);
	return rc;
}

static int configure(const struct iot_args *a, struct iot_lint_config *cfg)
{
	const char *names[] = { "warn", "error" };

	for (int k = 0; k < 2; k++) {
		int n;
		const char **v = iot_arg_list(a, names[k], &n);

		for (int i = 0; i < n; i++) {
			/* -W no-RULE@OBJECT: the dtc-style spelling of --suppress */
			if (k == 0 && !strncmp(v[i], "no-", 3) && strchr(v[i], '@')) {
				if (iot_lint_suppress_add(cfg, v[i] + 3, "-W") < 0)
					return iot_usage_error(a->cmd,
							       "-W %s: not no-RULE@OBJECT with a "
							       "known rule (see 'iotopo lint "
							       "--list-rules')",
							       v[i]);
				continue;
			}
			if (iot_lint_config_apply(cfg, v[i], k == 1) < 0)
				return iot_usage_error(a->cmd,
						       "-%c %s: no such lint rule (see "
						       "'iotopo lint --list-rules')",
						       k ? 'E' : 'W', v[i]);
		}
	}
	cfg->werror = iot_arg_count(a, "werror") > 0;
	cfg->no_inline = iot_arg_count(a, "no-inline-suppressions") > 0;
	{
		int n;
		const char **v = iot_arg_list(a, "suppress", &n);

		for (int i = 0; i < n; i++)
			if (iot_lint_suppress_add(cfg, v[i], "--suppress") < 0)
				return iot_usage_error(
					a->cmd,
					"--suppress %s: not RULE, RULE@OBJECT or "
					"*@OBJECT with a known rule (see 'iotopo lint "
					"--list-rules')",
					v[i]);
	}
	return 0;
}

/* Suppression files: their problems are located diagnostics, exit 2. */
static int read_suppressions(const struct iot_args *a, struct iot_lint_config *cfg)
{
	int n, rc = 0;
	const char **v = iot_arg_list(a, "suppressions", &n);
	struct iot_diags d;

	iot_diags_init(&d);
	for (int i = 0; i < n; i++)
		if (iot_lint_suppress_file(cfg, v[i], &d) < 0)
			rc = 2;
	iot_diags_fprint(stderr, &d);
	iot_diags_free(&d);
	return rc;
}

static int run(const struct iot_args *a)
{
	const char *fmt = iot_arg(a, "format") ? iot_arg(a, "format") : "text";
	const char *out = iot_arg(a, "output");
	struct iot_lint_config cfg;
	struct group *groups = NULL;
	size_t n_groups = 0;
	struct iot_diags d, wd;
	struct iot_buf b;
	char cwd[4096];
	int rc;

	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = 0;
	if (iot_arg_count(a, "list-rules"))
		return list_rules(a, fmt);
	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "sarif"))
		return iot_usage_error(a->cmd, "unknown format '%s' (text, json, sarif)", fmt);
	if (!a->n_pos)
		return iot_usage_error(a->cmd, "missing FILE...");
	iot_lint_config_init(&cfg);
	rc = configure(a, &cfg);
	if (!rc)
		rc = read_suppressions(a, &cfg);
	if (rc) {
		iot_lint_config_free(&cfg);
		return rc;
	}
	iot_diags_init(&d);
	iot_diags_init(&wd);
	iot_buf_init(&b);
	rc = lint_inputs(a, &cfg, &d, &groups, &n_groups);
	iot_lint_suppress_unused(&cfg, &d);
	if (*cfg.n_suppressed)
		iot_diag(&d, IOT_SEV_NOTE, NULL, NULL, "%zu finding%s suppressed",
			 *cfg.n_suppressed, *cfg.n_suppressed == 1 ? "" : "s");
	if (!rc && d.n_errors)
		rc = 1;
	if (!strcmp(fmt, "json"))
		iot_lint_write_json(&b, &d, a->pos, a->n_pos);
	else if (!strcmp(fmt, "sarif"))
		iot_lint_write_sarif(&b, &d, a->pos, a->n_pos, cwd, rc != 2);
	else
		iot_lint_write_text(&b, &d);
	/* an -o FILE is written even when empty: a stale report must not survive */
	if ((b.len || out) && iot_write_atomic(out ? out : "-", b.data, b.len, &wd) < 0) {
		iot_diags_fprint(stderr, &wd);
		rc = 2;
	}
	iot_buf_free(&b);
	iot_diags_free(&wd);
	iot_diags_free(&d);
	free_groups(groups, n_groups);
	iot_lint_config_free(&cfg);
	return rc;
}

const struct iot_command iot_cmd_lint = {
	.name = "lint",
	.args_usage = "FILE...",
	.summary = "check YAML, DTB/DTS, IORT/VIOT tables, acpidump text or a sysfs tree",
	.description =
		"Reads every FILE (the format is detected from its content), runs the rule table\n"
		"over what each firmware describes, and compares a Device Tree with ACPI tables of\n"
		"the same machine when both are given.  Exit status: 0 clean or warnings only,\n"
		"1 errors found, 2 unusable input.  'iotopo lint --list-rules' lists the rules;\n"
		"LINT RULES in iotopo(1) says what each severity means and how to suppress a\n"
		"finding for one object (--suppress, --suppressions, 'iotopo-lint: disable='\n"
		"comments in YAML and DTS).",
	.options = lint_options,
	.min_pos = 0,
	.max_pos = -1,
	.run = run,
};
