#!/usr/bin/env bash
# Tries the release in dist/ (installer/build-release.sh) as IT staff would on this machine:
# checks SHA256SUMS, installs the .deb with apt (which brings the dependencies the package
# names), runs the installed CLI on the samples copied out of the source tree, starts the
# installed app under Xvfb (tests/app/e2e.py, scenario `installed`: its first screen, the
# samples' verdicts against the installed CLI's, the About screen's notices; screenshots in
# target/release-screenshots/), then removes the package and checks that nothing of it is left.
# Needs root (or sudo): it installs a package. A Rinko already installed is refused, not replaced.
#
#   installer/test-release.sh [DIST]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="$(cd "${1:-$root/dist}" && pwd)"
if [ "$(id -u)" = 0 ]; then as_root=(); else as_root=(sudo); fi
fail() { echo "test-release: $*" >&2; exit 1; }

(cd "$dist" && sha256sum --check --strict --quiet SHA256SUMS) || fail "SHA256SUMS が合いません"
debs=("$dist"/rinko_*_amd64.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "$dist に .deb が 1 つではありません"
deb="${debs[0]}"
version="$(dpkg-deb -f "$deb" Version)"
if dpkg-query -W -f '${Status}' rinko 2>/dev/null | grep -q installed; then
  fail "rinko パッケージがすでに入っています: 試すために消すことはしません"
fi

work="$(mktemp -d)"
trap '"${as_root[@]}" dpkg --purge rinko >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cp -r "$root/samples" "$work/samples"
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
dpkg-query -W -f '${Status}\n' rinko | grep -qx "install ok installed" || fail "インストールされていません"
dpkg-query -L rinko >"$work/files"

[ "$(command -v rinko)" = /usr/bin/rinko ] || fail "rinko が PATH にありません"
[ "$(rinko --version)" = "rinko $version" ] || fail "rinko --version: $(rinko --version)"
[ -x /usr/bin/rinko-app ] || fail "/usr/bin/rinko-app がありません"
desktop=/usr/share/applications/Rinko.desktop
grep -qx 'Name\[ja\]=Rinko 臨個票・意見書の検査' "$desktop" || fail "$desktop に日本語の名前がありません"
grep -qx 'Exec=rinko-app' "$desktop" || fail "$desktop が rinko-app を起動しません"
desktop-file-validate "$desktop" || fail "$desktop が desktop-file-validate を通りません"
for size in 32x32 128x128; do
  [ -f "/usr/share/icons/hicolor/$size/apps/rinko-app.png" ] || fail "アイコン $size がありません"
done
for notice in THIRD-PARTY-NOTICES.txt BIZUDGothic-OFL.txt NotoSansCJK-OFL.txt copyright; do
  cmp -s "/usr/share/doc/rinko/$notice" "$root/installer/$( [ "$notice" = copyright ] && echo linux || echo licenses)/$notice" \
    || fail "/usr/share/doc/rinko/$notice がリポジトリのものと違います"
done

# The samples, elsewhere, on a day when every sample's set is in force and no 記載日 is ahead:
# the verdicts of the installed CLI are those of the one in dist/, and those the samples say.
export RINKO_DATA_DIR="$work/data"
check=(check --today 2025-06-01 --format json samples)
(cd "$work" && rinko "${check[@]}" >"$work/installed.json") && status=0 || status=$?
[ "$status" = 1 ] || fail "rinko check samples の終了コードが $status (不適合のサンプルがあるので 1 のはず)"
(cd "$work" && "$dist/rinko-$version-x86_64-linux" "${check[@]}" >"$work/dist.json") || true
cmp -s "$work/installed.json" "$work/dist.json" || fail "インストールした rinko と dist/ の rinko の結果が違います"
python3 - "$work/installed.json" "$work/samples" <<'EOF'
import json, pathlib, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
samples = pathlib.Path(sys.argv[2])
valid = {p.name for p in (samples / "valid").glob("*.xml")}
invalid = {p.name for p in (samples / "invalid").glob("*.xml")}
files = {pathlib.Path(f["path"]).name: f for f in report["files"]}
assert set(files) == valid | invalid, f"files {sorted(files)}"
# A valid sample passes with nothing to say; an invalid one has its mistake found (an エラー,
# or a 警告 for what is only suspicious).
wrong = [n for n, f in files.items()
         if (f["status"] == "pass" and not f["findings"]) != (n in valid)]
assert not wrong, f"wrong verdicts: {wrong}"
print(f"test-release: rinko check: {len(valid)} valid samples pass, the mistake of each of {len(invalid)} invalid ones found")
EOF

mkdir -p "$root/target/release-screenshots"
xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- env \
  RINKO_APP=/usr/bin/rinko-app RINKO_CLI=/usr/bin/rinko RINKO_SAMPLES="$work/samples" \
  RINKO_SHOTS="$root/target/release-screenshots" PYTHONPATH="$root/target/pytools" NO_AT_BRIDGE=1 \
  python3 "$root/tests/app/e2e.py" installed

DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get purge -y -qq rinko >/dev/null
! dpkg-query -W rinko >/dev/null 2>&1 || fail "rinko がまだ登録されています"
left=()
while IFS= read -r path; do
  [ -f "$path" ] || [ -L "$path" ] && left+=("$path")
done <"$work/files"
[ ${#left[@]} = 0 ] || fail "削除後に残ったファイル: ${left[*]}"
! command -v rinko >/dev/null || fail "削除後も rinko が PATH にあります"
echo "test-release: rinko $version: インストール、CLI、アプリ、削除とも問題ありません"
