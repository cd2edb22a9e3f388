//! Issue 16, a newcomer's first hour: what they try works and says what it
//! did. `--add`, `convert`, `queries NAME`, `show`, outputs that end well, a
//! table that fits, completions, the man page and `--color`, and the small
//! things (the usage line, format names in errors).

use crate::util::{dipkg, dipkg_in, success_stdout, tempdir, write};
use predicates::prelude::*;
use predicates::str::contains;

const NOTE: &str =
    "<https://w3id.org/dipkg/id/state/turkey> <http://example.org/note> \"mine\" .\n";

#[test]
fn add_loads_beside_the_shipped_data_from_any_directory() {
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "extra/note.nt", NOTE);
    let out = success_stdout(cmd.args([
        "--add",
        "extra",
        "query",
        "-e",
        "SELECT ?note ?label { state:turkey <http://example.org/note> ?note ; rdfs:label ?label FILTER(lang(?label) = 'en') }",
    ]));
    assert_eq!(out, "?note\t?label\n\"mine\"\t\"Turkey\"@en\n");
    // --data replaces the shipped data; --add beside it keeps both.
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "note.nt", NOTE);
    write(
        dir.path(),
        "mine.nt",
        "<http://example.org/x> <http://example.org/y> \"z\" .\n",
    );
    let out = success_stdout(cmd.args([
        "--data",
        "mine.nt",
        "--add",
        "note.nt",
        "--no-ontology",
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
        "-f",
        "csv",
    ]));
    assert_eq!(out, "n\r\n2\r\n");
}

#[test]
fn convert_writes_only_the_named_files() {
    let (mut cmd, dir) = dipkg();
    write(
        dir.path(),
        "a.ttl",
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n",
    );
    write(
        dir.path(),
        "b.trig",
        "@prefix ex: <http://example.org/> .\nex:g { ex:d ex:e ex:f }\n",
    );
    let out = success_stdout(cmd.args(["convert", "a.ttl", "b.trig", "-f", "nquads"]));
    // Triples stay in the default graph, quads keep theirs, nothing shipped comes along.
    assert_eq!(
        out,
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n\
         <http://example.org/d> <http://example.org/e> <http://example.org/f> <http://example.org/g> .\n"
    );
    let out = success_stdout(dipkg_in(dir.path()).args(["convert", "a.ttl"]));
    assert_eq!(
        out,
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"
    );
    dipkg_in(dir.path())
        .args(["convert", "a.ttl", "-o", "a.nt", "-f", "ntriples"])
        .assert()
        .success()
        .stdout("");
    assert!(dir.path().join("a.nt").exists());
}

#[test]
fn convert_check_validates_syntax_and_names_the_position() {
    let (mut cmd, dir) = dipkg();
    write(
        dir.path(),
        "good.ttl",
        "<http://e/a> <http://e/b> <http://e/c> .\n",
    );
    write(
        dir.path(),
        "bad.ttl",
        "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> \"x\n",
    );
    cmd.args(["convert", "--check", "good.ttl"])
        .assert()
        .success()
        .stdout("1 statement(s) in 1 file(s): the syntax is valid\n");
    dipkg_in(dir.path())
        .args(["convert", "--check", "good.ttl", "bad.ttl"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("dipkg: bad.ttl:2:"));
}

#[test]
fn export_help_says_it_exports_the_whole_dataset() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["--help"])
        .assert()
        .success()
        .stdout(contains("whole dataset").and(contains("convert")));
}

#[test]
fn queries_name_prints_the_query_with_its_decorators() {
    let (mut cmd, _dir) = dipkg();
    let out = success_stdout(cmd.args(["queries", "official-visits"]));
    assert!(
        out.starts_with("#+ summary: Official visits in a given year\n"),
        "{out}"
    );
    assert!(
        out.contains("?_year_integer") && out.ends_with('\n'),
        "{out}"
    );
    let (mut cmd, _dir) = dipkg();
    cmd.args(["queries", "official-visit"])
        .assert()
        .code(2)
        .stderr(contains("did you mean official-visits"));
}

#[test]
fn show_reads_a_resource_by_name_prefixed_name_or_iri() {
    for what in [
        "Кыргызстан",
        "kyrgyzstan",
        "state:kyrgyzstan",
        "https://w3id.org/dipkg/id/state/kyrgyzstan",
        "<https://w3id.org/dipkg/id/state/kyrgyzstan>",
    ] {
        let (mut cmd, _dir) = dipkg();
        let out = success_stdout(cmd.args(["show", what]));
        assert!(
            out.starts_with("Kyrgyzstan (state:kyrgyzstan)\n"),
            "{what}: {out}"
        );
        // Labels instead of IRIs, and each statement's citation.
        assert!(
            out.contains("capital (dkg:capital): Bishkek (place:bishkek)"),
            "{out}"
        );
        assert!(out.contains("[citation:F"), "{out}");
        assert!(out.contains("\npointed to by\n"), "{out}");
        assert!(
            out.contains("a sovereign state (dkg:SovereignState)"),
            "{out}"
        );
    }
}

#[test]
fn show_a_class_lists_the_properties_used_with_it() {
    let (mut cmd, _dir) = dipkg();
    let out = success_stdout(cmd.args(["show", "dkg:Treaty"]));
    assert!(out.starts_with("treaty (dkg:Treaty)\n"), "{out}");
    assert!(out.contains("\nproperties used with it\n"), "{out}");
    assert!(
        out.contains("party (dkg:party): on its instances (2 statements)"),
        "{out}"
    );
    assert!(
        out.contains("founding document (dkg:foundingDocument): to its instances"),
        "{out}"
    );
}

#[test]
fn show_an_unknown_name_suggests_the_closest() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["show", "turky"])
        .assert()
        .code(2)
        .stderr(contains("did you mean state:turkey (Turkey)"));
}

#[test]
fn json_xml_and_boolean_answers_end_with_a_line_break() {
    for (query, format, end) in [
        ("ASK { ?s ?p ?o }", "json", "}\n"),
        ("ASK { ?s ?p ?o }", "xml", ">\n"),
        ("ASK { ?s ?p ?o }", "csv", "true\r\n"),
        ("ASK { ?s ?p ?o }", "tsv", "true\n"),
        ("SELECT ?s { ?s a dkg:SovereignState }", "json", "}\n"),
        ("SELECT ?s { ?s a dkg:SovereignState }", "xml", ">\n"),
    ] {
        let (mut cmd, _dir) = dipkg();
        let out = success_stdout(cmd.args(["query", "-e", query, "-f", format]));
        assert!(
            out.ends_with(end) && !out.ends_with(&format!("\n{end}")),
            "{format}: {out:?}"
        );
    }
}

#[test]
fn the_table_fits_columns_clipping_the_widest_first() {
    let run = |columns: &str| {
        let (mut cmd, _dir) = dipkg();
        success_stdout(cmd.env("COLUMNS", columns).args([
            "query",
            "diplomatic-missions",
            "-f",
            "table",
        ]))
    };
    let wide = run("1000");
    assert!(wide.lines().any(|l| l.chars().count() > 200), "{wide}");
    let narrow = run("120");
    for line in narrow.lines() {
        assert!(
            line.chars().count() <= 120,
            "{}: {line}",
            line.chars().count()
        );
    }
    assert!(narrow.contains('…'), "{narrow}");
    // Narrow cells keep their width while the widest are clipped.
    assert!(
        narrow.contains("1992-04") && !narrow.contains("Consulate General of"),
        "{narrow}"
    );
}

#[test]
fn the_usage_line_shows_the_query_as_required() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "--help"]).assert().success().stdout(
        contains("Usage: dipkg query [OPTIONS] <NAME|FILE|->")
            .and(contains("dipkg query [OPTIONS] --sparql <TEXT>"))
            .and(contains("Usage: dipkg query [OPTIONS] [QUERY]").not()),
    );
}

#[test]
fn a_graph_format_on_a_select_is_named_as_the_option_names_it() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "timeline", "-f", "turtle"])
        .assert()
        .code(2)
        .stderr(contains("--format turtle is for CONSTRUCT").and(contains("ttl").not()));
}

#[test]
fn completions_and_the_man_page() {
    for (shell, marker) in [
        ("bash", "_dipkg()"),
        ("zsh", "#compdef dipkg"),
        ("fish", "complete -c dipkg"),
    ] {
        let (mut cmd, _dir) = dipkg();
        let out = success_stdout(cmd.args(["completions", shell]));
        assert!(out.contains(marker), "{shell}");
        assert!(out.contains("convert") && out.contains("show"), "{shell}");
    }
    let (mut cmd, _dir) = dipkg();
    let man = success_stdout(cmd.arg("man"));
    assert!(man.contains(".TH dipkg 1"), "{man}");
    assert!(
        man.contains("SUBCOMMANDS") || man.contains("dipkg\\-convert"),
        "{man}"
    );
}

#[test]
fn color_always_never_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let dir = tempdir();
        let mut cmd = dipkg_in(dir.path());
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        cmd.args(args)
            .args(["timeline", "--from", "2018-09", "--to", "2018-09"]);
        success_stdout(&mut cmd)
    };
    assert!(run(&["--color", "always"], false).contains("\u{1b}["));
    assert!(
        run(&["--color", "always"], true).contains("\u{1b}["),
        "always wins"
    );
    assert!(!run(&["--color", "never"], false).contains("\u{1b}["));
    // auto: not a terminal here, so no colour.
    assert!(!run(&[], false).contains("\u{1b}["));
    let (mut cmd, _dir) = dipkg();
    cmd.args(["--color", "sometimes", "queries"])
        .assert()
        .code(2)
        .stderr(
            contains("auto")
                .and(contains("always"))
                .and(contains("never")),
        );
}
