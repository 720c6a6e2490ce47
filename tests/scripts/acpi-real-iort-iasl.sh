#!/bin/sh
# The iasl source `iotopo compile -o DIR` writes for each real IORT (tests/fixtures/acpi/
# real-iort, origins in ORIGINS there) against Debian 13's iasl 20250404, fetched (not
# installed) into the build tree by tests/tools/get-trixie.sh: needs the network, skipped (77)
# without it.  Where iotopo writes a -iort.asl, `iasl -z` must compile it and give back the
# -iort.aml beside it byte for byte, except the checksum and the fields iotopo warns iasl
# changes: named-component Device Name strings (ACPICA 20250404 keeps only their first 3
# characters) and the offset of an empty SMMUv1/v2 interrupt array (iasl sets it where the
# array would start).  Where it writes none, it must say why in a note.
# Usage: acpi-real-iort-iasl.sh IOTOPO SRC-DIR BUILD-DIR
# ctest-labels: network
set -u
IOTOPO=$1
SRC=$2
BUILD=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
. "$SRC/tests/tools/iasl-pick.sh"
iasl_trixie
iasl() {
	$IASL "$@"
}
fail=0 n=0 asl=0 exact=0 names=0 refused=0
for f in "$SRC"/tests/fixtures/acpi/real-iort/*.bin; do
	b=$(basename "$f" .bin)
	n=$((n + 1))
	d="$W/$b"
	if ! "$IOTOPO" compile "$f" -o "$d" 2>"$d.err"; then
		echo "FAIL $b: compile -o failed"; cat "$d.err"; fail=1; continue
	fi
	if [ ! -f "$d/$b-iort.asl" ]; then
		if grep -q 'note: no -iort.asl written: .*cannot express this table: ' "$d.err"; then
			refused=$((refused + 1))
		else
			echo "FAIL $b: no .asl written and no note saying why"; cat "$d.err"; fail=1
		fi
		continue
	fi
	asl=$((asl + 1))
	if ! (cd "$d" && iasl -z -p "$d/back" "$b-iort.asl" >"$d.iasl" 2>&1) || [ ! -f "$d/back.aml" ]; then
		echo "FAIL $b: iasl -z does not compile the .asl iotopo wrote"; tail -5 "$d.iasl"; fail=1
		continue
	fi
	# fields iotopo warned iasl changes: "first last" byte offsets, 0-based
	grep -o 'offset 0x[0-9a-f]*: warning: \(ACPICA 20250404 miscompiles\|iasl compiles\)' "$d.err" |
		sed 's/offset 0x\([0-9a-f]*\):.*/\1/' | tr a-f A-F >"$d.warned"
	grep '^\[[0-9A-F]*h [0-9]* [0-9A-F]*h\]' "$d/$b-iort.asl" |
		sed 's/^\[\([0-9A-F]*\)h [0-9]* \([0-9A-F]*\)h\].*/\1 \2/' >"$d.fields"
	allowed=$(awk 'function hex(s,  i, v) { v = 0
			for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
			return v }
		NR == FNR { w[hex($1)] = 1; next }
		hex($1) in w { printf "%d %d\n", hex($1), hex($1) + hex($2) - 1 }' "$d.warned" "$d.fields")
	if [ "$(stat -c %s "$d/back.aml")" != "$(stat -c %s "$d/$b-iort.aml")" ]; then
		echo "FAIL $b: iasl gives $(stat -c %s "$d/back.aml") bytes, the .aml has $(stat -c %s "$d/$b-iort.aml")"
		fail=1; continue
	fi
	other=$(cmp -l "$d/back.aml" "$d/$b-iort.aml" | awk -v a="$allowed" '
		BEGIN { k = split(a, v, /[ \n]/); for (i = 1; i + 1 <= k; i += 2) { lo[i] = v[i]; hi[i] = v[i + 1] } }
		{ o = $1 - 1; if (o == 9) next; ok = 0
		  for (i in lo) if (o >= lo[i] && o <= hi[i]) ok = 1
		  if (!ok) printf "0x%x ", o }')
	if [ -n "$other" ]; then
		echo "FAIL $b: iasl's table differs outside the fields iotopo warned about, at $other"; fail=1
	elif cmp -s "$d/back.aml" "$d/$b-iort.aml"; then
		exact=$((exact + 1))
	else
		names=$((names + 1))
	fi
done
echo "$n real IORTs: $asl .asl written ($exact rebuild byte for byte, $names differ only in" \
	"the fields iotopo warned about), $refused refused with a note"
[ "$asl" -gt 0 ] || { echo "FAIL: no .asl written at all"; fail=1; }
exit $fail
