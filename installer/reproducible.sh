#!/usr/bin/env bash
# Shows that the release is reproducible: builds the committed HEAD again in a fresh clone at
# another path (its own target folder, nothing reused but the crates.io download cache and the
# build tools), and compares every file with DIST (by default dist/, which build-release.sh made
# from the same commit in a clean folder). Prints the SHA-256 of both; fails on any difference,
# naming the files that differ.
#
#   installer/reproducible.sh [DIST]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(cd "${1:-$root/dist}" && pwd)"
cd "$root"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "reproducible: 変更が commit されていません: HEAD を作り直して比べるので、先に commit してください。" >&2
  exit 2
fi
again="$root/target/reproducible/second-build-at-another-path"
rm -rf "$root/target/reproducible"
mkdir -p "$(dirname "$again")"
git clone --quiet --no-local "$root" "$again"
RINKO_TOOLS="$root/target/tools" "$again/installer/build-release.sh" --out "$again/dist" >/dev/null
if cmp -s "$dist/SHA256SUMS" "$again/dist/SHA256SUMS"; then
  echo "reproducible: 2 回のビルドは同じです ($root と $again):"
  cat "$dist/SHA256SUMS"
else
  echo "reproducible: 2 回のビルドが違います:" >&2
  diff "$dist/SHA256SUMS" "$again/dist/SHA256SUMS" >&2 || true
  exit 1
fi
