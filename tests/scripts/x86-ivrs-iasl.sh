#!/bin/sh
# Cross-check the IVRS iasl source against ACPICA's iasl: for every real IVRS of
# tests/fixtures/x86/real/IVRS (origins in ../ORIGINS) and the synthetic one with every entry
# kind, `iotopo compile T --ivrs-asl` writes the source for the iasl at hand (Debian 12's
# 20200925 installed, or with IOTOPO_IASL=trixie Debian 13's 20250404 fetched by
# tests/tools/get-trixie.sh: x86-ivrs-iasl-trixie.sh), and `iasl -z` must rebuild T byte for
# byte, or iotopo must have refused with a "cannot express" error (IVHD 40h and ACPI HID entries
# before 20250404, unknown blocks such as 51h, a non-zero field iasl labels Reserved).
# Usage: x86-ivrs-iasl.sh IOTOPO SRC-DIR BUILD-DIR
set -u
IOTOPO=$1
SRC=$2
BUILD=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
if [ "${IOTOPO_IASL:-system}" = trixie ]; then
	dir=$("$SRC/tests/tools/get-trixie.sh" "$BUILD/trixie-acpica" acpica-tools libc6 2>"$W/fetch.err") ||
		{ echo "skip: no trixie iasl: $(cat "$W/fetch.err")"; exit 77; }
	[ -x "$dir/usr/bin/iasl" ] || { echo "skip: no trixie iasl"; exit 77; }
	iasl="$dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 --library-path $dir/usr/lib/x86_64-linux-gnu $dir/usr/bin/iasl"
	dialect=current min=100
else
	command -v iasl >/dev/null || { echo "skip: no iasl"; exit 77; }
	v=$(iasl -v 2>/dev/null | sed -n 's/.*version \([0-9]\{8\}\).*/\1/p' | head -1)
	iasl=$(command -v iasl)
	if [ -n "$v" ] && [ "$v" -ge 20250404 ]; then dialect=current min=100; else dialect=20200925 min=50; fi
fi
fail=0 n=0 ok=0 refused=0
for f in "$SRC"/tests/fixtures/x86/real/IVRS/*.bin "$SRC"/tests/fixtures/x86/ivrs-good-all-entry-kinds; do
	n=$((n + 1))
	rm -f "$W/t.asl" "$W/t.aml"
	if ! "$IOTOPO" compile "$f" --ivrs-asl "$W/t.asl" --asl-dialect "$dialect" 2>"$W/err"; then
		if grep -q 'cannot express this table' "$W/err"; then
			refused=$((refused + 1))
		else
			echo "FAIL $(basename "$f"): no source and no reason"; cat "$W/err"; fail=1
		fi
		continue
	fi
	# shellcheck disable=SC2086
	(cd "$W" && $iasl -z t.asl >log 2>&1)
	if cmp -s "$W/t.aml" "$f"; then
		ok=$((ok + 1))
	else
		echo "FAIL $(basename "$f"): iasl $dialect does not rebuild it from iotopo's source"
		grep -i 'error' "$W/log" | head -3; cmp "$W/t.aml" "$f" 2>&1 | head -1; fail=1
	fi
done
echo "iasl ($dialect): $ok/$n real IVRS tables rebuilt byte for byte from iotopo's source, $refused refused with a reason"
# hand-written topologies (amd-vi units, no table read): the binary and the source agree
for y in "$SRC"/tests/cases/lint-rules/ivrs-*.good.yaml; do
	rm -f "$W/t.asl" "$W/t.aml" "$W/y.aml"
	if ! "$IOTOPO" compile "$y" --ivrs "$W/y.aml" --ivrs-asl "$W/t.asl" --asl-dialect "$dialect" \
		2>"$W/err"; then
		echo "FAIL $(basename "$y"): no IVRS and source"; cat "$W/err"; fail=1; continue
	fi
	# shellcheck disable=SC2086
	(cd "$W" && $iasl -z t.asl >log 2>&1)
	cmp -s "$W/t.aml" "$W/y.aml" ||
		{ echo "FAIL $(basename "$y"): iasl $dialect builds another IVRS from the source"; fail=1; }
done
[ "$ok" -ge "$min" ] || { echo "FAIL: fewer than $min tables had source"; fail=1; }
exit $fail
