#!/bin/sh
# `cmake --install` into a fresh prefix gives a working tree: the binary, libiotopo.so.0 with
# its header and pkg-config file (naming this prefix), both man pages, the bash completion, the
# four JSON schemas under share/iotopo/schemas and the examples under
# share/iotopo/examples, each a copy of the source; every installed example names the
# installed schema beside it ($schema=../schemas/...) and passes `iotopo check -q` run from
# the installed binary.  Nothing else is installed that this list does not know about.
# ctest-labels: install
set -u
SRC=$2
BUILD=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
P=$tmp/prefix
if ! cmake --install "$BUILD" --prefix "$P" >"$tmp/log" 2>&1; then
	echo "FAIL: cmake --install $BUILD --prefix $P"
	cat "$tmp/log"
	exit 1
fi
fail=0
n=0
expect() { # FILE [SOURCE]: FILE is installed (and is a copy of SOURCE)
	n=$((n + 1))
	printf '%s\n' "$1" >>"$tmp/expected"
	if [ ! -f "$P/$1" ]; then
		echo "FAIL: $1 not installed"
		fail=1
	elif [ $# -gt 1 ] && ! cmp -s "$P/$1" "$2"; then
		echo "FAIL: installed $1 differs from $2"
		fail=1
	fi
}
expect bin/iotopo
# the library: libiotopo.so.0 (+ the development symlink), its header and pkg-config file
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$BUILD/CMakeCache.txt")
libdir=${libdir:-lib}
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
expect "$libdir/libiotopo.so.$version"
expect "$libdir/libiotopo.so.0"
expect "$libdir/libiotopo.so"
expect include/iotopo/iotopo.h "$SRC/include/iotopo/iotopo.h"
expect "$libdir/pkgconfig/iotopo.pc"
expect share/man/man1/iotopo.1 "$SRC/man/iotopo.1"
expect share/man/man5/iotopo-topology.5 "$SRC/man/iotopo-topology.5"
expect share/bash-completion/completions/iotopo "$BUILD/iotopo.bash"
for s in topology lint rules groups; do
	expect "share/iotopo/schemas/$s.schema.json" "$SRC/schemas/$s.schema.json"
done
nex=0
for ex in "$SRC"/examples/*.yaml; do
	b=${ex##*/}
	expect "share/iotopo/examples/$b" "$ex"
	nex=$((nex + 1))
done
[ $nex -ge 5 ] || { echo "FAIL: only $nex examples in $SRC/examples"; fail=1; }

pc=$P/$libdir/pkgconfig/iotopo.pc
if [ -f "$pc" ] && ! grep -qx "prefix=$P" "$pc"; then
	echo "FAIL: iotopo.pc does not name the install prefix $P:"
	cat "$pc"
	fail=1
fi
[ -x "$P/bin/iotopo" ] || { echo "FAIL: bin/iotopo is not executable"; fail=1; }
v=$("$P/bin/iotopo" --version 2>&1) || { echo "FAIL: installed iotopo --version: $v"; fail=1; }
if ! bash -n "$P/share/bash-completion/completions/iotopo" 2>"$tmp/err"; then
	echo "FAIL: the installed completion is not valid bash"
	cat "$tmp/err"
	fail=1
fi
for ex in "$P"/share/iotopo/examples/*.yaml; do
	[ -f "$ex" ] || continue
	# the editor line resolves to the installed schema
	ref=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$ex")
	if [ -z "$ref" ]; then
		echo "FAIL: ${ex#"$P"/} has no yaml-language-server schema line"
		fail=1
	elif [ ! -f "$(dirname "$ex")/$ref" ]; then
		echo "FAIL: ${ex#"$P"/} names $ref, which is not installed beside it"
		fail=1
	fi
	if ! out=$("$P/bin/iotopo" check -q "$ex" 2>&1); then
		echo "FAIL: installed iotopo check -q ${ex#"$P"/}:"
		echo "$out"
		fail=1
	fi
done
# nothing installed that is not listed above
(cd "$P" && find . -type f -o -type l) | sed 's|^\./||' | sort >"$tmp/installed"
sort -o "$tmp/expected" "$tmp/expected"
if ! diff -u "$tmp/expected" "$tmp/installed" >"$tmp/diff"; then
	echo "FAIL: the installed files differ from the expected list (-expected +installed):"
	cat "$tmp/diff"
	fail=1
fi
[ $fail = 0 ] && echo "install: $n files in place, $nex installed examples pass the installed iotopo check -q"
exit $fail
