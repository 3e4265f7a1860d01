#!/usr/bin/env python3
"""Write codes/nanbyo_disease.csv (指定難病 by 告示番号) from the ministry's dated lists.

Usage: python3 codes/nanbyo-from-snapshots.py SNAPSHOT_FOLDER [--check]

SNAPSHOT_FOLDER holds the three snapshots of the 指定難病病名一覧表 (`shitei-nanbyo-2024-01.csv`,
`-2024-04.csv`, `-2025-04.csv`, columns `no,name`) and `shitei-nanbyo-groups.csv` (`no,group`), as
processed by the repository 136s/intractable-disease (CC BY 4.0; see codes/README.md for the
credit). With --check nothing is written: the exit code is 1 when the table in codes/ is not what
the snapshots give.

What the table says:
- a number first listed in a later snapshot is valid from that list's first day (339-341 from
  2024-04-01, 342-348 from 2025-04-01); numbers of the oldest list have no start;
- a renamed disease has two rows: the old name valid until the day before the list that renamed
  it, the new name from that day. A change of character width only (1 for １) is not a rename: the
  newest spelling is kept;
- names are as published, with surrounding spaces removed; the trailing column `group` is the
  disease group (Rinko's checks skip trailing columns).
Standard library only.
"""
import csv
import datetime
import io
import pathlib
import sys
import unicodedata

# Each list and the day from which it applies (None: the oldest list, in force before 2024-04-01).
SNAPSHOTS = [
    ("shitei-nanbyo-2024-01.csv", None),
    ("shitei-nanbyo-2024-04.csv", datetime.date(2024, 4, 1)),
    ("shitei-nanbyo-2025-04.csv", datetime.date(2025, 4, 1)),
]
OUT = pathlib.Path(__file__).resolve().parent / "nanbyo_disease.csv"


def read(path, value):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {int(r["no"]): r[value].strip() for r in csv.DictReader(f)}


def same_name(a, b):
    return unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)


def table(folder):
    lists = [(read(folder / name, "name"), start) for name, start in SNAPSHOTS]
    groups = read(folder / "shitei-nanbyo-groups.csv", "group")
    newest = lists[-1][0]
    rows = []
    for number in sorted(newest):
        # (name, valid_from) each time the name really changed, oldest first
        periods = []
        for names, start in lists:
            if number not in names:
                continue
            if periods and same_name(periods[-1][0], names[number]):
                periods[-1] = (names[number], periods[-1][1])
            else:
                periods.append((names[number], start))
        for i, (name, start) in enumerate(periods):
            until = periods[i + 1][1] - datetime.timedelta(days=1) if i + 1 < len(periods) else None
            rows.append([str(number), name, start.isoformat() if start else "",
                         until.isoformat() if until else "", groups.get(number, "")])
    gone = sorted(set().union(*(names for names, _ in lists)) - set(newest))
    if gone:
        sys.exit(f"numbers missing from the newest list (not handled): {gone}")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "valid_from", "valid_until", "group"])
    writer.writerows(rows)
    return out.getvalue()


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    if len(args) != 1:
        sys.exit(__doc__.split("\n\n")[1])
    text = table(pathlib.Path(args[0]))
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            sys.exit(f"{OUT} is not what the snapshots give: run without --check")
        return
    OUT.write_text(text, encoding="utf-8", newline="")
    print(f"{OUT}: {text.count(chr(10)) - 1} rows")


if __name__ == "__main__":
    main()
