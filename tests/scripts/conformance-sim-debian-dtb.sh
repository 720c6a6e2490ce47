#!/bin/sh
# Conformance of the probe simulation on real firmware: on every Debian arm64
# kernel DTB with IOMMU content (fetched and cached by tests/tools/get-debian-dtbs.sh),
# `groups` refuses none, and every DMA master wired to an enabled IOMMU is
# translated by it or carries a stated reason (tests/tools/sim-conformance.c),
# except the DTBs listed in tests/conformance/sim-known-differences.txt.
# Labels: conformance, network.  Exit 77 (skipped) when the archive cannot be reached.
# IOTOPO_DEBIAN_DTBS=DIR uses an unpacked DTB tree instead of downloading.
# Usage: conformance-sim-debian-dtb.sh IOTOPO SRC BUILD
set -u
SRC=$2 BUILD=$3
dir=$("$SRC/tests/tools/get-debian-dtbs.sh" "$BUILD/debian-dtbs")
rc=$?
[ $rc -eq 0 ] || exit $rc
echo "Debian DTBs: $(cat "$BUILD/debian-dtbs/version" 2>/dev/null || echo "$dir")"
# 969 of the 1649 DTBs of linux-base-7.2.13+deb14-arm64 have IOMMU content
exec "$SRC/tests/tools/dt-conformance-check.sh" "$BUILD/tests/sim-conformance" "$SRC" "$dir" 900
