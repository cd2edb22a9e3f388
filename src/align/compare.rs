//! Compares what we say with what another source says about the same entities
//! (`dipkg compare --against SOURCE`): dates of events, offices held, capitals,
//! places. Each fact is an agreement, a conflict, or known to one side only,
//! and is reported with both values and both sources.
//!
//! The same entity is found through links: our `owl:sameAs` (curated, and any
//! links files given, such as the output of `dipkg link`), or our own IRI where
//! the source speaks of it directly. The source is read in one stream and only
//! what concerns linked entities is kept. It can speak in two shapes: plain
//! statements with Wikidata's direct properties (mapped to ours by
//! [`PROPERTY_MAP`]), or `dkg:Claim`s like `data/other-sources.trig` (entity,
//! property, value, and who claims it).

use crate::align::Against;
use crate::error::{Error, Result};
use crate::rdf::store as rdf_store;
use crate::rdf::xsd;
use crate::vocab::{DKG, DKR, OWL_SAME_AS, SCHEMA_SAME_AS, SKOS_CLOSE_MATCH, WDT};
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Their property (Wikidata direct property id) and ours (dkg local name).
pub const PROPERTY_MAP: &[(&str, &str)] = &[
    ("P585", "date"),
    ("P580", "startDate"),
    ("P582", "endDate"),
    ("P36", "capital"),
    ("P17", "country"),
    ("P276", "place"),
    ("P39", "holdsOffice"),
];

/// How a fact compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Both sides give the same value (dates at the precision both have).
    Agree,
    /// Both sides give a value and they differ.
    Conflict,
    /// Only we give a value.
    OnlyOurs,
    /// Only the other source gives a value.
    OnlyTheirs,
}

impl Status {
    /// The word in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agree => "agree",
            Self::Conflict => "conflict",
            Self::OnlyOurs => "only-ours",
            Self::OnlyTheirs => "only-theirs",
        }
    }
}

/// One compared fact.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    /// Our entity.
    pub entity: String,
    /// Our property.
    pub property: String,
    /// The verdict.
    pub status: Status,
    /// Our values (N-Triples syntax), joined by spaces.
    pub ours: String,
    /// Where our values are stated: the named graphs.
    pub our_source: String,
    /// Their values.
    pub theirs: String,
    /// Who says it: the claim's source, or the source's entity.
    pub their_source: String,
}

/// What the other source says: (entity, our property) → (values, who says them).
type Theirs = BTreeMap<(NamedNode, NamedNode), Vec<(Term, String)>>;

/// Our entity for each IRI of theirs, from `schema:sameAs` (the shipped links)
/// and `owl:sameAs` (links files) in `store`; our own IRIs map to themselves.
pub fn link_map(store: &Store) -> Result<HashMap<String, NamedNode>> {
    let mut map = links_by(store, SCHEMA_SAME_AS)?;
    map.extend(links_by(store, OWL_SAME_AS)?);
    Ok(map)
}

/// Our entity for each IRI of theirs that `predicate` links ours to.
fn links_by(store: &Store, predicate: &str) -> Result<HashMap<String, NamedNode>> {
    let predicate = NamedNode::new_unchecked(predicate);
    let mut map = HashMap::new();
    for quad in store.quads_for_pattern(None, Some(predicate.as_ref()), None, None) {
        let quad = quad?;
        if let (NamedOrBlankNode::NamedNode(ours), Term::NamedNode(theirs)) =
            (&quad.subject, &quad.object)
        {
            map.insert(theirs.as_str().to_owned(), ours.clone());
        }
    }
    Ok(map)
}

/// What a comparison used and found, so an empty report says why it is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanation {
    /// Curated `owl:sameAs` links of the dataset.
    pub curated: usize,
    /// `owl:sameAs` links of the `--links` files.
    pub from_files: usize,
    /// `skos:closeMatch` links used (with `--include-close`).
    pub close_used: usize,
    /// `skos:closeMatch` links left unused (without `--include-close`).
    pub close_unused: usize,
    /// Our entities the source says something about (through a link or our own IRI).
    pub entities_seen: usize,
    /// Values the source gives for the compared properties.
    pub values: usize,
}

impl Explanation {
    /// One line on the links used and, for an empty report, why it is empty.
    pub fn describe(&self, rows: usize, against: &str) -> String {
        let mut text = format!(
            "compared through {} links ({} curated schema:sameAs, {} owl:sameAs from --links, {} skos:closeMatch); {} of our entities found in {against}, {} values of theirs; {rows} rows",
            self.curated + self.from_files + self.close_used,
            self.curated,
            self.from_files,
            self.close_used,
            self.entities_seen,
            self.values,
        );
        if rows == 0 {
            let why = if self.curated + self.from_files + self.close_used == 0 {
                "no links to follow: add owl:sameAs links, e.g. --links FILE written by `dipkg link`".to_owned()
            } else if self.entities_seen == 0 {
                format!(
                    "{against} says nothing about the IRIs our links point to, nor uses our IRIs (it needs Wikidata direct properties, wdt:P…, or dkg:Claims)"
                )
            } else {
                "it gives no value for the compared properties (dates P585 P580 P582, P36, P17, P276, P39)".to_owned()
            };
            text.push_str(&format!("; nothing to compare: {why}"));
        }
        if self.close_unused > 0 {
            text.push_str(&format!(
                "; {} skos:closeMatch links not used (--include-close uses them)",
                self.close_unused
            ));
        }
        text.push('\n');
        text
    }
}

/// The whole job of `dipkg compare`: our links (curated, plus those of
/// `links_files`, plus `skos:closeMatch` with `include_close`), what the
/// source says about linked entities, the rows, and what was used.
pub fn run(
    store: &Store,
    against: Against<'_>,
    links_files: &[PathBuf],
    include_close: bool,
) -> Result<(Vec<Row>, Explanation)> {
    let mut links = link_map(store)?;
    let mut explanation = Explanation {
        curated: links.len(),
        ..Explanation::default()
    };
    let documents = rdf_store::read_paths(links_files)?;
    let files = rdf_store::load_documents(&documents, 0)?.store;
    let from_files = link_map(&files)?;
    explanation.from_files = from_files
        .keys()
        .filter(|k| !links.contains_key(*k))
        .count();
    links.extend(from_files);
    let mut close = links_by(store, SKOS_CLOSE_MATCH)?;
    close.extend(links_by(&files, SKOS_CLOSE_MATCH)?);
    // Resources only: the ontology's class mappings (dkg:Treaty skos:closeMatch …) are not entities.
    close.retain(|theirs, ours| !links.contains_key(theirs) && ours.as_str().starts_with(DKR));
    if include_close {
        explanation.close_used = close.len();
        links.extend(close);
    } else {
        explanation.close_unused = close.len();
    }
    let (theirs, seen) = match against {
        Against::Endpoint { client, url } => endpoint_source(client, url, &links)?,
        Against::File(path) => read_source(path, &links)?,
    };
    explanation.entities_seen = seen.len();
    explanation.values = theirs.values().map(Vec::len).sum();
    Ok((compare(store, &theirs, &seen)?, explanation))
}

/// Streams the source file and keeps what it says about linked entities; also
/// returns which of our entities it speaks of.
pub fn read_source(
    path: &Path,
    links: &HashMap<String, NamedNode>,
) -> Result<(Theirs, HashSet<NamedNode>)> {
    let (reader, format) = crate::rdf::read::open(path)?;
    let quads = RdfParser::from_format(format).for_reader(reader).map(|q| {
        q.map_err(|e| Error::BadFile {
            path: path.display().to_string(),
            message: e.to_string(),
        })
    });
    gather(quads, &path.display().to_string(), links)
}

/// What a SPARQL endpoint says about the entities our links point to: each of
/// their IRIs is bound as a term on a fixed query's algebra and asked for the
/// properties of [`PROPERTY_MAP`]. (Claims are read from files only.)
pub fn endpoint_source(
    client: &crate::remote::http::Client,
    url: &str,
    links: &HashMap<String, NamedNode>,
) -> Result<(Theirs, HashSet<NamedNode>)> {
    let parsed = crate::sparql::catalog::SavedQuery::new(
        "compare --against",
        "compare.rs",
        include_str!("sparql/compare-endpoint-statements.rq"),
    )
    .parse()?;
    let variable = oxigraph::model::Variable::new_unchecked("_s_iri");
    let mut theirs: Vec<&String> = links.keys().collect();
    theirs.sort();
    let mut quads = Vec::new();
    for iri in theirs {
        let Ok(subject) = NamedNode::new(iri.as_str()) else {
            continue;
        };
        let rows = crate::remote::endpoint::select_with(
            client,
            url,
            &parsed,
            &variable,
            Term::NamedNode(subject.clone()),
        )?;
        for row in rows {
            if let [Some(Term::NamedNode(p)), Some(o)] = &row[..] {
                quads.push(Ok(Quad::new(
                    subject.clone(),
                    p.clone(),
                    o.clone(),
                    GraphName::DefaultGraph,
                )));
            }
        }
    }
    gather(quads.into_iter(), url, links)
}

/// Sorts a source's quads into what it says about linked entities.
fn gather(
    quads: impl Iterator<Item = Result<Quad>>,
    source_name: &str,
    links: &HashMap<String, NamedNode>,
) -> Result<(Theirs, HashSet<NamedNode>)> {
    let mut seen = HashSet::new();
    let mut direct: Vec<Quad> = Vec::new();
    let mut claims: HashMap<NamedOrBlankNode, Vec<Quad>> = HashMap::new();
    for quad in quads {
        let quad = quad?;
        let p = quad.predicate.as_str();
        if p.starts_with(DKG) && p[DKG.len()..].starts_with("claim") {
            claims.entry(quad.subject.clone()).or_default().push(quad);
        } else if p.starts_with(WDT) {
            if let NamedOrBlankNode::NamedNode(s) = &quad.subject {
                if let Some(ours) = links.get(s.as_str()) {
                    seen.insert(ours.clone());
                    direct.push(quad);
                }
            }
        }
    }
    let mut theirs: Theirs = BTreeMap::new();
    for quad in direct {
        let NamedOrBlankNode::NamedNode(s) = &quad.subject else {
            continue;
        };
        let id = &quad.predicate.as_str()[WDT.len()..];
        let Some((_, ours)) = PROPERTY_MAP.iter().find(|(theirs, _)| *theirs == id) else {
            continue;
        };
        let (Some(entity), Ok(property)) = (
            links.get(s.as_str()),
            NamedNode::new(format!("{DKG}{ours}")),
        ) else {
            continue;
        };
        theirs.entry((entity.clone(), property)).or_default().push((
            map_value(quad.object, links),
            format!("{s} in {source_name}"),
        ));
    }
    for (claim, quads) in claims {
        let get = |local: &str| -> Vec<Term> {
            quads
                .iter()
                .filter(|q| q.predicate.as_str() == format!("{DKG}{local}"))
                .map(|q| q.object.clone())
                .collect()
        };
        let about = get("claimAbout");
        let Some(Term::NamedNode(about)) = about.first() else {
            continue;
        };
        let entity = links
            .get(about.as_str())
            .cloned()
            .unwrap_or_else(|| about.clone());
        seen.insert(entity.clone());
        let who = get("claimedBy")
            .first()
            .map_or_else(|| claim.to_string(), ToString::to_string);
        let who = match quads.first().map(|q| &q.graph_name) {
            Some(GraphName::NamedNode(g)) => format!("{who} (claim {claim} in graph {g})"),
            _ => format!("{who} (claim {claim})"),
        };
        let (value, start, end) = (get("claimValue"), get("claimStart"), get("claimEnd"));
        for property in get("claimProperty") {
            let Term::NamedNode(property) = property else {
                continue;
            };
            let values = match property.as_str().strip_prefix(DKG) {
                Some("startDate") if !start.is_empty() => start.clone(),
                Some("endDate") if !end.is_empty() => end.clone(),
                _ => value.clone(),
            };
            // A claim only in words (dkg:claimText) has no value to compare.
            for v in values {
                theirs
                    .entry((entity.clone(), property.clone()))
                    .or_default()
                    .push((map_value(v, links), who.clone()));
            }
        }
    }
    Ok((theirs, seen))
}

/// An IRI value of theirs is compared as the entity of ours it is linked to.
fn map_value(value: Term, links: &HashMap<String, NamedNode>) -> Term {
    match &value {
        Term::NamedNode(n) => links
            .get(n.as_str())
            .cloned()
            .map_or(value, Term::NamedNode),
        _ => value,
    }
}

/// Whether two values agree: IRIs equal, literals equal at the precision both have.
fn same_value(a: &Term, b: &Term) -> bool {
    match (a, b) {
        (Term::Literal(x), Term::Literal(y)) => {
            let (x, y) = (x.value(), y.value().trim_start_matches('+'));
            x == y || xsd::dates_agree(x, y)
        }
        _ => a == b,
    }
}

/// Compares every fact the source gives with ours, and our facts of the same
/// kinds about linked entities with what the source gives.
pub fn compare(store: &Store, theirs: &Theirs, linked: &HashSet<NamedNode>) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let properties: Vec<NamedNode> = PROPERTY_MAP
        .iter()
        .map(|(_, ours)| NamedNode::new_unchecked(format!("{DKG}{ours}")))
        .collect();
    let mut keys: BTreeSet<(NamedNode, NamedNode)> = theirs.keys().cloned().collect();
    for entity in linked {
        for property in &properties {
            keys.insert((entity.clone(), property.clone()));
        }
    }
    for (entity, property) in keys {
        let mut ours: Vec<(Term, String)> = Vec::new();
        for quad in store.quads_for_pattern(
            Some(entity.as_ref().into()),
            Some(property.as_ref()),
            None,
            None,
        ) {
            let quad = quad?;
            let graph = match &quad.graph_name {
                GraphName::NamedNode(g) => g.as_str().to_owned(),
                _ => "default graph".to_owned(),
            };
            ours.push((quad.object, graph));
        }
        let their = theirs.get(&(entity.clone(), property.clone()));
        let their: &[(Term, String)] = their.map_or(&[], Vec::as_slice);
        let status = match (ours.is_empty(), their.is_empty()) {
            (true, true) => continue,
            (false, true) => Status::OnlyOurs,
            (true, false) => Status::OnlyTheirs,
            (false, false) => {
                if their
                    .iter()
                    .all(|(t, _)| ours.iter().any(|(o, _)| same_value(o, t)))
                {
                    Status::Agree
                } else {
                    Status::Conflict
                }
            }
        };
        let join = |values: &[(Term, String)], pick: fn(&(Term, String)) -> String| {
            let set: BTreeSet<String> = values.iter().map(pick).collect();
            set.into_iter().collect::<Vec<_>>().join(" ")
        };
        rows.push(Row {
            entity: entity.as_str().to_owned(),
            property: property.as_str().to_owned(),
            status,
            ours: join(&ours, |(t, _)| t.to_string()),
            our_source: join(&ours, |(_, g)| g.clone()),
            theirs: join(their, |(t, _)| t.to_string()),
            their_source: join(their, |(_, w)| w.clone()),
        });
    }
    rows.sort();
    Ok(rows)
}

/// Writes the comparison as TSV with a header line.
pub fn write_tsv(rows: &[Row], out: &mut impl Write) -> Result<()> {
    writeln!(
        out,
        "status\tentity\tproperty\tours\tour source\ttheirs\ttheir source"
    )
    .map_err(Error::Write)?;
    for r in rows {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.status.as_str(),
            r.entity,
            r.property,
            clean(&r.ours),
            clean(&r.our_source),
            clean(&r.theirs),
            clean(&r.their_source)
        )
        .map_err(Error::Write)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    #[test]
    fn dates_agree_at_the_shared_precision_only() {
        let date = |s: &str| Term::Literal(Literal::new_simple_literal(s));
        assert!(same_value(
            &date("1991-12-24"),
            &date("1991-12-24T00:00:00Z")
        ));
        assert!(same_value(&date("1992-04"), &date("1992-04-01")));
        assert!(!same_value(&date("1991-12-24"), &date("1992-01-29")));
        assert!(!same_value(&date("Ankara"), &date("Ankaragucu")));
    }
}
