//! The event table written out: the column sets of ICEWS and POLECAT (their
//! exact names and order, ours after), PLOVER JSON records, and the formats
//! CSV (RFC 4180), TSV, JSON and JSON lines.

use crate::events::{Row, SEPARATOR, Table};
use std::fmt::Write as _;

/// Which columns come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    /// Ours only.
    Dipkg,
    /// ICEWS's 20, then ours.
    Icews,
    /// POLECAT's, then ours; one row per event.
    Polecat,
}

/// How a column of theirs is filled: from one of our columns, or empty
/// (a field we have no value for).
#[derive(Debug, Clone, Copy)]
pub enum Cell {
    /// Our column of this name.
    Ours(&'static str),
    /// Empty: nothing in the graph gives it.
    Empty,
    /// The country name of a party that is a state (ICEWS's Source/Target Country).
    StateName(&'static str),
    /// dipkg's version (POLECAT's Version).
    Version,
}

use Cell::{Empty, Ours, StateName, Version};

/// ICEWS's columns, as its Dataverse files name and order them.
const ICEWS: [(&str, Cell); 20] = [
    ("Event ID", Ours("codingId")),
    ("Event Date", Ours("date")),
    ("Source Name", Ours("actorName")),
    ("Source Sectors", Empty),
    ("Source Country", StateName("actor")),
    ("Event Text", Ours("cameoLabel")),
    ("CAMEO Code", Ours("cameoCode")),
    ("Intensity", Ours("goldstein")),
    ("Target Name", Ours("recipientName")),
    ("Target Sectors", Empty),
    ("Target Country", StateName("recipient")),
    ("Story ID", Empty),
    ("Sentence Number", Empty),
    ("Publisher", Empty),
    ("City", Ours("placeName")),
    ("District", Empty),
    ("Province", Empty),
    ("Country", Ours("placeCountryName")),
    ("Latitude", Ours("latitude")),
    ("Longitude", Ours("longitude")),
];

/// POLECAT's columns, as its weekly Dataverse files name and order them.
const POLECAT: [(&str, Cell); 42] = [
    ("Event ID", Ours("eventId")),
    ("Event Date", Ours("date")),
    ("Event Type", Ours("ploverType")),
    ("Event Mode", Ours("ploverMode")),
    ("Intensity", Empty),
    ("Quad Code", Ours("quadClass")),
    ("Contexts", Ours("ploverContexts")),
    ("Actor Name", Ours("actorName")),
    ("Actor Country", Ours("actorIso3")),
    ("Actor COW", Ours("actorCow")),
    ("Primary Actor Sector", Empty),
    ("Actor Sectors", Empty),
    ("Actor Title", Ours("actorTitle")),
    ("Actor Name Raw", Empty),
    ("Wikipedia Actor ID", Ours("actorWikidata")),
    ("Recipient Name", Ours("recipientName")),
    ("Recipient Country", Ours("recipientIso3")),
    ("Recipient COW", Ours("recipientCow")),
    ("Primary Recipient Sector", Empty),
    ("Recipient Sectors", Empty),
    ("Recipient Title", Ours("recipientTitle")),
    ("Recipient Name Raw", Empty),
    ("Wikipedia Recipient ID", Ours("recipientWikidata")),
    ("Placename", Ours("placeName")),
    ("City", Ours("placeName")),
    ("District", Empty),
    ("Province", Empty),
    ("Country", Ours("placeCountry")),
    ("Latitude", Ours("latitude")),
    ("Longitude", Ours("longitude")),
    ("GeoNames ID", Ours("placeGeonames")),
    ("Raw Placename", Empty),
    ("Feature Type", Empty),
    ("Source", Ours("sourceTitles")),
    ("Publication Date", Ours("sourcePublished")),
    ("Story People", Empty),
    ("Story Organizations", Empty),
    ("Story Locations", Empty),
    ("Language", Ours("sourceLanguages")),
    ("Version", Version),
    ("Story ID", Empty),
    ("Sentence Number", Empty),
];

/// Their columns for a column set (none for ours).
pub fn their_columns(set: Columns) -> &'static [(&'static str, Cell)] {
    match set {
        Columns::Dipkg => &[],
        Columns::Icews => &ICEWS,
        Columns::Polecat => &POLECAT,
    }
}

/// A cell of theirs for `row`.
pub fn their_cell(cell: &Cell, row: &Row, version: &str) -> String {
    let get = |k: &str| row.get(k).cloned().unwrap_or_default();
    match cell {
        Ours(k) => get(k),
        Empty => String::new(),
        StateName(prefix) => {
            if get(&format!("{prefix}Iso3")).is_empty() {
                String::new()
            } else {
                get(&format!("{prefix}Name"))
            }
        }
        Version => format!("dipkg {version}"),
    }
}

/// Of each event's rows, the one PLOVER's record is: POLECAT and PLOVER have
/// one record per event, directed as PLOVER directs it (the visitor toward the
/// host), so the coding whose actor is among the event's PLOVER actors and
/// whose recipient is among its recipients (any, for a mutual or multilateral
/// event), the first by IRI among those.
pub fn one_per_event(rows: Vec<Row>) -> Vec<Row> {
    let get = |r: &Row, k: &str| r.get(k).cloned().unwrap_or_default();
    let plover = |r: &Row| {
        let actors = get(r, "ploverActors");
        let recipients = get(r, "ploverRecipients");
        actors.split(SEPARATOR).any(|a| a == get(r, "actor"))
            && (recipients.is_empty()
                || recipients
                    .split(SEPARATOR)
                    .any(|x| x == get(r, "recipient")))
    };
    let mut chosen: std::collections::BTreeMap<String, Row> = std::collections::BTreeMap::new();
    for r in rows {
        let event = get(&r, "eventId");
        let better = match chosen.get(&event) {
            None => true,
            Some(old) => {
                (plover(&r), std::cmp::Reverse(get(&r, "codingId")))
                    > (plover(old), std::cmp::Reverse(get(old, "codingId")))
            }
        };
        if better {
            chosen.insert(event, r);
        }
    }
    let mut out: Vec<Row> = chosen.into_values().collect();
    out.sort_by(|a, b| {
        (a.get("startDate"), a.get("eventId")).cmp(&(b.get("startDate"), b.get("eventId")))
    });
    out
}

/// A field as RFC 4180 has it: quoted when it holds a comma, a quote, a
/// line break or a leading or trailing space, quotes doubled.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\r', '\n']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A field of strict TSV (IANA's text/tab-separated-values): tabs and line
/// breaks, which it cannot hold, become spaces.
fn tsv_field(value: &str) -> String {
    value.replace(['\t', '\r', '\n'], " ")
}

/// The two delimited formats.
#[derive(Debug, Clone, Copy)]
pub enum Delimited {
    /// RFC 4180: commas, CRLF.
    Csv,
    /// Strict TSV: tabs, LF.
    Tsv,
}

/// One line of `cells` in `format`, appended to `out`.
pub fn line(cells: &[String], format: Delimited, out: &mut String) {
    let (field, separator, end): (fn(&str) -> String, &str, &str) = match format {
        Delimited::Csv => (csv_field, ",", "\r\n"),
        Delimited::Tsv => (tsv_field, "\t", "\n"),
    };
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(&field(cell));
    }
    out.push_str(end);
}

/// The header row of `columns` in `format`.
pub fn header(columns: &[String], format: Delimited) -> String {
    let mut out = String::new();
    line(columns, format, &mut out);
    out
}

/// One header row and the rows.
fn delimited(table: &Table, format: Delimited) -> String {
    let mut out = header(&table.columns, format);
    for row in &table.rows {
        line(row, format, &mut out);
    }
    out
}

/// CSV: one header row, CRLF line ends (RFC 4180), UTF-8.
pub fn csv(table: &Table) -> String {
    delimited(table, Delimited::Csv)
}

/// TSV: one header row, LF line ends.
pub fn tsv(table: &Table) -> String {
    delimited(table, Delimited::Tsv)
}

/// A JSON string.
fn string(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// One row as a JSON object, keys in column order, every value a string
/// (CAMEO codes keep their zeros) and null for an empty cell.
pub fn object(columns: &[String], row: &[String]) -> String {
    let mut out = String::from("{");
    for (i, (c, v)) in columns.iter().zip(row).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let value = if v.is_empty() {
            "null".to_owned()
        } else {
            string(v)
        };
        let _ = write!(out, "{}:{value}", string(c));
    }
    out.push('}');
    out
}

/// JSON: an array of objects, one a line.
pub fn json(table: &Table) -> String {
    let mut out = String::from("[\n");
    for (i, row) in table.rows.iter().enumerate() {
        out.push_str(&object(&table.columns, row));
        out.push_str(if i + 1 < table.rows.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("]\n");
    out
}

/// JSON lines: one object a line.
pub fn jsonl(table: &Table) -> String {
    let mut out = String::new();
    for row in &table.rows {
        out.push_str(&object(&table.columns, row));
        out.push('\n');
    }
    out
}

/// PLOVER JSON records (the manual's record fields), one a line, one per
/// event: `id`, `date` and `enddate` (the first and last day, with
/// `date_precision`), `actor` and `recipient` as entities (`code` the ISO 3166-1
/// alpha-3 code, `entity_text`, `identifier_id` the Wikidata id, `office`),
/// `event`, `mode`, `context` (a list), `quad_code`, `event_loc`, `event_text`
/// (the source's words), `cite_info`, `coder`; and what PLOVER has no field
/// for under `dipkg`: the CAMEO coding, the character ranges, disputing sources.
pub fn plover(rows: &[Row]) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut out = String::new();
    for r in rows {
        let get = |k: &str| r.get(k).cloned().unwrap_or_default();
        let text = |k: &str| {
            let v = get(k);
            if v.is_empty() {
                serde_json::Value::Null
            } else {
                serde_json::Value::String(v)
            }
        };
        let list = |k: &str| {
            let v = get(k);
            serde_json::Value::Array(
                v.split(SEPARATOR)
                    .filter(|s| !s.is_empty())
                    .map(|s| serde_json::Value::String(s.to_owned()))
                    .collect(),
            )
        };
        let entity = |prefix: &str| {
            if get(prefix).is_empty() {
                return serde_json::Value::Null;
            }
            serde_json::json!({
                "code": text(&format!("{prefix}Iso3")),
                "entity_text": text(&format!("{prefix}Name")),
                "identifier_id": text(&format!("{prefix}Wikidata")),
                "identifier_text": text(prefix),
                "office": text(&format!("{prefix}Title")),
            })
        };
        let record = serde_json::json!({
            "id": text("eventId"),
            "date": text("startDate"),
            "enddate": text("endDate"),
            "date_precision": text("datePrecision"),
            "actor": entity("actor"),
            "recipient": entity("recipient"),
            "event": text("ploverType"),
            "mode": text("ploverMode"),
            "context": list("ploverContexts"),
            "quad_code": get("quadClass").parse::<u8>().ok(),
            "event_loc": {
                "extracted_place": text("placeName"),
                "geonameid": text("placeGeonames"),
                "lat": text("latitude"),
                "lon": text("longitude"),
                "country_code": text("placeCountry"),
            },
            "event_text": text("quotes"),
            "cite_info": {
                "title": text("sourceTitles"),
                "url": text("sourceUrls"),
                "language": text("sourceLanguages"),
                "publication": text("sourcePublished"),
            },
            "coder": format!("dipkg {version}"),
            "dipkg": {
                "label": text("eventLabel"),
                "date": text("date"),
                "during": text("during"),
                "cameo_code": text("cameoCode"),
                "cameo_label": text("cameoLabel"),
                "goldstein": text("goldstein"),
                "char_ranges": list("charRanges"),
                "disputed_by": list("disputedBy"),
            },
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_rfc_4180_asks_and_nothing_else() {
        assert_eq!(csv_field("042"), "042");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(tsv_field("a\tb\nc"), "a b c");
    }
}
