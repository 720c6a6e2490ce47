#!/bin/sh
# Lint every DTB under DIR in one run (--jobs 2, paths relative to DIR) and compare a summary of
# the findings with a reviewed golden file: findings and boards per rule and severity, and every
# board with an error finding.  A new false positive, or a finding that went away, shows up as a
# diff.  IOTOPO_UPDATE=1 rewrites GOLDEN from this run (review the diff before committing it).
# Usage: lint-conformance-check.sh IOTOPO DIR GOLDEN TITLE
set -u
IOTOPO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2 golden=$3 title=$4
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "python3 not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$dir" || exit 1
find . -name '*.dtb' | sed 's#^\./##' | LC_ALL=C sort >"$T/all"
# shellcheck disable=SC2046
"$IOTOPO" lint -j 2 -f json $(cat "$T/all") >"$T/out.json"
rc=$?
# exit 2 (a board the reader refuses) is part of the summary: "(reader)" lines name them
[ $rc -le 2 ] && [ -s "$T/out.json" ] || { echo "FAIL: iotopo lint exit $rc"; exit 1; }
"$PY" - "$T/out.json" "$T/all" "$title" >"$T/summary" <<'PYEOF' || exit 1
import collections, json, sys
log = json.load(open(sys.argv[1]))
dtbs = [l.strip() for l in open(sys.argv[2]) if l.strip()]
title = sys.argv[3]
count = collections.Counter()
boards = collections.defaultdict(set)
errors = collections.defaultdict(collections.Counter)
refused = set()
for f in log["findings"]:
    rule = f["rule"] or "(reader)"
    count[(rule, f["severity"])] += 1
    boards[(rule, f["severity"])].add(f["file"])
    if f["severity"] == "error":
        errors[f["file"]][rule] += 1
        if not f["rule"]:
            refused.add(f["file"])
print(f"# iotopo lint over {title}: a reviewed golden summary.")
print("# Regenerate with IOTOPO_UPDATE=1 (see tests/conformance/README.md) and review the diff:")
print("# every error line below was checked against the kernel's behaviour by hand.")
print(f"dtbs {len(dtbs)}")
print(f"dtbs-with-errors {len(errors)}")
print(f"dtbs-refused {len(refused)}")
print(f"not-shown {log.get('not_shown', 0)}")
print("# rule severity findings dtbs")
for (rule, sev), n in sorted(count.items(), key=lambda kv: (kv[0][1] != 'error', kv[0][1] != 'warning', kv[0][0])):
    print(f"{rule} {sev} {n} {len(boards[(rule, sev)])}")
print("# boards with errors: board rule count ((reader): the reader refused the board)")
for board in sorted(errors):
    for rule, n in sorted(errors[board].items()):
        print(f"{board} {rule} {n}")
PYEOF
if [ "${IOTOPO_UPDATE:-}" = 1 ]; then
	cp "$T/summary" "$golden"
	echo "rewrote $golden"
	exit 0
fi
if ! diff -u "$golden" "$T/summary"; then
	echo "FAIL: the lint summary differs from $golden (review; IOTOPO_UPDATE=1 rewrites it)"
	exit 1
fi
echo "lint summary of $(wc -l <"$T/all") DTBs matches $golden"
