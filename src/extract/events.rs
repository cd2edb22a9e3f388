//! From a dated clause to candidate statements: the rules that fire on its
//! words give the classes, and its names fill the roles each class has in
//! the ontology (visitor and visited state, the body a meeting is of, the
//! parties to a document, the state a coup was attempted in). A role the
//! clause does not fill is left empty, and a class whose shape needs it
//! falls back to its broader class (an official visit without a visitor
//! is proposed as a visit), so every candidate passes the shapes.

use crate::extract::dates::Found;
use crate::extract::mentions::{Kind, Mention};
use crate::extract::rules::Fired;
use crate::extract::sentences::Span;
use regex::Regex;

/// A role in a candidate statement, as the ontology's property names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// `dkg:participant`.
    Participant,
    /// `dkg:visitor`.
    Visitor,
    /// `dkg:visitingState`.
    VisitingState,
    /// `dkg:visitedState`.
    VisitedState,
    /// `dkg:meetingOf`.
    MeetingOf,
    /// `dkg:place`.
    Place,
    /// `dkg:party` (of a document).
    Party,
    /// `dkg:inState`.
    InState,
    /// `dkg:author` (of a resolution).
    Author,
    /// `dkg:sendingState` (of a mission).
    SendingState,
    /// `dkg:hostState` (of a mission).
    HostState,
}

impl Role {
    /// The property's local name.
    pub fn property(self) -> &'static str {
        match self {
            Self::Participant => "participant",
            Self::Visitor => "visitor",
            Self::VisitingState => "visitingState",
            Self::VisitedState => "visitedState",
            Self::MeetingOf => "meetingOf",
            Self::Place => "place",
            Self::Party => "party",
            Self::InState => "inState",
            Self::Author => "author",
            Self::SendingState => "sendingState",
            Self::HostState => "hostState",
        }
    }
}

/// One candidate statement: a dated event or document of a clause.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its id, stable for the same text: `SHA8-START-K`.
    pub id: String,
    /// Its dkg class.
    pub class: String,
    /// The trigger rule that fired.
    pub rule: String,
    /// Its date.
    pub date: Found,
    /// The clause it cites (bytes).
    pub clause: Span,
    /// The sentence the clause is in.
    pub sentence: Span,
    /// The names in their roles.
    pub roles: Vec<(Role, Mention)>,
    /// Its number in a series (the 4th meeting).
    pub ordinal: Option<u32>,
    /// A document's title.
    pub title: Option<String>,
    /// The kind of mission opened (`Embassy`, `ConsulateGeneral`), with its sending and host states and city.
    pub mission: Option<&'static str>,
}

/// Patterns read once per language: ordinals and titles.
pub struct Patterns {
    ordinals: Vec<Regex>,
    titles: Vec<Regex>,
}

impl Patterns {
    /// The lexicon's ordinal and title patterns for `lang`.
    pub fn new(lexicon: &crate::extract::lexicon::Lexicon, lang: &str) -> crate::Result<Self> {
        let compile = |file: &str| -> crate::Result<Vec<Regex>> {
            lexicon
                .for_lang(file, lang)
                .map(|row| {
                    Regex::new(&format!("(?i){}", row.fields[1])).map_err(|e| {
                        crate::Error::Syntax {
                            path: row.file.clone(),
                            line: row.line as u64,
                            column: 1,
                            message: format!("not a regular expression: {e}"),
                        }
                    })
                })
                .collect()
        };
        Ok(Self {
            ordinals: compile("ordinals.tsv")?,
            titles: compile("titles.tsv")?,
        })
    }

    fn ordinal(&self, clause: &str) -> Option<u32> {
        self.ordinals.iter().find_map(|r| {
            let caps = r.captures(clause)?;
            if let Some(n) = caps.name("n") {
                return n.as_str().parse().ok().filter(|&n| n > 0);
            }
            caps.name("roman").and_then(|m| roman(m.as_str()))
        })
    }

    fn title(&self, clause: &str) -> Option<String> {
        let quoted = crate::extract::sentences::quoted_ranges(clause, 0);
        if let Some(q) = quoted.first() {
            let inner = &clause[q.start..q.end];
            let inner: String = inner.chars().skip(1).collect();
            let inner: String = inner
                .chars()
                .take(inner.chars().count().saturating_sub(1))
                .collect();
            if !inner.trim().is_empty() {
                return Some(inner.trim().to_owned());
            }
        }
        self.titles.iter().find_map(|r| {
            let title = r.captures(clause)?.name("title")?.as_str().trim();
            (title.split_whitespace().count() >= 2).then(|| title.to_owned())
        })
    }
}

fn roman(text: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let digits: Option<Vec<u32>> = text.chars().map(value).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    u32::try_from(total).ok().filter(|&n| n > 0)
}

/// What one clause gives: a candidate for each rule that fired.
pub struct Clause<'a> {
    /// The whole text.
    pub text: &'a str,
    /// The clause.
    pub span: Span,
    /// Its sentence.
    pub sentence: Span,
    /// Its date.
    pub date: &'a Found,
    /// The names in the clause.
    pub mentions: &'a [Mention],
    /// The names in the whole sentence (for roles the clause leaves to it).
    pub sentence_mentions: &'a [Mention],
    /// The two states the page is about (the two it names most), when it names two.
    pub pair: Option<&'a [Mention; 2]>,
}

/// The state of the page's pair that is not `one`, as an implied mention.
fn other_of(pair: Option<&[Mention; 2]>, one: &Mention) -> Option<Mention> {
    let pair = pair?;
    let other = if pair[0].target == one.target {
        &pair[1]
    } else if pair[1].target == one.target {
        &pair[0]
    } else {
        return None;
    };
    Some(Mention {
        implied: true,
        ..other.clone()
    })
}

/// Both states of the page's pair, as implied mentions.
fn both(pair: Option<&[Mention; 2]>) -> Vec<Mention> {
    pair.map_or_else(Vec::new, |p| {
        p.iter()
            .map(|m| Mention {
                implied: true,
                ..m.clone()
            })
            .collect()
    })
}

fn of_kind(mentions: &[Mention], kind: Kind) -> Vec<&Mention> {
    let mut out: Vec<&Mention> = Vec::new();
    for m in mentions.iter().filter(|m| m.kind == kind) {
        if !out.iter().any(|o| o.target == m.target) {
            out.push(m);
        }
    }
    out
}

fn add(roles: &mut Vec<(Role, Mention)>, role: Role, m: &Mention) {
    if !roles
        .iter()
        .any(|(r, o)| *r == role && o.target == m.target)
    {
        roles.push((role, m.clone()));
    }
}

/// The candidates of a clause, one per fired rule, numbered from `first`.
pub fn candidates(
    clause: &Clause<'_>,
    fired: &[Fired<'_>],
    patterns: &Patterns,
    id: &str,
) -> Vec<Candidate> {
    let words = &clause.text[clause.span.start..clause.span.end];
    let mut out = Vec::new();
    for (k, f) in fired.iter().enumerate() {
        let mut class = f.rule.class.clone();
        let mut roles: Vec<(Role, Mention)> = Vec::new();
        let states = of_kind(clause.mentions, Kind::State);
        let people = of_kind(clause.mentions, Kind::Person);
        let cities = of_kind(clause.mentions, Kind::City);
        let orgs = of_kind(clause.mentions, Kind::Organisation);
        let mut mission = None;
        let mut ordinal = None;
        let mut title = None;
        match class.as_str() {
            "OfficialVisit" | "StateVisit" | "WorkingVisit" | "Visit" => {
                let visitor = people.first().copied();
                if let Some(v) = visitor {
                    add(&mut roles, Role::Visitor, v);
                    add(&mut roles, Role::Participant, v);
                    let before = states.iter().rfind(|s| s.span.end <= v.span.start);
                    let visiting = v
                        .office
                        .and_then(|o| {
                            states
                                .iter()
                                .find(|s| s.span.start >= o.start && s.span.end <= v.span.start)
                        })
                        .or(before)
                        .copied();
                    // A state the clause leaves out is the page's other state:
                    // "N.A. Nazarbayev paid an official visit to Hungary" on a
                    // page about Kazakhstan and Hungary.
                    if let Some(visiting) = visiting {
                        add(&mut roles, Role::VisitingState, visiting);
                        match states.iter().find(|s| s.target != visiting.target) {
                            Some(visited) => add(&mut roles, Role::VisitedState, visited),
                            None => {
                                if let Some(other) = other_of(clause.pair, visiting) {
                                    add(&mut roles, Role::VisitedState, &other);
                                }
                            }
                        }
                    } else if let Some(visited) = states.iter().find(|s| s.span.start >= v.span.end)
                    {
                        add(&mut roles, Role::VisitedState, visited);
                        if let Some(other) = other_of(clause.pair, visited) {
                            add(&mut roles, Role::VisitingState, &other);
                        }
                    }
                }
                for c in &cities {
                    add(&mut roles, Role::Place, c);
                }
                let complete = [Role::Visitor, Role::VisitingState, Role::VisitedState]
                    .iter()
                    .all(|r| roles.iter().any(|(x, _)| x == r));
                let spanned_days = clause.date.start.day.is_some();
                if class != "Visit" && !(complete && spanned_days) {
                    class = "Visit".to_owned();
                }
                if class == "Visit" {
                    for s in &states {
                        add(&mut roles, Role::Participant, s);
                    }
                }
            }
            "CouncilMeeting" | "ParliamentaryAssemblyMeeting" | "Summit" => {
                ordinal = patterns.ordinal(words);
                let body = orgs.first().copied().or_else(|| {
                    of_kind(clause.sentence_mentions, Kind::Organisation)
                        .first()
                        .copied()
                });
                match body {
                    Some(b) => add(&mut roles, Role::MeetingOf, b),
                    None => class = "Talks".to_owned(),
                }
                for m in people.iter().chain(&states) {
                    add(&mut roles, Role::Participant, m);
                }
                for c in cities.iter().take(1) {
                    add(&mut roles, Role::Place, c);
                }
                if class == "ParliamentaryAssemblyMeeting" && clause.date.start.day.is_none() {
                    class = "CouncilMeeting".to_owned();
                }
            }
            "JointStatement" | "Declaration" | "Memorandum" | "Treaty" | "Agreement" => {
                title = patterns.title(words);
                for s in &states {
                    add(&mut roles, Role::Party, s);
                }
                if states.len() < 2 {
                    for s in both(clause.pair) {
                        add(&mut roles, Role::Party, &s);
                    }
                }
            }
            "GovernmentResolution" => {
                if let Some(o) = orgs.first() {
                    add(&mut roles, Role::Author, o);
                }
            }
            "MissionOpening" => {
                let lower = words.to_lowercase();
                mission = Some(
                    if ["consul", "консул", "konsol"]
                        .iter()
                        .any(|w| lower.contains(w))
                    {
                        "ConsulateGeneral"
                    } else {
                        "Embassy"
                    },
                );
                // The sending state stands next to the mission's word (the TR
                // Embassy, the Embassy of the Kyrgyz Republic); the host is the other.
                let trigger = f.at;
                let sending = states
                    .iter()
                    .min_by_key(|s| s.span.start.abs_diff(trigger))
                    .copied();
                if let Some(s) = sending {
                    add(&mut roles, Role::SendingState, s);
                    if let Some(h) = states.iter().find(|h| h.target != s.target) {
                        add(&mut roles, Role::HostState, h);
                    }
                }
                for c in cities.iter().take(1) {
                    add(&mut roles, Role::Place, c);
                }
            }
            "CoupAttempt" => {
                let trigger = f.at;
                if let Some(s) = states
                    .iter()
                    .rfind(|s| s.span.end <= trigger)
                    .or(states.first())
                {
                    add(&mut roles, Role::InState, s);
                }
            }
            _ => {
                let mut states = states.clone();
                if states.len() < 2 {
                    states = of_kind(clause.sentence_mentions, Kind::State);
                }
                for m in people.iter().chain(&states) {
                    add(&mut roles, Role::Participant, m);
                }
                // "Diplomatic relations between the two countries": the page's two.
                if states.len() < 2 && class == "EstablishmentOfDiplomaticRelations" {
                    for s in both(clause.pair) {
                        add(&mut roles, Role::Participant, &s);
                    }
                }
                if class == "Talks" || class == "Ratification" {
                    for c in cities.iter().take(1) {
                        add(&mut roles, Role::Place, c);
                    }
                }
            }
        }
        out.push(Candidate {
            id: format!("{id}-{}", k + 1),
            class,
            rule: f.rule.name.clone(),
            date: clause.date.clone(),
            clause: clause.span,
            sentence: clause.sentence,
            roles,
            ordinal,
            title,
            mission,
        });
    }
    out
}
