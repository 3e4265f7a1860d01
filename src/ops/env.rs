//! What an operation takes from outside: the data folder, the clock, who runs it on which
//! machine, and where a passphrase comes from. The front-end builds it: from
//! [`Settings::from_process_environment`] (`RINKO_DATA_DIR`, `SOURCE_DATE_EPOCH`, read there
//! once for both front-ends, so that the CLI and the app on one PC share a data folder and a
//! clock) and its own way of asking for a passphrase (the terminal, the app's dialog). No
//! operation reads the environment for itself.

use std::ffi::OsString;

use chrono::{DateTime, Utc};

use crate::data::DataFolder;
use crate::problem::{About, Code, Problem};
use crate::records::Witness;

/// Stands for a user or host name the system would not tell.
const UNKNOWN: &str = "不明";

pub struct Env {
    pub data: DataFolder,
    pub clock: Clock,
    pub actor: Actor,
    pub passphrase: Box<dyn PassphraseSource>,
}

/// The clock outputs are dated by (bag dates, zip entry times, print dates, today's date of a
/// check). The audit log's own time is always the real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// A fixed moment, for reproducible outputs (`SOURCE_DATE_EPOCH`).
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// A fixed clock from seconds since 1970-01-01T00:00:00Z as text (the form of
    /// `SOURCE_DATE_EPOCH`); empty text is the system clock. `source` names where the text came
    /// from, for the message.
    pub fn from_epoch_text(text: &str, source: &str) -> Result<Clock, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Clock::System);
        }
        text.parse::<i64>()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .map(Clock::Fixed)
            .ok_or_else(|| {
                Problem::new(
                    Code::InvalidClock,
                    format!("{source}「{text}」は時刻として読めません。"),
                    About::Clock,
                )
                .with_hint(
                    "1970-01-01T00:00:00Z からの秒数（整数）を設定するか、設定を外してください。",
                )
            })
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(moment) => *moment,
        }
    }

    /// The fixed moment in seconds, which the audit log notes beside the real time.
    pub fn fixed_epoch(&self) -> Option<i64> {
        match self {
            Clock::System => None,
            Clock::Fixed(moment) => Some(moment.timestamp()),
        }
    }
}

/// Who runs an operation, on which machine (the audit log; the default operator of a bundle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub host: String,
}

impl Actor {
    /// The OS user and host name.
    pub fn of_os() -> Actor {
        Actor {
            user: whoami::username().unwrap_or_else(|_| UNKNOWN.into()),
            host: whoami::hostname().unwrap_or_else(|_| UNKNOWN.into()),
        }
    }
}

/// Why a passphrase is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// To encrypt a new bundle: a front-end that asks a person asks twice.
    New,
    /// To open an encrypted bundle.
    Open,
}

/// Where passphrases come from. Asked only when one is needed (an unencrypted bundle never
/// asks); the answer is used once and not kept.
pub trait PassphraseSource: Send + Sync {
    fn passphrase(&self, ask: Ask) -> Result<String, Problem>;
}

/// The environment variables both front-ends honour, by the same names.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `RINKO_DATA_DIR`: the data folder; unset or empty: the user's.
    pub data_dir: Option<OsString>,
    /// `SOURCE_DATE_EPOCH`: a fixed clock for reproducible outputs; unset: the system's.
    pub source_date_epoch: Option<String>,
}

impl Settings {
    /// Called by a front-end when it starts; the only place the core reads the environment.
    pub fn from_process_environment() -> Settings {
        Settings {
            data_dir: std::env::var_os("RINKO_DATA_DIR").filter(|d| !d.is_empty()),
            source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        }
    }
}

impl Env {
    /// The environment of a front-end: the settings' data folder (else the user's) and clock,
    /// the OS user and host, and the front-end's passphrase source.
    pub fn new(settings: Settings, passphrase: Box<dyn PassphraseSource>) -> Result<Env, Problem> {
        let clock = match &settings.source_date_epoch {
            Some(text) => Clock::from_epoch_text(text, "環境変数 SOURCE_DATE_EPOCH")?,
            None => Clock::System,
        };
        let data = match settings.data_dir {
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
            passphrase,
        })
    }

    /// The day a check takes as today: the given YYYY-MM-DD (a real day), else the clock's
    /// day where the machine is.
    pub fn today(&self, given: Option<&str>) -> Result<String, Problem> {
        match given {
            Some(day) => {
                crate::calendar::check_date("本日の日付", day)
                    .map_err(|e| Problem::new(Code::InvalidDay, e, About::Today))?;
                Ok(day.to_string())
            }
            None => Ok(crate::calendar::local_date(self.clock.now())),
        }
    }

    /// Who carries or received a medium: the name given, else the OS user.
    pub fn operator(&self, given: Option<&str>) -> String {
        given
            .filter(|o| !o.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| self.actor.user.clone())
    }

    pub(crate) fn witness(&self) -> Witness {
        Witness {
            user: self.actor.user.clone(),
            host: self.actor.host.clone(),
            source_date_epoch: self.clock.fixed_epoch(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_clock_is_seconds_and_nothing_else() {
        assert_eq!(
            Clock::from_epoch_text("1767225600", "x")
                .unwrap()
                .fixed_epoch(),
            Some(1767225600)
        );
        assert_eq!(Clock::from_epoch_text(" ", "x").unwrap(), Clock::System);
        for bad in ["yesterday", "1.5", "99999999999999999999"] {
            let p = Clock::from_epoch_text(bad, "環境変数 SOURCE_DATE_EPOCH").unwrap_err();
            assert_eq!(p.code, Code::InvalidClock);
            assert!(p.message.contains(bad), "{p}");
        }
    }
}
