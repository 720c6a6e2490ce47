#!/usr/bin/env python3
"""Extract the DMAR and IVRS tables (and the same machine's MADT) from a clone of the public
linuxhw/ACPI dataset (acpidumps of real computers) into DIR/{DMAR,IVRS,APIC}/, one file per
distinct table, with DIR/ORIGINS naming the repository path each came from.

Usage: extract-linuxhw-x86.py LINUXHW-ACPI-GIT-DIR DIR

The dataset keeps per machine `<type>/<vendor>/<family>/<model>/<hwid>.bin` (acpidump text:
"SIG @ 0xADDR" and hex lines) and/or `<hwid>` (iasl -d text with each table's "Raw Table Data"
hex dump); the .bin is used where it exists.  Tables are deduplicated by content (the first
machine in path order keeps it); a table whose length field or checksum does not fit its bytes
is kept too (it is real firmware) and flagged in ORIGINS.  Files are named like the machine's
path with '/' -> '__' and any other character but letters, digits and .,+- -> '_'.
"""
import hashlib, os, re, subprocess, sys

SIGS = ("DMAR", "IVRS", "APIC")
HEXLINE = re.compile(r"^\s*([0-9A-Fa-f]{4,8}):((?: [0-9A-Fa-f]{2}){1,16})")


def git_files(gitdir):
    out = subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", "HEAD"],
                         check=True, capture_output=True).stdout
    for ent in out.split(b"\0"):
        if not ent:
            continue
        meta, path = ent.split(b"\t", 1)
        _, kind, sha = meta.split()
        if kind == b"blob":
            yield path.decode(), sha.decode()


def cat(gitdir, sha):
    """The blob's text, or None where the clone lacks it (a partial or size-limited clone)."""
    r = subprocess.run(["git", "--git-dir", gitdir, "cat-file", "blob", sha], capture_output=True)
    return r.stdout.decode("latin-1") if r.returncode == 0 else None


def parse_acpidump(text):
    """acpidump text: 'SIG @ 0x...' then hex lines; yields (sig, bytes)."""
    sig, buf = None, bytearray()
    for line in text.splitlines():
        m = re.match(r"^([A-Z0-9_!$]{4}) @ 0x[0-9A-Fa-f]+", line)
        if m:
            if sig:
                yield sig, bytes(buf)
            sig, buf = m.group(1), bytearray()
            continue
        if sig is None:
            continue
        h = HEXLINE.match(line)
        if h:
            buf += bytes(int(x, 16) for x in h.group(2).split())
    if sig:
        yield sig, bytes(buf)


def parse_disasm(text):
    """iasl -d text: every 'Raw Table Data: Length N' block is one table's bytes."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^Raw Table Data: Length (\d+)", lines[i])
        i += 1
        if not m:
            continue
        n, buf = int(m.group(1)), bytearray()
        while i < len(lines) and len(buf) < n:
            h = HEXLINE.match(lines[i])
            if h:
                buf += bytes(int(x, 16) for x in h.group(2).split())
            elif lines[i].strip():
                break
            i += 1
        if len(buf) >= 4:
            yield buf[:4].decode("latin-1"), bytes(buf[:n])


def cut(sig, data):
    """The table as its length field says; a note when the bytes disagree."""
    notes = []
    if len(data) < 36:
        return data, ["shorter than an ACPI header"]
    n = int.from_bytes(data[4:8], "little")
    if n < len(data):
        data = data[:n]
    elif n > len(data):
        notes.append("length field 0x%x > 0x%x bytes in the dump" % (n, len(data)))
    if sum(data) & 0xff:
        notes.append("checksum does not sum to 0")
    return data, notes


def main():
    gitdir, out = sys.argv[1], sys.argv[2]
    files = dict(git_files(gitdir))
    machines = {}
    for path, sha in files.items():
        base = path[:-4] if path.endswith(".bin") else path
        if base.count("/") != 4:
            continue
        m = machines.setdefault(base, {})
        m["bin" if path.endswith(".bin") else "txt"] = sha
    seen, origins = {}, []
    counts = {s: 0 for s in SIGS}
    nmach = missing = 0
    for base in sorted(machines):
        m = machines[base]
        src, tables = None, []
        if "bin" in m:
            text = cat(gitdir, m["bin"])
            if text is not None:
                src, tables = base + ".bin", list(parse_acpidump(text))
        if src is None and "txt" in m:
            text = cat(gitdir, m["txt"])
            if text is not None:
                src, tables = base, list(parse_disasm(text))
        if src is None:
            missing += 1
            continue
        found = {}
        for sig, data in tables:
            if sig in SIGS and sig not in found:
                found[sig] = data
        if not ("DMAR" in found or "IVRS" in found):
            continue
        nmach += 1
        name = re.sub(r"[^A-Za-z0-9.,+-]", "_", base.replace("/", "__")) + ".bin"
        kept_iommu = False
        for sig in ("DMAR", "IVRS"):
            if sig not in found:
                continue
            data, notes = cut(sig, found[sig])
            h = hashlib.sha256(data).hexdigest()
            if h in seen:
                continue
            seen[h] = name
            kept_iommu = True
            os.makedirs(os.path.join(out, sig), exist_ok=True)
            with open(os.path.join(out, sig, name), "wb") as f:
                f.write(data)
            counts[sig] += 1
            origins.append("%s/%s\t%s%s" % (sig, name, src, "".join("\t(" + n + ")" for n in notes)))
        if kept_iommu and "APIC" in found:
            data, notes = cut("APIC", found["APIC"])
            os.makedirs(os.path.join(out, "APIC"), exist_ok=True)
            with open(os.path.join(out, "APIC", name), "wb") as f:
                f.write(data)
            counts["APIC"] += 1
            origins.append("APIC/%s\t%s%s" % (name, src, "".join("\t(" + n + ")" for n in notes)))
    with open(os.path.join(out, "ORIGINS"), "w") as f:
        f.write("# file<TAB>path in github.com/linuxhw/ACPI (commit %s)\n" % subprocess.run(
            ["git", "--git-dir", gitdir, "rev-parse", "HEAD"], check=True,
            capture_output=True, text=True).stdout.strip())
        for line in sorted(origins):
            f.write(line + "\n")
    print("%d machines, %d unreadable in this clone, %d with DMAR or IVRS; kept %s"
          % (len(machines), missing, nmach, counts), file=sys.stderr)


if __name__ == "__main__":
    main()
