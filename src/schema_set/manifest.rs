//! The manifest of a schema set (`schema-set.toml`): what the set is and which files it claims.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub id: String,
    pub version: String,
    pub name: String,
    /// First day the 様式 may be used, `YYYY-MM-DD`.
    pub valid_from: String,
    /// Last day it may be used; open-ended when absent.
    pub valid_until: Option<String>,
    /// Encodings the upload accepts for this set; any readable encoding when empty.
    #[serde(default)]
    pub encodings: Vec<String>,
    /// Where field labels come from; only `xs:documentation` is known.
    #[serde(default = "default_labels")]
    pub labels: String,
    #[serde(rename = "route")]
    pub routes: Vec<Route>,
}

fn default_labels() -> String {
    "xs:documentation".into()
}

/// Which files go to which XSD: the root element, and optional discriminators that must all hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub form: String,
    #[serde(default)]
    pub namespace: String,
    pub root: String,
    pub xsd: String,
    #[serde(default)]
    pub when: Vec<Condition>,
}

/// An attribute of the root element, or the text of a direct child of the root, with a value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub attribute: Option<String>,
    pub element: Option<String>,
    pub equals: String,
}

impl Condition {
    pub fn describe(&self) -> String {
        match (&self.attribute, &self.element) {
            (Some(a), _) => format!("@{}=\"{}\"", a, self.equals),
            (None, Some(e)) => format!("{}=\"{}\"", e, self.equals),
            (None, None) => String::new(),
        }
    }
}

/// A set's id names the folder of an imported set (and `rinko schemas remove` takes it from
/// the user): `..` or `.hidden` must not be one.
pub fn check_id(id: &str) -> Result<(), String> {
    if !id.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(format!(
            "id「{id}」は英数字で始め、英数字と - _ . だけで書いてください。"
        ));
    }
    Ok(())
}

impl Manifest {
    /// Parses and checks a manifest; the error is a Japanese sentence naming the problem.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = toml::from_str(text)
            .map_err(|e| format!("schema-set.toml の書式が正しくありません: {e}"))?;
        manifest.check()?;
        Ok(manifest)
    }

    fn check(&self) -> Result<(), String> {
        check_id(&self.id)?;
        crate::calendar::check_date("valid_from", &self.valid_from)?;
        if let Some(until) = &self.valid_until {
            crate::calendar::check_date("valid_until", until)?;
            if until < &self.valid_from {
                return Err(format!(
                    "valid_until（{until}）が valid_from（{}）より前です。",
                    self.valid_from
                ));
            }
        }
        for e in &self.encodings {
            if crate::encoding::canonical_name(e).is_none() {
                return Err(format!(
                    "encodings の「{e}」は Rinko が知らない文字コードです。"
                ));
            }
        }
        if self.labels != "xs:documentation" {
            return Err(format!(
                "labels「{}」には対応していません（xs:documentation のみ）。",
                self.labels
            ));
        }
        if self.routes.is_empty() {
            return Err("[[route]] が一つもありません。".into());
        }
        for route in &self.routes {
            if route.xsd.contains("..") || route.xsd.starts_with('/') || route.xsd.contains(':') {
                return Err(format!(
                    "route の xsd「{}」はセットのフォルダー内の相対パスで書いてください。",
                    route.xsd
                ));
            }
            for c in &route.when {
                if c.attribute.is_some() == c.element.is_some() {
                    return Err(format!(
                        "route「{}」の when には attribute か element のどちらか一方を書いてください。",
                        route.form
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether `day` (`YYYY-MM-DD`) lies in the validity period.
    pub fn is_valid_on(&self, day: &str) -> bool {
        day >= self.valid_from.as_str() && self.valid_until.as_deref().is_none_or(|u| day <= u)
    }

    pub fn validity_ja(&self) -> String {
        format!(
            "{}〜{}",
            self.valid_from,
            self.valid_until.as_deref().unwrap_or("")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "t-1"
version = "1"
name = "テスト"
valid_from = "2024-04-01"
valid_until = "2026-03-31"
encodings = ["UTF-8", "Shift_JIS"]
[[route]]
form = "臨個票"
namespace = "urn:x"
root = "臨個票"
xsd = "a.xsd"
when = [ { attribute = "様式版", equals = "2024" } ]
"#;

    #[test]
    fn parses_a_good_manifest() {
        let m = Manifest::parse(GOOD).unwrap();
        assert_eq!(m.routes[0].when[0].describe(), "@様式版=\"2024\"");
        assert!(m.is_valid_on("2025-01-01"));
        assert!(!m.is_valid_on("2026-04-01"));
        assert!(!m.is_valid_on("2024-03-31"));
    }

    #[test]
    fn refuses_bad_manifests_with_a_reason() {
        for (from, to) in [
            ("valid_from = \"2024-04-01\"", "valid_from = \"2024/04/01\""),
            ("\"Shift_JIS\"]", "\"EBCDIC-X\"]"),
            ("xsd = \"a.xsd\"", "xsd = \"../a.xsd\""),
            (
                "attribute = \"様式版\"",
                "attribute = \"a\", element = \"b\"",
            ),
            ("id = \"t-1\"", "id = \"t 1\""),
            ("id = \"t-1\"", "id = \"..\""),
            ("id = \"t-1\"", "id = \".t\""),
            ("name = \"テスト\"", "name = \"テスト\"\nunknown_key = 1"),
        ] {
            let bad = GOOD.replace(from, to);
            assert!(Manifest::parse(&bad).is_err(), "accepted: {to}");
        }
    }
}
