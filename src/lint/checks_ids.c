// SPDX-License-Identifier: MIT
/*
 * Model rules over every requester ID of every root, resolved with the
 * kernel's rules for the input's firmware (xlat.c), then compressed into
 * runs: holes, stream-ID and DeviceID collisions, RC -> SMMU -> ITS
 * consistency, SMR aliasing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/checks.h"
#include "util/ssort.h"
#include "lint/xlat.h"
#include "util/mem.h"

static const char *nm(const char *s)
{
	return s ? s : "(unnamed)";
}

static bool extends(const struct iot_lint_rid_run *r, uint32_t rid, const struct iot_rid_xlat *x)
{
	uint32_t d = rid - r->rid_first;

	return rid == r->rid_last + 1 && x->iommu == r->iommu && x->msi == r->msi &&
	       x->efault == r->efault && (r->iommu == IOT_NONE || x->sid == r->sid_first + d) &&
	       (r->msi == IOT_NONE || x->devid == r->devid_first + d);
}

static void root_runs(const struct iot_topology *t, size_t i, enum iot_fw_kind fw,
		      struct iot_lint_runs *out)
{
	const struct iot_pci_root *r = &t->roots[i];
	struct iot_root_xlat x;

	memset(out, 0, sizeof(*out));
	/* a disabled host bridge is never probed: none of its RIDs reach anything */
	if (r->status == IOT_STATUS_DISABLED || r->bus_start > r->bus_end)
		return;
	iot_root_xlat_init(&x, t, r, fw);
	for (uint64_t rid = iot_root_rid_first(r); rid <= iot_root_rid_last(r);) {
		struct iot_rid_xlat o;
		struct iot_lint_rid_run *cur;
		uint64_t next;

		iot_root_xlat(&x, (uint32_t)rid, &o);
		next = iot_root_xlat_next(&x, (uint32_t)rid, &o);
		if (next > (uint64_t)iot_root_rid_last(r) + 1)
			next = (uint64_t)iot_root_rid_last(r) + 1;
		if (out->n && extends(&out->v[out->n - 1], (uint32_t)rid, &o)) {
			out->v[out->n - 1].rid_last = (uint32_t)(next - 1);
		} else {
			iot_grow((void **)&out->v, &out->cap, out->n + 1, sizeof(*out->v));
			cur = &out->v[out->n++];
			*cur = (struct iot_lint_rid_run){ (uint32_t)rid, (uint32_t)(next - 1),
							  o.iommu,	 o.sid,
							  o.msi,	 o.devid,
							  o.efault };
		}
		rid = next;
	}
	iot_root_xlat_free(&x);
}

/*
 * Runs are computed once per root and shared by every rule of one lint pass
 * (struct iot_lint_cache, owned by the engine).
 */
struct iot_lint_cache {
	struct iot_lint_runs *roots;
	bool *done;
	size_t n;
	struct iot_x86_findings *x86;
};

struct iot_x86_findings **iot_lint_cache_x86(struct iot_lint_cache *c)
{
	return &c->x86;
}

struct iot_lint_cache *iot_lint_cache_new(const struct iot_topology *t)
{
	struct iot_lint_cache *c = iot_xcalloc(1, sizeof(*c));

	c->n = t->n_roots;
	c->roots = iot_xcalloc(c->n + 1, sizeof(*c->roots));
	c->done = iot_xcalloc(c->n + 1, sizeof(*c->done));
	return c;
}

void iot_lint_cache_free(struct iot_lint_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->roots[i].v);
	free(c->roots);
	free(c->done);
	iot_x86_findings_free(c->x86);
	free(c);
}

const struct iot_lint_runs *iot_lint_root_runs(struct iot_lint_run *run, size_t i)
{
	struct iot_lint_cache *c = run->cache;

	if (!c->done[i]) {
		root_runs(run->t, i, run->fw, &c->roots[i]);
		c->done[i] = true;
	}
	return &c->roots[i];
}

static bool is_own_rid(const struct iot_topology *t, const struct iot_pci_root *r, uint32_t rid)
{
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_VIRTIO_PCI &&
		    t->iommus[i].pci_segment == r->segment && t->iommus[i].pci_bdf == rid)
			return true;
	return false;
}

/* Holes of one root, summed up for its one finding. */
struct holes {
	size_t ranges;
	uint64_t ids;
	uint32_t first_lo, first_hi;
};

static void add_hole(struct holes *h, uint32_t a, uint32_t b)
{
	if (!h->ranges++) {
		h->first_lo = a;
		h->first_hi = b;
	}
	h->ids += (uint64_t)b - a + 1;
}

void iot_check_map_hole(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		const struct iot_lint_runs *rr;
		struct holes h = { 0 };
		bool open = false;
		uint32_t start = 0, last = 0;
		char what[64], more[80] = "";
		/*
		 * An IORT root complex has no bus range (that is in MCFG and _CRS):
		 * only gaps between its mapped ranges are holes, not the RIDs
		 * below the first or above the last.
		 */
		bool acpi = run->fw == IOT_FW_ACPI;

		/*
		 * Not behind an IOMMU at all: intent, not a hole.  An fsl-mc bus
		 * has ICIDs, not a bus range; a disabled bridge has no devices.
		 */
		if (!r->iommu_map.n || r->dt_fsl_mc || r->status == IOT_STATUS_DISABLED)
			continue;
		/* a VIOT describes no bus range: RIDs outside its PCI ranges are not knowable */
		if (iot_lint_iommu_sem(t, &r->iommu_map, run->fw) == IOT_MAP_VIOT)
			continue;
		rr = iot_lint_root_runs(run, i);
		for (size_t k = 0; k < rr->n; k++) {
			const struct iot_lint_rid_run *u = &rr->v[k];
			/*
			 * An IORT RC row straight to an ITS says "not behind an SMMU";
			 * a DT has no such statement: a RID missing from iommu-map
			 * silently bypasses translation.
			 */
			bool hole = u->iommu == IOT_NONE && !u->efault &&
				    (run->fw != IOT_FW_ACPI || u->msi == IOT_NONE);

			/* the virtio-iommu's own RID is left out on purpose (pci-iommu.yaml) */
			if (hole && u->rid_first == u->rid_last && is_own_rid(t, r, u->rid_first))
				hole = false;
			if (hole && !open) {
				open = true;
				start = u->rid_first;
			}
			if (hole)
				last = u->rid_last;
			if (!hole && open) {
				if (!acpi || start != iot_root_rid_first(r))
					add_hole(&h, start, last);
				open = false;
			}
		}
		if (open && !acpi)
			add_hole(&h, start, last);
		if (!h.ranges)
			continue;
		iot_fmt_range(what, sizeof(what), "RID", h.first_lo, h.first_hi);
		if (h.ranges > 1)
			snprintf(more, sizeof(more), " and %zu more ranges (%llu RIDs in all)",
				 h.ranges - 1, (unsigned long long)h.ids);
		iot_lint_report(
			run, &r->loc,
			"root %s: %s%s of buses 0x%02x-0x%02x have no iommu-map translation: "
			"%s",
			nm(r->name), what, more, r->bus_start, r->bus_end,
			acpi ? "they get no IOMMU and no ITS DeviceID" :
			       "devices there bypass the IOMMU (of_map_id: no translation)");
	}
}

/*
 * The PCI functions the topology knows (YAML or a sysfs tree): one whose
 * requester ID reaches no IOMMU while its root is behind one gets no
 * translation (of_map_id bypass, iort_node_map_id to an ITS only, or no
 * VIOT range), and an SMMU that aborts unmatched streams (arm-smmu-v3 and
 * arm-smmu disable_bypass, the default) faults its DMA.  One finding per root.
 */
void iot_check_pci_untranslated(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		const struct iot_pci_dev *first = NULL;
		struct iot_root_xlat x;
		size_t count = 0;
		char bdf[8], more[48] = "";

		if (!r->iommu_map.n || !r->n_devs || r->status == IOT_STATUS_DISABLED)
			continue;
		iot_root_xlat_init(&x, t, r, run->fw);
		for (size_t k = 0; k < r->n_devs; k++) {
			const struct iot_pci_dev *dv = &r->devs[k];
			uint16_t rid = iot_rid(dv->bus, dv->devfn);
			struct iot_rid_xlat o;

			iot_root_xlat(&x, rid, &o);
			if (o.iommu != IOT_NONE || o.efault || is_own_rid(t, r, rid))
				continue;
			if (!count++)
				first = dv;
		}
		iot_root_xlat_free(&x);
		if (!count)
			continue;
		iot_bdf_format(bdf, first->bus, first->devfn);
		if (count > 1)
			snprintf(more, sizeof(more), " and %zu more functions", count - 1);
		iot_lint_report(run, first->loc.file ? &first->loc : &r->loc,
				"root %s: %04x:%s (%s, RID 0x%04x)%s reach no IOMMU although the "
				"root is behind one: their DMA is not translated",
				nm(r->name), r->segment, bdf, iot_pci_type_name(first->type),
				iot_rid(first->bus, first->devfn), more);
	}
}

/* Documentation/devicetree/bindings/virtio/pci-iommu.yaml: leave the IOMMU's own RID out. */
void iot_check_virtio_own_rid(struct iot_lint_run *run)
{
	const struct iot_topology *t = run->t;

	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		for (size_t u = 0; u < t->n_iommus; u++) {
			const struct iot_iommu *v = &t->iommus[u];
			struct iot_map_result res;
			char bdf[8];

			if (v->model != IOT_IOMMU_VIRTIO_PCI || v->pci_segment != r->segment)
				continue;
			if (iot_idmap_map(&r->iommu_map, IOT_MAP_DT, v->pci_bdf, &res) !=
				    IOT_MAP_OK ||
			    res.target != (int)u)
				continue;
			iot_bdf_format(bdf, (uint8_t)(v->pci_bdf >> 8), (uint8_t)v->pci_bdf);
			iot_lint_report(
				run, &r->iommu_map.rows[res.row].loc,
				"root %s: iommu-map row %zu sends the RID of %s itself (%s) "
				"through it: the virtio-iommu would wait for itself to probe",
				nm(r->name), res.row, nm(v->name), bdf);
		}
	}
}

/* One range of IDs arriving at an IOMMU or an ITS, and where it came from. */
struct arrival {
	int dst; /* IOMMU or ITS index */
	uint64_t first, last; /* IDs at dst */
	int kind; /* 0 root, 1 platform device, 2 IOMMU's own MSI, 3 PMCG */
	size_t src; /* index of the root / device / IOMMU / PMCG */
	uint32_t rid_first; /* roots: the RID that gives @first */
	uint32_t mask; /* roots: iommu-map-mask */
	const struct iot_loc *loc;
	bool several; /* roots: merged runs, no single RID gives @first */
};

struct arrivals {
	struct arrival *v;
	size_t n, cap;
};

static void add_arrival(struct arrivals *a, struct arrival x)
{
	iot_grow((void **)&a->v, &a->cap, a->n + 1, sizeof(*a->v));
	a->v[a->n++] = x;
}

/* Arrivals in order of destination, first ID, then source index. */
static inline bool arrival_before(const struct arrival *x, const struct arrival *y)
{
	if (x->dst != y->dst)
		return x->dst < y->dst;
	if (x->first != y->first)
		return x->first < y->first;
	return x->src < y->src;
}
IOT_SSORT_DEFINE(sort_arrivals, struct arrival, arrival_before)

/* Stream IDs (@msi false) or ITS DeviceIDs (@msi true) of every source. */
static void collect_some(struct iot_lint_run *run, bool msi, bool roots_only, struct arrivals *a)
{
	const struct iot_topology *t = run->t;

	memset(a, 0, sizeof(*a));
	/* room for every arrival there can be, in one allocation */
	a->cap = 1;
	for (size_t i = 0; i < t->n_roots; i++)
		a->cap += iot_lint_root_runs(run, i)->n;
	for (size_t i = 0; !roots_only && i < t->n_platdevs; i++) {
		a->cap += 1;
		for (size_t k = 0; !msi && k < t->platdevs[i].n_iommus; k++)
			a->cap += t->platdevs[i].iommus[k].n_ids;
	}
	if (!roots_only && msi)
		a->cap += t->n_iommus + t->n_pmcgs;
	a->v = iot_xmalloc(a->cap * sizeof(*a->v));
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		uint32_t mask = r->iommu_map.has_mask ? r->iommu_map.mask : 0xffffffffu;
		const struct iot_lint_runs *rr;

		rr = iot_lint_root_runs(run, i);
		for (size_t k = 0; k < rr->n; k++) {
			const struct iot_lint_rid_run *u = &rr->v[k];
			uint64_t len = u->rid_last - u->rid_first;
			int dst = msi ? u->msi : u->iommu;
			uint64_t first = msi ? u->devid_first : u->sid_first;

			if (dst != IOT_NONE &&
			    (msi || t->iommus[dst].status != IOT_STATUS_DISABLED))
				add_arrival(a,
					    (struct arrival){ dst, first, first + len, 0, i,
							      u->rid_first, mask, &r->loc, false });
		}
	}
	if (roots_only)
		return; /* sid-alias compares a root's RIDs with each other */
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		/* a disabled node is never probed: it reaches nothing */
		if (p->status == IOT_STATUS_DISABLED)
			continue;
		if (msi && p->msi_controller != IOT_NONE)
			add_arrival(a, (struct arrival){ p->msi_controller, p->msi_device_id,
							 p->msi_device_id, 1, i, 0, 0, &p->loc,
							 false });
		for (size_t k = 0; !msi && k < p->n_iommus; k++)
			for (size_t j = 0;
			     t->iommus[p->iommus[k].iommu].status != IOT_STATUS_DISABLED &&
			     j < p->iommus[k].n_ids;
			     j++)
				add_arrival(a, (struct arrival){ p->iommus[k].iommu,
								 p->iommus[k].ids[j].id,
								 p->iommus[k].ids[j].id, 1, i, 0, 0,
								 &p->iommus[k].loc, false });
	}
	for (size_t i = 0; msi && i < t->n_iommus; i++)
		if (t->iommus[i].msi_controller != IOT_NONE &&
		    t->iommus[i].status != IOT_STATUS_DISABLED)
			add_arrival(a, (struct arrival){ t->iommus[i].msi_controller,
							 t->iommus[i].msi_device_id,
							 t->iommus[i].msi_device_id, 2, i, 0, 0,
							 &t->iommus[i].loc, false });
	for (size_t i = 0; msi && i < t->n_pmcgs; i++)
		if (t->pmcgs[i].msi_controller >= 0 &&
		    (size_t)t->pmcgs[i].msi_controller < t->n_msis)
			add_arrival(a, (struct arrival){ t->pmcgs[i].msi_controller,
							 t->pmcgs[i].msi_device_id,
							 t->pmcgs[i].msi_device_id, 3, i, 0, 0,
							 &t->pmcgs[i].loc, false });
	if (msi) { /* DeviceIDs are an ITS's: a GICv2m frame or other DT MSI controller has none */
		size_t k = 0;

		for (size_t j = 0; j < a->n; j++)
			if (a->v[j].dst >= 0 && (size_t)a->v[j].dst < t->n_msis &&
			    t->msis[a->v[j].dst].type == IOT_MSI_GICV3_ITS)
				a->v[k++] = a->v[j];
		a->n = k;
	}
	/*
	 * Left unsorted: both users sort by source first (merge_sources,
	 * aliases), and arrivals that order ties also tie in destination
	 * order, so sorting here first could not change their result.
	 */
}

static void collect(struct iot_lint_run *run, bool msi, struct arrivals *a)
{
	collect_some(run, msi, false, a);
}

static void describe(const struct iot_topology *t, const struct arrival *x, uint64_t id, char *buf,
		     size_t n)
{
	static const char *const kinds[] = { "root", "device", "IOMMU", "PMCG" };
	const char *name = x->kind == 0 ? t->roots[x->src].name :
			   x->kind == 1 ? t->platdevs[x->src].name :
			   x->kind == 2 ? t->iommus[x->src].name :
					  t->pmcgs[x->src].name;

	if (x->kind == 0 && x->several)
		snprintf(buf, n, "root %s", nm(name));
	else if (x->kind == 0)
		snprintf(buf, n, "root %s (RID 0x%llx)", nm(name),
			 (unsigned long long)(x->rid_first + (id - x->first)));
	else
		snprintf(buf, n, "%s %s", kinds[x->kind], nm(name));
}

/* Arrivals by source (kind, index), then in destination order. */
static inline bool source_before(const struct arrival *x, const struct arrival *y)
{
	if (x->kind != y->kind)
		return x->kind < y->kind;
	if (x->src != y->src)
		return x->src < y->src;
	return arrival_before(x, y);
}
IOT_SSORT_DEFINE(sort_sources, struct arrival, source_before)

static bool same_source(const struct arrival *x, const struct arrival *y)
{
	return x->kind == y->kind && x->src == y->src && x->dst == y->dst;
}

/*
 * Collisions are between sources: fold each source's overlapping or
 * adjacent ranges at one destination into one, so that no ID is covered
 * twice by one source (a root with iommu-map-mask can give 65536 one-ID
 * runs at a handful of stream IDs).
 */
static void merge_sources(struct arrivals *a)
{
	size_t k = 0;

	sort_sources(a->v, a->n);
	for (size_t i = 0; i < a->n; i++) {
		struct arrival *x = &a->v[i], *m = k ? &a->v[k - 1] : NULL;

		if (m && same_source(m, x) && x->first <= m->last + 1) {
			if (x->first != m->last + 1 ||
			    x->rid_first != m->rid_first + (uint32_t)(m->last - m->first + 1))
				m->several = true;
			if (x->last > m->last)
				m->last = x->last;
			continue;
		}
		a->v[k++] = *x;
	}
	a->n = k;
	sort_arrivals(a->v, a->n);
}

/* One overlap found: IDs lo..hi at x's destination come from both x and y. */
struct overlap {
	const struct arrival *x, *y;
	uint64_t lo, hi;
};

struct overlaps {
	struct overlap *v;
	size_t n, cap;
};

static void add_overlap(struct overlaps *o, const struct arrival *x, const struct arrival *y,
			uint64_t lo, uint64_t hi)
{
	iot_grow((void **)&o->v, &o->cap, o->n + 1, sizeof(*o->v));
	o->v[o->n++] = (struct overlap){ x, y, lo, hi };
}

static int cmp_src(const struct arrival *x, const struct arrival *y)
{
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->src < y->src ? -1 : x->src > y->src;
}

static inline bool overlap_before(const struct overlap *a, const struct overlap *b)
{
	int c;

	if (a->x->dst != b->x->dst)
		return a->x->dst < b->x->dst;
	if ((c = cmp_src(a->x, b->x)) || (c = cmp_src(a->y, b->y)))
		return c < 0;
	return a->lo < b->lo;
}
IOT_SSORT_DEFINE(sort_overlaps, struct overlap, overlap_before)

/*
 * One finding per pair of sources at one destination: the first range and,
 * when there are more, how many IDs in how many ranges.
 */
static void report_overlaps(struct iot_lint_run *run, bool msi, struct overlaps *o, const char *why)
{
	const struct iot_topology *t = run->t;

	sort_overlaps(o->v, o->n);
	for (size_t i = 0; i < o->n;) {
		const struct overlap *f = &o->v[i];
		const char *dst = msi ? t->msis[f->x->dst].name : t->iommus[f->x->dst].name;
		uint64_t ids = 0;
		size_t j = i;
		char sa[96], sb[96], range[64], more[64] = "";

		for (; j < o->n && o->v[j].x->dst == f->x->dst && !cmp_src(o->v[j].x, f->x) &&
		       !cmp_src(o->v[j].y, f->y);
		     j++)
			ids += o->v[j].hi - o->v[j].lo + 1;
		describe(t, f->x, f->lo, sa, sizeof(sa));
		describe(t, f->y, f->lo, sb, sizeof(sb));
		iot_fmt_range(range, sizeof(range), msi ? "DeviceID" : "ID", f->lo, f->hi);
		if (j - i > 1)
			snprintf(more, sizeof(more), " (%llu IDs in %zu ranges)",
				 (unsigned long long)ids, j - i);
		const char *w =
			why ? why :
			iot_iommu_is_virtio(t->iommus[f->x->dst].model) ?
			      "virtio-iommu knows one endpoint, so attaching either device "
			      "moves both (viommu_attach_dev)" :
			      "Linux gives the ID to the first to probe and fails the other "
			      "(arm_smmu_insert_master: stream already in tree)";

		iot_lint_report(run, f->y->loc, "%s%s at %s %s reached from both %s and %s: %s",
				range, more, msi ? "ITS" : "IOMMU", nm(dst), sa, sb, w);
		i = j;
	}
	free(o->v);
}

/*
 * Overlapping arrivals from different sources at each destination, in one
 * sweep over arrivals sorted by first ID: each arrival is compared with the
 * earlier one that reaches furthest, so every ID reached twice is found
 * without comparing every pair.
 */
static void collisions(struct iot_lint_run *run, bool msi)
{
	const struct iot_topology *t = run->t;
	struct arrivals a;
	struct overlaps o = { 0 };
	size_t top = 0;

	collect(run, msi, &a);
	merge_sources(&a);
	for (size_t i = 0; i < a.n; i++) {
		const struct arrival *x = &a.v[top], *y = &a.v[i];

		/*
		 * Stream IDs: SMMUv3 and virtio-iommu only.  SMMUv1/v2 IDs are
		 * stream-match entries (smr-shared, smr-conflict); what other
		 * drivers (mtk_iommu larb ports, ...) make of a shared ID is theirs.
		 */
		if (!msi && t->iommus[y->dst].model != IOT_IOMMU_SMMUV3 &&
		    !iot_iommu_is_virtio(t->iommus[y->dst].model))
			continue;
		if (i == top || x->dst != y->dst) {
			top = i;
			continue;
		}
		if (y->first <= x->last && !same_source(x, y))
			add_overlap(&o, x, y, y->first, x->last < y->last ? x->last : y->last);
		if (y->last > x->last)
			top = i;
	}
	report_overlaps(
		run, msi, &o,
		msi ? "Linux shares one ITT between them (its_msi_prepare: \"Reusing ITT\"), "
		      "and either can raise the other's interrupts" :
		      NULL);
	free(a.v);
}

/*
 * Two RIDs of one root at one stream ID.  Each run is compared with the
 * earlier run of the same root that reaches furthest, which finds every
 * aliased ID range in one pass.
 */
static void aliases(struct iot_lint_run *run)
{
	struct arrivals a;
	struct overlaps o = { 0 };
	size_t top = 0;

	collect_some(run, false, true, &a);
	sort_sources(a.v, a.n);
	for (size_t i = 0; i < a.n; i++) {
		const struct arrival *x = &a.v[i], *y = &a.v[top];

		if (x->kind != 0)
			break; /* roots sort first */
		if (i == 0 || !same_source(x, y)) {
			top = i;
			continue;
		}
		if (x->first <= y->last) {
			uint32_t rx = x->rid_first,
				 ry = y->rid_first + (uint32_t)(x->first - y->first);

			/* iommu-map-mask folds RIDs together on purpose */
			if ((rx & x->mask) != (ry & x->mask))
				add_overlap(&o, y, x, x->first,
					    x->last < y->last ? x->last : y->last);
		}
		if (x->last > y->last)
			top = i;
	}
	report_overlaps(run, false, &o,
			"the requester IDs share one stream ID, so one IOMMU group");
	free(a.v);
}

void iot_check_sid_collision(struct iot_lint_run *run)
{
	collisions(run, false);
}

void iot_check_sid_alias(struct iot_lint_run *run)
{
	aliases(run);
}

void iot_check_devid_collision(struct iot_lint_run *run)
{
	collisions(run, true);
}

/* A stream ID at an IOMMU and the ITS DeviceID the same RID gets. */
struct chain {
	int iommu;
	uint64_t sid_first, sid_last;
	int msi;
	uint32_t devid_first;
	size_t root;
	uint32_t rid_first;
};

static int cmp_chain(const void *pa, const void *pb)
{
	const struct chain *x = pa, *y = pb;

	if (x->iommu != y->iommu)
		return x->iommu < y->iommu ? -1 : 1;
	return x->sid_first < y->sid_first ? -1 : x->sid_first > y->sid_first;
}

/*
 * RC -> SMMU -> ITS.  A translated RID with no DeviceID (msi-map-consistency)
 * gets the RID itself as its DeviceID (of_map_id bypass) while its stream
 * ID comes from iommu-map: hardware that derives both from one lookup (a
 * PCIe controller's RID table) disagrees with what Linux programs.  A
 * DeviceID that is not a function of (SMMU, stream ID) (msi-map-sid-devid)
 * works on DT but no IORT can describe it: IORT's SMMU ID mappings take the
 * stream ID as input.  One finding per root for each.
 */
static void msi_chains(struct iot_lint_run *run, bool inconsistent)
{
	const struct iot_topology *t = run->t;
	struct chain *v = NULL;
	size_t n = 0, cap = 0;
	size_t *found = iot_xcalloc(t->n_roots + 1, sizeof(*found));
	const struct chain **first_x = iot_xcalloc(t->n_roots + 1, sizeof(*first_x));
	const struct chain **first_y = iot_xcalloc(t->n_roots + 1, sizeof(*first_y));
	uint64_t *first_sid = iot_xcalloc(t->n_roots + 1, sizeof(*first_sid));

	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];
		const struct iot_lint_runs *rr;
		const struct iot_lint_rid_run *miss = NULL;
		size_t count = 0;
		uint64_t ids = 0;
		char what[64], more[80] = "";

		if (!r->msi_map.n)
			continue;
		rr = iot_lint_root_runs(run, i);
		for (size_t k = 0; k < rr->n; k++) {
			const struct iot_lint_rid_run *u = &rr->v[k];

			if (u->iommu == IOT_NONE)
				continue;
			if (u->msi == IOT_NONE) {
				if (!count++)
					miss = u;
				ids += u->rid_last - u->rid_first + 1;
				continue;
			}
			iot_grow((void **)&v, &cap, n + 1, sizeof(*v));
			v[n++] = (struct chain){ u->iommu,
						 u->sid_first,
						 u->sid_first + (u->rid_last - u->rid_first),
						 u->msi,
						 u->devid_first,
						 i,
						 u->rid_first };
		}
		if (!count || inconsistent)
			continue;
		iot_fmt_range(what, sizeof(what), "RID", miss->rid_first, miss->rid_last);
		if (count > 1)
			snprintf(more, sizeof(more), " and %zu more ranges (%llu RIDs in all)",
				 count - 1, (unsigned long long)ids);
		iot_lint_report(
			run, &r->loc,
			"root %s: %s%s reach IOMMU %s but msi-map gives them no ITS "
			"DeviceID, so Linux uses the RID itself (of_map_id: no translation)%s",
			nm(r->name), what, more, nm(t->iommus[miss->iommu].name),
			r->iommu_map.has_mask && !r->msi_map.has_mask ?
				"; iommu-map has a mask and msi-map none" :
				"");
	}
	if (inconsistent && n > 1)
		qsort(v, n, sizeof(*v), cmp_chain);
	/* each chain against the earlier one (same IOMMU) whose stream IDs reach furthest */
	for (size_t j = 0, top = 0; inconsistent && j < n; j++) {
		const struct chain *x = &v[top], *y = &v[j];
		uint64_t s = y->sid_first, dx, dy = y->devid_first;

		if (j == 0 || y->iommu != x->iommu) {
			top = j;
			continue;
		}
		if (y->sid_last > x->sid_last)
			top = j;
		dx = x->devid_first + (s - x->sid_first);
		if (s > x->sid_last || (x->msi == y->msi && dx == dy))
			continue;
		if (!found[y->root]++) {
			first_x[y->root] = x;
			first_y[y->root] = y;
			first_sid[y->root] = s;
		}
	}
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct chain *x = first_x[i], *y = first_y[i];
		uint64_t s = first_sid[i];
		char more[48] = "";

		if (!found[i])
			continue;
		if (found[i] > 1)
			snprintf(more, sizeof(more), " (and %zu more stream IDs)", found[i] - 1);
		iot_lint_report(
			run, &t->roots[i].loc,
			"stream ID 0x%llx at %s gets DeviceID 0x%llx at %s for root %s RID "
			"0x%x but DeviceID 0x%llx at %s for root %s RID 0x%x%s: the DeviceID is "
			"not a function of the stream ID, so no IORT (RC -> SMMU -> ITS) can "
			"describe this msi-map",
			(unsigned long long)s, nm(t->iommus[x->iommu].name),
			(unsigned long long)y->devid_first, nm(t->msis[y->msi].name),
			nm(t->roots[i].name), y->rid_first,
			(unsigned long long)(x->devid_first + (s - x->sid_first)),
			nm(t->msis[x->msi].name), nm(t->roots[x->root].name),
			x->rid_first + (uint32_t)(s - x->sid_first), more);
	}
	free(found);
	free(first_x);
	free(first_y);
	free(first_sid);
	free(v);
}

void iot_check_msi_map_consistency(struct iot_lint_run *run)
{
	msi_chains(run, false);
}

void iot_check_msi_map_sid_devid(struct iot_lint_run *run)
{
	msi_chains(run, true);
}
