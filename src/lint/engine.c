// SPDX-License-Identifier: MIT
/*
 * The lint engine: configuration from -W/-E, running the table's rules in
 * order with their prerequisites, re-levelling reader findings, and the
 * generated rule lists (--list-rules, the man page section).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint/rules.h"
#include "util/mem.h"

/* Rule ids sorted by name, built on first use: a lookup per reader finding stays cheap. */
static int by_name_cmp(const void *a, const void *b)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	return strcmp(r[*(const short *)a].name, r[*(const short *)b].name);
}

int iot_lint_rule_find(const char *name)
{
	static short by_name[IOT_RULE_COUNT];
	static bool sorted;
	size_t n, lo = 0, hi;
	const struct iot_rule *r = iot_lint_rules(&n);

	if (!sorted) {
		for (size_t i = 0; i < n; i++)
			by_name[i] = (short)i;
		qsort(by_name, n, sizeof(*by_name), by_name_cmp);
		sorted = true;
	}
	for (hi = n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r[by_name[mid]].name, name);

		if (!c)
			return by_name[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *iot_rule_where_name(enum iot_rule_where w)
{
	switch (w) {
	case IOT_WHERE_MODEL:
		return "model";
	case IOT_WHERE_DT:
		return "dt";
	case IOT_WHERE_ACPI:
		return "acpi";
	case IOT_WHERE_PAIR:
		return "dt+acpi";
	case IOT_WHERE_READER_IORT:
		return "iort-reader";
	case IOT_WHERE_READER_VIOT:
		return "viot-reader";
	case IOT_WHERE_READER_DT:
		return "dt-reader";
	case IOT_WHERE_READER_ACPI:
		return "acpi-reader";
	case IOT_WHERE_READER_DMAR:
		return "dmar-reader";
	case IOT_WHERE_READER_IVRS:
		return "ivrs-reader";
	case IOT_WHERE_WRITER_DT:
		return "dt-writer";
	case IOT_WHERE_WRITER_IORT:
		return "iort-writer";
	case IOT_WHERE_RETIRED:
		return "retired";
	}
	return "?";
}

void iot_lint_config_init(struct iot_lint_config *c)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	memset(c, 0, sizeof(*c));
	c->level = iot_xcalloc(n, sizeof(*c->level));
	c->promoted = iot_xcalloc(n, sizeof(*c->promoted));
	for (size_t i = 0; i < n; i++)
		c->level[i] = (signed char)r[i].sev;
	c->inline_src = iot_lint_inline_new();
	c->n_suppressed = iot_xcalloc(1, sizeof(*c->n_suppressed));
}

void iot_lint_config_free(struct iot_lint_config *c)
{
	free(c->level);
	free(c->promoted);
	iot_lint_suppress_free(c);
	iot_lint_inline_free(c->inline_src);
	free(c->n_suppressed);
	memset(c, 0, sizeof(*c));
}

/*
 * Record one finding unless a suppression drops it, with the object it is
 * about.
 */
static void record(struct iot_diags *d, const struct iot_lint_config *c,
		   const struct iot_lint_objects *objs, enum iot_severity sev,
		   const struct iot_diag *dg)
{
	const char *object = NULL;
	size_t before = d->n;

	if (iot_lint_suppressed(c, objs, dg->rule, &dg->loc, &object)) {
		++*c->n_suppressed;
		return;
	}
	iot_diag(d, sev, &dg->loc, dg->rule, "%s", dg->msg);
	if (d->n > before && (object || dg->object))
		d->v[d->n - 1].object = iot_strdup(object ? object : dg->object);
}

int iot_lint_config_apply(struct iot_lint_config *c, const char *arg, bool error)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);
	bool off = !strncmp(arg, "no-", 3);
	int i = iot_lint_rule_find(off ? arg + 3 : arg);

	if (i < 0)
		return -1;
	if (off && !error) {
		c->level[i] = -1;
	} else if (off) {
		c->level[i] = (signed char)r[i].sev;
		c->promoted[i] = false;
	} else if (error) {
		c->level[i] = IOT_SEV_ERROR;
		c->promoted[i] = true;
	} else if (c->level[i] < 0) {
		c->level[i] = (signed char)r[i].sev;
	}
	return 0;
}

void iot_lint_report(struct iot_lint_run *run, const struct iot_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(run->out, run->rule->sev, loc, run->rule->name, fmt, ap);
	va_end(ap);
	run->findings++;
}

static enum iot_severity effective(const struct iot_lint_config *c, int i, enum iot_severity s)
{
	if (c->level[i] >= 0)
		s = (enum iot_severity)c->level[i];
	if (c->werror && s == IOT_SEV_WARNING)
		s = IOT_SEV_ERROR;
	return s;
}

static enum iot_severity rules_sev(int i)
{
	size_t n;

	return iot_lint_rules(&n)[i].sev;
}

static void emit(struct iot_diags *d, const struct iot_lint_config *c,
		 const struct iot_lint_objects *objs, int i, const struct iot_diags *found)
{
	for (size_t k = 0; k < found->n; k++) {
		const struct iot_diag *dg = &found->v[k];
		/* findings follow -E/--werror; a rule's own notes (limits) stay notes */
		enum iot_severity sev = dg->sev < rules_sev(i) ? dg->sev : effective(c, i, dg->sev);

		record(d, c, objs, sev, dg);
	}
	if (found->dropped)
		iot_diag(d, IOT_SEV_NOTE, NULL, found->v[0].rule, "%zu more findings of this rule",
			 found->dropped);
}

static bool applies(enum iot_rule_where w, enum iot_fw_kind fw)
{
	switch (w) {
	case IOT_WHERE_MODEL:
		return true;
	case IOT_WHERE_DT:
		return fw != IOT_FW_ACPI;
	case IOT_WHERE_ACPI:
		return fw != IOT_FW_DT;
	default:
		return false;
	}
}

enum rule_status { ST_PASS, ST_FAIL, ST_SKIP };

/* The first prerequisite of rule @i that did not pass, or NULL. */
static const char *failed_prereq(const struct iot_rule *r, const enum rule_status *st, size_t i)
{
	for (unsigned int k = 0; k < r[i].n_prereq; k++) {
		enum iot_rule_id p = r[i].prereq[k];

		if ((size_t)p >= i || st[p] != ST_PASS)
			return r[p].name;
	}
	return NULL;
}

static void run_rules(const struct iot_topology *t, const struct iot_topology *t2,
		      enum iot_fw_kind fw, bool pair, const struct iot_lint_config *c,
		      struct iot_diags *d)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);
	enum rule_status *st = iot_xcalloc(n, sizeof(*st));
	struct iot_loc file = iot_loc_text(t->source, 0, 0);
	struct iot_lint_cache *cache = iot_lint_cache_new(t);
	struct iot_lint_objects *objs = iot_lint_objects_new(t);

	for (size_t i = 0; i < n; i++) {
		struct iot_lint_run run = {
			.t = t, .t2 = t2, .fw = fw, .rule = &r[i], .cache = cache
		};
		struct iot_diags found;
		const char *pre;

		if (!r[i].check || (pair ? r[i].where != IOT_WHERE_PAIR : !applies(r[i].where, fw)))
			continue;
		pre = failed_prereq(r, st, i);
		if (pre) {
			st[i] = ST_SKIP;
			if (c->level[i] >= 0)
				iot_diag(d, IOT_SEV_NOTE, &file, r[i].name,
					 "rule not run: prerequisite '%s' failed", pre);
			continue;
		}
		iot_diags_init(&found);
		run.out = &found;
		r[i].check(&run);
		st[i] = run.findings ? ST_FAIL : ST_PASS;
		if (c->level[i] >= 0)
			emit(d, c, objs, (int)i, &found);
		iot_diags_free(&found);
	}
	iot_lint_objects_free(objs);
	iot_lint_cache_free(cache);
	free(st);
}

void iot_lint_topology(const struct iot_topology *t, enum iot_fw_kind fw,
		       const struct iot_lint_config *c, struct iot_diags *d)
{
	run_rules(t, NULL, fw == IOT_FW_UNKNOWN ? IOT_FW_MODEL : fw, false, c, d);
}

void iot_lint_pair(const struct iot_topology *dt, const struct iot_topology *acpi,
		   const struct iot_lint_config *c, struct iot_diags *d)
{
	run_rules(dt, acpi, IOT_FW_DT, true, c, d);
}

void iot_lint_filter(const struct iot_diags *in, const struct iot_lint_config *c,
		     const struct iot_topology *t, struct iot_diags *out)
{
	struct iot_lint_objects *objs = t ? iot_lint_objects_new(t) : NULL;

	for (size_t k = 0; k < in->n; k++) {
		const struct iot_diag *dg = &in->v[k];
		enum iot_severity s = dg->sev;
		int i = dg->rule ? iot_lint_rule_find(dg->rule) : -1;

		if (i >= 0) {
			if (c->level[i] < 0)
				continue;
			if (c->promoted[i])
				s = IOT_SEV_ERROR;
			if (c->werror && s == IOT_SEV_WARNING)
				s = IOT_SEV_ERROR;
		}
		record(out, c, objs, s, dg);
	}
	iot_lint_objects_free(objs);
	if (in->dropped)
		iot_diag(out, IOT_SEV_NOTE, NULL, NULL, "%zu more diagnostics not shown",
			 in->dropped);
}

static const char *sev_word(enum iot_severity s)
{
	return s == IOT_SEV_NOTE ? "info" : iot_severity_name(s);
}

/* man(7) needs a backslash doubled and a leading dot or quote escaped. */
static void man_text(struct iot_buf *b, const char *s)
{
	if (*s == '.' || *s == '\'')
		iot_buf_adds(b, "\\&");
	for (; *s; s++) {
		if (*s == '\\')
			iot_buf_adds(b, "\\e");
		else if (*s == '-')
			iot_buf_adds(b, "\\-");
		else
			iot_buf_addc(b, *s);
	}
}

void iot_lint_rules_man(struct iot_buf *b)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	iot_buf_adds(b,
		     ".\\\" Generated by 'iotopo lint --list-rules --format man'; do not edit.\n");
	for (size_t i = 0; i < n; i++) {
		iot_buf_adds(b, ".TP\n.B ");
		man_text(b, r[i].name);
		iot_buf_printf(b, "\n(%s, %s) ", sev_word(r[i].sev),
			       iot_rule_where_name(r[i].where));
		man_text(b, r[i].summary);
		iot_buf_adds(b, ".");
		if (r[i].n_prereq) {
			iot_buf_adds(b, " Needs ");
			for (unsigned int k = 0; k < r[i].n_prereq; k++) {
				iot_buf_adds(b, k ? ", " : "");
				iot_buf_adds(b, "\\fB");
				man_text(b, r[r[i].prereq[k]].name);
				iot_buf_adds(b, "\\fR");
			}
			iot_buf_adds(b, ".");
		}
		iot_buf_addc(b, '\n');
	}
}

/*
 * --list-rules --format json: the rule table as schemas/rules.schema.json lays it out.
 * Severity words are the findings' (lint --format json): error, warning, note.
 */
void iot_lint_rules_json(struct iot_buf *b)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	iot_buf_adds(b, "{\n  \"format\": 1,\n  \"rules\": [");
	for (size_t i = 0; i < n; i++) {
		iot_buf_adds(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		iot_buf_json_string(b, r[i].name);
		iot_buf_printf(b, ", \"severity\": \"%s\", \"where\": \"%s\", \"summary\": ",
			       iot_severity_name(r[i].sev), iot_rule_where_name(r[i].where));
		iot_buf_json_string(b, r[i].summary);
		iot_buf_adds(b, ", \"needs\": [");
		for (unsigned int k = 0; k < r[i].n_prereq; k++) {
			if (k)
				iot_buf_adds(b, ", ");
			iot_buf_json_string(b, r[r[i].prereq[k]].name);
		}
		iot_buf_adds(b, "]}");
	}
	iot_buf_adds(b, "\n  ]\n}\n");
}

void iot_lint_rules_text(struct iot_buf *b)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	for (size_t i = 0; i < n; i++) {
		iot_buf_printf(b, "%-28s %-7s %-11s %s", r[i].name, sev_word(r[i].sev),
			       iot_rule_where_name(r[i].where), r[i].summary);
		for (unsigned int k = 0; k < r[i].n_prereq; k++)
			iot_buf_printf(b, "%s%s", k ? ", " : " (needs ", r[r[i].prereq[k]].name);
		iot_buf_adds(b, r[i].n_prereq ? ")\n" : "\n");
	}
}
