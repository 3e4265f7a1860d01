// The default schema sets and code tables are embedded with include_dir; rebuild when they change.
// The printout embeds BIZ UDGothic (SIL OFL) from the system: Debian's fonts-morisawa-bizud-gothic
// or, on a Windows build machine, the collections Windows 10/11 install in %WINDIR%\Fonts; and for
// the characters it lacks (𠮷, the rest of JIS X 0213, IVS) Noto Sans CJK JP (SIL OFL) from
// Debian's fonts-noto-cjk; or RINKO_FONT_DIR (a folder holding the font files).
use std::path::PathBuf;

// The face of a collection is chosen by family name: shared with the library, which tests it.
// (The library also makes the web view's font from the face; the build needs only the choice.)
#[allow(dead_code)]
#[path = "src/print/font_face.rs"]
mod font_face;

struct Font {
    /// The environment variable that gives `print::fonts` the file; with `_FACE`, the constant
    /// that gives it the face.
    var: &'static str,
    /// The family of the face to embed.
    family: &'static str,
    /// The file's names, Debian's first, then Windows's.
    files: &'static [&'static str],
    package: &'static str,
    /// The folders Debian installs it into.
    debian: &'static [&'static str],
}

const BIZ_UD: &[&str] = &[
    "/usr/share/fonts/truetype/bizud-gothic",
    "/usr/share/fonts/truetype/morisawa",
];

const FONTS: &[Font] = &[
    Font {
        var: "RINKO_FONT_REGULAR",
        family: "BIZ UDGothic",
        files: &["BIZUDGothic-Regular.ttf", "BIZ-UDGothicR.ttc"],
        package: "fonts-morisawa-bizud-gothic",
        debian: BIZ_UD,
    },
    Font {
        var: "RINKO_FONT_BOLD",
        family: "BIZ UDGothic",
        files: &["BIZUDGothic-Bold.ttf", "BIZ-UDGothicB.ttc"],
        package: "fonts-morisawa-bizud-gothic",
        debian: BIZ_UD,
    },
    Font {
        var: "RINKO_FONT_FALLBACK",
        family: "Noto Sans CJK JP",
        files: &["NotoSansCJK-Regular.ttc"],
        package: "fonts-noto-cjk",
        debian: &["/usr/share/fonts/opentype/noto"],
    },
];

/// The folders fonts are installed into on the machine that builds (not the target: a cross build
/// on Linux reads Debian's files).
fn system_font_dirs(font: &Font) -> Vec<PathBuf> {
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").unwrap_or_else(|| r"C:\Windows".into());
        vec![PathBuf::from(windir).join("Fonts")]
    } else {
        font.debian.iter().map(PathBuf::from).collect()
    }
}

fn main() {
    println!("cargo:rerun-if-changed=schemas");
    println!("cargo:rerun-if-changed=codes");
    println!("cargo:rerun-if-env-changed=RINKO_FONT_DIR");
    let given = std::env::var_os("RINKO_FONT_DIR").map(PathBuf::from);
    let mut faces = String::new();
    for font in FONTS {
        let dirs: Vec<PathBuf> = given
            .iter()
            .cloned()
            .chain(system_font_dirs(font))
            .collect();
        let names = font.files.join(" / ");
        let Some(path) = dirs
            .iter()
            .flat_map(|d| font.files.iter().map(move |f| d.join(f)))
            .find(|p| p.is_file())
        else {
            panic!(
                "\n\nRinko の印刷用フォント {names}（SIL OFL）が見つかりません。\n\
                 The print font {names} (SIL OFL) was not found in {dirs:?}.\n\
                 Debian/Ubuntu: sudo apt-get install {package}\n\
                 Windows 10/11 install BIZ UDGothic as %WINDIR%\\Fonts\\BIZ-UDGothicR.ttc and BIZ-UDGothicB.ttc.\n\
                 Elsewhere: put the file in a folder and set RINKO_FONT_DIR to it.\n\n",
                package = font.package
            );
        };
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("\n\n{}: {e}\n\n", path.display()));
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let face = font_face::face_index(&file, &bytes, font.family)
            .unwrap_or_else(|e| panic!("\n\n{e}\nThe print font must be {}.\n\n", font.family));
        println!("cargo:rerun-if-changed={}", path.display());
        println!("cargo:rustc-env={}={}", font.var, path.display());
        let name = font.var.trim_start_matches("RINKO_FONT_");
        faces.push_str(&format!("pub const {name}_FACE: u32 = {face};\n"));
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("font_faces.rs"), faces).expect("OUT_DIR is writable");
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
