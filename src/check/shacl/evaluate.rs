//! Evaluating shapes on the data: targets, value nodes, and each constraint component.

use super::data::Data;
use super::*;
use crate::error::Result;
use crate::rdf::xsd as lexical;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use std::cmp::Ordering;
use std::collections::HashSet;

impl Shapes {
    /// Validates the union of the store's graphs, returning every result in a
    /// stable order.
    pub fn validate(&self, store: &Store) -> Result<Vec<ShapeResult>> {
        let data = Data::new(store)?;
        let mut results = Vec::new();
        for (i, shape) in self.shapes.iter().enumerate() {
            if shape.deactivated {
                continue;
            }
            let mut focus_nodes = HashSet::new();
            for target in &shape.targets {
                match target {
                    Target::Class(class) => focus_nodes.extend(data.instances(class)?),
                    Target::Node(node) => {
                        focus_nodes.insert(node.clone());
                    }
                    Target::SubjectsOf(p) => focus_nodes.extend(data.subjects_of(p)?),
                    Target::ObjectsOf(p) => focus_nodes.extend(data.objects_of(p)?),
                }
            }
            let mut focus_nodes: Vec<Term> = focus_nodes.into_iter().collect();
            focus_nodes.sort_by_cached_key(ToString::to_string);
            for focus in focus_nodes {
                self.check(i, &focus, &data, &mut results)?;
            }
        }
        let mut seen = HashSet::new();
        results.retain(|r| seen.insert(format!("{r:?}")));
        Ok(results)
    }

    /// The IRI of shape `i`, or of the nearest shape that holds it.
    pub(super) fn named(&self, mut i: usize) -> Option<NamedNode> {
        loop {
            if let NamedOrBlankNode::NamedNode(n) = &self.shapes[i].id {
                return Some(n.clone());
            }
            i = self.shapes[i].parent?;
        }
    }

    /// Whether `focus` conforms to shape `i` (for `sh:node` and `sh:or`).
    pub(super) fn conforms(&self, i: usize, focus: &Term, data: &Data<'_>) -> Result<bool> {
        let mut results = Vec::new();
        self.check(i, focus, data, &mut results)?;
        Ok(results.is_empty())
    }

    pub(super) fn check(
        &self,
        i: usize,
        focus: &Term,
        data: &Data<'_>,
        out: &mut Vec<ShapeResult>,
    ) -> Result<()> {
        let shape = &self.shapes[i];
        if shape.deactivated {
            return Ok(());
        }
        let values = match &shape.path {
            Some(path) => data.values(focus, path)?,
            None => vec![focus.clone()],
        };
        for constraint in &shape.constraints {
            let mut fail = |value: Option<&Term>, detail: String| {
                out.push(ShapeResult {
                    focus: focus.clone(),
                    path: shape.path.as_ref().map(|p| p.predicate().clone()),
                    inverse: matches!(shape.path, Some(Path::Inverse(_))),
                    value: value.cloned(),
                    component: sh(constraint.component()),
                    source_shape: shape.id.clone(),
                    named_shape: self.named(i),
                    severity: shape.severity.clone(),
                    message: shape.message.clone(),
                    detail,
                });
            };
            match constraint {
                Constraint::MinCount(n) => {
                    if values.len() < *n {
                        fail(
                            None,
                            format!("has {} value(s), needs at least {n}", values.len()),
                        );
                    }
                }
                Constraint::MaxCount(n) => {
                    if values.len() > *n {
                        fail(
                            None,
                            format!("has {} values, allows at most {n}", values.len()),
                        );
                    }
                }
                Constraint::Property(p) => {
                    // A property shape reports its own results on the same focus node.
                    self.check(*p, focus, data, out)?;
                }
                Constraint::LessThan(other) | Constraint::LessThanOrEquals(other) => {
                    let strict = matches!(constraint, Constraint::LessThan(_));
                    for other_value in data.values(focus, &Path::Predicate(other.clone()))? {
                        for value in &values {
                            let ok = match lexical::compare(value, &other_value) {
                                Some(Ordering::Less) => true,
                                Some(Ordering::Equal) => !strict,
                                _ => false,
                            };
                            if !ok {
                                fail(
                                    Some(value),
                                    format!(
                                        "{value} is not {} {other_value} ({other})",
                                        if strict {
                                            "before"
                                        } else {
                                            "before or equal to"
                                        }
                                    ),
                                );
                            }
                        }
                    }
                }
                Constraint::HasValue(expected) => {
                    if !values.contains(expected) {
                        fail(None, format!("lacks the value {expected}"));
                    }
                }
                _ => {
                    for value in &values {
                        if let Some(detail) = self.value_failure(constraint, value, data)? {
                            fail(Some(value), detail);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// What is wrong with one value node under a value-type or value-range
    /// constraint, or `None` when it passes.
    pub(super) fn value_failure(
        &self,
        constraint: &Constraint,
        value: &Term,
        data: &Data<'_>,
    ) -> Result<Option<String>> {
        Ok(match constraint {
            Constraint::Class(class) => {
                let ok = match value {
                    Term::Literal(_) => false,
                    _ => data.is_instance(value, class)?,
                };
                (!ok).then(|| format!("{value} is not a {class}"))
            }
            Constraint::Datatype(datatype) => match value {
                Term::Literal(literal) if literal.datatype() == datatype.as_ref() => {
                    (!lexical::literal_well_formed(literal))
                        .then(|| format!("{value} is not a valid {datatype}"))
                }
                // Oxigraph's store keeps every XSD integer type as xsd:integer
                // ("4"^^xsd:positiveInteger reads back as "4"^^xsd:integer), so an
                // integer passes a derived integer type when its value is in range.
                Term::Literal(literal)
                    if literal.datatype() == xsd::INTEGER
                        && lexical::is_integer_type(datatype.as_str()) =>
                {
                    let retyped = Literal::new_typed_literal(literal.value(), datatype.clone());
                    (!lexical::literal_well_formed(&retyped))
                        .then(|| format!("{value} is not a valid {datatype}"))
                }
                _ => Some(format!("{value} is not a {datatype}")),
            },
            Constraint::NodeKind(kind) => {
                (!kind.accepts(value)).then(|| format!("{value} is not of node kind {kind:?}"))
            }
            Constraint::MinInclusive(bound) => (!matches!(
                lexical::compare(bound, value),
                Some(Ordering::Less | Ordering::Equal)
            ))
            .then(|| format!("{value} is below the minimum {bound}")),
            Constraint::MaxInclusive(bound) => (!matches!(
                lexical::compare(value, bound),
                Some(Ordering::Less | Ordering::Equal)
            ))
            .then(|| format!("{value} is above the maximum {bound}")),
            Constraint::Pattern(regex, source) => {
                let text = match value {
                    Term::NamedNode(n) => Some(n.as_str()),
                    Term::Literal(l) => Some(l.value()),
                    Term::BlankNode(_) => None,
                };
                (!text.is_some_and(|t| regex.is_match(t)))
                    .then(|| format!("{value} does not match /{source}/"))
            }
            Constraint::LanguageIn(languages) => {
                let ok = match value {
                    Term::Literal(l) => l.language().is_some_and(|tag| {
                        languages.iter().any(|range| language_matches(tag, range))
                    }),
                    _ => false,
                };
                (!ok).then(|| format!("{value} is not in language {}", languages.join(", ")))
            }
            Constraint::In(allowed) => (!allowed.contains(value))
                .then(|| format!("{value} is not one of the allowed values")),
            Constraint::Node(shape) => (!self.conforms(*shape, value, data)?)
                .then(|| format!("{value} does not conform to {}", self.shapes[*shape].id)),
            Constraint::Or(shapes) => {
                let mut any = false;
                for shape in shapes {
                    if self.conforms(*shape, value, data)? {
                        any = true;
                        break;
                    }
                }
                (!any).then(|| format!("{value} conforms to none of the alternatives"))
            }
            Constraint::MinCount(_)
            | Constraint::MaxCount(_)
            | Constraint::Property(_)
            | Constraint::LessThan(_)
            | Constraint::LessThanOrEquals(_)
            | Constraint::HasValue(_) => None,
        })
    }
}

/// SHACL's `langMatches` for a basic language range (`*` matches any tag).
pub(super) fn language_matches(tag: &str, range: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    let range = range.to_ascii_lowercase();
    range == "*" || tag == range || tag.starts_with(&format!("{range}-"))
}
