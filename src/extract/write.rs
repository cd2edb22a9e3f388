//! Writing candidates: TriG in a stable layout (the same text gives the same
//! bytes), each candidate's statements in a named graph of its own, and the
//! graph's provenance, status and citation in the run's description graph;
//! and the curator's view, each sentence followed by what it gave.

use crate::extract::Extracted;
use crate::extract::coding::Coding;
use crate::extract::events::Candidate;
use crate::extract::mentions::{Kind, Mention, Target};
use crate::source::cite::{self, Citing};
use crate::vocab::DKR;
use oxigraph::model::Literal;
use std::fmt::Write as _;

/// The IRI base of candidate graphs: `graph/candidate/ID`.
pub const CANDIDATE_GRAPH: &str = "https://w3id.org/dipkg/graph/candidate/";
/// The IRI base of the description graph of one text's candidates: `graph/candidates/SHA8`.
pub const CANDIDATES_GRAPH: &str = "https://w3id.org/dipkg/graph/candidates/";

const PREFIXES: &str = "@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dkg: <https://w3id.org/dipkg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix pav: <http://purl.org/pav/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
";

fn lit(value: &str) -> String {
    Literal::new_simple_literal(value).to_string()
}

fn lang(value: &str, tag: &str) -> String {
    Literal::new_language_tagged_literal(value, tag)
        .map(|l| l.to_string())
        .unwrap_or_else(|_| lit(value))
}

/// The rule named when a role is filled by one of the page's two states.
pub const IMPLIED_RULE: &str =
    "implied: a state the clause leaves out is one of the two the page names most";

/// The IRI of what a name stands for.
pub fn iri(mention: &Mention) -> String {
    match &mention.target {
        Target::Known(iri) => iri.clone(),
        Target::New { slug, .. } => format!("{DKR}{}/new-{slug}", mention.kind.folder()),
    }
}

/// The English name of a class, for labels.
fn kind_label(class: &str) -> String {
    let mut out = String::new();
    for (i, c) in class.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn is_document(class: &str) -> bool {
    matches!(
        class,
        "JointStatement"
            | "Declaration"
            | "Memorandum"
            | "Treaty"
            | "Agreement"
            | "GovernmentResolution"
    )
}

/// The IRI of a candidate's main resource.
pub fn subject(candidate: &Candidate) -> String {
    let folder = if is_document(&candidate.class) {
        "document"
    } else {
        "event"
    };
    format!("{DKR}{folder}/x-{}", candidate.id)
}

fn when(candidate: &Candidate) -> String {
    match candidate.date.end {
        Some(end) => format!("{} to {}", candidate.date.start.lexical(), end.lexical()),
        None => candidate.date.start.lexical(),
    }
}

fn dated(candidate: &Candidate, out: &mut Vec<String>) {
    let d = &candidate.date;
    // A one-day visit is a span of one day, as the shapes read visits.
    let spanned = matches!(
        candidate.class.as_str(),
        "OfficialVisit" | "StateVisit" | "WorkingVisit" | "ParliamentaryAssemblyMeeting"
    );
    let literal =
        |p: &crate::extract::dates::Partial| format!("\"{}\"^^xsd:{}", p.lexical(), p.datatype());
    match d.end.or(spanned.then_some(d.start)) {
        Some(end) => {
            out.push(format!("dkg:startDate {}", literal(&d.start)));
            out.push(format!("dkg:endDate {}", literal(&end)));
        }
        None => out.push(format!("dkg:date {}", literal(&d.start))),
    }
}

fn block(subject: &str, lines: &[String], out: &mut String) {
    let _ = write!(
        out,
        "    <{subject}>\n        {} .\n\n",
        lines.join(" ;\n        ")
    );
}

fn entity(mention: &Mention, text_lang: &str, codes: &StateCodes, out: &mut String) {
    let Target::New {
        slug,
        english,
        native,
    } = &mention.target
    else {
        return;
    };
    let mut lines = vec![
        format!("a dkg:{}", mention.kind.class()),
        format!("rdfs:label {}", lang(english, "en")),
    ];
    if text_lang != "en" && native != english {
        lines.push(format!("rdfs:label {}", lang(native, text_lang)));
    }
    lines.push(format!("skos:prefLabel {}", lang(english, "en")));
    if text_lang != "en" && native != english {
        lines.push(format!("skos:prefLabel {}", lang(native, text_lang)));
    }
    lines.push("dkg:newEntity true".to_owned());
    if matches!(mention.kind, Kind::State) {
        for (property, value) in codes.get(slug).into_iter().flatten() {
            lines.push(format!("dkg:{property} {}", lit(value)));
        }
    }
    block(&iri(mention), &lines, out);
}

/// The codes of new states, by key ([`super::Extracted::state_codes`]).
type StateCodes = std::collections::BTreeMap<String, Vec<(&'static str, String)>>;

/// An event candidate's coding: the PLOVER statements on the event (added to
/// `lines`) and its CAMEO codings, each a subject with its statements; or
/// why it is not coded. A document is no event and has none.
fn coded(
    c: &Candidate,
    coding: Option<&Coding>,
    subject: &str,
    lines: &mut Vec<String>,
) -> Vec<(String, Vec<String>)> {
    let Some(coding) = coding.filter(|_| !is_document(&c.class)) else {
        return Vec::new();
    };
    let (rule, actors, recipients, cameo) = match coding {
        Coding::NotCoded(why) => {
            lines.push(format!("dkg:notCodedBecause {}", lang(why, "en")));
            return Vec::new();
        }
        Coding::Coded {
            rule,
            actors,
            recipients,
            cameo,
        } => (rule, actors, recipients, cameo),
    };
    lines.push(format!("dkg:ploverType <{DKR}plover/{}>", rule.plover));
    if let Some(mode) = &rule.mode {
        lines.push(format!("dkg:ploverMode <{DKR}plover/mode-{mode}>"));
    }
    if let Some(context) = &rule.context {
        lines.push(format!("dkg:ploverContext <{DKR}plover/context-{context}>"));
    }
    for a in actors {
        lines.push(format!("dkg:actor <{a}>"));
    }
    for r in recipients {
        lines.push(format!("dkg:recipient <{r}>"));
    }
    let mut out = Vec::new();
    for (n, k) in (1..).zip(cameo) {
        let iri_c = format!("{subject}#cameo-{}-{n}", k.code);
        lines.push(format!("dkg:cameoCoding <{iri_c}>"));
        let label = format!("CAMEO {} coding (candidate {})", k.code, c.id);
        out.push((
            iri_c,
            vec![
                "a dkg:CameoCoding".to_owned(),
                format!("rdfs:label {}", lang(&label, "en")),
                format!("skos:prefLabel {}", lang(&label, "en")),
                format!("dkg:cameoCode <{DKR}cameo/{}>", k.code),
                format!("dkg:actor <{}>", k.actor),
                format!("dkg:recipient <{}>", k.recipient),
            ],
        ));
    }
    out
}

/// The statements of one candidate (the body of its named graph).
fn statements(
    c: &Candidate,
    coding: Option<&Coding>,
    text: &str,
    text_lang: &str,
    offices: &dyn Fn(&str) -> Option<String>,
    codes: &StateCodes,
) -> String {
    let mut out = String::new();
    let subject = subject(c);
    let label = format!("{}, {} (candidate {})", kind_label(&c.class), when(c), c.id);
    let mut lines = vec![
        format!("a dkg:{}", c.class),
        format!("rdfs:label {}", lang(&label, "en")),
        format!("skos:prefLabel {}", lang(&label, "en")),
    ];
    dated(c, &mut lines);
    let mut roles = c.roles.clone();
    roles.sort_by(|a, b| (a.0.property(), iri(&a.1)).cmp(&(b.0.property(), iri(&b.1))));
    let mission_roles = ["sendingState", "hostState"];
    for (role, m) in &roles {
        if mission_roles.contains(&role.property()) {
            continue;
        }
        lines.push(format!("dkg:{} <{}>", role.property(), iri(m)));
    }
    if let Some(n) = c.ordinal {
        lines.push(format!("dkg:ordinal {n}"));
    }
    if let Some(title) = &c.title {
        lines.push(format!("dkg:title {}", lang(title, text_lang)));
    }
    // A mission is proposed only when the clause names all a mission needs.
    let sending = roles.iter().find(|(r, _)| r.property() == "sendingState");
    let host = roles.iter().find(|(r, _)| r.property() == "hostState");
    let city = roles.iter().find(|(r, _)| r.property() == "place");
    let mission = match (c.mission, sending, host, city) {
        (Some(kind), Some(s), Some(h), Some(city)) => {
            let iri_m = format!("{DKR}mission/x-{}", c.id);
            lines.push(format!("dkg:openedMission <{iri_m}>"));
            let mlabel = format!("{} (candidate {})", kind_label(kind), c.id);
            let date_property = if kind == "Embassy" {
                "openingDate"
            } else {
                "decisionDate"
            };
            let mut m = vec![
                format!("a dkg:{kind}"),
                format!("rdfs:label {}", lang(&mlabel, "en")),
                format!("skos:prefLabel {}", lang(&mlabel, "en")),
                format!("dkg:city <{}>", iri(&city.1)),
                format!("dkg:hostState <{}>", iri(&h.1)),
                format!("dkg:sendingState <{}>", iri(&s.1)),
                format!(
                    "dkg:{date_property} \"{}\"^^xsd:{}",
                    c.date.start.lexical(),
                    c.date.start.datatype()
                ),
            ];
            if kind != "Embassy" {
                // A consulate's shape asks for the decision behind it, which a clause rarely names.
                m.retain(|l| !l.starts_with("dkg:decisionDate"));
                m[0] = "a dkg:DiplomaticMission".to_owned();
            }
            Some((iri_m, m))
        }
        _ => {
            for (_, m) in [sending, host].into_iter().flatten() {
                lines.push(format!("dkg:participant <{}>", iri(m)));
            }
            None
        }
    };
    let codings = coded(c, coding, &subject, &mut lines);
    lines.sort_by_key(|l| (!l.starts_with("a "), l.clone()));
    lines.dedup();
    block(&subject, &lines, &mut out);
    for (iri_c, lines) in codings {
        block(&iri_c, &lines, &mut out);
    }
    if let Some((iri_m, mut m)) = mission {
        m.sort_by_key(|l| (!l.starts_with("a "), l.clone()));
        block(&iri_m, &m, &mut out);
    }
    // Office holdings, when the event is dated to the day (as holdings are).
    let mut seen = Vec::new();
    for (i, (_, m)) in roles.iter().enumerate() {
        let (Some(office), Kind::Person) = (m.office, m.kind) else {
            continue;
        };
        if c.date.start.day.is_none() || seen.contains(&iri(m)) {
            continue;
        }
        seen.push(iri(m));
        let words = &text[office.start..office.end];
        let office_iri = offices(words).unwrap_or_else(|| {
            format!(
                "{DKR}office/new-{}",
                crate::align::names::fold(words).replace(' ', "-")
            )
        });
        let holding = format!("{DKR}office-holding/x-{}-{}", c.id, i + 1);
        let hlabel = format!("office holding, {} (candidate {})", when(c), c.id);
        let end = c.date.end.unwrap_or(c.date.start);
        block(
            &holding,
            &[
                "a dkg:OfficeHolding".to_owned(),
                format!("rdfs:label {}", lang(&hlabel, "en")),
                format!("skos:prefLabel {}", lang(&hlabel, "en")),
                format!("dkg:attestedAt <{subject}>"),
                format!("dkg:attestedFrom \"{}\"^^xsd:date", c.date.start.lexical()),
                format!("dkg:attestedUntil \"{}\"^^xsd:date", end.lexical()),
                format!("dkg:holder <{}>", iri(m)),
                format!("dkg:office <{office_iri}>"),
            ],
            &mut out,
        );
        if office_iri.contains("/office/new-") {
            let english = if text_lang == "en" {
                words.to_owned()
            } else {
                any_ascii::any_ascii(words)
            };
            let mut lines = vec![
                "a dkg:Office".to_owned(),
                format!("rdfs:label {}", lang(&english, "en")),
            ];
            if text_lang != "en" {
                lines.push(format!("rdfs:label {}", lang(words, text_lang)));
            }
            lines.push(format!("skos:prefLabel {}", lang(&english, "en")));
            if text_lang != "en" {
                lines.push(format!("skos:prefLabel {}", lang(words, text_lang)));
            }
            lines.push("dkg:newEntity true".to_owned());
            block(&office_iri, &lines, &mut out);
        }
    }
    let mut news: Vec<&Mention> = Vec::new();
    for (_, m) in &roles {
        if matches!(m.target, Target::New { .. }) && !news.iter().any(|n| iri(n) == iri(m)) {
            news.push(m);
        }
    }
    news.sort_by_key(|m| iri(m));
    for m in news {
        entity(m, text_lang, codes, &mut out);
    }
    out
}

/// The head of a candidates file: what it is, and its prefixes.
pub fn trig_header() -> String {
    format!(
        "# Candidate statements proposed by `dipkg extract` (dipkg {}): each in a named\n# graph of its own, with the citation of the words that state it, the rule that\n# fired and the status candidate. Review them (`-f text` shows them sentence by\n# sentence) and move the right ones into the data with `dipkg accept`.\n\n{PREFIXES}",
        env!("CARGO_PKG_VERSION")
    )
}

/// One text's candidates as TriG (after [`trig_header`]).
pub fn trig(e: &Extracted, offices: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    {
        let text = &e.input.text;
        let sha8 = &text.sha256[..8];
        for (i, c) in e.candidates.iter().enumerate() {
            let _ = write!(out, "\n<{CANDIDATE_GRAPH}{}> {{\n", c.id);
            let body = statements(
                c,
                e.codings.get(i),
                &text.text,
                &e.input.lang,
                offices,
                &e.state_codes,
            );
            out.push_str(body.trim_end());
            out.push_str("\n}\n");
        }
        let _ = write!(out, "\n<{CANDIDATES_GRAPH}{sha8}> {{\n");
        let mut meta = String::new();
        let activity = format!("{DKR}activity/extract-{sha8}");
        let activity_label = format!(
            "extraction of candidate statements from source {}",
            e.input.source_name
        );
        block(
            &activity,
            &[
                "a prov:Activity".to_owned(),
                format!("rdfs:label {}", lang(&activity_label, "en")),
                format!("skos:prefLabel {}", lang(&activity_label, "en")),
                format!("prov:used <{}>", e.input.source_iri),
                format!(
                    "prov:wasAssociatedWith <{DKR}agent/dipkg-{}>",
                    env!("CARGO_PKG_VERSION")
                ),
            ],
            &mut meta,
        );
        block(
            &format!("{DKR}agent/dipkg-{}", env!("CARGO_PKG_VERSION")),
            &[
                "a prov:SoftwareAgent".to_owned(),
                format!(
                    "rdfs:label {}",
                    lang(&format!("dipkg {}", env!("CARGO_PKG_VERSION")), "en")
                ),
                format!(
                    "skos:prefLabel {}",
                    lang(&format!("dipkg {}", env!("CARGO_PKG_VERSION")), "en")
                ),
                format!("schema:softwareVersion {}", lit(env!("CARGO_PKG_VERSION"))),
            ],
            &mut meta,
        );
        if let Some(description) = &e.input.description {
            let _ = write!(meta, "    {}\n\n", description.replace('\n', "\n    "));
        }
        for c in &e.candidates {
            let graph = format!("{CANDIDATE_GRAPH}{}", c.id);
            let citation = format!("{DKR}citation/x-{}", c.id);
            let glabel = format!("candidate statements {}", c.id);
            block(
                &graph,
                &[
                    "a dkg:StatementGraph".to_owned(),
                    format!("rdfs:label {}", lang(&glabel, "en")),
                    format!("skos:prefLabel {}", lang(&glabel, "en")),
                    format!(
                        "dkg:extractionRule {}, {}{}",
                        lit(&c.rule),
                        lit(&c.date.rule),
                        if c.roles.iter().any(|(_, m)| m.implied) {
                            format!(", {}", lit(IMPLIED_RULE))
                        } else {
                            String::new()
                        }
                    ),
                    "dkg:reviewStatus dkg:candidate".to_owned(),
                    format!("prov:wasDerivedFrom <{citation}>"),
                    format!("prov:wasGeneratedBy <{activity}>"),
                ],
                &mut meta,
            );
            let start = text.char_at(c.clause.start);
            let end = text.char_at(c.clause.end);
            let quote = cite::quote(text, start, end);
            let key = &text.text[c.date.span.start..c.date.span.end];
            let turtle = cite::turtle(
                &Citing {
                    iri: citation.clone(),
                    source: &e.input.source_iri,
                    fact: None,
                    lang: &e.input.lang,
                    key,
                },
                &quote,
            );
            for line in turtle.trim_end().lines() {
                if line.is_empty() {
                    meta.push('\n');
                } else {
                    let _ = writeln!(meta, "    {line}");
                }
            }
            meta.push('\n');
        }
        out.push_str(meta.trim_end());
        out.push_str("\n}\n");
    }
    out
}

/// The curator's view of one text: each sentence that gave candidates, then what it gave.
pub fn text_view(e: &Extracted) -> String {
    let mut out = String::new();
    {
        let text = &e.input.text;
        let _ = writeln!(
            out,
            "== {} (source {}, {}, {} sentence(s), {} candidate(s))",
            e.input.display,
            e.input.source_name,
            e.input.lang,
            e.sentences,
            e.candidates.len()
        );
        let mut last = None;
        for c in &e.candidates {
            if last != Some(c.sentence) {
                let start = text.char_at(c.sentence.start);
                let _ = writeln!(
                    out,
                    "\n[{start}] {}",
                    &text.text[c.sentence.start..c.sentence.end]
                );
                last = Some(c.sentence);
            }
            let _ = writeln!(
                out,
                "  + {} {} {} ({}, {})",
                c.id,
                c.class,
                when(c),
                c.date.start.precision(),
                c.rule
            );
            let clause = &text.text[c.clause.start..c.clause.end];
            if c.clause != c.sentence {
                let _ = writeln!(out, "      clause: {clause}");
            }
            for (role, m) in &c.roles {
                let written = &text.text[m.span.start..m.span.end];
                let implied = if m.implied {
                    ", implied: the page's two states"
                } else {
                    ""
                };
                let linked = match &m.target {
                    Target::Known(iri) => {
                        format!("linked {}", iri.strip_prefix(DKR).unwrap_or(iri))
                    }
                    Target::New { .. } => {
                        format!("new {}", iri(m).strip_prefix(DKR).unwrap_or_default())
                    }
                };
                let office = m
                    .office
                    .map(|o| format!(", office: {}", &text.text[o.start..o.end]))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "      {}: {written} ({linked}{office}{implied})",
                    role.property()
                );
            }
            if let Some(n) = c.ordinal {
                let _ = writeln!(out, "      ordinal: {n}");
            }
            if let Some(t) = &c.title {
                let _ = writeln!(out, "      title: {t}");
            }
        }
        out.push('\n');
    }
    out
}
