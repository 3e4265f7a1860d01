#!/usr/bin/env bash
# Benchmark (not a test): `rinko check --xsd X.xsd DIR` against `xmllint --noout --schema X.xsd
# FILES...` on the same generated files, whole processes, schema compilation included.
#
#   bench/run.sh                     # 1,000 small forms + 200 large documents, 3 runs each
#   SMALL=200 LARGE=20 RUNS=2 bench/run.sh
#   KEEP=1 bench/run.sh              # keep the generated files (path printed at the end)
#   PROFILE=1 bench/run.sh           # profile Rinko with perf even when it is not slower
#
# Batches:
#   (a) SMALL small 臨個票 2025 forms (bench/gen.py varies the valid samples) against
#       schemas/rinko-kojinhyo-2025/kojinhyo.xsd;
#   (b) LARGE clinical documents of 0.5-2 MB against bench/clinical.xsd (xsi:type, an include
#       cycle, repeated sections).
# The small batch is also checked the way a clerk runs it, against the embedded schema sets with
# every domain check of checks.toml (codes, characters, check digits, dates, rules): the
# command "rinko-sets"; its distance to "rinko" is what the domain stage costs.
# For each batch: wall time and CPU time of Rinko (all cores, and one worker thread) and of
# xmllint (one process for all files), and the ratio rinko/xmllint; a one-file batch separates
# the fixed cost of a process from the cost per file. Then the peak RSS for 100, 1,000 and
# 10,000 small files (memory must stay nearly flat in the batch size). If Rinko uses more CPU
# than xmllint on a batch, a perf profile (bench/perf_split.py) splits its time between Rinko's
# own code (read, encoding, route, validate callbacks, report) and the engine (xsd_schema,
# regexml).
#
# Needs: cargo, python3, xmllint (libxml2-utils), GNU time (/usr/bin/time); hyperfine and perf
# are used when installed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SMALL=${SMALL:-1000}
LARGE=${LARGE:-200}
RUNS=${RUNS:-3}
SEED=${SEED:-20250401}
KEEP=${KEEP:-0}
PROFILE=${PROFILE:-auto}

die() { echo "bench: $*" >&2; exit 2; }
command -v python3 >/dev/null || die "python3 is needed"
command -v xmllint >/dev/null || die "xmllint is needed: apt-get install libxml2-utils"
[ -x /usr/bin/time ] || die "GNU time is needed: apt-get install time"
HAVE_HYPERFINE=0; command -v hyperfine >/dev/null && HAVE_HYPERFINE=1
HAVE_PERF=0; command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1 && HAVE_PERF=1

echo "== build"
cargo build --release --quiet
RINKO=$ROOT/target/release/rinko
KOJIN=$ROOT/schemas/rinko-kojinhyo-2025/kojinhyo.xsd
CLIN=$ROOT/bench/clinical.xsd

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rinko-bench.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then echo "files kept in $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

echo "== generate (seed $SEED) into $tmp"
python3 "$ROOT/bench/gen.py" --out "$tmp" --seed "$SEED" --small "$SMALL" --large "$LARGE"
mkdir "$tmp/small100" "$tmp/one"
find "$tmp/small" -name '*.xml' | sort | awk 'NR <= 100' | xargs -d '\n' cp -t "$tmp/small100"
find "$tmp/small" -name '*.xml' | sort | awk 'NR == 1' | xargs -d '\n' cp -t "$tmp/one"
# The small batch ten times over (in ten sub-folders): the slope of memory against batch size.
for r in 0 1 2 3 4 5 6 7 8 9; do mkdir -p "$tmp/small10x/r$r"; cp "$tmp"/small/*.xml "$tmp/small10x/r$r/"; done
for d in one small small100 small10x large; do
  n=$(find "$tmp/$d" -name '*.xml' | wc -l)
  find "$tmp/$d" -name '*.xml' -printf '%s\n' | awk -v d="$d" -v n="$n" \
    '{s+=$1} END {printf "   %-9s %5d files, %8.1f MB, %8.1f KB average\n", d, n, s/1048576, s/1024/n}'
done

# xmllint gets every file of a batch in one process: names relative to the batch folder, and
# `xargs -n COUNT -x` exits rather than splitting the list over several processes.
ARGMAX=$(( $(getconf ARG_MAX) - 262144 ))
xmllint_cmd() { # DIR XSD
  local n; n=$(find "$1" -maxdepth 1 -name '*.xml' | wc -l)
  echo "cd '$1' && ls -1 | xargs -d '\n' -n $n -x -s $ARGMAX xmllint --noout --schema '$2' 2>/dev/null"
}
check_one_process() { # DIR
  local n calls; n=$(find "$1" -maxdepth 1 -name '*.xml' | wc -l)
  calls=$(cd "$1" && ls -1 | xargs -d '\n' -n "$n" -x -s "$ARGMAX" sh -c 'echo "$#"' sh)
  [ "$calls" = "$n" ] || die "xmllint would not get all $n files of $1 in one process (xargs: $calls)"
}

echo "== verdicts (every generated file must be valid for both)"
for batch in "small $KOJIN" "large $CLIN"; do
  set -- $batch
  check_one_process "$tmp/$1"
  "$RINKO" check --quiet --color never --xsd "$2" "$tmp/$1" || die "rinko: not every file of $1 is valid"
  (cd "$tmp/$1" && ls -1 | xargs -d '\n' xmllint --noout --schema "$2" 2>&1 | grep -v ' validates$' | awk 'NR <= 5') | grep . && die "xmllint: not every file of $1 is valid"
  echo "   $1: xmllint validates every file (one process)"
done
"$RINKO" check --quiet --color never --today 2025-06-01 "$tmp/small" || die "rinko: a small form fails the domain checks of the embedded sets"
echo "   small: every file passes the embedded sets' domain checks too"

# One measurement: wall, user, sys (seconds) of a shell command, by GNU time.
measure_once() { # CMD -> "wall user sys"
  /usr/bin/time -f '%e %U %S' -o "$tmp/time.out" sh -c "$1" >/dev/null 2>&1 || die "failed: $1"
  cat "$tmp/time.out"
}

results="$tmp/results.tsv"
: > "$results"
bench_batch() { # NAME DIR XSD [sets]
  local name=$1 dir=$2 xsd=$3 sets=${4:-}
  local c_rinko="'$RINKO' check --format json --xsd '$xsd' '$dir' > /dev/null"
  local c_rinko1="RAYON_NUM_THREADS=1 '$RINKO' check --format json --xsd '$xsd' '$dir' > /dev/null"
  local c_sets="'$RINKO' check --format json --today 2025-06-01 '$dir' > /dev/null"
  local c_xmllint; c_xmllint=$(xmllint_cmd "$dir" "$xsd")
  local labels="rinko rinko-1-thread xmllint"
  [ -n "$sets" ] && labels="rinko rinko-1-thread rinko-sets xmllint"
  echo "== batch $name: $RUNS runs each"
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    local extra=(); [ -n "$sets" ] && extra=(-n rinko-sets "$c_sets")
    hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$tmp/$name.json" \
      -n rinko "$c_rinko" -n rinko-1-thread "$c_rinko1" "${extra[@]}" -n xmllint "$c_xmllint" >&2
    python3 - "$tmp/$name.json" "$name" >> "$results" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(sys.argv[2], r["command"], r["median"], r["user"], r["system"], sep="\t")
PY
  else
    for label in $labels; do
      case $label in rinko) c=$c_rinko ;; rinko-1-thread) c=$c_rinko1 ;; rinko-sets) c=$c_sets ;; xmllint) c=$c_xmllint ;; esac
      measure_once "$c" >/dev/null # warm-up
      for _ in $(seq "$RUNS"); do measure_once "$c"; done | sort -n | awk -v n="$name" -v l="$label" \
        '{w[NR]=$1; u+=$2; s+=$3} END {printf "%s\t%s\t%s\t%s\t%s\n", n, l, w[int((NR+1)/2)], u/NR, s/NR}' >> "$results"
    done
  fi
}
bench_batch one "$tmp/one" "$KOJIN"
bench_batch small "$tmp/small" "$KOJIN" sets
bench_batch large "$tmp/large" "$CLIN"

echo
echo "== times (median wall, mean CPU = user+sys; cores here: $(nproc))"
python3 - "$results" "$SMALL" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for batch, cmd, wall, user, sys_ in rows:
    by.setdefault(batch, {})[cmd] = (float(wall), float(user) + float(sys_))
print(f"{'batch':8} {'command':16} {'wall s':>8} {'CPU s':>8} {'wall/xmllint':>13} {'CPU/xmllint':>12}")
for batch, cmds in by.items():
    # GNU time has centiseconds: a one-file batch may read 0.00.
    xw, xc = (max(v, 0.005) for v in cmds["xmllint"])
    for cmd, (w, c) in cmds.items():
        print(f"{batch:8} {cmd:16} {w:8.3f} {c:8.3f} {w / xw:13.2f} {c / xc:12.2f}")
if "one" in by and "small" in by:
    # What a process costs once (start, schema compilation) and what each further file costs.
    n = int(sys.argv[2])
    print(f"fixed cost (batch 'one'), and per further small file ((small - one) / {n - 1}):")
    for cmd in by["one"]:
        w1, c1 = by["one"][cmd]
        wn, cn = by["small"][cmd]
        print(f"   {cmd:16} fixed {1000 * c1:6.1f} ms CPU   per file {1e6 * (cn - c1) / (n - 1):7.1f} us CPU")
PY

echo
echo "== peak RSS (GNU time, maximum resident set size)"
rss() { # CMD
  /usr/bin/time -v -o "$tmp/rss.out" sh -c "$1" >/dev/null 2>&1 || true
  awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2/1024}' "$tmp/rss.out"
}
printf '   %-34s %s\n' "rinko, 100 small files"  "$(rss "'$RINKO' check --format json --xsd '$KOJIN' '$tmp/small100'")"
printf '   %-34s %s\n' "rinko, $SMALL small files" "$(rss "'$RINKO' check --format json --xsd '$KOJIN' '$tmp/small'")"
printf '   %-34s %s\n' "rinko 1 thread, 100 small files"  "$(rss "RAYON_NUM_THREADS=1 '$RINKO' check --format json --xsd '$KOJIN' '$tmp/small100'")"
printf '   %-34s %s\n' "rinko 1 thread, $SMALL small files" "$(rss "RAYON_NUM_THREADS=1 '$RINKO' check --format json --xsd '$KOJIN' '$tmp/small'")"
printf '   %-34s %s\n' "rinko, $((SMALL * 10)) small files (10x)" "$(rss "'$RINKO' check --format json --xsd '$KOJIN' '$tmp/small10x'")"
printf '   %-34s %s\n' "rinko --quiet, $((SMALL * 10)) small files" "$(rss "'$RINKO' check --quiet --xsd '$KOJIN' '$tmp/small10x'")"
printf '   %-34s %s\n' "rinko, $LARGE large files" "$(rss "'$RINKO' check --format json --xsd '$CLIN' '$tmp/large'")"
printf '   %-34s %s\n' "xmllint, 100 small files" "$(rss "$(xmllint_cmd "$tmp/small100" "$KOJIN")")"
printf '   %-34s %s\n' "xmllint, $SMALL small files" "$(rss "$(xmllint_cmd "$tmp/small" "$KOJIN")")"
printf '   %-34s %s\n' "xmllint, $LARGE large files" "$(rss "$(xmllint_cmd "$tmp/large" "$CLIN")")"

# Profile when Rinko's CPU time is above xmllint's on a batch (or PROFILE=1).
slower=$(python3 - "$results" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
cpu = {(b, c): float(u) + float(s) for b, c, w, u, s in rows}
print(" ".join(b for b in ("small", "large") if (b, "xmllint") in cpu and cpu[(b, "rinko-1-thread")] > cpu[(b, "xmllint")]))
PY
)
if [ "$PROFILE" = 1 ]; then slower="small large"; fi
if [ -n "$slower" ] && [ "$PROFILE" != 0 ]; then
  echo
  if [ "$HAVE_PERF" != 1 ] && command -v valgrind >/dev/null; then
    echo "== Rinko is slower on: $slower; no perf, so callgrind on 5 large files (inclusive instruction counts;"
    echo "   SHA-256 looks dearer than it is: under valgrind the CPU's SHA extensions are not used)"
    mkdir -p "$tmp/profile-cg"
    find "$tmp/large" -maxdepth 1 -name '*.xml' | sort | awk 'NR <= 5' | xargs -d '\n' cp -t "$tmp/profile-cg"
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" \
      "$RINKO" check --format json --xsd "$CLIN" "$tmp/profile-cg" >/dev/null 2>&1 || true
    callgrind_annotate --inclusive=yes "$tmp/callgrind.out" 2>/dev/null \
      | grep -E 'rinko::(read|encoding|route|validate|report|schema_set)|drive_quick_xml_with|regexml_fork::re_matcher|PROGRAM TOTALS' | awk 'NR <= 25'
  elif [ "$HAVE_PERF" != 1 ]; then
    echo "== Rinko is slower on: $slower; neither perf nor valgrind: install linux-perf to see where the time goes"
  else
    for batch in $slower; do
      # A sample of the batch is enough for the split, and keeps the DWARF call graphs small.
      # The small batch is too short to sample: its 10x copy is profiled instead.
      case $batch in
        small) dir=$tmp/small10x xsd=$KOJIN ;;
        large) dir=$tmp/profile-large xsd=$CLIN; mkdir -p "$dir"
               find "$tmp/large" -maxdepth 1 -name '*.xml' | sort | awk 'NR <= 30' | xargs -d '\n' cp -t "$dir" ;;
      esac
      echo "== profile of batch $batch ($(find "$dir" -name '*.xml' | wc -l) files, one worker thread, user-space samples, perf --call-graph dwarf)"
      perf record -q -e cpu-clock:u -F 1000 --call-graph dwarf,16384 -o "$tmp/perf-$batch.data" -- \
        env RAYON_NUM_THREADS=1 "$RINKO" check --format json --xsd "$xsd" "$dir" >/dev/null 2>&1 || true
      perf script -i "$tmp/perf-$batch.data" -F comm,tid,ip,sym 2>/dev/null > "$tmp/perf-$batch.txt"
      python3 "$ROOT/bench/perf_split.py" "$tmp/perf-$batch.txt"
    done
  fi
fi
