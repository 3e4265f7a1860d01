#!/usr/bin/env bash
# Builds Rinko's Linux release into dist/, for IT staff to verify and carry into the hospital
# network (docs/install.md):
#   rinko_VERSION_amd64.deb          the desktop app (/usr/bin/rinko-app, menu entry 「Rinko
#                                    臨個票・意見書の検査」, icon) and the CLI (/usr/bin/rinko), made
#                                    by the Tauri bundler, which also computes its dependencies
#   rinko-VERSION-x86_64-linux       the CLI alone, the same binary as in the .deb
#   rinko.cdx.json, rinko-app.cdx.json
#                                    CycloneDX SBOMs of the Rust crates in the CLI and in the app
#   tauri-cli.npm.cdx.json           CycloneDX SBOM of the npm tree the build ran (the Tauri CLI;
#                                    nothing of it is in the package)
#   THIRD-PARTY-NOTICES.txt, LICENSE-MIT, LICENSE-APACHE
#                                    the licence notices (also in the .deb and the About screen)
#   SHA256SUMS                       the SHA-256 of every file above
#
#   installer/build-release.sh              build into dist/ (replacing it only when all is made)
#   installer/build-release.sh --out DIR    build into DIR (new, empty, or an earlier release)
#
# Reproducible: the binaries are built in target/release-build with --locked, the source and
# Cargo home paths remapped, and every timestamp is SOURCE_DATE_EPOCH (the commit's time unless
# set), so the same commit gives the same bytes in any fresh clone (installer/reproducible.sh
# shows it; a target/release-build that earlier commits were built in may differ: ThinLTO's
# symbol names take the workspace crates' unit hashes, which such a history can change). The binaries are built with cargo-auditable: each carries its crate list (`cargo audit
# bin` reads it). No AppImage: its tooling downloads at build time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage="使い方: installer/build-release.sh [--out DIR]"
case "${1-}" in
  "") out="$root/dist" ;;
  --out) out="$(realpath -m -- "${2:?$usage}")" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
# DIR is replaced when the new release is whole: only a release folder, never another folder.
if [ -e "$out" ] && { [ ! -d "$out" ] || { [ -n "$(ls -A "$out")" ] && [ ! -f "$out/SHA256SUMS" ]; }; }; then
  echo "build-release: $out はリリースのフォルダー（SHA256SUMS のある）ではありません。置き換えないので、別のフォルダーを指定してください。" >&2
  exit 2
fi
cd "$root"

installer/setup-debian.sh
# shellcheck source=installer/tools.sh
. installer/tools.sh
cargo_tool cargo-auditable 0.7.7 >/dev/null
cyclonedx="$(cargo_tool cargo-cyclonedx 0.5.9)"
# The notices shipped must be this Cargo.lock's.
installer/third-party-notices.sh --check >/dev/null
(cd installer/tauri-cli && npm ci --no-audit --no-fund --loglevel=error)
tauri="$root/installer/tauri-cli/node_modules/.bin/tauri"

if [ -z "${SOURCE_DATE_EPOCH-}" ]; then
  SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null)" || {
    echo "build-release: git の外では SOURCE_DATE_EPOCH (秒) を設定してください。" >&2
    exit 2
  }
fi
export SOURCE_DATE_EPOCH
version="$(cargo metadata --format-version 1 --no-deps --locked \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "rinko"))')"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
# The tauri.linux.conf.json names this folder: the .deb takes the CLI from it.
export CARGO_TARGET_DIR="$root/target/release-build"
export RUSTFLAGS="--remap-path-prefix=$root=/build/rinko --remap-path-prefix=$cargo_home=/cargo"
export CARGO_INCREMENTAL=0
release="$CARGO_TARGET_DIR/release"

echo "build-release: Rinko $version (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
PATH="$tools_root/bin:$PATH" cargo auditable build --release --locked --workspace --bins
rm -rf "$release/bundle"
"$tauri" bundle --bundles deb --ci

stage="$(mktemp -d "$root/target/dist.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/out"

# The bundler stamps each file of the .deb with the time it wrote it and keeps the folder's
# order; dpkg-deb packs the same content again with SOURCE_DATE_EPOCH, root:root and sorted
# names. The content must not change: the two file lists and control files are compared.
tauri_deb="$(find "$release/bundle/deb" -maxdepth 1 -name '*.deb' | head -1)"
deb="$stage/out/rinko_${version}_amd64.deb"
(
  umask 022
  dpkg-deb -R "$tauri_deb" "$stage/pkg"
  find "$stage/pkg" -type d -exec chmod 0755 {} +
  find "$stage/pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  dpkg-deb --root-owner-group -Zxz --threads-max=1 --build "$stage/pkg" "$deb" >/dev/null
)
# mode, size and path of each entry; dpkg-deb writes "./usr/bin/" and a "./" entry, Tauri "usr/bin".
listing() {
  dpkg-deb --fsys-tarfile "$1" | tar -tv --numeric-owner \
    | awk '{ path = $6; sub(/^\.\//, "", path); sub(/\/$/, "", path); if (path != "") print $1, $3, path }' \
    | LC_ALL=C sort
}
if ! cmp -s <(listing "$tauri_deb") <(listing "$deb") \
  || ! cmp -s <(dpkg-deb -f "$tauri_deb") <(dpkg-deb -f "$deb"); then
  echo "build-release: 作り直した .deb の中身が Tauri の .deb と違います。" >&2
  diff <(listing "$tauri_deb") <(listing "$deb") | head -20 >&2 || true
  exit 1
fi

cp "$release/rinko" "$stage/out/rinko-$version-x86_64-linux"
cp installer/licenses/THIRD-PARTY-NOTICES.txt LICENSE-MIT LICENSE-APACHE "$stage/out/"

# The SBOMs. cargo-cyclonedx writes one next to each member's Cargo.toml: it runs on a copy of
# the sources, whose path sbom_stable.py then writes as the remapped one.
mkdir "$stage/src"
tar -C "$root" --exclude=./.git --exclude=./target --exclude=./dist --exclude=node_modules -cf - . \
  | tar -C "$stage/src" -xf -
"$cyclonedx" cyclonedx --manifest-path "$stage/src/Cargo.toml" --format json --spec-version 1.5 \
  --target x86_64-unknown-linux-gnu -q
mv "$stage/src/cli/rinko.cdx.json" "$stage/out/rinko.cdx.json"
mv "$stage/src/src-tauri/rinko-app.cdx.json" "$stage/out/rinko-app.cdx.json"
(cd installer/tauri-cli && npm sbom --sbom-format cyclonedx --sbom-type application) \
  >"$stage/out/tauri-cli.npm.cdx.json"
python3 installer/sbom_stable.py "$SOURCE_DATE_EPOCH" "$stage/src=/build/rinko" "$stage"/out/*.cdx.json

(cd "$stage/out" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | LC_ALL=C sort \
  | xargs sha256sum -- >SHA256SUMS)
find "$stage/out" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
chmod 0644 "$stage"/out/*
chmod 0755 "$stage/out/rinko-$version-x86_64-linux"

mkdir -p "$(dirname "$out")"
[ ! -e "$out" ] || mv "$out" "$stage/previous"
mv "$stage/out" "$out"
echo "build-release: $out に書きました:"
(cd "$out" && cat SHA256SUMS)
