#!/bin/sh
# The rule table and the readers agree: every rule name a reader reports (a string literal
# "iort-...", "viot-...", "acpi-...", "acpidump-...", "dt-...", "dmar-...", "ivrs-..." in the
# readers of src/acpi, src/tables (layout tables), src/dt, src/yaml, src/sysfs, src/x86; writers excluded) is in 'iotopo lint --list-rules', and every rule the
# table says a reader checks is reported somewhere by that reader.
set -u
IOTOPO=$1
SRC=$2
fail=0
listed=$("$IOTOPO" lint --list-rules | awk '{ print $1 }')
readers=$("$IOTOPO" lint --list-rules | awk '$3 ~ /-reader$/ { print $1 }')
# writers (compile's diagnostics) are not lint rules; src/x86/x86.c holds model rules, not a reader
emitted=$(ls "$SRC"/src/acpi/*.c "$SRC"/src/tables/*.c "$SRC"/src/dt/*.c "$SRC"/src/yaml/*.c "$SRC"/src/sysfs/*.c \
	"$SRC"/src/x86/*.c 2>/dev/null |
	grep -vE '_write\.c$|/asl\.c$|_emit\.c$|_yaml\.c$|/x86/x86\.c$' | xargs cat |
	grep -oE '"(iort|viot|acpi|acpidump|dt|dmar|ivrs)-[a-z0-9-]+"' | tr -d '"' | sort -u)
for r in $emitted; do
	printf '%s\n' "$listed" | grep -qx -- "$r" || {
		echo "FAIL: readers report '$r', which is not in the rule table (src/lint/rules.c)"
		fail=1
	}
done
for r in $readers; do
	printf '%s\n' "$emitted" | grep -qx -- "$r" || {
		echo "FAIL: the rule table lists reader rule '$r', but no reader reports it"
		fail=1
	}
done
[ $fail = 0 ] && echo "$(printf '%s\n' "$readers" | wc -l) reader rules, all reported and all listed"
exit $fail
