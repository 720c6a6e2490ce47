#!/bin/sh
# The x86 parts of the format: decode output of every readable DMAR/IVRS and the hand-written
# x86 YAML fixtures validate against schemas/topology.schema.json, and x86 keys on the wrong
# model are rejected by the schema as by the reader.
# Needs Debian's python3-jsonschema and python3-yaml (the system python3).
set -u
IOTOPO=$1
SRC=$2
PY=/usr/bin/python3
if ! $PY -c 'import jsonschema, yaml' 2>/dev/null; then
	echo "skip: $PY lacks jsonschema or yaml (apt-get install python3-jsonschema python3-yaml)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
good=""
n=0
for f in "$SRC"/tests/fixtures/x86/*.DMAR "$SRC"/tests/fixtures/x86/ivrs-* \
	"$SRC"/tests/fixtures/x86/dmar-* "$SRC"/tests/cases/x86-bad-*/input; do
	n=$((n + 1))
	"$IOTOPO" decode -o "$tmp/$n.yaml" "$f" 2>/dev/null && good="$good $tmp/$n.yaml"
done
good="$good $SRC/tests/fixtures/x86/q35-intel-a.yaml $SRC/tests/fixtures/x86/q35-intel-c.yaml"
good="$good $SRC/tests/cases/x86-yaml-groups/input.yaml"
for f in "$SRC"/tests/cases/lint-rules/dmar-*.yaml "$SRC"/tests/cases/lint-rules/ivrs-*.yaml; do
	good="$good $f"
done
cat >"$tmp/bad-scopes-on-amd.yaml" <<'YAML'
iotopo: 1
iommus:
  - {name: ivhd0, model: amd-vi, base: 0xfeb80000, scopes: [{type: endpoint, path: "00:02.0"}]}
YAML
cat >"$tmp/bad-devices-on-smmu.yaml" <<'YAML'
iotopo: 1
iommus:
  - {name: smmu0, model: smmuv3, base: 0x9050000, devices: [{type: all}]}
YAML
cat >"$tmp/bad-path.yaml" <<'YAML'
iotopo: 1
iommus:
  - {name: dmar0, model: intel-vtd, base: 0xfed90000, scopes: [{type: endpoint, path: "0:2.0"}]}
YAML
bad="$tmp/bad-scopes-on-amd.yaml $tmp/bad-devices-on-smmu.yaml $tmp/bad-path.yaml"
fail=0
for f in $bad; do
	if "$IOTOPO" check -q "$f" 2>/dev/null; then
		echo "FAIL: the reader accepts $f"
		fail=1
	fi
done
$PY - "$SRC/schemas/topology.schema.json" "$good" "$bad" <<'PYEOF' || fail=1
import json, sys
import jsonschema, yaml

v = jsonschema.Draft7Validator(json.load(open(sys.argv[1])))
rc = 0
good = sys.argv[2].split()
for f in good:
    for e in v.iter_errors(yaml.safe_load(open(f))):
        print("FAIL: %s: %s: %s" % (f, "/".join(str(p) for p in e.absolute_path), e.message))
        rc = 1
for f in sys.argv[3].split():
    if not list(v.iter_errors(yaml.safe_load(open(f)))):
        print("FAIL: the schema accepts %s" % f)
        rc = 1
print("%d x86 topologies validate" % len(good))
sys.exit(rc)
PYEOF
exit $fail
