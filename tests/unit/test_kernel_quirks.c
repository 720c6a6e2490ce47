// SPDX-License-Identifier: MIT
/*
 * One test per quirks.c matcher the table uses: its ID ranges, type and
 * function checks and verdicts, each test named after the kernel function.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/pci_quirks.h"

#define REQ (IOT_ACS_SV | IOT_ACS_RR | IOT_ACS_CR | IOT_ACS_UF) /* REQ_ACS_FLAGS */

static struct iot_kpci_env env72 = { .tree = IOT_KQ_7_2 };

static struct iot_kpci_dev dev(uint16_t v, uint16_t d, enum iot_pci_type t)
{
	struct iot_kpci_dev k = { .vendor = v, .device = d, .type = t };

	return k;
}

static int acs(const struct iot_kpci_dev *d, const struct iot_kpci_env *e, const char *want_hook)
{
	const struct iot_kquirk *q = NULL;
	int r = iot_kpci_acs_enabled_quirk(d, REQ, e, &q);

	if (want_hook) {
		ck_assert_ptr_nonnull(q);
		ck_assert_str_eq(iot_kquirk_hook_name(q->hook), want_hook);
	}
	return r;
}

START_TEST(amd_sb_acs)
{
	struct iot_kpci_dev d = dev(0x1002, 0x4385, IOT_PCI_PCI_ENDPOINT);
	struct iot_kpci_env e = env72;

	/* not multifunction, or no IVRS: -ENODEV, the next row is tried, none decides */
	d.root_bus = true;
	ck_assert_int_eq(acs(&d, &e, NULL), IOT_KPCI_ENOTTY);
	d.multifunction = true;
	ck_assert_int_eq(acs(&d, &e, NULL), IOT_KPCI_ENOTTY);
	e.ivrs = true;
	ck_assert_int_eq(acs(&d, &e, "pci_quirk_amd_sb_acs"), 1);
	d.root_bus = false;
	ck_assert_int_eq(acs(&d, &e, NULL), IOT_KPCI_ENOTTY);
	/* only RR/CR/EC/DT are asked; EC is not provided */
	d.root_bus = true;
	ck_assert_int_eq(iot_kpci_acs_hook(IOT_KQH_AMD_SB, &d, IOT_ACS_EC, &e), 0);
}
END_TEST

START_TEST(mf_endpoint_acs)
{
	struct iot_kpci_dev d = dev(0x8086, 0x10fb, IOT_PCI_ENDPOINT);

	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_mf_endpoint_acs"), 1);
	/* EC is not among the controls the quirk provides */
	ck_assert_int_eq(iot_kpci_acs_hook(IOT_KQH_MF_ENDPOINT, &d, IOT_ACS_EC, &env72), 0);
	d.device = 0x10fd; /* not listed */
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
	/* Broadcom 1760: carried by 6.1.192 but not 5.10.223 */
	d = dev(0x14e4, 0x1760, IOT_PCI_ENDPOINT);
	ck_assert_int_eq(acs(&d, &env72, NULL), 1);
	ck_assert_int_eq(acs(&d, &(struct iot_kpci_env){ .tree = IOT_KQ_5_10 }, NULL),
			 IOT_KPCI_ENOTTY);
}
END_TEST

START_TEST(rciep_acs)
{
	struct iot_kpci_dev d = dev(0x8086, 0x1234, IOT_PCI_RCIEP);

	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_rciep_acs"), 1);
	d.type = IOT_PCI_ENDPOINT;
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
	d = dev(0x1022, 0x1234, IOT_PCI_RCIEP); /* Intel only */
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
}
END_TEST

START_TEST(intel_pch_acs)
{
	struct iot_kpci_dev d = dev(0x8086, 0x8c10, IOT_PCI_ROOT_PORT);
	const struct iot_kquirk *q = NULL;

	/* listed, but the enable quirk has not run: not isolated */
	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_intel_pch_acs"), 0);
	ck_assert_int_eq(iot_kpci_enable_acs_quirk(&d, &env72, &q), 0);
	ck_assert_str_eq(iot_kquirk_hook_name(q->hook), "pci_quirk_enable_intel_pch_acs");
	ck_assert(d.acs_enabled_quirk);
	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_intel_pch_acs"), 1);
	/* Patsburg lists only even IDs; a downstream port never matches */
	d = dev(0x8086, 0x1d11, IOT_PCI_ROOT_PORT);
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
	d = dev(0x8086, 0x1d10, IOT_PCI_DOWNSTREAM_PORT);
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
	ck_assert_int_eq(iot_kpci_enable_acs_quirk(&d, &env72, NULL), IOT_KPCI_ENOTTY);
}
END_TEST

START_TEST(intel_spt_pch_acs)
{
	struct iot_kpci_dev d = dev(0x8086, 0xa110, IOT_PCI_ROOT_PORT);
	struct iot_kpci_env e = env72;

	/* no ACS capability: -ENOTTY, the standard check (no cap: not isolated) */
	ck_assert_int_eq(acs(&d, &e, NULL), IOT_KPCI_ENOTTY);
	d.has_acs = true;
	d.acs_cap = REQ | IOT_ACS_TB;
	ck_assert_int_eq(acs(&d, &e, "pci_quirk_intel_spt_pch_acs"), 0);
	/* the enable quirk writes the control dword at +8 */
	ck_assert_int_eq(iot_kpci_enable_acs_quirk(&d, &e, NULL), 0);
	ck_assert_uint_eq(d.spt_acs_ctrl, REQ);
	ck_assert_int_eq(acs(&d, &e, "pci_quirk_intel_spt_pch_acs"), 1);
	/* translation blocking only for untrusted ports (or noats, not on 5.10.223) */
	d.spt_acs_ctrl = 0;
	d.untrusted = true;
	iot_kpci_enable_acs_quirk(&d, &e, NULL);
	ck_assert_uint_eq(d.spt_acs_ctrl, REQ | IOT_ACS_TB);
	d.untrusted = false;
	d.spt_acs_ctrl = 0;
	e.ats_disabled = true;
	iot_kpci_enable_acs_quirk(&d, &e, NULL);
	ck_assert_uint_eq(d.spt_acs_ctrl, REQ | IOT_ACS_TB);
	e.tree = IOT_KQ_5_10;
	d.spt_acs_ctrl = 0;
	iot_kpci_enable_acs_quirk(&d, &e, NULL);
	ck_assert_uint_eq(d.spt_acs_ctrl, REQ);
	/* capability bits the port lacks count as provided */
	d.acs_cap = IOT_ACS_SV;
	d.spt_acs_ctrl = IOT_ACS_SV;
	ck_assert_int_eq(acs(&d, &env72, NULL), 1);
	/* the ranges: Union Point a2ee yes, a2ef no, 7th gen mobile 9d1b yes */
	d.device = 0xa2ee;
	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_intel_spt_pch_acs"), 1);
	d.device = 0xa2ef;
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
	d.device = 0x9d1b;
	ck_assert_int_eq(acs(&d, &env72, NULL), 1);
}
END_TEST

START_TEST(cavium_acs)
{
	struct iot_kpci_dev d = dev(0x177d, 0xa7ff, IOT_PCI_ROOT_PORT);

	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_cavium_acs"), 1);
	d.device = 0xaf84;
	ck_assert_int_eq(acs(&d, &env72, NULL), 1);
	d.device = 0xa800;
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
	/* a Cavium multifunction endpoint is the mf_endpoint row's, not this one's */
	d = dev(0x177d, 0xa026, IOT_PCI_ENDPOINT);
	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_mf_endpoint_acs"), 1);
}
END_TEST

START_TEST(root_port_vendors)
{
	/* pci_quirk_qcom_rp_acs, _xgene_acs, _brcm_acs, _loongson_acs, _nxp_rp_acs: no type check */
	static const struct {
		uint16_t v, d;
		const char *hook;
	} rows[] = {
		{ 0x17cb, 0x0400, "pci_quirk_qcom_rp_acs" },
		{ 0x1dbf, 0x0401, "pci_quirk_qcom_rp_acs" },
		{ 0x10e8, 0xe004, "pci_quirk_xgene_acs" },
		{ 0x1def, 0xe00c, "pci_quirk_xgene_acs" },
		{ 0x14e4, 0xd714, "pci_quirk_brcm_acs" },
		{ 0x0014, 0x7a69, "pci_quirk_loongson_acs" },
		{ 0x1957, 0x8d9b, "pci_quirk_nxp_rp_acs" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct iot_kpci_dev d = dev(rows[i].v, rows[i].d, IOT_PCI_ENDPOINT);

		ck_assert_int_eq(acs(&d, &env72, rows[i].hook), 1);
	}
}
END_TEST

START_TEST(al_acs)
{
	struct iot_kpci_dev d = dev(0x1c36, 0x0031, IOT_PCI_ROOT_PORT);

	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_al_acs"), 1);
	ck_assert_int_eq(iot_kpci_acs_hook(IOT_KQH_AL, &d, IOT_ACS_EC, &env72), 0);
	d.type = IOT_PCI_ENDPOINT;
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
}
END_TEST

START_TEST(zhaoxin_pcie_ports_acs)
{
	struct iot_kpci_dev d = dev(0x1d17, 0x0721, IOT_PCI_DOWNSTREAM_PORT);

	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_zhaoxin_pcie_ports_acs"), 1);
	d.device = 0x0722; /* a gap in the list: decided, not isolated */
	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_zhaoxin_pcie_ports_acs"), 0);
	d.type = IOT_PCI_UPSTREAM_PORT;
	ck_assert_int_eq(acs(&d, &env72, NULL), IOT_KPCI_ENOTTY);
	/* a Zhaoxin multifunction endpoint has its own row */
	d = dev(0x1d17, 0x3038, IOT_PCI_ENDPOINT);
	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_mf_endpoint_acs"), 1);
}
END_TEST

START_TEST(wangxun_nic_acs)
{
	struct iot_kpci_dev d = dev(0x8088, 0x010f, IOT_PCI_ENDPOINT);

	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_wangxun_nic_acs"), 1);
	d.device = 0x5140; /* AML: not in 5.10.223's function */
	ck_assert_int_eq(acs(&d, &env72, NULL), 1);
	ck_assert_int_eq(acs(&d, &(struct iot_kpci_env){ .tree = IOT_KQ_5_10 }, NULL), 0);
	d.device = 0x0110;
	ck_assert_int_eq(acs(&d, &env72, "pci_quirk_wangxun_nic_acs"), 0);
}
END_TEST

static bool alias(const struct iot_kpci_fixups *f, unsigned int devfn)
{
	return f->alias_mask[devfn >> 5] & (1u << (devfn & 31));
}

static size_t n_alias(const struct iot_kpci_fixups *f)
{
	size_t n = 0;

	for (unsigned int i = 0; i < 256; i++)
		n += alias(f, i);
	return n;
}

START_TEST(dma_func0_func1_alias)
{
	struct iot_kpci_dev d = dev(0x1180, 0xe832, IOT_PCI_ENDPOINT);
	struct iot_kpci_fixups f;

	d.devfn = 0x1a; /* 03.2 */
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert(alias(&f, 0x18) && n_alias(&f) == 1);
	d.devfn = 0x18; /* function 0 itself: no alias */
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert(!f.has_alias);
	/* Marvell 9230 at function 0 aliases function 1 */
	d = dev(0x1b4b, 0x9230, IOT_PCI_ENDPOINT);
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert(alias(&f, 1) && n_alias(&f) == 1);
	ck_assert_str_eq(iot_kquirk_hook_name(f.hits[0]->hook), "quirk_dma_func1_alias");
	/* JMicron JMB388 ESD (197b:2392) */
	d = dev(0x197b, 0x2392, IOT_PCI_ENDPOINT);
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert(alias(&f, 1));
	/* Glenfly: carried by 6.1.192, not 5.10.223 */
	d = dev(0x6766, 0x3d40, IOT_PCI_ENDPOINT);
	d.devfn = 1;
	iot_kpci_header_fixups(&d, &(struct iot_kpci_env){ .tree = IOT_KQ_5_10 }, &f);
	ck_assert(!f.has_alias);
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert(alias(&f, 0));
}
END_TEST

START_TEST(fixed_dma_alias)
{
	struct iot_kpci_dev d = dev(0x9005, 0x0285, IOT_PCI_ENDPOINT);
	struct iot_kpci_fixups f;

	iot_kpci_header_fixups(&d, &env72, &f); /* no matching subsystem */
	ck_assert(!f.has_alias);
	d.subvendor = 0x9005;
	d.subdevice = 0x02bb; /* Adaptec 3405 */
	d.devfn = 0x70;
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert(alias(&f, 0x08) && n_alias(&f) == 1);
}
END_TEST

START_TEST(use_pcie_bridge_dma_alias)
{
	struct iot_kpci_dev d = dev(0x1b21, 0x1080, IOT_PCI_PCI_BRIDGE);
	struct iot_kpci_fixups f;

	d.bridge_header = true;
	d.parent_pcie = true;
	d.parent_type = IOT_PCI_ROOT_PORT;
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_uint_eq(f.flags, IOT_KPCI_PCIE_BRIDGE_ALIAS);
	d.parent_type = IOT_PCI_PCIE_TO_PCI_BRIDGE; /* behind a real PCIe-to-PCI bridge */
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_uint_eq(f.flags, 0);
	d.parent_type = IOT_PCI_ROOT_PORT;
	d.root_bus = true;
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_uint_eq(f.flags, 0);
	d.root_bus = false;
	d.type = IOT_PCI_PCIE_TO_PCI_BRIDGE; /* has a PCIe capability: nothing to fix */
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_uint_eq(f.flags, 0);
}
END_TEST

START_TEST(mic_x200_and_pex_vca_alias)
{
	struct iot_kpci_dev d = dev(0x8086, 0x2264, IOT_PCI_ENDPOINT);
	struct iot_kpci_fixups f;

	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert(alias(&f, 0x80) && alias(&f, 0x88) && alias(&f, 0x93) && n_alias(&f) == 3);
	d.device = 0x295a;
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_uint_eq(n_alias(&f), 32 * 5);
	ck_assert(alias(&f, 0xfc) && !alias(&f, 0xfd));
}
END_TEST

START_TEST(bridge_flags)
{
	struct iot_kpci_dev d = dev(0x14e4, 0x9084, IOT_PCI_ROOT_PORT);
	struct iot_kpci_fixups f;

	iot_kpci_header_fixups(&d, &env72, &f); /* quirk_bridge_cavm_thrx2_pcie_root */
	ck_assert_uint_eq(f.flags, IOT_KPCI_XLATE_ROOT);
	d = dev(0x1a03, 0x1150, IOT_PCI_PCIE_TO_PCI_BRIDGE); /* quirk_aspeed_pci_bridge_no_alias */
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_uint_eq(f.flags, IOT_KPCI_BRIDGE_NO_ALIAS);
	iot_kpci_header_fixups(&d, &(struct iot_kpci_env){ .tree = IOT_KQ_6_12 }, &f);
	ck_assert_uint_eq(f.flags, 0);
}
END_TEST

START_TEST(ntb_alias)
{
	struct iot_kpci_dev d = dev(0x10b5, 0x87b0, IOT_PCI_ENDPOINT);
	struct iot_kpci_fixups f;

	iot_kpci_header_fixups(&d, &env72, &f); /* quirk_plx_ntb_dma_alias: all 256 */
	ck_assert_uint_eq(n_alias(&f), 256);
	/* Switchtec: a class fixup (0680) whose aliases live in MMIO */
	d = dev(0x11f8, 0x8531, IOT_PCI_ENDPOINT);
	d.class_code = 0x068000;
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_ptr_nonnull(f.unmodelled);
	ck_assert(!f.has_alias);
	d.class_code = 0x058000; /* the management function: another class */
	iot_kpci_header_fixups(&d, &env72, &f);
	ck_assert_ptr_null(f.unmodelled);
}
END_TEST

START_TEST(table_trees)
{
	/* every row is carried by at least one checked build; the tree map */
	for (size_t i = 0; i < iot_kquirk_table_n; i++)
		ck_assert(iot_kquirk_table[i].trees != 0);
	ck_assert_uint_eq(iot_kquirk_tree(5, 15), IOT_KQ_5_10);
	ck_assert_uint_eq(iot_kquirk_tree(6, 6), IOT_KQ_6_1);
	ck_assert_uint_eq(iot_kquirk_tree(6, 18), IOT_KQ_6_12);
	ck_assert_uint_eq(iot_kquirk_tree(7, 3), IOT_KQ_7_2);
}
END_TEST

/*
 * The lookup index keeps quirks.c's order: for the IDs of every row (and
 * IDs no row names), every device type and every checked build, the row that
 * decides and its answer are those of a plain top-to-bottom scan of the table
 * (pci_dev_specific_acs_enabled, pci_dev_specific_enable_acs).
 */
static int scan_acs(const struct iot_kpci_dev *d, const struct iot_kpci_env *e,
		    const struct iot_kquirk **hit)
{
	*hit = NULL;
	for (size_t i = 0; i < iot_kquirk_table_n; i++) {
		const struct iot_kquirk *q = &iot_kquirk_table[i];
		int r;

		if (q->kind != IOT_KQK_ACS || !(q->trees & e->tree) ||
		    (q->vendor != IOT_KQ_ANY && q->vendor != d->vendor) ||
		    (q->device != IOT_KQ_ANY && q->device != d->device))
			continue;
		r = iot_kpci_acs_hook((enum iot_kquirk_hook)q->hook, d, REQ, e);
		if (r >= 0) {
			*hit = q;
			return r;
		}
	}
	return IOT_KPCI_ENOTTY;
}

START_TEST(index_keeps_table_order)
{
	static const uint8_t trees[] = { IOT_KQ_5_10, IOT_KQ_6_1, IOT_KQ_6_12, IOT_KQ_7_2 };
	size_t checked = 0, decided = 0;

	for (size_t i = 0; i <= iot_kquirk_table_n; i++) {
		uint16_t v = i < iot_kquirk_table_n ? iot_kquirk_table[i].vendor : 0x1234;
		uint16_t dv = i < iot_kquirk_table_n ? iot_kquirk_table[i].device : 0x5678;

		if (v == IOT_KQ_ANY)
			v = 0x8086;
		if (dv == IOT_KQ_ANY)
			dv = 0xa110; /* inside the Sunrise Point and Cavium ranges */
		for (size_t t = 0; t < sizeof(trees); t++)
			for (int ty = 0; ty < IOT_PCI_NR_TYPES; ty++)
				for (unsigned int fl = 0; fl < 4; fl++) {
					struct iot_kpci_dev d = dev(v, dv, (enum iot_pci_type)ty);
					struct iot_kpci_env e = { .tree = trees[t],
								  .ivrs = fl & 1 };
					const struct iot_kquirk *want, *got = NULL;
					int w, g;

					d.multifunction = d.root_bus = fl & 2;
					d.has_acs = true;
					d.acs_cap = REQ;
					d.acs_enabled_quirk = fl & 1;
					w = scan_acs(&d, &e, &want);
					g = iot_kpci_acs_enabled_quirk(&d, REQ, &e, &got);
					ck_assert_int_eq(g, w);
					ck_assert_ptr_eq(got, want);
					checked++;
					decided += want != NULL;
				}
	}
	ck_assert_uint_gt(decided, 0);
	ck_assert_uint_gt(checked, decided);
	/* two rows select an Intel RCiEP 82599 (10fb): the earlier one decides */
	{
		struct iot_kpci_dev d = dev(0x8086, 0x10fb, IOT_PCI_RCIEP);

		ck_assert_int_eq(acs(&d, &env72, "pci_quirk_mf_endpoint_acs"), 1);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kernel_quirks");
	TCase *tc = tcase_create("matchers");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, amd_sb_acs);
	tcase_add_test(tc, mf_endpoint_acs);
	tcase_add_test(tc, rciep_acs);
	tcase_add_test(tc, intel_pch_acs);
	tcase_add_test(tc, intel_spt_pch_acs);
	tcase_add_test(tc, cavium_acs);
	tcase_add_test(tc, root_port_vendors);
	tcase_add_test(tc, al_acs);
	tcase_add_test(tc, zhaoxin_pcie_ports_acs);
	tcase_add_test(tc, wangxun_nic_acs);
	tcase_add_test(tc, dma_func0_func1_alias);
	tcase_add_test(tc, fixed_dma_alias);
	tcase_add_test(tc, use_pcie_bridge_dma_alias);
	tcase_add_test(tc, mic_x200_and_pex_vca_alias);
	tcase_add_test(tc, bridge_flags);
	tcase_add_test(tc, ntb_alias);
	tcase_add_test(tc, table_trees);
	tcase_add_test(tc, index_keeps_table_order);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
