//! Reading shapes from a shapes graph, refusing any `sh:` term it does not support.

use super::*;
use crate::error::{Error, Result};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Graph, NamedNode, NamedOrBlankNode, Term, TermRef};
use std::collections::{HashMap, HashSet};

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

pub(super) struct Parser<'a> {
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
}

impl Parser<'_> {
    pub(super) fn err(&self, id: &NamedOrBlankNode, message: impl Into<String>) -> Error {
        Error::Shapes {
            shape: id.to_string(),
            message: message.into(),
        }
    }

    pub(super) fn objects(&self, id: &NamedOrBlankNode, property: &str) -> Vec<Term> {
        let predicate = sh(property);
        self.graph
            .objects_for_subject_predicate(id, &predicate)
            .map(TermRef::into_owned)
            .collect()
    }

    pub(super) fn single(&self, id: &NamedOrBlankNode, property: &str) -> Result<Option<Term>> {
        let mut values = self.objects(id, property);
        match values.len() {
            0 => Ok(None),
            1 => Ok(values.pop()),
            n => Err(self.err(id, format!("sh:{property} has {n} values; it takes one"))),
        }
    }

    pub(super) fn iri(
        &self,
        id: &NamedOrBlankNode,
        property: &str,
        term: Term,
    ) -> Result<NamedNode> {
        match term {
            Term::NamedNode(n) => Ok(n),
            other => Err(self.err(id, format!("sh:{property} must be an IRI, not {other}"))),
        }
    }

    pub(super) fn count(
        &self,
        id: &NamedOrBlankNode,
        property: &str,
        term: &Term,
    ) -> Result<usize> {
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

    pub(super) fn list(
        &self,
        id: &NamedOrBlankNode,
        property: &str,
        head: Term,
    ) -> Result<Vec<Term>> {
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

    pub(super) fn shape_ref(
        &mut self,
        id: &NamedOrBlankNode,
        property: &str,
        term: Term,
    ) -> Result<usize> {
        match term {
            Term::NamedNode(n) => self.shape(&n.into()),
            Term::BlankNode(b) => self.shape(&b.into()),
            Term::Literal(l) => {
                Err(self.err(id, format!("sh:{property} must name a shape, not {l}")))
            }
        }
    }

    /// Reads the shape `id` (once; later references reuse it).
    pub(super) fn shape(&mut self, id: &NamedOrBlankNode) -> Result<usize> {
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
