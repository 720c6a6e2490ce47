#!/bin/sh
# Time `iotopo lint big-board.dtb big-board.IORT` (both readers, every rule, the DT <-> ACPI
# comparison) against what a user runs today to look at the same two files:
# `dtc -I dtb -O dts` plus `iasl -d`, in one run; print the ratio (issue goal: >= 15x).
# The board comes from bench/gen-big-board.py (64 SMMUv3, 64 PCI roots, 8192 platform
# devices); its DTB and IORT are compiled by iotopo itself.
# usage: bench/lint.sh [IOTOPO] [RUNS]      (default: build/iotopo, 5 runs)
# Times are CPU seconds (user + sys) from /usr/bin/time, summed over RUNS, so that other load
# on the machine does not skew the ratio; wall-clock seconds are printed beside them.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
IOTOPO=${1:-$SRC/build/iotopo}
RUNS=${2:-5}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for tool in dtc iasl /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench/lint.sh: needs $tool" >&2; exit 1; }
done

"$PY" "$SRC/bench/gen-big-board.py" "$T" >/dev/null
# an IORT named component needs an ACPI path: give every platform device one
"$PY" - "$T/big-board.yaml" "$T/board.yaml" <<'PYEOF'
import re, sys
s = open(sys.argv[1]).read()
def acpi(m):
    i = int(m.group(1))
    return m.group(0) + ' acpi: {path: "\\\\_SB_.D%03X.N%03X"},' % (i // 4096, i % 4096)
if "acpi:" not in s:
    s = re.sub(r"\{name: dev(\d+),", acpi, s)
open(sys.argv[2], "w").write(s)
PYEOF
"$IOTOPO" compile "$T/board.yaml" --dtb "$T/board.dtb" --iort "$T/board.IORT" >/dev/null
cp "$T/board.IORT" "$T/board.dat" # iasl -d names its output after the input
"$IOTOPO" lint "$T/board.dtb" "$T/board.IORT" >"$T/lint.txt" || true
echo "big board: DTB $(wc -c <"$T/board.dtb") bytes, IORT $(wc -c <"$T/board.IORT") bytes;" \
	"lint: $(grep -c ': error: ' "$T/lint.txt") errors, $(grep -c ': warning: ' "$T/lint.txt") warnings"

# cpu_and_wall CMD...: add "user+sys wall" of one run to $T/times
run() {
	/usr/bin/time -o "$T/t" -f "%U %S %e" "$@" >/dev/null 2>&1 || true
	awk '{ printf "%.3f %.3f\n", $1 + $2, $3 }' "$T/t" >>"$T/$tag"
}
i=0
while [ $i -lt "$RUNS" ]; do
	tag=lint run "$IOTOPO" lint "$T/board.dtb" "$T/board.IORT"
	tag=dtc run dtc -q -I dtb -O dts -o "$T/out.dts" "$T/board.dtb"
	(cd "$T" && tag=iasl run iasl -d board.dat)
	i=$((i + 1))
done
sum() { awk -v c="$2" '{ s += $c } END { printf "%.3f", s }' "$T/$1"; }
l=$(sum lint 1) d=$(sum dtc 1) a=$(sum iasl 1)
echo "$RUNS runs, CPU seconds: iotopo lint $l (wall $(sum lint 2)); dtc -I dtb -O dts $d" \
	"(wall $(sum dtc 2)) + iasl -d $a (wall $(sum iasl 2))"
awk -v l="$l" -v d="$d" -v a="$a" 'BEGIN {
	if (l <= 0) l = 0.001
	printf "iotopo lint is %.1fx faster than dtc + iasl (CPU time; goal >= 15x)\n", (d + a) / l
}'
