/* SPDX-License-Identifier: MIT */
/* The simulator's private state, shared by probe.c, pci.c and family.c. */
#ifndef IOTOPO_SIM_PRIV_H
#define IOTOPO_SIM_PRIV_H

#include "kernel/cmdline.h"
#include "kernel/idmap.h"
#include "kernel/pci.h"
#include "sim/sim.h"

/* Error classes of the kernel (only the class matters: docs/kernel-rules.md §0). */
#define SIM_ENODEV 19
#define SIM_EINVAL 22
#define SIM_ENOSPC 28
#define SIM_ERANGE 34
#define SIM_EFAULT 14
#define SIM_ENOENT 2
#define SIM_EPROBE_DEFER 517

/* per-device PCI state of the simulated boot */
#define SIM_PCI_MF 0x08 /* multifunction as Linux sees it */

#define SIM_REQ_ACS_FLAGS (IOT_ACS_SV | IOT_ACS_RR | IOT_ACS_CR | IOT_ACS_UF)

enum sim_target_state {
	TGT_NONE, /* no IOMMU for this device (static) */
	TGT_REGISTERED,
	TGT_PENDING, /* driver will register it later (module) */
	TGT_ABSENT, /* driver missing or the instance failed to register */
};

struct sim_sme { /* arm-smmu.c stream map entry (SMR + S2CR) */
	uint16_t id, mask;
	unsigned int count;
	int group;
};

struct sim_iommu {
	bool available; /* okay and a driver in this kernel */
	bool late; /* a module: registers after the built-in drivers bound */
	bool registered;
	bool failed; /* registration walk failed: unregistered */
	struct sim_sme *smes;
	size_t n_smes, cap_smes;
};

struct sim_hash { /* open addressing (IOMMU, ID) -> device */
	uint64_t *keys;
	int *vals;
	size_t cap, n;
};

struct sim_ctx {
	const struct iot_topology *t;
	const struct iot_sim_opts *o;
	struct iot_sim_result *r;
	struct iot_diags *d;
	const struct iot_kernel_profile *k;
	struct sim_iommu *iommus;
	int **pci_sim; /* [root][dev] -> sim index */
	size_t n_plat; /* sim devs [0, n_plat) are platform devices */
	/* PCI siblings: sim indices sorted by (root, parent, bus, devfn) */
	int *sib;
	int *sib_lo, *sib_hi, *sib_pos; /* per sim dev */
	uint8_t *pflags; /* SIM_PCI_* per sim dev */
	struct iot_pci_quirks *quirks; /* per root: what quirks.c's fixups set (kernel/pci.h) */
	bool any_alias_mask; /* some function has a dma_alias_mask */
	bool *acs_requested_at_add; /* pci_request_acs() had run when it was added */
	/* per sim dev fwspec resolution (static) */
	int *target; /* IOMMU index or IOT_NONE */
	int *fw_err; /* 0 or -errno from the firmware parse */
	bool *sid_owned; /* SMMUv3 SIDs inserted */
	int *smendx_off; /* SMMUv2: index into sme_idx pool, per dev */
	int *sme_idx;
	size_t n_sme_idx, cap_sme_idx;
	struct sim_hash sids; /* SMMUv3 SID tree, per instance */
	bool acs_requested;
	struct iot_iommu_cmdline cmdline;
	bool any_pci_configured;
	bool *ida; /* group ids in use */
	size_t cap_ida;
	size_t ida_hint; /* no free id below it */
	int *deferred;
	const char **deferred_drv; /* the driver whose probe deferred */
	size_t n_deferred, cap_deferred;
	unsigned int seq;
	int subject; /* device being grouped, for --explain */
	int *walk; /* devices by target IOMMU, add order */
	size_t *walk_off;
};

/* probe.c */
void sim_why(struct sim_ctx *c, int s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sim_trace(struct sim_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const struct iot_pci_dev *sim_pci(const struct sim_ctx *c, int s);
int sim_group_alloc(struct sim_ctx *c, int iommu);
uint32_t *sim_ids(const struct sim_ctx *c, int s);

/* pci.c */
void sim_pci_quirks(struct sim_ctx *c, int s);
bool sim_pci_acs_enabled(struct sim_ctx *c, int s, uint16_t flags);
int sim_pci_device_group(struct sim_ctx *c, int s);
typedef int (*sim_alias_fn)(struct sim_ctx *c, int p, uint16_t rid, void *arg);
int sim_pci_for_each_dma_alias(struct sim_ctx *c, int s, sim_alias_fn fn, void *arg);
bool sim_pci_is_mf(const struct sim_ctx *c, int s);
/* pci.c:pci_add_dma_alias */
void sim_pci_add_dma_alias(struct sim_ctx *c, int s, unsigned int devfn);

/* family.c: one row per driver family */
struct sim_family_ops {
	const char *name;
	int (*probe_device)(struct sim_ctx *c, int s);
	int (*device_group)(struct sim_ctx *c, int s);
	void (*release_device)(struct sim_ctx *c, int s);
	bool deferred_flush; /* IOMMU_CAP_DEFERRED_FLUSH: DMA-FQ possible */
	bool null_fwnode; /* x86 style: probed from the registration walk on every kernel */
	enum iot_verdict unattached; /* a stream with no domain attached */
};
const struct sim_family_ops *sim_family_ops(enum iot_iommu_family f);
void sim_family_unregister(struct sim_ctx *c, int iommu);

/* x86_iommu.c: intel-iommu (DMAR) and amd-iommu (IVRS) */
bool sim_x86_driver_enabled(struct sim_ctx *c, int iommu);
int sim_x86_iommu_for(struct sim_ctx *c, int s);
int sim_x86_amd_probe(struct sim_ctx *c, int s);
bool sim_x86_direct_mapped(const struct sim_ctx *c, int s);
void sim_x86_register_siblings(struct sim_ctx *c, int iommu);
int sim_x86_walk_owner(const struct sim_ctx *c, int iommu);

/* hash */
int sim_hash_get(const struct sim_hash *h, uint64_t key);
void sim_hash_put(struct sim_hash *h, uint64_t key, int val);
void sim_hash_del(struct sim_hash *h, uint64_t key);
void sim_hash_free(struct sim_hash *h);

#endif
