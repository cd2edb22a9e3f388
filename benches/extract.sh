#!/usr/bin/env bash
# Benchmark of `dipkg extract` on a folder of generated pages of the
# "bilateral relations" genre (benches/gen-pages.py: English, Russian, Turkish
# and Kyrgyz in equal shares, about 3 KB each). Measures, for one whole
# process over the folder,
#   dipkg extract -o OUT.trig PAGES/     (TriG, the default format)
# its wall time and peak resident memory (GNU time, `%e %M`), three runs, and
# what it wrote: the output lines and the candidates (the
# …/graph/candidate/… graph blocks). For scale, the same run also times a
# trivial peer over the same pages, `grep -cE '[12][0-9]{3}'` (the lines that
# hold a 4-digit year), and prints dipkg's wall time over grep's.
#
# Goal: 1,000 pages (~3 MB) in under 5 s on 2 cores, under 200 MB resident.
#
# usage: benches/extract.sh [N]     (N pages, default 1000)
#        DIPKG=path/to/dipkg (default target/release/dipkg; build it first with
#        `cargo build --release`), DIPKG_BENCH_SEED (gen-pages.py --seed, default 1)
# needs: python3, /usr/bin/time (Debian package `time`; without it bash's
#        `time` gives the wall time and no peak memory)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
dipkg="${DIPKG:-target/release/dipkg}"
seed="${DIPKG_BENCH_SEED:-1}"
runs=3
if [ ! -x "$dipkg" ]; then
  echo "no dipkg at $dipkg: build it (cargo build --release) or set DIPKG" >&2
  exit 2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 benches/gen-pages.py "$n" "$tmp/pages" --seed "$seed"
pages=$(find "$tmp/pages" -name '*.txt' | wc -l)
[ "$pages" -gt 0 ] || { echo "no pages to read (N=$n)" >&2; exit 2; }
bytes=$(cat "$tmp/pages"/*.txt | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')

gnu_time=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' true 2>/dev/null; then
  gnu_time=/usr/bin/time
else
  echo "note: no GNU time at /usr/bin/time: wall time from bash's time, no peak memory" >&2
fi

# timed OUTFILE CMD...: runs CMD with its standard output in OUTFILE, and sets
# $secs (wall) and $mib (peak resident MiB, or "-"). GNU time's %e has a
# resolution of 10 ms, too coarse for grep, so with bash 5 the wall time is
# also read from $EPOCHREALTIME around the same call (microseconds), and that
# is the one printed, for dipkg and grep alike.
timed() {
  local out="$1" t0 t1 e; shift
  if [ -n "$gnu_time" ]; then
    t0="${EPOCHREALTIME:-}"
    "$gnu_time" -o "$tmp/time.txt" -f '%e %M' "$@" > "$out"
    t1="${EPOCHREALTIME:-}"
    read -r e kib < <(tail -n 1 "$tmp/time.txt")
    if [ -n "$t0" ]; then
      secs=$(awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN { printf "%.3f", b - a }')
    else
      secs="$e"
    fi
    mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
  else
    local TIMEFORMAT='%3R'
    { time "$@" > "$out" 2> "$tmp/stderr.txt"; } 2> "$tmp/time.txt" || { cat "$tmp/stderr.txt" >&2; exit 1; }
    secs=$(tail -n 1 "$tmp/time.txt")
    mib="-"
  fi
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "dipkg extract: $pages pages, $mb MB, $("$dipkg" --version 2>/dev/null || echo "$dipkg")"
printf '%-6s %6s %9s %9s %10s %10s %11s\n' run pages input_MB wall_s peak_MiB lines candidates
walls=() mems=()
for run in $(seq 1 "$runs"); do
  rm -f "$tmp/out.trig"
  timed /dev/null "$dipkg" extract -o "$tmp/out.trig" "$tmp/pages"
  quads=$(wc -l < "$tmp/out.trig")
  # The graph is the last term of a quad: count the distinct candidate graphs.
  candidates=$(grep -cE '^<[^<>]*/graph/candidate/[^<>]*> \{$' "$tmp/out.trig" || true)
  printf '%-6s %6s %9s %9s %10s %10s %11s\n' "$run" "$pages" "$mb" "$secs" "$mib" "$quads" "$candidates"
  walls+=("$secs") mems+=("$mib")
done
dipkg_wall=$(median "${walls[@]}")
dipkg_mem=$( [ "$mib" = "-" ] && echo "-" || median "${mems[@]}")
printf '%-6s %6s %9s %9s %10s %10s %11s\n' median "$pages" "$mb" "$dipkg_wall" "$dipkg_mem" "$quads" "$candidates"

# The peer: one pass of grep over the same pages, timed the same way.
echo
echo "peer: grep -cE '[12][0-9]{3}' (lines holding a 4-digit year)"
printf '%-6s %9s %10s %10s\n' run wall_s peak_MiB year_lines
gwalls=()
for run in $(seq 1 "$runs"); do
  timed "$tmp/grep.txt" grep -cE '[12][0-9]{3}' "$tmp/pages"/*.txt
  lines=$(awk -F: '{ s += $NF } END { print s + 0 }' "$tmp/grep.txt")
  printf '%-6s %9s %10s %10s\n' "$run" "$secs" "$mib" "$lines"
  gwalls+=("$secs")
done
grep_wall=$(median "${gwalls[@]}")

echo
ratio=$(awk -v d="$dipkg_wall" -v g="$grep_wall" 'BEGIN { if (g > 0) printf "%.1f", d / g; else print "n/a (grep under the clock resolution)" }')
peak=$( [ "$dipkg_mem" = "-" ] && echo "not measured" || echo "$dipkg_mem MiB")
echo "summary: $pages pages, $mb MB; dipkg extract ${dipkg_wall} s (median of $runs), peak resident $peak, $quads lines of TriG, $candidates candidates"
echo "         grep ${grep_wall} s; dipkg / grep wall time: $ratio"
# verdict VALUE LIMIT [SCALE]: "met" when VALUE × SCALE is under LIMIT.
verdict() { awk -v v="$1" -v lim="$2" -v k="${3:-1}" 'BEGIN { if (v == "-") print "unmeasured"; else print (v * k < lim ? "met" : "missed") }'; }
goal="under 5 s: $(verdict "$dipkg_wall" 5); under 200 MB resident: $(verdict "$dipkg_mem" 200 1.048576)"
if [ "$pages" -eq 1000 ]; then
  echo "goal (1,000 pages, ~3 MB, 2 cores): $goal"
else
  echo "goal is for 1,000 pages (~3 MB, 2 cores); at $pages pages: $goal"
fi
