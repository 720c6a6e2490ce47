#!/usr/bin/python3
"""Write a synthetic sysfs tree (live layout: real symlinks) for timing the sysfs reader,
`iotopo groups --sysfs` and `iotopo snapshot` at scale, up to a million PCI functions.

    /usr/bin/python3 bench/gen-sysfs-tree.py OUT [FUNCTIONS] [--iotopo BIN]

The shape is bench/groups_forest.c's, so in-memory and on-disk figures compare: per PCI
segment (domain) 8 root ports, each above a switch with 8 downstream ports (every fourth
without ACS), each with an SR-IOV endpoint of 126 functions (PF0 multifunction, PF1, 124 VFs,
ARI), plus a PCIe-to-PCI bridge with 8 conventional devices: 8,153 functions per segment, as
many segments as FUNCTIONS needs (default 2,000; 1,000,000 takes 123 segments).  One bus
number space holds 256 buses, so a single segment cannot reach a million functions (the old
generator stopped near 2,000 functions when domain 0000 ran out of bus numbers).

Per function, the files the reader uses, as a live kernel has them: sys/bus/pci/devices/NAME
(link), config (4096 bytes; 256 for conventional PCI), vendor, device, class, driver (link,
bound functions), physfn (link, VFs, whose Vendor/Device ID registers read 0xffff).  With
--iotopo BIN, firmware too: an IORT (one root complex per segment, an SMMUv3 per 8 segments),
compiled by `BIN compile` from a YAML description, so `iotopo groups --sysfs OUT` has IOMMUs.
A million functions take about 12 GB of disk (4 KiB per file): generate, measure, delete.
"""
import os
import struct
import subprocess
import sys
import tempfile

RPS, DSPS, FUNCS = 8, 8, 126
PER_SEGMENT = RPS * (2 + DSPS * (1 + FUNCS)) + 1 + 8
VENDOR, PF_DEV, VF_DEV, PORT_DEV = 0x8086, 0x0a54, 0x0a55, 0x2030


def cfg(vendor, device, cls, hdr, port_type=None, sec=0, sub=0, mf=False, acs=False,
        sriov=0, vf=False, size=4096, ari_fwd=False):
    b = bytearray(size)
    if vf:
        struct.pack_into("<HH", b, 0, 0xFFFF, 0xFFFF)
    else:
        struct.pack_into("<HH", b, 0, vendor, device)
    b[0x09:0x0C] = cls.to_bytes(3, "little")
    b[0x0E] = hdr | (0x80 if mf else 0)
    if hdr == 1:
        b[0x18], b[0x19], b[0x1A] = 0, sec, sub
    if port_type is None:
        return bytes(b)
    struct.pack_into("<H", b, 6, 0x10)  # capability list
    b[0x34] = 0x40
    b[0x40] = 0x10  # PCI Express capability, version 2
    struct.pack_into("<H", b, 0x42, port_type << 4 | 2)
    if ari_fwd:
        struct.pack_into("<H", b, 0x68, 0x0020)  # Device Control 2: ARI Forwarding Enable
    ext = []
    if acs:
        ext.append((0x0D, lambda p: struct.pack_into("<HH", b, p + 4, 0x5F, 0)))
    if port_type in (0, 9):
        ext.append((0x0E, lambda p: None))  # ARI
    if sriov:
        def sriov_cap(p):
            struct.pack_into("<H", b, p + 0x08, 0x0019)  # VF Enable, VF MSE, ARI hierarchy
            struct.pack_into("<HHH", b, p + 0x0C, sriov, sriov, 0)
            struct.pack_into("<H", b, p + 0x10, sriov)  # NumVFs
            struct.pack_into("<HH", b, p + 0x14, 2, 1)  # First VF offset, VF stride
            struct.pack_into("<H", b, p + 0x1A, VF_DEV)
        ext.append((0x10, sriov_cap))
    pos = 0x100
    for i, (cap_id, fill) in enumerate(ext):
        nxt = pos + 0x40 if i + 1 < len(ext) else 0
        struct.pack_into("<I", b, pos, nxt << 20 | 1 << 16 | cap_id)
        fill(pos)
        pos = nxt
    return bytes(b)


class Tree:
    def __init__(self, root):
        self.root = root
        self.n = 0
        self.made = set()

    def mkdir(self, rel):
        if rel not in self.made:
            os.makedirs(os.path.join(self.root, rel), exist_ok=True)
            self.made.add(rel)

    def write(self, rel, data):
        fd = os.open(os.path.join(self.root, rel), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o444)
        os.write(fd, data)
        os.close(fd)

    def func(self, path, config, vendor, device, cls, driver=None, physfn=None):
        """A function at sys/devices/PATH; PATH's last component is its name."""
        name = path.rsplit("/", 1)[-1]
        d = "sys/devices/" + path
        self.mkdir(d)
        os.symlink("../../../devices/" + path,
                   os.path.join(self.root, "sys/bus/pci/devices", name))
        self.write(d + "/config", config)
        self.write(d + "/vendor", b"0x%04x\n" % vendor)
        self.write(d + "/device", b"0x%04x\n" % device)
        self.write(d + "/class", b"0x%06x\n" % cls)
        if driver:
            up = "../" * (d.count("/") + 1)
            os.symlink(up + "bus/pci/drivers/" + driver, os.path.join(self.root, d, "driver"))
            self.mkdir("sys/bus/pci/drivers/" + driver)
            os.symlink("../../../../devices/" + path,
                       os.path.join(self.root, "sys/bus/pci/drivers", driver, name))
        if physfn:
            os.symlink("../" + physfn, os.path.join(self.root, d, "physfn"))
        self.n += 1


def segment(t, seg, limit):
    """Segment @seg's functions, stopping at @limit functions in the tree."""
    host = "pci%04x:00" % seg
    bus = 1
    ports = {}

    def bdf(b, dev, fn):
        return "%04x:%02x:%02x.%x" % (seg, b, dev, fn)

    def port(path, kind, sec, sub, acs):
        t.func(path, cfg(VENDOR, PORT_DEV, 0x060400, 1, kind, sec, sub, acs=acs,
                         ari_fwd=kind == 6),
               VENDOR, PORT_DEV, 0x060400, "pcieport")

    for rp in range(RPS):
        rpath = "%s/%s" % (host, bdf(0, rp + 1, 0))
        usp_bus, dsp_bus = bus, bus + 1
        sub = dsp_bus + DSPS
        port(rpath, 4, usp_bus, sub, True)
        upath = "%s/%s" % (rpath, bdf(usp_bus, 0, 0))
        port(upath, 5, dsp_bus, sub, False)
        for d in range(DSPS):
            eb = dsp_bus + 1 + d
            dpath = "%s/%s" % (upath, bdf(dsp_bus, d, 0))
            port(dpath, 6, eb, eb, d % 4 != 3)
            for f in range(FUNCS):
                if t.n >= limit:
                    return
                name = bdf(eb, f >> 3, f & 7)
                vf = f >= 2
                pf0 = bdf(eb, 0, 0)
                t.func("%s/%s" % (dpath, name),
                       cfg(VENDOR, PF_DEV, 0x010802, 0, 0, mf=f == 0, acs=not vf and d % 2 == 1,
                           sriov=0 if vf else (FUNCS - 2 if f == 0 else 0), vf=vf),
                       VENDOR, VF_DEV if vf else PF_DEV, 0x010802,
                       "nvme" if f % 2 else None, physfn=pf0 if vf else None)
        bus = sub + 1
    # a PCIe-to-PCI bridge on the root bus, 8 conventional devices behind it
    bpath = "%s/%s" % (host, bdf(0, 0x1E, 0))
    t.func(bpath, cfg(VENDOR, 0x244E, 0x060400, 1, 7, bus, bus), VENDOR, 0x244E, 0x060400)
    for d in range(8):
        if t.n >= limit:
            return
        t.func("%s/%s" % (bpath, bdf(bus, d, 0)),
               cfg(0x10EC, 0x8139, 0x020000, 0, size=256), 0x10EC, 0x8139, 0x020000, "8139too")


def firmware_yaml(n_seg):
    out = ["iotopo: 1", "machine: {name: sysfs-bench}",
           "msi-controllers:", "  - {name: its0, type: gicv3-its, base: 0x8080000, its-ids: [0]}",
           "iommus:"]
    n_smmu = (n_seg + 7) // 8
    for i in range(n_smmu):
        out.append("  - {name: smmu%d, model: smmuv3, base: 0x%x, coherent: true, "
                   "msi: {controller: its0, device-id: 0x%x}}" % (i, 0x9000000 + i * 0x100000,
                                                                   0x1000000 + i))
    out.append("pci-roots:")
    for s in range(n_seg):
        out.append("  - {name: pci%d, segment: %d, buses: [0x00, 0xff], memory: {coherent: true}, "
                   "iommu-map: [{rid-base: 0x0, length: 0x10000, iommu: smmu%d, "
                   "iommu-base: 0x%x}]}" % (s, s, s // 8, (s % 8) << 16))
    return "\n".join(out) + "\n"


def main():
    args = [a for a in sys.argv[1:]]
    iotopo = None
    if "--iotopo" in args:
        i = args.index("--iotopo")
        iotopo = args[i + 1]
        del args[i:i + 2]
    # an option it does not know is not a directory name (a "--help" tree was once committed)
    if not args or args[0] in ("-h", "--help") or args[0].startswith("-"):
        sys.exit(__doc__)
    root = args[0]
    limit = int(args[1]) if len(args) > 1 else 2000
    n_seg = (limit + PER_SEGMENT - 1) // PER_SEGMENT
    if n_seg > 0x10000:
        sys.exit("at most 65,536 segments of %d functions" % PER_SEGMENT)
    t = Tree(root)
    t.mkdir("sys/bus/pci/devices")
    for seg in range(n_seg):
        segment(t, seg, limit)
    t.mkdir("proc/sys/kernel")
    t.write("proc/sys/kernel/osrelease", b"7.2.0-bench\n")
    t.write("proc/cmdline", b"quiet\n")
    if iotopo:
        t.mkdir("sys/firmware/acpi/tables")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml") as y:
            y.write(firmware_yaml(n_seg))
            y.flush()
            subprocess.run([iotopo, "compile", y.name, "--iort",
                            os.path.join(root, "sys/firmware/acpi/tables/IORT")], check=True)
    print("%d functions in %d segments under %s" % (t.n, n_seg, root))


main()
