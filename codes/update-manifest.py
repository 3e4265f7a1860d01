#!/usr/bin/env python3
"""Recompute the sha256 of every table listed in codes/manifest.toml and check the tables.

Usage: python3 codes/update-manifest.py [MANIFEST]   (default: manifest.toml next to this script)

Only the `sha256 = "..."` line of each [[table]] block is rewritten; comments, order and every
other line stay as they are. Each table is checked first (UTF-8 without BOM, header row
`code,name,valid_from,valid_until`, at least four columns per row, dates as YYYY-MM-DD with
valid_from <= valid_until, a code repeated only after its previous row has ended: a renamed code); on any problem nothing is written and the exit code
is 1. CSV files in the folder that the manifest does not list are reported as a warning.
Standard library only.
"""
import csv
import datetime
import hashlib
import io
import os
import re
import sys

HEADER = ["code", "name", "valid_from", "valid_until"]


def check_table(path):
    problems = []
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a UTF-8 byte-order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return data, problems + [f"not UTF-8: {e}"]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or rows[0][:4] != HEADER:
        problems.append(f"header must begin with {','.join(HEADER)}")
        return data, problems
    seen = {}  # code -> valid_until of its latest row
    for n, row in enumerate(rows[1:], start=2):
        if not row:
            problems.append(f"line {n}: empty line")
            continue
        if len(row) < 4:
            problems.append(f"line {n}: fewer than 4 columns")
            continue
        code, name, since, until = row[:4]
        if not code or code != code.strip():
            problems.append(f"line {n}: empty code or code with spaces")
        if code in seen and not (seen[code] and since and seen[code] < since):
            problems.append(f"line {n}: code {code} appears again before its previous row has ended")
        seen[code] = until
        if not name:
            problems.append(f"line {n}: empty name")
        days = []
        for label, value in (("valid_from", since), ("valid_until", until)):
            if value:
                try:
                    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                        raise ValueError
                    days.append(datetime.date.fromisoformat(value))
                except ValueError:
                    problems.append(f"line {n}: {label} {value!r} is not YYYY-MM-DD")
        if since and until and len(days) == 2 and days[0] > days[1]:
            problems.append(f"line {n}: valid_from is after valid_until")
    return data, problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    manifest = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "manifest.toml")
    folder = os.path.dirname(os.path.abspath(manifest))
    with open(manifest, encoding="utf-8") as f:
        text = f.read()

    # Split into the part before the first [[table]] and one chunk per [[table]] block.
    parts = re.split(r"(?m)^(?=\[\[table\]\][ \t]*$)", text)
    out = [parts[0]]
    errors = []
    listed = set()
    ids = set()
    for block in parts[1:]:
        m_id = re.search(r'(?m)^id\s*=\s*"([^"]*)"', block)
        m_file = re.search(r'(?m)^file\s*=\s*"([^"]*)"', block)
        if not m_id or not m_file:
            errors.append(f"a [[table]] without id or file:\n{block}")
            out.append(block)
            continue
        tid, fname = m_id.group(1), m_file.group(1)
        if tid in ids:
            errors.append(f"{tid}: id listed twice")
        ids.add(tid)
        listed.add(fname)
        path = os.path.join(folder, fname)
        if not os.path.isfile(path):
            errors.append(f"{tid}: {fname} does not exist")
            out.append(block)
            continue
        data, problems = check_table(path)
        errors += [f"{fname}: {p}" for p in problems]
        digest = hashlib.sha256(data).hexdigest()
        line = f'sha256 = "{digest}"'
        if re.search(r"(?m)^sha256\s*=.*$", block):
            block = re.sub(r"(?m)^sha256\s*=.*$", line, block, count=1)
        else:
            block = block.replace(m_file.group(0), m_file.group(0) + "\n" + line, 1)
        out.append(block)

    for name in sorted(os.listdir(folder)):
        if name.endswith(".csv") and name not in listed:
            print(f"warning: {name} is not listed in {os.path.basename(manifest)}", file=sys.stderr)
    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        print("manifest not written", file=sys.stderr)
        return 1
    new = "".join(out)
    if new != text:
        with open(manifest, "w", encoding="utf-8", newline="\n") as f:
            f.write(new)
        print(f"updated {manifest} ({len(ids)} tables)")
    else:
        print(f"{manifest} is up to date ({len(ids)} tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
