#!/bin/sh
# --compare-sysfs compares memberships, never group numbers: every real-kernel
# fixture view, copied with its sys/kernel/iommu_groups renumbered (reversed
# and offset, as another probe order would number them), still matches its
# own prediction with 0 differences; moving one device into another group of
# the copy is then reported as exactly one difference naming both numbers.
# Args: iotopo-binary src-dir build-dir.
set -u
IOTOPO=$1
FIX=$2/tests/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
for view in "$FIX"/*/*/final; do
	g=$view/sys/kernel/iommu_groups
	[ -d "$g" ] || continue
	n=$((n + 1))
	copy=$tmp/$n
	mkdir -p "$copy/sys/kernel/iommu_groups"
	max=$(ls "$g" | sort -n | tail -n 1)
	for num in $(ls "$g"); do
		cp -R "$g/$num" "$copy/sys/kernel/iommu_groups/$((max - num + 100))"
	done
	out=$("$IOTOPO" groups "$view" --compare-sysfs "$copy" 2>&1)
	rc=$?
	if [ $rc != 0 ] || ! printf '%s\n' "$out" | grep -q 'prediction matches.*numbered differently'; then
		echo "FAIL renumbered $view (exit $rc):"
		echo "$out"
		fail=1
		continue
	fi
	# the control: one device of the largest group moved to the first group
	big=$(for d in "$copy"/sys/kernel/iommu_groups/*; do
		echo "$(ls "$d/devices" | wc -l) $d"; done | sort -n | tail -n 1 | cut -d' ' -f2)
	[ "$(ls "$big/devices" | wc -l)" -ge 2 ] || continue
	first=$(ls -d "$copy"/sys/kernel/iommu_groups/* | grep -v "^$big\$" | head -n 1)
	mv "$big/devices/$(ls "$big/devices" | tail -n 1)" "$first/devices/"
	out=$("$IOTOPO" groups "$view" --compare-sysfs "$copy" 2>&1)
	rc=$?
	if [ $rc != 1 ] || ! printf '%s\n' "$out" | grep -q "^1 difference(s)" ||
		! printf '%s\n' "$out" | grep -q "kernel: .*group $(basename "$first") {"; then
		echo "FAIL moved device in $view not reported as one difference (exit $rc):"
		echo "$out"
		fail=1
	fi
done
echo "$n renumbered views"
[ $n -ge 10 ] || { echo "too few fixture views under $FIX"; exit 1; }
exit $fail
