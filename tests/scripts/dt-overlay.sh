#!/bin/sh
# --overlay: fdtoverlay applying the overlay to the --base board gives the --patched tree,
# and on real boards both restore the IOMMU wiring.  For each real Debian DTB in
# tests/fixtures/debian-dtb the "bare" board is the DTB with every iommus, iommu-map(-mask),
# msi-map(-mask) and msi-parent removed; the decoded DTB compiled with --base BARE gives
# --patched P and --overlay O; `fdtoverlay -i BARE O` must print as P does (dtc), and P must
# wire like the original (tests/tools/dt-conformance.c -w; boards listed in
# tests/conformance/dt-known-differences.txt excepted).  The QEMU examples are patched onto
# QEMU's own DTB the same way.
# Usage: dt-overlay.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2 BUILD=$3
command -v dtc >/dev/null && command -v fdtoverlay >/dev/null ||
	{ echo "dtc or fdtoverlay (device-tree-compiler) not installed"; exit 77; }
W=$BUILD/tests/dt-conformance
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0 n=0

check() { # NAME TOPO BASE [ORIGINAL]
	name=$1 topo=$2 base=$3 orig=${4:-}
	if ! "$IOTOPO" compile "$topo" --base "$base" --patched "$T/p.dtb" --overlay "$T/o.dtbo" \
		2>"$T/err"; then
		echo "$name: compile --patched --overlay failed:"; cat "$T/err"; fail=1; return
	fi
	if ! fdtoverlay -i "$base" -o "$T/ov.dtb" "$T/o.dtbo" 2>"$T/err"; then
		echo "$name: fdtoverlay refused the overlay:"; cat "$T/err"; fail=1; return
	fi
	dtc -I dtb -O dts -o "$T/p.dts" "$T/p.dtb" 2>/dev/null
	dtc -I dtb -O dts -o "$T/ov.dts" "$T/ov.dtb" 2>/dev/null
	if ! cmp -s "$T/p.dts" "$T/ov.dts"; then
		echo "$name: the overlay applied by fdtoverlay differs from --patched:"
		diff "$T/p.dts" "$T/ov.dts" | head -10; fail=1
	fi
	if [ -n "$orig" ]; then
		"$W" -w "$orig" >"$T/w0"
		"$W" -w "$T/p.dtb" >"$T/w1"
		if ! cmp -s "$T/w0" "$T/w1"; then
			echo "$name: --patched on the bare board does not restore the wiring:"
			diff "$T/w0" "$T/w1" | head -10; fail=1
		fi
	fi
	n=$((n + 1))
}

cd "$SRC/tests/fixtures/debian-dtb" || exit 1
for f in */*.dtb; do
	dtc -I dtb -O dts "$f" 2>/dev/null |
		grep -v '^[[:space:]]*\(iommus\|iommu-map\|iommu-map-mask\|msi-map\|msi-map-mask\|msi-parent\) = ' |
		dtc -I dts -O dtb -o "$T/bare.dtb" 2>/dev/null || { echo "$f: cannot make the bare board"; fail=1; continue; }
	if grep -q "^$f " "$SRC/tests/conformance/dt-known-differences.txt"; then
		check "$f" "$f" "$T/bare.dtb"
	else
		check "$f" "$f" "$T/bare.dtb" "$f"
	fi
done
FIX=$SRC/tests/fixtures/arm-g-smmuv3-dt/qemu-dumpdtb.dtb
check qemu-virt-smmuv3.yaml "$SRC/examples/qemu-virt-smmuv3.yaml" "$FIX"
check dt-patch-nopath.yaml "$SRC/tests/fixtures/dt-patch-nopath.yaml" "$FIX" "$FIX"
check qemu-virt-virtio-iommu.yaml "$SRC/examples/qemu-virt-virtio-iommu.yaml" "$FIX"
echo "$n overlays applied by fdtoverlay give the --patched tree"
[ $n -ge 12 ] || { echo "only $n overlays checked"; fail=1; }
exit $fail
