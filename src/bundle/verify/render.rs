//! A bundle's verification for people (text) and scripts (`--format json`, format_version 1,
//! docs/bundle.md). Rendering only: the verdict and its reasons come from `verify` (the parent).

use serde::Serialize;

use super::{Signed, Verification};
use crate::digest::fingerprint_groups;
use crate::finding::Status;
use crate::report::FORMAT_VERSION;

#[derive(Serialize)]
struct Json<'a> {
    format_version: u32,
    bundle: &'a str,
    verdict: &'static str,
    fingerprint: Option<&'a str>,
    bag: Option<&'a str>,
    institution: Option<&'a str>,
    bagging_date: Option<&'a str>,
    encrypted: bool,
    signature: Option<Signature<'a>>,
    files: Vec<File<'a>>,
    bytes: u64,
    reasons: Vec<Reason<'a>>,
    /// Files written by `--extract`; absent when nothing was extracted.
    #[serde(skip_serializing_if = "Option::is_none")]
    extracted: Option<usize>,
}

#[derive(Serialize)]
struct Signature<'a> {
    /// The key's fingerprint; null when the signature did not hold.
    key: Option<&'a str>,
    valid: bool,
    trusted: bool,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    sha256: Option<crate::digest::Sha256Digest>,
    status: Status,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Reason<'a> {
    code: &'a str,
    message: &'a str,
}

fn verdict(v: &Verification) -> &'static str {
    if v.passed() {
        "pass"
    } else {
        "fail"
    }
}

pub fn verification_json(v: &Verification, bundle: &str, extracted: Option<usize>) -> String {
    let bundle = &crate::shown::text(bundle);
    let json = Json {
        format_version: FORMAT_VERSION,
        bundle,
        verdict: verdict(v),
        fingerprint: v.fingerprint.as_deref(),
        bag: v.bag_name.as_deref(),
        institution: v.info.get("Source-Organization"),
        bagging_date: v.info.get("Bagging-Date"),
        encrypted: v.encrypted,
        signature: match &v.signed {
            Signed::No => None,
            Signed::Trusted(key) => Some(Signature {
                key: Some(key),
                valid: true,
                trusted: true,
            }),
            Signed::Untrusted(key) => Some(Signature {
                key: Some(key),
                valid: true,
                trusted: false,
            }),
            Signed::Broken => Some(Signature {
                key: None,
                valid: false,
                trusted: false,
            }),
        },
        files: v
            .reports
            .iter()
            .map(|r| File {
                path: &r.path,
                sha256: r.sha256,
                status: r.status,
                errors: r.errors(),
                warnings: r.warnings(),
            })
            .collect(),
        bytes: v.payload_bytes(),
        reasons: v
            .rejections
            .iter()
            .map(|r| Reason {
                code: r.code,
                message: &r.message,
            })
            .collect(),
        extracted,
    };
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}

pub fn verification_text(v: &Verification, bundle: &str) -> String {
    let bundle = crate::shown::text(bundle);
    let mut out = format!("{bundle}: {}\n", if v.passed() { "合格" } else { "不合格" });
    if let Some(f) = &v.fingerprint {
        out += &format!("  指紋: {}\n", fingerprint_groups(f));
    }
    // What bag-info says is shown only once it is known to be the sealed one.
    if v.passed() {
        let signed = match &v.signed {
            // A broken signature never passes, so it is not shown here.
            Signed::No | Signed::Broken => "なし".to_string(),
            Signed::Trusted(key) => format!("正しい（信頼済みの鍵 {key}）"),
            Signed::Untrusted(key) => format!(
                "正しい（鍵 {key}。この PC には未登録: 記録票の鍵の指紋と照合してください）"
            ),
        };
        out += &format!(
            "  医療機関コード {}、封緘日 {}、{} 件 {} バイト、暗号化 {}、署名 {signed}\n",
            v.info.get("Source-Organization").unwrap_or("?"),
            v.info.get("Bagging-Date").unwrap_or("?"),
            v.payload.len(),
            v.payload_bytes(),
            if v.encrypted { "あり" } else { "なし" },
        );
    }
    for r in &v.rejections {
        out += &format!("  {} {}\n", r.code, r.message);
    }
    if v.passed() {
        out += "  上の指紋が媒体持出記録票の指紋と一致することを確認してください。\n";
    }
    out
}
