//! Where output goes: standard output or a file written atomically, and how
//! wide text may be.

use dipkg::output;
use std::io::Write;
use std::path::Path;

/// The width of text output: COLUMNS, else the terminal's, else 100.
pub fn columns() -> usize {
    env_columns().or_else(terminal_columns).unwrap_or(100)
}

/// A positive COLUMNS.
pub fn env_columns() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
}

/// The width of the terminal standard output is, when it is one.
pub fn terminal_columns() -> Option<usize> {
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// Where the HTTP client's warnings go: standard error, as they happen.
pub fn warn() -> dipkg::remote::http::Warn {
    std::sync::Arc::new(|message: &str| eprintln!("dipkg: {message}"))
}

/// Writes output as it is produced: a file atomically (it appears only once
/// complete), or standard output.
pub fn stream(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> dipkg::Result<()>,
) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            let mut file = output::AtomicFile::create(path)?;
            write(&mut file)?;
            file.commit()?;
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut stdout)?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// Writes the finished output at once: a file atomically, or standard output.
pub fn emit(bytes: &[u8], path: Option<&Path>) -> anyhow::Result<()> {
    match path {
        Some(path) => Ok(output::write_file(path, bytes)?),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Whether the error is a reader that went away (`dipkg export | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
