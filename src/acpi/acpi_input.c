// SPDX-License-Identifier: MIT
/*
 * The ways ACPI tables reach iotopo: one raw table, acpidump text (what
 * acpixtract reads), or a directory laid out like /sys/firmware/acpi/tables.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acpi/acpi_int.h"
#include "tables/registry.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "x86/x86.h"

int iot_acpi_read_table(const uint8_t *data, size_t len, const char *file, struct iot_topology *t,
			struct iot_diags *d)
{
	const struct iot_acpi_table *tb = len >= 4 ? iot_acpi_table_find((const char *)data) : NULL;
	struct iot_loc loc = iot_loc_bin(file, 0);
	char names[64];

	if (tb && tb->read)
		return tb->read(data, len, file, t, d);
	iot_rule_diag(d, IOT_RULE_ACPI_SIGNATURE, &loc,
		      "table signature \"%.4s\" is not %s; iotopo reads only those",
		      len >= 4 ? (const char *)data : "",
		      iot_acpi_table_names(names, sizeof(names)));
	return -1;
}

struct dump_table {
	char sig[5];
	unsigned int line;
	struct iot_buf data;
	bool bad;
};

static int flush_table(struct dump_table *tb, const char *file, struct iot_topology *t,
		       struct iot_diags *d, int *found)
{
	const struct iot_acpi_table *reg;
	int rc = 0;

	if (!tb->sig[0])
		return 0;
	reg = iot_acpi_table_find(tb->sig);
	if (reg && reg->read) {
		struct iot_loc loc = iot_loc_text(file, tb->line, 1);

		*found += !reg->companion;
		if (tb->bad || !tb->data.len) {
			if (!tb->data.len)
				iot_rule_diag(d, IOT_RULE_ACPIDUMP_SYNTAX, &loc,
					      "%s has no data lines", tb->sig);
			rc = -1;
		} else if (tb->data.len < 4 || memcmp(tb->data.data, tb->sig, 4)) {
			iot_rule_diag(d, IOT_RULE_ACPIDUMP_SYNTAX, &loc,
				      "the data under \"%s @\" does not start with that signature",
				      tb->sig);
			rc = -1;
		} else if (iot_acpi_read_table(tb->data.data, tb->data.len, file, t, d) < 0) {
			rc = -1;
		}
	}
	tb->sig[0] = '\0';
	tb->bad = false;
	iot_buf_reset(&tb->data);
	return rc;
}

/* "    0010: 42 58 50 43 ...  BXPC" -> bytes appended; false on a malformed line */
static bool parse_data_line(const char *p, const char *end, struct dump_table *tb, const char *file,
			    unsigned int line, struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(file, line, 1);
	const char *line_start = p;
	unsigned long long off = 0;
	int digits = 0, n = 0;

	while (p < end && isspace((unsigned char)*p))
		p++;
	while (p < end && iot_hexval(*p) >= 0 && digits < 9) {
		off = off << 4 | (unsigned int)iot_hexval(*p++);
		digits++;
	}
	if (!digits || p + 1 >= end || p[0] != ':' || p[1] != ' ') {
		iot_rule_diag(d, IOT_RULE_ACPIDUMP_SYNTAX, &loc,
			      "expected \"OFFSET: XX XX ...\" in a data line");
		return false;
	}
	if (off != tb->data.len) {
		iot_rule_diag(d, IOT_RULE_ACPIDUMP_OFFSET, &loc,
			      "data line at offset 0x%llX, but 0x%zX bytes were read so far", off,
			      tb->data.len);
		return false;
	}
	p += 2;
	/* acpixtract: up to 16 "XX" tokens after the colon; the ASCII column follows */
	while (n < 16 && p + 1 < end && iot_hexval(p[0]) >= 0 && iot_hexval(p[1]) >= 0 &&
	       (p + 2 == end || p[2] == ' ')) {
		iot_buf_addc(&tb->data, (char)(iot_hexval(p[0]) << 4 | iot_hexval(p[1])));
		n++;
		p += 3;
		if (p > end)
			break;
	}
	if (!n || (n < 16 && p + 1 < end && *p != ' ' && p[1] != ' ')) {
		iot_rule_diag(d, IOT_RULE_ACPIDUMP_SYNTAX, &loc,
			      "\"%.*s\" at column %zu is not a hex byte",
			      p < end ? (int)(end - p < 2 ? end - p : 2) : 0, p < end ? p : "",
			      (size_t)(p - line_start) + 1);
		return false;
	}
	if (tb->data.len > ACPI_MAX_TABLE) {
		iot_rule_diag(d, IOT_RULE_ACPIDUMP_SIZE, &loc, "table %s is larger than %u bytes",
			      tb->sig, ACPI_MAX_TABLE);
		return false;
	}
	return true;
}

/* A header is a line that does not start with a space and contains " @ " (acpixtract). */
static bool header_line(const char *p, const char *end, char sig[5])
{
	const char *at;
	size_t n;

	if (p >= end || isspace((unsigned char)*p))
		return false;
	at = memmem(p, (size_t)(end - p), " @ ", 3);
	if (!at || at - p > 48)
		return false;
	n = (size_t)(at - p);
	if (n >= 4 && !memcmp(p, "RSD ", 4))
		n = 4;
	memset(sig, 0, 5);
	memcpy(sig, p, n > 4 ? 4 : n);
	return true;
}

int iot_acpidump_read(const char *text, size_t len, const char *file, struct iot_topology *t,
		      struct iot_diags *d)
{
	struct dump_table tb = { 0 };
	const char *p = text, *end = text + len;
	unsigned int line = 0;
	int rc = 0, found = 0, tables = 0;

	iot_buf_init(&tb.data);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le;
		char sig[5];

		if (!eol)
			eol = end;
		le = eol;
		if (le > p && le[-1] == '\r')
			le--;
		line++;
		if (header_line(p, le, sig)) {
			if (flush_table(&tb, file, t, d, &found) < 0)
				rc = -1;
			memcpy(tb.sig, sig, 5);
			tb.line = line;
			tables++;
		} else if (p < le && isspace((unsigned char)*p) &&
			   memmem(p, (size_t)(le - p), ": ", 2)) {
			if (tb.sig[0] && !tb.bad && !parse_data_line(p, le, &tb, file, line, d))
				tb.bad = true;
		}
		p = eol + 1;
	}
	if (flush_table(&tb, file, t, d, &found) < 0)
		rc = -1;
	iot_buf_free(&tb.data);
	if (!tables) {
		struct iot_loc loc = iot_loc_text(file, 0, 0);

		iot_rule_diag(d, IOT_RULE_ACPIDUMP_SYNTAX, &loc,
			      "no table in this acpidump (no \"SIG @ 0x...\" header line)");
		return -1;
	}
	if (!found) {
		/*
		 * A machine with VT-d, AMD-Vi or the SMMU off in its firmware:
		 * Linux boots it without an IOMMU (e.g. intel/dmar.c:dmar_table_detect
		 * finding no DMAR only leaves DMA remapping off), so this is a
		 * finding on a machine iotopo still reads, not a refusal.
		 */
		struct iot_loc loc = iot_loc_text(file, 0, 0);
		char names[64];

		iot_rule_diag(
			d, IOT_RULE_ACPIDUMP_NO_TABLE, &loc,
			"no %s table in this acpidump: Linux finds no IOMMU on this machine "
			"and translates no device (is the IOMMU disabled in the firmware setup?)",
			iot_acpi_table_names(names, sizeof(names)));
	}
	return rc;
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The tables directory under @dir: itself laid out like /, like /sys... or the directory itself. */
static char *tables_dir(const char *dir)
{
	static const char *const subdirs[] = { "sys/firmware/acpi/tables", "firmware/acpi/tables",
					       "acpi/tables", "tables" };
	struct stat st;

	for (size_t s = 0; s < IOT_ARRAY_SIZE(subdirs); s++) {
		char *p = iot_asprintf("%s/%s", dir, subdirs[s]);

		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			return p;
		free(p);
	}
	return iot_strdup(dir);
}

int iot_acpi_read_tables_dir(const char *dir, struct iot_topology *t, struct iot_diags *d,
			     bool required)
{
	struct iot_loc loc = iot_loc_text(dir, 0, 0);
	char *tdir = tables_dir(dir), names[64];
	const struct iot_acpi_table *reg;
	int found = 0, rc = 0;
	size_t n;

	reg = iot_acpi_tables(&n);
	for (size_t k = 0; k < n; k++) {
		char *path = iot_asprintf("%s/%s", tdir, reg[k].sig);
		uint8_t *data;
		size_t len;

		if (!reg[k].read || !is_file(path)) {
			free(path);
			continue;
		}
		found += !reg[k].companion;
		/* diagnostics name the table's file: the topology keeps the string */
		iot_topology_keep(t, path);
		if (iot_read_file(path, &data, &len, d) < 0) {
			rc = -1;
			continue;
		}
		if (iot_acpi_read_table(data, len, path, t, d) < 0)
			rc = -1;
		free(data);
	}
	free(tdir);
	if (!found && required) {
		iot_error(d, &loc,
			  "no %s under this directory (looked in sys/firmware/acpi/tables and the "
			  "directory itself)",
			  iot_acpi_table_names(names, sizeof(names)));
		return -1;
	}
	return rc;
}
