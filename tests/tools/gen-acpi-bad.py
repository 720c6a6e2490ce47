#!/usr/bin/python3
"""Generate the bad-table corpus tests/cases/acpi-bad-*/ from the reviewed goldens.

Each case is one mutation of a good table (tests/fixtures/acpi/), with the
checksum fixed afterwards unless the mutation is about the checksum, so each
case shows exactly one problem (plus whatever follows from it).  The script
writes the input and `cmd`; the expected stderr/exit come from running
`IOTOPO_UPDATE=1 ctest -R case/acpi-bad` and are reviewed by hand.

    tests/tools/gen-acpi-bad.py          # from the source tree root
"""
import os
import shutil
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "tests", "fixtures", "acpi")
CASES = os.path.join(ROOT, "tests", "cases")

ALL = open(os.path.join(FIX, "all-nodes-rev6.IORT"), "rb").read()
EX = open(os.path.join(FIX, "example-d-iasl20200925.IORT"), "rb").read()
VIOT = open(os.path.join(FIX, "all-nodes.VIOT"), "rb").read()

# Node offsets of all-nodes-rev6.IORT (see `iotopo compile --iort-asl`):
ITS, SMMU2, SMMU3, PMCG, NC0, NC1, RC0, RC1, RMR = (
    0x30, 0x4C, 0xB0, 0x11C, 0x158, 0x1C0, 0x200, 0x23C, 0x278)
# all-nodes.VIOT: virtio-pci @0x30, virtio-mmio @0x40, ranges @0x50 @0x68, MMIO ep @0x80
V_PCI, V_MMIO, V_R0, V_R1, V_EP = 0x30, 0x40, 0x50, 0x68, 0x80


def put(b, off, width, v):
    b[off:off + width] = v.to_bytes(width, "little")


def fix_checksum(b):
    n = min(len(b), int.from_bytes(b[4:8], "little"))
    if len(b) < 10:
        return
    b[9] = 0
    b[9] = (-sum(b[:n])) & 0xFF


def mut(base, edits, checksum=True):
    def f():
        b = bytearray(base)
        for off, width, v in edits:
            put(b, off, width, v)
        if checksum:
            fix_checksum(b)
        return bytes(b)
    return f


def trunc(base, n, fix=False):
    def f():
        b = bytearray(base[:n])
        if fix:
            put(b, 4, 4, n)
            fix_checksum(b)
        return bytes(b)
    return f


def raw(data):
    return lambda: data


# name: (file name, bytes-maker, option)
M = {
    # common header
    "checksum": ("IORT.bin", mut(ALL, [(9, 1, (ALL[9] + 1) & 0xFF)], False), "iort"),
    "truncated-header": ("IORT.bin", trunc(ALL, 30), "iort"),
    "truncated-iort-header": ("IORT.bin", trunc(ALL, 40, True), "iort"),
    "truncated-mid-node": ("IORT.bin", trunc(ALL, 0x190), "iort"),
    "length-past-end": ("IORT.bin", mut(ALL, [(4, 4, len(ALL) + 0x100)]), "iort"),
    "length-below-header": ("IORT.bin", mut(ALL, [(4, 4, 30)]), "iort"),
    "length-short-of-data": ("IORT.bin", mut(ALL, [(4, 4, len(ALL) - 0x58)]), "iort"),
    "signature-unknown": ("XXXX.bin", mut(ALL, [(0, 4, int.from_bytes(b"XSDT", "little"))]),
                          "iort"),
    # IORT header and node walk
    "node-count-lies-high": ("IORT.bin", mut(ALL, [(36, 4, 12)]), "iort"),
    "node-count-lies-low": ("IORT.bin", mut(ALL, [(36, 4, 5)]), "iort"),
    "node-count-huge": ("IORT.bin", mut(ALL, [(36, 4, 0xFFFFFFFF)]), "iort"),
    "node-offset-in-header": ("IORT.bin", mut(ALL, [(40, 4, 0x10)]), "iort"),
    "node-offset-past-end": ("IORT.bin", mut(ALL, [(40, 4, 0x10000)]), "iort"),
    "node-offset-misaligned": ("IORT.bin", mut(ALL, [(40, 4, 0x34)]), "iort"),
    "header-reserved": ("IORT.bin", mut(ALL, [(44, 4, 1)]), "iort"),
    "zero-length-node": ("IORT.bin", mut(ALL, [(SMMU2 + 1, 2, 0)]), "iort"),
    "node-length-short": ("IORT.bin", mut(ALL, [(SMMU3 + 1, 2, 8)]), "iort"),
    "node-length-past-end": ("IORT.bin", mut(ALL, [(RMR + 1, 2, 0x200)]), "iort"),
    "overlapping-nodes": ("IORT.bin", mut(ALL, [(ITS + 1, 2, 0x40)]), "iort"),
    "unknown-node-type": ("IORT.bin", mut(ALL, [(RC1, 1, 9)]), "iort"),
    "iwb-node-type": ("IORT.bin", mut(ALL, [(RC1, 1, 7)]), "iort"),
    "node-revision-too-new": ("IORT.bin", mut(ALL, [(SMMU3 + 3, 1, 9)]), "iort"),
    "table-revision-withdrawn": ("IORT.bin", mut(ALL, [(8, 1, 4)]), "iort"),
    "table-revision-unknown": ("IORT.bin", mut(ALL, [(8, 1, 99)]), "iort"),
    "rmr-in-revision-3": ("IORT.bin", mut(ALL, [(8, 1, 3)]), "iort"),
    "identifier-duplicate": ("IORT.bin", mut(ALL, [(PMCG + 4, 4, 2)]), "iort"),
    "identifier-in-revision-0": ("IORT.bin", mut(EX, [(0x48 + 4, 4, 5)]), "iort"),
    # references
    "ref-into-middle": ("IORT.bin", mut(ALL, [(RC0 + 0x28 + 12, 4, SMMU3 + 4)]), "iort"),
    "ref-past-end": ("IORT.bin", mut(ALL, [(RC0 + 0x28 + 12, 4, 0x1000)]), "iort"),
    "ref-zero": ("IORT.bin", mut(ALL, [(RC0 + 0x28 + 12, 4, 0)]), "iort"),
    "ref-into-header": ("IORT.bin", mut(ALL, [(RC0 + 0x28 + 12, 4, 0x10)]), "iort"),
    "ref-self": ("IORT.bin", mut(ALL, [(RC0 + 0x28 + 12, 4, RC0)]), "iort"),
    "ref-rc-to-rc": ("IORT.bin", mut(ALL, [(RC0 + 0x28 + 12, 4, RC1)]), "iort"),
    "ref-nc-to-nc": ("IORT.bin", mut(ALL, [(NC0 + 0x2C + 12, 4, NC1)]), "iort"),
    "ref-smmu-to-smmu": ("IORT.bin", mut(ALL, [(SMMU3 + 0x44 + 12, 4, SMMU2)]), "iort"),
    "pmcg-ref-into-middle": ("IORT.bin", mut(ALL, [(PMCG + 28, 4, SMMU3 + 8)]), "iort"),
    "pmcg-ref-to-rmr": ("IORT.bin", mut(ALL, [(PMCG + 28, 4, RMR)]), "iort"),
    "rmr-maps-to-its": ("IORT.bin", mut(ALL, [(RMR + 0x44 + 12, 4, ITS)]), "iort"),
    # mapping arrays
    "mapping-offset-past-node": ("IORT.bin", mut(ALL, [(RC0 + 12, 4, 0x200)]), "iort"),
    "mapping-offset-inside-fields": ("IORT.bin", mut(ALL, [(RC0 + 12, 4, 0x10)]), "iort"),
    "mapping-count-lies": ("IORT.bin", mut(ALL, [(SMMU3 + 8, 4, 5)]), "iort"),
    "mapping-count-huge": ("IORT.bin", mut(ALL, [(SMMU3 + 8, 4, 0x10000000)]), "iort"),
    "map-flags-reserved": ("IORT.bin", mut(ALL, [(RC0 + 0x28 + 16, 4, 0x80000000)]), "iort"),
    "nc-range-mapping": ("IORT.bin", mut(ALL, [(NC1 + 0x2C + 16, 4, 0)]), "iort"),
    # node bodies
    "its-count-zero": ("IORT.bin", mut(ALL, [(ITS + 16, 4, 0)]), "iort"),
    "its-count-huge": ("IORT.bin", mut(ALL, [(ITS + 16, 4, 0x40000000)]), "iort"),
    "its-with-mappings": ("IORT.bin", mut(ALL, [(ITS + 8, 4, 1), (ITS + 12, 4, 0x10)]), "iort"),
    "nc-name-without-nul": ("IORT.bin", mut(ALL, [(NC1 + 29 + i, 1, 0x41) for i in range(15)]),
                            "iort"),
    "nc-flags-reserved": ("IORT.bin", mut(ALL, [(NC0 + 16, 4, 0x80)]), "iort"),
    "memattr-cca-not-boolean": ("IORT.bin", mut(ALL, [(RC0 + 16, 4, 2)]), "iort"),
    "memattr-reserved": ("IORT.bin", mut(ALL, [(RC0 + 21, 2, 0x1234)]), "iort"),
    "memattr-hints-reserved": ("IORT.bin", mut(ALL, [(NC0 + 24, 1, 0xF0)]), "iort"),
    "rc-ats-reserved": ("IORT.bin", mut(ALL, [(RC0 + 24, 4, 0x0B)]), "iort"),
    "rc-pasid-caps-reserved": ("IORT.bin", mut(ALL, [(RC0 + 33, 2, 0x0114)]), "iort"),
    "rc-flags-reserved": ("IORT.bin", mut(ALL, [(RC0 + 36, 4, 3)]), "iort"),
    "smmuv3-flags-reserved": ("IORT.bin", mut(ALL, [(SMMU3 + 24, 4, 0x35)]), "iort"),
    "smmuv3-httu-reserved": ("IORT.bin", mut(ALL, [(SMMU3 + 24, 4, 0x17)]), "iort"),
    "smmuv3-reserved": ("IORT.bin", mut(ALL, [(SMMU3 + 28, 4, 1)]), "iort"),
    "smmuv3-model-unknown": ("IORT.bin", mut(ALL, [(SMMU3 + 40, 4, 7)]), "iort"),
    "smmuv3-devid-index-out": ("IORT.bin", mut(ALL, [(SMMU3 + 64, 4, 5)]), "iort"),
    "smmuv3-devid-index-range": ("IORT.bin", mut(ALL, [(SMMU3 + 64, 4, 0)]), "iort"),
    "smmu-irq-array-past-node": ("IORT.bin", mut(ALL, [(SMMU2 + 48, 4, 0x200)]), "iort"),
    "smmu-irq-count-huge": ("IORT.bin", mut(ALL, [(SMMU2 + 52, 4, 0x20000000)]), "iort"),
    "smmu-model-unknown": ("IORT.bin", mut(ALL, [(SMMU2 + 32, 4, 9)]), "iort"),
    "smmu-flags-reserved": ("IORT.bin", mut(ALL, [(SMMU2 + 36, 4, 0x5)]), "iort"),
    "smmu-global-irq-offset": ("IORT.bin", mut(ALL, [(SMMU2 + 40, 4, 0x40)]), "iort"),
    "rmr-count-zero": ("IORT.bin", mut(ALL, [(RMR + 20, 4, 0)]), "iort"),
    "rmr-count-huge": ("IORT.bin", mut(ALL, [(RMR + 20, 4, 0x0FFFFFFF)]), "iort"),
    "rmr-offset-past-node": ("IORT.bin", mut(ALL, [(RMR + 24, 4, 0x400)]), "iort"),
    "rmr-zero-length-range": ("IORT.bin", mut(ALL, [(RMR + 28 + 8, 8, 0)]), "iort"),
    "rmr-flags-reserved": ("IORT.bin", mut(ALL, [(RMR + 16, 4, 0x80000001)]), "iort"),
    # VIOT
    "viot-checksum": ("VIOT.bin", mut(VIOT, [(9, 1, (VIOT[9] + 3) & 0xFF)], False), "viot"),
    "viot-truncated": ("VIOT.bin", trunc(VIOT, 0x5C), "viot"),
    "viot-node-count-lies": ("VIOT.bin", mut(VIOT, [(36, 2, 9)]), "viot"),
    "viot-node-offset-in-header": ("VIOT.bin", mut(VIOT, [(38, 2, 0x20)]), "viot"),
    "viot-header-reserved": ("VIOT.bin", mut(VIOT, [(40, 8, 0xFF)]), "viot"),
    "viot-zero-length-node": ("VIOT.bin", mut(VIOT, [(V_MMIO + 2, 2, 0)]), "viot"),
    "viot-node-length-short": ("VIOT.bin", mut(VIOT, [(V_R0 + 2, 2, 8)]), "viot"),
    "viot-node-length-past-end": ("VIOT.bin", mut(VIOT, [(V_EP + 2, 2, 0x100)]), "viot"),
    "viot-ref-into-middle": ("VIOT.bin", mut(VIOT, [(V_R0 + 16, 2, V_PCI + 4)]), "viot"),
    "viot-ref-past-end": ("VIOT.bin", mut(VIOT, [(V_EP + 16, 2, 0x400)]), "viot"),
    "viot-ref-to-endpoint": ("VIOT.bin", mut(VIOT, [(V_R1 + 16, 2, V_R0)]), "viot"),
    "viot-unknown-node-type": ("VIOT.bin", mut(VIOT, [(V_R1, 1, 9)]), "viot"),
    "viot-node-reserved": ("VIOT.bin", mut(VIOT, [(V_PCI + 1, 1, 1), (V_R0 + 20, 1, 1)]),
                           "viot"),
    "viot-bdf-range-inverted": ("VIOT.bin", mut(VIOT, [(V_R0 + 12, 2, 0x900)]), "viot"),
    "viot-segment-range-inverted": ("VIOT.bin", mut(VIOT, [(V_R1 + 8, 2, 2)]), "viot"),
    "viot-segment-range-huge": ("VIOT.bin", mut(VIOT, [(V_R0 + 10, 2, 0xFFFF)]), "viot"),
}


# Lint cases (tests/cases/lint-iort-NAME/, `lint IORT.bin`): an error Linux acts on, then a
# finding from later in the table, so the case fails if the rule is lost or the reader stops.
LINT = {
    # arm-smmu.c:acpi_smmu_get_data refuses model 9; the RMR node after it has a 0-length range
    "smmu-model-goes-on": mut(ALL, [(SMMU2 + 32, 4, 9), (RMR + 28 + 8, 8, 0)]),
    # iort.c:iort_find_rmrs ignores RMRs below revision 5; the same RMR has a 0-length range
    "rmr-revision-goes-on": mut(ALL, [(8, 1, 3), (RMR + 28 + 8, 8, 0)]),
}


def hexdump(sig, data):
    out = ["%s @ 0x0000000000000000" % sig]
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        hexs = " ".join("%02X" % c for c in chunk)
        asc = "".join(chr(c) if 32 <= c < 127 else "." for c in chunk)
        out.append("    %04X: %-48s %s" % (i, hexs, asc))
    return "\n".join(out) + "\n\n"


DUMPS = {
    # a good dump holding three tables (one ignored) is in acpi-acpidump-ok
    "acpidump-offset-gap": hexdump("IORT", EX).replace("    0020:", "    0030:", 1),
    "acpidump-bad-data-line": hexdump("IORT", EX).replace("    0010: 45", "    0010: G5", 1),
    "acpidump-no-iort-or-viot": hexdump("FACP", EX[:64]),
    "acpidump-signature-mismatch": hexdump("IORT", VIOT),
    "acpidump-bad-table-inside": hexdump("VIOT", VIOT) + hexdump(
        "IORT", bytes(mut(EX, [(0x48 + 12, 4, 0x300)])())),
}


def write_case(name, fname, data, cmd):
    d = os.path.join(CASES, "acpi-bad-" + name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(d, fname), mode) as f:
        f.write(data)
    with open(os.path.join(d, "cmd"), "w") as f:
        f.write(cmd + "\n")


def main():
    for name, (fname, make, opt) in sorted(M.items()):
        write_case(name, fname, make(), "compile %s --%s $OUT/out.aml" % (fname, opt))
    for name, text in sorted(DUMPS.items()):
        write_case(name, "dump.txt", text, "compile dump.txt --iort $OUT/out.aml")
    for name, make in sorted(LINT.items()):
        # goldens (stdout/stderr/exit) stay: IOTOPO_UPDATE=1 ctest -R case/lint-iort
        d = os.path.join(CASES, "lint-iort-" + name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "IORT.bin"), "wb") as f:
            f.write(make())
        with open(os.path.join(d, "cmd"), "w") as f:
            f.write("lint IORT.bin\n")
    print("%d cases, %d lint cases" % (len(M) + len(DUMPS), len(LINT)), file=sys.stderr)


if __name__ == "__main__":
    main()
