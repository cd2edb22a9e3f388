//! Typed errors of the library. Each variant carries what a person needs to fix
//! the problem: the file and position of bad data, the saved query's name and the
//! position of a SPARQL error, the parameter and the type it wanted.

use std::path::PathBuf;

/// Everything that can go wrong in dipkg's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An RDF file could not be parsed.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file, as the user named it.
        path: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// What the parser expected or found.
        message: String,
    },
    /// An RDF file had a problem without a known position.
    #[error("{path}: {message}")]
    BadFile {
        /// The file, as the user named it.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A file's extension names no RDF format dipkg reads.
    #[error(
        "{path}: unknown RDF format ({}); use .ttl, .nt, .nq, .trig, .rdf, .owl or .jsonld",
        if .extension.is_empty() { "no extension".to_owned() } else { format!("extension .{extension}") }
    )]
    UnknownFormat {
        /// The file.
        path: String,
        /// Its extension.
        extension: String,
    },
    /// A file or folder could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A SPARQL query did not parse.
    #[error("query {name}: SPARQL syntax error: {message}")]
    QuerySyntax {
        /// The saved query's name, the file, or `-` / `--sparql`.
        name: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A saved query's `#+` header (grlc decorators) is not usable.
    #[error("query {name}: bad #+ header (grlc decorators): {message}")]
    QueryHeader {
        /// The saved query's name.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// No saved query has that name.
    #[error("no saved query named {name:?}{}", suggest(.suggestions))]
    UnknownQuery {
        /// The name asked for.
        name: String,
        /// The closest existing names.
        suggestions: Vec<String>,
    },
    /// A parameter problem: missing, unknown, or a value of the wrong type.
    #[error("query {query}: {message}")]
    Parameter {
        /// The saved query's name.
        query: String,
        /// What is wrong, naming the parameter and its expected type.
        message: String,
    },
    /// Evaluating a query failed.
    #[error("query {name}: {message}")]
    Evaluation {
        /// The query's name.
        name: String,
        /// The evaluator's message.
        message: String,
    },
    /// The store failed.
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// A shapes graph that dipkg cannot use: a malformed or unsupported shape.
    #[error("shapes: {shape}: {message}")]
    Shapes {
        /// The shape (or shapes file) at fault.
        shape: String,
        /// What is wrong with it.
        message: String,
    },
    /// A remote SPARQL server or HTTP exchange failed.
    #[error("{url}: {message}")]
    Remote {
        /// The URL that was asked.
        url: String,
        /// What went wrong, and what to check.
        message: String,
    },
    /// `push` stopped at a graph; says what state every graph is in.
    #[error(
        "push stopped at graph {graph}: {message}. {graph}: {}. Replaced: {}. Not touched: {}",
        if *.uncertain { "unknown (no answer came back; the server may or may not have replaced it)" } else { "not changed (its one request failed)" },
        list(.updated),
        list(.untouched)
    )]
    Push {
        /// The graph whose request failed.
        graph: String,
        /// Why it failed.
        message: String,
        /// Whether the failed request may have been applied (no answer came back).
        uncertain: bool,
        /// Graphs replaced before it, in order.
        updated: Vec<String>,
        /// Graphs after it, not sent.
        untouched: Vec<String>,
    },
    /// A bad argument that is not about a file or a query (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The data cannot be used as asked (a statement no server can take, a bad
    /// language tag in a source), though every file parsed.
    #[error("{0}")]
    Data(String),
    /// Writing output failed.
    #[error("cannot write the output")]
    Write(#[source] std::io::Error),
    /// A file could not be written.
    #[error("cannot write {}", path.display())]
    WriteFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The server could not listen or stopped with an error.
    #[error("cannot serve on {address}")]
    Serve {
        /// The address it was to listen on.
        address: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An output would overwrite data that is not dipkg's to replace.
    #[error("refusing to overwrite {}: {reason}; choose another file, or pass --force", path.display())]
    Overwrite {
        /// The file.
        path: PathBuf,
        /// Why it is kept.
        reason: String,
    },
    /// A persistent store is in use by another process.
    #[error("the store is in use (lock {}): {message}", lock.display())]
    StoreBusy {
        /// The lock file that is held.
        lock: PathBuf,
        /// Who holds it and what to do.
        message: String,
    },
    /// A fault of dipkg itself, not of its input.
    #[error("internal error: {0}")]
    Internal(String),
}

fn list(graphs: &[String]) -> String {
    if graphs.is_empty() {
        "none".to_owned()
    } else {
        graphs.join(", ")
    }
}

fn suggest(names: &[String]) -> String {
    if names.is_empty() {
        "; `dipkg queries` lists them".to_owned()
    } else {
        format!("; did you mean {}?", names.join(", "))
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
