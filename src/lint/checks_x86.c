// SPDX-License-Identifier: MIT
/*
 * The DMAR/IVRS rules that need the PCI hierarchy as well as the table; the
 * checks themselves are src/x86's (iot_x86_check_cb), shared with decode.
 */
#include <string.h>

#include "lint/checks.h"
#include "x86/x86.h"

static void one_rule(void *ctx, const struct iot_loc *loc, enum iot_rule_id rule, const char *msg)
{
	struct iot_lint_run *run = ctx;

	if (rule == run->rule->id)
		iot_lint_report(run, loc, "%s", msg);
}

void iot_check_dmar_scope_no_device(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_dmar_scope_mismatch(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_ivrs_alias_hierarchy(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_dmar_ioapic_unmapped(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_dmar_ioapic_unknown(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_dmar_ioapic_duplicate(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_ivrs_no_ioapic(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_ivrs_ioapic_missing(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_ivrs_ioapic_southbridge(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_ivrs_ioapic_unknown(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}

void iot_check_ivrs_ioapic_duplicate(struct iot_lint_run *run)
{
	iot_x86_check_cb(run->t, one_rule, run);
}
