//! A SHACL Core validator for the parts of SHACL that `ontology/shapes.ttl`
//! uses, evaluated directly on the Oxigraph store (the union of its graphs is the
//! data graph).
//!
//! dipkg implements these itself rather than using rudof's `shacl_validation`:
//! that crate validates its own in-memory graph or a SPARQL endpoint, not an
//! Oxigraph `Store`, and it doubles the dependency tree (README, "Validation and
//! reasoning"). So that a shapes file never passes silently for want of support,
//! every `sh:` term on a shape must be one this module understands: anything else
//! is an [`Error::Shapes`] naming the shape and the term.
//!
//! Supported: targets `sh:targetClass`, `sh:targetNode`, `sh:targetSubjectsOf`,
//! `sh:targetObjectsOf`; paths that are a predicate or `sh:inversePath` of one;
//! constraint components `sh:class`, `sh:datatype`, `sh:nodeKind`,
//! `sh:minCount`, `sh:maxCount`, `sh:minInclusive`, `sh:maxInclusive`,
//! `sh:pattern` (with `sh:flags`), `sh:languageIn`, `sh:lessThan`,
//! `sh:lessThanOrEquals`, `sh:in`, `sh:hasValue`, `sh:node`, `sh:or`,
//! `sh:property`.

use crate::error::{Error, Result};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef,
};
use oxigraph::store::Store;
use oxsdatatypes::{Boolean, Date, DateTime, Decimal, Double, GYear, GYearMonth, Integer};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// The SHACL namespace.
pub const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// A node kind of `sh:nodeKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    fn accepts(self, term: &Term) -> bool {
        let (iri, blank, literal) = match term {
            Term::NamedNode(_) => (true, false, false),
            Term::BlankNode(_) => (false, true, false),
            Term::Literal(_) => (false, false, true),
        };
        match self {
            Self::Iri => iri,
            Self::BlankNode => blank,
            Self::Literal => literal,
            Self::BlankNodeOrIri => blank || iri,
            Self::BlankNodeOrLiteral => blank || literal,
            Self::IriOrLiteral => iri || literal,
        }
    }
}

/// A path of a property shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Path {
    /// A predicate.
    Predicate(NamedNode),
    /// `sh:inversePath` of a predicate.
    Inverse(NamedNode),
}

impl Path {
    /// The path as a term of a validation report (`sh:resultPath`).
    pub fn predicate(&self) -> &NamedNode {
        match self {
            Self::Predicate(p) | Self::Inverse(p) => p,
        }
    }
}

#[derive(Debug, Clone)]
enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NodeKind),
    MinCount(usize),
    MaxCount(usize),
    MinInclusive(Term),
    MaxInclusive(Term),
    Pattern(regex::Regex, String),
    LanguageIn(Vec<String>),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    In(Vec<Term>),
    HasValue(Term),
    Node(usize),
    Or(Vec<usize>),
    Property(usize),
}

impl Constraint {
    fn component(&self) -> &'static str {
        match self {
            Self::Class(_) => "ClassConstraintComponent",
            Self::Datatype(_) => "DatatypeConstraintComponent",
            Self::NodeKind(_) => "NodeKindConstraintComponent",
            Self::MinCount(_) => "MinCountConstraintComponent",
            Self::MaxCount(_) => "MaxCountConstraintComponent",
            Self::MinInclusive(_) => "MinInclusiveConstraintComponent",
            Self::MaxInclusive(_) => "MaxInclusiveConstraintComponent",
            Self::Pattern(..) => "PatternConstraintComponent",
            Self::LanguageIn(_) => "LanguageInConstraintComponent",
            Self::LessThan(_) => "LessThanConstraintComponent",
            Self::LessThanOrEquals(_) => "LessThanOrEqualsConstraintComponent",
            Self::In(_) => "InConstraintComponent",
            Self::HasValue(_) => "HasValueConstraintComponent",
            Self::Node(_) => "NodeConstraintComponent",
            Self::Or(_) => "OrConstraintComponent",
            Self::Property(_) => "PropertyConstraintComponent",
        }
    }
}

#[derive(Debug, Clone)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

#[derive(Debug, Clone)]
struct Shape {
    id: NamedOrBlankNode,
    path: Option<Path>,
    targets: Vec<Target>,
    constraints: Vec<Constraint>,
    message: Option<String>,
    severity: NamedNode,
    deactivated: bool,
    /// The shape that holds this one with sh:property, for naming blank property shapes.
    parent: Option<usize>,
}

/// A parsed shapes graph.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    shapes: Vec<Shape>,
}

/// One result of a validation: what failed, where, and by which shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeResult {
    /// The focus node.
    pub focus: Term,
    /// The property shape's path, if the constraint was on one.
    pub path: Option<NamedNode>,
    /// Whether the path is inverse.
    pub inverse: bool,
    /// The value node that failed, when the component reports one.
    pub value: Option<Term>,
    /// The full IRI of the constraint component (`sh:…ConstraintComponent`).
    pub component: NamedNode,
    /// The shape whose constraint failed.
    pub source_shape: NamedOrBlankNode,
    /// The nearest named shape: the source shape, or the node shape that holds it.
    pub named_shape: Option<NamedNode>,
    /// `sh:Violation`, `sh:Warning` or `sh:Info`.
    pub severity: NamedNode,
    /// The shape's `sh:message`, if it has one.
    pub message: Option<String>,
    /// What is wrong, in words, from the component and the values.
    pub detail: String,
}

/// The `sh:` terms a shape may carry besides the constraint parameters.
const DESCRIPTIVE: &[&str] = &[
    "NodeShape",
    "PropertyShape",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "path",
    "flags",
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
];

struct Parser<'a> {
    graph: &'a Graph,
    shapes: Vec<Shape>,
    index: HashMap<NamedOrBlankNode, usize>,
}

impl Shapes {
    /// Reads every shape of a shapes graph: subjects typed `sh:NodeShape` or
    /// `sh:PropertyShape`, subjects with a target, and shapes they refer to.
    pub fn parse(graph: &Graph) -> Result<Self> {
        let mut roots: Vec<NamedOrBlankNode> = Vec::new();
        for triple in graph {
            let is_shape_type = triple.predicate == rdf::TYPE
                && (triple.object == sh("NodeShape").as_ref().into()
                    || triple.object == sh("PropertyShape").as_ref().into());
            let is_target = triple.predicate.as_str().starts_with(SH)
                && triple.predicate.as_str()[SH.len()..].starts_with("target");
            if is_shape_type || is_target {
                roots.push(triple.subject.into_owned());
            }
        }
        // Shapes in a stable order, whatever the graph's iteration order.
        roots.sort_by_cached_key(ToString::to_string);
        roots.dedup();
        let mut parser = Parser {
            graph,
            shapes: Vec::new(),
            index: HashMap::new(),
        };
        for root in roots {
            parser.shape(&root)?;
        }
        Ok(Self {
            shapes: parser.shapes,
        })
    }

    /// How many shapes (node and property shapes) were read.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether the graph held no shapes.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

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
    fn named(&self, mut i: usize) -> Option<NamedNode> {
        loop {
            if let NamedOrBlankNode::NamedNode(n) = &self.shapes[i].id {
                return Some(n.clone());
            }
            i = self.shapes[i].parent?;
        }
    }

    /// Whether `focus` conforms to shape `i` (for `sh:node` and `sh:or`).
    fn conforms(&self, i: usize, focus: &Term, data: &Data<'_>) -> Result<bool> {
        let mut results = Vec::new();
        self.check(i, focus, data, &mut results)?;
        Ok(results.is_empty())
    }

    fn check(
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
                            let ok = match compare(value, &other_value) {
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
    fn value_failure(
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
                    (!well_formed(literal)).then(|| format!("{value} is not a valid {datatype}"))
                }
                // Oxigraph's store keeps every XSD integer type as xsd:integer
                // ("4"^^xsd:positiveInteger reads back as "4"^^xsd:integer), so an
                // integer passes a derived integer type when its value is in range.
                Term::Literal(literal)
                    if literal.datatype() == xsd::INTEGER
                        && xsd_local(datatype.as_ref())
                            .is_some_and(|t| INTEGER_TYPES.contains(&t)) =>
                {
                    let retyped = Literal::new_typed_literal(literal.value(), datatype.clone());
                    (!well_formed(&retyped)).then(|| format!("{value} is not a valid {datatype}"))
                }
                _ => Some(format!("{value} is not a {datatype}")),
            },
            Constraint::NodeKind(kind) => {
                (!kind.accepts(value)).then(|| format!("{value} is not of node kind {kind:?}"))
            }
            Constraint::MinInclusive(bound) => (!matches!(
                compare(bound, value),
                Some(Ordering::Less | Ordering::Equal)
            ))
            .then(|| format!("{value} is below the minimum {bound}")),
            Constraint::MaxInclusive(bound) => (!matches!(
                compare(value, bound),
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
fn language_matches(tag: &str, range: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    let range = range.to_ascii_lowercase();
    range == "*" || tag == range || tag.starts_with(&format!("{range}-"))
}

impl Parser<'_> {
    fn err(&self, id: &NamedOrBlankNode, message: impl Into<String>) -> Error {
        Error::Shapes {
            shape: id.to_string(),
            message: message.into(),
        }
    }

    fn objects(&self, id: &NamedOrBlankNode, property: &str) -> Vec<Term> {
        let predicate = sh(property);
        self.graph
            .objects_for_subject_predicate(id, &predicate)
            .map(TermRef::into_owned)
            .collect()
    }

    fn single(&self, id: &NamedOrBlankNode, property: &str) -> Result<Option<Term>> {
        let mut values = self.objects(id, property);
        match values.len() {
            0 => Ok(None),
            1 => Ok(values.pop()),
            n => Err(self.err(id, format!("sh:{property} has {n} values; it takes one"))),
        }
    }

    fn iri(&self, id: &NamedOrBlankNode, property: &str, term: Term) -> Result<NamedNode> {
        match term {
            Term::NamedNode(n) => Ok(n),
            other => Err(self.err(id, format!("sh:{property} must be an IRI, not {other}"))),
        }
    }

    fn count(&self, id: &NamedOrBlankNode, property: &str, term: &Term) -> Result<usize> {
        match term {
            Term::Literal(l) if l.datatype() == xsd::INTEGER => l
                .value()
                .parse()
                .map_err(|_| self.err(id, format!("sh:{property} must be a non-negative integer"))),
            other => Err(self.err(
                id,
                format!("sh:{property} must be an xsd:integer, not {other}"),
            )),
        }
    }

    fn list(&self, id: &NamedOrBlankNode, property: &str, head: Term) -> Result<Vec<Term>> {
        let mut items = Vec::new();
        let mut node = head;
        let mut seen = HashSet::new();
        loop {
            let subject = match &node {
                Term::NamedNode(n) if n.as_ref() == rdf::NIL => return Ok(items),
                Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
                Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
                Term::Literal(_) => {
                    return Err(self.err(id, format!("sh:{property} must be an RDF list")));
                }
            };
            if !seen.insert(subject.clone()) {
                return Err(self.err(id, format!("sh:{property} is a cyclic list")));
            }
            let first = self
                .graph
                .object_for_subject_predicate(&subject, rdf::FIRST)
                .map(TermRef::into_owned);
            let rest = self
                .graph
                .object_for_subject_predicate(&subject, rdf::REST)
                .map(TermRef::into_owned);
            match (first, rest) {
                (Some(first), Some(rest)) => {
                    items.push(first);
                    node = rest;
                }
                _ => {
                    return Err(
                        self.err(id, format!("sh:{property} is not a well-formed RDF list"))
                    );
                }
            }
        }
    }

    fn shape_ref(&mut self, id: &NamedOrBlankNode, property: &str, term: Term) -> Result<usize> {
        match term {
            Term::NamedNode(n) => self.shape(&n.into()),
            Term::BlankNode(b) => self.shape(&b.into()),
            Term::Literal(l) => {
                Err(self.err(id, format!("sh:{property} must name a shape, not {l}")))
            }
        }
    }

    /// Reads the shape `id` (once; later references reuse it).
    fn shape(&mut self, id: &NamedOrBlankNode) -> Result<usize> {
        if let Some(&i) = self.index.get(id) {
            return Ok(i);
        }
        let i = self.shapes.len();
        self.index.insert(id.clone(), i);
        self.shapes.push(Shape {
            id: id.clone(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            message: None,
            severity: sh("Violation"),
            deactivated: false,
            parent: None,
        });
        let path = match self.single(id, "path")? {
            None => None,
            Some(Term::NamedNode(p)) => Some(Path::Predicate(p)),
            Some(Term::BlankNode(b)) => {
                let node = NamedOrBlankNode::from(b);
                match self
                    .graph
                    .object_for_subject_predicate(&node, &sh("inversePath"))
                {
                    Some(TermRef::NamedNode(p)) => Some(Path::Inverse(p.into_owned())),
                    _ => {
                        return Err(self.err(
                            id,
                            "only predicate paths and sh:inversePath of a predicate are supported",
                        ));
                    }
                }
            }
            Some(other) => return Err(self.err(id, format!("sh:path must be an IRI, not {other}"))),
        };
        let message = self.single(id, "message")?.map(|t| match t {
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        });
        let severity = match self.single(id, "severity")? {
            Some(t) => self.iri(id, "severity", t)?,
            None => sh("Violation"),
        };
        let deactivated = matches!(self.single(id, "deactivated")?, Some(Term::Literal(l)) if l.value() == "true");
        let mut targets = Vec::new();
        for t in self.objects(id, "targetClass") {
            targets.push(Target::Class(self.iri(id, "targetClass", t)?));
        }
        for t in self.objects(id, "targetNode") {
            targets.push(Target::Node(t));
        }
        for t in self.objects(id, "targetSubjectsOf") {
            targets.push(Target::SubjectsOf(self.iri(id, "targetSubjectsOf", t)?));
        }
        for t in self.objects(id, "targetObjectsOf") {
            targets.push(Target::ObjectsOf(self.iri(id, "targetObjectsOf", t)?));
        }
        let mut constraints = Vec::new();
        let mut flags = String::new();
        if let Some(Term::Literal(l)) = self.single(id, "flags")? {
            flags = l.value().to_owned();
        }
        let triples: Vec<(NamedNode, Term)> = self
            .graph
            .triples_for_subject(id)
            .map(|t| (t.predicate.into_owned(), t.object.into_owned()))
            .collect();
        for (predicate, object) in triples {
            let Some(local) = predicate.as_str().strip_prefix(SH) else {
                continue; // rdf:type, rdfs:comment and other descriptions
            };
            let local = local.to_owned();
            let constraint = match local.as_str() {
                "class" => Constraint::Class(self.iri(id, &local, object)?),
                "datatype" => Constraint::Datatype(self.iri(id, &local, object)?),
                "nodeKind" => Constraint::NodeKind(match self.iri(id, &local, object)?.as_str() {
                    s if s == format!("{SH}IRI") => NodeKind::Iri,
                    s if s == format!("{SH}BlankNode") => NodeKind::BlankNode,
                    s if s == format!("{SH}Literal") => NodeKind::Literal,
                    s if s == format!("{SH}BlankNodeOrIRI") => NodeKind::BlankNodeOrIri,
                    s if s == format!("{SH}BlankNodeOrLiteral") => NodeKind::BlankNodeOrLiteral,
                    s if s == format!("{SH}IRIOrLiteral") => NodeKind::IriOrLiteral,
                    other => return Err(self.err(id, format!("unknown sh:nodeKind {other}"))),
                }),
                "minCount" => Constraint::MinCount(self.count(id, &local, &object)?),
                "maxCount" => Constraint::MaxCount(self.count(id, &local, &object)?),
                "minInclusive" => Constraint::MinInclusive(object),
                "maxInclusive" => Constraint::MaxInclusive(object),
                "pattern" => {
                    let Term::Literal(l) = object else {
                        return Err(self.err(id, "sh:pattern must be a string"));
                    };
                    let mut builder = regex::RegexBuilder::new(l.value());
                    builder
                        .case_insensitive(flags.contains('i'))
                        .multi_line(flags.contains('m'))
                        .dot_matches_new_line(flags.contains('s'))
                        .ignore_whitespace(flags.contains('x'));
                    let regex = builder.build().map_err(|e| {
                        self.err(
                            id,
                            format!(
                                "sh:pattern {:?} is not a regular expression: {e}",
                                l.value()
                            ),
                        )
                    })?;
                    Constraint::Pattern(regex, l.value().to_owned())
                }
                "languageIn" => {
                    let mut languages = Vec::new();
                    for item in self.list(id, &local, object)? {
                        match item {
                            Term::Literal(l) => languages.push(l.value().to_owned()),
                            other => {
                                return Err(self.err(
                                    id,
                                    format!("sh:languageIn holds {other}, not a string"),
                                ));
                            }
                        }
                    }
                    Constraint::LanguageIn(languages)
                }
                "lessThan" => Constraint::LessThan(self.iri(id, &local, object)?),
                "lessThanOrEquals" => Constraint::LessThanOrEquals(self.iri(id, &local, object)?),
                "in" => Constraint::In(self.list(id, &local, object)?),
                "hasValue" => Constraint::HasValue(object),
                "node" => Constraint::Node(self.shape_ref(id, &local, object)?),
                "property" => {
                    let p = self.shape_ref(id, &local, object)?;
                    if self.shapes[p].parent.is_none() && p != i {
                        self.shapes[p].parent = Some(i);
                    }
                    if self.shapes[p].path.is_none() {
                        return Err(self.err(id, "an sh:property shape needs an sh:path"));
                    }
                    Constraint::Property(p)
                }
                "or" => {
                    let mut alternatives = Vec::new();
                    for item in self.list(id, &local, object)? {
                        alternatives.push(self.shape_ref(id, &local, item)?);
                    }
                    Constraint::Or(alternatives)
                }
                other if DESCRIPTIVE.contains(&other) => continue,
                other => {
                    return Err(self.err(
                        id,
                        format!("sh:{other} is not supported by dipkg's SHACL validator (see README, \"Validation and reasoning\")"),
                    ));
                }
            };
            constraints.push(constraint);
        }
        // A stable order, so reports do not depend on hash order.
        constraints.sort_by_key(|c| c.component());
        let shape = &mut self.shapes[i];
        shape.path = path;
        shape.targets = targets;
        shape.constraints = constraints;
        shape.message = message;
        shape.severity = severity;
        shape.deactivated = deactivated;
        Ok(i)
    }
}

/// Read access to the data graph (the union of the store's graphs), with the
/// class hierarchy computed once.
struct Data<'a> {
    store: &'a Store,
    /// Each class and its superclasses (reflexive, transitive).
    superclasses: HashMap<Term, HashSet<Term>>,
}

impl<'a> Data<'a> {
    fn new(store: &'a Store) -> Result<Self> {
        let mut direct: HashMap<Term, HashSet<Term>> = HashMap::new();
        for quad in store.quads_for_pattern(None, Some(rdfs::SUB_CLASS_OF), None, None) {
            let quad = quad?;
            direct
                .entry(quad.subject.into())
                .or_default()
                .insert(quad.object);
        }
        let mut superclasses = HashMap::new();
        for class in direct.keys() {
            let mut seen: HashSet<Term> = HashSet::from([class.clone()]);
            let mut todo = vec![class.clone()];
            while let Some(c) = todo.pop() {
                for sup in direct.get(&c).into_iter().flatten() {
                    if seen.insert(sup.clone()) {
                        todo.push(sup.clone());
                    }
                }
            }
            superclasses.insert(class.clone(), seen);
        }
        Ok(Self {
            store,
            superclasses,
        })
    }

    fn values(&self, focus: &Term, path: &Path) -> Result<Vec<Term>> {
        let mut values = HashSet::new();
        match path {
            Path::Predicate(p) => {
                let subject = match focus {
                    Term::NamedNode(n) => NamedOrBlankNodeRef::from(n.as_ref()),
                    Term::BlankNode(b) => NamedOrBlankNodeRef::from(b.as_ref()),
                    Term::Literal(_) => return Ok(Vec::new()),
                };
                for quad in
                    self.store
                        .quads_for_pattern(Some(subject), Some(p.as_ref()), None, None)
                {
                    values.insert(quad?.object);
                }
            }
            Path::Inverse(p) => {
                for quad in
                    self.store
                        .quads_for_pattern(None, Some(p.as_ref()), Some(focus.as_ref()), None)
                {
                    values.insert(quad?.subject.into());
                }
            }
        }
        let mut values: Vec<Term> = values.into_iter().collect();
        values.sort_by_cached_key(ToString::to_string);
        Ok(values)
    }

    fn types(&self, node: &Term) -> Result<Vec<Term>> {
        self.values(node, &Path::Predicate(rdf::TYPE.into_owned()))
    }

    /// SHACL instance: `node rdf:type/rdfs:subClassOf* class`.
    fn is_instance(&self, node: &Term, class: &NamedNode) -> Result<bool> {
        let class = Term::from(class.clone());
        Ok(self.types(node)?.iter().any(|t| {
            t == &class
                || self
                    .superclasses
                    .get(t)
                    .is_some_and(|sups| sups.contains(&class))
        }))
    }

    fn instances(&self, class: &NamedNode) -> Result<HashSet<Term>> {
        let class_term = Term::from(class.clone());
        let mut classes: Vec<Term> = vec![class_term.clone()];
        for (sub, sups) in &self.superclasses {
            if sub != &class_term && sups.contains(&class_term) {
                classes.push(sub.clone());
            }
        }
        let mut out = HashSet::new();
        for c in classes {
            for quad in self
                .store
                .quads_for_pattern(None, Some(rdf::TYPE), Some(c.as_ref()), None)
            {
                out.insert(quad?.subject.into());
            }
        }
        Ok(out)
    }

    fn subjects_of(&self, p: &NamedNode) -> Result<HashSet<Term>> {
        let mut out = HashSet::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(p.as_ref()), None, None)
        {
            out.insert(quad?.subject.into());
        }
        Ok(out)
    }

    fn objects_of(&self, p: &NamedNode) -> Result<HashSet<Term>> {
        let mut out = HashSet::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(p.as_ref()), None, None)
        {
            out.insert(quad?.object);
        }
        Ok(out)
    }
}

const INTEGER_TYPES: &[&str] = &[
    "integer",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
];

fn xsd_local(datatype: NamedNodeRef<'_>) -> Option<&str> {
    datatype
        .as_str()
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
}

/// Whether a literal's lexical form is valid for its (XSD) datatype; literals
/// of datatypes dipkg does not know are taken as valid.
pub fn well_formed(literal: &Literal) -> bool {
    let value = literal.value();
    let Some(local) = xsd_local(literal.datatype()) else {
        return true;
    };
    match local {
        "integer" => Integer::from_str(value).is_ok(),
        "positiveInteger" => Integer::from_str(value).is_ok_and(|i| i > Integer::from(0)),
        "nonNegativeInteger" => Integer::from_str(value).is_ok_and(|i| i >= Integer::from(0)),
        "negativeInteger" => Integer::from_str(value).is_ok_and(|i| i < Integer::from(0)),
        "nonPositiveInteger" => Integer::from_str(value).is_ok_and(|i| i <= Integer::from(0)),
        "decimal" => Decimal::from_str(value).is_ok(),
        "double" | "float" => Double::from_str(value).is_ok(),
        "boolean" => Boolean::from_str(value).is_ok(),
        "date" => Date::from_str(value).is_ok(),
        "dateTime" => DateTime::from_str(value).is_ok(),
        "gYearMonth" => GYearMonth::from_str(value).is_ok(),
        "gYear" => GYear::from_str(value).is_ok(),
        _ => true,
    }
}

/// Compares two literals of comparable types (numbers, or the same date or
/// string type); `None` when they cannot be compared, which SHACL counts as a
/// failure.
pub fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else {
        return None;
    };
    let (ta, tb) = (xsd_local(a.datatype())?, xsd_local(b.datatype())?);
    let numeric = |t: &str| INTEGER_TYPES.contains(&t) || t == "decimal";
    if numeric(ta) && numeric(tb) {
        return Decimal::from_str(a.value())
            .ok()?
            .partial_cmp(&Decimal::from_str(b.value()).ok()?);
    }
    if ta != tb {
        return None;
    }
    match ta {
        "double" | "float" => Double::from_str(a.value())
            .ok()?
            .partial_cmp(&Double::from_str(b.value()).ok()?),
        "date" => Date::from_str(a.value())
            .ok()?
            .partial_cmp(&Date::from_str(b.value()).ok()?),
        "dateTime" => DateTime::from_str(a.value())
            .ok()?
            .partial_cmp(&DateTime::from_str(b.value()).ok()?),
        "gYearMonth" => GYearMonth::from_str(a.value())
            .ok()?
            .partial_cmp(&GYearMonth::from_str(b.value()).ok()?),
        "gYear" => GYear::from_str(a.value())
            .ok()?
            .partial_cmp(&GYear::from_str(b.value()).ok()?),
        "string" => Some(a.value().cmp(b.value())),
        _ => None,
    }
}
