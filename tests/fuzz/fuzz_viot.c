// SPDX-License-Identifier: MIT
/*
 * VIOT reader on arbitrary bytes; whatever it accepts must write back, and
 * the iasl source printer must survive the written table.
 */
#include <stddef.h>
#include <stdint.h>

#include "acpi/acpi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct iot_acpi_names names = { 0 };
	struct iot_topology t;
	struct iot_diags d;
	struct iot_buf b, s;

	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&b);
	iot_buf_init(&s);
	if (iot_viot_read(data, len, "fuzz", &t, &d) == 0 &&
	    iot_viot_write(&t, &b, &names, &d) == 0) {
		iot_acpi_write_asl(b.data, b.len, IOT_ASL_CURRENT, &names, "w", &s, &d);
		iot_acpi_write_asl(b.data, b.len, IOT_ASL_20200925, &names, "w", &s, &d);
	}
	/* the source printer must also survive the raw input */
	iot_acpi_write_asl(data, len, IOT_ASL_CURRENT, NULL, "in", &s, &d);
	iot_acpi_names_free(&names);
	iot_buf_free(&b);
	iot_buf_free(&s);
	iot_diags_free(&d);
	iot_topology_free(&t);
	return 0;
}
