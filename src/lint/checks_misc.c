// SPDX-License-Identifier: MIT
/* Model rules about single objects: references, identifiers, cells, RMR, memory attributes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/checks.h"
#include "lint/xlat.h"
#include "util/mem.h"

static const char *nm(const char *s)
{
	return s ? s : "(unnamed)";
}

void iot_check_model_valid(struct iot_lint_run *run)
{
	struct iot_diags d;

	iot_diags_init(&d);
	iot_topology_validate(run->t, &d);
	for (size_t i = 0; i < d.n; i++)
		iot_lint_report(run, &d.v[i].loc, "%s", d.v[i].msg);
	iot_diags_free(&d);
}

static bool is_viot(const struct iot_topology *t, const struct iot_pci_root *r)
{
	return r->iommu_map.n && iot_lint_iommu_sem(t, &r->iommu_map, IOT_FW_ACPI) == IOT_MAP_VIOT;
}

/*
 * iort.c:iort_match_node_callback takes the first RC node whose segment
 * matches, whatever the bus range; a DT host bridge is picked by
 * linux,pci-domain and its bus-range.
 */
struct seg_ref {
	const struct iot_pci_root *r;
	size_t idx;
	bool by_bus;
};

static int cmp_seg(const void *pa, const void *pb)
{
	const struct seg_ref *x = pa, *y = pb;

	if (x->r->segment != y->r->segment)
		return x->r->segment < y->r->segment ? -1 : 1;
	if (x->by_bus && x->r->bus_start != y->r->bus_start)
		return x->r->bus_start < y->r->bus_start ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void iot_check_root_segment_unique(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;
	bool acpi = run->fw == IOT_FW_ACPI;
	struct seg_ref *v = iot_xcalloc(t->n_roots + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < t->n_roots; i++)
		/*
		 * VIOT PCI ranges of one segment are normal; an fsl-mc bus is no
		 * PCI segment; a disabled host bridge never claims one.
		 */
		if ((!acpi || !is_viot(t, &t->roots[i])) && !t->roots[i].dt_fsl_mc &&
		    t->roots[i].status != IOT_STATUS_DISABLED)
			v[n++] = (struct seg_ref){ &t->roots[i], i, !acpi };
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_seg);
	/* each root against the first of its segment (ACPI) or the one reaching furthest (DT) */
	for (size_t k = 1, top = 0; k < n; k++) {
		const struct iot_pci_root *a = v[k].r, *b = v[top].r;

		if (a->segment != b->segment) {
			top = k;
			continue;
		}
		if (acpi)
			iot_lint_report(
				run, &a->loc,
				"root %s: PCI segment %u already belongs to root %s; Linux uses "
				"only the first root complex node of a segment",
				nm(a->name), a->segment, nm(b->name));
		else if (a->bus_start <= b->bus_end)
			iot_lint_report(
				run, &a->loc,
				"root %s: buses 0x%02x-0x%02x of segment %u overlap those of "
				"root %s",
				nm(a->name), a->bus_start, a->bus_end, a->segment, nm(b->name));
		if (!acpi && a->bus_end > b->bus_end)
			top = k;
	}
	free(v);
}

struct ident {
	uint32_t id;
	const char *kind;
	const char *name;
	const struct iot_loc *loc;
};

static int cmp_ident(const void *a, const void *b)
{
	const struct ident *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void add_ident(struct ident **v, size_t *n, size_t *cap, bool has, uint32_t id,
		      const char *kind, const char *name, const struct iot_loc *loc)
{
	if (!has)
		return;
	iot_grow((void **)v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct ident){ id, kind, name, loc };
}

/* edk2 IortGenerator.c ValidateNodeIdentifiers: node identifiers are unique (E.b+). */
void iot_check_identifier_unique(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;
	struct ident *v = NULL;
	size_t n = 0, cap = 0;

	if (run->fw == IOT_FW_ACPI)
		return; /* the IORT reader reports it at the byte (iort-identifier) */
	for (size_t i = 0; i < t->n_msis; i++)
		add_ident(&v, &n, &cap, t->msis[i].has_identifier, t->msis[i].identifier,
			  "ITS group", t->msis[i].name, &t->msis[i].loc);
	for (size_t i = 0; i < t->n_iommus; i++)
		add_ident(&v, &n, &cap, t->iommus[i].has_identifier, t->iommus[i].identifier,
			  "IOMMU", t->iommus[i].name, &t->iommus[i].loc);
	for (size_t i = 0; i < t->n_roots; i++)
		add_ident(&v, &n, &cap, t->roots[i].has_identifier, t->roots[i].identifier, "root",
			  t->roots[i].name, &t->roots[i].loc);
	for (size_t i = 0; i < t->n_platdevs; i++)
		add_ident(&v, &n, &cap, t->platdevs[i].has_identifier, t->platdevs[i].identifier,
			  "device", t->platdevs[i].name, &t->platdevs[i].loc);
	for (size_t i = 0; i < t->n_pmcgs; i++)
		add_ident(&v, &n, &cap, t->pmcgs[i].has_identifier, t->pmcgs[i].identifier, "PMCG",
			  t->pmcgs[i].name, &t->pmcgs[i].loc);
	for (size_t i = 0; i < t->n_rmrs; i++)
		add_ident(&v, &n, &cap, t->rmrs[i].has_identifier, t->rmrs[i].identifier, "RMR",
			  t->rmrs[i].name, &t->rmrs[i].loc);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_ident);
	for (size_t i = 1; i < n; i++)
		if (v[i].id == v[i - 1].id)
			iot_lint_report(run, v[i].loc, "%s %s: identifier %u is also used by %s %s",
					v[i].kind, nm(v[i].name), v[i].id, v[i - 1].kind,
					nm(v[i - 1].name));
	free(v);
}

static bool is_arm_iommu(enum iot_iommu_model m)
{
	enum iot_iommu_family f = iot_iommu_family(m);

	return f != IOT_FAMILY_INTEL && f != IOT_FAMILY_AMD;
}

static bool is_smmu(enum iot_iommu_model m)
{
	return is_arm_iommu(m) && !iot_iommu_is_virtio(m);
}

/* Can firmware @fw describe a map row of a root (or a device) to IOMMU @u? */
static const char *illegal_target(const struct iot_lint_run *run, int u, enum iot_map_semantics sem)
{
	enum iot_iommu_model m = run->t->iommus[u].model;

	if (!is_arm_iommu(m))
		return "an x86 IOMMU is described by DMAR/IVRS, not by an ID map";
	if (run->fw != IOT_FW_ACPI)
		return NULL;
	if (sem == IOT_MAP_VIOT && !iot_iommu_is_virtio(m))
		return "a VIOT endpoint's output node must be a virtio-iommu node";
	if (sem != IOT_MAP_VIOT && iot_iommu_is_virtio(m))
		return "an IORT node cannot reference a virtio-iommu (that is VIOT's job)";
	return NULL;
}

void iot_check_map_target_type(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;
	const char *why;

	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		enum iot_map_semantics sem = iot_lint_iommu_sem(t, &r->iommu_map, run->fw);

		for (size_t k = 0; k < r->iommu_map.n; k++) {
			const struct iot_map_row *row = &r->iommu_map.rows[k];

			if (iot_row_is_placeholder(row))
				continue;
			why = illegal_target(run, row->target, sem);
			if (why)
				iot_lint_report(run, &row->loc,
						"root %s: iommu-map row %zu targets %s %s: %s",
						nm(r->name), k,
						iot_iommu_model_name(t->iommus[row->target].model),
						nm(t->iommus[row->target].name), why);
		}
	}
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		for (size_t k = 0; k < p->n_iommus; k++) {
			int u = p->iommus[k].iommu;

			why = illegal_target(run, u,
					     iot_iommu_is_virtio(t->iommus[u].model) ?
						     IOT_MAP_VIOT :
						     IOT_MAP_IORT);
			if (why)
				iot_lint_report(run, &p->iommus[k].loc,
						"device %s: behind %s %s: %s", nm(p->name),
						iot_iommu_model_name(t->iommus[u].model),
						nm(t->iommus[u].name), why);
		}
	}
	/* iort.c:iort_get_rmrs: RMR ID mappings name the SMMU that must bypass them */
	for (size_t i = 0; i < t->n_rmrs; i++) {
		const struct iot_rmr *m = &t->rmrs[i];

		for (size_t k = 0; k < m->ids.n; k++) {
			int u = m->ids.rows[k].target;

			if (!is_smmu(t->iommus[u].model))
				iot_lint_report(
					run, &m->ids.rows[k].loc,
					"RMR %s: row %zu targets %s %s; RMR stream IDs must "
					"belong to an SMMU",
					nm(m->name), k, iot_iommu_model_name(t->iommus[u].model),
					nm(t->iommus[u].name));
		}
	}
}

/*
 * of_iommu.c:of_iommu_xlate: an unavailable IOMMU node gives -ENODEV, and
 * the device runs without translation.  Boards disable an SoC's IOMMU on
 * purpose, so this is a note: one per disabled IOMMU, naming who leads to it.
 */
void iot_check_map_target_disabled(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t u = 0; u < t->n_iommus; u++) {
		struct iot_buf who;
		size_t count = 0;

		if (t->iommus[u].status != IOT_STATUS_DISABLED)
			continue;
		iot_buf_init(&who);
		for (size_t i = 0; i < t->n_roots; i++) {
			const struct iot_pci_root *r = &t->roots[i];
			bool hit = false;

			if (r->status == IOT_STATUS_DISABLED)
				continue;
			for (size_t k = 0; k < r->iommu_map.n && !hit; k++)
				hit = r->iommu_map.rows[k].target == (int)u &&
				      !iot_row_is_placeholder(&r->iommu_map.rows[k]);
			if (hit && count++ < 4)
				iot_buf_printf(&who, "%sroot %s", count > 1 ? ", " : "",
					       nm(r->name));
		}
		for (size_t i = 0; i < t->n_platdevs; i++) {
			const struct iot_platdev *p = &t->platdevs[i];
			bool hit = false;

			if (p->status == IOT_STATUS_DISABLED)
				continue;
			for (size_t k = 0; k < p->n_iommus && !hit; k++)
				hit = p->iommus[k].iommu == (int)u;
			if (hit && count++ < 4)
				iot_buf_printf(&who, "%sdevice %s", count > 1 ? ", " : "",
					       nm(p->name));
		}
		if (count > 4)
			iot_buf_printf(&who, " and %zu more", count - 4);
		if (count)
			iot_lint_report(
				run, &t->iommus[u].loc,
				"IOMMU %s is disabled, but %zu enabled %s lead%s to it (%s): "
				"they get no translation",
				nm(t->iommus[u].name), count, count > 1 ? "sources" : "source",
				count > 1 ? "" : "s", who.data);
		iot_buf_free(&who);
	}
}

/*
 * arm-smmu-v3.c:arm_smmu_setup_unique_irqs: without a wired or MSI event
 * queue and global error interrupt the driver warns "no evtq irq - events
 * will not be reported!" / "no gerr irq - errors will not be reported!".
 * A YAML topology too: what it leaves out, compile leaves out of the DT and
 * IORT it writes, and those must lint as the topology did.
 */
void iot_check_smmuv3_irqs(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (u->model != IOT_IOMMU_SMMUV3 || u->status == IOT_STATUS_DISABLED ||
		    u->msi_controller != IOT_NONE || (u->irq_event && u->irq_gerror) ||
		    u->irqs_not_gic)
			continue;
		iot_lint_report(run, &u->loc,
				"SMMUv3 %s has no %s%s%s interrupt and no MSIs: Linux "
				"reports no %s",
				nm(u->name), u->irq_event ? "" : "event queue",
				!u->irq_event && !u->irq_gerror ? " or " : "",
				u->irq_gerror ? "" : "global error",
				!u->irq_event && !u->irq_gerror ?
					"translation faults and no errors" :
				!u->irq_event ? "translation faults" :
						"errors");
	}
}

/* arm-smmu.c: SMR ID and MASK are 16-bit fields (ARM_SMMU_SMR_ID/MASK). */
void iot_check_smmuv2_sid_width(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		for (size_t k = 0; k < p->n_iommus; k++) {
			const struct iot_dev_iommu *di = &p->iommus[k];

			if (!iot_iommu_is_smmuv2_family(t->iommus[di->iommu].model))
				continue;
			for (size_t j = 0; j < di->n_ids; j++)
				if (di->ids[j].id > 0xffff || di->ids[j].mask > 0xffff)
					iot_lint_report(run, &di->loc,
							"device %s: stream ID 0x%x mask 0x%x "
							"does not fit the 16-bit SMR of %s",
							nm(p->name), di->ids[j].id, di->ids[j].mask,
							nm(t->iommus[di->iommu].name));
		}
	}
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		for (size_t k = 0; k < r->iommu_map.n; k++) {
			const struct iot_map_row *row = &r->iommu_map.rows[k];
			uint64_t last = row->single ? row->out_base :
						      (uint64_t)row->out_base + row->count - 1;

			if (iot_iommu_is_smmuv2_family(t->iommus[row->target].model) &&
			    last > 0xffff && !iot_row_is_placeholder(row))
				iot_lint_report(
					run, &row->loc,
					"root %s: iommu-map row %zu produces "
					"stream IDs up to 0x%llx, beyond the 16-bit SMR of %s",
					nm(r->name), k, (unsigned long long)last,
					nm(t->iommus[row->target].name));
		}
	}
}

/* iommu.c:iommu_fwspec_init: a device has one dev->iommu; a second instance is misused. */
void iot_check_platdev_multi_iommu(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		if (p->status == IOT_STATUS_DISABLED)
			continue;
		for (size_t k = 1; k < p->n_iommus; k++) {
			const struct iot_iommu *a = &t->iommus[p->iommus[0].iommu];
			const struct iot_iommu *b = &t->iommus[p->iommus[k].iommu];

			if (p->iommus[k].iommu == p->iommus[0].iommu)
				continue;
			/*
			 * iommu_fwspec_init compares the drivers' ops: instances of
			 * one driver share the fwspec, and drivers iotopo does not
			 * model (exynos-iommu, mtk_iommu, ...) may be built for
			 * several instances per master.
			 */
			if (a->model == IOT_IOMMU_OTHER && b->model == IOT_IOMMU_OTHER)
				continue;
			iot_lint_report(
				run, &p->iommus[k].loc,
				"device %s: behind both %s and %s; Linux keeps one IOMMU per "
				"device (%s)",
				nm(p->name), nm(a->name), nm(b->name),
				iot_iommu_family(a->model) == iot_iommu_family(b->model) ?
					"the IDs for the second are programmed into the first" :
					"a second driver fails the whole configuration");
			break;
		}
	}
}

void iot_check_pmcg_target(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_pmcgs; i++) {
		const struct iot_pmcg *p = &t->pmcgs[i];

		if (p->iommu != IOT_NONE && (p->iommu < 0 || (size_t)p->iommu >= t->n_iommus))
			iot_lint_report(run, &p->loc, "PMCG %s: IOMMU reference out of range",
					nm(p->name));
		else if (p->iommu != IOT_NONE && t->iommus[p->iommu].model != IOT_IOMMU_SMMUV3)
			iot_lint_report(run, &p->loc,
					"PMCG %s: counts for %s %s; a PMCG belongs to an "
					"SMMUv3",
					nm(p->name),
					iot_iommu_model_name(t->iommus[p->iommu].model),
					nm(t->iommus[p->iommu].name));
		if (p->platdev != IOT_NONE &&
		    (p->platdev < 0 || (size_t)p->platdev >= t->n_platdevs))
			iot_lint_report(run, &p->loc, "PMCG %s: device reference out of range",
					nm(p->name));
		if (p->msi_controller != IOT_NONE &&
		    (p->msi_controller < 0 || (size_t)p->msi_controller >= t->n_msis))
			iot_lint_report(run, &p->loc,
					"PMCG %s: MSI controller reference out of range",
					nm(p->name));
	}
}

/* edk2 IortGenerator / acpiview: an RMR node has at least one memory range. */
void iot_check_rmr_no_ranges(struct iot_lint_run *run)
{
	if (run->fw == IOT_FW_ACPI)
		return; /* iort-rmr-count, at the byte */
	for (size_t i = 0; i < run->t->n_rmrs; i++)
		if (!run->t->rmrs[i].n_ranges)
			iot_lint_report(run, &run->t->rmrs[i].loc, "RMR %s has no memory range",
					nm(run->t->rmrs[i].name));
}

void iot_check_rmr_range_zero(struct iot_lint_run *run)
{
	if (run->fw == IOT_FW_ACPI)
		return; /* iort-rmr-range, at the byte */
	for (size_t i = 0; i < run->t->n_rmrs; i++) {
		const struct iot_rmr *m = &run->t->rmrs[i];

		for (size_t k = 0; k < m->n_ranges; k++)
			if (!m->ranges[k].length)
				iot_lint_report(
					run, &m->loc, "RMR %s: range %zu at 0x%llx has length 0",
					nm(m->name), k, (unsigned long long)m->ranges[k].base);
	}
}

/* iort.c:iort_node_get_rmr_info aligns an unaligned range with a FW_BUG warning. */
void iot_check_rmr_range_align(struct iot_lint_run *run)
{
	const uint64_t sz = 0x10000;

	for (size_t i = 0; i < run->t->n_rmrs; i++) {
		const struct iot_rmr *m = &run->t->rmrs[i];

		for (size_t k = 0; k < m->n_ranges; k++) {
			const struct iot_rmr_range *g = &m->ranges[k];

			if ((g->base | g->length) & (sz - 1))
				iot_lint_report(run, &m->loc,
						"RMR %s: range %zu (base 0x%llx, length "
						"0x%llx) is not 64 KiB aligned",
						nm(m->name), k, (unsigned long long)g->base,
						(unsigned long long)g->length);
		}
	}
}

struct range_ref {
	uint64_t base, end; /* end exclusive, saturated */
	size_t idx;
};

static int cmp_range(const void *pa, const void *pb)
{
	const struct range_ref *x = pa, *y = pb;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sorted by base, each range against the earlier one reaching furthest: O(n log n). */
void iot_check_rmr_range_overlap(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_rmrs; i++) {
		const struct iot_rmr *m = &t->rmrs[i];
		struct range_ref *v = iot_xcalloc(m->n_ranges + 1, sizeof(*v));
		size_t n = 0, top = 0, found = 0;

		for (size_t k = 0; k < m->n_ranges; k++) {
			const struct iot_rmr_range *g = &m->ranges[k];

			if (!g->length)
				continue;
			v[n].base = g->base;
			v[n].end = g->base + g->length < g->base ? UINT64_MAX : g->base + g->length;
			v[n++].idx = k;
		}
		if (n > 1)
			qsort(v, n, sizeof(*v), cmp_range);
		for (size_t k = 1; k < n; k++) {
			if (v[k].base < v[top].end && ++found <= 16)
				iot_lint_report(
					run, &m->loc,
					"RMR %s: range %zu (0x%llx+0x%llx) overlaps "
					"range %zu",
					nm(m->name), v[k].idx, (unsigned long long)v[k].base,
					(unsigned long long)(v[k].end - v[k].base), v[top].idx);
			if (v[k].end > v[top].end)
				top = k;
		}
		if (found > 16)
			iot_lint_report(run, &m->loc, "RMR %s: %zu more overlapping ranges",
					nm(m->name), found - 16);
		free(v);
	}
}

/* iort.c:iort_init_platform_devices ... iort_find_rmrs: only table revision >= 5 (E.d). */
void iot_check_rmr_table_revision(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	/* ACPI input: the IORT reader reports it (iort-rmr-revision) */
	if (run->fw == IOT_FW_ACPI || !t->n_rmrs || !t->machine.has_iort_revision ||
	    t->machine.iort_revision >= 5)
		return;
	iot_lint_report(run, &t->rmrs[0].loc,
			"%zu RMR node(s) in an IORT of revision %u: Linux "
			"reads RMRs only from revision 5 (E.d) on",
			t->n_rmrs, t->machine.iort_revision);
}

/*
 * FWTS iort IORTMemAttrInvalid.  A DT has no CPM/DACS, so only ACPI input
 * and YAML that gives memory-access flags are checked.
 */
static void memattr(struct iot_lint_run *run, bool dacs_rule)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_roots + t->n_platdevs; i++) {
		bool root = i < t->n_roots;
		const struct iot_memattr *m =
			root ? &t->roots[i].mem : &t->platdevs[i - t->n_roots].mem;
		const struct iot_loc *loc =
			root ? &t->roots[i].loc : &t->platdevs[i - t->n_roots].loc;
		const char *name = root ? t->roots[i].name : t->platdevs[i - t->n_roots].name;

		/*
		 * A YAML object with no IORT flags says nothing about DACS; but for
		 * CCA/CPM, YAML's cpm defaults to coherent (ytables.c mem_finish), so a
		 * coherent object without CPM wrote "cpm: false" and the IORT compiled
		 * from it carries CCA 1, CPM 0: the topology warns as its IORT does.
		 */
		if (dacs_rule && run->fw == IOT_FW_MODEL && !m->flags)
			continue;
		if (!dacs_rule && m->coherent && !(m->flags & IOT_MAF_CPM))
			iot_lint_report(run, loc,
					"%s %s: coherent (CCA 1) without a coherent path to "
					"memory (CPM 0)",
					root ? "root" : "device", nm(name));
		if (dacs_rule && !m->coherent && (m->flags & IOT_MAF_CPM) &&
		    (m->flags & IOT_MAF_DACS))
			iot_lint_report(run, loc,
					"%s %s: not coherent (CCA 0) but CPM and DACS are both "
					"set",
					root ? "root" : "device", nm(name));
	}
}

void iot_check_memattr_cca_cpm(struct iot_lint_run *run)
{
	memattr(run, false);
}

void iot_check_memattr_dacs(struct iot_lint_run *run)
{
	memattr(run, true);
}

/*
 * iort.c:iort_match_node_callback compares a named component's Device Name
 * with strcmp against acpi_get_name(ACPI_FULL_PATHNAME), which ACPICA builds
 * from 4-character segments padded with '_' ("\_SB_.IPA_").  "\_SB.IPA",
 * lower case or a relative path never match: the device gets no IOMMU.
 * Returns the canonical spelling in @fix, or false when @p is already it.
 */
static bool acpi_path_fix(const char *p, char *fix, size_t n, const char **why)
{
	size_t k = 0;

	*why = NULL;
	if (*p != '\\') {
		*why = "it does not start at the root ('\\')";
		return true;
	}
	fix[k++] = '\\';
	p++;
	while (*p && k + 6 < n) {
		size_t len = 0;

		while (p[len] && p[len] != '.')
			len++;
		if (!len || len > 4) {
			*why = len ? "a segment is longer than 4 characters" : "a segment is empty";
			return true;
		}
		for (size_t i = 0; i < 4; i++) {
			char c = i < len ? p[i] : '_';

			if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
				*why = "ACPI names are upper case letters, digits and '_'";
				return true;
			}
			fix[k++] = c;
		}
		p += len;
		if (*p == '.')
			fix[k++] = *p++;
	}
	fix[k] = '\0';
	if (*p) {
		*why = "it is too long";
		return true;
	}
	return false;
}

void iot_check_acpi_path_form(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];
		const char *why;
		char fix[256];

		if (!p->acpi_path)
			continue;
		if (!acpi_path_fix(p->acpi_path, fix, sizeof(fix), &why) &&
		    !strcmp(fix, p->acpi_path))
			continue;
		if (why)
			iot_lint_report(run, &p->loc,
					"device %s: ACPI path \"%s\" can never equal a namespace "
					"node's full path (%s): iort_match_node_callback never "
					"matches it and the device gets no IOMMU",
					nm(p->name), p->acpi_path, why);
		else
			iot_lint_report(
				run, &p->loc,
				"device %s: ACPI path \"%s\" is not written as Linux spells "
				"it, \"%s\" (4-character segments): iort_match_node_callback "
				"compares with strcmp, never matches, and the device gets no "
				"IOMMU",
				nm(p->name), p->acpi_path, fix);
	}
}
