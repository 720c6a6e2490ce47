// SPDX-License-Identifier: MIT
/*
 * Equality of two models by the YAML field tables: what a round trip
 * (YAML -> model -> YAML -> model, or decode then compile) must preserve is
 * exactly what the format can say, so the tables that read and write it
 * also compare it.  Source locations and provenance are not compared.  On
 * a difference, @why names the first row that differs.
 */
#include <stdio.h>
#include <string.h>

#include "yaml/yfield.h"

struct cmp {
	char *why;
	size_t len;
	bool differ;
};

static bool row_equal(const struct yfield *f, const void *a, const void *b)
{
	if ((f->flags & YF_HAS) && *(const bool *)((const char *)a + f->has_off) !=
					   *(const bool *)((const char *)b + f->has_off))
		return false;
	if (f->hooks && f->hooks->equal)
		return f->hooks->equal(f, a, b);
	switch (f->type) {
	case YT_UINT:
	case YT_WORD:
		return yf_get_uint(f, a) == yf_get_uint(f, b);
	case YT_BOOL:
		return yf_get_bool(f, a) == yf_get_bool(f, b);
	case YT_STR: {
		const char *x = *(const char *const *)yf_cptr(f, a);
		const char *y = *(const char *const *)yf_cptr(f, b);

		return (!x && !y) || (x && y && !strcmp(x, y));
	}
	case YT_ACPI_ID:
		return !strcmp(yf_cptr(f, a), yf_cptr(f, b));
	case YT_REF:
		return *(const int *)yf_cptr(f, a) == *(const int *)yf_cptr(f, b);
	case YT_OBJ:
		return ytable_equal(f->sub, yf_cptr(f, a), yf_cptr(f, b));
	case YT_LIST: {
		size_t na = *(const size_t *)((const char *)a + f->list->n_off);
		size_t nb = *(const size_t *)((const char *)b + f->list->n_off);
		const char *x = *(const char *const *)yf_cptr(f, a);
		const char *y = *(const char *const *)yf_cptr(f, b);

		if (na != nb)
			return false;
		for (size_t i = 0; i < na; i++)
			if (!ytable_equal(f->sub, x + i * f->list->elem, y + i * f->list->elem))
				return false;
		return true;
	}
	case YT_HOOK:
		break;
	}
	return true;
}

/* The first row of @t that differs, or NULL. */
static const struct yfield *first_diff(const struct ytable *t, const void *a, const void *b)
{
	for (size_t i = 0; i < t->n; i++)
		if (!row_equal(&t->f[i], a, b))
			return &t->f[i];
	return NULL;
}

bool ytable_equal(const struct ytable *t, const void *a, const void *b)
{
	return !first_diff(t, a, b);
}

static void note(struct cmp *c, const char *what, const char *key, size_t i)
{
	if (!c->differ && c->why && c->len)
		snprintf(c->why, c->len, "%s%s%s (object %zu)", what, key ? " " : "",
			 key ? key : "", i);
	c->differ = true;
}

static void cmp_obj(struct cmp *c, const char *what, const struct ytable *t, const void *a,
		    const void *b, size_t i)
{
	const struct yfield *f = first_diff(t, a, b);

	if (f)
		note(c, what, f->key, i);
}

static void cmp_section(struct cmp *c, const char *what, const struct ytable *t, const void *a,
			const void *b, size_t n, size_t elem)
{
	for (size_t i = 0; i < n && !c->differ; i++)
		cmp_obj(c, what, t, (const char *)a + i * elem, (const char *)b + i * elem, i);
}

bool iot_topology_equal(const struct iot_topology *a, const struct iot_topology *b, char *why,
			size_t why_len)
{
	struct cmp c = { why, why_len, false };

	if (why && why_len)
		why[0] = '\0';
	if (a->format_version != b->format_version)
		note(&c, "format version", NULL, 0);
	/* what the machine boots with; which reader said so is provenance */
	if (iot_topology_boot_firmware(a) != iot_topology_boot_firmware(b))
		note(&c, "firmware", NULL, 0);
	cmp_obj(&c, "machine", &yt_machine, &a->machine, &b->machine, 0);
	cmp_obj(&c, "kernel", &yt_kernel, &a->kernel, &b->kernel, 0);
	if (a->n_msis != b->n_msis || a->n_iommus != b->n_iommus || a->n_roots != b->n_roots ||
	    a->n_platdevs != b->n_platdevs || a->n_pmcgs != b->n_pmcgs || a->n_rmrs != b->n_rmrs ||
	    a->n_x86_entries != b->n_x86_entries || a->n_x86_andds != b->n_x86_andds ||
	    a->n_dmar_raws != b->n_dmar_raws || a->n_ivrs_raws != b->n_ivrs_raws) {
		note(&c, "number of objects", NULL, 0);
		return false;
	}
	cmp_section(&c, "msi", &yt_msi_ctrl, a->msis, b->msis, a->n_msis, sizeof(*a->msis));
	cmp_section(&c, "iommu", &yt_iommu, a->iommus, b->iommus, a->n_iommus, sizeof(*a->iommus));
	cmp_section(&c, "root", &yt_root, a->roots, b->roots, a->n_roots, sizeof(*a->roots));
	cmp_section(&c, "device", &yt_platdev, a->platdevs, b->platdevs, a->n_platdevs,
		    sizeof(*a->platdevs));
	cmp_section(&c, "pmcg", &yt_pmcg, a->pmcgs, b->pmcgs, a->n_pmcgs, sizeof(*a->pmcgs));
	cmp_section(&c, "rmr", &yt_rmr, a->rmrs, b->rmrs, a->n_rmrs, sizeof(*a->rmrs));
	if (a->x86.has_dmar != b->x86.has_dmar || a->x86.has_ivrs != b->x86.has_ivrs)
		note(&c, "x86 tables", NULL, 0);
	cmp_obj(&c, "dmar", &yt_dmar, a, b, 0);
	cmp_obj(&c, "ivrs", &yt_ivrs, a, b, 0);
	return !c.differ;
}
