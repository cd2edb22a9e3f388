//! Writing output files so that a failure never leaves a half-written one:
//! the bytes go to a temporary file in the same folder, which is then renamed
//! over the target (a rename within one file system is atomic).

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically, creating its folder if needed.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |file| {
        file.write_all(bytes).map_err(|source| Error::WriteFile {
            path: path.to_owned(),
            source,
        })
    })
}

/// Streams output into `path` atomically: `write` fills a temporary file beside
/// it, which replaces `path` only if `write` succeeds.
pub fn write_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> Result<()>,
) -> Result<()> {
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
    let written = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(failed)?;
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &file);
        write(&mut buffered)?;
        buffered.flush().map_err(failed)?;
        drop(buffered);
        file.sync_all().map_err(failed)?;
        std::fs::rename(&temporary, path).map_err(failed)
    })();
    if let Err(error) = written {
        // Best effort: the target is untouched whether or not this succeeds.
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    Ok(())
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
