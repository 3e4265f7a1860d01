//! No message of the library names a command-line flag or a `rinko` command: the app shows the
//! same messages, and its users have neither. The CLI words its own fixes from a problem's code
//! (cli/src/problems.rs). The exceptions are finding hints that are part of the JSON report's
//! contract (docs/workflows.md, "Problems"): scripts read them.

use std::path::Path;

/// (file, the words it may say, why).
const REPORT_CONTRACT: &[(&str, &str, &str)] = &[
    (
        "read.rs",
        "--max-file-size",
        "READ-003's hint: the limit that refused the file",
    ),
    (
        "validate.rs",
        "--max-",
        "READ- limit findings: the limit that refused the file",
    ),
    (
        "check.rs",
        "rinko schemas",
        "READ-013 and the unrouted file's hints",
    ),
];

fn string_literals(line: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        found.push(&after[..end]);
        rest = &after[end + 1..];
    }
    found
}

fn names_the_cli(text: &str) -> bool {
    let flag = text
        .match_indices("--")
        .any(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
    // `rinko 0.1.0` names the tool (Bag-Software-Agent); `rinko check` a command.
    let command = text
        .match_indices("rinko ")
        .any(|(i, _)| text[i + 6..].starts_with(|c: char| c.is_ascii_lowercase()));
    flag || command
}

fn offences(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            offences(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        // Unit tests sit at the end of each file and may say anything.
        let code = source.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for literal in string_literals(line)
                .into_iter()
                .filter(|l| names_the_cli(l))
            {
                let allowed = REPORT_CONTRACT
                    .iter()
                    .any(|(file, words, _)| *file == name && literal.contains(words));
                if !allowed {
                    out.push(format!("{}:{}: {literal}", path.display(), n + 1));
                }
            }
        }
    }
}

#[test]
fn no_library_message_names_a_flag_or_a_command() {
    let mut found = Vec::new();
    offences(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(
        found.is_empty(),
        "library text that names the command line:\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn the_scan_sees_flags_and_commands() {
    assert!(names_the_cli("上書きするには --force を付けてください"));
    assert!(names_the_cli("rinko keys generate で作ってください"));
    assert!(!names_the_cli("-- 区切り --"));
    assert!(!names_the_cli("rinko {}"));
    assert_eq!(string_literals(r#"f("a --out", b, "c")"#), ["a --out", "c"]);
}
