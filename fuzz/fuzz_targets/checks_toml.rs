//! `checks.toml` on arbitrary text, against the embedded code tables: the rules or a Japanese
//! reason, never a panic; each field binding's repertoire is one the file defines.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rinko_core::codes::CodeTables;
use rinko_core::schema_set::Checks;

fn codes() -> &'static CodeTables {
    static CODES: OnceLock<CodeTables> = OnceLock::new();
    CODES.get_or_init(|| CodeTables::embedded().expect("the embedded code tables read"))
}

fuzz_target!(|text: &str| {
    match Checks::parse(text, codes()) {
        Ok(checks) => {
            for field in &checks.fields {
                if field.chars.is_some() {
                    assert!(checks.chars_of(&field.path).is_some(), "{}", field.path);
                }
            }
        }
        Err(reason) => assert!(!reason.is_empty()),
    }
});
