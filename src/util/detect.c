// SPDX-License-Identifier: MIT
#include "util/detect.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* How far into a text the recognisers look for their first line (a preamble may precede it). */
#define DETECT_WINDOW (64u * 1024)

static int is_sig_char(uint8_t c)
{
	return isupper(c) || isdigit(c) || c == '_';
}

struct line {
	const uint8_t *p, *end; /* without the line terminator (LF or CRLF) */
};

/* The line starting at *@pos (which moves past it); false at the end of @end. */
static bool next_line(const uint8_t **pos, const uint8_t *end, struct line *l)
{
	const uint8_t *p = *pos, *nl;

	if (p >= end)
		return false;
	nl = memchr(p, '\n', (size_t)(end - p));
	l->p = p;
	l->end = nl ? nl : end;
	if (l->end > p && l->end[-1] == '\r')
		l->end--;
	*pos = nl ? nl + 1 : end;
	return true;
}

static bool blank(const struct line *l)
{
	for (const uint8_t *p = l->p; p < l->end; p++)
		if (!isspace(*p))
			return false;
	return true;
}

static bool starts(const struct line *l, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(l->end - l->p) >= n && !memcmp(l->p, s, n);
}

static const uint8_t *skip_hex(const uint8_t *p, const uint8_t *end, int *n)
{
	*n = 0;
	while (p < end && isxdigit(*p)) {
		p++;
		(*n)++;
	}
	return p;
}

/*
 * "IORT @ 0x0000000000000000" (ACPICA acpidump), "RSD PTR @ 0xf7c70",
 * "RSDP "Nvidia" @ 0x000f75e0" (older acpidump tools), "ASF! @ 0x...":
 * four printable characters, " @ 0x" within the first 48 and hex to the end.
 */
static bool acpidump_header(const struct line *l)
{
	const uint8_t *p = l->p, *at = NULL;
	int n;

	if (l->end - p < 9)
		return false;
	for (int i = 0; i < 4; i++)
		if (!isgraph(p[i]))
			return false;
	for (const uint8_t *q = p + 4; q + 5 <= l->end && q - p <= 48; q++)
		if (!memcmp(q, " @ 0x", 5)) {
			at = q;
			break;
		}
	if (!at || (at != p + 4 && p[4] != ' '))
		return false;
	p = skip_hex(at + 5, l->end, &n);
	while (p < l->end && isspace(*p))
		p++;
	return n > 0 && p == l->end;
}

/* "    0000: 49 4F 52 54 ..." */
static bool acpidump_data(const struct line *l)
{
	const uint8_t *p = l->p;
	int n;

	if (p >= l->end || !isspace(*p))
		return false;
	while (p < l->end && isspace(*p))
		p++;
	p = skip_hex(p, l->end, &n);
	if (n < 4 || l->end - p < 4 || p[0] != ':' || p[1] != ' ')
		return false;
	return isxdigit(p[2]) && isxdigit(p[3]);
}

/*
 * acpidump text: a header line followed by a data line, after any preamble
 * (ACPICA's "Firmware Warning (ACPI): ..." lines, a shell prompt, the RSDP
 * record), LF or CRLF.
 */
static bool looks_like_acpidump(const uint8_t *data, const uint8_t *end)
{
	const uint8_t *pos = data, *stop = end - data > DETECT_WINDOW ? data + DETECT_WINDOW : end;
	struct line l, next;

	while (pos < stop && next_line(&pos, end, &l)) {
		const uint8_t *after = pos;
		bool got;

		if (!acpidump_header(&l))
			continue;
		/* the first data line follows (blank lines allowed) */
		while ((got = next_line(&after, end, &next)) && blank(&next))
			;
		if (got && acpidump_data(&next))
			return true;
	}
	return false;
}

/* The first line that is not blank and not inside a C comment; false if none. */
static bool first_code_line(const uint8_t *data, const uint8_t *end, struct line *out)
{
	const uint8_t *p = data;

	while (p < end) {
		while (p < end && isspace(*p))
			p++;
		if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
			const uint8_t *c = p + 2;

			while (c + 1 < end && !(c[0] == '*' && c[1] == '/'))
				c++;
			if (c + 1 >= end)
				return false;
			p = c + 2;
			continue;
		}
		if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
			const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl ? nl + 1 : end;
			continue;
		}
		break;
	}
	if (p >= end)
		return false;
	return next_line(&p, end, out);
}

/* "/dts-v1/" at the start of a line within the window */
static bool dts_tag(const uint8_t *data, const uint8_t *end)
{
	const uint8_t *pos = data, *stop = end - data > DETECT_WINDOW ? data + DETECT_WINDOW : end;
	struct line l;

	while (pos < stop && next_line(&pos, end, &l))
		if (starts(&l, "/dts-v1/"))
			return true;
	return false;
}

static bool contains(const struct line *l, const char *s)
{
	size_t n = strlen(s);

	for (const uint8_t *p = l->p; p + n <= l->end; p++)
		if (!memcmp(p, s, n))
			return true;
	return false;
}

/*
 * iasl source: ASL ("DefinitionBlock ("), data-table source or disassembly
 * ("[000h 0000 004h]  Signature : "IORT"", or a template's "Signature : "),
 * or acpixtract/iasl listings with "Raw Table Data:".
 */
static bool looks_like_asl(const uint8_t *data, const uint8_t *end)
{
	const uint8_t *stop = end - data > DETECT_WINDOW ? data + DETECT_WINDOW : end;
	struct line l;

	if (!first_code_line(data, end, &l))
		return false;
	if (starts(&l, "DefinitionBlock") ||
	    (l.p[0] == '[' && contains(&l, "] ") && contains(&l, "Signature : \"")))
		return true;
	{
		const uint8_t *p = l.p;

		while (p < l.end && isspace(*p))
			p++;
		if (l.end - p >= 13 && !memcmp(p, "Signature : \"", 13))
			return true;
	}
	for (const uint8_t *p = data; p + 23 <= stop; p++)
		if (*p == 'R' && !memcmp(p, "Raw Table Data: Length ", 23))
			return true;
	return false;
}

/* "00:1f.3 ", "0000:00:1f.3 ": a PCI address as lspci prints one first on a line */
static bool lspci_address(const struct line *l)
{
	const uint8_t *p = l->p, *e = l->end;
	int n;

	p = skip_hex(p, e, &n);
	if (n == 4 && p < e && *p == ':')
		p = skip_hex(p + 1, e, &n);
	if (n != 2 || e - p < 5 || p[0] != ':' || !isxdigit(p[1]) || !isxdigit(p[2]) ||
	    p[3] != '.' || p[4] < '0' || p[4] > '7')
		return false;
	return e - p == 5 || p[5] == ' ';
}

/* lspci: every listing starts with a device line; lspci -t with its tree */
static bool looks_like_lspci(const uint8_t *data, const uint8_t *end)
{
	const uint8_t *pos = data;
	struct line l;
	bool got;

	while ((got = next_line(&pos, end, &l)) && blank(&l))
		;
	if (!got)
		return false;
	if (starts(&l, "-[") || starts(&l, "+-[") || starts(&l, "\\-["))
		return contains(&l, "]-");
	return lspci_address(&l) && (contains(&l, ": ") || contains(&l, " \""));
}

enum iot_input_kind iot_detect_input(const uint8_t *data, size_t len)
{
	const uint8_t *end = data + len;

	if (len >= 4 && data[0] == 0xd0 && data[1] == 0x0d && data[2] == 0xfe && data[3] == 0xed)
		return IOT_INPUT_DTB;
	if (len >= 36 && is_sig_char(data[0]) && is_sig_char(data[1]) && is_sig_char(data[2]) &&
	    is_sig_char(data[3])) {
		uint32_t tlen = (uint32_t)data[4] | (uint32_t)data[5] << 8 |
				(uint32_t)data[6] << 16 | (uint32_t)data[7] << 24;

		/* a raw table's length field is binary; text never has these bytes */
		if (tlen >= 36 &&
		    (data[4] < 0x20 || data[5] < 0x20 || data[6] < 0x20 || data[7] < 0x20))
			return IOT_INPUT_ACPI_TABLE;
	}
	if (memchr(data, 0, len))
		return IOT_INPUT_UNKNOWN;
	if (looks_like_acpidump(data, end))
		return IOT_INPUT_ACPIDUMP;
	{
		struct line l;

		/* a DTS, or one for the C preprocessor (#include before /dts-v1/) */
		if (first_code_line(data, end, &l) &&
		    (starts(&l, "/dts-v1/") ||
		     ((starts(&l, "#include") || starts(&l, "#define")) && dts_tag(data, end))))
			return IOT_INPUT_DTS;
	}
	if (looks_like_asl(data, end))
		return IOT_INPUT_ASL;
	if (looks_like_lspci(data, end))
		return IOT_INPUT_LSPCI;
	return IOT_INPUT_YAML;
}

const char *iot_input_kind_name(enum iot_input_kind k)
{
	switch (k) {
	case IOT_INPUT_YAML:
		return "YAML text";
	case IOT_INPUT_DTB:
		return "a DTB";
	case IOT_INPUT_DTS:
		return "DTS source";
	case IOT_INPUT_ACPI_TABLE:
		return "an ACPI table";
	case IOT_INPUT_ACPIDUMP:
		return "acpidump text";
	case IOT_INPUT_SYSFS_DIR:
		return "a sysfs tree";
	case IOT_INPUT_ASL:
		return "iasl source";
	case IOT_INPUT_LSPCI:
		return "lspci output";
	case IOT_INPUT_UNKNOWN:
		break;
	}
	return "unrecognised binary data";
}

const char *iot_input_kind_hint(enum iot_input_kind k)
{
	switch (k) {
	case IOT_INPUT_ASL:
		return "iotopo reads binary ACPI tables: compile it with 'iasl FILE' and give the "
		       ".aml it writes, or give acpidump text";
	case IOT_INPUT_LSPCI:
		return "'iotopo decode' turns 'lspci -vvv' or 'lspci -xxxx' output into one (a "
		       "PCI hierarchy)";
	case IOT_INPUT_UNKNOWN:
		return "iotopo reads " IOT_INPUTS_READ;
	default:
		return NULL;
	}
}
