// The default schema sets and code tables are embedded with include_dir; rebuild when they change.
// The printout embeds BIZ UDGothic (SIL OFL) from the system: Debian's fonts-morisawa-bizud-gothic,
// and for the characters it lacks (𠮷, the rest of JIS X 0213, IVS) Noto Sans CJK JP (SIL OFL)
// from Debian's fonts-noto-cjk; or RINKO_FONT_DIR (a folder holding the font files).
use std::path::PathBuf;

/// (environment variable for the source, file, Debian package, folders it installs into).
const FONTS: &[(&str, &str, &str, &[&str])] = &[
    (
        "RINKO_FONT_REGULAR",
        "BIZUDGothic-Regular.ttf",
        "fonts-morisawa-bizud-gothic",
        &[
            "/usr/share/fonts/truetype/bizud-gothic",
            "/usr/share/fonts/truetype/morisawa",
        ],
    ),
    (
        "RINKO_FONT_BOLD",
        "BIZUDGothic-Bold.ttf",
        "fonts-morisawa-bizud-gothic",
        &[
            "/usr/share/fonts/truetype/bizud-gothic",
            "/usr/share/fonts/truetype/morisawa",
        ],
    ),
    (
        "RINKO_FONT_FALLBACK",
        "NotoSansCJK-Regular.ttc",
        "fonts-noto-cjk",
        &["/usr/share/fonts/opentype/noto"],
    ),
];

fn main() {
    println!("cargo:rerun-if-changed=schemas");
    println!("cargo:rerun-if-changed=codes");
    println!("cargo:rerun-if-env-changed=RINKO_FONT_DIR");
    let given = std::env::var_os("RINKO_FONT_DIR").map(PathBuf::from);
    for (var, file, package, system) in FONTS {
        let dirs: Vec<PathBuf> = given
            .iter()
            .cloned()
            .chain(system.iter().map(PathBuf::from))
            .collect();
        let Some(path) = dirs.iter().map(|d| d.join(file)).find(|p| p.is_file()) else {
            panic!(
                "\n\nRinko の印刷用フォント {file}（SIL OFL）が見つかりません。\n\
                 The print font {file} (SIL OFL) was not found in {dirs:?}.\n\
                 Debian/Ubuntu: sudo apt-get install {package}\n\
                 Elsewhere: put {file} in a folder and set RINKO_FONT_DIR to it.\n\n"
            );
        };
        println!("cargo:rerun-if-changed={}", path.display());
        println!("cargo:rustc-env={var}={}", path.display());
    }
}
