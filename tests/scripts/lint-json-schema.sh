#!/bin/sh
# `iotopo lint --format json` validates against schemas/lint.schema.json, and the schema
# documents every field the writer emits: real lint output over YAML (line/column), DTS, DTB,
# IORT (offset/length), DMAR with its MADT, IVRS, a suppression note (file and rule null) and a
# missing input must validate, each key must be one the schema lists, and every field the
# schema lists for a finding must turn up in this output (so the inputs exercise them all).
# `lint --list-rules --format json` validates against schemas/rules.schema.json and lists the
# rules --list-rules prints; every schema in schemas/ has its $id on one host.
# Needs Debian's python3-jsonschema.
set -u
IOTOPO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$2
PY=/usr/bin/python3
"$PY" -c 'import jsonschema' 2>/dev/null || { echo "python3-jsonschema not installed"; exit 77; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cd "$SRC/tests/cases/lint-rules" || exit 1
X86="$SRC/tests/fixtures/acpi/real-x86"
T=Desktop__ASUSTek_Computer__PRIME__PRIME_Z270-A__E3F807F0D97B.bin
n=0
run() {
	n=$((n + 1))
	"$IOTOPO" lint --format json "$@" >"$OUT/$n.json" 2>"$OUT/$n.err"
	rc=$?
	[ $rc -le 2 ] || { echo "FAIL: lint $* exited $rc"; exit 1; }
}
run sid-collision.bad.yaml map-hole.bad.yaml smmuv3-irqs.bad.dts
run qemu72-arm-virt.dtb qemu72-arm-virt.IORT
run "$SRC/tests/cases/lint-iort-smmu-model-goes-on/IORT.bin"
run "$X86/DMAR/$T" "$X86/APIC/$T"
run "$SRC/tests/cases/lint-x86-ivrs-no-ivhd-goes-on/input"
run smr-conflict.bad.yaml --suppress "smr-conflict@b" --suppress "sid-collision@nothing"
run no-such-file.yaml
"$PY" - "$SRC/schemas/lint.schema.json" "$OUT" "$n" <<'PYEOF' || exit 1
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
out, n = sys.argv[2], int(sys.argv[3])
jsonschema.Draft202012Validator.check_schema(schema)
top = set(schema["properties"])
fdef = schema["$defs"]["finding"]
fields = set(fdef["properties"])
seen, nulls, bad = set(), set(), 0
for i in range(1, n + 1):
    doc = json.load(open(f"{out}/{i}.json"))
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as e:
        print(f"FAIL output {i}: {e.message} at {list(e.absolute_path)}"); bad += 1
    extra = set(doc) - top
    if extra:
        print(f"FAIL output {i}: top-level fields not in the schema: {sorted(extra)}"); bad += 1
    for f in doc["findings"]:
        extra = set(f) - fields
        if extra:
            print(f"FAIL output {i}: finding fields not in the schema: {sorted(extra)}"); bad += 1
        seen |= set(f)
        nulls |= {k for k, v in f.items() if v is None}
    counts = {s: sum(f["severity"] == s for f in doc["findings"]) for s in ("error", "warning", "note")}
    if (counts["error"], counts["warning"], counts["note"]) != (doc["errors"], doc["warnings"], doc["notes"]):
        print(f"FAIL output {i}: counts {counts} disagree"); bad += 1
missing = fields - seen
if missing:
    print(f"FAIL: no output here has the finding fields {sorted(missing)}: add an input"); bad += 1
for k in ("file", "rule", "object"):
    if k not in nulls:
        print(f"FAIL: no finding here has {k}: null"); bad += 1
# a finding of a binary input with a known length is the node it names
iort = json.load(open(f"{out}/3.json"))["findings"]
sm = [f for f in iort if f["rule"] == "iort-smmu-model"]
if not sm or sm[0]["offset"] != 0x6c:
    print(f"FAIL: iort-smmu-model finding {sm}"); bad += 1
if not any(f.get("length") for f in iort):
    print("FAIL: no IORT finding carries a length"); bad += 1
sys.exit(1 if bad else 0)
PYEOF
# --list-rules --format json: valid against schemas/rules.schema.json, every key documented,
# the same rules in the same order and with the same severity as the text listing
"$IOTOPO" lint --list-rules --format json >"$OUT/rules.json" || { echo "FAIL: --list-rules --format json"; exit 1; }
"$IOTOPO" lint --list-rules >"$OUT/rules.txt" || exit 1
"$PY" - "$SRC/schemas" "$OUT/rules.json" "$OUT/rules.txt" <<'PYEOF' || exit 1
import glob, json, sys
from urllib.parse import urlparse
import jsonschema
schemas, doc = sys.argv[1], json.load(open(sys.argv[2]))
schema = json.load(open(schemas + "/rules.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
bad = 0
try:
    jsonschema.validate(doc, schema)
except jsonschema.ValidationError as e:
    print(f"FAIL rules JSON: {e.message} at {list(e.absolute_path)}"); bad += 1
if set(doc) - set(schema["properties"]):
    print(f"FAIL rules JSON: top-level fields not in the schema: {sorted(set(doc) - set(schema['properties']))}"); bad += 1
fields = set(schema["$defs"]["rule"]["properties"])
for r in doc["rules"]:
    if set(r) - fields:
        print(f"FAIL rule {r.get('name')}: fields not in the schema: {sorted(set(r) - fields)}"); bad += 1
sev = {"error": "error", "warning": "warning", "info": "note"}
text = [l.split()[:3] for l in open(sys.argv[3]) if l.strip()]
got = [[r["name"], r["severity"], r["where"]] for r in doc["rules"]]
want = [[t[0], sev.get(t[1], t[1]), t[2]] for t in text]
if got != want:
    diff = [(g, w) for g, w in zip(got, want) if g != w][:3]
    print(f"FAIL: JSON and text rule lists differ ({len(got)} vs {len(want)} rules): {diff}"); bad += 1
if not any(r["needs"] for r in doc["rules"]):
    print("FAIL: no rule lists what it needs"); bad += 1
# every schema iotopo ships names itself on one host
hosts = {}
for f in sorted(glob.glob(schemas + "/*.schema.json")):
    hosts[f.split("/")[-1]] = urlparse(json.load(open(f))["$id"]).netloc
if len(set(hosts.values())) != 1:
    print(f"FAIL: the schemas' $id hosts differ: {hosts}"); bad += 1
sys.exit(1 if bad else 0)
PYEOF
echo "lint JSON: $n outputs valid against schemas/lint.schema.json, every field documented;"
echo "--list-rules JSON valid against schemas/rules.schema.json; one \$id host"
