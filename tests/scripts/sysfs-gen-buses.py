#!/usr/bin/python3
"""A sysfs tree for the batched reads of config files (tests/scripts/sysfs-io-uring.sh).

    sysfs-gen-buses.py make DIR     18 root buses (a host bridge each) of 256 functions
    sysfs-gen-buses.py damage DIR   then bus 03's functions 64-72 broken, each its own way
"""
import os
import struct
import sys


def config(size, fn, vf=False):
    b = bytearray(size)
    struct.pack_into("<HH", b, 0, *((0xFFFF, 0xFFFF) if vf else (0x1234, 0x5678)))
    b[0x09:0x0C] = (0x020000).to_bytes(3, "little")
    b[0x0E] = 0x80 if fn == 0 else 0  # multifunction
    return bytes(b)


def make(dev, links):
    os.makedirs(links)
    for bus in range(18):
        host = os.path.join(dev, "pci0000:%02x" % bus)
        os.makedirs(host)
        for df in range(256):
            name = "0000:%02x:%02x.%x" % (bus, df >> 3, df & 7)
            d = os.path.join(host, name)
            os.mkdir(d)
            with open(os.path.join(d, "config"), "wb") as f:
                f.write(config(256 if df % 3 else 4096, df & 7))
            os.symlink("../../../devices/pci0000:%02x/%s" % (bus, name),
                       os.path.join(links, name))


def damage(dev, links):
    def func(df):
        return os.path.join(dev, "pci0000:03", "0000:03:%02x.%x" % (df >> 3, df & 7))

    def cfg(df):
        os.unlink(os.path.join(func(df), "config"))
        return os.path.join(func(df), "config")

    os.mkdir(cfg(64))  # a directory: EISDIR
    os.mkfifo(cfg(65))  # a FIFO: nothing to read
    os.symlink("config", cfg(66))  # a loop: ELOOP
    os.symlink("nowhere", cfg(67))  # dangling: missing
    cfg(68)  # missing
    with open(cfg(69), "wb") as f:  # too long
        f.write(bytes(4200))
    with open(cfg(70), "wb") as f:  # too short
        f.write(b"\x34\x12")
    with open(cfg(71), "wb") as f:  # a VF no PF claims
        f.write(config(256, 7, vf=True))
    # 0000:03:09.0 sits in bus 04's directory: located by its own link
    name = "0000:03:09.0"
    os.rename(func(72), os.path.join(dev, "pci0000:04", name))
    os.unlink(os.path.join(links, name))
    os.symlink("../../../devices/pci0000:04/" + name, os.path.join(links, name))


what, root = sys.argv[1:3]
{"make": make, "damage": damage}[what](os.path.join(root, "sys/devices"),
                                       os.path.join(root, "sys/bus/pci/devices"))
