// SPDX-License-Identifier: MIT
/*
 * The IOMMU drivers the simulator knows, in the order Linux registers them
 * (built-in drivers by initcall and link order; modules after), and the
 * match of an IOMMU to its driver: its DT compatible strings, most specific
 * first, against every driver's of_match table (drivers/base: of_match_device
 * picks the first compatible of the node a driver lists); an IOMMU without
 * a compatible (IORT, VIOT, DMAR, IVRS, YAML) by its model's family.
 * A new IOMMU family is one driver file and one row here.
 */
#include <string.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

static const struct sim_driver *const drivers[] = {
	&sim_arm_smmu_driver, /* drivers/iommu/arm/arm-smmu/arm-smmu.c */
	&sim_arm_smmu_v3_driver, /* drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c */
	&sim_qcom_iommu_driver, /* drivers/iommu/arm/arm-smmu/qcom_iommu.c */
	&sim_intel_iommu_driver, /* drivers/iommu/intel/iommu.c */
	&sim_amd_iommu_driver, /* drivers/iommu/amd/iommu.c */
	&sim_rockchip_iommu_driver, /* drivers/iommu/rockchip-iommu.c */
	&sim_sun50i_iommu_driver, /* drivers/iommu/sun50i-iommu.c */
	&sim_tegra_smmu_driver, /* drivers/iommu/tegra-smmu.c */
	&sim_ipmmu_vmsa_driver, /* drivers/iommu/ipmmu-vmsa.c */
	&sim_exynos_iommu_driver, /* drivers/iommu/exynos-iommu.c */
	&sim_msm_iommu_driver, /* drivers/iommu/msm_iommu.c */
	&sim_apple_dart_driver, /* drivers/iommu/apple-dart.c */
	&sim_vsi_iommu_driver, /* drivers/iommu/vsi-iommu.c */
	/* modules in Debian: registered when loaded, after the built-in drivers bound */
	&sim_mtk_iommu_driver, /* drivers/iommu/mtk_iommu.c */
	&sim_mtk_iommu_v1_driver, /* drivers/iommu/mtk_iommu_v1.c */
	&sim_virtio_iommu_driver, /* drivers/iommu/virtio-iommu.c */
};

_Static_assert(IOT_ARRAY_SIZE(drivers) <= SIM_MAX_DRIVERS, "sim_ctx.lookup_drv holds them all");

const struct sim_driver *const *sim_drivers(size_t *n)
{
	*n = IOT_ARRAY_SIZE(drivers);
	return drivers;
}

static const struct sim_driver *by_compatible(const char *compat, const void **data)
{
	for (size_t i = 0; i < IOT_ARRAY_SIZE(drivers); i++)
		for (const struct sim_of_match *m = drivers[i]->of_match; m && m->compatible; m++)
			if (!strcmp(m->compatible, compat)) {
				*data = m->data;
				return drivers[i];
			}
	return NULL;
}

const struct sim_driver *sim_driver_match(const struct iot_iommu *u, const void **data,
					  const char **compatible)
{
	const void *dummy;
	const char *cdummy;
	enum iot_iommu_family f;

	if (!data)
		data = &dummy;
	if (!compatible)
		compatible = &cdummy;
	*data = NULL;
	*compatible = NULL;
	for (size_t i = 0; i < u->compatible.n; i++) {
		const struct sim_driver *drv = by_compatible(u->compatible.v[i], data);

		if (drv) {
			*compatible = u->compatible.v[i];
			return drv;
		}
	}
	if (u->model == IOT_IOMMU_OTHER)
		return NULL;
	f = iot_iommu_family(u->model);
	for (size_t i = 0; i < IOT_ARRAY_SIZE(drivers); i++)
		if (drivers[i]->family == f)
			return drivers[i];
	return NULL;
}

bool iot_sim_iommu_driver(const struct iot_iommu *u, const char **name, const char **source,
			  unsigned int *cells_min, unsigned int *cells_max)
{
	const struct sim_driver *drv = sim_driver_match(u, NULL, NULL);

	if (!drv)
		return false;
	if (name)
		*name = drv->name;
	if (source)
		*source = drv->source;
	if (cells_min)
		*cells_min = drv->cells_min;
	if (cells_max)
		*cells_max = drv->cells_max;
	return true;
}

int iot_sim_iommu_check_ids(const struct iot_iommu *u, const uint32_t *ids, size_t n, char *why,
			    size_t len)
{
	const void *data;
	const struct sim_driver *drv = sim_driver_match(u, &data, NULL);

	if (len)
		why[0] = 0;
	if (!drv || !drv->check_ids)
		return SIM_IDS_OK;
	return (int)drv->check_ids(u, data, ids, n, why, len);
}
