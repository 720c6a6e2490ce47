/* SPDX-License-Identifier: MIT */
/*
 * Lint rule ids, generated from rules.def, and the one way a reader or a
 * check reports a finding: by id.  The severity and the name come from the
 * rule table, never from the call site.
 */
#ifndef IOTOPO_LINT_RULE_IDS_H
#define IOTOPO_LINT_RULE_IDS_H

#include <stdarg.h>

#include "util/diag.h"

enum iot_rule_id {
	/* a reader's structural error that has no rule: always an error */
	IOT_RULE_NONE = -1,
#define CHECK(id, name, sev, where, pre, fn, summary) IOT_RULE_##id,
#define READ(id, name, sev, where, summary) IOT_RULE_##id,
#include "lint/rules.def"
#undef CHECK
#undef READ
	IOT_RULE_COUNT
};

/* The rule's stable name ("sid-collision"); NULL for IOT_RULE_NONE. */
const char *iot_rule_name(enum iot_rule_id id);
/* The rule's severity as the table gives it (IOT_SEV_ERROR for IOT_RULE_NONE). */
enum iot_severity iot_rule_severity(enum iot_rule_id id);

/* Record a finding of rule @id at the table's severity, tagged with its name. */
void iot_rule_diag(struct iot_diags *d, enum iot_rule_id id, const struct iot_loc *loc,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void iot_rule_vdiag(struct iot_diags *d, enum iot_rule_id id, const struct iot_loc *loc,
		    const char *fmt, va_list ap);

/*
 * The errors in @d that may mean a reader lost part of its input: every error
 * but those of READ_LINUX rules (what Linux does with a table read in full).
 * compile writes nothing from an input with such errors.
 */
size_t iot_diags_lossy_errors(const struct iot_diags *d);

#endif
