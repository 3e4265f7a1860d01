#!/usr/bin/env bash
# Installs the system packages Rinko needs on Debian/Ubuntu, only those missing:
#   fonts-morisawa-bizud-gothic  BIZ UDGothic, embedded into the binary for printouts (build time)
#   libxml2-utils                xmllint, the reference the differential tests compare with
#   poppler-utils                pdfinfo/pdffonts/pdftotext, with which the printout tests read PDFs
set -euo pipefail
need=()
[ -f /usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf ] || need+=(fonts-morisawa-bizud-gothic)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
"${apt_get[@]}" update -qq
DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${need[@]}"
