// SPDX-License-Identifier: MIT
#include "x86/dmar.h"

#include "acpi/acpi_int.h"
#include "acpi/cursor.h"
#include "util/mem.h"

#define DMAR_HDR_LEN 48 /* ACPI header, Host Address Width, Flags, 10 reserved */
#define DMAR_TYPE_DRHD 0
#define DMAR_TYPE_SATC 5 /* the last type the kernel knows */
#define DRHD_LEN 16 /* through Register Base Address */
#define DRHD_INCLUDE_PCI_ALL 0x01
#define SCOPE_LEN 6 /* type, length, reserved, enumeration ID, start bus */

static const char *const struct_names[] = { "DRHD", "RMRR", "ATSR", "RHSA", "ANDD", "SATC" };

/*
 * The device scope entries of a DRHD: each must fit, be at least 6 bytes
 * and hold whole (device, function) pairs (dmar.c:dmar_scope_count and
 * dmar_insert_dev_scope rely on that).  Returns how many there are, or -1.
 */
static int check_scopes(const struct iot_cur *u)
{
	int n = 0;

	for (size_t off = DRHD_LEN; off < u->len;) {
		unsigned int len;

		if (!iot_cur_need(u, off, SCOPE_LEN, "Device Scope", "dmar-truncated"))
			return -1;
		len = iot_cur_u8(u, off + 1);
		if (len < SCOPE_LEN || (len - SCOPE_LEN) % 2) {
			iot_cur_report(u, IOT_SEV_ERROR, off + 1, "dmar-scope",
				       "Device Scope Length",
				       "%u is not 6 plus whole (device, function) pairs", len);
			return -1;
		}
		if (!iot_cur_need(u, off, len, "Device Scope", "dmar-truncated"))
			return -1;
		off += len;
		n++;
	}
	return n;
}

static int read_drhd(const struct iot_cur *u, size_t index, struct iot_topology *t)
{
	struct iot_iommu *mmu;
	uint8_t flags, size;
	uint16_t seg;
	int scopes;

	if (!iot_cur_need(u, 0, DRHD_LEN, "header", "dmar-truncated"))
		return -1;
	flags = iot_cur_u8(u, 4);
	size = iot_cur_u8(u, 5);
	seg = iot_cur_u16(u, 6);
	scopes = check_scopes(u);
	if (scopes < 0)
		return -1;
	mmu = iot_add_iommu(t);
	mmu->name = iot_asprintf("dmar%zu", index);
	mmu->model = IOT_IOMMU_INTEL_VTD;
	mmu->base = iot_cur_u64(u, 8);
	/* Size: the register set spans 2^N 4 KiB pages (DMAR revision 2+, 0 before) */
	mmu->size = (uint64_t)0x1000 << (size & 0xf);
	mmu->pci_segment = seg;
	mmu->loc = iot_loc_bin(u->file, u->start);
	if (!(flags & DRHD_INCLUDE_PCI_ALL))
		iot_cur_report(
			u, IOT_SEV_NOTE, 4, NULL, "Flags",
			"the unit lists %d device scope entries instead of INCLUDE_PCI_ALL; "
			"iotopo does not model scopes and takes it to cover all of segment %u",
			scopes, seg);
	return 0;
}

int iot_dmar_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	struct iot_cur c;
	size_t use, n_drhd = 0;
	int rc = 0;

	iot_cur_init(&c, data, len, file, d, "DMAR header");
	use = acpi_read_header(&c, "DMAR", t);
	if (!use || !iot_cur_need(&c, 0, DMAR_HDR_LEN, "Host Address Width", "dmar-truncated"))
		return -1;
	/* dmar.c:dmar_walk_remapping_entries: a 0-length or overlong structure ends the walk */
	for (size_t off = DMAR_HDR_LEN, i = 0; off < use; i++) {
		struct iot_cur u;
		unsigned int type, slen;

		if (!iot_cur_need(&c, off, 4, "remapping structure header", "dmar-truncated")) {
			rc = -1;
			break;
		}
		type = iot_cur_u16(&c, off);
		slen = iot_cur_u16(&c, off + 2);
		if (slen < 4) {
			iot_cur_report(
				&c, IOT_SEV_ERROR, off + 2, "dmar-length", "Length",
				"structure %zu (type %u) is %u bytes, shorter than its header", i,
				type, slen);
			rc = -1;
			break;
		}
		if (!iot_cur_need(&c, off, slen, "remapping structure", "dmar-truncated")) {
			rc = -1;
			break;
		}
		iot_cur_sub(&u, &c, off, slen, "DMAR structure %zu (%s)", i,
			    type <= DMAR_TYPE_SATC ? struct_names[type] : "unknown");
		if (type == DMAR_TYPE_DRHD) {
			if (read_drhd(&u, n_drhd++, t) < 0)
				rc = -1;
		} else if (type > DMAR_TYPE_SATC) {
			/* dmar.c:dmar_walk_remapping_entries: unknown types are skipped */
			iot_cur_report(&c, IOT_SEV_WARNING, off, NULL, "Type",
				       "unknown structure type %u skipped", type);
		}
		off += slen;
	}
	if (!n_drhd && rc == 0) {
		struct iot_loc loc = iot_loc_bin(file, 0);

		iot_warning(d, &loc, "DMAR has no DRHD: no VT-d unit translates anything");
	}
	return rc;
}
