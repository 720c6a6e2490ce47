// SPDX-License-Identifier: MIT
/*
 * pci.ids, as lspci reads it (pciutils lib/names-parse.c): "VVVV  name"
 * starts a vendor, "\tDDDD  name" a device of it, "\t\tSSSS SSSS  name" a
 * subsystem; "C CC  name" starts a class, "\tSS  name" a subclass, "\t\tPP"
 * a programming interface.  '#' lines are comments.  One pass keeps the
 * names of the IDs the topology uses.
 */
#include "report/pciids.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file.h"
#include "util/mem.h"

struct name {
	uint32_t key; /* vendor << 16 | device; vendor alone: device 0xffff + flag */
	uint8_t kind; /* 0 vendor, 1 device, 2 class, 3 subclass */
	const char *text;
};

struct iot_pciids {
	char *file;
	uint8_t *data; /* the file, names point into it */
	struct name *v;
	size_t n, cap;
};

struct want {
	uint32_t *keys; /* sorted */
	size_t n;
};

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static bool wanted(const struct want *w, uint32_t key)
{
	return bsearch(&key, w->keys, w->n, sizeof(*w->keys), u32_cmp) != NULL;
}

/* @n hex digits at @s followed by two spaces; the value, or -1. */
static long hex_field(const char *s, const char *end, int n)
{
	long v = 0;

	if (end - s < n + 2)
		return -1;
	for (int i = 0; i < n; i++) {
		int h = iot_hexval(s[i]);

		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return s[n] == ' ' && s[n + 1] == ' ' ? v : -1;
}

static void add(struct iot_pciids *p, uint8_t kind, uint32_t key, char *text)
{
	iot_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n].kind = kind;
	p->v[p->n].key = key;
	p->v[p->n++].text = text;
}

static int name_cmp(const void *a, const void *b)
{
	const struct name *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->key > y->key) - (x->key < y->key);
}

static void parse(struct iot_pciids *p, size_t len, const struct want *vendors,
		  const struct want *devices, const struct want *classes)
{
	char *s = (char *)p->data, *end = s + len;
	long vendor = -1, cls = -1;
	bool in_classes = false;

	while (s < end) {
		char *eol = memchr(s, '\n', (size_t)(end - s));
		long v;

		if (!eol)
			eol = end;
		*eol = '\0';
		if (eol > s && eol[-1] == '\r')
			eol[-1] = '\0';
		if (*s == '#' || *s == '\0') {
			/* comment or blank */
		} else if (s[0] == 'C' && s[1] == ' ') {
			in_classes = true;
			cls = hex_field(s + 2, eol, 2);
			if (cls >= 0 && wanted(classes, (uint32_t)cls << 8 | 0xff))
				add(p, 2, (uint32_t)cls, s + 6);
		} else if (s[0] != '\t' && !(s[0] >= 'A' && s[0] <= 'Z' && s[1] == ' ')) {
			in_classes = false;
			vendor = hex_field(s, eol, 4);
			if (vendor >= 0 && wanted(vendors, (uint32_t)vendor))
				add(p, 0, (uint32_t)vendor, s + 6);
		} else if (s[0] >= 'A' && s[0] <= 'Z') {
			/* other sections (device classes of USB, ...): not ours */
			in_classes = false;
			vendor = cls = -1;
		} else if (s[0] == '\t' && s[1] != '\t') {
			if (in_classes && cls >= 0) {
				v = hex_field(s + 1, eol, 2);
				if (v >= 0 && wanted(classes, (uint32_t)(cls << 8 | v)))
					add(p, 3, (uint32_t)(cls << 8 | v), s + 5);
			} else if (!in_classes && vendor >= 0) {
				v = hex_field(s + 1, eol, 4);
				if (v >= 0 && wanted(devices, (uint32_t)(vendor << 16 | v)))
					add(p, 1, (uint32_t)(vendor << 16 | v), s + 7);
			}
		}
		s = eol + 1;
	}
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), name_cmp);
}

static void want_add(struct want *w, uint32_t key)
{
	/* the last two: classes come in pairs (class, subclass) */
	if ((w->n && w->keys[w->n - 1] == key) || (w->n > 1 && w->keys[w->n - 2] == key))
		return;
	w->keys[w->n++] = key;
}

/* The sorted, unique IDs @t uses: vendors, vendor:device pairs, class << 8 | subclass. */
static void collect(const struct iot_topology *t, struct want *vendors, struct want *devices,
		    struct want *classes)
{
	size_t n = 0;

	for (size_t r = 0; r < t->n_roots; r++)
		n += t->roots[r].n_devs;
	vendors->keys = iot_xmalloc((n + 1) * sizeof(uint32_t));
	devices->keys = iot_xmalloc((n + 1) * sizeof(uint32_t));
	classes->keys = iot_xmalloc((2 * n + 1) * sizeof(uint32_t));
	vendors->n = devices->n = classes->n = 0;
	for (size_t r = 0; r < t->n_roots; r++)
		for (size_t i = 0; i < t->roots[r].n_devs; i++) {
			const struct iot_pci_dev *d = &t->roots[r].devs[i];

			if (!d->has_ids)
				continue;
			/* runs of one ID (a PF's VFs) are kept once before sorting */
			want_add(vendors, d->vendor);
			want_add(devices, (uint32_t)d->vendor << 16 | d->device);
			want_add(classes, d->class_code >> 8);
			want_add(classes, (d->class_code >> 16) << 8 | 0xff);
		}
	for (int k = 0; k < 3; k++) {
		struct want *w = k == 0 ? vendors : k == 1 ? devices : classes;
		size_t u = 0;

		qsort(w->keys, w->n, sizeof(uint32_t), u32_cmp);
		for (size_t i = 0; i < w->n; i++)
			if (!u || w->keys[u - 1] != w->keys[i])
				w->keys[u++] = w->keys[i];
		w->n = u;
	}
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

struct iot_pciids *iot_pciids_load(const char *path, const struct iot_topology *t,
				   struct iot_diags *d)
{
	static const char *const defaults[] = { IOT_PCIIDS_PATHS };
	struct want vendors, devices, classes;
	struct iot_pciids *p;
	size_t len;
	bool explicit = path != NULL;

	if (!path)
		path = getenv("IOTOPO_PCI_IDS");
	if (path && !*path)
		path = NULL;
	explicit = explicit || path;
	if (path && !strcmp(path, "none"))
		return NULL;
	for (size_t i = 0; !path && i < IOT_ARRAY_SIZE(defaults); i++)
		if (exists(defaults[i]))
			path = defaults[i];
	if (!path)
		return NULL;
	p = iot_xcalloc(1, sizeof(*p));
	{
		struct iot_diags local;
		int rc;

		/* a default path that cannot be read means numbers only, not an error */
		iot_diags_init(&local);
		rc = iot_read_file(path, &p->data, &len, explicit ? d : &local);
		iot_diags_free(&local);
		if (rc < 0) {
			free(p);
			return NULL;
		}
	}
	p->file = iot_strdup(path);
	collect(t, &vendors, &devices, &classes);
	parse(p, len, &vendors, &devices, &classes);
	free(vendors.keys);
	free(devices.keys);
	free(classes.keys);
	return p;
}

void iot_pciids_free(struct iot_pciids *p)
{
	if (!p)
		return;
	free(p->v);
	free(p->data);
	free(p->file);
	free(p);
}

const char *iot_pciids_file(const struct iot_pciids *p)
{
	return p ? p->file : NULL;
}

static const char *find(const struct iot_pciids *p, uint8_t kind, uint32_t key)
{
	struct name k = { .kind = kind, .key = key };
	const struct name *n;

	if (!p || !p->n)
		return NULL;
	n = bsearch(&k, p->v, p->n, sizeof(*p->v), name_cmp);
	return n ? n->text : NULL;
}

const char *iot_pciids_vendor(const struct iot_pciids *p, uint16_t vendor)
{
	return find(p, 0, vendor);
}

const char *iot_pciids_device(const struct iot_pciids *p, uint16_t vendor, uint16_t device)
{
	return find(p, 1, (uint32_t)vendor << 16 | device);
}

const char *iot_pciids_class(const struct iot_pciids *p, uint32_t class_code)
{
	const char *s = find(p, 3, class_code >> 8);

	return s ? s : find(p, 2, class_code >> 16);
}
