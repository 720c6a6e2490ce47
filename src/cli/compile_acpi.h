/* SPDX-License-Identifier: MIT */
/*
 * The ACPI rows of `iotopo compile` (see compile.h).  cmd_compile.c lists
 * them in its output table with IOT_COMPILE_ACPI_OUTPUTS and their options
 * with IOT_COMPILE_ACPI_OPTIONS.
 */
#ifndef IOTOPO_CLI_COMPILE_ACPI_H
#define IOTOPO_CLI_COMPILE_ACPI_H

#include "cli/compile.h"

bool iot_compile_iort_applies(const struct iot_compile_ctx *c);
bool iot_compile_viot_applies(const struct iot_compile_ctx *c);
bool iot_compile_dmar_applies(const struct iot_compile_ctx *c);
int iot_compile_emit_dmar(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d);
bool iot_compile_dmar_asl_applies(const struct iot_compile_ctx *c);
int iot_compile_emit_dmar_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d);
bool iot_compile_iort_asl_applies(const struct iot_compile_ctx *c);
int iot_compile_emit_iort(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d);
int iot_compile_emit_viot(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d);
bool iot_compile_ivrs_applies(const struct iot_compile_ctx *c);
int iot_compile_emit_ivrs(const struct iot_compile_ctx *c, struct iot_buf *o, struct iot_diags *d);
bool iot_compile_ivrs_asl_applies(const struct iot_compile_ctx *c);
int iot_compile_emit_ivrs_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d);
int iot_compile_emit_iort_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d);
int iot_compile_emit_viot_asl(const struct iot_compile_ctx *c, struct iot_buf *o,
			      struct iot_diags *d);
/* Usage check of --iort-rev / --asl-dialect; returns 0 or a usage-error exit code. */
int iot_compile_acpi_check_args(const struct iot_args *a);

/* clang-format off */
#define IOT_COMPILE_ACPI_OUTPUTS                                                          \
	{ "iort", "-iort.aml", iot_compile_iort_applies, iot_compile_emit_iort, NULL },         \
	{ "viot", "-viot.aml", iot_compile_viot_applies, iot_compile_emit_viot, NULL },         \
	{ "dmar", "-dmar.aml", iot_compile_dmar_applies, iot_compile_emit_dmar, NULL },         \
	{ "ivrs", "-ivrs.aml", iot_compile_ivrs_applies, iot_compile_emit_ivrs, NULL },         \
	{ "iort-asl", "-iort.asl", iot_compile_iort_asl_applies, iot_compile_emit_iort_asl, NULL }, \
	{ "viot-asl", "-viot.asl", iot_compile_viot_applies, iot_compile_emit_viot_asl, NULL }, \
	{ "dmar-asl", "-dmar.asl", iot_compile_dmar_asl_applies, iot_compile_emit_dmar_asl, NULL }, \
	{ "ivrs-asl", "-ivrs.asl", iot_compile_ivrs_asl_applies, iot_compile_emit_ivrs_asl, NULL }

#define IOT_COMPILE_ACPI_OPTIONS                                                               \
	{ "iort", 0, IOT_OPT_VALUE, "FILE", "ACPI IORT binary", NULL, true },                 \
	{ "viot", 0, IOT_OPT_VALUE, "FILE", "ACPI VIOT binary", NULL, true },                 \
	{ "dmar", 0, IOT_OPT_VALUE, "FILE", "ACPI DMAR binary (intel-vtd units)", NULL, true }, \
	{ "ivrs", 0, IOT_OPT_VALUE, "FILE", "ACPI IVRS binary (AMD-Vi)", NULL, true },        \
	{ "iort-asl", 0, IOT_OPT_VALUE, "FILE", "IORT as iasl data-table source", NULL,       \
	  true },                                                                              \
	{ "viot-asl", 0, IOT_OPT_VALUE, "FILE", "VIOT as iasl data-table source", NULL,       \
	  true },                                                                              \
	{ "dmar-asl", 0, IOT_OPT_VALUE, "FILE", "DMAR as iasl data-table source", NULL,       \
	  true },                                                                              \
	{ "ivrs-asl", 0, IOT_OPT_VALUE, "FILE", "IVRS as iasl data-table source", NULL,       \
	  true },                                                                              \
	{ "iort-rev", 0, IOT_OPT_VALUE, "REV",                                                 \
	  "IORT table revision: 0 (D), 3 (E.b), 5 (E.d), 6 (E.e/E.f), 7 (E.g, adds IWB "      \
	  "nodes, which get no iasl source) or newest",                                        \
	  "0 3 5 6 7 newest",                                                                  \
	  false },                                                                             \
	{ "asl-dialect", 0, IOT_OPT_VALUE, "DIALECT",                                          \
	  "iasl source for: current (ACPICA 20250404) or 20200925 (Debian 12)",                \
	  "current 20200925", false }
/* clang-format on */

#endif
