#!/bin/sh
# 'iotopo lint --format sarif' validates against the SARIF 2.1.0 JSON schema
# (tests/schemas/sarif-schema-2.1.0.json), with findings and without, and meets the GitHub code
# scanning ingestion rules of microsoft/sarif-sdk's validator (the GH* rules, checked here one by
# one: GH1001 uri, GH1003 region.startLine, GH1004 array limits, GH1005/GH1006 relative or
# working-directory URIs, GH1007/GH1015 message text, locations and partialFingerprints, GH1018
# driver name and rules, GH2012 rule descriptions and help).  --format json parses.
set -u
IOTOPO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$2
PY=/usr/bin/python3
"$PY" -c 'import jsonschema' 2>/dev/null || { echo "python3-jsonschema not installed"; exit 77; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cd "$SRC/tests/cases/lint-rules" || exit 1
# YAML (lines), DTS (lines through dtc -T -T), DTB and IORT (byte offsets), a pair rule
"$IOTOPO" lint --format sarif sid-collision.bad.yaml map-hole.bad.yaml smmuv3-irqs.bad.dts \
	qemu72-arm-virt.dtb qemu72-arm-virt.IORT >"$OUT/bad.sarif"
[ $? = 1 ] || { echo "FAIL: expected exit 1 for findings at error severity"; exit 1; }
# an absolute path under the working directory is made relative; a missing input is a notification
"$IOTOPO" lint --format sarif "$PWD/smr-conflict.bad.yaml" no-such-file.yaml >"$OUT/abs.sarif"
[ $? = 2 ] || { echo "FAIL: expected exit 2 for a missing input"; exit 1; }
"$IOTOPO" lint --format sarif "$SRC/examples/qemu-virt-smmuv3.yaml" >"$OUT/clean.sarif" || exit 1
"$IOTOPO" lint --format json sid-collision.bad.yaml >"$OUT/bad.json"
# a DTB and an IORT of one machine: the pair rule's finding is on the DTB node
"$IOTOPO" lint --format sarif qemu72-arm-virt.dtb qemu72-arm-virt.IORT >"$OUT/pair.sarif"
"$PY" - "$SRC/tests/schemas/sarif-schema-2.1.0.json" "$OUT" <<'PYEOF' || exit 1
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
out = sys.argv[2]

def github_rules(log, name):
    assert len(log["runs"]) <= 5, "GH1004 runs"
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver.get("name") and "rules" in driver, "GH1018"
        assert len(driver["rules"]) <= 1000, "GH1004 rules"
        for r in driver["rules"]:
            for k in ("shortDescription", "fullDescription", "help"):
                assert r.get(k, {}).get("text", "").strip(), f"GH2012 {r['id']} {k}"
        ids = [r["id"] for r in driver["rules"]]
        wd = [i["workingDirectory"]["uri"] for i in run.get("invocations", [])
              if "workingDirectory" in i]
        bases = run.get("originalUriBaseIds", {})
        assert len(run["results"]) <= 1000, "GH1004 results"
        for res in run["results"]:
            assert res["message"]["text"].strip(), "GH1007/GH1015 message"
            assert res.get("partialFingerprints"), "GH1015 partialFingerprints"
            assert ids[res["ruleIndex"]] == res["ruleId"], res
            locs = res.get("locations")
            assert locs and len(locs) <= 10, "GH1015/GH1004 locations"
            for loc in locs:
                pl = loc["physicalLocation"]
                uri = pl["artifactLocation"]["uri"]
                assert uri, "GH1001"
                assert pl.get("region", {}).get("startLine", 0) >= 1, f"GH1003 {res}"
                if ":" in uri.split("/")[0]:  # absolute
                    assert uri.startswith("file://"), "GH1005"
                    assert any(uri.startswith(w) for w in wd), "GH1006"
                else:
                    assert not uri.startswith("/"), "GH1005 relative reference"
                    base = pl["artifactLocation"].get("uriBaseId")
                    assert base in bases, f"uriBaseId {base} undefined"
                idx = pl["artifactLocation"].get("index")
                if idx is not None:
                    assert run["artifacts"][idx]["location"]["uri"] == uri, res

for name in ("bad.sarif", "abs.sarif", "clean.sarif", "pair.sarif"):
    log = json.load(open(f"{out}/{name}"))
    jsonschema.validate(log, schema)
    github_rules(log, name)
bad = json.load(open(f"{out}/bad.sarif"))["runs"][0]["results"]
assert any(r["ruleId"] == "sid-collision" and r["level"] == "error" for r in bad), bad
assert any(r["ruleId"] == "map-hole" and r["level"] == "note" for r in bad), bad
assert any(r["ruleId"] == "dt-acpi-equivalence" for r in bad), bad
dts = [r for r in bad if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".dts")]
assert dts and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 1 for r in dts), dts
# binary inputs: a binary region (byteOffset, byteLength where known) on line 1 for GitHub
binary = [r for r in bad if "byteOffset" in r["locations"][0]["physicalLocation"]["region"]]
assert binary and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1 for r in binary)
for r in binary:
    reg = r["locations"][0]["physicalLocation"]["region"]
    assert f"at byte offset 0x{reg['byteOffset']:x})" in r["message"]["text"], r
    assert "byteOffset" not in r.get("properties", {}), "one home: the region"
# the IORT's map-overlap-by-one finding is about ID mapping row 0 of the root complex at 0xc4
iort = [r["locations"][0]["physicalLocation"]["region"] for r in binary
        if r["ruleId"] == "map-overlap-by-one" and
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "qemu72-arm-virt.IORT"]
assert iort == [{"startLine": 1, "byteOffset": 0xc4, "byteLength": 20}], iort
assert not any("byteOffset" in r["locations"][0]["physicalLocation"]["region"] for r in dts), dts
pair = json.load(open(f"{out}/pair.sarif"))["runs"][0]["results"]
dtb = [r["locations"][0]["physicalLocation"]["region"] for r in pair
       if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "qemu72-arm-virt.dtb"]
assert dtb == [{"startLine": 1, "byteOffset": 0x11dc}], dtb
assert any(r.get("locations")[0].get("logicalLocations") for r in bad), "objects named"
fps = [list(r["partialFingerprints"].values())[0] for r in bad]
assert len(set(fps)) == len(fps), "fingerprints tell findings apart"
a = json.load(open(f"{out}/abs.sarif"))["runs"][0]
assert a["invocations"][0]["executionSuccessful"] is False
assert any(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "no-such-file.yaml"
           for n in a["invocations"][0]["toolExecutionNotifications"])
assert a["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "smr-conflict.bad.yaml"
assert json.load(open(f"{out}/clean.sarif"))["runs"][0]["results"] == []
j = json.load(open(f"{out}/bad.json"))
sc = [f for f in j["findings"] if f["rule"] == "sid-collision"]
assert j["errors"] >= 1 and sc, j
assert sc[0]["object"] == "dma0", j
print("SARIF valid against the 2.1.0 schema and the GitHub (GH) ingestion rules; JSON parses")
PYEOF
