//! Every prefixed name dipkg writes can be pasted into a query: the table and
//! Turtle outputs of every golden case are scanned for `prefix:local` names of
//! the shipped prefixes, and each must parse as a SPARQL term (with the
//! shipped prefixes predeclared, as `dipkg query -e` has them).

use crate::golden::manifest;
use crate::util::dipkg;
use dipkg::rdf::store;
use dipkg::sparql::catalog::SavedQuery;

/// The tokens of `text` that start with one of the shipped prefix names.
fn prefixed_names(text: &str) -> Vec<String> {
    let prefixes = store::shipped_prefixes();
    let names: Vec<String> = prefixes.iter().map(|(n, _)| format!("{n}:")).collect();
    text.split(|c: char| c.is_whitespace())
        .map(|t| t.trim_end_matches([',', ';']))
        .filter(|t| names.iter().any(|n| t.starts_with(n.as_str())))
        // Literals (`Turkey@en`, `"…"^^xsd:date`) are not names.
        .filter(|t| !t.contains('"'))
        .map(str::to_owned)
        .collect()
}

fn parses(name: &str) -> bool {
    SavedQuery::new(
        "name",
        "name",
        format!("SELECT * {{ VALUES ?x {{ {name} }} }}"),
    )
    .with_shipped_prefixes()
    .parse()
    .is_ok()
}

#[test]
fn every_prefixed_name_in_tables_and_turtle_parses_as_sparql() {
    let mut checked = 0;
    let mut bad = Vec::new();
    for case in manifest() {
        let format = if case.expected.ends_with(".ttl") {
            "turtle"
        } else {
            "table"
        };
        let (mut cmd, _dir) = dipkg();
        for data in &case.data {
            cmd.arg("--data")
                .arg(crate::util::root().join("tests/golden").join(data));
        }
        cmd.args(["query", &case.query, "--format", format]);
        for p in &case.params {
            cmd.args(["--param", p]);
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success(), "{} failed", case.query);
        for name in prefixed_names(&String::from_utf8_lossy(&out.stdout)) {
            checked += 1;
            if !parses(&name) {
                bad.push(format!("{} ({format}): {name}", case.query));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} names found: is the scan right?"
    );
    assert!(
        bad.is_empty(),
        "names that do not parse:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_old_slash_names_are_caught() {
    assert!(!parses("dkr:event/world-nomad-games-3"));
    assert!(parses("event:world-nomad-games-3"));
    assert!(parses("dkr:event\\/world-nomad-games-3"));
}
