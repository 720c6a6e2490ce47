// SPDX-License-Identifier: MIT
/*
 * drivers/iommu/apple-dart.c: Apple's DART, one per master cluster
 * (#iommu-cells = <1>, the stream index; apple_dart_of_xlate records the
 * DART and stream in the master's stream maps, up to two DARTs).
 * apple_dart_device_group: a master joins the group recorded on any of its
 * streams (dart->sid2group), else gets pci_device_group or
 * generic_device_group, recorded on all its streams.
 * apple_dart_def_domain_type: identity where the DART's page size exceeds
 * the kernel's (16 KiB DARTs under a 4 KiB kernel, as Debian's arm64).
 * Debian does not build it (CONFIG_APPLE_DART depends on ARCH_APPLE, not set).
 */
#include <stdlib.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

#define DART_MAX_STREAMS 256

struct dart_state {
	int sid2group[DART_MAX_STREAMS];
};

/* the DART generations' page size (apple_dart_hw.pgsize) */
static const uint32_t pg16k = 16384;

static const struct sim_of_match dart_of_match[] = {
	{ "apple,t8103-dart", &pg16k },
	{ "apple,t8103-usb4-dart", &pg16k },
	{ "apple,t8110-dart", &pg16k },
	{ "apple,t6000-dart", &pg16k },
	{ NULL, NULL },
};

static struct dart_state *state(struct sim_ctx *c, int iommu)
{
	struct dart_state *st = c->iommus[iommu].priv;

	if (!st) {
		st = iot_xmalloc(sizeof(*st));
		for (int i = 0; i < DART_MAX_STREAMS; i++)
			st->sid2group[i] = -1;
		c->iommus[iommu].priv = st;
	}
	return st;
}

static int dart_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	if (n != 1 || args[0] >= DART_MAX_STREAMS) {
		sim_why(c, s, "stream specifier of %s out of range (apple_dart_of_xlate): -EINVAL",
			sim_iommu_name(c, iommu));
		return -SIM_EINVAL;
	}
	sim_fwspec_add_ids(c, s, args, 1);
	return 0;
}

static int dart_group(struct sim_ctx *c, int s)
{
	struct dart_state *st = state(c, c->r->devs[s].iommu);
	const uint32_t *ids = sim_ids(c, s);
	int g = -1;

	for (size_t i = 0; i < c->r->devs[s].n_ids && g < 0; i++)
		g = st->sid2group[ids[i]];
	if (g >= 0) {
		sim_why(c, s, "a stream it uses is in group %d already (dart->sid2group)",
			c->r->groups[g].id);
		return g;
	}
	g = sim_bus_device_group(c, s);
	for (size_t i = 0; g >= 0 && i < c->r->devs[s].n_ids; i++)
		st->sid2group[ids[i]] = g;
	return g;
}

static enum iot_domain_type dart_def_domain_type(struct sim_ctx *c, int s, const char **why)
{
	const uint32_t *pgsize = c->iommus[c->r->devs[s].iommu].match_data;

	if (pgsize && *pgsize > 4096) {
		sim_why(c, s,
			"DART page size %u above the kernel's 4 KiB: identity default domain "
			"(apple_dart_def_domain_type)",
			*pgsize);
		*why = "the DART's page size exceeds the kernel's: identity "
		       "(apple-dart.c:apple_dart_def_domain_type)";
		return IOT_DOMAIN_IDENTITY;
	}
	return IOT_DOMAIN_NONE;
}

const struct sim_driver sim_apple_dart_driver = {
	.name = "apple-dart",
	.source = "drivers/iommu/apple-dart.c",
	.kconfig = "APPLE_DART",
	.of_match = dart_of_match,
	.cells_min = 1,
	.cells_max = 1,
	.family = IOT_FAMILY_OTHER,
	.unattached = IOT_VERDICT_UNMANAGED_BLOCKED,
	.of_xlate = dart_of_xlate,
	.device_group = dart_group,
	.def_domain_type = dart_def_domain_type,
};
