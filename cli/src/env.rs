//! The environment the CLI hands to every workflow: the data folder (`RINKO_DATA_DIR`, else
//! the user's), the clock (`SOURCE_DATE_EPOCH`, else the system's), the OS user, and the
//! passphrase from `--passphrase-file`, `RINKO_PASSPHRASE` or the terminal. The only place the
//! command line reads these variables.

use std::io::IsTerminal;
use std::path::PathBuf;

use rinko_core::bundle::passphrase as pass;
use rinko_core::data::DataFolder;
use rinko_core::ops::{Actor, Ask, Clock, Env, PassphraseSource};
use rinko_core::{About, Code, Problem};

/// The environment; `passphrase_file` is the command's `--passphrase-file`.
pub fn build(passphrase_file: Option<PathBuf>) -> Result<Env, Problem> {
    let clock = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => Clock::from_epoch_text(&text, "環境変数 SOURCE_DATE_EPOCH")?,
        Err(_) => Clock::System,
    };
    let data = match std::env::var_os("RINKO_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => DataFolder::at(dir),
        None => DataFolder::users_default().ok_or_else(|| {
            Problem::new(
                Code::DataFolder,
                "ユーザーのデータフォルダーが見つかりません。",
                About::Operation,
            )
            .with_hint("環境変数 RINKO_DATA_DIR で指定してください。")
        })?,
    };
    Ok(Env {
        data,
        clock,
        actor: Actor::of_os(),
        passphrase: Box::new(Passphrase {
            file: passphrase_file,
        }),
    })
}

/// The passphrase from a file, the environment or the terminal; never from the command line,
/// where other users and the shell history would see it.
struct Passphrase {
    file: Option<PathBuf>,
}

fn invalid(message: String) -> Problem {
    Problem::new(Code::PassphraseInvalid, message, About::Passphrase)
}

impl PassphraseSource for Passphrase {
    fn passphrase(&self, ask: Ask) -> Result<String, Problem> {
        if let Some(file) = &self.file {
            let read = pass::read_file(file).map_err(invalid)?;
            if let Some(note) = &read.note {
                eprintln!("rinko: 注意: {note}");
            }
            return Ok(read.passphrase);
        }
        if let Some(value) = std::env::var_os("RINKO_PASSPHRASE") {
            let value = value.into_string().map_err(|_| {
                invalid("環境変数 RINKO_PASSPHRASE が UTF-8 ではありません。".into())
            })?;
            pass::vet(&value, "環境変数 RINKO_PASSPHRASE").map_err(invalid)?;
            return Ok(value);
        }
        if !std::io::stdin().is_terminal() {
            return Err(Problem::new(
                Code::PassphraseMissing,
                "パスフレーズが必要です。",
                About::Passphrase,
            ));
        }
        let prompt = |text: &str| {
            rpassword::prompt_password(text).map_err(|e| {
                invalid(format!(
                    "パスフレーズを読めません: {}",
                    rinko_core::read::io_reason_ja(&e)
                ))
            })
        };
        let first = prompt("パスフレーズ: ")?;
        pass::vet(&first, "入力したパスフレーズ").map_err(invalid)?;
        if ask == Ask::New && prompt("もう一度: ")? != first {
            return Err(Problem::new(
                Code::PassphraseMismatch,
                "二度入力したパスフレーズが一致しません。",
                About::Passphrase,
            ));
        }
        Ok(first)
    }
}
