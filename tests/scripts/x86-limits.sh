#!/bin/sh
# A DMAR / IVRS with more than 65536 structures, device scopes or device entries: the reader
# reads that many, reports one error at the byte where it stops (exit 1: a finding under its rule), and stays small.
#   x86-limits.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "skip: no $PY"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$PY - "$tmp" <<'PYEOF'
import struct, sys
d = sys.argv[1]

def table(sig, rev, extra, body):
    t = bytearray(sig + struct.pack("<IBB", 0, rev, 0) + b"IOTOPO" + b"BIGTABLE" +
                  struct.pack("<I", 1) + b"IOTO" + struct.pack("<I", 1)) + extra + body
    t[4:8] = struct.pack("<I", len(t))
    t[9] = (-sum(t)) & 0xff
    return bytes(t)

# 9 DRHDs of 8000 endpoint scopes (8 bytes each): 72000 scopes
body = b""
for k in range(9):
    scopes = b"".join(struct.pack("<6B2B", 1, 8, 0, 0, 0, 0, i % 32, (i // 32) % 8)
                      for i in range(8000))
    body += struct.pack("<HHBBHQ", 0, 16 + len(scopes), 0, 0, 0, 0xfed90000 + 0x1000 * k) + scopes
open(d + "/big.DMAR", "wb").write(table(b"DMAR", 1, bytes([0x26, 1]) + bytes(10), body))
# 5 IVHDs (type 10h) of 16000 SELECT entries: 80000 entries
body = b""
for k in range(5):
    ents = b"".join(struct.pack("<BHB", 2, i, 0) for i in range(16000))
    body += struct.pack("<BBHHHQHHI", 0x10, 0, 24 + len(ents), 2 + k, 0x40,
                        0xfeb80000 + 0x80000 * k, k, 0, 0) + ents
open(d + "/big.IVRS", "wb").write(table(b"IVRS", 2, struct.pack("<I", 0) + bytes(8), body))
PYEOF
fail=0
for t in DMAR IVRS; do
	"$IOTOPO" decode -o "$tmp/out.yaml" "$tmp/big.$t" 2>"$tmp/err.txt"
	rc=$?
	n=$(grep -c "more than 65536" "$tmp/err.txt")
	if [ "$rc" != 1 ] || [ "$n" != 1 ]; then
		echo "FAIL: $t: exit $rc, $n limit errors:"
		head -5 "$tmp/err.txt"
		fail=1
	else
		echo "$t: $(cat "$tmp/err.txt")"
	fi
done
exit $fail
