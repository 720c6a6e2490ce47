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
#include <stdio.h>
#include <stdlib.h>

#include "sim/drivers/drivers.h"
#include "util/mem.h"

#define DART_MAX_STREAMS 256

struct dart_state {
	int sid2group[DART_MAX_STREAMS];
};

/*
 * A DART generation (apple_dart_hw): its page size (read from DART_PARAMS1
 * by the probe; 16 KiB on every DART shipped) and how many streams it has
 * (max_sid_count; a t8110 reads it from DART_T8110_PARAMS4, at most
 * DART_MAX_STREAMS).
 */
struct dart_hw {
	uint32_t pgsize;
	uint32_t num_streams;
};

static const struct dart_hw t8103 = { 16384, 16 };
static const struct dart_hw t8103_usb4 = { 16384, 64 };
static const struct dart_hw t6000 = { 16384, 16 };
static const struct dart_hw t8110 = { 16384, DART_MAX_STREAMS };

static const struct sim_of_match dart_of_match[] = {
	{ "apple,t8103-dart", &t8103 },
	{ "apple,t8103-usb4-dart", &t8103_usb4 },
	{ "apple,t8110-dart", &t8110 },
	{ "apple,t6000-dart", &t6000 },
	{ NULL, NULL },
};

/*
 * apple-dart.c:apple_dart_of_xlate sets the stream's bit in the master's
 * sidmap (a DART_MAX_STREAMS-bit map) without a range check, and the DART
 * is programmed for the bits below its num_streams only
 * (for_each_set_bit(sid, sidmap, dart->num_streams)): a stream beyond
 * num_streams is never configured, one beyond the map writes past it.
 */
static enum sim_ids_verdict dart_check_ids(const struct iot_iommu *u, const void *data,
					   const uint32_t *ids, size_t n, char *why, size_t len)
{
	const struct dart_hw *hw = data ? data : &t8110;

	for (size_t i = 0; i < n; i++) {
		if (ids[i] < hw->num_streams)
			continue;
		snprintf(why, len,
			 "stream %u is not one of the %u of %s (0-%u): apple_dart_of_xlate takes "
			 "it unchecked%s and the DART never configures it",
			 ids[i], hw->num_streams, u->name ? u->name : "the DART",
			 hw->num_streams - 1,
			 ids[i] >= DART_MAX_STREAMS ? ", past the end of the stream bitmap," : "");
		return SIM_IDS_MISPROGRAMMED;
	}
	return SIM_IDS_OK;
}

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

/* apple-dart.c:apple_dart_of_xlate */
static int dart_of_xlate(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n)
{
	char why[256];

	if (n != 1) {
		sim_why(c, s, "%u specifier cells for %s (apple_dart_of_xlate takes 1): -EINVAL", n,
			sim_iommu_name(c, iommu));
		return -SIM_EINVAL;
	}
	if (dart_check_ids(&c->t->iommus[iommu], c->iommus[iommu].match_data, args, 1, why,
			   sizeof(why)) != SIM_IDS_OK)
		sim_ids_misprogrammed(c, s, why);
	sim_fwspec_add_ids(c, s, args, 1);
	return 0;
}

static int dart_group(struct sim_ctx *c, int s)
{
	struct dart_state *st = state(c, c->r->devs[s].iommu);
	const uint32_t *ids = sim_ids(c, s);
	int g = -1;

	/* streams past the map are not in it (the kernel's write lands elsewhere) */
	for (size_t i = 0; i < c->r->devs[s].n_ids && g < 0; i++)
		if (ids[i] < DART_MAX_STREAMS)
			g = st->sid2group[ids[i]];
	if (g >= 0) {
		sim_why(c, s, "a stream it uses is in group %d already (dart->sid2group)",
			c->r->groups[g].id);
		return g;
	}
	g = sim_bus_device_group(c, s);
	for (size_t i = 0; g >= 0 && i < c->r->devs[s].n_ids; i++)
		if (ids[i] < DART_MAX_STREAMS)
			st->sid2group[ids[i]] = g;
	return g;
}

static enum iot_domain_type dart_def_domain_type(struct sim_ctx *c, int s, const char **why)
{
	const struct dart_hw *hw = c->iommus[c->r->devs[s].iommu].match_data;

	if (hw && hw->pgsize > 4096) {
		sim_why(c, s,
			"DART page size %u above the kernel's 4 KiB: identity default domain "
			"(apple_dart_def_domain_type)",
			hw->pgsize);
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
	.check_ids = dart_check_ids,
	.device_group = dart_group,
	.def_domain_type = dart_def_domain_type,
};
