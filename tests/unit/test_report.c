// SPDX-License-Identifier: MIT
/*
 * The operator's view of `iotopo groups`: names from pci.ids, the VFIO
 * verdict of each group and its reasons, on the QEMU virt example (read
 * through the YAML reader) with what a host would show changed by hand.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"
#include "kernel/acs_override.h"
#include "kernel/pci_quirks.h"
#include "model/model.h"
#include "report/groups.h"
#include "report/pciids.h"
#include "sim/sim.h"
#include "util/mem.h"

#define IDS IOTOPO_SRC_DIR "/tests/fixtures/pci.ids"
#define VIRT IOTOPO_SRC_DIR "/examples/qemu-virt-smmuv3.yaml"

static struct iot_topology t;
static struct iot_diags d;

static void setup(void)
{
	iot_topology_init(&t);
	iot_diags_init(&d);
	ck_assert_int_eq(iot_load_input(VIRT, &t, NULL, &d), 0);
}

static void teardown(void)
{
	iot_topology_free(&t);
	iot_diags_free(&d);
}

static struct iot_pci_dev *dev(const char *bdf)
{
	unsigned int bus, slot, fn;

	ck_assert_int_eq(sscanf(bdf, "%x:%x.%x", &bus, &slot, &fn), 3);
	for (size_t r = 0; r < t.n_roots; r++)
		for (size_t i = 0; i < t.roots[r].n_devs; i++)
			if (t.roots[r].devs[i].bus == bus &&
			    t.roots[r].devs[i].devfn == (slot << 3 | fn))
				return &t.roots[r].devs[i];
	ck_abort_msg("no device %s", bdf);
	return NULL;
}

START_TEST(pciids_names)
{
	struct iot_pciids *ids = iot_pciids_load(IDS, &t, &d);

	ck_assert_ptr_nonnull(ids);
	ck_assert_str_eq(iot_pciids_file(ids), IDS);
	ck_assert_str_eq(iot_pciids_vendor(ids, 0x8086), "Intel Corporation");
	ck_assert_str_eq(iot_pciids_device(ids, 0x8086, 0x10d3),
			 "82574L Gigabit Network Connection");
	ck_assert_str_eq(iot_pciids_device(ids, 0x1b36, 0x000c), "QEMU PCIe Root port");
	ck_assert_str_eq(iot_pciids_class(ids, 0x020000), "Ethernet controller");
	ck_assert_str_eq(iot_pciids_class(ids, 0x060400), "PCI bridge");
	/* a subclass the file lacks falls back to the class name */
	ck_assert_str_eq(iot_pciids_class(ids, 0x02ff00), "Network controller");
	/* only the IDs the topology uses are kept */
	ck_assert_ptr_null(iot_pciids_device(ids, 0x8086, 0x2918));
	ck_assert_ptr_null(iot_pciids_vendor(ids, 0x1234));
	ck_assert_uint_eq(d.n, 0);
	iot_pciids_free(ids);
}
END_TEST

START_TEST(pciids_none_env_missing)
{
	ck_assert_ptr_null(iot_pciids_load("none", &t, &d));
	ck_assert_uint_eq(d.n, 0);
	setenv("IOTOPO_PCI_IDS", IDS, 1);
	{
		struct iot_pciids *ids = iot_pciids_load(NULL, &t, &d);

		ck_assert_ptr_nonnull(ids);
		ck_assert_str_eq(iot_pciids_file(ids), IDS);
		iot_pciids_free(ids);
	}
	setenv("IOTOPO_PCI_IDS", "none", 1);
	ck_assert_ptr_null(iot_pciids_load(NULL, &t, &d));
	unsetenv("IOTOPO_PCI_IDS");
	/* named explicitly and missing: an error; NULL-safe lookups */
	ck_assert_ptr_null(iot_pciids_load(IOTOPO_SRC_DIR "/no-such.ids", &t, &d));
	ck_assert_uint_eq(d.n_errors, 1);
	ck_assert_ptr_null(iot_pciids_vendor(NULL, 0x8086));
	ck_assert_ptr_null(iot_pciids_class(NULL, 0x020000));
}
END_TEST

/* Simulate, assess, and return the verdict of the group holding @bdf. */
static const struct iot_vfio_group *verdict_of(const char *bdf, struct iot_sim_result *r,
					       struct iot_vfio *v)
{
	struct iot_sim_opts o = { .kernel = "7.2" };
	int s;

	ck_assert_int_eq(iot_sim_run(&t, &o, r, &d), 0);
	iot_vfio_assess(&t, r, NULL, v);
	s = iot_sim_find_dev(r, bdf);
	ck_assert_int_ge(s, 0);
	ck_assert_int_ge(r->devs[s].group, 0);
	return &v->groups[r->devs[s].group];
}

static bool has_reason(const struct iot_vfio_group *g, enum iot_vfio_reason why)
{
	for (size_t i = 0; i < g->n_items; i++)
		if (g->items[i].why == why)
			return true;
	return false;
}

START_TEST(vfio_plain)
{
	struct iot_sim_result r;
	struct iot_vfio v;
	const struct iot_vfio_group *g = verdict_of("0000:01:00.0", &r, &v);

	/* an e1000e without a driver, alone below root port 00:04.0 (ACS) on 7.2 */
	ck_assert_int_eq(g->verdict, IOT_VFIO_ASSIGNABLE);
	ck_assert_uint_eq(g->n_assign, 1);
	ck_assert_str_eq(r.devs[g->assign[0]].name, "0000:01:00.0");
	ck_assert_uint_eq(g->n_items, 0);
	iot_vfio_free(&v);
	iot_sim_free(&r);
}
END_TEST

START_TEST(vfio_host_driver_and_root_fs)
{
	struct iot_sim_result r;
	struct iot_vfio v;
	const struct iot_vfio_group *g;

	dev("01:00.0")->driver = iot_strdup("e1000e");
	g = verdict_of("0000:01:00.0", &r, &v);
	ck_assert_int_eq(g->verdict, IOT_VFIO_AFTER_UNBIND);
	ck_assert(has_reason(g, IOT_VFIO_R_HOST_DRIVER));
	iot_vfio_free(&v);
	iot_sim_free(&r);

	dev("01:00.0")->host_use = IOT_HOST_ROOT_FS;
	dev("01:00.0")->host_use_what = iot_strdup("/ on nvme0n1p2");
	g = verdict_of("0000:01:00.0", &r, &v);
	ck_assert_int_eq(g->verdict, IOT_VFIO_NOT_ASSIGNABLE);
	ck_assert(has_reason(g, IOT_VFIO_R_ROOT_FS));
	{
		struct iot_buf b;

		iot_buf_init(&b);
		iot_vfio_group_text(&t, &r, g, &b);
		ck_assert_str_eq(iot_buf_str(&b), "VFIO: not assignable (0000:01:00.0 backs the "
						  "root filesystem (/ on nvme0n1p2))");
		iot_buf_free(&b);
	}
	iot_vfio_free(&v);
	iot_sim_free(&r);
}
END_TEST

START_TEST(vfio_denylist_boot_vga_mounted)
{
	struct iot_sim_result r;
	struct iot_vfio v;
	const struct iot_vfio_group *g;

	dev("01:00.0")->device = 0x37c9; /* QAT C62x VF */
	g = verdict_of("0000:01:00.0", &r, &v);
	ck_assert_int_eq(g->verdict, IOT_VFIO_NOT_ASSIGNABLE);
	ck_assert(has_reason(g, IOT_VFIO_R_DENYLISTED));
	iot_vfio_free(&v);
	iot_sim_free(&r);

	dev("01:00.0")->device = 0x10d3;
	dev("02:00.0")->host_use = IOT_HOST_BOOT_VGA;
	g = verdict_of("0000:02:00.0", &r, &v);
	ck_assert_int_eq(g->verdict, IOT_VFIO_NOT_ASSIGNABLE);
	ck_assert(has_reason(g, IOT_VFIO_R_BOOT_VGA));
	iot_vfio_free(&v);
	iot_sim_free(&r);

	dev("02:00.0")->host_use = IOT_HOST_MOUNTED;
	g = verdict_of("0000:02:00.0", &r, &v);
	ck_assert_int_eq(g->verdict, IOT_VFIO_NOT_ASSIGNABLE);
	ck_assert(has_reason(g, IOT_VFIO_R_MOUNTED));
	iot_vfio_free(&v);
	iot_sim_free(&r);
}
END_TEST

START_TEST(vfio_shared_bridges_alias)
{
	struct iot_sim_result r;
	struct iot_vfio v;
	const struct iot_vfio_group *g = verdict_of("0000:08:00.0", &r, &v);
	int s;

	/* downstream port 06:01.0 without ACS above a multifunction pair */
	ck_assert_int_eq(g->verdict, IOT_VFIO_ASSIGNABLE);
	ck_assert_uint_eq(g->n_assign, 2);
	ck_assert(has_reason(g, IOT_VFIO_R_SHARED));
	ck_assert(has_reason(g, IOT_VFIO_R_STAYS));
	iot_vfio_free(&v);
	iot_sim_free(&r);

	/* the pci-bridge 00:09.0 alone (its devices share its ID and have no group) */
	g = verdict_of("0000:00:09.0", &r, &v);
	ck_assert_int_eq(g->verdict, IOT_VFIO_NOTHING);
	ck_assert(has_reason(g, IOT_VFIO_R_ONLY_BRIDGES));
	ck_assert(has_reason(g, IOT_VFIO_R_ALIAS_OUTSIDE));
	s = iot_sim_find_dev(&r, "0000:0a:01.0");
	ck_assert_int_lt(r.devs[s].group, 0);
	iot_vfio_free(&v);
	iot_sim_free(&r);

	/* a group firmware wants identity-mapped is refused */
	g = verdict_of("0000:01:00.0", &r, &v);
	{
		int gi = (int)(g - v.groups);

		iot_vfio_free(&v);
		r.groups[gi].require_direct = true;
		iot_vfio_assess(&t, &r, NULL, &v);
		ck_assert_int_eq(v.groups[gi].verdict, IOT_VFIO_NOT_ASSIGNABLE);
		ck_assert(has_reason(&v.groups[gi], IOT_VFIO_R_DIRECT_MAPPING));
	}
	iot_vfio_free(&v);
	iot_sim_free(&r);
}
END_TEST

START_TEST(acs_override_parse_and_match)
{
	struct iot_acs_override o;
	struct iot_kpci_dev rp = { .type = IOT_PCI_ROOT_PORT }, ep = { .type = IOT_PCI_ENDPOINT };
	struct iot_kpci_dev legacy = { .type = IOT_PCI_PCI_ENDPOINT, .multifunction = true };
	char err[200], many[400] = "downstream";

	ck_assert_int_eq(iot_acs_override_parse("downstream,multifunction,id:10de:1b80", &o, err,
						sizeof(err)),
			 0);
	ck_assert(o.downstream && o.multifunction);
	ck_assert_uint_eq(o.n_ids, 1);
	ck_assert_uint_eq(o.vendor[0], 0x10de);
	ck_assert_uint_eq(o.device[0], 0x1b80);
	ck_assert_int_eq(iot_acs_override_parse("id:zz:1", &o, err, sizeof(err)), -1);
	ck_assert_int_eq(iot_acs_override_parse("id:8086", &o, err, sizeof(err)), -1);
	ck_assert_int_eq(iot_acs_override_parse("downsteam", &o, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "'downsteam'"));
	ck_assert_int_eq(iot_acs_override_parse("", &o, err, sizeof(err)), -1);
	for (int i = 0; i < 16; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), ",id:8086:%04x", i);
	ck_assert_int_eq(iot_acs_override_parse(many, &o, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "15"));

	/* pcie_acs_overrides: ports with "downstream", MF endpoints with "multifunction" */
	ck_assert_int_eq(iot_acs_override_parse("downstream", &o, err, sizeof(err)), 0);
	ck_assert_int_eq(iot_kpci_acs_override(&o, &rp), 1);
	ck_assert_int_eq(iot_kpci_acs_override(&o, &ep), IOT_KPCI_ENOTTY);
	rp.has_acs = true; /* an ACS capability is never overridden */
	ck_assert_int_eq(iot_kpci_acs_override(&o, &rp), IOT_KPCI_ENOTTY);
	ck_assert_int_eq(iot_acs_override_parse("multifunction,id:8086:10d3", &o, err, sizeof(err)),
			 0);
	ep.multifunction = true;
	ck_assert_int_eq(iot_kpci_acs_override(&o, &ep), 1);
	ck_assert_int_eq(iot_kpci_acs_override(&o, &legacy), IOT_KPCI_ENOTTY); /* not PCIe */
	ep.multifunction = false;
	ck_assert_int_eq(iot_kpci_acs_override(&o, &ep), IOT_KPCI_ENOTTY);
	ep.vendor = 0x8086;
	ep.device = 0x10d3;
	ck_assert_int_eq(iot_kpci_acs_override(&o, &ep), 1);
	ck_assert(iot_acs_override_in_kernel("6.8.12-4-pve"));
	ck_assert(iot_acs_override_in_kernel("6.12.9-zen1-1-zen"));
	ck_assert(!iot_acs_override_in_kernel("6.8.0-48-generic"));
	ck_assert(!iot_acs_override_in_kernel(NULL));
}
END_TEST

/* The override splits groups in the simulation; the verdict marks those it made as unsafe. */
START_TEST(acs_override_groups_marked)
{
	struct iot_acs_override o;
	struct iot_sim_opts with = { .kernel = "6.12", .acs_override = &o };
	struct iot_sim_opts without = { .kernel = "6.12", .acs_override_off = true };
	struct iot_sim_result a, b;
	struct iot_vfio v;
	char err[100];
	int s;

	ck_assert_int_eq(iot_acs_override_parse("downstream", &o, err, sizeof(err)), 0);
	ck_assert_int_eq(iot_sim_run(&t, &with, &a, &d), 0);
	ck_assert_int_eq(iot_sim_run(&t, &without, &b, &d), 0);
	ck_assert(a.acs_override);
	ck_assert(!b.acs_override);
	/* on 6.12 root port 00:05.0 (QEMU disable-acs: no capability) shares with 02:00.0 ... */
	s = iot_sim_find_dev(&b, "0000:02:00.0");
	ck_assert_int_eq(b.devs[s].group, b.devs[iot_sim_find_dev(&b, "0000:00:05.0")].group);
	/* ... the override gives the endpoint a group of its own, marked unsafe */
	ck_assert_int_ne(a.devs[s].group, a.devs[iot_sim_find_dev(&a, "0000:00:05.0")].group);
	iot_vfio_assess(&t, &a, &b, &v);
	ck_assert(has_reason(&v.groups[a.devs[s].group], IOT_VFIO_R_ACS_OVERRIDE));
	iot_vfio_free(&v);
	iot_sim_free(&a);
	iot_sim_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *c = tcase_create("operator");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(c, setup, teardown);
	tcase_add_test(c, pciids_names);
	tcase_add_test(c, pciids_none_env_missing);
	tcase_add_test(c, vfio_plain);
	tcase_add_test(c, vfio_host_driver_and_root_fs);
	tcase_add_test(c, vfio_denylist_boot_vga_mounted);
	tcase_add_test(c, vfio_shared_bridges_alias);
	tcase_add_test(c, acs_override_parse_and_match);
	tcase_add_test(c, acs_override_groups_marked);
	suite_add_tcase(s, c);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
