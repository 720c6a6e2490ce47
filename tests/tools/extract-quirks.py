#!/usr/bin/env python3
"""List the PCI quirks that decide IOMMU grouping, from a Linux source tree.

    tests/tools/extract-quirks.py LINUX-SRC > tests/fixtures/kernel/quirks-7.2.tsv

(--source-order keeps quirks.c's order, which decides among matching
pci_dev_acs_enabled[] rows; tests/tools/gen-quirk-table.py uses it.)

Reads drivers/pci/quirks.c (and include/linux/pci_ids.h for vendor names) and
prints one line per entry, sorted, tab-separated:

    acs       VENDOR DEVICE HOOK    pci_dev_acs_enabled[] (pci_dev_specific_acs_enabled)
    acs-ops   VENDOR DEVICE HOOK    pci_dev_acs_ops[] enable_acs hooks
    pch-id    8086   DEVICE -       pci_quirk_intel_pch_acs_ids[]
    fixup     VENDOR DEVICE HOOK    DECLARE_PCI_FIXUP_* of a DMA-alias or
                                    bridge-flag hook (CLASS/SHIFT appended
                                    for class fixups)
    fixed-alias VENDOR DEVICE SUBVENDOR:SUBDEVICE=DEVFN   fixed_dma_alias_tbl[]
    acs-cap   VENDOR DEVICE HOOK    pci_disable_broken_acs_cap (ACS SV cleared)

VENDOR and DEVICE are four hex digits, "any" for PCI_ANY_ID.  iotopo's own
table (src/kernel/pci_quirks.c) prints the same lines with
`iotopo groups --list-quirks --kernel VERSION`; tests/scripts/kernel-quirks.sh
compares the two.  Only the Python standard library is used.
"""
import re
import sys

HOOKS = {
    "quirk_dma_func0_alias", "quirk_dma_func1_alias", "quirk_fixed_dma_alias",
    "quirk_use_pcie_bridge_dma_alias", "quirk_mic_x200_dma_alias",
    "quirk_pex_vca_alias", "quirk_bridge_cavm_thrx2_pcie_root",
    "quirk_aspeed_pci_bridge_no_alias", "quirk_plx_ntb_dma_alias",
    "quirk_switchtec_ntb_dma_alias",
}


def ids_table(src):
    ids = {}
    for line in open(src + "/include/linux/pci_ids.h", encoding="latin-1"):
        m = re.match(r"#define\s+(PCI_\w+)\s+(0x[0-9a-fA-F]+)\b", line)
        if m:
            ids[m.group(1)] = int(m.group(2), 16)
    return ids


def num(tok, ids):
    tok = tok.strip()
    if tok in ("PCI_ANY_ID", "(u16)PCI_ANY_ID"):
        return "any"
    if tok in ids:
        return "%04x" % ids[tok]
    return "%04x" % int(tok, 0)


def strip_comments(text):
    text = text.replace("\\\n", " ")
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def block(text, start):
    i = text.index(start)
    j = text.index("};", i)
    return text[i:j]


def main():
    src = [a for a in sys.argv[1:] if not a.startswith("--")][0]
    ids = ids_table(src)
    text = strip_comments(open(src + "/drivers/pci/quirks.c", encoding="latin-1").read())
    out = []
    acs = block(text, "pci_dev_acs_enabled[] = {")
    for m in re.finditer(r"\{\s*([\w()]+)\s*,\s*([\w()]+)\s*,\s*(\w+)\s*\}", acs):
        out.append(("acs", num(m.group(1), ids), num(m.group(2), ids), m.group(3)))
    if "pci_dev_acs_ops[] = {" in text:
        ops = block(text, "pci_dev_acs_ops[] = {")
        for m in re.finditer(r"\{\s*([\w()]+)\s*,\s*([\w()]+)\s*,\s*\.enable_acs\s*=\s*(\w+)", ops):
            out.append(("acs-ops", num(m.group(1), ids), num(m.group(2), ids), m.group(3)))
    pch = block(text, "pci_quirk_intel_pch_acs_ids[] = {")
    for m in re.finditer(r"0x[0-9a-fA-F]+", pch.split("{", 1)[1]):
        out.append(("pch-id", "8086", "%04x" % int(m.group(0), 16), "-"))
    fixed = block(text, "fixed_dma_alias_tbl[] = {")
    for m in re.finditer(r"PCI_DEVICE_SUB\(\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*\)\s*,"
                         r"\s*\.driver_data\s*=\s*PCI_DEVFN\(\s*(\w+)\s*,\s*(\w+)\s*\)", fixed):
        devfn = (int(m.group(5), 0) << 3) | int(m.group(6), 0)
        out.append(("fixed-alias", num(m.group(1), ids), num(m.group(2), ids),
                    "%s:%s=%02x" % (num(m.group(3), ids), num(m.group(4), ids), devfn)))
    m = re.search(r"void pci_disable_broken_acs_cap\(.*?\n}", text, flags=re.S)
    if m:
        body = m.group(0)
        vend = re.search(r"pdev->vendor == (\w+)", body).group(1)
        for d in re.findall(r"pdev->device == (0x[0-9a-fA-F]+)", body):
            out.append(("acs-cap", num(vend, ids), num(d, ids), "pci_disable_broken_acs_cap"))
    macros = {}
    for m in re.finditer(r"#define\s+(\w+)\(vid\)\s*DECLARE_PCI_FIXUP_CLASS_\w+\(\s*(\w+)\s*,"
                         r"\s*vid\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*\)", text):
        macros[m.group(1)] = m.groups()[1:]
    for m in re.finditer(r"\b(\w+)\(\s*(0x[0-9a-fA-F]+)\s*\)\s*;", text):
        if m.group(1) in macros:
            vend, cls, shift, hook = macros[m.group(1)]
            if hook in HOOKS:
                out.append(("fixup", num(vend, ids), num(m.group(2), ids),
                            "%s/%s>>%s" % (hook, num(cls, ids), shift)))
    for m in re.finditer(r"DECLARE_PCI_FIXUP_(\w+)\(([^;]*?)\)\s*;", text):
        args = [a.strip() for a in m.group(2).split(",")]
        if m.group(1).startswith("CLASS_"):
            if len(args) == 5 and args[4] in HOOKS:
                out.append(("fixup", num(args[0], ids), num(args[1], ids),
                            "%s/%s>>%s" % (args[4], num(args[2], ids), args[3])))
        elif len(args) == 3 and args[2] in HOOKS:
            out.append(("fixup", num(args[0], ids), num(args[1], ids), args[2]))
    rows = out if "--source-order" in sys.argv else sorted(set(out))
    seen = set()
    for row in rows:
        if row not in seen:
            seen.add(row)
            print("\t".join(row))


if __name__ == "__main__":
    main()
