//! The 指定難病 table of the 臨個票 sets: every 告示番号 of the ministry's list (348 since
//! 2025-04-01) is a code on its days, under the name of that day; a disease without its own
//! block in the set is checked on the common fields and the report says so (RULE-005).

use serde_json::Value;

use crate::common::{root, Rinko};

const SAMPLE: &str = "samples/valid/kojinhyo-2025-henkou.xml";
const BLOCK_START: &str = "    <潰瘍性大腸炎>";
const BLOCK_END: &str = "    </潰瘍性大腸炎>\n";

/// The sample (告示番号 97 with the 潰瘍性大腸炎 block) as a 更新 form for `number`, written on
/// `day`, with or without the block.
fn form(number: u32, with_block: bool, day: &str) -> String {
    let text = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let text = text
        .replace(
            "<告示番号>97</告示番号>",
            &format!("<告示番号>{number}</告示番号>"),
        )
        .replace(
            "<記載日>2025-05-26</記載日>",
            &format!("<記載日>{day}</記載日>"),
        )
        // 更新 rather than 変更, which exists only since 2025-04-01.
        .replace("<申請区分>3</申請区分>", "<申請区分>2</申請区分>");
    assert!(text.contains(&format!("<記載日>{day}</記載日>")));
    if with_block {
        return text;
    }
    let start = text.find(BLOCK_START).unwrap();
    let end = text.find(BLOCK_END).unwrap() + BLOCK_END.len();
    format!("{}{}", &text[..start], &text[end..])
}

/// Each form's findings as (code, message), in the order given, checked in one run.
fn check(forms: &[String]) -> Vec<Vec<(String, String)>> {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, text) in forms.iter().enumerate() {
        let file = dir.path().join(format!("{i:04}.xml"));
        std::fs::write(&file, text).unwrap();
        files.push(file);
    }
    let out = Rinko::new()
        .args(["check", "--format", "json", "--today", "2025-06-01"])
        .args(&files)
        .run();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_file: Vec<(String, Vec<(String, String)>)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let found = f["findings"].as_array().unwrap().iter().map(|x| {
                let field = |k: &str| x[k].as_str().unwrap_or_default().to_string();
                (field("code"), field("message"))
            });
            (f["path"].as_str().unwrap().to_string(), found.collect())
        })
        .collect();
    by_file.sort();
    assert_eq!(by_file.len(), forms.len());
    by_file.into_iter().map(|(_, found)| found).collect()
}

fn codes(found: &[(String, String)]) -> Vec<&str> {
    found.iter().map(|(c, _)| c.as_str()).collect()
}

#[test]
fn every_disease_of_the_list_is_a_code_from_its_first_day() {
    // Without a block: 6, 49 and 97 need theirs; every other number is checked on the common
    // fields only, and told so.
    let numbers: Vec<u32> = (1..=349).collect();
    let forms: Vec<String> = numbers
        .iter()
        .map(|&n| form(n, false, "2025-05-26"))
        .collect();
    for (n, found) in numbers.iter().zip(check(&forms)) {
        let expected: &[&str] = match n {
            6 | 49 | 97 => &["RULE-001"],
            349 => &["CODE-001"],
            _ => &["RULE-005"],
        };
        assert_eq!(codes(&found), expected, "告示番号 {n}: {found:?}");
    }
    // 339-341 are 指定難病 from 2024-04-01, 342-348 from 2025-04-01.
    let days = [
        (338, "2024-03-31", "RULE-005"),
        (339, "2024-03-31", "CODE-002"),
        (341, "2024-03-31", "CODE-002"),
        (341, "2024-04-01", "RULE-005"),
        (342, "2025-03-31", "CODE-002"),
        (348, "2025-03-31", "CODE-002"),
        (348, "2025-04-01", "RULE-005"),
    ];
    let forms: Vec<String> = days
        .iter()
        .map(|&(n, day, _)| form(n, false, day))
        .collect();
    for ((n, day, code), found) in days.iter().zip(check(&forms)) {
        assert_eq!(codes(&found), [*code], "告示番号 {n} on {day}: {found:?}");
    }
}

#[test]
fn a_renamed_disease_is_named_as_on_the_day_of_the_form() {
    let cases = [
        (63, "2025-03-31", "63（特発性血小板減少性紫斑病）"),
        (63, "2025-04-01", "63（免疫性血小板減少症）"),
        (54, "2024-03-31", "54（成人スチル病）"),
        (54, "2025-05-26", "54（成人発症スチル病）"),
    ];
    let forms: Vec<String> = cases
        .iter()
        .map(|&(n, day, _)| form(n, false, day))
        .collect();
    for ((n, day, named), found) in cases.iter().zip(check(&forms)) {
        assert_eq!(codes(&found), ["RULE-005"], "{n} on {day}: {found:?}");
        assert!(found[0].1.contains(named), "{n} on {day}: {}", found[0].1);
    }
}

#[test]
fn the_block_of_a_disease_is_judged_by_its_number_once() {
    let forms = [
        form(97, true, "2025-05-26"),
        form(2, true, "2025-05-26"),
        form(6, true, "2025-05-26"),
        form(400, true, "2025-05-26"),
        form(2, false, "2025-05-26"),
    ];
    let found = check(&forms);
    assert_eq!(codes(&found[0]), Vec::<&str>::new(), "{:?}", found[0]);
    // A number without a block of its own, with another's block: that block is the mistake.
    assert_eq!(codes(&found[1]), ["RULE-002"], "{:?}", found[1]);
    assert_eq!(
        found[1][0].1,
        "「告示番号」が2（筋萎縮性側索硬化症）のときは、「潰瘍性大腸炎の個別項目」は記入しません。"
    );
    // A number with its own block and another's written instead: one finding naming both.
    assert_eq!(codes(&found[2]), ["RULE-001"], "{:?}", found[2]);
    assert_eq!(
        found[2][0].1,
        "「告示番号」が6（パーキンソン病）のときは、「パーキンソン病の個別項目」が必要です。記入されているのは「潰瘍性大腸炎の個別項目」です。"
    );
    // A number not in the table: which block it needs is not known; the code is the mistake.
    assert_eq!(codes(&found[3]), ["CODE-001"], "{:?}", found[3]);
    // What RULE-005 says was and was not checked.
    let (code, message) = &found[4][0];
    assert_eq!(code, "RULE-005");
    assert_eq!(
        message,
        "「告示番号」2（筋萎縮性側索硬化症）の疾病ごとの個別項目は、このスキーマセットにありません。共通の項目は検査しましたが、疾病ごとの個別項目は検査していません。"
    );
}
