//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The source text, when `../shared` sits beside the checkout (it does in CI).
pub fn source_text() -> Option<String> {
    std::fs::read_to_string(root().join("../shared/source/political-collaboration.txt")).ok()
}

/// A file of `../shared/reference`, when present.
pub fn reference(name: &str) -> Option<String> {
    std::fs::read_to_string(root().join("../shared/reference").join(name)).ok()
}

/// Whether this run must not skip cross-checks for want of a tool (CI sets CI=true).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

/// The real binary, run in `dir` with an environment free of dipkg settings.
pub fn dipkg_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dipkg").expect("binary built by cargo test");
    cmd.current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("DIPKG_") || key == "NO_COLOR" {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// A temporary directory that lives as long as the value.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Runs the binary in a fresh temporary directory, so nothing depends on the checkout.
pub fn dipkg() -> (Command, tempfile::TempDir) {
    let dir = tempdir();
    (dipkg_in(dir.path()), dir)
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create fixture folder");
    }
    std::fs::write(&path, text).expect("write fixture");
    path
}
