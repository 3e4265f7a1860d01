//! `rinko print`, checked with poppler's tools (pdfinfo, pdffonts, pdftotext): A4, fonts embedded
//! as subsets, the form's labels and values as extractable text in the form's order, the same
//! content as the HTML preview, byte-identical output for the same clock, the error mark, and no
//! overwritten file.

use std::path::Path;
use std::process::{Command, Output};

use rinko_core::{CheckOptions, Checker, SchemaSetDef};

use crate::common::{root, stderr, Rinko};

const SAMPLE: &str = "samples/valid/kojinhyo-2025-koushin.xml";
/// 2025-06-01T00:00:00Z
const CLOCK: &str = "1748736000";

/// A poppler tool's output; poppler-utils is a test dependency like xmllint.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} not found ({e}): install poppler-utils (apt-get install poppler-utils)")
    });
    assert!(out.status.success(), "{tool} {args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn print_to(
    dir: &Path,
    name: &str,
    files: &[&str],
    extra: &[&str],
) -> (Output, std::path::PathBuf) {
    let out = dir.join(name);
    let mut args = vec!["print", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend_from_slice(files);
    (Rinko::new().clock(CLOCK).args(args).run(), out)
}

/// Without any whitespace: wrapped lines, and the ideographic space pdftotext turns into a
/// space, must not decide whether a value is there.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The model's texts of a sample, in order, from the library.
fn model_texts(sample: &str) -> Vec<String> {
    let checker = Checker::new(SchemaSetDef::embedded()).unwrap();
    let options = CheckOptions {
        today: Some("2025-06-01".into()),
        ..CheckOptions::default()
    };
    checker.check_and_view(&root().join(sample), &options, |report, doc| {
        let doc = doc.expect("the sample is routed");
        let form = rinko_core::print::build(
            doc.text,
            doc.set,
            doc.compiled,
            doc.form,
            &report.sha256.unwrap().to_string(),
            false,
        );
        form.texts().into_iter().map(String::from).collect()
    })
}

/// Every text appears in `haystack` after the one before it.
fn assert_in_order(texts: &[String], haystack: &str, what: &str) {
    let hay = squeeze(haystack);
    let mut at = 0;
    for t in texts {
        let t = squeeze(t);
        match hay[at..].find(&t) {
            Some(i) => at += i + t.len(),
            None => panic!("{what}: 「{t}」 is missing or out of order after byte {at}"),
        }
    }
}

#[test]
fn a_valid_sample_prints_to_an_a4_pdf_with_embedded_subset_fonts_and_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let (out, pdf) = print_to(dir.path(), "form.pdf", &[SAMPLE], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 300 * 1024, "{size} bytes");

    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
    assert!(info.contains("Producer:        Rinko "), "{info}");
    assert!(info.contains("Title:           臨床調査個人票"), "{info}");

    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "embedded, subset, with ToUnicode: {row}"
        );
        assert!(
            cols[0].contains('+') && cols[0].contains("BIZUDGothic"),
            "a subset tag: {row}"
        );
    }

    let text = poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let flat = squeeze(&text);
    for expected in [
        "患者氏名鈴木一郎",
        "患者氏名（カナ）スズキイチロウ",
        "申請区分更新（2）",
        "記載日令和7年5月12日（2025-05-12）",
        "生年月日昭和40年1月31日（1965-01-31）",
        "発症年月平成20年3月（2008-03）",
        "SHA-256",
        "印刷日令和7年6月1日（2025-06-01）",
        "1/",
    ] {
        assert!(flat.contains(expected), "{expected} in {text}");
    }
    assert_in_order(&model_texts(SAMPLE), &text, "pdftotext");
}

#[test]
fn the_same_inputs_and_clock_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, a) = print_to(dir.path(), "a.pdf", &[SAMPLE], &[]);
    let (_, b) = print_to(dir.path(), "b.pdf", &[SAMPLE], &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let c = dir.path().join("c.pdf");
    Rinko::new()
        .clock("1767225600")
        .args(["print", "--out", c.to_str().unwrap(), SAMPLE])
        .run();
    assert_ne!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&c).unwrap(),
        "the clock is an input"
    );
}

#[test]
fn the_html_preview_shows_the_same_content_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    for sample in [
        SAMPLE,
        "samples/valid/ikensho-2025-teishinchou.xml",
        "samples/valid/kojinhyo-2023-shinki.xml",
    ] {
        let (out, html) = print_to(dir.path(), "preview.html", &[sample], &["--force"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let html = std::fs::read_to_string(html).unwrap();
        for forbidden in ["<script", "http://", "https://", " src=", "@import", "url("] {
            assert!(!html.contains(forbidden), "{forbidden} in the preview");
        }
        // The text of the page: tags dropped, entities of the escaping undone.
        let mut text = String::new();
        let mut in_tag = false;
        let body = &html[html.find("<body>").unwrap()..];
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let texts = model_texts(sample);
        assert_in_order(&texts, &text, "html");
        let (_, pdf) = print_to(dir.path(), "same.pdf", &[sample], &["--force"]);
        assert_in_order(
            &texts,
            &poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]),
            "pdftotext",
        );
    }
}

#[test]
fn a_batch_starts_each_form_on_a_new_page() {
    let dir = tempfile::tempdir().unwrap();
    let pages = |pdf: &Path| -> usize {
        let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let one = [
        "samples/valid/kojinhyo-2025-koushin.xml",
        "samples/valid/ikensho-2025.xml",
    ];
    let (_, a) = print_to(dir.path(), "a.pdf", &one[..1], &[]);
    let (_, b) = print_to(dir.path(), "b.pdf", &one[1..], &[]);
    let (_, both) = print_to(dir.path(), "both.pdf", &one, &[]);
    assert_eq!(pages(&both), pages(&a) + pages(&b));
    // Each page's footer counts the pages of its own form.
    let text = poppler("pdftotext", &["-raw", both.to_str().unwrap(), "-"]);
    let first_pages = text
        .split('\u{c}')
        .filter(|p| squeeze(p).contains("1/"))
        .count();
    assert!(first_pages >= 2, "{text}");
}

#[test]
fn a_file_with_errors_prints_only_when_allowed_and_then_every_page_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "samples/invalid/kojinhyo-2025-jukyusha-kenshou-chigai.xml";
    let (out, pdf) = print_to(dir.path(), "bad.pdf", &[SAMPLE, bad], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("kenshou-chigai"), "names the file");
    assert!(!pdf.exists(), "nothing is written when a file is refused");

    let (out, pdf) = print_to(dir.path(), "bad.pdf", &[bad], &["--allow-errors"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(!pages.is_empty());
    for page in pages {
        assert!(
            page.contains(rinko_core::print::ERROR_MARK),
            "unmarked page: {page}"
        );
    }
    let (_, good) = print_to(dir.path(), "good.pdf", &[SAMPLE], &[]);
    let text = poppler("pdftotext", &["-raw", good.to_str().unwrap(), "-"]);
    assert!(!text.contains(rinko_core::print::ERROR_MARK));
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("keep.pdf");
    std::fs::write(&existing, b"precious").unwrap();
    let (out, _) = print_to(dir.path(), "keep.pdf", &[SAMPLE], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"));
    assert_eq!(std::fs::read(&existing).unwrap(), b"precious");
    let (out, _) = print_to(dir.path(), "keep.pdf", &[SAMPLE], &["--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read(&existing).unwrap().starts_with(b"%PDF-"));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["keep.pdf"], "no temporary file is left");
    let (out, _) = print_to(dir.path(), "form.txt", &[SAMPLE], &[]);
    assert_eq!(out.status.code(), Some(2), "only .pdf or .html");
}

/// The sample with its free text 経過 replaced, written into `dir`.
fn with_course(dir: &Path, text: &str) -> std::path::PathBuf {
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let start = sample.find("<経過>").unwrap() + "<経過>".len();
    let end = sample.find("</経過>").unwrap();
    let file = dir.join("course.xml");
    std::fs::write(
        &file,
        format!("{}{text}{}", &sample[..start], &sample[end..]),
    )
    .unwrap();
    file
}

#[test]
fn long_free_text_wraps_and_is_never_cut() {
    let long: String =
        "診断後も関節痛と発熱を繰り返し、ステロイドを漸減しながら経過を観察している。".repeat(12);
    let dir = tempfile::tempdir().unwrap();
    let file = with_course(dir.path(), &long);
    let (out, pdf) = print_to(dir.path(), "long.pdf", &[file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(
        squeeze(&text).contains(&squeeze(&long)),
        "every character of the free text is printed"
    );
}

#[test]
fn a_runaway_list_is_refused_not_printed_on_thousands_of_pages() {
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let at = sample.find("<医療機関>").unwrap();
    let item = "<既往歴><項目><病名>高血圧症</病名></項目></既往歴>\n".repeat(3000);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("runaway.xml");
    std::fs::write(&file, format!("{}{item}{}", &sample[..at], &sample[at..])).unwrap();
    let (out, pdf) = print_to(
        dir.path(),
        "runaway.pdf",
        &[file.to_str().unwrap()],
        &["--allow-errors"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{} ページ", rinko_core::print::MAX_PAGES_PER_FORM)),
        "{err}"
    );
    assert!(!pdf.exists());
}

#[test]
fn one_value_that_would_fill_hundreds_of_pages_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_course(dir.path(), &"長い経過の記載。".repeat(50_000));
    let (out, pdf) = print_to(
        dir.path(),
        "huge.pdf",
        &[file.to_str().unwrap()],
        &["--allow-errors"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!pdf.exists());
}

const TSUCHIYOSHI: &str = "samples/invalid/kojinhyo-2025-shimei-tsuchiyoshi.xml";

/// The valid sample with its patient's name replaced, written into `dir`.
fn with_name(dir: &Path, name: &str) -> std::path::PathBuf {
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let at = sample.find("鈴木 一郎").unwrap();
    let file = dir.join("name.xml");
    std::fs::write(
        &file,
        format!(
            "{}{name}{}",
            &sample[..at],
            &sample[at + "鈴木 一郎".len()..]
        ),
    )
    .unwrap();
    file
}

/// The character codes every text-showing operator of every page shows, per font, read from the
/// PDF's content streams. krilla writes fonts as Type0/Identity-H, where a code is the glyph id in
/// the subset and 0 is .notdef, the missing-glyph box.
fn shown_glyphs(pdf: &Path) -> Vec<(String, u16)> {
    use lopdf::{content::Content, Object};
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let fonts = doc.get_page_fonts(page).unwrap();
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        let mut font = String::new();
        for op in content.operations {
            let strings: Vec<&Object> = match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap();
                    let dict = fonts[name];
                    assert_eq!(dict.get(b"Subtype").unwrap().as_name().unwrap(), b"Type0");
                    assert_eq!(
                        dict.get(b"Encoding").unwrap().as_name().unwrap(),
                        b"Identity-H"
                    );
                    font =
                        String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap())
                            .into_owned();
                    continue;
                }
                "Tj" | "'" => vec![&op.operands[0]],
                "\"" => vec![&op.operands[2]],
                "TJ" => op.operands[0].as_array().unwrap().iter().collect(),
                _ => continue,
            };
            for s in strings {
                if let Object::String(bytes, _) = s {
                    out.extend(
                        bytes
                            .chunks(2)
                            .map(|c| (font.clone(), u16::from_be_bytes([c[0], c[1]]))),
                    );
                }
            }
        }
    }
    out
}

#[test]
fn a_name_outside_biz_udgothic_is_drawn_by_the_embedded_fallback_font() {
    let dir = tempfile::tempdir().unwrap();
    let (out, pdf) = print_to(dir.path(), "yoshi.pdf", &[TSUCHIYOSHI], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(squeeze(&text).contains("患者氏名𠮷田一郎"), "{text}");
    assert!(!text.contains(rinko_core::print::ERROR_MARK));
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    let noto = fonts
        .lines()
        .find(|l| l.contains("NotoSansCJKjp-Regular"))
        .unwrap_or_else(|| panic!("the fallback font is in the PDF: {fonts}"));
    let cols: Vec<&str> = noto.split_whitespace().collect();
    let n = cols.len();
    assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{noto}");
    assert!(cols[0].contains('+'), "a subset: {noto}");
    let glyphs = shown_glyphs(&pdf);
    assert!(glyphs.iter().any(|(f, _)| f.contains("NotoSansCJKjp")));
    assert!(glyphs.iter().all(|(_, g)| *g != 0), "a .notdef is shown");
}

#[test]
fn a_character_no_embedded_font_has_is_refused_or_printed_marked() {
    let dir = tempfile::tempdir().unwrap();
    // U+30000, a CJK Extension G ideograph: the check lets it pass with CHAR-006 (警告), but
    // neither BIZ UDGothic nor Noto Sans CJK JP has a glyph for it.
    let file = with_name(dir.path(), "\u{30000}田 一郎");
    let file = file.to_str().unwrap();
    let check = Rinko::new().clock(CLOCK).args(["check", file]).run();
    assert_eq!(check.status.code(), Some(0), "the file itself passes");

    let (out, pdf) = print_to(dir.path(), "g.pdf", &[file], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("name.xml") && err.contains("氏名") && err.contains("U+30000"),
        "names the file, the field and the code point: {err}"
    );
    assert!(
        err.contains("--allow-errors") && !err.contains("  字"),
        "{err}"
    );
    assert!(!pdf.exists(), "nothing is written");

    let (out, pdf) = print_to(dir.path(), "g.pdf", &[file], &["--allow-errors"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(
        squeeze(&text).contains("患者氏名〓（U+30000）田一郎"),
        "a visible stand-in: {text}"
    );
    for page in text.split('\u{c}').filter(|p| !p.trim().is_empty()) {
        assert!(
            page.contains(rinko_core::print::ERROR_MARK),
            "unmarked: {page}"
        );
    }
    assert!(shown_glyphs(&pdf).iter().all(|(_, g)| *g != 0));
}

#[test]
fn no_printed_page_of_any_sample_shows_a_missing_glyph() {
    // Every sample that is routed to a form, errors or not, in one PDF.
    let checker = Checker::new(SchemaSetDef::embedded()).unwrap();
    let options = CheckOptions::default();
    let mut files: Vec<String> = Vec::new();
    for dir in ["samples/valid", "samples/invalid"] {
        let mut names: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        names.sort();
        for path in names {
            if checker.check_and_view(&path, &options, |_, doc| doc.is_some()) {
                files.push(path.to_string_lossy().into_owned());
            }
        }
    }
    assert!(files.len() > 30, "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("tsuchiyoshi.xml")));
    assert!(files.iter().any(|f| f.ends_with("shimei-ivs.xml")));
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let (out, pdf) = print_to(dir.path(), "all.pdf", &refs, &["--allow-errors"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let glyphs = shown_glyphs(&pdf);
    assert!(glyphs.len() > 10_000, "{} glyphs", glyphs.len());
    let notdef: Vec<&(String, u16)> = glyphs.iter().filter(|(_, g)| *g == 0).collect();
    assert!(
        notdef.is_empty(),
        "{} .notdef shown: {notdef:?}",
        notdef.len()
    );
}

/// The PDF's text with its layout (columns kept on their lines).
fn layout_text(pdf: &Path) -> String {
    poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// The HTML preview of one file, as written.
fn preview(dir: &Path, file: &str) -> String {
    let (out, html) = print_to(dir, "preview.html", &[file], &["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::read_to_string(html).unwrap()
}

#[test]
fn every_disease_part_gets_headings_not_path_joined_labels() {
    let dir = tempfile::tempdir().unwrap();
    for (sample, part, group, field) in [
        (
            SAMPLE,
            "全身性エリテマトーデスの個別項目",
            "臓器障害",
            "ループス腎炎",
        ),
        (
            "samples/valid/kojinhyo-2023-shinki.xml",
            "パーキンソン病の個別項目",
            "主な症状（パーキンソニズム）",
            "静止時振戦",
        ),
        (
            "samples/valid/ikensho-2025.xml",
            "急性リンパ性白血病の個別項目",
            "診断の根拠",
            "診断の根拠：骨髄検査",
        ),
    ] {
        let (out, pdf) = print_to(dir.path(), "part.pdf", &[sample], &["--force"]);
        assert_eq!(out.status.code(), Some(0), "{sample}");
        let text = layout_text(&pdf);
        assert!(
            !text.contains('／'),
            "a path-joined label in {sample}: {text}"
        );
        // The part and its nested group are lines of their own, the field a label of its own.
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let at = |t: &str| {
            lines
                .iter()
                .position(|l| *l == t)
                .unwrap_or_else(|| panic!("「{t}」 is not a heading line in {sample}: {text}"))
        };
        let label = lines
            .iter()
            .position(|l| l.starts_with(field))
            .unwrap_or_else(|| panic!("{field} in {sample}"));
        assert!(
            at(part) < at(group) && at(group) < label,
            "{sample}: {text}"
        );
        if sample == SAMPLE {
            // Nested labels are indented; 経過, after the part, is back in the section's column.
            let column = |t: &str| {
                let line = text
                    .lines()
                    .find(|l| l.trim_start().starts_with(t))
                    .unwrap();
                line.chars().take_while(|c| *c == ' ').count()
            };
            assert!(column("告示番号") < column(field), "{text}");
            assert_eq!(column("告示番号"), column("発症と経過"), "{text}");
        }

        let html = preview(dir.path(), sample);
        assert!(
            html.contains(&format!("<h3>{part}</h3>")),
            "{sample}: {html}"
        );
        assert!(
            html.contains(&format!("<h4>{group}</h4>")),
            "{sample}: {html}"
        );
        assert!(html.contains(&format!("<th>{field}</th>")), "{sample}");
        assert!(!html.contains('／'), "{sample}");
    }
}

#[test]
fn a_form_ends_with_the_physicians_signature_block() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = print_to(dir.path(), "sign.pdf", &[SAMPLE], &[]);
    let text = layout_text(&pdf);
    let flat = squeeze(&text);
    let block = flat
        .find("記名押印")
        .unwrap_or_else(|| panic!("no signature block: {text}"));
    // After the body, with the form's own values, once each (moved, not repeated).
    assert!(flat.find("経過").unwrap() < block, "{text}");
    for expected in [
        "記載日令和7年5月12日（2025-05-12）",
        "医療機関名称見本市民病院",
        "医療機関所在地埼玉県架空市病院坂2番地",
        "医療機関電話番号048-000-2222",
        "指定医氏名佐藤花子",
    ] {
        let at = flat
            .find(expected)
            .unwrap_or_else(|| panic!("{expected}: {text}"));
        assert!(at > block, "{expected} is in the signature block: {text}");
    }
    assert_eq!(flat.matches("見本市民病院").count(), 1, "{text}");
    // The 印 box beside the physician's name.
    let name_line = text.lines().find(|l| l.contains("佐藤 花子")).unwrap();
    assert!(name_line.trim_end().ends_with('印'), "{name_line}");
    assert!(flat.contains("自署または記名押印"), "{text}");

    let html = preview(dir.path(), SAMPLE);
    let block = html.find("記名押印").expect("the preview has the block");
    assert!(html[block..].contains("佐藤 花子") && html[block..].contains("class=\"seal\""));
    // A field the document leaves out is a blank line to fill in by hand.
    let (_, pdf) = print_to(
        dir.path(),
        "blank.pdf",
        &["samples/invalid/kojinhyo-2025-kokuji-6-sle.xml"],
        &["--allow-errors"],
    );
    let text = layout_text(&pdf);
    let phone = text.lines().find(|l| l.contains("医療機関電話番号"));
    assert_eq!(phone.map(str::trim), Some("医療機関電話番号"), "{text}");
}

#[test]
fn the_print_date_is_wareki_with_the_seireki() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = print_to(dir.path(), "date.pdf", &[SAMPLE], &[]);
    let flat = squeeze(&layout_text(&pdf));
    assert!(flat.contains("印刷日令和7年6月1日（2025-06-01）"), "{flat}");
    let html = preview(dir.path(), SAMPLE);
    assert!(
        html.contains("印刷日 令和7年6月1日（2025-06-01）"),
        "{html}"
    );
}

#[test]
fn a_batch_is_titled_for_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let title = |files: &[&str]| -> String {
        let (out, pdf) = print_to(dir.path(), "t.pdf", files, &["--force"]);
        assert_eq!(out.status.code(), Some(0));
        let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
        info.lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .unwrap()
            .trim()
            .to_string()
    };
    assert_eq!(title(&[SAMPLE]), "臨床調査個人票");
    let mixed = [
        SAMPLE,
        "samples/valid/ikensho-2025.xml",
        "samples/valid/kojinhyo-2023-shinki.xml",
        "samples/valid/ikensho-2025-teishinchou.xml",
        "samples/valid/kojinhyo-2025-henkou.xml",
    ];
    assert_eq!(title(&mixed), "臨床調査個人票 3 件・医療意見書 2 件");
    let (_, html) = print_to(dir.path(), "t.html", &mixed, &[]);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("<title>臨床調査個人票 3 件・医療意見書 2 件</title>"));
}
