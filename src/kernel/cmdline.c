// SPDX-License-Identifier: MIT
/* IOMMU command-line parameters as Linux parses them (kernel/cmdline.h). */
#include "kernel/cmdline.h"

#include <stdio.h>
#include <string.h>

int iot_cmdline_bool(const char *v)
{
	/* lib/kstrtox.c:kstrtobool: the first character decides, "on"/"off" the second */
	switch (v[0]) {
	case 'y':
	case 'Y':
	case '1':
		return 1;
	case 'n':
	case 'N':
	case '0':
		return 0;
	case 'o':
	case 'O':
		if (v[1] == 'n' || v[1] == 'N')
			return 1;
		if (v[1] == 'f' || v[1] == 'F')
			return 0;
		return -1;
	default:
		return -1;
	}
}

/* Whether comma-separated @list (ending at a blank or NUL) holds @word. */
static bool list_has(const char *list, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i < len;) {
		size_t e = i;

		while (e < len && list[e] != ',')
			e++;
		if (e - i == n && !strncmp(list + i, word, n))
			return true;
		i = e + 1;
	}
	return false;
}

/* Calls @fn for every "name" or "name=value" word of @cmd, in order. */
static void for_each_param(const char *cmd,
			   void (*fn)(const char *name, size_t nlen, const char *val, size_t vlen,
				      void *arg),
			   void *arg)
{
	for (const char *p = cmd; p && *p;) {
		const char *w, *eq;
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		len = (size_t)(p - w);
		eq = memchr(w, '=', len);
		if (eq)
			fn(w, (size_t)(eq - w), eq + 1, len - (size_t)(eq - w) - 1, arg);
		else
			fn(w, len, "", 0, arg);
	}
}

static bool is(const char *name, size_t nlen, const char *want)
{
	return nlen == strlen(want) && !strncmp(name, want, nlen);
}

/*
 * intel/iommu.c:intel_iommu_setup: each comma-separated option in order,
 * matched by prefix (strncmp with the option's length) in the handler's
 * order, so "intel_iommu=off,on" ends on and "onx" means "on".
 */
static void intel_options(struct iot_iommu_cmdline *o, const char *val, size_t vlen)
{
	for (size_t i = 0; i < vlen;) {
		const char *w = val + i;
		size_t e = i;

		while (e < vlen && val[e] != ',')
			e++;
#define OPT(lit) (e - i >= sizeof(lit) - 1 && !strncmp(w, lit, sizeof(lit) - 1))
		if (OPT("on")) {
			o->intel_on = true;
			o->intel_off = false;
			o->intel_map_intgpu = 1;
		} else if (OPT("off")) {
			o->intel_off = true;
			o->intel_on = false;
		} else if (OPT("igfx_off")) {
			o->intel_igfx_off = true;
		} else if (OPT("intgpu_off")) {
			o->intel_map_intgpu = 0;
		} else if (OPT("strict")) {
			o->driver_strict = true; /* deprecated, still honoured */
		} else if (OPT("sm_on")) {
			o->intel_sm = 1;
		} else if (OPT("sm_off")) {
			o->intel_sm = 0;
		}
#undef OPT
		i = e + 1;
	}
}

static void one_param(const char *name, size_t nlen, const char *val, size_t vlen, void *arg)
{
	struct iot_iommu_cmdline *o = arg;
	char v[16];
	int b;

	snprintf(v, sizeof(v), "%.*s", (int)vlen, val);
	if (is(name, nlen, "pcie_acs_override")) {
		o->acs_override_set = true;
		snprintf(o->acs_override, sizeof(o->acs_override), "%.*s", (int)vlen, val);
		return;
	}
	if (is(name, nlen, "iommu.passthrough")) {
		b = iot_cmdline_bool(v);
		if (b >= 0) {
			o->passthrough_set = true;
			o->passthrough = b;
			o->generic_passthrough_set = true;
			o->generic_passthrough = b;
		}
	} else if (is(name, nlen, "iommu.strict")) {
		b = iot_cmdline_bool(v);
		if (b >= 0) {
			o->strict_set = true;
			o->strict = b;
		}
	} else if (is(name, nlen, "iommu")) {
		if (list_has(val, vlen, "off"))
			o->iommu_off = true;
		if (list_has(val, vlen, "pt")) {
			o->passthrough_set = true;
			o->passthrough = true;
		}
		if (list_has(val, vlen, "nopt")) {
			o->passthrough_set = true;
			o->passthrough = false;
		}
	} else if (is(name, nlen, "intel_iommu")) {
		intel_options(o, val, vlen);
	} else if (is(name, nlen, "amd_iommu")) {
		if (list_has(val, vlen, "off"))
			o->amd_off = true;
		if (list_has(val, vlen, "fullflush"))
			o->driver_strict = true; /* deprecated, still honoured */
		if (list_has(val, vlen, "force_isolation"))
			o->amd_force_isolation = true;
	}
}

void iot_iommu_cmdline_parse(const char *cmdline, struct iot_iommu_cmdline *out)
{
	memset(out, 0, sizeof(*out));
	out->intel_sm = -1;
	out->intel_map_intgpu = -1;
	for_each_param(cmdline, one_param, out);
}
