#!/bin/sh
# 'iotopo lint --format sarif' validates against the SARIF 2.1.0 JSON schema
# (tests/schemas/sarif-schema-2.1.0.json), with findings and without; --format json parses.
set -u
IOTOPO=$1
SRC=$2
PY=/usr/bin/python3
"$PY" -c 'import jsonschema' 2>/dev/null || { echo "python3-jsonschema not installed"; exit 77; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
D=$SRC/tests/cases/lint-rules
"$IOTOPO" lint --format sarif "$D/sid-collision.bad.yaml" "$D/map-hole.bad.yaml" \
	"$D/qemu72-arm-virt.dtb" "$D/qemu72-arm-virt.IORT" >"$OUT/bad.sarif"
[ $? = 1 ] || { echo "FAIL: expected exit 1 for findings at error severity"; exit 1; }
"$IOTOPO" lint --format sarif "$SRC/examples/qemu-virt-smmuv3.yaml" >"$OUT/clean.sarif" || exit 1
"$IOTOPO" lint --format json "$D/sid-collision.bad.yaml" >"$OUT/bad.json"
"$PY" - "$SRC/tests/schemas/sarif-schema-2.1.0.json" "$OUT" <<'PYEOF' || exit 1
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
out = sys.argv[2]
for name in ("bad.sarif", "clean.sarif"):
    log = json.load(open(f"{out}/{name}"))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        if "ruleId" in res:
            assert ids[res["ruleIndex"]] == res["ruleId"], res
bad = json.load(open(f"{out}/bad.sarif"))["runs"][0]["results"]
assert any(r.get("ruleId") == "sid-collision" and r["level"] == "error" for r in bad), bad
assert any(r.get("ruleId") == "map-hole" and r["level"] == "note" for r in bad), bad
regions = [r["locations"][0]["physicalLocation"]["region"] for r in bad]
assert any("startLine" in g for g in regions) and any("byteOffset" in g for g in regions), bad
assert any(r.get("ruleId") == "dt-acpi-equivalence" for r in bad), bad
assert json.load(open(f"{out}/clean.sarif"))["runs"][0]["results"] == []
j = json.load(open(f"{out}/bad.json"))
assert j["errors"] >= 1 and j["findings"][0]["rule"] == "sid-collision", j
print("SARIF valid against the 2.1.0 schema; JSON parses")
PYEOF
