#!/bin/sh
# bench/run-all.sh's corpus and groups-at-scale steps measure what they say:
# - step 5 follows a symlinked CORPUS (and symlinks inside it) and lints every DTB it finds;
#   with no DTB it says "skipped", never a vacuous "lint of 0 DTBs ... ok";
# - step 6 generates a tree only when FUNCTIONS=N is set and then times groups on it;
#   without FUNCTIONS or SYSFS_TREE it says "skipped";
# - neither writes anything into the current directory (a tree named '--help' was once
#   written there and committed).
# Needs cc, libyaml and /usr/bin/python3 (as run-all.sh does); skipped (77) without them.
set -u
IOTOPO=$1
SRC=$2
command -v cc >/dev/null 2>&1 || { echo "skip: no cc"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "skip: no /usr/bin/python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
mkdir "$tmp/cwd" "$tmp/dtbs" "$tmp/nodtb"
# the DTBs tests/fixtures/debian-dtb holds, reached through symlinks: the corpus directory
# itself is a symlink, as a downloaded tree often is
n=0
for f in $(find "$SRC/tests/fixtures/debian-dtb" -name '*.dtb' | sort | head -n 5); do
	n=$((n + 1))
	ln -s "$f" "$tmp/dtbs/$n.dtb"
done
[ "$n" -gt 0 ] || { echo "FAIL: no DTB under tests/fixtures/debian-dtb"; exit 1; }
ln -s "$tmp/dtbs" "$tmp/corpus"

run() { # run LOG VAR=VALUE...: run-all.sh's steps 5 and 6 from an empty cwd, 1 run each
	log=$1
	shift
	(cd "$tmp/cwd" && env STEPS="5 6" "$@" sh "$SRC/bench/run-all.sh" "$IOTOPO" 1) \
		>"$tmp/$log" 2>&1
}

run linked CORPUS="$tmp/corpus"
grep -q "^lint of $n DTBs (wall) .* ok$" "$tmp/linked" ||
	{ echo "FAIL: a symlinked CORPUS of $n DTBs:"; cat "$tmp/linked"; fail=1; }
grep -q "^groups at scale: skipped" "$tmp/linked" ||
	{ echo "FAIL: without FUNCTIONS or SYSFS_TREE step 6 must say skipped:"; cat "$tmp/linked"; fail=1; }

run empty CORPUS="$tmp/nodtb"
grep -q "^corpus lint: skipped (no \*.dtb" "$tmp/empty" ||
	{ echo "FAIL: a CORPUS with no DTB must be skipped:"; cat "$tmp/empty"; fail=1; }
grep -q "^lint of" "$tmp/empty" && { echo "FAIL: lint of an empty corpus reported"; fail=1; }

run funcs FUNCTIONS=300
grep -q "^groups --sysfs of 300 functions (CPU) .* ok$" "$tmp/funcs" ||
	{ echo "FAIL: FUNCTIONS=300 must time groups on a generated tree:"; cat "$tmp/funcs"; fail=1; }
grep -q "^  floor: 300 config files read (4097 bytes each), 1 thread: user" "$tmp/funcs" ||
	{ echo "FAIL: step 6 must print the kernel's floor (bench/sysfs-floor.c):"; cat "$tmp/funcs"; fail=1; }

if [ -n "$(ls -A "$tmp/cwd")" ]; then
	echo "FAIL: run-all.sh wrote into the current directory:"; ls -A "$tmp/cwd"; fail=1
fi
# gen-sysfs-tree.py's usage, not a tree named after the option
(cd "$tmp/cwd" && /usr/bin/python3 "$SRC/bench/gen-sysfs-tree.py" --help >/dev/null 2>&1)
if [ -n "$(ls -A "$tmp/cwd")" ]; then
	echo "FAIL: gen-sysfs-tree.py --help wrote:"; ls -A "$tmp/cwd"; fail=1
fi
exit $fail
