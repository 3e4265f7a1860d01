#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each with libFuzzer, seeded from the
# bundled samples, the XSD corpus, the shipped sets and real bundles, packs and logs made here
# with the CLI; prints one line of figures per target. A crash stops nothing else: its input is
# kept in fuzz/artifacts/TARGET/ and the script exits 1 at the end.
#
#   fuzz/run.sh 30                          every target, 30 s each
#   fuzz/run.sh 1800 check_default bundle_mutate
#   fuzz/run.sh --ci 10                     CI's short run: a debug build without the sanitizer
#                                           (minutes to build instead of half an hour; slower runs)
#
# cargo-fuzz is installed, pinned, into target/tools if missing. libFuzzer needs a nightly
# compiler's flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain take them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build=()
# The most one input may take. The debug build of --ci takes about 90 s over the encrypted 7z seed
# of bundle_verify on an idle 2-core machine (measured 2026-12-03): a slow run, not a hang.
timeout=120
if [ "${1-}" = --ci ]; then
  build=(--dev --sanitizer none)
  timeout=600
  shift
fi
seconds="${1:?使い方: fuzz/run.sh [--ci] SECONDS [TARGET...]}"
shift
case "$seconds" in *[!0-9]*|"") echo "SECONDS は秒数（整数）で指定してください: $seconds" >&2; exit 2 ;; esac

# shellcheck source=installer/tools.sh
. installer/tools.sh
cargo_tool cargo-fuzz 0.13.2 >/dev/null
export RUSTC_BOOTSTRAP=1
export PATH="$tools_root/bin:$PATH"
# cargo fuzz would bring a stale fuzz/Cargo.lock up to date in place, leaving the tree changed.
if ! cargo metadata --manifest-path fuzz/Cargo.toml --locked --format-version 1 >/dev/null 2>&1; then
  echo "fuzz/Cargo.lock が Cargo.toml と合っていません。cargo update --manifest-path fuzz/Cargo.toml --workspace で直して commit してください。" >&2
  exit 1
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
fi

# ---- seeds ---------------------------------------------------------------------------------
corpus=fuzz/corpus
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
# Without RUSTC_BOOTSTRAP, which would make the workspace's own target/debug build anew.
env -u RUSTC_BOOTSTRAP cargo build --quiet -p rinko
rinko="$root/target/debug/rinko"
export RINKO_DATA_DIR="$seeds/data" SOURCE_DATE_EPOCH=1764547200
passphrase="$seeds/passphrase"
printf 'fuzzing-passphrase-0001\n' >"$passphrase" # rinko_fuzz::PASSPHRASE
"$rinko" keys generate >/dev/null
"$rinko" bundle --institution 0110113719 --out "$seeds/plain.zip" samples/valid >/dev/null
"$rinko" bundle --institution 0110113719 --out "$seeds/signed.zip" --sign samples/valid/ikensho-2025.xml >/dev/null
"$rinko" bundle --institution 0110113719 --out "$seeds/sealed.7z" --encrypt --passphrase-file "$passphrase" \
  samples/valid/kojinhyo-2025-henkou.xml >/dev/null
"$rinko" log verify >/dev/null
python3 - "$seeds" <<'EOF'
import hashlib, pathlib, sys, zipfile
out = pathlib.Path(sys.argv[1])
for folder in sorted(pathlib.Path("schemas").iterdir()):
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    manifest = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(files.items()))
    with zipfile.ZipFile(out / f"pack-{folder.name}.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted({**files, "manifest-sha256.txt": manifest.encode()}.items()):
            z.writestr(f"{folder.name}/{name}", data)
EOF

seed() { # seed TARGET FILE...
  local target="$1"; shift
  mkdir -p "$corpus/$target"
  for f in "$@"; do cp "$f" "$corpus/$target/seed-$(sha256sum "$f" | cut -c1-16)"; done
}
seed_text() { # seed_text TARGET LINE...
  local target="$1"; shift
  mkdir -p "$corpus/$target"
  for line in "$@"; do printf '%s' "$line" >"$corpus/$target/seed-$(printf '%s' "$line" | sha256sum | cut -c1-16)"; done
}
mapfile -t xml < <(find samples tests/corpus -name '*.xml' | sort)
seed check_default "${xml[@]}"
seed check_adhoc tests/corpus/all/*.xml
seed chars "${xml[@]:0:8}"
seed_text chars "小林 恵子" "髙橋 ①" "ｺﾊﾞﾔｼ" "𠮷野" "葛󠄀城" $'\u3000'
seed_text wareki "令和7年4月1日" "令和元年5月" "R7.4.1" "H31/4/30" "平成31年5月1日" "昭和64年1月8日" "明治45年7月30日" "2025-02-30" "2024-02-29" "令和７年１２月"
seed_text check_digit "0110113719" "1234567" "39131156" "06137018" "341071236"
seed zip "$seeds"/*.zip
seed bundle_verify "$seeds"/*.zip "$seeds"/*.7z
seed pack "$seeds"/pack-*.zip
seed schema_set_toml schemas/*/schema-set.toml
seed checks_toml schemas/*/checks.toml
mkdir -p "$corpus/audit_verify"
{ cat "$seeds/data/audit/audit.jsonl"; printf '\0'; cat "$seeds/data/audit/audit.head"; } >"$corpus/audit_verify/seed-log-and-head"
seed audit_verify "$seeds/data/audit/audit.jsonl"

# ---- runs ----------------------------------------------------------------------------------
failed=()
printf '%-16s %10s %8s %8s %7s  %s\n' target runs exec/s cov ft result
for target in "${targets[@]}"; do
  log="fuzz/artifacts/$target.log"
  mkdir -p "fuzz/artifacts/$target" "$corpus/$target"
  # Seeds in the corpus folder; new inputs libFuzzer finds are kept there for the next run.
  if cargo fuzz run "${build[@]}" --fuzz-dir fuzz "$target" "$corpus/$target" -- \
      -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="fuzz/artifacts/$target/" >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (fuzz/artifacts/$target/, $log)"
    failed+=("$target")
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo -)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo -)
  last=$(grep -E '#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  printf '%-16s %10s %8s %8s %7s  %s\n' "$target" "${runs:--}" "${speed:--}" "${cov:--}" "${ft:--}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "クラッシュしたターゲット: ${failed[*]}。入力は fuzz/artifacts/ にあります。" >&2
  exit 1
fi
