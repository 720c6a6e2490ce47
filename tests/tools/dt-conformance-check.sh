#!/bin/sh
# Run a conformance tool (dt-conformance, sim-conformance) over every DTB under
# DIR (relative names VENDOR/BOARD.dtb), skipping the ones without IOMMU
# content, and compare the failing DTBs with
# tests/conformance/{dt,sim}-known-differences.txt: a failure not listed there,
# or a listed DTB (present under DIR) that passes now, fails the check.
# Usage: dt-conformance-check.sh TOOL SRC DIR [MIN-DTBS]
set -u
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd) dir=$3 min=${4:-1}
name=$(basename "$1")
known=$src/tests/conformance/${name%-conformance}-known-differences.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$dir" || exit 1
find . -name '*.dtb' | sed 's#^\./##' | LC_ALL=C sort >"$T/all"
"$tool" -s -l "$T/all" >"$T/out"
rc=$?
[ $rc -le 1 ] || { cat "$T/out"; exit 1; }
grep "^$name:" "$T/out"
grep -v "^$name:" "$T/out" | grep -v '^#' | sed 's/: .*//' | LC_ALL=C sort -u >"$T/failing"
grep -v '^#' "$known" | awk 'NF { print $1 }' | LC_ALL=C sort -u >"$T/known"
# the known list restricted to the DTBs present here
LC_ALL=C comm -12 "$T/known" "$T/all" >"$T/known-here"
fail=0
new=$(LC_ALL=C comm -23 "$T/failing" "$T/known-here")
if [ -n "$new" ]; then
	echo "FAIL: DTBs failing $name (not in $known):"
	for f in $new; do grep "^$f: " "$T/out"; done
	echo "(details: $tool -v $dir/FILE)"
	fail=1
fi
fixed=$(LC_ALL=C comm -13 "$T/failing" "$T/known-here")
if [ -n "$fixed" ]; then
	echo "FAIL: listed in $known but passing now (delete their lines):"
	echo "$fixed"
	fail=1
fi
n=$(awk -v p="$name:" '$1 == p && $3 == "DTBs:" { print $2 }' "$T/out")
if [ "${n:-0}" -lt "$min" ]; then
	echo "FAIL: only ${n:-0} DTBs with IOMMU content under $dir (expected at least $min)"
	fail=1
fi
exit $fail
