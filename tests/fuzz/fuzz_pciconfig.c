// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: a PCI function's configuration space (sysfs "config").
 * Beyond "no crash, no hang", check that everything the parser reports lies
 * inside the bytes it was given.
 */
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "sysfs/pciconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iot_pciconfig pc;
	struct iot_pci_dev dev = { 0 };
	struct iot_diags d;

	iot_diags_init(&d);
	if (iot_pciconfig_parse(data, size, &pc, "fuzz", &d) == 0) {
		if (pc.pcie_pos && (pc.pcie_pos < 0x40 || (size_t)pc.pcie_pos + 4 > size))
			__builtin_trap();
		if (pc.acs_pos && (pc.acs_pos < 0x100 || (size_t)pc.acs_pos + 8 > size))
			__builtin_trap();
		if (pc.sriov_pos && (size_t)pc.sriov_pos + 0x1c > size)
			__builtin_trap();
		if (pc.ari_pos && (size_t)pc.ari_pos + 8 > size)
			__builtin_trap();
		if ((unsigned int)pc.type >= IOT_PCI_NR_TYPES)
			__builtin_trap();
		iot_pciconfig_to_dev(&pc, &dev);
	} else if (d.n_errors != 1) {
		__builtin_trap(); /* an unusable space says why, once */
	}
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].loc.has_offset && d.v[i].loc.offset >= (size > 0x1000 ? size : 0x1000))
			__builtin_trap();
	iot_diags_free(&d);
	return 0;
}
