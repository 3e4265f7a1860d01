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
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("cp932_rows.bin"), cp932_rows()).expect("OUT_DIR is writable");
}

/// The JIS row (区) of every BMP character in CP932, 0 where it has no two-byte code, read from
/// encoding_rs's Shift_JIS decoder (`domain::chars`; its test holds the table to the encoder).
fn cp932_rows() -> Vec<u8> {
    use encoding_rs::{DecoderResult, SHIFT_JIS};
    let mut rows = vec![0u8; 0x10000];
    for lead in (0x81u8..=0x9F).chain(0xE0..=0xFC) {
        for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
            let mut out = [0u16; 2];
            let (result, read, written) = SHIFT_JIS
                .new_decoder_without_bom_handling()
                .decode_to_utf16_without_replacement(&[lead, trail], &mut out, true);
            if result != DecoderResult::InputEmpty || read != 2 || written != 1 {
                continue;
            }
            let base = if lead <= 0x9F {
                lead - 0x81
            } else {
                lead - 0xC1
            };
            let row = base * 2 + 1 + u8::from(trail >= 0x9F);
            // NEC-selected IBM rows 89–92 duplicate IBM rows 115–119; the encoder never uses
            // them (WHATWG Encoding, index Shift_JIS pointer).
            let rank = |r: u8| u16::from(r) + if (89..=92).contains(&r) { 256 } else { 0 };
            let slot = &mut rows[usize::from(out[0])];
            if *slot == 0 || rank(row) < rank(*slot) {
                *slot = row;
            }
        }
    }
    rows
}
