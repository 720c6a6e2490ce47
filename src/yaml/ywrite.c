// SPDX-License-Identifier: MIT
/*
 * Model -> canonical YAML, a loop over the field tables (yfield.h).
 * Canonical means: sections and keys in one fixed order (the tables'),
 * only values that differ from the reader's defaults, numbers that are
 * addresses, IDs or masks in hex and counts in decimal.  Whatever the model
 * came from (YAML, DTB, IORT, VIOT, DMAR, IVRS, sysfs), loading the text
 * gives back an equal model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "yaml/yaml.h"
#include "yaml/yfield.h"
#include "util/hash.h"

/* ---- scalars ---- */

static bool is_special_word(const char *s)
{
	static const char *const words[] = {
		"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
		"yes",	"Yes",	"YES",	"no",	"No",	"NO",	"on",	 "On",	  "ON",
		"off",	"Off",	"OFF",	"y",	"Y",	"n",	"N",	 NULL,
	};

	for (size_t i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return true;
	return false;
}

/* A string that reads back as the same string without quotes. */
static bool plain_ok(const char *s)
{
	if (!s[0] || is_special_word(s))
		return false;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_' ||
	      s[0] == '/'))
		return false;
	for (const char *p = s; *p; p++) {
		char ch = *p;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || strchr("_./@+-", ch)))
			return false;
	}
	return true;
}

/*
 * A double-quoted YAML scalar that reads back as @s: '"', '\\', control
 * characters and the YAML line breaks (NEL, LS, PS, which a double-quoted
 * scalar folds) escaped; well-formed UTF-8 as it is; a byte that is not
 * UTF-8 as \xNN (YAML input must be UTF-8: the raw byte would not read).
 */
static void yput_dq(struct iot_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);

	iot_buf_addc(b, '"');
	while (p < end) {
		size_t n = iot_utf8_len(p, end);

		if (*p == '"' || *p == '\\') {
			iot_buf_addc(b, '\\');
			iot_buf_addc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f || !n) {
			iot_buf_printf(b, "\\x%02x", *p);
		} else if (n == 2 && p[0] == 0xc2 && p[1] == 0x85) {
			iot_buf_adds(b, "\\N");
		} else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 &&
			   (p[2] == 0xa8 || p[2] == 0xa9)) {
			iot_buf_adds(b, p[2] == 0xa8 ? "\\L" : "\\P");
		} else {
			iot_buf_add(b, p, n);
			p += n;
			continue;
		}
		p++;
	}
	iot_buf_addc(b, '"');
}

static bool ascii_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

void yput_str(struct iot_buf *b, const char *s)
{
	if (plain_ok(s)) {
		iot_buf_adds(b, s);
		return;
	}
	yput_dq(b, s);
}

void yput_quoted(struct iot_buf *b, const char *s)
{
	iot_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			iot_buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			iot_buf_printf(b, "\\x%02x", *p);
		else
			iot_buf_addc(b, (char)*p);
	}
	iot_buf_addc(b, '"');
}

void yput_num(struct iot_buf *b, uint64_t v, enum yfmt fmt)
{
	static const char *const f[] = {
		[YX_DEC] = "%llu",	  [YX_HEX] = "0x%llx",	  [YX_HEX2] = "0x%02llx",
		[YX_HEX4] = "0x%04llx",	  [YX_HEX6] = "0x%06llx", [YX_HEX8] = "0x%08llx",
		[YX_HEX16] = "0x%016llx",
	};

	iot_buf_printf(b, f[fmt <= YX_HEX16 ? fmt : YX_HEX], (unsigned long long)v);
}

/* ---- names ---- */

/* A set of names (open addressing), so naming n objects stays O(n). */
struct nameset {
	const char **slot;
	size_t mask;
};

static size_t name_hash(const char *s)
{
	return iot_str_hash(s);
}

static bool set_has(const struct nameset *ns, const char *s)
{
	for (size_t i = name_hash(s) & ns->mask; ns->slot[i]; i = (i + 1) & ns->mask)
		if (!strcmp(ns->slot[i], s))
			return true;
	return false;
}

static void set_add(struct nameset *ns, const char *s)
{
	size_t i = name_hash(s) & ns->mask;

	while (ns->slot[i])
		i = (i + 1) & ns->mask;
	ns->slot[i] = s;
}

/* @base, or @base-1, @base-2, ... whichever is not taken yet; recorded as taken. */
static char *unique(struct nameset *ns, char *base)
{
	char *cand = iot_strdup(base);

	for (unsigned int k = 1; set_has(ns, cand); k++) {
		free(cand);
		cand = iot_asprintf("%s-%u", base, k);
	}
	free(base);
	set_add(ns, cand);
	return cand;
}

const char *yem_name(const struct yem *e, int k, int i)
{
	return i >= 0 && (size_t)i < e->n_names[k] ? e->names[k][i] : NULL;
}

/* ---- rows ---- */

static bool obj_present(const struct yem *e, const struct ytable *t, const void *obj);

bool yfield_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	if (f->hooks && f->hooks->present)
		return f->hooks->present(e, f, obj);
	switch (f->emit) {
	case YE_ALWAYS:
		return true;
	case YE_NEVER:
		return false;
	case YE_HAS:
		return *(const bool *)((const char *)obj + f->has_off);
	default:
		break;
	}
	switch (f->type) {
	case YT_UINT:
	case YT_WORD:
		return yf_get_uint(f, obj) != f->dflt;
	case YT_BOOL:
		return yf_get_bool(f, obj) != (f->dflt != 0);
	case YT_STR:
		return *(const char *const *)yf_cptr(f, obj) != NULL;
	case YT_ACPI_ID:
		return *(const char *)yf_cptr(f, obj) != '\0';
	case YT_REF:
		return yem_name(e, f->ref, *(const int *)yf_cptr(f, obj)) != NULL;
	case YT_OBJ:
		return obj_present(e, f->sub, yf_cptr(f, obj));
	case YT_LIST:
		return *(const size_t *)((const char *)obj + f->list->n_off) != 0;
	case YT_HOOK:
		break;
	}
	return false;
}

static bool row_applies(const struct yem *e, const struct ytable *t, const struct yfield *f)
{
	return !t->by_model || yf_applies(f, e->model);
}

static bool obj_present(const struct yem *e, const struct ytable *t, const void *obj)
{
	for (size_t i = 0; i < t->n; i++)
		if (row_applies(e, t, &t->f[i]) && yfield_present(e, &t->f[i], obj))
			return true;
	return false;
}

/* The value of row @f (inline: a scalar or a flow collection). */
static void emit_value(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const void *p = yf_cptr(f, obj);

	if (f->hooks && f->hooks->emit) {
		f->hooks->emit(e, f, obj, ind);
		return;
	}
	switch (f->type) {
	case YT_UINT:
		yput_num(e->b, yf_get_uint(f, obj), (enum yfmt)f->fmt);
		break;
	case YT_BOOL:
		iot_buf_adds(e->b, yf_get_bool(f, obj) ? "true" : "false");
		break;
	case YT_STR:
	case YT_ACPI_ID: {
		const char *s = f->type == YT_STR ? *(const char *const *)p : (const char *)p;

		if (f->fmt || (f->type == YT_ACPI_ID && !ascii_printable(s ? s : "")))
			yput_quoted(e->b, s ? s : ""); /* an ACPI ID is bytes: \xNN past ASCII */
		else
			yput_str(e->b, s ? s : "");
		break;
	}
	case YT_WORD:
		iot_buf_adds(e->b, f->words[yf_get_uint(f, obj)]);
		break;
	case YT_REF:
		yput_str(e->b, yem_name(e, f->ref, *(const int *)p));
		break;
	case YT_OBJ:
		yemit_flow(e, f->sub, p);
		break;
	case YT_LIST: {
		const char *arr = *(const char *const *)p;
		size_t n = *(const size_t *)((const char *)obj + f->list->n_off);

		iot_buf_addc(e->b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				iot_buf_adds(e->b, ", ");
			yemit_flow(e, f->sub, arr + i * f->list->elem);
		}
		iot_buf_addc(e->b, ']');
		break;
	}
	case YT_HOOK:
		break;
	}
}

/* A by_model table's model: its first word row (an IOMMU's model). */
static void set_model(struct yem *e, const struct ytable *t, const void *obj)
{
	if (!t->by_model)
		return;
	for (size_t i = 0; i < t->n; i++)
		if ((t->f[i].flags & YF_FIRST) && t->f[i].type == YT_WORD) {
			e->model = (unsigned int)yf_get_uint(&t->f[i], obj);
			return;
		}
}

void yemit_flow(struct yem *e, const struct ytable *t, const void *obj)
{
	int n = 0;

	set_model(e, t, obj);
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *f = &t->f[i];

		if (!row_applies(e, t, f) || !yfield_present(e, f, obj))
			continue;
		iot_buf_printf(e->b, "%s%s: ", n++ ? ", " : "{", f->key);
		emit_value(e, f, obj, 0);
	}
	iot_buf_adds(e->b, n ? "}" : "{}");
}

static void line_start(struct yem *e, int ind, const char *key)
{
	if (e->dash) {
		iot_buf_printf(e->b, "%*s- ", ind - 2, "");
		e->dash = false;
	} else {
		iot_buf_printf(e->b, "%*s", ind, "");
	}
	iot_buf_printf(e->b, "%s:", key);
}

void yemit_block(struct yem *e, const struct ytable *t, const void *obj, int ind)
{
	set_model(e, t, obj);
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *f = &t->f[i];

		if (!row_applies(e, t, f) || !yfield_present(e, f, obj))
			continue;
		line_start(e, ind, f->key);
		if (f->type == YT_LIST && (f->flags & YF_FLOW)) {
			/* one flow mapping a line; an empty list is [] */
			const char *arr = *(const char *const *)yf_cptr(f, obj);
			size_t n = *(const size_t *)((const char *)obj + f->list->n_off);

			iot_buf_adds(e->b, n ? "\n" : " []\n");
			for (size_t k = 0; k < n; k++) {
				iot_buf_printf(e->b, "%*s- ", ind + 2, "");
				yemit_flow(e, f->sub, arr + k * f->list->elem);
				iot_buf_addc(e->b, '\n');
			}
			continue;
		}
		if (f->hooks && f->hooks->block) {
			/* an empty block list is written as [] (RMR ranges and ids) */
			size_t before = e->b->len;

			iot_buf_addc(e->b, '\n');
			f->hooks->emit(e, f, obj, ind);
			if (e->b->len == before + 1) {
				e->b->len = before;
				iot_buf_adds(e->b, " []\n");
			}
			continue;
		}
		iot_buf_addc(e->b, ' ');
		emit_value(e, f, obj, ind);
		iot_buf_addc(e->b, '\n');
	}
}

/* ---- the top level ---- */

static const char *section_name(const struct iot_topology *t, int k, size_t i)
{
	switch (k) {
	case YREF_MSI:
		return t->msis[i].name;
	case YREF_IOMMU:
		return t->iommus[i].name;
	case YREF_PLATDEV:
		return t->platdevs[i].name;
	case YNAME_ROOT:
		return t->roots[i].name;
	case YNAME_PMCG:
		return t->pmcgs[i].name;
	case YNAME_RMR:
		return t->rmrs[i].name;
	}
	return NULL;
}

static const char *section_prefix(const struct iot_topology *t, int k, size_t i)
{
	switch (k) {
	case YREF_MSI:
		return "its";
	case YREF_IOMMU:
		switch (iot_iommu_family(t->iommus[i].model)) {
		case IOT_FAMILY_VIRTIO:
			return "viommu";
		case IOT_FAMILY_INTEL:
			return "dmar";
		case IOT_FAMILY_AMD:
			return "ivhd";
		default:
			return "smmu";
		}
	case YREF_PLATDEV:
		return "dev";
	case YNAME_ROOT:
		return "pcie";
	case YNAME_PMCG:
		return "pmcg";
	case YNAME_RMR:
		return "rmr";
	}
	return "obj";
}

static size_t section_count(const struct iot_topology *t, int k)
{
	const size_t n[YNAME_NR] = { t->n_msis,	 t->n_iommus, t->n_platdevs,
				     t->n_roots, t->n_pmcgs,  t->n_rmrs };

	return n[k];
}

/*
 * Unique names for the objects of kind @k.  Own names come first so that
 * they never change; objects without one get prefix+index, and clashes get
 * "-N".
 */
static char **make_names(const struct iot_topology *t, int k)
{
	size_t n = section_count(t, k);
	char **out = iot_xcalloc(n + 1, sizeof(*out));
	struct nameset ns;
	size_t size = 16;

	while (size < 2 * n + 16)
		size *= 2;
	ns.slot = iot_xcalloc(size, sizeof(*ns.slot));
	ns.mask = size - 1;
	for (size_t i = 0; i < n; i++) {
		const char *own = section_name(t, k, i);

		if (own && own[0])
			out[i] = unique(&ns, iot_strdup(own));
	}
	for (size_t i = 0; i < n; i++)
		if (!out[i])
			out[i] = unique(&ns, iot_asprintf("%s%zu", section_prefix(t, k, i), i));
	free(ns.slot);
	return out;
}

static void emit_section(struct yem *e, const char *key, const struct ytable *t, const void *arr,
			 size_t n, size_t elem)
{
	if (!n)
		return;
	iot_buf_printf(e->b, "%s:\n", key);
	for (size_t i = 0; i < n; i++) {
		e->dash = true;
		yemit_block(e, t, (const char *)arr + i * elem, 4);
	}
}

/* A mapping-valued top-level key, when anything in it is written. */
static void emit_top_obj(struct yem *e, const char *key, const struct ytable *t, const void *obj,
			 bool has)
{
	if (!has || !obj_present(e, t, obj))
		return;
	iot_buf_printf(e->b, "%s:\n", key);
	yemit_block(e, t, obj, 2);
}

void iot_yaml_emit(const struct iot_topology *t, struct iot_buf *out)
{
	struct yem e = { .b = out, .t = t };

	for (int k = 0; k < YNAME_NR; k++) {
		e.names[k] = make_names(t, k);
		e.n_names[k] = section_count(t, k);
	}
	iot_buf_printf(out, "iotopo: %d\n", IOT_FORMAT_VERSION);
	/*
	 * The firmware read (or chosen), unless loading the text would default
	 * to it; a Device Tree's always, so that the YAML compiles as the DT
	 * does (compile --iort leaves DT-only devices out with a warning only
	 * for a DT topology).
	 */
	if ((t->firmware.kind == IOT_FW_MODEL && t->firmware.boot != IOT_FW_UNKNOWN) ||
	    t->firmware.kind == IOT_FW_DT ||
	    iot_topology_boot_firmware(t) != iot_topology_default_firmware(t))
		iot_buf_printf(out, "firmware: %s\n",
			       iot_fw_kind_name(iot_topology_boot_firmware(t)));
	emit_top_obj(&e, "machine", &yt_machine, &t->machine, true);
	emit_section(&e, "msi-controllers", &yt_msi_ctrl, t->msis, t->n_msis, sizeof(*t->msis));
	emit_section(&e, "iommus", &yt_iommu, t->iommus, t->n_iommus, sizeof(*t->iommus));
	emit_section(&e, "pci-roots", &yt_root, t->roots, t->n_roots, sizeof(*t->roots));
	emit_section(&e, "platform-devices", &yt_platdev, t->platdevs, t->n_platdevs,
		     sizeof(*t->platdevs));
	emit_section(&e, "pmcgs", &yt_pmcg, t->pmcgs, t->n_pmcgs, sizeof(*t->pmcgs));
	emit_section(&e, "rmrs", &yt_rmr, t->rmrs, t->n_rmrs, sizeof(*t->rmrs));
	if (t->x86.has_dmar) {
		iot_buf_adds(out, "dmar:\n");
		yemit_block(&e, &yt_dmar, t, 2);
	}
	if (t->x86.has_ivrs) {
		iot_buf_adds(out, "ivrs:\n");
		yemit_block(&e, &yt_ivrs, t, 2);
	}
	emit_top_obj(&e, "kernel", &yt_kernel, &t->kernel, true);
	for (int k = 0; k < YNAME_NR; k++) {
		for (size_t i = 0; i < e.n_names[k]; i++)
			free(e.names[k][i]);
		free(e.names[k]);
	}
}
