//! The same model as a self-contained HTML page for the app's preview: inline CSS, no script, no
//! remote content. It flows instead of paginating; content and order are the PDF's.

use super::model::{Form, Item, ERROR_MARK, SEAL_MARK};

// `:host` beside `body`: the app shows the page's body inside a shadow root, where no body is.
const STYLE: &str = "\
body,:host{font-family:'BIZ UDGothic','BIZ UDゴシック','Noto Sans CJK JP',sans-serif;font-size:10pt;color:#000;margin:0;background:#eee}\
.form{background:#fff;width:210mm;box-sizing:border-box;padding:15mm 15mm 15mm 25mm;margin:0 auto 8mm}\
header{border-bottom:1px solid #000;margin-bottom:4mm;position:relative}\
h1{font-size:15pt;margin:0 0 1mm}\
.sub{font-size:9.5pt;margin:0 0 2mm}\
.mark{position:absolute;right:0;top:0;color:#c00;border:1.5px solid #c00;padding:1mm 2mm;font-weight:bold}\
h2{font-size:10.5pt;background:#eee;margin:3mm 0 0;padding:1mm 1.5mm}\
h3{font-size:9.5pt;margin:2mm 0 0;padding:1mm 1.5mm;border-left:3px solid #6e6e6e}\
h4{font-size:9pt;margin:1mm 0 0 4mm;padding:0.5mm 1.5mm;border-left:2px solid #b0b0b0}\
table{border-collapse:collapse;width:100%;table-layout:fixed}\
th,td{border:0.5pt solid #6e6e6e;padding:1mm 1.5mm;vertical-align:top;text-align:left;white-space:pre-wrap;overflow-wrap:anywhere}\
th{background:#eee}\
.fields th{width:53mm}\
.group .group,.group .fields{margin-left:3mm;width:calc(100% - 3mm)}\
.seal{width:22mm;height:16mm;text-align:center}\
.note{display:block;margin-top:3mm;font-size:8.5pt}\
caption{text-align:left;font-weight:bold;padding:1mm 0}\
footer{color:#6e6e6e;font-size:8pt;margin-top:4mm}\
@media print{body{background:#fff}.form{margin:0;page-break-after:always}}";

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A whole HTML document showing `forms` one after another; `printed` as displayed.
pub fn write(forms: &[Form], title: &str, printed: &str) -> String {
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(title)
    );
    for form in forms {
        h.push_str("<article class=\"form\"><header>");
        if form.has_errors {
            h.push_str(&format!("<p class=\"mark\">{ERROR_MARK}</p>"));
        }
        h.push_str(&format!("<h1>{}</h1>", escape(&form.title)));
        let sub: Vec<String> = std::iter::once(&form.form)
            .chain(&form.header)
            .map(|s| escape(s))
            .collect();
        h.push_str(&format!(
            "<p class=\"sub\">{}</p></header>\n",
            sub.join("　")
        ));
        for section in &form.sections {
            h.push_str(&format!("<section><h2>{}</h2>\n", escape(&section.heading)));
            let mut open_fields = false;
            for item in &section.items {
                match item {
                    Item::Subheading(text) | Item::Group(text) => {
                        if open_fields {
                            h.push_str("</table>\n");
                            open_fields = false;
                        }
                        let tag = if matches!(item, Item::Subheading(_)) {
                            "h3"
                        } else {
                            "h4"
                        };
                        h.push_str(&format!(
                            "<div class=\"group\"><{tag}>{}</{tag}>\n",
                            escape(text)
                        ));
                    }
                    Item::EndGroup => {
                        if open_fields {
                            h.push_str("</table>\n");
                            open_fields = false;
                        }
                        h.push_str("</div>\n");
                    }
                    Item::Seal { label, value, note } => {
                        if open_fields {
                            h.push_str("</table>\n");
                            open_fields = false;
                        }
                        let note = if note.is_empty() {
                            String::new()
                        } else {
                            format!("<span class=\"note\">（{}）</span>", escape(note))
                        };
                        h.push_str(&format!(
                            "<table class=\"fields\"><tr><th>{}</th><td>{}{note}</td>\
                             <td class=\"seal\">{SEAL_MARK}</td></tr></table>\n",
                            escape(label),
                            escape(value)
                        ));
                    }
                    Item::Field { label, value } => {
                        if !open_fields {
                            h.push_str("<table class=\"fields\">");
                            open_fields = true;
                        }
                        h.push_str(&format!(
                            "<tr><th>{}</th><td>{}</td></tr>\n",
                            escape(label),
                            escape(value)
                        ));
                    }
                    Item::Table {
                        caption,
                        columns,
                        rows,
                    } => {
                        if open_fields {
                            h.push_str("</table>\n");
                            open_fields = false;
                        }
                        h.push_str(&format!(
                            "<table class=\"list\"><caption>{}</caption><thead><tr>",
                            escape(caption)
                        ));
                        for c in columns {
                            h.push_str(&format!("<th>{}</th>", escape(c)));
                        }
                        h.push_str("</tr></thead><tbody>\n");
                        for r in rows {
                            h.push_str("<tr>");
                            for v in r {
                                h.push_str(&format!("<td>{}</td>", escape(v)));
                            }
                            h.push_str("</tr>\n");
                        }
                        h.push_str("</tbody></table>\n");
                    }
                }
            }
            if open_fields {
                h.push_str("</table>\n");
            }
            h.push_str("</section>\n");
        }
        h.push_str(&format!(
            "<footer>SHA-256 {}　印刷日 {}</footer></article>\n",
            escape(&form.fingerprint),
            escape(printed)
        ));
    }
    h.push_str("</body></html>\n");
    h
}
