// SPDX-License-Identifier: MIT
#include "io/load.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file.h"
#include "x86/x86.h"
#include "yaml/yaml.h"

/* A raw ACPI table: the signature says which reader. */
static int load_acpi_table(const char *path, const uint8_t *data, size_t len,
			   struct iot_topology *t, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_bin(path, 0);

	if (!memcmp(data, "DMAR", 4))
		return iot_dmar_read(data, len, path, t, d);
	if (!memcmp(data, "IVRS", 4))
		return iot_ivrs_read(data, len, path, t, d);
	iot_error(d, &loc, "cannot read %.4s tables", (const char *)data);
	return -1;
}

int iot_load_input(const char *path, struct iot_topology *t, enum iot_input_kind *kind,
		   struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(path, 0, 0);
	enum iot_input_kind k;
	struct stat st;
	uint8_t *data;
	size_t len;
	int rc = -1;

	if (kind)
		*kind = IOT_INPUT_UNKNOWN;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (kind)
			*kind = IOT_INPUT_SYSFS_DIR;
		iot_error(d, &loc, "reading a directory (sysfs tree) is not supported by this command");
		return -1;
	}
	if (iot_read_file(path, &data, &len, d) < 0)
		return -1;
	k = iot_detect_input(data, len);
	if (kind)
		*kind = k;
	switch (k) {
	case IOT_INPUT_ACPI_TABLE:
		rc = load_acpi_table(path, data, len, t, d);
		break;
	case IOT_INPUT_YAML:
		rc = iot_yaml_load(path, data, len, t, d);
		break;
	default:
		iot_error(d, &loc, "cannot read %s input here", iot_input_kind_name(k));
		break;
	}
	free(data);
	(void)t;
	return rc;
}
