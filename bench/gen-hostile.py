#!/usr/bin/env python3
"""Worst-shape inputs for iotopo's size limits (man iotopo, LIMITS).

usage: bench/gen-hostile.py OUTDIR BASE-IORT.aml [NAME...]   (default: all of them)
BASE-IORT.aml is any IORT iotopo wrote with an ITS group and an SMMUv3 (iotopo compile
examples/qemu-virt-smmuv3.yaml --iort BASE); its ITS and SMMUv3 nodes are reused.
Writes into OUTDIR:
  iort-claims.aml      65535 root complex nodes, each claiming 65535 ID mappings (a lie)
  iort-max-maps.aml    root complexes with the most mappings a node can hold (3275), as many as
                       fit in the 16 MiB table limit: ~838,000 mappings
  iort-over-limit.aml  one byte more than the 16 MiB table limit
  acpidump-1m.txt      iort-max-maps.aml as acpidump text: 10^6+ lines
  viot-mmio.aml        65,535 VIOT nodes: MMIO endpoints around one virtio-iommu
  viot-segments.aml    65,535 VIOT nodes: PCI ranges, each its own PCI segment
  dt-100k-iommus.dtb   100,000 platform devices, each with iommus = <&smmu N>
  dt-100k-bad.dtb      the same with a dangling phandle each (100,000 diagnostics)
  dt-deep.dts          nodes nested 100 deep (dtc -O dtb makes the DTB)
  yaml-deep.yaml       a sequence nested 100,000 deep
  yaml-1m-nodes.yaml   one list of 1,100,000 scalars (past the 10^6 node limit)
  yaml-60k-devs.yaml   60,000 platform devices with stream IDs behind one SMMU
  yaml-200k-devs.yaml  200,000 of them: past the 10^6 YAML node limit
  yaml-deep-pci.yaml   a PCI hierarchy 40 bridges deep
"""
import os
import struct
import sys


def checksum(b):
    b[9] = 0
    b[9] = (-sum(b)) & 0xff


def base_nodes(path):
    d = open(path, 'rb').read()
    n, off = struct.unpack_from('<II', d, 36)
    nodes, o = {}, off
    for _ in range(n):
        t, ln = struct.unpack_from('<BH', d, o)
        nodes.setdefault(t, (o, d[o:o + ln]))
        o += ln
    return d[:off], nodes


def rc_node(ident, seg, maps, smmu_off, proto):
    hdr_len = 40
    ln = hdr_len + 20 * maps
    b = bytearray(proto[:hdr_len])
    struct.pack_into('<BHBIII', b, 0, 2, ln, proto[3], ident, maps, hdr_len)
    struct.pack_into('<I', b, 28, seg)
    for j in range(maps):
        b += struct.pack('<IIIII', j * 16, 15, (seg * 65536 + j * 16) & 0xffffffff, smmu_off, 0)
    return b


def iort(base, nodes, rcs):
    """rcs: list of (segment, mappings)"""
    hdr = bytearray(base[:48])
    its_o, its = nodes[0]
    smmu_o, smmu = nodes[4]
    body = bytearray()
    body += its
    smmu_at = 48 + len(body)
    s = bytearray(smmu)
    # the SMMU's own mapping (to the ITS) points at the ITS node, now at 48
    mo = struct.unpack_from('<I', s, 12)[0]
    cnt = struct.unpack_from('<I', s, 8)[0]
    for k in range(cnt):
        struct.pack_into('<I', s, mo + 20 * k + 12, 48)
    struct.pack_into('<I', s, 4, 1)
    body += s
    _, rcp = nodes[2]
    for i, (seg, maps) in enumerate(rcs):
        body += rc_node(2 + i, seg, maps, smmu_at, rcp)
    t = hdr + body
    struct.pack_into('<I', t, 4, len(t))
    struct.pack_into('<II', t, 36, 2 + len(rcs), 48)
    checksum(t)
    return t


def claims(base, nodes):
    hdr = bytearray(base[:48])
    _, rcp = nodes[2]
    body = bytearray()
    for i in range(65535):
        b = bytearray(rcp[:40])
        struct.pack_into('<BHBIII', b, 0, 2, 40, rcp[3], i, 65535, 40)
        body += b
    t = hdr + body
    struct.pack_into('<I', t, 4, len(t))
    struct.pack_into('<II', t, 36, 65535, 48)
    checksum(t)
    return t


def acpidump(name, t):
    out = ['%s @ 0x0000000000000000' % name]
    for o in range(0, len(t), 16):
        c = t[o:o + 16]
        hx = ' '.join('%02X' % x for x in c)
        asc = ''.join(chr(x) if 32 <= x < 127 else '.' for x in c)
        out.append('    %04X: %-47s  %s' % (o, hx, asc))
    return '\n'.join(out) + '\n\n'


def dts(n, bad):
    out = ['/dts-v1/;', '/ {', '\t#address-cells = <2>;', '\t#size-cells = <2>;',
           '\tsmmu: iommu@9050000 {', '\t\tcompatible = "arm,smmu-v3";',
           '\t\treg = <0 0x9050000 0 0x20000>;', '\t\t#iommu-cells = <1>;', '\t};']
    ref = '<0xdead %d>' if bad else '<&smmu %d>'
    for i in range(n):
        out.append('\tdev@%x { compatible = "x,dev"; reg = <0 0x%x 0 0x1000>; iommus = %s; };'
                   % (0x10000000 + i * 0x1000, 0x10000000 + i * 0x1000, ref % i))
    out.append('};')
    return '\n'.join(out) + '\n'


class Fdt:
    """A minimal flattened device tree writer (dtc chokes on 100,000 sibling nodes)."""

    def __init__(self):
        self.st = bytearray()
        self.strs = bytearray()
        self.off = {}

    def begin(self, name):
        b = name.encode() + b'\0'
        self.st += struct.pack('>I', 1) + b + b'\0' * (-len(b) % 4)

    def end(self):
        self.st += struct.pack('>I', 2)

    def prop(self, name, val):
        if name not in self.off:
            self.off[name] = len(self.strs)
            self.strs += name.encode() + b'\0'
        self.st += struct.pack('>III', 3, len(val), self.off[name]) + val
        self.st += b'\0' * (-len(val) % 4)

    def blob(self):
        self.st += struct.pack('>I', 9)
        rsv = b'\0' * 16
        o_rsv = 40
        o_st = o_rsv + len(rsv)
        o_str = o_st + len(self.st)
        total = o_str + len(self.strs)
        hdr = struct.pack('>10I', 0xd00dfeed, total, o_st, o_str, o_rsv, 17, 16, 0,
                          len(self.strs), len(self.st))
        return hdr + rsv + bytes(self.st) + bytes(self.strs)


def cells(*v):
    return struct.pack('>%dI' % len(v), *v)


def dtb_devs(n, bad):
    f = Fdt()
    f.begin('')
    f.prop('#address-cells', cells(2))
    f.prop('#size-cells', cells(2))
    f.begin('iommu@9050000')
    f.prop('compatible', b'arm,smmu-v3\0')
    f.prop('reg', cells(0, 0x9050000, 0, 0x20000))
    f.prop('#iommu-cells', cells(1))
    f.prop('phandle', cells(1))
    f.end()
    for i in range(n):
        a = 0x10000000 + i * 0x1000
        f.begin('dev@%x' % a)
        f.prop('compatible', b'x,dev\0')
        f.prop('reg', cells(a >> 32, a & 0xffffffff, 0, 0x1000))
        f.prop('iommus', cells(0xdead if bad else 1, i))
        f.end()
    f.end()
    return f.blob()


def viot(kind):
    """65,535 nodes: endpoints (kind 'mmio') or one-segment PCI ranges (kind 'segments')."""
    n = 65535
    body = bytearray()
    before = 2000 if kind == 'mmio' else 0
    iommu_at = 48 + 24 * before
    for i in range(n - 1):
        if i == before:
            body += struct.pack('<BBHIQ', 4, 0, 16, 0, 0x9000000)
        if kind == 'mmio':
            body += struct.pack('<BBHIQH6x', 2, 0, 24, i, 0x10000000 + i * 0x1000, iommu_at)
        else:
            body += struct.pack('<BBHIHHHHH6x', 1, 0, 24, i << 16, i, i, 0, 0xffff, iommu_at)
    t = bytearray(b'VIOT' + b'\0' * 32) + struct.pack('<HH8x', n, 48) + body
    struct.pack_into('<I', t, 4, len(t))
    checksum(t)
    return t


def dts_deep(n):
    out = ['/dts-v1/;', '/ {']
    for i in range(n):
        out.append('n%d {' % i)
    out += ['};'] * n
    out.append('};')
    return '\n'.join(out) + '\n'


YAML_HEAD = '''iotopo: 1
machine: {name: hostile}
iommus:
  - {name: smmu0, model: smmuv3, base: 0x9050000}
'''


def main():
    out, base_path = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    base, nodes = base_nodes(base_path)

    only = set(sys.argv[3:])

    def w(name, data, mode='wb'):
        if only and name not in only:
            return
        with open(os.path.join(out, name), mode) as f:
            f.write(data() if callable(data) else data)

    w('iort-claims.aml', lambda: claims(base, nodes))
    per = (65535 - 40) // 20
    limit = 16 * 1024 * 1024
    fixed = 48 + len(nodes[0][1]) + len(nodes[4][1])
    nrc = (limit - fixed) // (40 + 20 * per)
    t = iort(base, nodes, [(i, per) for i in range(nrc)])
    w('iort-max-maps.aml', t)
    pad = limit + 1 - len(t)
    over = iort(base, nodes, [(i, per) for i in range(nrc)] + [(nrc, (pad - 40 + 19) // 20)])
    w('iort-over-limit.aml', over)
    w('acpidump-1m.txt', lambda: acpidump('IORT', t), 'w')
    w('dt-100k-iommus.dtb', lambda: dtb_devs(100000, False))
    w('dt-100k-bad.dtb', lambda: dtb_devs(100000, True))
    w('viot-mmio.aml', lambda: viot('mmio'))
    w('viot-segments.aml', lambda: viot('segments'))
    w('dt-deep.dts', dts_deep(100), 'w')
    w('yaml-deep.yaml', 'x: ' + '[' * 100000 + ']' * 100000 + '\n', 'w')
    w('yaml-1m-nodes.yaml', lambda: 'x: [' + ','.join(['0'] * 1100000) + ']\n', 'w')
    for n in (60000, 200000):
        devs = ['platform-devices:']
        for i in range(n):
            devs.append('  - {name: d%d, iommus: [{iommu: smmu0, ids: [{id: %d}]}]}' % (i, i))
        w('yaml-%dk-devs.yaml' % (n // 1000), YAML_HEAD + '\n'.join(devs) + '\n', 'w')
    pci = ['pci-roots:', '  - name: pcie0', '    buses: [0, 0xff]', '    devices:']
    ind = '      '
    for i in range(40):
        pci.append('%s- bdf: "%02x:00.0"' % (ind, i))
        pci.append('%s  type: pcie-pci-bridge' % ind)
        pci.append('%s  children:' % ind)
        ind += '    '
    pci.append('%s- {bdf: "%02x:00.0", type: endpoint}' % (ind, 40))
    w('yaml-deep-pci.yaml', YAML_HEAD + '\n'.join(pci) + '\n', 'w')


main()
