//! `schema-set.toml` on arbitrary text: a manifest or a Japanese reason, never a panic; a
//! manifest's id passes the id check and its validity is written in Japanese.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinko_core::schema_set::{check_id, Manifest};

fuzz_target!(|text: &str| {
    match Manifest::parse(text) {
        Ok(manifest) => {
            assert!(check_id(&manifest.id).is_ok(), "{:?}", manifest.id);
            assert!(!manifest.validity_ja().is_empty());
            let _ = manifest.is_valid_on(rinko_fuzz::TODAY);
        }
        Err(reason) => assert!(!reason.is_empty()),
    }
});
