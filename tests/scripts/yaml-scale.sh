#!/bin/sh
# The YAML reader stays fast on big and on hostile files: a full PCI segment
# (65536 functions), thousands of objects and references, and files made of
# thousands of the same mistake (duplicate keys, unknown keys, dangling
# references, one name used 100000 times).  Each must finish well inside the
# time limit, with the right exit status.
set -u
IOTOPO=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
limit=60 # seconds; generous for sanitizer builds on a busy machine

run() { # expected-exit file
	start=$(date +%s)
	timeout $limit "$IOTOPO" check -q "$2" >/dev/null 2>"$tmp/err"
	rc=$?
	end=$(date +%s)
	if [ $rc != "$1" ]; then
		echo "FAIL: $(basename "$2"): exit $rc, expected $1 (124 = timed out)"
		head -3 "$tmp/err"
		fail=1
	else
		echo "ok: $(basename "$2") in $((end - start))s"
	fi
}

awk 'BEGIN {
	print "iotopo: 1\niommus:"
	for (i = 0; i < 2000; i++) printf "  - {name: smmu%d, model: smmuv3, base: 0x%x}\n", i, i * 131072
	print "pci-roots:\n  - name: pcie0\n    iommu-map:"
	for (i = 0; i < 4096; i++) printf "      - {rid-base: 0x%x, length: 0x10, iommu: smmu%d, iommu-base: 0x0}\n", i * 16, i % 2000
	print "    devices:"
	for (b = 0; b < 256; b++) for (df = 0; df < 256; df++)
		printf "      - {bdf: \"%02x:%02x.%x\", type: endpoint}\n", b, int(df / 8), df % 8
	print "platform-devices:"
	for (i = 0; i < 20000; i++) printf "  - {name: dev%d, iommus: [{iommu: smmu%d, ids: [%d]}]}\n", i, (i * 7) % 2000, i
}' >"$tmp/big.yaml"
run 0 "$tmp/big.yaml"
if ! timeout $limit "$IOTOPO" decode -o "$tmp/big2.yaml" "$tmp/big.yaml" ||
	! timeout $limit "$IOTOPO" check -q "$tmp/big2.yaml"; then
	echo "FAIL: decode of big.yaml does not load back"
	fail=1
fi

# long lists inside one object: arrays are sized once, not grown one item at a time
awk 'BEGIN {
	print "iotopo: 1\niommus:\n  - {name: s, model: smmuv3, base: 0}\nplatform-devices:"
	print "  - name: d\n    iommus:\n      - iommu: s\n        ids:"
	for (i = 0; i < 300000; i++) printf "          - %d\n", i
	print "rmrs:\n  - name: r\n    ids: []\n    ranges:"
	for (i = 0; i < 50000; i++) printf "      - {base: %d, length: 1}\n", i
	print "msi-controllers:\n  - name: its\n    base: 0\n    its-ids:"
	for (i = 0; i < 200000; i++) printf "      - %d\n", i
}' >"$tmp/lists.yaml"
run 0 "$tmp/lists.yaml"

awk 'BEGIN { print "iotopo: 1\nmachine:"; for (i = 0; i < 100000; i++) print "  name: x" }' >"$tmp/dupkeys.yaml"
run 2 "$tmp/dupkeys.yaml"
awk 'BEGIN { print "iotopo: 1\nmachine:"; for (i = 0; i < 100000; i++) printf "  nmae%d: x\n", i }' >"$tmp/unknown.yaml"
run 2 "$tmp/unknown.yaml"
awk 'BEGIN {
	print "iotopo: 1\niommus:"
	for (i = 0; i < 1000; i++) printf "  - {name: smmu%d, model: smmuv3, base: 0}\n", i
	print "platform-devices:"
	for (i = 0; i < 50000; i++) printf "  - {name: d%d, iommus: [{iommu: smmuX%d, ids: [1]}]}\n", i, i
}' >"$tmp/dangling.yaml"
run 2 "$tmp/dangling.yaml"
awk 'BEGIN { print "iotopo: 1\nmsi-controllers:"; for (i = 0; i < 100000; i++) print "  - {name: a, base: 0}" }' >"$tmp/samename.yaml"
run 2 "$tmp/samename.yaml"
awk 'BEGIN { printf "iotopo: 1\nkernel: ["; for (i = 0; i < 1000001; i++) printf "0,"; print "0]" }' >"$tmp/toomany.yaml"
run 2 "$tmp/toomany.yaml"
if ! grep -q "more than 1000000 YAML nodes" "$tmp/err"; then
	echo "FAIL: node limit not reported"
	fail=1
fi
exit $fail
