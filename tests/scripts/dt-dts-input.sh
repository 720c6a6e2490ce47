#!/bin/sh
# DTS input goes through dtc (also on standard input): it reads like the DTB dtc makes
# of it; without dtc on PATH the error says what is needed (exit 2), and a DTS dtc
# rejects is reported
# with dtc's own first line.
# Usage: dt-dts-input.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2
command -v dtc >/dev/null && command -v fdtput >/dev/null || { echo "dtc not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
F=$SRC/tests/fixtures/dt-features.dts

dtc -q -@ -I dts -O dtb -o "$T/f.dtb" "$F"
"$IOTOPO" decode "$F" -o "$T/a.yaml" || fail=1
"$IOTOPO" decode "$T/f.dtb" -o "$T/b.yaml" || fail=1
cmp -s "$T/a.yaml" "$T/b.yaml" || { echo "DTS and its DTB decode differently"; fail=1; }

"$IOTOPO" decode - <"$F" >"$T/c.yaml" || fail=1
cmp -s "$T/a.yaml" "$T/c.yaml" ||
	{ echo "DTS on stdin decodes differently"; diff "$T/a.yaml" "$T/c.yaml"; fail=1; }

mkdir "$T/bin"
env PATH="$T/bin" "$IOTOPO" decode "$F" >/dev/null 2>"$T/err"
rc=$?
if [ $rc != 2 ] || ! grep -q "reading DTS needs dtc" "$T/err"; then
	echo "without dtc: exit $rc, stderr:"; cat "$T/err"; fail=1
fi

printf '/dts-v1/;\n/ { x = <&nowhere>; };\n' >"$T/bad.dts"
"$IOTOPO" decode "$T/bad.dts" >/dev/null 2>"$T/err"
rc=$?
if [ $rc != 2 ] || ! grep -q "dtc could not compile it: .*nowhere" "$T/err"; then
	echo "bad DTS: exit $rc, stderr:"; cat "$T/err"; fail=1
fi

# errors in DTS input name the source line and column (dtc -T -T) and the node, not offsets
# in dtc's temporary blob
printf '/dts-v1/;\n/ { a: a { }; b { iommus = <&a 1>; }; };\n' >"$T/noiommu.dts"
"$IOTOPO" decode "$T/noiommu.dts" >/dev/null 2>"$T/err"
if ! grep -q "^$T/noiommu.dts:2:19: error: /b:iommus: phandle 0x1 (/a) is not an IOMMU" "$T/err"; then
	echo "DTS input error:"; cat "$T/err"; fail=1
fi

# --base on a board without the IOMMU properties: the patched board equals the original
B=$SRC/tests/fixtures/arm-g-smmuv3-dt/qemu-dumpdtb.dtb
cp "$B" "$T/board.dtb"
fdtput -d "$T/board.dtb" /pcie@10000000 iommu-map
fdtput -d "$T/board.dtb" /pcie@10000000 msi-map
fdtput -d "$T/board.dtb" /smmuv3@9050000 '#iommu-cells'
"$IOTOPO" compile "$B" --base "$T/board.dtb" --patched "$T/p.dtb" || fail=1
dtc -I dtb -O dts "$B" 2>/dev/null | sort >"$T/orig"
dtc -I dtb -O dts "$T/p.dtb" 2>/dev/null | sort >"$T/patched"
if ! cmp -s "$T/orig" "$T/patched"; then
	echo "--base did not restore the removed properties exactly:"
	diff "$T/orig" "$T/patched" | head; fail=1
fi
# the bundled QEMU example, patched onto QEMU's DTB stripped of its IOMMU properties,
# gives back the QEMU DTB byte for byte (same values, same phandles, same layout)
"$IOTOPO" compile "$SRC/examples/qemu-virt-smmuv3.yaml" --base "$T/board.dtb" \
	--patched "$T/q.dtb" 2>/dev/null || { echo "--base with the example failed"; fail=1; }
dtc -I dtb -O dts "$T/q.dtb" 2>/dev/null | sort >"$T/q.sorted"
if ! cmp -s "$T/orig" "$T/q.sorted"; then
	echo "the QEMU example does not restore QEMU's IOMMU properties:"
	diff "$T/orig" "$T/q.sorted" | head; fail=1
fi
exit $fail
