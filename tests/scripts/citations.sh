#!/bin/sh
# Comments and test notes cite what a clone can resolve: the kernel as file:function, specs by
# name and issue (DEN0049 E.e, VT-d 4.1), public repositories by path, docs/kernel-rules.md for
# the design facts.  Background notes that are not in the repository (table-formats.md,
# kernel-semantics.md, anchors.md) must not be cited: state the fact itself instead.
set -u
SRC=$2
cd "$SRC" || exit 1
hits=$(grep -rnE 'table-formats|kernel-semantics(-corrections)?\.md|anchors\.md' src tests man include 2>/dev/null |
	grep -v '^tests/scripts/citations\.sh:')
if [ -n "$hits" ]; then
	echo "FAIL: citations of documents not in the repository:"
	printf '%s\n' "$hits"
	exit 1
fi
echo "no citations of documents outside the repository"
