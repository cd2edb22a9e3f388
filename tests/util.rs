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

/// The value of `var`, which names a tool a cross-check needs; without it the
/// test skips, except under CI, where a missing tool fails the test.
pub fn required_tool(var: &str, what: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => Some(value),
        _ => {
            assert!(!in_ci(), "CI must set {var} ({what})");
            eprintln!("skipped: {var} is not set ({what})");
            None
        }
    }
}

/// The Python of the cross-checks, one that has `package`.
pub fn test_python(package: &str) -> Option<String> {
    required_tool("DIPKG_TEST_PYTHON", &format!("a Python with {package}"))
}

/// The base URL of the Virtuoso that `tests/virtuoso/start.sh` started.
pub fn virtuoso() -> Option<String> {
    required_tool(
        "DIPKG_TEST_VIRTUOSO",
        "a Virtuoso started by tests/virtuoso/start.sh",
    )
    .map(|url| url.trim_end_matches('/').to_owned())
}

/// Runs the command, requires success, and returns its standard output.
pub fn success_stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The rows of a SELECT over `dataset`, run through dipkg's own query path.
pub fn select_rows(
    dataset: &dipkg::rdf::store::Dataset,
    text: &str,
) -> Vec<Vec<Option<oxigraph::model::Term>>> {
    let parsed = dipkg::sparql::catalog::SavedQuery::new("test", "test", text.to_owned())
        .parse()
        .expect("parses");
    match dipkg::sparql::query::run(
        dataset,
        &parsed,
        &[],
        oxigraph::sparql::SparqlEvaluator::new(),
    )
    .expect("runs")
    {
        dipkg::sparql::query::Answer::Solutions { rows, .. } => rows,
        other => panic!("not a SELECT: {other:?}"),
    }
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("reads");
                out.insert(path.strip_prefix(dir).expect("inside").to_owned(), bytes);
            }
        }
    }
    out
}

/// Compares `actual` with the file `tests/FOLDER/NAME`, or rewrites it under
/// `DIPKG_BLESS=1` (review the diff).
pub fn golden_file(folder: &str, name: &str, actual: &str) {
    let path = root().join("tests").join(folder).join(name);
    if std::env::var("DIPKG_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with DIPKG_BLESS=1 to create it)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{name} differs from its golden file (DIPKG_BLESS=1 rewrites it; review the diff)\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}
