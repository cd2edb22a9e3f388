//! Our side of linking: the entities of the six kinds, with their names, dates
//! and the places they lie in, and the kind a class of another source stands for.

use super::*;
use crate::error::Result;
use crate::sparql::query;
use crate::vocab::WD;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashMap};

/// What kind of thing an entity is; a candidate must be of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// A sovereign state.
    State,
    /// A place other than a state (cities, towns).
    Place,
    /// A person.
    Person,
    /// An office or position.
    Office,
    /// An organisation (parliaments, missions, international bodies).
    Organisation,
    /// An event or series of events.
    Event,
    /// A document: a treaty, a joint statement, a resolution.
    Document,
    /// Something none of ours can be (a taxon, a river, a film, a disambiguation page).
    Other,
}

impl Kind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::Place => "place",
            Self::Person => "person",
            Self::Office => "office",
            Self::Organisation => "organisation",
            Self::Event => "event",
            Self::Document => "document",
            Self::Other => "other",
        }
    }
}

/// The kind a class of the source stands for, where dipkg knows the class.
/// Wikidata classes by item id, and the schema.org, DBpedia and dipkg classes.
pub(crate) fn kind_of_class(iri: &str) -> Option<Kind> {
    let local = iri.strip_prefix(WD).unwrap_or(iri);
    Some(match local {
        "Q5"
        | "http://schema.org/Person"
        | "http://dbpedia.org/ontology/Person"
        | "http://xmlns.com/foaf/0.1/Person"
        | "https://w3id.org/dipkg/ontology#Person" => Kind::Person,
        "Q6256"
        | "Q3624078"
        | "http://schema.org/Country"
        | "http://dbpedia.org/ontology/Country"
        | "https://w3id.org/dipkg/ontology#SovereignState" => Kind::State,
        // city, capital, big city, city with millions, settlement, town, village, municipality
        "Q515"
        | "Q5119"
        | "Q1549591"
        | "Q1637706"
        | "Q486972"
        | "Q3957"
        | "Q532"
        | "Q15284"
        | "http://schema.org/City"
        | "http://dbpedia.org/ontology/City"
        | "http://dbpedia.org/ontology/Town"
        | "http://dbpedia.org/ontology/Settlement"
        | "https://w3id.org/dipkg/ontology#City" => Kind::Place,
        // public office, position
        "Q294414" | "Q4164871" => Kind::Office,
        // organisation, international organisation, parliament, embassy, consulate general,
        // consulate, government, government agency
        "Q43229"
        | "Q484652"
        | "Q35749"
        | "Q3917681"
        | "Q372690"
        | "Q7843791"
        | "Q7188"
        | "Q327333"
        | "http://schema.org/Organization"
        | "http://dbpedia.org/ontology/Organisation" => Kind::Organisation,
        // event, occurrence, coup d'état, meeting, recurring sporting event
        "Q1656682"
        | "Q1190554"
        | "Q45382"
        | "Q2761147"
        | "Q18608583"
        | "http://schema.org/Event"
        | "http://dbpedia.org/ontology/Event"
        | "https://w3id.org/dipkg/ontology#Event" => Kind::Event,
        // document, treaty
        "Q49848"
        | "Q131569"
        | "http://dbpedia.org/ontology/Treaty"
        | "https://w3id.org/dipkg/ontology#Document" => Kind::Document,
        // Things none of ours is: taxon, disambiguation page, historical country,
        // river, ship, album, film, airport, gene, protein, chemical compound,
        // scholarly article, family name, given name, Wikimedia category, song,
        // book, literary work, painting, video game, television series, asteroid
        "Q16521" | "Q4167410" | "Q3024240" | "Q4022" | "Q11446" | "Q482994" | "Q11424"
        | "Q1248784" | "Q7187" | "Q8054" | "Q11173" | "Q13442814" | "Q101352" | "Q202444"
        | "Q4167836" | "Q7366" | "Q571" | "Q7725634" | "Q3305213" | "Q7889" | "Q5398426"
        | "Q3863" => Kind::Other,
        _ => return None,
    })
}

/// One of our entities, with what matching needs.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    /// Its IRI.
    pub iri: NamedNode,
    /// Its kind.
    pub kind: Kind,
    /// Names and their language tags (empty when untagged).
    pub labels: Vec<(String, String)>,
    /// Dates (lexical forms: `2018`, `1992-04`, `2016-07-16`).
    pub dates: Vec<String>,
    /// Our states and places it lies in or took place in.
    pub within: Vec<NamedNode>,
    /// The latest date of anything our data dates that involves it (a state
    /// dissolved before it cannot be it).
    pub last_attested: Option<String>,
}

/// A candidate from the source as scoring reads it: its types, dates and
/// where it lies (its names are read once each, apart).
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidate {
    /// Classes (`wdt:P31` or `rdf:type`).
    pub types: Vec<String>,
    /// Dates of `P585`, `P580`, `P582`, `P571` and their schema.org and dipkg peers.
    pub dates: Vec<String>,
    /// Places it lies in: `P17`, `P131`, `P276`, `P27`.
    pub within: Vec<String>,
    /// When it ceased to exist: `P576` (dissolved, abolished or demolished).
    pub ended: Vec<String>,
}

/// Reads our entities of the six kinds from the dataset.
pub(crate) fn our_entities(store: &Store) -> Result<Vec<Entity>> {
    let kinds = query::select(store, "link", LINK_ENTITY_KINDS)?;
    let mut entities: BTreeMap<NamedNode, Kind> = BTreeMap::new();
    for row in kinds {
        let (Some(Term::NamedNode(e)), Some(Term::NamedNode(top))) = (&row[0], &row[1]) else {
            continue;
        };
        let kind = match top.as_str().rsplit('#').next() {
            Some("SovereignState") => Kind::State,
            Some("Place") => Kind::Place,
            Some("Person") => Kind::Person,
            Some("Office") => Kind::Office,
            Some("Organisation") => Kind::Organisation,
            Some("Event") => Kind::Event,
            Some("Document") => Kind::Document,
            _ => continue,
        };
        // A state is also a place: the most specific kind (first in the enum) wins.
        let entry = entities.entry(e.clone()).or_insert(kind);
        *entry = (*entry).min(kind);
    }
    let mut labels: HashMap<NamedNode, Vec<(String, String)>> = HashMap::new();
    for row in query::select(store, "link", LINK_LABELS)? {
        if let (Some(Term::NamedNode(e)), Some(Term::Literal(l))) = (&row[0], &row[1]) {
            labels.entry(e.clone()).or_default().push(literal_pair(l));
        }
    }
    let mut dates: HashMap<NamedNode, Vec<String>> = HashMap::new();
    for row in query::select(store, "link", LINK_DATES)? {
        if let (Some(Term::NamedNode(e)), Some(Term::Literal(d))) = (&row[0], &row[1]) {
            dates
                .entry(e.clone())
                .or_default()
                .push(d.value().to_owned());
        }
    }
    let mut within: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
    for row in query::select(store, "link", LINK_WITHIN)? {
        if let (Some(Term::NamedNode(e)), Some(Term::NamedNode(w))) = (&row[0], &row[1]) {
            within.entry(e.clone()).or_default().push(w.clone());
        }
    }
    let mut attested: HashMap<NamedNode, String> = HashMap::new();
    for row in query::select(store, "link", LINK_ATTESTED)? {
        if let (Some(Term::NamedNode(e)), Some(Term::Literal(d))) = (&row[0], &row[1]) {
            attested.insert(e.clone(), d.value().to_owned());
        }
    }
    Ok(entities
        .into_iter()
        .map(|(iri, kind)| Entity {
            last_attested: attested.remove(&iri),
            labels: labels.remove(&iri).unwrap_or_default(),
            dates: dates.remove(&iri).unwrap_or_default(),
            within: within.remove(&iri).unwrap_or_default(),
            iri,
            kind,
        })
        .collect())
}

fn literal_pair(l: &Literal) -> (String, String) {
    (
        l.value().to_owned(),
        l.language().unwrap_or_default().to_owned(),
    )
}
