#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Generate the bad-DTB corpus: tests/cases/dt-bad-NAME/{in.dtb,cmd,exit}, and the
dt-read-NAME cases (maps the reader accepts but some kernels misread).

Regressions found by fuzzing (tests/cases/dt-bad-fuzz-*) are copied in by hand
and are not produced here.

Each case is a small good DTS with one thing broken (compiled with dtc -f),
or the good DTB with one header/structure field corrupted.  Run from the
source tree, then `IOTOPO_UPDATE=1 ctest -R case/dt-bad` to record the
diagnostics and review them:
    /usr/bin/python3 tests/scripts/dt-bad-gen.py

The golden DT outputs (tests/cases/dt-golden-EXAMPLE-{dts,dtsi}, dt-features-*) are
regenerated the same way, after a reviewed change to the writer:
    IOTOPO_UPDATE=1 ctest -R 'case/dt-(golden|features)'   (then read the git diff)
"""
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "cases")

GOOD = """/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	interrupt-parent = <&gic>;
	gic: intc@8000000 {
		compatible = "arm,gic-v3";
		#interrupt-cells = <3>;
		interrupt-controller;
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0xf60000>;
		its: msi-controller@8080000 {
			compatible = "arm,gic-v3-its";
			reg = <0 0x8080000 0 0x20000>;
			msi-controller;
			#msi-cells = <1>;
		};
	};
	smmu: iommu@9050000 {
		compatible = "arm,smmu-v3";
		reg = <0 0x9050000 0 0x20000>;
		interrupts = <0 74 1>;
		interrupt-names = "eventq";
		#iommu-cells = <1>;
	};
	pcie@10000000 {
		compatible = "pci-host-ecam-generic";
		device_type = "pci";
		#address-cells = <3>;
		#size-cells = <2>;
		bus-range = <0 0xff>;
		reg = <0x40 0x10000000 0 0x10000000>;
		ranges = <0x3000000 0x80 0 0x80 0 0x10 0>;
		linux,pci-domain = <0>;
		msi-map = <0 &its 0 0x10000>;
		iommu-map = <0 &smmu 0 0x10000>;
	};
	dma@1000 {
		compatible = "arm,pl330";
		reg = <0 0x1000 0 0x1000>;
		iommus = <&smmu 0x20>;
	};
	%(ROOT)s
};
&smmu { %(SMMU)s };
&{/pcie@10000000} { %(PCIE)s };
&{/dma@1000} { %(DMA)s };
"""

# name: (where, text); SMMU/PCIE/DMA text goes into an override block, so it replaces.
SEMANTIC = {
    "iommus-dangling": ("DMA", "iommus = <0x77 0x20>;"),
    "iommus-not-iommu": ("DMA", "iommus = <&gic 0x20>;"),
    "iommus-short": ("DMA", "iommus = <&smmu>;"),
    "iommus-odd-length": ("DMA", "iommus = [00 00 00 01 00 00];"),
    "iommu-cells-missing": ("ROOT", "bad: iommu@9060000 { compatible = \"arm,smmu-v3\"; "
                            "reg = <0 0x9060000 0 0x20000>; };"),
    "smmuv3-two-cells": ("ROOT", "bad: iommu@9060000 { compatible = \"arm,smmu-v3\"; "
                         "reg = <0 0x9060000 0 0x20000>; #iommu-cells = <2>; };"),
    "iommu-map-length": ("PCIE", "iommu-map = <0 &smmu 0 0x10000 0>;"),
    "iommu-map-not-iommu": ("PCIE", "iommu-map = <0 &its 0 0x10000>;"),
    "iommu-map-dangling": ("PCIE", "iommu-map = <0 0x55 0 0x10000>;"),
    "iommu-map-mask-length": ("PCIE", "iommu-map-mask = <0 0xfff8>;"),
    "msi-map-not-its": ("PCIE", "msi-map = <0 &smmu 0 0x10000>;"),
    "msi-parent-length": ("SMMU", "msi-parent = <&its 1 2>;"),
    "bus-range-reversed": ("PCIE", "bus-range = <0x10 0x01>;"),
    "bus-range-length": ("PCIE", "bus-range = <0x0>;"),
    "pci-domain-too-big": ("PCIE", "linux,pci-domain = <0x10000>;"),
    "smmu-reg-length": ("SMMU", "reg = <0 0x9050000 0 0x20000 0>;"),
    "irq-parent-loop": ("ROOT", "a: loop-a { interrupt-parent = <&b>; }; "
                        "b: loop-b { interrupt-parent = <&a>; }; "
                        "iommu@9070000 { compatible = \"arm,smmu-v3\"; "
                        "reg = <0 0x9070000 0 0x20000>; #iommu-cells = <1>; "
                        "interrupt-parent = <&a>; interrupts = <0 1 1>; };"),
    "irq-cells-wrong": ("SMMU", "interrupts = <0 74 1 0>;"),
    "global-irqs-too-many": ("ROOT", "iommu@2b400000 { compatible = \"arm,mmu-500\", "
                             "\"arm,smmu-v2\"; reg = <0 0x2b400000 0 0x10000>; "
                             "#global-interrupts = <4>; interrupts = <0 64 4>; "
                             "#iommu-cells = <1>; };"),
    "virtio-pci-outside": ("ROOT", "iommu@1 { compatible = \"virtio,pci-iommu\"; "
                           "reg = <0x800 0 0 0 0>; #iommu-cells = <1>; };"),
    "phandle-reserved": ("ROOT", "x { phandle = <0xffffffff>; };"),
    "phandle-duplicate": ("ROOT", "x { phandle = <1>; }; y { phandle = <1>; };"),
    "its-no-reg": ("ROOT", "its2 { compatible = \"arm,gic-v3-its\"; msi-controller; };"),
    "deep-nesting": ("ROOT", "n0 { " * 70 + "}; " * 70),
}

# Readable but questionable maps: tests/cases/dt-read-NAME with their own command (the reader
# accepts both row forms; the linter and the writer say which kernels misread them).
MMU500 = ("mmu500: iommu@2b400000 { compatible = \"arm,mmu-500\", \"arm,smmu-v2\"; "
          "reg = <0 0x2b400000 0 0x10000>; #global-interrupts = <0>; #iommu-cells = <2>; }; ")
READABLE = {
    # 4-cell rows with length > 1 to a 2-cell SMMU: only pre-2026 kernels read it
    "two-cell-four-cell-rows": (MMU500 + "pcie@20000000 { device_type = \"pci\"; "
                                "iommu-map = <0 &mmu500 0 0x100>; };",
                                "compile in.dtb --dtb $OUT/out.dtb\n"),
    # 5-cell rows (qcom style): only 2026+ kernels read it
    "five-cell-rows": (MMU500 + "pcie@20000000 { device_type = \"pci\"; "
                       "iommu-map = <0 &mmu500 0x1c00 0 1>, <0x100 &mmu500 0x1c01 0 1>; };",
                       "decode in.dtb\n"),
}


def dtc(src):
    r = subprocess.run(["dtc", "-q", "-f", "-I", "dts", "-O", "dtb", "-o", "-", "-"],
                       input=src.encode(), capture_output=True, check=False)
    if r.returncode or not r.stdout:
        sys.exit("dtc failed: " + r.stderr.decode())
    return bytearray(r.stdout)


def good():
    return dtc(GOOD % {"SMMU": "", "PCIE": "", "DMA": "", "ROOT": ""})


def put32(b, off, v):
    struct.pack_into(">I", b, off, v)


def get32(b, off):
    return struct.unpack_from(">I", b, off)[0]


def structural():
    g = good()
    size = len(g)
    ostruct, ostr = get32(g, 8), get32(g, 12)
    cases = {}
    b = bytearray(g); put32(b, 0, 0xd00dfeee); cases["magic"] = b
    cases["truncated"] = bytearray(g[: size // 2])
    cases["header-only"] = bytearray(g[:20])
    b = bytearray(g); put32(b, 4, size + 0x100); cases["totalsize-past-end"] = b
    b = bytearray(g); put32(b, 8, size - 8); cases["struct-past-end"] = b
    b = bytearray(g); put32(b, 12, size - 4); cases["strings-past-end"] = b
    # (found by fuzzing: libfdt does not check it and property values end up unaligned)
    b = bytearray(g); put32(b, 8, ostruct + 1); cases["struct-unaligned"] = b
    b = bytearray(g); put32(b, 20, 3); put32(b, 24, 2); cases["version"] = b
    b = bytearray(g); put32(b, 16, 3); cases["rsvmap-offset"] = b
    b = bytearray(g); put32(b, ostruct + 8, 0x7); cases["bad-token"] = b
    # the first property of the root: FDT_PROP, len, nameoff
    b = bytearray(g); put32(b, ostruct + 8 + 8, 0x7fff0000); cases["prop-name-offset"] = b
    b = bytearray(g); put32(b, ostruct + 8 + 4, 0x7fff0000); cases["prop-length"] = b
    b = bytearray(g); put32(b, ostr - 4, 0x3); cases["no-end-token"] = b
    return cases


def write_case(name, blob):
    d = os.path.join(CASES, "dt-bad-" + name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "in.dtb"), "wb") as f:
        f.write(blob)
    with open(os.path.join(d, "cmd"), "w") as f:
        f.write("compile in.dtb --dtb $OUT/out.dtb\n")
    with open(os.path.join(d, "exit"), "w") as f:
        f.write("2\n")


def main():
    for name, blob in structural().items():
        write_case(name, blob)
    for name, (text, cmd) in READABLE.items():
        d = os.path.join(CASES, "dt-read-" + name)
        os.makedirs(d, exist_ok=True)
        parts = {"SMMU": "", "PCIE": "", "DMA": "", "ROOT": text}
        with open(os.path.join(d, "in.dtb"), "wb") as f:
            f.write(dtc(GOOD % parts))
        with open(os.path.join(d, "cmd"), "w") as f:
            f.write(cmd)
    for name, (where, text) in SEMANTIC.items():
        parts = {"SMMU": "", "PCIE": "", "DMA": "", "ROOT": ""}
        parts[where] = text
        write_case(name, dtc(GOOD % parts))


main()
