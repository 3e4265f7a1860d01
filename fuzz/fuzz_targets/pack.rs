//! A rule pack (zip) of arbitrary bytes imported into an empty data folder, with no trusted
//! key: either it is refused with a Japanese reason and the store holds no set, or it is
//! imported and the store gives back exactly that set, and it compiles. The seeds are real
//! packs (fuzz/run.sh makes them from schemas/).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinko_core::data::DataFolder;
use rinko_core::{pack, Checker};

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let source = dir.path().join("pack.zip");
    std::fs::write(&source, bytes).expect("the pack written");
    let data = DataFolder::at(dir.path().join("data"));
    match pack::import(&data, &source, &[], false, Checker::vet) {
        Ok(imported) => {
            let sets = pack::imported_sets(&data).expect("the store reads back");
            assert_eq!(sets.len(), 1, "one set imported");
            assert!(!imported.summary().is_empty());
            Checker::new(sets).expect("an imported set compiles");
        }
        Err(problem) => {
            assert!(!problem.message.is_empty());
            let stored = std::fs::read_dir(data.schema_sets())
                .map(|d| {
                    d.filter_map(Result::ok)
                        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                        .count()
                })
                .unwrap_or(0);
            assert_eq!(
                stored, 0,
                "a refused pack left a set in the store: {problem:?}"
            );
        }
    }
});
