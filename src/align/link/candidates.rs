//! The other side: the source's entities whose names hit our index, with the
//! facts scoring needs, streamed from a file or asked of an endpoint.

use super::entities::literal_pair;
use super::*;
use crate::error::{Error, Result};
use crate::rdf::read;
use crate::vocab::{RDF_TYPE, WDT};
use oxigraph::model::{Literal, Quad, Term};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Where candidates come from.
pub(crate) enum Source<'a> {
    /// An RDF file, `.gz` or not, format by its (inner) extension.
    File(&'a Path),
    /// Quads already in memory (an endpoint's answer, a test).
    Quads(Vec<Quad>),
}

pub(super) fn is_label(predicate: &str) -> bool {
    LABEL_PREDICATES.contains(&predicate)
}

/// Adds what one quad says about a candidate.
pub(super) fn note(candidate: &mut Candidate, quad: &Quad) {
    let p = quad.predicate.as_str();
    match (&quad.object, p) {
        (Term::Literal(l), p) if is_label(p) => candidate.labels.push(literal_pair(l)),
        (Term::NamedNode(c), p)
            if p == RDF_TYPE || p == "http://www.wikidata.org/prop/direct/P31" =>
        {
            candidate.types.push(c.as_str().to_owned());
        }
        (Term::NamedNode(w), p)
            if ["P17", "P131", "P276", "P27"]
                .iter()
                .any(|id| p.strip_prefix(WDT) == Some(id)) =>
        {
            candidate.within.push(w.as_str().to_owned());
        }
        (Term::Literal(d), p) if p.strip_prefix(WDT) == Some("P576") => {
            candidate.ended.push(d.value().to_owned());
        }
        (Term::Literal(d), p)
            if ["P585", "P580", "P582", "P571"]
                .iter()
                .any(|id| p.strip_prefix(WDT) == Some(id))
                || [
                    "http://schema.org/startDate",
                    "http://schema.org/endDate",
                    "https://w3id.org/dipkg/ontology#date",
                    "https://w3id.org/dipkg/ontology#startDate",
                    "https://w3id.org/dipkg/ontology#endDate",
                ]
                .contains(&p) =>
        {
            candidate.dates.push(d.value().to_owned());
        }
        _ => {}
    }
}

/// Finds the source's entities whose names hit the index, with their facts.
pub(crate) fn candidates(source: Source<'_>, index: &Index) -> Result<HashMap<String, Candidate>> {
    let subject_of = |quad: &Quad| match &quad.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    };
    let mut found: HashMap<String, Candidate> = HashMap::new();
    // Whether a name hits, per distinct name: a name repeated a million times is
    // looked up once (bounded: a cache, not a copy of the source's names).
    let mut known: HashMap<(String, String), bool> = HashMap::new();
    let mut hit = |quad: &Quad| {
        if let (Some(s), Term::Literal(l)) = (subject_of(quad), &quad.object) {
            if is_label(quad.predicate.as_str()) && !found.contains_key(&s) {
                let language = l.language().unwrap_or_default();
                let key = (l.value().to_owned(), language.to_owned());
                let hits = match known.get(&key) {
                    Some(&hits) => hits,
                    None => {
                        if known.len() > 100_000 {
                            known.clear();
                        }
                        let hits = index.hits(l.value(), language);
                        known.insert(key, hits);
                        hits
                    }
                };
                if hits {
                    found.insert(s, Candidate::default());
                }
            }
        }
    };
    match source {
        Source::File(path) => {
            // First pass: names only; second: the facts of the entities that hit.
            read::stream(path, |q| hit(&q))?;
            read::stream(path, |q| {
                if let Some(c) = subject_of(&q).and_then(|s| found.get_mut(&s)) {
                    note(c, &q);
                }
            })?;
        }
        Source::Quads(quads) => {
            for q in &quads {
                hit(q);
            }
            for q in &quads {
                if let Some(c) = subject_of(q).and_then(|s| found.get_mut(&s)) {
                    note(c, q);
                }
            }
        }
    }
    Ok(found)
}

/// Candidates from a SPARQL endpoint: for each of our names, the entities
/// with exactly that name and their facts. Each name goes in as a typed term
/// bound on a fixed query's algebra, never spliced into its text. Only exact
/// names can be asked for, so transliterated variants are found only where we
/// list them among our names.
pub(crate) fn endpoint_candidates(
    client: &crate::remote::http::Client,
    url: &str,
    entities: &[Entity],
) -> Result<Vec<Quad>> {
    let parsed = crate::sparql::catalog::SavedQuery::new(
        "link --against",
        "link.rs",
        LINK_ENDPOINT_CANDIDATES,
    )
    .parse()?;
    let variable = oxigraph::model::Variable::new_unchecked("_name");
    let mut seen = HashSet::new();
    let mut quads = Vec::new();
    for entity in entities {
        for (label, language) in &entity.labels {
            let term: Term = if language.is_empty() {
                Literal::new_simple_literal(label).into()
            } else {
                Literal::new_language_tagged_literal(label, language)
                    .map_err(|e| Error::Data(format!("bad language tag {language:?}: {e}")))?
                    .into()
            };
            if !seen.insert(term.clone()) {
                continue;
            }
            for row in crate::remote::endpoint::select_with(client, url, &parsed, &variable, term)?
            {
                if let [Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)] = &row[..] {
                    quads.push(Quad::new(
                        s.clone(),
                        p.clone(),
                        o.clone(),
                        oxigraph::model::GraphName::DefaultGraph,
                    ));
                }
            }
        }
    }
    Ok(quads)
}
