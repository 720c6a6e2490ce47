/* SPDX-License-Identifier: MIT */
/*
 * libiotopo: the public interface of iotopo's library.
 *
 * Read a machine's I/O topology from any input the iotopo command reads (a
 * YAML topology, a DTB or DTS, raw ACPI tables, acpidump text, a sysfs tree),
 * compile it to firmware (DTB, DTS, ACPI IORT/VIOT and their iasl source, the
 * YAML topology), lint it, and predict how Linux groups its devices.
 *
 * Return values follow libfdt: 0 (or a count) on success, a negative
 * -IOT_ERR_* code on failure; iot_strerror() names a code.  What went wrong
 * in an input, and where, is in a findings list (struct iot_findings), the
 * same diagnostics the command prints.  Running out of memory aborts the
 * process, as in the command.
 *
 * Everything this header declares starts with iot_ or IOT_; the library
 * exports nothing else.  Objects are opaque and are freed by their own
 * *_free() function (NULL is accepted); buffers the library returns are
 * released with free().  A topology may be used from one thread at a time;
 * different topologies may be used from different threads.
 *
 * Build against it with: pkg-config --cflags --libs iotopo
 */
#ifndef IOTOPO_IOTOPO_H
#define IOTOPO_IOTOPO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define IOT_PUBLIC __attribute__((visibility("default")))
#else
#define IOT_PUBLIC
#endif

/* Error codes: functions return their negation. */
#define IOT_ERR_BADARG 1 /* a NULL where a value is needed, or an unknown output */
#define IOT_ERR_IO 2 /* the input does not exist or may not be read (errno is set) */
#define IOT_ERR_FORMAT 3 /* not an input iotopo reads, or malformed: see the findings */
#define IOT_ERR_LOSSY 4 /* read with errors that lose what an output needs: see the findings */
/* the output does not describe this topology (a DTB of VT-d IOMMUs, an IORT of a VIOT machine) */
#define IOT_ERR_NOTAPPLICABLE 5
#define IOT_ERR_INVALID 6 /* the writer or the simulation refused it: see the findings */
#define IOT_ERR_MAX 6

/* The library's version, "MAJOR.MINOR.PATCH" (the iotopo release it comes from). */
IOT_PUBLIC const char *iot_version(void);

/* A short description of @err (negative or positive); "unknown error" outside the table. */
IOT_PUBLIC const char *iot_strerror(int err);

/* ---- Findings: diagnostics of readers, writers and lint rules ---- */

#define IOT_SEVERITY_NOTE 0
#define IOT_SEVERITY_WARNING 1
#define IOT_SEVERITY_ERROR 2

struct iot_finding {
	int severity; /* IOT_SEVERITY_* */
	const char *rule; /* the stable lint rule name (iotopo(1) LINT RULES), or NULL */
	const char *file; /* the input it is about, or NULL */
	unsigned int line, col; /* 1-based in text inputs; 0 when not known */
	uint64_t offset; /* byte offset in binary inputs, when has_offset */
	int has_offset;
	const char *object; /* the model object it is about (its name), or NULL */
	const char *message;
	/* the whole line as iotopo prints it: "file:line:col: error: message [rule]" */
	const char *text;
};

struct iot_findings;

IOT_PUBLIC size_t iot_findings_count(const struct iot_findings *f);
/* Finding @i (0-based, in report order), or NULL if out of range.  Lives as long as @f. */
IOT_PUBLIC const struct iot_finding *iot_findings_get(const struct iot_findings *f, size_t i);
/* How many findings have @severity. */
IOT_PUBLIC size_t iot_findings_count_severity(const struct iot_findings *f, int severity);
IOT_PUBLIC void iot_findings_free(struct iot_findings *f);

/* ---- Topologies ---- */

struct iot_topo;

/*
 * Read @path ("-" for standard input; a directory for a sysfs tree), detect
 * its kind from its content and build a topology in *@topo.  Readers go on
 * past problems where Linux would: a topology may be returned together with
 * errors, which iot_lint() reports and iot_compile() refuses to lose.
 * @findings (may be NULL) receives what the reader reported, on success and
 * on failure; free it with iot_findings_free().
 * Returns 0, -IOT_ERR_BADARG, -IOT_ERR_IO (nothing readable at @path) or
 * -IOT_ERR_FORMAT (*@topo is then NULL).
 */
IOT_PUBLIC int iot_topo_load(const char *path, struct iot_topo **topo,
			     struct iot_findings **findings);
IOT_PUBLIC void iot_topo_free(struct iot_topo *topo);

/* Object counts, for a quick look at what was read. */
#define IOT_COUNT_IOMMUS 0
#define IOT_COUNT_MSI_CONTROLLERS 1
#define IOT_COUNT_PCI_ROOTS 2
#define IOT_COUNT_PCI_FUNCTIONS 3 /* every PCI function under every root */
#define IOT_COUNT_PLATFORM_DEVICES 4
/* The number of objects of @what (IOT_COUNT_*) in @topo, or -IOT_ERR_BADARG. */
IOT_PUBLIC long iot_topo_count(const struct iot_topo *topo, int what);

/* ---- Compiling ---- */

#define IOT_OUTPUT_DTB 0 /* standalone flattened Device Tree */
#define IOT_OUTPUT_DTS 1 /* the same as DT source */
#define IOT_OUTPUT_IORT 2 /* ACPI IORT, binary */
#define IOT_OUTPUT_VIOT 3 /* ACPI VIOT, binary */
#define IOT_OUTPUT_IORT_ASL 4 /* the IORT as iasl data-table source */
#define IOT_OUTPUT_VIOT_ASL 5 /* the VIOT as iasl data-table source */
#define IOT_OUTPUT_YAML 6 /* the YAML topology (what `iotopo decode` writes) */

/*
 * Write @topo as @output (IOT_OUTPUT_*) into a new buffer: *@buf (release
 * with free()) and *@len.  Text outputs are not NUL-terminated.  @findings
 * (may be NULL) receives the writer's diagnostics.  Returns 0,
 * -IOT_ERR_BADARG, -IOT_ERR_LOSSY, -IOT_ERR_NOTAPPLICABLE or -IOT_ERR_INVALID
 * (*@buf is then NULL).
 */
IOT_PUBLIC int iot_compile(const struct iot_topo *topo, int output, void **buf, size_t *len,
			   struct iot_findings **findings);

/* ---- Linting ---- */

/*
 * Run every lint rule that applies to @topo's firmware with the default
 * severities (as `iotopo lint FILE` does), the reader's findings included.
 * *@findings receives them all.  Returns the number of findings of severity
 * error (0: clean), or -IOT_ERR_BADARG.
 */
IOT_PUBLIC int iot_lint(const struct iot_topo *topo, struct iot_findings **findings);

/* ---- Predicting Linux's IOMMU groups ---- */

struct iot_simulation;

struct iot_sim_device {
	const char *name; /* "0000:00:01.0", or a platform device's name */
	int is_pci;
	int group; /* the iommu_groups/N number, or -1 when in no group */
	const char *iommu; /* the IOMMU its firmware puts it behind (its name), or NULL */
	/* translated, passthrough, unmanaged-*, no-iommu or no-dma (iotopo(1) GROUPS OUTPUT) */
	const char *verdict;
	int isolated; /* alone in its group, with IDs no other device uses */
};

/*
 * Simulate Linux's IOMMU probe on @topo for @kernel (a profile such as
 * "6.12", any version or `uname -r` string; NULL: the topology's
 * kernel.version, else the default of `iotopo groups`), as `iotopo groups` does.
 * @findings (may be NULL) receives the simulation's notes and errors.
 * Returns 0, -IOT_ERR_BADARG or -IOT_ERR_INVALID (an unknown kernel, a
 * topology the probe cannot run on).
 */
IOT_PUBLIC int iot_simulate(const struct iot_topo *topo, const char *kernel,
			    struct iot_simulation **sim, struct iot_findings **findings);
IOT_PUBLIC size_t iot_simulation_count(const struct iot_simulation *sim);
/* Device @i (0-based, probe order), or NULL if out of range.  Lives as long as @sim. */
IOT_PUBLIC const struct iot_sim_device *iot_simulation_device(const struct iot_simulation *sim,
							      size_t i);
/* The number of IOMMU groups. */
IOT_PUBLIC size_t iot_simulation_groups(const struct iot_simulation *sim);
IOT_PUBLIC void iot_simulation_free(struct iot_simulation *sim);

#ifdef __cplusplus
}
#endif

#endif
