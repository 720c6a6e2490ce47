// SPDX-License-Identifier: MIT
/*
 * The topology as a device tree: IOMMU and ITS nodes, the IOMMU properties
 * of PCI host bridges and platform devices, and (marked "board") the minimal
 * rest a standalone tree needs to be valid.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt.h"
#include "dt/dt_build.h"
#include "lint/rule_ids.h"
#include "lint/xlat.h"
#include "util/mem.h"

/*
 * Board addresses the topology does not describe, for the standalone tree
 * only: QEMU virt's GICv3 layout and one 64 GiB 64-bit memory window per
 * host bridge above 512 GiB (hw/arm/virt.c memmap).
 */
#define GIC_DIST_BASE 0x08000000ull
#define GIC_DIST_SIZE 0x10000ull
#define GIC_REDIST_BASE 0x080a0000ull
#define GIC_REDIST_SIZE 0xf60000ull
#define ITS_BASE 0x08080000ull
#define ITS_SIZE 0x20000ull
#define ECAM_BASE 0x4010000000ull
#define ECAM_ALIGN 0x10000000ull
#define PCI_WINDOW_BASE 0x8000000000ull
#define PCI_WINDOW_SIZE 0x1000000000ull
#define PLATDEV_REG_SIZE 0x1000u

#define GIC_SPI 0
#define GIC_PPI 1
#define IRQ_EDGE_RISING 1
#define IRQ_LEVEL_HIGH 4

void dt_index_free(struct dt_index *ix)
{
	free(ix->iommu);
	free(ix->msi);
	free(ix->root);
	free(ix->platdev);
	free(ix->its_base);
	free(ix->ecam);
	free(ix->window);
	memset(ix, 0, sizeof(*ix));
}

unsigned int dt_iommu_cells(const struct iot_iommu *u)
{
	if (iot_iommu_is_smmuv2_family(u->model))
		return u->iommu_cells;
	switch (u->model) {
	case IOT_IOMMU_SMMUV3: /* arm-smmu-v3.c:arm_smmu_of_xlate: StreamID */
	case IOT_IOMMU_VIRTIO_PCI: /* virtio-iommu.c:viommu_of_xlate: endpoint ID */
	case IOT_IOMMU_VIRTIO_MMIO:
		return 1;
	case IOT_IOMMU_OTHER: /* as read: the driver's of_xlate says what they mean */
		return u->iommu_cells;
	default:
		return 0;
	}
}

static const char *const *iommu_compatible(enum iot_iommu_model m)
{
	static const char *const v3[] = { "arm,smmu-v3", NULL };
	static const char *const v2[] = { "arm,smmu-v2", NULL };
	static const char *const m500[] = { "arm,mmu-500", "arm,smmu-v2", NULL };
	static const char *const v1[] = { "arm,smmu-v1", NULL };
	static const char *const m400[] = { "arm,mmu-400", "arm,smmu-v1", NULL };
	static const char *const m401[] = { "arm,mmu-401", "arm,smmu-v1", NULL };
	static const char *const cav[] = { "cavium,smmu-v2", NULL };
	static const char *const vpci[] = { "virtio,pci-iommu", "pci1af4,1057", NULL };
	static const char *const vmmio[] = { "virtio,mmio", NULL };

	switch (m) {
	case IOT_IOMMU_SMMUV3:
		return v3;
	case IOT_IOMMU_SMMUV2:
		return v2;
	case IOT_IOMMU_MMU500:
		return m500;
	case IOT_IOMMU_SMMUV1:
		return v1;
	case IOT_IOMMU_MMU400:
		return m400;
	case IOT_IOMMU_MMU401:
		return m401;
	case IOT_IOMMU_CAVIUM_SMMUV2:
		return cav;
	case IOT_IOMMU_VIRTIO_PCI:
		return vpci;
	case IOT_IOMMU_VIRTIO_MMIO:
		return vmmio;
	default:
		return NULL;
	}
}

static uint64_t iommu_reg_size(const struct iot_iommu *u)
{
	if (u->size)
		return u->size;
	if (u->model == IOT_IOMMU_SMMUV3)
		return u->impl == 2 ? 0x10000 : 0x20000; /* CN99xx has no page 1 */
	if (u->model == IOT_IOMMU_VIRTIO_MMIO)
		return 0x200;
	return 0x10000;
}

/* Each DT node describes one model object. */
static int claim(struct dtree *tr, int n, const char *what, const char *name, struct iot_diags *d,
		 const struct iot_loc *loc)
{
	if (tr->nodes[n].claimed) {
		iot_error(d, loc, "%s %s: DT node %s already describes another object", what, name,
			  tr->nodes[n].path);
		return -1;
	}
	tr->nodes[n].claimed = true;
	return 0;
}

/* A label for an IOMMU/ITS node the topology did not label: its model name. */
static void name_label(struct dtree *tr, int n, const char *name)
{
	char *l;

	if (tr->nodes[n].label || !name)
		return;
	l = iot_strdup(name);
	for (char *p = l; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			*p = '_';
	if (l[0] >= '0' && l[0] <= '9') {
		char *x = iot_asprintf("n%s", l);

		free(l);
		l = x;
	}
	tr->nodes[n].label = l;
	tr->nodes[n].label_made = true;
}

/* Node @path (or @dflt_parent/@dflt_name), with @label. */
static int place_node(struct dtree *tr, const char *path, const char *dflt, const char *label)
{
	int n = dtree_get(tr, path ? path : dflt);

	if (label && !tr->nodes[n].label)
		tr->nodes[n].label = iot_strdup(label);
	return n;
}

static void reg_prop(struct dtree *tr, int n, uint64_t base, uint64_t size, bool board)
{
	struct dtp *p = dtree_prop(tr, n, "reg", DTP_CELLS);

	dtp_u64(p, base);
	dtp_u64(p, size);
	p->board = board;
}

static void strings_prop(struct dtree *tr, int n, const char *name, const char *const *v,
			 bool board)
{
	struct dtp *p = dtree_prop(tr, n, name, DTP_STRINGS);

	for (; *v; v++)
		dtp_string(p, *v);
	p->board = board;
}

/* compatible: the list the object was read with, else @dflt (NULL-terminated). */
static void compat_prop(struct dtree *tr, int n, const struct iot_compat *c,
			const char *const *dflt, bool board)
{
	struct dtp *p;

	if (!c->n) {
		strings_prop(tr, n, "compatible", dflt, board);
		return;
	}
	p = dtree_prop(tr, n, "compatible", DTP_STRINGS);
	for (size_t i = 0; i < c->n; i++)
		dtp_string(p, c->v[i]);
	p->board = board;
}

/* #interrupt-cells of the GIC the writer gives: the board's (3 or 4). */
static unsigned int gic_cells(const struct iot_topology *t)
{
	return t->machine.has_dt_gic_cells && t->machine.dt_gic_cells == 4 ? 4 : 3;
}

/*
 * GIC interrupt specifier for a GSIV (bindings/interrupt-controller/arm,gic-v3.yaml):
 * <type number flags>, and with 4 cells the PPI partition (0: none, as for an SPI).
 */
static void gic_irq(struct dtp *p, uint32_t gsiv, bool edge)
{
	if (gsiv >= 32) {
		dtp_cell(p, GIC_SPI);
		dtp_cell(p, gsiv - 32);
	} else {
		dtp_cell(p, GIC_PPI);
		dtp_cell(p, gsiv >= 16 ? gsiv - 16 : gsiv);
	}
	dtp_cell(p, edge ? IRQ_EDGE_RISING : IRQ_LEVEL_HIGH);
	if (p->group == 4)
		dtp_cell(p, 0);
}

static void smmuv3_irqs(struct dtree *tr, int n, const struct iot_iommu *u, unsigned int cells)
{
	/* bindings/iommu/arm,smmu-v3.yaml: "combined", or names in this order */
	const char *names[4] = { "eventq", "gerror", "priq", "cmdq-sync" };
	uint32_t gsiv[4] = { u->irq_event, u->irq_gerror, u->irq_pri, u->irq_sync };
	bool combined = gsiv[0] && gsiv[0] == gsiv[1] && gsiv[0] == gsiv[2] && gsiv[0] == gsiv[3];
	int given[4], n_given = 0;
	struct dtp *p;

	for (int i = 0; i < (combined ? 1 : 4); i++)
		if (gsiv[i])
			given[n_given++] = i;
	if (!n_given)
		return;
	/* one property filled at a time: adding another may move the node's array */
	p = dtree_prop(tr, n, "interrupts", DTP_CELLS);
	p->group = cells;
	for (int k = 0; k < n_given; k++)
		gic_irq(p, gsiv[given[k]], true);
	p = dtree_prop(tr, n, "interrupt-names", DTP_STRINGS);
	for (int k = 0; k < n_given; k++)
		dtp_string(p, combined ? "combined" : names[given[k]]);
}

static void smmuv2_irqs(struct dtree *tr, int n, const struct iot_iommu *u, unsigned int cells)
{
	uint32_t nglobal = 0;
	struct dtp *p;

	/* bindings/iommu/arm,smmu.yaml: global interrupts first, then one per context bank */
	if (u->irq_global.gsiv)
		nglobal++;
	if (u->irq_global_cfg.gsiv)
		nglobal++;
	dtree_u32(tr, n, "#global-interrupts", nglobal, false);
	if (!nglobal && !u->n_irq_context)
		return;
	p = dtree_prop(tr, n, "interrupts", DTP_CELLS);
	p->group = cells;
	if (u->irq_global.gsiv)
		gic_irq(p, u->irq_global.gsiv, u->irq_global.edge);
	if (u->irq_global_cfg.gsiv)
		gic_irq(p, u->irq_global_cfg.gsiv, u->irq_global_cfg.edge);
	for (size_t i = 0; i < u->n_irq_context; i++)
		gic_irq(p, u->irq_context[i].gsiv, u->irq_context[i].edge);
}

/* #msi-cells of an MSI controller as the DT writer gives it. */
static unsigned int msi_cells(const struct iot_msi *m)
{
	return m->type == IOT_MSI_GICV3_ITS ? 1 : m->msi_cells;
}

/* msi-parent entries after the first, as read: <&ctrl cells...>, ... */
static void msi_parent_more(struct dtp *p, const struct dt_index *ix,
			    const struct iot_msi_specs *more)
{
	for (size_t i = 0; i < more->n; i++) {
		dtp_ref(p, ix->msi[more->v[i].msi]);
		for (unsigned int k = 0; k < more->v[i].n_cells; k++)
			dtp_cell(p, more->v[i].cells[k]);
	}
}

/* msi-parent = <&ctrl device-id>, or <&ctrl> for a controller with #msi-cells = <0>. */
static void msi_parent(const struct iot_topology *t, struct dtree *tr, int n,
		       const struct dt_index *ix, int msi, uint32_t devid,
		       const struct iot_msi_specs *more)
{
	struct dtp *p = dtree_prop(tr, n, "msi-parent", DTP_CELLS);

	dtp_ref(p, ix->msi[msi]);
	for (unsigned int k = 0; k < msi_cells(&t->msis[msi]); k++)
		dtp_cell(p, k ? 0 : devid);
	msi_parent_more(p, ix, more);
}

static int iommu_node(const struct iot_topology *t, size_t i, struct dtree *tr, struct dt_index *ix,
		      struct iot_diags *d)
{
	const struct iot_iommu *u = &t->iommus[i];
	const char *const *compat = iommu_compatible(u->model);
	unsigned int cells = dt_iommu_cells(u);
	char *dflt;
	int n;

	if (!compat && !(u->model == IOT_IOMMU_OTHER && u->compatible.n)) {
		iot_error(d, &u->loc, "iommu %s: model %s has no Device Tree binding%s", u->name,
			  iot_iommu_model_name(u->model),
			  u->model == IOT_IOMMU_OTHER ? " without a dt compatible" : "");
		return -1;
	}
	if (u->model != IOT_IOMMU_OTHER && cells != 1 && cells != 2) {
		iot_error(d, &u->loc, "iommu %s: #iommu-cells = %u; arm,smmu takes 1 or 2", u->name,
			  cells);
		return -1;
	}
	if (u->has_stream_match_mask && cells != 1) {
		/* arm-smmu.c:arm_smmu_of_xlate ignores it when the specifier has a mask */
		iot_error(d, &u->loc, "iommu %s: stream-match-mask needs #iommu-cells = <1>",
			  u->name);
		return -1;
	}
	if (u->model == IOT_IOMMU_VIRTIO_PCI) {
		int root = IOT_NONE;
		uint8_t dev = (u->pci_bdf >> 3) & 0x1f, fn = u->pci_bdf & 7;

		for (size_t r = 0; r < t->n_roots && root == IOT_NONE; r++)
			if (t->roots[r].segment == u->pci_segment && !t->roots[r].dt_fsl_mc)
				root = (int)r;
		if (root == IOT_NONE) {
			iot_error(d, &u->loc, "iommu %s: no PCI root of segment %u to hold it",
				  u->name, u->pci_segment);
			return -1;
		}
		/* dtc checks.c pci_device_reg: unit address "dev" or "dev,fn" */
		dflt = fn ? iot_asprintf("iommu@%x,%x", dev, fn) : iot_asprintf("iommu@%x", dev);
		n = dtree_child(tr, ix->root[root], dflt);
		free(dflt);
		if (u->dt_label && !tr->nodes[n].label)
			tr->nodes[n].label = iot_strdup(u->dt_label);
		if (claim(tr, n, "iommu", u->name, d, &u->loc) < 0)
			return -1;
		tr->nodes[n].complete = true;
		compat_prop(tr, n, &u->compatible, compat, false);
		{
			struct dtp *p = dtree_prop(tr, n, "reg", DTP_CELLS);

			dtp_cell(p, (uint32_t)u->pci_bdf << 8); /* phys.hi: bus, dev, fn */
			for (int k = 0; k < 4; k++)
				dtp_cell(p, 0);
		}
	} else {
		dflt = iot_asprintf("/iommu@%llx", (unsigned long long)u->base);
		n = place_node(tr, u->dt_path, dflt, u->dt_label);
		free(dflt);
		tr->nodes[n].path_made = !u->dt_path;
		if (claim(tr, n, "iommu", u->name, d, &u->loc) < 0)
			return -1;
		tr->nodes[n].complete = true;
		compat_prop(tr, n, &u->compatible, compat, false);
		if (u->model != IOT_IOMMU_OTHER || u->size)
			reg_prop(tr, n, u->base, iommu_reg_size(u), false);
		if (u->model == IOT_IOMMU_SMMUV3)
			smmuv3_irqs(tr, n, u, gic_cells(t));
		else if (iot_iommu_is_smmuv2_family(u->model))
			smmuv2_irqs(tr, n, u, gic_cells(t));
		if (u->model == IOT_IOMMU_SMMUV3 && u->impl == 1)
			dtree_flag(tr, n, "hisilicon,broken-prefetch-cmd", false);
		if (u->model == IOT_IOMMU_SMMUV3 && u->impl == 2)
			dtree_flag(tr, n, "cavium,cn9900-broken-page1-regspace", false);
	}
	name_label(tr, n, u->name);
	tr->nodes[n].phandle = u->dt_phandle;
	if (u->has_stream_match_mask)
		dtree_u32(tr, n, "stream-match-mask", u->stream_match_mask, false);
	if (u->coherent)
		dtree_flag(tr, n, "dma-coherent", false);
	if (u->msi_controller != IOT_NONE)
		msi_parent(t, tr, n, ix, u->msi_controller, u->msi_device_id,
			   &u->dt_msi_parent_more);
	if (u->status == IOT_STATUS_DISABLED)
		dtree_str(tr, n, "status", "disabled", false);
	dtree_u32(tr, n, "#iommu-cells", cells, false);
	ix->iommu[i] = n;
	return 0;
}

/* Parent of @path as a new string ("/" for top-level nodes). */
static char *parent_path(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s != path ? iot_strndup(path, (size_t)(s - path)) : iot_strdup("/");
}

/*
 * An MSI controller that is no ITS (a GICv2m frame...): a board node the
 * topology only refers to, so its properties are the standalone tree's.  It
 * may be a host bridge's own node (xlnx,nwl-pcie), so it claims nothing.
 */
static int other_msi_node(const struct iot_topology *t, size_t i, struct dtree *tr,
			  struct dt_index *ix, struct iot_diags *d)
{
	const struct iot_msi *m = &t->msis[i];
	char *dflt = iot_asprintf("/msi-controller@%llx", (unsigned long long)m->base);
	int c = place_node(tr, m->dt_path, dflt, m->dt_label);

	free(dflt);
	if (!m->compatible.n) {
		iot_error(d, &m->loc, "msi-controller %s: type other needs a dt compatible",
			  m->name);
		return -1;
	}
	name_label(tr, c, m->name);
	tr->nodes[c].phandle = m->dt_phandle;
	compat_prop(tr, c, &m->compatible, NULL, true);
	if (m->base)
		reg_prop(tr, c, m->base, 0x1000, true);
	dtree_flag(tr, c, "msi-controller", true);
	if (m->msi_cells)
		dtree_u32(tr, c, "#msi-cells", m->msi_cells, true);
	if (m->status == IOT_STATUS_DISABLED)
		dtree_str(tr, c, "status", "disabled", true);
	ix->msi[i] = c;
	return 0;
}

static int build_gic(const struct iot_topology *t, struct dtree *tr, struct dt_index *ix,
		     struct iot_diags *d)
{
	char *gic = NULL;
	int n;

	for (size_t i = 0; i < t->n_msis && !gic; i++)
		if (t->msis[i].dt_path && t->msis[i].type == IOT_MSI_GICV3_ITS)
			gic = parent_path(t->msis[i].dt_path);
	if (!gic || !strcmp(gic, "/")) {
		free(gic);
		gic = iot_asprintf("/intc@%llx", (unsigned long long)ix->gicd);
	}
	n = dtree_get(tr, gic);
	free(gic);
	ix->gic = n;
	tr->nodes[n].claimed = true;
	strings_prop(tr, n, "compatible", (const char *const[]){ "arm,gic-v3", NULL }, true);
	dtree_u32(tr, n, "#interrupt-cells", gic_cells(t), true);
	dtree_flag(tr, n, "interrupt-controller", true);
	dtree_u32(tr, n, "#address-cells", 2, true);
	dtree_u32(tr, n, "#size-cells", 2, true);
	dtree_flag(tr, n, "ranges", true);
	{
		struct dtp *p = dtree_prop(tr, n, "reg", DTP_CELLS);

		p->board = true;
		p->group = 4;
		dtp_u64(p, ix->gicd);
		dtp_u64(p, GIC_DIST_SIZE);
		dtp_u64(p, ix->gicr);
		dtp_u64(p, GIC_REDIST_SIZE);
	}
	for (size_t i = 0; i < t->n_msis; i++) {
		const struct iot_msi *m = &t->msis[i];
		char *name;
		int c;

		if (m->type != IOT_MSI_GICV3_ITS) {
			if (other_msi_node(t, i, tr, ix, d) < 0)
				return -1;
			continue;
		}
		name = iot_asprintf("msi-controller@%llx", (unsigned long long)ix->its_base[i]);

		if (m->dt_path) {
			c = dtree_get(tr, m->dt_path);
		} else {
			c = dtree_child(tr, ix->gic, name);
			tr->nodes[c].path_made = true;
		}
		free(name);
		if (claim(tr, c, "msi-controller", m->name, d, &m->loc) < 0)
			return -1;
		if (m->dt_label && !tr->nodes[c].label)
			tr->nodes[c].label = iot_strdup(m->dt_label);
		tr->nodes[c].complete = true;
		name_label(tr, c, m->name);
		tr->nodes[c].phandle = m->dt_phandle;
		compat_prop(tr, c, &m->compatible, (const char *const[]){ "arm,gic-v3-its", NULL },
			    false);
		reg_prop(tr, c, ix->its_base[i], ITS_SIZE, false);
		dtree_flag(tr, c, "msi-controller", false);
		dtree_u32(tr, c, "#msi-cells", 1, false);
		if (m->status == IOT_STATUS_DISABLED)
			dtree_str(tr, c, "status", "disabled", false);
		ix->msi[i] = c;
	}
	return 0;
}

/* A row a DT map can hold; length 0 is a bootloader placeholder, kept as read. */
static bool row_fits(const struct iot_map_row *r)
{
	return r->count <= 0xffffffffull && (uint64_t)r->in_base + r->count <= 0x100000000ull;
}

/* Source form: one <...> per row while every row of the property has @width cells. */
static void row_group(struct dtp *p, size_t i, unsigned int width)
{
	if (!i)
		p->group = width;
	else if (p->group != width) /* mixed widths: 0 from here on */
		p->group = 0;
}

/*
 * One row of 3 + @cells cells (the 2026 of_map_id form, dt_wide) or the
 * classic 4 (@cells = 1): <in &target spec... length>.
 */
static void map_row(struct dtp *p, const struct iot_map_row *r, int node, unsigned int cells)
{
	dtp_cell(p, r->in_base);
	dtp_ref(p, node);
	if (cells)
		dtp_cell(p, r->out_base);
	for (unsigned int k = 1; k < cells; k++)
		dtp_cell(p, k <= IOT_ARRAY_SIZE(r->out_tail) ? r->out_tail[k - 1] : 0);
	dtp_cell(p, (uint32_t)r->count);
}

/*
 * iommu-map: base.c:of_map_id reads 4-cell rows; the 2026 rework reads
 * 3 + #iommu-cells(target) cells per row but treats a map whose first row
 * targets a 2-cell IOMMU as 1-cell when every row has that phandle and
 * length 1.  So a 2-cell target is only expressible in that form.
 */
static int iommu_map_prop(const struct iot_topology *t, const char *owner,
			  const struct iot_idmap *m, struct dtree *tr, int n,
			  const struct dt_index *ix, struct iot_diags *d)
{
	bool two_cell = false;
	struct dtp *p;
	int errs = 0;

	for (size_t i = 0; i < m->n && !m->dt_wide; i++)
		if (dt_iommu_cells(&t->iommus[m->rows[i].target]) == 2)
			two_cell = true;
	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *row = &m->rows[i];
		const struct iot_iommu *u = &t->iommus[row->target];

		if (m->dt_wide && dt_iommu_cells(u) > 4) {
			iot_error(d, &row->loc,
				  "%s: iommu-map row %zu: %s has #iommu-cells = <%u>; "
				  "map rows take at most 4",
				  owner, i, u->name, dt_iommu_cells(u));
			errs++;
		} else if (row->single || !row_fits(row)) {
			iot_error(d, &row->loc,
				  "%s: iommu-map row %zu (%s) cannot be "
				  "written as a DT iommu-map row",
				  owner, i,
				  row->single ? "a single mapping" : "range beyond 32 bits");
			errs++;
		} else if (two_cell && (row->count != 1 || row->target != m->rows[0].target)) {
			iot_error(d, &row->loc,
				  "%s: iommu-map row %zu: %s has "
				  "#iommu-cells = <2>; kernels before and after the 2026 "
				  "\"of: Respect #{iommu,msi}-cells in maps\" change only agree on "
				  "1-cell rows of length 1 all to that one IOMMU (use "
				  "iommu-cells: 1 on %s, or single-ID rows)",
				  owner, i, u->name, u->name);
			errs++;
		}
	}
	if (errs)
		return -1;
	p = dtree_prop(tr, n, "iommu-map", DTP_CELLS);
	for (size_t i = 0; i < m->n; i++) {
		unsigned int cells = m->dt_wide ? dt_iommu_cells(&t->iommus[m->rows[i].target]) : 1;

		map_row(p, &m->rows[i], ix->iommu[m->rows[i].target], cells);
		row_group(p, i, cells + 3);
	}
	if (m->has_mask)
		dtree_u32(tr, n, "iommu-map-mask", m->mask, false);
	return 0;
}

static void add_msi_row(struct dtp *p, const struct dt_index *ix, uint32_t in, uint64_t count,
			int msi, uint32_t out)
{
	dtp_cell(p, in);
	dtp_ref(p, ix->msi[msi]);
	dtp_cell(p, out);
	dtp_cell(p, (uint32_t)count);
}

/*
 * No explicit msi-map: when every RID the root sends to an IOMMU goes on to
 * an ITS through that IOMMU's ID mappings (IORT RC -> SMMU -> ITS), the DT
 * form is the composition, RID -> DeviceID: of_msi_map_id maps the RID
 * through the host bridge's msi-map alone, so its rows must give the
 * DeviceIDs the ITS sees after the SMMU's own ID mappings
 * (iort.c:iort_msi_map_id walks RC -> SMMU -> ITS).
 */
static bool derive_msi_map(const struct iot_topology *t, const struct iot_pci_root *r,
			   struct dtp *p, const struct dt_index *ix)
{
	const struct iot_idmap *m = &r->iommu_map;
	size_t n0 = p->n;

	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *a = &m->rows[i];
		const struct iot_idmap *sm = &t->iommus[a->target].msi_map;
		uint64_t a_lo = a->out_base, a_hi = a_lo + a->count;
		bool any = false;

		for (size_t j = 0; j < sm->n; j++) {
			const struct iot_map_row *b = &sm->rows[j];
			uint64_t lo = b->in_base > a_lo ? b->in_base : a_lo;
			uint64_t hi = b->in_base + b->count < a_hi ? b->in_base + b->count : a_hi;

			if (b->single || lo >= hi)
				continue;
			add_msi_row(p, ix, (uint32_t)(a->in_base + (lo - a_lo)), hi - lo, b->target,
				    (uint32_t)(b->out_base + (lo - b->in_base)));
			any = true;
		}
		if (!any) {
			p->n = n0;
			return false;
		}
	}
	return p->n > n0;
}

/* msi-map rows as the map holds them (plus msi-map-mask); none: no property. */
static int msi_rows_prop(const struct iot_topology *t, const char *owner, const struct iot_idmap *m,
			 struct dtree *tr, int n, const struct dt_index *ix, struct iot_diags *d)
{
	struct dtp *p;

	for (size_t i = 0; i < m->n; i++) {
		if (m->rows[i].single || !row_fits(&m->rows[i]) ||
		    (m->dt_wide && msi_cells(&t->msis[m->rows[i].target]) > 4)) {
			iot_error(d, &m->rows[i].loc,
				  "%s: msi-map row %zu cannot be "
				  "written as a DT msi-map row",
				  owner, i);
			return -1;
		}
	}
	if (!m->n)
		return 0;
	p = dtree_prop(tr, n, "msi-map", DTP_CELLS);
	for (size_t i = 0; i < m->n; i++) {
		unsigned int cells = m->dt_wide ? msi_cells(&t->msis[m->rows[i].target]) : 1;

		map_row(p, &m->rows[i], ix->msi[m->rows[i].target], cells);
		row_group(p, i, cells + 3);
	}
	if (m->has_mask)
		dtree_u32(tr, n, "msi-map-mask", m->mask, false);
	return 0;
}

static int msi_map_prop(const struct iot_topology *t, const struct iot_pci_root *r,
			struct dtree *tr, int n, const struct dt_index *ix, bool derive,
			struct iot_diags *d)
{
	const struct iot_idmap *m = &r->msi_map;
	char *owner;
	struct dtp *p;
	int rc;

	/* msi-parent = <&ctrl>: without msi-map the controller sees the RID (of_msi_map_id) */
	if (r->dt_msi_parent_msi != IOT_NONE) {
		p = dtree_prop(tr, n, "msi-parent", DTP_CELLS);
		dtp_ref(p, ix->msi[r->dt_msi_parent_msi]);
		if (r->dt_msi_parent_has_arg)
			dtp_cell(p, r->dt_msi_parent_arg);
		msi_parent_more(p, ix, &r->dt_msi_parent_more);
		if (iot_root_msi_map_implied(r))
			return 0;
	}
	if (m->n) {
		owner = iot_asprintf("pci root %s", r->name);
		rc = msi_rows_prop(t, owner, m, tr, n, ix, d);
		free(owner);
		return rc;
	}
	p = dtree_prop(tr, n, "msi-map", DTP_CELLS);
	p->group = 4; /* the derived rows below are 4 cells */
	if (!derive || !derive_msi_map(t, r, p, ix)) {
		dtree_del_prop(tr, n, "msi-map"); /* nothing to say */
		return 0;
	}
	if (r->iommu_map.has_mask)
		dtree_u32(tr, n, "msi-map-mask", r->iommu_map.mask, false);
	return 0;
}

/*
 * The register window a root's reg gets: its buses' ECAM for a generic ECAM
 * host (or one the topology does not say), a page for a vendor host bridge
 * read from a DT (its reg is DBI/config space the topology does not hold).
 */
static uint64_t ecam_size(const struct iot_pci_root *r)
{
	if (r->dt_fsl_mc ||
	    (r->compatible.n && !iot_compat_has(&r->compatible, "pci-host-ecam-generic") &&
	     !iot_compat_has(&r->compatible, "pci-host-cam-generic")))
		return PLATDEV_REG_SIZE;
	return (uint64_t)(r->bus_end - r->bus_start + 1) << 20;
}

/* Address ranges taken in the standalone tree, for dt_layout. */
struct taken {
	struct {
		uint64_t base, end; /* [base, end) */
	} * v;
	size_t n, cap;
};

static void take(struct taken *tk, uint64_t base, uint64_t size)
{
	if (!size || base + size < base)
		return;
	iot_grow((void **)&tk->v, &tk->cap, tk->n + 1, sizeof(*tk->v));
	tk->v[tk->n].base = base;
	tk->v[tk->n].end = base + size;
	tk->n++;
}

/* The first @align-aligned base from @start where @size bytes overlap nothing taken; taken. */
static uint64_t place(struct taken *tk, uint64_t start, uint64_t size, uint64_t align)
{
	uint64_t b = start;
	bool moved = true;

	while (moved) {
		moved = false;
		for (size_t k = 0; k < tk->n; k++)
			if (b < tk->v[k].end && tk->v[k].base < b + size) {
				uint64_t nb = (tk->v[k].end + align - 1) / align * align;

				/*
				 * No aligned room left below 2^64 (a hostile base near
				 * the top wrapped the rounding back to a low address,
				 * and the search went round forever): keep @b.
				 */
				if (nb <= b || nb + size < nb)
					return b;
				b = nb;
				moved = true;
			}
	}
	take(tk, b, size);
	return b;
}

/*
 * The standalone tree's board addresses: what the topology gives is kept
 * and reserved first; QEMU virt's layout fills in the rest (ITS 0x8080000,
 * GICv3 distributor 0x8000000 and redistributors 0x80a0000, ECAM from
 * 0x4010000000, a 64 GiB memory window per root from 0x8000000000), moved
 * up where it would overlap an ITS, IOMMU or ECAM the topology places
 * there -- two IORT ITS groups, which carry no address, get two frames;
 * a user's ITS at 0x80a0000 keeps the redistributors off it.
 */
static void dt_layout(const struct iot_topology *t, struct dt_index *ix)
{
	struct taken tk = { 0 };

	ix->its_base = iot_xcalloc(t->n_msis + 1, sizeof(*ix->its_base));
	ix->ecam = iot_xcalloc(t->n_roots + 1, sizeof(*ix->ecam));
	ix->window = iot_xcalloc(t->n_roots + 1, sizeof(*ix->window));
	for (size_t i = 0; i < t->n_msis; i++)
		if (t->msis[i].base)
			take(&tk, t->msis[i].base,
			     t->msis[i].type == IOT_MSI_GICV3_ITS ? ITS_SIZE : 0x1000);
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].base && t->iommus[i].model != IOT_IOMMU_VIRTIO_PCI)
			take(&tk, t->iommus[i].base, iommu_reg_size(&t->iommus[i]));
	for (size_t i = 0; i < t->n_roots; i++)
		if (t->roots[i].ecam)
			take(&tk, t->roots[i].ecam, ecam_size(&t->roots[i]));
	for (size_t i = 0; i < t->n_msis; i++)
		ix->its_base[i] = t->msis[i].base ? t->msis[i].base :
						    place(&tk, ITS_BASE, ITS_SIZE, ITS_SIZE);
	for (size_t i = 0; i < t->n_roots; i++)
		ix->ecam[i] = t->roots[i].ecam ?
				      t->roots[i].ecam :
				      place(&tk, ECAM_BASE, ecam_size(&t->roots[i]), ECAM_ALIGN);
	ix->gicd = place(&tk, GIC_DIST_BASE, GIC_DIST_SIZE, GIC_DIST_SIZE);
	ix->gicr = place(&tk, GIC_REDIST_BASE, GIC_REDIST_SIZE, 0x20000);
	for (size_t i = 0; i < t->n_roots; i++)
		ix->window[i] = place(&tk, PCI_WINDOW_BASE, PCI_WINDOW_SIZE, PCI_WINDOW_SIZE);
	free(tk.v);
}

static void root_board_props(const struct iot_pci_root *r, const struct dt_index *ix, size_t i,
			     struct dtree *tr, int n)
{
	uint64_t win = ix->window[i], ecam = ix->ecam[i];
	struct dtp *p;

	/* a disabled host bridge is never probed (of_device_is_available) */
	if (r->status == IOT_STATUS_DISABLED)
		dtree_str(tr, n, "status", "disabled", true);
	if (r->dt_fsl_mc) {
		compat_prop(tr, n, &r->compatible, (const char *const[]){ "fsl,qoriq-mc", NULL },
			    true);
		reg_prop(tr, n, ecam, PLATDEV_REG_SIZE, true);
		return;
	}
	compat_prop(tr, n, &r->compatible, (const char *const[]){ "pci-host-ecam-generic", NULL },
		    true);
	dtree_str(tr, n, "device_type", "pci", true);
	dtree_u32(tr, n, "#address-cells", 3, true);
	dtree_u32(tr, n, "#size-cells", 2, true);
	p = dtree_prop(tr, n, "bus-range", DTP_CELLS);
	p->board = true;
	dtp_cell(p, r->bus_start);
	dtp_cell(p, r->bus_end);
	reg_prop(tr, n, ecam, ecam_size(r), true);
	p = dtree_prop(tr, n, "ranges", DTP_CELLS);
	p->board = true;
	dtp_cell(p, 0x03000000); /* 64-bit memory space */
	dtp_u64(p, win);
	dtp_u64(p, win);
	dtp_u64(p, PCI_WINDOW_SIZE);
	dtree_u32(tr, n, "linux,pci-domain", r->segment, true);
}

static int root_node(const struct iot_topology *t, size_t i, struct dtree *tr, struct dt_index *ix,
		     struct iot_diags *d)
{
	const struct iot_pci_root *r = &t->roots[i];
	char *dflt = r->dt_fsl_mc ? iot_asprintf("/fsl-mc@%llx", (unsigned long long)ix->ecam[i]) :
				    iot_asprintf("/pcie@%llx", (unsigned long long)ix->ecam[i]);
	int n = place_node(tr, r->dt_path, dflt, r->dt_label);

	free(dflt);
	ix->root[i] = n;
	tr->nodes[n].pci_root = true;
	if (claim(tr, n, "pci root", r->name, d, &r->loc) < 0)
		return -1;
	root_board_props(r, ix, i, tr, n);
	return 0;
}

/* Append RIDs [@first, @first + @len) -> @target @out to @m, merged with a row they continue. */
static void add_run(struct iot_idmap *m, uint32_t first, uint64_t len, int target, uint32_t out,
		    const struct iot_loc *loc)
{
	struct iot_map_row *last = m->n ? &m->rows[m->n - 1] : NULL;

	if (last && last->target == target && iot_row_last(last) + 1 == first &&
	    (uint64_t)last->out_base + last->count == out) {
		last->count += len;
		return;
	}
	iot_idmap_add(m, first, len, target, out)->loc = *loc;
}

/* Rows of length 1 covering [@first, @last] all to one target and ID -> mask 0 and one row. */
static void collapse_constant(struct iot_idmap *m, uint64_t first, uint64_t last)
{
	if (m->n < 2 || m->n != last - first + 1)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (m->rows[i].count != 1 || m->rows[i].target != m->rows[0].target ||
		    m->rows[i].out_base != m->rows[0].out_base)
			return;
	m->rows[0].in_base = 0;
	m->n = 1;
	m->has_mask = true;
	m->mask = 0;
}

/*
 * An ACPI root's maps as DT rows that give every requester ID the IOMMU,
 * stream ID, ITS and DeviceID Linux gives it from the IORT / VIOT: the IORT
 * walks an RC node's mappings with its own rules (iort.c:iort_id_map: the
 * last ID of a range is tentative, a later range starting there takes
 * over; RIDs behind an SMMU reach the ITS through the SMMU's mappings,
 * iort_msi_map_id), which of_map_id does not share.  QEMU's IORT maps
 * RIDs 0-0xb00 to the SMMU and 0xb00-0xffff straight to the ITS: in DT
 * that is iommu-map 0-0xaff, msi-map 0-0xaff through the SMMU's DeviceIDs
 * and 0xb00-0xffff direct.
 */
static void acpi_root_as_dt(const struct iot_topology *t, const struct iot_pci_root *r,
			    struct iot_idmap *im, struct iot_idmap *mm)
{
	struct iot_root_xlat x;
	uint64_t rid = iot_root_rid_first(r), last = iot_root_rid_last(r);

	memset(im, 0, sizeof(*im));
	memset(mm, 0, sizeof(*mm));
	iot_root_xlat_init(&x, t, r, IOT_FW_ACPI);
	while (rid <= last) {
		struct iot_rid_xlat o;
		uint64_t next, len;

		iot_root_xlat(&x, (uint32_t)rid, &o);
		next = iot_root_xlat_next(&x, (uint32_t)rid, &o);
		len = (next > last + 1 ? last + 1 : next) - rid;
		if (o.iommu != IOT_NONE)
			add_run(im, (uint32_t)rid, len, o.iommu, o.sid, &r->loc);
		if (o.msi != IOT_NONE && t->msis[o.msi].type == IOT_MSI_GICV3_ITS)
			add_run(mm, (uint32_t)rid, len, o.msi, o.devid, &r->loc);
		rid += len;
	}
	iot_root_xlat_free(&x);
	/*
	 * An IORT single mapping sends every RID to one ID (iort_id_map), which
	 * of_map_id only does through a mask of 0: iommu-map-mask = <0> with the
	 * one row <0 &target id 1>.
	 */
	collapse_constant(im, iot_root_rid_first(r), last);
	collapse_constant(mm, iot_root_rid_first(r), last);
}

static int root_props(const struct iot_topology *t, size_t i, struct dtree *tr,
		      const struct dt_index *ix, struct iot_diags *d)
{
	const struct iot_pci_root *acpi = &t->roots[i];
	struct iot_pci_root conv;
	const struct iot_pci_root *r = acpi;
	bool from_acpi = iot_topology_boot_firmware(t) == IOT_FW_ACPI;
	int n = ix->root[i];
	int rc = 0;

	if (from_acpi) { /* the same translations under of_map_id's rules */
		conv = *acpi;
		acpi_root_as_dt(t, acpi, &conv.iommu_map, &conv.msi_map);
		conv.dt_msi_parent_msi = IOT_NONE;
		r = &conv;
	}

	if (r->mem.coherent)
		dtree_flag(tr, n, "dma-coherent", false);
	if (r->ats) /* of_iommu.c:of_pci_check_device_ats */
		dtree_flag(tr, n, "ats-supported", false);
	if (r->mem.address_bits && r->mem.address_bits < 64 && !r->dt_fsl_mc) {
		/* IORT memory address size limit <-> the host bridge's DMA window */
		struct dtp *p = dtree_prop(tr, n, "dma-ranges", DTP_CELLS);

		dtp_cell(p, 0x02000000);
		dtp_u64(p, 0);
		dtp_u64(p, 0);
		dtp_u64(p, 1ull << r->mem.address_bits);
	}
	if (msi_map_prop(t, r, tr, n, ix, !from_acpi, d) < 0)
		rc = -1;
	if (r->iommu_map.n) {
		char *owner = iot_asprintf("pci root %s", r->name);

		if (iommu_map_prop(t, owner, &r->iommu_map, tr, n, ix, d) < 0)
			rc = -1;
		free(owner);
	}
	if (from_acpi) {
		iot_idmap_free(&conv.iommu_map);
		iot_idmap_free(&conv.msi_map);
	}
	return rc;
}

static int platdev_iommus(const struct iot_topology *t, const struct iot_platdev *pd,
			  struct dtree *tr, int n, const struct dt_index *ix, struct iot_diags *d)
{
	struct dtp *p = dtree_prop(tr, n, "iommus", DTP_CELLS);
	unsigned int group = 0;

	for (size_t i = 0; i < pd->n_iommus; i++) {
		const struct iot_dev_iommu *di = &pd->iommus[i];
		const struct iot_iommu *u = &t->iommus[di->iommu];
		unsigned int cells = dt_iommu_cells(u);

		if (cells == 0 || cells > 2) {
			/* specifiers kept as written: <&iommu> or <&iommu c0 c1 c2 ...> */
			if ((cells == 0 && (di->n_ids || di->n_cells)) ||
			    (cells > 2 && (di->n_ids || !di->n_cells || di->n_cells % cells))) {
				iot_error(d, &di->loc,
					  "platform device %s: the IDs at %s do not fit its "
					  "#iommu-cells = <%u>",
					  pd->name, u->name, cells);
				return -1;
			}
			for (size_t k = 0; k < (cells ? di->n_cells / cells : 1); k++) {
				dtp_ref(p, ix->iommu[di->iommu]);
				for (unsigned int j = 0; j < cells; j++)
					dtp_cell(p, di->cells[k * cells + j]);
				group = !group || group == cells + 1 ? cells + 1 : 0;
			}
			continue;
		}
		for (size_t k = 0; k < di->n_ids; k++) {
			if (di->ids[k].has_mask && cells != 2) {
				iot_error(d, &di->loc,
					  "platform device %s: stream ID 0x%x has an "
					  "SMR mask but %s has #iommu-cells = <%u>",
					  pd->name, di->ids[k].id, u->name, cells);
				return -1;
			}
			dtp_ref(p, ix->iommu[di->iommu]);
			dtp_cell(p, di->ids[k].id);
			if (cells == 2)
				dtp_cell(p, di->ids[k].has_mask ? di->ids[k].mask : 0);
			/* one <...> per specifier when they all have one size */
			group = !group || group == cells + 1 ? cells + 1 : 0;
		}
	}
	p->group = group;
	return 0;
}

/* The unit address of a node name as a number, if it is one hex number. */
static bool unit_address(const char *name, uint64_t *addr)
{
	const char *at = strchr(name, '@');
	uint64_t v = 0;
	char *end;
	int i, d;

	if (!at || !at[1])
		return false;
	/* the usual form, at most 16 hex digits and nothing else, without strtoull's cost */
	for (i = 1; i <= 16 && (d = iot_hexval(at[i])) >= 0; i++)
		v = v << 4 | (unsigned int)d;
	if (!at[i]) {
		*addr = v;
		return true;
	}
	*addr = strtoull(at + 1, &end, 16);
	return !*end;
}

/*
 * A DT node path for an ACPI device (an IORT named component): its namespace
 * path, lower case, one name: \_SB_.PCI0.ETH0 -> /sb-pci0-eth0.  ACPI paths
 * are unique, so are these.
 */
static char *acpi_node_path(const char *acpi)
{
	char *s = iot_xmalloc(strlen(acpi) + 2), *o = s;

	*o++ = '/';
	for (const char *p = acpi; *p; p++) {
		if (*p == '\\' || *p == '^' || *p == '_')
			continue;
		if (*p == '.') {
			if (o[-1] != '/' && o[-1] != '-')
				*o++ = '-';
			continue;
		}
		*o++ = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
	if (o[-1] == '-')
		o--;
	if (o == s + 1)
		*o++ = 'x';
	*o = '\0';
	return s;
}

/* A platform device only the standalone tree has a node for (dt_build, platdev_node). */
static bool standalone_only(const struct iot_platdev *pd)
{
	return !pd->dt_path && ((pd->acpi_path && pd->acpi_path[0]) || pd->has_mmio_base);
}

static int platdev_node(const struct iot_topology *t, size_t i, struct dtree *tr,
			struct dt_index *ix, struct iot_diags *d)
{
	const struct iot_platdev *pd = &t->platdevs[i];
	int n;
	uint64_t addr;

	char *acpi_node = NULL;
	bool host;

	if (standalone_only(pd) && ix->standalone && pd->acpi_path && pd->acpi_path[0]) {
		acpi_node = acpi_node_path(pd->acpi_path);
	} else if (standalone_only(pd) && ix->standalone) {
		/* a VIOT MMIO endpoint: the virtio-mmio transport at that address */
		acpi_node = iot_asprintf("/virtio@%llx", (unsigned long long)pd->mmio_base);
	} else if (!pd->dt_path) {
		if (!pd->n_iommus && pd->msi_controller == IOT_NONE)
			return 0;
		if (standalone_only(pd)) {
			/* the tree a board's own DT is patched with: no node to put it in */
			char *at = pd->acpi_path && pd->acpi_path[0] ?
					   acpi_node_path(pd->acpi_path) :
					   iot_asprintf("/virtio@%llx",
							(unsigned long long)pd->mmio_base);

			iot_rule_diag(d, IOT_RULE_DT_PLATDEV_NO_PATH, &pd->loc,
				      "platform device %s has no DT path; left out of the .dtsi, "
				      "--patched and --overlay outputs (the standalone DTS and DTB "
				      "have it at %s)",
				      pd->name, at);
			free(at);
		} else {
			iot_rule_diag(
				d, IOT_RULE_DT_PLATDEV_NO_PATH, &pd->loc,
				"platform device %s has no DT path, ACPI path or MMIO address; "
				"left out of every DT output",
				pd->name);
		}
		return 0;
	}
	n = place_node(tr, pd->dt_path ? pd->dt_path : acpi_node, NULL, pd->dt_label);
	free(acpi_node);
	/* a host bridge's controller, a DMA master of its own, shares the root's node */
	host = tr->nodes[n].pci_root;
	if (!host && claim(tr, n, "platform device", pd->name, d, &pd->loc) < 0)
		return -1;
	ix->platdev[i] = n;
	if (host) /* the root wrote the node's compatible, reg and status */
		;
	else if (pd->compatible.n)
		compat_prop(tr, n, &pd->compatible, NULL, true);
	else if (!pd->dt_path && !pd->acpi_path && pd->has_mmio_base)
		dtree_str(tr, n, "compatible", "virtio,mmio", true);
	if (!host && unit_address(tr->nodes[n].name, &addr))
		reg_prop(tr, n, addr, PLATDEV_REG_SIZE, true);
	if (!host && pd->status == IOT_STATUS_DISABLED)
		dtree_str(tr, n, "status", "disabled", true);
	if (pd->n_iommus && platdev_iommus(t, pd, tr, n, ix, d) < 0)
		return -1;
	if (pd->mem.coherent)
		dtree_flag(tr, n, "dma-coherent", false);
	/*
	 * IORT named component flags <-> DT: iort.c:iort_named_component_init
	 * turns them into the device properties dma-can-stall and
	 * pasid-num-bits, which arm-smmu-v3.c reads for DT devices too.
	 */
	if (pd->nc_flags & 1)
		dtree_flag(tr, n, "dma-can-stall", false);
	if ((pd->nc_flags >> 1) & 0x1f)
		dtree_u32(tr, n, "pasid-num-bits", (pd->nc_flags >> 1) & 0x1f, false);
	if (pd->msi_controller != IOT_NONE)
		msi_parent(t, tr, n, ix, pd->msi_controller, pd->msi_device_id,
			   &pd->dt_msi_parent_more);
	/* maps on a device that is no PCI host (Tegra host1x, i.MX95 PCIe endpoints) */
	if (pd->iommu_map.n || pd->msi_map.n) {
		char *owner = iot_asprintf("platform device %s", pd->name);
		int rc = 0;

		if (pd->iommu_map.n && iommu_map_prop(t, owner, &pd->iommu_map, tr, n, ix, d) < 0)
			rc = -1;
		if (msi_rows_prop(t, owner, &pd->msi_map, tr, n, ix, d) < 0)
			rc = -1;
		free(owner);
		return rc;
	}
	return 0;
}

/* Intermediate nodes we made up for paths (/soc): a simple-bus with the root's cells. */
static void fill_buses(struct dtree *tr)
{
	for (size_t i = 1; i < tr->n; i++) {
		struct dtn *n = &tr->nodes[i];
		uint64_t addr;

		if (n->n_props || !n->n_kids)
			continue;
		strings_prop(tr, (int)i, "compatible", (const char *const[]){ "simple-bus", NULL },
			     true);
		dtree_u32(tr, (int)i, "#address-cells", 2, true);
		dtree_u32(tr, (int)i, "#size-cells", 2, true);
		dtree_flag(tr, (int)i, "ranges", true);
		if (unit_address(tr->nodes[i].name, &addr))
			reg_prop(tr, (int)i, addr, PLATDEV_REG_SIZE, true);
	}
}

/* Phandles the topology fixes (dt.phandle) must be distinct and not 0xffffffff. */
static int check_phandles(const struct iot_topology *t, struct iot_diags *d)
{
	for (size_t i = 0; i < t->n_iommus + t->n_msis; i++) {
		bool is_u = i < t->n_iommus;
		uint32_t ph = is_u ? t->iommus[i].dt_phandle : t->msis[i - t->n_iommus].dt_phandle;
		const struct iot_loc *loc =
			is_u ? &t->iommus[i].loc : &t->msis[i - t->n_iommus].loc;

		if (!ph)
			continue;
		if (ph == 0xffffffff) {
			iot_error(d, loc, "DT phandle 0xffffffff is reserved");
			return -1;
		}
		for (size_t j = i + 1; j < t->n_iommus + t->n_msis; j++) {
			uint32_t o = j < t->n_iommus ? t->iommus[j].dt_phandle :
						       t->msis[j - t->n_iommus].dt_phandle;

			if (o == ph) {
				iot_error(d, loc, "DT phandle 0x%x is given to two objects", ph);
				return -1;
			}
		}
	}
	return 0;
}

int dt_build(const struct iot_topology *t, struct dtree *tr, struct dt_index *ix,
	     struct iot_diags *d)
{
	int rc = 0;
	struct dtp *p;

	ix->iommu = iot_xmalloc((t->n_iommus + 1) * sizeof(int));
	ix->msi = iot_xmalloc((t->n_msis + 1) * sizeof(int));
	ix->root = iot_xmalloc((t->n_roots + 1) * sizeof(int));
	ix->platdev = iot_xmalloc((t->n_platdevs + 1) * sizeof(int));
	for (size_t i = 0; i < t->n_iommus; i++)
		ix->iommu[i] = -1;
	for (size_t i = 0; i < t->n_platdevs; i++)
		ix->platdev[i] = -1;

	if (t->machine.n_ioapics) {
		/* I/O APICs come from an x86 MADT; the DT written here is an Arm board's */
		iot_error(d, &t->machine.ioapics[0].loc,
			  "I/O APIC %u: an x86 machine (its MADT has I/O APICs) has no Device Tree",
			  t->machine.ioapics[0].id);
		return -1;
	}
	dt_layout(t, ix);
	/* a node per object at most, and a few for the GIC and made-up buses */
	dtree_reserve(tr, tr->n + t->n_msis + t->n_iommus + t->n_roots + t->n_platdevs + 8);
	dtree_u32(tr, 0, "#address-cells", 2, true);
	dtree_u32(tr, 0, "#size-cells", 2, true);
	if (t->machine.name)
		dtree_str(tr, 0, "model", t->machine.name, true);
	if (build_gic(t, tr, ix, d) < 0)
		return -1;
	p = dtree_prop(tr, 0, "interrupt-parent", DTP_CELLS);
	p->board = true;
	dtp_ref(p, ix->gic);
	/* roots first: virtio-iommu-pci nodes are their children */
	for (size_t i = 0; i < t->n_roots; i++)
		if (root_node(t, i, tr, ix, d) < 0)
			return -1;
	for (size_t i = 0; i < t->n_iommus; i++)
		if (iommu_node(t, i, tr, ix, d) < 0)
			rc = -1;
	if (rc)
		return rc;
	for (size_t i = 0; i < t->n_roots; i++)
		if (root_props(t, i, tr, ix, d) < 0)
			rc = -1;
	for (size_t i = 0; i < t->n_platdevs; i++)
		if (platdev_node(t, i, tr, ix, d) < 0)
			rc = -1;
	fill_buses(tr);
	return rc ? rc : check_phandles(t, d);
}

static char *header_text(const struct iot_topology *t)
{
	const char *src = t->source ? strrchr(t->source, '/') : NULL;

	src = src ? src + 1 : t->source;
	return iot_asprintf("Generated by iotopo%s%s.\n * Board addresses the topology does "
			    "not give (GIC distributor and redistributors,\n * PCI memory windows, "
			    "device register sizes) follow QEMU virt's layout.",
			    src ? " from " : "", src ? src : "");
}

enum dt_out { OUT_DTB, OUT_DTS, OUT_DTSI };

static int write_tree(const struct iot_topology *t, enum dt_out kind, struct iot_buf *out,
		      struct iot_diags *d)
{
	struct dtree tr;
	struct dt_index ix = { 0 };
	char *hdr = NULL;
	int rc;

	if (iot_topology_validate(t, d))
		return -1;
	dtree_init(&tr);
	ix.standalone = kind != OUT_DTSI;
	rc = dt_build(t, &tr, &ix, d);
	if (rc)
		goto out;
	dtree_assign_phandles(&tr, 1);
	if (kind == OUT_DTB) {
		int err = dtree_to_dtb(&tr, out);

		if (err) {
			iot_error(d, NULL, "libfdt: %s", fdt_strerror(err));
			rc = -1;
		}
	} else if (kind == OUT_DTS) {
		hdr = header_text(t);
		dtree_to_dts(&tr, hdr, out);
	} else {
		hdr = iot_asprintf("IOMMU topology fragment generated by iotopo: include it after "
				   "the board's .dts.");
		dtree_to_dtsi(&tr, hdr, out);
	}
out:
	free(hdr);
	dt_index_free(&ix);
	dtree_free(&tr);
	return rc;
}

/* One tree as write_tree() builds it for @standalone; its diagnostics in @d. */
static int check_tree(const struct iot_topology *t, bool standalone, bool pack, struct iot_diags *d)
{
	struct dtree tr;
	struct dt_index ix = { .standalone = standalone };
	int rc;

	/* dt_build's diagnostics and the blob's bound: no property needs keeping */
	dtree_init_lean(&tr);
	rc = dt_build(t, &tr, &ix, d);
	if (!rc && pack && dtree_dtb_bound(&tr) > DTREE_DTB_MAX) {
		/*
		 * The bound does not settle it: the exact size needs the properties'
		 * lengths and references.  The same tree again, with them (its
		 * diagnostics are the ones just given).
		 */
		struct iot_diags again;

		dt_index_free(&ix);
		dtree_free(&tr);
		ix = (struct dt_index){ .standalone = standalone };
		dtree_init(&tr);
		tr.sizing = true; /* sized, never written */
		iot_diags_init(&again);
		rc = dt_build(t, &tr, &ix, &again);
		iot_diags_free(&again);
		if (!rc) {
			dtree_assign_phandles(&tr, 1);
			if (dtree_dtb_size(&tr) > DTREE_DTB_MAX) {
				iot_error(d, NULL, "libfdt: %s", fdt_strerror(-FDT_ERR_NOSPACE));
				rc = -1;
			}
		}
	}
	dt_index_free(&ix);
	dtree_free(&tr);
	return rc;
}

int iot_dt_check(const struct iot_topology *t, struct iot_diags *d)
{
	bool two = false;
	int rc;

	if (iot_topology_validate(t, d))
		return -1;
	/*
	 * The .dtsi's tree and the standalone one (DTS, DTB) differ only in the
	 * platform devices the standalone tree places by ACPI path or MMIO
	 * address: without those, one tree says all the three writers say.
	 */
	for (size_t i = 0; i < t->n_platdevs && !two; i++)
		two = standalone_only(&t->platdevs[i]);
	if (!two)
		return check_tree(t, true, true, d);
	rc = check_tree(t, false, false, d);
	return check_tree(t, true, true, d) < 0 ? -1 : rc;
}

int iot_dt_write_dtb(const struct iot_topology *t, struct iot_buf *out, struct iot_diags *d)
{
	return write_tree(t, OUT_DTB, out, d);
}

int iot_dt_write_dts(const struct iot_topology *t, struct iot_buf *out, struct iot_diags *d)
{
	return write_tree(t, OUT_DTS, out, d);
}

int iot_dt_write_dtsi(const struct iot_topology *t, struct iot_buf *out, struct iot_diags *d)
{
	return write_tree(t, OUT_DTSI, out, d);
}
