#!/bin/sh
# The linter on real DMAR and IVRS tables (tests/fixtures/acpi/real-x86, from linuxhw/ACPI), each
# table with its machine's MADT (APIC/, for the I/O APIC checks): the findings match the reviewed tests/conformance/lint-real-x86.txt, so a
# severity or rule change on real x86 firmware shows up as a diff.  Regenerate with
# IOTOPO_UPDATE=1 ctest -R script/lint-real-x86 and review the diff.
# Usage: lint-real-x86.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2
golden=$SRC/tests/conformance/lint-real-x86.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$SRC/tests/fixtures/acpi/real-x86" || exit 1
for f in DMAR/*.bin IVRS/*.bin; do
	"$IOTOPO" lint "$f" "APIC/${f#*/}" >>"$T/out" 2>&1
	echo "$f: exit $?" >>"$T/out"
done
if [ "${IOTOPO_UPDATE:-}" = 1 ]; then
	cp "$T/out" "$golden"
	echo "rewrote $golden"
	exit 0
fi
diff -u "$golden" "$T/out" || {
	echo "FAIL: lint of the real DMAR/IVRS tables differs from $golden (IOTOPO_UPDATE=1 rewrites it)"
	exit 1
}
echo "$(ls DMAR/*.bin IVRS/*.bin | wc -l) real DMAR and IVRS tables lint as reviewed"
