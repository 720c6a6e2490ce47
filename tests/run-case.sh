#!/bin/sh
# Run one end-to-end case: tests/cases/NAME/
#   cmd     the arguments, one shell line; $SRC is the source tree, $OUT a fresh scratch
#           directory, $CASE this case's directory.  Inputs come from $SRC/tests and
#           $SRC/examples only, so a release tarball tests itself.
#   stdout  expected standard output (optional: absent means "not checked")
#   stderr  expected standard error  (optional, same)
#   exit    expected exit code (default 0)
#   env     environment for the run (optional): sh assignments, one a line, e.g.
#           IOTOPO_FAIL_WRITE_AFTER=3000 (cmd cannot set it: $IOTOPO comes first);
#           IOTOPO_PCI_IDS is "none" unless env sets it
# IOTOPO_UPDATE=1 rewrites stdout/stderr/exit from the actual run (review the diff!).
set -u
IOTOPO=$1
CASE=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d)
# what the run printed is kept apart from $OUT, so a case may list $OUT to show what it wrote
RES=$(mktemp -d)
trap 'rm -rf "$OUT" "$RES"' EXIT
export SRC OUT CASE IOTOPO
# device names only where a case asks for them (its env file): outputs must not depend on
# whether the machine running the tests has a pci.ids
IOTOPO_PCI_IDS=none
export IOTOPO_PCI_IDS
cd "$CASE" || exit 1
args=$(cat cmd)
if [ -f env ]; then
	set -a
	. ./env
	set +a
fi
# IOTOPO_WRAP (set by -DIOTOPO_VALGRIND=ON) runs the binary under valgrind; its own
# reports go to a separate file so expected stderr stays exact, and exit 99 means it found one.
if [ -n "${IOTOPO_WRAP:-}" ]; then
	eval "$IOTOPO_WRAP --log-file=\"\$RES/valgrind\" \"\$IOTOPO\" $args" >"$RES/stdout" 2>"$RES/stderr"
	rc=$?
	if [ "$rc" = 99 ] || [ -s "$RES/valgrind" ]; then
		echo "valgrind found errors:"
		cat "$RES/valgrind"
		exit 1
	fi
else
	eval "\"\$IOTOPO\" $args" >"$RES/stdout" 2>"$RES/stderr"
	rc=$?
fi
want=0
[ -f exit ] && want=$(cat exit)
if [ "${IOTOPO_UPDATE:-}" = 1 ]; then
	cp "$RES/stdout" stdout
	cp "$RES/stderr" stderr
	[ "$rc" = 0 ] && rm -f exit || echo "$rc" >exit
	exit 0
fi
fail=0
if [ "$rc" != "$want" ]; then
	echo "exit code $rc, expected $want"
	fail=1
fi
for s in stdout stderr; do
	if [ -f "$s" ] && ! diff -u "$s" "$RES/$s"; then
		echo "$s differs"
		fail=1
	fi
done
if [ $fail != 0 ]; then
	echo "--- stderr was:"; cat "$RES/stderr"
fi
exit $fail
