/* SPDX-License-Identifier: MIT */
/* What kind of input a file is, from its first bytes (never from its name). */
#ifndef IOTOPO_DETECT_H
#define IOTOPO_DETECT_H

#include <stddef.h>
#include <stdint.h>

enum iot_input_kind {
	IOT_INPUT_UNKNOWN,
	IOT_INPUT_YAML, /* a topology ("iotopo:" key) or other YAML text */
	IOT_INPUT_DTB, /* FDT magic d00dfeed */
	IOT_INPUT_DTS, /* "/dts-v1/" */
	IOT_INPUT_ACPI_TABLE, /* raw table: 4-char signature + plausible length */
	IOT_INPUT_ACPIDUMP, /* acpidump text: "XXXX @ 0x..." then hex lines */
	IOT_INPUT_SYSFS_DIR, /* a directory laid out like / (sys/, proc/) */
};

/* Classify @len bytes of @data.  Directories are detected by the caller. */
enum iot_input_kind iot_detect_input(const uint8_t *data, size_t len);
const char *iot_input_kind_name(enum iot_input_kind k);

#endif
