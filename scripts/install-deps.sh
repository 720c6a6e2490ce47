#!/bin/sh
# Install what iotopo needs to build and test, from Debian 12's archive.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: run as root (apt-get install)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2046
apt-get install -y -qq --no-install-recommends $(cat "$here/deps.txt") >/dev/null
# Node.js and npm only drive the editor test (network label). Many machines
# already carry a Node.js from elsewhere (NodeSource's nodejs bundles npm and
# conflicts with Debian's npm package), so Debian's are installed only when
# neither command is there.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	if ! dpkg-query -W -f='${Status}' nodejs 2>/dev/null | grep -q installed; then
		apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
	fi
fi
