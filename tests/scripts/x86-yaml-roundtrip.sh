#!/bin/sh
# decode of every readable DMAR/IVRS (the real QEMU tables, the generated ones, the bad corpus
# cases that still decode, and the real corpus of tests/fixtures/x86/real) must be YAML that
# `check` accepts and that decodes to itself.
#   x86-yaml-roundtrip.sh IOTOPO SRC BUILD
set -u
iotopo=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for f in "$src"/tests/fixtures/x86/*.DMAR "$src"/tests/fixtures/x86/ivrs-* \
	"$src"/tests/fixtures/x86/dmar-* "$src"/tests/cases/x86-bad-*/input \
	"$src"/tests/fixtures/x86/real/DMAR/*.bin "$src"/tests/fixtures/x86/real/IVRS/*.bin; do
	[ -f "$f" ] || continue
	"$iotopo" decode "$f" >"$tmp/a.yaml" 2>/dev/null || continue
	n=$((n + 1))
	if ! "$iotopo" check "$tmp/a.yaml" >"$tmp/check.txt" 2>&1; then
		echo "$f: decode output fails check:"
		cat "$tmp/check.txt"
		fail=1
		continue
	fi
	"$iotopo" decode "$tmp/a.yaml" >"$tmp/b.yaml" 2>"$tmp/err.txt"
	if ! cmp -s "$tmp/a.yaml" "$tmp/b.yaml"; then
		echo "$f: YAML does not decode to itself:"
		diff -u "$tmp/a.yaml" "$tmp/b.yaml" | head -20
		fail=1
	fi
done
echo "$n tables round-tripped"
[ "$n" -ge 450 ] || { echo "too few tables decoded"; fail=1; }
exit $fail
