#!/usr/bin/env python3
"""Apply the replacements of a clang-apply-replacements YAML file (as written
by gogo-rewrite --export-fixes) to one source file and print the result.

    apply_fixes.py FIXES.yaml SOURCE > FIXED

A stand-in for clang-apply-replacements (clang-tools-14 is not one of our
dependencies) that reads only what the export writes: Replacements entries
with FilePath, Offset, Length and ReplacementText. Fails loudly on anything
it does not understand, on replacements for another file and on overlaps.
"""
import os
import re
import sys


def scalar(text):
    text = text.strip()
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise SystemExit("unterminated quoted scalar: " + text)
        return text[1:-1].replace("''", "'")
    if text.startswith('"'):
        raise SystemExit("double-quoted scalars are not supported: " + text)
    return text


def replacements(yaml_text):
    found, current = [], None
    for line in yaml_text.splitlines():
        m = re.match(r"^\s*(-\s+)?(FilePath|Offset|Length|ReplacementText):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(2), scalar(m.group(3))
        if m.group(1) and key == "FilePath":
            current = {"FilePath": value}
            found.append(current)
        elif current is not None and key in ("Offset", "Length", "ReplacementText"):
            current[key] = value
    # Diagnostic and note positions also have FilePath (without "- "); only
    # entries of a Replacements list start with "- FilePath".
    return [r for r in found if "Offset" in r and "Length" in r and "ReplacementText" in r]


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    yaml_path, source = sys.argv[1], sys.argv[2]
    with open(yaml_path) as f:
        reps = replacements(f.read())
    with open(source, newline="") as f:
        text = f.read()
    edits = set()
    for r in reps:
        if os.path.realpath(r["FilePath"]) != os.path.realpath(source):
            raise SystemExit("replacement for another file: " + r["FilePath"])
        edits.add((int(r["Offset"]), int(r["Length"]), r["ReplacementText"]))
    edits = sorted(edits)
    for (a, alen, _), (b, _, _) in zip(edits, edits[1:]):
        if b < a + alen or (b == a and alen == 0):
            raise SystemExit("overlapping replacements at offset %d" % b)
    for offset, length, new in reversed(edits):
        if offset + length > len(text):
            raise SystemExit("replacement past the end of the file")
        text = text[:offset] + new + text[offset + length:]
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
