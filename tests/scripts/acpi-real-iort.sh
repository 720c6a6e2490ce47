#!/bin/sh
# Real IORTs (tests/fixtures/acpi/real-iort, origins in ORIGINS there) come back byte for byte:
# compiled straight from the table, and decoded to YAML then compiled (the checksum is always
# recomputed: one laptop dump has a zero one, so that byte is not compared).  Each also decodes
# without an error finding.
set -u
IOTOPO=$1
SRC=$2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
fail=0 n=0 same=0 yaml=0
# byte for byte, the checksum aside (byte 10, 1-based) where the original's is wrong
same() {
	[ -f "$2" ] || return 1
	[ "$(cmp -l "$1" "$2" 2>&1 | awk '$1 != 10' | wc -l)" = 0 ] &&
		[ "$(stat -c %s "$1")" = "$(stat -c %s "$2")" ]
}
for f in "$SRC"/tests/fixtures/acpi/real-iort/*.bin; do
	b=$(basename "$f" .bin)
	n=$((n + 1))
	if ! "$IOTOPO" decode "$f" -o "$OUT/$b.yaml" 2>"$OUT/$b.err"; then
		echo "FAIL $b: decode failed"; cat "$OUT/$b.err"; fail=1; continue
	fi
	if grep -q ': error:' "$OUT/$b.err"; then
		echo "FAIL $b: decode reported an error"; grep ': error:' "$OUT/$b.err"; fail=1
	fi
	if "$IOTOPO" compile "$f" --iort "$OUT/$b.direct" 2>"$OUT/$b.cerr" &&
		same "$f" "$OUT/$b.direct"; then
		same=$((same + 1))
	else
		echo "FAIL $b: compiled straight from the table, it differs"
		cmp "$f" "$OUT/$b.direct" 2>&1 | head -1; head -3 "$OUT/$b.cerr"; fail=1
	fi
	if "$IOTOPO" compile "$OUT/$b.yaml" --iort "$OUT/$b.viayaml" 2>"$OUT/$b.yerr" &&
		same "$f" "$OUT/$b.viayaml"; then
		yaml=$((yaml + 1))
	else
		echo "FAIL $b: decoded to YAML and compiled, it differs"; head -3 "$OUT/$b.yerr"
	fi
done
echo "$same/$n real IORTs compile back byte for byte; $yaml/$n through YAML"
[ "$yaml" = "$n" ] || fail=1
exit $fail
