#!/bin/sh
# Fetch the Device Tree blobs of Debian's arm64 kernel WITHOUT installing it,
# unpack them under a cache directory and print the directory that holds the
# DTB tree (VENDOR/BOARD.dtb):
#
#   dir=$(tests/tools/get-debian-dtbs.sh CACHE) && ls "$dir"/qcom/
#
# The DTBs are in the package linux-base-KVER-arm64 (usr/lib/modules/KVER/dtb/).
# By default the version the project's figures and golden summaries were made
# from is fetched from sid: linux-base-7.2.13+deb14-arm64 7.2.13-1.  Give
# PACKAGE=VERSION as the second argument for another one.  When the archive
# no longer has the pinned version, the newest linux-base-*-arm64 it has is
# used instead, with a note on stderr (tests comparing against golden
# summaries should then expect differences); CACHE/version names the one
# used, as "PACKAGE VERSION".
#
# apt runs with a private configuration (lists, cache, sources, status all
# under CACHE, APT::Architecture=arm64), so the machine's apt state is neither
# read nor changed; the archive URI is this machine's own.  The download is
# done once per package version: a second run reuses CACHE.
# IOTOPO_DEBIAN_DTBS=DIR skips all of it and prints DIR (an unpacked tree
# made earlier, e.g. a CI cache).  Exit 77 (skip) when the archive cannot be
# reached.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 CACHE-DIR [PACKAGE=VERSION]" >&2; exit 2; }
if [ -n "${IOTOPO_DEBIAN_DTBS:-}" ]; then
	[ -d "$IOTOPO_DEBIAN_DTBS" ] || { echo "$0: $IOTOPO_DEBIAN_DTBS is not a directory" >&2; exit 2; }
	echo "$IOTOPO_DEBIAN_DTBS"
	exit 0
fi
cache=$1
pin=${2:-linux-base-7.2.13+deb14-arm64=7.2.13-1}
suite=${IOTOPO_DEBIAN_SUITE:-sid}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
# Several tests call this at once (ctest -j): one fetches and unpacks, the others wait and
# then reuse its tree, instead of unpacking over it or reading it half-written.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$cache/.lock"
	flock 9
fi

dtbdir() { # the dtb directory of an unpacked linux-base package
	for d in "$1"/usr/lib/modules/*/dtb; do
		[ -d "$d" ] && { echo "$d"; return 0; }
	done
	return 1
}

stamp="$cache/root-$(echo "$pin" | tr '=/' '__')/.done"
fallback="$cache/fallback-$(echo "$pin" | tr '=/' '__')"
# an earlier run unpacked it (or the version used instead of it): no network needed
if [ ! -f "$stamp" ] && [ -f "$fallback" ]; then
	pin=$(cat "$fallback")
	stamp="$cache/root-$(echo "$pin" | tr '=/' '__')/.done"
fi
if [ -f "$stamp" ]; then
	echo "${pin%%=*} ${pin#*=}" >"$cache/version"
	dtbdir "$(dirname "$stamp")"
	exit 0
fi

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
	"$cache/lists/partial" "$cache/archives/partial" "$cache/debs"
echo "deb [signed-by=$keyring] $uri $suite main" >"$cache/etc/apt/sources.list"
: >"$cache/status"
opts="-o Dir::Etc=$cache/etc/apt -o Dir::Etc::SourceList=$cache/etc/apt/sources.list
 -o Dir::Etc::SourceParts=$cache/etc/apt/sources.list.d -o Dir::Etc::Preferences=$cache/etc/apt/preferences
 -o Dir::Etc::PreferencesParts=$cache/etc/apt/preferences.d -o Dir::State::Lists=$cache/lists
 -o Dir::State::Status=$cache/status -o Dir::Cache=$cache -o Dir::Cache::Archives=$cache/archives
 -o Debug::NoLocking=1 -o APT::Architecture=arm64 -o APT::Architectures=arm64 -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
if ! apt-get $opts update >"$cache/update.log" 2>&1; then
	echo "$0: apt-get update for $suite (arm64) failed (see $cache/update.log)" >&2
	tail -3 "$cache/update.log" >&2
	exit 77
fi
# shellcheck disable=SC2086
if ! (cd "$cache/debs" && apt-get $opts download "$pin") >"$cache/download.log" 2>&1; then
	# the archive moved on: the newest linux-base-*-arm64 it has (the unsigned flavour)
	# shellcheck disable=SC2086
	pkg=$(apt-cache $opts search --names-only '^linux-base-[0-9.]+.*-arm64$' 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -1)
	[ -n "$pkg" ] || { echo "$0: no linux-base-*-arm64 in $suite" >&2; exit 77; }
	# shellcheck disable=SC2086
	ver=$(apt-cache $opts show "$pkg" 2>/dev/null | awk '/^Version:/ { print $2; exit }')
	echo "$0: $pin is not in $suite any more; using $pkg $ver" \
		"(figures and golden summaries were made from $pin)" >&2
	pin="$pkg=$ver"
	echo "$pin" >"$fallback"
	stamp="$cache/root-$(echo "$pin" | tr '=/' '__')/.done"
	if [ ! -f "$stamp" ]; then
		# shellcheck disable=SC2086
		(cd "$cache/debs" && apt-get $opts download "$pin") >"$cache/download.log" 2>&1 || {
			echo "$0: apt-get download $pin failed (see $cache/download.log)" >&2
			tail -3 "$cache/download.log" >&2
			exit 77
		}
	fi
fi
root=$(dirname "$stamp")
if [ ! -f "$stamp" ]; then
	pkg=${pin%%=*} ver=${pin#*=}
	deb=$(ls "$cache/debs/${pkg}_"*"${ver#*:}"*_arm64.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || { echo "$0: the downloaded $pin is missing from $cache/debs" >&2; exit 1; }
	rm -rf "$root"
	mkdir -p "$root"
	dpkg-deb -x "$deb" "$root"
	rm -f "$deb" # the unpacked tree is the cache
	rm -rf "$cache/lists" # 20+ MB of package lists, fetched again only if ever needed
	touch "$stamp"
fi
echo "${pin%%=*} ${pin#*=}" >"$cache/version"
dtbdir "$root"
