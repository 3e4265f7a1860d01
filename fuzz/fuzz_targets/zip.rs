//! The hostile-zip reader on arbitrary bytes: an error in Japanese, or entries that each have
//! a safe relative name, no two alike as Windows and macOS compare names, within the limits.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use rinko_core::archive::{is_safe_relative, read_zip, ZipLimits};

const LIMITS: ZipLimits = ZipLimits {
    max_entries: 64,
    max_entry_bytes: 1 << 20,
    max_total_bytes: 4 << 20,
    max_ratio: 200,
    what: "ファズ",
};

fuzz_target!(|bytes: &[u8]| {
    match read_zip(Cursor::new(bytes), &LIMITS) {
        Ok(entries) => {
            assert!(entries.len() <= LIMITS.max_entries);
            let total: u64 = entries.values().map(|e| e.len() as u64).sum();
            assert!(total <= LIMITS.max_total_bytes);
            let mut folded = std::collections::HashSet::new();
            for (name, data) in &entries {
                assert!(is_safe_relative(name), "unsafe name admitted: {name:?}");
                assert!(data.len() as u64 <= LIMITS.max_entry_bytes);
                assert!(
                    folded.insert(name.to_lowercase()),
                    "twins admitted: {name:?}"
                );
            }
        }
        Err(message) => assert!(
            message
                .chars()
                .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
            "not Japanese: {message}"
        ),
    }
});
