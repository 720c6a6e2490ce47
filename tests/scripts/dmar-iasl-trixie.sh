#!/bin/sh
# dmar-iasl.sh with Debian 13's iasl 20250404 (the "current" dialect), fetched from the Debian
# archive into the build tree: needs the network, skipped (77) without it.
# ctest-labels: network
IOTOPO_IASL=trixie exec "$(dirname "$0")/dmar-iasl.sh" "$@"
