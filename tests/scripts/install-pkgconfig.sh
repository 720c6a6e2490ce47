#!/bin/sh
# libiotopo as an outside program sees it: `cmake --install` into a fresh prefix, then
# tests/tools/api-example.c is compiled against the installed tree only, with
# `pkg-config --cflags --libs iotopo` (-std=c99 -pedantic -Wall -Wextra -Werror), and run with
# LD_LIBRARY_PATH on the examples and a real Debian DTB with lint findings.  Its answers must be
# the command's: the DTB and IORT bytes of `iotopo compile`, the findings of `iotopo lint`,
# the device -> group map of `iotopo groups -f json`.  The shared library has the soname
# libiotopo.so.0 and exports only iot_ symbols, each one declared in the installed header.
# Needs cc, pkg-config, nm, readelf and python3; skipped (77) without them.
# ctest-labels: install
set -u
IOTOPO=$1
SRC=$2
BUILD=$3
for tool in cc pkg-config nm readelf python3; do
	command -v $tool >/dev/null 2>&1 || { echo "skip: no $tool"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
P=$tmp/prefix
if ! cmake --install "$BUILD" --prefix "$P" >"$tmp/log" 2>&1; then
	echo "FAIL: cmake --install $BUILD --prefix $P"
	cat "$tmp/log"
	exit 1
fi
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$BUILD/CMakeCache.txt")
case $libdir in /*) ;; *) libdir=$P/${libdir:-lib} ;; esac
fail=0

# the library: soname, and nothing exported but the header's iot_ functions
so=$libdir/libiotopo.so.0
[ -f "$so" ] || { echo "FAIL: $so not installed"; ls -R "$P"; exit 1; }
soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libiotopo.so.0 ] || { echo "FAIL: soname is '$soname', not libiotopo.so.0"; fail=1; }
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVWiu]$/ { print $3 }' | sort >"$tmp/exported"
if grep -v '^iot_' "$tmp/exported" >"$tmp/bad"; then
	echo "FAIL: libiotopo.so exports symbols without the iot_ prefix:"
	head -20 "$tmp/bad"
	fail=1
fi
H=$P/include/iotopo/iotopo.h
sed -n 's/^IOT_PUBLIC [^(]*[ *]\(iot_[a-z_]*\)(.*/\1/p' "$H" | sort >"$tmp/declared"
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
	echo "FAIL: exported symbols differ from the IOT_PUBLIC functions of iotopo.h (-header +library):"
	cat "$tmp/diff"
	fail=1
fi
[ -s "$tmp/declared" ] || { echo "FAIL: no IOT_PUBLIC function found in $H"; fail=1; }

# an outside program, built through pkg-config against the installed tree
export PKG_CONFIG_PATH="$libdir/pkgconfig"
if ! flags=$(pkg-config --cflags --libs iotopo 2>&1); then
	echo "FAIL: pkg-config --cflags --libs iotopo: $flags"
	exit 1
fi
v=$(pkg-config --modversion iotopo)
# the compiler of this build, and its sanitizers when it has them (the library needs their runtime)
CC=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
command -v "${CC:-cc}" >/dev/null 2>&1 || CC=cc
grep -q '^IOTOPO_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" && flags="-fsanitize=address,undefined $flags"
# shellcheck disable=SC2086 # flags are words
if ! "${CC:-cc}" -std=c99 -pedantic -Wall -Wextra -Werror -o "$tmp/api-example" \
	"$SRC/tests/tools/api-example.c" $flags 2>"$tmp/err"; then
	echo "FAIL: cc api-example.c \$(pkg-config --cflags --libs iotopo) ($flags):"
	cat "$tmp/err"
	exit 1
fi
readelf -d "$tmp/api-example" | grep -q 'NEEDED.*\[libiotopo\.so\.0\]' ||
	{ echo "FAIL: api-example does not link libiotopo.so.0"; fail=1; }
export LD_LIBRARY_PATH="$libdir"

n=0
for in in "$SRC"/examples/*.yaml "$SRC/tests/fixtures/debian-dtb/freescale/fsl-lx2160a-clearfog-cx.dtb"; do
	n=$((n + 1))
	o=$tmp/$n
	mkdir -p "$o/lib" "$o/cli"
	if ! "$tmp/api-example" "$in" "$o/lib" >"$o/out" 2>&1; then
		echo "FAIL: api-example $in:"
		cat "$o/out"
		fail=1
		continue
	fi
	grep -qx "libiotopo $v" "$o/out" || { echo "FAIL: iot_version() is not $v"; fail=1; }
	# compile: the same bytes as the command (and written by both or by neither)
	"$IOTOPO" compile --dtb "$o/cli/out.dtb" "$in" 2>/dev/null
	"$IOTOPO" compile --iort "$o/cli/out-iort.aml" "$in" 2>/dev/null
	for f in out.dtb out-iort.aml; do
		if [ -f "$o/cli/$f" ] || [ -f "$o/lib/$f" ]; then
			cmp -s "$o/cli/$f" "$o/lib/$f" ||
				{ echo "FAIL: $in: $f from libiotopo differs from iotopo compile's"; fail=1; }
		fi
	done
	# lint: the same findings, as iotopo prints them
	"$IOTOPO" lint "$in" 2>&1 | sort >"$o/lint.cli"
	sed -n 's/^finding: //p' "$o/out" | sort >"$o/lint.lib"
	if ! diff -u "$o/lint.cli" "$o/lint.lib" >"$o/diff"; then
		echo "FAIL: $in: iot_lint findings differ from iotopo lint (-cli +lib):"
		cat "$o/diff"
		fail=1
	fi
	# groups: every device in the same group, behind the same IOMMU, with the same verdict
	IOTOPO_PCI_IDS=none "$IOTOPO" groups -f json "$in" | python3 -c '
import json, sys
for d in json.load(sys.stdin)["devices"]:
    g = d["group"]
    print(d["name"], "group", -1 if g is None else g, d["iommu"] or "-", d["verdict"])
' | sort >"$o/groups.cli"
	sed -n 's/^device: //p' "$o/out" | sort >"$o/groups.lib"
	if ! [ -s "$o/groups.cli" ] || ! diff -u "$o/groups.cli" "$o/groups.lib" >"$o/diff"; then
		echo "FAIL: $in: iot_simulate differs from iotopo groups (-cli +lib):"
		cat "$o/diff"
		fail=1
	fi
done

# errors come back as libfdt-style negative codes
"$tmp/api-example" "$tmp/absent.yaml" "$tmp" >"$tmp/out" 2>&1
grep -q '^load: error -2 (cannot read the input)$' "$tmp/out" ||
	{ echo "FAIL: a missing input:"; cat "$tmp/out"; fail=1; }
echo 'not: [a, topology' >"$tmp/bad.yaml"
"$tmp/api-example" "$tmp/bad.yaml" "$tmp" >"$tmp/out" 2>&1
if ! grep -q '^load: error -3 ' "$tmp/out" || ! grep -q "bad.yaml:[0-9]*:[0-9]*: error: " "$tmp/out"; then
	echo "FAIL: a malformed input:"
	cat "$tmp/out"
	fail=1
fi
[ $fail = 0 ] && echo "install-pkgconfig: $(wc -l <"$tmp/exported") iot_ symbols; api-example (pkg-config $v) agrees with iotopo on $n inputs"
exit $fail
