//! The desktop app, end to end, in a real WebKit: each test runs one scenario of `e2e.py`
//! (WebKitWebDriver and selenium, under `xvfb-run` and `dbus-run-session`) against the app this
//! package builds, comparing what the window shows and saves with the `rinko` CLI's output for
//! the same files. Screenshots of every state go to `target/app-screenshots/`.
//!
//! The app's configuration is tested here too, without a window: what the page may load and
//! call is what the security section of ARCHITECTURE.md says.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

#[path = "../network_trace.rs"]
#[allow(dead_code)] // the command line's allowance is for tests/cli
mod network_trace;

/// One window at a time: the scenarios share the machine's two cores and the X server's
/// display numbers.
static ONE_WINDOW: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scenario(name: &str) {
    run_scenario(name, Path::new(env!("CARGO_BIN_EXE_rinko-app")));
}

/// A scenario with the app, and every process it starts (WebKit's among them), under `strace`.
/// Allowed: AF_UNIX (the display, D-Bus, WebKit's own processes), AF_NETLINK (GLib's network
/// monitor reads the kernel's routing table: a socket to the kernel, never off the machine), and
/// WebKit's inspector server on the loopback port WebKitWebDriver names, through which the test
/// drives the window (a real user's app has no `WEBKIT_INSPECTOR_SERVER`). Anything else fails.
fn traced_scenario(name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("strace.log");
    let inspector = dir.path().join("inspector");
    let traced = dir.path().join("rinko-app-traced");
    // WebKitWebDriver starts the binary it is given: a script that notes the inspector's
    // address and starts the app traced.
    let quoted = |arg: &OsStr| format!("'{}'", arg.to_str().unwrap().replace('\'', r"'\''"));
    let mut line = vec![quoted(network_trace::strace().as_ref())];
    line.extend(network_trace::strace_args(&log).iter().map(|a| quoted(a)));
    line.push(quoted(env!("CARGO_BIN_EXE_rinko-app").as_ref()));
    let script = format!(
        "#!/bin/sh\nprintf %s \"$WEBKIT_INSPECTOR_SERVER\" > {}\nexec {} \"$@\"\n",
        quoted(inspector.as_os_str()),
        line.join(" ")
    );
    std::fs::write(&traced, script).unwrap();
    std::fs::set_permissions(&traced, std::fs::Permissions::from_mode(0o755)).unwrap();
    run_scenario(name, &traced);
    let log = std::fs::read_to_string(&log).expect("strace wrote its log");
    let inspector = std::fs::read_to_string(&inspector).unwrap();
    assert!(
        inspector.starts_with("127.0.0.1:"),
        "WebKitWebDriver's inspector server: {inspector:?}"
    );
    let allowed = network_trace::Allowed {
        families: &["AF_UNIX", "AF_NETLINK"],
        endpoint: Some(&inspector),
    };
    let (network, sockets) = network_trace::network_calls(&log, &allowed);
    assert!(
        sockets > 0,
        "the app and WebKit make AF_UNIX sockets: the trace saw none"
    );
    assert!(
        network.is_empty(),
        "the app opened network sockets:\n{}",
        network.join("\n")
    );
}

fn run_scenario(name: &str, app: &Path) {
    let _one = ONE_WINDOW.lock().unwrap_or_else(|p| p.into_inner());
    let built = Path::new(env!("CARGO_BIN_EXE_rinko-app"));
    let cli = built.with_file_name(format!("rinko{}", std::env::consts::EXE_SUFFIX));
    assert!(
        cli.exists(),
        "{} is missing: the scenarios compare with the CLI; build it first (cargo test --workspace builds both)",
        cli.display()
    );
    let output = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            "dbus-run-session",
            "--",
            "python3",
        ])
        .arg(root().join("tests/app/e2e.py"))
        .arg(name)
        .env("RINKO_APP", app)
        .env("RINKO_CLI", &cli)
        .env("PYTHONPATH", root().join("target/pytools"))
        .env("NO_AT_BRIDGE", "1")
        .current_dir(root())
        .output()
        .expect("xvfb-run (installer/setup-debian.sh installs it)");
    assert!(
        output.status.success(),
        "scenario {name} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_samples_folder_shows_the_clis_verdicts_and_writes_its_audit_entry() {
    scenario("samples");
}

#[test]
fn failing_files_filter_and_open_to_the_clis_findings() {
    scenario("findings");
}

#[test]
fn the_exports_are_the_clis_reports_and_recheck_runs_again() {
    scenario("export");
}

#[test]
fn a_5000_file_batch_shows_progress_and_cancels_keeping_its_results() {
    scenario("cancel");
}

#[test]
fn a_form_previews_as_the_clis_page_and_prints_the_clis_pdf_into_the_viewer() {
    scenario("printing");
}

#[test]
fn the_records_screen_shows_and_verifies_the_clis_log_and_ledger_and_about_names_versions() {
    scenario("records");
}

#[test]
fn the_passing_files_seal_encrypted_and_signed_into_the_bundle_the_cli_verifies() {
    scenario("sealing");
}

#[test]
fn a_tampered_bundle_is_rejected_and_a_good_one_passes_and_extracts_the_sealed_files() {
    scenario("verifying");
}

#[test]
fn a_tampered_pack_is_refused_changing_nothing_and_a_good_one_imports_with_the_clis_words() {
    scenario("packs");
}

#[test]
fn one_session_checks_prints_seals_verifies_and_imports_and_the_log_holds_each_operation_and_opens_no_network_socket(
) {
    traced_scenario("session");
}

#[test]
fn the_page_cannot_reach_the_network_other_commands_or_other_origins() {
    scenario("security");
}

#[test]
fn paths_that_cannot_be_checked_are_said_in_japanese_and_the_app_goes_on() {
    scenario("refusals");
}

#[test]
fn at_150_percent_everything_fits_and_opens() {
    scenario("scaled");
}

fn json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join(path)).expect(path);
    serde_json::from_str(&text).expect(path)
}

#[test]
fn the_csp_allows_only_the_apps_own_files_and_its_ipc() {
    let conf = json("src-tauri/tauri.conf.json");
    let csp = conf["app"]["security"]["csp"].as_object().expect("a CSP");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
    for (directive, value) in csp {
        let value = value.as_str().expect("a directive's sources");
        for source in value.split_whitespace() {
            assert!(
                ["'self'", "'none'", "ipc:", "http://ipc.localhost"].contains(&source),
                "{directive} allows {source}"
            );
        }
    }
    assert_eq!(
        conf["app"]["security"]["dangerousDisableAssetCspModification"],
        serde_json::Value::Null
    );
    assert_eq!(
        conf["build"]["devUrl"],
        serde_json::Value::Null,
        "no dev server"
    );
    assert_eq!(
        conf["app"]["security"]["capabilities"],
        serde_json::json!(["main"])
    );
}

#[test]
fn the_window_may_call_rinkos_own_commands_each_by_name_and_nothing_else() {
    let capability = json("src-tauri/capabilities/main.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert_eq!(
        capability["remote"],
        serde_json::Value::Null,
        "no remote origin"
    );
    let build = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    let commands: Vec<&str> = build
        .split("const COMMANDS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("build.rs lists the commands")
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .filter(|c| !c.is_empty())
        .collect();
    let allowed: Vec<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("a permission by name").to_string())
        .collect();
    let expected: Vec<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(allowed, expected);
    let handler = std::fs::read_to_string(root().join("src-tauri/src/main.rs")).unwrap();
    for command in &commands {
        assert!(
            handler.contains(&format!("commands::{command},")),
            "{command} is not registered"
        );
    }
    let manifest = std::fs::read_to_string(root().join("src-tauri/Cargo.toml")).unwrap();
    for plugin in [
        "tauri-plugin-shell",
        "tauri-plugin-fs",
        "tauri-plugin-http",
        "tauri-plugin-opener",
    ] {
        assert!(!manifest.contains(plugin), "{plugin} is a dependency");
    }
}

#[test]
fn the_page_loads_nothing_from_outside_the_app() {
    for entry in std::fs::read_dir(root().join("ui")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for remote in [
            "http://",
            "https://",
            "//cdn",
            "@import",
            "innerHTML",
            "eval(",
        ] {
            assert!(
                !text.contains(remote),
                "{} contains {remote}",
                path.display()
            );
        }
    }
}

/// `cargo build -p rinko` needs no GTK or WebKit: nothing the CLI depends on, at any depth
/// (Cargo.lock's lists, which include build and dev dependencies), is Tauri's.
#[test]
fn the_command_line_does_not_depend_on_the_window() {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let mut deps: std::collections::HashMap<String, Vec<String>> = Default::default();
    for block in lock.split("[[package]]").skip(1) {
        let name = block
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .map(|n| n.trim_matches('"').to_string())
            .expect("a package name");
        let listed = block
            .split("dependencies = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .unwrap_or("");
        let names = listed
            .split(',')
            .map(|d| d.trim().trim_matches('"'))
            .filter(|d| !d.is_empty())
            .map(|d| d.split(' ').next().unwrap().to_string());
        deps.entry(name).or_default().extend(names);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut todo = vec!["rinko".to_string()];
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            todo.extend(deps.get(&name).cloned().unwrap_or_default());
        }
    }
    assert!(
        seen.contains("rinko-core") && seen.contains("clap"),
        "the walk is broken: {seen:?}"
    );
    for windowing in ["tauri", "wry", "gtk", "webkit2gtk", "rfd", "rinko-app"] {
        assert!(!seen.contains(windowing), "the CLI depends on {windowing}");
    }
}

/// The About screen's third-party notices were generated from this Cargo.lock: a changed
/// dependency tree needs `installer/third-party-notices.sh` again (CI also regenerates the file
/// and compares it with `--check`; this test tells a developer without cargo-about).
#[test]
fn the_third_party_notices_are_those_of_this_cargo_lock() {
    use sha2::Digest;
    let lock = std::fs::read(root().join("Cargo.lock")).unwrap();
    let hash = hex::encode(sha2::Sha256::digest(&lock));
    let notices =
        std::fs::read_to_string(root().join("installer/licenses/THIRD-PARTY-NOTICES.txt")).unwrap();
    let generated_from = notices
        .lines()
        .find_map(|l| l.split("from Cargo.lock (SHA-256 ").nth(1))
        .and_then(|rest| rest.strip_suffix(')'))
        .expect("the notices' header names the Cargo.lock they were generated from");
    assert_eq!(
        generated_from, hash,
        "Cargo.lock changed since installer/licenses/THIRD-PARTY-NOTICES.txt was generated: run installer/third-party-notices.sh"
    );
    for linked in ["tauri", "xsd-schema", "krilla", "quick-xml"] {
        assert!(
            notices
                .lines()
                .any(|l| l.trim().split(' ').next() == Some(linked)),
            "{linked} is built into the app but not in the notices"
        );
    }
}
