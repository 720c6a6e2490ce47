// SPDX-License-Identifier: MIT
/*
 * Model -> IORT.  Two passes: plan the nodes (order, revision, size, offset),
 * then emit them, so every Output Reference is an offset the writer computed
 * and never a guess.  Layouts follow table-formats.md §2 byte for byte.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi_int.h"
#include "kernel/idmap.h"
#include "util/mem.h"

struct iort_map {
	uint32_t in_base;
	uint32_t n_minus_1;
	uint32_t out_base;
	uint32_t ref; /* filled once offsets are known */
	enum iot_iort_kind ref_kind;
	int ref_index;
	bool single;
};

struct iort_plan_node {
	enum iot_iort_kind kind;
	int index;
	int rev;
	uint32_t offset;
	uint32_t length;
	uint32_t map_offset; /* 0 = no mappings */
	uint32_t ident;
	bool has_ident;
	uint32_t nc_map_offset; /* NC: requested Mapping Offset (layout) */
	bool rmr_maps_first; /* RMR: mappings at 28, descriptors after (layout) */
	struct iort_map *maps;
	size_t n_maps;
	size_t cap_maps;
	uint32_t devid_index; /* SMMUv3 DeviceID mapping index */
	bool devid_valid;
};

struct iort_plan {
	const struct iot_topology *t;
	struct iort_plan_node *v;
	size_t n;
	size_t cap;
	int rev;
	int *node_of[7]; /* per kind: model index -> plan index, -1 if absent */
	struct iot_diags *d;
	int errors;
};

static bool iommu_in_iort(const struct iot_iommu *u)
{
	return u->model == IOT_IOMMU_SMMUV3 || iot_iommu_is_smmuv2_family(u->model);
}

/* ITS groups: a DT MSI controller of type other (a GICv2m frame...) has no IORT form. */
static bool is_its(const struct iot_topology *t, int msi)
{
	return msi >= 0 && (size_t)msi < t->n_msis && t->msis[msi].type == IOT_MSI_GICV3_ITS;
}

static bool any_its(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_msis; i++)
		if (is_its(t, (int)i))
			return true;
	return false;
}

/* A root goes into the IORT unless it only maps to virtio-iommus (VIOT's job). */
static bool root_in_iort(const struct iot_topology *t, const struct iot_pci_root *r)
{
	bool virtio = false;

	if (r->msi_map.n)
		return true;
	for (size_t i = 0; i < r->iommu_map.n; i++) {
		int tg = r->iommu_map.rows[i].target;

		if (tg < 0 || (size_t)tg >= t->n_iommus)
			continue;
		if (iommu_in_iort(&t->iommus[tg]))
			return true;
		virtio = true;
	}
	if (virtio)
		return false;
	/* a bare root complex still describes memory attributes, if there is an IORT at all */
	for (size_t i = 0; i < t->n_iommus; i++)
		if (iommu_in_iort(&t->iommus[i]))
			return true;
	return any_its(t);
}

static bool platdev_in_iort(const struct iot_topology *t, const struct iot_platdev *p)
{
	if (is_its(t, p->msi_controller))
		return true;
	for (size_t i = 0; i < p->n_iommus; i++) {
		int u = p->iommus[i].iommu;

		if (u >= 0 && (size_t)u < t->n_iommus && iommu_in_iort(&t->iommus[u]))
			return true;
	}
	return false;
}

bool iot_topology_has_iort(const struct iot_topology *t)
{
	if (any_its(t) || t->n_pmcgs || t->n_rmrs)
		return true;
	for (size_t i = 0; i < t->n_iommus; i++)
		if (iommu_in_iort(&t->iommus[i]))
			return true;
	for (size_t i = 0; i < t->n_platdevs; i++)
		if (platdev_in_iort(t, &t->platdevs[i]))
			return true;
	return false;
}

bool iot_iort_platdevs_named(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_platdevs; i++)
		if (platdev_in_iort(t, &t->platdevs[i]) &&
		    (!t->platdevs[i].acpi_path || !*t->platdevs[i].acpi_path))
			return false;
	return true;
}

static size_t kind_count(const struct iot_topology *t, enum iot_iort_kind k)
{
	switch (k) {
	case IOT_IORT_ITS:
		return t->n_msis;
	case IOT_IORT_NC:
		return t->n_platdevs;
	case IOT_IORT_RC:
		return t->n_roots;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		return t->n_iommus;
	case IOT_IORT_PMCG:
		return t->n_pmcgs;
	case IOT_IORT_RMR:
		return t->n_rmrs;
	}
	return 0;
}

static const char *obj_name(const struct iot_topology *t, enum iot_iort_kind k, int i)
{
	const char *n = NULL;

	switch (k) {
	case IOT_IORT_ITS:
		n = t->msis[i].name;
		break;
	case IOT_IORT_NC:
		n = t->platdevs[i].name;
		break;
	case IOT_IORT_RC:
		n = t->roots[i].name;
		break;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		n = t->iommus[i].name;
		break;
	case IOT_IORT_PMCG:
		n = t->pmcgs[i].name;
		break;
	case IOT_IORT_RMR:
		n = t->rmrs[i].name;
		break;
	}
	return n ? n : "?";
}

static void plan_add(struct iort_plan *p, enum iot_iort_kind k, int index, int rev,
		     uint32_t nc_map_offset)
{
	struct iort_plan_node *n;

	iot_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	n = &p->v[p->n];
	memset(n, 0, sizeof(*n));
	n->kind = k;
	n->index = index;
	n->rev = rev;
	n->nc_map_offset = nc_map_offset;
	p->node_of[k == IOT_IORT_SMMU ? IOT_IORT_SMMUV3 : k][index] = (int)p->n;
	p->n++;
}

static bool wanted(const struct iot_topology *t, enum iot_iort_kind k, int i)
{
	switch (k) {
	case IOT_IORT_ITS: /* a DT MSI controller that is no ITS has no IORT node */
		return is_its(t, i);
	case IOT_IORT_NC:
		return platdev_in_iort(t, &t->platdevs[i]);
	case IOT_IORT_RC:
		return root_in_iort(t, &t->roots[i]);
	case IOT_IORT_SMMU:
		return iot_iommu_is_smmuv2_family(t->iommus[i].model);
	case IOT_IORT_SMMUV3:
		return t->iommus[i].model == IOT_IOMMU_SMMUV3;
	default:
		return true;
	}
}

/*
 * The order and node revisions of a table that was read, if they still
 * describe exactly the objects of the model; else false (canonical order).
 */
static bool plan_from_layout(struct iort_plan *p)
{
	const struct iot_machine *m = &p->t->machine;
	size_t want = 0;

	if (!m->n_iort_layout || !m->has_iort_revision || m->iort_revision != p->rev)
		return false;
	for (int k = IOT_IORT_ITS; k <= IOT_IORT_RMR; k++) {
		if (k == IOT_IORT_SMMU)
			continue;
		for (size_t i = 0; i < kind_count(p->t, k); i++)
			if (k == IOT_IORT_SMMUV3 ? iommu_in_iort(&p->t->iommus[i]) :
						   wanted(p->t, k, (int)i))
				want++;
	}
	if (want != m->n_iort_layout)
		return false;
	for (size_t i = 0; i < m->n_iort_layout; i++) {
		const struct iot_iort_layout *l = &m->iort_layout[i];
		int slot = l->kind == IOT_IORT_SMMU ? IOT_IORT_SMMUV3 : l->kind;

		if ((unsigned int)l->kind > IOT_IORT_RMR || l->index < 0 ||
		    (size_t)l->index >= kind_count(p->t, l->kind) ||
		    !wanted(p->t, l->kind, l->index) || p->node_of[slot][l->index] >= 0) {
			p->n = 0;
			for (int k = 0; k < 7; k++)
				for (size_t j = 0; j < kind_count(p->t, k); j++)
					p->node_of[k][j] = -1;
			return false;
		}
		plan_add(p, l->kind, l->index, l->revision, l->nc_map_offset);
		p->v[p->n - 1].rmr_maps_first = l->rmr_maps_first;
	}
	return true;
}

static uint32_t *explicit_ident(const struct iot_topology *t, enum iot_iort_kind k, int i,
				bool *has);

static int cmp_plan_ident(const void *a, const void *b)
{
	const struct iort_plan_node *x = a, *y = b;

	if (x->ident != y->ident)
		return x->ident < y->ident ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset; /* stable: canonical position */
}

/*
 * E.b+ tables number their nodes (QEMU and iotopo: 0, 1, 2... in table
 * order).  When every node has a distinct identifier, that order is the
 * table's, so a table decoded to YAML and compiled again keeps its layout.
 */
static void sort_by_identifier(struct iort_plan *p)
{
	if (p->rev < 3 || p->n < 2)
		return;
	for (size_t i = 0; i < p->n; i++) {
		bool has;
		uint32_t *id = explicit_ident(p->t, p->v[i].kind, p->v[i].index, &has);

		if (!has)
			return;
		p->v[i].ident = *id;
		p->v[i].offset = (uint32_t)i;
	}
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = i + 1; j < p->n; j++)
			if (p->v[i].ident == p->v[j].ident)
				return;
	qsort(p->v, p->n, sizeof(*p->v), cmp_plan_ident);
	for (size_t i = 0; i < p->n; i++) {
		int slot = p->v[i].kind == IOT_IORT_SMMU ? IOT_IORT_SMMUV3 : p->v[i].kind;

		p->node_of[slot][p->v[i].index] = (int)i;
		p->v[i].offset = 0;
		p->v[i].ident = 0;
	}
}

static void plan_nodes(struct iort_plan *p)
{
	static const enum iot_iort_kind order[] = { IOT_IORT_ITS,  IOT_IORT_SMMU, IOT_IORT_SMMUV3,
						    IOT_IORT_PMCG, IOT_IORT_NC,	  IOT_IORT_RC,
						    IOT_IORT_RMR };

	if (plan_from_layout(p))
		return;
	for (size_t o = 0; o < IOT_ARRAY_SIZE(order); o++) {
		enum iot_iort_kind k = order[o];

		for (size_t i = 0; i < kind_count(p->t, k); i++)
			if (wanted(p->t, k, (int)i))
				plan_add(p, k, (int)i, iort_node_revision(p->rev, k), 0);
	}
	sort_by_identifier(p);
}

static void add_map(struct iort_plan_node *n, uint32_t in, uint64_t count, uint32_t out,
		    enum iot_iort_kind kind, int index, bool single)
{
	struct iort_map *m;

	iot_grow((void **)&n->maps, &n->cap_maps, n->n_maps + 1, sizeof(*n->maps));
	m = &n->maps[n->n_maps++];
	m->in_base = in;
	m->n_minus_1 = (uint32_t)(count - 1); /* IORT stores "number of IDs minus one" */
	m->out_base = out;
	m->ref_kind = kind;
	m->ref_index = index;
	m->single = single;
}

static void plan_error(struct iort_plan *p, const struct iot_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void plan_error(struct iort_plan *p, const struct iot_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(p->d, IOT_SEV_ERROR, loc, NULL, fmt, ap);
	va_end(ap);
	p->errors++;
}

/* Rows of an ID map become IORT mappings, each checked for a target the IORT can name. */
static void add_idmap(struct iort_plan *p, struct iort_plan_node *n, const struct iot_idmap *im,
		      bool to_msi, const char *owner)
{
	for (size_t r = 0; r < im->n; r++) {
		const struct iot_map_row *row = &im->rows[r];
		int tg = row->target;
		enum iot_iort_kind kind = IOT_IORT_ITS;

		if (!to_msi) {
			if (tg < 0 || (size_t)tg >= p->t->n_iommus) {
				plan_error(p, &row->loc, "%s: ID map row %zu has no IOMMU", owner,
					   r);
				continue;
			}
			if (!iommu_in_iort(&p->t->iommus[tg]))
				continue; /* a virtio-iommu: described by the VIOT */
			kind = iot_iommu_is_smmuv2_family(p->t->iommus[tg].model) ? IOT_IORT_SMMU :
										    IOT_IORT_SMMUV3;
		} else if (tg < 0 || (size_t)tg >= p->t->n_msis) {
			plan_error(p, &row->loc, "%s: MSI map row %zu has no MSI controller", owner,
				   r);
			continue;
		} else if (p->t->msis[tg].type != IOT_MSI_GICV3_ITS) {
			plan_error(p, &row->loc,
				   "%s: MSI map row %zu leads to %s, a DT MSI controller that is "
				   "no GICv3 ITS: IORT has no form for it",
				   owner, r, p->t->msis[tg].name);
			continue;
		}
		if (!row->single && (row->count == 0 || row->count > 0x100000000ull)) {
			plan_error(p, &row->loc,
				   "%s: map row %zu covers %llu IDs; IORT needs 1 to 2^32", owner,
				   r, (unsigned long long)row->count);
			continue;
		}
		add_map(n, row->single ? 0 : row->in_base, row->single ? 1 : row->count,
			row->out_base, kind, tg, row->single);
	}
}

/* True if [a, b] is inside the union of the root's rows to IORT IOMMUs. */
static bool covered(const struct iot_topology *t, const struct iot_idmap *im, uint64_t a,
		    uint64_t b)
{
	bool progress = true;

	while (progress && a <= b) {
		progress = false;
		for (size_t i = 0; i < im->n; i++) {
			const struct iot_map_row *r = &im->rows[i];

			if (r->target < 0 || (size_t)r->target >= t->n_iommus ||
			    !iommu_in_iort(&t->iommus[r->target]) || r->single || !r->count)
				continue;
			if (r->in_base <= a && a <= iot_row_last(r)) {
				a = iot_row_last(r) + 1;
				progress = true;
			}
		}
	}
	return a > b;
}

/*
 * RC -> ITS rows for RIDs that reach the ITS without an SMMU.  A DT msi-map
 * covers every RID (DeviceIDs as the ITS sees them); in the IORT, RIDs
 * behind an SMMU reach the ITS through the SMMU's own mappings, so rows the
 * SMMU mappings fully cover are not repeated here.  Partly covered rows are
 * kept after the SMMU rows: iort.c:iort_id_map takes the first match.
 */
static void add_root_msi(struct iort_plan *p, struct iort_plan_node *n,
			 const struct iot_pci_root *r)
{
	for (size_t i = 0; i < r->msi_map.n; i++) {
		const struct iot_map_row *row = &r->msi_map.rows[i];
		struct iot_idmap one = { .rows = (struct iot_map_row *)row, .n = 1 };

		if (!row->single && row->count &&
		    covered(p->t, &r->iommu_map, row->in_base, iot_row_last(row)))
			continue;
		add_idmap(p, n, &one, true, r->name ? r->name : "root");
	}
}

/*
 * An SMMU without explicit stream-ID -> DeviceID rows gets them from the
 * roots in front of it: RID range -> stream IDs (iommu-map) composed with
 * RID range -> DeviceIDs (msi-map), the equivalence of table-formats.md §5.4.
 */
static void derive_smmu_msi(struct iort_plan *p, struct iort_plan_node *n, int smmu)
{
	const struct iot_topology *t = p->t;

	for (size_t ri = 0; ri < t->n_roots; ri++) {
		const struct iot_pci_root *r = &t->roots[ri];

		for (size_t i = 0; i < r->iommu_map.n; i++) {
			const struct iot_map_row *a = &r->iommu_map.rows[i];

			if (a->target != smmu || a->single || !a->count)
				continue;
			for (size_t j = 0; j < r->msi_map.n; j++) {
				const struct iot_map_row *m = &r->msi_map.rows[j];
				uint64_t lo, hi;

				if (m->single || !m->count || m->target < 0 ||
				    (size_t)m->target >= t->n_msis)
					continue;
				lo = a->in_base > m->in_base ? a->in_base : m->in_base;
				hi = iot_row_last(a) < iot_row_last(m) ? iot_row_last(a) :
									 iot_row_last(m);
				if (lo > hi)
					continue;
				add_map(n, (uint32_t)(a->out_base + (lo - a->in_base)), hi - lo + 1,
					(uint32_t)(m->out_base + (lo - m->in_base)), IOT_IORT_ITS,
					m->target, false);
			}
		}
	}
}

static int nc_check_path(struct iort_plan *p, const struct iot_platdev *pd)
{
	const char *s = pd->acpi_path;
	size_t seg = 0;

	if (!s || !*s) {
		plan_error(p, &pd->loc,
			   "platform device '%s': an IORT named component needs an acpi-path "
			   "(e.g. \\_SB_.DMA0)",
			   pd->name ? pd->name : "?");
		return -1;
	}
	/*
	 * iort.c:iort_match_node_callback compares with acpi_get_name(ACPI_FULL_PATHNAME):
	 * a root-relative path of 4-character segments.  "\_SB.DMA0" never matches.
	 */
	if (*s != '\\')
		goto bad;
	for (s++; *s; s++) {
		if (*s == '.') {
			if (seg != 4)
				goto bad;
			seg = 0;
			continue;
		}
		if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9' && seg)))
			goto bad;
		seg++;
	}
	if (seg != 4)
		goto bad;
	if (strlen(pd->acpi_path) > 255) {
		plan_error(p, &pd->loc, "platform device '%s': acpi-path is too long",
			   pd->name ? pd->name : "?");
		return -1;
	}
	return 0;
bad:
	plan_error(p, &pd->loc,
		   "platform device '%s': acpi-path \"%s\" is not a full path of 4-character "
		   "segments (like \\_SB_.DMA0); Linux compares the normalised full path "
		   "and would never match it",
		   pd->name ? pd->name : "?", pd->acpi_path);
	return -1;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3) & ~3u;
}

static void plan_maps_and_sizes(struct iort_plan *p)
{
	const struct iot_topology *t = p->t;

	for (size_t i = 0; i < p->n; i++) {
		struct iort_plan_node *n = &p->v[i];
		uint32_t fixed = 0, extra = 0;

		switch (n->kind) {
		case IOT_IORT_ITS: {
			size_t k = t->msis[n->index].n_its_ids;

			fixed = 20 + 4 * (uint32_t)(k ? k : 1);
			break;
		}
		case IOT_IORT_NC: {
			const struct iot_platdev *pd = &t->platdevs[n->index];
			uint32_t end;

			if (nc_check_path(p, pd) < 0)
				break;
			for (size_t j = 0; j < pd->n_iommus; j++) {
				const struct iot_dev_iommu *di = &pd->iommus[j];

				if (di->iommu < 0 || (size_t)di->iommu >= t->n_iommus ||
				    !iommu_in_iort(&t->iommus[di->iommu]))
					continue;
				for (size_t s = 0; s < di->n_ids; s++) {
					if (di->ids[s].has_mask) {
						plan_error(p, &di->loc,
							   "platform device '%s': IORT cannot "
							   "express a stream-match mask",
							   pd->name ? pd->name : "?");
						continue;
					}
					/* iort.c:iort_node_get_id: NC IDs are single mappings */
					add_map(n, 0, 1, di->ids[s].id,
						iot_iommu_is_smmuv2_family(
							t->iommus[di->iommu].model) ?
							IOT_IORT_SMMU :
							IOT_IORT_SMMUV3,
						di->iommu, true);
				}
			}
			if (is_its(t, pd->msi_controller))
				add_map(n, 0, 1, pd->msi_device_id, IOT_IORT_ITS,
					pd->msi_controller, true);
			end = 29 + (uint32_t)strlen(pd->acpi_path) + 1;
			if (n->nc_map_offset >= end && n->nc_map_offset < 0x10000)
				fixed = n->nc_map_offset;
			else
				/* never end the name at the mappings: iasl -d stops there */
				fixed = align4(end) == end ? end + 4 : align4(end);
			break;
		}
		case IOT_IORT_RC: {
			const struct iot_pci_root *r = &t->roots[n->index];

			fixed = n->rev >= 4 ? 40 : 36;
			add_idmap(p, n, &r->iommu_map, false, r->name ? r->name : "root");
			add_root_msi(p, n, r);
			break;
		}
		case IOT_IORT_SMMU:
		case IOT_IORT_SMMUV3: {
			const struct iot_iommu *u = &t->iommus[n->index];

			if (n->kind == IOT_IORT_SMMU)
				fixed = 76 + 8 * (uint32_t)(u->n_irq_context + u->n_irq_pmu);
			else
				fixed = 68;
			if (u->msi_map.n)
				add_idmap(p, n, &u->msi_map, true, u->name ? u->name : "iommu");
			else
				derive_smmu_msi(p, n, n->index);
			if (is_its(t, u->msi_controller)) {
				n->devid_index = (uint32_t)n->n_maps;
				n->devid_valid = true;
				add_map(n, 0, 1, u->msi_device_id, IOT_IORT_ITS, u->msi_controller,
					true);
			} else if (n->kind == IOT_IORT_SMMUV3 && n->rev < 5 &&
				   iot_iort_id_mapping_index(true, (uint8_t)n->rev,
							     u->irq_event && u->irq_pri &&
								     u->irq_gerror && u->irq_sync,
							     0, (uint32_t)n->n_maps, NULL) >= 0) {
				/*
				 * iort.c:iort_get_id_mapping_index uses the index of an SMMUv3
				 * without all four GSIVs before node revision 5, and
				 * iort_node_map_id then skips that mapping: index 0 would hide
				 * the first stream-ID range.  Point past the array instead
				 * (Linux logs a firmware bug and uses no DeviceID).
				 */
				n->devid_index = (uint32_t)n->n_maps;
				iot_diag(
					p->d, IOT_SEV_WARNING, &u->loc, NULL,
					"SMMUv3 '%s' signals by MSI (not all four GSIVs given) but "
					"has no MSI DeviceID (msi-parent); before IORT E.e its "
					"DeviceID mapping index cannot say 'none', so it is written "
					"out of range",
					u->name ? u->name : "?");
			}
			break;
		}
		case IOT_IORT_PMCG: {
			const struct iot_pmcg *pm = &t->pmcgs[n->index];

			fixed = n->rev == 0 ? 32 : 40;
			if (pm->iommu >= 0 && ((size_t)pm->iommu >= t->n_iommus ||
					       !iommu_in_iort(&t->iommus[pm->iommu])))
				plan_error(p, &pm->loc,
					   "PMCG '%s' counts for an IOMMU that has no IORT node "
					   "(only SMMUs do)",
					   pm->name ? pm->name : "?");
			else if (pm->iommu < 0 && pm->platdev >= 0 &&
				 ((size_t)pm->platdev >= t->n_platdevs ||
				  !platdev_in_iort(t, &t->platdevs[pm->platdev])))
				plan_error(p, &pm->loc,
					   "PMCG '%s' belongs to a device that has no IORT named "
					   "component",
					   pm->name ? pm->name : "?");
			if (is_its(t, pm->msi_controller))
				add_map(n, 0, 1, pm->msi_device_id, IOT_IORT_ITS,
					pm->msi_controller, true);
			break;
		}
		case IOT_IORT_RMR: {
			const struct iot_rmr *rm = &t->rmrs[n->index];

			if (p->rev < 3) {
				plan_error(p, &rm->loc,
					   "RMR '%s' needs IORT revision 3 (E.b) or later; "
					   "Linux uses RMRs only from revision 5 (E.d)",
					   rm->name ? rm->name : "?");
				break;
			}
			if (!rm->n_ranges)
				plan_error(p, &rm->loc, "RMR '%s' has no memory range",
					   rm->name ? rm->name : "?");
			fixed = 28;
			extra = IORT_RMR_DESC_LEN * (uint32_t)rm->n_ranges;
			add_idmap(p, n, &rm->ids, false, rm->name ? rm->name : "rmr");
			break;
		}
		}
		n->map_offset = n->n_maps ? fixed + extra : 0;
		if (n->kind == IOT_IORT_RMR && n->rmr_maps_first && n->n_maps)
			n->map_offset = fixed;
		n->length = fixed + extra + IORT_MAP_LEN * (uint32_t)n->n_maps;
	}
}

static uint32_t *explicit_ident(const struct iot_topology *t, enum iot_iort_kind k, int i,
				bool *has)
{
	switch (k) {
	case IOT_IORT_ITS:
		*has = t->msis[i].has_identifier;
		return &t->msis[i].identifier;
	case IOT_IORT_NC:
		*has = t->platdevs[i].has_identifier;
		return &t->platdevs[i].identifier;
	case IOT_IORT_RC:
		*has = t->roots[i].has_identifier;
		return &t->roots[i].identifier;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		*has = t->iommus[i].has_identifier;
		return &t->iommus[i].identifier;
	case IOT_IORT_PMCG:
		*has = t->pmcgs[i].has_identifier;
		return &t->pmcgs[i].identifier;
	case IOT_IORT_RMR:
		*has = t->rmrs[i].has_identifier;
		return &t->rmrs[i].identifier;
	}
	*has = false;
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static bool in_sorted(const uint32_t *v, size_t n, uint32_t x)
{
	return bsearch(&x, v, n, sizeof(*v), cmp_u32) != NULL;
}

/* E.b+: identifiers unique in the table; the node's position unless the model fixes one. */
static void plan_identifiers(struct iort_plan *p)
{
	uint32_t *used = iot_xcalloc(p->n + 1, sizeof(*used));
	size_t n_used = 0;
	uint32_t next = 0;

	if (p->rev == 0)
		goto out; /* "Reserved, must be 0" before issue E */
	for (size_t i = 0; i < p->n; i++) {
		bool has;
		uint32_t *id = explicit_ident(p->t, p->v[i].kind, p->v[i].index, &has);

		if (!has)
			continue;
		used[n_used++] = *id;
		p->v[i].ident = *id;
		p->v[i].has_ident = true;
	}
	qsort(used, n_used, sizeof(*used), cmp_u32);
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = i + 1; p->v[i].has_ident && j < p->n; j++)
			if (p->v[j].has_ident && p->v[j].ident == p->v[i].ident)
				plan_error(p, NULL,
					   "IORT node identifier %u is given to both %s '%s' and "
					   "%s '%s'",
					   p->v[i].ident, iort_kind_name(p->v[i].kind),
					   obj_name(p->t, p->v[i].kind, p->v[i].index),
					   iort_kind_name(p->v[j].kind),
					   obj_name(p->t, p->v[j].kind, p->v[j].index));
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].has_ident)
			continue;
		if (next < i)
			next = (uint32_t)i;
		while (in_sorted(used, n_used, next))
			next++;
		p->v[i].ident = next++;
	}
out:
	free(used);
}

static uint32_t node_offset(const struct iort_plan *p, enum iot_iort_kind k, int i)
{
	int slot = k == IOT_IORT_SMMU ? IOT_IORT_SMMUV3 : k;
	int pi = p->node_of[slot][i];

	return pi >= 0 ? p->v[pi].offset : 0;
}

static void put_memattr(struct iot_buf *b, const struct iot_memattr *m)
{
	iot_buf_add_le(b, m->coherent ? 1 : 0, 4);
	iot_buf_addc(b, (char)m->hints);
	iot_buf_add_le(b, 0, 2);
	iot_buf_addc(b, (char)m->flags);
}

static void put_irq(struct iot_buf *b, const struct iot_irq *q)
{
	iot_buf_add_le(b, q->gsiv, 4);
	iot_buf_add_le(b, q->edge ? 1 : 0, 4);
}

static uint32_t smmu_model_code(enum iot_iommu_model m)
{
	switch (m) {
	case IOT_IOMMU_SMMUV1:
		return 0;
	case IOT_IOMMU_MMU400:
		return 2;
	case IOT_IOMMU_MMU500:
		return 3;
	case IOT_IOMMU_MMU401:
		return 4;
	case IOT_IOMMU_CAVIUM_SMMUV2:
		return 5;
	default:
		return 1; /* SMMUv2 */
	}
}

static void put_rmr_descs(struct iot_buf *b, const struct iot_rmr *rm)
{
	for (size_t i = 0; i < rm->n_ranges; i++) {
		iot_buf_add_le(b, rm->ranges[i].base, 8);
		iot_buf_add_le(b, rm->ranges[i].length, 8);
		iot_buf_add_le(b, 0, 4);
	}
}

static void emit_body(const struct iort_plan *p, const struct iort_plan_node *n, struct iot_buf *b)
{
	const struct iot_topology *t = p->t;
	size_t start = b->len - IORT_NODE_HDR;

	switch (n->kind) {
	case IOT_IORT_ITS: {
		const struct iot_msi *m = &t->msis[n->index];

		iot_buf_add_le(b, m->n_its_ids ? m->n_its_ids : 1, 4);
		for (size_t i = 0; i < m->n_its_ids; i++)
			iot_buf_add_le(b, m->its_ids[i], 4);
		if (!m->n_its_ids)
			iot_buf_add_le(b, (uint64_t)n->index, 4);
		break;
	}
	case IOT_IORT_NC: {
		const struct iot_platdev *pd = &t->platdevs[n->index];

		iot_buf_add_le(b, pd->nc_flags, 4);
		put_memattr(b, &pd->mem);
		iot_buf_addc(b, (char)pd->mem.address_bits);
		iot_buf_add(b, pd->acpi_path, strlen(pd->acpi_path) + 1);
		break;
	}
	case IOT_IORT_RC: {
		const struct iot_pci_root *r = &t->roots[n->index];

		put_memattr(b, &r->mem);
		iot_buf_add_le(b, (r->ats ? 1u : 0) | (r->pri ? 2u : 0) | (r->pasid_fwd ? 4u : 0),
			       4);
		iot_buf_add_le(b, r->segment, 4);
		iot_buf_addc(b, (char)(n->rev >= 1 ? r->mem.address_bits : 0));
		iot_buf_add_le(b, n->rev >= 4 ? r->pasid_bits : 0, 2);
		iot_buf_addc(b, 0);
		if (n->rev >= 4)
			iot_buf_add_le(b, r->pasid ? 1 : 0, 4); /* E.d RC Flags */
		break;
	}
	case IOT_IORT_SMMU: {
		const struct iot_iommu *u = &t->iommus[n->index];
		uint32_t ctx = 76, pmu = 76 + 8 * (uint32_t)u->n_irq_context;

		iot_buf_add_le(b, u->base, 8);
		iot_buf_add_le(b, u->size ? u->size : 0x10000, 8);
		iot_buf_add_le(b, smmu_model_code(u->model), 4);
		iot_buf_add_le(b, (u->dvm ? 1u : 0) | (u->coherent ? 2u : 0), 4);
		iot_buf_add_le(b, 60, 4);
		iot_buf_add_le(b, u->n_irq_context, 4);
		iot_buf_add_le(b, u->n_irq_context ? ctx : 0, 4);
		iot_buf_add_le(b, u->n_irq_pmu, 4);
		iot_buf_add_le(b, u->n_irq_pmu ? pmu : 0, 4);
		put_irq(b, &u->irq_global);
		put_irq(b, &u->irq_global_cfg);
		for (size_t i = 0; i < u->n_irq_context; i++)
			put_irq(b, &u->irq_context[i]);
		for (size_t i = 0; i < u->n_irq_pmu; i++)
			put_irq(b, &u->irq_pmu[i]);
		break;
	}
	case IOT_IORT_SMMUV3: {
		const struct iot_iommu *u = &t->iommus[n->index];
		uint32_t flags = (u->coherent ? 1u : 0) | (uint32_t)(u->httu & 3) << 1 |
				 (u->has_pxm ? 8u : 0);

		/* E.e (node rev 5): DeviceID valid flag; earlier revisions infer it */
		if (n->rev >= 5 && n->devid_valid)
			flags |= 0x10;
		iot_buf_add_le(b, u->base, 8);
		iot_buf_add_le(b, flags, 4);
		iot_buf_add_le(b, 0, 4);
		iot_buf_add_le(b, u->vatos, 8);
		iot_buf_add_le(b, u->impl, 4);
		iot_buf_add_le(b, u->irq_event, 4);
		iot_buf_add_le(b, u->irq_pri, 4);
		iot_buf_add_le(b, u->irq_gerror, 4);
		iot_buf_add_le(b, u->irq_sync, 4);
		iot_buf_add_le(b, u->has_pxm ? u->pxm : 0, 4);
		iot_buf_add_le(b, n->devid_index, 4);
		break;
	}
	case IOT_IORT_PMCG: {
		const struct iot_pmcg *pm = &t->pmcgs[n->index];
		uint32_t ref = 0;

		if (pm->iommu >= 0 && (size_t)pm->iommu < t->n_iommus)
			ref = node_offset(p, IOT_IORT_SMMUV3, pm->iommu);
		else if (pm->platdev >= 0 && (size_t)pm->platdev < t->n_platdevs)
			ref = node_offset(p, IOT_IORT_NC, pm->platdev);
		iot_buf_add_le(b, pm->page0, 8);
		iot_buf_add_le(b, pm->gsiv, 4);
		iot_buf_add_le(b, ref, 4);
		if (n->rev >= 1)
			iot_buf_add_le(b, pm->page1, 8);
		break;
	}
	case IOT_IORT_RMR: {
		const struct iot_rmr *rm = &t->rmrs[n->index];
		uint32_t flags = rm->remap_permitted ? 1u : 0;

		if (n->rev >= 3)
			flags |= (rm->privileged ? 2u : 0) | (uint32_t)rm->access << 2;
		iot_buf_add_le(b, flags, 4);
		iot_buf_add_le(b, rm->n_ranges, 4);
		if (n->map_offset == 28) {
			/* a table read with its mappings first keeps them there */
			iot_buf_add_le(b, 28 + IORT_MAP_LEN * (uint32_t)n->n_maps, 4);
			break;
		}
		iot_buf_add_le(b, 28, 4);
		/* descriptors before the mappings, as iasl lays them out (table-formats §4.4) */
		put_rmr_descs(b, rm);
		break;
	}
	}
	/* NC name padding up to the mappings */
	while (b->len - start < (n->map_offset ? n->map_offset : n->length))
		iot_buf_addc(b, 0);
}

static void emit(const struct iort_plan *p, struct iot_buf *b, struct iot_acpi_names *names)
{
	acpi_put_header(b, "IORT", (uint8_t)p->rev, &p->t->machine);
	iot_buf_add_le(b, p->n, 4);
	iot_buf_add_le(b, IORT_HDR_LEN, 4);
	iot_buf_add_le(b, 0, 4);
	for (size_t i = 0; i < p->n; i++) {
		const struct iort_plan_node *n = &p->v[i];

		acpi_name_add(names, n->offset, "node %zu, %s '%s'", i, iort_kind_name(n->kind),
			      obj_name(p->t, n->kind, n->index));
		iot_buf_addc(b, (char)n->kind);
		iot_buf_add_le(b, n->length, 2);
		iot_buf_addc(b, (char)n->rev);
		iot_buf_add_le(b, n->ident, 4);
		iot_buf_add_le(b, n->n_maps, 4);
		iot_buf_add_le(b, n->map_offset, 4);
		emit_body(p, n, b);
		for (size_t m = 0; m < n->n_maps; m++) {
			const struct iort_map *mp = &n->maps[m];

			iot_buf_add_le(b, mp->in_base, 4);
			iot_buf_add_le(b, mp->n_minus_1, 4);
			iot_buf_add_le(b, mp->out_base, 4);
			iot_buf_add_le(b, node_offset(p, mp->ref_kind, mp->ref_index), 4);
			iot_buf_add_le(b, mp->single ? 1 : 0, 4);
		}
		if (n->kind == IOT_IORT_RMR && n->map_offset == 28)
			put_rmr_descs(b, &p->t->rmrs[n->index]);
	}
	acpi_finish(b);
}

static int check_refs(struct iort_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t m = 0; m < p->v[i].n_maps; m++) {
			const struct iort_map *mp = &p->v[i].maps[m];

			if (!node_offset(p, mp->ref_kind, mp->ref_index))
				plan_error(p, NULL,
					   "IORT %s '%s' maps to %s '%s', which has no IORT node",
					   iort_kind_name(p->v[i].kind),
					   obj_name(p->t, p->v[i].kind, p->v[i].index),
					   iort_kind_name(mp->ref_kind),
					   obj_name(p->t, mp->ref_kind, mp->ref_index));
		}
	return p->errors ? -1 : 0;
}

int iot_iort_write(const struct iot_topology *t, const struct iot_acpi_opts *o, struct iot_buf *out,
		   struct iot_acpi_names *names, struct iot_diags *d)
{
	struct iort_plan p = { .t = t, .d = d };
	uint64_t off = IORT_HDR_LEN;
	int rc = -1;

	p.rev = o && o->iort_revision >= 0   ? o->iort_revision :
		t->machine.has_iort_revision ? t->machine.iort_revision :
					       IOT_IORT_REV_NEWEST;
	if (iort_node_revision(p.rev, IOT_IORT_ITS) < 0) {
		iot_error(d, NULL, "IORT revision %d is not one iotopo writes (0, 3, 5 or 6)",
			  p.rev);
		return -1;
	}
	for (int k = 0; k < 7; k++) {
		size_t cnt = kind_count(t, k);

		p.node_of[k] = iot_xmalloc((cnt ? cnt : 1) * sizeof(int));
		for (size_t i = 0; i < cnt; i++)
			p.node_of[k][i] = -1;
	}
	plan_nodes(&p);
	plan_maps_and_sizes(&p);
	for (size_t i = 0; i < p.n; i++) {
		p.v[i].offset = (uint32_t)off;
		off += p.v[i].length;
		if (p.v[i].length > 0xffff)
			plan_error(&p, NULL,
				   "IORT %s '%s' would be %u bytes; a node is at most 65535",
				   iort_kind_name(p.v[i].kind),
				   obj_name(t, p.v[i].kind, p.v[i].index), p.v[i].length);
	}
	if (off > ACPI_MAX_TABLE)
		plan_error(&p, NULL, "the IORT would be %llu bytes, more than iotopo writes",
			   (unsigned long long)off);
	plan_identifiers(&p);
	if (check_refs(&p) < 0)
		goto out;
	iot_buf_reset(out);
	emit(&p, out, names);
	rc = 0;
out:
	for (size_t i = 0; i < p.n; i++)
		free(p.v[i].maps);
	free(p.v);
	for (int k = 0; k < 7; k++)
		free(p.node_of[k]);
	return rc;
}
