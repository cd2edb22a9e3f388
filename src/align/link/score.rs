//! Scoring one candidate for one entity: names, type, dates and places.

use super::decide::RuledOut;
use super::index::{Parts, stems};
use super::*;
use crate::align::names;
use crate::rdf::xsd;
use oxigraph::model::NamedNode;
use std::collections::BTreeSet;

/// How well two names agree, and how; `parts` reads them part by part.
pub(super) fn name_score(
    ours: &(String, String),
    theirs: &(String, String),
    parts: &Parts,
) -> (f64, String) {
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
    // Names whose parts are named differently: "… between the Kyrgyz Republic
    // and the Republic of Turkey" and "… between Kyrgyzstan and Turkey" are
    // the same title once each part is read as the entity of ours it names.
    // Likely on the names alone; type and date evidence make it sure.
    for a in &ka {
        let Some(read_a) = parts.read(a).filter(|r| r.contains(' ')) else {
            continue;
        };
        if kb.iter().any(|b| parts.read(b).as_ref() == Some(&read_a)) {
            return (
                0.88,
                format!(
                    "names agree part by part, with our names for the parts: {:?} ~ {:?}",
                    ours.0, theirs.0
                ),
            );
        }
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

/// "a state", "an office".
fn a(noun: &str) -> String {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// Compares dates at the precision both have: equal, a day apart, or in conflict.
pub(super) fn dates_agree(ours: &[String], theirs: &[String]) -> Option<(f64, String)> {
    if ours.is_empty() || theirs.is_empty() {
        return None;
    }
    let mut near = false;
    for a in ours {
        for b in theirs {
            let b = b.trim_start_matches('+');
            if xsd::dates_agree(a, b) {
                return Some((1.05, format!("date {a} agrees with {b}")));
            }
            if let (Some(x), Some(y)) = (xsd::day_number(a), xsd::day_number(b)) {
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

/// Scores one candidate for one entity, or says why it is ruled out: names
/// that do not agree, a type of another kind, or a candidate that ceased to
/// exist before what our data says of the entity.
pub(super) fn score(
    entity: &Entity,
    iri: &str,
    candidate: &Candidate,
    our_links: &dyn Fn(&NamedNode) -> Vec<String>,
    parts: &Parts,
) -> Result<Scored, RuledOut> {
    let (mut name, mut name_why) = (0.0, String::new());
    for ours in &entity.labels {
        for theirs in &candidate.labels {
            let (s, w) = name_score(ours, theirs, parts);
            if s > name {
                (name, name_why) = (s, w);
            }
        }
    }
    if name == 0.0 {
        return Err(RuledOut::NamesDiffer);
    }
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
        // A person never matches a city; a state never matches a bird; a
        // game never matches a gene.
        let theirs: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        return Err(RuledOut::WrongType(
            name,
            format!(
                "{name_why}; but its type ({}) makes it {}; ours is {}",
                candidate.types.join(" "),
                if kinds.contains(&Kind::Other) {
                    "none of our kinds".to_owned()
                } else {
                    theirs.iter().map(|k| a(k)).collect::<Vec<_>>().join(" or ")
                },
                a(entity.kind.name())
            ),
        ));
    } else if candidate.types.is_empty() {
        why.push("type unknown (none given)".to_owned());
        0.8
    } else {
        why.push(format!(
            "type not recognised ({})",
            candidate.types.join(" ")
        ));
        0.8
    };
    // A state dissolved before what our data says of ours is its
    // predecessor (the Kirghiz SSR, dissolved 1991), not it.
    if let Some(last) = &entity.last_attested {
        if let Some(ended) = candidate
            .ended
            .iter()
            .map(|e| e.trim_start_matches('+'))
            .find(|e| e.get(..10).unwrap_or(e) < last.as_str())
        {
            return Err(RuledOut::WrongPeriod(
                name,
                format!(
                    "{name_why}; but it ceased to exist on {}, before our {last}",
                    ended.get(..10).unwrap_or(ended)
                ),
            ));
        }
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
    Ok(Scored {
        iri: iri.to_owned(),
        score: value.min(1.0),
        why,
    })
}
