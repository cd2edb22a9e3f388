#!/usr/bin/env bash
# Benchmark of the persistent store (issue 15), side by side with Oxigraph's own
# command line (crate oxigraph-cli 0.5.13, the same Oxigraph as ours) in one run,
# on generated Wikidata-shaped N-Triples (benches/gen-wikidata.py):
#   load:    in two layouts, each against the same job done by oxigraph:
#            default graph:  dipkg --store D load FILE --graph default
#                        vs  oxigraph load --location D --file FILE
#            named graph (dipkg's own: one graph per file, for provenance):
#                            dipkg --store D load FILE
#                        vs  oxigraph load --location D --file FILE --graph G
#            (throughput, and peak memory from /usr/bin/time -v; the median of
#            DIPKG_BENCH_LOADS runs each, default 3, the tools taking turns)
#   queries: the five queries of benches/store-queries/ on each pair of stores, as whole
#            processes, timed by hyperfine (dipkg query NAME --store D  vs
#            oxigraph query --location D --union-default-graph); the answers must agree
#   dump:    dipkg --store D dump -f nquads   vs  oxigraph dump --location D --format nq
#
# usage: benches/store.sh [TRIPLES...]   (default: 1000000 10000000)
#        DIPKG_BENCH_RUNS (hyperfine runs per query, default 10),
#        DIPKG_BENCH_LOADS (loads per tool and layout, default 3),
#        DIPKG_BENCH_DIR (work folder), DIPKG_BENCH_KEEP=1 (keep it)
# needs: cargo install oxigraph-cli --locked (the `oxigraph` command; without it dipkg
#        runs alone), hyperfine, /usr/bin/time (apt-get install hyperfine time),
#        libclang-dev for the rocksdb feature.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
runs="${DIPKG_BENCH_RUNS:-10}"
loads="${DIPKG_BENCH_LOADS:-3}"
work="${DIPKG_BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "${DIPKG_BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet --features rocksdb
bin="$(realpath "${CARGO_TARGET_DIR:-target}/release/dipkg")"
oxigraph="$(command -v oxigraph || true)"
[ -n "$oxigraph" ] || echo "oxigraph is not installed (cargo install oxigraph-cli --locked): dipkg runs alone" >&2
queries=(classes citizens events-1998 label office-holders)

# seconds and peak RSS (MB) of a command, from GNU time
measure() {
  local log="$1"; shift
  /usr/bin/time -v "$@" 2> "$log" >/dev/null
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  echo "$wall $rss"
}

echo "| triples | layout | step | dipkg | oxigraph | dipkg / oxigraph |"
echo "| ---: | --- | --- | ---: | ---: | ---: |"
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
for n in "${sizes[@]}"; do
  data="$work/wd-$n.nt"
  [ -s "$data" ] || python3 benches/gen-wikidata.py "$n" "$data"
  # The graph dipkg names after the file, given to oxigraph for the same job.
  graph="https://w3id.org/dipkg/graph/wd-$n.nt"
  for layout in default named; do
    d="$work/dipkg-$n-$layout" o="$work/oxigraph-$n-$layout"
    rm -rf "$d" "$o"
    if [ "$layout" = default ]; then
      ours=(--graph default) theirs=()
    else
      ours=() theirs=(--graph "$graph")
    fi
    row() { echo "| $n | $layout | $1 | $2 | $3 | $4 |"; }
    # Loads alternate between the tools, $loads times each into fresh stores; the
    # median time and the median peak memory are reported (one run varies by
    # about a tenth here).
    dws=() dms=() ows=() oms=()
    for ((i = 0; i < loads; i++)); do
      rm -rf "$d" "$o"
      read -r w m < <(measure "$work/load-dipkg.log" "$bin" --store "$d" load "$data" "${ours[@]}" --quiet)
      dws+=("$w") dms+=("$m")
      if [ -n "$oxigraph" ]; then
        read -r w m < <(measure "$work/load-oxigraph.log" "$oxigraph" load --location "$o" --file "$data" "${theirs[@]}")
        ows+=("$w") oms+=("$m")
      fi
    done
    dw=$(median "${dws[@]}") dm=$(median "${dms[@]}")
    drate=$(awk -v n="$n" -v s="$dw" 'BEGIN {printf "%.0f", n/s}')
    if [ -n "$oxigraph" ]; then
      ow=$(median "${ows[@]}") om=$(median "${oms[@]}")
      orate=$(awk -v n="$n" -v s="$ow" 'BEGIN {printf "%.0f", n/s}')
      row "load: triples/s (median of $loads)" "$drate (${dw} s)" "$orate (${ow} s)" "$(ratio "$drate" "$orate")"
      row "load: peak memory (MB, median of $loads)" "$dm" "$om" "$(ratio "$dm" "$om")"
    else
      row "load: triples/s (median of $loads)" "$drate (${dw} s)" – –
      row "load: peak memory (MB, median of $loads)" "$dm" – –
    fi
    for q in "${queries[@]}"; do
      mine=(--queries benches/store-queries --store "$d" query "$q" --format csv)
      cmds=("$bin ${mine[*]}")
      if [ -n "$oxigraph" ]; then
        a=$("$bin" "${mine[@]}" | tail -n +2 | tr -d '\r' | sort | md5sum)
        b=$("$oxigraph" query --location "$o" --union-default-graph --query-file "benches/store-queries/$q.rq" --results-format csv | tail -n +2 | tr -d '\r' | sort | md5sum)
        [ "$a" = "$b" ] || { echo "query $q: the answers differ" >&2; exit 1; }
        cmds+=("$oxigraph query --location $o --union-default-graph --query-file benches/store-queries/$q.rq --results-format csv")
      fi
      hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/q.json" "${cmds[@]}" >/dev/null
      times=($(python3 -c 'import json,sys; print(" ".join("%.1f" % (r["mean"]*1000) for r in json.load(open(sys.argv[1]))["results"]))' "$work/q.json"))
      sds=($(python3 -c 'import json,sys; print(" ".join("%.1f" % (r["stddev"]*1000) for r in json.load(open(sys.argv[1]))["results"]))' "$work/q.json"))
      if [ ${#times[@]} -gt 1 ]; then
        row "query $q (ms, mean ± σ)" "${times[0]} ± ${sds[0]}" "${times[1]} ± ${sds[1]}" "$(ratio "${times[0]}" "${times[1]}")"
      else
        row "query $q (ms, mean ± σ)" "${times[0]} ± ${sds[0]}" – –
      fi
    done
    read -r dd _ < <(measure "$work/dump-dipkg.log" "$bin" --store "$d" dump -f nquads)
    drate=$(awk -v n="$n" -v s="$dd" 'BEGIN {printf "%.0f", n/s}')
    if [ -n "$oxigraph" ]; then
      read -r od _ < <(measure "$work/dump-oxigraph.log" "$oxigraph" dump --location "$o" --format nq)
      orate=$(awk -v n="$n" -v s="$od" 'BEGIN {printf "%.0f", n/s}')
      row "dump: triples/s" "$drate (${dd} s)" "$orate (${od} s)" "$(ratio "$drate" "$orate")"
    else
      row "dump: triples/s" "$drate (${dd} s)" – –
    fi
    rm -rf "$d" "$o"
  done
done
