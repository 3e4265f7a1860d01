//! The check of arbitrary bytes against an ad-hoc XSD (`--xsd`): tests/corpus/all/schema.xsd,
//! an xs:all content model with optional, required and repeated children.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rinko_core::{Checker, SchemaSetDef};
use rinko_fuzz::{assert_report, options};

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let xsd = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/corpus/all/schema.xsd"
        );
        let set = SchemaSetDef::ad_hoc(std::path::Path::new(xsd)).expect("the corpus schema reads");
        Checker::new(vec![set]).expect("the corpus schema compiles")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let checker = checker();
    let report = checker.check_bytes("fuzz.xml", bytes.to_vec(), &options());
    assert_report(&report, checker.sets());
});
