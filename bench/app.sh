#!/usr/bin/env bash
# Benchmark (not a test): the desktop app's 検査 screen against `rinko check` on the same files,
# and its filter latency at 5,000 rows (bench/app.py says what is measured). Release builds.
#
#   bench/app.sh [RUNS]      # default 5
#
# Needs what installer/setup-debian.sh installs (WebKitGTK, webkit2gtk-driver, xvfb, selenium).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p rinko -p rinko-app
RINKO_APP="$PWD/target/release/rinko-app" RINKO_CLI="$PWD/target/release/rinko" \
  PYTHONPATH="$PWD/target/pytools" NO_AT_BRIDGE=1 \
  xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- python3 bench/app.py "${1:-5}" 2>&1 \
  | grep -v -e '^dbus-daemon' -e 'SpiRegistry'
