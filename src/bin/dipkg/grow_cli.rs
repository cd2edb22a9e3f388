//! Arguments of the commands that grow the graph: sources, cite, extract, accept.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SourcesArgs {
    #[command(subcommand)]
    pub action: Option<SourcesAction>,
    /// Output format of the list.
    #[arg(short, long, value_enum, default_value_t = crate::cli::ListFormat::Text)]
    pub format: crate::cli::ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum SourcesAction {
    /// Register a text as a source: its hash, length and description, written into the data.
    Add(SourcesAddArgs),
}

#[derive(Debug, Args)]
pub struct SourcesAddArgs {
    /// The text file (UTF-8).
    pub file: PathBuf,
    /// Its title.
    #[arg(long)]
    pub title: String,
    /// Its language, a BCP 47 tag (en, ru, ky, tr…).
    #[arg(long)]
    pub lang: String,
    /// Its short name (source/NAME); by default from the file name.
    #[arg(long)]
    pub name: Option<String>,
    /// The page's URL.
    #[arg(long)]
    pub url: Option<String>,
    /// Its publisher: an IRI (of an entity of the graph) or a name.
    #[arg(long)]
    pub publisher: Option<String>,
    /// When it was published (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// When it was retrieved (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub retrieved: Option<String>,
    /// Its licence, an IRI.
    #[arg(long, value_name = "IRI")]
    pub licence: Option<String>,
}

#[derive(Debug, Args)]
pub struct CiteArgs {
    /// The source: its name (political-collaboration), its IRI, or a text file.
    pub source: String,
    /// The exact words to cite.
    pub words: String,
    /// Which occurrence, from 1, when the words occur more than once.
    #[arg(long, value_name = "N")]
    pub occurrence: Option<usize>,
    /// The fact the words state (F1): names the citation citation/F01.
    #[arg(long, value_name = "ID")]
    pub fact: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Text files, folders of them, or names of registered sources.
    #[arg(required = true, value_name = "FILE|SOURCE|DIR")]
    pub inputs: Vec<String>,
    /// The texts' language; auto tells it from their letters.
    #[arg(long, value_enum, default_value_t = Lang::Auto)]
    pub lang: Lang,
    /// trig (the candidates, to review and accept), nquads, or text (the curator's view).
    #[arg(short, long, value_enum, default_value_t = ExtractFormat::Trig)]
    pub format: ExtractFormat,
    /// Write to this file (complete or not at all) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// A folder of lexicon files (months.tsv, triggers.tsv…) to use instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
}

/// The languages of `dipkg extract --lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Tell from the letters of each text.
    Auto,
    /// English.
    En,
    /// Russian.
    Ru,
    /// Kyrgyz.
    Ky,
    /// Turkish.
    Tr,
}

/// Formats of `dipkg extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// TriG: each candidate in a named graph.
    Trig,
    /// N-Quads, sorted.
    Nquads,
    /// Each sentence, then what was proposed from it.
    Text,
}

#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The candidates file that `dipkg extract` wrote.
    pub candidates: PathBuf,
    /// Accept only these candidates (ids as `dipkg extract -f text` shows them).
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub only: Vec<String>,
    /// Who accepts them (default: $USER).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The data file to write (a new one, or one `dipkg accept` wrote; never a curated file).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}
