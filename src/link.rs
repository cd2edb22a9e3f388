//! Links our entities to another linked-data source (`dipkg link --against`).
//!
//! For each of our states, people, places, organisations, offices and events,
//! candidates in the source are found through an index of *our* names (a few
//! hundred keys), never by comparing every pair: the source is streamed and
//! each of its names is looked up in that index, so a source of millions of
//! entities costs one read for the names and one for the facts of the few
//! entities whose names hit (a file is read twice; nothing but the candidates
//! is kept). A candidate is then scored on its names (normalised and
//! transliterated, see [`crate::names`]), its type (a person never matches a
//! city: an incompatible type removes it), dates and the places it lies in
//! where both sides have them, and the margin over the runner-up decides:
//! `owl:sameAs` when sure, `skos:closeMatch` when likely, nothing otherwise.
//!
//! Curated links (everything in the dataset outside `data/links/`, where the
//! generated files go) are never overwritten or contradicted: a proposal that
//! repeats one is left out, one that disagrees goes to the review report only.

use crate::error::{Error, Result};
use crate::names;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufReader, Read, Write};
use std::path::Path;

/// A match at least this good, with [`MARGIN`] over the runner-up, is `owl:sameAs`.
pub const SURE: f64 = 0.9;
/// A match at least this good, with [`MARGIN`] over the runner-up, is `skos:closeMatch`.
pub const LIKELY: f64 = 0.7;
/// How far the best candidate must lead the runner-up to be chosen.
pub const MARGIN: f64 = 0.15;
/// Candidates scoring below this are not worth a line in the review report.
pub const REPORTABLE: f64 = 0.5;

const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
const SKOS_CLOSE: &str = "http://www.w3.org/2004/02/skos/core#closeMatch";
const SKOS_EXACT: &str = "http://www.w3.org/2004/02/skos/core#exactMatch";
const UNVERIFIED: &str = "https://w3id.org/dipkg/ontology#unverifiedLink";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const WDT: &str = "http://www.wikidata.org/prop/direct/";
const WD: &str = "http://www.wikidata.org/entity/";

/// Graphs under this path hold generated links, which are not curated.
pub const GENERATED_GRAPHS: &str = "https://w3id.org/dipkg/graph/data/links/";

const LABEL_PREDICATES: &[&str] = &[
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://schema.org/name",
    "http://schema.org/alternateName",
    "http://xmlns.com/foaf/0.1/name",
];

/// What kind of thing an entity is; a candidate must be of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
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
    /// Something none of ours can be (a taxon, a river, a film, a disambiguation page).
    Other,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::Place => "place",
            Self::Person => "person",
            Self::Office => "office",
            Self::Organisation => "organisation",
            Self::Event => "event",
            Self::Other => "other",
        }
    }
}

/// The kind a class of the source stands for, where dipkg knows the class.
/// Wikidata classes by item id, and the schema.org, DBpedia and dipkg classes.
pub fn kind_of_class(iri: &str) -> Option<Kind> {
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
        | "http://dbpedia.org/ontology/Event" => Kind::Event,
        // taxon, disambiguation page, historical country, river, ship, album, film, airport
        "Q16521" | "Q4167410" | "Q3024240" | "Q4022" | "Q11446" | "Q482994" | "Q11424"
        | "Q1248784" => Kind::Other,
        _ => return None,
    })
}

/// One of our entities, with what matching needs.
#[derive(Debug, Clone)]
pub struct Entity {
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
}

/// A candidate from the source: its names, types, dates and where it lies.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    /// Names and their language tags.
    pub labels: Vec<(String, String)>,
    /// Classes (`wdt:P31` or `rdf:type`).
    pub types: Vec<String>,
    /// Dates of `P585`, `P580`, `P582`, `P571` and their schema.org and dipkg peers.
    pub dates: Vec<String>,
    /// Places it lies in: `P17`, `P131`, `P276`, `P27`.
    pub within: Vec<String>,
}

/// Reads our entities of the six kinds from the dataset.
pub fn our_entities(store: &Store) -> Result<Vec<Entity>> {
    let kinds = select(
        store,
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT DISTINCT ?e ?top WHERE {
           VALUES ?top { dkg:SovereignState dkg:Place dkg:Person dkg:Office dkg:Organisation dkg:Event }
           ?e a ?c . ?c rdfs:subClassOf* ?top . FILTER(isIRI(?e)) }",
    )?;
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
            _ => continue,
        };
        // A state is also a place: the most specific kind (first in the enum) wins.
        let entry = entities.entry(e.clone()).or_insert(kind);
        *entry = (*entry).min(kind);
    }
    let mut labels: HashMap<NamedNode, Vec<(String, String)>> = HashMap::new();
    for row in select(
        store,
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
         SELECT ?e ?l WHERE { ?e rdfs:label|skos:prefLabel|skos:altLabel ?l FILTER(isLiteral(?l)) }",
    )? {
        if let (Some(Term::NamedNode(e)), Some(Term::Literal(l))) = (&row[0], &row[1]) {
            labels.entry(e.clone()).or_default().push(literal_pair(l));
        }
    }
    let mut dates: HashMap<NamedNode, Vec<String>> = HashMap::new();
    for row in select(
        store,
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#>
         SELECT ?e ?d WHERE { ?e dkg:date|dkg:startDate|dkg:endDate ?d FILTER(isLiteral(?d)) }",
    )? {
        if let (Some(Term::NamedNode(e)), Some(Term::Literal(d))) = (&row[0], &row[1]) {
            dates
                .entry(e.clone())
                .or_default()
                .push(d.value().to_owned());
        }
    }
    let mut within: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
    for row in select(
        store,
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#>
         SELECT DISTINCT ?e ?w WHERE {
           ?e (dkg:country|dkg:inState|dkg:place|dkg:city|dkg:hostState)/dkg:country? ?w FILTER(isIRI(?w)) }",
    )? {
        if let (Some(Term::NamedNode(e)), Some(Term::NamedNode(w))) = (&row[0], &row[1]) {
            within.entry(e.clone()).or_default().push(w.clone());
        }
    }
    Ok(entities
        .into_iter()
        .map(|(iri, kind)| Entity {
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

fn select(store: &Store, query: &str) -> Result<Vec<Vec<Option<Term>>>> {
    let failed = |e: &dyn std::fmt::Display| Error::Evaluation {
        name: "link".to_owned(),
        message: e.to_string(),
    };
    let mut prepared = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| failed(&e))?;
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) =
        prepared.on_store(store).execute().map_err(|e| failed(&e))?
    else {
        return Ok(Vec::new());
    };
    let variables = solutions.variables().to_vec();
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| failed(&e))?;
        rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
    }
    Ok(rows)
}

/// Words of at least four letters cut to four, the unit of word-overlap matching.
fn stems(skeleton: &str) -> BTreeSet<String> {
    const STOP: &[&str] = &["the", "of", "and", "in", "for", "de", "ve", "between"];
    skeleton
        .split(' ')
        .filter(|w| !STOP.contains(w) && (w.len() >= 4 || w.chars().all(|c| c.is_ascii_digit())))
        .map(|w| w.chars().take(4).collect())
        .collect()
}

/// Our names as lookup keys: whole-name keys, surnames of people, and word stems.
pub struct Index {
    whole: HashMap<String, Vec<usize>>,
    surname: HashMap<String, Vec<usize>>,
    stems: HashMap<String, Vec<(usize, usize)>>,
    /// For each of our labels (by number): how many stems it has.
    label_stems: Vec<usize>,
}

impl Index {
    /// Indexes the names of `entities`.
    pub fn new(entities: &[Entity]) -> Self {
        let mut index = Self {
            whole: HashMap::new(),
            surname: HashMap::new(),
            stems: HashMap::new(),
            label_stems: Vec::new(),
        };
        for (i, entity) in entities.iter().enumerate() {
            for (label, language) in &entity.labels {
                for key in names::keys(label, language) {
                    if entity.kind == Kind::Person {
                        if let Some(last) = key.rsplit(' ').next().filter(|w| w.len() >= 4) {
                            index.surname.entry(last.to_owned()).or_default().push(i);
                        }
                    }
                    let label_id = index.label_stems.len();
                    let stems = stems(&key);
                    index.label_stems.push(stems.len());
                    for stem in stems {
                        index.stems.entry(stem).or_default().push((i, label_id));
                    }
                    index.whole.entry(key).or_default().push(i);
                }
            }
        }
        index
    }

    /// Whether a name of the source could be one of ours.
    pub fn hits(&self, label: &str, language: &str) -> bool {
        for key in names::keys(label, language) {
            if self.whole.contains_key(&key) {
                return true;
            }
            if let Some(last) = key.rsplit(' ').next() {
                if self.surname.contains_key(last) {
                    return true;
                }
            }
            // Word overlap: at least two stems, and most of one of our labels.
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for stem in stems(&key) {
                for (_, label_id) in self.stems.get(&stem).into_iter().flatten() {
                    *shared.entry(*label_id).or_default() += 1;
                }
            }
            if shared
                .iter()
                .any(|(id, n)| *n >= 2 && *n * 5 >= self.label_stems[*id] * 3)
            {
                return true;
            }
        }
        false
    }
}

/// Where candidates come from.
pub enum Source<'a> {
    /// An RDF file, `.gz` or not, format by its (inner) extension.
    File(&'a Path),
    /// Quads already in memory (an endpoint's answer, a test).
    Quads(Vec<Quad>),
}

/// Opens an RDF file for streaming, decompressing `.gz`; the format comes from the inner extension.
pub fn open(path: &Path) -> Result<(Box<dyn Read>, RdfFormat)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (inner, gz) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_owned(), true),
        None => (name.clone(), false),
    };
    let extension = inner.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    let format =
        crate::store::format_for_extension(extension).ok_or_else(|| Error::UnknownFormat {
            path: path.display().to_string(),
            extension: extension.to_owned(),
        })?;
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    Ok((reader, format))
}

/// Streams a file's quads to `each`, stopping at the first syntax error.
fn stream(path: &Path, mut each: impl FnMut(Quad)) -> Result<()> {
    let (reader, format) = open(path)?;
    for quad in RdfParser::from_format(format).for_reader(reader) {
        let quad = quad.map_err(|e| Error::BadFile {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        each(quad);
    }
    Ok(())
}

fn is_label(predicate: &str) -> bool {
    LABEL_PREDICATES.contains(&predicate)
}

/// Adds what one quad says about a candidate.
fn note(candidate: &mut Candidate, quad: &Quad) {
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
pub fn candidates(source: Source<'_>, index: &Index) -> Result<HashMap<String, Candidate>> {
    let subject_of = |quad: &Quad| match &quad.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
        _ => None,
    };
    let mut found: HashMap<String, Candidate> = HashMap::new();
    let mut hit = |quad: &Quad| {
        if let (Some(s), Term::Literal(l)) = (subject_of(quad), &quad.object) {
            if is_label(quad.predicate.as_str())
                && !found.contains_key(&s)
                && index.hits(l.value(), l.language().unwrap_or_default())
            {
                found.insert(s, Candidate::default());
            }
        }
    };
    match source {
        Source::File(path) => {
            // First pass: names only; second: the facts of the entities that hit.
            stream(path, |q| hit(&q))?;
            stream(path, |q| {
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

/// How strongly a curated link ties two IRIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// `owl:sameAs` or `skos:exactMatch`.
    Same,
    /// `skos:closeMatch` or `dkg:unverifiedLink`.
    Close,
}

/// The curated links of the dataset: all links outside [`GENERATED_GRAPHS`].
pub fn curated(store: &Store) -> Result<HashMap<NamedNode, Vec<(String, Strength)>>> {
    let mut out: HashMap<NamedNode, Vec<(String, Strength)>> = HashMap::new();
    for quad in store.iter() {
        let quad = quad?;
        if let oxigraph::model::GraphName::NamedNode(g) = &quad.graph_name {
            if g.as_str().starts_with(GENERATED_GRAPHS) {
                continue;
            }
        }
        let strength = match quad.predicate.as_str() {
            OWL_SAME_AS | SKOS_EXACT => Strength::Same,
            SKOS_CLOSE | UNVERIFIED => Strength::Close,
            _ => continue,
        };
        if let (oxigraph::model::NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) =
            (&quad.subject, &quad.object)
        {
            out.entry(s.clone())
                .or_default()
                .push((o.as_str().to_owned(), strength));
        }
    }
    Ok(out)
}

/// A scored candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The candidate's IRI.
    pub iri: String,
    /// 0 to 1.
    pub score: f64,
    /// The evidence, in words.
    pub why: Vec<String>,
}

/// What was decided for one of our entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Write `owl:sameAs`.
    Same,
    /// Write `skos:closeMatch`.
    Close,
    /// Write nothing.
    Nothing,
}

/// The outcome for one entity: decision, chosen target, all candidates, and a note.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Our entity.
    pub entity: NamedNode,
    /// What to write.
    pub decision: Decision,
    /// The chosen candidate, if any.
    pub target: Option<String>,
    /// Candidates, best first.
    pub candidates: Vec<Scored>,
    /// Why the decision is what it is, for the review report.
    pub note: String,
}

fn namespace(iri: &str) -> &str {
    iri.rfind(['/', '#']).map_or(iri, |i| &iri[..=i])
}

/// How well two names agree, and how.
fn name_score(ours: &(String, String), theirs: &(String, String)) -> (f64, String) {
    let (a, b) = (names::fold(&ours.0), names::fold(&theirs.0));
    if a == b && !a.is_empty() {
        return (1.0, format!("name {:?} = {:?}", ours.0, theirs.0));
    }
    let ka = names::keys(&ours.0, &ours.1);
    let kb = names::keys(&theirs.0, &theirs.1);
    if ka.iter().any(|k| kb.contains(k)) {
        return (
            0.95,
            format!("name {:?} ≈ {:?} (transliterated)", ours.0, theirs.0),
        );
    }
    let (sa, sb) = (&ka[..], &kb[..]);
    let (Some(sa), Some(sb)) = (sa.first(), sb.first()) else {
        return (0.0, String::new());
    };
    let (wa, wb): (Vec<&str>, Vec<&str>) = (sa.split(' ').collect(), sb.split(' ').collect());
    if wa.len() >= 2 && wb.len() >= 2 && wa.last() == wb.last() {
        let (fa, fb) = (wa[0], wb[0]);
        let given_agrees = (fa.len() >= 4 && fb.starts_with(fa))
            || (fb.len() >= 4 && fa.starts_with(fb))
            || ((fa.len() == 1 || fb.len() == 1) && fa.chars().next() == fb.chars().next());
        return if given_agrees {
            (
                0.85,
                format!(
                    "same surname, given names agree: {:?} ~ {:?}",
                    ours.0, theirs.0
                ),
            )
        } else {
            (
                0.4,
                format!("same surname only: {:?} vs {:?}", ours.0, theirs.0),
            )
        };
    }
    let (ta, tb) = (stems(sa), stems(sb));
    let union = ta.union(&tb).count();
    if union > 0 {
        let jaccard = ta.intersection(&tb).count() as f64 / union as f64;
        if jaccard >= 0.6 {
            return (
                0.8 * jaccard,
                format!("names share words: {:?} ~ {:?}", ours.0, theirs.0),
            );
        }
    }
    let similarity = strsim::normalized_levenshtein(sa, sb);
    if similarity >= 0.9 {
        return (
            0.8 * similarity,
            format!("names nearly equal: {:?} ~ {:?}", ours.0, theirs.0),
        );
    }
    (0.0, String::new())
}

/// Compares dates at the precision both have: equal, a day apart, or in conflict.
fn dates_agree(ours: &[String], theirs: &[String]) -> Option<(f64, String)> {
    if ours.is_empty() || theirs.is_empty() {
        return None;
    }
    let mut near = false;
    for a in ours {
        for b in theirs {
            let b = b.trim_start_matches('+');
            let n = a.len().min(b.len()).min(10);
            if a.get(..n) == b.get(..n) {
                return Some((1.05, format!("date {a} agrees with {b}")));
            }
            if let (Some(x), Some(y)) = (day_number(a), day_number(b)) {
                near |= (x - y).abs() <= 1;
            }
        }
    }
    if near {
        Some((1.0, "dates a day apart".to_owned()))
    } else {
        Some((
            0.6,
            format!(
                "dates differ: ours {}, theirs {}",
                ours.join(" "),
                theirs.join(" ")
            ),
        ))
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD…` value (proleptic Gregorian), if it has a day.
fn day_number(text: &str) -> Option<i64> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d): (i64, i64, i64) = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Scores one candidate for one entity; `None` when its type rules it out.
fn score(
    entity: &Entity,
    iri: &str,
    candidate: &Candidate,
    our_links: &dyn Fn(&NamedNode) -> Vec<String>,
) -> Option<Scored> {
    let kinds: BTreeSet<Kind> = candidate
        .types
        .iter()
        .filter_map(|t| kind_of_class(t))
        .collect();
    let mut why = Vec::new();
    let type_factor = if kinds.contains(&entity.kind) {
        why.push(format!("type fits ({})", entity.kind.name()));
        1.0
    } else if !kinds.is_empty() {
        // A person never matches a city; a state never matches a bird.
        return None;
    } else {
        why.push("type unknown".to_owned());
        0.8
    };
    let (mut name, mut name_why) = (0.0, String::new());
    for ours in &entity.labels {
        for theirs in &candidate.labels {
            let (s, w) = name_score(ours, theirs);
            if s > name {
                (name, name_why) = (s, w);
            }
        }
    }
    if name == 0.0 {
        return None;
    }
    why.insert(0, name_why);
    let mut value = name * type_factor;
    if let Some((factor, w)) = dates_agree(&entity.dates, &candidate.dates) {
        value *= factor;
        why.push(w);
    }
    let mapped: Vec<String> = entity.within.iter().flat_map(our_links).collect();
    if !mapped.is_empty() && !candidate.within.is_empty() {
        if candidate.within.iter().any(|w| mapped.contains(w)) {
            value *= 1.05;
            why.push("lies in the same place".to_owned());
        } else {
            value *= 0.5;
            why.push(format!("lies elsewhere ({})", candidate.within.join(" ")));
        }
    }
    Some(Scored {
        iri: iri.to_owned(),
        score: value.min(1.0),
        why,
    })
}

/// Decides every entity: states first, then places, so later entities can use
/// the states' and places' links when comparing where candidates lie.
pub fn decide(
    entities: &[Entity],
    found: &HashMap<String, Candidate>,
    curated: &HashMap<NamedNode, Vec<(String, Strength)>>,
) -> Vec<Outcome> {
    let mut order: Vec<&Entity> = entities.iter().collect();
    order.sort_by(|a, b| (a.kind, a.iri.as_str()).cmp(&(b.kind, b.iri.as_str())));
    let ours: HashSet<&str> = entities.iter().map(|e| e.iri.as_str()).collect();
    let mut decided: HashMap<NamedNode, String> = HashMap::new();
    let mut outcomes = Vec::new();
    for entity in order {
        let links = |n: &NamedNode| -> Vec<String> {
            let mut out: Vec<String> = curated
                .get(n)
                .into_iter()
                .flatten()
                .filter(|(_, s)| *s == Strength::Same)
                .map(|(t, _)| t.clone())
                .collect();
            out.extend(decided.get(n).cloned());
            out
        };
        let mut scored: Vec<Scored> = found
            .iter()
            // Our own entities, when the source holds a copy of our data, are not candidates.
            .filter(|(iri, _)| !ours.contains(iri.as_str()))
            .filter_map(|(iri, c)| score(entity, iri, c, &links))
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.iri.cmp(&b.iri)));
        let outcome = choose(entity, scored, curated.get(&entity.iri));
        if outcome.decision == Decision::Same {
            if let Some(t) = &outcome.target {
                decided.insert(entity.iri.clone(), t.clone());
            }
        }
        outcomes.push(outcome);
    }
    // Two of our entities cannot both be the same as one of theirs.
    let mut by_target: HashMap<String, usize> = HashMap::new();
    for o in outcomes.iter().filter(|o| o.decision == Decision::Same) {
        *by_target
            .entry(o.target.clone().unwrap_or_default())
            .or_default() += 1;
    }
    for o in &mut outcomes {
        if o.decision == Decision::Same
            && by_target.get(o.target.as_deref().unwrap_or_default()) > Some(&1)
        {
            o.decision = Decision::Nothing;
            o.note =
                "ambiguous: the same candidate is the best match of another entity too".to_owned();
        }
    }
    outcomes.sort_by(|a, b| a.entity.as_str().cmp(b.entity.as_str()));
    outcomes
}

fn choose(
    entity: &Entity,
    scored: Vec<Scored>,
    curated: Option<&Vec<(String, Strength)>>,
) -> Outcome {
    let mut outcome = Outcome {
        entity: entity.iri.clone(),
        decision: Decision::Nothing,
        target: None,
        candidates: Vec::new(),
        note: String::new(),
    };
    let Some(best) = scored.first() else {
        return outcome;
    };
    let runner_up = scored.get(1).map_or(0.0, |s| s.score);
    let margin = best.score - runner_up;
    let (decision, note) = if margin < MARGIN && best.score >= LIKELY {
        (
            Decision::Nothing,
            format!("ambiguous: runner-up within {margin:.2}"),
        )
    } else if best.score >= SURE {
        (Decision::Same, "sure".to_owned())
    } else if best.score >= LIKELY {
        (Decision::Close, "likely".to_owned())
    } else {
        (Decision::Nothing, "no good candidate".to_owned())
    };
    outcome.decision = decision;
    outcome.note = note;
    outcome.target = (decision != Decision::Nothing).then(|| best.iri.clone());
    // Curated links win: never repeat, overwrite or contradict them.
    if let (Some(target), Some(links)) = (outcome.target.clone(), curated) {
        if let Some((_, strength)) = links.iter().find(|(t, _)| *t == target) {
            outcome.note = match strength {
                Strength::Same => "already curated".to_owned(),
                Strength::Close => format!(
                    "confirms the curated likely link ({}); left for a person to upgrade",
                    if decision == Decision::Same {
                        "sure here"
                    } else {
                        "likely here"
                    }
                ),
            };
            outcome.decision = Decision::Nothing;
        } else if let Some((other, _)) = links
            .iter()
            .find(|(t, _)| namespace(t) == namespace(&target))
        {
            outcome.note = format!("contradicts the curated link to {other}; not written");
            outcome.decision = Decision::Nothing;
        }
    }
    outcome.candidates = scored;
    outcome
}

/// Writes the links file: Turtle, sorted, saying it is generated.
pub fn write_links(outcomes: &[Outcome], against: &str, out: &mut impl Write) -> Result<()> {
    writeln!(
        out,
        "# Generated by `dipkg link --against {against}`: do not edit; rerun it.\n\
         # owl:sameAs where the match is sure, skos:closeMatch where it is likely;\n\
         # the review report lists the evidence and everything ambiguous.\n"
    )?;
    writeln!(out, "@prefix owl: <http://www.w3.org/2002/07/owl#> .")?;
    writeln!(
        out,
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    )?;
    let mut lines: Vec<String> = outcomes
        .iter()
        .filter_map(|o| {
            let predicate = match o.decision {
                Decision::Same => "owl:sameAs",
                Decision::Close => "skos:closeMatch",
                Decision::Nothing => return None,
            };
            let target = NamedNode::new(o.target.as_deref()?).ok()?;
            Some(format!("{} {predicate} {target} .", o.entity))
        })
        .collect();
    lines.sort();
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Writes the review report (TSV): every entity that is not a sure new link but
/// has a candidate worth a look, with each candidate's score and evidence.
pub fn write_review(outcomes: &[Outcome], out: &mut impl Write) -> Result<()> {
    writeln!(out, "entity\tcandidate\tscore\tdecision\twhy")?;
    for o in outcomes.iter().filter(|o| needs_review(o)) {
        for c in o
            .candidates
            .iter()
            .filter(|c| c.score >= REPORTABLE)
            .take(3)
        {
            let decision = if Some(&c.iri) == o.target.as_ref() {
                match o.decision {
                    Decision::Same => "sameAs",
                    Decision::Close => "closeMatch",
                    Decision::Nothing => "none",
                }
            } else {
                "none"
            };
            let why = format!("{}; {}", o.note, c.why.join("; "));
            writeln!(
                out,
                "{}\t{}\t{:.2}\t{decision}\t{}",
                o.entity.as_str(),
                c.iri,
                c.score,
                why.replace(['\t', '\n'], " ")
            )?;
        }
    }
    Ok(())
}

/// A sure new link or a repeat of a curated one needs no person's eye.
fn needs_review(outcome: &Outcome) -> bool {
    !(outcome.decision == Decision::Same && outcome.note == "sure"
        || outcome.note == "already curated")
}

/// What `--against` names: a SPARQL endpoint or an RDF file.
pub enum Against<'a> {
    /// A SPARQL endpoint, asked with this client.
    Endpoint {
        /// The HTTP client (timeout, credentials).
        client: &'a crate::http::Client,
        /// The endpoint's URL.
        url: &'a str,
    },
    /// An RDF file, `.gz` or not.
    File(&'a Path),
}

/// The whole linking job of `dipkg link` short of writing: our entities, the
/// source's candidates, curated links, decisions, and the counts.
pub fn run(store: &Store, against: Against<'_>) -> Result<(Vec<Outcome>, Summary)> {
    let entities = our_entities(store)?;
    let index = Index::new(&entities);
    let source = match against {
        Against::Endpoint { client, url } => {
            Source::Quads(endpoint_candidates(client, url, &entities)?)
        }
        Against::File(path) => Source::File(path),
    };
    let found = candidates(source, &index)?;
    let outcomes = decide(&entities, &found, &curated(store)?);
    let counts = summary(entities.len(), found.len(), &outcomes);
    Ok((outcomes, counts))
}

/// Counts of a run, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Entities considered.
    pub entities: usize,
    /// Candidates found in the source.
    pub candidates: usize,
    /// `owl:sameAs` written.
    pub same: usize,
    /// `skos:closeMatch` written.
    pub close: usize,
    /// Lines in the review report.
    pub review: usize,
}

/// Summarises outcomes.
pub fn summary(entities: usize, candidates: usize, outcomes: &[Outcome]) -> Summary {
    let mut s = Summary {
        entities,
        candidates,
        ..Summary::default()
    };
    for o in outcomes {
        match o.decision {
            Decision::Same => s.same += 1,
            Decision::Close => s.close += 1,
            Decision::Nothing => {}
        }
        if needs_review(o) {
            s.review += o
                .candidates
                .iter()
                .filter(|c| c.score >= REPORTABLE)
                .take(3)
                .count();
        }
    }
    s
}

/// Candidates from a SPARQL endpoint: for each of our names, the entities
/// with exactly that name and their facts. Each name goes in as a typed term
/// bound on a fixed query's algebra, never spliced into its text. Only exact
/// names can be asked for, so transliterated variants are found only where we
/// list them among our names.
pub fn endpoint_candidates(
    client: &crate::http::Client,
    url: &str,
    entities: &[Entity],
) -> Result<Vec<Quad>> {
    let parsed = crate::catalog::SavedQuery::new(
        "link --against",
        "link.rs",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
         PREFIX wdt: <http://www.wikidata.org/prop/direct/>
         SELECT ?s ?p ?o WHERE {
           VALUES ?lp { rdfs:label skos:prefLabel skos:altLabel }
           ?s ?lp ?_name .
           ?s ?p ?o .
           FILTER(?p IN (rdfs:label, skos:prefLabel, skos:altLabel, <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>,
             wdt:P31, wdt:P17, wdt:P131, wdt:P276, wdt:P27, wdt:P585, wdt:P580, wdt:P582, wdt:P571))
         }",
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
                    .map_err(|e| Error::Usage(format!("bad language tag {language:?}: {e}")))?
                    .into()
            };
            if !seen.insert(term.clone()) {
                continue;
            }
            for row in crate::endpoint::select_with(client, url, &parsed, &variable, term)? {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: Kind, label: &str) -> Entity {
        Entity {
            iri: NamedNode::new_unchecked("https://w3id.org/dipkg/id/x"),
            kind,
            labels: vec![(label.to_owned(), "en".to_owned())],
            dates: Vec::new(),
            within: Vec::new(),
        }
    }

    fn candidate(label: &str, class: &str) -> Candidate {
        Candidate {
            labels: vec![(label.to_owned(), "en".to_owned())],
            types: vec![format!("{WD}{class}")],
            ..Candidate::default()
        }
    }

    #[test]
    fn a_type_of_another_kind_rules_a_candidate_out() {
        let none = |_: &NamedNode| Vec::new();
        let turkey = entity(Kind::State, "Turkey");
        assert!(score(&turkey, "bird", &candidate("turkey", "Q16521"), &none).is_none());
        assert!(score(&turkey, "town", &candidate("Turkey", "Q3957"), &none).is_none());
        let state = score(&turkey, "state", &candidate("Turkey", "Q6256"), &none);
        assert!(state.is_some_and(|s| s.score >= SURE));
        // Without a type a candidate can be likely at best, never sure.
        let untyped = Candidate {
            types: Vec::new(),
            ..candidate("Turkey", "Q6256")
        };
        let untyped = score(&turkey, "untyped", &untyped, &none).map(|s| s.score);
        assert!(untyped.is_some_and(|s| s < SURE), "{untyped:?}");
    }

    #[test]
    fn dates_agree_at_the_shared_precision() {
        let ours = vec!["2016-07-16".to_owned()];
        assert_eq!(
            dates_agree(&ours, &["2016-07-16T00:00:00Z".to_owned()]).map(|d| d.0),
            Some(1.05)
        );
        assert_eq!(
            dates_agree(&ours, &["2016-07-15".to_owned()]).map(|d| d.0),
            Some(1.0)
        );
        assert_eq!(
            dates_agree(&ours, &["1980-09-12".to_owned()]).map(|d| d.0),
            Some(0.6)
        );
        assert_eq!(
            dates_agree(&["1992-04".to_owned()], &["1992-04-01".to_owned()]).map(|d| d.0),
            Some(1.05)
        );
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(
            day_number("2016-03-01")
                .zip(day_number("2016-02-29"))
                .map(|(a, b)| a - b),
            Some(1)
        );
    }

    #[test]
    fn a_close_runner_up_makes_a_match_ambiguous() {
        let ours = entity(Kind::Person, "Sooronbay Jeenbekov");
        let scored = vec![
            Scored {
                iri: "a".to_owned(),
                score: 0.95,
                why: Vec::new(),
            },
            Scored {
                iri: "b".to_owned(),
                score: 0.9,
                why: Vec::new(),
            },
        ];
        let outcome = choose(&ours, scored, None);
        assert_eq!(outcome.decision, Decision::Nothing);
        assert!(outcome.note.starts_with("ambiguous"), "{}", outcome.note);
    }
}
