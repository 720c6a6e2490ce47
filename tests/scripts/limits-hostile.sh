#!/bin/sh
# The worst shapes of bench/gen-hostile.py that hit a limit or used to be quadratic: each must
# end quickly (well under 20 s even under the sanitizers) with its exit status and, when it hits
# a limit, the diagnostic man iotopo (LIMITS) names.
set -u
iotopo=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || py=python3
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
"$iotopo" compile "$src/examples/qemu-virt-smmuv3.yaml" --iort "$t/base.aml" 2>/dev/null || exit 1
"$py" "$src/bench/gen-hostile.py" "$t" "$t/base.aml" iort-claims.aml iort-over-limit.aml \
	viot-mmio.aml viot-segments.aml yaml-deep.yaml yaml-1m-nodes.yaml || exit 1
fail=0
# expect EXIT GREP CMD...: run CMD with a 20 s limit
expect() {
	want=$1
	grep=$2
	shift 2
	(cd "$t" && timeout 20 "$iotopo" "$@") >/dev/null 2>"$t/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "iotopo $*: exit $rc, expected $want$([ $rc = 124 ] && echo ' (timed out)')"
		head -3 "$t/err"
		fail=1
	elif [ -n "$grep" ] && ! grep -q "$grep" "$t/err"; then
		echo "iotopo $*: no '$grep' in:"
		head -3 "$t/err"
		fail=1
	fi
}
expect 1 'node 65534 (root complex) Mapping Offset\|more diagnostics not shown' decode iort-claims.aml
expect 1 'iort-claims.aml: offset 0x3c: error: IORT node 0 (root complex) Mapping Offset' \
	decode iort-claims.aml
expect 1 'Length: 16777220 (0x1000004) is larger than the 16 MiB iotopo reads' \
	decode iort-over-limit.aml
expect 0 '' decode viot-mmio.aml
expect 0 '' decode viot-segments.aml
expect 0 '' groups viot-segments.aml
expect 2 'yaml-deep.yaml:1:67: error: nesting deeper than 64 levels (limit)' check yaml-deep.yaml
expect 2 'more than 1000000 YAML nodes (limit)' check yaml-1m-nodes.yaml
expect 1 'more diagnostics not shown' decode iort-claims.aml
# a table of 2^20 + 16 bytes in acpidump text (80 MB, 10^6 lines)
awk 'BEGIN { print "IORT @ 0x0000000000000000"
	for (i = 0; i < 1048577; i++)
		printf "    %04X: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n", i * 16 }' \
	>"$t/big-dump.txt"
expect 1 'big-dump.txt:1048578:1: error: table IORT is larger than 16777216 bytes' \
	decode big-dump.txt
rm -f "$t/big-dump.txt"
# a 300 MiB file is refused from its size, before anything is read (sparse: costs no disk)
truncate -s 300M "$t/huge.bin" 2>/dev/null && expect 2 'huge.bin: error: file is larger than the 256 MiB limit' decode huge.bin
exit $fail
