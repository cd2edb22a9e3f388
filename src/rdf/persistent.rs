//! The persistent store of `--store DIR`: Oxigraph on RocksDB, behind the
//! cargo feature `rocksdb` so the default build stays pure Rust.
//!
//! Who may touch a store at once is decided by an advisory lock of our own,
//! `DIR/dipkg.lock` (`flock`): readers share it, a writer (`load`, `optimize`,
//! `serve --writable`) holds it alone for its whole run. RocksDB's own `LOCK`
//! admits one read-write process and says nothing to a read-only one, and
//! Oxigraph calls reading while another process writes undefined behaviour;
//! our lock turns both into a clear message instead. The lock lives as long as
//! the process holds the [`StoreLock`], and the kernel drops it when the process
//! dies, even by `kill -9`.
//!
//! Loading relies on Oxigraph 0.5's bulk loader being atomic: it writes sorted
//! files (`bulk-*.sst`) beside the database and ingests them all at once, in one
//! RocksDB `IngestExternalFiles` call recorded in the manifest, on commit. A load
//! that fails or dies before that call has changed nothing; its leftover
//! `bulk-*.sst` files are removed by the next writer.

use crate::error::{Error, Result};
use oxigraph::store::Store;
use std::fs::{self, File, OpenOptions};
use std::path::Path;

/// The name of dipkg's lock file inside a store folder.
pub const LOCK_FILE: &str = "dipkg.lock";

/// What to say when a build without the `rocksdb` feature is given `--store`.
pub const NO_ROCKSDB: &str = "--store needs the persistent store (RocksDB), which this build of dipkg leaves out: rebuild it with `cargo install --locked --path . --features rocksdb` (RocksDB compiles from C++ and needs `apt-get install libclang-dev`)";

/// Whether this build has the persistent store.
pub const AVAILABLE: bool = cfg!(feature = "rocksdb");

/// A held lock on a store folder: shared for readers, exclusive for a writer.
#[derive(Debug)]
pub struct StoreLock {
    _file: Option<File>,
}

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read only; other readers may share the store, writers wait.
    Read,
    /// Read and write, alone; creates the store if needed.
    Write,
}

/// Takes dipkg's lock on the store folder `dir`, without waiting.
pub fn lock(dir: &Path, access: Access) -> Result<StoreLock> {
    let path = dir.join(LOCK_FILE);
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(file) => file,
        // A store on a read-only medium: nobody can write it, so nobody needs the lock.
        Err(e) if access == Access::Read && e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Ok(StoreLock { _file: None });
        }
        Err(source) => return Err(Error::Io { path, source }),
    };
    let operation = match access {
        Access::Read => libc::LOCK_SH,
        Access::Write => libc::LOCK_EX,
    } | libc::LOCK_NB;
    // SAFETY: flock on a file descriptor this function owns; no memory is involved.
    let status = unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&file), operation) };
    if status != 0 {
        let error = std::io::Error::last_os_error();
        if error.kind() == std::io::ErrorKind::WouldBlock {
            let message = match access {
                Access::Read => {
                    "another process is writing it (a `dipkg load`, `optimize` or `serve --writable`); try again when it has finished"
                }
                Access::Write => {
                    "another process is using it (a load, or a reader such as `dipkg serve`); try again when it has finished"
                }
            };
            return Err(Error::StoreBusy {
                lock: path,
                message: message.to_owned(),
            });
        }
        return Err(Error::Io {
            path,
            source: error,
        });
    }
    Ok(StoreLock { _file: Some(file) })
}

/// Opens the store in `dir` (a read-write open creates it), holding dipkg's lock.
pub fn open(dir: &Path, access: Access) -> Result<(Store, StoreLock)> {
    if !AVAILABLE {
        return Err(Error::Usage(NO_ROCKSDB.to_owned()));
    }
    match access {
        Access::Read => {
            if !dir.join("CURRENT").is_file() {
                return Err(Error::Data(format!(
                    "{}: no store there; make one with `dipkg load --shipped --store {}` (or load your files into it)",
                    dir.display(),
                    dir.display()
                )));
            }
        }
        Access::Write => fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?,
    }
    let lock = lock(dir, access)?;
    let store = open_rocksdb(dir, access).map_err(|e| storage_error(dir, e))?;
    if access == Access::Write {
        remove_leftovers(dir)?;
    }
    Ok((store, lock))
}

/// Copies the store into the new folder `target` (hard links where it can:
/// RocksDB's checkpoint), a store that opens on its own.
pub fn backup(dir: &Path, target: &Path) -> Result<()> {
    if target.exists() {
        return Err(Error::Usage(format!(
            "{} exists already: a backup goes into a new folder",
            target.display()
        )));
    }
    let (store, _lock) = open(dir, Access::Read)?;
    backup_rocksdb(&store, target).map_err(|e| storage_error(dir, e))
}

/// Compacts the store for reading (worth it after big loads).
pub fn optimize(dir: &Path) -> Result<()> {
    let (store, _lock) = open(dir, Access::Write)?;
    optimize_rocksdb(&store).map_err(|e| storage_error(dir, e))
}

/// Removes the sorted files of a bulk load that died before its commit.
fn remove_leftovers(dir: &Path) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            fs::remove_file(entry.path()).map_err(|source| Error::Io {
                path: entry.path(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Says which store failed, and turns RocksDB's lock refusal into words.
fn storage_error(dir: &Path, error: oxigraph::store::StorageError) -> Error {
    let message = error.to_string();
    if message.contains("LOCK") || message.to_ascii_lowercase().contains("lock hold") {
        return Error::StoreBusy {
            lock: dir.join("LOCK"),
            message: format!(
                "another process (not dipkg, e.g. `oxigraph serve`) has the store open for writing ({message}); stop it first"
            ),
        };
    }
    Error::Data(format!("store {}: {message}", dir.display()))
}

#[cfg(feature = "rocksdb")]
fn open_rocksdb(dir: &Path, access: Access) -> Result<Store, oxigraph::store::StorageError> {
    match access {
        Access::Read => Store::open_read_only(dir),
        Access::Write => Store::open(dir),
    }
}

#[cfg(not(feature = "rocksdb"))]
fn open_rocksdb(_: &Path, _: Access) -> Result<Store, oxigraph::store::StorageError> {
    Err(oxigraph::store::StorageError::Other(NO_ROCKSDB.into()))
}

/// Writes what is in memory to the store's files.
pub fn flush(store: &Store, dir: &Path) -> Result<()> {
    flush_rocksdb(store).map_err(|e| storage_error(dir, e))
}

#[cfg(feature = "rocksdb")]
fn flush_rocksdb(store: &Store) -> Result<(), oxigraph::store::StorageError> {
    store.flush()
}

#[cfg(not(feature = "rocksdb"))]
fn flush_rocksdb(_: &Store) -> Result<(), oxigraph::store::StorageError> {
    Err(oxigraph::store::StorageError::Other(NO_ROCKSDB.into()))
}

#[cfg(feature = "rocksdb")]
fn backup_rocksdb(store: &Store, target: &Path) -> Result<(), oxigraph::store::StorageError> {
    store.backup(target)
}

#[cfg(not(feature = "rocksdb"))]
fn backup_rocksdb(_: &Store, _: &Path) -> Result<(), oxigraph::store::StorageError> {
    Err(oxigraph::store::StorageError::Other(NO_ROCKSDB.into()))
}

#[cfg(feature = "rocksdb")]
fn optimize_rocksdb(store: &Store) -> Result<(), oxigraph::store::StorageError> {
    store.optimize()
}

#[cfg(not(feature = "rocksdb"))]
fn optimize_rocksdb(_: &Store) -> Result<(), oxigraph::store::StorageError> {
    Err(oxigraph::store::StorageError::Other(NO_ROCKSDB.into()))
}

/// Streams the store (or one graph of it) to `writer` without holding it in
/// memory: quad formats keep the graphs, triple formats get their union (a
/// triple stated in two graphs is written twice) or the one graph asked for.
pub fn dump<W: std::io::Write>(
    store: &Store,
    format: oxigraph::io::RdfFormat,
    graph: Option<&oxigraph::model::NamedNode>,
    writer: W,
) -> Result<W> {
    let write = |e: std::io::Error| Error::Write(e);
    match graph {
        Some(graph) => {
            if !store.contains_named_graph(graph)? {
                return Err(Error::Usage(format!(
                    "no graph <{}> in the store; `dipkg stats` lists the graphs",
                    graph.as_str()
                )));
            }
            store
                .dump_graph_to_writer(graph, format, writer)
                .map_err(serializer_error)
        }
        None if format.supports_datasets() => store
            .dump_to_writer(format, writer)
            .map_err(serializer_error),
        None => {
            let mut serializer =
                oxigraph::io::RdfSerializer::from_format(format).for_writer(writer);
            for quad in store.iter() {
                let quad = quad?;
                serializer
                    .serialize_triple(oxigraph::model::TripleRef::new(
                        &quad.subject,
                        &quad.predicate,
                        &quad.object,
                    ))
                    .map_err(write)?;
            }
            serializer.finish().map_err(write)
        }
    }
}

fn serializer_error(error: oxigraph::store::SerializerError) -> Error {
    match error {
        oxigraph::store::SerializerError::Io(e) => Error::Write(e),
        oxigraph::store::SerializerError::Storage(e) => Error::Storage(e),
        other => Error::Internal(other.to_string()),
    }
}
