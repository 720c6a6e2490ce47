#!/bin/sh
# Benchmark `iotopo groups --sysfs DIR` on a synthetic tree on disk.
#
#   bench/groups-sysfs.sh [BUILD_DIR] [FUNCTIONS]      (defaults: build-rel, 1000000)
#
# bench/gen-sysfs-tree.py writes the tree (bench/groups_forest.c's shape: 123 PCI segments
# of 8,153 functions for a million, SR-IOV VFs, an IORT with 16 SMMUv3s) under
# ${BENCH_TMP:-/tmp}; a million functions take about 24 GB of disk and 15 minutes to write,
# and the tree is deleted afterwards.  The first run warms the page cache; the figures are
# the second and third runs' CPU time (user + system), wall time and peak RSS.
# Configure BUILD_DIR with -DCMAKE_BUILD_TYPE=Release for meaningful figures.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-rel}
N=${2:-1000000}
[ -x "$BUILD/iotopo" ] || { echo "no $BUILD/iotopo: build it first" >&2; exit 2; }
TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/iotopo-bench-sysfs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 "$SRC/bench/gen-sysfs-tree.py" "$TMP/tree" "$N" --iotopo "$BUILD/iotopo"
"$BUILD/iotopo" groups --sysfs "$TMP/tree" -o "$TMP/out.txt" 2>"$TMP/err" || {
	cat "$TMP/err" >&2
	exit 1
}
tail -n 1 "$TMP/out.txt"
for run in 2 3; do
	echo "== iotopo groups --sysfs (run $run)"
	/usr/bin/time -v "$BUILD/iotopo" groups --sysfs "$TMP/tree" -o "$TMP/out.txt" 2>"$TMP/time"
	grep -E 'User time|System time|Elapsed|Maximum resident' "$TMP/time"
done
echo "== iotopo groups --sysfs --format json"
/usr/bin/time -v "$BUILD/iotopo" groups --sysfs "$TMP/tree" -f json -o "$TMP/out.json" 2>"$TMP/time"
grep -E 'User time|System time|Elapsed|Maximum resident' "$TMP/time"
