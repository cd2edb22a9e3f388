//! `dipkg events --against FILE`: which of our coded events an ICEWS or
//! POLECAT file has a row for (same directed dyad, same CAMEO code or PLOVER
//! type, a date within our event's days), and which it lacks: the coverage
//! check no event dataset offers.
//!
//! Read as those files really are: tab-separated, a header row whose names
//! may carry stray spaces or extra empty names (a trailing tab), rows with
//! empty trailing columns, ICEWS dates as `YYYY-MM-DD` or `m/d/YYYY`. The file
//! streams line by line; only the rows of our dyads are kept.

use crate::error::{Error, Result};
use crate::events::{Row, SEPARATOR, Table};
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;

/// A line longer than this is refused rather than read whole.
const MAX_LINE: usize = 1 << 20;

/// The two layouts, by the columns each needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// ICEWS: country names, CAMEO codes.
    Icews,
    /// POLECAT: ISO3 codes, PLOVER types.
    Polecat,
}

const ICEWS_NEEDS: [&str; 5] = [
    "Event ID",
    "Event Date",
    "Source Country",
    "Target Country",
    "CAMEO Code",
];
// In the order the comparison reads them: id, date, actor, recipient, code.
const POLECAT_NEEDS: [&str; 5] = [
    "Event ID",
    "Event Date",
    "Actor Country",
    "Recipient Country",
    "Event Type",
];

/// One row of theirs: id, day, actor, recipient (as ISO3), code.
struct Theirs {
    id: String,
    day: String,
    actor: String,
    recipient: String,
    code: String,
}

/// Reads `m/d/YYYY` or `YYYY-MM-DD` (the two ICEWS has used) as YYYY-MM-DD.
fn day(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(d) = crate::picture::date::PartialDate::parse(text) {
        return d.day.map(|_| d.to_string());
    }
    let mut parts = text.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let iso = format!("{:0>4}-{:0>2}-{:0>2}", y.trim(), m.trim(), d.trim());
    crate::picture::date::PartialDate::parse(&iso).map(|_| iso)
}

/// Compares `rows` (ours) with the file read from `input`; `name` names it in errors.
pub fn compare(rows: &[Row], mut input: impl BufRead, name: &str) -> Result<Table> {
    let mut buf = Vec::new();
    let header = match next_line(&mut input, &mut buf, name, 1)? {
        Some(line) => line,
        None => return Err(Error::Usage(format!("{name}: empty: no header row"))),
    };
    let columns: Vec<String> = header
        .trim_end_matches('\r')
        .split('\t')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .collect();
    let at = |n: &str| columns.iter().position(|c| c == n);
    let layout = if ICEWS_NEEDS.iter().all(|n| at(n).is_some()) {
        Layout::Icews
    } else if POLECAT_NEEDS.iter().all(|n| at(n).is_some()) {
        Layout::Polecat
    } else {
        return Err(Error::Usage(format!(
            "{name}: neither an ICEWS nor a POLECAT file: ICEWS needs the columns {}, POLECAT {}; its header has {}",
            ICEWS_NEEDS.join(", "),
            POLECAT_NEEDS.join(", "),
            columns
                .iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let needs = match layout {
        Layout::Icews => ICEWS_NEEDS,
        Layout::Polecat => POLECAT_NEEDS,
    };
    let index: Vec<usize> = needs.iter().filter_map(|n| at(n)).collect();
    // ICEWS names states; ours are matched by name, then by ISO3.
    let mut iso3: BTreeMap<String, String> = BTreeMap::new();
    let mut dyads: BTreeSet<(String, String)> = BTreeSet::new();
    for r in rows {
        for p in ["actor", "recipient"] {
            let code = r.get(&format!("{p}Iso3")).cloned().unwrap_or_default();
            if !code.is_empty() {
                let n = r.get(&format!("{p}Name")).cloned().unwrap_or_default();
                iso3.insert(n.to_lowercase(), code.clone());
                iso3.insert(code.to_lowercase(), code);
            }
        }
        let a = r.get("actorIso3").cloned().unwrap_or_default();
        let b = r.get("recipientIso3").cloned().unwrap_or_default();
        if !a.is_empty() && !b.is_empty() {
            dyads.insert((a, b));
        }
    }
    let mut theirs: Vec<Theirs> = Vec::new();
    let mut n = 1;
    loop {
        n += 1;
        let Some(line) = next_line(&mut input, &mut buf, name, n)? else {
            break;
        };
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| {
            fields
                .get(index[i])
                .map_or("", |f| f.trim().trim_matches('"'))
        };
        let state = |text: &str| iso3.get(&text.to_lowercase()).cloned();
        let (Some(actor), Some(recipient)) = (state(field(2)), state(field(3))) else {
            continue;
        };
        if !dyads.contains(&(actor.clone(), recipient.clone())) {
            continue;
        }
        let Some(day) = day(field(1)) else {
            continue;
        };
        let code = match layout {
            // "42" in a file that lost its leading zeros is still CAMEO 042.
            Layout::Icews => format!("{:0>3}", field(4)),
            Layout::Polecat => field(4).to_uppercase(),
        };
        theirs.push(Theirs {
            id: field(0).to_owned(),
            day,
            actor,
            recipient,
            code,
        });
    }
    let columns: Vec<String> = [
        "eventId",
        "codingId",
        "date",
        "actorIso3",
        "recipientIso3",
        "code",
        "matched",
        "theirEventIds",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    // POLECAT has one record per event, directed as PLOVER directs it.
    let ours = match layout {
        Layout::Icews => rows.to_vec(),
        Layout::Polecat => crate::events::write::one_per_event(rows.to_vec()),
    };
    for r in &ours {
        let get = |k: &str| r.get(k).cloned().unwrap_or_default();
        let (a, b) = (get("actorIso3"), get("recipientIso3"));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let (key, code) = match layout {
            Layout::Icews => (get("codingId"), get("cameoCode")),
            Layout::Polecat => (get("eventId"), get("ploverType")),
        };
        if !seen.insert((key, a.clone(), b.clone())) {
            continue;
        }
        let (start, end) = (get("startDate"), get("endDate"));
        let ids: Vec<&str> = theirs
            .iter()
            .filter(|t| {
                t.actor == a
                    && t.recipient == b
                    && t.code == code
                    && !start.is_empty()
                    && t.day >= start
                    && t.day <= end
            })
            .map(|t| t.id.as_str())
            .collect();
        out.push(vec![
            get("eventId"),
            if layout == Layout::Icews {
                get("codingId")
            } else {
                String::new()
            },
            get("date"),
            a,
            b,
            code,
            (!ids.is_empty()).to_string(),
            ids.join(SEPARATOR),
        ]);
    }
    Ok(Table { columns, rows: out })
}

/// The next line, read no further than [`MAX_LINE`] bytes; `None` at the end.
fn next_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    name: &str,
    n: u64,
) -> Result<Option<String>> {
    use std::io::Read;
    buf.clear();
    let read = input
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', buf)
        .map_err(|e| Error::Usage(format!("{name}: {e}")))?;
    if read == 0 {
        return Ok(None);
    }
    if buf.len() > MAX_LINE {
        return Err(Error::Usage(format!(
            "{name}: line {n} is longer than {MAX_LINE} bytes: not an event file"
        )));
    }
    let text = std::str::from_utf8(buf)
        .map_err(|_| Error::Usage(format!("{name}: line {n} is not UTF-8")))?;
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::day;

    #[test]
    fn icews_dates_in_either_of_its_forms() {
        assert_eq!(day("2018-04-09").as_deref(), Some("2018-04-09"));
        assert_eq!(day("4/9/2018").as_deref(), Some("2018-04-09"));
        assert_eq!(day("13/9/2018"), None);
        assert_eq!(day("2018-04"), None);
    }
}
