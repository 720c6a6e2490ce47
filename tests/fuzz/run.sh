#!/bin/sh
# Run every libFuzzer target built in BUILD_DIR for SECONDS each, starting from its seed corpus
# (tests/fuzz/corpus/<reader>/) and dictionary (tests/fuzz/<reader>.dict).  New inputs go to a
# scratch copy, so the committed corpus only changes by hand.
#   sh tests/fuzz/run.sh BUILD_DIR [SECONDS]
# A long campaign: sh tests/fuzz/run.sh build-fuzz 3600
set -eu
build=$1
secs=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
found=0
status=0
for bin in "$build"/fuzz_*; do
	[ -x "$bin" ] || continue
	found=1
	name=$(basename "$bin")
	reader=${name#fuzz_}
	work=$(mktemp -d)
	if [ -d "$here/corpus/$reader" ]; then
		cp -r "$here/corpus/$reader/." "$work/"
	fi
	dict=
	[ -f "$here/$reader.dict" ] && dict="-dict=$here/$reader.dict"
	echo "== fuzz $reader for ${secs}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$secs" -max_len=65536 -timeout=25 -rss_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix="$build/$name-" $dict "$work" \
		>"$build/$name.log" 2>&1; then
		echo "fuzz $reader FAILED:"
		tail -40 "$build/$name.log"
		status=1
	else
		grep -E '^stat::number_of_executed_units|cov:' "$build/$name.log" | tail -2
	fi
	rm -rf "$work"
done
[ $found = 1 ] || echo "no fuzz targets built in $build"
exit $status
