/* SPDX-License-Identifier: MIT */
/*
 * The YAML format as tables (in the manner of ACPICA's dmtbinfo*.c field
 * lists and dtc's checks.c): one table per YAML object, one row per key,
 * saying where the value lives in the model, its type and range, when the
 * writer emits it, and its documentation.  The reader (yread.c), the writer
 * (ywrite.c), iot_topology_equal() (ycompare.c), the JSON Schema and the
 * key list of iotopo-topology(5) (ydoc.c) are loops over these tables; a
 * new key is one row (plus, for an unusual value, a hook).
 */
#ifndef IOTOPO_YFIELD_H
#define IOTOPO_YFIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/buf.h"
#include "yaml/yaml.h"
#include "yaml/ynode.h"

struct yctx;
struct yem;
struct yfield;
struct ytable;

enum yt {
	YT_UINT, /* unsigned integer of `size` bytes at `off`, bits [shift, shift + width) */
	YT_BOOL, /* bool at `off` (mask 0), or the bit `mask` of an integer of `size` bytes */
	YT_STR, /* char * at `off`, owned */
	YT_WORD, /* index into `words`, stored as an integer of `size` bytes */
	YT_ACPI_ID, /* char[size + 1] at `off`: bytes, at most `size`; YAML U+0001-U+00FF, one byte each */
	YT_REF, /* int at `off`: index of the named object of kind `ref` */
	YT_OBJ, /* a mapping of the fields of `sub`, whose offsets count from `off` */
	YT_LIST, /* a list of `sub` mappings in an array (see struct ylist) */
	YT_HOOK, /* anything else: `hooks` */
};

/* Kinds of named object a reference can name. */
enum yref {
	YREF_MSI,
	YREF_IOMMU,
	YREF_PLATDEV,
	YREF_NR,
	/* named, but never referred to: the writer names them too */
	YNAME_ROOT = YREF_NR,
	YNAME_PMCG,
	YNAME_RMR,
	YNAME_NR,
};

/* When the writer emits a key. */
enum yemit {
	YE_SET, /* when the value differs from `dflt` (strings: when not NULL) */
	YE_ALWAYS,
	YE_HAS, /* when the bool at `has_off` is set */
	YE_NEVER, /* read only: another key writes the value */
};

/* How the writer spells a number. */
enum yfmt {
	YX_DEC,
	YX_HEX, /* 0x%x */
	YX_HEX2, /* 0x%02x */
	YX_HEX4,
	YX_HEX6,
	YX_HEX8,
	YX_HEX16,
};

/* Field flags. */
#define YF_HAS 0x01 /* reading the key sets the bool at has_off */
#define YF_FIRST 0x02 /* read before the other keys; if it fails, the rest is not read */
#define YF_FLOW 0x04 /* YT_LIST: items written one per line as flow mappings (else [{..}, ..]) */
#define YF_NONEMPTY 0x08 /* YT_LIST: at least one item */
#define YF_DOCREQ 0x10 /* required, checked outside the table (an object's name) */

/* Per-model masks for IOMMU keys (iot_iommu.model). */
#define YM(m) (1u << (m))
#define YM_ALL 0xffffu
#define YM_V3 YM(IOT_IOMMU_SMMUV3)
#define YM_V2                                                                 \
	(YM(IOT_IOMMU_SMMUV2) | YM(IOT_IOMMU_MMU500) | YM(IOT_IOMMU_SMMUV1) | \
	 YM(IOT_IOMMU_MMU400) | YM(IOT_IOMMU_MMU401) | YM(IOT_IOMMU_CAVIUM_SMMUV2))
#define YM_INTEL YM(IOT_IOMMU_INTEL_VTD)
#define YM_AMD YM(IOT_IOMMU_AMD_VI)
#define YM_VPCI YM(IOT_IOMMU_VIRTIO_PCI)
#define YM_OTHER YM(IOT_IOMMU_OTHER)

/* What a hook does for its key; any may be NULL (then the generic code for YT_OBJ applies). */
struct yhooks {
	/* read the value @v of the key into the object at @obj; false if it was bad */
	bool (*parse)(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj);
	/* true if the key is written for @obj */
	bool (*present)(const struct yem *e, const struct yfield *f, const void *obj);
	/* write the value (after "key: " or as a block after "key:\n" when `block`) */
	void (*emit)(struct yem *e, const struct yfield *f, const void *obj, int ind);
	bool block; /* the value is a block list on the following lines */
	/* equal values in @a and @b (NULL: compare the `size` bytes at `off`) */
	bool (*equal)(const struct yfield *f, const void *a, const void *b);
	/* JSON Schema of the value (without description/default) */
	const char *schema;
	/* the man page's "(type)" words for the key */
	const char *man_type;
};

/* YT_LIST: the array at `off` (a pointer) with its count at `n_off` (size_t). */
struct ylist {
	size_t n_off;
	size_t elem; /* element size */
	/* append one zeroed element (NULL: grow the array to fit the list once) */
	void *(*add)(void *obj);
	bool has_loc; /* each element's struct iot_loc at loc_off is its item's position */
	size_t loc_off;
};

struct yfield {
	const char *key;
	size_t klen;
	enum yt type;
	uint8_t size; /* bytes of the stored integer; YT_ACPI_ID: characters */
	uint8_t shift, width; /* YT_UINT: bit field; width 0 = the whole integer */
	uint8_t fmt; /* enum yfmt */
	uint8_t emit; /* enum yemit */
	uint8_t flags;
	uint16_t models; /* IOMMU keys: models it applies to (0 = all, any object) */
	uint16_t req; /* required for these models (YM_ALL: always; 0: optional) */
	size_t off;
	size_t has_off;
	uint64_t min, max; /* YT_UINT range (max 0 = the integer's own) */
	uint64_t dflt; /* YE_SET: the value the reader starts from */
	uint64_t mask; /* YT_BOOL flag bit */
	const char *const *words; /* YT_WORD */
	enum yref ref; /* YT_REF */
	const struct ytable *sub; /* YT_OBJ, YT_LIST; YT_HOOK: the items' table, for docs */
	const struct ylist *list; /* YT_LIST */
	const struct yhooks *hooks;
	const char *range_doc; /* "1 or 2": the message and man page range, when min > 0 */
	const char *doc; /* description: a sentence or more, plain text */
	const char *def; /* default as a JSON literal for the schema, NULL if none */
	const char *defdoc; /* default in words for the man page, NULL: from def */
};

struct ytable {
	const char *name; /* "iommus", "iommus.interrupts (smmuv3)": for docs */
	const struct yfield *f;
	size_t n;
	bool by_model; /* keys depend on the IOMMU model (iot_iommu.model) */
	const char *doc; /* the object's description */
	/* JSON Schema objects for cross-key rules, appended to the object's allOf */
	const char *schema_extra;
	/* after all keys are read: cross-key checks; may be NULL */
	void (*finish)(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj);
};

/* ---- the tables (ytables.c) ---- */

extern const struct ytable yt_top, yt_machine, yt_kernel, yt_msi_ctrl, yt_iommu, yt_root,
	yt_pci_dev, yt_platdev, yt_pmcg, yt_rmr, yt_dmar, yt_ivrs;

/* The tables the JSON Schema names in its definitions (items of lists). */
struct ydef {
	const char *name; /* "iommu", "rc-iommu-row" */
	const struct ytable *t;
};
extern const struct ydef ydefs[];
extern const size_t n_ydefs;

/* ---- the reader's services for hooks (yread.c) ---- */

struct yctx {
	const char *file;
	const struct ydoc *doc; /* for line:col of nodes */
	uint16_t origin;
	struct iot_diags *d;
	struct iot_topology *t;
	struct {
		const char *key; /* NULL: an index */
		size_t idx;
	} path[2 * IOT_YAML_MAX_DEPTH + 16];
	size_t depth;
	size_t errors;
	/* names of each kind of referable object, sorted, for yresolve() */
	struct yname_ix *ix[YREF_NR];
	size_t n_ix[YREF_NR];
	unsigned int model; /* the IOMMU model of the object being read (by_model tables) */
	/*
	 * Streaming: the document is read one section item at a time and any
	 * problem only counts (the document is then read again as a whole,
	 * which reports it); names are looked up in hash tables as they come.
	 */
	bool stream;
	struct yhash *hash[YNAME_NR];
	const struct iot_iommu *iommu; /* platform device ids: the IOMMU they are at */
};

void ypush_key(struct yctx *c, const char *key);
void ypush_index(struct yctx *c, size_t i);
void ypop(struct yctx *c);
void yerr(struct yctx *c, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct iot_loc yloc(const struct yctx *c, const struct ynode *n);
/* a node's line (for "first at line N") */
unsigned int yline(const struct yctx *c, const struct ynode *n);
const char *yshow(const struct ynode *n, char *out, size_t size);
const char *ykind_name(const struct ynode *n);

bool yget_num(struct yctx *c, const struct ynode *n, uint64_t max, uint64_t *out);
bool yget_bool(struct yctx *c, const struct ynode *n, bool *out);
bool ycheck_str(struct yctx *c, const struct ynode *n);
int yget_enum(struct yctx *c, const struct ynode *n, const char *const *words);
bool yis_seq(struct yctx *c, const struct ynode *n);
int yresolve(struct yctx *c, const struct ynode *n, enum yref k);
void ymissing(struct yctx *c, const struct ynode *m, const char *key);
/* value of @key in mapping @m, or NULL; key node with ykey() */
const struct ynode *yget(const struct ynode *m, const char *key);
const struct ynode *ykey(const struct ynode *m, const char *key);
/* only the key checks of yread_obj(): unknown and repeated keys; false if not a mapping */
bool ycheck_keys(struct yctx *c, const struct ynode *m, const struct ytable *t);
/* read mapping @m into @obj by table @t (unknown and duplicate keys, required keys) */
bool yread_obj(struct yctx *c, const struct ynode *m, const struct ytable *t, void *obj);
/* the same without reporting unknown or repeated keys (already checked) */
bool yread_fields(struct yctx *c, const struct ynode *m, const struct ytable *t, void *obj);
/* read one field's value (the key already pushed on the path) */
bool yread_field(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj);
bool yparse_bdf(const char *s, size_t len, uint8_t *bus, uint8_t *devfn);

/* ---- the writer's services for hooks (ywrite.c) ---- */

struct yem {
	struct iot_buf *b;
	const struct iot_topology *t;
	char **names[YNAME_NR]; /* the name written for each object (synthetic if it has none) */
	size_t n_names[YNAME_NR];
	bool dash; /* the next line starts a list item */
	unsigned int model; /* the IOMMU model of the object being written */
	/* the PCI tree being written (ytables.c) */
	const struct iot_pci_root *root;
	const void *tree;
	unsigned int depth;
	bool kids; /* the function being written has children */
};

/* a string, quoted only when it must be */
void yput_str(struct iot_buf *b, const char *s);
/* a string, always double-quoted, with every byte outside printable ASCII escaped */
void yput_quoted(struct iot_buf *b, const char *s);
void yput_num(struct iot_buf *b, uint64_t v, enum yfmt fmt);
/* the name written for object @i of kind @k (enum yref), NULL if there is none */
const char *yem_name(const struct yem *e, int k, int i);
/* write the fields of @t present in @obj as a flow mapping {a: 1, b: 2} */
void yemit_flow(struct yem *e, const struct ytable *t, const void *obj);
/* write the fields of @t present in @obj as block lines at indent @ind */
void yemit_block(struct yem *e, const struct ytable *t, const void *obj, int ind);
bool yfield_present(const struct yem *e, const struct yfield *f, const void *obj);

/* ---- comparison (ycompare.c) ---- */

/* every row of @t equal in @a and @b (what a round trip through YAML keeps) */
bool ytable_equal(const struct ytable *t, const void *a, const void *b);

/* ---- value access (yfield.c) ---- */

uint64_t yf_get_uint(const struct yfield *f, const void *obj);
void yf_set_uint(const struct yfield *f, void *obj, uint64_t v);
bool yf_get_bool(const struct yfield *f, const void *obj);
void yf_set_bool(const struct yfield *f, void *obj, bool v);
uint64_t yf_max(const struct yfield *f);

static inline void *yf_ptr(const struct yfield *f, void *obj)
{
	return (char *)obj + f->off;
}

static inline const void *yf_cptr(const struct yfield *f, const void *obj)
{
	return (const char *)obj + f->off;
}

/* true if field @f applies to an object of IOMMU model @model (tables by_model) */
static inline bool yf_applies(const struct yfield *f, unsigned int model)
{
	return !f->models || (f->models & (1u << model));
}

#endif
