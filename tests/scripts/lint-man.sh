#!/bin/sh
# The man page's lint rule list is the table's: 'iotopo lint --list-rules --format man' is
# pasted into man/iotopo.1 between the lines '.\" BEGIN LINT RULES' and '.\" END LINT RULES'.
# Until man/iotopo.1 exists, check that the generated section is valid man(7) for mandoc.
set -u
IOTOPO=$1
SRC=$2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$IOTOPO" lint --list-rules --format man >"$OUT/rules.man" || exit 1
n=$("$IOTOPO" lint --list-rules | wc -l)
[ "$(grep -c '^\.TP$' "$OUT/rules.man")" = "$n" ] || { echo "FAIL: $n rules, man lists a different number"; exit 1; }
if [ -f "$SRC/man/iotopo.1" ]; then
	sed -n '/^\.\\" BEGIN LINT RULES/,/^\.\\" END LINT RULES/p' "$SRC/man/iotopo.1" |
		sed '1d;$d' >"$OUT/page.man"
	if ! diff -u "$OUT/rules.man" "$OUT/page.man"; then
		echo "FAIL: man/iotopo.1's rule list differs from the table; regenerate it with"
		echo "      iotopo lint --list-rules --format man"
		exit 1
	fi
	echo "man/iotopo.1 lists exactly the table's $n rules"
	exit 0
fi
command -v mandoc >/dev/null || { echo "mandoc not installed"; exit 77; }
{ printf '.TH T 1 2026-01-01\n.SH RULES\n'; cat "$OUT/rules.man"; } >"$OUT/t.1"
mandoc -T lint -W warning "$OUT/t.1" && echo "generated rule list ($n rules) is clean man(7)"
