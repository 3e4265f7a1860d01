// Rinko's window: 検査・印刷, 封緘, 検証, 記録, スキーマセット, このアプリについて. Everything
// it shows comes from Rinko's commands (src-tauri/src/commands.rs): the JSON report of
// docs/report-json.md, the lists of `schemas list` and `keys list --format json`, the
// printout's HTML page, the log and the ledger as the CLI words them. This file lays them out, filters and sorts them; it decides no verdict and
// counts nothing the commands do not say.
"use strict";

(() => {
  const { invoke, Channel } = window.__TAURI__.core;
  const $ = (id) => document.getElementById(id);

  const VERDICT = { pass: "適合", fail: "不適合", none: "判定なし" };
  const SEVERITY = { error: "エラー", warning: "警告" };
  const ORIGIN = { embedded: "組み込み", imported: "取り込み済み", folder: "フォルダー指定", xsd: "指定の XSD" };
  const number = new Intl.NumberFormat("ja-JP");

  const state = {
    paths: [],          // what the last batch was started with, for 再検査
    report: null,
    cancelled: false,
    rows: [],           // every file of the batch, checked or not
    view: [],           // the rows shown: filtered, then sorted
    sort: { key: null, dir: 1 },
    selected: -1,       // position in view
    running: false,
    rowHeight: 0,
    chosen: new Set(),  // report positions of the files chosen for the preview and printing
    previewed: [],      // the files the preview shows
    detail: -1,         // the report position of the file whose detail is open
    checkScreen: "start",
    current: "start",   // the screen long work returns to
    sets: [],
    operator: "",       // who works here (the OS user), for the 封緘 and 検証 forms
  };

  // ---- problems and notices ------------------------------------------------------------

  const ABOUT = { input: "入力", output: "保存先", "data-folder": "データフォルダー", today: "今日の日付" };

  function showProblem(problem) {
    const where = problem.about && ABOUT[problem.about.kind];
    const value = problem.about && typeof problem.about.value === "string" ? problem.about.value : "";
    // Most messages name their path already; the others get it in front.
    const named = where && value && !problem.message.includes(value);
    $("problem-message").textContent = (named ? `${where}「${value}」: ` : "") + problem.message;
    $("problem-hint").textContent = problem.hint || "";
    $("problem-hint").hidden = !problem.hint;
    $("problem").hidden = false;
  }

  function asProblem(error) {
    if (error && typeof error === "object" && error.message) return error;
    return { code: "internal", message: `処理できませんでした: ${String(error)}`, about: { kind: "operation" } };
  }

  function showNotices(notices) {
    const box = $("notices");
    box.replaceChildren();
    for (const notice of notices || []) {
      const p = document.createElement("p");
      p.textContent = notice.message + (notice.hint ? `　${notice.hint}` : "");
      box.append(p);
    }
    box.hidden = box.childElementCount === 0;
  }

  $("problem-close").addEventListener("click", () => { $("problem").hidden = true; });

  function showInfo(message, hint) {
    $("info-message").textContent = message;
    $("info-hint").textContent = hint || "";
    $("info-hint").hidden = !hint;
    $("info").hidden = false;
  }
  $("info-close").addEventListener("click", () => { $("info").hidden = true; });

  // ---- the header: active sets and today -------------------------------------------------

  function japaneseDate(day) {
    const [y, m, d] = day.split("-").map(Number);
    return `${y}年${m}月${d}日`;
  }

  async function loadSession() {
    try {
      const session = await invoke("session");
      $("today-value").textContent = session.today;
      state.sets = session.schema_sets;
      const sets = $("sets");
      sets.replaceChildren();
      for (const set of session.schema_sets) {
        const chip = document.createElement("span");
        chip.className = "set" + (set.status === "damaged" ? " damaged" : "");
        const until = set.valid_until ? japaneseDate(set.valid_until) : "";
        chip.textContent = `${set.name} ${set.version}`;
        const origin = document.createElement("span");
        origin.className = "origin";
        origin.textContent = `${ORIGIN[set.origin] || set.origin}・${japaneseDate(set.valid_from)}〜${until}`;
        chip.append(origin);
        chip.title = `${set.id} ${set.version}\n${set.source}\nSHA-256: ${set.sha256 || "—"}` +
          (set.problem ? `\n${set.problem}` : "");
        sets.append(chip);
      }
      document.title = `Rinko ${session.version} — 臨個票・意見書の検査`;
      $("version").textContent = `Rinko ${session.version}`;
      $("data-folder").textContent = session.data_folder;
      state.operator = session.operator;
      if (!$("verify-operator").value) $("verify-operator").value = session.operator;
      showNotices(session.notices);
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  // ---- screens ---------------------------------------------------------------------------

  const CHECK_SCREENS = ["start", "running", "results", "preview"];

  function screen(name) {
    for (const id of [...CHECK_SCREENS, "seal", "verify", "records", "schemas", "about"]) $(id).hidden = name !== id;
    const view = CHECK_SCREENS.includes(name) ? "check" : name;
    if (name !== "running") state.current = name;
    if (view === "check" && name !== "running") state.checkScreen = name;
    for (const tab of document.querySelectorAll(".tab")) {
      if (tab.dataset.view === view) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
      tab.disabled = name === "running";
    }
  }

  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      const view = tab.dataset.view;
      // What was said belongs to the screen it was said on.
      $("info").hidden = true;
      if (view === "check") screen(state.checkScreen);
      else if (view === "seal") showSeal();
      else if (view === "verify") screen("verify");
      else if (view === "records") loadRecords();
      else if (view === "schemas") showSchemas();
      else if (view === "about") showAbout();
    });
  }

  // ---- running a batch -------------------------------------------------------------------

  let timer = null;

  function elapsedText(ms) {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  // Runs a long command with the progress screen: shown from its first report (a save dialog
  // may come first), 中止 at item boundaries, back to where the user was when it fails.
  async function withProgress(command, args) {
    state.running = true;
    $("problem").hidden = true;
    const previous = state.current;
    let shown = false;
    const show = () => {
      if (shown) return;
      shown = true;
      screen("running");
      $("cancel").disabled = false;
      $("cancel").focus();
      const started = Date.now();
      $("elapsed").textContent = "0:00";
      timer = setInterval(() => { $("elapsed").textContent = elapsedText(Date.now() - started); }, 1000);
    };
    $("phase").textContent = "準備中";
    // Not indeterminate: its animation would repaint the window all the time, and the window
    // shares the cores with the work.
    $("bar").max = 1;
    $("bar").value = 0;
    $("done").textContent = "0";
    $("total").textContent = "—";
    $("current").replaceChildren();
    const progress = new Channel();
    progress.onmessage = (step) => {
      show();
      $("phase").textContent = step.phase;
      if (step.total > 0) {
        $("bar").max = step.total;
        $("bar").value = step.done;
        $("done").textContent = number.format(step.done);
        $("total").textContent = number.format(step.total);
      }
      if (step.current) {
        const bdi = document.createElement("bdi");
        bdi.textContent = step.current;
        $("current").replaceChildren(bdi);
        $("current").title = step.current;
      }
    };
    if (command === "check") show();
    try {
      return await invoke(command, { ...args, progress });
    } finally {
      clearInterval(timer);
      state.running = false;
      if (shown) screen(previous);
    }
  }

  function busy() {
    if (!state.running) return false;
    showProblem({ message: "処理の実行中です。終わるのを待つか中止してから、もう一度操作してください。" });
    return true;
  }

  async function checkPaths(paths) {
    if (!paths || paths.length === 0 || busy()) return;
    try {
      const checked = await withProgress("check", { paths });
      state.paths = paths;
      showBatch(checked);
      showNotices(checked.notices);
      screen("results");
      renderRows();
      $("tbody").focus();
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  $("cancel").addEventListener("click", () => {
    $("cancel").disabled = true;
    $("phase").textContent = "中止しています（次のファイルの前で止まります）";
    invoke("cancel");
  });

  // ---- the batch as rows -----------------------------------------------------------------

  function splitPath(path) {
    const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
    return { name: path.slice(cut + 1), folder: cut >= 0 ? path.slice(0, cut) : "" };
  }

  function showBatch(checked) {
    const report = checked.report;
    state.report = report;
    state.cancelled = checked.cancelled;
    const versions = new Map(report.schema_sets.map((s) => [s.id, s.version]));
    const rows = report.files.map((file, index) => {
      const errors = file.findings.filter((f) => f.severity === "error").length;
      const warnings = file.findings.filter((f) => f.severity === "warning").length;
      const { name, folder } = splitPath(file.path);
      const searchable = [name, folder, file.form || "",
        ...file.findings.map((f) => `${f.code} ${f.label || ""}`)].join("\n").toLowerCase();
      return {
        index, file, name, folder, errors, warnings,
        form: file.form || "",
        version: versions.get(file.schema_set) || "",
        verdict: file.status === "pass" ? "pass" : "fail",
        searchable,
      };
    });
    for (const path of checked.unchecked) {
      const { name, folder } = splitPath(path);
      rows.push({
        index: -1, file: null, name, folder, errors: 0, warnings: 0, form: "", version: "",
        verdict: "none", path, searchable: `${name}\n${folder}`.toLowerCase(),
      });
    }
    state.rows = rows;
    state.selected = -1;
    state.chosen.clear();
    showChosen();

    const s = report.summary;
    $("summary").textContent =
      `${number.format(s.files)} ファイル: 適合 ${number.format(s.passed)}、不適合 ${number.format(s.failed)}` +
      `（エラー ${number.format(s.errors)} 件、警告 ${number.format(s.warnings)} 件）`;
    const note = $("cancelled-note");
    note.hidden = !checked.cancelled;
    note.textContent = checked.cancelled
      ? `中止: ${number.format(report.files.length)} / ${number.format(report.files.length + checked.unchecked.length)} ファイルを検査しました。残りの ${number.format(checked.unchecked.length)} ファイルは判定なしです。`
      : "";

    const forms = [...new Set(rows.map((r) => r.form).filter(Boolean))].sort();
    const select = $("form-filter");
    const keep = select.value;
    select.replaceChildren(new Option("すべて", ""), ...forms.map((f) => new Option(f, f)));
    select.value = forms.includes(keep) ? keep : "";
    applyView();
  }

  // ---- filter, sort, virtual table ---------------------------------------------------------

  const ORDER = { fail: 0, none: 1, pass: 2 };

  function compare(a, b, key) {
    switch (key) {
      case "errors":
      case "warnings":
        return a[key] - b[key];
      case "verdict":
        return ORDER[a.verdict] - ORDER[b.verdict];
      default:
        return a[key].localeCompare(b[key], "ja");
    }
  }

  function applyView() {
    const onlyFailed = $("only-failed").checked;
    const onlyWarned = $("only-warned").checked;
    const form = $("form-filter").value;
    const needle = $("search").value.trim().toLowerCase();
    let view = state.rows.filter((r) =>
      (!onlyFailed || r.verdict === "fail") &&
      (!onlyWarned || r.warnings > 0) &&
      (!form || r.form === form) &&
      (!needle || r.searchable.includes(needle)));
    const { key, dir } = state.sort;
    if (key) {
      view = view.map((row, i) => [row, i])
        .sort(([a, i], [b, j]) => dir * compare(a, b, key) || i - j)
        .map(([row]) => row);
    }
    state.view = view;
    state.selected = Math.min(state.selected, view.length - 1);
    for (const th of document.querySelectorAll(".th")) {
      if (th.dataset.key === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    $("table").setAttribute("aria-rowcount", String(view.length));
    $("shown").textContent = view.length === state.rows.length
      ? `${number.format(view.length)} 件を表示`
      : `${number.format(view.length)} 件を表示（全 ${number.format(state.rows.length)} 件）`;
    $("empty-filter").hidden = view.length > 0;
    $("spacer").style.height = `${view.length * rowHeight()}px`;
    renderRows();
    showChosen();
  }

  function rowHeight() {
    if (!state.rowHeight) {
      const probe = document.createElement("div");
      probe.className = "tr";
      probe.style.visibility = "hidden";
      $("tbody").append(probe);
      state.rowHeight = probe.getBoundingClientRect().height || 32;
      probe.remove();
    }
    return state.rowHeight;
  }

  function cell(text, className) {
    const td = document.createElement("div");
    td.className = `td ${className}`;
    td.setAttribute("role", "gridcell");
    td.title = text;
    if (className === "folder") {
      const bdi = document.createElement("bdi");
      bdi.textContent = text;
      td.append(bdi);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function renderRows() {
    const body = $("tbody");
    const height = rowHeight();
    const first = Math.max(0, Math.floor(body.scrollTop / height) - 5);
    const last = Math.min(state.view.length, first + Math.ceil(body.clientHeight / height) + 10);
    const rows = [];
    for (let i = first; i < last; i++) {
      const row = state.view[i];
      const tr = document.createElement("div");
      tr.className = "tr" + (i === state.selected ? " selected" : "");
      tr.setAttribute("role", "row");
      tr.setAttribute("aria-rowindex", String(i + 1));
      tr.id = `row-${i}`;
      tr.dataset.position = String(i);
      tr.style.top = `${i * height}px`;
      const verdict = cell("", "verdict-cell");
      const badge = document.createElement("span");
      badge.className = `verdict ${row.verdict}`;
      badge.textContent = VERDICT[row.verdict];
      verdict.append(badge);
      verdict.title = VERDICT[row.verdict];
      const pick = document.createElement("label");
      pick.className = "td pick";
      pick.setAttribute("role", "gridcell");
      if (row.file) {
        const box = document.createElement("input");
        box.type = "checkbox";
        box.checked = state.chosen.has(row.index);
        box.dataset.index = String(row.index);
        box.setAttribute("aria-label", `${row.name} を印刷用に選ぶ`);
        pick.append(box);
      }
      tr.append(
        pick,
        cell(row.name, "name"),
        cell(row.folder, "folder"),
        cell(row.form || "—", "form"),
        cell(row.version || "—", "version"),
        verdict,
        cell(row.file ? String(row.errors) : "—", "num errors" + (row.errors ? " some" : "")),
        cell(row.file ? String(row.warnings) : "—", "num warnings" + (row.warnings ? " some" : "")),
      );
      rows.push(tr);
    }
    body.replaceChildren($("spacer"), ...rows);
    if (state.selected >= 0) body.setAttribute("aria-activedescendant", `row-${state.selected}`);
    else body.removeAttribute("aria-activedescendant");
  }

  let frame = 0;
  $("tbody").addEventListener("scroll", () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; renderRows(); });
  });
  // The list's height changes with the window, the zoom and the banners above it.
  new ResizeObserver(() => { state.rowHeight = 0; if (state.report) applyView(); }).observe($("tbody"));

  for (const id of ["only-failed", "only-warned", "form-filter"]) {
    $(id).addEventListener("change", applyView);
  }
  $("search").addEventListener("input", applyView);

  for (const th of document.querySelectorAll(".th")) {
    th.addEventListener("click", () => {
      const key = th.dataset.key;
      state.sort = state.sort.key === key
        ? { key, dir: -state.sort.dir }
        : { key, dir: key === "errors" || key === "warnings" ? -1 : 1 };
      applyView();
    });
  }

  function select(position, open) {
    if (state.view.length === 0) return;
    state.selected = Math.max(0, Math.min(position, state.view.length - 1));
    const body = $("tbody");
    const height = rowHeight();
    const top = state.selected * height;
    if (top < body.scrollTop) body.scrollTop = top;
    else if (top + height > body.scrollTop + body.clientHeight) body.scrollTop = top + height - body.clientHeight;
    renderRows();
    if (open) openDetail(state.view[state.selected]);
  }

  $("tbody").addEventListener("click", (event) => {
    if (event.target.closest(".pick")) {
      const box = event.target.closest(".pick").querySelector("input");
      if (box && event.target === box) choose(Number(box.dataset.index), box.checked);
      return;
    }
    const tr = event.target.closest(".tr");
    if (tr) select(Number(tr.dataset.position), true);
  });

  $("tbody").addEventListener("keydown", (event) => {
    const page = Math.max(1, Math.floor($("tbody").clientHeight / rowHeight()) - 1);
    const moves = {
      ArrowDown: state.selected + 1, ArrowUp: state.selected - 1,
      PageDown: state.selected + page, PageUp: state.selected - page,
      Home: 0, End: state.view.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      select(moves[event.key], false);
    } else if (event.key === "Enter" && state.selected >= 0) {
      event.preventDefault();
      openDetail(state.view[state.selected]);
    }
  });

  // ---- a file's findings -----------------------------------------------------------------

  function fact(list, term, value) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }

  function codePoints(value) {
    const list = document.createElement("ul");
    list.className = "chars";
    list.setAttribute("aria-label", "文字とコードポイント");
    const chars = Array.from(value);
    for (const ch of chars.slice(0, 80)) {
      const item = document.createElement("li");
      const glyph = document.createElement("span");
      glyph.className = "glyph";
      glyph.textContent = ch.trim() === "" ? "␣" : ch;
      const cp = document.createElement("span");
      cp.className = "cp";
      cp.textContent = "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      item.append(glyph, cp);
      list.append(item);
    }
    if (chars.length > 80) {
      const more = document.createElement("li");
      more.textContent = `ほか ${chars.length - 80} 文字`;
      list.append(more);
    }
    return list;
  }

  const explanations = new Map();

  function explanation(details, code) {
    details.addEventListener("toggle", async () => {
      if (!details.open || details.querySelector(".explanation")) return;
      if (!explanations.has(code)) explanations.set(code, await invoke("explain", { code }));
      const markdown = explanations.get(code);
      const body = markdown
        ? window.RinkoMarkdown.render(markdown)
        : Object.assign(document.createElement("p"), { textContent: "このコードの説明はありません。" });
      body.classList.add("explanation");
      details.append(body);
    });
  }

  function findingItem(finding) {
    const item = document.createElement("li");
    item.className = `finding ${finding.severity}`;
    const head = document.createElement("div");
    head.className = "finding-head";
    const severity = document.createElement("span");
    severity.className = `severity ${finding.severity}`;
    severity.textContent = SEVERITY[finding.severity] || finding.severity;
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = finding.code;
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = finding.label || "";
    head.append(severity, code, label);
    item.append(head);

    const where = [];
    if (finding.path) where.push(finding.path);
    if (finding.line) where.push(`${finding.line} 行 ${finding.column || "?"} 列`);
    if (where.length) {
      const p = document.createElement("p");
      p.className = "where";
      p.textContent = where.join("　");
      item.append(p);
    }
    const message = document.createElement("p");
    message.className = "message";
    message.textContent = finding.message;
    item.append(message);
    if (finding.value !== null && finding.value !== undefined) {
      const value = document.createElement("div");
      value.className = "value";
      const text = document.createElement("span");
      text.className = "value-text";
      text.textContent = finding.value;
      value.append("値: ", text, codePoints(finding.value));
      item.append(value);
    }
    if (finding.hint) {
      const hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = finding.hint;
      item.append(hint);
    }
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = `${finding.code} について（検査と指摘コードの説明）`;
    details.append(summary);
    explanation(details, finding.code);
    item.append(details);
    if (finding.constraint || finding.detail) {
      const technical = document.createElement("p");
      technical.className = "detail-technical";
      technical.textContent = [finding.constraint, finding.detail].filter(Boolean).join(": ");
      item.append(technical);
    }
    return item;
  }

  function openDetail(row) {
    if (!row) return;
    $("detail-title").textContent = row.name;
    const facts = $("facts");
    facts.replaceChildren();
    const findings = $("findings");
    findings.replaceChildren();
    fact(facts, "判定", VERDICT[row.verdict]);
    state.detail = row.index;
    $("detail-actions").hidden = !row.file;
    if (!row.file) {
      fact(facts, "パス", row.path);
      const p = document.createElement("li");
      p.textContent = "中止したため、このファイルは検査していません。再検査してください。";
      findings.append(p);
    } else {
      const file = row.file;
      fact(facts, "パス", file.path);
      fact(facts, "様式", file.form ? `${file.form}（${file.schema_set} ${row.version}）` : "—");
      fact(facts, "文字コード", file.encoding || "—");
      fact(facts, "SHA-256", file.sha256 || "—");
      fact(facts, "指摘", `エラー ${row.errors} 件、警告 ${row.warnings} 件` +
        (file.findings_omitted ? `（ほかに上限を超えた ${file.findings_omitted} 件）` : ""));
      if (file.findings.length === 0) {
        const p = document.createElement("li");
        p.textContent = "指摘はありません。";
        findings.append(p);
      }
      for (const finding of file.findings) findings.append(findingItem(finding));
    }
    $("detail").hidden = false;
    $("detail").scrollTop = 0;
    $("detail-close").focus();
  }

  function closeDetail() {
    if ($("detail").hidden) return;
    $("detail").hidden = true;
    $("tbody").focus();
  }

  $("detail-close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (!$("confirm").hidden) $("confirm-cancel").click();
    else closeDetail();
  });

  // ---- choosing files, drops, re-check, export -------------------------------------------

  async function pick(what) {
    try {
      const paths = await invoke("pick", { what });
      await checkPaths(paths);
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  for (const [id, what] of [["pick-files", "files"], ["pick-folder", "folder"], ["add-files", "files"], ["add-folder", "folder"]]) {
    $(id).addEventListener("click", () => pick(what));
  }
  $("recheck").addEventListener("click", () => checkPaths(state.paths));

  async function exportReport(format) {
    const all = state.view.length === state.rows.length && !state.sort.key;
    const files = all ? null : state.view.filter((r) => r.file).map((r) => r.index);
    try {
      const saved = await invoke("export", { format, files });
      if (saved) $("shown").textContent = `保存しました: ${saved}`;
    } catch (error) {
      showProblem(asProblem(error));
    }
  }
  $("export-xlsx").addEventListener("click", () => exportReport("xlsx"));
  $("export-csv").addEventListener("click", () => exportReport("csv"));
  $("export-json").addEventListener("click", () => exportReport("json"));

  // ---- choosing files, the preview and printing ------------------------------------------

  function choose(index, on) {
    if (on) state.chosen.add(index);
    else state.chosen.delete(index);
    showChosen();
  }

  function showChosen() {
    const n = state.chosen.size;
    $("chosen").textContent = `選択 ${number.format(n)} 件`;
    $("preview-chosen").disabled = n === 0;
    $("print-chosen").disabled = n === 0;
    const shown = state.view.filter((r) => r.file);
    $("pick-all").checked = shown.length > 0 && shown.every((r) => state.chosen.has(r.index));
  }

  $("pick-all").addEventListener("change", () => {
    for (const row of state.view) if (row.file) choose(row.index, $("pick-all").checked);
    renderRows();
  });

  // In report order, as the CLI prints the files it is given.
  const chosenFiles = () => [...state.chosen].sort((a, b) => a - b);

  function refusalProblem(refusals) {
    return {
      message: "印刷できないファイルがあります（何も書き出していません）:\n" +
        refusals.map((r) => `${r.path}: ${r.reason}`).join("\n"),
      hint: "検査結果で内容を確認し、院内システムで直して出力し直してください。",
    };
  }

  // The printout's own page (inline CSS, no script, no remote reference) in a shadow root:
  // its styles stay its own and the window's strict CSP stays as it is.
  function showPage(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    const sheet = new CSSStyleSheet();
    sheet.replaceSync([...page.querySelectorAll("style")].map((s) => s.textContent).join("\n"));
    const host = $("preview-page");
    const root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    root.replaceChildren(...[...page.body.childNodes].map((node) => document.importNode(node, true)));
    host.scrollTop = 0;
  }

  async function previewFiles(files) {
    if (files.length === 0 || busy()) return;
    closeDetail();
    try {
      const shown = await withProgress("preview", { files });
      showNotices(shown.notices);
      if (shown.refusals.length) return showProblem(refusalProblem(shown.refusals));
      if (shown.cancelled || !shown.html) return;
      state.previewed = files;
      showPage(shown.html);
      $("preview-title").textContent = `プレビュー（${number.format(shown.forms)} 件）`;
      const errors = $("preview-errors");
      errors.hidden = shown.with_errors.length === 0;
      errors.textContent = `エラーのあるファイルが ${shown.with_errors.length} 件あります。印刷すると各ページに「エラーあり・提出不可」と印字され、提出には使えません。`;
      screen("preview");
      $("preview-back").focus();
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  // A question the user answers before something that cannot be taken back.
  function ask({ title, message, items, ok }) {
    $("confirm-title").textContent = title;
    $("confirm-message").textContent = message;
    $("confirm-files").replaceChildren(...items.map((name) => Object.assign(document.createElement("li"), { textContent: name })));
    $("confirm-ok").textContent = ok;
    $("confirm").hidden = false;
    $("confirm-cancel").focus();
    return new Promise((resolve) => {
      const done = (answer) => {
        $("confirm").hidden = true;
        $("confirm-ok").onclick = null;
        $("confirm-cancel").onclick = null;
        resolve(answer);
      };
      $("confirm-ok").onclick = () => done(true);
      $("confirm-cancel").onclick = () => done(false);
    });
  }

  // A file with エラー prints only after the user says so here.
  function confirmErrors(names) {
    return ask({
      title: "エラーのあるファイルを印刷しますか",
      message: `選んだファイルのうち ${names.length} 件にエラーがあります。印刷すると各ページに「エラーあり・提出不可」と印字されます。この印刷は提出に使えません。`,
      items: names,
      ok: "「エラーあり・提出不可」と印字して印刷する",
    });
  }

  async function printFiles(files) {
    if (files.length === 0 || busy()) return;
    closeDetail();
    const byIndex = new Map(state.rows.filter((r) => r.file).map((r) => [r.index, r]));
    const failing = files.map((i) => byIndex.get(i)).filter((r) => r && r.errors > 0).map((r) => r.file.path);
    if (failing.length && !(await confirmErrors(failing))) return;
    try {
      const printed = await withProgress("print", { files, allowErrors: failing.length > 0 });
      if (!printed) return;
      showNotices(printed.notices);
      if (printed.refusals.length) return showProblem(refusalProblem(printed.refusals));
      if (printed.cancelled || !printed.saved) return;
      const marked = printed.with_errors.length
        ? `（エラーのある ${printed.with_errors.length} 件は「エラーあり・提出不可」と印字）` : "";
      showInfo(`PDF に ${number.format(printed.forms)} 件を書き出しました${marked}: ${printed.saved}`,
        printed.opened ? "PDF ビューアーで開きました。ビューアーの印刷から印刷してください。" : printed.open_problem);
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  $("preview-chosen").addEventListener("click", () => previewFiles(chosenFiles()));
  $("print-chosen").addEventListener("click", () => printFiles(chosenFiles()));
  $("preview-print").addEventListener("click", () => printFiles(state.previewed));
  $("preview-back").addEventListener("click", () => { screen("results"); $("tbody").focus(); });
  $("detail-preview").addEventListener("click", () => previewFiles([state.detail]));
  $("detail-print").addEventListener("click", () => printFiles([state.detail]));

  const drops = new Channel();
  drops.onmessage = (drop) => {
    document.body.classList.toggle("over", drop.kind === "enter");
    if (drop.kind !== "drop") return;
    // On the 検証 screen a dropped bundle is the one to verify; anywhere else drops are checked.
    if (state.current === "verify" && drop.paths.length === 1) chooseBundle(drop.paths[0]);
    else if (state.current === "schemas" && drop.paths.length === 1) importPack(drop.paths[0]);
    else checkPaths(drop.paths);
  };
  invoke("watch_drops", { channel: drops });

  // ---- 封緘: the passing files into a bundle with its slip ---------------------------------

  // The batch the choice was made for, the files chosen, and what the form starts from.
  const sealState = { batch: null, chosen: new Set(), form: null };

  function sealable(row) {
    return row.file && row.verdict === "pass";
  }

  async function showSeal() {
    screen("seal");
    const rows = state.rows.filter((r) => r.file);
    $("seal-empty").hidden = rows.length > 0;
    $("seal-body").hidden = rows.length === 0;
    if (rows.length === 0) return;
    if (sealState.batch !== state.report) {
      // A new batch: every passing file, as `rinko bundle` would be given the folder.
      sealState.batch = state.report;
      sealState.chosen = new Set(rows.filter(sealable).map((r) => r.index));
      $("sealed").hidden = true;
    }
    $("seal-rows").replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      const pick = document.createElement("td");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.disabled = !sealable(row);
      box.checked = sealState.chosen.has(row.index);
      box.setAttribute("aria-label", `${row.name} を封緘する`);
      box.addEventListener("change", () => {
        if (box.checked) sealState.chosen.add(row.index);
        else sealState.chosen.delete(row.index);
        showSealCount();
      });
      pick.append(box);
      const why = document.createElement("td");
      why.className = sealable(row) ? "" : "why";
      why.textContent = sealable(row) ? (row.warnings ? `できます（警告 ${row.warnings} 件は記録票に印）` : "できます")
        : `できません（エラー ${row.errors} 件。直して検査し直してください）`;
      tr.append(pick, Object.assign(document.createElement("td"), { textContent: row.name, title: row.file.path }),
        Object.assign(document.createElement("td"), { textContent: VERDICT[row.verdict] }), why);
      return tr;
    }));
    showSealCount();
    if (!$("operator").value) $("operator").value = state.operator;
    try {
      sealState.form = await invoke("seal_form");
      showKey(sealState.form.key);
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  function showSealCount() {
    const n = sealState.chosen.size;
    $("seal-count").textContent = `（${number.format(n)} 件）`;
    const passing = state.rows.filter(sealable);
    $("seal-all").checked = passing.length > 0 && passing.every((r) => sealState.chosen.has(r.index));
  }

  $("seal-all").addEventListener("change", () => {
    for (const row of state.rows.filter(sealable)) {
      if ($("seal-all").checked) sealState.chosen.add(row.index);
      else sealState.chosen.delete(row.index);
    }
    showSeal();
  });

  function showKey(key) {
    const sign = $("sign");
    sign.disabled = !key.exists || !!key.problem;
    if (sign.disabled) sign.checked = false;
    $("make-key").hidden = key.exists;
    $("key-state").textContent = key.problem ? key.problem.message
      : key.exists ? `署名鍵の指紋: ${key.fingerprint}（受け取る側に登録してもらう鍵です）`
        : "署名鍵がまだありません。署名するには、先に作ってください（この PC に、本人だけが読めるファイルとして保存します）。";
  }

  $("make-key").addEventListener("click", async () => {
    try {
      showKey(await invoke("generate_key"));
      $("sign").checked = true;
    } catch (error) {
      showProblem(asProblem(error));
    }
  });

  async function checkInstitution() {
    const code = $("institution").value.trim();
    const problem = code ? await invoke("check_institution", { code }) : null;
    $("institution-problem").textContent = problem || "";
    $("institution").setAttribute("aria-invalid", problem ? "true" : "false");
    return !problem && code !== "";
  }
  $("institution").addEventListener("input", checkInstitution);

  function checkPassphrase() {
    if (!$("encrypt").checked) return true;
    const min = sealState.form ? sealState.form.min_passphrase_chars : 12;
    const [first, again] = [$("passphrase").value, $("passphrase-again").value];
    const problem = [...first].length < min ? `パスフレーズは ${min} 文字以上にしてください。`
      : first !== again ? "2 つのパスフレーズが同じではありません。" : "";
    $("passphrase-problem").textContent = problem;
    return !problem;
  }
  $("encrypt").addEventListener("change", () => {
    $("passphrase-fields").hidden = !$("encrypt").checked;
    $("passphrase-problem").textContent = "";
  });
  for (const id of ["passphrase", "passphrase-again"]) {
    $(id).addEventListener("input", () => { if ($("passphrase-problem").textContent) checkPassphrase(); });
  }

  function clearPassphrase() {
    $("passphrase").value = "";
    $("passphrase-again").value = "";
  }

  $("seal-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy()) return;
    const codeOk = await checkInstitution();
    const passOk = checkPassphrase();
    if (!codeOk) {
      if (!$("institution").value.trim()) $("institution-problem").textContent = "医療機関コードを入れてください。";
      $("institution").focus();
      return;
    }
    if (!passOk) return $("passphrase").focus();
    if (sealState.chosen.size === 0) return showProblem({ message: "封緘するファイルを選んでください。" });
    const form = {
      files: [...sealState.chosen].sort((a, b) => a - b),
      institution: $("institution").value.trim(),
      operator: $("operator").value,
      medium: $("medium").value,
      passphrase: $("encrypt").checked ? $("passphrase").value : null,
      sign: $("sign").checked,
    };
    $("sealed").hidden = true;
    try {
      const sealed = await withProgress("seal", { form });
      if (!sealed) return;
      showNotices(sealed.notices);
      if (sealed.refused.length) {
        return showProblem({
          message: "封緘しませんでした（何も書き出していません）:\n" + sealed.refused.map((f) => `${f.path}: ${f.reason}`).join("\n"),
          hint: "検査結果で内容を確認し、直してから検査し直してください。",
        });
      }
      if (sealed.cancelled) return;
      // Groups of four in two rows of eight, to read aloud against the slip.
      $("sealed-fingerprint").replaceChildren(...sealed.fingerprint.split("-").map((group) =>
        Object.assign(document.createElement("span"), { textContent: group })));
      const facts = $("sealed-facts");
      facts.replaceChildren();
      fact(facts, "バンドル", sealed.bundle);
      fact(facts, "媒体持出記録票", sealed.slip + (sealed.slip_opened ? "（PDF ビューアーで開きました。印刷して署名してください）" : ""));
      fact(facts, "ファイル", `${number.format(sealed.files)} 件`);
      fact(facts, "暗号化", form.passphrase ? "あり（7z、AES-256）" : "なし");
      fact(facts, "署名", sealed.key_fingerprint ? `あり（鍵の指紋 ${sealed.key_fingerprint}）` : "なし");
      $("sealed-marked").replaceChildren(...sealed.marked.map((f) => Object.assign(document.createElement("li"), { textContent: `${f.path}: ${f.reason}（記録票に印）` })));
      $("sealed").hidden = false;
      if (!sealed.slip_opened) showInfo("封緘しました。", sealed.open_problem);
      $("sealed").scrollIntoView();
    } catch (error) {
      showProblem(asProblem(error));
    } finally {
      // The page's copy goes as soon as the work is done, whatever its outcome.
      form.passphrase = null;
      clearPassphrase();
    }
  });

  // ---- 検証: a bundle on the receiving PC ------------------------------------------------

  function chooseBundle(path) {
    state.bundle = path;
    $("bundle-path").textContent = path || "";
    $("verify-go").disabled = !path;
    $("verify-extract").disabled = !path;
    $("verify-result").hidden = true;
    if (path) $("verify-passphrase").focus();
  }

  $("pick-bundle").addEventListener("click", async () => {
    try {
      const path = await invoke("pick_bundle");
      if (path) chooseBundle(path);
    } catch (error) {
      showProblem(asProblem(error));
    }
  });

  const SIGNED = (signature) => !signature ? "なし"
    : !signature.valid ? "署名が正しくありません"
      : signature.trusted ? `あり（信頼する鍵 ${signature.key}）` : `あり（鍵 ${signature.key}。この PC ではまだ信頼する鍵として登録されていません）`;

  function showVerification(view) {
    const r = view.result;
    const box = $("verify-result");
    const passed = r.verdict === "pass";
    box.className = `verdict-box ${passed ? "pass" : "fail"}`;
    $("verify-verdict").textContent = passed ? "合格: バンドルは封緘したときのままです" : "不合格: このバンドルは使えません";
    $("verify-reasons").replaceChildren(...r.reasons.map((reason) =>
      Object.assign(document.createElement("li"), { textContent: `${reason.code}: ${reason.message}` })));
    const groups = r.fingerprint ? r.fingerprint.toUpperCase().match(/.{1,4}/g) : [];
    $("verify-fingerprint").replaceChildren(...groups.map((g) => Object.assign(document.createElement("span"), { textContent: g })));
    $("verify-fingerprint-label").hidden = groups.length === 0;
    const facts = $("verify-facts");
    facts.replaceChildren();
    fact(facts, "バンドル", r.bundle);
    if (r.institution) fact(facts, "送り元の医療機関コード", r.institution);
    if (r.bagging_date) fact(facts, "封緘日", r.bagging_date);
    fact(facts, "暗号化", r.encrypted ? "あり" : "なし");
    fact(facts, "署名", SIGNED(r.signature));
    fact(facts, "ファイル", `${number.format(r.files.length)} 件`);
    if (view.extracted_to) fact(facts, "取り出し", `${number.format(r.extracted)} 件を ${view.extracted_to} に書き出しました`);
    else if (view.extract_problem) fact(facts, "取り出し", view.extract_problem.message);
    else if (!passed) fact(facts, "取り出し", "不合格のため何も書き出していません");
    $("verify-files").replaceChildren(...r.files.map((f) => tableRow([
      f.path, VERDICT[f.status] || f.status, String(f.errors), String(f.warnings), f.sha256 || "—"])));
    box.hidden = false;
    box.scrollIntoView();
  }

  async function verifyBundle(extract) {
    if (!state.bundle || busy()) return;
    const passphrase = $("verify-passphrase").value || null;
    try {
      const view = await withProgress("verify_bundle", {
        form: {
          bundle: state.bundle, passphrase, extract,
          operator: $("verify-operator").value, medium: $("verify-medium").value,
        },
      });
      if (!view) return;
      showNotices(view.notices);
      showVerification(view);
    } catch (error) {
      const problem = asProblem(error);
      showProblem(problem);
      if (problem.about && problem.about.kind === "passphrase") $("verify-passphrase").focus();
    } finally {
      $("verify-passphrase").value = "";
    }
  }

  $("verify-form").addEventListener("submit", (event) => { event.preventDefault(); verifyBundle(false); });
  $("verify-extract").addEventListener("click", () => verifyBundle(true));

  // ---- 記録: the log, its check, the ledger ----------------------------------------------

  // `classes` by column, for the cells that need one.
  function tableRow(cells, classes = []) {
    const tr = document.createElement("tr");
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (classes[i]) td.className = classes[i];
      tr.append(td);
    });
    return tr;
  }

  function showLog() {
    const filter = $("log-filter").value;
    const entries = state.records.entries.filter((e) => !filter || e.operation === filter);
    $("log-rows").replaceChildren(...entries.map((e) =>
      tableRow([String(e.seq), e.time, e.operation_ja, e.outcome_ja, e.details.join("　"), e.who])));
    $("log-shown").textContent = entries.length === state.records.entries.length
      ? `${number.format(entries.length)} 件`
      : `${number.format(entries.length)} 件（全 ${number.format(state.records.entries.length)} 件）`;
  }

  async function loadRecords() {
    screen("records");
    try {
      const records = await invoke("records");
      state.records = records;
      $("log-file").textContent = records.log_file;
      const operations = new Map(records.entries.map((e) => [e.operation, e.operation_ja]));
      const select = $("log-filter");
      const keep = select.value;
      select.replaceChildren(new Option("すべて", ""), ...[...operations].map(([op, ja]) => new Option(ja, op)));
      select.value = operations.has(keep) ? keep : "";
      const unreadable = $("log-unreadable");
      unreadable.hidden = records.unreadable.length === 0;
      unreadable.textContent = `監査ログの ${records.unreadable.join("・")} 行目は記録として読めないため除きました（記録の検証で確かめてください）。`;
      showLog();
      $("ledger-head").replaceChildren(...records.ledger_header.map((h) => Object.assign(document.createElement("th"), { textContent: h })));
      $("ledger-rows").replaceChildren(...records.ledger.map(tableRow));
      $("ledger-empty").hidden = records.ledger.length > 0;
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  $("log-filter").addEventListener("change", showLog);
  $("records-reload").addEventListener("click", loadRecords);
  $("verify-log").addEventListener("click", async () => {
    try {
      const checked = await invoke("verify_log");
      const box = $("log-check");
      box.className = `log-check ${checked.intact ? "intact" : "broken"}`;
      $("log-check-heading").textContent = checked.heading;
      $("log-check-breaks").replaceChildren(...checked.breaks.map((b) => Object.assign(document.createElement("li"), { textContent: b })));
      box.hidden = false;
    } catch (error) {
      showProblem(asProblem(error));
    }
  });
  $("export-ledger").addEventListener("click", async () => {
    try {
      const saved = await invoke("export_ledger");
      if (saved) showInfo(`台帳を保存しました: ${saved}`);
    } catch (error) {
      showProblem(asProblem(error));
    }
  });

  // ---- スキーマセット: the sets in force, rule packs, trusted keys -------------------------

  const SET_CLASSES = [null, null, null, null, null, "sha"];

  function setRow(set) {
    return [set.name, set.version, set.id, ORIGIN[set.origin] || set.origin,
      `${japaneseDate(set.valid_from)}〜${set.valid_until ? japaneseDate(set.valid_until) : ""}`,
      set.status === "damaged" ? `破損: ${set.problem}` : set.sha256 || "—"];
  }

  function keyList(list, shown) {
    $(`${list}-list`).replaceChildren(...(shown.keys.length ? shown.keys.map((k) => {
      const li = document.createElement("li");
      if (k.fingerprint) {
        li.append(Object.assign(document.createElement("span"), { className: "key-print", textContent: k.fingerprint }),
          Object.assign(document.createElement("span"), { className: "key-file", textContent: k.path }));
      } else {
        li.className = "why";
        li.textContent = `使えません: ${k.problem}`;
      }
      return li;
    }) : [Object.assign(document.createElement("li"), { className: "none", textContent: "登録なし" })]));
    $(`${list}-folder`).textContent = `保存先: ${shown.folder}`;
  }

  async function showSchemas() {
    screen("schemas");
    $("schemas-rows").replaceChildren(...state.sets.map((set) => {
      const tr = tableRow(setRow(set), SET_CLASSES);
      const td = document.createElement("td");
      if (set.origin === "imported") {
        const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "取り除く…" });
        remove.addEventListener("click", () => removeSet(set));
        td.append(remove);
      }
      tr.append(td);
      if (set.status === "damaged") tr.className = "why";
      return tr;
    }));
    try {
      const shown = await invoke("trusted_keys");
      $("schemas-store").textContent = shown.store;
      keyList("keys-packs", shown.keys.pack_keys);
      keyList("keys-bundles", shown.keys.bundle_keys);
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  async function importPack(path) {
    if (!path || busy()) return;
    $("import-result").hidden = true;
    $("problem").hidden = true;
    state.running = true;
    for (const id of ["import-zip", "import-folder"]) $(id).disabled = true;
    try {
      const imported = await invoke("import_pack", { pack: path, allowDowngrade: $("allow-downgrade").checked });
      showNotices(imported.notices);
      $("import-summary").textContent = imported.summary;
      const facts = $("import-facts");
      facts.replaceChildren();
      fact(facts, "ルールパック", path);
      fact(facts, "SHA-256", imported.sha256);
      fact(facts, "署名", imported.signature + (imported.untrusted ? "　登録は下の「発行元の公開鍵を登録…」から（パックの manifest-sha256.txt.pub）。" : ""));
      if (imported.downgrade) fact(facts, "注意", imported.downgrade);
      $("import-result").hidden = false;
      $("allow-downgrade").checked = false;
      await loadSession();
    } catch (error) {
      const problem = asProblem(error);
      if (problem.code === "pack-downgrade") {
        problem.hint = "古い規則に戻すのが意図どおりなら、「古い版でも取り込む」に印を付けて、もう一度取り込んでください。";
      }
      showProblem(problem);
    } finally {
      state.running = false;
      for (const id of ["import-zip", "import-folder"]) $(id).disabled = false;
    }
    if (state.current === "schemas") showSchemas();
  }

  async function removeSet(set) {
    if (busy()) return;
    const ok = await ask({
      title: "取り込んだスキーマセットを取り除きますか",
      message: `${set.name}（${set.id}、版 ${set.version}）を取り除きます。同じ id の組み込みのセットがあれば、次の検査からそれを使います。`,
      items: [set.source],
      ok: "取り除く",
    });
    if (!ok) return;
    try {
      const removed = await invoke("remove_set", { id: set.id });
      showNotices(removed.notices);
      showInfo(removed.said[0], removed.said[1]);
      await loadSession();
      showSchemas();
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  async function trustKey(keys) {
    try {
      const trusted = await invoke("trust_key", { keys });
      if (!trusted) return;
      showNotices(trusted.notices);
      showInfo(trusted.already ? `この鍵は既に登録されています（鍵の指紋 ${trusted.fingerprint}）: ${trusted.path}`
        : `登録しました（鍵の指紋 ${trusted.fingerprint}）: ${trusted.path}`,
        keys === "packs" && !trusted.already ? "以後、署名のないルールパックや、登録していない鍵の署名のルールパックは取り込みません。" : "");
      showSchemas();
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  for (const [id, what] of [["import-zip", "files"], ["import-folder", "folder"]]) {
    $(id).addEventListener("click", async () => {
      try {
        importPack(await invoke("pick_pack", { what }));
      } catch (error) {
        showProblem(asProblem(error));
      }
    });
  }
  $("trust-pack-key").addEventListener("click", () => trustKey("packs"));
  $("trust-bundle-key").addEventListener("click", () => trustKey("bundles"));

  // ---- このアプリについて ------------------------------------------------------------------

  async function showAbout() {
    screen("about");
    try {
      const about = await invoke("about");
      const facts = $("about-facts");
      facts.replaceChildren();
      fact(facts, "バージョン", `Rinko ${about.version}`);
      fact(facts, "データフォルダー", about.data_folder);
      fact(facts, "監査ログ", about.log_file);
      $("about-set-rows").replaceChildren(...state.sets.map((set) => tableRow(setRow(set), SET_CLASSES)));
      $("about-licence").textContent = `Rinko のライセンス: ${about.licence}。印刷と画面の日本語フォントは SIL Open Font License 1.1 で配布されています:`;
      $("about-fonts").replaceChildren(...about.fonts.map((f) => {
        const details = document.createElement("details");
        const summary = document.createElement("summary");
        summary.textContent = `${f.font}（SIL OFL 1.1）`;
        const text = document.createElement("pre");
        text.className = "licence-text";
        text.textContent = f.text;
        details.append(summary, text);
        return details;
      }));
      $("about-data-sources").replaceChildren(...about.data_sources.map((d) => {
        const item = document.createElement("li");
        item.textContent = `コード表「${d.table}」（版 ${d.version}）: ${d.source}。ライセンス: ${d.licence}`;
        return item;
      }));
      $("about-third-party-text").textContent = about.third_party;
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  // The page's entry points for paths: drops, dialogs and the end-to-end tests use them.
  window.Rinko = Object.freeze({ checkPaths, chooseBundle, importPack });

  screen("start");
  loadSession();
})();
