// SPDX-License-Identifier: MIT
/*
 * Kernel profiles: one row per kernel, each switch set by the commit named in
 * its comment.  A kernel's behaviour is the row with the highest version not
 * above it, so a new kernel rule is a new row (or a new column), never an
 * "if (version >= ...)" in the simulator.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/profile.h"
#include "util/mem.h"

/*
 * Debian 11's 5.10 (linux-headers-5.10.0-32-amd64 .config): no
 * IOMMU_DEFAULT_DMA_* choice yet, no scalable mode by default.
 */
static const char *const debian_5_10[] = { "IOMMU_DEFAULT_DMA_STRICT=n", "IOMMU_DEFAULT_DMA_LAZY=n",
					   "INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=n", NULL };

static const struct iot_kernel_profile profiles[] = {
	{
		/* Debian 11, 5.10.0-32 (5.10.223) */
		.version = "5.10",
		.major = 5,
		.minor = 10,
		.two_phase_probe = false,
		/* arm_smmu_install_ste_for_dev skips a SID the same master lists twice */
		.smmuv3_dup_self_ok = true,
		.smmuv3_alias_enodev = false,
		.virtio_iommu =
			false, /* Debian 5.10: CONFIG_VIRTIO_IOMMU not set (no VIOT before 5.14) */
		.virtio_pci_builtin = false, /* CONFIG_VIRTIO_PCI=m */
		.dma_fq_type = false,
		.smmuv3_sid_tree = false,
		.intel_pt_needs_ecap = false,
		.intel_cm_fl_exempt = false,
		.intel_fl_per_unit = false,
		.intel_identmap_gfx = true,
		.intel_untrusted_dma = true,
		.amd_npcache_strict = false,
		.amd_pasid_identity = false,
		.core_merge_identity = false,
		.kconfig = debian_5_10,
		.smmuv3_hisi_ptt_identity = false,
		.tegra_smmu_identity = false,
		.build = "Debian 11 5.10.0-32 (5.10.223)",
		.config = "debian",
		.commits = "bind-time probe; no IOMMU_DOMAIN_DMA_FQ (lazy domains read \"DMA\"); "
			   "no SMMUv3 SID tree: a StreamID another master holds hits "
			   "BUG_ON(ste_live) in arm_smmu_write_strtab_ent; no virtio-iommu driver",
	},
	{
		/* Ubuntu 22.04's kernel line; no Debian build to check against */
		.version = "5.15",
		.major = 5,
		.minor = 15,
		.two_phase_probe = false,
		.smmuv3_dup_self_ok = false, /* before b00d24997a11: "already in tree" */
		.smmuv3_alias_enodev = false,
		.virtio_iommu = true, /* VIOT support since 5.14 */
		.virtio_pci_builtin = true,
		.dma_fq_type = true, /* IOMMU_DOMAIN_DMA_FQ, 5.15 */
		.smmuv3_sid_tree = true, /* SID tree since 5.13 */
		.intel_pt_needs_ecap = false,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = false,
		.intel_identmap_gfx = true,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = false,
		.core_merge_identity = false,
		.smmuv3_hisi_ptt_identity = false,
		.tegra_smmu_identity = false,
		.build = "mainline 5.15 (Ubuntu 22.04 line), not checked against a capture",
		.config = "ubuntu",
		.commits = "bind-time probe; IOMMU_DOMAIN_DMA_FQ and CONFIG_IOMMU_DEFAULT_DMA_LAZY/"
			   "STRICT (5.15); SMMUv3 SID tree (5.13): a duplicate StreamID is "
			   "\"already in tree\", -EINVAL; virtio-iommu over VIOT (5.14)",
	},
	{
		/* Debian 12, 6.1.0-56: b00d24997a11 backported (6.1-stable "[PATCH 6.1 90/97]") */
		.version = "6.1",
		.major = 6,
		.minor = 1,
		.two_phase_probe = false,
		.smmuv3_dup_self_ok = true,
		.smmuv3_alias_enodev = false,
		.virtio_iommu = false, /* Debian 6.1: CONFIG_VIRTIO_IOMMU not set */
		.virtio_pci_builtin = false, /* a module, not loaded at boot */
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = false,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = false,
		.intel_identmap_gfx = true,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = false,
		.core_merge_identity = false,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = false,
		.build = "Debian 12 6.1.0-56",
		.config = "debian",
		.commits = "bind-time probe (of/acpi_dma_configure replay); "
			   "b00d24997a11 backported; no virtio-iommu driver",
	},
	{
		/* the 6.6 long-term line; no Debian build */
		.version = "6.6",
		.major = 6,
		.minor = 6,
		.two_phase_probe = false,
		.smmuv3_dup_self_ok = true, /* b00d24997a11 went to the stable lines */
		.smmuv3_alias_enodev = false,
		.virtio_iommu = true,
		.virtio_pci_builtin = true,
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = false,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = false,
		.intel_identmap_gfx = true,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = false,
		.core_merge_identity = true,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = false,
		.build = "mainline 6.6 long-term, not checked against a capture",
		.config = "debian",
		.commits = "as 6.1 with virtio-iommu and virtio-pci built as Debian 13 does",
	},
	{
		/* Debian 13, 6.12.118: b00d24997a11 backported, 2d00c34d665b not */
		.version = "6.12",
		.major = 6,
		.minor = 12,
		.two_phase_probe = false,
		.smmuv3_dup_self_ok = true,
		.smmuv3_alias_enodev = false,
		.virtio_iommu = true,
		.virtio_pci_builtin = true,
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = true,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = false,
		.intel_identmap_gfx = false,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = true,
		.core_merge_identity = true,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = true,
		.build = "Debian 13 6.12.118",
		.config = "debian",
		.commits = "bind-time probe; iommu_fwspec_init resolves ops itself (6.12/6.13); "
			   "b00d24997a11 backported",
	},
	{
		.version = "6.15",
		.major = 6,
		.minor = 15,
		.two_phase_probe = true, /* bcb81ac6ae3c, b46064a18810, 0c8e9c148e29 */
		.smmuv3_dup_self_ok = true, /* b00d24997a11 */
		.smmuv3_alias_enodev = true, /* 2d00c34d665b */
		.virtio_iommu = true,
		.virtio_pci_builtin = true,
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = true,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = true,
		.intel_identmap_gfx = false,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = true,
		.core_merge_identity = true,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = true,
		.build = "mainline 6.15",
		.config = "debian",
		.commits = "bcb81ac6ae3c two-phase probe; b00d24997a11 and 2d00c34d665b "
			   "(SMMUv3 duplicate/aliasing StreamIDs)",
	},
	{
		.version = "6.16",
		.major = 6,
		.minor = 16,
		.two_phase_probe = true,
		.smmuv3_dup_self_ok = true,
		.smmuv3_alias_enodev = true,
		.virtio_iommu = true,
		.virtio_pci_builtin = true,
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = true,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = true,
		.intel_identmap_gfx = false,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = true,
		.core_merge_identity = true,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = true,
		.build = "mainline 6.16",
		.config = "debian",
		.commits = "as 6.15, plus da33e87bd2bf iommu->ready (a bind defers during a walk; "
			   "no bind overlaps a walk in the simulated timeline)",
	},
	{
		/* the 6.18 long-term line */
		.version = "6.18",
		.major = 6,
		.minor = 18,
		.two_phase_probe = true,
		.smmuv3_dup_self_ok = true,
		.smmuv3_alias_enodev = true,
		.virtio_iommu = true,
		.virtio_pci_builtin = true,
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = true,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = true,
		.intel_identmap_gfx = false,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = true,
		.core_merge_identity = true,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = true,
		.build = "mainline 6.18 long-term, not checked against a capture",
		.config = "debian",
		.commits = "as 6.16",
	},
	{
		/* Debian sid 7.2.13: §5.11 ACS rework not active (kernel-rules.md B6) */
		.version = "7.2",
		.major = 7,
		.minor = 2,
		.two_phase_probe = true,
		.smmuv3_dup_self_ok = true,
		.smmuv3_alias_enodev = true,
		.virtio_iommu = true,
		.virtio_pci_builtin = true,
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = true,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = true,
		.intel_identmap_gfx = false,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = true,
		.core_merge_identity = true,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = true,
		.build = "Debian sid 7.2.13+deb14",
		.config = "debian",
		.commits = "as 6.16; \"PCI: Enable ACS after configuring IOMMU for OF\" reverted",
	},
	{
		/* Debian trixie-backports 7.3 */
		.version = "7.3",
		.major = 7,
		.minor = 3,
		.two_phase_probe = true,
		.smmuv3_dup_self_ok = true,
		.smmuv3_alias_enodev = true,
		.virtio_iommu = true,
		.virtio_pci_builtin = true,
		.dma_fq_type = true,
		.smmuv3_sid_tree = true,
		.intel_pt_needs_ecap = true,
		.intel_cm_fl_exempt = true,
		.intel_fl_per_unit = true,
		.intel_identmap_gfx = false,
		.intel_untrusted_dma = false,
		.amd_npcache_strict = true,
		.amd_pasid_identity = true,
		.core_merge_identity = true,
		.smmuv3_hisi_ptt_identity = true,
		.tegra_smmu_identity = true,
		.build = "Debian trixie-backports 7.3, not checked against a capture",
		.config = "debian",
		.commits = "as 7.2",
	},
};

const struct iot_kernel_profile *iot_kernel_profiles(size_t *n)
{
	*n = IOT_ARRAY_SIZE(profiles);
	return profiles;
}

/* "6.12.118+deb13-arm64", "7.2", "v6.15-rc3": major and minor, or -1. */
static int parse_version(const char *s, unsigned int *major, unsigned int *minor)
{
	char *end;
	unsigned long a, b;

	if (*s == 'v')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	a = strtoul(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return -1;
	b = strtoul(end + 1, &end, 10);
	if (a > 99 || b > 999)
		return -1;
	*major = (unsigned int)a;
	*minor = (unsigned int)b;
	return 0;
}

const struct iot_kernel_profile *iot_kernel_profile_lookup(const char *version, bool *exact)
{
	const struct iot_kernel_profile *best = NULL;
	unsigned int major, minor;

	if (exact)
		*exact = false;
	if (!version || parse_version(version, &major, &minor) < 0)
		return NULL;
	for (size_t i = 0; i < IOT_ARRAY_SIZE(profiles); i++) {
		const struct iot_kernel_profile *p = &profiles[i];

		if (p->major < major || (p->major == major && p->minor <= minor))
			best = p;
	}
	if (best && exact)
		*exact = best->major == major && best->minor == minor;
	return best;
}

const struct iot_kernel_profile *iot_kernel_profile_find(const char *version)
{
	return iot_kernel_profile_lookup(version, NULL);
}

/* Each switch in words, as the row has it: true, then false. */
struct switch_doc {
	size_t off;
	const char *on, *off_text;
};

#define SW(field, on, off)                                          \
	{                                                           \
		offsetof(struct iot_kernel_profile, field), on, off \
	}
static const struct switch_doc switch_docs[] = {
	SW(two_phase_probe,
	   "two-phase probe: devices are grouped when added or in the IOMMU's registration walk "
	   "(bcb81ac6ae3c, 6.15)",
	   "bind-time probe: a DT/IORT/VIOT device is grouped at its first driver probe"),
	SW(smmuv3_dup_self_ok, "SMMUv3: a StreamID a master lists twice is skipped (b00d24997a11)",
	   "SMMUv3: a StreamID a master lists twice is \"already in tree\", -EINVAL"),
	SW(smmuv3_alias_enodev,
	   "SMMUv3: a StreamID another master holds is \"Aliasing StreamID\", -ENODEV "
	   "(2d00c34d665b)",
	   "SMMUv3: a StreamID another master holds is \"already in tree\", -EINVAL"),
	SW(smmuv3_sid_tree, "SMMUv3 keeps a StreamID tree (5.13)",
	   "no SMMUv3 StreamID tree: a second master's live STE hits BUG_ON(ste_live) in "
	   "arm_smmu_write_strtab_ent"),
	SW(dma_fq_type, "lazy DMA domains read DMA-FQ (IOMMU_DOMAIN_DMA_FQ, 5.15)",
	   "no IOMMU_DOMAIN_DMA_FQ: lazy DMA domains read DMA"),
	SW(virtio_iommu, "virtio-iommu driver built", "no virtio-iommu driver"),
	SW(virtio_pci_builtin, "virtio-pci built in (binds at boot)",
	   "virtio-pci a module (not bound at boot)"),
	SW(intel_pt_needs_ecap,
	   "VT-d: a unit without pass-through support (ECAP PT) gives only DMA domains "
	   "(\"Require DMA domain if hardware not support passthrough\", 6.12)",
	   "VT-d: identity without pass-through support is a 1:1 page table"),
	SW(intel_cm_fl_exempt,
	   "VT-d: caching mode forces strict only without first-level tables (257ec2907419)",
	   "VT-d: caching mode forces strict"),
	SW(intel_fl_per_unit, "VT-d: first-level tables decided per unit (6.13)",
	   "VT-d: first-level tables decided over every unit"),
	SW(intel_identmap_gfx,
	   "VT-d: intel_iommu=igfx_off gives display devices identity (IDENTMAP_GFX, until "
	   "ba00196ca41c)",
	   "VT-d: intel_iommu=igfx_off only ignores graphics-only units"),
	SW(intel_untrusted_dma, "VT-d: device_def_domain_type answers DMA for untrusted devices",
	   NULL),
	SW(amd_npcache_strict,
	   "AMD-Vi: NpCache forces strict (\"Using strict mode due to virtualization\")",
	   "AMD-Vi: NpCache does not change the default domain"),
	SW(amd_pasid_identity,
	   "AMD-Vi: PASID-capable devices get identity when the units have GIOSUP, GT, PPR, "
	   "EPHSUP; untrusted devices DMA (6.7)",
	   "AMD-Vi: IOMMUv2 devices (ATS, PRI, PASID; units with GT and PPR) get identity"),
	SW(smmuv3_hisi_ptt_identity,
	   "SMMUv3: the HiSilicon PCIe tune and trace device (19e5:a12e) gets identity (6.0)",
	   NULL),
	SW(tegra_smmu_identity,
	   "tegra-smmu: every device gets identity (tegra_smmu_def_domain_type)", NULL),
	SW(core_merge_identity,
	   "core: conflicting driver answers in a group resolve to identity; an untrusted member "
	   "with an identity answer is refused (6.5)",
	   "core: conflicting driver answers in a group fall back to the global default"),
};
#undef SW

void iot_kernel_profile_describe(const struct iot_kernel_profile *k,
				 void (*fn)(const char *line, void *arg), void *arg)
{
	for (size_t i = 0; i < IOT_ARRAY_SIZE(switch_docs); i++) {
		bool on = *(const bool *)((const char *)k + switch_docs[i].off);
		const char *text = on ? switch_docs[i].on : switch_docs[i].off_text;

		if (text)
			fn(text, arg);
	}
}
