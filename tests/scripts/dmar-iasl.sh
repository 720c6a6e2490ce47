#!/bin/sh
# Cross-check the DMAR iasl source against ACPICA's iasl on every real DMAR in tests (the
# linuxhw/ACPI corpus tests/fixtures/x86/real/DMAR, tests/fixtures/acpi/real-x86/DMAR, the QEMU
# captures): decode, then compile --dmar and --dmar-asl; `iasl -z` of the source must rebuild
# the binary byte for byte, or iotopo must refuse the source and say which byte iasl cannot
# express (an ANDD name padded inside its Length, SATC/SIDP for 20200925, a "Reserved" field
# that holds a value).  The installed iasl (Debian 12: 20200925), or with IOTOPO_IASL=trixie
# (dmar-iasl-trixie.sh, label network) Debian 13's 20250404 fetched by tests/tools/get-trixie.sh.
# Usage: dmar-iasl.sh IOTOPO SRC-DIR BUILD-DIR
set -u
IOTOPO=$1 SRC=$2 BUILD=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
. "$SRC/tests/tools/iasl-pick.sh"
if [ "${IOTOPO_IASL:-system}" = trixie ]; then
	iasl_trixie
	iasl=$IASL dialect=current min=290
elif iasl_system; then
	iasl=$IASL v=$IASL_VERSION
	if [ -n "$v" ] && [ "$v" -ge 20250404 ]; then dialect=current min=290; else dialect=20200925 min=285; fi
else
	echo "skip: no iasl"
	exit 77
fi
n=0 same=0 refused=0 fail=0
for f in "$SRC"/tests/fixtures/x86/real/DMAR/* "$SRC"/tests/fixtures/acpi/real-x86/DMAR/* \
	"$SRC"/tests/fixtures/x86/*.DMAR; do
	[ "$(head -c 4 "$f")" = DMAR ] || continue
	n=$((n + 1))
	rm -f "$W/t.yaml" "$W/t.aml" "$W/t.asl" "$W/c.asl" "$W/c.aml"
	"$IOTOPO" decode "$f" -o "$W/t.yaml" 2>/dev/null
	if ! "$IOTOPO" compile "$W/t.yaml" --asl-dialect $dialect --dmar "$W/t.aml" \
		--dmar-asl "$W/t.asl" 2>"$W/err"; then
		if grep -q "cannot express this table: " "$W/err"; then
			refused=$((refused + 1))
		else
			echo "FAIL: $f: $(head -1 "$W/err")"
			fail=1
		fi
		continue
	fi
	cp "$W/t.asl" "$W/c.asl"
	(cd "$W" && $iasl -z c.asl >iasl.out 2>&1)
	if [ ! -f "$W/c.aml" ]; then
		echo "FAIL: $f: iasl $dialect rejects our source: $(grep -i error "$W/iasl.out" | head -2)"
		fail=1
	elif ! cmp -s "$W/t.aml" "$W/c.aml"; then
		echo "FAIL: $f: iasl -z output differs from our binary: $(cmp "$W/t.aml" "$W/c.aml")"
		fail=1
	else
		same=$((same + 1))
	fi
done
echo "iasl $dialect: $same of $n real DMARs rebuilt byte for byte from our source, $refused refused with a reason"
[ $same -ge $min ] || {
	echo "FAIL: fewer than $min reproduced"
	fail=1
}
exit $fail
