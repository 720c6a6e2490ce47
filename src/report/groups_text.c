// SPDX-License-Identifier: MIT
/* Text output of `iotopo groups`, --explain and --against-kernel. */
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "util/mem.h"

void iot_groups_dev_desc(const struct iot_topology *t, const struct iot_sim_result *r, int s,
			 struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];

	if (d->is_pci) {
		const struct iot_pci_dev *p = &t->roots[d->root].devs[d->idx];

		if (p->has_ids)
			iot_buf_printf(b, "%04x:%04x ", p->vendor, p->device);
		iot_buf_adds(b, iot_pci_type_name(p->type));
		if (p->driver)
			iot_buf_printf(b, " drv=%s", p->driver);
	} else {
		const struct iot_platdev *p = &t->platdevs[d->idx];

		iot_buf_adds(b, "platform");
		if (p->driver)
			iot_buf_printf(b, " drv=%s", p->driver);
	}
}

static void ids_text(const struct iot_sim_result *r, int s, struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];

	if (!d->n_ids) {
		iot_buf_adds(b, "-");
		return;
	}
	for (size_t i = 0; i < d->n_ids; i++)
		iot_buf_printf(b, "%s0x%x", i ? "," : "", r->ids[d->ids_off + i]);
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

static void dev_line(const struct iot_topology *t, const struct iot_sim_result *r, int s,
		     struct iot_buf *b)
{
	const struct iot_sim_dev *d = &r->devs[s];
	struct iot_buf desc;

	iot_buf_init(&desc);
	iot_groups_dev_desc(t, r, s, &desc);
	iot_buf_printf(b, "    %-14s %-40s %-8s ids ", d->name, iot_buf_str(&desc),
		       iommu_name(t, d->iommu));
	ids_text(r, s, b);
	iot_buf_printf(b, "  %s%s", iot_verdict_name(d->verdict), d->isolated ? ", isolated" : "");
	if (d->alias_owner >= 0)
		iot_buf_printf(b, " (shares an ID with %s)", r->devs[d->alias_owner].name);
	iot_buf_addc(b, '\n');
	iot_buf_free(&desc);
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
	qsort(p, k, sizeof(*p), gpair_cmp);
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

/* Members of group @g in device_add order; *@n set. */
int *iot_group_members(const struct iot_sim_result *r, int g, size_t *n)
{
	int *m = iot_xcalloc(r->groups[g].n + 1, sizeof(int));
	size_t k = 0;

	for (int s = r->groups[g].first; s >= 0 && k < r->groups[g].n; s = r->devs[s].next_in_group)
		m[k++] = s;
	qsort(m, k, sizeof(int), int_cmp);
	*n = k;
	return m;
}

static const char *fw_name(enum iot_fw_kind f)
{
	return f == IOT_FW_DT ? "DT" : "ACPI";
}

void iot_groups_text(const struct iot_topology *t, const struct iot_sim_result *r,
		     struct iot_buf *b)
{
	size_t ng, n_none = 0, n_unprot = 0, n_iso = 0;
	int *order = iot_groups_sorted(r, &ng);

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
		size_t nm;
		int *m = iot_group_members(r, order[i], &nm);

		iot_buf_printf(b, "IOMMU Group %d [%s] %s%s:\n", g->id,
			       iot_domain_type_name(g->domain), iommu_name(t, g->iommu),
			       g->require_direct ? " (RMR direct mapping: cannot be assigned)" :
						   "");
		for (size_t k = 0; k < nm; k++)
			dev_line(t, r, m[k], b);
		free(m);
	}
	for (size_t s = 0; s < r->n_devs; s++) {
		if (r->devs[s].group < 0) {
			if (!n_none++)
				iot_buf_adds(b, "No group:\n");
			dev_line(t, r, (int)s, b);
		}
		n_unprot += iot_verdict_unprotected(r->devs[s].verdict);
		n_iso += r->devs[s].isolated;
	}
	iot_buf_printf(b,
		       "# %zu groups, %zu devices: %zu isolated, %zu without a group, "
		       "%zu unprotected\n",
		       ng, r->n_devs, n_iso, n_none, n_unprot);
	free(order);
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
