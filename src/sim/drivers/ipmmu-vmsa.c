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

/* ipmmu-vmsa.c:ipmmu_features_{default,rcar_gen3,rcar_gen4}.num_utlbs */
static const unsigned int utlbs_default = 32, utlbs_gen3 = 48, utlbs_gen4 = 64;
#define IPMMU_UTLB_MAX 64 /* the size of ipmmu_vmsa_device.utlb_ctx[] */

/* ipmmu-vmsa.c:ipmmu_of_ids, with each compatible's micro-TLB count */
static const struct sim_of_match ipmmu_of_match[] = {
	{ "renesas,ipmmu-vmsa", &utlbs_default },	 { "renesas,ipmmu-r8a774a1", &utlbs_gen3 },
	{ "renesas,ipmmu-r8a774b1", &utlbs_gen3 },	 { "renesas,ipmmu-r8a774c0", &utlbs_gen3 },
	{ "renesas,ipmmu-r8a774e1", &utlbs_gen3 },	 { "renesas,ipmmu-r8a7795", &utlbs_gen3 },
	{ "renesas,ipmmu-r8a7796", &utlbs_gen3 },	 { "renesas,ipmmu-r8a77961", &utlbs_gen3 },
	{ "renesas,ipmmu-r8a77965", &utlbs_gen3 },	 { "renesas,ipmmu-r8a77970", &utlbs_gen3 },
	{ "renesas,ipmmu-r8a77980", &utlbs_gen3 },	 { "renesas,ipmmu-r8a77990", &utlbs_gen3 },
	{ "renesas,ipmmu-r8a77995", &utlbs_gen3 },	 { "renesas,ipmmu-r8a779a0", &utlbs_gen4 },
	{ "renesas,rcar-gen4-ipmmu-vmsa", &utlbs_gen4 }, { NULL, NULL },
};

/*
 * ipmmu-vmsa.c:ipmmu_attach_device -> ipmmu_utlb_enable: each fwspec ID is
 * a micro-TLB number, used unchecked as the IMUCTR/IMUASID register index
 * and (ipmmu_utlb_enable, ipmmu_release_device) as an index into
 * utlb_ctx[IPMMU_UTLB_MAX].  One beyond the IPMMU's num_utlbs enables a
 * micro-TLB that does not exist: the master's real one stays off.
 */
static enum sim_ids_verdict ipmmu_check_ids(const struct iot_iommu *u, const void *data,
					    const uint32_t *ids, size_t n, char *why, size_t len)
{
	unsigned int nr = data ? *(const unsigned int *)data : utlbs_default;

	for (size_t i = 0; i < n; i++) {
		if (ids[i] < nr)
			continue;
		snprintf(why, len,
			 "micro-TLB %u is not one of the %u of %s (0-%u, "
			 "ipmmu_features.num_utlbs): ipmmu_utlb_enable programs a micro-TLB that "
			 "does not exist%s, and the master's own stays untranslated",
			 ids[i], nr, u->name ? u->name : "the IPMMU", nr - 1,
			 ids[i] >= IPMMU_UTLB_MAX ? " and writes past utlb_ctx[64]" : "");
		return SIM_IDS_MISPROGRAMMED;
	}
	return SIM_IDS_OK;
}

static int ipmmu_probe(struct sim_ctx *c, int s)
{
	int iommu = c->r->devs[s].iommu;
	char why[256];

	if (ipmmu_check_ids(&c->t->iommus[iommu], c->iommus[iommu].match_data, sim_ids(c, s),
			    c->r->devs[s].n_ids, why, sizeof(why)) != SIM_IDS_OK)
		sim_ids_misprogrammed(c, s, why);
	return 0;
}

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
	.check_ids = ipmmu_check_ids,
	.probe_device = ipmmu_probe, /* the attach (ipmmu_attach_device) programs the IDs */
	.device_group = sim_instance_group_lazy, /* ipmmu_find_group */
};
