#!/usr/bin/env bash
# Benchmark of `dipkg events` (issue 23), release build, whole processes:
#  1. on the shipped graph, side by side in one hyperfine run with the saved
#     query it is built on (`dipkg query event-table`) and with the timeline
#     query, the main job's own yardstick; each time as a multiple of the
#     saved query's;
#  2. on generated graphs of ROWS directed codings (benches/gen-events.py),
#     time and peak memory (GNU time) of `dipkg events`, of the saved query
#     alone, and of loading the graph only (`ASK {}`): what `dipkg events`
#     needs beyond the graph is its batch (flat), the saved query's answer
#     grows with the rows. In memory by default; with DIPKG_BENCH_STORE=1 the
#     graph is loaded once into a persistent store (`--store`, a build with
#     `--features rocksdb`), so a million events fit: only the batch is in memory.
# It checks that `dipkg events` writes one row per row of the saved query.
#
# usage: benches/events.sh [ROWS ...]   (default: 1000 10000 100000)
#        DIPKG_BENCH_STORE=1 benches/events.sh 1000000
# needs: hyperfine, GNU time (apt-get install hyperfine time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${DIPKG_BENCH_RUNS:-30}"
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"

features=()
[ -n "${DIPKG_BENCH_STORE:-}" ] && features=(--features rocksdb)
cargo build --release --locked --quiet "${features[@]}"
bin="$(realpath "${CARGO_TARGET_DIR:-target}/release/dipkg")"
work="$(mktemp -d "${DIPKG_BENCH_DIR:-/tmp}/events.XXXXXX")"
trap 'rm -rf "$work"' EXIT

rows() { tail -n +2 | grep -c . || true; }
ours=$("$bin" events -f tsv | rows)
theirs=$("$bin" query event-table --format tsv | rows)
echo "rows on the shipped graph: dipkg events $ours, query event-table $theirs"
[ "$ours" = "$theirs" ] || { echo "the row counts differ" >&2; exit 1; }

echo "== 1. the shipped graph (hyperfine -N --warmup 3 --runs $runs)"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/shipped.json" \
  -n events "$bin events -o $work/events.csv" \
  -n query-event-table "$bin query event-table --format csv -o $work/query.csv" \
  -n query-timeline "$bin query timeline --format csv -o $work/timeline.csv" >/dev/null
python3 - "$work/shipped.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = results["query-event-table"]["median"]
print("| command | median | mean ± sd | × query event-table |")
print("| --- | --- | --- | --- |")
for name, r in results.items():
    print(f"| {name} | {r['median']*1000:.1f} ms | {r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} ms | {r['median']/base:.2f} |")
PY

echo "== 2. generated graphs (GNU time, one run each)"
"$bin" export -f nquads -o "$work/shipped.nq"
measure() { # command...: prints its seconds and peak KiB, "killed" after them if it failed
  if /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr"; then
    tail -n 1 "$work/time"
  else
    echo "$(tail -n 1 "$work/time") failed"
  fi
}
echo "| rows | quads | load only (ASK {}): s, peak MiB | events: s, peak MiB | query event-table: s, peak MiB | events' peak over the load, per row |"
echo "| --- | --- | --- | --- | --- | --- |"
for n in "${sizes[@]}"; do
  python3 benches/gen-events.py "$work/shipped.nq" "$n" "$work/gen.nq" 2>"$work/gen.log"
  quads=$(( $(wc -l <"$work/gen.nq") + $(wc -l <"$work/shipped.nq") ))
  data=(--data "$work/shipped.nq" --data "$work/gen.nq")
  if [ -n "${DIPKG_BENCH_STORE:-}" ]; then
    rm -rf "$work/store"
    "$bin" load "$work/shipped.nq" "$work/gen.nq" --store "$work/store" --quiet
    data=(--store "$work/store")
    rm -f "$work/gen.nq"
  fi
  read -r load_s load_k < <(measure "$bin" "${data[@]}" query --sparql 'ASK {}')
  read -r ev_s ev_k < <(measure "$bin" "${data[@]}" events -o "$work/gen-events.csv")
  # The saved query alone may not fit (at a million rows here the kernel's
  # OOM killer stopped it): then its cell says so and the rows are not compared.
  read -r q_s q_k q_failed < <(measure "$bin" "${data[@]}" query event-table --format csv -o "$work/gen-query.csv")
  got=$(rows <"$work/gen-events.csv")
  if [ -z "${q_failed:-}" ]; then
    want=$(rows <"$work/gen-query.csv")
    [ "$got" = "$want" ] || { echo "$n: dipkg events wrote $got rows, the saved query $want" >&2; exit 1; }
  fi
  per_row=$(python3 -c "print(round(($ev_k - $load_k) * 1024 / $got) if $got else 0)")
  echo "| $got | $quads | $load_s, $((load_k / 1024)) | $ev_s, $((ev_k / 1024)) | $q_s, $((q_k / 1024))${q_failed:+ (failed: killed or an error)} | $per_row bytes |"
done
