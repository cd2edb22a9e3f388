//! Golden answers of the saved queries over the shipped data, driven by
//! `tests/golden/manifest.tsv` (query, parameters, expected file). A data change
//! that changes an answer shows up as a diff here. `DIPKG_BLESS=1 cargo test
//! golden` rewrites the expected files; review the diff before committing.

use crate::util::{dipkg, root};
use std::collections::BTreeSet;

pub struct Case {
    pub query: String,
    pub params: Vec<String>,
    pub expected: String,
}

pub fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/golden/manifest.tsv"))
        .expect("tests/golden/manifest.tsv exists");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                cols.len(),
                3,
                "manifest line needs 3 tab-separated columns: {line}"
            );
            Case {
                query: cols[0].to_owned(),
                params: if cols[1] == "-" {
                    Vec::new()
                } else {
                    cols[1].split(' ').map(str::to_owned).collect()
                },
                expected: cols[2].to_owned(),
            }
        })
        .collect()
}

fn format_for(file: &str) -> &'static str {
    match file.rsplit('.').next() {
        Some("csv") => "csv",
        Some("ttl") => "turtle",
        Some("srj") | Some("json") => "json",
        other => panic!("no format for golden file extension {other:?}"),
    }
}

#[test]
fn saved_queries_give_their_golden_answers() {
    let bless = std::env::var("DIPKG_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for case in manifest() {
        let (mut cmd, _dir) = dipkg();
        cmd.args(["query", &case.query, "--format", format_for(&case.expected)]);
        for p in &case.params {
            cmd.args(["--param", p]);
        }
        let out = cmd.output().expect("runs");
        assert!(
            out.status.success(),
            "{} failed: {}",
            case.query,
            String::from_utf8_lossy(&out.stderr)
        );
        let path = root().join("tests/golden").join(&case.expected);
        if bless {
            std::fs::write(&path, &out.stdout).expect("write golden file");
            continue;
        }
        let expected = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run with DIPKG_BLESS=1 to create it)",
                path.display()
            )
        });
        if expected != out.stdout {
            failures.push(format!(
                "{} {:?}: answer differs from {}\n--- expected\n{}\n--- actual\n{}",
                case.query,
                case.params,
                case.expected,
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_saved_query_has_a_golden_answer() {
    let covered: BTreeSet<String> = manifest().into_iter().map(|c| c.query).collect();
    let missing: Vec<String> = dipkg::sparql::catalog::Catalog::shipped()
        .iter()
        .map(|q| q.name.clone())
        .filter(|name| !name.starts_with("checks/") && !covered.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "saved queries without a golden answer: {missing:?}"
    );
}

#[test]
fn every_saved_query_describes_itself() {
    for info in dipkg::sparql::catalog::Catalog::shipped()
        .describe()
        .expect("all parse")
    {
        let summary = info.summary.unwrap_or_default();
        assert!(!summary.is_empty(), "{} has no #+ summary", info.name);
    }
}
