#!/bin/sh
# schemas/topology.schema.json and the key lists of man/iotopo-topology.5 are
# generated from the YAML field tables (src/yaml/ytables.c): this fails when
# either differs from what the tables say.  After changing a table, regenerate
# both and review the diff:  IOTOPO_UPDATE=1 ctest -R script/yaml-doc
# Also: every property of the schema has a description, and a default unless it
# is required or its description gives the default in words.
set -u
SRC=$2
BUILD=$3
GEN=$BUILD/iotopo-yaml-doc
SCHEMA=$SRC/schemas/topology.schema.json
PAGE=$SRC/man/iotopo-topology.5
BEGIN='.\" The key lists below are generated'
END='.\" end of the generated key lists'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$GEN" schema >"$tmp/schema.json" || exit 1
"$GEN" man >"$tmp/keys.man" || exit 1
# the page with its generated part replaced by what the tables say now
# (the markers go through the environment: awk -v would eat their backslashes)
B=$BEGIN E=$END K=$tmp/keys.man awk '
	index($0, ENVIRON["B"]) == 1 {
		print; getline; print
		while ((getline l < ENVIRON["K"]) > 0) print l
		skip = 1; next
	}
	index($0, ENVIRON["E"]) == 1 { skip = 0 }
	!skip' "$PAGE" >"$tmp/page.5"
if ! grep -q "^$(printf '%s' "$BEGIN" | sed 's/[\\.]/\\&/g')" "$PAGE"; then
	echo "FAIL: $PAGE has no generated key list (line starting with $BEGIN)"
	exit 1
fi
if [ "${IOTOPO_UPDATE:-}" = 1 ]; then
	cp "$tmp/schema.json" "$SCHEMA"
	cp "$tmp/page.5" "$PAGE"
	echo "yaml-doc: regenerated $SCHEMA and $PAGE"
fi
if ! cmp -s "$tmp/schema.json" "$SCHEMA"; then
	echo "FAIL: $SCHEMA differs from the field tables:"
	diff -u "$SCHEMA" "$tmp/schema.json" | head -40
	fail=1
fi
if ! cmp -s "$tmp/page.5" "$PAGE"; then
	echo "FAIL: the key lists of $PAGE differ from the field tables:"
	diff -u "$PAGE" "$tmp/page.5" | head -40
	fail=1
fi
PY=/usr/bin/python3
if [ -x "$PY" ]; then
	$PY - "$SCHEMA" <<'PYEOF' || fail=1
import json, sys

schema = json.load(open(sys.argv[1]))
missing = []

def walk(node, path):
    if isinstance(node, dict):
        req = set(node.get("required", []))
        for k, v in node.get("properties", {}).items():
            if isinstance(v, dict):
                d = v.get("description", "")
                if not d:
                    missing.append("%s.%s: no description" % (path, k))
                elif "default" not in v and k not in req and "Default" not in d \
                        and "required" not in d.lower():
                    missing.append("%s.%s: no default" % (path, k))
        for k, v in node.items():
            # constraints (per-model rules) repeat properties without documenting them
            if k in ("allOf", "anyOf", "oneOf", "if", "then", "else", "not"):
                continue
            walk(v, path + "." + k if k not in ("properties",) else path)
    elif isinstance(node, list):
        for v in node:
            walk(v, path)

walk(schema, "")
for m in missing:
    print("FAIL:", m)
sys.exit(1 if missing else 0)
PYEOF
fi
[ $fail = 0 ] && echo "yaml-doc: schema and man page match the field tables"
exit $fail
