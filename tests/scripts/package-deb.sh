#!/bin/sh
# The Debian packages build from a copy of the source with `dpkg-buildpackage -us -uc -b`
# (debian/: debhelper-compat 13, dh with cmake; DEB_BUILD_OPTIONS=nocheck, the suite runs here
# already) into iotopo, libiotopo0 and libiotopo-dev, each holding what it should; unpacked
# (dpkg-deb -x, no root needed), the packaged iotopo checks every packaged example, and a
# program builds against the packaged header, pkg-config file and library and runs.  lintian,
# when installed, reports no error.  Skipped (77) without dpkg-buildpackage or debhelper, or
# when the build dependencies are missing (dpkg-checkbuilddeps says which).
# ctest-labels: package
set -u
SRC=$2
BUILD=$3
command -v dpkg-buildpackage >/dev/null 2>&1 || { echo "skip: no dpkg-buildpackage (dpkg-dev)"; exit 77; }
command -v dh >/dev/null 2>&1 || { echo "skip: no dh (apt-get install debhelper)"; exit 77; }
if ! out=$(cd "$SRC" && dpkg-checkbuilddeps 2>&1); then
	echo "skip: $out"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n '1s/^iotopo (\([^)]*\)).*/\1/p' "$SRC/debian/changelog")
cmake_version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD/CMakeCache.txt")
fail=0
[ "$version" = "$cmake_version" ] ||
	{ echo "FAIL: debian/changelog says $version, CMakeLists.txt project() $cmake_version"; fail=1; }
S=$tmp/iotopo-$version
mkdir -p "$S"
# the source without build trees (a build tree inside it is skipped too)
(cd "$SRC" && tar -c --exclude=./.git --exclude='./build*' --exclude='./obj-*' \
	--exclude="./${BUILD#"$SRC"/}" .) | tar -x -C "$S" || exit 1
if ! (cd "$S" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) \
	>"$tmp/build.log" 2>&1; then
	echo "FAIL: dpkg-buildpackage -us -uc -b:"
	tail -40 "$tmp/build.log"
	exit 1
fi
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
R=$tmp/root
for p in iotopo libiotopo0 libiotopo-dev; do
	deb=$tmp/${p}_${version}_$arch.deb
	if [ ! -f "$deb" ]; then
		echo "FAIL: $p not built"
		fail=1
		continue
	fi
	dpkg-deb -x "$deb" "$R"
	dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/$p.files"
done
has() { # PACKAGE PATH
	grep -qx "$2" "$tmp/$1.files" || { echo "FAIL: $1 does not hold $2"; fail=1; }
}
has iotopo /usr/bin/iotopo
has iotopo /usr/share/man/man1/iotopo.1.gz
has iotopo /usr/share/man/man5/iotopo-topology.5.gz
has iotopo /usr/share/bash-completion/completions/iotopo
has iotopo /usr/share/iotopo/schemas/topology.schema.json
has libiotopo0 "/usr/lib/$ma/libiotopo.so.0"
has libiotopo-dev /usr/include/iotopo/iotopo.h
has libiotopo-dev "/usr/lib/$ma/libiotopo.so"
has libiotopo-dev "/usr/lib/$ma/pkgconfig/iotopo.pc"
# the runtime package holds no development file, the command no library
if grep -q '\.h$\|\.pc$\|libiotopo\.so$' "$tmp/libiotopo0.files"; then
	echo "FAIL: libiotopo0 holds development files"
	fail=1
fi
grep -q libiotopo "$tmp/iotopo.files" && { echo "FAIL: the iotopo package holds the library"; fail=1; }

n=0
for ex in "$R"/usr/share/iotopo/examples/*.yaml; do
	[ -f "$ex" ] || continue
	n=$((n + 1))
	"$R/usr/bin/iotopo" check -q "$ex" || { echo "FAIL: packaged iotopo check -q ${ex#"$R"}"; fail=1; }
done
[ $n -ge 5 ] || { echo "FAIL: $n packaged examples"; fail=1; }

# an outside program, built through the packaged pkg-config file
if command -v pkg-config >/dev/null 2>&1; then
	flags=$(PKG_CONFIG_PATH="$R/usr/lib/$ma/pkgconfig" \
		pkg-config --define-variable=prefix="$R/usr" --cflags --libs iotopo) ||
		{ echo "FAIL: pkg-config on the packaged iotopo.pc"; fail=1; }
	# shellcheck disable=SC2086 # flags are words
	if cc -std=c99 -Wall -Wextra -Werror -o "$tmp/api-example" "$SRC/tests/tools/api-example.c" \
		$flags 2>"$tmp/err"; then
		mkdir -p "$tmp/out"
		LD_LIBRARY_PATH="$R/usr/lib/$ma" "$tmp/api-example" \
			"$R/usr/share/iotopo/examples/qemu-virt-smmuv3.yaml" "$tmp/out" >"$tmp/run" 2>&1 ||
			{ echo "FAIL: api-example against the packaged library:"; cat "$tmp/run"; fail=1; }
		grep -q "^libiotopo $version$" "$tmp/run" || { echo "FAIL: packaged library version"; fail=1; }
	else
		echo "FAIL: cc against the packaged libiotopo-dev:"
		cat "$tmp/err"
		fail=1
	fi
fi

if command -v lintian >/dev/null 2>&1; then
	if ! lintian --fail-on error "$tmp/iotopo_${version}_$arch.changes" >"$tmp/lintian" 2>&1; then
		echo "FAIL: lintian reports errors:"
		cat "$tmp/lintian"
		fail=1
	fi
	lint="lintian: no errors"
else
	lint="lintian not installed"
fi
[ $fail = 0 ] && echo "package-deb: iotopo, libiotopo0, libiotopo-dev $version built and work unpacked; $lint"
exit $fail
