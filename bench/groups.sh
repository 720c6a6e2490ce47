#!/bin/sh
# Benchmark `iotopo groups` on a synthetic forest of PCI functions.
#
#   bench/groups.sh [BUILD_DIR] [FUNCTIONS]      (defaults: build-rel, 1000000)
#
# 1. bench/groups_forest.c, linked against BUILD_DIR's library, builds the
#    forest in memory (123 segments of 8 root ports, each above a switch with
#    8 downstream ports, every fourth without ACS, each with a 126-function
#    endpoint: PF0 multifunction, PF1, 124 SR-IOV VFs; plus a PCIe-to-PCI
#    bridge with 8 conventional devices per segment; 16 SMMUv3s) and times the
#    simulator and the JSON writer, under /usr/bin/time -v.
# 2. With BENCH_CLI=1, a forest of N_CLI functions (default 100000: the YAML
#    reader refuses files over 16 MiB or 10^6 nodes) as YAML through `iotopo groups` end to
#    end, and `iotopo check` on the same file (the YAML load alone).
# Configure BUILD_DIR with -DCMAKE_BUILD_TYPE=Release for meaningful figures.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-rel}
N=${2:-1000000}
LIB=$(find "$BUILD" -name 'libiotopo.a' | head -n 1)
[ -n "$LIB" ] || { echo "no libiotopo.a under $BUILD: build it first" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
${CC:-cc} -O2 -I "$SRC/src" -I "$BUILD" -o "$TMP/forest" "$SRC/bench/groups_forest.c" "$LIB"
echo "== in memory: simulate only, $N functions"
/usr/bin/time -v "$TMP/forest" -n "$N" --no-json 2>"$TMP/time"
grep -E 'User time|System time|Elapsed|Maximum resident' "$TMP/time"
echo "== in memory: simulate + JSON, $N functions"
/usr/bin/time -v "$TMP/forest" -n "$N" 2>"$TMP/time"
grep -E 'User time|System time|Elapsed|Maximum resident' "$TMP/time"
if [ "${BENCH_CLI:-0}" = 1 ]; then
	"$TMP/forest" -n "${N_CLI:-100000}" --yaml >"$TMP/forest.yaml"
	echo "== iotopo groups on $(wc -c <"$TMP/forest.yaml") bytes of YAML"
	/usr/bin/time -v "$BUILD/iotopo" groups --format json -o "$TMP/out.json" \
		"$TMP/forest.yaml" 2>"$TMP/time"
	grep -E 'User time|System time|Elapsed|Maximum resident' "$TMP/time"
	echo "== of which iotopo check (YAML load alone)"
	/usr/bin/time -v "$BUILD/iotopo" check -q "$TMP/forest.yaml" 2>"$TMP/time"
	grep -E 'User time|System time|Elapsed|Maximum resident' "$TMP/time"
fi
