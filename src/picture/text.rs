//! The timeline in a terminal: one line per event, in reading order, dates at
//! their precision, the lane (state or "joint") in a column, events during a
//! visit indented under it, cut to the width given. Colour (by lane) only when
//! the caller asks, which the binary does on a terminal without `NO_COLOR`.

use crate::picture::timeline::{Timeline, When};
use unicode_width::UnicodeWidthStr;

/// How to write the text timeline.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// The line width in columns (lines are cut to it; at least 40 is used).
    pub width: usize,
    /// Whether to colour with ANSI escapes.
    pub colour: bool,
}

/// ANSI colours of the lanes, in lane order (the shared lane is plain bold).
const LANE_COLOURS: [&str; 4] = ["34", "31", "32", "35"];

/// The text timeline, one line per event, each ending in a newline.
pub fn write(timeline: &Timeline, style: TextStyle) -> String {
    let width = style.width.max(40);
    let dates: Vec<String> = timeline
        .events
        .iter()
        .map(|e| match e.when {
            When::During => "during".to_owned(),
            _ => e.date_text(),
        })
        .collect();
    let date_width = dates.iter().map(|d| d.width()).max().unwrap_or(0);
    let lane_width = timeline
        .lanes
        .iter()
        .map(|l| l.label.width())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (i, event) in timeline.events.iter().enumerate() {
        let depth = timeline.depth(i);
        let mut tree = String::new();
        if depth > 0 {
            tree.push_str(&"   ".repeat(depth - 1));
            let last = !timeline.events[i + 1..]
                .iter()
                .take_while(|e| e.during.is_some())
                .any(|e| e.during == event.during);
            tree.push_str(if last { "└─ " } else { "├─ " });
        }
        let lane = &timeline.lanes[event.lane].label;
        let date = &dates[i];
        let fixed = date_width + 2 + lane_width + 2 + tree.width();
        let room = width.saturating_sub(fixed).max(10);
        let label = cut(&event.label, room);
        let date_pad = " ".repeat(date_width - date.width());
        let lane_pad = " ".repeat(lane_width - lane.width());
        if style.colour {
            let colour = match timeline.lanes[event.lane].iri {
                None => "1".to_owned(),
                Some(_) => {
                    let n = timeline.lanes[..event.lane]
                        .iter()
                        .filter(|l| l.iri.is_some())
                        .count();
                    LANE_COLOURS[n % LANE_COLOURS.len()].to_owned()
                }
            };
            let paint = |style: &str, text: &str| {
                if text.is_empty() {
                    String::new()
                } else {
                    format!("\x1b[{style}m{text}\x1b[0m")
                }
            };
            let date = if matches!(event.when, When::During) {
                paint("2", date)
            } else {
                date.clone()
            };
            out.push_str(&format!(
                "{date}{date_pad}  {}{lane_pad}  {}{label}\n",
                paint(&colour, lane),
                paint("2", &tree)
            ));
        } else {
            let line = format!("{date}{date_pad}  {lane}{lane_pad}  {tree}{label}");
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

/// `text` cut to `columns` display columns, with "…" where it was cut.
fn cut(text: &str, columns: usize) -> String {
    if text.width() <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        if next.width() + 1 > columns {
            break;
        }
        out = next;
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_keeps_within_the_columns() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cut("Ердоған мен", 6).width(), 6);
    }
}
