#!/bin/sh
# Conformance on real firmware: every Debian arm64 kernel DTB with IOMMU or MSI wiring
# (the package tests/tools/get-debian-dtbs.sh fetches and caches under the build
# directory) decodes without refusal, drops no iommus / iommu-map / msi-map /
# msi-parent entry, and recompiles to the same wiring (tests/tools/dt-conformance.c).
# Labels: conformance, network.  Exit 77 (skipped) when the archive cannot be reached.
# IOTOPO_DEBIAN_DTBS=DIR uses an unpacked DTB tree instead of downloading.
# Usage: conformance-debian-dtb.sh IOTOPO SRC BUILD
set -u
SRC=$2 BUILD=$3
dir=$("$SRC/tests/tools/get-debian-dtbs.sh" "$BUILD/debian-dtbs")
rc=$?
[ $rc -eq 0 ] || exit $rc
echo "Debian DTBs: $(cat "$BUILD/debian-dtbs/version" 2>/dev/null || echo "$dir")"
# 1089 of the 1649 DTBs of linux-base-7.2.13+deb14-arm64 have IOMMU content (969) or
# msi-parent / msi-map (Layerscape ls-scfg-msi boards, GICv2m SoCs)
exec "$SRC/tests/tools/dt-conformance-check.sh" "$BUILD/tests/dt-conformance" "$SRC" "$dir" 1000
