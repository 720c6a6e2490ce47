// SPDX-License-Identifier: MIT
#include "io/load.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acpi/acpi.h"
#include "tables/registry.h"
#include "dt/dt.h"
#include "sysfs/lspci.h"
#include "sysfs/sysfs.h"
#include "util/file.h"
#include "util/mem.h"
#include "yaml/yaml.h"

/*
 * One file: detect and dispatch.  @from_tree: the file is a sysfs tree's
 * firmware, for which a kind with no reader in this build is a note (the
 * tree is still usable for its PCI hierarchy), not an error.
 */
static int load_file(const char *path, struct iot_topology *t, enum iot_input_kind *kind,
		     struct iot_diags *d, bool from_tree)
{
	struct iot_loc loc = iot_loc_text(path, 0, 0);
	enum iot_input_kind k;
	uint8_t *data;
	size_t len;
	int rc = -1;

	if (iot_read_file(path, &data, &len, d) < 0)
		return -1;
	k = iot_detect_input(data, len);
	/* a table too short for detection still deserves its own reader's diagnostic */
	if (k == IOT_INPUT_UNKNOWN && len >= 4 && iot_acpi_table_find((const char *)data))
		k = IOT_INPUT_ACPI_TABLE;
	if (kind)
		*kind = k;
	switch (k) {
	case IOT_INPUT_ACPI_TABLE:
		rc = iot_acpi_read_table(data, len, path, t, d);
		break;
	case IOT_INPUT_ACPIDUMP:
		rc = iot_acpidump_read((const char *)data, len, path, t, d);
		break;
	case IOT_INPUT_YAML:
		rc = iot_yaml_load(path, data, len, t, d);
		break;
	case IOT_INPUT_DTB:
		rc = iot_dt_read_dtb(data, len, path, t, d);
		break;
	case IOT_INPUT_DTS:
		rc = iot_dt_read_dts(path, data, len, t, d);
		break;
	case IOT_INPUT_LSPCI:
		/* the hex dump forms; the others are refused there with what to run */
		rc = iot_lspci_read((const char *)data, len, path, t, d);
		break;
	default:
		if (from_tree) {
			iot_diag(d, IOT_SEV_NOTE, &loc, NULL,
				 "not loaded: no reader for %s in this build",
				 iot_input_kind_name(k));
			rc = 0;
			break;
		}
		/* say what the file is and what iotopo reads, never a YAML syntax error */
		iot_error(d, &loc, "this is %s; %s", iot_input_kind_name(k),
			  iot_input_kind_hint(k) ? iot_input_kind_hint(k) :
						   "no reader for it here");
		break;
	}
	free(data);
	return rc;
}

/*
 * A sysfs tree: the firmware the kernel used first (so the PCI functions
 * attach to the roots it describes), then the PCI hierarchy and kernel.
 */
static int load_sysfs_tree(const char *path, struct iot_topology *t, struct iot_diags *d)
{
	struct iot_sysfs_info info;
	const char *fw[5];
	size_t n;
	int rc = 0;

	if (iot_sysfs_find_firmware(path, &info, d) < 0)
		return -1;
	iot_add_origin(t, IOT_SRC_SYSFS, iot_topology_keep(t, iot_strdup(path)));
	/* arm64 booted with ACPI iff the tree has ACPI tables (acpi.c:acpi_boot_table_init) */
	if (info.acpi)
		iot_topology_set_firmware(t, IOT_FW_ACPI, 0);
	else if (info.fdt)
		iot_topology_set_firmware(t, IOT_FW_DT, 0);
	/* the tables the kernel used, through the one tables-directory reader */
	if (info.acpi && iot_acpi_read_tables_dir(info.acpi_dir, t, d, false) < 0)
		rc = -1;
	n = iot_sysfs_firmware_paths(&info, fw);
	for (size_t i = 0; i < n; i++) {
		/* the path strings must outlive the diagnostics that point to them */
		const char *p = iot_topology_keep(t, iot_strdup(fw[i]));

		if (load_file(p, t, NULL, d, true) < 0)
			rc = -1;
	}
	iot_sysfs_info_free(&info);
	if (iot_sysfs_load(path, t, NULL, d) < 0)
		rc = -1;
	return rc;
}

static bool has_subdir(const char *dir, const char *sub)
{
	char *p = iot_asprintf("%s/%s", dir, sub);
	struct stat st;
	bool yes = stat(p, &st) == 0 && S_ISDIR(st.st_mode);

	free(p);
	return yes;
}

int iot_load_input(const char *path, struct iot_topology *t, enum iot_input_kind *kind,
		   struct iot_diags *d)
{
	struct stat st;

	if (kind)
		*kind = IOT_INPUT_UNKNOWN;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (kind)
			*kind = IOT_INPUT_SYSFS_DIR;
		/* a root laid out like / (live or a snapshot), or a bare ACPI tables directory */
		if (has_subdir(path, "sys") || has_subdir(path, "proc"))
			return load_sysfs_tree(path, t, d);
		return iot_acpi_read_tables_dir(path, t, d, true);
	}
	return load_file(path, t, kind, d, false);
}
