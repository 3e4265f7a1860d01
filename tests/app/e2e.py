"""End-to-end scenarios of the desktop app, run by tests/app/main.rs under xvfb-run and
dbus-run-session: the built app in a real WebKit (WebKitWebDriver from Debian's
webkit2gtk-driver, driven with selenium), compared with what the `rinko` CLI gives for the same
files. A drop cannot be simulated through WebDriver, so paths go in through `Rinko.checkPaths`,
the function the page's drop handler and its dialogs call. The save dialog is the real GTK
one, answered with xdotool as a person would type a file name.

Usage: e2e.py SCENARIO   (RINKO_APP, RINKO_CLI name the binaries; screenshots go to
target/app-screenshots/, or RINKO_SHOTS; the samples are samples/, or RINKO_SAMPLES)
"""

import csv
import hashlib
import html.parser
import io
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = pathlib.Path(os.environ.get("RINKO_SAMPLES", ROOT / "samples"))
SHOTS = pathlib.Path(os.environ.get("RINKO_SHOTS", ROOT / "target" / "app-screenshots"))
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


def cli(args, data_dir, epoch=None):
    """The CLI's stdout for `args`, with its own data folder (and SOURCE_DATE_EPOCH)."""
    env = dict(os.environ, RINKO_DATA_DIR=str(data_dir))
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    run = subprocess.run([CLI, *args], env=env, capture_output=True, cwd=ROOT)
    expect(run.returncode in (0, 1), f"rinko {args} exited {run.returncode}: {run.stderr.decode()}")
    return run.stdout


def audit_entries(data_dir):
    log = pathlib.Path(data_dir) / "audit" / "audit.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


class App:
    """The app under WebKitWebDriver, with a data folder of its own."""

    def __init__(self, scenario, epoch=None):
        self.scenario = scenario
        self.work = pathlib.Path(tempfile.mkdtemp(prefix=f"rinko-e2e-{scenario}-"))
        self.data = self.work / "app-data"
        self.data.mkdir()
        port = free_port()
        env = dict(os.environ, TAURI_WEBVIEW_AUTOMATION="true", RINKO_DATA_DIR=str(self.data),
                   **self._pdf_viewer())
        env.pop("SOURCE_DATE_EPOCH", None)
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
        self.driver_log = open(self.work / "webkitwebdriver.log", "wb")
        self.driver_process = subprocess.Popen(["WebKitWebDriver", f"--port={port}"], env=env,
                                               stdout=self.driver_log, stderr=subprocess.STDOUT)
        wait("WebKitWebDriver", lambda: self._listening(port), timeout=20)
        options = ArgOptions()
        options.set_capability("webkitgtk:browserOptions", {"binary": APP, "args": []})
        self.d = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        self.d.set_window_size(1400, 900)
        wait("the page", lambda: self.js("return !!(window.Rinko && document.getElementById('today-value').textContent !== '—')"))

    def _pdf_viewer(self):
        """The system's PDF viewer, as xdg-open finds it: here one that notes what it opened."""
        self.opened = self.work / "viewer-opened.txt"
        viewer = self.work / "viewer.sh"
        viewer.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{self.opened}"\n', encoding="utf-8")
        viewer.chmod(0o755)
        apps = self.work / "xdg-data" / "applications"
        apps.mkdir(parents=True)
        (apps / "rinko-test-viewer.desktop").write_text(
            f"[Desktop Entry]\nType=Application\nName=Test PDF viewer\nExec={viewer} %f\nMimeType=application/pdf;\n",
            encoding="utf-8")
        config = self.work / "xdg-config"
        config.mkdir()
        (config / "mimeapps.list").write_text(
            "[Default Applications]\napplication/pdf=rinko-test-viewer.desktop\n", encoding="utf-8")
        return {"XDG_DATA_HOME": str(self.work / "xdg-data"), "XDG_CONFIG_HOME": str(config),
                "XDG_CURRENT_DESKTOP": "", "DESKTOP_SESSION": ""}

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

    def press(self, element_id):
        """Scrolls the screen to the element, as a person would, and clicks it."""
        self.js("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", element_id)
        self.el(element_id).click()

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
                         ...[...tr.querySelectorAll('.td:not(.pick)')].map((td) => td.textContent)])}))));
            """, top)
            for row in got["rows"]:
                seen[row[0]] = row[1:]
            if top + got["client"] >= got["height"]:
                break
            top += max(1, got["client"] // 2)
        self.js("document.getElementById('tbody').scrollTop = 0")
        return [seen[i] for i in sorted(seen)]

    def save_through_dialog(self, button_id, target, title="検査結果を保存", saved=None):
        """Clicks a button (an element id, or a function that clicks) and answers the GTK save
        dialog titled `title` by typing the path; then waits for `saved` (by default the
        results' 保存しました)."""
        if callable(button_id):
            button_id()
        else:
            self.el(button_id).click()
        self.answer_dialog(title, target)
        saved = saved or (lambda: self.js("return document.getElementById('shown').textContent.startsWith('保存しました')"))
        wait(f"{target}", lambda: target.exists() and saved(), timeout=60)

    def answer_dialog(self, title, path, opening=False):
        """Types `path` into the GTK dialog titled `title`, as a person would, and presses
        Return. In a save dialog the name field is selected first; in a dialog that opens a
        file or chooses a folder (`opening`), typing a path opens its location entry, and
        Return chooses what it names. xdotool types ASCII reliably, not Japanese: `path` is
        ASCII."""
        def open_():
            return subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                                  capture_output=True, text=True).stdout.split()
        window = wait(f"the dialog {title}", open_, timeout=20)[-1]
        subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True)
        time.sleep(0.5)
        if opening:
            # Typing "/" opens the location entry; the path goes in once it is there, so that
            # no character is lost while it opens on a busy machine.
            for attempt in range(3):
                subprocess.run(["xdotool", "type", "--window", window, "/"], check=True)
                time.sleep(1.0)
                subprocess.run(["xdotool", "key", "--window", window, "ctrl+a"], check=True)
                subprocess.run(["xdotool", "type", "--window", window, "--delay", "10", str(path)], check=True)
                time.sleep(1.5)
                subprocess.run(["xdotool", "key", "Return"], check=True)
                time.sleep(2.0)
                if not open_():
                    break
        else:
            subprocess.run(["xdotool", "key", "--window", window, "ctrl+a"], check=True)
            subprocess.run(["xdotool", "type", "--window", window, "--delay", "10", str(path)], check=True)
            time.sleep(0.3)
            subprocess.run(["xdotool", "key", "Return"], check=True)
        wait("the dialog to close", lambda: not open_(), timeout=20)

    def choose(self, names, on=True):
        """Ticks (or unticks) the rows of `names` for printing, searching for each; then clears
        the search."""
        for name in names:
            self.el("search").clear()
            self.el("search").send_keys(name)
            wait(f"the row of {name}", lambda: len(self.rows()) == 1)
            box = self.d.find_element(By.CSS_SELECTOR, "#tbody .tr .pick input")
            if box.is_selected() != on:
                box.click()
        self.el("search").clear()
        self.el("search").send_keys(Keys.BACKSPACE)


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
    """The exported workbook, CSV and JSON are the CLI's bytes for the same files and clock;
    with 不適合のみ, the CLI's for the failing files alone; 再検査 gives the same batch again."""
    app.check([SAMPLES])
    out = app.work / "out"
    out.mkdir()
    xlsx_path = out / "all.xlsx"
    app.save_through_dialog("export-xlsx", xlsx_path)
    reference_xlsx = app.work / "cli.xlsx"
    cli(["check", "--out", str(reference_xlsx), str(SAMPLES)], app.work / "cli-data", EPOCH)
    expect(xlsx_path.read_bytes() == reference_xlsx.read_bytes(), "the exported workbook is the CLI's")
    csv_path = out / "all.csv"
    app.save_through_dialog("export-csv", csv_path)
    reference_csv = cli(["check", "--format", "csv", str(SAMPLES)], app.work / "cli-data", EPOCH)
    expect(csv_path.read_bytes() == reference_csv, "the exported CSV is the CLI's")
    json_path = out / "all.json"
    app.save_through_dialog("export-json", json_path)
    reference = cli(["check", "--format", "json", str(SAMPLES)], app.work / "cli-data", EPOCH)
    expect(json_path.read_bytes() == reference, "the exported JSON is the CLI's")

    app.el("only-failed").click()
    failed_path = out / "failed.csv"
    app.save_through_dialog("export-csv", failed_path)
    failing = [f["path"] for f in json.loads(reference)["files"] if f["status"] == "fail"]
    expect(failed_path.read_bytes() == cli(["check", "--format", "csv", *failing], app.work / "cli-data", EPOCH),
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
    for button in ("recheck", "export-xlsx", "export-csv", "export-json", "only-failed", "search"):
        box = app.js("const r = document.getElementById(arguments[0]).getBoundingClientRect(); return [r.left, r.right, r.width]", button)
        expect(box[2] > 0 and box[0] >= 0 and box[1] <= width[1], f"{button} is cut off: {box}")
    expect(len(app.rows()) == len(list(SAMPLES.rglob("*.xml"))), "every sample listed")
    app.shot("1-results")
    app.d.find_element(By.CSS_SELECTOR, "#tbody .tr").click()
    wait("the detail", lambda: app.visible("detail"))
    app.shot("2-detail")


class BodyText(html.parser.HTMLParser):
    """The text of an HTML page's body, as the DOM's textContent gives it."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.inside = self.inside or tag == "body"

    def handle_data(self, data):
        if self.inside:
            self.parts.append(data)


def squeezed(text):
    return "".join(text.split())


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [subprocess.run(["pdftotext", "-raw", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]


EPOCH = "1748736000"  # 2025-06-01T00:00:00Z: the app and the CLI date their PDFs alike


def printing(app):
    """A physician previews an 意見書 (the CLI's HTML page, shown without script or remote
    reference, logging nothing) and prints it: the PDF is the CLI's, byte for byte, holds every
    label and value of the preview, opens in the system's viewer and is logged as the CLI logs
    it. A file with エラー prints only after the confirmation, every page marked."""
    out = app.work / "out"
    out.mkdir()
    cli_data = app.work / "cli-data"
    app.check([SAMPLES])
    good = SAMPLES / "valid" / "ikensho-2025.xml"
    app.choose([good.name])
    expect(app.el("chosen").text == "選択 1 件", app.el("chosen").text)
    before = len(audit_entries(app.data))
    app.el("preview-chosen").click()
    wait("the preview", lambda: app.visible("preview"))
    app.shot("1-preview")
    page = app.js("""const root = document.getElementById('preview-page').shadowRoot;
        return {text: root.textContent, forms: root.querySelectorAll('article.form').length,
                active: root.querySelectorAll('script, iframe, img, link, object, embed, [src], [href]').length,
                labels: [...root.querySelectorAll('th, td, h1, h2')].map((c) => c.textContent),
                font: getComputedStyle(root.querySelector('article.form')).fontFamily}""")
    cli_html = out / "cli.html"
    cli(["print", "--out", str(cli_html), str(good)], cli_data, EPOCH)
    body = BodyText()
    body.feed(cli_html.read_text(encoding="utf-8"))
    expect(squeezed(page["text"]) == squeezed("".join(body.parts)), "the preview shows the CLI's HTML page")
    expect(page["forms"] == 1 and page["active"] == 0, f"one form, nothing active or remote: {page}")
    expect("BIZ UDGothic" in page["font"], f"the preview's font: {page['font']}")
    expect(len(audit_entries(app.data)) == before, "a preview writes no audit entry")
    expect(app.el("preview-errors").get_attribute("hidden") is not None, "no error note for a passing form")

    pdf = out / "ikensho.pdf"
    app.save_through_dialog("preview-print", pdf, "印刷する PDF を保存", lambda: app.visible("info"))
    cli_pdf = out / "cli.pdf"
    cli(["print", "--out", str(cli_pdf), str(good)], cli_data, EPOCH)
    expect(pdf.read_bytes() == cli_pdf.read_bytes(), "the app's PDF is the CLI's, byte for byte")
    printed = squeezed("".join(pdf_pages(pdf)))
    missing = [label for label in page["labels"] if squeezed(label) and squeezed(label) not in printed]
    expect(not missing, f"labels and values of the preview missing from the PDF: {missing[:5]}")
    wait("the viewer", lambda: app.opened.exists() and str(pdf) in app.opened.read_text(encoding="utf-8"), timeout=20)
    info = app.el("info-message").text
    expect(str(pdf) in info and "1 件" in info, info)
    expect("PDF ビューアーで開きました" in app.el("info-hint").text, app.el("info-hint").text)
    app.shot("2-printed")
    app_entry = audit_entries(app.data)[-1]
    cli_entry = audit_entries(cli_data)[-1]
    for key in ("operation", "outcome", "exit_code", "schema_sets", "inputs", "counts", "rinko_version"):
        expect(app_entry[key] == cli_entry[key], f"audit {key}: app {app_entry[key]} vs CLI {cli_entry[key]}")
    expect(app_entry["operation"] == "print", app_entry["operation"])

    # A file with エラー: asked first; やめる writes nothing.
    app.el("preview-back").click()
    bad = SAMPLES / "invalid" / "ikensho-2025-shinki-19sai.xml"
    app.choose([good.name], on=False)
    app.choose([bad.name])
    expect(app.el("chosen").text == "選択 1 件", app.el("chosen").text)
    entries = len(audit_entries(app.data))
    app.el("print-chosen").click()
    wait("the confirmation", lambda: app.visible("confirm"))
    expect(bad.name in app.el("confirm-files").text, app.el("confirm-files").text)
    app.shot("3-confirm")
    app.el("confirm-cancel").click()
    time.sleep(1.0)
    expect(not app.visible("confirm") and len(audit_entries(app.data)) == entries, "やめる prints nothing")
    expect(not subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "印刷する PDF を保存"],
                              capture_output=True, text=True).stdout.split(), "no save dialog after やめる")

    def confirm():
        app.el("print-chosen").click()
        wait("the confirmation", lambda: app.visible("confirm"))
        app.el("confirm-ok").click()

    marked = out / "marked.pdf"
    app.save_through_dialog(confirm, marked, "印刷する PDF を保存",
                            lambda: app.visible("info") and str(marked) in app.el("info-message").text)
    cli_marked = out / "cli-marked.pdf"
    cli(["print", "--allow-errors", "--out", str(cli_marked), str(bad)], cli_data, EPOCH)
    expect(marked.read_bytes() == cli_marked.read_bytes(), "the marked PDF is the CLI's --allow-errors one")
    pages = pdf_pages(marked)
    expect(pages and all("エラーあり・提出不可" in squeezed(p) for p in pages), f"the mark on every one of {len(pages)} pages")
    expect("提出不可" in app.el("info-message").text, app.el("info-message").text)


def records(app):
    """記録 shows `rinko log show` newest first and filters by operation; 記録の検証 says
    what `rinko log verify` says, intact and broken; the 台帳 is the CLI's and its export is
    `rinko ledger export`'s bytes. このアプリについて names the version, the sets with their
    SHA-256, where the data and the log are, and the fonts' licences."""
    app.check([SAMPLES / "valid"])
    app.check([SAMPLES / "invalid"])
    # Bundles made and verified on this PC, by the CLI, into the app's data folder: the ledger.
    sealed = app.work / "bundle.zip"
    cli(["bundle", "--institution", "0110113719", "--medium", "USB-03", "--out", str(sealed), str(SAMPLES / "valid")], app.data)
    cli(["verify", str(sealed)], app.data)
    app.el("tab-records").click()
    wait("the records", lambda: app.visible("records") and app.js("return document.getElementById('log-rows').children.length") > 0)
    shown = app.js("return [...document.querySelectorAll('#log-rows tr')].map((tr) => [...tr.children].map((td) => td.textContent))")
    lines = cli(["log", "show"], app.data).decode().splitlines()
    expect(len(shown) == len(lines) == 4, f"{len(shown)} rows, {len(lines)} entries")
    for row, line in zip(shown, reversed(lines)):
        seq, time_, operation, outcome, details, who = row
        joined = "  ".join([f"#{seq}", time_, operation, outcome, *([details.replace("　", "  ")] if details else []), who])
        expect(joined == line, f"row {row} vs `log show` {line!r}")
    app.shot("1-records")
    app.js("const s = document.getElementById('log-filter'); s.value = 'check'; s.dispatchEvent(new Event('change'))")
    ops = app.js("return [...document.querySelectorAll('#log-rows tr')].map((tr) => tr.children[2].textContent)")
    expect(ops == ["検査", "検査"], f"filtered to 検査: {ops}")

    ledger = list(csv.reader(io.StringIO(cli(["ledger", "export"], app.data).decode("utf-8-sig"))))
    head = app.js("return [...document.querySelectorAll('#ledger-head th')].map((th) => th.textContent)")
    rows = app.js("return [...document.querySelectorAll('#ledger-rows tr')].map((tr) => [...tr.children].map((td) => td.textContent))")
    expect(head == ledger[0], f"ledger header {head}")
    expect(rows == list(reversed(ledger[1:])) and len(rows) == 2, f"ledger rows {rows} vs {ledger[1:]}")
    exported = app.work / "ledger.csv"
    app.save_through_dialog("export-ledger", exported, "台帳を保存", lambda: app.visible("info"))
    expect(exported.read_bytes() == cli(["ledger", "export"], app.data), "the exported 台帳 is the CLI's")

    app.el("verify-log").click()
    wait("the log's check", lambda: app.visible("log-check"))
    said = cli(["log", "verify"], app.data).decode().splitlines()
    expect(app.el("log-check-heading").text == said[0] and "無傷" in said[0], f"{app.el('log-check-heading').text} vs {said}")
    log = app.data / "audit" / "audit.jsonl"
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace('"outcome":"fail"', '"outcome":"pass"', 1), encoding="utf-8")
    app.el("verify-log").click()
    wait("the broken log", lambda: "異常" in app.el("log-check-heading").text)
    said = subprocess.run([CLI, "log", "verify"], env=dict(os.environ, RINKO_DATA_DIR=str(app.data)),
                          capture_output=True, text=True).stdout.splitlines()
    breaks = app.js("return [...document.querySelectorAll('#log-check-breaks li')].map((li) => li.textContent)")
    expect([app.el("log-check-heading").text, *breaks] == [said[0], *[b.strip() for b in said[1:]]] and breaks,
           f"app {breaks} vs CLI {said}")
    app.shot("2-log-broken")

    app.el("tab-about").click()
    wait("the about screen", lambda: app.visible("about") and app.js("return document.getElementById('about-fonts').children.length") == 2)
    facts = app.el("about-facts").text
    version = cli(["--version"], app.data).decode().split()[-1]
    expect(f"Rinko {version}" in facts and str(app.data) in facts and str(log) in facts, facts)
    listed = json.loads(cli(["schemas", "list", "--format", "json"], app.data))["schema_sets"]
    sets = app.js("return [...document.querySelectorAll('#about-set-rows tr')].map((tr) => [...tr.children].map((td) => td.textContent))")
    expect([[r[0], r[1], r[2], r[5]] for r in sets] == [[s["name"], s["version"], s["id"], s["sha256"]] for s in listed], f"{sets} vs {listed}")
    licence = app.js("const d = document.querySelector('#about-fonts details'); d.open = true; return d.querySelector('pre').textContent")
    expect(licence == (ROOT / "installer" / "licenses" / "BIZUDGothic-OFL.txt").read_text(encoding="utf-8"), "the BIZ UDGothic licence, as shipped")
    # The credit CC BY asks for the 指定難病 table, as the code tables' manifest gives it.
    credited = [t for t in tomllib.loads((ROOT / "codes" / "manifest.toml").read_text(encoding="utf-8"))["table"] if "source" in t]
    sources = app.js("return [...document.querySelectorAll('#about-data-sources li')].map((li) => li.textContent)")
    expect(len(sources) == len(credited) and any(t["id"] == "nanbyo_disease" for t in credited)
           and all(t["name"] in s and t["source"] in s and t["licence"] in s for t, s in zip(credited, sources)),
           f"data sources {sources} vs the manifest's {credited}")
    app.shot("3-about")
    app.press("about-third-party")
    wait("the notices opened", lambda: app.js("return document.getElementById('about-third-party').open"))
    notices = app.js("return document.getElementById('about-third-party-text').textContent")
    expect(notices == (ROOT / "installer" / "licenses" / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8"), "the third-party notices, as generated")
    app.js("document.getElementById('about-third-party-text').scrollIntoView({block: 'end'})")
    app.shot("4-about-notices")
    app.el("tab-check").click()
    expect(app.visible("results"), "back to the results")


def installed(app):
    """The app as the .deb installed it (installer/test-release.sh): its first screen and the
    samples, copied out of the source tree, with the installed CLI's verdicts; the About screen
    with the installed CLI's version and the notices the package ships."""
    expect(pathlib.Path(APP).parent == pathlib.Path(CLI).parent == pathlib.Path("/usr/bin"), f"{APP}, {CLI}")
    expect(ROOT not in SAMPLES.parents, f"the samples are copied out of the tree: {SAMPLES}")
    samples(app)
    app.el("tab-about").click()
    wait("the about screen", lambda: app.visible("about"))
    version = cli(["--version"], app.data).decode().split()[-1]
    expect(f"Rinko {version}" in app.el("about-facts").text, app.el("about-facts").text)
    app.press("about-third-party")
    wait("the notices opened", lambda: app.js("return document.getElementById('about-third-party').open"))
    notices = app.js("return document.getElementById('about-third-party-text').textContent")
    shipped = pathlib.Path("/usr/share/doc/rinko/THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    expect(notices == shipped, "the About screen shows the notices the package ships")
    app.shot("3-about-notices")


def sealing(app):
    """IT staff seal the passing files of a batch, encrypted and signed: a file with エラー
    cannot be chosen and says why, the 医療機関コード is checked as it is typed (the CLI's
    message), the passphrase twice, the key made in the window (the CLI's fingerprint); the
    fingerprint on the screen is the one `rinko verify` finds on the receiving PC, which passes
    the bundle; the slip opens in the viewer; the log holds the CLI's kind of entry."""
    out = app.work / "out"
    out.mkdir()
    reference = json.loads(cli(["check", "--format", "json", str(SAMPLES)], app.work / "cli-data"))
    passing = sorted(pathlib.Path(f["path"]).name for f in reference["files"] if f["status"] == "pass")
    app.check([SAMPLES])
    app.el("tab-seal").click()
    wait("the seal screen", lambda: app.visible("seal-body") and app.el("operator").get_attribute("value"))
    rows = app.js("""return [...document.querySelectorAll('#seal-rows tr')].map((tr) => ({
        name: tr.children[1].textContent, chosen: tr.querySelector('input').checked,
        disabled: tr.querySelector('input').disabled, why: tr.children[3].textContent}))""")
    expect(sorted(r["name"] for r in rows if r["chosen"]) == passing, "every passing file is chosen")
    expect(all(r["disabled"] and "エラー" in r["why"] for r in rows if r["name"] not in passing),
           "a file with エラー cannot be chosen and says why")
    expect(app.el("seal-count").text == f"（{len(passing)} 件）", app.el("seal-count").text)

    bundle = out / "bundle.7z"
    wrong = subprocess.run([CLI, "bundle", "--institution", "0110113710", "--out", str(out / "wrong.zip"), str(SAMPLES / "valid")],
                           env=dict(os.environ, RINKO_DATA_DIR=str(app.work / "cli-data")), capture_output=True, text=True)
    app.el("institution").send_keys("0110113710")
    wait("the code's problem", lambda: app.el("institution-problem").text)
    expect(app.el("institution-problem").text in wrong.stderr, f"{app.el('institution-problem').text!r} vs {wrong.stderr!r}")
    app.el("institution").send_keys(Keys.BACKSPACE, "9")
    wait("the code accepted", lambda: app.el("institution-problem").text == "")
    app.el("medium").send_keys("USB-03")
    app.el("encrypt").click()
    passphrase = "correct horse battery"
    app.el("passphrase").send_keys(passphrase)
    app.el("passphrase-again").send_keys(passphrase + "!")
    app.press("seal-go")
    wait("the passphrase's problem", lambda: "同じではありません" in app.el("passphrase-problem").text)
    app.el("passphrase-again").send_keys(Keys.BACKSPACE)
    expect(app.js("return document.getElementById('sign').disabled"), "no key yet: 署名 cannot be ticked")
    app.el("make-key").click()
    wait("the key", lambda: "指紋" in app.el("key-state").text)
    exported = subprocess.run([CLI, "keys", "export-public", "--out", str(out / "institution.pub")],
                              env=dict(os.environ, RINKO_DATA_DIR=str(app.data)), capture_output=True, text=True)
    key_print = exported.stderr.strip().split()[-1]
    expect(key_print in app.el("key-state").text, f"{app.el('key-state').text} vs {key_print}")
    expect(app.el("sign").is_selected(), "署名 is ticked once the key exists")
    app.shot("1-form")

    app.save_through_dialog(lambda: app.press("seal-go"), bundle, "バンドルを保存", lambda: app.visible("sealed"))
    app.shot("2-sealed")
    groups = app.js("return [...document.querySelectorAll('#sealed-fingerprint span')].map((g) => g.textContent)")
    expect(len(groups) == 16 and all(len(g) == 4 for g in groups), f"the fingerprint in groups of four: {groups}")
    shown = "".join(groups)
    expect(app.el("passphrase").get_attribute("value") == "", "the passphrase is gone from the form")

    receiving = app.work / "receiving-pc"
    env = dict(os.environ, RINKO_DATA_DIR=str(receiving), RINKO_PASSPHRASE=passphrase)
    subprocess.run([CLI, "keys", "trust", str(out / "institution.pub")], env=env, check=True, capture_output=True)
    verified = subprocess.run([CLI, "verify", "--format", "json", str(bundle)], env=env, capture_output=True, text=True)
    expect(verified.returncode == 0, f"rinko verify: {verified.stdout} {verified.stderr}")
    result = json.loads(verified.stdout)
    expect(result["verdict"] == "pass" and result["encrypted"], result)
    expect(result["fingerprint"].upper() == shown.upper(), f"shown {shown}, verify found {result['fingerprint']}")
    expect(result["signature"] == {"key": key_print, "valid": True, "trusted": True}, result["signature"])
    expect(sorted(pathlib.Path(f["path"]).name for f in result["files"]) == passing, "every passing file sealed")
    slip = bundle.with_name("bundle-媒体持出記録票.pdf")
    expect(slip.exists() and str(slip) in app.el("sealed-facts").text, app.el("sealed-facts").text)
    wait("the slip in the viewer", lambda: app.opened.exists() and str(slip) in app.opened.read_text(encoding="utf-8"), timeout=20)
    slip_text = squeezed("".join(pdf_pages(slip)))
    expect(shown.upper() in slip_text.replace("-", "").upper() or "-".join(shown[i:i + 4] for i in range(0, len(shown), 4)) in slip_text,
           "the slip prints the fingerprint the screen shows")
    entries = audit_entries(app.data)
    expect([e["operation"] for e in entries] == ["check", "keys-generate", "bundle"], [e["operation"] for e in entries])
    made = entries[-1]
    expect(made["outcome"] == "pass" and made["bundle"]["encrypted"] and made["bundle"]["signed"]
           and made["bundle"]["medium"] == "USB-03" and made["bundle"]["institution"] == "0110113719", made)
    expect(passphrase not in (app.data / "audit" / "audit.jsonl").read_text(encoding="utf-8"), "no passphrase in the log")


def verifying(app):
    """On the internet PC: a tampered bundle is rejected with the CLI's BUNDLE- reasons and
    nothing extracted; an encrypted one asks for its passphrase; a good one passes with the
    fingerprint and trusted key `rinko verify` reports, and 検証して取り出す… writes exactly the
    sealed files into the chosen empty folder (a folder with files is refused: tests/core). Each
    verification is logged as the CLI logs it and shows in the 台帳."""
    sender = app.work / "sender-pc"
    out = app.work / "out"
    out.mkdir()
    passphrase = "correct horse battery"
    env = dict(os.environ, RINKO_DATA_DIR=str(sender), RINKO_PASSPHRASE=passphrase)

    def run(*args, **kw):
        return subprocess.run([CLI, *args], capture_output=True, text=True, **kw)

    run("keys", "generate", env=env, check=True)
    run("keys", "export-public", "--out", str(out / "sender.pub"), env=env, check=True)
    run("keys", "trust", str(out / "sender.pub"), env=dict(os.environ, RINKO_DATA_DIR=str(app.data)), check=True)
    sealed = out / "sealed.7z"
    run("bundle", "--institution", "0110113719", "--encrypt", "--sign", "--out", str(sealed), str(SAMPLES / "valid"), env=env, check=True)
    plain = out / "plain.zip"
    run("bundle", "--institution", "0110113719", "--out", str(plain), str(SAMPLES / "valid"), env=env, check=True)
    tampered = out / "tampered.zip"
    changed = False
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if not changed and "/data/" in info.filename and info.filename.endswith(".xml") and "タナカ".encode() in data:
                data = data.replace("タナカ".encode(), "タカナ".encode(), 1)
                changed = True
            dst.writestr(info, data)
    expect(changed, "a payload file was changed")
    # The receiving PC's CLI, trusting the same key, for reference.
    reference_env = dict(os.environ, RINKO_DATA_DIR=str(app.work / "cli-data"), RINKO_PASSPHRASE=passphrase)
    run("keys", "trust", str(out / "sender.pub"), env=reference_env, check=True)

    def cli_verify(bundle):
        return json.loads(run("verify", "--format", "json", str(bundle), env=reference_env).stdout)

    app.el("tab-verify").click()
    wait("the verify screen", lambda: app.visible("verify"))
    app.js("window.Rinko.chooseBundle(arguments[0])", str(tampered))
    app.el("verify-go").click()
    wait("the verdict", lambda: app.visible("verify-result"))
    reference = cli_verify(tampered)
    expect(reference["verdict"] == "fail" and reference["reasons"], reference)
    reasons = app.js("return [...document.querySelectorAll('#verify-reasons li')].map((li) => li.textContent)")
    expect(reasons == [f"{r['code']}: {r['message']}" for r in reference["reasons"]], f"{reasons} vs {reference['reasons']}")
    expect(all(r.startswith("BUNDLE-") for r in reasons), reasons)
    expect("不合格" in app.el("verify-verdict").text, app.el("verify-verdict").text)
    app.shot("1-tampered")

    app.js("window.Rinko.chooseBundle(arguments[0])", str(sealed))
    app.el("verify-go").click()
    wait("the passphrase asked for", lambda: app.visible("problem"))
    expect("パスフレーズ" in app.el("problem-message").text, app.el("problem-message").text)
    expect(app.js("return document.activeElement.id") == "verify-passphrase", "the passphrase field has the focus")

    target = app.work / "received"
    target.mkdir()
    before = len(audit_entries(app.data))
    app.el("verify-passphrase").send_keys(passphrase)
    app.el("verify-extract").click()
    app.answer_dialog("取り出し先の空のフォルダーを選ぶ", target, opening=True)
    wait("the pass", lambda: app.visible("verify-result") and "合格:" in app.el("verify-verdict").text
         and "取り出し" in app.el("verify-facts").text)
    app.shot("2-passed")
    reference = cli_verify(sealed)
    groups = app.js("return [...document.querySelectorAll('#verify-fingerprint span')].map((g) => g.textContent)")
    expect("".join(groups) == reference["fingerprint"].upper() and len(groups) == 16, f"{groups} vs {reference['fingerprint']}")
    key = reference["signature"]["key"]
    expect(reference["signature"]["trusted"] and f"信頼する鍵 {key}" in app.el("verify-facts").text, app.el("verify-facts").text)
    extracted = {p.name: p.read_bytes() for p in target.rglob("*.xml")}
    originals = {p.name: p.read_bytes() for p in (SAMPLES / "valid").glob("*.xml")}
    expect(extracted == originals, f"extracted {sorted(extracted)} vs sealed {sorted(originals)}")
    expect(app.el("verify-passphrase").get_attribute("value") == "", "the passphrase is gone from the form")
    entries = audit_entries(app.data)
    expect(len(entries) == before + 1, f"one entry for the verification: {entries[before:]}")
    for key_ in ("operation", "outcome", "exit_code", "schema_sets", "inputs", "counts", "reasons"):
        cli_entry = audit_entries(app.work / "cli-data")[-1]
        expect(entries[-1].get(key_) == cli_entry.get(key_), f"audit {key_}: app {entries[-1].get(key_)} vs CLI {cli_entry.get(key_)}")
    app.el("tab-records").click()
    wait("the ledger", lambda: app.js("return document.getElementById('ledger-rows').children.length") >= 2)
    ledger = app.js("return [...document.querySelectorAll('#ledger-rows tr')].map((tr) => [tr.children[3].textContent, tr.children[4].textContent, tr.children[5].textContent])")
    expect(ledger[0] == ["検証", "合格", "sealed.7z"], ledger)
    expect(["検証", "不合格", "tampered.zip"] in ledger, ledger)


def rinko(args, data_dir, **env):
    """A CLI run of any outcome, with its own data folder."""
    return subprocess.run([CLI, *args], env=dict(os.environ, RINKO_DATA_DIR=str(data_dir), **env),
                          capture_output=True, text=True, cwd=ROOT)


def rule_pack(path, tampered=False):
    """A rule pack zip as a publisher ships it: the embedded 臨個票 2025 set as version 2025.99,
    with its manifest of SHA-256 lines; `tampered` changes checks.toml after the manifest was
    made, as a pack altered on its way would be."""
    source = ROOT / "schemas" / "rinko-kojinhyo-2025"
    files = {p.name: p.read_bytes() for p in sorted(source.iterdir()) if p.is_file()}
    files["schema-set.toml"] = re.sub(rb'(?m)^version = "[^"]*"', b'version = "2025.99"', files["schema-set.toml"], count=1)
    manifest = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(files.items()))
    if tampered:
        files["checks.toml"] += b"\n# changed after the manifest was made\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted({**files, "manifest-sha256.txt": manifest.encode()}.items()):
            z.writestr(f"rinko-kojinhyo-2025-pack/{name}", data)
    return path


def shown_sets(app):
    return app.js("return [...document.querySelectorAll('#schemas-rows tr')].map((tr) => [...tr.children].slice(0, 6).map((td) => td.textContent))")


def listed_sets(data_dir):
    return [[s["name"], s["version"], s["id"], s["sha256"]]
            for s in json.loads(cli(["schemas", "list", "--format", "json"], data_dir))["schema_sets"]]


def shown_keys(app, which):
    return app.js(f"return [...document.querySelectorAll('#keys-{which}-list li:not(.none)')].map((li) => [li.querySelector('.key-print').textContent, li.querySelector('.key-file').textContent])")


def packs(app):
    """スキーマセット: the sets `rinko schemas list` lists; a tampered pack is refused with the
    CLI's reason and changes nothing; a good one imports with its SHA-256 and signature result
    as `rinko schemas import` says them and is in force at once; the keys trusted from the
    window are `rinko keys list`'s, and with a publisher's key trusted an unsigned pack is
    refused; removing the imported set brings the embedded one back. The log holds the CLI's
    entries for the same steps."""
    out = app.work / "out"
    out.mkdir()
    reference = app.work / "cli-data"
    good = rule_pack(out / "pack.zip")
    bad = rule_pack(out / "tampered.zip", tampered=True)
    app.el("tab-schemas").click()
    wait("the schema sets", lambda: app.visible("schemas") and app.el("keys-packs-folder").text)
    embedded = listed_sets(app.data)
    expect([[r[0], r[1], r[2], r[5]] for r in shown_sets(app)] == embedded, f"{shown_sets(app)} vs {embedded}")
    expect(app.js("return document.querySelectorAll('#schemas-rows button').length") == 0, "no embedded set can be removed")
    expect(shown_keys(app, "packs") == [] and shown_keys(app, "bundles") == [], "no key trusted yet")
    expect(str(app.data) in app.el("schemas-store").text, app.el("schemas-store").text)

    # A tampered pack: the CLI's reason, nothing changed.
    said = rinko(["schemas", "import", str(bad)], reference)
    expect(said.returncode != 0 and "一致しません" in said.stderr, said.stderr)
    app.el("import-zip").click()
    app.answer_dialog("取り込むルールパック（zip）を選ぶ", bad, opening=True)
    wait("the refusal", lambda: app.visible("problem"))
    message = app.el("problem-message").text
    expect(message and message in said.stderr, f"app {message!r} vs CLI {said.stderr!r}")
    store = app.data / "schema-sets"
    expect(listed_sets(app.data) == embedded and (not store.exists() or not any(store.iterdir())),
           "a refused pack changes nothing")
    expect(audit_entries(app.data) == [], "a refused import writes no entry, as in the CLI")
    app.shot("1-refused")

    # A good pack: in force at once, as the CLI says it.
    said = rinko(["schemas", "import", str(good)], reference)
    expect(said.returncode == 0, said.stderr)
    app.el("problem-close").click()
    app.el("import-zip").click()
    app.answer_dialog("取り込むルールパック（zip）を選ぶ", good, opening=True)
    wait("the import", lambda: app.visible("import-result"))
    lines = said.stdout.splitlines()
    expect(app.el("import-summary").text == lines[0], f"{app.el('import-summary').text!r} vs {lines[0]!r}")
    facts = app.el("import-facts").text
    sha = next(s for s in json.loads(cli(["schemas", "list", "--format", "json"], app.data))["schema_sets"] if s["id"] == "rinko-kojinhyo-2025")["sha256"]
    expect(sha in facts and f"SHA-256 {sha}" in lines[1] and "署名なし" in facts and "署名なし" in lines[1], f"{facts} vs {lines}")
    wait("the list", lambda: [[r[0], r[1], r[2], r[5]] for r in shown_sets(app)] == listed_sets(app.data))
    rows = shown_sets(app)
    expect(any(r[2] == "rinko-kojinhyo-2025" and r[1] == "2025.99" and r[3] == "取り込み済み" for r in rows), rows)
    expect("2025.99" in app.el("sets").text, f"the header names the set in force: {app.el('sets').text}")
    app.shot("2-imported")

    # Keys: a publisher's and a sending institution's, trusted through the file dialog.
    for who in ("publisher", "sender"):
        rinko(["keys", "generate"], app.work / who).check_returncode()
        rinko(["keys", "export-public", "--out", str(out / f"{who}.pub")], app.work / who).check_returncode()
    rinko(["schemas", "trust", str(out / "publisher.pub")], reference).check_returncode()
    rinko(["keys", "trust", str(out / "sender.pub")], reference).check_returncode()
    app.press("trust-pack-key")
    app.answer_dialog("ルールパックの発行元の公開鍵を選ぶ", out / "publisher.pub", opening=True)
    wait("the pack key", lambda: shown_keys(app, "packs"))
    app.press("trust-bundle-key")
    app.answer_dialog("送り元の機関の公開鍵を選ぶ", out / "sender.pub", opening=True)
    wait("the bundle key", lambda: shown_keys(app, "bundles"))
    listed = json.loads(cli(["keys", "list", "--format", "json"], app.data))
    for which, key in (("packs", "pack_keys"), ("bundles", "bundle_keys")):
        expect(shown_keys(app, which) == [[k["fingerprint"], k["path"]] for k in listed[key]["keys"]],
               f"{which}: {shown_keys(app, which)} vs {listed[key]}")
        expect(app.el(f"keys-{which}-folder").text == f"保存先: {listed[key]['folder']}", app.el(f"keys-{which}-folder").text)
    expect(shown_keys(app, "packs")[0][0] != shown_keys(app, "bundles")[0][0], "two keys")
    expect(shown_keys(app, "packs")[0][0] in app.el("info-message").text or shown_keys(app, "bundles")[0][0] in app.el("info-message").text,
           app.el("info-message").text)
    app.shot("3-keys")

    # With a publisher's key trusted, the unsigned pack is refused: the list stays.
    before = listed_sets(app.data)
    said = rinko(["schemas", "import", str(good)], reference)
    expect(said.returncode != 0 and "署名" in said.stderr, said.stderr)
    app.el("import-zip").click()
    app.answer_dialog("取り込むルールパック（zip）を選ぶ", good, opening=True)
    wait("the refusal", lambda: app.visible("problem"))
    expect(app.el("problem-message").text in said.stderr, f"{app.el('problem-message').text!r} vs {said.stderr!r}")
    expect(listed_sets(app.data) == before, "the refused pack changed nothing")
    app.el("problem-close").click()

    # Removing the imported set: asked first; the embedded set is in force again.
    said = rinko(["schemas", "remove", "rinko-kojinhyo-2025"], reference)
    expect(said.returncode == 0, said.stderr)
    app.d.find_element(By.CSS_SELECTOR, "#schemas-rows button").click()
    wait("the question", lambda: app.visible("confirm"))
    expect("2025.99" in app.el("confirm-message").text, app.el("confirm-message").text)
    app.el("confirm-ok").click()
    wait("the removal", lambda: app.visible("info") and app.el("info-message").text.startswith("取り除きました"))
    expect([app.el("info-message").text, app.el("info-hint").text] == said.stdout.splitlines(), f"{app.el('info-message').text} vs {said.stdout}")
    wait("the list", lambda: [[r[0], r[1], r[2], r[5]] for r in shown_sets(app)] == embedded)

    entries = [(e["operation"], e["outcome"]) for e in audit_entries(app.data)]
    expect(entries == [(e["operation"], e["outcome"]) for e in audit_entries(reference)], f"app {entries} vs CLI {audit_entries(reference)}")
    expect([op for op, _ in entries] == ["schemas-import", "schemas-trust", "keys-trust", "schemas-remove"], entries)


def session(app):
    """One working session in one data folder, as IT staff and a physician would have it: check
    the samples, print a form, make the key and seal the passing files signed, verify and
    extract the bundle, import a rule pack. Then 記録の検証 says what `rinko log verify` says
    (intact), the log holds one entry per operation, the same kinds and outcomes as the CLI's
    log for the same steps, and the 台帳 shows the bundle made and verified."""
    out = app.work / "out"
    out.mkdir()
    reference = app.work / "cli-data"
    form = SAMPLES / "valid" / "ikensho-2025.xml"
    pack = rule_pack(out / "pack.zip")

    app.check([SAMPLES])
    app.choose([form.name])
    pdf = out / "form.pdf"
    app.save_through_dialog("print-chosen", pdf, "印刷する PDF を保存", lambda: app.visible("info"))

    app.el("tab-seal").click()
    wait("the seal screen", lambda: app.visible("seal-body") and app.el("operator").get_attribute("value"))
    app.el("institution").send_keys("0110113719")
    app.el("medium").send_keys("USB-07")
    app.el("make-key").click()
    wait("the key", lambda: "指紋" in app.el("key-state").text)
    bundle = out / "bundle.zip"
    app.save_through_dialog(lambda: app.press("seal-go"), bundle, "バンドルを保存", lambda: app.visible("sealed"))
    sealed = app.js("return [...document.querySelectorAll('#seal-rows input:checked')].map((b) => b.closest('tr').children[1].title)")

    app.el("tab-verify").click()
    wait("the verify screen", lambda: app.visible("verify"))
    app.js("window.Rinko.chooseBundle(arguments[0])", str(bundle))
    target = app.work / "received"
    target.mkdir()
    expect(app.el("verify-operator").get_attribute("value") == app.el("operator").get_attribute("value"),
           "the operator is the OS user, as on the 封緘 form")
    app.el("verify-medium").send_keys("USB-07")
    app.shot("1-verify-form")
    app.el("verify-extract").click()
    app.answer_dialog("取り出し先の空のフォルダーを選ぶ", target, opening=True)
    wait("the pass", lambda: app.visible("verify-result") and "合格:" in app.el("verify-verdict").text
         and "取り出し" in app.el("verify-facts").text)
    app.shot("2-verified")

    app.el("tab-schemas").click()
    wait("the schema sets", lambda: app.visible("schemas"))
    app.js("window.Rinko.importPack(arguments[0])", str(pack))
    wait("the import", lambda: app.visible("import-result"))

    # The CLI, the same steps, in its own data folder.
    (out / "cli-received").mkdir()
    for args in (["check", str(SAMPLES)],
                 ["print", "--out", str(out / "cli.pdf"), str(form)],
                 ["keys", "generate"],
                 ["bundle", "--institution", "0110113719", "--medium", "USB-07", "--sign", "--out", str(out / "cli.zip"), *sealed],
                 ["verify", "--medium", "USB-07", "--extract", str(out / "cli-received"), str(out / "cli.zip")],
                 ["schemas", "import", str(pack)]):
        ran = rinko(args, reference)
        expect(ran.returncode in (0, 1), f"rinko {args}: {ran.stderr}")
    ours = [(e["operation"], e["outcome"]) for e in audit_entries(app.data)]
    theirs = [(e["operation"], e["outcome"]) for e in audit_entries(reference)]
    expect(ours == theirs, f"app {ours} vs CLI {theirs}")
    expect([op for op, _ in ours] == ["check", "print", "keys-generate", "bundle", "verify", "schemas-import"], ours)

    app.el("tab-records").click()
    wait("the records", lambda: app.visible("records") and app.js("return document.getElementById('log-rows').children.length") == len(ours))
    app.el("verify-log").click()
    wait("the log's check", lambda: app.visible("log-check"))
    said = rinko(["log", "verify"], app.data)
    expect(said.returncode == 0 and app.el("log-check-heading").text == said.stdout.splitlines()[0]
           and f"{len(ours)} 件" in said.stdout, f"{app.el('log-check-heading').text} vs {said.stdout}")
    ledger = app.js("return [...document.querySelectorAll('#ledger-rows tr')].map((tr) => [tr.children[3].textContent, tr.children[4].textContent, tr.children[5].textContent, tr.children[11].textContent])")
    expect(ledger == [["検証", "合格", "bundle.zip", "USB-07"], ["作成", "合格", "bundle.zip", "USB-07"]], ledger)
    cli_ledger = list(csv.reader(io.StringIO(cli(["ledger", "export"], reference).decode("utf-8-sig"))))
    expect([[r[3], r[4], r[11]] for r in reversed(cli_ledger[1:])] == [[r[0], r[1], r[3]] for r in ledger],
           f"the CLI's 台帳 of the same steps: {cli_ledger}")
    app.shot("3-records")


SCENARIOS = {f.__name__: f for f in (samples, findings, export, cancel, security, scaled, refusals, printing, records, sealing, verifying, packs, session, installed)}

if __name__ == "__main__":
    scenario = SCENARIOS[sys.argv[1]]
    app = App(sys.argv[1], epoch=EPOCH if sys.argv[1] in ("printing", "export") else None)
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
