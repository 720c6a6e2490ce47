// SPDX-License-Identifier: MIT
/*
 * iotopo compile TOPO: write the topology as firmware.  Every output is a
 * row of the table below; -o DIR writes each row that applies under its
 * default name, and each row's own option writes it to a chosen file.  All
 * outputs are built in memory first and written under temporary names, renamed
 * into place only when all are written, so an error leaves no file written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/compile.h"
#include "cli/compile_acpi.h"
#include "dt/dt.h"
#include "io/load.h"
#include "lint/rule_ids.h"
#include "util/file.h"
#include "util/mem.h"

static bool dt_applies(const struct iot_compile_ctx *c)
{
	/* x86 IOMMUs (DMAR, IVRS) have no Device Tree binding */
	for (size_t i = 0; i < c->t->n_iommus; i++)
		if (c->t->iommus[i].model == IOT_IOMMU_INTEL_VTD ||
		    c->t->iommus[i].model == IOT_IOMMU_AMD_VI)
			return false;
	return true;
}

static bool patched_applies(const struct iot_compile_ctx *c)
{
	return c->base && dt_applies(c);
}

static int emit_dts(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	return iot_dt_write_dts(c->t, o, d);
}

static int emit_dtsi(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	return iot_dt_write_dtsi(c->t, o, d);
}

static int emit_dtb(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	return iot_dt_write_dtb(c->t, o, d);
}

static int emit_patched(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	return iot_dt_patch_dtb(c->t, c->base, c->base_len, c->base_path, o, d);
}

static int emit_overlay(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	return iot_dt_overlay_dtb(c->t, c->base, c->base_len, c->base_path, o, d);
}

static int check_dt(const struct iot_compile_ctx *c, struct iot_diags *d)
{
	return iot_dt_check(c->t, d);
}

static const struct iot_compile_output outputs[] = {
	{ "dtsi", ".dtsi", dt_applies, emit_dtsi, check_dt },
	{ "dts", ".dts", dt_applies, emit_dts, check_dt },
	{ "dtb", ".dtb", dt_applies, emit_dtb, check_dt },
	{ "patched", "-patched.dtb", patched_applies, emit_patched, NULL },
	{ "overlay", ".dtbo", patched_applies, emit_overlay, NULL },
	IOT_COMPILE_ACPI_OUTPUTS,
};

static const struct iot_option compile_options[] = {
	{ "output", 'o', IOT_OPT_VALUE, "DIR",
	  "write every output that applies into DIR, named after TOPO", NULL, true },
	{ "dtsi", 0, IOT_OPT_VALUE, "FILE",
	  "DT fragment: IOMMU and ITS nodes, &label overrides of board nodes", NULL, true },
	{ "dts", 0, IOT_OPT_VALUE, "FILE", "standalone DTS", NULL, true },
	{ "dtb", 0, IOT_OPT_VALUE, "FILE", "standalone DTB", NULL, true },
	{ "base", 0, IOT_OPT_VALUE, "FILE", "board DTB to add the IOMMU properties to", NULL,
	  true },
	{ "patched", 0, IOT_OPT_VALUE, "FILE", "the --base DTB with the IOMMU properties added",
	  NULL, true },
	{ "overlay", 0, IOT_OPT_VALUE, "FILE",
	  "DT overlay that fdtoverlay applies to the --base DTB (the --patched tree)", NULL, true },
	IOT_COMPILE_ACPI_OPTIONS,
	{ 0 },
};

extern const struct iot_command iot_cmd_compile;

static bool same_diag(const struct iot_diag *a, const struct iot_diag *b)
{
	return a->sev == b->sev && a->loc.file == b->loc.file && a->loc.line == b->loc.line &&
	       a->loc.col == b->loc.col && a->loc.offset == b->loc.offset &&
	       !strcmp(a->msg, b->msg) && !a->rule == !b->rule &&
	       (!a->rule || !strcmp(a->rule, b->rule));
}

/* Each output's writer sees the same topology: say each thing once. */
void iot_compile_print_diags(const struct iot_diags *d, bool errors_only)
{
	for (size_t i = 0; i < d->n; i++) {
		size_t j = 0;

		if (errors_only && d->v[i].sev != IOT_SEV_ERROR)
			continue;
		while (j < i && !same_diag(&d->v[i], &d->v[j]))
			j++;
		if (j == i)
			iot_diag_fprint(stderr, &d->v[i]);
	}
	if (d->dropped)
		fprintf(stderr, "iotopo: note: %zu more diagnostics not shown\n", d->dropped);
}

static void print_diags(const struct iot_diags *d)
{
	iot_compile_print_diags(d, false);
}

struct planned {
	const struct iot_compile_output *o;
	char *path;
	struct iot_buf buf;
};

static char *input_stem(const char *path)
{
	const char *s = strrchr(path, '/');
	char *stem = iot_strdup(s ? s + 1 : path);
	char *dot = strrchr(stem, '.');

	if (dot && dot != stem)
		*dot = 0;
	return stem;
}

/*
 * Each output option names its own file: two naming the same file, or two
 * writing standard output, would interleave or overwrite one another.
 */
static int check_paths(const struct iot_args *a)
{
	for (size_t i = 0; i < IOT_ARRAY_SIZE(outputs); i++) {
		const char *fi = iot_arg(a, outputs[i].option);

		if (!fi)
			continue;
		for (size_t j = 0; j < i; j++) {
			const char *fj = iot_arg(a, outputs[j].option);

			if (fj && !strcmp(fi, fj))
				return iot_usage_error(a->cmd, "--%s and --%s both write '%s'",
						       outputs[j].option, outputs[i].option, fi);
		}
	}
	return 0;
}

/* Which rows to write, and where.  Returns the count, or -1 after a usage error. */
static int plan(const struct iot_args *a, const struct iot_compile_ctx *c, struct planned *p)
{
	const char *dir = iot_arg(a, "output");
	int n = 0;

	for (size_t i = 0; i < IOT_ARRAY_SIZE(outputs); i++) {
		const char *file = iot_arg(a, outputs[i].option);

		if (!file && dir && (!outputs[i].applies || outputs[i].applies(c)))
			p[n].path = iot_asprintf("%s/%s%s", dir, c->stem, outputs[i].suffix);
		else if (file)
			p[n].path = iot_strdup(file);
		else
			continue;
		p[n].o = &outputs[i];
		iot_buf_init(&p[n].buf);
		n++;
	}
	return n;
}

/*
 * Every regular file is written and synced under a temporary name first;
 * standard output, FIFOs and devices are written next, and only when all
 * of that succeeded are the temporaries renamed into place, so a failure in
 * the third output leaves the first two untouched too.
 */
static int write_all_or_none(struct planned *p, int n, struct iot_diags *d)
{
	struct iot_write_set s;

	iot_write_set_init(&s);
	for (int i = 0; i < n; i++)
		if (iot_write_set_add(&s, p[i].path, p[i].buf.data, p[i].buf.len, d) < 0) {
			iot_write_set_free(&s);
			return 2;
		}
	return iot_write_set_commit(&s, d) < 0 ? 2 : 0;
}

int iot_compile_validate(const struct iot_topology *t, const char *stem, struct iot_diags *d)
{
	size_t n_opts = 0;
	struct iot_args a = { .cmd = &iot_cmd_compile };
	struct iot_compile_ctx c = { .t = t, .a = &a, .stem = stem };
	int rc = 0;

	/* compile's options, none given: -o DIR alone */
	while (compile_options[n_opts].long_name)
		n_opts++;
	a.values = iot_xcalloc(n_opts + 1, sizeof(*a.values));
	a.counts = iot_xcalloc(n_opts + 1, sizeof(*a.counts));
	a.lists = iot_xcalloc(n_opts + 1, sizeof(*a.lists));
	for (size_t i = 0; i < IOT_ARRAY_SIZE(outputs); i++) {
		struct iot_buf b;
		size_t j = 0;

		if (outputs[i].applies && !outputs[i].applies(&c))
			continue;
		if (outputs[i].check) {
			/* one run per check; applies is the same for the rows sharing it */
			while (j < i && outputs[j].check != outputs[i].check)
				j++;
			if (j == i && outputs[i].check(&c, d) < 0)
				rc = -1;
			continue;
		}
		iot_buf_init(&b);
		if (outputs[i].emit(&c, &b, d) < 0)
			rc = -1;
		iot_buf_free(&b);
	}
	free(a.values);
	free(a.counts);
	free(a.lists);
	return rc;
}

static int run(const struct iot_args *a)
{
	struct planned p[IOT_ARRAY_SIZE(outputs)];
	struct iot_compile_ctx c = { .a = a };
	struct iot_topology t;
	struct iot_diags d;
	uint8_t *base = NULL;
	bool made_dir = false;
	int n = 0, rc = 2;

	rc = iot_compile_acpi_check_args(a);
	if (rc)
		return rc;
	if (iot_arg(a, "patched") && !iot_arg(a, "base"))
		return iot_usage_error(a->cmd, "--patched needs --base BOARD.dtb");
	if (iot_arg(a, "overlay") && !iot_arg(a, "base"))
		return iot_usage_error(a->cmd, "--overlay needs --base BOARD.dtb");
	if (iot_arg(a, "base") && !iot_arg(a, "patched") && !iot_arg(a, "overlay") &&
	    !iot_arg(a, "output"))
		return iot_usage_error(a->cmd,
				       "--base needs --patched FILE, --overlay FILE or -o DIR");
	if (iot_arg(a, "output") && !strcmp(iot_arg(a, "output"), "-"))
		return iot_usage_error(a->cmd,
				       "-o takes a directory, not '-': standard output holds one "
				       "output, so name it (--dts -, --iort-asl -, ...)");
	rc = check_paths(a);
	if (rc)
		return rc;
	rc = 2;
	iot_topology_init(&t);
	iot_diags_init(&d);
	/*
	 * Readers are fail-soft (lint and groups go on with what they read), but a
	 * table with errors may have lost what the writer would need: none written.
	 * Errors about what Linux does with a table read in full (READ_LINUX rules:
	 * RMRs in a pre-E.d IORT, an SMMU model arm-smmu refuses, a DMAR with no
	 * DRHD) lose nothing: the table converts faithfully and exits 1.
	 */
	if (iot_load_input(a->pos[0], &t, NULL, &d) < 0 || iot_diags_lossy_errors(&d)) {
		rc = iot_diags_exit_status(&d);
		goto out;
	}
	c.t = &t;
	c.stem = input_stem(a->pos[0]);
	c.base_path = iot_arg(a, "base");
	if (c.base_path && iot_read_file(c.base_path, &base, &c.base_len, &d) < 0)
		goto out;
	c.base = base;
	n = plan(a, &c, p);
	if (!n) {
		print_diags(&d);
		rc = iot_usage_error(a->cmd, "nothing to write: give -o DIR or an output option");
		goto out;
	}
	rc = 0;
	for (int i = 0; i < n; i++)
		if (p[i].o->emit(&c, &p[i].buf, &d) < 0)
			rc = 1;
	if (!rc && iot_arg(a, "output")) {
		if (mkdir(iot_arg(a, "output"), 0777) == 0) {
			made_dir = true;
		} else if (errno != EEXIST) {
			struct iot_loc loc = iot_loc_text(iot_arg(a, "output"), 0, 0);

			iot_error(&d, &loc, "cannot create the output directory: %s",
				  strerror(errno));
			rc = 2;
		}
	}
	if (!rc)
		rc = write_all_or_none(p, n, &d);
	/* all or nothing: a directory made for outputs that were not written goes too */
	if (rc && made_dir)
		rmdir(iot_arg(a, "output"));
out:
	print_diags(&d);
	if (!rc && d.n_errors)
		rc = 1;
	for (int i = 0; i < n; i++) {
		free(p[i].path);
		iot_buf_free(&p[i].buf);
	}
	free((char *)c.stem);
	free(base);
	iot_diags_free(&d);
	iot_topology_free(&t);
	return rc;
}

const struct iot_command iot_cmd_compile = {
	.name = "compile",
	.args_usage = "TOPO",
	.summary = "write a topology as Device Tree (DTS, .dtsi, DTB, patched DTB) and ACPI "
		   "IORT/VIOT/DMAR/IVRS",
	.description =
		"TOPO is any input iotopo reads (YAML topology, DTB, DTS).  -o DIR writes\n"
		"every output that applies, named after TOPO (board.yaml -> DIR/board.dtb,\n"
		"...); an output's own option writes it to FILE (\"-\" is stdout).\n"
		"--base BOARD.dtb with --patched FILE (or -o) copies the board DTB and adds\n"
		"the IOMMU properties to the nodes the topology names, by DT path or label;\n"
		"--overlay FILE writes that change as a DT overlay for fdtoverlay.\n"
		"--iort-rev picks the IORT revision (default: the decoded table's, else 6,\n"
		"the newest Linux parses).  From a Device Tree (DTB, DTS, or YAML with\n"
		"firmware: dt) the IORT has what IORT can describe; each device with no\n"
		"ACPI path, IOMMU other than an Arm SMMU, MSI controller other than an\n"
		"ITS, masked map, placeholder row or disabled node is left out with one\n"
		"iort-* diagnostic saying why (--iort writes it even when nothing is left).\n"
		"iasl source compiles back to the same bytes with `iasl -z`, but for the\n"
		"fields a warning names; written beside the binary (-o DIR, or --iort with\n"
		"--iort-asl) it is of the binary's revision, or -o DIR leaves it out and\n"
		"says why.  An IORT with an IWB node (E.g) gets no iasl source: ACPICA\n"
		"reads IWB nodes from 20251212, newer than both dialects.  A decoded IORT\n"
		"compiles back byte for byte at its revision.\n"
		"--dmar writes the intel-vtd units, RMRR/ATSR/SATC/SIDP entries, ANDDs and\n"
		"kept raw structures as a DMAR; a decoded DMAR compiles back byte for byte\n"
		"(structure order, reserved bytes, ANDD padding, unknown structures).\n"
		"--dmar-asl writes its iasl source; -o DIR writes it only when iasl gives\n"
		"back the binary (iasl sizes an ANDD from its name, so a padded name cannot\n"
		"be written; 20200925 has no SATC or SIDP).\n"
		"A firmware table TOPO with errors is not written (its reader may have\n"
		"skipped what the writer needs), except errors about what Linux does with a\n"
		"table read in full (iort-rmr-revision, iort-smmu-model, dmar-no-drhd,\n"
		"dmar-drhd-base-zero, ivrs-no-ivhd): the outputs are written, the error is\n"
		"printed and the exit status is 1.",
	.options = compile_options,
	.min_pos = 1,
	.max_pos = 1,
	.run = run,
};
