/* SPDX-License-Identifier: MIT */
/*
 * What kind of input a file is, from its content (never from its name).
 * Inputs iotopo does not read are recognised too, so the refusal can say
 * what the file is and what to give instead, never a YAML syntax error.
 */
#ifndef IOTOPO_DETECT_H
#define IOTOPO_DETECT_H

#include <stddef.h>
#include <stdint.h>

enum iot_input_kind {
	IOT_INPUT_UNKNOWN, /* binary data that is none of the kinds below */
	IOT_INPUT_YAML, /* a topology ("iotopo:" key) or other YAML text */
	IOT_INPUT_DTB, /* FDT magic d00dfeed */
	IOT_INPUT_DTS, /* "/dts-v1/" after comments */
	IOT_INPUT_ACPI_TABLE, /* raw table: 4-char signature + plausible length */
	IOT_INPUT_ACPIDUMP, /* acpidump text: "XXXX @ 0x..." then hex lines, after any preamble */
	IOT_INPUT_SYSFS_DIR, /* a directory laid out like / (sys/, proc/) */
	IOT_INPUT_ASL, /* iasl source or disassembly: a data table (.dsl) or DefinitionBlock */
	IOT_INPUT_LSPCI, /* lspci output (-v, -vvv, -nn, -xxxx, -t, -mm) */
};

/* Classify @len bytes of @data.  Directories are detected by the caller. */
enum iot_input_kind iot_detect_input(const uint8_t *data, size_t len);
const char *iot_input_kind_name(enum iot_input_kind k);

/*
 * For a kind no reader takes, what iotopo reads instead, as the clause
 * after "this is KIND; " (no trailing period); NULL for kinds it reads.
 */
const char *iot_input_kind_hint(enum iot_input_kind k);

/* What iotopo reads, as a phrase: "YAML topologies, DTB, DTS, ..." */
#define IOT_INPUTS_READ                                                                            \
	"a YAML topology, a DTB or DTS, raw ACPI tables (IORT, VIOT, DMAR, IVRS), acpidump text, " \
	"a sysfs tree or lspci -vvv/-xxxx output"

#endif
