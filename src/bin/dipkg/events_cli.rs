//! The arguments of `dipkg events`, apart from cli.rs so each file holds one job.

use crate::cli::parse_date;
use clap::{Args, ValueEnum};
use dipkg::picture::date::PartialDate;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// csv (RFC 4180), tsv, json (an array of objects), jsonl (one object a
    /// line); with --columns plover, PLOVER JSON records one a line; text and
    /// svg: the picture of each directed dyad's events per year by quad class.
    #[arg(short, long, value_enum, default_value_t = EventsFormat::Csv)]
    pub format: EventsFormat,
    /// Which columns come first: dipkg (ours only), icews or polecat (theirs,
    /// exactly as their files name and order them, then ours), plover (PLOVER
    /// JSON records).
    #[arg(long, value_enum, default_value_t = EventsColumns::Dipkg)]
    pub columns: EventsColumns,
    /// Leave out events that end before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<PartialDate>,
    /// Leave out events that start after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<PartialDate>,
    /// Only rows whose actor is this: an ISO 3166-1 alpha-3 code (KGZ), a name or an IRI.
    #[arg(long, value_name = "NAME|ISO3")]
    pub actor: Option<String>,
    /// Only rows whose recipient is this: an ISO 3166-1 alpha-3 code, a name or an IRI.
    #[arg(long, value_name = "NAME|ISO3")]
    pub recipient: Option<String>,
    /// Only rows of this directed dyad: actor,recipient (KGZ,TUR).
    #[arg(long, value_name = "A,B")]
    pub dyad: Option<String>,
    /// Count the rows per directed dyad and period (year or month) and quad
    /// class, with the sum of their Goldstein weights, instead of listing them.
    #[arg(long, value_enum, value_name = "PER")]
    pub aggregate: Option<EventsAggregate>,
    /// An ICEWS or POLECAT file (tab-separated, as their Dataverse files are):
    /// say which of our coded events (those the filters keep) it has a row for
    /// (same directed dyad, same CAMEO code or PLOVER type, a day within ours).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["aggregate", "columns"])]
    pub against: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `dipkg events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventsFormat {
    Csv,
    Tsv,
    Json,
    Jsonl,
    Text,
    Svg,
}

/// Column sets of `dipkg events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventsColumns {
    Dipkg,
    Icews,
    Polecat,
    Plover,
}

/// Periods of `dipkg events --aggregate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventsAggregate {
    /// Per directed dyad and year.
    DyadYear,
    /// Per directed dyad and month.
    DyadMonth,
}
