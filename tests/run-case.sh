#!/bin/sh
# Run one end-to-end case: tests/cases/NAME/
#   cmd     the arguments, one shell line; $SRC is the source tree, $SHARED ../shared,
#           $OUT a fresh scratch directory, $CASE this case's directory
#   stdout  expected standard output (optional: absent means "not checked")
#   stderr  expected standard error  (optional, same)
#   exit    expected exit code (default 0)
# IOTOPO_UPDATE=1 rewrites stdout/stderr/exit from the actual run (review the diff!).
set -u
IOTOPO=$1
CASE=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "$SRC/.." && pwd)/shared
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export SRC SHARED OUT CASE IOTOPO
cd "$CASE" || exit 1
args=$(cat cmd)
eval "\"\$IOTOPO\" $args" >"$OUT/.stdout" 2>"$OUT/.stderr"
rc=$?
want=0
[ -f exit ] && want=$(cat exit)
if [ "${IOTOPO_UPDATE:-}" = 1 ]; then
	cp "$OUT/.stdout" stdout
	cp "$OUT/.stderr" stderr
	[ "$rc" = 0 ] && rm -f exit || echo "$rc" >exit
	exit 0
fi
fail=0
if [ "$rc" != "$want" ]; then
	echo "exit code $rc, expected $want"
	fail=1
fi
for s in stdout stderr; do
	if [ -f "$s" ] && ! diff -u "$s" "$OUT/.$s"; then
		echo "$s differs"
		fail=1
	fi
done
if [ $fail != 0 ]; then
	echo "--- stderr was:"; cat "$OUT/.stderr"
fi
exit $fail
