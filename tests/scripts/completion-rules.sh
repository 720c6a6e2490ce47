#!/bin/sh
# bash completion (`iotopo completion bash`) completes lint rule names from the rule table:
# -W and -E offer RULE and no-RULE, --suppress offers RULE@ (the object is the user's).
# Every rule --list-rules prints is offered (retired ones excepted), and nothing else.  Needs bash; skipped without.
set -u
IOTOPO=$1
command -v bash >/dev/null 2>&1 || { echo "skip: no bash"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$IOTOPO" completion bash >"$tmp/completion.bash" || { echo "FAIL: iotopo completion bash"; exit 1; }
# complete WORDS...: the completions bash offers for the last word, one a line, sorted
cat >"$tmp/complete.bash" <<'BASH'
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_iotopo
[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort
BASH
complete() { bash "$tmp/complete.bash" "$tmp/completion.bash" "$@"; }
# the rule names as --list-rules prints them (the first word of each rule's line), but not
# retired ones (still accepted, no longer offered)
"$IOTOPO" lint --list-rules | awk '$1 ~ /^[a-z0-9]+(-[a-z0-9]+)+$/ && $3 != "retired" { print $1 }' |
	sort -u >"$tmp/rules"
fail=0
[ "$(grep -c . "$tmp/rules")" -ge 50 ] || { echo "FAIL: too few rules read from --list-rules"; fail=1; }
grep '^smr-' "$tmp/rules" >"$tmp/smr"
[ -s "$tmp/smr" ] || { echo "FAIL: no smr- rule in --list-rules"; fail=1; }
for opt in -W --warn -E --error; do
	complete iotopo lint $opt smr- >"$tmp/got"
	if ! cmp -s "$tmp/got" "$tmp/smr"; then
		echo "FAIL: lint $opt smr- completes to:"; cat "$tmp/got"; echo "want:"; cat "$tmp/smr"; fail=1
	fi
	sed 's/^/no-/' "$tmp/smr" >"$tmp/want"
	complete iotopo lint input.dtb $opt no-smr- >"$tmp/got"
	cmp -s "$tmp/got" "$tmp/want" || { echo "FAIL: lint $opt no-smr- completes to:"; cat "$tmp/got"; fail=1; }
done
# every rule and no-rule, nothing else
complete iotopo lint -W "" >"$tmp/got"
{ cat "$tmp/rules"; sed 's/^/no-/' "$tmp/rules"; } | sort >"$tmp/want"
if ! cmp -s "$tmp/got" "$tmp/want"; then
	echo "FAIL: lint -W '' does not offer exactly the rules and no-rules of --list-rules:"
	diff "$tmp/want" "$tmp/got" | head; fail=1
fi
sed 's/$/@/' "$tmp/smr" >"$tmp/want"
complete iotopo lint --suppress smr- >"$tmp/got"
cmp -s "$tmp/got" "$tmp/want" || { echo "FAIL: lint --suppress smr- completes to:"; cat "$tmp/got"; fail=1; }
complete iotopo lint --suppress smr-conflict@ >"$tmp/got"
[ -s "$tmp/got" ] && { echo "FAIL: --suppress RULE@ must leave the object to the user:"; cat "$tmp/got"; fail=1; }
exit $fail
