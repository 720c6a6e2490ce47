// SPDX-License-Identifier: MIT
/*
 * Device Tree: of_iommu.c:of_iommu_configure.  A PCI function is mapped
 * through its host bridge's iommu-map for each requester ID
 * pci_for_each_dma_alias gives it (of_iommu_configure_dev_id ->
 * base.c:of_map_id), a platform device through each of its iommus
 * specifiers (of_iommu_configure_dev); every specifier goes to
 * of_iommu_xlate: iommu_fwspec_init, then the driver's of_xlate.
 */
#include "sim/fw.h"

/* of_iommu.c:of_iommu_xlate after iommu_fwspec_init: the driver turns the specifier into IDs */
static int of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n,
		    bool say)
{
	const struct sim_driver *drv = sim_drv(c, iommu);
	size_t before = c->r->devs[s].n_ids;
	int err = 0;

	/*
	 * No driver ever registers it: iommu_fwspec_init defers until the
	 * deferred-probe timeout and the driver's of_xlate never runs.
	 */
	if (!drv || c->iommus[iommu].absent)
		return 0;
	if (drv->of_xlate)
		err = drv->of_xlate(c, s, iommu, args, n);
	else if (n)
		sim_fwspec_add_ids(c, s, args, 1);
	if (err)
		return err;
	for (size_t i = before; i < c->r->devs[s].n_ids && say; i++)
		sim_why(c, s, "iommus entry -> %s ID 0x%x", sim_iommu_name(c, iommu),
			sim_ids(c, s)[i]);
	return 0;
}

struct map_walk {
	int err;
};

static int map_alias_cb(struct sim_ctx *c, int p, uint16_t rid, void *arg)
{
	struct map_walk *w = arg;
	int s = c->subject;
	const struct iot_pci_root *root = &c->t->roots[c->r->devs[s].root];
	struct iot_map_result res;
	uint32_t args[4];
	unsigned int n = 1;

	(void)p;
	iot_of_map_id(&root->iommu_map, rid, &res);
	switch (res.status) {
	case IOT_MAP_EFAULT:
		sim_why(c, s, "iommu-map row %zu has id-base bits outside iommu-map-mask: -EFAULT",
			res.row);
		w->err = -SIM_EFAULT;
		return 1;
	case IOT_MAP_NO_MATCH:
		sim_why(c, s, "no dt row for RID 0x%04x: bypass, -ENODEV", rid);
		w->err = -SIM_ENODEV;
		return 1;
	case IOT_MAP_OK:
		break;
	}
	if (res.target < 0 || (size_t)res.target >= c->t->n_iommus) {
		w->err = -SIM_ENODEV;
		return 1;
	}
	w->err = sim_fwspec_init(c, s, res.target);
	if (w->err)
		return 1;
	sim_why(c, s, "RID 0x%04x -> %s ID 0x%x (dt row %zu)", rid, sim_iommu_name(c, res.target),
		res.out, res.row);
	args[0] = res.out;
	if (root->iommu_map.dt_wide) {
		/* rows of 3 + #iommu-cells cells: the whole specifier goes to of_xlate */
		const struct iot_map_row *row = &root->iommu_map.rows[res.row];

		n = c->t->iommus[res.target].iommu_cells;
		if (n > 4)
			n = 4;
		for (unsigned int i = 1; i < n; i++)
			args[i] = row->out_tail[i - 1];
	}
	w->err = of_xlate(c, s, res.target, args, n, false);
	return w->err != 0;
}

int sim_of_pci_configure(struct sim_ctx *c, int s)
{
	struct map_walk w = { .err = 0 };

	sim_pci_for_each_dma_alias(c, s, map_alias_cb, &w);
	if (w.err)
		sim_fwspec_free(c, s); /* of_iommu_configure frees the fwspec on error */
	return w.err;
}

/* One "iommus" specifier: iommu_fwspec_init, then of_xlate. */
static int one_spec(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	int err = sim_fwspec_init(c, s, iommu);

	if (!err && !n)
		sim_why(c, s, "iommus entry -> %s (no ID cells)", sim_iommu_name(c, iommu));
	return err ? err : of_xlate(c, s, iommu, args, n, true);
}

static int platform_entry(struct sim_ctx *c, int s, const struct iot_dev_iommu *di)
{
	unsigned int cells = c->t->iommus[di->iommu].iommu_cells;
	int err = 0;

	if (di->n_cells && cells) {
		/* 3 or more cells per specifier, kept raw */
		for (size_t j = 0; j + cells <= di->n_cells && !err; j += cells)
			err = one_spec(c, s, di->iommu, di->cells + j, cells);
		return err;
	}
	if (!di->n_ids)
		return one_spec(c, s, di->iommu, NULL, 0); /* #iommu-cells = <0> */
	for (size_t j = 0; j < di->n_ids && !err; j++) {
		uint32_t args[2] = { di->ids[j].id, di->ids[j].mask };

		err = one_spec(c, s, di->iommu, args, di->ids[j].has_mask ? 2 : 1);
	}
	return err;
}

int sim_of_platform_configure(struct sim_ctx *c, int s)
{
	return sim_platform_walk(c, s, platform_entry);
}
