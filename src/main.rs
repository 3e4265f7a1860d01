//! The `rinko` command line: argument handling only; every check lives in the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rinko::report::{self, BatchReport, TextStyle};
use rinko::{CheckOptions, Checker, Limits, SchemaSetDef};

/// 臨個票・意見書 XML の検査（オフライン）
#[derive(Parser)]
#[command(name = "rinko", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// XML ファイル（フォルダは再帰的に *.xml）を検査する。終了コード 0: 全件適合、1: 不適合あり、2: 実行できない
    Check(CheckArgs),
    /// 検査したファイルを A4 の PDF（または HTML プレビュー）に印刷する。エラーのあるファイルは --allow-errors のときだけ
    Print(PrintArgs),
    /// スキーマセットを扱う
    Schemas {
        #[command(subcommand)]
        command: SchemasCommand,
    },
}

#[derive(Subcommand)]
enum SchemasCommand {
    /// 有効なスキーマセット（組み込み・取り込み済み・--schema-set）を版・出所・SHA-256 つきで表示する
    List {
        #[command(flatten)]
        sets: SetArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// ルールパック（フォルダまたは zip）を検証して取り込む。再インストールなしで有効になる
    Import {
        /// manifest-sha256.txt を含むルールパックのフォルダまたは zip
        #[arg(value_name = "DIR|ZIP")]
        pack: PathBuf,
        /// 署名を検証する Ed25519 公開鍵（16 進 64 桁）のファイル。データフォルダの trusted-keys/*.pub に加えて使う
        #[arg(long = "trusted-key", value_name = "FILE")]
        trusted_key: Vec<PathBuf>,
    },
}

#[derive(Args)]
struct SetArgs {
    /// 任意の XSD で検査する（xmllint --schema と同様）。指定すると組み込みの様式は使わない
    #[arg(long, value_name = "FILE")]
    xsd: Vec<PathBuf>,
    /// スキーマセットのフォルダを追加する（同じ id の組み込み・取り込み済みのセットより優先）
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
    /// 検査するファイルまたはフォルダ
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
    /// 印刷するファイルまたはフォルダ
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
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Print(args) => print(args),
        Command::Schemas {
            command: SchemasCommand::List { sets, format },
        } => list(sets, format),
        Command::Schemas {
            command: SchemasCommand::Import { pack, trusted_key },
        } => import(&pack, &trusted_key),
    };
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
        for set in rinko::pack::imported_sets()
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
    Checker::new(sets).map_err(|e| e.0)
}

fn today(arg: &Option<String>) -> Result<String, String> {
    match arg {
        Some(day) => {
            rinko::schema_set::check_date("--today", day)?;
            Ok(day.clone())
        }
        None => Ok(rinko::check::today_from_clock()),
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
    let files = rinko::input::collect(&args.paths)?;
    if files.is_empty() {
        return Err(
            "検査する XML ファイル（*.xml）が見つかりません。フォルダの指定を確認してください。"
                .into(),
        );
    }
    let checker = load_sets(&args.sets)?;
    let stderr_is_terminal = std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize| {
        // About a hundred updates per batch, not one per file.
        if stderr_is_terminal && total >= 20 && (done % (total / 100).max(1) == 0 || done == total)
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
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(report.exit_code() as u8),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(report.exit_code() as u8),
        Err(e) => Err(format!("レポートを書き出せません: {e}")),
    }
}

fn list(args: SetArgs, format: ListFormat) -> Result<u8, String> {
    let checker = load_sets(&args)?;
    let mut out = std::io::stdout().lock();
    let text = match format {
        ListFormat::Json => rinko::report::sets_json(checker.sets()),
        ListFormat::Text => rinko::report::sets_text(checker.sets()),
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(0)
}

fn import(pack: &std::path::Path, trusted: &[PathBuf]) -> Result<u8, String> {
    let keys = rinko::pack::trusted_keys(trusted).map_err(|e| e.0)?;
    let imported = rinko::pack::import(pack, &keys, |set| {
        Checker::new(vec![set.clone()]).map(|_| ())
    })
    .map_err(|e| e.0)?;
    let m = &imported.set.manifest;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "取り込みました: {}（{} 版 {}）{}",
        m.id,
        m.name,
        m.version,
        match &imported.replaced {
            Some(v) => format!("。以前の版 {v} を置き換えました"),
            None => String::new(),
        }
    );
    let _ = writeln!(
        out,
        "SHA-256 {}  {}",
        imported.set.sha256,
        if imported.signed {
            "署名検証済み"
        } else if keys.is_empty() {
            "署名は検証していません（信頼する公開鍵が未設定）"
        } else {
            ""
        }
    );
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
    rinko::output::may_write(&args.out, args.force)?;
    let files = rinko::input::collect(&args.paths)?;
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
    for file in &files {
        checker.check_and_view(file, &options, |report, routed| {
            let errors = report.errors();
            match routed {
                Some(doc) if errors == 0 || args.allow_errors => {
                    let form = rinko::print::build(
                        doc.text,
                        doc.set,
                        doc.compiled,
                        doc.form,
                        report.sha256.as_deref().unwrap_or(""),
                        errors > 0,
                    );
                    match rinko::print::check_length(&form) {
                        Ok(()) => forms.push(form),
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
    if !refused.is_empty() {
        eprintln!("rinko: 印刷しませんでした（何も書き出していません）:");
        for r in &refused {
            eprintln!("  {r}");
        }
        return Ok(1);
    }
    let printed_at = rinko::check::now_from_clock();
    let bytes = if extension == "pdf" {
        let title = forms.first().map(|f| f.title.clone()).unwrap_or_default();
        rinko::print::to_pdf(
            &forms,
            &rinko::print::Meta {
                title: &title,
                printed_at,
            },
        )?
    } else {
        rinko::print::to_html(&forms, &printed_at.format("%Y-%m-%d").to_string()).into_bytes()
    };
    rinko::output::write_new(&args.out, &bytes, args.force)?;
    println!(
        "{} に {} 件を書き出しました。",
        args.out.display(),
        forms.len()
    );
    Ok(0)
}
