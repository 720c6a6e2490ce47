// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the YAML reader.  Any input must load or fail with
 * diagnostics, never crash, leak or hang; and whatever loads must survive
 * the writer: emit, load again, and get an equal model and the same text;
 * and check's Device Tree validation (the lean tree) and the DTB writer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt.h"
#include "model/model.h"
#include "util/buf.h"
#include "yaml/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iot_topology a, b;
	struct iot_diags d;
	struct iot_buf y1, y2;
	char why[128];

	iot_topology_init(&a);
	iot_topology_init(&b);
	iot_diags_init(&d);
	iot_buf_init(&y1);
	iot_buf_init(&y2);
	if (iot_yaml_load("fuzz.yaml", data, size, &a, &d) == 0) {
		if (d.n_errors)
			abort(); /* success must mean no errors */
		iot_yaml_emit(&a, &y1);
		if (iot_yaml_load("emitted.yaml", y1.data, y1.len, &b, &d) != 0)
			abort(); /* the writer wrote something the reader rejects */
		if (!iot_topology_equal(&a, &b, why, sizeof(why)))
			abort(); /* the round trip lost a field: see why[] */
		iot_yaml_emit(&b, &y2);
		if (y1.len != y2.len || memcmp(y1.data, y2.data, y1.len))
			abort(); /* canonical text is not a fixed point */
		iot_dt_check(&a, &d);
		iot_dt_write_dtb(&a, &y2, &d);
	} else if (!d.n_errors) {
		abort(); /* failure must say why */
	}
	iot_buf_free(&y1);
	iot_buf_free(&y2);
	iot_topology_free(&a);
	iot_topology_free(&b);
	iot_diags_free(&d);
	return 0;
}
