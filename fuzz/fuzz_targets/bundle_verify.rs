//! `bundle::verify` on arbitrary bytes (a zip, a 7z, anything): a verdict with BUNDLE- reasons,
//! never a panic, and extraction only after a pass. The seeds are real bundles (fuzz/run.sh
//! seals them with the CLI, plain, signed and encrypted).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    rinko_fuzz::verify_and_extract(bytes);
});
