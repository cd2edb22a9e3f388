//! The facts F1–F23 of the source: one ASK per fact in `tests/facts/`, each true
//! on the shipped data and false once the resources citing that fact are removed;
//! citations checked against the source text; every IRI described; every external
//! link one of the verified identifiers.

use crate::util::{reference, root, source_text};
use dipkg::rdf::store::{self, Dataset, Sources};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::collections::BTreeSet;

fn shipped() -> Dataset {
    store::load(&Sources::default()).expect("shipped data loads")
}

/// Evaluates a query over the union of the graphs, as dipkg does.
fn evaluate<'a>(dataset: &'a Dataset, query: &str) -> QueryResults<'a> {
    let mut prepared = SparqlEvaluator::new()
        .parse_query(query)
        .unwrap_or_else(|e| panic!("{e}\n{query}"));
    prepared.dataset_mut().set_default_graph_as_union();
    prepared
        .on_store(&dataset.store)
        .execute()
        .expect("evaluates")
}

fn ask(dataset: &Dataset, query: &str) -> bool {
    match evaluate(dataset, query) {
        QueryResults::Boolean(b) => b,
        _ => panic!("not an ASK query:\n{query}"),
    }
}

fn select(dataset: &Dataset, query: &str) -> Vec<Vec<Option<Term>>> {
    match evaluate(dataset, query) {
        QueryResults::Solutions(s) => {
            let vars = s.variables().to_vec();
            s.map(|row| {
                let row = row.expect("solution");
                vars.iter().map(|v| row.get(v).cloned()).collect()
            })
            .collect()
        }
        _ => panic!("not a SELECT query:\n{query}"),
    }
}

fn fact_files() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/facts"))
        .expect("tests/facts exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let id = p.file_stem().expect("named").to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect()
}

#[test]
fn there_is_one_check_per_fact() {
    let ids: Vec<String> = fact_files().into_iter().map(|(id, _)| id).collect();
    let expected: Vec<String> = (1..=23).map(|n| format!("F{n:02}")).collect();
    assert_eq!(ids, expected);
}

#[test]
fn every_fact_holds_on_the_shipped_data() {
    let dataset = shipped();
    let failing: Vec<String> = fact_files()
        .into_iter()
        .filter(|(_, q)| !ask(&dataset, q))
        .map(|(id, _)| id)
        .collect();
    assert!(failing.is_empty(), "facts not in the graph: {failing:?}");
}

#[test]
fn every_fact_check_fails_without_the_fact() {
    for (id, query) in fact_files() {
        let dataset = shipped();
        let citation = format!("https://w3id.org/dipkg/id/citation/{id}");
        // Remove every statement about the resources that cite this fact (an update's
        // default graph is not the union, so both patterns name their graphs).
        SparqlEvaluator::new()
            .parse_update(&format!(
                "DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{
                   GRAPH ?c {{ ?s <https://w3id.org/dipkg/ontology#statedIn> <{citation}> }}
                   GRAPH ?g {{ ?s ?p ?o }} }}"
            ))
            .expect("valid update")
            .on_store(&dataset.store)
            .execute()
            .expect("applies");
        assert!(
            !ask(&dataset, &query),
            "{id} still holds after its resources were removed"
        );
    }
}

#[test]
fn every_fact_is_cited() {
    let dataset = shipped();
    for n in 1..=23 {
        let citation = format!("https://w3id.org/dipkg/id/citation/F{n:02}");
        assert!(
            ask(
                &dataset,
                &format!(
                    "ASK {{ ?s <https://w3id.org/dipkg/ontology#statedIn> <{citation}> .
                          <{citation}> <https://w3id.org/dipkg/ontology#paragraph> ?p ;
                             <https://w3id.org/dipkg/ontology#startOffset> ?a ;
                             <https://w3id.org/dipkg/ontology#endOffset> ?b }}"
                )
            ),
            "F{n:02} has no citation with a range, or nothing cites it"
        );
    }
}

#[test]
fn citation_ranges_lie_in_their_paragraph_and_hold_their_key_phrase() {
    let Some(text) = source_text() else {
        assert!(
            !crate::util::in_ci(),
            "CI must have ../shared/source beside the checkout"
        );
        eprintln!(
            "skipped: ../shared/source/political-collaboration.txt is not beside the checkout"
        );
        return;
    };
    let chars: Vec<char> = text.chars().collect();
    // Paragraphs are the non-empty lines, numbered from 1; ranges in scalar values.
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let len = line.chars().count();
        if !line.trim().is_empty() {
            paragraphs.push((start, start + len));
        }
        start += len + 1;
    }
    let dataset = shipped();
    let rows = select(
        &dataset,
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#>
         SELECT ?c ?p ?a ?b ?k WHERE {
           ?c a dkg:Citation ; dkg:paragraph ?p ; dkg:startOffset ?a ; dkg:endOffset ?b ; dkg:keyPhrase ?k }",
    );
    assert!(
        rows.len() >= 23,
        "expected a citation per fact, found {}",
        rows.len()
    );
    let int = |t: &Option<Term>| -> usize {
        match t {
            Some(Term::Literal(l)) => l.value().parse().expect("an integer"),
            other => panic!("not a literal: {other:?}"),
        }
    };
    for row in rows {
        let citation = row[0].as_ref().map(ToString::to_string).unwrap_or_default();
        let (p, a, b) = (int(&row[1]), int(&row[2]), int(&row[3]));
        let key = match &row[4] {
            Some(Term::Literal(l)) => l.value().to_owned(),
            other => panic!("{citation}: key phrase {other:?}"),
        };
        let (ps, pe) = paragraphs[p - 1];
        assert!(
            ps <= a && a < b && b <= pe,
            "{citation}: {a}..{b} is not inside paragraph {p} ({ps}..{pe})"
        );
        let cited: String = chars[a..b].iter().collect();
        assert!(
            cited.contains(&key),
            "{citation}: {key:?} is not in the cited range {cited:?}"
        );
    }
}

#[test]
fn source_document_is_described_with_its_digest() {
    let dataset = shipped();
    assert!(ask(
        &dataset,
        "ASK { <https://w3id.org/dipkg/id/source/political-collaboration>
                 <https://w3id.org/dipkg/ontology#sha256>
                 \"8f1063350200fd4d734691532953a6a05d63105d51cc19ad06d866ebc23ca716\" }"
    ));
}

#[test]
fn every_iri_in_the_data_is_described_or_external() {
    let dataset = shipped();
    let rows = select(
        &dataset,
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT DISTINCT ?x WHERE {
           { ?x ?p ?o } UNION { ?s ?p ?x FILTER(?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) }
           FILTER(isIRI(?x))
           FILTER(STRSTARTS(STR(?x), 'https://w3id.org/dipkg/id/'))
           FILTER NOT EXISTS { ?x a ?type ; rdfs:label ?label FILTER(langMatches(lang(?label), 'en')) }
           # A citation's Web Annotation selectors are typed parts of it, not things to name.
           FILTER NOT EXISTS { ?x a ?selector FILTER(?selector IN (<http://www.w3.org/ns/oa#TextPositionSelector>, <http://www.w3.org/ns/oa#TextQuoteSelector>)) }
         }",
    );
    let undescribed: Vec<String> = rows
        .into_iter()
        .filter_map(|r| r[0].as_ref().map(ToString::to_string))
        .collect();
    assert!(
        undescribed.is_empty(),
        "used but not typed and labelled: {undescribed:?}"
    );
}

/// The identifiers of `external-ids.tsv`: (verified, likely).
fn reference_ids() -> Option<(BTreeSet<String>, BTreeSet<String>)> {
    let tsv = reference("external-ids.tsv")?;
    let mut verified = BTreeSet::new();
    let mut likely = BTreeSet::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        let status = cols[4];
        // "unknown (wikidata)" leaves the row's other identifiers verified.
        // Each identifier goes to the verified (true) or likely (false) set.
        let (wikidata, others) = match status {
            "verified" => (Some(true), Some(true)),
            "likely" => (Some(false), Some(false)),
            s if s.starts_with("unknown (") => (None, Some(true)),
            _ => (None, None),
        };
        let mut add = |is_verified: Option<bool>, iri: String| match is_verified {
            Some(true) => {
                verified.insert(iri);
            }
            Some(false) => {
                likely.insert(iri);
            }
            None => {}
        };
        if !cols[1].is_empty() {
            add(
                wikidata,
                format!("<http://www.wikidata.org/entity/{}>", cols[1]),
            );
        }
        if !cols[2].is_empty() {
            add(others, format!("<http://dbpedia.org/resource/{}>", cols[2]));
        }
        if !cols[3].is_empty() {
            add(others, format!("<https://sws.geonames.org/{}/>", cols[3]));
        }
    }
    Some((verified, likely))
}

#[test]
fn every_external_identifier_is_a_verified_or_flagged_one() {
    let Some((verified, likely)) = reference_ids() else {
        assert!(
            !crate::util::in_ci(),
            "CI must have ../shared/reference beside the checkout"
        );
        eprintln!("skipped: ../shared/reference is not beside the checkout");
        return;
    };
    let dataset = shipped();
    let rows = select(
        &dataset,
        "SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
           FILTER(?g = <https://w3id.org/dipkg/graph/links>)
           FILTER(isIRI(?o) && (STRSTARTS(STR(?o), 'http://www.wikidata.org/entity/')
             || STRSTARTS(STR(?o), 'http://dbpedia.org/resource/')
             || STRSTARTS(STR(?o), 'https://sws.geonames.org/'))) }",
    );
    assert!(
        rows.len() >= 20,
        "expected the links of data/links.ttl, found {}",
        rows.len()
    );
    for row in rows {
        let predicate = row[0].as_ref().map(ToString::to_string).unwrap_or_default();
        let target = row[1].as_ref().map(ToString::to_string).unwrap_or_default();
        let flagged = predicate == "<https://w3id.org/dipkg/ontology#unverifiedLink>";
        let ok = if predicate == "<http://www.w3.org/2002/07/owl#sameAs>" {
            verified.contains(&target)
        } else if flagged {
            likely.contains(&target)
        } else {
            verified.contains(&target) || likely.contains(&target)
        };
        assert!(
            ok,
            "{predicate} {target} is not an identifier external-ids.tsv allows there"
        );
    }
}

/// The graphs of `dataset` whose statements have no provenance: a graph
/// neither derived from anything nor attributed to anyone, or statements in
/// the default graph.
fn graphs_without_provenance(dataset: &Dataset) -> Vec<String> {
    select(
        dataset,
        "PREFIX prov: <http://www.w3.org/ns/prov#>
         SELECT DISTINCT ?g WHERE {
           { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?g prov:wasDerivedFrom|prov:wasAttributedTo ?x } }
           UNION { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?any { ?s ?p ?o } } BIND(\"default graph\" AS ?g) }
         } ORDER BY STR(?g)",
    )
    .into_iter()
    .filter_map(|r| r[0].as_ref().map(ToString::to_string))
    .collect()
}

#[test]
fn every_statement_of_the_data_has_provenance() {
    let dataset = shipped();
    assert_eq!(graphs_without_provenance(&dataset), Vec::<String>::new());
    // The check can fail: one statement in a graph nobody describes.
    let dir = crate::util::tempdir();
    let stray = crate::util::write(
        dir.path(),
        "stray.trig",
        "<https://w3id.org/dipkg/graph/stray> { <https://w3id.org/dipkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en }",
    );
    let mut documents = store::shipped_data();
    documents.extend(store::read_path(&stray).expect("reads"));
    let mut all = store::shipped_ontology();
    all.extend(documents);
    let with_stray = store::load_documents(&all, 1).expect("loads");
    assert_eq!(
        graphs_without_provenance(&with_stray),
        vec!["<https://w3id.org/dipkg/graph/stray>".to_owned()]
    );
}

/// The triples a fact check asks for by name (no variables), from its basic
/// graph patterns, leaving out the citation it checks and `dkg:statedIn`.
fn fact_triples(text: &str) -> Vec<(String, String, String)> {
    use spargebra::algebra::GraphPattern;
    use spargebra::term::{NamedNodePattern, TermPattern};
    fn walk(pattern: &GraphPattern, out: &mut Vec<spargebra::term::TriplePattern>) {
        match pattern {
            GraphPattern::Bgp { patterns } => out.extend(patterns.iter().cloned()),
            GraphPattern::Join { left, right }
            | GraphPattern::LeftJoin { left, right, .. }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => {
                walk(left, out);
                walk(right, out);
            }
            GraphPattern::Filter { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Extend { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Graph { inner, .. }
            | GraphPattern::Service { inner, .. } => walk(inner, out),
            _ => {}
        }
    }
    let query = spargebra::SparqlParser::new()
        .parse_query(text)
        .expect("a fact check parses");
    let spargebra::Query::Ask { pattern, .. } = query else {
        panic!("a fact check is an ASK query");
    };
    let mut patterns = Vec::new();
    walk(&pattern, &mut patterns);
    let term = |t: &TermPattern| match t {
        TermPattern::NamedNode(n) => Some(n.to_string()),
        TermPattern::Literal(l) => Some(l.to_string()),
        _ => None,
    };
    patterns
        .iter()
        .filter_map(|p| {
            let NamedNodePattern::NamedNode(predicate) = &p.predicate else {
                return None;
            };
            let (s, o) = (term(&p.subject)?, term(&p.object)?);
            let cited = s.contains("/id/citation/") || s.contains("/id/source/");
            (!cited && !predicate.as_str().ends_with("#statedIn"))
                .then(|| (s, predicate.to_string(), o))
        })
        .collect()
}

/// Per statement: every triple a fact of the source contributes is in a graph
/// derived from a citation of the source (whose range the citation tests check
/// holds the fact's key words), and a triple only that fact states is in the
/// graph of that fact's own citation.
#[test]
fn every_fact_triple_is_cited_by_a_range_of_the_source() {
    let dataset = shipped();
    let facts = fact_files();
    let mut claimed: std::collections::BTreeMap<(String, String, String), Vec<String>> =
        std::collections::BTreeMap::new();
    for (name, text) in &facts {
        for triple in fact_triples(text) {
            claimed.entry(triple).or_default().push(name.clone());
        }
    }
    assert!(claimed.len() > 100, "{} fact triples", claimed.len());
    let mut problems = Vec::new();
    for ((s, p, o), names) in &claimed {
        let rows = select(
            &dataset,
            &format!(
                "PREFIX prov: <http://www.w3.org/ns/prov#>
                 PREFIX dkg: <https://w3id.org/dipkg/ontology#>
                 SELECT ?citation WHERE {{ GRAPH ?g {{ {s} {p} {o} }}
                   ?g prov:wasDerivedFrom ?citation .
                   ?citation a dkg:Citation ; dkg:citesSource <https://w3id.org/dipkg/id/source/political-collaboration> }}"
            ),
        );
        let citations: Vec<String> = rows
            .into_iter()
            .filter_map(|r| r[0].as_ref().map(ToString::to_string))
            .collect();
        if citations.is_empty() {
            problems.push(format!(
                "{s} {p} {o} ({names:?}): in no graph derived from a citation of the source"
            ));
        } else if names.len() == 1 {
            let own = format!("<https://w3id.org/dipkg/id/citation/{}>", names[0]);
            if !citations.contains(&own) {
                problems.push(format!(
                    "{s} {p} {o}: stated only by {} but cited as {citations:?}",
                    names[0]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The ontology says what it is: version IRI and version (the crate's),
/// preferred prefix and namespace, creator, licence, dates; and every term
/// says where it is defined.
#[test]
fn the_ontology_describes_itself_and_every_term() {
    let dataset = shipped();
    let ask = |pattern: &str| {
        ask(
            &dataset,
            &format!(
                "PREFIX owl: <http://www.w3.org/2002/07/owl#>
                 PREFIX dcterms: <http://purl.org/dc/terms/>
                 PREFIX vann: <http://purl.org/vocab/vann/>
                 ASK {{ <https://w3id.org/dipkg/ontology> {pattern} }}"
            ),
        )
    };
    let version = env!("CARGO_PKG_VERSION");
    assert!(ask(&format!(
        "owl:versionInfo \"{version}\" ; owl:versionIRI <https://w3id.org/dipkg/ontology/{version}>"
    )));
    assert!(ask(
        "vann:preferredNamespacePrefix \"dkg\" ; vann:preferredNamespaceUri \"https://w3id.org/dipkg/ontology#\""
    ));
    assert!(ask(
        "dcterms:creator ?c ; dcterms:license ?l ; dcterms:issued ?i ; dcterms:modified ?m"
    ));
    let undefined = select(
        &dataset,
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT ?t WHERE { ?t a ?kind FILTER(STRSTARTS(STR(?t), 'https://w3id.org/dipkg/ontology#'))
           FILTER NOT EXISTS { ?t rdfs:isDefinedBy <https://w3id.org/dipkg/ontology> } }",
    );
    assert!(
        undefined.is_empty(),
        "terms without rdfs:isDefinedBy: {undefined:?}"
    );
}
