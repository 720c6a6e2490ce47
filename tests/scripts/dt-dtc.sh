#!/bin/sh
# dtc reads every DT output iotopo writes without a warning caused by us:
#  - the standalone DTB decodes (dtc -I dtb) and its DTS compiles (dtc -I dts) silently;
#  - the .dtsi fragment, appended to the board's source, adds no dtc warning;
#  - --base on a board that already has the same IOMMU properties changes nothing
#    (decode -> compile reproduces the properties) and the patched DTB decodes silently.
# Inputs: the QEMU fixture DTB and every examples/*.yaml that loads.
# Usage: dt-dtc.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2
command -v dtc >/dev/null || { echo "dtc not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
FIX=$SRC/tests/fixtures/arm-g-smmuv3-dt/qemu-dumpdtb.dtb

# dtc's warnings on the input itself (file:line left out): iotopo writes back what the
# input says (a host bridge's msi-parent = <&its> is what QEMU and Layerscape boards have)
: >"$T/inherited"
inherit() {
	case $1 in
	*.dts) dtc -I dts -O dtb -o /dev/null "$1" 2>&1 | sed 's/^.*: \(Warning\|ERROR\)/\1/' >"$T/inherited" ;;
	*) : >"$T/inherited" ;;
	esac
}
quiet() { # run dtc, fail on any output on stderr not inherited from the input
	if ! dtc "$@" 2>"$T/err0"; then
		echo "dtc $*:"; cat "$T/err0"; fail=1; return
	fi
	sed 's/^.*: \(Warning\|ERROR\)/\1/' "$T/err0" | grep -vxF -f "$T/inherited" >"$T/err" || true
	if [ -s "$T/err" ]; then
		echo "dtc $*:"; cat "$T/err"; fail=1
	fi
}

check_input() {
	name=$1 in=$2
	inherit "$in"
	"$IOTOPO" compile "$in" --dtb "$T/$name.dtb" --dts "$T/$name.dts" --dtsi "$T/$name.dtsi" ||
		{ echo "$name: compile failed"; fail=1; return; }
	quiet -I dtb -O dts -o "$T/$name.back.dts" "$T/$name.dtb"
	quiet -I dts -O dtb -o "$T/$name.src.dtb" "$T/$name.dts"
	# the source and the blob are one tree
	dtc -I dtb -O dts -o "$T/a" "$T/$name.dtb" 2>/dev/null
	dtc -I dtb -O dts -o "$T/b" "$T/$name.src.dtb" 2>/dev/null
	cmp -s "$T/a" "$T/b" || { echo "$name: .dts and .dtb differ"; diff "$T/a" "$T/b" | head; fail=1; }
	# the fragment on top of the standalone tree (its own board) adds no warning
	cat "$T/$name.dts" "$T/$name.dtsi" >"$T/$name.both.dts"
	quiet -I dts -O dtb -o "$T/$name.both.dtb" "$T/$name.both.dts"
}

check_input fixture "$FIX"
check_input features "$SRC/tests/fixtures/dt-features.dts"
for y in "$SRC"/examples/*.yaml; do
	[ -f "$y" ] || continue
	"$IOTOPO" compile "$y" --dtb "$T/probe.dtb" 2>/dev/null || continue
	check_input "$(basename "$y" .yaml)" "$y"
done

# the fragment on the real QEMU board source: no new warning
: >"$T/inherited"
dtc -I dtb -O dts -o "$T/board.dts" "$FIX" 2>/dev/null
dtc -I dts -O dtb -o /dev/null "$T/board.dts" 2>"$T/w0"
cat "$T/board.dts" "$T/fixture.dtsi" >"$T/board+frag.dts"
dtc -I dts -O dtb -o /dev/null "$T/board+frag.dts" 2>"$T/w1"
sed 's/^[^:]*:[0-9.-]*: //' "$T/w0" | sort >"$T/w0s"
sed 's/^[^:]*:[0-9.-]*: //' "$T/w1" | sort >"$T/w1s"
if ! cmp -s "$T/w0s" "$T/w1s"; then
	echo "the .dtsi adds dtc warnings to the QEMU board:"; diff "$T/w0s" "$T/w1s"; fail=1
fi

# decode -> compile --base on the same board: the IOMMU properties come out identical
"$IOTOPO" compile "$FIX" --base "$FIX" --patched "$T/patched.dtb" || { echo "--base failed"; fail=1; }
quiet -I dtb -O dts -o "$T/patched.dts" "$T/patched.dtb"
dtc -I dtb -O dts -o "$T/orig.dts" "$FIX" 2>/dev/null
if ! cmp -s "$T/orig.dts" "$T/patched.dts"; then
	echo "--base with the board's own topology changed the board:"
	diff "$T/orig.dts" "$T/patched.dts" | head -20; fail=1
fi

# a topology that names the board's SMMU and ITS by no path: matched by compatible + reg
"$IOTOPO" compile "$SRC/tests/fixtures/dt-patch-nopath.yaml" --base "$FIX" --patched "$T/nopath.dtb" ||
	{ echo "--base (no dt.path) failed"; fail=1; }
dtc -I dtb -O dts -o "$T/nopath.dts" "$T/nopath.dtb" 2>/dev/null
if ! cmp -s "$T/orig.dts" "$T/nopath.dts"; then
	echo "--base with the board's topology but no dt.path changed the board:"
	diff "$T/orig.dts" "$T/nopath.dts" | head -20; fail=1
fi
exit $fail
