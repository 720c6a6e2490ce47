#!/bin/sh
# Round trips through the DT reader, for every example and the QEMU fixture:
#   YAML -> DTB -> decode -> YAML -> DTB gives the same DTB (as dtc prints it), so
#   decode then compile reproduces every IOMMU property (and the rest of the tree);
#   DTB -> decode -> YAML -> decode again gives the same YAML (the reader and the
#   YAML emitter agree on the model).
# Usage: dt-roundtrip.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1 SRC=$2
command -v dtc >/dev/null || { echo "dtc not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0 n=0

# the QEMU DTB, and the DTB each kernel booted with (sysfs /sys/firmware/fdt)
for y in "$SRC"/examples/*.yaml "$SRC"/tests/fixtures/arm-g-smmuv3-dt/qemu-dumpdtb.dtb \
	"$SRC"/tests/fixtures/dt-families.dts \
	"$SRC"/tests/fixtures/arm-g-smmuv3-dt/*/boot/sys/firmware/fdt; do
	[ -f "$y" ] || continue
	s=$(echo "${y#"$SRC"/}" | tr / _)
	if ! "$IOTOPO" compile "$y" --dtb "$T/$s.a.dtb" 2>"$T/err"; then
		# a topology DT cannot express for old and new kernels alike is refused (dt-compile-*)
		grep -q '2026' "$T/err" && continue
		echo "$s: compile failed:"; cat "$T/err"; fail=1; continue
	fi
	"$IOTOPO" decode "$T/$s.a.dtb" -o "$T/$s.b.yaml" || { echo "$s: decode failed"; fail=1; continue; }
	"$IOTOPO" compile "$T/$s.b.yaml" --dtb "$T/$s.b.dtb" 2>/dev/null ||
		{ echo "$s: compile of the decoded YAML failed"; fail=1; continue; }
	dtc -I dtb -O dts -o "$T/a.dts" "$T/$s.a.dtb" 2>/dev/null
	dtc -I dtb -O dts -o "$T/b.dts" "$T/$s.b.dtb" 2>/dev/null
	if ! cmp -s "$T/a.dts" "$T/b.dts"; then
		echo "$s: YAML -> DTB -> YAML -> DTB changed the tree:"
		diff -u "$T/a.dts" "$T/b.dts" | head -30; fail=1
	fi
	"$IOTOPO" decode "$T/$s.b.yaml" -o "$T/$s.c.yaml"
	if ! cmp -s "$T/$s.b.yaml" "$T/$s.c.yaml"; then
		echo "$s: decoding the decoded YAML changed it:"
		diff -u "$T/$s.b.yaml" "$T/$s.c.yaml" | head -30; fail=1
	fi
	n=$((n + 1))
done
echo "$n inputs round-tripped"
[ $n -ge 5 ] || { echo "only $n inputs round-tripped"; fail=1; }
exit $fail
