#!/bin/sh
# Time `iotopo compile` of the big board to a DTB against `dtc -I dts -O dtb`
# of the equivalent DTS, in the same run, and print the ratio (target: >= 20x).
# usage: bench/dt.sh [IOTOPO] [RUNS]      (default: build/iotopo, 10 runs)
# Uses hyperfine when installed, else a loop timed with date +%s.%N.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
IOTOPO=${1:-$SRC/build/iotopo}
RUNS=${2:-10}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

"$PY" "$SRC/bench/gen-big-board.py" "$T"
Y=$T/big-board.yaml D=$T/big-board.dts
# both must work before timing them
"$IOTOPO" compile "$Y" --dtb "$T/iotopo.dtb"
dtc -q -I dts -O dtb -o "$T/dtc.dtb" "$D"
echo "big board: $(grep -c 'model: smmuv3' "$Y") SMMUv3, $(grep -c 'ecam:' "$Y") PCI roots," \
	"$(grep -c 'vendor,dma' "$Y") platform devices; DTB $(wc -c <"$T/iotopo.dtb") bytes" \
	"(dtc: $(wc -c <"$T/dtc.dtb"))"

if command -v hyperfine >/dev/null; then
	hyperfine -N -w 2 -r "$RUNS" --export-json "$T/h.json" \
		"$IOTOPO compile $Y --dtb $T/iotopo.dtb" "dtc -q -I dts -O dtb -o $T/dtc.dtb $D"
	"$PY" - "$T/h.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("iotopo %.1f ms, dtc %.1f ms (means): iotopo is %.1fx faster"
      % (r[0]["mean"] * 1e3, r[1]["mean"] * 1e3, r[1]["mean"] / r[0]["mean"]))
PYEOF
	exit 0
fi

now() { date +%s.%N; }
t0=$(now)
i=0
while [ $i -lt "$RUNS" ]; do "$IOTOPO" compile "$Y" --dtb "$T/iotopo.dtb"; i=$((i + 1)); done
t1=$(now)
i=0
while [ $i -lt "$RUNS" ]; do dtc -q -I dts -O dtb -o "$T/dtc.dtb" "$D"; i=$((i + 1)); done
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$RUNS" 'BEGIN {
	i = (b - a) / n * 1000; d = (c - b) / n * 1000
	printf "iotopo %.1f ms, dtc %.1f ms (mean of %d): iotopo is %.1fx faster\n", i, d, n, d / i
}'
