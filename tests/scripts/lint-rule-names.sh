#!/bin/sh
# The rule table and the readers agree.  Readers report by rule id (IOT_RULE_X from
# src/lint/rules.def), so the compiler refuses an id that is not in the table; this checks the
# other direction: every rule the table says a reader checks is reported by some reader in
# src/acpi, src/dt, src/yaml, src/sysfs or src/x86 (writers excluded), and no reader names a rule
# as a string any more.
set -u
IOTOPO=$1
SRC=$2
fail=0
readers=$("$IOTOPO" lint --list-rules | awk '$3 ~ /-reader$/ { print $1 }')
files=$(ls "$SRC"/src/acpi/*.c "$SRC"/src/tables/*.c "$SRC"/src/dt/*.c "$SRC"/src/yaml/*.c "$SRC"/src/sysfs/*.c \
	"$SRC"/src/x86/*.c 2>/dev/null | grep -vE '_write\.c$|/asl\.c$|_emit\.c$|_yaml\.c$')
emitted=$(cat $files | grep -oE 'IOT_RULE_[A-Z0-9_]+' | sed 's/^IOT_RULE_//' | tr 'A-Z_' 'a-z-' |
	sort -u)
for r in $readers; do
	printf '%s\n' "$emitted" | grep -qx -- "$r" || {
		echo "FAIL: the rule table lists reader rule '$r', but no reader reports it"
		fail=1
	}
done
strings=$(cat $files | grep -nE 'iot_diag\([^,]*, *IOT_SEV_[A-Z]+, *[^,]*, *"(iort|viot|acpi|acpidump|dt|dmar|ivrs)-')
[ -z "$strings" ] || { echo "FAIL: a reader reports a rule by name, not by id:"; echo "$strings"; fail=1; }
[ $fail = 0 ] && echo "$(printf '%s\n' "$readers" | wc -l) reader rules, all reported"
exit $fail
