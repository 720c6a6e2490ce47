#!/bin/sh
# Every man page is lint-clean: mandoc -Tlint -W warning reports nothing.
set -u
SRC=$2
if ! command -v mandoc >/dev/null 2>&1; then
	echo "skip: mandoc is not installed (apt-get install mandoc)"
	exit 77
fi
fail=0
n=0
for page in "$SRC"/man/*.[0-9]; do
	[ -f "$page" ] || continue
	n=$((n + 1))
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "$out"
		fail=1
	fi
done
if [ $n = 0 ]; then
	echo "FAIL: no man pages in $SRC/man"
	exit 1
fi
[ $fail = 0 ] && echo "man: $n pages lint-clean"
exit $fail
