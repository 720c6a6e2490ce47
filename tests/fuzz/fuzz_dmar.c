// SPDX-License-Identifier: MIT
/* libFuzzer target: an ACPI DMAR table (Intel VT-d). */
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "x86/dmar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iot_topology t;
	struct iot_diags d;

	iot_topology_init(&t);
	iot_diags_init(&d);
	if (iot_dmar_read(data, size, "fuzz", &t, &d) == 0 && iot_topology_validate(&t, &d))
		__builtin_trap(); /* what the reader accepts, the model accepts */
	iot_topology_free(&t);
	iot_diags_free(&d);
	return 0;
}
