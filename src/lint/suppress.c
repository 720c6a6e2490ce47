// SPDX-License-Identifier: MIT
/*
 * Which object a finding is about, and whether the user said to drop it.
 *
 * A finding's object is the model object (IOMMU, ITS, root, device, PMCG,
 * RMR) whose description holds the finding's location: the nearest object
 * that starts at or before it in the same file (a DT node, a YAML mapping,
 * an IORT node all enclose what follows them up to the next object).
 *
 * Suppressions, the way linters do it:
 *   - RULE@OBJECT on the command line (--suppress) or in a suppressions
 *     file (--suppressions FILE: one per line, "- " optional, '#' comments,
 *     so a YAML list works).  OBJECT matches the object's name, DT path,
 *     DT label (with or without '&') or ACPI path, with shell wildcards;
 *     RULE may be '*'.  A spec that suppresses nothing gets a note, so a
 *     stale list shows.
 *   - inline, in YAML and DTS sources: a comment "iotopo-lint:
 *     disable=RULE[,RULE...]" (or "disable" for every rule) at the end of
 *     the line of an object or a property, or alone on the line before it
 *     (as shellcheck's directives and clang-tidy's NOLINT and
 *     NOLINTNEXTLINE), suppresses those rules' findings there: at that line,
 *     or about the object declared there.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/rules.h"
#include "util/ssort.h"
#include "util/file.h"
#include "util/mem.h"

/* ---- objects ---- */

struct lint_obj {
	const struct iot_loc *loc;
	const char *kind;
	const char *name, *dt_path, *dt_label, *acpi_path;
};

struct iot_lint_objects {
	const struct iot_topology *t;
	bool built; /* the index is built on the first lookup: most runs need none */
	struct lint_obj *v;
	size_t n, cap;
};

static void add_obj(struct iot_lint_objects *o, const struct iot_loc *loc, const char *kind,
		    const char *name, const char *dt_path, const char *dt_label,
		    const char *acpi_path)
{
	if (!loc->file || (!loc->has_offset && !loc->line))
		return;
	iot_grow((void **)&o->v, &o->cap, o->n + 1, sizeof(*o->v));
	o->v[o->n++] = (struct lint_obj){ loc, kind, name, dt_path, dt_label, acpi_path };
}

/* Order: file name, then byte offset or line:col. */
static int cmp_loc(const struct iot_loc *a, const struct iot_loc *b)
{
	int c = a->file == b->file ? 0 : strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->has_offset != b->has_offset)
		return a->has_offset ? 1 : -1;
	if (a->has_offset)
		return a->offset < b->offset ? -1 : a->offset > b->offset;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static inline bool obj_before(const struct lint_obj *a, const struct lint_obj *b)
{
	return cmp_loc(a->loc, b->loc) < 0;
}
IOT_SSORT_DEFINE(sort_objs, struct lint_obj, obj_before)

struct iot_lint_objects *iot_lint_objects_new(const struct iot_topology *t)
{
	struct iot_lint_objects *o = iot_xcalloc(1, sizeof(*o));

	o->t = t;
	return o;
}

static void build(struct iot_lint_objects *o)
{
	const struct iot_topology *t = o->t;

	o->built = true;
	/* room for every object at once: one allocation, not one per doubling */
	iot_grow((void **)&o->v, &o->cap,
		 t->n_iommus + t->n_msis + t->n_roots + t->n_platdevs + t->n_pmcgs + t->n_rmrs + 1,
		 sizeof(*o->v));
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		add_obj(o, &u->loc, "iommu", u->name, u->dt_path, u->dt_label, NULL);
	}
	for (size_t i = 0; i < t->n_msis; i++) {
		const struct iot_msi *m = &t->msis[i];

		add_obj(o, &m->loc, "msi-controller", m->name, m->dt_path, m->dt_label, NULL);
	}
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		add_obj(o, &r->loc, "pci-root", r->name, r->dt_path, r->dt_label, r->acpi_path);
	}
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		add_obj(o, &p->loc, "platform-device", p->name, p->dt_path, p->dt_label,
			p->acpi_path);
	}
	for (size_t i = 0; i < t->n_pmcgs; i++)
		add_obj(o, &t->pmcgs[i].loc, "pmcg", t->pmcgs[i].name, NULL, NULL, NULL);
	for (size_t i = 0; i < t->n_rmrs; i++)
		add_obj(o, &t->rmrs[i].loc, "rmr", t->rmrs[i].name, NULL, NULL, NULL);
	sort_objs(o->v, o->n);
}

void iot_lint_objects_free(struct iot_lint_objects *o)
{
	if (!o)
		return;
	free(o->v);
	free(o);
}

/* The object whose description holds @loc: the last one starting at or before it. */
static const struct lint_obj *object_at(const struct iot_lint_objects *co,
					const struct iot_loc *loc)
{
	struct iot_lint_objects *o = (struct iot_lint_objects *)co; /* a cache */
	size_t lo = 0, hi;

	if (!o || !loc || !loc->file || (!loc->has_offset && !loc->line))
		return NULL;
	if (!o->built)
		build(o);
	hi = o->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_loc(o->v[mid].loc, loc) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || strcmp(o->v[lo - 1].loc->file, loc->file) ||
	    o->v[lo - 1].loc->has_offset != loc->has_offset)
		return NULL;
	return &o->v[lo - 1];
}

const char *iot_lint_object_name(const struct iot_lint_objects *o, const struct iot_loc *loc)
{
	const struct lint_obj *x = object_at(o, loc);

	return x ? x->name : NULL;
}

/* ---- suppression specs ---- */

struct iot_lint_suppress {
	char *rule; /* a rule name, or "*" */
	char *object; /* a glob, or NULL: everywhere */
	char *origin; /* "--suppress" or "FILE:LINE", for the unused note */
	size_t used;
};

int iot_lint_suppress_add(struct iot_lint_config *c, const char *spec, const char *origin)
{
	const char *at = strchr(spec, '@');
	size_t rl = at ? (size_t)(at - spec) : strlen(spec);
	struct iot_lint_suppress *s;
	char *rule = iot_xmalloc(rl + 1);

	memcpy(rule, spec, rl);
	rule[rl] = 0;
	if (strcmp(rule, "*") && iot_lint_rule_find(rule) < 0) {
		free(rule);
		return -1;
	}
	if (at && !at[1]) {
		free(rule);
		return -1;
	}
	iot_grow((void **)&c->sup, &c->cap_sup, c->n_sup + 1, sizeof(*c->sup));
	s = &c->sup[c->n_sup++];
	s->rule = rule;
	s->object = at ? iot_strdup(at + 1) : NULL;
	s->origin = iot_strdup(origin);
	s->used = 0;
	return 0;
}

int iot_lint_suppress_file(struct iot_lint_config *c, const char *path, struct iot_diags *d)
{
	uint8_t *data;
	size_t len, lineno = 0;
	char *text, *save = NULL;
	int rc = 0;

	if (iot_read_file(path, &data, &len, d) < 0)
		return -1;
	text = iot_xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = 0;
	free(data);
	for (char *line = text; line && rc == 0; line = save) {
		char *nl = strchr(line, '\n'), *p = line, *e, *origin;
		struct iot_loc loc;

		save = nl ? nl + 1 : NULL;
		if (nl)
			*nl = 0;
		lineno++;
		if (strchr(p, '#'))
			*strchr(p, '#') = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (p[0] == '-' && (p[1] == ' ' || p[1] == '\t'))
			for (p++; *p == ' ' || *p == '\t'; p++)
				;
		if (*p == '"' || *p == '\'') /* a quoted YAML scalar */
			p++;
		for (e = p + strlen(p); e > p && strchr(" \t\r\"'", e[-1]); e--)
			;
		*e = 0;
		if (!*p)
			continue;
		origin = iot_asprintf("%s:%zu", path, lineno);
		loc = iot_loc_text(path, (unsigned int)lineno, (unsigned int)(p - line) + 1);
		if (iot_lint_suppress_add(c, p, origin) < 0) {
			iot_error(d, &loc,
				  "'%s' is not RULE, RULE@OBJECT or *@OBJECT with a rule "
				  "'iotopo lint --list-rules' lists",
				  p);
			rc = -1;
		}
		free(origin);
	}
	free(text);
	return rc;
}

void iot_lint_suppress_free(struct iot_lint_config *c)
{
	for (size_t i = 0; i < c->n_sup; i++) {
		free(c->sup[i].rule);
		free(c->sup[i].object);
		free(c->sup[i].origin);
	}
	free(c->sup);
	c->sup = NULL;
	c->n_sup = c->cap_sup = 0;
}

static bool glob(const char *pat, const char *s)
{
	return s && !fnmatch(pat, s, 0);
}

static bool matches_object(const char *pat, const struct lint_obj *x)
{
	if (!x)
		return false;
	if (pat[0] == '&')
		return glob(pat + 1, x->dt_label);
	return glob(pat, x->name) || glob(pat, x->dt_path) || glob(pat, x->dt_label) ||
	       glob(pat, x->acpi_path);
}

/* ---- inline comments: "iotopo-lint: disable=RULE,RULE" in YAML and DTS ---- */

struct directive {
	unsigned int line;
	char *rules; /* comma-separated, or NULL for every rule */
	bool own_line; /* nothing but the comment on its line: it covers the next line too */
};

struct src_file {
	char *path;
	struct directive *v;
	size_t n;
};

struct iot_lint_inline {
	struct src_file *files;
	size_t n, cap;
};

static void scan_file(struct src_file *f)
{
	uint8_t *data;
	size_t len, cap = 0, bol = 0;
	struct iot_diags quiet;
	unsigned int line = 1;

	iot_diags_init(&quiet);
	if (iot_read_file(f->path, &data, &len, &quiet) < 0) {
		iot_diags_free(&quiet);
		return;
	}
	iot_diags_free(&quiet);
	for (size_t i = 0; i < len; i++) {
		static const char key[] = "iotopo-lint:";
		const char *p;
		size_t k;

		if (data[i] == '\n') {
			line++;
			bol = i + 1;
			continue;
		}
		if (data[i] != 'i' || len - i < sizeof(key) - 1 ||
		    memcmp(data + i, key, sizeof(key) - 1))
			continue;
		p = (const char *)data + i + sizeof(key) - 1;
		while (p < (const char *)data + len && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)((const char *)data + len - p) < 7 || memcmp(p, "disable", 7))
			continue;
		p += 7;
		iot_grow((void **)&f->v, &cap, f->n + 1, sizeof(*f->v));
		f->v[f->n].line = line;
		f->v[f->n].rules = NULL;
		f->v[f->n].own_line = true;
		for (size_t b = bol; b < i; b++)
			if (!strchr(" \t#/*", data[b]))
				f->v[f->n].own_line = false;
		if (p < (const char *)data + len && *p == '=') {
			for (k = 1; p + k < (const char *)data + len &&
				    (p[k] == ',' || p[k] == '-' || p[k] == '*' ||
				     (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= '0' && p[k] <= '9'));
			     k++)
				;
			f->v[f->n].rules = iot_xmalloc(k);
			memcpy(f->v[f->n].rules, p + 1, k - 1);
			f->v[f->n].rules[k - 1] = 0;
		}
		f->n++;
	}
	free(data);
}

static const struct src_file *source(struct iot_lint_inline *in, const char *path)
{
	for (size_t i = 0; i < in->n; i++)
		if (!strcmp(in->files[i].path, path))
			return &in->files[i];
	iot_grow((void **)&in->files, &in->cap, in->n + 1, sizeof(*in->files));
	memset(&in->files[in->n], 0, sizeof(in->files[in->n]));
	in->files[in->n].path = iot_strdup(path);
	scan_file(&in->files[in->n]);
	return &in->files[in->n++];
}

struct iot_lint_inline *iot_lint_inline_new(void)
{
	return iot_xcalloc(1, sizeof(struct iot_lint_inline));
}

void iot_lint_inline_free(struct iot_lint_inline *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->n; i++) {
		for (size_t k = 0; k < in->files[i].n; k++)
			free(in->files[i].v[k].rules);
		free(in->files[i].v);
		free(in->files[i].path);
	}
	free(in->files);
	free(in);
}

static bool lists_rule(const char *rules, const char *rule)
{
	size_t n = strlen(rule);

	if (!rules || !strcmp(rules, "*"))
		return true;
	for (const char *p = rules; *p;) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);

		if ((k == n && !strncmp(p, rule, n)) || (k == 1 && *p == '*'))
			return true;
		p += k + (e ? 1 : 0);
	}
	return false;
}

/* A directive on line @line or the line before it, in a text source. */
static bool directive_at(struct iot_lint_inline *in, const struct iot_loc *loc, const char *rule)
{
	const struct src_file *f;

	if (!in || !loc || !loc->file || loc->has_offset || !loc->line || !strcmp(loc->file, "-"))
		return false;
	f = source(in, loc->file);
	for (size_t i = 0; i < f->n; i++)
		if ((f->v[i].line == loc->line ||
		     (f->v[i].own_line && f->v[i].line + 1 == loc->line)) &&
		    lists_rule(f->v[i].rules, rule))
			return true;
	return false;
}

/* ---- the decision ---- */

bool iot_lint_suppressed(const struct iot_lint_config *c, const struct iot_lint_objects *o,
			 const char *rule, const struct iot_loc *loc, const char **object)
{
	const struct lint_obj *x = object_at(o, loc);

	*object = x ? x->name : NULL;
	if (!rule)
		return false;
	for (size_t i = 0; i < c->n_sup; i++) {
		struct iot_lint_suppress *s = &c->sup[i];

		if (strcmp(s->rule, "*") && strcmp(s->rule, rule))
			continue;
		if (s->object && !matches_object(s->object, x))
			continue;
		s->used++;
		return true;
	}
	if (c->no_inline)
		return false;
	return directive_at(c->inline_src, loc, rule) ||
	       (x && directive_at(c->inline_src, x->loc, rule));
}

size_t iot_lint_suppress_used(const struct iot_lint_config *c, size_t i)
{
	return i < c->n_sup ? c->sup[i].used : 0;
}

void iot_lint_suppress_add_used(struct iot_lint_config *c, size_t i, size_t n)
{
	if (i < c->n_sup)
		c->sup[i].used += n;
}

void iot_lint_suppress_unused(const struct iot_lint_config *c, struct iot_diags *d)
{
	for (size_t i = 0; i < c->n_sup; i++)
		if (!c->sup[i].used)
			iot_diag(d, IOT_SEV_NOTE, NULL, NULL,
				 "suppression '%s%s%s' (%s) matched nothing", c->sup[i].rule,
				 c->sup[i].object ? "@" : "",
				 c->sup[i].object ? c->sup[i].object : "", c->sup[i].origin);
}
