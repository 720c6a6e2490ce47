// SPDX-License-Identifier: MIT
/* What the DMAR and IVRS readers share: reporting and the ACPI header checks. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "x86/x86_int.h"

#define ACPI_HEADER_LEN 36

void iot_x86_report(const struct iot_cur *c, size_t off, enum iot_rule_id rule, const char *fmt,
		    ...)
{
	struct iot_loc loc = iot_cur_loc(c, off);
	va_list ap;

	va_start(ap, fmt);
	iot_rule_vdiag(c->d, rule, &loc, fmt, ap);
	va_end(ap);
}

bool iot_x86_need(const struct iot_cur *c, size_t off, size_t n, enum iot_rule_id rule,
		  const char *what)
{
	if (iot_cur_has(c, off, n))
		return true;
	iot_x86_report(c, off, rule,
		       "%s: needs %zu bytes at offset 0x%zx, but the structure ends at 0x%zx", what,
		       n, iot_cur_abs(c, off), iot_cur_abs(c, c->len));
	return false;
}

void iot_x86_str(const struct iot_cur *c, size_t off, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (char)iot_cur_u8(c, off + i);
	out[n] = '\0';
}

int iot_x86_table(struct iot_cur *c, const uint8_t *data, size_t len, const char *file,
		  const char *sig, const struct iot_x86_table_rules *rules, struct iot_diags *d)
{
	uint32_t tlen;
	uint8_t sum = 0;
	bool truncated;

	iot_cur_init(c, data, len, file, d, sig);
	if (len < ACPI_HEADER_LEN) {
		iot_x86_report(c, 0, rules->header,
			       "%s header: %zu bytes, shorter than the 36-byte ACPI table header",
			       sig, len);
		return -1;
	}
	if (memcmp(data, sig, 4)) {
		iot_x86_report(c, 0, rules->header, "%s header Signature: \"%.4s\" is not \"%s\"",
			       sig, (const char *)data, sig);
		return -1;
	}
	tlen = iot_cur_u32(c, 4);
	if (tlen < ACPI_HEADER_LEN) {
		iot_x86_report(c, 4, rules->length,
			       "%s header Length: %u is shorter than the 36-byte ACPI header", sig,
			       tlen);
		return -1;
	}
	truncated = tlen > len;
	if (truncated) {
		/* keep going on what is there: the rest may still be decoded */
		iot_x86_report(c, 4, rules->length,
			       "%s header Length: %u, but the file holds only %zu bytes", sig, tlen,
			       len);
		tlen = (uint32_t)len;
	} else if (tlen < len) {
		iot_x86_report(c, tlen, IOT_RULE_ACPI_TRAILING_BYTES,
			       "%s header Length: %u; %zu bytes after the table are ignored", sig,
			       tlen, len - tlen);
	}
	/* from here on the window is the table itself */
	iot_cur_init(c, data, tlen, file, d, sig);
	for (size_t i = 0; i < tlen; i++)
		sum = (uint8_t)(sum + iot_cur_u8(c, i));
	/* a truncated table's sum says nothing more */
	if (sum && !truncated)
		iot_x86_report(c, 9, rules->checksum,
			       "%s header Checksum: 0x%02x makes the table sum to 0x%02x, not 0%s",
			       sig, iot_cur_u8(c, 9), sum,
			       !strcmp(sig, "IVRS") ? " (Linux ignores the IVRS: "
						      "amd/init.c:check_ivrs_checksum)" :
						      "");
	return 0;
}

void iot_x86_keep_raw(const struct iot_cur *c, struct iot_x86_raw *r, uint16_t type)
{
	r->type = type;
	r->offset = (uint32_t)iot_cur_abs(c, 0);
	r->loc = iot_cur_loc(c, 0);
	r->bytes.has = true;
	r->bytes.n = c->len;
	r->bytes.v = iot_xmalloc(c->len ? c->len : 1);
	iot_cur_bytes(c, 0, r->bytes.v, c->len);
}
