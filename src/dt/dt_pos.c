// SPDX-License-Identifier: MIT
/*
 * Source positions for DTS input.  dtc compiles the source to the blob the
 * reader reads; "dtc -I dts -O dts -T -T" prints the same tree with every
 * node and property annotated with where it was written (a trailing comment
 * "board.dts:12:3-12:40"; includes are named as dtc found them).  The
 * two trees are the same tree, so walking both in step maps each blob
 * offset (node, property and property value) to file:line:col.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt_build.h"
#include "util/mem.h"

/* One annotated node or property: its path ("/soc/pcie@0" or "/soc/pcie@0:reg"). */
struct ann {
	char *key;
	const char *file; /* kept by the topology */
	unsigned int line, col;
};

static int cmp_ann(const void *a, const void *b)
{
	return strcmp(((const struct ann *)a)->key, ((const struct ann *)b)->key);
}

static int cmp_pos(const void *a, const void *b)
{
	const struct iot_dts_pos *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* "file:L:C-L:C" (the first of a comma-separated list: where it was first written). */
static bool parse_where(const char *s, char **file, unsigned int *line, unsigned int *col)
{
	const char *end = strstr(s, " */");
	const char *comma = strchr(s, ',');
	const char *c2, *c1;
	size_t n;

	if (!end)
		return false;
	if (comma && comma < end)
		end = comma;
	/* file:L:C-L:C: the dash, then two colons back from it */
	for (c2 = end; c2 > s && *c2 != '-'; c2--)
		;
	if (c2 == s)
		return false;
	for (c1 = c2; c1 > s && *c1 != ':'; c1--)
		;
	for (c1--; c1 > s && *c1 != ':'; c1--)
		;
	if (c1 <= s || !strncmp(s, "<no-file>", 9))
		return false;
	n = (size_t)(c1 - s);
	if (sscanf(c1, ":%u:%u", line, col) != 2)
		return false;
	*file = iot_xmalloc(n + 1);
	memcpy(*file, s, n);
	(*file)[n] = 0;
	return true;
}

/* The token before " {" or " =" / ";" on an annotated line, labels skipped. */
static const char *name_of(const char *line, size_t *n)
{
	const char *p = line, *e;

	while (*p == '\t' || *p == ' ')
		p++;
	for (;;) {
		e = p;
		while (*e && *e != ' ' && *e != ';' && *e != '=' && *e != '{')
			e++;
		if (e > p && e[-1] == ':' && *e == ' ') { /* a label */
			p = e + 1;
			continue;
		}
		break;
	}
	*n = (size_t)(e - p);
	return p;
}

/*
 * Parse the annotated tree into path -> position, file names mapped through
 * @tmp_src -> @display (standard input is compiled from a temporary copy).
 */
static size_t parse(char *text, const char *tmp_src, const char *display, struct iot_topology *t,
		    struct ann **out)
{
	char path[4096] = "";
	size_t depth_len[256], depth = 0, n = 0, cap = 0;
	char *save = NULL;
	struct ann *v = NULL;
	char *last_file = NULL;
	const char *kept = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *c = strstr(line, "/* ");
		size_t nl;
		const char *nm = name_of(line, &nl);
		char *file = NULL, *key;
		unsigned int l = 0, col = 0;
		bool node = strstr(line, " {") && (!c || strstr(line, " {") < c);

		if (!strncmp(nm, "};", 2)) {
			if (depth) {
				depth--;
				path[depth_len[depth]] = 0;
			}
			continue;
		}
		if (!nl || (!node && !strchr(line, ';')))
			continue;
		if (node) {
			if (depth >= IOT_ARRAY_SIZE(depth_len))
				continue;
			depth_len[depth++] = strlen(path);
			if (!(nl == 1 && *nm == '/'))
				snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%.*s",
					 (int)nl, nm);
			key = iot_strdup(*path ? path : "/");
		} else {
			key = iot_asprintf("%s:%.*s", *path ? path : "/", (int)nl, nm);
		}
		if (!c || !parse_where(c + 3, &file, &l, &col)) {
			free(key);
			continue;
		}
		if (!last_file || strcmp(last_file, file)) {
			free(last_file);
			last_file = iot_strdup(file);
			kept = iot_topology_keep(
				t, iot_strdup(tmp_src && !strcmp(file, tmp_src) ? display : file));
		}
		free(file);
		iot_grow((void **)&v, &cap, n + 1, sizeof(*v));
		v[n++] = (struct ann){ key, kept, l, col };
	}
	free(last_file);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_ann);
	*out = v;
	return n;
}

static const struct ann *find(const struct ann *v, size_t n, const char *key)
{
	struct ann k = { (char *)key, NULL, 0, 0 };

	return n ? bsearch(&k, v, n, sizeof(*v), cmp_ann) : NULL;
}

static void add_pos(struct iot_dts_positions *p, size_t *cap, uint64_t off, const struct ann *a)
{
	iot_grow((void **)&p->v, cap, p->n + 1, sizeof(*p->v));
	p->v[p->n++] = (struct iot_dts_pos){ off, a->file, a->line, a->col };
}

void iot_dts_positions_build(const void *fdt, char *annotated, const char *tmp_src,
			     const char *display, struct iot_topology *t,
			     struct iot_dts_positions *out)
{
	struct ann *v = NULL;
	size_t n = parse(annotated, tmp_src, display, t, &v), cap = 0;
	char path[4096];
	/* libfdt offsets count from the structure block; the reader's from the blob */
	uint64_t base = fdt_off_dt_struct(fdt);

	memset(out, 0, sizeof(*out));
	for (int node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		const struct ann *a;
		int prop;

		if (fdt_get_path(fdt, node, path, sizeof(path)) < 0)
			continue;
		a = find(v, n, path);
		if (a)
			add_pos(out, &cap, base + (uint64_t)node, a);
		fdt_for_each_property_offset(prop, fdt, node)
		{
			const char *name;
			int len;
			const void *val = fdt_getprop_by_offset(fdt, prop, &name, &len);
			char *key;

			if (!val)
				continue;
			key = iot_asprintf("%s:%s", path, name);
			a = find(v, n, key);
			free(key);
			if (!a)
				continue;
			/* the reader reports a property at its tag or at its value */
			add_pos(out, &cap, base + (uint64_t)prop, a);
			add_pos(out, &cap, (uint64_t)((const char *)val - (const char *)fdt), a);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_pos);
}

/* The node or property at blob offset @off, or the one whose value holds it. */
bool iot_dts_position(const struct iot_dts_positions *p, uint64_t off, struct iot_loc *loc)
{
	size_t lo = 0, hi = p ? p->n : 0;

	while (lo < hi) { /* the first entry past @off */
		size_t mid = lo + (hi - lo) / 2;

		if (p->v[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	loc->file = p->v[lo - 1].file;
	loc->line = p->v[lo - 1].line;
	loc->col = p->v[lo - 1].col;
	return true;
}

void iot_dts_positions_free(struct iot_dts_positions *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}
