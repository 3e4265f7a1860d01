// The 検査 screen. Everything it shows comes from Rinko's commands (src-tauri/src/commands.rs):
// the JSON report of docs/report-json.md and the schema-set list of `schemas list --format
// json`. This file lays them out, filters and sorts them; it decides no verdict and counts
// nothing the report does not say.
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

  // ---- the header: active sets and today -------------------------------------------------

  function japaneseDate(day) {
    const [y, m, d] = day.split("-").map(Number);
    return `${y}年${m}月${d}日`;
  }

  async function loadSession() {
    try {
      const session = await invoke("session");
      $("today-value").textContent = session.today;
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
      showNotices(session.notices);
    } catch (error) {
      showProblem(asProblem(error));
    }
  }

  // ---- screens ---------------------------------------------------------------------------

  function screen(name) {
    $("start").hidden = name !== "start";
    $("running").hidden = name !== "running";
    $("results").hidden = name !== "results";
  }

  // ---- running a batch -------------------------------------------------------------------

  let timer = null;

  function elapsedText(ms) {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  async function checkPaths(paths) {
    if (!paths || paths.length === 0) return;
    if (state.running) {
      showProblem({ message: "検査の実行中です。終わるのを待つか中止してから、もう一度ドロップしてください。" });
      return;
    }
    state.running = true;
    $("problem").hidden = true;
    const previous = state.report ? "results" : "start";
    screen("running");
    $("phase").textContent = "準備中";
    // Not indeterminate: its animation would repaint the window all the time, and the window
    // shares the cores with the check.
    $("bar").max = 1;
    $("bar").value = 0;
    $("done").textContent = "0";
    $("total").textContent = "—";
    $("current").replaceChildren();
    $("cancel").disabled = false;
    const started = Date.now();
    $("elapsed").textContent = "0:00";
    timer = setInterval(() => { $("elapsed").textContent = elapsedText(Date.now() - started); }, 1000);

    const progress = new Channel();
    progress.onmessage = (step) => {
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
    $("cancel").focus();
    try {
      const checked = await invoke("check", { paths, progress });
      state.paths = paths;
      showBatch(checked);
      showNotices(checked.notices);
      screen("results");
      renderRows();
      $("tbody").focus();
    } catch (error) {
      screen(previous);
      showProblem(asProblem(error));
    } finally {
      clearInterval(timer);
      state.running = false;
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
      tr.append(
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
    if (event.key === "Escape") closeDetail();
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
  $("export-csv").addEventListener("click", () => exportReport("csv"));
  $("export-json").addEventListener("click", () => exportReport("json"));

  const drops = new Channel();
  drops.onmessage = (drop) => {
    document.body.classList.toggle("over", drop.kind === "enter");
    if (drop.kind === "drop") checkPaths(drop.paths);
  };
  invoke("watch_drops", { channel: drops });

  // The page's one entry point for paths: drops, dialogs and the end-to-end tests use it.
  window.Rinko = Object.freeze({ checkPaths });

  screen("start");
  loadSession();
})();
