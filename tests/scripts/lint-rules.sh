#!/bin/sh
# Every lint rule that runs over the model has a fixture that triggers it and one that does not:
#   tests/cases/lint-rules/RULE.bad.EXT   must give a finding (note, warning or error) tagged [RULE]
#   tests/cases/lint-rules/RULE.good.EXT  must load and give nothing tagged [RULE]
# EXT is any input iotopo lint reads; RULE.bad.args / RULE.good.args hold the arguments instead
# (for rules over several inputs), run from that directory.
set -u
IOTOPO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$2
DIR=$(cd "$SRC/tests/cases/lint-rules" && pwd)
fail=0
# model-valid guards the other rules against a model no reader produces (every reader validates
# its output and stops): it is triggered by tests/unit/test_lint.c:model_valid_gates_dependents.
rules=$("$IOTOPO" lint --list-rules | awk '$1 != "model-valid" && ($3 == "model" || $3 == "dt" || $3 == "acpi" || $3 == "dt+acpi") { print $1 }')
[ -n "$rules" ] || { echo "no rules listed"; exit 1; }
run() { # run KIND RULE FILE -> output in $out, exit code in $rc
	case $3 in
	*.args) out=$(cd "$DIR" && eval "\"\$IOTOPO\" lint $(cat "$3")" 2>&1) ;;
	*) out=$("$IOTOPO" lint "$3" 2>&1) ;;
	esac
	rc=$?
}
for r in $rules; do
	for kind in bad good; do
		set -- "$DIR/$r.$kind".*
		if [ ! -e "$1" ]; then
			echo "FAIL $r: no $kind fixture ($DIR/$r.$kind.*)"
			fail=1
			continue
		fi
		for f in "$@"; do
			run "$kind" "$r" "$f"
			if [ "$rc" = 2 ]; then
				echo "FAIL $f: input not usable: $out"
				fail=1
			elif [ "$kind" = bad ] && ! printf '%s\n' "$out" | grep -E ": (note|warning|error): .*\[$r\]$" >/dev/null; then
				echo "FAIL $f: no [$r] finding:"; printf '%s\n' "$out"
				fail=1
			elif [ "$kind" = good ] && printf '%s\n' "$out" | grep -F "[$r]" >/dev/null; then
				echo "FAIL $f: unexpected [$r] finding:"; printf '%s\n' "$out"
				fail=1
			fi
		done
	done
done
[ $fail = 0 ] && echo "all model rules have a triggering and a passing fixture"
exit $fail
