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
	if (cl->passthrough_set)
		out->passthrough = cl->passthrough;
	if (cl->strict_set)
		out->strict = cl->strict;
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
	if (in->mode.strict || !in->deferred_flush)
		return IOT_DOMAIN_DMA;
	return IOT_DOMAIN_DMA_FQ;
}

const char *iot_domain_type_name(enum iot_domain_type t)
{
	static const char *const names[] = { "none", "DMA", "DMA-FQ", "identity" };

	return (unsigned int)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}
