/* SPDX-License-Identifier: MIT */
/*
 * Shared by the IORT reader, writer and iasl printer: which model object a
 * node type is, and the one order in which an object's ID mappings are
 * written (so the reader can say when a table's order differs from it).
 */
#ifndef IOTOPO_IORT_INT_H
#define IOTOPO_IORT_INT_H

#include "acpi/acpi_int.h"
#include "tables/iort.h"

/* Number of objects of the model array node type @type lives in. */
size_t iort_obj_count(const struct iot_topology *t, unsigned int type);
/* The object of node type @type at @idx (an iot_msi, iot_platdev, ...). */
void *iort_obj(const struct iot_topology *t, unsigned int type, int idx);
struct iot_fw_node *iort_obj_fw(const struct iot_topology *t, unsigned int type, int idx);
const char *iort_obj_name(const struct iot_topology *t, unsigned int type, int idx);
/* A DT map mask that clears any of @bits: the map has no IORT form. */
bool iort_map_masked(const struct iot_idmap *im, uint32_t bits);
/* Whether iommu @u is an SMMU the IORT describes (not virtio, x86). */
bool iort_iommu_in_iort(const struct iot_iommu *u);
/* Whether MSI controller @m is a GICv3 ITS (only those have IORT nodes). */
bool iort_is_its(const struct iot_topology *t, int m);
/* Node type of IOMMU @u: SMMUv1/v2 or SMMUv3. */
unsigned int iort_iommu_type(const struct iot_iommu *u);

/* Where a mapping of an object comes from in the model. */
enum iort_msrc {
	IORT_MS_SID, /* platdev iommus[a].ids[b]: a single mapping to an SMMU */
	IORT_MS_ROW, /* row b of the object's ID map a (enum iort_mapsel) */
	IORT_MS_DEVID, /* the object's own DeviceID: a single mapping to an ITS */
	IORT_MS_DERIVED, /* computed by the writer from other objects (no table had it) */
};

enum iort_mapsel {
	IORT_MAP_IOMMU, /* root / platdev iommu_map, RMR ids: rows to SMMUs */
	IORT_MAP_MSI, /* root / platdev / SMMU / PMCG msi_map: rows to ITS groups */
};

/* One ID mapping as the writer emits it. */
struct iort_mref {
	uint8_t src; /* enum iort_msrc */
	uint8_t map; /* enum iort_mapsel (IORT_MS_ROW) */
	uint32_t a, b;
	uint32_t in_base;
	uint64_t count; /* number of IDs; 0 for a single mapping given without one */
	uint32_t out_base;
	unsigned int ttype; /* node type of the target */
	int tidx; /* its object index */
	bool single;
};

struct iort_mrefs {
	struct iort_mref *v;
	size_t n, cap;
};

/*
 * The ID mappings of object @idx of node type @type in the writer's
 * canonical order.  @verbatim (an object read from an IORT): every row the
 * model has, as it is.  Otherwise the writer's synthesis for models from a
 * DT: root rows to an ITS that the SMMU rows already cover are left out, and
 * an SMMU with no stream-ID -> DeviceID rows gets them from the roots in
 * front of it.  Rows to IOMMUs the IORT does not describe are left out.
 * *@devid_pos receives the position of the DeviceID mapping, or -1.
 */
void iort_canon_maps(const struct iot_topology *t, unsigned int type, int idx, bool verbatim,
		     struct iort_mrefs *out, long *devid_pos);
void iort_mrefs_free(struct iort_mrefs *m);

/* Whether two mrefs name the same model source. */
static inline bool iort_mref_same(const struct iort_mref *x, const struct iort_mref *y)
{
	return x->src == y->src && x->map == y->map && x->a == y->a && x->b == y->b;
}

/*
 * iort.c:iort_get_id_mapping_index: whether an SMMUv3 node of revision @rev
 * with these interrupts and flags uses its DeviceID mapping index.
 */
bool iort_smmuv3_uses_index(unsigned int rev, const struct iot_iommu *u, bool devid_valid);

/*
 * The Device ID Mapping Index the writer gives an SMMUv3 node of revision
 * @rev with @n_maps mappings, the DeviceID one at @devid_pos (-1: none).
 */
uint32_t iort_smmuv3_devid_index(unsigned int rev, const struct iot_iommu *u, uint32_t n_maps,
				 long devid_pos);

#endif
