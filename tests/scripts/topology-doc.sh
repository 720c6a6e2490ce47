#!/bin/sh
# Every key of the format (as the JSON Schema lists them) is documented in
# iotopo-topology(5), and every key the man page documents is in the schema;
# the page's EXAMPLES topology passes `iotopo check`.
set -u
IOTOPO=$1
SRC=$2
PY=/usr/bin/python3
if ! $PY -c 'import json' 2>/dev/null; then
	echo "skip: no $PY"
	exit 77
fi
$PY - "$SRC/schemas/topology.schema.json" "$SRC/man/iotopo-topology.5" <<'PYEOF'
import json, re, sys

schema = json.load(open(sys.argv[1]))
page = open(sys.argv[2]).read()
keys = set()

def walk(node):
    if isinstance(node, dict):
        for k, v in node.get("properties", {}).items():
            keys.add(k)
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)

walk(schema)
documented = set()
for line in page.splitlines():
    if line.startswith(".It ") or line.startswith(".Ic "):
        documented.update(re.findall(r"\bIc ([a-z0-9-]+)", line))
        if line.startswith(".Ic "):
            documented.add(line.split()[1])
missing = sorted(keys - documented)
extra = sorted(documented - keys)
if missing:
    print("keys in the schema but not in iotopo-topology(5):", " ".join(missing))
if extra:
    print("keys in iotopo-topology(5) but not in the schema:", " ".join(extra))
print("topology-doc: %d keys" % len(keys))
sys.exit(1 if missing or extra else 0)
PYEOF
rc=$?
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk '/^\.Sh EXAMPLES/ { f = 1 } f && /^\.Bd -literal/ { p = 1; next } p && /^\.Ed/ { exit } p' \
	"$SRC/man/iotopo-topology.5" >"$tmp"
if ! [ -s "$tmp" ] || ! "$IOTOPO" check -q "$tmp"; then
	echo "the EXAMPLES topology of iotopo-topology(5) does not pass iotopo check"
	rc=1
fi
exit $rc
