#!/bin/sh
# ctest-labels: editor
# With no network and nothing cached, script/editor-yaml-language-server skips (exit 77) in
# seconds instead of letting npm retry until ctest's timeout: run it in a new network
# namespace (unshare -n, or -rn unprivileged) with an empty build tree and npm cache.
# Skipped (77) where namespaces or node/npm are not available.
set -u
IOTOPO=$1
SRC=$2
command -v node >/dev/null && command -v npm >/dev/null || { echo "skip: no node/npm"; exit 77; }
if unshare -n true 2>/dev/null; then
	NS="unshare -n"
elif unshare -rn true 2>/dev/null; then
	NS="unshare -rn"
else
	echo "skip: cannot make a network namespace (unshare -n)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/build" "$tmp/npm-cache"
start=$(date +%s)
npm_config_cache=$tmp/npm-cache timeout 90 $NS sh "$SRC/tests/scripts/editor-yaml-language-server.sh" \
	"$IOTOPO" "$SRC" "$tmp/build" >"$tmp/out" 2>&1
rc=$?
took=$(($(date +%s) - start))
if [ "$rc" -ne 77 ] || [ "$took" -gt 45 ]; then
	echo "FAIL: offline, the editor test exited $rc after ${took}s (want 77 within 45 s):"
	cat "$tmp/out"
	exit 1
fi
echo "offline: skipped in ${took}s: $(head -1 "$tmp/out")"
