"""Validates RDF files with pySHACL and prints what the Rust test compares.

Usage: shacl_crosscheck.py [--inference owlrl] SHAPES FILE...

With --inference owlrl, pySHACL first expands the data graph with owlrl's full
OWL RL closure (equality rules included), as a reviewer would run it.

The files are merged into one data graph (quads of TriG files lose their graph,
as dipkg validates the union of graphs; pySHACL would otherwise validate each
named graph on its own). Prints JSON: {"conforms": bool, "results": [[focus,
path, component], ...]} with IRIs in N-Triples form, sorted and without
duplicates.
"""

import json
import sys

import rdflib
from pyshacl import validate

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def main():
    args = sys.argv[1:]
    inference = "none"
    if args[:1] == ["--inference"]:
        inference, args = args[1], args[2:]
    shapes_file, *files = args
    data = rdflib.Graph()
    for name in files:
        if name.endswith(".trig") or name.endswith(".nq"):
            dataset = rdflib.Dataset()
            dataset.parse(name, format="trig" if name.endswith(".trig") else "nquads")
            for s, p, o, _ in dataset.quads():
                data.add((s, p, o))
        else:
            data.parse(name, format="turtle" if name.endswith(".ttl") else None)
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    conforms, report, _ = validate(data, shacl_graph=shapes, inference=inference)
    results = set()
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        if isinstance(path, rdflib.BNode):
            inverse = report.value(path, SH.inversePath)
            path = "^" + inverse.n3() if inverse is not None else "?"
        elif path is not None:
            path = path.n3()
        component = report.value(result, SH.sourceConstraintComponent)
        results.add((focus.n3(), path, str(component)))
    print(json.dumps({"conforms": bool(conforms), "results": sorted(results, key=str)}))


if __name__ == "__main__":
    main()
