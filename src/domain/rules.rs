//! Cross-field rules declared per form (`[[rule]]` in checks.toml): a closed vocabulary of
//! required-if, forbidden-if, one-of, equals-code, date-order, age-range and part-by-code.

use std::cmp::Ordering;

use super::{Node, Run};
use crate::calendar::Day;
use crate::finding::{Finding, Severity};
use crate::schema_set::{slice_chars, CodePart, Rule, RuleCondition as Condition, TODAY};

pub(super) fn check(run: &mut Run<'_, '_>) {
    for rule in &run.ctx.checks.rules {
        match rule {
            Rule::RequiredIf { field, when, hint } => {
                let Some(because) = holds(run, when) else {
                    continue;
                };
                if !run.doc.is_present(field) {
                    let message = format!(
                        "{}「{}」が必要です。",
                        because.describe(run),
                        run.name(field)
                    );
                    let at = because.offset.unwrap_or_else(|| nearest_offset(run, field));
                    let hint = hint
                        .clone()
                        .unwrap_or_else(|| format!("「{}」を記入してください。", run.name(field)));
                    run.push(
                        at,
                        field,
                        Finding::error("RULE-001", message, hint).constraint("required-if"),
                    );
                }
            }
            Rule::ForbiddenIf { field, when, hint } => {
                let Some(because) = holds(run, when) else {
                    continue;
                };
                if let Some(node) = run.doc.all(field).find(|_| run.doc.is_present(field)) {
                    let message = format!(
                        "{}「{}」は記入しません。",
                        because.describe(run),
                        run.name(field)
                    );
                    let hint = hint
                        .clone()
                        .unwrap_or_else(|| format!("「{}」を削除してください。", run.name(field)));
                    let finding = Finding::error("RULE-002", message, hint)
                        .constraint("forbidden-if")
                        .value(node.trimmed());
                    run.push(node.offset, field, finding);
                }
            }
            Rule::OneOf { fields, when, hint } => {
                let Some(because) = holds(run, when) else {
                    continue;
                };
                let present: Vec<&String> =
                    fields.iter().filter(|f| run.doc.is_present(f)).collect();
                if present.len() != 1 {
                    let names: Vec<String> = fields
                        .iter()
                        .map(|f| format!("「{}」", run.name(f)))
                        .collect();
                    let message = format!(
                        "{}{}のうち、ちょうど一つを記入します（記入されているのは {} 個）。",
                        because.describe(run),
                        names.join("・"),
                        present.len()
                    );
                    let at_field = present.get(1).copied().unwrap_or(&fields[0]);
                    let at = run
                        .doc
                        .first(at_field)
                        .map(|n| n.offset)
                        .or(because.offset)
                        .unwrap_or_else(|| nearest_offset(run, at_field));
                    let hint = hint
                        .clone()
                        .unwrap_or_else(|| "どれか一つだけを記入してください。".into());
                    run.push(
                        at,
                        at_field,
                        Finding::error("RULE-003", message, hint).constraint("one-of"),
                    );
                }
            }
            Rule::EqualsCode {
                field,
                start,
                length,
                equals,
                when,
                hint,
            } => {
                let Some(because) = holds(run, when) else {
                    continue;
                };
                let nodes: Vec<&Node> = run.doc.all(field).collect();
                for node in nodes {
                    let value = node.trimmed();
                    if value.is_empty() || run.ctx.refused.contains(&*node.path) {
                        continue;
                    }
                    let part = slice_chars(value, *start, *length).unwrap_or(value);
                    if equals.iter().any(|e| e == part) {
                        continue;
                    }
                    let which = match (start, length) {
                        (Some(s), Some(l)) => format!("の {}〜{} 文字目", s, s + l - 1),
                        _ => String::new(),
                    };
                    let message = format!(
                        "{}「{}」{which}は「{}」のはずですが「{part}」です。",
                        because.describe(run),
                        run.name(field),
                        equals.join("」か「")
                    );
                    let hint = hint.clone().unwrap_or_else(|| {
                        "別の制度や様式の番号が入っていないか確認してください。".into()
                    });
                    let finding = Finding::error("RULE-004", message, hint)
                        .constraint("equals-code")
                        .value(value);
                    run.push(node.offset, field, finding);
                }
            }
            Rule::DateOrder { dates, hint } => date_order(run, dates, hint.as_deref()),
            Rule::PartByCode { field, name, parts } => part_by_code(run, field, name, parts),
            Rule::AgeRange {
                birth,
                at,
                from,
                below,
                when,
                hint,
            } => {
                let Some(because) = holds(run, when) else {
                    continue;
                };
                let (Some(&(born, _)), Some((at_day, _))) = (run.dates.get(birth), day_of(run, at))
                else {
                    continue;
                };
                let age = born.age_at(&at_day);
                let from = from.unwrap_or(0) as i32;
                if age >= from && age < *below as i32 {
                    continue;
                }
                let range = if from > 0 {
                    format!("{from} 歳以上 {below} 歳未満")
                } else {
                    format!("{below} 歳未満")
                };
                let at_name = if at == TODAY {
                    "本日".to_string()
                } else {
                    format!("「{at}」")
                };
                let message = format!(
                    "{}{at_name}（{}）の年齢は {range}でなければなりませんが、{age} 歳です（「{birth}」{}）。",
                    because.describe(run),
                    at_day.describe_ja(),
                    born.describe_ja()
                );
                let hint = hint
                    .clone()
                    .unwrap_or_else(|| "生年月日と記載日、申請区分を確認してください。".into());
                let birth_node = run.dates[birth].1;
                let finding = Finding::error("DATE-007", message, hint)
                    .constraint("age-range")
                    .value(born.to_string());
                run.push(birth_node.offset, &birth_node.path, finding);
            }
        }
    }
}

/// One mistake, one finding: a wrong block for a code that has its own is reported once, as
/// the missing block (the code or the block is wrong, and the message names both).
fn part_by_code(run: &mut Run<'_, '_>, field: &str, name: &str, parts: &[CodePart]) {
    let Some(node) = run.doc.first(field) else {
        return;
    };
    let value = node.trimmed();
    // A value the XSD or the code table refused has its own finding; which block it needs is
    // not known.
    if value.is_empty() || run.ctx.refused.contains(&*node.path) || !run.accepts_code(field, value)
    {
        return;
    }
    let because = format!(
        "「{}」が{}のときは、",
        run.name(field),
        run.code_name(field, value)
    );
    let own = parts.iter().find(|p| p.codes.iter().any(|c| c == value));
    let written: Vec<(&CodePart, usize)> = parts
        .iter()
        .filter(|p| run.doc.is_present(&p.part))
        .filter_map(|p| Some((p, run.doc.first(&p.part)?.offset)))
        .collect();
    let for_codes = |run: &Run<'_, '_>, part: &CodePart| {
        part.codes
            .iter()
            .map(|c| run.code_name(field, c))
            .collect::<Vec<_>>()
            .join("・")
    };
    match own {
        Some(own) if !written.iter().any(|(p, _)| std::ptr::eq(*p, own)) => {
            let instead = written.first();
            let message = format!(
                "{because}「{}」が必要です。{}",
                run.name(&own.part),
                instead.map_or(String::new(), |(p, _)| format!(
                    "記入されているのは「{}」です。",
                    run.name(&p.part)
                ))
            );
            let hint = format!(
                "「{}」が{}の様式には「{}」を記入してください。ほかの{name}を記入している場合は、「{}」と{name}のどちらかが誤っています。",
                run.name(field),
                for_codes(run, own),
                run.name(&own.part),
                run.name(field)
            );
            let at = instead.map_or(node.offset, |&(_, at)| at);
            let finding = Finding::error("RULE-001", message, hint).constraint("part-by-code");
            run.push(at, &own.part, finding);
        }
        _ => {
            for &(part, at) in written
                .iter()
                .filter(|(p, _)| own.is_none_or(|o| !std::ptr::eq(*p, o)))
            {
                let message = format!("{because}「{}」は記入しません。", run.name(&part.part));
                let hint = format!(
                    "「{}」は「{}」が{}の様式にだけ記入します。「{}」と{name}のどちらが誤っているか確認してください。",
                    run.name(&part.part),
                    run.name(field),
                    for_codes(run, part),
                    run.name(field)
                );
                let finding = Finding::error("RULE-002", message, hint).constraint("part-by-code");
                run.push(at, &part.part, finding);
            }
        }
    }
    if own.is_none() && written.is_empty() {
        let with_parts: Vec<String> = parts
            .iter()
            .flat_map(|p| &p.codes)
            .map(|c| run.code_name(field, c))
            .collect();
        let shown = with_parts.len().min(10);
        let rest = with_parts.len() - shown;
        let message = format!(
            "「{}」{}の{name}は、このスキーマセットにありません。共通の項目は検査しましたが、{name}は検査していません。",
            run.name(field),
            run.code_name(field, value),
        );
        let hint = format!(
            "{name}は記入要領に照らして確かめてください。このスキーマセットで{name}まで検査するのは、「{}」が{}{}のときです。",
            run.name(field),
            with_parts[..shown].join("、"),
            if rest > 0 { format!("ほか {rest} 件") } else { String::new() }
        );
        let finding = Finding::new("RULE-005", Severity::Warning, message, hint)
            .constraint("part-by-code")
            .value(value);
        run.push(node.offset, field, finding);
    }
}

/// Why a rule applies: its condition's field and the value it holds, if it has one.
struct Because<'c> {
    condition: Option<&'c Condition>,
    value: String,
    offset: Option<usize>,
}

impl Because<'_> {
    fn describe(&self, run: &Run<'_, '_>) -> String {
        match self.condition {
            Some(c) => format!(
                "「{}」が{}のときは、",
                run.name(&c.field),
                run.code_name(&c.field, &self.value)
            ),
            None => String::new(),
        }
    }
}

/// Whether the rule's condition holds (a rule without one always applies).
fn holds<'c>(run: &Run<'_, '_>, when: &'c Option<Condition>) -> Option<Because<'c>> {
    let Some(c) = when else {
        return Some(Because {
            condition: None,
            value: String::new(),
            offset: None,
        });
    };
    let node = run
        .doc
        .all(&c.field)
        .find(|n| c.equals.iter().any(|e| e == n.trimmed()))?;
    Some(Because {
        condition: Some(c),
        value: node.trimmed().to_string(),
        offset: Some(node.offset),
    })
}

/// Where to point at a missing field: its nearest existing ancestor.
fn nearest_offset(run: &Run<'_, '_>, path: &str) -> usize {
    let mut p = path;
    while let Some(i) = p.rfind('/') {
        p = &p[..i];
        if let Some(n) = run.doc.first(p) {
            return n.offset;
        }
    }
    0
}

fn day_of<'a>(run: &Run<'a, '_>, name: &str) -> Option<(Day, Option<&'a Node>)> {
    if name == TODAY {
        return run.ctx.today.map(|d| (d, None));
    }
    run.dates.get(name).map(|&(d, n)| (d, Some(n)))
}

/// DATE-005 for a date earlier than one listed before it; DATE-006 for a date after today.
fn date_order(run: &mut Run<'_, '_>, names: &[String], hint: Option<&str>) {
    let known: Vec<(&str, Day, Option<&Node>)> = names
        .iter()
        .filter_map(|n| day_of(run, n).map(|(d, node)| (n.as_str(), d, node)))
        .collect();
    for (j, &(later, day, node)) in known.iter().enumerate() {
        let Some(node) = node else { continue };
        let today_after = known[j + 1..].iter().find(|(n, ..)| *n == TODAY);
        if let Some(&(_, today, _)) = today_after {
            if day.compare(&today) == Ordering::Greater {
                let message = format!(
                    "「{}」{}が本日（{today}）より後の日付です。",
                    run.name(&node.path),
                    day.describe_ja()
                );
                let hint =
                    hint.unwrap_or("未来の日付は記入できません。日付の入力を確認してください。");
                let finding = Finding::error("DATE-006", message, hint)
                    .constraint("date-order today")
                    .value(shown(node, day));
                run.push(node.offset, &node.path, finding);
                continue;
            }
        }
        let earlier = known[..j]
            .iter()
            .find(|(n, d, _)| *n != TODAY && day.compare(d) == Ordering::Less);
        if let Some(&(before, before_day, _)) = earlier {
            let message = format!(
                "「{later}」{}が「{before}」{}より前の日付です。",
                day.describe_ja(),
                before_day.describe_ja()
            );
            let hint =
                hint.unwrap_or("日付の順序（生年月日 ≤ 発症 ≤ 診断 ≤ 記載日）を確認してください。");
            let finding = Finding::error("DATE-005", message, hint)
                .constraint("date-order")
                .value(shown(node, day));
            run.push(node.offset, &node.path, finding);
        }
    }
}

/// The date as written, or as read from its parts (元号・年・月).
fn shown(node: &Node, day: Day) -> String {
    match node.trimmed() {
        "" => day.to_string(),
        text => text.to_string(),
    }
}
