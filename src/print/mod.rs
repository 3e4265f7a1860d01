//! The A4 printout (SPEC §7): a layout model built from a checked document (`model`), laid out on
//! A4 pages (`layout`) and written as PDF (`pdf`), or shown as HTML for the preview (`html`).
//! Printing consumes what the check stages produced (the routed set, its labels and code tables,
//! the report's verdict); it never checks anything itself.

mod html;
mod layout;
mod model;
mod pdf;

pub use layout::wrap;
pub use model::{build, Form, Item, Section, ERROR_MARK};
pub use pdf::Meta;

/// One PDF with every form from a new page.
pub fn to_pdf(forms: &[Form], meta: &Meta<'_>) -> Result<Vec<u8>, String> {
    let printed = meta.printed_at.format("%Y-%m-%d").to_string();
    let info = layout::PageInfo { printed: &printed };
    let pages: Vec<layout::Page> = forms
        .iter()
        .flat_map(|f| layout::lay_out(f, &info))
        .collect();
    pdf::write(&pages, meta)
}

/// The HTML preview of the same forms.
pub fn to_html(forms: &[Form], printed: &str) -> String {
    html::write(forms, printed)
}
