// SPDX-License-Identifier: MIT
/* lspci output reader (and the config-space parser behind it) on arbitrary text. */
#include <stddef.h>
#include <stdint.h>

#include "sysfs/lspci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct iot_topology t;
	struct iot_diags d;

	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_lspci_read((const char *)data, len, "fuzz", &t, &d);
	iot_diags_free(&d);
	iot_topology_free(&t);
	return 0;
}
