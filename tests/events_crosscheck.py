"""Reads the event table of `dipkg events` the way a researcher does, with
pandas, and checks it against an independent SPARQL answer.

Usage: events_crosscheck.py DIR

DIR holds events.csv, events.tsv, events.json, events.jsonl (the default
columns), icews.csv, polecat.tsv, and expected.csv: the SPARQL CSV results of
a query over the graph, one row per CAMEO coding (coding, cameo, actor ISO3,
recipient ISO3, start day). Every file must read without a warning
(read_csv with dtype=str), CAMEO codes keep their leading zero, the rows of
each format equal the expected rows, and the ICEWS and POLECAT files start
with those datasets' exact columns.

Prints JSON {"rows": n, "formats": [...]}; exits 1 with a message on any
difference, 3 when pandas cannot be imported.
"""

import json
import sys
import warnings

try:
    import pandas as pd
except ImportError as e:  # pragma: no cover - the caller reports it
    print(f"pandas is missing: {e}", file=sys.stderr)
    sys.exit(3)

ICEWS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
         "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
         "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
         "Province", "Country", "Latitude", "Longitude"]
POLECAT_START = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity",
                 "Quad Code", "Contexts", "Actor Name", "Actor Country", "Actor COW"]


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def key(frame, coding, cameo, actor, recipient, start):
    frame = frame.fillna("")
    return sorted(
        tuple(str(v) for v in row)
        for row in frame[[coding, cameo, actor, recipient, start]].itertuples(index=False)
    )


def main():
    folder = sys.argv[1]
    warnings.simplefilter("error")
    expected = pd.read_csv(f"{folder}/expected.csv", dtype=str, keep_default_na=False)
    want = key(expected, "coding", "cameo", "actor", "recipient", "start")
    tables = {
        "csv": pd.read_csv(f"{folder}/events.csv", dtype=str),
        "tsv": pd.read_csv(f"{folder}/events.tsv", sep="\t", dtype=str),
        "json": pd.read_json(f"{folder}/events.json", dtype=False),
        "jsonl": pd.read_json(f"{folder}/events.jsonl", lines=True, dtype=False),
    }
    for name, frame in tables.items():
        if list(frame.columns[:2]) != ["eventId", "codingId"]:
            fail(f"{name}: columns start {list(frame.columns[:2])}")
        codes = frame["cameoCode"].dropna()
        if not all(isinstance(c, str) and len(c) == 3 and c.startswith("0") for c in codes):
            fail(f"{name}: CAMEO codes lost their leading zero: {list(codes)}")
        if (frame.astype(str) == "None").any().any():
            fail(f"{name}: a cell says None")
        got = key(frame, "codingId", "cameoCode", "actorIso3", "recipientIso3", "startDate")
        if got != want:
            fail(f"{name}: rows differ from SPARQL's\n{got}\n{want}")
    icews = pd.read_csv(f"{folder}/icews.csv", dtype=str)
    if list(icews.columns[: len(ICEWS)]) != ICEWS:
        fail(f"icews: columns {list(icews.columns[:len(ICEWS)])}")
    if key(icews, "Event ID", "CAMEO Code", "actorIso3", "recipientIso3", "startDate") != want:
        fail("icews: rows differ from SPARQL's")
    polecat = pd.read_csv(f"{folder}/polecat.tsv", sep="\t", dtype=str)
    if list(polecat.columns[: len(POLECAT_START)]) != POLECAT_START:
        fail(f"polecat: columns {list(polecat.columns[:len(POLECAT_START)])}")
    if polecat["Event ID"].duplicated().any():
        fail("polecat: an event has more than one row")
    events = sorted({row[0].split("#")[0] for row in want})
    if sorted(polecat["Event ID"]) != events:
        fail(f"polecat: events {sorted(polecat['Event ID'])} != {events}")
    print(json.dumps({"rows": len(want), "formats": sorted(tables) + ["icews", "polecat"]}))


if __name__ == "__main__":
    main()
