#!/bin/sh
# Real x86 firmware is the judge: every DMAR and IVRS of tests/fixtures/x86/real (all the distinct
# tables of the linuxhw/ACPI dataset, see its README.md) goes through
#   iotopo decode TABLE             (the table alone)
#   iotopo lint TABLE               (alone: "lint-alone")
#   iotopo lint TABLE APIC/TABLE    (with its machine's MADT)
#   iotopo groups TABLE APIC/TABLE
# and the summary -- per table each command's exit status and the rules it reported (name, and
# xN when more than once) -- must match the reviewed tests/conformance/x86-real-corpus.txt, so a
# verdict that changes on real firmware shows up as a diff.  No run may crash (exit above 2).
# Regenerate after reviewing a change: IOTOPO_UPDATE=1 ctest -R script/x86-real-corpus
# (then read `git diff tests/conformance/x86-real-corpus.txt`: every line that changes is a
# verdict on a real machine).
# Usage: x86-real-corpus.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2
golden=$SRC/tests/conformance/x86-real-corpus.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$SRC/tests/fixtures/x86/real" || exit 1
IOTOPO_PCI_IDS=none
export IOTOPO_PCI_IDS

# One pass of iotopo runs, their exit status and findings appended to $T/all as
# "@ TABLE COMMAND EXIT MADT" lines followed by what the command printed on stderr (for lint,
# stdout: its findings); one awk pass then writes a line per table.
n=0
for f in DMAR/*.bin IVRS/*.bin; do
	m=APIC/${f#*/}
	[ -f "$m" ] || m=
	"$IOTOPO" decode "$f" 2>"$T/d" >/dev/null
	echo "@ $f decode $? ${m:--}" >>"$T/all"
	cat "$T/d" >>"$T/all"
	"$IOTOPO" lint "$f" >"$T/d" 2>&1
	echo "@ $f lint-alone $? ${m:--}" >>"$T/all"
	cat "$T/d" >>"$T/all"
	"$IOTOPO" lint "$f" $m >"$T/d" 2>&1
	echo "@ $f lint $? ${m:--}" >>"$T/all"
	cat "$T/d" >>"$T/all"
	"$IOTOPO" groups "$f" $m 2>"$T/d" >/dev/null
	echo "@ $f groups $? ${m:--}" >>"$T/all"
	cat "$T/d" >>"$T/all"
	n=$((n + 1))
done
awk -v crash="$T/crash" '
function flush(   r, s, k, i, names, c) {
	if (cmd == "")
		return
	s = cmd " " code
	k = 0
	for (r in cnt)
		names[++k] = r
	# sort the rule names (insertion sort: a handful per table)
	for (i = 2; i <= k; i++) {
		c = names[i]
		for (j = i - 1; j >= 1 && names[j] > c; j--)
			names[j + 1] = names[j]
		names[j + 1] = c
	}
	for (i = 1; i <= k; i++)
		s = s " " names[i] (cnt[names[i]] > 1 ? "x" cnt[names[i]] : "")
	if (table in line)
		line[table] = line[table] "; " s
	else
		line[table] = table ": " s
	if (madt[table] == "")
		madt[table] = mfile
	delete cnt
	cmd = ""
}
/^@ / {
	flush()
	table = $2; cmd = $3; code = $4; mfile = $5
	if (code > 2)
		print "CRASH " table " " cmd " (exit " code ")" >>crash
	next
}
/\[[a-z0-9-]+\]$/ {
	r = $NF
	gsub(/[][]/, "", r)
	cnt[r]++
}
END {
	flush()
	for (t in line)
		print line[t] (madt[t] != "-" ? "; with " madt[t] : "")
}' "$T/all" | LC_ALL=C sort >"$T/out"
if [ -s "$T/crash" ]; then
	cat "$T/crash"
	echo "(their output: run the command by hand)"
	echo "FAIL: iotopo crashed on real firmware"
	exit 1
fi
if [ "${IOTOPO_UPDATE:-}" = 1 ]; then
	cp "$T/out" "$golden"
	echo "rewrote $golden"
	exit 0
fi
diff -u "$golden" "$T/out" || {
	echo "FAIL: verdicts on the real DMAR/IVRS corpus differ from $golden (IOTOPO_UPDATE=1 rewrites it)"
	exit 1
}
echo "$n real DMAR and IVRS tables: decode, lint and groups as reviewed"
