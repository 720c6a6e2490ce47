// SPDX-License-Identifier: MIT
#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void iot_topology_init(struct iot_topology *t)
{
	memset(t, 0, sizeof(*t));
	t->format_version = IOT_FORMAT_VERSION;
}

/* ---- the string pool ---- */

#if defined(__SANITIZE_ADDRESS__)
#define POOL_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_MALLOC 1
#endif
#endif

struct iot_pool_block {
	struct iot_pool_block *next; /* the blocks before this one */
	char *cur, *end; /* free space */
	char *mapped; /* populated up to here */
	size_t size, hint; /* hint: the next block's size (0: twice this one's) */
	char data[];
};

#define POOL_MIN_BLOCK (16 * 1024)
/* populate this much ahead of the allocation point at a time (see iot_populate) */
#define POOL_MAP_STEP (64 * 1024)

static struct iot_pool_block *pool_block(struct iot_pool_block *prev, size_t need)
{
	size_t size = prev ? (prev->hint ? prev->hint : 2 * prev->size) : POOL_MIN_BLOCK;
	struct iot_pool_block *b;

	if (size < need)
		size = need;
	b = iot_xmalloc(sizeof(*b) + size);
	b->next = prev;
	b->cur = b->mapped = b->data;
	b->end = b->data + size;
	b->size = size;
	b->hint = 0;
	return b;
}

void iot_topology_pool_hint(struct iot_topology *t, size_t bytes)
{
	struct iot_pool_block *b = t->pool;

	if (!b)
		t->pool = pool_block(NULL, bytes); /* untouched until used (see pool_alloc) */
	else if ((size_t)(b->end - b->cur) < bytes && b->hint < bytes)
		b->hint = bytes;
}

static void *pool_alloc(struct iot_topology *t, size_t n, size_t align)
{
	struct iot_pool_block *b = t->pool;
	char *p;

#ifdef POOL_MALLOC
	return iot_xmalloc(n);
#endif
	if (!b || (size_t)(b->end - b->cur) < n + align - 1)
		b = t->pool = pool_block(b, n + align - 1);
	p = (char *)(((uintptr_t)b->cur + align - 1) & ~(uintptr_t)(align - 1));
	b->cur = p + n;
	if (b->cur > b->mapped) {
		/* what follows is surely written too: map it in one call, not page by page */
		size_t step = (size_t)(b->end - b->mapped) < POOL_MAP_STEP ?
				      (size_t)(b->end - b->mapped) :
				      POOL_MAP_STEP;

		if (b->cur - b->mapped > (ptrdiff_t)step)
			step = (size_t)(b->cur - b->mapped);
		iot_populate(b->mapped, step);
		b->mapped += step;
	}
	return p;
}

char *iot_topology_strndup(struct iot_topology *t, const char *s, size_t n)
{
	char *p = pool_alloc(t, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* the strictest alignment a model struct has (pointers, size_t, uint64_t) */
#define POOL_ALIGN 8

void *iot_topology_alloc(struct iot_topology *t, size_t n)
{
	return pool_alloc(t, n, POOL_ALIGN);
}

void *iot_topology_move(struct iot_topology *t, void *old, size_t keep, size_t n)
{
	void *p = pool_alloc(t, n, POOL_ALIGN);

	if (keep)
		memcpy(p, old, keep);
	iot_topology_free_str(t, old);
	return p;
}

bool iot_topology_owns(const struct iot_topology *t, const void *p)
{
	const char *c = p;

	for (const struct iot_pool_block *b = t->pool; b; b = b->next)
		if (c >= b->data && c < b->end)
			return true;
	return false;
}

void iot_topology_free_str(struct iot_topology *t, void *p)
{
	if (p && !iot_topology_owns(t, p))
		free(p);
}

static void pool_free(struct iot_topology *t)
{
	while (t->pool) {
		struct iot_pool_block *b = t->pool;

		t->pool = b->next;
		free(b);
	}
}

void iot_compat_init_in(struct iot_topology *t, struct iot_compat *c, size_t max)
{
	c->v = max ? pool_alloc(t, max * sizeof(*c->v), _Alignof(char *)) : NULL;
	c->n = 0;
}

void iot_compat_add_in(struct iot_topology *t, struct iot_compat *c, const char *s, size_t n)
{
	c->v[c->n++] = iot_topology_strndup(t, s, n);
}

void iot_compat_free_in(struct iot_topology *t, struct iot_compat *c)
{
	for (size_t i = 0; i < c->n; i++)
		iot_topology_free_str(t, c->v[i]);
	iot_topology_free_str(t, c->v);
	c->v = NULL;
	c->n = 0;
}

static void free_x86_scopes(struct iot_x86_scope *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].uid);
		free(v[i].fields);
	}
	free(v);
}

void iot_fw_node_free(struct iot_fw_node *f)
{
	free(f->fields);
	free(f->pad.v);
	free(f->tail.v);
	free(f->map_order);
	memset(f, 0, sizeof(*f));
}

void iot_fw_table_free(struct iot_fw_table *f)
{
	free(f->fields);
	free(f->pad.v);
	free(f->tail.v);
	for (size_t i = 0; i < f->n_raw; i++) {
		free(f->raw[i].body.v);
		free(f->raw[i].tail.v);
		for (size_t k = 0; k < f->raw[i].n_maps; k++)
			free(f->raw[i].maps[k].target);
		free(f->raw[i].maps);
	}
	free(f->raw);
	memset(f, 0, sizeof(*f));
}

void iot_bytes_set(struct iot_bytes *b, const uint8_t *v, size_t n)
{
	free(b->v);
	b->v = n ? iot_xmalloc(n) : NULL;
	if (n)
		memcpy(b->v, v, n);
	b->n = n;
	b->has = true;
}

/* Fields are kept sorted by (index, key): readers append in that order, lookups bisect. */
static int field_cmp(const struct iot_fw_field *f, const char *key, uint32_t index)
{
	if (f->index != index)
		return f->index < index ? -1 : 1;
	return strcmp(f->key, key);
}

static size_t field_pos(const struct iot_fw_field *v, size_t n, const char *key, uint32_t index)
{
	size_t lo = 0, hi = n;

	if (n && field_cmp(&v[n - 1], key, index) < 0)
		return n; /* the common case: appending */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (field_cmp(&v[mid], key, index) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void iot_bytes_hex(const struct iot_bytes *b, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < b->n; i++) {
		out[2 * i] = digits[b->v[i] >> 4];
		out[2 * i + 1] = digits[b->v[i] & 15];
	}
	out[2 * b->n] = '\0';
}

bool iot_bytes_parse_hex(struct iot_bytes *b, const char *s, size_t len)
{
	uint8_t *v = iot_xmalloc(len / 2 + 1);
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		int hi, lo;

		if (s[i] == ' ') {
			i++;
			continue;
		}
		if (i + 1 >= len || (hi = iot_hexval(s[i])) < 0 ||
		    (lo = iot_hexval(s[i + 1])) < 0) {
			free(v);
			return false;
		}
		v[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	free(b->v);
	b->v = v;
	b->n = n;
	b->has = true;
	return true;
}

void iot_fw_field_set(struct iot_fw_field **v, size_t *n, const char *key, uint32_t index,
		      uint64_t value)
{
	size_t i = field_pos(*v, *n, key, index);

	if (i < *n && !field_cmp(&(*v)[i], key, index)) {
		(*v)[i].value = value;
		return;
	}
	/* grow by half again, so appending n fields stays linear */
	if (!(*n & (*n - 1)) || *n < 4)
		*v = iot_xrealloc(*v, (*n < 4 ? 4 : 2 * *n) * sizeof(**v));
	memmove(&(*v)[i + 1], &(*v)[i], (*n - i) * sizeof(**v));
	(*v)[i].key = key;
	(*v)[i].index = index;
	(*v)[i].value = value;
	(*n)++;
}

const struct iot_fw_field *iot_fw_field_get(const struct iot_fw_field *v, size_t n, const char *key,
					    uint32_t index)
{
	size_t i = field_pos(v, n, key, index);

	return i < n && !field_cmp(&v[i], key, index) ? &v[i] : NULL;
}

void iot_compat_add(struct iot_compat *c, const char *s)
{
	c->v = iot_xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	c->v[c->n++] = iot_strdup(s);
}

void iot_compat_copy(struct iot_compat *dst, const struct iot_compat *src)
{
	iot_compat_free(dst);
	for (size_t i = 0; i < src->n; i++)
		iot_compat_add(dst, src->v[i]);
}

void iot_compat_free(struct iot_compat *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

bool iot_compat_has(const struct iot_compat *c, const char *s)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return true;
	return false;
}

bool iot_compat_equal(const struct iot_compat *a, const struct iot_compat *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

struct iot_msi_spec *iot_msi_specs_add(struct iot_msi_specs *s, int msi)
{
	struct iot_msi_spec *e;

	s->v = iot_xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	e = &s->v[s->n++];
	memset(e, 0, sizeof(*e));
	e->msi = msi;
	return e;
}

void iot_msi_specs_free(struct iot_msi_specs *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

bool iot_msi_specs_equal(const struct iot_msi_specs *a, const struct iot_msi_specs *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].msi != b->v[i].msi || a->v[i].n_cells != b->v[i].n_cells ||
		    memcmp(a->v[i].cells, b->v[i].cells, a->v[i].n_cells * sizeof(uint32_t)))
			return false;
	return true;
}

static void free_iommu(struct iot_topology *t, struct iot_iommu *u)
{
	iot_msi_specs_free(&u->dt_msi_parent_more);
	iot_fw_node_free(&u->fw);
	free_x86_scopes(u->x86.scopes, u->x86.n_scopes);
	iot_fw_node_free(&u->x86.rhsa_fw);
	iot_topology_free_str(t, u->name);
	free(u->irq_context);
	free(u->irq_pmu);
	iot_idmap_free(&u->msi_map);
	iot_topology_free_str(t, u->dt_path);
	free(u->dt_label);
	iot_compat_free_in(t, &u->compatible);
}

static void free_root(struct iot_topology *t, struct iot_pci_root *r)
{
	iot_topology_free_str(t, r->name);
	iot_idmap_free(&r->iommu_map);
	iot_idmap_free(&r->msi_map);
	iot_topology_free_str(t, r->dt_path);
	free(r->dt_label);
	free(r->acpi_path);
	iot_msi_specs_free(&r->dt_msi_parent_more);
	iot_fw_node_free(&r->fw);
	iot_compat_free_in(t, &r->compatible);
	for (size_t i = 0; i < r->n_devs; i++)
		iot_pci_dev_free(&r->devs[i]);
	free(r->devs);
}

void iot_pci_dev_free(struct iot_pci_dev *dev)
{
	free(dev->driver);
	free(dev->slot);
	free(dev->host_use_what);
	dev->driver = dev->slot = dev->host_use_what = NULL;
}

static void free_platdev(struct iot_topology *t, struct iot_platdev *p)
{
	iot_topology_free_str(t, p->name);
	iot_topology_free_str(t, p->dt_path);
	iot_compat_free_in(t, &p->compatible);
	free(p->acpi_path);
	free(p->dt_label);
	for (size_t i = 0; i < p->n_iommus; i++) {
		iot_topology_free_str(t, p->iommus[i].ids);
		free(p->iommus[i].cells);
	}
	iot_topology_free_str(t, p->iommus);
	free(p->driver);
	iot_idmap_free(&p->iommu_map);
	iot_idmap_free(&p->msi_map);
	iot_msi_specs_free(&p->dt_msi_parent_more);
	iot_fw_node_free(&p->fw);
}

void iot_topology_free(struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_msis; i++) {
		iot_topology_free_str(t, t->msis[i].name);
		free(t->msis[i].its_ids);
		iot_topology_free_str(t, t->msis[i].dt_path);
		free(t->msis[i].dt_label);
		iot_fw_node_free(&t->msis[i].fw);
		iot_compat_free_in(t, &t->msis[i].compatible);
	}
	free(t->msis);
	for (size_t i = 0; i < t->n_iommus; i++)
		free_iommu(t, &t->iommus[i]);
	free(t->iommus);
	for (size_t i = 0; i < t->n_roots; i++)
		free_root(t, &t->roots[i]);
	free(t->roots);
	for (size_t i = 0; i < t->n_platdevs; i++)
		free_platdev(t, &t->platdevs[i]);
	free(t->platdevs);
	for (size_t i = 0; i < t->n_pmcgs; i++) {
		iot_topology_free_str(t, t->pmcgs[i].name);
		iot_idmap_free(&t->pmcgs[i].msi_map);
		iot_fw_node_free(&t->pmcgs[i].fw);
	}
	free(t->pmcgs);
	for (size_t i = 0; i < t->n_rmrs; i++) {
		iot_topology_free_str(t, t->rmrs[i].name);
		free(t->rmrs[i].ranges);
		iot_idmap_free(&t->rmrs[i].ids);
		iot_fw_node_free(&t->rmrs[i].fw);
	}
	free(t->rmrs);
	for (size_t i = 0; i < t->n_x86_entries; i++) {
		free_x86_scopes(t->x86_entries[i].scopes, t->x86_entries[i].n_scopes);
		iot_fw_node_free(&t->x86_entries[i].fw);
	}
	free(t->x86_entries);
	for (size_t i = 0; i < t->n_x86_andds; i++) {
		free(t->x86_andds[i].name);
		iot_fw_node_free(&t->x86_andds[i].fw);
	}
	free(t->x86_andds);
	for (size_t i = 0; i < t->n_dmar_raws; i++)
		free(t->dmar_raws[i].bytes.v);
	free(t->dmar_raws);
	for (size_t i = 0; i < t->n_ivrs_raws; i++)
		free(t->ivrs_raws[i].bytes.v);
	free(t->ivrs_raws);
	free(t->origins);
	free(t->machine.name);
	iot_fw_table_free(&t->machine.iort_fw);
	iot_fw_table_free(&t->machine.viot_fw);
	iot_fw_table_free(&t->x86.dmar_fw);
	iot_fw_table_free(&t->x86.ivrs_fw);
	free(t->machine.ioapics);
	free(t->kernel.version);
	free(t->kernel.cmdline);
	for (size_t i = 0; i < t->n_kept; i++)
		free(t->kept[i]);
	free(t->kept);
	pool_free(t);
	memset(t, 0, sizeof(*t));
}

const char *iot_topology_keep(struct iot_topology *t, char *s)
{
	iot_grow((void **)&t->kept, &t->cap_kept, t->n_kept + 1, sizeof(*t->kept));
	t->kept[t->n_kept++] = s;
	return s;
}

#define ADD(arr, n, cap) (iot_grow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

struct iot_msi *iot_add_msi(struct iot_topology *t)
{
	struct iot_msi *m = ADD(t->msis, t->n_msis, t->cap_msis);

	m->msi_cells = 1; /* an ITS: <&its device-id> */
	return m;
}

struct iot_iommu *iot_add_iommu(struct iot_topology *t)
{
	struct iot_iommu *u = ADD(t->iommus, t->n_iommus, t->cap_iommus);

	u->msi_controller = IOT_NONE;
	u->iommu_cells = 1;
	return u;
}

struct iot_pci_root *iot_add_root(struct iot_topology *t)
{
	struct iot_pci_root *r = ADD(t->roots, t->n_roots, t->cap_roots);

	r->bus_end = 0xff;
	r->dt_msi_parent_msi = IOT_NONE;
	return r;
}

bool iot_root_msi_map_implied(const struct iot_pci_root *r)
{
	const struct iot_idmap *m = &r->msi_map;

	return r->dt_msi_parent_msi != IOT_NONE && m->n == 1 && !m->has_mask &&
	       !m->rows[0].single && m->rows[0].in_base == 0 && m->rows[0].count == 0x10000 &&
	       m->rows[0].out_base == 0 && m->rows[0].target == r->dt_msi_parent_msi;
}

struct iot_pci_dev *iot_root_add_dev(struct iot_pci_root *r)
{
	struct iot_pci_dev *d = ADD(r->devs, r->n_devs, r->cap_devs);

	d->parent = IOT_NONE;
	return d;
}

struct iot_platdev *iot_add_platdev(struct iot_topology *t)
{
	struct iot_platdev *p = ADD(t->platdevs, t->n_platdevs, t->cap_platdevs);

	p->msi_controller = IOT_NONE;
	return p;
}

void iot_reserve_platdevs(struct iot_topology *t, size_t n)
{
	size_t need = t->n_platdevs + n;

	if (need <= t->cap_platdevs)
		return;
	if (t->platdevs) {
		iot_grow((void **)&t->platdevs, &t->cap_platdevs, need, sizeof(*t->platdevs));
		return;
	}
	/* calloc: a large block comes zeroed from the kernel, where iot_grow clears it */
	t->platdevs = iot_xcalloc(need, sizeof(*t->platdevs));
	t->cap_platdevs = need;
	iot_populate(t->platdevs, need * sizeof(*t->platdevs));
}

/*
 * Arrays without a capacity field grow to 1, 2, 4, 8, ... elements: the
 * capacity is the next power of two of the count, so appending stays
 * amortised O(1) without a field every reader and copier must keep in step.
 */
static void grow_pow2(void **v, size_t n, size_t size)
{
	if (!(n & (n - 1))) /* n is 0 or a power of two: full */
		*v = iot_xrealloc(*v, (n ? 2 * n : 1) * size);
}

struct iot_dev_iommu *iot_platdev_add_iommu(struct iot_platdev *p)
{
	struct iot_dev_iommu *di;

	grow_pow2((void **)&p->iommus, p->n_iommus, sizeof(*p->iommus));
	di = &p->iommus[p->n_iommus++];
	memset(di, 0, sizeof(*di));
	di->iommu = IOT_NONE;
	return di;
}

void iot_dev_iommu_add_id(struct iot_dev_iommu *di, uint32_t id, uint32_t mask, bool has_mask)
{
	grow_pow2((void **)&di->ids, di->n_ids, sizeof(*di->ids));
	di->ids[di->n_ids].id = id;
	di->ids[di->n_ids].mask = mask;
	di->ids[di->n_ids].has_mask = has_mask;
	di->n_ids++;
}

struct iot_pmcg *iot_add_pmcg(struct iot_topology *t)
{
	struct iot_pmcg *p = ADD(t->pmcgs, t->n_pmcgs, t->cap_pmcgs);

	p->iommu = IOT_NONE;
	p->platdev = IOT_NONE;
	p->msi_controller = IOT_NONE;
	return p;
}

struct iot_rmr *iot_add_rmr(struct iot_topology *t)
{
	return ADD(t->rmrs, t->n_rmrs, t->cap_rmrs);
}

/*
 * Scope arrays carry no capacity field: the capacity is implicitly 4, then
 * the next power of two, so growing stays amortised O(1).
 */
struct iot_x86_scope *iot_x86_add_scope(struct iot_x86_scope **v, size_t *n)
{
	struct iot_x86_scope *s;

	if (*n == 0 || (*n >= 4 && !(*n & (*n - 1))))
		*v = iot_xrealloc(*v, (*n ? 2 * *n : 4) * sizeof(**v));
	s = &(*v)[(*n)++];
	memset(s, 0, sizeof(*s));
	return s;
}

struct iot_x86_entry *iot_add_x86_entry(struct iot_topology *t)
{
	return ADD(t->x86_entries, t->n_x86_entries, t->cap_x86_entries);
}

struct iot_x86_andd *iot_add_x86_andd(struct iot_topology *t)
{
	return ADD(t->x86_andds, t->n_x86_andds, t->cap_x86_andds);
}

struct iot_x86_raw *iot_add_dmar_raw(struct iot_topology *t)
{
	return ADD(t->dmar_raws, t->n_dmar_raws, t->cap_dmar_raws);
}

struct iot_x86_raw *iot_add_ivrs_raw(struct iot_topology *t)
{
	return ADD(t->ivrs_raws, t->n_ivrs_raws, t->cap_ivrs_raws);
}

void iot_topology_set_firmware(struct iot_topology *t, enum iot_fw_kind kind, unsigned int table)
{
	struct iot_firmware *f = &t->firmware;

	if (kind == IOT_FW_UNKNOWN)
		return;
	if (kind == IOT_FW_MODEL) {
		if (f->kind == IOT_FW_UNKNOWN)
			f->kind = IOT_FW_MODEL;
		return;
	}
	/* firmware beside a YAML PCI hierarchy (groups board.yaml DMAR): the firmware says */
	if (f->kind == IOT_FW_UNKNOWN || f->kind == IOT_FW_MODEL)
		f->kind = kind;
	if (kind == IOT_FW_ACPI)
		f->tables |= table;
}

enum iot_fw_kind iot_topology_default_firmware(const struct iot_topology *t)
{
	if (t->x86.has_dmar || t->x86.has_ivrs)
		return IOT_FW_ACPI;
	for (size_t i = 0; i < t->n_iommus; i++)
		if (t->iommus[i].model == IOT_IOMMU_INTEL_VTD ||
		    t->iommus[i].model == IOT_IOMMU_AMD_VI)
			return IOT_FW_ACPI;
	return IOT_FW_DT;
}

enum iot_fw_kind iot_topology_boot_firmware(const struct iot_topology *t)
{
	switch (t->firmware.kind) {
	case IOT_FW_DT:
	case IOT_FW_ACPI:
		return t->firmware.kind;
	case IOT_FW_MODEL:
		if (t->firmware.boot == IOT_FW_DT || t->firmware.boot == IOT_FW_ACPI)
			return t->firmware.boot;
		break;
	case IOT_FW_UNKNOWN:
		break;
	}
	return iot_topology_default_firmware(t);
}

static const char *const fw_kind_names[] = {
	[IOT_FW_UNKNOWN] = "unknown",
	[IOT_FW_MODEL] = "model",
	[IOT_FW_DT] = "dt",
	[IOT_FW_ACPI] = "acpi",
};

const char *iot_fw_kind_name(enum iot_fw_kind k)
{
	return (unsigned int)k < IOT_ARRAY_SIZE(fw_kind_names) ? fw_kind_names[k] : "?";
}

uint16_t iot_add_origin(struct iot_topology *t, enum iot_src src, const char *file)
{
	struct iot_origin *o;

	if (t->n_origins >= UINT16_MAX)
		return 0;
	o = ADD(t->origins, t->n_origins, t->cap_origins);
	memset(o, 0, sizeof(*o));
	o->src = src;
	o->file = file;
	return (uint16_t)t->n_origins;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An ACPI ID field as a C string (NULs end it early, as iasl shows it). */
static void id_field(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && p[i]; i++)
		out[i] = (char)p[i];
	out[i] = '\0';
}

uint16_t iot_add_acpi_origin(struct iot_topology *t, enum iot_src src, unsigned int table,
			     const char *file, const uint8_t *hdr, size_t len)
{
	uint16_t ix = iot_add_origin(t, src, file);
	struct iot_origin *o;

	iot_topology_set_firmware(t, IOT_FW_ACPI, table);
	if (!ix)
		return 0;
	o = &t->origins[ix - 1];
	if (len >= 4)
		id_field(o->signature, hdr, 4);
	if (len >= 36) {
		o->length = le32(hdr + 4);
		o->revision = hdr[8];
		o->checksum = hdr[9];
		id_field(o->oem_id, hdr + 10, 6);
		id_field(o->oem_table_id, hdr + 16, 8);
		o->oem_revision = le32(hdr + 24);
		id_field(o->creator_id, hdr + 28, 4);
		o->creator_revision = le32(hdr + 32);
	}
	return ix;
}

const struct iot_origin *iot_origin_of(const struct iot_topology *t, const struct iot_loc *loc)
{
	if (!loc || !loc->origin || loc->origin > t->n_origins)
		return NULL;
	return &t->origins[loc->origin - 1];
}

#define FIND(arr, n, name)                                                     \
	do {                                                                   \
		for (size_t i_ = 0; i_ < (n); i_++)                            \
			if ((arr)[i_].name && !strcmp((arr)[i_].name, (name))) \
				return (int)i_;                                \
		return IOT_NONE;                                               \
	} while (0)

int iot_find_iommu(const struct iot_topology *t, const char *name)
{
	FIND(t->iommus, t->n_iommus, name);
}

int iot_find_msi(const struct iot_topology *t, const char *name)
{
	FIND(t->msis, t->n_msis, name);
}

int iot_find_root(const struct iot_topology *t, const char *name)
{
	FIND(t->roots, t->n_roots, name);
}

int iot_find_platdev(const struct iot_topology *t, const char *name)
{
	FIND(t->platdevs, t->n_platdevs, name);
}

const char *const iot_iommu_model_names[IOT_IOMMU_NR_MODELS + 1] = {
	[IOT_IOMMU_SMMUV3] = "smmuv3",
	[IOT_IOMMU_SMMUV2] = "smmuv2",
	[IOT_IOMMU_MMU500] = "mmu-500",
	[IOT_IOMMU_SMMUV1] = "smmuv1",
	[IOT_IOMMU_MMU400] = "mmu-400",
	[IOT_IOMMU_MMU401] = "mmu-401",
	[IOT_IOMMU_CAVIUM_SMMUV2] = "cavium-smmuv2",
	[IOT_IOMMU_VIRTIO_PCI] = "virtio-iommu-pci",
	[IOT_IOMMU_VIRTIO_MMIO] = "virtio-iommu-mmio",
	[IOT_IOMMU_INTEL_VTD] = "intel-vtd",
	[IOT_IOMMU_AMD_VI] = "amd-vi",
	[IOT_IOMMU_OTHER] = "other",
};

static int parse_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

const char *iot_iommu_model_name(enum iot_iommu_model m)
{
	return (unsigned int)m < IOT_IOMMU_NR_MODELS ? iot_iommu_model_names[m] : "?";
}

int iot_iommu_model_parse(const char *s)
{
	return parse_name(iot_iommu_model_names, IOT_IOMMU_NR_MODELS, s);
}

enum iot_iommu_family iot_iommu_family(enum iot_iommu_model m)
{
	switch (m) {
	case IOT_IOMMU_SMMUV3:
		return IOT_FAMILY_ARM_SMMU_V3;
	case IOT_IOMMU_VIRTIO_PCI:
	case IOT_IOMMU_VIRTIO_MMIO:
		return IOT_FAMILY_VIRTIO;
	case IOT_IOMMU_INTEL_VTD:
		return IOT_FAMILY_INTEL;
	case IOT_IOMMU_AMD_VI:
		return IOT_FAMILY_AMD;
	case IOT_IOMMU_OTHER:
		return IOT_FAMILY_OTHER;
	default:
		return IOT_FAMILY_ARM_SMMU;
	}
}

bool iot_iommu_is_virtio(enum iot_iommu_model m)
{
	return iot_iommu_family(m) == IOT_FAMILY_VIRTIO;
}

bool iot_iommu_is_smmuv2_family(enum iot_iommu_model m)
{
	return iot_iommu_family(m) == IOT_FAMILY_ARM_SMMU;
}

const char *const iot_status_names[IOT_STATUS_NR + 1] = {
	[IOT_STATUS_OKAY] = "okay",
	[IOT_STATUS_DISABLED] = "disabled",
	[IOT_STATUS_NO_DRIVER] = "no-driver",
};

const char *iot_status_name(enum iot_status s)
{
	return (unsigned int)s < IOT_STATUS_NR ? iot_status_names[s] : "?";
}

int iot_fw_kind_parse(const char *s)
{
	return parse_name(fw_kind_names, (int)IOT_ARRAY_SIZE(fw_kind_names), s);
}

int iot_status_parse(const char *s)
{
	return parse_name(iot_status_names, (int)IOT_STATUS_NR, s);
}

const char *const iot_pci_type_names[IOT_PCI_NR_TYPES + 1] = {
	[IOT_PCI_ENDPOINT] = "endpoint",
	[IOT_PCI_LEGACY_ENDPOINT] = "legacy-endpoint",
	[IOT_PCI_RCIEP] = "rciep",
	[IOT_PCI_RCEC] = "rcec",
	[IOT_PCI_ROOT_PORT] = "root-port",
	[IOT_PCI_UPSTREAM_PORT] = "upstream-port",
	[IOT_PCI_DOWNSTREAM_PORT] = "downstream-port",
	[IOT_PCI_PCIE_TO_PCI_BRIDGE] = "pcie-pci-bridge",
	[IOT_PCI_PCI_TO_PCIE_BRIDGE] = "pci-pcie-bridge",
	[IOT_PCI_PCI_BRIDGE] = "pci-bridge",
	[IOT_PCI_PCI_ENDPOINT] = "pci-endpoint",
	[IOT_PCI_HOST_BRIDGE] = "host-bridge",
};

const char *iot_pci_type_name(enum iot_pci_type t)
{
	return (unsigned int)t < IOT_PCI_NR_TYPES ? iot_pci_type_names[t] : "?";
}

int iot_pci_type_parse(const char *s)
{
	return parse_name(iot_pci_type_names, IOT_PCI_NR_TYPES, s);
}

bool iot_pci_type_is_bridge(enum iot_pci_type t)
{
	switch (t) {
	case IOT_PCI_ROOT_PORT:
	case IOT_PCI_UPSTREAM_PORT:
	case IOT_PCI_DOWNSTREAM_PORT:
	case IOT_PCI_PCIE_TO_PCI_BRIDGE:
	case IOT_PCI_PCI_TO_PCIE_BRIDGE:
	case IOT_PCI_PCI_BRIDGE:
		return true;
	default:
		return false;
	}
}

bool iot_pci_type_is_pcie(enum iot_pci_type t)
{
	return t != IOT_PCI_PCI_BRIDGE && t != IOT_PCI_PCI_ENDPOINT && t != IOT_PCI_HOST_BRIDGE;
}

void iot_bdf_format(char *out, uint8_t bus, uint8_t devfn)
{
	snprintf(out, 8, "%02x:%02x.%x", bus, devfn >> 3, devfn & 7);
}

/* DT msi-parent entries after the first name existing MSI controllers. */
static size_t validate_specs(const struct iot_msi_specs *s, int first, size_t n_msis,
			     const char *owner, const struct iot_loc *loc, struct iot_diags *d)
{
	if (s->n && first == IOT_NONE) {
		iot_error(d, loc, "%s: msi-parent entries after the first, but no first entry",
			  owner);
		return 1;
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].msi < 0 || (size_t)s->v[i].msi >= n_msis ||
		    s->v[i].n_cells > IOT_MSI_SPEC_MAX_CELLS) {
			iot_error(d, loc,
				  "%s: msi-parent entry %zu: bad controller index or cell count",
				  owner, i + 1);
			return 1;
		}
	return 0;
}

static size_t validate_map(const struct iot_idmap *m, size_t n_targets, const char *what,
			   const char *owner, struct iot_diags *d)
{
	size_t errs = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct iot_map_row *r = &m->rows[i];

		if (r->target < 0 || (size_t)r->target >= n_targets) {
			iot_error(d, &r->loc, "%s: %s row %zu has no valid target", owner, what, i);
			errs++;
		}
		/* count 0: a DT placeholder row (iot_row_is_placeholder), kept as read */
		if (!r->single && (r->count > 0x100000000ull ||
				   (uint64_t)r->in_base + r->count > 0x100000000ull)) {
			iot_error(d, &r->loc,
				  "%s: %s row %zu: range of %llu IDs from 0x%x "
				  "does not fit in 32 bits",
				  owner, what, i, (unsigned long long)r->count, r->in_base);
			errs++;
		}
	}
	return errs;
}

size_t iot_topology_validate(const struct iot_topology *t, struct iot_diags *d)
{
	size_t errs = 0;

	for (size_t i = 0; i < t->n_iommus; i++) {
		const struct iot_iommu *u = &t->iommus[i];

		if (u->msi_controller != IOT_NONE &&
		    (u->msi_controller < 0 || (size_t)u->msi_controller >= t->n_msis)) {
			iot_error(d, &u->loc, "iommu %s: MSI controller index out of range",
				  u->name);
			errs++;
		}
		errs += validate_map(&u->msi_map, t->n_msis, "msi-map", u->name, d);
		errs += validate_specs(&u->dt_msi_parent_more, u->msi_controller, t->n_msis,
				       u->name, &u->loc, d);
	}
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		errs += validate_map(&r->iommu_map, t->n_iommus, "iommu-map", r->name, d);
		errs += validate_map(&r->msi_map, t->n_msis, "msi-map", r->name, d);
		if (r->dt_msi_parent_msi != IOT_NONE &&
		    (r->dt_msi_parent_msi < 0 || (size_t)r->dt_msi_parent_msi >= t->n_msis)) {
			iot_error(d, &r->loc, "%s: msi-parent controller index out of range",
				  r->name);
			errs++;
		}
		errs += validate_specs(&r->dt_msi_parent_more, r->dt_msi_parent_msi, t->n_msis,
				       r->name, &r->loc, d);
		for (size_t j = 0; j < r->n_devs; j++) {
			int p = r->devs[j].parent;

			if (p != IOT_NONE && (p < 0 || (size_t)p >= j)) {
				iot_error(d, &r->devs[j].loc,
					  "%s: device %zu has a bad parent index", r->name, j);
				errs++;
			}
		}
	}
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];

		errs += validate_specs(&p->dt_msi_parent_more, p->msi_controller, t->n_msis,
				       p->name, &p->loc, d);
		for (size_t j = 0; j < p->n_iommus; j++) {
			int u = p->iommus[j].iommu;

			if (u < 0 || (size_t)u >= t->n_iommus) {
				iot_error(d, &p->iommus[j].loc,
					  "device %s: IOMMU index out of range", p->name);
				errs++;
			}
		}
	}
	for (size_t i = 0; i < t->n_rmrs; i++)
		errs += validate_map(&t->rmrs[i].ids, t->n_iommus, "ids", t->rmrs[i].name, d);
	return errs;
}
