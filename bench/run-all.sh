#!/bin/sh
# Every speed goal of iotopo in one run, as medians of CPU time (user + sys of
# each run, from getrusage: bench/cputime.c), each against its goal:
#   check -q              vs libyaml's bare event parse of the same file   <= 1.5x
#   compile YAML -> DTB   vs dtc -I dts -O dtb on the equivalent DTS       >= 10x faster
#   lint DTB + IORT       vs dtc -I dtb -O dts + iasl -d                   >= 15x faster
#   lint of a 16 MiB IORT (bench/gen-hostile.py iort-max-maps)             < 1 s
#   lint of every Debian arm64 DTB (CORPUS=DIR of DTBs)                    < 10 s wall
#   groups of a 1,000,000-function sysfs tree from disk (SYSFS_TREE=DIR,
#     or FUNCTIONS=N: bench/gen-sysfs-tree.py writes an N-function tree)   < 2 s, < 1 GiB
# usage: bench/run-all.sh [IOTOPO] [RUNS]     (default: build/iotopo, 7 runs)
# STEPS="5 6" runs only those numbered steps (default: all six).
# Needs cc and libyaml (for the two helpers), python3, dtc; iasl for the lint ratio.
# Build iotopo as you would ship it (RelWithDebInfo or Release) before timing.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
IOTOPO=${1:-$SRC/build/iotopo}
RUNS=${2:-7}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CC=${CC:-cc}
$CC -O2 -o "$T/cputime" "$SRC/bench/cputime.c"
YAMLLIB=$(pkg-config --cflags --libs yaml-0.1 2>/dev/null || echo -lyaml)
$CC -O2 -o "$T/yaml-parse" "$SRC/bench/yaml-parse.c" $YAMLLIB
# the loader alone, from the library next to IOTOPO (check also runs every writer)
BUILD=$(dirname "$IOTOPO")
LIB=$(find "$BUILD" -maxdepth 2 -name libiotopo.a | head -n 1)
# (a sanitizer or fuzzer build's library does not link into a plain program: no loader figure)
if [ -n "$LIB" ] && ! $CC -O2 -I "$SRC/src" -I "$BUILD/generated" -o "$T/yaml-load" \
	"$SRC/bench/yaml-load.c" "$LIB" $YAMLLIB -lfdt 2>"$T/yaml-load.log"; then
	echo "the YAML loader alone: not measured ($LIB does not link into a plain program)"
	rm -f "$T/yaml-load"
fi

STEPS=${STEPS:-1 2 3 4 5 6}
step() { case " $STEPS " in *" $1 "*) return 0 ;; esac; return 1; }

fail=0
# med CMD...: median CPU ms of RUNS runs (the first field of cputime)
med() { "$T/cputime" -n "$RUNS" -- "$@" | cut -d' ' -f1; }
# verdict NAME VALUE OP GOAL UNIT
verdict() {
	if awk -v v="$2" -v g="$4" -v op="$3" 'BEGIN { exit !(op == "<=" ? v <= g : op == "<" ? v < g : v >= g) }'; then
		r=ok
	else
		r=MISSED
		fail=1
	fi
	printf '%-58s %8s%s  (goal %s %s%s)  %s\n' "$1" "$2" "$5" "$3" "$4" "$5" "$r"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.001; printf "%.2f", a / b }'; }

echo "iotopo: $("$IOTOPO" --version 2>/dev/null | head -1); $(nproc) CPUs; medians of $RUNS runs"

# ---- the big board (bench/gen-big-board.py): YAML, DTS, DTB, IORT ----
Y=$T/big-board.yaml
if step 1 || step 2 || step 3; then
	"$PY" "$SRC/bench/gen-big-board.py" "$T" >/dev/null
	"$IOTOPO" check -q "$Y"
fi

# 1. the loader against libyaml (check -q as issue 14 words it; it now also runs every
#    writer as its validator, so the loader alone is timed too)
if step 1; then
	c=$(med "$IOTOPO" check -q "$Y")
	p=$(med "$T/yaml-parse" "$Y")
	echo "  check -q $c ms, bare libyaml parse $p ms ($(wc -c <"$Y") bytes of YAML)"
	verdict "check -q / bare libyaml event parse" "$(ratio "$c" "$p")" "<=" 1.5 x
	if [ -x "$T/yaml-load" ]; then
		l=$(med "$T/yaml-load" "$Y")
		echo "  the YAML loader alone (bench/yaml-load.c) $l ms"
		verdict "YAML loader alone / bare libyaml event parse" "$(ratio "$l" "$p")" "<=" 1.5 x
	fi
fi

# 2. compile to DTB against dtc
if ! step 2; then
	:
elif command -v dtc >/dev/null; then
	"$IOTOPO" compile "$Y" --dtb "$T/iotopo.dtb"
	i=$(med "$IOTOPO" compile "$Y" --dtb "$T/iotopo.dtb")
	d=$(med dtc -q -I dts -O dtb -o "$T/dtc.dtb" "$T/big-board.dts")
	echo "  compile YAML->DTB $i ms, dtc -I dts -O dtb $d ms"
	verdict "dtc DTS->DTB / iotopo compile YAML->DTB" "$(ratio "$d" "$i")" ">=" 10 x
else
	echo "compile ratio: skipped (no dtc)"
fi

# 3. lint of the board's DTB and IORT against dtc + iasl
if ! step 3; then
	:
elif command -v dtc >/dev/null && command -v iasl >/dev/null; then
	# an IORT named component needs an ACPI path: give every platform device one
	"$PY" - "$Y" "$T/board.yaml" <<'PYEOF'
import re, sys
s = open(sys.argv[1]).read()
def acpi(m):
    i = int(m.group(1))
    return m.group(0) + ' acpi: {path: "\\\\_SB_.D%03X.N%03X"},' % (i // 4096, i % 4096)
s = re.sub(r"\{name: dev(\d+),", acpi, s)
open(sys.argv[2], "w").write(s)
PYEOF
	"$IOTOPO" compile "$T/board.yaml" --dtb "$T/board.dtb" --iort "$T/board.IORT"
	cp "$T/board.IORT" "$T/board.dat" # iasl -d names its output after the input
	l=$(med "$IOTOPO" lint "$T/board.dtb" "$T/board.IORT")
	d=$(med dtc -q -I dtb -O dts -o "$T/out.dts" "$T/board.dtb")
	a=$("$T/cputime" -n "$RUNS" -C "$T" -- iasl -d board.dat | cut -d' ' -f1)
	echo "  lint $l ms; dtc -I dtb -O dts $d ms + iasl -d $a ms"
	verdict "(dtc -O dts + iasl -d) / iotopo lint DTB+IORT" \
		"$(ratio "$(awk -v a="$d" -v b="$a" 'BEGIN { print a + b }')" "$l")" ">=" 15 x
else
	echo "lint ratio: skipped (needs dtc and iasl; tests/tools/get-trixie.sh fetches iasl)"
fi

# 4. a hostile table: the most ID mappings a 16 MiB IORT holds
if ! step 4; then
	:
elif "$IOTOPO" compile "$SRC/examples/qemu-virt-smmuv3.yaml" --iort "$T/base.aml" 2>/dev/null &&
	"$PY" "$SRC/bench/gen-hostile.py" "$T/hostile" "$T/base.aml" iort-max-maps.aml \
	>/dev/null 2>&1 && [ -f "$T/hostile/iort-max-maps.aml" ]; then
	h=$("$T/cputime" -n 1 -- "$IOTOPO" lint "$T/hostile/iort-max-maps.aml" | cut -d' ' -f1)
	verdict "lint of a 16 MiB IORT ($(wc -c <"$T/hostile/iort-max-maps.aml") bytes)" \
		"$(awk -v h="$h" 'BEGIN { printf "%.2f", h / 1000 }')" "<" 1 s
else
	echo "hostile IORT: skipped (bench/gen-hostile.py could not write iort-max-maps.aml)"
fi

# 5. a whole corpus of DTBs, one process (CORPUS: e.g. the tree tests/tools/get-debian-dtbs.sh
#    prints; -L: the tree, or CORPUS itself, may be a symlink)
if ! step 5; then
	:
elif [ -n "${CORPUS:-}" ] && [ -d "$CORPUS" ]; then
	find -L "$CORPUS" -name '*.dtb' -type f | sort >"$T/corpus"
	if [ -s "$T/corpus" ]; then
		t0=$(date +%s.%N)
		xargs "$IOTOPO" lint <"$T/corpus" >/dev/null 2>&1 || true
		t1=$(date +%s.%N)
		verdict "lint of $(wc -l <"$T/corpus") DTBs (wall)" \
			"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" "<" 10 s
	else
		echo "corpus lint: skipped (no *.dtb under $CORPUS)"
	fi
else
	echo "corpus lint: skipped (set CORPUS=DIR of DTBs, e.g. from tests/tools/get-debian-dtbs.sh)"
fi

# 6. groups at scale, from disk: SYSFS_TREE=DIR, or FUNCTIONS=N to generate an N-function tree
#    (1,000,000 functions take about 25 GB of disk and ~10 minutes to write, so only when asked;
#    KEEP_TREE=1 keeps a generated tree, and prints where, for another run with SYSFS_TREE=)
if step 6 && [ -z "${SYSFS_TREE:-}" ] && [ -n "${FUNCTIONS:-}" ]; then
	TREE_DIR=$T
	[ "${KEEP_TREE:-}" = 1 ] && TREE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/iotopo-tree.XXXXXX")
	"$PY" "$SRC/bench/gen-sysfs-tree.py" "$TREE_DIR/tree" "$FUNCTIONS" --iotopo "$IOTOPO" >/dev/null
	SYSFS_TREE=$TREE_DIR/tree
	[ "${KEEP_TREE:-}" = 1 ] && echo "tree kept: $SYSFS_TREE"
fi
if ! step 6; then
	:
elif [ -n "${SYSFS_TREE:-}" ] && [ -d "$SYSFS_TREE" ]; then
	N=$(find "$SYSFS_TREE/sys/bus/pci/devices" -mindepth 1 -maxdepth 1 | wc -l)
	# one warm-up run (the page cache), then the medians of 3
	"$IOTOPO" groups --sysfs "$SYSFS_TREE" -o "$T/groups.txt" >/dev/null 2>&1 || :
	set -- $("$T/cputime" -n 3 -- "$IOTOPO" groups --sysfs "$SYSFS_TREE" -o "$T/groups.txt")
	verdict "groups --sysfs of $N functions (CPU)" \
		"$(awk -v h="$1" 'BEGIN { printf "%.2f", h / 1000 }')" "<" 2 s
	verdict "groups --sysfs of $N functions (max RSS)" \
		"$(awk -v k="$3" 'BEGIN { printf "%.0f", k / 1024 }')" "<" 1024 MiB
	echo "  user $(awk -v u="$4" 'BEGIN { printf "%.2f", u / 1000 }') s," \
		"system $(awk -v s="$5" 'BEGIN { printf "%.2f", s / 1000 }') s," \
		"wall $(awk -v w="$6" 'BEGIN { printf "%.2f", w / 1000 }') s ($(nproc) CPUs, one reader thread each," \
		"reading config files through io_uring when built with liburing)"
	# the kernel's floor: only open + read + close of each function's config (bench/sysfs-floor.c)
	#    (and, built with liburing, the same reads batched through io_uring)
	URING=
	if $CC -O2 -DHAVE_LIBURING -o "$T/sysfs-floor" "$SRC/bench/sysfs-floor.c" -luring \
		-lpthread 2>/dev/null; then
		URING=-u
	elif ! $CC -O2 -o "$T/sysfs-floor" "$SRC/bench/sysfs-floor.c" -lpthread; then
		rm -f "$T/sysfs-floor"
	fi
	if [ -x "$T/sysfs-floor" ]; then
		"$T/sysfs-floor" "$SYSFS_TREE" >/dev/null || :
		for opt in "-t 1" "-t $(nproc)" ${URING:+"-u"}; do
			# shellcheck disable=SC2086
			echo "  floor: $("$T/sysfs-floor" $opt "$SYSFS_TREE" | sed 's/^[0-9]* functions, //')"
		done
	fi
else
	echo "groups at scale: skipped (set SYSFS_TREE=DIR, or FUNCTIONS=N to generate a tree)"
fi
exit $fail
