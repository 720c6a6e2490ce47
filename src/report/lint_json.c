// SPDX-License-Identifier: MIT
#include "report/lint_report.h"

void iot_lint_json_string(struct iot_buf *b, const char *s)
{
	iot_buf_json_string(b, s);
}

static const char *sev_word(enum iot_severity s)
{
	return iot_severity_name(s);
}

void iot_lint_write_json(struct iot_buf *b, const struct iot_diags *d, char *const *inputs,
			 int n_inputs)
{
	size_t notes = 0, errors = 0, warnings = 0;

	/* schemas/lint.schema.json describes every field (tests/scripts/lint-json-schema.sh) */
	iot_buf_adds(b, "{\n  \"format\": 1,\n  \"inputs\": [");
	for (int i = 0; i < n_inputs; i++) {
		iot_buf_adds(b, i ? ", " : "");
		iot_lint_json_string(b, inputs[i]);
	}
	iot_buf_adds(b, "],\n  \"findings\": [");
	for (size_t i = 0; i < d->n; i++) {
		const struct iot_diag *dg = &d->v[i];
		const struct iot_loc *l = &dg->loc;

		notes += dg->sev == IOT_SEV_NOTE;
		warnings += dg->sev == IOT_SEV_WARNING;
		errors += dg->sev == IOT_SEV_ERROR;
		iot_buf_adds(b, i ? ",\n    {" : "\n    {");
		iot_buf_adds(b, "\"file\": ");
		if (l->file)
			iot_lint_json_string(b, l->file);
		else
			iot_buf_adds(b, "null");
		if (l->has_offset) {
			iot_buf_printf(b, ", \"offset\": %llu", (unsigned long long)l->offset);
			if (l->length)
				iot_buf_printf(b, ", \"length\": %u", l->length);
		} else if (l->line)
			iot_buf_printf(b, ", \"line\": %u, \"column\": %u", l->line, l->col);
		iot_buf_printf(b, ", \"severity\": \"%s\", \"rule\": ", sev_word(dg->sev));
		if (dg->rule)
			iot_lint_json_string(b, dg->rule);
		else
			iot_buf_adds(b, "null");
		iot_buf_adds(b, ", \"object\": ");
		if (dg->object)
			iot_lint_json_string(b, dg->object);
		else
			iot_buf_adds(b, "null");
		iot_buf_adds(b, ", \"message\": ");
		iot_lint_json_string(b, dg->msg);
		iot_buf_addc(b, '}');
	}
	iot_buf_printf(b,
		       "%s],\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"notes\": %zu,\n"
		       "  \"not_shown\": %zu\n}\n",
		       d->n ? "\n  " : "", errors, warnings, notes, d->dropped);
}
