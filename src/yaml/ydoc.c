// SPDX-License-Identifier: MIT
/*
 * The JSON Schema (draft-07) and the key lists of iotopo-topology(5),
 * generated from the field tables, so neither can drift from what the
 * reader accepts: tests/scripts/yaml-doc.sh fails when the committed
 * schemas/topology.schema.json or man page differ from this output.
 */
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "yaml/yaml.h"
#include "yaml/yfield.h"

#define SCHEMA_ID "https://iotopo.example/schemas/topology.schema.json"

/* ---- a small JSON writer, two-space indented ---- */

struct jw {
	struct iot_buf *b;
	int depth;
	bool has_items[32]; /* per open collection: an item was written */
	bool after_key;
};

static void jw_indent(struct jw *j)
{
	iot_buf_addc(j->b, '\n');
	for (int i = 0; i < j->depth; i++)
		iot_buf_adds(j->b, "  ");
}

/* Before a value: nothing after a key, else a comma and a new line in a collection. */
static void jw_pre(struct jw *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth) {
		if (j->has_items[j->depth])
			iot_buf_addc(j->b, ',');
		j->has_items[j->depth] = true;
		jw_indent(j);
	}
}

static void jw_open(struct jw *j, char ch)
{
	jw_pre(j);
	iot_buf_addc(j->b, ch);
	j->depth++;
	j->has_items[j->depth] = false;
}

static void jw_close(struct jw *j, char ch)
{
	bool items = j->has_items[j->depth];

	j->depth--;
	if (items)
		jw_indent(j);
	iot_buf_addc(j->b, ch);
}

static void jw_strval(struct iot_buf *b, const char *s)
{
	iot_buf_json_string(b, s);
}

static void jw_key(struct jw *j, const char *key)
{
	jw_pre(j);
	jw_strval(j->b, key);
	iot_buf_adds(j->b, ": ");
	j->after_key = true;
}

static void jw_str(struct jw *j, const char *s)
{
	jw_pre(j);
	jw_strval(j->b, s);
}

static void jw_raw(struct jw *j, const char *json)
{
	jw_pre(j);
	iot_buf_adds(j->b, json);
}

static void jw_num(struct jw *j, uint64_t v)
{
	jw_pre(j);
	iot_buf_printf(j->b, "%llu", (unsigned long long)v);
}

/* ---- schema of a value ---- */

static void object_members(struct jw *j, const struct ytable *t, const char *doc);
static void object_schema(struct jw *j, const struct ytable *t, const char *doc);

/* "The format version; must be 1." plus the default in words, when the doc lacks one */
static void description(struct jw *j, const struct yfield *f)
{
	struct iot_buf d;

	iot_buf_init(&d);
	iot_buf_adds(&d, f->doc ? f->doc : "");
	if (f->defdoc && !strstr(iot_buf_str(&d), "Default"))
		iot_buf_printf(&d, "  Default: %s.", f->defdoc);
	jw_key(j, "description");
	jw_str(j, iot_buf_str(&d));
	iot_buf_free(&d);
}

static void doc_keys(struct jw *j, const struct yfield *f)
{
	description(j, f);
	if (f->def) {
		jw_key(j, "default");
		jw_raw(j, f->def);
	}
}

/* A hook's schema text with the row's description and default added. */
static void raw_schema(struct jw *j, const struct yfield *f, const char *raw, bool doc)
{
	size_t n = strlen(raw);

	if (!doc) {
		jw_raw(j, raw);
		return;
	}
	if (!strncmp(raw, "{\"$ref\"", 7)) {
		/* draft-07 ignores the siblings of $ref: wrap it */
		jw_open(j, '{');
		jw_key(j, "allOf");
		jw_open(j, '[');
		jw_raw(j, raw);
		jw_close(j, ']');
		doc_keys(j, f);
		jw_close(j, '}');
		return;
	}
	jw_open(j, '{');
	/* the raw object's members, then ours */
	jw_pre(j);
	iot_buf_add(j->b, raw + 1, n - 2);
	doc_keys(j, f);
	jw_close(j, '}');
}

static void value_schema(struct jw *j, const struct yfield *f, bool doc)
{
	if (f->hooks && f->hooks->schema) {
		raw_schema(j, f, f->hooks->schema, doc);
		return;
	}
	if (f->type == YT_OBJ) {
		jw_open(j, '{');
		object_members(j, f->sub, doc ? f->doc : NULL);
		if (doc && f->def) {
			jw_key(j, "default");
			jw_raw(j, f->def);
		}
		jw_close(j, '}');
		return;
	}
	jw_open(j, '{');
	switch (f->type) {
	case YT_UINT:
		jw_key(j, "type");
		jw_str(j, "integer");
		jw_key(j, "minimum");
		jw_num(j, f->min);
		jw_key(j, "maximum");
		jw_num(j, yf_max(f));
		break;
	case YT_BOOL:
		jw_key(j, "type");
		jw_str(j, "boolean");
		break;
	case YT_STR:
	case YT_REF:
		jw_key(j, "type");
		jw_str(j, "string");
		jw_key(j, "minLength");
		jw_num(j, 1);
		jw_key(j, "maxLength");
		jw_num(j, IOT_YAML_MAX_STRING);
		break;
	case YT_WORD:
		jw_key(j, "enum");
		jw_open(j, '[');
		for (size_t i = 0; f->words[i]; i++)
			jw_str(j, f->words[i]);
		jw_close(j, ']');
		break;
	case YT_ACPI_ID:
		jw_key(j, "type");
		jw_str(j, "string");
		jw_key(j, "maxLength");
		jw_num(j, f->size);
		jw_key(j, "pattern");
		jw_str(j, "^[\\u0001-\\u00ff]*$");
		break;
	case YT_LIST:
		jw_key(j, "type");
		jw_str(j, "array");
		jw_key(j, "items");
		object_schema(j, f->sub, NULL);
		break;
	case YT_OBJ:
	case YT_HOOK:
		break;
	}
	if (doc)
		doc_keys(j, f);
	jw_close(j, '}');
}

/* ---- schema of an object ---- */

static bool first_of_key(const struct ytable *t, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (!strcmp(t->f[k].key, t->f[i].key))
			return false;
	return true;
}

static bool several_rows(const struct ytable *t, size_t i)
{
	for (size_t k = 0; k < t->n; k++)
		if (k != i && !strcmp(t->f[k].key, t->f[i].key))
			return true;
	return false;
}

static bool required_always(const struct ytable *t, const struct yfield *f)
{
	return (f->flags & YF_DOCREQ) || (t->by_model ? f->req == YM_ALL : f->req != 0);
}

/* The row of key @i's name for model @m, or NULL if the key does not apply. */
static const struct yfield *row_for(const struct ytable *t, size_t i, unsigned int m)
{
	for (size_t k = i; k < t->n; k++)
		if (!strcmp(t->f[k].key, t->f[i].key) && yf_applies(&t->f[k], m))
			return &t->f[k];
	return NULL;
}

/* Required for model @m only (not for every model). */
static bool required_for(const struct yfield *f, unsigned int m)
{
	return !(f->flags & YF_DOCREQ) && f->req != YM_ALL && (f->req & YM(m)) && yf_applies(f, m);
}

/* A sub-object row (by model) with keys required for @m only. */
static bool sub_required(const struct yfield *r, unsigned int m)
{
	if (!r || r->type != YT_OBJ || !r->sub->by_model)
		return false;
	for (size_t k = 0; k < r->sub->n; k++)
		if (required_for(&r->sub->f[k], m))
			return true;
	return false;
}

/* What differs for model @m: keys that do not apply, a row per model, sub-objects. */
static bool model_prop(const struct ytable *t, size_t i, unsigned int m)
{
	const struct yfield *r = row_for(t, i, m);

	return first_of_key(t, i) && (!r || several_rows(t, i) || sub_required(r, m));
}

static bool model_has_rules(const struct ytable *t, unsigned int m)
{
	for (size_t i = 0; i < t->n; i++)
		if (required_for(&t->f[i], m) || model_prop(t, i, m))
			return true;
	return false;
}

/* {"if": {model is m}, "then": {...}} */
static void model_rules(struct jw *j, const struct ytable *t, unsigned int m)
{
	bool any = false;

	jw_open(j, '{');
	jw_key(j, "if");
	jw_open(j, '{');
	jw_key(j, "properties");
	jw_open(j, '{');
	jw_key(j, "model");
	jw_open(j, '{');
	jw_key(j, "const");
	jw_str(j, iot_iommu_model_names[m]);
	jw_close(j, '}');
	jw_close(j, '}');
	jw_key(j, "required");
	jw_open(j, '[');
	jw_str(j, "model");
	jw_close(j, ']');
	jw_close(j, '}');
	jw_key(j, "then");
	jw_open(j, '{');
	for (size_t i = 0; i < t->n; i++) {
		if (!required_for(&t->f[i], m))
			continue;
		if (!any) {
			jw_key(j, "required");
			jw_open(j, '[');
		}
		any = true;
		jw_str(j, t->f[i].key);
	}
	if (any)
		jw_close(j, ']');
	any = false;
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *r = row_for(t, i, m);

		if (!model_prop(t, i, m))
			continue;
		if (!any) {
			jw_key(j, "properties");
			jw_open(j, '{');
		}
		any = true;
		jw_key(j, t->f[i].key);
		if (!r) {
			jw_raw(j, "false");
		} else if (several_rows(t, i)) {
			value_schema(j, r, true);
		} else {
			jw_open(j, '{');
			jw_key(j, "required");
			jw_open(j, '[');
			for (size_t k = 0; k < r->sub->n; k++)
				if (required_for(&r->sub->f[k], m))
					jw_str(j, r->sub->f[k].key);
			jw_close(j, ']');
			jw_close(j, '}');
		}
	}
	if (any)
		jw_close(j, '}');
	jw_close(j, '}');
	jw_close(j, '}');
}

/* The members of an object's schema, into the object open in @j. */
static void object_members(struct jw *j, const struct ytable *t, const char *doc)
{
	bool any = false;

	jw_key(j, "type");
	jw_str(j, "object");
	jw_key(j, "description");
	jw_str(j, doc ? doc : t->doc);
	jw_key(j, "additionalProperties");
	jw_raw(j, "false");
	jw_key(j, "properties");
	jw_open(j, '{');
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *f = &t->f[i];

		if (!first_of_key(t, i))
			continue;
		jw_key(j, f->key);
		if (several_rows(t, i)) {
			/* a row per model: the model's rule below gives its shape */
			jw_open(j, '{');
			doc_keys(j, f);
			jw_close(j, '}');
			continue;
		}
		value_schema(j, f, true);
	}
	jw_close(j, '}');
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *f = &t->f[i];

		if (!first_of_key(t, i) || !required_always(t, f))
			continue;
		if (!any) {
			jw_key(j, "required");
			jw_open(j, '[');
		}
		any = true;
		jw_str(j, f->key);
	}
	if (any)
		jw_close(j, ']');
	any = false;
	for (unsigned int m = 0; t->by_model && m < IOT_IOMMU_NR_MODELS && !any; m++)
		any = model_has_rules(t, m);
	if (any || t->schema_extra) {
		jw_key(j, "allOf");
		jw_open(j, '[');
		for (unsigned int m = 0; t->by_model && m < IOT_IOMMU_NR_MODELS; m++)
			if (model_has_rules(t, m))
				model_rules(j, t, m);
		if (t->schema_extra)
			jw_raw(j, t->schema_extra);
		jw_close(j, ']');
	}
}

static void object_schema(struct jw *j, const struct ytable *t, const char *doc)
{
	jw_open(j, '{');
	object_members(j, t, doc);
	jw_close(j, '}');
}

static const struct {
	const char *name;
	const char *json;
} primitives[] = {
	{ "u8", "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 255}" },
	{ "u16", "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 65535}" },
	{ "u32", "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 4294967295}" },
	{ "u64", "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 18446744073709551615}" },
	{ "bool", "{\"type\": \"boolean\"}" },
	{ "name", "{\"type\": \"string\", \"minLength\": 1, \"maxLength\": 4096}" },
	{ "string", "{\"type\": \"string\", \"maxLength\": 4096}" },
	{ "dt-path", "{\"type\": \"string\", \"pattern\": \"^/\", \"maxLength\": 4096}" },
	{ "bdf", "{\"type\": \"string\", \"pattern\": "
		 "\"^[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\\\.[0-7]$\"}" },
	{ "pci-id", "{\"type\": \"string\", \"pattern\": \"^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$\"}" },
	{ "x86-ids", "{\"type\": \"string\", \"pattern\": \"^[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\\\."
		     "[0-7](-[0-9a-fA-F]{2}:[01][0-9a-fA-F]\\\\.[0-7])?$\"}" },
	{ "acs", "{\"type\": \"array\", \"uniqueItems\": true, \"items\": {\"enum\": [\"sv\", "
		 "\"tb\", \"rr\", \"cr\", \"uf\", \"ec\", \"dt\"]}}" },
	{ "irq", "{\"oneOf\": [{\"$ref\": \"#/definitions/u32\"}, {\"$ref\": "
		 "\"#/definitions/irq-mapping\"}]}" },
};

void iot_yaml_schema(struct iot_buf *b)
{
	struct jw j = { .b = b };

	jw_open(&j, '{');
	jw_key(&j, "$schema");
	jw_str(&j, "http://json-schema.org/draft-07/schema#");
	jw_key(&j, "$id");
	jw_str(&j, SCHEMA_ID);
	jw_key(&j, "title");
	jw_str(&j, "iotopo topology (format version 1)");
	object_members(&j, &yt_top, NULL);
	jw_key(&j, "definitions");
	jw_open(&j, '{');
	for (size_t i = 0; i < IOT_ARRAY_SIZE(primitives); i++) {
		jw_key(&j, primitives[i].name);
		jw_raw(&j, primitives[i].json);
	}
	for (size_t i = 0; i < n_ydefs; i++) {
		jw_key(&j, ydefs[i].name);
		object_schema(&j, ydefs[i].t, NULL);
	}
	jw_close(&j, '}');
	jw_close(&j, '}');
	iot_buf_addc(b, '\n');
}

/* ---- the man page's key lists ---- */

/*
 * Text for mdoc: one sentence per line (a sentence ends with ".  "), lines
 * wrapped near 78 columns, backslashes escaped, no line starting with a dot
 * or a quote.
 */
static void man_text(struct iot_buf *b, const char *s)
{
	size_t col = 0;

	while (*s) {
		size_t w = strcspn(s, " ");
		bool end = w && s[w - 1] == '.' && s[w] == ' ' && s[w + 1] == ' ';

		if (col && col + 1 + w > 78) {
			iot_buf_addc(b, '\n');
			col = 0;
		} else if (col) {
			iot_buf_addc(b, ' ');
			col++;
		}
		if (!col && (*s == '.' || *s == '\''))
			iot_buf_adds(b, "\\&");
		for (size_t k = 0; k < w; k++) {
			if (s[k] == '\\')
				iot_buf_adds(b, "\\e");
			else
				iot_buf_addc(b, s[k]);
		}
		col += w;
		s += w;
		while (*s == ' ')
			s++;
		if (end && *s) {
			iot_buf_addc(b, '\n');
			col = 0;
		}
	}
	iot_buf_addc(b, '\n');
}

/* "u8", "0\(en3": a number's range as the man page writes it */
static void man_range(struct iot_buf *b, const struct yfield *f)
{
	uint64_t max = yf_max(f);

	if (f->range_doc) {
		iot_buf_printf(b, ", %s", f->range_doc);
		return;
	}
	if (f->min == 0 &&
	    (max == 0xff || max == 0xffff || max == 0xffffffffu || max == UINT64_MAX))
		iot_buf_printf(b, ", u%d",
			       max == 0xff	  ? 8 :
			       max == 0xffff	  ? 16 :
			       max == 0xffffffffu ? 32 :
						    64);
	else if (max < 0x100)
		iot_buf_printf(b, ", %llu\\(en%llu", (unsigned long long)f->min,
			       (unsigned long long)max);
	else
		iot_buf_printf(b, ", %llu to 0x%llx", (unsigned long long)f->min,
			       (unsigned long long)max);
}

static void man_type(struct iot_buf *b, const struct ytable *t, const struct yfield *f)
{
	bool req = required_always(t, f);

	if (f->hooks && f->hooks->man_type) {
		iot_buf_adds(b, f->hooks->man_type);
		if (req && !strstr(f->hooks->man_type, "required"))
			iot_buf_adds(b, ", required");
		return;
	}
	switch (f->type) {
	case YT_UINT:
		iot_buf_adds(b, "number");
		man_range(b, f);
		break;
	case YT_BOOL:
		iot_buf_adds(b, "boolean");
		break;
	case YT_STR:
	case YT_ACPI_ID:
		iot_buf_adds(b, "string");
		break;
	case YT_WORD:
		iot_buf_adds(b, "word");
		break;
	case YT_REF:
		iot_buf_adds(b, "name");
		break;
	case YT_OBJ:
		iot_buf_adds(b, "mapping");
		break;
	case YT_LIST:
	case YT_HOOK:
		iot_buf_adds(b, "list");
		break;
	}
	if (req)
		iot_buf_adds(b, ", required");
}

/* "Only the SMMUv2 family.": the models an IOMMU key applies to */
static void man_models(struct iot_buf *b, unsigned int mask)
{
	static const struct {
		unsigned int mask;
		const char *text;
	} named[] = {
		{ YM_V3, "Only smmuv3." },
		{ YM_V2, "Only the SMMUv2 family." },
		{ YM_V3 | YM_V2, "Only the SMMU families." },
		{ YM_INTEL, "Only intel-vtd." },
		{ YM_AMD, "Only amd-vi." },
		{ YM_OTHER, "Only model other." },
		{ YM_ALL & ~YM_VPCI, "Not for virtio-iommu-pci." },
		{ YM_VPCI | YM_INTEL | YM_AMD, "Only virtio-iommu-pci, intel-vtd and amd-vi." },
	};

	for (size_t i = 0; i < IOT_ARRAY_SIZE(named); i++)
		if (named[i].mask == mask) {
			iot_buf_printf(b, "%s  ", named[i].text);
			return;
		}
	iot_buf_adds(b, "Only ");
	for (unsigned int m = 0, n = 0; m < IOT_IOMMU_NR_MODELS; m++)
		if (mask & YM(m))
			iot_buf_printf(b, "%s%s", n++ ? ", " : "", iot_iommu_model_names[m]);
	iot_buf_adds(b, ".  ");
}

/* Sections of their own: tables documented once, under a .Ss, and referred to. */
static const struct {
	const struct ytable *t;
	const char *title;
} man_sections[] = {
	{ &yt_top, "Top level" },
	{ &yt_machine, "machine" },
	{ &yt_kernel, "kernel" },
	{ &yt_msi_ctrl, "msi-controllers" },
	{ &yt_iommu, "iommus" },
	{ &yt_root, "pci-roots" },
	{ &yt_pci_dev, "PCI functions" },
	{ &yt_platdev, "platform-devices" },
	{ &yt_pmcg, "pmcgs" },
	{ &yt_rmr, "rmrs" },
	{ &yt_dmar, "dmar" },
	{ &yt_ivrs, "ivrs" },
};

static const char *own_section(const struct ytable *t)
{
	for (size_t i = 0; i < IOT_ARRAY_SIZE(man_sections); i++)
		if (man_sections[i].t == t)
			return man_sections[i].title;
	return NULL;
}

/* "  Default: 0." from the row's default in words, or its JSON literal */
static void man_default(struct iot_buf *d, const struct yfield *f)
{
	const char *v = f->defdoc ? f->defdoc : f->def;

	if (!v || !strcmp(v, "{}"))
		return;
	if (!strcmp(v, "[]"))
		v = "empty";
	if (v[0] == '"')
		iot_buf_printf(d, "  Default: %.*s.", (int)strlen(v) - 2, v + 1);
	else
		iot_buf_printf(d, "  Default: %s.", v);
}

static void man_rows(struct iot_buf *b, const struct ytable *t, int depth)
{
	iot_buf_adds(b, ".Bl -tag -width Ds\n");
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *f = &t->f[i];
		struct iot_buf d;

		iot_buf_printf(b, ".It Ic %s Pq ", f->key);
		man_type(b, t, f);
		iot_buf_addc(b, '\n');
		iot_buf_init(&d);
		if (t->by_model && f->models)
			man_models(&d, f->models);
		iot_buf_adds(&d, f->doc ? f->doc : "");
		if (!strstr(f->doc ? f->doc : "", "Default"))
			man_default(&d, f);
		man_text(b, iot_buf_str(&d));
		iot_buf_free(&d);
		if (f->sub && own_section(f->sub) && depth) {
			iot_buf_printf(b, "See\n.Sx %s .\n", own_section(f->sub));
		} else if (f->sub && !own_section(f->sub) && depth < 4) {
			iot_buf_adds(b, f->type == YT_OBJ ? "Keys:\n" : "Each item:\n");
			man_rows(b, f->sub, depth + 1);
		}
	}
	iot_buf_adds(b, ".El\n");
}

void iot_yaml_man(struct iot_buf *b)
{
	for (size_t i = 0; i < IOT_ARRAY_SIZE(man_sections); i++) {
		const struct ytable *t = man_sections[i].t;

		iot_buf_printf(b, ".Ss %s\n", man_sections[i].title);
		/* the page's description says what the top level is */
		if (t != &yt_top)
			man_text(b, t->doc);
		man_rows(b, t, 1);
	}
}
