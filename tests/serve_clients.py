"""Real SPARQL clients against a running `dipkg serve` (tests/serve_clients.rs).

usage: serve_clients.py ENDPOINT CASES.json
CASES.json maps a saved query's name to {"sparql": text, "expected": SPARQL JSON
results from `dipkg query NAME --format json`}. Each query is sent with
SPARQLWrapper and with rdflib's SPARQLStore; both answers must equal the
expected one as multisets of rows. Prints one line per failure and a summary;
exits 1 on any failure.
"""
import json
import sys
from collections import Counter

from rdflib import Literal, URIRef, BNode
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SELECT, SPARQLWrapper


def key_json(binding):
    if binding is None:
        return None
    kind = binding["type"]
    if kind == "typed-literal":
        kind = "literal"
    return (
        kind,
        binding["value"],
        binding.get("xml:lang", ""),
        binding.get("datatype", "")
        if binding.get("datatype") != "http://www.w3.org/2001/XMLSchema#string"
        else "",
    )


def rows_json(results):
    variables = results["head"]["vars"]
    return Counter(
        tuple(key_json(row.get(v)) for v in variables)
        for row in results["results"]["bindings"]
    )


def key_rdflib(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term), "", "")
    if isinstance(term, BNode):
        return ("bnode", str(term), "", "")
    datatype = str(term.datatype) if term.datatype else ""
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = ""
    return ("literal", str(term), term.language or "", datatype)


def main():
    endpoint, cases_path = sys.argv[1], sys.argv[2]
    cases = json.load(open(cases_path, encoding="utf-8"))
    failures = 0
    # POST: the longest saved queries are over the 8 KiB a GET request may have.
    store = SPARQLStore(endpoint, returnFormat="json", method="POST_FORM")
    for name, case in sorted(cases.items()):
        expected = rows_json(case["expected"])
        wrapper = SPARQLWrapper(endpoint)
        wrapper.setQuery(case["sparql"])
        # SPARQLWrapper guesses the query form from keywords and takes the word
        # "adds" in a comment for SPARQL Update's ADD: say what it is.
        wrapper.queryType = SELECT
        wrapper.setReturnFormat(JSON)
        wrapper.setMethod("POST")
        try:
            got = rows_json(wrapper.query().convert())
        except Exception as error:  # a failed request is a failure to report
            failures += 1
            print(f"SPARQLWrapper {name}: {error}")
            continue
        if got != expected:
            failures += 1
            print(f"SPARQLWrapper {name}: {sum(got.values())} rows, expected {sum(expected.values())}")
        try:
            result = store.query(case["sparql"])
        except Exception as error:
            failures += 1
            print(f"rdflib SPARQLStore {name}: {error}")
            continue
        variables = [str(v) for v in result.vars]
        got = Counter(
            tuple(key_rdflib(row[i]) for i in range(len(variables))) for row in result
        )
        if got != expected:
            failures += 1
            print(f"rdflib SPARQLStore {name}: {sum(got.values())} rows, expected {sum(expected.values())}")
    print(f"{len(cases)} queries, 2 clients, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
