#!/bin/sh
# Firmware strings are bytes.  An IORT whose OEM fields hold bytes that are not UTF-8 (and
# quotes, backslashes, control characters) and a DTB whose model, compatible strings and node
# labels do: every JSON and YAML iotopo writes from them parses (python's json and yaml), the
# YAML reads back into iotopo, and the IORT's OEM fields survive decode -> YAML -> compile
# byte for byte.
set -u
iotopo=$1
src=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
# the QEMU IORT of tests/fixtures, OEM ID "\xe9T" + UTF-8 e-acute + "\xff\"", table ID with
# \x01, a backslash and a newline; checksum fixed
python3 - "$src/tests/fixtures/acpi/qemu-arm-h-smmuv3.IORT" "$t/u8.IORT" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[10:16] = b'\xe9T\xc3\xa9\xff"'
d[16:24] = b'\x01BX\\PC\n '
d[9] = (d[9] - sum(d)) & 0xff
open(sys.argv[2], "wb").write(d)
PY
# a DTB with such strings (dtc takes \xNN escapes in strings)
"$iotopo" compile "$src/examples/qemu-virt-smmuv3.yaml" --dts "$t/in.dts" 2>/dev/null ||
	bad "compile --dts"
sed -e 's/model = "qemu-virt";/model = "caf\\xe9 \\xff\\x01\\"q\\\\";/' \
	-e 's/compatible = "arm,smmu-v3";/compatible = "arm,smmu-v3", "v\\xc3\\xa9nd\\xfe,x";/' \
	"$t/in.dts" >"$t/u8.dts"
dtc -q -I dts -O dtb -o "$t/u8.dtb" "$t/u8.dts" 2>"$t/err" || bad "dtc: $(cat "$t/err")"
parse() { # parse json|yaml FILE
	python3 -c "
import json, sys, yaml
with open(sys.argv[2], 'rb') as f:
    data = f.read().decode('utf-8')
(json.loads if sys.argv[1] == 'json' else yaml.safe_load)(data)" "$1" "$2" 2>"$t/perr" ||
		bad "$2 ($1) does not parse: $(tail -1 "$t/perr")"
}
for in in "$t/u8.IORT" "$t/u8.dtb"; do
	name=$(basename "$in")
	"$iotopo" decode "$in" >"$t/$name.yaml" 2>"$t/err" || bad "decode $name: $(cat "$t/err")"
	parse yaml "$t/$name.yaml"
	"$iotopo" decode "$t/$name.yaml" >"$t/$name.2.yaml" 2>"$t/err" ||
		bad "decode of the YAML decode wrote for $name: $(cat "$t/err")"
	# a byte that is not UTF-8 reads back as the character \xNN names (U+00NN); from then
	# on the text is stable (ACPI IDs are bytes: they read back exactly, below)
	"$iotopo" decode "$t/$name.2.yaml" >"$t/$name.3.yaml" 2>/dev/null
	cmp -s "$t/$name.2.yaml" "$t/$name.3.yaml" || bad "$name: YAML -> YAML is not stable"
	case $name in *.IORT) cmp -s "$t/$name.yaml" "$t/$name.2.yaml" ||
		bad "$name: the YAML of an IORT does not read back as itself" ;;
	esac
	"$iotopo" lint -f json "$in" >"$t/$name.lint.json" 2>/dev/null
	parse json "$t/$name.lint.json"
	"$iotopo" lint -f sarif "$in" >"$t/$name.sarif" 2>/dev/null
	parse json "$t/$name.sarif"
	"$iotopo" groups -f json "$t/$name.yaml" >"$t/$name.groups.json" 2>/dev/null
	parse json "$t/$name.groups.json"
done
grep -q 'oem-id: "\\xe9T\\xc3\\xa9\\xff\\""' "$t/u8.IORT.yaml" || bad "oem-id as decode wrote it: $(grep oem-id "$t/u8.IORT.yaml")"
"$iotopo" compile "$t/u8.IORT.yaml" --iort "$t/back.IORT" 2>"$t/err" || bad "compile: $(cat "$t/err")"
cmp -s "$t/u8.IORT" "$t/back.IORT" || bad "IORT -> YAML -> IORT changed the bytes: $(cmp "$t/u8.IORT" "$t/back.IORT")"
[ $fail = 0 ] && echo "JSON, SARIF and YAML from non-UTF-8 firmware strings parse and read back"
exit $fail
