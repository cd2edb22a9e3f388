//! Dates at the precision the text gives: a day (`xsd:date`), a month
//! (`xsd:gYearMonth`) or a year (`xsd:gYear`), and spans with a start and an
//! end. The patterns and month names are the lexicon's (`dates.tsv`,
//! `months.tsv`); this module only expands them and reads what they caught.

use crate::error::{Error, Result};
use crate::extract::lexicon::{Lexicon, Stem};
use crate::extract::sentences::Span;
use regex::Regex;

/// A date at some precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Partial {
    /// The year.
    pub year: i32,
    /// The month, when given.
    pub month: Option<u8>,
    /// The day, when given (only with a month).
    pub day: Option<u8>,
}

impl Partial {
    /// The lexical form: `1991-12-24`, `1992-04` or `1995`.
    pub fn lexical(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The XSD datatype's local name.
    pub fn datatype(&self) -> &'static str {
        match (self.month, self.day) {
            (Some(_), Some(_)) => "date",
            (Some(_), None) => "gYearMonth",
            _ => "gYear",
        }
    }

    /// `day`, `month` or `year`.
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (Some(_), Some(_)) => "day",
            (Some(_), None) => "month",
            _ => "year",
        }
    }

    /// Whether it is a date of the calendar (no 31 February).
    pub fn valid(&self) -> bool {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.lexical().parse::<oxsdatatypes::Date>().is_ok(),
            (Some(m), None) => (1..=12).contains(&m),
            _ => true,
        }
    }
}

/// A date found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where its words are.
    pub span: Span,
    /// Its start (or the date itself).
    pub start: Partial,
    /// Its end, for a span.
    pub end: Option<Partial>,
    /// The pattern that found it (`dates.tsv:14 en/day-span`).
    pub rule: String,
    /// Whether the text leaves out its year, to be taken from the date before it.
    pub yearless: bool,
}

impl Found {
    /// Gives a yearless date the year of the date before it; false when it cannot be a date then.
    pub fn take_year(&mut self, year: i32) -> bool {
        self.start.year = year;
        if let Some(end) = &mut self.end {
            end.year = year;
        }
        self.yearless = false;
        self.start.valid()
            && self
                .end
                .is_none_or(|e| e.valid() && e.lexical() >= self.start.lexical())
    }
}

/// The date patterns of one language, compiled.
pub struct Dates {
    patterns: Vec<(Regex, String)>,
    months: Vec<(Stem, u8)>,
}

impl Dates {
    /// The patterns of `lang`, with its month names.
    pub fn new(lexicon: &Lexicon, lang: &str) -> Result<Self> {
        let mut months: Vec<(Stem, u8)> = Vec::new();
        let mut forms: Vec<String> = Vec::new();
        for row in lexicon.for_lang("months.tsv", lang) {
            let number: u8 = row.fields[1]
                .parse()
                .map_err(|_| bad(row, "month must be 1-12"))?;
            let stem = Stem::new(&row.fields[2]);
            let mut form = regex::escape(&stem.word);
            if stem.open {
                form.push_str(r"\w*");
            }
            forms.push(form);
            months.push((stem, number));
        }
        // Longest first, so `sept.` is tried before `sep.`.
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        let month = if forms.is_empty() {
            "(?!)".to_owned()
        } else {
            forms.join("|")
        };
        let mut patterns = Vec::new();
        for row in lexicon.for_lang("dates.tsv", lang) {
            let text = row.fields[2]
                .replace("{D1}", r"(?P<d1>[0-3]?\d)")
                .replace("{D2}", r"(?P<d2>[0-3]?\d)")
                .replace("{M1}", &format!("(?P<m1>{month})"))
                .replace("{M2}", &format!("(?P<m2>{month})"))
                .replace("{Y1}", r"(?P<y1>[12]\d{3})")
                .replace("{Y2}", r"(?P<y2>[12]\d{3})")
                .replace("{DASH}", r"\s*[-‐‑–—]\s*")
                .replace("{S}", r"\s+");
            let regex = Regex::new(&format!("(?i){text}"))
                .map_err(|e| bad(row, &format!("not a regular expression: {e}")))?;
            patterns.push((
                regex,
                format!(
                    "{}:{} {}/{}",
                    row.file, row.line, row.fields[0], row.fields[1]
                ),
            ));
        }
        Ok(Self { patterns, months })
    }

    fn month(&self, word: &str) -> Option<u8> {
        let lower = word.to_lowercase();
        let lower = lower.split(['\'', '’']).next().unwrap_or(&lower);
        // The closed forms (may, jan.) are exact; open ones are stems.
        self.months
            .iter()
            .filter(|(stem, _)| stem.matches(lower))
            .max_by_key(|(stem, _)| stem.word.len())
            .map(|(_, n)| *n)
    }

    /// Every date in `text`, leftmost-longest, not overlapping, in order.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let mut all: Vec<(usize, usize, usize, bool, Found)> = Vec::new();
        for (order, (regex, rule)) in self.patterns.iter().enumerate() {
            // The fast search finds where a date is; only there are its
            // parts read (captures are costly over a whole sentence).
            for found_at in regex.find_iter(text) {
                let Some(caps) = regex.captures_at(&text[..found_at.end()], found_at.start())
                else {
                    continue;
                };
                let Some(whole) = caps.get(0) else { continue };
                let Some((valid, found)) = self.read(&caps, rule) else {
                    continue;
                };
                let lead = whole.as_str().len() - whole.as_str().trim_start().len();
                let span = Span {
                    start: whole.start() + lead,
                    end: whole.end(),
                };
                all.push((
                    span.start,
                    usize::MAX - span.end,
                    order,
                    valid,
                    Found { span, ..found },
                ));
            }
        }
        // Of overlapping readings the longest wins, then the earliest, then the
        // pattern listed first: "в 2005–2007 гг." is a span of years, not the
        // year 2005 that its first two words also read as.
        all.sort_by_key(|(s, e, o, _, _)| (std::cmp::Reverse(usize::MAX - *e - *s), *s, *o));
        let mut out: Vec<(bool, Found)> = Vec::new();
        for (_, _, _, valid, found) in all {
            let overlaps = out.iter().any(|(_, kept)| {
                found.span.start < kept.span.end && kept.span.start < found.span.end
            });
            if !overlaps {
                out.push((valid, found));
            }
        }
        out.sort_by_key(|(_, f)| f.span.start);
        out.into_iter()
            .filter(|(v, _)| *v)
            .map(|(_, f)| f)
            .collect()
    }

    /// What a match reads as, and whether it is a date of the calendar (a match
    /// that is not, 31 February 2001, still holds its words, so no shorter
    /// pattern reads part of them).
    fn read(&self, caps: &regex::Captures<'_>, rule: &str) -> Option<(bool, Found)> {
        let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let month = |name: &str| caps.name(name).and_then(|m| self.month(m.as_str()));
        let given = number("y1").or(number("y2"));
        let year = given.map_or(0, |y| y as i32);
        let m1 = month("m1").or_else(|| number("mn1").map(|m| m as u8));
        let m2 = month("m2");
        let d1 = number("d1").map(|d| d as u8);
        let d2 = number("d2").map(|d| d as u8);
        let start = Partial {
            year,
            month: m1.or(m2),
            day: d1.filter(|_| m1.or(m2).is_some()),
        };
        let end = (d2.is_some() || m2.is_some() || number("y2").is_some()).then(|| Partial {
            year: number("y2").map_or(year, |y| y as i32),
            month: m2.or(m1),
            day: d2.filter(|_| m2.or(m1).is_some()),
        });
        if start.month.is_none() && given.is_none() {
            return None;
        }
        let checked = given.is_none()
            || (start.valid() && end.is_none_or(|e| e.valid() && e.lexical() >= start.lexical()));
        Some((
            checked,
            Found {
                span: Span { start: 0, end: 0 },
                start,
                end,
                rule: rule.to_owned(),
                yearless: given.is_none(),
            },
        ))
    }
}

fn bad(row: &crate::extract::lexicon::Row, message: &str) -> Error {
    Error::Syntax {
        path: row.file.clone(),
        line: row.line as u64,
        column: 1,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(lang: &str, text: &str) -> Vec<String> {
        let lexicon = Lexicon::load(None).expect("works");
        Dates::new(&lexicon, lang)
            .expect("works")
            .find(text)
            .iter()
            .map(|f| match f.end {
                Some(end) => format!("{}/{}", f.start.lexical(), end.lexical()),
                None => f.start.lexical(),
            })
            .collect()
    }

    #[test]
    fn each_language_at_its_precision() {
        assert_eq!(
            dates(
                "en",
                "on April 8-11, 2018 and in October 1992, from 28 September to 2 October 2015, in 1995, July 1 1999"
            ),
            [
                "2018-04-08/2018-04-11",
                "1992-10",
                "2015-09-28/2015-10-02",
                "1995",
                "1999-07-01"
            ]
        );
        assert_eq!(
            dates(
                "ru",
                "12–14 октября 2015 года, в июле 1996 года, с 3 по 5 июня 2019 г., в 1998 году"
            ),
            [
                "2015-10-12/2015-10-14",
                "1996-07",
                "2019-06-03/2019-06-05",
                "1998"
            ]
        );
        assert_eq!(
            dates(
                "tr",
                "24 Aralık 1991, Mayıs 1995'te, 1997 yılında, 8-10 Nisan 2018"
            ),
            ["1991-12-24", "1995-05", "1997", "2018-04-08/2018-04-10"]
        );
        assert_eq!(
            dates(
                "ky",
                "1991-жылдын 24-декабрында, 2018-жылдын 8-11-апрелинде, 1992-жылы"
            ),
            ["1991-12-24", "2018-04-08/2018-04-11", "1992"]
        );
        assert!(dates("en", "on 31 February 2001").is_empty());
        // The longest reading wins over an earlier, shorter one.
        assert_eq!(dates("ru", "в 2005–2007 гг. стороны"), ["2005/2007"]);
    }
}
