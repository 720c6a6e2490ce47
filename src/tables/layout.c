// SPDX-License-Identifier: MIT
#include "tables/layout.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static uint64_t mask_bits(unsigned int n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

const struct iot_field *iot_layout_find(const struct iot_layout *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->f[i].key, key))
			return &l->f[i];
	return NULL;
}

size_t iot_layout_size(const struct iot_layout *l, unsigned int rev)
{
	size_t end = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct iot_field *f = &l->f[i];

		if (!(f->views & IOT_FV_BIN) || !iot_field_at_rev(f, rev) || f->kind == IOT_FK_BITS)
			continue;
		if ((size_t)f->off + f->width > end)
			end = (size_t)f->off + f->width;
	}
	return end;
}

uint64_t iot_field_raw(const struct iot_cur *c, size_t base, const struct iot_field *f)
{
	return iot_cur_le(c, base + f->off, f->width);
}

/* The FLAGS row a BITS row decodes: the closest one before it. */
static const struct iot_field *flags_of(const struct iot_layout *l, const struct iot_field *f)
{
	while (f > l->f) {
		f--;
		if (f->kind == IOT_FK_FLAGS)
			return f;
	}
	return NULL;
}

static uint64_t load(const struct iot_field *f, const void *obj)
{
	const uint8_t *p = (const uint8_t *)obj + f->boff;
	uint64_t v = 0;

	switch (f->bind) {
	case IOT_FB_BOOL:
		return *(const bool *)p;
	case IOT_FB_ENUM: {
		int e;

		memcpy(&e, p, sizeof(e));
		for (size_t i = 0; i < f->n_codes; i++)
			if (f->codes[i].value == e)
				return f->codes[i].code;
		return 0;
	}
	case IOT_FB_UINT:
		switch (f->bsize) {
		case 1:
			return *p;
		case 2: {
			uint16_t x;

			memcpy(&x, p, 2);
			return x;
		}
		case 4: {
			uint32_t x;

			memcpy(&x, p, 4);
			return x;
		}
		case 8:
			memcpy(&v, p, 8);
			return v;
		}
		break;
	}
	return 0;
}

uint64_t iot_field_model(const struct iot_field *f, const void *obj)
{
	return f->bind == IOT_FB_NONE || !obj ? 0 : load(f, obj);
}

/* The model value @v as stored would read back as (what the model can hold of @v). */
static int decode_enum(const struct iot_field *f, uint64_t v)
{
	for (size_t i = 0; i < f->n_codes; i++)
		if (f->codes[i].code == v)
			return f->codes[i].value;
	return f->code_default;
}

static void store(const struct iot_field *f, void *obj, uint64_t v)
{
	uint8_t *p = (uint8_t *)obj + f->boff;

	switch (f->bind) {
	case IOT_FB_BOOL:
		*(bool *)p = v != 0;
		break;
	case IOT_FB_ENUM: {
		int e = decode_enum(f, v);

		memcpy(p, &e, sizeof(e));
		break;
	}
	case IOT_FB_UINT:
		switch (f->bsize) {
		case 1:
			*p = (uint8_t)v;
			break;
		case 2: {
			uint16_t x = (uint16_t)v;

			memcpy(p, &x, 2);
			break;
		}
		case 4: {
			uint32_t x = (uint32_t)v;

			memcpy(p, &x, 4);
			break;
		}
		case 8:
			memcpy(p, &v, 8);
			break;
		}
		break;
	}
}

/*
 * Whether the table value @v of bound row @f reads into the model as the
 * value the model holds, @model (the row's own bits; for ENUM the code).
 */
static bool agrees(const struct iot_field *f, uint64_t v, uint64_t model)
{
	switch (f->bind) {
	case IOT_FB_BOOL:
		return (v != 0) == (model != 0);
	case IOT_FB_ENUM:
		return decode_enum(f, v) == decode_enum(f, model);
	case IOT_FB_UINT:
		return (f->bsize >= 8 || (v & mask_bits(8u * f->bsize)) == model);
	}
	return false;
}

/* Bits of FLAGS row @fl that BITS rows give from the model or the writer. */
static uint64_t bound_bits(const struct iot_layout *l, const struct iot_field *fl, unsigned int rev)
{
	uint64_t m = 0;

	for (const struct iot_field *f = fl + 1; f < l->f + l->n && f->kind == IOT_FK_BITS; f++)
		if ((f->bind != IOT_FB_NONE || f->role == IOT_FR_COMPUTED) &&
		    (f->views & IOT_FV_BIN) && iot_field_at_rev(f, rev))
			m |= mask_bits(f->nbits) << f->shift;
	return m;
}

uint64_t iot_field_rsv(const struct iot_layout *l, const struct iot_field *f, unsigned int rev)
{
	uint64_t named = 0;

	if (f->kind != IOT_FK_FLAGS || f->rsv)
		return f->rsv;
	for (const struct iot_field *g = f + 1; g < l->f + l->n && g->kind == IOT_FK_BITS; g++)
		if ((g->views & IOT_FV_BIN) && iot_field_at_rev(g, rev))
			named |= mask_bits(g->nbits) << g->shift;
	return ~named & mask_bits(8u * f->width);
}

const char *iot_field_name(const struct iot_field *f, char *buf, size_t size)
{
	const char *s = f->desc ? f->desc : f->label ? f->label : f->key;
	const char *cut = strstr(s, " (decoded below)");

	snprintf(buf, size, "%.*s", cut ? (int)(cut - s) : (int)strlen(s), s);
	return buf;
}

/* "bits 31:3" for a contiguous mask, else the mask. */
static void bit_range(uint64_t m, char *buf, size_t size)
{
	unsigned int lo = 0, hi;

	while (lo < 64 && !(m >> lo & 1))
		lo++;
	for (hi = lo; hi + 1 < 64 && (m >> (hi + 1) & 1); hi++)
		;
	if (hi + 1 < 64 && (m >> (hi + 1)))
		snprintf(buf, size, "bits 0x%llX", (unsigned long long)m);
	else if (hi == lo)
		snprintf(buf, size, "bit %u", lo);
	else
		snprintf(buf, size, "bits %u:%u", hi, lo);
}

static void report_rsv(const struct iot_layout *l, const struct iot_field *f,
		       const struct iot_cur *c, size_t base, uint64_t v, uint64_t rsv,
		       uint32_t index)
{
	enum iot_rule_id rule = f->own_rule ? f->rule : l->rsv_rule;
	char name[80], label[128], bits[32];

	iot_field_name(f, name, sizeof(name));
	if (l->element)
		snprintf(label, sizeof(label), "%s %u %s", l->name, index, name);
	else
		snprintf(label, sizeof(label), "%s", name);
	if (f->role == IOT_FR_RESERVED) {
		iot_cur_report(c, base + f->off, rule, label, "0x%0*llX, must be zero%s",
			       2 * f->width, (unsigned long long)v, f->why ? f->why : "");
		return;
	}
	bit_range(rsv, bits, sizeof(bits));
	iot_cur_report(c, base + f->off, rule, label, "0x%0*llX has reserved %s set", 2 * f->width,
		       (unsigned long long)v, bits);
}

void iot_layout_read(const struct iot_layout *l, unsigned int rev, const struct iot_cur *c,
		     size_t base, void *obj, struct iot_fw_field **fw, size_t *n_fw, uint32_t index)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct iot_field *f = &l->f[i];
		uint64_t v;

		if (!(f->views & IOT_FV_BIN) || !iot_field_at_rev(f, rev) ||
		    f->kind == IOT_FK_GROUP)
			continue;
		if (f->kind == IOT_FK_BITS) {
			const struct iot_field *fl = flags_of(l, f);

			if (f->bind == IOT_FB_NONE || f->role == IOT_FR_COMPUTED || !fl ||
			    !iot_cur_has(c, base + fl->off, fl->width))
				continue;
			v = (iot_field_raw(c, base, fl) >> f->shift) & mask_bits(f->nbits);
			if (obj)
				store(f, obj, v);
			continue;
		}
		if (f->kind == IOT_FK_CHARS || f->kind == IOT_FK_STRING ||
		    !iot_cur_has(c, base + f->off, f->width))
			continue;
		v = iot_field_raw(c, base, f);
		if (v & iot_field_rsv(l, f, rev))
			report_rsv(l, f, c, base, v, iot_field_rsv(l, f, rev), index);
		if (f->role == IOT_FR_COMPUTED)
			continue;
		if (f->kind == IOT_FK_FLAGS && f->bind == IOT_FB_NONE) {
			uint64_t rest = v & ~bound_bits(l, f, rev);

			if (rest && fw)
				iot_fw_field_set(fw, n_fw, f->key, index, rest);
			continue;
		}
		if (f->bind == IOT_FB_NONE) {
			if (v && fw)
				iot_fw_field_set(fw, n_fw, f->key, index, v);
			continue;
		}
		if (obj) {
			store(f, obj, v);
			if (fw && load(f, obj) != v)
				iot_fw_field_set(fw, n_fw, f->key, index, v);
		}
	}
}

void iot_layout_keep_computed(const struct iot_layout *l, const char *key, uint64_t actual,
			      uint64_t expect, struct iot_fw_field **fw, size_t *n_fw,
			      uint32_t index)
{
	const struct iot_field *f = iot_layout_find(l, key);

	if (f && actual != expect)
		iot_fw_field_set(fw, n_fw, f->key, index, actual);
}

void iot_layout_write(const struct iot_layout *l, unsigned int rev, struct iot_buf *b, size_t base,
		      const void *obj, const struct iot_fw_field *fw, size_t n_fw, uint32_t index,
		      iot_layout_calc_fn calc, void *ctx, const char *str)
{
	size_t start = base, size = iot_layout_size(l, rev);

	if (b->len < base + size)
		iot_buf_zeros(b, base + size - b->len);
	for (size_t i = 0; i < l->n; i++) {
		const struct iot_field *f = &l->f[i];
		const struct iot_fw_field *kept;
		uint64_t v = 0;

		if (!(f->views & IOT_FV_BIN) || !iot_field_at_rev(f, rev) ||
		    f->kind == IOT_FK_BITS || f->kind == IOT_FK_STRING || f->kind == IOT_FK_GROUP)
			continue;
		if (f->kind == IOT_FK_CHARS) {
			/* CHARS rows are filled by their owner (the ACPI header) */
			continue;
		}
		kept = iot_fw_field_get(fw, n_fw, f->key, index);
		if (f->role == IOT_FR_COMPUTED) {
			if (kept)
				v = kept->value;
			else if (!calc || !calc(ctx, f, &v))
				v = 0;
		} else if (f->kind == IOT_FK_FLAGS && f->bind == IOT_FB_NONE) {
			uint64_t bm = bound_bits(l, f, rev);

			for (const struct iot_field *g = f + 1;
			     g < l->f + l->n && g->kind == IOT_FK_BITS; g++) {
				const struct iot_fw_field *gk;
				uint64_t bits = 0;

				if (!(g->views & IOT_FV_BIN) || !iot_field_at_rev(g, rev))
					continue;
				if (g->role == IOT_FR_COMPUTED) {
					gk = iot_fw_field_get(fw, n_fw, g->key, index);
					if (gk)
						bits = gk->value;
					else if (calc && !calc(ctx, g, &bits))
						bits = 0;
				} else if (g->bind != IOT_FB_NONE && obj) {
					bits = load(g, obj);
				}
				v |= (bits & mask_bits(g->nbits)) << g->shift;
			}
			if (kept)
				v |= kept->value & ~bm;
		} else if (f->bind == IOT_FB_NONE) {
			v = kept ? kept->value : 0;
		} else {
			v = obj ? load(f, obj) : 0;
			if (kept && agrees(f, kept->value, v))
				v = kept->value;
		}
		iot_buf_put_le(b, start + f->off, v, f->width);
	}
	if (l->n && l->f[l->n - 1].kind == IOT_FK_STRING && str)
		iot_buf_add(b, str, strlen(str) + 1);
}
