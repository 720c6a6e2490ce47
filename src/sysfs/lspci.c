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

/* What -vv/-vvv text says of one function (lib/header.h names the registers). */
#define VV_CAPS 64
struct vv {
	bool control; /* a "Control:" line: -vv or more */
	bool denied; /* "Capabilities: <access denied>": lspci was not root */
	bool bridge;
	uint8_t pri, sec, sub;
	bool has_class;
	uint16_t class16; /* -nn [ccss] */
	uint8_t prog_if;
	uint8_t revision; /* "(rev NN)" */
	bool has_subsys;
	uint16_t subsys_vendor, subsys_device; /* -nn "Subsystem: ... [vvvv:dddd]" */
	struct {
		uint16_t pos, id;
		uint8_t ver;
		unsigned int line;
	} caps[VV_CAPS];
	size_t n_caps;
	bool has_exp;
	uint8_t exp_type, exp_ver;
	bool ari_fwd;
	uint16_t acs_cap, acs_ctrl;
	uint16_t iov_ctrl, vfs_initial, vfs_total, vfs_num, vf_offset, vf_stride, vf_device;
	char key[16]; /* the current depth-2 field ("DevCtl2") */
};

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
	struct vv vv; /* -vv/-vvv detail of the function, for a listing without a dump */
	/* what the listing holds */
	unsigned int first_dev_line;
	unsigned int first_nodump_line;
	size_t n_nodump, n_header_only, n_pcie_no_ext, n_text, n_text_noids;
	bool saw_kernel; /* -k lines: functions without "Kernel driver in use" have no driver */
};

static size_t vv_image(struct rd *r);
static void vv_class(struct vv *v, const char *p, const char *e);

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

/* Up to @max hex digits at @p (before @e): their value, the count in *@n. */
static uint32_t hexnum(const char *p, const char *e, int max, int *n)
{
	uint32_t v = 0;

	*n = 0;
	while (p + *n < e && *n < max && iot_hexval(p[*n]) >= 0) {
		v = v << 4 | (uint32_t)iot_hexval(p[*n]);
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
		if (r->cur->from_text || row >= r->cfg_len / 16) {
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
	if (!r->cfg_len && r->vv.control) {
		/* -vv/-vvv without a dump: the registers the text shows */
		r->cfg_len = vv_image(r);
		fn->from_text = true;
		r->n_text++;
	}
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
	if (fn->from_text && !r->cur_nn) {
		fn->dev.has_ids = false;
		fn->dev.vendor = fn->dev.device = 0;
		r->n_text_noids++;
	}
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
	memset(&r->vv, 0, sizeof(r->vv));
	vv_class(&r->vv, p + alen, e);
}

/* The class: -nn's "[ccss]" before the first ':', else the bridge class names; "(prog-if NN". */
static void vv_class(struct vv *v, const char *p, const char *e)
{
	const char *colon = memchr(p, ':', (size_t)(e - p));
	int n;

	if (!colon)
		return;
	for (const char *q = p; q + 6 <= colon; q++) {
		uint32_t c = hexnum(q + 1, colon, 4, &n);

		if (*q == '[' && n == 4 && q[5] == ']') {
			v->class16 = (uint16_t)c;
			v->has_class = true;
		}
	}
	if (!v->has_class) {
		static const struct {
			const char *name;
			uint16_t class16;
		} names[] = { { " Host bridge", 0x0600 },
			      { " PCI bridge", 0x0604 },
			      { " CardBus bridge", 0x0607 } };

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if ((size_t)(colon - p) == strlen(names[i].name) &&
			    !memcmp(p, names[i].name, strlen(names[i].name))) {
				v->class16 = names[i].class16;
				v->has_class = true;
			}
	}
	for (const char *q = colon; q + 8 <= e; q++)
		if (!memcmp(q, "(rev ", 5)) {
			v->revision = (uint8_t)hexnum(q + 5, e, 2, &n);
			break;
		}
	for (const char *q = colon; q + 10 <= e; q++)
		if (!memcmp(q, "(prog-if ", 9)) {
			v->prog_if = (uint8_t)hexnum(q + 9, e, 2, &n);
			break;
		}
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

		if (q + 3 > e || q[0] != ' ' || (hi = iot_hexval(q[1])) < 0 ||
		    (lo = iot_hexval(q[2])) < 0) {
			/* point at the character that is wrong */
			const char *bad = q >= e || *q != ' '		     ? q :
					  q + 1 >= e || iot_hexval(q[1]) < 0 ? q + 1 :
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

/* "Name+" / "Name-" among space-separated flags: 1, 0, or -1 when absent. */
static int flag(const char *p, const char *e, const char *name)
{
	size_t n = strlen(name);

	for (const char *q = p; q + n < e; q++) {
		if (memcmp(q, name, n) || (q[n] != '+' && q[n] != '-'))
			continue;
		if (q > p && q[-1] != ' ' && q[-1] != '\t' && q[-1] != ':')
			continue;
		return q[n] == '+';
	}
	return -1;
}

static bool starts(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(e - p) >= n && !memcmp(p, s, n);
}

/* "NAME: 12" in @p..@e as a decimal (or hex when @base is 16) number. */
static bool field(const char *p, const char *e, const char *name, int base, unsigned int *v)
{
	size_t n = strlen(name);

	for (; p + n < e; p++) {
		char buf[16];
		size_t k = 0;
		char *end;

		if (memcmp(p, name, n))
			continue;
		p += n;
		while (p < e && *p == ' ')
			p++;
		while (p < e && k < sizeof(buf) - 1 && isxdigit((unsigned char)*p))
			buf[k++] = *p++;
		buf[k] = '\0';
		if (!k)
			return false;
		*v = (unsigned int)strtoul(buf, &end, base);
		return *end == '\0';
	}
	return false;
}

/* PCI Express Device/Port Type as lspci's ls-caps.c prints it. */
static const struct {
	const char *name;
	uint8_t type;
} exp_types[] = {
	{ "Root Complex Integrated Endpoint", 0x9 },
	{ "Root Complex Event Collector", 0xa },
	{ "Legacy Endpoint", 0x1 },
	{ "Endpoint", 0x0 },
	{ "Root Port", 0x4 },
	{ "Upstream Port", 0x5 },
	{ "Downstream Port", 0x6 },
	{ "PCI-Express to PCI/PCI-X Bridge", 0x7 },
	{ "PCI/PCI-X to PCI-Express Bridge", 0x8 },
};

/* Extended capabilities grouping reads, by the name lspci's ls-ecaps.c gives them. */
static const struct {
	const char *name;
	uint16_t id;
} ext_names[] = {
	{ "Access Control Services", 0x000d },
	{ "Alternative Routing-ID Interpretation", 0x000e },
	{ "Address Translation Service", 0x000f },
	{ "Single Root I/O Virtualization", 0x0010 },
	{ "Page Request Interface", 0x0013 },
	{ "Process Address Space ID", 0x001b },
};

/* "Capabilities: [54] Express (v2) Root Port (Slot+), MSI 00", "[148 v1] Access Control Services" */
static void vv_cap(struct rd *r, unsigned int line, const char *line0, const char *p, const char *e)
{
	struct vv *v = &r->vv;
	unsigned int pos, ver = 0;
	int n;

	if (starts(p, e, "<access denied>")) {
		v->denied = true;
		return;
	}
	if (p >= e || *p != '[') {
		err_at(r, line, (unsigned int)(p - line0) + 1,
		       "expected '[' and a capability offset");
		return;
	}
	pos = hexnum(p + 1, e, 3, &n);
	p += 1 + n;
	if (p < e && *p == ' ' && p + 1 < e && p[1] == 'v') {
		ver = hexnum(p + 2, e, 2, &n);
		p += 2 + n;
	}
	if (!n || p + 2 > e || p[0] != ']' || p[1] != ' ') {
		err_at(r, line, (unsigned int)(p - line0) + 1,
		       "expected a capability offset and ']' before the name");
		return;
	}
	p += 2;
	if (pos < 0x40 || (pos & 3) || pos > 0xffc) {
		err_at(r, line, 1, "capability offset 0x%x is not one configuration space can hold",
		       pos);
		return;
	}
	if (v->n_caps == VV_CAPS) {
		err_at(r, line, 1, "more than %d capabilities in one function", VV_CAPS);
		return;
	}
	v->caps[v->n_caps].pos = (uint16_t)pos;
	v->caps[v->n_caps].ver = (uint8_t)ver;
	v->caps[v->n_caps].line = line;
	v->caps[v->n_caps].id = 0;
	if (pos < 0x100 && starts(p, e, "Express ")) {
		p += 8;
		v->caps[v->n_caps].id = 0x10;
		v->has_exp = true;
		if (starts(p, e, "(v")) {
			v->exp_ver = (uint8_t)hexnum(p + 2, e, 1, &n);
			p += 2 + n + 2;
		} else {
			v->exp_ver = 1;
		}
		v->exp_type = 0xff;
		for (size_t i = 0; i < sizeof(exp_types) / sizeof(exp_types[0]); i++)
			if (p < e && starts(p, e, exp_types[i].name)) {
				v->exp_type = exp_types[i].type;
				break;
			}
		if (v->exp_type == 0xff) {
			err_at(r, line, (unsigned int)(p - line0) + 1,
			       "unknown PCI Express port type");
			return;
		}
	} else if (pos >= 0x100) {
		for (size_t i = 0; i < sizeof(ext_names) / sizeof(ext_names[0]); i++)
			if (starts(p, e, ext_names[i].name))
				v->caps[v->n_caps].id = ext_names[i].id;
	}
	v->n_caps++;
}

static uint16_t acs_bits(const char *p, const char *e)
{
	/* PCI_ACS_SV .. PCI_ACS_DT, in the order lspci prints them */
	static const char *const names[] = { "SrcValid",   "TransBlk",	  "ReqRedir",
					     "CmpltRedir", "UpstreamFwd", "EgressCtrl",
					     "DirectTrans" };
	uint16_t v = 0;

	for (unsigned int i = 0; i < 7; i++)
		if (flag(p, e, names[i]) == 1)
			v |= (uint16_t)(1u << i);
	return v;
}

/* An indented line of -v/-k detail: the driver, and with -vv the registers grouping reads. */
static void detail(struct rd *r, unsigned int line, const char *p, const char *e)
{
	static const char drv[] = "Kernel driver in use:", mods[] = "Kernel modules:";
	struct vv *v = &r->vv;
	const char *line0 = p;
	unsigned int depth = 0, a, b, c;

	while (p < e && *p == '\t') {
		p++;
		depth++;
	}
	while (p < e && *p == ' ')
		p++;
	if (starts(p, e, mods))
		r->saw_kernel = true;
	if (!r->in_func || r->block_ended)
		return;
	if (starts(p, e, drv)) {
		r->saw_kernel = true;
		p += sizeof(drv) - 1;
		while (p < e && *p == ' ')
			p++;
		while (e > p && e[-1] == ' ')
			e--;
		if (e > p && !r->cur_driver)
			r->cur_driver = iot_strndup(p, (size_t)(e - p));
		return;
	}
	if (depth == 1) {
		v->key[0] = '\0';
		if (starts(p, e, "Control:"))
			v->control = true;
		else if (starts(p, e, "Subsystem: "))
			v->has_subsys = parse_nn(p, e, &v->subsys_vendor, &v->subsys_device);
		else if (starts(p, e, "Bus: ") && field(p, e, "primary=", 16, &a) &&
			 field(p, e, "secondary=", 16, &b) && field(p, e, "subordinate=", 16, &c)) {
			v->bridge = true;
			v->pri = (uint8_t)a;
			v->sec = (uint8_t)b;
			v->sub = (uint8_t)c;
		} else if (starts(p, e, "Capabilities: "))
			vv_cap(r, line, line0, p + 14, e);
		return;
	}
	if (depth == 2) {
		size_t k = 0;

		while (p + k < e && k < sizeof(v->key) - 1 && p[k] != ':')
			k++;
		memcpy(v->key, p, k);
		v->key[k] = '\0';
	}
	if (!strcmp(v->key, "DevCtl2") && flag(p, e, "ARIFwd") == 1)
		v->ari_fwd = true;
	if (depth != 2)
		return;
	if (!strcmp(v->key, "ACSCap"))
		v->acs_cap = acs_bits(p, e);
	else if (!strcmp(v->key, "ACSCtl"))
		v->acs_ctrl = acs_bits(p, e);
	else if (!strcmp(v->key, "IOVCtl"))
		v->iov_ctrl = flag(p, e, "Enable") == 1;
	else if (!strcmp(v->key, "Initial VFs")) {
		if (field(p, e, "Initial VFs:", 10, &a))
			v->vfs_initial = (uint16_t)a;
		if (field(p, e, "Total VFs:", 10, &a))
			v->vfs_total = (uint16_t)a;
		if (field(p, e, "Number of VFs:", 10, &a))
			v->vfs_num = (uint16_t)a;
	} else if (!strcmp(v->key, "VF offset")) {
		if (field(p, e, "VF offset:", 10, &a))
			v->vf_offset = (uint16_t)a;
		if (field(p, e, "stride:", 10, &a))
			v->vf_stride = (uint16_t)a;
		if (field(p, e, "Device ID:", 16, &a))
			v->vf_device = (uint16_t)a;
	}
}

static void put16(uint8_t *cfg, unsigned int off, unsigned int v)
{
	cfg[off] = (uint8_t)v;
	cfg[off + 1] = (uint8_t)(v >> 8);
}

/*
 * A listing without a dump but with -vv detail: write the registers the text
 * shows into a configuration space image, so the one parser (pciconfig.c)
 * decodes it as it decodes a dump.  Returns the image's length.
 */
static size_t vv_image(struct rd *r)
{
	struct vv *v = &r->vv;
	uint8_t *cfg = r->cfg;
	unsigned int prev_std = 0x34, prev_ext = 0;
	bool ext = false;

	memset(cfg, 0, IOT_PCI_CFG_EXP_SIZE);
	put16(cfg, 0x00, r->cur_nn ? r->nn_vendor : 0x0001);
	put16(cfg, 0x02, r->cur_nn ? r->nn_device : 0x0001);
	cfg[0x08] = v->revision;
	cfg[0x09] = v->prog_if;
	put16(cfg, 0x0a, v->class16);
	cfg[0x0e] = v->bridge ? (v->class16 == 0x0607 ? 2 : 1) : 0;
	if (!v->bridge && v->has_subsys) {
		put16(cfg, 0x2c, v->subsys_vendor);
		put16(cfg, 0x2e, v->subsys_device);
	}
	if (v->bridge) {
		cfg[0x18] = v->pri;
		cfg[0x19] = v->sec;
		cfg[0x1a] = v->sub;
	}
	if (v->denied)
		return IOT_PCI_CFG_HEADER_SIZE;
	for (size_t i = 0; i < v->n_caps; i++) {
		unsigned int pos = v->caps[i].pos;

		if (pos < 0x100) {
			cfg[0x06] |= 0x10; /* Status: Capabilities List */
			cfg[prev_std] = (uint8_t)pos;
			cfg[pos] = (uint8_t)v->caps[i].id;
			prev_std = pos + 1;
			if (v->caps[i].id == 0x10) {
				cfg[pos + 2] = (uint8_t)(v->exp_ver | v->exp_type << 4);
				if (v->ari_fwd && pos + 0x2a <= IOT_PCI_CFG_SIZE)
					cfg[pos + 0x28] |= 0x20;
			}
			continue;
		}
		ext = true;
		if (prev_ext)
			cfg[prev_ext + 3] |= (uint8_t)(pos >> 4); /* next pointer, bits 31:20 */
		if (prev_ext)
			cfg[prev_ext + 2] |= (uint8_t)((pos & 0xf) << 4);
		put16(cfg, pos, v->caps[i].id);
		cfg[pos + 2] = v->caps[i].ver & 0xf;
		prev_ext = pos;
		switch (pos + 0x1c <= IOT_PCI_CFG_EXP_SIZE ? v->caps[i].id : 0) {
		case 0x000d:
			put16(cfg, pos + 4, v->acs_cap);
			put16(cfg, pos + 6, v->acs_ctrl);
			break;
		case 0x0010:
			put16(cfg, pos + 0x08, v->iov_ctrl);
			put16(cfg, pos + 0x0c, v->vfs_initial);
			put16(cfg, pos + 0x0e, v->vfs_total);
			put16(cfg, pos + 0x10, v->vfs_num);
			put16(cfg, pos + 0x14, v->vf_offset);
			put16(cfg, pos + 0x16, v->vf_stride);
			put16(cfg, pos + 0x1a, v->vf_device);
			break;
		default:
			break;
		}
	}
	return ext || v->has_exp ? IOT_PCI_CFG_EXP_SIZE : IOT_PCI_CFG_SIZE;
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
			detail(r, line, p, e);
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

		if (!vf->ids_ffff && !vf->from_text)
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
			/* text shows no VF as such: being in a PF's VF range makes one */
			vf->dev.is_vf = true;
			if (!vf->dev.has_ids) {
				vf->dev.vendor = pf->dev.vendor;
				vf->dev.device = pf->vf_device;
				vf->dev.has_ids = true;
			}
			break;
		}
		if (vf->ids_ffff && !vf->dev.has_ids) {
			char a[8];

			iot_bdf_format(a, vf->bus, vf->devfn);
			iot_warning(r->d, &vf->dev.loc,
				    "%s: ID registers read 0xffff (an SR-IOV VF) and no PF here "
				    "covers it; its IDs are unknown (lspci -nn prints them)",
				    a);
		}
	}
}

/*
 * -vv text does not show the header type's multifunction bit.  Function 0
 * of a device with other functions has it (probe.c:pci_scan_slot looks past
 * function 0 only when it says so; ARI aside); for the other functions the
 * bit is unknown and taken as clear (devices differ: QEMU sets it on
 * function 0 only, much hardware on every function).
 */
static void infer_multifunction(struct rd *r)
{
	for (size_t i = 0; i < r->f.n; i++) {
		struct iot_pci_func *fn = &r->f.v[i];

		if (!fn->from_text || (fn->devfn & 7))
			continue;
		for (size_t j = i > 8 ? i - 8 : 0; j < r->f.n && j < i + 9; j++)
			/* VFs are added by iov.c, not found by the slot scan */
			if (j != i && !r->f.v[j].dev.is_vf && r->f.v[j].seg == fn->seg &&
			    r->f.v[j].bus == fn->bus && (r->f.v[j].devfn >> 3) == (fn->devfn >> 3))
				fn->dev.multifunction = true;
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
			       "dump of 'lspci -xxxx' or the register detail of 'lspci -vv'/'-vvv'; "
			       "run 'lspci -D -nn -vvv -xxxx' as root (or 'iotopo snapshot -o DIR' "
			       "and give DIR)");
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
		infer_multifunction(r);
		if (r->n_text)
			iot_diag(d, IOT_SEV_NOTE, &where, NULL,
				 "%zu of %zu PCI functions read from -vv text (no hex dump): "
				 "multifunction bits inferred (function 0 with siblings); of the "
				 "capabilities, only PCI Express, ACS, ARI, ATS, PRI, PASID and "
				 "SR-IOV are kept",
				 r->n_text, r->f.n);
		if (r->n_text_noids)
			iot_warning(
				d, &where,
				"%zu PCI functions without numeric IDs (lspci without -nn): PCI "
				"quirks keyed on vendor and device cannot apply; use 'lspci -nn -vvv'",
				r->n_text_noids);
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
