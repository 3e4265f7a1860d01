//! `checks.toml`: the domain checks a schema set declares as data (code bindings, character
//! repertoires, check digits, dates, cross-field rules). Parsing and vetting only; the checks
//! themselves are `domain`. The format is documented in docs/schema-sets.md.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::codes::{Code, CodeTables};
use crate::finding::Severity;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// The `[[date]]` on which code validity is judged; today when absent or missing.
    pub codes_as_of: Option<String>,
    #[serde(default, rename = "repertoire")]
    pub repertoires: Vec<Repertoire>,
    #[serde(default, rename = "field")]
    pub fields: Vec<FieldBinding>,
    #[serde(default, rename = "date")]
    pub dates: Vec<DateDef>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    /// Fields whose values head every printed page (disease, 新規/更新), by path.
    #[serde(default)]
    pub print_header: Vec<String>,
    /// The field holding the form's 医療機関コード, which `rinko bundle` compares with
    /// `--institution`.
    pub institution_code: Option<String>,
    /// The block that ends a printed form: who wrote it, where to sign or seal.
    pub print_signature: Option<PrintSignature>,
    /// Each field's repertoire, as its index in `repertoires`, by path: looked up for every
    /// value of every document, so built once here (vetting has resolved every id).
    #[serde(skip)]
    chars_by_path: HashMap<String, usize, ahash::RandomState>,
}

/// The 記名押印 block of the paper form: its fields move from the body to the end of the
/// printout (blank when the document has no value, to fill in by hand), and `seal` gets a box
/// for the 印 or the signature.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintSignature {
    pub heading: String,
    pub fields: Vec<String>,
    pub seal: String,
    /// What the box asks for (「自署または記名押印」).
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Severity {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        }
    }
}

/// Which characters a value may hold. A default repertoire names a severity per refused class;
/// a field repertoire lists the groups it allows and the severity of anything else.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repertoire {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub default: bool,
    pub pua: Option<Level>,
    pub control: Option<Level>,
    pub vendor: Option<Level>,
    pub halfwidth_kana: Option<Level>,
    pub variation_selector: Option<Level>,
    pub non_bmp: Option<Level>,
    pub non_jis: Option<Level>,
    #[serde(default)]
    pub allow: Vec<CharGroup>,
    pub others: Option<Level>,
}

/// Groups a field repertoire may allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharGroup {
    Katakana,
    Hiragana,
    ProlongedSoundMark,
    MiddleDot,
    IdeographicSpace,
    AsciiDigit,
    AsciiLetter,
    AsciiSpace,
    Ascii,
    #[serde(rename = "jis_x_0208")]
    JisX0208,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CheckDigit {
    #[serde(rename = "保険者番号")]
    Insurer,
    #[serde(rename = "公費負担者番号")]
    PublicPayer,
    #[serde(rename = "受給者番号")]
    Recipient,
    #[serde(rename = "医療機関コード")]
    Institution,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldBinding {
    pub path: String,
    pub codes: Option<String>,
    /// 1-based first character of the code within the value, with `length`.
    pub start: Option<usize>,
    pub length: Option<usize>,
    pub chars: Option<String>,
    pub check_digit: Option<CheckDigit>,
}

impl FieldBinding {
    /// The part of `value` that holds the code, or `None` when the value is too short.
    pub fn code_part<'v>(&self, value: &'v str) -> Option<&'v str> {
        slice_chars(value, self.start, self.length)
    }
}

/// Characters `start..start+length` (1-based) of `value`; the whole value without `start`.
pub fn slice_chars(value: &str, start: Option<usize>, length: Option<usize>) -> Option<&str> {
    let Some(start) = start else {
        return Some(value);
    };
    let mut indices = value.char_indices().map(|(i, _)| i).chain([value.len()]);
    let from = indices.nth(start.checked_sub(1)?)?;
    let to = match length {
        Some(n) if n > 0 => indices.nth(n - 1)?,
        _ => value.len(),
    };
    Some(&value[from..to])
}

/// A named date of the form: an `xs:date` element (with an optional 和暦 companion), or an
/// element whose children give 元号, year, month and optionally day.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateDef {
    pub name: String,
    pub path: String,
    pub wareki: Option<String>,
    pub era: Option<String>,
    pub year: Option<String>,
    pub month: Option<String>,
    pub day: Option<String>,
}

/// The condition of a rule: the field's text is one of `equals`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    pub equals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Rule {
    RequiredIf {
        field: String,
        #[serde(rename = "if")]
        when: Option<Condition>,
        hint: Option<String>,
    },
    ForbiddenIf {
        field: String,
        #[serde(rename = "if")]
        when: Option<Condition>,
        hint: Option<String>,
    },
    OneOf {
        fields: Vec<String>,
        #[serde(rename = "if")]
        when: Option<Condition>,
        hint: Option<String>,
    },
    EqualsCode {
        field: String,
        start: Option<usize>,
        length: Option<usize>,
        equals: Vec<String>,
        #[serde(rename = "if")]
        when: Option<Condition>,
        hint: Option<String>,
    },
    DateOrder {
        dates: Vec<String>,
        hint: Option<String>,
    },
    AgeRange {
        birth: String,
        at: String,
        from: Option<u32>,
        below: u32,
        #[serde(rename = "if")]
        when: Option<Condition>,
        hint: Option<String>,
    },
    /// The blocks of a form that belong to values of one field: 疾病ごとの個別部分 by 告示番号.
    /// A value with a block needs it (RULE-001); no other block may be written (RULE-002); a
    /// valid code with no block in the set is checked on its common fields only, and the report
    /// says so (RULE-005, a warning).
    PartByCode {
        field: String,
        /// What the blocks are called in messages (「疾病ごとの個別項目」).
        name: String,
        parts: Vec<CodePart>,
    },
}

/// One block of a `part-by-code` rule and the codes it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodePart {
    pub codes: Vec<String>,
    pub part: String,
}

/// The pseudo-date of `date-order` that stands for the day of the check.
pub const TODAY: &str = "today";

impl Checks {
    pub fn parse(text: &str, codes: &CodeTables) -> Result<Checks, String> {
        let mut checks: Checks = toml::from_str(text)
            .map_err(|e| format!("checks.toml の書式が正しくありません: {e}"))?;
        checks.vet(codes)?;
        checks.chars_by_path = checks
            .fields
            .iter()
            .filter_map(|f| {
                let id = f.chars.as_deref()?;
                let index = checks.repertoires.iter().position(|r| r.id == id)?;
                Some((f.path.clone(), index))
            })
            .collect();
        Ok(checks)
    }

    /// The repertoire a field's characters are held to, when its binding names one.
    pub fn chars_of(&self, path: &str) -> Option<&Repertoire> {
        self.repertoires.get(*self.chars_by_path.get(path)?)
    }

    pub fn repertoire(&self, id: &str) -> Option<&Repertoire> {
        self.repertoires.iter().find(|r| r.id == id)
    }

    /// The code a whole field's value stands for, in the table bound to `path`, as named on
    /// `day`.
    pub fn code_of<'t>(
        &self,
        codes: &'t CodeTables,
        path: &str,
        value: &str,
        day: Option<&str>,
    ) -> Option<&'t Code> {
        self.fields
            .iter()
            .filter(|f| f.path == path && f.start.is_none())
            .find_map(|f| codes.get(f.codes.as_deref()?)?.get(value, day))
    }

    pub fn date(&self, name: &str) -> Option<&DateDef> {
        self.dates.iter().find(|d| d.name == name)
    }

    /// Every reference resolves: tables, repertoires, dates; paths are absolute.
    fn vet(&self, codes: &CodeTables) -> Result<(), String> {
        let path = |p: &str| -> Result<(), String> {
            if p.starts_with('/') && p.len() > 1 && !p.ends_with('/') {
                Ok(())
            } else {
                Err(format!(
                    "パス「{p}」は /ルート要素/子要素 の形で書いてください。"
                ))
            }
        };
        let mut ids = HashSet::new();
        for r in &self.repertoires {
            if !ids.insert(r.id.as_str()) {
                return Err(format!("repertoire「{}」が二つあります。", r.id));
            }
            if r.default && (!r.allow.is_empty() || r.others.is_some()) {
                return Err(format!(
                    "repertoire「{}」: default の文字集合には allow と others を書けません。",
                    r.id
                ));
            }
            if !r.default && r.others.is_none() {
                return Err(format!(
                    "repertoire「{}」: 許さない文字の重大度 others を書いてください。",
                    r.id
                ));
            }
        }
        for f in &self.fields {
            path(&f.path)?;
            if let Some(t) = &f.codes {
                if codes.get(t).is_none() {
                    return Err(format!(
                        "field「{}」のコード表「{t}」がありません。",
                        f.path
                    ));
                }
            }
            if let Some(c) = &f.chars {
                if self.repertoire(c).is_none_or(|r| r.default) {
                    return Err(format!(
                        "field「{}」の chars「{c}」に当たる（default でない）repertoire がありません。",
                        f.path
                    ));
                }
            }
            if f.start == Some(0) || (f.length.is_some() && f.start.is_none()) {
                return Err(format!(
                    "field「{}」: start は 1 から数え、length は start と一緒に書いてください。",
                    f.path
                ));
            }
        }
        let mut names = HashSet::new();
        for d in &self.dates {
            path(&d.path)?;
            if d.name == TODAY || !names.insert(d.name.as_str()) {
                return Err(format!("date「{}」の名前が重複しています。", d.name));
            }
            let parts = [&d.era, &d.year, &d.month];
            let all = parts.iter().all(|p| p.is_some());
            let none = parts.iter().all(|p| p.is_none()) && d.day.is_none();
            if !(all || none) || (all && d.wareki.is_some()) {
                return Err(format!(
                    "date「{}」: era・year・month は三つともそろえて書き、wareki とは併用しないでください。",
                    d.name
                ));
            }
            if let Some(w) = &d.wareki {
                path(w)?;
            }
        }
        for p in self.print_header.iter().chain(&self.institution_code) {
            path(p)?;
        }
        if let Some(sign) = &self.print_signature {
            for p in &sign.fields {
                path(p)?;
            }
            if !sign.fields.contains(&sign.seal) {
                return Err(format!(
                    "print_signature: seal「{}」を fields にも書いてください。",
                    sign.seal
                ));
            }
        }
        if let Some(d) = &self.codes_as_of {
            self.known_date(d)?;
        }
        for rule in &self.rules {
            let when = match rule {
                Rule::RequiredIf { field, when, .. } | Rule::ForbiddenIf { field, when, .. } => {
                    path(field)?;
                    when
                }
                Rule::EqualsCode {
                    field,
                    when,
                    equals,
                    start,
                    ..
                } => {
                    path(field)?;
                    if equals.is_empty() || *start == Some(0) {
                        return Err(format!(
                            "equals-code「{field}」: equals を一つ以上書き、start は 1 から数えてください。"
                        ));
                    }
                    when
                }
                Rule::OneOf { fields, when, .. } => {
                    if fields.len() < 2 {
                        return Err("one-of には fields を二つ以上書いてください。".into());
                    }
                    for f in fields {
                        path(f)?;
                    }
                    when
                }
                Rule::PartByCode { field, name, parts } => {
                    path(field)?;
                    let mut codes = HashSet::new();
                    for p in parts {
                        path(&p.part)?;
                        if p.codes.is_empty() || !p.codes.iter().all(|c| codes.insert(c)) {
                            return Err(format!(
                                "part-by-code「{field}」: part「{}」に codes を一つ以上書き、一つのコードは一つの part にだけ書いてください。",
                                p.part
                            ));
                        }
                    }
                    if parts.is_empty() || name.trim().is_empty() {
                        return Err(format!(
                            "part-by-code「{field}」: name と parts を書いてください。"
                        ));
                    }
                    &None
                }
                Rule::DateOrder { dates, .. } => {
                    for d in dates {
                        if d != TODAY {
                            self.known_date(d)?;
                        }
                    }
                    &None
                }
                Rule::AgeRange {
                    birth,
                    at,
                    when,
                    from,
                    below,
                    ..
                } => {
                    self.known_date(birth)?;
                    if at != TODAY {
                        self.known_date(at)?;
                    }
                    if from.is_some_and(|f| f >= *below) {
                        return Err(format!(
                            "age-range: from は below より小さくしてください（{birth}）。"
                        ));
                    }
                    when
                }
            };
            if let Some(c) = when {
                path(&c.field)?;
            }
        }
        Ok(())
    }

    fn known_date(&self, name: &str) -> Result<(), String> {
        self.date(name)
            .map(|_| ())
            .ok_or_else(|| format!("date「{name}」が [[date]] にありません。"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_characters() {
        assert_eq!(slice_chars("54136015", Some(1), Some(2)), Some("54"));
        assert_eq!(slice_chars("54136015", Some(3), Some(2)), Some("13"));
        assert_eq!(slice_chars("5", Some(3), Some(2)), None);
        assert_eq!(slice_chars("令和七年", Some(3), None), Some("七年"));
        assert_eq!(slice_chars("abc", None, None), Some("abc"));
    }

    #[test]
    fn vets_references() {
        let codes = CodeTables::default();
        let ok = r#"
[[repertoire]]
id = "kana"
name = "カナ"
allow = ["katakana"]
others = "error"
[[field]]
path = "/a/b"
chars = "kana"
[[date]]
name = "記載日"
path = "/a/d"
[[rule]]
kind = "date-order"
dates = ["記載日", "today"]
[[rule]]
kind = "required-if"
field = "/a/c"
if = { field = "/a/k", equals = ["2"] }
"#;
        Checks::parse(ok, &codes).unwrap();
        for (from, to) in [
            ("chars = \"kana\"", "chars = \"none\""),
            ("chars = \"kana\"", "codes = \"sex\""),
            ("dates = [\"記載日\"", "dates = [\"発症\""),
            ("path = \"/a/b\"", "path = \"a/b\""),
            ("kind = \"required-if\"", "kind = \"script\""),
            ("others = \"error\"", "others = \"fatal\""),
        ] {
            let bad = ok.replace(from, to);
            assert!(Checks::parse(&bad, &codes).is_err(), "accepted {to}");
        }
    }
}
