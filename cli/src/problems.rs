//! A workflow's problem as the command line says it: what it is about becomes the flag that
//! gave it, and where the fix is a flag or another command, the CLI names it. The library's
//! messages name neither.

use rinko_core::{About, Code, Problem};

/// The command a problem came from: which flags it has decides how a fix is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Check,
    Print,
    Bundle,
    Verify,
    Schemas,
    Keys,
    Log,
    Ledger,
}

/// One line for stderr, after `rinko: エラー: ` or `rinko: 警告: `.
pub fn render(p: &Problem, cmd: Cmd) -> String {
    if let (Code::LimitZero, About::Limit(name)) = (p.code, &p.about) {
        return format!("{} には 1 以上を指定してください。", limit_flag(name));
    }
    let flag = match (&p.about, cmd) {
        (About::Output(_), Cmd::Check | Cmd::Print | Cmd::Bundle) => Some("--out"),
        (About::Output(_), Cmd::Keys | Cmd::Ledger | Cmd::Schemas) => Some("--out"),
        (About::ExtractFolder(_), _) => Some("--extract"),
        (About::Institution, _) => Some("--institution"),
        (About::Today, _) => Some("--today"),
        (About::SchemaSetFolder(_), _) => Some("--schema-set"),
        (About::Xsd(_), _) => Some("--xsd"),
        _ => None,
    };
    let mut line = match flag {
        Some(flag) => format!("{flag}: {}", p.message),
        None => p.message.clone(),
    };
    match cli_hint(p, cmd) {
        Some(hint) => line.push_str(&hint),
        None => {
            if let Some(hint) = &p.hint {
                line.push_str(hint);
            }
        }
    }
    line
}

/// The fix in the command line's words, where it has its own.
fn cli_hint(p: &Problem, cmd: Cmd) -> Option<String> {
    Some(match (p.code, cmd) {
        (Code::OutputExists, Cmd::Check | Cmd::Print | Cmd::Keys | Cmd::Ledger | Cmd::Schemas) => {
            "上書きするには --force を付けてください。".into()
        }
        (Code::OutputExists, Cmd::Bundle) => "--out に別の名前を指定してください。".into(),
        (Code::KeyMissing, _) => "先に rinko keys generate で作ってください。".into(),
        (Code::SetNotFound, _) => {
            "rinko schemas list で id と様式の名前を確かめてください（--form には様式の名前をそのまま書きます）。"
                .into()
        }
        (Code::PackDowngrade, _) => {
            "古い規則に戻すのが意図どおりなら --allow-downgrade を付けてもう一度実行してください。"
                .into()
        }
        (Code::PassphraseMissing, _) => {
            "--passphrase-file か環境変数 RINKO_PASSPHRASE で渡してください。".into()
        }
        (Code::DamagedSet, _) => {
            let About::SchemaSetId(id) = &p.about else {
                return None;
            };
            format!("組み込みのセットに戻すには rinko schemas remove {id}、取り込んだ版を使い続けるにはそのルールパックをもう一度 rinko schemas import してください。")
        }
        _ => return None,
    })
}

/// The flag of a limit named as in `rinko_core::Limits` (or `last` of `log show`).
fn limit_flag(name: &str) -> &'static str {
    match name {
        "max_file_bytes" => "--max-file-size",
        "max_depth" => "--max-depth",
        "max_attributes" => "--max-attributes",
        "max_attribute_bytes" => "--max-attribute-size",
        "max_text_bytes" => "--max-text-size",
        "max_findings" => "--max-findings",
        "last" => "--last",
        _ => "上限",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn the_subject_becomes_the_flag_and_the_fix_names_the_flag() {
        let exists = Problem::new(
            Code::OutputExists,
            "a.pdf は既にあります。上書きしません。",
            About::Output(PathBuf::from("a.pdf")),
        );
        assert_eq!(
            render(&exists, Cmd::Print),
            "--out: a.pdf は既にあります。上書きしません。上書きするには --force を付けてください。"
        );
        assert!(render(&exists, Cmd::Bundle).ends_with("--out に別の名前を指定してください。"));
        let zero = Problem::new(Code::LimitZero, "x", About::Limit("max_depth"));
        assert_eq!(
            render(&zero, Cmd::Check),
            "--max-depth には 1 以上を指定してください。"
        );
        let plain = Problem::new(Code::NoFiles, "ない。", About::Operation).with_hint("確かめて。");
        assert_eq!(render(&plain, Cmd::Check), "ない。確かめて。");
    }
}
