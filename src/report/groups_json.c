// SPDX-License-Identifier: MIT
/*
 * `iotopo groups --format json`.  Stable schema (format 1):
 * {"format": 1, "kernel": {...}, "arch", "firmware", "state",
 *  "iommus": [{"name", "model", "driver", "registered", "why_not_registered"?}],
 *  "devices": [{"name", "bus": "pci"|"platform", "group": N|null, "iommu": NAME|null,
 *               "ids": [N...], "domain": "DMA"|"DMA-FQ"|"identity"|null,
 *               "verdict", "isolated", "shares_id_with": NAME|null}],
 *  "groups": [{"id", "iommu", "domain", "require_direct", "devices": [NAME...]}]}
 * Devices are listed in device_add order, groups by id.  The operator's view
 * adds (fields are only ever added): top level "pci_ids" (the names' file)
 * and "acs_override"; per device "vendor_name", "device_name", "class_name"
 * (pci.ids), "slot", "host_use" [...], "host_use_what", "vfio_assignable";
 * per group "vfio": {"verdict", "assign": [NAME...], "reasons": [{"kind",
 * "device", "text"}]}.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "util/mem.h"

static void jstr(struct iot_buf *b, const char *s)
{
	const char *p = s ? s : "";

	/* the common case, printable ASCII with nothing to escape, in one copy */
	while (*p && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20 &&
	       (unsigned char)*p < 0x7f)
		p++;
	if (*p) {
		iot_buf_json_string(b, s);
		return;
	}
	iot_buf_addc(b, '"');
	iot_buf_add(b, s ? s : "", (size_t)(p - (s ? s : "")));
	iot_buf_addc(b, '"');
}

/* A decimal number without printf: a million devices are written per run. */
static void jnum(struct iot_buf *b, uint64_t v)
{
	char tmp[24];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	iot_buf_add(b, tmp + n, sizeof(tmp) - n);
}

static void jiommu(struct iot_buf *b, const struct iot_topology *t, int i)
{
	if (i < 0 || (size_t)i >= t->n_iommus)
		iot_buf_adds(b, "null");
	else
		jstr(b, t->iommus[i].name);
}

static void jstr_or_null(struct iot_buf *b, const char *s)
{
	if (s)
		jstr(b, s);
	else
		iot_buf_adds(b, "null");
}

/* The operator's fields of device @s (after "shares_id_with"). */
static void jdev_extra(struct iot_buf *b, const struct iot_topology *t,
		       const struct iot_sim_result *r, int s, const struct iot_groups_extra *x,
		       const bool *assignable)
{
	const struct iot_sim_dev *d = &r->devs[s];
	const struct iot_pci_dev *p = d->is_pci ? &t->roots[d->root].devs[d->idx] : NULL;
	const struct iot_pciids *ids = x ? x->ids : NULL;
	const char *vendor = p && p->has_ids ? iot_pciids_vendor(ids, p->vendor) : NULL;
	static const struct {
		unsigned int bit;
		const char *name;
	} uses[] = { { IOT_HOST_ROOT_FS, "root-filesystem" },
		     { IOT_HOST_MOUNTED, "mounted" },
		     { IOT_HOST_BOOT_VGA, "boot-display" } };
	bool first = true;

	iot_buf_adds(b, ", \"vendor_name\": ");
	jstr_or_null(b, vendor);
	iot_buf_adds(b, ", \"device_name\": ");
	jstr_or_null(b, vendor ? iot_pciids_device(ids, p->vendor, p->device) : NULL);
	iot_buf_adds(b, ", \"class_name\": ");
	jstr_or_null(b, p && p->has_ids ? iot_pciids_class(ids, p->class_code) : NULL);
	iot_buf_adds(b, ", \"slot\": ");
	jstr_or_null(b, p ? p->slot : NULL);
	iot_buf_adds(b, ", \"host_use\": [");
	for (size_t i = 0; p && i < sizeof(uses) / sizeof(uses[0]); i++)
		if (p->host_use & uses[i].bit) {
			iot_buf_adds(b, first ? "" : ", ");
			jstr(b, uses[i].name);
			first = false;
		}
	iot_buf_adds(b, "], \"host_use_what\": ");
	jstr_or_null(b, p ? p->host_use_what : NULL);
	if (assignable)
		iot_buf_adds(b, assignable[s] ? ", \"vfio_assignable\": true" :
						", \"vfio_assignable\": false");
}

static void jvfio(struct iot_buf *b, const struct iot_topology *t, const struct iot_sim_result *r,
		  const struct iot_vfio_group *g)
{
	struct iot_buf text;

	iot_buf_init(&text);
	iot_buf_adds(b, ", \"vfio\": {\"verdict\": ");
	jstr(b, iot_vfio_verdict_name(g->verdict));
	iot_buf_adds(b, ", \"assign\": [");
	for (size_t k = 0; k < g->n_assign; k++) {
		if (k)
			iot_buf_adds(b, ", ");
		jstr(b, r->devs[g->assign[k]].name);
	}
	iot_buf_adds(b, "], \"reasons\": [");
	for (size_t i = 0; i < g->n_items; i++) {
		iot_buf_adds(b, i ? ", {\"kind\": " : "{\"kind\": ");
		jstr(b, iot_vfio_reason_name(g->items[i].why));
		iot_buf_adds(b, ", \"device\": ");
		jstr_or_null(b, g->items[i].dev >= 0 ? r->devs[g->items[i].dev].name : NULL);
		iot_buf_adds(b, ", \"text\": ");
		iot_buf_reset(&text);
		iot_vfio_item_text(t, r, g, &g->items[i], &text);
		jstr(b, iot_buf_str(&text));
		iot_buf_addc(b, '}');
	}
	iot_buf_adds(b, "]}");
	iot_buf_free(&text);
}

void iot_groups_json(const struct iot_topology *t, const struct iot_sim_result *r,
		     const struct iot_groups_extra *x, struct iot_buf *b)
{
	size_t ng, cap_m = 0;
	int *order = iot_groups_sorted(r, &ng), *m = NULL;
	const struct iot_vfio *vfio = x ? x->vfio : NULL;
	bool *assignable = NULL;

	if (vfio) {
		assignable = iot_xcalloc(r->n_devs + 1, sizeof(bool));
		for (size_t g = 0; g < vfio->n; g++)
			if (vfio->groups[g].verdict == IOT_VFIO_ASSIGNABLE ||
			    vfio->groups[g].verdict == IOT_VFIO_AFTER_UNBIND)
				for (size_t k = 0; k < vfio->groups[g].n_assign; k++)
					assignable[vfio->groups[g].assign[k]] = true;
	}

	iot_buf_adds(b, "{\n  \"format\": 1,\n  \"kernel\": {\"profile\": ");
	jstr(b, r->profile->version);
	iot_buf_adds(b, ", \"commits\": ");
	jstr(b, r->profile->commits);
	iot_buf_adds(b, ", \"build\": ");
	jstr(b, r->profile->build);
	iot_buf_adds(b, ", \"config\": ");
	jstr(b, r->config);
	iot_buf_printf(b, ", \"two_phase_probe\": %s, \"passthrough\": %s, \"strict\": %s",
		       r->profile->two_phase_probe ? "true" : "false",
		       r->passthrough ? "true" : "false", r->strict ? "true" : "false");
	/* how the global default was reached, one step per string */
	iot_buf_adds(b, ", \"default_domain_why\": [");
	for (const char *p = r->mode_why, *e; *p; p = *e ? e + 1 : e) {
		char *line;

		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		line = iot_strndup(p, (size_t)(e - p));
		if (p != r->mode_why)
			iot_buf_adds(b, ", ");
		jstr(b, line);
		free(line);
	}
	iot_buf_adds(b, "]},\n");
	iot_buf_printf(b, "  \"arch\": \"%s\",\n  \"firmware\": \"%s\",\n  \"state\": \"%s\",\n",
		       r->arch == IOT_ARCH_X86 ? "x86_64" : "arm64",
		       r->firmware == IOT_FW_DT ? "dt" : "acpi",
		       r->state == IOT_STATE_FINAL ? "final" : "boot");
	iot_buf_adds(b, "  \"iommus\": [");
	for (size_t i = 0; i < t->n_iommus; i++) {
		iot_buf_adds(b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		jstr(b, t->iommus[i].name);
		iot_buf_adds(b, ", \"model\": ");
		jstr(b, iot_iommu_model_name(t->iommus[i].model));
		iot_buf_adds(b, ", \"driver\": ");
		if (r->iommu_driver && r->iommu_driver[i])
			jstr(b, r->iommu_driver[i]);
		else
			iot_buf_adds(b, "null");
		iot_buf_printf(b, ", \"registered\": %s",
			       r->iommu_registered[i] ? "true" : "false");
		if (r->iommu_why && r->iommu_why[i]) {
			iot_buf_adds(b, ", \"why_not_registered\": ");
			jstr(b, r->iommu_why[i]);
		}
		iot_buf_addc(b, '}');
	}
	iot_buf_adds(b, t->n_iommus ? "\n  ],\n  \"devices\": [" : "],\n  \"devices\": [");
	for (size_t s = 0; s < r->n_devs; s++) {
		const struct iot_sim_dev *d = &r->devs[s];

		iot_buf_adds(b, s ? ",\n    {\"name\": " : "\n    {\"name\": ");
		jstr(b, d->name);
		iot_buf_adds(b, d->is_pci ? ", \"bus\": \"pci\", \"group\": " :
					    ", \"bus\": \"platform\", \"group\": ");
		if (d->group >= 0)
			jnum(b, (uint64_t)r->groups[d->group].id);
		else
			iot_buf_adds(b, "null");
		iot_buf_adds(b, ", \"iommu\": ");
		jiommu(b, t, d->iommu);
		iot_buf_adds(b, ", \"ids\": [");
		for (size_t i = 0; i < d->n_ids; i++) {
			if (i)
				iot_buf_adds(b, ", ");
			jnum(b, r->ids[d->ids_off + i]);
		}
		iot_buf_adds(b, "], \"domain\": ");
		if (d->group >= 0)
			jstr(b, iot_domain_type_name(r->groups[d->group].domain));
		else
			iot_buf_adds(b, "null");
		iot_buf_adds(b, ", \"verdict\": ");
		jstr(b, iot_verdict_name(d->verdict));
		iot_buf_adds(b, d->isolated ? ", \"isolated\": true, \"shares_id_with\": " :
					      ", \"isolated\": false, \"shares_id_with\": ");
		if (d->alias_owner >= 0)
			jstr(b, r->devs[d->alias_owner].name);
		else
			iot_buf_adds(b, "null");
		jdev_extra(b, t, r, (int)s, x, assignable);
		iot_buf_addc(b, '}');
		iot_groups_flush(x, b);
	}
	iot_buf_adds(b, r->n_devs ? "\n  ],\n  \"groups\": [" : "],\n  \"groups\": [");
	for (size_t i = 0; i < ng; i++) {
		const struct iot_sim_group *g = &r->groups[order[i]];
		size_t nm = iot_group_members_into(r, order[i], &m, &cap_m);

		iot_buf_adds(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		jnum(b, (uint64_t)g->id);
		iot_buf_adds(b, ", \"iommu\": ");
		jiommu(b, t, g->iommu);
		iot_buf_adds(b, ", \"domain\": ");
		jstr(b, iot_domain_type_name(g->domain));
		iot_buf_adds(b, ", \"domain_why\": ");
		if (g->domain_why)
			jstr(b, g->domain_why);
		else
			iot_buf_adds(b, "null");
		iot_buf_adds(b, ", \"driver_why\": ");
		if (g->driver_why)
			jstr(b, g->driver_why);
		else
			iot_buf_adds(b, "null");
		iot_buf_adds(b, g->require_direct ? ", \"require_direct\": true, \"devices\": [" :
						    ", \"require_direct\": false, \"devices\": [");
		for (size_t k = 0; k < nm; k++) {
			if (k)
				iot_buf_adds(b, ", ");
			jstr(b, r->devs[m[k]].name);
		}
		iot_buf_addc(b, ']');
		if (vfio)
			jvfio(b, t, r, &vfio->groups[order[i]]);
		iot_buf_addc(b, '}');
		iot_groups_flush(x, b);
	}
	iot_buf_adds(b, ng ? "\n  ],\n  \"pci_ids\": " : "],\n  \"pci_ids\": ");
	jstr_or_null(b, x ? iot_pciids_file(x->ids) : NULL);
	iot_buf_adds(b, ",\n  \"acs_override\": ");
	jstr_or_null(b, x ? x->acs_override : NULL);
	iot_buf_adds(b, "\n}\n");
	free(assignable);
	free(order);
	free(m);
}
