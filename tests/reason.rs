//! `--infer`: queries in the aligned vocabularies find dipkg's data, entailments
//! live in their own graph that `export --inferred` keeps or leaves out, the
//! reasoner's rules behave as documented on small graphs, and its closure of the
//! shipped data equals owlrl's for the same rules.

use crate::util::{dipkg, root, tempdir};
use dipkg::check::reason::{self, INFERRED_GRAPH, Profile};
use oxigraph::model::{NamedNode, Triple};
use std::collections::BTreeSet;
use std::path::Path;

fn lines(cmd: &mut assert_cmd::Command) -> BTreeSet<String> {
    crate::util::success_stdout(cmd)
        .lines()
        .skip(1) // the TSV header
        .map(str::to_owned)
        .collect()
}

fn select(query: &str, infer: Option<&str>) -> BTreeSet<String> {
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["query", "--format", "tsv", "-e", query]);
    if let Some(rules) = infer {
        cmd.args(["--infer", rules]);
    }
    lines(&mut cmd)
}

#[test]
fn schema_org_event_query_finds_every_visit_and_meeting() {
    let query = "PREFIX schema: <http://schema.org/> SELECT ?x WHERE { ?x a schema:Event }";
    assert!(
        select(query, None).is_empty(),
        "without --infer no resource is typed schema:Event"
    );
    let events = select(query, Some("rdfs"));
    let ours = select(
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?x WHERE { ?x a/rdfs:subClassOf* dkg:Event }",
        None,
    );
    let visits_and_meetings = select(
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#>
         SELECT ?x WHERE { { ?x a dkg:OfficialVisit } UNION { ?x a dkg:CouncilMeeting }
           UNION { ?x a dkg:Summit } UNION { ?x a dkg:ParliamentaryAssemblyMeeting } }",
        None,
    );
    assert!(visits_and_meetings.len() >= 4, "{visits_and_meetings:?}");
    assert!(visits_and_meetings.is_subset(&events), "{events:?}");
    assert_eq!(
        events, ours,
        "schema:Event finds exactly the dkg:Event instances"
    );
}

#[test]
fn wikidata_classes_are_mapped_not_instantiated() {
    // dkg:Embassy is mapped to wd:Q3917681 (embassy) by a mapping record a
    // query can follow, not a class axiom, so no reasoner types anything with a Wikidata
    // class (Wikidata types its items with P31, not rdf:type).
    let typed = "SELECT ?x WHERE { ?x a ?class FILTER(STRSTARTS(STR(?class), \"http://www.wikidata.org/entity/\")) }";
    for infer in [None, Some("rdfs"), Some("owl-rl")] {
        assert!(select(typed, infer).is_empty(), "{infer:?}");
    }
    let mapped = select(
        "PREFIX sssom: <https://w3id.org/sssom/>
         SELECT ?x WHERE {
           ?mapping sssom:subject_id ?class ;
             sssom:predicate_id <http://www.w3.org/2004/02/skos/core#exactMatch> ;
             sssom:object_id <http://www.wikidata.org/entity/Q3917681> .
           ?x a ?class
         }",
        None,
    );
    let ours = select(
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#> SELECT ?x WHERE { ?x a dkg:Embassy }",
        None,
    );
    assert_eq!(mapped, ours);
    assert_eq!(mapped.len(), 2);
}

#[test]
fn unverified_link_is_an_annotation_with_no_entailment() {
    let declared = "ASK { <https://w3id.org/dipkg/ontology#unverifiedLink> a <http://www.w3.org/2002/07/owl#AnnotationProperty> }";
    assert!(ask(declared, None));
    let object_property = "ASK { <https://w3id.org/dipkg/ontology#unverifiedLink> a <http://www.w3.org/2002/07/owl#ObjectProperty> }";
    assert!(!ask(object_property, None));
    for infer in ["rdfs", "owl-rl"] {
        let mapped = "ASK { <https://w3id.org/dipkg/id/place/cholpon-ata> ?p ?o
            FILTER(STRSTARTS(STR(?p), \"http://www.w3.org/2004/02/skos/core#\") && isIRI(?o)) }";
        assert!(
            !ask(mapped, Some(infer)),
            "{infer}: a SKOS mapping of Cholpon-Ata"
        );
        let super_property = "ASK { <https://w3id.org/dipkg/ontology#unverifiedLink> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> ?p }";
        assert!(!ask(super_property, Some(infer)), "{infer}");
    }
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn owl_rl_closure_keeps_our_values_off_their_items() {
    // owlrl's full OWL RL closure (equality rules included: each owl:sameAs
    // alias gets every statement of the other) of the export, alignments
    // included, must put no statement in Wikidata's, DBpedia's or GeoNames'
    // vocabulary on their items (the source's 2016-07-16 as wdt:P585 of
    // wd:Q25906338), type nothing with a Wikidata class, and map none of our
    // resources with SKOS.
    let Some(python) = crate::util::test_python("owlrl") else {
        return;
    };
    let dir = tempdir();
    let data = dir.path().join("data.nt");
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["export", "--format", "ntriples", "-o"])
        .arg(&data)
        .assert()
        .success();
    let check = |more: &[&Path]| {
        std::process::Command::new(&python)
            .arg(root().join("tests/identity_crosscheck.py"))
            .arg(&data)
            .arg(root().join("tests/skos-axioms.ttl"))
            .args(more)
            .output()
            .expect("python runs")
    };
    let out = check(&[]);
    if out.status.code() == Some(3) {
        assert!(
            !crate::util::in_ci(),
            "CI needs owlrl and rdflib: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "skipped: the owlrl identity check could not run ({})",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return;
    }
    assert!(
        out.status.success(),
        "owlrl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    eprintln!("owlrl identity check: {answer}");
    assert!(
        answer["closure"].as_u64().expect("count") > answer["data"].as_u64().expect("count"),
        "owlrl inferred nothing: {answer}"
    );
    assert!(
        answer["about_their_items"].as_u64().expect("count") > 0,
        "the sameAs aliases got no statements at all, so the check proves nothing: {answer}"
    );
    assert_eq!(
        answer["leaks"],
        serde_json::json!([]),
        "statements in their vocabularies about their items"
    );
    assert_eq!(
        answer["concepts"],
        serde_json::json!([]),
        "classes or properties that SKOS's axioms make concepts"
    );
    // The check can fail: one SKOS mapping stated on a class makes both ends concepts.
    let mutant = dir.path().join("mapped-class.ttl");
    std::fs::write(
        &mutant,
        "<https://w3id.org/dipkg/ontology#Treaty> <http://www.w3.org/2004/02/skos/core#exactMatch> <http://www.wikidata.org/entity/Q131569> .\n",
    )
    .expect("write");
    let out = check(&[&mutant]);
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        answer["concepts"],
        serde_json::json!([
            "http://www.wikidata.org/entity/Q131569",
            "https://w3id.org/dipkg/ontology#Treaty"
        ]),
        "{answer}"
    );
}

fn ask(query: &str, infer: Option<&str>) -> bool {
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["query", "--format", "json", "-e", query]);
    if let Some(rules) = infer {
        cmd.args(["--infer", rules]);
    }
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    answer["boolean"].as_bool().expect("an ASK answer")
}

#[test]
fn identity_links_entail_nothing_so_resources_stay_apart() {
    // The shipped links are schema:sameAs: no reasoner reads them back or
    // copies statements between the aliases.
    let link = "ASK { <https://w3id.org/dipkg/id/mission/tr-embassy-bishkek> <http://schema.org/sameAs> <http://www.wikidata.org/entity/Q19611768> }";
    assert!(ask(link, None));
    let owl = "ASK { ?ours <http://www.w3.org/2002/07/owl#sameAs> ?theirs }";
    for infer in [None, Some("rdfs"), Some("owl-rl")] {
        assert!(!ask(owl, infer), "{infer:?}: an owl:sameAs");
        let about_theirs = "ASK { <http://www.wikidata.org/entity/Q19611768> ?p ?o }";
        assert!(
            !ask(about_theirs, infer),
            "{infer:?}: a statement about their item"
        );
    }
}

fn export(args: &[&str]) -> BTreeSet<String> {
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["export", "--format", "nquads"]).args(args);
    crate::util::success_stdout(&mut cmd)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn export_keeps_or_leaves_out_the_inferred_graph() {
    let plain = export(&[]);
    let with = export(&["--infer", "rdfs"]);
    let only = export(&["--infer", "rdfs", "--inferred", "only"]);
    let without = export(&["--infer", "rdfs", "--inferred", "without"]);
    assert_eq!(with, export(&["--infer", "rdfs", "--inferred", "with"]));
    assert_eq!(without, plain);
    assert!(!only.is_empty());
    let graph = format!("<{INFERRED_GRAPH}> .");
    assert!(
        only.iter().all(|q| q.ends_with(&graph)),
        "only the inferred graph"
    );
    assert_eq!(with, plain.union(&only).cloned().collect::<BTreeSet<_>>());
}

#[test]
fn inferred_without_infer_is_a_usage_error() {
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["export", "--inferred", "only"]).assert().code(2);
}

fn iri(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("http://example.org/{local}"))
}

fn w3(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const OWL: &str = "http://www.w3.org/2002/07/owl#";

fn show(triples: &[Triple]) -> BTreeSet<String> {
    triples.iter().map(ToString::to_string).collect()
}

#[test]
fn long_subclass_chain_is_closed_in_every_round() {
    // c0 ⊑ c1 ⊑ … ⊑ c49 and x : c0: semi-naive rounds must still reach the top.
    let n = 50;
    let mut input = vec![Triple::new(iri("x"), w3(RDF_TYPE), iri("c0"))];
    for i in 0..n - 1 {
        input.push(Triple::new(
            iri(&format!("c{i}")),
            w3(&format!("{RDFS}subClassOf")),
            iri(&format!("c{}", i + 1)),
        ));
    }
    let derived = show(&reason::closure(input, Profile::Rdfs));
    let types = derived.iter().filter(|t| t.contains("#type>")).count();
    let subclass = derived
        .iter()
        .filter(|t| t.contains("#subClassOf>"))
        .count();
    assert_eq!(types, n - 1, "x is an instance of c1 … c49");
    assert_eq!(
        subclass,
        n * (n - 1) / 2 - (n - 1),
        "every non-adjacent pair"
    );
}

#[test]
fn rdfs_domain_range_and_subproperty() {
    let input = vec![
        Triple::new(
            iri("visitor"),
            w3(&format!("{RDFS}subPropertyOf")),
            iri("participant"),
        ),
        Triple::new(
            iri("participant"),
            w3(&format!("{RDFS}domain")),
            iri("Event"),
        ),
        Triple::new(
            iri("participant"),
            w3(&format!("{RDFS}range")),
            iri("Agent"),
        ),
        Triple::new(iri("v"), iri("visitor"), iri("p")),
        Triple::new(
            iri("v"),
            iri("label"),
            oxigraph::model::Literal::new_simple_literal("a literal"),
        ),
        Triple::new(iri("label"), w3(&format!("{RDFS}range")), iri("Thing")),
    ];
    let derived = show(&reason::closure(input, Profile::Rdfs));
    for expected in [
        "<http://example.org/v> <http://example.org/participant> <http://example.org/p>",
        "<http://example.org/v> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Event>",
        "<http://example.org/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Agent>",
    ] {
        assert!(
            derived.contains(expected),
            "missing {expected}: {derived:?}"
        );
    }
    assert_eq!(derived.len(), 3, "a literal gets no type: {derived:?}");
}

#[test]
fn owl_rl_inverse_symmetric_transitive_and_same_as() {
    let input = vec![
        Triple::new(
            iri("hostState"),
            w3(&format!("{OWL}inverseOf")),
            iri("hosts"),
        ),
        Triple::new(iri("m"), iri("hostState"), iri("s")),
        Triple::new(
            iri("borders"),
            w3(RDF_TYPE),
            w3(&format!("{OWL}SymmetricProperty")),
        ),
        Triple::new(iri("a"), iri("borders"), iri("b")),
        Triple::new(
            iri("partOf"),
            w3(RDF_TYPE),
            w3(&format!("{OWL}TransitiveProperty")),
        ),
        Triple::new(iri("e1"), iri("partOf"), iri("e2")),
        Triple::new(iri("e2"), iri("partOf"), iri("e3")),
        Triple::new(iri("e3"), iri("partOf"), iri("e4")),
        Triple::new(iri("x"), w3(&format!("{OWL}sameAs")), iri("y")),
        Triple::new(iri("y"), w3(&format!("{OWL}sameAs")), iri("z")),
        Triple::new(iri("x"), iri("name"), iri("n")),
    ];
    let derived = show(&reason::closure(input.clone(), Profile::OwlRl));
    let has = |s: &str, p: &str, o: &str| {
        derived.contains(&format!(
            "<http://example.org/{s}> <{p}> <http://example.org/{o}>"
        ))
    };
    let ex = |l: &str| format!("http://example.org/{l}");
    let same = format!("{OWL}sameAs");
    assert!(has("s", &ex("hosts"), "m"));
    assert!(has("b", &ex("borders"), "a"));
    assert!(
        has("e1", &ex("partOf"), "e3")
            && has("e1", &ex("partOf"), "e4")
            && has("e2", &ex("partOf"), "e4")
    );
    assert!(has("y", &same, "x") && has("x", &same, "z") && has("z", &same, "x"));
    assert!(
        !has("y", &ex("name"), "n"),
        "sameAs does not copy statements"
    );
    assert!(
        show(&reason::closure(input, Profile::Rdfs)).is_empty(),
        "none of these are RDFS entailments"
    );
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn closure_of_the_shipped_data_matches_owlrl() {
    let Some(python) = crate::util::test_python("owlrl") else {
        return;
    };
    let dir = tempdir();
    let data = dir.path().join("data.nt");
    let (mut cmd, _cwd) = dipkg();
    cmd.args(["export", "--format", "ntriples", "-o"])
        .arg(&data)
        .assert()
        .success();
    for rules in ["rdfs", "owl-rl"] {
        let inferred = dir.path().join(format!("inferred-{rules}.nt"));
        let (mut cmd, _cwd) = dipkg();
        cmd.args([
            "export",
            "--format",
            "ntriples",
            "--infer",
            rules,
            "--inferred",
            "only",
            "-o",
        ])
        .arg(&inferred)
        .assert()
        .success();
        let out = std::process::Command::new(&python)
            .arg(root().join("tests/reason_crosscheck.py"))
            .arg(rules)
            .arg(&data)
            .arg(&inferred)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "owlrl failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(
            answer["compared"].as_u64().expect("count") > 500,
            "{rules}: {answer}"
        );
        assert_eq!(
            answer["missing"],
            serde_json::json!([]),
            "{rules}: owlrl derives more"
        );
        assert_eq!(
            answer["extra"],
            serde_json::json!([]),
            "{rules}: dipkg derives more"
        );
    }
}
