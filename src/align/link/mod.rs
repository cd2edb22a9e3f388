//! Links our entities to another linked-data source (`dipkg link --against`).
//!
//! For each of our states, people, places, organisations, offices and events,
//! candidates in the source are found through an index of *our* names (a few
//! hundred keys), never by comparing every pair: the source is streamed and
//! each of its names is looked up in that index, so a source of millions of
//! entities costs one read for the names and one for the facts of the few
//! entities whose names hit (a file is read twice; nothing but the candidates
//! is kept). A candidate is then scored on its names (normalised and
//! transliterated, see [`crate::align::names`]), its type (a person never matches a
//! city: an incompatible type removes it), dates and the places it lies in
//! where both sides have them, and the margin over the runner-up decides:
//! `owl:sameAs` when sure, `skos:closeMatch` when likely, nothing otherwise.
//!
//! Curated links (everything in the dataset outside `data/links/`, where the
//! generated files go) are never overwritten or contradicted: a proposal that
//! repeats one is left out, one that disagrees goes to the review report only.

use crate::align::Against;
use crate::error::Result;
use crate::vocab;
use oxigraph::store::Store;

/// A match at least this good, with [`MARGIN`] over the runner-up, is `owl:sameAs`.
pub const SURE: f64 = 0.9;
/// A match at least this good, with [`MARGIN`] over the runner-up, is `skos:closeMatch`.
pub const LIKELY: f64 = 0.7;
/// How far the best candidate must lead the runner-up to be chosen.
pub const MARGIN: f64 = 0.15;

pub use crate::vocab::GENERATED_GRAPHS;

mod candidates;
mod decide;
mod entities;
mod index;
mod report;
mod score;

pub use decide::{Decision, Outcome, Reason, RuledOut, Scored};
pub use report::{
    Summary, Verdict, Verdicted, check_targets, review_path, verdicts, write_files, write_links,
    write_review,
};

// The pipeline's stages, in order; `run` is the public way through them.
pub(crate) use candidates::{Source, candidates, endpoint_candidates};
pub(crate) use decide::{curated, decide};
pub(crate) use entities::{Candidate, Entity, Kind, kind_of_class, our_entities};
pub(crate) use index::Index;
pub(crate) use report::summary;

/// `link-entity-kinds.rq`, embedded.
const LINK_ENTITY_KINDS: &str = include_str!("../sparql/link-entity-kinds.rq");
/// `link-labels.rq`, embedded.
const LINK_LABELS: &str = include_str!("../sparql/link-labels.rq");
/// `link-dates.rq`, embedded.
const LINK_DATES: &str = include_str!("../sparql/link-dates.rq");
/// `link-attested.rq`, embedded.
const LINK_ATTESTED: &str = include_str!("../sparql/link-attested.rq");
/// `link-within.rq`, embedded.
const LINK_WITHIN: &str = include_str!("../sparql/link-within.rq");
/// `link-endpoint-candidates.rq`, embedded.
const LINK_ENDPOINT_CANDIDATES: &str = include_str!("../sparql/link-endpoint-candidates.rq");

const LABEL_PREDICATES: &[&str] = &[
    vocab::RDFS_LABEL,
    vocab::SKOS_PREF_LABEL,
    vocab::SKOS_ALT_LABEL,
    "http://schema.org/name",
    "http://schema.org/alternateName",
    "http://xmlns.com/foaf/0.1/name",
];

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
    let outcomes = decide(&entities, &found, &curated(store)?, &index.parts);
    let ours: std::collections::HashSet<&str> = entities.iter().map(|e| e.iri.as_str()).collect();
    let mut iris: Vec<String> = found
        .keys()
        .filter(|iri| !ours.contains(iri.as_str()))
        .cloned()
        .collect();
    iris.sort();
    let counts = summary(entities.len(), &iris, &outcomes);
    Ok((outcomes, counts))
}

#[cfg(test)]
mod tests {
    use super::decide::choose;
    use super::score::{dates_agree, score};
    use super::*;
    use crate::rdf::xsd::day_number;
    use crate::vocab::WD;
    use oxigraph::model::NamedNode;

    fn entity(kind: Kind, label: &str) -> Entity {
        Entity {
            iri: NamedNode::new_unchecked("https://w3id.org/dipkg/id/x"),
            kind,
            labels: vec![(label.to_owned(), "en".to_owned())],
            dates: Vec::new(),
            within: Vec::new(),
            last_attested: None,
        }
    }

    /// No parts: names compared whole.
    fn no_parts() -> index::Parts {
        index::Parts::new(&[])
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
        let parts = no_parts();
        let turkey = entity(Kind::State, "Turkey");
        let bird = score(
            &turkey,
            "bird",
            &candidate("turkey", "Q16521"),
            &none,
            &parts,
        );
        assert!(matches!(bird, Err(RuledOut::WrongType(..))), "{bird:?}");
        let town = score(
            &turkey,
            "town",
            &candidate("Turkey", "Q3957"),
            &none,
            &parts,
        );
        assert!(matches!(town, Err(RuledOut::WrongType(..))), "{town:?}");
        let state = score(
            &turkey,
            "state",
            &candidate("Turkey", "Q6256"),
            &none,
            &parts,
        );
        assert!(state.is_ok_and(|s| s.score >= SURE));
        // The World Nomad Games typed as a gene was once "type unknown" and
        // a skos:closeMatch; a type of none of our kinds rules it out.
        let games = entity(Kind::Event, "World Nomad Games");
        let gene = score(
            &games,
            "gene",
            &candidate("World Nomad Games", "Q7187"),
            &none,
            &parts,
        );
        assert!(matches!(gene, Err(RuledOut::WrongType(..))), "{gene:?}");
        // Without a type a candidate can be likely at best, never sure.
        let untyped = Candidate {
            types: Vec::new(),
            ..candidate("Turkey", "Q6256")
        };
        let untyped = score(&turkey, "untyped", &untyped, &none, &parts).map(|s| s.score);
        assert!(untyped.as_ref().is_ok_and(|s| *s < SURE), "{untyped:?}");
    }

    #[test]
    fn a_state_dissolved_before_our_dates_is_its_predecessor() {
        let none = |_: &NamedNode| Vec::new();
        let kyrgyzstan = Entity {
            last_attested: Some("2018-09-03".to_owned()),
            ..entity(Kind::State, "Kyrgyzstan")
        };
        let ssr = Candidate {
            ended: vec!["1991-08-31".to_owned()],
            ..candidate("Kyrgyzstan", "Q6256")
        };
        let ruled = score(&kyrgyzstan, "ssr", &ssr, &none, &no_parts());
        assert!(matches!(ruled, Err(RuledOut::WrongPeriod(..))), "{ruled:?}");
        let today = score(
            &kyrgyzstan,
            "state",
            &candidate("Kyrgyzstan", "Q6256"),
            &none,
            &no_parts(),
        );
        assert!(today.is_ok_and(|s| s.score >= SURE));
    }

    #[test]
    fn names_whose_parts_are_our_names_agree_part_by_part() {
        let states = [
            Entity {
                labels: vec![
                    ("Kyrgyzstan".to_owned(), "en".to_owned()),
                    ("Kyrgyz Republic".to_owned(), "en".to_owned()),
                ],
                ..entity(Kind::State, "Kyrgyzstan")
            },
            Entity {
                labels: vec![
                    ("Turkey".to_owned(), "en".to_owned()),
                    ("Republic of Turkey".to_owned(), "en".to_owned()),
                ],
                ..entity(Kind::State, "Turkey")
            },
        ];
        let parts = index::Parts::new(&states);
        let ours = (
            "Treaty on Eternal Friendship and Cooperation between the Kyrgyz Republic and the Republic of Turkey".to_owned(),
            "en".to_owned(),
        );
        let same = (
            "Treaty on Eternal Friendship and Cooperation between Kyrgyzstan and Turkey".to_owned(),
            "en".to_owned(),
        );
        let other = (
            "Treaty on Eternal Friendship and Cooperation between Kyrgyzstan and Kazakhstan"
                .to_owned(),
            "en".to_owned(),
        );
        assert!(score::name_score(&ours, &same, &parts).0 >= LIKELY);
        assert!(score::name_score(&ours, &other, &parts).0 < LIKELY);
        // A part is never the whole name: "Kyrgyzstan" is not read as a part of itself.
        assert_eq!(parts.read("kirgizstan"), None);
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
        assert!(outcome.ruled_out.is_empty());
        assert_eq!(outcome.decision, Decision::Nothing);
        assert!(
            matches!(outcome.reason, Reason::Ambiguous(_)),
            "{}",
            outcome.reason
        );
    }
}
