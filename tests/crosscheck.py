#!/usr/bin/env python3
"""Answer a SPARQL query with rdflib, an engine independent of Oxigraph.

Used by tests/crosscheck.rs: loads an N-Quads export with the union of graphs as
the default graph, binds parameters given as N-Triples terms through rdflib's
initBindings, and prints the solutions as sorted JSON rows so two engines'
answers compare as multisets.

usage: crosscheck.py DATA.nq QUERY.rq [VAR=NTRIPLES-TERM ...]
"""

import json
import sys

from rdflib import Dataset, Literal, URIRef, BNode
from rdflib.util import from_n3

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_json(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode"}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language.lower()
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    raise SystemExit(f"unexpected term {term!r}")


def main():
    data, query_file, *bindings = sys.argv[1:]
    dataset = Dataset(default_union=True)
    dataset.parse(data, format="nquads")
    init = {}
    for binding in bindings:
        name, _, term = binding.partition("=")
        init[name] = from_n3(term)
    with open(query_file, encoding="utf-8") as f:
        query = f.read()
    result = dataset.query(query, initBindings=init)
    if result.type == "ASK":
        print(json.dumps({"boolean": bool(result.askAnswer)}))
        return
    names = [str(v) for v in result.vars]
    rows = []
    for row in result:
        rows.append({n: term_json(row[i]) for i, n in enumerate(names) if row[i] is not None})
    rows.sort(key=lambda r: json.dumps(r, sort_keys=True))
    print(json.dumps({"vars": names, "rows": rows}, sort_keys=True))


if __name__ == "__main__":
    main()
