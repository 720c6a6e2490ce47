/* SPDX-License-Identifier: MIT */
/*
 * The topology model: the one description every reader (YAML, DTB, IORT,
 * VIOT, sysfs) produces and every consumer (DT/ACPI writers, lint, the probe
 * simulator) reads.  No I/O here.
 *
 * Objects refer to each other by index into the topology's arrays
 * (IOT_NONE for "no object"), so a model can be copied, compared and
 * serialised without chasing pointers.  Strings are owned (heap) and freed by
 * iot_topology_free().
 */
#ifndef IOTOPO_MODEL_H
#define IOTOPO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/idmap.h"
#include "util/diag.h"

#define IOT_NONE (-1)
#define IOT_FORMAT_VERSION 1

enum iot_iommu_model {
	IOT_IOMMU_SMMUV3,
	IOT_IOMMU_SMMUV2,
	IOT_IOMMU_MMU500,
	IOT_IOMMU_SMMUV1,
	IOT_IOMMU_MMU400,
	IOT_IOMMU_MMU401,
	IOT_IOMMU_CAVIUM_SMMUV2,
	IOT_IOMMU_VIRTIO_PCI,
	IOT_IOMMU_VIRTIO_MMIO,
	IOT_IOMMU_INTEL_VTD, /* DMAR DRHD unit */
	IOT_IOMMU_AMD_VI, /* IVRS IVHD unit */
	/*
	 * A DT IOMMU (a node with #iommu-cells) of a family iotopo has no
	 * model-specific fields for: rockchip, ipmmu-vmsa, mtk, msm, sun50i,
	 * exynos, tegra-smmu, apple-dart...  Its compatible list says which
	 * driver binds (the simulator's table), iommu_cells is as read and its
	 * clients' specifiers are kept as they are written.
	 */
	IOT_IOMMU_OTHER,
	IOT_IOMMU_NR_MODELS
};

/* Which Linux driver family drives a model (the simulator's ops table key). */
enum iot_iommu_family {
	IOT_FAMILY_ARM_SMMU, /* drivers/iommu/arm/arm-smmu/arm-smmu.c */
	IOT_FAMILY_ARM_SMMU_V3, /* drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c */
	IOT_FAMILY_VIRTIO, /* drivers/iommu/virtio-iommu.c */
	IOT_FAMILY_INTEL, /* drivers/iommu/intel/iommu.c */
	IOT_FAMILY_AMD, /* drivers/iommu/amd/iommu.c */
	IOT_FAMILY_OTHER, /* IOT_IOMMU_OTHER: the driver is picked by compatible */
};

/*
 * A DT compatible property as read: every string, most specific first
 * (qcom,sm8250-smmu-500, qcom,smmu-500, arm,mmu-500).  Empty (n = 0) when
 * the object did not come from a DT or the node has none; the DT writer then
 * uses the model's generic compatible.
 */
struct iot_compat {
	char **v;
	size_t n;
};

/* Append a copy of @s. */
void iot_compat_add(struct iot_compat *c, const char *s);
/* Replace @dst by a copy of @src. */
void iot_compat_copy(struct iot_compat *dst, const struct iot_compat *src);
void iot_compat_free(struct iot_compat *c);
bool iot_compat_has(const struct iot_compat *c, const char *s);
bool iot_compat_equal(const struct iot_compat *a, const struct iot_compat *b);

/*
 * DT msi-parent specifiers after the first, as written: <&ctrl cells...>.
 * Linux uses the first one for a host bridge's PCI MSI domain
 * (irq.c:of_msi_get_domain, index 0) and for a platform device the first
 * whose controller has a domain; Layerscape's ls-scfg-msi boards list three
 * 0-cell controllers per host bridge (<&msi1>, <&msi2>, <&msi3>).  Kept so the
 * property survives a round trip.
 */
struct iot_msi_spec {
	int msi; /* index into msis */
	unsigned int n_cells; /* 0..IOT_MSI_SPEC_MAX_CELLS */
	uint32_t cells[4];
};
#define IOT_MSI_SPEC_MAX_CELLS 4

struct iot_msi_specs {
	struct iot_msi_spec *v;
	size_t n;
};

struct iot_msi_spec *iot_msi_specs_add(struct iot_msi_specs *s, int msi);
void iot_msi_specs_free(struct iot_msi_specs *s);
bool iot_msi_specs_equal(const struct iot_msi_specs *a, const struct iot_msi_specs *b);

enum iot_status {
	IOT_STATUS_OKAY,
	IOT_STATUS_DISABLED, /* DT status = "disabled": never probed */
	IOT_STATUS_NO_DRIVER, /* present, but no driver in the kernel (e.g. virtio-iommu on 6.1) */
	IOT_STATUS_NR
};

/* Memory access properties (IORT §2.5) plus the address-size limit. */
struct iot_memattr {
	bool coherent; /* CCA; DT dma-coherent */
	uint8_t hints; /* allocation hints, IORT AH byte */
	uint8_t flags; /* IORT MAF: b0 CPM, b1 DACS, b2 CANWBS */
	uint8_t address_bits; /* memory address size limit, 0 = not given */
};

#define IOT_MAF_CPM 0x01
#define IOT_MAF_DACS 0x02
#define IOT_MAF_CANWBS 0x04

/* Bytes a table carried that no model field holds (padding, trailing data). */
struct iot_bytes {
	uint8_t *v;
	size_t n;
	bool has; /* given, even if empty */
};

/*
 * A fixed field of a table node whose value the model's own fields do not
 * give: a reserved field that is not zero, the reserved bits of a flags
 * word, an offset other than the one the writer computes.  @key is the
 * field's key in its layout table (src/tables), a static string.
 */
struct iot_fw_field {
	const char *key;
	uint32_t index; /* element of an array (an ID mapping, an interrupt); 0 for fields */
	uint64_t value;
};

/*
 * Where an object came from in an ACPI table (IORT node, VIOT node) and how
 * that node was laid out beyond the object's own fields, so that a table
 * read, decoded and compiled again comes back byte for byte.  All empty for
 * objects that come from YAML or a DT: the writer then lays the node out
 * the canonical way for the table revision.
 */
struct iot_fw_node {
	bool has_offset;
	uint32_t offset; /* byte offset of the node in its table: provenance and node order */
	bool has_revision;
	uint8_t revision; /* node Revision */
	/* bytes of fixed fields the node had when fewer than its revision's layout (0: all) */
	uint16_t body_len;
	struct iot_fw_field *fields;
	size_t n_fields;
	struct iot_bytes pad; /* between the node's own fields and its ID mappings */
	struct iot_bytes tail; /* after the last ID mapping, inside the node's Length */
	/*
	 * Table order of the node's ID mappings when it is not the writer's
	 * canonical one: map_order[k] is the canonical position of the mapping
	 * the table has at position k.
	 */
	uint32_t *map_order;
	size_t n_map_order;
};

/* One ID mapping of an IORT node type iotopo does not model (kept raw). */
struct iot_fw_raw_map {
	uint32_t in_base;
	uint32_t id_count; /* as in the table: number of IDs minus one */
	uint32_t out_base;
	uint32_t flags;
	char *target; /* name of the object whose node the Output Reference points at */
};

/* An IORT node of a type iotopo does not model, kept as its bytes. */
struct iot_fw_raw_node {
	uint8_t type;
	uint8_t revision;
	uint32_t identifier;
	uint32_t offset; /* in the table read: its position among the nodes */
	struct iot_bytes body; /* bytes 16.. up to the ID mappings (or Length) */
	struct iot_fw_raw_map *maps;
	size_t n_maps;
	struct iot_bytes tail; /* after the ID mappings */
};

/* Table-level facts of an IORT or VIOT read back (see struct iot_fw_node). */
struct iot_fw_table {
	bool has; /* read from a table */
	struct iot_fw_field *fields; /* header fields the model does not give */
	size_t n_fields;
	struct iot_bytes pad; /* between the table header and the first node */
	struct iot_bytes tail; /* after the last node, inside the table's Length */
	struct iot_fw_raw_node *raw; /* IORT nodes of types iotopo does not model */
	size_t n_raw;
};

/* A GSIV and its trigger mode (IORT interrupt descriptors). */
struct iot_irq {
	uint32_t gsiv;
	bool edge;
};

/* One Arm SMMU stream ID, optionally with an SMR mask (SMMUv1/v2 2-cell). */
struct iot_sid {
	uint32_t id;
	uint32_t mask;
	bool has_mask;
};

/*
 * x86 DMA remapping (ACPI DMAR for Intel VT-d, IVRS for AMD-Vi).  A DMAR
 * device scope names a PCI function by a path from a start bus; an IVHD
 * device entry names requester IDs (bus << 8 | devfn) of the unit's segment.
 * Both are kept as the table says, and resolved against the PCI hierarchy
 * by src/x86/x86.h (the kernel resolves them the same late way).
 */
enum iot_x86_scope_kind {
	IOT_X86_SCOPE_ENDPOINT, /* DMAR 01: one PCI function */
	IOT_X86_SCOPE_BRIDGE, /* DMAR 02: a bridge and everything below it */
	IOT_X86_SCOPE_IOAPIC, /* DMAR 03, IVHD 48h variety 1 */
	IOT_X86_SCOPE_HPET, /* DMAR 04, IVHD 48h variety 2 */
	IOT_X86_SCOPE_NAMESPACE, /* DMAR 05: ACPI namespace device (ANDD number) */
	IOT_X86_SCOPE_ACPI_HID, /* IVHD F0h: ACPI device by _HID/_UID */
	IOT_X86_SCOPE_ALL, /* IVHD 01h: every requester ID of the segment */
	IOT_X86_SCOPE_IDS, /* IVHD 02h, 46h, 03h/47h..04h: IDs first..last */
	IOT_X86_SCOPE_ALIAS, /* IVHD 42h, 43h..04h: IDs first..last DMA as alias */
	IOT_X86_SCOPE_OTHER, /* reserved or unknown type: decoded, ignored */
};

struct iot_x86_hop {
	uint8_t dev;
	uint8_t fn;
};

struct iot_x86_scope {
	enum iot_x86_scope_kind kind;
	uint8_t raw_type; /* DMAR scope type / IVHD entry type (range start) */
	uint8_t enum_id; /* DMAR enumeration ID; IVHD special handle */
	/* DMAR */
	uint8_t start_bus;
	uint8_t flags; /* DMAR scope flags (b0 REQ_WO_PASID, b1 REQ_W_PASID) */
	struct iot_x86_hop *path;
	size_t n_path;
	/* IVRS: requester IDs within the unit's segment, inclusive */
	uint16_t first;
	uint16_t last;
	uint16_t alias; /* IOT_X86_SCOPE_ALIAS: the ID used for DMA */
	uint8_t dte; /* IVHD DTE setting byte */
	bool has_ext;
	uint32_t ext; /* IVHD 46h/47h extended DTE settings */
	char hid[9]; /* IVHD F0h */
	char cid[9];
	uint8_t uid_format; /* 0 none, 1 integer, 2 string */
	char *uid;
	struct iot_loc loc;
	/* IVHD entry fields the keys above do not give back (layout keys, src/tables/ivrs.c) */
	struct iot_fw_field *fields;
	size_t n_fields;
};

/* What a DRHD or IVHD adds to an IOMMU (iot_iommu.x86). */
struct iot_x86_unit {
	uint16_t segment;
	uint8_t flags; /* DRHD flags / IVHD flags byte */
	bool include_all; /* DRHD INCLUDE_PCI_ALL: every PCI device of the segment */
	uint8_t size; /* DRHD Size: register set is 2^size 4 KiB pages */
	uint8_t ivhd_type; /* 0x10, 0x11, 0x40; 0 for a DRHD */
	bool superseded; /* IVHD not of the type the kernel selects (ignored) */
	bool duplicate; /* DRHD with the segment and base of an earlier one (ignored) */
	uint16_t iommu_devid; /* IVHD: the IOMMU's own requester ID */
	uint16_t cap_offset;
	uint16_t info;
	uint32_t attr; /* IVHD 10h IOMMU feature reporting; 11h/40h attributes */
	uint64_t efr; /* IVHD 11h/40h EFR register image */
	uint64_t efr2;
	struct iot_x86_scope *scopes;
	size_t n_scopes;
	/*
	 * DMAR: the unit's RHSA structure as read (offset, fields the model
	 * does not give); the DRHD's own layout is in iot_iommu.fw.
	 */
	struct iot_fw_node rhsa_fw;
	/*
	 * The unit's registers as a running kernel exported them (sysfs
	 * class/iommu/NAME: intel-iommu/{cap,ecap,version}, amd-iommu/{cap,
	 * features}).  No table carries them, yet Linux picks default domains
	 * from them: VT-d caching mode, pass-through and scalable-mode support,
	 * the AMD-Vi NpCache capability.  has_regs false: not known.
	 */
	bool has_regs;
	uint64_t reg_cap; /* VT-d CAP_REG; AMD-Vi capability header (PCI config cap_offset + 0) */
	uint64_t reg_ecap; /* VT-d ECAP_REG; AMD-Vi EFR (MMIO 0x30) as the kernel reported it */
	uint64_t reg_efr2; /* AMD-Vi EFR2 (MMIO 0x1a0); 0 where the kernel shows none */
	uint8_t reg_version; /* VT-d VER_REG: major << 4 | minor */
	struct iot_loc reg_loc; /* the cap file the registers were read from */
};

struct iot_iommu {
	char *name;
	enum iot_iommu_model model;
	enum iot_status status;
	uint64_t base;
	uint64_t size; /* DT reg size / IORT SMMUv1/2 span; 0 = model default */
	bool coherent; /* DT dma-coherent; IORT COHACC override / coherent walk */
	bool has_identifier;
	uint32_t identifier; /* IORT node identifier */
	bool has_pxm;
	uint32_t pxm; /* proximity domain */

	/* SMMUv3 */
	uint32_t impl; /* IORT SMMUv3 model: 0 generic, 1 Hi161x, 2 CN99xx */
	uint8_t httu; /* HTTU override, 0..3 */
	uint64_t vatos;
	uint32_t irq_event, irq_pri, irq_gerror, irq_sync; /* GSIVs, 0 = MSI or none */
	/* DT: interrupts wired through a controller that is not a GIC (not modelled) */
	bool irqs_not_gic;

	/* SMMUv1/v2 and MMU-5xx */
	bool dvm;
	struct iot_irq irq_global; /* NSgIrpt */
	struct iot_irq irq_global_cfg; /* NSgCfgIrpt */
	struct iot_irq *irq_context;
	size_t n_irq_context;
	struct iot_irq *irq_pmu;
	size_t n_irq_pmu;
	/* DT #iommu-cells: 1 or 2 (SMMUv2 family), 1 (SMMUv3, virtio); as read for other */
	unsigned int iommu_cells;
	bool has_stream_match_mask;
	uint32_t stream_match_mask;

	/* The SMMU's own MSIs: DeviceID at an ITS (IORT single mapping). */
	int msi_controller; /* index into msi_controllers, IOT_NONE if wired */
	uint32_t msi_device_id;
	struct iot_msi_specs dt_msi_parent_more; /* DT msi-parent entries after the first */
	/* Stream IDs translated on to an ITS (IORT SMMU -> ITS range mappings). */
	struct iot_idmap msi_map;

	/* virtio-iommu-pci: the IOMMU is a PCI function. virtio-iommu-mmio: base. */
	uint16_t pci_segment;
	uint16_t pci_bdf;

	/* Device Tree naming */
	char *dt_path;
	char *dt_label;
	uint32_t dt_phandle; /* as read from a DTB; 0 = allocate */
	struct iot_compat compatible; /* DT compatible as read (vendor strings kept) */

	struct iot_fw_node fw; /* IORT or VIOT node */
	struct iot_loc loc;

	/* intel-vtd (DRHD) and amd-vi (IVHD) units */
	struct iot_x86_unit x86;
};

enum iot_msi_type {
	IOT_MSI_GICV3_ITS,
	/*
	 * Any other DT MSI controller a node's msi-parent / msi-map names
	 * (arm,gic-v2m-frame, marvell,ap806-gicp, ti,sci-inta...): kept so the
	 * property survives a round trip; no ITS DeviceID semantics, never in
	 * an IORT.
	 */
	IOT_MSI_OTHER,
};

/* An MSI controller; for IORT, one ITS group (usually of one ITS). */
struct iot_msi {
	char *name;
	enum iot_msi_type type;
	uint64_t base;
	uint32_t *its_ids;
	size_t n_its_ids;
	bool has_identifier;
	uint32_t identifier; /* IORT node identifier */
	char *dt_path;
	char *dt_label;
	uint32_t dt_phandle;
	struct iot_fw_node fw; /* IORT ITS group node */
	struct iot_loc loc;
	enum iot_status status; /* DT status */
	unsigned int msi_cells; /* DT #msi-cells: 1 for an ITS, 0 for a GICv2m frame */
	struct iot_compat compatible; /* DT compatible as read */
};

enum iot_pci_type {
	IOT_PCI_ENDPOINT, /* PCIe endpoint */
	IOT_PCI_LEGACY_ENDPOINT, /* PCIe legacy endpoint */
	IOT_PCI_RCIEP, /* root-complex integrated endpoint */
	IOT_PCI_RCEC, /* root-complex event collector */
	IOT_PCI_ROOT_PORT,
	IOT_PCI_UPSTREAM_PORT,
	IOT_PCI_DOWNSTREAM_PORT,
	IOT_PCI_PCIE_TO_PCI_BRIDGE,
	IOT_PCI_PCI_TO_PCIE_BRIDGE,
	IOT_PCI_PCI_BRIDGE, /* conventional PCI-to-PCI bridge */
	IOT_PCI_PCI_ENDPOINT, /* conventional PCI function (no PCIe capability) */
	IOT_PCI_HOST_BRIDGE, /* host bridge function on the root bus (class 0600) */
	IOT_PCI_NR_TYPES
};

/* ACS capability / control bits (PCI_ACS_*). */
#define IOT_ACS_SV 0x0001
#define IOT_ACS_TB 0x0002
#define IOT_ACS_RR 0x0004
#define IOT_ACS_CR 0x0008
#define IOT_ACS_UF 0x0010
#define IOT_ACS_EC 0x0020
#define IOT_ACS_DT 0x0040

/* One PCI function below a root. */
struct iot_pci_dev {
	uint8_t bus;
	uint8_t devfn; /* device << 3 | function */
	enum iot_pci_type type;
	uint16_t vendor;
	uint16_t device;
	uint32_t class_code; /* 24-bit class code */
	uint8_t revision;
	bool has_ids; /* vendor/device known */
	uint16_t subsystem_vendor, subsystem_device; /* 0 when unknown */
	bool multifunction; /* header type bit 7 */
	bool has_acs; /* ACS extended capability present */
	uint16_t acs_cap;
	uint16_t acs_ctrl; /* as configured by firmware (before Linux enables it) */
	bool acs_ctrl_set;
	uint8_t secondary; /* bridges: secondary bus number */
	uint8_t subordinate;
	uint16_t sriov_total_vfs;
	uint16_t sriov_num_vfs; /* VFs enabled */
	uint16_t sriov_offset;
	uint16_t sriov_stride;
	bool is_vf;
	char *driver; /* bound driver name; NULL = no driver */
	bool driver_known; /* false: unknown, the simulator assumes one */
	bool external_facing; /* untrusted (Thunderbolt-like) port */
	int parent; /* index into the root's devs, IOT_NONE = on the root bus */
	struct iot_loc loc;
	bool has_ari; /* ARI extended capability present */
	/*
	 * ATS, PRI and PASID extended capabilities present: AMD-Vi gives
	 * identity to devices able to use its IOMMUv2 features
	 * (amd/iommu.c:amd_iommu_def_domain_type).
	 */
	bool has_ats, has_pri, has_pasid;
	bool ari_forwarding; /* ports: ARI Forwarding Enable (Device Control 2 bit 5) */
	/* What the running host shows about it (a sysfs tree; for operators' verdicts) */
	char *slot; /* physical slot name (sys/bus/pci/slots/NAME/address), NULL */
	unsigned int host_use; /* IOT_HOST_* */
	char *host_use_what; /* e.g. "/ (ext4 on nvme0n1p2)"; NULL */
};

/* What the running host uses a PCI function for (iot_pci_dev.host_use). */
#define IOT_HOST_ROOT_FS 0x01 /* backs the root filesystem */
#define IOT_HOST_MOUNTED 0x02 /* backs another mounted filesystem or active swap */
#define IOT_HOST_BOOT_VGA 0x04 /* the boot display (boot_vga = 1) */

/* Free what a PCI function owns (driver, slot, host use). */
void iot_pci_dev_free(struct iot_pci_dev *dev);

struct iot_pci_root {
	char *name;
	uint16_t segment;
	uint8_t bus_start;
	uint8_t bus_end;
	uint64_t ecam;
	bool ats;
	bool pri;
	bool pasid_fwd;
	bool pasid; /* RC flags b0, E.d+ */
	uint8_t pasid_bits;
	bool preserve_config; /* _DSM #5: RMRs apply to PCI devices */
	struct iot_memattr mem;
	bool has_identifier;
	uint32_t identifier;
	struct iot_idmap iommu_map; /* RID -> stream ID / endpoint ID (targets: iommus) */
	struct iot_idmap msi_map; /* RID -> ITS DeviceID (targets: msi_controllers) */
	char *dt_path;
	char *dt_label;
	char *acpi_path;
	struct iot_pci_dev *devs; /* in depth-first BDF order */
	size_t n_devs;
	size_t cap_devs;
	struct iot_fw_node fw; /* IORT root complex node */
	struct iot_loc loc;
	bool dt_fsl_mc; /* DT: an fsl-mc bus node (ICIDs), not a PCI host bridge */
	/* DT status of the host bridge: a disabled one is never probed */
	enum iot_status status;
	struct iot_compat compatible; /* DT compatible as read */
	/*
	 * DT msi-parent = <&ctrl [cell]> on the host bridge: ctrl as an index
	 * into msis, or IOT_NONE.  Without msi-map the controller sees the RID
	 * as DeviceID (of_msi_map_id finds no map) and msi_map holds that as the
	 * one identity row 0..0xffff to ctrl; with msi-map, msi-map decides
	 * (LS1028A's ENETC host has both).  The cell after the phandle
	 * (Layerscape's <&its 0>) is kept; Linux ignores it on a host bridge.
	 */
	int dt_msi_parent_msi;
	bool dt_msi_parent_has_arg;
	uint32_t dt_msi_parent_arg;
	struct iot_msi_specs dt_msi_parent_more; /* the entries after the first */
};

/*
 * One IOMMU a platform device sits behind, and its IDs there: one entry per
 * run of DT iommus specifiers to one IOMMU.  The specifier cells are kept
 * as written, by the target's iommu_cells:
 *   1 or 2: ids[] (cell 0 = id; cell 1 = mask, arm-smmu's SMR mask),
 *   0:      no ids; one entry per <&iommu> specifier (rockchip, exynos),
 *   3 or more: ids[] empty, cells[] holds n_cells = count * iommu_cells raw.
 * What the cells mean is the driver's of_xlate (the simulator's).
 */
struct iot_dev_iommu {
	int iommu; /* index into iommus */
	struct iot_sid *ids;
	size_t n_ids;
	struct iot_loc loc;
	uint32_t *cells;
	size_t n_cells;
};

struct iot_platdev {
	char *name;
	char *dt_path;
	struct iot_compat compatible; /* DT compatible as read */
	char *acpi_path; /* full path, 4-char segments: \_SB_.DMA0 */
	struct iot_dev_iommu *iommus;
	size_t n_iommus;
	int msi_controller; /* IOT_NONE if none */
	uint32_t msi_device_id; /* not used when the controller has #msi-cells = 0 */
	struct iot_msi_specs dt_msi_parent_more; /* DT msi-parent entries after the first */
	struct iot_memattr mem;
	uint32_t nc_flags; /* IORT NC node flags: b0 stall, b5:1 PASID bits */
	bool has_identifier;
	uint32_t identifier;
	char *driver; /* bound driver, NULL = none */
	bool driver_known;
	enum iot_status status;
	struct iot_fw_node fw; /* IORT named component / IWB node */
	/*
	 * IORT named component range mappings (input ID -> stream ID / DeviceID),
	 * which Linux uses only for a device that brings an input ID
	 * (iort.c:iort_nc_iommu_map_id); a single mapping beyond the first
	 * to an ITS goes into msi_map as a single row.
	 */
	struct iot_idmap iommu_map; /* targets: iommus */
	struct iot_idmap msi_map; /* targets: msis */
	/* IORT E.g IWB (GICv5 interrupt wire bridge): an IWB node, not a named component */
	bool iwb;
	uint64_t iwb_base; /* config frame base */
	uint16_t iwb_index;
	struct iot_loc loc;
	char *dt_label; /* DT label of the board node (for &label overrides) */
	/* VIOT MMIO endpoint: the device's first MMIO resource (viot.c:viot_parse_node) */
	uint64_t mmio_base;
	bool has_mmio_base;
	/*
	 * DT: the node is not reached by the boot-time of_platform_populate
	 * (an ancestor is no simple-bus / simple-mfd / isa / arm,amba-bus):
	 * its parent's driver creates it when it probes, after the boot.
	 */
	bool dt_populated_by_parent;
};

/* IORT PMCG: an SMMUv3 performance monitor counter group. */
struct iot_pmcg {
	char *name;
	uint64_t page0;
	uint64_t page1;
	uint32_t gsiv;
	int iommu; /* the SMMU it counts for, or IOT_NONE */
	int platdev; /* or a named component, or IOT_NONE */
	int msi_controller;
	uint32_t msi_device_id;
	bool has_identifier;
	uint32_t identifier;
	struct iot_fw_node fw;
	struct iot_idmap msi_map; /* mappings after the DeviceID one (Linux ignores them) */
	struct iot_loc loc;
};

struct iot_rmr_range {
	uint64_t base;
	uint64_t length;
};

/* IORT RMR: memory that must stay identity-mapped for some stream IDs. */
struct iot_rmr {
	char *name;
	bool remap_permitted;
	bool privileged;
	uint8_t access; /* access attributes, IORT RMR flags b9:2 */
	struct iot_rmr_range *ranges;
	size_t n_ranges;
	struct iot_idmap ids; /* stream IDs (single or ranges) -> iommus */
	bool has_identifier;
	uint32_t identifier;
	struct iot_fw_node fw;
	struct iot_loc loc;
};

struct iot_kernel {
	char *version; /* "6.15", "7.2.13+deb14-arm64", NULL = default */
	char *cmdline;
};

/*
 * A MADT I/O APIC structure (type 1): the I/O APIC IDs that DMAR device
 * scopes and IVRS special entries name (Linux: mpc_ioapic_id()).  Read from
 * the MADT as a companion table of the DMAR or IVRS.
 */
struct iot_x86_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
	struct iot_loc loc;
};

struct iot_machine {
	char *name;
	char oem_id[7]; /* 6 chars + NUL, space padded when written */
	char oem_table_id[9];
	uint32_t oem_revision;
	char creator_id[5];
	uint32_t creator_revision;
	bool has_oem; /* OEM fields given (else writer defaults) */
	uint8_t iort_revision; /* table revision read back; 0 = not known */
	bool has_iort_revision;
	struct iot_fw_table iort_fw; /* IORT read back: header padding, raw nodes ... */
	struct iot_fw_table viot_fw;
	/* the MADT's I/O APICs, in table order (has_madt: a MADT with I/O APICs was read) */
	bool has_madt;
	struct iot_x86_ioapic *ioapics;
	size_t n_ioapics;
	/*
	 * DT: the GIC's #interrupt-cells as read (3, or 4 where the fourth cell
	 * is the PPI-partition phandle, RK3588); the DT writer keeps it.
	 */
	uint8_t dt_gic_cells;
	bool has_dt_gic_cells;
};

/* Kinds of IORT node (the table's node type numbers). */
enum iot_iort_kind {
	IOT_IORT_ITS = 0,
	IOT_IORT_NC = 1,
	IOT_IORT_RC = 2,
	IOT_IORT_SMMU = 3,
	IOT_IORT_SMMUV3 = 4,
	IOT_IORT_PMCG = 5,
	IOT_IORT_RMR = 6,
	IOT_IORT_IWB = 7, /* E.g: GICv5 interrupt wire bridge (an iot_platdev with iwb set) */
};

/* DMAR RMRR/ATSR/SATC and IVRS IVMD: structures that apply to a set of devices. */
enum iot_x86_entry_kind {
	IOT_X86_RMRR, /* reserved memory the scoped devices keep identity mapped */
	IOT_X86_ATSR, /* root ports whose devices may use ATS */
	IOT_X86_SATC, /* SoC integrated devices with an address translation cache */
	IOT_X86_IVMD, /* AMD memory definition: unity map or exclusion range */
	IOT_X86_SIDP, /* SoC integrated devices with special properties (scope flags) */
};

struct iot_x86_entry {
	enum iot_x86_entry_kind kind;
	uint8_t raw_type; /* IVMD 20h all, 21h one device, 22h device range */
	uint16_t segment;
	uint8_t flags; /* ATSR b0 ALL_PORTS; SATC b0 ATC_REQUIRED; IVMD flags */
	uint64_t base; /* RMRR/IVMD region, inclusive */
	uint64_t end;
	bool all_devices; /* ATSR ALL_PORTS, IVMD 20h */
	uint16_t first; /* IVMD 21h/22h requester IDs, inclusive */
	uint16_t last;
	uint16_t aux; /* IVMD auxiliary data */
	struct iot_x86_scope *scopes; /* DMAR device scopes */
	size_t n_scopes;
	struct iot_loc loc;
	/* the DMAR structure / IVMD block as read: offset (order) and fields the model lacks */
	struct iot_fw_node fw;
};

/* DMAR ANDD: names the ACPI object a namespace scope's enumeration ID means. */
struct iot_x86_andd {
	uint8_t number;
	char *name;
	struct iot_fw_node fw; /* as read: offset, fields, tail (bytes after the name's NUL) */
	struct iot_loc loc;
};

/*
 * A DMAR remapping structure or IVRS block of a type iotopo does not read,
 * kept as its bytes (Linux skips such types too).
 */
struct iot_x86_raw {
	uint16_t type; /* DMAR structure Type; IVRS block Type */
	uint32_t offset; /* in the table read */
	struct iot_bytes bytes; /* the whole structure, from its Type field */
	struct iot_loc loc;
};

/* Table-level fields of a DMAR / IVRS read back. */
struct iot_x86_info {
	bool has_dmar;
	uint8_t dmar_revision;
	uint8_t dmar_haw; /* host address width minus one, as in the table */
	uint8_t dmar_flags; /* b0 INTR_REMAP, b1 X2APIC_OPT_OUT, b2 DMA_CTRL_PLATFORM_OPT_IN */
	bool has_ivrs;
	uint8_t ivrs_revision;
	uint32_t ivinfo;
	uint8_t ivhd_type; /* IVHD type the kernel uses (get_highest_supported_ivhd_type) */
	struct iot_fw_table dmar_fw; /* DMAR read back: header fields the model does not give */
	struct iot_fw_table ivrs_fw; /* IVRS read back: header fields, bytes after the blocks */
};

/*
 * What firmware a topology describes.  Set by the reader that made it and
 * read by every consumer (the simulator picks of_iommu or IORT/VIOT/DMAR
 * rules from it, lint its rule set, decode its YAML `firmware:` key); no
 * consumer looks at the objects to guess it.
 */
enum iot_fw_kind {
	IOT_FW_UNKNOWN, /* nothing read says (built in code, or only a PCI hierarchy) */
	IOT_FW_MODEL, /* a YAML topology: the intent, compiled to DT and ACPI alike */
	IOT_FW_DT, /* a flattened Device Tree (DTB, DTS, sys/firmware/fdt) */
	IOT_FW_ACPI, /* ACPI tables: which ones in iot_firmware.tables */
};

/* ACPI tables a topology was read from (iot_firmware.tables). */
#define IOT_TABLE_IORT 0x01u
#define IOT_TABLE_VIOT 0x02u
#define IOT_TABLE_DMAR 0x04u
#define IOT_TABLE_IVRS 0x08u

struct iot_firmware {
	enum iot_fw_kind kind;
	unsigned int tables; /* IOT_TABLE_*: every ACPI table read */
	/*
	 * IOT_FW_MODEL: the firmware the described machine boots with, for
	 * the simulator (YAML `firmware: dt | acpi`); IOT_FW_UNKNOWN when not
	 * given (then iot_topology_default_firmware() applies).
	 */
	enum iot_fw_kind boot;
};

/*
 * One input a topology was read from, with the facts of its header
 * (provenance at table level).  iot_loc.origin indexes these, 1-based.
 */
struct iot_origin {
	enum iot_src src;
	const char *file; /* not owned, like iot_loc.file */
	/* ACPI tables: the 36-byte header as read */
	char signature[5];
	uint8_t revision;
	uint32_t length;
	uint8_t checksum;
	char oem_id[7];
	char oem_table_id[9];
	uint32_t oem_revision;
	char creator_id[5];
	uint32_t creator_revision;
	/* DTB: header version and the boot CPU */
	uint32_t dtb_version;
	uint32_t dtb_last_comp_version;
	uint32_t dtb_boot_cpuid;
};

struct iot_topology {
	int format_version;
	struct iot_machine machine;
	struct iot_msi *msis;
	size_t n_msis;
	struct iot_iommu *iommus;
	size_t n_iommus;
	struct iot_pci_root *roots;
	size_t n_roots;
	struct iot_platdev *platdevs;
	size_t n_platdevs;
	struct iot_pmcg *pmcgs;
	size_t n_pmcgs;
	struct iot_rmr *rmrs;
	size_t n_rmrs;
	struct iot_kernel kernel;
	/* capacities, private to the add functions */
	size_t cap_msis, cap_iommus, cap_roots, cap_platdevs, cap_pmcgs, cap_rmrs;
	const char *source; /* file it was read from, for diagnostics */
	/* strings owned by the topology that locations point to (see iot_topology_keep) */
	char **kept;
	size_t n_kept, cap_kept;

	/* x86 DMAR / IVRS */
	struct iot_x86_info x86;
	struct iot_x86_entry *x86_entries;
	size_t n_x86_entries, cap_x86_entries;
	struct iot_x86_andd *x86_andds;
	size_t n_x86_andds, cap_x86_andds;
	struct iot_x86_raw *dmar_raws, *ivrs_raws; /* unknown structures, in table order */
	size_t n_dmar_raws, cap_dmar_raws, n_ivrs_raws, cap_ivrs_raws;

	/* provenance: the firmware kind and every input read */
	struct iot_firmware firmware;
	struct iot_origin *origins;
	size_t n_origins, cap_origins;

	/* the string pool (see iot_topology_strndup); private to model.c */
	struct iot_pool_block *pool;
};

void iot_topology_init(struct iot_topology *t);
void iot_topology_free(struct iot_topology *t);

/*
 * The topology's string pool: strings and small arrays a reader makes in
 * bulk, carved from large blocks and freed all at once with the topology
 * instead of one malloc and one free each.  The YAML reader allocates there
 * its objects' names, DT paths and compatibles, and a platform device's
 * IOMMU list (iommus, each entry's ids) sized once from the file.  Whoever
 * frees or replaces one of those must use iot_topology_free_str() or
 * iot_compat_free_in(), never free(), and must not grow them in place
 * (iot_platdev_add_iommu, iot_dev_iommu_add_id are for the readers' own new
 * objects): they free only what is not in the pool.
 * Under AddressSanitizer every pool allocation is its own malloc (and the
 * pool owns nothing), so overflows stay visible.
 */
/* The next block holds at least @bytes (a hint from a reader that knows its input's size). */
void iot_topology_pool_hint(struct iot_topology *t, size_t bytes);
char *iot_topology_strndup(struct iot_topology *t, const char *s, size_t n);
/* @n bytes in the pool, aligned for any model struct, not cleared. */
void *iot_topology_alloc(struct iot_topology *t, size_t n);
/* @n bytes in the pool holding the first @keep bytes of @old, which is released (see below). */
void *iot_topology_move(struct iot_topology *t, void *old, size_t keep, size_t n);
bool iot_topology_owns(const struct iot_topology *t, const void *p);
/* free(@p) unless the pool holds it */
void iot_topology_free_str(struct iot_topology *t, void *p);
/* A compatible list of at most @max strings in the pool: add with iot_compat_add_in(). */
void iot_compat_init_in(struct iot_topology *t, struct iot_compat *c, size_t max);
void iot_compat_add_in(struct iot_topology *t, struct iot_compat *c, const char *s, size_t n);
/* iot_compat_free() for a list that may be in @t's pool */
void iot_compat_free_in(struct iot_topology *t, struct iot_compat *c);
void iot_fw_node_free(struct iot_fw_node *f);
void iot_fw_table_free(struct iot_fw_table *f);
void iot_bytes_set(struct iot_bytes *b, const uint8_t *v, size_t n);
/* The bytes as lower-case hex, two digits a byte, into @out (@2n + 1 chars). */
void iot_bytes_hex(const struct iot_bytes *b, char *out);
/* Set @b from @len hex digits (an even number; spaces allowed between bytes); false if bad. */
bool iot_bytes_parse_hex(struct iot_bytes *b, const char *s, size_t len);
/* Record (or replace) the value of field @key (a static string) of element @index. */
void iot_fw_field_set(struct iot_fw_field **v, size_t *n, const char *key, uint32_t index,
		      uint64_t value);
/* The recorded value of field @key of element @index, or NULL. */
const struct iot_fw_field *iot_fw_field_get(const struct iot_fw_field *v, size_t n, const char *key,
					    uint32_t index);
/*
 * Hand @s (heap) to @t, which frees it in iot_topology_free(); returns @s.
 * For file names that locations and diagnostics point to (iot_loc.file is
 * not owned), e.g. one file per PCI function read from a sysfs tree.
 */
const char *iot_topology_keep(struct iot_topology *t, char *s);

/*
 * Record that a reader found firmware of @kind (IOT_FW_DT, IOT_FW_ACPI with
 * @table one IOT_TABLE_* bit, or IOT_FW_MODEL).  The first firmware reader
 * decides the kind; ACPI tables accumulate; a YAML topology loaded together
 * with firmware (a PCI hierarchy beside a DMAR) leaves the firmware's kind.
 */
void iot_topology_set_firmware(struct iot_topology *t, enum iot_fw_kind kind, unsigned int table);
/*
 * The firmware the machine boots with: IOT_FW_DT or IOT_FW_ACPI.  What the
 * reader found; for a YAML topology its `firmware:` choice; where nothing
 * says, iot_topology_default_firmware().
 */
enum iot_fw_kind iot_topology_boot_firmware(const struct iot_topology *t);
/*
 * The documented default (iotopo-topology(5) `firmware`): IOT_FW_ACPI when
 * the topology has DMAR or IVRS content (Intel VT-d and AMD-Vi units exist
 * only in those ACPI tables), else IOT_FW_DT.
 */
enum iot_fw_kind iot_topology_default_firmware(const struct iot_topology *t);
const char *iot_fw_kind_name(enum iot_fw_kind k); /* "unknown", "model", "dt", "acpi" */
int iot_fw_kind_parse(const char *s); /* "dt" or "acpi" (and the others); -1 if unknown */

/*
 * Record an input @t is read from; returns its 1-based index for
 * iot_loc.origin (0 once 65535 inputs are recorded).
 */
uint16_t iot_add_origin(struct iot_topology *t, enum iot_src src, const char *file);
/*
 * The same for an ACPI table: records the header fields of @hdr (@len bytes
 * of it available; fields past @len stay zero) and marks the topology as
 * ACPI firmware with @table (IOT_TABLE_*).
 */
uint16_t iot_add_acpi_origin(struct iot_topology *t, enum iot_src src, unsigned int table,
			     const char *file, const uint8_t *hdr, size_t len);
/* The origin @loc names, or NULL. */
const struct iot_origin *iot_origin_of(const struct iot_topology *t, const struct iot_loc *loc);

/*
 * True when @r's msi_map is only what its DT msi-parent implies (the one
 * identity row to that controller): writers then leave msi-map out.
 */
bool iot_root_msi_map_implied(const struct iot_pci_root *r);

/* Append a zeroed object (indices set to IOT_NONE) and return it. */
struct iot_msi *iot_add_msi(struct iot_topology *t);
struct iot_iommu *iot_add_iommu(struct iot_topology *t);
struct iot_pci_root *iot_add_root(struct iot_topology *t);
struct iot_pci_dev *iot_root_add_dev(struct iot_pci_root *r);
struct iot_platdev *iot_add_platdev(struct iot_topology *t);
/*
 * Room for @n more platform devices in one allocation, for a reader that
 * knows about how many it makes (an upper bound): no doubling, no copies.
 */
void iot_reserve_platdevs(struct iot_topology *t, size_t n);
struct iot_dev_iommu *iot_platdev_add_iommu(struct iot_platdev *p);
void iot_dev_iommu_add_id(struct iot_dev_iommu *di, uint32_t id, uint32_t mask, bool has_mask);
struct iot_pmcg *iot_add_pmcg(struct iot_topology *t);
struct iot_rmr *iot_add_rmr(struct iot_topology *t);
struct iot_x86_scope *iot_x86_add_scope(struct iot_x86_scope **v, size_t *n);
struct iot_x86_entry *iot_add_x86_entry(struct iot_topology *t);
struct iot_x86_andd *iot_add_x86_andd(struct iot_topology *t);
struct iot_x86_raw *iot_add_dmar_raw(struct iot_topology *t);
struct iot_x86_raw *iot_add_ivrs_raw(struct iot_topology *t);

/* Look up by name; IOT_NONE if absent. */
int iot_find_iommu(const struct iot_topology *t, const char *name);
int iot_find_msi(const struct iot_topology *t, const char *name);
int iot_find_root(const struct iot_topology *t, const char *name);
int iot_find_platdev(const struct iot_topology *t, const char *name);

/* Names and families of enums (the YAML spellings); the arrays end with NULL. */
extern const char *const iot_iommu_model_names[IOT_IOMMU_NR_MODELS + 1];
extern const char *const iot_status_names[IOT_STATUS_NR + 1];
extern const char *const iot_pci_type_names[IOT_PCI_NR_TYPES + 1];
const char *iot_iommu_model_name(enum iot_iommu_model m);
int iot_iommu_model_parse(const char *s); /* -1 if unknown */
enum iot_iommu_family iot_iommu_family(enum iot_iommu_model m);
bool iot_iommu_is_virtio(enum iot_iommu_model m);
bool iot_iommu_is_smmuv2_family(enum iot_iommu_model m);
const char *iot_status_name(enum iot_status s);
int iot_status_parse(const char *s);
const char *iot_pci_type_name(enum iot_pci_type t);
int iot_pci_type_parse(const char *s);
bool iot_pci_type_is_bridge(enum iot_pci_type t);
bool iot_pci_type_is_pcie(enum iot_pci_type t);

/* "bb:dd.f" from bus/devfn into @out (at least 8 bytes). */
void iot_bdf_format(char *out, uint8_t bus, uint8_t devfn);
/* Requester ID of a function. */
static inline uint16_t iot_rid(uint8_t bus, uint8_t devfn)
{
	return (uint16_t)(bus << 8 | devfn);
}

/*
 * Semantic checks any reader's output must pass before a consumer may trust
 * it: indices in range, map rows well formed, names unique.  Errors go to
 * @d with the objects' locations; returns the number of errors found.
 */
size_t iot_topology_validate(const struct iot_topology *t, struct iot_diags *d);

/*
 * True if @a and @b describe the same topology, every field compared except
 * source locations (src/model/compare.c).  Otherwise false, and @why (may be
 * NULL) receives the first field that differs.
 */
bool iot_topology_equal(const struct iot_topology *a, const struct iot_topology *b, char *why,
			size_t why_len);

#endif
