#!/bin/sh
# The whole test suite: a plain build and an ASan+UBSan build, each through CTest.
# Usage: sh scripts/test.sh            (both)
#        sh scripts/test.sh plain      (one configuration)
#        sh scripts/test.sh sanitize
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)
run() {
	name=$1
	shift
	echo "== $name build"
	cmake -S . -B "build-$name" "$@" >/dev/null
	cmake --build "build-$name" -j"$jobs" >/dev/null
	echo "== $name tests"
	(cd "build-$name" && ctest --output-on-failure -j"$jobs")
}
what=${1:-all}
if [ "$what" = all ] || [ "$what" = plain ]; then
	run plain -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
if [ "$what" = all ] || [ "$what" = sanitize ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run sanitize -DCMAKE_BUILD_TYPE=Debug -DIOTOPO_SANITIZE=ON
fi
