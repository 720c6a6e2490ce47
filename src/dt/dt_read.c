// SPDX-License-Identifier: MIT
/*
 * DTB -> topology.  Everything goes through libfdt after fdt_check_full();
 * every length, cell count and phandle read from the blob is checked before
 * use.  The first error stops the reader with one diagnostic:
 *   file: offset 0x..: error: /path:prop: what is wrong
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dt/dt.h"
#include "dt/dt_build.h"
#include "lint/rule_ids.h"
#include "util/mem.h"
#include "util/hash.h"

#define DT_MAX_PATH 4096
#define DT_MAX_DEPTH 64
#define DT_MAX_HOPS 64 /* interrupt-parent chain */
/* #iommu-cells of an IOMMU iotopo has no model for (real DTs use 0..2) */
#define DT_MAX_IOMMU_CELLS 16
#define DT_MAX_IOMMU_CELLS_S "16"

/*
 * The properties the reader asks about, by name.  The structure block is
 * indexed once (index_tree) and every property gets its name's id, so that
 * a lookup is a bit test and a short scan of one node's properties instead
 * of libfdt walking the node's tags for each of the dozen questions the
 * reader asks per node.
 */
#define DT_PROPS(X)                                                   \
	X(COMPATIBLE, "compatible")                                   \
	X(PHANDLE, "phandle")                                         \
	X(LINUX_PHANDLE, "linux,phandle")                             \
	X(STATUS, "status")                                           \
	X(REG, "reg")                                                 \
	X(ADDRESS_CELLS, "#address-cells")                            \
	X(SIZE_CELLS, "#size-cells")                                  \
	X(IOMMU_CELLS, "#iommu-cells")                                \
	X(MSI_CELLS, "#msi-cells")                                    \
	X(MSI_CONTROLLER, "msi-controller")                           \
	X(IOMMUS, "iommus")                                           \
	X(IOMMU_MAP, "iommu-map")                                     \
	X(IOMMU_MAP_MASK, "iommu-map-mask")                           \
	X(MSI_MAP, "msi-map")                                         \
	X(MSI_MAP_MASK, "msi-map-mask")                               \
	X(MSI_PARENT, "msi-parent")                                   \
	X(INTERRUPTS, "interrupts")                                   \
	X(INTERRUPT_PARENT, "interrupt-parent")                       \
	X(INTERRUPT_CONTROLLER, "interrupt-controller")               \
	X(INTERRUPT_CELLS, "#interrupt-cells")                        \
	X(INTERRUPT_NAMES, "interrupt-names")                         \
	X(GLOBAL_INTERRUPTS, "#global-interrupts")                    \
	X(DEVICE_TYPE, "device_type")                                 \
	X(PCI_DOMAIN, "linux,pci-domain")                             \
	X(BUS_RANGE, "bus-range")                                     \
	X(DMA_COHERENT, "dma-coherent")                               \
	X(DMA_RANGES, "dma-ranges")                                   \
	X(DMA_CAN_STALL, "dma-can-stall")                             \
	X(PASID_NUM_BITS, "pasid-num-bits")                           \
	X(ATS_SUPPORTED, "ats-supported")                             \
	X(STREAM_MATCH_MASK, "stream-match-mask")                     \
	X(HISI_BROKEN_PREFETCH, "hisilicon,broken-prefetch-cmd")      \
	X(CAVIUM_BROKEN_PAGE1, "cavium,cn9900-broken-page1-regspace") \
	X(MODEL, "model")

enum pid {
	P_OTHER,
#define X(id, name) P_##id,
	DT_PROPS(X)
#undef X
		P_N
};

static const char *const pid_name[P_N] = { [P_OTHER] = "",
#define X(id, name) [P_##id] = name,
					   DT_PROPS(X)
#undef X
};

/* One node of the structure block, in tree order. */
struct dnode {
	uint32_t off; /* offset in the structure block (libfdt's node offset) */
	int parent; /* index, -1 for the root */
	uint32_t prop0, n_props; /* its properties: props[prop0 .. prop0 + n_props) */
	uint64_t has; /* bit p: a property of id p (enum pid) */
	uint32_t phandle;
	const char *name;
};

struct dprop {
	const char *name;
	const void *data;
	int len;
	uint32_t off; /* file offset of the property's tag */
	uint8_t id; /* enum pid */
};

struct phent {
	uint32_t phandle;
	int node;
};

/* A label of /__symbols__ and the path it names (both point into the blob). */
struct symlabel {
	const char *path;
	const char *label;
};

/* A set of strings owned elsewhere (open addressing, power-of-two size). */
struct strset {
	const char **v;
	size_t cap, n;
};

enum objkind { OBJ_NONE, OBJ_IOMMU, OBJ_MSI, OBJ_ROOT };

struct rd {
	const void *fdt;
	size_t len;
	const char *file;
	struct iot_topology *t;
	struct iot_diags *d;
	struct dnode *nodes; /* tree order; index 0 is the root */
	size_t n_nodes, cap_nodes;
	struct dprop *props;
	size_t n_props, cap_props;
	struct phent *by_ph; /* sorted by phandle */
	size_t n_ph;
	int *node_obj; /* per node: object index, with kind in node_kind */
	unsigned char *node_kind;
	int *node_msi; /* per node: MSI controller index + 1 (a host bridge may be one too) */
	int *iommu_node; /* per IOMMU read from this blob (index - first_iommu): its node */
	size_t first_iommu;
	size_t cap_iommu_node;
	struct strset names; /* object names given so far */
	struct strset paths; /* DT paths of the objects read */
	struct symlabel *labels; /* /__symbols__ by path (open addressing) */
	size_t n_labels, cap_labels;
	size_t *no_domain; /* roots without linux,pci-domain */
	size_t n_no_domain, cap_no_domain;
	int symbols; /* /__symbols__ node or -1 */
	unsigned char *bus_kind; /* per node: 0 not known yet, 1 a default bus, 2 not */
	char path[DT_MAX_PATH];
	int path_node; /* the node r->path holds, or -1 */
	bool from_source; /* compiled from DTS by dtc: blob offsets mean nothing to the user */
	const struct iot_dts_positions *pos; /* from_source: blob offset -> file:line:col */
	uint16_t origin; /* this blob's index in t->origins */
};

/* Where something is: its byte offset in a DTB, just the file for DTS input. */
static struct iot_loc rd_loc(const struct rd *r, uint64_t off)
{
	struct iot_loc l = r->from_source ? iot_loc_text(r->file, 0, 0) : iot_loc_bin(r->file, off);

	if (r->from_source)
		iot_dts_position(r->pos, off, &l);

	l.src = r->from_source ? IOT_SRC_DTS : IOT_SRC_DTB;
	l.origin = r->origin;
	return l;
}

static uint64_t node_off(const struct rd *r, int node)
{
	return (uint64_t)fdt_off_dt_struct(r->fdt) + r->nodes[node].off;
}

static int parent_of(const struct rd *r, int node)
{
	return node >= 0 ? r->nodes[node].parent : -1;
}

/* The node's full path (fdt_get_path's form), in r->path. */
static const char *node_path(struct rd *r, int node)
{
	int chain[DT_MAX_DEPTH + 2], n = 0;
	size_t l = 0;

	if (node == r->path_node)
		return r->path;
	for (int k = node; k > 0 && n < (int)IOT_ARRAY_SIZE(chain); k = r->nodes[k].parent)
		chain[n++] = k;
	r->path[0] = '/';
	r->path[1] = '\0';
	while (n--) {
		const char *nm = r->nodes[chain[n]].name;
		size_t nl = strlen(nm);

		if (l + 1 + nl + 1 > sizeof(r->path)) {
			snprintf(r->path, sizeof(r->path), "<node at 0x%x>", r->nodes[node].off);
			r->path_node = -1;
			return r->path;
		}
		r->path[l++] = '/';
		memcpy(r->path + l, nm, nl + 1);
		l += nl;
	}
	r->path_node = node;
	return r->path;
}

/* Report an error about @node (and @prop, which may be NULL) at byte @off. */
static int __attribute__((format(printf, 5, 6)))
rd_err(struct rd *r, uint64_t off, int node, const char *prop, const char *fmt, ...)
{
	struct iot_loc loc = rd_loc(r, off);
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = iot_vasprintf(fmt, ap);
	va_end(ap);
	if (node >= 0)
		iot_error(r->d, &loc, "%s%s%s: %s", node_path(r, node), prop ? ":" : "",
			  prop ? prop : "", msg);
	else
		iot_error(r->d, &loc, "%s", msg);
	free(msg);
	return -1;
}

static void __attribute__((format(printf, 5, 6)))
rd_warn(struct rd *r, int node, const char *prop, enum iot_rule_id rule, const char *fmt, ...)
{
	struct iot_loc loc = rd_loc(r, node_off(r, node));
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = iot_vasprintf(fmt, ap);
	va_end(ap);
	iot_rule_diag(r->d, rule, &loc, "%s%s%s: %s", node_path(r, node), prop ? ":" : "",
		      prop ? prop : "", msg);
	free(msg);
}

static bool has_prop(const struct rd *r, int node, enum pid id)
{
	return r->nodes[node].has >> id & 1;
}

/* The first property @id of @node (fdt_getprop's choice), or NULL. */
static const struct dprop *node_prop(const struct rd *r, int node, enum pid id)
{
	const struct dnode *n = &r->nodes[node];

	if (!(n->has >> id & 1))
		return NULL;
	for (uint32_t i = 0; i < n->n_props; i++)
		if (r->props[n->prop0 + i].id == id)
			return &r->props[n->prop0 + i];
	return NULL;
}

static const void *node_getprop(const struct rd *r, int node, enum pid id, int *len)
{
	const struct dprop *p = node_prop(r, node, id);

	if (len)
		*len = p ? p->len : -FDT_ERR_NOTFOUND;
	return p ? p->data : NULL;
}

/* A property and its file offset; NULL if absent. */
static const fdt32_t *prop_cells(const struct rd *r, int node, enum pid id, int *len, uint64_t *off)
{
	const struct dprop *p = node_prop(r, node, id);

	*off = p ? p->off : 0;
	*len = p ? p->len : -FDT_ERR_NOTFOUND;
	return p ? (const fdt32_t *)p->data : NULL;
}

/* A u32 property: 1 if present (in *v), 0 if absent, -1 on a bad length. */
static int prop_u32(struct rd *r, int node, enum pid id, uint32_t *v)
{
	uint64_t off;
	int len;
	const fdt32_t *c = prop_cells(r, node, id, &len, &off);

	if (!c)
		return 0;
	if (len != 4)
		return rd_err(r, off, node, pid_name[id], "length %d, expected 4 (one cell)", len);
	*v = fdt32_to_cpu(c[0]);
	return 1;
}

/*
 * #address-cells / #size-cells of @node as fdt_address_cells() and
 * fdt_size_cells() give them: the default when absent (2, 1), a negative
 * libfdt error for a bad length or more than FDT_MAX_NCELLS.
 */
static int ncells(const struct rd *r, int node, enum pid id, int dflt)
{
	int len;
	const fdt32_t *c;
	uint32_t v;

	if (node < 0)
		return -FDT_ERR_BADOFFSET;
	c = node_getprop(r, node, id, &len);
	if (!c)
		return dflt;
	if (len != 4)
		return -FDT_ERR_BADNCELLS;
	v = fdt32_to_cpu(c[0]);
	if (v > FDT_MAX_NCELLS || (id == P_ADDRESS_CELLS && v == 0))
		return -FDT_ERR_BADNCELLS;
	return (int)v;
}

static int addr_cells(const struct rd *r, int node)
{
	return ncells(r, node, P_ADDRESS_CELLS, 2);
}

static int size_cells(const struct rd *r, int node)
{
	return ncells(r, node, P_SIZE_CELLS, 1);
}

/* A node's compatible list, read once and matched many times. */
struct compat {
	const char *v;
	int len;
};

static struct compat get_compat(const struct rd *r, int node)
{
	struct compat c = { NULL, 0 };

	c.v = node_getprop(r, node, P_COMPATIBLE, &c.len);
	if (!c.v || c.len <= 0)
		c.len = 0;
	return c;
}

static bool compat_has(const struct compat *c, const char *want)
{
	size_t wl = strlen(want) + 1;
	const char *p = c->v, *end;

	if (!p)
		return false;
	end = p + c->len;
	while (p < end) {
		const char *z = memchr(p, 0, (size_t)(end - p));

		if (!z)
			return false;
		if ((size_t)(z - p) + 1 == wl && !memcmp(p, want, wl))
			return true;
		p = z + 1;
	}
	return false;
}

/*
 * Every string of @node's compatible into @out (a malformed tail is left
 * out), in the topology's pool: counted first, then copied once each.
 */
static void read_compat(struct rd *r, int node, struct iot_compat *out)
{
	struct compat c = get_compat(r, node);
	const char *p = c.v, *end;
	size_t n = 0;

	if (!p)
		return;
	end = p + c.len;
	for (const char *q = p; q < end; n++) {
		const char *z = memchr(q, 0, (size_t)(end - q));

		if (!z)
			break;
		q = z + 1;
	}
	if (!n || out->n)
		return;
	iot_compat_init_in(r->t, out, n);
	while (p < end) {
		const char *z = memchr(p, 0, (size_t)(end - p));

		if (!z)
			break;
		iot_compat_add_in(r->t, out, p, (size_t)(z - p));
		p = z + 1;
	}
}

static bool is_compatible(struct rd *r, int node, const char *c)
{
	struct compat cl = get_compat(r, node);

	return compat_has(&cl, c);
}

/* The header: every offset and size inside the blob, a version the reader knows. */
static int check_header(struct rd *r)
{
	const void *f = r->fdt;
	uint32_t total, ostruct, ostr, sstruct, sstr, orsv;

	if (r->len < 4 || fdt_magic(f) != FDT_MAGIC)
		return rd_err(r, 0, -1, NULL, "not a DTB: bad magic (expected 0xd00dfeed)");
	if (r->len < sizeof(struct fdt_header))
		return rd_err(r, r->len, -1, NULL, "truncated DTB header (%zu of 40 bytes)",
			      r->len);
	total = fdt_totalsize(f);
	ostruct = fdt_off_dt_struct(f);
	ostr = fdt_off_dt_strings(f);
	orsv = fdt_off_mem_rsvmap(f);
	sstruct = fdt_size_dt_struct(f);
	sstr = fdt_size_dt_strings(f);
	if (fdt_version(f) < 16 || fdt_last_comp_version(f) > 17)
		return rd_err(r, 20, -1, NULL, "unsupported DTB version %u (last compatible %u)",
			      fdt_version(f), fdt_last_comp_version(f));
	if (total > r->len)
		return rd_err(r, 4, -1, NULL,
			      "totalsize 0x%x is past the end of the file (0x%zx "
			      "bytes): truncated",
			      total, r->len);
	if (total < sizeof(struct fdt_header))
		return rd_err(r, 4, -1, NULL, "totalsize 0x%x is smaller than the header", total);
	if ((uint64_t)ostruct + sstruct > total)
		return rd_err(r, 8, -1, NULL, "structure block 0x%x+0x%x is past totalsize 0x%x",
			      ostruct, sstruct, total);
	if ((uint64_t)ostr + sstr > total)
		return rd_err(r, 12, -1, NULL, "strings block 0x%x+0x%x is past totalsize 0x%x",
			      ostr, sstr, total);
	if (orsv < sizeof(struct fdt_header) || (uint64_t)orsv + 16 > total || (orsv & 7))
		return rd_err(r, 16, -1, NULL, "memory reservation block offset 0x%x is bad", orsv);
	/* tokens and property values are 4-byte aligned from here (devicetree spec 5.4) */
	if (ostruct & 3)
		return rd_err(r, 8, -1, NULL, "structure block offset 0x%x is not 4-byte aligned",
			      ostruct);
	return 0;
}

/* The structure block: fdt_check_full() and the token where it went wrong. */
static int check_struct(struct rd *r)
{
	const void *f = r->fdt;
	uint32_t ostruct = fdt_off_dt_struct(f), sstr = fdt_size_dt_strings(f);
	int err, next, off = 0;

	err = fdt_check_full(f, r->len);
	if (!err)
		return 0;
	/* find the token where the structure walk fails */
	for (int i = 0; i < 1 << 24; i++) {
		uint32_t tag = fdt_next_tag(f, off, &next);

		if (next < 0 || tag == FDT_END)
			break;
		if (tag == FDT_PROP) {
			const uint8_t *p = fdt_offset_ptr(f, off, 12);
			fdt32_t be;

			if (!p)
				break;
			memcpy(&be, p + 8, sizeof(be)); /* struct fdt_property.nameoff */
			if (fdt32_to_cpu(be) >= sstr)
				return rd_err(r, (uint64_t)ostruct + (uint64_t)off + 8, -1, NULL,
					      "property name offset 0x%x is past the strings "
					      "block (0x%x bytes)",
					      fdt32_to_cpu(be), sstr);
		}
		off = next;
	}
	return rd_err(r, (uint64_t)ostruct + (uint64_t)off, -1, NULL,
		      "malformed structure block: %s", fdt_strerror(err));
}

/* Header and structure block: fdt_check_full() plus where it went wrong. */
static int check_blob(struct rd *r)
{
	return check_header(r) < 0 ? -1 : check_struct(r);
}

int dt_check_blob(const void *fdt, size_t len, const char *file, struct iot_diags *d)
{
	struct rd r = {
		.fdt = fdt, .len = len, .file = file, .d = d, .symbols = -1, .path_node = -1
	};

	return check_blob(&r);
}

#define TAG_ALIGN(x) (((x) + 3) & ~(size_t)3)
_Static_assert(P_N <= 64, "struct dnode.has is a 64-bit mask of property ids");

static int pid_cmp(const void *key, const void *elem)
{
	return strcmp(key, pid_name[*(const uint8_t *)elem]);
}

/* The id of a property name (P_OTHER for a name the reader never asks about). */
static uint8_t classify(const char *name)
{
	static uint8_t sorted[P_N - 1];
	static bool init;
	const uint8_t *hit;

	if (!init) {
		/* insertion sort of the ids by name, once */
		for (int i = 1; i < P_N; i++) {
			int k = i - 1;

			while (k > 0 && strcmp(pid_name[sorted[k - 1]], pid_name[i]) > 0) {
				sorted[k] = sorted[k - 1];
				k--;
			}
			sorted[k] = (uint8_t)i;
		}
		init = true;
	}
	hit = bsearch(name, sorted, IOT_ARRAY_SIZE(sorted), 1, pid_cmp);
	return hit ? *hit : P_OTHER;
}

static int ph_cmp(const void *a, const void *b)
{
	const struct phent *x = a, *y = b;

	/* ties in tree order: the first of two nodes with one phandle is the one kept */
	if (x->phandle != y->phandle)
		return x->phandle < y->phandle ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

/* Room for one more node / property (the arrays double). */
static struct dnode *new_node(struct rd *r)
{
	if (r->n_nodes == r->cap_nodes)
		iot_grow((void **)&r->nodes, &r->cap_nodes, r->n_nodes + 1, sizeof(*r->nodes));
	return &r->nodes[r->n_nodes++];
}

static struct dprop *new_prop(struct rd *r)
{
	if (r->n_props == r->cap_props)
		iot_grow((void **)&r->props, &r->cap_props, r->n_props + 1, sizeof(*r->props));
	return &r->props[r->n_props++];
}

/*
 * The structure block as a node and a property array, in one pass over its
 * tags that also checks what fdt_check_full() checks: every tag known and
 * inside the block, node names and property name strings terminated, nodes
 * balanced, FDT_END last.  Anything wrong: check_struct() says what, where.
 * As libfdt sees the tree: a node's properties are the ones before its first
 * subnode, the tree ends with the root's FDT_END_NODE, and a phandle is
 * "phandle" (else "linux,phandle") of exactly one cell.
 */
static int index_tree(struct rd *r)
{
	const void *f = r->fdt;
	const char *sb = (const char *)f + fdt_off_dt_struct(f);
	const char *strs = (const char *)f + fdt_off_dt_strings(f);
	uint32_t size = fdt_size_dt_struct(f), ssize = fdt_size_dt_strings(f);
	uint32_t off = 0;
	uint8_t *ids = NULL; /* property name offset -> id + 1 */
	int cur = -1, rc = -1;
	unsigned int depth = 0;
	bool in_props = false, done = false, ok = false;
	int64_t deep = -1; /* a node nested deeper than DT_MAX_DEPTH */

	if (fdt_check_header(f) || fdt_num_mem_rsv(f) < 0)
		goto bad;
	if (fdt_version(f) < 17) /* no size_dt_struct: the block may run to the end */
		size = fdt_totalsize(f) - fdt_off_dt_struct(f);
	ids = iot_xcalloc((size_t)ssize + 1, 1);
	while (size >= 4 && off <= size - 4) {
		uint32_t tag = fdt32_to_cpu(*(const fdt32_t *)(sb + off));

		if (tag == FDT_BEGIN_NODE) {
			const char *nm = sb + off + 4;
			const char *z = memchr(nm, 0, size - off - 4);

			if (!z)
				break;
			if (!done) {
				struct dnode *n;

				if (!r->n_nodes && off) {
					/* libfdt's walk starts with a node at offset 0 */
					rc = rd_err(r, 0, -1, NULL, "walking the tree: %s",
						    fdt_strerror(-FDT_ERR_BADOFFSET));
					goto out;
				}
				if (depth > DT_MAX_DEPTH) {
					/* reported after the walk: a malformed block first */
					deep = off;
					done = true;
					depth++;
					off = (uint32_t)TAG_ALIGN((size_t)(z - sb) + 1);
					continue;
				}
				n = new_node(r);
				n->off = off;
				n->parent = cur;
				n->prop0 = (uint32_t)r->n_props;
				n->n_props = 0;
				n->has = 0;
				n->phandle = 0;
				n->name = nm;
				cur = (int)r->n_nodes - 1;
				in_props = true;
			}
			depth++;
			off = (uint32_t)TAG_ALIGN((size_t)(z - sb) + 1);
		} else if (tag == FDT_PROP) {
			const struct fdt_property *fp = (const void *)(sb + off);
			uint32_t len, nameoff;

			if (size - off < sizeof(*fp))
				break;
			len = fdt32_to_cpu(fp->len);
			nameoff = fdt32_to_cpu(fp->nameoff);
			if (len > size - off - sizeof(*fp))
				break;
			/* fdt_get_string: inside the strings block, NUL-terminated there */
			if (!ids[nameoff < ssize ? nameoff : ssize]) {
				if (nameoff >= ssize || !memchr(strs + nameoff, 0, ssize - nameoff))
					break;
				ids[nameoff] = (uint8_t)(classify(strs + nameoff) + 1);
			}
			if (!done && in_props) {
				struct dnode *n = &r->nodes[cur];
				struct dprop *pr = new_prop(r);

				pr->name = strs + nameoff;
				pr->data = fp->data;
				pr->len = (int)len;
				pr->off = fdt_off_dt_struct(f) + off;
				pr->id = (uint8_t)(ids[nameoff] - 1);
				n->n_props++;
				/* fdt_get_phandle: "phandle" of one cell, else "linux,phandle" */
				if (len == 4 &&
				    (pr->id == P_PHANDLE ||
				     (pr->id == P_LINUX_PHANDLE && !(n->has >> P_PHANDLE & 1))))
					n->phandle = fdt32_to_cpu(*(const fdt32_t *)fp->data);
				n->has |= 1ull << pr->id;
			}
			off = (uint32_t)TAG_ALIGN((size_t)off + sizeof(*fp) + len);
		} else if (tag == FDT_END_NODE) {
			if (!depth)
				break;
			in_props = false;
			off += 4;
			depth--;
			if (!done) {
				cur = r->nodes[cur].parent;
				done = !depth;
			}
		} else if (tag == FDT_NOP) {
			off += 4;
		} else {
			ok = tag == FDT_END && !depth && r->n_nodes;
			break;
		}
	}
	if (!ok)
		goto bad;
	r->node_obj = iot_xcalloc(r->n_nodes, sizeof(*r->node_obj));
	r->node_kind = iot_xcalloc(r->n_nodes, 1);
	r->node_msi = iot_xcalloc(r->n_nodes, sizeof(*r->node_msi));
	r->by_ph = iot_xmalloc(r->n_nodes * sizeof(*r->by_ph));
	for (size_t i = 0; i < r->n_nodes; i++) {
		if (!r->nodes[i].phandle)
			continue;
		if (r->nodes[i].phandle == 0xffffffff) {
			rc = rd_err(r, node_off(r, (int)i), (int)i, "phandle",
				    "phandle 0xffffffff is reserved");
			goto out;
		}
		r->by_ph[r->n_ph].phandle = r->nodes[i].phandle;
		r->by_ph[r->n_ph++].node = (int)i;
	}
	if (deep >= 0) {
		rc = rd_err(r, (uint64_t)fdt_off_dt_struct(f) + (uint64_t)deep, -1, NULL,
			    "nodes nested deeper than %d levels", DT_MAX_DEPTH);
		goto out;
	}
	if (r->n_ph)
		qsort(r->by_ph, r->n_ph, sizeof(*r->by_ph), ph_cmp);
	for (size_t i = 1; i < r->n_ph; i++) {
		const struct phent *x = &r->by_ph[i - 1], *y = &r->by_ph[i];

		if (x->phandle == y->phandle) {
			rc = rd_err(r, node_off(r, y->node), y->node, "phandle",
				    "phandle 0x%x is also used by %s", y->phandle,
				    r->nodes[x->node].name);
			goto out;
		}
	}
	r->symbols = -1;
	for (size_t i = 1; i < r->n_nodes; i++)
		if (r->nodes[i].parent == 0 && !strcmp(r->nodes[i].name, "__symbols__")) {
			r->symbols = (int)i;
			break;
		}
	rc = 0;
	goto out;
bad:
	/* fdt_check_full() says what is wrong and where */
	rc = check_struct(r);
	if (!rc)
		rc = rd_err(r, (uint64_t)fdt_off_dt_struct(f) + off, -1, NULL,
			    "malformed structure block");
out:
	free(ids);
	return rc;
}

/* The node with phandle @ph, or -1. */
static int by_phandle(const struct rd *r, uint32_t ph)
{
	size_t lo = 0, hi = r->n_ph;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint32_t v = r->by_ph[mid].phandle;

		if (v == ph)
			return r->by_ph[mid].node;
		if (v < ph)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void set_obj(struct rd *r, int node, enum objkind k, size_t idx)
{
	if (k == OBJ_MSI) {
		r->node_msi[node] = (int)idx + 1;
		return;
	}
	r->node_kind[node] = (unsigned char)k;
	r->node_obj[node] = (int)idx;
}

static int get_obj(const struct rd *r, int node, enum objkind k)
{
	if (node < 0)
		return IOT_NONE;
	if (k == OBJ_MSI)
		return r->node_msi[node] ? r->node_msi[node] - 1 : IOT_NONE;
	return r->node_kind[node] == k ? r->node_obj[node] : IOT_NONE;
}

static uint64_t name_hash(const char *s)
{
	return iot_str_hash(s);
}

/* Insert @s (not copied) into the set; false if it is already there. */
static bool strset_insert(struct strset *set, const char *s)
{
	size_t m, i;

	if (!s)
		return true;
	if ((set->n + 1) * 2 > set->cap) {
		const char **old = set->v;
		size_t oc = set->cap;

		set->cap = oc ? oc * 2 : 256;
		set->v = iot_xcalloc(set->cap, sizeof(*set->v));
		set->n = 0;
		for (size_t k = 0; k < oc; k++)
			if (old[k])
				strset_insert(set, old[k]);
		free(old);
	}
	m = set->cap - 1;
	for (i = (size_t)name_hash(s) & m; set->v[i]; i = (i + 1) & m)
		if (!strcmp(set->v[i], s))
			return false;
	set->v[i] = s;
	set->n++;
	return true;
}

/* Room for @n strings in all without growing again (one rehash now, not one per doubling). */
static void strset_reserve(struct strset *set, size_t n)
{
	const char **old = set->v;
	size_t oc = set->cap, cap = 256;

	while (cap < 2 * (n + 1))
		cap *= 2;
	if (cap <= oc)
		return;
	set->v = iot_xcalloc(cap, sizeof(*set->v));
	set->cap = cap;
	set->n = 0;
	for (size_t k = 0; k < oc; k++)
		if (old[k])
			strset_insert(set, old[k]);
	free(old);
}

/* Whether @s is in the set. */
static bool strset_has(const struct strset *set, const char *s)
{
	size_t m, i;

	if (!set->cap)
		return false;
	m = set->cap - 1;
	for (i = (size_t)name_hash(s) & m; set->v[i]; i = (i + 1) & m)
		if (!strcmp(set->v[i], s))
			return true;
	return false;
}

static bool name_insert(struct rd *r, const char *s)
{
	return strset_insert(&r->names, s);
}

/*
 * Each object's DT path must name one node: libfdt accepts two siblings of
 * one name (dtc does not), and then a path would stand for both.
 */
static int claim_path(struct rd *r, int node, const char *path)
{
	if (strset_insert(&r->paths, path))
		return 0;
	return rd_err(r, node_off(r, node), node, NULL,
		      "a sibling has the same name; the path "
		      "names two nodes");
}

/* /__symbols__ as a path -> label hash (the first label of a path wins, as in dtc). */
static void index_symbols(struct rd *r)
{
	const struct dnode *sn;

	if (r->symbols < 0)
		return;
	sn = &r->nodes[r->symbols];
	for (uint32_t k = 0; k < sn->n_props; k++) {
		const struct dprop *pr = &r->props[sn->prop0 + k];
		const char *name = pr->name, *v = pr->data;
		int len = pr->len;
		size_t m, i;

		if (!v || !name || len <= 0 || v[len - 1])
			continue;
		if ((r->n_labels + 1) * 2 > r->cap_labels) {
			struct symlabel *old = r->labels;
			size_t oc = r->cap_labels;

			r->cap_labels = oc ? oc * 2 : 64;
			r->labels = iot_xcalloc(r->cap_labels, sizeof(*r->labels));
			for (size_t j = 0; j < oc; j++) {
				if (!old[j].path)
					continue;
				m = r->cap_labels - 1;
				for (i = (size_t)name_hash(old[j].path) & m; r->labels[i].path;
				     i = (i + 1) & m)
					;
				r->labels[i] = old[j];
			}
			free(old);
		}
		m = r->cap_labels - 1;
		for (i = (size_t)name_hash(v) & m; r->labels[i].path; i = (i + 1) & m)
			if (!strcmp(r->labels[i].path, v))
				break;
		if (r->labels[i].path)
			continue;
		r->labels[i].path = v;
		r->labels[i].label = name;
		r->n_labels++;
	}
}

/* The label /__symbols__ gives this node, or NULL. */
static const char *node_label(struct rd *r, int node)
{
	const char *path;
	size_t m, i;

	if (!r->n_labels)
		return NULL;
	path = node_path(r, node);
	m = r->cap_labels - 1;
	for (i = (size_t)name_hash(path) & m; r->labels[i].path; i = (i + 1) & m)
		if (!strcmp(r->labels[i].path, path))
			return r->labels[i].label;
	return NULL;
}

/* A copy of @s in the topology's string pool (freed with it). */
static char *pool_str(struct rd *r, const char *s)
{
	return iot_topology_strndup(r->t, s, strlen(s));
}

/*
 * A model name for a node: its label, else its name with '@' as '-', made
 * unique.  Made on the stack (on the heap if long) and copied to the pool once.
 */
static char *object_name(struct rd *r, int node, const char *label)
{
	const char *nm = r->nodes[node].name;
	const char *src = label ? label : *nm ? nm : "node";
	size_t len = strlen(src);
	char stack[256], *cand = len + 16 <= sizeof(stack) ? stack : iot_xmalloc(len + 16);
	char *name;

	for (size_t i = 0; i <= len; i++)
		cand[i] = src[i] == '@' || src[i] == ',' ? '-' : src[i];
	for (unsigned int k = 2; strset_has(&r->names, cand); k++)
		snprintf(cand + len, 16, "-%u", k);
	name = pool_str(r, cand);
	name_insert(r, name);
	if (cand != stack)
		free(cand);
	return name;
}

/* reg's first (address, size) with the parent's cell counts. */
static int read_reg(struct rd *r, int node, uint64_t *addr, uint64_t *size, bool *present)
{
	int parent = parent_of(r, node);
	int ac = addr_cells(r, parent), sc = size_cells(r, parent);
	uint64_t off;
	int len;
	const fdt32_t *c = prop_cells(r, node, P_REG, &len, &off);

	*present = false;
	if (!c)
		return 0;
	if (ac < 0 || sc < 0 || ac > 3 || sc > 2)
		return rd_err(r, off, node, "reg",
			      "parent #address-cells/#size-cells (%d/%d) "
			      "not supported",
			      ac, sc);
	if (len < 4 * (ac + sc) || len % (4 * (ac + sc)))
		return rd_err(r, off, node, "reg", "length %d is not a multiple of %d cells", len,
			      ac + sc);
	*addr = 0;
	*size = 0;
	for (int i = 0; i < ac; i++)
		*addr = *addr << 32 | fdt32_to_cpu(c[i]);
	for (int i = 0; i < sc; i++)
		*size = *size << 32 | fdt32_to_cpu(c[ac + i]);
	*present = true;
	return 0;
}

/*
 * The first (address, size) of reg, when there is one and the parent's cells
 * are ones read_reg() takes; else 0, 0.  For IOMMUs iotopo only keeps: their
 * reg says where they are, nothing the model acts on.
 */
static int reg_first(struct rd *r, int node, uint64_t *addr, uint64_t *size)
{
	int parent = parent_of(r, node);
	int ac = addr_cells(r, parent), sc = size_cells(r, parent);
	int len;
	const fdt32_t *c = node_getprop(r, node, P_REG, &len);

	*addr = *size = 0;
	if (!c || ac < 0 || sc < 0 || ac > 2 || sc > 2 || len < 4 * (ac + sc))
		return 0;
	for (int i = 0; i < ac; i++)
		*addr = *addr << 32 | fdt32_to_cpu(c[i]);
	for (int i = 0; i < sc; i++)
		*size = *size << 32 | fdt32_to_cpu(c[ac + i]);
	return 0;
}

/* The interrupt controller for @node and its #interrupt-cells (bounded, loop-safe). */
static int irq_controller(struct rd *r, int node, int *cells)
{
	int cur = node;

	for (int hop = 0; hop < DT_MAX_HOPS; hop++) {
		uint32_t ph = 0;
		int rc, next = -1;

		for (int n = cur; n >= 0; n = parent_of(r, n)) {
			rc = prop_u32(r, n, P_INTERRUPT_PARENT, &ph);
			if (rc < 0)
				return -1;
			if (rc) {
				next = by_phandle(r, ph);
				if (next < 0)
					return rd_err(r, node_off(r, n), n, "interrupt-parent",
						      "phandle 0x%x does not exist", ph);
				break;
			}
		}
		if (next < 0)
			return -2; /* no interrupt parent: nothing to decode */
		if (has_prop(r, next, P_INTERRUPT_CONTROLLER)) {
			uint32_t ic = 0;

			if (prop_u32(r, next, P_INTERRUPT_CELLS, &ic) < 0)
				return -1;
			*cells = (int)ic;
			return next;
		}
		cur = next;
	}
	return rd_err(r, node_off(r, node), node, "interrupt-parent",
		      "phandle loop: no interrupt controller after %d hops", DT_MAX_HOPS);
}

/*
 * An Arm GIC (v1..v4) by compatible: its interrupt specifiers are <type
 * number flags>, plus a fourth cell (the PPI partition phandle, 0 for an SPI)
 * when #interrupt-cells = <4> (bindings/interrupt-controller/arm,gic-v3.yaml,
 * arm,gic.yaml).
 */
static bool is_gic(struct rd *r, int node)
{
	static const char *const gics[] = {
		"arm,gic-v3",	       "qcom,msm8996-gic-v3",
		"arm,gic-400",	       "arm,cortex-a15-gic",
		"arm,cortex-a9-gic",   "arm,cortex-a7-gic",
		"arm,pl390",	       "arm,arm11mp-gic",
		"arm,eb11mp-gic",      "arm,tc11mp-gic",
		"qcom,msm-qgic2",      "nvidia,tegra210-agic",
		"brcm,brahma-b15-gic", "arm,arm1176jzf-devchip-gic",
	};
	struct compat cl = get_compat(r, node);

	for (size_t i = 0; i < IOT_ARRAY_SIZE(gics); i++)
		if (compat_has(&cl, gics[i]))
			return true;
	return false;
}

/*
 * GSIVs of @node's interrupts when its controller is a GIC (3- or 4-cell
 * specifiers).  Returns the count, 0 when the controller is something else
 * (the interrupts are then not modelled), or -1.
 */
static int read_irqs(struct rd *r, int node, struct iot_irq *out, int max)
{
	uint64_t off;
	int len, cells = 0, n;
	const fdt32_t *c = prop_cells(r, node, P_INTERRUPTS, &len, &off);
	int ic;

	if (!c)
		return 0;
	ic = irq_controller(r, node, &cells);
	if (ic == -1)
		return -1;
	if (ic < 0 || (cells != 3 && cells != 4) || !is_gic(r, ic))
		return 0; /* not a GIC: interrupts are not modelled */
	/* 4 cells (the PPI-partition cell) kept for the DT writer; 3 is its default */
	if (cells == 4 && !r->t->machine.has_dt_gic_cells) {
		r->t->machine.dt_gic_cells = (uint8_t)cells;
		r->t->machine.has_dt_gic_cells = true;
	}
	if (len % (4 * cells))
		return rd_err(r, off, node, "interrupts", "length %d is not a multiple of %d cells",
			      len, cells);
	n = len / (4 * cells) < max ? len / (4 * cells) : max;
	for (int i = 0; i < n; i++) {
		uint32_t type = fdt32_to_cpu(c[cells * i]), num = fdt32_to_cpu(c[cells * i + 1]);
		uint32_t fl = fdt32_to_cpu(c[cells * i + 2]);

		out[i].gsiv = type == 1 ? num + 16 : num + 32;
		out[i].edge = (fl & 0xf) == 1 || (fl & 0xf) == 2;
	}
	return n;
}

static int iommu_model(struct rd *r, int node, const struct compat *cl)
{
#define C(s) s, sizeof(s) - 1
	static const struct {
		const char *compat;
		size_t len;
		enum iot_iommu_model m;
	} tab[] = {
		{ C("arm,smmu-v3"), IOT_IOMMU_SMMUV3 },
		{ C("arm,mmu-500"), IOT_IOMMU_MMU500 },
		{ C("arm,mmu-401"), IOT_IOMMU_MMU401 },
		{ C("arm,mmu-400"), IOT_IOMMU_MMU400 },
		{ C("cavium,smmu-v2"), IOT_IOMMU_CAVIUM_SMMUV2 },
		/* arm-smmu.c:arm_smmu_of_match: Tegra194/234 are MMU-500s */
		{ C("nvidia,smmu-500"), IOT_IOMMU_MMU500 },
		{ C("arm,smmu-v2"), IOT_IOMMU_SMMUV2 },
		{ C("qcom,smmu-v2"), IOT_IOMMU_SMMUV2 },
		{ C("arm,smmu-v1"), IOT_IOMMU_SMMUV1 },
		{ C("virtio,pci-iommu"), IOT_IOMMU_VIRTIO_PCI },
		{ C("pci1af4,1057"), IOT_IOMMU_VIRTIO_PCI },
	};
#undef C
	size_t best = IOT_ARRAY_SIZE(tab);

	/*
	 * The first row of the table any of the node's strings names: one pass
	 * over the compatible list (every node with one comes here), not one
	 * per row.
	 */
	for (const char *p = cl->v, *end = p ? p + cl->len : NULL; p && p < end;) {
		const char *z = memchr(p, 0, (size_t)(end - p));

		if (!z)
			break;
		for (size_t i = 0; i < best; i++)
			if ((size_t)(z - p) == tab[i].len && !memcmp(p, tab[i].compat, tab[i].len))
				best = i;
		p = z + 1;
	}
	if (best < IOT_ARRAY_SIZE(tab))
		return (int)tab[best].m;
	/* virtio-mmio transports are generic; the IOMMU one provides #iommu-cells */
	if (compat_has(cl, "virtio,mmio") && has_prop(r, node, P_IOMMU_CELLS))
		return IOT_IOMMU_VIRTIO_MMIO;
	/*
	 * of_iommu.c:of_iommu_xlate takes any node an iommus / iommu-map
	 * phandle names with #iommu-cells; which driver binds is its
	 * compatible's business.  Kept as read.
	 */
	if (has_prop(r, node, P_IOMMU_CELLS))
		return IOT_IOMMU_OTHER;
	return -1;
}

static enum iot_status node_status(struct rd *r, int node)
{
	int len;
	const char *s = node_getprop(r, node, P_STATUS, &len);

	/* base.c:__of_device_is_available: absent, "okay" or "ok" */
	if (!s || len <= 0 || (!strncmp(s, "okay", (size_t)len) && len == 5) ||
	    (!strncmp(s, "ok", (size_t)len) && len == 3))
		return IOT_STATUS_OKAY;
	return IOT_STATUS_DISABLED;
}

/*
 * msi-parent as a list of specifiers, each <&ctrl> plus the controller's
 * #msi-cells cells (of_parse_phandle_with_args with "#msi-cells"): the
 * number of entries, or 0 when the property does not split that way (a
 * phandle that is no MSI controller, a short tail).
 */
static size_t split_msi_parent(struct rd *r, const fdt32_t *c, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n) {
		int tgt = by_phandle(r, fdt32_to_cpu(c[i])), m;

		m = tgt < 0 ? IOT_NONE : get_obj(r, tgt, OBJ_MSI);
		if (m == IOT_NONE || r->t->msis[m].msi_cells > n - i - 1)
			return 0;
		i += 1 + r->t->msis[m].msi_cells;
		k++;
	}
	return k;
}

/*
 * msi-parent = <&ctrl cells...>[, <&ctrl cells...>...]: the first entry's
 * controller (index, or IOT_NONE) and device ID; the entries after it go to
 * @more.  Linux takes the first for a host bridge (irq.c:of_msi_get_domain,
 * index 0) and, for a platform device, the first whose controller has a
 * domain.  On a host bridge (@rid_based) the DeviceID is the requester ID
 * and <&its> alone is the usual form (irq-gic-v3-its-pci-msi.c:
 * its_pci_msi_prepare).
 */
static int read_msi_parent(struct rd *r, int node, bool rid_based, int *msi, uint32_t *devid,
			   struct iot_pci_root *pr, struct iot_msi_specs *more)
{
	uint64_t off;
	int len, tgt;
	unsigned int cells;
	const fdt32_t *c = prop_cells(r, node, P_MSI_PARENT, &len, &off);
	size_t n_ent;

	*msi = IOT_NONE;
	if (!c)
		return 0;
	if (len < 4 || len % 4)
		return rd_err(r, off, node, "msi-parent",
			      "length %d is not a whole number of "
			      "cells",
			      len);
	tgt = by_phandle(r, fdt32_to_cpu(c[0]));
	if (tgt < 0)
		return rd_err(r, off, node, "msi-parent", "phandle 0x%x does not exist",
			      fdt32_to_cpu(c[0]));
	*msi = get_obj(r, tgt, OBJ_MSI);
	if (*msi == IOT_NONE) {
		rd_warn(r, node, "msi-parent", IOT_RULE_DT_MSI_PARENT_UNSUPPORTED,
			"%s is not an MSI controller (no msi-controller); MSIs are not modelled",
			node_path(r, tgt));
		return 0;
	}
	cells = r->t->msis[*msi].msi_cells;
	n_ent = split_msi_parent(r, c, (size_t)len / 4);
	if (n_ent > 1) {
		size_t i = 1 + cells;

		if (pr) {
			pr->dt_msi_parent_msi = *msi;
			pr->dt_msi_parent_has_arg = cells > 0;
			pr->dt_msi_parent_arg = cells ? fdt32_to_cpu(c[1]) : 0;
		}
		*devid = cells ? fdt32_to_cpu(c[1]) : 0;
		while (i < (size_t)len / 4) {
			int m = get_obj(r, by_phandle(r, fdt32_to_cpu(c[i])), OBJ_MSI);
			struct iot_msi_spec *e = iot_msi_specs_add(more, m);

			e->n_cells = r->t->msis[m].msi_cells;
			for (unsigned int k = 0; k < e->n_cells; k++)
				e->cells[k] = fdt32_to_cpu(c[i + 1 + k]);
			i += 1 + e->n_cells;
		}
		return 0;
	}
	if (rid_based && len <= 8) {
		/*
		 * A host bridge: the requester ID is the DeviceID (of_msi_map_id
		 * without an msi-map); a cell after the phandle is ignored.
		 */
		if (pr) {
			pr->dt_msi_parent_msi = *msi;
			pr->dt_msi_parent_has_arg = len == 8;
			pr->dt_msi_parent_arg = len == 8 ? fdt32_to_cpu(c[1]) : 0;
		}
		return 0;
	}
	if ((size_t)len != 4 * (1 + (size_t)cells)) {
		if (r->t->msis[*msi].type == IOT_MSI_GICV3_ITS)
			return rd_err(r, off, node, "msi-parent",
				      "length %d; an ITS (#msi-cells = <1>) "
				      "takes <&its device-id> (8 bytes)",
				      len);
		return rd_err(r, off, node, "msi-parent",
			      "length %d; %s has #msi-cells = <%u>: <&controller%s> is %u bytes",
			      len, node_path(r, tgt), cells, cells ? " cells..." : "",
			      4 * (1 + cells));
	}
	*devid = cells ? fdt32_to_cpu(c[1]) : 0;
	return 0;
}

/*
 * Any other MSI controller a DT names (msi-controller; and not an ITS): a
 * GICv2m frame, a Marvell GICP/SEI, a TI INTA, a host bridge with its own
 * MSI block.  Kept so that msi-parent / msi-map to it survive a round trip.
 */
static int read_other_msi(struct rd *r, int node)
{
	struct iot_msi *m;
	uint64_t base, size;
	uint32_t cells = 0;
	const char *label = node_label(r, node);

	if (prop_u32(r, node, P_MSI_CELLS, &cells) < 0)
		return -1;
	if (cells > 4)
		return rd_err(r, node_off(r, node), node, "#msi-cells",
			      "#msi-cells = <%u>; at most 4 are read", cells);
	reg_first(r, node, &base, &size);
	m = iot_add_msi(r->t);
	m->name = object_name(r, node, label);
	m->type = IOT_MSI_OTHER;
	m->base = base;
	m->msi_cells = cells;
	m->dt_path = pool_str(r, node_path(r, node));
	m->dt_label = label ? iot_strdup(label) : NULL;
	m->dt_phandle = r->nodes[node].phandle;
	m->loc = rd_loc(r, node_off(r, node));
	m->status = node_status(r, node);
	read_compat(r, node, &m->compatible);
	set_obj(r, node, OBJ_MSI, r->t->n_msis - 1);
	return 0;
}

static int read_its(struct rd *r, int node)
{
	struct iot_msi *m;
	uint64_t base = 0, size;
	bool have;
	const char *label;

	if (read_reg(r, node, &base, &size, &have) < 0)
		return -1;
	if (!have)
		return rd_err(r, node_off(r, node), node, NULL, "GICv3 ITS without reg");
	if (!has_prop(r, node, P_MSI_CONTROLLER))
		rd_warn(r, node, NULL, IOT_RULE_DT_ITS_NOT_MSI_CONTROLLER,
			"GICv3 ITS without msi-controller; Linux does not use it for MSIs");
	label = node_label(r, node);
	m = iot_add_msi(r->t);
	m->name = object_name(r, node, label);
	m->type = IOT_MSI_GICV3_ITS;
	m->base = base;
	m->its_ids = iot_xmalloc(sizeof(*m->its_ids));
	m->its_ids[0] = (uint32_t)(r->t->n_msis - 1);
	m->n_its_ids = 1;
	m->dt_path = pool_str(r, node_path(r, node));
	m->dt_label = label ? iot_strdup(label) : NULL;
	m->dt_phandle = r->nodes[node].phandle;
	m->loc = rd_loc(r, node_off(r, node));
	m->status = node_status(r, node);
	read_compat(r, node, &m->compatible);
	set_obj(r, node, OBJ_MSI, r->t->n_msis - 1);
	return claim_path(r, node, m->dt_path);
}

static int smmu_irqs(struct rd *r, int node, struct iot_iommu *u)
{
	struct iot_irq irq[264];
	int n = read_irqs(r, node, irq, (int)IOT_ARRAY_SIZE(irq));
	uint32_t ng = 0;
	int rc;

	/* wired to something else (HiSilicon mbigen...): present, just not GSIVs */
	if (!n && has_prop(r, node, P_INTERRUPTS)) {
		int cells, ic = irq_controller(r, node, &cells);

		u->irqs_not_gic = ic >= 0 && !is_gic(r, ic);
	}
	if (n <= 0)
		return n;
	if (u->model == IOT_IOMMU_SMMUV3) {
		int len;
		const char *names = node_getprop(r, node, P_INTERRUPT_NAMES, &len);
		const char *s = names;

		/* a list whose last string is not terminated is no list (fdt_stringlist_count) */
		if (!names || len <= 0 || names[len - 1])
			s = NULL;
		for (int i = 0; s && i < n && s < names + len; i++, s += strlen(s) + 1) {
			if (!strcmp(s, "combined")) /* one line for every SMMU interrupt */
				u->irq_event = u->irq_pri = u->irq_gerror = u->irq_sync =
					irq[i].gsiv;
			else if (!strcmp(s, "eventq"))
				u->irq_event = irq[i].gsiv;
			else if (!strcmp(s, "priq"))
				u->irq_pri = irq[i].gsiv;
			else if (!strcmp(s, "gerror"))
				u->irq_gerror = irq[i].gsiv;
			else if (!strcmp(s, "cmdq-sync"))
				u->irq_sync = irq[i].gsiv;
		}
		return 0;
	}
	rc = prop_u32(r, node, P_GLOBAL_INTERRUPTS, &ng);
	if (rc < 0)
		return -1;
	if (ng > (uint32_t)n)
		return rd_err(r, node_off(r, node), node, "#global-interrupts",
			      "%u global interrupts but only %d interrupt%s", ng, n,
			      n == 1 ? "" : "s");
	if (ng >= 1)
		u->irq_global = irq[0];
	if (ng >= 2)
		u->irq_global_cfg = irq[1];
	u->n_irq_context = (size_t)n - ng;
	u->irq_context = iot_xcalloc(u->n_irq_context + 1, sizeof(*u->irq_context));
	memcpy(u->irq_context, irq + ng, u->n_irq_context * sizeof(*irq));
	return 0;
}

static int read_iommu(struct rd *r, int node, enum iot_iommu_model model)
{
	struct iot_iommu *u;
	uint32_t cells = 0;
	uint64_t base = 0, size = 0;
	bool have;
	int rc;
	const char *label;

	rc = prop_u32(r, node, P_IOMMU_CELLS, &cells);
	if (rc < 0)
		return -1;
	if (!rc)
		return rd_err(r, node_off(r, node), node, NULL, "IOMMU (%s) without #iommu-cells",
			      iot_iommu_model_name(model));
	if (model == IOT_IOMMU_OTHER	      ? cells > DT_MAX_IOMMU_CELLS :
	    iot_iommu_is_smmuv2_family(model) ? (cells != 1 && cells != 2) :
						cells != 1)
		return rd_err(r, node_off(r, node), node, "#iommu-cells",
			      "#iommu-cells = <%u>; %s takes %s", cells,
			      iot_iommu_model_name(model),
			      model == IOT_IOMMU_OTHER		? "at most " DT_MAX_IOMMU_CELLS_S :
			      iot_iommu_is_smmuv2_family(model) ? "1 or 2" :
								  "1");
	if (model == IOT_IOMMU_OTHER) {
		/* only the first reg entry, and only when the parent's cells are ordinary */
		if (reg_first(r, node, &base, &size) < 0)
			return -1;
	} else if (model != IOT_IOMMU_VIRTIO_PCI && read_reg(r, node, &base, &size, &have) < 0) {
		return -1;
	}
	label = node_label(r, node);
	u = iot_add_iommu(r->t);
	u->name = object_name(r, node, label);
	u->model = model;
	u->status = node_status(r, node);
	u->iommu_cells = cells;
	u->loc = rd_loc(r, node_off(r, node));
	u->dt_path = pool_str(r, node_path(r, node));
	u->dt_label = label ? iot_strdup(label) : NULL;
	u->dt_phandle = r->nodes[node].phandle;
	u->coherent = has_prop(r, node, P_DMA_COHERENT);
	read_compat(r, node, &u->compatible);
	set_obj(r, node, OBJ_IOMMU, r->t->n_iommus - 1);
	iot_grow((void **)&r->iommu_node, &r->cap_iommu_node, r->t->n_iommus - r->first_iommu,
		 sizeof(*r->iommu_node));
	r->iommu_node[r->t->n_iommus - 1 - r->first_iommu] = node;
	if (claim_path(r, node, u->dt_path) < 0)
		return -1;
	if (model == IOT_IOMMU_OTHER) {
		u->base = base;
		u->size = size;
		return 0;
	}
	if (model == IOT_IOMMU_VIRTIO_PCI) {
		uint64_t off;
		int len;
		const fdt32_t *c = prop_cells(r, node, P_REG, &len, &off);

		if (!c || len != 20)
			return rd_err(r, c ? off : node_off(r, node), node, "reg",
				      "virtio-iommu PCI node needs a 5-cell PCI address in reg");
		u->pci_bdf = (uint16_t)(fdt32_to_cpu(c[0]) >> 8);
	} else {
		u->base = base;
		if (!(model == IOT_IOMMU_SMMUV3 && size == 0x20000) &&
		    !(iot_iommu_is_smmuv2_family(model) && size == 0x10000) &&
		    !(model == IOT_IOMMU_VIRTIO_MMIO && size == 0x200))
			u->size = size;
	}
	if (model == IOT_IOMMU_SMMUV3) {
		if (has_prop(r, node, P_HISI_BROKEN_PREFETCH))
			u->impl = 1;
		if (has_prop(r, node, P_CAVIUM_BROKEN_PAGE1)) {
			u->impl = 2;
			if (size == 0x10000)
				u->size = 0;
		}
	}
	rc = prop_u32(r, node, P_STREAM_MATCH_MASK, &u->stream_match_mask);
	if (rc < 0)
		return -1;
	u->has_stream_match_mask = rc > 0;
	if (smmu_irqs(r, node, u) < 0)
		return -1;
	return 0;
}

/* Pass 1: IOMMUs and ITSs, so every phandle user can be checked against them. */
static int read_providers(struct rd *r)
{
	for (int node = 0; node < (int)r->n_nodes; node++) {
		struct compat cl;
		int m;

		if (!(r->nodes[node].has & (1ull << P_COMPATIBLE | 1ull << P_IOMMU_CELLS)))
			continue;
		cl = get_compat(r, node);
		if (!cl.len && !has_prop(r, node, P_IOMMU_CELLS))
			continue;
		if (compat_has(&cl, "arm,gic-v3-its")) {
			if (read_its(r, node) < 0)
				return -1;
			continue;
		}
		if (has_prop(r, node, P_MSI_CONTROLLER) && read_other_msi(r, node) < 0)
			return -1;
		m = iommu_model(r, node, &cl);
		if (m >= 0 && read_iommu(r, node, (enum iot_iommu_model)m) < 0)
			return -1;
	}
	return 0;
}

static bool is_pci_bus(struct rd *r, int node)
{
	int len;
	const char *dt = node_getprop(r, node, P_DEVICE_TYPE, &len);

	return dt && len == 4 && !memcmp(dt, "pci", 4);
}

static bool is_root_node(struct rd *r, int node)
{
	int parent;

	if (is_compatible(r, node, "fsl,qoriq-mc"))
		return true;
	if (!is_pci_bus(r, node))
		return false;
	parent = parent_of(r, node);
	return parent < 0 || !is_pci_bus(r, parent);
}

/* The cell count of a map row's target, for iommu-map or msi-map. */
/* The object a map row's phandle names and its specifier cell count; no report. */
static int probe_target(struct rd *r, uint32_t ph, enum objkind want, int *obj, uint32_t *cells)
{
	int tgt = by_phandle(r, ph);

	if (tgt < 0)
		return -1;
	*obj = get_obj(r, tgt, want);
	if (*obj == IOT_NONE)
		return -2;
	if (want == OBJ_IOMMU) {
		*cells = r->t->iommus[*obj].iommu_cells;
	} else {
		int len = 0;
		const fdt32_t *v = node_getprop(r, tgt, P_MSI_CELLS, &len);

		*cells = v && len == 4 ? fdt32_to_cpu(v[0]) : 1;
	}
	return 0;
}

/* The same, reporting why a row's phandle is no target. */
static int target_of(struct rd *r, int node, const char *prop, uint64_t off, uint32_t ph,
		     enum objkind want, int *obj, uint32_t *cells)
{
	int rc = probe_target(r, ph, want, obj, cells);

	if (rc == -1)
		return rd_err(r, off, node, prop, "phandle 0x%x does not exist", ph);
	if (rc == -2)
		return rd_err(r, off, node, prop, "phandle 0x%x (%s) is not %s", ph,
			      node_path(r, by_phandle(r, ph)),
			      want == OBJ_IOMMU ? "an IOMMU" : "a GICv3 ITS");
	return 0;
}

/*
 * Rows of 3 + #cells(target) cells (the 2026 of_map_id rework): true if the
 * property splits exactly, with the widest specifier's cell count.
 */
static bool split_wide_rows(struct rd *r, const fdt32_t *c, size_t n, enum objkind want,
			    uint32_t *widest)
{
	size_t i = 0;

	*widest = 0;
	while (i < n) {
		uint32_t cells;
		int obj;

		if (n - i < 2 || probe_target(r, fdt32_to_cpu(c[i + 1]), want, &obj, &cells) < 0 ||
		    cells > 4 || n - i < 3 + (size_t)cells)
			return false;
		*widest = cells > *widest ? cells : *widest;
		i += 3 + cells;
	}
	return true;
}

/*
 * iommu-map / msi-map rows.  base.c:of_map_id (through 2025) reads 4-cell
 * rows (a 1-cell specifier); the 2026 rework "of: Respect #{iommu,msi}-cells
 * in maps" reads 3 + #cells(target) per row.  Both forms are read, and
 * map->dt_spec_cells says which one the property used, so the linter
 * (dt-iommu-map-cells) can say which kernels misread it.  A property that
 * splits neither way is an error.
 */
static int read_map(struct rd *r, int node, enum pid id, enum objkind want, struct iot_idmap *map)
{
	const char *prop = pid_name[id];
	uint64_t off;
	int len, obj;
	uint32_t cells, wide = 1;
	const fdt32_t *c = prop_cells(r, node, id, &len, &off);
	size_t n, i;
	bool four = true, split = false;

	if (!c)
		return 0;
	if (len == 0 || len % 4)
		return rd_err(r, off, node, prop, "length %d is not a whole number of cells", len);
	n = (size_t)len / 4;
	/* 4-cell rows, every phandle a target of the right kind */
	if (n % 4)
		four = false;
	for (i = 0; four && i < n; i += 4)
		if (probe_target(r, fdt32_to_cpu(c[i + 1]), want, &obj, &cells) < 0)
			four = false;
	if (!four)
		split = split_wide_rows(r, c, n, want, &wide);
	if (!four && !split) {
		/* report against the classic form, row by row */
		if (n % 4)
			return rd_err(r, off, node, prop,
				      "length %d is not a multiple of 16 bytes "
				      "(rows of <id-base &target target-base length>)",
				      len);
		for (i = 0; i < n; i += 4)
			if (target_of(r, node, prop, off + 12 + 4 * i, fdt32_to_cpu(c[i + 1]), want,
				      &obj, &cells) < 0)
				return -1;
	}
	map->dt_spec_cells = four || wide < 1 ? 1 : (uint8_t)wide;
	map->dt_wide = !four;
	for (i = 0; i < n;) {
		struct iot_map_row *mr;

		probe_target(r, fdt32_to_cpu(c[i + 1]), want, &obj, &cells);
		if (four)
			cells = 1;
		if (cells == 0) /* an msi-map row to a 0-cell controller: no output ID */
			mr = iot_idmap_add(map, fdt32_to_cpu(c[i]), fdt32_to_cpu(c[i + 2]), obj, 0);
		else /* the first specifier cell is the ID (a second is an SMR mask) */
			mr = iot_idmap_add(map, fdt32_to_cpu(c[i]), fdt32_to_cpu(c[i + 2 + cells]),
					   obj, fdt32_to_cpu(c[i + 2]));
		for (uint32_t k = 1; k < cells && k <= IOT_ARRAY_SIZE(mr->out_tail); k++)
			mr->out_tail[k - 1] = fdt32_to_cpu(c[i + 2 + k]);
		mr->loc = rd_loc(r, off + 12 + 4 * i);
		i += 3 + (cells ? cells : 0);
	}
	return 0;
}

static int read_mask(struct rd *r, int node, enum pid id, struct iot_idmap *map)
{
	int rc = prop_u32(r, node, id, &map->mask);

	if (rc < 0)
		return -1;
	map->has_mask = rc > 0;
	return 0;
}

/* dma-ranges: the highest bus address reached, as an address-size limit in bits. */
static int read_dma_ranges(struct rd *r, int node, struct iot_memattr *mem)
{
	int parent = parent_of(r, node);
	int ac = addr_cells(r, node), sc = size_cells(r, node);
	int pac = addr_cells(r, parent);
	uint64_t off, top = 0;
	int len, row;
	const fdt32_t *c = prop_cells(r, node, P_DMA_RANGES, &len, &off);

	if (!c || !len)
		return 0;
	if (ac < 1 || sc < 1 || pac < 1 || ac > 3 || sc > 2 || pac > 3)
		return rd_err(r, off, node, "dma-ranges",
			      "#address-cells/#size-cells %d/%d "
			      "(parent %d) not supported",
			      ac, sc, pac);
	row = ac + pac + sc;
	if (len % (4 * row))
		return rd_err(r, off, node, "dma-ranges",
			      "length %d is not a multiple of %d "
			      "cells",
			      len, row);
	for (int i = 0; i < len / (4 * row); i++) {
		const fdt32_t *e = c + i * row;
		uint64_t child = 0, size = 0;

		/* the PCI phys.hi cell carries flags, not address bits */
		for (int k = ac > 2 ? 1 : 0; k < ac; k++)
			child = child << 32 | fdt32_to_cpu(e[k]);
		for (int k = 0; k < sc; k++)
			size = size << 32 | fdt32_to_cpu(e[ac + pac + k]);
		if (child + size > top || child + size < child)
			top = child + size < child ? UINT64_MAX : child + size;
	}
	mem->address_bits = 0;
	while (mem->address_bits < 64 &&
	       (mem->address_bits == 0 || top > (1ull << mem->address_bits)))
		mem->address_bits++;
	return 0;
}

static int read_root(struct rd *r, int node)
{
	struct iot_pci_root *pr;
	uint32_t dom = 0;
	uint64_t base = 0, size, off;
	bool have;
	int rc, len;
	const char *label = node_label(r, node);
	const fdt32_t *br;

	pr = iot_add_root(r->t);
	pr->name = object_name(r, node, label);
	pr->dt_path = pool_str(r, node_path(r, node));
	pr->dt_label = label ? iot_strdup(label) : NULL;
	pr->loc = rd_loc(r, node_off(r, node));
	pr->dt_fsl_mc = is_compatible(r, node, "fsl,qoriq-mc");
	pr->status = node_status(r, node);
	read_compat(r, node, &pr->compatible);
	set_obj(r, node, OBJ_ROOT, r->t->n_roots - 1);
	if (claim_path(r, node, pr->dt_path) < 0)
		return -1;
	rc = prop_u32(r, node, P_PCI_DOMAIN, &dom);
	if (rc < 0)
		return -1;
	if (dom > 0xffff)
		return rd_err(r, node_off(r, node), node, "linux,pci-domain",
			      "domain %u does not fit a 16-bit segment", dom);
	/* without linux,pci-domain Linux numbers the bridge itself: number_domains() */
	pr->segment = (uint16_t)dom;
	if (!rc && !pr->dt_fsl_mc) {
		iot_grow((void **)&r->no_domain, &r->cap_no_domain, r->n_no_domain + 1,
			 sizeof(*r->no_domain));
		r->no_domain[r->n_no_domain++] = r->t->n_roots - 1;
	}
	br = prop_cells(r, node, P_BUS_RANGE, &len, &off);
	if (br) {
		if (len != 8)
			return rd_err(r, off, node, "bus-range", "length %d, expected 8", len);
		if (fdt32_to_cpu(br[0]) > fdt32_to_cpu(br[1]) || fdt32_to_cpu(br[1]) > 0xff)
			return rd_err(r, off, node, "bus-range", "bad range <0x%x 0x%x>",
				      fdt32_to_cpu(br[0]), fdt32_to_cpu(br[1]));
		pr->bus_start = (uint8_t)fdt32_to_cpu(br[0]);
		pr->bus_end = (uint8_t)fdt32_to_cpu(br[1]);
	}
	if (read_reg(r, node, &base, &size, &have) < 0)
		return -1;
	pr->ecam = base;
	pr->mem.coherent = has_prop(r, node, P_DMA_COHERENT);
	/* DT has no CPM; a coherent device has a coherent path to memory (IORT CCA rule) */
	if (pr->mem.coherent)
		pr->mem.flags |= IOT_MAF_CPM;
	pr->ats = has_prop(r, node, P_ATS_SUPPORTED);
	if (read_dma_ranges(r, node, &pr->mem) < 0)
		return -1;
	if (read_map(r, node, P_IOMMU_MAP, OBJ_IOMMU, &pr->iommu_map) < 0 ||
	    read_mask(r, node, P_IOMMU_MAP_MASK, &pr->iommu_map) < 0 ||
	    read_map(r, node, P_MSI_MAP, OBJ_MSI, &pr->msi_map) < 0 ||
	    read_mask(r, node, P_MSI_MAP_MASK, &pr->msi_map) < 0)
		return -1;
	if (pr->msi_map.has_mask && !pr->msi_map.n)
		rd_warn(r, node, "msi-map-mask", IOT_RULE_DT_MSI_MAP_MASK_ALONE,
			"msi-map-mask without msi-map is ignored");
	{
		int msi;
		uint32_t devid = 0;

		/* msi-parent on a host bridge: without msi-map the ITS sees the RID (of_msi_map_id) */
		if (read_msi_parent(r, node, true, &msi, &devid, pr, &pr->dt_msi_parent_more) < 0)
			return -1;
		if (msi != IOT_NONE && !pr->msi_map.n)
			iot_idmap_add(&pr->msi_map, 0, 0x10000, msi, 0)->loc = pr->loc;
	}
	return 0;
}

/* iommus = <&iommu spec...>, ...: one iot_dev_iommu per run of one IOMMU. */
static int read_iommus(struct rd *r, int node, struct iot_platdev *pd)
{
	uint64_t off;
	int len;
	const fdt32_t *c = prop_cells(r, node, P_IOMMUS, &len, &off);
	size_t n, i = 0, ents = 0;
	int last = IOT_NONE;

	if (!c)
		return 0;
	if (len % 4 || len == 0)
		return rd_err(r, off, node, "iommus", "length %d is not a whole number of cells",
			      len);
	n = (size_t)len / 4;
	/* pass 1: check every specifier, count the entries and their IDs */
	while (i < n) {
		uint32_t ph = fdt32_to_cpu(c[i]);
		int tgt = by_phandle(r, ph), u;
		uint32_t cells = 0;

		if (tgt < 0)
			return rd_err(r, off + 12 + 4 * i, node, "iommus",
				      "phandle 0x%x does not exist", ph);
		u = get_obj(r, tgt, OBJ_IOMMU);
		if (u == IOT_NONE) /* every node with #iommu-cells is read as an IOMMU */
			return rd_err(r, off + 12 + 4 * i, node, "iommus",
				      "phandle 0x%x (%s) is not an IOMMU (no #iommu-cells)", ph,
				      node_path(r, tgt));
		cells = r->t->iommus[u].iommu_cells;
		if (cells > n - i - 1)
			return rd_err(r, off + 12 + 4 * i, node, "iommus",
				      "entry for %s needs %u cell%s (#iommu-cells), %zu left",
				      node_path(r, tgt), cells, cells == 1 ? "" : "s", n - i - 1);
		/* one entry per run to one IOMMU; a 0-cell specifier is an entry of its own */
		if (!(cells && ents && last == u))
			ents++;
		last = u;
		i += 1 + cells;
	}
	/* pass 2: the entries and their IDs, at their final size in the topology's pool */
	pd->iommus = iot_topology_alloc(r->t, ents * sizeof(*pd->iommus));
	for (i = 0; i < n;) {
		int u = get_obj(r, by_phandle(r, fdt32_to_cpu(c[i])), OBJ_IOMMU);
		uint32_t cells = r->t->iommus[u].iommu_cells;
		struct iot_dev_iommu *di;

		if (cells && pd->n_iommus && pd->iommus[pd->n_iommus - 1].iommu == u) {
			di = &pd->iommus[pd->n_iommus - 1];
		} else {
			di = &pd->iommus[pd->n_iommus++];
			memset(di, 0, sizeof(*di));
			di->iommu = u;
			di->loc = rd_loc(r, off + 12 + 4 * i);
			if (cells == 1 || cells == 2) {
				/* the entry's IDs: the run of specifiers to this IOMMU from here */
				size_t ids = 0;

				for (size_t j = i; j < n; j += 1 + cells, ids++)
					if (get_obj(r, by_phandle(r, fdt32_to_cpu(c[j])),
						    OBJ_IOMMU) != u)
						break;
				di->ids = iot_topology_alloc(r->t, ids * sizeof(*di->ids));
			}
		}
		if (cells == 1 || cells == 2) {
			di->ids[di->n_ids++] =
				(struct iot_sid){ .id = fdt32_to_cpu(c[i + 1]),
						  .mask = cells == 2 ? fdt32_to_cpu(c[i + 2]) : 0,
						  .has_mask = cells == 2 };
		} else if (cells) {
			di->cells =
				iot_xrealloc(di->cells, (di->n_cells + cells) * sizeof(uint32_t));
			for (uint32_t k = 0; k < cells; k++)
				di->cells[di->n_cells++] = fdt32_to_cpu(c[i + 1 + k]);
		}
		i += 1 + cells;
	}
	return 0;
}

/*
 * of/platform.c:of_platform_default_populate creates devices for the root's
 * children and, below them, only through of_default_bus_match_table nodes;
 * deeper nodes are created by their parent's driver.
 */
static bool default_bus(struct rd *r, int node)
{
	/* asked for every platform device's ancestors: remember each node's answer */
	if (!r->bus_kind)
		r->bus_kind = iot_xcalloc(r->n_nodes + 1, 1);
	if (!r->bus_kind[node])
		r->bus_kind[node] = is_compatible(r, node, "simple-bus") ||
						    is_compatible(r, node, "simple-mfd") ||
						    is_compatible(r, node, "isa") ||
						    is_compatible(r, node, "arm,amba-bus") ?
					    1 :
					    2;
	return r->bus_kind[node] == 1;
}

static bool populated_by_parent(struct rd *r, int node)
{
	for (int p = parent_of(r, node); p > 0; p = parent_of(r, p))
		if (!default_bus(r, p))
			return true;
	return false;
}

/*
 * A platform device: a node with iommus, msi-parent or ID maps.  @host: the
 * node is a PCI host bridge already read as a root, whose controller is a
 * DMA master of its own (Tegra186's PCIe has iommus = <&smmu 0x11> beside
 * its iommu-map): only its iommus make the device; the maps are the root's.
 */
static int read_platdev(struct rd *r, int node, bool host)
{
	struct iot_platdev *pd;
	const char *label = node_label(r, node);
	uint32_t v = 0;
	int rc;

	pd = iot_add_platdev(r->t);
	pd->name = object_name(r, node, label);
	pd->dt_path = pool_str(r, node_path(r, node));
	pd->dt_label = label ? iot_strdup(label) : NULL;
	read_compat(r, node, &pd->compatible);
	pd->status = node_status(r, node);
	pd->dt_populated_by_parent = populated_by_parent(r, node);
	pd->loc = rd_loc(r, node_off(r, node));
	if (!host && claim_path(r, node, pd->dt_path) < 0)
		return -1;
	pd->mem.coherent = has_prop(r, node, P_DMA_COHERENT);
	/* DT has no CPM; a coherent device has a coherent path to memory (IORT CCA rule) */
	if (pd->mem.coherent)
		pd->mem.flags |= IOT_MAF_CPM;
	if (has_prop(r, node, P_DMA_CAN_STALL))
		pd->nc_flags |= 1;
	rc = prop_u32(r, node, P_PASID_NUM_BITS, &v);
	if (rc < 0)
		return -1;
	if (rc)
		pd->nc_flags |= (v & 0x1f) << 1;
	if (read_iommus(r, node, pd) < 0)
		return -1;
	if (host)
		return 0;
	/*
	 * iommu-map / msi-map on a node that is no PCI host: Tegra host1x maps
	 * its context devices' IDs, i.MX95 PCIe endpoint controllers their
	 * functions' (of_map_id with the ID their bus driver passes).
	 */
	if (read_map(r, node, P_IOMMU_MAP, OBJ_IOMMU, &pd->iommu_map) < 0 ||
	    read_mask(r, node, P_IOMMU_MAP_MASK, &pd->iommu_map) < 0 ||
	    read_map(r, node, P_MSI_MAP, OBJ_MSI, &pd->msi_map) < 0 ||
	    read_mask(r, node, P_MSI_MAP_MASK, &pd->msi_map) < 0)
		return -1;
	return read_msi_parent(r, node, false, &pd->msi_controller, &pd->msi_device_id, NULL,
			       &pd->dt_msi_parent_more);
}

/* Pass 2: host bridges (and fsl-mc) and every node with iommus. */
static int read_users(struct rd *r)
{
	const uint64_t user =
		1ull << P_IOMMUS | 1ull << P_MSI_PARENT | 1ull << P_IOMMU_MAP | 1ull << P_MSI_MAP;
	size_t devs = 0;

	/* at most one device per node with one of those (or iommus on a host bridge) */
	for (size_t node = 0; node < r->n_nodes; node++)
		devs += (r->nodes[node].has & user) != 0;
	iot_reserve_platdevs(r->t, devs);
	for (int node = 0; node < (int)r->n_nodes; node++) {
		if (!(r->nodes[node].has & (user | 1ull << P_DEVICE_TYPE | 1ull << P_COMPATIBLE)))
			continue;
		if (is_root_node(r, node) && !r->node_kind[node]) {
			if (read_root(r, node) < 0 ||
			    (has_prop(r, node, P_IOMMUS) && read_platdev(r, node, true) < 0))
				return -1;
			continue;
		}
		/* a DMA master behind an IOMMU, or an MSI source with its own msi-parent or map */
		if ((r->nodes[node].has & user) && get_obj(r, node, OBJ_IOMMU) == IOT_NONE &&
		    !r->node_kind[node] && read_platdev(r, node, false) < 0)
			return -1;
	}
	return 0;
}

static bool domain_used(const struct iot_topology *t, const struct rd *r, uint16_t seg)
{
	for (size_t i = 0; i < t->n_roots; i++) {
		bool pending = false;

		for (size_t k = 0; k < r->n_no_domain; k++)
			pending |= r->no_domain[k] == i;
		if (!pending && !t->roots[i].dt_fsl_mc && t->roots[i].segment == seg)
			return true;
	}
	return false;
}

/*
 * Host bridges without linux,pci-domain: the DT domains are reserved first
 * (pci.c:of_pci_reserve_static_domain_nr), then each bridge takes the
 * smallest free number (pci.c:of_pci_bus_find_domain_nr, ida_alloc) in
 * probe order, which we take to be tree order.
 */
static void number_domains(struct rd *r)
{
	uint32_t next = 0;

	for (size_t k = 0; k < r->n_no_domain; k++) {
		while (next < 0xffff && domain_used(r->t, r, (uint16_t)next))
			next++;
		r->t->roots[r->no_domain[k]].segment = (uint16_t)next++;
		r->no_domain[k] = (size_t)-1; /* numbered now */
	}
}

/*
 * After pass 2: an IOMMU's own MSIs (msi-parent, the ITSs are known now) and
 * the segment of virtio-iommu PCI nodes (the host bridge they sit under).
 */
static int finish_iommus(struct rd *r, size_t first)
{
	for (size_t i = first; i < r->t->n_iommus; i++) {
		struct iot_iommu *u = &r->t->iommus[i];
		int node, parent, root;

		node = r->iommu_node[i - first];
		if (node >= 0 &&
		    read_msi_parent(r, node, false, &u->msi_controller, &u->msi_device_id, NULL,
				    &u->dt_msi_parent_more) < 0)
			return -1;
		if (u->model != IOT_IOMMU_VIRTIO_PCI)
			continue;
		parent = node < 0 ? node : parent_of(r, node);
		root = parent < 0 ? IOT_NONE : get_obj(r, parent, OBJ_ROOT);
		if (root == IOT_NONE)
			return rd_err(r, u->loc.offset, node, NULL,
				      "virtio,pci-iommu node is not "
				      "a child of a PCI host bridge");
		u->pci_segment = r->t->roots[root].segment;
	}
	return 0;
}

static int read_blob(const uint8_t *data, size_t len, const char *file, bool from_source,
		     const struct iot_dts_positions *pos, struct iot_topology *t,
		     struct iot_diags *d);

int iot_dt_read_dtb(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		    struct iot_diags *d)
{
	return read_blob(data, len, file, false, NULL, t, d);
}

int dt_read_compiled_dts(const uint8_t *data, size_t len, const char *file,
			 const struct iot_dts_positions *pos, struct iot_topology *t,
			 struct iot_diags *d)
{
	return read_blob(data, len, file, true, pos, t, d);
}

static int read_blob(const uint8_t *data, size_t len, const char *file, bool from_source,
		     const struct iot_dts_positions *pos, struct iot_topology *t,
		     struct iot_diags *d)
{
	struct rd r = { .len = len,
			.file = file,
			.t = t,
			.d = d,
			.symbols = -1,
			.path_node = -1,
			.from_source = from_source,
			.pos = pos,
			.first_iommu = t->n_iommus };
	void *copy = NULL;
	int rc = -1;

	/* libfdt wants an 8-byte aligned blob */
	if ((uintptr_t)data & 7) {
		copy = iot_xmalloc(len ? len : 1);
		memcpy(copy, data, len);
		data = copy;
	}
	r.fdt = data;
	if (!t->source)
		t->source = file;
	/* objects already loaded from another input keep their names */
	for (size_t i = 0; i < t->n_iommus; i++)
		name_insert(&r, t->iommus[i].name);
	for (size_t i = 0; i < t->n_msis; i++)
		name_insert(&r, t->msis[i].name);
	for (size_t i = 0; i < t->n_roots; i++)
		name_insert(&r, t->roots[i].name);
	for (size_t i = 0; i < t->n_platdevs; i++)
		name_insert(&r, t->platdevs[i].name);
	if (check_header(&r) < 0 || index_tree(&r) < 0)
		goto out;
	/* a name and a path per node that can be an object, besides the names there already */
	{
		const uint64_t obj = 1ull << P_COMPATIBLE | 1ull << P_IOMMU_CELLS |
				     1ull << P_DEVICE_TYPE | 1ull << P_IOMMUS |
				     1ull << P_MSI_PARENT | 1ull << P_IOMMU_MAP | 1ull << P_MSI_MAP;
		size_t objs = 0;

		for (size_t i = 0; i < r.n_nodes; i++)
			objs += (r.nodes[i].has & obj) != 0;
		strset_reserve(&r.names, r.names.n + objs);
		strset_reserve(&r.paths, objs);
	}
	r.origin = iot_add_origin(t, from_source ? IOT_SRC_DTS : IOT_SRC_DTB, file);
	if (r.origin) {
		struct iot_origin *o = &t->origins[r.origin - 1];

		o->dtb_version = fdt_version(data);
		o->dtb_last_comp_version = fdt_last_comp_version(data);
		o->dtb_boot_cpuid = fdt_boot_cpuid_phys(data);
	}
	iot_topology_set_firmware(t, IOT_FW_DT, 0);
	if (!t->machine.name) {
		int ml;
		const char *model = fdt_getprop(data, 0, "model", &ml);

		if (model && ml > 1 && memchr(model, 0, (size_t)ml))
			t->machine.name = iot_strdup(model);
	}
	index_symbols(&r);
	if (read_providers(&r) < 0 || read_users(&r) < 0)
		goto out;
	number_domains(&r);
	if (finish_iommus(&r, r.first_iommu) < 0)
		goto out;
	rc = 0;
out:
	free(r.nodes);
	free(r.props);
	free(r.by_ph);
	free(r.iommu_node);
	free(r.node_obj);
	free(r.node_kind);
	free(r.node_msi);
	free(r.names.v); /* the strings themselves belong to the model */
	free(r.paths.v);
	free(r.no_domain);
	free(r.labels);
	free(r.bus_kind);
	free(copy);
	return rc;
}
