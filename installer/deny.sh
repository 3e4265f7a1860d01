#!/usr/bin/env bash
# Checks the licences, bans and sources of every crate that builds Rinko's binaries with
# cargo-deny (pinned, installed into target/tools by installer/tools.sh) and deny.toml, without
# the network: `cargo deny --offline check licenses bans sources`. Its licence allow-list must be
# about.toml's, the one the notices are generated with.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=installer/tools.sh
. installer/tools.sh
cargo_tool cargo-deny 0.20.2 >/dev/null
python3 - <<'EOF_PY'
import sys, tomllib
deny = tomllib.load(open("deny.toml", "rb"))["licenses"]["allow"]
about = tomllib.load(open("about.toml", "rb"))["accepted"]
if deny != about:
    sys.exit(f"deny.toml の licenses.allow と about.toml の accepted が違います:\n  {deny}\n  {about}")
EOF_PY
cargo fetch --locked --quiet
PATH="$tools_root/bin:$PATH" cargo deny --offline check licenses bans sources
