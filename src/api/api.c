// SPDX-License-Identifier: MIT
/*
 * libiotopo's public interface (include/iotopo/iotopo.h): a thin layer over
 * the readers, writers, lint engine and simulator the command uses, so a
 * program gets the same answers as `iotopo compile/lint/groups`.  Only the
 * functions marked IOT_PUBLIC are exported from the shared library; the
 * rest of the library is built with hidden visibility.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acpi/acpi.h"
#include "dt/dt.h"
#include "io/load.h"
#include "iotopo/iotopo.h"
#include "lint/rule_ids.h"
#include "lint/rules.h"
#include "sim/sim.h"
#include "util/mem.h"
#include "version.h"
#include "yaml/yaml.h"

struct iot_findings {
	struct iot_finding *v;
	size_t n;
};

struct iot_topo {
	struct iot_topology t;
	char *path; /* locations in t and in reader point at it */
	struct iot_diags reader; /* what the reader reported, re-levelled by iot_lint() */
};

struct iot_simulation {
	struct iot_sim_device *v;
	size_t n;
	size_t n_groups;
	char *strings; /* one block: names and IOMMU names */
};

const char *iot_version(void)
{
	return IOTOPO_VERSION;
}

const char *iot_strerror(int err)
{
	static const char *const msg[] = {
		[0] = "success",
		[IOT_ERR_BADARG] = "invalid argument",
		[IOT_ERR_IO] = "cannot read the input",
		[IOT_ERR_FORMAT] = "not an input iotopo reads, or malformed",
		[IOT_ERR_LOSSY] = "the input was read with errors that lose what the output needs",
		[IOT_ERR_NOTAPPLICABLE] = "the output does not describe this topology",
		[IOT_ERR_INVALID] = "the topology was refused",
	};

	if (err < 0)
		err = -err;
	return err <= IOT_ERR_MAX ? msg[err] : "unknown error";
}

/* ---- findings ---- */

static char *dup_or_null(const char *s)
{
	return s ? iot_strdup(s) : NULL;
}

/* A copy of @d that owns its strings, so it outlives the topology. */
static struct iot_findings *findings_from(const struct iot_diags *d)
{
	struct iot_findings *f = iot_xcalloc(1, sizeof(*f));

	f->v = iot_xcalloc(d->n ? d->n : 1, sizeof(*f->v));
	for (size_t i = 0; i < d->n; i++) {
		const struct iot_diag *dg = &d->v[i];
		struct iot_finding *o = &f->v[f->n++];
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (m) {
			iot_diag_fprint(m, dg);
			fclose(m);
		}
		if (text && len && text[len - 1] == '\n')
			text[len - 1] = 0;
		o->severity = dg->sev == IOT_SEV_ERROR	 ? IOT_SEVERITY_ERROR :
			      dg->sev == IOT_SEV_WARNING ? IOT_SEVERITY_WARNING :
							   IOT_SEVERITY_NOTE;
		o->rule = dup_or_null(dg->rule);
		o->file = dup_or_null(dg->loc.file);
		o->line = dg->loc.line;
		o->col = dg->loc.col;
		o->offset = dg->loc.offset;
		o->has_offset = dg->loc.has_offset;
		o->object = dup_or_null(dg->object);
		o->message = iot_strdup(dg->msg ? dg->msg : "");
		o->text = text ? text : iot_strdup(o->message);
	}
	return f;
}

static void give_findings(struct iot_findings **out, const struct iot_diags *d)
{
	if (out)
		*out = findings_from(d);
}

size_t iot_findings_count(const struct iot_findings *f)
{
	return f ? f->n : 0;
}

const struct iot_finding *iot_findings_get(const struct iot_findings *f, size_t i)
{
	return f && i < f->n ? &f->v[i] : NULL;
}

size_t iot_findings_count_severity(const struct iot_findings *f, int severity)
{
	size_t n = 0;

	for (size_t i = 0; f && i < f->n; i++)
		n += f->v[i].severity == severity;
	return n;
}

void iot_findings_free(struct iot_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free((char *)f->v[i].rule);
		free((char *)f->v[i].file);
		free((char *)f->v[i].object);
		free((char *)f->v[i].message);
		free((char *)f->v[i].text);
	}
	free(f->v);
	free(f);
}

/* ---- topologies ---- */

int iot_topo_load(const char *path, struct iot_topo **topo, struct iot_findings **findings)
{
	struct iot_topo *h;
	struct stat st;
	int rc;

	if (findings)
		*findings = NULL;
	if (!path || !topo)
		return -IOT_ERR_BADARG;
	*topo = NULL;
	if (strcmp(path, "-") && (stat(path, &st) < 0 || access(path, R_OK) < 0)) {
		int e = errno;
		struct iot_diags d;
		struct iot_loc loc = iot_loc_text(path, 0, 0);

		iot_diags_init(&d);
		iot_error(&d, &loc, "cannot open: %s", strerror(e));
		give_findings(findings, &d);
		iot_diags_free(&d);
		errno = e;
		return -IOT_ERR_IO;
	}
	h = iot_xcalloc(1, sizeof(*h));
	h->path = iot_strdup(path);
	iot_topology_init(&h->t);
	h->t.source = h->path;
	iot_diags_init(&h->reader);
	rc = iot_load_input(h->path, &h->t, NULL, &h->reader);
	give_findings(findings, &h->reader);
	if (rc < 0) {
		iot_topo_free(h);
		return -IOT_ERR_FORMAT;
	}
	*topo = h;
	return 0;
}

void iot_topo_free(struct iot_topo *topo)
{
	if (!topo)
		return;
	iot_topology_free(&topo->t);
	iot_diags_free(&topo->reader);
	free(topo->path);
	free(topo);
}

long iot_topo_count(const struct iot_topo *topo, int what)
{
	const struct iot_topology *t;
	long n = 0;

	if (!topo)
		return -IOT_ERR_BADARG;
	t = &topo->t;
	switch (what) {
	case IOT_COUNT_IOMMUS:
		return (long)t->n_iommus;
	case IOT_COUNT_MSI_CONTROLLERS:
		return (long)t->n_msis;
	case IOT_COUNT_PCI_ROOTS:
		return (long)t->n_roots;
	case IOT_COUNT_PCI_FUNCTIONS:
		for (size_t i = 0; i < t->n_roots; i++)
			n += (long)t->roots[i].n_devs;
		return n;
	case IOT_COUNT_PLATFORM_DEVICES:
		return (long)t->n_platdevs;
	}
	return -IOT_ERR_BADARG;
}

/* ---- compiling ---- */

/* x86 IOMMUs (DMAR, IVRS) have no Device Tree binding (as `compile -o` decides) */
static bool dt_applies(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_INTEL_VTD ||
		    t->iommus[i].model == IOT_IOMMU_AMD_VI)
			return false;
	return true;
}

static int write_output(const struct iot_topology *t, int output, struct iot_buf *o,
			struct iot_diags *d)
{
	struct iot_acpi_opts opts = { .iort_revision = -1 };
	struct iot_acpi_names names = { 0 };
	struct iot_buf bin;
	int rc;

	switch (output) {
	case IOT_OUTPUT_DTB:
	case IOT_OUTPUT_DTS:
		if (!dt_applies(t))
			return -IOT_ERR_NOTAPPLICABLE;
		rc = output == IOT_OUTPUT_DTB ? iot_dt_write_dtb(t, o, d) :
						iot_dt_write_dts(t, o, d);
		return rc < 0 ? -IOT_ERR_INVALID : 0;
	case IOT_OUTPUT_IORT:
	case IOT_OUTPUT_IORT_ASL:
		if (!iot_topology_has_iort(t))
			return -IOT_ERR_NOTAPPLICABLE;
		break;
	case IOT_OUTPUT_VIOT:
	case IOT_OUTPUT_VIOT_ASL:
		if (!iot_topology_has_viot(t))
			return -IOT_ERR_NOTAPPLICABLE;
		break;
	case IOT_OUTPUT_YAML:
		iot_yaml_emit(t, o);
		return 0;
	default:
		return -IOT_ERR_BADARG;
	}
	if (output == IOT_OUTPUT_IORT)
		return iot_iort_write(t, &opts, o, NULL, d) < 0 ? -IOT_ERR_INVALID : 0;
	if (output == IOT_OUTPUT_VIOT)
		return iot_viot_write(t, o, NULL, d) < 0 ? -IOT_ERR_INVALID : 0;
	iot_buf_init(&bin);
	if (output == IOT_OUTPUT_IORT_ASL)
		rc = iot_iort_write(t, &opts, &bin, &names, d);
	else
		rc = iot_viot_write(t, &bin, &names, d);
	if (!rc)
		rc = iot_acpi_write_asl(bin.data, bin.len, IOT_ASL_CURRENT, &names,
					output == IOT_OUTPUT_IORT_ASL ? "IORT" : "VIOT", o, d);
	iot_acpi_names_free(&names);
	iot_buf_free(&bin);
	return rc < 0 ? -IOT_ERR_INVALID : 0;
}

int iot_compile(const struct iot_topo *topo, int output, void **buf, size_t *len,
		struct iot_findings **findings)
{
	struct iot_diags d;
	struct iot_buf o;
	int rc;

	if (findings)
		*findings = NULL;
	if (buf)
		*buf = NULL;
	if (len)
		*len = 0;
	if (!topo || !buf || !len || output < IOT_OUTPUT_DTB || output > IOT_OUTPUT_YAML)
		return -IOT_ERR_BADARG;
	iot_diags_init(&d);
	/* as `iotopo compile`: a table read with errors may have lost what the writer needs */
	if (output != IOT_OUTPUT_YAML && iot_diags_lossy_errors(&topo->reader)) {
		give_findings(findings, &topo->reader);
		iot_diags_free(&d);
		return -IOT_ERR_LOSSY;
	}
	iot_buf_init(&o);
	rc = write_output(&topo->t, output, &o, &d);
	give_findings(findings, &d);
	iot_diags_free(&d);
	if (rc < 0) {
		iot_buf_free(&o);
		return rc;
	}
	/* a zero-length output still gets a buffer the caller can free() */
	*buf = o.data ? o.data : iot_xcalloc(1, 1);
	*len = o.len;
	return 0;
}

/* ---- linting ---- */

int iot_lint(const struct iot_topo *topo, struct iot_findings **findings)
{
	struct iot_lint_config cfg;
	struct iot_diags d;
	int errors;

	if (findings)
		*findings = NULL;
	if (!topo || !findings)
		return -IOT_ERR_BADARG;
	iot_lint_config_init(&cfg);
	iot_diags_init(&d);
	/* the reader's findings at their configured severities, then the model rules */
	iot_lint_filter(&topo->reader, &cfg, &topo->t, &d);
	iot_lint_topology(&topo->t, topo->t.firmware.kind, &cfg, &d);
	errors = (int)d.n_errors;
	*findings = findings_from(&d);
	iot_diags_free(&d);
	iot_lint_config_free(&cfg);
	return errors;
}

/* ---- simulation ---- */

int iot_simulate(const struct iot_topo *topo, const char *kernel, struct iot_simulation **sim,
		 struct iot_findings **findings)
{
	struct iot_sim_opts o = { .kernel = kernel };
	struct iot_sim_result r;
	struct iot_simulation *s;
	struct iot_diags d;
	size_t need = 0;
	char *p;

	if (findings)
		*findings = NULL;
	if (sim)
		*sim = NULL;
	if (!topo || !sim)
		return -IOT_ERR_BADARG;
	iot_diags_init(&d);
	if (iot_sim_run(&topo->t, &o, &r, &d) < 0) {
		give_findings(findings, &d);
		iot_diags_free(&d);
		return -IOT_ERR_INVALID;
	}
	s = iot_xcalloc(1, sizeof(*s));
	s->n = r.n_devs;
	s->n_groups = iot_sim_n_groups(&r);
	s->v = iot_xcalloc(r.n_devs ? r.n_devs : 1, sizeof(*s->v));
	for (size_t i = 0; i < r.n_devs; i++) {
		const struct iot_sim_dev *sd = &r.devs[i];

		need += strlen(sd->name) + 1;
		if (sd->iommu >= 0 && (size_t)sd->iommu < topo->t.n_iommus &&
		    topo->t.iommus[sd->iommu].name)
			need += strlen(topo->t.iommus[sd->iommu].name) + 1;
	}
	p = s->strings = iot_xmalloc(need ? need : 1);
	for (size_t i = 0; i < r.n_devs; i++) {
		const struct iot_sim_dev *sd = &r.devs[i];
		struct iot_sim_device *od = &s->v[i];
		size_t l = strlen(sd->name) + 1;

		od->name = memcpy(p, sd->name, l);
		p += l;
		if (sd->iommu >= 0 && (size_t)sd->iommu < topo->t.n_iommus &&
		    topo->t.iommus[sd->iommu].name) {
			l = strlen(topo->t.iommus[sd->iommu].name) + 1;
			od->iommu = memcpy(p, topo->t.iommus[sd->iommu].name, l);
			p += l;
		}
		od->is_pci = sd->is_pci;
		od->group = sd->group >= 0 ? r.groups[sd->group].id : -1;
		od->verdict = iot_verdict_name(sd->verdict);
		od->isolated = sd->isolated;
	}
	iot_sim_free(&r);
	give_findings(findings, &d);
	iot_diags_free(&d);
	*sim = s;
	return 0;
}

size_t iot_simulation_count(const struct iot_simulation *sim)
{
	return sim ? sim->n : 0;
}

const struct iot_sim_device *iot_simulation_device(const struct iot_simulation *sim, size_t i)
{
	return sim && i < sim->n ? &sim->v[i] : NULL;
}

size_t iot_simulation_groups(const struct iot_simulation *sim)
{
	return sim ? sim->n_groups : 0;
}

void iot_simulation_free(struct iot_simulation *sim)
{
	if (!sim)
		return;
	free(sim->v);
	free(sim->strings);
	free(sim);
}
