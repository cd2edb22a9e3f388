//! Deciding each entity from its scored candidates: sure, likely or nothing,
//! with curated links always winning.

use super::index::Parts;
use super::*;
use crate::error::Result;
use crate::vocab::{
    DKG_UNVERIFIED_LINK as UNVERIFIED, OWL_SAME_AS, SKOS_CLOSE_MATCH as SKOS_CLOSE,
    SKOS_EXACT_MATCH as SKOS_EXACT,
};
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};

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

/// The outcome for one entity: decision, chosen target, all candidates, and why.
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
    /// Candidates ruled out by type or period, with why (not those whose names differ).
    pub ruled_out: Vec<(String, RuledOut)>,
    /// Why the decision is what it is, for the review report.
    pub reason: Reason,
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

/// Decides every entity: states first, then places, so later entities can use
/// the states' and places' links when comparing where candidates lie.
pub(crate) fn decide(
    entities: &[Entity],
    found: &HashMap<String, Candidate>,
    curated: &HashMap<NamedNode, Vec<(String, Strength)>>,
    parts: &Parts,
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
        let mut scored: Vec<Scored> = Vec::new();
        let mut ruled_out = Vec::new();
        // Our own entities, when the source holds a copy of our data, are not candidates.
        for (iri, c) in found.iter().filter(|(iri, _)| !ours.contains(iri.as_str())) {
            match score::score(entity, iri, c, &links, parts) {
                Ok(s) => scored.push(s),
                Err(RuledOut::NamesDiffer) => {}
                Err(why) => ruled_out.push((iri.clone(), why)),
            }
        }
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.iri.cmp(&b.iri)));
        ruled_out.sort_by(|a, b| a.0.cmp(&b.0));
        let mut outcome = choose(entity, scored, curated.get(&entity.iri));
        outcome.ruled_out = ruled_out;
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

pub(super) fn choose(
    entity: &Entity,
    scored: Vec<Scored>,
    curated: Option<&Vec<(String, Strength)>>,
) -> Outcome {
    let mut outcome = Outcome {
        entity: entity.iri.clone(),
        decision: Decision::Nothing,
        target: None,
        candidates: Vec::new(),
        ruled_out: Vec::new(),
        reason: Reason::NoCandidate,
    };
    let Some(best) = scored.first() else {
        return outcome;
    };
    let runner_up = scored.get(1).map_or(0.0, |s| s.score);
    let margin = best.score - runner_up;
    let (decision, reason) = if margin < MARGIN && best.score >= LIKELY {
        (Decision::Nothing, Reason::Ambiguous(margin))
    } else if best.score >= SURE {
        (Decision::Same, Reason::Sure)
    } else if best.score >= LIKELY {
        (Decision::Close, Reason::Likely)
    } else {
        (Decision::Nothing, Reason::NoGoodCandidate)
    };
    outcome.decision = decision;
    outcome.reason = reason;
    outcome.target = (decision != Decision::Nothing).then(|| best.iri.clone());
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
    outcome.candidates = scored;
    outcome
}
