// SPDX-License-Identifier: MIT
/* Text output of `iotopo groups`, --explain and --against-kernel. */
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "util/mem.h"

static const char hexdig[] = "0123456789abcdef";

/* @v as @w hex digits (no printf: a million lines are written per run). */
static void add_hex(struct iot_buf *b, uint32_t v, int w)
{
	char tmp[8];

	for (int i = w - 1; i >= 0; i--, v >>= 4)
		tmp[i] = hexdig[v & 0xf];
	iot_buf_add(b, tmp, (size_t)w);
}

/* "0x" and @v in hex, no leading zeros. */
static void add_0x(struct iot_buf *b, uint32_t v)
{
	int w = 1;

	while (w < 8 && v >> (4 * w))
		w++;
	iot_buf_add(b, "0x", 2);
	add_hex(b, v, w);
}

/* @v in decimal, as printf's %d. */
static void add_int(struct iot_buf *b, int v)
{
	char tmp[12];
	unsigned int u = v < 0 ? 0u - (unsigned int)v : (unsigned int)v;
	size_t i = sizeof(tmp);

	do
		tmp[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		tmp[--i] = '-';
	iot_buf_add(b, tmp + i, sizeof(tmp) - i);
}

/* Spaces after the @n bytes just written, up to @width. */
static void pad_to(struct iot_buf *b, size_t n, size_t width)
{
	static const char spaces[] = "                                                ";

	while (n < width) {
		size_t k = width - n < sizeof(spaces) - 1 ? width - n : sizeof(spaces) - 1;

		iot_buf_add(b, spaces, k);
		n += k;
	}
}

/* @s, then spaces up to @width (at least one character of @s is always written). */
static void add_padded(struct iot_buf *b, const char *s, size_t width)
{
	size_t n = strlen(s);

	iot_buf_add(b, s, n);
	pad_to(b, n, width);
}

void iot_groups_dev_desc(const struct iot_topology *t, const struct iot_sim_result *r, int s,
			 struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];

	if (d->is_pci) {
		const struct iot_pci_dev *p = &t->roots[d->root].devs[d->idx];

		if (p->has_ids) {
			add_hex(b, p->vendor, 4);
			iot_buf_addc(b, ':');
			add_hex(b, p->device, 4);
			iot_buf_addc(b, ' ');
		}
		iot_buf_adds(b, iot_pci_type_name(p->type));
		if (p->driver) {
			iot_buf_adds(b, " drv=");
			iot_buf_adds(b, p->driver);
		}
	} else {
		const struct iot_platdev *p = &t->platdevs[d->idx];

		iot_buf_adds(b, "platform");
		if (p->driver) {
			iot_buf_adds(b, " drv=");
			iot_buf_adds(b, p->driver);
		}
	}
}

static void ids_text(const struct iot_sim_result *r, int s, struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];

	if (!d->n_ids) {
		iot_buf_adds(b, "-");
		return;
	}
	for (size_t i = 0; i < d->n_ids; i++) {
		if (i)
			iot_buf_addc(b, ',');
		add_0x(b, r->ids[d->ids_off + i]);
	}
}

/* A DT row of length 0 (model/idmap.h: iot_row_is_placeholder) */
static bool has_placeholder(const struct iot_idmap *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (iot_row_is_placeholder(&m->rows[i]))
			return true;
	return false;
}

static const char *iommu_name(const struct iot_topology *t, int i)
{
	return i >= 0 && (size_t)i < t->n_iommus && t->iommus[i].name ? t->iommus[i].name : "-";
}

/*
 * What an operator recognises a function by: "Class: Vendor Device" as
 * lspci prints it from pci.ids, its physical slot and what the host uses it
 * for.  Nothing when none of them is known.
 */
void iot_groups_dev_names(const struct iot_topology *t, const struct iot_sim_result *r, int s,
			  const struct iot_pciids *ids, struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];
	const struct iot_pci_dev *p;
	const char *vendor, *device, *cls;
	size_t start = b->len;

	if (!d->is_pci)
		return;
	p = &t->roots[d->root].devs[d->idx];
	vendor = p->has_ids ? iot_pciids_vendor(ids, p->vendor) : NULL;
	device = vendor ? iot_pciids_device(ids, p->vendor, p->device) : NULL;
	cls = vendor ? iot_pciids_class(ids, p->class_code) : NULL;
	if (vendor) {
		if (cls) {
			iot_buf_adds(b, cls);
			iot_buf_adds(b, ": ");
		}
		iot_buf_adds(b, vendor);
		if (device) {
			iot_buf_addc(b, ' ');
			iot_buf_adds(b, device);
		} else {
			iot_buf_adds(b, " Device ");
			add_hex(b, p->device, 4);
		}
	}
	if (p->slot) {
		iot_buf_adds(b, b->len > start ? "; slot " : "slot ");
		iot_buf_adds(b, p->slot);
	}
	if (p->host_use) {
		iot_buf_adds(b, b->len > start ? "; host: " : "host: ");
		iot_buf_adds(b, p->host_use & IOT_HOST_ROOT_FS ? "root filesystem" :
				p->host_use & IOT_HOST_MOUNTED ? "mounted" :
								 "boot display");
		if (p->host_use_what) {
			iot_buf_adds(b, " (");
			iot_buf_adds(b, p->host_use_what);
			iot_buf_addc(b, ')');
		}
	}
}

static void dev_line(const struct iot_topology *t, const struct iot_sim_result *r, int s,
		     const struct iot_groups_extra *x, struct iot_buf *b, struct iot_buf *tmp)
{
	const struct iot_sim_dev *d = &r->devs[s];

	size_t at;

	iot_buf_adds(b, "    ");
	add_padded(b, d->name, 14);
	iot_buf_addc(b, ' ');
	at = b->len;
	iot_groups_dev_desc(t, r, s, b);
	pad_to(b, b->len - at, 40);
	iot_buf_addc(b, ' ');
	add_padded(b, iommu_name(t, d->iommu), 8);
	iot_buf_adds(b, " ids ");
	ids_text(r, s, b);
	iot_buf_adds(b, "  ");
	iot_buf_adds(b, iot_verdict_name(d->verdict));
	if (d->isolated)
		iot_buf_adds(b, ", isolated");
	if (d->alias_owner >= 0) {
		iot_buf_adds(b, " (shares an ID with ");
		iot_buf_adds(b, r->devs[d->alias_owner].name);
		iot_buf_addc(b, ')');
	}
	iot_buf_addc(b, '\n');
	iot_buf_reset(tmp);
	iot_groups_dev_names(t, r, s, x ? x->ids : NULL, tmp);
	if (tmp->len) {
		iot_buf_adds(b, "                   ");
		iot_buf_add(b, tmp->data, tmp->len);
		iot_buf_addc(b, '\n');
	}
}

struct gpair {
	int id, g;
};

static int gpair_cmp(const void *a, const void *b)
{
	const struct gpair *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Live group indices sorted by group id (iommu_groups/N); *@n set to their number. */
int *iot_groups_sorted(const struct iot_sim_result *r, size_t *n)
{
	struct gpair *p = iot_xcalloc(r->n_groups + 1, sizeof(*p));
	int *order = iot_xcalloc(r->n_groups + 1, sizeof(int));
	size_t k = 0;

	for (size_t g = 0; g < r->n_groups; g++)
		if (r->groups[g].first >= 0) {
			p[k].id = r->groups[g].id;
			p[k++].g = (int)g;
		}
	for (size_t i = 1; i < k; i++)
		if (p[i - 1].id > p[i].id) { /* groups are mostly numbered in order */
			qsort(p, k, sizeof(*p), gpair_cmp);
			break;
		}
	for (size_t i = 0; i < k; i++)
		order[i] = p[i].g;
	free(p);
	*n = k;
	return order;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

size_t iot_group_members_into(const struct iot_sim_result *r, int g, int **buf, size_t *cap)
{
	int *m;
	size_t k = 0;

	iot_grow((void **)buf, cap, r->groups[g].n + 1, sizeof(int));
	m = *buf;
	for (int s = r->groups[g].first; s >= 0 && k < r->groups[g].n; s = r->devs[s].next_in_group)
		m[k++] = s;
	for (size_t i = 1; i < k; i++)
		if (m[i - 1] > m[i]) { /* usually in order already: sort only when not */
			qsort(m, k, sizeof(int), int_cmp);
			break;
		}
	return k;
}

/* Members of group @g in device_add order; *@n set. */
int *iot_group_members(const struct iot_sim_result *r, int g, size_t *n)
{
	int *m = NULL;
	size_t cap = 0;

	*n = iot_group_members_into(r, g, &m, &cap);
	return m;
}

static const char *fw_name(enum iot_fw_kind f)
{
	return f == IOT_FW_DT ? "DT" : "ACPI";
}

void iot_groups_text(const struct iot_topology *t, const struct iot_sim_result *r,
		     const struct iot_groups_extra *x, struct iot_buf *b)
{
	size_t ng, n_none = 0, n_unprot = 0, n_iso = 0;
	int *order = iot_groups_sorted(r, &ng), *m = NULL;
	size_t cap_m = 0;
	struct iot_buf tmp;

	iot_buf_init(&tmp);
	iot_buf_printf(
		b,
		"# kernel profile %s (%s probe), config %s, %s, %s, %s state; default domain "
		"%s\n",
		r->profile->version, r->profile->two_phase_probe ? "two-phase" : "bind-time",
		r->config, r->arch == IOT_ARCH_X86 ? "x86_64" : "arm64", fw_name(r->firmware),
		r->state == IOT_STATE_FINAL ? "final" : "boot",
		r->passthrough		? "identity" :
		r->strict		? "DMA (strict)" :
		r->profile->dma_fq_type ? "DMA-FQ (lazy)" :
					  "DMA (lazy)");
	iot_buf_printf(b, "# profile %s: %s\n", r->profile->version, r->profile->commits);
	if (x && x->acs_override)
		iot_buf_printf(b,
			       "# %spcie_acs_override=%s: the out-of-tree ACS override patch%s "
			       "(UNSAFE: the groups it makes are not isolated from each other)\n",
			       x->acs_override_in_kernel ? "" : "WHAT-IF ", x->acs_override,
			       x->acs_override_in_kernel ? ", which this kernel carries" : "");
	for (size_t i = 0; i < t->n_iommus; i++)
		if (!r->iommu_registered[i])
			iot_buf_printf(b, "# IOMMU %s: not registered: %s\n", iommu_name(t, (int)i),
				       r->iommu_why && r->iommu_why[i] ? r->iommu_why[i] :
									 "no reason recorded");
	/*
	 * fsl-mc-bus.c: the objects of an fsl-mc bus (containers, network and
	 * I/O interfaces) and their ICIDs come from the Management Complex
	 * firmware at run time; a DTB holds the bus and its maps only.
	 */
	for (size_t i = 0; i < t->n_roots; i++)
		if (t->roots[i].dt_fsl_mc)
			iot_buf_printf(
				b,
				"# fsl-mc bus %s: its objects and their ICIDs come from the MC "
				"firmware at run time (each container and its objects one group, "
				"fsl_mc_device_group)%s\n",
				t->roots[i].name ? t->roots[i].name : "?",
				has_placeholder(&t->roots[i].iommu_map) ?
					"; its iommu-map rows are placeholders the bootloader "
					"fills in" :
					"");
	for (size_t i = 0; i < ng; i++) {
		const struct iot_sim_group *g = &r->groups[order[i]];
		size_t nm = iot_group_members_into(r, order[i], &m, &cap_m);

		iot_buf_adds(b, "IOMMU Group ");
		add_int(b, g->id);
		iot_buf_adds(b, " [");
		iot_buf_adds(b, iot_domain_type_name(g->domain));
		iot_buf_adds(b, "] ");
		iot_buf_adds(b, iommu_name(t, g->iommu));
		if (g->require_direct)
			iot_buf_adds(b, " (RMR direct mapping: cannot be assigned)");
		iot_buf_adds(b, ":\n");
		for (size_t k = 0; k < nm; k++)
			dev_line(t, r, m[k], x, b, &tmp);
		if (x && x->vfio) {
			iot_buf_adds(b, "    ");
			iot_vfio_group_text(t, r, &x->vfio->groups[order[i]], b);
			iot_buf_addc(b, '\n');
		}
		iot_groups_flush(x, b);
	}
	for (size_t s = 0; s < r->n_devs; s++) {
		if (r->devs[s].group < 0) {
			if (!n_none++)
				iot_buf_adds(b, "No group:\n");
			dev_line(t, r, (int)s, x, b, &tmp);
			iot_groups_flush(x, b);
		}
		n_unprot += iot_verdict_unprotected(r->devs[s].verdict);
		n_iso += r->devs[s].isolated;
	}
	if (n_none && x && x->vfio)
		iot_buf_adds(b, "    VFIO: not assignable (no IOMMU group: VFIO needs one)\n");
	iot_buf_printf(b,
		       "# %zu groups, %zu devices: %zu isolated, %zu without a group, "
		       "%zu unprotected",
		       ng, r->n_devs, n_iso, n_none, n_unprot);
	if (x && x->vfio)
		iot_buf_printf(b, "; %zu groups can be assigned to a VM", x->vfio->n_assignable);
	iot_buf_addc(b, '\n');
	iot_buf_free(&tmp);
	free(order);
	free(m);
}

void iot_groups_explain(const struct iot_topology *t, const struct iot_sim_result *r, int s,
			struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];
	struct iot_buf desc;

	iot_buf_init(&desc);
	iot_groups_dev_desc(t, r, s, &desc);
	iot_buf_printf(b, "%s (%s): ", d->name, iot_buf_str(&desc));
	if (d->group >= 0)
		iot_buf_printf(b, "group %d [%s] on %s", r->groups[d->group].id,
			       iot_domain_type_name(r->groups[d->group].domain),
			       iommu_name(t, d->iommu));
	else
		iot_buf_printf(b, "no group, IOMMU %s", iommu_name(t, d->iommu));
	iot_buf_adds(b, ", ids ");
	ids_text(r, s, b);
	iot_buf_printf(b, "; %s%s\n", iot_verdict_name(d->verdict),
		       d->isolated ? ", isolated" : "");
	if (d->is_pci) {
		const struct iot_pci_dev *p = &t->roots[d->root].devs[d->idx];

		if (p->has_acs)
			iot_buf_printf(b,
				       "  - ACS capability 0x%04x, control 0x%04x after "
				       "pci_enable_acs%s\n",
				       p->acs_cap, d->acs_ctrl,
				       d->acs_kernel ? "" : " (added before pci_request_acs)");
	}
	if (d->group >= 0) {
		const struct iot_sim_group *g = &r->groups[d->group];

		iot_buf_printf(b, "  - default domain %s: %s\n", iot_domain_type_name(g->domain),
			       g->domain_why ? g->domain_why : "not set up");
		if (g->driver_why)
			iot_buf_printf(b, "    %s%s%s\n",
				       g->driver_dev >= 0 ? r->devs[g->driver_dev].name : "",
				       g->driver_dev >= 0 ? ": " : "", g->driver_why);
		for (const char *p = r->mode_why, *e; *p; p = *e ? e + 1 : e) {
			e = strchr(p, '\n');
			if (!e)
				e = p + strlen(p);
			iot_buf_printf(b, "    global default: %.*s\n", (int)(e - p), p);
		}
	}
	for (const char *p = d->why; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		iot_buf_printf(b, "  - %.*s\n", (int)n, p);
		p += n + (e != NULL);
	}
	if (d->group >= 0 && !d->why)
		iot_buf_adds(b, "  - no alias, ACS-isolated path, no multifunction sibling: "
				"new group (pci_device_group / generic_device_group)\n");
	iot_buf_free(&desc);
}
