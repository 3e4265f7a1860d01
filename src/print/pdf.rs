//! The laid-out pages as a PDF, through krilla: A4, the fonts embedded as subsets (each text run
//! with the font `fonts` chose for it), text that stays text, metadata, and nothing that depends
//! on anything but the pages and the clock.

use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Data, Document};

use super::fonts::{self, Face};
use super::layout::{Ink, Op, Page, PAGE_HEIGHT, PAGE_WIDTH};

/// Document-level facts: the title, and the moment of printing (`SOURCE_DATE_EPOCH` or the
/// clock) as UTC.
pub struct Meta<'a> {
    pub title: &'a str,
    pub printed_at: chrono::DateTime<chrono::Utc>,
}

fn font(embedded: &fonts::Embedded) -> Font {
    let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(embedded.data);
    Font::new(Data::from(data), embedded.face).expect("the embedded fonts are valid")
}

/// The fonts of one PDF. The fallback is loaded only for a document that uses it: krilla hashes
/// a font's whole data, and the collection is 19 MB.
struct Fonts {
    regular: Font,
    bold: Font,
    fallback: Option<Font>,
}

impl Fonts {
    fn get(&mut self, face: Face, bold: bool) -> Font {
        match face {
            Face::Main if bold => self.bold.clone(),
            Face::Main => self.regular.clone(),
            Face::Fallback => self
                .fallback
                .get_or_insert_with(|| font(&fonts::FALLBACK))
                .clone(),
        }
    }
}

fn color(ink: Ink) -> rgb::Color {
    match ink {
        Ink::Black => rgb::Color::new(0, 0, 0),
        Ink::Gray => rgb::Color::new(110, 110, 110),
        Ink::Red => rgb::Color::new(200, 0, 0),
    }
}

pub fn write(pages: &[Page], meta: &Meta<'_>) -> Result<Vec<u8>, String> {
    use chrono::{Datelike, Timelike};
    let mut fonts = Fonts {
        regular: font(&fonts::REGULAR),
        bold: font(&fonts::BOLD),
        fallback: None,
    };
    let mut document = Document::new();
    let t = meta.printed_at;
    document.set_metadata(
        Metadata::new()
            .title(meta.title.to_string())
            .producer(format!("Rinko {}", env!("CARGO_PKG_VERSION")))
            .creator(format!("Rinko {}", env!("CARGO_PKG_VERSION")))
            .language("ja".into())
            .creation_date(
                DateTime::new(t.year() as u16)
                    .month(t.month() as u8)
                    .day(t.day() as u8)
                    .hour(t.hour() as u8)
                    .minute(t.minute() as u8)
                    .second(t.second() as u8)
                    .utc_offset_hour(0)
                    .utc_offset_minute(0),
            ),
    );
    for ops in pages {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or("A4 の大きさを設定できません。")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, &mut fonts);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| format!("PDF を作成できません: {e:?}"))
}

fn draw(surface: &mut Surface<'_>, op: &Op, fonts: &mut Fonts) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: is_bold,
            ink,
            text,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(Fill {
                paint: color(*ink).into(),
                ..Fill::default()
            }));
            // Each run where the one before it ends: the layout measured with the same widths.
            let mut at = *x;
            for (face, run) in fonts::runs(text) {
                surface.draw_text(
                    Point::from_xy(at, *y),
                    fonts.get(face, *is_bold),
                    *size,
                    run,
                    false,
                    TextDirection::Auto,
                );
                at += fonts::width_em(run) * size;
            }
        }
        Op::Shade { x, y, w, h } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill {
                    paint: rgb::Color::new(238, 238, 238).into(),
                    ..Fill::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Frame { x, y, w, h, ink } => {
            let mut path = PathBuilder::new();
            path.move_to(*x, *y);
            path.line_to(x + w, *y);
            if *h > 0.0 {
                path.line_to(x + w, y + h);
                path.line_to(*x, y + h);
                path.close();
            }
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(*ink).into(),
                    width: if *ink == Ink::Red { 1.2 } else { 0.5 },
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
    }
}
