// SPDX-License-Identifier: MIT
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void iot_buf_init(struct iot_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void iot_buf_free(struct iot_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void iot_buf_reset(struct iot_buf *b)
{
	b->len = 0;
}

static inline void reserve(struct iot_buf *b, size_t extra)
{
	/* one spare byte so iot_buf_str() never reallocates */
	if (b->len + extra + 1 > b->cap)
		iot_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1);
}

void iot_buf_add_grow(struct iot_buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void iot_buf_addc_grow(struct iot_buf *b, char c)
{
	reserve(b, 1);
	b->data[b->len++] = (uint8_t)c;
}

void iot_buf_vprintf(struct iot_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n;

	/* one pass when the text fits in what is left (a report prints a million lines) */
	reserve(b, 255);
	room = b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf((char *)b->data + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n <= 0)
		return;
	if ((size_t)n >= room) {
		reserve(b, (size_t)n);
		vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void iot_buf_printf(struct iot_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	iot_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

size_t iot_buf_zeros(struct iot_buf *b, size_t n)
{
	size_t off = b->len;

	reserve(b, n);
	memset(b->data + b->len, 0, n);
	b->len += n;
	return off;
}

void iot_buf_put_le(struct iot_buf *b, size_t off, uint64_t v, unsigned int width)
{
	for (unsigned int i = 0; i < width && off + i < b->len; i++)
		b->data[off + i] = (uint8_t)(v >> (8 * i));
}

void iot_buf_add_le(struct iot_buf *b, uint64_t v, unsigned int width)
{
	size_t off = iot_buf_zeros(b, width);

	iot_buf_put_le(b, off, v, width);
}

const char *iot_buf_str(struct iot_buf *b)
{
	reserve(b, 0);
	b->data[b->len] = '\0';
	return (const char *)b->data;
}

size_t iot_utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned int c = p[0], n, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (unsigned int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* overlong 3- and 4-byte forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void iot_buf_json_string(struct iot_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *end = p + strlen((const char *)p);

	iot_buf_addc(b, '"');
	while (p < end) {
		size_t n;

		if (*p == '"' || *p == '\\') {
			iot_buf_addc(b, '\\');
			iot_buf_addc(b, (char)*p++);
		} else if (*p == '\n') {
			iot_buf_adds(b, "\\n");
			p++;
		} else if (*p == '\t') {
			iot_buf_adds(b, "\\t");
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			iot_buf_printf(b, "\\u%04x", *p++);
		} else if ((n = iot_utf8_len(p, end)) != 0) {
			iot_buf_add(b, p, n);
			p += n;
		} else {
			iot_buf_adds(b, "\\ufffd");
			p++;
		}
	}
	iot_buf_addc(b, '"');
}
