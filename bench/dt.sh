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

# the DT half alone: the same board read from a DTB (no YAML parsing) and written again
"$IOTOPO" compile "$T/dtc.dtb" --dtb "$T/iotopo2.dtb"

if command -v hyperfine >/dev/null; then
	hyperfine -N -w 2 -r "$RUNS" --export-json "$T/h.json" \
		"$IOTOPO compile $Y --dtb $T/iotopo.dtb" "dtc -q -I dts -O dtb -o $T/dtc.dtb $D" \
		"$IOTOPO compile $T/dtc.dtb --dtb $T/iotopo2.dtb"
	"$PY" - "$T/h.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("iotopo compile YAML->DTB %.1f ms, dtc DTS->DTB %.1f ms (means): iotopo is %.1fx faster"
      % (r[0]["mean"] * 1e3, r[1]["mean"] * 1e3, r[1]["mean"] / r[0]["mean"]))
print("iotopo compile DTB->DTB (DT reader + writer only) %.1f ms: %.1fx faster than dtc"
      % (r[2]["mean"] * 1e3, r[1]["mean"] / r[2]["mean"]))
PYEOF
	exit 0
fi

# no hyperfine: RUNS runs of each, wall clock (date) and CPU (user+sys, from /usr/bin/time)
TIME=/usr/bin/time
run() { # label, command...: prints "label wall_ms cpu_ms"
	label=$1
	shift
	: >"$T/cpu"
	t0=$(date +%s.%N)
	i=0
	while [ $i -lt "$RUNS" ]; do
		if [ -x "$TIME" ]; then "$TIME" -a -o "$T/cpu" -f "%U %S" "$@"; else "$@"; fi
		i=$((i + 1))
	done
	t1=$(date +%s.%N)
	awk -v l="$label" -v a="$t0" -v b="$t1" -v n="$RUNS" \
		'{ c += $1 + $2 } END { printf "%s %.1f %.1f\n", l, (b - a) / n * 1000, c / n * 1000 }' \
		"$T/cpu"
}
run iotopo "$IOTOPO" compile "$Y" --dtb "$T/iotopo.dtb" >"$T/r"
run dtc dtc -q -I dts -O dtb -o "$T/dtc.dtb" "$D" >>"$T/r"
run dt-only "$IOTOPO" compile "$T/dtc.dtb" --dtb "$T/iotopo2.dtb" >>"$T/r"
awk -v n="$RUNS" '{ w[$1] = $2; c[$1] = $3 } END {
	printf "iotopo compile YAML->DTB: %.1f ms wall, %.1f ms CPU (mean of %d)\n", w["iotopo"], c["iotopo"], n
	printf "dtc DTS->DTB:             %.1f ms wall, %.1f ms CPU\n", w["dtc"], c["dtc"]
	printf "iotopo DTB->DTB (DT half): %.1f ms wall, %.1f ms CPU\n", w["dt-only"], c["dt-only"]
	printf "ratio dtc/iotopo: %.1fx wall, %.1fx CPU; DT half alone: %.1fx wall, %.1fx CPU\n",
		w["dtc"] / w["iotopo"], c["dtc"] / c["iotopo"], w["dtc"] / w["dt-only"], c["dtc"] / c["dt-only"]
}' "$T/r"
