//! The page's files: `ui/` as Tauri embeds it, plus the BIZ UDGothic faces the core already
//! embeds for the printout, served as `/fonts/<file>`. One copy of the font in the binary, and
//! no font file in `ui/` that could differ from the printed one.

use std::borrow::Cow;

use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{Assets, Context, Runtime};

/// Serves the fonts under `/fonts/` and everything else from `ui/`.
pub fn add_fonts<R: Runtime>(context: &mut Context<R>) {
    let ui = context.set_assets(Box::new(WithFonts { ui: None }));
    context.set_assets(Box::new(WithFonts { ui: Some(ui) }));
}

struct WithFonts<R: Runtime> {
    /// `None` only for the moment it takes to swap it in.
    ui: Option<Box<dyn Assets<R>>>,
}

fn font(key: &AssetKey) -> Option<&'static [u8]> {
    let name = key.as_ref().strip_prefix("/fonts/")?;
    rinko_core::print::ui_fonts()
        .into_iter()
        .find(|(file, _)| *file == name)
        .map(|(_, bytes)| bytes)
}

impl<R: Runtime> Assets<R> for WithFonts<R> {
    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        match font(key) {
            Some(bytes) => Some(Cow::Borrowed(bytes)),
            None => self.ui.as_ref()?.get(key),
        }
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        let fonts = rinko_core::print::ui_fonts()
            .into_iter()
            .map(|(file, bytes)| (Cow::Owned(format!("/fonts/{file}")), Cow::Borrowed(bytes)));
        match &self.ui {
            Some(ui) => Box::new(ui.iter().chain(fonts)),
            None => Box::new(fonts),
        }
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        match &self.ui {
            Some(ui) => ui.csp_hashes(html_path),
            None => Box::new(std::iter::empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_are_the_printouts_and_nothing_else_is_a_font() {
        let regular = font(&AssetKey::from("fonts/BIZUDGothic-Regular.ttf")).expect("served");
        assert_eq!(regular, rinko_core::print::ui_fonts()[0].1);
        assert!(font(&AssetKey::from("fonts/../index.html")).is_none());
        assert!(font(&AssetKey::from("index.html")).is_none());
        assert!(font(&AssetKey::from("fonts/NotoSansCJK-Regular.ttc")).is_none());
    }
}
