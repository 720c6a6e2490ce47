// SPDX-License-Identifier: MIT
/* iotopo snapshot -o DIR [--root /]: copy what the predictor reads from a live system. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "sysfs/snapshot.h"
#include "util/diag.h"

static const struct iot_option snapshot_options[] = {
	{ "output", 'o', IOT_OPT_VALUE, "DIR",
	  "write the snapshot to DIR (must not exist or be empty)", NULL, true },
	{ "root", 0, IOT_OPT_VALUE, "DIR", "read the system mounted at DIR (default /)", NULL,
	  true },
	{ 0 },
};

static int run(const struct iot_args *a)
{
	const char *out = iot_arg(a, "output");
	const char *root = iot_arg(a, "root");
	struct iot_sysfs_snapshot s;
	struct iot_diags d;
	int rc;

	if (!out)
		return iot_usage_error(a->cmd, "-o DIR is required");
	if (!strcmp(out, "-"))
		return iot_usage_error(a->cmd,
				       "-o takes a directory, not '-': a snapshot is a tree "
				       "of files");
	if (!root)
		root = "/";
	iot_diags_init(&d);
	rc = iot_sysfs_snapshot(root, out, &s, &d);
	iot_diags_fprint(stderr, &d);
	if (rc == 0)
		printf("%s: %zu PCI functions, %zu IOMMU groups, %zu files, %zu bytes\n", out,
		       s.n_funcs, s.n_groups, s.n_files, s.n_bytes);
	iot_sysfs_snapshot_free(&s);
	iot_diags_free(&d);
	return rc == 0 ? 0 : 2;
}

const struct iot_command iot_cmd_snapshot = {
	.name = "snapshot",
	.args_usage = "-o DIR",
	.summary = "copy the files the IOMMU group predictor reads from a live system",
	.description =
		"Copies from the system mounted at --root (default /) exactly the files iotopo\n"
		"reads to predict IOMMU groups: each PCI function's config space, IDs, bound\n"
		"driver and place in sys/devices; sys/firmware/fdt and the ACPI IORT, VIOT,\n"
		"DMAR, IVRS, MADT (APIC) and MCFG tables; the x86 IOMMU registers in\n"
		"sys/class/iommu (intel-iommu, amd-iommu: caching mode and pass-through\n"
		"support decide default domains); the kernel release and command line; and\n"
		"sys/kernel/iommu_groups for a later comparison.  Links are stored as files\n"
		"holding their target.  DIR is written completely or not at all, and a\n"
		"non-empty DIR is refused.  Run as root: otherwise the kernel shows only the\n"
		"first 64 bytes of each config space.  Read the copy with any command that\n"
		"takes a sysfs directory (iotopo decode DIR).",
	.options = snapshot_options,
	.min_pos = 0,
	.max_pos = 0,
	.run = run,
};
