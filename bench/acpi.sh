#!/bin/sh
# ACPI benchmark on the big board (bench/gen-big-board.py, shared with the DT
# benchmark), in one run:
#   encode: `iotopo compile big-board.yaml --iort`  vs  `iasl -z` of that table's source
#   decode: `iotopo decode big-board-iort.aml`      vs  `iasl -d` of the same table
# and print the ratios.  The board's 8,192 platform devices get ACPI paths
# (\_SB_.Sgg_.Dnnn) so that they become IORT named components.
# usage: bench/acpi.sh [IOTOPO] [RUNS]      (default: build/iotopo, 5 runs)
# IASL (default /usr/bin/iasl, Debian 12's 20200925) is the iasl compared
# with; the table is written at IORT revision 0 in its dialect so it takes it.
# GEN overrides the generator (default bench/gen-big-board.py).
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
IOTOPO=${1:-$SRC/build/iotopo}
case $IOTOPO in /*) ;; *) IOTOPO=$(pwd)/$IOTOPO ;; esac
RUNS=${2:-5}
IASL=${IASL:-/usr/bin/iasl}
GEN=${GEN:-$SRC/bench/gen-big-board.py}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

"$PY" "$GEN" "$T" >/dev/null
# dev<j> -> \_SB_.S<j/4096>_.D<j%4096>: full paths of 4-character segments
"$PY" - "$T/big-board.yaml" <<'PYEOF'
import re, sys
p = sys.argv[1]
s = open(p).read()
def path(m):
    j = int(m.group(1))
    return '{name: dev%d, acpi: {path: "\\\\_SB_.S%02X_.D%03X"}, dt:' % (j, j >> 12, j & 0xfff)
s = re.sub(r'\{name: dev(\d+), dt:', path, s)
open(p, "w").write(s)
PYEOF
Y=$T/big-board.yaml
cd "$T"
"$IOTOPO" compile "$Y" --iort-rev 0 --asl-dialect 20200925 --iort big.aml --iort-asl big.asl 2>/dev/null
"$IASL" -z -p ref big.asl >/dev/null
cmp big.aml ref.aml
cp big.aml dis.aml
"$IASL" -d dis.aml >/dev/null 2>&1
"$IOTOPO" decode big.aml >big-decoded.yaml 2>/dev/null
echo "big board IORT: $(wc -c <big.aml) bytes, $(grep -c 'Type : 01' big.asl) named components," \
	"$(grep -c 'Type : 04' big.asl) SMMUv3, $(grep -c 'Type : 02' big.asl) root complexes;" \
	"iasl -z rebuilds it byte for byte"

# time_ms CMD...: mean CPU time (user + system) in ms over RUNS runs, so that the
# ratios hold on a loaded machine; /usr/bin/time (GNU) when present, else wall time.
time_ms() {
	i=0
	total=0
	while [ $i -lt "$RUNS" ]; do
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f "%U %S" -o "$T/t" "$@" >/dev/null 2>&1 || true
			t=$(awk '{ print ($1 + $2) * 1000 }' "$T/t")
		else
			t0=$(date +%s.%N)
			"$@" >/dev/null 2>&1 || true
			t=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print (b - a) * 1000 }')
		fi
		total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
		i=$((i + 1))
	done
	awk -v t="$total" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n }'
}
enc=$(time_ms "$IOTOPO" compile "$Y" --iort-rev 0 --iort big.aml)
ienc=$(time_ms "$IASL" -z -p ref big.asl)
dec=$(time_ms "$IOTOPO" decode big.aml)
idec=$(time_ms "$IASL" -d dis.aml)
awk -v e="$enc" -v ie="$ienc" -v d="$dec" -v id="$idec" -v n="$RUNS" 'BEGIN {
	printf "encode: iotopo %.1f ms (YAML -> IORT), iasl %.1f ms (source -> IORT): %.1fx\n", e, ie, ie / e
	printf "decode: iotopo %.1f ms (IORT -> YAML), iasl -d %.1f ms (IORT -> source): %.1fx\n", d, id, id / d
	printf "(CPU time, user + system, mean of %d runs)\n", n
}'
