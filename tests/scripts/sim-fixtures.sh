#!/bin/sh
# iotopo groups against every real-kernel capture in tests/fixtures, through
# the real readers (sysfs tree, FDT/IORT/VIOT): each snapshot's prediction must
# equal the groups that kernel formed (--compare-sysfs), and from every boot/
# snapshot, the prediction for every other captured kernel with --state final
# must partition the devices as that kernel's final/ did, each group with the
# default domain type that kernel gave it (--compare-sysfs
# compares memberships: numbers follow driver probe order, and each snapshot
# records its own kernel's drivers, e.g. no virtio-pci on 6.1).  x86-intel cases run through the DMAR reader.
# The same views, with the kernel's groups read from sys/kernel/iommu_groups independently of
# iotopo, are judged by the unit test tests/unit/test_sim_fixtures.c.
# Usage: sim-fixtures.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1
FIX=$2/tests/fixtures
fail=0
n=0
for snap in "$FIX"/*/*/boot "$FIX"/*/*/final; do
	n=$((n + 1))
	if ! out=$("$IOTOPO" groups "$snap" --compare-sysfs "$snap" 2>&1); then
		echo "FAIL $snap"
		echo "$out"
		fail=1
	fi
done
for boot in "$FIX"/*/*/boot; do
	case_dir=$(dirname "$(dirname "$boot")")
	for other in "$case_dir"/*/final; do
		kernel=$(cat "$(dirname "$other")/final/proc/sys/kernel/osrelease")
		n=$((n + 1))
		out=$("$IOTOPO" groups --kernel "$kernel" --state final "$boot" \
			--compare-sysfs "$other" 2>&1)
		rc=$?
		if [ "$rc" != 0 ]; then
			echo "FAIL $boot --kernel $kernel --state final vs $other"
			echo "$out"
			fail=1
		fi
	done
done
echo "$n comparisons"
[ "$n" -ge 180 ] || { echo "too few fixtures found under $FIX"; exit 1; }
exit $fail
