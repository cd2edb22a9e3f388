//! What a page says about one resource, gathered once and rendered by both the
//! server and the static site: its names, types, statements out and in grouped
//! by property, each statement's provenance, its links to other datasets, what
//! other sources claim about it, and its dates.
//!
//! Provenance is read per statement: the statement's graph, and what that
//! graph `prov:wasDerivedFrom` (a citation of the source, or another source
//! for a graph of claims). Where a graph says nothing, the subject's
//! `dkg:statedIn` citations stand in. Statements of the inferred graph are
//! marked inferred, never shown as stated.

use crate::error::Result;
use crate::vocab::{DKG, INFERRED_GRAPH, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL};
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::store::Store;
use std::collections::BTreeMap;

const PROV_DERIVED: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
const RDFS_COMMENT: &str = "http://www.w3.org/2000/01/rdf-schema#comment";
const OA_EXACT: &str = "http://www.w3.org/ns/oa#exact";
const OA_SELECTOR: &str = "http://www.w3.org/ns/oa#hasSelector";

/// A name in one language (`""` for none).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    /// The text.
    pub text: String,
    /// The language tag, lower case, or empty.
    pub language: String,
}

/// A term with the label to show for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// The term.
    pub term: Term,
    /// Its label in the reader's language, when it has one.
    pub label: Option<String>,
}

/// Where a statement comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Provenance {
    /// A range of the source document.
    Source {
        /// The citation resource.
        citation: NamedNode,
        /// The paragraph, when the citation gives it.
        paragraph: Option<String>,
        /// The source's own words: the quoted text, or the key phrase.
        quote: Option<String>,
    },
    /// Another dataset or source (Wikidata, a news article), with its label.
    Other {
        /// The citation or source resource.
        iri: NamedNode,
        /// Its label.
        label: Option<String>,
    },
    /// Entailed by `--infer`, not stated by anyone.
    Inferred,
}

/// One value of a property, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The value (outgoing) or the subject pointing here (incoming).
    pub value: Labelled,
    /// The graph it is stated in.
    pub graph: Option<NamedNode>,
    /// Its provenance, possibly several.
    pub provenance: Vec<Provenance>,
}

/// The statements of one property.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The property, labelled.
    pub property: Labelled,
    /// How many statements there are in all.
    pub total: usize,
    /// The statements shown (all outgoing; a page of incoming).
    pub statements: Vec<Statement>,
}

/// Everything a resource page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The resource.
    pub iri: NamedNode,
    /// The label in the reader's language, with fallback.
    pub label: String,
    /// Every name, sorted by language.
    pub names: Vec<Name>,
    /// A description in the reader's language, when there is one.
    pub comment: Option<String>,
    /// Its types, labelled.
    pub types: Vec<Labelled>,
    /// Statements about it, grouped by property (types and names apart).
    pub outgoing: Vec<Group>,
    /// Statements pointing to it, grouped by property.
    pub incoming: Vec<Group>,
    /// Links to Wikidata, DBpedia, GeoNames and the like.
    pub external: Vec<Labelled>,
    /// Claims of other sources about it.
    pub claims: Vec<Labelled>,
    /// Which page of the incoming statements this is (from 0).
    pub incoming_page: usize,
}

/// The languages a page can be read in, preferred first.
pub const LANGUAGES: &[&str] = &["en", "ky", "ru", "tr"];

/// How many incoming statements of one property a page shows.
pub const INCOMING_PAGE: usize = 20;

/// Whether the store says anything about `iri` (as subject or object).
pub fn exists(store: &Store, iri: NamedNodeRef<'_>) -> Result<bool> {
    Ok(store
        .quads_for_pattern(Some(iri.into()), None, None, None)
        .next()
        .is_some()
        || store
            .quads_for_pattern(None, None, Some(iri.into()), None)
            .next()
            .is_some())
}

/// The label of a term in `language`, falling back to English, then any.
pub fn label(store: &Store, term: &Term, language: &str) -> Result<Option<String>> {
    let Term::NamedNode(node) = term else {
        return Ok(None);
    };
    let names = names(store, node.as_ref())?;
    Ok(pick(&names, language).map(|n| n.text.clone()))
}

fn pick<'a>(names: &'a [Name], language: &str) -> Option<&'a Name> {
    names
        .iter()
        .find(|n| n.language == language)
        .or_else(|| names.iter().find(|n| n.language == "en"))
        .or_else(|| names.first())
}

/// Every name of a resource: `rdfs:label` and `skos:prefLabel`, one per
/// (text, language), sorted.
pub fn names(store: &Store, iri: NamedNodeRef<'_>) -> Result<Vec<Name>> {
    let mut out = Vec::new();
    for predicate in [RDFS_LABEL, SKOS_PREF_LABEL] {
        for quad in store.quads_for_pattern(
            Some(iri.into()),
            Some(NamedNodeRef::new_unchecked(predicate)),
            None,
            None,
        ) {
            if let Term::Literal(l) = quad?.object {
                out.push(Name {
                    text: l.value().to_owned(),
                    language: l.language().unwrap_or_default().to_ascii_lowercase(),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn labelled(store: &Store, term: Term, language: &str) -> Result<Labelled> {
    let label = label(store, &term, language)?;
    Ok(Labelled { term, label })
}

/// Gathers the page of `iri` for a reader of `language`; `incoming_page`
/// (from 0) pages the incoming statements of every property.
pub fn describe(
    store: &Store,
    iri: &NamedNode,
    language: &str,
    incoming_page: usize,
) -> Result<Resource> {
    let names = names(store, iri.as_ref())?;
    let label = pick(&names, language).map_or_else(|| iri.as_str().to_owned(), |n| n.text.clone());
    let mut comment = None;
    let mut types = Vec::new();
    let mut outgoing: BTreeMap<String, Vec<Quad>> = BTreeMap::new();
    let mut external = Vec::new();
    for quad in store.quads_for_pattern(Some(iri.as_ref().into()), None, None, None) {
        let quad = quad?;
        let predicate = quad.predicate.as_str();
        if predicate == RDF_TYPE {
            if !types.iter().any(|t: &Labelled| t.term == quad.object) {
                types.push(labelled(store, quad.object.clone(), language)?);
            }
            continue;
        }
        if predicate == RDFS_LABEL || predicate == SKOS_PREF_LABEL {
            continue;
        }
        if predicate == RDFS_COMMENT {
            if let Term::Literal(l) = &quad.object {
                let lang = l.language().unwrap_or_default();
                if comment.is_none() || lang == language {
                    comment = Some(l.value().to_owned());
                }
            }
            continue;
        }
        if is_external(&quad.object) {
            external.push(labelled(store, quad.object.clone(), language)?);
        }
        outgoing.entry(predicate.to_owned()).or_default().push(quad);
    }
    let mut incoming: BTreeMap<String, Vec<Quad>> = BTreeMap::new();
    for quad in store.quads_for_pattern(None, None, Some(iri.as_ref().into()), None) {
        let quad = quad?;
        incoming
            .entry(quad.predicate.as_str().to_owned())
            .or_default()
            .push(quad);
    }
    let mut claims = Vec::new();
    for quad in store.quads_for_pattern(
        None,
        Some(NamedNodeRef::new_unchecked(&format!("{DKG}claimAbout"))),
        Some(iri.as_ref().into()),
        None,
    ) {
        if let NamedOrBlankNode::NamedNode(claim) = quad?.subject {
            claims.push(labelled(store, claim.into(), language)?);
        }
    }
    types.sort_by(|a, b| a.label.cmp(&b.label));
    // The store's order differs between memory and disk: pages must not.
    claims.sort_by_cached_key(|c| (c.label.clone(), c.term.to_string()));
    claims.dedup();
    external.sort_by_key(|a| a.term.to_string());
    external.dedup();
    Ok(Resource {
        iri: iri.clone(),
        label,
        names,
        comment,
        types,
        outgoing: groups(store, outgoing, language, false, 0)?,
        incoming: groups(store, incoming, language, true, incoming_page)?,
        external,
        claims,
        incoming_page,
    })
}

fn groups(
    store: &Store,
    by_property: BTreeMap<String, Vec<Quad>>,
    language: &str,
    incoming: bool,
    page: usize,
) -> Result<Vec<Group>> {
    let mut out = Vec::new();
    for (property, mut quads) in by_property {
        quads.sort_by_cached_key(|q| {
            if incoming {
                q.subject.to_string()
            } else {
                q.object.to_string()
            }
        });
        let total = quads.len();
        let shown: Vec<Quad> = if incoming {
            quads
                .into_iter()
                .skip(page * INCOMING_PAGE)
                .take(INCOMING_PAGE)
                .collect()
        } else {
            quads
        };
        let mut statements = Vec::new();
        for quad in shown {
            let value = if incoming {
                Term::from(quad.subject.clone())
            } else {
                quad.object.clone()
            };
            statements.push(Statement {
                value: labelled(store, value, language)?,
                graph: match &quad.graph_name {
                    GraphName::NamedNode(g) => Some(g.clone()),
                    _ => None,
                },
                provenance: provenance(store, &quad, language)?,
            });
        }
        out.push(Group {
            property: labelled(store, NamedNode::new_unchecked(property).into(), language)?,
            total,
            statements,
        });
    }
    out.sort_by(|a, b| {
        (
            a.property.label.as_deref().unwrap_or("~"),
            a.property.term.to_string(),
        )
            .cmp(&(
                b.property.label.as_deref().unwrap_or("~"),
                b.property.term.to_string(),
            ))
    });
    Ok(out)
}

/// Whether a value is an item of another linked-data source.
fn is_external(term: &Term) -> bool {
    let Term::NamedNode(n) = term else {
        return false;
    };
    crate::rdf::void::LINK_TARGETS
        .iter()
        .any(|(_, items, _)| n.as_str().starts_with(items))
}

/// Where one statement comes from: what its graph is derived from, or else
/// the subject's own citations.
pub fn provenance(store: &Store, quad: &Quad, language: &str) -> Result<Vec<Provenance>> {
    let GraphName::NamedNode(graph) = &quad.graph_name else {
        return Ok(Vec::new());
    };
    if graph.as_str() == INFERRED_GRAPH {
        return Ok(vec![Provenance::Inferred]);
    }
    let derived = NamedNodeRef::new_unchecked(PROV_DERIVED);
    let mut sources: Vec<NamedNode> = objects(store, graph.as_ref().into(), derived)?;
    if sources.is_empty() {
        if let NamedOrBlankNode::NamedNode(subject) = &quad.subject {
            let stated_in = NamedNode::new_unchecked(format!("{DKG}statedIn"));
            sources = objects(store, subject.as_ref().into(), stated_in.as_ref())?;
        }
    }
    let mut out = Vec::new();
    for source in sources {
        out.push(describe_source(store, source, language)?);
    }
    Ok(out)
}

fn objects(
    store: &Store,
    subject: oxigraph::model::NamedOrBlankNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
) -> Result<Vec<NamedNode>> {
    let mut out = Vec::new();
    for quad in store.quads_for_pattern(Some(subject), Some(predicate), None, None) {
        if let Term::NamedNode(n) = quad?.object {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn literal(store: &Store, subject: NamedNodeRef<'_>, predicate: &str) -> Result<Option<String>> {
    let found = store
        .quads_for_pattern(
            Some(subject.into()),
            Some(NamedNodeRef::new_unchecked(predicate)),
            None,
            None,
        )
        .next()
        .transpose()?;
    Ok(found.and_then(|q| match q.object {
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }))
}

fn describe_source(store: &Store, source: NamedNode, language: &str) -> Result<Provenance> {
    let citation_class = NamedNode::new_unchecked(format!("{DKG}Citation"));
    let is_citation = store
        .quads_for_pattern(
            Some(source.as_ref().into()),
            Some(NamedNodeRef::new_unchecked(RDF_TYPE)),
            Some(TermRef::NamedNode(citation_class.as_ref())),
            None,
        )
        .next()
        .is_some()
        || literal(store, source.as_ref(), &format!("{DKG}paragraph"))?.is_some();
    if is_citation {
        // The quoted words: a Web Annotation TextQuoteSelector, else the key phrase.
        let mut quote = None;
        for selector in objects(
            store,
            source.as_ref().into(),
            NamedNodeRef::new_unchecked(OA_SELECTOR),
        )? {
            if let Some(exact) = literal(store, selector.as_ref(), OA_EXACT)? {
                quote = Some(exact);
            }
        }
        if quote.is_none() {
            quote = literal(store, source.as_ref(), &format!("{DKG}keyPhrase"))?;
        }
        return Ok(Provenance::Source {
            paragraph: literal(store, source.as_ref(), &format!("{DKG}paragraph"))?,
            quote,
            citation: source,
        });
    }
    let label = label(store, &source.clone().into(), language)?;
    Ok(Provenance::Other { iri: source, label })
}
