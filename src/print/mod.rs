//! The A4 printout (SPEC §7): a layout model built from a checked document (`model`), laid out on
//! A4 pages (`layout`) and written as PDF (`pdf`), or shown as HTML for the preview (`html`).
//! Printing consumes what the check stages produced (the routed set, its labels and code tables,
//! the report's verdict); it never checks anything itself. `fonts` decides which embedded font
//! draws each character, so that no page shows a missing-glyph box (`prepare`).

// The choice of a face (`face_index`) is build.rs's, which includes the file: here only its
// tests use it.
#[allow(dead_code)]
mod font_face;
mod fonts;
pub(crate) mod html;
mod layout;
mod model;
mod pdf;

pub use model::{build, Form, Item, Section, ERROR_MARK};
pub use pdf::Meta;

/// The embedded BIZ UDGothic faces by file name, for a front-end that shows its Japanese text in
/// the printout's font (the app bundles them as assets instead of shipping a second copy). A web
/// view reads only the first face of a collection, so the printout's face of a collection (the
/// fonts of a Windows build) is given as a font of its own, made once.
pub fn ui_fonts() -> [(&'static str, &'static [u8]); 2] {
    use std::borrow::Cow;
    use std::sync::OnceLock;
    fn alone(
        font: &'static fonts::Embedded,
        made: &'static OnceLock<Cow<'static, [u8]>>,
    ) -> &'static [u8] {
        made.get_or_init(|| {
            font_face::single_face(font.data, font.face).unwrap_or(Cow::Borrowed(font.data))
        })
    }
    static REGULAR: OnceLock<Cow<'static, [u8]>> = OnceLock::new();
    static BOLD: OnceLock<Cow<'static, [u8]>> = OnceLock::new();
    [
        ("BIZUDGothic-Regular.ttf", alone(&fonts::REGULAR, &REGULAR)),
        ("BIZUDGothic-Bold.ttf", alone(&fonts::BOLD, &BOLD)),
    ]
}

/// The embedded fonts' licences (SIL OFL 1.1), by font, for a front-end's About screen: the
/// licence asks that it travels with the fonts.
pub fn font_licences() -> [(&'static str, &'static str); 2] {
    [
        (
            "BIZ UDGothic",
            include_str!("../../installer/licenses/BIZUDGothic-OFL.txt"),
        ),
        (
            "Noto Sans CJK JP",
            include_str!("../../installer/licenses/NotoSansCJK-OFL.txt"),
        ),
    ]
}

/// The most pages one form may take. The shipped forms fill two or three; an export that would
/// need more is broken (a runaway list), and printing it would only cost minutes and paper.
pub const MAX_PAGES_PER_FORM: usize = 50;

/// Why a form cannot be printed as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unprintable {
    /// Characters no embedded font has, each with where it is and its code points.
    MissingGlyphs(Vec<String>),
    /// It would take more than this many pages.
    TooLong(usize),
}

impl Unprintable {
    /// What is wrong and what to do, in Japanese.
    pub fn message(&self) -> String {
        match self {
            Unprintable::MissingGlyphs(list) => format!(
                "{}は印刷用のフォント（BIZ UDゴシック、Noto Sans CJK JP）にない文字で、印刷すると欠けます。\
                 字を直すか、エラーありとして印刷すると「〓（コード）」と印字し「{ERROR_MARK}」の印を付けます。",
                list.join("、")
            ),
            Unprintable::TooLong(max) => too_long(*max),
        }
    }
}

/// Whether a form fits in `MAX_PAGES_PER_FORM` pages.
pub fn check_length(form: &Form) -> Result<(), Unprintable> {
    let info = layout::PageInfo { printed: "" };
    layout::lay_out(form, &info, MAX_PAGES_PER_FORM)
        .map(|_| ())
        .map_err(Unprintable::TooLong)
}

/// A form ready to print: within `MAX_PAGES_PER_FORM`, and every character drawn by an embedded
/// font. A character no font has refuses the form (a printed name must not silently lose a
/// character a physician signs for); with `allow_errors` it is printed as 〓 with its code point
/// and the form is marked like one with エラー.
pub fn prepare(mut form: Form, allow_errors: bool) -> Result<Form, Unprintable> {
    let mut found: Vec<(String, String)> = Vec::new();
    for (place, text) in form.texts_with_place() {
        for cluster in fonts::missing(text) {
            if !found.iter().any(|(p, c)| *p == place && c == cluster) {
                found.push((place.clone(), cluster.to_string()));
            }
        }
    }
    if !found.is_empty() {
        if !allow_errors {
            return Err(Unprintable::MissingGlyphs(
                found
                    .iter()
                    .map(|(place, c)| format!("{place} の「{c}」（{}）", code_points(c)))
                    .collect(),
            ));
        }
        for text in form.texts_mut() {
            for (_, cluster) in &found {
                if text.contains(cluster.as_str()) {
                    *text = text.replace(cluster.as_str(), &stand_in(cluster));
                }
            }
        }
        form.has_errors = true;
    }
    check_length(&form)?;
    Ok(form)
}

/// 「U+20BB7」, or 「U+845B U+E0100」 for a variation sequence.
fn code_points(cluster: &str) -> String {
    cluster
        .chars()
        .map(|c| format!("U+{:04X}", c as u32))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What is printed for a character no font has: the geta mark 〓, the customary sign for a
/// character that could not be printed, with the code point, so the reader sees what is missing.
fn stand_in(cluster: &str) -> String {
    format!("〓（{}）", code_points(cluster))
}

fn too_long(max: usize) -> String {
    format!("印刷すると 1 件で {max} ページを超えます。出力された内容（繰り返し項目の数など）を、検査して確かめてください。")
}

/// The print date as the page shows it: 和暦 with the 西暦, like the form's own dates.
fn printed_ja(iso: &str) -> String {
    crate::calendar::Day::parse_iso(iso)
        .map(|d| d.describe_ja())
        .unwrap_or_else(|| iso.to_string())
}

/// The title of a batch's PDF, for what it holds: the form's own title for one form, else each
/// kind with its count in order of first appearance (「臨床調査個人票 3 件・医療意見書 2 件」).
pub fn batch_title(forms: &[Form]) -> String {
    if let [one] = forms {
        return one.title.clone();
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for form in forms {
        match kinds.iter_mut().find(|(t, _)| *t == form.title) {
            Some((_, n)) => *n += 1,
            None => kinds.push((&form.title, 1)),
        }
    }
    kinds
        .iter()
        .map(|(t, n)| format!("{t} {n} 件"))
        .collect::<Vec<_>>()
        .join("・")
}

/// One PDF with every form from a new page.
pub fn to_pdf(forms: &[Form], meta: &Meta<'_>) -> Result<Vec<u8>, String> {
    render(forms, meta, MAX_PAGES_PER_FORM)
}

/// One PDF of what Rinko composes itself (the transfer slip): as many pages as the content
/// takes. The cap guards against runaway exported forms; a slip lists every file of a bundle.
pub fn to_pdf_uncapped(forms: &[Form], meta: &Meta<'_>) -> Result<Vec<u8>, String> {
    render(forms, meta, usize::MAX)
}

fn render(forms: &[Form], meta: &Meta<'_>, max_pages: usize) -> Result<Vec<u8>, String> {
    let printed = printed_ja(&crate::calendar::local_date(meta.printed_at));
    let info = layout::PageInfo { printed: &printed };
    let mut pages: Vec<layout::Page> = Vec::new();
    for form in forms {
        pages.extend(layout::lay_out(form, &info, max_pages).map_err(too_long)?);
    }
    pdf::write(&pages, meta)
}

/// The HTML preview of the same forms; `printed` is the print date as YYYY-MM-DD.
pub fn to_html(forms: &[Form], printed: &str) -> String {
    html::write(forms, &batch_title(forms), &printed_ja(printed))
}
