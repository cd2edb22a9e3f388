//! The picture of the event table: each directed dyad's events over the years,
//! by quad class, as text for a terminal and as SVG beside the timeline.
//!
//! It draws the table [`super::aggregate`] counts per year, so the picture and
//! `--aggregate dyad-year` can never disagree. Years run on one axis shared by
//! every dyad, gaps included, because a gap is what a reader looks for; events
//! the graph does not date are counted in a column of their own, never dropped.
//! Quad classes are told apart by shape in text and by colour and order in
//! SVG (cooperation from the baseline up, conflict above it), the convention
//! of ICEWS's own dashboards.

use crate::events::{COUNTED, Table};
use crate::picture::metrics::{FONT_FAMILY, num, text_width, xml};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The quad classes in drawing order: code, name, text mark, SVG colour.
const QUADS: [(&str, &str, char, &str); 4] = [
    ("1", "verbal cooperation", '○', "#7fbf7b"),
    ("2", "material cooperation", '●', "#1b7837"),
    ("3", "verbal conflict", '△', "#f1a340"),
    ("4", "material conflict", '▲', "#b2182b"),
];

/// What a dyad's undated events are counted under.
const UNDATED: &str = "undated";

/// Marks on one text line at most; beyond it one mark stands for several events.
const TEXT_MARKS: usize = 40;

/// One directed dyad's counts: period → quad class → (events, Goldstein sum).
#[derive(Debug, Default)]
struct Dyad {
    label: String,
    counts: BTreeMap<String, BTreeMap<String, (usize, f64)>>,
}

impl Dyad {
    fn total(&self) -> (usize, f64) {
        self.counts
            .values()
            .flat_map(BTreeMap::values)
            .fold((0, 0.0), |(n, g), (m, h)| (n + m, g + h))
    }

    fn in_period(&self, period: &str) -> usize {
        self.counts
            .get(period)
            .map_or(0, |q| q.values().map(|(n, _)| n).sum())
    }
}

/// The dyads of an aggregate table, in its order (actor, then recipient).
fn dyads(table: &Table) -> Vec<Dyad> {
    let at = |name: &str| table.columns.iter().position(|c| c == name);
    let columns = COUNTED.map(at);
    let [
        Some(an),
        Some(ai),
        Some(rn),
        Some(ri),
        Some(p),
        Some(q),
        Some(e),
        Some(g),
    ] = columns
    else {
        return Vec::new();
    };
    let mut out: Vec<Dyad> = Vec::new();
    for row in &table.rows {
        let party = |name: &str, iso: &str| {
            if iso.is_empty() {
                name.to_owned()
            } else {
                format!("{name} ({iso})")
            }
        };
        let label = format!(
            "{} → {}",
            party(&row[an], &row[ai]),
            party(&row[rn], &row[ri])
        );
        if out.last().is_none_or(|d| d.label != label) {
            out.push(Dyad {
                label,
                ..Dyad::default()
            });
        }
        let period = if row[p].is_empty() {
            UNDATED.to_owned()
        } else {
            row[p].clone()
        };
        let cell = out
            .last_mut()
            .expect("pushed above")
            .counts
            .entry(period)
            .or_default()
            .entry(row[q].clone())
            .or_default();
        cell.0 += row[e].parse::<usize>().unwrap_or(0);
        cell.1 += row[g].parse::<f64>().unwrap_or(0.0);
    }
    out
}

/// Every year from the first to the last any dyad has, then `undated` if any dyad has one.
fn axis(dyads: &[Dyad]) -> Vec<String> {
    let years: Vec<i64> = dyads
        .iter()
        .flat_map(|d| d.counts.keys())
        .filter_map(|p| p.parse().ok())
        .collect();
    let mut out: Vec<String> = match (years.iter().min(), years.iter().max()) {
        (Some(first), Some(last)) => (*first..=*last).map(|y| y.to_string()).collect(),
        _ => Vec::new(),
    };
    if dyads.iter().any(|d| d.counts.contains_key(UNDATED)) {
        out.push(UNDATED.to_owned());
    }
    out
}

fn signed(g: f64) -> String {
    if g > 0.0 {
        format!("+{g:.1}")
    } else {
        format!("{g:.1}")
    }
}

fn events(n: usize) -> String {
    if n == 1 {
        "1 event".to_owned()
    } else {
        format!("{n} events")
    }
}

fn quad_name(code: &str) -> &str {
    QUADS
        .iter()
        .find(|(c, ..)| *c == code)
        .map_or("no quad class", |(_, name, ..)| name)
}

/// The picture as text: per dyad, a line per year it has events in, a mark
/// per event (its quad class's shape), the count and the Goldstein sum.
pub fn text(table: &Table) -> String {
    let dyads = dyads(table);
    let mut out = String::from("Events per directed dyad and year, by quad class\n");
    let legend: Vec<String> = QUADS
        .iter()
        .map(|(_, name, mark, _)| format!("{mark} {name}"))
        .collect();
    let _ = writeln!(out, "{}  ? no quad class", legend.join("  "));
    if dyads.is_empty() {
        out.push_str("\nNo coded events.\n");
        return out;
    }
    let most = dyads
        .iter()
        .flat_map(|d| d.counts.keys().map(|p| d.in_period(p)))
        .max()
        .unwrap_or(1);
    let per_mark = most.div_ceil(TEXT_MARKS).max(1);
    if per_mark > 1 {
        let _ = writeln!(out, "one mark stands for up to {per_mark} events");
    }
    for dyad in &dyads {
        let (n, g) = dyad.total();
        let _ = writeln!(
            out,
            "\n{}: {}, Goldstein {}",
            dyad.label,
            events(n),
            signed(g)
        );
        for (period, quads) in dated_first(&dyad.counts) {
            let mut marks = String::new();
            let mut count = 0;
            let mut sum = 0.0;
            for (code, (n, g)) in quads {
                let mark = QUADS
                    .iter()
                    .find(|(c, ..)| c == code)
                    .map_or('?', |(_, _, m, _)| *m);
                marks.extend(std::iter::repeat_n(mark, n.div_ceil(per_mark)));
                count += n;
                sum += g;
            }
            let pad = TEXT_MARKS.saturating_sub(marks.chars().count());
            let _ = writeln!(
                out,
                "  {period:<8} {marks}{:pad$} {count:>4}  {:>6}",
                "",
                signed(sum)
            );
        }
    }
    out
}

/// The periods of a dyad with years first, in order, and `undated` last.
fn dated_first<V>(counts: &BTreeMap<String, V>) -> Vec<(&String, &V)> {
    let mut out: Vec<(&String, &V)> = counts.iter().filter(|(p, _)| *p != UNDATED).collect();
    out.extend(counts.iter().filter(|(p, _)| *p == UNDATED));
    out
}

const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 58.0;
const PANEL: f64 = 110.0;
const BAR_SPACE: f64 = 60.0;
const AXIS_SPACE: f64 = 30.0;
const WIDTH_AIM: f64 = 760.0;

/// The picture as SVG: a panel per dyad, a column per year on one shared
/// axis, each column a stack of the year's events by quad class; hovering a
/// bar gives the dyad, year, class, count and Goldstein sum.
pub fn svg(table: &Table) -> String {
    let dyads = dyads(table);
    let periods = axis(&dyads);
    // The undated column stands one empty column apart from the years.
    let undated_gap = usize::from(periods.last().is_some_and(|p| p == UNDATED));
    let columns = (periods.len() + undated_gap).max(1) as f64;
    let column = (WIDTH_AIM / columns).clamp(6.0, 28.0);
    let width = (LEFT + RIGHT + column * columns).max(
        LEFT + RIGHT
            + dyads
                .iter()
                .map(|d| text_width(&d.label, 13.0))
                .fold(420.0, f64::max),
    );
    let height = TOP + PANEL * dyads.len().max(1) as f64 + AXIS_SPACE;
    let most = dyads
        .iter()
        .flat_map(|d| periods.iter().map(|p| d.in_period(p)))
        .max()
        .unwrap_or(0)
        .max(1);
    let unit = BAR_SPACE / most as f64;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dk-quads\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"dk-quads-title\" font-family=\"{FONT_FAMILY}\">",
        w = num(width),
        h = num(height),
    );
    out.push_str(
        "<title id=\"dk-quads-title\">Events per directed dyad and year, by quad class</title>\n",
    );
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        num(width),
        num(height)
    );
    out.push_str("<text x=\"16\" y=\"22\" font-size=\"16\" font-weight=\"bold\" fill=\"#111827\">Events per directed dyad and year, by quad class</text>\n");
    let mut x = LEFT;
    for (_, name, _, colour) in QUADS {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"34\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"43\" font-size=\"11\" fill=\"#55606e\">{name}</text>",
            num(x),
            num(x + 14.0)
        );
        x += 22.0 + text_width(name, 11.0);
    }
    if dyads.is_empty() {
        out.push_str(
            "<text x=\"16\" y=\"90\" font-size=\"13\" fill=\"#55606e\">No coded events.</text>\n",
        );
    }
    let column_x = |i: usize| {
        let gap = if periods.get(i).is_some_and(|p| p == UNDATED) {
            undated_gap
        } else {
            0
        };
        LEFT + column * (i + gap) as f64
    };
    for (k, dyad) in dyads.iter().enumerate() {
        let top = TOP + PANEL * k as f64;
        let base = top + PANEL - 14.0;
        let (n, g) = dyad.total();
        let _ = writeln!(
            out,
            "<g class=\"dk-dyad\"><text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" fill=\"#111827\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#55606e\" text-anchor=\"end\">{}, Goldstein {}</text>",
            num(LEFT),
            num(top + 12.0),
            xml(&dyad.label),
            num(width - RIGHT),
            num(top + 12.0),
            events(n),
            signed(g)
        );
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#374151\" stroke-width=\"1\"/>",
            num(LEFT),
            num(LEFT + column * columns),
            b = num(base)
        );
        for (i, period) in periods.iter().enumerate() {
            let Some(quads) = dyad.counts.get(period) else {
                continue;
            };
            let mut y = base;
            let ordered = QUADS.iter().map(|(c, ..)| *c).chain(
                quads
                    .keys()
                    .map(String::as_str)
                    .filter(|c| quad_name(c) == "no quad class"),
            );
            for code in ordered {
                let Some((n, g)) = quads.get(code) else {
                    continue;
                };
                let h = unit * *n as f64;
                y -= h;
                let colour = QUADS
                    .iter()
                    .find(|(c, ..)| *c == code)
                    .map_or("#9ca3af", |(.., colour)| colour);
                let _ = writeln!(
                    out,
                    "<rect class=\"dk-bar\" data-period=\"{}\" data-quad=\"{}\" data-events=\"{n}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"><title>{}, {}: {n} {}, Goldstein {}</title></rect>",
                    xml(period),
                    xml(code),
                    num(column_x(i) + 1.0),
                    num(y),
                    num(column - 2.0),
                    num(h),
                    xml(&dyad.label),
                    xml(period),
                    quad_name(code),
                    signed(*g)
                );
            }
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#374151\" text-anchor=\"middle\">{}</text>",
                num(column_x(i) + column / 2.0),
                num(y - 3.0),
                dyad.in_period(period)
            );
        }
        out.push_str("</g>\n");
    }
    let axis_y = TOP + PANEL * dyads.len() as f64 + 4.0;
    // Year labels at least 36 px apart, the last year always, and `undated`.
    let step = (36.0 / column).ceil().max(1.0) as usize;
    let last_year = periods.iter().rposition(|p| p != UNDATED);
    for (i, period) in periods.iter().enumerate() {
        let undated = period == UNDATED;
        let labelled = undated
            || Some(i) == last_year
            || (i % step == 0 && last_year.is_some_and(|l| l - i >= step));
        if labelled {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#374151\" text-anchor=\"middle\">{}</text>",
                num(column_x(i) + column / 2.0),
                num(axis_y + 10.0),
                xml(period)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[[&str; 8]]) -> Table {
        Table {
            columns: COUNTED.map(str::to_owned).to_vec(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
                .collect(),
        }
    }

    #[test]
    fn every_event_is_drawn_once_with_its_class() {
        let t = table(&[
            ["Kyrgyzstan", "KGZ", "Turkey", "TUR", "", "1", "1", "3.4"],
            [
                "Kyrgyzstan",
                "KGZ",
                "Turkey",
                "TUR",
                "1991",
                "1",
                "1",
                "6.0",
            ],
            [
                "Kyrgyzstan",
                "KGZ",
                "Turkey",
                "TUR",
                "1994",
                "2",
                "2",
                "14.0",
            ],
            [
                "Turkey",
                "TUR",
                "Kyrgyzstan",
                "KGZ",
                "1994",
                "4",
                "1",
                "-10.0",
            ],
        ]);
        let svg = svg(&t);
        let drawn: usize = svg
            .split("data-events=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(drawn, 5, "{svg}");
        assert!(svg.contains("data-period=\"undated\""));
        assert!(
            svg.contains("fill=\"#b2182b\""),
            "material conflict has its colour"
        );
        let text = text(&t);
        assert!(
            text.contains("Kyrgyzstan (KGZ) → Turkey (TUR): 4 events, Goldstein +23.4"),
            "{text}"
        );
        assert!(text.contains("  1994     ●●"), "{text}");
        assert!(text.contains("  1994     ▲"), "{text}");
        let undated = text.find("undated").expect("undated line");
        assert!(
            text.find("1991").expect("1991 line") < undated,
            "years come first"
        );
    }

    #[test]
    fn the_axis_keeps_the_empty_years_between() {
        let t = table(&[
            ["A", "AAA", "B", "BBB", "1991", "1", "1", "1.0"],
            ["A", "AAA", "B", "BBB", "1995", "1", "1", "1.0"],
        ]);
        assert_eq!(axis(&dyads(&t)), ["1991", "1992", "1993", "1994", "1995"]);
    }

    #[test]
    fn many_events_share_a_mark() {
        let t = table(&[["A", "AAA", "B", "BBB", "2000", "1", "100", "100.0"]]);
        let text = text(&t);
        assert!(
            text.contains("one mark stands for up to 3 events"),
            "{text}"
        );
        assert!(
            text.lines()
                .all(|l| l.chars().filter(|c| *c == '○').count() <= 40
                    || l.contains("verbal cooperation"))
        );
    }

    #[test]
    fn no_rows_say_so() {
        assert!(text(&table(&[])).contains("No coded events."));
        assert!(svg(&table(&[])).contains("No coded events."));
    }
}
