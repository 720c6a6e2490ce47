// SPDX-License-Identifier: MIT
#include "util/diag.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define IOT_DIAG_DEFAULT_LIMIT 1000

void iot_diags_init(struct iot_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void iot_diags_free(struct iot_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].rule);
		free(d->v[i].msg);
		free(d->v[i].object);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

const char *iot_severity_name(enum iot_severity sev)
{
	switch (sev) {
	case IOT_SEV_NOTE:
		return "note";
	case IOT_SEV_WARNING:
		return "warning";
	case IOT_SEV_ERROR:
		return "error";
	}
	return "?";
}

const char *iot_src_name(enum iot_src src)
{
	static const char *const names[IOT_SRC_NR] = {
		[IOT_SRC_NONE] = "",	   [IOT_SRC_YAML] = "yaml", [IOT_SRC_DTB] = "dtb",
		[IOT_SRC_DTS] = "dts",	   [IOT_SRC_IORT] = "iort", [IOT_SRC_VIOT] = "viot",
		[IOT_SRC_DMAR] = "dmar",   [IOT_SRC_IVRS] = "ivrs", [IOT_SRC_SYSFS] = "sysfs",
		[IOT_SRC_LSPCI] = "lspci", [IOT_SRC_MADT] = "madt",
	};

	return (unsigned int)src < IOT_SRC_NR ? names[src] : "?";
}

void iot_vdiag(struct iot_diags *d, enum iot_severity sev, const struct iot_loc *loc,
	       const char *rule, const char *fmt, va_list ap)
{
	size_t limit = d->limit ? d->limit : IOT_DIAG_DEFAULT_LIMIT;
	struct iot_diag *dg;

	if (sev == IOT_SEV_ERROR) {
		d->n_errors++;
		if (!rule)
			d->n_input_errors++;
	} else if (sev == IOT_SEV_WARNING)
		d->n_warnings++;
	if (d->n >= limit) {
		d->dropped++;
		return;
	}
	iot_grow((void **)&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	dg = &d->v[d->n++];
	memset(dg, 0, sizeof(*dg));
	dg->sev = sev;
	if (loc)
		dg->loc = *loc;
	dg->rule = rule ? iot_strdup(rule) : NULL;
	dg->msg = iot_vasprintf(fmt, ap);
}

static void count(struct iot_diags *d, const struct iot_diag *dg, int by)
{
	if (dg->sev == IOT_SEV_ERROR) {
		d->n_errors += (size_t)by;
		if (!dg->rule)
			d->n_input_errors += (size_t)by;
	} else if (dg->sev == IOT_SEV_WARNING) {
		d->n_warnings += (size_t)by;
	}
}

void iot_diags_move(struct iot_diags *d, struct iot_diags *to,
		    bool (*pick)(const struct iot_diag *dg))
{
	size_t keep = 0;

	for (size_t i = 0; i < d->n; i++) {
		struct iot_diag *dg = &d->v[i];

		if (!pick(dg)) {
			d->v[keep++] = *dg;
			continue;
		}
		iot_grow((void **)&to->v, &to->cap, to->n + 1, sizeof(*to->v));
		to->v[to->n++] = *dg;
		count(d, dg, -1);
		count(to, dg, 1);
	}
	d->n = keep;
}

int iot_diags_exit_status(const struct iot_diags *d)
{
	return d->n_errors && !d->n_input_errors ? 1 : 2;
}

void iot_diag(struct iot_diags *d, enum iot_severity sev, const struct iot_loc *loc,
	      const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(d, sev, loc, rule, fmt, ap);
	va_end(ap);
}

static const char *program = "iotopo";

void iot_diag_set_program(const char *prefix)
{
	program = prefix ? prefix : "iotopo";
}

void iot_diag_fprint(FILE *f, const struct iot_diag *dg)
{
	const struct iot_loc *l = &dg->loc;

	if (l->file && l->has_offset)
		fprintf(f, "%s: offset 0x%llx: ", l->file, (unsigned long long)l->offset);
	else if (l->file && l->line)
		fprintf(f, "%s:%u:%u: ", l->file, l->line, l->col);
	else if (l->file)
		fprintf(f, "%s: ", l->file);
	else
		fprintf(f, "%s: ", program);
	fprintf(f, "%s: %s", iot_severity_name(dg->sev), dg->msg);
	if (dg->rule)
		fprintf(f, " [%s]", dg->rule);
	fputc('\n', f);
}

void iot_diags_fprint(FILE *f, const struct iot_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		iot_diag_fprint(f, &d->v[i]);
	if (d->dropped)
		fprintf(f, "%s: note: %zu more diagnostics not shown\n", program, d->dropped);
}
