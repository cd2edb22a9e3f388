//! Golden answers of the saved queries over the shipped data (or, where the
//! manifest names them, fixture data files instead), driven by
//! `tests/golden/manifest.tsv` (query, parameters, expected file, data). A data
//! change that changes an answer shows up as a diff here. Every case is run
//! three times, without inference and with `--infer rdfs` and `--infer owl-rl`,
//! and must give the same answer each time: entailments (superclasses,
//! inverse links) never change what a saved query answers. `DIPKG_BLESS=1
//! cargo test golden` rewrites the expected files from the run without
//! inference (the inferred runs are still compared); review the diff before
//! committing.

use crate::util::{dipkg, root};
use std::collections::BTreeSet;

pub struct Case {
    pub query: String,
    pub params: Vec<String>,
    pub expected: String,
    /// Data files (under tests/golden/) loaded with `--data` instead of the shipped data.
    pub data: Vec<String>,
}

/// The inference profiles every case runs under: none, then each `--infer` profile.
const PROFILES: [Option<&str>; 3] = [None, Some("rdfs"), Some("owl-rl")];

pub fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/golden/manifest.tsv"))
        .expect("tests/golden/manifest.tsv exists");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(
                cols.len() == 3 || cols.len() == 4,
                "manifest line needs 3 or 4 tab-separated columns: {line}"
            );
            Case {
                query: cols[0].to_owned(),
                params: if cols[1] == "-" {
                    Vec::new()
                } else {
                    cols[1].split(' ').map(str::to_owned).collect()
                },
                expected: cols[2].to_owned(),
                data: match cols.get(3) {
                    None | Some(&"-") => Vec::new(),
                    Some(files) => files.split(' ').map(str::to_owned).collect(),
                },
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
    let mut runs = 0;
    for case in manifest() {
        let path = root().join("tests/golden").join(&case.expected);
        for profile in PROFILES {
            let (mut cmd, _dir) = dipkg();
            cmd.args(["query", &case.query, "--format", format_for(&case.expected)]);
            for p in &case.params {
                cmd.args(["--param", p]);
            }
            for file in &case.data {
                cmd.arg("--data")
                    .arg(root().join("tests/golden").join(file));
            }
            if let Some(rules) = profile {
                cmd.args(["--infer", rules]);
            }
            let out = cmd.output().expect("runs");
            assert!(
                out.status.success(),
                "{} {profile:?} failed: {}",
                case.query,
                String::from_utf8_lossy(&out.stderr)
            );
            runs += 1;
            if bless && profile.is_none() {
                std::fs::write(&path, &out.stdout).expect("write golden file");
            }
            let expected = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (run with DIPKG_BLESS=1 to create it)",
                    path.display()
                )
            });
            if expected != out.stdout {
                failures.push(format!(
                    "{} {:?} (inference: {}): answer differs from {}\n--- expected\n{}\n--- actual\n{}",
                    case.query,
                    case.params,
                    profile.unwrap_or("none"),
                    case.expected,
                    String::from_utf8_lossy(&expected),
                    String::from_utf8_lossy(&out.stdout)
                ));
            }
        }
    }
    eprintln!("golden: {runs} runs ({} profiles per case)", PROFILES.len());
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
