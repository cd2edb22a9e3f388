//! Writing output files so that a failure never leaves a half-written one:
//! the bytes go to a temporary file in the same folder, which is then renamed
//! over the target (a rename within one file system is atomic).

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically, creating its folder if needed, and
/// waits until they are on disk.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write(path, bytes, true)
}

/// Like [`write_file`], without waiting for the disk: for the many files of a
/// site, which a crash leaves old or new, never half-written, though perhaps
/// empty after a power cut (publish again).
pub fn write_file_unsynced(path: &Path, bytes: &[u8]) -> Result<()> {
    write(path, bytes, false)
}

fn write(path: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|source| Error::WriteFile {
        path: path.to_owned(),
        source,
    })?;
    file.finish(sync)
}

/// A file written in pieces that appears at its path only once complete:
/// the bytes go to a temporary file beside it, renamed over the target by
/// [`AtomicFile::commit`]; dropped without committing, it leaves no trace.
pub struct AtomicFile {
    path: PathBuf,
    temporary: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Starts writing `path`, creating its folder if needed.
    pub fn create(path: &Path) -> Result<Self> {
        let failed = |source| Error::WriteFile {
            path: path.to_owned(),
            source,
        };
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).map_err(failed)?;
        let temporary = temporary_path(path, folder);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(failed)?;
        unfinished().push(temporary.clone());
        Ok(Self {
            path: path.to_owned(),
            temporary,
            file: Some(std::io::BufWriter::new(file)),
        })
    }

    /// Finishes the file, waits until it is on disk, and puts it in place of the target.
    pub fn commit(self) -> Result<()> {
        self.finish(true)
    }

    /// Finishes the file, on disk first if `sync`, and puts it in place of the target.
    fn finish(mut self, sync: bool) -> Result<()> {
        let failed = |source| Error::WriteFile {
            path: self.path.clone(),
            source,
        };
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        unfinished().retain(|t| *t != self.temporary);
        let done = (|| {
            let file = file
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            if sync {
                file.sync_all()?;
            }
            std::fs::rename(&self.temporary, &self.path)
        })();
        if let Err(error) = done {
            let _ = std::fs::remove_file(&self.temporary);
            return Err(failed(error));
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(bytes),
            None => Ok(0),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            // Not committed: the target keeps its old content.
            let _ = std::fs::remove_file(&self.temporary);
            unfinished().retain(|t| *t != self.temporary);
        }
    }
}

/// The temporary files of the files being written now.
fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    static FILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    FILES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes the temporary files of every file still being written, for a
/// process about to end at once (a query past its `--timeout`): their targets
/// keep their old content and no temporary is left behind.
pub fn remove_unfinished() {
    for temporary in unfinished().drain(..) {
        let _ = std::fs::remove_file(temporary);
    }
}

/// A name beside `path` that no other writer uses at the same time.
fn temporary_path(path: &Path, folder: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    folder.join(format!(".{name}.{}-{nanos}.dipkg-tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("dipkg-output-{}", std::process::id()));
        let path = dir.join("sub/out.ttl");
        write_file(&path, b"first").expect("writes");
        write_file(&path, b"second").expect("rewrites");
        assert_eq!(std::fs::read(&path).expect("reads"), b"second");
        let left: Vec<_> = std::fs::read_dir(dir.join("sub")).expect("lists").collect();
        assert_eq!(left.len(), 1, "only the target remains");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = std::env::temp_dir().join(format!("dipkg-output-fail-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("creates");
        // A folder where the file should go: the rename fails, nothing is lost.
        let path = dir.join("taken");
        std::fs::create_dir_all(path.join("inside")).expect("creates");
        assert!(write_file(&path, b"x").is_err());
        assert!(path.join("inside").is_dir());
        let left = std::fs::read_dir(&dir).expect("lists").count();
        assert_eq!(left, 1, "no temporary file left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
