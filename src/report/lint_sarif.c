// SPDX-License-Identifier: MIT
/*
 * SARIF 2.1.0 (OASIS), shaped for GitHub code scanning (the sarif-sdk "GH"
 * validation rules): one run; the lint table as the driver's rules, each with
 * a short and a full description and help text (GH2012); every result with a
 * message text, a rule id, one physical location with a relative URI under
 * %SRCROOT% (GH1005, GH1006), a region with startLine (GH1003) and
 * partialFingerprints (GH1015).  Binary inputs (DTB, ACPI tables) have no
 * lines: their regions carry byteOffset (and byteLength where the finding is
 * about a whole node or structure), plus startLine 1 for GitHub, and the
 * message names the offset too.  Diagnostics that belong to no rule
 * (an unreadable input, a note about suppressions) are tool notifications,
 * not results.
 */
#include <stdint.h>
#include <string.h>

#include "lint/rules.h"
#include "report/lint_report.h"
#include "version.h"
#include "util/hash.h"

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

/* Percent-encode all but RFC 3986 unreserved characters and '/'. */
static void uri_chars(struct iot_buf *u, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			iot_buf_addc(u, (char)*p);
		} else {
			iot_buf_addc(u, '%');
			iot_buf_addc(u, hex[*p >> 4]);
			iot_buf_addc(u, hex[*p & 15]);
		}
	}
}

/*
 * An artifactLocation: a path relative to the working directory (the
 * checkout, in CI) as a relative URI under %SRCROOT%; an absolute path
 * outside it as a file URI.
 */
static void artifact_location(struct iot_buf *b, const char *path, const char *cwd, int index)
{
	struct iot_buf u;
	size_t cl = cwd ? strlen(cwd) : 0;
	bool rel = path[0] != '/';

	iot_buf_init(&u);
	while (rel && !strncmp(path, "./", 2))
		path += 2;
	if (!rel && cl && !strncmp(path, cwd, cl) && path[cl] == '/') {
		path += cl + 1;
		rel = true;
	}
	if (!rel)
		iot_buf_adds(&u, "file://");
	uri_chars(&u, path);
	iot_buf_adds(b, "{\"uri\": ");
	iot_lint_json_string(b, iot_buf_str(&u));
	if (rel)
		iot_buf_adds(b, ", \"uriBaseId\": \"%SRCROOT%\"");
	if (index >= 0)
		iot_buf_printf(b, ", \"index\": %d", index);
	iot_buf_addc(b, '}');
	iot_buf_free(&u);
}

/* "sid-collision" -> "SidCollision": the rule's name in SARIF (reportingDescriptor.name). */
static void pascal(struct iot_buf *b, const char *id)
{
	bool up = true;

	iot_buf_addc(b, '"');
	for (; *id; id++) {
		if (*id == '-') {
			up = true;
			continue;
		}
		iot_buf_addc(b, up && *id >= 'a' && *id <= 'z' ? (char)(*id - 'a' + 'A') : *id);
		up = false;
	}
	iot_buf_addc(b, '"');
}

static const char *meaning(enum iot_severity s)
{
	switch (s) {
	case IOT_SEV_ERROR:
		return "An error: Linux rejects the table or a device misbehaves.";
	case IOT_SEV_WARNING:
		return "A warning: a violation of the specification or binding that Linux "
		       "tolerates, or a likely mistake.";
	default:
		return "A note: information, or something iotopo does not cover.";
	}
}

static void rules(struct iot_buf *b)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);

	for (size_t i = 0; i < n; i++) {
		struct iot_buf t;

		iot_buf_init(&t);
		iot_buf_adds(b, i ? ",\n            {\"id\": " : "\n            {\"id\": ");
		iot_lint_json_string(b, r[i].name);
		iot_buf_adds(b, ", \"name\": ");
		pascal(b, r[i].name);
		iot_buf_adds(b, ", \"shortDescription\": {\"text\": ");
		iot_lint_json_string(b, r[i].summary);
		iot_buf_printf(&t, "%s. %s Checked %s.", r[i].summary, meaning(r[i].sev),
			       r[i].where >= IOT_WHERE_READER_IORT ? "while reading the input" :
								     "over the topology read");
		iot_buf_adds(b, "}, \"fullDescription\": {\"text\": ");
		iot_lint_json_string(b, iot_buf_str(&t));
		iot_buf_reset(&t);
		iot_buf_printf(&t,
			       "%s: %s. See the LINT RULES section of iotopo(1). Silence it with "
			       "'-W no-%s', for one object with '--suppress %s@OBJECT', or with a "
			       "comment 'iotopo-lint: disable=%s' on or above the node in YAML or "
			       "DTS sources.",
			       r[i].name, r[i].summary, r[i].name, r[i].name, r[i].name);
		iot_buf_adds(b, "}, \"help\": {\"text\": ");
		iot_lint_json_string(b, iot_buf_str(&t));
		iot_buf_printf(b,
			       "}, \"defaultConfiguration\": {\"level\": \"%s\"}, "
			       "\"properties\": {\"tags\": [\"%s\"]}}",
			       level(r[i].sev), iot_rule_where_name(r[i].where));
		iot_buf_free(&t);
	}
}

static int input_index(const char *file, char *const *inputs, int n)
{
	for (int i = 0; file && i < n; i++)
		if (!strcmp(inputs[i], file))
			return i;
	return -1;
}

/* FNV-1a over the finding's identity: stable while rule, file, object and message are. */
static uint64_t fingerprint(const struct iot_diag *dg)
{
	const char *parts[] = { dg->rule, dg->loc.file, dg->object, dg->msg };
	uint64_t h = IOT_FNV_OFFSET;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		for (const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : ""); *p;
		     p++)
			h = (h ^ *p) * IOT_FNV_PRIME;
		h = (h ^ 0xff) * IOT_FNV_PRIME;
	}
	return h;
}

static void result(struct iot_buf *b, const struct iot_diag *dg, char *const *inputs, int n_inputs,
		   const char *cwd)
{
	const struct iot_loc *l = &dg->loc;
	const char *file = l->file ? l->file : n_inputs ? inputs[0] : "-";
	int r = iot_lint_rule_find(dg->rule);

	iot_buf_adds(b, "{\"ruleId\": ");
	iot_lint_json_string(b, dg->rule);
	if (r >= 0)
		iot_buf_printf(b, ", \"ruleIndex\": %d", r);
	iot_buf_printf(b, ", \"level\": \"%s\", \"message\": {\"text\": ", level(dg->sev));
	if (l->has_offset) {
		struct iot_buf m;

		iot_buf_init(&m);
		iot_buf_printf(&m, "%s (at byte offset 0x%llx)", dg->msg,
			       (unsigned long long)l->offset);
		iot_lint_json_string(b, iot_buf_str(&m));
		iot_buf_free(&m);
	} else {
		iot_lint_json_string(b, dg->msg);
	}
	iot_buf_adds(b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ");
	artifact_location(b, file, cwd, input_index(file, inputs, n_inputs));
	if (l->has_offset) {
		/* a binary region; line 1 only because GitHub shows no result without a line */
		iot_buf_printf(b, ", \"region\": {\"startLine\": 1, \"byteOffset\": %llu",
			       (unsigned long long)l->offset);
		if (l->length)
			iot_buf_printf(b, ", \"byteLength\": %u", l->length);
		iot_buf_adds(b, "}}");
	} else if (l->line) {
		iot_buf_printf(b, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}}",
			       l->line, l->col ? l->col : 1);
	} else {
		iot_buf_adds(b, ", \"region\": {\"startLine\": 1}}");
	}
	if (dg->object) {
		iot_buf_adds(b, ", \"logicalLocations\": [{\"name\": ");
		iot_lint_json_string(b, dg->object);
		iot_buf_adds(b, ", \"kind\": \"object\"}]");
	}
	iot_buf_printf(b, "}], \"partialFingerprints\": {\"iotopoFinding/v1\": \"%016llx\"}",
		       (unsigned long long)fingerprint(dg));
	iot_buf_addc(b, '}');
}

static void notification(struct iot_buf *b, const struct iot_diag *dg, const char *cwd, bool first)
{
	iot_buf_adds(b, first ? "\n            {" : ",\n            {");
	iot_buf_printf(b, "\"level\": \"%s\", \"message\": {\"text\": ", level(dg->sev));
	iot_lint_json_string(b, dg->msg);
	iot_buf_addc(b, '}');
	if (dg->loc.file) {
		iot_buf_adds(b, ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ");
		artifact_location(b, dg->loc.file, cwd, -1);
		if (!dg->loc.has_offset && dg->loc.line)
			iot_buf_printf(b, ", \"region\": {\"startLine\": %u}", dg->loc.line);
		iot_buf_adds(b, "}}]");
	}
	iot_buf_addc(b, '}');
}

void iot_lint_write_sarif(struct iot_buf *b, const struct iot_diags *d, char *const *inputs,
			  int n_inputs, const char *cwd, bool success)
{
	size_t results = 0, notes = 0;
	struct iot_buf root;

	iot_buf_init(&root);
	iot_buf_adds(&root, "file://");
	uri_chars(&root, cwd && *cwd ? cwd : "/");
	if (root.len && root.data[root.len - 1] != '/')
		iot_buf_addc(&root, '/');
	iot_buf_adds(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
			"  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
			"      \"tool\": {\n        \"driver\": {\n"
			"          \"name\": \"iotopo\",\n          \"version\": \"" IOTOPO_VERSION
			"\",\n          \"semanticVersion\": \"" IOTOPO_VERSION "\",\n"
			"          \"rules\": [");
	rules(b);
	iot_buf_adds(b, "\n          ]\n        }\n      },\n"
			"      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": ");
	iot_lint_json_string(b, iot_buf_str(&root));
	iot_buf_adds(b,
		     "}},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"artifacts\": [");
	for (int i = 0; i < n_inputs; i++) {
		iot_buf_adds(b, i ? ", {\"location\": " : "{\"location\": ");
		artifact_location(b, inputs[i], cwd, -1);
		iot_buf_adds(b, ", \"roles\": [\"analysisTarget\"]}");
	}
	iot_buf_printf(b,
		       "],\n      \"invocations\": [{\"executionSuccessful\": %s, "
		       "\"workingDirectory\": {\"uri\": ",
		       success ? "true" : "false");
	iot_lint_json_string(b, iot_buf_str(&root));
	iot_buf_adds(b, "}, \"toolExecutionNotifications\": [");
	for (size_t i = 0; i < d->n; i++)
		if (!d->v[i].rule)
			notification(b, &d->v[i], cwd, !notes++);
	iot_buf_adds(b,
		     notes ? "\n        ]}],\n      \"results\": [" : "]}],\n      \"results\": [");
	for (size_t i = 0; i < d->n; i++) {
		if (!d->v[i].rule)
			continue;
		iot_buf_adds(b, results++ ? ",\n        " : "\n        ");
		result(b, &d->v[i], inputs, n_inputs, cwd);
	}
	iot_buf_adds(b, results ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
	iot_buf_free(&root);
}
