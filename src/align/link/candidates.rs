//! The other side: the source's entities whose names hit our index, with the
//! facts scoring needs, streamed from a file or asked of an endpoint.

use super::*;
use crate::error::{Error, Result};
use crate::rdf::read;
use crate::vocab::{RDF_TYPE, WDT};
use oxigraph::model::{Literal, NamedOrBlankNode, Quad, Term};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

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

/// Strings kept once however often they occur, each known by a number.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<Rc<str>, u32>,
    values: Vec<Rc<str>>,
}

impl Interner {
    /// The number of `value`, given on its first sight (copied only then).
    pub fn id(&mut self, value: &str) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        let value: Rc<str> = value.into();
        self.values.push(Rc::clone(&value));
        self.ids.insert(value, id);
        id
    }

    /// The value numbered `id`.
    pub fn get(&self, id: u32) -> &str {
        &self.values[id as usize]
    }
}

/// What one statement says of a candidate, its value numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fact {
    /// A name: a number in [`Found::names`].
    Label(u32),
    /// The others: numbers in [`Found::values`].
    Type(u32),
    Within(u32),
    Ended(u32),
    Date(u32),
}

/// The source's entities whose names hit our index, with their facts, each
/// string kept once: a million candidates named alike cost a million IRIs
/// and numbers, not a million copies of their names, types and places.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Their IRIs, by candidate number.
    iris: Vec<Rc<str>>,
    /// IRI → number, while the source is read.
    numbers: HashMap<Rc<str>, u32>,
    /// (candidate, fact) in the order read, while the source is read.
    read: Vec<(u32, Fact)>,
    /// The facts, candidate after candidate, once read; candidate `i`'s are
    /// `facts[starts[i]..starts[i + 1]]`.
    facts: Vec<Fact>,
    starts: Vec<u32>,
    /// Their names, each its language tag (empty when untagged), a NUL and its text.
    names: Interner,
    values: Interner,
    /// Where a name is put together for looking up, reused.
    buffer: String,
}

impl Found {
    /// How many candidates there are.
    pub fn len(&self) -> usize {
        self.iris.len()
    }

    /// The name numbered `id`: its text and language tag.
    pub fn name(&self, id: u32) -> (&str, &str) {
        let (language, text) = self.names.get(id).split_once('\0').unwrap_or_default();
        (text, language)
    }

    /// The IRI of candidate `id`.
    pub fn iri(&self, id: u32) -> &str {
        &self.iris[id as usize]
    }

    /// The numbers of candidate `id`'s names, in the order the source gives them.
    pub fn name_ids(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        self.facts_of(id).iter().filter_map(|f| match f {
            Fact::Label(n) => Some(*n),
            _ => None,
        })
    }

    /// Candidate `id`'s facts, as scoring reads them.
    pub fn candidate(&self, id: u32) -> Candidate {
        let mut c = Candidate::default();
        for fact in self.facts_of(id) {
            let text = |n: &u32| self.values.get(*n).to_owned();
            match fact {
                Fact::Label(_) => {}
                Fact::Type(n) => c.types.push(text(n)),
                Fact::Within(n) => c.within.push(text(n)),
                Fact::Ended(n) => c.ended.push(text(n)),
                Fact::Date(n) => c.dates.push(text(n)),
            }
        }
        c
    }

    fn facts_of(&self, id: u32) -> &[Fact] {
        let (from, to) = (self.starts[id as usize], self.starts[id as usize + 1]);
        &self.facts[from as usize..to as usize]
    }

    /// Puts each candidate's facts together, in the order read, and lets go
    /// of what only reading needed.
    fn finish(&mut self) {
        let mut read = std::mem::take(&mut self.read);
        read.sort_by_key(|(id, _)| *id); // Stable: the source's order within a candidate.
        self.starts = Vec::with_capacity(self.iris.len() + 1);
        self.facts = Vec::with_capacity(read.len());
        let mut next = read.iter().peekable();
        for id in 0..self.iris.len() {
            self.starts
                .push(u32::try_from(self.facts.len()).unwrap_or(u32::MAX));
            while let Some((_, fact)) = next.next_if(|(c, _)| *c as usize == id) {
                self.facts.push(*fact);
            }
        }
        self.starts
            .push(u32::try_from(self.facts.len()).unwrap_or(u32::MAX));
        self.numbers = HashMap::new();
    }

    fn add(&mut self, iri: &str) {
        if !self.numbers.contains_key(iri) {
            let iri: Rc<str> = iri.into();
            let id = u32::try_from(self.iris.len()).unwrap_or(u32::MAX);
            self.iris.push(Rc::clone(&iri));
            self.numbers.insert(iri, id);
        }
    }

    /// Adds what one quad says about a candidate, if its subject is one.
    fn note(&mut self, quad: &Quad) {
        let NamedOrBlankNode::NamedNode(s) = &quad.subject else {
            return;
        };
        let Some(&id) = self.numbers.get(s.as_str()) else {
            return;
        };
        let p = quad.predicate.as_str();
        let fact = match (&quad.object, p) {
            (Term::Literal(l), p) if is_label(p) => {
                self.buffer.clear();
                self.buffer.push_str(l.language().unwrap_or_default());
                self.buffer.push('\0');
                self.buffer.push_str(l.value());
                Fact::Label(self.names.id(&self.buffer))
            }
            (Term::NamedNode(c), p)
                if p == RDF_TYPE || p == "http://www.wikidata.org/prop/direct/P31" =>
            {
                Fact::Type(self.values.id(c.as_str()))
            }
            (Term::NamedNode(w), p)
                if ["P17", "P131", "P276", "P27"]
                    .iter()
                    .any(|id| p.strip_prefix(WDT) == Some(id)) =>
            {
                Fact::Within(self.values.id(w.as_str()))
            }
            (Term::Literal(d), p) if p.strip_prefix(WDT) == Some("P576") => {
                Fact::Ended(self.values.id(d.value()))
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
                Fact::Date(self.values.id(d.value()))
            }
            _ => return,
        };
        self.read.push((id, fact));
    }
}

/// Finds the source's entities whose names hit the index, with their facts;
/// `ours` (our own entities, when the source holds a copy of our data) are
/// not candidates.
pub(crate) fn candidates(source: Source<'_>, index: &Index, ours: &HashSet<&str>) -> Result<Found> {
    let mut found = Found::default();
    // Whether a name hits, per distinct name: a name repeated a million times is
    // looked up once (bounded: a cache, not a copy of the source's names).
    let mut known: HashMap<String, bool> = HashMap::new();
    let mut key = String::new();
    let mut hit = |quad: &Quad| {
        let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&quad.subject, &quad.object)
        else {
            return;
        };
        if !is_label(quad.predicate.as_str())
            || found.numbers.contains_key(s.as_str())
            || ours.contains(s.as_str())
        {
            return;
        }
        let language = l.language().unwrap_or_default();
        key.clear();
        key.push_str(language);
        key.push('\0');
        key.push_str(l.value());
        let hits = match known.get(key.as_str()) {
            Some(&hits) => hits,
            None => {
                if known.len() > 100_000 {
                    known.clear();
                }
                let hits = index.hits(l.value(), language);
                known.insert(key.clone(), hits);
                hits
            }
        };
        if hits {
            found.add(s.as_str());
        }
    };
    match source {
        Source::File(path) => {
            // First pass: names only; second: the facts of the entities that hit.
            read::stream(path, |q| hit(&q))?;
            read::stream(path, |q| found.note(&q))?;
        }
        Source::Quads(quads) => {
            for q in &quads {
                hit(q);
            }
            for q in &quads {
                found.note(q);
            }
        }
    }
    found.finish();
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
