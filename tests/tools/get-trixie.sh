#!/bin/sh
# Fetch Debian 13 (trixie) packages WITHOUT installing them, unpack them under
# a cache directory and print that directory.  Used to run newer tools (iasl
# 20250404 from acpica-tools, dtc 1.7 from device-tree-compiler) next to the
# system's older ones:
#
#   dir=$(tests/tools/get-trixie.sh CACHE acpica-tools libc6)
#   $dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 \
#       --library-path $dir/usr/lib/x86_64-linux-gnu $dir/usr/bin/iasl ...
#
# apt runs with a private configuration (lists, cache, sources, status all
# under CACHE), so the machine's apt state is neither read nor changed.  The
# archive URI is taken from this machine's own apt sources.  Packages are
# downloaded once: a second run with the same package list reuses CACHE.
# Exit 77 (skip) when the archive cannot be reached.
set -eu
cache=$1
shift
[ $# -gt 0 ] || { echo "usage: $0 CACHE-DIR PKG..." >&2; exit 2; }
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
# Several tests call this at once (ctest -j: acpi-iasl-trixie, acpi-real-iort-iasl): one
# fetches and unpacks, the others wait and then reuse its tree.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$cache/.lock"
	flock 9
fi
stamp="$cache/root/.done-$(echo "$*" | tr ' ' '+')"
if [ -f "$stamp" ]; then
	echo "$cache/root"
	exit 0
fi

# The archive URI this machine already uses (deb822 .sources first, then sources.list).
uri=
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
	[ -n "$uri" ] && break
done
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
	uri=$(awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list)
fi
[ -n "$uri" ] || { echo "$0: no Debian archive URI in /etc/apt/sources.list*" >&2; exit 77; }

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$cache/etc/apt/sources.list.d" "$cache/etc/apt/preferences.d" \
	"$cache/lists/partial" "$cache/archives/partial" "$cache/debs" "$cache/root"
echo "deb [signed-by=$keyring] $uri trixie main" >"$cache/etc/apt/sources.list"
: >"$cache/status"
opts="-o Dir::Etc=$cache/etc/apt -o Dir::Etc::SourceList=$cache/etc/apt/sources.list
 -o Dir::Etc::SourceParts=$cache/etc/apt/sources.list.d -o Dir::Etc::Preferences=$cache/etc/apt/preferences
 -o Dir::Etc::PreferencesParts=$cache/etc/apt/preferences.d -o Dir::State::Lists=$cache/lists
 -o Dir::State::Status=$cache/status -o Dir::Cache=$cache -o Dir::Cache::Archives=$cache/archives
 -o Debug::NoLocking=1 -o APT::Architecture=amd64"
# shellcheck disable=SC2086
if ! apt-get $opts update >"$cache/update.log" 2>&1; then
	echo "$0: apt-get update for trixie failed (see $cache/update.log)" >&2
	tail -3 "$cache/update.log" >&2
	exit 77
fi
# shellcheck disable=SC2086
(cd "$cache/debs" && apt-get $opts download "$@") >"$cache/download.log" 2>&1 || {
	echo "$0: apt-get download $* failed (see $cache/download.log)" >&2
	tail -3 "$cache/download.log" >&2
	exit 77
}
for deb in "$cache"/debs/*.deb; do
	dpkg -x "$deb" "$cache/root"
done
touch "$stamp"
echo "$cache/root"
