//! The `rinko` command line as scripts use it: verdicts on the samples, exit codes, the JSON
//! contract (docs/report-json.md), the CSV for Excel, determinism, schema sets.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::{root, stderr, stdout, Rinko};

/// `rinko ARGS` in the repository with no clock: "today" is `--today`, else the real day.
fn rinko(args: &[&str]) -> Output {
    Rinko::new().args(args).run()
}

/// `rinko check --xsd` with an XSD and a document written to a temporary folder.
fn check_ad_hoc(xsd: &str, doc: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let (xsd_path, doc_path) = (dir.path().join("a.xsd"), dir.path().join("a.xml"));
    std::fs::write(&xsd_path, xsd).unwrap();
    std::fs::write(&doc_path, doc).unwrap();
    rinko(&[
        "check",
        "--xsd",
        xsd_path.to_str().unwrap(),
        doc_path.to_str().unwrap(),
    ])
}

fn json(args: &[&str]) -> (Value, i32) {
    let out = rinko(args);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&out)));
    (v, out.status.code().unwrap())
}

/// Each invalid sample, the codes of the findings it must raise (exactly, in order) and its
/// verdict. One mistake each; 半角カナ in a カナ field is refused by the XSD pattern and named
/// character by character by CHAR-003, so it raises both.
const EXPECTED: &[(&str, &[&str], &str)] = &[
    (
        "kojinhyo-2025-kana-hankaku.xml",
        &["XSD-010", "CHAR-003"],
        "fail",
    ),
    (
        "ikensho-2025-seinengappi-2024-02-30.xml",
        &["XSD-015"],
        "fail",
    ),
    ("kojinhyo-2025-shimei-nashi.xml", &["XSD-001"], "fail"),
    ("kojinhyo-2023-seibetsu-3.xml", &["XSD-011"], "fail"),
    (
        "ikensho-2025-iryokikan-code-9keta.xml",
        &["XSD-010"],
        "fail",
    ),
    ("kojinhyo-2025-junban-chigai.xml", &["XSD-001"], "fail"),
    ("kojinhyo-2025-michi-youso.xml", &["XSD-001"], "fail"),
    ("kojinhyo-2023-2025-youso.xml", &["XSD-001"], "fail"),
    ("kojinhyo-2025-yubin-nashi.xml", &["XSD-001"], "fail"),
    ("kojinhyo-2023-shinseikubun-3.xml", &["XSD-011"], "fail"),
    ("kojinhyo-2025-kokuji-401.xml", &["XSD-013"], "fail"),
    ("kojinhyo-2025-kioureki-11ken.xml", &["XSD-001"], "fail"),
    ("root-michi-seikyusho.xml", &["READ-012"], "fail"),
    ("kojinhyo-yoshikiban-2019.xml", &["READ-012"], "fail"),
    ("not-well-formed-tojitag-nashi.xml", &["READ-005"], "fail"),
    ("doctype.xml", &["READ-004"], "fail"),
    ("sjis-sengen-utf8-bytes.xml", &["ENC-002"], "fail"),
    (
        "kojinhyo-2025-jukyusha-kenshou-chigai.xml",
        &["DIGIT-001"],
        "fail",
    ),
    (
        "ikensho-2025-iryokikan-kenshou-chigai.xml",
        &["DIGIT-001"],
        "fail",
    ),
    (
        "kojinhyo-2025-hokensha-kenshou-chigai.xml",
        &["DIGIT-001"],
        "fail",
    ),
    (
        "kojinhyo-2025-jusho-hankaku-kana.xml",
        &["CHAR-003"],
        "pass",
    ),
    ("kojinhyo-2025-shimei-gaiji-pua.xml", &["CHAR-001"], "fail"),
    ("kojinhyo-2025-jusho-maru-suuji.xml", &["CHAR-002"], "pass"),
    (
        "kojinhyo-2025-shimei-hashigo-daka.xml",
        &["CHAR-002"],
        "pass",
    ),
    ("kojinhyo-2025-jusho-seigyo-moji.xml", &["CHAR-004"], "fail"),
    ("kojinhyo-2025-shimei-ivs.xml", &["CHAR-005"], "pass"),
    (
        "kojinhyo-2025-shimei-tsuchiyoshi.xml",
        &["CHAR-006"],
        "pass",
    ),
    ("kojinhyo-2025-kokuji-400.xml", &["CODE-001"], "fail"),
    (
        "ikensho-2025-shippei-code-haishi.xml",
        &["CODE-002"],
        "fail",
    ),
    ("kojinhyo-2025-kisaibi-mirai.xml", &["DATE-006"], "fail"),
    ("kojinhyo-2023-wareki-fuitchi.xml", &["DATE-004"], "fail"),
    ("kojinhyo-2025-heisei31-5gatsu.xml", &["DATE-003"], "fail"),
    ("kojinhyo-2025-reiwa6-2gatsu30.xml", &["DATE-002"], "fail"),
    (
        "kojinhyo-2025-shindanbi-seinengappi-mae.xml",
        &["DATE-005"],
        "fail",
    ),
    ("ikensho-2025-shinki-19sai.xml", &["DATE-007"], "fail"),
    (
        "kojinhyo-2025-koushin-jukyusha-nashi.xml",
        &["RULE-001"],
        "fail",
    ),
    (
        "kojinhyo-2025-shinki-jukyusha-ari.xml",
        &["RULE-002"],
        "fail",
    ),
    ("kojinhyo-2025-kouhi-52.xml", &["RULE-004"], "fail"),
    ("kojinhyo-2025-kokuji-6-sle.xml", &["RULE-001"], "fail"),
    (
        "kojinhyo-2025-kokuji-2-kobetsu-nashi.xml",
        &["RULE-005"],
        "pass",
    ),
];

#[test]
fn samples_get_the_right_verdicts_and_exactly_the_intended_findings() {
    // A day inside every set's validity period, so no DATE-001 warning muddies the counts.
    let (report, code) = json(&[
        "check",
        "--format",
        "json",
        "--today",
        "2025-06-01",
        "samples",
    ]);
    assert_eq!(code, 1);
    let files = report["files"].as_array().unwrap();
    let count = |dir: &str| {
        std::fs::read_dir(root().join(dir))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "xml")
            })
            .count()
    };
    let (invalid_dir, valid_dir) = (count("samples/invalid"), count("samples/valid"));
    assert_eq!(
        files.len(),
        invalid_dir + valid_dir,
        "every sample is checked"
    );
    assert_eq!(
        EXPECTED.len(),
        invalid_dir,
        "every invalid sample has an expectation here"
    );
    let mut categories = std::collections::BTreeSet::new();
    for f in files {
        let path = f["path"].as_str().unwrap();
        let findings = f["findings"].as_array().unwrap();
        if path.contains("/valid/") {
            assert_eq!(f["status"], "pass", "{path}: {findings:#?}");
            assert!(findings.is_empty(), "{path}: {findings:#?}");
            continue;
        }
        let name = Path::new(path).file_name().unwrap().to_str().unwrap();
        let (_, expected, status) = EXPECTED
            .iter()
            .find(|(n, ..)| *n == name)
            .unwrap_or_else(|| panic!("no expectation for {name}"));
        assert_eq!(f["status"], *status, "{path}");
        let codes: Vec<&str> = findings
            .iter()
            .map(|x| x["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, *expected, "{path}: {findings:#?}");
        for x in findings {
            let code = x["code"].as_str().unwrap();
            categories.insert(code.split('-').next().unwrap().to_string());
            assert!(
                !x["hint"].as_str().unwrap().is_empty(),
                "{path}: a hint: {x:#?}"
            );
            assert!(
                x["line"].as_u64().unwrap() >= 1 && x["column"].as_u64().unwrap() >= 1,
                "{path}: {x:#?}"
            );
            if code.starts_with("READ") || code.starts_with("ENC") {
                continue;
            }
            // An element the schema does not know has no label; every other field has one.
            let unknown_element = [
                "kojinhyo-2025-michi-youso.xml",
                "kojinhyo-2023-2025-youso.xml",
            ]
            .contains(&name);
            assert_eq!(
                x["label"].is_string(),
                !unknown_element,
                "{path}: a label from xs:documentation: {x:#?}"
            );
            assert!(x["line"].as_u64().unwrap() > 1, "{path}: {x:#?}");
            assert!(x["path"].as_str().unwrap().starts_with('/'), "{x:#?}");
            if code.starts_with("CHAR") {
                assert!(
                    x["message"].as_str().unwrap().contains("(U+"),
                    "the code point: {x:#?}"
                );
            }
            if ["CHAR", "CODE", "DIGIT", "DATE-00"]
                .iter()
                .any(|c| code.starts_with(c))
            {
                assert!(x["value"].is_string(), "the value: {x:#?}");
            }
        }
    }
    let all: Vec<&str> = categories.iter().map(String::as_str).collect();
    assert_eq!(
        all,
        ["CHAR", "CODE", "DATE", "DIGIT", "ENC", "READ", "RULE", "XSD"],
        "every category has a sample"
    );
}

#[test]
fn a_finding_names_the_field_value_and_place() {
    let (report, _) = json(&[
        "check",
        "--format",
        "json",
        "samples/invalid/kojinhyo-2025-kana-hankaku.xml",
    ]);
    let f = &report["files"][0]["findings"][0];
    assert_eq!(f["label"], "患者氏名（カナ）");
    assert_eq!(f["path"], "/臨個票/患者/氏名カナ");
    assert_eq!(f["value"], "ﾔﾏﾀﾞ　ﾀﾛｳ");
    assert_eq!(f["constraint"], "cvc-pattern-valid");
    assert_eq!(f["severity"], "error");
    let line = f["line"].as_u64().unwrap() as usize;
    let text =
        std::fs::read_to_string(root().join("samples/invalid/kojinhyo-2025-kana-hankaku.xml"))
            .unwrap();
    assert!(
        text.lines().nth(line - 1).unwrap().contains("<氏名カナ>"),
        "line {line} is the element's line"
    );
}

#[test]
fn a_misplaced_element_finding_says_what_belongs_there() {
    let (report, _) = json(&[
        "check",
        "--format",
        "json",
        "samples/invalid/kojinhyo-2025-shimei-nashi.xml",
    ]);
    let findings = report["files"][0]["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        1,
        "one missing field, one finding: {findings:#?}"
    );
    let f = &findings[0];
    assert_eq!(f["path"], "/臨個票/患者/氏名カナ");
    assert_eq!(f["label"], "患者氏名（カナ）");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("この位置に置ける項目: 「患者氏名」"),
        "{f:#?}"
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let (r, _) = json(&[
        "check",
        "--format",
        "json",
        "--today",
        "2025-06-01",
        "samples",
    ]);
    assert_eq!(r["format_version"], 1);
    assert_eq!(r["tool"]["name"], "rinko");
    assert!(r["tool"]["version"].is_string());
    for s in r["schema_sets"].as_array().unwrap() {
        assert!(s["id"].is_string() && s["version"].is_string());
        assert_eq!(s["sha256"].as_str().unwrap().len(), 64);
    }
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    for f in r["files"].as_array().unwrap() {
        let mut k = keys(f);
        k.sort();
        assert_eq!(
            k,
            [
                "encoding",
                "findings",
                "findings_omitted",
                "form",
                "path",
                "schema_set",
                "sha256",
                "status"
            ]
        );
        assert!(["pass", "fail"].contains(&f["status"].as_str().unwrap()));
        assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
        for x in f["findings"].as_array().unwrap() {
            let mut k = keys(x);
            k.sort();
            assert_eq!(
                k,
                [
                    "code",
                    "column",
                    "constraint",
                    "detail",
                    "hint",
                    "label",
                    "line",
                    "message",
                    "path",
                    "severity",
                    "value"
                ]
            );
            let code = x["code"].as_str().unwrap();
            let (cat, num) = code.split_once('-').unwrap();
            assert!(
                ["READ", "ENC", "XSD", "CODE", "CHAR", "DIGIT", "DATE", "RULE"].contains(&cat),
                "{code}"
            );
            assert!(
                num.len() == 3 && num.chars().all(|c| c.is_ascii_digit()),
                "{code}"
            );
            assert!(["error", "warning"].contains(&x["severity"].as_str().unwrap()));
            assert!(
                !x["message"].as_str().unwrap().is_empty()
                    && !x["hint"].as_str().unwrap().is_empty()
            );
        }
    }
    let s = &r["summary"];
    let files = r["files"].as_array().unwrap();
    assert_eq!(s["files"].as_u64().unwrap() as usize, files.len());
    assert_eq!(
        s["passed"].as_u64().unwrap() + s["failed"].as_u64().unwrap(),
        s["files"].as_u64().unwrap()
    );
    let errors: usize = files
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .filter(|x| x["severity"] == "error")
        .count();
    assert_eq!(s["errors"].as_u64().unwrap() as usize, errors);
}

#[test]
fn csv_opens_in_a_real_csv_parser_with_a_bom() {
    let out = rinko(&[
        "check",
        "--format",
        "csv",
        "--today",
        "2025-06-01",
        "samples",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.starts_with("\u{FEFF}".as_bytes()),
        "UTF-8 BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "ファイル");
    assert!(header.contains(&"メッセージ".to_string()));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let (r, _) = json(&[
        "check",
        "--format",
        "json",
        "--today",
        "2025-06-01",
        "samples",
    ]);
    let expected_rows: usize = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["findings"].as_array().unwrap().len().max(1))
        .sum();
    assert_eq!(rows.len(), expected_rows);
    let kana = rows
        .iter()
        .find(|r| r[0].ends_with("kana-hankaku.xml"))
        .unwrap();
    assert_eq!(&kana[1], "不適合");
    assert_eq!(&kana[10], "ﾔﾏﾀﾞ　ﾀﾛｳ");
}

#[test]
fn exit_codes() {
    assert_eq!(
        rinko(&["check", "--today", "2025-06-01", "samples/valid"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        rinko(&["check", "samples/invalid/doctype.xml"])
            .status
            .code(),
        Some(1)
    );
    let missing = rinko(&["check", "samples/no-such-file.xml"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = stderr(&missing);
    assert!(
        err.contains("samples/no-such-file.xml") && err.contains("見つかりません"),
        "{err}"
    );
    assert_eq!(
        rinko(&["check", "--format", "yaml", "samples"])
            .status
            .code(),
        Some(2)
    );
    let empty = tempfile::tempdir().unwrap();
    let none = rinko(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(
        none.status.code(),
        Some(2),
        "a folder without XML files is not a pass"
    );
    assert!(stderr(&none).contains("見つかりません"));
    assert_eq!(
        rinko(&["check", "--today", "2025-13-01", "samples"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn quiet_prints_only_the_summary() {
    let out = rinko(&["check", "--quiet", "--today", "2025-06-01", "samples"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("24 ファイル") || text.contains("ファイル: 適合"),
        "{text}"
    );
}

#[test]
fn text_report_has_no_colour_when_piped() {
    let out = rinko(&["check", "samples/invalid"]);
    assert!(!out.stdout.contains(&0x1b));
    let colored = rinko(&["check", "--color", "always", "samples/invalid"]);
    assert!(colored.stdout.contains(&0x1b));
}

#[test]
fn reports_are_deterministic() {
    let a = rinko(&["check", "--format", "json", "samples"]);
    let b = rinko(&["check", "--format", "json", "samples"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn validity_period_is_judged_against_today() {
    let (r, code) = json(&[
        "check",
        "--format",
        "json",
        "--today",
        "2026-11-23",
        "samples/valid/kojinhyo-2023-shinki.xml",
    ]);
    assert_eq!(code, 0, "a warning does not fail the file");
    assert_eq!(r["files"][0]["findings"][0]["code"], "DATE-001");
    assert_eq!(r["files"][0]["findings"][0]["severity"], "warning");
    let (r, _) = json(&[
        "check",
        "--format",
        "json",
        "--today",
        "2025-06-01",
        "samples/valid/kojinhyo-2023-shinki.xml",
    ]);
    assert!(r["files"][0]["findings"].as_array().unwrap().is_empty());
}

#[test]
fn routing_picks_the_version_from_the_document() {
    let (r, _) = json(&[
        "check",
        "--format",
        "json",
        "--today",
        "2025-06-01",
        "samples/valid/kojinhyo-2023-yubin-nashi.xml",
        "samples/invalid/kojinhyo-2025-yubin-nashi.xml",
    ]);
    assert_eq!(r["files"][0]["schema_set"], "rinko-kojinhyo-2023");
    assert_eq!(r["files"][0]["status"], "pass");
    assert_eq!(r["files"][1]["schema_set"], "rinko-kojinhyo-2025");
    assert_eq!(r["files"][1]["status"], "fail");
}

#[test]
fn schemas_list_shows_versions_and_hashes() {
    let out = rinko(&["schemas", "list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v["schema_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "rinko-ikensho-2025",
            "rinko-kojinhyo-2023",
            "rinko-kojinhyo-2025"
        ]
    );
    for set in v["schema_sets"].as_array().unwrap() {
        assert_eq!(set["domain_checks"], true, "{set:#?}");
        assert_eq!(set["source"], "組み込み");
        let tables: Vec<&str> = set["code_tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        for t in ["prefecture", "sex", "era", "nanbyo_disease", "shoman_group"] {
            assert!(tables.contains(&t), "{t} in {tables:?}");
        }
    }
    let text = String::from_utf8(rinko(&["schemas", "list"]).stdout).unwrap();
    assert!(
        text.contains("SHA-256: ")
            && text.contains("有効期間: 2023-04-01〜2026-03-31")
            && text.contains("コード表: "),
        "{text}"
    );
}

#[test]
fn an_added_schema_set_takes_precedence_and_a_broken_one_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("set");
    std::fs::create_dir(&set).unwrap();
    for f in ["kojinhyo.xsd", "common.xsd", "schema-set.toml"] {
        std::fs::copy(
            root().join("schemas/rinko-kojinhyo-2025").join(f),
            set.join(f),
        )
        .unwrap();
    }
    let manifest = std::fs::read_to_string(set.join("schema-set.toml"))
        .unwrap()
        .replace("rinko-kojinhyo-2025", "hospital-kojinhyo-2025");
    std::fs::write(set.join("schema-set.toml"), manifest).unwrap();
    let set_arg = set.to_str().unwrap();
    let (r, code) = json(&[
        "check",
        "--format",
        "json",
        "--schema-set",
        set_arg,
        "samples/valid/kojinhyo-2025-koushin.xml",
    ]);
    assert_eq!(code, 0);
    assert_eq!(r["files"][0]["schema_set"], "hospital-kojinhyo-2025");

    std::fs::write(
        set.join("common.xsd"),
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element",
    )
    .unwrap();
    let out = rinko(&["check", "--schema-set", set_arg, "samples/valid"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("hospital-kojinhyo-2025"));
}

#[test]
fn a_remote_schema_location_is_refused_not_fetched() {
    let out = check_ad_hoc(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="http://example.invalid/common.xsd"/><xs:element name="a"/></xs:schema>"#,
        "<a/>",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("リモート") && err.contains("http://example.invalid/common.xsd"),
        "{err}"
    );
}

#[test]
fn instance_schema_location_hints_are_ignored() {
    let out = check_ad_hoc(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="xs:int"/></xs:schema>"#,
        r#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://example.invalid/other.xsd">12</a>"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn ad_hoc_mode_reports_an_undeclared_root() {
    let out = rinko(&[
        "check",
        "--xsd",
        "schemas/rinko-ikensho-2025/ikensho.xsd",
        "--format",
        "json",
        "samples/valid/kojinhyo-2025-koushin.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["findings"][0]["code"], "XSD-003");
}

#[test]
fn several_xsds_each_take_the_roots_they_declare() {
    let out = rinko(&[
        "check",
        "--format",
        "json",
        "--xsd",
        "schemas/rinko-ikensho-2025/ikensho.xsd",
        "--xsd",
        "schemas/rinko-kojinhyo-2025/kojinhyo.xsd",
        "samples/valid/kojinhyo-2025-koushin.xml",
        "samples/valid/ikensho-2025.xml",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["schema_set"], "kojinhyo.xsd");
    assert_eq!(v["files"][1]["schema_set"], "ikensho.xsd");
}

#[test]
fn an_import_without_a_location_is_not_a_remote_fetch() {
    let out = check_ad_hoc(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="http://www.w3.org/2001/XMLSchema-instance"/><xs:element name="root" type="xs:string"/></xs:schema>"#,
        "<root>x</root>",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The first finding of `doc` checked against `xsd`.
fn first_finding(xsd: &str, doc: &str) -> Value {
    let (r, code) = json(&["check", "--format", "json", "--xsd", xsd, doc]);
    assert_eq!(code, 1, "{doc} must fail");
    r["files"][0]["findings"][0].clone()
}

#[test]
fn an_enumeration_finding_lists_the_choices_with_their_meanings() {
    let (report, _) = json(&[
        "check",
        "--format",
        "json",
        "samples/invalid/kojinhyo-2023-seibetsu-3.xml",
    ]);
    let f = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "XSD-011")
        .cloned()
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with("選べる値: 1（男）、2（女）。"),
        "{f:#?}"
    );
}

/// The first finding of a valid sample whose `element` is given `value` instead of its own.
fn first_finding_with(sample: &str, element: &str, value: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(sample)).unwrap();
    let open = format!("<{element}>");
    let start = text.find(&open).unwrap() + open.len();
    let end = start + text[start..].find(&format!("</{element}>")).unwrap();
    let doc = dir.path().join("changed.xml");
    std::fs::write(&doc, format!("{}{value}{}", &text[..start], &text[end..])).unwrap();
    let (report, _) = json(&["check", "--format", "json", doc.to_str().unwrap()]);
    report["files"][0]["findings"][0].clone()
}

#[test]
fn range_and_length_findings_state_the_bound() {
    let (report, _) = json(&[
        "check",
        "--format",
        "json",
        "samples/invalid/kojinhyo-2025-kokuji-401.xml",
    ]);
    let f = &report["files"][0]["findings"][0];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("（1 以上・400 以下）"),
        "{f:#?}"
    );
    let f = first_finding_with("samples/valid/ikensho-2025.xml", "氏名", &"あ".repeat(41));
    assert_eq!(f["code"], "XSD-012", "{f:#?}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("は 41 文字です。決められた文字数（桁数）は 1〜40 文字です。"),
        "{f:#?}"
    );
}

#[test]
fn findings_name_the_right_problem() {
    let f = first_finding(
        "schemas/rinko-kojinhyo-2025/kojinhyo.xsd",
        "samples/invalid/kojinhyo-yoshikiban-2019.xml",
    );
    assert_eq!(
        (f["code"].as_str(), f["label"].as_str(), f["value"].as_str()),
        (Some("XSD-007"), Some("様式版"), Some("2019")),
        "{f:#?}"
    );
    assert_eq!(f["path"], "/臨個票/@様式版");

    let f = first_finding(
        "tests/corpus/abstract-type/schema.xsd",
        "tests/corpus/abstract-type/invalid-abstract-without-xsi-type.xml",
    );
    assert_eq!(f["code"], "XSD-016", "{f:#?}");
    assert!(
        f["value"].is_null(),
        "an abstract type has no value to blame: {f:#?}"
    );

    // The leading space is the problem, so the value is shown as written.
    let f = first_finding(
        "tests/corpus/facets/schema.xsd",
        "tests/corpus/facets/invalid-pattern-string-keeps-white-space.xml",
    );
    assert_eq!(f["value"], " AB123", "{f:#?}");

    let f = first_finding(
        "tests/corpus/identity-constraints/schema.xsd",
        "tests/corpus/identity-constraints/invalid-dangling-keyref.xml",
    );
    assert_eq!(f["code"], "XSD-017", "{f:#?}");
    assert!(f["value"].is_null(), "{f:#?}");
    assert!(
        f["detail"].as_str().unwrap().contains("admissionWard"),
        "the detail names the constraint: {f:#?}"
    );
}

/// Whether Excel would start a formula with this cell (OWASP's CSV injection list, also after
/// leading spaces and in full-width form).
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches([' ', '\u{3000}'])
        .starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'])
}

#[test]
fn csv_cells_never_start_a_formula_in_excel() {
    let dir = tempfile::tempdir().unwrap();
    let sample =
        std::fs::read_to_string(root().join("samples/valid/kojinhyo-2025-koushin.xml")).unwrap();
    let hostile = sample
        .replace(
            "<郵便番号>3456789</郵便番号>",
            "<郵便番号>=HYPERLINK(\"http://x\",\"click\")</郵便番号>",
        )
        .replace("埼玉県架空市見本町10番地11", "+81 ①番地")
        .replace("ichiro.suzuki@example.com", "@SUM(1)");
    std::fs::write(dir.path().join("=1+1.xml"), hostile).unwrap();
    let out = Rinko::new()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "csv",
            "--today",
            "2025-06-01",
            "=1+1.xml",
        ])
        .run();
    assert_eq!(out.status.code(), Some(1));
    let mut reader = csv::Reader::from_reader(&out.stdout[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.len() >= 3, "{rows:?}");
    for row in &rows {
        assert_eq!(&row[0], "'=1+1.xml", "{row:?}");
        for cell in row {
            assert!(
                !formula_like(cell),
                "a formula in Excel: {cell:?} in {row:?}"
            );
        }
    }
    let values: Vec<&str> = rows.iter().map(|r| &r[10]).collect();
    for value in [
        "'=HYPERLINK(\"http://x\",\"click\")",
        "'+81 ①番地",
        "'@SUM(1)",
    ] {
        assert!(values.contains(&value), "{value} not in {values:?}");
    }
}

/// `text` without its 「…」 quotations (values, labels), which may hold any space.
fn outside_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '「' => depth += 1,
            '」' => {
                depth = depth.saturating_sub(1);
                out.push('」');
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Japanese text or full-width punctuation: a half-width space between two of these is stray
/// (one beside a number or a Latin word is the house style: 「エラー 2 件」).
fn is_japanese(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF01..=0xFF60 | 0xF900..=0xFAFF)
}

#[test]
fn no_stray_half_width_space_in_the_samples_messages() {
    let (report, _) = json(&[
        "check",
        "--format",
        "json",
        "--today",
        "2025-06-01",
        "samples/invalid",
        "samples/valid",
    ]);
    let mut stray = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for f in file["findings"].as_array().unwrap() {
            for key in ["message", "hint"] {
                let text = outside_quotes(f[key].as_str().unwrap());
                let chars: Vec<char> = text.chars().collect();
                for w in chars.windows(3) {
                    if w[1] == ' ' && is_japanese(w[0]) && is_japanese(w[2]) {
                        stray.push(format!(
                            "{} {}: …{}…",
                            f["code"],
                            key,
                            w.iter().collect::<String>()
                        ));
                    }
                }
            }
        }
    }
    assert!(stray.is_empty(), "{}", stray.join("\n"));
}

#[test]
fn date_004_names_the_western_date_as_western() {
    let (report, _) = json(&[
        "check",
        "--format",
        "json",
        "samples/invalid/kojinhyo-2023-wareki-fuitchi.xml",
    ]);
    let f = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "DATE-004")
        .cloned()
        .unwrap();
    let message = f["message"].as_str().unwrap();
    assert!(!message.contains("西暦の日付 昭和"), "{message}");
    assert!(
        message.contains("「生年月日」の「1965-01-31」（昭和40年1月31日）と一致しません。"),
        "{message}"
    );
}

#[test]
fn char_002_names_each_vendor_character_under_its_own_class() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        root().join("samples/invalid/kojinhyo-2025-shimei-hashigo-daka.xml"),
    )
    .unwrap()
    .replace("<氏名>髙橋 一郎</氏名>", "<氏名>髙橋 一郎①</氏名>");
    let doc = dir.path().join("both.xml");
    std::fs::write(&doc, text).unwrap();
    let (report, _) = json(&["check", "--format", "json", doc.to_str().unwrap()]);
    let f = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CHAR-002")
        .cloned()
        .unwrap();
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("「髙」(U+9AD9)（IBM 拡張文字）")
            && message.contains("「①」(U+2460)（NEC 特殊文字）"),
        "{message}"
    );
}

/// The tracker keeps 1 KiB of a value; the length is counted over all of it.
#[test]
fn xsd_012_gives_the_actual_length_of_a_long_value() {
    let f = first_finding_with(
        "samples/valid/kojinhyo-2025-koushin.xml",
        "経過",
        &"あ".repeat(1001),
    );
    assert_eq!(f["code"], "XSD-012", "{f:#?}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("は 1001 文字です。決められた文字数（桁数）は 1〜1000 文字です。"),
        "{f:#?}"
    );
}
