#!/bin/sh
# The exit-status contract of iotopo(1), command by command: 0 success; 1 the input breaks a rule
# (an error naming its [rule]: a reader refusing an IORT, lint errors, groups differences); 2 usage
# errors and input iotopo cannot use (missing, not a kind it reads), with every such error on
# stderr and nothing on stdout; every stderr line starts with an input's name or "iotopo CMD:".
set -u
iotopo=$1
src=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ok=$src/examples/qemu-virt-smmuv3.yaml
badiort=$src/tests/cases/acpi-bad-mapping-offset-past-node/IORT.bin
lspci=$src/tests/fixtures/inputs/lspci.txt
fail=0
# expect WANT ARGS...: exit status WANT; for 2, stdout empty and an error on stderr
expect() {
	want=$1
	shift
	"$iotopo" "$@" >"$t/out" 2>"$t/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL iotopo $*: exit $rc, expected $want"
		head -3 "$t/err"
		fail=1
	elif [ "$want" = 2 ] && [ -s "$t/out" ]; then
		echo "FAIL iotopo $*: exit 2 but stdout is not empty:"
		head -3 "$t/out"
		fail=1
	elif [ "$want" != 0 ] && [ ! -s "$t/err" ] && [ ! -s "$t/out" ]; then
		echo "FAIL iotopo $*: exit $want and nothing said why"
		fail=1
	fi
	# every line on stderr says where it comes from: an input's name or "iotopo COMMAND:"
	[ $# -gt 0 ] || return
	while IFS= read -r line; do
		seen=
		case $line in "iotopo $1: "* | "iotopo: "* | "Try 'iotopo "*) seen=1 ;; esac
		for a in "$@"; do
			case $line in "$a:"*) seen=1 ;; esac
		done
		[ -n "$seen" ] || { echo "FAIL iotopo $*: stderr line without a prefix: $line"; fail=1; }
	done <"$t/err"
}
[ -f "$badiort" ] || { echo "missing $badiort"; exit 1; }
for cmd in check decode lint groups "compile --dts -"; do
	# shellcheck disable=SC2086
	expect 0 $cmd "$ok"
	# shellcheck disable=SC2086
	expect 2 $cmd "$t/missing.yaml"
	# shellcheck disable=SC2086
	expect 2 $cmd "$lspci"
	# shellcheck disable=SC2086
	expect 2 $cmd --no-such-option "$ok"
	[ "$cmd" = check ] && continue # check reads YAML only: a table is "not a topology", 2
	# shellcheck disable=SC2086
	expect 1 $cmd "$badiort"
done
expect 2 check "$badiort"
expect 1 lint "$src/tests/cases/lint-rules/map-overlap.bad.dts" -E map-overlap
expect 0 lint "$src/tests/cases/lint-rules/map-overlap.bad.dts"
expect 1 groups "$ok" --kernel 6.12 --against-kernel 7.2
expect 2 groups "$ok" --format nope
expect 2 compile "$ok" -o -
expect 2 snapshot -o -
expect 2 nosuchcommand
expect 2
[ $fail = 0 ] && echo "every command keeps the 0/1/2 contract"
exit $fail
