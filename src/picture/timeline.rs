//! The timeline as data: every dated event, its dates at their precision, the
//! visit it took place during, the lane it belongs in (one state's, or the
//! shared lane), and the citations that state it. Read through the fixed
//! queries in `sparql/`, which ask only for the terms of the data model (any
//! event class, `dkg:date` or `dkg:startDate`/`dkg:endDate` of any of the three
//! date types, `dkg:duringEvent`), so new events and new dates need no code.
//!
//! The order is the reading order of every picture: by first day, then last
//! day, label and IRI; an event that took place during another follows it.

use crate::error::{Error, Result};
use crate::picture::date::PartialDate;
use crate::rdf::store::Dataset;
use crate::sparql::catalog::SavedQuery;
use crate::sparql::query::{self, Answer, Row};
use oxigraph::model::Term;
use oxigraph::sparql::SparqlEvaluator;
use std::collections::{BTreeMap, BTreeSet};

const EVENTS: &str = include_str!("sparql/timeline-events.rq");
const STATES: &str = include_str!("sparql/timeline-states.rq");
const LANES: &str = include_str!("sparql/timeline-lanes.rq");
const CITATIONS: &str = include_str!("sparql/timeline-citations.rq");
const INVOLVING: &str = include_str!("sparql/timeline-involving.rq");

/// When an event happened, as the data says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// One date (`dkg:date`), at its precision.
    Point(PartialDate),
    /// A span (`dkg:startDate`, and `dkg:endDate` when known).
    Span(PartialDate, Option<PartialDate>),
    /// No date of its own: it took place during its parent event.
    During,
}

/// Where a source states an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The citation resource's IRI.
    pub iri: String,
    /// The fact's number (`F1`), if given.
    pub fact: Option<String>,
    /// The source's paragraph, if given.
    pub paragraph: Option<i64>,
    /// Words quoted from the source, if given.
    pub phrase: Option<String>,
    /// The source's name, if given.
    pub source: Option<String>,
}

/// A lane of the picture: one state, or the shared lane for joint events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// The state's IRI; `None` for the shared lane.
    pub iri: Option<String>,
    /// Its name.
    pub label: String,
}

/// One event on the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The event's IRI.
    pub iri: String,
    /// Its English label (its IRI's last part when it has none).
    pub label: String,
    /// The label of its class ("Official visit"), if any.
    pub kind: Option<String>,
    /// Its own dates.
    pub when: When,
    /// The event it took place during, if any (an index into the events).
    pub during: Option<usize>,
    /// Its lane (an index into the lanes).
    pub lane: usize,
    /// Where the source states it.
    pub citations: Vec<Citation>,
}

/// What part of the timeline to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Leave out events that end before this date.
    pub from: Option<PartialDate>,
    /// Leave out events that start after this date.
    pub to: Option<PartialDate>,
    /// Only events involving this entity (an IRI).
    pub entity: Option<String>,
}

/// Every dated event in reading order, with the lanes they go in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The lanes, top to bottom: the states by name with the shared lane
    /// between the first and the rest (between the two states of a pair).
    pub lanes: Vec<Lane>,
    /// The events, in reading order; an event during another follows it.
    pub events: Vec<Event>,
}

impl Event {
    /// The first and last day (days since 1970-01-01) of its own dates, if any.
    pub fn own_days(&self) -> Option<(i64, i64)> {
        match &self.when {
            When::Point(d) => Some((d.first_day(), d.last_day())),
            When::Span(s, e) => Some((s.first_day(), e.unwrap_or(*s).last_day())),
            When::During => None,
        }
    }

    /// Its dates as a person reads them: `1992-04`, `2018-09-01 – 2018-09-03`,
    /// `from 2018-09-01`; empty for an event dated only by its parent.
    pub fn date_text(&self) -> String {
        match &self.when {
            When::Point(d) => d.to_string(),
            When::Span(s, Some(e)) if s == e => s.to_string(),
            When::Span(s, Some(e)) => format!("{s} – {e}"),
            When::Span(s, None) => format!("from {s}"),
            When::During => String::new(),
        }
    }
}

impl Timeline {
    /// The first and last day an event covers: its own, or its parent's.
    pub fn days(&self, index: usize) -> Option<(i64, i64)> {
        let mut seen = 0;
        let mut at = index;
        loop {
            let event = &self.events[at];
            if let Some(days) = event.own_days() {
                return Some(days);
            }
            // A cycle of dkg:duringEvent must not loop forever.
            seen += 1;
            match event.during {
                Some(parent) if seen <= self.events.len() => at = parent,
                _ => return None,
            }
        }
    }

    /// How deep an event is nested in "during" links (0 at the top).
    pub fn depth(&self, index: usize) -> usize {
        let mut depth = 0;
        let mut at = index;
        while let Some(parent) = self.events[at].during {
            depth += 1;
            at = parent;
            if depth > self.events.len() {
                break;
            }
        }
        depth
    }

    /// The first and last day of all events, if any has a date.
    pub fn range(&self) -> Option<(i64, i64)> {
        (0..self.events.len())
            .filter_map(|i| self.days(i))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    }
}

/// Reads the timeline from the dataset, keeping what `filter` asks for.
pub fn load(dataset: &Dataset, filter: &Filter) -> Result<Timeline> {
    let mut raw: BTreeMap<String, RawEvent> = BTreeMap::new();
    for row in select(dataset, "timeline-events", EVENTS, &[])? {
        let Some(iri) = iri_of(&row[0]) else { continue };
        let entry = raw.entry(iri.clone()).or_default();
        let date = |i: usize| text_of(&row[i]).and_then(|t| PartialDate::parse(&t));
        entry.date = entry.date.or(date(1));
        entry.start = entry.start.or(date(2));
        entry.end = entry.end.or(date(3));
        if entry.during.is_none() {
            entry.during = iri_of(&row[4]);
        }
        if entry.label.is_none() {
            entry.label = text_of(&row[5]);
        }
        if entry.kind.is_none() {
            entry.kind = text_of(&row[6]);
        }
    }
    // A "during" link to something that is not on the timeline is ignored.
    let known: BTreeSet<String> = raw.keys().cloned().collect();
    for entry in raw.values_mut() {
        if entry.during.as_ref().is_some_and(|d| !known.contains(d)) {
            entry.during = None;
        }
    }

    let lanes_rows = select(dataset, "timeline-lanes", LANES, &[])?;
    let states: Vec<Lane> = lanes_rows
        .iter()
        .filter_map(|row| {
            let iri = iri_of(&row[0])?;
            let label = text_of(&row[1]).unwrap_or_else(|| last_part(&iri));
            Some(Lane {
                iri: Some(iri),
                label,
            })
        })
        .collect();
    let mut lanes = Vec::new();
    let shared = Lane {
        iri: None,
        label: "joint".to_owned(),
    };
    match states.split_first() {
        Some((first, rest)) => {
            lanes.push(first.clone());
            lanes.push(shared);
            lanes.extend(rest.iter().cloned());
        }
        None => lanes.push(shared),
    }
    let shared_lane = lanes.iter().position(|l| l.iri.is_none()).unwrap_or(0);
    let mut acting: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in select(dataset, "timeline-states", STATES, &[])? {
        if let (Some(event), Some(state)) = (iri_of(&row[0]), iri_of(&row[1])) {
            acting.entry(event).or_default().insert(state);
        }
    }
    let mut citations: BTreeMap<String, Vec<Citation>> = BTreeMap::new();
    for row in select(dataset, "timeline-citations", CITATIONS, &[])? {
        let (Some(event), Some(iri)) = (iri_of(&row[0]), iri_of(&row[1])) else {
            continue;
        };
        let list = citations.entry(event).or_default();
        if list.iter().any(|c| c.iri == iri) {
            continue;
        }
        list.push(Citation {
            iri,
            fact: text_of(&row[2]),
            paragraph: text_of(&row[3]).and_then(|p| p.parse().ok()),
            phrase: text_of(&row[4]),
            source: text_of(&row[5]),
        });
    }

    let involved = match &filter.entity {
        Some(entity) => Some(involving(dataset, entity)?),
        None => None,
    };

    // Build unordered, then sort into reading order.
    let iris: Vec<String> = raw.keys().cloned().collect();
    let index_of: BTreeMap<&str, usize> = iris
        .iter()
        .enumerate()
        .map(|(i, iri)| (iri.as_str(), i))
        .collect();
    let mut events: Vec<Event> = raw
        .iter()
        .map(|(iri, r)| {
            let when = match (r.date, r.start) {
                (Some(d), _) => When::Point(d),
                (None, Some(s)) => When::Span(s, r.end),
                (None, None) => When::During,
            };
            let lane = match acting.get(iri) {
                Some(set) if set.len() == 1 => lanes
                    .iter()
                    .position(|l| l.iri.as_ref().is_some_and(|i| set.contains(i)))
                    .unwrap_or(shared_lane),
                _ => shared_lane,
            };
            Event {
                iri: iri.clone(),
                label: r.label.clone().unwrap_or_else(|| last_part(iri)),
                kind: r.kind.clone(),
                when,
                during: r.during.as_deref().and_then(|d| index_of.get(d).copied()),
                lane,
                citations: citations.get(iri).cloned().unwrap_or_default(),
            }
        })
        .collect();
    // An event during a visit is drawn in the visit's lane, inside its span.
    for i in 0..events.len() {
        if let Some(top) = top_parent(&events, i) {
            events[i].lane = events[top].lane;
        }
    }
    let whole = Timeline {
        lanes,
        events: events.clone(),
    };

    // Which to keep: in the date range, and involving the entity (with the
    // events they took place during, and those that took place during them).
    let in_range = |i: usize| match whole.days(i) {
        Some((first, last)) => {
            filter.from.is_none_or(|f| last >= f.first_day())
                && filter.to.is_none_or(|t| first <= t.last_day())
        }
        None => filter.from.is_none() && filter.to.is_none(),
    };
    let mut keep: BTreeSet<usize> = (0..events.len())
        .filter(|&i| {
            involved
                .as_ref()
                .is_none_or(|set| set.contains(&events[i].iri))
        })
        .collect();
    if involved.is_some() {
        let mut more = BTreeSet::new();
        for &i in &keep {
            let mut at = i;
            while let Some(parent) = events[at].during {
                if !more.insert(parent) {
                    break;
                }
                at = parent;
            }
        }
        for i in 0..events.len() {
            if top_parent(&events, i).is_some_and(|t| keep.contains(&t)) {
                more.insert(i);
            }
        }
        keep.extend(more);
    }
    keep.retain(|&i| in_range(i));

    // Reading order: top-level events by their days, each followed by the
    // events during it, depth first.
    // Among the events during a visit, those with dates of their own come
    // first, in date order; then those the source dates only by the visit.
    let sort_key = |i: usize| {
        let (first, last) = whole.days(i).unwrap_or((i64::MAX, i64::MAX));
        let undated = whole.events[i].own_days().is_none();
        (undated, first, last, whole.events[i].label.clone(), i)
    };
    let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for &i in &keep {
        let parent = events[i].during.filter(|p| keep.contains(p));
        children.entry(parent).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by_key(|&i| sort_key(i));
    }
    let mut order = Vec::new();
    let mut stack: Vec<usize> = children
        .get(&None)
        .map(|v| v.iter().rev().copied().collect())
        .unwrap_or_default();
    let mut placed = BTreeSet::new();
    while let Some(i) = stack.pop() {
        if !placed.insert(i) {
            continue;
        }
        order.push(i);
        if let Some(kids) = children.get(&Some(i)) {
            stack.extend(kids.iter().rev().copied());
        }
    }
    // Events caught in a cycle of "during" links still appear, at the end.
    for &i in &keep {
        if placed.insert(i) {
            order.push(i);
        }
    }
    let new_index: BTreeMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new))
        .collect();
    let events = order
        .iter()
        .map(|&old| {
            let mut event = events[old].clone();
            event.during = event.during.and_then(|p| new_index.get(&p).copied());
            event
        })
        .collect();
    Ok(Timeline {
        lanes: whole.lanes,
        events,
    })
}

#[derive(Debug, Default)]
struct RawEvent {
    date: Option<PartialDate>,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    during: Option<String>,
    label: Option<String>,
    kind: Option<String>,
}

/// The outermost event that `index` took place during, if any.
fn top_parent(events: &[Event], index: usize) -> Option<usize> {
    let mut at = events[index].during?;
    for _ in 0..events.len() {
        match events[at].during {
            Some(parent) if parent != index => at = parent,
            _ => break,
        }
    }
    Some(at)
}

/// The IRIs of the dated events that involve `entity`.
fn involving(dataset: &Dataset, entity: &str) -> Result<BTreeSet<String>> {
    let rows = select(
        dataset,
        "timeline-involving",
        INVOLVING,
        &[("entity".to_owned(), entity.to_owned())],
    )?;
    Ok(rows.iter().filter_map(|row| iri_of(&row[0])).collect())
}

/// Runs one of the picture's fixed queries, with parameters bound as terms.
pub(crate) fn select(
    dataset: &Dataset,
    name: &str,
    text: &str,
    params: &[(String, String)],
) -> Result<Vec<Row>> {
    let parsed = SavedQuery::new(name, format!("src/picture/sparql/{name}.rq"), text).parse()?;
    match query::run(dataset, &parsed, params, SparqlEvaluator::new())? {
        Answer::Solutions { rows, .. } => Ok(rows),
        _ => Err(Error::Internal(format!("{name} is not a SELECT query"))),
    }
}

/// The IRI of a term, if it is one.
pub(crate) fn iri_of(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// The lexical form of a literal, if it is one.
pub(crate) fn text_of(term: &Option<Term>) -> Option<String> {
    match term {
        Some(Term::Literal(l)) => Some(l.value().to_owned()),
        _ => None,
    }
}

/// The last segment of an IRI, for a resource without a label.
pub(crate) fn last_part(iri: &str) -> String {
    iri.rsplit(['/', '#'])
        .find(|s| !s.is_empty())
        .unwrap_or(iri)
        .to_owned()
}
