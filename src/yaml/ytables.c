// SPDX-License-Identifier: MIT
/*
 * The YAML topology format, one table per object (see yfield.h).  Row order
 * is the order the writer emits keys in.  Rows whose value is not one plain
 * type (a BDF string, an ID-map row list, the PCI tree) carry hooks; they
 * follow the tables they serve.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/tables.h"
#include "util/mem.h"
#include "x86/x86.h"
#include "yaml/yaml.h"
#include "yaml/yfield.h"

#define K(k) .key = (k), .klen = sizeof(k) - 1
#define AT(T, m) .off = offsetof(T, m), .size = sizeof(((T *)0)->m)
#define HAS(T, m) .flags = YF_HAS, .has_off = offsetof(T, m), .emit = YE_HAS
#define TABLE(name_, rows_, ...)                                                       \
	{                                                                              \
		.name = (name_), .f = (rows_), .n = IOT_ARRAY_SIZE(rows_), __VA_ARGS__ \
	}

/* tables and lists used before their rows are written out */
static const struct ytable yt_dmar_scope, yt_ivhd_entry;
static const struct ylist unit_scopes_list;

/* ---- value hooks shared by several tables ---- */

static const char *const status_words[] = { "okay", "disabled", "no-driver", NULL };

/* name: set by the first pass (yread.c), written from the writer's unique names */
static bool name_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	return true;
}

static void emit_name(struct yem *e, int k, size_t i)
{
	yput_str(e->b, yem_name(e, k, (int)i));
}

static void msi_name_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	emit_name(e, YREF_MSI, (size_t)((const struct iot_msi *)obj - e->t->msis));
}

static void iommu_name_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	emit_name(e, YREF_IOMMU, (size_t)((const struct iot_iommu *)obj - e->t->iommus));
}

static void platdev_name_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	emit_name(e, YREF_PLATDEV, (size_t)((const struct iot_platdev *)obj - e->t->platdevs));
}

static void root_name_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	emit_name(e, YNAME_ROOT, (size_t)((const struct iot_pci_root *)obj - e->t->roots));
}

static void pmcg_name_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	emit_name(e, YNAME_PMCG, (size_t)((const struct iot_pmcg *)obj - e->t->pmcgs));
}

static void rmr_name_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	emit_name(e, YNAME_RMR, (size_t)((const struct iot_rmr *)obj - e->t->rmrs));
}

static bool always(const struct yem *e, const struct yfield *f, const void *obj)
{
	return true;
}

static bool str_equal(const struct yfield *f, const void *a, const void *b)
{
	const char *x = *(const char *const *)yf_cptr(f, a);
	const char *y = *(const char *const *)yf_cptr(f, b);

	return (!x && !y) || (x && y && !strcmp(x, y));
}

#define NAME_HOOKS(var, emitfn)                                                            \
	static const struct yhooks var = { .parse = name_parse,                            \
					   .present = always,                              \
					   .emit = emitfn,                                 \
					   .equal = str_equal,                             \
					   .schema = "{\"$ref\": \"#/definitions/name\"}", \
					   .man_type = "name, required" }
NAME_HOOKS(msi_name_hooks, msi_name_emit);
NAME_HOOKS(iommu_name_hooks, iommu_name_emit);
NAME_HOOKS(platdev_name_hooks, platdev_name_emit);
NAME_HOOKS(root_name_hooks, root_name_emit);
NAME_HOOKS(pmcg_name_hooks, pmcg_name_emit);
NAME_HOOKS(rmr_name_hooks, rmr_name_emit);

#define NAME_ROW(T, hooks_)                                                                       \
	{                                                                                         \
		K("name"),                                                                        \
			.type = YT_HOOK, AT(T, name), .hooks = &(hooks_), .flags = YF_DOCREQ,     \
			.doc = "The object's name, unique among objects of its kind; references " \
			       "name it."                                                         \
	}

/* driver: a name, or "none" for no driver; absent: unknown */
static bool driver_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	char **drv = yf_ptr(f, obj);
	bool *known = (bool *)((char *)obj + f->has_off);

	if (!ycheck_str(c, v))
		return false;
	*known = true;
	free(*drv);
	*drv = strcmp(v->s, "none") ? iot_strndup(v->s, v->len) : NULL;
	return true;
}

static bool driver_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return *(const bool *)((const char *)obj + f->has_off);
}

static void driver_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const char *drv = *(const char *const *)yf_cptr(f, obj);

	yput_str(e->b, drv ? drv : "none");
}

static bool driver_equal(const struct yfield *f, const void *a, const void *b)
{
	return str_equal(f, a, b) && *(const bool *)((const char *)a + f->has_off) ==
					     *(const bool *)((const char *)b + f->has_off);
}

static const struct yhooks driver_hooks = { .parse = driver_parse,
					    .present = driver_present,
					    .emit = driver_emit,
					    .equal = driver_equal,
					    .schema = "{\"$ref\": \"#/definitions/string\"}",
					    .man_type = "string" };

#define DRIVER_ROW(T)                                                                                       \
	{                                                                                                   \
		K("driver"),                                                                                \
			.type = YT_HOOK, AT(T, driver), .has_off = offsetof(T, driver_known),               \
			.hooks = &driver_hooks,                                                             \
			.doc = "The bound driver, or none for no driver.  Default: unknown (the simulator " \
			       "assumes one binds)."                                                        \
	}

#define IDENT_ROW(T)                                                                              \
	{                                                                                         \
		K("identifier"), .type = YT_UINT, AT(T, identifier), HAS(T, has_identifier),      \
				 .doc = "IORT node identifier.  Default: assigned by the writer." \
	}

/* dt: {path, label, phandle, compatible}: a path starts with '/' */
static bool dt_path_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	char **dst = yf_ptr(f, obj);

	if (!ycheck_str(c, v))
		return false;
	iot_topology_free_str(c->t, *dst);
	*dst = iot_topology_strndup(c->t, v->s, v->len);
	if (v->s[0] != '/') {
		yerr(c, v, "a DT path starts with '/'");
		return false;
	}
	return true;
}

static bool str_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return *(const char *const *)yf_cptr(f, obj) != NULL;
}

static void str_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	yput_str(e->b, *(const char *const *)yf_cptr(f, obj));
}

static const struct yhooks dt_path_hooks = { .parse = dt_path_parse,
					     .present = str_present,
					     .emit = str_emit,
					     .equal = str_equal,
					     .schema = "{\"$ref\": \"#/definitions/dt-path\"}",
					     .man_type = "string" };

/* Item @i of list @l as a number, with "[i]" on the key path. */
static bool item_num(struct yctx *c, const struct ynode *l, size_t i, uint64_t max, uint64_t *out)
{
	bool ok;

	ypush_index(c, i);
	ok = yget_num(c, yseq_item(l, i), max, out);
	ypop(c);
	return ok;
}

/* Specifier cells of a map row's target (for the list form of dt_wide rows). */
static unsigned int target_cells(const struct iot_topology *t, enum yref kind, int target)
{
	return kind == YREF_IOMMU ? t->iommus[target].iommu_cells : t->msis[target].msi_cells;
}

/* compatible: one string, or the list in the property's order */
static bool compat_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_compat *out = yf_ptr(f, obj);
	bool ok = true;
	size_t i = 0;

	iot_compat_free_in(c->t, out);
	if (v->kind != YN_SEQ) {
		if (!ycheck_str(c, v))
			return false;
		iot_compat_init_in(c->t, out, 1);
		iot_compat_add_in(c->t, out, v->s, v->len);
		return true;
	}
	if (!v->n) {
		yerr(c, v, "an empty compatible list: leave the key out");
		return false;
	}
	iot_compat_init_in(c->t, out, v->n);
	YSEQ_FOR(it, v)
	{
		ypush_index(c, i++);
		if (ycheck_str(c, it))
			iot_compat_add_in(c->t, out, it->s, it->len);
		else
			ok = false;
		ypop(c);
	}
	return ok;
}

static bool compat_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_compat *)yf_cptr(f, obj))->n != 0;
}

static void compat_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_compat *c = yf_cptr(f, obj);

	if (c->n == 1) {
		yput_str(e->b, c->v[0]);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		iot_buf_adds(e->b, i ? ", " : "[");
		yput_str(e->b, c->v[i]);
	}
	iot_buf_addc(e->b, ']');
}

static bool compat_equal(const struct yfield *f, const void *a, const void *b)
{
	return iot_compat_equal(yf_cptr(f, a), yf_cptr(f, b));
}

static const struct yhooks compat_hooks = {
	.parse = compat_parse,
	.present = compat_present,
	.emit = compat_emit,
	.equal = compat_equal,
	.schema = "{\"oneOf\": [{\"$ref\": \"#/definitions/string\"}, {\"type\": \"array\", "
		  "\"minItems\": 1, \"items\": {\"$ref\": \"#/definitions/string\"}}]}",
	.man_type = "string or list of strings",
};

#define DT_COMPAT_ROW(T)                                                                                      \
	{                                                                                                     \
		K("compatible"),                                                                              \
			.type = YT_HOOK, AT(T, compatible), .hooks = &compat_hooks,                           \
			.doc = "The node's compatible strings as the DT has them, most specific first (one "  \
			       "string or a list); the DT outputs write them instead of the model's generic " \
			       "compatible.  Default: none (the model's generic compatible)."                 \
	}

#define DT_PATH_ROW(T)                                                                                     \
	{                                                                                                  \
		K("path"),                                                                                 \
			.type = YT_HOOK, AT(T, dt_path), .hooks = &dt_path_hooks,                          \
			.doc = "The node's full path in the Device Tree, starting with /; the DT outputs " \
			       "use it to name and place the node.  Default: none."                        \
	}
#define DT_LABEL_ROW(T)                                                                                     \
	{                                                                                                   \
		K("label"),                                                                                 \
			.type = YT_STR, AT(T, dt_label),                                                    \
			.doc = "The node's DT label, for &label references in a .dtsi written against the " \
			       "board.  Default: none."                                                     \
	}
#define DT_PHANDLE_ROW(T)                                                                     \
	{                                                                                     \
		K("phandle"), .type = YT_UINT, AT(T, dt_phandle), .max = 0xfffffffe,          \
			      .fmt = YX_HEX, .doc = "The node's phandle as read from a DTB.", \
			      .def = "0", .defdoc = "0, meaning the writer allocates one"     \
	}

/*
 * dt.msi-parent-more: the DT msi-parent entries after the first, as written:
 * each controller's name followed by its #msi-cells cells, in property order
 * ([msi2, msi3] for <&msi1>, <&msi2>, <&msi3>).
 */
static bool msi_more_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_msi_specs *out = yf_ptr(f, obj);
	struct iot_msi_spec *e = NULL;
	size_t i = 0;
	bool ok = true;

	iot_msi_specs_free(out);
	if (v->kind != YN_SEQ || !v->n) {
		yerr(c, v, "expected a list of MSI controller names, each followed by its cells");
		return false;
	}
	YSEQ_FOR(it, v)
	{
		uint64_t x;

		ypush_index(c, i++);
		if (it->kind == YN_SCALAR && it->plain && it->s[0] >= '0' && it->s[0] <= '9') {
			if (!e) {
				yerr(c, it, "a cell before any MSI controller name");
				ok = false;
			} else if (yget_num(c, it, UINT32_MAX, &x)) {
				if (e->n_cells < IOT_MSI_SPEC_MAX_CELLS)
					e->cells[e->n_cells] = (uint32_t)x;
				e->n_cells++;
			} else {
				ok = false;
			}
		} else {
			int m = yresolve(c, it, YREF_MSI);

			e = m == IOT_NONE ? NULL : iot_msi_specs_add(out, m);
			ok &= m != IOT_NONE;
		}
		ypop(c);
	}
	for (size_t k = 0; ok && k < out->n; k++) {
		const struct iot_msi *m = &c->t->msis[out->v[k].msi];
		unsigned int want = m->type == IOT_MSI_GICV3_ITS ? 1 : m->msi_cells;

		if (out->v[k].n_cells != want) {
			yerr(c, v, "%s takes %u cell%s after its name (#msi-cells), not %u",
			     m->name, want, want == 1 ? "" : "s", out->v[k].n_cells);
			ok = false;
		}
	}
	return ok;
}

static bool msi_more_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_msi_specs *)yf_cptr(f, obj))->n != 0;
}

static void msi_more_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_msi_specs *s = yf_cptr(f, obj);

	iot_buf_addc(e->b, '[');
	for (size_t i = 0; i < s->n; i++) {
		if (i)
			iot_buf_adds(e->b, ", ");
		yput_str(e->b, yem_name(e, YREF_MSI, s->v[i].msi));
		for (unsigned int k = 0; k < s->v[i].n_cells; k++)
			iot_buf_printf(e->b, ", 0x%x", s->v[i].cells[k]);
	}
	iot_buf_addc(e->b, ']');
}

static bool msi_more_equal(const struct yfield *f, const void *a, const void *b)
{
	return iot_msi_specs_equal(yf_cptr(f, a), yf_cptr(f, b));
}

static const struct yhooks msi_more_hooks = {
	.parse = msi_more_parse,
	.present = msi_more_present,
	.emit = msi_more_emit,
	.equal = msi_more_equal,
	.schema = "{\"type\": \"array\", \"minItems\": 1, \"items\": {\"anyOf\": "
		  "[{\"$ref\": \"#/definitions/name\"}, {\"$ref\": \"#/definitions/u32\"}]}}",
	.man_type = "list",
};

#define MSI_MORE_ROW(T)                                                                          \
	{                                                                                        \
		K("msi-parent-more"),                                                            \
			.type = YT_HOOK, AT(T, dt_msi_parent_more), .hooks = &msi_more_hooks,    \
			.doc = "DT msi-parent entries after the first, in property order: each " \
			       "MSI controller's name followed by its #msi-cells cells "         \
			       "(Layerscape's <&msi1>, <&msi2>, <&msi3> keeps [msi2, msi3] "     \
			       "here).  Linux uses the first entry; the others are kept so the " \
			       "property survives a round trip.  Default: none."                 \
	}

static const struct yfield msi_dt_rows[] = {
	DT_PATH_ROW(struct iot_msi),
	DT_LABEL_ROW(struct iot_msi),
	DT_PHANDLE_ROW(struct iot_msi),
	DT_COMPAT_ROW(struct iot_msi),
};
static const struct ytable yt_msi_dt =
	TABLE("msi-controllers.dt", msi_dt_rows, .doc = "Device Tree naming of the ITS node.");

static const struct yfield iommu_dt_rows[] = {
	DT_PATH_ROW(struct iot_iommu),	  DT_LABEL_ROW(struct iot_iommu),
	DT_PHANDLE_ROW(struct iot_iommu), DT_COMPAT_ROW(struct iot_iommu),
	MSI_MORE_ROW(struct iot_iommu),
};
static const struct ytable yt_iommu_dt = TABLE("iommus.dt", iommu_dt_rows, .by_model = true,
					       .doc = "Device Tree naming of the IOMMU node.");

/* a host bridge's msi-parent: [controller] or [controller, cell] */
static bool msi_parent_parse(struct yctx *c, const struct yfield *f, const struct ynode *mp,
			     void *obj)
{
	struct iot_pci_root *r = obj;
	uint64_t x;

	if (mp->kind != YN_SEQ || mp->n < 1 || mp->n > 2) {
		yerr(c, mp, "expected [msi-controller] or [msi-controller, cell]");
		return false;
	}
	ypush_index(c, 0);
	r->dt_msi_parent_msi = yresolve(c, mp + 1, YREF_MSI);
	ypop(c);
	if (mp->n == 2 && item_num(c, mp, 1, UINT32_MAX, &x)) {
		r->dt_msi_parent_has_arg = true;
		r->dt_msi_parent_arg = (uint32_t)x;
	}
	/* no msi-map: the controller sees the RID (of_msi_map_id) */
	if (r->dt_msi_parent_msi != IOT_NONE && !r->msi_map.n)
		iot_idmap_add(&r->msi_map, 0, 0x10000, r->dt_msi_parent_msi, 0)->loc = yloc(c, mp);
	return true;
}

static bool msi_parent_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_pci_root *r = obj;

	return yem_name(e, YREF_MSI, r->dt_msi_parent_msi) != NULL;
}

static void msi_parent_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_pci_root *r = obj;

	iot_buf_addc(e->b, '[');
	yput_str(e->b, yem_name(e, YREF_MSI, r->dt_msi_parent_msi));
	if (r->dt_msi_parent_has_arg)
		iot_buf_printf(e->b, ", 0x%x", r->dt_msi_parent_arg);
	iot_buf_addc(e->b, ']');
}

static bool msi_parent_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_pci_root *x = a, *y = b;

	return x->dt_msi_parent_msi == y->dt_msi_parent_msi &&
	       x->dt_msi_parent_has_arg == y->dt_msi_parent_has_arg &&
	       x->dt_msi_parent_arg == y->dt_msi_parent_arg;
}

static const struct yhooks msi_parent_hooks = {
	.parse = msi_parent_parse,
	.present = msi_parent_present,
	.emit = msi_parent_emit,
	.equal = msi_parent_equal,
	.schema = "{\"type\": \"array\", \"minItems\": 1, \"maxItems\": 2, \"items\": "
		  "[{\"$ref\": \"#/definitions/name\"}, {\"$ref\": \"#/definitions/u32\"}]}",
	.man_type = "list",
};

static const struct yfield root_dt_rows[] = {
	DT_PATH_ROW(struct iot_pci_root),
	DT_LABEL_ROW(struct iot_pci_root),
	DT_COMPAT_ROW(struct iot_pci_root),
	{ K("msi-parent"), .type = YT_HOOK, .hooks = &msi_parent_hooks,
	  .doc = "The host bridge's DT msi-parent: [controller] or [controller, cell] (the cell "
		 "after the phandle, as Layerscape's <&its 0>, which Linux ignores on a host "
		 "bridge).  Without msi-map the controller sees the requester ID as device ID.  Default: none." },
	MSI_MORE_ROW(struct iot_pci_root),
};
static const struct ytable yt_root_dt =
	TABLE("pci-roots.dt", root_dt_rows, .doc = "Device Tree naming of the host bridge node.");

static const struct yfield platdev_dt_rows[] = {
	DT_PATH_ROW(struct iot_platdev),
	DT_COMPAT_ROW(struct iot_platdev),
	{ K("populated-by-parent"), .type = YT_BOOL, AT(struct iot_platdev, dt_populated_by_parent),
	  .doc = "The node is not created by the boot-time of_platform_populate (an ancestor is no "
		 "simple-bus, simple-mfd, isa or arm,amba-bus): its parent's driver creates it "
		 "when it probes, after the boot.",
	  .def = "false" },
	MSI_MORE_ROW(struct iot_platdev),
};
static const struct ytable yt_platdev_dt =
	TABLE("platform-devices.dt", platdev_dt_rows, .doc = "The device's Device Tree node.");

static const struct yfield root_acpi_rows[] = {
	{ K("path"), .type = YT_STR, AT(struct iot_pci_root, acpi_path),
	  .doc = "The host bridge's ACPI namespace path, for example \\_SB_.PCI0.  Default: none." },
};
static const struct ytable yt_root_acpi =
	TABLE("pci-roots.acpi", root_acpi_rows, .doc = "ACPI naming of the host bridge.");

static const struct yfield platdev_acpi_rows[] = {
	{ K("path"), .type = YT_STR, AT(struct iot_platdev, acpi_path),
	  .doc = "Full namespace path with 4-character segments, for example \\_SB_.DMA0.  Default: none." },
};
static const struct ytable yt_platdev_acpi =
	TABLE("platform-devices.acpi", platdev_acpi_rows, .doc = "ACPI naming of the device.");

/* msi: {controller, device-id}: the object's own MSIs through an ITS */
static bool ref_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return yem_name(e, f->ref, *(const int *)yf_cptr(f, obj)) != NULL;
}

static void ref_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	yput_str(e->b, yem_name(e, f->ref, *(const int *)yf_cptr(f, obj)));
}

static const struct yhooks msi_ctrl_ref_hooks = {
	.present = ref_present,
	.emit = ref_emit,
	.schema = "{\"$ref\": \"#/definitions/name\"}",
	.man_type = "name, required",
};

/* a controller with #msi-cells = <0> (GICv2m, TI INTA) takes no device ID */
static bool takes_device_id(const struct iot_topology *t, int ctrl)
{
	return ctrl == IOT_NONE || (size_t)ctrl >= t->n_msis ||
	       t->msis[ctrl].type == IOT_MSI_GICV3_ITS || t->msis[ctrl].msi_cells;
}

#define MSI_ROWS(T)                                                                               \
	static bool T##_devid_present(const struct yem *e, const struct yfield *f,                \
				      const void *obj)                                            \
	{                                                                                         \
		return takes_device_id(e->t, ((const struct T *)obj)->msi_controller);            \
	}                                                                                         \
	static const struct yhooks T##_devid_hooks = { .present = T##_devid_present };            \
	static void T##_msi_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, \
				   void *obj)                                                     \
	{                                                                                         \
		if (!yget(m, "device-id") &&                                                      \
		    takes_device_id(c->t, ((const struct T *)obj)->msi_controller))               \
			ymissing(c, m, "device-id");                                              \
	}                                                                                         \
	static const struct yfield T##_msi_rows[] = {                                             \
		{ K("controller"), .type = YT_REF, AT(struct T, msi_controller), .ref = YREF_MSI, \
		  .req = YM_ALL, .hooks = &msi_ctrl_ref_hooks,                                    \
		  .doc = "The MSI controller the MSIs go to." },                                  \
		{ K("device-id"), .type = YT_UINT, AT(struct T, msi_device_id), .fmt = YX_HEX,    \
		  .hooks = &T##_devid_hooks,                                                      \
		  .doc = "The device ID at the controller; required unless the controller "       \
			 "takes none (#msi-cells = <0>)." },                                      \
	};                                                                                        \
	static const struct ytable yt_##T##_msi =                                                 \
		TABLE(#T ".msi", T##_msi_rows, .finish = T##_msi_finish,                          \
		      .doc = "The object's own MSIs: the controller and the device ID there.")
MSI_ROWS(iot_iommu);
MSI_ROWS(iot_platdev);
MSI_ROWS(iot_pmcg);

static bool msi_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const int *ctrl = (const int *)((const char *)obj + f->has_off);

	return yem_name(e, YREF_MSI, *ctrl) != NULL;
}

static const struct yhooks msi_obj_hooks = { .present = msi_present };

#define MSI_ROW(T)                                                                                           \
	{                                                                                                    \
		K("msi"),                                                                                    \
			.type = YT_OBJ, .off = 0, .sub = &yt_##T##_msi,                                      \
			.has_off = offsetof(struct T, msi_controller), .hooks = &msi_obj_hooks,              \
			.doc = "The object's own MSIs: controller (an MSI controller's name) and device-id " \
			       "(its device ID at the ITS).  Default: wired interrupts."                     \
	}

/* memory: IORT memory access properties; cpm follows coherent unless given */
static bool cpm_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	bool b;

	if (!yget_bool(c, v, &b))
		return false;
	yf_set_bool(f, obj, b);
	return true;
}

static bool cpm_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_memattr *a = obj;

	/* the reader defaults it to coherent: say it whenever it differs */
	return (a->flags & IOT_MAF_CPM) || a->coherent;
}

static void bool_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	iot_buf_adds(e->b, yf_get_bool(f, obj) ? "true" : "false");
}

static const struct yhooks cpm_hooks = { .parse = cpm_parse,
					 .present = cpm_present,
					 .emit = bool_emit,
					 .schema = "{\"$ref\": \"#/definitions/bool\"}",
					 .man_type = "boolean" };

static void mem_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	struct iot_memattr *a = obj;

	/* IORT: a coherent device (CCA 1) must have a coherent path to memory (CPM 1) */
	if (!yget(m, "cpm") && a->coherent)
		a->flags |= IOT_MAF_CPM;
}

static const struct yfield mem_rows[] = {
	{ K("coherent"), .type = YT_BOOL, AT(struct iot_memattr, coherent),
	  .doc = "Cache-coherent DMA (DT dma-coherent, IORT CCA).", .def = "false" },
	{ K("hints"), .type = YT_UINT, AT(struct iot_memattr, hints), .max = 0xf, .fmt = YX_HEX,
	  .doc = "IORT allocation hints.", .def = "0" },
	{ K("cpm"), .type = YT_BOOL, AT(struct iot_memattr, flags), .mask = IOT_MAF_CPM,
	  .hooks = &cpm_hooks,
	  .doc = "IORT coherent path to memory.  Defaults to the value of coherent, since IORT "
		 "requires a coherent path to memory for a coherent device." },
	{ K("dacs"), .type = YT_BOOL, AT(struct iot_memattr, flags), .mask = IOT_MAF_DACS,
	  .doc = "IORT memory access flag DACS.", .def = "false" },
	{ K("canwbs"), .type = YT_BOOL, AT(struct iot_memattr, flags), .mask = IOT_MAF_CANWBS,
	  .doc = "IORT memory access flag CANWBS.", .def = "false" },
	{ K("address-bits"), .type = YT_UINT, AT(struct iot_memattr, address_bits), .max = 64,
	  .doc = "Device memory address size limit in bits, 0 = not given.", .def = "0" },
};
static const struct ytable yt_mem =
	TABLE("memory", mem_rows, .finish = mem_finish, .doc = "Memory access attributes.");

#define MEM_ROW(T)                                                                           \
	{                                                                                    \
		K("memory"), .type = YT_OBJ, AT(T, mem), .sub = &yt_mem,                     \
			     .doc = "Memory access attributes: coherent, hints, cpm, dacs, " \
				    "canwbs and address-bits.",                              \
			     .def = "{}"                                                     \
	}

/* ---- ID maps: iommu-map, msi-map, RMR ids ---- */

/* One ID-map row key set per kind of map. */
struct map_keys {
	const char *in; /* "rid-base" or "id-base" */
	const char *target; /* "iommu" or "msi" */
	const char *out; /* "iommu-base" or "msi-base" */
	enum yref kind;
	const struct ytable *row; /* for the key checks, docs and schema */
};

static const struct map_keys rc_iommu_map, rc_msi_map, smmu_msi_map, rmr_id_map;

static const struct yhooks map_out_hooks = {
	.schema = "{\"oneOf\": [{\"$ref\": \"#/definitions/u32\"}, {\"type\": \"array\", "
		  "\"maxItems\": 4, \"items\": {\"$ref\": \"#/definitions/u32\"}}]}",
	.man_type = "number or list of numbers, u32",
};

#define MAP_ROW_TABLE(var, name_, in_, tkey_, out_, what_)                                       \
	static const struct yfield var##_rows[] = {                                              \
		{ K(in_), .type = YT_UINT, .size = 4, .fmt = YX_HEX,                             \
		  .doc = "The first input ID of the row; required unless single." },             \
		{ K("length"), .type = YT_UINT, .size = 8, .max = 0x100000000ull, .fmt = YX_HEX, \
		  .doc = "How many IDs the row maps, required unless single; 0 is a DT "         \
			 "placeholder the bootloader fills in (iommu-map = <0 &smmu 0 0>), "     \
			 "which maps nothing." },                                                \
		{ K(tkey_), .type = YT_REF, .size = 4, .req = YM_ALL,                            \
		  .hooks = &msi_ctrl_ref_hooks, .doc = "The name of the " what_ "." },           \
		{ K(out_), .type = YT_UINT, .size = 4, .req = YM_ALL, .fmt = YX_HEX,             \
		  .hooks = &map_out_hooks,                                                       \
		  .doc = "The output ID of the row's first input ID; or, for a DT row of a "     \
			 "target with other than one specifier cell, the whole specifier as a "  \
			 "list [out, cell...]." },                                               \
		{ K("single"), .type = YT_BOOL, .size = 1,                                       \
		  .doc = "An IORT single mapping: the input is ignored and "                     \
			 "every ID maps to the output base; the input base and length "          \
			 "may then be left out.",                                                \
		  .def = "false" },                                                              \
	};                                                                                       \
	static const struct ytable var =                                                         \
		TABLE(name_, var##_rows, .doc = "One ID-map row.",                               \
		      .schema_extra = "{\"if\": {\"not\": {\"properties\": {\"single\": "        \
				      "{\"const\": true}}, \"required\": [\"single\"]}}, "       \
				      "\"then\": {\"required\": [\"" in_ "\", \"length\"]}}")

MAP_ROW_TABLE(yt_rc_iommu_row, "pci-roots.iommu-map", "rid-base", "iommu", "iommu-base", "IOMMU");
MAP_ROW_TABLE(yt_rc_msi_row, "pci-roots.msi-map", "rid-base", "msi", "msi-base", "MSI controller");
MAP_ROW_TABLE(yt_smmu_msi_row, "iommus.msi-map", "id-base", "msi", "msi-base", "MSI controller");
MAP_ROW_TABLE(yt_rmr_row, "rmrs.ids", "id-base", "iommu", "iommu-base", "IOMMU");

static const struct map_keys rc_iommu_map = { "rid-base", "iommu", "iommu-base", YREF_IOMMU,
					      &yt_rc_iommu_row };
static const struct map_keys rc_msi_map = { "rid-base", "msi", "msi-base", YREF_MSI,
					    &yt_rc_msi_row };
static const struct map_keys smmu_msi_map = { "id-base", "msi", "msi-base", YREF_MSI,
					      &yt_smmu_msi_row };
static const struct map_keys rmr_id_map = { "id-base", "iommu", "iommu-base", YREF_IOMMU,
					    &yt_rmr_row };

static bool f_num(struct yctx *c, const struct ynode *m, const char *key, uint64_t max,
		  uint64_t *out)
{
	const struct ynode *v = yget(m, key);
	bool ok;

	if (!v)
		return false;
	ypush_key(c, key);
	ok = yget_num(c, v, max, out);
	ypop(c);
	return ok;
}

static void parse_row(struct yctx *c, const struct ynode *r, const struct map_keys *mk,
		      struct iot_idmap *map)
{
	const char *keys[] = { mk->in, "length", mk->target, mk->out };
	uint64_t in = 0, count = 0, out = 0, tail[3] = { 0 };
	bool single = false, ok = true, wide = false;
	struct iot_map_row *row;
	const struct ynode *v, *ob;
	int target = IOT_NONE;

	if (!ycheck_keys(c, r, mk->row))
		return;
	if ((v = yget(r, "single"))) {
		ypush_key(c, "single");
		yget_bool(c, v, &single);
		ypop(c);
	}
	for (size_t i = 0; i < 4; i++)
		if (!yget(r, keys[i]) && !(single && (i == 0 || i == 1))) {
			ymissing(c, r, keys[i]);
			ok = false;
		}
	if (yget(r, mk->in))
		ok &= f_num(c, r, mk->in, UINT32_MAX, &in);
	if (yget(r, "length"))
		ok &= f_num(c, r, "length", 0x100000000ull, &count);
	if ((v = yget(r, mk->target))) {
		ypush_key(c, mk->target);
		target = yresolve(c, v, mk->kind);
		ypop(c);
	}
	ob = yget(r, mk->out);
	if (ob && ob->kind == YN_SEQ) {
		/* the whole DT specifier: rows of 3 + #cells(target) (iot_idmap.dt_wide) */
		unsigned int cells =
			target == IOT_NONE ? ob->n : target_cells(c->t, mk->kind, target);

		ypush_key(c, mk->out);
		wide = true;
		if (single || ob->n != cells || cells > 4) {
			yerr(c, ob, "%s: a specifier of %u cells; the target takes %u%s", mk->out,
			     ob->n, cells, single ? " (and a single mapping has no DT form)" : "");
			ok = false;
		}
		for (size_t i = 0; ok && i < ob->n; i++)
			ok &= item_num(c, ob, i, UINT32_MAX, i ? &tail[i - 1] : &out);
		ypop(c);
	} else if (ob) {
		ok &= f_num(c, r, mk->out, UINT32_MAX, &out);
	}
	if (!ok || target == IOT_NONE)
		return;
	/* length 0 is the bootloader placeholder of a DT map (iot_row_is_placeholder) */
	if (!single && in + count > 0x100000000ull) {
		ypush_key(c, "length");
		yerr(c, yget(r, "length"), "0x%llx IDs from 0x%llx go past 0xffffffff",
		     (unsigned long long)count, (unsigned long long)in);
		ypop(c);
		return;
	}
	if (!single && out + count > 0x100000000ull) {
		ypush_key(c, mk->out);
		yerr(c, yget(r, mk->out), "0x%llx IDs from output 0x%llx go past 0xffffffff",
		     (unsigned long long)count, (unsigned long long)out);
		ypop(c);
		return;
	}
	row = iot_idmap_add(map, (uint32_t)in, count, target, (uint32_t)out);
	row->single = single;
	row->loc = yloc(c, r);
	for (size_t i = 0; i < IOT_ARRAY_SIZE(tail); i++)
		row->out_tail[i] = (uint32_t)tail[i];
	map->dt_wide |= wide;
}

static const struct map_keys *map_keys_of(const struct yfield *f)
{
	return f->words ? (const struct map_keys *)(const void *)f->words : NULL;
}

static bool map_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_idmap *map = yf_ptr(f, obj);
	size_t i = 0;

	if (!yis_seq(c, v))
		return false;
	/* sized once from the list: no realloc per row */
	iot_grow((void **)&map->rows, &map->cap, map->n + v->n, sizeof(*map->rows));
	YSEQ_FOR(it, v)
	{
		ypush_index(c, i++);
		parse_row(c, it, map_keys_of(f), map);
		ypop(c);
	}
	return true;
}

static bool map_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_idmap *m = yf_cptr(f, obj);

	return m->n || f->emit == YE_ALWAYS;
}

static void map_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_idmap *m = yf_cptr(f, obj);
	const struct map_keys *mk = map_keys_of(f);

	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];
		const char *tn = yem_name(e, mk->kind, r->target);

		if (!tn)
			continue;
		iot_buf_printf(e->b, "%*s- {", ind + 2, "");
		if (!r->single || r->in_base || r->count) {
			iot_buf_printf(e->b, "%s: 0x%x, length: 0x%llx, ", mk->in, r->in_base,
				       (unsigned long long)r->count);
		}
		iot_buf_printf(e->b, "%s: ", mk->target);
		yput_str(e->b, tn);
		if (m->dt_wide && target_cells(e->t, mk->kind, r->target) != 1) {
			/* the whole specifier as the DT row has it: [out, tail...] */
			unsigned int cells = target_cells(e->t, mk->kind, r->target);

			iot_buf_printf(e->b, ", %s: [", mk->out);
			for (unsigned int k = 0; k < cells && k <= IOT_ARRAY_SIZE(r->out_tail); k++)
				iot_buf_printf(e->b, "%s0x%x", k ? ", " : "",
					       k ? r->out_tail[k - 1] : r->out_base);
			iot_buf_addc(e->b, ']');
		} else {
			iot_buf_printf(e->b, ", %s: 0x%x", mk->out, r->out_base);
		}
		if (r->single)
			iot_buf_adds(e->b, ", single: true");
		iot_buf_adds(e->b, "}\n");
	}
}

static bool map_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_idmap *x = yf_cptr(f, a), *y = yf_cptr(f, b);

	if (x->n != y->n || x->dt_wide != y->dt_wide)
		return false;
	for (size_t k = 0; k < x->n; k++) {
		const struct iot_map_row *p = &x->rows[k], *q = &y->rows[k];

		if (p->in_base != q->in_base || p->count != q->count ||
		    p->out_base != q->out_base || p->target != q->target ||
		    p->single != q->single || memcmp(p->out_tail, q->out_tail, sizeof(p->out_tail)))
			return false;
	}
	return true;
}

#define MAP_HOOKS(var, schema_)                                                                   \
	static const struct yhooks var = { .parse = map_parse,                                    \
					   .present = map_present,                                \
					   .emit = map_emit,                                      \
					   .block = true,                                         \
					   .equal = map_equal,                                    \
					   .schema =                                              \
						   "{\"type\": \"array\", \"items\": {\"$ref\": " \
						   "\"#/definitions/" schema_ "\"}}",             \
					   .man_type = "list" }
MAP_HOOKS(rc_iommu_map_hooks, "rc-iommu-row");
MAP_HOOKS(smmu_msi_map_hooks, "smmu-msi-row");
MAP_HOOKS(rmr_map_hooks, "rmr-row");

/* the ID map's mask (DT iommu-map-mask / msi-map-mask) */
static bool mask_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_idmap *m = yf_ptr(f, obj);
	uint64_t x;

	if (!yget_num(c, v, UINT32_MAX, &x))
		return false;
	m->has_mask = true;
	m->mask = (uint32_t)x;
	return true;
}

static bool mask_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_idmap *)yf_cptr(f, obj))->has_mask;
}

static void mask_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	yput_num(e->b, ((const struct iot_idmap *)yf_cptr(f, obj))->mask, YX_HEX);
}

static bool mask_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_idmap *x = yf_cptr(f, a), *y = yf_cptr(f, b);

	return x->has_mask == y->has_mask && (!x->has_mask || x->mask == y->mask);
}

static const struct yhooks mask_hooks = { .parse = mask_parse,
					  .present = mask_present,
					  .emit = mask_emit,
					  .equal = mask_equal,
					  .schema = "{\"$ref\": \"#/definitions/u32\"}",
					  .man_type = "number, u32" };

/* ---- what an ACPI table said beyond the model's fields (byte-exact round trips) ---- */

static const struct yhooks u32_list_hooks;

/* fields: {key: 0x.., "key[3]": 0x..}: node fields the model's own do not give */
static bool fw_fields_parse(struct yctx *c, const struct yfield *f, const struct ynode *v,
			    void *obj)
{
	struct iot_fw_field **arr = yf_ptr(f, obj);
	size_t *n = (size_t *)((char *)obj + f->has_off);
	bool ok = true;

	if (v->kind != YN_MAP) {
		yerr(c, v, "expected a mapping, got %s", ykind_name(v));
		return false;
	}
	YMAP_FOR(k, v)
	{
		const char *key;
		uint32_t index;
		uint64_t x;

		ypush_key(c, k->s);
		if (!iot_fw_field_parse(k->s, k->len, &key, &index)) {
			char tmp[200];

			yerr(c, k, "'%s' is not a field of any table layout iotopo knows",
			     yshow(k, tmp, sizeof(tmp)));
			ok = false;
		} else if (yget_num(c, k + 1, UINT64_MAX, &x)) {
			iot_fw_field_set(arr, n, key, index, x);
		} else {
			ok = false;
		}
		ypop(c);
	}
	return ok;
}

static bool fw_fields_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return *(const size_t *)((const char *)obj + f->has_off) != 0;
}

static void fw_fields_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_fw_field *v = *(const struct iot_fw_field *const *)yf_cptr(f, obj);
	size_t n = *(const size_t *)((const char *)obj + f->has_off);

	iot_buf_addc(e->b, '{');
	for (size_t i = 0; i < n; i++) {
		char key[96];

		iot_fw_field_name(&v[i], key, sizeof(key));
		iot_buf_adds(e->b, i ? ", " : "");
		yput_str(e->b, key);
		iot_buf_printf(e->b, ": 0x%llx", (unsigned long long)v[i].value);
	}
	iot_buf_addc(e->b, '}');
}

static bool fw_fields_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_fw_field *x = *(const struct iot_fw_field *const *)yf_cptr(f, a);
	const struct iot_fw_field *y = *(const struct iot_fw_field *const *)yf_cptr(f, b);
	size_t n = *(const size_t *)((const char *)a + f->has_off);

	if (n != *(const size_t *)((const char *)b + f->has_off))
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(x[i].key, y[i].key) || x[i].index != y[i].index ||
		    x[i].value != y[i].value)
			return false;
	return true;
}

static const struct yhooks fw_fields_hooks = {
	.parse = fw_fields_parse,
	.present = fw_fields_present,
	.emit = fw_fields_emit,
	.equal = fw_fields_equal,
	.schema = "{\"type\": \"object\", \"additionalProperties\": {\"$ref\": "
		  "\"#/definitions/u64\"}}",
	.man_type = "mapping",
};

/* bytes as a hex string: "00ff10" */
static bool bytes_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	char tmp[200];

	if (v->kind != YN_SCALAR || (v->plain && v->len && !ycheck_str(c, v)))
		return v->kind == YN_SCALAR ?
			       false :
			       (yerr(c, v, "expected a hex string, got %s", ykind_name(v)), false);
	if (!iot_bytes_parse_hex(yf_ptr(f, obj), v->s, v->len)) {
		yerr(c, v, "'%s' is not bytes in hex (two digits a byte)",
		     yshow(v, tmp, sizeof(tmp)));
		return false;
	}
	return true;
}

static bool bytes_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_bytes *)yf_cptr(f, obj))->has;
}

static void bytes_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_bytes *by = yf_cptr(f, obj);
	char *hex = iot_xmalloc(2 * by->n + 1);

	iot_bytes_hex(by, hex);
	iot_buf_printf(e->b, "\"%s\"", hex);
	free(hex);
}

static bool bytes_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_bytes *x = yf_cptr(f, a), *y = yf_cptr(f, b);

	return x->has == y->has && x->n == y->n && (!x->n || !memcmp(x->v, y->v, x->n));
}

static const struct yhooks bytes_hooks = {
	.parse = bytes_parse,
	.present = bytes_present,
	.emit = bytes_emit,
	.equal = bytes_equal,
	.schema = "{\"type\": \"string\", \"pattern\": \"^([0-9a-fA-F]{2} ?)*$\"}",
	.man_type = "string of hex bytes",
};

#define FN struct iot_fw_node
static const struct yfield fw_node_rows[] = {
	{ K("offset"), .type = YT_UINT, AT(FN, offset), HAS(FN, has_offset), .fmt = YX_HEX,
	  .doc = "The node's byte offset in the table it was read from: the writer keeps the "
		 "table's node order.  Default: the canonical order." },
	{ K("revision"), .type = YT_UINT, AT(FN, revision), HAS(FN, has_revision),
	  .doc = "The node's Revision.  Default: the one the table revision has." },
	{ K("body"), .type = YT_UINT, AT(FN, body_len),
	  .doc = "Bytes of fixed fields the node had, when fewer than its revision's layout; 0: "
		 "all.",
	  .def = "0" },
	{ K("fields"), .type = YT_HOOK, AT(FN, fields), .has_off = offsetof(FN, n_fields),
	  .hooks = &fw_fields_hooks,
	  .doc = "Field values the model's own keys do not give (a reserved field that is not "
		 "zero, an offset other than the writer's), by layout key; \"key[3]\" is element "
		 "3 of an array (an ID mapping).  Default: none." },
	{ K("pad"), .type = YT_HOOK, AT(FN, pad), .hooks = &bytes_hooks,
	  .doc = "Bytes between the node's own fields and its ID mappings, in hex (\"\": "
		 "none).  Default: the writer's." },
	{ K("tail"), .type = YT_HOOK, AT(FN, tail), .hooks = &bytes_hooks,
	  .doc = "Bytes after the node's last ID mapping, inside its Length, in hex.  Default: "
		 "none." },
	{ K("mapping-order"), .type = YT_HOOK, AT(FN, map_order),
	  .has_off = offsetof(FN, n_map_order), .hooks = &u32_list_hooks,
	  .doc = "The table's order of the node's ID mappings: item k is the canonical position "
		 "of the mapping the table has at position k.  Default: canonical." },
};
#undef FN
static const struct ytable yt_fw_node =
	TABLE("iort-node", fw_node_rows,
	      .doc = "How the object's node was laid out in the ACPI table it was read from, "
		     "beyond the object's own fields, so that decode then compile gives the same "
		     "bytes.  Written by decode; leave it out when writing a topology.");

#define FW_NODE_ROW(T)                                                                                       \
	{                                                                                                    \
		K("iort-node"),                                                                              \
			.type = YT_OBJ, AT(T, fw), .sub = &yt_fw_node, .def = "{}",                          \
			.doc = "How the object's IORT (or VIOT) node was laid out in the table it was read " \
			       "from, beyond the object's own keys: offset, revision, body, fields, pad, "   \
			       "tail and mapping-order.  Written by decode so that compile gives the same "  \
			       "bytes."                                                                      \
	}

static const struct yfield raw_map_rows[] = {
	{ K("in-base"), .type = YT_UINT, AT(struct iot_fw_raw_map, in_base), .fmt = YX_HEX,
	  .emit = YE_ALWAYS, .doc = "Input Base.", .def = "0" },
	{ K("id-count"), .type = YT_UINT, AT(struct iot_fw_raw_map, id_count), .fmt = YX_HEX,
	  .emit = YE_ALWAYS, .doc = "Number of IDs minus one, as in the table.", .def = "0" },
	{ K("out-base"), .type = YT_UINT, AT(struct iot_fw_raw_map, out_base), .fmt = YX_HEX,
	  .emit = YE_ALWAYS, .doc = "Output Base.", .def = "0" },
	{ K("target"), .type = YT_STR, AT(struct iot_fw_raw_map, target),
	  .doc = "The name of the object whose node the Output Reference points at.  Default: "
		 "none." },
	{ K("flags"), .type = YT_UINT, AT(struct iot_fw_raw_map, flags), .fmt = YX_HEX,
	  .doc = "Flags.", .def = "0" },
};
static const struct ytable yt_raw_map =
	TABLE("raw ID mapping", raw_map_rows, .doc = "An ID mapping of a raw node.");
static const struct ylist raw_map_list = { .n_off = offsetof(struct iot_fw_raw_node, n_maps),
					   .elem = sizeof(struct iot_fw_raw_map) };

#define RN struct iot_fw_raw_node
static const struct yfield raw_node_rows[] = {
	{ K("type"), .type = YT_UINT, AT(RN, type), .emit = YE_ALWAYS, .doc = "Node Type.",
	  .def = "0" },
	{ K("revision"), .type = YT_UINT, AT(RN, revision), .emit = YE_ALWAYS,
	  .doc = "Node Revision.", .def = "0" },
	{ K("identifier"), .type = YT_UINT, AT(RN, identifier), .fmt = YX_HEX, .emit = YE_ALWAYS,
	  .doc = "Node Identifier.", .def = "0" },
	{ K("offset"), .type = YT_UINT, AT(RN, offset), .fmt = YX_HEX, .emit = YE_ALWAYS,
	  .doc = "Its position among the nodes (byte offset in the table read).", .def = "0" },
	{ K("body"), .type = YT_HOOK, AT(RN, body), .hooks = &bytes_hooks,
	  .doc = "Bytes 16 up to the ID mappings (or the node's Length), in hex.  Default: "
		 "none." },
	{ K("mappings"), .type = YT_LIST, AT(RN, maps), .sub = &yt_raw_map, .list = &raw_map_list,
	  .doc = "The node's ID mappings.", .def = "[]" },
	{ K("tail"), .type = YT_HOOK, AT(RN, tail), .hooks = &bytes_hooks,
	  .doc = "Bytes after the ID mappings, in hex.  Default: none." },
};
#undef RN
static const struct ytable yt_raw_node =
	TABLE("raw node", raw_node_rows,
	      .doc = "An IORT node of a type iotopo does not model, kept as its bytes (rewritten "
		     "in place).");
static const struct ylist raw_node_list = { .n_off = offsetof(struct iot_fw_table, n_raw),
					    .elem = sizeof(struct iot_fw_raw_node) };

/* a table layout is written when it says anything (has alone changes no byte) */
static bool fw_table_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_fw_table *x = yf_cptr(f, obj);

	return x->n_fields || x->pad.has || x->tail.has || x->n_raw;
}

static const struct yhooks fw_table_obj_hooks = { .present = fw_table_present };

#define FT struct iot_fw_table
static const struct yfield fw_table_rows[] = {
	{ K("fields"), .type = YT_HOOK, AT(FT, fields), .has_off = offsetof(FT, n_fields),
	  .hooks = &fw_fields_hooks,
	  .doc = "Header field values the model's own keys do not give, by layout key.  Default: "
		 "none." },
	{ K("pad"), .type = YT_HOOK, AT(FT, pad), .hooks = &bytes_hooks,
	  .doc = "Bytes between the table header and the first node, in hex.  Default: none." },
	{ K("tail"), .type = YT_HOOK, AT(FT, tail), .hooks = &bytes_hooks,
	  .doc = "Bytes after the last node, inside the table's Length, in hex.  Default: none." },
	{ K("raw-nodes"), .type = YT_LIST, AT(FT, raw), .sub = &yt_raw_node, .list = &raw_node_list,
	  .doc = "Nodes of types iotopo does not model (newer than it knows, or unknown), kept "
		 "as their bytes: type, revision, identifier, offset, body, mappings and tail.",
	  .def = "[]" },
};
#undef FT
static void fw_table_finish(struct yctx *c, const struct ytable *t, const struct ynode *m,
			    void *obj)
{
	((struct iot_fw_table *)obj)->has = true;
}

static const struct ytable yt_fw_table =
	TABLE("table layout", fw_table_rows, .finish = fw_table_finish,
	      .doc = "How an ACPI table was laid out beyond what the topology says: header "
		     "fields, padding, nodes iotopo does not model.  Written by decode.");

/* ---- machine, kernel ---- */

#define IA struct iot_x86_ioapic
static const struct yfield ioapic_rows[] = {
	{ K("id"), .type = YT_UINT, AT(IA, id), .emit = YE_ALWAYS,
	  .doc = "The I/O APIC ID (DMAR IOAPIC scopes and IVRS special entries name it).",
	  .def = "0" },
	{ K("address"), .type = YT_UINT, AT(IA, address), .fmt = YX_HEX8, .emit = YE_ALWAYS,
	  .doc = "The I/O APIC's register address.", .def = "0" },
	{ K("gsi-base"), .type = YT_UINT, AT(IA, gsi_base), .emit = YE_ALWAYS,
	  .doc = "Its first global system interrupt.", .def = "0" },
};
#undef IA
static void ioapic_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	((struct iot_x86_ioapic *)obj)->loc = yloc(c, m);
}

static const struct ytable yt_ioapic =
	TABLE("ioapic", ioapic_rows, .finish = ioapic_finish, .doc = "A MADT I/O APIC structure.");
static const struct ylist ioapic_list = { .n_off = offsetof(struct iot_machine, n_ioapics),
					  .elem = sizeof(struct iot_x86_ioapic) };

static const struct yfield machine_rows[] = {
	{ K("name"), .type = YT_STR, AT(struct iot_machine, name),
	  .doc = "A name for the machine.  Default: none." },
	{ K("oem-id"), .type = YT_ACPI_ID, .off = offsetof(struct iot_machine, oem_id), .size = 6,
	  HAS(struct iot_machine, has_oem),
	  .doc = "ACPI OEM ID, at most 6 characters (bytes; printable ASCII as a rule, a byte "
		 "past it written \\xNN, as decode does); padded with spaces when "
		 "written.  Giving any of the five OEM fields makes the ACPI writers use all of "
		 "them; otherwise they use their own defaults.  Default: the writers' own." },
	{ K("oem-table-id"), .type = YT_ACPI_ID, .off = offsetof(struct iot_machine, oem_table_id),
	  .size = 8, HAS(struct iot_machine, has_oem),
	  .doc = "ACPI OEM table ID, at most 8 characters.  Default: the writers' own." },
	{ K("oem-revision"), .type = YT_UINT, AT(struct iot_machine, oem_revision),
	  HAS(struct iot_machine, has_oem), .fmt = YX_HEX, .doc = "ACPI OEM revision.",
	  .def = "0" },
	{ K("creator-id"), .type = YT_ACPI_ID, .off = offsetof(struct iot_machine, creator_id),
	  .size = 4, HAS(struct iot_machine, has_oem),
	  .doc = "ACPI creator ID, at most 4 characters.  Default: the writers' own." },
	{ K("creator-revision"), .type = YT_UINT, AT(struct iot_machine, creator_revision),
	  HAS(struct iot_machine, has_oem), .fmt = YX_HEX, .doc = "ACPI creator revision.",
	  .def = "0" },
	{ K("iort-revision"), .type = YT_UINT, AT(struct iot_machine, iort_revision),
	  HAS(struct iot_machine, has_iort_revision),
	  .doc = "The IORT revision the machine's table had (set by decode); the IORT writer "
		 "then writes that revision.  Default: not known." },
	{ K("iort-table"), .type = YT_OBJ, AT(struct iot_machine, iort_fw), .sub = &yt_fw_table,
	  .hooks = &fw_table_obj_hooks,
	  .doc = "How the IORT read was laid out beyond what the topology says (header fields, "
		 "padding, raw nodes); written by decode.  Default: the canonical layout." },
	{ K("viot-table"), .type = YT_OBJ, AT(struct iot_machine, viot_fw), .sub = &yt_fw_table,
	  .hooks = &fw_table_obj_hooks,
	  .doc = "The same for the VIOT.  Default: the canonical layout." },
	{ K("gic-interrupt-cells"), .type = YT_UINT, AT(struct iot_machine, dt_gic_cells),
	  HAS(struct iot_machine, has_dt_gic_cells), .max = 4,
	  .doc = "The #interrupt-cells of the GIC in the Device Tree read (set by decode): 4 adds "
		 "the PPI-partition cell (0 for an SPI) to every GIC interrupt specifier the DT "
		 "writer gives, as RK3588 boards have it; any other value writes 3 cells.  "
		 "Default: 3." },
	{ K("ioapics"), .type = YT_LIST, AT(struct iot_machine, ioapics), .sub = &yt_ioapic,
	  .list = &ioapic_list, .flags = YF_HAS | YF_FLOW,
	  .has_off = offsetof(struct iot_machine, has_madt), .emit = YE_HAS,
	  .doc = "The MADT's I/O APICs (id, address, gsi-base), read beside a DMAR or IVRS: lint "
		 "checks that their IOAPIC entries name exactly these.  Default: no MADT (not "
		 "checked)." },
};
const struct ytable yt_machine =
	TABLE("machine", machine_rows, .doc = "Machine-wide fields: name and ACPI table header.");

static const struct yfield kernel_rows[] = {
	{ K("version"), .type = YT_STR, AT(struct iot_kernel, version),
	  .doc = "A kernel release such as \"6.12\" or \"7.2.13+deb14-arm64\".  Default: none; "
		 "the simulator then uses its default profile." },
	{ K("cmdline"), .type = YT_STR, AT(struct iot_kernel, cmdline),
	  .doc = "The kernel command line, for options such as iommu.passthrough and "
		 "iommu.strict.  Default: empty." },
};
const struct ytable yt_kernel =
	TABLE("kernel", kernel_rows, .doc = "The kernel whose behaviour the simulator follows.");

/* ---- msi-controllers ---- */

static const char *const msi_types[] = { "gicv3-its", "other", NULL };

/* its-ids: [N, ...] */
static bool u32_list_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	uint32_t **arr = yf_ptr(f, obj);
	size_t *n = (size_t *)((char *)obj + f->has_off);
	size_t i = 0;

	if (!yis_seq(c, v))
		return false;
	/* sized once from the list: no realloc per item */
	*arr = iot_xrealloc(*arr, (*n + v->n + 1) * sizeof(uint32_t));
	YSEQ_FOR(it, v)
	{
		uint64_t id;

		ypush_index(c, i++);
		if (yget_num(c, it, UINT32_MAX, &id))
			(*arr)[(*n)++] = (uint32_t)id;
		ypop(c);
	}
	return true;
}

static bool u32_list_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return *(const size_t *)((const char *)obj + f->has_off) != 0;
}

static void u32_list_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const uint32_t *v = *(const uint32_t *const *)yf_cptr(f, obj);
	size_t n = *(const size_t *)((const char *)obj + f->has_off);

	iot_buf_addc(e->b, '[');
	for (size_t j = 0; j < n; j++)
		iot_buf_printf(e->b, "%s%u", j ? ", " : "", v[j]);
	iot_buf_addc(e->b, ']');
}

static bool u32_list_equal(const struct yfield *f, const void *a, const void *b)
{
	size_t na = *(const size_t *)((const char *)a + f->has_off);
	size_t nb = *(const size_t *)((const char *)b + f->has_off);
	const uint32_t *x = *(const uint32_t *const *)yf_cptr(f, a);
	const uint32_t *y = *(const uint32_t *const *)yf_cptr(f, b);

	return na == nb && (!na || !memcmp(x, y, na * sizeof(*x)));
}

static const struct yhooks u32_list_hooks = {
	.parse = u32_list_parse,
	.present = u32_list_present,
	.emit = u32_list_emit,
	.equal = u32_list_equal,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/u32\"}}",
	.man_type = "list of number, u32",
};

/* msi-cells: only for type other (an ITS has 1) */
static bool msi_cells_parse(struct yctx *c, const struct yfield *f, const struct ynode *v,
			    void *obj)
{
	struct iot_msi *x = obj;
	uint64_t n;

	if (x->type == IOT_MSI_GICV3_ITS)
		yerr(c, v, "a GICv3 ITS has #msi-cells = <1>; 'msi-cells' is for type other");
	if (!yget_num(c, v, 4, &n))
		return false;
	x->msi_cells = (unsigned int)n;
	return x->type != IOT_MSI_GICV3_ITS;
}

static bool msi_cells_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_msi *)obj)->type != IOT_MSI_GICV3_ITS;
}

static const struct yhooks msi_cells_hooks = { .parse = msi_cells_parse,
					       .present = msi_cells_present };

static const struct yfield msi_ctrl_rows[] = {
	NAME_ROW(struct iot_msi, msi_name_hooks),
	{ K("type"), .type = YT_WORD, AT(struct iot_msi, type), .words = msi_types,
	  .emit = YE_ALWAYS,
	  .doc = "gicv3-its, or other: any other DT MSI controller a node names "
		 "(arm,gic-v2m-frame, marvell,ap806-gicp, ti,sci-inta...), kept so the DT property "
		 "survives a round trip; it has no ITS device ID semantics and is never in an IORT.",
	  .def = "\"gicv3-its\"" },
	{ K("status"), .type = YT_WORD, AT(struct iot_msi, status), .words = status_words,
	  .doc = "DT status: okay, disabled or no-driver.", .def = "\"okay\"" },
	{ K("base"), .type = YT_UINT, AT(struct iot_msi, base), .req = YM_ALL, .fmt = YX_HEX,
	  .emit = YE_ALWAYS, .doc = "Physical base address of the controller's register frame." },
	{ K("msi-cells"), .type = YT_UINT, AT(struct iot_msi, msi_cells), .max = 4,
	  .hooks = &msi_cells_hooks,
	  .doc = "Type other only: DT #msi-cells (0 for a GICv2m frame, whose clients give no "
		 "device ID).  A GICv3 ITS has 1.",
	  .def = "1" },
	{ K("its-ids"), .type = YT_HOOK, AT(struct iot_msi, its_ids),
	  .has_off = offsetof(struct iot_msi, n_its_ids), .hooks = &u32_list_hooks,
	  .doc = "The GIC ITS IDs of the group (IORT ITS group).", .def = "[]" },
	IDENT_ROW(struct iot_msi),
	{ K("dt"), .type = YT_OBJ, .sub = &yt_msi_dt,
	  .doc = "Device Tree naming: path, label and phandle.", .def = "{}" },
	FW_NODE_ROW(struct iot_msi),
};
const struct ytable yt_msi_ctrl =
	TABLE("msi-controllers", msi_ctrl_rows,
	      .doc = "A GICv3 ITS (in an IORT, an ITS group): where MSIs are translated.");

/* ---- iommus ---- */

static const char *const impl_words[] = { "generic", "hisilicon-hi161x", "cavium-cn99xx", NULL };

/* implementation: a word or a number */
static bool impl_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_iommu *u = obj;
	uint64_t x;
	int i;

	if (v->kind == YN_SCALAR && v->plain && v->s[0] >= '0' && v->s[0] <= '9') {
		if (!yget_num(c, v, UINT32_MAX, &x))
			return false;
		u->impl = (uint32_t)x;
		return true;
	}
	i = yget_enum(c, v, impl_words);
	if (i < 0)
		return false;
	u->impl = (uint32_t)i;
	return true;
}

static bool impl_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_iommu *)obj)->impl != 0;
}

static void impl_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	uint32_t impl = ((const struct iot_iommu *)obj)->impl;

	if (impl < 3)
		iot_buf_adds(e->b, impl_words[impl]);
	else
		yput_num(e->b, impl, YX_DEC);
}

static const struct yhooks impl_hooks = {
	.parse = impl_parse,
	.present = impl_present,
	.emit = impl_emit,
	.schema = "{\"oneOf\": [{\"enum\": [\"generic\", \"hisilicon-hi161x\", "
		  "\"cavium-cn99xx\"]}, {\"$ref\": \"#/definitions/u32\"}]}",
	.man_type = "word or number, u32",
};

/* An interrupt: a GSIV (level) or {gsiv: N, trigger: edge|level}. */
static const char *const trigger_words[] = { "level", "edge", NULL };

static bool trigger_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	int tr = yget_enum(c, v, trigger_words);

	if (tr < 0)
		return false;
	((struct iot_irq *)obj)->edge = tr == 1;
	return true;
}

static const struct yhooks trigger_hooks = {
	.parse = trigger_parse,
	.schema = "{\"enum\": [\"level\", \"edge\"]}",
	.man_type = "word",
};

static const struct yfield irq_rows[] = {
	{ K("gsiv"), .type = YT_UINT, AT(struct iot_irq, gsiv), .req = YM_ALL,
	  .doc = "The interrupt's GSIV." },
	{ K("trigger"), .type = YT_HOOK, AT(struct iot_irq, edge), .hooks = &trigger_hooks,
	  .doc = "level or edge.", .def = "\"level\"" },
};
static const struct ytable yt_irq =
	TABLE("interrupt", irq_rows, .doc = "An interrupt: a GSIV and its trigger mode.");

static bool get_irq(struct yctx *c, const struct ynode *n, struct iot_irq *irq)
{
	uint64_t g;

	if (n->kind == YN_SCALAR) {
		if (!yget_num(c, n, UINT32_MAX, &g))
			return false;
		irq->gsiv = (uint32_t)g;
		irq->edge = false;
		return true;
	}
	irq->edge = false;
	return yread_obj(c, n, &yt_irq, irq) && yget(n, "gsiv");
}

static bool irq_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_irq irq = { 0 };

	if (!get_irq(c, v, &irq))
		return false;
	*(struct iot_irq *)yf_ptr(f, obj) = irq;
	return true;
}

static void put_irq(struct iot_buf *b, const struct iot_irq *q)
{
	if (q->edge)
		iot_buf_printf(b, "{gsiv: %u, trigger: edge}", q->gsiv);
	else
		iot_buf_printf(b, "%u", q->gsiv);
}

static bool irq_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_irq *q = yf_cptr(f, obj);

	return q->gsiv || q->edge;
}

static void irq_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	put_irq(e->b, yf_cptr(f, obj));
}

static bool irq_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_irq *x = yf_cptr(f, a), *y = yf_cptr(f, b);

	return x->gsiv == y->gsiv && x->edge == y->edge;
}

static const struct yhooks irq_hooks = { .parse = irq_parse,
					 .present = irq_present,
					 .emit = irq_emit,
					 .equal = irq_equal,
					 .schema = "{\"$ref\": \"#/definitions/irq\"}",
					 .man_type = "interrupt" };

static bool irq_list_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_irq **list = yf_ptr(f, obj);
	size_t *n = (size_t *)((char *)obj + f->has_off);
	size_t i = 0;

	if (!yis_seq(c, v))
		return false;
	*list = iot_xrealloc(*list, (*n + v->n + 1) * sizeof(**list));
	YSEQ_FOR(it, v)
	{
		/* cleared: the gsiv row is stored read-modify-write (yf_set_uint) */
		struct iot_irq irq = { 0 };

		ypush_index(c, i++);
		if (get_irq(c, it, &irq))
			(*list)[(*n)++] = irq;
		ypop(c);
	}
	return true;
}

static void irq_list_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_irq *v = *(const struct iot_irq *const *)yf_cptr(f, obj);
	size_t n = *(const size_t *)((const char *)obj + f->has_off);

	iot_buf_addc(e->b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			iot_buf_adds(e->b, ", ");
		put_irq(e->b, &v[i]);
	}
	iot_buf_addc(e->b, ']');
}

static bool irq_list_equal(const struct yfield *f, const void *a, const void *b)
{
	size_t na = *(const size_t *)((const char *)a + f->has_off);
	size_t nb = *(const size_t *)((const char *)b + f->has_off);
	const struct iot_irq *x = *(const struct iot_irq *const *)yf_cptr(f, a);
	const struct iot_irq *y = *(const struct iot_irq *const *)yf_cptr(f, b);

	if (na != nb)
		return false;
	for (size_t k = 0; k < na; k++)
		if (x[k].gsiv != y[k].gsiv || x[k].edge != y[k].edge)
			return false;
	return true;
}

static const struct yhooks irq_list_hooks = {
	.parse = irq_list_parse,
	.present = u32_list_present,
	.emit = irq_list_emit,
	.equal = irq_list_equal,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/irq\"}}",
	.man_type = "list of interrupts",
};

static const struct yfield smmuv3_irq_rows[] = {
	{ K("eventq"), .type = YT_UINT, AT(struct iot_iommu, irq_event),
	  .doc = "Event queue GSIV; 0: no wired interrupt (MSIs are used).", .def = "0" },
	{ K("priq"), .type = YT_UINT, AT(struct iot_iommu, irq_pri),
	  .doc = "PRI queue GSIV; 0: none.", .def = "0" },
	{ K("gerror"), .type = YT_UINT, AT(struct iot_iommu, irq_gerror),
	  .doc = "Global error GSIV; 0: none.", .def = "0" },
	{ K("cmdq-sync"), .type = YT_UINT, AT(struct iot_iommu, irq_sync),
	  .doc = "Command queue sync GSIV; 0: none.", .def = "0" },
};
static const struct ytable yt_smmuv3_irq =
	TABLE("iommus.interrupts (smmuv3)", smmuv3_irq_rows,
	      .doc = "The SMMUv3's wired interrupts, each a GSIV.");

static const struct yfield smmuv2_irq_rows[] = {
	{ K("global"), .type = YT_HOOK, AT(struct iot_iommu, irq_global), .hooks = &irq_hooks,
	  .sub = &yt_irq, .doc = "The global fault interrupt (NSgIrpt).", .def = "0" },
	{ K("global-cfg"), .type = YT_HOOK, AT(struct iot_iommu, irq_global_cfg),
	  .hooks = &irq_hooks, .sub = &yt_irq,
	  .doc = "The global configuration fault interrupt (NSgCfgIrpt).", .def = "0" },
	{ K("context"), .type = YT_HOOK, AT(struct iot_iommu, irq_context),
	  .has_off = offsetof(struct iot_iommu, n_irq_context), .hooks = &irq_list_hooks,
	  .sub = &yt_irq, .doc = "The context bank interrupts.", .def = "[]" },
	{ K("pmu"), .type = YT_HOOK, AT(struct iot_iommu, irq_pmu),
	  .has_off = offsetof(struct iot_iommu, n_irq_pmu), .hooks = &irq_list_hooks,
	  .sub = &yt_irq, .doc = "The performance monitor interrupts.", .def = "[]" },
};
static const struct ytable yt_smmuv2_irq =
	TABLE("iommus.interrupts (SMMUv2 family)", smmuv2_irq_rows,
	      .doc = "The SMMUv2's interrupts: a GSIV (level-triggered) or {gsiv: N, trigger: "
		     "edge}.");

/* pci: {segment, bdf} of the IOMMU's own PCI function */
static bool bdf_u16_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	uint8_t bus, devfn;
	char tmp[200];

	if (!ycheck_str(c, v))
		return false;
	if (!yparse_bdf(v->s, v->len, &bus, &devfn)) {
		yerr(c, v, "'%s' is not a bus:device.function like \"00:1f.7\"",
		     yshow(v, tmp, sizeof(tmp)));
		return false;
	}
	yf_set_uint(f, obj, iot_rid(bus, devfn));
	return true;
}

static void bdf_u16_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	uint16_t rid = (uint16_t)yf_get_uint(f, obj);
	char bdf[8];

	iot_bdf_format(bdf, (uint8_t)(rid >> 8), (uint8_t)rid);
	yput_str(e->b, bdf);
}

static const struct yhooks bdf_u16_hooks = { .parse = bdf_u16_parse,
					     .present = always,
					     .emit = bdf_u16_emit,
					     .schema = "{\"$ref\": \"#/definitions/bdf\"}",
					     .man_type = "BDF" };

static const struct yfield iommu_pci_rows[] = {
	{ K("segment"), .type = YT_UINT, AT(struct iot_iommu, pci_segment), .emit = YE_ALWAYS,
	  .doc = "The PCI segment.", .def = "0" },
	{ K("bdf"), .type = YT_HOOK, AT(struct iot_iommu, pci_bdf), .req = YM_VPCI,
	  .hooks = &bdf_u16_hooks, .doc = "The function's bus:device.function.",
	  .def = "\"00:00.0\"" },
};
static const struct ytable yt_iommu_pci =
	TABLE("iommus.pci", iommu_pci_rows, .by_model = true,
	      .doc = "The IOMMU's own PCI function: segment and bdf.");

/*
 * The unit's registers as a running kernel exported them (sysfs
 * class/iommu): no table carries them; VT-d caching mode and pass-through
 * support, AMD-Vi NpCache decide default domains (kernel/domain.c).
 */
static void regs_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	(void)c;
	(void)t;
	(void)m;
	((struct iot_iommu *)obj)->x86.has_regs = true;
}

static bool regs_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_iommu *)obj)->x86.has_regs;
}

static const struct yhooks regs_hooks = { .present = regs_present };

static const struct yfield vtd_regs_rows[] = {
	{ K("cap"), .type = YT_UINT, AT(struct iot_iommu, x86.reg_cap), .fmt = YX_HEX16,
	  .emit = YE_ALWAYS,
	  .doc = "CAP_REG (intel-iommu/cap); bit 7 caching mode makes Linux strict unless DMA "
		 "domains use first-level tables.",
	  .def = "0" },
	{ K("ecap"), .type = YT_UINT, AT(struct iot_iommu, x86.reg_ecap), .fmt = YX_HEX16,
	  .emit = YE_ALWAYS,
	  .doc = "ECAP_REG (intel-iommu/ecap); bit 6 pass-through (without it Linux 6.12+ gives "
		 "only DMA domains), bit 43 scalable mode, bits 46/47 second/first-level tables.",
	  .def = "0" },
	{ K("version"), .type = YT_UINT, AT(struct iot_iommu, x86.reg_version), .fmt = YX_HEX2,
	  .emit = YE_ALWAYS, .doc = "VER_REG, major << 4 | minor (intel-iommu/version).",
	  .def = "0" },
};
static const struct ytable yt_vtd_regs =
	TABLE("iommus.registers (intel-vtd)", vtd_regs_rows, .finish = regs_finish,
	      .doc = "The VT-d unit's registers.");

static const struct yfield amd_regs_rows[] = {
	{ K("cap"), .type = YT_UINT, AT(struct iot_iommu, x86.reg_cap), .fmt = YX_HEX8,
	  .emit = YE_ALWAYS,
	  .doc = "The capability header (amd-iommu/cap); bit 26 NpCache makes Linux strict.",
	  .def = "0" },
	{ K("efr"), .type = YT_UINT, AT(struct iot_iommu, x86.reg_ecap), .fmt = YX_HEX16,
	  .emit = YE_ALWAYS, .doc = "The Extended Feature Register (amd-iommu/features).",
	  .def = "0" },
	{ K("efr2"), .type = YT_UINT, AT(struct iot_iommu, x86.reg_efr2), .fmt = YX_HEX16,
	  .doc = "EFR2.", .def = "0" },
};
static const struct ytable yt_amd_regs =
	TABLE("iommus.registers (amd-vi)", amd_regs_rows, .finish = regs_finish,
	      .doc = "The AMD-Vi unit's registers.");

static bool iommu_pci_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_iommu *u = obj;

	return u->model == IOT_IOMMU_VIRTIO_PCI || u->pci_segment || u->pci_bdf;
}

static const struct yhooks iommu_pci_hooks = { .present = iommu_pci_present };

/* x86 units */
static const char *const ignored_intel[] = { "duplicate-drhd", NULL };
static const char *const ignored_amd[] = { "superseded-ivhd-type", NULL };

/* ignored: the one word that says Linux ignores the unit (a bool in the model) */
static bool ignored_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	if (yget_enum(c, v, f->words) != 0)
		return false;
	*(bool *)yf_ptr(f, obj) = true;
	return true;
}

static bool ignored_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return *(const bool *)yf_cptr(f, obj);
}

static void ignored_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	iot_buf_adds(e->b, f->words[0]);
}

static const struct yhooks ignored_intel_hooks = {
	.parse = ignored_parse,
	.present = ignored_present,
	.emit = ignored_emit,
	.schema = "{\"enum\": [\"duplicate-drhd\"]}",
	.man_type = "word",
};
static const struct yhooks ignored_amd_hooks = {
	.parse = ignored_parse,
	.present = ignored_present,
	.emit = ignored_emit,
	.schema = "{\"enum\": [\"superseded-ivhd-type\"]}",
	.man_type = "word",
};

static bool ivhd_type_parse(struct yctx *c, const struct yfield *f, const struct ynode *v,
			    void *obj)
{
	uint64_t ty;

	if (!yget_num(c, v, 0xff, &ty))
		return false;
	if (ty != 0x10 && ty != 0x11 && ty != 0x40) {
		yerr(c, v, "IVHD type 0x%llx is not 0x10, 0x11 or 0x40", (unsigned long long)ty);
		return false;
	}
	yf_set_uint(f, obj, ty);
	return true;
}

static const struct yhooks ivhd_type_hooks = { .parse = ivhd_type_parse,
					       .schema = "{\"enum\": [16, 17, 64]}",
					       .man_type = "number" };

static bool drhd_flags_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return (((const struct iot_iommu *)obj)->x86.flags & ~1u) != 0;
}

static const struct yhooks drhd_flags_hooks = { .present = drhd_flags_present };

static bool attr_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_x86_unit *x = &((const struct iot_iommu *)obj)->x86;

	return x->attr && (x->ivhd_type == 0x10) == !strcmp(f->key, "feature-reporting");
}

static const struct yhooks attr_hooks = { .present = attr_present };

static bool efr_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_x86_unit *x = &((const struct iot_iommu *)obj)->x86;

	return x->ivhd_type > 0x10 && (!strcmp(f->key, "efr") || x->efr2);
}

static const struct yhooks efr_hooks = { .present = efr_present };

static void iommu_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	struct iot_iommu *u = obj;
	struct iot_x86_unit *x = &u->x86;
	const struct ynode *dt = yget(m, "dt");

	if (u->model == IOT_IOMMU_OTHER && !u->compatible.n && !(dt && yget(dt, "compatible")))
		ymissing(c, m, "dt: {compatible: ...} (model other is known by its compatible)");

	if (u->model == IOT_IOMMU_INTEL_VTD) {
		/* the DRHD segment is pci: {segment} */
		x->segment = u->pci_segment;
		if (x->include_all)
			x->flags |= 1;
	} else if (u->model == IOT_IOMMU_AMD_VI) {
		/* the IOMMU's own function: pci: {segment, bdf} */
		x->segment = u->pci_segment;
		x->iommu_devid = u->pci_bdf;
	}
}

#define U struct iot_iommu
static const struct yfield iommu_rows[] = {
	NAME_ROW(U, iommu_name_hooks),
	{ K("model"), .type = YT_WORD, AT(U, model), .flags = YF_FIRST, .req = YM_ALL,
	  .words = iot_iommu_model_names, .emit = YE_ALWAYS,
	  .doc = "smmuv3; smmuv2, mmu-500, smmuv1, mmu-400, mmu-401 or cavium-smmuv2 (the SMMUv2 "
		 "family); virtio-iommu-pci, virtio-iommu-mmio; intel-vtd (a DMAR DRHD unit); "
		 "amd-vi (an IVRS IVHD unit); or other: a DT IOMMU of another family (rockchip, "
		 "ipmmu-vmsa, mtk, msm, sun50i, exynos, tegra, apple-dart...), known by its "
		 "dt.compatible, which is required then." },
	{ K("status"), .type = YT_WORD, AT(U, status), .words = status_words,
	  .doc = "okay; disabled (DT status \"disabled\": never probed) or no-driver (present, "
		 "but the kernel has no driver for it).",
	  .def = "\"okay\"" },
	{ K("base"), .type = YT_UINT, AT(U, base), .models = YM_ALL & ~YM_VPCI,
	  .req = YM_ALL & ~YM_VPCI, .fmt = YX_HEX, .emit = YE_ALWAYS,
	  .doc = "Base address of the register frame; required for every model but "
		 "virtio-iommu-pci, where it is not allowed." },
	{ K("size"), .type = YT_UINT, AT(U, size), .models = YM_ALL & ~YM_VPCI, .fmt = YX_HEX,
	  .doc = "Size of the register frame; 0: the model's usual size.", .def = "0" },
	{ K("coherent"), .type = YT_BOOL, AT(U, coherent),
	  .doc = "The IOMMU's table walks are cache coherent (DT dma-coherent, IORT COHACC).",
	  .def = "false" },
	IDENT_ROW(U),
	{ K("proximity-domain"), .type = YT_UINT, AT(U, pxm), HAS(U, has_pxm),
	  .doc = "NUMA proximity domain.  Default: none." },
	{ K("implementation"), .type = YT_HOOK, AT(U, impl), .models = YM_V3, .hooks = &impl_hooks,
	  .doc = "The IORT SMMUv3 model: generic (0), hisilicon-hi161x (1), cavium-cn99xx (2) or "
		 "a number.",
	  .def = "\"generic\"" },
	{ K("httu-override"), .type = YT_UINT, AT(U, httu), .max = 3, .models = YM_V3,
	  .doc = "IORT HTTU override.", .def = "0" },
	{ K("vatos"), .type = YT_UINT, AT(U, vatos), .models = YM_V3, .fmt = YX_HEX,
	  .doc = "VATOS address.", .def = "0" },
	{ K("interrupts"), .type = YT_OBJ, .sub = &yt_smmuv3_irq, .models = YM_V3,
	  .doc = "eventq, priq, gerror and cmdq-sync, each a GSIV (0: no wired "
		 "interrupt, MSIs are used).",
	  .def = "{}" },
	{ K("interrupts"), .type = YT_OBJ, .sub = &yt_smmuv2_irq, .models = YM_V2,
	  .doc = "global and global-cfg, each an interrupt, and context and pmu, "
		 "each a list of interrupts.  An interrupt is a GSIV (level-triggered) or a "
		 "mapping {gsiv: N, trigger: edge}.",
	  .def = "{}" },
	{ K("interrupts-not-gic"), .type = YT_BOOL, AT(U, irqs_not_gic),
	  .doc = "DT: the IOMMU's interrupts go to a controller that is not a GIC (not "
		 "modelled; interrupts then says nothing).",
	  .def = "false" },
	{ K("dvm"), .type = YT_BOOL, AT(U, dvm), .models = YM_V2, .doc = "DVM supported.",
	  .def = "false" },
	{ K("iommu-cells"), .type = YT_UINT, AT(U, iommu_cells), .min = 1, .max = 2, .dflt = 1,
	  .models = YM_V2, .range_doc = "1 or 2",
	  .doc = "DT #iommu-cells; with 2, platform devices give an SMR mask with each stream "
		 "ID.",
	  .def = "1" },
	{ K("iommu-cells"), .type = YT_UINT, AT(U, iommu_cells), .max = 16, .models = YM_OTHER,
	  .emit = YE_ALWAYS,
	  .doc = "Model other: DT #iommu-cells as the node has it (what the cells mean is the "
		 "driver's of_xlate).",
	  .def = "1" },
	{ K("stream-match-mask"), .type = YT_UINT, AT(U, stream_match_mask), .max = 0xffff,
	  HAS(U, has_stream_match_mask), .models = YM_V2, .fmt = YX_HEX,
	  .doc = "DT stream-match-mask, the SMR mask used for one-cell specifiers.  Default: "
		 "none." },
	MSI_ROW(iot_iommu),
	{ K("msi-map"), .type = YT_HOOK, AT(U, msi_map), .models = YM_V3 | YM_V2,
	  .words = (const char *const *)(const void *)&smmu_msi_map, .hooks = &smmu_msi_map_hooks,
	  .sub = &yt_smmu_msi_row,
	  .doc = "IORT ID mappings from the SMMU's stream IDs to ITS device IDs: rows of "
		 "id-base, length, msi and msi-base.",
	  .def = "[]" },
	{ K("msi-map-mask"), .type = YT_HOOK, AT(U, msi_map), .models = YM_V3 | YM_V2,
	  .hooks = &mask_hooks, .doc = "Mask applied to IDs before msi-map.  Default: none." },
	{ K("pci"), .type = YT_OBJ, .sub = &yt_iommu_pci, .models = YM_VPCI | YM_INTEL | YM_AMD,
	  .req = YM_VPCI, .hooks = &iommu_pci_hooks,
	  .doc = "The IOMMU's own PCI function: segment (default 0) and bdf (default "
		 "\"00:00.0\").  Required for virtio-iommu-pci, with bdf required too; optional "
		 "for intel-vtd (the DRHD's segment) and amd-vi (the IVHD's segment and device "
		 "ID)." },
	{ K("registers"), .type = YT_OBJ, .sub = &yt_vtd_regs, .models = YM_INTEL,
	  .hooks = &regs_hooks,
	  .doc = "The unit's registers as Linux exports them in sysfs (decode of a sysfs tree "
		 "writes them): cap, ecap (numbers, u64) and version (u8).  Default: not known "
		 "(no caching mode, pass-through supported)." },
	{ K("registers"), .type = YT_OBJ, .sub = &yt_amd_regs, .models = YM_AMD,
	  .hooks = &regs_hooks,
	  .doc = "The unit's registers as Linux exports them in sysfs: cap (u32), efr and efr2 "
		 "(u64).  Default: not known (no NpCache; the IVHD's EFR image)." },
	{ K("include-pci-all"), .type = YT_BOOL, AT(U, x86.include_all), .models = YM_INTEL,
	  .doc = "DRHD flag INCLUDE_PCI_ALL: the unit translates every PCI function of its "
		 "segment that no other unit's scope names.",
	  .def = "false" },
	{ K("drhd-flags"), .type = YT_UINT, AT(U, x86.flags), .models = YM_INTEL, .fmt = YX_HEX2,
	  .hooks = &drhd_flags_hooks,
	  .doc = "The DRHD Flags byte, when bits other than INCLUDE_PCI_ALL are set.", .def = "0" },
	{ K("register-pages-log2"), .type = YT_UINT, AT(U, x86.size), .models = YM_INTEL,
	  .doc = "The DRHD Size field: the register set is 2^N 4 KiB pages.", .def = "0" },
	{ K("ignored"), .type = YT_HOOK, AT(U, x86.duplicate), .models = YM_INTEL,
	  .words = ignored_intel, .hooks = &ignored_intel_hooks,
	  .doc = "duplicate-drhd: a DRHD repeating an earlier one's segment and base, which "
		 "Linux ignores.  Default: not ignored." },
	{ K("scopes"), .type = YT_LIST, AT(U, x86.scopes), .models = YM_INTEL, .flags = YF_FLOW,
	  .list = &unit_scopes_list, .sub = &yt_dmar_scope,
	  .doc = "The DRHD device scopes, in table order.  A function is covered by the unit "
		 "whose endpoint scope names it or whose bridge scope names a bridge above it; "
		 "units are tried in Linux's order (scoped units in reverse table order, then "
		 "INCLUDE_PCI_ALL units).",
	  .def = "[]" },
	{ K("ivhd-type"), .type = YT_UINT, AT(U, x86.ivhd_type), .models = YM_AMD, .fmt = YX_HEX2,
	  .hooks = &ivhd_type_hooks, .doc = "The IVHD type, 0x10, 0x11 or 0x40.",
	  .defdoc = "0x10" },
	{ K("ignored"), .type = YT_HOOK, AT(U, x86.superseded), .models = YM_AMD,
	  .words = ignored_amd, .hooks = &ignored_amd_hooks,
	  .doc = "superseded-ivhd-type: an IVHD of a type other than the one Linux selects (the "
		 "last type listed for the first IOMMU), which it ignores.  Default: not ignored." },
	{ K("capability-offset"), .type = YT_UINT, AT(U, x86.cap_offset), .models = YM_AMD,
	  .fmt = YX_HEX2,
	  .doc = "The offset of the IOMMU capability in its function's configuration space.",
	  .def = "0" },
	{ K("ivhd-flags"), .type = YT_UINT, AT(U, x86.flags), .models = YM_AMD, .fmt = YX_HEX2,
	  .doc = "The IVHD Flags byte.", .def = "0" },
	{ K("iommu-info"), .type = YT_UINT, AT(U, x86.info), .models = YM_AMD, .fmt = YX_HEX4,
	  .doc = "The IVHD IOMMU Info field.", .def = "0" },
	{ K("feature-reporting"), .type = YT_UINT, AT(U, x86.attr), .models = YM_AMD,
	  .fmt = YX_HEX8, .hooks = &attr_hooks,
	  .doc = "IVHD type 0x10: the IOMMU Feature Reporting field.", .def = "0" },
	{ K("attributes"), .type = YT_UINT, AT(U, x86.attr), .models = YM_AMD, .fmt = YX_HEX8,
	  .hooks = &attr_hooks, .doc = "IVHD types 0x11, 0x40: the IOMMU Attributes field.",
	  .def = "0" },
	{ K("efr"), .type = YT_UINT, AT(U, x86.efr), .models = YM_AMD, .fmt = YX_HEX16,
	  .hooks = &efr_hooks, .doc = "IVHD types 0x11, 0x40: the EFR register image.",
	  .def = "0" },
	{ K("efr2"), .type = YT_UINT, AT(U, x86.efr2), .models = YM_AMD, .fmt = YX_HEX16,
	  .hooks = &efr_hooks, .doc = "IVHD type 0x40: the EFR2 register image.", .def = "0" },
	{ K("devices"), .type = YT_LIST, AT(U, x86.scopes), .models = YM_AMD, .flags = YF_FLOW,
	  .list = &unit_scopes_list, .sub = &yt_ivhd_entry,
	  .doc = "The IVHD device entries, in table order.  The last IVHD whose entries name an "
		 "ID translates it, except the IOMMU's own function; an alias on the device's own "
		 "bus becomes a DMA alias.",
	  .def = "[]" },
	{ K("dt"), .type = YT_OBJ, .sub = &yt_iommu_dt,
	  .doc = "Device Tree naming: path, label and phandle.", .def = "{}" },
	{ K("iort-node"), AT(U, fw), .type = YT_OBJ, .sub = &yt_fw_node, .def = "{}",
	  .models = YM_ALL & ~(YM_VPCI | YM(IOT_IOMMU_VIRTIO_MMIO) | YM_INTEL | YM_AMD),
	  .doc = "How the IOMMU's IORT node was laid out in the table it was read from, beyond "
		 "the object's own keys: offset, revision, body, fields, pad, tail and "
		 "mapping-order.  Written by decode so that compile gives the same bytes." },
	{ K("viot-node"), AT(U, fw), .type = YT_OBJ, .sub = &yt_fw_node, .def = "{}",
	  .models = YM_VPCI | YM(IOT_IOMMU_VIRTIO_MMIO),
	  .doc = "The same for a virtio-iommu's VIOT node." },
	{ K("dmar-structure"), AT(U, fw), .type = YT_OBJ, .sub = &yt_fw_node, .def = "{}",
	  .models = YM_INTEL,
	  .doc = "How the unit's DRHD was laid out in the DMAR it was read from, beyond the "
		 "object's own keys: offset (only when the table's structure order is not the "
		 "writer's) and fields (reserved bytes that are not zero; \"scope-reserved[2]\" "
		 "is device scope 2's).  Written by decode so that compile gives the same bytes." },
	{ K("rhsa-structure"), AT(U, x86.rhsa_fw), .type = YT_OBJ, .sub = &yt_fw_node, .def = "{}",
	  .models = YM_INTEL,
	  .doc = "The same for the unit's RHSA (written when proximity-domain is given)." },
	{ K("ivrs-block"), AT(U, fw), .type = YT_OBJ, .sub = &yt_fw_node, .def = "{}",
	  .models = YM_AMD,
	  .doc = "The same for an amd-vi unit's IVHD block: offset (the table's block order), "
		 "fields (header fields the keys above do not give) and tail (bytes after the "
		 "last device entry the reader could walk)." },
};
#undef U
const struct ytable yt_iommu =
	TABLE("iommus", iommu_rows, .by_model = true, .finish = iommu_finish, .doc = "An IOMMU.");

/* ---- x86: DMAR device scopes, IVHD device entries ---- */

/* A hex number of 1..2 digits at *@p, advancing *@p; -1 if none. */
static int hex_byte(const char **p, const char *end)
{
	int v = 0, n = 0;

	while (*p < end && n < 2 && iot_hexval(**p) >= 0) {
		v = v << 4 | iot_hexval(**p);
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

/*
 * "SB:dd.f/dd.f...": a DMAR start bus and one device.function per level
 * ("SB" alone is a path of no hops).  Hops out of the PCI range are kept as
 * the table had them (decode prints them; lint reports them).
 */
static bool parse_dmar_path(const char *s, size_t len, struct iot_x86_scope *sc)
{
	const char *p = s, *end = s + len;
	size_t hops = 0;
	int bus = hex_byte(&p, end);

	if (bus < 0 || p - s != 2)
		return false;
	sc->start_bus = (uint8_t)bus;
	if (p == end)
		return true;
	if (*p++ != ':')
		return false;
	free(sc->path);
	sc->path = iot_xcalloc(len / 4 + 1, sizeof(*sc->path));
	while (p < end) {
		int d, f;

		if (hops && *p++ != '/')
			return false;
		d = hex_byte(&p, end);
		if (d < 0 || p >= end || *p++ != '.')
			return false;
		f = hex_byte(&p, end);
		if (f < 0)
			return false;
		sc->path[hops].dev = (uint8_t)d;
		sc->path[hops].fn = (uint8_t)f;
		hops++;
	}
	sc->n_path = hops;
	return hops > 0;
}

static bool dmar_path_parse(struct yctx *c, const struct yfield *f, const struct ynode *v,
			    void *obj)
{
	char tmp[200];

	if (!ycheck_str(c, v))
		return false;
	if (!parse_dmar_path(v->s, v->len, obj)) {
		yerr(c, v,
		     "'%s' is not a DMAR path like \"00:1c.0/00.0\" (start bus, then "
		     "device.function per level)",
		     yshow(v, tmp, sizeof(tmp)));
		return false;
	}
	return true;
}

static void dmar_path_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_x86_scope *s = obj;

	iot_buf_printf(e->b, "\"%02x", s->start_bus);
	for (size_t i = 0; i < s->n_path; i++)
		iot_buf_printf(e->b, "%c%02x.%x", i ? '/' : ':', s->path[i].dev, s->path[i].fn);
	iot_buf_addc(e->b, '"');
}

static bool dmar_path_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_x86_scope *x = a, *y = b;

	return x->start_bus == y->start_bus && x->n_path == y->n_path &&
	       (!x->n_path || !memcmp(x->path, y->path, x->n_path * sizeof(*x->path)));
}

static const struct yhooks dmar_path_hooks = {
	.parse = dmar_path_parse,
	.present = always,
	.emit = dmar_path_emit,
	.equal = dmar_path_equal,
	.schema = "{\"type\": \"string\", \"pattern\": "
		  "\"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{1,2}\\\\.[0-9a-fA-F]{1,2}(/[0-9a-fA-F]{1,2}"
		  "\\\\.[0-9a-fA-F]{1,2})*)?$\"}",
	.man_type = "string",
};

/* "bb:dd.f" or "bb:dd.f-bb:dd.f" */
static bool parse_id_range(const char *s, size_t len, uint16_t *first, uint16_t *last)
{
	uint8_t b0, d0, b1, d1;

	if (len == 7 && yparse_bdf(s, 7, &b0, &d0)) {
		*first = *last = iot_rid(b0, d0);
		return true;
	}
	if (len != 15 || s[7] != '-' || !yparse_bdf(s, 7, &b0, &d0) ||
	    !yparse_bdf(s + 8, 7, &b1, &d1))
		return false;
	*first = iot_rid(b0, d0);
	*last = iot_rid(b1, d1);
	return true; /* a reversed range covers nothing, as in the table */
}

/* ids: first/last requester IDs at `off` and `has_off` (uint16_t each) */
static bool ids_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	uint16_t *first = yf_ptr(f, obj);
	uint16_t *last = (uint16_t *)((char *)obj + f->has_off);
	char tmp[200];
	bool ok = ycheck_str(c, v) && parse_id_range(v->s, v->len, first, last);

	if (!ok && v->kind == YN_SCALAR)
		yerr(c, v, "'%s' is not a device ID \"bb:dd.f\" or a range \"bb:dd.f-bb:dd.f\"",
		     yshow(v, tmp, sizeof(tmp)));
	return ok;
}

static void put_devid(struct iot_buf *b, uint16_t id)
{
	char s[8];

	iot_bdf_format(s, (uint8_t)(id >> 8), (uint8_t)id);
	iot_buf_adds(b, s);
}

static void ids_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	uint16_t first = *(const uint16_t *)yf_cptr(f, obj);
	uint16_t last = *(const uint16_t *)((const char *)obj + f->has_off);

	iot_buf_addc(e->b, '"');
	put_devid(e->b, first);
	if (last != first) {
		iot_buf_addc(e->b, '-');
		put_devid(e->b, last);
	}
	iot_buf_addc(e->b, '"');
}

static bool ids_equal(const struct yfield *f, const void *a, const void *b)
{
	return *(const uint16_t *)yf_cptr(f, a) == *(const uint16_t *)yf_cptr(f, b) &&
	       *(const uint16_t *)((const char *)a + f->has_off) ==
		       *(const uint16_t *)((const char *)b + f->has_off);
}

static bool scope_is(const void *obj, unsigned int kinds)
{
	return (kinds >> ((const struct iot_x86_scope *)obj)->kind) & 1;
}

#define SK(k) (1u << IOT_X86_SCOPE_##k)

static bool ivhd_ids_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return !scope_is(obj, SK(ALL));
}

static const struct yhooks ivhd_ids_hooks = { .parse = ids_parse,
					      .present = ivhd_ids_present,
					      .emit = ids_emit,
					      .equal = ids_equal,
					      .schema = "{\"$ref\": \"#/definitions/x86-ids\"}",
					      .man_type = "string" };

/* alias: one ID */
static bool alias_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct yfield g = *f;
	uint16_t a, b;
	struct {
		uint16_t first, last;
	} tmp;

	g.off = 0;
	g.has_off = sizeof(uint16_t);
	if (!ids_parse(c, &g, v, &tmp))
		return false;
	a = tmp.first;
	b = tmp.last;
	(void)b;
	*(uint16_t *)yf_ptr(f, obj) = a;
	return true;
}

static bool alias_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return scope_is(obj, SK(ALIAS));
}

static void alias_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	iot_buf_addc(e->b, '"');
	put_devid(e->b, *(const uint16_t *)yf_cptr(f, obj));
	iot_buf_addc(e->b, '"');
}

static const struct yhooks alias_hooks = { .parse = alias_parse,
					   .present = alias_present,
					   .emit = alias_emit,
					   .schema = "{\"$ref\": \"#/definitions/x86-ids\"}",
					   .man_type = "BDF" };

static bool dmar_raw_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return scope_is(obj, SK(OTHER));
}

static const struct yhooks raw_type_hooks = { .present = dmar_raw_present };

static bool dmar_id_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return scope_is(obj, SK(IOAPIC) | SK(HPET) | SK(NAMESPACE));
}

static const struct yhooks dmar_id_hooks = { .present = dmar_id_present };

static bool ivhd_id_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return scope_is(obj, SK(IOAPIC) | SK(HPET));
}

static const struct yhooks ivhd_id_hooks = { .present = ivhd_id_present };

static bool hid_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_x86_scope *s = obj;

	return s->kind == IOT_X86_SCOPE_ACPI_HID && (!strcmp(f->key, "hid") || s->cid[0]);
}

static const struct yhooks hid_hooks = { .present = hid_present };

static bool uid_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_x86_scope *s = obj;

	if (!ycheck_str(c, v))
		return false;
	free(s->uid);
	s->uid = iot_strndup(v->s, v->len);
	s->uid_format = 2;
	return true;
}

static bool uid_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_x86_scope *s = obj;

	return s->kind == IOT_X86_SCOPE_ACPI_HID && s->uid_format;
}

static void uid_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_x86_scope *s = obj;

	yput_quoted(e->b, s->uid ? s->uid : "");
}

static bool uid_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_x86_scope *x = a, *y = b;

	return str_equal(f, a, b) && x->uid_format == y->uid_format;
}

static bool uid_format_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_x86_scope *s = obj;

	return s->kind == IOT_X86_SCOPE_ACPI_HID && s->uid_format != 0 && s->uid_format != 2;
}

static const struct yhooks uid_format_hooks = { .present = uid_format_present };

static const struct yhooks uid_hooks = { .parse = uid_parse,
					 .present = uid_present,
					 .emit = uid_emit,
					 .equal = uid_equal,
					 .schema = "{\"$ref\": \"#/definitions/string\"}",
					 .man_type = "string" };

static uint8_t dmar_raw_type(enum iot_x86_scope_kind k)
{
	return k <= IOT_X86_SCOPE_NAMESPACE ? (uint8_t)(k + 1) : 0;
}

static uint8_t ivhd_raw_type(const struct iot_x86_scope *s)
{
	bool range = s->last != s->first;

	switch (s->kind) {
	case IOT_X86_SCOPE_ALL:
		return 0x01;
	case IOT_X86_SCOPE_IDS:
		return s->has_ext ? (range ? 0x47 : 0x46) : (range ? 0x03 : 0x02);
	case IOT_X86_SCOPE_ALIAS:
		return range ? 0x43 : 0x42;
	case IOT_X86_SCOPE_IOAPIC:
	case IOT_X86_SCOPE_HPET:
		return 0x48;
	case IOT_X86_SCOPE_ACPI_HID:
		return 0xf0;
	default:
		return 0;
	}
}

/* an IVHD entry's type is written when the kind, ids and ext do not imply it */
static bool ivhd_raw_type_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_x86_scope *s = obj;

	return s->kind == IOT_X86_SCOPE_OTHER || s->raw_type != ivhd_raw_type(s);
}

static const struct yhooks ivhd_raw_type_hooks = { .present = ivhd_raw_type_present };

static void dmar_scope_finish(struct yctx *c, const struct ytable *t, const struct ynode *m,
			      void *obj)
{
	struct iot_x86_scope *s = obj;

	if (!yget(m, "raw-type"))
		s->raw_type = dmar_raw_type(s->kind);
}

static void ivhd_entry_finish(struct yctx *c, const struct ytable *t, const struct ynode *m,
			      void *obj)
{
	struct iot_x86_scope *s = obj;

	if (s->kind == IOT_X86_SCOPE_ALL && !yget(m, "ids")) {
		s->first = 0;
		s->last = 0xffff;
	} else if (!yget(m, "ids")) {
		ymissing(c, m, "ids");
	}
	if (s->kind == IOT_X86_SCOPE_ALIAS && !yget(m, "alias"))
		ymissing(c, m, "alias");
	if (!yget(m, "raw-type"))
		s->raw_type = ivhd_raw_type(s);
}

#define SC struct iot_x86_scope
static const struct yfield dmar_scope_rows[] = {
	{ K("type"), .type = YT_WORD, AT(SC, kind), .flags = YF_FIRST, .req = YM_ALL,
	  .words = iot_x86_scope_kind_names, .emit = YE_ALWAYS,
	  .doc = "endpoint, bridge, ioapic, hpet, namespace or other." },
	{ K("raw-type"), .type = YT_UINT, AT(SC, raw_type), .hooks = &raw_type_hooks,
	  .doc = "The scope type number (of an other scope).  Default: the type's own." },
	{ K("id"), .type = YT_UINT, AT(SC, enum_id), .hooks = &dmar_id_hooks,
	  .doc = "The enumeration ID of an IOAPIC, HPET or ACPI namespace device.", .def = "0" },
	{ K("path"), .type = YT_HOOK, .req = YM_ALL, .hooks = &dmar_path_hooks,
	  .doc = "\"SB:dd.f/dd.f...\": the start bus, then one device.function per level below "
		 "it." },
	{ K("flags"), .type = YT_UINT, AT(SC, flags), .fmt = YX_HEX, .doc = "The scope Flags byte.",
	  .def = "0" },
};
static const struct ytable yt_dmar_scope =
	TABLE("dmar-scope", dmar_scope_rows, .finish = dmar_scope_finish,
	      .doc = "A DMAR device scope: a PCI function, bridge, IOAPIC, HPET or ACPI device.");

static const struct yfield ivhd_entry_rows[] = {
	{ K("type"), .type = YT_WORD, AT(SC, kind), .flags = YF_FIRST, .req = YM_ALL,
	  .words = iot_x86_scope_kind_names, .emit = YE_ALWAYS,
	  .doc = "all, select, alias, ioapic, hpet, acpi-hid or other." },
	{ K("raw-type"), .type = YT_UINT, AT(SC, raw_type), .fmt = YX_HEX2,
	  .hooks = &ivhd_raw_type_hooks,
	  .doc = "The entry type, when the others keys do not imply it (other entries, 00h "
		 "padding, a range of one ID).  Default: the type's own." },
	{ K("id"), .type = YT_UINT, AT(SC, enum_id), .hooks = &ivhd_id_hooks,
	  .doc = "The IOAPIC or HPET handle.", .def = "0" },
	{ K("ids"), .type = YT_HOOK, AT(SC, first), .has_off = offsetof(SC, last),
	  .hooks = &ivhd_ids_hooks,
	  .doc = "\"bb:dd.f\" or a range \"bb:dd.f-bb:dd.f\"; required but for all." },
	{ K("alias"), .type = YT_HOOK, AT(SC, alias), .hooks = &alias_hooks,
	  .doc = "The requester ID the devices DMA as; required for alias." },
	{ K("hid"), .type = YT_ACPI_ID, .off = offsetof(SC, hid), .size = 8, .hooks = &hid_hooks,
	  .fmt = 1, .doc = "The _HID of an acpi-hid entry.  Default: none." },
	{ K("cid"), .type = YT_ACPI_ID, .off = offsetof(SC, cid), .size = 8, .hooks = &hid_hooks,
	  .fmt = 1, .doc = "The _CID of an acpi-hid entry.  Default: none." },
	{ K("uid"), .type = YT_HOOK, AT(SC, uid), .hooks = &uid_hooks,
	  .doc = "The _UID of an acpi-hid entry.  Default: none." },
	{ K("uid-format"), .type = YT_UINT, AT(SC, uid_format), .max = 0xff,
	  .hooks = &uid_format_hooks,
	  .doc = "The UID Format byte of an acpi-hid entry when not 2 (a string): 1 says the "
		 "UID's bytes are an integer.  Default: 2 with a uid, else 0." },
	{ K("dte"), .type = YT_UINT, AT(SC, dte), .fmt = YX_HEX2, .doc = "The DTE setting byte.",
	  .def = "0" },
	{ K("ext"), .type = YT_UINT, AT(SC, ext), HAS(SC, has_ext), .fmt = YX_HEX8,
	  .doc = "The extended DTE setting of an extended select (of an 8-byte other entry: its "
		 "last four bytes).  Default: none." },
	{ K("fields"), .type = YT_HOOK, AT(SC, fields), .has_off = offsetof(SC, n_fields),
	  .hooks = &fw_fields_hooks,
	  .doc = "Entry fields the keys above do not give back (a reserved byte that is not "
		 "zero, a range end's Data Setting), by IVRS layout key; written by decode.  "
		 "Default: none." },
};
#undef SC
static const struct ytable yt_ivhd_entry =
	TABLE("ivhd-entry", ivhd_entry_rows, .finish = ivhd_entry_finish,
	      .doc = "An IVHD device entry: requester IDs and their DTE settings.");

/* x86.scopes of an IOMMU or of a DMAR entry (one array type, two item tables) */
static void *unit_scope_add(void *obj)
{
	struct iot_x86_unit *x = &((struct iot_iommu *)obj)->x86;

	return iot_x86_add_scope(&x->scopes, &x->n_scopes);
}

static void *entry_scope_add(void *obj)
{
	struct iot_x86_entry *e = obj;

	return iot_x86_add_scope(&e->scopes, &e->n_scopes);
}

static const struct ylist unit_scopes_list = { .n_off = offsetof(struct iot_iommu, x86.n_scopes),
					       .elem = sizeof(struct iot_x86_scope),
					       .add = unit_scope_add,
					       .has_loc = true,
					       .loc_off = offsetof(struct iot_x86_scope, loc) };
static const struct ylist entry_scopes_list = { .n_off = offsetof(struct iot_x86_entry, n_scopes),
						.elem = sizeof(struct iot_x86_scope),
						.add = entry_scope_add,
						.has_loc = true,
						.loc_off = offsetof(struct iot_x86_scope, loc) };

/* ---- x86: DMAR RMRR/ATSR/SATC, IVRS IVMD, DMAR ANDD ---- */

static bool entry_is(const void *obj, unsigned int kinds)
{
	return (kinds >> ((const struct iot_x86_entry *)obj)->kind) & 1;
}

#define EK(k) (1u << IOT_X86_##k)

static bool entry_type_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return entry_is(obj, EK(IVMD));
}

static const struct yhooks entry_type_hooks = { .present = entry_type_present };

static bool ivmd_fw_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_fw_node *fw = &((const struct iot_x86_entry *)obj)->fw;

	return entry_is(obj, EK(IVMD)) && (fw->has_offset || fw->n_fields || fw->tail.has);
}

static const struct yhooks ivmd_fw_hooks = { .present = ivmd_fw_present };

static bool dmar_fw_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_fw_node *fw = &((const struct iot_x86_entry *)obj)->fw;

	return !entry_is(obj, EK(IVMD)) && (fw->has_offset || fw->n_fields || fw->tail.has);
}

static const struct yhooks dmar_fw_hooks = { .present = dmar_fw_present };

static bool entry_ids_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return entry_is(obj, EK(IVMD)) && !((const struct iot_x86_entry *)obj)->all_devices;
}

static const struct yhooks entry_ids_hooks = { .parse = ids_parse,
					       .present = entry_ids_present,
					       .emit = ids_emit,
					       .equal = ids_equal,
					       .schema = "{\"$ref\": \"#/definitions/x86-ids\"}",
					       .man_type = "string" };

static bool entry_range_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return entry_is(obj, EK(RMRR) | EK(IVMD));
}

static const struct yhooks entry_range_hooks = { .present = entry_range_present };

/* IVMD 22h: the range's last ID (written as ids); 20h, 21h: reserved */
static uint16_t implied_aux(const struct iot_x86_entry *x)
{
	return x->raw_type == 0x22 ? x->last : 0;
}

static bool entry_aux_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_x86_entry *x = obj;

	return entry_is(obj, EK(IVMD)) && x->aux != implied_aux(x);
}

static const struct yhooks entry_aux_hooks = { .present = entry_aux_present };

static bool all_ports_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return entry_is(obj, EK(ATSR)) && ((const struct iot_x86_entry *)obj)->all_devices;
}

static const struct yhooks all_ports_hooks = { .present = all_ports_present };

static void entry_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	struct iot_x86_entry *x = obj;

	if (x->kind == IOT_X86_IVMD) {
		if (!yget(m, "type"))
			x->raw_type = 0x20;
		x->all_devices = !yget(m, "ids");
		if (!yget(m, "aux"))
			x->aux = implied_aux(x);
		return;
	}
	x->raw_type = x->kind == IOT_X86_RMRR ? 1 :
		      x->kind == IOT_X86_ATSR ? 2 :
		      x->kind == IOT_X86_SIDP ? 6 :
						5;
	if (x->kind == IOT_X86_ATSR && x->all_devices)
		x->flags |= 1;
}

#define EN struct iot_x86_entry
static const struct yfield entry_rows[] = {
	{ K("type"), .type = YT_UINT, AT(EN, raw_type), .fmt = YX_HEX2, .hooks = &entry_type_hooks,
	  .doc = "IVMD: the type, 0x20 all devices, 0x21 one, 0x22 a range.", .def = "32" },
	{ K("ids"), .type = YT_HOOK, AT(EN, first), .has_off = offsetof(EN, last),
	  .hooks = &entry_ids_hooks,
	  .doc = "IVMD: the devices, as for IVHD entries.  Default: all devices." },
	{ K("segment"), .type = YT_UINT, AT(EN, segment), .emit = YE_ALWAYS,
	  .doc = "The PCI segment.", .def = "0" },
	{ K("base"), .type = YT_UINT, AT(EN, base), .fmt = YX_HEX, .hooks = &entry_range_hooks,
	  .doc = "RMRR, IVMD: the first byte of the region.", .def = "0" },
	{ K("end"), .type = YT_UINT, AT(EN, end), .fmt = YX_HEX, .hooks = &entry_range_hooks,
	  .doc = "RMRR, IVMD: the last byte of the region (inclusive).", .def = "0" },
	{ K("flags"), .type = YT_UINT, AT(EN, flags), .fmt = YX_HEX,
	  .doc = "The structure's Flags byte (IVMD: bit 0 unity map, bit 3 exclusion range: "
		 "either makes the devices' groups need a direct mapping).",
	  .def = "0" },
	{ K("aux"), .type = YT_UINT, AT(EN, aux), .fmt = YX_HEX, .hooks = &entry_aux_hooks,
	  .doc = "IVMD: the Auxiliary Data field.  Default: the last ID of ids for type 0x22, "
		 "else 0." },
	{ K("all-ports"), .type = YT_BOOL, AT(EN, all_devices), .hooks = &all_ports_hooks,
	  .doc = "ATSR: the ALL_PORTS flag.", .def = "false" },
	{ K("scopes"), .type = YT_LIST, AT(EN, scopes), .list = &entry_scopes_list,
	  .sub = &yt_dmar_scope, .doc = "The device scopes, as for an intel-vtd unit.",
	  .def = "[]" },
	{ K("dmar-structure"), AT(EN, fw), .type = YT_OBJ, .sub = &yt_fw_node, .def = "{}",
	  .hooks = &dmar_fw_hooks,
	  .doc = "RMRR, ATSR, SATC, SIDP: how the structure was laid out in the DMAR read "
		 "(offset, fields), as for an intel-vtd unit's dmar-structure." },
	{ K("ivrs-block"), .type = YT_OBJ, AT(EN, fw), .sub = &yt_fw_node, .def = "{}",
	  .hooks = &ivmd_fw_hooks,
	  .doc = "IVMD: how the block was laid out in the table read (offset, fields, tail), "
		 "written by decode so that compile gives the same bytes." },
};
#undef EN
static const struct ytable yt_x86_entry = TABLE(
	"x86-entry", entry_rows, .finish = entry_finish,
	.doc = "A DMAR RMRR, ATSR, SATC or SIDP, or an IVRS IVMD: a structure that applies to a "
	       "set of devices.");

/* the entries of one kind, kept in t->x86_entries in table order */
static enum iot_x86_entry_kind entry_kind_of(const struct yfield *f)
{
	return (enum iot_x86_entry_kind)f->dflt;
}

static bool entries_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_topology *t = obj;
	size_t i = 0;

	if (!yis_seq(c, v))
		return false;
	YSEQ_FOR(it, v)
	{
		struct iot_x86_entry *e = iot_add_x86_entry(t);

		e->kind = entry_kind_of(f);
		e->raw_type = e->kind == IOT_X86_IVMD ? 0x20 :
			      e->kind == IOT_X86_RMRR ? 1 :
			      e->kind == IOT_X86_ATSR ? 2 :
			      e->kind == IOT_X86_SIDP ? 6 :
							5;
		e->loc = yloc(c, it);
		ypush_index(c, i++);
		yread_obj(c, it, &yt_x86_entry, e);
		ypop(c);
	}
	return true;
}

static bool entries_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_topology *t = obj;

	for (size_t i = 0; i < t->n_x86_entries; i++)
		if (t->x86_entries[i].kind == entry_kind_of(f))
			return true;
	return false;
}

static void entries_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_topology *t = obj;

	for (size_t i = 0; i < t->n_x86_entries; i++) {
		if (t->x86_entries[i].kind != entry_kind_of(f))
			continue;
		iot_buf_printf(e->b, "%*s- ", ind + 2, "");
		yemit_flow(e, &yt_x86_entry, &t->x86_entries[i]);
		iot_buf_addc(e->b, '\n');
	}
}

static bool entries_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_topology *x = a, *y = b;
	size_t i = 0, j = 0;

	for (;;) {
		while (i < x->n_x86_entries && x->x86_entries[i].kind != entry_kind_of(f))
			i++;
		while (j < y->n_x86_entries && y->x86_entries[j].kind != entry_kind_of(f))
			j++;
		if (i == x->n_x86_entries || j == y->n_x86_entries)
			return i == x->n_x86_entries && j == y->n_x86_entries;
		if (!ytable_equal(&yt_x86_entry, &x->x86_entries[i++], &y->x86_entries[j++]))
			return false;
	}
}

static const struct yhooks entries_hooks = {
	.parse = entries_parse,
	.present = entries_present,
	.emit = entries_emit,
	.block = true,
	.equal = entries_equal,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/x86-entry\"}}",
	.man_type = "list",
};

static bool quoted_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	char **dst = yf_ptr(f, obj);

	if (!ycheck_str(c, v))
		return false;
	free(*dst);
	*dst = iot_strndup(v->s, v->len);
	return true;
}

static void quoted_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const char *s = *(const char *const *)yf_cptr(f, obj);

	yput_quoted(e->b, s ? s : "");
}

static const struct yhooks andd_name_hooks = { .parse = quoted_parse,
					       .present = always,
					       .emit = quoted_emit,
					       .equal = str_equal,
					       .schema = "{\"$ref\": \"#/definitions/string\"}",
					       .man_type = "string" };

static void andd_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	struct iot_x86_andd *a = obj;

	if (!a->name)
		a->name = iot_strdup("");
}

static const struct yfield andd_rows[] = {
	{ K("number"), .type = YT_UINT, AT(struct iot_x86_andd, number), .emit = YE_ALWAYS,
	  .doc = "The enumeration ID namespace scopes use.", .def = "0" },
	{ K("name"), .type = YT_HOOK, AT(struct iot_x86_andd, name), .hooks = &andd_name_hooks,
	  .doc = "The ACPI object, for example \\_SB_.PCI0.LPC.  Default: empty." },
	{ K("dmar-structure"), AT(struct iot_x86_andd, fw), .type = YT_OBJ, .sub = &yt_fw_node,
	  .def = "{}",
	  .doc = "How the ANDD was laid out in the table it was read from: offset, fields and "
		 "tail (the bytes after the name's NUL inside its Length, in hex: firmware pads "
		 "names)." },
};
static const struct ytable yt_andd = TABLE("dmar.andd", andd_rows, .finish = andd_finish,
					   .doc = "An ACPI namespace device declaration.");

static void *andd_add(void *obj)
{
	return iot_add_x86_andd(obj);
}

static const struct ylist andd_list = { .n_off = offsetof(struct iot_topology, n_x86_andds),
					.elem = sizeof(struct iot_x86_andd),
					.add = andd_add,
					.has_loc = true,
					.loc_off = offsetof(struct iot_x86_andd, loc) };

/* DMAR structures / IVRS blocks of unknown types, kept as bytes */
#define XR struct iot_x86_raw
static const struct yfield x86_raw_rows[] = {
	{ K("type"), .type = YT_UINT, AT(XR, type), .fmt = YX_HEX2, .emit = YE_ALWAYS,
	  .doc = "The structure's Type.", .def = "0" },
	{ K("offset"), .type = YT_UINT, AT(XR, offset), .fmt = YX_HEX, .emit = YE_ALWAYS,
	  .doc = "Its byte offset in the table read.", .def = "0" },
	{ K("bytes"), .type = YT_HOOK, AT(XR, bytes), .hooks = &bytes_hooks,
	  .doc = "The whole structure from its Type field, in hex.  Default: none." },
};
static const struct ytable yt_x86_raw =
	TABLE("x86-raw", x86_raw_rows,
	      .doc = "A structure of a type iotopo does not read (nor "
		     "does Linux), kept as its bytes.");

static void *dmar_raw_add(void *obj)
{
	return iot_add_dmar_raw(obj);
}

static void *ivrs_raw_add(void *obj)
{
	return iot_add_ivrs_raw(obj);
}

static const struct ylist dmar_raw_list = { .n_off = offsetof(struct iot_topology, n_dmar_raws),
					    .elem = sizeof(XR),
					    .add = dmar_raw_add,
					    .has_loc = true,
					    .loc_off = offsetof(XR, loc) };
static const struct ylist ivrs_raw_list = { .n_off = offsetof(struct iot_topology, n_ivrs_raws),
					    .elem = sizeof(XR),
					    .add = ivrs_raw_add,
					    .has_loc = true,
					    .loc_off = offsetof(XR, loc) };
#undef XR

/* host-address-width: bits, stored as bits - 1 */
static bool haw_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	uint64_t haw;

	if (!yget_num(c, v, 256, &haw))
		return false;
	if (haw == 0) {
		yerr(c, v, "0 is out of range (1..256)");
		return false;
	}
	yf_set_uint(f, obj, haw - 1);
	return true;
}

static void haw_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	yput_num(e->b, yf_get_uint(f, obj) + 1, YX_DEC);
}

static const struct yhooks haw_hooks = {
	.parse = haw_parse,
	.present = always,
	.emit = haw_emit,
	.schema = "{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 256}",
	.man_type = "number, 1 to 256",
};

#define T struct iot_topology
static const struct yfield dmar_rows[] = {
	{ K("revision"), .type = YT_UINT, AT(T, x86.dmar_revision), .emit = YE_ALWAYS,
	  .doc = "The table revision.", .def = "0" },
	{ K("host-address-width"), .type = YT_HOOK, AT(T, x86.dmar_haw), .hooks = &haw_hooks,
	  .doc = "The host address width in bits (the table stores it minus one).", .def = "1" },
	{ K("flags"), .type = YT_UINT, AT(T, x86.dmar_flags), .fmt = YX_HEX2, .emit = YE_ALWAYS,
	  .doc = "The DMAR Flags byte (bit 0 INTR_REMAP, bit 1 X2APIC_OPT_OUT, bit 2 "
		 "DMA_CTRL_PLATFORM_OPT_IN).",
	  .def = "0" },
	{ K("rmrr"), .type = YT_HOOK, .dflt = IOT_X86_RMRR, .hooks = &entries_hooks,
	  .sub = &yt_x86_entry,
	  .doc = "Reserved memory regions: segment, base, end (inclusive), flags and scopes.  A "
		 "function an RMRR names (or one below a bridge it names) needs its region "
		 "identity mapped, unless it is USB or graphics.",
	  .def = "[]" },
	{ K("atsr"), .type = YT_HOOK, .dflt = IOT_X86_ATSR, .hooks = &entries_hooks,
	  .sub = &yt_x86_entry,
	  .doc = "Root ports whose devices may use ATS: segment, flags, all-ports and scopes.",
	  .def = "[]" },
	{ K("satc"), .type = YT_HOOK, .dflt = IOT_X86_SATC, .hooks = &entries_hooks,
	  .sub = &yt_x86_entry,
	  .doc = "SoC-integrated devices with an address translation cache: segment, flags and "
		 "scopes.",
	  .def = "[]" },
	{ K("sidp"), .type = YT_HOOK, .dflt = IOT_X86_SIDP, .hooks = &entries_hooks,
	  .sub = &yt_x86_entry,
	  .doc = "SoC-integrated devices with special properties (VT-d 4.1): segment and "
		 "scopes, whose flags say the property.  Linux does not read it.",
	  .def = "[]" },
	{ K("andd"), .type = YT_LIST, AT(T, x86_andds), .flags = YF_FLOW, .list = &andd_list,
	  .sub = &yt_andd, .doc = "ACPI namespace device declarations: number and name.",
	  .def = "[]" },
	{ K("raw"), .type = YT_LIST, AT(T, dmar_raws), .flags = YF_FLOW, .list = &dmar_raw_list,
	  .sub = &yt_x86_raw,
	  .doc = "Remapping structures of types iotopo does not read, as bytes.", .def = "[]" },
	{ K("table"), .type = YT_OBJ, AT(T, x86.dmar_fw), .sub = &yt_fw_table,
	  .hooks = &fw_table_obj_hooks,
	  .doc = "How the DMAR read was laid out beyond what the topology says (header reserved "
		 "bytes, a second table's OEM fields); written by decode.  Default: the canonical "
		 "layout." },
};
const struct ytable yt_dmar = TABLE("dmar", dmar_rows,
				    .doc = "What an Intel DMAR table says beyond its units (which "
					   "are intel-vtd IOMMUs).");

static const struct yfield ivrs_rows[] = {
	{ K("revision"), .type = YT_UINT, AT(T, x86.ivrs_revision), .emit = YE_ALWAYS,
	  .doc = "The table revision.", .def = "0" },
	{ K("ivinfo"), .type = YT_UINT, AT(T, x86.ivinfo), .fmt = YX_HEX8, .emit = YE_ALWAYS,
	  .doc = "The IVinfo field.", .def = "0" },
	{ K("ivhd-type"), .type = YT_UINT, AT(T, x86.ivhd_type), .fmt = YX_HEX2, .emit = YE_ALWAYS,
	  .doc = "The IVHD type Linux selects.", .def = "0" },
	{ K("ivmd"), .type = YT_HOOK, .dflt = IOT_X86_IVMD, .hooks = &entries_hooks,
	  .sub = &yt_x86_entry,
	  .doc = "Memory definitions: type, ids, aux, segment, base, end and flags.", .def = "[]" },
	{ K("raw"), .type = YT_LIST, AT(T, ivrs_raws), .flags = YF_FLOW, .list = &ivrs_raw_list,
	  .sub = &yt_x86_raw,
	  .doc = "Blocks of types iotopo does not read, as bytes; the writer puts each back at "
		 "its offset among the other blocks.",
	  .def = "[]" },
	{ K("table"), .type = YT_OBJ, AT(T, x86.ivrs_fw), .sub = &yt_fw_table,
	  .hooks = &fw_table_obj_hooks,
	  .doc = "How the IVRS read was laid out beyond what the topology says (header fields, "
		 "bytes after the last block); written by decode.  Default: the canonical "
		 "layout." },
};
#undef T
const struct ytable yt_ivrs = TABLE("ivrs", ivrs_rows,
				    .doc = "What an AMD IVRS table says beyond its units (which "
					   "are amd-vi IOMMUs).");

/* ---- pci-roots and the PCI functions below them ---- */

/* buses: [first, last] */
static bool buses_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_pci_root *r = obj;
	uint64_t a, b;
	const struct ynode *x, *y;

	if (!yis_seq(c, v))
		return false;
	if (v->n != 2) {
		yerr(c, v, "expected [first, last], got %u numbers", v->n);
		return false;
	}
	x = v + 1;
	y = ynext(x);
	ypush_index(c, 0);
	if (!yget_num(c, x, 0xff, &a)) {
		ypop(c);
		return false;
	}
	ypop(c);
	ypush_index(c, 1);
	if (!yget_num(c, y, 0xff, &b)) {
		ypop(c);
		return false;
	}
	ypop(c);
	if (b < a) {
		yerr(c, v, "last bus 0x%02llx is below first bus 0x%02llx", (unsigned long long)b,
		     (unsigned long long)a);
		return false;
	}
	r->bus_start = (uint8_t)a;
	r->bus_end = (uint8_t)b;
	return true;
}

static void buses_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_pci_root *r = obj;

	iot_buf_printf(e->b, "[0x%02x, 0x%02x]", r->bus_start, r->bus_end);
}

static bool buses_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_pci_root *x = a, *y = b;

	return x->bus_start == y->bus_start && x->bus_end == y->bus_end;
}

static const struct yhooks buses_hooks = {
	.parse = buses_parse,
	.present = always,
	.emit = buses_emit,
	.equal = buses_equal,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/u8\"}, "
		  "\"minItems\": 2, \"maxItems\": 2}",
	.man_type = "list of two numbers, u8",
};

/* bdf: checked (and the function created) by the devices walk below */
static void dev_bdf_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_pci_dev *pd = obj;
	char bdf[8];

	iot_bdf_format(bdf, pd->bus, pd->devfn);
	iot_buf_printf(e->b, "\"%s\"", bdf);
}

static bool dev_bdf_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_pci_dev *x = a, *y = b;

	return x->bus == y->bus && x->devfn == y->devfn;
}

static const struct yhooks dev_bdf_hooks = { .parse = name_parse,
					     .present = always,
					     .emit = dev_bdf_emit,
					     .equal = dev_bdf_equal,
					     .schema = "{\"$ref\": \"#/definitions/bdf\"}",
					     .man_type = "BDF, required" };

/* id: "vvvv:dddd" */
static bool parse_pci_id(const char *s, size_t len, uint16_t *ven, uint16_t *dev)
{
	uint32_t x = 0;

	if (len != 9 || s[4] != ':')
		return false;
	for (size_t i = 0; i < 9; i++) {
		char ch = s[i];

		if (i == 4)
			continue;
		if (ch >= '0' && ch <= '9')
			x = x << 4 | (uint32_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			x = x << 4 | (uint32_t)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			x = x << 4 | (uint32_t)(ch - 'A' + 10);
		else
			return false;
	}
	*ven = (uint16_t)(x >> 16);
	*dev = (uint16_t)x;
	return true;
}

static bool pci_id_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_pci_dev *pd = obj;
	char tmp[200];

	if (!ycheck_str(c, v))
		return false;
	if (!parse_pci_id(v->s, v->len, &pd->vendor, &pd->device)) {
		yerr(c, v, "'%s' is not a vendor:device pair like \"8086:10d3\"",
		     yshow(v, tmp, sizeof(tmp)));
		return false;
	}
	pd->has_ids = true;
	return true;
}

static bool pci_id_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_pci_dev *)obj)->has_ids;
}

static void pci_id_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_pci_dev *pd = obj;

	iot_buf_printf(e->b, "\"%04x:%04x\"", pd->vendor, pd->device);
}

static bool pci_id_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_pci_dev *x = a, *y = b;

	return x->has_ids == y->has_ids && x->vendor == y->vendor && x->device == y->device;
}

static const struct yhooks pci_id_hooks = { .parse = pci_id_parse,
					    .present = pci_id_present,
					    .emit = pci_id_emit,
					    .equal = pci_id_equal,
					    .schema = "{\"$ref\": \"#/definitions/pci-id\"}",
					    .man_type = "string" };

static bool subsys_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_pci_dev *pd = obj;
	char tmp[200];

	if (!ycheck_str(c, v))
		return false;
	if (!parse_pci_id(v->s, v->len, &pd->subsystem_vendor, &pd->subsystem_device)) {
		yerr(c, v, "'%s' is not a vendor:device pair like \"9005:02bb\"",
		     yshow(v, tmp, sizeof(tmp)));
		return false;
	}
	return true;
}

static bool subsys_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_pci_dev *pd = obj;

	return pd->subsystem_vendor || pd->subsystem_device;
}

static void subsys_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_pci_dev *pd = obj;

	iot_buf_printf(e->b, "\"%04x:%04x\"", pd->subsystem_vendor, pd->subsystem_device);
}

static bool subsys_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_pci_dev *x = a, *y = b;

	return x->subsystem_vendor == y->subsystem_vendor &&
	       x->subsystem_device == y->subsystem_device;
}

static const struct yhooks subsys_hooks = { .parse = subsys_parse,
					    .present = subsys_present,
					    .emit = subsys_emit,
					    .equal = subsys_equal,
					    .schema = "{\"$ref\": \"#/definitions/pci-id\"}",
					    .man_type = "string" };

/* acs, acs-ctrl: a list of control words; `has_off` says the list was given */
static const char *const acs_words[] = { "sv", "tb", "rr", "cr", "uf", "ec", "dt", NULL };

static bool acs_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	uint16_t *bits = yf_ptr(f, obj);
	size_t i = 0;

	*(bool *)((char *)obj + f->has_off) = true;
	*bits = 0;
	if (!yis_seq(c, v))
		return false;
	YSEQ_FOR(it, v)
	{
		int b;

		ypush_index(c, i++);
		b = yget_enum(c, it, acs_words);
		if (b >= 0 && (*bits & (1u << b)))
			yerr(c, it, "'%s' is listed twice", acs_words[b]);
		else if (b >= 0)
			*bits |= (uint16_t)(1u << b);
		ypop(c);
	}
	return true;
}

static bool acs_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return *(const bool *)((const char *)obj + f->has_off);
}

static void acs_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	uint16_t bits = *(const uint16_t *)yf_cptr(f, obj);
	int n = 0;

	iot_buf_addc(e->b, '[');
	for (size_t i = 0; acs_words[i]; i++)
		if (bits & (1u << i))
			iot_buf_printf(e->b, "%s%s", n++ ? ", " : "", acs_words[i]);
	iot_buf_addc(e->b, ']');
}

static bool acs_equal(const struct yfield *f, const void *a, const void *b)
{
	return *(const bool *)((const char *)a + f->has_off) ==
		       *(const bool *)((const char *)b + f->has_off) &&
	       *(const uint16_t *)yf_cptr(f, a) == *(const uint16_t *)yf_cptr(f, b);
}

static const struct yhooks acs_hooks = { .parse = acs_parse,
					 .present = acs_present,
					 .emit = acs_emit,
					 .equal = acs_equal,
					 .schema = "{\"$ref\": \"#/definitions/acs\"}",
					 .man_type = "list of words" };

/* secondary, subordinate: written for bridges with something below them */
static bool bus_numbers_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_pci_dev *pd = obj;

	return iot_pci_type_is_bridge(pd->type) && (e->kids || pd->secondary || pd->subordinate);
}

static const struct yhooks bus_numbers_hooks = { .parse = name_parse,
						 .present = bus_numbers_present };

static void sriov_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	struct iot_pci_dev *pd = obj;

	if (pd->sriov_num_vfs > pd->sriov_total_vfs) {
		ypush_key(c, "num-vfs");
		yerr(c, yget(m, "num-vfs"), "%u VFs enabled but total-vfs is %u", pd->sriov_num_vfs,
		     pd->sriov_total_vfs);
		ypop(c);
	}
}

#define PD struct iot_pci_dev
static const struct yfield sriov_rows[] = {
	{ K("total-vfs"), .type = YT_UINT, AT(PD, sriov_total_vfs), .req = YM_ALL,
	  .emit = YE_ALWAYS, .doc = "TotalVFs." },
	{ K("num-vfs"), .type = YT_UINT, AT(PD, sriov_num_vfs), .emit = YE_ALWAYS,
	  .doc = "Enabled VFs, at most total-vfs.", .def = "0" },
	{ K("offset"), .type = YT_UINT, AT(PD, sriov_offset), .emit = YE_ALWAYS,
	  .doc = "First VF Offset.", .def = "0" },
	{ K("stride"), .type = YT_UINT, AT(PD, sriov_stride), .emit = YE_ALWAYS,
	  .doc = "VF Stride.", .def = "0" },
};
static const struct ytable yt_sriov =
	TABLE("sriov", sriov_rows, .finish = sriov_finish, .doc = "The SR-IOV capability.");

static bool sriov_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_pci_dev *pd = obj;

	return pd->sriov_total_vfs || pd->sriov_num_vfs || pd->sriov_offset || pd->sriov_stride;
}

static const struct yhooks sriov_hooks = { .present = sriov_present };

static bool children_present(const struct yem *e, const struct yfield *f, const void *obj);
static void children_emit(struct yem *e, const struct yfield *f, const void *obj, int ind);

static const struct yhooks children_hooks = {
	.parse = name_parse,
	.present = children_present,
	.emit = children_emit,
	.block = true,
	.equal = NULL,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/pci-device\"}}",
	.man_type = "list",
};

/* host-use: a list of words, bits of an unsigned int */
static const char *const host_use_words[] = { "root-fs", "mounted", "boot-vga", NULL };

static bool host_use_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	unsigned int *bits = yf_ptr(f, obj);
	size_t i = 0;

	if (!yis_seq(c, v))
		return false;
	*bits = 0;
	YSEQ_FOR(it, v)
	{
		int b;

		ypush_index(c, i++);
		b = yget_enum(c, it, host_use_words);
		if (b >= 0)
			*bits |= 1u << b;
		ypop(c);
	}
	return true;
}

static bool host_use_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return *(const unsigned int *)yf_cptr(f, obj) != 0;
}

static void host_use_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	unsigned int bits = *(const unsigned int *)yf_cptr(f, obj);
	int n = 0;

	iot_buf_addc(e->b, '[');
	for (size_t i = 0; host_use_words[i]; i++)
		if (bits & (1u << i))
			iot_buf_printf(e->b, "%s%s", n++ ? ", " : "", host_use_words[i]);
	iot_buf_addc(e->b, ']');
}

static bool host_use_equal(const struct yfield *f, const void *a, const void *b)
{
	return *(const unsigned int *)yf_cptr(f, a) == *(const unsigned int *)yf_cptr(f, b);
}

static const struct yhooks host_use_hooks = {
	.parse = host_use_parse,
	.present = host_use_present,
	.emit = host_use_emit,
	.equal = host_use_equal,
	.schema = "{\"type\": \"array\", \"uniqueItems\": true, \"items\": {\"enum\": "
		  "[\"root-fs\", \"mounted\", \"boot-vga\"]}}",
	.man_type = "list of words",
};

static const struct yfield pci_dev_rows[] = {
	{ K("bdf"), .type = YT_HOOK, .flags = YF_DOCREQ, .hooks = &dev_bdf_hooks,
	  .doc = "The function's address.  A function directly under a root must be on one of "
		 "the root's buses; a child must be on its parent's secondary bus; no BDF appears "
		 "twice on a root." },
	{ K("type"), .type = YT_WORD, AT(PD, type), .req = YM_ALL, .words = iot_pci_type_names,
	  .emit = YE_ALWAYS,
	  .doc = "endpoint, legacy-endpoint, rciep, rcec, root-port, upstream-port, "
		 "downstream-port, pcie-pci-bridge, pci-pcie-bridge, pci-bridge (conventional), "
		 "pci-endpoint (a conventional function without a PCI Express capability) or "
		 "host-bridge.  The port and bridge types are bridges." },
	{ K("id"), .type = YT_HOOK, .hooks = &pci_id_hooks,
	  .doc = "Vendor and device ID, \"vvvv:dddd\" in hex.  Default: unknown." },
	{ K("class"), .type = YT_UINT, AT(PD, class_code), .max = 0xffffff, .fmt = YX_HEX6,
	  .doc = "24-bit class code.", .def = "0" },
	{ K("revision"), .type = YT_UINT, AT(PD, revision), .fmt = YX_HEX, .doc = "Revision ID.",
	  .def = "0" },
	{ K("subsystem-id"), .type = YT_HOOK, .hooks = &subsys_hooks,
	  .doc = "Subsystem vendor and device ID, \"vvvv:dddd\" in hex (what some quirks "
		 "match).  Default: unknown." },
	{ K("multifunction"), .type = YT_BOOL, AT(PD, multifunction), .doc = "Header type bit 7.",
	  .def = "false" },
	{ K("acs"), .type = YT_HOOK, AT(PD, acs_cap), .has_off = offsetof(PD, has_acs),
	  .hooks = &acs_hooks,
	  .doc = "The ACS capability is present and advertises these controls: sv, tb, rr, cr, "
		 "uf, ec, dt, each at most once; [] means the capability exists with no "
		 "controls.  Default: no ACS capability." },
	{ K("acs-ctrl"), .type = YT_HOOK, AT(PD, acs_ctrl), .has_off = offsetof(PD, acs_ctrl_set),
	  .hooks = &acs_hooks,
	  .doc = "The ACS controls firmware left enabled, before Linux enables its own.  "
		 "Default: not known." },
	{ K("secondary"), .type = YT_UINT, AT(PD, secondary), .fmt = YX_HEX,
	  .hooks = &bus_numbers_hooks,
	  .doc = "Bridges only: the secondary bus number, above the bridge's own bus.  Default: "
		 "the first child's bus." },
	{ K("subordinate"), .type = YT_UINT, AT(PD, subordinate), .fmt = YX_HEX,
	  .hooks = &bus_numbers_hooks,
	  .doc = "Bridges only: the subordinate bus number; needs a secondary bus, given or "
		 "taken from the children.  Default: the highest bus below the bridge (the "
		 "secondary bus when nothing is below it)." },
	{ K("sriov"), .type = YT_OBJ, .sub = &yt_sriov, .hooks = &sriov_hooks,
	  .doc = "SR-IOV capability: total-vfs (required), num-vfs (enabled VFs, at most "
		 "total-vfs), offset and stride, each a number, u16, default 0." },
	{ K("vf"), .type = YT_BOOL, AT(PD, is_vf),
	  .doc = "The function is an SR-IOV virtual function.", .def = "false" },
	DRIVER_ROW(PD),
	{ K("external-facing"), .type = YT_BOOL, AT(PD, external_facing),
	  .doc = "An untrusted, externally exposed port.", .def = "false" },
	{ K("ats"), .type = YT_BOOL, AT(PD, has_ats),
	  .doc = "The function has the ATS extended capability.", .def = "false" },
	{ K("pri"), .type = YT_BOOL, AT(PD, has_pri),
	  .doc = "The function has the PRI extended capability.", .def = "false" },
	{ K("pasid"), .type = YT_BOOL, AT(PD, has_pasid),
	  .doc = "The function has the PASID extended capability (AMD-Vi gives such devices "
		 "identity domains when its units support the IOMMUv2 features).",
	  .def = "false" },
	{ K("ari"), .type = YT_BOOL, AT(PD, has_ari),
	  .doc = "The function has the ARI extended capability.", .def = "false" },
	{ K("ari-forwarding"), .type = YT_BOOL, AT(PD, ari_forwarding),
	  .doc = "Ports: ARI Forwarding Enable (Device Control 2 bit 5).", .def = "false" },
	{ K("slot"), .type = YT_STR, AT(PD, slot),
	  .doc = "The physical slot's name (sysfs bus/pci/slots).  Default: none." },
	{ K("host-use"), .type = YT_HOOK, AT(PD, host_use), .hooks = &host_use_hooks,
	  .doc = "What the running host uses the function for: root-fs (it backs the root "
		 "filesystem), mounted (another mounted filesystem or active swap), boot-vga "
		 "(the boot display); such a function is not one to give to a VM.",
	  .def = "[]" },
	{ K("host-use-what"), .type = YT_STR, AT(PD, host_use_what),
	  .doc = "The host use in words, e.g. \"/ (ext4 on nvme0n1p2)\".  Default: none." },
	{ K("children"), .type = YT_HOOK, .hooks = &children_hooks,
	  .doc = "Bridges only: the functions on the bridge's secondary bus, as a tree.",
	  .def = "[]" },
};
#undef PD
const struct ytable yt_pci_dev =
	TABLE("PCI functions", pci_dev_rows,
	      .schema_extra = "{\"if\": {\"properties\": {\"type\": {\"enum\": [\"endpoint\", "
			      "\"legacy-endpoint\", \"rciep\", \"rcec\", \"pci-endpoint\", "
			      "\"host-bridge\"]}}, \"required\": [\"type\"]}, \"then\": "
			      "{\"properties\": {\"children\": false, \"secondary\": false, "
			      "\"subordinate\": false}}}",
	      .doc = "A PCI function: each item of devices and of children.");

struct devwalk {
	struct iot_pci_root *r;
	uint8_t min_bus, max_bus; /* allowed range for this level's subtree */
	int expect_bus; /* bus every function at this level is on, or -1 */
	int parent;
	const char *where; /* "the root's bus range" or the parent's BDF */
	unsigned int *bdf_line; /* per RID: line of the function seen there, 0 = none */
};

static void parse_devices(struct yctx *c, const struct ynode *list, const struct devwalk *w,
			  uint8_t *max_seen);

static void dev_children(struct yctx *c, const struct ynode *v, struct iot_pci_root *r, int idx,
			 bool sec_given, bool sub_given, const struct devwalk *w, uint8_t *max_seen)
{
	const struct ynode *kids = yget(v, "children");
	struct iot_pci_dev *pd = &r->devs[idx];
	struct devwalk cw = { .r = r, .parent = idx, .bdf_line = w->bdf_line };
	char where[64];
	uint8_t sub_seen = 0;

	if (!kids)
		return;
	ypush_key(c, "children");
	if (!iot_pci_type_is_bridge(pd->type)) {
		yerr(c, kids, "type %s has no secondary bus; only bridges and ports have children",
		     iot_pci_type_name(pd->type));
		ypop(c);
		return;
	}
	if (!yis_seq(c, kids)) {
		ypop(c);
		return;
	}
	if (!sec_given && kids->n > 0 && kids[1].kind == YN_MAP) {
		/* no secondary given: the first child's bus is it */
		const struct ynode *b = yget(kids + 1, "bdf");
		uint8_t bus, devfn;

		if (b && b->kind == YN_SCALAR && yparse_bdf(b->s, b->len, &bus, &devfn)) {
			if (bus <= pd->bus) {
				ypush_index(c, 0);
				ypush_key(c, "bdf");
				yerr(c, b,
				     "bus %02x is not below bridge %02x:%02x.%x, whose secondary "
				     "bus must be above its own bus %02x",
				     bus, pd->bus, pd->devfn >> 3, pd->devfn & 7, pd->bus);
				ypop(c);
				ypop(c);
				ypop(c);
				return;
			}
			pd->secondary = bus;
		}
	}
	iot_bdf_format(where, pd->bus, pd->devfn);
	snprintf(where + strlen(where), sizeof(where) - strlen(where), "'s secondary bus");
	cw.expect_bus = pd->secondary;
	cw.min_bus = w->min_bus;
	cw.max_bus = sub_given ? pd->subordinate : w->max_bus;
	cw.where = where;
	sub_seen = pd->secondary;
	parse_devices(c, kids, &cw, &sub_seen);
	pd = &r->devs[idx]; /* devs may have moved */
	if (!sub_given)
		pd->subordinate = sub_seen;
	if (sub_seen > *max_seen)
		*max_seen = sub_seen;
	if (pd->subordinate > *max_seen)
		*max_seen = pd->subordinate;
	ypop(c);
}

static bool dev_bus_number(struct yctx *c, const struct ynode *v, const char *key, uint8_t *out)
{
	const struct ynode *n = yget(v, key);
	uint64_t x;
	bool ok;

	if (!n)
		return false;
	ypush_key(c, key);
	ok = yget_num(c, n, 0xff, &x);
	ypop(c);
	if (ok)
		*out = (uint8_t)x;
	return ok;
}

static void parse_device(struct yctx *c, const struct ynode *v, const struct devwalk *w,
			 uint8_t *max_seen)
{
	struct iot_pci_root *r = w->r;
	struct iot_pci_dev *pd;
	const struct ynode *n;
	bool sec_given, sub_given;
	uint8_t bus = 0, devfn = 0;
	char tmp[200];
	int idx;

	if (v->kind != YN_MAP) {
		yerr(c, v, "expected a mapping, got %s", ykind_name(v));
		return;
	}
	ycheck_keys(c, v, &yt_pci_dev);
	if (!(n = yget(v, "bdf"))) {
		ymissing(c, v, "bdf");
		return;
	} else {
		bool ok;

		ypush_key(c, "bdf");
		ok = ycheck_str(c, n);
		if (ok && !yparse_bdf(n->s, n->len, &bus, &devfn)) {
			yerr(c, n, "'%s' is not a bus:device.function like \"00:1f.7\"",
			     yshow(n, tmp, sizeof(tmp)));
			ok = false;
		}
		if (ok && w->expect_bus >= 0 && bus != w->expect_bus) {
			yerr(c, n, "bus %02x is not %s (%02x)", bus, w->where, w->expect_bus);
			ok = false;
		} else if (ok && (bus < w->min_bus || bus > w->max_bus)) {
			yerr(c, n, "bus %02x is outside %s [%02x-%02x]", bus, w->where, w->min_bus,
			     w->max_bus);
			ok = false;
		}
		if (ok && w->bdf_line[iot_rid(bus, devfn)]) {
			yerr(c, n, "%s is listed twice (first at line %u)", n->s,
			     w->bdf_line[iot_rid(bus, devfn)]);
			ok = false;
		} else if (ok) {
			w->bdf_line[iot_rid(bus, devfn)] = yline(c, v);
		}
		ypop(c);
		if (!ok)
			return;
	}
	idx = (int)r->n_devs;
	pd = iot_root_add_dev(r);
	pd->bus = bus;
	pd->devfn = devfn;
	pd->parent = w->parent;
	pd->loc = yloc(c, v);
	if (bus > *max_seen)
		*max_seen = bus;
	/* every other key by the table (bdf, secondary, subordinate, children: below) */
	yread_fields(c, v, &yt_pci_dev, pd);
	if (yget(v, "secondary") || yget(v, "subordinate")) {
		const struct ynode *k = ykey(v, yget(v, "secondary") ? "secondary" : "subordinate");

		if (!iot_pci_type_is_bridge(pd->type))
			yerr(c, k, "'%s' applies to bridges and ports only", k->s);
	}
	sec_given = dev_bus_number(c, v, "secondary", &pd->secondary);
	sub_given = dev_bus_number(c, v, "subordinate", &pd->subordinate);
	if (sec_given && pd->secondary <= bus) {
		ypush_key(c, "secondary");
		yerr(c, yget(v, "secondary"),
		     "secondary bus %02x is not above the bridge's bus %02x", pd->secondary, bus);
		ypop(c);
	} else if (sub_given && sec_given && pd->subordinate < pd->secondary) {
		ypush_key(c, "subordinate");
		yerr(c, yget(v, "subordinate"), "subordinate bus %02x is below secondary bus %02x",
		     pd->subordinate, pd->secondary);
		ypop(c);
	}
	dev_children(c, v, r, idx, sec_given, sub_given, w, max_seen);
	pd = &r->devs[idx]; /* devs may have moved */
	if (sub_given && !pd->secondary) {
		yerr(c, ykey(v, "subordinate"),
		     "'subordinate' needs 'secondary' (or children to take it from)");
	} else if (!sub_given && pd->subordinate < pd->secondary) {
		/* a bridge with an empty secondary bus */
		pd->subordinate = pd->secondary;
	}
}

static void parse_devices(struct yctx *c, const struct ynode *list, const struct devwalk *w,
			  uint8_t *max_seen)
{
	size_t i = 0;

	if (!yis_seq(c, list))
		return;
	YSEQ_FOR(it, list)
	{
		ypush_index(c, i++);
		parse_device(c, it, w, max_seen);
		ypop(c);
	}
}

static bool devices_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_pci_root *r = obj;
	struct devwalk w = { .r = r, .expect_bus = -1, .parent = IOT_NONE };
	uint8_t max_seen = 0;

	w.min_bus = r->bus_start;
	w.max_bus = r->bus_end;
	w.where = "the root's bus range";
	w.bdf_line = iot_xcalloc(0x10000, sizeof(*w.bdf_line));
	parse_devices(c, v, &w, &max_seen);
	free(w.bdf_line);
	return true;
}

/* Children of each function, in model order: built once per root, O(n). */
struct ytree {
	int *first; /* per function: first child, or -1 */
	int *next; /* per function: next sibling, or -1 */
	int top; /* first function on the root bus, or -1 */
};

static void tree_build(struct ytree *tr, const struct iot_pci_root *r)
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

static void emit_devs(struct yem *e, const struct iot_pci_root *r, const struct ytree *tr, int head,
		      int ind, unsigned int depth)
{
	for (int j = head; j >= 0; j = tr->next[j]) {
		const void *saved_tree = e->tree;
		unsigned int saved_depth = e->depth;

		e->dash = true;
		e->kids = tr->first[j] >= 0;
		e->tree = tr;
		e->root = r;
		e->depth = depth;
		yemit_block(e, &yt_pci_dev, &r->devs[j], ind);
		e->tree = saved_tree;
		e->depth = saved_depth;
	}
}

static bool children_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_pci_dev *pd = obj;
	const struct ytree *tr = e->tree;
	size_t i = (size_t)(pd - e->root->devs);

	/* the reader's depth limit bounds what can be read back; stop the same way */
	return tr && tr->first[i] >= 0 && iot_pci_type_is_bridge(pd->type) &&
	       e->depth < IOT_YAML_MAX_PCI_DEPTH;
}

static void children_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_pci_dev *pd = obj;
	const struct ytree *tr = e->tree;
	size_t i = (size_t)(pd - e->root->devs);

	emit_devs(e, e->root, tr, tr->first[i], ind + 4, e->depth + 1);
}

static bool devices_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return ((const struct iot_pci_root *)obj)->n_devs != 0;
}

static void devices_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_pci_root *r = obj;
	struct ytree tr;

	tree_build(&tr, r);
	emit_devs(e, r, &tr, tr.top, ind + 4, 0);
	e->tree = NULL;
	free(tr.first);
	free(tr.next);
}

static bool devices_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_pci_root *x = a, *y = b;

	if (x->n_devs != y->n_devs)
		return false;
	for (size_t k = 0; k < x->n_devs; k++)
		if (x->devs[k].parent != y->devs[k].parent ||
		    !ytable_equal(&yt_pci_dev, &x->devs[k], &y->devs[k]))
			return false;
	return true;
}

static const struct yhooks devices_hooks = {
	.parse = devices_parse,
	.present = devices_present,
	.emit = devices_emit,
	.block = true,
	.equal = devices_equal,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/pci-device\"}}",
	.man_type = "list",
};

/* iommu-map rows of one root must not overlap: the first would silently win (of_map_id) */
struct row_ref {
	const struct iot_map_row *row;
	size_t i;
};

static int cmp_row_ref(const void *a, const void *b)
{
	const struct row_ref *x = a, *y = b;

	if (x->row->in_base != y->row->in_base)
		return x->row->in_base < y->row->in_base ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Sorted by input base, a row overlaps an earlier one exactly when it
 * starts at or before the furthest end seen so far.
 */
static void check_overlap(struct yctx *c, const struct ynode *rm, const struct iot_idmap *m,
			  const char *key)
{
	const struct ynode *list = yget(rm, key);
	const struct row_ref *reach = NULL;
	struct row_ref *v;
	size_t n = 0;

	if (!list || list->kind != YN_SEQ || list->n != m->n)
		return; /* rows were dropped for other errors */
	v = iot_xcalloc(m->n + 1, sizeof(*v));
	for (size_t i = 0; i < m->n; i++)
		if (!m->rows[i].single) {
			v[n].row = &m->rows[i];
			v[n++].i = i;
		}
	qsort(v, n, sizeof(*v), cmp_row_ref);
	for (size_t k = 0; k < n; k++) {
		const struct row_ref *a = reach, *b = &v[k];

		if (a && b->row->in_base <= iot_row_last(a->row)) {
			/* report on the later row of the file, naming the earlier */
			const struct row_ref *late = a->i > b->i ? a : b;
			const struct row_ref *early = a->i > b->i ? b : a;

			ypush_key(c, key);
			ypush_index(c, late->i);
			yerr(c, yseq_item(list, late->i),
			     "RIDs 0x%x-0x%llx overlap row %zu (0x%x-0x%llx); the first row would win",
			     late->row->in_base, (unsigned long long)iot_row_last(late->row),
			     early->i, early->row->in_base,
			     (unsigned long long)iot_row_last(early->row));
			ypop(c);
			ypop(c);
		}
		if (!reach || iot_row_last(b->row) > iot_row_last(reach->row))
			reach = b;
	}
	free(v);
}

static void root_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	struct iot_pci_root *r = obj;

	/* rows decoded from an IORT are the table's: iort.c's overlap workaround applies, lint says */
	if (!r->fw.has_offset)
		check_overlap(c, m, &r->iommu_map, "iommu-map");
	r->dt_fsl_mc = iot_compat_has(&r->compatible, "fsl,qoriq-mc");
}

/* what dt.msi-parent implies is not written twice */
static bool root_msi_map_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	return map_present(e, f, obj) && !iot_root_msi_map_implied(obj);
}

static const struct yhooks root_msi_map_hooks = {
	.parse = map_parse,
	.present = root_msi_map_present,
	.emit = map_emit,
	.block = true,
	.equal = map_equal,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/rc-msi-row\"}}",
	.man_type = "list",
};

#define R struct iot_pci_root
static const struct yfield root_rows[] = {
	NAME_ROW(R, root_name_hooks),
	{ K("status"), .type = YT_WORD, AT(R, status), .words = status_words,
	  .doc = "DT status of the host bridge: a disabled one is never probed.",
	  .def = "\"okay\"" },
	{ K("segment"), .type = YT_UINT, AT(R, segment), .emit = YE_ALWAYS,
	  .doc = "PCI segment (DT linux,pci-domain).", .def = "0" },
	{ K("buses"), .type = YT_HOOK, .hooks = &buses_hooks,
	  .doc = "First and last bus number; the last must not be below the first.",
	  .def = "[0, 255]" },
	{ K("ecam"), .type = YT_UINT, AT(R, ecam), .fmt = YX_HEX,
	  .doc = "ECAM base address; 0: not given.", .def = "0" },
	{ K("ats"), .type = YT_BOOL, AT(R, ats), .doc = "The root complex supports ATS.",
	  .def = "false" },
	{ K("pri"), .type = YT_BOOL, AT(R, pri), .doc = "The root complex supports PRI.",
	  .def = "false" },
	{ K("pasid"), .type = YT_BOOL, AT(R, pasid), .doc = "The root complex supports PASID.",
	  .def = "false" },
	{ K("pasid-fwd"), .type = YT_BOOL, AT(R, pasid_fwd),
	  .doc = "The root complex forwards PASIDs.", .def = "false" },
	{ K("pasid-bits"), .type = YT_UINT, AT(R, pasid_bits), .max = 20,
	  .doc = "Maximum PASID width.", .def = "0" },
	{ K("preserve-config"), .type = YT_BOOL, AT(R, preserve_config),
	  .doc = "Firmware preserves the PCI configuration (_DSM function 5); RMRs then apply to "
		 "PCI devices.",
	  .def = "false" },
	MEM_ROW(R),
	IDENT_ROW(R),
	{ K("iommu-map"), .type = YT_HOOK, AT(R, iommu_map),
	  .words = (const char *const *)(const void *)&rc_iommu_map, .hooks = &rc_iommu_map_hooks,
	  .sub = &yt_rc_iommu_row,
	  .doc = "How requester IDs reach IOMMUs: rows of rid-base, length, iommu and "
		 "iommu-base, within 32 bits; single marks an IORT single mapping, for which "
		 "rid-base and length may be left out.  Rows on one root must not overlap.  A "
		 "root without iommu-map bypasses the IOMMUs.",
	  .def = "[]" },
	{ K("iommu-map-mask"), .type = YT_HOOK, AT(R, iommu_map), .hooks = &mask_hooks,
	  .doc = "DT iommu-map-mask.  Default: none." },
	{ K("msi-map"), .type = YT_HOOK, AT(R, msi_map),
	  .words = (const char *const *)(const void *)&rc_msi_map, .hooks = &root_msi_map_hooks,
	  .sub = &yt_rc_msi_row,
	  .doc = "How requester IDs reach ITSs: rows of rid-base, length, msi (an MSI "
		 "controller's name) and msi-base.",
	  .def = "[]" },
	{ K("msi-map-mask"), .type = YT_HOOK, AT(R, msi_map), .hooks = &mask_hooks,
	  .doc = "DT msi-map-mask.  Default: none." },
	{ K("dt"), .type = YT_OBJ, .sub = &yt_root_dt, .doc = "Device Tree naming: path and label.",
	  .def = "{}" },
	{ K("acpi"), .type = YT_OBJ, .sub = &yt_root_acpi,
	  .doc = "ACPI naming: path, the host bridge's namespace path.", .def = "{}" },
	{ K("devices"), .type = YT_HOOK, .hooks = &devices_hooks, .sub = &yt_pci_dev,
	  .doc = "The PCI functions on the root's buses, as a tree (see PCI functions).",
	  .def = "[]" },
	FW_NODE_ROW(R),
};
#undef R
const struct ytable yt_root =
	TABLE("pci-roots", root_rows, .finish = root_finish,
	      .doc = "A PCI host bridge: a DT PCI host node, an IORT root complex node or a VIOT "
		     "PCI range.");

/* ---- platform-devices ---- */

static const struct ytable yt_sid;

static bool sid_parse_item(struct yctx *c, const struct ynode *n, struct iot_dev_iommu *di,
			   const struct iot_iommu *u)
{
	uint64_t id = 0, mask = 0;
	bool has_mask = false;

	if (n->kind == YN_MAP) {
		const struct ynode *v;

		ycheck_keys(c, n, &yt_sid);
		if (!(v = yget(n, "id"))) {
			ymissing(c, n, "id");
			return false;
		}
		ypush_key(c, "id");
		if (!yget_num(c, v, UINT32_MAX, &id)) {
			ypop(c);
			return false;
		}
		ypop(c);
		if ((v = yget(n, "mask"))) {
			bool ok;

			ypush_key(c, "mask");
			ok = yget_num(c, v, UINT32_MAX, &mask);
			if (ok && u && u->iommu_cells != 2) {
				yerr(c, v,
				     "IOMMU %s takes one-cell IDs; a mask needs iommu-cells: 2",
				     u->name);
				ok = false;
			}
			ypop(c);
			if (!ok)
				return false;
			has_mask = true;
		}
	} else if (!yget_num(c, n, UINT32_MAX, &id)) {
		return false;
	}
	/* sids_parse sized the array for the whole list */
	di->ids[di->n_ids++] = (struct iot_sid){ .id = (uint32_t)id,
						 .mask = (uint32_t)mask,
						 .has_mask = has_mask };
	return true;
}

/* model other with #iommu-cells 0 (no IDs) or 3 or more (each ID a list of cells) */
static bool raw_cells(const struct iot_iommu *u)
{
	return u && u->model == IOT_IOMMU_OTHER && (u->iommu_cells == 0 || u->iommu_cells > 2);
}

static bool cells_parse(struct yctx *c, const struct ynode *ids, struct iot_dev_iommu *di,
			const struct iot_iommu *u)
{
	size_t i = 0;

	if (u->iommu_cells == 0) {
		yerr(c, ids, "IOMMU %s has iommu-cells: 0; its clients name no IDs", u->name);
		return false;
	}
	if (!yis_seq(c, ids))
		return false;
	di->cells = iot_xcalloc(ids->n * u->iommu_cells + 1, sizeof(*di->cells));
	YSEQ_FOR(e, ids)
	{
		ypush_index(c, i++);
		if (e->kind != YN_SEQ || e->n != u->iommu_cells) {
			yerr(c, e, "IOMMU %s takes %u cells per ID: give [c0, c1, ...]", u->name,
			     u->iommu_cells);
		} else {
			for (size_t k = 0; k < e->n; k++) {
				uint64_t x;

				if (item_num(c, e, k, UINT32_MAX, &x))
					di->cells[di->n_cells++] = (uint32_t)x;
			}
		}
		ypop(c);
	}
	return true;
}

static bool sids_parse(struct yctx *c, const struct yfield *f, const struct ynode *v, void *obj)
{
	struct iot_dev_iommu *di = obj;
	const struct iot_iommu *u = di->iommu >= 0 ? &c->t->iommus[di->iommu] : NULL;
	size_t i = 0, cap = 1;

	if (raw_cells(u))
		return cells_parse(c, v, di, u);
	if (!yis_seq(c, v))
		return false;
	if (v->n == 0)
		yerr(c, v, "a device needs at least one ID at its IOMMU");
	/*
	 * sized once from the list, to the power of two iot_dev_iommu_add_id()
	 * takes it to hold (it grows an array whose count reaches one), so
	 * sid_parse_item appends without a realloc per ID
	 */
	for (size_t want = di->n_ids + v->n; cap < want;)
		cap *= 2;
	di->ids = iot_topology_move(c->t, di->ids, di->n_ids * sizeof(*di->ids),
				    cap * sizeof(*di->ids));
	YSEQ_FOR(it, v)
	{
		ypush_index(c, i++);
		sid_parse_item(c, it, di, u);
		ypop(c);
	}
	return true;
}

static bool sids_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_dev_iommu *di = obj;

	return di->n_ids || di->n_cells || !raw_cells(&e->t->iommus[di->iommu]);
}

static void sids_emit(struct yem *e, const struct yfield *f, const void *obj, int ind)
{
	const struct iot_dev_iommu *di = obj;

	if (di->n_cells) {
		/* #iommu-cells 3 or more: each ID the whole specifier */
		unsigned int w = e->t->iommus[di->iommu].iommu_cells;

		iot_buf_addc(e->b, '[');
		for (size_t k = 0; w && k < di->n_cells; k++)
			iot_buf_printf(e->b, "%s0x%x%s",
				       k % w ? ", " :
				       k     ? ", [" :
					       "[",
				       di->cells[k], k % w == w - 1 ? "]" : "");
		iot_buf_addc(e->b, ']');
		return;
	}
	iot_buf_addc(e->b, '[');
	for (size_t k = 0; k < di->n_ids; k++) {
		if (k)
			iot_buf_adds(e->b, ", ");
		if (di->ids[k].has_mask)
			iot_buf_printf(e->b, "{id: 0x%x, mask: 0x%x}", di->ids[k].id,
				       di->ids[k].mask);
		else
			iot_buf_printf(e->b, "0x%x", di->ids[k].id);
	}
	iot_buf_addc(e->b, ']');
}

static bool sids_equal(const struct yfield *f, const void *a, const void *b)
{
	const struct iot_dev_iommu *x = a, *y = b;

	if (x->n_ids != y->n_ids || x->n_cells != y->n_cells ||
	    (x->n_cells && memcmp(x->cells, y->cells, x->n_cells * sizeof(*x->cells))))
		return false;
	for (size_t j = 0; j < x->n_ids; j++)
		if (x->ids[j].id != y->ids[j].id || x->ids[j].mask != y->ids[j].mask ||
		    x->ids[j].has_mask != y->ids[j].has_mask)
			return false;
	return true;
}

static const struct yhooks sids_hooks = {
	.parse = sids_parse,
	.present = sids_present,
	.emit = sids_emit,
	.equal = sids_equal,
	.schema =
		"{\"type\": \"array\", \"minItems\": 1, \"items\": {\"oneOf\": [{\"$ref\": "
		"\"#/definitions/u32\"}, {\"$ref\": \"#/definitions/sid\"}, {\"type\": \"array\", "
		"\"minItems\": 3, \"items\": {\"$ref\": \"#/definitions/u32\"}}]}}",
	.man_type = "list, required",
};

static const struct yfield sid_rows[] = {
	{ K("id"), .type = YT_UINT, .size = 4, .req = YM_ALL, .fmt = YX_HEX,
	  .doc = "The stream ID." },
	{ K("mask"), .type = YT_UINT, .size = 4, .fmt = YX_HEX,
	  .doc = "The SMR mask; only for an IOMMU with iommu-cells: 2.", .def = "0" },
};
static const struct ytable yt_sid =
	TABLE("stream ID", sid_rows, .doc = "A stream ID with an SMR mask (two-cell specifiers).");

static const struct yhooks dev_iommu_ref_hooks = {
	.present = ref_present,
	.emit = ref_emit,
	.schema = "{\"$ref\": \"#/definitions/name\"}",
	.man_type = "name, required",
};

static void dev_iommu_finish(struct yctx *c, const struct ytable *t, const struct ynode *m,
			     void *obj)
{
	const struct iot_dev_iommu *di = obj;
	const struct iot_iommu *u = di->iommu >= 0 ? &c->t->iommus[di->iommu] : NULL;

	if (!yget(m, "ids") && !(raw_cells(u) && u->iommu_cells == 0))
		ymissing(c, m, "ids");
}

static const struct yfield dev_iommu_rows[] = {
	{ K("iommu"), .type = YT_REF, AT(struct iot_dev_iommu, iommu), .ref = YREF_IOMMU,
	  .flags = YF_FIRST, .req = YM_ALL, .emit = YE_ALWAYS, .hooks = &dev_iommu_ref_hooks,
	  .doc = "The IOMMU's name." },
	{ K("ids"), .type = YT_HOOK, .hooks = &sids_hooks, .sub = &yt_sid,
	  .doc = "The device's IDs there: each a number (u32), or a mapping of id and mask "
		 "(an SMR mask, only for an IOMMU with iommu-cells: 2); for a model other IOMMU "
		 "with 3 or more cells each ID is the list of its cells.  Required, but for a "
		 "model other IOMMU with 0 cells, where it is left out." },
};
static const struct ytable yt_dev_iommu =
	TABLE("platform-devices.iommus", dev_iommu_rows, .finish = dev_iommu_finish,
	      .doc = "An IOMMU the device sits behind, and its IDs there.");

static bool dev_iommus_parse(struct yctx *c, const struct yfield *f, const struct ynode *v,
			     void *obj)
{
	struct iot_platdev *p = obj;
	/* a new device: its list in the pool, sized once from the file, filled in place */
	bool pooled = !p->iommus && v->kind == YN_SEQ && v->n;
	size_t i = 0;

	if (!yis_seq(c, v))
		return false;
	if (pooled)
		p->iommus = iot_topology_alloc(c->t, v->n * sizeof(*p->iommus));
	YSEQ_FOR(it, v)
	{
		struct iot_dev_iommu di = { .iommu = IOT_NONE, .loc = yloc(c, it) };

		ypush_index(c, i++);
		/* only an entry whose IOMMU resolves is kept */
		if (yread_obj(c, it, &yt_dev_iommu, &di) || di.iommu != IOT_NONE) {
			if (di.iommu == IOT_NONE)
				iot_topology_free_str(c->t, di.ids);
			else if (pooled)
				p->iommus[p->n_iommus++] = di;
			else
				*iot_platdev_add_iommu(p) = di;
		}
		ypop(c);
	}
	if (pooled && !p->n_iommus) {
		/* nothing kept: no pool memory behind an empty list */
		iot_topology_free_str(c->t, p->iommus);
		p->iommus = NULL;
	}
	return true;
}

/* the list of IOMMU entries: read by the hook above, written and compared by the table */
static const struct yhooks dev_iommus_hooks = {
	.parse = dev_iommus_parse,
	.schema = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/dev-iommu\"}}",
	.man_type = "list",
};
static const struct ylist dev_iommus_list = { .n_off = offsetof(struct iot_platdev, n_iommus),
					      .elem = sizeof(struct iot_dev_iommu) };

static const struct yfield iwb_rows[] = {
	{ K("config-base"), .type = YT_UINT, AT(struct iot_platdev, iwb_base), .fmt = YX_HEX,
	  .emit = YE_ALWAYS, .doc = "The IWB's config frame base.", .def = "0" },
	{ K("index"), .type = YT_UINT, AT(struct iot_platdev, iwb_index), .emit = YE_ALWAYS,
	  .doc = "The IWB's index.", .def = "0" },
};
static const struct ytable yt_iwb = TABLE("iwb", iwb_rows, .doc = "An IORT IWB node's fields.");

#define P struct iot_platdev
static const struct yfield platdev_rows[] = {
	NAME_ROW(P, platdev_name_hooks),
	{ K("status"), .type = YT_WORD, AT(P, status), .words = status_words,
	  .doc = "As for IOMMUs: okay, disabled or no-driver.", .def = "\"okay\"" },
	{ K("dt"), .type = YT_OBJ, .sub = &yt_platdev_dt,
	  .doc = "The DT node: path (starting with /) and compatible.", .def = "{}" },
	{ K("acpi"), .type = YT_OBJ, .sub = &yt_platdev_acpi,
	  .doc = "ACPI naming: path, the full namespace path with 4-character segments.",
	  .def = "{}" },
	{ K("iommus"), .type = YT_LIST, AT(P, iommus), .flags = YF_FLOW, .list = &dev_iommus_list,
	  .hooks = &dev_iommus_hooks, .sub = &yt_dev_iommu,
	  .doc = "One mapping per IOMMU the device sits behind: iommu (name, required) and ids "
		 "(list, required).",
	  .def = "[]" },
	{ K("iommu-map"), .type = YT_HOOK, AT(P, iommu_map),
	  .words = (const char *const *)(const void *)&rmr_id_map, .hooks = &rmr_map_hooks,
	  .sub = &yt_rmr_row,
	  .doc = "How the IDs the device's bus driver passes reach IOMMUs: a DT iommu-map on a "
		 "node that is no PCI host (Tegra host1x's context devices), or an IORT named "
		 "component's range mappings; rows of id-base, length, iommu and iommu-base as "
		 "for PCI roots.",
	  .def = "[]" },
	{ K("iommu-map-mask"), .type = YT_HOOK, AT(P, iommu_map), .hooks = &mask_hooks,
	  .doc = "DT iommu-map-mask.  Default: none." },
	{ K("msi-map"), .type = YT_HOOK, AT(P, msi_map),
	  .words = (const char *const *)(const void *)&smmu_msi_map, .hooks = &smmu_msi_map_hooks,
	  .sub = &yt_smmu_msi_row,
	  .doc = "The same to MSI controllers: a DT msi-map on a node that is no PCI host (i.MX95 "
		 "PCIe endpoint controllers), or an IORT named component's range mappings to "
		 "an ITS; rows of id-base, length, msi and msi-base.",
	  .def = "[]" },
	{ K("msi-map-mask"), .type = YT_HOOK, AT(P, msi_map), .hooks = &mask_hooks,
	  .doc = "DT msi-map-mask.  Default: none." },
	MSI_ROW(iot_platdev),
	MEM_ROW(P),
	{ K("stall"), .type = YT_BOOL, AT(P, nc_flags), .mask = 1,
	  .doc = "IORT named component: stall supported.", .def = "false" },
	{ K("pasid-bits"), .type = YT_UINT, AT(P, nc_flags), .shift = 1, .width = 5, .max = 20,
	  .doc = "IORT named component: PASID width.", .def = "0" },
	IDENT_ROW(P),
	DRIVER_ROW(P),
	{ K("iwb"), .type = YT_OBJ, .sub = &yt_iwb, .flags = YF_HAS, .has_off = offsetof(P, iwb),
	  .emit = YE_HAS,
	  .doc = "An IORT E.g IWB (GICv5 interrupt wire bridge) node instead of a named "
		 "component: config-base and index.  Default: none (a named component)." },
	{ K("mmio-base"), .type = YT_UINT, AT(P, mmio_base), HAS(P, has_mmio_base), .fmt = YX_HEX,
	  .doc = "A VIOT MMIO endpoint: the device's first MMIO resource, which names it in the "
		 "VIOT.  Default: none." },
	FW_NODE_ROW(P),
};
#undef P
const struct ytable yt_platdev =
	TABLE("platform-devices", platdev_rows,
	      .doc = "A DT device node, an IORT named component or a VIOT MMIO endpoint.");

/* ---- pmcgs, rmrs ---- */

static bool pmcg_device_present(const struct yem *e, const struct yfield *f, const void *obj)
{
	const struct iot_pmcg *p = obj;

	return !yem_name(e, YREF_IOMMU, p->iommu) && yem_name(e, YREF_PLATDEV, p->platdev);
}

static const struct yhooks pmcg_iommu_hooks = { .parse = name_parse,
						.present = ref_present,
						.emit = ref_emit,
						.schema = "{\"$ref\": \"#/definitions/name\"}",
						.man_type = "name" };
static const struct yhooks pmcg_device_hooks = { .parse = name_parse,
						 .present = pmcg_device_present,
						 .emit = ref_emit,
						 .schema = "{\"$ref\": \"#/definitions/name\"}",
						 .man_type = "name" };

static void pmcg_finish(struct yctx *c, const struct ytable *t, const struct ynode *m, void *obj)
{
	struct iot_pmcg *p = obj;
	const struct ynode *v;

	if (yget(m, "iommu") && yget(m, "device")) {
		yerr(c, ykey(m, "device"), "a PMCG counts for one node: 'iommu' or 'device'");
	} else if ((v = yget(m, "iommu"))) {
		ypush_key(c, "iommu");
		p->iommu = yresolve(c, v, YREF_IOMMU);
		ypop(c);
	} else if ((v = yget(m, "device"))) {
		ypush_key(c, "device");
		p->platdev = yresolve(c, v, YREF_PLATDEV);
		ypop(c);
	}
}

#define PM struct iot_pmcg
static const struct yfield pmcg_rows[] = {
	NAME_ROW(PM, pmcg_name_hooks),
	{ K("page0"), .type = YT_UINT, AT(PM, page0), .req = YM_ALL, .fmt = YX_HEX,
	  .emit = YE_ALWAYS, .doc = "Base address of page 0." },
	{ K("page1"), .type = YT_UINT, AT(PM, page1), .fmt = YX_HEX,
	  .doc = "Base address of page 1.", .def = "0" },
	{ K("gsiv"), .type = YT_UINT, AT(PM, gsiv), .doc = "Overflow interrupt GSIV; 0: MSI.",
	  .def = "0" },
	{ K("iommu"), .type = YT_REF, AT(PM, iommu), .ref = YREF_IOMMU, .hooks = &pmcg_iommu_hooks,
	  .doc = "The IOMMU it counts for; at most one of iommu and device.  Default: none." },
	{ K("device"), .type = YT_REF, AT(PM, platdev), .ref = YREF_PLATDEV,
	  .hooks = &pmcg_device_hooks,
	  .doc = "The platform device it counts for.  Default: none." },
	MSI_ROW(iot_pmcg),
	IDENT_ROW(PM),
	{ K("msi-map"), .type = YT_HOOK, AT(PM, msi_map),
	  .words = (const char *const *)(const void *)&smmu_msi_map, .hooks = &smmu_msi_map_hooks,
	  .sub = &yt_smmu_msi_row,
	  .doc = "IORT ID mappings after the DeviceID one (Linux ignores them): rows of id-base, "
		 "length, msi and msi-base.",
	  .def = "[]" },
	FW_NODE_ROW(PM),
};
#undef PM
const struct ytable yt_pmcg =
	TABLE("pmcgs", pmcg_rows, .finish = pmcg_finish,
	      .schema_extra = "{\"not\": {\"required\": [\"iommu\", \"device\"]}}",
	      .doc = "An SMMUv3 performance monitor counter group (IORT "
		     "PMCG node).");

static const struct yfield range_rows[] = {
	{ K("base"), .type = YT_UINT, AT(struct iot_rmr_range, base), .req = YM_ALL, .fmt = YX_HEX,
	  .emit = YE_ALWAYS, .doc = "The first byte of the range." },
	{ K("length"), .type = YT_UINT, AT(struct iot_rmr_range, length), .req = YM_ALL,
	  .fmt = YX_HEX, .emit = YE_ALWAYS, .doc = "The range's length in bytes." },
};
static const struct ytable yt_rmr_range =
	TABLE("rmrs.ranges", range_rows, .doc = "A memory range that stays identity-mapped.");

static const struct ylist ranges_list = { .n_off = offsetof(struct iot_rmr, n_ranges),
					  .elem = sizeof(struct iot_rmr_range) };

#define X struct iot_rmr
static const struct yfield rmr_rows[] = {
	NAME_ROW(X, rmr_name_hooks),
	{ K("remap-permitted"), .type = YT_BOOL, AT(X, remap_permitted),
	  .doc = "IORT RMR flag Remapping Permitted.", .def = "false" },
	{ K("privileged"), .type = YT_BOOL, AT(X, privileged),
	  .doc = "IORT RMR flag Access Privileged.", .def = "false" },
	{ K("access"), .type = YT_UINT, AT(X, access), .fmt = YX_HEX,
	  .doc = "IORT RMR access attributes.", .def = "0" },
	{ K("ranges"), .type = YT_LIST, AT(X, ranges), .req = YM_ALL, .emit = YE_ALWAYS,
	  .flags = YF_FLOW, .list = &ranges_list, .sub = &yt_rmr_range,
	  .doc = "The memory ranges: base and length (numbers, u64, both required)." },
	{ K("ids"), .type = YT_HOOK, AT(X, ids), .req = YM_ALL, .emit = YE_ALWAYS,
	  .words = (const char *const *)(const void *)&rmr_id_map, .hooks = &rmr_map_hooks,
	  .sub = &yt_rmr_row,
	  .doc = "The stream IDs: rows of id-base, length, iommu, iommu-base and optional "
		 "single, as for iommu-map." },
	{ K("ids-mask"), .type = YT_HOOK, AT(X, ids), .hooks = &mask_hooks,
	  .doc = "Mask applied to IDs before ids.  Default: none." },
	IDENT_ROW(X),
	FW_NODE_ROW(X),
};
#undef X
const struct ytable yt_rmr = TABLE("rmrs", rmr_rows,
				   .doc = "IORT reserved memory ranges that must stay "
					  "identity-mapped for some stream IDs.");

/* ---- the top level ---- */

static const struct yhooks version_hooks = { .schema = "{\"const\": 1}",
					     .man_type = "number, required" };
static const struct yhooks firmware_hooks = { .schema = "{\"enum\": [\"dt\", \"acpi\"]}",
					      .man_type = "word" };

#define SECTION_ROW(key_, ref_, sub_, doc_)                                         \
	{                                                                           \
		K(key_), .type = YT_HOOK, .sub = &(sub_), .doc = doc_, .def = "[]", \
			 .hooks = &(const struct yhooks)                            \
		{                                                                   \
			.schema = "{\"type\": \"array\", \"items\": {\"$ref\": "    \
				  "\"#/definitions/" ref_ "\"}}",                   \
			.man_type = "list"                                          \
		}                                                                   \
	}

static const struct yfield top_rows[] = {
	{ K("iotopo"), .type = YT_HOOK, .req = YM_ALL, .hooks = &version_hooks,
	  .doc = "The format version; must be 1." },
	{ K("firmware"), .type = YT_HOOK, .hooks = &firmware_hooks,
	  .doc = "The firmware the described machine boots with: dt (a Device Tree; groups "
		 "follows drivers/iommu/of_iommu.c) or acpi (IORT, VIOT, DMAR or IVRS; groups "
		 "follows drivers/acpi/arm64/iort.c, viot.c and the x86 drivers).  The same "
		 "topology compiles to both; this key only chooses the kernel's rules for the "
		 "simulator, and iotopo groups --firmware overrides it.  Default: acpi when the "
		 "topology has DMAR or IVRS content (an intel-vtd or amd-vi IOMMU, a dmar or ivrs "
		 "section), since those units exist only in ACPI tables (firmware: dt with them "
		 "is an error); otherwise dt." },
	{ K("machine"), .type = YT_OBJ, .sub = &yt_machine,
	  .doc = "Machine-wide fields: name and the ACPI table header.", .def = "{}" },
	SECTION_ROW("msi-controllers", "msi-controller", yt_msi_ctrl,
		    "The MSI controllers (GICv3 ITSs)."),
	SECTION_ROW("iommus", "iommu", yt_iommu, "The IOMMUs."),
	SECTION_ROW("pci-roots", "pci-root", yt_root,
		    "The PCI host bridges with their PCI hierarchies."),
	SECTION_ROW("platform-devices", "platform-device", yt_platdev,
		    "The platform devices (DT nodes, IORT named components, VIOT MMIO "
		    "endpoints)."),
	SECTION_ROW("pmcgs", "pmcg", yt_pmcg, "SMMUv3 performance monitor counter groups."),
	SECTION_ROW("rmrs", "rmr", yt_rmr, "IORT reserved memory ranges."),
	{ K("dmar"), .type = YT_OBJ, .sub = &yt_dmar, .flags = YF_HAS,
	  .has_off = offsetof(struct iot_topology, x86.has_dmar), .emit = YE_HAS,
	  .doc = "Table-level fields of an Intel DMAR; written by decode for that table.  Default: "
		 "none (no DMAR)." },
	{ K("ivrs"), .type = YT_OBJ, .sub = &yt_ivrs, .flags = YF_HAS,
	  .has_off = offsetof(struct iot_topology, x86.has_ivrs), .emit = YE_HAS,
	  .doc = "Table-level fields of an AMD IVRS; written by decode for that table.  Default: "
		 "none (no IVRS)." },
	{ K("kernel"), .type = YT_OBJ, AT(struct iot_topology, kernel), .sub = &yt_kernel,
	  .doc = "The kernel whose behaviour the simulator follows: version and cmdline.",
	  .def = "{}" },
};
const struct ytable yt_top =
	TABLE("top level", top_rows,
	      .doc = "The I/O topology of one machine: see iotopo-topology(5).  Numbers are "
		     "written in decimal or 0x hex; the C reader also rejects leading zeros, "
		     "underscores and YAML 1.1 booleans other than true/false.");

const struct ydef ydefs[] = {
	{ "msi-controller", &yt_msi_ctrl },
	{ "iommu", &yt_iommu },
	{ "pci-root", &yt_root },
	{ "pci-device", &yt_pci_dev },
	{ "platform-device", &yt_platdev },
	{ "pmcg", &yt_pmcg },
	{ "rmr", &yt_rmr },
	{ "rc-iommu-row", &yt_rc_iommu_row },
	{ "rc-msi-row", &yt_rc_msi_row },
	{ "smmu-msi-row", &yt_smmu_msi_row },
	{ "rmr-row", &yt_rmr_row },
	{ "dev-iommu", &yt_dev_iommu },
	{ "sid", &yt_sid },
	{ "rmr-range", &yt_rmr_range },
	{ "dmar-scope", &yt_dmar_scope },
	{ "ivhd-entry", &yt_ivhd_entry },
	{ "x86-entry", &yt_x86_entry },
	{ "andd", &yt_andd },
	{ "x86-raw", &yt_x86_raw },
	{ "irq-mapping", &yt_irq },
	{ "raw-node", &yt_raw_node },
	{ "raw-mapping", &yt_raw_map },
	{ "ioapic", &yt_ioapic },
};
const size_t n_ydefs = IOT_ARRAY_SIZE(ydefs);
