// SPDX-License-Identifier: MIT
/*
 * VIOT <-> model.  Node order written: virtio-iommu nodes (model order), PCI
 * ranges (roots in order, rows in order), MMIO endpoints (devices in order),
 * which is QEMU's order (hw/acpi/viot.c), so QEMU tables round-trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi_int.h"
#include "tables/viot.h"
#include "util/mem.h"

bool iot_topology_has_viot(const struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_iommus; i++)
		if (iot_iommu_is_virtio(t->iommus[i].model))
			return true;
	return false;
}

static bool is_virtio(const struct iot_topology *t, int u)
{
	return u >= 0 && (size_t)u < t->n_iommus && iot_iommu_is_virtio(t->iommus[u].model);
}

struct vcalc {
	const struct iot_viot_type *ty;
	uint16_t out; /* Output node */
	size_t count;
};

static bool vcalc(void *ctx, const struct iot_field *f, uint64_t *v)
{
	const struct vcalc *c = ctx;

	if (!strcmp(f->key, "type"))
		*v = c->ty->type;
	else if (!strcmp(f->key, "length"))
		*v = c->ty->length;
	else if (!strcmp(f->key, "output-node"))
		*v = c->out;
	else if (!strcmp(f->key, "node-count"))
		*v = c->count;
	else if (!strcmp(f->key, "node-offset"))
		*v = IOT_VIOT_HDR_LEN;
	else
		return false;
	return true;
}

/* One node of @type from @obj (an iot_iommu or an iot_viot_ep), with @fw's kept fields. */
static void put_node(struct iot_buf *out, unsigned int type, const void *obj,
		     const struct iot_fw_node *fw, uint16_t output)
{
	struct vcalc c = { iot_viot_type(type), output, 0 };

	iot_layout_write(c.ty->body, 0, out, out->len, obj, fw ? fw->fields : NULL,
			 fw ? fw->n_fields : 0, 0, vcalc, &c, NULL);
}

int iot_viot_write(const struct iot_topology *t, struct iot_buf *out, struct iot_acpi_names *names,
		   struct iot_diags *d)
{
	const struct iot_fw_table *ft = &t->machine.viot_fw;
	uint32_t *off = iot_xcalloc(t->n_iommus + 1, sizeof(*off));
	size_t errs = d->n_errors;
	uint32_t pos = IOT_VIOT_HDR_LEN;
	size_t count = 0;
	int rc = -1;

	iot_buf_reset(out);
	acpi_put_header(out, "VIOT", 0, &t->machine, ft);
	iot_buf_zeros(out, IOT_VIOT_HDR_LEN - out->len); /* filled in at the end */
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (!iot_iommu_is_virtio(u->model))
			continue;
		off[i] = pos;
		acpi_name_add(names, pos, "node %zu, virtio-iommu '%s'", count, u->name);
		put_node(out,
			 u->model == IOT_IOMMU_VIRTIO_PCI ? IOT_VIOT_VIRTIO_PCI :
							    IOT_VIOT_VIRTIO_MMIO,
			 u, &u->fw, 0);
		pos = (uint32_t)out->len;
		count++;
	}
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		for (size_t j = 0; j < r->iommu_map.n; j++) {
			const struct iot_map_row *row = &r->iommu_map.rows[j];
			struct iot_viot_ep ep;

			if (!is_virtio(t, row->target))
				continue;
			if (row->single || !row->count || iot_row_last(row) > 0xffff) {
				iot_error(d, &row->loc,
					  "root '%s': map row %zu (RIDs 0x%X, %llu IDs) is not a "
					  "range of 16-bit requester IDs; a VIOT PCI range cannot "
					  "express it",
					  r->name, j, row->in_base, (unsigned long long)row->count);
				continue;
			}
			acpi_name_add(names, pos, "node %zu, PCI range of '%s'", count, r->name);
			ep = (struct iot_viot_ep){ .endpoint = row->out_base,
						   .seg_start = r->segment,
						   .seg_end = r->segment,
						   .bdf_start = (uint16_t)row->in_base,
						   .bdf_end = (uint16_t)iot_row_last(row) };
			put_node(out, IOT_VIOT_PCI_RANGE, &ep, NULL, (uint16_t)off[row->target]);
			pos = (uint32_t)out->len;
			count++;
		}
	}
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		for (size_t j = 0; j < p->n_iommus; j++) {
			const struct iot_dev_iommu *di = &p->iommus[j];

			if (!is_virtio(t, di->iommu))
				continue;
			if (!p->has_mmio_base) {
				iot_error(d, &p->loc,
					  "platform device '%s' sits behind virtio-iommu '%s' but "
					  "has no mmio-base; a VIOT MMIO endpoint is matched by it",
					  p->name, t->iommus[di->iommu].name);
				continue;
			}
			for (size_t k = 0; k < di->n_ids; k++) {
				struct iot_viot_ep ep = { .endpoint = di->ids[k].id,
							  .base = p->mmio_base };

				acpi_name_add(names, pos, "node %zu, MMIO endpoint '%s'", count,
					      p->name);
				put_node(out, IOT_VIOT_MMIO, &ep, k ? NULL : &p->fw,
					 (uint16_t)off[di->iommu]);
				pos = (uint32_t)out->len;
				count++;
			}
		}
	}
	if (count > 0xffff)
		iot_error(d, NULL, "the VIOT would have %zu nodes; its Node count is 16 bits",
			  count);
	if (d->n_errors > errs)
		goto out;
	{
		struct vcalc c = { NULL, 0, count };

		iot_layout_write(&iot_viot_header, 0, out, 0, NULL, ft->fields, ft->n_fields, 0,
				 vcalc, &c, NULL);
	}
	acpi_finish(out);
	rc = 0;
out:
	free(off);
	return rc;
}

struct vnode {
	size_t off;
	uint8_t type;
	uint16_t length;
	int iommu;
	bool skip; /* too short for its type: body not read */
	struct iot_cur cur;
};

static const char *viot_type_name(uint8_t type)
{
	const struct iot_viot_type *ty = iot_viot_type(type);

	return ty ? ty->name : "unknown type";
}

/*
 * What the reader creates objects with: their names, and per PCI segment the
 * root it maps into (IOT_NONE if none yet), so that 65,535 one-segment ranges
 * do not each scan every root (5.8 s).
 */
struct viot_objs {
	struct acpi_nameset ns;
	int *seg_root; /* 65536 entries */
};

static void objs_init(struct viot_objs *o, const struct iot_topology *t)
{
	acpi_nameset_init(&o->ns, t);
	o->seg_root = iot_xmalloc(65536 * sizeof(*o->seg_root));
	for (size_t i = 0; i < 65536; i++)
		o->seg_root[i] = IOT_NONE;
	/* the first root of a segment wins, as a linear search finds it */
	for (size_t i = t->n_roots; i-- > 0;)
		o->seg_root[t->roots[i].segment] = (int)i;
}

static void objs_free(struct viot_objs *o)
{
	acpi_nameset_free(&o->ns);
	free(o->seg_root);
}

static int get_root(struct iot_topology *t, struct viot_objs *o, uint16_t seg,
		    const struct iot_loc *loc)
{
	int i = o->seg_root[seg];
	struct iot_pci_root *r;

	if (i != IOT_NONE)
		return i;
	r = iot_add_root(t);
	o->seg_root[seg] = (int)(t->n_roots - 1);
	acpi_name_obj(&o->ns, &r->name, "pcie", seg);
	r->segment = seg;
	r->bus_start = 0;
	r->bus_end = 0xff;
	r->loc = *loc;
	return (int)(t->n_roots - 1);
}

/*
 * The last node starting at or before @off (n if none).  Nodes are recorded
 * at strictly increasing offsets (Length >= 4), so a binary search.
 */
static size_t vnode_floor(const struct vnode *v, size_t n, size_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : n;
}

static struct vnode *vnode_at(struct vnode *v, size_t n, size_t off)
{
	size_t i = vnode_floor(v, n, off);

	return i < n && v[i].off == off ? &v[i] : NULL;
}

static int resolve_output(struct vnode *v, size_t n, struct vnode *self, size_t field_off)
{
	uint16_t ref = iot_cur_u16(&self->cur, field_off);
	struct vnode *to = vnode_at(v, n, ref);

	if (!to) {
		size_t i = vnode_floor(v, n, ref);

		if (i < n && ref > v[i].off && ref < v[i].off + v[i].length) {
			iot_cur_report(&self->cur, field_off, IOT_RULE_VIOT_REF, "Output node",
				       "0x%X points into the middle of node %zu (%s at 0x%zX)", ref,
				       i, viot_type_name(v[i].type), v[i].off);
			return IOT_NONE;
		}
		iot_cur_report(&self->cur, field_off, IOT_RULE_VIOT_REF, "Output node",
			       "0x%X is not the start of any node", ref);
		return IOT_NONE;
	}
	if (to->iommu == IOT_NONE) {
		iot_cur_report(&self->cur, field_off, IOT_RULE_VIOT_REF_TYPE, "Output node",
			       "0x%X is a %s node, not a virtio-iommu", ref,
			       viot_type_name(to->type));
		return IOT_NONE;
	}
	return to->iommu;
}

static void read_range(struct iot_topology *t, struct viot_objs *o, struct vnode *v, size_t n,
		       struct vnode *self)
{
	struct iot_cur *c = &self->cur;
	struct iot_viot_ep e = { 0 };
	uint32_t ep;
	uint16_t s0, s1, b0, b1;
	int u = resolve_output(v, n, self, 16);
	struct iot_loc loc = iot_cur_loc(c, 0);

	iot_layout_read(iot_viot_type(IOT_VIOT_PCI_RANGE)->body, 0, c, 0, &e, NULL, NULL, 0);
	ep = e.endpoint;
	s0 = e.seg_start;
	s1 = e.seg_end;
	b0 = e.bdf_start;
	b1 = e.bdf_end;
	if (s0 > s1) {
		iot_cur_report(c, 8, IOT_RULE_VIOT_RANGE, "PCI Segment start",
			       "0x%X is above PCI Segment end 0x%X", s0, s1);
		return;
	}
	if (b0 > b1) {
		iot_cur_report(c, 12, IOT_RULE_VIOT_RANGE, "PCI BDF start",
			       "0x%X is above PCI BDF end 0x%X", b0, b1);
		return;
	}
	if (u == IOT_NONE)
		return;
	if (s1 - s0 >= 16) {
		iot_cur_report(c, 10, IOT_RULE_VIOT_RANGE, "PCI Segment end",
			       "the range spans %u segments; iotopo reads at most 16", s1 - s0 + 1);
		return;
	}
	if (s0 != s1)
		iot_cur_report(c, 10, IOT_RULE_VIOT_RANGE_SEGMENTS, "PCI Segment end",
			       "a range over several segments is read as one range per segment");
	for (uint32_t s = s0; s <= s1; s++) {
		int ri = get_root(t, o, (uint16_t)s, &loc); /* may move t->roots */
		struct iot_pci_root *r = &t->roots[ri];
		struct iot_map_row *row;

		/* viot.c:viot_pci_dev_iommu_init: epid = ((seg - start) << 16) + bdf - start + ep */
		row = iot_idmap_add(&r->iommu_map, b0, (uint64_t)b1 - b0 + 1, u,
				    ep + ((s - s0) << 16));
		row->loc = loc;
	}
}

static void read_mmio_ep(struct iot_topology *t, struct viot_objs *o, struct vnode *v, size_t n,
			 struct vnode *self, size_t ordinal)
{
	struct iot_cur *c = &self->cur;
	int u = resolve_output(v, n, self, 16);
	struct iot_viot_ep e = { 0 };
	struct iot_platdev *p;
	struct iot_dev_iommu *di;

	if (u == IOT_NONE) {
		iot_layout_read(iot_viot_type(IOT_VIOT_MMIO)->body, 0, c, 0, &e, NULL, NULL, 0);
		return;
	}
	p = iot_add_platdev(t);
	iot_layout_read(iot_viot_type(IOT_VIOT_MMIO)->body, 0, c, 0, &e, &p->fw.fields,
			&p->fw.n_fields, 0);
	p->fw.has_offset = true;
	p->fw.offset = (uint32_t)self->off;
	acpi_name_obj(&o->ns, &p->name, "mmio", ordinal);
	p->mmio_base = e.base;
	p->has_mmio_base = true;
	p->msi_controller = IOT_NONE;
	p->loc = iot_cur_loc(c, 0);
	di = iot_platdev_add_iommu(p);
	di->iommu = u;
	di->loc = p->loc;
	iot_dev_iommu_add_id(di, e.endpoint, 0, false);
}

int iot_viot_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	struct viot_objs objs;
	struct iot_cur tbl;
	struct vnode *v = NULL;
	size_t n = 0, cap = 0, off, n_viommu = 0, n_mmio = 0;
	uint16_t count, first;

	iot_cur_init(&tbl, data, len, file, d, "VIOT");
	if (!acpi_read_header(&tbl, "VIOT", t, t->machine.viot_fw.has ? NULL : &t->machine.viot_fw))
		return -1;
	if (!iot_cur_need(&tbl, 0, IOT_VIOT_HDR_LEN, "header", IOT_RULE_VIOT_TRUNCATED))
		return -1;
	t->machine.viot_fw.has = true;
	if (iot_cur_u8(&tbl, 8))
		iot_cur_report(&tbl, 8, IOT_RULE_VIOT_REVISION, "Revision",
			       "%u; iotopo knows revision 0", iot_cur_u8(&tbl, 8));
	count = iot_cur_u16(&tbl, 36);
	first = iot_cur_u16(&tbl, 38);
	iot_layout_read(&iot_viot_header, 0, &tbl, 0, NULL, &t->machine.viot_fw.fields,
			&t->machine.viot_fw.n_fields, 0);
	if (first < IOT_VIOT_HDR_LEN) {
		/* viot.c:acpi_viot_init: nodes lie in [max(48, node_offset), Length) */
		iot_cur_report(&tbl, 38, IOT_RULE_VIOT_NODE_OFFSET, "Node offset",
			       "0x%X points into the 48-byte table header", first);
		count = 0;
	}
	off = first;
	for (uint16_t i = 0; i < count; i++) {
		struct iot_cur hc;
		struct vnode *vn;
		size_t need;

		if (off >= tbl.len) {
			iot_cur_report(&tbl, 36, IOT_RULE_VIOT_NODE_COUNT, "Node count",
				       "says %u nodes, but the table ends after %u", count, i);
			break;
		}
		iot_cur_sub(&hc, &tbl, off, 4, "VIOT node %u", i);
		if (!iot_cur_need(&hc, 0, 4, "header", IOT_RULE_VIOT_NODE_LENGTH))
			break;
		iot_grow((void **)&v, &cap, n + 1, sizeof(*v));
		vn = &v[n];
		vn->off = off;
		vn->type = iot_cur_u8(&hc, 0);
		vn->length = iot_cur_u16(&hc, 2);
		vn->iommu = IOT_NONE;
		vn->skip = false;
		snprintf(hc.what, sizeof(hc.what), "VIOT node %u (%s)", i,
			 viot_type_name(vn->type));
		if (vn->length < 4) {
			iot_cur_report(&hc, 2, IOT_RULE_VIOT_NODE_LENGTH, "Length",
				       "%u is shorter than the 4-byte node header; cannot walk "
				       "further",
				       vn->length);
			break;
		}
		if (off + vn->length > tbl.len) {
			iot_cur_report(&hc, 2, IOT_RULE_VIOT_NODE_LENGTH, "Length",
				       "%u runs past the end of the table (node ends at 0x%zX, "
				       "table at 0x%zX)",
				       vn->length, off + vn->length, tbl.len);
			break;
		}
		iot_cur_sub(&vn->cur, &tbl, off, vn->length, "%s", hc.what);
		need = iot_viot_type(vn->type) ? iot_viot_type(vn->type)->length : 4;
		if (vn->length < need) {
			iot_cur_report(&hc, 2, IOT_RULE_VIOT_NODE_LENGTH, "Length",
				       "%u is shorter than a %s node (%zu bytes)", vn->length,
				       viot_type_name(vn->type), need);
			vn->skip = true; /* skip the body, keep walking */
		}
		if (vn->skip || !iot_viot_type(vn->type))
			iot_layout_read(&iot_viot_node_hdr, 0, &hc, 0, NULL, NULL, NULL, 0);
		n++;
		off += vn->length;
	}
	if (count && off < tbl.len && n == count)
		iot_cur_report(&tbl, 36, IOT_RULE_VIOT_UNUSED_BYTES, "Node count",
			       "%u nodes end at 0x%zX, but the table is 0x%zX bytes", count, off,
			       tbl.len);
	objs_init(&objs, t);
	/* IOMMUs first, so that endpoints can refer forward */
	for (size_t i = 0; i < n; i++) {
		struct iot_iommu *u;

		if (v[i].skip ||
		    (v[i].type != IOT_VIOT_VIRTIO_PCI && v[i].type != IOT_VIOT_VIRTIO_MMIO))
			continue;
		u = iot_add_iommu(t);
		acpi_name_obj(&objs.ns, &u->name, "viommu", n_viommu++);
		u->msi_controller = IOT_NONE;
		u->iommu_cells = 1;
		u->loc = iot_cur_loc(&v[i].cur, 0);
		u->model = v[i].type == IOT_VIOT_VIRTIO_PCI ? IOT_IOMMU_VIRTIO_PCI :
							      IOT_IOMMU_VIRTIO_MMIO;
		u->fw.has_offset = true;
		u->fw.offset = (uint32_t)v[i].off;
		iot_layout_read(iot_viot_type(v[i].type)->body, 0, &v[i].cur, 0, u, &u->fw.fields,
				&u->fw.n_fields, 0);
		v[i].iommu = (int)(t->n_iommus - 1);
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].skip)
			continue;
		switch (v[i].type) {
		case IOT_VIOT_PCI_RANGE:
			read_range(t, &objs, v, n, &v[i]);
			break;
		case IOT_VIOT_MMIO:
			read_mmio_ep(t, &objs, v, n, &v[i], n_mmio++);
			break;
		case IOT_VIOT_VIRTIO_PCI:
		case IOT_VIOT_VIRTIO_MMIO:
			break;
		default:
			/* viot.c:viot_parse_node skips unknown types */
			iot_cur_report(&v[i].cur, 0, IOT_RULE_VIOT_NODE_TYPE, "Type",
				       "%u is not a VIOT node type; skipped (as Linux does)",
				       v[i].type);
			break;
		}
	}
	objs_free(&objs);
	free(v);
	/* fail-soft: findings (even errors) leave the rest read; -1 only for an unusable header */
	return 0;
}
