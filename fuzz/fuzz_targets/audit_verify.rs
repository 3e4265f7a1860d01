//! The audit log's verifier on arbitrary log and head contents: the log is proven intact or
//! every break has a line and a Japanese message, never a panic; reading its entries too. The
//! input is split at the first NUL into the log and the head.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinko_core::records::audit::AuditLog;

fuzz_target!(|input: &[u8]| {
    let (log, head) = match input.iter().position(|&b| b == 0) {
        Some(i) => (&input[..i], Some(&input[i + 1..])),
        None => (input, None),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("audit.jsonl"), log).unwrap();
    if let Some(head) = head {
        std::fs::write(dir.path().join("audit.head"), head).unwrap();
    }
    let audit = AuditLog::at(dir.path());
    match audit.verify() {
        Ok(intact) => {
            let (entries, unreadable) = audit.entries().expect("an intact log reads");
            assert!(
                unreadable.is_empty(),
                "an intact log with unreadable lines {unreadable:?}"
            );
            assert_eq!(entries.len(), intact.entries);
        }
        Err(breaks) => {
            assert!(!breaks.is_empty());
            for b in breaks {
                assert!(!b.message.is_empty(), "{b:?}");
            }
        }
    }
    let _ = audit.entries();
});
