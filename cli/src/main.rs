//! The `rinko` command line: arguments, prompts, progress on stderr, rendering and exit codes.
//! Every operation is a workflow of `rinko_core::ops`, which decides the sets, does the work,
//! writes the outputs and the audit entry; this file only turns arguments into its request and
//! its result into text.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use rinko_core::data::KeyUse;
use rinko_core::definition::DiffFormat;
use rinko_core::ops::{self, Env, Phase, SetChoice, Watch};
use rinko_core::report::{CsvSink, JsonSink, ReportFormat, ReportSink};
use rinko_core::{About, Code, Limits, Problem, Severity, Status};

use problems::Cmd;
use text::TextStyle;

mod cli_ja;
mod env;
mod problems;
mod text;

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
    /// この PC が信頼する鍵（バンドルの送り元の機関・ルールパックの発行元）を、鍵の指紋とファイルつきで表示する
    List {
        /// 出力形式
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
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
    /// スキーマセットの項目定義（すべての項目の名前・パス・型・出現・桁・選択肢・コード表・文字・検証番号・日付・規則・指摘コード）を、検査に使う XSD と checks.toml から作る。院内システムの出力を作るベンダー向け
    Doc {
        #[command(flatten)]
        of: SetFormArgs,
        /// 保存するファイル（.html か .xlsx）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 同じ名前のファイルがあれば置き換える
        #[arg(long)]
        force: bool,
    },
    /// 二つのスキーマセットの違い（項目の追加・削除・移動・名前、型・桁・出現・値の一覧・コード表などの変更、規則の追加・削除・変更）を示す。新しい様式に合わせるベンダー向け
    Diff {
        #[command(flatten)]
        sets: SetArgs,
        /// 前のセット: 有効なセットの id か、スキーマセットのフォルダー
        #[arg(value_name = "OLD")]
        old: String,
        /// 新しいセット: 有効なセットの id か、スキーマセットのフォルダー
        #[arg(value_name = "NEW")]
        new: String,
        /// 出力形式（既定は text。--out を付けたときはそのファイル名の拡張子の形式）
        #[arg(long, value_enum)]
        format: Option<DiffFormatArg>,
        /// 画面に出さずにこのファイルに保存する（.txt・.json・.html）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// --out と同じ名前のファイルがあれば置き換える
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// スキーマセットのすべての検査に適合する見本の文書（合成データ）を、様式ごと（疾病ごとの個別部分があれば部分ごと）に作る。院内システムの出力のテスト用
    Sample {
        #[command(flatten)]
        of: SetFormArgs,
        /// 見本を書き出すフォルダー（あるフォルダー）
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// 同じ名前のファイルがあれば置き換える
        #[arg(long)]
        force: bool,
    },
}

/// One set and, optionally, one of its forms (`schemas doc`, `schemas sample`).
#[derive(Args)]
struct SetFormArgs {
    #[command(flatten)]
    sets: SetArgs,
    /// スキーマセットの id（rinko schemas list で表示される）
    #[arg(value_name = "SET")]
    set: String,
    /// この様式だけ（既定はセットのすべての様式）
    #[arg(long, value_name = "FORM")]
    form: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormatArg {
    Text,
    Json,
    Html,
}

impl From<DiffFormatArg> for DiffFormat {
    fn from(f: DiffFormatArg) -> DiffFormat {
        match f {
            DiffFormatArg::Text => DiffFormat::Text,
            DiffFormatArg::Json => DiffFormat::Json,
            DiffFormatArg::Html => DiffFormat::Html,
        }
    }
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
    /// 出力形式（既定は text。--out を付けたときはそのファイル名の拡張子の形式）。xlsx は --out が必要
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// 結果を画面ではなくファイルに保存する（.xlsx・.csv・.json）
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// --out のファイルが既にあれば上書きする
    #[arg(long, requires = "out")]
    force: bool,
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

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
    Xlsx,
}

impl Format {
    /// The report file this format is, when it is one.
    fn as_file(self) -> Option<ReportFormat> {
        match self {
            Format::Text => None,
            Format::Json => Some(ReportFormat::Json),
            Format::Csv => Some(ReportFormat::Csv),
            Format::Xlsx => Some(ReportFormat::Xlsx),
        }
    }
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
    let cmd = cmd_of(&cli.command);
    let passphrase_file = match &cli.command {
        Command::Bundle(a) => a.passphrase.passphrase_file.clone(),
        Command::Verify(a) => a.passphrase.passphrase_file.clone(),
        _ => None,
    };
    let watch = Watch::new(progress_on_terminal(), move |notice: &Problem| {
        eprintln!("rinko: 警告: {}", problems::render(notice, cmd))
    });
    let result = env::build(passphrase_file).and_then(|env| run(cli.command, &env, &watch));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(problem) => {
            eprintln!("rinko: エラー: {}", problems::render(&problem, cmd));
            ExitCode::from(2)
        }
    }
}

fn cmd_of(command: &Command) -> Cmd {
    match command {
        Command::Check(_) => Cmd::Check,
        Command::Print(_) => Cmd::Print,
        Command::Schemas { .. } => Cmd::Schemas,
        Command::Bundle(_) => Cmd::Bundle,
        Command::Verify(_) => Cmd::Verify,
        Command::Keys { .. } => Cmd::Keys,
        Command::Log { .. } => Cmd::Log,
        Command::Ledger { .. } => Cmd::Ledger,
    }
}

fn run(command: Command, env: &Env, watch: &Watch) -> Result<u8, Problem> {
    match command {
        Command::Check(args) => check(args, env, watch),
        Command::Print(args) => print(args, env, watch),
        Command::Schemas { command } => schemas(command, env, watch),
        Command::Bundle(args) => bundle(args, env, watch),
        Command::Verify(args) => verify(args, env, watch),
        Command::Keys { command } => keys(command, env, watch),
        Command::Log { command } => log(command, env),
        Command::Ledger {
            command:
                LedgerCommand::Export {
                    format: _,
                    out,
                    force,
                },
        } => ledger(out, force, env),
    }
}

/// The check's progress on a terminal: about a hundred updates per batch of 20 files or more,
/// not one per file; nothing when stderr is redirected.
fn progress_on_terminal() -> impl Fn(&ops::Step<'_>) + Sync {
    let terminal = std::io::stderr().is_terminal();
    move |step: &ops::Step<'_>| {
        let (done, total) = (step.done, step.total);
        if terminal
            && step.phase == Phase::Checking
            && total >= 20
            && (done.is_multiple_of((total / 100).max(1)) || done == total)
        {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r{} {done}/{total}", step.phase.label());
            if done == total {
                let _ = write!(e, "\r\x1b[K");
            }
        }
    }
}

impl SetArgs {
    fn choice(self) -> SetChoice {
        SetChoice {
            xsd: self.xsd,
            folders: self.schema_set,
        }
    }
}

/// Where `check` saves its report instead of printing it: `--out`, in the format its name ends
/// with, which must be `--format`'s when that is given. A workbook is not for a terminal, so
/// xlsx needs `--out`.
fn report_file(format: Option<Format>, out: Option<&Path>) -> Result<Option<PathBuf>, Problem> {
    let asked = format.and_then(Format::as_file);
    let Some(out) = out else {
        return match asked {
            Some(ReportFormat::Xlsx) => Err(Problem::new(
                Code::OutputName,
                "--format xlsx の結果は画面には出せません。",
                About::Operation,
            )
            .with_hint("--out 検査結果.xlsx のように保存先を指定してください。")),
            _ => Ok(None),
        };
    };
    let named = ReportFormat::of_file_name(out);
    let refused = |message: String, hint: &str| {
        Err(
            Problem::new(Code::OutputName, message, About::Output(out.to_path_buf()))
                .with_hint(hint),
        )
    };
    match (format, named) {
        (Some(Format::Text), _) => refused(
            "text 形式は画面に表示する形式で、ファイルには保存しません。".into(),
            "--out を外すか、--format を xlsx・csv・json にしてください。",
        ),
        (_, None) => refused(
            format!(
                "{} の名前は .xlsx（Excel）、.csv か .json で終わるようにしてください。",
                rinko_core::shown::path(out)
            ),
            "拡張子で保存する形式が決まります。",
        ),
        (Some(_), Some(named)) if asked != Some(named) => refused(
            format!(
                "--format は {} ですが、{} の名前は .{} で終わっています。",
                asked.map_or("", ReportFormat::extension),
                rinko_core::shown::path(out),
                named.extension()
            ),
            "--format を外すか、拡張子をそろえてください。",
        ),
        _ => Ok(Some(out.to_path_buf())),
    }
}

fn check(args: CheckArgs, env: &Env, watch: &Watch) -> Result<u8, Problem> {
    // Before the work: a wrong --format/--out pair is known without checking anything.
    let saved = report_file(args.format, args.out.as_deref())?;
    let request = ops::check::CheckRequest {
        paths: args.paths,
        sets: args.sets.choice(),
        limits: Limits {
            max_file_bytes: args.max_file_size,
            max_depth: args.max_depth,
            max_attributes: args.max_attributes,
            max_attribute_bytes: args.max_attribute_size,
            max_text_bytes: args.max_text_size,
            max_findings: args.max_findings,
        },
        today: args.today,
    };
    if let Some(out) = &saved {
        let checked = ops::check::check(env, &request, watch)?;
        ops::check::export(&checked.report, out, args.force, env.clock.now())?;
        return Ok(checked.exit_code());
    }
    // Written as the batch goes, so that its memory does not grow with its reports; buffered,
    // since the terminal or a pipe would otherwise take a system call per line.
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut sink: Box<dyn ReportSink + Send> = match args.format.unwrap_or(Format::Text) {
        Format::Json => Box::new(JsonSink::new(out)),
        Format::Csv => Box::new(CsvSink::new(out)),
        Format::Xlsx => unreachable!("report_file asks for --out"),
        Format::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            Box::new(text::TextSink::new(
                out,
                TextStyle {
                    color,
                    quiet: args.quiet,
                },
            ))
        }
    };
    let done = ops::check::check_each(env, &request, watch, sink.as_mut())?;
    let exit_code = done.exit_code();
    match done.written {
        Ok(()) => Ok(exit_code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit_code),
        Err(e) => Err(stdout_failed("レポートを書き出せません", e)),
    }
}

fn schemas(command: SchemasCommand, env: &Env, watch: &Watch) -> Result<u8, Problem> {
    match command {
        SchemasCommand::List { sets, format } => {
            let sets = ops::packs::list(env, &sets.choice(), watch)?;
            let shown = match format {
                ListFormat::Json => rinko_core::report::sets_json(&sets),
                ListFormat::Text => text::sets_text(&sets),
            };
            write_stdout(&shown)?;
        }
        SchemasCommand::Import {
            pack,
            trusted_key,
            allow_downgrade,
        } => import(
            ops::packs::ImportRequest {
                pack,
                trusted_keys: trusted_key,
                allow_downgrade,
            },
            env,
            watch,
        )?,
        SchemasCommand::Trust { key } => trust(KeyUse::Packs, &key, env, watch)?,
        SchemasCommand::Remove { id } => {
            let done = ops::packs::remove(env, &id, watch)?;
            for line in done.summary(&id) {
                say!("{line}");
            }
        }
        SchemasCommand::Doc { of, out, force } => ops::packs::doc(
            env,
            &of.sets.choice(),
            &ops::packs::DocRequest {
                set: of.set,
                form: of.form,
                out,
                replace: force,
            },
            watch,
        )?,
        SchemasCommand::Diff {
            sets,
            old,
            new,
            format,
            out,
            force,
        } => {
            // Before the work: a wrong --format/--out pair is known without reading a set.
            let format = diff_format(format.map(DiffFormat::from), out.as_deref())?;
            if let Some(out) = &out {
                rinko_core::output::may_write(out, force)?;
            }
            let changes = ops::packs::diff(
                env,
                &sets.choice(),
                &ops::packs::SetRef::from_arg(&old),
                &ops::packs::SetRef::from_arg(&new),
                watch,
            )?;
            let text = format.render(&changes);
            match &out {
                Some(out) => rinko_core::output::write_new(out, text.as_bytes(), force)?,
                None => {
                    let _ = std::io::stdout().lock().write_all(text.as_bytes());
                }
            }
        }
        SchemasCommand::Sample { of, out, force } => {
            let written = ops::packs::sample(
                env,
                &of.sets.choice(),
                &ops::packs::SampleRequest {
                    set: of.set,
                    form: of.form,
                    folder: out,
                    replace: force,
                },
                watch,
            )?;
            for path in written {
                say!("{}", rinko_core::shown::path(&path));
            }
        }
    }
    Ok(0)
}

/// The format `schemas diff` writes in: `--format`, else the extension of `--out`, else text;
/// when both are given they must agree.
fn diff_format(format: Option<DiffFormat>, out: Option<&Path>) -> Result<DiffFormat, Problem> {
    let Some(out) = out else {
        return Ok(format.unwrap_or(DiffFormat::Text));
    };
    let refused = |message: String, hint: &str| {
        Err(
            Problem::new(Code::OutputName, message, About::Output(out.to_path_buf()))
                .with_hint(hint),
        )
    };
    match (format, DiffFormat::of_file_name(out)) {
        (_, None) => refused(
            format!(
                "{} の名前は .txt・.json か .html で終わるようにしてください。",
                rinko_core::shown::path(out)
            ),
            "拡張子で保存する形式が決まります。",
        ),
        (Some(asked), Some(named)) if asked != named => refused(
            format!(
                "--format は {} ですが、{} の名前は .{} で終わっています。",
                asked.extension(),
                rinko_core::shown::path(out),
                named.extension()
            ),
            "--format を外すか、拡張子をそろえてください。",
        ),
        (_, Some(named)) => Ok(named),
    }
}

fn import(request: ops::packs::ImportRequest, env: &Env, watch: &Watch) -> Result<(), Problem> {
    use rinko_core::pack::Signed;
    let imported = ops::packs::import(env, &request, watch)?;
    say!("{}", imported.summary());
    if let Some(warning) = imported.downgrade_warning() {
        eprintln!("rinko: 警告: {warning}（--allow-downgrade）");
    }
    let trust = match &imported.signed {
        Signed::Untrusted(_) => " 登録するには rinko schemas trust に鍵のファイル（パックの manifest-sha256.txt.pub）を渡してください。",
        _ => "",
    };
    say!(
        "SHA-256 {}  {}{trust}",
        imported.set.sha256,
        imported.signed.describe()
    );
    Ok(())
}

fn print(args: PrintArgs, env: &Env, watch: &Watch) -> Result<u8, Problem> {
    use ops::print::{Printed, Refusal};
    let request = ops::print::PrintRequest {
        paths: args.paths,
        sets: args.sets.choice(),
        out: args.out,
        allow_errors: args.allow_errors,
        replace: args.force,
        today: args.today,
    };
    match ops::print::print(env, &request, watch)? {
        Printed::Written { out, forms, .. } => {
            say!(
                "{} に {} 件を書き出しました。",
                rinko_core::shown::path(&out),
                forms
            );
            Ok(0)
        }
        Printed::Refused { refusals, .. } => {
            eprintln!("rinko: 印刷しませんでした（何も書き出していません）:");
            for (path, why) in &refusals {
                let fix = match why {
                    Refusal::Errors(_) => {
                        "（rinko check で確認してください。印刷だけなら --allow-errors）"
                    }
                    Refusal::NotAForm => "（rinko check で確認してください）",
                    Refusal::Unprintable(rinko_core::print::Unprintable::MissingGlyphs(_)) => {
                        "（印刷するには --allow-errors）"
                    }
                    Refusal::Unprintable(_) => "",
                };
                eprintln!("  {path}: {}{fix}", why.message());
            }
            Ok(1)
        }
        Printed::Cancelled { .. } => Ok(1),
    }
}

fn bundle(args: BundleArgs, env: &Env, watch: &Watch) -> Result<u8, Problem> {
    use ops::seal::Prepared;
    let request = ops::seal::SealRequest {
        paths: args.paths,
        sets: args.sets.choice(),
        institution: args.institution,
        out: args.out,
        operator: args.operator,
        medium: args.medium,
        encrypt: args.encrypt,
        sign: args.sign,
        key: args.key,
        strict: args.strict,
        today: args.today,
    };
    let ready = match ops::seal::prepare(env, &request, watch)? {
        Prepared::Ready(ready) => ready,
        Prepared::Refused(refused) => {
            eprintln!("rinko: 封緘しませんでした（何も書き出していません）:");
            for f in refused.reports.iter().filter(|r| r.status != Status::Pass) {
                eprintln!("  {}: エラー {} 件", f.path, f.errors());
            }
            for c in &refused.changed {
                eprintln!("  {c}");
            }
            for o in &refused.other_institution {
                eprintln!(
                    "  {}: 医療機関コード {} が --institution {} と違います（--strict）",
                    o.path, o.code, request.institution
                );
            }
            if refused.reports.iter().any(|r| r.status != Status::Pass) {
                eprintln!("rinko check で内容を確認し、直してからもう一度実行してください。");
            }
            if !refused.other_institution.is_empty() {
                eprintln!("ほかの医療機関のフォームを除くか、--institution を確かめてください。");
            }
            return Ok(1);
        }
        Prepared::Cancelled { .. } => return Ok(1),
    };
    show_before_sealing(&ready, &request.institution);
    let made = ops::seal::seal(env, &request, *ready, watch)?;
    let warned = made.reports.iter().filter(|r| r.warnings() > 0).count();
    say!(
        "封緘しました: {}（{} 件{}）",
        rinko_core::shown::path(&made.out),
        made.sealed.files.len(),
        if warned > 0 {
            format!("、うち警告のあるファイル {warned} 件")
        } else {
            String::new()
        }
    );
    say!(
        "指紋: {}",
        rinko_core::digest::fingerprint_groups(&made.sealed.fingerprint)
    );
    if let Some(print) = &made.sealed.key_fingerprint {
        say!("署名: 機関の鍵 {print}");
    }
    say!("媒体持出記録票: {}", rinko_core::shown::path(&made.slip));
    Ok(0)
}

/// What does not block sealing, on stderr before sealing, with the files' paths as for
/// refusals: 警告, and forms whose own 医療機関コード is another institution's.
fn show_before_sealing(ready: &ops::seal::Ready, institution: &str) {
    let warned: Vec<&rinko_core::FileReport> = ready.warned().collect();
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
                .filter(|f| f.severity == Severity::Warning)
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
    let other = ready.other_institution();
    if !other.is_empty() {
        eprintln!(
            "rinko: 警告: 医療機関コードが --institution {institution} と違うフォームが {} 件あります（記録票に印を付けます。封緘しないときは --strict）:",
            other.len()
        );
        for o in other {
            eprintln!("  {}: 医療機関コード {}", o.path, o.code);
        }
    }
}

fn verify(args: VerifyArgs, env: &Env, watch: &Watch) -> Result<u8, Problem> {
    let request = ops::verify::VerifyRequest {
        bundle: args.bundle,
        sets: args.sets.choice(),
        extract: args.extract,
        trusted_keys: args.trusted_key,
        operator: args.operator,
        medium: args.medium,
        today: args.today,
    };
    let verified = ops::verify::verify(env, &request, watch)?;
    let v = &verified.verification;
    let name = rinko_core::shown::path(&request.bundle);
    let shown = match args.format {
        ListFormat::Json => rinko_core::bundle::verify::verification_json(
            v,
            &name,
            verified
                .extracted
                .as_ref()
                .and_then(|e| e.as_ref().ok())
                .map(Vec::len),
        ),
        ListFormat::Text => rinko_core::bundle::verify::verification_text(v, &name),
    };
    write_stdout(&shown)?;
    match &verified.extracted {
        Some(Ok(paths)) => eprintln!(
            "{} 件を {} に書き出しました。",
            paths.len(),
            request
                .extract
                .as_ref()
                .map(|d| rinko_core::shown::path(d))
                .unwrap_or_default()
        ),
        Some(Err(problem)) => {
            eprintln!("rinko: エラー: {}", problems::render(problem, Cmd::Verify))
        }
        None if request.extract.is_some() => {
            eprintln!("rinko: 不合格のため何も書き出していません。")
        }
        None => {}
    }
    Ok(verified.exit_code())
}

fn keys(command: KeysCommand, env: &Env, watch: &Watch) -> Result<u8, Problem> {
    match command {
        KeysCommand::Generate => {
            let (path, public) = ops::keys::generate(env, watch)?;
            say!("署名鍵を作りました: {}", rinko_core::shown::path(&path));
            say!("鍵の指紋: {}", rinko_core::digest::key_fingerprint(&public));
            say!("受け取る側の PC には rinko keys export-public で書き出した公開鍵を渡し、rinko keys trust で登録してください。");
        }
        KeysCommand::ExportPublic { out, force } => {
            let public = ops::keys::export_public(env, out.as_deref().map(|p| (p, force)))?;
            match &out {
                Some(path) => say!("公開鍵を書き出しました: {}", rinko_core::shown::path(path)),
                None => say!("{}", public.text.trim_end()),
            }
            eprintln!(
                "鍵の指紋: {}",
                rinko_core::digest::key_fingerprint(&public.key)
            );
        }
        KeysCommand::List { format } => {
            let trusted = ops::keys::trusted(env);
            let shown = match format {
                ListFormat::Json => rinko_core::report::keys_json(&trusted),
                ListFormat::Text => text::keys_text(&trusted),
            };
            write_stdout(&shown)?;
        }
        KeysCommand::Trust { key } => trust(KeyUse::Bundles, &key, env, watch)?,
    }
    Ok(0)
}

/// `keys trust` and `schemas trust`: the key's file in the data folder and its fingerprint.
fn trust(use_: KeyUse, key: &std::path::Path, env: &Env, watch: &Watch) -> Result<(), Problem> {
    let trusted = ops::keys::trust(env, use_, key, watch)?;
    let print = rinko_core::digest::key_fingerprint(&trusted.key);
    let at = rinko_core::shown::path(&trusted.path);
    match (use_, trusted.already) {
        (KeyUse::Packs, true) => say!("この鍵は既に登録されています: {at}（鍵の指紋 {print}）"),
        (KeyUse::Packs, false) => {
            say!("ルールパックの鍵として登録しました: {at}（鍵の指紋 {print}）");
            say!("以後、署名のないルールパックや、登録していない鍵の署名のルールパックは取り込みません。");
        }
        (KeyUse::Bundles, true) => say!("既に登録されています: {at}（鍵の指紋 {print}）"),
        (KeyUse::Bundles, false) => say!("登録しました: {at}（鍵の指紋 {print}）"),
    }
    Ok(())
}

fn log(command: LogCommand, env: &Env) -> Result<u8, Problem> {
    match command {
        LogCommand::Verify => {
            let checked = ops::log::verify(env);
            say!("{}", checked.heading());
            for b in checked.result.as_ref().err().into_iter().flatten() {
                say!("  {}", b.message);
            }
            Ok(u8::from(checked.result.is_err()))
        }
        LogCommand::Show { last, format } => {
            let shown = ops::log::show(env, last)?;
            warn_unreadable(&shown.unreadable);
            let text = match format {
                ListFormat::Text => rinko_core::records::audit::show_text(&shown.entries),
                ListFormat::Json => shown
                    .entries
                    .iter()
                    .map(|e| serde_json::to_string(e).unwrap_or_default() + "\n")
                    .collect(),
            };
            write_stdout(&text)?;
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

fn ledger(out: Option<PathBuf>, force: bool, env: &Env) -> Result<u8, Problem> {
    let ledger = ops::log::ledger(env, out.as_deref().map(|p| (p, force)))?;
    if ledger.breaks > 0 {
        eprintln!(
            "rinko: 警告: 監査ログに異常が {} 箇所あります（rinko log verify）。台帳はそのまま書き出しますが、内容を確かめてください。",
            ledger.breaks
        );
    }
    warn_unreadable(&ledger.unreadable);
    match out {
        Some(path) => eprintln!(
            "台帳 {} 件を {} に書き出しました。",
            ledger.rows,
            rinko_core::shown::path(&path)
        ),
        None => std::io::stdout()
            .lock()
            .write_all(&ledger.csv)
            .map_err(|e| stdout_failed("標準出力に書き出せません", e))?,
    }
    Ok(0)
}

fn write_stdout(text: &str) -> Result<(), Problem> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| stdout_failed("標準出力に書き出せません", e))
}

/// Writing to stdout failed (a full disk behind a redirect, a closed terminal).
fn stdout_failed(what: &str, e: std::io::Error) -> Problem {
    Problem::new(
        rinko_core::Code::OutputWrite,
        format!("{what}: {}", rinko_core::read::io_reason_ja(&e)),
        rinko_core::About::Operation,
    )
}
