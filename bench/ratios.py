#!/usr/bin/env python3
"""Times `rinko check` against `xmllint --noout --schema` on the same files and prints the ratios
with their targets (issue 14). Called by bench/run.sh, which builds and generates the files.

  ratios.py --rinko BIN --tmp DIR --kojin XSD --cda XSD [--runs 5]

Every measurement is a whole process (start-up, schema compilation, every file): wall time by
the median of RUNS runs (5 × RUNS for one file) after one warm-up, Rinko's and xmllint's runs
alternating, CPU time (user + sys) from the process's rusage
(os.wait4), peak RSS by GNU time, the median of three more runs. xmllint gets every file of a batch in one
process, as arguments; Rinko gets the folder and uses every core.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

TMP = None


def run_once(argv, cwd=None):
    """(wall s, cpu s, peak RSS MB, exit code) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def peak_rss(argv, cwd=None, runs=3):
    """Peak RSS in MB by GNU time, the median of `runs` runs (it moves by about 0.5 MB from run
    to run with how the worker threads' allocations interleave): a process started from Python
    would count Python's own memory (Linux keeps the high-water mark across exec), one started
    by time does not."""
    out = os.path.join(TMP, "rss.out")
    peaks = []
    for _ in range(runs):
        run_once(["/usr/bin/time", "-f", "%M", "-o", out, *argv], cwd)
        with open(out) as f:
            peaks.append(int(f.read().split()[-1]) / 1024)
    return statistics.median(peaks)


def measure(argv, runs, cwd=None):
    return measure_pair((argv, cwd), None, runs)[0]


def measure_pair(first, second, runs):
    """Both commands, alternately, after a warm-up each: a slow moment of a shared machine
    falls on both. Each: (median wall, mean CPU, peak RSS)."""
    commands = [c for c in (first, second) if c]
    for argv, cwd in commands:
        run_once(argv, cwd)  # the files and the binary in the page cache
    samples = [[] for _ in commands]
    for _ in range(runs):
        for k, (argv, cwd) in enumerate(commands):
            sample = run_once(argv, cwd)
            if sample[3] != 0:
                sys.exit(f"bench: {' '.join(argv[:4])} … exited {sample[3]}")
            samples[k].append(sample)
    out = [(statistics.median(s[0] for s in got), statistics.mean(s[1] for s in got), peak_rss(argv, cwd))
           for got, (argv, cwd) in zip(samples, commands)]
    return out + [None] * (2 - len(out))


def xml_files(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith(".xml"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rinko", required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--kojin", required=True)
    ap.add_argument("--cda", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    global TMP
    tmp, runs = a.tmp, a.runs
    TMP = tmp
    today = ["--today", "2025-06-01"]

    def rinko_xsd(xsd, folder):
        return [a.rinko, "check", "--format", "json", "--xsd", xsd, os.path.join(tmp, folder)]

    def rinko_sets(folder):
        return [a.rinko, "check", "--format", "json", *today, os.path.join(tmp, folder)]

    def xmllint(xsd, folder):
        d = os.path.join(tmp, folder)
        return ["xmllint", "--noout", "--schema", xsd, *xml_files(d)], d

    rows = []  # (name, files, rinko, xmllint, target)

    def compare(name, rinko_argv, xsd, folder, target):
        n = len(xml_files(os.path.join(tmp, folder)))
        # A one-file batch takes milliseconds: more runs for a steady median.
        r, x = measure_pair((rinko_argv, None), xmllint(xsd, folder), runs if n > 1 else 5 * runs)
        rows.append((name, n, r, x, target))

    compare("large set, 1 document, --xsd", rinko_xsd(a.cda, "large1"), a.cda, "large1", None)
    compare("large set, 300 documents, --xsd", rinko_xsd(a.cda, "large"), a.cda, "large", 1.0)
    compare("small forms, --xsd", rinko_xsd(a.kojin, "small"), a.kojin, "small", 1.0)
    compare("default sets, every check", rinko_sets("small"), a.kojin, "small", 1.2)
    compare("default sets, 1 form, every check", rinko_sets("one"), a.kojin, "one", 1.5)

    print(f"{'batch':36} {'files':>6} {'Rinko s':>8} {'xmllint s':>9} {'wall ×':>7} {'CPU ×':>6} "
          f"{'RSS MB':>13} {'target':>7}")
    failed = []
    for name, n, (rw, rc, rm), (xw, xc, xm), target in rows:
        ratio = rw / xw
        verdict = "" if target is None else ("≤ %.1f ok" % target if ratio <= target else "> %.1f NOT MET" % target)
        if target is not None and ratio > target:
            failed.append(name)
        print(f"{name:36} {n:6d} {rw:8.3f} {xw:9.3f} {ratio:7.2f} {rc / max(xc, 1e-3):6.2f} "
              f"{rm:6.1f}/{xm:6.1f} {verdict:>7}")

    # Memory flat and time linear in the batch size: the clerk's run (embedded sets, every
    # check) on 100, 1,000 and 10,000 forms.
    scale = {}
    for folder in ("small100", "small", "small10x"):
        n = sum(len(xml_files(os.path.join(tmp, folder, d))) for d in [""] + [
            e for e in os.listdir(os.path.join(tmp, folder)) if os.path.isdir(os.path.join(tmp, folder, e))])
        scale[folder] = (n, measure(rinko_sets(folder), max(3, runs // 2)))
    (n100, (w100, _, m100)), (n1k, (w1k, _, _)), (n10k, (w10k, _, m10k)) = (
        scale["small100"], scale["small"], scale["small10x"])
    print()
    print("batch size (default sets, every check):")
    for folder, (n, (w, c, m)) in scale.items():
        print(f"   {n:6d} forms   {w:7.3f} s   {1e3 * w / n:6.3f} ms a form   peak RSS {m:6.1f} MB")
    mem = m10k / m100
    lin = (w10k / n10k) / (w1k / n1k)
    print(f"   peak RSS {n10k} / {n100}: {mem:.2f} (target ≤ 1.2: {'ok' if mem <= 1.2 else 'NOT MET'})")
    print(f"   time a form at {n10k} / at {n1k}: {lin:.2f} (linear: ≤ 1.2: {'ok' if lin <= 1.2 else 'NOT MET'})")
    if mem > 1.2:
        failed.append("memory flat")
    if lin > 1.2:
        failed.append("time linear")
    print()
    print("every target met" if not failed else "targets not met: " + "; ".join(failed))


if __name__ == "__main__":
    main()
