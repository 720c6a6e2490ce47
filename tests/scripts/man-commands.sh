#!/bin/sh
# man/iotopo.1's COMMANDS section is the option tables' ('iotopo completion man'); regenerate
# it with scripts/gen-man.sh after changing a command or option.
set -u
IOTOPO=$1
SRC=$2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$IOTOPO" completion man >"$OUT/gen" || exit 1
sed -n '/^\.\\" BEGIN COMMANDS/,/^\.\\" END COMMANDS/p' "$SRC/man/iotopo.1" | sed '1d;$d' >"$OUT/page"
if ! diff -u "$OUT/gen" "$OUT/page"; then
	echo "FAIL: man/iotopo.1 COMMANDS differ from the option tables; run sh scripts/gen-man.sh"
	exit 1
fi
n=$(grep -c '^\.SS' "$OUT/page")
echo "man/iotopo.1 documents the $n commands exactly as the tables declare them"
