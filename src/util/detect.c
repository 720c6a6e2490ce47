// SPDX-License-Identifier: MIT
#include "util/detect.h"

#include <ctype.h>
#include <string.h>

static int is_sig_char(uint8_t c)
{
	return isupper(c) || isdigit(c) || c == '_';
}

static const uint8_t *skip_space(const uint8_t *p, const uint8_t *end)
{
	while (p < end && isspace(*p))
		p++;
	return p;
}

/*
 * Space and C / C++ comments, as a DTS starts (an SPDX line, a copyright
 * block) before /dts-v1/.  An unterminated comment ends the data.
 */
static const uint8_t *skip_comments(const uint8_t *p, const uint8_t *end)
{
	for (;;) {
		p = skip_space(p, end);
		if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
			while (p < end && *p != '\n')
				p++;
		} else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
			const uint8_t *q = p + 2;

			while (end - q >= 2 && !(q[0] == '*' && q[1] == '/'))
				q++;
			p = end - q >= 2 ? q + 2 : end;
		} else {
			return p;
		}
	}
}

/* acpidump text: optional blank lines, then "SIG @ 0x" on a line of its own. */
static int looks_like_acpidump(const uint8_t *p, const uint8_t *end)
{
	p = skip_space(p, end);
	if (end - p < 8)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!is_sig_char(p[i]))
			return 0;
	return end - p >= 9 && !memcmp(p + 4, " @ 0x", 5);
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
	if (looks_like_acpidump(data, end))
		return IOT_INPUT_ACPIDUMP;
	{
		const uint8_t *p = skip_comments(data, end);

		if (end - p >= 8 && !memcmp(p, "/dts-v1/", 8))
			return IOT_INPUT_DTS;
	}
	if (memchr(data, 0, len))
		return IOT_INPUT_UNKNOWN;
	return IOT_INPUT_YAML;
}

const char *iot_input_kind_name(enum iot_input_kind k)
{
	switch (k) {
	case IOT_INPUT_YAML:
		return "YAML";
	case IOT_INPUT_DTB:
		return "DTB";
	case IOT_INPUT_DTS:
		return "DTS";
	case IOT_INPUT_ACPI_TABLE:
		return "ACPI table";
	case IOT_INPUT_ACPIDUMP:
		return "acpidump text";
	case IOT_INPUT_SYSFS_DIR:
		return "sysfs tree";
	case IOT_INPUT_UNKNOWN:
		break;
	}
	return "unknown";
}
