//! The ontology as a documentation page (what WIDOCO and pyLODE make, from
//! the same data the server answers with): its metadata, then every class and
//! property with label, comment, super- and subterms, domains, ranges and
//! alignments, each an anchor so `…/ontology#Treaty` lands on it; its RDF; and
//! the page of the dataset description.

use crate::error::Result;
use crate::publish::html::{Links, escape, layout};
use crate::rdf::export;
use crate::rdf::store::Dataset;
use crate::rdf::void::Description;
use crate::vocab::{DKG, RDF_TYPE, RDFS_LABEL};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The ontology's IRI.
pub const ONTOLOGY: &str = "https://w3id.org/dipkg/ontology";

const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const SSSOM: &str = "https://w3id.org/sssom/";

/// Every statement whose subject is the ontology or one of its terms, from
/// every graph (alignments included).
fn quads(store: &Store) -> Result<Vec<Quad>> {
    let mut out = Vec::new();
    for quad in store.iter() {
        let quad = quad?;
        if let NamedOrBlankNode::NamedNode(s) = &quad.subject {
            if s.as_str().starts_with(DKG) || s.as_str().starts_with(ONTOLOGY) {
                out.push(Quad::new(
                    quad.subject,
                    quad.predicate,
                    quad.object,
                    GraphName::DefaultGraph,
                ));
            }
        }
    }
    Ok(out)
}

/// The IRI of the SHACL shapes the data conforms to.
pub const SHAPES: &str = "https://w3id.org/dipkg/shapes";

/// The shipped SHACL shapes (`ontology/shapes.ttl`) as RDF, in the default graph.
pub fn shapes_rdf(format: crate::publish::http::RdfType) -> Result<Vec<u8>> {
    let mut quads = Vec::new();
    let mut prefixes = crate::rdf::prefixes::Prefixes::default();
    for document in crate::rdf::store::shipped_shapes() {
        let parsed = crate::rdf::store::parse_document(&document)?;
        prefixes.extend(parsed.prefixes);
        quads.extend(
            parsed
                .quads
                .into_iter()
                .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)),
        );
    }
    let mut out = Vec::new();
    export::write_quads(quads, format.format(), &prefixes, &mut out)?;
    Ok(out)
}

/// The shapes' page: each node shape with what it targets and says, then the
/// shapes file itself, comments and all.
pub fn shapes_page(links: &Links) -> Result<String> {
    const SH: &str = "http://www.w3.org/ns/shacl#";
    let store = Store::new()?;
    let mut source = String::new();
    for document in crate::rdf::store::shipped_shapes() {
        store.extend(crate::rdf::store::parse_document(&document)?.quads)?;
        source.push_str(&String::from_utf8_lossy(&document.bytes));
    }
    let node_shape = NamedNode::new_unchecked(format!("{SH}NodeShape"));
    let rdf_type = NamedNode::new_unchecked(RDF_TYPE);
    let mut rows = String::new();
    let mut shapes: Vec<NamedNode> = Vec::new();
    for quad in store.quads_for_pattern(
        None,
        Some(rdf_type.as_ref()),
        Some(node_shape.as_ref().into()),
        None,
    ) {
        if let NamedOrBlankNode::NamedNode(shape) = quad?.subject {
            if !shapes.contains(&shape) {
                shapes.push(shape);
            }
        }
    }
    shapes.sort();
    for shape in &shapes {
        let mut targets = Vec::new();
        let mut says = String::new();
        for quad in store.quads_for_pattern(Some(shape.as_ref().into()), None, None, None) {
            let quad = quad?;
            let p = quad.predicate.as_str();
            if p.starts_with(&format!("{SH}target")) {
                targets.push(format!("{}: {}", &p[SH.len()..], term_text(&quad.object)));
            } else if p == format!("{RDFS}comment") || p == format!("{SH}message") {
                if let Term::Literal(l) = &quad.object {
                    says = l.value().to_owned();
                }
            }
        }
        targets.sort();
        let local = shape
            .as_str()
            .rsplit(['#', '/'])
            .next()
            .unwrap_or(shape.as_str());
        let _ = writeln!(
            rows,
            "<tr id=\"{id}\"><th>{id}</th><td><code>{}</code></td><td>{}</td></tr>",
            escape(&targets.join(", ")),
            escape(&says),
            id = escape(local),
        );
    }
    let body = format!(
        "<h1>dipkg SHACL shapes</h1>\n<div class=\"iri\">{SHAPES}</div>\n\
         <p>What the data must hold to conform, checked by <code>dipkg validate</code>: {} node shapes.</p>\n\
         <nav class=\"formats\"><a href=\"{ttl}\">Turtle</a><a href=\"{jsonld}\">JSON-LD</a></nav>\n\
         <table>\n<tr><th>Shape</th><th>Targets</th><th>Says</th></tr>\n{rows}</table>\n\
         <h2>The shapes file</h2>\n<pre>{}</pre>\n",
        shapes.len(),
        escape(&source),
        ttl = escape(&format!(
            "{}.ttl",
            links.site("shapes").trim_end_matches(".html")
        )),
        jsonld = escape(&format!(
            "{}.jsonld",
            links.site("shapes").trim_end_matches(".html")
        )),
    );
    Ok(layout("SHACL shapes", &body, links, ""))
}

/// A term as a reader sees it: an IRI bare, a literal by its value.
fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// The ontology as RDF.
pub fn rdf(dataset: &Dataset, format: crate::publish::http::RdfType) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    export::write_quads(
        quads(&dataset.store)?,
        format.format(),
        &dataset.prefixes,
        &mut out,
    )?;
    Ok(out)
}

type Facts = BTreeMap<String, BTreeMap<String, Vec<Term>>>;

fn facts(store: &Store) -> Result<Facts> {
    let mut facts: Facts = BTreeMap::new();
    for quad in quads(store)? {
        if let NamedOrBlankNode::NamedNode(s) = quad.subject {
            let values = facts
                .entry(s.as_str().to_owned())
                .or_default()
                .entry(quad.predicate.as_str().to_owned())
                .or_default();
            if !values.contains(&quad.object) {
                values.push(quad.object);
            }
        }
    }
    fold_mappings(&mut facts);
    // In a stable order, whatever order the store keeps them in (memory and
    // RocksDB differ): the same page from either.
    for values in facts.values_mut().flat_map(BTreeMap::values_mut) {
        values.sort_by_cached_key(Term::to_string);
    }
    Ok(facts)
}

/// SSSOM's mapping records, shown as what they record: a record of
/// `dkg:X skos:exactMatch wd:Q…` lists `wd:Q…` under "Exact match" of
/// `dkg:X`. The alignments keep SKOS's properties off the terms (SKOS would
/// make both ends concepts), but the page reads as if stated.
fn fold_mappings(facts: &mut Facts) {
    let field = |predicates: &BTreeMap<String, Vec<Term>>, name: &str| match predicates
        .get(&format!("{SSSOM}{name}"))
        .and_then(|v| v.first())
    {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    };
    let records: Vec<(String, String, Term)> = facts
        .values()
        .filter_map(|p| {
            let subject = field(p, "subject_id")?;
            let predicate = field(p, "predicate_id")?;
            let object = field(p, "object_id")?;
            Some((
                subject.as_str().to_owned(),
                predicate.as_str().to_owned(),
                object.into(),
            ))
        })
        .collect();
    for (subject, predicate, object) in records {
        let values = facts
            .entry(subject)
            .or_default()
            .entry(predicate)
            .or_default();
        if !values.contains(&object) {
            values.push(object);
        }
    }
}

fn text(facts: &Facts, subject: &str, predicate: &str) -> Option<String> {
    facts
        .get(subject)?
        .get(predicate)?
        .iter()
        .find_map(|t| match t {
            Term::Literal(l) if l.language().is_none_or(|lang| lang == "en") => {
                Some(l.value().to_owned())
            }
            _ => None,
        })
}

fn term_link(
    term: &Term,
    store: &Store,
    prefixes: &crate::rdf::prefixes::Prefixes,
    links: &Links,
) -> String {
    let Term::NamedNode(n) = term else {
        return escape(&term.to_string());
    };
    let label = crate::publish::resource::label(store, term, "en")
        .ok()
        .flatten();
    let short = prefixes
        .shorten_for_display(n.as_str())
        .unwrap_or_else(|| n.as_str().to_owned());
    let shown = match (n.as_str().strip_prefix(DKG), label) {
        (Some(local), _) => local.to_owned(),
        (None, Some(label)) if !n.as_str().starts_with(RDFS) && !n.as_str().starts_with(OWL) => {
            format!("{short} ({label})")
        }
        _ => short,
    };
    let href = match n.as_str().strip_prefix(DKG) {
        Some(local) => format!("#{local}"),
        None => links
            .page(n.as_str())
            .unwrap_or_else(|| n.as_str().to_owned()),
    };
    format!("<a href=\"{}\">{}</a>", escape(&href), escape(&shown))
}

/// The documentation page.
pub fn page(dataset: &Dataset, links: &Links) -> Result<String> {
    let store = &dataset.store;
    let facts = facts(store)?;
    let mut body = String::new();
    let title = text(&facts, ONTOLOGY, "http://purl.org/dc/terms/title")
        .or_else(|| text(&facts, ONTOLOGY, RDFS_LABEL))
        .unwrap_or_else(|| "dipkg ontology".to_owned());
    let _ = writeln!(
        body,
        "<h1>{}</h1>\n<div class=\"iri\">{ONTOLOGY}</div>",
        escape(&title)
    );
    if let Some(description) = text(&facts, ONTOLOGY, "http://purl.org/dc/terms/description") {
        let _ = writeln!(body, "<p>{}</p>", escape(&description));
    }
    let _ = writeln!(body, "<table class=\"metadata\">");
    for (name, predicate) in [
        ("Version", "http://www.w3.org/2002/07/owl#versionInfo"),
        ("Version IRI", "http://www.w3.org/2002/07/owl#versionIRI"),
        ("Licence", "http://purl.org/dc/terms/license"),
        ("Creator", "http://purl.org/dc/terms/creator"),
        ("Issued", "http://purl.org/dc/terms/issued"),
        ("Modified", "http://purl.org/dc/terms/modified"),
        (
            "Preferred prefix",
            "http://purl.org/vocab/vann/preferredNamespacePrefix",
        ),
    ] {
        if let Some(values) = facts.get(ONTOLOGY).and_then(|p| p.get(predicate)) {
            let shown: Vec<String> = values
                .iter()
                .map(|v| match v {
                    Term::Literal(l) => escape(l.value()),
                    other => term_link(other, store, &dataset.prefixes, links),
                })
                .collect();
            let _ = writeln!(
                body,
                "<tr><th>{name}</th><td>{}</td></tr>",
                shown.join(", ")
            );
        }
    }
    let _ = writeln!(body, "</table>");
    let is_a = |subject: &str, class: &str| {
        facts
            .get(subject)
            .and_then(|p| p.get(RDF_TYPE))
            .is_some_and(|types| {
                types
                    .iter()
                    .any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == class))
            })
    };
    let terms: Vec<&String> = facts.keys().filter(|s| s.starts_with(DKG)).collect();
    let classes: Vec<&&String> = terms
        .iter()
        .filter(|s| is_a(s, &format!("{OWL}Class")))
        .collect();
    let properties: Vec<&&String> = terms
        .iter()
        .filter(|s| !is_a(s, &format!("{OWL}Class")))
        .collect();
    // Who points to whom: subclasses and the properties whose domain is a class.
    let mut inverse: BTreeMap<(String, String), Vec<Term>> = BTreeMap::new();
    for (subject, predicates) in &facts {
        for (predicate, values) in predicates {
            for value in values {
                if let Term::NamedNode(n) = value {
                    inverse
                        .entry((n.as_str().to_owned(), predicate.clone()))
                        .or_default()
                        .push(NamedNode::new_unchecked(subject.clone()).into());
                }
            }
        }
    }
    for (heading, list) in [("Classes", &classes), ("Properties", &properties)] {
        let _ = writeln!(body, "<h2>{heading}</h2>\n<p class=\"index\">");
        for term in list.iter() {
            let local = &term[DKG.len()..];
            let _ = write!(body, "<a href=\"#{0}\">{0}</a> ", escape(local));
        }
        let _ = writeln!(body, "</p>");
        for term in list.iter() {
            let local = &term[DKG.len()..];
            let label = text(&facts, term, RDFS_LABEL).unwrap_or_else(|| local.to_owned());
            let _ = writeln!(
                body,
                "<section class=\"term\" id=\"{}\">\n<h3>{} <span class=\"iri\">dkg:{}</span></h3>",
                escape(local),
                escape(&label),
                escape(local)
            );
            if let Some(comment) = text(&facts, term, &format!("{RDFS}comment")) {
                let _ = writeln!(body, "<p>{}</p>", escape(&comment));
            }
            let _ = writeln!(body, "<table>");
            let rows: &[(&str, &str, bool)] = &[
                ("Type", RDF_TYPE, false),
                (
                    "Subclass of",
                    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
                    false,
                ),
                (
                    "Superclass of",
                    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
                    true,
                ),
                (
                    "Subproperty of",
                    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
                    false,
                ),
                (
                    "Domain",
                    "http://www.w3.org/2000/01/rdf-schema#domain",
                    false,
                ),
                ("Range", "http://www.w3.org/2000/01/rdf-schema#range", false),
                (
                    "Properties with this domain",
                    "http://www.w3.org/2000/01/rdf-schema#domain",
                    true,
                ),
                (
                    "Equivalent to",
                    "http://www.w3.org/2002/07/owl#equivalentClass",
                    false,
                ),
                (
                    "Equivalent property",
                    "http://www.w3.org/2002/07/owl#equivalentProperty",
                    false,
                ),
                (
                    "Inverse of",
                    "http://www.w3.org/2002/07/owl#inverseOf",
                    false,
                ),
                (
                    "Exact match",
                    "http://www.w3.org/2004/02/skos/core#exactMatch",
                    false,
                ),
                (
                    "Close match",
                    "http://www.w3.org/2004/02/skos/core#closeMatch",
                    false,
                ),
                (
                    "Broader match",
                    "http://www.w3.org/2004/02/skos/core#broadMatch",
                    false,
                ),
                (
                    "Defined by",
                    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy",
                    false,
                ),
            ];
            for (name, predicate, reverse) in rows {
                let values: Vec<Term> = if *reverse {
                    inverse
                        .get(&((**term).clone(), (*predicate).to_owned()))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    facts
                        .get(term.as_str())
                        .and_then(|p| p.get(*predicate))
                        .cloned()
                        .unwrap_or_default()
                };
                if values.is_empty() {
                    continue;
                }
                let shown: Vec<String> = values
                    .iter()
                    .map(|v| term_link(v, store, &dataset.prefixes, links))
                    .collect();
                let _ = writeln!(
                    body,
                    "<tr><th>{name}</th><td>{}</td></tr>",
                    shown.join(", ")
                );
            }
            let _ = writeln!(body, "</table>\n</section>");
        }
    }
    let mut formats = String::from("<nav class=\"formats\">The ontology as ");
    for t in crate::publish::http::RDF_TYPES {
        let _ = write!(
            formats,
            "<a href=\"{}\">{}</a>",
            escape(&format!("{}ontology.{}", links.root, t.extension)),
            t.name
        );
    }
    formats.push_str("</nav>\n");
    body.push_str(&formats);
    Ok(layout(&title, &body, links, ""))
}

/// The dataset description as a page: the curated text, then the counts.
pub fn description_page(description: &Description, links: &Links) -> Result<String> {
    let store = Store::new()?;
    store.extend(description.quads.iter().cloned())?;
    let dataset = NamedNode::new_unchecked(crate::rdf::void::DATASET);
    let mut facts: BTreeMap<String, Vec<Term>> = BTreeMap::new();
    for quad in store.quads_for_pattern(Some(dataset.as_ref().into()), None, None, None) {
        let quad = quad?;
        facts
            .entry(quad.predicate.as_str().to_owned())
            .or_default()
            .push(quad.object);
    }
    let literal = |p: &str| -> Option<String> {
        facts.get(p)?.iter().find_map(|t| match t {
            Term::Literal(l) if l.language().is_none_or(|lang| lang == "en") => {
                Some(l.value().to_owned())
            }
            _ => None,
        })
    };
    let title = literal("http://purl.org/dc/terms/title").unwrap_or_else(|| "dipkg".to_owned());
    let mut body = format!(
        "<h1>{}</h1>\n<div class=\"iri\">{}</div>\n",
        escape(&title),
        crate::rdf::void::DATASET
    );
    if let Some(description) = literal("http://purl.org/dc/terms/description") {
        let _ = writeln!(body, "<p>{}</p>", escape(&description));
    }
    let _ = writeln!(body, "<table>");
    for (name, predicate) in [
        ("Licence", "http://purl.org/dc/terms/license"),
        ("Version", "http://www.w3.org/ns/dcat#version"),
        ("Triples", "http://rdfs.org/ns/void#triples"),
        ("Entities", "http://rdfs.org/ns/void#entities"),
        ("Classes", "http://rdfs.org/ns/void#classes"),
        ("Properties", "http://rdfs.org/ns/void#properties"),
        ("Issued", "http://purl.org/dc/terms/issued"),
        ("Modified", "http://purl.org/dc/terms/modified"),
        ("Dumps", "http://rdfs.org/ns/void#dataDump"),
        ("Examples", "http://rdfs.org/ns/void#exampleResource"),
    ] {
        let Some(values) = facts.get(predicate) else {
            continue;
        };
        let shown: Vec<String> = values
            .iter()
            .map(|v| match v {
                Term::NamedNode(n) => {
                    let href = links
                        .page(n.as_str())
                        .unwrap_or_else(|| n.as_str().to_owned());
                    format!("<a href=\"{}\">{}</a>", escape(&href), escape(n.as_str()))
                }
                Term::Literal(l) => escape(l.value()),
                other => escape(&other.to_string()),
            })
            .collect();
        let _ = writeln!(
            body,
            "<tr><th>{name}</th><td>{}</td></tr>",
            shown.join("<br>")
        );
    }
    let _ = writeln!(body, "</table>");
    let mut formats = String::from("<nav class=\"formats\">This description as ");
    for t in crate::publish::http::RDF_TYPES {
        let _ = write!(
            formats,
            "<a href=\"{}\">{}</a>",
            escape(&format!("{}.well-known/void.{}", links.root, t.extension)),
            t.name
        );
    }
    formats.push_str("</nav>\n");
    body.push_str(&formats);
    Ok(layout(&title, &body, links, ""))
}
