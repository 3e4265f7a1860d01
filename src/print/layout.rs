//! A4 pages from the model: text wrapped to the columns, rows never split across a page, the
//! header and footer on every page. Positions are in PDF points, origin top-left, y downwards.
//! The PDF writer draws these operations and knows nothing of forms.

use super::fonts::{char_em, width_em};
use super::model::{Form, Item, ERROR_MARK, SEAL_MARK};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;
/// The left margin is wider: the pages are bound on the left.
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = 15.0 * MM;
const TOP: f32 = 15.0 * MM;
const BOTTOM: f32 = 15.0 * MM;
const BODY_WIDTH: f32 = PAGE_WIDTH - LEFT - RIGHT;
const HEADER_HEIGHT: f32 = 46.0;
const FOOTER_HEIGHT: f32 = 20.0;
const BODY_TOP: f32 = TOP + HEADER_HEIGHT;
const BODY_BOTTOM: f32 = PAGE_HEIGHT - BOTTOM - FOOTER_HEIGHT;

const TEXT: f32 = 9.0;
const LINE: f32 = 13.0;
const PAD: f32 = 4.0;
const LABEL_WIDTH: f32 = 150.0;
const HEADING: f32 = 10.5;
const HEADING_HEIGHT: f32 = 20.0;
/// A group heading inside a subheading's group is indented by this much.
const GROUP_INDENT: f32 = 12.0;
/// The box for the 指定医's 印 or signature, right of the name; three lines high.
const SEAL_WIDTH: f32 = 64.0;
const SEAL_LINES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Black,
    Gray,
    Red,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text with its baseline start at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        ink: Ink,
        text: String,
    },
    /// A filled rectangle (cell shading).
    Shade { x: f32, y: f32, w: f32, h: f32 },
    /// A rectangle outline.
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        ink: Ink,
    },
}

pub type Page = Vec<Op>;

/// What every page shows besides the form: the print date.
pub struct PageInfo<'a> {
    pub printed: &'a str,
}

/// Characters that must not begin a line (行頭禁則): they hang at the end of the previous one.
const NO_LINE_START: &str =
    "、。，．・：；？！」』）］｝〕〉》】ーぁぃぅぇぉっゃゅょァィゥェォッャュョ,.:;!?)]}";

/// Lines of `text` no wider than `width` points at `size`, broken between characters; line
/// breaks in the text are kept. Never cuts text: a word longer than a line is broken.
pub fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let max = width / size;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0;
        for c in paragraph.chars() {
            let w = char_em(c);
            if used + w > max && !line.is_empty() && !NO_LINE_START.contains(c) {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
    }
    lines
}

struct Cursor {
    pages: Vec<Page>,
    y: f32,
    /// Pages allowed; past them the layout stops (`overflow`).
    limit: usize,
    overflow: bool,
}

impl Cursor {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page is open")
    }

    fn new_page(&mut self) {
        self.overflow |= self.pages.len() >= self.limit;
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    /// Starts a new page unless `height` fits below the cursor (or the page is still empty).
    fn make_room(&mut self, height: f32) {
        if self.y + height > BODY_BOTTOM && self.y > BODY_TOP {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            ink: Ink::Black,
            text: text.to_string(),
        });
    }
}

/// A row of cells: each cell's lines, x and width.
struct Row {
    cells: Vec<(Vec<String>, f32, f32, bool)>,
}

impl Row {
    fn height(&self) -> f32 {
        let lines = self
            .cells
            .iter()
            .map(|(l, ..)| l.len())
            .max()
            .unwrap_or(1)
            .max(1);
        lines as f32 * LINE + 2.0 * PAD
    }
}

fn row_of(cells: &[(&str, f32, f32, bool)]) -> Row {
    Row {
        cells: cells
            .iter()
            .map(|&(text, x, w, shaded)| (wrap(text, w - 2.0 * PAD, TEXT), x, w, shaded))
            .collect(),
    }
}

/// Lays out one form from a new page; returns its pages, or `Err(max_pages)` as soon as the
/// form needs more: a real form fills a few pages, a runaway export thousands.
pub fn lay_out(form: &Form, info: &PageInfo<'_>, max_pages: usize) -> Result<Vec<Page>, usize> {
    let mut c = Cursor {
        pages: Vec::new(),
        y: BODY_TOP,
        limit: max_pages,
        overflow: false,
    };
    c.new_page();
    for section in &form.sections {
        // A heading stays with at least the first row under it; the signature block stays
        // whole, since the 指定医 signs for all of it.
        let first = if section.items.iter().any(|i| matches!(i, Item::Seal { .. })) {
            section.items.iter().map(first_row_height).sum()
        } else {
            section.items.first().map(first_row_height).unwrap_or(0.0)
        };
        c.make_room(HEADING_HEIGHT + first);
        // How deep in nested groups the rows are: their labels are indented by as much.
        let mut depth = 0usize;
        let y = c.y;
        c.page().push(Op::Shade {
            x: LEFT,
            y: y + 2.0,
            w: BODY_WIDTH,
            h: HEADING_HEIGHT - 4.0,
        });
        c.text(
            LEFT + PAD,
            y + HEADING_HEIGHT - 7.0,
            HEADING,
            true,
            &section.heading,
        );
        c.y += HEADING_HEIGHT;
        for item in &section.items {
            if c.overflow {
                return Err(max_pages);
            }
            match item {
                Item::Subheading(text) | Item::Group(text) => {
                    let indent = depth as f32 * GROUP_INDENT;
                    let row = row_of(&[(text, LEFT + indent, BODY_WIDTH - indent, true)]);
                    draw_row(&mut c, &row, None);
                    depth += 1;
                }
                Item::EndGroup => depth = depth.saturating_sub(1),
                Item::Field { label, value } => {
                    let indent = depth as f32 * GROUP_INDENT;
                    draw_row(&mut c, &field_row_at(indent, label, value), None);
                }
                Item::Seal { label, value, note } => {
                    draw_row(&mut c, &seal_row(label, value, note), None);
                }
                Item::Table {
                    caption,
                    columns,
                    rows,
                } => {
                    let w = BODY_WIDTH / columns.len().max(1) as f32;
                    let header_cells: Vec<(&str, f32, f32, bool)> = columns
                        .iter()
                        .enumerate()
                        .map(|(i, col)| (col.as_str(), LEFT + i as f32 * w, w, true))
                        .collect();
                    let header = row_of(&header_cells);
                    let caption_row = row_of(&[(caption, LEFT, BODY_WIDTH, true)]);
                    let first = rows
                        .first()
                        .map(|r| table_row(r, w).height())
                        .unwrap_or(0.0);
                    c.make_room(caption_row.height() + header.height() + first);
                    draw_row(&mut c, &caption_row, None);
                    draw_row(&mut c, &header, None);
                    for r in rows {
                        if c.overflow {
                            return Err(max_pages);
                        }
                        draw_row(&mut c, &table_row(r, w), Some(&header));
                    }
                }
            }
        }
        c.y += 6.0;
    }
    let total = c.pages.len();
    if c.overflow {
        return Err(max_pages);
    }
    for (i, page) in c.pages.iter_mut().enumerate() {
        header_and_footer(page, form, info, i + 1, total);
    }
    Ok(c.pages)
}

/// A label in the shaded left column, its value beside it.
fn field_row(label: &str, value: &str) -> Row {
    field_row_at(0.0, label, value)
}

/// A field inside nested groups: its label cell starts `indent` further right, the values
/// stay in one column.
fn field_row_at(indent: f32, label: &str, value: &str) -> Row {
    row_of(&[
        (label, LEFT + indent, LABEL_WIDTH - indent, true),
        (value, LEFT + LABEL_WIDTH, BODY_WIDTH - LABEL_WIDTH, false),
    ])
}

/// The field the 指定医 signs beside: label, value with what the box asks for below it, and
/// the box with 「印」 on the value's first line (as on the paper form: 氏名 ＿＿＿ 印).
fn seal_row(label: &str, value: &str, note: &str) -> Row {
    let value_x = LEFT + LABEL_WIDTH;
    let value_w = BODY_WIDTH - LABEL_WIDTH - SEAL_WIDTH;
    let mut lines = wrap(value, value_w - 2.0 * PAD, TEXT);
    if !note.is_empty() {
        lines.push(String::new());
        lines.extend(wrap(&format!("（{note}）"), value_w - 2.0 * PAD, TEXT));
    }
    while lines.len() < SEAL_LINES {
        lines.push(String::new());
    }
    // 「印」 centred in the box: its left padding in half-width spaces of half an em each.
    let spaces = ((SEAL_WIDTH - TEXT) / 2.0 - PAD) / (TEXT / 2.0);
    let mark = format!("{}{SEAL_MARK}", " ".repeat(spaces.max(0.0) as usize));
    Row {
        cells: vec![
            (
                wrap(label, LABEL_WIDTH - 2.0 * PAD, TEXT),
                LEFT,
                LABEL_WIDTH,
                true,
            ),
            (lines, value_x, value_w, false),
            (vec![mark], value_x + value_w, SEAL_WIDTH, false),
        ],
    }
}

fn table_row(values: &[String], w: f32) -> Row {
    let cells: Vec<(&str, f32, f32, bool)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.as_str(), LEFT + i as f32 * w, w, false))
        .collect();
    row_of(&cells)
}

fn first_row_height(item: &Item) -> f32 {
    match item {
        Item::Field { label, value } => field_row(label, value).height(),
        Item::Seal { label, value, note } => seal_row(label, value, note).height(),
        Item::Subheading(_) | Item::Group(_) => 2.0 * (LINE + 2.0 * PAD),
        Item::EndGroup => 0.0,
        Item::Table { .. } => 3.0 * (LINE + 2.0 * PAD),
    }
}

/// Draws a row where the cursor is, on a new page when it does not fit (with the table's
/// header repeated); a row taller than a whole page is split between lines, never cut.
fn draw_row(c: &mut Cursor, row: &Row, repeat: Option<&Row>) {
    let page_body = BODY_BOTTOM - BODY_TOP - repeat.map(Row::height).unwrap_or(0.0);
    if row.height() > page_body {
        let per_page = ((page_body - 2.0 * PAD) / LINE).floor().max(1.0) as usize;
        let most = row.cells.iter().map(|(l, ..)| l.len()).max().unwrap_or(0);
        let mut start = 0;
        while start < most && !c.overflow {
            let part = Row {
                cells: row
                    .cells
                    .iter()
                    .map(|(lines, x, w, s)| {
                        let end = (start + per_page).min(lines.len());
                        (
                            lines.get(start..end).unwrap_or_default().to_vec(),
                            *x,
                            *w,
                            *s,
                        )
                    })
                    .collect(),
            };
            draw_row(c, &part, repeat);
            start += per_page;
        }
        return;
    }
    if c.y + row.height() > BODY_BOTTOM && c.y > BODY_TOP {
        c.new_page();
        if let Some(header) = repeat {
            draw_row(c, header, None);
        }
    }
    let (y, h) = (c.y, row.height());
    for (lines, x, w, shaded) in &row.cells {
        if *shaded {
            c.page().push(Op::Shade { x: *x, y, w: *w, h });
        }
        c.page().push(Op::Frame {
            x: *x,
            y,
            w: *w,
            h,
            ink: Ink::Gray,
        });
        for (i, line) in lines.iter().enumerate() {
            if !line.is_empty() {
                c.text(
                    x + PAD,
                    y + PAD + (i as f32 + 1.0) * LINE - 3.5,
                    TEXT,
                    *shaded,
                    line,
                );
            }
        }
    }
    c.y += h;
}

fn header_and_footer(page: &mut Page, form: &Form, info: &PageInfo<'_>, n: usize, total: usize) {
    let mut ops = vec![
        Op::Text {
            x: LEFT,
            y: TOP + 16.0,
            size: 15.0,
            bold: true,
            ink: Ink::Black,
            text: form.title.clone(),
        },
        Op::Text {
            x: LEFT,
            y: TOP + 32.0,
            size: 9.5,
            bold: false,
            ink: Ink::Black,
            text: std::iter::once(form.form.clone())
                .chain(form.header.iter().cloned())
                .collect::<Vec<_>>()
                .join("　"),
        },
        Op::Frame {
            x: LEFT,
            y: TOP + HEADER_HEIGHT - 6.0,
            w: BODY_WIDTH,
            h: 0.0,
            ink: Ink::Black,
        },
    ];
    if form.has_errors {
        let size = 12.0;
        let w = width_em(ERROR_MARK) * size + 12.0;
        let x = LEFT + BODY_WIDTH - w;
        ops.push(Op::Frame {
            x,
            y: TOP,
            w,
            h: 22.0,
            ink: Ink::Red,
        });
        ops.push(Op::Text {
            x: x + 6.0,
            y: TOP + 16.0,
            size,
            bold: true,
            ink: Ink::Red,
            text: ERROR_MARK.to_string(),
        });
    }
    let footer = format!(
        "{n} / {total} ページ　　SHA-256 {}　　印刷日 {}",
        form.fingerprint, info.printed
    );
    ops.push(Op::Text {
        x: LEFT,
        y: PAGE_HEIGHT - BOTTOM - 4.0,
        size: 8.0,
        bold: false,
        ink: Ink::Gray,
        text: footer,
    });
    // The header goes first in the content stream: text extraction reads it first.
    ops.append(page);
    *page = ops;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character_and_the_width() {
        let text = "令和元年7月頃から右手の静止時振戦が出現。ABC def、長い説明が続く。".repeat(5);
        let lines = wrap(&text, 100.0, 10.0);
        assert_eq!(lines.concat(), text);
        for l in &lines {
            // One hanging punctuation mark at most beyond the width.
            assert!(width_em(l) <= 11.0, "{l}");
        }
        assert!(lines
            .iter()
            .skip(1)
            .all(|l| !l.starts_with('、') && !l.starts_with('。')));
        assert_eq!(wrap("a\nb", 100.0, 10.0), ["a", "b"]);
    }
}
