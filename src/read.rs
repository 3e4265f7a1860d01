//! The reading stage: a file's bytes within the size limit, its hash, and its text as UTF-8.
//!
//! Everything after this stage sees only decoded text that fits the limits; nothing here parses XML.

use std::io::Read;
use std::path::Path;

use crate::digest::Sha256Digest;
use crate::encoding::{self, Decoded};
use crate::finding::{Finding, Position};
use crate::limits::Limits;

/// A file as read: its hash, and either its decoded text or why it cannot be checked.
pub struct ReadFile {
    pub sha256: Option<Sha256Digest>,
    pub content: Result<Decoded, Finding>,
}

pub fn read_file(path: &Path, limits: &Limits) -> ReadFile {
    match read_bounded(path, limits.max_file_bytes) {
        Ok(bytes) => read_bytes(bytes, limits),
        Err(finding) => ReadFile {
            sha256: None,
            content: Err(finding),
        },
    }
}

/// The same checks for bytes that did not come from a file (the app, tests).
pub fn read_bytes(bytes: Vec<u8>, limits: &Limits) -> ReadFile {
    let sha256 = Some(Sha256Digest::of(&bytes));
    if bytes.len() as u64 > limits.max_file_bytes {
        return ReadFile {
            sha256,
            content: Err(too_large(bytes.len() as u64, limits.max_file_bytes)),
        };
    }
    ReadFile {
        sha256,
        content: check_not_binary(&bytes).and_then(|()| encoding::decode(bytes)),
    }
}

fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, Finding> {
    // Opening a FIFO would wait for a writer forever: look before opening, and again at what
    // was opened, in case the name changed in between.
    regular_file(std::fs::metadata(path), path)?;
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    let meta = regular_file(file.metadata(), path)?;
    let len = meta.len();
    if len > max {
        return Err(too_large(len, max));
    }
    // The length may change between metadata and read: read at most one byte past the limit.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    Ok(bytes)
}

fn regular_file(
    meta: std::io::Result<std::fs::Metadata>,
    path: &Path,
) -> Result<std::fs::Metadata, Finding> {
    let meta = match meta {
        Ok(meta) => meta,
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) =>
        {
            return Err(Finding::error(
                "READ-001",
                "ファイルを読み込めません（リンク先のファイルがありません）。",
                "リンク（ショートカット）の指す先が移動または削除されています。元のファイルを置き直すか、リンクを削除してください。",
            ));
        }
        Err(e) => return Err(unreadable(&e)),
    };
    if meta.is_file() {
        return Ok(meta);
    }
    Err(Finding::error(
        "READ-001",
        format!(
            "ファイルを読み込めません（通常のファイルではなく{}です）。",
            special_kind_ja(&meta.file_type())
        ),
        "出力されたファイルそのものを指定してください。",
    ))
}

fn special_kind_ja(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "フォルダー";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "名前付きパイプ（FIFO）";
        }
        if kind.is_socket() {
            return "ソケット";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "デバイス";
        }
    }
    "特殊なファイル"
}

fn unreadable(e: &std::io::Error) -> Finding {
    Finding::error(
        "READ-001",
        format!("ファイルを読み込めません（{}）。", io_reason_ja(e)),
        "ファイルが存在し、読み取り権限があることを確認してください。",
    )
}

/// Why an operation on a file failed, in Japanese: the one mapping of the OS's errors, so that
/// no English text of the OS (「File name too long (os error 36)」) reaches the user. Kinds the
/// mapping does not know get their number, not their English text.
pub fn io_reason_ja(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let reason = match e.kind() {
        NotFound => "見つかりません",
        PermissionDenied => "アクセス権がありません",
        AlreadyExists => "同じ名前のものが既にあります",
        IsADirectory => "フォルダーです",
        NotADirectory => "途中の名前がフォルダーではありません",
        DirectoryNotEmpty => "フォルダーが空ではありません",
        ReadOnlyFilesystem => "読み取り専用の場所です（書き込み禁止の媒体・共有など）",
        StorageFull => "保存先の空き容量がありません",
        QuotaExceeded => "保存先の使用量の上限（クォータ）を超えています",
        FileTooLarge => "ファイルが保存先の扱える大きさを超えています",
        InvalidFilename => "ファイル名が長すぎるか、使えない文字を含んでいます",
        CrossesDevices => "別のドライブへは移動できません",
        TooManyLinks => "リンクが多すぎます",
        ResourceBusy | ExecutableFileBusy => "ほかのプログラムが使用中です",
        StaleNetworkFileHandle | NetworkDown | NetworkUnreachable | HostUnreachable => {
            "ネットワーク上の保存先に届きません（接続が切れています）"
        }
        TimedOut => "時間内に応答がありません",
        Interrupted => "中断されました",
        UnexpectedEof => "ファイルが途中で終わっています",
        InvalidData => "内容が壊れています",
        OutOfMemory => "メモリーが足りません",
        Unsupported => "この環境では行えない操作です",
        WriteZero => "書き込めませんでした",
        _ => match e.raw_os_error() {
            // ELOOP on Linux and macOS: a link that points back at itself.
            Some(40) if cfg!(target_os = "linux") => "リンクが循環しています",
            Some(62) if cfg!(target_os = "macos") => "リンクが循環しています",
            // EIO: the medium or the drive failed, often a USB stick pulled out.
            Some(5) if cfg!(unix) => "入出力エラー（媒体の読み書きに失敗しました）",
            // ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows.
            Some(32) | Some(33) if cfg!(windows) => "ほかのプログラムが使用中です",
            Some(code) => return format!("OS のエラー（番号 {code}）"),
            None => "入出力エラー",
        },
    };
    reason.to_string()
}

fn too_large(len: u64, max: u64) -> Finding {
    Finding::error(
        "READ-002",
        format!("ファイルが大きすぎます（{} バイト、上限 {} バイト）。", len, max),
        "1 ファイル 1 帳票で出力されているか確認してください。上限は --max-file-size で変更できます。",
    )
    .constraint("max_file_bytes")
}

/// Files that are certainly not XML get a message that says what they are, instead of an
/// encoding error at byte 0.
fn check_not_binary(bytes: &[u8]) -> Result<(), Finding> {
    if bytes.is_empty() {
        return Err(Finding::error(
            "READ-003",
            "ファイルが空です（0 バイト）。",
            "出力が途中で失敗していないか確認し、出力し直してください。",
        ));
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG 画像"),
        (b"%PDF-", "PDF 文書"),
        (b"PK\x03\x04", "ZIP 圧縮ファイル（Excel・Word 文書を含む）"),
        (b"\xff\xd8\xff", "JPEG 画像"),
        (b"GIF8", "GIF 画像"),
        (b"MZ", "Windows の実行ファイル"),
        (b"\x7fELF", "実行ファイル"),
        (b"\xd0\xcf\x11\xe0", "旧形式の Office 文書"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Err(Finding::error(
            "READ-011",
            format!("XML ファイルではありません（{what}の形式です）。"),
            "拡張子が .xml でも中身が XML でないファイルは提出できません。正しいファイルを選んでください。",
        )
        .at(Some(Position { line: 1, column: 1 }))
        .constraint("XML 1.0 §2.1 document"));
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0x3C, 0x00])
        || bytes.starts_with(&[0x00, 0x3C]);
    if !utf16 {
        if let Some(offset) = memchr::memchr(0, bytes) {
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            return Err(Finding::error(
                "READ-011",
                format!("NUL 文字（0x00）が含まれています（{offset} バイト目）。XML には使えない文字です。"),
                "ファイルが壊れているか、XML 以外のファイルです。院内システムから出力し直してください。",
            )
            .at(Some(Position { line, column: 1 }))
            .constraint("XML 1.0 §2.2 Char"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The errors users meet on hospital PCs: a long path, a file where a folder should be, a
    /// full USB stick, a write-protected medium, no permission, a link loop.
    #[cfg(target_os = "linux")]
    #[test]
    fn os_errors_are_told_in_japanese_without_the_os_text() {
        let cases = [
            (36, "ファイル名が長すぎる"),
            (20, "フォルダーではありません"),
            (28, "空き容量"),
            (30, "読み取り専用"),
            (13, "アクセス権"),
            (40, "循環"),
            (2, "見つかりません"),
            (17, "既にあります"),
            (16, "使用中"),
            (5, "入出力エラー"),
        ];
        for (code, expected) in cases {
            let e = std::io::Error::from_raw_os_error(code);
            let reason = io_reason_ja(&e);
            assert!(reason.contains(expected), "errno {code}: {reason} ({e})");
            assert!(
                !reason.chars().any(|c| c.is_ascii_lowercase()),
                "errno {code}: English in {reason}"
            );
        }
    }

    #[test]
    fn png_renamed_to_xml_is_named_as_png() {
        let r = read_bytes(
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            &Limits::default(),
        );
        let f = r.content.unwrap_err();
        assert_eq!(f.code, "READ-011");
        assert!(f.message.contains("PNG"));
        assert!(r.sha256.is_some());
    }

    #[test]
    fn empty_and_nul() {
        assert_eq!(
            read_bytes(vec![], &Limits::default())
                .content
                .unwrap_err()
                .code,
            "READ-003"
        );
        let f = read_bytes(b"<a>\n\0</a>".to_vec(), &Limits::default())
            .content
            .unwrap_err();
        assert_eq!((f.code, f.line), ("READ-011", Some(2)));
    }

    #[test]
    fn size_limit() {
        let limits = Limits {
            max_file_bytes: 4,
            ..Limits::default()
        };
        assert_eq!(
            read_bytes(b"<a/>x".to_vec(), &limits)
                .content
                .unwrap_err()
                .code,
            "READ-002"
        );
        assert!(read_bytes(b"<a/>".to_vec(), &limits).content.is_ok());
    }
}
