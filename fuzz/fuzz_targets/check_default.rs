//! The whole check of arbitrary bytes on the embedded default sets: reading, encoding,
//! routing, XSD validation, domain checks, and the reports. The same bytes twice give the same
//! report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinko_fuzz::{assert_report, default_checker, options};

fuzz_target!(|bytes: &[u8]| {
    let checker = default_checker();
    let report = checker.check_bytes("fuzz.xml", bytes.to_vec(), &options());
    assert_report(&report, checker.sets());
    let again = checker.check_bytes("fuzz.xml", bytes.to_vec(), &options());
    assert_eq!(
        format!("{:?}", report.findings),
        format!("{:?}", again.findings),
        "the same bytes, the same findings"
    );
});
