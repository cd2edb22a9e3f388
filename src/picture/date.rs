//! Dates at the precision the data gives them: a year (`xsd:gYear`), a month
//! (`xsd:gYearMonth`) or a day (`xsd:date`). A picture needs both the text a
//! person reads ("1992-04") and the days it covers (all of April 1992), so a
//! date keeps its precision and answers with its first and last day.

use std::fmt;

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month (1–12), when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (an XSD lexical form; a time
    /// zone suffix is ignored). `None` for anything else or an impossible day.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_suffix('Z').unwrap_or(text);
        // Drop a `+hh:mm` / `-hh:mm` time zone.
        let split = |i: usize| Some((text.get(..i)?, text.get(i..)?));
        let text = match text.len().checked_sub(6).and_then(split) {
            Some((head, zone))
                if head.len() >= 4
                    && zone.len() == 6
                    && matches!(zone.as_bytes()[0], b'+' | b'-')
                    && zone.as_bytes()[3] == b':' =>
            {
                head
            }
            _ => text,
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let mut parts = text.split('-');
        let year = parts.next().filter(|y| digits(y, 4))?.parse().ok()?;
        let month = match parts.next() {
            None => None,
            Some(m) if digits(m, 2) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
        };
        let day = match parts.next() {
            None => None,
            Some(d) if digits(d, 2) => {
                let d = d.parse::<u8>().ok()?;
                let month = month?;
                (1..=days_in_month(year, month)).contains(&d).then_some(d)?;
                Some(d)
            }
            Some(_) => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// The first day this date covers, as days since 1970-01-01.
    pub fn first_day(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date covers, as days since 1970-01-01.
    pub fn last_day(&self) -> i64 {
        match (self.month, self.day) {
            (Some(m), Some(d)) => days_from_civil(self.year, m, d),
            (Some(m), None) => days_from_civil(self.year, m, days_in_month(self.year, m)),
            _ => days_from_civil(self.year, 12, 31),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// The number of days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil (year, month, day) of a day number.
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_kept_and_covers_its_days() {
        let d = PartialDate::parse("1992-04").expect("a month");
        assert_eq!(d.to_string(), "1992-04");
        assert_eq!(d.last_day() - d.first_day(), 29);
        let y = PartialDate::parse("2016").expect("a year");
        assert_eq!(y.last_day() - y.first_day(), 365);
        assert_eq!(
            PartialDate::parse("1970-01-01").map(|d| d.first_day()),
            Some(0)
        );
        assert_eq!(
            PartialDate::parse("2018-09-01Z").map(|d| d.to_string()),
            Some("2018-09-01".into())
        );
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for bad in [
            "2018-02-30",
            "2018-13",
            "18",
            "2018-9-1",
            "2018-09-01-02",
            "yesterday",
            "",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in [-800_000, -1, 0, 59, 10_000, 17_775, 800_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
