// SPDX-License-Identifier: MIT
/*
 * Benchmark for `iotopo groups`: a synthetic forest of PCI functions (root
 * ports, switches, PCIe-to-PCI bridges with conventional devices,
 * multifunction endpoints with and without ACS, SR-IOV VFs) behind one
 * SMMUv3 per segment.
 *
 *   groups_forest [-n FUNCTIONS] [-k KERNEL] [--no-json] [--yaml]
 *
 * Without --yaml: builds the model in memory, runs the simulator and the
 * JSON writer, and prints the time each took.  With --yaml: writes the same
 * forest as a YAML topology to stdout (to time the CLI end to end).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model.h"
#include "report/groups.h"
#include "sim/sim.h"
#include "util/buf.h"
#include "util/mem.h"

#define RPS 8
#define DSPS 8
#define FUNCS 126 /* per DSP bus: PF0 (MF), PF1, then VFs */

/* CPU time of this process: wall time is meaningless on a shared, loaded machine */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dev(struct iot_pci_root *r, unsigned int bus, unsigned int devfn, enum iot_pci_type type,
	       int parent, bool acs)
{
	struct iot_pci_dev *p = iot_root_add_dev(r);

	p->bus = (uint8_t)bus;
	p->devfn = (uint8_t)devfn;
	p->type = type;
	p->parent = parent;
	p->vendor = 0x1234;
	p->device = 0x5678;
	p->has_ids = true;
	p->driver_known = true;
	if (acs) {
		p->has_acs = true;
		p->acs_cap = IOT_ACS_SV | IOT_ACS_RR | IOT_ACS_CR | IOT_ACS_UF;
	}
	return (int)r->n_devs - 1;
}

/* One segment: 8 root ports, each above a switch with 8 DSPs, plus a PCIe-to-PCI bridge. */
static void segment(struct iot_topology *t, unsigned int seg, int smmu)
{
	struct iot_pci_root *r = iot_add_root(t);
	unsigned int bus = 1;
	char name[32];

	snprintf(name, sizeof(name), "pcie%u", seg);
	r->name = iot_strdup(name);
	r->segment = (uint16_t)seg;
	r->bus_end = 0xff;
	r->acpi_path = iot_strdup("\\_SB_.PCI0");
	iot_idmap_add(&r->iommu_map, 0, 0x10000, smmu, seg << 16);
	for (unsigned int rp = 0; rp < RPS; rp++) {
		int p = dev(r, 0, (rp + 1) << 3, IOT_PCI_ROOT_PORT, IOT_NONE, true), usp, dsp;
		unsigned int usp_bus = bus++;

		r->devs[p].secondary = (uint8_t)usp_bus;
		usp = dev(r, usp_bus, 0, IOT_PCI_UPSTREAM_PORT, p, false);
		r->devs[usp].secondary = (uint8_t)bus;
		unsigned int dsp_bus = bus++;

		for (unsigned int d = 0; d < DSPS; d++) {
			/* every fourth downstream port lacks ACS: its subtree is one group */
			dsp = dev(r, dsp_bus, d << 3, IOT_PCI_DOWNSTREAM_PORT, usp, d % 4 != 3);
			r->devs[dsp].secondary = (uint8_t)bus;
			unsigned int eb = bus++;
			int pf0 = dev(r, eb, 0, IOT_PCI_ENDPOINT, dsp, d % 2);

			r->devs[pf0].multifunction = true;
			r->devs[pf0].sriov_total_vfs = FUNCS - 2;
			r->devs[pf0].sriov_num_vfs = FUNCS - 2;
			dev(r, eb, 1, IOT_PCI_ENDPOINT, dsp, d % 2);
			for (unsigned int f = 2; f < FUNCS; f++) {
				int vf = dev(r, eb, f, IOT_PCI_ENDPOINT, dsp, false);

				r->devs[vf].is_vf = true;
			}
		}
	}
	/* a PCIe-to-PCI bridge on the root bus with 8 conventional devices */
	int br = dev(r, 0, 0x1e << 3, IOT_PCI_PCIE_TO_PCI_BRIDGE, IOT_NONE, false);

	r->devs[br].secondary = (uint8_t)bus;
	for (unsigned int d = 0; d < 8; d++)
		dev(r, bus, d << 3, IOT_PCI_PCI_ENDPOINT, br, false);
}

/* One device and its subtree as a YAML flow mapping; returns the index after the subtree. */
static size_t yaml_dev(const struct iot_pci_root *r, size_t k)
{
	const struct iot_pci_dev *p = &r->devs[k];
	size_t j = k + 1;

	printf("{bdf: \"%02x:%02x.%x\", type: %s", p->bus, p->devfn >> 3, p->devfn & 7,
	       iot_pci_type_name(p->type));
	if (p->multifunction)
		printf(", multifunction: true");
	if (p->is_vf)
		printf(", vf: true");
	if (p->has_acs)
		printf(", acs: [sv, rr, cr, uf]");
	if (iot_pci_type_is_bridge(p->type))
		printf(", secondary: 0x%x", p->secondary);
	if (j < r->n_devs && r->devs[j].parent == (int)k) {
		printf(", children: [\n");
		while (j < r->n_devs && r->devs[j].parent == (int)k) {
			if (j != k + 1)
				printf(",\n");
			j = yaml_dev(r, j);
		}
		printf("]");
	}
	printf("}");
	return j;
}

static void yaml_out(const struct iot_topology *t, const char *kernel)
{
	printf("iotopo: 1\nmachine: {name: forest}\niommus:\n");
	for (size_t i = 0; i < t->n_iommus; i++)
		printf("  - {name: %s, model: smmuv3, base: 0x%llx}\n", t->iommus[i].name,
		       (unsigned long long)t->iommus[i].base);
	printf("kernel: {version: \"%s\"}\npci-roots:\n", kernel);
	for (size_t i = 0; i < t->n_roots; i++) {
		const struct iot_pci_root *r = &t->roots[i];

		printf("  - name: %s\n    segment: %u\n    buses: [0x00, 0xff]\n"
		       "    iommu-map:\n      - {rid-base: 0x0, length: 0x10000, iommu: %s, "
		       "iommu-base: 0x%x}\n    devices:\n",
		       r->name, r->segment, t->iommus[r->iommu_map.rows[0].target].name,
		       r->iommu_map.rows[0].out_base);
		for (size_t k = 0; k < r->n_devs;) {
			printf("      - ");
			k = yaml_dev(r, k);
			printf("\n");
		}
	}
}

int main(int argc, char **argv)
{
	long n = 1000000;
	const char *kernel = "7.2";
	bool yaml = false, json = true;
	struct iot_topology t;
	struct iot_sim_opts o = { 0 };
	struct iot_sim_result r;
	struct iot_diags d;
	struct iot_buf b;
	double t0, t1, t2;
	size_t funcs = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = atol(argv[++i]);
		else if (!strcmp(argv[i], "-k") && i + 1 < argc)
			kernel = argv[++i];
		else if (!strcmp(argv[i], "--yaml"))
			yaml = true;
		else if (!strcmp(argv[i], "--no-json"))
			json = false;
	}
	iot_topology_init(&t);
	iot_diags_init(&d);
	t0 = now();
	for (unsigned int seg = 0; funcs < (size_t)n && seg < 0x10000; seg++) {
		if (seg % 64 == 0) {
			struct iot_iommu *u = iot_add_iommu(&t);
			char name[32];

			snprintf(name, sizeof(name), "smmu%u", seg / 64);
			u->name = iot_strdup(name);
			u->model = IOT_IOMMU_SMMUV3;
			u->base = 0x9000000ull + (seg / 64) * 0x100000ull;
		}
		segment(&t, seg, (int)t.n_iommus - 1);
		funcs += t.roots[t.n_roots - 1].n_devs;
	}
	if (yaml) {
		yaml_out(&t, kernel);
		iot_topology_free(&t);
		return 0;
	}
	o.kernel = kernel;
	o.firmware = IOT_FW_ACPI;
	t1 = now();
	if (iot_sim_run(&t, &o, &r, &d) < 0) {
		iot_diags_fprint(stderr, &d);
		return 2;
	}
	t2 = now();
	iot_buf_init(&b);
	if (json)
		iot_groups_json(&t, &r, NULL, &b);
	printf("functions %zu, roots %zu, groups %zu; CPU seconds: build %.3f, simulate %.3f, "
	       "json %.3f (%zu bytes)\n",
	       funcs, t.n_roots, iot_sim_n_groups(&r), t1 - t0, t2 - t1, now() - t2, b.len);
	iot_buf_free(&b);
	iot_sim_free(&r);
	iot_topology_free(&t);
	iot_diags_free(&d);
	return 0;
}
