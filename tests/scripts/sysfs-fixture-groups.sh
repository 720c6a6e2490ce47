#!/bin/sh
# Every real-kernel fixture view (case x kernel x boot/final), read as a sysfs tree through the
# firmware readers (DT, IORT, VIOT, DMAR) and the PCI reader, predicts the partition into IOMMU
# groups, each group's default domain type (iommu_groups/N/type), and the set of PCI functions
# with no group, that the kernel formed.  The kernel's groups are listed straight from
# sys/kernel/iommu_groups here, independently of iotopo.
# Views whose DMAR this build cannot read (no x86 reader yet) are counted as skipped.
# Args: iotopo-binary src-dir build-dir.  Needs /usr/bin/python3 (skipped, 77, without it).
set -u
iotopo=$1
src=$2
py=/usr/bin/python3
[ -x "$py" ] || { echo "no $py: skipped"; exit 77; }
exec "$py" - "$iotopo" "$src/tests/fixtures" <<'PYEOF'
import json, os, subprocess, sys

iotopo, fixtures = sys.argv[1], sys.argv[2]
views = bad = skipped = types = 0


def can_read(table):
    """Whether this build has a reader for an ACPI table (DMAR comes with the x86 reader)."""
    return subprocess.run([iotopo, "decode", table], capture_output=True).returncode == 0

for case in sorted(os.listdir(fixtures)):
    if not os.path.isdir(os.path.join(fixtures, case)):
        continue
    for rel in sorted(os.listdir(os.path.join(fixtures, case))):
        for state in ("boot", "final"):
            view = os.path.join(fixtures, case, rel, state)
            if not os.path.isdir(os.path.join(view, "sys")):
                continue
            dmar = os.path.join(view, "sys/firmware/acpi/tables/DMAR")
            if os.path.exists(dmar) and not can_read(dmar):
                skipped += 1
                continue
            views += 1
            r = subprocess.run([iotopo, "groups", view, "--format", "json", "--state", state],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{case}/{rel}/{state}: exit {r.returncode}: {r.stderr.strip()}")
                bad += 1
                continue
            out = json.loads(r.stdout)
            pci = {d["name"] for d in out["devices"] if d["bus"] == "pci"}
            pred = {}
            for d in out["devices"]:
                if d["bus"] == "pci" and d["group"] is not None:
                    pred.setdefault(d["group"], set()).add(d["name"])
            dom = {g["id"]: g["domain"] for g in out["groups"]}
            want = set()
            gdir = os.path.join(view, "sys/kernel/iommu_groups")
            for g in os.listdir(gdir) if os.path.isdir(gdir) else []:
                members = frozenset(n for n in os.listdir(os.path.join(gdir, g, "devices"))
                                    if n in pci)
                with open(os.path.join(gdir, g, "type")) as f:
                    kind = f.read().strip()
                if members:
                    want.add((kind, members))
                    types += 1
            got = {(dom[g], frozenset(s)) for g, s in pred.items()}
            if got != want:
                bad += 1
                def show(v):
                    return sorted((k, sorted(m)) for k, m in v)
                print(f"{case}/{rel}/{state}: predicted only {show(got - want)}, "
                      f"kernel only {show(want - got)}")
print(f"{views - bad} of {views} fixture views: predicted groups and their {types} "
      "domain types equal the kernel's")
if skipped:
    print(f"{skipped} views with a DMAR skipped: this build has no DMAR reader")
sys.exit(1 if bad or views + skipped != 77 else 0)
PYEOF
