//! The fields of a form as its XSD declares them, in document order: each element and attribute
//! under the root, with its label, occurrence and what its value may be. Reads the compiled
//! schema only; what `checks.toml` adds is joined in `definition`.

use xsd_schema::arenas::{ComplexTypeDefData, SimpleTypeDefData};
use xsd_schema::parser::frames::{
    AttributeUseKind, ComplexContentResult, Compositor, ParticleResult, ParticleTerm,
};
use xsd_schema::{ElementKey, SchemaSet, SimpleTypeKey, TypeKey};

use crate::expected::{bounds, simple_type_chain, Bounds};
use crate::schema_set::{declaration_at, CompiledSchema};

const XSD_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema";

/// One element or attribute of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The local-name path findings use: `/臨個票/患者/氏名`, `/臨個票/@様式版`.
    pub path: String,
    /// 0 for the root.
    pub depth: usize,
    pub attribute: bool,
    pub label: Option<String>,
    /// How often it occurs where it is: `1..1`, `0..1`, `0..` (unbounded is `None`).
    pub min: u32,
    pub max: Option<u32>,
    /// Set when the field is one branch of a choice: the paths of every branch, this one among
    /// them (「次のどれか一つ」).
    pub choice: Vec<String>,
    /// What its value may be; `None` for an element of child elements only.
    pub value: Option<Value>,
}

/// The simple type of a value and its facets (its own or its nearest base type's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Value {
    /// The type as the XSD names it (`氏名型`), or `None` for an anonymous one.
    pub type_name: Option<String>,
    /// The built-in type it derives from: `xs:string`, `xs:date`, `xs:integer`.
    pub builtin: String,
    pub bounds: Bounds,
    /// Every step's patterns: a value must match one of each step's.
    pub patterns: Vec<Vec<String>>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
    /// The values allowed, in schema order, each with the first line of its documentation.
    pub enumeration: Vec<(String, Option<String>)>,
    pub fixed: Option<String>,
    pub default: Option<String>,
}

/// The fields of the form whose root element has the local name `root`, or `None` when the XSD
/// declares no such global element.
pub fn fields(compiled: &CompiledSchema, root: &str) -> Option<Vec<Field>> {
    let schema = &compiled.schema;
    let path = format!("/{root}");
    let key = declaration_at(schema, &path)?;
    let mut walk = Walk {
        compiled,
        out: Vec::new(),
        open: Vec::new(),
    };
    walk.element(key, path, 0, (1, Some(1)), Vec::new());
    Some(walk.out)
}

struct Walk<'s> {
    compiled: &'s CompiledSchema,
    out: Vec<Field>,
    /// The complex types being walked: a recursive type is listed once, not forever.
    open: Vec<xsd_schema::ComplexTypeKey>,
}

impl<'s> Walk<'s> {
    /// The schema, borrowed for as long as the walk's, not from `self`.
    fn schema(&self) -> &'s SchemaSet {
        &self.compiled.schema
    }

    fn element(
        &mut self,
        key: ElementKey,
        path: String,
        depth: usize,
        (min, max): (u32, Option<u32>),
        choice: Vec<String>,
    ) {
        let schema = self.schema();
        let Some(local) = schema.arenas.elements.get(key) else {
            return;
        };
        let decl = local
            .resolved_ref
            .and_then(|r| schema.arenas.elements.get(r))
            .unwrap_or(local);
        let label = self
            .compiled
            .labels
            .element(schema, key)
            .map(|l| l.to_string());
        let fixed = decl.fixed_value.clone();
        let default = decl.default_value.clone();
        let mut field = Field {
            path: path.clone(),
            depth,
            attribute: false,
            label,
            min,
            max,
            choice,
            value: None,
        };
        match decl.resolved_type {
            Some(TypeKey::Simple(simple)) => {
                field.value = Some(Value {
                    fixed,
                    default,
                    ..self.value(simple)
                });
                self.out.push(field);
            }
            Some(TypeKey::Complex(complex)) => {
                let Some(data) = schema.arenas.complex_types.get(complex) else {
                    self.out.push(field);
                    return;
                };
                field.value = self.simple_content(data).map(|simple| Value {
                    fixed,
                    default,
                    ..self.value(simple)
                });
                self.out.push(field);
                if self.open.contains(&complex) {
                    return;
                }
                self.open.push(complex);
                self.attributes(complex, &path, depth + 1);
                self.content(complex, &path, depth + 1);
                self.open.pop();
            }
            None => self.out.push(field),
        }
    }

    /// The simple type of a complex type's simple content (a value with attributes).
    fn simple_content(&self, data: &ComplexTypeDefData) -> Option<SimpleTypeKey> {
        let ComplexContentResult::Simple(_) = &data.content else {
            return None;
        };
        let mut base = data
            .resolved_simple_content_type
            .or(data.resolved_base_type);
        for _ in 0..64 {
            match base? {
                TypeKey::Simple(k) => return Some(k),
                TypeKey::Complex(c) => {
                    let data = self.schema().arenas.complex_types.get(c)?;
                    base = data
                        .resolved_simple_content_type
                        .or(data.resolved_base_type);
                }
            }
        }
        None
    }

    /// The attributes of a complex type, its base types' first.
    fn attributes(&mut self, complex: xsd_schema::ComplexTypeKey, parent: &str, depth: usize) {
        let schema = self.schema();
        let mut chain = Vec::new();
        let mut next = Some(complex);
        while let Some(k) = next.filter(|_| chain.len() < 64) {
            chain.push(k);
            next = match schema
                .arenas
                .complex_types
                .get(k)
                .and_then(|d| d.resolved_base_type)
            {
                Some(TypeKey::Complex(base)) if base != k => Some(base),
                _ => None,
            };
        }
        let mut seen = Vec::new();
        for k in chain.into_iter().rev() {
            let Some(data) = schema.arenas.complex_types.get(k) else {
                continue;
            };
            let groups = data
                .resolved_attribute_groups
                .iter()
                .filter_map(|g| schema.arenas.attribute_groups.get(*g))
                .flat_map(|g| g.attributes.iter().zip(&g.resolved_attributes));
            for (attribute_use, resolved) in data
                .attributes
                .iter()
                .zip(&data.resolved_attributes)
                .chain(groups)
            {
                if attribute_use.use_kind == AttributeUseKind::Prohibited {
                    continue;
                }
                let decl = &attribute_use.attribute;
                let referenced = resolved
                    .resolved_ref
                    .and_then(|r| schema.arenas.attributes.get(r));
                let Some(name) = decl.name.or(decl.ref_name.as_ref().map(|r| r.local_name)) else {
                    continue;
                };
                let name = schema.name_table.resolve(name);
                if seen.contains(&name) {
                    continue;
                }
                seen.push(name.clone());
                let path = format!("{parent}/@{name}");
                let simple = match resolved
                    .resolved_type
                    .or(referenced.and_then(|r| r.resolved_type))
                {
                    Some(TypeKey::Simple(s)) => Some(s),
                    _ => None,
                };
                let fixed = decl
                    .fixed_value
                    .clone()
                    .or(referenced.and_then(|r| r.fixed_value.clone()));
                let default = decl
                    .default_value
                    .clone()
                    .or(referenced.and_then(|r| r.default_value.clone()));
                let field = Field {
                    label: self
                        .compiled
                        .labels
                        .at_path(schema, &path)
                        .map(|l| l.to_string()),
                    path,
                    depth,
                    attribute: true,
                    min: u32::from(attribute_use.use_kind == AttributeUseKind::Required),
                    max: Some(1),
                    choice: Vec::new(),
                    value: simple.map(|s| Value {
                        fixed,
                        default,
                        ..self.value(s)
                    }),
                };
                self.out.push(field);
            }
        }
    }

    /// The child elements of a complex type in document order: an extension's base type's
    /// first, then its own.
    fn content(&mut self, complex: xsd_schema::ComplexTypeKey, parent: &str, depth: usize) {
        let schema = self.schema();
        let Some(data) = schema.arenas.complex_types.get(complex) else {
            return;
        };
        let ComplexContentResult::Complex(def) = &data.content else {
            return;
        };
        if def.derivation == xsd_schema::parser::frames::DerivationMethod::Extension {
            if let Some(TypeKey::Complex(base)) = data.resolved_base_type {
                if base != complex && !self.open.contains(&base) {
                    self.open.push(base);
                    self.content(base, parent, depth);
                    self.open.pop();
                }
            }
        }
        if let Some(particle) = def.particle.clone() {
            self.particle(complex, &particle, parent, depth, (1, Some(1)), &[]);
        }
    }

    /// One particle of `complex`'s content model; `outer` is the occurrence of the groups
    /// around it, `choice` the branches it is one of.
    fn particle(
        &mut self,
        complex: xsd_schema::ComplexTypeKey,
        particle: &ParticleResult,
        parent: &str,
        depth: usize,
        outer: (u32, Option<u32>),
        choice: &[String],
    ) {
        let occurs = times(outer, (particle.min_occurs, particle.max_occurs));
        match &particle.term {
            ParticleTerm::Element(element) => {
                let schema = self.schema();
                let Some(name) = element
                    .name
                    .or(element.ref_name.as_ref().map(|r| r.local_name))
                else {
                    return;
                };
                let Some(key) =
                    crate::expected::declared_child(schema, TypeKey::Complex(complex), name)
                else {
                    return;
                };
                let path = format!("{parent}/{}", schema.name_table.resolve(name));
                self.element(key, path, depth, occurs, choice.to_vec());
            }
            ParticleTerm::Group(group) => {
                let schema = self.schema();
                // A named group's particles are its definition's.
                let definition = group.ref_name.as_ref().and_then(|r| {
                    schema
                        .namespaces
                        .get(&r.namespace)?
                        .model_groups
                        .get(&r.local_name)
                        .and_then(|k| schema.arenas.model_groups.get(*k))
                });
                let (compositor, particles) = match definition {
                    Some(d) => (d.compositor, d.particles.clone()),
                    None => (group.compositor, group.particles.clone()),
                };
                let branches: Vec<String> = if compositor == Some(Compositor::Choice) {
                    particles
                        .iter()
                        .filter_map(|p| match &p.term {
                            ParticleTerm::Element(e) => {
                                let name = e.name.or(e.ref_name.as_ref().map(|r| r.local_name))?;
                                Some(format!("{parent}/{}", schema.name_table.resolve(name)))
                            }
                            _ => None,
                        })
                        .collect()
                } else {
                    choice.to_vec()
                };
                // A choice's branches are each optional unless the choice has one branch.
                let inner = if compositor == Some(Compositor::Choice) && particles.len() > 1 {
                    (0, occurs.1)
                } else {
                    occurs
                };
                for p in &particles {
                    self.particle(complex, p, parent, depth, inner, &branches);
                }
            }
            ParticleTerm::Any(_) => {}
        }
    }

    fn value(&self, key: SimpleTypeKey) -> Value {
        let schema = self.schema();
        let names = &schema.name_table;
        let name_of = |t: &SimpleTypeDefData| t.name.map(|n| names.resolve(n));
        let is_builtin = |t: &SimpleTypeDefData| {
            t.target_namespace
                .is_some_and(|ns| names.resolve(ns) == XSD_NAMESPACE)
        };
        let chain: Vec<&SimpleTypeDefData> =
            simple_type_chain(schema, key).map(|(_, t)| t).collect();
        let own = chain.first().copied();
        let type_name = own.filter(|t| !is_builtin(t)).and_then(name_of);
        let builtin = chain
            .iter()
            .find(|t| is_builtin(t))
            .and_then(|t| name_of(t))
            .map_or_else(|| "anySimpleType".into(), |n| format!("xs:{n}"));
        let facets = || chain.iter().map(|t| &t.facets);
        Value {
            type_name,
            builtin,
            bounds: bounds(schema, key),
            patterns: facets()
                .flat_map(|f| &f.patterns)
                .map(|step| step.iter().map(|p| p.value.clone()).collect())
                .collect(),
            total_digits: facets().find_map(|f| f.total_digits.as_ref().map(|d| d.value)),
            fraction_digits: facets().find_map(|f| f.fraction_digits.as_ref().map(|d| d.value)),
            enumeration: self
                .compiled
                .labels
                .enumeration(schema, key)
                .map(|c| c.to_vec())
                .unwrap_or_default(),
            fixed: None,
            default: None,
        }
    }
}

/// The occurrence of a particle inside groups of occurrence `outer`.
fn times(outer: (u32, Option<u32>), own: (u32, Option<u32>)) -> (u32, Option<u32>) {
    (
        outer.0.saturating_mul(own.0),
        match (outer.1, own.1) {
            (Some(a), Some(b)) => Some(a.saturating_mul(b)),
            _ => None,
        },
    )
}
