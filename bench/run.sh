#!/usr/bin/env bash
# Benchmark (not a test): whole `rinko check` processes against `xmllint --noout --schema` on the
# same generated files, with the ratios and their targets (bench/ratios.py measures and prints).
#
#   bench/run.sh                     # the batches below, median of 5 runs each
#   RUNS=3 bench/run.sh
#   KEEP=1 bench/run.sh              # keep the generated files (path printed at the end)
#   PROFILE=1 bench/run.sh           # then profile Rinko with perf (bench/perf_split.py)
#
# Batches (bench/gen.py; every document synthetic and valid for both tools):
#   large    300 health-check documents of about 30 KB against the large schema set (bench/cda/:
#            seven XSDs with includes, imports and a chameleon-included vocabulary of about
#            7,800 enumeration values, xsi:type throughout), with --xsd; and one of them alone;
#   small    1,000 small 臨個票 2025 forms against schemas/rinko-kojinhyo-2025/kojinhyo.xsd with
#            --xsd; then the way a clerk runs it, against the embedded sets with every domain
#            check of checks.toml (xmllint still does the XSD alone); and one form alone so;
#   scale    100, 1,000 and 10,000 forms the clerk's way: peak memory and time per form.
#
# Needs: cargo, python3, xmllint (libxml2-utils), GNU time (time); perf for PROFILE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

RUNS=${RUNS:-5}
SEED=${SEED:-20250401}
KEEP=${KEEP:-0}
PROFILE=${PROFILE:-0}

die() { echo "bench: $*" >&2; exit 2; }
command -v python3 >/dev/null || die "python3 is needed"
command -v xmllint >/dev/null || die "xmllint is needed: apt-get install libxml2-utils"
[ -x /usr/bin/time ] || die "GNU time is needed: apt-get install time"

echo "== build"
cargo build --release --quiet -p rinko
RINKO=$ROOT/target/release/rinko
KOJIN=$ROOT/schemas/rinko-kojinhyo-2025/kojinhyo.xsd

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rinko-bench.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then echo "files kept in $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
CDA=$tmp/cda-set/cda.xsd
# Audit entries of the runs go to a data folder of their own, not the user's.
export RINKO_DATA_DIR=$tmp/data

echo "== generate (seed $SEED) into $tmp"
python3 "$ROOT/bench/gen.py" --out "$tmp" --seed "$SEED" --small 1000 --large 300
mkdir "$tmp/small100" "$tmp/one" "$tmp/large1"
first() { find "$1" -name '*.xml' | sort | awk -v n="$2" 'NR <= n' | xargs -d '\n' cp -t "$3"; }
first "$tmp/small" 100 "$tmp/small100"
first "$tmp/small" 1 "$tmp/one"
first "$tmp/large" 1 "$tmp/large1"
# The small batch ten times over, in ten sub-folders.
for r in 0 1 2 3 4 5 6 7 8 9; do mkdir -p "$tmp/small10x/r$r"; cp "$tmp"/small/*.xml "$tmp/small10x/r$r/"; done
for d in one small small100 small10x large1 large; do
  n=$(find "$tmp/$d" -name '*.xml' | wc -l)
  find "$tmp/$d" -name '*.xml' -printf '%s\n' | awk -v d="$d" -v n="$n" \
    '{s+=$1} END {printf "   %-9s %5d files, %7.1f MB, %6.1f KB average\n", d, n, s/1048576, s/1024/n}'
done
cat "$tmp"/cda-set/*.xsd | awk -v n="$(ls "$tmp"/cda-set/*.xsd | wc -l)" \
  '{b += length($0) + 1} /<xs:enumeration/ {e++} END {printf "   %-9s %5d XSDs,  %7.1f MB, %d enumeration values\n", "cda-set", n, b/1048576, e}'

echo "== verdicts"
for batch in "small $KOJIN" "large $CDA"; do
  set -- $batch
  "$RINKO" check --quiet --color never --xsd "$2" "$tmp/$1" || die "rinko: not every file of $1 is valid"
  (cd "$tmp/$1" && ls -1 | xargs -d '\n' xmllint --noout --schema "$2" 2>&1 | grep -v ' validates$' | awk 'NR <= 5') | grep . \
    && die "xmllint: not every file of $1 is valid"
  echo "   $1: every file valid for Rinko and for xmllint"
done
"$RINKO" check --quiet --color never --today 2025-06-01 "$tmp/small" || die "rinko: a small form fails the domain checks"
echo "   small: every form passes the embedded sets' domain checks too"

echo "== times (median of $RUNS; cores here: $(nproc))"
python3 "$ROOT/bench/ratios.py" --rinko "$RINKO" --tmp "$tmp" --kojin "$KOJIN" --cda "$CDA" --runs "$RUNS"

if [ "$PROFILE" = 1 ]; then
  command -v perf >/dev/null || die "PROFILE=1 needs perf: apt-get install linux-perf"
  for batch in large small10x; do
    xsd=(--xsd "$CDA"); [ "$batch" = small10x ] && xsd=(--today 2025-06-01)
    echo
    echo "== profile of $batch (one worker thread, user-space samples, perf --call-graph dwarf)"
    perf record -q -e cpu-clock:u -F 1000 --call-graph dwarf,16384 -o "$tmp/perf-$batch.data" -- \
      env RAYON_NUM_THREADS=1 "$RINKO" check --format json "${xsd[@]}" "$tmp/$batch" >/dev/null 2>&1 || true
    perf script -i "$tmp/perf-$batch.data" -F comm,tid,ip,sym 2>/dev/null > "$tmp/perf-$batch.txt"
    python3 "$ROOT/bench/perf_split.py" "$tmp/perf-$batch.txt"
  done
fi
