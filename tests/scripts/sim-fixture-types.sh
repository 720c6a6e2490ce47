#!/bin/sh
# The fixture comparisons judge default domain types, not only partitions:
# on a copy of one real capture, both comparers (iotopo groups --compare-sysfs,
# the test_sim_fixtures unit test)
# agrees with the untouched copy and reports the view whose iommu_groups/N/type
# was changed, one group to another type and one to "blocked" (a type the
# prediction never gives is a difference, not something to skip).
# Args: iotopo-binary src-dir build-dir.
set -u
iotopo=$1
src=$2
build=$3
case_name=v2-x86-intel-g-strict
rel=7.2.13+deb14-amd64
unit=$build/tests/test_sim_fixtures
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

mkdir -p "$tmp/clean/tests/fixtures/$case_name" "$tmp/bad/tests/fixtures/$case_name"
cp -R "$src/tests/fixtures/$case_name/$rel" "$tmp/clean/tests/fixtures/$case_name/"
cp -R "$src/tests/fixtures/$case_name/$rel" "$tmp/bad/tests/fixtures/$case_name/"
view=$tmp/bad/tests/fixtures/$case_name/$rel/boot
groups=$view/sys/kernel/iommu_groups
# group 1 holds 0000:00:02.0, group 2 0000:00:03.0 (iommu.strict=1: both DMA)
[ "$(cat "$groups/1/type")" = DMA ] && [ "$(cat "$groups/2/type")" = DMA ] || {
	echo "fixture changed: expected DMA in groups 1 and 2 of $case_name/$rel/boot"
	exit 1
}
printf 'DMA-FQ\n' >"$groups/1/type"
printf 'blocked\n' >"$groups/2/type"

# 1. the CLI comparison
clean=$tmp/clean/tests/fixtures/$case_name/$rel/boot
if ! "$iotopo" groups "$clean" --compare-sysfs "$clean" >/dev/null 2>&1; then
	echo "FAIL: the untouched copy does not match"
	fail=1
fi
out=$("$iotopo" groups "$view" --compare-sysfs "$view" 2>&1)
rc=$?
n=$(printf '%s\n' "$out" | grep -c '^domain: kernel: group [12] .* default domain \(DMA-FQ\|blocked\); predicted: group [0-9]* DMA$')
if [ "$rc" != 1 ] || [ "$n" != 2 ]; then
	echo "FAIL: --compare-sysfs on changed types: exit $rc, $n of 2 domain differences"
	printf '%s\n' "$out"
	fail=1
fi

# 2. the unit test (it reads sys/kernel/iommu_groups itself, independently of iotopo) (its summary line counts views that differ)
if [ -x "$unit" ]; then
	out=$(CK_FORK=no IOTOPO_FIXTURES="$tmp/clean/tests/fixtures" "$unit" 2>&1)
	case $out in
	*" 0 partitions or types differ"*) ;;
	*)
		echo "FAIL: test_sim_fixtures on the untouched copy"
		printf '%s\n' "$out" | tail -20
		fail=1
		;;
	esac
	out=$(CK_FORK=no IOTOPO_FIXTURES="$tmp/bad/tests/fixtures" "$unit" 2>&1)
	case $out in
	*"MISMATCH $case_name $rel boot"*"blocked: 0000:00:03.0"*" 1 partitions or types differ"*) ;;
	*)
		echo "FAIL: test_sim_fixtures did not catch the changed types"
		printf '%s\n' "$out" | tail -40
		fail=1
		;;
	esac
else
	echo "no $unit: unit-test part skipped"
fi
[ "$fail" = 0 ] && echo "every comparer reports the changed domain types"
exit $fail
