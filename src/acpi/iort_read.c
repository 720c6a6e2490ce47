// SPDX-License-Identifier: MIT
/*
 * IORT -> model.  Three passes over a bounds-checked cursor: walk the node
 * list (iort.c:iort_scan_node's walk, with every step checked), create one
 * model object per node, then decode bodies and ID mappings, resolving
 * Output References to the nodes they must start at.  Problems are reported
 * with the byte offset, node and field, and reading goes on wherever the
 * next step is still safe.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi_int.h"
#include "kernel/idmap.h"
#include "util/mem.h"

struct rnode {
	size_t off; /* absolute */
	uint8_t type;
	uint16_t length;
	uint8_t rev;
	uint32_t ident;
	uint32_t map_count;
	uint32_t map_offset;
	int obj; /* model index, IOT_NONE if not read */
	struct iot_cur cur;
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
	struct rnode *nodes;
	size_t n_nodes;
	struct acpi_nameset names;
	struct ident_ix *by_ident; /* see sort_idents() */
	size_t n_by_ident;
};

static const char *type_article(uint8_t type)
{
	return type == IOT_IORT_ITS || type == IOT_IORT_SMMU || type == IOT_IORT_SMMUV3 ||
			       type == IOT_IORT_RMR || type == 7 || type > 7 ?
		       "an" :
		       "a";
}

static const char *type_short(uint8_t type)
{
	static const char *const names[] = { "ITS group",    "named component",
					     "root complex", "SMMUv1/v2",
					     "SMMUv3",	     "PMCG",
					     "RMR",	     "IWB" };

	return type < IOT_ARRAY_SIZE(names) ? names[type] : "unknown type";
}

static size_t fixed_size(uint8_t type, uint8_t rev)
{
	switch (type) {
	case IOT_IORT_ITS:
		return 20;
	case IOT_IORT_NC:
		return 29;
	case IOT_IORT_RC:
		return rev >= 1 ? 36 : 32; /* rev 4 adds Flags at 36, checked separately */
	case IOT_IORT_SMMU:
		return 76;
	case IOT_IORT_SMMUV3:
		return rev >= 1 ? 68 : 60;
	case IOT_IORT_PMCG:
		return rev >= 1 ? 40 : 32;
	case IOT_IORT_RMR:
		return 28;
	default:
		return IORT_NODE_HDR;
	}
}

static int max_node_rev(uint8_t table_rev, uint8_t type)
{
	int rv = iort_node_revision(table_rev >= 6 ? 6 :
				    table_rev == 5 ? 5 :
				    table_rev == 3 ? 3 :
						     0,
				    (enum iot_iort_kind)type);

	return rv < 0 ? 0 : rv;
}

/* Pass 1: the node list, as Linux walks it, every step checked. */
static void walk_nodes(struct iort_reader *r)
{
	struct iot_cur *c = &r->tbl;
	uint32_t count = iot_cur_u32(c, 36);
	uint32_t first = iot_cur_u32(c, 40);
	size_t off = first;
	size_t cap = 0;

	if (iot_cur_u32(c, 44))
		iot_cur_report(c, 44, IOT_RULE_IORT_RESERVED, "Reserved", "0x%08X, must be zero",
			       iot_cur_u32(c, 44));
	if (first < IORT_HDR_LEN) {
		iot_cur_report(c, 40, IOT_RULE_IORT_NODE_OFFSET, "Node Offset",
			       "0x%X points into the 48-byte table header", first);
		return;
	}
	if ((count && first >= c->len) || first > c->len) {
		iot_cur_report(c, 40, IOT_RULE_IORT_NODE_OFFSET, "Node Offset",
			       "0x%X points past the end of the table (0x%zX)", first, c->len);
		return;
	}
	for (uint32_t i = 0; i < count; i++) {
		struct rnode *n;
		struct iot_cur nc;

		if (off >= c->len) {
			iot_cur_report(c, 36, IOT_RULE_IORT_NODE_COUNT, "Node Count",
				       "says %u nodes, but the table ends after %u", count, i);
			return;
		}
		iot_cur_sub(&nc, c, off, IORT_NODE_HDR, "IORT node %u", i);
		if (!iot_cur_need(&nc, 0, IORT_NODE_HDR, "header", IOT_RULE_IORT_NODE_LENGTH))
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
		n->obj = IOT_NONE;
		snprintf(nc.what, sizeof(nc.what), "IORT node %u (%s)", i, type_short(n->type));
		if (n->length < IORT_NODE_HDR) {
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
		iot_cur_sub(&n->cur, c, off, n->length, "%s", nc.what);
		n->cur.revision = n->rev;
		r->n_nodes++;
		off += n->length;
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
	else if (ref < IORT_HDR_LEN)
		iot_cur_report(&n->cur, field_off, IOT_RULE_IORT_REF, field,
			       "0x%X points into the table header", ref);
	else if (node_containing(r, ref, &idx))
		iot_cur_report(&n->cur, field_off, IOT_RULE_IORT_REF, field,
			       "0x%X points into the middle of node %zu (%s at 0x%zX)", ref, idx,
			       type_short(r->nodes[idx].type), r->nodes[idx].off);
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
	size_t cnt[8] = { 0 };

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
		case IOT_IORT_NC: {
			struct iot_platdev *p = iot_add_platdev(r->t);

			p->loc = loc;
			n->obj = (int)(r->t->n_platdevs - 1);
			cnt[1]++;
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
			iot_cur_report(&n->cur, 0, IOT_RULE_IORT_NODE_TYPE, "Type",
				       "%u is not a node type iotopo reads (%s); skipped", n->type,
				       n->type == 7 ? "GICv5 IWB" : "unknown");
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
		if (r->nodes[i].type <= IOT_IORT_RMR) {
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

static void check_node_header(struct iort_reader *r, struct rnode *n, size_t idx)
{
	int maxrev = max_node_rev(r->rev, n->type);

	if (n->type <= IOT_IORT_RMR && n->rev > maxrev && r->rev <= 6)
		iot_cur_report(&n->cur, 3, IOT_RULE_IORT_NODE_REVISION, "Revision",
			       "%u is newer than table revision %u allows (%d)", n->rev, r->rev,
			       maxrev);
	if (r->rev < 3 && n->ident)
		iot_cur_report(&n->cur, 4, IOT_RULE_IORT_RESERVED, "Reserved",
			       "0x%08X, must be zero before IORT revision 3 (E.b)", n->ident);
	if (r->rev >= 3) {
		size_t j = first_with_ident(r, n->ident);

		if (j < idx)
			iot_cur_report(&n->cur, 4, IOT_RULE_IORT_IDENTIFIER, "Identifier",
				       "%u is also used by node %zu", n->ident, j);
	}
}

/* The mapping array must lie inside the node, after the node's own fields. */
static bool check_map_array(struct iort_reader *r, struct rnode *n, size_t body_end)
{
	uint64_t end;

	(void)r;
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
	end = (uint64_t)n->map_offset + (uint64_t)n->map_count * IORT_MAP_LEN;
	if (n->map_offset >= n->length) {
		iot_cur_report(&n->cur, 12, IOT_RULE_IORT_MAPPING_OFFSET, "Mapping Offset",
			       "0x%X points past the end of the node (Length 0x%X)", n->map_offset,
			       n->length);
		return false;
	}
	if (n->map_offset < body_end) {
		iot_cur_report(&n->cur, 12, IOT_RULE_IORT_MAPPING_OFFSET, "Mapping Offset",
			       "0x%X points inside the node's own fields (they end at 0x%zX)",
			       n->map_offset, body_end);
		return false;
	}
	if (end > n->length) {
		iot_cur_report(&n->cur, 8, IOT_RULE_IORT_MAPPING_COUNT, "Mapping Count",
			       "%u mappings of 20 bytes at 0x%X need %llu bytes; the node has %u",
			       n->map_count, n->map_offset, (unsigned long long)end, n->length);
		return false;
	}
	return true;
}

struct rmap {
	uint32_t in, num, out, ref, flags;
	struct rnode *to;
	size_t field_off; /* window offset of the mapping */
};

static bool read_map(struct iort_reader *r, struct rnode *n, uint32_t k, struct rmap *m)
{
	char field[48];

	m->field_off = n->map_offset + (size_t)k * IORT_MAP_LEN;
	m->in = iot_cur_u32(&n->cur, m->field_off);
	m->num = iot_cur_u32(&n->cur, m->field_off + 4);
	m->out = iot_cur_u32(&n->cur, m->field_off + 8);
	m->ref = iot_cur_u32(&n->cur, m->field_off + 12);
	m->flags = iot_cur_u32(&n->cur, m->field_off + 16);
	if (m->flags & ~1u) {
		snprintf(field, sizeof(field), "mapping %u Flags", k);
		iot_cur_report(&n->cur, m->field_off + 16, IOT_RULE_IORT_MAP_FLAGS, field,
			       "0x%08X has reserved bits 31:1 set", m->flags);
	}
	snprintf(field, sizeof(field), "mapping %u Output Reference", k);
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

static void bad_target(struct iort_reader *r, struct rnode *n, struct rmap *m, uint32_t k,
		       const char *allowed)
{
	char field[48];

	(void)r;
	snprintf(field, sizeof(field), "mapping %u Output Reference", k);
	iot_cur_report(&n->cur, m->field_off + 12, IOT_RULE_IORT_REF_TYPE, field,
		       "points at %s %s node; %s %s maps only to %s", type_article(m->to->type),
		       type_short(m->to->type), type_article(n->type), type_short(n->type),
		       allowed);
}

static void read_memattr(struct iot_cur *c, size_t off, struct iot_memattr *ma)
{
	uint32_t cca = iot_cur_u32(c, off);

	ma->coherent = cca & 1;
	if (cca > 1)
		iot_cur_report(c, off, IOT_RULE_IORT_MEMATTR, "Cache Coherency",
			       "0x%X, must be 0 or 1", cca);
	ma->hints = iot_cur_u8(c, off + 4);
	if (ma->hints & 0xf0)
		iot_cur_report(c, off + 4, IOT_RULE_IORT_RESERVED, "Hints",
			       "0x%02X has reserved bits 7:4 set", ma->hints);
	if (iot_cur_u16(c, off + 5))
		iot_cur_report(c, off + 5, IOT_RULE_IORT_RESERVED, "Reserved",
			       "0x%04X, must be zero", iot_cur_u16(c, off + 5));
	ma->flags = iot_cur_u8(c, off + 7);
	if (ma->flags & 0xf8)
		iot_cur_report(c, off + 7, IOT_RULE_IORT_RESERVED, "Memory Flags",
			       "0x%02X has reserved bits 7:3 set", ma->flags);
}

static void read_its(struct iort_reader *r, struct rnode *n)
{
	struct iot_msi *m = &r->t->msis[n->obj];
	uint32_t k = iot_cur_u32(&n->cur, 16);

	if (!iot_cur_need(&n->cur, 16, 4, "ItsCount", IOT_RULE_IORT_NODE_LENGTH))
		return;
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
		m->its_ids[i] = iot_cur_u32(&n->cur, 20 + 4 * (size_t)i);
	m->n_its_ids = k;
	m->base = 0;
	if (r->rev >= 3) {
		m->has_identifier = true;
		m->identifier = n->ident;
	}
	check_map_array(r, n, 20 + 4 * (size_t)k);
}

static void read_nc(struct iort_reader *r, struct rnode *n, size_t ordinal)
{
	struct iot_platdev *p = &r->t->platdevs[n->obj];
	struct iot_cur *c = &n->cur;
	size_t name_len = 0, limit;
	size_t body_end;
	char *path;

	if (!iot_cur_need(c, 0, 30, "Device Name", IOT_RULE_IORT_NODE_LENGTH))
		return;
	p->nc_flags = iot_cur_u32(c, 16);
	if (p->nc_flags & ~0x3fu)
		iot_cur_report(c, 16, IOT_RULE_IORT_RESERVED, "Node Flags",
			       "0x%08X has reserved bits 31:6 set", p->nc_flags);
	read_memattr(c, 20, &p->mem);
	p->mem.address_bits = iot_cur_u8(c, 28);
	/* the name ends before the mappings, if they are where they say */
	limit = n->map_count && n->map_offset > 29 && n->map_offset < c->len ? n->map_offset :
									       c->len;
	while (29 + name_len < limit && iot_cur_u8(c, 29 + name_len))
		name_len++;
	if (29 + name_len >= limit) {
		iot_cur_report(c, 29, IOT_RULE_IORT_NC_NAME, "Device Name",
			       "is not NUL-terminated before %s (0x%zX)",
			       limit < c->len ? "the mappings" : "the end of the node",
			       iot_cur_abs(c, limit));
		acpi_name_obj(&r->names, &p->name, "nc", ordinal);
		p->status = IOT_STATUS_OKAY;
		return;
	}
	path = iot_xmalloc(name_len + 1);
	iot_cur_bytes(c, 29, path, name_len + 1);
	p->acpi_path = path;
	p->name = nc_name(r, path, ordinal);
	body_end = 29 + name_len + 1;
	if (r->rev >= 3) {
		p->has_identifier = true;
		p->identifier = n->ident;
	}
	if (!check_map_array(r, n, body_end))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (!(m.flags & 1)) {
			/* iort.c:iort_node_get_id returns nothing for a named component range */
			iot_cur_report(c, m.field_off + 16, IOT_RULE_IORT_NC_RANGE, "mapping Flags",
				       "mapping %u is a range; Linux takes a named component's "
				       "IDs only from single mappings (ignored)",
				       k);
			continue;
		}
		if (to_smmu(m.to)) {
			struct iot_dev_iommu *di = NULL;

			for (size_t j = 0; j < p->n_iommus; j++)
				if (p->iommus[j].iommu == m.to->obj)
					di = &p->iommus[j];
			if (!di) {
				di = iot_platdev_add_iommu(p);
				di->iommu = m.to->obj;
				di->loc = iot_cur_loc(c, m.field_off);
			}
			iot_dev_iommu_add_id(di, m.out, 0, false);
		} else if (m.to->type == IOT_IORT_ITS) {
			p->msi_controller = m.to->obj;
			p->msi_device_id = m.out;
		} else {
			bad_target(r, n, &m, k, "SMMUs and ITS groups");
		}
	}
}

static void add_row(struct iot_idmap *im, const struct rmap *m, int target, const struct iot_cur *c)
{
	struct iot_map_row *row = iot_idmap_add(im, m->in, (uint64_t)m->num + 1, target, m->out);

	row->single = m->flags & 1;
	row->loc = iot_cur_loc(c, m->field_off);
}

static void read_rc(struct iort_reader *r, struct rnode *n)
{
	struct iot_pci_root *rc = &r->t->roots[n->obj];
	struct iot_cur *c = &n->cur;
	uint32_t ats;
	size_t body = n->rev >= 4 ? 40 : fixed_size(n->type, n->rev);

	if (!iot_cur_need(c, 0, fixed_size(n->type, n->rev), "PCI Segment Number",
			  IOT_RULE_IORT_NODE_LENGTH))
		return;
	read_memattr(c, 16, &rc->mem);
	ats = iot_cur_u32(c, 24);
	rc->ats = ats & 1;
	rc->pri = ats & 2;
	rc->pasid_fwd = ats & 4;
	if (ats & ~7u)
		iot_cur_report(c, 24, IOT_RULE_IORT_RESERVED, "ATS Attribute",
			       "0x%08X has reserved bits 31:3 set", ats);
	rc->segment = (uint16_t)iot_cur_u32(c, 28);
	if (iot_cur_u32(c, 28) > 0xffff)
		iot_cur_report(c, 28, IOT_RULE_IORT_RC_SEGMENT, "PCI Segment Number",
			       "0x%X is above 0xFFFF", iot_cur_u32(c, 28));
	if (n->rev >= 1)
		rc->mem.address_bits = iot_cur_u8(c, 32);
	if (n->rev >= 4) {
		uint16_t caps = iot_cur_u16(c, 33);

		rc->pasid_bits = caps & 0x1f;
		if (caps & ~0x1fu)
			iot_cur_report(c, 33, IOT_RULE_IORT_RESERVED, "PASID Capabilities",
				       "0x%04X has reserved bits 15:5 set", caps);
		/* E.d Flags word: only where the mappings leave room for it */
		if (n->map_offset >= 40 || !n->map_count) {
			if (iot_cur_has(c, 36, 4)) {
				uint32_t fl = iot_cur_u32(c, 36);

				rc->pasid = fl & 1;
				if (fl & ~1u)
					iot_cur_report(c, 36, IOT_RULE_IORT_RESERVED, "Flags",
						       "0x%08X has reserved bits 31:1 set", fl);
			}
		} else {
			body = 36;
		}
	} else if (iot_cur_u8(c, 33) || iot_cur_u16(c, 34)) {
		iot_cur_report(c, 33, IOT_RULE_IORT_RESERVED, "Reserved",
			       "must be zero before root complex revision 4");
	}
	if (r->rev >= 3) {
		rc->has_identifier = true;
		rc->identifier = n->ident;
	}
	if (!check_map_array(r, n, body))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (to_smmu(m.to))
			add_row(&rc->iommu_map, &m, m.to->obj, c);
		else if (m.to->type == IOT_IORT_ITS)
			add_row(&rc->msi_map, &m, m.to->obj, c);
		else
			bad_target(r, n, &m, k, "SMMUs and ITS groups");
	}
}

static void read_irqs(struct iot_cur *c, uint32_t off, uint32_t count, const char *field,
		      struct iot_irq **out, size_t *n_out)
{
	if (!count)
		return;
	if (off < 76 || (uint64_t)off + 8ull * count > c->len) {
		iot_cur_report(c, 0, IOT_RULE_IORT_SMMU_IRQS, field,
			       "%u interrupts at 0x%X do not fit in the node (Length 0x%zX)", count,
			       off, c->len);
		return;
	}
	*out = iot_xcalloc(count, sizeof(**out));
	for (uint32_t i = 0; i < count; i++) {
		uint32_t fl = iot_cur_u32(c, off + 8 * (size_t)i + 4);

		(*out)[i].gsiv = iot_cur_u32(c, off + 8 * (size_t)i);
		(*out)[i].edge = fl & 1;
		if (fl & ~1u)
			iot_cur_report(c, off + 8 * (size_t)i + 4, IOT_RULE_IORT_RESERVED, field,
				       "interrupt %u flags 0x%08X have reserved bits set", i, fl);
	}
	*n_out = count;
}

static enum iot_iommu_model smmu_model(uint32_t code)
{
	static const enum iot_iommu_model m[] = { IOT_IOMMU_SMMUV1, IOT_IOMMU_SMMUV2,
						  IOT_IOMMU_MMU400, IOT_IOMMU_MMU500,
						  IOT_IOMMU_MMU401, IOT_IOMMU_CAVIUM_SMMUV2 };

	return code < IOT_ARRAY_SIZE(m) ? m[code] : IOT_IOMMU_SMMUV2;
}

static void read_smmu_maps(struct iort_reader *r, struct rnode *n, struct iot_iommu *u, size_t body,
			   bool has_index, uint32_t index)
{
	struct iot_cur *c = &n->cur;

	if (!check_map_array(r, n, body))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (m.to->type != IOT_IORT_ITS) {
			bad_target(r, n, &m, k, "ITS groups");
			continue;
		}
		if (m.flags & 1) {
			if (u->msi_controller == IOT_NONE && (!has_index || index == k)) {
				u->msi_controller = m.to->obj;
				u->msi_device_id = m.out;
			} else {
				/* iort.c:iort_id_map skips single mappings in an SMMU node */
				iot_cur_report(c, m.field_off + 16, IOT_RULE_IORT_SMMU_SINGLE,
					       "mapping Flags",
					       "mapping %u is a single mapping that is not the "
					       "DeviceID mapping; Linux skips it",
					       k);
			}
			continue;
		}
		add_row(&u->msi_map, &m, m.to->obj, c);
	}
}

static void read_smmu(struct iort_reader *r, struct rnode *n)
{
	struct iot_iommu *u = &r->t->iommus[n->obj];
	struct iot_cur *c = &n->cur;
	uint32_t model, flags, nctx, npmu;

	if (!iot_cur_need(c, 0, 76, "NSgCfgIrpt Flags", IOT_RULE_IORT_NODE_LENGTH))
		return;
	u->base = iot_cur_u64(c, 16);
	u->size = iot_cur_u64(c, 24);
	model = iot_cur_u32(c, 32);
	if (model > 5)
		iot_cur_report(c, 32, IOT_RULE_IORT_SMMU_MODEL, "Model",
			       "%u is not a known SMMUv1/v2 model (0..5)", model);
	u->model = smmu_model(model);
	flags = iot_cur_u32(c, 36);
	u->dvm = flags & 1;
	u->coherent = flags & 2;
	if (flags & ~3u)
		iot_cur_report(c, 36, IOT_RULE_IORT_RESERVED, "Flags",
			       "0x%08X has reserved bits 31:2 set", flags);
	if (iot_cur_u32(c, 40) != 60)
		iot_cur_report(c, 40, IOT_RULE_IORT_SMMU_GSI_OFFSET, "Global Interrupt Offset",
			       "0x%X; the global interrupts are at 0x3C", iot_cur_u32(c, 40));
	nctx = iot_cur_u32(c, 44);
	npmu = iot_cur_u32(c, 52);
	u->irq_global.gsiv = iot_cur_u32(c, 60);
	u->irq_global.edge = iot_cur_u32(c, 64) & 1;
	u->irq_global_cfg.gsiv = iot_cur_u32(c, 68);
	u->irq_global_cfg.edge = iot_cur_u32(c, 72) & 1;
	read_irqs(c, iot_cur_u32(c, 48), nctx, "Context Interrupt Offset", &u->irq_context,
		  &u->n_irq_context);
	read_irqs(c, iot_cur_u32(c, 56), npmu, "PMU Interrupt Offset", &u->irq_pmu, &u->n_irq_pmu);
	u->iommu_cells = 1;
	if (r->rev >= 3) {
		u->has_identifier = true;
		u->identifier = n->ident;
	}
	read_smmu_maps(r, n, u, 76 + 8 * (size_t)(u->n_irq_context + u->n_irq_pmu), false, 0);
}

static void read_smmuv3(struct iort_reader *r, struct rnode *n)
{
	struct iot_iommu *u = &r->t->iommus[n->obj];
	struct iot_cur *c = &n->cur;
	size_t fixed = fixed_size(n->type, n->rev);
	uint32_t flags, index = 0, mask = n->rev >= 5 ? 0x1f : 0xf;
	bool use_index;

	if (!iot_cur_need(c, 0, fixed, "Device ID Mapping Index", IOT_RULE_IORT_NODE_LENGTH))
		return;
	u->base = iot_cur_u64(c, 16);
	flags = iot_cur_u32(c, 24);
	u->coherent = flags & 1;
	u->httu = (flags >> 1) & 3;
	u->has_pxm = flags & 8;
	if (flags & ~mask)
		iot_cur_report(c, 24, IOT_RULE_IORT_RESERVED, "Flags",
			       "0x%08X has reserved bits set (valid: 0x%X)", flags, mask);
	if (u->httu == 3)
		iot_cur_report(c, 24, IOT_RULE_IORT_RESERVED, "Flags",
			       "HTTU Override 3 is reserved");
	if (iot_cur_u32(c, 28))
		iot_cur_report(c, 28, IOT_RULE_IORT_RESERVED, "Reserved", "0x%08X, must be zero",
			       iot_cur_u32(c, 28));
	u->vatos = iot_cur_u64(c, 32);
	u->impl = iot_cur_u32(c, 40);
	if (u->impl > 2)
		iot_cur_report(c, 40, IOT_RULE_IORT_SMMU_MODEL, "Model",
			       "%u is not a known SMMUv3 model (0..2)", u->impl);
	u->irq_event = iot_cur_u32(c, 44);
	u->irq_pri = iot_cur_u32(c, 48);
	u->irq_gerror = iot_cur_u32(c, 52);
	u->irq_sync = iot_cur_u32(c, 56);
	if (n->rev >= 1) {
		u->pxm = iot_cur_u32(c, 60);
		index = iot_cur_u32(c, 64);
	}
	if (!u->has_pxm)
		u->pxm = 0;
	u->iommu_cells = 1;
	if (r->rev >= 3) {
		u->has_identifier = true;
		u->identifier = n->ident;
	}
	/* E.e says by a flag whether the index is valid; before it, Linux's rule (kernel/idmap.h) */
	if (n->rev >= 5)
		use_index = flags & 0x10;
	else
		use_index = iot_iort_id_mapping_index(true, (uint8_t)n->rev,
						      u->irq_event && u->irq_pri && u->irq_gerror &&
							      u->irq_sync,
						      index, UINT32_MAX, NULL) >= 0;
	if (use_index && index >= n->map_count) {
		/* iort.c:iort_get_id_mapping_index: FW_BUG, then no DeviceID */
		iot_cur_report(c, 64, IOT_RULE_IORT_DEVID_INDEX, "Device ID Mapping Index",
			       "%u is not below Mapping Count %u: the SMMU gets no MSI DeviceID",
			       index, n->map_count);
		use_index = false;
	}
	if (use_index && n->map_count && index < n->map_count &&
	    n->map_offset + (uint64_t)(index + 1) * IORT_MAP_LEN <= n->length &&
	    n->map_offset >= fixed &&
	    !(iot_cur_u32(c, n->map_offset + (size_t)index * IORT_MAP_LEN + 16) & 1))
		iot_cur_report(c, 64, IOT_RULE_IORT_DEVID_INDEX, "Device ID Mapping Index",
			       "%u selects a range mapping; the DeviceID mapping must be a "
			       "single mapping to an ITS group",
			       index);
	read_smmu_maps(r, n, u, fixed, use_index, index);
}

static void read_pmcg(struct iort_reader *r, struct rnode *n)
{
	struct iot_pmcg *pm = &r->t->pmcgs[n->obj];
	struct iot_cur *c = &n->cur;
	size_t fixed = fixed_size(n->type, n->rev);
	uint32_t ref;

	if (!iot_cur_need(c, 0, fixed, "Page 1 Base Address", IOT_RULE_IORT_NODE_LENGTH))
		return;
	pm->iommu = IOT_NONE;
	pm->platdev = IOT_NONE;
	pm->msi_controller = IOT_NONE;
	pm->page0 = iot_cur_u64(c, 16);
	pm->gsiv = iot_cur_u32(c, 24);
	ref = iot_cur_u32(c, 28);
	if (n->rev >= 1)
		pm->page1 = iot_cur_u64(c, 32);
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
				       type_article(to->type), type_short(to->type));
	}
	if (r->rev >= 3) {
		pm->has_identifier = true;
		pm->identifier = n->ident;
	}
	if (!check_map_array(r, n, fixed))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (m.to->type != IOT_IORT_ITS) {
			bad_target(r, n, &m, k, "ITS groups");
			continue;
		}
		if (pm->msi_controller == IOT_NONE && (m.flags & 1)) {
			pm->msi_controller = m.to->obj;
			pm->msi_device_id = m.out;
		} else {
			iot_cur_report(c, m.field_off, IOT_RULE_IORT_PMCG_MAPPING, "mapping",
				       "mapping %u is not used by Linux (only a first "
				       "single mapping gives the PMCG's DeviceID)",
				       k);
		}
	}
}

static void read_rmr(struct iort_reader *r, struct rnode *n)
{
	struct iot_rmr *rm = &r->t->rmrs[n->obj];
	struct iot_cur *c = &n->cur;
	uint32_t flags, count, off;

	if (!iot_cur_need(c, 0, 28, "RMR Descriptor Offset", IOT_RULE_IORT_NODE_LENGTH))
		return;
	if (r->rev < 5)
		iot_cur_report(c, 0, IOT_RULE_IORT_RMR_REVISION, NULL,
			       "Linux uses RMR nodes only from IORT revision 5 (E.d); this table "
			       "is revision %u",
			       r->rev);
	flags = iot_cur_u32(c, 16);
	rm->remap_permitted = flags & 1;
	rm->privileged = flags & 2;
	rm->access = (uint8_t)(flags >> 2);
	if (flags & ~0x3ffu)
		iot_cur_report(c, 16, IOT_RULE_IORT_RESERVED, "Flags",
			       "0x%08X has reserved bits 31:10 set", flags);
	count = iot_cur_u32(c, 20);
	off = iot_cur_u32(c, 24);
	if (!count)
		iot_cur_report(c, 20, IOT_RULE_IORT_RMR_COUNT, "Number of RMR Descriptors",
			       "is 0; an RMR node has at least one range");
	else if (off < 28 || (uint64_t)off + (uint64_t)count * IORT_RMR_DESC_LEN > c->len)
		iot_cur_report(c, 24, IOT_RULE_IORT_RMR_OFFSET, "RMR Descriptor Offset",
			       "%u descriptors at 0x%X do not fit in the node (Length 0x%zX)",
			       count, off, c->len);
	else {
		rm->ranges = iot_xcalloc(count, sizeof(*rm->ranges));
		for (uint32_t i = 0; i < count; i++) {
			size_t o = off + (size_t)i * IORT_RMR_DESC_LEN;

			rm->ranges[i].base = iot_cur_u64(c, o);
			rm->ranges[i].length = iot_cur_u64(c, o + 8);
			if (!rm->ranges[i].length)
				iot_cur_report(c, o + 8, IOT_RULE_IORT_RMR_RANGE, "Length of RMR",
					       "descriptor %u has length 0", i);
			if (iot_cur_u32(c, o + 16))
				iot_cur_report(c, o + 16, IOT_RULE_IORT_RESERVED, "Reserved",
					       "descriptor %u: must be zero", i);
		}
		rm->n_ranges = count;
	}
	if (r->rev >= 3) {
		rm->has_identifier = true;
		rm->identifier = n->ident;
	}
	if (!check_map_array(r, n, 28))
		return;
	for (uint32_t k = 0; k < n->map_count; k++) {
		struct rmap m;

		if (!read_map(r, n, k, &m))
			continue;
		if (!to_smmu(m.to)) {
			bad_target(r, n, &m, k, "SMMUs");
			continue;
		}
		add_row(&rm->ids, &m, m.to->obj, c);
	}
}

static void record_layout(struct iort_reader *r)
{
	struct iot_machine *mc = &r->t->machine;

	if (mc->iort_layout)
		return; /* a second IORT: keep the first one's layout */
	mc->iort_layout = iot_xcalloc(r->n_nodes ? r->n_nodes : 1, sizeof(*mc->iort_layout));
	for (size_t i = 0; i < r->n_nodes; i++) {
		struct rnode *n = &r->nodes[i];
		struct iot_iort_layout *l;

		if (n->obj == IOT_NONE)
			continue;
		l = &mc->iort_layout[mc->n_iort_layout++];
		l->kind = (enum iot_iort_kind)n->type;
		l->index = n->obj;
		l->revision = n->rev;
		if (n->type == IOT_IORT_NC)
			l->nc_map_offset = n->map_offset ? n->map_offset : n->length;
		if (n->type == IOT_IORT_RMR)
			l->rmr_maps_first =
				n->map_count && iot_cur_u32(&n->cur, 24) > n->map_offset;
	}
	mc->iort_revision = r->rev;
	mc->has_iort_revision = true;
}

int iot_iort_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	struct iort_reader r = { .t = t, .d = d };
	size_t errs = d->n_errors;
	bool had_oem = t->machine.has_oem;

	iot_cur_init(&r.tbl, data, len, file, d, "IORT");
	if (!acpi_read_header(&r.tbl, "IORT", t))
		return -1;
	if (had_oem && t->machine.has_oem)
		(void)0; /* the first table's OEM fields win */
	r.rev = iot_cur_u8(&r.tbl, 8);
	if (r.rev == 1 || r.rev == 2 || r.rev == 4)
		iot_cur_report(&r.tbl, 8, IOT_RULE_IORT_REVISION, "Revision",
			       "%u is a withdrawn issue (E, E.a or E.c); ACPICA and EDK2 reject it",
			       r.rev);
	else if (r.rev > 7)
		iot_cur_report(&r.tbl, 8, IOT_RULE_IORT_REVISION, "Revision",
			       "%u is newer than any issue iotopo knows (7, E.g)", r.rev);
	if (!iot_cur_need(&r.tbl, 0, IORT_HDR_LEN, "header", IOT_RULE_IORT_TRUNCATED))
		return -1;
	walk_nodes(&r);
	acpi_nameset_init(&r.names, t);
	create_objects(&r);
	if (r.rev >= 3)
		sort_idents(&r);
	for (size_t i = 0; i < r.n_nodes; i++) {
		struct rnode *n = &r.nodes[i];

		check_node_header(&r, n, i);
		if (n->obj == IOT_NONE)
			continue;
		switch (n->type) {
		case IOT_IORT_ITS:
			read_its(&r, n);
			break;
		case IOT_IORT_NC:
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
	}
	record_layout(&r);
	acpi_nameset_free(&r.names);
	free(r.by_ident);
	free(r.nodes);
	return d->n_errors > errs ? -1 : 0;
}
