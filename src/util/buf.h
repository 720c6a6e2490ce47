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

struct iot_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

void iot_buf_init(struct iot_buf *b);
void iot_buf_free(struct iot_buf *b);
void iot_buf_reset(struct iot_buf *b);
void iot_buf_add(struct iot_buf *b, const void *p, size_t n);
void iot_buf_addc(struct iot_buf *b, char c);
void iot_buf_adds(struct iot_buf *b, const char *s);
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

#endif
