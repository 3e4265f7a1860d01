"""Validates the desktop app's bundle configuration as the Tauri CLI builds it, for each release
platform: src-tauri/tauri.conf.json with the platform's file merged in (RFC 7396 merge patch, as
the CLI merges them) and, for Windows, installer/windows/cli.conf.json (docs/build-windows.md),
against the JSON schema that the pinned Tauri CLI ships (installer/tauri-cli). Then what the
hospitals need of it: Japanese, per machine, WebView2 offline, and every file it takes exists
(the binaries built for the release excepted).

Usage: check-tauri-config.py   (after `npm ci` in installer/tauri-cli; jsonschema from target/pytools)
"""

import json
import pathlib
import sys

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[1]
TAURI = ROOT / "src-tauri"
SCHEMA = ROOT / "installer/tauri-cli/node_modules/@tauri-apps/cli/config.schema.json"
PLATFORMS = {
    "linux": [TAURI / "tauri.linux.conf.json"],
    "windows": [TAURI / "tauri.windows.conf.json", ROOT / "installer/windows/cli.conf.json"],
}


def merge(target, patch):
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge(result.get(key), value)
    return result


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


problems = []
schema = load(SCHEMA)
validator = jsonschema.Draft7Validator(schema)
for platform, files in PLATFORMS.items():
    config = load(TAURI / "tauri.conf.json")
    for path in files:
        config = merge(config, load(path))
    for error in sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{platform}: {where}: {error.message}")
    bundle = config["bundle"]
    if not bundle.get("active"):
        problems.append(f"{platform}: bundle.active is not true")
    sources = list(bundle.get("resources", {}))
    if platform == "linux":
        deb = bundle["linux"]["deb"]
        sources += list(deb.get("files", {}).values()) + [deb["desktopTemplate"]]
        if bundle["targets"] != ["deb"]:
            problems.append(f"linux: targets {bundle['targets']}: only the .deb (no AppImage)")
    else:
        windows = bundle["windows"]
        nsis = windows["nsis"]
        wanted = {
            "targets": (bundle["targets"], ["nsis"]),
            "nsis.installMode": (nsis.get("installMode"), "perMachine"),
            "nsis.languages": (nsis.get("languages"), ["Japanese"]),
            "webviewInstallMode.type": (windows.get("webviewInstallMode", {}).get("type"), "offlineInstaller"),
        }
        for key, (got, want) in wanted.items():
            if got != want:
                problems.append(f"windows: {key} is {got!r}, not {want!r}")
        if "../target/release/rinko.exe" not in sources:
            problems.append("windows: the installer does not take the CLI rinko.exe")
    sources += bundle.get("icon", [])
    for source in sources:
        # What the release build makes (under target/) is not there to check before it.
        if not source.startswith("../target/") and not (TAURI / source).exists():
            problems.append(f"{platform}: {source} does not exist")
    print(f"check-tauri-config: {platform}: {len(files)} file(s) merged, checked against {SCHEMA.name}")

if problems:
    sys.exit("check-tauri-config:\n  " + "\n  ".join(problems))
