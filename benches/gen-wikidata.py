#!/usr/bin/env python3
"""Writes N-Triples shaped like a Wikidata extract about states, people,
offices, events and places, of (about) a given number of triples, for
benches/store.sh.

Entities are wd:Q… items with wdt: direct claims, as in Wikidata's truthy dump:
  states  (P31 Q6256, P36 capital, P1082 population, P571 inception, P30 continent)
  places  (P31 Q515 city, P17 country, P131 located in, P625-like latitude and longitude as decimals)
  people  (P31 Q5, P27 citizenship, P569 birth date, P19 birthplace, P39 office held, P106)
  offices (P31 Q4164871 position, P17 country, P1001 jurisdiction)
  events  (P31 Q1190554 occurrence, P585 point in time, P580/P582 start and end, P276 place, P710 participants)
Each has rdfs:label and schema:description in English, Russian, Turkish and
Kyrgyz (language-tagged literals), plus an integer and a date or two.
Deterministic: the same N gives the same bytes.

usage: benches/gen-wikidata.py TRIPLES [OUT.nt]   (default: standard output)
"""
import random
import sys

target = int(sys.argv[1])
out = open(sys.argv[2], "w", encoding="utf-8") if len(sys.argv) > 2 else sys.stdout
rng = random.Random(15)
WD = "http://www.wikidata.org/entity/"
P = "http://www.wikidata.org/prop/direct/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DESC = "<http://schema.org/description>"
XSD = "http://www.w3.org/2001/XMLSchema#"
syll = ["ka", "ra", "bek", "an", "tu", "mir", "ol", "sa", "ta", "bi", "shek", "zhe", "no", "ur", "al", "ist", "dar", "kan"]
cyr = {"ka": "ка", "ra": "ра", "bek": "бек", "an": "ан", "tu": "ту", "mir": "мир", "ol": "ол", "sa": "са", "ta": "та",
       "bi": "би", "shek": "шек", "zhe": "же", "no": "но", "ur": "ур", "al": "ал", "ist": "ист", "dar": "дар", "kan": "кан"}
kinds = [("state", 1), ("place", 6), ("person", 10), ("office", 2), ("event", 6)]
weights = [w for _, w in kinds]
written = 0
buf = []


def t(s, p, o):
    global written
    if written >= target:
        return
    buf.append(f"{s} {p} {o} .\n")
    written += 1


def item(n):
    return f"<{WD}Q{n}>"


def date(lo=1900, hi=2024):
    return f'"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^<{XSD}date>'


def integer(lo, hi):
    return f'"{rng.randint(lo, hi)}"^^<{XSD}integer>'


def names():
    parts = [rng.choice(syll) for _ in range(rng.randint(2, 4))]
    latin = "".join(parts).capitalize()
    return latin, "".join(cyr[p] for p in parts).capitalize()


i = 0
while written < target:
    i += 1
    s = item(1_000_000 + i)
    kind = rng.choices(kinds, weights)[0][0]
    latin, cyrillic = names()
    t(s, LABEL, f'"{latin}"@en')
    t(s, LABEL, f'"{cyrillic}"@ru')
    t(s, LABEL, f'"{latin}"@tr')
    t(s, LABEL, f'"{cyrillic}"@ky')
    t(s, DESC, f'"{kind} in a generated extract"@en')
    state = item(1_000_000 + rng.randint(1, max(1, i // 25)))
    other = item(1_000_000 + rng.randint(1, i))
    if kind == "state":
        t(s, f"<{P}P31>", item(6256))
        t(s, f"<{P}P36>", other)
        t(s, f"<{P}P1082>", integer(100_000, 90_000_000))
        t(s, f"<{P}P571>", date(1500, 1995))
        t(s, f"<{P}P30>", item(rng.choice([48, 46, 15, 18, 49])))
    elif kind == "place":
        t(s, f"<{P}P31>", item(rng.choice([515, 1637706, 3957])))
        t(s, f"<{P}P17>", state)
        t(s, f"<{P}P131>", other)
        t(s, f"<{P}P1082>", integer(1_000, 5_000_000))
        t(s, "<http://www.w3.org/2003/01/geo/wgs84_pos#lat>", f'"{rng.uniform(-80, 80):.5f}"^^<{XSD}decimal>')
        t(s, "<http://www.w3.org/2003/01/geo/wgs84_pos#long>", f'"{rng.uniform(-180, 180):.5f}"^^<{XSD}decimal>')
    elif kind == "person":
        t(s, f"<{P}P31>", item(5))
        t(s, f"<{P}P27>", state)
        t(s, f"<{P}P569>", date(1900, 2000))
        t(s, f"<{P}P19>", other)
        t(s, f"<{P}P39>", item(1_000_000 + rng.randint(1, i)))
        t(s, f"<{P}P106>", item(rng.choice([82955, 193391, 1930187, 40348])))
    elif kind == "office":
        t(s, f"<{P}P31>", item(4164871))
        t(s, f"<{P}P17>", state)
        t(s, f"<{P}P1001>", state)
        t(s, f"<{P}P571>", date(1900, 2020))
    else:
        t(s, f"<{P}P31>", item(rng.choice([1190554, 2761147, 625994, 1229765])))
        t(s, f"<{P}P585>", date(1991, 2024))
        t(s, f"<{P}P580>", date(1991, 2024))
        t(s, f"<{P}P582>", date(1991, 2024))
        t(s, f"<{P}P276>", other)
        for _ in range(rng.randint(1, 3)):
            t(s, f"<{P}P710>", item(1_000_000 + rng.randint(1, i)))
    if len(buf) >= 100_000:
        out.write("".join(buf))
        buf.clear()
out.write("".join(buf))
out.close()
