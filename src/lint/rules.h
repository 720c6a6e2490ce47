/* SPDX-License-Identifier: MIT */
/*
 * The lint rule table, in the manner of dtc's checks.c: every rule has a
 * stable name, a default severity, a one-line summary and the rules it needs
 * to have passed first, all written once in rules.def.  A rule either runs over the model (and so works for
 * YAML, DTB, IORT, VIOT and sysfs input alike) or is checked by a reader
 * while it decodes raw bytes (checksums, reserved fields, offsets); reader
 * rules are listed here too, so -W/-E/--list-rules and the man page cover
 * every name a user can see.
 */
#ifndef IOTOPO_LINT_RULES_H
#define IOTOPO_LINT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "lint/rule_ids.h"
#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"

/* Where a rule's check runs. */
enum iot_rule_where {
	IOT_WHERE_MODEL, /* over one topology, any input format */
	IOT_WHERE_DT, /* over one topology read from a Device Tree (or YAML) */
	IOT_WHERE_ACPI, /* over one topology read from ACPI tables (or YAML) */
	IOT_WHERE_PAIR, /* over a DT and an ACPI topology of the same machine */
	IOT_WHERE_READER_IORT, /* in src/acpi, while decoding an IORT */
	IOT_WHERE_READER_VIOT, /* in src/acpi, while decoding a VIOT */
	IOT_WHERE_READER_DT, /* in src/dt, while decoding a DTB */
	IOT_WHERE_READER_ACPI, /* in src/acpi, any ACPI table or acpidump text */
	IOT_WHERE_READER_DMAR, /* in src/x86, while decoding a DMAR */
	IOT_WHERE_READER_IVRS, /* in src/x86, while decoding an IVRS */
	IOT_WHERE_WRITER_DT, /* in src/dt, while writing a Device Tree */
	IOT_WHERE_WRITER_IORT, /* in src/acpi, while writing an IORT from a Device Tree */
	IOT_WHERE_RETIRED, /* nowhere: a retired rule whose name is kept */
};

struct iot_lint_run;

#define IOT_RULE_MAX_PREREQ 3

struct iot_rule {
	enum iot_rule_id id; /* its index in the table */
	const char *name;
	enum iot_severity sev; /* default severity */
	enum iot_rule_where where;
	const char *summary; /* one line, no trailing period */
	enum iot_rule_id prereq[IOT_RULE_MAX_PREREQ]; /* earlier rules that must pass */
	unsigned int n_prereq;
	void (*check)(struct iot_lint_run *run); /* NULL for reader rules */
	bool lossless; /* READ_LINUX: about what Linux does with a table read in full */
};

/* The table, indexed by rule id; *@n receives IOT_RULE_COUNT. */
const struct iot_rule *iot_lint_rules(size_t *n);
/* The id (table index) of the rule named @name, or -1. */
int iot_lint_rule_find(const char *name);
const char *iot_rule_where_name(enum iot_rule_where w);

/*
 * Per-rule configuration from -W NAME, -W no-NAME, -E NAME, -E no-NAME and
 * --werror.  level[i] is -1 for a disabled rule, else the severity findings
 * of rule i are reported at.
 */
struct iot_lint_suppress;
struct iot_lint_inline;
struct iot_lint_objects;

struct iot_lint_config {
	signed char *level;
	bool *promoted; /* -E given: reader findings become errors too */
	bool werror; /* warnings are reported as errors */
	/* RULE@OBJECT suppressions (suppress.c) */
	struct iot_lint_suppress *sup;
	size_t n_sup, cap_sup;
	bool no_inline; /* ignore "iotopo-lint: disable=" comments in sources */
	struct iot_lint_inline *inline_src; /* sources scanned for them so far */
	size_t *n_suppressed; /* findings dropped by a suppression */
};

void iot_lint_config_init(struct iot_lint_config *c);
void iot_lint_config_free(struct iot_lint_config *c);

/*
 * Suppressions (suppress.c).  @spec is RULE, RULE@OBJECT or *@OBJECT; OBJECT
 * is a shell pattern matched against the object's name, DT path, DT label
 * ("&label" matches labels only) and ACPI path.  @origin says where it was
 * given, for the note about a suppression that matched nothing.  Returns
 * -1 for an unknown rule.
 */
int iot_lint_suppress_add(struct iot_lint_config *c, const char *spec, const char *origin);
/* One spec a line; '#' comments; "- spec" (a YAML list) works too. */
int iot_lint_suppress_file(struct iot_lint_config *c, const char *path, struct iot_diags *d);
void iot_lint_suppress_free(struct iot_lint_config *c);
/* How often spec @i was used; add @n uses (a worker process's). */
size_t iot_lint_suppress_used(const struct iot_lint_config *c, size_t i);
void iot_lint_suppress_add_used(struct iot_lint_config *c, size_t i, size_t n);
/* A note for every suppression that matched nothing. */
void iot_lint_suppress_unused(const struct iot_lint_config *c, struct iot_diags *d);

/* The objects of a topology by location: which one a finding is about. */
struct iot_lint_objects *iot_lint_objects_new(const struct iot_topology *t);
void iot_lint_objects_free(struct iot_lint_objects *o);
const char *iot_lint_object_name(const struct iot_lint_objects *o, const struct iot_loc *loc);
struct iot_lint_inline *iot_lint_inline_new(void);
void iot_lint_inline_free(struct iot_lint_inline *in);
/*
 * True if a finding of @rule at @loc is suppressed (by a spec, or by an
 * inline comment at @loc or at its object); *@object receives the object's
 * name (or NULL) either way.
 */
bool iot_lint_suppressed(const struct iot_lint_config *c, const struct iot_lint_objects *o,
			 const char *rule, const struct iot_loc *loc, const char **object);
/*
 * Apply one -W (@error false) or -E (@error true) argument: "NAME" enables
 * (and, for -E, promotes to error), "no-NAME" disables (-E no-NAME demotes a
 * promoted rule back to its default).  Returns 0, or -1 if no rule has that
 * name.
 */
int iot_lint_config_apply(struct iot_lint_config *c, const char *arg, bool error);

/*
 * Run every model rule applicable to @fw over @t (the topology's own
 * t->firmware.kind; IOT_FW_MODEL, a YAML intent, is checked under DT rules
 * and IOT_FW_UNKNOWN like it; IOT_FW_DT under drivers/of/base.c:of_map_id;
 * IOT_FW_ACPI under iort.c / viot.c, chosen per target), appending findings to @d
 * at their configured severity.  A rule whose prerequisite reported a
 * finding (or was itself skipped) is not run; a note says so.  @t must have
 * been produced by a reader (iot_load_input) or built in code.
 */
void iot_lint_topology(const struct iot_topology *t, enum iot_fw_kind fw,
		       const struct iot_lint_config *c, struct iot_diags *d);

/*
 * The DT <-> ACPI rules: @dt and @acpi describe one machine; every PCI
 * requester ID must reach the same IOMMU, stream ID and ITS DeviceID
 * through both.
 */
void iot_lint_pair(const struct iot_topology *dt, const struct iot_topology *acpi,
		   const struct iot_lint_config *c, struct iot_diags *d);

/*
 * Re-level the diagnostics a reader emitted (rule names from the table) by
 * @c: disabled rules are dropped, -E promotes, --werror turns warnings into
 * errors.  Diagnostics without a rule name are copied unchanged.
 */
void iot_lint_filter(const struct iot_diags *in, const struct iot_lint_config *c,
		     const struct iot_topology *t, struct iot_diags *out);

/*
 * The rule list as man(7) source (a .TP paragraph per rule), so the man page
 * never repeats the table by hand.
 */
void iot_lint_rules_man(struct iot_buf *b);
/* The rule list as plain text, one rule a line: name, severity, where, summary. */
void iot_lint_rules_text(struct iot_buf *b);
/* --list-rules --format json (schemas/rules.schema.json) */
void iot_lint_rules_json(struct iot_buf *b);

/* ---- for rule implementations (src/lint/) ---- */

struct iot_lint_run {
	const struct iot_topology *t;
	const struct iot_topology *t2; /* IOT_WHERE_PAIR: the ACPI side (t is the DT side) */
	enum iot_fw_kind fw;
	const struct iot_rule *rule;
	struct iot_diags *out; /* findings of the running rule, at its default severity */
	size_t findings;
	struct iot_lint_cache *cache; /* per-root RID runs shared by the rules of one pass */
};

struct iot_lint_cache *iot_lint_cache_new(const struct iot_topology *t);
void iot_lint_cache_free(struct iot_lint_cache *c);

/*
 * The findings of src/x86's one check pass (checks_x86.c), run once per lint
 * pass and handed out rule by rule.
 */
struct iot_x86_findings;
struct iot_x86_findings **iot_lint_cache_x86(struct iot_lint_cache *c);
void iot_x86_findings_free(struct iot_x86_findings *f);

/* Report one finding of the running rule. */
void iot_lint_report(struct iot_lint_run *run, const struct iot_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
