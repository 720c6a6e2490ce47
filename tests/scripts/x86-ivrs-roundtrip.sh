#!/bin/sh
# Real IVRS tables come back byte for byte (issue 11): every distinct IVRS of the linuxhw/ACPI
# dataset (tests/fixtures/x86/real/IVRS, origins in ../ORIGINS) and the synthetic one with every
# entry kind, compiled straight from the table and decoded to YAML then compiled.  The checksum
# is always recomputed, so byte 10 (1-based) is not compared where the original's is wrong.
# Also: editing the YAML changes the table (the writer writes the model, not a copy).
set -u
IOTOPO=$1
SRC=$2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
fail=0 n=0 direct=0 yaml=0
same() {
	[ -f "$2" ] || return 1
	[ "$(cmp -l "$1" "$2" 2>&1 | awk '$1 != 10' | wc -l)" = 0 ] &&
		[ "$(stat -c %s "$1")" = "$(stat -c %s "$2")" ]
}
for f in "$SRC"/tests/fixtures/x86/real/IVRS/*.bin "$SRC"/tests/fixtures/x86/ivrs-good-all-entry-kinds; do
	b=$(basename "$f" .bin)
	n=$((n + 1))
	if "$IOTOPO" compile "$f" --ivrs "$OUT/$b.direct" 2>"$OUT/$b.cerr" &&
		same "$f" "$OUT/$b.direct"; then
		direct=$((direct + 1))
	else
		echo "FAIL $b: compiled straight from the table, it differs"
		cmp "$f" "$OUT/$b.direct" 2>&1 | head -1; head -3 "$OUT/$b.cerr"; fail=1
	fi
	if ! "$IOTOPO" decode "$f" -o "$OUT/$b.yaml" 2>"$OUT/$b.err"; then
		echo "FAIL $b: decode failed"; head -3 "$OUT/$b.err"; fail=1; continue
	fi
	if "$IOTOPO" compile "$OUT/$b.yaml" --ivrs "$OUT/$b.viayaml" 2>"$OUT/$b.yerr" &&
		same "$f" "$OUT/$b.viayaml"; then
		yaml=$((yaml + 1))
	else
		echo "FAIL $b: decoded to YAML and compiled, it differs"
		cmp "$f" "$OUT/$b.viayaml" 2>&1 | head -1; head -3 "$OUT/$b.yerr"; fail=1
	fi
done
echo "$direct/$n real IVRS tables compile back byte for byte; $yaml/$n through YAML"
[ "$n" -ge 100 ] || { echo "FAIL: only $n IVRS tables found"; fail=1; }

# the model is what is written: a changed base address and a dropped IVMD show in the table
t14=$SRC/tests/fixtures/x86/real/IVRS/Notebook__Lenovo__ThinkPad__ThinkPad_T14_Gen_3_21CF004PGE__696E48381F84.bin
"$IOTOPO" decode "$t14" -o "$OUT/t14.yaml" 2>/dev/null
sed -e 's/base: 0xfe000000/base: 0xfd000000/' -e '/type: 0x21, ids:/d' "$OUT/t14.yaml" >"$OUT/t14e.yaml"
grep -q 'ivmd:' "$OUT/t14e.yaml" && sed -i '/^  ivmd:$/d' "$OUT/t14e.yaml"
if "$IOTOPO" compile "$OUT/t14e.yaml" --ivrs "$OUT/t14e.bin" 2>"$OUT/t14e.err"; then
	[ "$(stat -c %s "$OUT/t14e.bin")" = $(($(stat -c %s "$t14") - 32)) ] ||
		{ echo "FAIL: the IVMD removed from the YAML is still written"; fail=1; }
	od -An -tx1 -v "$OUT/t14e.bin" | tr -d ' \n' | grep -q '000000fd00000000' ||
		{ echo "FAIL: the edited IVHD base address is not written"; fail=1; }
else
	echo "FAIL: the edited T14 YAML does not compile"; cat "$OUT/t14e.err"; fail=1
fi
exit $fail
