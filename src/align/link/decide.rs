//! Deciding each entity from its scored candidates: sure, likely or nothing,
//! with curated links always winning.

use super::score::{self, Name};
use super::*;
use crate::error::Result;
use crate::vocab::{
    DKG_UNVERIFIED_LINK as UNVERIFIED, OWL_SAME_AS, SKOS_CLOSE_MATCH as SKOS_CLOSE,
    SKOS_EXACT_MATCH as SKOS_EXACT,
};
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};
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
) -> Vec<Outcome> {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&entities[a], &entities[b]);
        (a.kind, a.iri.as_str()).cmp(&(b.kind, b.iri.as_str()))
    });
    let ours: HashSet<&str> = entities.iter().map(|e| e.iri.as_str()).collect();
    // Each distinct name of theirs is read once, and tells which of our
    // entities it can match at all; only those pairs are scored.
    let our_names = OurNames::new(entities);
    let mut theirs: HashMap<(&str, &str), TheirName> = HashMap::new();
    let mut per_entity: Vec<Vec<(&str, &Candidate, Vec<TheirName>)>> =
        vec![Vec::new(); entities.len()];
    for (iri, candidate) in found {
        // Our own entities, when the source holds a copy of our data, are not candidates.
        if ours.contains(iri.as_str()) {
            continue;
        }
        if theirs.len() > 100_000 {
            theirs.clear(); // Bounded: a cache, not a copy of the source's names.
        }
        let names: Vec<TheirName> = candidate
            .labels
            .iter()
            .map(|(label, language)| {
                Rc::clone(
                    theirs
                        .entry((label.as_str(), language.as_str()))
                        .or_insert_with(|| {
                            let name = Name::new(label, language);
                            let hits = our_names.entities_for(&name);
                            Rc::new((name, hits))
                        }),
                )
            })
            .collect();
        let mut hit: Vec<usize> = names.iter().flat_map(|n| n.1.iter().copied()).collect();
        hit.sort_unstable();
        hit.dedup();
        for entity in hit {
            per_entity[entity].push((iri.as_str(), candidate, names.clone()));
        }
    }
    let mut decided: HashMap<NamedNode, String> = HashMap::new();
    let mut outcomes = Vec::new();
    for index in order {
        let entity = &entities[index];
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
        // Only the best few are ever used (the decision, the report's three).
        let mut scored: Vec<Scored> = Vec::with_capacity(KEPT + 1);
        for (iri, candidate, names) in &per_entity[index] {
            let their_names: Vec<&Name> = names.iter().map(|n| &n.0).collect();
            let Some(s) = score::score_names(
                entity,
                &our_names.of_entity[index],
                iri,
                candidate,
                &their_names,
                &links,
            ) else {
                continue;
            };
            let at = scored.partition_point(|k| better(k, &s));
            if at < KEPT {
                scored.insert(at, s);
                scored.truncate(KEPT);
            }
        }
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
            o.reason = Reason::SharedTarget;
        }
    }
    outcomes.sort_by(|a, b| a.entity.as_str().cmp(b.entity.as_str()));
    outcomes
}

/// A name of theirs with the indices of our entities it may match.
type TheirName = Rc<(Name, Vec<usize>)>;

/// Candidates kept per entity: the best, the runner-up, and the report's three.
const KEPT: usize = 3;

/// Whether `a` ranks before `b`: higher score, then IRI.
fn better(a: &Scored, b: &Scored) -> bool {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.iri.cmp(&b.iri))
        .is_lt()
}

/// Our names, indexed by every form through which a name of theirs can score
/// above zero (see [`score::may_match`]), so a name of theirs is compared with
/// the few of ours it can match, never with all of them.
struct OurNames {
    /// Each entity's names, computed once.
    of_entity: Vec<Vec<Name>>,
    /// (entity, name) of every name.
    all: Vec<(usize, usize)>,
    /// The first key of every name, with its length in characters.
    first_keys: Vec<Option<(String, usize)>>,
    by_form: HashMap<String, Vec<usize>>,
}

impl OurNames {
    fn new(entities: &[Entity]) -> Self {
        let of_entity: Vec<Vec<Name>> = entities
            .iter()
            .map(|e| e.labels.iter().map(|(l, t)| Name::new(l, t)).collect())
            .collect();
        let mut all = Vec::new();
        let mut by_form: HashMap<String, Vec<usize>> = HashMap::new();
        for (e, names) in of_entity.iter().enumerate() {
            for (n, name) in names.iter().enumerate() {
                let id = all.len();
                all.push((e, n));
                for form in forms(name) {
                    by_form.entry(form).or_default().push(id);
                }
            }
        }
        let first_keys = all
            .iter()
            .map(|&(e, n): &(usize, usize)| {
                let key = of_entity[e][n].keys.first()?;
                Some((key.clone(), key.chars().count()))
            })
            .collect();
        Self {
            of_entity,
            all,
            first_keys,
            by_form,
        }
    }

    /// Our entities that `theirs` may match, sorted.
    fn entities_for(&self, theirs: &Name) -> Vec<usize> {
        let mut ids: Vec<usize> = forms(theirs)
            .iter()
            .flat_map(|f| self.by_form.get(f).into_iter().flatten().copied())
            .collect();
        // Nearly equal spellings share no form; they are few enough to check directly.
        if let Some(b) = theirs.keys.first() {
            let lb = b.chars().count();
            for (id, first) in self.first_keys.iter().enumerate() {
                let Some((a, la)) = first else {
                    continue;
                };
                if score::lengths_allow_near_equal(*la, lb) && score::near_equal(a, b) {
                    ids.push(id);
                }
            }
        }
        let mut entities: Vec<usize> = ids.into_iter().map(|id| self.all[id].0).collect();
        entities.sort_unstable();
        entities.dedup();
        entities
    }
}

/// The forms a name is indexed by: its fold, its keys, the last word of its
/// first key (when it has two words or more), the stems of its first key.
fn forms(name: &Name) -> Vec<String> {
    let mut out = vec![format!("f:{}", name.fold)];
    out.extend(name.keys.iter().map(|k| format!("k:{k}")));
    if let Some(first) = name.keys.first() {
        let words: Vec<&str> = first.split(' ').collect();
        if words.len() >= 2 {
            out.push(format!("l:{}", words[words.len() - 1]));
        }
        out.extend(
            super::index::stems(first)
                .into_iter()
                .map(|s| format!("s:{s}")),
        );
    }
    out
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
