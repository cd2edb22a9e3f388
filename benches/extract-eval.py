#!/usr/bin/env python3
"""Recall and precision of `dipkg extract` against hand-coded answers.

For each TEXT.txt with a TEXT.expected.tsv beside it (columns: event, start,
end, actors, place, quote), runs `dipkg extract -f nquads TEXT.txt` and matches
candidates to expected facts one to one: a candidate is right when its dates
are the expected ones at the same precision and its class fits the expected
event type. Facts coded `other` are not required (recall leaves them out) and a
candidate matching one counts as right.

Usage: benches/extract-eval.py [--dipkg PATH] FOLDER...   (Python 3, standard library only)
"""

import argparse, os, re, subprocess, sys

FITS = {
    "diplomatic-relations": {"EstablishmentOfDiplomaticRelations"},
    "embassy-opening": {"MissionOpening"},
    "consulate-opening": {"MissionOpening", "GovernmentResolution"},
    "official-visit": {"OfficialVisit", "Visit"},
    "state-visit": {"StateVisit", "Visit"},
    "working-visit": {"WorkingVisit", "Visit"},
    "visit": {"Visit", "OfficialVisit", "StateVisit", "WorkingVisit"},
    "meeting": {"Talks", "CouncilMeeting", "Summit", "ParliamentaryAssemblyMeeting"},
    "session": {"CouncilMeeting", "ParliamentaryAssemblyMeeting", "Talks", "Summit"},
    "summit": {"Summit", "CouncilMeeting", "Talks"},
    "signing": {"Treaty", "Agreement", "Declaration", "Memorandum", "JointStatement"},
    "coup-attempt": {"CoupAttempt"},
    "ratification": {"Ratification"},
    "other": None,
}
DKG = "https://w3id.org/dipkg/ontology#"
QUAD = re.compile(r'^<([^>]*)> <([^>]*)> (<[^>]*>|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[\w-]+)?) <([^>]*)> \.$')


def candidates(dipkg, path):
    out = subprocess.run([dipkg, "extract", "-f", "nquads", path], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{path}: dipkg extract failed: {out.stderr}")
    events = {}
    for line in out.stdout.splitlines():
        m = QUAD.match(line)
        if not m or "/graph/candidate/" not in m.group(4):
            continue
        s, p, o = m.group(1), m.group(2), m.group(3)
        # A CAMEO coding (…/event/x-ID#cameo-…) is part of its event's candidate, not one of its own.
        if ("/event/x-" not in s and "/document/x-" not in s) or "#" in s:
            continue
        e = events.setdefault(s, {})
        if p.endswith("22-rdf-syntax-ns#type"):
            e["class"] = o.strip("<>").replace(DKG, "")
        for key in ("date", "startDate", "endDate"):
            if p == DKG + key:
                e[key] = o.split('"')[1]
    return [
        (e.get("class"), e.get("date") or e.get("startDate"), e.get("endDate") if e.get("endDate") != e.get("startDate") else None)
        for e in events.values()
    ]


def expected(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip():
                row = dict(zip(header, line.rstrip("\n").split("\t")))
                # A single date may be coded with end = start or an empty end.
                end = row.get("end") or None
                rows.append((row["event"], row["start"], None if end == row["start"] else end))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dipkg", default=os.environ.get("DIPKG", "dipkg"))
    ap.add_argument("folders", nargs="+")
    args = ap.parse_args()
    total_right = total_found = total_needed = total_hit = 0
    for folder in args.folders:
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".txt"):
                continue
            answers = os.path.join(folder, name[:-4] + ".expected.tsv")
            if not os.path.exists(answers):
                continue
            found = candidates(args.dipkg, os.path.join(folder, name))
            wanted = expected(answers)
            used = [False] * len(wanted)
            right = 0
            for cls, start, end in found:
                for i, (event, s, e) in enumerate(wanted):
                    fits = FITS.get(event)
                    if not used[i] and s == start and (e or None) == end and (fits is None or cls in fits):
                        used[i] = True
                        right += 1
                        break
                else:
                    print(f"  {name}: wrong or extra: {cls} {start} {end or ''}")
            needed = [i for i, (ev, _, _) in enumerate(wanted) if ev != "other"]
            hit = sum(1 for i in needed if used[i])
            for i in needed:
                if not used[i]:
                    print(f"  {name}: missed: {wanted[i][0]} {wanted[i][1]} {wanted[i][2] or ''}")
            print(f"{name}: precision {right}/{len(found)}, recall {hit}/{len(needed)}")
            total_right += right; total_found += len(found); total_needed += len(needed); total_hit += hit
    p = total_right / total_found if total_found else 0
    r = total_hit / total_needed if total_needed else 0
    print(f"all: precision {total_right}/{total_found} = {p:.3f}, recall {total_hit}/{total_needed} = {r:.3f}")


if __name__ == "__main__":
    main()
