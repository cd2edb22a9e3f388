//! How a candidate is coded as event data (PLOVER and CAMEO), by the rules of
//! the lexicon's `codes.tsv`: the event's PLOVER type, mode, context, actors
//! and recipient, and one CAMEO coding per directed dyad, or, where no rule
//! applies, why it is not coded. The same conventions as the shipped data's
//! `data/event-coding.trig`.

use crate::error::{Error, Result};
use crate::extract::events::{Candidate, Role};
use crate::extract::lexicon::Lexicon;
use crate::extract::mentions::{Kind, Mention};

/// PLOVER's event types, the ones a rule may name.
const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// One row of `codes.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The dkg class it codes.
    pub class: String,
    /// The PLOVER type.
    pub plover: String,
    /// The PLOVER mode, if any.
    pub mode: Option<String>,
    /// The PLOVER context, if any.
    pub context: Option<String>,
    /// The CAMEO code, a string ("042").
    pub cameo: String,
    /// The role whose names act.
    pub actor: String,
    /// The role whose names receive.
    pub recipient: String,
}

/// The rules of the lexicon, checked: a known PLOVER type, a three-digit
/// CAMEO code, roles the candidates have.
pub fn rules(lexicon: &Lexicon) -> Result<Vec<Rule>> {
    let roles = [
        Role::Participant,
        Role::VisitingState,
        Role::VisitedState,
        Role::MeetingOf,
        Role::SendingState,
        Role::HostState,
    ]
    .map(Role::property);
    let mut out = Vec::new();
    for (i, row) in lexicon.rows("codes.tsv").iter().enumerate() {
        let f = &row.fields;
        let bad = |message: String| Error::Usage(format!("codes.tsv, row {}: {message}", i + 1));
        if !PLOVER_TYPES.contains(&f[1].as_str()) {
            return Err(bad(format!(
                "{:?} is not a PLOVER event type (one of {})",
                f[1],
                PLOVER_TYPES.join(", ")
            )));
        }
        if f[4].len() < 2 || f[4].len() > 4 || !f[4].chars().all(|c| c.is_ascii_digit()) {
            return Err(bad(format!(
                "{:?} is not a CAMEO code (two to four digits, as a string)",
                f[4]
            )));
        }
        for role in [&f[5], &f[6]] {
            if !roles.contains(&role.as_str()) {
                return Err(bad(format!(
                    "{role:?} is not a role (one of {})",
                    roles.join(", ")
                )));
            }
        }
        let optional = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_owned());
        out.push(Rule {
            class: f[0].clone(),
            plover: f[1].clone(),
            mode: optional(&f[2]),
            context: optional(&f[3]),
            cameo: f[4].clone(),
            actor: f[5].clone(),
            recipient: f[6].clone(),
        });
    }
    Ok(out)
}

/// A CAMEO coding of a candidate: code, actor and recipient IRIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cameo {
    /// The code.
    pub code: String,
    /// Who acts.
    pub actor: String,
    /// Toward whom.
    pub recipient: String,
}

/// A candidate's coding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coding {
    /// Coded: the first rule's PLOVER fields, the PLOVER actors and
    /// recipients, and the CAMEO codings.
    Coded {
        /// The rule whose PLOVER fields the event takes.
        rule: Box<Rule>,
        /// PLOVER's actors.
        actors: Vec<String>,
        /// PLOVER's recipients.
        recipients: Vec<String>,
        /// The directed CAMEO codings.
        cameo: Vec<Cameo>,
    },
    /// Not coded, and why.
    NotCoded(String),
}

/// Who may act in a role: states and organisations (a person acts for a
/// state, which the clause names beside them).
fn agents(c: &Candidate, role: &str, iri: &dyn Fn(&Mention) -> String) -> Vec<String> {
    let mut out: Vec<String> = c
        .roles
        .iter()
        .filter(|(r, m)| r.property() == role && matches!(m.kind, Kind::State | Kind::Organisation))
        .map(|(_, m)| iri(m))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Codes `c` by `rules`; `iri` names a mention.
pub fn code(rules: &[Rule], c: &Candidate, iri: &dyn Fn(&Mention) -> String) -> Coding {
    let mine: Vec<&Rule> = rules.iter().filter(|r| r.class == c.class).collect();
    let Some(first) = mine.first() else {
        return Coding::NotCoded(format!(
            "The coding rules (codes.tsv) have none for a dkg:{}; a curator codes it on review.",
            c.class
        ));
    };
    let mut cameo = Vec::new();
    for rule in &mine {
        let actors = agents(c, &rule.actor, iri);
        let recipients = agents(c, &rule.recipient, iri);
        for a in &actors {
            for r in &recipients {
                if a != r {
                    cameo.push(Cameo {
                        code: rule.cameo.clone(),
                        actor: a.clone(),
                        recipient: r.clone(),
                    });
                }
            }
        }
    }
    let actors = agents(c, &first.actor, iri);
    if actors.is_empty() || cameo.is_empty() {
        return Coding::NotCoded(format!(
            "The clause names no {} and {} for the coding rule of a dkg:{}; a curator codes it on review.",
            first.actor, first.recipient, c.class
        ));
    }
    let mutual = first.actor == first.recipient || first.mode.as_deref() == Some("multilateral");
    let recipients = if mutual {
        Vec::new()
    } else {
        agents(c, &first.recipient, iri)
    };
    Coding::Coded {
        rule: Box::new((*first).clone()),
        actors,
        recipients,
        cameo,
    }
}
