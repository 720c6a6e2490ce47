#!/bin/sh
# Default domains from the VT-d registers a capture carries
# (sys/class/iommu/dmar0/intel-iommu/{cap,ecap}), on a copy of a real
# capture (v2-x86-intel-g-strict, Debian 7.2, QEMU intel-iommu: no caching
# mode, pass-through supported) whose command line and registers are changed
# the way QEMU's caching-mode=on and pt=off would change them:
#   - no iommu.strict: every group DMA-FQ (Debian's lazy default)
#   - caching mode (CAP bit 7) without scalable mode: strict, every group DMA,
#     and --explain names intel_iommu_init; the same on 6.1
#   - iommu=pt: identity; ECAP PT clear: DMA on 6.12 and later (the driver
#     refuses identity), still identity on 6.1 (a 1:1 page table)
# Args: iotopo-binary src-dir build-dir.
set -u
iotopo=$1
src=$2
view_src=$src/tests/fixtures/v2-x86-intel-g-strict/7.2.13+deb14-amd64/boot
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
cp -R "$view_src" "$tmp/v"
regs=$tmp/v/sys/devices/virtual/iommu/dmar0/intel-iommu
[ "$(cat "$regs/cap")" = d2008c22260206 ] && [ "$(cat "$regs/ecap")" = f00f4a ] || {
	echo "fixture changed: unexpected QEMU VT-d registers"
	exit 1
}

# types: the sorted set of group types the prediction gives, e.g. "DMA-FQ"
types() {
	"$iotopo" groups "$tmp/v" "$@" 2>/dev/null |
		sed -n 's/^IOMMU Group [0-9]* \[\([^]]*\)\].*/\1/p' | sort -u | tr '\n' ' '
}

expect() {
	want=$1
	shift
	got=$(types "$@")
	if [ "$got" != "$want " ]; then
		echo "FAIL: $label: groups $* gave types '$got', expected '$want'"
		fail=1
	fi
}

printf 'console=ttyS0 quiet panic=-1 intel_iommu=on\n' >"$tmp/v/proc/cmdline"
label="lazy default"
expect DMA-FQ
printf 'd2008c22260286\n' >"$regs/cap"
label="caching mode"
expect DMA
expect DMA --kernel 6.1.0-50-amd64
out=$("$iotopo" groups "$tmp/v" --explain 00:02.0 2>&1)
case $out in
*"global default: dmar0 reports caching mode"*"intel_iommu_init"*) ;;
*)
	echo "FAIL: --explain does not name the caching-mode rule"
	printf '%s\n' "$out"
	fail=1
	;;
esac
printf 'd2008c22260206\n' >"$regs/cap"
printf 'console=ttyS0 quiet panic=-1 intel_iommu=on iommu=pt\n' >"$tmp/v/proc/cmdline"
label="iommu=pt"
expect identity
printf 'f00f0a\n' >"$regs/ecap"
label="iommu=pt, no pass-through support"
expect DMA
expect DMA --kernel 6.12
expect identity --kernel 6.1
out=$("$iotopo" groups "$tmp/v" --explain 00:02.0 2>&1)
case $out in
*"no pass-through support (ECAP PT clear)"*) ;;
*)
	echo "FAIL: --explain does not name the pass-through rule"
	printf '%s\n' "$out"
	fail=1
	;;
esac
[ "$fail" = 0 ] && echo "caching mode and pass-through support decide the default domains"
exit $fail
