#!/bin/sh
# man/iotopo.1's KERNEL PROFILES list is the profile table's: 'iotopo groups --list-profiles
# --format man' between '.\" BEGIN KERNEL PROFILES' and '.\" END KERNEL PROFILES'.  Fails when
# a profile, its build, config, commits or a switch's meaning changes without the page;
# regenerate with sh scripts/gen-man.sh.  With mandoc, the list is also checked as man(7).
set -u
IOTOPO=$1
SRC=$2
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$IOTOPO" groups --list-profiles --format man >"$OUT/gen" || exit 1
n=$("$IOTOPO" groups --list-profiles | grep -c '^[0-9]')
[ "$n" -ge 10 ] || { echo "FAIL: only $n profiles listed"; exit 1; }
[ "$(grep -c '^\.TP$' "$OUT/gen")" = "$n" ] || { echo "FAIL: $n profiles, man lists another number"; exit 1; }
sed -n '/^\.\\" BEGIN KERNEL PROFILES/,/^\.\\" END KERNEL PROFILES/p' "$SRC/man/iotopo.1" |
	sed '1d;$d' >"$OUT/page"
if ! diff -u "$OUT/gen" "$OUT/page"; then
	echo "FAIL: man/iotopo.1's KERNEL PROFILES differ from the profile table; run sh scripts/gen-man.sh"
	exit 1
fi
if command -v mandoc >/dev/null; then
	{ printf '.TH T 1 2026-01-01\n.SH PROFILES\n'; cat "$OUT/gen"; } >"$OUT/t.1"
	mandoc -T lint -W warning "$OUT/t.1" || exit 1
fi
echo "man/iotopo.1 lists the $n kernel profiles exactly as the table describes them"
