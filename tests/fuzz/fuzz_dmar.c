// SPDX-License-Identifier: MIT
/* libFuzzer target: the DMAR reader and the coverage rules over what it read. */
#include <stddef.h>
#include <stdint.h>

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
	iot_dmar_read(data, size, "fuzz", &t, &d);
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
