// SPDX-License-Identifier: MIT
/*
 * The distribution kernel configs the profiles assume: which IOMMU drivers
 * (and the few bus drivers whose binding order matters) are built in, are
 * modules, or are missing.  A profile row lists only where its kernel
 * differs from this base.
 *
 * Base (arm64): Debian's linux-image-7.2.13+deb14-arm64, the file
 * /usr/lib/modules/7.2.13+deb14-arm64/config of linux-base-7.2.13+deb14-arm64
 * 7.2.13-1 (CONFIG_IPMMU_VMSA and CONFIG_EXYNOS_IOMMU "is not set",
 * CONFIG_MTK_IOMMU=m, CONFIG_VIRTIO_IOMMU=m, ...); its modules.builtin lists
 * arm_smmu.ko and arm_smmu_v3.ko, its modules.order mtk_iommu.ko and
 * virtio-iommu.ko.  Symbols that depend on another architecture (MSM_IOMMU
 * and MTK_IOMMU_V1 need ARM, APPLE_DART needs ARCH_APPLE, which Debian does
 * not set) are 'n'.  Base (amd64): what the QEMU captures of Debian's amd64
 * kernels show: intel-iommu and amd-iommu initialise at boot (built in),
 * virtio-iommu is a module loaded later, the default DMA mode is lazy (the
 * Kconfig default on x86); no Arm IOMMU driver exists there.
 */
#include <string.h>

#include "kernel/profile.h"

struct kconfig_row {
	const char *symbol;
	char arm64, x86_64;
};

static const struct kconfig_row base[] = {
	{ "ARM_SMMU", 'y', 'n' },
	{ "ARM_SMMU_V3", 'y', 'n' },
	{ "QCOM_IOMMU", 'y', 'n' },
	{ "ROCKCHIP_IOMMU", 'y', 'n' },
	{ "SUN50I_IOMMU", 'y', 'n' },
	{ "TEGRA_IOMMU_SMMU", 'y', 'n' },
	{ "EXYNOS_IOMMU", 'n', 'n' },
	{ "IPMMU_VMSA", 'n', 'n' },
	{ "MTK_IOMMU", 'm', 'n' },
	{ "MTK_IOMMU_V1", 'n', 'n' },
	{ "MSM_IOMMU", 'n', 'n' },
	{ "APPLE_DART", 'n', 'n' },
	{ "VSI_IOMMU", 'n', 'n' },
	{ "VIRTIO_IOMMU", 'm', 'm' },
	{ "INTEL_IOMMU", 'n', 'y' },
	{ "AMD_IOMMU", 'n', 'y' },
	{ "VIRTIO_PCI", 'y', 'y' },
	{ "PCIEPORTBUS", 'y', 'y' },
	{ "FSL_MC_BUS", 'y', 'n' },
	{ "IOMMU_DEFAULT_DMA_STRICT", 'y', 'n' },
	{ "IOMMU_DEFAULT_DMA_LAZY", 'n', 'y' },
	{ "IOMMU_DEFAULT_PASSTHROUGH", 'n', 'n' },
	/*
	 * amd64 (linux-headers-7.2.13+deb14-amd64, -6.1.0-47-amd64 .config):
	 * the Intel default-state choice is Debian's "Enable, excluding
	 * integrated GPU", scalable mode on by default (not on 5.10: profile)
	 */
	{ "INTEL_IOMMU_DEFAULT_ON", 'n', 'n' },
	{ "INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF", 'n', 'y' },
	{ "INTEL_IOMMU_DEFAULT_OFF", 'n', 'n' },
	{ "INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON", 'n', 'y' },
};

char iot_kernel_kconfig(const struct iot_kernel_profile *k, enum iot_kernel_arch arch,
			const char *symbol)
{
	size_t n = strlen(symbol);

	if (k && !strcmp(symbol, "VIRTIO_IOMMU"))
		return k->virtio_iommu ? 'm' : 'n';
	if (k && !strcmp(symbol, "VIRTIO_PCI"))
		return k->virtio_pci_builtin ? 'y' : 'm';
	for (const char *const *o = k ? k->kconfig : NULL; o && *o; o++)
		if (!strncmp(*o, symbol, n) && (*o)[n] == '=')
			return (*o)[n + 1];
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		if (!strcmp(base[i].symbol, symbol))
			return arch == IOT_KARCH_X86_64 ? base[i].x86_64 : base[i].arm64;
	return 'n';
}
