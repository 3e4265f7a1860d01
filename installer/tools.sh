# Sourced by the installer scripts: the build tools they run, each pinned and installed from
# crates.io into target/tools (not the user's ~/.cargo) the first time, then reused.

# RINKO_TOOLS: another folder of them (installer/reproducible.sh lends its clone the checkout's).
tools_root="${RINKO_TOOLS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/tools}"

# cargo_tool NAME VERSION [cargo install options...]: installs NAME at VERSION if it is not
# there yet, and prints the path of its binary.
cargo_tool() {
  local name="$1" version="$2"; shift 2
  if ! cargo install --list --root "$tools_root" 2>/dev/null | grep -qx "$name v$version:"; then
    cargo install --quiet --locked --version "=$version" --root "$tools_root" "$@" "$name" >&2
  fi
  echo "$tools_root/bin/$name"
}
