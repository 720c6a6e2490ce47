/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer.  Writers build their whole output in one of these;
 * only the CLI puts it into a file, through iot_write_atomic().
 */
#ifndef IOTOPO_BUF_H
#define IOTOPO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct iot_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

void iot_buf_init(struct iot_buf *b);
void iot_buf_free(struct iot_buf *b);
void iot_buf_reset(struct iot_buf *b);
/* the appends below when the buffer must grow first */
void iot_buf_add_grow(struct iot_buf *b, const void *p, size_t n);
void iot_buf_addc_grow(struct iot_buf *b, char c);

/*
 * Append @n bytes.  Inline when they fit (room is always kept for the NUL
 * iot_buf_str() adds): a report appends tens of millions of short pieces,
 * and for a literal iot_buf_adds() then costs no strlen and no call.
 */
static inline void iot_buf_add(struct iot_buf *b, const void *p, size_t n)
{
	if (n < b->cap - b->len) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
	} else {
		iot_buf_add_grow(b, p, n);
	}
}

static inline void iot_buf_addc(struct iot_buf *b, char c)
{
	if (1 < b->cap - b->len)
		b->data[b->len++] = (uint8_t)c;
	else
		iot_buf_addc_grow(b, c);
}

static inline void iot_buf_adds(struct iot_buf *b, const char *s)
{
	iot_buf_add(b, s, strlen(s));
}
void iot_buf_printf(struct iot_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void iot_buf_vprintf(struct iot_buf *b, const char *fmt, va_list ap);
/* Append @n zero bytes and return the offset where they start. */
size_t iot_buf_zeros(struct iot_buf *b, size_t n);
/* Little-endian stores at an offset already inside the buffer. */
void iot_buf_put_le(struct iot_buf *b, size_t off, uint64_t v, unsigned int width);
/* Append a little-endian integer of @width bytes. */
void iot_buf_add_le(struct iot_buf *b, uint64_t v, unsigned int width);
/* Return a NUL-terminated string view (the NUL is not counted in len). */
const char *iot_buf_str(struct iot_buf *b);

/*
 * The length (1 to 4) of the well-formed UTF-8 sequence at @p, which ends
 * at @end or a NUL; 0 when the bytes there are not UTF-8 (a stray
 * continuation byte, an overlong form, a surrogate, past U+10FFFF, cut off).
 * Firmware strings (OEM IDs, DT names) are bytes: writers of JSON and YAML
 * check every string with this so what they write reads back.
 */
size_t iot_utf8_len(const unsigned char *p, const unsigned char *end);

/*
 * Append @s as a JSON string (quotes included): '"', '\\' and control
 * characters escaped, bytes that are not UTF-8 replaced by U+FFFD, so any
 * JSON parser reads it (RFC 8259 section 8.1).
 */
void iot_buf_json_string(struct iot_buf *b, const char *s);

#endif
