//! The environment the CLI hands to every workflow: the data folder and the clock from the
//! settings both front-ends share (`RINKO_DATA_DIR`, `SOURCE_DATE_EPOCH`), the OS user, and the
//! passphrase from `--passphrase-file`, `RINKO_PASSPHRASE` or the terminal, the one variable
//! only the command line reads.

use std::io::IsTerminal;
use std::path::PathBuf;

use rinko_core::bundle::passphrase as pass;
use rinko_core::ops::{Ask, Env, PassphraseSource, Settings};
use rinko_core::{About, Code, Problem};

/// The environment; `passphrase_file` is the command's `--passphrase-file`.
pub fn build(passphrase_file: Option<PathBuf>) -> Result<Env, Problem> {
    Env::new(
        Settings::from_process_environment(),
        Box::new(Passphrase {
            file: passphrase_file,
        }),
    )
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
