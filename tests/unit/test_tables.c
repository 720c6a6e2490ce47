// SPDX-License-Identifier: MIT
/*
 * The layout tables (src/tables): every field of every layout at every node
 * revision is read, kept and written back; the layouts agree with the sizes
 * the specifications give; the registry and the fw-record names.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "acpi/acpi.h"
#include "tables/dmar.h"
#include "tables/iort.h"
#include "tables/ivrs.h"
#include "tables/registry.h"
#include "tables/tables.h"
#include "tables/viot.h"
#include "util/mem.h"

/* A model object big enough for any layout's binding (the largest model struct). */
union any_obj {
	struct iot_msi msi;
	struct iot_iommu iommu;
	struct iot_pci_root root;
	struct iot_platdev platdev;
	struct iot_pmcg pmcg;
	struct iot_rmr rmr;
	struct iot_map_row row;
	struct iot_irq irq;
	struct iot_rmr_range range;
	struct iot_viot_ep ep;
	struct iot_topology topo; /* DMAR header */
	struct iot_x86_entry entry;
	struct iot_x86_andd andd;
	struct iot_x86_scope scope;
	struct iot_x86_hop hop;
	struct iot_x86_info info;
	uint32_t u32;
};

struct layout_case {
	const char *name;
	const struct iot_layout *l;
	unsigned int max_rev;
};

/* Every layout of the IORT, VIOT and DMAR, with the newest node revision it has. */
static size_t all_layouts(struct layout_case *v)
{
	size_t n = 0;

	v[n++] = (struct layout_case){ "IORT header", &iot_iort_header, 0 };
	v[n++] = (struct layout_case){ "IORT node header D", &iot_iort_node_hdr_d, 0 };
	v[n++] = (struct layout_case){ "IORT node header E", &iot_iort_node_hdr_e, 0 };
	v[n++] = (struct layout_case){ "IORT mapping", &iot_iort_map, 0 };
	for (unsigned int t = 0; t < IOT_IORT_NTYPES; t++) {
		const struct iot_iort_type *ty = iot_iort_type(t);

		v[n++] = (struct layout_case){ ty->name, ty->body, 8 };
		for (size_t a = 0; a < ty->n_arrays; a++)
			v[n++] = (struct layout_case){ ty->arrays[a].what, ty->arrays[a].elem, 8 };
	}
	v[n++] = (struct layout_case){ "VIOT header", &iot_viot_header, 0 };
	v[n++] = (struct layout_case){ "VIOT node header", &iot_viot_node_hdr, 0 };
	for (unsigned int t = 1; t < IOT_VIOT_NTYPES; t++)
		v[n++] = (struct layout_case){ iot_viot_type(t)->name, iot_viot_type(t)->body, 0 };
	v[n++] = (struct layout_case){ "DMAR header", &iot_dmar_header, 0 };
	v[n++] = (struct layout_case){ "DMAR structure header", &iot_dmar_struct_hdr, 0 };
	v[n++] = (struct layout_case){ "DMAR device scope", &iot_dmar_scope, 0 };
	v[n++] = (struct layout_case){ "DMAR path", &iot_dmar_path, 0 };
	for (unsigned int t = 0; t < IOT_DMAR_NTYPES; t++)
		v[n++] = (struct layout_case){ iot_dmar_type(t)->name, iot_dmar_type(t)->body, 0 };
	for (size_t i = 0; iot_ivrs_layouts[i]; i++)
		v[n++] = (struct layout_case){ iot_ivrs_layouts[i]->name, iot_ivrs_layouts[i], 0 };
	return n;
}

/* A byte pattern for the table under test: no field is zero. */
static void fill(uint8_t *b, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(0x11 + 7 * i + 13 * seed) | 1;
}

struct raw_calc {
	const uint8_t *src;
};

/* COMPUTED rows: what a writer that computes right would put there (the source's bytes). */
static bool raw_calc(void *ctx, const struct iot_field *f, uint64_t *v)
{
	const struct raw_calc *c = ctx;

	*v = 0;
	if (f->kind == IOT_FK_BITS) {
		/* the BITS row's value inside its FLAGS row: found by the caller's layout */
		return false;
	}
	for (unsigned int i = 0; i < f->width; i++)
		*v |= (uint64_t)c->src[f->off + i] << (8 * i);
	return true;
}

/*
 * Read a patterned subtable at @rev, then write the object and fw record
 * back: every byte the revision's fields span comes back, except the bits
 * of COMPUTED BITS rows (the writer decides those from the model).
 */
static void roundtrip_layout(const struct layout_case *lc, unsigned int rev, unsigned int seed)
{
	size_t size = iot_layout_size(lc->l, rev);
	uint8_t *src = iot_xcalloc(size + 64, 1);
	union any_obj obj;
	struct iot_fw_node fw = { 0 };
	struct iot_diags d;
	struct iot_cur c;
	struct iot_buf b;
	struct raw_calc rc = { src };

	if (!size)
		return;
	memset(&obj, 0, sizeof(obj));
	fill(src, size, seed);
	/* computed BITS rows: give them the bit the writer's callback will give (0) */
	for (size_t i = 0; i < lc->l->n; i++) {
		const struct iot_field *f = &lc->l->f[i];

		if (f->kind == IOT_FK_BITS && f->role == IOT_FR_COMPUTED &&
		    (f->views & IOT_FV_BIN) && iot_field_at_rev(f, rev))
			for (const struct iot_field *g = f; g >= lc->l->f; g--)
				if (g->kind == IOT_FK_FLAGS) {
					src[g->off + f->shift / 8] &=
						(uint8_t) ~(1u << (f->shift % 8));
					break;
				}
	}
	iot_diags_init(&d);
	d.limit = 100000;
	iot_cur_init(&c, src, size, "t", &d, lc->name);
	iot_layout_read(lc->l, rev, &c, 0, &obj, &fw.fields, &fw.n_fields, 0);
	iot_buf_init(&b);
	iot_layout_write(lc->l, rev, &b, 0, &obj, fw.fields, fw.n_fields, 0, raw_calc, &rc, NULL);
	ck_assert_msg(b.len == size, "%s rev %u: wrote %zu bytes, layout says %zu", lc->name, rev,
		      b.len, size);
	for (size_t i = 0; i < lc->l->n; i++) {
		const struct iot_field *f = &lc->l->f[i];

		if (!(f->views & IOT_FV_BIN) || !iot_field_at_rev(f, rev) || !f->width ||
		    f->kind == IOT_FK_CHARS || f->kind == IOT_FK_STRING || f->kind == IOT_FK_GROUP)
			continue;
		ck_assert_msg(!memcmp(b.data + f->off, src + f->off, f->width),
			      "%s rev %u: field %s (offset %u) did not come back", lc->name, rev,
			      f->key, f->off);
	}
	iot_buf_free(&b);
	iot_fw_node_free(&fw);
	iot_diags_free(&d);
	free(src);
}

START_TEST(every_field_every_revision)
{
	struct layout_case v[96];
	size_t n = all_layouts(v);

	for (size_t i = 0; i < n; i++)
		for (unsigned int rev = 0; rev <= v[i].max_rev; rev++)
			for (unsigned int seed = 0; seed < 3; seed++)
				roundtrip_layout(&v[i], rev, seed);
}
END_TEST

/* Bound rows really land in the model: a value read is the value the model holds. */
START_TEST(bound_rows_reach_the_model)
{
	struct layout_case v[96];
	size_t n = all_layouts(v);

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i].l->n; k++) {
			const struct iot_field *f = &v[i].l->f[k];
			union any_obj obj;
			uint8_t src[128] = { 0 };
			struct iot_diags d;
			struct iot_cur c;
			unsigned int rev = f->rev_min;

			if (f->bind != IOT_FB_UINT || !(f->views & IOT_FV_BIN) ||
			    f->kind == IOT_FK_BITS)
				continue;
			memset(&obj, 0, sizeof(obj));
			src[f->off] = 0x5a;
			iot_diags_init(&d);
			iot_cur_init(&c, src, sizeof(src), "t", &d, v[i].name);
			iot_layout_read(v[i].l, rev, &c, 0, &obj, NULL, NULL, 0);
			ck_assert_msg(iot_field_model(f, &obj) == 0x5a, "%s %s: model holds 0x%llx",
				      v[i].name, f->key,
				      (unsigned long long)iot_field_model(f, &obj));
			iot_diags_free(&d);
		}
}
END_TEST

/* Keys unique in a layout; BITS after a FLAGS row; rows inside the layout. */
START_TEST(layouts_well_formed)
{
	struct layout_case v[96];
	size_t n = all_layouts(v);

	for (size_t i = 0; i < n; i++) {
		const struct iot_layout *l = v[i].l;

		for (size_t a = 0; a < l->n; a++) {
			for (size_t b = a + 1; b < l->n; b++)
				ck_assert_msg(strcmp(l->f[a].key, l->f[b].key), "%s: key %s twice",
					      v[i].name, l->f[a].key);
			if (l->f[a].kind == IOT_FK_BITS) {
				size_t k = a;

				while (k && l->f[k - 1].kind == IOT_FK_BITS)
					k--;
				/*
				 * iasl-only bits may decode a byte the binary view
				 * keeps whole (IVRS flags and Data Setting)
				 */
				ck_assert_msg(k && (l->f[k - 1].kind == IOT_FK_FLAGS ||
						    (!(l->f[a].views & IOT_FV_BIN) &&
						     l->f[k - 1].kind == IOT_FK_INT)),
					      "%s: BITS row %s follows no FLAGS row", v[i].name,
					      l->f[a].key);
			}
			ck_assert_msg(iot_tables_key(l->f[a].key, strlen(l->f[a].key)),
				      "%s: key %s unknown to iot_tables_key", v[i].name,
				      l->f[a].key);
		}
		/* no two binary rows of one revision overlap */
		for (unsigned int rev = 0; rev <= v[i].max_rev; rev++)
			for (size_t a = 0; a < l->n; a++)
				for (size_t b = a + 1; b < l->n; b++) {
					const struct iot_field *x = &l->f[a], *y = &l->f[b];

					if (!(x->views & y->views & IOT_FV_BIN) ||
					    !iot_field_at_rev(x, rev) ||
					    !iot_field_at_rev(y, rev) || !x->width || !y->width ||
					    x->kind == IOT_FK_GROUP || y->kind == IOT_FK_GROUP)
						continue;
					ck_assert_msg(x->off + x->width <= y->off ||
							      y->off + y->width <= x->off,
						      "%s rev %u: %s and %s overlap", v[i].name,
						      rev, x->key, y->key);
				}
	}
}
END_TEST

/* Fixed-part sizes per node revision: DEN0049 D, E.b, E.d, E.e, E.g. */
START_TEST(iort_node_sizes)
{
	static const struct {
		unsigned int type, rev;
		size_t size;
	} want[] = {
		{ IOT_IORT_ITS, 0, 20 },    { IOT_IORT_ITS, 1, 20 },	{ IOT_IORT_NC, 0, 29 },
		{ IOT_IORT_NC, 4, 29 },	    { IOT_IORT_RC, 0, 32 },	{ IOT_IORT_RC, 1, 36 },
		{ IOT_IORT_RC, 3, 36 },	    { IOT_IORT_RC, 4, 40 },	{ IOT_IORT_SMMU, 0, 76 },
		{ IOT_IORT_SMMU, 3, 76 },   { IOT_IORT_SMMUV3, 0, 60 }, { IOT_IORT_SMMUV3, 1, 68 },
		{ IOT_IORT_SMMUV3, 5, 68 }, { IOT_IORT_PMCG, 0, 32 },	{ IOT_IORT_PMCG, 1, 40 },
		{ IOT_IORT_RMR, 1, 28 },    { IOT_IORT_RMR, 3, 28 },	{ IOT_IORT_IWB, 1, 26 },
	};

	for (size_t i = 0; i < IOT_ARRAY_SIZE(want); i++)
		ck_assert_msg(iot_layout_size(iot_iort_type(want[i].type)->body, want[i].rev) ==
				      want[i].size,
			      "%s rev %u: %zu bytes, want %zu", iot_iort_type_name(want[i].type),
			      want[i].rev,
			      iot_layout_size(iot_iort_type(want[i].type)->body, want[i].rev),
			      want[i].size);
	ck_assert_uint_eq(iot_layout_size(&iot_iort_map, 0), IOT_IORT_MAP_LEN);
	for (unsigned int t = 1; t < IOT_VIOT_NTYPES; t++)
		ck_assert_uint_eq(iot_layout_size(iot_viot_type(t)->body, 0),
				  iot_viot_type(t)->length);
	/* node revisions a writer uses: DEN0049 D (0), E.e (6: SMMUv3 5), RMR from E.b, IWB E.g */
	ck_assert_int_eq(iot_iort_node_rev(0, IOT_IORT_SMMUV3), 2);
	ck_assert_int_eq(iot_iort_node_rev(6, IOT_IORT_SMMUV3), 5);
	ck_assert_int_eq(iot_iort_node_rev(3, IOT_IORT_RMR), 1);
	ck_assert_int_eq(iot_iort_node_rev(0, IOT_IORT_RMR), -1);
	ck_assert_int_eq(iot_iort_node_rev(7, IOT_IORT_IWB), 1);
	ck_assert_int_eq(iot_iort_node_rev(6, IOT_IORT_IWB), -1);
	ck_assert_int_eq(iot_iort_node_rev(4, IOT_IORT_ITS), -1);
}
END_TEST

/*
 * IVRS sizes (AMD IOMMU spec ch. 5; amd/init.c:get_ivhd_header_size,
 * ivhd_entry_length), and every entry type's layout.
 */
START_TEST(ivrs_sizes)
{
	static const struct {
		unsigned int type;
		size_t size;
	} entries[] = {
		{ 0x00, 4 }, { 0x01, 4 }, { 0x02, 4 }, { 0x03, 4 }, { 0x04, 4 },
		{ 0x05, 4 }, { 0x3f, 4 }, { 0x40, 8 }, { 0x42, 8 }, { 0x43, 8 },
		{ 0x46, 8 }, { 0x47, 8 }, { 0x48, 8 }, { 0x7f, 8 }, { 0xf0, 22 },
	};

	ck_assert_uint_eq(iot_layout_size(&iot_ivrs_header, 0), IOT_IVRS_HDR_LEN);
	ck_assert_uint_eq(iot_layout_size(iot_ivhd_layout(0x10), 0), 24);
	ck_assert_uint_eq(iot_layout_size(iot_ivhd_layout(0x11), 0), 40);
	ck_assert_uint_eq(iot_layout_size(iot_ivhd_layout(0x40), 0), 40);
	ck_assert_ptr_null(iot_ivhd_layout(0x41));
	ck_assert_uint_eq(iot_layout_size(&iot_ivmd, 0), IOT_IVMD_LEN);
	for (size_t i = 0; i < IOT_ARRAY_SIZE(entries); i++)
		ck_assert_msg(iot_layout_size(iot_ivhd_entry_layout(entries[i].type), 0) ==
				      entries[i].size,
			      "entry %02xh: %zu bytes, want %zu", entries[i].type,
			      iot_layout_size(iot_ivhd_entry_layout(entries[i].type), 0),
			      entries[i].size);
	/* no length Linux knows: 80h and up but F0h */
	ck_assert_ptr_null(iot_ivhd_entry_layout(0x80));
	ck_assert_ptr_null(iot_ivhd_entry_layout(0xf1));
	ck_assert(iot_ivhd_type_starts_range(0x03) && iot_ivhd_type_starts_range(0x43) &&
		  iot_ivhd_type_starts_range(0x47) && !iot_ivhd_type_starts_range(0x02));
}
END_TEST

/* Reserved bits set are reported (under the row's rule) and kept. */
START_TEST(reserved_bits_reported_and_kept)
{
	const struct iot_layout *smmuv3 = iot_iort_type(IOT_IORT_SMMUV3)->body;
	uint8_t src[68] = { 0 };
	struct iot_iommu u;
	struct iot_fw_node fw = { 0 };
	struct iot_diags d;
	struct iot_cur c;
	struct iot_buf b;

	memset(&u, 0, sizeof(u));
	src[24] = 0x21; /* COHACC + reserved bit 5 */
	src[28] = 0x80; /* Reserved */
	iot_diags_init(&d);
	iot_cur_init(&c, src, sizeof(src), "t", &d, "IORT node 0 (SMMUv3)");
	iot_layout_read(smmuv3, 5, &c, 0, &u, &fw.fields, &fw.n_fields, 0);
	ck_assert(u.coherent);
	ck_assert_uint_eq(d.n, 2);
	ck_assert_str_eq(d.v[0].rule, "iort-reserved");
	ck_assert_msg(strstr(d.v[0].msg, "reserved bits 31:5 set") != NULL, "%s", d.v[0].msg);
	ck_assert_ptr_nonnull(iot_fw_field_get(fw.fields, fw.n_fields, "smmuv3-flags", 0));
	ck_assert_ptr_nonnull(iot_fw_field_get(fw.fields, fw.n_fields, "reserved-28", 0));
	/* the model's own bit changes, the kept reserved bit stays */
	u.coherent = false;
	iot_buf_init(&b);
	iot_layout_write(smmuv3, 5, &b, 0, &u, fw.fields, fw.n_fields, 0, NULL, NULL, NULL);
	ck_assert_uint_eq(b.data[24], 0x20);
	ck_assert_uint_eq(b.data[28], 0x80);
	iot_buf_free(&b);
	iot_fw_node_free(&fw);
	iot_diags_free(&d);
}
END_TEST

/*
 * Every DMAR field at the offset and width the VT-d specification (chapter
 * 8) gives, bound where the model holds it; fixed parts as long as the
 * smallest Length each structure can have.
 */
START_TEST(dmar_fields)
{
	static const struct {
		int type; /* -1 header, -2 scope, -3 path */
		const char *key;
		unsigned int off, width;
		bool bound;
	} want[] = {
		{ -1, "host-address-width", 36, 1, true },
		{ -1, "flags", 37, 1, true },
		{ -1, "reserved", 38, 8, false },
		{ -1, "reserved-46", 46, 2, false },
		{ IOT_DMAR_DRHD, "type", 0, 2, false },
		{ IOT_DMAR_DRHD, "length", 2, 2, false },
		{ IOT_DMAR_DRHD, "flags", 4, 1, true },
		{ IOT_DMAR_DRHD, "size", 5, 1, true },
		{ IOT_DMAR_DRHD, "segment", 6, 2, true },
		{ IOT_DMAR_DRHD, "base", 8, 8, true },
		{ IOT_DMAR_RMRR, "reserved-4", 4, 2, false },
		{ IOT_DMAR_RMRR, "segment", 6, 2, true },
		{ IOT_DMAR_RMRR, "base", 8, 8, true },
		{ IOT_DMAR_RMRR, "end", 16, 8, true },
		{ IOT_DMAR_ATSR, "flags", 4, 1, true },
		{ IOT_DMAR_ATSR, "reserved-5", 5, 1, false },
		{ IOT_DMAR_ATSR, "segment", 6, 2, true },
		{ IOT_DMAR_RHSA, "reserved-4", 4, 4, false },
		{ IOT_DMAR_RHSA, "base", 8, 8, true },
		{ IOT_DMAR_RHSA, "proximity-domain", 16, 4, true },
		{ IOT_DMAR_ANDD, "reserved-4", 4, 3, false },
		{ IOT_DMAR_ANDD, "device-number", 7, 1, true },
		{ IOT_DMAR_ANDD, "name", 8, 0, false },
		{ IOT_DMAR_SATC, "flags", 4, 1, true },
		{ IOT_DMAR_SATC, "reserved-5", 5, 1, false },
		{ IOT_DMAR_SATC, "segment", 6, 2, true },
		{ IOT_DMAR_SIDP, "reserved-4", 4, 2, false },
		{ IOT_DMAR_SIDP, "segment", 6, 2, true },
		{ -2, "scope-type", 0, 1, true },
		{ -2, "scope-length", 1, 1, false },
		{ -2, "scope-flags", 2, 1, true },
		{ -2, "scope-reserved", 3, 1, false },
		{ -2, "enumeration-id", 4, 1, true },
		{ -2, "start-bus", 5, 1, true },
		{ -3, "path-device", 0, 1, true },
		{ -3, "path-function", 1, 1, true },
	};
	static const unsigned int min_len[IOT_DMAR_NTYPES] = { 16, 24, 8, 20, 8, 8, 8 };

	for (size_t i = 0; i < IOT_ARRAY_SIZE(want); i++) {
		const struct iot_layout *l = want[i].type == -1 ? &iot_dmar_header :
					     want[i].type == -2 ? &iot_dmar_scope :
					     want[i].type == -3 ? &iot_dmar_path :
								  iot_dmar_type(want[i].type)->body;
		const struct iot_field *f = iot_layout_find(l, want[i].key);

		ck_assert_msg(f != NULL, "%s: no row %s", l->name, want[i].key);
		ck_assert_msg(f->off == want[i].off && f->width == want[i].width &&
				      (f->bind != IOT_FB_NONE) == want[i].bound &&
				      (f->views & IOT_FV_BIN),
			      "%s %s: offset %u width %u bound %d", l->name, want[i].key, f->off,
			      f->width, f->bind != IOT_FB_NONE);
	}
	for (unsigned int t = 0; t < IOT_DMAR_NTYPES; t++) {
		const struct iot_dmar_type *ty = iot_dmar_type(t);

		ck_assert_uint_eq(ty->type, t);
		ck_assert_uint_eq(iot_layout_size(ty->body, 0), min_len[t]);
		/* the reader's minimum: ANDD needs a name byte as well */
		ck_assert_uint_eq(ty->min_len, min_len[t] + (t == IOT_DMAR_ANDD));
	}
	ck_assert_ptr_null(iot_dmar_type(IOT_DMAR_NTYPES));
	ck_assert_uint_eq(iot_layout_size(&iot_dmar_header, 0), IOT_DMAR_HDR_LEN);
	ck_assert_uint_eq(iot_layout_size(&iot_dmar_scope, 0), IOT_DMAR_SCOPE_HDR_LEN);
	ck_assert_uint_eq(iot_layout_size(&iot_dmar_path, 0), IOT_DMAR_PATH_LEN);
}
END_TEST

/* A DMAR reserved field that is not zero: reported as dmar-reserved, kept, written back. */
START_TEST(dmar_reserved_kept)
{
	const struct iot_layout *rmrr = iot_dmar_type(IOT_DMAR_RMRR)->body;
	uint8_t src[24] = { 1, 0, 24, 0, 0x34, 0x12 };
	struct iot_x86_entry e;
	struct iot_fw_node fw = { 0 };
	struct iot_diags d;
	struct iot_cur c;
	struct iot_buf b;

	memset(&e, 0, sizeof(e));
	src[8] = 0x10; /* Base Address */
	iot_diags_init(&d);
	iot_cur_init(&c, src, sizeof(src), "t", &d, "DMAR RMRR 0");
	iot_layout_read(rmrr, 0, &c, 0, &e, &fw.fields, &fw.n_fields, 0);
	ck_assert_uint_eq(e.base, 0x10);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].rule, "dmar-reserved");
	ck_assert_msg(strstr(d.v[0].msg, "DMAR RMRR 0 Reserved: 0x1234, must be zero") != NULL,
		      "%s", d.v[0].msg);
	ck_assert_uint_eq(iot_fw_field_get(fw.fields, fw.n_fields, "reserved-4", 0)->value, 0x1234);
	iot_buf_init(&b);
	iot_layout_write(rmrr, 0, &b, 0, &e, fw.fields, fw.n_fields, 0, NULL, NULL, NULL);
	ck_assert_uint_eq(b.len, 24);
	ck_assert_uint_eq(b.data[4], 0x34);
	ck_assert_uint_eq(b.data[5], 0x12);
	ck_assert_uint_eq(b.data[8], 0x10);
	iot_buf_free(&b);
	iot_fw_node_free(&fw);
	iot_diags_free(&d);
}
END_TEST

START_TEST(fw_field_names)
{
	struct iot_fw_field f = { .key = "map-flags", .index = 3, .value = 2 };
	const char *key;
	uint32_t index;
	char buf[40];

	iot_fw_field_name(&f, buf, sizeof(buf));
	ck_assert_str_eq(buf, "map-flags[3]");
	ck_assert(iot_fw_field_parse(buf, strlen(buf), &key, &index));
	ck_assert_ptr_eq(key, iot_tables_key("map-flags", 9));
	ck_assert_uint_eq(index, 3);
	ck_assert(iot_fw_field_parse("reserved-33", 11, &key, &index));
	ck_assert_uint_eq(index, 0);
	ck_assert(!iot_fw_field_parse("no-such-field", 13, &key, &index));
	ck_assert(!iot_fw_field_parse("map-flags[x]", 12, &key, &index));
	ck_assert(!iot_fw_field_parse("map-flags[]", 11, &key, &index));
	ck_assert(!iot_fw_field_parse("map-flags[99999999999]", 22, &key, &index));
}
END_TEST

START_TEST(fw_fields_sorted_and_replaced)
{
	struct iot_fw_field *v = NULL;
	size_t n = 0;

	/* out of order, and one set twice */
	iot_fw_field_set(&v, &n, "map-flags", 5, 1);
	iot_fw_field_set(&v, &n, "map-flags", 1, 2);
	iot_fw_field_set(&v, &n, "in-base", 1, 3);
	iot_fw_field_set(&v, &n, "map-flags", 5, 4);
	for (uint32_t i = 0; i < 1000; i++)
		iot_fw_field_set(&v, &n, "id-count", 10 + i, i);
	ck_assert_uint_eq(n, 3 + 1000);
	ck_assert_uint_eq(iot_fw_field_get(v, n, "map-flags", 5)->value, 4);
	ck_assert_uint_eq(iot_fw_field_get(v, n, "map-flags", 1)->value, 2);
	ck_assert_uint_eq(iot_fw_field_get(v, n, "in-base", 1)->value, 3);
	ck_assert_uint_eq(iot_fw_field_get(v, n, "id-count", 500)->value, 490);
	ck_assert_ptr_null(iot_fw_field_get(v, n, "in-base", 5));
	free(v);
}
END_TEST

START_TEST(bytes_hex)
{
	struct iot_bytes b = { 0 };
	char s[16];

	ck_assert(iot_bytes_parse_hex(&b, "28 00 0a0B", 10));
	ck_assert_uint_eq(b.n, 4);
	iot_bytes_hex(&b, s);
	ck_assert_str_eq(s, "28000a0b");
	ck_assert(!iot_bytes_parse_hex(&b, "2", 1));
	ck_assert(!iot_bytes_parse_hex(&b, "zz", 2));
	ck_assert_uint_eq(b.n, 4); /* unchanged on failure */
	ck_assert(iot_bytes_parse_hex(&b, "", 0));
	ck_assert(b.has && !b.n);
	free(b.v);
}
END_TEST

START_TEST(registry)
{
	size_t n;
	const struct iot_acpi_table *t = iot_acpi_tables(&n);
	char names[64];

	ck_assert_uint_ge(n, 4);
	ck_assert_ptr_eq(iot_acpi_table_find("IORT"), &t[0]);
	ck_assert_ptr_nonnull(iot_acpi_table_find("DMAR")->read);
	ck_assert_ptr_nonnull(iot_acpi_table_find("DMAR")->write);
	ck_assert_ptr_eq(iot_acpi_table_find("DMAR")->layouts, iot_dmar_layouts);
	ck_assert_ptr_null(iot_acpi_table_find("FACP"));
	ck_assert_str_eq(iot_acpi_table_names(names, sizeof(names)), "IORT, VIOT, DMAR or IVRS");
	for (size_t i = 0; i < n; i++)
		ck_assert(!t[i].write || t[i].has);
}
END_TEST

static Suite *tables_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_field_every_revision);
	tcase_add_test(tc, bound_rows_reach_the_model);
	tcase_add_test(tc, layouts_well_formed);
	tcase_add_test(tc, iort_node_sizes);
	tcase_add_test(tc, dmar_fields);
	tcase_add_test(tc, dmar_reserved_kept);
	tcase_add_test(tc, ivrs_sizes);
	tcase_add_test(tc, reserved_bits_reported_and_kept);
	tcase_add_test(tc, fw_field_names);
	tcase_add_test(tc, fw_fields_sorted_and_replaced);
	tcase_add_test(tc, bytes_hex);
	tcase_add_test(tc, registry);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tables_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
