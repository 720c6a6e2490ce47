#!/bin/sh
# The real QEMU tables, DTBs and sysfs trees in tests/fixtures lint with no error (warnings are allowed
# and expected: QEMU 7.2's IORT writes a count where 'number of IDs' means count - 1), and a
# DTB with the IORT of the same machine compare as the known QEMU difference only.
set -u
IOTOPO=$1
SRC=$2
F=$SRC/tests/fixtures
fail=0
n=0
# the tables and DTBs, and each captured tree as a whole (firmware plus PCI functions)
# (the real boards in debian-dtb have real defects: script/lint-conformance-fixtures checks them)
for f in $(find "$F" -path "$F/debian-dtb" -prune -o \( -name IORT -o -name VIOT -o -name '*.dtb' \
	-o -name fdt \) -type f -print | sort) \
	$(find "$F" -mindepth 3 -maxdepth 3 -type d \( -name boot -o -name final \) | sort); do
	n=$((n + 1))
	out=$("$IOTOPO" lint "$f" 2>&1)
	rc=$?
	if [ $rc != 0 ] || printf '%s\n' "$out" | grep -q ': error: '; then
		echo "FAIL (exit $rc): $f"
		printf '%s\n' "$out"
		fail=1
	fi
done
[ $n -ge 40 ] || { echo "FAIL: only $n fixture files found"; fail=1; }
H=$F/arm-h-smmuv3-acpi
out=$("$IOTOPO" lint "$H/qemu-dumpdtb.dtb" "$H/7.2.13+deb14-arm64/boot/sys/firmware/acpi/tables/IORT")
rc=$?
want="IDs 0xb00-0xffff, DeviceIDs 0xb00-0xffff; ACPI gives no IOMMU, DeviceIDs 0xb00-0xffff [dt-acpi-equivalence]"
if [ $rc != 0 ] || [ "$(printf '%s\n' "$out" | grep -c 'dt-acpi-equivalence')" != 1 ] ||
	! printf '%s\n' "$out" | grep -qF "$want"; then
	echo "FAIL: DT vs IORT of arm-h (exit $rc):"
	printf '%s\n' "$out"
	fail=1
fi
[ $fail = 0 ] && echo "$n QEMU tables, DTBs and sysfs trees lint with no error; DT vs IORT differ only in RIDs 0xb00-0xffff"
exit $fail
