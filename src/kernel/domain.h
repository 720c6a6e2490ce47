/* SPDX-License-Identifier: MIT */
/*
 * The default domain Linux gives an IOMMU group: iommu.c:
 * iommu_get_default_domain_type over the group's members, from the global
 * default (Kconfig and the command line: iommu_def_domain_type,
 * iommu_dma_strict), the driver's capabilities and answers (def_domain_type,
 * IOMMU_CAP_DEFERRED_FLUSH) and the members' properties (untrusted).
 */
#ifndef IOTOPO_KERNEL_DOMAIN_H
#define IOTOPO_KERNEL_DOMAIN_H

#include <stdbool.h>

#include "kernel/cmdline.h"
#include "kernel/profile.h"

/* Default domain of a group (iommu_group/type spelling). */
enum iot_domain_type {
	IOT_DOMAIN_NONE,
	IOT_DOMAIN_DMA,
	IOT_DOMAIN_DMA_FQ,
	IOT_DOMAIN_IDENTITY,
};

/* The global default as iommu.c:iommu_subsys_init settles it. */
struct iot_dma_mode {
	bool passthrough; /* iommu_def_domain_type == IOMMU_DOMAIN_IDENTITY */
	bool strict; /* iommu_dma_strict */
};

/*
 * iommu.c:iommu_subsys_init: the Kconfig default (CONFIG_IOMMU_DEFAULT_DMA_LAZY
 * on x86, strict elsewhere in the distribution configs assumed) overridden by
 * the command line.
 */
void iot_iommu_dma_mode(const struct iot_kernel_profile *k, bool x86,
			const struct iot_iommu_cmdline *cl, struct iot_dma_mode *out);

/* What iommu_get_default_domain_type weighs for one group. */
struct iot_domain_inputs {
	struct iot_dma_mode mode;
	bool untrusted; /* a member is pci_dev->untrusted: always a strict DMA domain */
	bool deferred_flush; /* the driver has IOMMU_CAP_DEFERRED_FLUSH (else no DMA-FQ) */
	bool no_fq_type; /* before 5.15 (no IOMMU_DOMAIN_DMA_FQ) a lazy domain reads "DMA" */
	/* ops->def_domain_type for the group's members: IOT_DOMAIN_NONE = no preference */
	enum iot_domain_type driver_type;
};

/* iommu.c:iommu_get_default_domain_type / iommu_dma_init_domain's FQ choice. */
enum iot_domain_type iot_iommu_def_domain_type(const struct iot_domain_inputs *in);

const char *iot_domain_type_name(enum iot_domain_type t);

#endif
