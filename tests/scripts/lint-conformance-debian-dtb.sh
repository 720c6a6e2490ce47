#!/bin/sh
# ctest-labels: conformance network
# The linter on every Debian arm64 kernel DTB (linux-base-7.2.13+deb14-arm64, all 1649, fetched
# and cached by tests/tools/get-debian-dtbs.sh, as script/conformance-debian-dtb does): findings
# per rule and severity and every board with an error match the reviewed summary
# tests/conformance/lint-debian-dtb.txt, so a new false positive shows up as a diff.
# Regenerate: IOTOPO_UPDATE=1 ctest -R script/lint-conformance-debian-dtb, review the diff.
# Exit 77 (skipped) offline, or when the archive no longer has the pinned version (the summary is
# of that version; the check then runs but only reports).
# IOTOPO_DEBIAN_DTBS=DIR uses an unpacked DTB tree instead of downloading.
# Usage: lint-conformance-debian-dtb.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2 BUILD=$3
pin="linux-base-7.2.13+deb14-arm64 7.2.13-1"
dir=$("$SRC/tests/tools/get-debian-dtbs.sh" "$BUILD/debian-dtbs")
rc=$?
[ $rc -eq 0 ] || exit $rc
got=$(cat "$BUILD/debian-dtbs/version" 2>/dev/null || echo "$pin")
[ -n "${IOTOPO_DEBIAN_DTBS:-}" ] && got=$pin
echo "Debian DTBs: $got"
"$SRC/tests/tools/lint-conformance-check.sh" "$IOTOPO" "$dir" \
	"$SRC/tests/conformance/lint-debian-dtb.txt" "the Debian arm64 DTBs of $pin"
rc=$?
if [ $rc -ne 0 ] && [ "$got" != "$pin" ]; then
	echo "(the archive has $got, not $pin: the golden summary does not apply; skipped)"
	exit 77
fi
exit $rc
