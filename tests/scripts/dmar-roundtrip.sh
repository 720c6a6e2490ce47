#!/bin/sh
# decode -> compile gives back every real DMAR in tests/ byte for byte: the linuxhw/ACPI corpus
# (tests/fixtures/x86/real/DMAR, origins in its ORIGINS), the tables of
# tests/fixtures/acpi/real-x86/DMAR and the QEMU captures in tests/fixtures/x86.  Only the
# checksum may differ, and only where the original's is wrong.  A table whose decode reports an
# error Linux acts on (a DRHD at address 0) still decodes (exit 1) and must come back too.
# The synthetic bad tables of tests/cases/x86-bad-dmar-* whose decode has no error (an unknown
# structure type kept as bytes, an RHSA naming no DRHD, a wrong checksum ...) must come back
# as well.
# Usage: dmar-roundtrip.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0 same=0 bad=0
for f in "$SRC"/tests/fixtures/x86/real/DMAR/* "$SRC"/tests/fixtures/acpi/real-x86/DMAR/* \
	"$SRC"/tests/fixtures/x86/*.DMAR "$SRC"/tests/cases/x86-bad-dmar-*/input; do
	[ -f "$f" ] || continue
	[ "$(head -c 4 "$f")" = DMAR ] || continue
	rm -f "$T/t.yaml" "$T/t2"
	"$IOTOPO" decode "$f" -o "$T/t.yaml" 2>"$T/err"
	rc=$?
	case $f in */tests/cases/*) [ $rc -eq 0 ] || continue ;; esac
	n=$((n + 1))
	if [ $rc -gt 1 ] || [ ! -s "$T/t.yaml" ]; then
		echo "FAIL: decode $f (exit $rc): $(head -1 "$T/err")"
		bad=$((bad + 1))
		continue
	fi
	if ! "$IOTOPO" compile "$T/t.yaml" --dmar "$T/t2" 2>"$T/err"; then
		echo "FAIL: compile of the decoded $f: $(head -1 "$T/err")"
		bad=$((bad + 1))
		continue
	fi
	if cmp -s "$f" "$T/t2"; then
		same=$((same + 1))
		continue
	fi
	# byte 10 (1-based) is the checksum: it may differ only when the original's is wrong;
	# bytes after the table's Length are not the table's
	len=$(od -An -tu4 -j4 -N4 "$f" | tr -d ' ')
	head -c "$len" "$f" >"$T/orig"
	if cmp -s "$T/orig" "$T/t2"; then
		same=$((same + 1))
		continue
	fi
	if cmp -l "$T/orig" "$T/t2" 2>/dev/null | awk '$1 != 10 { d = 1 } END { exit d }' &&
		[ "$len" -eq "$(wc -c <"$T/t2")" ] &&
		[ "$(od -An -v -tu1 "$T/orig" | tr -s ' ' '\n' | awk '{ s += $1 } END { print s % 256 }')" != 0 ]; then
		same=$((same + 1))
		continue
	fi
	echo "FAIL: $f does not come back: $(cmp "$f" "$T/t2" 2>&1 | head -1)"
	bad=$((bad + 1))
done
[ $n -ge 350 ] || {
	echo "FAIL: only $n real DMARs found under tests/fixtures"
	exit 1
}
echo "$same of $n DMARs (real, and synthetic ones without errors) decode and compile back byte for byte"
[ $bad -eq 0 ]
