//! The terminal's renderings: the check report (one line per file with its verdict, its
//! findings beneath it, and a summary line; colour only when asked for, the caller decides
//! from the terminal) and the list of schema sets.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use rinko_core::report::{ReportSink, SetRef};
use rinko_core::{FileReport, SchemaSetDef, Severity, Status, Summary};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    pub color: bool,
    /// Only the summary line.
    pub quiet: bool,
}

/// The check report for the terminal, written as the batch goes: each file's line and its
/// findings as it is handed on, the summary line last.
pub struct TextSink<W: Write> {
    out: W,
    style: TextStyle,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W, style: TextStyle) -> Self {
        TextSink { out, style }
    }

    fn paint(&self, s: Style, text: &str) -> String {
        if self.style.color {
            format!("{}{}{}", s.render(), text, s.render_reset())
        } else {
            text.to_string()
        }
    }
}

const RED: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();
const YELLOW: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const GREEN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const DIM: Style = Style::new().dimmed();

impl<W: Write> ReportSink for TextSink<W> {
    fn begin(&mut self, _sets: &[SetRef]) -> std::io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: &FileReport) -> std::io::Result<()> {
        if self.style.quiet {
            return Ok(());
        }
        let (errors, warnings) = (file.errors(), file.warnings());
        let verdict = match file.status {
            Status::Pass if warnings == 0 => self.paint(GREEN, "適合"),
            Status::Pass => self.paint(GREEN, &format!("適合（警告 {warnings} 件）")),
            Status::Fail => self.paint(
                RED,
                &format!(
                    "不適合（エラー {errors} 件{}）",
                    if warnings > 0 {
                        format!("、警告 {warnings} 件")
                    } else {
                        String::new()
                    }
                ),
            ),
        };
        let form = match (&file.form, &file.schema_set) {
            (Some(form), Some(set)) => self.paint(DIM, &format!("  {form} [{set}]")),
            _ => String::new(),
        };
        writeln!(self.out, "{}: {}{}", file.path, verdict, form)?;
        for f in &file.findings {
            let at = match (f.line, f.column) {
                (Some(l), Some(c)) => format!("{l}:{c}"),
                _ => "-".to_string(),
            };
            let severity = match f.severity {
                Severity::Error => self.paint(RED, f.severity.label_ja()),
                Severity::Warning => self.paint(YELLOW, f.severity.label_ja()),
            };
            let place = match (&f.label, &f.path) {
                (Some(label), Some(path)) => format!("  {label}  {}", self.paint(DIM, path)),
                (None, Some(path)) => format!("  {path}"),
                _ => String::new(),
            };
            writeln!(self.out, "  {at:>7}  {severity} {}{place}", f.code)?;
            writeln!(self.out, "           {}", f.message)?;
            writeln!(self.out, "           → {}", f.hint)?;
        }
        if file.findings_omitted > 0 {
            writeln!(self.out, "           （ほかに {} 件の指摘は省略しました。--max-findings で表示件数を変更できます）", file.findings_omitted)?;
        }
        Ok(())
    }

    fn end(&mut self, s: &Summary) -> std::io::Result<()> {
        let line = format!(
            "{} ファイル: 適合 {}、不適合 {}（エラー {} 件、警告 {} 件）",
            s.files, s.passed, s.failed, s.errors, s.warnings
        );
        let line = self.paint(if s.failed > 0 { RED } else { GREEN }, &line);
        writeln!(self.out, "{line}")?;
        self.out.flush()
    }
}

/// `rinko schemas list`: one block per active set.
/// `keys list`: per use, its folder, then each key's fingerprint and file (or its problem).
pub fn keys_text(trusted: &rinko_core::keys::Trusted) -> String {
    let mut s = String::new();
    for (title, folder, files, none) in [
        (
            "バンドルの送り元の機関の鍵",
            &trusted.bundles_folder,
            &trusted.bundles,
            "なし（署名のないバンドルも受け付けます。rinko keys trust で登録）",
        ),
        (
            "ルールパックの発行元の鍵",
            &trusted.packs_folder,
            &trusted.packs,
            "なし（署名のないルールパックも取り込みます。rinko schemas trust で登録）",
        ),
    ] {
        s.push_str(&format!("{title}（{}）\n", rinko_core::shown::path(folder)));
        if files.is_empty() {
            s.push_str(&format!("  {none}\n"));
        }
        for f in files {
            match &f.key {
                Ok(key) => s.push_str(&format!(
                    "  {}  {}\n",
                    rinko_core::digest::key_fingerprint(key),
                    rinko_core::shown::path(&f.path)
                )),
                Err(problem) => s.push_str(&format!("  使えません: {}\n", problem.message)),
            }
        }
    }
    s
}

pub fn sets_text(sets: &[SchemaSetDef]) -> String {
    let mut s = String::new();
    for set in sets {
        let m = &set.manifest;
        s.push_str(&format!("{}  {}\n", m.id, m.name));
        s.push_str(&format!(
            "  版: {}  有効期間: {}  出所: {}\n",
            if m.version.is_empty() {
                "-"
            } else {
                &m.version
            },
            m.validity_ja(),
            set.origin.describe()
        ));
        match &set.damaged {
            Some(why) => s.push_str(&format!(
                "  状態: 破損: {why}このセットが受け持つファイルは検査しません。組み込みのセットに戻すには rinko schemas remove {}\n",
                m.id
            )),
            None => s.push_str(&format!("  SHA-256: {}\n", set.sha256)),
        }
        if set.has_checks() {
            let tables: Vec<String> = set
                .codes
                .iter()
                .map(|t| format!("{} {}", t.id, t.version))
                .collect();
            s.push_str(&format!("  コード表: {}\n", tables.join("、")));
        }
        for r in &m.routes {
            let when: Vec<String> = r.when.iter().map(|c| c.describe()).collect();
            s.push_str(&format!(
                "  様式: {}  ルート: {}{}  XSD: {}\n",
                r.form,
                r.root,
                if when.is_empty() {
                    String::new()
                } else {
                    format!(" {}", when.join(" "))
                },
                r.xsd
            ));
        }
    }
    s
}
