// SPDX-License-Identifier: MIT
/*
 * IORT -> model.  Three passes over a bounds-checked cursor: walk the node
 * list (iort.c:iort_scan_node's walk, with every step checked), create one
 * model object per node, then read every node through its layout tables
 * (src/tables/iort.c): fields into the object, reserved bits checked, the
 * arrays it carries located and checked by one checker, ID mappings
 * resolved to the nodes they must start at.  What the model has no field
 * for (node revisions, padding, reserved bytes that are set, a mapping
 * order of its own) goes into the object's fw record, so the writer gives
 * back the same bytes.  Problems are reported with the byte offset, node
 * and field, and reading goes on wherever the next step is still safe.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/iort_int.h"
#include "util/mem.h"

/* Where a table mapping went in the model (IORT_MS_*), or dropped. */
#define MAP_DROPPED 0xff

struct rnode {
	size_t off; /* absolute */
	uint8_t type;
	uint16_t length;
	uint8_t rev;
	uint32_t ident;
	uint32_t map_count;
	uint32_t map_offset;
	const struct iot_iort_type *ty;
	int obj; /* model index, IOT_NONE if not modelled */
	struct iot_cur cur;
	size_t own_end; /* end of the node's fields and arrays before the mappings */
	size_t arrays_end; /* end of the furthest array (RMR descriptors may follow the mappings) */
	struct iort_mref *tmaps; /* per table mapping: where it went */
	size_t n_tmaps;
	size_t n_nc_ranges; /* named component range mappings (one finding per node) */
	size_t first_range; /* window offset of the first */
};

struct ident_ix {
	uint32_t ident;
	size_t idx;
};

struct iort_reader {
	struct iot_cur tbl;
	struct iot_topology *t;
	struct iot_diags *d;
	uint8_t rev;
	bool keep; /* record the layout (the first IORT read into this model) */
	struct rnode *nodes;
	size_t n_nodes;
	struct acpi_nameset names;
	struct ident_ix *by_ident; /* see sort_idents() */
	size_t n_by_ident;
	size_t end; /* where the last node walked ends */
};

static const char *type_article(uint8_t type)
{
	const struct iot_iort_type *ty = iot_iort_type(type);

	return ty ? ty->article : "an";
}

/* Pass 1: the node list, as Linux walks it, every step checked. */
static void walk_nodes(struct iort_reader *r)
{
	struct iot_cur *c = &r->tbl;
	uint32_t count = iot_cur_u32(c, 36);
	uint32_t first = iot_cur_u32(c, 40);
	size_t off = first;
	size_t cap = 0;

	r->end = first;
	if (first < IOT_IORT_HDR_LEN) {
		iot_cur_report(c, 40, IOT_RULE_IORT_NODE_OFFSET, "Node Offset",
			       "0x%X points into the 48-byte table header", first);
		return;
	}
	if ((count && first >= c->len) || first > c->len) {
		iot_cur_report(c, 40, IOT_RULE_IORT_NODE_OFFSET, "Node Offset",
			       "0x%X points past the end of the table (0x%zX)", first, c->len);
		return;
	}
	/* the node array at its final size: at most one node per 16 bytes of the table */
	cap = (c->len - first) / IOT_IORT_NODE_HDR_LEN + 1;
	if (count < cap)
		cap = count;
	r->nodes = iot_xmalloc((cap ? cap : 1) * sizeof(*r->nodes));
	for (uint32_t i = 0; i < count; i++) {
		struct rnode *n;
		struct iot_cur nc;

		if (off >= c->len) {
			iot_cur_report(c, 36, IOT_RULE_IORT_NODE_COUNT, "Node Count",
				       "says %u nodes, but the table ends after %u", count, i);
			return;
		}
		iot_cur_sub_keep(&nc, c, off, IOT_IORT_NODE_HDR_LEN);
		iot_cur_label(&nc, "IORT node", i, NULL);
		if (!iot_cur_need(&nc, 0, IOT_IORT_NODE_HDR_LEN, "header",
				  IOT_RULE_IORT_NODE_LENGTH))
			return;
		iot_grow((void **)&r->nodes, &cap, r->n_nodes + 1, sizeof(*r->nodes));
		n = &r->nodes[r->n_nodes];
		memset(n, 0, sizeof(*n));
		n->off = off;
		n->type = iot_cur_u8(&nc, 0);
		n->length = iot_cur_u16(&nc, 1);
		n->rev = iot_cur_u8(&nc, 3);
		n->ident = iot_cur_u32(&nc, 4);
		n->map_count = iot_cur_u32(&nc, 8);
		n->map_offset = iot_cur_u32(&nc, 12);
		n->ty = iot_iort_type(n->type);
		n->obj = IOT_NONE;
		iot_cur_label(&nc, "IORT node", i, iot_iort_type_name(n->type));
		if (n->length < IOT_IORT_NODE_HDR_LEN) {
			/* a zero Length would make the walk spin in place */
			iot_cur_report(&nc, 1, IOT_RULE_IORT_NODE_LENGTH, "Length",
				       "%u is shorter than the 16-byte node header; cannot walk "
				       "further",
				       n->length);
			return;
		}
		if (off + n->length > c->len) {
			iot_cur_report(&nc, 1, IOT_RULE_IORT_NODE_LENGTH, "Length",
				       "%u runs past the end of the table (node ends at 0x%zX, "
				       "table at 0x%zX)",
				       n->length, off + n->length, c->len);
			return;
		}
		iot_cur_sub_keep(&n->cur, c, off, n->length);
		iot_cur_label(&n->cur, "IORT node", i, nc.what_type);
		n->cur.revision = n->rev;
		r->n_nodes++;
		off += n->length;
		r->end = off;
	}
	if (off < c->len)
		iot_cur_report(c, 36, IOT_RULE_IORT_UNUSED_BYTES, "Node Count",
			       "%u nodes end at 0x%zX, but the table is 0x%zX bytes; the rest is "
			       "not described",
			       count, off, c->len);
}

/*
 * The last node starting at or before @off, or n_nodes if none.  walk_nodes()
 * records nodes at strictly increasing offsets (every Length is at least the
 * header), so this is a binary search: one reference per mapping against a
 * linear scan made 65,535 single-mapping nodes quadratic.
 */
static size_t node_floor(const struct iort_reader *r, size_t off)
{
	size_t lo = 0, hi = r->n_nodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->nodes[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : r->n_nodes;
}

static struct rnode *node_at(struct iort_reader *r, size_t off)
{
	size_t i = node_floor(r, off);

	return i < r->n_nodes && r->nodes[i].off == off ? &r->nodes[i] : NULL;
}

static struct rnode *node_containing(struct iort_reader *r, size_t off, size_t *idx)
{
	size_t i = node_floor(r, off);

	if (i < r->n_nodes && off > r->nodes[i].off && off < r->nodes[i].off + r->nodes[i].length) {
		*idx = i;
		return &r->nodes[i];
	}
	return NULL;
}

/*
 * Resolve an Output Reference (or PMCG Node Reference) at window offset
 * @field_off of @n.  Returns the node, or NULL after reporting why not.
 */
static struct rnode *resolve_ref(struct iort_reader *r, struct rnode *n, size_t field_off,
				 const char *field, uint32_t ref)
{
	struct rnode *to;
	size_t idx;

	if (!ref) {
		/* iort.c:iort_node_get_id "[map %p] Invalid parent reference" */
		iot_cur_report(&n->cur, field_off, IOT_RULE_IORT_REF, field,
			       "is 0 (no node); Linux reports a firmware bug");
		return NULL;
	}
	to = node_at(r, ref);
	if (to)
		return to;
	if (ref >= r->tbl.len)
		iot_cur_report(&n->cur, field_off, IOT_RULE_IORT_REF, field,
			       "0x%X points past the end of the table (0x%zX)", ref, r->tbl.len);
	else if (ref < IOT_IORT_HDR_LEN)
		iot_cur_report(&n->cur, field_off, IOT_RULE_IORT_REF, field,
			       "0x%X points into the table header", ref);
	else if (node_containing(r, ref, &idx))
		iot_cur_report(&n->cur, field_off, IOT_RULE_IORT_REF, field,
			       "0x%X points into the middle of node %zu (%s at 0x%zX)", ref, idx,
			       iot_iort_type_name(r->nodes[idx].type), r->nodes[idx].off);
	else
		iot_cur_report(&n->cur, field_off, IOT_RULE_IORT_REF, field,
			       "0x%X is not the start of any node", ref);
	return NULL;
}

static char *nc_name(struct iort_reader *r, const char *path, size_t i)
{
	const char *seg = strrchr(path, '.');
	char buf[8];
	size_t n = 0;

	seg = seg ? seg + 1 : (path[0] == '\\' ? path + 1 : path);
	while (*seg && n < 4) {
		char ch = (char)tolower((unsigned char)*seg++);

		if (ch == '_' && !*seg)
			break;
		buf[n++] = ch;
	}
	buf[n] = '\0';
	if (!n || !isalpha((unsigned char)buf[0]) || acpi_name_used(&r->names, buf)) {
		char *name;

		acpi_name_obj(&r->names, &name, "nc", i);
		return name;
	}
	{
		char *name = iot_strdup(buf);

		acpi_name_claim(&r->names, name);
		return name;
	}
}

/* Pass 2: one model object per node, so references in pass 3 can point forward. */
static void create_objects(struct iort_reader *r)
{
	size_t cnt[IOT_IORT_NTYPES] = { 0 }, devs = 0;

	for (size_t i = 0; i < r->n_nodes; i++)
		devs += r->nodes[i].type == IOT_IORT_NC || r->nodes[i].type == IOT_IORT_IWB;
	iot_reserve_platdevs(r->t, devs);
	for (size_t i = 0; i < r->n_nodes; i++) {
		struct rnode *n = &r->nodes[i];
		struct iot_loc loc = iot_cur_loc(&n->cur, 0);

		switch (n->type) {
		case IOT_IORT_ITS: {
			struct iot_msi *m = iot_add_msi(r->t);

			acpi_name_obj(&r->names, &m->name, "its", cnt[0]++);
			m->loc = loc;
			n->obj = (int)(r->t->n_msis - 1);
			break;
		}
		case IOT_IORT_NC:
		case IOT_IORT_IWB: {
			struct iot_platdev *p = iot_add_platdev(r->t);

			p->loc = loc;
			p->iwb = n->type == IOT_IORT_IWB;
			n->obj = (int)(r->t->n_platdevs - 1);
			cnt[n->type]++;
			break;
		}
		case IOT_IORT_RC: {
			struct iot_pci_root *rc = iot_add_root(r->t);

			acpi_name_obj(&r->names, &rc->name, "pcie", cnt[2]++);
			rc->loc = loc;
			rc->bus_end = 0xff;
			n->obj = (int)(r->t->n_roots - 1);
			break;
		}
		case IOT_IORT_SMMU:
		case IOT_IORT_SMMUV3: {
			struct iot_iommu *u = iot_add_iommu(r->t);

			acpi_name_obj(&r->names, &u->name, "smmu", cnt[3]++);
			u->model = n->type == IOT_IORT_SMMUV3 ? IOT_IOMMU_SMMUV3 : IOT_IOMMU_SMMUV2;
			u->loc = loc;
			u->msi_controller = IOT_NONE;
			n->obj = (int)(r->t->n_iommus - 1);
			break;
		}
		case IOT_IORT_PMCG: {
			struct iot_pmcg *pm = iot_add_pmcg(r->t);

			acpi_name_obj(&r->names, &pm->name, "pmcg", cnt[5]++);
			pm->loc = loc;
			pm->iommu = IOT_NONE;
			pm->platdev = IOT_NONE;
			pm->msi_controller = IOT_NONE;
			n->obj = (int)(r->t->n_pmcgs - 1);
			break;
		}
		case IOT_IORT_RMR: {
			struct iot_rmr *rm = iot_add_rmr(r->t);

			acpi_name_obj(&r->names, &rm->name, "rmr", cnt[6]++);
			rm->loc = loc;
			n->obj = (int)(r->t->n_rmrs - 1);
			break;
		}
		default:
			/* iort.c walks past node types it does not know */
			iot_cur_report(
				&n->cur, 0, IOT_RULE_IORT_NODE_TYPE, "Type",
				"%u is not a node type of any IORT issue iotopo knows (up to "
				"E.g); kept as raw bytes",
				n->type);
			break;
		}
	}
}

static int by_ident(const void *a, const void *b)
{
	const struct ident_ix *x = a, *y = b;

	if (x->ident != y->ident)
		return x->ident < y->ident ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The nodes of the types that carry an Identifier, sorted by (Identifier,
 * index), so each node finds the first other one with its Identifier in
 * O(log n) rather than by comparing with every earlier node (65,535 nodes
 * took seconds).
 */
static void sort_idents(struct iort_reader *r)
{
	r->by_ident = iot_xcalloc(r->n_nodes + 1, sizeof(*r->by_ident));
	for (size_t i = 0; i < r->n_nodes; i++)
		if (r->nodes[i].ty) {
			r->by_ident[r->n_by_ident].ident = r->nodes[i].ident;
			r->by_ident[r->n_by_ident++].idx = i;
		}
	qsort(r->by_ident, r->n_by_ident, sizeof(*r->by_ident), by_ident);
}

/* The lowest node index with Identifier @ident, or SIZE_MAX. */
static size_t first_with_ident(const struct iort_reader *r, uint32_t ident)
{
	size_t lo = 0, hi = r->n_by_ident;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->by_ident[mid].ident < ident)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_by_ident && r->by_ident[lo].ident == ident ? r->by_ident[lo].idx :
								      SIZE_MAX;
}

static struct iot_fw_node *node_fw(struct iort_reader *r, struct rnode *n)
{
	return r->keep && n->obj != IOT_NONE ? iort_obj_fw(r->t, n->type, n->obj) : NULL;
}

/* fw field list of @n (NULL pointers when the layout is not kept). */
#define FW_FIELDS(fw) ((fw) ? &(fw)->fields : NULL), ((fw) ? &(fw)->n_fields : NULL)

static void set_identifier(struct iort_reader *r, struct rnode *n)
{
	void *o = iort_obj(r->t, n->type, n->obj);

	if (!o || r->rev < 3)
		return;
	switch (n->type) {
	case IOT_IORT_ITS:
		((struct iot_msi *)o)->has_identifier = true;
		((struct iot_msi *)o)->identifier = n->ident;
		break;
	case IOT_IORT_NC:
	case IOT_IORT_IWB:
		((struct iot_platdev *)o)->has_identifier = true;
		((struct iot_platdev *)o)->identifier = n->ident;
		break;
	case IOT_IORT_RC:
		((struct iot_pci_root *)o)->has_identifier = true;
		((struct iot_pci_root *)o)->identifier = n->ident;
		break;
	case IOT_IORT_SMMU:
	case IOT_IORT_SMMUV3:
		((struct iot_iommu *)o)->has_identifier = true;
		((struct iot_iommu *)o)->identifier = n->ident;
		break;
	case IOT_IORT_PMCG:
		((struct iot_pmcg *)o)->has_identifier = true;
		((struct iot_pmcg *)o)->identifier = n->ident;
		break;
	case IOT_IORT_RMR:
		((struct iot_rmr *)o)->has_identifier = true;
		((struct iot_rmr *)o)->identifier = n->ident;
		break;
	}
}

static void check_node_header(struct iort_reader *r, struct rnode *n, size_t idx)
{
	struct iot_fw_node *fw = node_fw(r, n);
	int maxrev = iot_iort_max_node_rev(r->rev, n->type);

	if (n->ty && r->rev <= 7 && r->rev != 1 && r->rev != 2 && r->rev != 4 &&
	    iot_iort_node_rev(r->rev >= 6 && r->rev < 7 ? 6 : r->rev, n->type) < 0) {
		unsigned int from = 0;

		while (from < 7 && iot_iort_node_rev(from, n->type) < 0)
			from++;
		iot_cur_report(&n->cur, 0, IOT_RULE_IORT_NODE_REVISION, "Type",
			       "%s nodes exist from IORT revision %u; this table is revision %u",
			       iot_iort_type_name(n->type), from, r->rev);
	} else if (n->ty && n->rev > maxrev && r->rev <= 7)
		iot_cur_report(&n->cur, 3, IOT_RULE_IORT_NODE_REVISION, "Revision",
			       "%u is newer than table revision %u allows (%d)", n->rev, r->rev,
			       maxrev);
	/* bytes 4..7: "Reserved" before issue E, Identifier from E.b */
	iot_layout_read(iot_iort_node_hdr(r->rev), 0, &n->cur, 0, NULL, FW_FIELDS(fw), 0);
	if (r->rev >= 3 && n->ty) {
		size_t j = first_with_ident(r, n->ident);

		if (j < idx)
			iot_cur_report(&n->cur, 4, IOT_RULE_IORT_IDENTIFIER, "Identifier",
				       "%u is also used by node %zu", n->ident, j);
	}
	if (fw) {
		fw->has_offset = true;
		fw->offset = (uint32_t)n->off;
		fw->has_revision = true;
		fw->revision = n->rev;
	}
	set_identifier(r, n);
}

/* One array of @n located by its count and offset rows: whether it fits. */
static bool check_array(struct rnode *n, const struct iot_iort_array *a, size_t body_end,
			uint32_t count, size_t off, bool report)
{
	uint64_t end = (uint64_t)off + (uint64_t)count * a->elem_size;

	if (!count)
		return true;
	if (off < body_end) {
		if (report)
			iot_cur_report(&n->cur, 0, a->rule, NULL,
				       "%u %ss at 0x%zX overlap the node's own fields (they end "
				       "at 0x%zX)",
				       count, a->what, off, body_end);
		return false;
	}
	if (end > n->cur.len) {
		if (report)
			iot_cur_report(&n->cur, 0, a->rule, NULL,
				       "%u %ss of %u bytes at 0x%zX need %llu bytes; the node has "
				       "%zu",
				       count, a->what, a->elem_size, off, (unsigned long long)end,
				       n->cur.len);
		return false;
	}
	return true;
}

/* The mapping array must lie inside the node, after the node's own fields. */
static bool check_map_array(struct iort_reader *r, struct rnode *n)
{
	uint64_t end;

	if (!n->map_count) {
		if (n->type == IOT_IORT_ITS && n->map_offset)
			iot_cur_report(&n->cur, 12, IOT_RULE_IORT_RESERVED, "Mapping Offset",
				       "0x%X, must be 0 in an ITS group node", n->map_offset);
		return false;
	}
	if (n->type == IOT_IORT_ITS) {
		iot_cur_report(&n->cur, 8, IOT_RULE_IORT_ITS_MAPPINGS, "Mapping Count",
			       "%u; an ITS group has no ID mappings", n->map_count);
		return false;
	}
	end = (uint64_t)n->map_offset + (uint64_t)n->map_count * IOT_IORT_MAP_LEN;
	if (n->map_offset >= n->length) {
		iot_cur_report(&n->cur, 12, IOT_RULE_IORT_MAPPING_OFFSET, "Mapping Offset",
			       "0x%X points past the end of the node (Length 0x%X)", n->map_offset,
			       n->length);
		return false;
	}
	if (n->map_offset < n->own_end) {
		iot_cur_report(&n->cur, 12, IOT_RULE_IORT_MAPPING_OFFSET, "Mapping Offset",
			       "0x%X points inside the node's own fields (they end at 0x%zX)",
			       n->map_offset, n->own_end);
		return false;
	}
	if (end > n->length) {
		iot_cur_report(&n->cur, 8, IOT_RULE_IORT_MAPPING_COUNT, "Mapping Count",
			       "%u mappings of 20 bytes at 0x%X need %llu bytes; the node has %u",
			       n->map_count, n->map_offset, (unsigned long long)end, n->length);
		return false;
	}
	(void)r;
	return true;
}

struct rmap {
	struct iot_map_row row; /* in_base, out_base, single from the layout */
	uint32_t num; /* ID Count as in the table */
	uint32_t ref;
	struct rnode *to;
	size_t field_off; /* window offset of the mapping */
};

static bool read_map(struct iort_reader *r, struct rnode *n, uint32_t k, struct rmap *m)
{
	struct iot_fw_node *fw = node_fw(r, n);
	char field[48];

	memset(m, 0, sizeof(*m));
	m->field_off = n->map_offset + (size_t)k * IOT_IORT_MAP_LEN;
	iot_layout_read(&iot_iort_map, 0, &n->cur, m->field_off, &m->row, FW_FIELDS(fw), k);
	m->num = iot_cur_u32(&n->cur, m->field_off + 4);
	m->ref = iot_cur_u32(&n->cur, m->field_off + 12);
	m->row.count = (uint64_t)m->num + 1;
	/* the field's name only for a report: a mapping is read per ID range, most resolve */
	m->to = m->ref ? node_at(r, m->ref) : NULL;
	if (!m->to || m->to == n)
		snprintf(field, sizeof(field), "mapping %u Output Reference", k);
	if (!m->to)
		m->to = resolve_ref(r, n, m->field_off + 12, field, m->ref);
	if (m->to && m->to->obj == IOT_NONE)
		return false;
	if (m->to && m->to == n) {
		iot_cur_report(&n->cur, m->field_off + 12, IOT_RULE_IORT_REF_TYPE, field,
			       "points at the node itself");
		return false;
	}
	return m->to != NULL;
}

static bool to_smmu(const struct rnode *to)
{
	return to->type == IOT_IORT_SMMU || to->type == IOT_IORT_SMMUV3;
}

static void bad_target(struct rnode *n, struct rmap *m, uint32_t k, const char *allowed)
{
	char field[48];

	snprintf(field, sizeof(field), "mapping %u Output Reference", k);
	iot_cur_report(&n->cur, m->field_off + 12, IOT_RULE_IORT_REF_TYPE, field,
		       "points at %s %s node; %s %s maps only to %s", type_article(m->to->type),
		       iot_iort_type_name(m->to->type), type_article(n->type),
		       iot_iort_type_name(n->type), allowed);
}

/* Record where table mapping @k went. */
static void went(struct rnode *n, uint32_t k, uint8_t src, uint8_t map, size_t a, size_t b)
{
	if (k >= n->n_tmaps)
		return;
	n->tmaps[k].src = src;
	n->tmaps[k].map = map;
	n->tmaps[k].a = (uint32_t)a;
	n->tmaps[k].b = (uint32_t)b;
}

/*
 * A single mapping that becomes a DeviceID or a stream ID keeps no input
 * base or count in the model: keep them in the fw record if set.
 */
static void keep_single_fields(struct iort_reader *r, struct rnode *n, uint32_t k,
			       const struct rmap *m)
{
	struct iot_fw_node *fw = node_fw(r, n);

	if (!fw)
		return;
	if (m->row.in_base)
		iot_fw_field_set(&fw->fields, &fw->n_fields, "in-base", k, m->row.in_base);
	if (m->num)
		iot_fw_field_set(&fw->fields, &fw->n_fields, "id-count", k, m->num);
}

static void add_row(struct iot_idmap *im, const struct rmap *m, int target, const struct iot_cur *c)
{
	struct iot_map_row *row =
		iot_idmap_add(im, m->row.in_base, m->row.count, target, m->row.out_base);

	row->single = m->row.single;
	row->loc = iot_cur_loc(c, m->field_off);
	row->loc.length = IOT_IORT_MAP_LEN;
}

/* Check reserved bits and read the body rows of @n; false if the fields do not fit. */
static bool read_body(struct iort_reader *r, struct rnode *n, size_t need)
{
	struct iot_fw_node *fw = node_fw(r, n);
	void *obj = iort_obj(r->t, n->type, n->obj);

	if (!iot_cur_need(&n->cur, 0, need, n->ty->body->f[0].label, IOT_RULE_IORT_NODE_LENGTH))
		return false;
	iot_layout_read(n->ty->body, n->rev, &n->cur, 0, obj, FW_FIELDS(fw), 0);
	n->own_end = iot_layout_size(n->ty->body, n->rev);
	return true;
}

static void read_its(struct iort_reader *r, struct rnode *n)
{
	struct iot_msi *m = &r->t->msis[n->obj];
	struct iot_fw_node *fw = node_fw(r, n);
	uint32_t k;

	if (!read_body(r, n, 20))
		return;
	k = iot_cur_u32(&n->cur, 16);
	if (!k)
		iot_cur_report(&n->cur, 16, IOT_RULE_IORT_ITS_COUNT, "ItsCount",
			       "is 0; an ITS group holds at least one ITS");
	if ((uint64_t)k * 4 > n->cur.len - 20) {
		iot_cur_report(&n->cur, 16, IOT_RULE_IORT_ITS_COUNT, "ItsCount",
			       "%u identifiers need %llu bytes; the node has %zu", k,
			       20 + (unsigned long long)k * 4, n->cur.len);
		k = (uint32_t)((n->cur.len - 20) / 4);
	}
	m->its_ids = iot_xcalloc(k ? k : 1, sizeof(*m->its_ids));
	for (uint32_t i = 0; i < k; i++)
		iot_layout_read(n->ty->arrays[0].elem, n->rev, &n->cur, 20 + 4 * (size_t)i,
				&m->its_ids[i], FW_FIELDS(fw), i);
	m->n_its_ids = k;
	m->base = 0;
	n->own_end = 20 + 4 * (size_t)k;
	check_map_array(r, n);
}

/* The ACPI path of a named component or IWB: a string at @at ending before the mappings. */
static char *read_path(struct rnode *n, size_t at, const char *label)
{
	struct iot_cur *c = &n->cur;
	size_t name_len = 0, limit;
	char *path;

	limit = n->map_count && n->map_offset > at && n->map_offset < c->len ? n->map_offset :
									       c->len;
	while (at + name_len < limit && iot_cur_u8(c, at + name_len))
		name_len++;
	if (at + name_len >= limit) {
		iot_cur_report(c, at, IOT_RULE_IORT_NC_NAME, label,
			       "is not NUL-terminated before %s (0x%zX)",
			       limit < c->len ? "the mappings" : "the end of the node",
			       iot_cur_abs(c, limit));
		return NULL;
	}
	path = iot_xmalloc(name_len + 1);
	iot_cur_bytes(c, at, path, name_len + 1);
	n->own_end = at + name_len + 1;
	return path;
}

/* Named component and IWB mappings (iort.c:iort_node_get_id, iort_nc_iommu_map). */
static void read_nc_maps(struct iort_reader *r, struct rnode *n)
{
	struct iot_platdev *p = &r->t->platdevs[n->obj];
	struct iot_cur *c = &n->cur;

	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (to_smmu(m.to) && n->type == IOT_IORT_NC) {
			if (!m.row.single) {
				if (!n->n_nc_ranges++)
					n->first_range = m.field_off;
				add_row(&p->iommu_map, &m, m.to->obj, c);
				went(n, k, IORT_MS_ROW, IORT_MAP_IOMMU, 0, p->iommu_map.n - 1);
				continue;
			}
			{
				struct iot_dev_iommu *di = NULL;
				size_t a = 0;

				for (size_t j = 0; j < p->n_iommus; j++)
					if (p->iommus[j].iommu == m.to->obj) {
						di = &p->iommus[j];
						a = j;
					}
				if (!di) {
					di = iot_platdev_add_iommu(p);
					di->iommu = m.to->obj;
					di->loc = iot_cur_loc(c, m.field_off);
					di->loc.length = IOT_IORT_MAP_LEN;
					a = p->n_iommus - 1;
				}
				iot_dev_iommu_add_id(di, m.row.out_base, 0, false);
				went(n, k, IORT_MS_SID, 0, a, di->n_ids - 1);
				keep_single_fields(r, n, k, &m);
			}
		} else if (m.to->type == IOT_IORT_ITS) {
			if (m.row.single && p->msi_controller == IOT_NONE) {
				p->msi_controller = m.to->obj;
				p->msi_device_id = m.row.out_base;
				went(n, k, IORT_MS_DEVID, 0, 0, 0);
				keep_single_fields(r, n, k, &m);
			} else {
				add_row(&p->msi_map, &m, m.to->obj, c);
				went(n, k, IORT_MS_ROW, IORT_MAP_MSI, 0, p->msi_map.n - 1);
			}
		} else {
			bad_target(n, &m, k,
				   n->type == IOT_IORT_NC ? "SMMUs and ITS groups" : "ITS groups");
		}
	}
	/* one finding per node, with the count: laptop IORTs have hundreds of range rows */
	if (n->n_nc_ranges)
		iot_cur_report(c, n->first_range + 16, IOT_RULE_IORT_NC_RANGE, "mapping Flags",
			       "%zu of its %u mappings are ranges (the first: input IDs "
			       "0x%X-0x%llX); Linux takes a named component's IDs only from single "
			       "mappings and ignores them unless a bus driver passes an input ID "
			       "(iort.c:iort_nc_iommu_map_id)",
			       n->n_nc_ranges, n->map_count, iot_cur_u32(c, n->first_range),
			       (unsigned long long)iot_cur_u32(c, n->first_range) +
				       iot_cur_u32(c, n->first_range + 4));
}

static void read_nc(struct iort_reader *r, struct rnode *n, size_t ordinal)
{
	struct iot_platdev *p = &r->t->platdevs[n->obj];
	size_t at = n->type == IOT_IORT_IWB ? 26 : 29;
	char *path;

	p->msi_controller = IOT_NONE;
	p->status = IOT_STATUS_OKAY;
	if (!read_body(r, n, at + 1))
		return;
	path = read_path(n, at, n->type == IOT_IORT_IWB ? "IWB Device Name" : "Device Name");
	if (!path) {
		acpi_name_obj(&r->names, &p->name, n->type == IOT_IORT_IWB ? "iwb" : "nc", ordinal);
		return;
	}
	p->acpi_path = path;
	p->name = nc_name(r, path, ordinal);
	if (!check_map_array(r, n))
		return;
	read_nc_maps(r, n);
}

static void read_rc(struct iort_reader *r, struct rnode *n)
{
	struct iot_pci_root *rc = &r->t->roots[n->obj];
	struct iot_fw_node *fw = node_fw(r, n);
	size_t full = iot_layout_size(n->ty->body, n->rev);
	struct iot_cur *c = &n->cur;
	struct iot_cur body;

	if (!iot_cur_need(c, 0, n->rev >= 4 ? 36 : full, "PCI Segment Number",
			  IOT_RULE_IORT_NODE_LENGTH))
		return;
	/* E.d Flags word: only where the mappings leave room for it */
	iot_cur_sub_keep(&body, c, 0,
			 n->rev >= 4 && n->map_count && n->map_offset < full ? 36 : c->len);
	iot_layout_read(n->ty->body, n->rev, &body, 0, rc, FW_FIELDS(fw), 0);
	n->own_end = body.len < full ? body.len : full;
	if (fw && n->own_end < full)
		fw->body_len = (uint16_t)n->own_end;
	if (!check_map_array(r, n))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (to_smmu(m.to)) {
			add_row(&rc->iommu_map, &m, m.to->obj, c);
			went(n, k, IORT_MS_ROW, IORT_MAP_IOMMU, 0, rc->iommu_map.n - 1);
		} else if (m.to->type == IOT_IORT_ITS) {
			add_row(&rc->msi_map, &m, m.to->obj, c);
			went(n, k, IORT_MS_ROW, IORT_MAP_MSI, 0, rc->msi_map.n - 1);
		} else {
			bad_target(n, &m, k, "SMMUs and ITS groups");
		}
	}
}

/* One SMMUv1/v2 interrupt array: checked, then read into a fresh array. */
static void read_irqs(struct iort_reader *r, struct rnode *n, const struct iot_iort_array *a,
		      struct iot_irq **out, size_t *n_out)
{
	struct iot_fw_node *fw = node_fw(r, n);
	const struct iot_layout *hb = n->ty->body;
	uint32_t count = (uint32_t)iot_field_raw(&n->cur, 0, iot_layout_find(hb, a->count_key));
	uint32_t off = (uint32_t)iot_field_raw(&n->cur, 0, iot_layout_find(hb, a->offset_key));

	if (!count)
		return;
	if (!check_array(n, a, 76, count, off, true))
		return;
	*out = iot_xcalloc(count, sizeof(**out));
	for (uint32_t i = 0; i < count; i++)
		iot_layout_read(a->elem, n->rev, &n->cur, off + 8 * (size_t)i, &(*out)[i],
				FW_FIELDS(fw), i);
	*n_out = count;
	if (off + 8 * (size_t)count > n->own_end)
		n->own_end = off + 8 * (size_t)count;
}

static void read_smmu_maps(struct iort_reader *r, struct rnode *n, struct iot_iommu *u,
			   bool has_index, uint32_t index)
{
	struct iot_cur *c = &n->cur;

	if (!check_map_array(r, n))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (m.to->type != IOT_IORT_ITS) {
			bad_target(n, &m, k, "ITS groups");
			continue;
		}
		if (m.row.single && u->msi_controller == IOT_NONE && (!has_index || index == k)) {
			u->msi_controller = m.to->obj;
			u->msi_device_id = m.row.out_base;
			went(n, k, IORT_MS_DEVID, 0, 0, 0);
			keep_single_fields(r, n, k, &m);
			continue;
		}
		if (m.row.single)
			/* iort.c:iort_id_map skips single mappings in an SMMU node */
			iot_cur_report(c, m.field_off + 16, IOT_RULE_IORT_SMMU_SINGLE,
				       "mapping Flags",
				       "mapping %u is a single mapping that is not the DeviceID "
				       "mapping; Linux skips it",
				       k);
		add_row(&u->msi_map, &m, m.to->obj, c);
		went(n, k, IORT_MS_ROW, IORT_MAP_MSI, 0, u->msi_map.n - 1);
	}
}

static void read_smmu(struct iort_reader *r, struct rnode *n)
{
	struct iot_iommu *u = &r->t->iommus[n->obj];
	struct iot_fw_node *fw = node_fw(r, n);
	struct iot_cur *c = &n->cur;
	uint32_t model, nctx, npmu;

	if (!read_body(r, n, 76))
		return;
	model = iot_cur_u32(c, 32);
	if (model > 5)
		iot_cur_report(c, 32, IOT_RULE_IORT_SMMU_MODEL, "Model",
			       "%u is not a known SMMUv1/v2 model (0..5)", model);
	if (iot_cur_u32(c, 40) != 60)
		iot_cur_report(c, 40, IOT_RULE_IORT_SMMU_GSI_OFFSET, "Global Interrupt Offset",
			       "0x%X; the global interrupts are at 0x3C", iot_cur_u32(c, 40));
	read_irqs(r, n, &n->ty->arrays[0], &u->irq_context, &u->n_irq_context);
	read_irqs(r, n, &n->ty->arrays[1], &u->irq_pmu, &u->n_irq_pmu);
	nctx = iot_cur_u32(c, 44);
	npmu = iot_cur_u32(c, 52);
	if (fw) {
		iot_layout_keep_computed(n->ty->body, "global-irq-offset", iot_cur_u32(c, 40), 60,
					 &fw->fields, &fw->n_fields, 0);
		iot_layout_keep_computed(n->ty->body, "ctx-irq-offset", iot_cur_u32(c, 48),
					 nctx ? 76 : 0, &fw->fields, &fw->n_fields, 0);
		iot_layout_keep_computed(n->ty->body, "pmu-irq-offset", iot_cur_u32(c, 56),
					 npmu ? 76 + 8 * u->n_irq_context : 0, &fw->fields,
					 &fw->n_fields, 0);
	}
	u->iommu_cells = 1;
	read_smmu_maps(r, n, u, false, 0);
}

static void read_smmuv3(struct iort_reader *r, struct rnode *n)
{
	struct iot_iommu *u = &r->t->iommus[n->obj];
	struct iot_cur *c = &n->cur;
	uint32_t flags, index = 0;
	bool use_index;

	if (!read_body(r, n, iot_layout_size(n->ty->body, n->rev)))
		return;
	flags = iot_cur_u32(c, 24);
	if (u->httu == 3)
		iot_cur_report(c, 24, IOT_RULE_IORT_RESERVED, "Flags",
			       "HTTU Override 3 is reserved");
	if (u->impl > 2)
		iot_cur_report(c, 40, IOT_RULE_IORT_SMMUV3_MODEL, "Model",
			       "%u is not a known SMMUv3 model (0..2)", u->impl);
	if (n->rev >= 1)
		index = iot_cur_u32(c, 64);
	u->iommu_cells = 1;
	/* iort.c:iort_get_id_mapping_index */
	use_index = iort_smmuv3_uses_index(n->rev, u, flags & 0x10);
	if (use_index && index >= n->map_count) {
		/* iort.c:iort_get_id_mapping_index: FW_BUG, then no DeviceID */
		iot_cur_report(c, 64, IOT_RULE_IORT_DEVID_INDEX, "Device ID Mapping Index",
			       "%u is not below Mapping Count %u: the SMMU gets no MSI DeviceID",
			       index, n->map_count);
		use_index = false;
	}
	if (use_index && n->map_count && index < n->map_count &&
	    n->map_offset + (uint64_t)(index + 1) * IOT_IORT_MAP_LEN <= n->length &&
	    n->map_offset >= n->own_end &&
	    !(iot_cur_u32(c, n->map_offset + (size_t)index * IOT_IORT_MAP_LEN + 16) & 1))
		iot_cur_report(c, 64, IOT_RULE_IORT_DEVID_INDEX, "Device ID Mapping Index",
			       "%u selects a range mapping; the DeviceID mapping must be a "
			       "single mapping to an ITS group",
			       index);
	read_smmu_maps(r, n, u, use_index, index);
}

static void read_pmcg(struct iort_reader *r, struct rnode *n)
{
	struct iot_pmcg *pm = &r->t->pmcgs[n->obj];
	struct iot_cur *c = &n->cur;
	uint32_t ref;

	if (!read_body(r, n, iot_layout_size(n->ty->body, n->rev)))
		return;
	ref = iot_cur_u32(c, 28);
	if (ref) {
		struct rnode *to = resolve_ref(r, n, 28, "Node Reference", ref);

		if (to && to_smmu(to))
			pm->iommu = to->obj;
		else if (to && to->type == IOT_IORT_NC)
			pm->platdev = to->obj;
		else if (to)
			iot_cur_report(c, 28, IOT_RULE_IORT_REF_TYPE, "Node Reference",
				       "points at %s %s node; a PMCG belongs to an SMMU or a named "
				       "component",
				       type_article(to->type), iot_iort_type_name(to->type));
	}
	if (!check_map_array(r, n))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (m.to->type != IOT_IORT_ITS) {
			bad_target(n, &m, k, "ITS groups");
			continue;
		}
		if (pm->msi_controller == IOT_NONE && m.row.single) {
			pm->msi_controller = m.to->obj;
			pm->msi_device_id = m.row.out_base;
			went(n, k, IORT_MS_DEVID, 0, 0, 0);
			keep_single_fields(r, n, k, &m);
			continue;
		}
		iot_cur_report(c, m.field_off, IOT_RULE_IORT_PMCG_MAPPING, "mapping",
			       "mapping %u is not used by Linux (only a first single mapping gives "
			       "the PMCG's DeviceID)",
			       k);
		add_row(&pm->msi_map, &m, m.to->obj, c);
		went(n, k, IORT_MS_ROW, IORT_MAP_MSI, 0, pm->msi_map.n - 1);
	}
}

static void read_rmr(struct iort_reader *r, struct rnode *n)
{
	struct iot_rmr *rm = &r->t->rmrs[n->obj];
	struct iot_fw_node *fw = node_fw(r, n);
	const struct iot_iort_array *a = &n->ty->arrays[0];
	struct iot_cur *c = &n->cur;
	uint32_t count, off;

	if (!read_body(r, n, 28))
		return;
	if (r->rev < 5)
		iot_cur_report(c, 0, IOT_RULE_IORT_RMR_REVISION, NULL,
			       "Linux uses RMR nodes only from IORT revision 5 (E.d); this table "
			       "is revision %u",
			       r->rev);
	count = iot_cur_u32(c, 20);
	off = iot_cur_u32(c, 24);
	if (!count) {
		iot_cur_report(c, 20, IOT_RULE_IORT_RMR_COUNT, "Number of RMR Descriptors",
			       "is 0; an RMR node has at least one range");
	} else if (off < 28 || (uint64_t)off + (uint64_t)count * a->elem_size > c->len) {
		iot_cur_report(c, 24, IOT_RULE_IORT_RMR_OFFSET, "RMR Descriptor Offset",
			       "%u descriptors at 0x%X do not fit in the node (Length 0x%zX)",
			       count, off, c->len);
	} else {
		rm->ranges = iot_xcalloc(count, sizeof(*rm->ranges));
		for (uint32_t i = 0; i < count; i++) {
			size_t o = off + (size_t)i * a->elem_size;

			iot_layout_read(a->elem, n->rev, c, o, &rm->ranges[i], FW_FIELDS(fw), i);
			if (!rm->ranges[i].length)
				iot_cur_report(c, o + 8, IOT_RULE_IORT_RMR_RANGE, "Length of RMR",
					       "descriptor %u has length 0", i);
		}
		rm->n_ranges = count;
		n->arrays_end = off + (size_t)count * a->elem_size;
		/* descriptors before the mappings (iasl's order) or after them (QEMU's) */
		if (!n->map_count || off < n->map_offset)
			n->own_end = off + (size_t)count * a->elem_size;
	}
	/* the writer puts the descriptors first unless the table had them after the mappings */
	if (fw)
		iot_layout_keep_computed(n->ty->body, "rmr-offset", off, 28, &fw->fields,
					 &fw->n_fields, 0);
	if (!check_map_array(r, n))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (!to_smmu(m.to)) {
			bad_target(n, &m, k, "SMMUs");
			continue;
		}
		add_row(&rm->ids, &m, m.to->obj, c);
		went(n, k, IORT_MS_ROW, IORT_MAP_IOMMU, 0, rm->ids.n - 1);
	}
}

/* A node of a type iotopo does not model: its bytes, and mappings by target name. */
static void read_raw(struct iort_reader *r, struct rnode *n)
{
	struct iot_fw_table *ft = &r->t->machine.iort_fw;
	struct iot_fw_raw_node *rn;
	size_t body_end = n->length;
	bool maps_ok;

	if (!r->keep)
		return;
	n->own_end = IOT_IORT_NODE_HDR_LEN;
	maps_ok = n->map_count && n->map_offset >= IOT_IORT_NODE_HDR_LEN &&
		  (uint64_t)n->map_offset + (uint64_t)n->map_count * IOT_IORT_MAP_LEN <= n->length;
	if (maps_ok)
		body_end = n->map_offset;
	ft->raw = iot_xrealloc(ft->raw, (ft->n_raw + 1) * sizeof(*ft->raw));
	rn = &ft->raw[ft->n_raw++];
	memset(rn, 0, sizeof(*rn));
	rn->type = n->type;
	rn->revision = n->rev;
	rn->identifier = n->ident;
	rn->offset = (uint32_t)n->off;
	iot_bytes_set(&rn->body, r->tbl.tbl + n->off + IOT_IORT_NODE_HDR_LEN,
		      body_end - IOT_IORT_NODE_HDR_LEN);
	if (!maps_ok) {
		if (n->map_count)
			iot_fw_field_set(&ft->fields, &ft->n_fields, "raw-map-count",
					 (uint32_t)(ft->n_raw - 1), n->map_count);
		return;
	}
	rn->maps = iot_xcalloc(n->map_count, sizeof(*rn->maps));
	for (uint32_t k = 0; k < n->map_count; k++) {
		size_t o = n->map_offset + (size_t)k * IOT_IORT_MAP_LEN;
		struct iot_fw_raw_map *m = &rn->maps[rn->n_maps];
		struct rnode *to = node_at(r, iot_cur_u32(&n->cur, o + 12));

		if (!to || to->obj == IOT_NONE) {
			iot_cur_report(&n->cur, o + 12, IOT_RULE_IORT_NODE_TYPE, "Output Reference",
				       "mapping %u of this unknown node does not point at a node "
				       "iotopo models; dropped",
				       k);
			continue;
		}
		m->in_base = iot_cur_u32(&n->cur, o);
		m->id_count = iot_cur_u32(&n->cur, o + 4);
		m->out_base = iot_cur_u32(&n->cur, o + 8);
		m->flags = iot_cur_u32(&n->cur, o + 16);
		m->target = iot_strdup(iort_obj_name(r->t, to->type, to->obj));
		rn->n_maps++;
	}
	if (n->map_offset + (size_t)n->map_count * IOT_IORT_MAP_LEN < n->length)
		iot_bytes_set(&rn->tail,
			      r->tbl.tbl + n->off + n->map_offset + n->map_count * IOT_IORT_MAP_LEN,
			      n->length - n->map_offset - n->map_count * IOT_IORT_MAP_LEN);
}

/* SMMUv3 computed fields: what the writer will put there, kept where the table differs. */
static void keep_smmuv3_computed(struct iort_reader *r, struct rnode *n, long devid_pos)
{
	struct iot_fw_node *fw = node_fw(r, n);
	struct iot_iommu *u = &r->t->iommus[n->obj];
	uint32_t flags = iot_cur_u32(&n->cur, 24);

	if (!fw || n->own_end < iot_layout_size(n->ty->body, n->rev))
		return;
	if (n->rev >= 5)
		iot_layout_keep_computed(n->ty->body, "devid-valid", (flags >> 4) & 1,
					 devid_pos >= 0, &fw->fields, &fw->n_fields, 0);
	if (n->rev >= 1)
		iot_layout_keep_computed(
			n->ty->body, "devid-index", iot_cur_u32(&n->cur, 64),
			iort_smmuv3_devid_index(n->rev, u, n->map_count, devid_pos), &fw->fields,
			&fw->n_fields, 0);
}

static int cmp_mref(const struct iort_mref *x, const struct iort_mref *y)
{
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->map != y->map)
		return x->map < y->map ? -1 : 1;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

static const struct iort_mref *sort_base;

static int cmp_canon_pos(const void *a, const void *b)
{
	return cmp_mref(&sort_base[*(const uint32_t *)a], &sort_base[*(const uint32_t *)b]);
}

/*
 * For each table mapping, its position in the canonical order @canon, or
 * NULL if some mapping has no place there (dropped, or not the same set).
 * *@identity: the table order is the canonical one.  O(n log n): tables
 * with 65,535 mappings in a node exist in the fuzz corpus.
 */
static uint32_t *map_order(const struct iort_mrefs *canon, const struct iort_mref *tmaps, size_t n,
			   bool *identity)
{
	uint32_t *pos = iot_xcalloc(n, sizeof(*pos));
	uint32_t *perm = iot_xcalloc(n, sizeof(*perm));

	*identity = true;
	for (size_t k = 0; k < n; k++)
		pos[k] = (uint32_t)k;
	sort_base = canon->v;
	qsort(pos, n, sizeof(*pos), cmp_canon_pos);
	for (size_t k = 0; k < n; k++) {
		size_t lo = 0, hi = n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (cmp_mref(&canon->v[pos[mid]], &tmaps[k]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == n || cmp_mref(&canon->v[pos[lo]], &tmaps[k])) {
			free(pos);
			free(perm);
			return NULL;
		}
		perm[k] = pos[lo];
		*identity &= perm[k] == k;
	}
	free(pos);
	return perm;
}

/*
 * After a node's mappings are read: its padding and trailing bytes, and the
 * mapping order if it is not the one the writer would use.
 */
static void record_layout(struct iort_reader *r, struct rnode *n)
{
	struct iot_fw_node *fw = node_fw(r, n);
	const uint8_t *base = r->tbl.tbl + n->off;
	struct iort_mrefs canon = { 0 };
	size_t pad_end, maps_end;
	long devid_pos = -1;
	bool identity = true;

	if (!fw || n->obj == IOT_NONE)
		return;
	maps_end =
		n->map_count ? n->map_offset + (size_t)n->map_count * IOT_IORT_MAP_LEN : n->own_end;
	pad_end = n->map_count ? n->map_offset : n->length;
	if (n->type == IOT_IORT_RMR && n->map_count && n->arrays_end > n->map_offset) {
		/* QEMU's order: mappings at 28, descriptors after them */
		pad_end = n->map_offset;
		if (n->arrays_end > maps_end)
			maps_end = n->arrays_end;
	}
	if (pad_end > n->own_end && pad_end <= n->length)
		iot_bytes_set(&fw->pad, base + n->own_end, pad_end - n->own_end);
	else if (n->type == IOT_IORT_NC || n->type == IOT_IORT_IWB)
		iot_bytes_set(&fw->pad, NULL, 0); /* the name ends where the mappings start */
	if (n->map_count && maps_end < n->length)
		iot_bytes_set(&fw->tail, base + maps_end, n->length - maps_end);
	if (!n->map_count && n->map_offset)
		iot_fw_field_set(&fw->fields, &fw->n_fields, "map-offset", 0, n->map_offset);
	iort_canon_maps(r->t, n->type, n->obj, true, &canon, &devid_pos);
	if (canon.n == n->n_tmaps && canon.n) {
		uint32_t *perm = map_order(&canon, n->tmaps, n->n_tmaps, &identity);

		if (perm && !identity) {
			fw->map_order = perm;
			fw->n_map_order = n->n_tmaps;
			perm = NULL;
		}
		free(perm);
	}
	if (n->type == IOT_IORT_SMMUV3) {
		long table_pos = devid_pos;

		for (size_t k = 0; k < fw->n_map_order; k++)
			if ((long)fw->map_order[k] == devid_pos)
				table_pos = (long)k;
		keep_smmuv3_computed(r, n, table_pos);
	}
	iort_mrefs_free(&canon);
}

static void read_table_layout(struct iort_reader *r)
{
	struct iot_fw_table *ft = &r->t->machine.iort_fw;
	uint32_t first = iot_cur_u32(&r->tbl, 40);

	ft->has = true;
	iot_layout_read(&iot_iort_header, 0, &r->tbl, 0, NULL, &ft->fields, &ft->n_fields, 0);
	if (first > IOT_IORT_HDR_LEN && first <= r->tbl.len)
		iot_bytes_set(&ft->pad, r->tbl.tbl + IOT_IORT_HDR_LEN, first - IOT_IORT_HDR_LEN);
	if (r->end < r->tbl.len && r->end >= first)
		iot_bytes_set(&ft->tail, r->tbl.tbl + r->end, r->tbl.len - r->end);
}

int iot_iort_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	struct iort_reader r = { .t = t, .d = d };

	iot_cur_init(&r.tbl, data, len, file, d, "IORT");
	r.keep = !t->machine.iort_fw.has;
	if (!acpi_read_header(&r.tbl, "IORT", t, r.keep ? &t->machine.iort_fw : NULL))
		return -1;
	r.rev = iot_cur_u8(&r.tbl, 8);
	if (r.rev == 1 || r.rev == 2 || r.rev == 4)
		iot_cur_report(&r.tbl, 8, IOT_RULE_IORT_REVISION, "Revision",
			       "%u is a withdrawn issue (E, E.a or E.c); ACPICA and EDK2 reject it",
			       r.rev);
	else if (r.rev > 7)
		iot_cur_report(&r.tbl, 8, IOT_RULE_IORT_REVISION, "Revision",
			       "%u is newer than any issue iotopo knows (7, E.g)", r.rev);
	if (!iot_cur_need(&r.tbl, 0, IOT_IORT_HDR_LEN, "header", IOT_RULE_IORT_TRUNCATED))
		return -1;
	if (!r.keep)
		iot_cur_report(&r.tbl, 0, IOT_RULE_IORT_REVISION, NULL,
			       "a second IORT: its nodes are read, but decode keeps the layout "
			       "of the first only");
	walk_nodes(&r);
	if (r.keep)
		read_table_layout(&r);
	else
		iot_layout_read(&iot_iort_header, 0, &r.tbl, 0, NULL, NULL, NULL, 0);
	acpi_nameset_init(&r.names, t);
	create_objects(&r);
	if (r.rev >= 3)
		sort_idents(&r);
	for (size_t i = 0; i < r.n_nodes; i++) {
		struct rnode *n = &r.nodes[i];

		check_node_header(&r, n, i);
		if (n->obj == IOT_NONE) {
			read_raw(&r, n);
			continue;
		}
		/* no more mappings than fit in the node: Mapping Count may lie */
		n->n_tmaps = n->map_count <= n->length / IOT_IORT_MAP_LEN ? n->map_count : 0;
		n->tmaps = iot_xcalloc(n->n_tmaps + 1, sizeof(*n->tmaps));
		for (size_t k = 0; k < n->n_tmaps; k++)
			n->tmaps[k].src = MAP_DROPPED;
		switch (n->type) {
		case IOT_IORT_ITS:
			read_its(&r, n);
			break;
		case IOT_IORT_NC:
		case IOT_IORT_IWB:
			read_nc(&r, n, (size_t)n->obj);
			break;
		case IOT_IORT_RC:
			read_rc(&r, n);
			break;
		case IOT_IORT_SMMU:
			read_smmu(&r, n);
			break;
		case IOT_IORT_SMMUV3:
			read_smmuv3(&r, n);
			break;
		case IOT_IORT_PMCG:
			read_pmcg(&r, n);
			break;
		case IOT_IORT_RMR:
			read_rmr(&r, n);
			break;
		}
		record_layout(&r, n);
		free(n->tmaps);
		n->tmaps = NULL;
	}
	if (r.keep) {
		t->machine.iort_revision = r.rev;
		t->machine.has_iort_revision = true;
	}
	acpi_nameset_free(&r.names);
	free(r.by_ident);
	free(r.nodes);
	/* fail-soft: findings (even errors) leave the rest read; -1 only for an unusable header */
	return 0;
}
