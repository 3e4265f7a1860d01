"""End-to-end scenarios of the desktop app, run by tests/app/main.rs under xvfb-run and
dbus-run-session: the built app in a real WebKit (WebKitWebDriver from Debian's
webkit2gtk-driver, driven with selenium), compared with what the `rinko` CLI gives for the same
files. A drop cannot be simulated through WebDriver, so paths go in through `Rinko.checkPaths`,
the function the page's drop handler and its dialogs call. The save dialog is the real GTK
one, answered with xdotool as a person would type a file name.

Usage: e2e.py SCENARIO   (RINKO_APP, RINKO_CLI name the binaries; screenshots go to
target/app-screenshots/)
"""

import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SHOTS = ROOT / "target" / "app-screenshots"
APP = os.environ["RINKO_APP"]
CLI = os.environ["RINKO_CLI"]
VERDICT = {"pass": "適合", "fail": "不適合"}


def fail(message):
    raise AssertionError(message)


def expect(condition, message):
    if not condition:
        fail(message)


def wait(what, probe, timeout=60.0, every=0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(args, data_dir):
    """The CLI's stdout for `args`, with its own data folder."""
    env = dict(os.environ, RINKO_DATA_DIR=str(data_dir))
    env.pop("SOURCE_DATE_EPOCH", None)
    run = subprocess.run([CLI, *args], env=env, capture_output=True, cwd=ROOT)
    expect(run.returncode in (0, 1), f"rinko {args} exited {run.returncode}: {run.stderr.decode()}")
    return run.stdout


def audit_entries(data_dir):
    log = pathlib.Path(data_dir) / "audit" / "audit.jsonl"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


class App:
    """The app under WebKitWebDriver, with a data folder of its own."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.work = pathlib.Path(tempfile.mkdtemp(prefix=f"rinko-e2e-{scenario}-"))
        self.data = self.work / "app-data"
        self.data.mkdir()
        port = free_port()
        env = dict(os.environ, TAURI_WEBVIEW_AUTOMATION="true", RINKO_DATA_DIR=str(self.data),
                   )
        env.pop("SOURCE_DATE_EPOCH", None)
        self.driver_log = open(self.work / "webkitwebdriver.log", "wb")
        self.driver_process = subprocess.Popen(["WebKitWebDriver", f"--port={port}"], env=env,
                                               stdout=self.driver_log, stderr=subprocess.STDOUT)
        wait("WebKitWebDriver", lambda: self._listening(port), timeout=20)
        options = ArgOptions()
        options.set_capability("webkitgtk:browserOptions", {"binary": APP, "args": []})
        self.d = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        self.d.set_window_size(1400, 900)
        wait("the page", lambda: self.js("return !!(window.Rinko && document.getElementById('today-value').textContent !== '—')"))

    @staticmethod
    def _listening(port):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def close(self):
        try:
            self.d.quit()
        except WebDriverException:
            pass
        self.driver_process.terminate()
        self.driver_process.wait(timeout=10)
        self.driver_log.close()
        shutil.rmtree(self.work, ignore_errors=True)

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def el(self, element_id):
        return self.d.find_element(By.ID, element_id)

    def visible(self, element_id):
        return self.js("const e = document.getElementById(arguments[0]); return !!e && !e.hidden && e.getClientRects().length > 0", element_id)

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.scenario}-{name}.png"
        # What is on the screen, not the frame before the last change.
        self.d.execute_async_script("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)))")
        expect(self.d.save_screenshot(str(path)), f"screenshot {path}")
        return path

    def check(self, paths, timeout=300):
        self.js("window.Rinko.checkPaths(arguments[0])", [str(p) for p in paths])
        wait("the results", lambda: self.visible("results") and not self.js("return document.getElementById('running').hidden === false"), timeout=timeout)

    def rows(self):
        """Every row of the (virtual) table, read from the DOM by scrolling through it."""
        seen = {}
        top = 0
        while True:
            got = self.js("""
                const body = document.getElementById('tbody');
                body.scrollTop = arguments[0];
                body.dispatchEvent(new Event('scroll'));
                return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done({
                  height: body.scrollHeight, client: body.clientHeight,
                  rows: [...body.querySelectorAll('.tr')].map((tr) => [Number(tr.getAttribute('aria-rowindex')),
                         ...[...tr.querySelectorAll('.td')].map((td) => td.textContent)])}))));
            """, top)
            for row in got["rows"]:
                seen[row[0]] = row[1:]
            if top + got["client"] >= got["height"]:
                break
            top += max(1, got["client"] // 2)
        self.js("document.getElementById('tbody').scrollTop = 0")
        return [seen[i] for i in sorted(seen)]

    def save_through_dialog(self, button_id, target):
        """Clicks an export button and answers the GTK save dialog by typing the path."""
        self.el(button_id).click()
        window = wait("the save dialog", lambda: subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "検査結果を保存"], capture_output=True, text=True).stdout.split(), timeout=20)[-1]
        subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True)
        time.sleep(0.5)
        subprocess.run(["xdotool", "key", "--window", window, "ctrl+a"], check=True)
        subprocess.run(["xdotool", "type", "--window", window, "--delay", "10", str(target)], check=True)
        subprocess.run(["xdotool", "key", "--window", window, "Return"], check=True)
        wait(f"{target}", lambda: target.exists() and self.js("return document.getElementById('shown').textContent.startsWith('保存しました')"), timeout=20)
        wait("the dialog to close", lambda: not subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "検査結果を保存"], capture_output=True, text=True).stdout.split(), timeout=20)


def by_name(report):
    return {pathlib.Path(f["path"]).name: f for f in report["files"]}


def counts(file):
    errors = sum(1 for f in file["findings"] if f["severity"] == "error")
    warnings = sum(1 for f in file["findings"] if f["severity"] == "warning")
    return errors, warnings


# ---- scenarios ---------------------------------------------------------------------------

def samples(app):
    """The samples folder gives one row per sample with the CLI's verdicts and counts, the
    header names the CLI's sets, and the audit entry is the CLI's."""
    expect(app.visible("start"), "the first screen is the empty state")
    expect("ドロップ" in app.el("start-title").text, "the empty state says what to drop")
    app.shot("1-start")
    reference = json.loads(cli(["check", "--format", "json", str(SAMPLES)], app.work / "cli-data"))
    listed = json.loads(cli(["schemas", "list", "--format", "json"], app.work / "cli-data"))
    chips = app.js("return [...document.querySelectorAll('#sets .set')].map((s) => s.textContent)")
    expect(len(chips) == len(listed["schema_sets"]), f"sets shown {chips}")
    for chip, s in zip(chips, listed["schema_sets"]):
        y, m, d = (int(part) for part in s["valid_from"].split("-"))
        expect(chip.startswith(f"{s['name']} {s['version']}") and "組み込み" in chip and f"{y}年{m}月{d}日〜" in chip, f"{chip} vs {s}")

    expect(app.el("data-folder").text == str(app.data), f"the footer names the data folder: {app.el('data-folder').text}")
    app.check([SAMPLES])
    app.shot("2-results")
    rows = app.rows()
    files = by_name(reference)
    expect(len(rows) == len(reference["files"]) == len(files), f"{len(rows)} rows for {len(reference['files'])} samples")
    versions = {s["id"]: s["version"] for s in reference["schema_sets"]}
    for name, folder, form, version, verdict, errors, warnings in rows:
        file = files.get(name)
        expect(file is not None, f"row {name} is not a sample")
        expect(str(pathlib.Path(file["path"]).parent) == folder, f"{name}: folder {folder}")
        expect(verdict == VERDICT[file["status"]], f"{name}: {verdict} vs {file['status']}")
        expect((int(errors), int(warnings)) == counts(file), f"{name}: {errors}/{warnings} vs {counts(file)}")
        expect(form == (file["form"] or "—"), f"{name}: form {form}")
        expect(version == versions.get(file["schema_set"], "—"), f"{name}: version {version}")
    s = reference["summary"]
    summary = app.el("summary").text
    expect(summary == f"{s['files']} ファイル: 適合 {s['passed']}、不適合 {s['failed']}（エラー {s['errors']} 件、警告 {s['warnings']} 件）", summary)

    app_entry = audit_entries(app.data)[-1]
    cli_entry = audit_entries(app.work / "cli-data")[0]
    for key in ("operation", "outcome", "exit_code", "schema_sets", "inputs", "counts", "rinko_version", "user", "host"):
        expect(app_entry[key] == cli_entry[key], f"audit {key}: app {app_entry[key]} vs CLI {cli_entry[key]}")


def findings(app):
    """不適合のみ keeps the failing files; a failing file opens to the CLI's findings with
    labels, values, code points and hints, and the code's explanation; the keyboard works."""
    reference = json.loads(cli(["check", "--format", "json", str(SAMPLES)], app.work / "cli-data"))
    app.check([SAMPLES])
    app.el("only-failed").click()
    rows = app.rows()
    failing = sorted(pathlib.Path(f["path"]).name for f in reference["files"] if f["status"] == "fail")
    expect(sorted(r[0] for r in rows) == failing, f"不適合のみ shows {len(rows)} rows, {len(failing)} fail")
    expect(all(r[4] == "不適合" for r in rows), "only 不適合 rows")
    app.shot("1-only-failed")

    name = "kojinhyo-2025-kana-hankaku.xml"
    expected = by_name(reference)[name]
    app.el("search").send_keys(name)
    wait("the search", lambda: len(app.rows()) == 1)
    app.d.find_element(By.CSS_SELECTOR, "#tbody .tr").click()
    wait("the detail", lambda: app.visible("detail"))
    shown = app.js("""return [...document.querySelectorAll('#findings .finding')].map((li) => ({
        code: li.querySelector('.code').textContent, label: li.querySelector('.label').textContent,
        message: li.querySelector('.message').textContent,
        hint: li.querySelector('.hint') ? li.querySelector('.hint').textContent : null,
        value: li.querySelector('.value-text') ? li.querySelector('.value-text').textContent : null,
        points: [...li.querySelectorAll('.chars .cp')].map((c) => c.textContent)}))""")
    expect(len(shown) == len(expected["findings"]) > 0, f"{len(shown)} findings shown")
    for got, want in zip(shown, expected["findings"]):
        expect(got["code"] == want["code"] and got["label"] == (want["label"] or ""), f"{got} vs {want}")
        expect(got["message"] == want["message"] and got["hint"] == want["hint"], f"{got} vs {want}")
        expect(got["value"] == want["value"], f"value {got['value']} vs {want['value']}")
        if want["value"]:
            points = ["U+%04X" % ord(c) for c in want["value"]][:80]
            expect(got["points"] == points, f"code points {got['points']} vs {points}")
    app.d.find_element(By.CSS_SELECTOR, "#findings .finding details summary").click()
    code = expected["findings"][0]["code"]
    wait("the explanation", lambda: app.js("return !!document.querySelector('#findings .explanation')"))
    text = app.js("return document.querySelector('#findings .explanation').textContent")
    section = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8").split(f"### {code}\n", 1)[1]
    title = section.strip().splitlines()[0].split("**")[1]
    expect(title in text, f"the explanation of {code} starts with {title!r}: {text[:120]!r}")
    app.shot("2-detail")
    app.d.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait("the detail to close", lambda: not app.visible("detail"))
    expect(app.js("return document.activeElement.id") == "tbody", "Esc gives the focus back to the list")

    app.el("search").clear()
    app.el("search").send_keys(Keys.BACKSPACE)
    app.el("only-failed").click()
    wait("every row again", lambda: len(app.rows()) == len(reference["files"]))
    app.js("document.getElementById('tbody').focus()")
    app.d.switch_to.active_element.send_keys(Keys.END)
    app.d.switch_to.active_element.send_keys(Keys.ENTER)
    wait("the last file's detail", lambda: app.visible("detail"))
    last = pathlib.Path(reference["files"][-1]["path"]).name
    expect(app.el("detail-title").text == last, f"End, Enter opens {app.el('detail-title').text}, not {last}")
    app.d.switch_to.active_element.send_keys(Keys.ESCAPE)


def export(app):
    """The exported CSV and JSON are the CLI's bytes for the same files; with 不適合のみ, the
    CLI's for the failing files alone; 再検査 gives the same batch again."""
    app.check([SAMPLES])
    out = app.work / "out"
    out.mkdir()
    csv_path = out / "all.csv"
    app.save_through_dialog("export-csv", csv_path)
    reference_csv = cli(["check", "--format", "csv", str(SAMPLES)], app.work / "cli-data")
    expect(csv_path.read_bytes() == reference_csv, "the exported CSV is the CLI's")
    json_path = out / "all.json"
    app.save_through_dialog("export-json", json_path)
    reference = cli(["check", "--format", "json", str(SAMPLES)], app.work / "cli-data")
    expect(json_path.read_bytes() == reference, "the exported JSON is the CLI's")

    app.el("only-failed").click()
    failed_path = out / "failed.csv"
    app.save_through_dialog("export-csv", failed_path)
    failing = [f["path"] for f in json.loads(reference)["files"] if f["status"] == "fail"]
    expect(failed_path.read_bytes() == cli(["check", "--format", "csv", *failing], app.work / "cli-data"),
           "the filtered export is the CLI's report of the failing files")
    app.shot("1-exported")

    before = len(audit_entries(app.data))
    app.el("recheck").click()
    wait("the re-check", lambda: len(audit_entries(app.data)) == before + 1 and app.visible("results"))
    expect(app.js("return document.getElementById('only-failed').checked"), "re-check keeps the filter")
    app.el("only-failed").click()
    expect(len(app.rows()) == len(json.loads(reference)["files"]), "re-check shows every file again")


def cancel(app):
    """5,000 files: progress shows done / total and the current file; 中止 ends with fewer
    results, the rest 判定なし and the batch marked 中止, logged as cancelled; the app then
    checks another batch."""
    batch = app.work / "batch"
    batch.mkdir()
    sources = sorted((SAMPLES / "valid").glob("*.xml")) + sorted((SAMPLES / "invalid").glob("*.xml"))
    for i in range(5000):
        shutil.copyfile(sources[i % len(sources)], batch / f"form-{i:05d}.xml")
    app.js("window.Rinko.checkPaths(arguments[0])", [str(batch)])
    wait("progress", lambda: app.visible("running") and app.js("return Number(document.getElementById('done').textContent.replace(/,/g, '')) > 0"), every=0.01)
    total = app.el("total").text
    expect(total == "5,000", f"progress total {total}")
    wait("the current file", lambda: "form-" in app.js("return document.getElementById('current').textContent"))
    app.shot("1-progress")
    app.el("cancel").click()
    wait("the cancelled results", lambda: app.visible("results"), timeout=120)
    app.shot("2-cancelled")
    expect(app.visible("cancelled-note") and "中止" in app.el("cancelled-note").text, "the batch is marked 中止")
    checked = int(app.el("summary").text.split(" ")[0].replace(",", ""))
    expect(0 < checked < 5000, f"{checked} files checked before 中止")
    nones = app.js("return document.getElementById('shown').textContent")
    expect("5,000 件" in nones, f"every file is listed: {nones}")
    entry = audit_entries(app.data)[-1]
    expect(entry["operation"] == "check" and entry["outcome"] == "cancelled", f"audit {entry['outcome']}")
    expect(entry["counts"]["files"] == checked, f"audit counts {entry['counts']} vs {checked}")

    app.check([SAMPLES / "valid"])
    expect(not app.visible("cancelled-note"), "a new batch is not marked 中止")
    expect(len(app.rows()) == len(list((SAMPLES / "valid").glob("*.xml"))), "the next batch is shown")


def security(app):
    """What the page cannot do: reach the network, call a command it was not given, or leave
    the app's origin."""
    refused = app.d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('https://example.org/').then(() => done('fetched'), (e) => done('refused: ' + e));""")
    expect(refused.startswith("refused"), f"fetch: {refused}")
    for command in ("plugin:dialog|open", "plugin:fs|read_file", "plugin:shell|open", "plugin:event|listen"):
        answer = app.d.execute_async_script("""
            const done = arguments[arguments.length - 1];
            window.__TAURI__.core.invoke(arguments[0], {}).then(() => done('allowed'), (e) => done('refused: ' + e));""", command)
        expect(answer.startswith("refused"), f"{command}: {answer}")
    before = app.d.current_url
    app.js("window.location.href = 'https://example.org/'")
    time.sleep(1.0)
    expect(app.d.current_url == before, f"navigated to {app.d.current_url}")
    expect(app.js("return !!window.Rinko"), "the app's page is still there")
    scaled = app.js("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    expect(scaled, "no horizontal scrolling")


def refusals(app):
    """Paths that cannot be checked are said in Japanese, on the screen the user was on, and
    the app goes on: a missing path, a folder without XML, a drop while a batch runs."""
    missing = app.work / "存在しないフォルダー"
    app.js("window.Rinko.checkPaths(arguments[0])", [str(missing)])
    wait("the problem", lambda: app.visible("problem"))
    message = app.el("problem-message").text
    expect(message.count(str(missing)) == 1 and "読み込めません" in message, f"missing path: {message}")
    expect(app.visible("start"), "back on the first screen")
    app.shot("1-missing")
    empty = app.work / "empty"
    empty.mkdir()
    (empty / "memo.txt").write_text("not a form", encoding="utf-8")
    app.js("window.Rinko.checkPaths(arguments[0])", [str(empty)])
    wait("the second problem", lambda: "見つかりません" in app.el("problem-message").text)
    expect(app.el("problem-hint").text != "", "with what to do")
    app.el("problem-close").click()
    expect(not app.visible("problem"), "the problem closes")
    app.check([SAMPLES / "valid"])
    expect(not app.visible("problem"), "a good batch clears nothing it should not")
    expect(not any(p.name != "audit" for p in app.data.iterdir()), "nothing but the log in the data folder")


def scaled(app):
    """At 150 % scaling a 1440 x 900 screen is 960 x 600 CSS pixels: everything still fits
    the width, the toolbar wraps instead of hiding buttons, and the list and a detail open."""
    app.d.set_window_size(960, 640)
    app.check([SAMPLES])
    width = app.js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    expect(width[0] <= width[1], f"horizontal scrolling at 150 %: {width}")
    for button in ("recheck", "export-csv", "export-json", "only-failed", "search"):
        box = app.js("const r = document.getElementById(arguments[0]).getBoundingClientRect(); return [r.left, r.right, r.width]", button)
        expect(box[2] > 0 and box[0] >= 0 and box[1] <= width[1], f"{button} is cut off: {box}")
    expect(len(app.rows()) == len(list(SAMPLES.rglob("*.xml"))), "every sample listed")
    app.shot("1-results")
    app.d.find_element(By.CSS_SELECTOR, "#tbody .tr").click()
    wait("the detail", lambda: app.visible("detail"))
    app.shot("2-detail")


SCENARIOS = {f.__name__: f for f in (samples, findings, export, cancel, security, scaled, refusals)}

if __name__ == "__main__":
    scenario = SCENARIOS[sys.argv[1]]
    app = App(sys.argv[1])
    try:
        scenario(app)
    except BaseException:
        try:
            app.shot("failed")
        finally:
            sys.stderr.write((app.work / "webkitwebdriver.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        app.close()
    print(f"{sys.argv[1]}: ok")
