#!/bin/sh
# The linter on the real Debian DTBs kept in tests/fixtures/debian-dtb, offline: findings per
# rule and severity and every error finding match the reviewed summary
# tests/conformance/lint-fixtures.txt (regenerate: IOTOPO_UPDATE=1 ctest -R
# script/lint-conformance-fixtures, then review the diff).
# Usage: lint-conformance-fixtures.sh IOTOPO SRC BUILD
set -u
exec "$2/tests/tools/lint-conformance-check.sh" "$1" "$2/tests/fixtures/debian-dtb" \
	"$2/tests/conformance/lint-fixtures.txt" "the Debian DTBs in tests/fixtures/debian-dtb"
