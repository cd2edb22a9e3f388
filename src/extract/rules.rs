//! What happened: the trigger rules of the lexicon (`triggers.tsv`), read
//! into classes, and matched against a clause's words.

use crate::error::{Error, Result};
use crate::extract::lexicon::{Lexicon, Stem, phrase};

/// One trigger rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Where it is written (`triggers.tsv:12`).
    pub name: String,
    /// Its group: of a clause's rules, the first that matches in a group fires.
    pub group: String,
    /// The dkg class it proposes.
    pub class: String,
    /// The groups it silences in the same clause.
    pub blocks: Vec<String>,
    /// Its parts, each a choice of phrases.
    parts: Vec<Vec<Vec<Stem>>>,
}

/// A rule that fired, and where its first part's words are (byte offsets).
#[derive(Debug, Clone)]
pub struct Fired<'a> {
    /// The rule.
    pub rule: &'a Rule,
    /// The byte offset of the first matched word of its first part.
    pub at: usize,
}

/// The classes a rule may propose (the ontology's).
pub const CLASSES: [&str; 21] = [
    "EventSeries",
    "EstablishmentOfDiplomaticRelations",
    "GovernmentResolution",
    "Ratification",
    "MissionOpening",
    "OfficialVisit",
    "StateVisit",
    "WorkingVisit",
    "Visit",
    "ParliamentaryAssemblyMeeting",
    "Summit",
    "CouncilMeeting",
    "Talks",
    "JointStatement",
    "Declaration",
    "Memorandum",
    "Treaty",
    "Agreement",
    "CoupAttempt",
    "Meeting",
    "Event",
];

/// The rules of `lang`, in order.
pub fn rules(lexicon: &Lexicon, lang: &str) -> Result<Vec<Rule>> {
    lexicon
        .for_lang("triggers.tsv", lang)
        .map(|row| {
            let class = row.fields[2].clone();
            if !CLASSES.contains(&class.as_str()) {
                return Err(Error::Syntax {
                    path: row.file.clone(),
                    line: row.line as u64,
                    column: 1,
                    message: format!("unknown class {class:?}; one of {}", CLASSES.join(", ")),
                });
            }
            Ok(Rule {
                name: format!("{}:{}", row.file, row.line),
                group: row.fields[1].clone(),
                class,
                blocks: row.fields[3]
                    .split(',')
                    .filter(|b| *b != "-" && !b.is_empty())
                    .map(str::to_owned)
                    .collect(),
                parts: row.fields[4]
                    .split(" + ")
                    .map(|part| part.split(" | ").map(phrase).collect())
                    .collect(),
            })
        })
        .collect()
}

/// Where a phrase of stems first occurs among the words.
fn position(words: &[(crate::extract::sentences::Span, String)], phrase: &[Stem]) -> Option<usize> {
    (0..words.len().saturating_sub(phrase.len() - 1)).find(|&i| {
        phrase
            .iter()
            .zip(&words[i..])
            .all(|(stem, (_, word))| stem.matches(word))
    })
}

/// The rules that fire on a clause's words: the first of each group, less those blocked.
pub fn fire<'a>(
    rules: &'a [Rule],
    words: &[(crate::extract::sentences::Span, String)],
) -> Vec<Fired<'a>> {
    let mut fired: Vec<Fired<'a>> = Vec::new();
    for rule in rules {
        if fired.iter().any(|f| f.rule.group == rule.group) {
            continue;
        }
        let mut at = None;
        let all = rule.parts.iter().enumerate().all(|(i, choices)| {
            let found = choices.iter().filter_map(|p| position(words, p)).min();
            if i == 0 {
                at = found;
            }
            found.is_some()
        });
        if all && let Some(at) = at {
            fired.push(Fired {
                rule,
                at: words[at].0.start,
            });
        }
    }
    let blocked: Vec<String> = fired.iter().flat_map(|f| f.rule.blocks.clone()).collect();
    fired.retain(|f| !blocked.contains(&f.rule.group));
    fired
}
