// SPDX-License-Identifier: MIT
/*
 * Field-by-field equality of two models, ignoring source locations: what a
 * round trip (YAML -> model -> YAML -> model, or decode then compile) must
 * preserve.  On a difference, @why names the first field that differs.
 */
#include <stdio.h>
#include <string.h>

#include "model/model.h"

struct cmp {
	char *why;
	size_t len;
	bool differ;
};

static bool note(struct cmp *c, const char *what, size_t i)
{
	if (!c->differ && c->why && c->len)
		snprintf(c->why, c->len, "%s (object %zu)", what, i);
	c->differ = true;
	return false;
}

#define EQ(c, x, y, what, i) ((void)((x) == (y) || note((c), (what), (i))))
#define STREQ(c, x, y, what, i) \
	((void)((!(x) && !(y)) || ((x) && (y) && !strcmp((x), (y))) || note((c), (what), (i))))
#define COMPATEQ(c, x, y, what, i) ((void)(iot_compat_equal((x), (y)) || note((c), (what), (i))))

static bool eq_map(struct cmp *c, const struct iot_idmap *a, const struct iot_idmap *b,
		   const char *what, size_t i)
{
	if (a->n != b->n || a->has_mask != b->has_mask || (a->has_mask && a->mask != b->mask) ||
	    a->dt_wide != b->dt_wide)
		return note(c, what, i);
	for (size_t k = 0; k < a->n; k++) {
		const struct iot_map_row *x = &a->rows[k], *y = &b->rows[k];

		if (x->in_base != y->in_base || x->count != y->count ||
		    x->out_base != y->out_base || x->target != y->target ||
		    x->single != y->single || memcmp(x->out_tail, y->out_tail, sizeof(x->out_tail)))
			return note(c, what, i);
	}
	return true;
}

static bool eq_mem(struct cmp *c, const struct iot_memattr *a, const struct iot_memattr *b,
		   const char *what, size_t i)
{
	if (a->coherent != b->coherent || a->hints != b->hints || a->flags != b->flags ||
	    a->address_bits != b->address_bits)
		return note(c, what, i);
	return true;
}

static bool eq_irqs(const struct iot_irq *a, size_t na, const struct iot_irq *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t k = 0; k < na; k++)
		if (a[k].gsiv != b[k].gsiv || a[k].edge != b[k].edge)
			return false;
	return true;
}

static void eq_iommu(struct cmp *c, const struct iot_iommu *a, const struct iot_iommu *b, size_t i)
{
	STREQ(c, a->name, b->name, "iommu name", i);
	EQ(c, a->model, b->model, "iommu model", i);
	EQ(c, a->status, b->status, "iommu status", i);
	EQ(c, a->base, b->base, "iommu base", i);
	EQ(c, a->size, b->size, "iommu size", i);
	EQ(c, a->coherent, b->coherent, "iommu coherent", i);
	EQ(c, a->has_identifier, b->has_identifier, "iommu identifier", i);
	EQ(c, a->identifier, b->identifier, "iommu identifier", i);
	EQ(c, a->has_pxm, b->has_pxm, "iommu proximity domain", i);
	EQ(c, a->pxm, b->pxm, "iommu proximity domain", i);
	EQ(c, a->impl, b->impl, "iommu implementation", i);
	EQ(c, a->httu, b->httu, "iommu httu", i);
	EQ(c, a->vatos, b->vatos, "iommu vatos", i);
	EQ(c, a->irq_event, b->irq_event, "iommu eventq irq", i);
	EQ(c, a->irq_pri, b->irq_pri, "iommu priq irq", i);
	EQ(c, a->irq_gerror, b->irq_gerror, "iommu gerror irq", i);
	EQ(c, a->irq_sync, b->irq_sync, "iommu cmdq-sync irq", i);
	EQ(c, a->dvm, b->dvm, "iommu dvm", i);
	if (!eq_irqs(&a->irq_global, 1, &b->irq_global, 1) ||
	    !eq_irqs(&a->irq_global_cfg, 1, &b->irq_global_cfg, 1) ||
	    !eq_irqs(a->irq_context, a->n_irq_context, b->irq_context, b->n_irq_context) ||
	    !eq_irqs(a->irq_pmu, a->n_irq_pmu, b->irq_pmu, b->n_irq_pmu))
		note(c, "iommu interrupts", i);
	EQ(c, a->iommu_cells, b->iommu_cells, "iommu cells", i);
	EQ(c, a->has_stream_match_mask, b->has_stream_match_mask, "iommu stream-match-mask", i);
	EQ(c, a->stream_match_mask, b->stream_match_mask, "iommu stream-match-mask", i);
	EQ(c, a->msi_controller, b->msi_controller, "iommu msi controller", i);
	EQ(c, a->msi_device_id, b->msi_device_id, "iommu msi device-id", i);
	eq_map(c, &a->msi_map, &b->msi_map, "iommu msi-map", i);
	EQ(c, a->pci_segment, b->pci_segment, "iommu pci segment", i);
	EQ(c, a->pci_bdf, b->pci_bdf, "iommu pci bdf", i);
	STREQ(c, a->dt_path, b->dt_path, "iommu dt path", i);
	STREQ(c, a->dt_label, b->dt_label, "iommu dt label", i);
	EQ(c, a->dt_phandle, b->dt_phandle, "iommu dt phandle", i);
	COMPATEQ(c, &a->compatible, &b->compatible, "iommu compatible", i);
}

static void eq_msi(struct cmp *c, const struct iot_msi *a, const struct iot_msi *b, size_t i)
{
	STREQ(c, a->name, b->name, "msi name", i);
	EQ(c, a->type, b->type, "msi type", i);
	EQ(c, a->base, b->base, "msi base", i);
	if (a->n_its_ids != b->n_its_ids ||
	    (a->n_its_ids && memcmp(a->its_ids, b->its_ids, a->n_its_ids * sizeof(uint32_t))))
		note(c, "msi its-ids", i);
	EQ(c, a->has_identifier, b->has_identifier, "msi identifier", i);
	EQ(c, a->identifier, b->identifier, "msi identifier", i);
	STREQ(c, a->dt_path, b->dt_path, "msi dt path", i);
	STREQ(c, a->dt_label, b->dt_label, "msi dt label", i);
	EQ(c, a->dt_phandle, b->dt_phandle, "msi dt phandle", i);
	EQ(c, a->status, b->status, "msi status", i);
	EQ(c, a->msi_cells, b->msi_cells, "msi cells", i);
	COMPATEQ(c, &a->compatible, &b->compatible, "msi compatible", i);
}

static void eq_dev(struct cmp *c, const struct iot_pci_dev *a, const struct iot_pci_dev *b,
		   size_t i)
{
	EQ(c, a->bus, b->bus, "pci bus", i);
	EQ(c, a->devfn, b->devfn, "pci devfn", i);
	EQ(c, a->type, b->type, "pci type", i);
	EQ(c, a->has_ids, b->has_ids, "pci ids", i);
	EQ(c, a->vendor, b->vendor, "pci vendor", i);
	EQ(c, a->device, b->device, "pci device", i);
	EQ(c, a->class_code, b->class_code, "pci class", i);
	EQ(c, a->revision, b->revision, "pci revision", i);
	EQ(c, a->subsystem_vendor, b->subsystem_vendor, "pci subsystem-vendor", i);
	EQ(c, a->subsystem_device, b->subsystem_device, "pci subsystem-device", i);
	EQ(c, a->multifunction, b->multifunction, "pci multifunction", i);
	EQ(c, a->has_acs, b->has_acs, "pci acs", i);
	EQ(c, a->acs_cap, b->acs_cap, "pci acs", i);
	EQ(c, a->acs_ctrl_set, b->acs_ctrl_set, "pci acs-ctrl", i);
	EQ(c, a->acs_ctrl, b->acs_ctrl, "pci acs-ctrl", i);
	EQ(c, a->secondary, b->secondary, "pci secondary", i);
	EQ(c, a->subordinate, b->subordinate, "pci subordinate", i);
	EQ(c, a->sriov_total_vfs, b->sriov_total_vfs, "pci sriov", i);
	EQ(c, a->sriov_num_vfs, b->sriov_num_vfs, "pci sriov", i);
	EQ(c, a->sriov_offset, b->sriov_offset, "pci sriov", i);
	EQ(c, a->sriov_stride, b->sriov_stride, "pci sriov", i);
	EQ(c, a->is_vf, b->is_vf, "pci vf", i);
	STREQ(c, a->driver, b->driver, "pci driver", i);
	EQ(c, a->driver_known, b->driver_known, "pci driver", i);
	EQ(c, a->external_facing, b->external_facing, "pci external-facing", i);
	EQ(c, a->parent, b->parent, "pci parent", i);
}

static void eq_root(struct cmp *c, const struct iot_pci_root *a, const struct iot_pci_root *b,
		    size_t i)
{
	STREQ(c, a->name, b->name, "root name", i);
	EQ(c, a->segment, b->segment, "root segment", i);
	EQ(c, a->bus_start, b->bus_start, "root buses", i);
	EQ(c, a->bus_end, b->bus_end, "root buses", i);
	EQ(c, a->ecam, b->ecam, "root ecam", i);
	EQ(c, a->ats, b->ats, "root ats", i);
	EQ(c, a->pri, b->pri, "root pri", i);
	EQ(c, a->pasid_fwd, b->pasid_fwd, "root pasid-fwd", i);
	EQ(c, a->pasid, b->pasid, "root pasid", i);
	EQ(c, a->pasid_bits, b->pasid_bits, "root pasid-bits", i);
	EQ(c, a->preserve_config, b->preserve_config, "root preserve-config", i);
	eq_mem(c, &a->mem, &b->mem, "root memory", i);
	EQ(c, a->has_identifier, b->has_identifier, "root identifier", i);
	EQ(c, a->identifier, b->identifier, "root identifier", i);
	eq_map(c, &a->iommu_map, &b->iommu_map, "root iommu-map", i);
	eq_map(c, &a->msi_map, &b->msi_map, "root msi-map", i);
	STREQ(c, a->dt_path, b->dt_path, "root dt path", i);
	STREQ(c, a->dt_label, b->dt_label, "root dt label", i);
	STREQ(c, a->acpi_path, b->acpi_path, "root acpi path", i);
	EQ(c, a->status, b->status, "root status", i);
	EQ(c, a->dt_fsl_mc, b->dt_fsl_mc, "root fsl-mc", i);
	EQ(c, a->dt_msi_parent, b->dt_msi_parent, "root msi-parent", i);
	EQ(c, a->dt_msi_parent_has_arg, b->dt_msi_parent_has_arg, "root msi-parent", i);
	EQ(c, a->dt_msi_parent_arg, b->dt_msi_parent_arg, "root msi-parent", i);
	COMPATEQ(c, &a->compatible, &b->compatible, "root compatible", i);
	if (a->n_devs != b->n_devs) {
		note(c, "root device count", i);
		return;
	}
	for (size_t k = 0; k < a->n_devs; k++)
		eq_dev(c, &a->devs[k], &b->devs[k], k);
}

static void eq_platdev(struct cmp *c, const struct iot_platdev *a, const struct iot_platdev *b,
		       size_t i)
{
	STREQ(c, a->name, b->name, "device name", i);
	STREQ(c, a->dt_path, b->dt_path, "device dt path", i);
	COMPATEQ(c, &a->compatible, &b->compatible, "device compatible", i);
	STREQ(c, a->acpi_path, b->acpi_path, "device acpi path", i);
	if (a->n_iommus != b->n_iommus) {
		note(c, "device iommus", i);
	} else {
		for (size_t k = 0; k < a->n_iommus; k++) {
			const struct iot_dev_iommu *x = &a->iommus[k], *y = &b->iommus[k];

			if (x->iommu != y->iommu || x->n_ids != y->n_ids ||
			    x->n_cells != y->n_cells ||
			    (x->n_cells &&
			     memcmp(x->cells, y->cells, x->n_cells * sizeof(*x->cells)))) {
				note(c, "device iommus", i);
				break;
			}
			for (size_t j = 0; j < x->n_ids; j++)
				if (x->ids[j].id != y->ids[j].id ||
				    x->ids[j].mask != y->ids[j].mask ||
				    x->ids[j].has_mask != y->ids[j].has_mask)
					note(c, "device ids", i);
		}
	}
	EQ(c, a->msi_controller, b->msi_controller, "device msi controller", i);
	EQ(c, a->msi_device_id, b->msi_device_id, "device msi device-id", i);
	eq_mem(c, &a->mem, &b->mem, "device memory", i);
	EQ(c, a->nc_flags, b->nc_flags, "device flags", i);
	EQ(c, a->has_identifier, b->has_identifier, "device identifier", i);
	EQ(c, a->identifier, b->identifier, "device identifier", i);
	STREQ(c, a->driver, b->driver, "device driver", i);
	EQ(c, a->driver_known, b->driver_known, "device driver", i);
	EQ(c, a->status, b->status, "device status", i);
}

static void eq_pmcg(struct cmp *c, const struct iot_pmcg *a, const struct iot_pmcg *b, size_t i)
{
	STREQ(c, a->name, b->name, "pmcg name", i);
	EQ(c, a->page0, b->page0, "pmcg page0", i);
	EQ(c, a->page1, b->page1, "pmcg page1", i);
	EQ(c, a->gsiv, b->gsiv, "pmcg gsiv", i);
	EQ(c, a->iommu, b->iommu, "pmcg iommu", i);
	EQ(c, a->platdev, b->platdev, "pmcg device", i);
	EQ(c, a->msi_controller, b->msi_controller, "pmcg msi controller", i);
	EQ(c, a->msi_device_id, b->msi_device_id, "pmcg msi device-id", i);
	EQ(c, a->has_identifier, b->has_identifier, "pmcg identifier", i);
	EQ(c, a->identifier, b->identifier, "pmcg identifier", i);
}

static void eq_rmr(struct cmp *c, const struct iot_rmr *a, const struct iot_rmr *b, size_t i)
{
	STREQ(c, a->name, b->name, "rmr name", i);
	EQ(c, a->remap_permitted, b->remap_permitted, "rmr remap-permitted", i);
	EQ(c, a->privileged, b->privileged, "rmr privileged", i);
	EQ(c, a->access, b->access, "rmr access", i);
	if (a->n_ranges != b->n_ranges ||
	    (a->n_ranges && memcmp(a->ranges, b->ranges, a->n_ranges * sizeof(*a->ranges))))
		note(c, "rmr ranges", i);
	eq_map(c, &a->ids, &b->ids, "rmr ids", i);
	EQ(c, a->has_identifier, b->has_identifier, "rmr identifier", i);
	EQ(c, a->identifier, b->identifier, "rmr identifier", i);
}

bool iot_topology_equal(const struct iot_topology *a, const struct iot_topology *b, char *why,
			size_t why_len)
{
	struct cmp c = { why, why_len, false };
	const struct iot_machine *ma = &a->machine, *mb = &b->machine;

	if (why && why_len)
		why[0] = '\0';
	EQ(&c, a->format_version, b->format_version, "format version", 0);
	/* what the machine boots with; which reader said so is provenance */
	EQ(&c, iot_topology_boot_firmware(a), iot_topology_boot_firmware(b), "firmware", 0);
	STREQ(&c, ma->name, mb->name, "machine name", 0);
	if (ma->has_oem != mb->has_oem || strcmp(ma->oem_id, mb->oem_id) ||
	    strcmp(ma->oem_table_id, mb->oem_table_id) || ma->oem_revision != mb->oem_revision ||
	    strcmp(ma->creator_id, mb->creator_id) || ma->creator_revision != mb->creator_revision)
		note(&c, "machine OEM fields", 0);
	EQ(&c, ma->has_iort_revision, mb->has_iort_revision, "machine iort-revision", 0);
	EQ(&c, ma->iort_revision, mb->iort_revision, "machine iort-revision", 0);
	STREQ(&c, a->kernel.version, b->kernel.version, "kernel version", 0);
	STREQ(&c, a->kernel.cmdline, b->kernel.cmdline, "kernel cmdline", 0);
	if (a->n_msis != b->n_msis || a->n_iommus != b->n_iommus || a->n_roots != b->n_roots ||
	    a->n_platdevs != b->n_platdevs || a->n_pmcgs != b->n_pmcgs || a->n_rmrs != b->n_rmrs)
		return note(&c, "number of objects", 0);
	for (size_t i = 0; i < a->n_msis; i++)
		eq_msi(&c, &a->msis[i], &b->msis[i], i);
	for (size_t i = 0; i < a->n_iommus; i++)
		eq_iommu(&c, &a->iommus[i], &b->iommus[i], i);
	for (size_t i = 0; i < a->n_roots; i++)
		eq_root(&c, &a->roots[i], &b->roots[i], i);
	for (size_t i = 0; i < a->n_platdevs; i++)
		eq_platdev(&c, &a->platdevs[i], &b->platdevs[i], i);
	for (size_t i = 0; i < a->n_pmcgs; i++)
		eq_pmcg(&c, &a->pmcgs[i], &b->pmcgs[i], i);
	for (size_t i = 0; i < a->n_rmrs; i++)
		eq_rmr(&c, &a->rmrs[i], &b->rmrs[i], i);
	return !c.differ;
}
