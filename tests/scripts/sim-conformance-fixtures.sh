#!/bin/sh
# The probe simulation on the real Debian DTBs of tests/fixtures/debian-dtb (offline): every DMA
# master wired to an enabled IOMMU is translated by it or carries a stated reason
# (tests/tools/sim-conformance.c; the full set runs in script/conformance-sim-debian-dtb).
# Usage: sim-conformance-fixtures.sh IOTOPO SRC BUILD
set -u
SRC=$2 BUILD=$3
exec "$SRC/tests/tools/dt-conformance-check.sh" "$BUILD/tests/sim-conformance" "$SRC" \
	"$SRC/tests/fixtures/debian-dtb" 10
