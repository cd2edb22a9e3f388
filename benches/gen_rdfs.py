"""Writes N generated N-Triples for benches/reason.sh: an RDFS schema and instances.

A class tree (branching 4, depth 5: 1365 classes), 64 properties in chains of 4
rdfs:subPropertyOf with a domain and range at each chain's top, then instances
of leaf classes, each with one rdf:type and links by leaf properties to other
instances, until N triples. Deterministic (seeded), so every run sees the same graph.
"""

import random
import sys

n = int(sys.argv[1])
rnd = random.Random(42)
EX = "http://example.org/bench/"
SC = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
SP = "<http://www.w3.org/2000/01/rdf-schema#subPropertyOf>"
DOM = "<http://www.w3.org/2000/01/rdf-schema#domain>"
RNG = "<http://www.w3.org/2000/01/rdf-schema#range>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
out = []
classes = [0]
leaves = []
frontier = [0]
for depth in range(5):
    nxt = []
    for parent in frontier:
        for _ in range(4):
            c = len(classes)
            classes.append(c)
            out.append(f"<{EX}C{c}> {SC} <{EX}C{parent}> .")
            nxt.append(c)
    frontier = nxt
leaves = frontier
leaf_props = []
for chain in range(16):
    top = f"<{EX}p{chain}_0>"
    out.append(f"{top} {DOM} <{EX}C{rnd.randrange(1, 21)}> .")
    out.append(f"{top} {RNG} <{EX}C{rnd.randrange(1, 21)}> .")
    for level in range(1, 4):
        out.append(f"<{EX}p{chain}_{level}> {SP} <{EX}p{chain}_{level - 1}> .")
    leaf_props.append(f"<{EX}p{chain}_3>")
i = 0
while len(out) < n:
    out.append(f"<{EX}i{i}> {TYPE} <{EX}C{rnd.choice(leaves)}> .")
    for _ in range(3):
        if len(out) >= n:
            break
        out.append(f"<{EX}i{i}> {rnd.choice(leaf_props)} <{EX}i{rnd.randrange(0, max(1, n // 4))}> .")
    i += 1
sys.stdout.write("\n".join(out[:n]) + "\n")
