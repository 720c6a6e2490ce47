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
	const char *commits; /* what set this row's switches (text header, JSON) */
};

/* The kernel profile table and lookup ("6.12.118+deb13-arm64" -> the 6.12 row). */
const struct iot_kernel_profile *iot_kernel_profile_find(const char *version);
const struct iot_kernel_profile *iot_kernel_profiles(size_t *n);

#endif
