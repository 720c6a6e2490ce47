// SPDX-License-Identifier: MIT
/* SARIF 2.1.0 (OASIS): one run, the lint table as the driver's rules. */
#include <string.h>

#include "lint/rules.h"
#include "report/lint_report.h"
#include "version.h"

static const char *level(enum iot_severity s)
{
	switch (s) {
	case IOT_SEV_ERROR:
		return "error";
	case IOT_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

/* A file name as a relative URI reference: percent-encode all but unreserved and '/'. */
static void uri(struct iot_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct iot_buf u;

	iot_buf_init(&u);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			iot_buf_addc(&u, (char)*p);
		} else {
			iot_buf_addc(&u, '%');
			iot_buf_addc(&u, hex[*p >> 4]);
			iot_buf_addc(&u, hex[*p & 15]);
		}
	}
	iot_lint_json_string(b, iot_buf_str(&u));
	iot_buf_free(&u);
}

static void rules(struct iot_buf *b)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	for (size_t i = 0; i < n; i++) {
		iot_buf_adds(b, i ? ",\n            {\"id\": " : "\n            {\"id\": ");
		iot_lint_json_string(b, r[i].name);
		iot_buf_adds(b, ", \"shortDescription\": {\"text\": ");
		iot_lint_json_string(b, r[i].summary);
		iot_buf_printf(b,
			       "}, \"defaultConfiguration\": {\"level\": \"%s\"}, "
			       "\"properties\": {\"checkedIn\": \"%s\"}}",
			       level(r[i].sev), iot_rule_where_name(r[i].where));
	}
}

static void location(struct iot_buf *b, const struct iot_loc *l)
{
	if (!l->file)
		return;
	iot_buf_adds(b,
		     ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
	uri(b, l->file);
	iot_buf_addc(b, '}');
	if (l->has_offset)
		iot_buf_printf(b, ", \"region\": {\"byteOffset\": %llu}",
			       (unsigned long long)l->offset);
	else if (l->line)
		iot_buf_printf(b, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}", l->line,
			       l->col ? l->col : 1);
	iot_buf_adds(b, "}}]");
}

void iot_lint_write_sarif(struct iot_buf *b, const struct iot_diags *d, char *const *inputs,
			  int n_inputs)
{
	iot_buf_adds(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
			"  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
			"      \"tool\": {\n        \"driver\": {\n"
			"          \"name\": \"iotopo\",\n          \"version\": \"" IOTOPO_VERSION
			"\",\n          \"rules\": [");
	rules(b);
	iot_buf_adds(b, "\n          ]\n        }\n      },\n      \"artifacts\": [");
	for (int i = 0; i < n_inputs; i++) {
		iot_buf_adds(b, i ? ", {\"location\": {\"uri\": " : "{\"location\": {\"uri\": ");
		uri(b, inputs[i]);
		iot_buf_adds(b, "}}");
	}
	iot_buf_adds(b, "],\n      \"results\": [");
	for (size_t i = 0; i < d->n; i++) {
		const struct iot_diag *dg = &d->v[i];
		int r = dg->rule ? iot_lint_rule_find(dg->rule) : -1;

		iot_buf_adds(b, i ? ",\n        {" : "\n        {");
		if (dg->rule) {
			iot_buf_adds(b, "\"ruleId\": ");
			iot_lint_json_string(b, dg->rule);
			if (r >= 0)
				iot_buf_printf(b, ", \"ruleIndex\": %d", r);
			iot_buf_adds(b, ", ");
		}
		iot_buf_printf(b, "\"level\": \"%s\", \"message\": {\"text\": ", level(dg->sev));
		iot_lint_json_string(b, dg->msg);
		iot_buf_addc(b, '}');
		location(b, &dg->loc);
		iot_buf_addc(b, '}');
	}
	iot_buf_adds(b, d->n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
}
