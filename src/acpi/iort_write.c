// SPDX-License-Identifier: MIT
/*
 * Model -> IORT.  Two passes: plan the nodes (order, revision, size, offset),
 * then emit them through the layout tables of src/tables/iort.c, so every
 * Output Reference is an offset the writer computed and never a guess.
 *
 * An object read from an IORT carries how its node was laid out (its fw
 * record: node revision, table position, padding, fields the model has no
 * place for, mapping order); when the table revision written is the one
 * read, the writer follows it and the table comes back byte for byte.
 * Otherwise nodes get the canonical layout of the table revision.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/iort_int.h"
#include "lint/rule_ids.h"
#include "util/mem.h"

struct iort_plan_node {
	unsigned int type;
	int index; /* model object, or the raw node index for an unknown type */
	bool raw;
	int rev;
	uint64_t order; /* sort key: table offset read, or after them in canonical order */
	uint32_t offset;
	uint32_t length;
	uint32_t own; /* header + fields + strings + arrays before the mappings */
	uint32_t pad;
	uint32_t map_offset;
	uint32_t ident;
	bool has_ident;
	const struct iot_fw_node *fw; /* NULL: canonical layout */
	bool rmr_maps_first;
	struct iort_mrefs maps; /* in table order */
	long devid_pos;
};

struct iort_plan {
	const struct iot_topology *t;
	struct iort_plan_node *v;
	size_t n;
	size_t cap;
	int rev;
	bool fw_ok; /* objects' fw records apply: same table revision as read */
	int *node_of[IOT_IORT_NTYPES]; /* per type: model index -> plan index, -1 if absent */
	struct iot_diags *d;
	int errors;
	/*
	 * From a Device Tree: what IORT cannot carry (a device with no ACPI
	 * path, an IOMMU other than an SMMU, an MSI controller other than an
	 * ITS, placeholder rows, disabled nodes) is left out, each object
	 * with one diagnostic, instead of refusing the board.
	 */
	bool dt;
	size_t left_out;
};

static bool any_its(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_msis; i++)
		if (iort_is_its(t, (int)i))
			return true;
	return false;
}

/*
 * A root goes into the IORT unless it only maps to virtio-iommus (VIOT's job)
 * or is a DT fsl-mc bus.  That is no root complex: under ACPI the MC bus is a
 * named component whose ID mappings take the objects' ICIDs as input IDs
 * (fsl-mc-bus.c:fsl_mc_dma_configure -> acpi_dma_configure_id), and the DT's
 * iommu-map rows are placeholders the bootloader fills in, so nothing here
 * says which ICIDs those mappings cover.  plan_nodes() says it is left out.
 */
static bool root_in_iort(const struct iot_topology *t, const struct iot_pci_root *r)
{
	bool virtio = false;

	if (r->fw.has_offset)
		return true;
	if (r->dt_fsl_mc)
		return false;
	for (size_t i = 0; i < r->msi_map.n; i++)
		if (iort_is_its(t, r->msi_map.rows[i].target))
			return true;
	for (size_t i = 0; i < r->iommu_map.n; i++) {
		int tg = r->iommu_map.rows[i].target;

		if (tg < 0 || (size_t)tg >= t->n_iommus)
			continue;
		if (iort_iommu_in_iort(&t->iommus[tg]))
			return true;
		virtio = true;
	}
	if (virtio)
		return false;
	/* a bare root complex still describes memory attributes, if there is an IORT at all */
	for (size_t i = 0; i < t->n_iommus; i++)
		if (iort_iommu_in_iort(&t->iommus[i]))
			return true;
	return any_its(t);
}

static bool platdev_in_iort(const struct iot_topology *t, const struct iot_platdev *p)
{
	if (p->iwb || iort_is_its(t, p->msi_controller))
		return true;
	for (size_t i = 0; i < p->msi_map.n; i++)
		if (iort_is_its(t, p->msi_map.rows[i].target))
			return true;
	if (p->fw.has_offset && p->acpi_path)
		return true;
	for (size_t i = 0; i < p->n_iommus; i++) {
		int u = p->iommus[i].iommu;

		if (u >= 0 && (size_t)u < t->n_iommus && iort_iommu_in_iort(&t->iommus[u]))
			return true;
	}
	for (size_t i = 0; i < p->iommu_map.n; i++) {
		int u = p->iommu_map.rows[i].target;

		if (u >= 0 && (size_t)u < t->n_iommus && iort_iommu_in_iort(&t->iommus[u]))
			return true;
	}
	return false;
}

bool iot_topology_has_iort(const struct iot_topology *t)
{
	if (any_its(t) || t->n_pmcgs || t->n_rmrs || t->machine.iort_fw.n_raw)
		return true;
	for (size_t i = 0; i < t->n_iommus; i++)
		if (iort_iommu_in_iort(&t->iommus[i]))
			return true;
	for (size_t i = 0; i < t->n_platdevs; i++)
		if (platdev_in_iort(t, &t->platdevs[i]))
			return true;
	return false;
}

bool iot_iort_from_dt(const struct iot_topology *t)
{
	return t->firmware.kind == IOT_FW_DT ||
	       (t->firmware.kind == IOT_FW_MODEL && t->firmware.boot == IOT_FW_DT);
}

bool iot_iort_platdevs_named(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_platdevs; i++)
		if (platdev_in_iort(t, &t->platdevs[i]) &&
		    (!t->platdevs[i].acpi_path || !*t->platdevs[i].acpi_path))
			return false;
	return true;
}

static bool wanted(const struct iot_topology *t, unsigned int type, int i)
{
	switch (type) {
	case IOT_IORT_ITS: /* a DT MSI controller that is no ITS has no IORT node */
		return iort_is_its(t, i);
	case IOT_IORT_NC:
		return !t->platdevs[i].iwb && platdev_in_iort(t, &t->platdevs[i]);
	case IOT_IORT_IWB:
		return t->platdevs[i].iwb;
	case IOT_IORT_RC:
		return root_in_iort(t, &t->roots[i]);
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		return iort_iommu_in_iort(&t->iommus[i]) && iort_iommu_type(&t->iommus[i]) == type;
	default:
		return true;
	}
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

static void plan_warning(struct iort_plan *p, const struct iot_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void plan_warning(struct iort_plan *p, const struct iot_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	iot_vdiag(p->d, IOT_SEV_WARNING, loc, NULL, fmt, ap);
	va_end(ap);
}

static const struct iot_fw_node *obj_fw(const struct iort_plan *p, unsigned int type, int idx)
{
	return p->fw_ok ? iort_obj_fw(p->t, type, idx) : NULL;
}

static void plan_add(struct iort_plan *p, unsigned int type, int index, bool raw, uint64_t order)
{
	struct iort_plan_node *n;

	iot_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	n = &p->v[p->n++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->index = index;
	n->raw = raw;
	n->order = order;
	n->devid_pos = -1;
	if (!raw) {
		n->fw = obj_fw(p, type, index);
		if (n->fw && n->fw->has_revision)
			n->rev = n->fw->revision;
		else
			n->rev = iot_iort_node_rev((unsigned int)p->rev, type);
		if (n->rev < 0)
			n->rev = 0;
	} else {
		n->rev = p->t->machine.iort_fw.raw[index].revision;
	}
}

/* SMMUv1/v2 and SMMUv3 nodes index iommus, named components and IWBs platdevs. */
static unsigned int slot(unsigned int type)
{
	return type == IOT_IORT_SMMU ? IOT_IORT_SMMUV3 : type == IOT_IORT_IWB ? IOT_IORT_NC : type;
}

static int cmp_order(const void *a, const void *b)
{
	const struct iort_plan_node *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static bool explicit_ident(const struct iot_topology *t, unsigned int type, int i, uint32_t *id)
{
	void *o = iort_obj(t, type, i);

	switch (type) {
	case IOT_IORT_ITS:
		*id = ((struct iot_msi *)o)->identifier;
		return ((struct iot_msi *)o)->has_identifier;
	case IOT_IORT_NC:
	case IOT_IORT_IWB:
		*id = ((struct iot_platdev *)o)->identifier;
		return ((struct iot_platdev *)o)->has_identifier;
	case IOT_IORT_RC:
		*id = ((struct iot_pci_root *)o)->identifier;
		return ((struct iot_pci_root *)o)->has_identifier;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		*id = ((struct iot_iommu *)o)->identifier;
		return ((struct iot_iommu *)o)->has_identifier;
	case IOT_IORT_PMCG:
		*id = ((struct iot_pmcg *)o)->identifier;
		return ((struct iot_pmcg *)o)->has_identifier;
	case IOT_IORT_RMR:
		*id = ((struct iot_rmr *)o)->identifier;
		return ((struct iot_rmr *)o)->has_identifier;
	}
	return false;
}

static const char *first_compat(const struct iot_compat *c, const char *dflt)
{
	return c->n ? c->v[0] : dflt;
}

/* How many iommus specifiers and map rows of the topology lead to IOMMU @u. */
static void iommu_refs(const struct iot_topology *t, int u, size_t *ents, size_t *rows)
{
	*ents = *rows = 0;
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *pd = &t->platdevs[i];

		for (size_t j = 0; j < pd->n_iommus; j++)
			if (pd->iommus[j].iommu == u)
				*ents += pd->iommus[j].n_ids ? pd->iommus[j].n_ids : 1;
		for (size_t j = 0; j < pd->iommu_map.n; j++)
			*rows += pd->iommu_map.rows[j].target == u;
	}
	for (size_t i = 0; i < t->n_roots; i++)
		for (size_t j = 0; j < t->roots[i].iommu_map.n; j++)
			*rows += t->roots[i].iommu_map.rows[j].target == u;
}

static size_t rows_to(const struct iot_idmap *im, int m)
{
	size_t n = 0;

	for (size_t j = 0; j < im->n; j++)
		n += im->rows[j].target == m;
	return n;
}

/* msi-map rows and msi-parent entries that lead to MSI controller @m. */
static size_t msi_refs(const struct iot_topology *t, int m)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_platdevs; i++)
		n += (t->platdevs[i].msi_controller == m) + rows_to(&t->platdevs[i].msi_map, m);
	for (size_t i = 0; i < t->n_roots; i++)
		n += rows_to(&t->roots[i].msi_map, m);
	for (size_t i = 0; i < t->n_iommus; i++)
		n += rows_to(&t->iommus[i].msi_map, m);
	for (size_t i = 0; i < t->n_pmcgs; i++)
		n += rows_to(&t->pmcgs[i].msi_map, m);
	return n;
}

/*
 * From a Device Tree: the IOMMUs and MSI controllers IORT has no node for,
 * each named once with what leads to it.
 */
static void dt_leave_out_targets(struct iort_plan *p)
{
	const struct iot_topology *t = p->t;

	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];
		const char *what = first_compat(&u->compatible, iot_iommu_model_name(u->model));
		size_t ents, rows;

		/* a virtio-iommu is VIOT's */
		if (iort_iommu_in_iort(u) || iot_iommu_family(u->model) == IOT_FAMILY_VIRTIO)
			continue;
		iommu_refs(t, (int)i, &ents, &rows);
		p->left_out++;
		if (u->status == IOT_STATUS_DISABLED) {
			if (ents || rows)
				iot_rule_diag(
					p->d, IOT_RULE_IORT_DISABLED, &u->loc,
					"IOMMU %s (%s) left out of the IORT: its status is "
					"\"disabled\", so the %zu iommus specifiers and %zu "
					"iommu-map rows that lead to it get no translation under "
					"Linux and none in the IORT",
					u->name, what, ents, rows);
			continue;
		}
		iot_rule_diag(p->d, IOT_RULE_IORT_IOMMU_UNSUPPORTED, &u->loc,
			      "IOMMU %s (%s) left out of the IORT, with the %zu iommus specifiers "
			      "and %zu iommu-map rows that lead to it: IORT has nodes only for Arm "
			      "SMMUs (SMMUv1/v2, SMMUv3); under ACPI this IOMMU needs a table or "
			      "driver binding of its own",
			      u->name, what, ents, rows);
	}
	for (size_t i = 0; i < t->n_msis; i++) {
		const struct iot_msi *m = &t->msis[i];
		size_t n;

		if (iort_is_its(t, (int)i))
			continue;
		n = msi_refs(t, (int)i);
		if (!n)
			continue;
		p->left_out++;
		iot_rule_diag(
			p->d, IOT_RULE_IORT_MSI_UNSUPPORTED, &m->loc,
			"MSI controller %s (%s) left out of the IORT, with the %zu msi-map rows "
			"and msi-parent entries that lead to it: IORT has nodes only for GICv3/v4 "
			"ITS groups (ACPI describes a GICv2m frame in MADT; others need a "
			"binding of their own)",
			m->name, first_compat(&m->compatible, "not an ITS"), n);
	}
}

static bool nonzero_mask(const struct iot_platdev *pd, uint32_t *id, uint32_t *mask, int *u)
{
	for (size_t j = 0; j < pd->n_iommus; j++)
		for (size_t s = 0; s < pd->iommus[j].n_ids; s++)
			if (pd->iommus[j].ids[s].has_mask && pd->iommus[j].ids[s].mask) {
				*id = pd->iommus[j].ids[s].id;
				*mask = pd->iommus[j].ids[s].mask;
				*u = pd->iommus[j].iommu;
				return true;
			}
	return false;
}

/* From a Device Tree: whether object @i of node type @k stays out of the IORT (said once). */
static bool dt_left_out(struct iort_plan *p, unsigned int k, size_t i)
{
	const struct iot_topology *t = p->t;

	if (k == IOT_IORT_RC) {
		const struct iot_pci_root *r = &t->roots[i];

		if (r->status != IOT_STATUS_DISABLED || r->fw.has_offset)
			return false;
		iot_rule_diag(p->d, IOT_RULE_IORT_DISABLED, &r->loc,
			      "host bridge %s (segment %u) left out of the IORT: its status is "
			      "\"disabled\", so Linux never probes it",
			      r->name, r->segment);
	} else if (k == IOT_IORT_NC) {
		const struct iot_platdev *pd = &t->platdevs[i];
		uint32_t id, mask;
		int u;

		if (pd->fw.has_offset)
			return false;
		if (pd->status == IOT_STATUS_DISABLED) {
			iot_rule_diag(p->d, IOT_RULE_IORT_DISABLED, &pd->loc,
				      "device %s left out of the IORT: its status is \"disabled\", "
				      "so Linux never probes it",
				      pd->name);
		} else if (nonzero_mask(pd, &id, &mask, &u)) {
			iot_rule_diag(
				p->d, IOT_RULE_IORT_STREAM_MASK, &pd->loc,
				"device %s left out of the IORT: its iommus entry <%s 0x%x "
				"0x%x> has a stream-match mask, which IORT ID mappings cannot "
				"carry; to include it, list the stream IDs the mask matches as "
				"IDs of their own (and give the device an ACPI path)",
				pd->name, u >= 0 ? t->iommus[u].name : "?", id, mask);
		} else if (!pd->acpi_path || !*pd->acpi_path) {
			iot_rule_diag(
				p->d, IOT_RULE_IORT_NO_ACPI_PATH, &pd->loc,
				"device %s left out of the IORT: Linux matches an IORT named "
				"component to its device by ACPI path, and this device has none; "
				"to include it, decode to YAML, add firmware: dt and give the device its path in "
				"your DSDT (platform-devices: acpi: {path: \"\\\\_SB_.DEV0\"})",
				pd->name);
		} else {
			return false;
		}
	} else if (k == IOT_IORT_PMCG) {
		const struct iot_pmcg *pm = &t->pmcgs[i];

		if (pm->iommu < 0 || (size_t)pm->iommu >= t->n_iommus ||
		    iort_iommu_in_iort(&t->iommus[pm->iommu]))
			return false;
		iot_rule_diag(p->d, IOT_RULE_IORT_DISABLED, &pm->loc,
			      "PMCG %s left out of the IORT with the SMMU it counts for, %s",
			      pm->name, t->iommus[pm->iommu].name);
	} else {
		return false;
	}
	p->left_out++;
	return true;
}

/*
 * Node order: the table offsets the objects were read at, objects without
 * one after them in the canonical order (ITS groups, SMMUs, PMCGs, named
 * components, root complexes, RMRs, IWBs).  With no offsets at all, E.b+
 * tables whose every node has a distinct identifier are ordered by it
 * (QEMU and iotopo number nodes 0, 1, 2... in table order).
 */
static void plan_nodes(struct iort_plan *p)
{
	static const unsigned int order[] = { IOT_IORT_ITS,  IOT_IORT_SMMU, IOT_IORT_SMMUV3,
					      IOT_IORT_PMCG, IOT_IORT_NC,   IOT_IORT_RC,
					      IOT_IORT_RMR,  IOT_IORT_IWB };
	const struct iot_fw_table *ft = &p->t->machine.iort_fw;
	uint64_t canon = 1ull << 32;
	bool any_offset = false, all_ident = p->rev >= 3;

	if (p->dt)
		dt_leave_out_targets(p);
	for (size_t o = 0; o < IOT_ARRAY_SIZE(order); o++) {
		unsigned int k = order[o];

		for (size_t i = 0; i < iort_obj_count(p->t, k); i++) {
			const struct iot_fw_node *fw;

			if (!wanted(p->t, k, (int)i)) {
				if (k == IOT_IORT_RC && p->t->roots[i].dt_fsl_mc)
					iot_diag(
						p->d, IOT_SEV_NOTE, &p->t->roots[i].loc, NULL,
						"fsl-mc bus %s left out of the IORT: ACPI describes "
						"it as a named component mapping ICIDs, and its "
						"iommu-map rows are placeholders the bootloader "
						"fills in",
						p->t->roots[i].name);
				continue;
			}
			if (p->dt && dt_left_out(p, k, i))
				continue;
			fw = obj_fw(p, k, (int)i);
			plan_add(p, k, (int)i, false, fw && fw->has_offset ? fw->offset : canon++);
			any_offset |= fw && fw->has_offset;
		}
	}
	if (p->fw_ok)
		for (size_t i = 0; i < ft->n_raw; i++) {
			plan_add(p, ft->raw[i].type, (int)i, true, ft->raw[i].offset);
			any_offset = true;
		}
	if (!any_offset && all_ident && p->n > 1) {
		for (size_t i = 0; i < p->n && all_ident; i++) {
			uint32_t id;

			all_ident = explicit_ident(p->t, p->v[i].type, p->v[i].index, &id);
			p->v[i].order = (uint64_t)id << 32 | i;
		}
		for (size_t i = 0; i < p->n && all_ident; i++)
			for (size_t j = i + 1; j < p->n && all_ident; j++)
				if (p->v[i].order >> 32 == p->v[j].order >> 32)
					all_ident = false;
		if (!all_ident)
			for (size_t i = 0; i < p->n; i++)
				p->v[i].order = i;
	}
	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), cmp_order);
	for (size_t i = 0; i < p->n; i++)
		if (!p->v[i].raw)
			p->node_of[slot(p->v[i].type)][p->v[i].index] = (int)i;
}

static int nc_check_path(struct iort_plan *p, const struct iot_platdev *pd)
{
	const char *s = pd->acpi_path;
	size_t seg = 0;

	if (!s || !*s) {
		plan_error(p, &pd->loc,
			   "platform device '%s': an IORT %s needs an acpi-path "
			   "(e.g. \\_SB_.DMA0)",
			   pd->name ? pd->name : "?", pd->iwb ? "IWB" : "named component");
		return -1;
	}
	if (strlen(pd->acpi_path) > 255) {
		plan_error(p, &pd->loc, "platform device '%s': acpi-path is too long",
			   pd->name ? pd->name : "?");
		return -1;
	}
	/*
	 * iort.c:iort_match_node_callback compares with acpi_get_name(ACPI_FULL_PATHNAME):
	 * a root-relative path of 4-character segments.  "\_SB.DMA0" never matches, but
	 * shipped firmware has such names: write it, and say so.
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
	if (seg == 4)
		return 0;
bad:
	if (!pd->fw.has_offset)
		iot_diag(p->d, IOT_SEV_WARNING, &pd->loc, NULL,
			 "platform device '%s': acpi-path \"%s\" is not a full path of "
			 "4-character segments (like \\_SB_.DMA0); Linux compares the normalised "
			 "full path and never matches it",
			 pd->name ? pd->name : "?", pd->acpi_path);
	return 0;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3) & ~3u;
}

/*
 * From a Device Tree: zero-length map rows (U-Boot's iommu-map = <0 &smmu 0 0>,
 * filled in at boot) have no IORT form; leave them out, said once per node.
 */
static const struct iot_idmap *node_map(const struct iort_plan *p, const struct iort_plan_node *n,
					unsigned int sel, uint32_t *bits)
{
	*bits = 0xffff;
	if (n->type == IOT_IORT_RC)
		return sel == IORT_MAP_IOMMU ? &p->t->roots[n->index].iommu_map :
					       &p->t->roots[n->index].msi_map;
	*bits = 0xffffffff;
	if (n->type == IOT_IORT_NC)
		return sel == IORT_MAP_IOMMU ? &p->t->platdevs[n->index].iommu_map :
					       &p->t->platdevs[n->index].msi_map;
	return NULL;
}

static const struct iot_loc *node_loc(const struct iort_plan *p, const struct iort_plan_node *n)
{
	return n->type == IOT_IORT_RC ? &p->t->roots[n->index].loc :
	       n->type == IOT_IORT_NC ? &p->t->platdevs[n->index].loc :
					NULL;
}

/*
 * From a Device Tree: an iommu-map-mask / msi-map-mask that folds many IDs
 * onto one (Tegra's and Juno's <0>, Qualcomm's 0xff00 for the bus) has no
 * IORT form; leave that map out, said once per map.
 */
static bool masked_map(struct iort_plan *p, struct iort_plan_node *n, unsigned int sel)
{
	uint32_t bits;
	const struct iot_idmap *im = node_map(p, n, sel, &bits);

	if (!im || !iort_map_masked(im, bits))
		return false;
	p->left_out++;
	iot_rule_diag(p->d, IOT_RULE_IORT_MAP_MASK, node_loc(p, n),
		      "%s %s: its %s (%zu row%s) left out of the IORT: %s-mask 0x%x makes IDs "
		      "that differ in the masked-off bits share one output, and an IORT ID "
		      "mapping is a linear range; to include it, write the map without a mask, "
		      "one row per ID range",
		      iot_iort_type_name(n->type), iort_obj_name(p->t, n->type, n->index),
		      sel == IORT_MAP_IOMMU ? "iommu-map" : "msi-map", im->n, im->n == 1 ? "" : "s",
		      sel == IORT_MAP_IOMMU ? "iommu-map" : "msi-map", im->mask);
	return true;
}

static void drop_placeholder_rows(struct iort_plan *p, struct iort_plan_node *n)
{
	size_t k = 0, dropped = 0;
	bool masked[2];

	masked[IORT_MAP_IOMMU] = masked_map(p, n, IORT_MAP_IOMMU);
	masked[IORT_MAP_MSI] = masked_map(p, n, IORT_MAP_MSI);
	for (size_t j = 0; j < n->maps.n; j++) {
		const struct iort_mref *m = &n->maps.v[j];

		if (m->src == IORT_MS_ROW && m->map <= IORT_MAP_MSI && masked[m->map]) {
			if (n->devid_pos > (long)k)
				n->devid_pos--;
			continue;
		}
		if (m->src == IORT_MS_ROW && !m->single && !m->count) {
			dropped++;
			if (n->devid_pos > (long)k)
				n->devid_pos--;
			continue;
		}
		n->maps.v[k++] = *m;
	}
	n->maps.n = k;
	if (!dropped)
		return;
	p->left_out++;
	iot_rule_diag(p->d, IOT_RULE_IORT_PLACEHOLDER_ROW, node_loc(p, n),
		      "%s %s: %zu zero-length map row%s left out of the IORT: a placeholder the "
		      "bootloader fills in at boot has no IORT form; to include the mapping, give "
		      "the rows the bootloader writes",
		      iot_iort_type_name(n->type), iort_obj_name(p->t, n->type, n->index), dropped,
		      dropped == 1 ? "" : "s");
}

/* The node's ID mappings in table order: canonical, then the recorded order. */
static void plan_maps(struct iort_plan *p, struct iort_plan_node *n)
{
	const struct iot_fw_node *fw = n->fw;
	bool verbatim = fw && fw->has_offset;

	iort_canon_maps(p->t, n->type, n->index, verbatim, &n->maps, &n->devid_pos);
	if (p->dt && !verbatim)
		drop_placeholder_rows(p, n);
	if (fw && fw->n_map_order == n->maps.n && n->maps.n) {
		struct iort_mref *v = iot_xcalloc(n->maps.n, sizeof(*v));
		bool ok = true;

		for (size_t k = 0; k < n->maps.n && ok; k++) {
			ok = fw->map_order[k] < n->maps.n;
			if (ok)
				v[k] = n->maps.v[fw->map_order[k]];
		}
		if (ok) {
			for (size_t k = 0; k < n->maps.n; k++)
				if ((long)fw->map_order[k] == n->devid_pos) {
					n->devid_pos = (long)k;
					break;
				}
			free(n->maps.v);
			n->maps.v = v;
			n->maps.cap = n->maps.n;
		} else {
			free(v);
		}
	}
	/* a single mapping keeps the input base and count the table gave it */
	for (size_t k = 0; fw && k < n->maps.n; k++) {
		struct iort_mref *m = &n->maps.v[k];
		const struct iot_fw_field *f;

		if (m->src != IORT_MS_SID && m->src != IORT_MS_DEVID)
			continue;
		f = iot_fw_field_get(fw->fields, fw->n_fields, "in-base", (uint32_t)k);
		if (f)
			m->in_base = (uint32_t)f->value;
	}
}

/* Rows of @im that lead to a DT MSI controller IORT cannot name. */
static void check_msi_rows(struct iort_plan *p, const struct iot_idmap *im, const char *owner)
{
	for (size_t r = 0; r < im->n; r++) {
		int tg = im->rows[r].target;

		if (tg < 0 || (size_t)tg >= p->t->n_msis)
			plan_error(p, &im->rows[r].loc, "%s: MSI map row %zu has no MSI controller",
				   owner, r);
		else if (!iort_is_its(p->t, tg) && !p->dt) /* DT: dt_leave_out_targets said it */
			plan_error(p, &im->rows[r].loc,
				   "%s: MSI map row %zu leads to %s, a DT MSI controller that is "
				   "no GICv3 ITS: IORT has no form for it",
				   owner, r, p->t->msis[tg].name);
	}
}

static void check_rows(struct iort_plan *p, struct iort_plan_node *n)
{
	const char *owner = iort_obj_name(p->t, n->type, n->index);

	switch (n->type) {
	case IOT_IORT_RC:
		check_msi_rows(p, &p->t->roots[n->index].msi_map, owner);
		break;
	case IOT_IORT_NC:
	case IOT_IORT_IWB:
		check_msi_rows(p, &p->t->platdevs[n->index].msi_map, owner);
		break;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		check_msi_rows(p, &p->t->iommus[n->index].msi_map, owner);
		break;
	case IOT_IORT_PMCG:
		check_msi_rows(p, &p->t->pmcgs[n->index].msi_map, owner);
		break;
	}
	for (size_t k = 0; k < n->maps.n; k++) {
		const struct iort_mref *m = &n->maps.v[k];

		if (m->src == IORT_MS_ROW && !m->single &&
		    (m->count == 0 || m->count > 0x100000000ull))
			plan_error(p, NULL,
				   "%s '%s': map row %u covers %llu IDs; IORT needs 1 to 2^32",
				   iot_iort_type_name(n->type),
				   iort_obj_name(p->t, n->type, n->index), m->b,
				   (unsigned long long)m->count);
	}
}

/* Own fields, strings and arrays before the mappings. */
static uint32_t own_size(struct iort_plan *p, struct iort_plan_node *n)
{
	const struct iot_topology *t = p->t;
	const struct iot_iort_type *ty = iot_iort_type(n->type);
	uint32_t body = (uint32_t)iot_layout_size(ty->body, (unsigned int)n->rev);

	if (n->fw && n->fw->body_len && n->fw->body_len < body)
		body = n->fw->body_len;
	body += 0; /* body sizes count from the node start: rows start at 16 */
	switch (n->type) {
	case IOT_IORT_ITS: {
		size_t k = t->msis[n->index].n_its_ids;

		return body + 4 * (uint32_t)(k ? k : 1);
	}
	case IOT_IORT_NC:
	case IOT_IORT_IWB: {
		const struct iot_platdev *pd = &t->platdevs[n->index];

		return body + (pd->acpi_path ? (uint32_t)strlen(pd->acpi_path) + 1 : 1);
	}
	case IOT_IORT_SMMU: {
		const struct iot_iommu *u = &t->iommus[n->index];

		return body + 8 * (uint32_t)(u->n_irq_context + u->n_irq_pmu);
	}
	case IOT_IORT_RMR:
		return body + 20 * (uint32_t)t->rmrs[n->index].n_ranges;
	}
	return body;
}

static void plan_checks(struct iort_plan *p, struct iort_plan_node *n)
{
	const struct iot_topology *t = p->t;

	switch (n->type) {
	case IOT_IORT_NC:
	case IOT_IORT_IWB: {
		const struct iot_platdev *pd = &t->platdevs[n->index];

		if (nc_check_path(p, pd) < 0)
			break;
		for (size_t j = 0; j < pd->n_iommus; j++)
			for (size_t s = 0; s < pd->iommus[j].n_ids; s++)
				if (pd->iommus[j].ids[s].has_mask && pd->iommus[j].ids[s].mask)
					plan_error(p, &pd->iommus[j].loc,
						   "platform device '%s': IORT cannot express a "
						   "stream-match mask",
						   pd->name ? pd->name : "?");
		break;
	}
	case IOT_IORT_PMCG: {
		const struct iot_pmcg *pm = &t->pmcgs[n->index];

		if (pm->iommu >= 0 && ((size_t)pm->iommu >= t->n_iommus ||
				       !iort_iommu_in_iort(&t->iommus[pm->iommu])))
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
		break;
	}
	case IOT_IORT_RMR: {
		const struct iot_rmr *rm = &t->rmrs[n->index];

		if (p->rev < 3)
			plan_error(p, &rm->loc,
				   "RMR '%s' needs IORT revision 3 (E.b) or later; "
				   "Linux uses RMRs only from revision 5 (E.d)",
				   rm->name ? rm->name : "?");
		else if (!rm->n_ranges)
			plan_error(p, &rm->loc, "RMR '%s' has no memory range",
				   rm->name ? rm->name : "?");
		else if (p->rev < 5)
			/* iort.c:iort_find_rmrs: nothing below revision 5 is read */
			iot_diag(
				p->d, IOT_SEV_WARNING, &rm->loc, NULL,
				"RMR '%s' is written into IORT revision %d: Linux reads RMRs only "
				"from revision 5 (E.d) and ignores it, so the DMA it covers faults",
				rm->name ? rm->name : "?", p->rev);
		break;
	}
	}
	switch (n->type) {
	case IOT_IORT_IWB:
		if (p->rev < 7)
			plan_error(p, &t->platdevs[n->index].loc,
				   "IWB '%s' needs IORT revision 7 (E.g)",
				   t->platdevs[n->index].name ? t->platdevs[n->index].name : "?");
		break;
	case IOT_IORT_SMMUV3:
		if (!n->fw && n->rev >= 1 && n->rev < 5 && n->devid_pos < 0 && n->maps.n &&
		    iort_smmuv3_devid_index((unsigned int)n->rev, &t->iommus[n->index],
					    (uint32_t)n->maps.n, -1) == n->maps.n)
			iot_diag(p->d, IOT_SEV_WARNING, &t->iommus[n->index].loc, NULL,
				 "SMMUv3 '%s' signals by MSI (not all four GSIVs given) but "
				 "has no MSI DeviceID (msi-parent); before IORT E.e its "
				 "DeviceID mapping index cannot say 'none', so it is written "
				 "out of range",
				 iort_obj_name(t, n->type, n->index));
		break;
	}
}

static void plan_raw_sizes(const struct iort_plan *p, struct iort_plan_node *n)
{
	const struct iot_fw_raw_node *rn = &p->t->machine.iort_fw.raw[n->index];

	n->own = IOT_IORT_NODE_HDR_LEN + (uint32_t)rn->body.n;
	n->map_offset = rn->n_maps ? n->own : 0;
	n->length = n->own + IOT_IORT_MAP_LEN * (uint32_t)rn->n_maps + (uint32_t)rn->tail.n;
}

static void plan_sizes(struct iort_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct iort_plan_node *n = &p->v[i];
		const struct iot_fw_node *fw = n->fw;
		uint32_t maps_len;

		if (n->raw) {
			plan_raw_sizes(p, n);
			continue;
		}
		plan_maps(p, n);
		plan_checks(p, n);
		check_rows(p, n);
		n->own = own_size(p, n);
		maps_len = IOT_IORT_MAP_LEN * (uint32_t)n->maps.n;
		if (fw && fw->pad.has)
			n->pad = (uint32_t)fw->pad.n;
		else if ((n->type == IOT_IORT_NC || n->type == IOT_IORT_IWB) && n->maps.n)
			/* never end the name at the mappings: iasl -d stops there */
			n->pad = align4(n->own) == n->own ? 4 : align4(n->own) - n->own;
		if (n->type == IOT_IORT_RMR && fw && n->maps.n) {
			const struct iot_fw_field *f =
				iot_fw_field_get(fw->fields, fw->n_fields, "rmr-offset", 0);

			n->rmr_maps_first = f && f->value == 28 + maps_len;
		}
		if (!n->maps.n) {
			const struct iot_fw_field *f =
				fw ? iot_fw_field_get(fw->fields, fw->n_fields, "map-offset", 0) :
				     NULL;

			n->map_offset = f ? (uint32_t)f->value : 0;
		} else {
			n->map_offset = n->rmr_maps_first ? 28 : n->own + n->pad;
		}
		n->length = n->own + n->pad + maps_len +
			    (fw && fw->tail.has ? (uint32_t)fw->tail.n : 0);
	}
}

/* E.b+: identifiers unique in the table; the node's position unless the model fixes one. */
static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void plan_identifiers(struct iort_plan *p)
{
	uint32_t *used = iot_xcalloc(p->n + 1, sizeof(*used));
	size_t n_used = 0;
	uint32_t next = 0;

	if (p->rev < 3)
		goto out; /* "Reserved, must be 0" before issue E */
	for (size_t i = 0; i < p->n; i++) {
		uint32_t id;

		if (p->v[i].raw) {
			p->v[i].ident = p->t->machine.iort_fw.raw[p->v[i].index].identifier;
			p->v[i].has_ident = true;
		} else if (explicit_ident(p->t, p->v[i].type, p->v[i].index, &id)) {
			p->v[i].ident = id;
			p->v[i].has_ident = true;
		} else {
			continue;
		}
		used[n_used++] = p->v[i].ident;
	}
	qsort(used, n_used, sizeof(*used), cmp_u32);
	for (size_t i = 1; i < n_used; i++)
		if (used[i] == used[i - 1]) {
			for (size_t a = 0; a < p->n; a++)
				for (size_t b = a + 1; b < p->n; b++)
					if (p->v[a].has_ident && p->v[b].has_ident &&
					    p->v[a].ident == used[i] && p->v[b].ident == used[i])
						/* a table read back keeps its duplicates */
						(p->fw_ok ? plan_warning : plan_error)(
							p, NULL,
							"IORT node identifier %u is given to both "
							"%s '%s' and %s '%s'",
							used[i], iot_iort_type_name(p->v[a].type),
							iort_obj_name(p->t, p->v[a].type,
								      p->v[a].index),
							iot_iort_type_name(p->v[b].type),
							iort_obj_name(p->t, p->v[b].type,
								      p->v[b].index));
			break;
		}
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].has_ident)
			continue;
		if (next < i)
			next = (uint32_t)i;
		while (bsearch(&next, used, n_used, sizeof(*used), cmp_u32))
			next++;
		p->v[i].ident = next++;
	}
out:
	free(used);
}

static uint32_t node_offset(const struct iort_plan *p, unsigned int type, int i)
{
	int pi;

	if (type >= IOT_IORT_NTYPES || i < 0 || (size_t)i >= iort_obj_count(p->t, type))
		return 0;
	pi = p->node_of[slot(type)][i];
	return pi >= 0 ? p->v[pi].offset : 0;
}

/* The node an object name belongs to (raw nodes name their targets). */
static uint32_t offset_by_name(const struct iort_plan *p, const char *name)
{
	const struct iot_topology *t = p->t;
	int i;

	if ((i = iot_find_msi(t, name)) >= 0)
		return node_offset(p, IOT_IORT_ITS, i);
	if ((i = iot_find_iommu(t, name)) >= 0)
		return node_offset(p, IOT_IORT_SMMUV3, i);
	if ((i = iot_find_root(t, name)) >= 0)
		return node_offset(p, IOT_IORT_RC, i);
	if ((i = iot_find_platdev(t, name)) >= 0)
		return node_offset(p, IOT_IORT_NC, i);
	for (size_t k = 0; k < t->n_pmcgs; k++)
		if (t->pmcgs[k].name && !strcmp(t->pmcgs[k].name, name))
			return node_offset(p, IOT_IORT_PMCG, (int)k);
	for (size_t k = 0; k < t->n_rmrs; k++)
		if (t->rmrs[k].name && !strcmp(t->rmrs[k].name, name))
			return node_offset(p, IOT_IORT_RMR, (int)k);
	return 0;
}

struct calc {
	const struct iort_plan *p;
	const struct iort_plan_node *n;
	const struct iort_mref *m; /* the mapping being written */
};

static bool calc_node(void *ctx, const struct iot_field *f, uint64_t *v)
{
	const struct calc *c = ctx;
	const struct iort_plan_node *n = c->n;
	const struct iot_topology *t = c->p->t;
	const char *k = f->key;

	if (!strcmp(k, "node-count"))
		*v = c->p->n;
	else if (!strcmp(k, "node-offset"))
		*v = c->p->n ? c->p->v[0].offset : IOT_IORT_HDR_LEN;
	else if (!n)
		return false;
	else if (!strcmp(k, "type"))
		*v = n->type;
	else if (!strcmp(k, "length"))
		*v = n->length;
	else if (!strcmp(k, "revision"))
		*v = (uint64_t)n->rev;
	else if (!strcmp(k, "identifier"))
		*v = n->ident;
	else if (!strcmp(k, "map-count"))
		*v = n->raw ? t->machine.iort_fw.raw[n->index].n_maps : n->maps.n;
	else if (!strcmp(k, "map-offset"))
		*v = n->map_offset;
	else if (!strcmp(k, "its-count"))
		*v = t->msis[n->index].n_its_ids ? t->msis[n->index].n_its_ids : 1;
	else if (!strcmp(k, "global-irq-offset"))
		*v = 60;
	else if (!strcmp(k, "ctx-irq-count"))
		*v = t->iommus[n->index].n_irq_context;
	else if (!strcmp(k, "ctx-irq-offset"))
		*v = t->iommus[n->index].n_irq_context ? 76 : 0;
	else if (!strcmp(k, "pmu-irq-count"))
		*v = t->iommus[n->index].n_irq_pmu;
	else if (!strcmp(k, "pmu-irq-offset"))
		*v = t->iommus[n->index].n_irq_pmu ? 76 + 8 * t->iommus[n->index].n_irq_context : 0;
	else if (!strcmp(k, "devid-valid"))
		*v = n->devid_pos >= 0;
	else if (!strcmp(k, "devid-index"))
		*v = iort_smmuv3_devid_index((unsigned int)n->rev, &t->iommus[n->index],
					     (uint32_t)n->maps.n, n->devid_pos);
	else if (!strcmp(k, "node-ref")) {
		const struct iot_pmcg *pm = &t->pmcgs[n->index];

		*v = pm->iommu >= 0   ? node_offset(c->p, IOT_IORT_SMMUV3, pm->iommu) :
		     pm->platdev >= 0 ? node_offset(c->p, IOT_IORT_NC, pm->platdev) :
					0;
	} else if (!strcmp(k, "rmr-count"))
		*v = t->rmrs[n->index].n_ranges;
	else if (!strcmp(k, "rmr-offset"))
		*v = n->rmr_maps_first ? 28 + IOT_IORT_MAP_LEN * n->maps.n : 28;
	else if (!strcmp(k, "id-count"))
		*v = c->m->count ? c->m->count - 1 : 0; /* "number of IDs minus one" */
	else if (!strcmp(k, "out-ref"))
		*v = node_offset(c->p, c->m->ttype, c->m->tidx);
	else
		return false;
	return true;
}

static void put_bytes(struct iot_buf *b, const struct iot_bytes *x)
{
	if (x->n)
		iot_buf_add(b, x->v, x->n);
}

static void emit_maps(const struct iort_plan *p, const struct iort_plan_node *n, struct iot_buf *b)
{
	const struct iot_fw_node *fw = n->fw;

	for (size_t k = 0; k < n->maps.n; k++) {
		const struct iort_mref *m = &n->maps.v[k];
		struct iot_map_row row = { .in_base = m->in_base,
					   .out_base = m->out_base,
					   .single = m->single };
		struct calc c = { p, n, m };

		iot_layout_write(&iot_iort_map, 0, b, b->len, &row, fw ? fw->fields : NULL,
				 fw ? fw->n_fields : 0, (uint32_t)k, calc_node, &c, NULL);
	}
}

static void emit_arrays(const struct iort_plan *p, const struct iort_plan_node *n,
			struct iot_buf *b)
{
	const struct iot_topology *t = p->t;
	const struct iot_iort_type *ty = iot_iort_type(n->type);
	const struct iot_fw_field *ff = n->fw ? n->fw->fields : NULL;
	size_t nf = n->fw ? n->fw->n_fields : 0;
	unsigned int rev = (unsigned int)n->rev;

	switch (n->type) {
	case IOT_IORT_ITS: {
		const struct iot_msi *m = &t->msis[n->index];
		uint32_t dflt = (uint32_t)n->index;

		for (size_t i = 0; i < m->n_its_ids; i++)
			iot_layout_write(ty->arrays[0].elem, rev, b, b->len, &m->its_ids[i], ff, nf,
					 (uint32_t)i, NULL, NULL, NULL);
		if (!m->n_its_ids)
			iot_layout_write(ty->arrays[0].elem, rev, b, b->len, &dflt, ff, nf, 0, NULL,
					 NULL, NULL);
		break;
	}
	case IOT_IORT_SMMU: {
		const struct iot_iommu *u = &t->iommus[n->index];

		for (size_t i = 0; i < u->n_irq_context; i++)
			iot_layout_write(ty->arrays[0].elem, rev, b, b->len, &u->irq_context[i], ff,
					 nf, (uint32_t)i, NULL, NULL, NULL);
		for (size_t i = 0; i < u->n_irq_pmu; i++)
			iot_layout_write(ty->arrays[1].elem, rev, b, b->len, &u->irq_pmu[i], ff, nf,
					 (uint32_t)i, NULL, NULL, NULL);
		break;
	}
	case IOT_IORT_RMR: {
		const struct iot_rmr *rm = &t->rmrs[n->index];

		for (size_t i = 0; i < rm->n_ranges; i++)
			iot_layout_write(ty->arrays[0].elem, rev, b, b->len, &rm->ranges[i], ff, nf,
					 (uint32_t)i, NULL, NULL, NULL);
		break;
	}
	}
}

static void emit_raw(const struct iort_plan *p, const struct iort_plan_node *n, struct iot_buf *b)
{
	const struct iot_fw_raw_node *rn = &p->t->machine.iort_fw.raw[n->index];
	struct calc c = { p, n, NULL };

	iot_layout_write(iot_iort_node_hdr((unsigned int)p->rev), 0, b, b->len, NULL, NULL, 0, 0,
			 calc_node, &c, NULL);
	put_bytes(b, &rn->body);
	for (size_t k = 0; k < rn->n_maps; k++) {
		iot_buf_add_le(b, rn->maps[k].in_base, 4);
		iot_buf_add_le(b, rn->maps[k].id_count, 4);
		iot_buf_add_le(b, rn->maps[k].out_base, 4);
		iot_buf_add_le(b, offset_by_name(p, rn->maps[k].target), 4);
		iot_buf_add_le(b, rn->maps[k].flags, 4);
	}
	put_bytes(b, &rn->tail);
}

static void emit_node(const struct iort_plan *p, const struct iort_plan_node *n, struct iot_buf *b)
{
	const struct iot_topology *t = p->t;
	const struct iot_iort_type *ty = iot_iort_type(n->type);
	const struct iot_fw_node *fw = n->fw;
	const struct iot_fw_field *ff = fw ? fw->fields : NULL;
	size_t nf = fw ? fw->n_fields : 0, start = b->len, body_end;
	struct calc c = { p, n, NULL };
	const char *str = NULL;

	iot_layout_write(iot_iort_node_hdr((unsigned int)p->rev), 0, b, start, NULL, ff, nf, 0,
			 calc_node, &c, NULL);
	if (n->type == IOT_IORT_NC || n->type == IOT_IORT_IWB)
		str = t->platdevs[n->index].acpi_path;
	iot_layout_write(ty->body, (unsigned int)n->rev, b, start, iort_obj(t, n->type, n->index),
			 ff, nf, 0, calc_node, &c, str);
	body_end = start + (fw && fw->body_len ? fw->body_len :
						 iot_layout_size(ty->body, (unsigned int)n->rev));
	if (fw && fw->body_len && b->len > body_end && !str)
		b->len = body_end; /* the node had fewer fields than its revision's layout */
	if (n->rmr_maps_first) {
		emit_maps(p, n, b);
		emit_arrays(p, n, b);
	} else {
		emit_arrays(p, n, b);
		if (fw && fw->pad.has)
			put_bytes(b, &fw->pad);
		else
			iot_buf_zeros(b, n->pad);
		emit_maps(p, n, b);
	}
	if (fw && fw->tail.has)
		put_bytes(b, &fw->tail);
}

static void emit(const struct iort_plan *p, struct iot_buf *b, struct iot_acpi_names *names)
{
	const struct iot_fw_table *ft = p->fw_ok ? &p->t->machine.iort_fw : NULL;
	struct calc c = { p, NULL, NULL };

	acpi_put_header(b, "IORT", (uint8_t)p->rev, &p->t->machine, ft);
	iot_layout_write(&iot_iort_header, 0, b, 0, NULL, ft ? ft->fields : NULL,
			 ft ? ft->n_fields : 0, 0, calc_node, &c, NULL);
	if (ft)
		put_bytes(b, &ft->pad);
	for (size_t i = 0; i < p->n; i++) {
		const struct iort_plan_node *n = &p->v[i];

		acpi_name_add(names, n->offset, "node %zu, %s '%s'", i, iot_iort_type_name(n->type),
			      n->raw ? "(raw)" : iort_obj_name(p->t, n->type, n->index));
		if (n->raw)
			emit_raw(p, n, b);
		else
			emit_node(p, n, b);
	}
	if (ft)
		put_bytes(b, &ft->tail);
	acpi_finish(b);
}

static int check_refs(struct iort_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t m = 0; m < p->v[i].maps.n; m++) {
			const struct iort_mref *mp = &p->v[i].maps.v[m];

			if (!node_offset(p, mp->ttype, mp->tidx))
				plan_error(p, NULL,
					   "IORT %s '%s' maps to %s '%s', which has no IORT node",
					   iot_iort_type_name(p->v[i].type),
					   iort_obj_name(p->t, p->v[i].type, p->v[i].index),
					   iot_iort_type_name(mp->ttype),
					   iort_obj_name(p->t, mp->ttype, mp->tidx));
		}
	return p->errors ? -1 : 0;
}

int iot_iort_write(const struct iot_topology *t, const struct iot_acpi_opts *o, struct iot_buf *out,
		   struct iot_acpi_names *names, struct iot_diags *d)
{
	struct iort_plan p = { .t = t, .d = d };
	const struct iot_fw_table *ft = &t->machine.iort_fw;
	uint64_t off;
	int rc = -1;

	p.rev = o && o->iort_revision >= 0   ? o->iort_revision :
		t->machine.has_iort_revision ? t->machine.iort_revision :
					       IOT_IORT_REV_NEWEST;
	if (iot_iort_node_rev((unsigned int)p.rev, IOT_IORT_ITS) < 0) {
		iot_error(d, NULL, "IORT revision %d is not one iotopo writes (0, 3, 5, 6 or 7)",
			  p.rev);
		return -1;
	}
	p.fw_ok = t->machine.has_iort_revision && t->machine.iort_revision == p.rev;
	p.dt = iot_iort_from_dt(t);
	for (int k = 0; k < IOT_IORT_NTYPES; k++) {
		size_t cnt = iort_obj_count(t, (unsigned int)k);

		p.node_of[k] = iot_xmalloc((cnt ? cnt : 1) * sizeof(int));
		for (size_t i = 0; i < cnt; i++)
			p.node_of[k][i] = -1;
	}
	plan_nodes(&p);
	plan_sizes(&p);
	off = IOT_IORT_HDR_LEN + (p.fw_ok && ft->pad.has ? ft->pad.n : 0);
	for (size_t i = 0; i < p.n; i++) {
		p.v[i].offset = (uint32_t)off;
		off += p.v[i].length;
		if (p.v[i].length > 0xffff)
			plan_error(
				&p, NULL, "IORT %s '%s' would be %u bytes; a node is at most 65535",
				iot_iort_type_name(p.v[i].type),
				p.v[i].raw ? "(raw)" : iort_obj_name(t, p.v[i].type, p.v[i].index),
				p.v[i].length);
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
		iort_mrefs_free(&p.v[i].maps);
	free(p.v);
	for (int k = 0; k < IOT_IORT_NTYPES; k++)
		free(p.node_of[k]);
	return rc;
}
