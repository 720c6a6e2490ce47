#!/usr/bin/python3
"""Write a synthetic sysfs tree (live layout: real symlinks) for timing the sysfs reader and
`iotopo snapshot`: ROOTPORTS root ports, each above a switch with 15 downstream ports, each with
an 8-function device (2,055 functions for the default 16).

    /usr/bin/python3 bench/gen-sysfs-tree.py OUT [ROOTPORTS]
    time iotopo decode OUT >/dev/null; time iotopo snapshot -o OUT.snap --root OUT
"""
import os
import struct
import sys


def cfg(hdr, port_type, sec=0, sub=0, mf=False):
    b = bytearray(4096)
    struct.pack_into("<HH", b, 0, 0x8086, 0x1234)
    b[0x0B], b[0x0A] = (6, 4) if hdr == 1 else (2, 0)
    b[0x0E] = hdr | (0x80 if mf else 0)
    if hdr == 1:
        b[0x19], b[0x1A] = sec, sub
    struct.pack_into("<H", b, 6, 0x10)  # capability list
    b[0x34] = 0x40
    b[0x40] = 0x10  # PCI Express capability
    struct.pack_into("<H", b, 0x42, port_type << 4 | 2)
    struct.pack_into("<I", b, 0x100, 1 << 16 | 0x0D)  # ACS
    struct.pack_into("<HH", b, 0x104, 0x5F, 0x1D)
    return bytes(b)


def main():
    root = sys.argv[1]
    n_rp = int(sys.argv[2]) if len(sys.argv) > 2 else 16

    def put(rel, data, link=False):
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if link:
            os.symlink(data, p)
        else:
            with open(p, "wb" if isinstance(data, bytes) else "w") as f:
                f.write(data)

    def func(path, data, driver=None):
        name = path.split("/")[-1]
        put(f"sys/bus/pci/devices/{name}", "../../../devices/" + path, link=True)
        put(f"sys/devices/{path}/config", data)
        put(f"sys/devices/{path}/vendor", "0x8086\n")
        if driver:
            put(f"sys/devices/{path}/driver", "../../../../bus/pci/drivers/" + driver, link=True)

    bus = 1
    for rp in range(n_rp):
        if bus + 16 > 255:
            break
        rpath = f"pci0000:00/0000:00:{rp + 1:02x}.0"
        func(rpath, cfg(1, 4, bus, bus + 16), "pcieport")
        upath = f"{rpath}/0000:{bus:02x}:00.0"
        func(upath, cfg(1, 5, bus + 1, bus + 16), "pcieport")
        for dp in range(15):
            dpath = f"{upath}/0000:{bus + 1:02x}:{dp:02x}.0"
            eb = bus + 2 + dp
            func(dpath, cfg(1, 6, eb, eb), "pcieport")
            for fn in range(8):
                func(f"{dpath}/0000:{eb:02x}:00.{fn}", cfg(0, 0, mf=fn == 0),
                     "nvme" if fn % 2 else None)
        bus += 17
    put("proc/sys/kernel/osrelease", "7.2.0-bench\n")
    put("proc/cmdline", "quiet\n")


main()
