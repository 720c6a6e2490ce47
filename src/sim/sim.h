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

#include "model/model.h"
#include "util/buf.h"
#include "util/diag.h"

/* A kernel profile: one row per kernel version, switches set by commits. */
struct iot_kernel_profile {
	const char *version; /* "6.1", "6.12", "6.15", "7.2" */
	unsigned int major, minor;
	/* bcb81ac6ae3c "iommu: Get DT/ACPI parsing into the proper probe path" (6.15) */
	bool two_phase_probe;
	/*
	 * arm-smmu-v3.c:arm_smmu_insert_master: a SID listed twice by the same
	 * master.  true = skipped (b00d24997a11, 6.15 and the 6.1.y/6.12.y
	 * backports); false = "stream %u already in tree", -EINVAL.
	 */
	bool smmuv3_dup_self_ok;
	/*
	 * A SID already held by another master: -ENODEV ("Aliasing StreamID",
	 * 2d00c34d665b, 6.15) or -EINVAL ("already in tree").
	 */
	bool smmuv3_alias_enodev;
	/* CONFIG_VIRTIO_IOMMU in the distribution kernel (Debian 6.1: no). */
	bool virtio_iommu;
	/* CONFIG_VIRTIO_PCI=y: virtio-pci attempts to bind at boot. */
	bool virtio_pci_builtin;
	/*
	 * IOMMU_DOMAIN_DMA_FQ ("iommu: Introduce explicit type for non-strict
	 * DMA domains", 5.15): before it a lazy DMA domain reads "DMA".
	 */
	bool dma_fq_type;
	/*
	 * arm-smmu-v3 keeps a SID -> master tree ("iommu/arm-smmu-v3: Maintain
	 * a SID->device structure", 5.13).  Without it a second master's STE
	 * write over a live one hits BUG_ON(ste_live) in
	 * arm_smmu_write_strtab_ent.
	 */
	bool smmuv3_sid_tree;
	const char *build; /* the distribution build the row was checked against */
	const char *config; /* the distribution config it assumes (kconfig.c preset) */
	const char *commits; /* what set this row's switches (text header, JSON) */
};

/*
 * Kernel version lookup: the row for "6.12.118+deb13-arm64", "6.8.0-48-generic",
 * "5.14.0-427.el9.x86_64", "v6.15-rc3".  *@exact (may be NULL) is set when a
 * row has the version's major.minor; otherwise the newest row not above it
 * is returned.  NULL when unparsable or older than every row.
 */
const struct iot_kernel_profile *iot_kernel_profile_lookup(const char *version, bool *exact);

/* The kernel profile table and lookup ("6.12.118+deb13-arm64" -> the 6.12 row). */
const struct iot_kernel_profile *iot_kernel_profile_find(const char *version);
const struct iot_kernel_profile *iot_kernel_profiles(size_t *n);

enum iot_sim_arch {
	IOT_ARCH_AUTO,
	IOT_ARCH_ARM64,
	IOT_ARCH_X86,
};

enum iot_sim_firmware {
	IOT_FW_AUTO,
	IOT_FW_DT,
	IOT_FW_ACPI, /* IORT and/or VIOT (DMAR/IVRS for x86 IOMMUs) */
};

enum iot_sim_state {
	IOT_STATE_BOOT, /* built-in drivers and the drivers recorded in the input */
	IOT_STATE_FINAL, /* plus pci-stub bound to every driverless PCI device, BDF order */
};

/* Default domain of a group (iommu_group/type spelling). */
enum iot_domain_type {
	IOT_DOMAIN_NONE,
	IOT_DOMAIN_DMA,
	IOT_DOMAIN_DMA_FQ,
	IOT_DOMAIN_IDENTITY,
};

/* kernel-semantics.md §6 */
enum iot_verdict {
	IOT_VERDICT_TRANSLATED,
	IOT_VERDICT_PASSTHROUGH,
	IOT_VERDICT_UNMANAGED_BLOCKED,
	IOT_VERDICT_UNMANAGED_BYPASS,
	IOT_VERDICT_UNMANAGED_ALIASED,
	IOT_VERDICT_NO_IOMMU,
	IOT_VERDICT_NO_DMA,
};

struct iot_sim_opts {
	const char *kernel; /* NULL: the topology's kernel.version, else 7.2 */
	const char *cmdline; /* NULL: the topology's kernel.cmdline */
	enum iot_sim_arch arch;
	enum iot_sim_firmware firmware;
	enum iot_sim_state state;
	bool iommu_before_pci; /* IOMMU registered before the host bridge probes (B8: no) */
	bool iommu_after_timeout; /* every IOMMU driver loads after the deferred-probe timeout */
	bool explain; /* record the rule chain per device */
	bool trace; /* record the probe timeline */
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
	char *why; /* --explain: '\n'-separated rule chain, owned */
	/* private to the simulator */
	int add_seq;
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
};

struct iot_sim_result {
	const struct iot_kernel_profile *profile;
	enum iot_sim_arch arch;
	enum iot_sim_firmware firmware;
	enum iot_sim_state state;
	bool passthrough, strict;
	struct iot_sim_dev *devs;
	size_t n_devs;
	struct iot_sim_group *groups; /* released groups have first == -1 */
	size_t n_groups, cap_groups;
	uint32_t *ids;
	size_t n_ids, cap_ids;
	char *names; /* storage of the devices' names */
	bool *iommu_registered; /* per topology IOMMU: registered at the end */
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

/* Find a device by name ("0000:00:01.0", "00:01.0" or a platform name); -1 if none. */
int iot_sim_find_dev(const struct iot_sim_result *r, const char *name);
/* Number of live groups. */
size_t iot_sim_n_groups(const struct iot_sim_result *r);

const char *iot_domain_type_name(enum iot_domain_type t);
const char *iot_verdict_name(enum iot_verdict v);
bool iot_verdict_unprotected(enum iot_verdict v);

#endif
