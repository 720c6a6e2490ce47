// SPDX-License-Identifier: MIT
#include "yaml/ytree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/mem.h"
#include "yaml/yaml.h"

struct tparse {
	const char *file;
	struct iot_diags *d;
	yaml_parser_t p;
	size_t nodes;
	bool failed;
};

void ytree_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		ytree_free(n->kids[i]);
	free(n->kids);
	free(n->s);
	free(n);
}

static void terr(struct tparse *tp, unsigned int line, unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void terr(struct tparse *tp, unsigned int line, unsigned int col, const char *fmt, ...)
{
	struct iot_loc loc = iot_loc_text(tp->file, line, col);
	va_list ap;

	if (tp->failed)
		return;
	tp->failed = true;
	va_start(ap, fmt);
	iot_vdiag(tp->d, IOT_SEV_ERROR, &loc, NULL, fmt, ap);
	va_end(ap);
}

static void syntax_error(struct tparse *tp)
{
	const yaml_parser_t *p = &tp->p;

	if (p->error == YAML_MEMORY_ERROR) {
		terr(tp, 1, 1, "out of memory while parsing YAML");
		return;
	}
	if (p->context)
		terr(tp, (unsigned int)p->problem_mark.line + 1,
		     (unsigned int)p->problem_mark.column + 1, "YAML syntax: %s %s (line %u)",
		     p->problem ? p->problem : "error", p->context,
		     (unsigned int)p->context_mark.line + 1);
	else
		terr(tp, (unsigned int)p->problem_mark.line + 1,
		     (unsigned int)p->problem_mark.column + 1, "YAML syntax: %s",
		     p->problem ? p->problem : "error");
}

static bool next_event(struct tparse *tp, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&tp->p, ev)) {
		syntax_error(tp);
		return false;
	}
	return true;
}

static struct ynode *new_node(struct tparse *tp, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *n;

	if (++tp->nodes > IOT_YAML_MAX_NODES) {
		terr(tp, (unsigned int)m->line + 1, (unsigned int)m->column + 1,
		     "more than %u YAML nodes (limit)", IOT_YAML_MAX_NODES);
		return NULL;
	}
	n = iot_xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->line = (unsigned int)m->line + 1;
	n->col = (unsigned int)m->column + 1;
	return n;
}

static void add_kid(struct ynode *parent, struct ynode *kid)
{
	iot_grow((void **)&parent->kids, &parent->cap, parent->n + 1, sizeof(*parent->kids));
	parent->kids[parent->n++] = kid;
}

/* Reject what the format does not use and what could multiply work. */
static bool check_node_event(struct tparse *tp, const yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	const yaml_char_t *tag = NULL;

	if (ev->type == YAML_ALIAS_EVENT) {
		terr(tp, (unsigned int)m->line + 1, (unsigned int)m->column + 1,
		     "YAML aliases (*name) are not supported; repeat the value");
		return false;
	}
	if (ev->type == YAML_SCALAR_EVENT)
		tag = ev->data.scalar.tag;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		tag = ev->data.sequence_start.tag;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		tag = ev->data.mapping_start.tag;
	if (tag) {
		terr(tp, (unsigned int)m->line + 1, (unsigned int)m->column + 1,
		     "YAML tags (!tag) are not supported");
		return false;
	}
	return true;
}

/* Build the node that starts with @ev (consumed by the caller). */
static struct ynode *build(struct tparse *tp, yaml_event_t *ev, unsigned int depth)
{
	enum yaml_event_type_e end;
	struct ynode *n;

	if (!check_node_event(tp, ev))
		return NULL;
	if (ev->type == YAML_SCALAR_EVENT) {
		n = new_node(tp, YN_SCALAR, &ev->start_mark);
		if (!n)
			return NULL;
		n->len = ev->data.scalar.length;
		n->s = iot_xmalloc(n->len + 1);
		memcpy(n->s, ev->data.scalar.value, n->len);
		n->s[n->len] = '\0';
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return n;
	}
	if (ev->type == YAML_SEQUENCE_START_EVENT) {
		n = new_node(tp, YN_SEQ, &ev->start_mark);
		end = YAML_SEQUENCE_END_EVENT;
	} else if (ev->type == YAML_MAPPING_START_EVENT) {
		n = new_node(tp, YN_MAP, &ev->start_mark);
		end = YAML_MAPPING_END_EVENT;
	} else {
		terr(tp, (unsigned int)ev->start_mark.line + 1,
		     (unsigned int)ev->start_mark.column + 1, "unexpected YAML event");
		return NULL;
	}
	if (!n)
		return NULL;
	if (depth >= IOT_YAML_MAX_DEPTH) {
		terr(tp, n->line, n->col, "nesting deeper than %u levels (limit)",
		     IOT_YAML_MAX_DEPTH);
		ytree_free(n);
		return NULL;
	}
	for (;;) {
		yaml_event_t kev;
		struct ynode *kid;

		if (!next_event(tp, &kev))
			goto fail;
		if (kev.type == end) {
			yaml_event_delete(&kev);
			return n;
		}
		if (n->kind == YN_MAP && n->n % 2 == 0 && kev.type != YAML_SCALAR_EVENT &&
		    kev.type != YAML_ALIAS_EVENT) {
			terr(tp, (unsigned int)kev.start_mark.line + 1,
			     (unsigned int)kev.start_mark.column + 1,
			     "mapping keys must be plain words, not collections");
			yaml_event_delete(&kev);
			goto fail;
		}
		kid = build(tp, &kev, depth + 1);
		yaml_event_delete(&kev);
		if (!kid)
			goto fail;
		add_kid(n, kid);
	}
fail:
	ytree_free(n);
	return NULL;
}

/*
 * Reject what is not text before libyaml sees it, so the error names the
 * exact line and column (libyaml reports reader errors by offset only).
 */
static bool check_text(struct tparse *tp, const uint8_t *s, size_t len)
{
	unsigned int line = 1, col = 1;
	size_t i = 0;

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3; /* UTF-8 byte order mark */
	while (i < len) {
		uint8_t c = s[i];
		size_t need = 0;
		uint32_t cp;

		if (c == '\n') {
			line++;
			col = 1;
			i++;
			continue;
		}
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
				terr(tp, line, col, "control character 0x%02x in YAML text", c);
				return false;
			}
			i++;
			col++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			terr(tp, line, col,
			     "invalid UTF-8 (byte 0x%02x does not start a character)", c);
			return false;
		}
		for (size_t k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80) {
				terr(tp, line, col,
				     "invalid UTF-8 (byte 0x%02x does not start a "
				     "complete character)",
				     c);
				return false;
			}
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
			terr(tp, line, col, "invalid UTF-8 (overlong or out-of-range sequence)");
			return false;
		}
		i += need + 1;
		col++;
	}
	return true;
}

static bool only_blank(const uint8_t *s, size_t len)
{
	bool comment = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			comment = false;
		else if (s[i] == '#')
			comment = true;
		else if (!comment && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	}
	return true;
}

struct ynode *ytree_parse(const char *file, const uint8_t *data, size_t len, struct iot_diags *d)
{
	struct tparse tp = { .file = file, .d = d };
	struct ynode *root = NULL;
	yaml_event_t ev;

	if (len > IOT_YAML_MAX_INPUT) {
		terr(&tp, 1, 1, "file of %zu bytes is larger than the %u-byte limit for YAML", len,
		     IOT_YAML_MAX_INPUT);
		return NULL;
	}
	if (memchr(data, 0, len)) {
		terr(&tp, 1, 1, "binary file (NUL byte at offset 0x%zx), not YAML text",
		     (size_t)((const uint8_t *)memchr(data, 0, len) - data));
		return NULL;
	}
	if (!check_text(&tp, data, len))
		return NULL;
	if (only_blank(data, len)) {
		terr(&tp, 1, 1,
		     "empty file: expected a topology mapping starting with 'iotopo: 1'");
		return NULL;
	}
	if (!yaml_parser_initialize(&tp.p)) {
		terr(&tp, 1, 1, "out of memory while parsing YAML");
		return NULL;
	}
	/* libyaml keeps a BOM as text when told the encoding; columns count without it */
	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
		data += 3;
		len -= 3;
	}
	yaml_parser_set_input_string(&tp.p, data, len);
	yaml_parser_set_encoding(&tp.p, YAML_UTF8_ENCODING);
	/* STREAM-START, DOCUMENT-START */
	for (int i = 0; i < 2; i++) {
		if (!next_event(&tp, &ev))
			goto out;
		if (ev.type == YAML_STREAM_END_EVENT) {
			terr(&tp, 1, 1, "empty file: expected a topology mapping");
			yaml_event_delete(&ev);
			goto out;
		}
		yaml_event_delete(&ev);
	}
	if (!next_event(&tp, &ev))
		goto out;
	root = build(&tp, &ev, 0);
	yaml_event_delete(&ev);
	if (!root)
		goto out;
	/* DOCUMENT-END, then the stream must end */
	if (!next_event(&tp, &ev))
		goto fail;
	yaml_event_delete(&ev);
	if (!next_event(&tp, &ev))
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		terr(&tp, (unsigned int)ev.start_mark.line + 1,
		     (unsigned int)ev.start_mark.column + 1,
		     "a second YAML document; one file holds one topology");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	goto out;
fail:
	ytree_free(root);
	root = NULL;
out:
	yaml_parser_delete(&tp.p);
	return root;
}
