#!/bin/sh
# The DT round trip (tests/tools/dt-conformance.c) on the real Debian DTBs kept in
# tests/fixtures/debian-dtb: no refusal, no entry dropped, the standalone DTB
# wired like the board (paths, compatibles, status, cells).
# Usage: dt-conformance-fixtures.sh IOTOPO SRC BUILD
set -u
SRC=$2 BUILD=$3
exec "$SRC/tests/tools/dt-conformance-check.sh" "$BUILD/tests/dt-conformance" "$SRC" \
	"$SRC/tests/fixtures/debian-dtb" 10
