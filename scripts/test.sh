#!/bin/sh
# The whole test suite, through CTest:
#   plain     -Wall -Wextra -Werror build, every unit test, CLI case and cross-check script;
#             and a Release (-O3) build, which must compile warning-free too
#   sanitize  the same under AddressSanitizer + UndefinedBehaviorSanitizer (clang), but the
#             Debian package build (label package: dpkg-buildpackage builds its own binaries)
#   valgrind  unit tests and CLI cases under valgrind memcheck (leaks and invalid accesses fail)
#   fuzz      each libFuzzer target for IOTOPO_FUZZ_SECONDS (default 20) from its seed corpus
# Usage: sh scripts/test.sh [all|plain|sanitize|valgrind|fuzz]...   (default: all)
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)
build() {
	name=$1
	shift
	echo "== $name build"
	cmake -S . -B "build-$name" "$@" >/dev/null
	cmake --build "build-$name" -j"$jobs" >/dev/null
}
ctest_in() {
	name=$1
	shift
	echo "== $name tests"
	(cd "build-$name" && ctest --output-on-failure -j"$jobs" "$@")
}
stage() {
	case $1 in
	plain)
		build plain -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIOTOPO_TEST_HOOKS=ON
		ctest_in plain
		# -O3 finds warnings -O2 does not; -Werror must hold for users' Release builds too
		build release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
		# a release binary has no fault-injection hook
		if grep -q IOTOPO_FAIL_WRITE_AFTER build-release/iotopo; then
			echo "test.sh: the release binary has the fault-injection hook" >&2
			exit 1
		fi
		;;
	sanitize)
		# clang: its UBSan checks pointer arithmetic on NULL (NULL + 0), which gcc's does
		# not and the clang-built fuzzers do; gcc already builds the plain and release stages
		CC=clang build sanitize -DCMAKE_BUILD_TYPE=Debug -DIOTOPO_SANITIZE=ON -DIOTOPO_TEST_HOOKS=ON
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest_in sanitize -LE package
		;;
	valgrind)
		build valgrind -DCMAKE_BUILD_TYPE=Debug -DIOTOPO_VALGRIND=ON -DIOTOPO_TEST_HOOKS=ON
		ctest_in valgrind -R '^(unit|case)/'
		;;
	fuzz)
		CC=clang build fuzz -DCMAKE_BUILD_TYPE=Debug -DIOTOPO_FUZZ=ON -DBUILD_TESTING=OFF
		sh tests/fuzz/run.sh build-fuzz "${IOTOPO_FUZZ_SECONDS:-20}"
		;;
	all)
		stage plain
		stage sanitize
		stage valgrind
		stage fuzz
		;;
	*)
		echo "test.sh: unknown stage '$1'" >&2
		exit 2
		;;
	esac
}
[ $# -eq 0 ] && set -- all
for s in "$@"; do
	stage "$s"
done
