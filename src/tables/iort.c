// SPDX-License-Identifier: MIT
#include "tables/iort.h"

#include <stddef.h>

#include "model/model.h"

IOT_LAYOUT_TABLES_BEGIN

const uint8_t iot_iort_table_revs[IOT_IORT_NREVS] = { 0, 3, 5, 6, 7 };

#define R IOT_RULE_IORT_RESERVED

static const struct iot_field header_rows[] = {
	IOT_FCALC(36, 4, "node-count", "Node Count"),
	IOT_FCALC(40, 4, "node-offset", "Node Offset"),
	IOT_FRSV(44, 4, "reserved"),
};
const struct iot_layout iot_iort_header = IOT_LAYOUT("IORT header", header_rows, R);

static const struct iot_field hdr_d_rows[] = {
	IOT_FCALC(0, 1, "type", "Type"),
	IOT_FCALC(1, 2, "length", "Length"),
	IOT_FCALC(3, 1, "revision", "Revision"),
	/* "Reserved, must be 0" before issue E (DEN0049D) */
	IOT_FRSV(4, 4, "identifier", .why = " before IORT revision 3 (E.b)"),
	IOT_FCALC(8, 4, "map-count", "Mapping Count"),
	IOT_FCALC(12, 4, "map-offset", "Mapping Offset"),
};
const struct iot_layout iot_iort_node_hdr_d = IOT_LAYOUT("node header", hdr_d_rows, R);

/* The object's identifier lives in a different struct per type: the reader stores it. */
static const struct iot_field hdr_e_rows[] = {
	IOT_FCALC(0, 1, "type", "Type"),
	IOT_FCALC(1, 2, "length", "Length"),
	IOT_FCALC(3, 1, "revision", "Revision"),
	IOT_FCALC(4, 4, "identifier", "Identifier"),
	IOT_FCALC(8, 4, "map-count", "Mapping Count"),
	IOT_FCALC(12, 4, "map-offset", "Mapping Offset"),
};
const struct iot_layout iot_iort_node_hdr_e = IOT_LAYOUT("node header", hdr_e_rows, R);

static const struct iot_field map_rows[] = {
	IOT_F(0, 4, "in-base", "Input base", IOT_BIND(struct iot_map_row, in_base)),
	/* number of IDs minus one; the row keeps a count */
	IOT_FCALC(4, 4, "id-count", "ID Count"),
	IOT_F(8, 4, "out-base", "Output Base", IOT_BIND(struct iot_map_row, out_base)),
	IOT_FCALC(12, 4, "out-ref", "Output Reference", .ref = true),
	IOT_FFLAGS(16, 4, "map-flags", "Flags (decoded below)", IOT_FRULE(IOT_RULE_IORT_MAP_FLAGS)),
	IOT_FBITS(16, 0, 1, "single", "Single Mapping", IOT_BIND_BOOL(struct iot_map_row, single)),
};
const struct iot_layout iot_iort_map = IOT_ELEMENT("mapping", map_rows, R);
const struct iot_iort_array iot_iort_maps = { "ID mapping",  "map-count",
					      "map-offset",  IOT_IORT_MAP_LEN,
					      &iot_iort_map, IOT_RULE_IORT_MAPPING_COUNT };

/*
 * Memory access properties (IORT §3.1.1.x, ACPICA DT_IORTMEM) at @o, bound
 * to the iot_memattr @m of @type.
 */
#define MEMATTR(o, type, m, k)                                                                     \
	IOT_FGROUP(o, 8, "Memory Properties", "[IORT Memory Access Properties]"),                  \
		IOT_FFLAGS(o, 4, k "cca", "Cache Coherency", IOT_FRULE(IOT_RULE_IORT_MEMATTR),     \
			   .why = " (0 or 1)"),                                                    \
		IOT_FBITS(o, 0, 1, k "coherent", NULL, .views = IOT_FV_BIN,                        \
			  IOT_BIND_BOOL(type, m.coherent)),                                        \
		IOT_FFLAGS(o + 4, 1, k "hints", "Hints (decoded below)", IOT_BIND(type, m.hints)), \
		IOT_FBITS(o + 4, 0, 1, k "transient", "Transient"),                                \
		IOT_FBITS(o + 4, 1, 1, k "write-allocate", "Write Allocate"),                      \
		IOT_FBITS(o + 4, 2, 1, k "read-allocate", "Read Allocate"),                        \
		IOT_FBITS(o + 4, 3, 1, k "override", "Override"),                                  \
		IOT_FRSV(o + 5, 2, k "reserved"),                                                  \
		IOT_FFLAGS(o + 7, 1, k "memory-flags", "Memory Flags (decoded below)",             \
			   IOT_BIND(type, m.flags)),                                               \
		IOT_FBITS(o + 7, 0, 1, k "cpm", "Coherency"),                                      \
		IOT_FBITS(o + 7, 1, 1, k "dacs", "Device Attribute"),                              \
		IOT_FBITS(o + 7, 2, 1, k "canwbs", "Ensured Coherency of Accesses",                \
			  .views = IOT_FV_BIN | IOT_FV_ASL)

/* 0: ITS group */
static const struct iot_field its_rows[] = {
	IOT_FCALC(16, 4, "its-count", "ItsCount"),
};
static const struct iot_layout its_body = IOT_LAYOUT("ITS group", its_rows, R);
static const struct iot_field its_id_rows[] = {
	IOT_F(0, 4, "its-id", "Identifiers", .bind = IOT_FB_UINT, .bsize = 4),
};
static const struct iot_layout its_id = IOT_ELEMENT("ITS identifier", its_id_rows, R);
static const struct iot_iort_array its_arrays[] = {
	{ "ITS identifier", "its-count", NULL, 4, &its_id, IOT_RULE_IORT_ITS_COUNT },
};

/* 1: named component */
static const struct iot_field nc_rows[] = {
	IOT_FFLAGS(16, 4, "node-flags", "Node Flags", IOT_BIND(struct iot_platdev, nc_flags)),
	IOT_FBITS(16, 0, 1, "stall", NULL, .views = IOT_FV_BIN),
	IOT_FBITS(16, 1, 5, "pasid-bits", NULL, .views = IOT_FV_BIN),
	MEMATTR(20, struct iot_platdev, mem, ""),
	IOT_F(28, 1, "memory-size-limit", "Memory Size Limit",
	      IOT_BIND(struct iot_platdev, mem.address_bits)),
	IOT_F(29, 0, "device-name", "Device Name", .kind = IOT_FK_STRING),
};
static const struct iot_layout nc_body = IOT_LAYOUT("named component", nc_rows, R);

/* 2: root complex */
static const struct iot_field rc_rows[] = {
	MEMATTR(16, struct iot_pci_root, mem, ""),
	IOT_FFLAGS(24, 4, "ats", "ATS Attribute"),
	IOT_FBITS(24, 0, 1, "ats-supported", NULL, .views = IOT_FV_BIN,
		  IOT_BIND_BOOL(struct iot_pci_root, ats)),
	IOT_FBITS(24, 1, 1, "pri-supported", NULL, .views = IOT_FV_BIN,
		  IOT_BIND_BOOL(struct iot_pci_root, pri)),
	IOT_FBITS(24, 2, 1, "pasid-forward", NULL, .views = IOT_FV_BIN,
		  IOT_BIND_BOOL(struct iot_pci_root, pasid_fwd)),
	/* u32 in the table, 16 bits in Linux's pci_domain_nr match */
	IOT_F(28, 4, "segment", "PCI Segment Number", IOT_BIND(struct iot_pci_root, segment),
	      .rsv = 0xffff0000u, IOT_FRULE(IOT_RULE_IORT_RC_SEGMENT)),
	/* iort.c:rc_dma_get_range reads it only from node revision 1 */
	IOT_F(32, 1, "memory-size-limit", "Memory Size Limit", IOT_REVS(1, 0xff),
	      IOT_BIND(struct iot_pci_root, mem.address_bits)),
	IOT_FRSV(33, 3, "reserved-33", IOT_REVS(1, 3), .views = IOT_FV_BIN),
	IOT_FFLAGS(33, 2, "pasid-caps", "PASID Capabilities", IOT_REVS(4, 0xff),
		   .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FBITS(33, 0, 5, "max-pasid-width", NULL, IOT_REVS(4, 0xff), .views = IOT_FV_BIN,
		  IOT_BIND(struct iot_pci_root, pasid_bits)),
	IOT_FRSV(35, 1, "reserved-35", IOT_REVS(4, 0xff), .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FRSV(33, 3, "asl20-reserved", .views = IOT_FV_ASL20),
	/* E.d RC Flags: no ACPICA release models it */
	IOT_FFLAGS(36, 4, "rc-flags", NULL, IOT_REVS(4, 0xff), .views = IOT_FV_BIN,
		   .desc = "Flags"),
	IOT_FBITS(36, 0, 1, "pasid", NULL, IOT_REVS(4, 0xff), .views = IOT_FV_BIN,
		  IOT_BIND_BOOL(struct iot_pci_root, pasid)),
};
static const struct iot_layout rc_body = IOT_LAYOUT("root complex", rc_rows, R);

/* 3: SMMUv1/v2 */
static const struct iot_fcode smmu_models[] = {
	{ 0, IOT_IOMMU_SMMUV1 }, { 1, IOT_IOMMU_SMMUV2 }, { 2, IOT_IOMMU_MMU400 },
	{ 3, IOT_IOMMU_MMU500 }, { 4, IOT_IOMMU_MMU401 }, { 5, IOT_IOMMU_CAVIUM_SMMUV2 },
};
static const struct iot_field smmu_rows[] = {
	IOT_F(16, 8, "base", "Base Address", IOT_BIND(struct iot_iommu, base)),
	IOT_F(24, 8, "span", "Span", IOT_BIND(struct iot_iommu, size)),
	IOT_F(32, 4, "model", "Model",
	      IOT_BIND_ENUM(struct iot_iommu, model, smmu_models, IOT_IOMMU_SMMUV2)),
	IOT_FFLAGS(36, 4, "smmu-flags", "Flags (decoded below)"),
	IOT_FBITS(36, 0, 1, "dvm", "DVM Supported", IOT_BIND_BOOL(struct iot_iommu, dvm)),
	IOT_FBITS(36, 1, 1, "coherent-walk", "Coherent Walk",
		  IOT_BIND_BOOL(struct iot_iommu, coherent)),
	IOT_FCALC(40, 4, "global-irq-offset", "Global Interrupt Offset",
		  IOT_FRULE(IOT_RULE_IORT_SMMU_IRQS)),
	IOT_FCALC(44, 4, "ctx-irq-count", "Context Interrupt Count"),
	IOT_FCALC(48, 4, "ctx-irq-offset", "Context Interrupt Offset"),
	IOT_FCALC(52, 4, "pmu-irq-count", "PMU Interrupt Count"),
	IOT_FCALC(56, 4, "pmu-irq-offset", "PMU Interrupt Offset"),
	IOT_F(60, 4, "nsg-irpt", "NSgIrpt", IOT_BIND(struct iot_iommu, irq_global.gsiv)),
	IOT_FFLAGS(64, 4, "nsg-irpt-flags", "NSgIrpt Flags (decoded below)"),
	IOT_FBITS(64, 0, 1, "nsg-irpt-edge", "Edge Triggered",
		  IOT_BIND_BOOL(struct iot_iommu, irq_global.edge)),
	IOT_F(68, 4, "nsg-cfg-irpt", "NSgCfgIrpt", IOT_BIND(struct iot_iommu, irq_global_cfg.gsiv)),
	IOT_FFLAGS(72, 4, "nsg-cfg-irpt-flags", "NSgCfgIrpt Flags (decoded below)"),
	IOT_FBITS(72, 0, 1, "nsg-cfg-irpt-edge", "Edge Triggered",
		  IOT_BIND_BOOL(struct iot_iommu, irq_global_cfg.edge)),
};
static const struct iot_layout smmu_body = IOT_LAYOUT("SMMUv1/v2", smmu_rows, R);

/* An SMMUv1/v2 interrupt (GSIV + flags); iasl prints it as one 64-bit value. */
#define IRQ_ROWS(k, label)                                                                \
	IOT_F(0, 4, k "gsiv", NULL, .views = IOT_FV_BIN, IOT_BIND(struct iot_irq, gsiv)), \
		IOT_FFLAGS(4, 4, k "flags", NULL, .views = IOT_FV_BIN),                   \
		IOT_FBITS(4, 0, 1, k "edge", NULL, .views = IOT_FV_BIN,                   \
			  IOT_BIND_BOOL(struct iot_irq, edge)),                           \
		IOT_F(0, 8, k "asl", label, .views = IOT_FV_ASL | IOT_FV_ASL20)
static const struct iot_field ctx_irq_rows[] = { IRQ_ROWS("ctx-irq-", "Context Interrupt") };
static const struct iot_layout ctx_irq = IOT_ELEMENT("context interrupt", ctx_irq_rows, R);
static const struct iot_field pmu_irq_rows[] = { IRQ_ROWS("pmu-irq-", "PMU Interrupt") };
static const struct iot_layout pmu_irq = IOT_ELEMENT("PMU interrupt", pmu_irq_rows, R);
static const struct iot_iort_array smmu_arrays[] = {
	{ "context interrupt", "ctx-irq-count", "ctx-irq-offset", 8, &ctx_irq,
	  IOT_RULE_IORT_SMMU_IRQS },
	{ "PMU interrupt", "pmu-irq-count", "pmu-irq-offset", 8, &pmu_irq,
	  IOT_RULE_IORT_SMMU_IRQS },
};

/* 4: SMMUv3 */
static const struct iot_field smmuv3_rows[] = {
	IOT_F(16, 8, "base", "Base Address", IOT_BIND(struct iot_iommu, base)),
	IOT_FFLAGS(24, 4, "smmuv3-flags", "Flags (decoded below)"),
	IOT_FBITS(24, 0, 1, "cohacc", "COHACC Override", IOT_BIND_BOOL(struct iot_iommu, coherent)),
	/* 2 bits since issue D; ACPICA decodes one */
	IOT_FBITS(24, 1, 2, "httu", NULL, .views = IOT_FV_BIN, IOT_BIND(struct iot_iommu, httu)),
	IOT_FBITS(24, 1, 1, "asl-httu", "HTTU Override", .views = IOT_FV_ASL | IOT_FV_ASL20),
	IOT_FBITS(24, 3, 1, "pxm-valid", "Proximity Domain Valid",
		  IOT_BIND_BOOL(struct iot_iommu, has_pxm)),
	/* E.e (node revision 5): the writer sets it when there is a DeviceID mapping */
	IOT_FBITS(24, 4, 1, "devid-valid", "DeviceID Valid", IOT_REVS(5, 0xff),
		  .role = IOT_FR_COMPUTED, .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FRSV(28, 4, "reserved-28"),
	IOT_F(32, 8, "vatos", "VATOS Address", IOT_BIND(struct iot_iommu, vatos)),
	IOT_F(40, 4, "model", "Model", IOT_BIND(struct iot_iommu, impl)),
	IOT_F(44, 4, "event-gsiv", "Event GSIV", IOT_BIND(struct iot_iommu, irq_event)),
	IOT_F(48, 4, "pri-gsiv", "PRI GSIV", IOT_BIND(struct iot_iommu, irq_pri)),
	IOT_F(52, 4, "gerr-gsiv", "GERR GSIV", IOT_BIND(struct iot_iommu, irq_gerror)),
	IOT_F(56, 4, "sync-gsiv", "Sync GSIV", IOT_BIND(struct iot_iommu, irq_sync)),
	IOT_F(60, 4, "pxm", "Proximity Domain", IOT_REVS(1, 0xff), IOT_BIND(struct iot_iommu, pxm)),
	IOT_FCALC(64, 4, "devid-index", "Device ID Mapping Index", IOT_REVS(1, 0xff)),
};
static const struct iot_layout smmuv3_body = IOT_LAYOUT("SMMUv3", smmuv3_rows, R);

/* 5: PMCG */
static const struct iot_field pmcg_rows[] = {
	IOT_F(16, 8, "page0", "Page 0 Base Address", IOT_BIND(struct iot_pmcg, page0)),
	IOT_F(24, 4, "overflow-gsiv", "Overflow Interrupt GSIV", IOT_BIND(struct iot_pmcg, gsiv)),
	IOT_FCALC(28, 4, "node-ref", "Node Reference", .ref = true),
	IOT_F(32, 8, "page1", "Page 1 Base Address", IOT_REVS(1, 0xff),
	      IOT_BIND(struct iot_pmcg, page1)),
};
static const struct iot_layout pmcg_body = IOT_LAYOUT("PMCG", pmcg_rows, R);

/* 6: RMR (E.b); access bits E.d (node revision 3) */
static const struct iot_field rmr_rows[] = {
	IOT_FFLAGS(16, 4, "rmr-flags", "Flags (decoded below)", .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FBITS(16, 0, 1, "remap-permitted", "Remapping Permitted",
		  .views = IOT_FV_BIN | IOT_FV_ASL, IOT_BIND_BOOL(struct iot_rmr, remap_permitted)),
	IOT_FBITS(16, 1, 1, "privileged", "Access Privileged", IOT_REVS(3, 0xff),
		  .views = IOT_FV_BIN | IOT_FV_ASL, IOT_BIND_BOOL(struct iot_rmr, privileged)),
	IOT_FBITS(16, 2, 8, "access", "Access Attributes", IOT_REVS(3, 0xff),
		  .views = IOT_FV_BIN | IOT_FV_ASL, IOT_BIND(struct iot_rmr, access)),
	IOT_FCALC(20, 4, "rmr-count", "Number of RMR Descriptors",
		  .views = IOT_FV_BIN | IOT_FV_ASL),
	IOT_FCALC(24, 4, "rmr-offset", "RMR Descriptor Offset", .views = IOT_FV_BIN | IOT_FV_ASL),
};
static const struct iot_layout rmr_body = IOT_LAYOUT("RMR", rmr_rows, R);
static const struct iot_field rmr_desc_rows[] = {
	IOT_F(0, 8, "rmr-base", "Base Address of RMR", .views = IOT_FV_BIN | IOT_FV_ASL,
	      IOT_BIND(struct iot_rmr_range, base)),
	IOT_F(8, 8, "rmr-length", "Length of RMR", .views = IOT_FV_BIN | IOT_FV_ASL,
	      IOT_BIND(struct iot_rmr_range, length)),
	IOT_FRSV(16, 4, "rmr-reserved", .views = IOT_FV_BIN | IOT_FV_ASL, .desc = "Reserved"),
};
static const struct iot_layout rmr_desc = IOT_ELEMENT("descriptor", rmr_desc_rows, R);
static const struct iot_iort_array rmr_arrays[] = {
	{ "RMR descriptor", "rmr-count", "rmr-offset", 20, &rmr_desc, IOT_RULE_IORT_RMR_OFFSET },
};

/* 7: IWB (E.g; ACPICA 20251212 and later) */
static const struct iot_field iwb_rows[] = {
	IOT_F(16, 8, "config-base", "Config Frame base", .views = IOT_FV_BIN | IOT_FV_ASL,
	      IOT_BIND(struct iot_platdev, iwb_base)),
	IOT_F(24, 2, "iwb-index", "IWB Index", .views = IOT_FV_BIN | IOT_FV_ASL,
	      IOT_BIND(struct iot_platdev, iwb_index)),
	IOT_F(26, 0, "device-name", "IWB Device Name", .kind = IOT_FK_STRING,
	      .views = IOT_FV_BIN | IOT_FV_ASL),
};
static const struct iot_layout iwb_body = IOT_LAYOUT("IWB", iwb_rows, R);

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct iot_iort_type types[IOT_IORT_NTYPES] = {
	/*             D  E.b E.d E.e E.g */
	{ 0,
	  "ITS group",
	  "an",
	  &its_body,
	  { 0, 1, 1, 1, 1 },
	  its_arrays,
	  N(its_arrays),
	  NULL,
	  false },
	{ 1, "named component", "a", &nc_body, { 2, 4, 4, 4, 4 }, NULL, 0, "device-name", true },
	{ 2, "root complex", "a", &rc_body, { 1, 3, 4, 4, 4 }, NULL, 0, NULL, true },
	{ 3,
	  "SMMUv1/v2",
	  "an",
	  &smmu_body,
	  { 1, 3, 3, 3, 3 },
	  smmu_arrays,
	  N(smmu_arrays),
	  NULL,
	  true },
	{ 4, "SMMUv3", "an", &smmuv3_body, { 2, 4, 4, 5, 5 }, NULL, 0, NULL, true },
	{ 5, "PMCG", "a", &pmcg_body, { 1, 2, 2, 2, 2 }, NULL, 0, NULL, true },
	{ 6, "RMR", "an", &rmr_body, { -1, 1, 3, 3, 3 }, rmr_arrays, N(rmr_arrays), NULL, true },
	{ 7, "IWB", "an", &iwb_body, { -1, -1, -1, -1, 1 }, NULL, 0, "device-name", true },
};

const struct iot_iort_type *iot_iort_type(unsigned int type)
{
	return type < IOT_IORT_NTYPES ? &types[type] : NULL;
}

const char *iot_iort_type_name(unsigned int type)
{
	return type < IOT_IORT_NTYPES ? types[type].name : "unknown type";
}

const struct iot_layout *iot_iort_node_hdr(unsigned int table_rev)
{
	return table_rev >= 3 ? &iot_iort_node_hdr_e : &iot_iort_node_hdr_d;
}

static int rev_row(unsigned int table_rev)
{
	for (int i = 0; i < IOT_IORT_NREVS; i++)
		if (iot_iort_table_revs[i] == table_rev)
			return i;
	return -1;
}

int iot_iort_node_rev(unsigned int table_rev, unsigned int type)
{
	int row = rev_row(table_rev);

	if (row < 0 || type >= IOT_IORT_NTYPES)
		return -1;
	return types[type].rev[row];
}

int iot_iort_max_node_rev(unsigned int table_rev, unsigned int type)
{
	unsigned int tr = table_rev >= 7 ? 7 :
			  table_rev >= 6 ? 6 :
			  table_rev == 5 ? 5 :
			  table_rev >= 3 ? 3 :
					   0;
	int rv = iot_iort_node_rev(tr, type);

	return rv < 0 ? 0 : rv;
}
