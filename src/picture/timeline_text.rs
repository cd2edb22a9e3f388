//! The words, colours and styles of the SVG timeline: month names, lane
//! colours (safe for colour-blind readers), the stylesheet, and the hover text
//! and captions with the source's words.

use crate::picture::timeline::{Event, Timeline, When};

/// Colours of the state lanes, in order (Okabe–Ito, safe for colour-blind
/// readers); the shared lane is slate.
const LANE_COLOURS: [&str; 4] = ["#0072b2", "#d55e00", "#009e73", "#cc79a7"];
const SHARED_COLOUR: &str = "#55606e";

pub(super) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The picture's own style, every class prefixed `dk-` so that the SVG can sit
/// inline in a page without touching the page's elements.
pub(super) const STYLE: &str = "<style>
.dk-timeline .dk-bg { fill: #ffffff; }
.dk-timeline .dk-title { font-size: 16px; font-weight: bold; fill: #111827; }
.dk-timeline .dk-lane-name { font-size: 13px; font-weight: bold; }
.dk-timeline .dk-axis { stroke: #374151; stroke-width: 1; }
.dk-timeline .dk-grid { stroke: #d1d5db; stroke-width: 1; }
.dk-timeline .dk-tick { stroke: #6b7280; stroke-width: 1; }
.dk-timeline .dk-year { font-size: 11px; font-weight: bold; fill: #374151; text-anchor: middle; }
.dk-timeline .dk-month { font-size: 9px; fill: #6b7280; text-anchor: middle; }
.dk-timeline .dk-break rect { fill: #f3f4f6; }
.dk-timeline .dk-break path { stroke: #6b7280; stroke-width: 1.5; fill: none; }
.dk-timeline .dk-break text { font-size: 8px; fill: #6b7280; text-anchor: middle; }
.dk-timeline .dk-band { fill-opacity: 0.22; }
.dk-timeline .dk-during { fill: #ffffff; stroke-width: 2; }
.dk-timeline .dk-thread { stroke-width: 1; stroke-dasharray: 2 2; }
.dk-timeline .dk-label { font-size: 12px; fill: #111827; }
.dk-timeline a.dk-event:hover .dk-label, .dk-timeline a.dk-event:focus .dk-label { text-decoration: underline; }
.dk-timeline .dk-legend { font-size: 11px; fill: #55606e; }
.dk-timeline .dk-legend path { stroke: #6b7280; stroke-width: 1.5; fill: none; }
</style>
";

pub(super) fn lane_colour(timeline: &Timeline, lane: usize) -> &'static str {
    if timeline.lanes[lane].iri.is_none() {
        return SHARED_COLOUR;
    }
    let n = timeline.lanes[..lane]
        .iter()
        .filter(|l| l.iri.is_some())
        .count();
    LANE_COLOURS[n % LANE_COLOURS.len()]
}

/// "Timeline: 17 events, 1991–2018".
pub fn title(timeline: &Timeline) -> String {
    let n = timeline.events.len();
    let events = if n == 1 { "event" } else { "events" };
    match timeline.range() {
        Some((first, last)) => {
            let (a, _, _) = crate::picture::date::civil_from_days(first);
            let (b, _, _) = crate::picture::date::civil_from_days(last);
            if a == b {
                format!("Timeline: {n} {events}, {a}")
            } else {
                format!("Timeline: {n} {events}, {a}–{b}")
            }
        }
        None => format!("Timeline: {n} {events}"),
    }
}

/// The dates as read, or "during …" for an event dated by its parent.
pub fn when_text(timeline: &Timeline, event: &Event) -> String {
    match (&event.when, event.during) {
        (When::During, Some(p)) => format!("during: {}", timeline.events[p].label),
        _ => event.date_text(),
    }
}

/// What the source says, one line per citation: “key phrase”, paragraph, fact.
pub fn citation_lines(event: &Event) -> Vec<String> {
    event
        .citations
        .iter()
        .map(|c| {
            let mut parts = Vec::new();
            if let Some(phrase) = &c.phrase {
                parts.push(format!("“{phrase}”"));
            }
            let mut place = Vec::new();
            if let Some(source) = &c.source {
                place.push(source.clone());
            }
            if let Some(p) = c.paragraph {
                place.push(format!("paragraph {p}"));
            }
            if let Some(f) = &c.fact {
                place.push(format!("fact {f}"));
            }
            if !place.is_empty() {
                parts.push(format!("({})", place.join(", ")));
            }
            parts.join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The hover text: label, dates and kind, then the source's words.
pub(super) fn hover_text(timeline: &Timeline, event: &Event) -> String {
    let mut lines = vec![event.label.clone()];
    let mut second = vec![when_text(timeline, event)];
    if let Some(kind) = &event.kind {
        second.push(kind.clone());
    }
    second.push(timeline.lanes[event.lane].label.clone());
    lines.push(
        second
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
    );
    for line in citation_lines(event) {
        lines.push(format!("Source: {line}"));
    }
    lines.join("\n")
}
