//! `dipkg validate`: the shipped data conforms; every broken graph under
//! `tests/fixtures/invalid/` fails for exactly the reasons its header states
//! (`# expect: FOCUS PATH COMPONENT` for a shape, `# check: FOCUS NAME` for a
//! saved check); the fixtures cover every shape with a target and every
//! constraint component those shapes use; pySHACL gives the same verdict and the
//! same (focus, path, component) set on the same files; bad shapes are errors.

use crate::util::{dipkg, root, tempdir, write};
use dipkg::rdf::store;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const SH: &str = "http://www.w3.org/ns/shacl#";

pub(crate) type Key = (String, Option<String>, String);

pub(crate) fn fixtures() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "only {} fixtures", files.len());
    files
}

fn expand(name: &str) -> String {
    let (prefix, local) = name.split_once(':').expect("prefixed name");
    let namespace = match prefix {
        "dkg" => "https://w3id.org/dipkg/ontology#",
        "rdfs" => "http://www.w3.org/2000/01/rdf-schema#",
        "owl" => "http://www.w3.org/2002/07/owl#",
        "skos" => "http://www.w3.org/2004/02/skos/core#",
        "schema" => "http://schema.org/",
        "oa" => "http://www.w3.org/ns/oa#",
        other => panic!("unknown prefix {other} in a fixture header"),
    };
    format!("<{namespace}{local}>")
}

/// The (focus, path, component) results and (focus, check) rows a fixture declares.
fn declared(path: &Path) -> (BTreeSet<Key>, BTreeSet<(String, String)>) {
    let text = std::fs::read_to_string(path).expect("fixture");
    let mut shapes = BTreeSet::new();
    let mut checks = BTreeSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# expect: ") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            assert_eq!(
                parts.len(),
                3,
                "{}: bad expect line {line:?}",
                path.display()
            );
            let path_term = (parts[1] != "-").then(|| expand(parts[1]));
            shapes.insert((
                parts[0].to_owned(),
                path_term,
                format!("{SH}{}ConstraintComponent", parts[2]),
            ));
        } else if let Some(rest) = line.strip_prefix("# check: ") {
            let (focus, name) = rest.split_once(' ').expect("check line: FOCUS NAME");
            checks.insert((focus.to_owned(), name.to_owned()));
        }
    }
    assert!(
        !shapes.is_empty() || !checks.is_empty(),
        "{} declares no expected violation",
        path.display()
    );
    (shapes, checks)
}

/// Runs `dipkg validate --format json` on the shipped data plus `extra`.
pub(crate) fn run_validate(extra: Option<&Path>) -> (i32, Value) {
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["validate", "--format", "json"]);
    if let Some(extra) = extra {
        cmd.arg("--data")
            .arg(root().join("data"))
            .arg("--data")
            .arg(extra);
    }
    let out = cmd.output().expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON report: {e}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().expect("exit code"), report)
}

pub(crate) fn shape_results(report: &Value) -> BTreeSet<Key> {
    report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter(|v| v["component"] != format!("{SH}SPARQLConstraintComponent"))
        .map(|v| {
            (
                v["focus"].as_str().expect("focus").to_owned(),
                v["path"].as_str().map(str::to_owned),
                v["component"].as_str().expect("component").to_owned(),
            )
        })
        .collect()
}

fn check_results(report: &Value) -> BTreeSet<(String, String)> {
    report["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .filter(|v| v["component"] == format!("{SH}SPARQLConstraintComponent"))
        .map(|v| {
            let shape = v["shape"].as_str().expect("shape");
            let name = shape
                .strip_prefix(dipkg::check::validate::CHECK_BASE)
                .expect("a check's IRI");
            (
                v["focus"].as_str().expect("focus").to_owned(),
                name.to_owned(),
            )
        })
        .collect()
}

#[test]
fn shipped_data_conforms() {
    let (mut cmd, _cwd) = dipkg();
    cmd.arg("validate")
        .assert()
        .success()
        .stdout("conforms: no violations\n");
    let (code, report) = run_validate(None);
    assert_eq!(code, 0);
    assert_eq!(report["conforms"], true);
}

#[test]
fn shipped_data_conforms_after_inference() {
    for rules in ["rdfs", "owl-rl"] {
        let (mut cmd, _cwd) = dipkg();
        cmd.args(["validate", "--infer", rules]).assert().success();
    }
}

#[test]
fn every_broken_fixture_fails_for_the_reasons_it_states() {
    for fixture in fixtures() {
        let (expected_shapes, expected_checks) = declared(&fixture);
        let (code, report) = run_validate(Some(&fixture));
        let name = fixture.display();
        assert_eq!(code, 1, "{name}: validate must exit 1");
        assert_eq!(report["conforms"], false, "{name}");
        assert_eq!(
            shape_results(&report),
            expected_shapes,
            "{name}: shape results"
        );
        assert_eq!(
            check_results(&report),
            expected_checks,
            "{name}: check results"
        );
    }
}

/// Every shape with a target and every constraint component such shapes (and
/// their property shapes) use is hit by some fixture. Components of shapes
/// reached only through sh:node (the sh:or of dkg:TemporalValueShape) report
/// as sh:NodeConstraintComponent, which is covered like the others.
#[test]
fn fixtures_cover_every_targeted_shape_and_component() {
    let shapes = store::load_documents(&store::shipped_shapes(), 1).expect("shapes load");
    let select = |text: &str| -> BTreeSet<String> {
        crate::util::select_rows(&shapes, text)
            .into_iter()
            .map(|r| match &r[0] {
                Some(oxigraph::model::Term::NamedNode(n)) => n.as_str().to_owned(),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    };
    let targeted = select(
        "PREFIX sh: <http://www.w3.org/ns/shacl#>
         SELECT DISTINCT ?shape WHERE { ?shape sh:targetClass|sh:targetSubjectsOf|sh:targetObjectsOf|sh:targetNode ?t }",
    );
    let parameters = select(
        "PREFIX sh: <http://www.w3.org/ns/shacl#>
         SELECT DISTINCT ?param WHERE {
           ?shape sh:targetClass|sh:targetSubjectsOf|sh:targetObjectsOf|sh:targetNode ?t .
           ?shape sh:property? ?s . ?s ?param ?v
           FILTER(STRSTARTS(STR(?param), STR(sh:)))
         }",
    );
    let not_components = [
        "path",
        "message",
        "property",
        "targetClass",
        "targetSubjectsOf",
        "targetObjectsOf",
        "targetNode",
        "severity",
        "name",
        "description",
        "flags",
    ];
    let components: BTreeSet<String> = parameters
        .iter()
        .map(|p| p.strip_prefix(SH).expect("sh: term"))
        .filter(|p| !not_components.contains(p))
        .map(|p| {
            let mut c = p.chars();
            let first = c
                .next()
                .expect("non-empty")
                .to_uppercase()
                .collect::<String>();
            format!("{SH}{first}{}ConstraintComponent", c.as_str())
        })
        .collect();
    assert!(components.len() >= 10, "components found: {components:?}");
    let mut hit_shapes = BTreeSet::new();
    let mut hit_components = BTreeSet::new();
    for fixture in fixtures() {
        let (_, report) = run_validate(Some(&fixture));
        for v in report["violations"].as_array().expect("violations") {
            hit_shapes.insert(
                v["shape"]
                    .as_str()
                    .expect("shape")
                    .trim_matches(['<', '>'])
                    .to_owned(),
            );
            hit_components.insert(v["component"].as_str().expect("component").to_owned());
        }
    }
    let missing_shapes: Vec<&String> = targeted.difference(&hit_shapes).collect();
    assert!(
        missing_shapes.is_empty(),
        "no fixture breaks {missing_shapes:?}"
    );
    let missing: Vec<&String> = components.difference(&hit_components).collect();
    assert!(missing.is_empty(), "no fixture fails {missing:?}");
}

#[test]
fn text_report_groups_violations_by_focus_node() {
    let (mut cmd, _cwd) = dipkg();
    let out = cmd
        .arg("validate")
        .arg("--data")
        .arg(root().join("data"))
        .arg("--data")
        .arg(root().join("tests/fixtures/invalid/relationship-three-parties.ttl"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    let focus = lines
        .iter()
        .position(|l| *l == "relationship:kg-tr")
        .expect("a block for the relationship");
    assert!(lines[focus + 1].starts_with("  dkg:party: "), "{text}");
    assert!(lines[focus + 2].starts_with("  dkg:party: "), "{text}");
    assert!(text.contains("has 3 values, allows at most 2"), "{text}");
    assert!(
        text.contains("state:kazakhstan is not a dkg:SovereignState"),
        "{text}"
    );
    assert!(
        text.contains("\nstate:kazakhstan\n  is the object of"),
        "{text}"
    );
    assert!(
        text.ends_with("3 violation(s) on 2 focus node(s)\n"),
        "{text}"
    );
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(stderr.contains("3 violation(s)"), "{stderr}");
}

#[test]
fn turtle_report_is_a_shacl_validation_report() {
    let (mut cmd, _cwd) = dipkg();
    let out = cmd
        .args(["validate", "--format", "turtle", "--data"])
        .arg(root().join("data"))
        .arg("--data")
        .arg(root().join("tests/fixtures/invalid/span-reversed.ttl"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let dir = tempdir();
    let report = write(
        dir.path(),
        "report.ttl",
        &String::from_utf8(out.stdout).expect("UTF-8"),
    );
    let dataset = store::load_documents(&store::read_path(&report).expect("reads"), 0)
        .expect("the report is valid Turtle");
    let rows = crate::util::select_rows(
        &dataset,
        "PREFIX sh: <http://www.w3.org/ns/shacl#>
         SELECT ?focus ?path ?component ?shape ?value WHERE {
           ?report a sh:ValidationReport ; sh:conforms false ; sh:result ?r .
           ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultPath ?path ;
              sh:sourceConstraintComponent ?component ; sh:sourceShape ?shape ;
              sh:resultSeverity sh:Violation ; sh:value ?value ; sh:resultMessage ?m }",
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row: Vec<String> = rows[0]
        .iter()
        .map(|t| t.as_ref().expect("bound").to_string())
        .collect();
    assert_eq!(row[0], "<https://w3id.org/dipkg/id/event/games-backwards>");
    assert_eq!(row[1], "<https://w3id.org/dipkg/ontology#startDate>");
    assert_eq!(row[2], format!("<{SH}LessThanOrEqualsConstraintComponent>"));
    assert!(row[4].starts_with("\"2018-09-03\""), "{row:?}");
}

fn expect_shapes_error(shapes_text: &str, wanted: &str) {
    let (mut cmd, cwd) = dipkg();
    let shapes = write(cwd.path(), "shapes.ttl", shapes_text);
    let out = cmd
        .arg("validate")
        .arg("--shapes")
        .arg(&shapes)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "bad shapes must fail");
    assert!(out.stdout.is_empty(), "no report from bad shapes");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        stderr.contains(wanted),
        "stderr {stderr:?} lacks {wanted:?}"
    );
}

const PREFIXES: &str =
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n";

#[test]
fn malformed_shapes_file_is_an_error() {
    expect_shapes_error(
        &format!("{PREFIXES}ex:S a sh:NodeShape ;\n  sh:targetClass ex:C\n  sh:property [ ] ."),
        "shapes.ttl:5:3: A dot is expected",
    );
}

#[test]
fn shapes_file_without_shapes_is_an_error() {
    expect_shapes_error(
        &format!("{PREFIXES}ex:a ex:b ex:c ."),
        "no SHACL shapes found",
    );
}

#[test]
fn unsupported_shape_feature_is_an_error_not_a_pass() {
    expect_shapes_error(
        &format!(
            "{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n  sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] ."
        ),
        "sh:qualifiedMinCount is not supported",
    );
    expect_shapes_error(
        &format!(
            "{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n  sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] ."
        ),
        "only predicate paths",
    );
}

#[test]
fn ill_typed_shape_parameter_is_an_error() {
    expect_shapes_error(
        &format!(
            "{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n  sh:property [ sh:path ex:p ; sh:minCount \"one\" ] ."
        ),
        "sh:minCount must be an xsd:integer",
    );
    expect_shapes_error(
        &format!(
            "{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n  sh:property [ sh:path ex:p ; sh:pattern \"(\" ] ."
        ),
        "is not a regular expression",
    );
}

#[test]
fn user_shapes_replace_the_shipped_ones() {
    let (mut cmd, cwd) = dipkg();
    let shapes = write(
        cwd.path(),
        "shapes.ttl",
        &format!(
            "{PREFIXES}@prefix dkg: <https://w3id.org/dipkg/ontology#> .\n\
             ex:S a sh:NodeShape ; sh:targetClass dkg:SovereignState ;\n\
             sh:property [ sh:path dkg:capital ; sh:maxCount 0 ] ."
        ),
    );
    let out = cmd
        .arg("validate")
        .arg("--shapes")
        .arg(&shapes)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("state:turkey\n  dkg:capital: "), "{text}");
    assert!(text.contains("state:kyrgyzstan\n  dkg:capital: "), "{text}");
}

#[test]
fn turtle_report_is_the_same_on_every_run() {
    // Blank property shapes are relabelled on every load; the report must not show it.
    let run = || {
        let (mut cmd, _cwd) = dipkg();
        cmd.args(["validate", "--format", "turtle", "--data"])
            .arg(root().join("data"))
            .arg("--data")
            .arg(root().join("tests/fixtures/invalid/sameas-bad.ttl"))
            .output()
            .expect("runs")
            .stdout
    };
    let first = run();
    assert!(String::from_utf8_lossy(&first).contains("sh:sourceShape _:shape0"));
    assert_eq!(first, run());
}

/// The date properties of the things the source dates.
const DATE_PROPERTIES: [&str; 7] = [
    "date",
    "startDate",
    "endDate",
    "openingDate",
    "decisionDate",
    "attestedFrom",
    "attestedUntil",
];

/// `dipkg validate --data FILE` (the shipped ontology and shapes) on N-Quads text.
fn validate_quads(dir: &Path, text: &str) -> i32 {
    let file = write(dir, "data.nq", text);
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["validate", "--format", "json", "--data"])
        .arg(&file)
        .output()
        .expect("runs")
        .status
        .code()
        .expect("exit code")
}

/// Every date the shipped data gives a dipkg resource, one at a time: without
/// it, or with it at another precision, `dipkg validate` must fail.
#[test]
fn removing_or_coarsening_any_date_the_source_gives_fails_validation() {
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["--no-ontology", "export", "--format", "nquads"]);
    let quads = crate::util::success_stdout(&mut cmd);
    let lines: Vec<&str> = quads.lines().collect();
    let dated: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.starts_with("<https://w3id.org/dipkg/id/")
                && DATE_PROPERTIES
                    .iter()
                    .any(|p| l.contains(&format!("> <https://w3id.org/dipkg/ontology#{p}> \"")))
        })
        .map(|(i, _)| i)
        .collect();
    // 1 establishment, 2 openings, 2 embassies, 1 consulate general, 3 documents,
    // 1 coup attempt, the 2018 round, 2 visits and the TurkPA meeting (start and
    // end), 3 office holdings (from and until).
    assert_eq!(dated.len(), 23, "dated statements: {dated:?}");
    let dir = tempdir();
    assert_eq!(validate_quads(dir.path(), &quads), 0, "the export conforms");
    let mut passed = Vec::new();
    for &i in &dated {
        let without: String = lines
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        if validate_quads(dir.path(), &without) != 1 {
            passed.push(format!("without: {}", lines[i]));
        }
        // The same date at another precision: a year for a day or a month, a month for a year.
        let line = lines[i];
        let value_start = line.find(" \"").expect("a literal") + 2;
        let value_end = value_start + line[value_start..].find('"').expect("closing quote");
        let value = &line[value_start..value_end];
        let coarser = if value.len() == 4 {
            format!("{value}-01\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>")
        } else {
            format!(
                "{}\"^^<http://www.w3.org/2001/XMLSchema#gYear>",
                &value[..4]
            )
        };
        let rest = &line[value_end + 1..];
        let graph = rest.split_once("> ").map_or("", |(_, g)| g);
        let changed = format!("{}{coarser} {graph}", &line[..value_start]);
        let other: String = lines
            .iter()
            .enumerate()
            .map(|(j, l)| format!("{}\n", if j == i { changed.as_str() } else { l }))
            .collect();
        if validate_quads(dir.path(), &other) != 1 {
            passed.push(format!("at another precision: {changed}"));
        }
    }
    assert!(
        passed.is_empty(),
        "dipkg validate passes with a date missing or at another precision:\n{}",
        passed.join("\n")
    );
}
