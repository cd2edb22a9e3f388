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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Result;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::Graph;
    use oxigraph::store::Store;

    const PREFIXES: &str = "@prefix : <http://example.org/> .
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n";

    fn shapes(turtle: &str) -> Result<Shapes> {
        let text = format!("{PREFIXES}{turtle}");
        let mut graph = Graph::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
            let quad = quad.expect("valid Turtle");
            graph.insert(&oxigraph::model::Triple::new(
                quad.subject,
                quad.predicate,
                quad.object,
            ));
        }
        Shapes::parse(&graph)
    }

    /// The (focus, component) pairs of every result, in local names.
    fn violations(shapes_ttl: &str, data_ttl: &str) -> Vec<(String, String)> {
        let store = Store::new().expect("store");
        let text = format!("{PREFIXES}{data_ttl}");
        store
            .load_from_slice(RdfFormat::Turtle, text.as_bytes())
            .expect("loads");
        let local = |s: String| {
            s.trim_matches(['<', '>'])
                .rsplit(['/', '#'])
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        shapes(shapes_ttl)
            .expect("shapes parse")
            .validate(&store)
            .expect("validates")
            .into_iter()
            .map(|r| (local(r.focus.to_string()), local(r.component.to_string())))
            .collect()
    }

    const DATED: &str = ":DatedShape a sh:NodeShape ; sh:targetClass :Treaty ;
        sh:property [ sh:path :date ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:date ] .";

    #[test]
    fn min_count_max_count_and_datatype() {
        let found = violations(
            DATED,
            ":ok a :Treaty ; :date \"1997-10-24\"^^xsd:date .
             :undated a :Treaty .
             :twice a :Treaty ; :date \"1997-10-24\"^^xsd:date, \"1997-10-25\"^^xsd:date .
             :bad a :Treaty ; :date \"1997-13-01\"^^xsd:date .
             :string a :Treaty ; :date \"1997-10-24\" .",
        );
        let mut expected = vec![
            ("bad".to_owned(), "DatatypeConstraintComponent".to_owned()),
            (
                "string".to_owned(),
                "DatatypeConstraintComponent".to_owned(),
            ),
            ("twice".to_owned(), "MaxCountConstraintComponent".to_owned()),
            (
                "undated".to_owned(),
                "MinCountConstraintComponent".to_owned(),
            ),
        ];
        let mut found = found;
        found.sort();
        expected.sort();
        assert_eq!(found, expected);
    }

    #[test]
    fn class_follows_subclasses_and_targets_reach_subclass_instances() {
        let found = violations(
            ":S a sh:NodeShape ; sh:targetClass :Event ;
               sh:property [ sh:path :place ; sh:class :Place ] .",
            ":City rdfs:subClassOf :Place . :Visit rdfs:subClassOf :Event .
             :bishkek a :City . :moon a :Rock .
             :v1 a :Visit ; :place :bishkek .
             :v2 a :Visit ; :place :moon .",
        );
        assert_eq!(found, [("v2".into(), "ClassConstraintComponent".into())]);
    }

    #[test]
    fn less_than_or_equals_and_language_in() {
        let found = violations(
            ":Span a sh:NodeShape ; sh:targetSubjectsOf :start ;
               sh:property [ sh:path :start ; sh:lessThanOrEquals :end ] .
             :Names a sh:NodeShape ; sh:targetSubjectsOf rdfs:label ;
               sh:property [ sh:path rdfs:label ; sh:languageIn (\"en\" \"ky\") ] .",
            ":fine :start \"2018-09-01\"^^xsd:date ; :end \"2018-09-03\"^^xsd:date .
             :backwards :start \"2018-09-03\"^^xsd:date ; :end \"2018-09-01\"^^xsd:date .
             :kg rdfs:label \"Kyrgyzstan\"@en, \"Кыргызстан\"@ky .
             :tr rdfs:label \"Türkiye\"@tr .",
        );
        let mut found = found;
        found.sort();
        assert_eq!(
            found,
            [
                (
                    "backwards".into(),
                    "LessThanOrEqualsConstraintComponent".into()
                ),
                ("tr".into(), "LanguageInConstraintComponent".into()),
            ]
        );
    }

    #[test]
    fn or_passes_when_one_alternative_holds() {
        let found = violations(
            ":S a sh:NodeShape ; sh:targetClass :Event ;
               sh:or ( [ sh:path :date ; sh:minCount 1 ] [ sh:path :start ; sh:minCount 1 ] ) .",
            ":a a :Event ; :date 1 . :b a :Event ; :start 1 . :c a :Event .",
        );
        assert_eq!(found, [("c".into(), "OrConstraintComponent".into())]);
    }

    #[test]
    fn an_unsupported_shacl_term_is_an_error_not_a_pass() {
        let error = shapes(":S a sh:NodeShape ; sh:targetClass :X ; sh:closed true .")
            .expect_err("sh:closed is not supported");
        assert!(error.to_string().contains("closed"), "{error}");
    }

    #[test]
    fn language_ranges_match_subtags() {
        assert!(evaluate::language_matches("en-GB", "en"));
        assert!(evaluate::language_matches("KY", "ky"));
        assert!(evaluate::language_matches("tr", "*"));
        assert!(!evaluate::language_matches("eng", "en"));
    }
}
