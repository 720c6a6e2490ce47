/* SPDX-License-Identifier: MIT */
/*
 * Test-only reader of the fixtures' sysfs layout (config space, driver
 * links) into the model, so the simulator can be judged against real kernels
 * before the sysfs reader (src/sysfs) lands.  The firmware side of each case
 * is built in C by the test from the case's description (case.txt).
 * It never reads sys/kernel/iommu_groups except through fx_read_groups().
 */
#ifndef IOTOPO_TEST_SIM_FIXTURE_H
#define IOTOPO_TEST_SIM_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util/mem.h"

struct fx_ent {
	char path[512]; /* below sys/devices */
	char name[256];
};

static int fx_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fx_ent *)a)->path, ((const struct fx_ent *)b)->path);
}

static char *fx_slurp(const char *dir, const char *rel, size_t *len)
{
	char p[2048];
	FILE *f;
	char *buf;
	size_t n;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	f = fopen(p, "rb");
	if (!f)
		return NULL;
	buf = iot_xcalloc(4097, 1);
	n = fread(buf, 1, 4096, f);
	fclose(f);
	while (n && (buf[n - 1] == '\n'))
		buf[--n] = 0;
	if (len)
		*len = n;
	return buf;
}

static unsigned int rd16(const unsigned char *c, size_t off)
{
	return c[off] | c[off + 1] << 8;
}

static enum iot_pci_type fx_type(const unsigned char *cfg, size_t len, unsigned int *pcie_cap)
{
	unsigned int pos = cfg[0x34] & 0xfc, guard = 0;
	unsigned int hdr = cfg[0x0e] & 0x7f, cls = cfg[0x0b] << 8 | cfg[0x0a];

	*pcie_cap = 0;
	if (rd16(cfg, 6) & 0x10)
		while (pos >= 0x40 && pos + 4 <= len && guard++ < 48) {
			if (cfg[pos] == 0x10) {
				*pcie_cap = pos;
				switch ((cfg[pos + 2] >> 4) & 0xf) {
				case 0:
					return IOT_PCI_ENDPOINT;
				case 1:
					return IOT_PCI_LEGACY_ENDPOINT;
				case 4:
					return IOT_PCI_ROOT_PORT;
				case 5:
					return IOT_PCI_UPSTREAM_PORT;
				case 6:
					return IOT_PCI_DOWNSTREAM_PORT;
				case 7:
					return IOT_PCI_PCIE_TO_PCI_BRIDGE;
				case 8:
					return IOT_PCI_PCI_TO_PCIE_BRIDGE;
				case 9:
					return IOT_PCI_RCIEP;
				case 10:
					return IOT_PCI_RCEC;
				default:
					return IOT_PCI_ENDPOINT;
				}
			}
			pos = cfg[pos + 1] & 0xfc;
		}
	if (hdr == 1)
		return IOT_PCI_PCI_BRIDGE;
	if (cls == 0x0600)
		return IOT_PCI_HOST_BRIDGE;
	return IOT_PCI_PCI_ENDPOINT;
}

static void fx_acs(struct iot_pci_dev *d, const unsigned char *cfg, size_t len)
{
	unsigned int pos = 0x100, guard = 0;

	while (pos >= 0x100 && pos + 8 <= len && guard++ < 64) {
		uint32_t h = cfg[pos] | cfg[pos + 1] << 8 | cfg[pos + 2] << 16 |
			     (uint32_t)cfg[pos + 3] << 24;

		if (!h)
			return;
		if ((h & 0xffff) == 0x000d) {
			d->has_acs = true;
			d->acs_cap = rd16(cfg, pos + 4);
			/* sysfs shows ACS after Linux enabled it; QEMU firmware leaves it 0 */
			d->acs_ctrl = 0;
			d->acs_ctrl_set = false;
			return;
		}
		pos = h >> 20;
	}
}

/* Load snap/sys/bus/pci/devices into @t: one root per pciSSSS:BB node. */
static int fx_load_pci(const char *snap, struct iot_topology *t)
{
	char dir[1024];
	DIR *dd;
	struct dirent *de;
	struct fx_ent *e = NULL;
	size_t n = 0, cap = 0;

	snprintf(dir, sizeof(dir), "%s/sys/bus/pci/devices", snap);
	dd = opendir(dir);
	if (!dd)
		return -1;
	while ((de = readdir(dd))) {
		char *link;

		if (de->d_name[0] == '.')
			continue;
		link = fx_slurp(dir, de->d_name, NULL);
		if (!link)
			continue;
		iot_grow((void **)&e, &cap, n + 1, sizeof(*e));
		snprintf(e[n].path, sizeof(e[n].path), "%s",
			 strstr(link, "devices/") ? strstr(link, "devices/") + 8 : link);
		snprintf(e[n].name, sizeof(e[n].name), "%s", de->d_name);
		n++;
		free(link);
	}
	closedir(dd);
	qsort(e, n, sizeof(*e), fx_cmp);
	for (size_t i = 0; i < n; i++) {
		char rel[600], *cfg, *drv, *slash;
		size_t len;
		unsigned int seg, bus, dev, fn, pcie;
		struct iot_pci_root *r;
		struct iot_pci_dev *d;
		char rootname[32], parent[600] = "";

		if (sscanf(e[i].name, "%x:%x:%x.%x", &seg, &bus, &dev, &fn) != 4)
			continue;
		snprintf(rootname, sizeof(rootname), "pci%04x", seg);
		if (iot_find_root(t, rootname) < 0) {
			r = iot_add_root(t);
			r->name = iot_strdup(rootname);
			r->segment = (uint16_t)seg;
			r->bus_end = 0xff;
		}
		r = &t->roots[iot_find_root(t, rootname)];
		/* parent = the path component before our own, if it is a function */
		snprintf(rel, sizeof(rel), "%s", e[i].path);
		slash = strrchr(rel, '/');
		if (slash) {
			*slash = 0;
			slash = strrchr(rel, '/');
			snprintf(parent, sizeof(parent), "%s", slash ? slash + 1 : rel);
		}
		snprintf(rel, sizeof(rel), "sys/devices/%s/config", e[i].path);
		cfg = fx_slurp(snap, rel, &len);
		if (!cfg || len < 64) {
			free(cfg);
			continue;
		}
		d = iot_root_add_dev(r);
		d->bus = (uint8_t)bus;
		d->devfn = (uint8_t)(dev << 3 | fn);
		d->vendor = (uint16_t)rd16((unsigned char *)cfg, 0);
		d->device = (uint16_t)rd16((unsigned char *)cfg, 2);
		d->has_ids = true;
		d->class_code =
			(uint8_t)cfg[0x0b] << 16 | (uint8_t)cfg[0x0a] << 8 | (uint8_t)cfg[9];
		d->multifunction = cfg[0x0e] & 0x80;
		d->type = fx_type((unsigned char *)cfg, len, &pcie);
		if ((cfg[0x0e] & 0x7f) == 1) {
			d->secondary = (uint8_t)cfg[0x19];
			d->subordinate = (uint8_t)cfg[0x1a];
		}
		fx_acs(d, (unsigned char *)cfg, len);
		d->parent = IOT_NONE;
		for (size_t k = 0; k + 1 < r->n_devs; k++) {
			char nm[16];

			snprintf(nm, sizeof(nm), "%04x:%02x:%02x.%x", seg, r->devs[k].bus,
				 r->devs[k].devfn >> 3, r->devs[k].devfn & 7);
			if (!strcmp(nm, parent))
				d->parent = (int)k;
		}
		snprintf(rel, sizeof(rel), "sys/devices/%s/driver", e[i].path);
		drv = fx_slurp(snap, rel, NULL);
		d->driver_known = true;
		if (drv && strrchr(drv, '/'))
			d->driver = iot_strdup(strrchr(drv, '/') + 1);
		free(drv);
		free(cfg);
	}
	free(e);
	return 0;
}

/*
 * The partition the kernel formed, canonical: one line per group with its
 * sorted members, lines sorted, then "none:" and the devices without a group.
 */
static int fx_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}
#endif
