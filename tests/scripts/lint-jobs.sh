#!/bin/sh
# 'iotopo lint --jobs N' gives the report of one process, byte for byte, in every format: the
# inputs are shared out among worker processes (ACPI tables and the first DT stay together for
# the DT <-> ACPI rules), and findings, suppression counts and exit status come back merged in
# input order.
set -u
IOTOPO=$1
SRC=$2
D=$SRC/tests/cases/lint-rules
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
set -- "$D/qemu72-arm-virt.dtb" "$D/sid-collision.bad.yaml" "$D/smr-conflict.bad.yaml" \
	"$D/qemu72-arm-virt.IORT" "$D/map-hole.bad.yaml" "$D/smmuv3-irqs.bad.dts" \
	"$D/msi-map-sid-devid.bad.yaml" "$D/dt-iommu-map-cells.bad.dts" "$D/no-such-file.dtb"
fail=0
for fmt in text json sarif; do
	"$IOTOPO" lint -f "$fmt" --suppress 'smr-conflict@b' --suppress 'map-hole@nothing' "$@" \
		>"$OUT/one.$fmt" 2>&1
	one=$?
	for j in 2 3 9; do
		"$IOTOPO" lint -j "$j" -f "$fmt" --suppress 'smr-conflict@b' \
			--suppress 'map-hole@nothing' "$@" >"$OUT/many.$fmt" 2>&1
		rc=$?
		if [ "$rc" != "$one" ] || ! cmp -s "$OUT/one.$fmt" "$OUT/many.$fmt"; then
			echo "FAIL: -j $j -f $fmt differs from one process (exit $rc, not $one):"
			diff "$OUT/one.$fmt" "$OUT/many.$fmt" | head -20
			fail=1
		fi
	done
done
grep -q 'sid-collision' "$OUT/one.text" && grep -q 'dt-acpi-equivalence' "$OUT/one.text" &&
	grep -q "matched nothing" "$OUT/one.text" && grep -q '1 finding suppressed' "$OUT/one.text" ||
	{ echo "FAIL: the reference run lacks the findings it should have"; cat "$OUT/one.text"; fail=1; }
"$IOTOPO" lint -j 0 "$D/map-hole.bad.yaml" >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: -j 0 is not a usage error"; fail=1; }
[ $fail = 0 ] && echo "--jobs 2, 3 and 9 give the one-process report in text, JSON and SARIF"
exit $fail
