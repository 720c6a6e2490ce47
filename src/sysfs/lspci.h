/* SPDX-License-Identifier: MIT */
/*
 * Read the PCI hierarchy from lspci output that carries configuration space:
 * `lspci -x` (64 bytes a function), `-xxx` (256), `-xxxx` (4096 for PCIe),
 * alone or with -D, -nn, -k, -v/-vv/-vvv (the indented detail lines are
 * skipped except "Kernel driver in use:").  The hex dump is the same
 * config file sysfs exposes, so it goes through the sysfs reader's parser
 * (pciconfig.c) and placement (attach.c): bus topology from the bridges'
 * secondary bus numbers, PCIe port types, ACS, ARI and SR-IOV from the
 * capabilities.  Without a dump, -vv/-vvv text is read instead: its
 * register detail (bridge bus numbers, PCIe port type, ACSCap/ACSCtl,
 * DevCtl2 ARIFwd, SR-IOV counts, IDs and class with -nn) is written into a
 * configuration space image for the same parser.  Plain lspci, -v, -t and
 * -m/-mm carry neither and are refused with what to run instead.
 */
#ifndef IOTOPO_LSPCI_H
#define IOTOPO_LSPCI_H

#include <stddef.h>

#include "model/model.h"
#include "util/diag.h"

/* Largest number of functions read from one listing (a bound on hostile input). */
#define IOT_LSPCI_MAX_FUNCS (1u << 20)

/*
 * Read lspci output @text (@len bytes, need not be NUL-terminated) named
 * @path (must outlive @d and @t) into @t: one root per PCI segment as the
 * sysfs reader makes them (attach.h).  Every diagnostic is `path:line:col`.
 * Returns 0, or -1 with errors in @d (then nothing is added to @t).
 */
int iot_lspci_read(const char *text, size_t len, const char *path, struct iot_topology *t,
		   struct iot_diags *d);

#endif
