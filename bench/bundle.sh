#!/usr/bin/env bash
# Benchmark (not a test): sealing and verifying N generated valid 臨個票 forms, against references
# run in the same script on the same files:
#   - `rinko check` of the files (sealing re-checks every file; the rest is the cost of the bag,
#     the zip, the slip PDF and, with --encrypt, the 7z key derivation and AES),
#   - bagit-python validating the same bag extracted (`rinko verify` also re-checks the payload),
#   - `7z t` opening the encrypted bundle (the same KDF and AES, in C++).
#
#   bench/bundle.sh            # 1,000 forms, 3 runs each
#   N=200 RUNS=5 bench/bundle.sh
#
# Needs: cargo, python3 with bagit (installer/setup-debian.sh puts it in target/pytools),
# p7zip-full (7z), GNU time (/usr/bin/time), unzip.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
RUNS=${RUNS:-3}
export SOURCE_DATE_EPOCH=1748736000 # 2025-06-01: the generated forms are valid on that day
export PYTHONPATH=$PWD/target/pytools
PASSPHRASE="bench passphrase, not a secret"

cargo build --release --quiet
RINKO=$PWD/target/release/rinko
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rinko-bundle.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export RINKO_DATA_DIR=$tmp/data
python3 bench/gen.py --out "$tmp" --seed 7 --small "$N" --large 0 >/dev/null
printf '%s\n' "$PASSPHRASE" >"$tmp/pass"

median() { # CMD -> median wall seconds of RUNS runs
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e' -o "$tmp/t" sh -c "$1" >/dev/null 2>&1 || { echo "failed: $1" >&2; exit 2; }
    cat "$tmp/t"
  done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

seal="rm -f '$tmp'/b.zip '$tmp'/b-*.pdf; '$RINKO' bundle --institution 0110113719 --out '$tmp/b.zip' '$tmp/small'"
sealx="rm -f '$tmp'/e.7z '$tmp'/e-*.pdf; '$RINKO' bundle --institution 0110113719 --encrypt --passphrase-file '$tmp/pass' --out '$tmp/e.7z' '$tmp/small'"
check=$(median "'$RINKO' check --quiet '$tmp/small'")
bundle=$(median "$seal")
bundlex=$(median "$sealx")
verify=$(median "'$RINKO' verify '$tmp/b.zip'")
verifyx=$(median "'$RINKO' verify --passphrase-file '$tmp/pass' '$tmp/e.7z'")
(cd "$tmp" && rm -rf x && mkdir x && cd x && unzip -q ../b.zip)
bagit=$(median "python3 -m bagit --validate '$tmp/x/b'")
sevenz=$(median "7z t -p'$PASSPHRASE' '$tmp/e.7z'")
size=$(stat -c %s "$tmp/b.zip")
payload=$(du -sb "$tmp/small" | cut -f1)

echo "$N forms, payload $((payload / 1024)) KB, bundle $((size / 1024)) KB"
awk -v c="$check" -v b="$bundle" -v bx="$bundlex" -v v="$verify" -v vx="$verifyx" -v g="$bagit" -v s="$sevenz" 'BEGIN {
  printf "check %.2f s\n", c
  printf "bundle %.2f s (%.2fx check)   encrypted %.2f s (%.2fx check)\n", b, b / c, bx, bx / c
  printf "verify %.2f s (%.2fx check, %.2fx bagit-python validate %.2f s)\n", v, v / c, v / g, g
  printf "verify encrypted %.2f s (%.2fx check; 7z t alone %.2f s)\n", vx, vx / c, s
}'
