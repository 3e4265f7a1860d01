//! The transfer slip (媒体持出記録票): one A4 sheet, or more for a long file list, that travels
//! with the medium. It carries the seal to compare on the other side, per-file short hashes
//! instead of names (no patient data on paper), what did not block sealing (警告, forms of
//! another institution), and lines for the people who sign. It is laid out and written by
//! `print`, like any form, without the page cap of a form: the list has one row per file.

use crate::digest::fingerprint_groups;
use crate::print::{Form, Item, Section};

use super::institution::OtherInstitution;
use super::Sealed;

/// What the slip shows besides the sealed bundle itself.
pub struct SlipInfo<'a> {
    /// The bundle's file name as written (zip or 7z).
    pub file_name: &'a str,
    pub institution: &'a str,
    pub operator: &'a str,
    pub medium: Option<&'a str>,
    /// Local date and time of sealing, as displayed.
    pub sealed_at: &'a str,
    pub encrypted: bool,
    /// 「rinko-kojinhyo-2025 2025.1」…
    pub schema_sets: Vec<String>,
    /// The audit log's state when sealing: 「記録 12 件、最新 3F2A-…」, or why it is unusable.
    pub audit: String,
    /// Forms that name another institution than the bundle's.
    pub other_institution: &'a [OtherInstitution],
}

const BLANK: &str = "＿＿＿＿＿＿＿＿＿＿＿＿";

pub fn form(sealed: &Sealed, info: &SlipInfo<'_>) -> Form {
    let field = |label: &str, value: String| Item::Field {
        label: label.to_string(),
        value,
    };
    let bundle = vec![
        field("バンドルのファイル", info.file_name.to_string()),
        // Two lines of eight groups, so that no group is split when read aloud.
        field(
            "封緘の指紋（SHA-256）",
            format!(
                "{}\n{}",
                fingerprint_groups(&sealed.fingerprint[..32]),
                fingerprint_groups(&sealed.fingerprint[32..])
            ),
        ),
        field("封緘日時", info.sealed_at.to_string()),
        field("医療機関コード", info.institution.to_string()),
        field(
            "他の医療機関のフォーム",
            match info.other_institution.len() {
                0 => "なし".into(),
                n => format!("{n} 件（表の注記に各フォームの医療機関コード）"),
            },
        ),
        field("作成者", info.operator.to_string()),
        field(
            "収録ファイル",
            format!(
                "{} 件、合計 {} バイト（{}）",
                sealed.files.len(),
                sealed.payload_bytes,
                super::bag::human_size(sealed.payload_bytes)
            ),
        ),
        field("警告", warnings_summary(sealed)),
        field(
            "暗号化",
            if info.encrypted {
                "あり（7z、AES-256、パスフレーズは別経路で伝達）".into()
            } else {
                "なし".into()
            },
        ),
        field(
            "署名",
            match &sealed.key_fingerprint {
                Some(print) => format!("Ed25519、機関の鍵の指紋 {print}"),
                None => "なし".into(),
            },
        ),
        field("検査に使ったスキーマセット", info.schema_sets.join("\n")),
        field("監査ログ", info.audit.clone()),
    ];
    let other: std::collections::HashMap<&str, &str> = info
        .other_institution
        .iter()
        .map(|o| (o.bag_path.as_str(), o.code.as_str()))
        .collect();
    let files = Item::Table {
        caption: "収録ファイル（氏名は載せず、SHA-256 の先頭 16 桁で識別）".into(),
        columns: ["番号", "SHA-256（先頭 16 桁）", "バイト数", "様式", "注記"]
            .map(String::from)
            .to_vec(),
        rows: sealed
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut notes = Vec::new();
                if f.warnings > 0 {
                    notes.push(format!("警告 {}", f.warnings));
                }
                if let Some(code) = other.get(f.path.as_str()) {
                    notes.push(format!("他機関 {code}"));
                }
                vec![
                    (i + 1).to_string(),
                    fingerprint_groups(&f.sha256[..f.sha256.len().min(16)]),
                    f.size.to_string(),
                    f.form.clone(),
                    notes.join("\n"),
                ]
            })
            .collect(),
    };
    let signer = format!("氏名 {BLANK}　日時 ＿＿＿＿年＿＿月＿＿日 ＿＿：＿＿");
    let confirm = vec![
        field(
            "媒体（ラベル）",
            info.medium
                .map(str::to_string)
                .unwrap_or_else(|| BLANK.into()),
        ),
        field("持出者", signer.clone()),
        field("確認者", signer.clone()),
        field(
            "受領側の検証",
            "検証の判定 □ 合格　指紋の照合 □ 一致（上の指紋と画面の指紋を読み合わせる）".into(),
        ),
        field("受領者", signer),
    ];
    Form {
        title: "媒体持出記録票".into(),
        form: "Rinko 封緘バンドル".into(),
        header: vec![info.file_name.to_string()],
        fingerprint: sealed.fingerprint[..12].to_string(),
        has_errors: false,
        sections: vec![
            Section {
                heading: "バンドル".into(),
                items: bundle,
            },
            // The signatures come before the file list, which may run over many pages: the
            // first page is the one people sign.
            Section {
                heading: "持出・受領の記録".into(),
                items: confirm,
            },
            Section {
                heading: "収録ファイル".into(),
                items: vec![files],
            },
        ],
    }
}

/// 「警告のあるファイル 2 件（警告 3 件）」: 警告 do not block sealing, but the slip records them.
fn warnings_summary(sealed: &Sealed) -> String {
    let warned = sealed.files.iter().filter(|f| f.warnings > 0).count();
    let total: usize = sealed.files.iter().map(|f| f.warnings).sum();
    if warned == 0 {
        "なし".into()
    } else {
        format!("警告のあるファイル {warned} 件（警告 {total} 件。表の注記に件数）")
    }
}
