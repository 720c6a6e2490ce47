// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/ipmmu-vmsa.c: the Renesas R-Car / RZ/G IPMMU.  A master
 * names its cache IPMMU and micro-TLB (#iommu-cells = <1>).  On R-Car
 * Gen3/Gen4 and RZ/G2 (every arm64 IPMMU compatible) only allow-listed
 * devices may use it: ipmmu_of_xlate returns -ENODEV for others
 * (ipmmu_device_is_allowed: PCI devices and the SDHI controllers; the SoC
 * revision deny-list needs the running SoC and is not modelled).  Each
 * IPMMU instance is one group, allocated for its first master
 * (ipmmu_find_group).  Debian's arm64 config does not build it
 * (CONFIG_IPMMU_VMSA is not set).
 */
#include <stdio.h>
#include <string.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

/* ipmmu-vmsa.c:devices_allowlist */
static const char *const allowlist[] = {
	"ee100000.mmc",
	"ee120000.mmc",
	"ee140000.mmc",
	"ee160000.mmc",
};

/* of/platform.c:of_device_make_bus_id for a node with reg: "<unit address>.<node name>" */
static void bus_id(const char *path, char *out, size_t n)
{
	const char *last = path ? strrchr(path, '/') : NULL;
	const char *at;

	if (!last || !(at = strchr(last + 1, '@'))) {
		snprintf(out, n, "%s", last ? last + 1 : "?");
		return;
	}
	snprintf(out, n, "%s.%.*s", at + 1, (int)(at - last - 1), last + 1);
}

/* ipmmu-vmsa.c:ipmmu_device_is_allowed */
static bool allowed(const struct sim_ctx *c, int s, char *name, size_t n)
{
	if (c->r->devs[s].is_pci) {
		snprintf(name, n, "%s", c->r->devs[s].name);
		return true;
	}
	bus_id(c->t->platdevs[c->r->devs[s].idx].dt_path, name, n);
	for (size_t i = 0; i < IOT_ARRAY_SIZE(allowlist); i++)
		if (!strcmp(name, allowlist[i]))
			return true;
	return false;
}

/* ipmmu-vmsa.c:ipmmu_of_xlate */
static int ipmmu_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	char name[128];

	if (!allowed(c, s, name, sizeof(name))) {
		sim_why(c, s,
			"%s is not on ipmmu-vmsa's allow-list (ipmmu_device_is_allowed): "
			"ipmmu_of_xlate -ENODEV, no IOMMU",
			name);
		return -SIM_ENODEV;
	}
	(void)iommu;
	if (n)
		sim_fwspec_add_ids(c, s, args, 1);
	return 0;
}

/* ipmmu-vmsa.c:ipmmu_of_ids */
static const struct sim_of_match ipmmu_of_match[] = {
	{ "renesas,ipmmu-vmsa", NULL },		  { "renesas,ipmmu-r8a774a1", NULL },
	{ "renesas,ipmmu-r8a774b1", NULL },	  { "renesas,ipmmu-r8a774c0", NULL },
	{ "renesas,ipmmu-r8a774e1", NULL },	  { "renesas,ipmmu-r8a7795", NULL },
	{ "renesas,ipmmu-r8a7796", NULL },	  { "renesas,ipmmu-r8a77961", NULL },
	{ "renesas,ipmmu-r8a77965", NULL },	  { "renesas,ipmmu-r8a77970", NULL },
	{ "renesas,ipmmu-r8a77980", NULL },	  { "renesas,ipmmu-r8a77990", NULL },
	{ "renesas,ipmmu-r8a77995", NULL },	  { "renesas,ipmmu-r8a779a0", NULL },
	{ "renesas,rcar-gen4-ipmmu-vmsa", NULL }, { NULL, NULL },
};

const struct sim_driver sim_ipmmu_vmsa_driver = {
	.name = "ipmmu-vmsa",
	.source = "drivers/iommu/ipmmu-vmsa.c",
	.kconfig = "IPMMU_VMSA",
	.of_match = ipmmu_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_OTHER,
	/* a micro-TLB not enabled for a context passes transactions untranslated */
	.unattached = IOT_VERDICT_UNMANAGED_BYPASS,
	.of_xlate = ipmmu_of_xlate,
	.device_group = sim_instance_group_lazy, /* ipmmu_find_group */
};
