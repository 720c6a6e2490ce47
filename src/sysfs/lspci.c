// SPDX-License-Identifier: MIT
#include "sysfs/lspci.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs/attach.h"
#include "sysfs/pciconfig.h"
#include "util/mem.h"

#define ROWS (IOT_PCI_CFG_EXP_SIZE / 16)

struct rd {
	const char *path;
	struct iot_topology *t;
	struct iot_diags *d;
	struct iot_pci_funcs f;
	int rc;
	/* the function being read */
	bool in_func;
	struct iot_pci_func *cur;
	unsigned int cur_line; /* its device line */
	bool cur_nn; /* -nn [vvvv:dddd] on the device line */
	uint16_t nn_vendor, nn_device;
	char *cur_driver;
	uint8_t cfg[IOT_PCI_CFG_EXP_SIZE];
	size_t cfg_len;
	unsigned int row_line[ROWS];
	bool block_ended; /* a blank line since the device line */
	/* what the listing holds */
	unsigned int first_dev_line;
	unsigned int first_nodump_line;
	size_t n_nodump, n_header_only, n_pcie_no_ext;
	bool saw_kernel; /* -k lines: functions without "Kernel driver in use" have no driver */
};

static void __attribute__((format(printf, 4, 5)))
err_at(struct rd *r, unsigned int line, unsigned int col, const char *fmt, ...)
{
	struct iot_loc loc = iot_loc_text(r->path, line, col);
	va_list ap;

	loc.src = IOT_SRC_LSPCI;
	va_start(ap, fmt);
	iot_vdiag(r->d, IOT_SEV_ERROR, &loc, NULL, fmt, ap);
	va_end(ap);
	r->rc = -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Up to @max hex digits at @p (before @e): their value, the count in *@n. */
static uint32_t hexnum(const char *p, const char *e, int max, int *n)
{
	uint32_t v = 0;

	*n = 0;
	while (p + *n < e && *n < max && hexval(p[*n]) >= 0) {
		v = v << 4 | (uint32_t)hexval(p[*n]);
		(*n)++;
	}
	return v;
}

/*
 * "[DDDD:]BB:DD.F" then a space or the end: how lspci names a function
 * (the domain when any is nonzero or with -D).  Returns the characters used, 0 if none.
 */
static size_t parse_address(const char *p, const char *e, uint32_t *seg, uint8_t *bus,
			    uint8_t *devfn)
{
	const char *s = p;
	uint32_t a, b, dv;
	int n;

	*seg = 0;
	a = hexnum(p, e, 8, &n);
	if (n >= 4 && p + n < e && p[n] == ':' && p + n + 3 < e && p[n + 3] == ':') {
		*seg = a;
		p += n + 1;
		a = hexnum(p, e, 2, &n);
	}
	if (n != 2 || p + 2 >= e || p[2] != ':')
		return 0;
	p += 3;
	dv = hexnum(p, e, 2, &n);
	if (n != 2 || dv > 0x1f || p + 2 >= e || p[2] != '.')
		return 0;
	p += 3;
	if (p >= e || *p < '0' || *p > '7')
		return 0;
	b = (uint32_t)(*p - '0');
	p++;
	if (p < e && *p != ' ')
		return 0;
	*bus = (uint8_t)a;
	*devfn = (uint8_t)(dv << 3 | b);
	return (size_t)(p - s);
}

/* -nn: the last "[vvvv:dddd]" on a device line. */
static bool parse_nn(const char *p, const char *e, uint16_t *vendor, uint16_t *device)
{
	bool got = false;

	for (; p + 11 <= e; p++) {
		int n1, n2;
		uint32_t v, dv;

		if (*p != '[')
			continue;
		v = hexnum(p + 1, e, 4, &n1);
		if (n1 != 4 || p[5] != ':')
			continue;
		dv = hexnum(p + 6, e, 4, &n2);
		if (n2 != 4 || p[10] != ']')
			continue;
		*vendor = (uint16_t)v;
		*device = (uint16_t)dv;
		got = true;
	}
	return got;
}

/* Diagnostics the config parser located by offset point at the hex row and byte instead. */
static void relocate(struct rd *r, size_t from)
{
	for (size_t i = from; i < r->d->n; i++) {
		struct iot_loc *l = &r->d->v[i].loc;
		size_t row;

		if (l->file != r->path || !l->has_offset)
			continue;
		row = (size_t)(l->offset / 16);
		if (row >= r->cfg_len / 16) {
			*l = iot_loc_text(r->path, r->cur_line, 1);
		} else {
			unsigned int w = row * 16 >= 0x100 ? 3 : 2;

			*l = iot_loc_text(r->path, r->row_line[row],
					  w + 3 + 3 * (unsigned int)(l->offset % 16));
		}
		l->src = IOT_SRC_LSPCI;
	}
}

/* The end of a function's block: parse its bytes into r->cur, or drop it. */
static void end_func(struct rd *r)
{
	struct iot_pci_func *fn = r->cur;
	struct iot_pciconfig pc;
	size_t n0 = r->d->n;
	int rc;

	if (!r->in_func)
		return;
	r->in_func = false;
	if (!r->cfg_len) {
		if (!r->n_nodump++)
			r->first_nodump_line = r->cur_line;
		goto drop;
	}
	if (r->cfg[0] == 0xff && r->cfg[1] == 0xff && r->cfg[2] == 0xff && r->cfg[3] == 0xff &&
	    r->cfg_len >= IOT_PCI_CFG_HEADER_SIZE) {
		/* an SR-IOV VF: its ID registers read 0xffff (iov.c:pci_read_vf_config_common) */
		fn->ids_ffff = true;
		r->cfg[0] = r->cfg[2] = 0x01;
		r->cfg[1] = r->cfg[3] = 0x00;
	}
	rc = iot_pciconfig_parse(r->cfg, r->cfg_len, &pc, r->path, r->d);
	relocate(r, n0);
	if (rc < 0) {
		r->rc = -1;
		goto drop;
	}
	iot_pciconfig_to_dev(&pc, &fn->dev);
	if (fn->ids_ffff) {
		fn->dev.is_vf = true;
		fn->dev.has_ids = r->cur_nn;
		fn->dev.vendor = r->cur_nn ? r->nn_vendor : 0;
		fn->dev.device = r->cur_nn ? r->nn_device : 0;
	}
	if (!pc.caps_read)
		r->n_header_only++;
	else if (pc.pcie_pos && !pc.ext_read)
		r->n_pcie_no_ext++;
	fn->dev.loc = iot_loc_text(r->path, r->cur_line, 1);
	fn->dev.loc.src = IOT_SRC_LSPCI;
	fn->sriov_on = pc.sriov_pos && (pc.sriov_ctrl & 1) && pc.sriov_num_vfs;
	fn->vf_device = pc.sriov_vf_device;
	fn->dev.driver = r->cur_driver;
	r->cur_driver = NULL;
	fn->ok = true;
	return;
drop:
	free(r->cur_driver);
	r->cur_driver = NULL;
	r->f.n--; /* the last one added */
}

static void start_func(struct rd *r, unsigned int line, const char *p, const char *e, size_t alen,
		       uint32_t seg, uint8_t bus, uint8_t devfn)
{
	end_func(r);
	if (r->f.n >= IOT_LSPCI_MAX_FUNCS) {
		err_at(r, line, 1, "more than %u PCI functions", IOT_LSPCI_MAX_FUNCS);
		return;
	}
	if (!r->first_dev_line)
		r->first_dev_line = line;
	r->cur = iot_pci_funcs_add(&r->f);
	r->cur->seg = seg;
	r->cur->bus = bus;
	r->cur->devfn = devfn;
	r->cur->host_bus = bus;
	r->cur->dev.bus = bus;
	r->cur->dev.devfn = devfn;
	r->in_func = true;
	r->cur_line = line;
	r->cfg_len = 0;
	r->block_ended = false;
	r->cur_nn = parse_nn(p + alen, e, &r->nn_vendor, &r->nn_device);
}

/* "OO: xx xx ... xx" (16 bytes; OO two or three hex digits): a row of config space. */
static void hex_row(struct rd *r, unsigned int line, const char *p, const char *e, uint32_t off,
		    int w)
{
	const char *q = p + w + 1;

	if (!r->in_func || r->block_ended) {
		err_at(r, line, 1, "configuration space row outside a function's block");
		return;
	}
	if (off != r->cfg_len) {
		err_at(r, line, 1, "configuration space row at offset 0x%x; expected 0x%zx", off,
		       r->cfg_len);
		return;
	}
	if (off >= IOT_PCI_CFG_EXP_SIZE) {
		err_at(r, line, 1, "configuration space past %u bytes", IOT_PCI_CFG_EXP_SIZE);
		return;
	}
	for (int i = 0; i < 16; i++, q += 3) {
		int hi, lo;

		if (q + 3 > e || q[0] != ' ' || (hi = hexval(q[1])) < 0 ||
		    (lo = hexval(q[2])) < 0) {
			/* point at the character that is wrong */
			const char *bad = q >= e || *q != ' '		 ? q :
					  q + 1 >= e || hexval(q[1]) < 0 ? q + 1 :
									   q + 2;

			err_at(r, line, (unsigned int)(bad - p) + 1,
			       "expected ' ' and two hex digits (byte %d of 16 at offset 0x%x)",
			       i + 1, off);
			return;
		}
		r->cfg[off + (unsigned int)i] = (uint8_t)(hi << 4 | lo);
	}
	if (q != e) {
		err_at(r, line, (unsigned int)(q - p) + 1,
		       "unexpected text after 16 bytes of configuration space");
		return;
	}
	r->row_line[off / 16] = line;
	r->cfg_len += 16;
}

/* An indented line of -v/-k detail: only the bound driver is taken. */
static void detail(struct rd *r, const char *p, const char *e)
{
	static const char drv[] = "Kernel driver in use:", mods[] = "Kernel modules:";

	while (p < e && (*p == '\t' || *p == ' '))
		p++;
	if ((size_t)(e - p) >= sizeof(mods) - 1 && !memcmp(p, mods, sizeof(mods) - 1))
		r->saw_kernel = true;
	if ((size_t)(e - p) < sizeof(drv) - 1 || memcmp(p, drv, sizeof(drv) - 1))
		return;
	r->saw_kernel = true;
	p += sizeof(drv) - 1;
	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ')
		e--;
	if (r->in_func && !r->block_ended && e > p && !r->cur_driver)
		r->cur_driver = iot_strndup(p, (size_t)(e - p));
}

static void read_lines(struct rd *r, const char *text, size_t len)
{
	const char *pos = text, *end = text + len;
	unsigned int line = 0;

	while (pos < end && r->rc == 0) {
		const char *p = pos, *e = memchr(pos, '\n', (size_t)(end - pos));
		uint32_t seg, off;
		uint8_t bus, devfn;
		size_t alen;
		int w;

		if (!e)
			e = end;
		pos = e < end ? e + 1 : end;
		line++;
		if (e > p && e[-1] == '\r')
			e--;
		if (p == e) {
			if (r->in_func)
				r->block_ended = true;
			continue;
		}
		if (*p == '\t' || *p == ' ') {
			detail(r, p, e);
			continue;
		}
		if (line == 1 || !r->first_dev_line) {
			if (*p == '-' || ((*p == '+' || *p == '\\') && e - p > 1 && p[1] == '-')) {
				err_at(r, line, 1,
				       "this is 'lspci -t' output: a tree without configuration "
				       "space; give 'lspci -D -nn -vvv -xxxx' output (as root)");
				return;
			}
		}
		alen = parse_address(p, e, &seg, &bus, &devfn);
		if (alen) {
			if (p + alen + 1 < e && p[alen + 1] == '"') {
				err_at(r, line, (unsigned int)alen + 2,
				       "this is 'lspci -m' output: names without configuration "
				       "space; give 'lspci -D -nn -vvv -xxxx' output (as root)");
				return;
			}
			start_func(r, line, p, e, alen, seg, bus, devfn);
			continue;
		}
		off = hexnum(p, e, 3, &w);
		if (w >= 2 && p + w < e && p[w] == ':' && (w == 3 || off < 0x100)) {
			hex_row(r, line, p, e, off, w);
			continue;
		}
		err_at(r, line, 1,
		       "expected a device line (BB:DD.F or DDDD:BB:DD.F), a configuration space "
		       "row (OO: followed by 16 hex bytes) or an indented detail line");
	}
	if (r->rc == 0)
		end_func(r);
}

/*
 * Bus topology from the dump itself: a function on bus B sits below the
 * bridge whose secondary bus is B (probe.c:pci_scan_bridge_extend gives
 * each bridge's child bus that number), else on a root bus.
 */
static void find_parents(struct rd *r)
{
	size_t *of_bus = iot_xmalloc(256 * sizeof(*of_bus));

	for (size_t lo = 0, hi; lo < r->f.n; lo = hi) {
		for (hi = lo; hi < r->f.n && r->f.v[hi].seg == r->f.v[lo].seg; hi++)
			;
		for (int b = 0; b < 256; b++)
			of_bus[b] = SIZE_MAX;
		for (size_t i = lo; i < hi; i++) {
			const struct iot_pci_dev *dev = &r->f.v[i].dev;

			if (!iot_pci_type_is_bridge(dev->type) || dev->secondary <= dev->bus ||
			    dev->subordinate < dev->secondary)
				continue;
			if (of_bus[dev->secondary] != SIZE_MAX) {
				struct iot_loc loc = dev->loc;
				char a[8], b[8];

				iot_bdf_format(a, dev->bus, dev->devfn);
				iot_bdf_format(b, r->f.v[of_bus[dev->secondary]].dev.bus,
					       r->f.v[of_bus[dev->secondary]].dev.devfn);
				iot_warning(r->d, &loc,
					    "bridge %s: secondary bus %02x is %s's too; "
					    "functions on it are placed below %s",
					    a, dev->secondary, b, b);
				continue;
			}
			of_bus[dev->secondary] = i;
		}
		for (size_t i = lo; i < hi; i++) {
			struct iot_pci_func *fn = &r->f.v[i];
			size_t p = of_bus[fn->bus];

			if (p == SIZE_MAX || p == i)
				continue;
			fn->has_parent = true;
			fn->pbus = r->f.v[p].bus;
			fn->pdevfn = r->f.v[p].devfn;
		}
	}
	free(of_bus);
}

/* VFs without -nn IDs: from the PF whose SR-IOV capability covers them (iov.c:pci_iov_virtfn_bus). */
static void complete_vfs(struct rd *r)
{
	for (size_t i = 0; i < r->f.n; i++) {
		struct iot_pci_func *vf = &r->f.v[i];
		unsigned int rid = (unsigned int)vf->bus << 8 | vf->devfn;

		if (!vf->ids_ffff || vf->dev.has_ids)
			continue;
		for (size_t j = 0; j < r->f.n; j++) {
			const struct iot_pci_func *pf = &r->f.v[j];
			unsigned int first, k;

			if (!pf->sriov_on || pf->ids_ffff || pf->seg != vf->seg)
				continue;
			first = ((unsigned int)pf->bus << 8 | pf->devfn) + pf->dev.sriov_offset;
			if (rid < first)
				continue;
			k = pf->dev.sriov_stride ? (rid - first) / pf->dev.sriov_stride : 0;
			if (first + k * pf->dev.sriov_stride != rid || k >= pf->dev.sriov_num_vfs)
				continue;
			vf->dev.vendor = pf->dev.vendor;
			vf->dev.device = pf->vf_device;
			vf->dev.has_ids = true;
			break;
		}
		if (!vf->dev.has_ids) {
			char a[8];

			iot_bdf_format(a, vf->bus, vf->devfn);
			iot_warning(r->d, &vf->dev.loc,
				    "%s: ID registers read 0xffff (an SR-IOV VF) and no PF here "
				    "covers it; its IDs are unknown (lspci -nn prints them)",
				    a);
		}
	}
}

static bool duplicates(struct rd *r)
{
	bool dup = false;

	for (size_t i = 1; i < r->f.n; i++) {
		const struct iot_pci_func *a = &r->f.v[i - 1], *b = &r->f.v[i];

		if (a->seg != b->seg || a->bus != b->bus || a->devfn != b->devfn)
			continue;
		{
			unsigned int first = a->dev.loc.line < b->dev.loc.line ? a->dev.loc.line :
										 b->dev.loc.line;
			unsigned int second = a->dev.loc.line ^ b->dev.loc.line ^ first;

			err_at(r, second, 1, "function listed twice (first at line %u)", first);
		}
		dup = true;
	}
	return dup;
}

int iot_lspci_read(const char *text, size_t len, const char *path, struct iot_topology *t,
		   struct iot_diags *d)
{
	struct rd *r = iot_xcalloc(1, sizeof(*r));
	struct iot_loc where = iot_loc_text(path, 0, 0);
	int rc;

	r->path = path;
	r->t = t;
	r->d = d;
	read_lines(r, text, len);
	free(r->cur_driver);
	r->cur_driver = NULL;
	if (r->rc == 0 && !r->first_dev_line)
		err_at(r, 1, 1, "lspci output without a device line");
	if (r->rc == 0 && r->n_nodump) {
		if (!r->f.n)
			err_at(r, r->first_nodump_line, 1,
			       "lspci output without configuration space: iotopo reads the hex "
			       "dump of 'lspci -xxxx'; run 'lspci -D -nn -vvv -xxxx' as root (or "
			       "'iotopo snapshot -o DIR' and give DIR)");
		else
			err_at(r, r->first_nodump_line, 1,
			       "no configuration space dump for this function (%zu of %zu "
			       "functions have none): the listing is incomplete",
			       r->n_nodump, r->n_nodump + r->f.n);
	}
	if (r->rc == 0) {
		iot_pci_funcs_sort(&r->f);
		if (duplicates(r))
			r->rc = -1;
	}
	if (r->rc == 0) {
		/* the first input, and no IOMMU from anywhere yet */
		bool fresh = !t->n_origins && !t->n_iommus;
		uint16_t origin = iot_add_origin(t, IOT_SRC_LSPCI, path);
		struct iot_pci_attach at = {
			.t = t, .d = d, .where = path, .n_roots_before = t->n_roots
		};

		for (size_t i = 0; i < r->f.n; i++) {
			r->f.v[i].dev.loc.origin = origin;
			r->f.v[i].dev.driver_known = r->saw_kernel;
		}
		find_parents(r);
		complete_vfs(r);
		if (r->n_header_only)
			iot_warning(
				d, &where,
				"%zu of %zu PCI functions: only the 64-byte config header is in "
				"the dump ('lspci -x', or not run as root): PCIe port types, ACS "
				"and SR-IOV are unknown; use 'lspci -xxxx' as root",
				r->n_header_only, r->f.n);
		if (r->n_pcie_no_ext)
			iot_warning(
				d, &where,
				"%zu of %zu PCI functions are PCI Express but the dump stops at "
				"256 bytes ('lspci -xxx'): their ACS, ARI and SR-IOV capabilities "
				"are unknown; use 'lspci -xxxx'",
				r->n_pcie_no_ext, r->f.n);
		if (fresh)
			iot_diag(
				d, IOT_SEV_NOTE, &where, NULL,
				"lspci output holds the PCI hierarchy only: unless firmware (DMAR, "
				"IVRS, IORT, VIOT or the DTB) is given as another INPUT, no device "
				"is behind an IOMMU");
		iot_pci_attach(&at, &r->f);
		if (at.rc)
			r->rc = -1;
	}
	rc = r->rc;
	iot_pci_funcs_free(&r->f);
	free(r);
	return rc;
}
