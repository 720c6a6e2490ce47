#!/bin/sh
# `iotopo --version` prints the version CMakeLists.txt's project() declares (release tags are
# vMAJOR.MINOR.PATCH of that version), and NEWS's newest entry is for that version.
set -u
IOTOPO=$1
SRC=$2
v=$(sed -n 's/^project(iotopo VERSION \([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' \
	"$SRC/CMakeLists.txt")
[ -n "$v" ] || { echo "FAIL: no 'project(iotopo VERSION X.Y.Z' in CMakeLists.txt"; exit 1; }
fail=0
got=$("$IOTOPO" --version) || { echo "FAIL: iotopo --version exited $?"; exit 1; }
[ "$got" = "iotopo $v" ] || { echo "FAIL: iotopo --version printed '$got', want 'iotopo $v'"; fail=1; }
news=$(sed -n 's/^\* iotopo \([0-9.]*\).*/\1/p' "$SRC/NEWS" | head -n 1)
[ "$news" = "$v" ] || { echo "FAIL: NEWS's newest entry is '$news', not $v"; fail=1; }
[ $fail = 0 ] && echo "iotopo --version and NEWS say $v, as CMakeLists.txt does"
exit $fail
