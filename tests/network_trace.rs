//! What "opens no network socket" means in the tests of the CLI and of the app, in one place: a
//! program runs under `strace -f`, tracing the calls that make a socket or give one an address,
//! and any socket of another family than those allowed fails it (for the CLI: AF_UNIX alone, the
//! system's user lookup), as does any address outside them.

use std::ffi::OsString;
use std::path::Path;

/// The calls traced: making a socket (or a pair), and every call that names an address.
const CALLS: &str = "trace=socket,socketpair,connect,bind,sendto,sendmsg";

/// What a traced program may do with sockets.
pub struct Allowed<'a> {
    /// Socket families that never leave the machine.
    pub families: &'a [&'a str],
    /// One loopback TCP endpoint (`127.0.0.1:PORT`) the program may bind or reach, with the
    /// AF_INET sockets for it: WebKit's inspector server, which WebKitWebDriver, and only it,
    /// asks for (`WEBKIT_INSPECTOR_SERVER`).
    pub endpoint: Option<&'a str>,
}

/// The command line: AF_UNIX, nothing else.
pub const CLI: Allowed = Allowed {
    families: &["AF_UNIX"],
    endpoint: None,
};

/// `strace`, or a failing test that says how to get it.
pub fn strace() -> &'static str {
    assert!(
        std::process::Command::new("strace")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success()),
        "strace is missing: installer/setup-debian.sh installs it"
    );
    "strace"
}

/// The arguments of `strace` before the traced program: follow every child, write to `log`.
pub fn strace_args(log: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = ["-f", "-qq", "-e", "signal=none", "-e", CALLS, "-o"]
        .into_iter()
        .map(OsString::from)
        .collect();
    args.push(log.as_os_str().to_owned());
    args.push("--".into());
    args
}

/// The lines of an strace log that make a socket, or name an address, outside `allowed`; and
/// how many socket-making calls the log holds in all, to tell "saw none" from "traced nothing".
pub fn network_calls(log: &str, allowed: &Allowed) -> (Vec<String>, usize) {
    let endpoint = allowed.endpoint.map(|e| {
        let (ip, port) = e.rsplit_once(':').expect("HOST:PORT");
        (
            format!("sin_port=htons({port})"),
            format!("inet_addr(\"{ip}\")"),
        )
    });
    let mut network = Vec::new();
    let mut sockets = 0;
    for line in log.lines() {
        // "1234  socket(AF_INET, ...) = 3": the pid, then the call.
        let call = line
            .split_once(' ')
            .map_or(line, |(_, rest)| rest.trim_start());
        let Some((name, args)) = call.split_once('(') else {
            continue;
        };
        let outside = match name {
            "socket" | "socketpair" => {
                sockets += 1;
                let family = args.split([',', ')']).next().unwrap_or_default().trim();
                let for_endpoint = endpoint.is_some() && matches!(family, "AF_INET" | "AF_INET6");
                !(allowed.families.contains(&family) || for_endpoint)
            }
            // connect(3, {sa_family=AF_INET, sin_port=htons(80), ...}, 16); sendmsg's msg_name
            _ => args.split("sa_family=").skip(1).any(|address| {
                let family = address.split([',', '}']).next().unwrap_or_default().trim();
                let to_endpoint = endpoint.as_ref().is_some_and(|(port, ip)| {
                    family == "AF_INET"
                        && address.contains(port.as_str())
                        && address.contains(ip.as_str())
                });
                !allowed.families.contains(&family) && !to_endpoint
            }),
        };
        if outside {
            network.push(line.to_owned());
        }
    }
    (network, sockets)
}
