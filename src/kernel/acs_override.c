// SPDX-License-Identifier: MIT
#include "kernel/acs_override.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/pci_quirks.h"

/* @len hex digits at @s, at most 4: the value, or -1 (the patch reads up to 4 with kstrtol) */
static long hex4(const char *s, size_t len)
{
	long v = 0;

	if (!len || len > 4)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int h = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 :
					       -1;

		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

int iot_acs_override_parse(const char *s, struct iot_acs_override *o, char *err, size_t n)
{
	memset(o, 0, sizeof(*o));
	if (!s || !*s) {
		snprintf(err, n, "empty: give downstream, multifunction and/or id:VVVV:DDDD");
		return -1;
	}
	while (*s) {
		size_t len = strcspn(s, ",");

		if (len == 10 && !strncmp(s, "downstream", 10)) {
			o->downstream = true;
		} else if (len == 13 && !strncmp(s, "multifunction", 13)) {
			o->multifunction = true;
		} else if (len > 3 && !strncmp(s, "id:", 3)) {
			const char *v = s + 3, *colon = memchr(v, ':', len - 3);
			long vendor = colon ? hex4(v, (size_t)(colon - v)) : -1;
			long device =
				colon ? hex4(colon + 1, len - 3 - (size_t)(colon - v) - 1) : -1;

			if (vendor < 0 || device < 0) {
				snprintf(err, n, "'%.*s': an id is id:VVVV:DDDD in hex", (int)len,
					 s);
				return -1;
			}
			if (o->n_ids == IOT_ACS_OVERRIDE_MAX_IDS) {
				snprintf(err, n,
					 "more than %d ids: the patch keeps the first %d (\"Out of "
					 "PCIe ACS override slots\")",
					 IOT_ACS_OVERRIDE_MAX_IDS, IOT_ACS_OVERRIDE_MAX_IDS);
				return -1;
			}
			o->vendor[o->n_ids] = (uint16_t)vendor;
			o->device[o->n_ids++] = (uint16_t)device;
		} else {
			snprintf(err, n,
				 "'%.*s': the patch knows downstream, multifunction and "
				 "id:VVVV:DDDD",
				 (int)len, s);
			return -1;
		}
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

int iot_kpci_acs_override(const struct iot_acs_override *o, const struct iot_kpci_dev *d)
{
	/* "Never override ACS for legacy devices or devices with ACS caps" */
	if (!o || !iot_pci_type_is_pcie(d->type) || d->has_acs)
		return IOT_KPCI_ENOTTY;
	for (size_t i = 0; i < o->n_ids; i++)
		if (o->vendor[i] == d->vendor && o->device[i] == d->device)
			return 1;
	switch (d->type) {
	case IOT_PCI_DOWNSTREAM_PORT:
	case IOT_PCI_ROOT_PORT:
		return o->downstream ? 1 : IOT_KPCI_ENOTTY;
	case IOT_PCI_ENDPOINT:
	case IOT_PCI_UPSTREAM_PORT:
	case IOT_PCI_LEGACY_ENDPOINT:
	case IOT_PCI_RCIEP:
		return o->multifunction && d->multifunction ? 1 : IOT_KPCI_ENOTTY;
	default:
		return IOT_KPCI_ENOTTY;
	}
}

bool iot_acs_override_in_kernel(const char *release)
{
	return release &&
	       (strstr(release, "-pve") || strstr(release, "-zen") || strstr(release, "liquorix"));
}
