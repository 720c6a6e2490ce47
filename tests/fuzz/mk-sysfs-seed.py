#!/usr/bin/env python3
"""Seed for fuzz_sysfs from a sysfs tree: every regular file as path NUL, u16 LE length, content.
usage: tests/fuzz/mk-sysfs-seed.py TREE OUT [MAX-FILE-BYTES]
Files are cut to MAX-FILE-BYTES (default 256: config spaces keep the capability list start),
but firmware tables (sys/firmware/) are kept whole."""
import os
import struct
import sys

tree, out = sys.argv[1], sys.argv[2]
cut = int(sys.argv[3]) if len(sys.argv) > 3 else 256
b = bytearray()
for d, _, files in sorted(os.walk(tree)):
    for f in sorted(files):
        p = os.path.join(d, f)
        if os.path.islink(p) or not os.path.isfile(p):
            continue
        data = open(p, 'rb').read()
        if not os.path.relpath(p, tree).startswith('sys/firmware/'):
            data = data[:cut]
        b += os.path.relpath(p, tree).encode() + b'\0' + struct.pack('<H', len(data)) + data
open(out, 'wb').write(b)
