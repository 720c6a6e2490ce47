// SPDX-License-Identifier: MIT
/*
 * The ACPI outputs of `iotopo compile`: IORT and VIOT binaries and their
 * iasl data-table source.  Only wiring: the tables come from src/acpi/.
 */
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "cli/compile_acpi.h"
#include "lint/rule_ids.h"
#include "tables/registry.h"
#include "x86/x86.h"

/* A zero-length map row is a DT placeholder the bootloader fills in: no IORT can hold it. */
static bool has_placeholder_rows(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_roots; i++)
		for (size_t j = 0; j < t->roots[i].iommu_map.n; j++)
			if (!t->roots[i].iommu_map.rows[j].count)
				return true;
	return false;
}

/*
 * -o DIR writes an IORT only for topologies meant for ACPI: every platform
 * device the IORT would describe must have an ACPI path, and no map row be a
 * DT placeholder (a DT-only SoC gets no IORT there; --iort FILE still says
 * why it cannot have one).
 */
bool iot_compile_iort_applies(const struct iot_compile_ctx *c)
{
	return iot_topology_has_iort(c->t) && iot_iort_platdevs_named(c->t) &&
	       !has_placeholder_rows(c->t);
}

bool iot_compile_viot_applies(const struct iot_compile_ctx *c)
{
	return iot_topology_has_viot(c->t);
}

bool iot_compile_ivrs_applies(const struct iot_compile_ctx *c)
{
	return iot_topology_has_ivrs(c->t);
}

int iot_compile_acpi_check_args(const struct iot_args *a)
{
	const char *rev = iot_arg(a, "iort-rev"), *dl = iot_arg(a, "asl-dialect");

	if (rev && strcmp(rev, "0") && strcmp(rev, "3") && strcmp(rev, "5") && strcmp(rev, "6") &&
	    strcmp(rev, "7") && strcmp(rev, "newest"))
		return iot_usage_error(a->cmd,
				       "--iort-rev must be 0, 3, 5, 6, 7 or newest, not '%s'", rev);
	if (dl && strcmp(dl, "current") && strcmp(dl, "20200925"))
		return iot_usage_error(a->cmd,
				       "--asl-dialect must be current or 20200925, not '%s'", dl);
	return 0;
}

/* -1: not given (the decoded table's revision, else the newest) */
static int requested_rev(const struct iot_compile_ctx *c)
{
	const char *rev = iot_arg(c->a, "iort-rev");

	if (!rev)
		return -1;
	return strcmp(rev, "newest") ? atoi(rev) : IOT_IORT_REV_NEWEST;
}

static enum iot_asl_dialect dialect(const struct iot_compile_ctx *c)
{
	const char *dl = iot_arg(c->a, "asl-dialect");

	return dl && !strcmp(dl, "20200925") ? IOT_ASL_20200925 : IOT_ASL_CURRENT;
}

/*
 * A Device Tree board with IOMMUs or MSI controllers, none of which IORT can
 * describe (Rockchip, MediaTek, Exynos IOMMUs; GICv2m): the IORT asked for
 * is written with no nodes, each object left out named by the writer.
 */
static bool dt_iort_empty(const struct iot_compile_ctx *c)
{
	return !iot_topology_has_iort(c->t) && iot_iort_from_dt(c->t) &&
	       (c->t->n_iommus || c->t->n_msis);
}

static void say_empty(const struct iot_compile_ctx *c, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(c->t->source, 0, 0);

	iot_rule_diag(d, IOT_RULE_IORT_EMPTY, c->t->source ? &loc : NULL,
		      "the IORT written has no nodes: nothing this Device Tree describes is an "
		      "ITS, an Arm SMMU or a device behind them (each object left out is named "
		      "above)");
}

/* Asked for by name, a table with nothing in it is a mistake worth saying. */
static int nothing_to_describe(const struct iot_compile_ctx *c, const char *what,
			       struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(c->t->source, 0, 0);

	iot_error(d, c->t->source ? &loc : NULL, "the topology has nothing %s describes", what);
	return -1;
}

static int try_iort_asl(const struct iot_compile_ctx *c, int rev, struct iot_buf *o,
			struct iot_diags *d);

/*
 * Whether the iasl source of the IORT this compile writes reproduces it in
 * this dialect; @why (may be NULL) receives the reasons when not.
 */
static bool iort_asl_expressible(const struct iot_compile_ctx *c, struct iot_diags *why)
{
	struct iot_diags scratch;
	struct iot_buf src;
	bool ok;

	iot_diags_init(&scratch);
	iot_buf_init(&src);
	ok = !try_iort_asl(c, requested_rev(c), &src, why ? why : &scratch);
	iot_buf_free(&src);
	iot_diags_free(&scratch);
	return ok;
}

/*
 * -o DIR writes the .aml and the .asl of one IORT: the source only when it
 * gives back the binary's revision byte for byte (the .aml says why not).
 */
bool iot_compile_iort_asl_applies(const struct iot_compile_ctx *c)
{
	return iot_compile_iort_applies(c) && iort_asl_expressible(c, NULL);
}

int iot_compile_emit_iort(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	struct iot_acpi_opts opts = { .iort_revision = requested_rev(c) };
	int rc;

	if (!iot_topology_has_iort(c->t) && !dt_iort_empty(c))
		return nothing_to_describe(c, "an IORT (ITS, SMMU, PMCG, RMR)", d);
	rc = iot_iort_write(c->t, &opts, o, NULL, d);
	if (!rc && dt_iort_empty(c))
		say_empty(c, d);
	if (!rc && iot_arg(c->a, "output") && !iot_arg(c->a, "iort-asl") &&
	    !iort_asl_expressible(c, NULL)) {
		struct iot_diags why;
		struct iot_loc loc = iot_loc_text("IORT", 0, 0);

		const char *reason = "?";

		iot_diags_init(&why);
		iort_asl_expressible(c, &why);
		for (size_t i = why.n; i-- > 0;)
			if (why.v[i].sev == IOT_SEV_ERROR)
				reason = why.v[i].msg;
		iot_diag(d, IOT_SEV_NOTE, &loc, NULL,
			 "no -iort.asl written: %s cannot give back this IORT (revision %u) byte "
			 "for byte: %s",
			 dialect(c) == IOT_ASL_CURRENT ? "current iasl" : "iasl 20200925",
			 o->len > 8 ? o->data[8] : 0, reason);
		iot_diags_free(&why);
	}
	return rc;
}

bool iot_compile_dmar_applies(const struct iot_compile_ctx *c)
{
	return iot_topology_has_dmar(c->t);
}

/* The iasl source of the table @sig the registry's writer makes of the topology. */
static int table_asl(const struct iot_compile_ctx *c, const char *sig, struct iot_buf *o,
		     struct iot_diags *d)
{
	const struct iot_acpi_table *tb = iot_acpi_table_find(sig);
	struct iot_acpi_opts opts = { .iort_revision = -1 };
	struct iot_acpi_names names = { 0 };
	struct iot_buf bin;
	int rc;

	iot_buf_init(&bin);
	rc = tb->write(c->t, &opts, &bin, &names, d);
	if (!rc)
		rc = iot_acpi_write_asl(bin.data, bin.len, dialect(c), &names, sig, o, d);
	iot_acpi_names_free(&names);
	iot_buf_free(&bin);
	return rc;
}

static int try_dmar_asl(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	return table_asl(c, "DMAR", o, d);
}

/*
 * -o DIR writes the DMAR's iasl source only when the dialect gives back the
 * binary byte for byte (iasl sizes an ANDD from its name: padded names
 * cannot be written; 20200925 has no SATC or SIDP).
 */
bool iot_compile_dmar_asl_applies(const struct iot_compile_ctx *c)
{
	struct iot_diags scratch;
	struct iot_buf src;
	bool ok;

	if (!iot_topology_has_dmar(c->t))
		return false;
	iot_diags_init(&scratch);
	iot_buf_init(&src);
	ok = !try_dmar_asl(c, &src, &scratch);
	iot_buf_free(&src);
	iot_diags_free(&scratch);
	return ok;
}

int iot_compile_emit_dmar_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d)
{
	if (!iot_topology_has_dmar(c->t))
		return nothing_to_describe(c, "a DMAR (an intel-vtd unit)", d);
	return try_dmar_asl(c, o, d);
}

int iot_compile_emit_dmar(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	struct iot_diags why;
	struct iot_buf src;
	int rc;

	if (!iot_topology_has_dmar(c->t))
		return nothing_to_describe(c, "a DMAR (an intel-vtd unit)", d);
	rc = iot_dmar_write(c->t, o, NULL, d);
	if (rc || !iot_arg(c->a, "output") || iot_arg(c->a, "dmar-asl"))
		return rc;
	/* -o DIR leaves out a source iasl would not compile back to this binary: say why */
	iot_diags_init(&why);
	iot_buf_init(&src);
	if (try_dmar_asl(c, &src, &why)) {
		struct iot_loc loc = iot_loc_text("DMAR", 0, 0);
		const char *reason = "?";

		for (size_t i = why.n; i-- > 0;)
			if (why.v[i].sev == IOT_SEV_ERROR)
				reason = why.v[i].msg;
		iot_diag(d, IOT_SEV_NOTE, &loc, NULL,
			 "no -dmar.asl written: %s cannot give back this DMAR byte for byte: %s",
			 dialect(c) == IOT_ASL_CURRENT ? "current iasl" : "iasl 20200925", reason);
	}
	iot_buf_free(&src);
	iot_diags_free(&why);
	return rc;
}

int iot_compile_emit_viot(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	if (!iot_topology_has_viot(c->t))
		return nothing_to_describe(c, "a VIOT (a virtio-iommu)", d);
	return iot_viot_write(c->t, o, NULL, d);
}

static void move_diags(struct iot_diags *to, struct iot_diags *from)
{
	for (size_t i = 0; i < from->n; i++)
		iot_diag(to, from->v[i].sev, &from->v[i].loc, from->v[i].rule, "%s",
			 from->v[i].msg);
	iot_diags_free(from);
	iot_diags_init(from);
}

static int try_iort_asl(const struct iot_compile_ctx *c, int rev, struct iot_buf *o,
			struct iot_diags *d)
{
	struct iot_acpi_opts opts = { .iort_revision = rev };
	struct iot_acpi_names names = { 0 };
	struct iot_buf bin;
	int rc;

	iot_buf_init(&bin);
	rc = iot_iort_write(c->t, &opts, &bin, &names, d);
	if (!rc)
		rc = iot_acpi_write_asl(bin.data, bin.len, dialect(c), &names, "IORT", o, d);
	iot_acpi_names_free(&names);
	iot_buf_free(&bin);
	return rc;
}

/*
 * Without --iort-rev, the source falls back to the newest revision the
 * dialect reproduces byte for byte (no iasl models the E.d root-complex
 * Flags word; 20200925 zeroes node Identifiers), and says so.
 */
int iot_compile_emit_iort_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d)
{
	static const int fallback[] = { 6, 5, 3, 0 };
	int want = requested_rev(c);
	struct iot_diags first;
	int rc;

	if (!iot_topology_has_iort(c->t) && !dt_iort_empty(c))
		return nothing_to_describe(c, "an IORT (ITS, SMMU, PMCG, RMR)", d);
	iot_diags_init(&first);
	rc = try_iort_asl(c, want, o, &first);
	/* written beside the binary, the source has its revision or nothing */
	if (!rc || want >= 0 || iot_arg(c->a, "iort") || iot_arg(c->a, "output")) {
		move_diags(d, &first);
		iot_diags_free(&first);
		return rc;
	}
	for (size_t i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		struct iot_diags scratch;

		iot_diags_init(&scratch);
		rc = try_iort_asl(c, fallback[i], o, &scratch);
		if (!rc) {
			struct iot_loc loc = iot_loc_text("IORT", 0, 0);

			iot_diag(d, IOT_SEV_NOTE, &loc, NULL,
				 "iasl source written for IORT revision %d, the newest that %s "
				 "reproduces byte for byte for this topology (give --iort-rev to "
				 "insist)",
				 fallback[i],
				 dialect(c) == IOT_ASL_CURRENT ? "current iasl" : "iasl 20200925");
			move_diags(d, &scratch);
			iot_diags_free(&scratch);
			iot_diags_free(&first);
			return 0;
		}
		iot_diags_free(&scratch);
	}
	move_diags(d, &first);
	iot_diags_free(&first);
	return -1;
}

/*
 * -o DIR writes the IVRS source only when the dialect gives back the binary
 * byte for byte (IVHD 40h and ACPI HID entries are current iasl's only; no
 * iasl writes unknown blocks): the .aml says why not.
 */
static int try_ivrs_asl(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	struct iot_acpi_names names = { 0 };
	struct iot_buf bin;
	int rc;

	iot_buf_init(&bin);
	rc = iot_ivrs_write(c->t, &bin, &names, d);
	if (!rc)
		rc = iot_acpi_write_asl(bin.data, bin.len, dialect(c), &names, "IVRS", o, d);
	iot_acpi_names_free(&names);
	iot_buf_free(&bin);
	return rc;
}

bool iot_compile_ivrs_asl_applies(const struct iot_compile_ctx *c)
{
	struct iot_diags why;
	struct iot_buf src;
	bool ok;

	if (!iot_topology_has_ivrs(c->t))
		return false;
	iot_diags_init(&why);
	iot_buf_init(&src);
	ok = !try_ivrs_asl(c, &src, &why);
	iot_buf_free(&src);
	iot_diags_free(&why);
	return ok;
}

int iot_compile_emit_ivrs(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d)
{
	struct iot_diags why;
	struct iot_buf src;
	int rc;

	if (!iot_topology_has_ivrs(c->t))
		return nothing_to_describe(c, "an IVRS (an amd-vi unit, IVMD or raw block)", d);
	rc = iot_ivrs_write(c->t, o, NULL, d);
	if (rc || !iot_arg(c->a, "output") || iot_arg(c->a, "ivrs-asl"))
		return rc;
	/* -o DIR: say why the .asl beside the .aml is missing */
	iot_diags_init(&why);
	iot_buf_init(&src);
	if (try_ivrs_asl(c, &src, &why)) {
		struct iot_loc loc = iot_loc_text("IVRS", 0, 0);
		const char *reason = "?";

		for (size_t i = why.n; i-- > 0;)
			if (why.v[i].sev == IOT_SEV_ERROR)
				reason = why.v[i].msg;
		iot_diag(d, IOT_SEV_NOTE, &loc, NULL,
			 "no -ivrs.asl written: %s cannot give back this IVRS byte for byte: %s",
			 dialect(c) == IOT_ASL_CURRENT ? "current iasl" : "iasl 20200925", reason);
	}
	iot_buf_free(&src);
	iot_diags_free(&why);
	return rc;
}

int iot_compile_emit_ivrs_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d)
{
	if (!iot_topology_has_ivrs(c->t))
		return nothing_to_describe(c, "an IVRS (an amd-vi unit, IVMD or raw block)", d);
	return try_ivrs_asl(c, o, d);
}

int iot_compile_emit_viot_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d)
{
	if (!iot_topology_has_viot(c->t))
		return nothing_to_describe(c, "a VIOT (a virtio-iommu)", d);
	return table_asl(c, "VIOT", o, d);
}
