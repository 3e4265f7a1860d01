# Sourced by the scripts that generate a committed file from Cargo.lock
# (third-party-notices.sh, runtime-dependencies.sh): their one option, and the last step.

# generated_mode SCRIPT [--check]: sets `check` to true for --check, false for nothing.
generated_mode() {
  local script="$1"; shift
  check=false
  case "${1-}" in
    "") ;;
    --check) check=true ;;
    *) echo "使い方: $script [--check]" >&2; exit 2 ;;
  esac
}

# generated_finish FILE TEMP SCRIPT: with --check, fails unless TEMP is FILE byte for byte;
# otherwise moves TEMP into place (0644).
generated_finish() {
  local file="$1" temp="$2" script="$3"
  if $check; then
    if ! cmp -s "$temp" "$file"; then
      diff -u "$file" "$temp" | head -40 >&2 || true
      echo "$file は Cargo.lock と合っていません。$script で作り直してください。" >&2
      exit 1
    fi
    echo "$file は Cargo.lock と合っています。"
  else
    chmod 0644 "$temp"
    mv "$temp" "$file"
    echo "$file を書きました。"
  fi
}
