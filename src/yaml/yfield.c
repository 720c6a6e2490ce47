// SPDX-License-Identifier: MIT
/* Reading and writing a table row's value in a model object. */
#include <string.h>

#include "yaml/yfield.h"

static uint64_t load(const void *p, unsigned int size)
{
	switch (size) {
	case 1:
		return *(const uint8_t *)p;
	case 2:
		return *(const uint16_t *)p;
	case 4:
		return *(const uint32_t *)p;
	case 8:
		return *(const uint64_t *)p;
	}
	return 0;
}

static void store(void *p, unsigned int size, uint64_t v)
{
	switch (size) {
	case 1:
		*(uint8_t *)p = (uint8_t)v;
		break;
	case 2:
		*(uint16_t *)p = (uint16_t)v;
		break;
	case 4:
		*(uint32_t *)p = (uint32_t)v;
		break;
	case 8:
		*(uint64_t *)p = v;
		break;
	}
}

static uint64_t bits(const struct yfield *f)
{
	unsigned int w = f->width ? f->width : 8u * f->size;

	return w >= 64 ? UINT64_MAX : (1ull << w) - 1;
}

uint64_t yf_max(const struct yfield *f)
{
	return f->max ? f->max : bits(f);
}

uint64_t yf_get_uint(const struct yfield *f, const void *obj)
{
	return (load(yf_cptr(f, obj), f->size) >> f->shift) & bits(f);
}

void yf_set_uint(const struct yfield *f, void *obj, uint64_t v)
{
	uint64_t m = bits(f) << f->shift;
	uint64_t old = load(yf_ptr(f, obj), f->size);

	store(yf_ptr(f, obj), f->size, (old & ~m) | ((v << f->shift) & m));
}

bool yf_get_bool(const struct yfield *f, const void *obj)
{
	if (!f->mask)
		return *(const bool *)yf_cptr(f, obj);
	return (load(yf_cptr(f, obj), f->size) & f->mask) != 0;
}

void yf_set_bool(const struct yfield *f, void *obj, bool v)
{
	uint64_t old;

	if (!f->mask) {
		*(bool *)yf_ptr(f, obj) = v;
		return;
	}
	old = load(yf_ptr(f, obj), f->size);
	store(yf_ptr(f, obj), f->size, v ? old | f->mask : old & ~f->mask);
}
