// SPDX-License-Identifier: MIT
/*
 * The DTB reader on arbitrary bytes; when it accepts them, the model must
 * validate and the DT writers, check's lean validation tree and the --base
 * patcher (with the input as the board) must not crash either.
 */
#include <stddef.h>
#include <stdint.h>

#include "dt/dt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iot_topology t;
	struct iot_diags d;
	struct iot_buf out;

	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&out);
	if (iot_dt_read_dtb(data, size, "fuzz.dtb", &t, &d) == 0 &&
	    iot_topology_validate(&t, &d) == 0) {
		iot_dt_write_dtb(&t, &out, &d);
		iot_dt_write_dts(&t, &out, &d);
		iot_dt_write_dtsi(&t, &out, &d);
		iot_dt_check(&t, &d);
		iot_dt_patch_dtb(&t, data, size, "fuzz.dtb", &out, &d);
	}
	iot_buf_free(&out);
	iot_diags_free(&d);
	iot_topology_free(&t);
	return 0;
}
