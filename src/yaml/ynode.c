// SPDX-License-Identifier: MIT
#include "yaml/ynode.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/mem.h"
#include "yaml/yaml.h"

struct tparse {
	const char *file;
	struct iot_diags *d; /* NULL: a streaming attempt, which reports nothing */
	yaml_parser_t p;
	struct ydoc *doc;
	bool failed;
	unsigned int base; /* depth of the node being built (streaming: below the top) */
	size_t nodes; /* nodes built so far, over every doc */
};

void ydoc_free(struct ydoc *doc)
{
	free(doc->v);
	free(doc->text);
	free(doc->lines);
	memset(doc, 0, sizeof(*doc));
}

struct ypos ydoc_pos(const struct ydoc *doc, const struct ynode *n)
{
	size_t lo = 0, hi = doc->n_lines;
	struct ypos p;

	/* the document is read in order: the line of the last lookup, or the next, most often */
	if (doc->hint < doc->n_lines && doc->lines[doc->hint] <= n->mark) {
		size_t h = doc->hint;

		while (h + 1 < doc->n_lines && doc->lines[h + 1] <= n->mark && h - doc->hint < 4)
			h++;
		if (h + 1 == doc->n_lines || doc->lines[h + 1] > n->mark) {
			((struct ydoc *)doc)->hint = h;
			p.line = (unsigned int)h + 1;
			p.col = n->mark - doc->lines[h] + 1;
			return p;
		}
	}

	/* the last line starting at or before the mark */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (doc->lines[mid] <= n->mark)
			lo = mid;
		else
			hi = mid;
	}
	((struct ydoc *)doc)->hint = lo;
	p.line = (unsigned int)lo + 1;
	p.col = n->mark - (doc->n_lines ? doc->lines[lo] : 0) + 1;
	return p;
}

const struct ynode *yseq_item(const struct ynode *seq, size_t i)
{
	size_t k = 0;

	YSEQ_FOR(it, seq)
	{
		if (k++ == i)
			return it;
	}
	return NULL;
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
	if (!tp->d)
		return;
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

static inline bool next_event(struct tparse *tp, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&tp->p, ev)) {
		syntax_error(tp);
		return false;
	}
	return true;
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

/* Append a node for @ev (a scalar or a collection start); its index, or -1. */
static long add_node(struct tparse *tp, const yaml_event_t *ev, enum ynode_kind kind)
{
	struct ydoc *doc = tp->doc;
	struct ynode *n;

	if (tp->nodes >= IOT_YAML_MAX_NODES) {
		terr(tp, (unsigned int)ev->start_mark.line + 1,
		     (unsigned int)ev->start_mark.column + 1, "more than %u YAML nodes (limit)",
		     IOT_YAML_MAX_NODES);
		return -1;
	}
	if (doc->n == doc->cap) {
		doc->cap = doc->cap ? 2 * doc->cap : 1024;
		doc->v = iot_xrealloc(doc->v, doc->cap * sizeof(*doc->v));
	}
	n = &doc->v[doc->n];
	memset(n, 0, sizeof(*n));
	n->kind = (uint8_t)kind;
	n->mark = (uint32_t)ev->start_mark.index;
	n->size = 1;
	if (kind == YN_SCALAR) {
		size_t len = ev->data.scalar.length;

		if (doc->tlen + len + 1 > doc->tcap) {
			while (doc->tlen + len + 1 > doc->tcap)
				doc->tcap = doc->tcap ? 2 * doc->tcap : 65536;
			doc->text = iot_xrealloc(doc->text, doc->tcap);
		}
		memcpy(doc->text + doc->tlen, ev->data.scalar.value, len);
		doc->text[doc->tlen + len] = '\0';
		/* the offset for now: the text may still move (see finish()) */
		n->s = (const char *)(uintptr_t)doc->tlen;
		n->len = (uint32_t)len;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		doc->tlen += len + 1;
	}
	tp->nodes++;
	return (long)doc->n++;
}

/*
 * The common event: an untagged scalar inside a collection, when the node
 * and its text fit without growing.  False (nothing done) otherwise: the
 * general path (add_node) then grows, checks and reports.
 */
static inline bool add_scalar_fast(struct tparse *tp, struct ydoc *doc, const yaml_event_t *ev)
{
	size_t len = ev->data.scalar.length;
	struct ynode *n;

	if (tp->nodes >= IOT_YAML_MAX_NODES || doc->n == doc->cap ||
	    doc->tlen + len + 1 > doc->tcap)
		return false;
	n = &doc->v[doc->n++];
	/* the offset for now: the text may still move (see finish()) */
	*n = (struct ynode){ .kind = YN_SCALAR,
			     .plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE,
			     .mark = (uint32_t)ev->start_mark.index,
			     .len = (uint32_t)len,
			     .size = 1,
			     .s = (const char *)(uintptr_t)doc->tlen };
	memcpy(doc->text + doc->tlen, ev->data.scalar.value, len);
	doc->text[doc->tlen + len] = '\0';
	doc->tlen += len + 1;
	tp->nodes++;
	return true;
}

/* Scalars' text offsets become pointers (from node @from on), now that nothing moves any more. */
static void finish_from(struct ydoc *doc, size_t from)
{
	for (size_t i = from; i < doc->n; i++) {
		struct ynode *n = &doc->v[i];

		n->s = n->kind == YN_SCALAR ? doc->text + (uintptr_t)n->s : "";
	}
}

/*
 * The document's root node and everything below it, from @ev on (consumed
 * by the caller): an explicit stack of the open collections, so a hostile
 * nesting costs no C stack.
 */
static bool build(struct tparse *tp, yaml_event_t *ev)
{
	uint32_t open[IOT_YAML_MAX_DEPTH + 1];
	unsigned int depth = 0;
	struct ydoc *doc = tp->doc;
	yaml_event_t kev;
	bool own = false; /* kev must be deleted */

	for (;;) {
		const yaml_event_t *e = own ? &kev : ev;
		struct ynode *parent = depth ? &doc->v[open[depth - 1]] : NULL;
		long ix;

		if (e->type == YAML_SCALAR_EVENT && parent && !e->data.scalar.tag &&
		    add_scalar_fast(tp, doc, e)) {
			/* what the general path below does for it, checks included */
			parent->n++;
		} else if (e->type == YAML_SEQUENCE_END_EVENT ||
			   e->type == YAML_MAPPING_END_EVENT) {
			struct ynode *c = &doc->v[open[--depth]];

			c->size = (uint32_t)(doc->n - open[depth]);
			if (!depth)
				goto done;
		} else {
			if (parent && parent->kind == YN_MAP && parent->n % 2 == 0 &&
			    e->type != YAML_SCALAR_EVENT && e->type != YAML_ALIAS_EVENT) {
				terr(tp, (unsigned int)e->start_mark.line + 1,
				     (unsigned int)e->start_mark.column + 1,
				     "mapping keys must be plain words, not collections");
				goto fail;
			}
			if (!check_node_event(tp, e))
				goto fail;
			if (e->type == YAML_SCALAR_EVENT) {
				ix = add_node(tp, e, YN_SCALAR);
			} else if (e->type == YAML_SEQUENCE_START_EVENT ||
				   e->type == YAML_MAPPING_START_EVENT) {
				if (tp->base + depth >= IOT_YAML_MAX_DEPTH) {
					terr(tp, (unsigned int)e->start_mark.line + 1,
					     (unsigned int)e->start_mark.column + 1,
					     "nesting deeper than %u levels (limit)",
					     IOT_YAML_MAX_DEPTH);
					goto fail;
				}
				ix = add_node(tp, e,
					      e->type == YAML_SEQUENCE_START_EVENT ? YN_SEQ :
										     YN_MAP);
			} else {
				terr(tp, (unsigned int)e->start_mark.line + 1,
				     (unsigned int)e->start_mark.column + 1,
				     "unexpected YAML event");
				goto fail;
			}
			if (ix < 0)
				goto fail;
			if (depth)
				doc->v[open[depth - 1]].n++;
			if (doc->v[ix].kind != YN_SCALAR)
				open[depth++] = (uint32_t)ix;
			else if (!depth)
				goto done;
		}
		if (own)
			yaml_event_delete(&kev);
		own = false;
		if (!next_event(tp, &kev))
			return false;
		own = true;
	}
done:
	if (own)
		yaml_event_delete(&kev);
	return true;
fail:
	if (own)
		yaml_event_delete(&kev);
	return false;
}

/*
 * Reject what is not text before libyaml sees it, so the error names the
 * exact line and column (libyaml reports reader errors by offset only).
 */
/* A line starts at character @ci (libyaml counts marks in characters). */
static void line_start(struct ydoc *doc, uint32_t ci)
{
	if (doc->n_lines == doc->cap_lines) {
		doc->cap_lines = doc->cap_lines ? 2 * doc->cap_lines : 1024;
		doc->lines = iot_xrealloc(doc->lines, doc->cap_lines * sizeof(*doc->lines));
	}
	doc->lines[doc->n_lines++] = ci;
}

static bool check_text(struct tparse *tp, const uint8_t *s, size_t len)
{
	unsigned int line = 1, col = 1;
	uint32_t ci = 0; /* characters so far, as libyaml's marks count them */
	size_t i = 0;

	line_start(tp->doc, 0);

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		i = 3; /* UTF-8 byte order mark */
	while (i < len) {
		uint8_t c = s[i];
		size_t need = 0;
		uint32_t cp;

		/* the common case: eight bytes of printable ASCII at a time */
		if (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!(((w - 0x2020202020202020ull) | (w + 0x0101010101010101ull) | w) &
			      0x8080808080808080ull)) {
				i += 8;
				col += 8;
				ci += 8;
				continue;
			}
		}
		if (c >= 0x20 && c < 0x7f) {
			i++;
			col++;
			ci++;
			continue;
		}

		if (c == '\n') {
			line++;
			col = 1;
			i++;
			line_start(tp->doc, ++ci);
			continue;
		}
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
				terr(tp, line, col, "control character 0x%02x in YAML text", c);
				return false;
			}
			/* a CR alone breaks a line for libyaml (a CR LF is one break, at the LF) */
			if (c == '\r' && (i + 1 >= len || s[i + 1] != '\n'))
				line_start(tp->doc, ci + 1);
			i++;
			col++;
			ci++;
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
		ci++;
		/* NEL, LS and PS are line breaks to libyaml (yaml_private.h IS_BREAK) */
		if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
			line_start(tp->doc, ci);
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

const struct ynode *ydoc_parse(struct ydoc *doc, const char *file, const uint8_t *data, size_t len,
			       struct iot_diags *d)
{
	struct tparse tp = { .file = file, .d = d, .doc = doc };
	const struct ynode *root = NULL;
	yaml_event_t ev;
	bool ok;

	memset(doc, 0, sizeof(*doc));
	if (len > IOT_YAML_MAX_INPUT) {
		terr(&tp, 1, 1, "file of %zu bytes is larger than the %u-byte limit for YAML", len,
		     IOT_YAML_MAX_INPUT);
		goto early;
	}
	if (memchr(data, 0, len)) {
		terr(&tp, 1, 1, "binary file (NUL byte at offset 0x%zx), not YAML text",
		     (size_t)((const uint8_t *)memchr(data, 0, len) - data));
		goto early;
	}
	if (!check_text(&tp, data, len))
		goto early;
	if (only_blank(data, len)) {
		terr(&tp, 1, 1,
		     "empty file: expected a topology mapping starting with 'iotopo: 1'");
		goto early;
	}
	if (!yaml_parser_initialize(&tp.p)) {
		terr(&tp, 1, 1, "out of memory while parsing YAML");
		goto early;
	}
	/* libyaml keeps a BOM as text when told the encoding; columns count without it */
	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
		data += 3;
		len -= 3;
	}
	/*
	 * Room for the usual density of a topology (a node per 6 bytes, the text
	 * about the input's size) so that growing rarely copies; pages not used
	 * are never touched.
	 */
	doc->cap = len / 6 + 64;
	doc->v = iot_xmalloc(doc->cap * sizeof(*doc->v));
	doc->tcap = len + 64;
	doc->text = iot_xmalloc(doc->tcap);
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
	ok = build(&tp, &ev);
	yaml_event_delete(&ev);
	if (!ok)
		goto out;
	/* DOCUMENT-END, then the stream must end */
	if (!next_event(&tp, &ev))
		goto out;
	yaml_event_delete(&ev);
	if (!next_event(&tp, &ev))
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		terr(&tp, (unsigned int)ev.start_mark.line + 1,
		     (unsigned int)ev.start_mark.column + 1,
		     "a second YAML document; one file holds one topology");
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	finish_from(doc, 0);
	root = doc->v;
out:
	yaml_parser_delete(&tp.p);
	if (!root)
		ydoc_free(doc);
	return root;
early:
	ydoc_free(doc);
	return NULL;
}

/* ---- streaming: the top mapping's values one at a time ---- */

/*
 * The checks ydoc_parse() makes before libyaml sees the text, and the
 * parser positioned inside the top mapping.  False (nothing reported) when
 * anything is off: the caller then reads the document with ydoc_parse(),
 * which reports it.
 */
bool ystream_open(struct ystream *s, struct ydoc *doc, const char *file, const uint8_t *data,
		  size_t len)
{
	struct tparse *tp;
	yaml_event_t ev;
	bool ok;

	memset(s, 0, sizeof(*s));
	memset(doc, 0, sizeof(*doc));
	s->tp = iot_xcalloc(1, sizeof(*s->tp));
	tp = s->tp;
	tp->file = file;
	tp->doc = doc;
	if (len > IOT_YAML_MAX_INPUT || memchr(data, 0, len) || !check_text(tp, data, len) ||
	    only_blank(data, len) || !yaml_parser_initialize(&tp->p))
		goto fail_early;
	s->parser_open = true;
	if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
		data += 3;
		len -= 3;
	}
	yaml_parser_set_input_string(&tp->p, data, len);
	yaml_parser_set_encoding(&tp->p, YAML_UTF8_ENCODING);
	for (int i = 0; i < 3; i++) {
		if (!next_event(tp, &ev))
			return false;
		ok = i < 2 ? ev.type != YAML_STREAM_END_EVENT :
			     ev.type == YAML_MAPPING_START_EVENT && check_node_event(tp, &ev);
		yaml_event_delete(&ev);
		if (!ok)
			return false;
	}
	tp->base = 1;
	return true;
fail_early:
	return false;
}

void ystream_close(struct ystream *s)
{
	if (s->tp && s->parser_open)
		yaml_parser_delete(&s->tp->p);
	free(s->tp);
	memset(s, 0, sizeof(*s));
}

/* One node from @ev on into @doc; the new nodes' text offsets made pointers. */
static const struct ynode *stream_build(struct ystream *s, struct ydoc *doc, yaml_event_t *ev,
					unsigned int base)
{
	struct tparse *tp = s->tp;
	size_t from = doc->n;
	bool ok;

	tp->doc = doc;
	tp->base = base;
	ok = build(tp, ev);
	yaml_event_delete(ev);
	if (!ok)
		return NULL;
	finish_from(doc, from);
	return &doc->v[from];
}

int ystream_key(struct ystream *s, struct ydoc *doc, const struct ynode **key)
{
	yaml_event_t ev;

	if (!next_event(s->tp, &ev))
		return -1;
	if (ev.type == YAML_MAPPING_END_EVENT) {
		int rc = -1;

		yaml_event_delete(&ev);
		/* DOCUMENT-END, STREAM-END */
		if (next_event(s->tp, &ev)) {
			bool doc_end = ev.type == YAML_DOCUMENT_END_EVENT;

			yaml_event_delete(&ev);
			if (doc_end && next_event(s->tp, &ev)) {
				rc = ev.type == YAML_STREAM_END_EVENT ? 0 : -1;
				yaml_event_delete(&ev);
			}
		}
		return rc;
	}
	if (ev.type != YAML_SCALAR_EVENT) {
		yaml_event_delete(&ev);
		return -1;
	}
	*key = stream_build(s, doc, &ev, 1);
	return *key ? 1 : -1;
}

const struct ynode *ystream_value(struct ystream *s, struct ydoc *doc)
{
	yaml_event_t ev;

	if (!next_event(s->tp, &ev))
		return NULL;
	return stream_build(s, doc, &ev, 1);
}

bool ystream_seq_open(struct ystream *s)
{
	yaml_event_t ev;
	bool ok;

	if (!next_event(s->tp, &ev))
		return false;
	ok = ev.type == YAML_SEQUENCE_START_EVENT && check_node_event(s->tp, &ev);
	yaml_event_delete(&ev);
	return ok;
}

int ystream_seq_item(struct ystream *s, struct ydoc *doc, const struct ynode **item)
{
	yaml_event_t ev;

	if (!next_event(s->tp, &ev))
		return -1;
	if (ev.type == YAML_SEQUENCE_END_EVENT) {
		yaml_event_delete(&ev);
		return 0;
	}
	*item = stream_build(s, doc, &ev, 2);
	return *item ? 1 : -1;
}

void ydoc_reset(struct ydoc *doc)
{
	doc->n = 0;
	doc->tlen = 0;
}
