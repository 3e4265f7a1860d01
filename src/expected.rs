//! What a content model would have accepted: the "expected" part of a content-model finding.
//!
//! The engine reports that a child is not allowed (or that content is incomplete) but not what
//! was expected there. This replays the element's children through the same compiled content
//! model the validator uses and reads the terms reachable next. It runs only for a finding.

use xsd_schema::compiler::{compile_content_model_matcher, ContentModelMatcher, NfaTerm};
use xsd_schema::validation::ContentValidatorState;
use xsd_schema::{ElementKey, NameId, SchemaSet, TypeKey};

/// A child as the replay needs it: its local name and namespace in the schema's name table
/// (`None` when the schema has no such name, so it cannot match anything).
pub type ChildName = (Option<NameId>, Option<NameId>);

/// An element the model accepts next: its declaration when known, else its local name.
pub enum Expected {
    Declared(ElementKey),
    Named(String),
}

/// The declaration a content model has for a child of this name anywhere in it (a refused
/// child out of order still has its field's label), or `None`.
pub fn declared_child(schema: &SchemaSet, type_key: TypeKey, local: NameId) -> Option<ElementKey> {
    let TypeKey::Complex(ct) = type_key else {
        return None;
    };
    let ct_data = schema.arenas.get_complex_type(ct)?;
    match compile_content_model_matcher(schema, ct_data).ok()? {
        ContentModelMatcher::Nfa(nfa) | ContentModelMatcher::WithOpenContent { nfa, .. } => {
            nfa.states.iter().find_map(|s| match &s.term {
                Some(NfaTerm::Element {
                    name, element_key, ..
                }) if *name == local => *element_key,
                _ => None,
            })
        }
        ContentModelMatcher::AllGroup(model) => {
            model.particles.iter().find_map(|p| match &p.term {
                NfaTerm::Element {
                    name, element_key, ..
                } if *name == local => *element_key,
                _ => None,
            })
        }
    }
}

/// The elements the content model of `type_key` accepts after `children`, or `None` when it
/// cannot tell (a simple type, a child it rejects, an execution limit).
pub fn expected_after(
    schema: &SchemaSet,
    type_key: TypeKey,
    children: &[ChildName],
) -> Option<Vec<Expected>> {
    let TypeKey::Complex(ct) = type_key else {
        return None;
    };
    let ct_data = schema.arenas.get_complex_type(ct)?;
    let matcher = compile_content_model_matcher(schema, ct_data).ok()?;
    let mut state = ContentValidatorState::from_matcher(matcher);
    for (local, namespace) in children {
        let local = (*local)?;
        state
            .try_advance_element(
                local,
                *namespace,
                ct_data.target_namespace,
                schema.xsd_version,
                None,
            )
            .ok()??;
    }
    let terms: Vec<(NameId, Option<ElementKey>)> = match &state {
        ContentValidatorState::Nfa {
            nfa, active_states, ..
        } => active_states
            .expected_element_terms(nfa)
            .into_iter()
            .map(|(name, _, key)| (name, key))
            .collect(),
        ContentValidatorState::AllGroup { model, state, .. } => model
            .particles
            .iter()
            .enumerate()
            .filter(|(i, _)| state.can_accept(model, *i))
            .filter_map(|(_, p)| match &p.term {
                NfaTerm::Element {
                    name, element_key, ..
                } => Some((*name, *element_key)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (name, key) in terms {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        out.push(match key {
            Some(k) => Expected::Declared(k),
            None => Expected::Named(schema.name_table.resolve(name)),
        });
    }
    Some(out)
}

/// The length and range facets a simple type is bound by, its own or its nearest base type's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bounds {
    pub length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_inclusive: Option<String>,
    pub max_inclusive: Option<String>,
    pub min_exclusive: Option<String>,
    pub max_exclusive: Option<String>,
}

/// A simple type and its base types, most derived first. A derivation chain is short; the bound
/// guards against a cycle the engine let through.
pub fn simple_type_chain(
    schema: &SchemaSet,
    key: xsd_schema::SimpleTypeKey,
) -> impl Iterator<
    Item = (
        xsd_schema::SimpleTypeKey,
        &xsd_schema::arenas::SimpleTypeDefData,
    ),
> {
    std::iter::successors(
        schema.arenas.simple_types.get(key).map(|t| (key, t)),
        |(_, t)| match t.resolved_base_type {
            Some(TypeKey::Simple(base)) => schema.arenas.simple_types.get(base).map(|b| (base, b)),
            _ => None,
        },
    )
    .take(64)
}

pub fn bounds(schema: &SchemaSet, key: xsd_schema::SimpleTypeKey) -> Bounds {
    let mut b = Bounds::default();
    for (_, t) in simple_type_chain(schema, key) {
        let f = &t.facets;
        b.length = b.length.or(f.length.as_ref().map(|x| x.value));
        b.min_length = b.min_length.or(f.min_length.as_ref().map(|x| x.value));
        b.max_length = b.max_length.or(f.max_length.as_ref().map(|x| x.value));
        b.min_inclusive = b
            .min_inclusive
            .or(f.min_inclusive.as_ref().map(|x| x.value.clone()));
        b.max_inclusive = b
            .max_inclusive
            .or(f.max_inclusive.as_ref().map(|x| x.value.clone()));
        b.min_exclusive = b
            .min_exclusive
            .or(f.min_exclusive.as_ref().map(|x| x.value.clone()));
        b.max_exclusive = b
            .max_exclusive
            .or(f.max_exclusive.as_ref().map(|x| x.value.clone()));
    }
    b
}

impl Bounds {
    /// 「40 文字まで」「1〜400」: the bound in words, for a length or range finding.
    pub fn describe_ja(&self, constraint: &str) -> Option<String> {
        if constraint.contains("ength") {
            return match (self.length, self.min_length, self.max_length) {
                (Some(n), _, _) => Some(format!("{n} 文字ちょうど")),
                (None, Some(lo), Some(hi)) => Some(format!("{lo}〜{hi} 文字")),
                (None, None, Some(hi)) => Some(format!("{hi} 文字まで")),
                (None, Some(lo), None) => Some(format!("{lo} 文字以上")),
                (None, None, None) => None,
            };
        }
        let low = self
            .min_inclusive
            .as_ref()
            .map(|v| format!("{v} 以上"))
            .or(self
                .min_exclusive
                .as_ref()
                .map(|v| format!("{v} より大きい")));
        let high = self
            .max_inclusive
            .as_ref()
            .map(|v| format!("{v} 以下"))
            .or(self.max_exclusive.as_ref().map(|v| format!("{v} 未満")));
        match (low, high) {
            (Some(l), Some(h)) => Some(format!("{l}・{h}")),
            (l, h) => l.or(h),
        }
    }
}
