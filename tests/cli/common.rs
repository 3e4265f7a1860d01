//! What the command-line tests share: the repository, one way to run `rinko` isolated from the
//! developer's environment, and its output as text.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository, without `..` in it: libxml2 tells an include cycle by the path it reads.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is inside the repository")
}

/// One run of the `rinko` binary, in the repository, isolated: nothing Rinko reads from its
/// environment comes from the developer's. Every `RINKO_*` variable, `SOURCE_DATE_EPOCH` and
/// `NO_COLOR` are removed and the time zone is UTC (`TZ`), so "today" of a clock is its UTC day;
/// the data folder (`RINKO_DATA_DIR`) is a new empty one unless [`Rinko::data`] names one;
/// [`Rinko::clock`] and [`Rinko::env`] set what a test means.
/// Variables are set per child, never on the test process, so tests stay parallel.
#[must_use]
pub struct Rinko {
    command: Command,
    data: Option<PathBuf>,
}

impl Default for Rinko {
    fn default() -> Self {
        Self::with(Command::new(env!("CARGO_BIN_EXE_rinko")))
    }
}

impl Rinko {
    pub fn new() -> Self {
        Self::default()
    }

    /// `rinko` run by another program, `program ARGS... rinko ...` (a tracer), isolated as
    /// any other run.
    pub fn under(program: &str, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Self {
        let mut command = Command::new(program);
        command.args(args).arg(env!("CARGO_BIN_EXE_rinko"));
        Self::with(command)
    }

    fn with(mut command: Command) -> Self {
        command.current_dir(root());
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("RINKO_") {
                command.env_remove(&name);
            }
        }
        command
            .env_remove("RINKO_DATA_DIR")
            .env_remove("RINKO_PASSPHRASE")
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("NO_COLOR")
            // The samples' days and the clocks of the tests are UTC's.
            .env("TZ", "UTC0");
        Rinko {
            command,
            data: None,
        }
    }

    /// The data folder, for a test whose runs share keys, packs or the audit log.
    pub fn data(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data = Some(dir.into());
        self
    }

    /// `SOURCE_DATE_EPOCH`: the clock of outputs and the default "today" (any text, so that
    /// a test can give a wrong one).
    pub fn clock(self, epoch: &str) -> Self {
        self.env("SOURCE_DATE_EPOCH", epoch)
    }

    /// One more variable of the run (a later one of the same name wins).
    pub fn env(mut self, name: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(name, value);
        self
    }

    /// The working folder, instead of the repository.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Runs it to the end, stdin empty (`Command::output`); a data folder of its own lives as
    /// long as the run.
    pub fn run(mut self) -> Output {
        let own = self
            .data
            .is_none()
            .then(|| tempfile::tempdir().expect("a temporary data folder"));
        let data = self
            .data
            .as_deref()
            .or(own.as_ref().map(tempfile::TempDir::path))
            .expect("a data folder");
        self.command
            .env("RINKO_DATA_DIR", data)
            .output()
            .expect("rinko runs")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// stdout then stderr, for messages that may be on either.
pub fn text(o: &Output) -> String {
    stdout(o) + &stderr(o)
}

/// Runs a Python snippet with the modules installer/setup-debian.sh puts in target/pytools
/// (bagit-python, openpyxl): the external readers the outputs are checked with.
pub fn python(script: &str, args: &[&str]) -> Output {
    Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .env("PYTHONPATH", root().join("target/pytools"))
        .output()
        .expect("python3 runs")
}
