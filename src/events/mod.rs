//! The event table of `dipkg events`: every coded event as the event tables
//! of political science have it (ICEWS, POLECAT, PLOVER JSON), one row per
//! directed CAMEO coding, from the saved query `event-table`, with whether
//! another source disagrees (the saved query `source-disagreements`).
//!
//! The table is well formed where theirs are not: one header row, a fixed
//! column order per column set, an empty cell for what is missing, multi-valued
//! cells joined by [`SEPARATOR`], dates ISO 8601 at their precision.

pub mod against;
pub mod batch;
pub mod chart;
mod output;
pub mod write;

pub use output::{coverage, render, write_to};

use crate::error::{Error, Result};
use crate::rdf::store::Dataset;
use crate::sparql::catalog::Catalog;
use crate::sparql::query;
use oxigraph::model::Term;
use std::collections::{BTreeMap, BTreeSet};

/// What joins the values of a multi-valued cell.
pub const SEPARATOR: &str = " | ";

/// One row: a value (maybe empty) per column name.
pub type Row = BTreeMap<String, String>;

/// The table: its columns in order, and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The column names, in order.
    pub columns: Vec<String>,
    /// The rows, each with a value for every column.
    pub rows: Vec<Vec<String>>,
}

/// Which rows to keep.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep rows that end on or after this day (YYYY-MM-DD: the first day of `--from`).
    pub from: Option<String>,
    /// Keep rows that start on or before this day (YYYY-MM-DD: the last day of `--to`).
    pub to: Option<String>,
    /// Keep rows whose actor is this (ISO3, name or IRI).
    pub actor: Option<String>,
    /// Keep rows whose recipient is this (ISO3, name or IRI).
    pub recipient: Option<String>,
}

/// The columns the saved query gives, and the two this layer adds.
pub fn base_columns(variables: &[String]) -> Vec<String> {
    let mut out = variables.to_vec();
    out.extend(["disputed".to_owned(), "disputedBy".to_owned()]);
    out
}

/// The rows of the saved query `event-table`, with `disputed` ("true" or
/// "false") and `disputedBy` (the other sources whose claims about the event
/// differ from the graph's, by title).
pub fn rows(dataset: &Dataset, catalog: &Catalog) -> Result<(Vec<String>, Vec<Row>)> {
    let disputes = disputes(dataset, catalog)?;
    event_rows(dataset, catalog, &disputes)
}

/// Event IRI → the titles of the other sources that disagree about it.
type Disputes = BTreeMap<String, BTreeSet<String>>;

/// [`rows`] over `dataset` (maybe one batch of events), with `disputes`
/// found over the whole graph.
fn event_rows(
    dataset: &Dataset,
    catalog: &Catalog,
    disputes: &Disputes,
) -> Result<(Vec<String>, Vec<Row>)> {
    let (names, rows) = saved_select(dataset, catalog, "event-table")?;
    let mut out = Vec::new();
    for row in rows {
        let mut r: Row = names
            .iter()
            .zip(&row)
            .map(|(n, t)| (n.clone(), t.as_ref().map(text).unwrap_or_default()))
            .collect();
        let by = disputes
            .get(r.get("eventId").map_or("", String::as_str))
            .map(|s| s.iter().cloned().collect::<Vec<_>>().join(SEPARATOR))
            .unwrap_or_default();
        r.insert(
            "disputed".to_owned(),
            if by.is_empty() { "false" } else { "true" }.to_owned(),
        );
        r.insert("disputedBy".to_owned(), by);
        out.push(r);
    }
    Ok((base_columns(&names), out))
}

/// Calls `each` with the columns and the rows of [`rows`], all at once on a
/// graph of at most `size` coded events, else a batch of `size` events at a
/// time ([`batch`]), each batch in the saved query's order. Returns the columns.
pub fn each_batch(
    dataset: &Dataset,
    catalog: &Catalog,
    size: usize,
    mut each: impl FnMut(&[String], Vec<Row>) -> Result<()>,
) -> Result<Vec<String>> {
    let disputes = disputes(dataset, catalog)?;
    if !batch::more_than(&dataset.store, size)? {
        let (columns, rows) = event_rows(dataset, catalog, &disputes)?;
        each(&columns, rows)?;
        return Ok(columns);
    }
    let mut columns = Vec::new();
    batch::events(&dataset.store, size, |events| {
        let part = Dataset {
            store: batch::closure(&dataset.store, events)?,
            prefixes: dataset.prefixes.clone(),
            lock: None,
        };
        let (c, rows) = event_rows(&part, catalog, &disputes)?;
        each(&c, rows)?;
        columns = c;
        Ok(())
    })?;
    Ok(columns)
}

/// Runs the saved SELECT `name` over `dataset`: its variables and rows.
fn saved_select(
    dataset: &Dataset,
    catalog: &Catalog,
    name: &str,
) -> Result<(Vec<String>, Vec<query::Row>)> {
    let parsed = catalog.get(name)?.parse()?;
    match query::run(
        dataset,
        &parsed,
        &[],
        oxigraph::sparql::SparqlEvaluator::new(),
    )? {
        query::Answer::Solutions { variables, rows } => Ok((
            variables.iter().map(|v| v.as_str().to_owned()).collect(),
            rows,
        )),
        _ => Err(Error::Internal(format!(
            "the saved query {name} is not a SELECT"
        ))),
    }
}

/// A term as a cell: an IRI bare, a literal by its lexical form.
fn text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// Event IRI → the titles of the other sources that disagree with the graph about it.
fn disputes(dataset: &Dataset, catalog: &Catalog) -> Result<Disputes> {
    let (variables, rows) = saved_select(dataset, catalog, "source-disagreements")?;
    let at = |name: &str| variables.iter().position(|v| v == name);
    let (Some(entity), Some(label)) = (at("entity"), at("otherSourceLabel")) else {
        return Err(Error::Internal(
            "source-disagreements lacks ?entity or ?otherSourceLabel".to_owned(),
        ));
    };
    let mut out = Disputes::new();
    for row in rows {
        if let (Some(e), Some(l)) = (&row[entity], &row[label]) {
            out.entry(text(e)).or_default().insert(text(l));
        }
    }
    Ok(out)
}

/// Whether `value` names the party in `row` under `prefix` (`actor`,
/// `recipient`): its ISO 3166-1 alpha-3 code, its name (case aside) or its IRI.
fn names(row: &Row, prefix: &str, value: &str) -> bool {
    let get = |suffix: &str| {
        row.get(&format!("{prefix}{suffix}"))
            .map_or("", String::as_str)
    };
    let value = value.trim();
    !value.is_empty()
        && (get("Iso3").eq_ignore_ascii_case(value)
            || get("Name").to_lowercase() == value.to_lowercase()
            || get("") == value)
}

/// Keeps the rows `filter` asks for; an actor or recipient no row has is an
/// error naming the closest parties.
pub fn filter(rows: Vec<Row>, filter: &Filter) -> Result<Vec<Row>> {
    check(&rows, filter)?;
    Ok(rows.into_iter().filter(|r| keeps(r, filter)).collect())
}

/// Whether `filter` can keep anything: an actor or recipient that no row of
/// `parties` names is an error naming the closest, as is `--from` after `--to`.
pub fn check(parties: &[Row], filter: &Filter) -> Result<()> {
    for (prefix, wanted) in [("actor", &filter.actor), ("recipient", &filter.recipient)] {
        if let Some(value) = wanted {
            if !parties
                .iter()
                .any(|r| names(r, "actor", value) || names(r, "recipient", value))
            {
                return Err(Error::Usage(unknown_party(parties, prefix, value)));
            }
        }
    }
    if let (Some(from), Some(to)) = (&filter.from, &filter.to) {
        if from > to {
            return Err(Error::Usage(format!(
                "--from {from} is after --to {to}: nothing can lie between them"
            )));
        }
    }
    Ok(())
}

/// Whether `filter` keeps the row.
pub fn keeps(r: &Row, filter: &Filter) -> bool {
    let start = r.get("startDate").map_or("", String::as_str);
    let end = r.get("endDate").map_or("", String::as_str);
    let dated = !start.is_empty();
    filter
        .from
        .as_ref()
        .is_none_or(|from| dated && end >= from.as_str())
        && filter
            .to
            .as_ref()
            .is_none_or(|to| dated && start <= to.as_str())
        && filter.actor.as_ref().is_none_or(|a| names(r, "actor", a))
        && filter
            .recipient
            .as_ref()
            .is_none_or(|a| names(r, "recipient", a))
}

/// The message for a party no row names, with the closest ones.
fn unknown_party(rows: &[Row], option: &str, value: &str) -> String {
    let mut known: BTreeSet<String> = BTreeSet::new();
    for r in rows {
        for prefix in ["actor", "recipient"] {
            for suffix in ["Iso3", "Name"] {
                if let Some(v) = r
                    .get(&format!("{prefix}{suffix}"))
                    .filter(|v| !v.is_empty())
                {
                    known.insert(v.clone());
                }
            }
        }
    }
    let mut scored: Vec<(f64, &String)> = known
        .iter()
        .map(|k| {
            (
                strsim::normalized_levenshtein(&value.to_lowercase(), &k.to_lowercase()),
                k,
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let closest: Vec<&str> = scored.iter().take(3).map(|(_, k)| k.as_str()).collect();
    format!(
        "--{option} {value:?} names no party of the event table; the closest: {}",
        closest.join(", ")
    )
}

/// How `--aggregate` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Per directed dyad and year.
    Year,
    /// Per directed dyad and month.
    Month,
}

/// Actor name and ISO3, recipient name and ISO3, period and quad class (joined by NUL).
type DyadKey = (String, String, String, String, String);

/// Counts the rows per directed dyad, period and quad class, with the sum of
/// their Goldstein weights. An event known to a coarser precision than the
/// period (a year-precision event counted by month) keeps its own period
/// (`1991`), so it is counted, and visibly apart.
pub fn aggregate(rows: &[Row], period: Period) -> Table {
    let mut counter = Counter::new(period);
    rows.iter().for_each(|r| counter.add(r));
    counter.table()
}

/// The columns of [`aggregate`]'s table, in order.
pub const COUNTED: [&str; 8] = [
    "actorName",
    "actorIso3",
    "recipientName",
    "recipientIso3",
    "period",
    "quadClass",
    "events",
    "goldsteinSum",
];

/// The counts of [`aggregate`], taken a row at a time.
#[derive(Debug, Clone)]
pub struct Counter {
    width: usize,
    counts: BTreeMap<DyadKey, (usize, f64)>,
}

impl Counter {
    /// No rows counted yet, per `period`.
    pub fn new(period: Period) -> Self {
        let width = match period {
            Period::Year => 4,
            Period::Month => 7,
        };
        Self {
            width,
            counts: BTreeMap::new(),
        }
    }

    /// Counts one row.
    pub fn add(&mut self, r: &Row) {
        let get = |k: &str| r.get(k).cloned().unwrap_or_default();
        let date = get("date");
        let first = date.split('/').next().unwrap_or_default();
        let when: String = first.chars().take(self.width).collect();
        let key = (
            get("actorName"),
            get("actorIso3"),
            get("recipientName"),
            get("recipientIso3"),
            format!("{when}\u{0}{}", get("quadClass")),
        );
        let entry = self.counts.entry(key).or_default();
        entry.0 += 1;
        entry.1 += get("goldstein").parse::<f64>().unwrap_or(0.0);
    }

    /// The counts as a table.
    pub fn table(self) -> Table {
        let columns = COUNTED.map(str::to_owned).to_vec();
        let rows = self
            .counts
            .into_iter()
            .map(|((a, ai, r, ri, pq), (n, g))| {
                let (p, q) = pq.split_once('\u{0}').unwrap_or((&pq, ""));
                vec![
                    a,
                    ai,
                    r,
                    ri,
                    p.to_owned(),
                    q.to_owned(),
                    n.to_string(),
                    format!("{g:.1}"),
                ]
            })
            .collect();
        Table { columns, rows }
    }
}

/// The table in the column set asked for, our columns after theirs.
pub fn table(columns: &[String], rows: &[Row], set: write::Columns) -> Table {
    let theirs = write::their_columns(set);
    let mut out_columns: Vec<String> = theirs.iter().map(|(name, _)| (*name).to_owned()).collect();
    out_columns.extend(columns.iter().cloned());
    let version = env!("CARGO_PKG_VERSION");
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<String> = theirs
                .iter()
                .map(|(_, source)| write::their_cell(source, r, version))
                .collect();
            cells.extend(
                columns
                    .iter()
                    .map(|c| r.get(c).cloned().unwrap_or_default()),
            );
            cells
        })
        .collect();
    Table {
        columns: out_columns,
        rows,
    }
}

/// The formats of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV.
    Csv,
    /// Strict TSV.
    Tsv,
    /// A JSON array of objects.
    Json,
    /// JSON lines.
    Jsonl,
    /// The picture for a terminal ([`chart::text`]).
    Text,
    /// The picture as SVG ([`chart::svg`]).
    Svg,
}

impl Format {
    /// By name (`csv`, `tsv`, `json`, `jsonl`).
    pub fn by_name(name: &str) -> Option<Self> {
        match name {
            "csv" => Some(Self::Csv),
            "tsv" => Some(Self::Tsv),
            "json" => Some(Self::Json),
            "jsonl" => Some(Self::Jsonl),
            "text" => Some(Self::Text),
            "svg" => Some(Self::Svg),
            _ => None,
        }
    }

    /// Its media type.
    pub fn media(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8; header=present",
            Self::Tsv => "text/tab-separated-values; charset=utf-8",
            Self::Json => "application/json",
            Self::Jsonl => "application/jsonl",
            Self::Text => "text/plain; charset=utf-8",
            Self::Svg => "image/svg+xml",
        }
    }
}

/// The column sets: ours, ICEWS's or POLECAT's first, or PLOVER JSON records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// Ours only.
    Dipkg,
    /// ICEWS's first.
    Icews,
    /// POLECAT's first, one row per event.
    Polecat,
    /// PLOVER JSON records, one per event.
    Plover,
}

impl Set {
    /// By name (`dipkg`, `icews`, `polecat`, `plover`).
    pub fn by_name(name: &str) -> Option<Self> {
        match name {
            "dipkg" => Some(Self::Dipkg),
            "icews" => Some(Self::Icews),
            "polecat" => Some(Self::Polecat),
            "plover" => Some(Self::Plover),
            _ => None,
        }
    }
}

/// Everything one table needs: which rows, which columns, whether counted, in which format.
#[derive(Debug, Clone)]
pub struct Ask {
    /// Which rows.
    pub filter: Filter,
    /// Which columns.
    pub set: Set,
    /// Counted per dyad and period instead of listed.
    pub aggregate: Option<Period>,
    /// The format (PLOVER records are JSON lines whatever it says).
    pub format: Format,
}

/// Reads `--dyad A,B` into actor and recipient.
pub fn dyad(text: &str) -> Result<(String, String)> {
    match text.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_owned(), b.trim().to_owned()))
        }
        _ => Err(Error::Usage(format!(
            "--dyad {text:?}: give the actor and the recipient as A,B (KGZ,TUR)"
        ))),
    }
}

/// A day (days since 1970-01-01) as YYYY-MM-DD.
pub fn day(days: i64) -> String {
    let (y, m, d) = crate::picture::date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picture::date::PartialDate;

    #[test]
    fn a_partial_date_bounds_its_days() {
        let april = PartialDate::parse("1992-04").expect("a month");
        assert_eq!(day(april.first_day()), "1992-04-01");
        assert_eq!(day(april.last_day()), "1992-04-30");
        let leap = PartialDate::parse("2000-02").expect("a month");
        assert_eq!(day(leap.last_day()), "2000-02-29");
    }
}
