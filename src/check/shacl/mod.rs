//! A SHACL Core validator for the parts of SHACL that `ontology/shapes.ttl`
//! uses, evaluated directly on the Oxigraph store (the union of its graphs is the
//! data graph).
//!
//! dipkg implements these itself rather than using rudof's `shacl_validation`:
//! that crate validates its own in-memory graph or a SPARQL endpoint, not an
//! Oxigraph `Store`, and it doubles the dependency tree (README, "Validation and
//! reasoning"). So that a shapes file never passes silently for want of support,
//! every `sh:` term on a shape must be one this module understands: anything else
//! is an [`Error::Shapes`](crate::Error::Shapes) naming the shape and the term.
//!
//! Supported: targets `sh:targetClass`, `sh:targetNode`, `sh:targetSubjectsOf`,
//! `sh:targetObjectsOf`; paths that are a predicate or `sh:inversePath` of one;
//! constraint components `sh:class`, `sh:datatype`, `sh:nodeKind`,
//! `sh:minCount`, `sh:maxCount`, `sh:minInclusive`, `sh:maxInclusive`,
//! `sh:pattern` (with `sh:flags`), `sh:languageIn`, `sh:lessThan`,
//! `sh:lessThanOrEquals`, `sh:in`, `sh:hasValue`, `sh:node`, `sh:or`,
//! `sh:property`.

use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};

pub use crate::vocab::SH;

mod data;
mod evaluate;
mod parse;

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
impl Shapes {
    /// How many shapes (node and property shapes) were read.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether the graph held no shapes.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}
