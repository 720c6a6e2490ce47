// SPDX-License-Identifier: MIT
#include "x86/acur.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ACPI_HEADER_LEN 36

uint64_t iot_acur_le(const struct iot_acur *c, size_t off, unsigned int width)
{
	uint64_t v = 0;

	if (!iot_acur_has(c, off, width))
		return 0;
	for (unsigned int i = 0; i < width; i++)
		v |= (uint64_t)c->data[off + i] << (8 * i);
	return v;
}

void iot_acur_report(const struct iot_acur *c, enum iot_severity sev, size_t off, const char *rule,
		     const char *fmt, ...)
{
	struct iot_loc loc = iot_loc_bin(c->file, off);
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(c->d, sev, &loc, rule, fmt, ap);
	va_end(ap);
}

bool iot_acur_need(const struct iot_acur *c, size_t off, size_t n, const char *rule,
		   const char *what)
{
	if (iot_acur_has(c, off, n))
		return true;
	iot_acur_report(c, IOT_SEV_ERROR, off, rule,
			"%s: needs %zu bytes at offset 0x%zx, but the structure ends at 0x%zx",
			what, n, off, c->end);
	return false;
}

void iot_acur_str(const struct iot_acur *c, size_t off, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (char)iot_acur_u8(c, off + i);
	out[n] = '\0';
}

int iot_acur_table(struct iot_acur *c, const uint8_t *data, size_t len, const char *file,
		   const char *sig, const struct iot_acur_rules *rules, struct iot_diags *d)
{
	uint32_t tlen;
	uint8_t sum = 0;

	c->data = data;
	c->start = 0;
	c->end = len;
	c->file = file;
	c->d = d;
	if (len < ACPI_HEADER_LEN) {
		iot_acur_report(c, IOT_SEV_ERROR, 0, rules->header,
				"%s header: %zu bytes, shorter than the 36-byte ACPI table header",
				sig, len);
		return -1;
	}
	if (memcmp(data, sig, 4)) {
		iot_acur_report(c, IOT_SEV_ERROR, 0, rules->header,
				"%s header Signature: \"%.4s\" is not \"%s\"", sig,
				(const char *)data, sig);
		return -1;
	}
	tlen = iot_acur_u32(c, 4);
	if (tlen < ACPI_HEADER_LEN) {
		iot_acur_report(c, IOT_SEV_ERROR, 4, rules->length,
				"%s header Length: %u is shorter than the 36-byte ACPI header", sig,
				tlen);
		return -1;
	}
	bool truncated = tlen > len;

	if (truncated) {
		/* keep going on what is there: the rest may still be decoded */
		iot_acur_report(c, IOT_SEV_ERROR, 4, rules->length,
				"%s header Length: %u, but the file holds only %zu bytes", sig,
				tlen, len);
		tlen = (uint32_t)len;
	} else if (tlen < len) {
		iot_acur_report(c, IOT_SEV_WARNING, tlen, rules->length,
				"%s header Length: %u; %zu bytes after the table are ignored", sig,
				tlen, len - tlen);
	}
	c->end = tlen;
	for (size_t i = 0; i < tlen; i++)
		sum = (uint8_t)(sum + data[i]);
	/* a truncated table's sum says nothing more */
	if (sum && !truncated)
		iot_acur_report(c, rules->checksum_sev, 9, rules->checksum,
				"%s header Checksum: 0x%02x makes the table sum to 0x%02x, not 0%s",
				sig, data[9], sum,
				!strcmp(sig, "IVRS") ? " (Linux ignores the IVRS: "
						       "amd/init.c:check_ivrs_checksum)" :
						       "");
	return 0;
}
