// SPDX-License-Identifier: MIT
#include "acpi/cursor.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void iot_cur_init(struct iot_cur *c, const uint8_t *tbl, size_t len, const char *file,
		  struct iot_diags *d, const char *what)
{
	memset(c, 0, sizeof(*c));
	c->tbl = tbl;
	c->tbl_len = len;
	c->len = len;
	c->file = file;
	c->d = d;
	snprintf(c->what, sizeof(c->what), "%s", what);
}

bool iot_cur_sub(struct iot_cur *c, const struct iot_cur *parent, size_t off, size_t len,
		 const char *what_fmt, ...)
{
	va_list ap;
	bool ok = iot_cur_sub_keep(c, parent, off, len);

	c->what_pfx = NULL;
	va_start(ap, what_fmt);
	vsnprintf(c->what, sizeof(c->what), what_fmt, ap);
	va_end(ap);
	return ok;
}

bool iot_cur_sub_keep(struct iot_cur *c, const struct iot_cur *parent, size_t off, size_t len)
{
	*c = *parent;
	if (off > parent->len) {
		c->start = parent->start + parent->len;
		c->len = 0;
		return false;
	}
	c->start = parent->start + off;
	c->len = len > parent->len - off ? parent->len - off : len;
	return true;
}

const char *iot_cur_what(const struct iot_cur *c, char *buf, size_t size)
{
	if (!c->what_pfx)
		return c->what;
	if (c->what_type)
		snprintf(buf, size, "%s %u (%s)", c->what_pfx, c->what_idx, c->what_type);
	else
		snprintf(buf, size, "%s %u", c->what_pfx, c->what_idx);
	return buf;
}

bool iot_cur_need(const struct iot_cur *c, size_t off, size_t n, const char *field,
		  enum iot_rule_id rule)
{
	if (iot_cur_has(c, off, n))
		return true;
	iot_cur_report(c, off > c->len ? c->len : off, rule, field,
		       "truncated: needs %zu bytes at offset 0x%zX, but %s ends at 0x%zX", n,
		       iot_cur_abs(c, off), c->start ? "the node" : "the table",
		       iot_cur_abs(c, c->len));
	return false;
}

bool iot_cur_bytes(const struct iot_cur *c, size_t off, void *dst, size_t n)
{
	if (!iot_cur_has(c, off, n)) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, c->tbl + c->start + off, n);
	return true;
}

void iot_cur_report(const struct iot_cur *c, size_t off, enum iot_rule_id rule, const char *field,
		    const char *fmt, ...)
{
	struct iot_loc loc = iot_cur_loc(c, off);
	va_list ap;
	char *msg, buf[sizeof(c->what)];
	const char *what = iot_cur_what(c, buf, sizeof(buf));

	va_start(ap, fmt);
	msg = iot_vasprintf(fmt, ap);
	va_end(ap);
	if (field)
		iot_rule_diag(c->d, rule, &loc, "%s %s: %s", what, field, msg);
	else
		iot_rule_diag(c->d, rule, &loc, "%s: %s", what, msg);
	free(msg);
}
