// SPDX-License-Identifier: MIT
/*
 * Model -> canonical YAML.  Canonical means: sections and keys in one fixed
 * order, only values that differ from the reader's defaults, numbers that
 * are addresses, IDs or masks in hex and counts in decimal.  Whatever the
 * model came from (YAML, DTB, IORT, VIOT, sysfs), loading the text gives
 * back an equal model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "yaml/yaml.h"
#include "x86/x86_yaml.h"

struct names {
	char **msi, **iommu, **root, **platdev, **pmcg, **rmr;
};

struct em {
	struct iot_buf *b;
	const struct iot_topology *t;
	struct names nm;
	bool dash; /* the next line starts a list item */
};

/* ---- scalars ---- */

static bool is_special_word(const char *s)
{
	static const char *const words[] = {
		"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
		"yes",	"Yes",	"YES",	"no",	"No",	"NO",	"on",	 "On",	  "ON",
		"off",	"Off",	"OFF",	"y",	"Y",	"n",	"N",	 NULL,
	};

	for (size_t i = 0; words[i]; i++)
		if (!strcmp(s, words[i]))
			return true;
	return false;
}

/* A string that reads back as the same string without quotes. */
static bool plain_ok(const char *s)
{
	if (!s[0] || is_special_word(s))
		return false;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_' ||
	      s[0] == '/'))
		return false;
	for (const char *p = s; *p; p++) {
		char ch = *p;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || strchr("_./@+-", ch)))
			return false;
	}
	return true;
}

static void put_str(struct iot_buf *b, const char *s)
{
	if (plain_ok(s)) {
		iot_buf_adds(b, s);
		return;
	}
	iot_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			iot_buf_addc(b, '\\');
			iot_buf_addc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			iot_buf_printf(b, "\\x%02x", *p);
		} else {
			iot_buf_addc(b, (char)*p);
		}
	}
	iot_buf_addc(b, '"');
}

static void put_hex(struct iot_buf *b, uint64_t v)
{
	iot_buf_printf(b, "0x%llx", (unsigned long long)v);
}

/* ---- lines and flow collections ---- */

static void line_start(struct em *e, int ind, const char *key)
{
	if (e->dash) {
		iot_buf_printf(e->b, "%*s- ", ind - 2, "");
		e->dash = false;
	} else {
		iot_buf_printf(e->b, "%*s", ind, "");
	}
	iot_buf_printf(e->b, "%s:", key);
}

static void kv_str(struct em *e, int ind, const char *key, const char *s)
{
	line_start(e, ind, key);
	iot_buf_addc(e->b, ' ');
	put_str(e->b, s);
	iot_buf_addc(e->b, '\n');
}

static void kv_hex(struct em *e, int ind, const char *key, uint64_t v)
{
	line_start(e, ind, key);
	iot_buf_addc(e->b, ' ');
	put_hex(e->b, v);
	iot_buf_addc(e->b, '\n');
}

static void kv_dec(struct em *e, int ind, const char *key, uint64_t v)
{
	line_start(e, ind, key);
	iot_buf_printf(e->b, " %llu\n", (unsigned long long)v);
}

static void kv_bool(struct em *e, int ind, const char *key, bool v)
{
	line_start(e, ind, key);
	iot_buf_printf(e->b, " %s\n", v ? "true" : "false");
}

/* A flow mapping {a: 1, b: 2} built item by item. */
struct flow {
	struct iot_buf *b;
	int n;
};

static void fl_key(struct flow *f, const char *key)
{
	iot_buf_printf(f->b, "%s%s: ", f->n++ ? ", " : "{", key);
}

static void fl_str(struct flow *f, const char *key, const char *s)
{
	fl_key(f, key);
	put_str(f->b, s);
}

static void fl_hex(struct flow *f, const char *key, uint64_t v)
{
	fl_key(f, key);
	put_hex(f->b, v);
}

static void fl_dec(struct flow *f, const char *key, uint64_t v)
{
	fl_key(f, key);
	iot_buf_printf(f->b, "%llu", (unsigned long long)v);
}

static void fl_bool(struct flow *f, const char *key, bool v)
{
	fl_key(f, key);
	iot_buf_adds(f->b, v ? "true" : "false");
}

static void fl_end(struct flow *f)
{
	iot_buf_adds(f->b, f->n ? "}" : "{}");
}

/* ---- names ---- */

/* A set of names (open addressing), so naming n objects stays O(n). */
struct nameset {
	const char **slot;
	size_t mask;
};

static size_t name_hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static bool set_has(const struct nameset *ns, const char *s)
{
	for (size_t i = name_hash(s) & ns->mask; ns->slot[i]; i = (i + 1) & ns->mask)
		if (!strcmp(ns->slot[i], s))
			return true;
	return false;
}

static void set_add(struct nameset *ns, const char *s)
{
	size_t i = name_hash(s) & ns->mask;

	while (ns->slot[i])
		i = (i + 1) & ns->mask;
	ns->slot[i] = s;
}

/* @base, or @base-1, @base-2, ... whichever is not taken yet; recorded as taken. */
static char *unique(struct nameset *ns, char *base)
{
	char *cand = iot_strdup(base);

	for (unsigned int k = 1; set_has(ns, cand); k++) {
		free(cand);
		cand = iot_asprintf("%s-%u", base, k);
	}
	free(base);
	set_add(ns, cand);
	return cand;
}

/*
 * Unique names for @n objects.  Own names come first so that they never
 * change; objects without one get prefix+index, and clashes get "-N".
 */
static char **make_names(size_t n, const char *(*get)(const struct iot_topology *, size_t),
			 const char *(*prefix)(const struct iot_topology *, size_t),
			 const struct iot_topology *t)
{
	char **out = iot_xcalloc(n + 1, sizeof(*out));
	struct nameset ns;
	size_t size = 16;

	while (size < 2 * n + 16)
		size *= 2;
	ns.slot = iot_xcalloc(size, sizeof(*ns.slot));
	ns.mask = size - 1;
	for (size_t i = 0; i < n; i++) {
		const char *own = get(t, i);

		if (own && own[0])
			out[i] = unique(&ns, iot_strdup(own));
	}
	for (size_t i = 0; i < n; i++)
		if (!out[i])
			out[i] = unique(&ns, iot_asprintf("%s%zu", prefix(t, i), i));
	free(ns.slot);
	return out;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static const char *msi_name(const struct iot_topology *t, size_t i)
{
	return t->msis[i].name;
}

static const char *iommu_name(const struct iot_topology *t, size_t i)
{
	return t->iommus[i].name;
}

static const char *root_name(const struct iot_topology *t, size_t i)
{
	return t->roots[i].name;
}

static const char *platdev_name(const struct iot_topology *t, size_t i)
{
	return t->platdevs[i].name;
}

static const char *pmcg_name(const struct iot_topology *t, size_t i)
{
	return t->pmcgs[i].name;
}

static const char *rmr_name(const struct iot_topology *t, size_t i)
{
	return t->rmrs[i].name;
}

static const char *pfx_its(const struct iot_topology *t, size_t i)
{
	return "its";
}

static const char *pfx_iommu(const struct iot_topology *t, size_t i)
{
	switch (iot_iommu_family(t->iommus[i].model)) {
	case IOT_FAMILY_VIRTIO:
		return "viommu";
	case IOT_FAMILY_INTEL:
		return "dmar";
	case IOT_FAMILY_AMD:
		return "ivhd";
	default:
		return "smmu";
	}
}

static const char *pfx_root(const struct iot_topology *t, size_t i)
{
	return "pcie";
}

static const char *pfx_dev(const struct iot_topology *t, size_t i)
{
	return "dev";
}

static const char *pfx_pmcg(const struct iot_topology *t, size_t i)
{
	return "pmcg";
}

static const char *pfx_rmr(const struct iot_topology *t, size_t i)
{
	return "rmr";
}

static const char *target_name(char **names, size_t n, int idx)
{
	return idx >= 0 && (size_t)idx < n ? names[idx] : NULL;
}

/* ---- shared pieces ---- */

/* @msi_parent: 0 none, 1 msi-parent: true, 2 msi-parent: @arg */
static void emit_dt(struct em *e, int ind, const char *path, const char *label, uint32_t phandle,
		    const struct iot_compat *compatible, int msi_parent, uint32_t arg)
{
	struct flow f = { e->b, 0 };

	if (!path && !label && !phandle && !compatible->n && !msi_parent)
		return;
	line_start(e, ind, "dt");
	iot_buf_addc(e->b, ' ');
	if (path)
		fl_str(&f, "path", path);
	if (label)
		fl_str(&f, "label", label);
	if (phandle)
		fl_hex(&f, "phandle", phandle);
	if (compatible->n == 1) {
		fl_str(&f, "compatible", compatible->v[0]);
	} else if (compatible->n) {
		fl_key(&f, "compatible");
		for (size_t i = 0; i < compatible->n; i++) {
			iot_buf_adds(e->b, i ? ", " : "[");
			put_str(e->b, compatible->v[i]);
		}
		iot_buf_addc(e->b, ']');
	}
	if (msi_parent == 1)
		fl_bool(&f, "msi-parent", true);
	else if (msi_parent)
		fl_hex(&f, "msi-parent", arg);
	fl_end(&f);
	iot_buf_addc(e->b, '\n');
}

static void emit_msi(struct em *e, int ind, int ctrl, uint32_t devid)
{
	const char *n = target_name(e->nm.msi, e->t->n_msis, ctrl);
	struct flow f = { e->b, 0 };

	if (!n)
		return;
	line_start(e, ind, "msi");
	iot_buf_addc(e->b, ' ');
	fl_str(&f, "controller", n);
	if (e->t->msis[ctrl].type == IOT_MSI_GICV3_ITS || e->t->msis[ctrl].msi_cells)
		fl_hex(&f, "device-id", devid);
	fl_end(&f);
	iot_buf_addc(e->b, '\n');
}

static void emit_mem(struct em *e, int ind, const struct iot_memattr *a)
{
	struct flow f = { e->b, 0 };

	if (!a->coherent && !a->hints && !a->flags && !a->address_bits)
		return;
	line_start(e, ind, "memory");
	iot_buf_addc(e->b, ' ');
	if (a->coherent)
		fl_bool(&f, "coherent", true);
	if (a->hints)
		fl_hex(&f, "hints", a->hints);
	/* cpm defaults to coherent when loaded, so say it whenever it differs */
	if (a->flags & IOT_MAF_CPM)
		fl_bool(&f, "cpm", true);
	else if (a->coherent)
		fl_bool(&f, "cpm", false);
	if (a->flags & IOT_MAF_DACS)
		fl_bool(&f, "dacs", true);
	if (a->flags & IOT_MAF_CANWBS)
		fl_bool(&f, "canwbs", true);
	if (a->address_bits)
		fl_dec(&f, "address-bits", a->address_bits);
	fl_end(&f);
	iot_buf_addc(e->b, '\n');
}

/* Specifier cells of a map row's target, for the list form of dt_wide maps. */
static unsigned int target_cells(const struct em *e, const char *tkey, int target)
{
	if (!strcmp(tkey, "iommu"))
		return e->t->iommus[target].iommu_cells;
	return e->t->msis[target].msi_cells;
}

static void emit_map(struct em *e, int ind, const char *key, const struct iot_idmap *m,
		     const char *in, const char *tkey, const char *out, char **names,
		     size_t n_names)
{
	if (!m->n)
		return;
	line_start(e, ind, key);
	iot_buf_addc(e->b, '\n');
	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];
		const char *tn = target_name(names, n_names, r->target);
		struct flow f = { e->b, 0 };

		if (!tn)
			continue;
		iot_buf_printf(e->b, "%*s- ", ind + 2, "");
		if (!r->single || r->in_base || r->count) {
			fl_hex(&f, in, r->in_base);
			fl_hex(&f, "length", r->count);
		}
		fl_str(&f, tkey, tn);
		if (m->dt_wide && target_cells(e, tkey, r->target) != 1) {
			/* the whole specifier as the DT row has it: [out, tail...] */
			unsigned int cells = target_cells(e, tkey, r->target);

			fl_key(&f, out);
			iot_buf_addc(e->b, '[');
			for (unsigned int k = 0; k < cells && k <= IOT_ARRAY_SIZE(r->out_tail);
			     k++) {
				if (k)
					iot_buf_adds(e->b, ", ");
				put_hex(e->b, k ? r->out_tail[k - 1] : r->out_base);
			}
			iot_buf_addc(e->b, ']');
		} else {
			fl_hex(&f, out, r->out_base);
		}
		if (r->single)
			fl_bool(&f, "single", true);
		fl_end(&f);
		iot_buf_addc(e->b, '\n');
	}
}

static void emit_identifier(struct em *e, int ind, bool has, uint32_t id)
{
	if (has)
		kv_dec(e, ind, "identifier", id);
}

/* ---- sections ---- */

static void emit_machine(struct em *e)
{
	const struct iot_machine *m = &e->t->machine;

	if (!m->name && !m->has_oem && !m->has_iort_revision)
		return;
	iot_buf_adds(e->b, "machine:\n");
	if (m->name)
		kv_str(e, 2, "name", m->name);
	if (m->has_oem) {
		kv_str(e, 2, "oem-id", m->oem_id);
		kv_str(e, 2, "oem-table-id", m->oem_table_id);
		kv_hex(e, 2, "oem-revision", m->oem_revision);
		kv_str(e, 2, "creator-id", m->creator_id);
		kv_hex(e, 2, "creator-revision", m->creator_revision);
	}
	if (m->has_iort_revision)
		kv_dec(e, 2, "iort-revision", m->iort_revision);
}

static void emit_msis(struct em *e)
{
	if (!e->t->n_msis)
		return;
	iot_buf_adds(e->b, "msi-controllers:\n");
	for (size_t i = 0; i < e->t->n_msis; i++) {
		const struct iot_msi *x = &e->t->msis[i];

		e->dash = true;
		kv_str(e, 4, "name", e->nm.msi[i]);
		kv_str(e, 4, "type", x->type == IOT_MSI_GICV3_ITS ? "gicv3-its" : "other");
		if (x->status != IOT_STATUS_OKAY)
			kv_str(e, 4, "status", iot_status_name(x->status));
		kv_hex(e, 4, "base", x->base);
		if (x->type != IOT_MSI_GICV3_ITS)
			kv_dec(e, 4, "msi-cells", x->msi_cells);
		if (x->n_its_ids) {
			line_start(e, 4, "its-ids");
			for (size_t j = 0; j < x->n_its_ids; j++)
				iot_buf_printf(e->b, "%s%u", j ? ", " : " [", x->its_ids[j]);
			iot_buf_adds(e->b, "]\n");
		}
		emit_identifier(e, 4, x->has_identifier, x->identifier);
		emit_dt(e, 4, x->dt_path, x->dt_label, x->dt_phandle, &x->compatible, 0, 0);
	}
}

static void put_irq(struct iot_buf *b, const struct iot_irq *q)
{
	if (q->edge)
		iot_buf_printf(b, "{gsiv: %u, trigger: edge}", q->gsiv);
	else
		iot_buf_printf(b, "%u", q->gsiv);
}

static void emit_irq_list(struct iot_buf *b, struct flow *f, const char *key,
			  const struct iot_irq *v, size_t n)
{
	if (!n)
		return;
	fl_key(f, key);
	iot_buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			iot_buf_adds(b, ", ");
		put_irq(b, &v[i]);
	}
	iot_buf_addc(b, ']');
}

static void emit_iommu_irqs(struct em *e, const struct iot_iommu *u)
{
	struct flow f = { e->b, 0 };

	if (u->model == IOT_IOMMU_SMMUV3) {
		if (!u->irq_event && !u->irq_pri && !u->irq_gerror && !u->irq_sync)
			return;
		line_start(e, 4, "interrupts");
		iot_buf_addc(e->b, ' ');
		if (u->irq_event)
			fl_dec(&f, "eventq", u->irq_event);
		if (u->irq_pri)
			fl_dec(&f, "priq", u->irq_pri);
		if (u->irq_gerror)
			fl_dec(&f, "gerror", u->irq_gerror);
		if (u->irq_sync)
			fl_dec(&f, "cmdq-sync", u->irq_sync);
	} else {
		bool g = u->irq_global.gsiv || u->irq_global.edge;
		bool gc = u->irq_global_cfg.gsiv || u->irq_global_cfg.edge;

		if (!g && !gc && !u->n_irq_context && !u->n_irq_pmu)
			return;
		line_start(e, 4, "interrupts");
		iot_buf_addc(e->b, ' ');
		if (g) {
			fl_key(&f, "global");
			put_irq(e->b, &u->irq_global);
		}
		if (gc) {
			fl_key(&f, "global-cfg");
			put_irq(e->b, &u->irq_global_cfg);
		}
		emit_irq_list(e->b, &f, "context", u->irq_context, u->n_irq_context);
		emit_irq_list(e->b, &f, "pmu", u->irq_pmu, u->n_irq_pmu);
	}
	fl_end(&f);
	iot_buf_addc(e->b, '\n');
}

static void emit_iommu(struct em *e, size_t i)
{
	static const char *const impls[] = { "generic", "hisilicon-hi161x", "cavium-cn99xx" };
	const struct iot_iommu *u = &e->t->iommus[i];
	bool v3 = u->model == IOT_IOMMU_SMMUV3;
	bool v2 = iot_iommu_is_smmuv2_family(u->model);

	e->dash = true;
	kv_str(e, 4, "name", e->nm.iommu[i]);
	kv_str(e, 4, "model", iot_iommu_model_name(u->model));
	if (u->status != IOT_STATUS_OKAY)
		kv_str(e, 4, "status", iot_status_name(u->status));
	if (u->model != IOT_IOMMU_VIRTIO_PCI) {
		kv_hex(e, 4, "base", u->base);
		if (u->size)
			kv_hex(e, 4, "size", u->size);
	}
	if (u->coherent)
		kv_bool(e, 4, "coherent", true);
	emit_identifier(e, 4, u->has_identifier, u->identifier);
	if (u->has_pxm)
		kv_dec(e, 4, "proximity-domain", u->pxm);
	if (v3 && u->impl < IOT_ARRAY_SIZE(impls) && u->impl)
		kv_str(e, 4, "implementation", impls[u->impl]);
	else if (v3 && u->impl)
		kv_dec(e, 4, "implementation", u->impl);
	if (v3 && u->httu)
		kv_dec(e, 4, "httu-override", u->httu);
	if (v3 && u->vatos)
		kv_hex(e, 4, "vatos", u->vatos);
	if (v3 || v2)
		emit_iommu_irqs(e, u);
	if (v2 && u->dvm)
		kv_bool(e, 4, "dvm", true);
	if ((v2 && u->iommu_cells != 1) || u->model == IOT_IOMMU_OTHER)
		kv_dec(e, 4, "iommu-cells", u->iommu_cells);
	if (v2 && u->has_stream_match_mask)
		kv_hex(e, 4, "stream-match-mask", u->stream_match_mask);
	emit_msi(e, 4, u->msi_controller, u->msi_device_id);
	if (v3 || v2) {
		emit_map(e, 4, "msi-map", &u->msi_map, "id-base", "msi", "msi-base", e->nm.msi,
			 e->t->n_msis);
		if (u->msi_map.has_mask)
			kv_hex(e, 4, "msi-map-mask", u->msi_map.mask);
	}
	if (u->model == IOT_IOMMU_VIRTIO_PCI ||
	    ((u->model == IOT_IOMMU_INTEL_VTD || u->model == IOT_IOMMU_AMD_VI) &&
	     (u->pci_segment || u->pci_bdf))) {
		struct flow f = { e->b, 0 };
		char bdf[8];

		iot_bdf_format(bdf, (uint8_t)(u->pci_bdf >> 8), (uint8_t)u->pci_bdf);
		line_start(e, 4, "pci");
		iot_buf_addc(e->b, ' ');
		fl_dec(&f, "segment", u->pci_segment);
		fl_str(&f, "bdf", bdf);
		fl_end(&f);
		iot_buf_addc(e->b, '\n');
	}
	iot_x86_yaml_iommu(e->b, 4, u);
	emit_dt(e, 4, u->dt_path, u->dt_label, u->dt_phandle, &u->compatible, 0, 0);
}

static void put_acs(struct iot_buf *b, uint16_t bits)
{
	static const char *const words[] = { "sv", "tb", "rr", "cr", "uf", "ec", "dt" };
	int n = 0;

	iot_buf_addc(b, '[');
	for (size_t i = 0; i < IOT_ARRAY_SIZE(words); i++)
		if (bits & (1u << i))
			iot_buf_printf(b, "%s%s", n++ ? ", " : "", words[i]);
	iot_buf_addc(b, ']');
}

/* Children of each function, in model order: built once per root, O(n). */
struct tree {
	int *first; /* per function: first child, or -1 */
	int *next; /* per function: next sibling, or -1 */
	int top; /* first function on the root bus, or -1 */
};

static void tree_build(struct tree *tr, const struct iot_pci_root *r)
{
	tr->first = iot_xmalloc((r->n_devs + 1) * sizeof(int));
	tr->next = iot_xmalloc((r->n_devs + 1) * sizeof(int));
	tr->top = -1;
	for (size_t i = 0; i < r->n_devs; i++)
		tr->first[i] = -1;
	for (size_t k = r->n_devs; k-- > 0;) {
		int p = r->devs[k].parent;

		if (p >= 0 && (size_t)p < r->n_devs && (size_t)p != k) {
			tr->next[k] = tr->first[p];
			tr->first[p] = (int)k;
		} else {
			tr->next[k] = tr->top;
			tr->top = (int)k;
		}
	}
}

static void emit_dev(struct em *e, const struct iot_pci_root *r, const struct tree *tr, size_t i,
		     int ind, unsigned int depth);

static void emit_children(struct em *e, const struct iot_pci_root *r, const struct tree *tr,
			  int head, int ind, unsigned int depth)
{
	for (int j = head; j >= 0; j = tr->next[j]) {
		e->dash = true;
		emit_dev(e, r, tr, (size_t)j, ind, depth);
	}
}

static void emit_dev(struct em *e, const struct iot_pci_root *r, const struct tree *tr, size_t i,
		     int ind, unsigned int depth)
{
	const struct iot_pci_dev *pd = &r->devs[i];
	bool kids = tr->first[i] >= 0;
	char bdf[8];

	iot_bdf_format(bdf, pd->bus, pd->devfn);
	line_start(e, ind, "bdf");
	iot_buf_printf(e->b, " \"%s\"\n", bdf);
	kv_str(e, ind, "type", iot_pci_type_name(pd->type));
	if (pd->has_ids) {
		line_start(e, ind, "id");
		iot_buf_printf(e->b, " \"%04x:%04x\"\n", pd->vendor, pd->device);
	}
	if (pd->class_code) {
		line_start(e, ind, "class");
		iot_buf_printf(e->b, " 0x%06x\n", pd->class_code);
	}
	if (pd->revision)
		kv_hex(e, ind, "revision", pd->revision);
	if (pd->subsystem_vendor || pd->subsystem_device) {
		line_start(e, ind, "subsystem-id");
		iot_buf_printf(e->b, " \"%04x:%04x\"\n", pd->subsystem_vendor,
			       pd->subsystem_device);
	}
	if (pd->multifunction)
		kv_bool(e, ind, "multifunction", true);
	if (pd->has_acs) {
		line_start(e, ind, "acs");
		iot_buf_addc(e->b, ' ');
		put_acs(e->b, pd->acs_cap);
		iot_buf_addc(e->b, '\n');
	}
	if (pd->acs_ctrl_set) {
		line_start(e, ind, "acs-ctrl");
		iot_buf_addc(e->b, ' ');
		put_acs(e->b, pd->acs_ctrl);
		iot_buf_addc(e->b, '\n');
	}
	if (iot_pci_type_is_bridge(pd->type) && (kids || pd->secondary || pd->subordinate)) {
		kv_hex(e, ind, "secondary", pd->secondary);
		kv_hex(e, ind, "subordinate", pd->subordinate);
	}
	if (pd->sriov_total_vfs || pd->sriov_num_vfs || pd->sriov_offset || pd->sriov_stride) {
		struct flow f = { e->b, 0 };

		line_start(e, ind, "sriov");
		iot_buf_addc(e->b, ' ');
		fl_dec(&f, "total-vfs", pd->sriov_total_vfs);
		fl_dec(&f, "num-vfs", pd->sriov_num_vfs);
		fl_dec(&f, "offset", pd->sriov_offset);
		fl_dec(&f, "stride", pd->sriov_stride);
		fl_end(&f);
		iot_buf_addc(e->b, '\n');
	}
	if (pd->is_vf)
		kv_bool(e, ind, "vf", true);
	if (pd->driver_known)
		kv_str(e, ind, "driver", pd->driver ? pd->driver : "none");
	if (pd->external_facing)
		kv_bool(e, ind, "external-facing", true);
	/* the reader's depth limit bounds what can be read back; stop the same way */
	if (kids && iot_pci_type_is_bridge(pd->type) && depth < IOT_YAML_MAX_PCI_DEPTH) {
		line_start(e, ind, "children");
		iot_buf_addc(e->b, '\n');
		emit_children(e, r, tr, tr->first[i], ind + 4, depth + 1);
	}
}

static void emit_root(struct em *e, size_t i)
{
	const struct iot_pci_root *r = &e->t->roots[i];

	e->dash = true;
	kv_str(e, 4, "name", e->nm.root[i]);
	if (r->status != IOT_STATUS_OKAY)
		kv_str(e, 4, "status", iot_status_name(r->status));
	kv_dec(e, 4, "segment", r->segment);
	line_start(e, 4, "buses");
	iot_buf_printf(e->b, " [0x%02x, 0x%02x]\n", r->bus_start, r->bus_end);
	if (r->ecam)
		kv_hex(e, 4, "ecam", r->ecam);
	if (r->ats)
		kv_bool(e, 4, "ats", true);
	if (r->pri)
		kv_bool(e, 4, "pri", true);
	if (r->pasid)
		kv_bool(e, 4, "pasid", true);
	if (r->pasid_fwd)
		kv_bool(e, 4, "pasid-fwd", true);
	if (r->pasid_bits)
		kv_dec(e, 4, "pasid-bits", r->pasid_bits);
	if (r->preserve_config)
		kv_bool(e, 4, "preserve-config", true);
	emit_mem(e, 4, &r->mem);
	emit_identifier(e, 4, r->has_identifier, r->identifier);
	emit_map(e, 4, "iommu-map", &r->iommu_map, "rid-base", "iommu", "iommu-base", e->nm.iommu,
		 e->t->n_iommus);
	if (r->iommu_map.has_mask)
		kv_hex(e, 4, "iommu-map-mask", r->iommu_map.mask);
	emit_map(e, 4, "msi-map", &r->msi_map, "rid-base", "msi", "msi-base", e->nm.msi,
		 e->t->n_msis);
	if (r->msi_map.has_mask)
		kv_hex(e, 4, "msi-map-mask", r->msi_map.mask);
	emit_dt(e, 4, r->dt_path, r->dt_label, 0, &r->compatible,
		r->dt_msi_parent ? 1 + r->dt_msi_parent_has_arg : 0, r->dt_msi_parent_arg);
	if (r->acpi_path) {
		struct flow f = { e->b, 0 };

		line_start(e, 4, "acpi");
		iot_buf_addc(e->b, ' ');
		fl_str(&f, "path", r->acpi_path);
		fl_end(&f);
		iot_buf_addc(e->b, '\n');
	}
	if (r->n_devs) {
		struct tree tr;

		tree_build(&tr, r);
		line_start(e, 4, "devices");
		iot_buf_addc(e->b, '\n');
		emit_children(e, r, &tr, tr.top, 8, 0);
		free(tr.first);
		free(tr.next);
	}
}

static void emit_platdev(struct em *e, size_t i)
{
	const struct iot_platdev *p = &e->t->platdevs[i];

	e->dash = true;
	kv_str(e, 4, "name", e->nm.platdev[i]);
	if (p->status != IOT_STATUS_OKAY)
		kv_str(e, 4, "status", iot_status_name(p->status));
	emit_dt(e, 4, p->dt_path, NULL, 0, &p->compatible, 0, 0);
	if (p->acpi_path) {
		struct flow f = { e->b, 0 };

		line_start(e, 4, "acpi");
		iot_buf_addc(e->b, ' ');
		fl_str(&f, "path", p->acpi_path);
		fl_end(&f);
		iot_buf_addc(e->b, '\n');
	}
	if (p->n_iommus) {
		line_start(e, 4, "iommus");
		iot_buf_addc(e->b, '\n');
		for (size_t j = 0; j < p->n_iommus; j++) {
			const struct iot_dev_iommu *di = &p->iommus[j];
			const char *tn = target_name(e->nm.iommu, e->t->n_iommus, di->iommu);

			if (!tn)
				continue;
			iot_buf_printf(e->b, "      - {iommu: ");
			put_str(e->b, tn);
			if (di->n_cells) {
				/* #iommu-cells 3 or more: each ID the whole specifier */
				unsigned int w = e->t->iommus[di->iommu].iommu_cells;

				iot_buf_adds(e->b, ", ids: [");
				for (size_t k = 0; w && k < di->n_cells; k++)
					iot_buf_printf(e->b, "%s0x%x%s",
						       k % w ? ", " :
						       k     ? ", [" :
							       "[",
						       di->cells[k], k % w == w - 1 ? "]" : "");
				iot_buf_adds(e->b, "]}\n");
				continue;
			}
			if (!di->n_ids) { /* #iommu-cells 0 */
				iot_buf_adds(e->b, "}\n");
				continue;
			}
			iot_buf_adds(e->b, ", ids: [");
			for (size_t k = 0; k < di->n_ids; k++) {
				if (k)
					iot_buf_adds(e->b, ", ");
				if (di->ids[k].has_mask)
					iot_buf_printf(e->b, "{id: 0x%x, mask: 0x%x}",
						       di->ids[k].id, di->ids[k].mask);
				else
					iot_buf_printf(e->b, "0x%x", di->ids[k].id);
			}
			iot_buf_adds(e->b, "]}\n");
		}
	}
	emit_msi(e, 4, p->msi_controller, p->msi_device_id);
	emit_mem(e, 4, &p->mem);
	if (p->nc_flags & 1)
		kv_bool(e, 4, "stall", true);
	if ((p->nc_flags >> 1) & 0x1f)
		kv_dec(e, 4, "pasid-bits", (p->nc_flags >> 1) & 0x1f);
	emit_identifier(e, 4, p->has_identifier, p->identifier);
	if (p->driver_known)
		kv_str(e, 4, "driver", p->driver ? p->driver : "none");
}

static void emit_pmcg(struct em *e, size_t i)
{
	const struct iot_pmcg *p = &e->t->pmcgs[i];
	const char *u = target_name(e->nm.iommu, e->t->n_iommus, p->iommu);
	const char *dv = target_name(e->nm.platdev, e->t->n_platdevs, p->platdev);

	e->dash = true;
	kv_str(e, 4, "name", e->nm.pmcg[i]);
	kv_hex(e, 4, "page0", p->page0);
	if (p->page1)
		kv_hex(e, 4, "page1", p->page1);
	if (p->gsiv)
		kv_dec(e, 4, "gsiv", p->gsiv);
	if (u)
		kv_str(e, 4, "iommu", u);
	else if (dv)
		kv_str(e, 4, "device", dv);
	emit_msi(e, 4, p->msi_controller, p->msi_device_id);
	emit_identifier(e, 4, p->has_identifier, p->identifier);
}

static void emit_rmr(struct em *e, size_t i)
{
	const struct iot_rmr *x = &e->t->rmrs[i];

	e->dash = true;
	kv_str(e, 4, "name", e->nm.rmr[i]);
	if (x->remap_permitted)
		kv_bool(e, 4, "remap-permitted", true);
	if (x->privileged)
		kv_bool(e, 4, "privileged", true);
	if (x->access)
		kv_hex(e, 4, "access", x->access);
	line_start(e, 4, "ranges");
	if (!x->n_ranges)
		iot_buf_adds(e->b, " []");
	iot_buf_addc(e->b, '\n');
	for (size_t j = 0; j < x->n_ranges; j++)
		iot_buf_printf(e->b, "      - {base: 0x%llx, length: 0x%llx}\n",
			       (unsigned long long)x->ranges[j].base,
			       (unsigned long long)x->ranges[j].length);
	if (x->ids.n)
		emit_map(e, 4, "ids", &x->ids, "id-base", "iommu", "iommu-base", e->nm.iommu,
			 e->t->n_iommus);
	else
		iot_buf_adds(e->b, "    ids: []\n");
	if (x->ids.has_mask)
		kv_hex(e, 4, "ids-mask", x->ids.mask);
	emit_identifier(e, 4, x->has_identifier, x->identifier);
}

void iot_yaml_emit(const struct iot_topology *t, struct iot_buf *out)
{
	struct em e = { .b = out, .t = t };

	e.nm.msi = make_names(t->n_msis, msi_name, pfx_its, t);
	e.nm.iommu = make_names(t->n_iommus, iommu_name, pfx_iommu, t);
	e.nm.root = make_names(t->n_roots, root_name, pfx_root, t);
	e.nm.platdev = make_names(t->n_platdevs, platdev_name, pfx_dev, t);
	e.nm.pmcg = make_names(t->n_pmcgs, pmcg_name, pfx_pmcg, t);
	e.nm.rmr = make_names(t->n_rmrs, rmr_name, pfx_rmr, t);

	iot_buf_printf(out, "iotopo: %d\n", IOT_FORMAT_VERSION);
	/* the firmware read (or chosen), unless loading the text would default to it */
	if ((t->firmware.kind == IOT_FW_MODEL && t->firmware.boot != IOT_FW_UNKNOWN) ||
	    iot_topology_boot_firmware(t) != iot_topology_default_firmware(t))
		iot_buf_printf(out, "firmware: %s\n",
			       iot_fw_kind_name(iot_topology_boot_firmware(t)));
	emit_machine(&e);
	emit_msis(&e);
	if (t->n_iommus)
		iot_buf_adds(out, "iommus:\n");
	for (size_t i = 0; i < t->n_iommus; i++)
		emit_iommu(&e, i);
	if (t->n_roots)
		iot_buf_adds(out, "pci-roots:\n");
	for (size_t i = 0; i < t->n_roots; i++)
		emit_root(&e, i);
	if (t->n_platdevs)
		iot_buf_adds(out, "platform-devices:\n");
	for (size_t i = 0; i < t->n_platdevs; i++)
		emit_platdev(&e, i);
	if (t->n_pmcgs)
		iot_buf_adds(out, "pmcgs:\n");
	for (size_t i = 0; i < t->n_pmcgs; i++)
		emit_pmcg(&e, i);
	if (t->n_rmrs)
		iot_buf_adds(out, "rmrs:\n");
	for (size_t i = 0; i < t->n_rmrs; i++)
		emit_rmr(&e, i);
	iot_x86_yaml_tables(out, t);
	if (t->kernel.version || t->kernel.cmdline) {
		iot_buf_adds(out, "kernel:\n");
		if (t->kernel.version)
			kv_str(&e, 2, "version", t->kernel.version);
		if (t->kernel.cmdline)
			kv_str(&e, 2, "cmdline", t->kernel.cmdline);
	}

	free_names(e.nm.msi, t->n_msis);
	free_names(e.nm.iommu, t->n_iommus);
	free_names(e.nm.root, t->n_roots);
	free_names(e.nm.platdev, t->n_platdevs);
	free_names(e.nm.pmcg, t->n_pmcgs);
	free_names(e.nm.rmr, t->n_rmrs);
}
