//! `dipkg events`: the event table is well formed in every format (one header
//! row, RFC 4180 CSV, CAMEO codes as strings), its rows are the graph's CAMEO
//! codings as an independent SPARQL query finds them (read back with pandas,
//! as a researcher reads ICEWS and POLECAT files), ICEWS's and POLECAT's
//! columns come first in their column sets, and filters, aggregation and bad
//! input behave.

use crate::util::{dipkg, root, success_stdout, tempdir};
use std::collections::BTreeSet;

fn events(args: &[&str]) -> String {
    let (mut cmd, _dir) = dipkg();
    success_stdout(cmd.arg("events").args(args))
}

/// The CAMEO codings as SPARQL finds them: (coding, code, actor ISO3, recipient ISO3, first day).
const EXPECTED: &str = r#"
SELECT ?coding ?cameo ?actor ?recipient ?start WHERE {
  ?event dkg:cameoCoding ?c .
  ?c dkg:cameoCode/skos:notation ?cameo ;
     dkg:actor/dkg:isoAlpha3 ?actor .
  OPTIONAL { ?c dkg:recipient/dkg:isoAlpha3 ?recipient }
  OPTIONAL { ?event dkg:date|dkg:startDate|(dkg:duringEvent/dkg:startDate) ?d }
  BIND (STR(?c) AS ?coding)
  BIND (IF(datatype(?d) = xsd:date, STR(?d), IF(datatype(?d) = xsd:gYearMonth,
        CONCAT(STR(?d), "-01"), CONCAT(STR(?d), "-01-01"))) AS ?start)
}"#;

fn expected_rows() -> BTreeSet<String> {
    let (mut cmd, _dir) = dipkg();
    let csv = success_stdout(cmd.args(["query", "--format", "csv", "--sparql", EXPECTED]));
    csv.lines().skip(1).map(str::to_owned).collect()
}

#[test]
fn every_coding_is_one_row_under_one_header_in_every_format() {
    let expected = expected_rows();
    assert!(expected.len() >= 12, "{expected:?}");
    let csv = events(&[]);
    assert!(csv.ends_with("\r\n"), "RFC 4180 line ends");
    let header = csv.lines().next().expect("a header");
    assert!(header.starts_with("eventId,codingId,"), "{header}");
    assert_eq!(csv.matches("eventId,codingId").count(), 1, "one header row");
    let tsv = events(&["-f", "tsv"]);
    let rows: Vec<&str> = tsv.lines().skip(1).collect();
    assert_eq!(rows.len(), expected.len());
    let columns = tsv.lines().next().expect("header").split('\t').count();
    assert!(
        rows.iter().all(|r| r.split('\t').count() == columns),
        "a fixed column count"
    );
    assert!(!tsv.contains("None"), "empty cells, never None");
    let jsonl = events(&["-f", "jsonl"]);
    for line in jsonl.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("JSON lines");
        let code = row["cameoCode"].as_str().expect("a string code");
        assert!(code.len() == 3 && code.starts_with('0'), "{code}");
    }
    let json: serde_json::Value = serde_json::from_str(&events(&["-f", "json"])).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(expected.len()));
}

#[test]
fn a_visit_is_the_visitors_042_and_the_hosts_043_from_one_occurrence() {
    let rows = events(&[
        "-f", "tsv", "--dyad", "KGZ,TUR", "--from", "2018-04", "--to", "2018-04",
    ]);
    let header: Vec<&str> = rows.lines().next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let lines: Vec<Vec<&str>> = rows
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(lines.len(), 1, "{rows}");
    let row = &lines[0];
    assert_eq!(row[col("cameoCode")], "042");
    assert_eq!(row[col("ploverType")], "CONSULT");
    assert_eq!(row[col("ploverMode")], "visit");
    assert_eq!(row[col("actorCow")], "703");
    assert_eq!(row[col("actorTitle")], "President of the Kyrgyz Republic");
    assert_eq!(row[col("goldstein")], "1.9");
    assert_eq!(row[col("date")], "2018-04-08/2018-04-11");
    let host = events(&[
        "-f", "tsv", "--dyad", "TUR,KGZ", "--from", "2018-04", "--to", "2018-04",
    ]);
    assert!(
        host.lines().nth(1).is_some_and(|l| l.contains("\t043\t")),
        "{host}"
    );
    // A month stays a month, with the days it covers.
    let month = events(&["-f", "tsv", "--dyad", "TUR,KGZ", "--to", "1992-06"]);
    assert!(
        month.contains("\t1992-04\tmonth\t1992-04-01\t1992-04-30\t"),
        "{month}"
    );
}

#[test]
fn their_columns_come_first_exactly_as_they_name_them() {
    let icews = events(&["--columns", "icews"]);
    assert!(icews.starts_with(
        "Event ID,Event Date,Source Name,Source Sectors,Source Country,Event Text,CAMEO Code,Intensity,Target Name,Target Sectors,Target Country,Story ID,Sentence Number,Publisher,City,District,Province,Country,Latitude,Longitude,eventId,"
    ));
    let polecat = events(&["--columns", "polecat", "-f", "tsv"]);
    let header = polecat.lines().next().expect("header");
    assert!(header.starts_with("Event ID\tEvent Date\tEvent Type\tEvent Mode\tIntensity\tQuad Code\tContexts\tActor Name\tActor Country\tActor COW\t"), "{header}");
    // One record per event: the visit's, with the visitor as actor.
    let visit: Vec<&str> = polecat
        .lines()
        .filter(|l| {
            l.starts_with("https://w3id.org/dipkg/id/event/official-visit-jeenbekov-2018\t")
        })
        .collect();
    assert_eq!(visit.len(), 1, "{polecat}");
    assert!(
        visit[0].contains("\tKyrgyzstan\tKGZ\t703\t"),
        "{}",
        visit[0]
    );
    let plover = events(&["--columns", "plover"]);
    let records: Vec<serde_json::Value> = plover
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    let ids: BTreeSet<&str> = records.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), records.len(), "one record per event");
    let jeenbekov = records
        .iter()
        .find(|r| r["id"] == "https://w3id.org/dipkg/id/event/official-visit-jeenbekov-2018")
        .expect("the visit");
    assert_eq!(jeenbekov["actor"]["code"], "KGZ");
    assert_eq!(jeenbekov["recipient"]["code"], "TUR");
    assert_eq!(jeenbekov["event"], "CONSULT");
    assert_eq!(jeenbekov["mode"], "visit");
}

#[test]
fn aggregation_counts_the_rows_per_dyad_and_period() {
    let rows = events(&["-f", "tsv", "--dyad", "TUR,KGZ"]);
    let n = rows.lines().count() - 1;
    let table = events(&["--aggregate", "dyad-year", "--dyad", "TUR,KGZ"]);
    assert!(table.starts_with(
        "actorName,actorIso3,recipientName,recipientIso3,period,quadClass,events,goldsteinSum\r\n"
    ));
    let counted: usize = table
        .lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .nth(6)
                .and_then(|n| n.parse::<usize>().ok())
                .expect("a count")
        })
        .sum();
    assert_eq!(counted, n);
    assert!(
        table.contains("Turkey,TUR,Kyrgyzstan,KGZ,2018,1,3,5.7\r\n"),
        "{table}"
    );
    let months = events(&["--aggregate", "dyad-month", "--dyad", "TUR,KGZ"]);
    assert!(months.contains(",1992-04,1,1,3.5\r\n"), "{months}");
}

#[test]
fn bad_filters_are_usage_errors_naming_what_exists() {
    for (args, says) in [
        (&["--dyad", "KGZ,TRK"][..], "closest: Turkey, TUR"),
        (&["--dyad", "KGZ"][..], "A,B"),
        (&["--from", "2018", "--to", "1992"][..], "is after"),
        (&["--actor", "Narnia"][..], "names no party"),
        (&["--columns", "gdelt"][..], "possible values"),
    ] {
        let (mut cmd, _dir) = dipkg();
        let out = cmd.arg("events").args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with pandas (README: Two commands) to run it"
)]
fn pandas_reads_every_format_as_sparql_answers() {
    let Some(python) = crate::util::test_python("pandas") else {
        return;
    };
    let dir = tempdir();
    let write = |name: &str, args: &[&str]| {
        std::fs::write(dir.path().join(name), events(args)).expect("writes");
    };
    write("events.csv", &[]);
    write("events.tsv", &["-f", "tsv"]);
    write("events.json", &["-f", "json"]);
    write("events.jsonl", &["-f", "jsonl"]);
    write("icews.csv", &["--columns", "icews"]);
    write("polecat.tsv", &["--columns", "polecat", "-f", "tsv"]);
    let (mut cmd, _cwd) = dipkg();
    let expected = success_stdout(cmd.args(["query", "--format", "csv", "--sparql", EXPECTED]));
    std::fs::write(dir.path().join("expected.csv"), expected).expect("writes");
    let out = std::process::Command::new(&python)
        .arg(root().join("tests/events_crosscheck.py"))
        .arg(dir.path())
        .output()
        .expect("python runs");
    if out.status.code() == Some(3) {
        assert!(!crate::util::in_ci(), "CI needs pandas");
        eprintln!("skipped: pandas is missing");
        return;
    }
    assert!(
        out.status.success(),
        "pandas: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(answer["rows"].as_u64().expect("rows") >= 12, "{answer}");
}

#[test]
fn against_an_icews_or_polecat_file_says_which_events_it_has() {
    let dir = root().join("tests/events");
    let icews = events(&[
        "-f",
        "tsv",
        "--against",
        dir.join("icews-sample.tab").to_str().expect("path"),
    ]);
    let matched: Vec<&str> = icews.lines().filter(|l| l.contains("\ttrue\t")).collect();
    // The 042 on its day, and the 043 of a file that wrote m/d/Y and lost the zero.
    assert_eq!(matched.len(), 2, "{icews}");
    assert!(
        matched
            .iter()
            .any(|l| l.contains("#cameo-042-kg-tr\t") && l.ends_with("\t9001"))
    );
    assert!(
        matched
            .iter()
            .any(|l| l.contains("#cameo-043-tr-kg\t") && l.ends_with("\t9002"))
    );
    assert!(
        !icews.contains("9003") && !icews.contains("9004"),
        "outside our days, another dyad"
    );
    let polecat = events(&[
        "-f",
        "tsv",
        "--against",
        dir.join("polecat-sample.tsv").to_str().expect("path"),
    ]);
    let erdogan = polecat
        .lines()
        .find(|l| l.starts_with("https://w3id.org/dipkg/id/event/official-visit-erdogan-2018\t"))
        .expect("the visit");
    assert!(erdogan.ends_with("\ttrue\tpc-1"), "{erdogan}");
    assert!(!polecat.contains("pc-2"), "a SUPPORT is no CONSULT");
    let (mut cmd, _dir) = dipkg();
    let out = cmd
        .args(["events", "--against"])
        .arg(dir.join("not-an-event-file.tsv"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ICEWS needs the columns") && err.contains("its header has id, when, who"),
        "{err}"
    );
}

/// The counts of the `data-events` bars of an SVG picture, by (period, quad class).
fn bars(svg: &str) -> Vec<(String, String, usize)> {
    svg.split("<rect class=\"dk-bar\" ")
        .skip(1)
        .map(|bar| {
            let attr = |name: &str| {
                let start = bar.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                bar[start..start + bar[start..].find('"').expect("quote")].to_owned()
            };
            (
                attr("data-period"),
                attr("data-quad"),
                attr("data-events").parse().expect("a count"),
            )
        })
        .collect()
}

#[test]
fn the_picture_draws_the_dyad_year_counts_and_nothing_else() {
    let rows = events(&["-f", "tsv"]).lines().count() - 1;
    let svg = events(&["-f", "svg"]);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    let drawn = bars(&svg);
    assert_eq!(drawn.iter().map(|b| b.2).sum::<usize>(), rows, "{svg}");
    // Every bar is a cell of --aggregate dyad-year (an undated row, an empty period).
    let table = events(&["-f", "tsv", "--aggregate", "dyad-year"]);
    let cells: BTreeSet<(String, String, usize)> = table
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let period = if c[4].is_empty() { "undated" } else { c[4] };
            (period.to_owned(), c[5].to_owned(), c[6].parse().expect("n"))
        })
        .collect();
    for bar in &drawn {
        assert!(cells.contains(bar), "{bar:?} is no cell of {table}");
    }
    crate::util::golden_file("picture", "events-quads.svg", &svg);
    let text = events(&["-f", "text"]);
    crate::util::golden_file("picture", "events-quads.txt", &text);
    let one = events(&["-f", "text", "--dyad", "TUR,KGZ"]);
    assert!(
        one.contains("Turkey (TUR) → Kyrgyzstan (KGZ): 5 events")
            && !one.contains("Kyrgyzstan (KGZ) → Turkey"),
        "filters apply: {one}"
    );
    let none = events(&["-f", "text", "--from", "1800", "--to", "1801"]);
    assert!(none.contains("No coded events."), "{none}");
}

#[test]
fn the_picture_refuses_what_it_cannot_draw() {
    let sample = root().join("tests/events/icews-sample.tab");
    let sample = sample.to_str().expect("path");
    for args in [
        &["-f", "svg", "--aggregate", "dyad-month"][..],
        &["-f", "text", "--columns", "icews"][..],
        &["-f", "svg", "--against", sample][..],
    ] {
        let (mut cmd, _dir) = dipkg();
        let out = cmd.arg("events").args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--"), "{args:?}: {err}");
    }
}

#[test]
fn more_events_than_a_batch_give_every_row_of_the_saved_query_once() {
    // 120 renamed copies of the shipped events (as benches/gen-events.py
    // makes them): more than the 1,000 events of one batch.
    let dir = tempdir();
    let (mut cmd, _d) = dipkg();
    let nquads = success_stdout(cmd.args(["export", "-f", "nquads"]));
    let event = "<https://w3id.org/dipkg/id/event/";
    let own: Vec<&str> = nquads.lines().filter(|l| l.starts_with(event)).collect();
    let mut copies = String::new();
    for k in 1..=120 {
        for line in &own {
            copies.push_str(&line.replace(event, &format!("{event}c{k}-")));
            copies.push('\n');
        }
    }
    let path = crate::util::write(dir.path(), "copies.nq", &copies);
    let codings = |args: &[&str], column: usize| -> Vec<String> {
        let (mut cmd, _d) = dipkg();
        let tsv = success_stdout(cmd.arg("--add").arg(&path).args(args));
        let mut out: Vec<String> = tsv
            .lines()
            .skip(1)
            .map(|l| {
                let cell = l.split('\t').nth(column).expect("a coding");
                cell.trim_matches(['<', '>', '"']).to_owned()
            })
            .collect();
        out.sort();
        out
    };
    let ours = codings(&["events", "-f", "tsv"], 1);
    let theirs = codings(&["query", "event-table", "--format", "tsv"], 1);
    assert_eq!(ours.len(), 13 * 121, "every coding once");
    assert!(ours == theirs, "the codings differ from the saved query's");
}
