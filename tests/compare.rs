//! `dipkg compare`: our facts against another source's about the same entities,
//! first the shipped other-sources claims, then the Wikidata-shaped fixture
//! through the curated links.

use crate::util::{dipkg, root};

/// Report rows as (status, entity, property, ours, our source, theirs, their source).
fn report(args: &[&str]) -> Vec<Vec<String>> {
    let (mut cmd, _dir) = dipkg();
    let out = cmd.arg("compare").args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("status\tentity\tproperty\tours\tour source\ttheirs\ttheir source")
    );
    lines
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], entity: &str, property: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[1].ends_with(entity) && r[2].ends_with(property))
        .unwrap_or_else(|| panic!("no row for {entity} {property}: {rows:?}"))
}

#[test]
fn compare_with_the_shipped_claims_reports_both_dates_and_sources() {
    let source = root().join("data/other-sources.trig");
    let rows = report(&["--against", source.to_str().expect("utf-8 path")]);
    let relations = row(
        &rows,
        "event/establishment-of-diplomatic-relations",
        "#date",
    );
    assert_eq!(relations[0], "conflict");
    assert!(relations[3].contains("1991-12-24"), "{relations:?}");
    assert!(relations[4].ends_with("graph/F01"), "{relations:?}");
    assert!(relations[5].contains("1992-01-29"), "{relations:?}");
    assert!(
        relations[6].contains("source/turkish-mfa-relations-page"),
        "{relations:?}"
    );
    let end = row(&rows, "event/official-visit-jeenbekov-2018", "#endDate");
    assert_eq!(end[0], "agree", "{end:?}");
    let term = row(&rows, "office-holding/jeenbekov-president-kg", "#startDate");
    assert_eq!(term[0], "only-theirs", "{term:?}");
    assert!(term[5].contains("2017-11-24"));
    // Every status is one of the four, and every conflict shows both values.
    for r in &rows {
        assert!(
            ["agree", "conflict", "only-ours", "only-theirs"].contains(&r[0].as_str()),
            "{r:?}"
        );
        if r[0] == "conflict" {
            assert!(!r[3].is_empty() && !r[5].is_empty(), "{r:?}");
        }
    }
}

#[test]
fn compare_with_a_wikidata_shaped_source_through_the_links() {
    let source = root().join("tests/link/wikidata-extract.ttl");
    let rows = report(&["--against", source.to_str().expect("utf-8 path")]);
    // Their capital (Q9361) is our Bishkek by the curated link.
    let capital = row(&rows, "state/kyrgyzstan", "#capital");
    assert_eq!(capital[0], "agree", "{capital:?}");
    let country = row(&rows, "place/izmir", "#country");
    assert_eq!(country[0], "agree", "{country:?}");
    // Wikidata-style sources date the coup attempt a day earlier than ours.
    let coup = row(&rows, "event/coup-attempt-2016", "#date");
    assert_eq!(coup[0], "conflict", "{coup:?}");
    assert!(
        coup[3].contains("2016-07-16") && coup[5].contains("2016-07-15"),
        "{coup:?}"
    );
    assert!(coup[6].contains("entity/Q25906338"), "{coup:?}");
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "virtuoso"),
    ignore = "set DIPKG_TEST_VIRTUOSO to a Virtuoso started by tests/virtuoso/start.sh to run it"
)]
fn compare_with_a_virtuoso_endpoint() {
    let Some(base) = crate::util::virtuoso() else {
        return;
    };
    let (mut cmd, dir) = dipkg();
    std::fs::create_dir_all(dir.path().join("src")).expect("folder");
    std::fs::copy(
        root().join("tests/link/wikidata-extract.ttl"),
        dir.path().join("src/compare-fixture.ttl"),
    )
    .expect("copy");
    crate::util::write(dir.path(), "pw", "dba\n");
    cmd.args(["--data", "src", "--no-ontology", "push"])
        .args(["--endpoint", &format!("{base}/sparql-auth")])
        .args(["--graph-store", &format!("{base}/sparql-graph-crud-auth")])
        .args(["--user", "dba", "--password-file", "pw"])
        .assert()
        .success();
    let rows = report(&["--against", &format!("{base}/sparql")]);
    let capital = row(&rows, "state/kyrgyzstan", "#capital");
    assert_eq!(capital[0], "agree", "{capital:?}");
    let coup = row(&rows, "event/coup-attempt-2016", "#date");
    assert_eq!(coup[0], "conflict", "{coup:?}");
    assert!(
        coup[6].contains("/sparql"),
        "their source names the endpoint: {coup:?}"
    );
}

/// Issue 16: compare says on standard error how many links it followed and,
/// when it finds nothing, why; `--include-close` follows skos:closeMatch too.
#[test]
fn compare_says_which_links_it_used_and_why_it_found_nothing() {
    let (mut cmd, dir) = dipkg();
    crate::util::write(
        dir.path(),
        "unrelated.ttl",
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
    );
    let out = cmd
        .args(["compare", "--against", "unrelated.ttl"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("curated schema:sameAs") && stderr.contains("0 rows; nothing to compare"),
        "{stderr}"
    );
    assert!(
        stderr.contains("says nothing about the IRIs our links point to"),
        "{stderr}"
    );
    // A closeMatch link is followed only when asked.
    crate::util::write(
        dir.path(),
        "close.ttl",
        "<https://w3id.org/dipkg/id/event/coup-attempt-2016> <http://www.w3.org/2004/02/skos/core#closeMatch> <http://example.org/coup> .\n",
    );
    crate::util::write(
        dir.path(),
        "source.ttl",
        "<http://example.org/coup> <http://www.wikidata.org/prop/direct/P585> \"2016-07-15\"^^<http://www.w3.org/2001/XMLSchema#date> .\n",
    );
    let run = |close: bool| {
        let mut cmd = crate::util::dipkg_in(dir.path());
        cmd.args(["compare", "--against", "source.ttl", "--links", "close.ttl"]);
        if close {
            cmd.arg("--include-close");
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success());
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (stdout, stderr) = run(false);
    assert!(!stdout.contains("example.org/coup"), "{stdout}");
    assert!(
        stderr.contains("1 skos:closeMatch links not used (--include-close uses them)"),
        "{stderr}"
    );
    let (stdout, stderr) = run(true);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("conflict") && l.contains("example.org/coup")),
        "{stdout}"
    );
    assert!(stderr.contains("1 skos:closeMatch)"), "{stderr}");
}
