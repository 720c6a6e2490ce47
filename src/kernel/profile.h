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
	/*
	 * Kconfig symbols whose value in this kernel's distribution config
	 * differs from the base table (kconfig.c), "SYMBOL=v" with v y, m or n;
	 * NULL-terminated.  Debian 6.1: no virtio-iommu, virtio-pci a module.
	 */
	const char *const *kconfig;
	const char *commits; /* what set this row's switches (text header, JSON) */
};

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
 * values are Debian's (linux-image-*-arm64 / -amd64 config files); see
 * kconfig.c for where each came from.
 */
char iot_kernel_kconfig(const struct iot_kernel_profile *k, enum iot_kernel_arch arch,
			const char *symbol);

#endif
