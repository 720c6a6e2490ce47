#!/bin/sh
# The quirk table covers drivers/pci/quirks.c entry by entry: for each
# checked Debian kernel build, `iotopo groups --list-quirks --kernel V` must
# print exactly the rows tests/tools/extract-quirks.py extracted from that
# build's quirks.c (tests/fixtures/kernel/quirks-V.tsv).  With LINUX_SRC_7_2
# (etc.) set to an unpacked linux-source tree, the list is extracted afresh
# and compared too.  The generated table must equal what the generator makes
# of the lists.
# Usage: kernel-quirks.sh IOTOPO SRC BUILD
set -u
IOTOPO=$1
SRC=$2
K=$SRC/tests/fixtures/kernel
export LC_ALL=C
fail=0
for v in 5.10 6.1 6.12 7.2; do
	want=$(sort -u "$K/quirks-$v.tsv")
	got=$("$IOTOPO" groups --list-quirks --kernel "$v") || { echo "FAIL --list-quirks --kernel $v"; fail=1; continue; }
	if [ "$want" != "$got" ]; then
		echo "FAIL $v: iotopo's rows differ from quirks-$v.tsv"
		printf '%s\n' "$want" >"${TMPDIR:-/tmp}/want.$$"
		printf '%s\n' "$got" | diff "${TMPDIR:-/tmp}/want.$$" - | head -20
		rm -f "${TMPDIR:-/tmp}/want.$$"
		fail=1
	fi
	n=$(printf '%s\n' "$got" | wc -l)
	echo "$v: $n rows"
	var=LINUX_SRC_$(echo "$v" | tr . _)
	eval tree=\${$var:-}
	if [ -n "$tree" ] && command -v python3 >/dev/null; then
		fresh=$(python3 "$SRC/tests/tools/extract-quirks.py" "$tree" | sort -u)
		[ "$fresh" = "$want" ] || { echo "FAIL $v: $tree/drivers/pci/quirks.c no longer gives quirks-$v.tsv"; fail=1; }
	fi
done
# the 7.2 table has every kind of row the brief names
for hook in pci_quirk_intel_pch_acs pci_quirk_intel_spt_pch_acs pci_quirk_amd_sb_acs \
	pci_quirk_cavium_acs pci_quirk_xgene_acs pci_quirk_zhaoxin_pcie_ports_acs \
	pci_quirk_nxp_rp_acs pci_quirk_brcm_acs pci_quirk_mf_endpoint_acs pci_quirk_loongson_acs \
	pci_quirk_wangxun_nic_acs pci_quirk_qcom_rp_acs quirk_dma_func0_alias quirk_dma_func1_alias \
	quirk_fixed_dma_alias quirk_use_pcie_bridge_dma_alias quirk_mic_x200_dma_alias \
	quirk_bridge_cavm_thrx2_pcie_root pci_quirk_enable_intel_pch_acs; do
	"$IOTOPO" groups --list-quirks --kernel 7.2 | grep -q "	$hook" || { echo "FAIL no $hook row"; fail=1; }
done
if command -v python3 >/dev/null && command -v clang-format >/dev/null; then
	tmp=$(mktemp -d)
	python3 "$SRC/tests/tools/gen-quirk-table.py" "$K" >"$tmp/pci_quirk_table.c"
	cp "$SRC/.clang-format" "$tmp/" 2>/dev/null
	(cd "$tmp" && clang-format -i pci_quirk_table.c)
	cmp -s "$tmp/pci_quirk_table.c" "$SRC/src/kernel/pci_quirk_table.c" ||
		{ echo "FAIL src/kernel/pci_quirk_table.c is not what gen-quirk-table.py makes"; fail=1; }
	rm -rf "$tmp"
fi
exit $fail
