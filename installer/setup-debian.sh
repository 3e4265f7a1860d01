#!/usr/bin/env bash
# Installs what Rinko's build and tests need on Debian/Ubuntu, only what is missing:
#   fonts-morisawa-bizud-gothic  BIZ UDGothic, embedded into the binary for printouts (build time)
#   fonts-noto-cjk               Noto Sans CJK JP, embedded too: the characters BIZ UDGothic lacks
#   libxml2-utils                xmllint, the reference the differential tests compare with
#   poppler-utils                pdfinfo/pdffonts/pdftotext, with which the printout tests read PDFs
#   p7zip-full                   7-Zip (7z), which must open an encrypted bundle
#   bagit (PyPI)                 bagit-python, which must accept a bundle; into target/pytools,
#                                not the system Python (pip --target, allowed under PEP 668)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
need=()
[ -f /usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf ] || need+=(fonts-morisawa-bizud-gothic)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v 7z >/dev/null 2>&1 || need+=(p7zip-full)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${need[@]}"
fi
if ! PYTHONPATH="$root/target/pytools" python3 -c 'import bagit' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$root/target/pytools" 'bagit==1.9.0'
fi
