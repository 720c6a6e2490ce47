#!/bin/sh
# ctest-labels: network editor
# The schema serves editors: yaml-language-server (the language server behind
# VS Code's and other editors' YAML support, an npm package) validates every
# example through its "# yaml-language-server: $schema=..." line, reports a
# mistake in one, and completes an IOMMU's keys with their descriptions.
# The server is installed with npm into the build tree (pinned version,
# reused by later runs); without node/npm or the registry the test is skipped.
set -u
SRC=$(cd "$2" && pwd)
BUILD=$(cd "$3" && pwd)
VERSION=1.19.2
DIR=$BUILD/tools/yaml-language-server
SERVER=$DIR/node_modules/yaml-language-server/bin/yaml-language-server
command -v node >/dev/null && command -v npm >/dev/null || {
	echo "skip: node and npm are needed (apt-get install nodejs npm)"
	exit 77
}
if [ ! -f "$SERVER" ] || ! grep -q "\"version\": \"$VERSION\"" \
	"$DIR/node_modules/yaml-language-server/package.json" 2>/dev/null; then
	mkdir -p "$DIR"
	# offline, npm retries for minutes by default: one try per request, 20 s each, and
	# the whole install bounded, so a machine with no network skips in seconds
	if ! timeout 120 npm install --no-audit --no-fund --silent --fetch-retries=0 \
		--fetch-timeout=20000 --prefix "$DIR" "yaml-language-server@$VERSION" \
		>"$DIR/npm.log" 2>&1; then
		echo "skip: npm cannot install yaml-language-server@$VERSION (offline?):"
		tail -3 "$DIR/npm.log"
		exit 77
	fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SCHEMA=$SRC/schemas/topology.schema.json
# a mistake the schema sees (an unknown key), and a place to complete an IOMMU's keys
cat >"$tmp/bad.yaml" <<YAML
# yaml-language-server: \$schema=$SCHEMA
iotopo: 1
iommus:
  - {name: smmu0, model: smmuv3, base: 0x9050000, iommu-cells: 2, colour: red}
YAML
# the examples' own line ("../schemas/..."), which must find the schema from beside them
mkdir "$tmp/examples"
ln -s "$SRC/schemas" "$tmp/schemas"
head -1 "$SRC/examples/qemu-virt-smmuv3.yaml" >"$tmp/examples/relative.yaml"
printf 'iotopo: 1\nmachine: {name: x, colour: red}\n' >>"$tmp/examples/relative.yaml"
printf '# yaml-language-server: $schema=%s\niotopo: 1\niommus:\n  - name: smmu0\n    model: smmuv3\n    ' \
	"$SCHEMA" >"$tmp/complete.yaml"
/usr/bin/python3 - "$SRC" "$tmp" >"$tmp/req.json" <<'PYEOF'
import glob, json, os, sys
src, tmp = sys.argv[1], sys.argv[2]
reqs = [{"file": f, "text": open(f).read()} for f in sorted(glob.glob(src + "/examples/*.yaml"))]
reqs.append({"file": tmp + "/bad.yaml", "text": open(tmp + "/bad.yaml").read()})
reqs.append({"file": tmp + "/examples/relative.yaml",
             "text": open(tmp + "/examples/relative.yaml").read()})
text = open(tmp + "/complete.yaml").read()
reqs.append({"file": tmp + "/complete.yaml", "text": text,
             "complete": {"line": text.count("\n"), "character": 4}})
print(json.dumps(reqs))
PYEOF
if ! timeout 300 node "$SRC/tests/tools/yamlls-client.js" "$SERVER" "$tmp/req.json" >"$tmp/out"; then
	echo "FAIL: the yaml-language-server session failed"
	exit 1
fi
/usr/bin/python3 - "$tmp/out" <<'PYEOF'
import json, sys
fail = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    name = r["file"].rsplit("/", 1)[-1]
    if name == "bad.yaml":
        want = ["colour", "iommu-cells"]
        for w in want:
            if not any(w in m for m in r["diagnostics"]):
                print("FAIL: bad.yaml: no diagnostic names '%s': %s" % (w, r["diagnostics"]))
                fail = 1
    elif name == "relative.yaml":
        if not any("colour" in m for m in r["diagnostics"]):
            print("FAIL: the examples' schema line does not find the schema: %s" % r["diagnostics"])
            fail = 1
    elif name == "complete.yaml":
        c = set(r.get("completions", []))
        for k in ("base", "coherent", "interrupts", "dt"):
            if k not in c:
                print("FAIL: completion after 'model: smmuv3' lacks '%s': %s" % (k, sorted(c)))
                fail = 1
        if "base" not in r.get("documented", []):
            print("FAIL: the completion of 'base' has no documentation")
            fail = 1
    elif r["diagnostics"]:
        print("FAIL: %s: %s" % (name, r["diagnostics"]))
        fail = 1
    print("%s: %d diagnostics%s" % (name, len(r["diagnostics"]),
          ", %d completions" % len(r["completions"]) if "completions" in r else ""))
sys.exit(fail)
PYEOF
