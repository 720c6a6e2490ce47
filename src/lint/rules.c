// SPDX-License-Identifier: MIT
/*
 * The rule table, generated from rules.def: one row per rule, indexed by its
 * id.  Prerequisites are ids, so a misspelt one does not compile; a unit
 * test checks each names an earlier rule.
 */
#include "lint/checks.h"
#include "util/mem.h"

#define E IOT_SEV_ERROR
#define W IOT_SEV_WARNING
#define N IOT_SEV_NOTE

#define PRE_N(_1, _2, _3, n, ...) n
#define PRE_1(a) IOT_RULE_##a
#define PRE_2(a, b) IOT_RULE_##a, IOT_RULE_##b
#define PRE_3(a, b, c) IOT_RULE_##a, IOT_RULE_##b, IOT_RULE_##c
#define PRE(...)                                                               \
	.prereq = { PRE_N(__VA_ARGS__, PRE_3, PRE_2, PRE_1, 0)(__VA_ARGS__) }, \
	.n_prereq = PRE_N(__VA_ARGS__, 3, 2, 1, 0)
#define NOPRE .n_prereq = 0

static const struct iot_rule rules[] = {
#define CHECK(id_, name_, sev_, where_, pre_, fn_, summary_) \
	[IOT_RULE_##id_] = { .id = IOT_RULE_##id_,           \
			     .name = name_,                  \
			     .sev = sev_,                    \
			     .where = IOT_WHERE_##where_,    \
			     .summary = summary_,            \
			     pre_,                           \
			     .check = fn_ },
#define READ(id_, name_, sev_, where_, summary_)          \
	[IOT_RULE_##id_] = { .id = IOT_RULE_##id_,        \
			     .name = name_,               \
			     .sev = sev_,                 \
			     .where = IOT_WHERE_##where_, \
			     .summary = summary_,         \
			     NOPRE,                       \
			     .check = NULL },
#define READ_LINUX(id_, name_, sev_, where_, summary_)    \
	[IOT_RULE_##id_] = { .id = IOT_RULE_##id_,        \
			     .name = name_,               \
			     .sev = sev_,                 \
			     .where = IOT_WHERE_##where_, \
			     .summary = summary_,         \
			     NOPRE,                       \
			     .check = NULL,               \
			     .lossless = true },
#include "lint/rules.def"
#undef CHECK
#undef READ
#undef READ_LINUX
};

_Static_assert(IOT_ARRAY_SIZE(rules) == IOT_RULE_COUNT, "rules.def and the table agree");

const struct iot_rule *iot_lint_rules(size_t *n)
{
	*n = IOT_ARRAY_SIZE(rules);
	return rules;
}

const char *iot_rule_name(enum iot_rule_id id)
{
	return id >= 0 && id < IOT_RULE_COUNT ? rules[id].name : NULL;
}

enum iot_severity iot_rule_severity(enum iot_rule_id id)
{
	return id >= 0 && id < IOT_RULE_COUNT ? rules[id].sev : IOT_SEV_ERROR;
}

void iot_rule_vdiag(struct iot_diags *d, enum iot_rule_id id, const struct iot_loc *loc,
		    const char *fmt, va_list ap)
{
	iot_vdiag(d, iot_rule_severity(id), loc, iot_rule_name(id), fmt, ap);
}

void iot_rule_diag(struct iot_diags *d, enum iot_rule_id id, const struct iot_loc *loc,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	iot_rule_vdiag(d, id, loc, fmt, ap);
	va_end(ap);
}

size_t iot_diags_lossy_errors(const struct iot_diags *d)
{
	size_t n = 0, recorded = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct iot_diag *dg = &d->v[i];
		int id;

		if (dg->sev != IOT_SEV_ERROR)
			continue;
		recorded++;
		id = dg->rule ? iot_lint_rule_find(dg->rule) : -1;
		if (id < 0 || !rules[id].lossless)
			n++;
	}
	/* errors past the recording limit are not kept: count them as lossy */
	return n + (d->n_errors > recorded ? d->n_errors - recorded : 0);
}
