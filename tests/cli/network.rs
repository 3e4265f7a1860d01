//! "Offline by construction", as a test: every command runs under `strace -f`, and any socket
//! that is not AF_UNIX (the system's user lookup, nscd) fails it; and the list of what is linked in
//! holds no crate that could reach a network.

use std::path::Path;
use std::process::Output;

use crate::common::{root, text, Rinko};
use crate::network_trace::{network_calls, strace, strace_args, CLI};
use crate::pack::pack;

const CLOCK: &str = "1764547200";
const INSTITUTION: &str = "0110113719";

/// One traced run: its output, and the lines of its trace that could reach a network.
fn traced(data: &Path, args: &[&str]) -> (Output, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("strace.log");
    let output = Rinko::under(strace(), strace_args(&log))
        .data(data)
        .clock(CLOCK)
        .args(args)
        .run();
    let log = std::fs::read_to_string(&log).expect("strace wrote its log");
    (output, network_calls(&log, &CLI).0)
}

/// The detector itself: a program that opens an AF_INET socket and connects it is caught, one
/// that opens only AF_UNIX ones is not (so the test of the commands below can fail).
#[test]
fn the_trace_catches_a_network_socket_and_lets_a_unix_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let run = |code: &str| {
        let log = dir.path().join("control.log");
        let status = std::process::Command::new(strace())
            .args(strace_args(&log))
            .args(["python3", "-c", code])
            .status()
            .unwrap();
        assert!(status.success(), "python3 -c {code}");
        network_calls(&std::fs::read_to_string(&log).unwrap(), &CLI)
    };
    let (network, _) = run(
        "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.connect(('127.0.0.1', 9))",
    );
    assert_eq!(network.len(), 2, "socket and connect: {network:?}");
    assert!(network[0].contains("socket(AF_INET"), "{network:?}");
    assert!(network[1].contains("sa_family=AF_INET"), "{network:?}");
    let (network, calls) = run(
        "import socket\na, b = socket.socketpair(socket.AF_UNIX)\ns = socket.socket(socket.AF_UNIX)",
    );
    assert!(network.is_empty(), "{network:?}");
    assert!(calls >= 2, "the AF_UNIX calls are traced: {calls}");
    let (network, _) = run("import socket\nsocket.socket(socket.AF_INET6, socket.SOCK_STREAM)");
    assert_eq!(network.len(), 1, "{network:?}");
}

/// Every command, in the order an institution uses them, in one data folder: none opens a
/// socket that could reach a network.
#[test]
fn no_command_opens_a_network_socket() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = |name: &str| work.path().join(name).to_string_lossy().into_owned();
    let passphrase = work.path().join("passphrase");
    std::fs::write(&passphrase, "a passphrase of the institution\n").unwrap();
    let passphrase = passphrase.to_string_lossy().into_owned();
    let public_key = out("institution.pub");
    let pack = pack(work.path(), None);
    let pack = pack.to_string_lossy().into_owned();
    let valid = "samples/valid/kojinhyo-2025-koushin.xml";
    let forms_html = out("forms.html");
    let forms_pdf = out("forms.pdf");
    let ledger_csv = out("ledger.csv");
    let definition_xlsx = out("definition.xlsx");
    let samples = out("samples");
    let plain = out("plain");
    let plain_zip = out("plain.zip");
    let signed = out("signed");
    let signed_7z = out("signed.7z");

    let commands: Vec<(Vec<&str>, i32)> = vec![
        (vec!["--version"], 0),
        (vec!["check", "samples/"], 1),
        (vec!["check", "--format", "json", "samples/"], 1),
        (vec!["check", "--format", "csv", "samples/valid"], 0),
        (vec!["print", "--out", &forms_pdf, "samples/valid"], 0),
        (vec!["print", "--out", &forms_html, "samples/valid"], 0),
        (vec!["keys", "generate"], 0),
        (vec!["keys", "export-public", "--out", &public_key], 0),
        (
            vec![
                "bundle",
                "--institution",
                INSTITUTION,
                "--out",
                &plain_zip,
                "samples/valid",
            ],
            0,
        ),
        // An unsigned bundle verifies only while no key is trusted.
        (vec!["verify", &plain_zip, "--extract", &plain], 0),
        (vec!["keys", "trust", &public_key], 0),
        (
            vec![
                "bundle",
                "--institution",
                INSTITUTION,
                "--out",
                &signed_7z,
                "--sign",
                "--encrypt",
                "--passphrase-file",
                &passphrase,
                valid,
            ],
            0,
        ),
        (
            vec![
                "verify",
                &signed_7z,
                "--trusted-key",
                &public_key,
                "--passphrase-file",
                &passphrase,
                "--extract",
                &signed,
            ],
            0,
        ),
        (vec!["schemas", "import", &pack], 0),
        (vec!["schemas", "list"], 0),
        (vec!["schemas", "list", "--format", "json"], 0),
        (vec!["schemas", "remove", "rinko-kojinhyo-2025"], 0),
        (
            vec![
                "schemas",
                "doc",
                "rinko-ikensho-2025",
                "--out",
                &definition_xlsx,
            ],
            0,
        ),
        (
            vec![
                "schemas",
                "diff",
                "rinko-kojinhyo-2023",
                "rinko-kojinhyo-2025",
                "--format",
                "json",
            ],
            0,
        ),
        (
            vec!["schemas", "sample", "rinko-ikensho-2025", "--out", &samples],
            0,
        ),
        (vec!["log", "verify"], 0),
        (vec!["log", "show", "--last", "3"], 0),
        (
            vec!["ledger", "export", "--format", "csv", "--out", &ledger_csv],
            0,
        ),
    ];
    for folder in [&plain, &signed, &samples] {
        std::fs::create_dir(folder).unwrap();
    }
    let mut failures = Vec::new();
    for (args, expected) in &commands {
        let (output, network) = traced(data.path(), args);
        assert_eq!(
            output.status.code(),
            Some(*expected),
            "rinko {}: {}",
            args.join(" "),
            text(&output)
        );
        if !network.is_empty() {
            failures.push(format!(
                "rinko {}:\n  {}",
                args.join(" "),
                network.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "network sockets:\n{}",
        failures.join("\n")
    );
    // The runs did their work: the outputs are there, and the log holds them.
    for name in [
        "forms.pdf",
        "forms.html",
        "plain.zip",
        "signed.7z",
        "ledger.csv",
        "definition.xlsx",
        "samples/rinko-ikensho-2025-急性リンパ性白血病.xml",
    ] {
        assert!(work.path().join(name).is_file(), "{name}");
    }
    let extracted = work
        .path()
        .join("signed")
        .join(Path::new(valid).file_name().unwrap());
    assert_eq!(
        std::fs::read(extracted).unwrap(),
        std::fs::read(root().join(valid)).unwrap()
    );
}

/// Crates whose job is to reach a network: none may be linked into Rinko.
const NETWORK_CRATES: &[&str] = &[
    "async-std",
    "curl",
    "h2",
    "h3",
    "hickory-resolver",
    "hyper",
    "hyper-util",
    "isahc",
    "mio",
    "native-tls",
    "quinn",
    "reqwest",
    "rustls",
    "socket2",
    "surf",
    "trust-dns-resolver",
    "tungstenite",
    "ureq",
    "websocket",
];

/// installer/runtime-dependencies.txt is the reviewed list of what is linked in: it was made
/// from this Cargo.lock (CI regenerates it with `--check`), holds no network crate, and tokio
/// is built without its sockets.
#[test]
fn the_runtime_dependencies_are_reviewed_and_reach_no_network() {
    use sha2::{Digest, Sha256};
    let list = std::fs::read_to_string(root().join("installer/runtime-dependencies.txt")).unwrap();
    let lock = hex::encode(Sha256::digest(
        std::fs::read(root().join("Cargo.lock")).unwrap(),
    ));
    assert!(
        list.lines().take(8).any(|l| l.contains(&format!("SHA-256 {lock}"))),
        "installer/runtime-dependencies.txt was made from another Cargo.lock: run installer/runtime-dependencies.sh and review the difference"
    );
    let crates: Vec<(&str, &str)> = list
        .lines()
        .filter(|l| !l.starts_with(['#', ' ']) && !l.is_empty())
        .map(|l| {
            let (name, rest) = l.split_once(' ').unwrap();
            (name, rest.split_once("features: ").unwrap().1)
        })
        .collect();
    assert!(crates.len() > 100, "{} crates", crates.len());
    for (name, features) in &crates {
        assert!(
            !NETWORK_CRATES.contains(name),
            "{name} is linked into Rinko"
        );
        if *name == "tokio" {
            assert!(
                !features.split(',').any(|f| f == "net" || f == "full"),
                "tokio is built with its sockets: {features}"
            );
        }
    }
    // Every crate with socket code carries its reviewed reason in the list.
    let socket_code = list.matches("    socket code: ").count();
    assert_eq!(socket_code, list.matches("    reviewed: ").count());
    assert!(socket_code > 0, "libc alone has socket declarations");
}

/// The app's allowance (tests/app): WebKit's inspector server on the one loopback endpoint the
/// driver names, netlink to the kernel; any other address fails, a loopback port among them.
#[test]
fn the_apps_allowance_is_one_loopback_endpoint_and_nothing_beside_it() {
    use crate::network_trace::Allowed;
    let app = Allowed {
        families: &["AF_UNIX", "AF_NETLINK"],
        endpoint: Some("127.0.0.1:57191"),
    };
    let allowed = r#"2630  socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 11
2630  bind(11, {sa_family=AF_INET, sin_port=htons(57191), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
2664  connect(25, {sa_family=AF_INET, sin_port=htons(57191), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)
2011  socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 5
2011  bind(5, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=0x000440}, 12) = 0
2011  sendto(5, "\x14\x00", 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20
2638  connect(9, {sa_family=AF_UNIX, sun_path="/tmp/.X11-unix/X99"}, 110) = 0
2638  sendto(9, "l\1\0\1", 16, MSG_NOSIGNAL, NULL, 0) = 16
2630  <... socket resumed>)             = 9
"#;
    assert_eq!(network_calls(allowed, &app), (Vec::new(), 2));
    let outside = [
        r#"2664  connect(25, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0"#,
        r#"2664  connect(25, {sa_family=AF_INET, sin_port=htons(57191), sin_addr=inet_addr("10.0.0.5")}, 16) = 0"#,
        r#"2664  connect(25, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0"#,
        r#"2664  sendto(7, "\0", 1, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("8.8.8.8")}, 16) = 1"#,
        r#"2664  sendmsg(7, {msg_name={sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("8.8.8.8")}, msg_namelen=16}, 0) = 1"#,
        r#"2664  socket(AF_PACKET, SOCK_RAW, 768) = 4"#,
    ];
    for line in outside {
        assert_eq!(network_calls(line, &app).0, vec![line.to_owned()], "{line}");
    }
    // The command line allows neither.
    assert_eq!(network_calls(allowed, &CLI).0.len(), 6);
}
