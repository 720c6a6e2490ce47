/* SPDX-License-Identifier: MIT */
/*
 * The kernel command-line parameters that decide whether IOMMU drivers run
 * and which default domain they give, parsed as Linux parses them: each
 * occurrence is handled in order, so a later one overrides an earlier one
 * (init/main.c:parse_args calling each __setup / early_param handler).
 */
#ifndef IOTOPO_KERNEL_CMDLINE_H
#define IOTOPO_KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct iot_iommu_cmdline {
	/* iommu.c:iommu_set_def_domain_type ("iommu.passthrough=") and x86 "iommu=pt|nopt" */
	bool passthrough_set, passthrough;
	/*
	 * The same as iommu.passthrough= would leave it: "iommu=" is parsed
	 * only on x86 (arch/x86/kernel/pci-dma.c:iommu_setup), so elsewhere
	 * these are the answer.  Parameters apply in order of appearance.
	 */
	bool generic_passthrough_set, generic_passthrough;
	/* "intel_iommu=strict", "amd_iommu=fullflush": iommu_set_dma_strict() */
	bool driver_strict;
	/* iommu.c:iommu_dma_setup ("iommu.strict=") */
	bool strict_set, strict;
	/* arch/x86/kernel/pci-dma.c:iommu_setup: "iommu=off" sets no_iommu */
	bool iommu_off;
	/* intel/iommu.c:intel_iommu_setup: "intel_iommu=off", "=on", "=igfx_off" */
	bool intel_off, intel_on, intel_igfx_off;
	/* amd/init.c:parse_amd_iommu_options: "amd_iommu=off" */
	bool amd_off;
	/* "amd_iommu=force_isolation": no identity for IOMMUv2-capable devices */
	bool amd_force_isolation;
	/*
	 * intel_iommu=sm_on / sm_off (intel_iommu_sm) and =on / =intgpu_off
	 * (dmar_map_intgpu, Debian's INTGPU_OFF patch), as the last option
	 * left them: -1 not given, else 0 or 1.
	 */
	int8_t intel_sm, intel_map_intgpu;
	/*
	 * "pcie_acs_override=": only kernels with the out-of-tree ACS override
	 * patch know it (kernel/acs_override.h); the value as given (the last one).
	 */
	bool acs_override_set;
	char acs_override[128];
};

/* Parse @cmdline (NULL = empty). */
void iot_iommu_cmdline_parse(const char *cmdline, struct iot_iommu_cmdline *out);

/* kstrtobool as the handlers use it: 1/y/Y/on true, 0/n/N/off false; -1 otherwise. */
int iot_cmdline_bool(const char *v);

#endif
