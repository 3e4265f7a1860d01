#!/usr/bin/env bash
# Installs what Rinko's build and tests need on Debian/Ubuntu, only what is missing:
#   fonts-morisawa-bizud-gothic  BIZ UDGothic, embedded into the binary for printouts (build time)
#   fonts-noto-cjk               Noto Sans CJK JP, embedded too: the characters BIZ UDGothic lacks
#   libxml2-utils                xmllint, the reference the differential tests compare with
#   poppler-utils                pdfinfo/pdffonts/pdftotext, with which the printout tests read PDFs
#   p7zip-full                   7-Zip (7z), which must open an encrypted bundle
#   strace                       traces every command for sockets (the no-network test)
#   bagit (PyPI)                 bagit-python, which must accept a bundle; into target/pytools,
#                                not the system Python (pip --target, allowed under PEP 668)
# and for the desktop app (src-tauri/) and its end-to-end tests:
#   libwebkit2gtk-4.1-dev        WebKitGTK and GTK 3, which the app's window is built on
#   librsvg2-dev                 SVG icons in GTK dialogs
#   webkit2gtk-driver            WebKitWebDriver, which drives the app's real WebKit
#   xvfb xauth dbus              a display and a session bus for the window, without a screen
#   xdotool                      types a file name into the native save dialog, as a person would
#   xdg-utils file               xdg-open, with which the app opens a printed PDF in the system's
#                                viewer (the tests give it a viewer that records what it opened)
#   selenium (PyPI)              the WebDriver client of tests/app/e2e.py, into target/pytools
#   openpyxl (PyPI)              the spreadsheet reader the Excel report tests read it back with
# and for the release (installer/build-release.sh, test-release.sh, check-tauri-config.py):
#   desktop-file-utils           desktop-file-validate, which checks the .deb's menu entry
#   jsonschema (PyPI)            validates the Tauri bundle configuration against the CLI's schema
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
need=()
[ -f /usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf ] || need+=(fonts-morisawa-bizud-gothic)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v 7z >/dev/null 2>&1 || need+=(p7zip-full)
command -v strace >/dev/null 2>&1 || need+=(strace)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need+=(libwebkit2gtk-4.1-dev pkg-config)
pkg-config --exists librsvg-2.0 2>/dev/null || need+=(librsvg2-dev)
command -v WebKitWebDriver >/dev/null 2>&1 || need+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb)
command -v xauth >/dev/null 2>&1 || need+=(xauth)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
command -v xdg-open >/dev/null 2>&1 || need+=(xdg-utils)
command -v file >/dev/null 2>&1 || need+=(file)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${need[@]}"
fi
if ! PYTHONPATH="$root/target/pytools" python3 -c 'import bagit' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$root/target/pytools" 'bagit==1.9.0'
fi
if ! PYTHONPATH="$root/target/pytools" python3 -c 'import selenium; assert selenium.__version__ == "4.51.0"' >/dev/null 2>&1; then
  # 4.51.0: 4.52 needs a certifi this machine's index does not have.
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --upgrade --target "$root/target/pytools" 'selenium==4.51.0'
fi
if ! PYTHONPATH="$root/target/pytools" python3 -c 'import openpyxl; assert openpyxl.__version__ == "3.1.5"' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --upgrade --target "$root/target/pytools" 'openpyxl==3.1.5'
fi
if ! PYTHONPATH="$root/target/pytools" python3 -c 'import jsonschema, importlib.metadata as m; assert m.version("jsonschema") == "4.26.0"' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --upgrade --target "$root/target/pytools" 'jsonschema==4.26.0'
fi
