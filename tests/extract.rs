//! Sources, citations and extraction, on the real binary: `dipkg sources`
//! (listing and registering), `dipkg cite`, citations checked against their
//! texts by `dipkg validate`, `dipkg extract` on the seed and on the team's own
//! test texts (`tests/extract/texts/`, golden outputs in
//! `tests/extract/golden/`, rewritten by `DIPKG_BLESS=1`), bad input, and
//! `dipkg accept`.

use crate::util::{dipkg, dipkg_in, root, source_text, tempdir, write};
use std::path::{Path, PathBuf};

fn seed() -> Option<PathBuf> {
    let path = root().join("../shared/source/political-collaboration.txt");
    if path.is_file() {
        Some(path)
    } else {
        assert!(
            !crate::util::in_ci(),
            "CI has ../shared beside the checkout"
        );
        eprintln!("skipped: ../shared/source is not beside the checkout");
        None
    }
}

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("dipkg runs");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs a command that must fail with `code`; returns its standard error.
fn fails(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.output().expect("dipkg runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    stderr
}

/// A copy of the shipped data in `dir/data`, to register sources into.
fn data_copy(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    for entry in std::fs::read_dir(root().join("data")).expect("data") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, data.join(path.file_name().expect("name"))).expect("copy");
    }
    data
}

#[test]
fn sources_lists_the_seed_with_its_counts_and_what_is_not_known() {
    let (mut cmd, _dir) = dipkg();
    let text = stdout(cmd.arg("sources"));
    assert!(
        text.contains("political-collaboration  (23 citation(s), 23 fact(s))"),
        "{text}"
    );
    assert!(text.contains("    retrieved  not known\n"), "{text}");
    assert!(text.contains("    length     2685 characters\n"), "{text}");
    let (mut cmd, _dir) = dipkg();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(cmd.args(["sources", "--format", "json"]))).expect("JSON");
    let seed = json
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["name"] == "political-collaboration")
        .expect("the seed");
    assert_eq!(seed["citations"], 23);
    assert_eq!(
        seed["values"]["sha256"],
        "8f1063350200fd4d734691532953a6a05d63105d51cc19ad06d866ebc23ca716"
    );
    assert!(
        seed["not_known"]
            .as_array()
            .expect("list")
            .iter()
            .any(|v| v == "published")
    );
}

#[test]
fn sources_add_registers_a_text_and_refuses_bad_ones_changing_nothing() {
    let dir = tempdir();
    let data = data_copy(dir.path());
    let text = write(
        dir.path(),
        "texts/page.txt",
        "Relations\n\nOn 3 May 2001 the two states met.\n",
    );
    let run = || {
        let mut cmd = dipkg_in(dir.path());
        cmd.arg("--data").arg(&data);
        cmd
    };
    stdout(run().args(["sources", "add"]).arg(&text).args([
        "--title",
        "A page",
        "--lang",
        "en",
        "--retrieved",
        "2026-12-01",
        "--licence",
        "https://creativecommons.org/licenses/by/4.0/",
    ]));
    let written = std::fs::read_to_string(data.join("sources.trig")).expect("sources.trig");
    assert!(written.contains("dkg:textLength 45"), "{written}");
    assert!(
        written.contains("dkg:notKnown schema:url, dcterms:publisher, dcterms:issued"),
        "{written}"
    );
    let list = stdout(run().arg("sources"));
    assert!(list.contains("page  (0 citation(s), 0 fact(s))"), "{list}");
    assert!(list.contains("    retrieved  2026-12-01\n"), "{list}");
    let before = std::fs::read(data.join("sources.trig")).expect("read");
    let again = fails(
        run()
            .args(["sources", "add"])
            .arg(&text)
            .args(["--title", "x", "--lang", "en"]),
        2,
    );
    assert!(
        again.contains("already registered as source page (same sha256)"),
        "{again}"
    );
    let other = write(dir.path(), "texts/page.txt.2", "Another text.\n");
    let taken = fails(
        run()
            .args(["sources", "add"])
            .arg(&other)
            .args(["--name", "page", "--title", "x", "--lang", "en"]),
        2,
    );
    assert!(taken.contains("\"page\" is already taken"), "{taken}");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 1992\n").expect("write");
    let bad = fails(
        run()
            .args(["sources", "add"])
            .arg(&latin1)
            .args(["--title", "x", "--lang", "en"]),
        1,
    );
    assert!(
        bad.contains("latin1.txt: not UTF-8 text: the byte at offset 3 is not UTF-8"),
        "{bad}"
    );
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").expect("write");
    let bad = fails(
        run()
            .args(["sources", "add"])
            .arg(&binary)
            .args(["--title", "x", "--lang", "en"]),
        1,
    );
    assert!(bad.contains("binary, not text"), "{bad}");
    let bad = fails(
        run()
            .args(["sources", "add"])
            .arg(&other)
            .args(["--title", "x", "--lang", "not a tag"]),
        2,
    );
    assert!(bad.contains("not a BCP 47 language tag"), "{bad}");
    assert_eq!(
        std::fs::read(data.join("sources.trig")).expect("read"),
        before,
        "a refusal changes nothing"
    );
}

#[test]
fn validate_checks_every_citation_against_its_text() {
    if seed().is_none() {
        return;
    }
    let (mut cmd, _dir) = dipkg();
    stdout(cmd.arg("validate"));
    // A registered text, a citation of it, then the text changes.
    let dir = tempdir();
    let data = data_copy(dir.path());
    let texts = dir.path().join("texts");
    let page = write(
        &texts,
        "page.txt",
        "Title\n\nIn May 1993 the embassy opened in Baku.\n",
    );
    let run = || {
        let mut cmd = dipkg_in(dir.path());
        cmd.arg("--data").arg(&data).arg("--sources").arg(&texts);
        cmd
    };
    stdout(
        run()
            .args(["sources", "add"])
            .arg(&page)
            .args(["--title", "Page", "--lang", "en"]),
    );
    let citation = stdout(run().args(["cite", "page", "the embassy opened"]));
    assert!(citation.contains("oa:start 19 ."), "{citation}");
    write(&data, "cited.trig", &citation);
    stdout(run().arg("validate"));
    // An edited position: that citation alone, saying what the text reads there.
    write(
        &data,
        "cited.trig",
        &citation.replace("oa:start 19 .", "oa:start 18 ."),
    );
    let out = run().arg("validate").output().expect("runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("at 18–37 the text reads \" the embassy opened\", the quote says \"the embassy opened\" (those words are at offset 19)"),
        "{report}"
    );
    assert!(report.contains("on 1 focus node(s)"), "{report}");
    // The text changed under its name: each of its citations says so.
    write(&data, "cited.trig", &citation);
    write(
        &texts,
        "page.txt",
        "Title\n\nIn May 1994 the embassy opened in Baku.\n",
    );
    let out = run().arg("validate").output().expect("runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("source page: the text changed:"),
        "{report}"
    );
    std::fs::remove_file(texts.join("page.txt")).expect("remove");
    let out = run().arg("validate").output().expect("runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        report.contains("source page: no file with its sha256"),
        "{report}"
    );
}

#[test]
fn cite_gives_position_and_quote_and_says_what_is_wrong() {
    if seed().is_none() {
        return;
    }
    let (mut cmd, _dir) = dipkg();
    let out = stdout(cmd.args([
        "cite",
        "political-collaboration",
        "December 24, 1991",
        "--fact",
        "F1",
    ]));
    assert!(
        out.contains("<https://w3id.org/dipkg/id/citation/F01>"),
        "{out}"
    );
    assert!(
        out.contains("oa:end 138 ;\n        oa:start 121 ."),
        "{out}"
    );
    assert!(out.contains("dkg:factId \"F1\""), "{out}");
    assert!(
        out.contains("oa:prefix \"c of Turkey were established on \""),
        "{out}"
    );
    let (mut cmd, _dir) = dipkg();
    let twice = fails(
        cmd.args(["cite", "political-collaboration", "the Republic of Turkey"]),
        2,
    );
    assert!(
        twice.contains("occur 8 times; choose one with --occurrence N"),
        "{twice}"
    );
    assert!(twice.contains("paragraph 2"), "{twice}");
    let (mut cmd, _dir) = dipkg();
    let second = stdout(cmd.args([
        "cite",
        "political-collaboration",
        "the Republic of Turkey",
        "--occurrence",
        "2",
    ]));
    assert!(second.contains("political-collaboration-"), "{second}");
    let (mut cmd, _dir) = dipkg();
    let missed = fails(
        cmd.args(["cite", "political-collaboration", "DECEMBER  24 , 1991"]),
        2,
    );
    assert!(missed.contains("are not in the text"), "{missed}");
    let (mut cmd, _dir) = dipkg();
    let close = fails(
        cmd.args([
            "cite",
            "political-collaboration",
            "\"kyrgyzstan  and turkey:",
        ]),
        2,
    );
    assert!(
        close.contains("the closest passage is \"“Kyrgyzstan and Turkey:\""),
        "{close}"
    );
    let (mut cmd, _dir) = dipkg();
    let unknown = fails(cmd.args(["cite", "political-colaboration", "words"]), 2);
    assert!(
        unknown.contains("did you mean political-collaboration?"),
        "{unknown}"
    );
}

#[test]
fn the_curated_citations_are_what_cite_gives_with_no_offset_changed() {
    let Some(seed) = seed() else { return };
    let text = dipkg::source::text::Text::read(&seed).expect("seed");
    let dataset = dipkg::rdf::store::load(&dipkg::rdf::store::Sources::default()).expect("shipped");
    let citations = dipkg::source::verify::citations(&dataset.store).expect("citations");
    let seed_iri = "https://w3id.org/dipkg/id/source/political-collaboration";
    let mut checked = 0;
    for cited in citations.iter().filter(|c| c.source == seed_iri) {
        let exact = cited
            .exact
            .as_deref()
            .expect("every curated citation quotes");
        let at = dipkg::source::cite::occurrences(&text, exact);
        let start = cited.start.expect("position");
        let n = at
            .iter()
            .position(|&s| s == start)
            .expect("the quote is at its position")
            + 1;
        let given = dipkg::source::cite::find(&text, "seed", exact, (at.len() > 1).then_some(n))
            .expect("cited");
        assert_eq!(
            (given.start, given.end),
            (start, cited.end.expect("end")),
            "{}",
            cited.iri
        );
        assert_eq!(
            Some(given.prefix.as_str()).filter(|p| !p.is_empty()),
            cited.prefix.as_deref(),
            "{}",
            cited.iri
        );
        assert_eq!(
            Some(given.suffix.as_str()).filter(|p| !p.is_empty()),
            cited.suffix.as_deref(),
            "{}",
            cited.iri
        );
        // And the command gives the same citation, under the fact's IRI.
        let fact = cited.iri.rsplit('/').next().expect("citation/F01");
        let mut cmd = dipkg_in(&root());
        cmd.args(["cite", "political-collaboration", exact, "--fact", fact]);
        if at.len() > 1 {
            cmd.args(["--occurrence", &n.to_string()]);
        }
        let turtle = stdout(&mut cmd);
        assert!(turtle.contains(&format!("<{}>\n", cited.iri)), "{turtle}");
        assert!(
            turtle.contains(&format!(
                "oa:end {} ;\n        oa:start {start} .",
                given.end
            )),
            "{turtle}"
        );
        checked += 1;
    }
    assert_eq!(checked, 23);
}

/// The candidates of a text as N-Quads lines.
fn nquads(path: &Path) -> String {
    let (mut cmd, _dir) = dipkg();
    stdout(cmd.args(["extract", "-f", "nquads"]).arg(path))
}

#[test]
fn extract_finds_every_dated_fact_of_the_seed_linked_and_cited() {
    let Some(seed) = seed() else { return };
    let quads = nquads(&seed);
    let text: Vec<char> = source_text().expect("seed").chars().collect();
    let d = "https://w3id.org/dipkg/ontology#";
    let id = "https://w3id.org/dipkg/id/";
    // fact, class, date statement(s), linked entities.
    let facts: [(&str, &str, &[&str], &[&str]); 11] = [
        (
            "F1",
            "EstablishmentOfDiplomaticRelations",
            &["date> \"1991-12-24\"^^<http://www.w3.org/2001/XMLSchema#date>"],
            &["state/kyrgyzstan", "state/turkey"],
        ),
        (
            "F2",
            "MissionOpening",
            &["date> \"1992-04\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"],
            &["state/turkey", "place/bishkek"],
        ),
        (
            "F3",
            "MissionOpening",
            &["date> \"1992-10\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"],
            &["state/kyrgyzstan", "place/ankara"],
        ),
        (
            "F4",
            "GovernmentResolution",
            &["date> \"1994-04\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"],
            &["org/government-kg"],
        ),
        (
            "F7",
            "Treaty",
            &["date> \"1997-10-24\"^^<http://www.w3.org/2001/XMLSchema#date>"],
            &["state/kyrgyzstan", "state/turkey"],
        ),
        (
            "F8",
            "JointStatement",
            &["date> \"1999-07-01\"^^<http://www.w3.org/2001/XMLSchema#date>"],
            &["state/kyrgyzstan", "state/turkey"],
        ),
        (
            "F10",
            "CoupAttempt",
            &["date> \"2016-07-16\"^^<http://www.w3.org/2001/XMLSchema#date>"],
            &["state/turkey"],
        ),
        (
            "F12",
            "EventSeries",
            &["date> \"2018\"^^<http://www.w3.org/2001/XMLSchema#gYear>"],
            &["state/kyrgyzstan", "state/turkey"],
        ),
        (
            "F13",
            "OfficialVisit",
            &["startDate> \"2018-04-08\"", "endDate> \"2018-04-11\""],
            &["person/jeenbekov", "state/kyrgyzstan", "state/turkey"],
        ),
        (
            "F15",
            "OfficialVisit",
            &["startDate> \"2018-09-01\"", "endDate> \"2018-09-03\""],
            &["person/erdogan", "state/turkey", "state/kyrgyzstan"],
        ),
        (
            "F21",
            "ParliamentaryAssemblyMeeting",
            &["startDate> \"2018-11-19\"", "endDate> \"2018-11-22\""],
            &["org/turkpa", "place/izmir", "person/dzhumabekov"],
        ),
    ];
    let lines: Vec<&str> = quads.lines().collect();
    for (fact, class, dates, linked) in facts {
        let typed = format!("> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{d}{class}> <");
        // The candidate graphs with a resource of that class, their dates and names.
        let found = lines
            .iter()
            .filter(|l| l.contains(&typed) && l.contains("/graph/candidate/"))
            .filter_map(|l| l.rsplit(" <").next())
            .find(|graph| {
                let mine: Vec<&&str> = lines
                    .iter()
                    .filter(|l| l.ends_with(&format!(" <{graph}")))
                    .collect();
                dates
                    .iter()
                    .all(|date| mine.iter().any(|l| l.contains(&format!("{d}{date}"))))
                    && linked
                        .iter()
                        .all(|e| mine.iter().any(|l| l.contains(&format!("<{id}{e}>"))))
            });
        let graph = found.unwrap_or_else(|| {
            panic!("{fact}: no {class} candidate with {dates:?} and {linked:?}\n{quads}")
        });
        let subject = graph.trim_end_matches(" .").trim_end_matches('>');
        // Its citation covers the words of its date.
        let cid = subject.rsplit('/').next().expect("id");
        let of = |p: &str| -> usize {
            let key = format!("<{id}citation/x-{cid}#position> <http://www.w3.org/ns/oa#{p}> \"");
            let line = lines
                .iter()
                .find(|l| l.starts_with(&key))
                .expect("position");
            line[key.len()..]
                .split('"')
                .next()
                .expect("number")
                .parse()
                .expect("offset")
        };
        let (start, end) = (of("start"), of("end"));
        let cited: String = text[start..end].iter().collect();
        let year = &dates[0][dates[0].find('"').expect("quote") + 1..][..4];
        assert!(
            cited.contains(year),
            "{fact}: the citation {cited:?} covers its date"
        );
    }
    let dated = lines
        .iter()
        .filter(|l| l.contains("/graph/candidates/") && l.contains("ontology#reviewStatus"))
        .count();
    assert!(
        11 * 10 >= dated * 9,
        "of {dated} dated candidates at least 90% are the 11 facts"
    );
}

fn golden(name: &str, actual: &str) {
    crate::util::golden_file("extract/golden", name, actual);
}

#[test]
fn extract_gives_the_golden_candidates_of_each_test_text_byte_for_byte() {
    let texts = root().join("tests/extract/texts");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&texts)
        .expect("texts")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 3);
    for path in names {
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let run = |format: &str| {
            // Named from the checkout, so the view's header is the same in any clone.
            let relative = path.strip_prefix(root()).expect("under the checkout");
            let mut cmd = dipkg_in(&root());
            stdout(cmd.args(["extract", "-f", format]).arg(relative))
        };
        let trig = run("trig");
        assert_eq!(
            trig,
            run("trig"),
            "{stem}: the same text gives the same bytes"
        );
        golden(&format!("{stem}.trig"), &trig);
        golden(&format!("{stem}.txt"), &run("text"));
        // The candidates parse and pass the shapes, their citations their text.
        let dir = tempdir();
        let file = write(dir.path(), "candidates.trig", &trig);
        let mut cmd = dipkg_in(&root());
        let report = stdout(
            cmd.arg("--add")
                .arg(&file)
                .arg("--sources")
                .arg(&texts)
                .arg("validate"),
        );
        assert!(report.contains("conforms"), "{stem}: {report}");
    }
}

#[test]
fn extract_reads_bad_input_as_it_should() {
    let dir = tempdir();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"On 3 May 2001 the ministers met in Caf\xe9.\n").expect("write");
    let (mut cmd, _d) = dipkg();
    let err = fails(cmd.arg("extract").arg(&latin1), 1);
    assert!(
        err.contains("latin1.txt: not UTF-8 text: the byte at offset 38"),
        "{err}"
    );
    let binary = dir.path().join("b.txt");
    std::fs::write(&binary, b"\x7fELF\x02\x01\x01\0\0\0\0").expect("write");
    let (mut cmd, _d) = dipkg();
    assert!(fails(cmd.arg("extract").arg(&binary), 1).contains("binary, not text"));
    // A byte-order mark and CRLF line ends: offsets count them, and the quote is at them.
    let bom = write(
        dir.path(),
        "bom.txt",
        "\u{feff}Title\r\n\r\nOn 3 May 2001 the ministers met in Baku.\r\n",
    );
    let quads = nquads(&bom);
    assert!(
        quads.contains("<http://www.w3.org/ns/oa#start> \"10\"^^"),
        "{quads}"
    );
    assert!(
        quads.contains(
            "<http://www.w3.org/ns/oa#exact> \"On 3 May 2001 the ministers met in Baku.\""
        ),
        "{quads}"
    );
    for (name, text) in [
        ("empty.txt", ""),
        (
            "undated.txt",
            "Title\n\nThe two states are friends. They talk often.\n",
        ),
    ] {
        let file = write(dir.path(), name, text);
        let (mut cmd, _d) = dipkg();
        let out = cmd.arg("extract").arg(&file).output().expect("runs");
        assert!(out.status.success());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("sentence(s) in 1 text(s): no dated statement found"),
            "{err}"
        );
    }
    // 20 MB on one line, no full stop: read in bounded pieces.
    let long = dir.path().join("long.txt");
    let mut line = "word ".repeat(4 << 20);
    line.push_str("On 3 May 2001 the ministers met in Baku.\n");
    std::fs::write(&long, line).expect("write");
    let quads = nquads(&long);
    assert!(
        quads.contains("\"2001-05-03\"^^"),
        "the date at the end is found"
    );
}

#[test]
fn a_lexicon_folder_extends_the_rules_and_a_bad_one_is_named() {
    let dir = tempdir();
    let mut triggers =
        std::fs::read_to_string(root().join("src/extract/lexicon/triggers.tsv")).expect("triggers");
    triggers.push_str("en\tvisit\tVisit\t-\tsojourn*\n");
    write(dir.path(), "lex/triggers.tsv", &triggers);
    let text = write(
        dir.path(),
        "t.txt",
        "Title\n\nOn 3 May 2001 the minister sojourned in Baku.\n",
    );
    let (mut cmd, _d) = dipkg();
    let before = cmd.arg("extract").arg(&text).output().expect("runs");
    assert!(
        before.stdout.is_empty(),
        "the built-in rules know no sojourn"
    );
    let (mut cmd, _d) = dipkg();
    let view = stdout(
        cmd.args(["extract", "-f", "text", "--lexicon"])
            .arg(dir.path().join("lex"))
            .arg(&text),
    );
    assert!(view.contains("Visit 2001-05-03 (day, "), "{view}");
    write(dir.path(), "bad/months.tsv", "lang\tmonth\tform\nen\t1\n");
    let (mut cmd, _d) = dipkg();
    let err = fails(
        cmd.args(["extract", "--lexicon"])
            .arg(dir.path().join("bad"))
            .arg(&text),
        1,
    );
    assert!(
        err.contains("months.tsv:2:1: expected 3 tab-separated fields"),
        "{err}"
    );
}

#[test]
fn accept_moves_candidates_into_new_data_that_the_queries_answer() {
    let dir = tempdir();
    let texts = root().join("tests/extract/texts");
    let page = texts.join("en-kazakhstan-hungary.txt");
    let candidates = dir.path().join("candidates.trig");
    let (mut cmd, _d) = dipkg();
    stdout(cmd.arg("extract").arg(&page).arg("-o").arg(&candidates));
    let view = nquads(&page);
    let ids: Vec<String> = view
        .lines()
        .filter_map(|l| l.strip_prefix("<https://w3id.org/dipkg/graph/candidate/"))
        .filter_map(|l| l.split('>').next().map(str::to_owned))
        .collect();
    let first = ids.first().expect("candidates").clone();
    let accepted = dir.path().join("accepted.trig");
    let accept = |only: &str, out: &Path| {
        let mut cmd = dipkg_in(dir.path());
        cmd.env("SOURCE_DATE_EPOCH", "1796601600")
            .args(["accept", "--by", "A. Curator", "--only", only])
            .arg(&candidates)
            .arg("-o")
            .arg(out);
        cmd
    };
    stdout(&mut accept(&first, &accepted));
    let written = std::fs::read_to_string(&accepted).expect("accepted");
    assert!(written.starts_with("# Accepted with `dipkg accept`"));
    assert!(
        written.contains("dcterms:dateAccepted \"2026-12-07T00:00:00Z\"^^xsd:dateTime"),
        "{written}"
    );
    assert!(
        written.contains("dkg:reviewStatus dkg:accepted"),
        "{written}"
    );
    assert!(!written.contains("dkg:candidate"), "{written}");
    let (mut cmd, _d) = dipkg();
    let timeline = stdout(
        cmd.arg("--add")
            .arg(&accepted)
            .args(["query", "timeline", "--format", "tsv"]),
    );
    assert!(
        timeline.contains(&format!("(candidate {first})")),
        "{timeline}"
    );
    let (mut cmd, _d) = dipkg();
    stdout(
        cmd.arg("--add")
            .arg(&accepted)
            .arg("--sources")
            .arg(&texts)
            .arg("validate"),
    );
    // A second accept adds to the file accept wrote.
    let second = ids
        .iter()
        .find(|i| **i != first)
        .expect("two candidates")
        .clone();
    stdout(&mut accept(&second, &accepted));
    let merged = std::fs::read_to_string(&accepted).expect("accepted");
    assert!(merged.contains(&first) && merged.contains(&second));
    // Never over a curated file, and unknown ids are named.
    let curated = dir.path().join("events.trig");
    std::fs::copy(root().join("data/events.trig"), &curated).expect("copy");
    let err = fails(&mut accept(&first, &curated), 2);
    assert!(err.contains("was not written by `dipkg accept`"), "{err}");
    assert_eq!(
        std::fs::read(&curated).expect("read"),
        std::fs::read(root().join("data/events.trig")).expect("read")
    );
    let near = format!("{}x", &first[..first.len() - 1]);
    let err = fails(&mut accept(&near, &dir.path().join("new.trig")), 2);
    assert!(
        err.contains(&format!("no candidate {near}; did you mean")),
        "{err}"
    );
}

#[test]
fn a_new_state_of_the_reference_list_gets_its_codes_and_its_events_join_the_table() {
    let dir = tempdir();
    let page = root().join("tests/extract/texts/en-kazakhstan-hungary.txt");
    let candidates = dir.path().join("candidates.trig");
    let (mut cmd, _d) = dipkg();
    stdout(cmd.arg("extract").arg(&page).arg("-o").arg(&candidates));
    let (mut cmd, _d) = dipkg();
    let table = stdout(
        cmd.arg("events")
            .arg("--add")
            .arg(&candidates)
            .args(["-f", "json"]),
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&table).expect("JSON");
    let party = |row: &serde_json::Value, p: &str| {
        (
            row[format!("{p}Name")]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            row[format!("{p}Iso3")]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            row[format!("{p}Cow")]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    };
    let parties: Vec<(String, String, String)> = rows
        .iter()
        .filter(|r| {
            r["eventId"]
                .as_str()
                .is_some_and(|e| e.contains("/event/x-"))
        })
        .flat_map(|r| [party(r, "actor"), party(r, "recipient")])
        .collect();
    assert!(
        parties.contains(&("Kazakhstan".into(), "KAZ".into(), "705".into())),
        "{parties:?}"
    );
    // Hungary is in no verified list: no code is made up for it.
    assert!(
        parties.contains(&("Hungary".into(), String::new(), String::new())),
        "{parties:?}"
    );
}
