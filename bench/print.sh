#!/usr/bin/env bash
# Benchmark (not a test): `rinko print` of N generated valid 臨個票 forms into one PDF, against
# `rinko check` of the same files in the same script (the reference: printing re-checks every
# file, so the difference is the cost of layout and PDF writing), and the HTML preview.
#
#   bench/print.sh            # 100 forms, 3 runs each
#   N=300 RUNS=5 bench/print.sh
#
# Needs: cargo, python3, GNU time (/usr/bin/time), poppler-utils (pdfinfo).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100}
RUNS=${RUNS:-3}
export SOURCE_DATE_EPOCH=1748736000 # 2025-06-01: the generated forms are valid on that day

cargo build --release --quiet
RINKO=$PWD/target/release/rinko
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rinko-print.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 bench/gen.py --out "$tmp" --seed 7 --small "$N" --large 0 >/dev/null

median() { # CMD -> median wall seconds of RUNS runs
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e' -o "$tmp/t" sh -c "$1" >/dev/null 2>&1 || { echo "failed: $1" >&2; exit 2; }
    cat "$tmp/t"
  done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

check=$(median "'$RINKO' check --quiet '$tmp/small'")
pdf=$(median "'$RINKO' print --force --out '$tmp/all.pdf' '$tmp/small'")
html=$(median "'$RINKO' print --force --out '$tmp/all.html' '$tmp/small'")
pages=$(pdfinfo "$tmp/all.pdf" | awk '/^Pages:/ {print $2}')
size=$(stat -c %s "$tmp/all.pdf")
rss=$( { /usr/bin/time -f '%M' "$RINKO" print --force --out "$tmp/all.pdf" "$tmp/small" >/dev/null; } 2>&1 | tail -1)

echo "$N forms, $pages pages, PDF $((size / 1024)) KB ($((size / N / 1024)) KB a form), peak RSS $((rss / 1024)) MB"
awk -v c="$check" -v p="$pdf" -v h="$html" 'BEGIN {
  printf "check %.2f s   print PDF %.2f s (%.1fx check)   print HTML %.2f s (%.1fx check)\n", c, p, (c > 0 ? p / c : 0), h, (c > 0 ? h / c : 0)
}'
