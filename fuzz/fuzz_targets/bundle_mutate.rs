//! Structure-aware mutations of a valid bundle: entries added, removed, renamed, their bytes
//! flipped, a payload file replaced together with its manifest line (the tag manifest and its
//! hash, the bundle's fingerprint, left as they were). The untouched bundle passes; any change
//! to what its entries hold or are called makes it fail.
#![no_main]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rinko_core::bundle::{seal, Payload, SealInfo};
use rinko_core::report::SetRef;
use rinko_fuzz::{default_checker, options, verify_and_extract, INSTITUTION};

type Entries = BTreeMap<String, Vec<u8>>;

const FORMS: [(&str, &[u8]); 2] = [
    (
        "kojinhyo-2025-henkou.xml",
        include_bytes!("../../samples/valid/kojinhyo-2025-henkou.xml"),
    ),
    (
        "ikensho-2025.xml",
        include_bytes!("../../samples/valid/ikensho-2025.xml"),
    ),
];

/// The sealed seed's entries, in the zip's order.
fn seed() -> &'static Vec<(String, Vec<u8>)> {
    static SEED: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SEED.get_or_init(|| {
        let checker = default_checker();
        let payload = FORMS
            .iter()
            .map(|(name, bytes)| Payload {
                name: name.to_string(),
                bytes: bytes.to_vec(),
                report: checker.check_bytes(name, bytes.to_vec(), &options()),
            })
            .collect();
        let sets: Vec<SetRef> = checker.sets().iter().map(SetRef::of).collect();
        let sealed = seal(
            payload,
            &SealInfo {
                bag_name: "seed",
                institution: INSTITUTION,
                operator: "fuzz",
                clock: chrono::DateTime::from_timestamp(1_764_547_200, 0).unwrap(),
                schema_sets: &sets,
                signing_key: None,
            },
        )
        .expect("the valid samples seal");
        let entries = unzip(&sealed.zip);
        assert!(
            verify_and_extract(&zip(&entries)).passed(),
            "the seed bundle passes"
        );
        entries
    })
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("the seed is a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        if name.ends_with('/') {
            out.add_directory(name.as_str(), options).unwrap();
        } else {
            out.start_file(name.as_str(), options).unwrap();
            out.write_all(data).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Applies the mutations the input spells, three bytes and a tail each: what to do, to which
/// entry, where; the tail is new content or a new name.
fn mutate(entries: &mut Vec<(String, Vec<u8>)>, input: &[u8]) {
    for step in input.chunks(8).take(4) {
        let [op, which, at, tail @ ..] = step else {
            return;
        };
        if entries.is_empty() {
            return;
        }
        let i = *which as usize % entries.len();
        let text = String::from_utf8_lossy(tail).into_owned();
        match op % 6 {
            0 => {
                entries.remove(i);
            }
            1 => {
                let folder = entries[i].0.rsplit_once('/').map(|(f, _)| f).unwrap_or("");
                entries.push((format!("{folder}/{text}"), tail.to_vec()));
            }
            2 => entries[i].0 = format!("{}{text}", entries[i].0),
            3 => {
                let data = &mut entries[i].1;
                if !data.is_empty() {
                    let pos = *at as usize * data.len() / 256;
                    data[pos] ^= tail.first().copied().unwrap_or(1).max(1);
                }
            }
            4 => entries[i].1.extend_from_slice(tail),
            _ => {
                // A payload file replaced and its manifest line rewritten to match.
                let Some(p) = entries.iter().position(|(n, _)| n.contains("/data/")) else {
                    return;
                };
                let old = sha256_hex(&entries[p].1);
                entries[p].1.extend_from_slice(tail);
                let new = sha256_hex(&entries[p].1);
                if let Some(m) = entries
                    .iter_mut()
                    .find(|(n, _)| n.ends_with("/manifest-sha256.txt"))
                {
                    let text = String::from_utf8_lossy(&m.1).replace(&old, &new);
                    m.1 = text.into_bytes();
                }
            }
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let original = seed();
    let mut entries = original.clone();
    mutate(&mut entries, input);
    let v = verify_and_extract(&zip(&entries));
    // A zip's folder entries (names ending in '/') hold no file: adding one does not change
    // the bag (tests/cli/bundle.rs, folder_entries_are_not_files_of_the_bag).
    let files = |e: &[(String, Vec<u8>)]| {
        e.iter()
            .filter(|(name, _)| !name.ends_with('/'))
            .cloned()
            .collect::<Vec<_>>()
    };
    let as_map = |e: &[(String, Vec<u8>)]| files(e).into_iter().collect::<Entries>();
    if as_map(&entries) != as_map(original) || files(&entries).len() != files(original).len() {
        assert!(
            !v.passed(),
            "a changed bundle passed: {:?}",
            entries.iter().map(|e| &e.0).collect::<Vec<_>>()
        );
    }
});
