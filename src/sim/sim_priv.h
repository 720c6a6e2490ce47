/* SPDX-License-Identifier: MIT */
/*
 * The simulator's private state and its two interfaces: what the core
 * offers (devices, fwspecs, groups, --explain), and what an IOMMU driver
 * provides (struct sim_driver, modelled on Linux's struct iommu_ops plus
 * the platform driver around it).  The core calls drivers only through
 * struct sim_driver; drivers live in src/sim/drivers/, one file per Linux
 * driver, registered in drivers/registry.c.
 */
#ifndef IOTOPO_SIM_PRIV_H
#define IOTOPO_SIM_PRIV_H

#include "kernel/cmdline.h"
#include "kernel/idmap.h"
#include "kernel/kconfig.h"
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
/* what boot.c binds, decided once per function (static facts of the model) */
#define SIM_PCI_VF 0x10 /* an SR-IOV VF: created after boot */
#define SIM_PCI_PORT 0x20 /* pcieport binds it */
#define SIM_PCI_VIRTIO 0x40 /* a virtio vendor ID: virtio-pci binds it (if built in) */
#define SIM_PCI_AGP 0x80 /* agpgart-intel binds it (on x86) */
#define SIM_PCI_RECORDED 0x01 /* its recorded driver (or an assumed one) binds it */
#define SIM_PCI_STUB 0x02 /* recorded as bound to pci-stub or vfio-pci */

#define SIM_REQ_ACS_FLAGS (IOT_ACS_SV | IOT_ACS_RR | IOT_ACS_CR | IOT_ACS_UF)

struct sim_ctx;

/* --- drivers ---------------------------------------------------------------- */

/* What a driver's own limits make of one master's IDs (struct sim_driver.check_ids). */
enum sim_ids_verdict {
	SIM_IDS_OK,
	SIM_IDS_REFUSED, /* its of_xlate or probe_device returns an error: no IOMMU */
	SIM_IDS_MISPROGRAMMED, /* accepted, but the hardware is programmed wrongly */
};

/* One row of a driver's of_match_table: a compatible and its match data. */
struct sim_of_match {
	const char *compatible;
	const void *data;
};

/*
 * An IOMMU driver: its identity and configuration (the platform driver,
 * Kconfig) and its struct iommu_ops.  Optional ops may be NULL.
 */
struct sim_driver {
	const char *name; /* the driver's name in Linux ("arm-smmu-v3") */
	const char *source; /* its file in Linux, for --explain */
	const char *kconfig; /* its Kconfig symbol without CONFIG_ ("ARM_SMMU_V3") */
	/* of_match_table, { NULL } terminated; NULL for a driver DT never names */
	const struct sim_of_match *of_match;
	/* the #iommu-cells its DT binding takes (what its of_xlate reads); 0, 0 for no DT binding */
	uint8_t cells_min, cells_max;
	/* the model family it drives when an IOMMU has no DT compatible (IORT, VIOT, DMAR, YAML) */
	enum iot_iommu_family family;
	/* registers its instances with no firmware node (x86): probes every device from walks */
	bool null_fwnode;
	/* IOMMU_CAP_DEFERRED_FLUSH: a DMA-FQ default domain is possible */
	bool deferred_flush;
	/* what a stream with no domain attached does */
	enum iot_verdict unattached;
	/*
	 * Whether the instance initialises (the command line, duplicate
	 * units); false with *@why set to a reason.  NULL: always.
	 */
	bool (*instance_enabled)(struct sim_ctx *c, int iommu, const char **why);
	/*
	 * The driver's probe of instance @iommu, just before iommu_device_register
	 * (rockchip and sun50i allocate the instance's one group here).
	 */
	void (*probe_instance)(struct sim_ctx *c, int iommu);
	/* per-instance private state: alloc at set-up, free at the end (both optional) */
	void (*init_instance)(struct sim_ctx *c, int iommu);
	void (*free_instance)(struct sim_ctx *c, int iommu);
	/*
	 * iommu_ops.of_xlate: a DT specifier of @n cells for device @s on
	 * instance @iommu; adds fwspec IDs with sim_fwspec_add_ids().
	 * NULL: the first cell is the ID (one-cell bindings).
	 */
	int (*of_xlate)(struct sim_ctx *c, int s, int iommu, const uint32_t *args, unsigned int n);
	/*
	 * null_fwnode drivers: the instance that translates PCI device @s
	 * (intel device_lookup_iommu, amd rlookup), saying why in --explain;
	 * IOT_NONE if none of this driver's.
	 */
	int (*lookup_device)(struct sim_ctx *c, int s);
	/*
	 * The driver's own limits on the fwspec IDs one master gives IOMMU
	 * @u (@data: the of_match row's data): what its of_xlate or
	 * probe_device refuses, or what it programs wrongly without
	 * complaint, said in @why.  Pure, so lint asks it too (sim.h:
	 * iot_sim_iommu_check_ids); the driver's ops call it where Linux
	 * checks.  NULL: no limit beyond the cell count.
	 */
	enum sim_ids_verdict (*check_ids)(const struct iot_iommu *u, const void *data,
					  const uint32_t *ids, size_t n, char *why, size_t len);
	/* iommu_ops.probe_device: 0 or a negative error */
	int (*probe_device)(struct sim_ctx *c, int s);
	/* iommu_ops.device_group: a group index, or a negative error */
	int (*device_group)(struct sim_ctx *c, int s);
	void (*release_device)(struct sim_ctx *c, int s);
	/*
	 * iommu_ops.def_domain_type: IOT_DOMAIN_NONE = no preference; *@why
	 * (static) says why when it answers
	 */
	enum iot_domain_type (*def_domain_type)(struct sim_ctx *c, int s, const char **why);
	/*
	 * What the driver's init code does to the global default for instance
	 * @iommu: iommu_set_dma_strict() (VT-d caching mode, AMD-Vi NpCache),
	 * iommu_set_default_passthrough() (VT-d platform opt-in).
	 */
	void (*init_dma_mode)(struct sim_ctx *c, int iommu, struct iot_dma_mode *m);
	/* get_resv_regions has an IOMMU_RESV_DIRECT region for @s (RMRR, IVMD unity) */
	bool (*direct_mapped)(const struct sim_ctx *c, int s);
	/* iommu_device_unregister: forget the instance's stream state */
	void (*unregister)(struct sim_ctx *c, int iommu);
};

/* drivers/registry.c: the driver that binds IOMMU @u, and its match data; NULL if none. */
const struct sim_driver *sim_driver_match(const struct iot_iommu *u, const void **data,
					  const char **compatible);
/* Every registered driver, in registration order. */
const struct sim_driver *const *sim_drivers(size_t *n);
#define SIM_MAX_DRIVERS 32 /* registry.c asserts it holds no more */

/* --- state -------------------------------------------------------------------- */

enum sim_target_state {
	TGT_NONE, /* no IOMMU for this device (static) */
	TGT_REGISTERED,
	TGT_PENDING, /* driver will register it later (module) */
	TGT_ABSENT, /* driver missing or the instance failed to register */
};

struct sim_iommu {
	const struct sim_driver *drv; /* NULL: no driver in iotopo's table binds it */
	const void *match_data; /* the of_match row's data (e.g. an arm-smmu implementation) */
	const char *compatible; /* the compatible that matched, NULL without DT */
	char kconfig; /* y, m or n in the profile's config */
	const char *absent; /* why it never registers, NULL if it may */
	bool available; /* okay and a driver in this kernel */
	bool late; /* a module: registers after the built-in drivers bound */
	bool registered;
	bool failed; /* registration walk failed: unregistered */
	void *priv; /* the driver's per-instance state */
};

struct sim_hash_ent { /* 12 bytes: the key's halves keep it unpadded */
	uint32_t hi, lo; /* the key; hi == UINT32_MAX: empty */
	int val; /* -1: deleted */
};

struct sim_hash { /* open addressing (IOMMU, ID) -> device */
	struct sim_hash_ent *v; /* a key and its value share a cache line */
	size_t cap, n;
};

struct sim_ctx {
	const struct iot_topology *t;
	const struct iot_sim_opts *o;
	struct iot_sim_result *r;
	struct iot_diags *d;
	const struct iot_kernel_profile *k;
	enum iot_kernel_arch karch;
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
	void **dev_priv; /* dev_iommu_priv: the driver's per-device state (free()d at the end) */
	bool acs_requested;
	struct iot_iommu_cmdline cmdline;
	struct iot_domain_config dconf; /* the Kconfig values the default-domain rules read */
	const struct iot_kconfig *config; /* --config (NULL: the profile's distribution) */
	bool *ida; /* group ids in use */
	size_t cap_ida;
	size_t ida_hint; /* no free id below it */
	int *deferred;
	const char **deferred_drv; /* the driver whose probe deferred */
	size_t n_deferred, cap_deferred;
	unsigned int seq;
	int subject; /* device being grouped, for --explain */
	int *walk; /* devices by the instance whose walk probes them, add order */
	size_t *walk_off;
	/* drivers with a lookup_device op that drive some instance, registry order */
	const struct sim_driver *lookup_drv[SIM_MAX_DRIVERS];
	size_t n_lookup_drv;
	bool any_null_fwnode; /* some instance's driver registers with no firmware node */
};

/* --- core.c ------------------------------------------------------------------- */

void sim_why(struct sim_ctx *c, int s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sim_trace(struct sim_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sim_iommu_name(const struct sim_ctx *c, int iommu);
const struct sim_driver *sim_drv(const struct sim_ctx *c, int iommu);

/* the model function behind PCI device @s (inline: called several times per function) */
static inline const struct iot_pci_dev *sim_pci(const struct sim_ctx *c, int s)
{
	const struct iot_sim_dev *d = &c->r->devs[s];

	return &c->t->roots[d->root].devs[d->idx];
}

/* the fwspec IDs of device @s */
static inline uint32_t *sim_ids(const struct sim_ctx *c, int s)
{
	/* no device has IDs yet: the array is not allocated (NULL + 0 is undefined) */
	return c->r->ids ? c->r->ids + c->r->devs[s].ids_off : NULL;
}
/*
 * The master @s was accepted with IDs its driver programs wrongly
 * (SIM_IDS_MISPROGRAMMED, @why): it keeps its group, but its verdict is
 * the driver's unattached one.
 */
void sim_ids_misprogrammed(struct sim_ctx *c, int s, const char *why);
/* iommu.c:iommu_fwspec_add_ids */
void sim_fwspec_add_ids(struct sim_ctx *c, int s, const uint32_t *ids, size_t n);
/* iommu.c:iommu_fwspec_init for device @s and instance @iommu: 0 or -errno (said why) */
int sim_fwspec_init(struct sim_ctx *c, int s, int iommu);
/* drop the fwspec of @s (of_iommu_configure's error path) */
void sim_fwspec_free(struct sim_ctx *c, int s);
int sim_group_alloc(struct sim_ctx *c, int iommu);
void sim_group_add(struct sim_ctx *c, int g, int s);
void sim_group_release(struct sim_ctx *c, int g);
/* iommu.c:generic_device_group */
int sim_generic_device_group(struct sim_ctx *c, int s);
/* the device_group of most drivers: pci_device_group for PCI, else generic_device_group
 * (iommu.c; fsl_mc_device_group on an fsl-mc bus) */
int sim_bus_device_group(struct sim_ctx *c, int s);
/*
 * Drivers whose instance is one group, allocated in the driver's probe
 * (rockchip-iommu.c and sun50i-iommu.c: iommu->group = iommu_group_alloc()):
 * the probe_instance op, and device_group giving that group.
 */
void sim_instance_group_probe(struct sim_ctx *c, int iommu);
int sim_instance_group(struct sim_ctx *c, int s);
/* The same with the group made for the instance's first master (ipmmu_find_group) */
int sim_instance_group_lazy(struct sim_ctx *c, int s);
/* iommu.c:iommu_get_default_domain_type for group @g */
void sim_setup_default_domain(struct sim_ctx *c, int g);
/* iort.c:iort_iommu_get_resv_regions: an IORT RMR covers one of @s's IDs */
bool sim_rmr_covers(const struct sim_ctx *c, int s);

/* --- fw.c: the firmware walks (of_iommu, IORT/VIOT, null-fwnode lookups) -------- */

/* fw.c: the per-run facts sim_resolve_fwspec needs (after the instances are set up) */
void sim_fw_init(struct sim_ctx *c);
void sim_resolve_fwspec(struct sim_ctx *c, int s);
/*
 * A null-fwnode unit described without its table (YAML): the first unit of
 * @drv on @s's segment covers it, as INCLUDE_PCI_ALL would.  IOT_NONE if none.
 */
int sim_lookup_segment_unit(struct sim_ctx *c, int s, const struct sim_driver *drv);

/* --- pci.c ---------------------------------------------------------------------- */

void sim_pci_quirks(struct sim_ctx *c, int s);
bool sim_pci_acs_enabled(struct sim_ctx *c, int s, uint16_t flags);
int sim_pci_device_group(struct sim_ctx *c, int s);
typedef int (*sim_alias_fn)(struct sim_ctx *c, int p, uint16_t rid, void *arg);
int sim_pci_for_each_dma_alias(struct sim_ctx *c, int s, sim_alias_fn fn, void *arg);
bool sim_pci_is_mf(const struct sim_ctx *c, int s);
/* pci.c:pci_add_dma_alias */
void sim_pci_add_dma_alias(struct sim_ctx *c, int s, unsigned int devfn);

/* --- devices.c / boot.c / verdicts.c --------------------------------------------- */

/* Kconfig @symbol as this run sees it: the options' overrides, then the profile's config */
char sim_kconfig(const struct sim_ctx *c, const char *symbol);
void sim_build_devs(struct sim_ctx *c);
void sim_build_siblings(struct sim_ctx *c);
/* --explain: why instance @iommu never registers, for device @s (nothing if it may) */
void sim_why_absent(struct sim_ctx *c, int s, int iommu);

enum sim_target_state sim_target_state(const struct sim_ctx *c, int iommu);
void sim_verdicts(struct sim_ctx *c);

/* --- hash.c ------------------------------------------------------------------------ */

/* (IOMMU, ID); an IOMMU index is below INT_MAX, so a key's upper half is never UINT32_MAX */
static inline uint64_t sim_hash_key(int iommu, uint32_t id)
{
	return (uint64_t)(uint32_t)iommu << 32 | id;
}
int sim_hash_get(const struct sim_hash *h, uint64_t key);
void sim_hash_put(struct sim_hash *h, uint64_t key, int val);
/* room for @n keys without growing (sizing a table whose final size is known) */
void sim_hash_reserve(struct sim_hash *h, size_t n);
void sim_hash_del(struct sim_hash *h, uint64_t key);
void sim_hash_free(struct sim_hash *h);

#endif
