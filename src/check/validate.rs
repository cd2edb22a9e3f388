//! `dipkg validate`: checks the dataset against SHACL shapes ([`crate::check::shacl`])
//! and the saved SPARQL checks (`queries/checks/*-violation.rq`, each returning
//! `?focus ?message`), and writes one report in words (grouped by focus node),
//! as a W3C `sh:ValidationReport` in Turtle, or as JSON.

use crate::check::shacl::{SH, ShapeResult, Shapes};
use crate::error::{Error, Result};
use crate::rdf::prefixes::Prefixes;
use crate::rdf::store::{self, Dataset, Document};
use crate::sparql::catalog::Catalog;
use crate::sparql::query::{self, Answer};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{BlankNode, Graph, Literal, NamedNode, Term, Triple};
use oxigraph::sparql::SparqlEvaluator;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// The IRI that names a saved check in a report (`sh:sourceShape`).
pub use crate::vocab::CHECK_BASE;

/// One violation, from a shape or a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The focus node, in N-Triples syntax.
    pub focus: String,
    /// The path, if a property shape failed.
    pub path: Option<String>,
    /// The failing value, in N-Triples syntax.
    pub value: Option<String>,
    /// The constraint component IRI, or `sh:SPARQLConstraintComponent` for a check.
    pub component: String,
    /// The shape IRI (or blank node label), or the check's IRI.
    pub source: String,
    /// The named shape the result comes from (the node shape of a blank property
    /// shape), or the check's IRI.
    pub shape: String,
    /// The severity IRI.
    pub severity: String,
    /// The message: the shape's `sh:message` or the check's `?message`.
    pub message: String,
    /// What is wrong with the values, in words (empty for checks).
    pub detail: String,
    #[serde(skip)]
    focus_term: Option<Term>,
    #[serde(skip)]
    value_term: Option<Term>,
}

/// The outcome of a validation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Whether nothing was violated.
    pub conforms: bool,
    /// Every violation, sorted by focus node.
    pub violations: Vec<Violation>,
}

/// The shapes of these files, or the shipped `ontology/shapes.ttl` when none are given.
pub fn shapes_from(paths: &[std::path::PathBuf]) -> Result<Shapes> {
    if paths.is_empty() {
        return load_shapes(&store::shipped_shapes());
    }
    load_shapes(&store::read_paths(paths)?)
}

/// Reads the shapes of these documents; an error if they hold none.
pub fn load_shapes(documents: &[Document]) -> Result<Shapes> {
    let mut graph = Graph::new();
    for document in documents {
        for quad in store::parse_document(document)?.quads {
            graph.insert(&Triple::new(quad.subject, quad.predicate, quad.object));
        }
    }
    let shapes = Shapes::parse(&graph)?;
    if shapes.is_empty() {
        let names: Vec<&str> = documents.iter().map(|d| d.display.as_str()).collect();
        return Err(Error::Shapes {
            shape: names.join(", "),
            message: "no SHACL shapes found (no sh:NodeShape, sh:PropertyShape or sh:target…)"
                .to_owned(),
        });
    }
    Ok(shapes)
}

/// Runs the shapes and every saved check named `checks/…-violation` on the dataset.
/// The saved checks run with `evaluator` (so their `SERVICE` calls, if any, go
/// where the caller's handler sends them).
pub fn validate(
    dataset: &Dataset,
    shapes: &Shapes,
    catalog: &Catalog,
    evaluator: &SparqlEvaluator,
) -> Result<Report> {
    let mut violations: Vec<Violation> = shapes
        .validate(&dataset.store)?
        .into_iter()
        .map(from_shape)
        .collect();
    for saved in catalog.iter() {
        let name = saved.name.as_str();
        if !(name.starts_with("checks/") && name.ends_with("-violation")) {
            continue;
        }
        let parsed = saved.parse()?;
        let Answer::Solutions { variables, rows } =
            query::run(dataset, &parsed, &[], evaluator.clone())?
        else {
            return Err(Error::Evaluation {
                name: name.to_owned(),
                message: "a check must be a SELECT query returning ?focus ?message".to_owned(),
            });
        };
        let column = |wanted: &str| variables.iter().position(|v| v.as_str() == wanted);
        let (Some(focus), Some(message)) = (column("focus"), column("message")) else {
            return Err(Error::Evaluation {
                name: name.to_owned(),
                message: "a check must select ?focus and ?message".to_owned(),
            });
        };
        for row in rows {
            let focus_term = row[focus].clone();
            let message = match &row[message] {
                Some(Term::Literal(l)) => l.value().to_owned(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            violations.push(Violation {
                focus: focus_term.as_ref().map(Term::to_string).unwrap_or_default(),
                path: None,
                value: None,
                component: format!("{SH}SPARQLConstraintComponent"),
                source: format!("{CHECK_BASE}{name}"),
                shape: format!("{CHECK_BASE}{name}"),
                severity: format!("{SH}Violation"),
                message,
                detail: String::new(),
                focus_term,
                value_term: None,
            });
        }
    }
    violations.sort_by(|a, b| {
        (
            &a.focus,
            &a.path,
            &a.component,
            &a.shape,
            &a.value,
            &a.message,
        )
            .cmp(&(
                &b.focus,
                &b.path,
                &b.component,
                &b.shape,
                &b.value,
                &b.message,
            ))
    });
    violations.dedup();
    Ok(Report {
        conforms: violations.is_empty(),
        violations,
    })
}

/// Adds a violation for each citation that does not hold against its
/// source's text (found by hash in `dirs`): `checks/citation-text-violation`.
pub fn check_citation_texts(
    report: &mut Report,
    dataset: &Dataset,
    dirs: &[std::path::PathBuf],
) -> Result<()> {
    let (_, problems) = crate::source::verify::verify(&dataset.store, dirs)?;
    let name = format!("{CHECK_BASE}checks/citation-text-violation");
    for problem in problems {
        let focus = NamedNode::new_unchecked(&problem.citation);
        report.violations.push(Violation {
            focus: focus.to_string(),
            path: None,
            value: None,
            component: format!("{SH}SPARQLConstraintComponent"),
            source: name.clone(),
            shape: name.clone(),
            severity: format!("{SH}Violation"),
            message: problem.message,
            detail: String::new(),
            focus_term: Some(focus.into()),
            value_term: None,
        });
    }
    report
        .violations
        .sort_by(|a, b| (&a.focus, &a.source, &a.message).cmp(&(&b.focus, &b.source, &b.message)));
    report.conforms = report.violations.is_empty();
    Ok(())
}

fn from_shape(r: ShapeResult) -> Violation {
    let path = r.path.as_ref().map(|p| {
        if r.inverse {
            format!("^{p}")
        } else {
            p.to_string()
        }
    });
    Violation {
        focus: r.focus.to_string(),
        path,
        value: r.value.as_ref().map(Term::to_string),
        component: r.component.as_str().to_owned(),
        source: r.source_shape.to_string(),
        shape: r
            .named_shape
            .as_ref()
            .map_or_else(|| r.source_shape.to_string(), ToString::to_string),
        severity: r.severity.as_str().to_owned(),
        message: r.message.clone().unwrap_or_else(|| r.detail.clone()),
        detail: r.detail,
        focus_term: Some(r.focus),
        value_term: r.value,
    }
}

/// Writes the report in words: one block per focus node, one line per problem.
pub fn write_text(report: &Report, prefixes: &Prefixes, out: &mut impl Write) -> Result<()> {
    if report.conforms {
        writeln!(out, "conforms: no violations").map_err(Error::Write)?;
        return Ok(());
    }
    let mut by_focus: BTreeMap<&str, Vec<&Violation>> = BTreeMap::new();
    for v in &report.violations {
        by_focus.entry(&v.focus).or_default().push(v);
    }
    for (focus, violations) in &by_focus {
        writeln!(
            out,
            "{}",
            crate::sparql::results::printable(&short(focus, prefixes))
        )
        .map_err(Error::Write)?;
        for v in violations {
            let component = v
                .component
                .strip_prefix(SH)
                .map_or(v.component.clone(), |c| format!("sh:{c}"));
            let component = if component == "sh:SPARQLConstraintComponent" {
                "SPARQL check".to_owned()
            } else {
                component
            };
            let what = match &v.path {
                Some(path) => format!("{}: ", short(path, prefixes)),
                None => String::new(),
            };
            let detail = if v.detail.is_empty() || v.detail == v.message {
                String::new()
            } else {
                format!(" ({})", shorten_all(&v.detail, prefixes))
            };
            // A property shape is usually a blank node: name its node shape instead.
            let source = if v.shape.starts_with("_:") {
                String::new()
            } else if let Some(check) = v.shape.strip_prefix(CHECK_BASE) {
                format!(", saved query {check}")
            } else {
                format!(", {}", short(&v.shape, prefixes))
            };
            // Messages quote values from the data: no raw control characters to a terminal.
            let line = format!("{what}{}{detail} [{component}{source}]", v.message);
            writeln!(out, "  {}", crate::sparql::results::printable(&line))
                .map_err(Error::Write)?;
        }
    }
    writeln!(
        out,
        "{} violation(s) on {} focus node(s)",
        report.violations.len(),
        by_focus.len()
    )
    .map_err(Error::Write)?;
    Ok(())
}

/// `<iri>` as `prefix:local` where the prefixes allow, else as given.
fn short(term: &str, prefixes: &Prefixes) -> String {
    let Some(iri) = term.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return term.strip_prefix('^').map_or_else(
            || term.to_owned(),
            |inner| format!("^{}", short(inner, prefixes)),
        );
    };
    prefixes
        .shorten_for_display(iri)
        .unwrap_or_else(|| term.to_owned())
}

fn shorten_all(text: &str, prefixes: &Prefixes) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => {
                out.push_str(&short(&rest[start..=start + end], prefixes));
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Writes the report as JSON.
pub fn write_json(report: &Report, out: &mut impl Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)
        .map_err(std::io::Error::from)
        .map_err(Error::Write)?;
    writeln!(out).map_err(Error::Write)?;
    Ok(())
}

/// Writes a W3C SHACL validation report (`sh:ValidationReport`) in Turtle.
pub fn write_turtle(report: &Report, out: &mut impl Write) -> Result<()> {
    let sh = |local: &str| NamedNode::new_unchecked(format!("{SH}{local}"));
    let iri = |text: &str| -> Term {
        match text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            Some(iri) => NamedNode::new_unchecked(iri).into(),
            None => NamedNode::new_unchecked(text).into(),
        }
    };
    let report_node = BlankNode::new_unchecked("report");
    let mut triples = vec![
        Triple::new(report_node.clone(), rdf::TYPE, sh("ValidationReport")),
        Triple::new(
            report_node.clone(),
            sh("conforms"),
            Literal::new_typed_literal(report.conforms.to_string(), xsd::BOOLEAN),
        ),
    ];
    let mut shape_labels: HashMap<String, usize> = HashMap::new();
    for (i, v) in report.violations.iter().enumerate() {
        let node = BlankNode::new_unchecked(format!("r{i}"));
        triples.push(Triple::new(report_node.clone(), sh("result"), node.clone()));
        triples.push(Triple::new(node.clone(), rdf::TYPE, sh("ValidationResult")));
        if let Some(focus) = &v.focus_term {
            triples.push(Triple::new(node.clone(), sh("focusNode"), focus.clone()));
        }
        if let Some(path) = &v.path {
            let term: Term = match path.strip_prefix('^') {
                Some(inner) => {
                    let path_node = BlankNode::new_unchecked(format!("p{i}"));
                    triples.push(Triple::new(
                        path_node.clone(),
                        sh("inversePath"),
                        iri(inner),
                    ));
                    path_node.into()
                }
                None => iri(path),
            };
            triples.push(Triple::new(node.clone(), sh("resultPath"), term));
        }
        if let Some(value) = &v.value_term {
            triples.push(Triple::new(node.clone(), sh("value"), value.clone()));
        }
        triples.push(Triple::new(
            node.clone(),
            sh("sourceConstraintComponent"),
            iri(&v.component),
        ));
        // Blank property shapes get new labels on every load: number them in
        // order of use, so the same data gives the same report.
        let source: Term = if v.source.starts_with("_:") {
            let next = shape_labels.len();
            let n = *shape_labels.entry(v.source.clone()).or_insert(next);
            BlankNode::new_unchecked(format!("shape{n}")).into()
        } else {
            iri(&v.source)
        };
        triples.push(Triple::new(node.clone(), sh("sourceShape"), source));
        triples.push(Triple::new(
            node.clone(),
            sh("resultSeverity"),
            iri(&v.severity),
        ));
        triples.push(Triple::new(
            node.clone(),
            sh("resultMessage"),
            Literal::new_simple_literal(&v.message),
        ));
    }
    let mut writer = RdfSerializer::from_format(RdfFormat::Turtle)
        .with_prefix("sh", SH)
        .map_err(|e| Error::Internal(e.to_string()))?
        .for_writer(out);
    for triple in &triples {
        writer.serialize_triple(triple).map_err(Error::Write)?;
    }
    writer.finish().map_err(Error::Write)?;
    Ok(())
}
