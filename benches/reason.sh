#!/usr/bin/env bash
# Benchmark of `--infer rdfs`: the RDFS closure of a generated graph, as a whole
# process, time and peak memory from /usr/bin/time -v, side by side with owlrl
# (PyPI) on the same triples.
#
# The generated graph (benches/gen_rdfs.py) is an RDFS schema (a class tree, a
# property hierarchy with domains and ranges) and instances typed with leaf
# classes and linked by leaf properties, N triples in all.
#
# usage: benches/reason.sh [N] [OWLRL-N...]
#   N        size for dipkg (default 1000000)
#   OWLRL-N  sizes for dipkg and owlrl side by side (default 10000 30000 100000);
#            owlrl is stopped after 120 s (DIPKG_BENCH_TIMEOUT)
# needs: /usr/bin/time (apt-get install time); for owlrl, DIPKG_BENCH_PYTHON
# naming a Python with rdflib and owlrl.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1000000}"
shift || true
side_by_side=("$@")
[ ${#side_by_side[@]} -gt 0 ] || side_by_side=(10000 30000 100000)
timeout_s="${DIPKG_BENCH_TIMEOUT:-120}"

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/dipkg"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

count='SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/dipkg/graph/inferred> { ?s ?p ?o } }'

# Prints "seconds peak-MB" of a command from /usr/bin/time -v.
measure() {
  /usr/bin/time -v "$@" > "$work/out" 2> "$work/time" || return 1
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
              /Maximum resident set size/ { kb = $2 }
              END { printf "%.2f %.0f\n", s, kb / 1024 }' "$work/time"
}

dipkg_run() { # N: prints "inferred seconds MB load-only-seconds"
  local n="$1" file="$work/gen-$1.nt"
  python3 benches/gen_rdfs.py "$n" > "$file"
  local load infer inferred
  load=$(measure "$bin" query --no-ontology --data "$file" --format tsv -e 'ASK { ?s ?p ?o }')
  infer=$(measure "$bin" query --no-ontology --data "$file" --infer rdfs --format tsv -e "$count")
  inferred=$(tail -n 1 "$work/out")
  echo "$inferred $infer ${load%% *}"
}

echo "== dipkg --infer rdfs on $size generated triples"
read -r inferred secs mb load_secs < <(dipkg_run "$size")
echo "dipkg: $size triples, $inferred inferred, ${secs} s, ${mb} MB peak (loading alone: ${load_secs} s)"

if [ -z "${DIPKG_BENCH_PYTHON:-}" ]; then
  echo "DIPKG_BENCH_PYTHON is not set: no owlrl comparison"
  exit 0
fi
cat > "$work/owlrl_closure.py" <<'PY'
import sys, owlrl, rdflib
g = rdflib.Graph().parse(sys.argv[1], format="nt")
before = len(g)
owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
print(len(g) - before)
PY
echo "== side by side (owlrl counts axiomatic-rule conclusions too, so it infers more)"
printf '%-9s %-22s %-22s %s\n' triples "dipkg s / MB" "owlrl s / MB" "time ratio owlrl/dipkg"
for n in "${side_by_side[@]}"; do
  read -r _ secs mb _ < <(dipkg_run "$n")
  if theirs=$(measure timeout "$timeout_s" "$DIPKG_BENCH_PYTHON" "$work/owlrl_closure.py" "$work/gen-$n.nt"); then
    read -r osecs omb <<< "$theirs"
    ratio=$(awk -v a="$osecs" -v b="$secs" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 0.01) }')
    printf '%-9s %-22s %-22s %s\n' "$n" "$secs / $mb" "$osecs / $omb" "$ratio"
  else
    printf '%-9s %-22s %-22s\n' "$n" "$secs / $mb" "did not finish in ${timeout_s} s"
  fi
done
