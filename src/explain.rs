//! What a finding code means and how to deal with it, for a front-end that shows it beside the
//! finding (the app's detail pane): the code's own section of docs/checks.md, embedded, so
//! the explanation the user reads offline is the documentation and cannot drift from it.

const CHECKS_MD: &str = include_str!("../docs/checks.md");

/// The Markdown of `code`'s section (`### XSD-010` up to the next heading of that level or
/// above), without its heading; `None` for a code the documentation does not have.
pub fn explanation(code: &str) -> Option<&'static str> {
    let heading = format!("### {code}\n");
    let start = CHECKS_MD.find(&heading)? + heading.len();
    let rest = &CHECKS_MD[start..];
    let end = rest
        .match_indices("\n#")
        .find(|(i, _)| {
            let line = &rest[i + 1..];
            line.starts_with("### ") || line.starts_with("## ") || line.starts_with("# ")
        })
        .map_or(rest.len(), |(i, _)| i);
    Some(rest[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::explanation;

    #[test]
    fn a_section_ends_at_the_next_heading() {
        let read_001 = explanation("READ-001").expect("READ-001 is documented");
        assert!(
            read_001.starts_with("**ファイルを読み込めない**"),
            "{read_001}"
        );
        assert!(!read_001.contains("READ-002"), "{read_001}");
        assert!(
            read_001.ends_with("もう一度検査してください。"),
            "{read_001}"
        );
    }

    /// Every code written as a string literal in the source (`"CHAR-002"`) has its section, so
    /// the app never shows a finding without its explanation.
    #[test]
    fn every_code_in_the_source_is_explained() {
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut folders = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for code in quoted_codes(&text) {
                        seen += 1;
                        if explanation(code).is_none() {
                            missing.push(format!("{code} ({})", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 50, "only {seen} codes found: the scan is broken");
        assert!(missing.is_empty(), "not in docs/checks.md: {missing:?}");
    }

    /// `"READ-001"`-shaped literals: a finding category (docs/report-json.md), a dash, three
    /// digits.
    fn quoted_codes(text: &str) -> impl Iterator<Item = &str> {
        const CATEGORIES: [&str; 8] = [
            "READ", "ENC", "XSD", "CODE", "CHAR", "DIGIT", "DATE", "RULE",
        ];
        text.split('"').filter(|s| {
            let Some((category, number)) = s.split_once('-') else {
                return false;
            };
            CATEGORIES.contains(&category)
                && number.len() == 3
                && number.bytes().all(|b| b.is_ascii_digit())
        })
    }

    #[test]
    fn an_unknown_code_has_none() {
        assert_eq!(explanation(&format!("XSD-{}", 999)), None);
        assert_eq!(explanation(""), None);
    }
}
