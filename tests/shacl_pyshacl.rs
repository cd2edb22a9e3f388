//! pySHACL's verdict beside `dipkg validate`'s, on the shipped data and every
//! broken fixture, without inference and over owlrl's OWL RL closure.

use crate::util::{dipkg, root};
use crate::validate::{Key, fixtures, run_validate, shape_results};
use dipkg::rdf::store;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// pySHACL's verdict and (focus, path, component) set for the shipped data plus `extra`,
/// given the dataset as dipkg loads it (the N-Quads export: the ontology, the data,
/// and the `dkg:statedIn` derived from the graphs), so both judge the same triples.
fn pyshacl(python: &str, extra: Option<&Path>) -> (bool, BTreeSet<Key>) {
    pyshacl_with(python, extra, None)
}

/// As [`pyshacl`], with pySHACL's `inference` option (`owlrl`) when given.
fn pyshacl_with(
    python: &str,
    extra: Option<&Path>,
    inference: Option<&str>,
) -> (bool, BTreeSet<Key>) {
    let dir = crate::util::tempdir();
    let export = dir.path().join("dataset.nq");
    let (mut dump, _cwd) = dipkg();
    if let Some(extra) = extra {
        dump.arg("--data")
            .arg(root().join("data"))
            .arg("--data")
            .arg(extra);
    }
    dump.args(["export", "--format", "nquads", "-o"])
        .arg(&export);
    crate::util::success_stdout(&mut dump);
    let mut cmd = std::process::Command::new(python);
    cmd.arg(root().join("tests/shacl_crosscheck.py"));
    if let Some(inference) = inference {
        cmd.args(["--inference", inference]);
    }
    cmd.arg(root().join(store::SHAPES_FILE)).arg(&export);
    let out = cmd.output().expect("python runs");
    assert!(
        out.status.success(),
        "pySHACL failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let results = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r[0].as_str().expect("focus").to_owned(),
                r[1].as_str().map(str::to_owned),
                r[2].as_str().expect("component").to_owned(),
            )
        })
        .collect();
    (answer["conforms"].as_bool().expect("conforms"), results)
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn pyshacl_agrees_on_the_shipped_data_and_every_fixture() {
    let Some(python) = crate::util::test_python("pySHACL") else {
        return;
    };
    let (conforms, theirs) = pyshacl(&python, None);
    let (_, report) = run_validate(None);
    assert!(
        conforms,
        "pySHACL finds violations in the shipped data: {theirs:?}"
    );
    assert_eq!(shape_results(&report), theirs);
    for fixture in fixtures() {
        let (conforms, theirs) = pyshacl(&python, Some(&fixture));
        let (_, report) = run_validate(Some(&fixture));
        let ours = shape_results(&report);
        let name = fixture.display();
        assert_eq!(conforms, ours.is_empty(), "{name}: verdicts differ");
        assert_eq!(ours, theirs, "{name}: dipkg and pySHACL disagree");
    }
}

/// dipkg's report with `--infer owl-rl` for the shipped data plus `extra`.
fn run_validate_inferred(extra: Option<&Path>) -> Value {
    let (mut cmd, _cwd) = dipkg();
    if let Some(extra) = extra {
        cmd.arg("--data")
            .arg(root().join("data"))
            .arg("--data")
            .arg(extra);
    }
    cmd.args(["validate", "--infer", "owl-rl", "--format", "json"]);
    let out = cmd.output().expect("runs");
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn pyshacl_with_owl_rl_agrees_with_validate_infer_owl_rl() {
    // A reviewer's run: pySHACL over owlrl's full OWL RL closure (equality
    // rules included) of the export. The shipped data must conform there too,
    // and a broken fixture must fail there for what dipkg's inference finds.
    let Some(python) = crate::util::test_python("pySHACL") else {
        return;
    };
    let (conforms, theirs) = pyshacl_with(&python, None, Some("owlrl"));
    assert!(conforms, "pySHACL with owlrl finds violations: {theirs:?}");
    assert_eq!(shape_results(&run_validate_inferred(None)), theirs);
    for name in ["claim-loose.ttl", "visit-incomplete.ttl", "sameas-bad.ttl"] {
        let fixture = root().join("tests/fixtures/invalid").join(name);
        let (_, theirs) = pyshacl_with(&python, Some(&fixture), Some("owlrl"));
        let ours = shape_results(&run_validate_inferred(Some(&fixture)));
        assert!(!ours.is_empty(), "{name}: no violation");
        assert_eq!(
            ours, theirs,
            "{name}: dipkg --infer owl-rl and pySHACL + owlrl disagree"
        );
    }
}
