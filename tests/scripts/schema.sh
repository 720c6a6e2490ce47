#!/bin/sh
# schemas/topology.schema.json describes the format the C reader accepts:
# every example and every canonical `iotopo decode` output validates, and
# bad inputs the schema can express are rejected by it as by the reader.
# Needs Debian's python3-jsonschema and python3-yaml (the system python3).
set -u
IOTOPO=$1
SRC=$2
BUILD=$3
PY=/usr/bin/python3
if ! $PY -c 'import jsonschema, yaml' 2>/dev/null; then
	echo "skip: $PY lacks jsonschema or yaml (apt-get install python3-jsonschema python3-yaml)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
good=""
for f in "$SRC"/examples/*.yaml; do
	base=$(basename "$f" .yaml)
	if ! "$IOTOPO" check -q "$f"; then
		echo "FAIL: iotopo check rejects $f"
		fail=1
	fi
	"$IOTOPO" decode -o "$tmp/$base.decoded.yaml" "$f" || fail=1
	good="$good $f $tmp/$base.decoded.yaml"
done
good="$good $SRC/tests/cases/yaml-decode-every-key/input.yaml $SRC/tests/cases/yaml-decode-fidelity-keys/input.yaml"
# an IORT single mapping needs no input base or length (as decode writes a QEMU SMMU's MSI row)
cat >"$tmp/single.yaml" <<'YAML'
iotopo: 1
msi-controllers:
  - {name: its0, base: 0x8080000}
iommus:
  - name: smmu0
    model: smmuv3
    base: 0x9050000
    msi-map:
      - {msi: its0, msi-base: 0x10000, single: true}
YAML
"$IOTOPO" check -q "$tmp/single.yaml" || { echo "FAIL: iotopo check rejects single.yaml"; fail=1; }
good="$good $tmp/single.yaml"
# decode's YAML of real firmware (DTB, IORT, VIOT, sysfs trees) is valid too
n=0
for f in arm-g-smmuv3-dt/qemu-dumpdtb.dtb acpi/qemu-arm-h-smmuv3.IORT acpi/all-nodes-rev6.IORT \
	acpi/all-nodes.VIOT arm-g-smmuv3-dt/6.12.118+deb13-arm64/final \
	x86-viot-c-pcie-pci-bridge/6.12.118+deb13-amd64/final; do
	n=$((n + 1))
	if ! "$IOTOPO" decode -o "$tmp/fw$n.yaml" "$SRC/tests/fixtures/$f"; then
		echo "FAIL: iotopo decode $f"
		fail=1
		continue
	fi
	good="$good $tmp/fw$n.yaml"
done
# Bad inputs whose fault is visible to a schema (the rest are cross references,
# PCI bus placement and overlaps, which only the reader can check).
bad=""
# (wrong-type-bool is not here: YAML 1.1 loaders read "yes" as true; the C reader does not.)
for c in unknown-key-suggestion unknown-top-key wrong-type-not-list \
	wrong-type-not-mapping wrong-type-unquoted-version number-huge-hex number-huge-decimal \
	number-negative number-quoted number-out-of-range-u8 number-out-of-range-u16 number-float \
	unknown-model missing-version unsupported-version missing-model missing-name \
	key-wrong-model bdf-malformed pci-id-malformed acs-unknown-bit oem-id-too-long \
	children-of-endpoint string-too-long; do
	f="$SRC/tests/cases/yaml-bad-$c/input.yaml"
	if [ ! -f "$f" ]; then
		echo "FAIL: missing $f"
		fail=1
		continue
	fi
	bad="$bad $f"
done
$PY - "$SRC/schemas/topology.schema.json" "$good" "$bad" <<'PYEOF' || fail=1
import json, sys
import jsonschema, yaml

schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
rc = 0
for f in sys.argv[2].split():
    for e in v.iter_errors(yaml.safe_load(open(f))):
        print("FAIL: %s: %s: %s" % (f, "/".join(str(p) for p in e.absolute_path), e.message))
        rc = 1
for f in sys.argv[3].split():
    if not list(v.iter_errors(yaml.safe_load(open(f)))):
        print("FAIL: the schema accepts %s" % f)
        rc = 1
sys.exit(rc)
PYEOF
[ $fail = 0 ] && echo "schema: $(echo $good | wc -w) valid files, $(echo $bad | wc -w) bad ones rejected"
exit $fail
