// SPDX-License-Identifier: MIT
/*
 * YAML -> model: a loop over the field tables (yfield.h).  The document is
 * first read into a flat node array (ynode.c); then a first pass creates
 * every named object (so references may point forwards and across
 * sections) and a second reads every key by its table row and resolves
 * names on the spot.  Each problem is one diagnostic naming the key path,
 * which is only formatted when a diagnostic is made; reading goes on after
 * an error wherever the rest of the input still makes sense.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "yaml/yaml.h"
#include "yaml/yfield.h"
#include "util/hash.h"

/* Rows a table may have (keys[] arrays on the stack). */
#define YMAX_ROWS 64

struct yname_ix {
	const char *name;
	size_t idx;
};

static int cmp_name_ix(const void *a, const void *b)
{
	const struct yname_ix *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* ---- key paths and diagnostics ---- */

void ypush_key(struct yctx *c, const char *key)
{
	if (c->depth < IOT_ARRAY_SIZE(c->path)) {
		c->path[c->depth].key = key;
		c->path[c->depth].idx = 0;
	}
	c->depth++;
}

void ypush_index(struct yctx *c, size_t i)
{
	if (c->depth < IOT_ARRAY_SIZE(c->path)) {
		c->path[c->depth].key = NULL;
		c->path[c->depth].idx = i;
	}
	c->depth++;
}

void ypop(struct yctx *c)
{
	c->depth--;
}

/* "pci-roots[0].devices[2].bdf" */
static size_t format_path(const struct yctx *c, char *out, size_t size)
{
	size_t o = 0;
	size_t n = c->depth < IOT_ARRAY_SIZE(c->path) ? c->depth : IOT_ARRAY_SIZE(c->path);

	out[0] = '\0';
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		int k = c->path[i].key ?
				snprintf(out + o, size - o, "%s%s", o ? "." : "", c->path[i].key) :
				snprintf(out + o, size - o, "[%zu]", c->path[i].idx);

		if (k < 0 || (size_t)k >= size - o)
			break;
		o += (size_t)k;
	}
	return o;
}

unsigned int yline(const struct yctx *c, const struct ynode *n)
{
	return ydoc_pos(c->doc, n).line;
}

struct iot_loc yloc(const struct yctx *c, const struct ynode *n)
{
	struct ypos p = ydoc_pos(c->doc, n);
	struct iot_loc l = iot_loc_text(c->file, p.line, p.col);

	l.src = IOT_SRC_YAML;
	l.origin = c->origin;
	return l;
}

void yerr(struct yctx *c, const struct ynode *n, const char *fmt, ...)
{
	struct iot_loc loc;
	char msg[512], path[1024];
	va_list ap;

	if (c->stream) {
		c->errors++; /* the document is read again, as a whole, to report it */
		return;
	}
	loc = yloc(c, n);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->errors++;
	if (format_path(c, path, sizeof(path)))
		iot_error(c->d, &loc, "%s: %s", path, msg);
	else
		iot_error(c->d, &loc, "%s", msg);
}

const char *yshow(const struct ynode *n, char *out, size_t size)
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

const char *ykind_name(const struct ynode *n)
{
	if (n->kind == YN_MAP)
		return "a mapping";
	if (n->kind == YN_SEQ)
		return "a list";
	if (n->plain && n->len == 0)
		return "nothing";
	return n->plain ? "a plain word" : "a quoted string";
}

void ymissing(struct yctx *c, const struct ynode *m, const char *key)
{
	yerr(c, m, "missing required key '%s'", key);
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

static bool key_is(const struct ynode *k, const char *key, size_t klen)
{
	return k->len == klen && k->s[0] == key[0] && !memcmp(k->s, key, klen);
}

const struct ynode *yget(const struct ynode *m, const char *key)
{
	size_t klen = strlen(key);

	if (m->kind != YN_MAP)
		return NULL;
	YMAP_FOR(k, m)
	{
		if (key_is(k, key, klen))
			return k + 1;
	}
	return NULL;
}

const struct ynode *ykey(const struct ynode *m, const char *key)
{
	size_t klen = strlen(key);

	if (m->kind != YN_MAP)
		return NULL;
	YMAP_FOR(k, m)
	{
		if (key_is(k, key, klen))
			return k;
	}
	return NULL;
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
	/* the common case, a name or a path: no special word or number starts so */
	if (!strchr("~nNtTfFyYoO.+-0123456789", s[0]))
		return false;
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
bool yget_num(struct yctx *c, const struct ynode *n, uint64_t max, uint64_t *out)
{
	const char *s = n->s;
	char tmp[200];
	uint64_t v = 0, t;
	unsigned int base = 10;
	size_t i = 0;
	bool over = false;

	if (n->kind != YN_SCALAR || !n->plain || n->len == 0) {
		yerr(c, n, "expected a number, got %s", ykind_name(n));
		return false;
	}
	if (s[0] == '-') {
		yerr(c, n, "'%s': negative numbers are not allowed", yshow(n, tmp, sizeof(tmp)));
		return false;
	}
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		i = 2;
	} else if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		yerr(c, n,
		     "'%s': leading zeros are ambiguous (octal?); write it in decimal or 0x hex",
		     yshow(n, tmp, sizeof(tmp)));
		return false;
	}
	if (i >= n->len) {
		yerr(c, n, "'%s' is not a number", yshow(n, tmp, sizeof(tmp)));
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
			     yshow(n, tmp, sizeof(tmp)), ch >= 0x20 && ch < 0x7f ? ch : '?');
			return false;
		}
		/* v * base + dig past 64 bits (no division per digit) */
		if (__builtin_mul_overflow(v, base, &t) || __builtin_add_overflow(t, dig, &t))
			over = true;
		else
			v = t;
	}
	if (over || v > max) {
		if (base == 16)
			yerr(c, n, "%s is out of range (at most 0x%llx)",
			     yshow(n, tmp, sizeof(tmp)), (unsigned long long)max);
		else
			yerr(c, n, "%s is out of range (at most %llu)", yshow(n, tmp, sizeof(tmp)),
			     (unsigned long long)max);
		return false;
	}
	*out = v;
	return true;
}

bool yget_bool(struct yctx *c, const struct ynode *n, bool *out)
{
	if (n->kind == YN_SCALAR && n->plain && key_is(n, "true", 4)) {
		*out = true;
		return true;
	}
	if (n->kind == YN_SCALAR && n->plain && key_is(n, "false", 5)) {
		*out = false;
		return true;
	}
	if (n->kind == YN_SCALAR) {
		char tmp[200];

		yerr(c, n, "expected true or false, got '%s'", yshow(n, tmp, sizeof(tmp)));
	} else {
		yerr(c, n, "expected true or false, got %s", ykind_name(n));
	}
	return false;
}

/* A string value: quoted, or a plain word a YAML 1.1 loader would not type. */
bool ycheck_str(struct yctx *c, const struct ynode *n)
{
	char tmp[200];

	if (n->kind != YN_SCALAR) {
		yerr(c, n, "expected a string, got %s", ykind_name(n));
		return false;
	}
	if (n->plain && n->len == 0) {
		yerr(c, n, "expected a string, got nothing");
		return false;
	}
	if (plain_is_special(n)) {
		yerr(c, n, "'%s' reads as a number, boolean or null in YAML; quote it: \"%s\"",
		     yshow(n, tmp, sizeof(tmp)), yshow(n, tmp, sizeof(tmp)));
		return false;
	}
	if (n->len > IOT_YAML_MAX_STRING) {
		yerr(c, n, "string of %u bytes is longer than the %u-byte limit", n->len,
		     IOT_YAML_MAX_STRING);
		return false;
	}
	if (strlen(n->s) != n->len) {
		yerr(c, n, "string contains a NUL character");
		return false;
	}
	return true;
}

/* An enum from a NULL-terminated word list; returns the index or -1. */
int yget_enum(struct yctx *c, const struct ynode *n, const char *const *words)
{
	char tmp[200], list[256];
	size_t cnt = 0, o = 0;
	const char *near;

	if (n->kind == YN_SCALAR)
		for (int i = 0; words[i]; i++)
			if (key_is(n, words[i], strlen(words[i])))
				return i;
	if (n->kind != YN_SCALAR) {
		yerr(c, n, "expected one word, got %s", ykind_name(n));
		return -1;
	}
	while (words[cnt])
		cnt++;
	near = closest(c, n->s, words, cnt);
	list[0] = '\0';
	for (size_t i = 0; i < cnt && o + 2 < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "", words[i]);
	if (near)
		yerr(c, n, "unknown value '%s' (did you mean '%s'?)", yshow(n, tmp, sizeof(tmp)),
		     near);
	else
		yerr(c, n, "unknown value '%s' (one of: %s)", yshow(n, tmp, sizeof(tmp)), list);
	return -1;
}

bool yis_seq(struct yctx *c, const struct ynode *n)
{
	if (n->kind == YN_SEQ)
		return true;
	yerr(c, n, "expected a list, got %s", ykind_name(n));
	return false;
}

/* "bb:dd.f", two hex digits, two hex digits (< 0x20), one digit 0-7 */
bool yparse_bdf(const char *s, size_t len, uint8_t *bus, uint8_t *devfn)
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

/* ---- references by name ---- */

static const char *ref_what(enum yref k)
{
	switch (k) {
	case YREF_MSI:
		return "MSI controller";
	case YREF_IOMMU:
		return "IOMMU";
	case YREF_PLATDEV:
		return "platform device";
	default:
		break;
	}
	return "?";
}

static const char *ref_name_at(const struct iot_topology *t, enum yref k, size_t i)
{
	switch (k) {
	case YREF_MSI:
		return i < t->n_msis ? t->msis[i].name : NULL;
	case YREF_IOMMU:
		return i < t->n_iommus ? t->iommus[i].name : NULL;
	case YREF_PLATDEV:
		return i < t->n_platdevs ? t->platdevs[i].name : NULL;
	default:
		break;
	}
	return NULL;
}

static size_t ref_count(const struct iot_topology *t, enum yref k)
{
	return k == YREF_MSI ? t->n_msis : k == YREF_IOMMU ? t->n_iommus : t->n_platdevs;
}

/* Sorted (name, index) pairs of every named object of kind @k, for binary search. */
static void build_index(struct yctx *c, enum yref k)
{
	size_t cnt = ref_count(c->t, k), n = 0;
	struct yname_ix *v = iot_xcalloc(cnt + 1, sizeof(*v));

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

/* ---- names while streaming: one open-addressing table per kind ---- */

/*
 * Each slot keeps its name's hash, so probing compares hashes first and
 * growing the table reads no name: the names live in the model, spread over
 * the heap, and touching them all again at each doubling cost cache misses.
 */
struct yslot {
	const char *name; /* NULL: empty */
	uint32_t h;
	int idx;
};

struct yhash {
	struct yslot *v;
	size_t mask, n;
};

static uint32_t hash_str(const char *s, size_t len)
{
	uint64_t h = iot_mem_hash(s, len);

	return (uint32_t)(h ^ (h >> 32));
}

/* Slot of @name (len bytes, hash @hv) in @h: its entry, or the empty slot where it goes. */
static size_t hash_slot(const struct yhash *h, const char *name, size_t len, uint32_t hv)
{
	size_t i = hv & h->mask;

	while (h->v[i].name &&
	       (h->v[i].h != hv || strncmp(h->v[i].name, name, len) || h->v[i].name[len]))
		i = (i + 1) & h->mask;
	return i;
}

/* Add @name -> @idx; false if the name is there already. */
static bool hash_add(struct yctx *c, int kind, const char *name, int idx)
{
	struct yhash *h = c->hash[kind];
	size_t len = strlen(name), i;
	uint32_t hv = hash_str(name, len);

	if (!h) {
		h = c->hash[kind] = iot_xcalloc(1, sizeof(*h));
		h->mask = 63;
		h->v = iot_xcalloc(h->mask + 1, sizeof(*h->v));
	}
	if (2 * (h->n + 1) > h->mask + 1) {
		struct yhash big = { .mask = 2 * h->mask + 1 };

		/*
		 * a quarter full at once, a few slots on every page: map it in one
		 * call, before zeroing it (calloc would zero reused heap memory page
		 * by page, faulting each in)
		 */
		big.v = iot_xmalloc((big.mask + 1) * sizeof(*big.v));
		iot_populate(big.v, (big.mask + 1) * sizeof(*big.v));
		memset(big.v, 0, (big.mask + 1) * sizeof(*big.v));
		for (size_t k = 0; k <= h->mask; k++)
			if (h->v[k].name) {
				size_t j = h->v[k].h & big.mask;

				while (big.v[j].name)
					j = (j + 1) & big.mask;
				big.v[j] = h->v[k];
			}
		big.n = h->n;
		free(h->v);
		*h = big;
	}
	i = hash_slot(h, name, len, hv);
	if (h->v[i].name)
		return false;
	h->v[i].name = name;
	h->v[i].h = hv;
	h->v[i].idx = idx;
	h->n++;
	return true;
}

static int hash_find(const struct yctx *c, int kind, const char *name, size_t len)
{
	const struct yhash *h = c->hash[kind];
	size_t i;

	if (!h)
		return IOT_NONE;
	i = hash_slot(h, name, len, hash_str(name, len));
	return h->v[i].name ? h->v[i].idx : IOT_NONE;
}

static void hash_free(struct yctx *c)
{
	for (int k = 0; k < YNAME_NR; k++) {
		if (!c->hash[k])
			continue;
		free(c->hash[k]->v);
		free(c->hash[k]);
		c->hash[k] = NULL;
	}
}

int yresolve(struct yctx *c, const struct ynode *n, enum yref k)
{
	const struct yname_ix *v = c->ix[k];
	size_t lo = 0, hi = c->n_ix[k];
	const char *near = NULL;
	char tmp[200];

	if (!ycheck_str(c, n))
		return IOT_NONE;
	if (c->stream) {
		int i = hash_find(c, (int)k, n->s, n->len);

		if (i == IOT_NONE)
			c->errors++; /* perhaps a name further down: read it as a whole */
		return i;
	}
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
		     yshow(n, tmp, sizeof(tmp)), near);
	else
		yerr(c, n, "no %s named '%s'", ref_what(k), yshow(n, tmp, sizeof(tmp)));
	return IOT_NONE;
}

/* ---- fields by table ---- */

bool yread_field(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	uint64_t x;
	bool b;
	int i;

	if (f->hooks && f->hooks->parse)
		return f->hooks->parse(c, f, v, obj);
	switch (f->type) {
	case YT_UINT:
		if (!yget_num(c, v, yf_max(f), &x))
			return false;
		if (x < f->min) {
			yerr(c, v, "%llu is out of range (%s)", (unsigned long long)x,
			     f->range_doc ? f->range_doc : "too small");
			return false;
		}
		yf_set_uint(f, obj, x);
		return true;
	case YT_BOOL:
		if (!yget_bool(c, v, &b))
			return false;
		yf_set_bool(f, obj, b);
		return true;
	case YT_STR: {
		char **dst = yf_ptr(f, obj);

		if (!ycheck_str(c, v))
			return false;
		free(*dst);
		*dst = iot_strndup(v->s, v->len);
		return true;
	}
	case YT_WORD:
		i = yget_enum(c, v, f->words);
		if (i < 0)
			return false;
		yf_set_uint(f, obj, (uint64_t)i);
		return true;
	case YT_ACPI_ID: {
		/*
		 * An ACPI ID is bytes.  Each character is one byte: U+0001 to U+00FF,
		 * which is how decode writes a byte that is not printable ASCII
		 * ("\xe9"), so what firmware holds reads back exactly.
		 */
		unsigned char bytes[64];
		const unsigned char *p = (const unsigned char *)v->s, *end = p + v->len;
		char tmp[200];
		size_t nb = 0;

		if (!ycheck_str(c, v))
			return false;
		while (p < end) {
			unsigned int cp = *p;

			if (cp >= 0x80) {
				/* libyaml hands over valid UTF-8: two bytes reach U+07FF */
				cp = p + 1 < end && (cp & 0xe0) == 0xc0 ?
					     (cp & 0x1f) << 6 | (p[1] & 0x3f) :
					     0x100;
				p++;
			}
			p++;
			if (!cp || cp > 0xff) {
				yerr(c, v,
				     "\"%s\": only characters up to U+00FF (one byte each) are "
				     "allowed in an ACPI ID",
				     yshow(v, tmp, sizeof(tmp)));
				return false;
			}
			if (nb >= f->size || nb + 1 >= sizeof(bytes)) {
				yerr(c, v, "\"%s\" is longer than %u characters",
				     yshow(v, tmp, sizeof(tmp)), f->size);
				return false;
			}
			bytes[nb++] = (unsigned char)cp;
		}
		memcpy(yf_ptr(f, obj), bytes, nb);
		((char *)yf_ptr(f, obj))[nb] = '\0';
		return true;
	}
	case YT_REF:
		i = yresolve(c, v, f->ref);
		*(int *)yf_ptr(f, obj) = i;
		return i != IOT_NONE;
	case YT_OBJ:
		return yread_obj(c, v, f->sub, yf_ptr(f, obj));
	case YT_LIST: {
		const struct ylist *l = f->list;
		void **arr = yf_ptr(f, obj);
		size_t *n = (size_t *)((char *)obj + l->n_off);
		bool ok = true;
		size_t k = 0;

		if (!yis_seq(c, v))
			return false;
		if (!l->add)
			*arr = iot_xrealloc(*arr, (*n + v->n + 1) * l->elem);
		YSEQ_FOR(it, v)
		{
			void *el;

			ypush_index(c, k++);
			if (l->add) {
				el = l->add(obj);
			} else {
				el = (char *)*arr + *n * l->elem;
				memset(el, 0, l->elem);
				(*n)++;
			}
			if (l->has_loc)
				*(struct iot_loc *)((char *)el + l->loc_off) = yloc(c, it);
			ok &= yread_obj(c, it, f->sub, el);
			ypop(c);
		}
		return ok;
	}
	case YT_HOOK:
		break;
	}
	return true;
}

/* Index of the first row of @t named like @k, or -1. */
static int find_key(const struct ytable *t, const struct ynode *k)
{
	for (size_t i = 0; i < t->n; i++)
		if (key_is(k, t->f[i].key, t->f[i].klen))
			return (int)i;
	return -1;
}

/* The row for key @i's name that applies to the current model, or NULL. */
static bool same_key(const struct yfield *a, const struct yfield *b)
{
	return a->klen == b->klen && !memcmp(a->key, b->key, a->klen);
}

static inline const struct yfield *variant(const struct yctx *c, const struct ytable *t, size_t i)
{
	if (!t->by_model)
		return &t->f[i];
	for (size_t j = i; j < t->n; j++)
		if (same_key(&t->f[j], &t->f[i]) && yf_applies(&t->f[j], c->model))
			return &t->f[j];
	return NULL;
}

static bool required(const struct yctx *c, const struct ytable *t, const struct yfield *f)
{
	return t->by_model ? (f->req & (1u << c->model)) != 0 : f->req != 0;
}

static void unknown_key(struct yctx *c, const struct ytable *t, const struct ynode *k)
{
	const char *cands[64];
	size_t n = 0;
	const char *near;
	char tmp[200];

	for (size_t i = 0; i < t->n && n < IOT_ARRAY_SIZE(cands); i++)
		if (!i || strcmp(t->f[i].key, t->f[i - 1].key))
			cands[n++] = t->f[i].key;
	near = closest(c, k->s, cands, n);
	if (near)
		yerr(c, k, "unknown key '%s' (did you mean '%s'?)", yshow(k, tmp, sizeof(tmp)),
		     near);
	else
		yerr(c, k, "unknown key '%s'", yshow(k, tmp, sizeof(tmp)));
}

/* One row: read its value with the key on the path. */
static bool read_row(struct yctx *c, const struct yfield *f, const struct ynode *k, void *obj)
{
	bool ok;

	if (f->flags & YF_HAS)
		*(bool *)((char *)obj + f->has_off) = true;
	ypush_key(c, f->key);
	ok = yread_field(c, f, k + 1, obj);
	ypop(c);
	return ok;
}

/*
 * Every key of @m known to @t, none twice: keys[i] receives the key node of
 * row i (the first of a repeated key).  False if @m is not a mapping.
 */
static bool scan_keys(struct yctx *c, const struct ynode *m, const struct ytable *t,
		      const struct ynode **keys, bool *clean)
{
	*clean = true;
	if (m->kind != YN_MAP) {
		yerr(c, m, "expected a mapping, got %s", ykind_name(m));
		return false;
	}
	YMAP_FOR(k, m)
	{
		int i = find_key(t, k);

		if (i < 0 || i >= YMAX_ROWS) {
			unknown_key(c, t, k);
			*clean = false;
		} else if (keys[i]) {
			yerr(c, k, "duplicate key '%s' (first at line %u)", t->f[i].key,
			     yline(c, keys[i]));
			*clean = false;
		} else {
			keys[i] = k;
		}
	}
	return true;
}

bool ycheck_keys(struct yctx *c, const struct ynode *m, const struct ytable *t)
{
	const struct ynode *keys[YMAX_ROWS];
	bool clean;

	memset(keys, 0, t->n * sizeof(*keys)); /* only the rows the table has */

	return scan_keys(c, m, t, keys, &clean);
}

static bool read_obj(struct yctx *c, const struct ynode *m, const struct ytable *t, void *obj,
		     bool report_keys)
{
	const struct ynode *keys[YMAX_ROWS];
	bool ok = true;

	memset(keys, 0, t->n * sizeof(*keys)); /* only the rows the table has */
	if (report_keys) {
		if (!scan_keys(c, m, t, keys, &ok))
			return false;
	} else {
		if (m->kind != YN_MAP)
			return false;
		YMAP_FOR(k, m)
		{
			int i = find_key(t, k);

			if (i >= 0 && i < YMAX_ROWS && !keys[i])
				keys[i] = k;
		}
	}
	/* the keys others depend on (an IOMMU's model, a scope's type) */
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *f = &t->f[i];

		if (!(f->flags & YF_FIRST))
			continue;
		if (!keys[i]) {
			if (f->req) {
				ymissing(c, m, f->key);
				return false;
			}
			continue;
		}
		if (!read_row(c, f, keys[i], obj))
			return false;
		if (t->by_model && f->type == YT_WORD)
			c->model = (unsigned int)yf_get_uint(f, obj);
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct yfield *f = &t->f[i];

		if (f->flags & YF_FIRST)
			continue;
		if (!keys[i]) {
			if (!f->req && !t->by_model)
				continue; /* the common case: an optional key left out */
			/* the row for the model decides (a key may have a row per model) */
			if (i && same_key(f, &t->f[i - 1]))
				continue;
			f = variant(c, t, i);
			if (f && required(c, t, f))
				ymissing(c, m, f->key);
			continue;
		}
		f = variant(c, t, i);
		if (!f) {
			yerr(c, keys[i], "'%s' does not apply to model %s", t->f[i].key,
			     iot_iommu_model_name((enum iot_iommu_model)c->model));
			ok = false;
			continue;
		}
		ok &= read_row(c, f, keys[i], obj);
	}
	if (t->finish)
		t->finish(c, t, m, obj);
	return ok;
}

bool yread_obj(struct yctx *c, const struct ynode *m, const struct ytable *t, void *obj)
{
	return read_obj(c, m, t, obj, true);
}

bool yread_fields(struct yctx *c, const struct ynode *m, const struct ytable *t, void *obj)
{
	return read_obj(c, m, t, obj, false);
}

/* ---- the top level: sections of named objects ---- */

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

static const struct ytable *const section_tables[S_NR] = {
	&yt_msi_ctrl, &yt_iommu, &yt_root, &yt_platdev, &yt_pmcg, &yt_rmr,
};

static size_t section_count(const struct iot_topology *t, enum section s)
{
	const size_t counts[S_NR] = { t->n_msis,     t->n_iommus, t->n_roots,
				      t->n_platdevs, t->n_pmcgs,  t->n_rmrs };

	return counts[s];
}

/* Object @i of section @s: a pointer, its name slot and its location. */
static void *section_obj(struct iot_topology *t, enum section s, size_t i, char ***name,
			 struct iot_loc **loc)
{
	switch (s) {
	case S_MSI:
		*name = &t->msis[i].name;
		*loc = &t->msis[i].loc;
		return &t->msis[i];
	case S_IOMMU:
		*name = &t->iommus[i].name;
		*loc = &t->iommus[i].loc;
		return &t->iommus[i];
	case S_ROOT:
		*name = &t->roots[i].name;
		*loc = &t->roots[i].loc;
		return &t->roots[i];
	case S_PLATDEV:
		*name = &t->platdevs[i].name;
		*loc = &t->platdevs[i].loc;
		return &t->platdevs[i];
	case S_PMCG:
		*name = &t->pmcgs[i].name;
		*loc = &t->pmcgs[i].loc;
		return &t->pmcgs[i];
	case S_RMR:
		*name = &t->rmrs[i].name;
		*loc = &t->rmrs[i].loc;
		return &t->rmrs[i];
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

/* Room for @n more objects of section @s at once (not doubling past what the file has). */
static void reserve(struct iot_topology *t, enum section s, size_t n)
{
	switch (s) {
	case S_MSI:
		iot_grow((void **)&t->msis, &t->cap_msis, t->n_msis + n, sizeof(*t->msis));
		break;
	case S_IOMMU:
		iot_grow((void **)&t->iommus, &t->cap_iommus, t->n_iommus + n, sizeof(*t->iommus));
		break;
	case S_ROOT:
		iot_grow((void **)&t->roots, &t->cap_roots, t->n_roots + n, sizeof(*t->roots));
		break;
	case S_PLATDEV:
		iot_grow((void **)&t->platdevs, &t->cap_platdevs, t->n_platdevs + n,
			 sizeof(*t->platdevs));
		break;
	case S_PMCG:
		iot_grow((void **)&t->pmcgs, &t->cap_pmcgs, t->n_pmcgs + n, sizeof(*t->pmcgs));
		break;
	case S_RMR:
		iot_grow((void **)&t->rmrs, &t->cap_rmrs, t->n_rmrs + n, sizeof(*t->rmrs));
		break;
	case S_NR:
		break;
	}
}

struct dup_ix {
	const char *name;
	size_t idx;
	const struct ynode *node; /* the name's node in this file, or NULL */
};

static int cmp_dup_ix(const void *a, const void *b)
{
	const struct dup_ix *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Names are unique per kind (also against objects loaded before this file).
 * Sorting keeps this O(n log n) for files with very many objects.
 */
static void report_duplicates(struct yctx *c, const struct ynode *list, enum section s,
			      size_t first)
{
	size_t cnt = section_count(c->t, s), n = 0;
	struct dup_ix *v = iot_xcalloc(cnt + 1, sizeof(*v));
	const struct ynode *it = list + 1;

	for (size_t i = 0; i < cnt; i++) {
		struct iot_loc *loc;
		char **name;

		section_obj(c->t, s, i, &name, &loc);
		if (i >= first) {
			if (*name) {
				v[n].name = *name;
				v[n].idx = i;
				v[n].node = it->kind == YN_MAP ? yget(it, "name") : NULL;
				n++;
			}
			it = ynext(it);
		} else if (*name) {
			v[n].name = *name;
			v[n++].idx = i;
		}
	}
	qsort(v, n, sizeof(*v), cmp_dup_ix);
	for (size_t i = 1, j = 0; i < n; i++) {
		struct iot_loc *loc;
		char **name;
		char tmp[200];

		if (strcmp(v[j].name, v[i].name))
			j = i; /* v[j]: first of the run of equal names */
		if (j == i || !v[i].node)
			continue;
		ypush_index(c, v[i].idx - first);
		ypush_key(c, "name");
		section_obj(c->t, s, v[j].idx, &name, &loc);
		yshow(v[i].node, tmp, sizeof(tmp));
		if (loc->file && strcmp(loc->file, c->file))
			yerr(c, v[i].node, "duplicate name '%s' (first in %s:%u)", tmp, loc->file,
			     loc->line);
		else
			yerr(c, v[i].node, "duplicate name '%s' (first at line %u)", tmp,
			     loc->line);
		ypop(c);
		ypop(c);
	}
	free(v);
}

/* Pass 1: one object per list item, named, so that pass 2 can resolve any reference. */
static void create_objects(struct yctx *c, const struct ynode *top, enum section s)
{
	const struct ynode *list = yget(top, section_keys[s]);
	size_t first = section_count(c->t, s), i = 0;

	if (!list)
		return;
	ypush_key(c, section_keys[s]);
	if (!yis_seq(c, list)) {
		ypop(c);
		return;
	}
	reserve(c->t, s, list->n);
	YSEQ_FOR(it, list)
	{
		const struct ynode *nm = it->kind == YN_MAP ? yget(it, "name") : NULL;
		size_t idx = section_count(c->t, s);
		struct iot_loc *loc;
		char **name;

		ypush_index(c, i++);
		add_object(c->t, s);
		section_obj(c->t, s, idx, &name, &loc);
		*loc = yloc(c, it);
		if (!nm) {
			if (it->kind == YN_MAP)
				ymissing(c, it, "name");
			ypop(c);
			continue;
		}
		ypush_key(c, "name");
		if (ycheck_str(c, nm))
			*name = iot_topology_strndup(c->t, nm->s, nm->len);
		ypop(c);
		ypop(c);
	}
	report_duplicates(c, list, s, first);
	ypop(c);
}

static void parse_section(struct yctx *c, const struct ynode *top, enum section s, size_t first)
{
	const struct ynode *list = yget(top, section_keys[s]);
	size_t i = 0;

	if (!list || list->kind != YN_SEQ)
		return;
	ypush_key(c, section_keys[s]);
	YSEQ_FOR(it, list)
	{
		struct iot_loc *loc;
		char **name;
		void *obj = section_obj(c->t, s, first + i, &name, &loc);

		ypush_index(c, i++);
		c->model = 0;
		yread_obj(c, it, section_tables[s], obj);
		ypop(c);
	}
	ypop(c);
}

static bool parse_version(struct yctx *c, const struct ynode *top)
{
	const struct ynode *v = yget(top, "iotopo");
	uint64_t ver;

	if (!v) {
		yerr(c, top, "missing required key 'iotopo' (the format version: iotopo: %d)",
		     IOT_FORMAT_VERSION);
		return false;
	}
	ypush_key(c, "iotopo");
	if (yget_num(c, v, UINT32_MAX, &ver) && ver != IOT_FORMAT_VERSION) {
		yerr(c, v, "format version %llu is not supported (this iotopo reads version %d)",
		     (unsigned long long)ver, IOT_FORMAT_VERSION);
		ypop(c);
		return false;
	}
	ypop(c);
	c->t->format_version = IOT_FORMAT_VERSION;
	return true;
}

/*
 * firmware: dt | acpi -- what the described machine boots with (the
 * simulator's rules).  Default: iot_topology_default_firmware().
 */
static void parse_firmware(struct yctx *c, const struct ynode *top)
{
	static const char *const words[] = { "dt", "acpi", NULL };
	const struct ynode *v = yget(top, "firmware");
	bool x86 = iot_topology_default_firmware(c->t) == IOT_FW_ACPI;

	iot_topology_set_firmware(c->t, IOT_FW_MODEL, 0);
	if (v) {
		int i;

		ypush_key(c, "firmware");
		i = yget_enum(c, v, words);
		if (i == 0 && x86)
			yerr(c, v,
			     "Intel VT-d and AMD-Vi units are described only by ACPI (DMAR, IVRS); "
			     "use firmware: acpi");
		else if (i >= 0)
			c->t->firmware.boot = i == 0 ? IOT_FW_DT : IOT_FW_ACPI;
		ypop(c);
	}
}

/* A mapping-valued top-level key read by its table. */
static void parse_top_obj(struct yctx *c, const struct ynode *top, const char *key,
			  const struct ytable *t, void *obj, bool *has)
{
	const struct ynode *v = yget(top, key);

	if (!v)
		return;
	ypush_key(c, key);
	if (v->kind == YN_MAP && has)
		*has = true;
	c->model = 0;
	yread_obj(c, v, t, obj);
	ypop(c);
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

/* Unknown and repeated top-level keys (the values are read by key, not by row). */
static void check_top_keys(struct yctx *c, const struct ynode *top)
{
	ycheck_keys(c, top, &yt_top);
}

/* ---- the fast path: one section item at a time ---- */

static int name_kind(enum section s)
{
	static const int kinds[S_NR] = { YREF_MSI,     YREF_IOMMU, YNAME_ROOT,
					 YREF_PLATDEV, YNAME_PMCG, YNAME_RMR };

	return kinds[s];
}

/* One item of section @s: the object, its name, its keys (what both passes do for it). */
static void stream_object(struct yctx *c, enum section s, const struct ynode *it)
{
	size_t idx = section_count(c->t, s);
	const struct ynode *nm;
	struct iot_loc *loc;
	char **name;
	void *obj;

	add_object(c->t, s);
	obj = section_obj(c->t, s, idx, &name, &loc);
	*loc = yloc(c, it);
	nm = it->kind == YN_MAP ? yget(it, "name") : NULL;
	if (!nm || !ycheck_str(c, nm)) {
		c->errors++;
		return;
	}
	*name = iot_topology_strndup(c->t, nm->s, nm->len);
	if (!hash_add(c, name_kind(s), *name, (int)idx)) {
		c->errors++; /* a duplicate name */
		return;
	}
	c->model = 0;
	yread_obj(c, it, section_tables[s], obj);
}

static bool key_means(const struct ynode *k, const char *key)
{
	return key_is(k, key, strlen(key));
}

/*
 * Read a document whose every reference points back (the usual order:
 * msi-controllers, iommus, pci-roots, platform-devices, pmcgs, rmrs) one
 * section item at a time: the nodes of one item at most are in memory.
 * Returns 0 when the topology is read without a problem; 1 when anything
 * at all went wrong (a syntax error, a forward reference, an unknown key,
 * a bad value): the caller then reads the document as a whole, which finds
 * and reports every problem.
 */
static int load_stream(struct yctx *c, const uint8_t *data, size_t len)
{
	bool seen[YMAX_ROWS] = { false }, version = false;
	const struct ynode *k, *v;
	char firmware[8] = "";
	struct ystream st;
	struct ydoc doc;
	int r, rc = 1;

	if (!ystream_open(&st, &doc, c->file, data, len))
		goto out;
	c->doc = &doc;
	c->stream = true;
	/* names, DT paths, compatibles, IOMMU lists: about the text's size in a large board */
	iot_topology_pool_hint(c->t, len);
	c->t->source = c->file;
	c->origin = iot_add_origin(c->t, IOT_SRC_YAML, c->file);
	for (;;) {
		enum section s;
		int i;

		ydoc_reset(&doc);
		r = ystream_key(&st, &doc, &k);
		if (r <= 0) {
			if (r < 0)
				goto out;
			break;
		}
		i = find_key(&yt_top, k);
		if (i < 0 || seen[i])
			goto out;
		seen[i] = true;
		for (s = 0; s < S_NR && !key_means(k, section_keys[s]); s++)
			;
		if (s < S_NR) {
			if (!ystream_seq_open(&st))
				goto out;
			for (;;) {
				ydoc_reset(&doc);
				r = ystream_seq_item(&st, &doc, &v);
				if (r <= 0) {
					if (r < 0)
						goto out;
					break;
				}
				stream_object(c, s, v);
				if (c->errors)
					goto out;
			}
			continue;
		}
		if (key_means(k, "iotopo")) {
			v = ystream_value(&st, &doc);
			uint64_t ver;

			if (!v || !yget_num(c, v, UINT32_MAX, &ver) || ver != IOT_FORMAT_VERSION)
				goto out;
			version = true;
		} else if (key_means(k, "firmware")) {
			v = ystream_value(&st, &doc);
			if (!v || v->kind != YN_SCALAR || v->len >= sizeof(firmware))
				goto out;
			memcpy(firmware, v->s, v->len + 1);
		} else {
			bool *has = key_means(k, "dmar") ? &c->t->x86.has_dmar :
				    key_means(k, "ivrs") ? &c->t->x86.has_ivrs :
							   NULL;
			const struct ytable *t = key_means(k, "machine")    ? &yt_machine :
						 key_means(k, "kernel")	    ? &yt_kernel :
						 has == &c->t->x86.has_dmar ? &yt_dmar :
									      &yt_ivrs;
			void *obj = t == &yt_machine ? (void *)&c->t->machine :
				    t == &yt_kernel  ? (void *)&c->t->kernel :
						       (void *)c->t;

			v = ystream_value(&st, &doc);
			if (!v || v->kind != YN_MAP)
				goto out;
			if (has)
				*has = true;
			c->model = 0;
			yread_obj(c, v, t, obj);
		}
		if (c->errors)
			goto out;
	}
	if (!version)
		goto out;
	iot_topology_set_firmware(c->t, IOT_FW_MODEL, 0);
	if (firmware[0]) {
		if (!strcmp(firmware, "acpi"))
			c->t->firmware.boot = IOT_FW_ACPI;
		else if (!strcmp(firmware, "dt") &&
			 iot_topology_default_firmware(c->t) != IOT_FW_ACPI)
			c->t->firmware.boot = IOT_FW_DT;
		else
			goto out;
	}
	rc = 0;
out:
	ystream_close(&st);
	ydoc_free(&doc);
	hash_free(c);
	c->stream = false;
	c->doc = NULL;
	return rc;
}

/* Nothing read into @t yet (the fast path builds it from scratch, or not at all). */
static bool topology_empty(const struct iot_topology *t)
{
	return !t->n_msis && !t->n_iommus && !t->n_roots && !t->n_platdevs && !t->n_pmcgs &&
	       !t->n_rmrs && !t->n_x86_entries && !t->n_x86_andds && !t->n_dmar_raws &&
	       !t->n_ivrs_raws && !t->n_origins && !t->n_kept && !t->machine.name &&
	       !t->machine.has_oem && !t->machine.has_iort_revision && !t->kernel.version &&
	       !t->kernel.cmdline && !t->x86.has_dmar && !t->x86.has_ivrs &&
	       t->firmware.kind == IOT_FW_UNKNOWN;
}

int iot_yaml_load(const char *path, const uint8_t *data, size_t len, struct iot_topology *t,
		  struct iot_diags *d)
{
	size_t n0 = d->n;
	struct yctx c = { .file = path, .d = d, .t = t };
	size_t first[S_NR];
	const struct ynode *top;
	struct ydoc doc;

	if (topology_empty(t)) {
		const char *source = t->source;

		if (!load_stream(&c, data, len))
			return iot_topology_validate(t, d) ? -1 : 0;
		/* start again from nothing: the whole document, every problem reported */
		iot_topology_free(t);
		iot_topology_init(t);
		t->source = source;
		c = (struct yctx){ .file = path, .d = d, .t = t };
	}
	top = ydoc_parse(&doc, path, data, len, d);
	c.doc = &doc;
	if (!top)
		return -1;
	if (top->kind != YN_MAP) {
		yerr(&c, top, "expected a topology mapping (iotopo: 1, iommus: ...), got %s",
		     ykind_name(top));
		goto out;
	}
	t->source = path;
	iot_topology_pool_hint(t, len);
	c.origin = iot_add_origin(t, IOT_SRC_YAML, path);
	check_top_keys(&c, top);
	if (!parse_version(&c, top))
		goto out;
	for (int s = 0; s < S_NR; s++) {
		first[s] = section_count(t, (enum section)s);
		create_objects(&c, top, (enum section)s);
	}
	for (int k = 0; k < YREF_NR; k++)
		build_index(&c, (enum yref)k);
	parse_top_obj(&c, top, "machine", &yt_machine, &t->machine, NULL);
	for (int s = 0; s < S_NR; s++)
		parse_section(&c, top, (enum section)s, first[s]);
	parse_top_obj(&c, top, "kernel", &yt_kernel, &t->kernel, NULL);
	parse_top_obj(&c, top, "dmar", &yt_dmar, t, &t->x86.has_dmar);
	parse_top_obj(&c, top, "ivrs", &yt_ivrs, t, &t->x86.has_ivrs);
	parse_firmware(&c, top);
	sort_diags(d, n0);
	if (!c.errors)
		c.errors += iot_topology_validate(t, d);
out:
	for (int k = 0; k < YREF_NR; k++)
		free(c.ix[k]);
	ydoc_free(&doc);
	return c.errors ? -1 : 0;
}
