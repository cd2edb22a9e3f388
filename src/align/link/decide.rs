//! Deciding each entity from its scored candidates: sure, likely or nothing,
//! with curated links always winning.

use super::candidates::Found;
use super::report::Verdict;
use super::score::{self, Agreement, Name, NameMatch, agreement};
use super::*;
use crate::error::Result;
use crate::vocab::{
    DKG_UNVERIFIED_LINK as UNVERIFIED, OWL_SAME_AS, SCHEMA_SAME_AS, SKOS_CLOSE_MATCH as SKOS_CLOSE,
    SKOS_EXACT_MATCH as SKOS_EXACT,
};
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use std::collections::HashMap;
use std::rc::Rc;

/// How strongly a curated link ties two IRIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// `owl:sameAs` or `skos:exactMatch`.
    Same,
    /// `skos:closeMatch` or `dkg:unverifiedLink`.
    Close,
}

/// The curated links of the dataset: all links outside [`GENERATED_GRAPHS`].
pub(crate) fn curated(store: &Store) -> Result<HashMap<NamedNode, Vec<(String, Strength)>>> {
    let mut out: HashMap<NamedNode, Vec<(String, Strength)>> = HashMap::new();
    for quad in store.iter() {
        let quad = quad?;
        if let oxigraph::model::GraphName::NamedNode(g) = &quad.graph_name {
            if g.as_str().starts_with(GENERATED_GRAPHS) {
                continue;
            }
        }
        let strength = match quad.predicate.as_str() {
            OWL_SAME_AS | SCHEMA_SAME_AS | SKOS_EXACT => Strength::Same,
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

/// A scored candidate: its score and, when explained, the evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// 0 to 1.
    pub score: f64,
    /// The evidence, in words (empty unless asked for).
    pub why: Vec<String>,
}

/// What one candidate came to for one entity, in numbers: the words are
/// written only for the review report, one line at a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Assessed {
    /// The candidate's number in [`Found`].
    pub candidate: u32,
    /// Its score, or how well the names agree when it is ruled out.
    pub score: f64,
    /// [`Verdict::WrongType`] or [`Verdict::WrongPeriod`] when ruled out.
    pub ruled_out: Option<Verdict>,
    /// Which names agreed, and how.
    pub matched: Matched,
}

/// The best agreement of an entity's names with a candidate's, in numbers:
/// the strongest, the first of ours and then of theirs among equals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Matched {
    /// How they agree.
    pub agreement: Agreement,
    /// Our name, by its place among the entity's names.
    pub ours: u32,
    /// Theirs, by its number in [`Found::name`].
    pub theirs: u32,
}

impl Matched {
    /// With the names themselves.
    pub fn named<'a>(&self, ours: &'a [Name], found: &'a Found) -> NameMatch<'a> {
        NameMatch {
            agreement: self.agreement,
            ours: &ours[self.ours as usize].label,
            theirs: found.name(self.theirs).0,
        }
    }
}

/// Why a candidate was ruled out for an entity before any decision.
#[derive(Debug, Clone, PartialEq)]
pub enum RuledOut {
    /// None of its names agrees with one of ours.
    NamesDiffer,
    /// Its type is known and of another kind (a gene for a game): how well
    /// the names agree, and the evidence.
    WrongType(f64, String),
    /// It ceased to exist before what our data says of the entity: how well
    /// the names agree, and the evidence.
    WrongPeriod(f64, String),
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

/// The outcome for one entity: decision, chosen target, and why.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Our entity.
    pub entity: NamedNode,
    /// What to write.
    pub decision: Decision,
    /// The chosen candidate, if any.
    pub target: Option<String>,
    /// Why the decision is what it is, for the review report.
    pub reason: Reason,
    /// The best candidate's score, 0 without one.
    pub best: f64,
    /// The chosen candidate's number in [`Found`].
    pub(super) target_id: Option<u32>,
    /// Every candidate scored or ruled out for it (not those whose names differ).
    pub(super) assessed: Vec<Assessed>,
    /// Its number among our entities.
    pub(super) index: usize,
    /// What the source calls the places it lies in, as scoring saw them.
    pub(super) mapped: Vec<String>,
}

/// Why an entity's decision is what it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The source had no candidate for it.
    NoCandidate,
    /// The best candidate is sure, with a clear margin.
    Sure,
    /// The best candidate is likely, with a clear margin.
    Likely,
    /// Nothing scored high enough.
    NoGoodCandidate,
    /// The runner-up is within this margin of the best.
    Ambiguous(f64),
    /// The best candidate is also the best match of another of our entities.
    SharedTarget,
    /// A curated `owl:sameAs` already says it.
    AlreadyCurated,
    /// A curated likely link says it; a person may upgrade it (`true`: sure here).
    ConfirmsCuratedClose(bool),
    /// A curated link points elsewhere in the same source.
    ContradictsCurated(String),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoCandidate => Ok(()),
            Self::Sure => f.write_str("sure"),
            Self::Likely => f.write_str("likely"),
            Self::NoGoodCandidate => f.write_str("no good candidate"),
            Self::Ambiguous(margin) => write!(f, "ambiguous: runner-up within {margin:.2}"),
            Self::SharedTarget => {
                f.write_str("ambiguous: the same candidate is the best match of another entity too")
            }
            Self::AlreadyCurated => f.write_str("already curated"),
            Self::ConfirmsCuratedClose(sure) => write!(
                f,
                "confirms the curated likely link ({}); left for a person to upgrade",
                if *sure { "sure here" } else { "likely here" }
            ),
            Self::ContradictsCurated(other) => {
                write!(f, "contradicts the curated link to {other}; not written")
            }
        }
    }
}

pub(super) fn namespace(iri: &str) -> &str {
    iri.rfind(['/', '#']).map_or(iri, |i| &iri[..=i])
}

/// The names of both sides as scoring reads them: each distinct name of
/// theirs is read once, and each distinct (name, entity) pair compared once,
/// however many candidates share the name (bounded: caches, not copies).
pub(super) struct Names<'a> {
    found: &'a Found,
    index: &'a Index,
    read: HashMap<u32, Rc<(Name, Vec<u32>)>>,
    /// (their name, our entity) → the best agreement with one of our names (by number).
    pairs: HashMap<(u32, u32), Option<(Agreement, u32)>>,
    /// How many (name, entity) pairs were compared: the work, for the tests.
    pub compared: usize,
}

/// Entries a cache of pairs holds before it starts again.
const CACHED: usize = 100_000;
/// Names read a cache holds before it starts again (each is a few hundred bytes).
const CACHED_NAMES: usize = 10_000;

impl<'a> Names<'a> {
    /// Names of `found`, compared with those of `index`.
    pub fn new(found: &'a Found, index: &'a Index) -> Self {
        Self {
            found,
            index,
            read: HashMap::new(),
            pairs: HashMap::new(),
            compared: 0,
        }
    }

    /// Their name numbered `id`, read, with our entities it may agree with.
    fn read(&mut self, id: u32) -> Rc<(Name, Vec<u32>)> {
        if let Some(read) = self.read.get(&id) {
            return Rc::clone(read);
        }
        if self.read.len() >= CACHED_NAMES {
            self.read.clear();
        }
        let (label, language) = self.found.name(id);
        let name = Name::new(label, language, &self.index.parts);
        let entities = self.index.matcher.may_match(&name);
        let read = Rc::new((name, entities));
        self.read.insert(id, Rc::clone(&read));
        read
    }

    /// Our entities that candidate `id` may match, each with its best
    /// agreement (see [`Matched`]), by entity number.
    pub fn matches(&mut self, id: u32) -> Vec<(u32, Matched)> {
        let mut out: Vec<(u32, Matched)> = Vec::new();
        for theirs in self.found.name_ids(id) {
            let read = self.read(theirs);
            for &entity in &read.1 {
                let Some((agreement, ours)) = self.pair(theirs, &read.0, entity) else {
                    continue;
                };
                let matched = Matched {
                    agreement,
                    ours,
                    theirs,
                };
                match out.iter_mut().find(|(e, _)| *e == entity) {
                    None => out.push((entity, matched)),
                    Some((_, best)) => {
                        let (a, b) = (agreement.score(), best.agreement.score());
                        if a > b || (a == b && ours < best.ours) {
                            *best = matched;
                        }
                    }
                }
            }
        }
        out
    }

    /// The best agreement of a name of theirs with entity `entity`'s names,
    /// and which of ours it is: compared once per distinct pair.
    fn pair(&mut self, id: u32, theirs: &Name, entity: u32) -> Option<(Agreement, u32)> {
        if let Some(found) = self.pairs.get(&(id, entity)) {
            return *found;
        }
        if self.pairs.len() >= CACHED {
            self.pairs.clear();
        }
        self.compared += 1;
        let mut best: Option<(Agreement, u32)> = None;
        for (i, ours) in (0u32..).zip(&self.index.matcher.names[entity as usize]) {
            if let Some(a) = agreement(ours, theirs) {
                if best.is_none_or(|(b, _)| a.score() > b.score()) {
                    best = Some((a, i));
                }
            }
        }
        self.pairs.insert((id, entity), best);
        best
    }
}

/// Decides every entity: states first, then places, so later entities can use
/// the states' and places' links when comparing where candidates lie.
pub(crate) fn decide(
    entities: &[Entity],
    found: &Found,
    index: &Index,
    curated: &HashMap<NamedNode, Vec<(String, Strength)>>,
) -> Vec<Outcome> {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&entities[a], &entities[b]);
        (a.kind, a.iri.as_str()).cmp(&(b.kind, b.iri.as_str()))
    });
    let mut names = Names::new(found, index);
    // Which candidates each entity may match, and how their names agree:
    // only those pairs are scored.
    let mut per_entity: Vec<Vec<(u32, Matched)>> = vec![Vec::new(); entities.len()];
    for candidate in (0..found.len()).filter_map(|c| u32::try_from(c).ok()) {
        for (entity, matched) in names.matches(candidate) {
            per_entity[entity as usize].push((candidate, matched));
        }
    }
    drop(names);
    let index_names = |entity: usize| &index.matcher.names[entity];
    let mut decided: HashMap<NamedNode, String> = HashMap::new();
    let mut outcomes = Vec::new();
    for index in order {
        let entity = &entities[index];
        let mapped: Vec<String> = entity
            .within
            .iter()
            .flat_map(|n| {
                let curated = curated.get(n).into_iter().flatten();
                let curated = curated.filter(|(_, s)| *s == Strength::Same);
                curated
                    .map(|(t, _)| t.clone())
                    .chain(decided.get(n).cloned())
            })
            .collect();
        let mut assessed = Vec::new();
        // The best (score, IRI, number), ties to the first IRI; the runner-up's score.
        let mut best: Option<(f64, &str, u32)> = None;
        let mut runner_up = 0.0_f64;
        let ours = &index_names(index)[..];
        // Each entity's pairs are let go of once scored.
        for (candidate, matched) in std::mem::take(&mut per_entity[index]) {
            let name = Some(matched.named(ours, found));
            let facts = found.candidate(candidate);
            let (score, ruled_out) = match score::score(entity, name, &facts, &mapped, false) {
                Ok(s) => (s.score, None),
                Err(RuledOut::NamesDiffer) => continue,
                Err(RuledOut::WrongType(names, _)) => (names, Some(Verdict::WrongType)),
                Err(RuledOut::WrongPeriod(names, _)) => (names, Some(Verdict::WrongPeriod)),
            };
            assessed.push(Assessed {
                candidate,
                score,
                ruled_out,
                matched,
            });
            if ruled_out.is_some() {
                continue;
            }
            let iri = found.iri(candidate);
            match best {
                Some((b, b_iri, _)) if score < b || (score == b && iri > b_iri) => {
                    runner_up = runner_up.max(score);
                }
                _ => {
                    if let Some((b, ..)) = best {
                        runner_up = runner_up.max(b);
                    }
                    best = Some((score, iri, candidate));
                }
            }
        }
        let mut outcome = choose(
            entity,
            best.map(|(score, iri, _)| (iri, score)),
            runner_up,
            curated.get(&entity.iri),
        );
        outcome.target_id = outcome.target.as_ref().and(best.map(|b| b.2));
        outcome.assessed = assessed;
        outcome.index = index;
        outcome.mapped = mapped;
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
            o.reason = Reason::SharedTarget;
        }
    }
    outcomes.sort_by(|a, b| a.entity.as_str().cmp(b.entity.as_str()));
    outcomes
}

/// Decides one entity from its best candidate (IRI and score) and the
/// runner-up's score; curated links always win.
pub(super) fn choose(
    entity: &Entity,
    best: Option<(&str, f64)>,
    runner_up: f64,
    curated: Option<&Vec<(String, Strength)>>,
) -> Outcome {
    let mut outcome = Outcome {
        entity: entity.iri.clone(),
        decision: Decision::Nothing,
        target: None,
        reason: Reason::NoCandidate,
        best: 0.0,
        target_id: None,
        assessed: Vec::new(),
        index: 0,
        mapped: Vec::new(),
    };
    let Some((best_iri, best)) = best else {
        return outcome;
    };
    outcome.best = best;
    let margin = best - runner_up;
    let (decision, reason) = if margin < MARGIN && best >= LIKELY {
        (Decision::Nothing, Reason::Ambiguous(margin))
    } else if best >= SURE {
        (Decision::Same, Reason::Sure)
    } else if best >= LIKELY {
        (Decision::Close, Reason::Likely)
    } else {
        (Decision::Nothing, Reason::NoGoodCandidate)
    };
    outcome.decision = decision;
    outcome.reason = reason;
    outcome.target = (decision != Decision::Nothing).then(|| best_iri.to_owned());
    // Curated links win: never repeat, overwrite or contradict them.
    if let (Some(target), Some(links)) = (outcome.target.clone(), curated) {
        if let Some((_, strength)) = links.iter().find(|(t, _)| *t == target) {
            outcome.reason = match strength {
                Strength::Same => Reason::AlreadyCurated,
                Strength::Close => Reason::ConfirmsCuratedClose(decision == Decision::Same),
            };
            outcome.decision = Decision::Nothing;
        } else if let Some((other, _)) = links
            .iter()
            .find(|(t, _)| namespace(t) == namespace(&target))
        {
            outcome.reason = Reason::ContradictsCurated(other.clone());
            outcome.decision = Decision::Nothing;
        }
    }
    outcome
}
