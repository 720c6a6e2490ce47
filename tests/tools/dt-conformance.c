// SPDX-License-Identifier: MIT
/*
 * dt-conformance: the DT round trip on real firmware, many DTBs in one process.
 *
 *   dt-conformance [-v] [-s] [-l LIST] FILE.dtb ...
 *   dt-conformance -w FILE.dtb          (print the oracle's wiring lines of one DTB)
 *
 * For every DTB: iotopo reads it (no refusal allowed), the model goes to YAML
 * and back (the two models must be equal), and the YAML's model is written as
 * a standalone DTB.  An oracle that knows nothing of iotopo's model -- it walks
 * both blobs with libfdt alone -- lists the IOMMU wiring: every iommus
 * specifier, iommu-map and msi-map row, msi-parent entry and map mask, with the
 * node's path, compatible and status, and the compatible, status and
 * #iommu-cells / #msi-cells of every node they point at.  The two lists must be
 * the same, and the numbers of specifiers and rows the oracle counts in the
 * original must be the numbers the model holds (no silent drop).
 *
 * Exit 0 when every file passes, 1 when one does not (each failure is a line
 * "FILE: what"), 2 on usage errors.  -l reads file names from LIST (one a
 * line), -v prints the first differing wiring lines, -s skips the DTBs with
 * no IOMMU or MSI wiring (no iommus, iommu-map, #iommu-cells, msi-map or
 * msi-parent anywhere).
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt.h"
#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/mem.h"
#include "yaml/yaml.h"

/* ---- the oracle: libfdt only ---- */

/*
 * phandle -> node offset and path, built in one walk per blob
 * (fdt_node_offset_by_phandle and fdt_get_path are tree walks each).
 */
struct phmap {
	uint32_t *ph;
	int *node;
	char **path;
	size_t n;
};

/* The walk's current path, one level per depth. */
struct walk {
	char path[4096];
	size_t len[66];
};

/* Step @w to @node at @depth; false when the tree is deeper or longer than we track. */
static bool walk_at(const void *fdt, struct walk *w, int node, int depth)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	size_t base, l;

	if (depth < 0 || depth > 64 || !name)
		return false;
	if (!depth) {
		strcpy(w->path, "/");
		w->len[0] = 0;
		return true;
	}
	base = w->len[depth - 1];
	l = strlen(name);
	if (base + l + 2 > sizeof(w->path))
		return false;
	w->path[base] = '/';
	memcpy(w->path + base + 1, name, l + 1);
	w->len[depth] = base + 1 + l;
	return true;
}

static const struct phmap *cur_ph;

static int by_phandle(const void *fdt, uint32_t ph)
{
	size_t lo = 0, hi = cur_ph ? cur_ph->n : 0;

	(void)fdt;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cur_ph->ph[mid] == ph)
			return cur_ph->node[mid];
		if (cur_ph->ph[mid] < ph)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void build_phmap(const void *fdt, struct phmap *m)
{
	int depth = 0;
	size_t cap = 0;
	struct walk w;

	memset(m, 0, sizeof(*m));
	for (int node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		uint32_t ph;
		size_t k;

		if (!walk_at(fdt, &w, node, depth))
			break;
		ph = fdt_get_phandle(fdt, node);
		if (!ph)
			continue;
		if (m->n == cap) {
			cap = cap ? 2 * cap : 256;
			m->ph = iot_xrealloc(m->ph, cap * sizeof(*m->ph));
			m->node = iot_xrealloc(m->node, cap * sizeof(*m->node));
			m->path = iot_xrealloc(m->path, cap * sizeof(*m->path));
		}
		/* insertion keeps it sorted; blobs number phandles mostly in order */
		for (k = m->n; k && m->ph[k - 1] > ph; k--) {
			m->ph[k] = m->ph[k - 1];
			m->node[k] = m->node[k - 1];
			m->path[k] = m->path[k - 1];
		}
		m->ph[k] = ph;
		m->node[k] = node;
		m->path[k] = iot_strdup(w.path);
		m->n++;
	}
}

static const char *ph_path(uint32_t ph)
{
	size_t lo = 0, hi = cur_ph ? cur_ph->n : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cur_ph->ph[mid] == ph)
			return cur_ph->path[mid];
		if (cur_ph->ph[mid] < ph)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "?";
}

static void free_phmap(struct phmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->path[i]);
	free(m->ph);
	free(m->node);
	free(m->path);
}

struct lines {
	char **v;
	size_t n, cap;
};

static void add_line(struct lines *l, char *s)
{
	iot_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static void free_lines(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct counts {
	size_t iommus, iommu_map, msi_map, msi_parent;
};

/* "a,b" of a string-list property, "-" when absent. */
static char *strlist(const void *fdt, int node, const char *prop)
{
	int len;
	const char *v = fdt_getprop(fdt, node, prop, &len);
	struct iot_buf b;
	char *s;

	if (!v || len <= 0)
		return iot_strdup("-");
	iot_buf_init(&b);
	for (int i = 0; i < len; i++)
		iot_buf_addc(&b, v[i] ? v[i] : (i + 1 < len ? '|' : '\0'));
	if (v[len - 1])
		iot_buf_addc(&b, '\0');
	s = iot_strdup((const char *)b.data);
	iot_buf_free(&b);
	return s;
}

/* Linux's view of status: absent, "okay" and "ok" are available; the rest is not. */
static const char *status_of(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	if (!s || (len == 5 && !memcmp(s, "okay", 5)) || (len == 3 && !memcmp(s, "ok", 3)))
		return "okay";
	return "disabled";
}

static int u32prop(const void *fdt, int node, const char *prop, int dflt)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, prop, &len);

	return v && len == 4 ? (int)fdt32_to_cpu(v[0]) : dflt;
}

/* A node a phandle names: "path [compatible] status #cells=N" (the target's own facts). */
static char *target_desc(const void *fdt, uint32_t ph, const char *cells_prop)
{
	int t = by_phandle(fdt, ph);
	char *c, *s;

	if (t < 0)
		return iot_asprintf("<phandle 0x%x>", ph);
	c = strlist(fdt, t, "compatible");
	s = iot_asprintf("%s [%s] %s %s=%d", ph_path(ph), c, status_of(fdt, t), cells_prop,
			 u32prop(fdt, t, cells_prop, 0));
	free(c);
	return s;
}

static int target_cells(const void *fdt, uint32_t ph, const char *cells_prop)
{
	int t = by_phandle(fdt, ph);

	return t < 0 ? -1 : u32prop(fdt, t, cells_prop, 0);
}

/* iommus / msi-parent: phandle + #cells(target) cells, repeated. */
static void list_specifiers(const void *fdt, int node, const char *path, const char *prop,
			    const char *cells_prop, struct lines *out, size_t *count)
{
	int len;
	const fdt32_t *c = fdt_getprop(fdt, node, prop, &len);
	size_t n, i = 0, k = 0;

	if (!c)
		return;
	n = (size_t)len / 4;
	while (i < n) {
		uint32_t ph = fdt32_to_cpu(c[i]);
		int cells = target_cells(fdt, ph, cells_prop);
		char *t = target_desc(fdt, ph, cells_prop);
		struct iot_buf b;

		/* msi-parent = <&its> on a host bridge: fewer cells than #msi-cells say */
		if (cells < 0 || i + 1 + (size_t)cells > n)
			cells = (int)(n - i - 1);
		iot_buf_init(&b);
		iot_buf_printf(&b, "%s %s[%zu] -> %s <", path, prop, k++, t);
		for (int j = 0; j < cells; j++)
			iot_buf_printf(&b, "%s0x%x", j ? " " : "",
				       fdt32_to_cpu(c[i + 1 + (size_t)j]));
		iot_buf_adds(&b, ">");
		iot_buf_addc(&b, '\0');
		add_line(out, iot_strdup((const char *)b.data));
		iot_buf_free(&b);
		free(t);
		(*count)++;
		i += 1 + (size_t)cells;
	}
}

/*
 * iommu-map / msi-map rows: the classic 4-cell rows when the property splits
 * into them with a phandle in every second cell, else 3 + #cells(target).
 */
static void list_map(const void *fdt, int node, const char *path, const char *prop,
		     const char *cells_prop, struct lines *out, size_t *count)
{
	int len;
	const fdt32_t *c = fdt_getprop(fdt, node, prop, &len);
	size_t n, i = 0, k = 0;
	bool four;
	char mprop[32];

	if (!c)
		return;
	n = (size_t)len / 4;
	four = n && n % 4 == 0;
	for (size_t j = 0; four && j < n; j += 4)
		if (by_phandle(fdt, fdt32_to_cpu(c[j + 1])) < 0)
			four = false;
	while (i + 3 <= n) {
		uint32_t ph = fdt32_to_cpu(c[i + 1]);
		int cells = four ? 1 : target_cells(fdt, ph, cells_prop);
		char *t = target_desc(fdt, ph, cells_prop);
		struct iot_buf b;

		if (cells < 0 || i + 3 + (size_t)cells > n)
			cells = (int)(n - i - 3);
		iot_buf_init(&b);
		iot_buf_printf(&b, "%s %s[%zu] 0x%x -> %s <", path, prop, k++, fdt32_to_cpu(c[i]),
			       t);
		for (int j = 0; j < cells; j++)
			iot_buf_printf(&b, "%s0x%x", j ? " " : "",
				       fdt32_to_cpu(c[i + 2 + (size_t)j]));
		iot_buf_printf(&b, "> length 0x%x", fdt32_to_cpu(c[i + 2 + (size_t)cells]));
		iot_buf_addc(&b, '\0');
		add_line(out, iot_strdup((const char *)b.data));
		iot_buf_free(&b);
		free(t);
		(*count)++;
		i += 3 + (size_t)cells;
	}
	snprintf(mprop, sizeof(mprop), "%s-mask", prop);
	if (fdt_getprop(fdt, node, mprop, NULL))
		add_line(out,
			 iot_asprintf("%s %s 0x%x", path, mprop, u32prop(fdt, node, mprop, 0)));
}

/* Every wiring line of @fdt, sorted; @cnt gets the numbers of entries per property. */
static void oracle(const void *fdt, struct lines *out, struct counts *cnt)
{
	int depth = 0;
	struct phmap pm;
	struct walk w;

	build_phmap(fdt, &pm);
	cur_ph = &pm;
	memset(cnt, 0, sizeof(*cnt));
	for (int node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		bool any = fdt_getprop(fdt, node, "iommus", NULL) ||
			   fdt_getprop(fdt, node, "iommu-map", NULL) ||
			   fdt_getprop(fdt, node, "msi-map", NULL) ||
			   fdt_getprop(fdt, node, "msi-parent", NULL);
		char *path, *c;

		if (!walk_at(fdt, &w, node, depth))
			break;
		if (!any)
			continue;
		path = iot_strdup(w.path);
		c = strlist(fdt, node, "compatible");
		add_line(out, iot_asprintf("%s [%s] %s", path, c, status_of(fdt, node)));
		free(c);
		list_specifiers(fdt, node, path, "iommus", "#iommu-cells", out, &cnt->iommus);
		list_specifiers(fdt, node, path, "msi-parent", "#msi-cells", out, &cnt->msi_parent);
		list_map(fdt, node, path, "iommu-map", "#iommu-cells", out, &cnt->iommu_map);
		list_map(fdt, node, path, "msi-map", "#msi-cells", out, &cnt->msi_map);
		free(path);
	}
	cur_ph = NULL;
	free_phmap(&pm);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
}

/* ---- what the model holds ---- */

static void model_counts(const struct iot_topology *t, struct counts *cnt)
{
	memset(cnt, 0, sizeof(*cnt));
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		for (size_t k = 0; k < p->n_iommus; k++) {
			const struct iot_dev_iommu *di = &p->iommus[k];
			unsigned int w = t->iommus[di->iommu].iommu_cells;

			cnt->iommus += di->n_ids ? di->n_ids : w > 2 ? di->n_cells / w : 1;
		}
		cnt->msi_parent += (p->msi_controller != IOT_NONE) + p->dt_msi_parent_more.n;
		cnt->iommu_map += p->iommu_map.n;
		cnt->msi_map += p->msi_map.n;
	}
	for (size_t i = 0; i < t->n_iommus; i++)
		cnt->msi_parent += (t->iommus[i].msi_controller != IOT_NONE) +
				   t->iommus[i].dt_msi_parent_more.n;
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		cnt->iommu_map += r->iommu_map.n;
		cnt->msi_parent += (r->dt_msi_parent_msi != IOT_NONE) + r->dt_msi_parent_more.n;
		if (!iot_root_msi_map_implied(r))
			cnt->msi_map += r->msi_map.n;
	}
}

/* ---- one file ---- */

struct totals {
	size_t files, skipped, refused, dropped, yaml_differs, rt_differs, ok;
	struct counts c;
};

static int load(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	*data = iot_xmalloc((size_t)n + 1);
	*len = fread(*data, 1, (size_t)n, f);
	fclose(f);
	return *len == (size_t)n ? 0 : -1;
}

static void first_error(const char *file, const struct iot_diags *d, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == IOT_SEV_ERROR) {
			printf("%s: %s: %s\n", file, what, d->v[i].msg);
			return;
		}
	printf("%s: %s\n", file, what);
}

/*
 * Any iommus, iommu-map or #iommu-cells (the corpus's "IOMMU content"), or an
 * msi-map / msi-parent (MSI wiring the model keeps too: Layerscape's
 * ls-scfg-msi host bridges have no IOMMU at all).
 */
static bool iommu_content(const void *fdt, size_t len)
{
	int depth = 0;

	if (len < sizeof(struct fdt_header) || fdt_check_header(fdt) || fdt_totalsize(fdt) > len)
		return true; /* let the reader say what is wrong */
	for (int node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth))
		if (fdt_getprop(fdt, node, "iommus", NULL) ||
		    fdt_getprop(fdt, node, "iommu-map", NULL) ||
		    fdt_getprop(fdt, node, "#iommu-cells", NULL) ||
		    fdt_getprop(fdt, node, "msi-map", NULL) ||
		    fdt_getprop(fdt, node, "msi-parent", NULL))
			return true;
	return false;
}

static void check_file(const char *file, bool verbose, bool select, struct totals *tot)
{
	struct iot_topology t, t2;
	struct iot_diags d;
	struct iot_buf yaml, dtb;
	struct lines a = { 0 }, b = { 0 };
	struct counts ca, cm, cb;
	uint8_t *data = NULL;
	size_t len = 0;
	char why[256];
	bool bad = false;

	iot_topology_init(&t);
	iot_topology_init(&t2);
	iot_diags_init(&d);
	iot_buf_init(&yaml);
	iot_buf_init(&dtb);
	if (load(file, &data, &len) < 0) {
		tot->files++;
		printf("%s: cannot read\n", file);
		tot->refused++;
		goto out;
	}
	if (select && !iommu_content(data, len)) {
		tot->skipped++;
		goto out;
	}
	tot->files++;
	if (iot_dt_read_dtb(data, len, file, &t, &d) < 0) {
		first_error(file, &d, "refused");
		tot->refused++;
		goto out;
	}
	oracle(data, &a, &ca);
	model_counts(&t, &cm);
	tot->c.iommus += ca.iommus;
	tot->c.iommu_map += ca.iommu_map;
	tot->c.msi_map += ca.msi_map;
	tot->c.msi_parent += ca.msi_parent;
	if (memcmp(&ca, &cm, sizeof(ca))) {
		printf("%s: dropped: the DTB has %zu iommus specifiers, %zu iommu-map rows, %zu "
		       "msi-map rows, %zu msi-parent entries; the model %zu, %zu, %zu, %zu\n",
		       file, ca.iommus, ca.iommu_map, ca.msi_map, ca.msi_parent, cm.iommus,
		       cm.iommu_map, cm.msi_map, cm.msi_parent);
		tot->dropped++;
		bad = true;
	}
	/* model -> YAML -> model */
	iot_yaml_emit(&t, &yaml);
	if (iot_yaml_load("decoded.yaml", yaml.data, yaml.len, &t2, &d) < 0) {
		first_error(file, &d, "the decoded YAML does not load");
		tot->yaml_differs++;
		goto out;
	}
	if (!iot_topology_equal(&t, &t2, why, sizeof(why))) {
		printf("%s: YAML round trip changes the model: %s\n", file, why);
		tot->yaml_differs++;
		bad = true;
	}
	/* the YAML's model -> standalone DTB, and the oracle on it */
	if (iot_dt_write_dtb(&t2, &dtb, &d) < 0) {
		first_error(file, &d, "standalone DTB refused");
		tot->rt_differs++;
		goto out;
	}
	oracle(dtb.data, &b, &cb);
	{
		size_t i = 0, j = 0, shown = 0, diffs = 0;

		while (i < a.n || j < b.n) {
			int c = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.v[i], b.v[j]);

			if (!c) {
				i++, j++;
				continue;
			}
			diffs++;
			if (verbose && shown++ < 6)
				printf("  %c %s\n", c < 0 ? '-' : '+', c < 0 ? a.v[i] : b.v[j]);
			if (c < 0)
				i++;
			else
				j++;
		}
		if (diffs) {
			printf("%s: the standalone DTB wires differently (%zu lines)\n", file,
			       diffs);
			tot->rt_differs++;
			bad = true;
		}
	}
	if (!bad)
		tot->ok++;
out:
	free_lines(&a);
	free_lines(&b);
	free(data);
	iot_buf_free(&yaml);
	iot_buf_free(&dtb);
	iot_diags_free(&d);
	iot_topology_free(&t);
	iot_topology_free(&t2);
}

/* -w: the oracle's lines for one blob, for scripts that compare two trees' wiring. */
static int print_wiring(const char *file)
{
	uint8_t *data = NULL;
	size_t len = 0;
	struct lines l = { 0 };
	struct counts c;

	if (load(file, &data, &len) < 0 || len < sizeof(struct fdt_header) ||
	    fdt_check_full(data, len)) {
		fprintf(stderr, "%s: not a readable DTB\n", file);
		free(data);
		return 2;
	}
	oracle(data, &l, &c);
	for (size_t i = 0; i < l.n; i++)
		printf("%s\n", l.v[i]);
	free_lines(&l);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	struct totals tot = { 0 };
	bool verbose = false, select = false;
	const char *list = NULL;
	int i = 1;

	if (argc == 3 && !strcmp(argv[1], "-w"))
		return print_wiring(argv[2]);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = true;
		else if (!strcmp(argv[i], "-s"))
			select = true;
		else if (!strcmp(argv[i], "-l") && i + 1 < argc)
			list = argv[++i];
		else {
			fprintf(stderr, "usage: %s [-v] [-s] [-l LIST] FILE.dtb...\n", argv[0]);
			return 2;
		}
	}
	if (list) {
		FILE *f = fopen(list, "r");
		char line[4096];

		if (!f) {
			perror(list);
			return 2;
		}
		while (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = 0;
			if (line[0])
				check_file(line, verbose, select, &tot);
		}
		fclose(f);
	}
	for (; i < argc; i++)
		check_file(argv[i], verbose, select, &tot);
	if (tot.skipped)
		printf("dt-conformance: %zu DTBs without IOMMU or MSI wiring skipped\n",
		       tot.skipped);
	printf("dt-conformance: %zu DTBs: %zu refused, %zu with dropped entries, %zu YAML round "
	       "trips differ, %zu standalone DTBs wire differently; %zu pass\n",
	       tot.files, tot.refused, tot.dropped, tot.yaml_differs, tot.rt_differs, tot.ok);
	printf("dt-conformance: the DTBs hold %zu iommus specifiers, %zu iommu-map rows, %zu "
	       "msi-map rows, %zu msi-parent entries\n",
	       tot.c.iommus, tot.c.iommu_map, tot.c.msi_map, tot.c.msi_parent);
	return tot.ok == tot.files ? 0 : 1;
}
