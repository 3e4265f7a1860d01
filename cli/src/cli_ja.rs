//! clap in Japanese: the help screens' headings and flags, and every usage error, so that the
//! person at a hospital PC never meets `error: the following required arguments…`.
//!
//! clap's words live in its templates and in its `Error` kinds; the kinds carry their context
//! (the argument, the value, the valid values, a suggestion), from which the Japanese sentence is
//! built here. Everything else about the command line stays in main.rs.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const HELP_TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// The derived command with Japanese headings and help/version flags, on every subcommand.
pub fn localize(cmd: Command) -> Command {
    let top = cmd.get_version().is_some();
    let cmd = localize_one(cmd);
    if top {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("版（バージョン）を表示する")
                .help_heading("オプション"),
        )
    } else {
        cmd
    }
}

fn localize_one(cmd: Command) -> Command {
    let mut positionals = 0;
    cmd.help_template(HELP_TEMPLATE)
        .subcommand_help_heading("コマンド")
        .disable_help_subcommand(true)
        .mut_args(move |arg| {
            let heading = if arg.is_positional() {
                "引数"
            } else {
                "オプション"
            };
            let arg = match help_with_values(&arg) {
                Some(help) => arg.help(help),
                None => arg,
            };
            // Under a heading of their own, clap sorts positionals by name: keep their order.
            let arg = if arg.is_positional() {
                positionals += 1;
                arg.display_order(positionals)
            } else {
                arg
            };
            let arg = arg.help_heading(heading);
            if arg.get_action().takes_values() {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            }
        })
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("この説明を表示する")
                .help_heading("オプション"),
        )
        .mut_subcommands(localize_one)
}

/// clap's own `[default: …]` and `[possible values: …]`, in Japanese, after the help text.
fn help_with_values(arg: &Arg) -> Option<String> {
    let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let shown = |values: Vec<String>| values.join("、");
    if !arg.get_action().takes_values() {
        return (!help.is_empty()).then_some(help);
    }
    if !arg.is_hide_possible_values_set() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            help.push_str(&format!(" [値: {}]", shown(values)));
        }
    }
    if !arg.is_hide_default_value_set() {
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            help.push_str(&format!(" [既定: {}]", shown(defaults)));
        }
    }
    Some(help.trim_start().to_string()).filter(|h| !h.is_empty())
}

/// What to print for a parse error, and the exit code: help and version go to stdout with 0,
/// everything else is a Japanese message on stderr with 2 (cargo's convention for usage).
pub fn report(error: &clap::Error, cmd: &Command, args: &[std::ffi::OsString]) -> u8 {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            2
        }
        _ => {
            eprintln!("rinko: エラー: {}", message(error));
            if let Some(usage) = usage(error) {
                eprintln!("\n使い方: {usage}");
            }
            let command = error_command(args, cmd);
            eprintln!("\n詳しくは「{command} --help」で説明を表示してください。");
            2
        }
    }
}

/// The Japanese sentence for a usage error, from the error's kind and context.
pub fn message(error: &clap::Error) -> String {
    let text = |kind| context_text(error, kind);
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .or_else(|| text(ContextKind::SuggestedValue))
        .map(|s| format!("「{}」のことですか。", s.replace('、', "」または「")))
        .unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidValue => {
            let valid = text(ContextKind::ValidValue);
            match valid {
                Some(valid) if value.is_empty() => {
                    format!("{arg} に値を指定してください（指定できる値: {valid}）。")
                }
                Some(valid) => format!(
                    "{arg} に「{value}」は指定できません。指定できる値: {valid}。{suggestion}"
                ),
                None if value.is_empty() => format!("{arg} に値を指定してください。"),
                None => format!("{arg} に「{value}」は指定できません。"),
            }
        }
        ErrorKind::ValueValidation => format!(
            "{arg} の値「{value}」を読めません。{}",
            if arg.contains("<N>") || arg.contains("<BYTES>") {
                "0 以上の整数で指定してください。"
            } else {
                "説明（--help）にある形で指定してください。"
            }
        ),
        ErrorKind::UnknownArgument => {
            let hint = if suggestion.is_empty() && arg.starts_with('-') {
                format!(
                    "「-」で始まる値を渡すときは、その前に「--」を置いてください（例: -- {arg}）。"
                )
            } else {
                suggestion
            };
            format!("「{arg}」というオプションはありません。{hint}")
        }
        ErrorKind::InvalidSubcommand => {
            let sub = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("「{sub}」というコマンドはありません。{suggestion}")
        }
        ErrorKind::MissingSubcommand => {
            let valid = text(ContextKind::ValidSubcommand).unwrap_or_default();
            format!("コマンドを指定してください（{valid}）。")
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = text(ContextKind::InvalidArg).unwrap_or_default();
            format!("次の引数が必要です: {missing}。")
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                format!("{arg} は一度しか指定できません。")
            } else {
                format!("{arg} と {prior} は一緒に指定できません。")
            }
        }
        ErrorKind::NoEquals => format!("{arg} には「=」で値を付けてください（例: {arg}=値）。"),
        ErrorKind::TooManyValues => {
            format!("{arg} に渡す値が多すぎます（「{value}」は余分です）。")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} に渡す値の数が正しくありません。")
        }
        ErrorKind::InvalidUtf8 => {
            "引数に UTF-8 として読めない文字があります。ファイル名の文字を確かめてください。".into()
        }
        _ => "コマンドラインを読めません。".into(),
    }
}

fn context_text(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The usage line clap rendered for the error, without its English title.
fn usage(error: &clap::Error) -> Option<String> {
    let usage = context_text(error, ContextKind::Usage)?;
    let usage = usage.trim();
    Some(
        usage
            .strip_prefix("Usage:")
            .unwrap_or(usage)
            .trim()
            .to_string(),
    )
}

/// `rinko check` for an error in `rinko check …`: the command whose help explains it (clap's
/// error does not say which subcommand failed), from the leading words that name subcommands.
fn error_command(args: &[std::ffi::OsString], cmd: &Command) -> String {
    let mut names = vec![cmd.get_name().to_string()];
    let mut at = cmd;
    for arg in args.iter().skip(1) {
        let Some(sub) = arg.to_str().and_then(|a| at.find_subcommand(a)) else {
            break;
        };
        names.push(sub.get_name().to_string());
        at = sub;
    }
    names.join(" ")
}
