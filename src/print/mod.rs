//! The A4 printout (SPEC §7): a layout model built from a checked document (`model`), laid out on
//! A4 pages (`layout`) and written as PDF (`pdf`), or shown as HTML for the preview (`html`).
//! Printing consumes what the check stages produced (the routed set, its labels and code tables,
//! the report's verdict); it never checks anything itself.

mod html;
mod layout;
mod model;
mod pdf;

pub use model::{build, Form, Item, Section, ERROR_MARK};
pub use pdf::Meta;

/// The most pages one form may take. The shipped forms fill two or three; an export that would
/// need more is broken (a runaway list), and printing it would only cost minutes and paper.
pub const MAX_PAGES_PER_FORM: usize = 50;

/// Whether a form fits in `MAX_PAGES_PER_FORM` pages; the error is a Japanese sentence.
pub fn check_length(form: &Form) -> Result<(), String> {
    let info = layout::PageInfo { printed: "" };
    layout::lay_out(form, &info, MAX_PAGES_PER_FORM)
        .map(|_| ())
        .map_err(too_long)
}

fn too_long(max: usize) -> String {
    format!("印刷すると 1 件で {max} ページを超えます。出力された内容（繰り返し項目の数など）を rinko check で確認してください。")
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
    let printed = crate::check::local_date(meta.printed_at);
    let info = layout::PageInfo { printed: &printed };
    let mut pages: Vec<layout::Page> = Vec::new();
    for form in forms {
        pages.extend(layout::lay_out(form, &info, max_pages).map_err(too_long)?);
    }
    pdf::write(&pages, meta)
}

/// The HTML preview of the same forms.
pub fn to_html(forms: &[Form], printed: &str) -> String {
    html::write(forms, printed)
}
