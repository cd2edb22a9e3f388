//! Scoring one candidate for one entity: names, type, dates and places.

use super::decide::RuledOut;
use super::index::{Parts, stems};
use super::*;
use crate::align::names;
use crate::rdf::xsd;
use std::collections::BTreeSet;

/// A name read once for matching: folded, its keys, its reading part by
/// part, and the word stems of its main key.
#[derive(Debug, Clone)]
pub(super) struct Name {
    /// As written.
    pub label: String,
    fold: String,
    /// Its keys (see [`names::keys`]); the first is the main one.
    pub keys: Vec<String>,
    /// Its keys read part by part, where the reading has two parts or more.
    pub readings: Vec<String>,
    /// The word stems of its main key.
    pub stems: BTreeSet<String>,
}

impl Name {
    /// Reads `label` (tagged `language`, empty when untagged).
    pub fn new(label: &str, language: &str, parts: &Parts) -> Self {
        let fold = names::fold(label);
        let keys = names::keys_of_folded(label, &fold, language);
        let readings = keys
            .iter()
            .filter_map(|k| parts.read(k))
            .filter(|r| r.contains(' '))
            .collect();
        let stems = keys.first().map(|k| stems(k)).unwrap_or_default();
        Self {
            label: label.to_owned(),
            fold,
            keys,
            readings,
            stems,
        }
    }
}

/// How two names agree, strongest first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Agreement {
    /// The same once folded.
    Equal,
    /// The same once transliterated.
    Transliterated,
    /// The same once each part is read as the entity of ours it names.
    PartByPart,
    /// Same surname, and the given names agree.
    GivenNamesAgree,
    /// Same surname only.
    SurnameOnly,
    /// Most words shared (Jaccard index of the stems).
    SharedWords(f64),
    /// Nearly the same spelling (normalised Levenshtein similarity).
    NearlyEqual(f64),
}

impl Agreement {
    /// The name score, 0 to 1.
    pub fn score(self) -> f64 {
        match self {
            Self::Equal => 1.0,
            Self::Transliterated => 0.95,
            Self::PartByPart => 0.88,
            Self::GivenNamesAgree => 0.85,
            Self::SurnameOnly => 0.4,
            Self::SharedWords(jaccard) => 0.8 * jaccard,
            Self::NearlyEqual(similarity) => 0.8 * similarity,
        }
    }

    /// The evidence in words.
    pub fn explain(self, ours: &str, theirs: &str) -> String {
        match self {
            Self::Equal => format!("name {ours:?} = {theirs:?}"),
            Self::Transliterated => format!("name {ours:?} ≈ {theirs:?} (transliterated)"),
            Self::PartByPart => format!(
                "names agree part by part, with our names for the parts: {ours:?} ~ {theirs:?}"
            ),
            Self::GivenNamesAgree => {
                format!("same surname, given names agree: {ours:?} ~ {theirs:?}")
            }
            Self::SurnameOnly => format!("same surname only: {ours:?} vs {theirs:?}"),
            Self::SharedWords(_) => format!("names share words: {ours:?} ~ {theirs:?}"),
            Self::NearlyEqual(_) => format!("names nearly equal: {ours:?} ~ {theirs:?}"),
        }
    }
}

/// How two names agree, if they do.
pub(super) fn agreement(ours: &Name, theirs: &Name) -> Option<Agreement> {
    if ours.fold == theirs.fold && !ours.fold.is_empty() {
        return Some(Agreement::Equal);
    }
    let (ka, kb) = (&ours.keys, &theirs.keys);
    if ka.iter().any(|k| kb.contains(k)) {
        return Some(Agreement::Transliterated);
    }
    // Names whose parts are named differently: "… between the Kyrgyz Republic
    // and the Republic of Turkey" and "… between Kyrgyzstan and Turkey" are
    // the same title once each part is read as the entity of ours it names.
    // Likely on the names alone; type and date evidence make it sure.
    if ours.readings.iter().any(|r| theirs.readings.contains(r)) {
        return Some(Agreement::PartByPart);
    }
    let (sa, sb) = (ka.first()?, kb.first()?);
    let (wa, wb): (Vec<&str>, Vec<&str>) = (sa.split(' ').collect(), sb.split(' ').collect());
    if wa.len() >= 2 && wb.len() >= 2 && wa.last() == wb.last() {
        let (fa, fb) = (wa[0], wb[0]);
        let given_agrees = (fa.len() >= 4 && fb.starts_with(fa))
            || (fb.len() >= 4 && fa.starts_with(fb))
            || ((fa.len() == 1 || fb.len() == 1) && fa.chars().next() == fb.chars().next());
        return Some(if given_agrees {
            Agreement::GivenNamesAgree
        } else {
            Agreement::SurnameOnly
        });
    }
    let (ta, tb) = (&ours.stems, &theirs.stems);
    let union = ta.union(tb).count();
    if union > 0 {
        let jaccard = ta.intersection(tb).count() as f64 / union as f64;
        if jaccard >= 0.6 {
            return Some(Agreement::SharedWords(jaccard));
        }
    }
    let similarity = strsim::normalized_levenshtein(sa, sb);
    (similarity >= 0.9).then_some(Agreement::NearlyEqual(similarity))
}

/// The best agreement between an entity's names and a candidate's (see
/// `decide::Names::best`), with both names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct NameMatch<'a> {
    /// How they agree.
    pub agreement: Agreement,
    /// Our name.
    pub ours: &'a str,
    /// Theirs.
    pub theirs: &'a str,
}

impl NameMatch<'_> {
    pub(super) fn explain(&self) -> String {
        self.agreement.explain(self.ours, self.theirs)
    }
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
/// exist before what our data says of the entity. `mapped` is what the
/// source calls the places the entity lies in; the evidence in words is
/// written only when `explain` (a million candidates cost no strings).
pub(super) fn score(
    entity: &Entity,
    name: Option<NameMatch<'_>>,
    candidate: &Candidate,
    mapped: &[String],
    explain: bool,
) -> Result<Scored, RuledOut> {
    let Some(name_match) = name else {
        return Err(RuledOut::NamesDiffer);
    };
    let name = name_match.agreement.score();
    let words = |f: &dyn Fn() -> String| if explain { f() } else { String::new() };
    let kinds: BTreeSet<Kind> = candidate
        .types
        .iter()
        .filter_map(|t| kind_of_class(t))
        .collect();
    let mut why = Vec::new();
    let type_factor = if kinds.contains(&entity.kind) {
        why.push(words(&|| format!("type fits ({})", entity.kind.name())));
        1.0
    } else if !kinds.is_empty() {
        // A person never matches a city; a state never matches a bird; a
        // game never matches a gene.
        return Err(RuledOut::WrongType(
            name,
            words(&|| {
                let theirs: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
                format!(
                    "{}; but its type ({}) makes it {}; ours is {}",
                    name_match.explain(),
                    candidate.types.join(" "),
                    if kinds.contains(&Kind::Other) {
                        "none of our kinds".to_owned()
                    } else {
                        theirs.iter().map(|k| a(k)).collect::<Vec<_>>().join(" or ")
                    },
                    a(entity.kind.name())
                )
            }),
        ));
    } else if candidate.types.is_empty() {
        why.push(words(&|| "type unknown (none given)".to_owned()));
        0.8
    } else {
        why.push(words(&|| {
            format!("type not recognised ({})", candidate.types.join(" "))
        }));
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
                words(&|| {
                    format!(
                        "{}; but it ceased to exist on {}, before our {last}",
                        name_match.explain(),
                        ended.get(..10).unwrap_or(ended)
                    )
                }),
            ));
        }
    }
    why.insert(0, words(&|| name_match.explain()));
    let mut value = name * type_factor;
    if let Some((factor, w)) = dates_agree(&entity.dates, &candidate.dates) {
        value *= factor;
        why.push(w);
    }
    if !mapped.is_empty() && !candidate.within.is_empty() {
        if candidate.within.iter().any(|w| mapped.contains(w)) {
            value *= 1.05;
            why.push(words(&|| "lies in the same place".to_owned()));
        } else {
            value *= 0.5;
            why.push(words(&|| {
                format!("lies elsewhere ({})", candidate.within.join(" "))
            }));
        }
    }
    if !explain {
        why.clear();
    }
    Ok(Scored {
        score: value.min(1.0),
        why,
    })
}
