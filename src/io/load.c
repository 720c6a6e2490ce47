// SPDX-License-Identifier: MIT
#include "io/load.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dt/dt.h"
#include "acpi/acpi.h"
#include "util/file.h"
#include "yaml/yaml.h"

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
		return iot_acpi_read_sysfs_dir(path, t, d);
	}
	if (iot_read_file(path, &data, &len, d) < 0)
		return -1;
	k = iot_detect_input(data, len);
	/* a table too short for detection still deserves its own reader's diagnostic */
	if (k == IOT_INPUT_UNKNOWN && len >= 4 && (!memcmp(data, "IORT", 4) || !memcmp(data, "VIOT", 4)))
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
		rc = iot_dt_read_dts(path, t, d);
		break;
	default:
		iot_error(d, &loc, "cannot read %s input here", iot_input_kind_name(k));
		break;
	}
	free(data);
	return rc;
}
