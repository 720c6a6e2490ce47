/* SPDX-License-Identifier: MIT */
/*
 * The default domain Linux gives an IOMMU group: iommu.c:
 * iommu_get_default_domain_type over the group's members, from the global
 * default (Kconfig and the command line: iommu_def_domain_type,
 * iommu_dma_strict, then what the drivers' init code forces with
 * iommu_set_dma_strict), the driver's capabilities and answers
 * (def_domain_type, IOMMU_CAP_DEFERRED_FLUSH) and the members' properties
 * (untrusted).  Every function here is pure: the simulator's drivers call
 * them with the facts they hold, and --explain prints the sentence each
 * returns.
 */
#ifndef IOTOPO_KERNEL_DOMAIN_H
#define IOTOPO_KERNEL_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/cmdline.h"
#include "kernel/profile.h"
#include "model/model.h"

/* Default domain of a group (iommu_group/type spelling). */
enum iot_domain_type {
	IOT_DOMAIN_NONE,
	IOT_DOMAIN_DMA,
	IOT_DOMAIN_DMA_FQ,
	IOT_DOMAIN_IDENTITY,
};

/* VT-d registers (intel/iommu.h: cap_caching_mode, ecap_pass_through, ecap_smts/slts/flts) */
#define IOT_VTD_CAP_CM (1ull << 7)
#define IOT_VTD_ECAP_PT (1ull << 6)
#define IOT_VTD_ECAP_SMTS (1ull << 43)
#define IOT_VTD_ECAP_SLTS (1ull << 46)
#define IOT_VTD_ECAP_FLTS (1ull << 47)
/* AMD-Vi (amd/amd_iommu_types.h): IOMMU_CAP_NPCACHE; FEATURE_PPR, _GT, _GIOSUP, _EPHSUP */
#define IOT_AMD_CAP_NPCACHE (1ull << 26)
#define IOT_AMD_EFR_PPR (1ull << 1)
#define IOT_AMD_EFR_GT (1ull << 4)
#define IOT_AMD_EFR_GIOSUP (1ull << 48)
#define IOT_AMD_EFR_EPHSUP (1ull << 50)

/*
 * The Kconfig values the default-domain rules read, from the config the
 * profile assumes (kernel/kconfig.c) or a --config file.
 */
enum iot_dma_default {
	IOT_DMA_DEFAULT_STRICT, /* CONFIG_IOMMU_DEFAULT_DMA_STRICT */
	IOT_DMA_DEFAULT_LAZY, /* CONFIG_IOMMU_DEFAULT_DMA_LAZY */
	IOT_DMA_DEFAULT_PASSTHROUGH, /* CONFIG_IOMMU_DEFAULT_PASSTHROUGH */
};

struct iot_domain_config {
	enum iot_dma_default dma_default;
	/*
	 * dmar_disabled by default: Debian's CONFIG_INTEL_IOMMU_DEFAULT_OFF, or
	 * upstream's bool CONFIG_INTEL_IOMMU_DEFAULT_ON not set (without
	 * Debian's three-way choice)
	 */
	bool intel_off_by_default;
	/* Debian's CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF: dmar_map_intgpu = 0 */
	bool intel_intgpu_off;
	bool intel_sm_default_on; /* CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON */
};

struct iot_kconfig;

/*
 * The Kconfig values of @cfg (NULL: the config profile @k assumes) for
 * @arch.  Before 5.15 there is no IOMMU_DEFAULT_DMA_* choice: x86 drivers
 * flushed lazily, the rest strictly (5.10's iommu_dma_strict).
 */
void iot_domain_config_init(struct iot_domain_config *dc, const struct iot_kconfig *cfg,
			    const struct iot_kernel_profile *k, enum iot_kernel_arch arch);

/* The global default as iommu.c:iommu_subsys_init settles it, then driver init. */
struct iot_dma_mode {
	bool passthrough; /* iommu_def_domain_type == IOMMU_DOMAIN_IDENTITY */
	bool strict; /* iommu_dma_strict */
	/* how it was reached, for --explain: one sentence per step, '\n'-separated */
	char why[512];
};

/*
 * iommu.c:iommu_subsys_init: the Kconfig default (@dc, NULL = lazy on x86,
 * strict elsewhere) overridden by the command line.
 */
void iot_iommu_dma_mode(const struct iot_kernel_profile *k, const struct iot_domain_config *dc,
			bool x86, const struct iot_iommu_cmdline *cl, struct iot_dma_mode *out);

/*
 * iommu.c:iommu_set_dma_strict called by a driver's init code: strict from
 * then on (an identity default stays identity).  @why is appended.
 */
/*
 * iommu.c:iommu_set_dma_strict called by a driver's init code: strict from
 * then on (an identity default stays identity).  @why is appended.
 */
void iot_iommu_set_dma_strict(struct iot_dma_mode *m, const char *why);

/* iommu.c:iommu_set_default_passthrough called by a driver: identity from then on. */
void iot_iommu_set_default_passthrough(struct iot_dma_mode *m, const char *why);

/*
 * intel/iommu.c:platform_optin_force_iommu: firmware opted in to DMA
 * protection (DMAR flag DMA_CTRL_PLATFORM_OPT_IN) and a PCI port is
 * external-facing: VT-d is forced on even when disabled by default (not
 * with iommu=off or intel_iommu=off), and then with an identity default
 * for all but untrusted devices.  *@was_off: it was disabled by default.
 */
bool iot_intel_platform_optin(const struct iot_domain_config *dc,
			      const struct iot_iommu_cmdline *cl, const struct iot_topology *t,
			      bool *was_off);

/*
 * intel/iommu.c: whether VT-d initialises at all: dmar_disabled from the
 * config and intel_iommu=on/off, unless the platform opt-in forces it.
 * *@why (static) says why not.
 */
bool iot_intel_enabled(const struct iot_domain_config *dc, const struct iot_iommu_cmdline *cl,
		       const struct iot_topology *t, const char **why);

/*
 * intel/iommu.c: intel_iommu_sm, the scalable-mode switch: the Kconfig
 * default, then intel_iommu=sm_on / sm_off in order of appearance.
 */
bool iot_intel_sm_enabled(const struct iot_domain_config *dc, const struct iot_iommu_cmdline *cl);

/*
 * intel/iommu.c:intel_iommu_init: whether VT-d unit @unit of @t makes the
 * kernel strict ("IOMMU batching disallowed due to virtualization"): its
 * caching mode, unless DMA domains use first-level page tables
 * (first_level_by_default: scalable mode on and supported, FLTS; per unit
 * since 6.13, over all units before; 5.10 ignored first level).  Registers
 * unknown: no.  *@why (may be NULL) says why, static or in @buf.
 */
bool iot_intel_forces_strict(const struct iot_kernel_profile *k, bool sm,
			     const struct iot_topology *t, size_t unit, char *buf, size_t n);

/*
 * amd/init.c:iommu_init_pci: an AMD-Vi unit whose capability header has
 * NpCache makes the kernel strict ("Using strict mode due to
 * virtualization"; 5.10 only flushed more).
 */
bool iot_amd_forces_strict(const struct iot_kernel_profile *k, const struct iot_iommu *u);

/* What a driver's def_domain_type reads of a PCI device. */
struct iot_domain_dev {
	const struct iot_pci_dev *pci; /* NULL: a platform device */
	bool root_bus; /* pci_is_root_bus(pdev->bus) */
	bool untrusted; /* pci_dev->untrusted */
};

/*
 * intel/iommu.c:device_def_domain_type for a device on VT-d unit @u:
 * DMA when the unit lacks pass-through (ecap PT, 6.12+), identity for an
 * Intel integrated GPU with Debian's CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF
 * and no intel_iommu=on (IDENTMAP_INTGPU), identity for
 * every display device with intel_iommu=igfx_off before 6.10
 * (IDENTMAP_GFX).  *@why set when not IOT_DOMAIN_NONE.
 */
enum iot_domain_type iot_intel_def_domain_type(const struct iot_kernel_profile *k,
					       const struct iot_domain_config *dc,
					       const struct iot_iommu_cmdline *cl,
					       const struct iot_iommu *u,
					       const struct iot_domain_dev *dev, const char **why);

/*
 * amd/iommu.c:amd_iommu_def_domain_type: DMA for an untrusted device
 * (6.12+), identity for a device able to use the IOMMUv2 features when
 * the units support them (ATS, PRI and PASID with EFR GT and PPR before
 * 6.7; PASID with EFR GIOSUP, GT, PPR and EPHSUP after).  @efr is the
 * units' common EFR (0 unknown: no identity).
 */
enum iot_domain_type iot_amd_def_domain_type(const struct iot_kernel_profile *k,
					     const struct iot_iommu_cmdline *cl, uint64_t efr,
					     const struct iot_domain_dev *dev, const char **why);

/*
 * arm-smmu-v3.c:arm_smmu_def_domain_type: identity for the HiSilicon PCIe
 * tune and trace device (19e5:a12e), which can only use identity mapping.
 */
enum iot_domain_type iot_smmuv3_def_domain_type(const struct iot_kernel_profile *k,
						const struct iot_domain_dev *dev, const char **why);

/* tegra-smmu.c:tegra_smmu_def_domain_type: identity for every device (6.12+). */
enum iot_domain_type iot_tegra_smmu_def_domain_type(const struct iot_kernel_profile *k,
						    const char **why);

/*
 * The members' answers of a group, merged as iommu.c merges them: from 6.5
 * iommu_get_def_domain_type (conflicting answers: identity wins; untrusted
 * members are kept aside for iommu_get_default_domain_type), before it
 * probe_get_default_domain_type (an untrusted device answers DMA itself; a
 * conflict falls back to the global default).  Start zeroed.
 */
struct iot_def_merge {
	enum iot_domain_type type;
	bool conflict; /* before 6.5: answers disagreed, the global default applies */
	bool untrusted; /* from 6.5: a member is untrusted */
};

void iot_def_domain_merge(const struct iot_kernel_profile *k, struct iot_def_merge *m,
			  bool untrusted, enum iot_domain_type answer);

/* What iommu_get_default_domain_type weighs for one group. */
struct iot_domain_inputs {
	struct iot_dma_mode mode;
	bool untrusted; /* a member is pci_dev->untrusted: always a strict DMA domain */
	bool deferred_flush; /* the driver has IOMMU_CAP_DEFERRED_FLUSH (else no DMA-FQ) */
	bool no_fq_type; /* before 5.15 (no IOMMU_DOMAIN_DMA_FQ) a lazy domain reads "DMA" */
	/* ops->def_domain_type for the group's members: IOT_DOMAIN_NONE = no preference */
	enum iot_domain_type driver_type;
};

/*
 * iommu.c:iommu_get_default_domain_type / iommu_dma_init_domain's FQ
 * choice.  IOT_DOMAIN_NONE when the kernel refuses (an untrusted member and
 * a driver that wants identity: "refusing to probe").  *@why (may be NULL)
 * gets the deciding rule.
 */
enum iot_domain_type iot_iommu_def_domain_type(const struct iot_domain_inputs *in,
					       const char **why);

const char *iot_domain_type_name(enum iot_domain_type t);

#endif
