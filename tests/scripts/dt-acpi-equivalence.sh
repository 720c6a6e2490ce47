#!/bin/sh
# IORT/VIOT -> DT and DT -> IORT keep every requester ID's IOMMU, stream ID, ITS
# and DeviceID: for every ACPI table in tests/fixtures/acpi (QEMU's own IORT,
# whose RIDs below the root's own ITS row reach the ITS through the SMMU), two
# IORT ITS groups and two VIOT roots (tests/fixtures/acpi-two-*.yaml), the
# standalone DTB compiles without a name clash, dtc reads it silently and
# `iotopo lint DTB TABLE` finds no difference (dt-acpi-equivalence); the QEMU
# DTB compiled to an IORT the same.
# Usage: dt-acpi-equivalence.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2
command -v dtc >/dev/null || { echo "dtc not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0 n=0

same() { # DT TABLE: lint reports no DT/ACPI difference
	"$IOTOPO" lint "$1" "$2" >"$T/lint" 2>&1
	if grep -q 'dt-acpi-equivalence' "$T/lint"; then
		echo "$3: the DT and the ACPI table differ:"
		grep 'dt-acpi-equivalence' "$T/lint" | head -5
		fail=1
	fi
}

"$IOTOPO" compile "$SRC/tests/fixtures/acpi-two-its.yaml" --iort "$T/two-its.IORT" || fail=1
"$IOTOPO" compile "$SRC/tests/fixtures/acpi-two-viot-roots.yaml" --viot "$T/two-viot.VIOT" || fail=1
# all-nodes-rev3.IORT keeps RMR nodes in a revision-3 table: Linux ignores them, an error
# (iort-rmr-revision) that loses nothing, so the conversion exits 1 and is still checked.
only_rmr_revision() {
	! grep ': error: ' "$1" | grep -qv '\[iort-rmr-revision\]$'
}
for tab in "$SRC"/tests/fixtures/acpi/*.IORT "$SRC"/tests/fixtures/acpi/*.VIOT "$T"/two-*; do
	[ -f "$tab" ] || continue
	s=$(basename "$tab")
	"$IOTOPO" compile "$tab" --dtb "$T/$s.dtb" 2>"$T/err"
	rc=$?
	if [ ! -f "$T/$s.dtb" ] ||
		{ { [ $rc != 0 ] || grep -q error "$T/err"; } && ! only_rmr_revision "$T/err"; }; then
		echo "$s: compile to DT failed:"; cat "$T/err"; fail=1; continue
	fi
	if ! dtc -I dtb -O dts -o /dev/null "$T/$s.dtb" 2>"$T/dtc" || [ -s "$T/dtc" ]; then
		echo "$s: dtc on the DTB:"; cat "$T/dtc"; fail=1
	fi
	same "$T/$s.dtb" "$tab" "$s -> DT"
	n=$((n + 1))
done

# DT -> IORT
FIX=$SRC/tests/fixtures/arm-g-smmuv3-dt/qemu-dumpdtb.dtb
if "$IOTOPO" compile "$FIX" --iort "$T/qemu.IORT"; then
	same "$FIX" "$T/qemu.IORT" "qemu-dumpdtb.dtb -> IORT"
	n=$((n + 1))
else
	echo "qemu-dumpdtb.dtb: compile to IORT failed"; fail=1
fi
echo "$n conversions keep every RID's targets"
[ $n -ge 10 ] || { echo "only $n conversions ran"; fail=1; }
exit $fail
