/* SPDX-License-Identifier: MIT */
/*
 * The probe simulator: from a topology (firmware + PCI hierarchy), predict
 * what a given Linux kernel does at boot: per device its IOMMU, its IDs
 * (fwspec), its IOMMU group, the group's default domain and whether it is
 * isolated.  The kernel's behaviour is taken from a profile row (profile.c);
 * each IOMMU driver family is one ops row (family.c).  No I/O here.
 */
#ifndef IOTOPO_SIM_H
#define IOTOPO_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/domain.h"
#include "kernel/profile.h"
#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"

enum iot_sim_arch {
	IOT_ARCH_AUTO,
	IOT_ARCH_ARM64,
	IOT_ARCH_X86,
};

enum iot_sim_state {
	IOT_STATE_BOOT, /* built-in drivers and the drivers recorded in the input */
	IOT_STATE_FINAL, /* plus pci-stub bound to every driverless PCI device, BDF order */
};

/* docs/kernel-rules.md §6 */
enum iot_verdict {
	IOT_VERDICT_TRANSLATED,
	IOT_VERDICT_PASSTHROUGH,
	IOT_VERDICT_UNMANAGED_BLOCKED,
	IOT_VERDICT_UNMANAGED_BYPASS,
	IOT_VERDICT_UNMANAGED_ALIASED,
	IOT_VERDICT_NO_IOMMU,
	IOT_VERDICT_NO_DMA,
};

struct iot_acs_override;

struct iot_sim_opts {
	const char *kernel; /* NULL: the topology's kernel.version, else 7.2 */
	const char *cmdline; /* NULL: the topology's kernel.cmdline */
	enum iot_sim_arch arch;
	/* IOT_FW_DT or IOT_FW_ACPI overrides; IOT_FW_UNKNOWN: iot_topology_boot_firmware() */
	enum iot_fw_kind firmware;
	enum iot_sim_state state;
	bool iommu_before_pci; /* IOMMU registered before the host bridge probes (B8: no) */
	bool iommu_after_timeout; /* every IOMMU driver loads after the deferred-probe timeout */
	/* the kernel config assumed (--config); NULL: the profile's distribution */
	const struct iot_kconfig *config;
	bool explain; /* record the rule chain per device */
	/*
	 * Kconfig values that override the profile's distribution config,
	 * "SYMBOL=y|m|n" (no CONFIG_ prefix), NULL-terminated; NULL for none.
	 */
	const char *const *kconfig;
	bool trace; /* record the probe timeline */
	/*
	 * What-if: a kernel with the out-of-tree ACS override patch booted with
	 * this pcie_acs_override= (kernel/acs_override.h).  NULL: the command
	 * line's, if the kernel release names a build that carries the patch.
	 * acs_override_off: neither (the baseline a what-if is compared with).
	 */
	const struct iot_acs_override *acs_override;
	bool acs_override_off;
};

struct iot_sim_dev {
	const char *name; /* "0000:00:01.0" or the platform device's name (result->names) */
	bool is_pci;
	int root; /* PCI: root index */
	int idx; /* PCI: index in root->devs; platform: platdev index */
	int parent; /* PCI: sim index of the upstream bridge, -1 on a root bus */
	int iommu; /* IOMMU its fwspec names, IOT_NONE */
	size_t ids_off, n_ids; /* fwspec IDs in result->ids */
	int group; /* index into result->groups, -1 = none */
	int next_in_group; /* member list, -1 ends it */
	enum iot_verdict verdict;
	bool isolated;
	int alias_owner; /* device whose group owns a shared ID, -1 */
	int probe_err; /* last IOMMU probe error (negative errno), 0 */
	uint16_t acs_ctrl; /* ACS control after Linux's pci_enable_acs */
	bool acs_kernel; /* ACS was requested before this device was added */
	bool untrusted;
	bool bound; /* a driver bind attempt happened */
	/* accepted with IDs its driver programs wrongly (e.g. a micro-TLB the IPMMU lacks) */
	bool ids_misprogrammed;
	char *why; /* --explain: '\n'-separated rule chain, owned */
	/* private to the simulator */
	int add_seq;
	bool populated_late; /* DT: created by its parent's driver after the boot-time populate */
	bool added;
	bool deferred; /* on the deferred-probe list */
	bool timed_out; /* bound without its IOMMU at the deferred-probe timeout */
	bool has_fwspec;
	int8_t acs_path_memo; /* -1 unknown, 0/1 */
};

struct iot_sim_group {
	int id; /* iommu_groups/N (ida order) */
	int iommu;
	enum iot_domain_type domain;
	int first; /* first member (sim index), -1 = released */
	size_t n;
	bool require_direct; /* an RMR direct mapping covers a member */
	/* --explain: the rule that gave the default domain, and the driver's answer if any */
	const char *domain_why;
	const char *driver_why;
	int driver_dev; /* the member whose driver answer decided, -1 */
};

struct iot_sim_result {
	const struct iot_kernel_profile *profile;
	enum iot_sim_arch arch;
	enum iot_fw_kind firmware; /* IOT_FW_DT or IOT_FW_ACPI */
	enum iot_sim_state state;
	bool passthrough, strict;
	/* the kernel config assumed: --config's name, else the profile's distribution */
	const char *config;
	const char *config_source;
	/* how the global default was reached (Kconfig, command line, driver init), one step a line */
	char mode_why[512];
	bool acs_override; /* the out-of-tree ACS override was in effect */
	bool acs_override_cmdline; /* ... from the command line of a kernel that carries it */
	char acs_override_cmdline_value[128]; /* then its pcie_acs_override= value */
	struct iot_sim_dev *devs;
	size_t n_devs;
	struct iot_sim_group *groups; /* released groups have first == -1 */
	size_t n_groups, cap_groups;
	uint32_t *ids;
	size_t n_ids, cap_ids;
	char *names; /* storage of the devices' names */
	bool *iommu_registered; /* per topology IOMMU: registered at the end */
	const char *
		*iommu_driver; /* per topology IOMMU: the Linux driver that binds it, NULL: none */
	char **iommu_why; /* per topology IOMMU not registered: why (owned), else NULL */
	size_t n_iommus;
	struct iot_buf trace;
};

/*
 * Run the simulation.  Returns 0, or -1 with an error in @d (unknown kernel
 * version, an invalid topology).  @r must be freed with iot_sim_free().
 */
int iot_sim_run(const struct iot_topology *t, const struct iot_sim_opts *o,
		struct iot_sim_result *r, struct iot_diags *d);
void iot_sim_free(struct iot_sim_result *r);

/*
 * The Linux driver that binds IOMMU @u (by its DT compatible, else its
 * model) and the #iommu-cells its DT binding takes (the cells its of_xlate
 * reads): false when no driver iotopo knows binds it.  Any out-pointer may
 * be NULL.
 */
bool iot_sim_iommu_driver(const struct iot_iommu *u, const char **name, const char **source,
			  unsigned int *cells_min, unsigned int *cells_max);

/*
 * What the Linux driver of IOMMU @u makes of the @n fwspec IDs one master
 * gives it (its of_xlate / probe_device limits: a MediaTek larb, an IPMMU
 * micro-TLB, a DART stream...): 0 if it takes them, 1 if it refuses them
 * (the master gets no IOMMU), 2 if it programs them wrongly; the reason in
 * @why.  0 also when no driver iotopo knows binds @u, or it checks nothing.
 */
int iot_sim_iommu_check_ids(const struct iot_iommu *u, const uint32_t *ids, size_t n, char *why,
			    size_t len);

/* Find a device by name ("0000:00:01.0", "00:01.0" or a platform name); -1 if none. */
int iot_sim_find_dev(const struct iot_sim_result *r, const char *name);
/* Number of live groups. */
size_t iot_sim_n_groups(const struct iot_sim_result *r);

const char *iot_verdict_name(enum iot_verdict v);
bool iot_verdict_unprotected(enum iot_verdict v);

#endif
