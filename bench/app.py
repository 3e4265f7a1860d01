#!/usr/bin/env python3
"""Benchmark (not a test) of the desktop app's 検査 screen, in the real WebKit, against the CLI.

  bench/app.sh [RUNS]      # builds the release app and CLI, runs this under xvfb-run

1. From choosing 1,000 small forms to a full table: the page's own clock around
   `Rinko.checkPaths` (the command, the check, the JSON report through IPC, the rows drawn),
   against `rinko check --format json` of the same folder as a whole process, in the same run.
   Both use the embedded sets with every domain check; medians of RUNS. The goal is <= 1.1x.
2. Filter latency at 5,000 rows: from a click on 不適合のみ (and from a keystroke in 検索) to the
   second animation frame after it, when the filtered list is on screen; median of RUNS.

The forms are bench/gen.py's synthetic 臨個票 (every person invented).
"""

import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "app"))
import e2e  # noqa: E402  (the E2E harness: the app under WebKitWebDriver)

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def forms(count, out):
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen.py"), "--out", str(out), "--seed", "7",
                    "--small", str(count), "--large", "0"], check=True, stdout=subprocess.DEVNULL)
    return out / "small"


def cli_seconds(folder, data):
    env = dict(os.environ, RINKO_DATA_DIR=str(data))
    started = time.perf_counter()
    run = subprocess.run([e2e.CLI, "check", "--format", "json", str(folder)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    assert run.returncode in (0, 1), run.returncode
    return seconds


def app_seconds(app, folder):
    ms = app.d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const started = performance.now();
        window.Rinko.checkPaths([arguments[0]]).then(() =>
          requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started))));
    """, str(folder))
    return ms / 1000


def frame_ms(app, action):
    # Inlined, since the page's CSP refuses `new Function` (no 'unsafe-eval').
    return app.d.execute_async_script(f"""
        const done = arguments[arguments.length - 1];
        const started = performance.now();
        {action};
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
    """)


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="rinko-bench-app-"))
    small = forms(1000, work / "1000")
    app = e2e.App("bench")
    try:
        app.check([small])  # warm: fonts, the schema sets' first compilation, the page's code
        app_runs, cli_runs = [], []
        for _ in range(RUNS):
            # Each starts on an idle machine: the window finishes its painting first.
            time.sleep(1)
            app_runs.append(app_seconds(app, small))
            time.sleep(1)
            cli_runs.append(cli_seconds(small, work / "cli-data"))
        a, c = statistics.median(app_runs), statistics.median(cli_runs)
        print(f"1,000 forms to a full table: app {a:.3f} s, rinko check {c:.3f} s, ratio {a / c:.2f}x "
              f"(median of {RUNS}; goal <= 1.1x)")

        big = forms(5000, work / "5000")
        app.check([big], timeout=600)
        rows = app.js("return document.getElementById('shown').textContent")
        toggles = [frame_ms(app, "document.getElementById('only-failed').click()") for _ in range(2 * RUNS)]
        searches = []
        for i in range(RUNS):
            typed = f"k{i:04d}"
            searches.append(frame_ms(app, f"""const s = document.getElementById('search');
                s.value = '{typed}'; s.dispatchEvent(new Event('input'));"""))
        frame_ms(app, "const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input'));")
        print(f"filter at 5,000 rows ({rows}): 不適合のみ {statistics.median(toggles):.1f} ms, "
              f"検索 {statistics.median(searches):.1f} ms (median, to the second frame; one frame is ~16.7 ms)")
    finally:
        app.close()


if __name__ == "__main__":
    main()
