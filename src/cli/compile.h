/* SPDX-License-Identifier: MIT */
/*
 * iotopo compile: a table of outputs.  Each row is one file the command can
 * write: the option that names it, its name under -o DIR, whether it
 * applies to a topology, and the library writer that fills the buffer.
 * cmd_compile.c holds the DT rows; compile_acpi.c the ACPI ones.
 */
#ifndef IOTOPO_CLI_COMPILE_H
#define IOTOPO_CLI_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"

struct iot_compile_ctx {
	const struct iot_topology *t;
	const struct iot_args *a;
	const char *stem; /* input file name without directory and extension */
	const char *base_path; /* --base FILE, or NULL */
	const uint8_t *base; /* its bytes */
	size_t base_len;
};

struct iot_compile_output {
	const char *option; /* long option naming the file, e.g. "dtb" */
	const char *suffix; /* name under -o DIR: <stem><suffix>, e.g. ".dtb" */
	/* -o DIR writes the output only when this says it applies (NULL = always) */
	bool (*applies)(const struct iot_compile_ctx *c);
	int (*emit)(const struct iot_compile_ctx *c, struct iot_buf *out, struct iot_diags *d);
	/*
	 * What emit would report, without writing (NULL: emit into a scratch
	 * buffer).  Rows sharing one check (the DT outputs share one tree) run it once.
	 */
	int (*check)(const struct iot_compile_ctx *c, struct iot_diags *d);
};

/*
 * What `compile -o DIR` would write for @t, written into scratch buffers
 * and dropped: every output that applies, so `check` refuses exactly what
 * compile would (one validator: the writers themselves).  @stem names the
 * input as compile would.  Returns 0, or -1 with the writers' errors in @d.
 */
int iot_compile_validate(const struct iot_topology *t, const char *stem, struct iot_diags *d);

/* Print @d on stderr, each diagnostic once (every writer sees the same topology). */
void iot_compile_print_diags(const struct iot_diags *d, bool errors_only);

#endif
