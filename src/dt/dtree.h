/* SPDX-License-Identifier: MIT */
/*
 * A small in-memory device tree used by the DT writers.  The topology is
 * turned into one dtree; the DTB (libfdt sequential write), the standalone
 * DTS, the .dtsi fragment and the --base patch are all produced from it, so
 * the four outputs cannot disagree.
 *
 * Cells may be phandle references to another node of the tree; they are
 * resolved when a blob is written (phandles allocated in tree order) and
 * printed as &label in source form.
 */
#ifndef IOTOPO_DT_DTREE_H
#define IOTOPO_DT_DTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum dtp_kind {
	DTP_EMPTY, /* flag property: dma-coherent; */
	DTP_CELLS, /* <...> groups of u32 cells, possibly phandle references */
	DTP_STRINGS, /* "a", "b" */
};

/*
 * 56 bytes: a big board's tree holds tens of thousands of these, so the
 * counts are 32-bit (a blob is at most DTREE_DTB_MAX bytes) and the name is
 * the tree's one copy of it (dtree_prop interns names).
 */
struct dtp {
	struct dtree *tree; /* whose memory holds the values */
	const char *name;
	uint32_t *cells;
	int *refs; /* per cell: node index for a phandle reference, or -1; NULL: none (dtp_ref_at) */
	char *str; /* DTP_STRINGS: NUL-separated, NUL-terminated */
	uint32_t n;
	uint32_t cap;
	uint32_t slen;
	uint16_t group; /* cells per <...> in source form; 0 = one group */
	uint8_t kind; /* enum dtp_kind */
	bool board; /* describes the board, not the IOMMU topology (standalone only) */
};

struct dtn {
	char *name; /* unit name, "" for the root */
	char *label; /* NULL = none (one is made up if the node is referenced) */
	char *path; /* full path */
	union {
		struct dtp *props;
		const char **prop_names; /* a lean tree's: the properties' names only */
	};
	int *kids;
	uint32_t n_props, cap_props;
	uint32_t n_kids, cap_kids;
	int parent;
	uint32_t phandle; /* assigned by dtree_assign_phandles() */
	bool label_made; /* made up by us: the board does not have it */
	bool complete; /* emitted whole in the .dtsi (IOMMU, ITS); else an override */
	bool referenced;
	bool claimed; /* a model object owns it (two may not) */
	bool phandle_fixed; /* given by the topology: spelled out in source form too */
	bool path_made; /* an IOMMU/ITS the topology gave no DT path: --base may match it by reg */
	bool pci_root; /* a PCI root's node (its host controller may be a platform device too) */
	bool lean; /* in a lean tree: prop_names, not props */
};

struct dtree {
	struct dtn *nodes; /* nodes[0] is the root */
	size_t n, cap;
	/*
	 * path -> node index hash (open addressing, power-of-two size); each slot
	 * keeps the path's hash too, so growing and probing need not read paths
	 */
	struct dtree_slot {
		int idx; /* -1: empty */
		uint32_t h;
	} * hash;
	size_t hash_cap;
	/* property names, each stored once (open addressing, power-of-two size) */
	const char **names;
	size_t names_n, names_cap;
	/* names callers passed lately: their pointer, the tree's copy */
	struct dtree_name_cache {
		const char *key, *name;
	} name_cache[32];
	const char *phandle_name;
	/*
	 * Everything a node owns but its label (names, paths, property arrays
	 * and values) is carved from these blocks and freed with the tree.
	 */
	struct dtree_block *blocks;
	/*
	 * Values are counted, not kept: a tree that is only checked and sized
	 * (dtree_dtb_size, dtree_assign_phandles) but never written or read
	 * back.  Cells keep their phandle references; strings only their length.
	 */
	bool sizing;
	/*
	 * Only checked (dt_build's diagnostics, the bound): a node keeps its
	 * properties' names, so that they replace, delete and count as in any
	 * tree, but no property; dtree_prop hands out one of a few scratch
	 * properties that live until a few more are asked for.  Nothing that
	 * reads properties (dtn_find_prop, phandles, sizes, writers) takes a
	 * lean tree.  Made by dtree_init_lean().
	 */
	bool lean;
	struct dtp scratch[4];
	unsigned int scratch_next;
	/*
	 * At least the blob's size: every node, property, cell and string byte
	 * ever added (a replaced or deleted one stays counted), every node with
	 * a phandle, every name in the strings block (dtree_dtb_bound).
	 */
	size_t bound;
};

/* Cell @k of @p: the node it refers to, or -1 for a plain cell. */
static inline int dtp_ref_at(const struct dtp *p, size_t k)
{
	return p->refs ? p->refs[k] : -1;
}

void dtree_init(struct dtree *t);
/* A lean (and sizing) tree: see struct dtree's lean. */
void dtree_init_lean(struct dtree *t);
void dtree_free(struct dtree *t);
/* Room for @n nodes in all, made at once: for a builder that knows about how many it makes. */
void dtree_reserve(struct dtree *t, size_t n);

/* Node at @path ("/a/b@1"), or -1. */
int dtree_lookup(const struct dtree *t, const char *path);
/* Node at @path, created with its missing ancestors. */
int dtree_get(struct dtree *t, const char *path);
/* Child @name of @parent, created if missing. */
int dtree_child(struct dtree *t, int parent, const char *name);

/* Add a property to node @n; returns it for further cells. Later adds of one name replace. */
struct dtp *dtree_prop(struct dtree *t, int n, const char *name, enum dtp_kind kind);
void dtp_cell(struct dtp *p, uint32_t v);
void dtp_ref(struct dtp *p, int node);
void dtp_u64(struct dtp *p, uint64_t v); /* two cells, high first */
void dtp_string(struct dtp *p, const char *s);
struct dtp *dtn_find_prop(const struct dtn *n, const char *name);
void dtree_del_prop(struct dtree *t, int n, const char *name);

/* Convenience: a one-cell, an empty and a one-string property. */
void dtree_u32(struct dtree *t, int n, const char *name, uint32_t v, bool board);
void dtree_flag(struct dtree *t, int n, const char *name, bool board);
void dtree_str(struct dtree *t, int n, const char *name, const char *s, bool board);

/* Give every referenced node a phandle (first free from @first, in tree order) and a label. */
void dtree_assign_phandles(struct dtree *t, uint32_t first);

/* Serialise: returns 0, or a negative libfdt error. */
int dtree_to_dtb(const struct dtree *t, struct iot_buf *out);
/* The largest DTB dtree_to_dtb() writes (-FDT_ERR_NOSPACE past it), as libfdt's buffer was. */
#define DTREE_DTB_MAX (1u << 30)
/* The size of the blob dtree_to_dtb() would write, without writing it. */
size_t dtree_dtb_size(const struct dtree *t);
/* No less than dtree_dtb_size(), whatever phandles are assigned; kept as the tree is built. */
size_t dtree_dtb_bound(const struct dtree *t);
/* Standalone source (/dts-v1/; / { ... };), with @header as a leading comment (may be NULL). */
void dtree_to_dts(const struct dtree *t, const char *header, struct iot_buf *out);
/* .dtsi fragment: &label / &{/path} overrides of board nodes plus complete nodes. */
void dtree_to_dtsi(const struct dtree *t, const char *header, struct iot_buf *out);
/* Value bytes of @p (big-endian cells, phandles resolved) into @out (reset first). */
void dtp_value(const struct dtree *t, const struct dtp *p, struct iot_buf *out);

#endif
