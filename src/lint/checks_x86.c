// SPDX-License-Identifier: MIT
/*
 * The DMAR/IVRS rules that need the PCI hierarchy as well as the table; the
 * checks themselves are src/x86's (iot_x86_check_cb), shared with decode.
 * Their one pass finds every rule's findings at once, so it runs once per
 * lint pass (kept in the lint cache) and each rule reports its own, in the
 * order the pass found them.
 */
#include <stdlib.h>
#include <string.h>

#include "lint/checks.h"
#include "util/mem.h"
#include "x86/x86.h"

struct x86_finding {
	struct iot_loc loc;
	enum iot_rule_id rule;
	char *msg;
};

struct iot_x86_findings {
	struct x86_finding *v;
	size_t n, cap;
};

void iot_x86_findings_free(struct iot_x86_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].msg);
	free(f->v);
	free(f);
}

static void keep(void *ctx, const struct iot_loc *loc, enum iot_rule_id rule, const char *msg)
{
	struct iot_x86_findings *f = ctx;

	iot_grow((void **)&f->v, &f->cap, f->n + 1, sizeof(*f->v));
	f->v[f->n++] = (struct x86_finding){ .loc = *loc, .rule = rule, .msg = iot_strdup(msg) };
}

static void one_rule(struct iot_lint_run *run)
{
	struct iot_x86_findings **slot = iot_lint_cache_x86(run->cache);

	if (!*slot) {
		*slot = iot_xcalloc(1, sizeof(**slot));
		iot_x86_check_cb(run->t, keep, *slot);
	}
	for (size_t i = 0; i < (*slot)->n; i++)
		if ((*slot)->v[i].rule == run->rule->id)
			iot_lint_report(run, &(*slot)->v[i].loc, "%s", (*slot)->v[i].msg);
}

void iot_check_dmar_scope_no_device(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_dmar_scope_mismatch(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_ivrs_alias_hierarchy(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_dmar_ioapic_unmapped(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_dmar_ioapic_unknown(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_dmar_ioapic_duplicate(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_ivrs_no_ioapic(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_ivrs_ioapic_missing(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_ivrs_ioapic_southbridge(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_ivrs_ioapic_unknown(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_ivrs_ioapic_duplicate(struct iot_lint_run *run)
{
	one_rule(run);
}

void iot_check_ivrs_ivhd_no_ids(struct iot_lint_run *run)
{
	one_rule(run);
}
