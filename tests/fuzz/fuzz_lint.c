// SPDX-License-Identifier: MIT
/*
 * Every lint rule over whatever model a reader accepts: the first byte picks
 * the reader (IORT, VIOT, DTB), the rest is its input.  A rule must never
 * crash, hang or leak on a model a reader produced.
 */
#include <stddef.h>
#include <stdint.h>

#include "acpi/acpi.h"
#include "dt/dt.h"
#include "lint/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct iot_lint_config cfg;
	struct iot_topology t;
	struct iot_diags d;
	enum iot_fw_kind fw = IOT_FW_ACPI;
	int rc;

	if (!len)
		return 0;
	iot_topology_init(&t);
	iot_diags_init(&d);
	switch (data[0] % 3) {
	case 0:
		rc = iot_iort_read(data + 1, len - 1, "fuzz", &t, &d);
		break;
	case 1:
		rc = iot_viot_read(data + 1, len - 1, "fuzz", &t, &d);
		break;
	default:
		rc = iot_dt_read_dtb(data + 1, len - 1, "fuzz", &t, &d);
		fw = IOT_FW_DT;
		break;
	}
	if (rc == 0) {
		iot_lint_config_init(&cfg);
		iot_lint_topology(&t, fw, &cfg, &d);
		iot_lint_topology(&t, IOT_FW_MODEL, &cfg, &d);
		iot_lint_pair(&t, &t, &cfg, &d);
		iot_lint_config_free(&cfg);
	}
	iot_diags_free(&d);
	iot_topology_free(&t);
	return 0;
}
