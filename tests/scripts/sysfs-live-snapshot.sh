#!/bin/sh
# The live system read directly and through `iotopo snapshot` gives the same model: real
# symbolic links on one side, files holding link targets on the other.
# Args: iotopo-binary src-dir build-dir.  Skipped (77) where /sys has no PCI bus (containers).
set -u
iotopo=$1
[ -d /sys/bus/pci/devices ] && [ -n "$(ls /sys/bus/pci/devices 2>/dev/null)" ] || {
	echo "no PCI devices under /sys: skipped"
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$iotopo" snapshot -o "$tmp/snap" >"$tmp/summary" || exit 1
grep -q 'PCI functions' "$tmp/summary" || exit 1
"$iotopo" decode / >"$tmp/live.yaml" 2>"$tmp/live.err" || { cat "$tmp/live.err"; exit 1; }
"$iotopo" decode "$tmp/snap" >"$tmp/snap.yaml" 2>"$tmp/snap.err" || { cat "$tmp/snap.err"; exit 1; }
diff -u "$tmp/live.yaml" "$tmp/snap.yaml" || exit 1
# the snapshot refuses to be overwritten
if "$iotopo" snapshot -o "$tmp/snap" 2>"$tmp/err"; then
	echo "snapshot overwrote a non-empty directory"
	exit 1
fi
grep -q 'not empty' "$tmp/err" || exit 1
echo "live and snapshot agree ($(grep -c 'bdf:' "$tmp/live.yaml") functions)"
