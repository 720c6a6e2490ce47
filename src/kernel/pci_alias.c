// SPDX-License-Identifier: MIT
/*
 * DMA aliases: drivers/pci/search.c:pci_for_each_dma_alias and the alias
 * state of drivers/pci/pci.c (pci_add_dma_alias, pci_devs_are_dma_aliases).
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/pci.h"
#include "util/mem.h"

void iot_pci_quirks_init(struct iot_pci_quirks *q, const struct iot_pci_root *r,
			 const struct iot_kernel_profile *k)
{
	iot_pci_quirks_init_ivrs(q, r, k, false);
}

void iot_pci_quirks_init_ivrs(struct iot_pci_quirks *q, const struct iot_pci_root *r,
			      const struct iot_kernel_profile *k, bool ivrs)
{
	iot_pci_quirks_init_override(q, r, k, ivrs, NULL);
}

void iot_pci_quirks_init_override(struct iot_pci_quirks *q, const struct iot_pci_root *r,
				  const struct iot_kernel_profile *k, bool ivrs,
				  const struct iot_acs_override *ov)
{
	size_t n = r->n_devs ? r->n_devs : 1;

	memset(q, 0, sizeof(*q));
	q->root = r;
	q->acs_override = ov;
	q->ivrs = ivrs;
	q->acs_row = iot_xcalloc(n, sizeof(*q->acs_row));
	q->flags = iot_xcalloc(n, sizeof(*q->flags));
	q->acs = iot_xmalloc(n * sizeof(*q->acs));
	q->mask_idx = iot_xmalloc(n * sizeof(*q->mask_idx));
	memset(q->mask_idx, 0xff, n * sizeof(*q->mask_idx));
	for (size_t i = 0; i < r->n_devs; i++)
		iot_pci_fixup_dev(q, i, k);
}

void iot_pci_quirks_free(struct iot_pci_quirks *q)
{
	free(q->flags);
	free(q->acs);
	free(q->acs_row);
	free(q->mask_idx);
	free(q->masks);
	memset(q, 0, sizeof(*q));
}

void iot_pci_add_dma_alias(struct iot_pci_quirks *q, size_t dev, unsigned int devfn)
{
	devfn &= 0xff;
	if (q->mask_idx[dev] < 0) {
		iot_grow((void **)&q->masks, &q->cap_masks, q->n_masks + 1, sizeof(*q->masks));
		q->mask_idx[dev] = (int)q->n_masks++;
		memset(q->masks[q->mask_idx[dev]], 0, sizeof(q->masks[0]));
	}
	q->masks[q->mask_idx[dev]][devfn >> 5] |= 1u << (devfn & 31);
	q->flags[dev] |= IOT_PCI_QF_ALIAS_MASK;
}

bool iot_pci_has_dma_alias(const struct iot_pci_quirks *q, size_t dev, unsigned int devfn)
{
	int i = q->mask_idx[dev];

	devfn &= 0xff;
	return i >= 0 && (q->masks[i][devfn >> 5] & (1u << (devfn & 31)));
}

bool iot_pci_devs_are_dma_aliases(const struct iot_pci_quirks *q, size_t a, size_t b)
{
	const struct iot_pci_dev *da = &q->root->devs[a], *db = &q->root->devs[b];

	return iot_pci_has_dma_alias(q, a, db->devfn) || iot_pci_has_dma_alias(q, b, da->devfn);
}

int iot_pci_for_each_dma_alias(const struct iot_pci_quirks *q, size_t dev, iot_pci_alias_fn fn,
			       void *arg)
{
	const struct iot_pci_root *r = q->root;
	const struct iot_pci_dev *p = &r->devs[dev];
	int ret;

	ret = fn(dev, iot_rid(p->bus, p->devfn), arg);
	if (ret)
		return ret;
	if (q->flags[dev] & IOT_PCI_QF_ALIAS_MASK)
		for (unsigned int devfn = 0; devfn < 256; devfn++) {
			if (!iot_pci_has_dma_alias(q, dev, devfn))
				continue;
			ret = fn(dev, iot_rid(p->bus, (uint8_t)devfn), arg);
			if (ret)
				return ret;
		}
	for (int b = iot_pci_upstream(r, dev); b >= 0; b = iot_pci_upstream(r, (size_t)b)) {
		const struct iot_pci_dev *t = &r->devs[b];

		if (q->flags[b] & IOT_PCI_QF_XLATE_ROOT)
			return 0;
		switch (t->type) {
		case IOT_PCI_ROOT_PORT:
		case IOT_PCI_UPSTREAM_PORT:
		case IOT_PCI_DOWNSTREAM_PORT:
			continue;
		case IOT_PCI_PCIE_TO_PCI_BRIDGE:
			/* quirks.c:quirk_aspeed_pci_bridge_no_alias (7.2, not 6.12) */
			if (q->flags[b] & IOT_PCI_QF_BRIDGE_NO_ALIAS)
				continue;
			ret = fn((size_t)b, iot_rid(t->secondary, 0), arg);
			break;
		case IOT_PCI_PCI_TO_PCIE_BRIDGE:
			ret = fn((size_t)b, iot_rid(t->bus, t->devfn), arg);
			break;
		default: /* conventional bridge */
			if (q->flags[b] & IOT_PCI_QF_BRIDGE_ALIAS)
				ret = fn((size_t)b, iot_rid(t->secondary, 0), arg);
			else
				ret = fn((size_t)b, iot_rid(t->bus, t->devfn), arg);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int rid_is(size_t dev, uint16_t rid, void *arg)
{
	(void)dev;
	return rid == *(const uint16_t *)arg;
}

bool iot_pci_is_dma_alias(const struct iot_pci_quirks *q, size_t dev, uint16_t rid)
{
	return iot_pci_for_each_dma_alias(q, dev, rid_is, &rid) != 0;
}
