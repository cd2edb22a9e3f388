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
    Summary, Verdict, Verdicted, check_targets, review_path, write_files, write_links, write_review,
};

// The pipeline's stages, in order; `run` is the public way through them.
pub(crate) use candidates::{Found, Source, candidates, endpoint_candidates};
pub(crate) use decide::{curated, decide};
pub(crate) use entities::{Candidate, Entity, Kind, kind_of_class, our_entities};
pub(crate) use index::Index;
use report::{Record, records, summary};

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

/// What `dipkg link` decided, with what explaining it line by line needs.
pub struct Linking {
    /// One per entity of ours, by IRI.
    pub outcomes: Vec<Outcome>,
    /// The counts.
    pub summary: Summary,
    entities: Vec<Entity>,
    found: Found,
    index: Index,
    /// What became of each candidate, in the review report's order.
    records: Vec<Record>,
}

/// The whole linking job of `dipkg link` short of writing: our entities, the
/// source's candidates, curated links, decisions, and the counts.
pub fn run(store: &Store, against: Against<'_>) -> Result<Linking> {
    let entities = our_entities(store)?;
    let index = Index::new(&entities);
    let source = match against {
        Against::Endpoint { client, url } => {
            Source::Quads(endpoint_candidates(client, url, &entities)?)
        }
        Against::File(path) => Source::File(path),
    };
    let ours: std::collections::HashSet<&str> = entities.iter().map(|e| e.iri.as_str()).collect();
    let found = candidates(source, &index, &ours)?;
    let outcomes = decide(&entities, &found, &index, &curated(store)?);
    let records = records(&outcomes, &found);
    let summary = summary(entities.len(), &records, &outcomes);
    Ok(Linking {
        outcomes,
        summary,
        entities,
        found,
        index,
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::decide::{Names, choose};
    use super::score::{Name, NameMatch, agreement, dates_agree, score};
    use super::*;
    use crate::rdf::xsd::day_number;
    use crate::vocab::{RDFS_LABEL, WD};
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
    use std::collections::{HashMap, HashSet};

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

    fn candidate(class: &str) -> Candidate {
        Candidate {
            types: vec![format!("{WD}{class}")],
            ..Candidate::default()
        }
    }

    /// Scores a candidate named `label` for an entity of one name, names compared whole.
    fn assess(entity: &Entity, label: &str, candidate: &Candidate) -> Result<Scored, RuledOut> {
        let parts = index::Parts::new(&[]);
        let (ours, language) = &entity.labels[0];
        let ours = Name::new(ours, language, &parts);
        let theirs = Name::new(label, "en", &parts);
        let name = agreement(&ours, &theirs).map(|agreement| NameMatch {
            agreement,
            ours: &ours.label,
            theirs: &theirs.label,
        });
        score(entity, name, candidate, &[], false)
    }

    #[test]
    fn a_type_of_another_kind_rules_a_candidate_out() {
        let turkey = entity(Kind::State, "Turkey");
        let bird = assess(&turkey, "turkey", &candidate("Q16521"));
        assert!(matches!(bird, Err(RuledOut::WrongType(..))), "{bird:?}");
        let town = assess(&turkey, "Turkey", &candidate("Q3957"));
        assert!(matches!(town, Err(RuledOut::WrongType(..))), "{town:?}");
        let state = assess(&turkey, "Turkey", &candidate("Q6256"));
        assert!(state.is_ok_and(|s| s.score >= SURE));
        // The World Nomad Games typed as a gene was once "type unknown" and
        // a skos:closeMatch; a type of none of our kinds rules it out.
        let games = entity(Kind::Event, "World Nomad Games");
        let gene = assess(&games, "World Nomad Games", &candidate("Q7187"));
        assert!(matches!(gene, Err(RuledOut::WrongType(..))), "{gene:?}");
        // Without a type a candidate can be likely at best, never sure.
        let untyped = assess(&turkey, "Turkey", &Candidate::default()).map(|s| s.score);
        assert!(untyped.as_ref().is_ok_and(|s| *s < SURE), "{untyped:?}");
    }

    #[test]
    fn a_state_dissolved_before_our_dates_is_its_predecessor() {
        let kyrgyzstan = Entity {
            last_attested: Some("2018-09-03".to_owned()),
            ..entity(Kind::State, "Kyrgyzstan")
        };
        let ssr = Candidate {
            ended: vec!["1991-08-31".to_owned()],
            ..candidate("Q6256")
        };
        let ruled = assess(&kyrgyzstan, "Kyrgyzstan", &ssr);
        assert!(matches!(ruled, Err(RuledOut::WrongPeriod(..))), "{ruled:?}");
        let today = assess(&kyrgyzstan, "Kyrgyzstan", &candidate("Q6256"));
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
        let name = |n: &str| Name::new(n, "en", &parts);
        let ours = name(
            "Treaty on Eternal Friendship and Cooperation between the Kyrgyz Republic and the Republic of Turkey",
        );
        let same =
            name("Treaty on Eternal Friendship and Cooperation between Kyrgyzstan and Turkey");
        let other =
            name("Treaty on Eternal Friendship and Cooperation between Kyrgyzstan and Kazakhstan");
        let score = |a: &Name, b: &Name| agreement(a, b).map_or(0.0, |a| a.score());
        assert!(score(&ours, &same) >= LIKELY);
        assert!(score(&ours, &other) < LIKELY);
        // A part is never the whole name: "Kyrgyzstan" is not read as a part of itself.
        assert_eq!(parts.read("kirgizstan"), None);
    }

    #[test]
    fn every_name_that_agrees_is_among_those_the_index_offers() {
        let ours = [
            entity(Kind::Person, "Sooronbay Jeenbekov"),
            entity(Kind::Place, "Jalalabadskiy"),
            entity(Kind::Document, "Joint Statement on Strategic Partnership"),
        ];
        let index = Index::new(&ours);
        let theirs = [
            "Sooronbay Jeenbekov",                       // equal
            "Сооронбай Жээнбеков",                       // transliterated
            "S. Jeenbekov",                              // given names agree
            "Almazbek Jeenbekov",                        // surname only
            "Joint Statement on Strategic Partnerships", // shared words
            "Kalalabadskiy",                             // nearly equal, no word in common
            "Bishkek",                                   // none
        ];
        let mut agreed = 0;
        for label in theirs {
            let name = Name::new(label, "", &index.parts);
            let offered = index.matcher.may_match(&name);
            for (e, names) in (0u32..).zip(&index.matcher.names) {
                if names.iter().any(|n| agreement(n, &name).is_some()) {
                    agreed += 1;
                    assert!(offered.contains(&e), "{label}: entity {e} not offered");
                }
            }
        }
        assert_eq!(agreed, 6);
    }

    #[test]
    fn a_name_shared_by_many_candidates_is_compared_once() {
        let ours = [entity(Kind::State, "Turkey")];
        let index = Index::new(&ours);
        let quads: Vec<Quad> = (0..10_000)
            .flat_map(|i| {
                let s = NamedNode::new_unchecked(format!("{WD}Q{i}"));
                [
                    Quad::new(
                        s.clone(),
                        NamedNode::new_unchecked(RDFS_LABEL),
                        Literal::new_language_tagged_literal_unchecked("Turkey", "en"),
                        GraphName::DefaultGraph,
                    ),
                    Quad::new(
                        s,
                        NamedNode::new_unchecked("http://www.wikidata.org/prop/direct/P31"),
                        NamedNode::new_unchecked(format!("{WD}Q6256")),
                        GraphName::DefaultGraph,
                    ),
                ]
            })
            .collect();
        let found = candidates(Source::Quads(quads), &index, &HashSet::new()).expect("found");
        assert_eq!(found.len(), 10_000);
        let mut names = Names::new(&found, &index);
        for c in 0..10_000 {
            let matches = names.matches(c);
            assert_eq!(matches.len(), 1);
            assert_eq!(matches[0].0, 0);
        }
        assert_eq!(names.compared, 1);
        let outcomes = decide(&ours, &found, &index, &HashMap::new());
        assert_eq!(outcomes[0].assessed.len(), 10_000);
        assert!(
            matches!(outcomes[0].reason, Reason::Ambiguous(_)),
            "{}",
            outcomes[0].reason
        );
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
        let outcome = choose(&ours, Some(("a", 0.95)), 0.9, None);
        assert_eq!(outcome.decision, Decision::Nothing);
        assert!(
            matches!(outcome.reason, Reason::Ambiguous(_)),
            "{}",
            outcome.reason
        );
        let clear = choose(&ours, Some(("a", 0.95)), 0.4, None);
        assert_eq!(clear.decision, Decision::Same);
    }
}
