#!/usr/bin/env python3
"""Writes N-Quads with many coded events for benches/events.sh: the shipped
graph's event statements (every quad whose subject is under /id/event/) copied
until there are at least ROWS directed CAMEO codings, each copy's events and
codings renamed (`/id/event/c42-…`), its states, places and sources shared.
The shipped graph itself is loaded beside it, so every copy's citations and
parties resolve. Deterministic: the same arguments give the same file.

usage: benches/gen-events.py SHIPPED.nq ROWS OUT.nq
"""
import sys

shipped, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
EVENT = "<https://w3id.org/dipkg/id/event/"
with open(shipped, encoding="utf-8") as f:
    lines = [l for l in f if l.startswith(EVENT)]
codings = sum(1 for l in lines if "/ontology#cameoCoding> " in l)
if codings == 0:
    sys.exit("the shipped graph has no dkg:cameoCoding")
copies = -(-rows // codings)
with open(out, "w", encoding="utf-8") as f:
    for k in range(1, copies + 1):
        renamed = f"{EVENT}c{k}-"
        f.writelines(l.replace(EVENT, renamed) for l in lines)
print(f"{copies} copies of {codings} codings: {copies * codings} rows, {copies * len(lines)} quads", file=sys.stderr)
