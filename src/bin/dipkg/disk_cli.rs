//! Arguments of the commands on the persistent store: load, stats, dump, backup.

use crate::cli::{ListFormat, RdfOutput};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// RDF files to load; - reads standard input (with --format). The format follows the
    /// extension, looking through .gz, .bz2 and .zst.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Also load the shipped ontology and data (graphs named as in memory).
    #[arg(long)]
    pub shipped: bool,
    /// Put the triples into this named graph, not one per file (`default`: the default graph).
    #[arg(short, long, value_name = "IRI")]
    pub graph: Option<String>,
    /// The format of every input, whatever its extension (needed for -).
    #[arg(short, long, value_enum, value_name = "F")]
    pub format: Option<RdfOutput>,
    /// Skip bad statements (and relax IRI and language-tag checks); report how many.
    #[arg(long)]
    pub lenient: bool,
    /// A rough memory budget for the loader's batches, in megabytes (default: Oxigraph's).
    #[arg(long, value_name = "MB")]
    pub max_memory: Option<usize>,
    /// Print nothing on success (no progress, no summary).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// RDF format to write; triple formats get the union of the graphs.
    #[arg(short, long, value_enum, default_value_t = RdfOutput::Nquads)]
    pub format: RdfOutput,
    /// Dump only this named graph (an IRI).
    #[arg(short, long, value_name = "IRI")]
    pub graph: Option<String>,
    /// Write to this file (complete or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new folder to copy the store into.
    pub dir: PathBuf,
}
