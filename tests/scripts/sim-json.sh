#!/bin/sh
# `iotopo groups --format json` validates against schemas/groups.schema.json
# for every example and fixture snapshot, and is consistent with itself: a
# device's group lists it, group ids are unique, a grouped device has a domain
# and the group's IOMMU, an isolated device is alone in its group.
# Needs Debian's python3-jsonschema (the system python3).
set -u
IOTOPO=$1
SRC=$2
PY=/usr/bin/python3
if ! $PY -c 'import jsonschema' 2>/dev/null; then
	echo "skip: $PY lacks jsonschema (apt-get install python3-jsonschema)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in "$SRC"/examples/*.yaml "$SRC"/tests/fixtures/*/*/boot; do
	for k in 6.1 6.12 7.2; do
		n=$((n + 1))
		"$IOTOPO" groups --kernel $k --format json -o "$tmp/$n.json" "$f" 2>/dev/null || {
			echo "FAIL: iotopo groups --kernel $k $f"
			exit 1
		}
	done
done
$PY - "$SRC/schemas/groups.schema.json" "$tmp"/*.json <<'PYEOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as e:
        print(f"FAIL {path}: {e.message}"); bad += 1; continue
    groups = {g["id"]: g for g in doc["groups"]}
    if len(groups) != len(doc["groups"]):
        print(f"FAIL {path}: duplicate group ids"); bad += 1
    for d in doc["devices"]:
        g = d["group"]
        if g is None:
            if d["domain"] is not None or d["verdict"] in ("translated", "passthrough"):
                print(f"FAIL {path}: {d['name']} has no group but {d['verdict']}"); bad += 1
            continue
        grp = groups.get(g)
        if grp is None or d["name"] not in grp["devices"]:
            print(f"FAIL {path}: {d['name']} not listed in its group {g}"); bad += 1
            continue
        if d["domain"] != grp["domain"] or d["iommu"] != grp["iommu"]:
            print(f"FAIL {path}: {d['name']} disagrees with group {g}"); bad += 1
        if d["isolated"] and len(grp["devices"]) != 1:
            print(f"FAIL {path}: {d['name']} isolated in a group of {len(grp['devices'])}"); bad += 1
    members = sum(len(g["devices"]) for g in doc["groups"])
    if members != sum(1 for d in doc["devices"] if d["group"] is not None):
        print(f"FAIL {path}: group membership counts differ"); bad += 1
print(f"{len(sys.argv) - 2} JSON outputs checked")
sys.exit(1 if bad else 0)
PYEOF
