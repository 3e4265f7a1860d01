//! The `rinko` command line: argument handling only; every check lives in the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use rinko_core::report::{self, BatchReport, TextStyle};
use rinko_core::{CheckOptions, Checker, Limits, SchemaSetDef};

mod cli_ja;

/// `println!` that does not panic when stdout is closed early (`rinko log show | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// 臨個票・意見書 XML の検査（オフライン）
#[derive(Parser)]
#[command(name = "rinko", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// XML ファイル（フォルダーは再帰的に *.xml）を検査する。終了コード 0: 全件適合、1: 不適合あり、2: 実行できない
    Check(CheckArgs),
    /// 検査したファイルを A4 の PDF（または HTML プレビュー）に印刷する。エラーのあるファイルは --allow-errors のときだけ
    Print(PrintArgs),
    /// スキーマセットを扱う
    Schemas {
        #[command(subcommand)]
        command: SchemasCommand,
    },
    /// 検査に合格したファイルを封緘バンドル（BagIt の zip、暗号化するときは 7z）にし、媒体持出記録票（PDF）を添える。エラーのあるファイルがあれば何も作らない（終了コード 1）
    Bundle(BundleArgs),
    /// バンドルを検証する（ハッシュ・封緘・署名・中身・再検査）。合格なら 0、不合格なら 1。--extract で合格した中身だけを書き出す
    Verify(VerifyArgs),
    /// 機関の署名鍵（Ed25519）を扱う
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// 監査ログ（すべての検査・印刷・封緘・検証の記録）を扱う
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// 媒体の台帳（作成・検証したバンドルの一覧）を扱う
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// 機関の署名鍵を作る（データフォルダーの keys/ に、本人だけが読める権限で保存）。既にあれば作り直さない
    Generate,
    /// 機関の公開鍵を書き出す（受け取る側の PC で rinko keys trust する）
    ExportPublic {
        /// 書き出すファイル。省略すると画面に表示する
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 既にあるファイルを上書きする
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// 送ってくる機関の公開鍵を登録する。以後、この PC の verify は署名のないバンドルや他の鍵の署名を受け付けない
    Trust {
        /// rinko keys export-public で書き出した公開鍵のファイル
        #[arg(value_name = "FILE")]
        key: PathBuf,
    },
}

#[derive(Subcommand)]
enum LogCommand {
    /// 監査ログの連鎖を検証する（改ざん・削除・並べ替えを行番号つきで示す）。無傷なら 0、異常があれば 1
    Verify,
    /// 監査ログを表示する
    Show {
        /// 最後の N 件だけを表示する（1 以上）
        #[arg(long, value_name = "N")]
        last: Option<usize>,
        /// 出力形式
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// 台帳を CSV（UTF-8、BOM 付き、Excel で開ける）で書き出す
    Export {
        /// 出力形式
        #[arg(long, value_enum, default_value = "csv")]
        format: LedgerFormat,
        /// 書き出すファイル。省略すると標準出力
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// 既にあるファイルを上書きする
        #[arg(long, requires = "out")]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LedgerFormat {
    Csv,
}

#[derive(Args)]
struct PassphraseArgs {
    /// パスフレーズを 1 行だけ書いたファイル（スクリプト用。先頭の BOM と末尾の改行は除く。UTF-8 か BOM 付き UTF-16）。ほかに環境変数 RINKO_PASSPHRASE。どちらもなければ端末で尋ねる。コマンドラインには書かせない
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Args)]
struct BundleArgs {
    #[command(flatten)]
    sets: SetArgs,
    /// 送り元の医療機関コード（10 桁）
    #[arg(long, value_name = "CODE")]
    institution: String,
    /// 書き出すバンドル（.zip、--encrypt のときは .7z）。既にあれば上書きしない。記録票は「名前-媒体持出記録票.pdf」
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// 作成者（既定は OS のユーザー名）
    #[arg(long, value_name = "NAME")]
    operator: Option<String>,
    /// 媒体のラベル（台帳と記録票に載る。例: USB-03）
    #[arg(long, value_name = "LABEL")]
    medium: Option<String>,
    /// パスフレーズで暗号化する（7z、AES-256。7-Zip でも開ける）
    #[arg(long)]
    encrypt: bool,
    #[command(flatten)]
    passphrase: PassphraseArgs,
    /// 機関の署名鍵で署名する（Ed25519。先に rinko keys generate）
    #[arg(long)]
    sign: bool,
    /// 署名に使う秘密鍵のファイル（既定はデータフォルダーの keys/institution.key）
    #[arg(long, value_name = "FILE", requires = "sign")]
    key: Option<PathBuf>,
    /// フォームの医療機関コードが --institution と違うファイルがあれば封緘しない（既定は警告して封緘）
    #[arg(long)]
    strict: bool,
    /// 検査の「本日」（YYYY-MM-DD）。既定は SOURCE_DATE_EPOCH、なければ今日
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// 封緘するファイルまたはフォルダー
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Args)]
struct VerifyArgs {
    #[command(flatten)]
    sets: SetArgs,
    /// 検証するバンドル（.zip または .7z）
    #[arg(value_name = "FILE")]
    bundle: PathBuf,
    /// 合格したときだけ、中身の XML をこのフォルダーに書き出す（既にあるファイルは上書きしない）
    #[arg(long, value_name = "DIR")]
    extract: Option<PathBuf>,
    #[command(flatten)]
    passphrase: PassphraseArgs,
    /// 署名を信頼する機関の公開鍵（データフォルダーの bundle-keys/*.pub に加えて）
    #[arg(long = "trusted-key", value_name = "FILE")]
    trusted_key: Vec<PathBuf>,
    /// 検証した人（既定は OS のユーザー名）
    #[arg(long, value_name = "NAME")]
    operator: Option<String>,
    /// 媒体のラベル（台帳に載る）
    #[arg(long, value_name = "LABEL")]
    medium: Option<String>,
    /// 検査の「本日」（YYYY-MM-DD）。既定は SOURCE_DATE_EPOCH、なければ今日
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// 出力形式
    #[arg(long, value_enum, default_value = "text")]
    format: ListFormat,
}

#[derive(Subcommand)]
enum SchemasCommand {
    /// 有効なスキーマセット（組み込み・取り込み済み・--schema-set）を版・出所・SHA-256 つきで表示する
    List {
        #[command(flatten)]
        sets: SetArgs,
        /// 出力形式
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// ルールパック（フォルダーまたは zip）を検証して取り込む。再インストールなしで有効になる
    Import {
        /// manifest-sha256.txt を含むルールパックのフォルダーまたは zip
        #[arg(value_name = "DIR|ZIP")]
        pack: PathBuf,
        /// 署名を検証する Ed25519 公開鍵（16 進 64 桁）のファイル。データフォルダーの trusted-keys/*.pub に加えて使う
        #[arg(long = "trusted-key", value_name = "FILE")]
        trusted_key: Vec<PathBuf>,
        /// いま有効な同じ id のセットより古い版でも取り込む（古い規則に戻す）
        #[arg(long)]
        allow_downgrade: bool,
    },
    /// ルールパックの発行元の公開鍵を登録する（データフォルダーの trusted-keys/）。以後、署名のないパックや他の鍵の署名のパックは取り込まない
    Trust {
        /// 発行元の公開鍵のファイル（16 進 64 桁。パックの manifest-sha256.txt.pub など）
        #[arg(value_name = "FILE")]
        key: PathBuf,
    },
    /// 取り込んだスキーマセットを取り除く。同じ id の組み込みのセットがあれば、それが再び有効になる
    Remove {
        /// スキーマセットの id（rinko schemas list で表示される）
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Args)]
struct SetArgs {
    /// 任意の XSD で検査する（xmllint --schema と同様）。指定すると組み込みの様式は使わない
    #[arg(long, value_name = "FILE")]
    xsd: Vec<PathBuf>,
    /// スキーマセットのフォルダーを追加する（同じ id の組み込み・取り込み済みのセットより優先）
    #[arg(long = "schema-set", value_name = "DIR")]
    schema_set: Vec<PathBuf>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    sets: SetArgs,
    /// 出力形式
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// 「本日」の日付（YYYY-MM-DD）。既定は SOURCE_DATE_EPOCH、なければ今日
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// 集計行だけを表示する（text 形式）
    #[arg(long, short)]
    quiet: bool,
    /// 色付け
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// 1 ファイルの上限バイト数
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    max_file_size: u64,
    /// 要素の入れ子の上限
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth)]
    max_depth: usize,
    /// 1 要素あたりの属性数の上限
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_attributes)]
    max_attributes: usize,
    /// 属性値の上限バイト数
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_attribute_bytes)]
    max_attribute_size: usize,
    /// 文字データの上限バイト数
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_text_bytes)]
    max_text_size: usize,
    /// 1 ファイルあたりに表示する指摘の上限（残りは件数だけ）
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_findings)]
    max_findings: usize,
    /// 検査するファイルまたはフォルダー
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Args)]
struct PrintArgs {
    #[command(flatten)]
    sets: SetArgs,
    /// 書き出すファイル（.pdf、またはプレビュー用の .html）
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// エラーのあるファイルも印刷する（全ページに「エラーあり・提出不可」と印字）
    #[arg(long)]
    allow_errors: bool,
    /// 既にあるファイルを上書きする
    #[arg(long)]
    force: bool,
    /// 検査の「本日」（YYYY-MM-DD）。既定は SOURCE_DATE_EPOCH、なければ今日
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// 印刷するファイルまたはフォルダー
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    // A panic message could quote a document; say where, not what.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("rinko: 内部エラー（{at}）。該当ファイルは「判定なし」として報告します。");
    }));
    let mut command = cli_ja::localize(Cli::command());
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match command
        .try_get_matches_from_mut(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(cli_ja::report(&error, &command, &args)),
    };
    let result = rinko_core::check::source_date_epoch().and_then(|_| match cli.command {
        Command::Check(args) => check(args),
        Command::Print(args) => print(args),
        Command::Schemas {
            command: SchemasCommand::List { sets, format },
        } => list(sets, format),
        Command::Schemas {
            command:
                SchemasCommand::Import {
                    pack,
                    trusted_key,
                    allow_downgrade,
                },
        } => import(&pack, &trusted_key, allow_downgrade),
        Command::Schemas {
            command: SchemasCommand::Trust { key },
        } => schemas_trust(&key),
        Command::Schemas {
            command: SchemasCommand::Remove { id },
        } => schemas_remove(&id),
        Command::Bundle(args) => bundle(args),
        Command::Verify(args) => verify(args),
        Command::Keys { command } => keys(command),
        Command::Log { command } => log(command),
        Command::Ledger {
            command:
                LedgerCommand::Export {
                    format: _,
                    out,
                    force,
                },
        } => ledger(out, force),
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("rinko: エラー: {message}");
            ExitCode::from(2)
        }
    }
}

fn load_sets(args: &SetArgs) -> Result<Checker, String> {
    let mut sets = Vec::new();
    for dir in &args.schema_set {
        sets.push(SchemaSetDef::from_folder(dir).map_err(|e| e.0)?);
    }
    if args.xsd.is_empty() {
        // An imported set replaces the embedded one of the same id, a --schema-set both.
        for set in rinko_core::pack::imported_sets()
            .map_err(|e| e.0)?
            .into_iter()
            .chain(SchemaSetDef::embedded())
        {
            if !sets.iter().any(|s| s.manifest.id == set.manifest.id) {
                sets.push(set);
            }
        }
    }
    for xsd in &args.xsd {
        sets.push(SchemaSetDef::ad_hoc(xsd).map_err(|e| e.0)?);
    }
    let checker = Checker::new(sets).map_err(|e| e.0)?;
    for notice in checker
        .sets()
        .iter()
        .filter_map(rinko_core::pack::damaged_notice)
    {
        eprintln!("rinko: 警告: {notice}");
    }
    Ok(checker)
}

fn today(arg: &Option<String>) -> Result<String, String> {
    match arg {
        Some(day) => {
            rinko_core::schema_set::check_date("--today", day)?;
            Ok(day.clone())
        }
        None => Ok(rinko_core::check::today_from_clock()),
    }
}

fn check(args: CheckArgs) -> Result<u8, String> {
    let today = today(&args.today)?;
    let options = CheckOptions {
        limits: Limits {
            max_file_bytes: args.max_file_size,
            max_depth: args.max_depth,
            max_attributes: args.max_attributes,
            max_attribute_bytes: args.max_attribute_size,
            max_text_bytes: args.max_text_size,
            max_findings: args.max_findings,
        },
        today: Some(today),
    };
    let l = &options.limits;
    if [
        l.max_file_bytes as usize,
        l.max_depth,
        l.max_attributes,
        l.max_attribute_bytes,
        l.max_text_bytes,
        l.max_findings,
    ]
    .contains(&0)
    {
        return Err("--max-* の上限には 1 以上を指定してください。".into());
    }
    let files = rinko_core::input::collect(&args.paths)?;
    if files.is_empty() {
        return Err(
            "検査する XML ファイル（*.xml）が見つかりません。フォルダーの指定を確認してください。"
                .into(),
        );
    }
    let checker = load_sets(&args.sets)?;
    let stderr_is_terminal = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        // About a hundred updates per batch, not one per file.
        if stderr_is_terminal
            && total >= 20
            && (done.is_multiple_of((total / 100).max(1)) || done == total)
        {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r検査中 {done}/{total}");
            if done == total {
                let _ = write!(e, "\r\x1b[K");
            }
        }
    };
    let reports = checker.check_files(&files, &options, &progress);
    let report = BatchReport::new(checker.sets(), reports);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Json => report::write_json(&report, &mut out),
        Format::Csv => report::write_csv(&report, &mut out),
        Format::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            report::write_text(
                &report,
                TextStyle {
                    color,
                    quiet: args.quiet,
                },
                &mut out,
            )
        }
    };
    record(rinko_core::records::events::batch(
        rinko_core::records::Operation::Check,
        &report,
        report.exit_code() as u8,
    ));
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(report.exit_code() as u8),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(report.exit_code() as u8),
        Err(e) => Err(format!(
            "レポートを書き出せません: {}",
            rinko_core::read::io_reason_ja(&e)
        )),
    }
}

fn list(args: SetArgs, format: ListFormat) -> Result<u8, String> {
    let checker = load_sets(&args)?;
    let mut out = std::io::stdout().lock();
    let text = match format {
        ListFormat::Json => rinko_core::report::sets_json(checker.sets()),
        ListFormat::Text => rinko_core::report::sets_text(checker.sets()),
    };
    out.write_all(text.as_bytes()).map_err(stdout_failed)?;
    Ok(0)
}

fn import(
    pack: &std::path::Path,
    trusted: &[PathBuf],
    allow_downgrade: bool,
) -> Result<u8, String> {
    use rinko_core::pack::Signed;
    let keys = rinko_core::pack::trusted_keys(trusted).map_err(|e| e.0)?;
    let imported =
        rinko_core::pack::import(pack, &keys, allow_downgrade, Checker::vet).map_err(|e| e.0)?;
    record(rinko_core::records::events::pack_imported(
        &imported.set,
        imported.downgrade,
    ));
    let m = &imported.set.manifest;
    say!(
        "取り込みました: {}（{} 版 {}）{}",
        m.id,
        m.name,
        m.version,
        match &imported.replaced {
            Some(old) if old.embedded =>
                format!("。組み込みの版 {} に代わって使います", old.version),
            Some(old) => format!("。以前の版 {} を置き換えました", old.version),
            None => String::new(),
        }
    );
    if imported.downgrade {
        eprintln!("rinko: 警告: 以前より古い版を取り込みました（--allow-downgrade）。");
    }
    say!(
        "SHA-256 {}  {}",
        imported.set.sha256,
        match &imported.signed {
            Signed::Trusted(print) => format!("署名検証済み（信頼する鍵 {print}）"),
            Signed::Untrusted(print) => format!("署名は正しいものの、鍵 {print} はまだ信頼する鍵として登録されていません。発行元の鍵の指紋と照合し、rinko schemas trust で登録すると、以後はこの鍵の署名のあるパックだけを取り込みます"),
            Signed::No => "署名なし（信頼する公開鍵が未設定のため、ハッシュだけを検証しました）".into(),
        }
    );
    Ok(0)
}

fn schemas_trust(key: &std::path::Path) -> Result<u8, String> {
    let trusted = rinko_core::keys::trust_key(rinko_core::keys::PACK_KEYS, key)?;
    let print = rinko_core::keys::fingerprint(&trusted.key);
    if trusted.already {
        say!(
            "この鍵は既に登録されています: {}（鍵の指紋 {print}）",
            trusted.path.display()
        );
        return Ok(0);
    }
    record(rinko_core::records::events::key_trusted(
        rinko_core::records::Operation::SchemasTrust,
        &trusted.key,
    ));
    say!(
        "ルールパックの鍵として登録しました: {}（鍵の指紋 {print}）",
        trusted.path.display()
    );
    say!("以後、署名のないルールパックや、登録していない鍵の署名のルールパックは取り込みません。");
    Ok(0)
}

fn schemas_remove(id: &str) -> Result<u8, String> {
    let removed = rinko_core::pack::remove(id).map_err(|e| e.0)?;
    record(rinko_core::records::events::pack_removed(&removed));
    say!(
        "取り除きました: {id}{}",
        removed
            .version
            .map(|v| format!("（版 {v}）"))
            .unwrap_or_default()
    );
    match rinko_core::schema_set::embedded_manifest(id) {
        Some(m) => say!("組み込みのセット {id}（版 {}）が再び有効です。", m.version),
        None => say!("同じ id の組み込みのセットはありません。"),
    }
    Ok(0)
}

fn print(args: PrintArgs) -> Result<u8, String> {
    let extension = args
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if extension != "pdf" && extension != "html" {
        return Err(format!(
            "--out {} : 書き出すファイルの名前は .pdf（印刷用）か .html（プレビュー）で終わるようにしてください。",
            args.out.display()
        ));
    }
    rinko_core::output::may_write(&args.out, args.force)?;
    let files = rinko_core::input::collect(&args.paths)?;
    if files.is_empty() {
        return Err("印刷する XML ファイル（*.xml）が見つかりません。".into());
    }
    let checker = load_sets(&args.sets)?;
    let options = CheckOptions {
        today: Some(today(&args.today)?),
        ..CheckOptions::default()
    };
    let mut forms = Vec::new();
    let mut refused = Vec::new();
    let mut reports = Vec::new();
    for file in &files {
        checker.check_and_view(file, &options, |report, routed| {
            reports.push(report.clone());
            let errors = report.errors();
            match routed {
                Some(doc) if errors == 0 || args.allow_errors => {
                    let form = rinko_core::print::build(
                        doc.text,
                        doc.set,
                        doc.compiled,
                        doc.form,
                        report.sha256.as_deref().unwrap_or(""),
                        errors > 0,
                    );
                    match rinko_core::print::prepare(form, args.allow_errors) {
                        Ok(form) => forms.push(form),
                        Err(why) => refused.push(format!("{}: {why}", report.path)),
                    }
                }
                Some(_) => refused.push(format!(
                    "{}: エラー {errors} 件（rinko check で確認してください。印刷だけなら --allow-errors）",
                    report.path
                )),
                None => refused.push(format!(
                    "{}: 様式に振り分けられないか読めないため印刷できません（rinko check で確認してください）",
                    report.path
                )),
            }
        });
    }
    let report = BatchReport::new(checker.sets(), reports);
    if !refused.is_empty() {
        record(rinko_core::records::events::refused(
            rinko_core::records::Operation::Print,
            &checker,
            report.files.clone(),
        ));
        eprintln!("rinko: 印刷しませんでした（何も書き出していません）:");
        for r in &refused {
            eprintln!("  {r}");
        }
        return Ok(1);
    }
    let printed_at = rinko_core::check::now_from_clock();
    let bytes = if extension == "pdf" {
        let title = rinko_core::print::batch_title(&forms);
        rinko_core::print::to_pdf(
            &forms,
            &rinko_core::print::Meta {
                title: &title,
                printed_at,
            },
        )?
    } else {
        rinko_core::print::to_html(&forms, &rinko_core::check::local_date(printed_at)).into_bytes()
    };
    rinko_core::output::write_new(&args.out, &bytes, args.force)?;
    record(rinko_core::records::events::batch(
        rinko_core::records::Operation::Print,
        &report,
        0,
    ));
    say!(
        "{} に {} 件を書き出しました。",
        args.out.display(),
        forms.len()
    );
    Ok(0)
}

/// Writing to stdout failed (a full disk behind a redirect, a closed terminal).
fn stdout_failed(e: std::io::Error) -> String {
    format!(
        "標準出力に書き出せません: {}",
        rinko_core::read::io_reason_ja(&e)
    )
}

/// Adds an entry to the audit log. A log that cannot be written does not undo what was done;
/// the user is told, since the record is required.
fn record(event: rinko_core::records::Event) {
    let witness = rinko_core::records::Witness {
        user: whoami::username().unwrap_or_else(|_| "不明".into()),
        host: whoami::hostname().unwrap_or_else(|_| "不明".into()),
        source_date_epoch: rinko_core::check::source_date_epoch()
            .ok()
            .flatten()
            .map(|moment| moment.timestamp()),
    };
    if let Err(e) = audit_log().and_then(|log| log.append(event, &witness).map(|_| ())) {
        eprintln!("rinko: 警告: 監査ログに記録できませんでした: {e}");
    }
}

/// The audit log in the data folder's `audit/`.
fn audit_log() -> Result<rinko_core::records::AuditLog, String> {
    let data = rinko_core::pack::data_dir().map_err(|e| e.0)?;
    Ok(rinko_core::records::AuditLog::at(&data.join("audit")))
}

fn operator(given: &Option<String>) -> String {
    given
        .clone()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| whoami::username().unwrap_or_else(|_| "不明".into()))
}

/// The passphrase, from a file, the environment or the terminal; never from the command line,
/// where other users and the shell history would see it.
fn passphrase(args: &PassphraseArgs, confirm: bool) -> Result<String, String> {
    use rinko_core::bundle::passphrase as pass;
    if let Some(file) = &args.passphrase_file {
        let read = pass::read_file(file)?;
        if let Some(note) = &read.note {
            eprintln!("rinko: 注意: {note}");
        }
        return Ok(read.passphrase);
    }
    if let Some(value) = std::env::var_os("RINKO_PASSPHRASE") {
        let value = value
            .into_string()
            .map_err(|_| "環境変数 RINKO_PASSPHRASE が UTF-8 ではありません。")?;
        pass::vet(&value, "環境変数 RINKO_PASSPHRASE")?;
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() {
        return Err("パスフレーズが必要です。--passphrase-file か環境変数 RINKO_PASSPHRASE で渡してください。".into());
    }
    let first = rpassword::prompt_password("パスフレーズ: ").map_err(|e| {
        format!(
            "パスフレーズを読めません: {}",
            rinko_core::read::io_reason_ja(&e)
        )
    })?;
    pass::vet(&first, "入力したパスフレーズ")?;
    if confirm {
        let again = rpassword::prompt_password("もう一度: ").map_err(|e| {
            format!(
                "パスフレーズを読めません: {}",
                rinko_core::read::io_reason_ja(&e)
            )
        })?;
        if again != first {
            return Err("二度入力したパスフレーズが一致しません。".into());
        }
    }
    Ok(first)
}

/// The audit log's state, for the transfer slip.
fn audit_state() -> String {
    match audit_log().map(|log| log.verify()) {
        Ok(Ok(intact)) => format!(
            "封緘前の記録 {} 件、最新のハッシュ {}",
            intact.entries,
            rinko_core::bundle::fingerprint_groups(&intact.head[..16])
        ),
        Ok(Err(breaks)) => format!(
            "異常あり（{} 箇所。rinko log verify で確認してください）",
            breaks.len()
        ),
        Err(e) => format!("読めません（{e}）"),
    }
}

fn bundle(args: BundleArgs) -> Result<u8, String> {
    use rinko_core::bundle::make::{self, Refusal, Request};
    make::preflight(&args.out, &args.institution, args.encrypt)?;
    let files = rinko_core::input::collect(&args.paths)?;
    if files.is_empty() {
        return Err("封緘する XML ファイル（*.xml）が見つかりません。".into());
    }
    let signing_key = if args.sign {
        Some(rinko_core::keys::load_signing_key(args.key.as_deref())?)
    } else {
        None
    };
    let passphrase = if args.encrypt {
        let p = passphrase(&args.passphrase, true)?;
        rinko_core::bundle::crypt::check_passphrase(&p)?;
        Some(p)
    } else {
        None
    };
    let checker = load_sets(&args.sets)?;
    let options = CheckOptions {
        today: Some(today(&args.today)?),
        ..CheckOptions::default()
    };
    let operator = operator(&args.operator);
    let request = Request {
        files: &files,
        out: &args.out,
        institution: &args.institution,
        operator: &operator,
        medium: args.medium.as_deref(),
        passphrase: passphrase.as_deref(),
        signing_key: signing_key.as_ref(),
        check: &options,
        audit: audit_state(),
        strict: args.strict,
    };
    let sealed = make::check(&checker, &request).and_then(|checked| {
        show_before_sealing(&checked, &args.institution);
        make::seal_checked(&checker, &request, checked)
    });
    match sealed {
        Ok(made) => {
            record(rinko_core::records::events::bundle_made(
                &checker, &request, &made,
            ));
            let warned = made.reports.iter().filter(|r| r.warnings() > 0).count();
            say!(
                "封緘しました: {}（{} 件{}）",
                made.out.display(),
                made.sealed.files.len(),
                if warned > 0 {
                    format!("、うち警告のあるファイル {warned} 件")
                } else {
                    String::new()
                }
            );
            say!(
                "指紋: {}",
                rinko_core::bundle::fingerprint_groups(&made.sealed.fingerprint)
            );
            if let Some(print) = &made.sealed.key_fingerprint {
                say!("署名: 機関の鍵 {print}");
            }
            say!("媒体持出記録票: {}", made.slip.display());
            Ok(0)
        }
        Err(Refusal::Files {
            reports,
            changed,
            other_institution,
        }) => {
            eprintln!("rinko: 封緘しませんでした（何も書き出していません）:");
            for f in reports
                .iter()
                .filter(|r| r.status != rinko_core::Status::Pass)
            {
                eprintln!("  {}: エラー {} 件", f.path, f.errors());
            }
            for c in &changed {
                eprintln!("  {c}");
            }
            for o in &other_institution {
                eprintln!(
                    "  {}: 医療機関コード {} が --institution {} と違います（--strict）",
                    o.path, o.code, args.institution
                );
            }
            if reports.iter().any(|r| r.status != rinko_core::Status::Pass) {
                eprintln!("rinko check で内容を確認し、直してからもう一度実行してください。");
            }
            if !other_institution.is_empty() {
                eprintln!("ほかの医療機関のフォームを除くか、--institution を確かめてください。");
            }
            record(rinko_core::records::events::refused(
                rinko_core::records::Operation::Bundle,
                &checker,
                reports,
            ));
            Ok(1)
        }
        Err(Refusal::Failed(message)) => Err(message),
    }
}

/// What does not block sealing, on stderr before sealing, with the files' paths as for
/// refusals: 警告, and forms whose own 医療機関コード is another institution's.
fn show_before_sealing(checked: &rinko_core::bundle::make::Checked, institution: &str) {
    let warned: Vec<&rinko_core::FileReport> = checked.warned().collect();
    if !warned.is_empty() {
        let total: usize = warned.iter().map(|r| r.warnings()).sum();
        eprintln!(
            "rinko: 警告: 警告のあるファイルが {} 件あります（警告 {total} 件。封緘は妨げず、記録票に印を付けます。内容は rinko check で確認できます）:",
            warned.len()
        );
        for r in &warned {
            let mut codes: Vec<&str> = r
                .findings
                .iter()
                .filter(|f| f.severity == rinko_core::Severity::Warning)
                .map(|f| f.code)
                .collect();
            codes.sort_unstable();
            codes.dedup();
            eprintln!(
                "  {}: 警告 {} 件（{}）",
                r.path,
                r.warnings(),
                codes.join("・")
            );
        }
    }
    if !checked.other_institution.is_empty() {
        eprintln!(
            "rinko: 警告: 医療機関コードが --institution {institution} と違うフォームが {} 件あります（記録票に印を付けます。封緘しないときは --strict）:",
            checked.other_institution.len()
        );
        for o in &checked.other_institution {
            eprintln!("  {}: 医療機関コード {}", o.path, o.code);
        }
    }
}

fn verify(args: VerifyArgs) -> Result<u8, String> {
    use rinko_core::bundle::verify;
    if let Some(dir) = &args.extract {
        rinko_core::output::existing_folder(dir).map_err(|why| format!("--extract: {why}"))?;
    }
    let trusted = rinko_core::keys::trusted(rinko_core::keys::BUNDLE_KEYS, &args.trusted_key)?;
    let checker = load_sets(&args.sets)?;
    let options = CheckOptions {
        today: Some(today(&args.today)?),
        ..CheckOptions::default()
    };
    let v = verify::verify_file(
        &args.bundle,
        || passphrase(&args.passphrase, false),
        &trusted,
        &checker,
        &options,
    )?;
    let extracted = match (&args.extract, v.passed()) {
        (Some(dir), true) => match verify::extract(&v, dir) {
            Ok(paths) => Some(Ok(paths)),
            Err(e) => Some(Err(e)),
        },
        _ => None,
    };
    let code: u8 = match (&extracted, v.passed()) {
        (Some(Err(_)), _) => 2,
        (_, true) => 0,
        (_, false) => 1,
    };
    record(rinko_core::records::events::verified(
        &checker,
        &v,
        &args.bundle,
        &operator(&args.operator),
        args.medium.as_deref(),
        code,
    ));

    let name = args.bundle.display().to_string();
    let shown = match args.format {
        ListFormat::Json => rinko_core::report::verification_json(
            &v,
            &name,
            extracted
                .as_ref()
                .and_then(|e| e.as_ref().ok())
                .map(Vec::len),
        ),
        ListFormat::Text => rinko_core::report::verification_text(&v, &name),
    };
    std::io::stdout()
        .lock()
        .write_all(shown.as_bytes())
        .map_err(stdout_failed)?;
    match extracted {
        Some(Ok(paths)) => {
            eprintln!(
                "{} 件を {} に書き出しました。",
                paths.len(),
                args.extract
                    .as_ref()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default()
            );
        }
        Some(Err(e)) => eprintln!("rinko: エラー: {e}"),
        None if args.extract.is_some() => {
            eprintln!("rinko: 不合格のため何も書き出していません。")
        }
        None => {}
    }
    Ok(code)
}

fn keys(command: KeysCommand) -> Result<u8, String> {
    match command {
        KeysCommand::Generate => {
            let (path, public) = rinko_core::keys::generate()?;
            record(rinko_core::records::events::key_generated());
            say!("署名鍵を作りました: {}", path.display());
            say!("鍵の指紋: {}", rinko_core::keys::fingerprint(&public));
            say!("受け取る側の PC には rinko keys export-public で書き出した公開鍵を渡し、rinko keys trust で登録してください。");
        }
        KeysCommand::ExportPublic { out, force } => {
            let key = rinko_core::keys::load_signing_key(None)?.verifying_key();
            let text = format!("{}\n", hex::encode(key.as_bytes()));
            match out {
                Some(path) => {
                    rinko_core::output::write_new(&path, text.as_bytes(), force)?;
                    say!("公開鍵を書き出しました: {}", path.display());
                }
                None => say!("{}", text.trim_end()),
            }
            eprintln!("鍵の指紋: {}", rinko_core::keys::fingerprint(&key));
        }
        KeysCommand::Trust { key } => {
            let trusted = rinko_core::keys::trust_bundle_key(&key)?;
            let print = rinko_core::keys::fingerprint(&trusted.key);
            if trusted.already {
                say!(
                    "既に登録されています: {}（鍵の指紋 {print}）",
                    trusted.path.display()
                );
            } else {
                record(rinko_core::records::events::key_trusted(
                    rinko_core::records::Operation::KeysTrust,
                    &trusted.key,
                ));
                say!(
                    "登録しました: {}（鍵の指紋 {print}）",
                    trusted.path.display()
                );
            }
        }
    }
    Ok(0)
}

fn log(command: LogCommand) -> Result<u8, String> {
    let log = audit_log()?;
    match command {
        LogCommand::Verify => match log.verify() {
            Ok(intact) => {
                say!(
                    "監査ログは無傷です: {} 件、最新のハッシュ {}",
                    intact.entries,
                    rinko_core::bundle::fingerprint_groups(&intact.head)
                );
                Ok(0)
            }
            Err(breaks) => {
                say!("監査ログに異常があります（{}）:", log.path().display());
                for b in &breaks {
                    say!("  {}", b.message);
                }
                Ok(1)
            }
        },
        LogCommand::Show { last, format } => {
            // "The last 0" shows nothing, which would read as an empty log.
            if last == Some(0) {
                return Err("--last には 1 以上を指定してください。".into());
            }
            let (mut entries, unreadable) = log.entries()?;
            warn_unreadable(&unreadable);
            if let Some(n) = last {
                entries.drain(..entries.len().saturating_sub(n));
            }
            let mut out = std::io::stdout().lock();
            let text = match format {
                ListFormat::Text => rinko_core::records::audit::show_text(&entries),
                ListFormat::Json => entries
                    .iter()
                    .map(|e| serde_json::to_string(e).unwrap_or_default() + "\n")
                    .collect(),
            };
            out.write_all(text.as_bytes()).map_err(stdout_failed)?;
            Ok(0)
        }
    }
}

fn warn_unreadable(lines: &[usize]) {
    if !lines.is_empty() {
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        eprintln!(
            "rinko: 警告: 監査ログの {} 行目は記録として読めないため除きました（rinko log verify で確かめてください）。",
            lines.join("・")
        );
    }
}

fn ledger(out: Option<PathBuf>, force: bool) -> Result<u8, String> {
    let log = audit_log()?;
    if let Err(breaks) = log.verify() {
        eprintln!(
            "rinko: 警告: 監査ログに異常が {} 箇所あります（rinko log verify）。台帳はそのまま書き出しますが、内容を確かめてください。",
            breaks.len()
        );
    }
    let (entries, unreadable) = log.entries()?;
    warn_unreadable(&unreadable);
    let rows = rinko_core::records::ledger::rows(&entries);
    let csv = rinko_core::records::ledger::to_csv(&rows);
    match out {
        Some(path) => {
            rinko_core::output::write_new(&path, &csv, force)?;
            eprintln!(
                "台帳 {} 件を {} に書き出しました。",
                rows.len(),
                path.display()
            );
        }
        None => std::io::stdout()
            .lock()
            .write_all(&csv)
            .map_err(stdout_failed)?,
    }
    Ok(0)
}
