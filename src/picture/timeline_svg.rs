//! The timeline as SVG, and as HTML around it.
//!
//! Left to right, time on a piecewise axis ([`Scale`]); top to bottom, one lane
//! per state with the shared lane for joint events between them. A span is a
//! bar, a day a dot, a month or a year a pale band with a dot in its middle (so
//! the picture shows how precisely the source dates it), and an event the
//! source places only "during" a visit a hollow dot inside the visit's bar,
//! one row below it. Each event's label sits beside its mark on the same row;
//! rows are given out greedily, first fit, from boxes measured with
//! [`metrics::text_width`], so no two labels overlap. Hovering shows the label,
//! the dates and the words the source uses, with paragraph and fact; each
//! event links to its resource page.

use crate::picture::Links;
use crate::picture::metrics::{self, FONT_FAMILY, num, xml};
use crate::picture::scale::{BREAK, Piece, Scale};
use crate::picture::timeline::{Timeline, When};
use crate::picture::timeline_text::{MONTHS, STYLE, hover_text, lane_colour};
pub use crate::picture::timeline_text::{citation_lines, title, when_text};

const LEFT: f64 = 118.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 74.0;
const ROW: f64 = 24.0;
const LANE_PAD: f64 = 8.0;
const LABEL_SIZE: f64 = 12.0;
const LABEL_MAX: f64 = 330.0;
const GAP: f64 = 6.0;
const LEGEND: f64 = 44.0;

/// One mark and its label, placed.
struct Item {
    event: usize,
    x0: f64,
    x1: f64,
    /// The band of an imprecise date (month, year), if any.
    band: Option<(f64, f64)>,
    label: String,
    label_x: f64,
    /// Whether the label ends at `label_x` (left of its mark).
    label_left: bool,
    label_w: f64,
    box_left: f64,
    box_right: f64,
    row: usize,
}

/// The timeline as a standalone SVG document (no XML declaration, so the
/// same text also goes inline into HTML).
pub fn svg(timeline: &Timeline, links: &Links) -> String {
    Layout::new(timeline, true).render(timeline, links)
}

/// The same picture without its visible heading, for a page that has one
/// (the heading stays as the SVG's accessible `<title>`).
pub fn svg_untitled(timeline: &Timeline, links: &Links) -> String {
    Layout::new(timeline, false).render(timeline, links)
}

/// The picture's reading of the timeline: colours, the axis, rows of labels.
struct Layout {
    /// Where the lanes start; the axis is just above.
    top: f64,
    /// Whether the heading is drawn.
    titled: bool,
    scale: Scale,
    items: Vec<Item>,
    /// Rows in each lane.
    rows: Vec<usize>,
    /// Top of each lane.
    lane_top: Vec<f64>,
    height: f64,
    width: f64,
}

impl Layout {
    fn new(timeline: &Timeline, titled: bool) -> Self {
        let top = if titled { TOP } else { TOP - 32.0 };
        let events = &timeline.events;
        let mut ranges = Vec::new();
        let mut marks = Vec::new();
        for event in events {
            if let Some((first, last)) = event.own_days() {
                ranges.push((first, last));
                match event.when {
                    When::Span(..) => {
                        marks.push(first);
                        if last != first {
                            marks.push(last);
                        }
                    }
                    _ => marks.push(first),
                }
            }
        }
        // Precise marks need room; a year-precise date does not.
        let marks: Vec<i64> = marks
            .into_iter()
            .filter(|&d| {
                events.iter().any(|e| match e.when {
                    When::Point(p) => p.month.is_some() && p.first_day() == d,
                    When::Span(s, end) => {
                        (s.month.is_some() && s.first_day() == d)
                            || end.is_some_and(|e| e.month.is_some() && e.last_day() == d)
                    }
                    When::During => false,
                })
            })
            .collect();
        let scale = Scale::new(&ranges, &marks);
        let chart_right = LEFT + scale.width;

        // Marks first: where each event is drawn.
        let mut items: Vec<Item> = Vec::new();
        let mut slots: Vec<Option<usize>> = vec![None; events.len()];
        for (i, event) in events.iter().enumerate() {
            let (x0, x1, band) = match event.when {
                When::Point(d) => {
                    let (a, b) = (
                        LEFT + scale.x(d.first_day()),
                        LEFT + scale.x(d.last_day() + 1),
                    );
                    if d.day.is_some() {
                        let c = (a + b) / 2.0;
                        (c, c, None)
                    } else {
                        let c = (a + b) / 2.0;
                        (c, c, Some((a, b)))
                    }
                }
                When::Span(s, e) => {
                    let a = LEFT + scale.x(s.first_day());
                    let b = LEFT + scale.x(e.unwrap_or(s).last_day() + 1);
                    (a, b.max(a + 4.0), None)
                }
                When::During => {
                    // Spread inside the parent's bar, in reading order.
                    let parent = event.during.and_then(|p| slots[p]);
                    match parent {
                        Some(p) => {
                            let siblings: Vec<usize> = events
                                .iter()
                                .enumerate()
                                .filter(|(_, e)| {
                                    e.during == event.during && matches!(e.when, When::During)
                                })
                                .map(|(j, _)| j)
                                .collect();
                            let k = siblings.iter().position(|&j| j == i).unwrap_or(0);
                            let (px0, px1) = (items[p].x0, items[p].x1);
                            let x = px0
                                + (px1 - px0) * (k as f64 + 1.0) / (siblings.len() as f64 + 1.0);
                            (x, x, None)
                        }
                        None => continue,
                    }
                }
            };
            let extent_left = band.map_or(x0, |b| b.0);
            let extent_right = band.map_or(x1, |b| b.1);
            let label = metrics::fit(&event.label, LABEL_MAX, LABEL_SIZE);
            let label_w = metrics::text_width(&label, LABEL_SIZE);
            // The label goes right of the mark, or left where it would leave
            // the chart and there is room on the left.
            let right = extent_right + GAP;
            let left = extent_left - GAP - label_w;
            let (label_x, label_left, box_left, box_right) =
                if right + label_w <= chart_right || left < 4.0 {
                    (right, false, extent_left - 5.0, right + label_w)
                } else {
                    (extent_left - GAP, true, left, extent_right + 5.0)
                };
            slots[i] = Some(items.len());
            items.push(Item {
                event: i,
                x0,
                x1,
                band,
                label,
                label_x,
                label_left,
                label_w,
                box_left,
                box_right,
                row: 0,
            });
        }

        // Rows, first fit, lane by lane; an event during another goes below it.
        let lanes = timeline.lanes.len();
        let mut taken: Vec<Vec<Vec<(f64, f64)>>> = vec![Vec::new(); lanes];
        for n in 0..items.len() {
            let event = &events[items[n].event];
            let lane = event.lane;
            let start = event
                .during
                .and_then(|p| slots[p])
                .map_or(0, |p| items[p].row + 1);
            let (l, r) = (items[n].box_left, items[n].box_right);
            let rows = &mut taken[lane];
            let mut row = start;
            loop {
                if rows.len() <= row {
                    rows.resize(row + 1, Vec::new());
                }
                let free = rows[row].iter().all(|&(a, b)| r + GAP <= a || b + GAP <= l);
                if free {
                    rows[row].push((l, r));
                    break;
                }
                row += 1;
            }
            items[n].row = row;
        }
        let rows: Vec<usize> = taken.iter().map(|r| r.len().max(1)).collect();
        let mut lane_top = Vec::new();
        let mut y = top;
        for &n in &rows {
            lane_top.push(y);
            y += n as f64 * ROW + 2.0 * LANE_PAD;
        }
        let right = items
            .iter()
            .map(|i| i.box_right)
            .fold(chart_right, f64::max);
        Self {
            top,
            titled,
            scale,
            items,
            rows,
            lane_top,
            height: y + LEGEND,
            width: right + RIGHT,
        }
    }

    fn row_y(&self, lane: usize, row: usize) -> f64 {
        self.lane_top[lane] + LANE_PAD + row as f64 * ROW + ROW / 2.0
    }

    fn render(&self, timeline: &Timeline, links: &Links) -> String {
        let (w, h) = (self.width, self.height);
        let chart_bottom = self.lane_top.last().copied().unwrap_or(self.top)
            + self.rows.last().copied().unwrap_or(1) as f64 * ROW
            + 2.0 * LANE_PAD;
        let mut s = String::new();
        let title = title(timeline);
        s.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dk-timeline\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"dk-timeline-title\" font-family=\"{}\">\n",
            num(w),
            num(h),
            num(w),
            num(h),
            xml(FONT_FAMILY)
        ));
        s.push_str(&format!(
            "<title id=\"dk-timeline-title\">{}</title>\n",
            xml(&title)
        ));
        s.push_str(STYLE);
        s.push_str(&format!(
            "<rect class=\"dk-bg\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"/>\n",
            num(w),
            num(h)
        ));
        if self.titled {
            s.push_str(&format!(
                "<text class=\"dk-title\" x=\"16\" y=\"24\">{}</text>\n",
                xml(&title)
            ));
        }

        // Lanes: a tinted band and the state's name, linked.
        for (lane, info) in timeline.lanes.iter().enumerate() {
            let colour = lane_colour(timeline, lane);
            let top = self.lane_top[lane];
            let height = self.rows[lane] as f64 * ROW + 2.0 * LANE_PAD;
            s.push_str(&format!(
                "<rect class=\"dk-lane\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" fill-opacity=\"{}\"/>\n",
                num(top),
                num(w),
                num(height),
                if lane % 2 == 0 { "0.06" } else { "0.10" }
            ));
            let name = format!(
                "<text class=\"dk-lane-name\" x=\"12\" y=\"{}\" fill=\"{colour}\">{}</text>",
                num(top + LANE_PAD + ROW / 2.0 + 4.0),
                xml(&metrics::fit(&info.label, LEFT - 20.0, 13.0))
            );
            match &info.iri {
                Some(iri) => s.push_str(&format!(
                    "<a href=\"{}\">{name}</a>\n",
                    xml(&links.href(iri))
                )),
                None => {
                    s.push_str(&name);
                    s.push('\n');
                }
            }
        }

        // The axis: years, months where there is room, breaks.
        let axis_y = self.top - 8.0;
        s.push_str(&format!(
            "<line class=\"dk-axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
            num(LEFT),
            num(axis_y),
            num(LEFT + self.scale.width),
            num(axis_y)
        ));
        for (year, x, yw) in self.scale.years() {
            let x = LEFT + x;
            s.push_str(&format!(
                "<line class=\"dk-grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                num(x),
                num(axis_y - 22.0),
                num(x),
                num(chart_bottom)
            ));
            let label = year.to_string();
            if yw >= metrics::text_width(&label, 11.0) + 4.0 {
                s.push_str(&format!(
                    "<text class=\"dk-year\" x=\"{}\" y=\"{}\">{label}</text>\n",
                    num(x + yw / 2.0),
                    num(axis_y - 12.0)
                ));
            }
        }
        for piece in &self.scale.pieces {
            match *piece {
                Piece::Month {
                    month, x, w: mw, ..
                } if mw >= 12.0 => {
                    let x = LEFT + x;
                    s.push_str(&format!(
                        "<line class=\"dk-tick\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                        num(x),
                        num(axis_y),
                        num(x),
                        num(axis_y + 4.0)
                    ));
                    let name = MONTHS[usize::from(month - 1)];
                    let name = if mw >= metrics::text_width(name, 9.0) + 4.0 {
                        name
                    } else {
                        &name[..1]
                    };
                    s.push_str(&format!(
                        "<text class=\"dk-month\" x=\"{}\" y=\"{}\">{name}</text>\n",
                        num(x + mw / 2.0),
                        num(axis_y + 13.0)
                    ));
                }
                Piece::Break { from, to, x, .. } => {
                    let x = LEFT + x;
                    let years = if from == to {
                        from.to_string()
                    } else {
                        format!("{from}–{:02}", to % 100)
                    };
                    s.push_str(&format!(
                        "<g class=\"dk-break\"><title>{years}: no events</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/><path d=\"M{} {} l6 -10 M{} {} l6 -10\"/><text x=\"{}\" y=\"{}\">{years}</text></g>\n",
                        num(x + 4.0),
                        num(axis_y - 4.0),
                        num(BREAK - 8.0),
                        num(chart_bottom - axis_y + 4.0),
                        num(x + BREAK / 2.0 - 7.0),
                        num(axis_y + 5.0),
                        num(x + BREAK / 2.0 + 1.0),
                        num(axis_y + 5.0),
                        num(x + BREAK / 2.0),
                        num(axis_y + 15.0)
                    ));
                }
                _ => {}
            }
        }

        // The events, in reading order, each a link with its hover text.
        for item in &self.items {
            let event = &timeline.events[item.event];
            let colour = lane_colour(timeline, event.lane);
            let y = self.row_y(event.lane, item.row);
            s.push_str(&format!(
                "<a href=\"{}\" class=\"dk-event\" data-iri=\"{}\">\n<title>{}</title>\n",
                xml(&links.href(&event.iri)),
                xml(&event.iri),
                xml(&hover_text(timeline, event))
            ));
            if let Some((a, b)) = item.band {
                s.push_str(&format!(
                    "<rect class=\"dk-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" rx=\"3\" fill=\"{colour}\"/>\n",
                    num(a),
                    num(y - 6.0),
                    num((b - a).max(2.0))
                ));
            }
            match event.when {
                When::Span(..) => s.push_str(&format!(
                    "<rect class=\"dk-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" rx=\"3\" fill=\"{colour}\"/>\n",
                    num(item.x0),
                    num(y - 5.0),
                    num(item.x1 - item.x0)
                )),
                When::Point(_) => s.push_str(&format!(
                    "<circle class=\"dk-dot\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\"/>\n",
                    num(item.x0),
                    num(y)
                )),
                When::During => {
                    // A thread up to the parent's bar, and a hollow dot.
                    let parent_row = event
                        .during
                        .and_then(|p| self.items.iter().find(|i| i.event == p))
                        .map_or(item.row, |p| p.row);
                    let parent_y = self.row_y(event.lane, parent_row);
                    s.push_str(&format!(
                        "<line class=\"dk-thread\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\"/>\n<circle class=\"dk-during\" cx=\"{}\" cy=\"{}\" r=\"4.5\" stroke=\"{colour}\"/>\n",
                        num(item.x0),
                        num(parent_y + 5.0),
                        num(item.x0),
                        num(y - 4.5),
                        num(item.x0),
                        num(y)
                    ));
                }
            }
            s.push_str(&format!(
                "<text class=\"dk-label\" x=\"{}\" y=\"{}\"{} data-width=\"{}\">{}</text>\n</a>\n",
                num(item.label_x),
                num(y + 4.0),
                if item.label_left {
                    " text-anchor=\"end\""
                } else {
                    ""
                },
                num(item.label_w),
                xml(&item.label)
            ));
        }

        // The legend: how to read the marks.
        let ly = h - LEGEND / 2.0;
        s.push_str(&format!(
            "<g class=\"dk-legend\" transform=\"translate(16 {})\">\
<circle cx=\"5\" cy=\"0\" r=\"5\"/><text x=\"16\" y=\"4\">a day</text>\
<rect x=\"70\" y=\"-5\" width=\"28\" height=\"10\" rx=\"3\"/><text x=\"104\" y=\"4\">from … to</text>\
<rect class=\"dk-band\" x=\"186\" y=\"-6\" width=\"28\" height=\"12\" rx=\"3\"/><circle cx=\"200\" cy=\"0\" r=\"5\"/><text x=\"220\" y=\"4\">a month or a year</text>\
<circle class=\"dk-during\" cx=\"350\" cy=\"0\" r=\"4.5\" stroke=\"#55606e\"/><text x=\"362\" y=\"4\">during the visit above it, no date of its own</text>\
<path d=\"M660 5 l6 -10 M668 5 l6 -10\"/><text x=\"684\" y=\"4\">years without events, left out</text>\
</g>\n",
            num(ly)
        ));
        s.push_str("</svg>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picture::date::PartialDate;
    use crate::picture::timeline::{Event, Lane};

    fn timeline(n: usize) -> Timeline {
        let lanes = vec![
            Lane {
                iri: Some("https://example.org/a".into()),
                label: "A".into(),
            },
            Lane {
                iri: None,
                label: "joint".into(),
            },
        ];
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % m
        };
        let events = (0..n)
            .map(|i| {
                let date = PartialDate {
                    year: 2000 + next(5) as i32,
                    month: Some(1 + next(12) as u8),
                    day: (next(4) > 0).then(|| 1 + next(28) as u8),
                };
                let when = if i % 5 == 0 {
                    When::Span(date, None)
                } else {
                    When::Point(date)
                };
                Event {
                    iri: format!("https://example.org/e{i}"),
                    label: format!("event number {i} with a longer name"),
                    kind: None,
                    when,
                    during: None,
                    lane: i % 2,
                    citations: Vec::new(),
                }
            })
            .collect();
        Timeline { lanes, events }
    }

    #[test]
    fn label_boxes_in_a_row_never_overlap_and_stay_in_the_picture() {
        let t = timeline(300);
        let layout = Layout::new(&t, true);
        assert_eq!(layout.items.len(), 300);
        for (i, a) in layout.items.iter().enumerate() {
            assert!(a.box_left >= 0.0 && a.box_right <= layout.width, "item {i}");
            for b in &layout.items[i + 1..] {
                let same_row = t.events[a.event].lane == t.events[b.event].lane && a.row == b.row;
                if same_row {
                    assert!(
                        a.box_right <= b.box_left || b.box_right <= a.box_left,
                        "{} and {} overlap",
                        t.events[a.event].label,
                        t.events[b.event].label
                    );
                }
            }
        }
    }

    #[test]
    fn the_same_timeline_gives_the_same_bytes() {
        let t = timeline(40);
        assert_eq!(svg(&t, &Links::default()), svg(&t, &Links::default()));
    }
}
