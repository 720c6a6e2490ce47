// SPDX-License-Identifier: MIT
/*
 * ACPI MADT ("APIC", ACPI spec 5.2.12), read as a companion table of the DMAR
 * and IVRS: only its I/O APIC structures (type 1), whose IDs DMAR IOAPIC
 * scopes and IVRS special entries must name (intel/irq_remapping.c:
 * parse_ioapics_under_ir, amd/init.c:check_ioapic_information).  The walk is
 * drivers/acpi/tables.c:acpi_parse_entries_array's; the checks are the ones
 * arch/x86/kernel/acpi/boot.c:acpi_parse_ioapic (BAD_MADT_ENTRY) makes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "x86/x86_int.h"
#include "x86/x86.h"

#define MADT_HEADER_LEN 44 /* ACPI header + Local Interrupt Controller Address, Flags */
#define MADT_IOAPIC 1
#define MADT_IOAPIC_LEN 12

static void add_ioapic(struct iot_topology *t, const struct iot_cur *c, size_t off)
{
	struct iot_machine *m = &t->machine;
	struct iot_x86_ioapic *a;
	uint8_t id = iot_cur_u8(c, off + 2);

	for (size_t i = 0; i < m->n_ioapics; i++)
		if (m->ioapics[i].id == id) {
			/* arch/x86/kernel/apic/io_apic.c:io_apic_unique_id */
			iot_x86_report(
				c, off + 2, IOT_RULE_MADT_IOAPIC_DUPLICATE,
				"MADT I/O APIC at 0x%zx: I/O APIC ID %u is the one at 0x%llx "
				"too; Linux gives this one another ID "
				"(io_apic.c:io_apic_unique_id), so DMAR and IVRS entries "
				"naming %u reach only the first",
				iot_cur_abs(c, off), id,
				(unsigned long long)m->ioapics[i].loc.offset, id);
			break;
		}
	m->ioapics = iot_xrealloc(m->ioapics, (m->n_ioapics + 1) * sizeof(*m->ioapics));
	a = &m->ioapics[m->n_ioapics++];
	memset(a, 0, sizeof(*a));
	a->id = id;
	a->address = iot_cur_u32(c, off + 4);
	a->gsi_base = iot_cur_u32(c, off + 8);
	a->loc = iot_cur_loc(c, off);
	a->loc.length = MADT_IOAPIC_LEN;
}

int iot_madt_read(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
		  struct iot_diags *d)
{
	static const struct iot_x86_table_rules rules = { IOT_RULE_MADT_HEADER,
							  IOT_RULE_MADT_HEADER,
							  IOT_RULE_ACPI_CHECKSUM };
	struct iot_cur c;
	size_t off, items = 0;

	if (iot_x86_table(&c, data, len, file, "APIC", &rules, d) < 0)
		return -1;
	c.src = IOT_SRC_MADT;
	c.origin = iot_add_acpi_origin(t, IOT_SRC_MADT, 0, file, data, len);
	if (!iot_x86_need(&c, 36, MADT_HEADER_LEN - 36, IOT_RULE_MADT_HEADER,
			  "MADT Local Interrupt Controller Address and Flags"))
		return -1;
	/* acpi_parse_entries_array: while (entry + header < end) */
	for (off = MADT_HEADER_LEN; off + 2 < c.len; items++) {
		uint8_t type = iot_cur_u8(&c, off), slen = iot_cur_u8(&c, off + 1);

		if (items >= IOT_X86_MAX_ITEMS) {
			iot_x86_report(&c, off, IOT_RULE_MADT_STRUCTURE,
				       "MADT: more than %u structures; the rest is not read",
				       IOT_X86_MAX_ITEMS);
			break;
		}
		if (!slen) {
			iot_x86_report(
				&c, off + 1, IOT_RULE_MADT_STRUCTURE,
				"MADT structure at 0x%zx (type %u): Length 0; Linux stops "
				"reading the MADT there and turns ACPI off "
				"(tables.c:acpi_parse_entries_array \"Invalid zero length\", "
				"boot.c:acpi_process_madt \"Invalid BIOS MADT\")",
				iot_cur_abs(&c, off), type);
			break;
		}
		if (type == MADT_IOAPIC) {
			/* boot.c:acpi_parse_ioapic, BAD_MADT_ENTRY: -EINVAL turns ACPI off */
			if (slen < MADT_IOAPIC_LEN || !iot_cur_has(&c, off, MADT_IOAPIC_LEN)) {
				iot_x86_report(
					&c, off + 1, IOT_RULE_MADT_STRUCTURE,
					"MADT I/O APIC at 0x%zx: Length %u%s; Linux rejects "
					"the MADT and turns ACPI off (boot.c:acpi_parse_ioapic "
					"BAD_MADT_ENTRY, acpi_process_madt \"Invalid BIOS "
					"MADT\")",
					iot_cur_abs(&c, off), slen,
					slen < MADT_IOAPIC_LEN ? ", not 12" :
								 ", past the table's end");
				break;
			}
			add_ioapic(t, &c, off);
		}
		off += slen;
	}
	/* an Arm MADT (GIC structures only) says nothing DMAR or IVRS could name */
	if (t->machine.n_ioapics)
		t->machine.has_madt = true;
	return 0;
}
