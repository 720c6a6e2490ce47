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
#include "util/mem.h"

enum {
	VIOT_PCI_RANGE = 1,
	VIOT_MMIO = 2,
	VIOT_VIRTIO_PCI = 3,
	VIOT_VIRTIO_MMIO = 4,
};

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

int iot_viot_write(const struct iot_topology *t, struct iot_buf *out, struct iot_acpi_names *names,
		   struct iot_diags *d)
{
	uint32_t *off = iot_xcalloc(t->n_iommus + 1, sizeof(*off));
	size_t errs = d->n_errors;
	uint32_t pos = VIOT_HDR_LEN;
	size_t count = 0;
	int rc = -1;

	iot_buf_reset(out);
	acpi_put_header(out, "VIOT", 0, &t->machine, &t->machine.viot_fw);
	iot_buf_add_le(out, 0, 2); /* node count, patched */
	iot_buf_add_le(out, VIOT_HDR_LEN, 2);
	iot_buf_add_le(out, 0, 8);
	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (!iot_iommu_is_virtio(u->model))
			continue;
		off[i] = pos;
		acpi_name_add(names, pos, "node %zu, virtio-iommu '%s'", count, u->name);
		if (u->model == IOT_IOMMU_VIRTIO_PCI) {
			iot_buf_addc(out, VIOT_VIRTIO_PCI);
			iot_buf_addc(out, 0);
			iot_buf_add_le(out, 16, 2);
			iot_buf_add_le(out, u->pci_segment, 2);
			iot_buf_add_le(out, u->pci_bdf, 2);
			iot_buf_add_le(out, 0, 8);
		} else {
			iot_buf_addc(out, VIOT_VIRTIO_MMIO);
			iot_buf_addc(out, 0);
			iot_buf_add_le(out, 16, 2);
			iot_buf_add_le(out, 0, 4);
			iot_buf_add_le(out, u->base, 8);
		}
		pos += 16;
		count++;
	}
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		for (size_t j = 0; j < r->iommu_map.n; j++) {
			const struct iot_map_row *row = &r->iommu_map.rows[j];

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
			iot_buf_addc(out, VIOT_PCI_RANGE);
			iot_buf_addc(out, 0);
			iot_buf_add_le(out, 24, 2);
			iot_buf_add_le(out, row->out_base, 4);
			iot_buf_add_le(out, r->segment, 2);
			iot_buf_add_le(out, r->segment, 2);
			iot_buf_add_le(out, row->in_base, 2);
			iot_buf_add_le(out, iot_row_last(row), 2);
			iot_buf_add_le(out, off[row->target], 2);
			iot_buf_add_le(out, 0, 6);
			pos += 24;
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
				acpi_name_add(names, pos, "node %zu, MMIO endpoint '%s'", count,
					      p->name);
				iot_buf_addc(out, VIOT_MMIO);
				iot_buf_addc(out, 0);
				iot_buf_add_le(out, 24, 2);
				iot_buf_add_le(out, di->ids[k].id, 4);
				iot_buf_add_le(out, p->mmio_base, 8);
				iot_buf_add_le(out, off[di->iommu], 2);
				iot_buf_add_le(out, 0, 6);
				pos += 24;
				count++;
			}
		}
	}
	if (count > 0xffff)
		iot_error(d, NULL, "the VIOT would have %zu nodes; its Node count is 16 bits",
			  count);
	if (d->n_errors > errs)
		goto out;
	iot_buf_put_le(out, 36, count, 2);
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
	switch (type) {
	case VIOT_PCI_RANGE:
		return "PCI range";
	case VIOT_MMIO:
		return "MMIO endpoint";
	case VIOT_VIRTIO_PCI:
		return "virtio-iommu-pci";
	case VIOT_VIRTIO_MMIO:
		return "virtio-iommu-mmio";
	}
	return "unknown type";
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

static void check_zero(struct iot_cur *c, size_t off, size_t n, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (iot_cur_u8(c, off + i)) {
			iot_cur_report(c, off, IOT_RULE_VIOT_RESERVED, field, "must be zero");
			return;
		}
}

static void read_range(struct iot_topology *t, struct viot_objs *o, struct vnode *v, size_t n,
		       struct vnode *self)
{
	struct iot_cur *c = &self->cur;
	uint32_t ep = iot_cur_u32(c, 4);
	uint16_t s0 = iot_cur_u16(c, 8), s1 = iot_cur_u16(c, 10);
	uint16_t b0 = iot_cur_u16(c, 12), b1 = iot_cur_u16(c, 14);
	int u = resolve_output(v, n, self, 16);
	struct iot_loc loc = iot_cur_loc(c, 0);

	check_zero(c, 18, 6, "Reserved");
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
	struct iot_platdev *p;
	struct iot_dev_iommu *di;

	check_zero(c, 18, 6, "Reserved");
	if (u == IOT_NONE)
		return;
	p = iot_add_platdev(t);
	acpi_name_obj(&o->ns, &p->name, "mmio", ordinal);
	p->mmio_base = iot_cur_u64(c, 8);
	p->has_mmio_base = true;
	p->msi_controller = IOT_NONE;
	p->loc = iot_cur_loc(c, 0);
	di = iot_platdev_add_iommu(p);
	di->iommu = u;
	di->loc = p->loc;
	iot_dev_iommu_add_id(di, iot_cur_u32(c, 4), 0, false);
}

int iot_viot_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	struct viot_objs objs;
	struct iot_cur tbl;
	struct vnode *v = NULL;
	size_t n = 0, cap = 0, errs = d->n_errors, off, n_viommu = 0, n_mmio = 0;
	uint16_t count, first;

	iot_cur_init(&tbl, data, len, file, d, "VIOT");
	if (!acpi_read_header(&tbl, "VIOT", t, t->machine.viot_fw.has ? NULL : &t->machine.viot_fw))
		return -1;
	if (!iot_cur_need(&tbl, 0, VIOT_HDR_LEN, "header", IOT_RULE_VIOT_TRUNCATED))
		return -1;
	t->machine.viot_fw.has = true;
	if (iot_cur_u8(&tbl, 8))
		iot_cur_report(&tbl, 8, IOT_RULE_VIOT_REVISION, "Revision",
			       "%u; iotopo knows revision 0", iot_cur_u8(&tbl, 8));
	count = iot_cur_u16(&tbl, 36);
	first = iot_cur_u16(&tbl, 38);
	check_zero(&tbl, 40, 8, "Reserved");
	if (first < VIOT_HDR_LEN) {
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
		need = vn->type == VIOT_PCI_RANGE || vn->type == VIOT_MMIO	   ? 24 :
		       vn->type == VIOT_VIRTIO_PCI || vn->type == VIOT_VIRTIO_MMIO ? 16 :
										     4;
		if (vn->length < need) {
			iot_cur_report(&hc, 2, IOT_RULE_VIOT_NODE_LENGTH, "Length",
				       "%u is shorter than a %s node (%zu bytes)", vn->length,
				       viot_type_name(vn->type), need);
			vn->skip = true; /* skip the body, keep walking */
		}
		if (iot_cur_u8(&hc, 1))
			iot_cur_report(&hc, 1, IOT_RULE_VIOT_RESERVED, "Reserved", "must be zero");
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

		if (v[i].skip || (v[i].type != VIOT_VIRTIO_PCI && v[i].type != VIOT_VIRTIO_MMIO))
			continue;
		u = iot_add_iommu(t);
		acpi_name_obj(&objs.ns, &u->name, "viommu", n_viommu++);
		u->msi_controller = IOT_NONE;
		u->iommu_cells = 1;
		u->loc = iot_cur_loc(&v[i].cur, 0);
		if (v[i].type == VIOT_VIRTIO_PCI) {
			u->model = IOT_IOMMU_VIRTIO_PCI;
			u->pci_segment = iot_cur_u16(&v[i].cur, 4);
			u->pci_bdf = iot_cur_u16(&v[i].cur, 6);
			check_zero(&v[i].cur, 8, 8, "Reserved");
		} else {
			u->model = IOT_IOMMU_VIRTIO_MMIO;
			check_zero(&v[i].cur, 4, 4, "Reserved");
			u->base = iot_cur_u64(&v[i].cur, 8);
		}
		v[i].iommu = (int)(t->n_iommus - 1);
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].skip)
			continue;
		switch (v[i].type) {
		case VIOT_PCI_RANGE:
			read_range(t, &objs, v, n, &v[i]);
			break;
		case VIOT_MMIO:
			read_mmio_ep(t, &objs, v, n, &v[i], n_mmio++);
			break;
		case VIOT_VIRTIO_PCI:
		case VIOT_VIRTIO_MMIO:
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
	return d->n_errors > errs ? -1 : 0;
}
