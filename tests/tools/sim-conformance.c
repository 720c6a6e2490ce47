// SPDX-License-Identifier: MIT
/*
 * sim-conformance: the probe simulation on real firmware, many DTBs in one
 * process.
 *
 *   sim-conformance [-v] [-s] [-k KERNEL] [-l LIST] FILE.dtb ...
 *
 * For every DTB: iotopo reads it (no refusal allowed) and simulates Linux's
 * boot (kernel 7.2 unless -k).  An oracle that walks the blob with libfdt
 * alone lists the DMA masters wired to an enabled IOMMU: every enabled node
 * (its parents enabled too) whose "iommus" names a node with #iommu-cells
 * that is itself enabled.  Each such master must be a device of the
 * simulation and either be translated (or passed through) by that IOMMU, or
 * carry a stated reason: the IOMMU did not register and the simulation says
 * why (its driver is not in the kernel's config, no known driver, an
 * instance check), or the driver refused it and --explain says so.  A
 * master reported "no-iommu" while its IOMMU registered, or with no reason,
 * fails.
 *
 * Prints "FILE: what" per failure, then "sim-conformance: N DTBs: M failed"
 * and per driver the boards, masters and how they ended.  -s skips DTBs
 * without IOMMU content (no #iommu-cells, iommus or iommu-map), -v prints
 * every master's reason.  Exit 0 when every file passes, 1 when one does
 * not, 2 on usage errors.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dt/dt.h"
#include "model/model.h"
#include "sim/sim.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/mem.h"

struct master {
	char path[512];
	char iommu_path[512];
};

struct family {
	char driver[48];
	size_t boards, masters, translated, passthrough, reasoned;
	size_t board_seen; /* last board index counted */
};

static struct family fams[64];
static size_t n_fams;
static bool verbose, skip_plain;

static bool iommu_content(const void *fdt)
{
	for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL))
		if (fdt_getprop(fdt, node, "#iommu-cells", NULL) ||
		    fdt_getprop(fdt, node, "iommus", NULL) ||
		    fdt_getprop(fdt, node, "iommu-map", NULL))
			return true;
	return false;
}

static struct family *family_of(const char *driver)
{
	for (size_t i = 0; i < n_fams; i++)
		if (!strcmp(fams[i].driver, driver))
			return &fams[i];
	if (n_fams == 64)
		return &fams[63];
	snprintf(fams[n_fams].driver, sizeof(fams[0].driver), "%s", driver);
	fams[n_fams].board_seen = (size_t)-1;
	return &fams[n_fams++];
}

static bool node_enabled(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		int len;
		const char *s = fdt_getprop(fdt, node, "status", &len);

		if (s && len > 0 && strcmp(s, "okay") && strcmp(s, "ok"))
			return false;
		if (!node)
			break;
	}
	return true;
}

/* The oracle: every enabled node whose first iommus specifier names an enabled IOMMU. */
static size_t oracle(const void *fdt, struct master **out)
{
	size_t n = 0, cap = 0;
	struct master *v = NULL;

	for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int len, tgt;
		const fdt32_t *c = fdt_getprop(fdt, node, "iommus", &len);

		if (!c || len < 4 || !node_enabled(fdt, node))
			continue;
		tgt = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(c[0]));
		if (tgt < 0 || !fdt_getprop(fdt, tgt, "#iommu-cells", NULL) ||
		    !node_enabled(fdt, tgt))
			continue;
		iot_grow((void **)&v, &cap, n + 1, sizeof(*v));
		if (fdt_get_path(fdt, node, v[n].path, sizeof(v[n].path)) < 0 ||
		    fdt_get_path(fdt, tgt, v[n].iommu_path, sizeof(v[n].iommu_path)) < 0)
			continue;
		n++;
	}
	*out = v;
	return n;
}

static int platdev_by_path(const struct iot_topology *t, const char *path)
{
	for (size_t i = 0; i < t->n_platdevs; i++)
		if (t->platdevs[i].dt_path && !strcmp(t->platdevs[i].dt_path, path))
			return (int)i;
	return -1;
}

static int iommu_by_path(const struct iot_topology *t, const char *path)
{
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].dt_path && !strcmp(t->iommus[i].dt_path, path))
			return (int)i;
	return -1;
}

/* 0 pass, 1 fail, -1 skipped */
static int check(const char *file, const char *kernel, size_t board)
{
	struct iot_topology t;
	struct iot_diags d;
	struct iot_sim_opts o = { .kernel = kernel, .explain = true };
	struct iot_sim_result r;
	struct master *m = NULL;
	uint8_t *data = NULL;
	size_t len, n;
	int bad = 0;

	iot_topology_init(&t);
	iot_diags_init(&d);
	if (iot_read_file(file, &data, &len, &d) == 0 && len >= 40 && !fdt_check_header(data) &&
	    skip_plain && !iommu_content(data)) {
		free(data);
		iot_topology_free(&t);
		iot_diags_free(&d);
		return -1;
	}
	if (!data || len < 40 || fdt_check_header(data) ||
	    iot_dt_read_dtb(data, len, file, &t, &d) < 0) {
		printf("%s: refused: %s\n", file, d.n ? d.v[0].msg : "not a DTB");
		free(data);
		iot_topology_free(&t);
		iot_diags_free(&d);
		return 1;
	}
	if (iot_sim_run(&t, &o, &r, &d) < 0) {
		printf("%s: simulation refused: %s\n", file, d.n ? d.v[d.n - 1].msg : "?");
		free(data);
		iot_topology_free(&t);
		iot_diags_free(&d);
		return 1;
	}
	n = oracle(data, &m);
	for (size_t i = 0; i < n; i++) {
		int pd = platdev_by_path(&t, m[i].path), u = iommu_by_path(&t, m[i].iommu_path), s;
		const struct iot_sim_dev *dv;
		struct family *f;

		if (u < 0) {
			printf("%s: %s: its IOMMU %s is not in the model\n", file, m[i].path,
			       m[i].iommu_path);
			bad = 1;
			continue;
		}
		f = family_of(r.iommu_driver[u]	       ? r.iommu_driver[u] :
			      t.iommus[u].compatible.n ? t.iommus[u].compatible.v[0] :
							 "(unknown)");
		if (f->board_seen != board) {
			f->board_seen = board;
			f->boards++;
		}
		f->masters++;
		if (pd < 0 || (s = iot_sim_find_dev(&r, t.platdevs[pd].name)) < 0) {
			printf("%s: %s: master of %s is not a device of the simulation\n", file,
			       m[i].path, m[i].iommu_path);
			bad = 1;
			continue;
		}
		dv = &r.devs[s];
		if (dv->verdict == IOT_VERDICT_TRANSLATED) {
			f->translated++;
		} else if (dv->verdict == IOT_VERDICT_PASSTHROUGH) {
			f->passthrough++;
		} else if (dv->verdict == IOT_VERDICT_NO_IOMMU && r.iommu_registered[u] &&
			   !dv->why) {
			printf("%s: %s: no-iommu although %s registered, no reason\n", file,
			       m[i].path, t.iommus[u].name);
			bad = 1;
		} else if (!r.iommu_registered[u] && !r.iommu_why[u]) {
			printf("%s: %s: %s did not register and nothing says why\n", file,
			       m[i].path, t.iommus[u].name);
			bad = 1;
		} else if (!dv->why) {
			printf("%s: %s: %s without a reason\n", file, m[i].path,
			       iot_verdict_name(dv->verdict));
			bad = 1;
		} else {
			f->reasoned++;
			if (verbose)
				printf("%s: %s: %s: %s\n", file, m[i].path,
				       iot_verdict_name(dv->verdict),
				       r.iommu_why[u]	      ? r.iommu_why[u] :
				       strrchr(dv->why, '\n') ? strrchr(dv->why, '\n') + 1 :
								dv->why);
		}
	}
	free(m);
	iot_sim_free(&r);
	free(data);
	iot_topology_free(&t);
	iot_diags_free(&d);
	return bad;
}

int main(int argc, char **argv)
{
	const char *kernel = "7.2", *list = NULL;
	size_t board = 0, failed = 0;
	int opt, rc;

	while ((opt = getopt(argc, argv, "vsk:l:")) != -1) {
		if (opt == 'v')
			verbose = true;
		else if (opt == 's')
			skip_plain = true;
		else if (opt == 'k')
			kernel = optarg;
		else if (opt == 'l')
			list = optarg;
		else
			return 2;
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
			if (*line && (rc = check(line, kernel, board)) >= 0) {
				failed += (size_t)rc;
				board++;
			}
		}
		fclose(f);
	}
	for (int i = optind; i < argc; i++)
		if ((rc = check(argv[i], kernel, board)) >= 0) {
			failed += (size_t)rc;
			board++;
		}
	printf("sim-conformance: %zu DTBs: %zu failed\n", board, failed);
	printf("# per driver: boards, masters, translated, passthrough, no IOMMU with a "
	       "stated reason\n");
	for (size_t i = 0; i < n_fams; i++)
		printf("# %-24s %5zu %6zu %6zu %6zu %6zu\n", fams[i].driver, fams[i].boards,
		       fams[i].masters, fams[i].translated, fams[i].passthrough, fams[i].reasoned);
	return failed ? 1 : 0;
}
