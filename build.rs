// The default schema sets and code tables are embedded with include_dir; rebuild when they change.
// The printout embeds BIZ UDGothic (SIL OFL) from the system: Debian's fonts-morisawa-bizud-gothic,
// or RINKO_FONT_DIR (e.g. a folder holding the font files copied from Windows).
use std::path::PathBuf;

const FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/truetype/bizud-gothic",
    "/usr/share/fonts/truetype/morisawa",
];
const FONTS: &[(&str, &str)] = &[
    ("RINKO_FONT_REGULAR", "BIZUDGothic-Regular.ttf"),
    ("RINKO_FONT_BOLD", "BIZUDGothic-Bold.ttf"),
];

fn main() {
    println!("cargo:rerun-if-changed=schemas");
    println!("cargo:rerun-if-changed=codes");
    println!("cargo:rerun-if-env-changed=RINKO_FONT_DIR");
    let dirs: Vec<PathBuf> = std::env::var_os("RINKO_FONT_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(FONT_DIRS.iter().map(PathBuf::from))
        .collect();
    for (var, file) in FONTS {
        let Some(path) = dirs.iter().map(|d| d.join(file)).find(|p| p.is_file()) else {
            panic!(
                "\n\nRinko の印刷用フォント {file}（BIZ UDGothic, SIL OFL）が見つかりません。\n\
                 The print font {file} (BIZ UDGothic, SIL OFL) was not found in {dirs:?}.\n\
                 Debian/Ubuntu: sudo apt-get install fonts-morisawa-bizud-gothic\n\
                 Elsewhere: put {file} in a folder and set RINKO_FONT_DIR to it.\n\n"
            );
        };
        println!("cargo:rerun-if-changed={}", path.display());
        println!("cargo:rustc-env={var}={}", path.display());
    }
}
