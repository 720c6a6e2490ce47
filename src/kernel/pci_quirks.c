// SPDX-License-Identifier: MIT
/*
 * The quirk tables of drivers/pci/quirks.c that change DMA aliasing or
 * isolation, as data: the header fixups (DMA aliases, bridge flags) and the
 * device-specific ACS answers (pci_dev_acs_enabled[]).
 */
#include <string.h>

#include "kernel/pci.h"
#include "util/mem.h"

struct id_range {
	uint16_t vendor;
	uint16_t lo, hi; /* device ID range, inclusive */
};

/* quirks.c:pci_quirk_mf_endpoint_acs: functions do no peer-to-peer among themselves */
static const struct id_range mf_endpoint_acs[] = {
	{ 0x1924, 0x0903, 0x0903 }, { 0x1924, 0x0923, 0x0923 }, { 0x1924, 0x0a03, 0x0a03 },
	{ 0x8086, 0x10c6, 0x10c6 }, { 0x8086, 0x10db, 0x10db }, { 0x8086, 0x10dd, 0x10dd },
	{ 0x8086, 0x10e1, 0x10e1 }, { 0x8086, 0x10f1, 0x10f1 }, { 0x8086, 0x10f7, 0x10fc },
	{ 0x8086, 0x1507, 0x1507 }, { 0x8086, 0x1514, 0x1514 }, { 0x8086, 0x151c, 0x151c },
	{ 0x8086, 0x1529, 0x152a }, { 0x8086, 0x154d, 0x154d }, { 0x8086, 0x154f, 0x154f },
	{ 0x8086, 0x1551, 0x1551 }, { 0x8086, 0x1558, 0x1558 }, { 0x8086, 0x1560, 0x1560 },
	{ 0x8086, 0x1563, 0x1563 }, { 0x8086, 0x1521, 0x1524 }, { 0x8086, 0x10c9, 0x10c9 },
	{ 0x8086, 0x10e6, 0x10e8 }, { 0x8086, 0x150a, 0x150a }, { 0x8086, 0x150d, 0x150d },
	{ 0x8086, 0x1518, 0x1518 }, { 0x8086, 0x1526, 0x1526 }, { 0x8086, 0x1572, 0x1572 },
	{ 0x8086, 0x1574, 0x1574 }, { 0x8086, 0x1580, 0x158b }, { 0x8086, 0x37d0, 0x37d3 },
	{ 0x8086, 0x15b7, 0x15b9 }, { 0x8086, 0x15d6, 0x15d8 }, { 0x8086, 0x15e3, 0x15e3 },
	{ 0x19a2, 0x0710, 0x0710 }, { 0x10df, 0x0720, 0x0720 }, { 0x177d, 0xa026, 0xa026 },
	{ 0x177d, 0xa059, 0xa060 }, { 0x19e5, 0x0200, 0x0200 }, { 0x19e5, 0x1822, 0x1822 },
	{ 0x14e4, 0x16d7, 0x16d7 }, { 0x14e4, 0x1750, 0x1752 }, { 0x1d17, 0x3038, 0x3038 },
};

/* Root ports whose vendor quirk says they isolate (quirks.c:pci_dev_acs_enabled[]) */
static const struct id_range rp_acs[] = {
	{ 0x17cb, 0x0400, 0x0401 }, { 0x17cb, 0x0115, 0x0115 }, /* pci_quirk_qcom_rp_acs */
	{ 0x1dbf, 0x0401, 0x0401 }, /* HXT */
	{ 0x10e8, 0xe004, 0xe004 }, { 0x1def, 0xe005, 0xe00f }, /* pci_quirk_xgene_acs */
	{ 0x14e4, 0xd714, 0xd714 }, /* pci_quirk_brcm_acs */
	{ 0x1d0f, 0x0031, 0x0031 }, /* pci_quirk_al_acs */
	{ 0x177d, 0xa000, 0xa0ff }, /* pci_quirk_cavium_acs */
};

/*
 * quirks.c:pci_quirk_intel_pch_acs (subset of pci_quirk_intel_pch_acs_ids):
 * isolating only if pci_enable_acs ran its enable quirk, i.e. ACS had been
 * requested when the port was added (PCI_DEV_FLAGS_ACS_ENABLED_QUIRK).
 */
static const struct id_range intel_pch_rp[] = {
	{ 0x8086, 0x1c10, 0x1c1f }, { 0x8086, 0x1e10, 0x1e1f }, { 0x8086, 0x8c10, 0x8c1f },
	{ 0x8086, 0x9c10, 0x9c1f }, { 0x8086, 0x8d10, 0x8d1f }, { 0x8086, 0x9c90, 0x9c9f },
};

/* quirks.c:quirk_dma_func0_alias */
static const struct id_range dma_func0[] = {
	{ 0x1180, 0xe832, 0xe832 },
	{ 0x1180, 0xe476, 0xe476 },
};

/* quirks.c:quirk_dma_func1_alias */
static const struct id_range dma_func1[] = {
	{ 0x1b4b, 0x9120, 0x9120 }, { 0x1b4b, 0x9123, 0x9123 }, { 0x1b4b, 0x9125, 0x9125 },
	{ 0x1b4b, 0x9128, 0x9128 }, { 0x1b4b, 0x9130, 0x9130 }, { 0x1b4b, 0x9170, 0x9170 },
	{ 0x1b4b, 0x9172, 0x9172 }, { 0x1b4b, 0x917a, 0x917a }, { 0x1b4b, 0x9182, 0x9183 },
	{ 0x1b4b, 0x91a0, 0x91a0 }, { 0x1b4b, 0x9215, 0x9215 }, { 0x1b4b, 0x9220, 0x9220 },
	{ 0x1b4b, 0x9230, 0x9230 }, { 0x1b4b, 0x9235, 0x9235 }, { 0x1103, 0x0642, 0x0642 },
	{ 0x1103, 0x0645, 0x0645 }, { 0x197b, 0x2394, 0x2394 },
};

/* quirks.c:quirk_use_pcie_bridge_dma_alias */
static const struct id_range pcie_bridge_alias[] = {
	{ 0x1b21, 0x1080, 0x1080 },
	{ 0x10e3, 0x8113, 0x8113 },
	{ 0x1283, 0x8892, 0x8893 },
	{ 0x8086, 0x244e, 0x244e },
};

/* quirks.c:quirk_plx_ntb_dma_alias: every devfn of its bus */
static const struct id_range plx_ntb[] = {
	{ 0x10b5, 0x87b0, 0x87b1 },
};

/* quirks.c:quirk_bridge_cavm_thrx2_pcie_root */
static const struct id_range xlate_root[] = {
	{ 0x14e4, 0x9000, 0x9000 },
	{ 0x14e4, 0x9084, 0x9084 },
};

static bool id_in(const struct iot_pci_dev *p, const struct id_range *t, size_t n)
{
	if (!p->has_ids)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p->vendor == t[i].vendor && p->device >= t[i].lo && p->device <= t[i].hi)
			return true;
	return false;
}

#define ID_IN(p, t) id_in((p), (t), IOT_ARRAY_SIZE(t))

void iot_pci_fixup_dev(struct iot_pci_quirks *q, size_t dev, const struct iot_kernel_profile *k)
{
	const struct iot_pci_root *r = q->root;
	const struct iot_pci_dev *p = &r->devs[dev];
	int par = iot_pci_upstream(r, dev);

	(void)k;
	q->acs[dev] = (int8_t)iot_pci_acs_quirk(r, dev, k);
	if (ID_IN(p, dma_func0) && (p->devfn & 7))
		iot_pci_add_dma_alias(q, dev, p->devfn & ~7u);
	if (ID_IN(p, dma_func1) && (p->devfn & 7) != 1)
		iot_pci_add_dma_alias(q, dev, (p->devfn & ~7u) | 1);
	if (ID_IN(p, plx_ntb))
		for (unsigned int i = 0; i < 256; i++)
			iot_pci_add_dma_alias(q, dev, i);
	if (ID_IN(p, xlate_root))
		q->flags[dev] |= IOT_PCI_QF_XLATE_ROOT;
	/*
	 * quirk_use_pcie_bridge_dma_alias: only a conventional bridge whose
	 * parent is PCIe and not itself a PCIe-to-PCI bridge.
	 */
	if (ID_IN(p, pcie_bridge_alias) && !iot_pci_type_is_pcie(p->type) && par >= 0) {
		const struct iot_pci_dev *pp = &r->devs[par];

		if (iot_pci_type_is_pcie(pp->type) && pp->type != IOT_PCI_PCIE_TO_PCI_BRIDGE)
			q->flags[dev] |= IOT_PCI_QF_BRIDGE_ALIAS;
	}
}

enum iot_acs_quirk iot_pci_acs_quirk(const struct iot_pci_root *r, size_t dev,
				     const struct iot_kernel_profile *k)
{
	const struct iot_pci_dev *p = &r->devs[dev];

	(void)k;
	if (ID_IN(p, mf_endpoint_acs))
		return IOT_ACS_QUIRK_YES;
	if (p->has_ids && p->vendor == 0x8086 && p->type == IOT_PCI_RCIEP)
		return IOT_ACS_QUIRK_YES; /* quirks.c:pci_quirk_rciep_acs */
	if (p->type == IOT_PCI_ROOT_PORT && ID_IN(p, rp_acs))
		return IOT_ACS_QUIRK_YES;
	if (ID_IN(p, intel_pch_rp))
		return IOT_ACS_QUIRK_INTEL_PCH;
	return IOT_ACS_QUIRK_NONE;
}
