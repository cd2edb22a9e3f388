//! The time axis: where a day goes across the picture.
//!
//! A linear axis from 1991 to 2018 would give each year of the 1990s the same
//! room as 2018, whose visits fall days apart and would draw on top of each
//! other. So the axis is built from pieces: each month of a year that has
//! events gets a little room plus room for each event that starts or ends in
//! it, and a run of years without events shrinks to a narrow break, drawn as
//! such. Within a month, time is linear, so spans keep their order and their
//! relative lengths where they are close together.

use crate::picture::date::{civil_from_days, days_from_civil, days_in_month};
use std::collections::{BTreeMap, BTreeSet};

/// Room every month of a year with events gets.
const MONTH: f64 = 6.0;
/// Room a month gets for each event starting or ending in it.
const PER_EVENT: f64 = 30.0;
/// The width of a break for a run of empty years.
pub const BREAK: f64 = 40.0;
/// The narrowest chart; a short timeline is stretched to it.
const MIN_WIDTH: f64 = 760.0;

/// One piece of the axis.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A month of a year with events.
    Month {
        /// Year.
        year: i32,
        /// Month, 1–12.
        month: u8,
        /// Left edge.
        x: f64,
        /// Width.
        w: f64,
    },
    /// A run of years without events, shrunk.
    Break {
        /// First empty year.
        from: i32,
        /// Last empty year.
        to: i32,
        /// Left edge.
        x: f64,
        /// Width.
        w: f64,
    },
}

/// A piecewise-linear time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// The pieces, left to right, starting at x = 0.
    pub pieces: Vec<Piece>,
    /// The total width.
    pub width: f64,
}

impl Scale {
    /// An axis for events covering these (first day, last day) ranges and
    /// marking these days precisely (a dated point, a span's ends).
    pub fn new(ranges: &[(i64, i64)], marks: &[i64]) -> Self {
        let mut years = BTreeSet::new();
        for &(first, last) in ranges {
            let (a, _, _) = civil_from_days(first);
            let (b, _, _) = civil_from_days(last);
            // A span of many years marks its ends only.
            if b - a <= 3 {
                years.extend(a..=b);
            } else {
                years.insert(a);
                years.insert(b);
            }
        }
        let mut per_month: BTreeMap<(i32, u8), usize> = BTreeMap::new();
        for &day in marks {
            let (y, m, _) = civil_from_days(day);
            *per_month.entry((y, m)).or_default() += 1;
        }
        let mut pieces = Vec::new();
        let mut x = 0.0;
        let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
            return Self {
                pieces,
                width: MIN_WIDTH,
            };
        };
        let mut gap_from: Option<i32> = None;
        for year in first..=last {
            if !years.contains(&year) {
                gap_from.get_or_insert(year);
                continue;
            }
            if let Some(from) = gap_from.take() {
                pieces.push(Piece::Break {
                    from,
                    to: year - 1,
                    x,
                    w: BREAK,
                });
                x += BREAK;
            }
            for month in 1..=12 {
                let n = per_month.get(&(year, month)).copied().unwrap_or(0);
                let w = MONTH + PER_EVENT * n as f64;
                pieces.push(Piece::Month { year, month, x, w });
                x += w;
            }
        }
        let mut scale = Self { pieces, width: x };
        if x < MIN_WIDTH {
            scale.stretch(MIN_WIDTH / x);
        }
        scale
    }

    fn stretch(&mut self, factor: f64) {
        for piece in &mut self.pieces {
            match piece {
                Piece::Month { x, w, .. } | Piece::Break { x, w, .. } => {
                    *x *= factor;
                    *w *= factor;
                }
            }
        }
        self.width *= factor;
    }

    /// Where the start of `day` (days since 1970-01-01) lies.
    pub fn x(&self, day: i64) -> f64 {
        let (year, month, d) = civil_from_days(day);
        for piece in &self.pieces {
            match *piece {
                Piece::Month {
                    year: py,
                    month: pm,
                    x,
                    w,
                } if py == year && pm == month => {
                    return x + w * f64::from(d - 1) / f64::from(days_in_month(year, month));
                }
                Piece::Break { from, to, x, w } if (from..=to).contains(&year) => {
                    let start = days_from_civil(from, 1, 1);
                    let end = days_from_civil(to + 1, 1, 1);
                    return x + w * (day - start) as f64 / (end - start) as f64;
                }
                _ => {}
            }
        }
        // Before the first piece or after the last one.
        match self.pieces.first() {
            Some(Piece::Month { year: y0, .. }) if year < *y0 => 0.0,
            _ => self.width,
        }
    }

    /// The years with events, each with its left edge and width.
    pub fn years(&self) -> Vec<(i32, f64, f64)> {
        let mut out: Vec<(i32, f64, f64)> = Vec::new();
        for piece in &self.pieces {
            if let Piece::Month { year, x, w, .. } = *piece {
                match out.last_mut() {
                    Some(last) if last.0 == year => last.2 += w,
                    _ => out.push((year, x, w)),
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> i64 {
        days_from_civil(y, m, d)
    }

    #[test]
    fn empty_years_become_one_break_and_busy_months_get_room() {
        let ranges = [
            (day(1991, 12, 24), day(1991, 12, 24)),
            (day(2018, 9, 1), day(2018, 9, 3)),
        ];
        let marks = [day(1991, 12, 24), day(2018, 9, 1), day(2018, 9, 3)];
        let scale = Scale::new(&ranges, &marks);
        let breaks: Vec<_> = scale
            .pieces
            .iter()
            .filter(|p| matches!(p, Piece::Break { .. }))
            .collect();
        assert_eq!(breaks.len(), 1);
        assert!(matches!(
            breaks[0],
            Piece::Break {
                from: 1992,
                to: 2017,
                ..
            }
        ));
        // September 2018 holds two marks: wider than a quiet month.
        let sept = scale.x(day(2018, 10, 1)) - scale.x(day(2018, 9, 1));
        let aug = scale.x(day(2018, 9, 1)) - scale.x(day(2018, 8, 1));
        assert!(sept > 5.0 * aug, "{sept} {aug}");
        // Order is kept.
        assert!(scale.x(day(2018, 9, 3)) > scale.x(day(2018, 9, 1)));
        assert!(scale.x(day(2000, 1, 1)) > scale.x(day(1991, 12, 31)));
    }
}
