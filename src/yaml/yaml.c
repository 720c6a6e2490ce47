// SPDX-License-Identifier: MIT
/*
 * YAML -> model.  Two passes over the node tree: the first creates every
 * named object (so references may point forwards and across sections), the
 * second reads every key and resolves names to indices on the spot.  Each
 * problem is one diagnostic naming the key path; reading goes on after an
 * error wherever the rest of the input still makes sense.
 */
#include "yaml/yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "x86/x86.h"
#include "yaml/ytree.h"

#define MAX_PATH 1024

struct yctx {
	const char *file;
	uint16_t origin; /* this file's index in t->origins */
	struct iot_diags *d;
	struct iot_topology *t;
	char path[MAX_PATH];
	size_t plen;
	size_t errors;
	/* names of each kind of referable object, sorted, for resolve() */
	struct name_ix *ix[3];
	size_t n_ix[3];
};

struct name_ix {
	const char *name;
	size_t idx;
	const struct ynode *node; /* the name's node in this file, or NULL */
};

static int cmp_name_ix(const void *a, const void *b)
{
	const struct name_ix *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* ---- key paths and diagnostics ---- */

static size_t path_push_key(struct yctx *c, const char *key)
{
	size_t old = c->plen;
	int n = snprintf(c->path + c->plen, MAX_PATH - c->plen, "%s%s", c->plen ? "." : "", key);

	if (n > 0 && (size_t)n < MAX_PATH - c->plen)
		c->plen += (size_t)n;
	return old;
}

static size_t path_push_index(struct yctx *c, size_t i)
{
	size_t old = c->plen;
	int n = snprintf(c->path + c->plen, MAX_PATH - c->plen, "[%zu]", i);

	if (n > 0 && (size_t)n < MAX_PATH - c->plen)
		c->plen += (size_t)n;
	return old;
}

static void path_pop(struct yctx *c, size_t old)
{
	c->plen = old;
	c->path[old] = '\0';
}

static struct iot_loc node_loc(const struct yctx *c, const struct ynode *n)
{
	struct iot_loc l = iot_loc_text(c->file, n->line, n->col);

	l.src = IOT_SRC_YAML;
	l.origin = c->origin;
	return l;
}

static void yerr(struct yctx *c, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One error at @n, prefixed with the current key path. */
static void yerr(struct yctx *c, const struct ynode *n, const char *fmt, ...)
{
	struct iot_loc loc = node_loc(c, n);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->errors++;
	if (c->plen)
		iot_error(c->d, &loc, "%s: %s", c->path, msg);
	else
		iot_error(c->d, &loc, "%s", msg);
}

/* A user's scalar, shortened and with unprintable bytes escaped, for messages. */
static const char *show(const struct ynode *n, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < n->len && o + 8 < size; i++) {
		unsigned char ch = (unsigned char)n->s[i];

		if (i >= 40) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (ch < 0x20 || ch == 0x7f || ch == '\'')
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", ch);
		else
			out[o++] = (char)ch;
	}
	out[o] = '\0';
	return out;
}

static const char *kind_name(const struct ynode *n)
{
	if (n->kind == YN_MAP)
		return "a mapping";
	if (n->kind == YN_SEQ)
		return "a list";
	if (n->plain && n->len == 0)
		return "nothing";
	return n->plain ? "a plain word" : "a quoted string";
}

/* ---- suggestions ---- */

unsigned int iot_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned int row[65];

	if (la > 64 || lb > 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned int diag = row[0];

		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int up = row[j];
			unsigned int best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > 99 ? 99 : row[lb];
}

/*
 * Suggestions cost an edit distance per candidate; a file with thousands of
 * mistakes gets them for the first ones only (later diagnostics are mostly
 * dropped by the diagnostics limit anyway), so a hostile file stays fast.
 */
#define MAX_SUGGESTED_ERRORS 100

static unsigned int suggest_limit(size_t len)
{
	return len <= 3 ? 1 : len < 6 ? 2 : (unsigned int)(len / 3 + 1);
}

/* The closest of @n candidates @cands to @s, if close enough; NULL if none. */
static const char *closest(const struct yctx *c, const char *s, const char *const *cands, size_t n)
{
	size_t ls = strlen(s);
	unsigned int limit = suggest_limit(ls), best = 99;
	const char *pick = NULL;

	if (c->errors >= MAX_SUGGESTED_ERRORS)
		return NULL;
	for (size_t i = 0; i < n && cands[i]; i++) {
		size_t lc = strlen(cands[i]);
		unsigned int dist;

		if ((lc > ls ? lc - ls : ls - lc) > limit)
			continue; /* cannot be close enough */
		dist = iot_edit_distance(s, cands[i]);
		if (dist < best) {
			best = dist;
			pick = cands[i];
		}
	}
	return best <= limit ? pick : NULL;
}

/* ---- mapping access ---- */

static struct ynode *get(const struct ynode *m, const char *key)
{
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!strcmp(m->kids[i]->s, key) && m->kids[i]->len == strlen(key))
			return m->kids[i + 1];
	return NULL;
}

static struct ynode *key_of(const struct ynode *m, const char *key)
{
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!strcmp(m->kids[i]->s, key))
			return m->kids[i];
	return NULL;
}

/*
 * Report keys of @m not in @allowed (NULL-terminated) with a suggestion, and
 * keys given twice.  Returns false if @m is not a mapping at all.
 */
static bool check_map(struct yctx *c, const struct ynode *m, const char *const *allowed)
{
	unsigned int first_line[64] = { 0 }; /* per allowed key: line where first seen */
	size_t n_allowed = 0;
	char tmp[200];

	if (m->kind != YN_MAP) {
		yerr(c, m, "expected a mapping, got %s", kind_name(m));
		return false;
	}
	while (allowed[n_allowed] && n_allowed < IOT_ARRAY_SIZE(first_line))
		n_allowed++;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i];
		size_t a;

		for (a = 0; a < n_allowed; a++)
			if (!strcmp(k->s, allowed[a]) && k->len == strlen(allowed[a]))
				break;
		if (a == n_allowed) {
			const char *near = closest(c, k->s, allowed, n_allowed);

			if (near)
				yerr(c, k, "unknown key '%s' (did you mean '%s'?)",
				     show(k, tmp, sizeof(tmp)), near);
			else
				yerr(c, k, "unknown key '%s'", show(k, tmp, sizeof(tmp)));
			continue;
		}
		if (first_line[a])
			yerr(c, k, "duplicate key '%s' (first at line %u)", k->s, first_line[a]);
		else
			first_line[a] = k->line;
	}
	return true;
}

/* ---- scalars ---- */

/* YAML words that a YAML 1.1 loader (and so the JSON Schema check) reads as non-strings. */
static bool plain_is_special(const struct ynode *n)
{
	static const char *const words[] = {
		"~",	 "null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
		"FALSE", "yes",	 "Yes",	 "YES",	 "no",	 "No",	 "NO",	 "on",	  "On",
		"ON",	 "off",	 "Off",	 "OFF",	 "y",	 "Y",	 "n",	 "N",	  ".inf",
		".Inf",	 ".INF", ".nan", ".NaN", ".NAN", NULL,
	};
	const char *s = n->s;
	size_t i = 0;
	bool digit = false;

	if (!n->plain)
		return false;
	if (n->len == 0)
		return true;
	for (size_t w = 0; words[w]; w++)
		if (!strcmp(s, words[w]))
			return true;
	/* number-like: optional sign, then only digits and number punctuation */
	if (s[0] == '-' || s[0] == '+')
		i++;
	if (s[i] != '.' && (s[i] < '0' || s[i] > '9'))
		return false;
	for (; i < n->len; i++) {
		char ch = s[i];

		if (ch >= '0' && ch <= '9')
			digit = true;
		else if (!strchr("._:xXoObBeE+-abcdefABCDEF", ch))
			return false;
	}
	return digit;
}

/*
 * Unsigned numbers: decimal without leading zeros, or 0x hex.  No sign, no
 * underscores, nothing after the digits; @max bounds the value.
 */
static bool get_num(struct yctx *c, const struct ynode *n, uint64_t max, uint64_t *out)
{
	const char *s = n->s;
	char tmp[200];
	uint64_t v = 0;
	unsigned int base = 10;
	size_t i = 0;
	bool over = false;

	if (n->kind != YN_SCALAR || !n->plain || n->len == 0) {
		yerr(c, n, "expected a number, got %s", kind_name(n));
		return false;
	}
	if (s[0] == '-') {
		yerr(c, n, "'%s': negative numbers are not allowed", show(n, tmp, sizeof(tmp)));
		return false;
	}
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		i = 2;
	} else if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		yerr(c, n,
		     "'%s': leading zeros are ambiguous (octal?); write it in decimal or 0x hex",
		     show(n, tmp, sizeof(tmp)));
		return false;
	}
	if (i >= n->len) {
		yerr(c, n, "'%s' is not a number", show(n, tmp, sizeof(tmp)));
		return false;
	}
	for (; i < n->len; i++) {
		unsigned int dig;
		char ch = s[i];

		if (ch >= '0' && ch <= '9')
			dig = (unsigned int)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			dig = (unsigned int)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			dig = (unsigned int)(ch - 'A' + 10);
		else {
			yerr(c, n, "'%s' is not a number (unexpected '%c')",
			     show(n, tmp, sizeof(tmp)), ch >= 0x20 && ch < 0x7f ? ch : '?');
			return false;
		}
		if (v > (UINT64_MAX - dig) / base)
			over = true;
		else
			v = v * base + dig;
	}
	if (over || v > max) {
		if (base == 16)
			yerr(c, n, "%s is out of range (at most 0x%llx)", show(n, tmp, sizeof(tmp)),
			     (unsigned long long)max);
		else
			yerr(c, n, "%s is out of range (at most %llu)", show(n, tmp, sizeof(tmp)),
			     (unsigned long long)max);
		return false;
	}
	*out = v;
	return true;
}

static bool get_bool(struct yctx *c, const struct ynode *n, bool *out)
{
	if (n->kind == YN_SCALAR && n->plain && !strcmp(n->s, "true")) {
		*out = true;
		return true;
	}
	if (n->kind == YN_SCALAR && n->plain && !strcmp(n->s, "false")) {
		*out = false;
		return true;
	}
	if (n->kind == YN_SCALAR) {
		char tmp[200];

		yerr(c, n, "expected true or false, got '%s'", show(n, tmp, sizeof(tmp)));
	} else {
		yerr(c, n, "expected true or false, got %s", kind_name(n));
	}
	return false;
}

/* A string value: quoted, or a plain word a YAML 1.1 loader would not type. */
static bool check_str(struct yctx *c, const struct ynode *n)
{
	char tmp[200];

	if (n->kind != YN_SCALAR) {
		yerr(c, n, "expected a string, got %s", kind_name(n));
		return false;
	}
	if (n->plain && n->len == 0) {
		yerr(c, n, "expected a string, got nothing");
		return false;
	}
	if (plain_is_special(n)) {
		yerr(c, n, "'%s' reads as a number, boolean or null in YAML; quote it: \"%s\"",
		     show(n, tmp, sizeof(tmp)), show(n, tmp, sizeof(tmp)));
		return false;
	}
	if (n->len > IOT_YAML_MAX_STRING) {
		yerr(c, n, "string of %zu bytes is longer than the %u-byte limit", n->len,
		     IOT_YAML_MAX_STRING);
		return false;
	}
	if (strlen(n->s) != n->len) {
		yerr(c, n, "string contains a NUL character");
		return false;
	}
	return true;
}

/* ---- field helpers: each pushes the key onto the path while it works ---- */

static bool f_num(struct yctx *c, const struct ynode *m, const char *key, uint64_t max,
		  uint64_t *out)
{
	struct ynode *v = get(m, key);
	size_t old;
	bool ok;

	if (!v)
		return false;
	old = path_push_key(c, key);
	ok = get_num(c, v, max, out);
	path_pop(c, old);
	return ok;
}

#define F_UINT(c, m, key, max, dst)                            \
	({                                                     \
		uint64_t v_;                                   \
		bool ok_ = f_num((c), (m), (key), (max), &v_); \
		if (ok_)                                       \
			(dst) = (__typeof__(dst))v_;           \
		ok_;                                           \
	})

static bool f_bool(struct yctx *c, const struct ynode *m, const char *key, bool *out)
{
	struct ynode *v = get(m, key);
	size_t old;
	bool ok;

	if (!v)
		return false;
	old = path_push_key(c, key);
	ok = get_bool(c, v, out);
	path_pop(c, old);
	return ok;
}

static bool f_str(struct yctx *c, const struct ynode *m, const char *key, char **out)
{
	struct ynode *v = get(m, key);
	size_t old;
	bool ok;

	if (!v)
		return false;
	old = path_push_key(c, key);
	ok = check_str(c, v);
	path_pop(c, old);
	if (ok) {
		free(*out);
		*out = iot_strdup(v->s);
	}
	return ok;
}

/* A fixed-width ACPI ID: printable ASCII, at most @max characters. */
static void f_acpi_id(struct yctx *c, const struct ynode *m, const char *key, char *out, size_t max,
		      bool *given)
{
	struct ynode *v = get(m, key);
	char tmp[200];
	size_t old;

	if (!v)
		return;
	*given = true;
	old = path_push_key(c, key);
	if (check_str(c, v)) {
		bool ascii = true;

		for (size_t i = 0; i < v->len; i++)
			if ((unsigned char)v->s[i] < 0x20 || (unsigned char)v->s[i] > 0x7e)
				ascii = false;
		if (v->len > max)
			yerr(c, v, "\"%s\" is longer than %zu characters",
			     show(v, tmp, sizeof(tmp)), max);
		else if (!ascii)
			yerr(c, v, "only printable ASCII characters are allowed");
		else
			memcpy(out, v->s, v->len + 1);
	}
	path_pop(c, old);
}

/* An enum from a NULL-terminated word list; returns the index or -1. */
static int get_enum(struct yctx *c, const struct ynode *n, const char *const *words)
{
	char tmp[200], list[256];
	size_t cnt = 0, o = 0;
	const char *near;

	if (n->kind == YN_SCALAR)
		for (int i = 0; words[i]; i++)
			if (!strcmp(n->s, words[i]) && n->len == strlen(words[i]))
				return i;
	if (n->kind != YN_SCALAR) {
		yerr(c, n, "expected one word, got %s", kind_name(n));
		return -1;
	}
	while (words[cnt])
		cnt++;
	near = closest(c, n->s, words, cnt);
	list[0] = '\0';
	for (size_t i = 0; i < cnt && o + 2 < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "", words[i]);
	if (near)
		yerr(c, n, "unknown value '%s' (did you mean '%s'?)", show(n, tmp, sizeof(tmp)),
		     near);
	else
		yerr(c, n, "unknown value '%s' (one of: %s)", show(n, tmp, sizeof(tmp)), list);
	return -1;
}

static bool is_seq_quiet(const struct ynode *n)
{
	return n->kind == YN_SEQ;
}

static bool is_seq(struct yctx *c, const struct ynode *n)
{
	if (n->kind == YN_SEQ)
		return true;
	yerr(c, n, "expected a list, got %s", kind_name(n));
	return false;
}

/* ---- references by name ---- */

enum ref_kind {
	REF_MSI,
	REF_IOMMU,
	REF_PLATDEV,
};

static const char *ref_what(enum ref_kind k)
{
	switch (k) {
	case REF_MSI:
		return "MSI controller";
	case REF_IOMMU:
		return "IOMMU";
	case REF_PLATDEV:
		return "platform device";
	}
	return "?";
}

static const char *ref_name_at(const struct iot_topology *t, enum ref_kind k, size_t i)
{
	switch (k) {
	case REF_MSI:
		return i < t->n_msis ? t->msis[i].name : NULL;
	case REF_IOMMU:
		return i < t->n_iommus ? t->iommus[i].name : NULL;
	case REF_PLATDEV:
		return i < t->n_platdevs ? t->platdevs[i].name : NULL;
	}
	return NULL;
}

static size_t ref_count(const struct iot_topology *t, enum ref_kind k)
{
	return k == REF_MSI ? t->n_msis : k == REF_IOMMU ? t->n_iommus : t->n_platdevs;
}

/* Sorted (name, index) pairs of every named object of kind @k, for binary search. */
static void build_index(struct yctx *c, enum ref_kind k)
{
	size_t cnt = ref_count(c->t, k), n = 0;
	struct name_ix *v = iot_xcalloc(cnt + 1, sizeof(*v));

	for (size_t i = 0; i < cnt; i++) {
		const char *name = ref_name_at(c->t, k, i);

		if (name) {
			v[n].name = name;
			v[n++].idx = i;
		}
	}
	qsort(v, n, sizeof(*v), cmp_name_ix);
	c->ix[k] = v;
	c->n_ix[k] = n;
}

/* Only this many candidates are compared for a "did you mean" (it costs an edit distance each). */
#define MAX_SUGGEST_CANDIDATES 1024

/* Resolve the name in @n to an index of kind @k; IOT_NONE (with an error) if none. */
static int resolve(struct yctx *c, const struct ynode *n, enum ref_kind k)
{
	const struct name_ix *v = c->ix[k];
	size_t lo = 0, hi = c->n_ix[k];
	const char *near = NULL;
	char tmp[200];

	if (!check_str(c, n))
		return IOT_NONE;
	/* leftmost match: the lowest index, as iot_find_*() would return */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid].name, n->s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n_ix[k] && !strcmp(v[lo].name, n->s))
		return (int)v[lo].idx;
	if (c->n_ix[k] <= MAX_SUGGEST_CANDIDATES) {
		const char **names = iot_xcalloc(c->n_ix[k] + 1, sizeof(*names));

		for (size_t i = 0; i < c->n_ix[k]; i++)
			names[i] = v[i].name;
		near = closest(c, n->s, names, c->n_ix[k]);
		free(names);
	}
	if (near)
		yerr(c, n, "no %s named '%s' (did you mean '%s'?)", ref_what(k),
		     show(n, tmp, sizeof(tmp)), near);
	else
		yerr(c, n, "no %s named '%s'", ref_what(k), show(n, tmp, sizeof(tmp)));
	return IOT_NONE;
}

static int f_ref(struct yctx *c, const struct ynode *m, const char *key, enum ref_kind k)
{
	struct ynode *v = get(m, key);
	size_t old;
	int idx;

	if (!v)
		return IOT_NONE;
	old = path_push_key(c, key);
	idx = resolve(c, v, k);
	path_pop(c, old);
	return idx;
}

static void missing(struct yctx *c, const struct ynode *m, const char *key)
{
	yerr(c, m, "missing required key '%s'", key);
}

/* ---- shared sub-structures ---- */

static const char *const msi_keys[] = { "controller", "device-id", NULL };

/* msi: {controller: NAME, device-id: N} */
static void f_msi(struct yctx *c, const struct ynode *m, int *ctrl, uint32_t *devid)
{
	struct ynode *v = get(m, "msi");
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, "msi");
	if (check_map(c, v, msi_keys)) {
		if (!get(v, "controller"))
			missing(c, v, "controller");
		*ctrl = f_ref(c, v, "controller", REF_MSI);
		/* a controller with #msi-cells = <0> (GICv2m, TI INTA) takes no device ID */
		if (!get(v, "device-id") &&
		    !(*ctrl != IOT_NONE && c->t->msis[*ctrl].type != IOT_MSI_GICV3_ITS &&
		      !c->t->msis[*ctrl].msi_cells))
			missing(c, v, "device-id");
		F_UINT(c, v, "device-id", UINT32_MAX, *devid);
	}
	path_pop(c, old);
}

static const char *const mem_keys[] = { "coherent", "hints",	    "cpm", "dacs",
					"canwbs",   "address-bits", NULL };

/* memory: {coherent, hints, cpm, dacs, canwbs, address-bits} (IORT §3.1.1.2) */
static void f_memattr(struct yctx *c, const struct ynode *m, struct iot_memattr *a)
{
	struct ynode *v = get(m, "memory");
	size_t old;
	bool b;

	if (!v)
		return;
	old = path_push_key(c, "memory");
	if (check_map(c, v, mem_keys)) {
		f_bool(c, v, "coherent", &a->coherent);
		F_UINT(c, v, "hints", 0xf, a->hints);
		/*
		 * IORT: a coherent device (CCA 1) must have a coherent path to
		 * memory (CPM 1), so cpm follows coherent unless given.
		 */
		if (f_bool(c, v, "cpm", &b) ? b : a->coherent)
			a->flags |= IOT_MAF_CPM;
		if (f_bool(c, v, "dacs", &b) && b)
			a->flags |= IOT_MAF_DACS;
		if (f_bool(c, v, "canwbs", &b) && b)
			a->flags |= IOT_MAF_CANWBS;
		F_UINT(c, v, "address-bits", 64, a->address_bits);
	}
	path_pop(c, old);
}

/* dt: {path, label, phandle, compatible} (the allowed subset varies by owner) */
/* dt: compatible: one string, or the list in the property's order. */
static void f_compat(struct yctx *c, const struct ynode *m, struct iot_compat *out)
{
	struct ynode *v = get(m, "compatible");
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, "compatible");
	iot_compat_free(out);
	if (v->kind == YN_SEQ) {
		if (!v->n)
			yerr(c, v, "an empty compatible list: leave the key out");
		for (size_t i = 0; i < v->n; i++) {
			size_t o2 = path_push_index(c, i);

			if (check_str(c, v->kids[i]))
				iot_compat_add(out, v->kids[i]->s);
			path_pop(c, o2);
		}
	} else if (check_str(c, v)) {
		iot_compat_add(out, v->s);
	}
	path_pop(c, old);
}

static void f_dt(struct yctx *c, const struct ynode *m, const char *const *keys, char **path,
		 char **label, uint32_t *phandle, struct iot_compat *compatible)
{
	struct ynode *v = get(m, "dt");
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, "dt");
	if (check_map(c, v, keys)) {
		struct ynode *p = get(v, "path");

		if (f_str(c, v, "path", path) && (*path)[0] != '/') {
			size_t o2 = path_push_key(c, "path");

			yerr(c, p, "a DT path starts with '/'");
			path_pop(c, o2);
		}
		if (label)
			f_str(c, v, "label", label);
		if (phandle && get(v, "phandle")) {
			F_UINT(c, v, "phandle", 0xfffffffe, *phandle);
		}
		if (compatible)
			f_compat(c, v, compatible);
	}
	path_pop(c, old);
}

static const char *const acpi_keys[] = { "path", NULL };

static void f_acpi(struct yctx *c, const struct ynode *m, char **path)
{
	struct ynode *v = get(m, "acpi");
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, "acpi");
	if (check_map(c, v, acpi_keys))
		f_str(c, v, "path", path);
	path_pop(c, old);
}

/* One ID-map row key set per kind of map. */
struct map_keys {
	const char *in; /* "rid-base" or "id-base" */
	const char *target; /* "iommu" or "msi" */
	const char *out; /* "iommu-base" or "msi-base" */
	enum ref_kind kind;
};

static const struct map_keys rc_iommu_map = { "rid-base", "iommu", "iommu-base", REF_IOMMU };
static const struct map_keys rc_msi_map = { "rid-base", "msi", "msi-base", REF_MSI };
static const struct map_keys smmu_msi_map = { "id-base", "msi", "msi-base", REF_MSI };
static const struct map_keys rmr_id_map = { "id-base", "iommu", "iommu-base", REF_IOMMU };

static bool get_item_num(struct yctx *c, const struct ynode *l, size_t i, uint64_t max,
			 uint64_t *out);

static void parse_row(struct yctx *c, const struct ynode *r, const struct map_keys *mk,
		      struct iot_idmap *map)
{
	const char *keys[] = { mk->in, "length", mk->target, mk->out, "single", NULL };
	uint64_t in = 0, count = 0, out = 0, tail[3] = { 0 };
	bool single = false, ok = true, wide = false;
	struct iot_map_row *row;
	struct ynode *ob;
	int target;

	if (!check_map(c, r, keys))
		return;
	f_bool(c, r, "single", &single);
	for (size_t i = 0; i < 4; i++)
		if (!get(r, keys[i]) && !(single && (i == 0 || i == 1))) {
			missing(c, r, keys[i]);
			ok = false;
		}
	if (get(r, mk->in))
		ok &= f_num(c, r, mk->in, UINT32_MAX, &in);
	if (get(r, "length"))
		ok &= f_num(c, r, "length", 0x100000000ull, &count);
	target = f_ref(c, r, mk->target, mk->kind);
	ob = get(r, mk->out);
	if (ob && ob->kind == YN_SEQ) {
		/* the whole DT specifier: rows of 3 + #cells(target) (IOT idmap dt_wide) */
		unsigned int cells = target == IOT_NONE	   ? (unsigned int)ob->n :
				     mk->kind == REF_IOMMU ? c->t->iommus[target].iommu_cells :
							     c->t->msis[target].msi_cells;
		size_t old = path_push_key(c, mk->out);

		wide = true;
		if (single || ob->n != cells || cells > 4) {
			yerr(c, ob, "%s: a specifier of %zu cells; the target takes %u%s", mk->out,
			     ob->n, cells, single ? " (and a single mapping has no DT form)" : "");
			ok = false;
		}
		for (size_t i = 0; ok && i < ob->n; i++)
			ok &= get_item_num(c, ob, i, UINT32_MAX, i ? &tail[i - 1] : &out);
		path_pop(c, old);
	} else if (ob) {
		ok &= f_num(c, r, mk->out, UINT32_MAX, &out);
	}
	if (!ok || target == IOT_NONE)
		return;
	/* length 0 is the bootloader placeholder of a DT map (iot_row_is_placeholder) */
	if (!single && in + count > 0x100000000ull) {
		size_t old = path_push_key(c, "length");

		yerr(c, get(r, "length"), "0x%llx IDs from 0x%llx go past 0xffffffff",
		     (unsigned long long)count, (unsigned long long)in);
		path_pop(c, old);
		return;
	}
	if (!single && out + count > 0x100000000ull) {
		size_t old = path_push_key(c, mk->out);

		yerr(c, get(r, mk->out), "0x%llx IDs from output 0x%llx go past 0xffffffff",
		     (unsigned long long)count, (unsigned long long)out);
		path_pop(c, old);
		return;
	}
	row = iot_idmap_add(map, (uint32_t)in, count, target, (uint32_t)out);
	row->single = single;
	row->loc = node_loc(c, r);
	for (size_t i = 0; i < IOT_ARRAY_SIZE(tail); i++)
		row->out_tail[i] = (uint32_t)tail[i];
	map->dt_wide |= wide;
}

static void f_map(struct yctx *c, const struct ynode *m, const char *key, const struct map_keys *mk,
		  struct iot_idmap *map)
{
	struct ynode *v = get(m, key);
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, key);
	if (is_seq(c, v))
		for (size_t i = 0; i < v->n; i++) {
			size_t o2 = path_push_index(c, i);

			parse_row(c, v->kids[i], mk, map);
			path_pop(c, o2);
		}
	path_pop(c, old);
}

static void f_mask(struct yctx *c, const struct ynode *m, const char *key, struct iot_idmap *map)
{
	uint64_t v;

	if (f_num(c, m, key, UINT32_MAX, &v)) {
		map->has_mask = true;
		map->mask = (uint32_t)v;
	}
}

static void f_identifier(struct yctx *c, const struct ynode *m, bool *has, uint32_t *id)
{
	if (F_UINT(c, m, "identifier", UINT32_MAX, *id))
		*has = true;
}

static void f_status(struct yctx *c, const struct ynode *m, enum iot_status *st)
{
	static const char *const words[] = { "okay", "disabled", "no-driver", NULL };
	struct ynode *v = get(m, "status");
	size_t old;
	int i;

	if (!v)
		return;
	old = path_push_key(c, "status");
	i = get_enum(c, v, words);
	if (i >= 0)
		*st = (enum iot_status)i;
	path_pop(c, old);
}

/* ---- machine, kernel ---- */

static const char *const machine_keys[] = { "name",	     "oem-id",	   "oem-table-id",
					    "oem-revision",  "creator-id", "creator-revision",
					    "iort-revision", NULL };

static void parse_machine(struct yctx *c, const struct ynode *v)
{
	struct iot_machine *mc = &c->t->machine;
	bool oem = false;

	if (!check_map(c, v, machine_keys))
		return;
	f_str(c, v, "name", &mc->name);
	f_acpi_id(c, v, "oem-id", mc->oem_id, 6, &oem);
	f_acpi_id(c, v, "oem-table-id", mc->oem_table_id, 8, &oem);
	if (get(v, "oem-revision"))
		oem = true;
	F_UINT(c, v, "oem-revision", UINT32_MAX, mc->oem_revision);
	f_acpi_id(c, v, "creator-id", mc->creator_id, 4, &oem);
	if (get(v, "creator-revision"))
		oem = true;
	F_UINT(c, v, "creator-revision", UINT32_MAX, mc->creator_revision);
	mc->has_oem = mc->has_oem || oem;
	if (F_UINT(c, v, "iort-revision", 0xff, mc->iort_revision))
		mc->has_iort_revision = true;
}

static const char *const kernel_keys[] = { "version", "cmdline", NULL };

static void parse_kernel(struct yctx *c, const struct ynode *v)
{
	if (!check_map(c, v, kernel_keys))
		return;
	f_str(c, v, "version", &c->t->kernel.version);
	f_str(c, v, "cmdline", &c->t->kernel.cmdline);
}

/* ---- msi-controllers ---- */

static const char *const msi_ctrl_keys[] = { "name", "type",   "base",	    "its-ids", "identifier",
					     "dt",   "status", "msi-cells", NULL };
static const char *const dt_phandle_keys[] = { "path", "label", "phandle", "compatible", NULL };

static void parse_msi_ctrl(struct yctx *c, const struct ynode *v, struct iot_msi *x)
{
	static const char *const types[] = { "gicv3-its", "other", NULL };
	struct ynode *n;

	if (!check_map(c, v, msi_ctrl_keys))
		return;
	if ((n = get(v, "type"))) {
		size_t old = path_push_key(c, "type");
		int ty = get_enum(c, n, types);

		if (ty >= 0)
			x->type = (enum iot_msi_type)ty;
		path_pop(c, old);
	}
	if (!get(v, "base"))
		missing(c, v, "base");
	F_UINT(c, v, "base", UINT64_MAX, x->base);
	if ((n = get(v, "its-ids"))) {
		size_t old = path_push_key(c, "its-ids");

		if (is_seq(c, n)) {
			/* sized once from the list: no realloc per item */
			x->its_ids = iot_xrealloc(x->its_ids,
						  (x->n_its_ids + n->n + 1) * sizeof(uint32_t));
			for (size_t i = 0; i < n->n; i++) {
				uint64_t id;
				size_t o2 = path_push_index(c, i);

				if (get_num(c, n->kids[i], UINT32_MAX, &id))
					x->its_ids[x->n_its_ids++] = (uint32_t)id;
				path_pop(c, o2);
			}
		}
		path_pop(c, old);
	}
	f_identifier(c, v, &x->has_identifier, &x->identifier);
	f_status(c, v, &x->status);
	if (get(v, "msi-cells") && x->type == IOT_MSI_GICV3_ITS) {
		size_t old = path_push_key(c, "msi-cells");

		yerr(c, get(v, "msi-cells"),
		     "a GICv3 ITS has #msi-cells = <1>; 'msi-cells' is "
		     "for type other");
		path_pop(c, old);
	}
	F_UINT(c, v, "msi-cells", 4, x->msi_cells);
	f_dt(c, v, dt_phandle_keys, &x->dt_path, &x->dt_label, &x->dt_phandle, &x->compatible);
}

/* ---- iommus ---- */

static const char *const iommu_keys[] = {
	"name",
	"model",
	"status",
	"base",
	"size",
	"coherent",
	"identifier",
	"proximity-domain",
	"implementation",
	"httu-override",
	"vatos",
	"interrupts",
	"dvm",
	"iommu-cells",
	"stream-match-mask",
	"msi",
	"msi-map",
	"msi-map-mask",
	"pci",
	"dt",
	/* intel-vtd / amd-vi */
	"include-pci-all",
	"drhd-flags",
	"register-pages-log2",
	"ignored",
	"scopes",
	"ivhd-type",
	"ivhd-flags",
	"iommu-info",
	"feature-reporting",
	"attributes",
	"efr",
	"efr2",
	"devices",
	"capability-offset",
	NULL,
};

static const char *const smmuv3_irq_keys[] = { "eventq", "priq", "gerror", "cmdq-sync", NULL };
static const char *const smmuv2_irq_keys[] = { "global", "global-cfg", "context", "pmu", NULL };
static const char *const irq_keys[] = { "gsiv", "trigger", NULL };
static const char *const pci_fn_keys[] = { "segment", "bdf", NULL };

/* An interrupt: a GSIV (level) or {gsiv: N, trigger: edge|level}. */
static bool get_irq(struct yctx *c, const struct ynode *n, struct iot_irq *irq)
{
	static const char *const triggers[] = { "level", "edge", NULL };
	uint64_t g;

	if (n->kind == YN_SCALAR) {
		if (!get_num(c, n, UINT32_MAX, &g))
			return false;
		irq->gsiv = (uint32_t)g;
		irq->edge = false;
		return true;
	}
	if (!check_map(c, n, irq_keys))
		return false;
	if (!get(n, "gsiv")) {
		missing(c, n, "gsiv");
		return false;
	}
	if (!f_num(c, n, "gsiv", UINT32_MAX, &g))
		return false;
	irq->gsiv = (uint32_t)g;
	irq->edge = false;
	if (get(n, "trigger")) {
		size_t old = path_push_key(c, "trigger");
		int tr = get_enum(c, get(n, "trigger"), triggers);

		path_pop(c, old);
		if (tr < 0)
			return false;
		irq->edge = tr == 1;
	}
	return true;
}

static void f_irq(struct yctx *c, const struct ynode *m, const char *key, struct iot_irq *irq)
{
	struct ynode *v = get(m, key);
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, key);
	get_irq(c, v, irq);
	path_pop(c, old);
}

static void f_irq_list(struct yctx *c, const struct ynode *m, const char *key,
		       struct iot_irq **list, size_t *n)
{
	struct ynode *v = get(m, key);
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, key);
	if (is_seq(c, v)) {
		*list = iot_xrealloc(*list, (*n + v->n + 1) * sizeof(**list));
		for (size_t i = 0; i < v->n; i++) {
			size_t o2 = path_push_index(c, i);
			struct iot_irq irq;

			if (get_irq(c, v->kids[i], &irq))
				(*list)[(*n)++] = irq;
			path_pop(c, o2);
		}
	}
	path_pop(c, old);
}

/* "bb:dd.f", two hex digits, two hex digits (< 0x20), one digit 0-7 */
static bool parse_bdf_text(const char *s, size_t len, uint8_t *bus, uint8_t *devfn)
{
	unsigned int b = 0, dv = 0;

	if (len != 7 || s[2] != ':' || s[5] != '.')
		return false;
	for (int i = 0; i < 7; i++) {
		char ch = s[i];
		unsigned int x;

		if (i == 2 || i == 5)
			continue;
		if (ch >= '0' && ch <= '9')
			x = (unsigned int)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			x = (unsigned int)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			x = (unsigned int)(ch - 'A' + 10);
		else
			return false;
		if (i < 2)
			b = b << 4 | x;
		else if (i < 5)
			dv = dv << 4 | x;
		else if (x > 7)
			return false;
		else
			dv = dv << 3 | x;
	}
	if ((dv >> 3) > 0x1f)
		return false;
	*bus = (uint8_t)b;
	*devfn = (uint8_t)dv;
	return true;
}

static bool get_bdf(struct yctx *c, const struct ynode *n, uint8_t *bus, uint8_t *devfn)
{
	char tmp[200];

	if (!check_str(c, n))
		return false;
	if (!parse_bdf_text(n->s, n->len, bus, devfn)) {
		yerr(c, n, "'%s' is not a bus:device.function like \"00:1f.7\"",
		     show(n, tmp, sizeof(tmp)));
		return false;
	}
	return true;
}

static void parse_iommu_pci(struct yctx *c, const struct ynode *m, struct iot_iommu *u)
{
	struct ynode *v = get(m, "pci");
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, "pci");
	if (check_map(c, v, pci_fn_keys)) {
		F_UINT(c, v, "segment", 0xffff, u->pci_segment);
		if (!get(v, "bdf")) {
			if (u->model == IOT_IOMMU_VIRTIO_PCI)
				missing(c, v, "bdf");
		} else {
			size_t o2 = path_push_key(c, "bdf");
			uint8_t bus, devfn;

			if (get_bdf(c, get(v, "bdf"), &bus, &devfn))
				u->pci_bdf = iot_rid(bus, devfn);
			path_pop(c, o2);
		}
	}
	path_pop(c, old);
}

/* A key that exists for some models only: an error on any other. */
static void only_for(struct yctx *c, const struct ynode *m, const struct iot_iommu *u,
		     const char *key, bool applies)
{
	const struct ynode *k = key_of(m, key);

	if (k && !applies)
		yerr(c, k, "'%s' does not apply to model %s", key, iot_iommu_model_name(u->model));
}

static void parse_iommu_irqs(struct yctx *c, const struct ynode *m, struct iot_iommu *u)
{
	struct ynode *v = get(m, "interrupts");
	bool v3 = u->model == IOT_IOMMU_SMMUV3;
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, "interrupts");
	if (v3 && check_map(c, v, smmuv3_irq_keys)) {
		F_UINT(c, v, "eventq", UINT32_MAX, u->irq_event);
		F_UINT(c, v, "priq", UINT32_MAX, u->irq_pri);
		F_UINT(c, v, "gerror", UINT32_MAX, u->irq_gerror);
		F_UINT(c, v, "cmdq-sync", UINT32_MAX, u->irq_sync);
	} else if (!v3 && check_map(c, v, smmuv2_irq_keys)) {
		f_irq(c, v, "global", &u->irq_global);
		f_irq(c, v, "global-cfg", &u->irq_global_cfg);
		f_irq_list(c, v, "context", &u->irq_context, &u->n_irq_context);
		f_irq_list(c, v, "pmu", &u->irq_pmu, &u->n_irq_pmu);
	}
	path_pop(c, old);
}

static const char *const x86_intel_keys[] = { "include-pci-all", "drhd-flags",
					      "register-pages-log2", "scopes", NULL };
static const char *const x86_amd_keys[] = {
	"capability-offset", "ivhd-type", "ivhd-flags", "iommu-info", "feature-reporting",
	"attributes",	     "efr",	  "efr2",	"devices",    NULL
};
static void parse_x86_unit(struct yctx *c, const struct ynode *v, struct iot_iommu *u);

static void parse_iommu(struct yctx *c, const struct ynode *v, struct iot_iommu *u)
{
	static const char *const impls[] = { "generic", "hisilicon-hi161x", "cavium-cn99xx", NULL };
	struct ynode *n;
	bool v3, v2;
	int model = -1;

	if (!check_map(c, v, iommu_keys))
		return;
	if (!(n = get(v, "model"))) {
		missing(c, v, "model");
		return;
	} else {
		const char *models[IOT_IOMMU_NR_MODELS + 1] = { NULL };

		for (int i = 0; i < IOT_IOMMU_NR_MODELS; i++)
			models[i] = iot_iommu_model_name((enum iot_iommu_model)i);
		size_t old = path_push_key(c, "model");

		model = get_enum(c, n, models);
		path_pop(c, old);
		if (model < 0)
			return;
		u->model = (enum iot_iommu_model)model;
	}
	v3 = u->model == IOT_IOMMU_SMMUV3;
	v2 = iot_iommu_is_smmuv2_family(u->model);
	f_status(c, v, &u->status);
	if (!get(v, "base") && u->model != IOT_IOMMU_VIRTIO_PCI)
		missing(c, v, "base");
	F_UINT(c, v, "base", UINT64_MAX, u->base);
	F_UINT(c, v, "size", UINT64_MAX, u->size);
	f_bool(c, v, "coherent", &u->coherent);
	f_identifier(c, v, &u->has_identifier, &u->identifier);
	if (F_UINT(c, v, "proximity-domain", UINT32_MAX, u->pxm))
		u->has_pxm = true;

	only_for(c, v, u, "implementation", v3);
	only_for(c, v, u, "httu-override", v3);
	only_for(c, v, u, "vatos", v3);
	only_for(c, v, u, "dvm", v2);
	only_for(c, v, u, "iommu-cells", v2 || u->model == IOT_IOMMU_OTHER);
	only_for(c, v, u, "stream-match-mask", v2);
	only_for(c, v, u, "interrupts", v3 || v2);
	only_for(c, v, u, "msi-map", v3 || v2);
	only_for(c, v, u, "msi-map-mask", v3 || v2);
	/* virtio-iommu-pci is a PCI function; a DMAR/IVRS unit has a segment (and AMD a BDF) */
	only_for(c, v, u, "pci",
		 u->model == IOT_IOMMU_VIRTIO_PCI || u->model == IOT_IOMMU_INTEL_VTD ||
			 u->model == IOT_IOMMU_AMD_VI);
	for (size_t i = 0; x86_intel_keys[i]; i++)
		only_for(c, v, u, x86_intel_keys[i], u->model == IOT_IOMMU_INTEL_VTD);
	for (size_t i = 0; x86_amd_keys[i]; i++)
		only_for(c, v, u, x86_amd_keys[i], u->model == IOT_IOMMU_AMD_VI);
	only_for(c, v, u, "ignored",
		 iot_iommu_family(u->model) == IOT_FAMILY_INTEL ||
			 iot_iommu_family(u->model) == IOT_FAMILY_AMD);
	only_for(c, v, u, "base", u->model != IOT_IOMMU_VIRTIO_PCI);
	only_for(c, v, u, "size", u->model != IOT_IOMMU_VIRTIO_PCI);
	if (v3 && (n = get(v, "implementation"))) {
		size_t old = path_push_key(c, "implementation");

		if (n->kind == YN_SCALAR && n->plain && n->s[0] >= '0' && n->s[0] <= '9') {
			uint64_t x;

			if (get_num(c, n, UINT32_MAX, &x))
				u->impl = (uint32_t)x;
		} else {
			int i = get_enum(c, n, impls);

			if (i >= 0)
				u->impl = (uint32_t)i;
		}
		path_pop(c, old);
	}
	if (v3) {
		F_UINT(c, v, "httu-override", 3, u->httu);
		F_UINT(c, v, "vatos", UINT64_MAX, u->vatos);
	}
	if (v2) {
		f_bool(c, v, "dvm", &u->dvm);
		if ((n = get(v, "iommu-cells"))) {
			uint64_t cells;
			size_t old = path_push_key(c, "iommu-cells");

			if (get_num(c, n, 2, &cells)) {
				if (cells == 0)
					yerr(c, n, "0 is out of range (1 or 2)");
				else
					u->iommu_cells = (unsigned int)cells;
			}
			path_pop(c, old);
		}
		if (F_UINT(c, v, "stream-match-mask", 0xffff, u->stream_match_mask))
			u->has_stream_match_mask = true;
	}
	if (u->model == IOT_IOMMU_OTHER) {
		/* what the cells mean is the driver's of_xlate; real DTs use 0..2 */
		F_UINT(c, v, "iommu-cells", 16, u->iommu_cells);
		if (!u->compatible.n && !(get(v, "dt") && get(get(v, "dt"), "compatible")))
			missing(c, v,
				"dt: {compatible: ...} (model other is known by its compatible)");
	}
	if (v3 || v2) {
		parse_iommu_irqs(c, v, u);
		f_map(c, v, "msi-map", &smmu_msi_map, &u->msi_map);
		f_mask(c, v, "msi-map-mask", &u->msi_map);
	}
	f_msi(c, v, &u->msi_controller, &u->msi_device_id);
	if (u->model == IOT_IOMMU_VIRTIO_PCI && !get(v, "pci"))
		missing(c, v, "pci");
	parse_iommu_pci(c, v, u);
	if (u->model == IOT_IOMMU_INTEL_VTD || u->model == IOT_IOMMU_AMD_VI)
		parse_x86_unit(c, v, u);
	f_dt(c, v, dt_phandle_keys, &u->dt_path, &u->dt_label, &u->dt_phandle, &u->compatible);
}

/* ---- x86: what a DMAR / IVRS adds (emitted by src/x86/x86_yaml.c) ---- */

static const char *const dmar_scope_keys[] = { "type", "raw-type", "id", "path", "flags", NULL };
static const char *const ivhd_entry_keys[] = { "type", "raw-type", "id",  "ids", "alias", "hid",
					       "cid",  "uid",	   "dte", "ext", NULL };
/* The kind words, from src/x86's names so reader and emitter never disagree. */
static void x86_scope_kinds(const char *words[IOT_X86_SCOPE_OTHER + 2])
{
	for (int i = 0; i <= IOT_X86_SCOPE_OTHER; i++)
		words[i] = iot_x86_scope_kind_name((enum iot_x86_scope_kind)i);
	words[IOT_X86_SCOPE_OTHER + 1] = NULL;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* A hex number of 1..2 digits at *@p, advancing *@p; -1 if none. */
static int hex_byte(const char **p, const char *end)
{
	int v = 0, n = 0;

	while (*p < end && n < 2 && hexval(**p) >= 0) {
		v = v << 4 | hexval(**p);
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

/*
 * "SB:dd.f/dd.f...": a DMAR start bus and one device.function per level
 * ("SB" alone is a path of no hops).  Hops out of the PCI range are kept as
 * the table had them (decode prints them; lint reports them).
 */
static bool parse_dmar_path(const char *s, size_t len, struct iot_x86_scope *sc)
{
	const char *p = s, *end = s + len;
	size_t hops = 0;
	int bus = hex_byte(&p, end);

	if (bus < 0 || p - s != 2)
		return false;
	sc->start_bus = (uint8_t)bus;
	if (p == end)
		return true;
	if (*p++ != ':')
		return false;
	sc->path = iot_xcalloc(len / 4 + 1, sizeof(*sc->path));
	while (p < end) {
		int d, f;

		if (hops && *p++ != '/')
			return false;
		d = hex_byte(&p, end);
		if (d < 0 || p >= end || *p++ != '.')
			return false;
		f = hex_byte(&p, end);
		if (f < 0)
			return false;
		sc->path[hops].dev = (uint8_t)d;
		sc->path[hops].fn = (uint8_t)f;
		hops++;
	}
	sc->n_path = hops;
	return hops > 0;
}

/* "bb:dd.f" or "bb:dd.f-bb:dd.f" */
static bool parse_id_range(const char *s, size_t len, uint16_t *first, uint16_t *last)
{
	uint8_t b0, d0, b1, d1;

	if (len == 7 && parse_bdf_text(s, 7, &b0, &d0)) {
		*first = *last = iot_rid(b0, d0);
		return true;
	}
	if (len != 15 || s[7] != '-' || !parse_bdf_text(s, 7, &b0, &d0) ||
	    !parse_bdf_text(s + 8, 7, &b1, &d1))
		return false;
	*first = iot_rid(b0, d0);
	*last = iot_rid(b1, d1);
	return true; /* a reversed range covers nothing, as in the table */
}

static bool f_id_range(struct yctx *c, const struct ynode *m, const char *key, uint16_t *first,
		       uint16_t *last)
{
	struct ynode *v = get(m, key);
	char tmp[200];
	size_t old;
	bool ok;

	if (!v)
		return false;
	old = path_push_key(c, key);
	ok = check_str(c, v) && parse_id_range(v->s, v->len, first, last);
	if (!ok && v->kind == YN_SCALAR)
		yerr(c, v, "'%s' is not a device ID \"bb:dd.f\" or a range \"bb:dd.f-bb:dd.f\"",
		     show(v, tmp, sizeof(tmp)));
	path_pop(c, old);
	return ok;
}

static uint8_t dmar_raw_type(enum iot_x86_scope_kind k)
{
	return k <= IOT_X86_SCOPE_NAMESPACE ? (uint8_t)(k + 1) : 0;
}

static uint8_t ivhd_raw_type(const struct iot_x86_scope *s)
{
	bool range = s->last != s->first;

	switch (s->kind) {
	case IOT_X86_SCOPE_ALL:
		return 0x01;
	case IOT_X86_SCOPE_IDS:
		return s->has_ext ? (range ? 0x47 : 0x46) : (range ? 0x03 : 0x02);
	case IOT_X86_SCOPE_ALIAS:
		return range ? 0x43 : 0x42;
	case IOT_X86_SCOPE_IOAPIC:
	case IOT_X86_SCOPE_HPET:
		return 0x48;
	case IOT_X86_SCOPE_ACPI_HID:
		return 0xf0;
	default:
		return 0;
	}
}

static void parse_dmar_scope(struct yctx *c, const struct ynode *v, struct iot_x86_scope *s)
{
	const char *kinds[IOT_X86_SCOPE_OTHER + 2];
	struct ynode *n;
	char tmp[200];
	int k;

	s->loc = node_loc(c, v);
	if (!check_map(c, v, dmar_scope_keys))
		return;
	if (!(n = get(v, "type"))) {
		missing(c, v, "type");
		return;
	}
	x86_scope_kinds(kinds);
	k = get_enum(c, n, kinds);
	if (k < 0)
		return;
	s->kind = (enum iot_x86_scope_kind)k;
	s->raw_type = dmar_raw_type(s->kind);
	F_UINT(c, v, "raw-type", 0xff, s->raw_type);
	F_UINT(c, v, "id", 0xff, s->enum_id);
	F_UINT(c, v, "flags", 0xff, s->flags);
	if (!(n = get(v, "path"))) {
		missing(c, v, "path");
		return;
	}
	if (check_str(c, n) && !parse_dmar_path(n->s, n->len, s))
		yerr(c, n,
		     "'%s' is not a DMAR path like \"00:1c.0/00.0\" (start bus, then "
		     "device.function per level)",
		     show(n, tmp, sizeof(tmp)));
}

static void parse_ivhd_entry(struct yctx *c, const struct ynode *v, struct iot_x86_scope *s)
{
	const char *kinds[IOT_X86_SCOPE_OTHER + 2];
	struct ynode *n;
	bool given = false;
	int k;

	s->loc = node_loc(c, v);
	if (!check_map(c, v, ivhd_entry_keys))
		return;
	if (!(n = get(v, "type"))) {
		missing(c, v, "type");
		return;
	}
	x86_scope_kinds(kinds);
	k = get_enum(c, n, kinds);
	if (k < 0)
		return;
	s->kind = (enum iot_x86_scope_kind)k;
	if (s->kind == IOT_X86_SCOPE_ALL) {
		s->first = 0;
		s->last = 0xffff;
	} else if (!get(v, "ids")) {
		missing(c, v, "ids");
	}
	f_id_range(c, v, "ids", &s->first, &s->last);
	if (s->kind == IOT_X86_SCOPE_ALIAS) {
		uint16_t a, b;

		if (!get(v, "alias"))
			missing(c, v, "alias");
		else if (f_id_range(c, v, "alias", &a, &b))
			s->alias = a;
	}
	F_UINT(c, v, "id", 0xff, s->enum_id);
	F_UINT(c, v, "dte", 0xff, s->dte);
	if (F_UINT(c, v, "ext", UINT32_MAX, s->ext))
		s->has_ext = true;
	f_acpi_id(c, v, "hid", s->hid, 8, &given);
	f_acpi_id(c, v, "cid", s->cid, 8, &given);
	if (f_str(c, v, "uid", &s->uid))
		s->uid_format = 2;
	s->raw_type = ivhd_raw_type(s);
	F_UINT(c, v, "raw-type", 0xff, s->raw_type);
}

static void parse_x86_list(struct yctx *c, const struct ynode *m, const char *key, bool dmar,
			   struct iot_x86_scope **v, size_t *n)
{
	struct ynode *l = get(m, key);
	size_t old;

	if (!l)
		return;
	old = path_push_key(c, key);
	if (is_seq(c, l))
		for (size_t i = 0; i < l->n; i++) {
			size_t o2 = path_push_index(c, i);
			struct iot_x86_scope *s = iot_x86_add_scope(v, n);

			if (dmar)
				parse_dmar_scope(c, l->kids[i], s);
			else
				parse_ivhd_entry(c, l->kids[i], s);
			path_pop(c, o2);
		}
	path_pop(c, old);
}

static void parse_x86_unit(struct yctx *c, const struct ynode *v, struct iot_iommu *u)
{
	static const char *const ignored_intel[] = { "duplicate-drhd", NULL };
	static const char *const ignored_amd[] = { "superseded-ivhd-type", NULL };
	bool intel = u->model == IOT_IOMMU_INTEL_VTD;
	struct iot_x86_unit *x = &u->x86;
	struct ynode *n;

	x->segment = u->pci_segment; /* pci: {segment} (parse_iommu_pci) */
	if ((n = get(v, "ignored"))) {
		size_t old = path_push_key(c, "ignored");

		if (get_enum(c, n, intel ? ignored_intel : ignored_amd) == 0) {
			x->duplicate = intel;
			x->superseded = !intel;
		}
		path_pop(c, old);
	}
	if (intel) {
		F_UINT(c, v, "drhd-flags", 0xff, x->flags);
		f_bool(c, v, "include-pci-all", &x->include_all);
		if (x->include_all)
			x->flags |= 1;
		F_UINT(c, v, "register-pages-log2", 0xff, x->size);
		parse_x86_list(c, v, "scopes", true, &x->scopes, &x->n_scopes);
		return;
	}
	if ((n = get(v, "ivhd-type"))) {
		size_t old = path_push_key(c, "ivhd-type");
		uint64_t ty;

		if (get_num(c, n, 0xff, &ty)) {
			if (ty != 0x10 && ty != 0x11 && ty != 0x40)
				yerr(c, n, "IVHD type 0x%llx is not 0x10, 0x11 or 0x40",
				     (unsigned long long)ty);
			else
				x->ivhd_type = (uint8_t)ty;
		}
		path_pop(c, old);
	}
	F_UINT(c, v, "ivhd-flags", 0xff, x->flags);
	F_UINT(c, v, "iommu-info", 0xffff, x->info);
	F_UINT(c, v, "feature-reporting", UINT32_MAX, x->attr);
	F_UINT(c, v, "attributes", UINT32_MAX, x->attr);
	F_UINT(c, v, "efr", UINT64_MAX, x->efr);
	F_UINT(c, v, "efr2", UINT64_MAX, x->efr2);
	F_UINT(c, v, "capability-offset", 0xffff, x->cap_offset);
	/* the IOMMU's own function: pci: {segment, bdf} (parse_iommu_pci) */
	x->segment = u->pci_segment;
	x->iommu_devid = u->pci_bdf;
	parse_x86_list(c, v, "devices", false, &x->scopes, &x->n_scopes);
}

static const char *const dmar_keys[] = {
	"revision", "host-address-width", "flags", "rmrr", "atsr", "satc", "andd", NULL
};
static const char *const ivrs_keys[] = { "revision", "ivinfo", "ivhd-type", "ivmd", NULL };
static const char *const x86_entry_keys[] = { "type",  "ids", "segment",   "base",   "end",
					      "flags", "aux", "all-ports", "scopes", NULL };
static const char *const andd_keys[] = { "number", "name", NULL };

static void parse_x86_entry(struct yctx *c, const struct ynode *v, enum iot_x86_entry_kind kind)
{
	struct iot_x86_entry *e = iot_add_x86_entry(c->t);

	e->kind = kind;
	e->raw_type = kind == IOT_X86_RMRR ? 1 : kind == IOT_X86_ATSR ? 2 : 5;
	e->loc = node_loc(c, v);
	if (!check_map(c, v, x86_entry_keys))
		return;
	F_UINT(c, v, "segment", 0xffff, e->segment);
	F_UINT(c, v, "flags", 0xff, e->flags);
	F_UINT(c, v, "base", UINT64_MAX, e->base);
	F_UINT(c, v, "end", UINT64_MAX, e->end);
	if (kind == IOT_X86_IVMD) {
		e->raw_type = 0x20;
		F_UINT(c, v, "type", 0xff, e->raw_type);
		F_UINT(c, v, "aux", 0xffff, e->aux);
		e->all_devices = !f_id_range(c, v, "ids", &e->first, &e->last);
		return;
	}
	if (kind == IOT_X86_ATSR && f_bool(c, v, "all-ports", &e->all_devices) && e->all_devices)
		e->flags |= 1;
	parse_x86_list(c, v, "scopes", true, &e->scopes, &e->n_scopes);
}

static void parse_x86_entries(struct yctx *c, const struct ynode *m, const char *key,
			      enum iot_x86_entry_kind kind)
{
	struct ynode *l = get(m, key);
	size_t old;

	if (!l)
		return;
	old = path_push_key(c, key);
	if (is_seq(c, l))
		for (size_t i = 0; i < l->n; i++) {
			size_t o2 = path_push_index(c, i);

			parse_x86_entry(c, l->kids[i], kind);
			path_pop(c, o2);
		}
	path_pop(c, old);
}

static void parse_dmar_section(struct yctx *c, const struct ynode *v)
{
	struct iot_x86_info *x = &c->t->x86;
	struct ynode *l;
	uint64_t haw;

	if (!check_map(c, v, dmar_keys))
		return;
	x->has_dmar = true;
	F_UINT(c, v, "revision", 0xff, x->dmar_revision);
	F_UINT(c, v, "flags", 0xff, x->dmar_flags);
	if (f_num(c, v, "host-address-width", 256, &haw)) {
		size_t old = path_push_key(c, "host-address-width");

		if (haw == 0)
			yerr(c, get(v, "host-address-width"), "0 is out of range (1..256)");
		else
			x->dmar_haw = (uint8_t)(haw - 1);
		path_pop(c, old);
	}
	parse_x86_entries(c, v, "rmrr", IOT_X86_RMRR);
	parse_x86_entries(c, v, "atsr", IOT_X86_ATSR);
	parse_x86_entries(c, v, "satc", IOT_X86_SATC);
	if ((l = get(v, "andd"))) {
		size_t old = path_push_key(c, "andd");

		if (is_seq(c, l))
			for (size_t i = 0; i < l->n; i++) {
				size_t o2 = path_push_index(c, i);
				struct iot_x86_andd *a = iot_add_x86_andd(c->t);

				a->loc = node_loc(c, l->kids[i]);
				if (check_map(c, l->kids[i], andd_keys)) {
					F_UINT(c, l->kids[i], "number", 0xff, a->number);
					f_str(c, l->kids[i], "name", &a->name);
				}
				if (!a->name)
					a->name = iot_strdup("");
				path_pop(c, o2);
			}
		path_pop(c, old);
	}
}

static void parse_ivrs_section(struct yctx *c, const struct ynode *v)
{
	struct iot_x86_info *x = &c->t->x86;

	if (!check_map(c, v, ivrs_keys))
		return;
	x->has_ivrs = true;
	F_UINT(c, v, "revision", 0xff, x->ivrs_revision);
	F_UINT(c, v, "ivinfo", UINT32_MAX, x->ivinfo);
	F_UINT(c, v, "ivhd-type", 0xff, x->ivhd_type);
	parse_x86_entries(c, v, "ivmd", IOT_X86_IVMD);
}

/* ---- pci-roots ---- */

static const char *const root_keys[] = {
	"name",		"segment",    "buses",	   "ecam",	     "ats",
	"pri",		"pasid",      "pasid-fwd", "pasid-bits",     "preserve-config",
	"memory",	"identifier", "iommu-map", "iommu-map-mask", "msi-map",
	"msi-map-mask", "dt",	      "acpi",	   "devices",	     "status",
	NULL,
};
static const char *const dt_root_keys[] = { "path", "label", "compatible", "msi-parent", NULL };

static const char *const dev_keys[] = {
	"bdf",		 "type",	 "id",	"class",    "revision",
	"multifunction", "subsystem-id", "acs", "acs-ctrl", "secondary",
	"subordinate",	 "sriov",	 "vf",	"driver",   "external-facing",
	"children",	 NULL,
};
static const char *const sriov_keys[] = { "total-vfs", "num-vfs", "offset", "stride", NULL };
static const char *const acs_words[] = { "sv", "tb", "rr", "cr", "uf", "ec", "dt", NULL };

static bool f_acs(struct yctx *c, const struct ynode *m, const char *key, uint16_t *bits)
{
	struct ynode *v = get(m, key);
	size_t old;

	if (!v)
		return false;
	old = path_push_key(c, key);
	*bits = 0;
	if (is_seq(c, v))
		for (size_t i = 0; i < v->n; i++) {
			size_t o2 = path_push_index(c, i);
			int b = get_enum(c, v->kids[i], acs_words);

			if (b >= 0 && (*bits & (1u << b)))
				yerr(c, v->kids[i], "'%s' is listed twice", acs_words[b]);
			else if (b >= 0)
				*bits |= (uint16_t)(1u << b);
			path_pop(c, o2);
		}
	path_pop(c, old);
	return true;
}

/* "vvvv:dddd" */
static bool parse_pci_id(const char *s, size_t len, uint16_t *ven, uint16_t *dev)
{
	uint32_t x = 0;

	if (len != 9 || s[4] != ':')
		return false;
	for (size_t i = 0; i < 9; i++) {
		char ch = s[i];

		if (i == 4)
			continue;
		if (ch >= '0' && ch <= '9')
			x = x << 4 | (uint32_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			x = x << 4 | (uint32_t)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			x = x << 4 | (uint32_t)(ch - 'A' + 10);
		else
			return false;
	}
	*ven = (uint16_t)(x >> 16);
	*dev = (uint16_t)x;
	return true;
}

static void parse_sriov(struct yctx *c, const struct ynode *m, struct iot_pci_dev *pd)
{
	struct ynode *v = get(m, "sriov");
	size_t old;

	if (!v)
		return;
	old = path_push_key(c, "sriov");
	if (check_map(c, v, sriov_keys)) {
		if (!get(v, "total-vfs"))
			missing(c, v, "total-vfs");
		F_UINT(c, v, "total-vfs", 0xffff, pd->sriov_total_vfs);
		F_UINT(c, v, "num-vfs", 0xffff, pd->sriov_num_vfs);
		F_UINT(c, v, "offset", 0xffff, pd->sriov_offset);
		F_UINT(c, v, "stride", 0xffff, pd->sriov_stride);
		if (pd->sriov_num_vfs > pd->sriov_total_vfs) {
			size_t o2 = path_push_key(c, "num-vfs");

			yerr(c, get(v, "num-vfs"), "%u VFs enabled but total-vfs is %u",
			     pd->sriov_num_vfs, pd->sriov_total_vfs);
			path_pop(c, o2);
		}
	}
	path_pop(c, old);
}

struct devwalk {
	struct iot_pci_root *r;
	uint8_t min_bus, max_bus; /* allowed range for this level's subtree */
	int expect_bus; /* bus every function at this level is on, or -1 */
	int parent;
	const char *where; /* "the root's bus range" or the parent's BDF */
	unsigned int *bdf_line; /* per RID: line of the function seen there, 0 = none */
};

static void parse_devices(struct yctx *c, const struct ynode *list, const struct devwalk *w,
			  uint8_t *max_seen);

static void dev_children(struct yctx *c, const struct ynode *v, struct iot_pci_root *r, int idx,
			 bool sec_given, bool sub_given, const struct devwalk *w, uint8_t *max_seen)
{
	struct ynode *kids = get(v, "children");
	struct iot_pci_dev *pd = &r->devs[idx];
	struct devwalk cw = { .r = r, .parent = idx, .bdf_line = w->bdf_line };
	char where[64];
	uint8_t sub_seen = 0;
	size_t old;

	if (!kids)
		return;
	old = path_push_key(c, "children");
	if (!iot_pci_type_is_bridge(pd->type)) {
		yerr(c, kids, "type %s has no secondary bus; only bridges and ports have children",
		     iot_pci_type_name(pd->type));
		path_pop(c, old);
		return;
	}
	if (!is_seq(c, kids)) {
		path_pop(c, old);
		return;
	}
	if (!sec_given && kids->n > 0 && kids->kids[0]->kind == YN_MAP) {
		/* no secondary given: the first child's bus is it */
		struct ynode *b = get(kids->kids[0], "bdf");
		uint8_t bus, devfn;

		if (b && b->kind == YN_SCALAR && parse_bdf_text(b->s, b->len, &bus, &devfn)) {
			if (bus <= pd->bus) {
				size_t o2 = path_push_index(c, 0);
				size_t o3 = path_push_key(c, "bdf");

				yerr(c, b,
				     "bus %02x is not below bridge %02x:%02x.%x, whose secondary "
				     "bus must be above its own bus %02x",
				     bus, pd->bus, pd->devfn >> 3, pd->devfn & 7, pd->bus);
				path_pop(c, o3);
				path_pop(c, o2);
				path_pop(c, old);
				return;
			}
			pd->secondary = bus;
		}
	}
	iot_bdf_format(where, pd->bus, pd->devfn);
	snprintf(where + strlen(where), sizeof(where) - strlen(where), "'s secondary bus");
	cw.expect_bus = pd->secondary;
	cw.min_bus = w->min_bus;
	cw.max_bus = sub_given ? pd->subordinate : w->max_bus;
	cw.where = where;
	sub_seen = pd->secondary;
	parse_devices(c, kids, &cw, &sub_seen);
	pd = &r->devs[idx]; /* devs may have moved */
	if (!sub_given)
		pd->subordinate = sub_seen;
	if (sub_seen > *max_seen)
		*max_seen = sub_seen;
	if (pd->subordinate > *max_seen)
		*max_seen = pd->subordinate;
	path_pop(c, old);
}

static void parse_device(struct yctx *c, const struct ynode *v, const struct devwalk *w,
			 uint8_t *max_seen)
{
	const char *types[IOT_PCI_NR_TYPES + 1] = { NULL };
	struct iot_pci_root *r = w->r;
	struct iot_pci_dev *pd;
	struct ynode *n;
	bool sec_given = false, sub_given = false;
	uint8_t bus = 0, devfn = 0;
	int idx;

	if (!check_map(c, v, dev_keys))
		return;
	if (!(n = get(v, "bdf"))) {
		missing(c, v, "bdf");
		return;
	} else {
		size_t old = path_push_key(c, "bdf");
		bool ok = get_bdf(c, n, &bus, &devfn);

		if (ok && w->expect_bus >= 0 && bus != w->expect_bus) {
			yerr(c, n, "bus %02x is not %s (%02x)", bus, w->where, w->expect_bus);
			ok = false;
		} else if (ok && (bus < w->min_bus || bus > w->max_bus)) {
			yerr(c, n, "bus %02x is outside %s [%02x-%02x]", bus, w->where, w->min_bus,
			     w->max_bus);
			ok = false;
		}
		if (ok && w->bdf_line[iot_rid(bus, devfn)]) {
			yerr(c, n, "%s is listed twice (first at line %u)", n->s,
			     w->bdf_line[iot_rid(bus, devfn)]);
			ok = false;
		} else if (ok) {
			w->bdf_line[iot_rid(bus, devfn)] = v->line;
		}
		path_pop(c, old);
		if (!ok)
			return;
	}
	for (int i = 0; i < IOT_PCI_NR_TYPES; i++)
		types[i] = iot_pci_type_name((enum iot_pci_type)i);
	idx = (int)r->n_devs;
	pd = iot_root_add_dev(r);
	pd->bus = bus;
	pd->devfn = devfn;
	pd->parent = w->parent;
	pd->loc = node_loc(c, v);
	if (bus > *max_seen)
		*max_seen = bus;
	if (!(n = get(v, "type"))) {
		missing(c, v, "type");
	} else {
		size_t old = path_push_key(c, "type");
		int ty = get_enum(c, n, types);

		if (ty >= 0)
			pd->type = (enum iot_pci_type)ty;
		path_pop(c, old);
	}
	if ((n = get(v, "id"))) {
		size_t old = path_push_key(c, "id");
		char tmp[200];

		if (check_str(c, n)) {
			if (parse_pci_id(n->s, n->len, &pd->vendor, &pd->device))
				pd->has_ids = true;
			else
				yerr(c, n, "'%s' is not a vendor:device pair like \"8086:10d3\"",
				     show(n, tmp, sizeof(tmp)));
		}
		path_pop(c, old);
	}
	if ((n = get(v, "subsystem-id"))) {
		size_t old = path_push_key(c, "subsystem-id");
		char tmp[200];

		if (check_str(c, n) &&
		    !parse_pci_id(n->s, n->len, &pd->subsystem_vendor, &pd->subsystem_device))
			yerr(c, n, "'%s' is not a vendor:device pair like \"9005:02bb\"",
			     show(n, tmp, sizeof(tmp)));
		path_pop(c, old);
	}
	F_UINT(c, v, "class", 0xffffff, pd->class_code);
	F_UINT(c, v, "revision", 0xff, pd->revision);
	f_bool(c, v, "multifunction", &pd->multifunction);
	pd->has_acs = f_acs(c, v, "acs", &pd->acs_cap);
	pd->acs_ctrl_set = f_acs(c, v, "acs-ctrl", &pd->acs_ctrl);
	if (get(v, "secondary") || get(v, "subordinate")) {
		const struct ynode *k =
			key_of(v, get(v, "secondary") ? "secondary" : "subordinate");

		if (!iot_pci_type_is_bridge(pd->type))
			yerr(c, k, "'%s' applies to bridges and ports only", k->s);
	}
	sec_given = F_UINT(c, v, "secondary", 0xff, pd->secondary);
	sub_given = F_UINT(c, v, "subordinate", 0xff, pd->subordinate);
	if (sec_given && pd->secondary <= bus) {
		size_t old = path_push_key(c, "secondary");

		yerr(c, get(v, "secondary"),
		     "secondary bus %02x is not above the bridge's bus %02x", pd->secondary, bus);
		path_pop(c, old);
	} else if (sub_given && sec_given && pd->subordinate < pd->secondary) {
		size_t old = path_push_key(c, "subordinate");

		yerr(c, get(v, "subordinate"), "subordinate bus %02x is below secondary bus %02x",
		     pd->subordinate, pd->secondary);
		path_pop(c, old);
	}
	parse_sriov(c, v, pd);
	f_bool(c, v, "vf", &pd->is_vf);
	if ((n = get(v, "driver"))) {
		size_t old = path_push_key(c, "driver");

		if (check_str(c, n)) {
			pd->driver_known = true;
			pd->driver = strcmp(n->s, "none") ? iot_strdup(n->s) : NULL;
		}
		path_pop(c, old);
	}
	f_bool(c, v, "external-facing", &pd->external_facing);
	dev_children(c, v, r, idx, sec_given, sub_given, w, max_seen);
	pd = &r->devs[idx]; /* devs may have moved */
	if (sub_given && !pd->secondary) {
		yerr(c, key_of(v, "subordinate"),
		     "'subordinate' needs 'secondary' (or children to take it from)");
	} else if (!sub_given && pd->subordinate < pd->secondary) {
		/* a bridge with an empty secondary bus */
		pd->subordinate = pd->secondary;
	}
}

static void parse_devices(struct yctx *c, const struct ynode *list, const struct devwalk *w,
			  uint8_t *max_seen)
{
	if (!is_seq(c, list))
		return;
	for (size_t i = 0; i < list->n; i++) {
		size_t old = path_push_index(c, i);

		parse_device(c, list->kids[i], w, max_seen);
		path_pop(c, old);
	}
}

struct row_ref {
	const struct iot_map_row *row;
	size_t i;
};

static int cmp_row_ref(const void *a, const void *b)
{
	const struct row_ref *x = a, *y = b;

	if (x->row->in_base != y->row->in_base)
		return x->row->in_base < y->row->in_base ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * iommu-map rows of one root must not overlap: the first would silently win
 * (of_map_id).  Sorted by input base, a row overlaps an earlier one exactly
 * when it starts at or before the furthest end seen so far.
 */
static void check_overlap(struct yctx *c, const struct ynode *rm, const struct iot_idmap *m,
			  const char *key)
{
	const struct ynode *list = get(rm, key);
	const struct row_ref *reach = NULL;
	struct row_ref *v;
	size_t n = 0;

	if (!list || list->kind != YN_SEQ || list->n != m->n)
		return; /* rows were dropped for other errors */
	v = iot_xcalloc(m->n + 1, sizeof(*v));
	for (size_t i = 0; i < m->n; i++)
		if (!m->rows[i].single) {
			v[n].row = &m->rows[i];
			v[n++].i = i;
		}
	qsort(v, n, sizeof(*v), cmp_row_ref);
	for (size_t k = 0; k < n; k++) {
		const struct row_ref *a = reach, *b = &v[k];

		if (a && b->row->in_base <= iot_row_last(a->row)) {
			/* report on the later row of the file, naming the earlier */
			const struct row_ref *late = a->i > b->i ? a : b;
			const struct row_ref *early = a->i > b->i ? b : a;
			size_t old = path_push_key(c, key);
			size_t o2 = path_push_index(c, late->i);

			yerr(c, list->kids[late->i],
			     "RIDs 0x%x-0x%llx overlap row %zu (0x%x-0x%llx); the first row would win",
			     late->row->in_base, (unsigned long long)iot_row_last(late->row),
			     early->i, early->row->in_base,
			     (unsigned long long)iot_row_last(early->row));
			path_pop(c, o2);
			path_pop(c, old);
		}
		if (!reach || iot_row_last(b->row) > iot_row_last(reach->row))
			reach = b;
	}
	free(v);
}

/* Item @i of list @l as a number, with "[i]" on the key path. */
static bool get_item_num(struct yctx *c, const struct ynode *l, size_t i, uint64_t max,
			 uint64_t *out)
{
	size_t old = path_push_index(c, i);
	bool ok = get_num(c, l->kids[i], max, out);

	path_pop(c, old);
	return ok;
}

static void parse_root(struct yctx *c, const struct ynode *v, struct iot_pci_root *r)
{
	struct ynode *n;
	struct devwalk w = { .r = r, .expect_bus = -1, .parent = IOT_NONE };
	uint8_t max_seen = 0;

	if (!check_map(c, v, root_keys))
		return;
	F_UINT(c, v, "segment", 0xffff, r->segment);
	if ((n = get(v, "buses"))) {
		size_t old = path_push_key(c, "buses");
		uint64_t a, b;

		if (is_seq(c, n)) {
			if (n->n != 2) {
				yerr(c, n, "expected [first, last], got %zu numbers", n->n);
			} else if (get_item_num(c, n, 0, 0xff, &a) &&
				   get_item_num(c, n, 1, 0xff, &b)) {
				if (b < a) {
					yerr(c, n, "last bus 0x%02llx is below first bus 0x%02llx",
					     (unsigned long long)b, (unsigned long long)a);
				} else {
					r->bus_start = (uint8_t)a;
					r->bus_end = (uint8_t)b;
				}
			}
		}
		path_pop(c, old);
	}
	F_UINT(c, v, "ecam", UINT64_MAX, r->ecam);
	f_bool(c, v, "ats", &r->ats);
	f_bool(c, v, "pri", &r->pri);
	f_bool(c, v, "pasid", &r->pasid);
	f_bool(c, v, "pasid-fwd", &r->pasid_fwd);
	F_UINT(c, v, "pasid-bits", 20, r->pasid_bits);
	f_bool(c, v, "preserve-config", &r->preserve_config);
	f_memattr(c, v, &r->mem);
	f_identifier(c, v, &r->has_identifier, &r->identifier);
	f_map(c, v, "iommu-map", &rc_iommu_map, &r->iommu_map);
	f_mask(c, v, "iommu-map-mask", &r->iommu_map);
	f_map(c, v, "msi-map", &rc_msi_map, &r->msi_map);
	f_mask(c, v, "msi-map-mask", &r->msi_map);
	check_overlap(c, v, &r->iommu_map, "iommu-map");
	f_status(c, v, &r->status);
	f_dt(c, v, dt_root_keys, &r->dt_path, &r->dt_label, NULL, &r->compatible);
	r->dt_fsl_mc = iot_compat_has(&r->compatible, "fsl,qoriq-mc");
	if (get(v, "dt") && get(get(v, "dt"), "msi-parent")) {
		/* true: msi-parent = <&ctrl>; a number: <&ctrl number> (Layerscape's <&its 0>) */
		struct ynode *dt = get(v, "dt"), *mp = get(dt, "msi-parent");
		size_t old = path_push_key(c, "dt");

		if (mp->kind == YN_SCALAR && mp->plain && mp->s[0] >= '0' && mp->s[0] <= '9') {
			uint64_t x;

			if (f_num(c, dt, "msi-parent", UINT32_MAX, &x)) {
				r->dt_msi_parent = r->dt_msi_parent_has_arg = true;
				r->dt_msi_parent_arg = (uint32_t)x;
			}
		} else {
			f_bool(c, dt, "msi-parent", &r->dt_msi_parent);
		}
		path_pop(c, old);
	}
	f_acpi(c, v, &r->acpi_path);
	if ((n = get(v, "devices"))) {
		size_t old = path_push_key(c, "devices");

		w.min_bus = r->bus_start;
		w.max_bus = r->bus_end;
		w.where = "the root's bus range";
		w.bdf_line = iot_xcalloc(0x10000, sizeof(*w.bdf_line));
		parse_devices(c, n, &w, &max_seen);
		free(w.bdf_line);
		path_pop(c, old);
	}
}

/* ---- platform-devices ---- */

static const char *const platdev_keys[] = {
	"name",	  "status", "dt",	  "acpi",	"iommus", "msi",
	"memory", "stall",  "pasid-bits", "identifier", "driver", NULL,
};
static const char *const dt_compat_keys[] = { "path", "compatible", NULL };
static const char *const dev_iommu_keys[] = { "iommu", "ids", NULL };
static const char *const sid_keys[] = { "id", "mask", NULL };

static void parse_sid(struct yctx *c, const struct ynode *n, struct iot_dev_iommu *di,
		      const struct iot_iommu *u)
{
	uint64_t id = 0, mask = 0;
	bool has_mask = false;

	if (n->kind == YN_MAP) {
		if (!check_map(c, n, sid_keys))
			return;
		if (!get(n, "id")) {
			missing(c, n, "id");
			return;
		}
		if (!f_num(c, n, "id", UINT32_MAX, &id))
			return;
		if (get(n, "mask")) {
			if (!f_num(c, n, "mask", UINT32_MAX, &mask))
				return;
			has_mask = true;
			if (u && u->iommu_cells != 2) {
				size_t old = path_push_key(c, "mask");

				yerr(c, get(n, "mask"),
				     "IOMMU %s takes one-cell IDs; a mask needs iommu-cells: 2",
				     u->name);
				path_pop(c, old);
				return;
			}
		}
	} else if (!get_num(c, n, UINT32_MAX, &id)) {
		return;
	}
	/* di->ids was sized for the whole list by parse_dev_iommu() */
	di->ids[di->n_ids].id = (uint32_t)id;
	di->ids[di->n_ids].mask = (uint32_t)mask;
	di->ids[di->n_ids].has_mask = has_mask;
	di->n_ids++;
}

static void parse_dev_iommu(struct yctx *c, const struct ynode *n, struct iot_platdev *p)
{
	struct iot_dev_iommu *di;
	const struct iot_iommu *u = NULL;
	struct ynode *ids;
	int idx;

	if (!check_map(c, n, dev_iommu_keys))
		return;
	if (!get(n, "iommu")) {
		missing(c, n, "iommu");
		return;
	}
	idx = f_ref(c, n, "iommu", REF_IOMMU);
	if (idx == IOT_NONE)
		return;
	u = &c->t->iommus[idx];
	/* p->iommus was sized for the whole list by parse_platdev() */
	di = &p->iommus[p->n_iommus++];
	memset(di, 0, sizeof(*di));
	di->iommu = idx;
	di->loc = node_loc(c, n);
	ids = get(n, "ids");
	if (u->model == IOT_IOMMU_OTHER && (u->iommu_cells == 0 || u->iommu_cells > 2)) {
		/* #iommu-cells 0: <&iommu>, no ids; 3 or more: each id a list of cells */
		size_t old = path_push_key(c, "ids");

		if (u->iommu_cells == 0 && ids)
			yerr(c, ids, "IOMMU %s has iommu-cells: 0; its clients name no IDs",
			     u->name);
		if (u->iommu_cells && !ids)
			missing(c, n, "ids");
		if (u->iommu_cells && ids && is_seq(c, ids)) {
			di->cells = iot_xcalloc(ids->n * u->iommu_cells + 1, sizeof(*di->cells));
			for (size_t i = 0; i < ids->n; i++) {
				const struct ynode *e = ids->kids[i];
				size_t o2 = path_push_index(c, i);

				if (e->kind != YN_SEQ || e->n != u->iommu_cells)
					yerr(c, e,
					     "IOMMU %s takes %u cells per ID: give [c0, c1, ...]",
					     u->name, u->iommu_cells);
				else
					for (size_t k = 0; k < e->n; k++) {
						uint64_t x;

						if (get_item_num(c, e, k, UINT32_MAX, &x))
							di->cells[di->n_cells++] = (uint32_t)x;
					}
				path_pop(c, o2);
			}
		}
		path_pop(c, old);
		return;
	}
	if (!ids) {
		missing(c, n, "ids");
		return;
	}
	size_t old = path_push_key(c, "ids");

	if (is_seq(c, ids)) {
		if (ids->n == 0)
			yerr(c, ids, "a device needs at least one ID at its IOMMU");
		di->ids = iot_xcalloc(ids->n + 1, sizeof(*di->ids));
		for (size_t i = 0; i < ids->n; i++) {
			size_t o2 = path_push_index(c, i);

			parse_sid(c, ids->kids[i], di, u);
			path_pop(c, o2);
		}
	}
	path_pop(c, old);
}

static void parse_platdev(struct yctx *c, const struct ynode *v, struct iot_platdev *p)
{
	struct ynode *n;
	uint64_t pb;
	bool stall;

	if (!check_map(c, v, platdev_keys))
		return;
	f_status(c, v, &p->status);
	f_dt(c, v, dt_compat_keys, &p->dt_path, NULL, NULL, &p->compatible);
	f_acpi(c, v, &p->acpi_path);
	if ((n = get(v, "iommus"))) {
		size_t old = path_push_key(c, "iommus");

		if (is_seq(c, n)) {
			p->iommus = iot_xrealloc(p->iommus,
						 (p->n_iommus + n->n + 1) * sizeof(*p->iommus));
		}
		if (is_seq_quiet(n))
			for (size_t i = 0; i < n->n; i++) {
				size_t o2 = path_push_index(c, i);

				parse_dev_iommu(c, n->kids[i], p);
				path_pop(c, o2);
			}
		path_pop(c, old);
	}
	f_msi(c, v, &p->msi_controller, &p->msi_device_id);
	f_memattr(c, v, &p->mem);
	/* IORT named component node flags: b0 stall, b5:1 PASID bits */
	if (f_bool(c, v, "stall", &stall) && stall)
		p->nc_flags |= 1;
	if (f_num(c, v, "pasid-bits", 20, &pb))
		p->nc_flags |= (uint32_t)pb << 1;
	f_identifier(c, v, &p->has_identifier, &p->identifier);
	if ((n = get(v, "driver"))) {
		size_t old = path_push_key(c, "driver");

		if (check_str(c, n)) {
			p->driver_known = true;
			p->driver = strcmp(n->s, "none") ? iot_strdup(n->s) : NULL;
		}
		path_pop(c, old);
	}
}

/* ---- pmcgs, rmrs ---- */

static const char *const pmcg_keys[] = { "name",   "page0", "page1",	  "gsiv", "iommu",
					 "device", "msi",   "identifier", NULL };

static void parse_pmcg(struct yctx *c, const struct ynode *v, struct iot_pmcg *p)
{
	if (!check_map(c, v, pmcg_keys))
		return;
	if (!get(v, "page0"))
		missing(c, v, "page0");
	F_UINT(c, v, "page0", UINT64_MAX, p->page0);
	F_UINT(c, v, "page1", UINT64_MAX, p->page1);
	F_UINT(c, v, "gsiv", UINT32_MAX, p->gsiv);
	if (get(v, "iommu") && get(v, "device"))
		yerr(c, key_of(v, "device"), "a PMCG counts for one node: 'iommu' or 'device'");
	else if (get(v, "iommu"))
		p->iommu = f_ref(c, v, "iommu", REF_IOMMU);
	else if (get(v, "device"))
		p->platdev = f_ref(c, v, "device", REF_PLATDEV);
	f_msi(c, v, &p->msi_controller, &p->msi_device_id);
	f_identifier(c, v, &p->has_identifier, &p->identifier);
}

static const char *const rmr_keys[] = { "name", "remap-permitted", "privileged", "access", "ranges",
					"ids",	"ids-mask",	   "identifier", NULL };
static const char *const range_keys[] = { "base", "length", NULL };

static void parse_rmr(struct yctx *c, const struct ynode *v, struct iot_rmr *x)
{
	struct ynode *n;

	if (!check_map(c, v, rmr_keys))
		return;
	f_bool(c, v, "remap-permitted", &x->remap_permitted);
	f_bool(c, v, "privileged", &x->privileged);
	F_UINT(c, v, "access", 0xff, x->access);
	if (!(n = get(v, "ranges"))) {
		missing(c, v, "ranges");
	} else {
		size_t old = path_push_key(c, "ranges");

		if (is_seq(c, n))
			x->ranges = iot_xrealloc(x->ranges,
						 (x->n_ranges + n->n + 1) * sizeof(*x->ranges));
		if (is_seq_quiet(n))
			for (size_t i = 0; i < n->n; i++) {
				size_t o2 = path_push_index(c, i);
				const struct ynode *rg = n->kids[i];
				uint64_t base = 0, length = 0;

				if (check_map(c, rg, range_keys)) {
					bool ok = true;

					if (!get(rg, "base") || !get(rg, "length")) {
						missing(c, rg, get(rg, "base") ? "length" : "base");
						ok = false;
					}
					ok &= f_num(c, rg, "base", UINT64_MAX, &base) || !ok;
					ok &= f_num(c, rg, "length", UINT64_MAX, &length) || !ok;
					if (ok) {
						x->ranges[x->n_ranges].base = base;
						x->ranges[x->n_ranges].length = length;
						x->n_ranges++;
					}
				}
				path_pop(c, o2);
			}
		path_pop(c, old);
	}
	if (!get(v, "ids"))
		missing(c, v, "ids");
	f_map(c, v, "ids", &rmr_id_map, &x->ids);
	f_mask(c, v, "ids-mask", &x->ids);
	f_identifier(c, v, &x->has_identifier, &x->identifier);
}

/* ---- top level ---- */

static const char *const top_keys[] = {
	"iotopo",
	"firmware",
	"machine",
	"msi-controllers",
	"iommus",
	"pci-roots",
	"platform-devices",
	"pmcgs",
	"rmrs",
	"kernel",
	"dmar",
	"ivrs",
	NULL,
};

/*
 * firmware: dt | acpi -- what the described machine boots with (the
 * simulator's rules).  Default: acpi when the topology has DMAR or IVRS
 * content (Intel VT-d and AMD-Vi units exist only in those tables), else dt.
 */
static void parse_firmware(struct yctx *c, const struct ynode *top)
{
	static const char *const words[] = { "dt", "acpi", NULL };
	const struct ynode *v = get(top, "firmware");
	bool x86 = iot_topology_default_firmware(c->t) == IOT_FW_ACPI;

	iot_topology_set_firmware(c->t, IOT_FW_MODEL, 0);
	if (v) {
		size_t old = path_push_key(c, "firmware");
		int i = get_enum(c, v, words);

		if (i == 0 && x86)
			yerr(c, v,
			     "Intel VT-d and AMD-Vi units are described only by ACPI (DMAR, IVRS); "
			     "use firmware: acpi");
		else if (i >= 0)
			c->t->firmware.boot = i == 0 ? IOT_FW_DT : IOT_FW_ACPI;
		path_pop(c, old);
	}
}

enum section {
	S_MSI,
	S_IOMMU,
	S_ROOT,
	S_PLATDEV,
	S_PMCG,
	S_RMR,
	S_NR,
};

static const char *const section_keys[S_NR] = {
	"msi-controllers", "iommus", "pci-roots", "platform-devices", "pmcgs", "rmrs",
};

static char **name_slot(struct iot_topology *t, enum section s, size_t i)
{
	switch (s) {
	case S_MSI:
		return &t->msis[i].name;
	case S_IOMMU:
		return &t->iommus[i].name;
	case S_ROOT:
		return &t->roots[i].name;
	case S_PLATDEV:
		return &t->platdevs[i].name;
	case S_PMCG:
		return &t->pmcgs[i].name;
	case S_RMR:
		return &t->rmrs[i].name;
	case S_NR:
		break;
	}
	return NULL;
}

static size_t section_count(const struct iot_topology *t, enum section s)
{
	const size_t counts[S_NR] = { t->n_msis,     t->n_iommus, t->n_roots,
				      t->n_platdevs, t->n_pmcgs,  t->n_rmrs };

	return counts[s];
}

static struct iot_loc *obj_loc(struct iot_topology *t, enum section s, size_t i)
{
	switch (s) {
	case S_MSI:
		return &t->msis[i].loc;
	case S_IOMMU:
		return &t->iommus[i].loc;
	case S_ROOT:
		return &t->roots[i].loc;
	case S_PLATDEV:
		return &t->platdevs[i].loc;
	case S_PMCG:
		return &t->pmcgs[i].loc;
	case S_RMR:
		return &t->rmrs[i].loc;
	case S_NR:
		break;
	}
	return NULL;
}

static void add_object(struct iot_topology *t, enum section s)
{
	switch (s) {
	case S_MSI:
		iot_add_msi(t);
		break;
	case S_IOMMU:
		iot_add_iommu(t);
		break;
	case S_ROOT:
		iot_add_root(t);
		break;
	case S_PLATDEV:
		iot_add_platdev(t);
		break;
	case S_PMCG:
		iot_add_pmcg(t);
		break;
	case S_RMR:
		iot_add_rmr(t);
		break;
	case S_NR:
		break;
	}
}

/*
 * Names are unique per kind (also against objects loaded before this file).
 * Sorting keeps this O(n log n) for files with very many objects.
 */
static void report_duplicates(struct yctx *c, const struct ynode *list, enum section s,
			      size_t first)
{
	size_t cnt = section_count(c->t, s), n = 0;
	struct name_ix *v = iot_xcalloc(cnt + 1, sizeof(*v));

	for (size_t i = 0; i < cnt; i++) {
		const char *name = *name_slot(c->t, s, i);

		if (!name)
			continue;
		v[n].name = name;
		v[n].idx = i;
		v[n].node = i >= first && list->kids[i - first]->kind == YN_MAP ?
				    get(list->kids[i - first], "name") :
				    NULL;
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_name_ix);
	for (size_t i = 1, j = 0; i < n; i++) {
		if (strcmp(v[j].name, v[i].name))
			j = i; /* v[j]: first of the run of equal names */
		if (j == i || !v[i].node)
			continue;
		size_t o1 = path_push_index(c, v[i].idx - first);
		size_t o2 = path_push_key(c, "name");

		const struct iot_loc *fl = obj_loc(c->t, s, v[j].idx);
		char tmp[200];

		show(v[i].node, tmp, sizeof(tmp));
		if (fl->file && strcmp(fl->file, c->file))
			yerr(c, v[i].node, "duplicate name '%s' (first in %s:%u)", tmp, fl->file,
			     fl->line);
		else
			yerr(c, v[i].node, "duplicate name '%s' (first at line %u)", tmp, fl->line);
		path_pop(c, o2);
		path_pop(c, o1);
	}
	free(v);
}

/* Pass 1: one object per list item, named, so that pass 2 can resolve any reference. */
static void create_objects(struct yctx *c, const struct ynode *top, enum section s)
{
	struct ynode *list = get(top, section_keys[s]);
	size_t first = section_count(c->t, s);
	size_t old;

	if (!list)
		return;
	old = path_push_key(c, section_keys[s]);
	if (!is_seq(c, list)) {
		path_pop(c, old);
		return;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *it = list->kids[i];
		const struct ynode *nm = it->kind == YN_MAP ? get(it, "name") : NULL;
		size_t idx = section_count(c->t, s);
		size_t o2 = path_push_index(c, i);

		add_object(c->t, s);
		*obj_loc(c->t, s, idx) = node_loc(c, it);
		if (!nm) {
			if (it->kind == YN_MAP)
				missing(c, it, "name");
			path_pop(c, o2);
			continue;
		}
		size_t o3 = path_push_key(c, "name");

		if (check_str(c, nm))
			*name_slot(c->t, s, idx) = iot_strdup(nm->s);
		path_pop(c, o3);
		path_pop(c, o2);
	}
	report_duplicates(c, list, s, first);
	path_pop(c, old);
}

static void parse_section(struct yctx *c, const struct ynode *top, enum section s, size_t first)
{
	struct ynode *list = get(top, section_keys[s]);
	size_t old;

	if (!list || list->kind != YN_SEQ)
		return;
	old = path_push_key(c, section_keys[s]);
	for (size_t i = 0; i < list->n; i++) {
		size_t o2 = path_push_index(c, i);
		const struct ynode *it = list->kids[i];
		size_t idx = first + i;

		switch (s) {
		case S_MSI:
			parse_msi_ctrl(c, it, &c->t->msis[idx]);
			break;
		case S_IOMMU:
			parse_iommu(c, it, &c->t->iommus[idx]);
			break;
		case S_ROOT:
			parse_root(c, it, &c->t->roots[idx]);
			break;
		case S_PLATDEV:
			parse_platdev(c, it, &c->t->platdevs[idx]);
			break;
		case S_PMCG:
			parse_pmcg(c, it, &c->t->pmcgs[idx]);
			break;
		case S_RMR:
			parse_rmr(c, it, &c->t->rmrs[idx]);
			break;
		case S_NR:
			break;
		}
		path_pop(c, o2);
	}
	path_pop(c, old);
}

static bool parse_version(struct yctx *c, const struct ynode *top)
{
	struct ynode *v = get(top, "iotopo");
	uint64_t ver;
	size_t old;

	if (!v) {
		yerr(c, top, "missing required key 'iotopo' (the format version: iotopo: %d)",
		     IOT_FORMAT_VERSION);
		return false;
	}
	old = path_push_key(c, "iotopo");
	if (get_num(c, v, UINT32_MAX, &ver) && ver != IOT_FORMAT_VERSION) {
		yerr(c, v, "format version %llu is not supported (this iotopo reads version %d)",
		     (unsigned long long)ver, IOT_FORMAT_VERSION);
		path_pop(c, old);
		return false;
	}
	path_pop(c, old);
	c->t->format_version = IOT_FORMAT_VERSION;
	return true;
}

/* Pass 1 finds some errors before pass 2: list this file's errors in line order. */
static void sort_diags(struct iot_diags *d, size_t from)
{
	for (size_t i = from + 1; i < d->n; i++) {
		struct iot_diag x = d->v[i];
		size_t j = i;

		while (j > from &&
		       (d->v[j - 1].loc.line > x.loc.line ||
			(d->v[j - 1].loc.line == x.loc.line && d->v[j - 1].loc.col > x.loc.col))) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = x;
	}
}

int iot_yaml_load(const char *path, const uint8_t *data, size_t len, struct iot_topology *t,
		  struct iot_diags *d)
{
	size_t n0 = d->n;
	struct yctx c = { .file = path, .d = d, .t = t };
	size_t first[S_NR];
	struct ynode *top;
	struct ynode *v;

	top = ytree_parse(path, data, len, d);
	if (!top)
		return -1;
	if (top->kind != YN_MAP) {
		yerr(&c, top, "expected a topology mapping (iotopo: 1, iommus: ...), got %s",
		     kind_name(top));
		goto out;
	}
	t->source = path;
	c.origin = iot_add_origin(t, IOT_SRC_YAML, path);
	check_map(&c, top, top_keys);
	if (!parse_version(&c, top))
		goto out;
	for (int s = 0; s < S_NR; s++) {
		first[s] = section_count(t, (enum section)s);
		create_objects(&c, top, (enum section)s);
	}
	build_index(&c, REF_MSI);
	build_index(&c, REF_IOMMU);
	build_index(&c, REF_PLATDEV);
	if ((v = get(top, "machine"))) {
		size_t old = path_push_key(&c, "machine");

		parse_machine(&c, v);
		path_pop(&c, old);
	}
	for (int s = 0; s < S_NR; s++)
		parse_section(&c, top, (enum section)s, first[s]);
	if ((v = get(top, "kernel"))) {
		size_t old = path_push_key(&c, "kernel");

		parse_kernel(&c, v);
		path_pop(&c, old);
	}
	if ((v = get(top, "dmar"))) {
		size_t old = path_push_key(&c, "dmar");

		parse_dmar_section(&c, v);
		path_pop(&c, old);
	}
	if ((v = get(top, "ivrs"))) {
		size_t old = path_push_key(&c, "ivrs");

		parse_ivrs_section(&c, v);
		path_pop(&c, old);
	}
	parse_firmware(&c, top);
	sort_diags(d, n0);
	if (!c.errors)
		c.errors += iot_topology_validate(t, d);
out:
	for (int k = 0; k < 3; k++)
		free(c.ix[k]);
	ytree_free(top);
	return c.errors ? -1 : 0;
}
