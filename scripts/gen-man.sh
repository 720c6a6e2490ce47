#!/bin/sh
# Regenerate the generated sections of man/iotopo.1 from the binary's tables:
#   COMMANDS    'iotopo completion man'        (between BEGIN/END COMMANDS)
#   lint rules  'iotopo lint --list-rules --format man' (between BEGIN/END LINT RULES)
#   profiles    'iotopo groups --list-profiles --format man' (between BEGIN/END KERNEL PROFILES)
# Usage: sh scripts/gen-man.sh [path/to/iotopo]     (default: build/iotopo)
# tests/scripts/man-commands.sh and lint-man.sh fail when the page and the tables disagree.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/iotopo}
page=man/iotopo.1
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.c" "$tmp.r" "$tmp.p"' EXIT
"$bin" completion man >"$tmp.c"
"$bin" lint --list-rules --format man >"$tmp.r"
"$bin" groups --list-profiles --format man >"$tmp.p"
awk -v cmds="$tmp.c" -v rules="$tmp.r" -v profiles="$tmp.p" '
	/^\.\\" BEGIN COMMANDS/ { print; while ((getline l < cmds) > 0) print l; skip = 1; next }
	/^\.\\" END COMMANDS/ { skip = 0 }
	/^\.\\" BEGIN LINT RULES/ { print; while ((getline l < rules) > 0) print l; skip = 1; next }
	/^\.\\" END LINT RULES/ { skip = 0 }
	/^\.\\" BEGIN KERNEL PROFILES/ { print; while ((getline l < profiles) > 0) print l; skip = 1; next }
	/^\.\\" END KERNEL PROFILES/ { skip = 0 }
	!skip { print }
' "$page" >"$tmp"
mv "$tmp" "$page"
trap - EXIT
rm -f "$tmp.c" "$tmp.r" "$tmp.p"
echo "regenerated $page"
