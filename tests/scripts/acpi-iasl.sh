#!/bin/sh
# Cross-check the IORT/VIOT writers against ACPICA's iasl, both dialects:
#   * the installed iasl (Debian 12's is 20200925), or
#   * with IOTOPO_IASL=trixie (acpi-iasl-trixie.sh, which needs the network), Debian 13's
#     iasl 20250404, fetched (not installed) by tests/tools/get-trixie.sh into the build
#     tree and run through its own dynamic loader.
# For every reference table and every IORT revision: `iotopo compile` writes the
# binary and the iasl source; `iasl -z` must rebuild the binary byte for byte, or
# iotopo must have refused with a "cannot express" error naming the reason.
# `iasl -d` of the binary must report nothing wrong and, where that iasl handles
# the revision, recompile to the same bytes.  ACPICA's acpidump text of the tables
# must decode like the tables themselves.
# Usage: acpi-iasl.sh IOTOPO SRC-DIR BUILD-DIR
set -u
IOTOPO=$1
SRC=$2
BUILD=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail=0
checks=0

old_iasl=
new_iasl=
new_dir=
. "$SRC/tests/tools/iasl-pick.sh"
if [ "${IOTOPO_IASL:-system}" = trixie ]; then
	# acpi-iasl-trixie.sh (CTest label "network"): skipped (77) when the archive is unreachable
	iasl_trixie
	new_iasl=$IASL new_dir=$IASL_DIR
elif iasl_system; then
	# the installed iasl: its dialect from its version (20250404 made the current one)
	if [ -n "$IASL_VERSION" ] && [ "$IASL_VERSION" -ge 20250404 ]; then
		new_iasl=$IASL
		new_dir=$(dirname "$(dirname "$new_iasl")")
	else
		old_iasl=$IASL
	fi
fi
if [ -z "$old_iasl" ] && [ -z "$new_iasl" ]; then
	echo "skip: no iasl"
	exit 77
fi

# all-nodes-rev3.IORT keeps RMR nodes in a revision-3 table: Linux ignores them, an error
# (iort-rmr-revision) that loses nothing, so the conversion exits 1 and is still checked.
only_rmr_revision() {
	! grep ': error: ' "$1" | grep -qv '\[iort-rmr-revision\]$'
}
bad() {
	echo "FAIL: $*"
	fail=1
}

# iasl_run DIALECT ARGS...: run the iasl of that dialect in $W
iasl_run() {
	dl=$1
	shift
	if [ "$dl" = current ]; then
		# shellcheck disable=SC2086
		(cd "$W" && $new_iasl "$@")
	else
		(cd "$W" && "$old_iasl" "$@")
	fi
}

seen_yaml=" "
for f in "$SRC"/tests/fixtures/acpi/*.IORT "$SRC"/tests/fixtures/acpi/*.VIOT \
	"$SRC"/examples/*.yaml "$SRC"/examples/*.yaml; do
	name=$(basename "$f")
	case $name in
	*.VIOT) kind=viot revs=x ;;
	*.yaml) # each example twice: once for its IORT, once for its VIOT
		case "$seen_yaml" in
		*" $name "*) kind=viot revs=x ;;
		*) kind=iort revs="0 3 5 6" seen_yaml="$seen_yaml $name " ;;
		esac ;;
	*) kind=iort revs="0 3 5 6" ;;
	esac
	for rev in $revs; do
		for dl in current 20200925; do
			[ $dl = current ] && [ -z "$new_iasl" ] && continue
			[ $dl = 20200925 ] && [ -z "$old_iasl" ] && continue
			tag="$name rev $rev $dl"
			rm -f "$W"/t.* "$W"/c.*
			set -- compile "$f" --$kind "$W/t.aml" --$kind-asl "$W/t.asl" --asl-dialect $dl
			[ $kind = iort ] && set -- "$@" --iort-rev $rev
			if ! "$IOTOPO" "$@" 2>"$W/err" && ! { [ -s "$W/t.aml" ] && only_rmr_revision "$W/err"; }; then
				if grep -q "cannot express\|needs IORT revision\|has nothing\|needs an acpi-path" "$W/err"; then
					checks=$((checks + 1))
					continue
				fi
				bad "$tag: iotopo compile: $(cat "$W/err")"
				continue
			fi
			if ! iasl_run $dl -z -p c t.asl >"$W/log" 2>&1 ||
				! grep -q "Compilation successful. 0 Errors" "$W/log"; then
				bad "$tag: iasl rejected our source: $(grep -i error "$W/log" | head -3)"
				continue
			fi
			checks=$((checks + 1))
			if ! cmp -s "$W/t.aml" "$W/c.aml"; then
				# ACPICA 20250404 keeps only 3 characters of a named component's name;
				# iotopo warns about exactly that. Anything else is a real mismatch.
				if grep -q "miscompiles named-component" "$W/err" &&
					[ "$(stat -c %s "$W/t.aml")" = "$(stat -c %s "$W/c.aml")" ]; then
					:
				else
					bad "$tag: iasl -z output differs from ours: $(cmp "$W/t.aml" "$W/c.aml")"
				fi
			fi
			# Disassembly: no complaint; recompiles byte-identically where supported.
			cp "$W/t.aml" "$W/d.aml"
			iasl_run $dl -d d.aml >"$W/dlog" 2>&1
			if [ $kind = viot ] && [ $dl = 20200925 ]; then
				continue # 20200925 does not know VIOT: raw dump only
			fi
			if grep -E -q "Invalid|Unknown|Unsupported|\*\*\*\*" "$W/d.dsl" "$W/dlog"; then
				bad "$tag: iasl -d complained: $(grep -E "Invalid|Unknown|Unsupported|\*\*\*\*" "$W/d.dsl" "$W/dlog" | head -2)"
				continue
			fi
			checks=$((checks + 1))
			# current iasl dumps NC padding from the wrong address (from ACPICA
			# 20210331 AcpiDmDumpIort passes the table base where ACPI_DMT_RAW_BUFFER
			# now dumps from its target, so padding shows the table's first bytes)
			# and garbles NC names: its disassembly round trip is exact only without
			# named components.
			if [ $dl = current ] && grep -q "Device Name" "$W/d.dsl"; then
				continue
			fi
			iasl_run $dl -z -p e d.dsl >/dev/null 2>&1
			if ! cmp -s "$W/t.aml" "$W/e.aml"; then
				bad "$tag: iasl -d then iasl -z is not byte-identical"
			fi
		done
	done
done
# acpidump text as ACPICA's own acpidump writes it (several tables in one file)
# must decode to the same model as the raw tables.
acpidump=
if [ "${IOTOPO_IASL:-system}" = trixie ] && [ -x "$new_dir/usr/bin/acpidump" ]; then
	acpidump="$new_dir/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 --library-path $new_dir/usr/lib/x86_64-linux-gnu $new_dir/usr/bin/acpidump"
elif [ "${IOTOPO_IASL:-system}" != trixie ] && command -v acpidump >/dev/null; then
	acpidump=$(command -v acpidump)
fi
if [ -n "$acpidump" ]; then
	for f in "$SRC"/tests/fixtures/acpi/*.IORT; do
		v="$SRC/tests/fixtures/acpi/all-nodes.VIOT"
		# shellcheck disable=SC2086
		{ $acpidump -f "$f"; $acpidump -f "$v"; } >"$W/dump.txt" 2>/dev/null
		"$IOTOPO" decode "$f" "$v" >"$W/raw.yaml" 2>/dev/null
		"$IOTOPO" decode "$W/dump.txt" >"$W/dump.yaml" 2>"$W/err"
		rc=$?
		if { [ $rc != 0 ] && ! only_rmr_revision "$W/err"; } ||
			! cmp -s "$W/raw.yaml" "$W/dump.yaml"; then
			bad "$(basename "$f"): acpidump text decodes differently: $(head -2 "$W/err")"
		fi
		checks=$((checks + 1))
	done
fi
echo "$checks checks"
[ $checks -gt 10 ] || bad "too few checks ran ($checks)"
exit $fail
