// SPDX-License-Identifier: MIT
/*
 * The matcher logic of drivers/pci/quirks.c for the rows of
 * pci_quirk_table.c: each function below follows the quirks.c function named
 * in its comment (the same device-ID ranges, type and function checks and
 * returned ACS verdicts); the table rows decide which device IDs reach it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/acs_override.h"
#include "kernel/pci.h"
#include "kernel/pci_quirks.h"

#define ACS_SV IOT_ACS_SV
#define ACS_TB IOT_ACS_TB
#define ACS_RR IOT_ACS_RR
#define ACS_CR IOT_ACS_CR
#define ACS_UF IOT_ACS_UF
#define ACS_EC IOT_ACS_EC
#define ACS_DT IOT_ACS_DT
#define ACS_ISOLATE (ACS_SV | ACS_RR | ACS_CR | ACS_UF)

static const char *const hook_names[IOT_KQH_NR] = {
	[IOT_KQH_AMD_SB] = "pci_quirk_amd_sb_acs",
	[IOT_KQH_MF_ENDPOINT] = "pci_quirk_mf_endpoint_acs",
	[IOT_KQH_RCIEP] = "pci_quirk_rciep_acs",
	[IOT_KQH_QCOM_RP] = "pci_quirk_qcom_rp_acs",
	[IOT_KQH_INTEL_PCH] = "pci_quirk_intel_pch_acs",
	[IOT_KQH_INTEL_SPT_PCH] = "pci_quirk_intel_spt_pch_acs",
	[IOT_KQH_CAVIUM] = "pci_quirk_cavium_acs",
	[IOT_KQH_XGENE] = "pci_quirk_xgene_acs",
	[IOT_KQH_BRCM] = "pci_quirk_brcm_acs",
	[IOT_KQH_LOONGSON] = "pci_quirk_loongson_acs",
	[IOT_KQH_AL] = "pci_quirk_al_acs",
	[IOT_KQH_ZHAOXIN_PORTS] = "pci_quirk_zhaoxin_pcie_ports_acs",
	[IOT_KQH_NXP_RP] = "pci_quirk_nxp_rp_acs",
	[IOT_KQH_WANGXUN_NIC] = "pci_quirk_wangxun_nic_acs",
	[IOT_KQH_ENABLE_INTEL_PCH] = "pci_quirk_enable_intel_pch_acs",
	[IOT_KQH_ENABLE_INTEL_SPT_PCH] = "pci_quirk_enable_intel_spt_pch_acs",
	[IOT_KQH_PCH_ID] = "-",
	[IOT_KQH_DMA_FUNC0] = "quirk_dma_func0_alias",
	[IOT_KQH_DMA_FUNC1] = "quirk_dma_func1_alias",
	[IOT_KQH_FIXED_DMA_ALIAS] = "quirk_fixed_dma_alias",
	[IOT_KQH_PCIE_BRIDGE_ALIAS] = "quirk_use_pcie_bridge_dma_alias",
	[IOT_KQH_MIC_X200] = "quirk_mic_x200_dma_alias",
	[IOT_KQH_PEX_VCA] = "quirk_pex_vca_alias",
	[IOT_KQH_XLATE_ROOT] = "quirk_bridge_cavm_thrx2_pcie_root",
	[IOT_KQH_BRIDGE_NO_ALIAS] = "quirk_aspeed_pci_bridge_no_alias",
	[IOT_KQH_PLX_NTB] = "quirk_plx_ntb_dma_alias",
	[IOT_KQH_SWITCHTEC_NTB] = "quirk_switchtec_ntb_dma_alias",
	[IOT_KQH_BROKEN_ACS_CAP] = "pci_disable_broken_acs_cap",
	[IOT_KQH_ACS_OVERRIDE] = "pcie_acs_overrides (out-of-tree ACS override patch)",
};

const char *iot_kquirk_hook_name(enum iot_kquirk_hook h)
{
	return (unsigned int)h < IOT_KQH_NR ? hook_names[h] : "?";
}

uint8_t iot_kquirk_tree(unsigned int major, unsigned int minor)
{
	unsigned int v = major * 1000 + minor;

	return v >= 7002 ? IOT_KQ_7_2 :
	       v >= 6012 ? IOT_KQ_6_12 :
	       v >= 6001 ? IOT_KQ_6_1 :
			   IOT_KQ_5_10;
}

const char *iot_kquirk_tree_name(uint8_t tree)
{
	return tree == IOT_KQ_7_2  ? "7.2.13" :
	       tree == IOT_KQ_6_12 ? "6.12.118" :
	       tree == IOT_KQ_6_1  ? "6.1.192" :
				     "5.10.223";
}

static bool is_pcie(enum iot_pci_type t)
{
	return iot_pci_type_is_pcie(t);
}

/*
 * The table indexed by (kind, vendor, device): one sorted 64-bit key per row,
 * kind << 48 | vendor << 32 | device << 16 | row number, so rows with equal
 * IDs stay in table order.  A lookup for one device takes the up to four
 * runs its IDs select (exact, vendor with PCI_ANY_ID device, PCI_ANY_ID
 * vendor with exact device, both PCI_ANY_ID) and merges them by row number,
 * so rows are still tried in table order: quirks.c tries
 * pci_dev_acs_enabled[] top to bottom and the first row whose hook answers
 * decides (pci_dev_specific_acs_enabled).  A bitmap of the vendor IDs rows
 * name skips the search for the devices of every other vendor.
 */
static uint64_t kq_keys[IOT_KQUIRK_TABLE_MAX];
static uint32_t kq_vendors[0x10000 / 32];
static pthread_once_t kq_index_once = PTHREAD_ONCE_INIT;

static uint64_t kq_key(unsigned int kind, unsigned int vendor, unsigned int device)
{
	return (uint64_t)kind << 48 | (uint64_t)vendor << 32 | (uint64_t)device << 16;
}

static int kq_sort_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

static bool kq_vendor_listed(uint16_t vendor)
{
	return kq_vendors[vendor >> 5] & (1u << (vendor & 31));
}

static void kq_index_build(void)
{
	for (size_t i = 0; i < iot_kquirk_table_n; i++) {
		const struct iot_kquirk *q = &iot_kquirk_table[i];

		kq_keys[i] = kq_key(q->kind, q->vendor, q->device) | i;
		kq_vendors[q->vendor >> 5] |= 1u << (q->vendor & 31);
	}
	qsort(kq_keys, iot_kquirk_table_n, sizeof(kq_keys[0]), kq_sort_cmp);
}

/* The run of keys whose row has exactly (kind, vendor, device). */
static void kq_run(unsigned int kind, unsigned int vendor, unsigned int device,
		   const uint64_t **begin, const uint64_t **end)
{
	uint64_t key = kq_key(kind, vendor, device);
	size_t lo = 0, hi = iot_kquirk_table_n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kq_keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*begin = kq_keys + lo;
	while (lo < iot_kquirk_table_n && (kq_keys[lo] & ~(uint64_t)0xffff) == key)
		lo++;
	*end = kq_keys + lo;
}

/* The rows of one kind a device's IDs select, in table order. */
struct kq_iter {
	const uint64_t *cur[4], *end[4];
	unsigned int n;
	uint8_t tree;
};

/*
 * The runs found for the last (kind, vendor, device) asked in each slot:
 * a machine has few distinct IDs (a million functions, a handful of
 * devices), so the four searches mostly run once per ID, not per function.
 */
#define KQ_MEMO 256
struct kq_memo {
	uint64_t key; /* kq_key() | 1; 0: empty */
	struct kq_iter it;
};
static _Thread_local struct kq_memo kq_memo[KQ_MEMO];

static void kq_iter_init(struct kq_iter *it, enum iot_kquirk_kind kind, uint16_t vendor,
			 uint16_t device, uint8_t tree)
{
	const uint16_t v[4] = { vendor, vendor, IOT_KQ_ANY, IOT_KQ_ANY };
	const uint16_t d[4] = { device, IOT_KQ_ANY, device, IOT_KQ_ANY };
	uint64_t key = kq_key(kind, vendor, device) | 1;
	struct kq_memo *m = &kq_memo[(vendor * 31u + device * 7u + (unsigned int)kind) % KQ_MEMO];

	pthread_once(&kq_index_once, kq_index_build);
	if (m->key == key) {
		*it = m->it;
		it->tree = tree;
		return;
	}
	it->n = 0;
	it->tree = tree;
	for (unsigned int i = 0; i < 4; i++) {
		/* an ID that is itself 0xffff selects the PCI_ANY_ID run once */
		if ((i == 1 && device == IOT_KQ_ANY) || (i >= 2 && vendor == IOT_KQ_ANY) ||
		    (i == 3 && device == IOT_KQ_ANY))
			continue;
		if (!kq_vendor_listed(v[i]))
			continue; /* no row names this vendor */
		kq_run(kind, v[i], d[i], &it->cur[it->n], &it->end[it->n]);
		if (it->cur[it->n] != it->end[it->n])
			it->n++;
	}
	m->key = key;
	m->it = *it;
}

/* The next row (in table order) the device's IDs and the kernel build select, or NULL. */
static const struct iot_kquirk *kq_next(struct kq_iter *it)
{
	for (;;) {
		unsigned int best = 4;

		for (unsigned int i = 0; i < it->n; i++)
			if (it->cur[i] != it->end[i] &&
			    (best == 4 || (*it->cur[i] & 0xffff) < (*it->cur[best] & 0xffff)))
				best = i;
		if (best == 4)
			return NULL;
		const struct iot_kquirk *q = &iot_kquirk_table[*it->cur[best]++ & 0xffff];

		if (q->trees & it->tree)
			return q;
	}
}

/* quirks.c:pci_quirk_intel_pch_acs_match: a root port listed in pci_quirk_intel_pch_acs_ids[] */
static bool intel_pch_match(const struct iot_kpci_dev *d, const struct iot_kpci_env *e)
{
	struct kq_iter it;

	if (!is_pcie(d->type) || d->type != IOT_PCI_ROOT_PORT || d->vendor != 0x8086)
		return false;
	kq_iter_init(&it, IOT_KQK_PCH_ID, d->vendor, d->device, e->tree);
	return kq_next(&it) != NULL;
}

/* quirks.c:pci_quirk_intel_spt_pch_acs_match: Sunrise Point, Union Point, 7th/8th gen mobile */
static bool intel_spt_match(const struct iot_kpci_dev *d)
{
	uint16_t id = d->device;

	if (!is_pcie(d->type) || d->type != IOT_PCI_ROOT_PORT || d->vendor != 0x8086)
		return false;
	return (id >= 0xa110 && id <= 0xa11f) || (id >= 0xa167 && id <= 0xa16a) ||
	       (id >= 0xa290 && id <= 0xa29f) || (id >= 0xa2e7 && id <= 0xa2ee) ||
	       (id >= 0x9d10 && id <= 0x9d1b);
}

/* quirks.c:pci_quirk_cavium_acs_match: ThunderX1/2/3 root ports */
static bool cavium_match(const struct iot_kpci_dev *d)
{
	uint16_t id = d->device;

	if (!is_pcie(d->type) || d->type != IOT_PCI_ROOT_PORT)
		return false;
	return (id >= 0xa000 && id <= 0xa7ff) || id == 0xaf84 || id == 0xb884;
}

int iot_kpci_acs_hook(enum iot_kquirk_hook h, const struct iot_kpci_dev *d, uint16_t acs_flags,
		      const struct iot_kpci_env *e)
{
	uint16_t id = d->device;

	switch (h) {
	case IOT_KQH_AMD_SB:
		/* quirks.c:pci_quirk_amd_sb_acs: multifunction on the root bus, IVRS present */
		if (!d->multifunction || !d->root_bus || !e->ivrs)
			return IOT_KPCI_ENODEV;
		acs_flags &= ACS_RR | ACS_CR | ACS_EC | ACS_DT;
		return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_RR | ACS_CR);
	case IOT_KQH_MF_ENDPOINT:
		/* quirks.c:pci_quirk_mf_endpoint_acs: no peer-to-peer between functions */
		return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_SV | ACS_TB | ACS_RR | ACS_CR |
								    ACS_UF | ACS_DT);
	case IOT_KQH_RCIEP:
		/* quirks.c:pci_quirk_rciep_acs: Intel RCiEPs (VT-d r3.1 sec 3.16) */
		if (d->type != IOT_PCI_RCIEP)
			return IOT_KPCI_ENOTTY;
		return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_ISOLATE);
	case IOT_KQH_QCOM_RP: /* quirks.c:pci_quirk_qcom_rp_acs */
	case IOT_KQH_NXP_RP: /* quirks.c:pci_quirk_nxp_rp_acs */
	case IOT_KQH_XGENE: /* quirks.c:pci_quirk_xgene_acs */
	case IOT_KQH_BRCM: /* quirks.c:pci_quirk_brcm_acs */
	case IOT_KQH_LOONGSON: /* quirks.c:pci_quirk_loongson_acs */
		return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_ISOLATE);
	case IOT_KQH_INTEL_PCH:
		/* quirks.c:pci_quirk_intel_pch_acs: isolating once the enable quirk ran */
		if (!intel_pch_match(d, e))
			return IOT_KPCI_ENOTTY;
		return iot_kpci_acs_ctrl_enabled(acs_flags, d->acs_enabled_quirk ? ACS_ISOLATE : 0);
	case IOT_KQH_INTEL_SPT_PCH:
		/* quirks.c:pci_quirk_intel_spt_pch_acs: the control register is a dword at +8 */
		if (!intel_spt_match(d) || !d->has_acs)
			return IOT_KPCI_ENOTTY;
		acs_flags &= d->acs_cap | ACS_EC;
		return iot_kpci_acs_ctrl_enabled(acs_flags, (uint16_t)d->spt_acs_ctrl);
	case IOT_KQH_CAVIUM:
		/* quirks.c:pci_quirk_cavium_acs */
		if (!cavium_match(d))
			return IOT_KPCI_ENOTTY;
		return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_ISOLATE);
	case IOT_KQH_AL:
		/* quirks.c:pci_quirk_al_acs: Annapurna Labs root ports */
		if (d->type != IOT_PCI_ROOT_PORT)
			return IOT_KPCI_ENOTTY;
		acs_flags &= (uint16_t)~ACS_ISOLATE;
		return acs_flags ? 0 : 1;
	case IOT_KQH_ZHAOXIN_PORTS:
		/* quirks.c:pci_quirk_zhaoxin_pcie_ports_acs: listed ports isolate, others do not */
		if (!is_pcie(d->type) ||
		    (d->type != IOT_PCI_ROOT_PORT && d->type != IOT_PCI_DOWNSTREAM_PORT))
			return IOT_KPCI_ENOTTY;
		if ((id >= 0x0710 && id <= 0x071e) || id == 0x0721 ||
		    (id >= 0x0723 && id <= 0x0752))
			return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_ISOLATE);
		return 0;
	case IOT_KQH_WANGXUN_NIC:
		/* quirks.c:pci_quirk_wangxun_nic_acs: EM, SP and (not in 5.10.223) AML */
		if ((id >= 0x0100 && id <= 0x010f) || id == 0x1001 || id == 0x2001)
			return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_ISOLATE);
		if (!(e->tree & IOT_KQ_5_10) && (id == 0x5010 || id == 0x5025 || id == 0x5040 ||
						 id == 0x5110 || id == 0x5125 || id == 0x5140))
			return iot_kpci_acs_ctrl_enabled(acs_flags, ACS_ISOLATE);
		return 0;
	default:
		return IOT_KPCI_ENOTTY;
	}
}

int iot_kpci_acs_enabled_quirk(const struct iot_kpci_dev *d, uint16_t acs_flags,
			       const struct iot_kpci_env *e, const struct iot_kquirk **hit)
{
	struct kq_iter it;
	const struct iot_kquirk *q;
	/* the patch appends { PCI_ANY_ID, PCI_ANY_ID, pcie_acs_overrides } to the table */
	static const struct iot_kquirk override_row = {
		.kind = IOT_KQK_ACS,
		.hook = IOT_KQH_ACS_OVERRIDE,
		.vendor = IOT_KQ_ANY,
		.device = IOT_KQ_ANY,
	};
	int ret;

	kq_iter_init(&it, IOT_KQK_ACS, d->vendor, d->device, e->tree);
	while ((q = kq_next(&it))) {
		ret = iot_kpci_acs_hook((enum iot_kquirk_hook)q->hook, d, acs_flags, e);
		if (ret >= 0) {
			if (hit)
				*hit = q;
			return ret;
		}
	}
	ret = e->acs_override ? iot_kpci_acs_override(e->acs_override, d) : IOT_KPCI_ENOTTY;
	if (ret >= 0 && hit)
		*hit = &override_row;
	return ret;
}

int iot_kpci_enable_acs_quirk(struct iot_kpci_dev *d, const struct iot_kpci_env *e,
			      const struct iot_kquirk **hit)
{
	struct kq_iter it;
	const struct iot_kquirk *q;

	kq_iter_init(&it, IOT_KQK_ACS_OPS, d->vendor, d->device, e->tree);
	while ((q = kq_next(&it))) {
		if (q->hook == IOT_KQH_ENABLE_INTEL_PCH) {
			/* quirks.c:pci_quirk_enable_intel_pch_acs (LPC RCBA taken as enabled) */
			if (!intel_pch_match(d, e))
				continue;
			d->acs_enabled_quirk = true;
		} else if (q->hook == IOT_KQH_ENABLE_INTEL_SPT_PCH) {
			/* quirks.c:pci_quirk_enable_intel_spt_pch_acs */
			if (!intel_spt_match(d) || !d->has_acs)
				continue;
			d->spt_acs_ctrl |= d->acs_cap & ACS_ISOLATE;
			/* pci_ats_disabled() joined the condition after 5.10.223 */
			if ((e->ats_disabled && !(e->tree & IOT_KQ_5_10)) || d->untrusted)
				d->spt_acs_ctrl |= d->acs_cap & ACS_TB;
		} else {
			continue;
		}
		if (hit)
			*hit = q;
		return 0;
	}
	return IOT_KPCI_ENOTTY;
}

static void add_alias(struct iot_kpci_fixups *f, unsigned int devfn, unsigned int count)
{
	for (unsigned int i = devfn; i < devfn + count && i < 256; i++)
		f->alias_mask[i >> 5] |= 1u << (i & 31);
	f->has_alias = true;
}

static void note_hit(struct iot_kpci_fixups *f, const struct iot_kquirk *q)
{
	if (f->n_hits < sizeof(f->hits) / sizeof(f->hits[0]))
		f->hits[f->n_hits++] = q;
}

/* quirks.c:pci_match_id(fixed_dma_alias_tbl, dev) */
static const struct iot_kquirk *fixed_alias(const struct iot_kpci_dev *d,
					    const struct iot_kpci_env *e)
{
	struct kq_iter it;
	const struct iot_kquirk *q;

	kq_iter_init(&it, IOT_KQK_FIXED_ALIAS, d->vendor, d->device, e->tree);
	while ((q = kq_next(&it)))
		if (q->subvendor == d->subvendor && q->subdevice == d->subdevice)
			return q;
	return NULL;
}

void iot_kpci_header_fixups(const struct iot_kpci_dev *d, const struct iot_kpci_env *e,
			    struct iot_kpci_fixups *f)
{
	unsigned int fn = d->devfn & 7, slot = d->devfn >> 3;

	struct kq_iter it;
	const struct iot_kquirk *q, *fx;

	memset(f, 0, sizeof(*f));
	kq_iter_init(&it, IOT_KQK_FIXUP, d->vendor, d->device, e->tree);
	while ((q = kq_next(&it))) {
		if (q->class_shift && (d->class_code >> q->class_shift) != q->class_code)
			continue; /* DECLARE_PCI_FIXUP_CLASS_*: class >> shift must match */
		switch (q->hook) {
		case IOT_KQH_DMA_FUNC0: /* quirks.c:quirk_dma_func0_alias */
			if (fn != 0)
				add_alias(f, slot << 3, 1);
			break;
		case IOT_KQH_DMA_FUNC1: /* quirks.c:quirk_dma_func1_alias */
			if (fn != 1)
				add_alias(f, slot << 3 | 1, 1);
			break;
		case IOT_KQH_FIXED_DMA_ALIAS: /* quirks.c:quirk_fixed_dma_alias */
			fx = fixed_alias(d, e);
			if (!fx)
				continue;
			add_alias(f, fx->devfn, 1);
			q = fx;
			break;
		case IOT_KQH_PCIE_BRIDGE_ALIAS: /* quirks.c:quirk_use_pcie_bridge_dma_alias */
			if (d->root_bus || !d->bridge_header || is_pcie(d->type) ||
			    !d->parent_pcie || d->parent_type == IOT_PCI_PCIE_TO_PCI_BRIDGE)
				continue;
			f->flags |= IOT_KPCI_PCIE_BRIDGE_ALIAS;
			break;
		case IOT_KQH_MIC_X200: /* quirks.c:quirk_mic_x200_dma_alias */
			add_alias(f, 0x10 << 3, 1);
			add_alias(f, 0x11 << 3, 1);
			add_alias(f, 0x12 << 3 | 3, 1);
			break;
		case IOT_KQH_PEX_VCA: /* quirks.c:quirk_pex_vca_alias: 5 functions of every slot */
			for (unsigned int s = 0; s < 0x20; s++)
				add_alias(f, s << 3, 5);
			break;
		case IOT_KQH_XLATE_ROOT: /* quirks.c:quirk_bridge_cavm_thrx2_pcie_root */
			f->flags |= IOT_KPCI_XLATE_ROOT;
			break;
		case IOT_KQH_BRIDGE_NO_ALIAS: /* quirks.c:quirk_aspeed_pci_bridge_no_alias */
			f->flags |= IOT_KPCI_BRIDGE_NO_ALIAS;
			break;
		case IOT_KQH_PLX_NTB: /* quirks.c:quirk_plx_ntb_dma_alias: every devfn */
			add_alias(f, 0, 256);
			break;
		case IOT_KQH_SWITCHTEC_NTB:
			/*
			 * quirks.c:quirk_switchtec_ntb_dma_alias reads the proxy
			 * IDs from the NTB's BAR 0 partition tables: not in
			 * config space, so not predicted.
			 */
			f->unmodelled = q;
			continue;
		default:
			continue;
		}
		note_hit(f, q);
	}
}

void iot_kquirk_format(const struct iot_kquirk *q, char *out, size_t n)
{
	static const char *const kinds[] = {
		[IOT_KQK_ACS] = "acs",
		[IOT_KQK_ACS_OPS] = "acs-ops",
		[IOT_KQK_PCH_ID] = "pch-id",
		[IOT_KQK_FIXUP] = "fixup",
		[IOT_KQK_FIXED_ALIAS] = "fixed-alias",
		[IOT_KQK_ACS_CAP] = "acs-cap",
	};
	char v[8], dv[8];

	if (q->vendor == IOT_KQ_ANY)
		strcpy(v, "any");
	else
		snprintf(v, sizeof(v), "%04x", q->vendor);
	if (q->device == IOT_KQ_ANY)
		strcpy(dv, "any");
	else
		snprintf(dv, sizeof(dv), "%04x", q->device);
	if (q->kind == IOT_KQK_FIXED_ALIAS)
		snprintf(out, n, "%s\t%s\t%s\t%04x:%04x=%02x", kinds[q->kind], v, dv, q->subvendor,
			 q->subdevice, q->devfn);
	else if (q->class_shift)
		snprintf(out, n, "%s\t%s\t%s\t%s/%04x>>%u", kinds[q->kind], v, dv,
			 iot_kquirk_hook_name(q->hook), q->class_code, q->class_shift);
	else
		snprintf(out, n, "%s\t%s\t%s\t%s", kinds[q->kind], v, dv,
			 iot_kquirk_hook_name(q->hook));
}

/* --- the model-facing interface (kernel/pci.h) ------------------------------- */

static void kdev_of(const struct iot_pci_root *r, size_t dev, struct iot_kpci_dev *k)
{
	const struct iot_pci_dev *p = &r->devs[dev];
	int par = iot_pci_upstream(r, dev);

	memset(k, 0, sizeof(*k));
	k->vendor = p->vendor;
	k->device = p->device;
	k->subvendor = p->subsystem_vendor;
	k->subdevice = p->subsystem_device;
	k->class_code = p->class_code;
	k->devfn = p->devfn;
	k->type = p->type;
	/* probe.c:pci_scan_slot: every function > 0 is multifunction; VFs are not */
	k->multifunction = !p->is_vf && (p->multifunction || (p->devfn & 7));
	k->root_bus = par < 0;
	k->bridge_header = iot_pci_type_is_bridge(p->type);
	if (par >= 0) {
		k->parent_pcie = iot_pci_type_is_pcie(r->devs[par].type);
		k->parent_type = r->devs[par].type;
	}
	k->has_acs = p->has_acs;
	k->acs_cap = p->acs_cap;
	k->untrusted = p->external_facing;
}

static void env_of(const struct iot_kernel_profile *k, bool ivrs, const struct iot_acs_override *ov,
		   struct iot_kpci_env *e)
{
	memset(e, 0, sizeof(*e));
	e->tree = k ? iot_kquirk_tree(k->major, k->minor) : IOT_KQ_7_2;
	e->ivrs = ivrs;
	e->acs_override = ov;
}

#define REQ_ACS_FLAGS (IOT_ACS_SV | IOT_ACS_RR | IOT_ACS_CR | IOT_ACS_UF)

/*
 * pci_dev_specific_acs_enabled(dev, REQ_ACS_FLAGS) as the boot leaves it:
 * the answer before and after pci_dev_specific_enable_acs (which runs only
 * when ACS was requested before the device was added) folded into one.
 */
static enum iot_acs_quirk acs_quirk(const struct iot_kpci_dev *d, const struct iot_kpci_env *e,
				    const struct iot_kquirk **row)
{
	struct iot_kpci_dev enabled = *d;
	const struct iot_kquirk *q0 = NULL, *q1 = NULL;
	int before, after;

	before = iot_kpci_acs_enabled_quirk(d, REQ_ACS_FLAGS, e, &q0);
	if (iot_kpci_enable_acs_quirk(&enabled, e, NULL) < 0) {
		*row = q0;
		return before < 0 ? IOT_ACS_QUIRK_NONE :
		       before	  ? IOT_ACS_QUIRK_YES :
				    IOT_ACS_QUIRK_NO;
	}
	after = iot_kpci_acs_enabled_quirk(&enabled, REQ_ACS_FLAGS, e, &q1);
	*row = q1 ? q1 : q0;
	if (before < 0 && after < 0)
		return IOT_ACS_QUIRK_NONE;
	if ((before > 0) == (after > 0) && before >= 0 && after >= 0)
		return before > 0 ? IOT_ACS_QUIRK_YES : IOT_ACS_QUIRK_NO;
	return IOT_ACS_QUIRK_INTEL_PCH; /* isolated iff the enable quirk ran */
}

/*
 * No row can match a function without IDs, or one of a vendor no row names
 * (unless the ACS override patch's catch-all row is in the table).
 */
static bool quirk_candidate(const struct iot_pci_dev *p, const struct iot_acs_override *ov)
{
	pthread_once(&kq_index_once, kq_index_build);
	return p->has_ids && (ov || kq_vendor_listed(p->vendor) || kq_vendor_listed(IOT_KQ_ANY));
}

void iot_pci_fixup_dev(struct iot_pci_quirks *q, size_t dev, const struct iot_kernel_profile *k)
{
	const struct iot_pci_root *r = q->root;
	struct iot_kpci_dev d;
	struct iot_kpci_env e;
	struct iot_kpci_fixups f;
	const struct iot_kquirk *row = NULL;

	q->acs[dev] = IOT_ACS_QUIRK_NONE;
	if (q->acs_row)
		q->acs_row[dev] = NULL;
	if (!quirk_candidate(&r->devs[dev], q->acs_override))
		return;
	kdev_of(r, dev, &d);
	env_of(k, q->ivrs, q->acs_override, &e);
	q->acs[dev] = (int8_t)acs_quirk(&d, &e, &row);
	if (q->acs_row)
		q->acs_row[dev] = row;
	iot_kpci_header_fixups(&d, &e, &f);
	for (unsigned int devfn = 0; f.has_alias && devfn < 256; devfn++)
		if (f.alias_mask[devfn >> 5] & (1u << (devfn & 31)))
			iot_pci_add_dma_alias(q, dev, devfn);
	if (f.flags & IOT_KPCI_XLATE_ROOT)
		q->flags[dev] |= IOT_PCI_QF_XLATE_ROOT;
	if (f.flags & IOT_KPCI_PCIE_BRIDGE_ALIAS)
		q->flags[dev] |= IOT_PCI_QF_BRIDGE_ALIAS;
	if (f.flags & IOT_KPCI_BRIDGE_NO_ALIAS)
		q->flags[dev] |= IOT_PCI_QF_BRIDGE_NO_ALIAS;
}

enum iot_acs_quirk iot_pci_acs_quirk(const struct iot_pci_root *r, size_t dev,
				     const struct iot_kernel_profile *k)
{
	const struct iot_kquirk *row;
	struct iot_kpci_dev d;
	struct iot_kpci_env e;

	if (!quirk_candidate(&r->devs[dev], NULL))
		return IOT_ACS_QUIRK_NONE;
	kdev_of(r, dev, &d);
	env_of(k, false, NULL, &e);
	return acs_quirk(&d, &e, &row);
}
