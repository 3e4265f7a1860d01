#!/usr/bin/env python3
"""The soak: one batch of 10,000 files, 5 % of them hostile, through `rinko check` as a clerk runs
it (embedded sets, every check). Every file must get its verdict (and every hostile one 不適合),
the peak memory must stay under RSS_BOUND_MB and grow little from 1,000 files to 10,000, and the
time per file must stay about the same (linear). CI runs it on the test build.

  bench/soak.py [--rinko target/release/rinko] [--files 10000] [--keep]

Exit 1 when a bound is broken. The forms come from bench/gen.py (synthetic, seeded); the hostile
files are the kinds of tests/core/hostile.rs, at sizes that pass Rinko's limits by a margin.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Peak resident memory of the 10,000-file batch, in MB (measured: see docs/reliability.md).
RSS_BOUND_MB = 64
# Peak memory of 10,000 files against 1,000, and time per file likewise.
RSS_GROWTH_BOUND = 1.5
TIME_PER_FILE_BOUND = 1.5
HOSTILE_SHARE = 0.05

FORM = (ROOT / "samples/valid/kojinhyo-2025-koushin.xml").read_bytes()


def hostile_kinds():
    """name -> bytes, each broken in its own way (the cases of tests/core/hostile.rs)."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    return {
        "deep": head + b"<a>" * 5000 + b"</a>" * 5000,
        "attribute": head + b'<\xe8\x87\xa8\xe5\x80\x8b\xe7\xa5\xa8 x="' + b"A" * (1536 * 1024) + b'"/>',
        "attributes": head + b"<a " + b" ".join(b'a%d="1"' % i for i in range(2000)) + b"/>",
        "laughs": head + b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10) for i in range(10))
        + b"]><lolz>&lol9;</lolz>",
        "external": head + b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        "png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "empty": b"",
        "nul": FORM[:200] + b"\x00" * 64 + FORM[200:],
        "two-roots": head + b"<a/><b/>",
        "truncated": FORM[: len(FORM) // 2],
        "lying-encoding": FORM.replace(b'encoding="UTF-8"', b'encoding="Shift_JIS"', 1)
        if b'encoding="UTF-8"' in FORM else b'<?xml version="1.0" encoding="Shift_JIS"?>' + FORM,
        "unknown-encoding": b'<?xml version="1.0" encoding="X-NO-SUCH"?><a/>',
        "utf32": b"\xff\xfe\x00\x00" + "<a/>".encode("utf-32-le"),
        "not-well-formed": FORM.replace(b"</", b"<", 1),
    }


def make_batch(out, files, hostile_every):
    """`files` files in `out`: one in `hostile_every` hostile, the rest forms of bench/gen.py.
    Returns the names of the hostile ones."""
    forms_needed = files - files // hostile_every
    forms = out.parent / f"forms-{files}"
    subprocess.run([sys.executable, str(ROOT / "bench/gen.py"), "--out", str(forms), "--small",
                    str(forms_needed), "--large", "0"], check=True, stdout=subprocess.DEVNULL)
    generated = sorted((forms / "small").iterdir())
    kinds = list(hostile_kinds().items())
    out.mkdir()
    hostile = set()
    next_form = iter(generated)
    for i in range(files):
        if i % hostile_every == hostile_every - 1:
            kind, data = kinds[(i // hostile_every) % len(kinds)]
            name = f"{i:05d}-hostile-{kind}.xml"
            (out / name).write_bytes(data)
            hostile.add(name)
        else:
            shutil.move(str(next(next_form)), out / f"{i:05d}.xml")
    shutil.rmtree(forms)
    return hostile


def run(rinko, folder, data):
    """One `rinko check --format json` of the folder: (report, seconds, peak RSS in MB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINKO_")}
    env.update(RINKO_DATA_DIR=str(data), TZ="UTC0")
    report = folder.parent / f"{folder.name}.json"
    start = time.monotonic()
    with open(report, "wb") as stdout:
        child = subprocess.Popen([rinko, "check", "--format", "json", str(folder)], stdout=stdout,
                                 stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"soak: rinko check ended with {code}: {child.stderr.read().decode(errors='replace')}")
    return json.loads(report.read_bytes()), seconds, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rinko", default=str(ROOT / "target/release/rinko"))
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    hostile_every = round(1 / HOSTILE_SHARE)
    work = pathlib.Path(tempfile.mkdtemp(prefix="rinko-soak."))
    broken = []
    figures = {}
    try:
        for files in (a.files // 10, a.files):
            folder = work / f"batch-{files}"
            hostile = make_batch(folder, files, hostile_every)
            report, seconds, rss = run(a.rinko, folder, work / f"data-{files}")
            figures[files] = (seconds, rss)
            verdicts = {pathlib.Path(f["path"]).name: f for f in report["files"]}
            if len(verdicts) != files or len(report["files"]) != files:
                broken.append(f"{files} files: {len(report['files'])} verdicts")
            for name in hostile:
                file = verdicts.get(name)
                if file is None or file["status"] != "fail" or not file["findings"]:
                    broken.append(f"{name}: {'no verdict' if file is None else 'passed or no finding'}")
            passed = sum(1 for f in report["files"] if f["status"] == "pass")
            print(f"{files:>6} files ({len(hostile)} hostile): {seconds:7.2f} s, "
                  f"{1000 * seconds / files:6.2f} ms/file, peak RSS {rss:6.1f} MB, {passed} 適合")
        (small_s, small_rss), (big_s, big_rss) = figures[a.files // 10], figures[a.files]
        growth = big_rss / small_rss
        per_file = (big_s / a.files) / (small_s / (a.files // 10))
        print(f"peak RSS {a.files} / {a.files // 10} files: {growth:.2f} (bound {RSS_GROWTH_BOUND}); "
              f"time per file: {per_file:.2f} (bound {TIME_PER_FILE_BOUND}); "
              f"peak RSS {big_rss:.1f} MB (bound {RSS_BOUND_MB} MB)")
        if big_rss > RSS_BOUND_MB:
            broken.append(f"peak RSS {big_rss:.1f} MB over {RSS_BOUND_MB} MB")
        if growth > RSS_GROWTH_BOUND:
            broken.append(f"peak RSS grows {growth:.2f}× from {a.files // 10} to {a.files} files")
        if per_file > TIME_PER_FILE_BOUND:
            broken.append(f"time per file grows {per_file:.2f}× from {a.files // 10} to {a.files} files")
    finally:
        if a.keep:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for line in broken:
        print(f"soak: {line}", file=sys.stderr)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
