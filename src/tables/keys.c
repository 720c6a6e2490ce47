// SPDX-License-Identifier: MIT
/*
 * The names of layout rows as the fw records of the model carry them
 * (struct iot_fw_field), for YAML: "key" for a field of a node, "key[3]"
 * for the field of the fourth element of one of its arrays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables/iort.h"
#include "tables/tables.h"
#include "util/mem.h"

/* Keys a reader records that are not rows of a layout. */
static const char *const extra_keys[] = {
	"oem-id", "oem-table-id", "oem-revision", "creator-id", "creator-revision", "raw-map-count",
};

static const char *find_in(const struct iot_layout *l, const char *name, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->f[i].key) == len && !memcmp(l->f[i].key, name, len))
			return l->f[i].key;
	return NULL;
}

const char *iot_tables_key(const char *name, size_t len)
{
	const struct iot_layout *const fixed[] = { &iot_iort_header, &iot_iort_node_hdr_d,
						   &iot_iort_node_hdr_e, &iot_iort_map };
	const char *k;

	for (size_t i = 0; i < IOT_ARRAY_SIZE(extra_keys); i++)
		if (strlen(extra_keys[i]) == len && !memcmp(extra_keys[i], name, len))
			return extra_keys[i];
	for (size_t i = 0; i < IOT_ARRAY_SIZE(fixed); i++)
		if ((k = find_in(fixed[i], name, len)))
			return k;
	for (unsigned int t = 0; t < IOT_IORT_NTYPES; t++) {
		const struct iot_iort_type *ty = iot_iort_type(t);

		if ((k = find_in(ty->body, name, len)))
			return k;
		for (size_t a = 0; a < ty->n_arrays; a++)
			if ((k = find_in(ty->arrays[a].elem, name, len)))
				return k;
	}
	for (size_t i = 0; i < iot_tables_n_extra_layouts(); i++)
		if ((k = find_in(iot_tables_extra_layout(i), name, len)))
			return k;
	return NULL;
}

int iot_fw_field_name(const struct iot_fw_field *f, char *buf, size_t size)
{
	if (f->index)
		return snprintf(buf, size, "%s[%u]", f->key, f->index);
	return snprintf(buf, size, "%s", f->key);
}

bool iot_fw_field_parse(const char *s, size_t len, const char **key, uint32_t *index)
{
	const char *br = memchr(s, '[', len);
	size_t klen = br ? (size_t)(br - s) : len;

	*index = 0;
	if (br) {
		unsigned long long v = 0;
		const char *p = br + 1;

		if (s[len - 1] != ']' || p == s + len - 1)
			return false;
		for (; p < s + len - 1; p++) {
			if (*p < '0' || *p > '9' || v > 0xffffffffull / 10)
				return false;
			v = v * 10 + (unsigned int)(*p - '0');
		}
		if (v > 0xffffffffull)
			return false;
		*index = (uint32_t)v;
	}
	*key = iot_tables_key(s, klen);
	return *key != NULL;
}
