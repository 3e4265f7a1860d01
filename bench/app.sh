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
# Twice: as WebKitGTK draws by default (accelerated compositing, which under Xvfb is Mesa's
# software GL and makes every repaint of a scrolled list cost tens of milliseconds), and with
# compositing off (plain software painting), closer to a PC whose GPU does the compositing.
for compositing in on off; do
  echo "== compositing $compositing"
  if [ "$compositing" = off ]; then export WEBKIT_DISABLE_COMPOSITING_MODE=1; fi
  RINKO_APP="$PWD/target/release/rinko-app" RINKO_CLI="$PWD/target/release/rinko" \
    PYTHONPATH="$PWD/target/pytools" NO_AT_BRIDGE=1 \
    xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- python3 bench/app.py "${1:-5}" 2>&1 \
    | grep -v -e '^dbus-daemon' -e 'SpiRegistry'
done
