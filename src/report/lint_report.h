/* SPDX-License-Identifier: MIT */
/*
 * Lint findings as text (compiler style), JSON and SARIF 2.1.0.  Each
 * writer fills a buffer; the CLI puts it on stdout.
 */
#ifndef IOTOPO_LINT_REPORT_H
#define IOTOPO_LINT_REPORT_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/diag.h"

/* file:line:col: severity: message [rule]  /  file: offset 0x..: severity: message [rule] */
void iot_lint_write_text(struct iot_buf *b, const struct iot_diags *d);

/*
 * {"inputs": [...], "findings": [{file, line, column | offset, severity,
 * rule, message}], "errors": N, "warnings": N, "notes": N}
 */
void iot_lint_write_json(struct iot_buf *b, const struct iot_diags *d, char *const *inputs,
			 int n_inputs);

/*
 * One SARIF 2.1.0 log with one run; the tool's rules are the lint table.
 * Paths are made relative to @cwd (%SRCROOT%); @success: no input was
 * unusable (invocations[].executionSuccessful).
 */
void iot_lint_write_sarif(struct iot_buf *b, const struct iot_diags *d, char *const *inputs,
			  int n_inputs, const char *cwd, bool success);

/* A JSON string literal (quotes included) for @s. */
void iot_lint_json_string(struct iot_buf *b, const char *s);

#endif
