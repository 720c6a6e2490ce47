// SPDX-License-Identifier: MIT
/* The default domain of an IOMMU group (kernel/domain.h). */
#include "kernel/domain.h"

void iot_iommu_dma_mode(const struct iot_kernel_profile *k, bool x86,
			const struct iot_iommu_cmdline *cl, struct iot_dma_mode *out)
{
	(void)k;
	/* iommu.c:iommu_subsys_init: Kconfig default lazy on x86, strict elsewhere */
	out->strict = !x86;
	out->passthrough = false;
	/* "iommu=pt|nopt" exists only on x86 (arch/x86/kernel/pci-dma.c:iommu_setup) */
	if (x86 && cl->passthrough_set)
		out->passthrough = cl->passthrough;
	else if (!x86 && cl->generic_passthrough_set)
		out->passthrough = cl->generic_passthrough;
	if (cl->strict_set)
		out->strict = cl->strict;
	/* intel/iommu.c:intel_iommu_setup "strict", amd/init.c "fullflush": iommu_set_dma_strict */
	if (cl->driver_strict)
		out->strict = true;
}

enum iot_domain_type iot_iommu_def_domain_type(const struct iot_domain_inputs *in)
{
	/* iommu.c:iommu_get_default_domain_type: untrusted devices get a strict DMA domain */
	if (in->untrusted)
		return IOT_DOMAIN_DMA;
	if (in->driver_type != IOT_DOMAIN_NONE)
		return in->driver_type;
	if (in->mode.passthrough)
		return IOT_DOMAIN_IDENTITY;
	/* dma-iommu.c:iommu_dma_init_fq needs IOMMU_CAP_DEFERRED_FLUSH */
	if (in->mode.strict || !in->deferred_flush || in->no_fq_type)
		return IOT_DOMAIN_DMA;
	return IOT_DOMAIN_DMA_FQ;
}

const char *iot_domain_type_name(enum iot_domain_type t)
{
	static const char *const names[] = { "none", "DMA", "DMA-FQ", "identity" };

	return (unsigned int)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}
