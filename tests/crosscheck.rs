//! Cross-check with an independent engine: every saved SELECT and ASK query with
//! a golden answer is also answered by rdflib over an N-Quads export of the same
//! data, and the two answers must be the same multiset of rows. CI provides the
//! Python (`DIPKG_TEST_PYTHON`); elsewhere the test skips unless CI is set.

use crate::util::{dipkg, root, tempdir};
use dipkg::rdf::store::{self, Sources};
use dipkg::sparql::catalog::Catalog;
use serde_json::{Value, json};

/// dipkg's SPARQL JSON results as sorted rows, the form crosscheck.py prints.
fn normalise(results: &Value) -> Value {
    if let Some(b) = results.get("boolean") {
        return json!({ "boolean": b });
    }
    let vars = results["head"]["vars"].clone();
    let mut rows: Vec<Value> = results["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| {
            let mut row = row.clone();
            for (_, term) in row.as_object_mut().expect("a row is an object") {
                if let Some(lang) = term.get("xml:lang").and_then(Value::as_str) {
                    term["xml:lang"] = json!(lang.to_lowercase());
                }
                if term["type"] == "bnode" {
                    *term = json!({ "type": "bnode" });
                }
            }
            row
        })
        .collect();
    rows.sort_by_key(|r| serde_json::to_string(&sorted(r)).expect("serialisable"));
    json!({ "vars": vars, "rows": rows })
}

/// serde_json keeps insertion order; compare with keys sorted, as Python prints.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&map[k])))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn saved_queries_agree_with_rdflib() {
    let Some(python) = crate::util::test_python("rdflib") else {
        return;
    };
    let dir = tempdir();
    let data = dir.path().join("all.nq");
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["export", "--format", "nquads", "-o"])
        .arg(&data)
        .assert()
        .success();
    let catalog = Catalog::shipped();
    let dataset = store::load(&Sources::default()).expect("shipped data loads");
    let manifest =
        std::fs::read_to_string(root().join("tests/golden/manifest.tsv")).expect("manifest");
    let mut compared = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, params, expected) = (cols[0], cols[1], cols[2]);
        // A case over fixture data (a fourth column) is asked of that data alone.
        let fixtures: Vec<std::path::PathBuf> = match cols.get(3) {
            None | Some(&"-") => Vec::new(),
            Some(files) => files
                .split(' ')
                .map(|f| root().join("tests/golden").join(f))
                .collect(),
        };
        if !expected.ends_with(".csv") {
            continue; // graphs are checked by their Turtle golden files
        }
        let given: Vec<(String, String)> = if params == "-" {
            Vec::new()
        } else {
            params
                .split(' ')
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        };
        let saved = catalog.get(name).expect("in the catalog");
        let parsed = saved.parse().expect("parses");
        let values =
            dipkg::sparql::query::resolve_params(&parsed, &given, &dataset).expect("valid params");
        let query_file = dir.path().join("query.rq");
        std::fs::write(&query_file, &saved.text).expect("write query");
        let case_data = if fixtures.is_empty() {
            data.clone()
        } else {
            let file = dir.path().join("fixture.nq");
            let (mut cmd, _cwd) = dipkg();
            for fixture in &fixtures {
                cmd.arg("--data").arg(fixture);
            }
            cmd.args(["export", "--format", "nquads", "-o"])
                .arg(&file)
                .assert()
                .success();
            file
        };
        let mut rdflib = std::process::Command::new(&python);
        rdflib
            .arg(root().join("tests/crosscheck.py"))
            .arg(&case_data)
            .arg(&query_file);
        for (variable, term) in &values {
            rdflib.arg(format!("{}={term}", variable.as_str()));
        }
        let out = rdflib.output().expect("python runs");
        assert!(
            out.status.success(),
            "rdflib failed on {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs: Value = serde_json::from_slice(&out.stdout).expect("crosscheck.py prints JSON");

        let (mut cmd, _cwd) = dipkg();
        for fixture in &fixtures {
            cmd.arg("--data").arg(fixture);
        }
        cmd.args(["query", name, "--format", "json"]);
        for (k, v) in &given {
            cmd.args(["--param", &format!("{k}={v}")]);
        }
        let ours = cmd.output().expect("runs");
        assert!(
            ours.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        let ours = normalise(&serde_json::from_slice(&ours.stdout).expect("JSON results"));
        assert_eq!(
            sorted(&ours),
            sorted(&theirs),
            "{name} {params}: dipkg and rdflib disagree"
        );
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} queries were cross-checked");
}
