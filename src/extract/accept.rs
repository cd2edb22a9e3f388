//! `dipkg accept`: moves reviewed candidates into the dataset. The chosen
//! candidates' graphs go to the output as they are; from the run's description
//! graph go each one's graph description, its citation, the extraction
//! activity and the source's description. Each accepted graph's status becomes
//! accepted, with who accepted it (`prov:wasAttributedTo`) and when
//! (`dcterms:dateAccepted`). The output is a file `dipkg accept` wrote or a new
//! one, never a curated file.

use crate::error::{Error, Result};
use crate::extract::write::{CANDIDATE_GRAPH, CANDIDATES_GRAPH};
use crate::vocab::DKR;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::{BTreeSet, HashSet};

/// The first line of every file `dipkg accept` writes: how it knows a file is its own.
pub const MARKER: &str = "# Accepted with `dipkg accept`";

const DKG: &str = crate::vocab::DKG;

fn parse(bytes: &[u8], display: &str) -> Result<Vec<Quad>> {
    RdfParser::from_format(RdfFormat::TriG)
        .for_slice(bytes)
        .map(|q| {
            q.map_err(|e| Error::BadFile {
                path: display.to_owned(),
                message: e.to_string(),
            })
        })
        .collect()
}

/// What accepting gives: the ids accepted and the new file's text.
pub struct Accepted {
    /// The candidates accepted now.
    pub ids: Vec<String>,
    /// The output file's text.
    pub text: String,
}

/// Accepts the candidates of `candidates` (all, or `only`) by `by` at `at`
/// (an `xsd:dateTime`), merged with `existing`, the output file's text when it exists.
pub fn accept(
    candidates: &[u8],
    display: &str,
    only: &[String],
    by: &str,
    at: &str,
    existing: Option<(&str, &str)>,
) -> Result<Accepted> {
    let quads = parse(candidates, display)?;
    let id_of = |g: &GraphName| match g {
        GraphName::NamedNode(n) => n.as_str().strip_prefix(CANDIDATE_GRAPH).map(str::to_owned),
        _ => None,
    };
    let all: BTreeSet<String> = quads.iter().filter_map(|q| id_of(&q.graph_name)).collect();
    if all.is_empty() {
        return Err(Error::Usage(format!(
            "{display}: no candidates in it (is it the output of `dipkg extract`?)"
        )));
    }
    for id in only {
        if !all.contains(id) {
            let close: Vec<&String> = all
                .iter()
                .filter(|a| strsim::normalized_levenshtein(a, id) > 0.7)
                .take(3)
                .collect();
            return Err(Error::Usage(format!(
                "{display}: no candidate {id}{}",
                if close.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; did you mean {}?",
                        close
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )));
        }
    }
    let chosen: BTreeSet<String> = if only.is_empty() {
        all
    } else {
        only.iter().cloned().collect()
    };
    // The description graph's subjects that come along with each chosen candidate.
    let mut keep: BTreeSet<String> = BTreeSet::new();
    for id in &chosen {
        keep.insert(format!("{CANDIDATE_GRAPH}{id}"));
        let citation = format!("{DKR}citation/x-{id}");
        keep.insert(format!("{citation}#position"));
        keep.insert(format!("{citation}#quote"));
        keep.insert(citation);
    }
    let status = NamedNode::new_unchecked(format!("{DKG}reviewStatus"));
    let candidate = Term::NamedNode(NamedNode::new_unchecked(format!("{DKG}candidate")));
    let accepted = NamedNode::new_unchecked(format!("{DKG}accepted"));
    let mut out: HashSet<Quad> = HashSet::new();
    let mut used: HashSet<Term> = HashSet::new();
    for q in &quads {
        if let Some(id) = id_of(&q.graph_name) {
            if chosen.contains(&id) {
                out.insert(q.clone());
            }
            continue;
        }
        let in_description = matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str().starts_with(CANDIDATES_GRAPH));
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        if in_description && keep.contains(s.as_str()) {
            if q.predicate == status && q.object == candidate {
                out.insert(Quad::new(
                    q.subject.clone(),
                    status.clone(),
                    accepted.clone(),
                    q.graph_name.clone(),
                ));
            } else {
                out.insert(q.clone());
            }
            used.insert(q.object.clone());
        }
    }
    // The activity, its agent and the source, as far as the kept statements point to them.
    let mut frontier: Vec<Term> = used.into_iter().collect();
    let mut seen: HashSet<Term> = HashSet::new();
    while let Some(term) = frontier.pop() {
        if !seen.insert(term.clone()) {
            continue;
        }
        let Term::NamedNode(n) = &term else { continue };
        for q in &quads {
            let in_description = matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str().starts_with(CANDIDATES_GRAPH));
            if in_description && matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if s == n) {
                out.insert(q.clone());
                frontier.push(q.object.clone());
            }
        }
    }
    let curator = format!("{DKR}agent/curator-{}", crate::source::registry::slug(by));
    let description = out
        .iter()
        .find(|q| matches!(&q.subject, NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(CANDIDATE_GRAPH)))
        .map(|q| q.graph_name.clone());
    if let Some(graph) = description {
        let agent = NamedNode::new_unchecked(&curator);
        let lang = |v: &str| Literal::new_language_tagged_literal_unchecked(v, "en");
        for p in [
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2004/02/skos/core#prefLabel",
        ] {
            out.insert(Quad::new(
                agent.clone(),
                NamedNode::new_unchecked(p),
                lang(by),
                graph.clone(),
            ));
        }
        out.insert(Quad::new(
            agent.clone(),
            NamedNode::new_unchecked(crate::vocab::RDF_TYPE),
            NamedNode::new_unchecked("http://www.w3.org/ns/prov#Agent"),
            graph.clone(),
        ));
        for id in &chosen {
            let g = NamedNode::new_unchecked(format!("{CANDIDATE_GRAPH}{id}"));
            out.insert(Quad::new(
                g.clone(),
                NamedNode::new_unchecked("http://www.w3.org/ns/prov#wasAttributedTo"),
                agent.clone(),
                graph.clone(),
            ));
            out.insert(Quad::new(
                g,
                NamedNode::new_unchecked("http://purl.org/dc/terms/dateAccepted"),
                Literal::new_typed_literal(
                    at,
                    NamedNode::new_unchecked(format!("{}dateTime", crate::vocab::XSD)),
                ),
                graph.clone(),
            ));
        }
    }
    if let Some((existing, path)) = existing {
        out.extend(parse(existing.as_bytes(), path)?);
    }
    let mut serializer = RdfSerializer::from_format(RdfFormat::TriG);
    for (name, iri) in [
        ("dcterms", "http://purl.org/dc/terms/"),
        ("dkg", DKG),
        ("oa", "http://www.w3.org/ns/oa#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("schema", "https://schema.org/"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("xsd", crate::vocab::XSD),
    ] {
        serializer = serializer
            .with_prefix(name, iri)
            .map_err(|e| Error::Data(e.to_string()))?;
    }
    let mut bytes = format!(
        "{MARKER}: candidate statements of `dipkg extract` that a curator reviewed and\n# accepted, each with its citation, provenance, who accepted it and when.\n"
    )
    .into_bytes();
    let mut writer = serializer.for_writer(&mut bytes);
    let mut sorted: Vec<&Quad> = out.iter().collect();
    sorted.sort_by_key(|q| {
        (
            q.graph_name.to_string(),
            q.subject.to_string(),
            q.predicate.to_string(),
            q.object.to_string(),
        )
    });
    for q in sorted {
        writer
            .serialize_quad(q)
            .map_err(|e| Error::Data(e.to_string()))?;
    }
    writer.finish().map_err(|e| Error::Data(e.to_string()))?;
    Ok(Accepted {
        ids: chosen.into_iter().collect(),
        text: String::from_utf8(bytes).map_err(|e| Error::Data(e.to_string()))?,
    })
}
