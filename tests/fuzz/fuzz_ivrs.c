// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the IVRS reader, the coverage rules over what it read,
 * and the IVRS writer and iasl source over the model it made.
 */
#include <stddef.h>
#include <stdint.h>

#include "acpi/acpi.h"
#include "model/model.h"
#include "x86/x86.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iot_topology t;
	struct iot_diags d;
	struct iot_pci_root *r;
	struct iot_pci_dev *p;

	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_ivrs_read(data, size, "fuzz", &t, &d);
	if (iot_topology_has_ivrs(&t)) {
		struct iot_buf b, src;

		iot_buf_init(&b);
		iot_buf_init(&src);
		if (!iot_ivrs_write(&t, &b, NULL, &d))
			(void)iot_acpi_write_asl(b.data, b.len, IOT_ASL_CURRENT, NULL, "fuzz", &src,
						 &d);
		iot_buf_free(&src);
		iot_buf_free(&b);
	}
	/* a small hierarchy, so scope resolution and the checks run too */
	r = iot_add_root(&t);
	p = iot_root_add_dev(r);
	p->type = IOT_PCI_ROOT_PORT;
	p->devfn = 3 << 3;
	p->secondary = 1;
	p->subordinate = 1;
	p = iot_root_add_dev(r);
	p->type = IOT_PCI_ENDPOINT;
	p->bus = 1;
	p->parent = 0;
	for (size_t i = 0; i < r->n_devs; i++)
		(void)iot_dmar_device_unit(&t, 0, i, NULL);
	(void)iot_ivrs_device_unit(&t, 0, 0x0100, NULL);
	(void)iot_x86_check(&t, &d);
	iot_topology_free(&t);
	iot_diags_free(&d);
	return 0;
}
