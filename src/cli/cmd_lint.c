// SPDX-License-Identifier: MIT
/*
 * iotopo lint FILE...: read every input (any format iot_load_input knows),
 * run the rule table over each firmware's topology, and the DT <-> ACPI rules
 * when both are given; print findings as text, JSON or SARIF.
 * Exit 0: clean or warnings only; 1: errors; 2: unusable input or usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
	  "findings as text, json or sarif; with --list-rules: text, json or man",
	  "text json sarif man", false },
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
	{ "jobs", 'j', IOT_OPT_VALUE, "N",
	  "lint the inputs in N processes (the report is the same; ACPI tables and the DT "
	  "compared with them stay together)",
	  NULL, false },
	{ "list-rules", 0, IOT_OPT_FLAG, NULL, "list every rule: name, severity, where, summary",
	  NULL, false },
	{ 0 },
};

/* One topology per firmware: every ACPI table goes into one, each DT and YAML into its own. */
struct group {
	struct iot_topology t;
	enum iot_fw_kind fw;
	int input; /* the input whose findings these are */
	bool loaded;
};

/*
 * Findings by input: per[i] holds input i's reader diagnostics and the lint
 * findings of the topology it starts, per[n_pos] the DT <-> ACPI findings.
 * Each input has the diagnostics limit of its own, so one noisy file does not
 * hide the others'.
 */
struct results {
	struct iot_diags *per;
	int n;
	int rc;
};

static void results_init(struct results *res, int n)
{
	res->per = iot_xcalloc((size_t)n + 1, sizeof(*res->per));
	res->n = n;
	res->rc = 0;
	for (int i = 0; i <= n; i++)
		iot_diags_init(&res->per[i]);
}

static void results_free(struct results *res)
{
	for (int i = 0; i <= res->n; i++)
		iot_diags_free(&res->per[i]);
	free(res->per);
}

/*
 * Lint the inputs @mine selects into @res.  The topologies are returned in
 * *@groups (free them with free_groups() after printing: diagnostics may
 * point at file names a topology owns, such as the tables inside a sysfs
 * tree).
 */
static void lint_inputs(const struct iot_args *a, const struct iot_lint_config *cfg,
			const bool *mine, struct results *res, struct group **groups,
			size_t *n_groups)
{
	struct group *g = iot_xcalloc((size_t)a->n_pos + 1, sizeof(*g));
	struct group *acpi = NULL, *dt = NULL, *tables = NULL;
	size_t n = 0;

	for (int i = 0; i < a->n_pos; i++) {
		const char *path = a->pos[i];
		struct iot_diags rd;
		enum iot_input_kind kind = IOT_INPUT_UNKNOWN;
		struct group *cur;
		bool table;

		if (!mine[i])
			continue;
		iot_diags_init(&rd);
		/*
		 * Each input is read into a topology of its own; the ACPI tables
		 * of one machine (IORT, VIOT, acpidump) then go into one.
		 */
		cur = &g[n++];
		iot_topology_init(&cur->t);
		cur->t.source = path;
		cur->input = i;
		if (iot_load_input(path, &cur->t, &kind, &rd) < 0) {
			res->rc = 2;
		} else {
			table = kind == IOT_INPUT_ACPI_TABLE || kind == IOT_INPUT_ACPIDUMP;
			if (table && tables && strcmp(path, "-")) {
				/* read it again into the machine's one ACPI topology */
				iot_topology_free(&cur->t);
				n--;
				iot_diags_free(&rd);
				iot_diags_init(&rd);
				if (iot_load_input(path, &tables->t, &kind, &rd) < 0)
					res->rc = 2;
				iot_lint_filter(&rd, cfg, &tables->t, &res->per[i]);
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
		iot_lint_filter(&rd, cfg, cur->loaded ? &cur->t : NULL, &res->per[i]);
		iot_diags_free(&rd);
	}
	for (size_t i = 0; i < n; i++)
		if (g[i].loaded)
			iot_lint_topology(&g[i].t, g[i].fw, cfg, &res->per[g[i].input]);
	if (dt && acpi)
		iot_lint_pair(&dt->t, &acpi->t, cfg, &res->per[a->n_pos]);
	*groups = g;
	*n_groups = n;
}

static void free_groups(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		iot_topology_free(&g[i].t);
	free(g);
}

/* ---- --jobs: workers lint shares of the inputs and hand their findings back ---- */

static void put_str(FILE *f, const char *s)
{
	if (!s) {
		fputc('-', f);
		return;
	}
	fputc('=', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '\t' || *s == '\n')
			fprintf(f, "\\%c", *s == '\t' ? 't' : *s == '\n' ? 'n' : '\\');
		else
			fputc(*s, f);
	}
}

/* The next tab-separated field of @p, unescaped in place; NULL for '-'. */
static char *get_str(char **p)
{
	char *s = *p, *w, *r;

	*p = strchr(s, '\t');
	if (*p)
		*(*p)++ = 0;
	else
		*p = s + strlen(s);
	if (*s != '=')
		return NULL;
	for (w = r = ++s; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return s;
}

static void put_results(FILE *f, const struct results *res, const struct iot_lint_config *cfg)
{
	fprintf(f, "R\t%d\n", res->rc);
	for (int i = 0; i <= res->n; i++) {
		const struct iot_diags *d = &res->per[i];

		for (size_t k = 0; k < d->n; k++) {
			const struct iot_diag *dg = &d->v[k];

			fprintf(f, "D\t%d\t%d\t%d\t%llu\t%u\t%u\t", i, (int)dg->sev,
				dg->loc.has_offset, (unsigned long long)dg->loc.offset,
				dg->loc.line, dg->loc.col);
			put_str(f, dg->rule);
			fputc('\t', f);
			put_str(f, dg->object);
			fputc('\t', f);
			put_str(f, dg->loc.file);
			fputc('\t', f);
			put_str(f, dg->msg);
			fputc('\n', f);
		}
		if (d->dropped)
			fprintf(f, "X\t%d\t%zu\n", i, d->dropped);
	}
	fprintf(f, "S\t%zu\n", *cfg->n_suppressed);
	for (size_t i = 0; i < cfg->n_sup; i++)
		fprintf(f, "U\t%zu\t%zu\n", i, iot_lint_suppress_used(cfg, i));
}

/* Merge what a worker wrote into @res; file names are kept in @names. */
static int get_results(FILE *f, struct results *res, struct iot_lint_config *cfg,
		       struct iot_topology *names)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	rewind(f);
	while ((len = getline(&line, &cap, f)) > 0) {
		char *p = line + 2;
		int i = 0, sev = 0, has_off = 0;
		unsigned long long off = 0;
		unsigned int ln = 0, col = 0;
		size_t a = 0, b = 0;
		char *rule, *object, *file, *msg;
		struct iot_loc loc;
		struct iot_diags *d;

		if (line[len - 1] == '\n')
			line[len - 1] = 0;
		if (line[0] == 'R' && sscanf(p, "%d", &i) == 1) {
			if (i > res->rc)
				res->rc = i;
		} else if (line[0] == 'S' && sscanf(p, "%zu", &a) == 1) {
			*cfg->n_suppressed += a;
		} else if (line[0] == 'U' && sscanf(p, "%zu\t%zu", &a, &b) == 2) {
			iot_lint_suppress_add_used(cfg, a, b);
		} else if (line[0] == 'X' && sscanf(p, "%d\t%zu", &i, &a) == 2 && i >= 0 &&
			   i <= res->n) {
			res->per[i].dropped += a;
		} else if (line[0] == 'D' &&
			   sscanf(p, "%d\t%d\t%d\t%llu\t%u\t%u\t", &i, &sev, &has_off, &off, &ln,
				  &col) == 6 &&
			   i >= 0 && i <= res->n) {
			for (int k = 0; k < 6; k++)
				p = strchr(p, '\t') + 1;
			rule = get_str(&p);
			object = get_str(&p);
			file = get_str(&p);
			msg = get_str(&p);
			loc = has_off ? iot_loc_bin(NULL, off) : iot_loc_text(NULL, ln, col);
			loc.file = file ? iot_topology_keep(names, iot_strdup(file)) : NULL;
			d = &res->per[i];
			a = d->n;
			iot_diag(d, (enum iot_severity)sev, &loc, rule, "%s", msg ? msg : "");
			if (object && d->n > a)
				d->v[d->n - 1].object = iot_strdup(object);
		} else {
			free(line);
			return -1;
		}
	}
	free(line);
	return 0;
}

/* What each input is, for sharing them out: read only the start of files. */
static enum iot_input_kind peek_kind(const char *path)
{
	struct stat st;
	uint8_t buf[4096];
	size_t len;
	FILE *f;

	if (!strcmp(path, "-"))
		return IOT_INPUT_UNKNOWN;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return IOT_INPUT_SYSFS_DIR;
	f = fopen(path, "rb");
	if (!f)
		return IOT_INPUT_UNKNOWN;
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return iot_detect_input(buf, len);
}

/*
 * Share the inputs out among @jobs workers.  Inputs that must be read
 * together stay with worker 0: ACPI tables and acpidump text (one machine's
 * topology), sysfs trees, standard input, unknown kinds, and the first DT,
 * which the DT <-> ACPI rules compare with them.  The rest go round-robin.
 */
static void share_out(const struct iot_args *a, int jobs, int *worker)
{
	bool acpi = false, dt_taken = false;
	int next = 0;

	for (int i = 0; i < a->n_pos; i++) {
		enum iot_input_kind k = peek_kind(a->pos[i]);

		worker[i] = -1;
		if (k == IOT_INPUT_DTB || k == IOT_INPUT_DTS || k == IOT_INPUT_YAML)
			continue;
		worker[i] = 0;
		acpi = true;
	}
	for (int i = 0; i < a->n_pos; i++) {
		if (worker[i] >= 0)
			continue;
		if (acpi && !dt_taken && peek_kind(a->pos[i]) != IOT_INPUT_YAML) {
			worker[i] = 0;
			dt_taken = true;
			continue;
		}
		worker[i] = next;
		next = (next + 1) % jobs;
	}
}

/*
 * Lint every input, in @jobs processes when more than one: each worker
 * writes its findings to a temporary file the parent merges in input order,
 * so the report is the same whatever the number of jobs.
 */
static void lint_all(const struct iot_args *a, struct iot_lint_config *cfg, int jobs,
		     struct results *res, struct group **groups, size_t *n_groups,
		     struct iot_topology *names)
{
	int *worker = iot_xcalloc((size_t)a->n_pos + 1, sizeof(*worker));
	bool *mine = iot_xcalloc((size_t)a->n_pos + 1, sizeof(*mine));
	FILE **out = iot_xcalloc((size_t)jobs + 1, sizeof(*out));
	pid_t *pid = iot_xcalloc((size_t)jobs + 1, sizeof(*pid));

	if (jobs > a->n_pos)
		jobs = a->n_pos > 0 ? a->n_pos : 1;
	if (jobs > 1)
		share_out(a, jobs, worker);
	fflush(stdout);
	fflush(stderr);
	for (int w = 1; w < jobs; w++) {
		out[w] = tmpfile();
		pid[w] = out[w] ? fork() : -1;
		if (pid[w] == 0) {
			struct results mres;
			struct group *g;
			size_t ng;

			for (int i = 0; i < a->n_pos; i++)
				mine[i] = worker[i] == w;
			results_init(&mres, a->n_pos);
			lint_inputs(a, cfg, mine, &mres, &g, &ng);
			put_results(out[w], &mres, cfg);
			_exit(fflush(out[w]) ? 3 : 0);
		}
		if (pid[w] < 0) { /* no process: the parent does this share too */
			for (int i = 0; i < a->n_pos; i++)
				if (worker[i] == w)
					worker[i] = 0;
		}
	}
	for (int i = 0; i < a->n_pos; i++)
		mine[i] = worker[i] == 0;
	lint_inputs(a, cfg, mine, res, groups, n_groups);
	for (int w = 1; w < jobs; w++) {
		int st = 0;

		if (pid[w] <= 0)
			continue;
		while (waitpid(pid[w], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) || get_results(out[w], res, cfg, names) < 0) {
			struct iot_loc loc = iot_loc_text(NULL, 0, 0);

			iot_diag(&res->per[a->n_pos], IOT_SEV_ERROR, &loc, NULL,
				 "a lint worker failed; its inputs are not reported");
			res->rc = 2;
		}
	}
	for (int w = 1; w < jobs; w++)
		if (out[w])
			fclose(out[w]);
	free(worker);
	free(mine);
	free(out);
	free(pid);
}

static int list_rules(const struct iot_args *a, const char *fmt)
{
	struct iot_diags d;
	struct iot_buf b;
	const char *out = iot_arg(a, "output");
	int rc = 0;

	if (strcmp(fmt, "text") && strcmp(fmt, "man") && strcmp(fmt, "json"))
		return iot_usage_error(a->cmd, "--list-rules prints text, json or man, not '%s'",
				       fmt);
	if (a->n_pos)
		return iot_usage_error(a->cmd, "--list-rules takes no input files");
	iot_buf_init(&b);
	iot_diags_init(&d);
	if (!strcmp(fmt, "man"))
		iot_lint_rules_man(&b);
	else if (!strcmp(fmt, "json"))
		iot_lint_rules_json(&b);
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

/*
 * What is not a finding (no rule: a file that cannot be opened, is not a
 * format iotopo reads, has a syntax error; a note about the run) goes to
 * stderr like any command's; a text report holds the findings only.
 */
static bool not_a_finding(const struct iot_diag *dg)
{
	return !dg->rule;
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
	struct results res;
	struct iot_topology names; /* file names the workers report */
	int jobs = 1;
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
	if (iot_arg(a, "jobs") &&
	    (sscanf(iot_arg(a, "jobs"), "%d", &jobs) != 1 || jobs < 1 || jobs > 256)) {
		iot_lint_config_free(&cfg);
		return iot_usage_error(a->cmd, "--jobs %s: a number from 1 to 256",
				       iot_arg(a, "jobs"));
	}
	iot_topology_init(&names);
	results_init(&res, a->n_pos);
	lint_all(a, &cfg, jobs, &res, &groups, &n_groups, &names);
	rc = res.rc;
	/* the report: every input's diagnostics in input order, then the DT <-> ACPI findings */
	d.limit = (size_t)-1;
	for (int i = 0; i <= res.n; i++) {
		for (size_t k = 0; k < res.per[i].n; k++) {
			const struct iot_diag *dg = &res.per[i].v[k];

			iot_diag(&d, dg->sev, &dg->loc, dg->rule, "%s", dg->msg);
			if (dg->object)
				d.v[d.n - 1].object = iot_strdup(dg->object);
		}
		d.dropped += res.per[i].dropped;
	}
	iot_lint_suppress_unused(&cfg, &d);
	if (*cfg.n_suppressed)
		iot_diag(&d, IOT_SEV_NOTE, NULL, NULL, "%zu finding%s suppressed",
			 *cfg.n_suppressed, *cfg.n_suppressed == 1 ? "" : "s");
	/* an input a reader refused for breaking a rule is a finding (1); unusable input is 2 */
	if (rc)
		rc = iot_diags_exit_status(&d);
	if (!rc && d.n_errors)
		rc = 1;
	if (!strcmp(fmt, "text")) {
		iot_diags_move(&d, &wd, not_a_finding);
		iot_diags_fprint(stderr, &wd);
		iot_diags_free(&wd);
		iot_diags_init(&wd);
	} else {
		/* JSON and SARIF keep them too (SARIF: tool execution notifications) */
		for (size_t i = 0; i < d.n; i++)
			if (not_a_finding(&d.v[i]))
				iot_diag_fprint(stderr, &d.v[i]);
	}
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
	results_free(&res);
	free_groups(groups, n_groups);
	iot_topology_free(&names);
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
		"the same machine when both are given; exit status 1 when a finding is an error.\n"
		"'iotopo lint --list-rules' lists the rules;\n"
		"LINT RULES in iotopo(1) says what each severity means and how to suppress a\n"
		"finding for one object (--suppress, --suppressions, 'iotopo-lint: disable='\n"
		"comments in YAML and DTS).",
	.options = lint_options,
	.min_pos = 0,
	.max_pos = -1,
	.run = run,
};
