/* SPDX-License-Identifier: MIT */
/*
 * Kernel profiles: what a given Linux version (as a distribution builds it)
 * does differently, one row per kernel, each switch set by the commit named
 * in its comment.  Every rule in src/kernel/ and src/sim/ that differs
 * between kernels takes its answer from the row, never from a version test.
 */
#ifndef IOTOPO_KERNEL_PROFILE_H
#define IOTOPO_KERNEL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

/* A kernel profile: one row per kernel version, switches set by commits. */
struct iot_kernel_profile {
	const char *version; /* "6.1", "6.12", "6.15", "7.2" */
	unsigned int major, minor;
	/* bcb81ac6ae3c "iommu: Get DT/ACPI parsing into the proper probe path" (6.15) */
	bool two_phase_probe;
	/*
	 * arm-smmu-v3.c:arm_smmu_insert_master: a SID listed twice by the same
	 * master.  true = skipped (b00d24997a11, 6.15 and the 6.1.y/6.12.y
	 * backports); false = "stream %u already in tree", -EINVAL.
	 */
	bool smmuv3_dup_self_ok;
	/*
	 * A SID already held by another master: -ENODEV ("Aliasing StreamID",
	 * 2d00c34d665b, 6.15) or -EINVAL ("already in tree").
	 */
	bool smmuv3_alias_enodev;
	/* CONFIG_VIRTIO_IOMMU in the distribution kernel (Debian 6.1: no). */
	bool virtio_iommu;
	/* CONFIG_VIRTIO_PCI=y: virtio-pci attempts to bind at boot. */
	bool virtio_pci_builtin;
	/*
	 * IOMMU_DOMAIN_DMA_FQ ("iommu: Introduce explicit type for non-strict
	 * DMA domains", 5.15): before it a lazy DMA domain reads "DMA".
	 */
	bool dma_fq_type;
	/*
	 * arm-smmu-v3 keeps a SID -> master tree ("iommu/arm-smmu-v3: Maintain
	 * a SID->device structure", 5.13).  Without it a second master's STE
	 * write over a live one hits BUG_ON(ste_live) in
	 * arm_smmu_write_strtab_ent.
	 */
	bool smmuv3_sid_tree;
	/*
	 * Default-domain rules of the drivers (kernel/domain.c):
	 * intel_pt_needs_ecap: a VT-d unit without pass-through support (ecap
	 * PT) always gives DMA domains ("iommu/vt-d: Require DMA domain if
	 * hardware not support passthrough", 6.12; before, identity was a 1:1
	 * page table).
	 */
	bool intel_pt_needs_ecap;
	/* intel_cm_fl_exempt: caching mode forces strict only without first-level
	 * tables (257ec2907419, 6.3, backported to 5.15.y and 6.1.y) */
	bool intel_cm_fl_exempt;
	/* intel_fl_per_unit: first_level_by_default per unit ("iommu/vt-d: Refactor
	 * first_level_by_default()", 6.13); before, over every unit */
	bool intel_fl_per_unit;
	/* intel_identmap_gfx: intel_iommu=igfx_off gives display devices identity
	 * (IDENTMAP_GFX, removed by ba00196ca41c, 6.10) */
	bool intel_identmap_gfx;
	/* intel_untrusted_dma: device_def_domain_type answers DMA for untrusted (5.10) */
	bool intel_untrusted_dma;
	/* amd_npcache_strict: NpCache calls iommu_set_dma_strict (not in 5.10) */
	bool amd_npcache_strict;
	/* amd_pasid_identity: identity for PASID-capable devices with EFR GIOSUP/GT/PPR/
	 * EPHSUP ("iommu/amd: Introduce iommu_dev_data.flags to track device
	 * capabilities", 6.7); before, ATS+PRI+PASID with EFR GT and PPR (iommu_v2);
	 * the same release made it answer DMA for untrusted devices */
	bool amd_pasid_identity;
	/* core_merge_identity: conflicting def_domain_type answers in a group resolve
	 * to identity and an untrusted member with an identity answer is refused
	 * (iommu.c:iommu_get_default_domain_type, 6.5 consolidation); before, a
	 * conflict fell back to the global default (probe_get_default_domain_type) */
	bool core_merge_identity;
	/* smmuv3_hisi_ptt_identity: arm_smmu_def_domain_type gives the HiSilicon PCIe
	 * tune and trace device (19e5:a12e) identity ("iommu/arm-smmu-v3: Make default
	 * domain type of HiSilicon PTT device to identity", 6.0) */
	bool smmuv3_hisi_ptt_identity;
	/* tegra_smmu_identity: tegra_smmu_def_domain_type answers identity for every
	 * device (present in 6.12, absent in 6.1; the 6.6 row is set false, not checked) */
	bool tegra_smmu_identity;
	const char *build; /* the distribution build the row was checked against */
	const char *config; /* the distribution config it assumes */
	const char *commits; /* what set this row's switches (text header, JSON) */
	/*
	 * Kconfig symbols whose value in this kernel's distribution config
	 * differs from the base table (kconfig.c), "SYMBOL=v" with v y, m or n;
	 * NULL-terminated, NULL for none.  VIRTIO_IOMMU and VIRTIO_PCI follow
	 * virtio_iommu and virtio_pci_builtin above.
	 */
	const char *const *kconfig;
};

/*
 * Kernel version lookup: the row for "6.12.118+deb13-arm64", "6.8.0-48-generic",
 * "5.14.0-427.el9.x86_64", "v6.15-rc3".  *@exact (may be NULL) is set when a
 * row has the version's major.minor; otherwise the newest row not above it
 * is returned.  NULL when unparsable or older than every row.
 */
const struct iot_kernel_profile *iot_kernel_profile_lookup(const char *version, bool *exact);

/*
 * What a profile's switches mean, one line per switch in the state the row
 * has it, each naming the commit that set it; calls @fn for each line.
 * The man page's KERNEL PROFILES section is made from this
 * (iotopo groups --list-profiles --format man).
 */
void iot_kernel_profile_describe(const struct iot_kernel_profile *k,
				 void (*fn)(const char *line, void *arg), void *arg);

/* The kernel profile table and lookup ("6.12.118+deb13-arm64" -> the 6.12 row). */
const struct iot_kernel_profile *iot_kernel_profile_find(const char *version);
const struct iot_kernel_profile *iot_kernel_profiles(size_t *n);

/* Architectures a distribution builds a config for. */
enum iot_kernel_arch {
	IOT_KARCH_ARM64,
	IOT_KARCH_X86_64,
};

/*
 * The value of Kconfig symbol @symbol ("ARM_SMMU", without CONFIG_) in the
 * distribution config profile @k assumes for @arch: 'y' built in, 'm' a
 * module, 'n' not set (or not available on that architecture).  The base
 * values are Debian's (linux-image-*-arm64 / -amd64); see kconfig.c for
 * where each came from.
 */
char iot_kernel_kconfig(const struct iot_kernel_profile *k, enum iot_kernel_arch arch,
			const char *symbol);

#endif
