//! `dipkg load`: big files into a store with Oxigraph's bulk loader, all or
//! nothing.
//!
//! Each input is parsed on its own thread (several files at once), decompressed
//! on the way (`.gz`, `.bz2`, `.zst`) or read from standard input, and its quads
//! flow in small chunks to the one bulk loader of the whole load, which sorts
//! them into files and ingests them in a single step on commit. A syntax error,
//! a truncated archive or a full disk stops the load before that step, so the
//! store keeps exactly what it had (see [`crate::rdf::persistent`]); with
//! `lenient`, bad statements are skipped and counted instead.
//!
//! Triples go into the graph the in-memory loader gives their file
//! ([`crate::rdf::store::graph_for_path`] of its name without the compression
//! suffix), or the one asked for; quads keep their own graph.

use crate::error::{Error, Result};
use crate::rdf::persistent::{self, Access};
use crate::rdf::read;
use crate::rdf::store::{self, Document};
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{GraphName, Quad};
use oxigraph::store::Store;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many bad statements a lenient load keeps the messages of.
pub const FIRST_SKIPPED: usize = 5;

/// Quads a parser hands over at a time.
const CHUNK: usize = 8192;

/// What to load and how.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Put triples (and the default graph of quad files) into this graph
    /// instead of the one named after the file: a named graph, or the default graph.
    pub graph: Option<GraphName>,
    /// The format of every input, overriding extensions; needed for standard input.
    pub format: Option<RdfFormat>,
    /// Skip bad statements (and relax IRI and language-tag checks) instead of failing.
    pub lenient: bool,
    /// Load the shipped ontology and data too, graphs named as in memory.
    pub shipped: bool,
    /// A rough memory budget of the loader's batches, in megabytes.
    pub max_memory_mb: Option<usize>,
}

/// Where a load stands, for a progress display.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Bytes read from the inputs (compressed bytes for compressed files).
    pub bytes_read: u64,
    /// All the inputs' bytes, when known (not for standard input).
    pub bytes_total: Option<u64>,
    /// Statements parsed so far.
    pub quads: u64,
    /// Time since the load started.
    pub elapsed: Duration,
}

/// What a finished load did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Inputs loaded (files, standard input, shipped documents).
    pub inputs: usize,
    /// Statements loaded (duplicates counted as often as they occur).
    pub quads: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Bad statements skipped by a lenient load.
    pub skipped: u64,
    /// The first few of them, as `file:line:column: message`.
    pub first_skipped: Vec<String>,
    /// How long it took.
    pub elapsed: Duration,
}

/// One input of a load.
enum Source {
    File(PathBuf),
    Shipped(Document),
}

impl Source {
    fn display(&self) -> String {
        match self {
            Source::File(p) if p.as_os_str() == "-" => "standard input".to_owned(),
            Source::File(p) => p.display().to_string(),
            Source::Shipped(d) => d.display.clone(),
        }
    }
}

/// State shared by the parser threads and the loading thread.
#[derive(Default)]
struct Shared {
    next: AtomicUsize,
    bytes: AtomicU64,
    quads: AtomicU64,
    skipped: AtomicU64,
    first_skipped: Mutex<Vec<String>>,
    stop: AtomicBool,
}

enum Message {
    Quads(Vec<Quad>),
    Failed(Error),
}

/// Loads `files` (`-` is standard input) into the store in `dir`, creating it if
/// needed, all or nothing; `progress` is called now and then on this thread.
pub fn load(
    dir: &Path,
    files: &[PathBuf],
    options: &LoadOptions,
    progress: &dyn Fn(&Progress),
) -> Result<Report> {
    let sources = sources(files, options)?;
    let (store, _lock) = persistent::open(dir, Access::Write)?;
    let report = load_sources(&store, sources, options, progress)?;
    // The derived statements went through the write-ahead log; a backup taken
    // from a read-only opening would miss them until RocksDB flushed.
    persistent::flush(&store, dir)?;
    Ok(report)
}

/// Loads `files` into any store, in memory or on disk, all or nothing.
pub fn load_into(
    store: &Store,
    files: &[PathBuf],
    options: &LoadOptions,
    progress: &dyn Fn(&Progress),
) -> Result<Report> {
    let sources = sources(files, options)?;
    load_sources(store, sources, options, progress)
}

/// Checks every input before anything is opened for writing.
fn sources(files: &[PathBuf], options: &LoadOptions) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    if options.shipped {
        sources.extend(store::shipped_ontology().into_iter().map(Source::Shipped));
        sources.extend(store::shipped_data().into_iter().map(Source::Shipped));
    }
    let mut stdin = false;
    for file in files {
        if file.as_os_str() == "-" {
            if options.format.is_none() {
                return Err(Error::Usage(
                    "standard input (-) has no extension: give its format with --format".into(),
                ));
            }
            if std::mem::replace(&mut stdin, true) {
                return Err(Error::Usage(
                    "standard input (-) can be read only once".into(),
                ));
            }
        } else {
            let meta = std::fs::metadata(file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            if meta.is_dir() {
                return Err(Error::Usage(format!(
                    "{} is a folder: name its files (e.g. {}/*.nt.gz)",
                    file.display(),
                    file.display()
                )));
            }
            if options.format.is_none() {
                format_of(file)?;
            }
        }
        sources.push(Source::File(file.clone()));
    }
    if sources.is_empty() {
        return Err(Error::Usage(
            "nothing to load: name files (or - for standard input), or give --shipped".into(),
        ));
    }
    Ok(sources)
}

fn format_of(file: &Path) -> Result<RdfFormat> {
    let name = file_name(file);
    read::format_of_name(&name).ok_or_else(|| {
        let inner = read::compression_of(&name).0;
        Error::UnknownFormat {
            path: file.display().to_string(),
            extension: inner
                .rsplit_once('.')
                .map(|(_, e)| e)
                .unwrap_or_default()
                .to_owned(),
        }
    })
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_sources(
    store: &Store,
    sources: Vec<Source>,
    options: &LoadOptions,
    progress: &dyn Fn(&Progress),
) -> Result<Report> {
    let start = Instant::now();
    let bytes_total = sources
        .iter()
        .map(|s| match s {
            Source::File(p) if p.as_os_str() == "-" => None,
            Source::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Source::Shipped(d) => Some(d.bytes.len() as u64),
        })
        .sum::<Option<u64>>();
    let shared = Arc::new(Shared::default());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let workers = sources.len().min((cores / 2).max(1));
    let mut loader = store.bulk_loader();
    if let Some(mb) = options.max_memory_mb {
        loader = loader.with_max_memory_size_in_megabytes(mb.max(1));
    }
    let (sender, receiver) = sync_channel::<Message>(2 * workers);
    let sources = &sources;
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let sender = sender.clone();
            let shared = Arc::clone(&shared);
            scope.spawn(move || {
                loop {
                    let i = shared.next.fetch_add(1, Ordering::SeqCst);
                    let Some(source) = sources.get(i) else { break };
                    if shared.stop.load(Ordering::SeqCst)
                        || !parse(source, options, &shared, &sender)
                    {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let feed = Feed {
            receiver,
            current: Vec::new().into_iter(),
            shared: &shared,
            progress,
            start,
            last: start,
            bytes_total,
        };
        let loaded = loader.load_ok_quads::<Error, Error>(feed);
        if loaded.is_err() {
            shared.stop.store(true, Ordering::SeqCst);
        }
        loaded
    })?;
    loader.commit()?;
    // As loading into memory does: `dkg:statedIn` from the statement level, so
    // the store answers as the in-memory dataset does.
    store::derive_stated_in(store)?;
    let report = Report {
        inputs: sources.len(),
        quads: shared.quads.load(Ordering::SeqCst),
        bytes: shared.bytes.load(Ordering::SeqCst),
        skipped: shared.skipped.load(Ordering::SeqCst),
        first_skipped: shared
            .first_skipped
            .lock()
            .map(|v| v.clone())
            .unwrap_or_default(),
        elapsed: start.elapsed(),
    };
    progress(&Progress {
        bytes_read: report.bytes,
        bytes_total,
        quads: report.quads,
        elapsed: report.elapsed,
    });
    Ok(report)
}

/// The quads of every parser, in the order they arrive, for the bulk loader.
struct Feed<'a> {
    receiver: Receiver<Message>,
    current: std::vec::IntoIter<Quad>,
    shared: &'a Shared,
    progress: &'a dyn Fn(&Progress),
    start: Instant,
    last: Instant,
    bytes_total: Option<u64>,
}

impl Iterator for Feed<'_> {
    type Item = Result<Quad>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(quad) = self.current.next() {
                return Some(Ok(quad));
            }
            match self.receiver.recv() {
                Ok(Message::Quads(quads)) => {
                    self.current = quads.into_iter();
                    if self.last.elapsed() >= Duration::from_millis(100) {
                        self.last = Instant::now();
                        (self.progress)(&Progress {
                            bytes_read: self.shared.bytes.load(Ordering::Relaxed),
                            bytes_total: self.bytes_total,
                            quads: self.shared.quads.load(Ordering::Relaxed),
                            elapsed: self.start.elapsed(),
                        });
                    }
                }
                Ok(Message::Failed(error)) => return Some(Err(error)),
                Err(_) => return None,
            }
        }
    }
}

/// Counts the bytes read from an input.
struct Counting<R> {
    inner: R,
    shared: Arc<Shared>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.shared.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Parses one input into chunks for the loader; false once the load must stop.
fn parse(
    source: &Source,
    options: &LoadOptions,
    shared: &Arc<Shared>,
    sender: &SyncSender<Message>,
) -> bool {
    match parse_source(source, options, shared, sender) {
        Ok(going_on) => going_on,
        Err(error) => {
            shared.stop.store(true, Ordering::SeqCst);
            let _gone = sender.send(Message::Failed(error));
            false
        }
    }
}

fn parse_source(
    source: &Source,
    options: &LoadOptions,
    shared: &Arc<Shared>,
    sender: &SyncSender<Message>,
) -> Result<bool> {
    let display = source.display();
    let (graph_path, format, reader): (String, RdfFormat, Box<dyn Read + Send>) = match source {
        Source::Shipped(document) => {
            shared
                .bytes
                .fetch_add(document.bytes.len() as u64, Ordering::Relaxed);
            (
                document.graph_path.clone(),
                document.format,
                Box::new(std::io::Cursor::new(document.bytes.clone())),
            )
        }
        Source::File(path) if path.as_os_str() == "-" => {
            let format = options
                .format
                .ok_or_else(|| Error::Usage("standard input (-) needs --format".into()))?;
            let counting = Counting {
                inner: std::io::stdin(),
                shared: Arc::clone(shared),
            };
            (
                "stdin".to_owned(),
                format,
                Box::new(std::io::BufReader::with_capacity(1 << 16, counting)),
            )
        }
        Source::File(path) => {
            let name = file_name(path);
            let (inner, compression) = read::compression_of(&name);
            let format = match options.format {
                Some(format) => format,
                None => format_of(path)?,
            };
            let io = |source| Error::Io {
                path: path.clone(),
                source,
            };
            let file = std::fs::File::open(path).map_err(io)?;
            let counting = Counting {
                inner: file,
                shared: Arc::clone(shared),
            };
            let reader = read::decoder(counting, compression).map_err(io)?;
            (inner.to_owned(), format, reader)
        }
    };
    let own = store::graph_for_path(&graph_path);
    // Relative IRIs resolve against the graph they go to, or the file's.
    let base = match &options.graph {
        Some(GraphName::NamedNode(graph)) => graph.as_str(),
        _ => own.as_str(),
    };
    let graph = options.graph.clone().unwrap_or_else(|| own.clone().into());
    let mut parser = RdfParser::from_format(format)
        .with_base_iri(base)
        .map_err(|e| Error::BadFile {
            path: display.clone(),
            message: e.to_string(),
        })?
        .with_default_graph(graph)
        .rename_blank_nodes();
    if options.lenient {
        parser = parser.lenient();
    }
    let mut chunk = Vec::with_capacity(CHUNK);
    for result in parser.for_reader(reader) {
        match result {
            Ok(quad) => {
                chunk.push(quad);
                if chunk.len() >= CHUNK && !send(shared, sender, &mut chunk) {
                    return Ok(false);
                }
            }
            Err(RdfParseError::Syntax(error)) => {
                let error = store::parse_error(&display, error);
                if !options.lenient {
                    return Err(error);
                }
                shared.skipped.fetch_add(1, Ordering::Relaxed);
                if let Ok(mut first) = shared.first_skipped.lock() {
                    if first.len() < FIRST_SKIPPED {
                        first.push(error.to_string());
                    }
                }
            }
            Err(RdfParseError::Io(error)) => {
                return Err(Error::BadFile {
                    path: display,
                    message: format!(
                        "cannot read it to the end ({error}); is it truncated or corrupt?"
                    ),
                });
            }
        }
    }
    Ok(chunk.is_empty() || send(shared, sender, &mut chunk))
}

fn send(shared: &Shared, sender: &SyncSender<Message>, chunk: &mut Vec<Quad>) -> bool {
    if shared.stop.load(Ordering::Relaxed) {
        return false;
    }
    shared
        .quads
        .fetch_add(chunk.len() as u64, Ordering::Relaxed);
    let full = std::mem::replace(chunk, Vec::with_capacity(CHUNK));
    sender.send(Message::Quads(full)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An in-memory store and, with the `rocksdb` feature, one on disk: the
    /// same checks run on both.
    fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
        #[cfg_attr(
            not(feature = "rocksdb"),
            expect(unused_mut, reason = "one store only")
        )]
        let mut stores = vec![(Store::new().expect("in memory"), None)];
        #[cfg(feature = "rocksdb")]
        {
            let dir = tempfile::tempdir().expect("temporary folder");
            stores.push((Store::open(dir.path()).expect("on disk"), Some(dir)));
        }
        stores
    }

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("writes");
        path
    }

    #[test]
    fn a_bad_file_leaves_the_store_unchanged_in_memory_and_on_disk() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let good = file(dir.path(), "good.nt", "<http://e/a> <http://e/p> \"1\" .\n");
        let bad = file(
            dir.path(),
            "bad.ttl",
            "<http://e/b> <http://e/p> \"2\" .\n<http://e/c> <http://e/p> .\n",
        );
        for (store, _dir) in stores() {
            let options = LoadOptions::default();
            load_into(&store, std::slice::from_ref(&good), &options, &|_| {}).expect("loads");
            let error = load_into(&store, &[good.clone(), bad.clone()], &options, &|_| {})
                .expect_err("the second file is bad");
            assert!(
                error.to_string().contains("bad.ttl:2:"),
                "names file and line: {error}"
            );
            assert_eq!(
                store.len().expect("counts"),
                1,
                "nothing of the failed load"
            );
        }
    }

    #[test]
    fn graphs_are_named_as_in_memory_loading_names_them() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let text = "<http://e/a> <http://e/p> \"1\" .\n";
        let plain = file(dir.path(), "events.nt", text);
        for (store, _dir) in stores() {
            let report = load_into(
                &store,
                std::slice::from_ref(&plain),
                &LoadOptions::default(),
                &|_| {},
            )
            .expect("loads");
            assert_eq!(report.quads, 1);
            let graphs: Vec<String> = store
                .named_graphs()
                .map(|g| g.expect("graph").to_string())
                .collect();
            assert_eq!(graphs, ["<https://w3id.org/dipkg/graph/events.nt>"]);
        }
    }
}
