#!/bin/sh
# iotopo agrees with itself.  For every example and every YAML topology under tests/ that
# `check` accepts:
#   * `compile -o DIR` succeeds (check runs every validation compile runs), unless no output
#     applies (x86 topologies: no DMAR/IVRS writer);
#   * if the topology lints with no warning, so does every DTB, IORT and VIOT compile writes
#     from it, alone and as a DT + ACPI pair (dt-acpi-equivalence).
# The DTS is the DTB's source (linting it runs dtc on the same tree), so the DTB stands for it.
set -u
iotopo=$1
src=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
n=0
clean=0
warned() { # the warning and error findings of `iotopo lint ARGS...`, one a line
	"$iotopo" lint "$@" 2>/dev/null | grep -E ': (warning|error): '
}
for f in $(cd "$src" && find examples tests -name '*.yaml' -type f | sort); do
	"$iotopo" check -q "$src/$f" >/dev/null 2>&1 || continue
	n=$((n + 1))
	rm -rf "$t/o"
	if ! "$iotopo" compile "$src/$f" -o "$t/o" >/dev/null 2>"$t/err"; then
		grep -q "nothing to write" "$t/err" && continue
		echo "FAIL $f: check accepts it, compile -o refuses: $(grep error "$t/err" | head -2)"
		fail=1
		continue
	fi
	[ -n "$(warned "$src/$f")" ] && continue
	clean=$((clean + 1))
	set --
	for o in "$t"/o/*.dtb "$t"/o/*-iort.aml "$t"/o/*-viot.aml; do
		[ -f "$o" ] || continue
		set -- "$@" "$o"
		out=$(warned "$o")
		if [ -n "$out" ]; then
			echo "FAIL $f lints clean, its $(basename "$o") does not:"
			printf '%s\n' "$out" | head -3
			fail=1
		fi
	done
	if [ $# -gt 1 ]; then
		out=$(warned "$@")
		if [ -n "$out" ]; then
			echo "FAIL $f lints clean, its DTB and ACPI tables together do not:"
			printf '%s\n' "$out" | head -3
			fail=1
		fi
	fi
done
[ $n -ge 50 ] && [ $clean -ge 20 ] || { echo "FAIL: only $n topologies checked, $clean clean"; fail=1; }
[ $fail = 0 ] && echo "$n topologies compile; the $clean that lint clean compile to files that lint clean"
exit $fail
