//! RINKO-PATCH (see RINKO-PATCH.md at the crate root): an automaton for the pattern facets that
//! are used often.
//!
//! regexml matches by backtracking and allocates as it goes: about 15,000 instructions for a
//! ten-character value against `[0-9]{10}`, which made pattern facets 15 % of a batch of small
//! forms. The `regex` crate matches the same value in a few hundred, but building its automaton
//! costs 90,000 to 470,000 instructions, more than a one-document run saves. So a program
//! matches with regexml until it has been used [`threshold`] times, and from then on with an
//! automaton built once from the same pattern.
//!
//! Only a strict XSD pattern inside a subset whose meaning is the same in both engines gets an
//! automaton: normal characters, the single-character escapes, `\s`, `\S`, `.`, character class
//! expressions with ranges and negation but without subtraction, groups, alternation and the
//! quantifiers. Everything whose meaning depends on a Unicode version (`\d`, `\w`, `\i`, `\c`,
//! `\p{…}`, blocks) or on the dialect (`LenientMs`) keeps regexml. The pattern has been compiled
//! by regexml first, so its grammar is already checked; the translation refuses whatever it does
//! not understand, and an automaton that fails to build leaves the pattern with regexml.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// Matches of a program before it gets an automaton: about where the backtracking matches
/// have cost what the automaton costs to build.
const DEFAULT_THRESHOLD: u32 = 32;

static THRESHOLD: AtomicU32 = AtomicU32::new(DEFAULT_THRESHOLD);

/// An automaton larger than this stays with regexml (a counted repetition of a large class).
const SIZE_LIMIT: usize = 1 << 20;

fn threshold() -> u32 {
    THRESHOLD.load(Ordering::Relaxed)
}

/// Sets the number of matches after which a program gets its automaton (0: from the first).
/// For tests that must run every pattern through the automaton, such as a conformance suite.
#[doc(hidden)]
pub fn set_pattern_automaton_threshold(matches: u32) {
    THRESHOLD.store(matches, Ordering::Relaxed);
}

/// For tests: the pattern's verdicts on `value` from regexml and from the automaton, or `None`
/// when the pattern has no automaton (outside the subset, or invalid). `xsd11`: the pattern's
/// XSD version, as the facet compiles it.
#[doc(hidden)]
pub fn compare_pattern_engines(pattern: &str, xsd11: bool, value: &str) -> Option<(bool, bool)> {
    let flags = if xsd11 { ";k" } else { "" };
    let backtracking = regexml::Regex::xsd(pattern, flags).ok()?;
    let automaton = build(&translate(pattern)?)?;
    Some((
        backtracking.is_full_match(value),
        automaton.is_match(value),
    ))
}

/// A compiled pattern facet: regexml's program, and the automaton it gets once used enough.
#[derive(Debug)]
pub(crate) struct Program {
    backtracking: regexml::Regex,
    /// The pattern in `regex` syntax, anchored at both ends; `None` outside the subset.
    translated: Option<String>,
    matches: AtomicU32,
    automaton: OnceLock<Option<regex::Regex>>,
}

impl Program {
    /// `strict`: the pattern is read in the XSD dialect (`RegexCompat::Strict`).
    pub(crate) fn new(backtracking: regexml::Regex, pattern: &str, strict: bool) -> Program {
        Program {
            backtracking,
            translated: if strict { translate(pattern) } else { None },
            matches: AtomicU32::new(0),
            automaton: OnceLock::new(),
        }
    }

    /// Whether the whole value matches (XSD patterns are anchored at both ends).
    pub(crate) fn is_full_match(&self, value: &str) -> bool {
        if let Some(translated) = &self.translated {
            if self.matches.load(Ordering::Relaxed) >= threshold() {
                if let Some(automaton) = self.automaton.get_or_init(|| build(translated)) {
                    return automaton.is_match(value);
                }
            } else {
                self.matches.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.backtracking.is_full_match(value)
    }
}

fn build(translated: &str) -> Option<regex::Regex> {
    regex::RegexBuilder::new(translated)
        .size_limit(SIZE_LIMIT)
        .build()
        .ok()
}

/// The XSD pattern in `regex` syntax, anchored at both ends, or `None` outside the subset.
#[doc(hidden)]
pub fn translate(pattern: &str) -> Option<String> {
    let mut t = Translator {
        chars: pattern.chars().collect(),
        at: 0,
        out: String::with_capacity(pattern.len() * 2 + 8),
    };
    t.out.push_str("^(?:");
    t.reg_exp()?;
    if t.at != t.chars.len() {
        return None;
    }
    t.out.push_str(")$");
    Some(t.out)
}

/// XML Schema's `\s`: space, tab, line feed, carriage return — not Unicode white space.
const SPACES: [char; 4] = [' ', '\t', '\n', '\r'];

struct Translator {
    chars: Vec<char>,
    at: usize,
    out: String,
}

impl Translator {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek2(&self) -> Option<char> {
        self.chars.get(self.at + 1).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    /// regExp ::= branch ( '|' branch )*
    fn reg_exp(&mut self) -> Option<()> {
        self.branch()?;
        while self.peek() == Some('|') {
            self.at += 1;
            self.out.push('|');
            self.branch()?;
        }
        Some(())
    }

    /// branch ::= piece*
    fn branch(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            self.atom()?;
            self.quantifier()?;
        }
        Some(())
    }

    fn atom(&mut self) -> Option<()> {
        match self.next()? {
            '(' => {
                self.out.push_str("(?:");
                self.reg_exp()?;
                if self.next()? != ')' {
                    return None;
                }
                self.out.push(')');
            }
            '[' => self.class()?,
            '\\' => match self.next()? {
                's' => self.set(&SPACES, false),
                'S' => self.set(&SPACES, true),
                c => {
                    let c = single_char_escape(c)?;
                    self.literal(c);
                }
            },
            '.' => self.set(&['\n', '\r'], true),
            c if is_normal_char(c) => self.literal(c),
            _ => return None,
        }
        Some(())
    }

    /// quantifier ::= [?*+] | '{' quantity '}'
    fn quantifier(&mut self) -> Option<()> {
        match self.peek() {
            Some(c @ ('?' | '*' | '+')) => {
                self.at += 1;
                self.out.push(c);
            }
            Some('{') => {
                self.at += 1;
                self.out.push('{');
                let min = self.digits()?;
                self.out.push_str(&min);
                if self.peek() == Some(',') {
                    self.at += 1;
                    self.out.push(',');
                    let max = self.digits().unwrap_or_default();
                    self.out.push_str(&max);
                }
                if self.next()? != '}' {
                    return None;
                }
                self.out.push('}');
            }
            _ => {}
        }
        Some(())
    }

    fn digits(&mut self) -> Option<String> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        (self.at > start).then(|| self.chars[start..self.at].iter().collect())
    }

    /// A character class expression, after its `[`: `[^…]`, single characters, ranges and `\s`;
    /// no subtraction, no other class escape.
    fn class(&mut self) -> Option<()> {
        self.out.push('[');
        if self.peek() == Some('^') {
            self.at += 1;
            self.out.push('^');
        }
        let mut first = true;
        loop {
            let c = self.next()?;
            let low = match c {
                ']' if !first => break,
                '[' | ']' => return None,
                // A literal hyphen, first or last; it starts no range (XSD's XmlChar is no `-`).
                '-' if first || self.peek() == Some(']') => {
                    push_hex(&mut self.out, '-');
                    first = false;
                    continue;
                }
                '-' => return None,
                '\\' => match self.next()? {
                    's' => {
                        SPACES.iter().for_each(|&s| push_hex(&mut self.out, s));
                        first = false;
                        continue;
                    }
                    e => single_char_escape(e)?,
                },
                c => c,
            };
            first = false;
            push_hex(&mut self.out, low);
            if self.peek() == Some('-') && !matches!(self.peek2(), Some(']' | '[') | None) {
                self.at += 1;
                let high = match self.next()? {
                    '\\' => single_char_escape(self.next()?)?,
                    '[' | ']' | '-' => return None,
                    c => c,
                };
                if high < low {
                    return None;
                }
                self.out.push('-');
                push_hex(&mut self.out, high);
            }
        }
        self.out.push(']');
        Some(())
    }

    fn set(&mut self, chars: &[char], negated: bool) {
        self.out.push_str(if negated { "[^" } else { "[" });
        chars.iter().for_each(|&c| push_hex(&mut self.out, c));
        self.out.push(']');
    }

    fn literal(&mut self, c: char) {
        if c.is_ascii_alphanumeric() {
            self.out.push(c);
        } else {
            push_hex(&mut self.out, c);
        }
    }
}

/// A character as `\x{…}`: the same in and out of a class, and never one of `regex`'s class
/// operators (`&&`, `--`, `~~`, a nested `[`).
fn push_hex(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\x{{{:X}}}", c as u32);
}

/// XSD's SingleCharEsc: `\n`, `\r`, `\t` and the escaped metacharacters.
fn single_char_escape(c: char) -> Option<char> {
    match c {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => {
            Some(c)
        }
        _ => None,
    }
}

/// Not a metacharacter (`.\?*+{}()|[]`); `^` and `$` are normal characters in XSD patterns.
fn is_normal_char(c: char) -> bool {
    !matches!(
        c,
        '.' | '\\' | '?' | '*' | '+' | '{' | '}' | '(' | ')' | '|' | '[' | ']'
    )
}
