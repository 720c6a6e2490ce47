/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics: every reader, writer and rule reports through one list, so the
 * CLI decides how (text, JSON, SARIF) and where they are printed.  Nothing in
 * the library prints to stdout or exits.
 */
#ifndef IOTOPO_DIAG_H
#define IOTOPO_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum iot_severity {
	IOT_SEV_NOTE,
	IOT_SEV_WARNING,
	IOT_SEV_ERROR,
};

/*
 * Which reader made something (provenance, iot_loc.src).  A model object's
 * location says where it came from, so a finding on an object names the YAML
 * line, the DTB node or the ACPI structure, and a consumer can tell an IORT
 * named component from a DT node without guessing.
 */
enum iot_src {
	IOT_SRC_NONE, /* built in code, or not recorded */
	IOT_SRC_YAML, /* line:col in a YAML topology */
	IOT_SRC_DTB, /* byte offset of the node (or property) in a flattened DT */
	IOT_SRC_DTS, /* DT source compiled by dtc: the file only */
	IOT_SRC_IORT, /* byte offset of the node (or field); revision = node revision */
	IOT_SRC_VIOT, /* byte offset of the node */
	IOT_SRC_DMAR, /* byte offset of the remapping structure or device scope */
	IOT_SRC_IVRS, /* byte offset of the IVHD/IVMD block or device entry */
	IOT_SRC_SYSFS, /* a file of a sysfs tree (PCI config space, driver link) */
	IOT_SRC_LSPCI, /* line of lspci output */
	IOT_SRC_MADT, /* byte offset of the MADT interrupt controller structure */
	IOT_SRC_NR
};

/*
 * Where something is.  Text inputs carry line:col (1-based); binary inputs
 * carry a byte offset.  A location with neither names only the file.
 * Readers also record the provenance fields: they cost nothing to fill
 * (the struct keeps its size) and say what kind of input, which structure
 * revision, and which input of the topology (iot_topology.origins, for the
 * table-level facts: revision, OEM fields, creator) the object came from.
 */
struct iot_loc {
	const char *file; /* not owned; lives as long as the input */
	unsigned int line;
	unsigned int col;
	uint64_t offset;
	bool has_offset;
	uint8_t src; /* enum iot_src */
	uint8_t revision; /* IORT node revision, DMAR/IVRS structure revision; 0 = none */
	uint16_t origin; /* 1-based index into iot_topology.origins; 0 = none */
	uint16_t length; /* binary inputs: bytes from offset the location covers; 0 = not known */
};

struct iot_diag {
	enum iot_severity sev;
	struct iot_loc loc;
	char *rule; /* stable rule name, or NULL for reader errors */
	char *msg;
	char *object; /* the model object a lint finding is about (its name), or NULL */
};

struct iot_diags {
	struct iot_diag *v;
	size_t n;
	size_t cap;
	size_t n_errors;
	size_t n_warnings;
	size_t limit; /* stop recording after this many (0 = default 1000) */
	size_t dropped;
	size_t n_input_errors; /* errors without a rule: the input itself is unusable */
};

/*
 * The exit status of a command that stopped on errors in @d (see EXIT STATUS
 * in iotopo(1)): 1 when every error is a rule's finding (the input was read
 * and breaks a rule, e.g. an IORT a reader refuses), 2 when any has no rule
 * (cannot be opened, not a format iotopo reads, a syntax error).
 */
int iot_diags_exit_status(const struct iot_diags *d);

void iot_diags_init(struct iot_diags *d);
void iot_diags_free(struct iot_diags *d);

/* Record one diagnostic.  @loc may be NULL; @rule may be NULL. */
void iot_diag(struct iot_diags *d, enum iot_severity sev, const struct iot_loc *loc,
	      const char *rule, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void iot_vdiag(struct iot_diags *d, enum iot_severity sev, const struct iot_loc *loc,
	       const char *rule, const char *fmt, va_list ap);

/*
 * Move every diagnostic @pick selects from @d to the end of @to, as it is
 * (counts follow); both keep their order.
 */
void iot_diags_move(struct iot_diags *d, struct iot_diags *to,
		    bool (*pick)(const struct iot_diag *dg));

/* Shorthands for the common cases. */
#define iot_error(d, loc, ...) iot_diag((d), IOT_SEV_ERROR, (loc), NULL, __VA_ARGS__)
#define iot_warning(d, loc, ...) iot_diag((d), IOT_SEV_WARNING, (loc), NULL, __VA_ARGS__)

const char *iot_severity_name(enum iot_severity sev);
/* "yaml", "dtb", "iort", ... ("" for IOT_SRC_NONE). */
const char *iot_src_name(enum iot_src src);

/*
 * The prefix of a diagnostic that names no file ("iotopo lint"), so every
 * line on stderr says where it comes from: "iotopo lint: note: ...".  The
 * CLI sets it per command; the default is "iotopo".
 */
void iot_diag_set_program(const char *prefix);

/*
 * Format one diagnostic in the compiler style:
 *   file:line:col: error: message [rule]
 *   file: offset 0x1c: error: message [rule]
 */
void iot_diag_fprint(FILE *f, const struct iot_diag *dg);
void iot_diags_fprint(FILE *f, const struct iot_diags *d);

/* Location helpers. */
static inline struct iot_loc iot_loc_text(const char *file, unsigned int line, unsigned int col)
{
	struct iot_loc l = { .file = file, .line = line, .col = col };
	return l;
}

static inline struct iot_loc iot_loc_bin(const char *file, uint64_t offset)
{
	struct iot_loc l = { .file = file, .offset = offset, .has_offset = true };
	return l;
}

#endif
