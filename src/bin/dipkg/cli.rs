//! Command-line arguments: every clap type, each field's `///` is its `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use dipkg::picture::{self, date::PartialDate};
use std::path::PathBuf;

/// A linked-data knowledge graph of Kyrgyz–Turkish political relations.
///
/// With no options dipkg answers from the ontology, data and saved queries built
/// into it; --data and --queries point it at your own files.
#[derive(Debug, Parser)]
#[command(name = "dipkg", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the dataset and saved queries come from.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// RDF file or folder to load instead of the shipped data (repeatable).
    /// The format follows the extension: .ttl .nt .nq .trig .rdf .owl .jsonld, also
    /// compressed (.gz .bz2 .zst); - reads standard input (see --data-format).
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// RDF file or folder to load beside the shipped data, or beside --data (repeatable).
    #[arg(long, global = true, value_name = "PATH")]
    pub add: Vec<PathBuf>,
    /// Leave the shipped ontology out of the dataset.
    #[arg(long, global = true)]
    pub no_ontology: bool,
    /// Folder of saved queries (.rq) to add to the shipped ones; same names replace them.
    #[arg(long, global = true, value_name = "DIR")]
    pub queries: Option<PathBuf>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    pub color: Color,
    /// The format of `--data -` (standard input): trig by default, which reads Turtle and
    /// N-Triples too.
    #[arg(long, global = true, value_enum, value_name = "F")]
    pub data_format: Option<RdfOutput>,
    /// Read (and, for `load`, write) the persistent store in this folder instead of the
    /// in-memory dataset (needs a build with `--features rocksdb`).
    #[arg(long, global = true, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Folder to look for source texts in, by their hash (repeatable; sources/ and ../shared/source/ are looked in after).
    #[arg(long = "sources", global = true, value_name = "DIR")]
    pub text_dirs: Vec<PathBuf>,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set to something.
    Auto,
    /// Always, even into a pipe or with NO_COLOR.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a saved query by name, a query file, or a query on standard input (-).
    #[command(
        override_usage = "dipkg query [OPTIONS] <NAME|FILE|->\n       dipkg query [OPTIONS] --sparql <TEXT>"
    )]
    Query(QueryArgs),
    /// List the saved queries with their summaries and parameters, or print one query's text.
    Queries(QueriesArgs),
    /// Show a resource as a person reads it: names, types, what it says and what
    /// points to it, with labels and each statement's source.
    Show(ShowArgs),
    /// Write the whole dataset (shipped ontology and data, or --data, plus --add), or one
    /// named graph of it, as RDF. To convert only your own files, use `dipkg convert`.
    Export(ExportArgs),
    /// Convert the named RDF files only (not the shipped data) to another syntax, like riot;
    /// --check only checks their syntax.
    Convert(ConvertArgs),
    /// Serve the graph as Linked Data: resource pages, SPARQL, the saved-query API.
    Serve(ServeArgs),
    /// Write the whole graph as a static Linked Data site, with redirect rules for w3id.org.
    Publish(PublishArgs),
    /// Describe the dataset in VoID and DCAT: licence, size, partitions, linksets, dumps.
    Describe(DescribeArgs),
    /// Check the dataset against the SHACL shapes and the saved checks; exit 1 on any violation.
    Validate(ValidateArgs),
    /// Upload the dataset, graph by graph, to a SPARQL server.
    Push(PushArgs),
    /// Link our entities to another source: owl:sameAs when sure, skos:closeMatch when likely.
    Link(LinkArgs),
    /// Compare our facts with another source's about the same (linked) entities.
    Compare(CompareArgs),
    /// Draw the timeline: every dated event in order, as text, SVG or an HTML page.
    Timeline(TimelineArgs),
    /// Write the coded events as an event table (CSV, TSV, JSON, PLOVER JSON), in
    /// ICEWS's or POLECAT's columns too, or counted per dyad and period.
    Events(crate::events_cli::EventsArgs),
    /// Draw an entity's neighbourhood: the resources linked to it, as DOT, SVG or Mermaid.
    Graph(GraphArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `dipkg man > ~/.local/share/man/man1/dipkg.1`.
    Man,
    /// Load big RDF files (.gz, .bz2, .zst too, or - for standard input) into the --store, all or nothing.
    Load(crate::disk_cli::LoadArgs),
    /// Count statements, graphs, distinct subjects, predicates, objects and classes, per graph and per class.
    Stats(crate::disk_cli::StatsArgs),
    /// Stream the --store (or the in-memory dataset) out as RDF, without holding it in memory.
    Dump(crate::disk_cli::DumpArgs),
    /// Compact the --store for reading (worth it after big loads).
    Optimize,
    /// Copy the --store into a new folder (hard links where it can), a store that opens on its own.
    Backup(crate::disk_cli::BackupArgs),
    /// List the sources the graph describes, with their citations and facts; `sources add` registers one.
    Sources(crate::grow_cli::SourcesArgs),
    /// Cite exact words of a source: a Web Annotation with position and quote selectors.
    Cite(crate::grow_cli::CiteArgs),
    /// Propose cited candidate statements from texts in English, Russian, Kyrgyz or Turkish.
    Extract(crate::grow_cli::ExtractArgs),
    /// Move reviewed candidates into a data file, with who accepted them and when.
    Accept(crate::grow_cli::AcceptArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Leave out events that end before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<PartialDate>,
    /// Leave out events that start after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<PartialDate>,
    /// Only events involving this entity: an IRI, a prefixed name (state:turkey)
    /// or a name in any language.
    #[arg(long, value_name = "IRI|NAME")]
    pub entity: Option<String>,
    /// text: one line per event (coloured on a terminal unless NO_COLOR is set;
    /// as wide as COLUMNS or the terminal); svg: the picture; html: a standalone page.
    #[arg(short, long, value_enum, default_value_t = TimelineFormat::Text)]
    pub format: TimelineFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Where links to resources point: dipkg IRIs become BASE + id/…
    /// (e.g. / for a served site); the default keeps the IRIs.
    #[arg(long, value_name = "BASE", default_value = picture::IRI_ROOT)]
    pub link_base: String,
}

/// Formats of `dipkg timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    Text,
    Svg,
    Html,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The entity: an IRI, a prefixed name (person:erdogan) or a name in any language.
    #[arg(value_name = "ENTITY")]
    pub entity: String,
    /// How many links away from the entity to go.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub depth: u8,
    /// dot (Graphviz), svg (laid out in-process), or mermaid.
    #[arg(short, long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Where links to resources point: dipkg IRIs become BASE + id/…
    #[arg(long, value_name = "BASE", default_value = picture::IRI_ROOT)]
    pub link_base: String,
}

/// Formats of `dipkg graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Svg,
    Mermaid,
}

/// Entailment rules for --infer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Infer {
    /// Subclass, subproperty, domain and range.
    Rdfs,
    /// RDFS plus equivalent classes and properties, inverse, symmetric and
    /// transitive properties, and owl:sameAs both ways.
    OwlRl,
}

/// Which triples `export --infer` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Inferred {
    /// Only the inferred graph.
    Only,
    /// The dataset and the inferred graph.
    With,
    /// The dataset without what was inferred.
    Without,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// SHACL shapes file (repeatable); default: the shipped ontology/shapes.ttl.
    #[arg(long, value_name = "FILE")]
    pub shapes: Vec<PathBuf>,
    /// Report format: text (grouped by focus node), turtle (a sh:ValidationReport) or json.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Materialise these entailments before validating.
    #[arg(long, value_enum, value_name = "RULES")]
    pub infer: Option<Infer>,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `dipkg validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Turtle,
    Json,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Saved query name (see `dipkg queries`), a .rq file, or - for standard input.
    #[arg(
        value_name = "NAME|FILE|-",
        required_unless_present = "sparql",
        conflicts_with = "sparql"
    )]
    pub query: Option<String>,
    /// Run this SPARQL text instead of a saved query.
    #[arg(short = 'e', long, value_name = "TEXT")]
    pub sparql: Option<String>,
    /// A parameter value, NAME=VALUE (repeatable); `dipkg queries` lists each query's parameters.
    #[arg(short, long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// Output format. SELECT/ASK: table (default on a terminal, tsv otherwise), csv, tsv,
    /// json, xml. CONSTRUCT/DESCRIBE: turtle (default), ntriples, nquads, trig, rdfxml, jsonld.
    #[arg(short, long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Materialise these entailments before answering (embedded store only).
    #[arg(long, value_enum, value_name = "RULES", conflicts_with = "endpoint")]
    pub infer: Option<Infer>,
    /// Run the query on this remote SPARQL endpoint instead of the embedded store.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// How to reach a remote server.
#[derive(Debug, Args)]
pub struct RemoteArgs {
    /// Give up after this many seconds: on a whole HTTP exchange (--endpoint, push,
    /// SERVICE, link, compare; default 30) and, for `query` on the embedded store,
    /// on the whole query (default: no limit).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,
    /// Refuse an HTTP answer larger than this many bytes (suffix K, M or G for KiB, MiB, GiB).
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    pub max_response: u64,
    /// User name for HTTP Basic or Digest authentication (with --password-file).
    #[arg(long, value_name = "USER", requires = "password_file")]
    pub user: Option<String>,
    /// File holding the password for --user.
    #[arg(long, value_name = "FILE", requires = "user")]
    pub password_file: Option<PathBuf>,
    /// File holding a bearer token to send instead of a user and password.
    #[arg(long, value_name = "FILE", conflicts_with = "user")]
    pub token_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// SPARQL Update endpoint (used where the server has no Graph Store Protocol).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// SPARQL 1.1 Graph Store Protocol endpoint; each graph is PUT there as ?graph=IRI.
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The other source: an RDF file (.ttl .nt .nq .trig .rdf …, optionally .gz) or a SPARQL endpoint URL.
    #[arg(long, value_name = "SOURCE")]
    pub against: String,
    /// The links file to write (Turtle), e.g. data/links/wikidata.ttl.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The review report (TSV: entity, candidate, score, decision, why); default: FILE with .review.tsv.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write -o and --report even over a file the dataset was loaded from, or one
    /// that `dipkg link` did not write.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The other source: an RDF file (optionally .gz) of Wikidata-style statements or
    /// dkg:Claims, or a SPARQL endpoint URL (statements only).
    #[arg(long, value_name = "SOURCE")]
    pub against: String,
    /// A links file (e.g. from `dipkg link`) to use beside the curated links (repeatable).
    #[arg(long, value_name = "FILE")]
    pub links: Vec<PathBuf>,
    /// Also follow skos:closeMatch links (likely, not sure), curated or from --links.
    #[arg(long)]
    pub include_close: bool,
    /// Write the report (TSV) to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// RDF files or folders; the format follows the extension (.ttl .nt .nq .trig .rdf .owl .jsonld).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// RDF format to write.
    #[arg(short, long, value_enum, default_value_t = RdfOutput::Turtle)]
    pub format: RdfOutput,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "check")]
    pub output: Option<PathBuf>,
    /// Only check the syntax (like riot --validate): exit 1 with FILE:LINE:COLUMN at the first error.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The resource: an IRI, a prefixed name (state:turkey, dkg:Treaty) or a name in any language.
    #[arg(value_name = "NAME|IRI")]
    pub what: String,
    /// The language of labels, where a resource has one in it (en, ky, ru, tr).
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct QueriesArgs {
    /// Print this saved query's text, decorators included, instead of the list.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; loopback by default, so nothing is exposed by accident.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,
    /// The base of the dataset's IRIs: /id/x answers the resource BASE + id/x.
    #[arg(long, value_name = "IRI", default_value = "https://w3id.org/dipkg/")]
    pub base_iri: String,
    /// Stop a query after this many seconds (503).
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Refuse answers with more rows or triples than this (503).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_results: usize,
    /// Refuse request bodies larger than this many bytes (413).
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_body: usize,
    /// Run at most this many queries at once; more get 503.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_queries: usize,
    /// Accept SPARQL Update and Graph Store writes (with the --token-file token).
    #[arg(long, requires = "token_file")]
    pub writable: bool,
    /// File holding the bearer token that writes must send.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Allow requests from pages of other origins (Access-Control-Allow-Origin: *).
    #[arg(long)]
    pub cors: bool,
    /// Answer /id/… with a 303 to the chosen representation instead of a 200.
    #[arg(long)]
    pub see_other: bool,
    /// Let queries' SERVICE call this host (HOST or HOST:PORT; repeatable); none by default,
    /// since any client could otherwise make the server fetch any URL.
    #[arg(long, value_name = "HOST")]
    pub allow_service: Vec<String>,
    /// Log nothing (by default one line per request on standard error).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The folder to write the site into (created if needed; only changed files are rewritten).
    pub dir: PathBuf,
    /// Where the site will be reachable (e.g. https://example.org/dipkg/), for the sitemap,
    /// the dumps' URLs and the w3id.org rules; page links stay relative.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The base of the dataset's IRIs.
    #[arg(long, value_name = "IRI", default_value = "https://w3id.org/dipkg/")]
    pub base_iri: String,
}

#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// RDF format to write.
    #[arg(short, long, value_enum, default_value_t = RdfOutput::Turtle)]
    pub format: RdfOutput,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// RDF format to write.
    #[arg(short, long, value_enum, default_value_t = RdfOutput::Turtle)]
    pub format: RdfOutput,
    /// Export only this named graph (an IRI).
    #[arg(short, long, value_name = "IRI")]
    pub graph: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Materialise these entailments (in the graph https://w3id.org/dipkg/graph/inferred).
    #[arg(long, value_enum, value_name = "RULES")]
    pub infer: Option<Infer>,
    /// With --infer: write only the inferred triples, the data with them (default), or without.
    #[arg(long, value_enum, requires = "infer")]
    pub inferred: Option<Inferred>,
    /// Add the dataset's VoID/DCAT description (see `dipkg describe`) in its own graph.
    #[arg(long)]
    pub with_description: bool,
}

/// Formats of `dipkg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
}

/// Formats of `dipkg export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfOutput {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
}

/// Formats of `dipkg queries`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" => 0,
        "K" | "KIB" => 10,
        "M" | "MIB" => 20,
        "G" | "GIB" => 30,
        _ => {
            return Err(format!(
                "expected a number of bytes with an optional K, M or G, got {text:?}"
            ));
        }
    };
    let n: u64 = digits.parse().map_err(|_| {
        format!("expected a number of bytes with an optional K, M or G, got {text:?}")
    })?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("must be at least 1 byte".to_owned()),
        Some(bytes) => Ok(bytes),
        None => Err(format!("{text} is too large")),
    }
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

pub fn parse_date(text: &str) -> Result<PartialDate, String> {
    PartialDate::parse(text).ok_or_else(|| {
        format!("{text:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2018-09)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn params_need_a_name_and_an_equals_sign() {
        assert_eq!(parse_param("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert!(parse_param("=x").is_err());
        assert!(parse_param("x").is_err());
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12X").is_err());
    }
}
