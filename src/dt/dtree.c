// SPDX-License-Identifier: MIT
#include "dt/dtree.h"

#include <ctype.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static uint64_t path_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return h;
}

static void hash_insert(struct dtree *t, int idx)
{
	size_t m = t->hash_cap - 1;
	size_t i = (size_t)path_hash(t->nodes[idx].path) & m;

	while (t->hash[i] >= 0)
		i = (i + 1) & m;
	t->hash[i] = idx;
}

static void hash_grow(struct dtree *t)
{
	size_t ncap = t->hash_cap ? t->hash_cap * 2 : 64;

	free(t->hash);
	t->hash = iot_xmalloc(ncap * sizeof(*t->hash));
	for (size_t i = 0; i < ncap; i++)
		t->hash[i] = -1;
	t->hash_cap = ncap;
	for (size_t i = 0; i < t->n; i++)
		hash_insert(t, (int)i);
}

static int new_node(struct dtree *t, int parent, const char *name, char *path)
{
	struct dtn *n;

	iot_grow((void **)&t->nodes, &t->cap, t->n + 1, sizeof(*t->nodes));
	n = &t->nodes[t->n];
	memset(n, 0, sizeof(*n));
	n->name = iot_strdup(name);
	n->path = path;
	n->parent = parent;
	t->n++;
	if (parent >= 0) {
		struct dtn *p = &t->nodes[parent];

		iot_grow((void **)&p->kids, &p->cap_kids, p->n_kids + 1, sizeof(*p->kids));
		p->kids[p->n_kids++] = (int)t->n - 1;
	}
	if (t->n * 2 > t->hash_cap)
		hash_grow(t);
	else
		hash_insert(t, (int)t->n - 1);
	return (int)t->n - 1;
}

void dtree_init(struct dtree *t)
{
	memset(t, 0, sizeof(*t));
	new_node(t, -1, "", iot_strdup("/"));
}

static void free_prop(struct dtp *p)
{
	free(p->name);
	free(p->cells);
	free(p->refs);
	free(p->str);
}

void dtree_free(struct dtree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct dtn *n = &t->nodes[i];

		for (size_t j = 0; j < n->n_props; j++)
			free_prop(&n->props[j]);
		free(n->props);
		free(n->kids);
		free(n->name);
		free(n->label);
		free(n->path);
	}
	free(t->nodes);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

int dtree_lookup(const struct dtree *t, const char *path)
{
	size_t m = t->hash_cap - 1;
	size_t i = (size_t)path_hash(path) & m;

	for (; t->hash[i] >= 0; i = (i + 1) & m)
		if (!strcmp(t->nodes[t->hash[i]].path, path))
			return t->hash[i];
	return -1;
}

int dtree_child(struct dtree *t, int parent, const char *name)
{
	const char *pp = t->nodes[parent].path;
	char *path = parent ? iot_asprintf("%s/%s", pp, name) : iot_asprintf("/%s", name);
	int n = dtree_lookup(t, path);

	if (n >= 0) {
		free(path);
		return n;
	}
	return new_node(t, parent, name, path);
}

int dtree_get(struct dtree *t, const char *path)
{
	int n = 0;
	const char *p = path;

	while (*p) {
		const char *e;
		char *comp;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		comp = iot_strndup(p, (size_t)(e - p));
		n = dtree_child(t, n, comp);
		free(comp);
		p = e;
	}
	return n;
}

struct dtp *dtn_find_prop(const struct dtn *n, const char *name)
{
	for (size_t i = 0; i < n->n_props; i++)
		if (!strcmp(n->props[i].name, name))
			return &n->props[i];
	return NULL;
}

struct dtp *dtree_prop(struct dtree *t, int idx, const char *name, enum dtp_kind kind)
{
	struct dtn *n = &t->nodes[idx];
	struct dtp *p = dtn_find_prop(n, name);

	if (p) {
		free_prop(p);
	} else {
		iot_grow((void **)&n->props, &n->cap_props, n->n_props + 1, sizeof(*n->props));
		p = &n->props[n->n_props++];
	}
	memset(p, 0, sizeof(*p));
	p->name = iot_strdup(name);
	p->kind = kind;
	return p;
}

void dtree_del_prop(struct dtree *t, int idx, const char *name)
{
	struct dtn *n = &t->nodes[idx];
	struct dtp *p = dtn_find_prop(n, name);
	size_t i;

	if (!p)
		return;
	i = (size_t)(p - n->props);
	free_prop(p);
	memmove(p, p + 1, (n->n_props - i - 1) * sizeof(*p));
	n->n_props--;
}

static void add_cell(struct dtp *p, uint32_t v, int ref)
{
	if (p->n == p->cap) {
		size_t cap = p->cap;

		iot_grow((void **)&p->cells, &cap, p->n + 1, sizeof(*p->cells));
		p->refs = iot_xrealloc(p->refs, cap * sizeof(*p->refs));
		p->cap = cap;
	}
	p->cells[p->n] = v;
	p->refs[p->n] = ref;
	p->n++;
}

void dtp_cell(struct dtp *p, uint32_t v)
{
	add_cell(p, v, -1);
}

void dtp_ref(struct dtp *p, int node)
{
	add_cell(p, 0, node);
}

void dtp_u64(struct dtp *p, uint64_t v)
{
	add_cell(p, (uint32_t)(v >> 32), -1);
	add_cell(p, (uint32_t)v, -1);
}

void dtp_string(struct dtp *p, const char *s)
{
	size_t l = strlen(s) + 1;

	p->str = iot_xrealloc(p->str, p->slen + l);
	memcpy(p->str + p->slen, s, l);
	p->slen += l;
}

void dtree_u32(struct dtree *t, int n, const char *name, uint32_t v, bool board)
{
	struct dtp *p = dtree_prop(t, n, name, DTP_CELLS);

	dtp_cell(p, v);
	p->board = board;
}

void dtree_flag(struct dtree *t, int n, const char *name, bool board)
{
	dtree_prop(t, n, name, DTP_EMPTY)->board = board;
}

void dtree_str(struct dtree *t, int n, const char *name, const char *s, bool board)
{
	struct dtp *p = dtree_prop(t, n, name, DTP_STRINGS);

	dtp_string(p, s);
	p->board = board;
}

static bool label_taken(const struct dtree *t, const char *l)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->nodes[i].label && !strcmp(t->nodes[i].label, l))
			return true;
	return false;
}

/* A DTS label from a node name: [a-zA-Z_][a-zA-Z0-9_]*, unique in the tree. */
static char *make_label(const struct dtree *t, const char *name)
{
	size_t l = strcspn(name, "@");
	char *s = iot_xmalloc(l + 2);
	char *cand;
	size_t o = 0;

	if (!isalpha((unsigned char)name[0]))
		s[o++] = 'n';
	for (size_t i = 0; i < l; i++)
		s[o++] = isalnum((unsigned char)name[i]) ? name[i] : '_';
	s[o] = 0;
	cand = iot_strdup(s);
	for (unsigned int k = 1; label_taken(t, cand); k++) {
		free(cand);
		cand = iot_asprintf("%s_%u", s, k);
	}
	free(s);
	return cand;
}

static bool phandle_preset(const struct dtree *t, uint32_t ph)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->nodes[i].phandle == ph)
			return true;
	return false;
}

void dtree_assign_phandles(struct dtree *t, uint32_t first)
{
	uint32_t next = first;
	bool any_preset = false;

	for (size_t i = 0; i < t->n; i++) {
		struct dtn *n = &t->nodes[i];

		any_preset |= n->phandle != 0;
		n->phandle_fixed = n->phandle != 0;
		for (size_t j = 0; j < n->n_props; j++)
			for (size_t k = 0; k < n->props[j].n; k++)
				if (n->props[j].refs[k] >= 0)
					t->nodes[n->props[j].refs[k]].referenced = true;
	}
	/* numbered in tree order (node creation order is parent-first), around preset ones */
	for (size_t i = 0; i < t->n; i++) {
		struct dtn *n = &t->nodes[i];

		if (!n->referenced)
			continue;
		if (!n->phandle) {
			while (any_preset && phandle_preset(t, next))
				next++;
			n->phandle = next++;
		}
		if (!n->label) {
			n->label = make_label(t, n->name);
			n->label_made = true;
		}
	}
}

void dtp_value(const struct dtree *t, const struct dtp *p, struct iot_buf *out)
{
	iot_buf_reset(out);
	if (p->kind == DTP_STRINGS) {
		iot_buf_add(out, p->str, p->slen);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		uint32_t v = p->refs[i] >= 0 ? t->nodes[p->refs[i]].phandle : p->cells[i];
		fdt32_t be = cpu_to_fdt32(v);

		iot_buf_add(out, &be, sizeof(be));
	}
}

static int node_to_fdt(const struct dtree *t, int idx, void *fdt, struct iot_buf *val)
{
	const struct dtn *n = &t->nodes[idx];
	int rc = fdt_begin_node(fdt, n->name);

	for (size_t i = 0; !rc && i < n->n_props; i++) {
		dtp_value(t, &n->props[i], val);
		rc = fdt_property(fdt, n->props[i].name, val->data, (int)val->len);
	}
	if (!rc && n->phandle)
		rc = fdt_property_u32(fdt, "phandle", n->phandle);
	for (size_t i = 0; !rc && i < n->n_kids; i++)
		rc = node_to_fdt(t, n->kids[i], fdt, val);
	return rc ? rc : fdt_end_node(fdt);
}

static size_t estimate_size(const struct dtree *t)
{
	size_t s = 4096;

	for (size_t i = 0; i < t->n; i++) {
		const struct dtn *n = &t->nodes[i];

		s += 16 + strlen(n->name) + 16 * n->n_props;
		for (size_t j = 0; j < n->n_props; j++)
			s += 4 * n->props[j].n + n->props[j].slen + 64;
	}
	return s;
}

int dtree_to_dtb(const struct dtree *t, struct iot_buf *out)
{
	size_t size = estimate_size(t);
	struct iot_buf val;
	int rc;

	iot_buf_init(&val);
	for (;;) {
		iot_buf_reset(out);
		iot_buf_zeros(out, size);
		rc = fdt_create(out->data, (int)size);
		if (!rc)
			rc = fdt_finish_reservemap(out->data);
		if (!rc)
			rc = node_to_fdt(t, 0, out->data, &val);
		if (!rc)
			rc = fdt_finish(out->data);
		if (rc != -FDT_ERR_NOSPACE || size > (1u << 30))
			break;
		size *= 2;
	}
	iot_buf_free(&val);
	if (!rc)
		out->len = fdt_totalsize(out->data);
	return rc;
}

static void indent(struct iot_buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		iot_buf_addc(b, '\t');
}

static void print_ref(const struct dtree *t, int idx, struct iot_buf *b)
{
	const struct dtn *n = &t->nodes[idx];

	if (n->label)
		iot_buf_printf(b, "&%s", n->label);
	else
		iot_buf_printf(b, "&{%s}", n->path);
}

static void print_strings(const struct dtp *p, struct iot_buf *b)
{
	size_t i = 0;

	while (i < p->slen) {
		const char *s = p->str + i;

		if (i)
			iot_buf_adds(b, ", ");
		iot_buf_addc(b, '"');
		for (; *s; s++) {
			if (*s == '"' || *s == '\\')
				iot_buf_addc(b, '\\');
			iot_buf_addc(b, *s);
		}
		iot_buf_addc(b, '"');
		i += strlen(p->str + i) + 1;
	}
}

static void print_prop(const struct dtree *t, const struct dtp *p, int depth, struct iot_buf *b)
{
	unsigned int g = p->group ? p->group : (unsigned int)p->n;

	indent(b, depth);
	iot_buf_adds(b, p->name);
	if (p->kind == DTP_EMPTY) {
		iot_buf_adds(b, ";\n");
		return;
	}
	iot_buf_adds(b, " = ");
	if (p->kind == DTP_STRINGS) {
		print_strings(p, b);
		iot_buf_adds(b, ";\n");
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (i % g == 0)
			iot_buf_adds(b, i ? ">,\n" : "<");
		if (i && i % g == 0) {
			indent(b, depth);
			iot_buf_printf(b, "%*s<", (int)strlen(p->name) + 3, "");
		} else if (i) {
			iot_buf_addc(b, ' ');
		}
		if (p->refs[i] >= 0)
			print_ref(t, p->refs[i], b);
		else
			iot_buf_printf(b, "0x%x", p->cells[i]);
	}
	iot_buf_adds(b, ">;\n");
}

static void print_node(const struct dtree *t, int idx, int depth, bool board, struct iot_buf *b)
{
	const struct dtn *n = &t->nodes[idx];

	indent(b, depth);
	if (n->label)
		iot_buf_printf(b, "%s: ", n->label);
	iot_buf_printf(b, "%s {\n", idx ? n->name : "/");
	for (size_t i = 0; i < n->n_props; i++)
		if (board || !n->props[i].board)
			print_prop(t, &n->props[i], depth + 1, b);
	if (n->phandle_fixed) {
		indent(b, depth + 1);
		iot_buf_printf(b, "phandle = <0x%x>;\n", n->phandle);
	}
	for (size_t i = 0; i < n->n_kids; i++) {
		if (i || n->n_props)
			iot_buf_addc(b, '\n');
		print_node(t, n->kids[i], depth + 1, board, b);
	}
	indent(b, depth);
	iot_buf_adds(b, "};\n");
}

static void print_header(const char *header, struct iot_buf *b)
{
	if (header)
		iot_buf_printf(b, "/*\n * %s\n */\n", header);
}

void dtree_to_dts(const struct dtree *t, const char *header, struct iot_buf *out)
{
	iot_buf_reset(out);
	iot_buf_adds(out, "/dts-v1/;\n\n");
	print_header(header, out);
	if (header)
		iot_buf_addc(out, '\n');
	print_node(t, 0, 0, true, out);
}

static bool has_overrides(const struct dtn *n, const struct dtree *t)
{
	for (size_t i = 0; i < n->n_props; i++)
		if (!n->props[i].board)
			return true;
	for (size_t i = 0; i < n->n_kids; i++)
		if (t->nodes[n->kids[i]].complete)
			return true;
	return false;
}

/* One &label { ... }; block per board node that gets properties or complete children. */
static void dtsi_blocks(const struct dtree *t, int idx, struct iot_buf *b)
{
	const struct dtn *n = &t->nodes[idx];
	bool first = true;

	if (has_overrides(n, t)) {
		iot_buf_addc(b, '\n');
		if (!idx)
			iot_buf_adds(b, "/ {\n");
		else if (n->label && !n->label_made)
			iot_buf_printf(b, "&%s {\n", n->label);
		else
			iot_buf_printf(b, "&{%s} {\n", n->path);
		for (size_t i = 0; i < n->n_props; i++) {
			if (!n->props[i].board) {
				print_prop(t, &n->props[i], 1, b);
				first = false;
			}
		}
		for (size_t i = 0; i < n->n_kids; i++) {
			if (!t->nodes[n->kids[i]].complete)
				continue;
			if (!first)
				iot_buf_addc(b, '\n');
			print_node(t, n->kids[i], 1, false, b);
			first = false;
		}
		iot_buf_adds(b, "};\n");
	}
	for (size_t i = 0; i < n->n_kids; i++)
		if (!t->nodes[n->kids[i]].complete)
			dtsi_blocks(t, n->kids[i], b);
}

void dtree_to_dtsi(const struct dtree *t, const char *header, struct iot_buf *out)
{
	iot_buf_reset(out);
	print_header(header, out);
	dtsi_blocks(t, 0, out);
}
